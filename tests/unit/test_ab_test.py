"""The A/B test page against independent references: sample sizes against statsmodels and the closed-form
normal approximation, the z-test against ``proportions_ztest``, the A/A false-positive rate against α
and peeking against the repeated-significance-testing rates of Armitage, McPherson & Rowe (1969), the
corrections against ``multipletests`` row by row, the sample-ratio check against ``scipy.stats.chisquare``
and its closed form. Monte Carlo checks state their tolerance in standard errors."""

from __future__ import annotations

import gc
import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize, proportions_ztest

from explorers import ab_test as ab
from explorers.ab_test.design import run_days

SE_MARGIN = 4.0  # Monte Carlo tolerance, in standard errors of a share


def mc_tolerance(rate: float, n: int) -> float:
    """``SE_MARGIN`` standard errors of a share ``rate`` estimated from ``n`` runs."""
    return SE_MARGIN * math.sqrt(rate * (1 - rate) / n)


def design(**changes) -> ab.Design:
    base = {"baseline": 0.05, "mde": 0.1, "alpha": 0.05, "power": 0.8, "traffic": 10_000, "share": 0.5,
            "whole_weeks": True}  # fmt: skip
    return ab.Design(**{**base, **changes})


GRID = [
    design(),
    design(baseline=0.01, mde=0.05, alpha=0.01, power=0.9),
    design(baseline=0.3, mde=0.02, power=0.95, share=0.2),
    design(baseline=0.5, mde=0.5, alpha=0.1, power=0.7, share=0.9),
]


@pytest.mark.parametrize("d", GRID)
def test_sample_size_is_statsmodels_and_the_closed_form(d: ab.Design):
    n_control, n_treatment = ab.sample_size(d)
    h = proportion_effectsize(d.baseline * (1 + d.mde), d.baseline)
    reference = NormalIndPower().solve_power(h, alpha=d.alpha, power=d.power, ratio=d.ratio)
    assert n_control == pytest.approx(reference, rel=1e-9)
    assert n_treatment == pytest.approx(reference * d.ratio, rel=1e-9)
    # Closed form with Cohen's h, ignoring the far tail: n1 = (z_{1-α/2} + z_power)² (1 + 1/ratio) / h².
    z = stats.norm.ppf(1 - d.alpha / 2) + stats.norm.ppf(d.power)
    assert n_control == pytest.approx(z**2 * (1 + 1 / d.ratio) / h**2, rel=1e-3)
    # The textbook difference-of-proportions formula (unpooled variance) agrees within a few percent
    # for small effects; the two approximations part as the effect grows (7% apart at 50% -> 75%).
    p1, p2 = d.baseline, d.baseline * (1 + d.mde)
    classic = z**2 * (p1 * (1 - p1) + p2 * (1 - p2) / d.ratio) / (p2 - p1) ** 2
    assert n_control == pytest.approx(classic, rel=0.05 if d.mde <= 0.2 else 0.1)


def test_the_default_plan_and_its_duration():
    plan = ab.plan(design())
    assert plan.n_control == plan.n_treatment == math.ceil(ab.sample_size(design())[0]) == 31_218
    assert plan.days_needed == math.ceil(31_218 / 5_000) == 7
    assert plan.horizon == 7 and not plan.capped
    assert plan.curve_power[0] == pytest.approx(0.05)  # at no lift the test rejects at α
    assert np.interp(0.1, plan.curve_lift, plan.curve_power) == pytest.approx(0.8, abs=1e-3)


def test_whole_weeks_and_the_cap():
    assert run_days(8, True) == 14 and run_days(8, False) == 8 and run_days(1, True) == 7
    assert run_days(10_000, True) == ab.MAX_DAYS
    slow = ab.plan(design(baseline=0.005, mde=0.01, traffic=1_000))
    assert slow.capped and slow.horizon == ab.MAX_DAYS and slow.horizon_power < 0.2


def test_z_test_is_statsmodels_proportions_ztest():
    rng = np.random.default_rng(3)
    for _ in range(50):
        n = rng.integers(50, 100_000, size=2)
        conv = rng.binomial(n, rng.uniform(0.01, 0.6, size=2))
        z, p = ab.z_test(conv[0], n[0], conv[1], n[1])
        ref_z, ref_p = proportions_ztest([conv[1], conv[0]], [n[1], n[0]])
        assert z == pytest.approx(ref_z, rel=1e-9) and p == pytest.approx(ref_p, rel=1e-9, abs=1e-15)
    z, p = ab.z_test(np.array(0), 100, np.array(0), 100)  # nobody converts: no evidence
    assert z == 0 and p == 1


@pytest.mark.parametrize("alpha", [0.05, 0.01])
def test_the_aa_false_positive_rate_at_a_fixed_horizon_is_alpha(alpha: float):
    n = 20_000
    runs = ab.simulate(0.05, 5_000, 5_000, 14, ab.NULL, seed=1, n_sims=n)
    fixed = ab.read(runs, 14, alpha, peeking=False)
    assert abs(fixed.significant - alpha) <= mc_tolerance(alpha, n)
    assert fixed.ships == pytest.approx(fixed.significant / 2, abs=mc_tolerance(alpha / 2, n))
    assert fixed.significant == np.mean(runs.p[:, 13] < alpha)


# Repeated significance tests at nominal 0.05 on equal increments of normal data: the chance of ever
# rejecting a true null in K looks (Armitage, McPherson & Rowe 1969; Pocock 1977, table 1).
ARMITAGE = {2: 0.083, 5: 0.142, 10: 0.193, 20: 0.248}


@pytest.mark.parametrize("looks", sorted(ARMITAGE))
def test_peeking_inflates_the_false_positive_rate_as_armitage_found(looks: int):
    n = 20_000
    runs = ab.simulate(0.2, 20_000, 20_000, looks, ab.NULL, seed=2, n_sims=n)
    peek, fixed = ab.read(runs, looks, 0.05, peeking=True), ab.read(runs, looks, 0.05, peeking=False)
    assert abs(peek.significant - ARMITAGE[looks]) <= mc_tolerance(ARMITAGE[looks], n) + 0.003
    assert peek.significant > fixed.significant + 0.02  # strictly, and by far more than Monte Carlo error
    assert peek.by_day[-1] == peek.significant and peek.stop_counts.sum() == round(peek.significant * n)


def test_peeking_rejects_every_run_the_fixed_horizon_rejects():
    runs = ab.simulate(0.05, 5_000, 5_000, 14, ab.NULL, seed=4)
    fixed_rejects = runs.p[:, 13] < 0.05
    ever = (runs.p < 0.05).any(axis=1)
    assert (ever >= fixed_rejects).all()
    peek = ab.read(runs, 14, 0.05, peeking=True)
    assert peek.significant == ever.mean()
    first = np.where(ever, (runs.p < 0.05).argmax(axis=1) + 1, 14)
    assert peek.mean_stop == pytest.approx(first.mean())


def test_the_planned_test_has_its_power_at_the_mde():
    d = design(baseline=0.1, mde=0.1)
    n_control = math.ceil(ab.sample_size(d)[0])
    runs = ab.simulate(0.1, n_control, n_control, 1, ab.Truth(0.1, 0.0, 1.0), seed=5, n_sims=20_000)
    power = ab.read(runs, 1, 0.05, peeking=False).significant
    assert abs(power - 0.8) <= mc_tolerance(0.8, 20_000) + 0.005  # the normal approximation's own error


def test_novelty_fades_with_its_half_life():
    truth = ab.Truth(0.02, 0.2, 3.0)
    daily = truth.daily(10)
    assert daily[0] == pytest.approx(0.22) and daily[3] == pytest.approx(0.02 + 0.1)
    assert daily[6] == pytest.approx(0.02 + 0.05)
    runs = ab.simulate(0.1, 20_000, 20_000, 14, truth, seed=6, n_sims=4_000)
    week = ab.read(runs, 14, 0.05, peeking=False).week_estimate
    expected = np.mean(0.1 * (1 + daily[:7])) / 0.1 - 1  # the ratio of the week's mean rates
    assert week == pytest.approx(expected, abs=0.003)
    assert week > 2 * truth.lift, "a one-week test overstates a lift with a novelty effect"


def test_run_quantiles_are_numpys_nanquantile():
    from explorers.ab_test.simulation import QUANTILES, _quantiles

    rng = np.random.default_rng(8)
    values = rng.normal(size=(501, 12))
    values[rng.uniform(size=values.shape) < 0.3] = np.nan
    values[:, 3] = np.nan  # a day no run can estimate
    values[:-1, 4] = np.nan  # a day one run can
    expected = np.full((len(QUANTILES), 12), np.nan)
    some = ~np.isnan(values).all(axis=0)
    expected[:, some] = np.nanquantile(values[:, some], QUANTILES, axis=0)
    np.testing.assert_allclose(_quantiles(values), expected, rtol=1e-12, equal_nan=True)


def _random_p(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    p = rng.uniform(0, 0.2, size=shape)
    p[:, 0] = np.round(p[:, 0], 2)  # ties
    p[: shape[0] // 4, -1] = 0.0005
    return p


@pytest.mark.parametrize("key", [key for key in ab.CORRECTIONS if key != "none"])
@pytest.mark.parametrize("m", [1, 2, 5, 20])
def test_corrections_decide_as_statsmodels_multipletests(key: str, m: int, monkeypatch: pytest.MonkeyPatch):
    # statsmodels' Holm branch runs a full garbage collection on every call (0.3 s here): skip it.
    monkeypatch.setattr(gc, "collect", lambda *_: 0)
    rng = np.random.default_rng(m)
    p = _random_p(rng, (300, m))
    mine = ab.CORRECTIONS[key].reject(p, 0.05)
    for row, decided in zip(p, mine, strict=True):
        reference, *_ = multipletests(row, alpha=0.05, method=ab.CORRECTIONS[key].statsmodels)
        assert (decided == reference).all(), row


def test_no_correction_compares_each_p_value_with_alpha():
    p = np.array([[0.01, 0.05, 0.06]])
    assert ab.CORRECTIONS["none"].reject(p, 0.05).tolist() == [[True, True, False]]


def test_family_wise_error_rates_of_independent_null_metrics():
    n, alpha = ab.N_SIMS, 0.05
    primary = np.random.default_rng(9).uniform(size=n)  # a primary metric that does not move
    family = ab.metric_family(primary, 0.1, 50_000, 50_000, moves=False, alpha=alpha, seed=9)
    for i, m in enumerate(ab.METRIC_COUNTS):
        none = 1 - (1 - alpha) ** m  # independent metrics: P(any of m rejects)
        assert abs(family.fwer["none"][i] - none) <= mc_tolerance(none, n)
        for key in ("bonferroni", "holm", "bh"):  # all three hold the complete null near α
            assert family.fwer[key][i] <= alpha + mc_tolerance(alpha, n)
        # Under the complete null Holm rejects something exactly when Bonferroni does.
        assert family.fwer["holm"][i] == family.fwer["bonferroni"][i]


def test_a_moving_primary_is_not_a_false_positive():
    primary = np.zeros(ab.N_SIMS)  # always significant
    family = ab.metric_family(primary, 0.1, 50_000, 50_000, moves=True, alpha=0.05, seed=1)
    assert family.fwer["none"][0] == 0.0 and family.primary_power["bonferroni"][-1] == 1.0
    assert family.fwer["none"][-1] == pytest.approx(1 - 0.95**19, abs=mc_tolerance(0.62, ab.N_SIMS))


def test_the_ratio_check_is_scipy_chisquare_and_its_closed_form():
    r = ab.ratio_check(140_000, 0.5, 0.0, seed=0)
    total = r.control + r.treatment
    reference = stats.chisquare([r.control, r.treatment], [total / 2, total / 2])
    assert r.statistic == pytest.approx(reference.statistic) and r.p_value == pytest.approx(reference.pvalue)
    closed = (r.treatment - total / 2) ** 2 / (total * 0.25)  # the binomial z squared
    assert r.statistic == pytest.approx(closed, rel=1e-9)
    rng = np.random.default_rng(0)
    control, treatment = rng.integers(1_000, 100_000, size=(2, 50))
    fast = ab.split_statistic(control, treatment, 0.3)
    for c, t, statistic in zip(control, treatment, fast, strict=True):
        reference = stats.chisquare([c, t], [(c + t) * 0.7, (c + t) * 0.3]).statistic
        assert statistic == pytest.approx(reference, rel=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_the_ratio_check_passes_a_fair_split_and_flags_a_mismatch(seed: int):
    fair = ab.ratio_check(140_000, 0.3, 0.0, seed=seed)
    assert not fair.flagged and fair.flag_rate <= ab.SRM_ALPHA + mc_tolerance(ab.SRM_ALPHA, ab.N_SIMS)
    broken = ab.ratio_check(140_000, 0.3, 0.03, seed=seed)
    assert broken.flagged and broken.observed_share < 0.3
    # How often the alarm fires: the normal approximation of the logged treatment share's shift.
    logged = 0.3 * 0.97 / (0.7 + 0.3 * 0.97)
    users = 140_000 * (0.7 + 0.3 * 0.97)
    shift = (0.3 - logged) * math.sqrt(users / (0.3 * 0.7))
    critical = stats.norm.ppf(1 - ab.SRM_ALPHA / 2)
    expected = stats.norm.sf(critical - shift) + stats.norm.cdf(-critical - shift)
    assert abs(broken.flag_rate - expected) <= mc_tolerance(expected, ab.N_SIMS) + 0.005


def test_view_numbers_come_from_the_readings():
    from explorers.view import build

    params = ab.Params(5.0, 10, 0.05, 0.8, 10_000, 50, True, 0, 0.0, 3, 0, "daily", 5, "holm", 0.0)
    view = build(ab.fits, ab.view, params)
    s = view.story
    cards = {n.label: n.value for n in view.numbers}
    assert cards["Sample size per arm"] == "31,218" and cards["Days needed"] == "7"
    assert s.aa_peek.significant > s.aa_fixed.significant
    assert cards["A/A false positives"] == f"{s.aa_peek.significant * 100:.0f}%"
    assert s.truth_fixed.significant == s.aa_fixed.significant, "an A/A truth is the A/A run"
    fwer, _ = s.family.at(5)
    assert cards["Family-wise error (5 metrics)"] == f"{fwer['holm'] * 100:.1f}%"
    assert s.family.fwer["none"][0] == s.aa_fixed.significant, "one metric: the experiments' own test"


@pytest.mark.parametrize(
    ("n", "text"),
    [(950, "950"), (1_000, "1k"), (20_812, "20.8k"), (999_499, "999k"), (999_999, "1M"),
     (16_522_987, "16.5M"), (712_526_465, "713M"), (999_999_999, "1B")],
)  # fmt: skip
def test_unequal_arms_read_in_compact_counts(n: int, text: str):
    from explorers.ab_test.topic import compact

    assert compact(n) == text
    assert (
        abs(float(text.rstrip("kMB").replace(",", "")) * {"k": 1e3, "M": 1e6, "B": 1e9}.get(text[-1], 1) - n)
        <= 0.005 * n
    )
