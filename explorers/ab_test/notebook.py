"""The notebook that reproduces the A/B test page's view: the plan (statsmodels), the Monte Carlo of
A/A and true-lift experiments read by a fixed-horizon or a peeking analyst, the metric family with
its correction, the sample-ratio check, and the page's key numbers."""

from __future__ import annotations

import json

from explorers.ab_test.topic import Params
from explorers.export import Recipe, code, md

PLAN = code(
    """
    import math

    import numpy as np
    import plotly.graph_objects as go
    from scipy import stats
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    baseline, mde, share = BASELINE / 100, MDE / 100, SHARE / 100
    ratio = share / (1 - share)  # treatment users per control user
    effect = proportion_effectsize(min(baseline * (1 + mde), 1.0), baseline)  # Cohen's h
    raw_control = NormalIndPower().solve_power(
        effect_size=effect, alpha=ALPHA, power=POWER, ratio=ratio, alternative="two-sided"
    )
    n_control, n_treatment = math.ceil(raw_control), math.ceil(raw_control * ratio)

    daily_control = max(1, round(TRAFFIC * (1 - share)))
    daily_treatment = max(1, round(TRAFFIC * share))
    days_needed = max(math.ceil(n_control / daily_control), math.ceil(n_treatment / daily_treatment), 1)
    MAX_DAYS = 84  # the simulation plays out at most twelve weeks
    horizon = math.ceil(days_needed / 7) * 7 if WHOLE_WEEKS else days_needed
    horizon = min(max(horizon, 1), MAX_DAYS)
    print(f"{n_control:,} users in control, {n_treatment:,} in treatment (Cohen's h = {effect:.4f})")
    print(f"{days_needed} days needed at {TRAFFIC:,} users a day; the test runs {horizon} days")
    """
)

SIMULATION = code(
    """
    N_SIMS = 2_000
    days = max(horizon, 7)  # at least a week, for the one-week reading


    def z_test(conv_c, n_c, conv_t, n_t):
        \"\"\"The pooled two-proportion z-test (statsmodels' proportions_ztest) on whole arrays.\"\"\"
        n_c, n_t = np.asarray(n_c, dtype=float), np.asarray(n_t, dtype=float)
        pooled = (conv_c + conv_t) / (n_c + n_t)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_t))
        diff = conv_t / n_t - conv_c / n_c
        z = np.divide(diff, se, out=np.zeros(np.broadcast(diff, se).shape), where=se > 0)
        return z, 2 * stats.norm.sf(np.abs(z))


    def simulate(true_daily):
        \"\"\"N_SIMS experiments, day by day; every day's cumulative counts are tested.\"\"\"
        rng = np.random.default_rng(SEED)
        rate_t = np.clip(baseline * (1 + true_daily), 0, 1)
        conv_c = rng.binomial(daily_control, baseline, size=(N_SIMS, days))
        conv_t = rng.binomial(daily_treatment, rate_t, size=(N_SIMS, days))
        cum_c, cum_t = conv_c.cumsum(axis=1), conv_t.cumsum(axis=1)
        users = np.arange(1, days + 1)
        z, p = z_test(cum_c, users * daily_control, cum_t, users * daily_treatment)
        # The relative lift estimated from day 1 to each day (NaN while control has no conversion).
        rate_c = cum_c / (users * daily_control)
        with np.errstate(divide="ignore", invalid="ignore"):
            lift = np.where(rate_c > 0, cum_t / (users * daily_treatment) / rate_c - 1, np.nan)
        return {"z": z, "p": p, "lift": lift}


    true_daily = LIFT / 100 + NOVELTY / 100 * 0.5 ** (np.arange(days) / HALF_LIFE)
    aa = simulate(np.zeros(days))  # an A/A test: the treatment changes nothing
    runs = simulate(true_daily)
    """
)

READING = code(
    """
    def decide(runs, peeking):
        \"\"\"Each run's decision: at the horizon only, or at the first day with p < alpha when peeking.\"\"\"
        p, z = runs["p"][:, :horizon], runs["z"][:, :horizon]
        hit = p < ALPHA
        if peeking:
            stopped = hit.any(axis=1)
            stop_day = np.where(stopped, hit.argmax(axis=1) + 1, horizon)
        else:
            stopped = hit[:, -1]
            stop_day = np.full(len(p), horizon)
        z_at_stop = z[np.arange(len(p)), stop_day - 1]
        return {
            "significant": stopped.mean(),
            "ships": (stopped & (z_at_stop > 0)).mean(),
            "mean_stop": stop_day.mean(),
            "by_day": np.logical_or.accumulate(hit, axis=1).mean(axis=0),
        }


    aa_reading, reading = decide(aa, PEEKING), decide(runs, PEEKING)
    week_lift = np.nanmean(runs["lift"][:, 6])  # the mean lift measured over the first 7 days
    print(f"A/A false positives {aa_reading['significant']:.1%}; ships the treatment {reading['ships']:.1%}")

    day = np.arange(1, horizon + 1)
    fig = go.Figure()
    fig.add_scatter(x=day, y=100 * decide(aa, True)["by_day"], name="A/A, peeking daily")
    fig.add_scatter(
        x=[horizon], y=[100 * decide(aa, False)["significant"]], name="A/A, fixed horizon", mode="markers"
    )
    if LIFT or NOVELTY:
        fig.add_scatter(x=day, y=100 * decide(runs, True)["by_day"], name="True lift, peeking daily")
        fig.add_scatter(
            x=[horizon],
            y=[100 * decide(runs, False)["significant"]],
            name="True lift, fixed horizon",
            mode="markers",
        )
    fig.add_hline(y=100 * ALPHA, line_dash="dash", annotation_text=f"α = {100 * ALPHA:g}%")
    fig.update_layout(
        title="Declared significant by each day: peeking daily against one look at the horizon",
        xaxis_title="Day",
        yaxis_title="Experiments declared significant (%)",
    )
    fig.show()
    """
)

FAMILY = code(
    """
    MAX_METRICS = 20
    rng = np.random.default_rng([SEED, 1])
    size = (N_SIMS, MAX_METRICS - 1)
    n_c, n_t = horizon * daily_control, horizon * daily_treatment
    null_c = rng.binomial(n_c, baseline, size=size)
    null_t = rng.binomial(n_t, baseline, size=size)
    _, null_p = z_test(null_c, n_c, null_t, n_t)
    p_values = np.column_stack([runs["p"][:, horizon - 1], null_p])[:, :METRICS]


    def corrected(p, method):
        \"\"\"Which p-values each experiment (row) rejects under the correction, all rows at once.\"\"\"
        m = p.shape[1]
        if method is None:
            return p <= ALPHA
        if method == "bonferroni":
            return p <= ALPHA / m
        order = np.argsort(p, axis=1, kind="stable")
        ranked = np.take_along_axis(p, order, axis=1)
        if method == "holm":  # step down: reject while the k-th smallest is <= alpha / (m - k + 1)
            passes = np.logical_and.accumulate(ranked <= ALPHA / (m - np.arange(m)), axis=1)
        else:  # "fdr_bh", step up: reject up to the largest k with the k-th smallest <= k alpha / m
            below = ranked <= ALPHA * np.arange(1, m + 1) / m
            last = np.where(below.any(axis=1), m - 1 - np.argmax(below[:, ::-1], axis=1), -1)
            passes = np.arange(m) <= last[:, None]
        reject = np.empty_like(passes)
        np.put_along_axis(reject, order, passes, axis=1)
        return reject


    reject = corrected(p_values, CORRECTION)
    if CORRECTION is not None:  # the same decisions as statsmodels, which works one experiment at a time
        for row, decided in zip(p_values[:5], reject[:5], strict=True):
            assert (multipletests(row, alpha=ALPHA, method=CORRECTION)[0] == decided).all()
    moves = bool(LIFT or NOVELTY)  # the primary metric is moved by the treatment
    unmoved = reject[:, 1:] if moves else reject
    family_wise_error = unmoved.any(axis=1).mean() if unmoved.shape[1] else 0.0
    print(f"Family-wise error with {METRICS} metric(s): {family_wise_error:.1%}")
    """
)

RATIO = code(
    """
    rng = np.random.default_rng([SEED, 2])
    users = horizon * (daily_control + daily_treatment)
    treatment = rng.binomial(users, share)
    logged_treatment = treatment - rng.binomial(treatment, LOST / 100)
    control = users - treatment
    total = control + logged_treatment
    srm = stats.chisquare([control, logged_treatment], [total * (1 - share), total * share])
    print(f"Logged {control:,} control and {logged_treatment:,} treatment users: p = {srm.pvalue:.2g}")
    """
)

HEADLINE_CELL = code(
    """
    def compact(n):
        \"\"\"The number the page shows for unequal arms: 20.8 of '20.8k', 1.5 of '1.5M'.\"\"\"
        units = (1e3, 1e6, 1e9, 1e12, math.inf)
        if n < 1_000:
            return n
        for size, bigger in zip(units[:-1], units[1:], strict=True):
            if n < bigger and round(n / size, 3 - len(str(int(n // size)))) < 1000:
                return float(f"{n / size:.3g}")
        return round(n / 1e12)


    lift_text = "0%" if LIFT == 0 else f"{LIFT:+g}%".replace("-", "−")
    metrics_text = f"{METRICS} metric" + ("" if METRICS == 1 else "s")
    srm_text = "mismatch" if srm.pvalue < 0.001 else "fair"
    HEADLINE = {
        "Sample size per arm": n_control if n_control == n_treatment else compact(n_control),
        "Days needed": days_needed,
        "A/A false positives": round(100 * aa_reading["significant"], 2),  # a share in %
        "Ships the treatment": round(100 * reading["ships"], 2),
        "Mean stopping day": round(reading["mean_stop"], 2),
        f"One-week lift (true {lift_text})": round(100 * week_lift, 2),
        f"Family-wise error ({metrics_text})": round(100 * family_wise_error, 2),
        f"Sample-ratio check: {srm_text}": max(round(srm.pvalue, 5), 0.0001),  # 'p < 0.0001' reads 0.0001
    }
    """
)

STATSMODELS_METHODS = {"none": None, "bonferroni": "bonferroni", "holm": "holm", "bh": "fdr_bh"}


def _literal(value: object) -> str:
    """A Python literal for the notebook, strings in double quotes."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _settings(p: Params) -> str:
    return f"""
    # Design
    BASELINE = {float(p.baseline)!r}  # control conversion rate, %
    MDE = {float(p.mde)!r}  # minimum detectable effect, relative %
    ALPHA = {float(p.alpha)!r}
    POWER = {float(p.power)!r}
    TRAFFIC = {int(p.traffic)!r}  # users a day, both arms together
    SHARE = {float(p.share)!r}  # % of them sent to treatment
    WHOLE_WEEKS = {bool(p.whole_weeks)!r}
    # Truth
    LIFT = {float(p.lift)!r}  # true long-run relative lift, %
    NOVELTY = {float(p.novelty)!r}  # extra relative lift on day 1, %, halving every HALF_LIFE days
    HALF_LIFE = {float(p.half_life)!r}
    SEED = {int(p.seed)!r}
    # Analyst
    PEEKING = {p.peeking == "daily"!r}  # True: look every day and stop at p < ALPHA
    METRICS = {int(p.metrics)!r}  # the primary metric plus metrics the treatment does not move
    CORRECTION = {_literal(STATSMODELS_METHODS[p.correction])}  # a multipletests method, or None
    LOST = {float(p.srm)!r}  # % of treatment users lost before the logs (a logging bug)
    """


def recipe(params: Params) -> Recipe:
    """The A/B test page's view at ``params`` as notebook cells."""
    return Recipe(
        "A/B test design",
        (
            md(
                """
                ## The settings

                The page's controls: the design and the truth decide what is simulated; the analyst's
                settings only read the simulations.
                """
            ),
            code(_settings(params)),
            md(
                """
                ## The plan

                Users per arm for the power wanted at the minimum detectable effect: statsmodels'
                `NormalIndPower` with Cohen's h, the arcsine effect size of two proportions. The days
                needed follow from the daily traffic; "whole weeks" rounds the run up so every
                weekday counts equally.
                """
            ),
            PLAN,
            md(
                """
                ## 2,000 experiments, day by day

                Each day every arm's users convert at their rate: control at the baseline, treatment at
                the baseline times (1 + the day's true lift), where a novelty lift fades by half every
                half-life. Every day's cumulative counts get the pooled two-proportion z-test. An A/A
                test (no effect at all) runs beside it with the same seed: the share of A/A
                experiments declared significant is the false-positive rate.
                """
            ),
            SIMULATION,
            md(
                """
                ## The analyst's reading

                A fixed-horizon analyst looks once, on the last day; a peeking analyst looks every day
                and stops at the first p < α, which inflates false positives well above α.
                """
            ),
            READING,
            md(
                """
                ## Many metrics

                The primary metric is the experiments' own; up to 19 more metrics that the treatment
                does not move are drawn with the same users. Testing many inflates the family-wise
                error (any unmoved metric significant). The correction is applied to every experiment's
                p-values at once, with the decision rule of statsmodels' `multipletests` (checked on
                the first few experiments).
                """
            ),
            FAMILY,
            md(
                """
                ## The sample-ratio check

                A chi-square test of the logged split against the planned one: losing a share of the
                treatment's users in the logs (a bug) makes the split unlikely, and the test untrustworthy.
                """
            ),
            RATIO,
            md(
                """
                ## The page's key numbers

                Shares are in percent ('4.8%' reads 4.8); unequal arms show a compact count ('20.8k').
                """
            ),
            HEADLINE_CELL,
        ),
    )
