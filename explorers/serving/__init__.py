"""Batch vs real-time serving: latency, throughput, freshness and cost of three ways to serve a model.

Pure Python (no Streamlit). The model's service time is measured, not invented (``timing``): a real
model is trained and its ``predict_proba`` timed on one core for every batch size, and t(b) = a + c*b
fitted to the medians. Three serving modes (``modes``) then answer the same simulated traffic:

1. real time, one request per call: k replicas behind one FIFO queue (``realtime``);
2. real time with dynamic batching: at most B requests a call, waiting at most W for company;
3. offline batch precompute: every user scored every T hours, requests served by a key-value lookup
   (``precompute``).

The queue simulators live in ``explorers.queueing``. Each replica and the batch job use one core per
process, priced per core-hour (``costs``). ``readings`` turns each mode into key numbers and a table
column, ``figures`` draws, ``sentences`` explains, ``text`` holds the page's words, and ``topic`` puts
them together as the trade-off's ``fits`` and ``view``.
"""

from explorers.serving.costs import batch_cost_per_million, realtime_cost_per_million
from explorers.serving.modes import MODES, ServingMode
from explorers.serving.notebook import recipe
from explorers.serving.params import (
    INTERVAL_OPTIONS,
    MAX_BATCH_OPTIONS,
    MAX_WAIT_OPTIONS,
    RATE_OPTIONS,
    REQUEST_OPTIONS,
    SLA_OPTIONS,
    TREE_OPTIONS,
    USER_OPTIONS,
    Params,
)
from explorers.serving.precompute import (
    BATCH_JOB_CORES,
    DEFAULT_LOOKUP_MS,
    BatchPrecompute,
    BatchSettings,
    offline_batch,
)
from explorers.serving.readings import Outcome, Terms
from explorers.serving.realtime import SLA_CHOICES_MS, ModeResult, Traffic
from explorers.serving.text import LOOKUP_HELP, TEXT
from explorers.serving.timing import (
    MODEL_LABELS,
    MODELS,
    TREE_COUNTS,
    MeasuredCost,
    ServiceCost,
    ServiceTiming,
    measure_service_time,
    measured,
)
from explorers.serving.topic import ServingView, fits, view

__all__ = [
    "BATCH_JOB_CORES",
    "DEFAULT_LOOKUP_MS",
    "INTERVAL_OPTIONS",
    "LOOKUP_HELP",
    "MAX_BATCH_OPTIONS",
    "MAX_WAIT_OPTIONS",
    "MODELS",
    "MODEL_LABELS",
    "MODES",
    "RATE_OPTIONS",
    "REQUEST_OPTIONS",
    "SLA_CHOICES_MS",
    "SLA_OPTIONS",
    "TEXT",
    "TREE_COUNTS",
    "TREE_OPTIONS",
    "USER_OPTIONS",
    "BatchPrecompute",
    "BatchSettings",
    "MeasuredCost",
    "ModeResult",
    "Outcome",
    "Params",
    "ServiceCost",
    "ServiceTiming",
    "ServingMode",
    "ServingView",
    "Terms",
    "Traffic",
    "batch_cost_per_million",
    "fits",
    "measure_service_time",
    "measured",
    "offline_batch",
    "realtime_cost_per_million",
    "recipe",
    "view",
]
