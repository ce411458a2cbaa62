"""Two-stage recommendation: approximate retrieval with faiss, then ranking; recall against latency.

Pure Python (no Streamlit). ``catalogue`` draws clustered item and query embeddings on the unit sphere;
``indexes`` holds the index families (exact, IVF, HNSW, IVF-PQ), one table entry each, and imports faiss
lazily on one thread; ``measure`` builds the chosen index and exact search chunk by chunk and measures
recall@k and the median time per query at every knob value (one run, cached; only small arrays kept);
``ranker`` times a real scikit-learn ranker; ``readings`` turns a run into the current point, the funnel
and the projection to larger catalogues; ``figures`` draws, ``sentences`` explains, ``text`` holds the
words, and ``topic`` puts them together as the trade-off's ``fits`` and ``view``.
"""

from explorers.retrieval.catalogue import CatalogueSpec, found_mask, item_chunks, items, queries, recall
from explorers.retrieval.indexes import KIND_LABELS, KINDS, IndexSpec, faiss_module, format_bytes, index_spec
from explorers.retrieval.measure import K_OPTIONS, SHOWN_OPTIONS, Run, Sweep, measure, measured
from explorers.retrieval.notebook import recipe
from explorers.retrieval.params import (
    BUDGET_CHOICES,
    DIM_OPTIONS,
    EF_CHOICES,
    K_CHOICES,
    M_CHOICES,
    NLIST_CHOICES,
    NPROBE_CHOICES,
    PQ_CHOICES,
    SHOWN_CHOICES,
    SIZE_OPTIONS,
    Params,
)
from explorers.retrieval.ranker import RANKER_LABELS, RankerCost, measure_ranker, measured_ranker
from explorers.retrieval.readings import Funnel, funnel, largest_candidates, random_recall
from explorers.retrieval.text import TEXT
from explorers.retrieval.topic import RetrievalView, fits, view

__all__ = [
    "BUDGET_CHOICES",
    "DIM_OPTIONS",
    "EF_CHOICES",
    "KINDS",
    "KIND_LABELS",
    "K_CHOICES",
    "K_OPTIONS",
    "M_CHOICES",
    "NLIST_CHOICES",
    "NPROBE_CHOICES",
    "PQ_CHOICES",
    "RANKER_LABELS",
    "SHOWN_CHOICES",
    "SHOWN_OPTIONS",
    "SIZE_OPTIONS",
    "TEXT",
    "CatalogueSpec",
    "Funnel",
    "IndexSpec",
    "Params",
    "RankerCost",
    "RetrievalView",
    "Run",
    "Sweep",
    "faiss_module",
    "fits",
    "format_bytes",
    "found_mask",
    "funnel",
    "index_spec",
    "item_chunks",
    "items",
    "largest_candidates",
    "measure",
    "measure_ranker",
    "measured",
    "measured_ranker",
    "queries",
    "random_recall",
    "recall",
    "recipe",
    "view",
]
