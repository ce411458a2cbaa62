"""The A/B test design trade-off as a topic: its parameters, its fits (the plan and the Monte
Carlos) and its view, read by the analyst controls without re-simulating."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.ab_test import figures
from explorers.ab_test.design import MAX_DAYS, Design, Plan
from explorers.ab_test.family import CORRECTIONS, Family, RatioCheck, ratio_check
from explorers.ab_test.runs import experiments, metrics, planned
from explorers.ab_test.sentences import Story, notice, p_value, setting, share, signed
from explorers.ab_test.simulation import N_SIMS, NULL, SRM_ALPHA, Reading, Runs, Truth, read
from explorers.formatting import count
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View


@dataclass(frozen=True)
class Analyst:
    """How the analyst reads the test: one look at the horizon, or a look every day."""

    label: str
    peeking: bool


ANALYSTS: dict[str, Analyst] = {
    "fixed": Analyst("Fixed horizon", False),
    "daily": Analyst("Peek daily, stop at p < α", True),
}
ANALYST_LABELS = {key: analyst.label for key, analyst in ANALYSTS.items()}
STAGE_HEIGHT = 360


@dataclass(frozen=True)
class Params:
    """The page's controls: the design and the truth re-simulate; the analyst's only read."""

    baseline: float  # control conversion rate, %
    mde: float  # minimum detectable effect, relative %
    alpha: float
    power: float
    traffic: int  # users a day
    share: int  # % of traffic to treatment
    whole_weeks: bool
    lift: float  # true long-run relative lift, %
    novelty: int  # extra relative lift on day 1, %
    half_life: int  # days for the novelty lift to halve
    seed: int
    peeking: str  # a key of ANALYSTS
    metrics: int
    correction: str  # a key of CORRECTIONS
    srm: float  # % of treatment users lost before the logs

    @property
    def design(self) -> Design:
        return Design(
            self.baseline / 100,
            self.mde / 100,
            self.alpha,
            self.power,
            self.traffic,
            self.share / 100,
            self.whole_weeks,
        )

    @property
    def truth(self) -> Truth:
        """The truth simulated; without novelty its half-life is moot, so it does not re-simulate."""
        if self.novelty == 0:
            return Truth(self.lift / 100, 0.0, 1.0) if self.lift else NULL
        return Truth(self.lift / 100, self.novelty / 100, float(self.half_life))


@dataclass(frozen=True, kw_only=True)
class AbTestView(View):
    """Everything the page shows; ``numbers`` starts with the plan and the two error rates."""

    plan: Plan
    story: Story
    peeks: bool  # the analyst peeks daily (the cards read the peeking analyst)
    peeking: Chart
    power: Chart
    stopping: Chart
    novelty: Chart
    family: Chart
    corrections: Table
    split: Table


def fits(params: Params) -> dict[str, Fit]:
    """The plan, the A/A Monte Carlo, the Monte Carlo under the truth (the same fit when the truth is
    A/A) and the metric family; the analyst controls read them all."""
    design, truth, seed = params.design, params.truth, params.seed
    return {
        "plan": Fit(planned, (design,), label="sample size", trains=False),
        "aa": Fit(experiments, (design, NULL, seed), label="A/A experiments", trains=False),
        "truth": Fit(experiments, (design, truth, seed), label="experiments under the truth", trains=False),
        "family": Fit(metrics, (design, truth, seed), label="metric family", trains=False),
    }


def compact(n: int) -> str:
    """A user count in at most three significant figures: '950', '20.8k', '1.5M', '314M', '1M'."""
    units = ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T"))
    if n < 1_000:
        return f"{n:,}"
    for (size, unit), (bigger, _) in zip(units, (*units[1:], (float("inf"), "")), strict=True):
        if n < bigger and round(n / size, 3 - len(str(int(n // size)))) < 1000:
            return f"{n / size:.3g}{unit}"
    return f"{n / 1e12:,.0f}T"


def _headline(s: Story, analyst: Analyst) -> tuple[KeyNumber, ...]:
    p, d = s.plan, s.design
    aa = s.aa_peek if analyst.peeking else s.aa_fixed
    yours = s.truth_peek if analyst.peeking else s.truth_fixed
    arms = f"{p.n_control:,}" if p.equal_arms else f"{compact(p.n_control)} / {compact(p.n_treatment)}"
    more = p.horizon != p.days_needed
    over = aa.significant - d.alpha
    return (
        KeyNumber(
            "Sample size per arm",
            arms,
            help=(
                "Users in each arm"
                if p.equal_arms
                else f"{p.n_control:,} users in control / {p.n_treatment:,} in treatment"
            )
            + f" for {d.power * 100:g}% power at a {d.mde * 100:g}% relative MDE "
            f"(statsmodels NormalIndPower, Cohen's h = {p.effect_size:.4f}).",
        ),
        KeyNumber(
            "Days needed",
            f"{p.days_needed:,}",
            f"runs {p.horizon} days" if more else None,
            delta_color="off",
            help=f"At {d.traffic:,} users a day, {d.share * 100:g}% of them to treatment."
            + (f" The simulation stops at {MAX_DAYS} days." if p.capped else ""),
        ),
        KeyNumber(
            "A/A false positives",
            share(aa.significant),
            f"{over * 100:+.1f} pts" if abs(over) >= 0.0005 else None,
            delta_color="inverse",
            delta_description=f"vs α = {d.alpha * 100:g}%",
            help=f"Share of {N_SIMS:,} simulated A/A experiments declared significant, read by: "
            f"{analyst.label}.",
        ),
        KeyNumber(
            "Ships the treatment",
            share(yours.ships),
            help=f"Share of {N_SIMS:,} experiments under the true lift ({setting(s.truth.lift)} long-run) "
            f"declared significant with treatment ahead, read by: {analyst.label}.",
        ),
    )


def _more(s: Story, analyst: Analyst) -> tuple[KeyNumber, ...]:
    fwer, _ = s.family.at(s.metrics)
    yours = s.truth_peek if analyst.peeking else s.truth_fixed
    return (
        KeyNumber(
            "Mean stopping day",
            f"{yours.mean_stop:.1f}",
            help="Runs that never reach p < α end at the horizon.",
        ),
        KeyNumber(
            f"One-week lift (true {setting(s.truth.lift)})",
            signed(s.truth_peek.week_estimate),
            help="Mean relative lift measured over the first 7 days, against the true long-run lift.",
        ),
        KeyNumber(
            f"Family-wise error ({count(s.metrics, 'metric')})",
            share(fwer[s.correction]),
            help=f"Correction: {CORRECTIONS[s.correction].label}. Share of experiments in which a metric "
            "the treatment does not move comes up significant.",
        ),
        KeyNumber(
            f"Sample-ratio check: {'mismatch' if s.srm.flagged else 'fair'}",
            p_value(s.srm.p_value),
            help=f"Chi-square test of the logged split against the plan; alarm below {SRM_ALPHA:g}.",
        ),
    )


def _corrections_table(s: Story) -> Table:
    fwer, power = s.family.at(s.metrics)
    rows = tuple(
        (entry.label, share(fwer[key]), share(power[key]), entry.controls)
        for key, entry in CORRECTIONS.items()
    )
    marks = tuple(tuple(key == s.correction for _ in range(4)) for key in CORRECTIONS)
    return Table(("Correction", "Family-wise error", "Primary metric significant", "Keeps at α"), rows, marks)


def _split_table(r: RatioCheck) -> Table:
    total = r.control + r.treatment
    rows = (
        (
            "Control",
            f"{(1 - r.planned_share) * 100:g}%",
            f"{total * (1 - r.planned_share):,.0f}",
            f"{r.control:,}",
        ),
        ("Treatment", f"{r.planned_share * 100:g}%", f"{total * r.planned_share:,.0f}", f"{r.treatment:,}"),
    )
    return Table(("Arm", "Planned share", "Expected users", "Logged users"), rows)


def _messages(s: Story) -> tuple[Message, ...]:
    out = []
    if s.plan.capped:
        out.append(
            Message(
                f"The plan needs {s.plan.days_needed:,} days at this traffic; the simulation runs "
                f"{MAX_DAYS}, where power at the MDE is only {share(s.plan.horizon_power)}. Raise the "
                "traffic or the MDE.",
                "warning",
            )
        )
    if s.srm.flagged:
        out.append(
            Message(
                "Sample-ratio mismatch: the logged split is off the plan; do not trust this test.", "warning"
            )
        )
    return tuple(out)


def view(params: Params, fitted: Fitted) -> AbTestView:
    """Every number, chart, table and sentence, from the plan and the Monte Carlos."""
    plan: Plan = fitted["plan"]
    aa: Runs = fitted["aa"]
    truth_runs: Runs = fitted["truth"]
    family: Family = fitted["family"]
    design, analyst, h = params.design, ANALYSTS[params.peeking], plan.horizon
    users = h * (design.daily_control + design.daily_treatment)
    s = Story(
        design=design,
        plan=plan,
        truth=params.truth,
        aa_fixed=read(aa, h, design.alpha, peeking=False),
        aa_peek=read(aa, h, design.alpha, peeking=True),
        truth_fixed=read(truth_runs, h, design.alpha, peeking=False),
        truth_peek=read(truth_runs, h, design.alpha, peeking=True),
        family=family,
        metrics=params.metrics,
        correction=params.correction,
        srm=ratio_check(users, design.share, params.srm / 100, params.seed),
    )
    real = not s.truth.is_null
    stopping: Reading = s.truth_peek
    label = "true lift" if real else "A/A"
    return AbTestView(
        numbers=(*_headline(s, analyst), *_more(s, analyst)),
        notice=notice(s),
        messages=_messages(s),
        plan=plan,
        story=s,
        peeks=analyst.peeking,
        peeking=Chart(
            figures.peeking_figure(
                s.aa_peek,
                s.aa_fixed,
                s.truth_peek if real else None,
                s.truth_fixed if real else None,
                design.alpha,
                emphasis=analyst.peeking,
            ),
            STAGE_HEIGHT,
        ),
        power=Chart(figures.power_figure(plan, design.mde, design.power, s.truth.lift, design.alpha), 340),
        stopping=Chart(figures.stopping_figure(stopping, label), 340),
        novelty=Chart(figures.novelty_figure(truth_runs, h, s.truth.lift, s.truth_peek.week_estimate), 380),
        family=Chart(figures.family_figure(family, params.metrics, params.correction, design.alpha), 340),
        corrections=_corrections_table(s),
        split=_split_table(s.srm),
    )
