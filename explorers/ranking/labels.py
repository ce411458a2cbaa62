"""What the rankers are judged against: one entry per label source, and one per metric.

A label source gives three arrays per item: ``gains`` (what nDCG sums), ``counts`` (what
precision@k and recall@k count) and ``binary`` (relevant or not, for MAP, MRR and AUC; None where
the source has no such form).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorers.ranking import simulation as sim


@dataclass(frozen=True)
class Labels:
    gains: np.ndarray
    counts: np.ndarray
    binary: np.ndarray | None


@dataclass(frozen=True)
class LabelSource:
    """One way of labelling the logged sessions."""

    label: str  # the control's option
    name: str  # in sentences and legends
    make: Callable[[sim.Sessions, float, float | None], Labels]


def _relevance(s: sim.Sessions, eta: float, clip: float | None) -> Labels:
    relevant = (s.relevance >= sim.RELEVANT_GRADE).astype(float)
    return Labels(gains=s.relevance.astype(float), counts=relevant, binary=relevant)


def _clicks(s: sim.Sessions, eta: float, clip: float | None) -> Labels:
    clicked = sim.clicks(s, eta)
    return Labels(gains=clicked, counts=clicked, binary=clicked)


def _ips(s: sim.Sessions, eta: float, clip: float | None) -> Labels:
    weighted = sim.clicks(s, eta) * sim.ips_weights(s, eta, clip)
    return Labels(gains=weighted, counts=weighted, binary=None)


def seen_clicks(s: sim.Sessions) -> Labels:
    """Click probabilities if every item were examined: what IPS estimates (no position bias)."""
    p = sim.click_if_seen(s.relevance)
    return Labels(gains=p, counts=p, binary=None)


SOURCES: dict[str, LabelSource] = {
    "relevance": LabelSource("Relevance labels", "relevance labels", _relevance),
    "clicks": LabelSource("Raw clicks", "raw clicks", _clicks),
    "ips": LabelSource("IPS clicks", "IPS-weighted clicks", _ips),
}
