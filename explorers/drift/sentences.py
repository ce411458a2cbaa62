"""What to notice: sentences computed from the view's numbers. Direction words follow the signs
("cut" only when the number fell), and every reason given is true of the process by construction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers import formatting
from explorers.drift.readings import Cost
from explorers.drift.sample_size import SampleSizeStudy


@dataclass(frozen=True)
class Detection:
    """The triggered policy's alarms: before the drift (false) and the first after it started."""

    false_alarms: int
    first_after: int | None  # the week at whose start it first fired on drifted data
    total: int


@dataclass(frozen=True)
class Summary:
    """The numbers the sentences, cards and table share (one source each)."""

    metric: str
    drift: str
    drift_key: str
    strength: float
    start: int
    delay: int
    names: tuple[str, ...]  # never, cadence, triggered
    before: tuple[float, ...]  # each policy's metric before the drift
    after: tuple[float, ...]  # and from its start on
    baseline_before: float
    baseline_after: float
    detector_short: str
    watches: str  # "features" or "errors"
    detection: Detection
    retrains: tuple[int, ...]
    first_clean: int | None  # the first cadence retrain trained only on post-drift labels


def _two(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value:.2f}"


def _move(before: float, after: float) -> str:
    """'cut precision from 0.79 to 0.39', 'raised it from ...', or 'left it at 0.79'."""
    a, b = _two(before), _two(after)
    if a == b or "—" in (a, b):
        return f"left it at {b}" if a == b else f"took it from {a} to {b}"
    return f"{'cut' if after < before else 'raised'} it from {a} to {b}"


def _drift_sentence(s: Summary) -> str:
    never_before, never_after = s.before[0], s.after[0]
    if s.strength == 0:
        return (
            f"At strength 0 nothing drifts: the model never retrained scores {s.metric.lower()} "
            f"{_two(never_before)} before week {s.start} and {_two(never_after)} from it on, against "
            f"{_two(s.baseline_after)} with no skill."
        )
    return (
        f"{s.drift} from week {s.start}: for the model never retrained, {s.metric.lower()} is "
        f"{_two(never_before)} before the drift; the drift {_move(never_before, never_after)} "
        f"(no skill: {_two(s.baseline_after)})."
    )


def _cadence_sentence(s: Summary, window_note: str) -> str:
    name = s.names[1].lower()
    text = (
        f"Retraining {name} scores {_two(s.after[1])} from the drift on, against {_two(s.after[0])} "
        f"never retrained"
    )
    if s.strength == 0:
        return text + "."
    if s.first_clean is None:
        return text + f"; {window_note}, none of its retrains learns only from post-drift labels."
    return text + f"; its first model trained only on post-drift labels went live at week {s.first_clean}."


def _detector_sentence(s: Summary) -> str:
    d, who = s.detection, f"The {s.detector_short} detector"
    watched = "on the features" if s.watches == "features" else "on the delayed error rate"
    if s.strength == 0:
        head = f"{who} {watched} has no drift to find"
    elif d.first_after is None:
        head = f"{who} {watched} never fired after the drift"
        if s.watches == "features" and s.drift_key == "concept":
            head += ", because concept drift leaves the features where they were"
        elif s.watches == "errors" and s.drift_key == "covariate":
            head += ", and covariate shift leaves P(fraud | x) as it was"
    else:
        weeks = formatting.count(d.first_after - s.start, "week")
        head = f"{who} {watched} fired {weeks} after the drift started (at the start of week {d.first_after})"
        if s.watches == "errors" and s.delay:
            head += f": it must wait for labels, {formatting.count(s.delay, 'week')} late"
    if d.false_alarms:
        alarms = formatting.count(d.false_alarms, "false alarm")
        return f"{head}; it raised {alarms} on data from before the drift, each paid for with a retrain."
    return head + "."


def _delay_sentence(s: Summary) -> str | None:
    if s.delay == 0 or s.strength == 0:
        return None
    return (
        f"Labels come back {formatting.count(s.delay, 'week')} late (the grey band): a retrain before week "
        f"{s.start + s.delay + 1} learns nothing from after the drift, however often it runs."
    )


def _cost_sentence(costs: tuple[Cost, ...], cheapest: int, weeks_note: str) -> str:
    best, never = costs[cheapest], costs[0]
    if cheapest == 0:
        return (
            f"Never retraining is the cheapest {weeks_note} at {formatting.money(best.total)} "
            f"({best.errors:,} errors): the retrains the other policies pay for cost more than the "
            "errors they save."
        )
    return (
        f"Cheapest {weeks_note}: {best.name}, at {formatting.money(best.total)} "
        f"({best.errors:,} errors and {formatting.count(best.retrains, 'retrain')}), against "
        f"{formatting.money(never.total)} for never retraining."
    )


def p_text(p: float) -> str:
    """A p-value as people write it, without exponents: '0.31', '0.0042', '<0.0001'."""
    return "<0.0001" if p < 1e-4 else f"{p:.2g}"


def sample_size_sentence(study: SampleSizeStudy) -> str:
    """What the sample-size chart shows, in its own numbers."""
    small, big = int(study.sizes[0]), int(study.sizes[-1])
    p0, p1 = p_text(study.p_value[0]), p_text(study.p_value[-1])
    moved = (
        f"falls from {p0} to {p1}"
        if study.p_value[-1] < study.p_value[0] and p0 != p1
        else f"is {p0} and {p1}"
    )
    return (
        f"Every transaction moved by {study.true_wasserstein:.2f} SDs, a shift no fraud model notices. "
        f"The KS p-value {moved} as each window grows from {small:,} to {big:,} transactions, while "
        f"PSI settles at {study.psi[-1]:.3f} and the Wasserstein distance at {study.wasserstein[-1]:.3f} "
        f"(its true value is {study.true_wasserstein:.2f}): a p-value measures the sample size as much "
        "as the drift, so alert on effect sizes."
    )


def notice(s: Summary, costs: tuple[Cost, ...], cheapest: int, weeks: int, window: int) -> tuple[str, ...]:
    """The page's sentences, most important first."""
    window_note = f"with labels {formatting.count(s.delay, 'week')} late and a {window}-week window"
    sentences = [
        _drift_sentence(s),
        _cadence_sentence(s, window_note),
        _detector_sentence(s),
        _delay_sentence(s),
        _cost_sentence(costs, cheapest, f"over {weeks} weeks"),
    ]
    return tuple(sentence for sentence in sentences if sentence)
