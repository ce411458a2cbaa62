"""Many metrics at once: the family-wise error rate with and without a multiple-testing correction,
and the sample-ratio check of the split.

The corrections run on every simulated experiment at once (rows of p-values); each decides exactly as
``statsmodels.stats.multitest.multipletests`` does for one row (the tests check it row by row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from explorers.ab_test.simulation import N_SIMS, SRM_ALPHA, z_test

METRIC_COUNTS = (1, 2, 3, 5, 10, 20)  # the metric-count control's options
MAX_METRICS = METRIC_COUNTS[-1]


def _none(p: np.ndarray, alpha: float) -> np.ndarray:
    return p <= alpha


def _bonferroni(p: np.ndarray, alpha: float) -> np.ndarray:
    return p <= alpha / p.shape[1]


def _holm(p: np.ndarray, alpha: float) -> np.ndarray:
    """Step down: reject the smallest p-values while each is at most alpha / (m - rank)."""
    m = p.shape[1]
    order = np.argsort(p, axis=1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=1)
    passes = np.logical_and.accumulate(ranked <= alpha / (m - np.arange(m)), axis=1)
    reject = np.empty_like(passes)
    np.put_along_axis(reject, order, passes, axis=1)
    return reject


def _benjamini_hochberg(p: np.ndarray, alpha: float) -> np.ndarray:
    """Step up: reject every p-value up to the largest rank k with p(k) <= k alpha / m."""
    m = p.shape[1]
    order = np.argsort(p, axis=1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=1)
    below = ranked <= alpha * np.arange(1, m + 1) / m
    last = np.where(below.any(axis=1), m - 1 - np.argmax(below[:, ::-1], axis=1), -1)
    passes = np.arange(m) <= last[:, None]
    reject = np.empty_like(passes)
    np.put_along_axis(reject, order, passes, axis=1)
    return reject


@dataclass(frozen=True)
class Correction:
    """One multiple-testing correction: its label, statsmodels' name for it, and its decision rule."""

    label: str
    short: str  # in a chart's legend
    statsmodels: str | None
    controls: str  # what it keeps at alpha
    reject: Callable[[np.ndarray, float], np.ndarray]


CORRECTIONS: dict[str, Correction] = {
    "none": Correction("None", "None", None, "nothing", _none),
    "bonferroni": Correction(
        "Bonferroni", "Bonferroni", "bonferroni", "the family-wise error rate", _bonferroni
    ),
    "holm": Correction("Holm", "Holm", "holm", "the family-wise error rate", _holm),
    "bh": Correction("Benjamini–Hochberg", "BH", "fdr_bh", "the false discovery rate", _benjamini_hochberg),
}


@dataclass(frozen=True)
class Family:
    """Each correction's family-wise error rate and primary-metric power at each of METRIC_COUNTS: the
    primary metric is the simulated experiments' own, the others are metrics the treatment does not move."""

    primary_moves: bool
    fwer: dict[str, np.ndarray]  # correction key -> share of runs rejecting any unmoved metric, by count
    primary_power: dict[str, np.ndarray]  # correction key -> share rejecting the primary, by count

    def at(self, metrics: int) -> tuple[dict[str, float], dict[str, float]]:
        """Each correction's family-wise error rate and primary power with ``metrics`` metrics."""
        i = METRIC_COUNTS.index(metrics)
        return (
            {key: float(rates[i]) for key, rates in self.fwer.items()},
            {key: float(rates[i]) for key, rates in self.primary_power.items()},
        )


def metric_family(
    primary: np.ndarray,
    baseline: float,
    n_control: int,
    n_treatment: int,
    *,
    moves: bool,
    alpha: float,
    seed: int,
) -> Family:
    """The ``primary`` metric's p-values (one per simulated experiment; ``moves`` when the treatment
    moves it) beside MAX_METRICS - 1 metrics the treatment does not move, each at ``baseline`` with
    the same final counts; every correction applied to the first m metrics, for each m in METRIC_COUNTS."""
    rng = np.random.default_rng([seed, 1])
    size = (primary.size, MAX_METRICS - 1)
    conv_c = rng.binomial(n_control, baseline, size=size)
    conv_t = rng.binomial(n_treatment, baseline, size=size)
    _, nulls = z_test(conv_c, n_control, conv_t, n_treatment)
    p = np.column_stack([primary, nulls])
    fwer, power = {}, {}
    for key, correction in CORRECTIONS.items():
        rates_fwer, rates_power = np.zeros(len(METRIC_COUNTS)), np.zeros(len(METRIC_COUNTS))
        for i, m in enumerate(METRIC_COUNTS):
            reject = correction.reject(p[:, :m], alpha)
            unmoved = reject[:, 1:] if moves else reject
            rates_fwer[i] = unmoved.any(axis=1).mean() if unmoved.shape[1] else 0.0
            rates_power[i] = reject[:, 0].mean()
        fwer[key], power[key] = rates_fwer, rates_power
    return Family(moves, fwer, power)


@dataclass(frozen=True)
class RatioCheck:
    """The sample-ratio check of one run's split, and how often it fires across many runs."""

    planned_share: float
    lost: float  # the injected loss: the share of treatment users that never reach the logs
    control: int
    treatment: int
    statistic: float
    p_value: float
    flag_rate: float  # share of N_SIMS runs with the same plan and loss whose check fires

    @property
    def flagged(self) -> bool:
        return self.p_value < SRM_ALPHA

    @property
    def observed_share(self) -> float:
        return self.treatment / (self.control + self.treatment)


def _split(rng: np.random.Generator, users: int, share: float, lost: float, size: int | None) -> tuple:
    """Users logged in control and treatment when ``lost`` of the treatment's never reach the logs."""
    treatment = rng.binomial(users, share, size=size)
    logged = treatment - rng.binomial(treatment, lost)
    return users - treatment, logged


def split_statistic(control: np.ndarray, treatment: np.ndarray, share: float) -> np.ndarray:
    """Pearson's chi-square statistic of each logged split against the planned ``share`` (one degree of
    freedom): what ``scipy.stats.chisquare`` computes, for many splits at once without its overhead."""
    total = control + treatment
    expected_t = total * share
    return (treatment - expected_t) ** 2 / (expected_t * (1.0 - share))


def ratio_check(users: int, share: float, lost: float, seed: int) -> RatioCheck:
    """scipy's chi-square goodness-of-fit test of the logged split against the planned one."""
    rng = np.random.default_rng([seed, 2])
    control, treatment = _split(rng, users, share, lost, None)
    total = control + treatment
    result = stats.chisquare([control, treatment], [total * (1.0 - share), total * share])
    many_c, many_t = _split(rng, users, share, lost, N_SIMS)
    fired = split_statistic(many_c, many_t, share) > stats.chi2.isf(SRM_ALPHA, 1)
    return RatioCheck(
        planned_share=share,
        lost=lost,
        control=int(control),
        treatment=int(treatment),
        statistic=float(result.statistic),
        p_value=float(result.pvalue),
        flag_rate=float(fired.mean()),
    )
