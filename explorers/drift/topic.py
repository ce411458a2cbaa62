"""The drift trade-off as a topic: the stream and every week's model as one fit, the sample-size
study as another, then the three policies read at the detector, the metric and the costs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers import formatting
from explorers.drift import figures
from explorers.drift.detectors import DETECTORS, Detector
from explorers.drift.model import models_for
from explorers.drift.policies import PolicyRun, Simulation, Trace, cadence, never, triggered
from explorers.drift.readings import METRICS, Cost, cost_of, no_skill, pooled, weekly, weekly_fraud_rate
from explorers.drift.sample_size import SampleSizeStudy, sample_size_study
from explorers.drift.sentences import Detection, Summary, notice, sample_size_sentence
from explorers.drift.stream import DRIFTS, RAMP_WEEKS, Stream, make_stream
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

STAGE_HEIGHT = 300


@dataclass(frozen=True)
class Params:
    """The page's controls: the stream and training (they refit), the policies and the reading."""

    drift: str
    shape: str
    strength: float
    start: int  # the first drifted week
    weeks: int
    transactions: int  # per week
    seed: int
    delay: int  # weeks before a week's labels are back
    window: int  # labelled weeks each retrain learns from
    cadence: int  # weeks between fixed-cadence retrains
    detector: str
    alarm: int  # alarm level, 1 (very sensitive) .. 5 (very strict)
    reference: int  # weeks of training data the feature tests compare against
    metric: str
    cost_error: float
    cost_retrain: float

    @property
    def drift_start(self) -> int:
        """The start week, inside the stream (a start past its end moves to its last week)."""
        return min(self.start, self.weeks - 1)


def simulate(  # noqa: PLR0917 (a Fit passes its arguments by position)
    drift: str,
    shape: str,
    strength: float,
    start: int,
    weeks: int,
    n: int,
    seed: int,
    delay: int,
    window: int,
) -> Simulation:
    """The stream, each week's features sorted, and the model every week would train."""
    stream = make_stream(drift, shape, strength, start, weeks, n, seed)
    sorted_x = np.sort(stream.x.transpose(0, 2, 1), axis=2)
    return Simulation(stream, sorted_x, models_for(stream, delay, window))


# A simulation holds every week's transactions and models: 1.5 MB at the defaults, up to 12 MB at
# 104 weeks of 5,000 transactions, so fewer are kept than the kit's default.
SIMULATIONS_KEPT = 8


def fits(params: Params) -> dict[str, Fit]:
    """One fit draws the stream and trains every week's model; the sample-size study is a second."""
    p = params
    stream = (p.drift, p.shape, p.strength, p.drift_start, p.weeks, p.transactions, p.seed)
    return {
        "simulation": Fit(
            simulate,
            (*stream, p.delay, p.window),
            label="the stream and each week's model",
            entries=SIMULATIONS_KEPT,
        ),
        "sample_size": Fit(sample_size_study, (p.seed,), label="the sample-size study", trains=False),
    }


@dataclass(frozen=True, kw_only=True)
class DriftView(View):
    """Everything the drift page shows."""

    runs: tuple[PolicyRun, ...]  # never, cadence, triggered
    by_week: tuple[np.ndarray, ...]  # each run's metric per week
    summary: Summary
    trace: Trace
    detector: Detector
    costs: tuple[Cost, ...]
    cheapest: int
    study: SampleSizeStudy
    performance: Chart
    detector_chart: Chart
    sample_size: Chart
    cost_chart: Chart
    table: Table
    sample_size_caption: str


def _detection(trace: Trace, start: int, strength: float) -> Detection:
    """False alarms (fired on data from before the drift) and the first alarm after it started."""
    before = [week for week in trace.alarms if week <= start or strength == 0]
    after = [week for week in trace.alarms if week > start and strength > 0]
    return Detection(len(before), after[0] if after else None, len(trace.alarms))


def _numbers(p: Params, s: Summary, costs: tuple[Cost, ...], cheapest: int) -> tuple[KeyNumber, ...]:
    label, base = METRICS[p.metric].label, s.baseline_after
    help_ = f"No-skill baseline after the drift: {base:.2f}, {METRICS[p.metric].baseline}. " + (
        "Pooled over every transaction from the drift's start on."
        if p.metric != "auc"
        else "The mean of the weekly AUCs from the drift's start on."
    )
    cards = [
        KeyNumber(
            f"{label} after the drift, never retrained",
            _num(s.after[0]),
            _delta(s.after[0] - s.before[0]),
            help=help_,
            delta_description="vs before",
        ),
    ]
    for i in (1, 2):
        cards.append(
            KeyNumber(
                f"{label} after the drift, {s.names[i] if i == 2 else s.names[i].lower()}",
                _num(s.after[i]),
                _delta(s.after[i] - s.after[0]),
                help=help_,
                delta_description="vs never",
            )
        )
    d = s.detection
    cards.append(
        KeyNumber(
            f"{s.detector_short}: weeks to an alarm after the drift",
            "never" if d.first_after is None else str(d.first_after - s.start),
            formatting.count(d.false_alarms, "false alarm") if d.false_alarms else None,
            delta_color="inverse",
            delta_description="before the drift" if d.false_alarms else None,
            help="Weeks from the drift's start to the first alarm raised by data from after it; false "
            "alarms are raised by data from before it, and each one paid for a retrain.",
        )
    )
    best = costs[cheapest]
    cards += [
        KeyNumber(
            f"Cheapest policy: {best.name}",
            formatting.money(best.total),
            help="Total cost over the stream: errors plus retrains.",
        ),
        KeyNumber(
            f"No-skill {label.lower()} baseline after the drift",
            _num(base),
            help=f"{METRICS[p.metric].baseline}.",
        ),
    ]
    return tuple(cards)


def _num(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value:.2f}"


def _delta(value: float) -> str | None:
    return None if not np.isfinite(value) or abs(value) < 0.005 else f"{value:+.2f}"


def _table(costs: tuple[Cost, ...], s: Summary, cheapest: int, metric: str) -> Table:
    label = METRICS[metric].label
    columns = (
        "Policy",
        f"{label} before the drift",
        f"{label} after the drift",
        "Errors",
        "Retrains",
        "Cost of errors",
        "Cost of retrains",
        "Total cost",
    )
    rows = [
        (
            c.name,
            _num(s.before[i]),
            _num(s.after[i]),
            f"{c.errors:,}",
            f"{c.retrains:,}",
            formatting.money(c.error_cost),
            formatting.money(c.retrain_cost),
            formatting.money(c.total),
        )
        for i, c in enumerate(costs)
    ]
    rows.append(("No-skill baseline", _num(s.baseline_before), _num(s.baseline_after), "", "", "", "", ""))
    emphasis = tuple(
        tuple(i == cheapest and j == len(columns) - 1 for j in range(len(columns))) for i in range(len(rows))
    )
    muted = tuple(i == len(costs) for i in range(len(rows)))
    return Table(columns, tuple(rows), emphasis, muted)


def view(params: Params, fitted: Fitted) -> DriftView:
    """The three policies on the same stream, read at the metric, detector and costs."""
    p = params
    sim: Simulation = fitted["simulation"]
    study: SampleSizeStudy = fitted["sample_size"]
    stream, start = sim.stream, p.drift_start
    detector = DETECTORS[p.detector]
    trig, trace = triggered(sim, p.detector, p.alarm, p.reference)
    runs = (never(sim), cadence(sim, p.cadence), trig)
    by_week = _weekly(p.metric, runs, stream)
    before, after = slice(0, start), slice(start, p.weeks)
    costs = tuple(cost_of(run, p.cost_error, p.cost_retrain) for run in runs)
    cheapest = int(np.argmin([c.total for c in costs]))
    summary = Summary(
        metric=METRICS[p.metric].label,
        drift=DRIFTS[p.drift].label,
        start=start,
        names=tuple(run.name for run in runs),
        before=tuple(pooled(p.metric, run, before, w) for run, w in zip(runs, by_week, strict=True)),
        after=tuple(pooled(p.metric, run, after, w) for run, w in zip(runs, by_week, strict=True)),
        baseline_before=no_skill(p.metric, stream, before),
        baseline_after=no_skill(p.metric, stream, after),
        detector_short=detector.short,
        watches=detector.watches,
        detection=_detection(trace, start, p.strength),
        retrains=tuple(len(run.retrains) for run in runs),
        first_clean=_first_clean(p, start),
        strength=p.strength,
        delay=p.delay,
        drift_key=p.drift,
    )
    ramp_end = start + RAMP_WEEKS if p.shape == "gradual" else None
    baseline = np.full(p.weeks, 0.5) if p.metric == "auc" else weekly_fraud_rate(stream)
    baseline_name = "Chance (0.5)" if p.metric == "auc" else "No skill: the fraud rate"
    marks = {"start": start, "ramp_end": ramp_end, "delay": p.delay}
    messages = []
    if p.start != start:
        messages.append(
            Message(
                f"The drift would start at week {p.start}, after the last of the {p.weeks} "
                f"weeks simulated; it starts at week {start} instead.",
                "warning",
            )
        )
    return DriftView(
        numbers=_numbers(p, summary, costs, cheapest),
        notice=notice(summary, costs, cheapest, p.weeks, p.window),
        messages=tuple(messages),
        runs=runs,
        by_week=by_week,
        summary=summary,
        trace=trace,
        detector=detector,
        costs=costs,
        cheapest=cheapest,
        study=study,
        performance=Chart(
            figures.performance_figure(
                list(zip(runs, by_week, strict=True)),
                baseline,
                summary.metric,
                baseline_name,
                alarms=trace.alarms,
                **marks,
            ),
            STAGE_HEIGHT,
        ),
        detector_chart=Chart(
            figures.trace_figure(trace, detector, _drawn_threshold(detector, p.alarm, trace), **marks), 340
        ),
        sample_size=Chart(
            figures.sample_size_figure(
                study, DETECTORS["ks"].threshold(p.alarm), f"p = {DETECTORS['ks'].threshold(p.alarm):g}"
            ),
            340,
        ),
        cost_chart=Chart(figures.cost_figure(costs, cheapest), 260),
        table=_table(costs, summary, cheapest, p.metric),
        sample_size_caption=sample_size_sentence(study),
    )


def _weekly(metric: str, runs: tuple[PolicyRun, ...], stream: Stream) -> tuple[np.ndarray, ...]:
    """Each run's metric per week; runs that served the same models share one computation."""
    seen: dict[bytes, np.ndarray] = {}
    for run in runs:
        key = run.deployed.tobytes()
        if key not in seen:
            seen[key] = weekly(metric, run, stream)
    return tuple(seen[run.deployed.tobytes()] for run in runs)


def _drawn_threshold(detector: Detector, level: int, trace: Trace) -> str:
    if detector.short == "KS":
        return f"D = {trace.threshold:.3f}, where {detector.threshold_text(level)}"
    if detector.short == "ADWIN":
        return f"0 at {detector.threshold_text(level)}"
    return detector.threshold_text(level)


def _first_clean(p: Params, start: int) -> int | None:
    """The first fixed-cadence retrain whose window holds only labels from after the drift started."""
    earliest = start + p.delay + p.window
    week = -(-earliest // p.cadence) * p.cadence
    return week if week < p.weeks else None
