"""Ranking metrics and position bias: how to evaluate a ranker offline, and why logged clicks mislead.

Pure Python (no Streamlit). ``simulation`` draws sessions and the uniforms behind the click logs
(the one piece of work, cached per noise, list length and seed); ``measures`` holds the ranking
metrics; ``labels`` the label sources; ``reading`` reads the sessions at a label source, k, eta and
clip (a few milliseconds); ``figures`` and ``sentences`` draw and explain it, ``text`` holds the
words, and ``topic`` puts it together (``Params``, ``fits``, ``view``).
"""

from explorers.ranking.labels import SOURCES
from explorers.ranking.notebook import recipe
from explorers.ranking.reading import CLIP_GRID, ETA_GRID, METRICS, Reading, Stat, read
from explorers.ranking.simulation import MAX_ITEMS, MAX_NOISE, MIN_ITEMS, Sessions, simulate
from explorers.ranking.text import INTERVIEW, TEXT
from explorers.ranking.topic import CLIPS, LABEL_OPTIONS, Params, RankingView, fits, view

__all__ = [
    "CLIPS",
    "CLIP_GRID",
    "ETA_GRID",
    "INTERVIEW",
    "LABEL_OPTIONS",
    "MAX_ITEMS",
    "MAX_NOISE",
    "METRICS",
    "MIN_ITEMS",
    "SOURCES",
    "TEXT",
    "Params",
    "RankingView",
    "Reading",
    "Sessions",
    "Stat",
    "fits",
    "read",
    "recipe",
    "simulate",
    "view",
]
