"""Drift, delayed labels and retraining cadence: how a fraud model decays under covariate shift,
prior shift and concept drift, what feature and error-rate detectors see, and what each retraining
policy costs.

Pure Python (no Streamlit). ``stream`` draws the weeks of transactions from a known process with the
drift the user sets; ``model`` fits the logistic regression every week would train; ``detectors``
holds PSI, KS, Wasserstein, Page-Hinkley and ADWIN; ``policies`` runs never, a fixed cadence and
drift-triggered retraining on the same stream; ``readings`` turns runs into metrics and costs;
``sample_size`` shows what window size does to each drift test; ``figures``, ``sentences`` and
``text`` draw and explain; ``topic`` puts it together (``Params``, ``fits``, ``view``).
"""

from explorers.drift.detectors import ALARM_LEVELS, DETECTOR_LABELS, DETECTORS
from explorers.drift.notebook import recipe
from explorers.drift.readings import METRIC_LABELS
from explorers.drift.stream import DRIFTS, SHAPES
from explorers.drift.text import INTERVIEW, TEXT
from explorers.drift.topic import DriftView, Params, fits, simulate, view

DRIFT_LABELS = {key: d.label for key, d in DRIFTS.items()}

__all__ = [
    "ALARM_LEVELS",
    "DETECTORS",
    "DETECTOR_LABELS",
    "DRIFTS",
    "DRIFT_LABELS",
    "INTERVIEW",
    "METRIC_LABELS",
    "SHAPES",
    "TEXT",
    "DriftView",
    "Params",
    "fits",
    "recipe",
    "simulate",
    "view",
]
