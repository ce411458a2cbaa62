"""Online A/B test design: sample size, peeking, novelty, many metrics and the sample-ratio check.

Pure Python (no Streamlit). ``design`` plans the test (users per arm and days, with statsmodels'
power calculation, imported lazily); ``simulation`` plays out thousands of experiments day by day in
one vectorised pass and reads them as a fixed-horizon or a peeking analyst would; ``family`` applies
the multiple-testing corrections to many metrics and checks the split for a sample-ratio mismatch;
``runs`` wraps them as the page's fits; ``figures``, ``sentences`` and ``text`` draw, explain and
word them; ``topic`` puts it together (``Params``, ``fits``, ``view``).
"""

from explorers.ab_test.design import MAX_DAYS, Design, Plan, plan, sample_size
from explorers.ab_test.family import (
    CORRECTIONS,
    METRIC_COUNTS,
    Family,
    RatioCheck,
    metric_family,
    ratio_check,
    split_statistic,
)
from explorers.ab_test.notebook import recipe
from explorers.ab_test.simulation import N_SIMS, NULL, SRM_ALPHA, Reading, Runs, Truth, read, simulate, z_test
from explorers.ab_test.text import INTERVIEW, TEXT
from explorers.ab_test.topic import ANALYST_LABELS, ANALYSTS, AbTestView, Params, fits, view

__all__ = [
    "ANALYSTS",
    "ANALYST_LABELS",
    "CORRECTIONS",
    "INTERVIEW",
    "MAX_DAYS",
    "METRIC_COUNTS",
    "NULL",
    "N_SIMS",
    "SRM_ALPHA",
    "TEXT",
    "AbTestView",
    "Design",
    "Family",
    "Params",
    "Plan",
    "RatioCheck",
    "Reading",
    "Runs",
    "Truth",
    "fits",
    "metric_family",
    "plan",
    "ratio_check",
    "read",
    "recipe",
    "sample_size",
    "simulate",
    "split_statistic",
    "view",
    "z_test",
]
