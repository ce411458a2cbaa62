"""One source per number: for each page, the quantities it quotes in more than one place (a card, a
table cell, a chart marker, a sentence), each read from the view's one typed field, and where the
page shows it. ``citation_problems`` checks that every place agrees with the field.

A page plugs in with one entry in ``CITERS``: a function from its view to its ``Cited`` quantities
(and ``CLAIMS`` for superlatives such as "best" or "lowest"). Places are found by card label, table
row, trace name or symbol, or a pattern over the sentences; a number written in text must equal
the field rounded as written, a plotted coordinate must equal it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorers.view import KeyNumber, Table, View
from tests.unit.sentences_support import NUMBER, decimals, number


@dataclass
class Cited:
    """One quantity: its value (the view field's) and each place it is shown."""

    quantity: str
    value: float
    written: list[tuple[str, str]] = field(default_factory=list)  # (place, the number as written)
    plotted: list[tuple[str, float]] = field(default_factory=list)  # (place, a chart coordinate)
    units: Mapping[str, float] = field(default_factory=dict)  # a written unit -> its size in the value's unit

    def card(
        self,
        numbers: Iterable[KeyNumber],
        prefix: str,
        part: str = "value",
        pattern: str = f"({NUMBER})",
        *,
        exact: bool = False,
    ) -> Cited:
        """Add the card whose label starts with ``prefix`` (is ``prefix``, when ``exact``): the first
        number of its value (or of another text ``part``, the group 1 of ``pattern`` in it)."""
        for n in numbers:
            if n.label == prefix or (n.label.startswith(prefix) and not exact):
                found = re.search(pattern, getattr(n, part) or "")
                if found:
                    self.written.append((f"card '{n.label}' {part}", found[1]))
        return self

    def cell(self, table: Table, row: str, column: int, pattern: str = f"({NUMBER})") -> Cited:
        """Add the table cell in the row named ``row`` and ``column`` (the group 1 of ``pattern`` in it)."""
        for cells in table.rows:
            if cells[0] == row:
                found = re.search(pattern, cells[column])
                if found:
                    self.written.append((f"table '{row}' column {column}", found[1]))
        return self

    def at(self, place: str, coordinate: float) -> Cited:
        """Add a chart coordinate read by the caller (a line's position, a shape's edge)."""
        self.plotted.append((place, float(coordinate)))
        return self

    def sentences(self, notice: Iterable[str], pattern: str) -> Cited:
        """Add every match of ``pattern`` (its group 1) in the sentences."""
        for sentence in notice:
            for found in re.finditer(pattern, sentence):
                self.written.append((f"sentence '{found[0]}'", found[1]))
        return self

    def marker(self, figure: Any, pick: Callable[[Mapping[str, Any]], bool], axis: str) -> Cited:
        """Add the ``axis`` coordinate of every single-point marker trace that ``pick`` selects."""
        for trace in figure.to_plotly_json()["data"]:
            if trace.get("mode") == "markers" and pick(trace) and len(trace[axis]) == 1:
                self.plotted.append((f"marker '{trace.get('name')}' {axis}", float(trace[axis][0])))
        return self


def citation_problems(cited: Iterable[Cited]) -> list[str]:
    """Every place whose number disagrees with its quantity's field."""
    problems = []
    for c in cited:
        for place, text in c.written:
            if text.startswith("<"):
                continue
            digits, _, unit = text.partition(" ")
            size = c.units.get(unit, 1.0)
            shown, places = number(digits) * size, decimals(digits)
            if abs(shown - round(c.value / size, places) * size) > (0.51 * 10.0**-places + 1e-12) * size:
                problems.append(f"{c.quantity} = {c.value!r}, but {place} shows {text}")
        for place, x in c.plotted:
            if not np.isclose(x, c.value, rtol=1e-12, atol=1e-12):
                problems.append(f"{c.quantity} = {c.value!r}, but {place} is at {x!r}")
    return problems


# --------------------------------------------------------------------------- threshold


def _symbol(symbol: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda trace: trace.get("marker", {}).get("symbol") == symbol


def _named(prefix: str, axis: str = "x") -> Callable[[Mapping[str, Any]], bool]:
    return lambda trace: str(trace.get("name", "")).startswith(prefix) and trace.get("xaxis", "x") == axis


def threshold_citations(v: Any) -> list[Cited]:
    """The threshold page: costs, thresholds and rates in cards, markers and sentences."""
    r, notes, cost, pr = v.reading, v.notice, v.cost.figure, v.pr_roc.figure
    cards = (*v.numbers, *v.cost_numbers)
    curve = r.cost_curve
    cited = [
        Cited("cost at the threshold", r.current_cost)
        .card(cards, "Cost per 1,000 at your threshold")
        .sentences(notes, rf"the expected cost is ({NUMBER})")
        .marker(cost, _named("Current threshold"), "y"),
        Cited("cost-optimal threshold", curve.best_threshold)
        .card(cards, "Cost-optimal threshold")
        .sentences(notes, rf"cost-optimal threshold (?:is )?({NUMBER})")
        .sentences(notes, rf"the search found ({NUMBER})")
        .marker(cost, _symbol("star"), "x"),
        Cited("lowest cost", curve.best_cost)
        .card(cards, "Cost-optimal threshold", "help", rf"costs ({NUMBER}) per")
        .sentences(notes, rf"costs ({NUMBER}), saving")
        .marker(cost, _symbol("star"), "y"),
        Cited("recall", r.shown.recall)
        .card(cards, "Recall")
        .sentences(notes, rf"recall \(({NUMBER})\)")
        .marker(pr, _named("Operating point (ROC)", "x2"), "y"),
        Cited("false-positive rate", r.shown.fpr)
        .card(cards, "False-positive rate")
        .sentences(notes, rf"false-positive rate \(({NUMBER})\)")
        .marker(pr, _named("Operating point (ROC)", "x2"), "x"),
        Cited("precision where the cards read", r.shown.precision)
        .card(cards, "Precision")
        .sentences(notes, rf"precision at {NUMBER} (?:goes from {NUMBER} to|stays at) ({NUMBER})")
        .marker(pr, _named("Same threshold, deployed" if r.prevalence is not None else "Threshold "), "y"),
        Cited("validation precision", r.current.precision)
        .sentences(notes, rf"there, precision ({NUMBER})")
        .sentences(notes, rf"precision at {NUMBER} goes from ({NUMBER}) to")
        .marker(pr, _named("Threshold "), "y"),
    ]
    if r.tuned_threshold is not None and r.tuned_cost is not None:
        cited += [
            Cited("TunedThresholdClassifierCV's threshold", r.tuned_threshold)
            .card(cards, "TunedThresholdClassifierCV picks")
            .sentences(notes, rf"TunedThresholdClassifierCV picks ({NUMBER})")
            .marker(cost, _symbol("diamond"), "x"),
            Cited("TunedThresholdClassifierCV's cost", r.tuned_cost)
            .sentences(notes, rf"picks {NUMBER} \(({NUMBER}) per 1,000\)")
            .marker(cost, _symbol("diamond"), "y"),
        ]
    return cited


def threshold_claims(v: Any) -> list[str]:
    """'Cost-optimal' is the lowest cost; 'already the lowest' is true."""
    r = v.reading
    curve = r.cost_curve
    problems = []
    if curve.best_cost > float(curve.cost_per_1000.min()) + 1e-9 * max(curve.best_cost, 1.0):
        problems.append(f"the cost-optimal cost {curve.best_cost} is not the lowest")
    if any("already the lowest" in s for s in v.notice) and r.current_cost > curve.best_cost + 1e-9:
        problems.append("'already the lowest' at a cost above the optimum")
    return problems


# --------------------------------------------------------------------------- logistic regression vs SVM


def lr_vs_svm_citations(v: Any) -> list[Cited]:
    """The LR vs SVM page: accuracies, Brier scores and log losses with their baselines."""
    r, notes, table = v.live, v.notice, v.details
    lr, svm, base = r.logistic, r.svm, r.baseline
    head = rf"Test accuracy: .+? ({NUMBER}), .+? ({NUMBER}), against ({NUMBER}) for always"
    calibration = v.calibration_numbers
    return [
        Cited("SVM test accuracy", svm.test_accuracy)
        .card(v.numbers, "SVM test accuracy")
        .cell(table, "Test accuracy", 2)
        .sentences(notes, head),
        Cited("LR test accuracy", lr.test_accuracy)
        .card(v.numbers, "LR test accuracy")
        .cell(table, "Test accuracy", 1)
        .sentences(notes, rf"Test accuracy: .+? {NUMBER}, .+? ({NUMBER}), against"),
        Cited("majority-class accuracy", base.accuracy)
        .card(v.numbers, "Majority-class baseline")
        .cell(table, "Test accuracy", 3)
        .sentences(notes, rf"against ({NUMBER}) for always predicting"),
        Cited("LR Brier", lr.test_brier)
        .card(calibration, "LR Brier")
        .cell(table, "Test Brier score", 1)
        .sentences(notes, rf"own probabilities score ({NUMBER})"),
        Cited("calibrated SVM Brier", svm.test_brier)
        .card(calibration, "SVM Brier, calibrated")
        .cell(table, "Test Brier score", 2)
        .sentences(notes, rf"it (?:to|at) ({NUMBER}), while"),
        Cited("squashed-margin Brier", svm.raw_brier)
        .card(calibration, "SVM Brier, squashed")
        .sentences(notes, rf"Brier score of ({NUMBER});"),
        Cited("base-rate Brier", base.brier)
        .card(calibration, "Base-rate Brier")
        .cell(table, "Test Brier score", 3)
        .sentences(notes, rf"the base rate ({NUMBER}) \("),
        Cited("LR log loss", lr.test_log_loss)
        .cell(table, "Test log loss", 1)
        .sentences(notes, rf"log-loss ({NUMBER}) for logistic regression"),
        Cited("SVM log loss", svm.test_log_loss)
        .cell(table, "Test log loss", 2)
        .sentences(notes, rf"and ({NUMBER}) for the calibrated SVM"),
        Cited("base-rate log loss", base.log_loss)
        .cell(table, "Test log loss", 3)
        .sentences(notes, rf"against ({NUMBER}) for predicting the base rate"),
    ]


def lr_vs_svm_claims(v: Any) -> list[str]:
    """'X is ahead' names the more accurate model; 'does not beat the baseline' is true."""
    r = v.live
    problems = []
    for sentence in v.notice:
        if "logistic regression is ahead" in sentence and r.logistic.test_accuracy <= r.svm.test_accuracy:
            problems.append("logistic regression called ahead but it is not")
        if f"{r.svm.label} is ahead" in sentence and r.svm.test_accuracy <= r.logistic.test_accuracy:
            problems.append("the SVM called ahead but it is not")
        if "neither model beats" in sentence and any(
            r.baseline.beaten_by(m.test_accuracy) for m in (r.logistic, r.svm)
        ):
            problems.append("'neither model beats the baseline' while one does")
    return problems


# --------------------------------------------------------------------------- class imbalance

_ACCURACY, _PRECISION, _RECALL, _PR_AUC = 1, 3, 4, 7  # columns of the imbalance metrics table


def _trace_names(figure: Any) -> list[str]:
    """Every trace's legend name: the numbers a chart writes in its legend."""
    return [str(trace.name) for trace in figure.data]


def imbalance_citations(v: Any) -> list[Cited]:
    """The imbalance page: the minority share, doing nothing's numbers and their baselines, each
    strategy's PR-AUC and operating point, the best PR-AUC and the calibration panel's Brier scores."""
    from explorers.imbalance.sentences import correct_runs, majority_accuracy
    from explorers.imbalance.tables import BASELINE_ROW

    notes, table, none, cards, legend = v.notice, v.table, v.none, v.numbers, _trace_names(v.pr.figure)
    captions = (v.table_caption,)
    cited = [
        Cited("minority share", v.plan.minority_share)
        .card(cards, "Minority share")
        .card(cards, "Best PR-AUC", "help", rf"chance \(the minority share\) ({NUMBER})")
        .sentences(captions, rf"the minority share, ({NUMBER})")
        .sentences(notes, rf"minority instead of ({NUMBER})")
        .sentences(legend, rf"Chance \(minority share ({NUMBER})\)"),
    ]
    for r in (r for r in v.results if r.ok):
        point = _named(f"{r.label}: operating point")
        trade = rf"^{re.escape(r.label)} raises minority recall from {NUMBER} to"
        moved = rf"precision (?:falls from {NUMBER} to|rises from {NUMBER} to|stays at)"
        cited += [
            Cited(f"{r.label}'s recall", r.mean("recall"))
            .cell(table, r.label, _RECALL)
            .sentences(notes, rf"{trade} ({NUMBER})"),
            Cited(f"{r.label}'s precision", r.mean("precision"))
            .cell(table, r.label, _PRECISION)
            .sentences(notes, rf"{trade} .*?{moved} ({NUMBER})"),
            Cited(f"{r.label}'s PR-AUC", r.mean("pr_auc"))
            .cell(table, r.label, _PR_AUC)
            .sentences(legend, rf"^{re.escape(r.label)} \(PR-AUC ({NUMBER})\)"),
            Cited(f"{r.label}'s operating recall", r.pooled.point_recall).marker(v.pr.figure, point, "x"),
            Cited(f"{r.label}'s operating precision", r.pooled.point_precision).marker(
                v.pr.figure, point, "y"
            ),
        ]
    ran = correct_runs(v.results)
    if ran:
        best = max(ran.values(), key=lambda r: r.mean("pr_auc"))
        cited.append(
            Cited("the best PR-AUC", best.mean("pr_auc"))
            .card(cards, "Best PR-AUC")
            .cell(table, best.label, _PR_AUC)
        )
    if none.ok:
        cited += _doing_nothing_citations(v, majority_accuracy(none), BASELINE_ROW)
    if v.calibration is not None:
        cal = v.calibration
        for variant, pattern in (
            ("before", rf"vs ({NUMBER}) doing nothing\)"),
            ("after", rf"\(Brier ({NUMBER}) vs"),
            ("prior", rf"prior correction (?:lowers|raises|leaves) Brier (?:to|at) ({NUMBER})"),
            ("calibrated", rf"CalibratedClassifierCV (?:lowers|raises|leaves) Brier (?:to|at) ({NUMBER})"),
        ):
            label = f"Brier, {cal.short_label(variant)}"
            cited.append(
                Cited(label, cal.brier(variant)[0])
                .card(v.calibration_numbers, label)
                .sentences(notes, pattern)
            )
    return cited


def _doing_nothing_citations(v: Any, majority: float, baseline_row: str) -> list[Cited]:
    """Doing nothing's accuracy, catch count, recall and PR-AUC, and flagging nothing's accuracy."""
    notes, table, none, cards = v.notice, v.table, v.none, v.numbers
    row = none.label
    return [
        Cited("doing nothing's accuracy", none.mean("accuracy"))
        .card(cards, "Accuracy, doing nothing")
        .cell(table, row, _ACCURACY)
        .sentences(notes, rf"Doing nothing scores ({NUMBER}) accuracy"),
        Cited("majority-class accuracy", majority)
        .card(cards, "Accuracy, doing nothing", "help", rf"scores ({NUMBER})")
        .cell(table, baseline_row, _ACCURACY)
        .sentences(notes, rf"flagging nothing at all \(({NUMBER})\)")
        .sentences((v.table_caption,), rf"flagging nothing scores accuracy ({NUMBER})"),
        Cited("minority examples doing nothing catches", none.pooled.tp)
        .card(cards, "Caught, doing nothing")
        .sentences(notes, rf"catches ({NUMBER}) of"),
        Cited("minority examples in the test splits", none.pooled.positives)
        .card(cards, "Caught, doing nothing", pattern=rf"of ({NUMBER})")
        .sentences(notes, rf"catches {NUMBER} of ({NUMBER})"),
        Cited("doing nothing's mean recall", none.mean("recall"))
        .cell(table, row, _RECALL)
        .sentences(notes, rf"\(recall ({NUMBER})[,)]")
        .sentences(notes, rf"above doing nothing's ({NUMBER})\.")
        .sentences(notes, rf"raises minority recall from ({NUMBER})"),
        Cited("doing nothing's precision", none.mean("precision"))
        .cell(table, row, _PRECISION)
        .sentences(notes, rf"precision (?:falls|rises) from ({NUMBER}) to"),
        Cited("doing nothing's PR-AUC", none.mean("pr_auc"))
        .card(cards, "Best PR-AUC", "help", rf"doing nothing scores ({NUMBER})")
        .cell(table, row, _PR_AUC)
        .sentences(notes, rf"equals doing nothing's \(({NUMBER})\)")
        .sentences(notes, rf"its PR-AUC is {NUMBER} against ({NUMBER})"),
    ]


def _ranked_problems(sentence: str, ran: Mapping[str, Any]) -> list[str]:
    """'Ranked by accuracy, X comes first; ranked by PR-AUC, Y does': X and Y top their metric."""
    found = re.match(r"Ranked by accuracy, (.+?) comes first; ranked by PR-AUC, (.+?) does:", sentence)
    if not found:
        return []
    named = {("doing nothing" if key == "none" else r.label): r for key, r in ran.items()}
    problems = []
    for name, metric in ((found[1], "accuracy"), (found[2], "pr_auc")):
        if named[name].mean(metric) < max(r.mean(metric) for r in ran.values()):
            problems.append(f"{name} called first by {metric} but is not")
    return problems


def imbalance_claims(v: Any) -> list[str]:
    """'Best PR-AUC', 'leads on both', 'comes first' and 'raises recall' are true of the table's means."""
    from explorers.imbalance.sentences import correct_runs

    ran = correct_runs(v.results)
    problems = []
    if ran:
        top = max(r.mean("pr_auc") for r in ran.values())
        for n in v.numbers:
            if n.label.startswith("Best PR-AUC") and not np.isclose(float(n.value), round(top, 2)):
                problems.append(f"card '{n.label}' {n.value} is not the best mean PR-AUC {top}")
    for sentence in v.notice:
        problems += _ranked_problems(sentence, ran)
        for r in ran.values():
            if sentence.startswith(f"{r.label} leads on both") and any(
                o.mean(m) > r.mean(m) for o in ran.values() for m in ("accuracy", "pr_auc")
            ):
                problems.append(f"'{r.label} leads on both' while another is ahead")
            if sentence.startswith(f"{r.label}'s PR-AUC beats") and any(
                o.mean("pr_auc") > r.mean("pr_auc") for o in ran.values()
            ):
                problems.append(f"'{r.label}' called the best PR-AUC while another is higher")
    return problems


# --------------------------------------------------------------------------- regularization strength


def regularization_citations(v: Any) -> list[Cited]:
    """The regularization page: the current C and its scores, the CV pick, the baseline, the standard
    error behind the zones and the exact zeros."""
    from explorers.regularization.penalties import C_GRID, LOG_C

    s, notes, cards, path, fig = v.scores, v.notice, v.numbers, v.path_numbers, v.validation.figure
    i, best, m = v.index, s.zones.best_index, s.scoring.metric
    titles = (v.boundary_title, v.learning_title)
    return [
        Cited("the current C", C_GRID[i])
        .card(cards, "C", exact=True)
        .sentences(titles, rf"at C = ({NUMBER})$"),
        Cited("λ", 1 / C_GRID[i])
        .card(cards, "λ = 1/C")
        .sentences(notes, rf"^At C = {NUMBER} \(λ = ({NUMBER})\)"),
        Cited("log10 of the current C", LOG_C[i]).marker(fig, _named("Current C"), "x"),
        Cited(f"train {m}", s.train[i])
        .card(cards, f"Train {m}")
        .marker(fig, _named("Current C (train)"), "y"),
        Cited(f"CV {m}", s.cv[i])
        .card(cards, f"CV {m}")
        .sentences(notes, rf"the CV {m} is ({NUMBER}) against")
        .sentences(notes, rf"against the CV estimate ({NUMBER})")
        .marker(fig, _named("Current C (CV)"), "y"),
        Cited("train–CV gap", s.gap[i])
        .card(cards, "Train–CV gap")
        .sentences(notes, rf"{m} is ({NUMBER}) at C = {NUMBER}, the same")
        .sentences(notes, rf"to ({NUMBER}) at C = {NUMBER}:")
        .sentences(notes, rf"^At the loosest C = {NUMBER} the gap between train and CV {m} is ({NUMBER});"),
        Cited(f"test {m}", s.test[i])
        .card(cards, f"Test {m}")
        .sentences(notes, rf"scores {m} ({NUMBER}), against the CV"),
        Cited(f"baseline test {m}", s.baseline)
        .card(cards, "Baseline test")
        .sentences(notes, rf"ignores the features(?:, which)? scores ({NUMBER})")
        .sentences(_trace_names(fig), rf"^Baseline, no features \(test {m} ({NUMBER})\)"),
        Cited(f"best mean CV {m}", s.cv[best])
        .sentences(notes, rf"against the best ({NUMBER})")
        .sentences(notes, rf"on this grid, ({NUMBER})")
        .marker(fig, _symbol("star"), "y"),
        Cited("the page's CV pick", C_GRID[best])
        .card(path, "Chosen by CV", pattern=rf"C = ({NUMBER})")
        .sentences(notes, rf"against the best {NUMBER} at C = ({NUMBER})")
        .sentences(notes, rf"^C = ({NUMBER}) \(λ = {NUMBER}\) gives the best")
        .sentences(notes, rf"CV-best C = ({NUMBER})"),
        Cited("log10 of the page's CV pick", LOG_C[best]).marker(fig, _symbol("star"), "x"),
        Cited("one standard error", s.zones.standard_error)
        .sentences(notes, rf"one standard error \(({NUMBER})\)")
        .sentences((v.validation_caption,), rf"one standard error \(({NUMBER}):"),
        Cited("coefficients exactly 0", v.sparsity.zeroed_total)
        .card(path, "Coefficients exactly 0")
        .sentences(notes, rf"\(({NUMBER}) of {NUMBER} coefficients exactly 0\)"),
        Cited("coefficients", v.sparsity.total)
        .card(path, "Coefficients exactly 0", pattern=rf"of ({NUMBER})")
        .sentences(notes, rf"\({NUMBER} of ({NUMBER}) coefficients exactly 0\)")
        .sentences(notes, rf"zeroes none of the ({NUMBER})"),
    ]


def regularization_claims(v: Any) -> list[str]:
    """The CV pick is the best mean CV score; 'more than one standard error worse' and 'within one
    standard error' are true of the current C's mean CV score; 'gives the best' is said of the best C."""
    s, i = v.scores, v.index
    goodness = s.scoring.goodness(s.cv)
    best, se = s.zones.best_index, s.zones.standard_error
    behind = float(goodness[best] - goodness[i])
    problems = []
    if goodness[best] < goodness.max():
        problems.append(f"the CV pick (grid index {best}) is not the best mean CV score")
    for sentence in v.notice:
        if "more than one standard error" in sentence and not behind > se:
            problems.append(f"'more than one standard error worse' while {behind:.4f} behind, SE {se:.4f}")
        if "within one standard error" in sentence and behind > se:
            problems.append(f"'within one standard error' while {behind:.4f} behind, SE {se:.4f}")
        if "gives the best mean CV" in sentence and i != best:
            problems.append("'gives the best mean CV' at a C that is not the best")
    return problems


# --------------------------------------------------------------------------- batch vs real-time serving

MS = {"µs": 1e-3, "ms": 1.0, "s": 1e3, "min": 6e4, "h": 3.6e6}  # durations written for a value in ms
HOURS = {"min": 1 / 60, "h": 1.0, "days": 24.0}  # ages written for a value in hours
DURATION = rf"({NUMBER} (?:µs|ms|s|min|h|days))"


def _mode_citations(v: Any, mode: Any, column: int, cards: tuple[KeyNumber, ...]) -> list[Cited]:
    """One real-time mode's p99, share over the SLA, utilisation and cost (one per call's and dynamic
    batching's sentences told apart by how they start)."""
    from explorers.serving.figures import SMALLEST_LATENCY_MS

    result, outcome, table, notes = getattr(v, mode.key), v.outcomes[mode.key], v.table, v.notice
    own = r"^At " if mode.key == "one" else r"^Dynamic batching"
    p99 = (
        Cited(f"{mode.name} p99", result.p99, units=MS)
        .card(cards, "p99", pattern=DURATION)
        .card(cards, "p99", "help", rf"reached {DURATION}")
        .cell(table, "p99", column, DURATION)
        .sentences(notes, rf"{own}.*?[:;,] p99 {DURATION}")
        .sentences(notes, rf"{own}.*?p99 had reached {DURATION}")
    )
    if mode.key == "one":
        p99.sentences(notes, rf"one per call: p99 {DURATION}").sentences(
            notes, rf"per request \(p99 {DURATION}"
        )
    if result.p99 >= SMALLEST_LATENCY_MS:
        p99.marker(v.latency.figure, _named(mode.name), "x")
    return [
        p99,
        Cited(f"{mode.name} p50", result.p50, units=MS)
        .cell(table, "p50", column, DURATION)
        .sentences(notes, rf"{own}.*?p50 {DURATION}, p99" if mode.key == "one" else rf"→ {DURATION}; p99"),
        Cited(f"{mode.name} share over the SLA", outcome.over_sla)
        .card(cards, "Over ")
        .cell(table, next(row[0] for row in table.rows if row[0].startswith("Over ")), column)
        .sentences(notes, rf"{own}.*?({NUMBER}) of requests miss"),
        Cited(f"{mode.name} utilisation", result.utilisation)
        .card(cards, "Utilisation")
        .cell(table, "Utilisation", column)
        .sentences(notes, rf"{own}.*?(?:keeps (?:one replica|[0-9]+ replicas)|its replicas) ({NUMBER}) busy"),
        Cited(f"{mode.name} $ per million", outcome.dollars_per_million)
        .card(cards, "$ per million")
        .cell(table, "$ per million", column)
        .sentences(notes, rf"one per call: ({NUMBER});" if mode.key == "one" else r"(?!)"),
    ]


def _batch_citations(v: Any, column: int, cards: tuple[KeyNumber, ...]) -> list[Cited]:
    """The batch precompute's lookup p99, cost, staleness and run length."""
    batch, outcome, table, notes = v.batch, v.outcomes["batch"], v.table, v.notice
    warnings = [m.text for m in v.messages]
    median = Cited("batch staleness median", batch.staleness_p50, units=HOURS)
    if batch.keeps_up:
        median.card(cards, "Staleness", pattern=DURATION).cell(table, "Staleness", column, DURATION)
        median.sentences(notes, rf"a median {DURATION} old")
        median.sentences([a["text"] for a in v.staleness.figure.layout.annotations], rf"median {DURATION}")
        median.at("the median line", v.staleness.figure.layout.shapes[0].x0)
    return [
        Cited("batch lookup p99", batch.p99, units=MS)
        .card(cards, "p99", pattern=DURATION)
        .cell(table, "p99", column, DURATION)
        .sentences(notes, rf"one key-value read: p99 {DURATION}")
        .marker(v.latency.figure, _named("Offline batch precompute"), "x"),
        Cited("batch share over the SLA", outcome.over_sla)
        .card(cards, "Over ")
        .cell(table, next(row[0] for row in table.rows if row[0].startswith("Over ")), column)
        .sentences(notes, rf"^A precomputed.*?SLA: ({NUMBER}) of requests miss"),
        Cited("batch $ per million", outcome.dollars_per_million)
        .card(cards, "$ per million")
        .card(cards, "$ per million", "help", rf"^({NUMBER}):")
        .cell(table, "$ per million", column)
        .sentences(notes, rf"costs ({NUMBER}) per million requests"),
        median,
        Cited("batch staleness p95", batch.staleness_p95, units=HOURS)
        .card(cards, "Staleness", "help", rf"p95 {DURATION}")
        .sentences(notes, rf"95th percentile {DURATION}"),
        Cited("batch run length", batch.run_hours, units=HOURS)
        .card(cards, "Staleness", "help", rf"a run takes {DURATION}")
        .sentences(notes, rf"a run takes {DURATION}")
        .sentences(warnings, rf"takes {DURATION} on"),
    ]


def serving_citations(v: Any) -> list[Cited]:
    """The serving page: each mode's latency, SLA share, utilisation and cost in its cards, the table,
    the latency chart and the sentences; the batch job's staleness and run length."""
    from explorers.serving.modes import MODES

    columns = {name: i for i, name in enumerate(v.table.columns)}
    cited: list[Cited] = []
    for mode, cards in zip(MODES, v.cards, strict=True):
        if mode.key == "batch":
            cited += _batch_citations(v, columns[mode.name], cards.numbers)
        else:
            cited += _mode_citations(v, mode, columns[mode.name], cards.numbers)
    return cited


def _ms(text: str) -> float:
    """A written duration ('6.4 ms', '1 s') in milliseconds."""
    digits, _, unit = text.partition(" ")
    return number(digits) * MS[unit]


def serving_claims(v: Any) -> list[str]:
    """'inside the SLA' and 'over the SLA' judge the p99 against the SLA the sentence names; 'faster than
    computing it per request' and 'at the same cost' are true."""
    problems = []
    for sentence in v.notice:
        for found in re.finditer(rf"p99 {DURATION}, (inside|over) the {DURATION} SLA", sentence):
            p99, sla = _ms(found[1]), _ms(found[3])  # written with the figures that tell them apart
            if (found[2] == "inside" and p99 > sla) or (found[2] == "over" and p99 <= sla):
                problems.append(f"'{found[0]}' judges the p99 against the SLA wrongly")
        if "key-value read" in sentence:
            faster = v.one.overloaded or v.batch.p99 < v.one.p99
            if ("no faster than" in sentence) == faster:
                problems.append(f"the lookup called {'no ' if not faster else ''}faster, wrongly: {sentence}")
        if "at the same cost" in sentence:
            ratio = v.outcomes["batched"].dollars_per_million / v.outcomes["one"].dollars_per_million
            if abs(ratio - 1) > 0.005:
                problems.append(f"'at the same cost' at {ratio:.3f} times the cost")
    return problems


# --------------------------------------------------------------------------- calibrated probabilities for ads


def ads_calibration_citations(v: Any) -> list[Cited]:
    """The ads calibration page: the shown calibration's ratio, AUC, NE and surplus in cards, the table
    and the sentences; the raw model's and each calibration's numbers the sentences quote; the star."""
    from explorers.ads_calibration.reading import PRIOR, ROW_LABELS, TRUTH

    r, notes, cards, table = v.reading, v.notice, v.numbers, v.table
    t, s = r.trained, r.current
    shown = ROW_LABELS[r.shown]
    rows = r.rows
    cited = [
        Cited("shown calibration ratio", s.ratio).card(cards, "Calibration ratio").cell(table, shown, 6),
        Cited("shown AUC", s.auc).card(cards, "AUC").cell(table, shown, 1),
        Cited("shown NE", s.ne)
        .card(cards, "Normalised entropy")
        .cell(table, shown, 3)
        .sentences(notes, rf"^NE of the .+? probabilities is ({NUMBER}):"),
        Cited("shown surplus", r.outcome.surplus)
        .card(cards, "Surplus per")
        .cell(table, shown, 7)
        .sentences(notes, rf"a surplus of ({NUMBER});"),
        Cited("shown loss", -r.outcome.surplus).sentences(notes, rf"a loss of ({NUMBER});"),
        Cited("shown mean prediction", s.mean).marker(v.reliability.figure, _symbol("star"), "x"),
        Cited("test click rate", t.test_rate)
        .marker(v.reliability.figure, _symbol("star"), "y")
        .sentences(notes, rf"mean prediction from ({NUMBER}) to")
        .sentences(notes, rf"observed click rate of ({NUMBER})")
        .sentences(notes, rf"mean prediction at ({NUMBER}), the observed"),
        Cited("true probabilities' surplus", r.best_surplus)
        .card(cards, "Surplus per", "help", rf"earns the most: ({NUMBER})\.")
        .cell(table, ROW_LABELS[TRUTH], 7)
        .sentences(notes, rf"earns the most, ({NUMBER})\."),
        Cited("true probabilities' NE", rows[TRUTH].ne)
        .card(cards, "Normalised entropy", "help", rf"true probabilities score ({NUMBER})")
        .cell(table, ROW_LABELS[TRUTH], 3)
        .sentences(notes, rf"the true probabilities score ({NUMBER})\.$"),
        Cited("true probabilities' ratio", rows[TRUTH].ratio)
        .card(cards, "Calibration ratio", "help", rf"true probabilities give ({NUMBER})")
        .cell(table, ROW_LABELS[TRUTH], 6),
        Cited("prior AUC", rows[PRIOR].auc)
        .card(cards, "AUC", "help", rf"scores ({NUMBER})")
        .cell(table, ROW_LABELS[PRIOR], 1),
        Cited("prior NE", rows[PRIOR].ne)
        .card(cards, "Normalised entropy", "help", rf"baseline scores ({NUMBER})")
        .cell(table, ROW_LABELS[PRIOR], 3),
        Cited("shown won share", r.outcome.won).sentences(notes, rf"CTR wins ({NUMBER}) of auctions"),
        Cited("shown spend", r.outcome.spend).sentences(notes, rf"spends ({NUMBER}) per 1,000"),
        Cited("shown true value", r.outcome.value).sentences(notes, rf"for ({NUMBER}) of true value"),
    ]
    raw, corrected = rows["none"], rows["correction"]
    cited += [
        Cited("raw ratio", raw.ratio)
        .cell(table, ROW_LABELS["none"], 6)
        .sentences(notes, rf"\(calibration ratio ({NUMBER})\)"),
        Cited("raw mean prediction", raw.mean)
        .sentences(notes, rf"mean prediction from {NUMBER} to ({NUMBER})")
        .sentences(notes, rf"mean prediction is ({NUMBER}) against"),
        Cited("raw AUC", raw.auc)
        .cell(table, ROW_LABELS["none"], 1)
        .sentences(notes, rf"while AUC is ({NUMBER})")
        .sentences(notes, rf"the raw model scores ({NUMBER})"),
        Cited("corrected ratio", corrected.ratio)
        .cell(table, ROW_LABELS["correction"], 6)
        .sentences(notes, rf"brings the ratio to ({NUMBER})"),
        Cited("corrected AUC", corrected.auc)
        .cell(table, ROW_LABELS["correction"], 1)
        .sentences(notes, rf"(?:leaves AUC at|moves AUC to) ({NUMBER})"),
    ]
    for key, name in (("platt", "Platt"), ("isotonic", "isotonic")):
        if key in rows:
            fitted = rows[key]
            label = name
            cited += [
                Cited(f"{key} AUC", fitted.auc)
                .cell(table, ROW_LABELS[key], 1)
                .sentences(
                    notes, rf"{label}(?: keeps it at|'s flat steps tie distinct scores, giving) ({NUMBER})"
                )
                .sentences(notes, rf"{label}'s fitted slope .*?\(AUC ({NUMBER})\)"),
                Cited(f"{key} NE", fitted.ne)
                .cell(table, ROW_LABELS[key], 3)
                .sentences(notes, rf"{name} scores NE ({NUMBER})")
                .sentences(notes, rf"and {name} ({NUMBER}):"),
            ]
    return cited


def ads_calibration_claims(v: Any) -> list[str]:
    """'earns the most' is the best surplus; 'better than knowing only the base rate' means NE < 1; the
    calibration Platt or isotonic is said to beat has the higher NE."""
    from explorers.ads_calibration.reading import TRUTH

    r = v.reading
    problems = []
    best = max(o.surplus for o in r.outcomes.values())
    if r.outcomes[TRUTH].surplus < best - 1e-12:
        problems.append("the true probabilities do not earn the most surplus")
    for sentence in v.notice:
        if "better than knowing only the base rate" in sentence and not r.current.ne < 1:
            problems.append(f"called better than the base rate at NE {r.current.ne}")
        if "worse than predicting the base rate" in sentence and r.current.ne < 1:
            problems.append(f"called worse than the base rate at NE {r.current.ne}")
        platt, iso = r.rows.get("platt"), r.rows.get("isotonic")
        if platt is not None and iso is not None:
            if ", Platt scores NE" in sentence and platt.ne > iso.ne:
                problems.append("Platt put first while isotonic's NE is lower")
            if ", isotonic scores NE" in sentence and iso.ne >= platt.ne:
                problems.append("isotonic put first while Platt's NE is as low")
    return problems


# --------------------------------------------------------------------------- feature transforms


def feature_transforms_citations(v: Any) -> list[Cited]:
    """The feature-transforms page: AUC and log loss per transform in the cards, the tables, the chart and
    the sentences; the AUC gap, the shrinkage, the fitted prior and the errors to the true CTR."""
    from explorers.feature_transforms.sentences import ranked
    from explorers.feature_transforms.training import FEATURE_MODELS
    from explorers.feature_transforms.transforms import TRANSFORMS

    runs, notes, cards, s = v.runs, v.notice, v.numbers, v.smoothing
    model, key = v.model, v.transform
    scores = runs.scores[model]
    quality = {t["name"]: t for t in v.quality.figure.to_plotly_json()["data"]}
    where = list(TRANSFORMS).index(key)
    label = FEATURE_MODELS[model].label
    lr = runs.scores["logreg"]
    return [
        Cited("AUC at the picked transform", scores[key].auc)
        .card(cards, "AUC, ")
        .cell(v.table, TRANSFORMS[key].label, 1)
        .at("the quality chart's marker", quality[label]["x"][where]),
        Cited("log loss at the picked transform", scores[key].log_loss)
        .card(cards, "Log loss, ")
        .cell(v.table, TRANSFORMS[key].label, 2),
        Cited("baseline log loss", float(runs.baseline_log_loss.mean()))
        .card(cards, "Log loss, ", "help", rf"scores ({NUMBER})")
        .cell(v.table, "No-skill baseline (predict the base rate)", 2),
        Cited("logistic regression's AUC on raw counts", lr["raw"].auc)
        .cell(v.table if model == "logreg" else v.other_table, "Raw counts", 1)
        .sentences(notes, rf"log1p (?:raised|lowered) AUC from ({NUMBER})")
        .sentences(notes, rf"log1p left AUC at ({NUMBER})"),
        Cited("logistic regression's AUC on log1p", lr["log1p"].auc)
        .cell(v.table if model == "logreg" else v.other_table, "log1p", 1)
        .sentences(notes, rf"log1p (?:raised|lowered) AUC from {NUMBER} to ({NUMBER})"),
        Cited("the AUC gap", ranked(scores).gap)
        .card(cards, "AUC gap")
        .sentences(notes, rf"with {label.lower()}, [^;]*?a gap of ({NUMBER})"),
        Cited("the shrinkage of the noisiest posts", s.shrinkage)
        .card(cards, "Shrinkage")
        .sentences(notes, rf"impressions by ({NUMBER}) on average"),
        Cited("posts with few impressions", s.noisy)
        .card(cards, "Shrinkage", "help", rf"over the ({NUMBER}) posts")
        .sentences(notes, rf"moves the ({NUMBER}) posts"),
        Cited("the fitted alpha", runs.eb_prior.alpha).card(cards, "Fitted prior", pattern=rf"^({NUMBER}) /"),
        Cited("the fitted beta", runs.eb_prior.beta).card(cards, "Fitted prior", pattern=rf"/ ({NUMBER})"),
        Cited("the smoothing prior's mean", s.prior.mean).sentences(notes, rf"prior mean ({NUMBER})"),
        Cited("raw RMSE", s.rmse_raw)
        .card(v.smoothing_numbers, "RMSE to true CTR, raw")
        .sentences(notes, rf"\(RMSE\) (?:falls|rises) from ({NUMBER})")
        .sentences(notes, rf"\(RMSE\) stays at ({NUMBER})"),
        Cited("smoothed RMSE", s.rmse_smoothed)
        .card(v.smoothing_numbers, "RMSE to true CTR, smoothed")
        .sentences(notes, rf"\(RMSE\) (?:falls|rises) from {NUMBER} to ({NUMBER})")
        .sentences(notes, rf"\(RMSE\) stays at ({NUMBER})"),
        Cited("weighted raw RMSE", s.weighted_rmse_raw)
        .card(v.smoothing_numbers, "Weighted by impressions, raw")
        .sentences(notes, rf"and (?:falls|rises) from ({NUMBER})")
        .sentences(notes, rf"and stays at ({NUMBER}) weighted"),
        Cited("weighted smoothed RMSE", s.weighted_rmse_smoothed)
        .card(v.smoothing_numbers, "Weighted by impressions, smoothed")
        .sentences(notes, rf"and (?:falls|rises) from {NUMBER} to ({NUMBER})")
        .sentences(notes, rf"and stays at ({NUMBER}) weighted"),
    ]


def feature_transforms_claims(v: Any) -> list[str]:
    """The transform called best (worst) for a model has the highest (lowest) mean AUC at three decimals,
    and the AUC quoted is its own."""
    from explorers.feature_transforms.training import FEATURE_MODELS
    from explorers.feature_transforms.transforms import TRANSFORMS

    by_name = {t.short: key for key, t in TRANSFORMS.items()}
    problems = []
    for model, scores in v.runs.scores.items():
        written = {key: f"{s.auc:.3f}" for key, s in scores.items()}
        label = FEATURE_MODELS[model].label.lower()
        pattern = (
            rf"with {label}, (?P<best>.+?) is best \(AUC (?P<b>{NUMBER})(?:, tied [^)]*)?\) and "
            rf"(?P<worst>.+?) worst \((?P<w>{NUMBER})"
        )
        for sentence in v.notice:
            for found in re.finditer(pattern, sentence):
                best, worst = by_name.get(found["best"]), by_name.get(found["worst"])
                if best is None or written[best] != max(written.values()) or written[best] != found["b"]:
                    problems.append(f"{found['best']} called best for {label} at {found['b']}: {written}")
                if worst is None or written[worst] != min(written.values()) or written[worst] != found["w"]:
                    problems.append(f"{found['worst']} called worst for {label} at {found['w']}: {written}")
    return problems


# --------------------------------------------------------------------------- drift and retraining


def drift_citations(v: Any) -> list[Cited]:
    """The drift page: each policy's metric before and after the drift, the no-skill baseline, the
    detection delay and false alarms, and the policies' costs in cards, the table and sentences."""
    s, notes, cards, table = v.summary, v.notice, v.numbers, v.table
    names, metric = s.names, s.metric.lower()
    cited = [
        Cited("never retrained, before", s.before[0])
        .cell(table, names[0], 1)
        .sentences(notes, rf"{metric} is ({NUMBER}) before the drift")
        .sentences(notes, rf"scores {metric} ({NUMBER}) before week"),
        Cited("never retrained, after", s.after[0])
        .card(cards, f"{s.metric} after the drift, never retrained")
        .cell(table, names[0], 2)
        .sentences(notes, rf"the drift (?:cut|raised|took) it from {NUMBER} to ({NUMBER})")
        .sentences(notes, rf"the drift left it at ({NUMBER})")
        .sentences(notes, rf"against ({NUMBER}) never retrained")
        .sentences(notes, rf"before week {NUMBER} and ({NUMBER}) from it on"),
        Cited("fixed cadence, after", s.after[1])
        .card(cards, f"{s.metric} after the drift, {names[1].lower()}")
        .cell(table, names[1], 2)
        .sentences(notes, rf"^Retraining .+? scores ({NUMBER}) from the drift on"),
        Cited("triggered, after", s.after[2])
        .card(cards, f"{s.metric} after the drift, {names[2]}")
        .cell(table, names[2], 2),
        Cited("no-skill baseline after the drift", s.baseline_after)
        .card(cards, "No-skill")
        .cell(table, table.rows[-1][0], 2)
        .sentences(notes, rf"\(no skill: ({NUMBER})\)")
        .sentences(notes, rf"against ({NUMBER}) with no skill"),
    ]
    for cost in v.costs:
        cited.append(Cited(f"{cost.name}'s total cost", cost.total).cell(table, cost.name, 7))
        cited.append(Cited(f"{cost.name}'s errors", cost.errors).cell(table, cost.name, 3))
        cited.append(Cited(f"{cost.name}'s retrains", cost.retrains).cell(table, cost.name, 4))
    best, never = v.costs[v.cheapest], v.costs[0]
    cited += [
        Cited("the cheapest total", best.total)
        .card(cards, "Cheapest policy")
        .sentences(notes, rf"cheapest over {NUMBER} weeks(?::.*?,)? at ({NUMBER}) \("),
        Cited("never retraining's total", never.total).sentences(
            notes, rf"against ({NUMBER}) for never retraining"
        ),
        Cited("the cheapest's errors", best.errors).sentences(notes, rf"\(({NUMBER}) errors"),
    ]
    d = s.detection
    if d.first_after is not None:
        cited.append(
            Cited("weeks to the first alarm after the drift", d.first_after - s.start)
            .card(cards, f"{s.detector_short}: weeks to an alarm")
            .sentences(notes, rf"fired ({NUMBER}) weeks? after the drift started")
        )
        cited.append(
            Cited("the first alarm's week", d.first_after).sentences(
                notes, rf"at the start of week ({NUMBER})\)"
            )
        )
    cited.append(
        Cited("false alarms", d.false_alarms)
        .card(cards, f"{s.detector_short}: weeks to an alarm", "delta")
        .sentences(notes, rf"it raised ({NUMBER}) false alarms?")
    )
    return cited


def drift_claims(v: Any) -> list[str]:
    """'Cheapest' is the lowest total; 'never fired' is true; the cheapest card names the cheapest."""
    totals = [c.total for c in v.costs]
    problems = []
    if totals[v.cheapest] > min(totals):
        problems.append("the cheapest policy is not the lowest total")
    for sentence in v.notice:
        if "never fired after the drift" in sentence and v.summary.detection.first_after is not None:
            problems.append("'never fired' but it fired")
        if sentence.startswith("Never retraining is the cheapest") and v.cheapest != 0:
            problems.append("never retraining called cheapest but it is not")
    for n in v.numbers:
        if (
            n.label.startswith("Cheapest policy")
            and n.label != f"Cheapest policy: {v.costs[v.cheapest].name}"
        ):
            problems.append("the cheapest card names another policy")
    return problems


# --------------------------------------------------------------------------- ranking metrics & position bias


def ranking_citations(v: Any) -> list[Cited]:
    """The ranking page: who wins on each label source (cards, trap chart markers, sentences), the
    spread over seeds, the flip point, and nDCG@k on the chosen labels (cards and table)."""
    r, notes, cards, trap = v.reading, v.notice, v.numbers, v.trap.figure
    signed = rf"B − A on nDCG@[0-9]+: \+?({NUMBER}) ±"
    cited = [
        Cited("relevance labels' |B − A|", abs(r.gaps["relevance"].mean))
        .card(cards, "Relevance labels prefer", pattern=rf"by ({NUMBER})")
        .sentences(notes, rf"relevance labels prefer [AB] by ({NUMBER})"),
        Cited("relevance labels' B − A", r.gaps["relevance"].mean)
        .card(cards, "Relevance labels prefer", "help", signed)
        .marker(trap, lambda t: "Relevance labels" in str(t.get("name")), "y"),
        Cited("raw clicks' |B − A|", abs(r.gaps["clicks"].mean))
        .card(cards, "Raw clicks (", pattern=rf"by ({NUMBER})")
        .sentences(notes, rf"raw clicks prefer [AB] by ({NUMBER})"),
        Cited("raw clicks' B − A", r.gaps["clicks"].mean)
        .card(cards, "Raw clicks (", "help", signed)
        .marker(trap, lambda t: "Raw clicks" in str(t.get("name")), "y"),
        Cited("IPS's |B − A|", abs(r.gaps["ips"].mean))
        .card(cards, "IPS, clip", pattern=rf"by ({NUMBER})")
        .sentences(notes, rf"IPS with(?:out)? clipping(?: at \S+)? prefers [AB] by ({NUMBER})"),
        Cited("IPS's B − A", r.gaps["ips"].mean)
        .card(cards, "IPS, clip", "help", signed)
        .marker(trap, lambda t: "IPS-weighted" in str(t.get("name")), "y")
        .marker(v.clipping.figure, _symbol("diamond"), "y"),
        Cited("IPS's sd over seeds", r.gaps["ips"].sd)
        .card(cards, "IPS, clip", "help", rf"± ({NUMBER}) over")
        .sentences(notes, rf"standard deviation of ({NUMBER}) with(?:out)? clipping"),
        Cited("raw clicks' sd over seeds", r.gaps["clicks"].sd)
        .card(cards, "IPS, clip", "help", rf"spread: ± ({NUMBER})")
        .card(cards, "Raw clicks (", "help", rf"± ({NUMBER}) over")
        .sentences(notes, rf"against ({NUMBER}) on raw clicks"),
        Cited("the gap with every item examined", r.gaps["seen"].mean).sentences(
            notes, rf"every item examined \(({NUMBER})\)"
        ),
        Cited("the current eta", r.eta)
        .sentences(notes, rf"^With η = ({NUMBER})")
        .card(cards, "Raw clicks (", "label", rf"η = ({NUMBER})"),
    ]
    if r.flip_eta is not None:
        cited.append(
            Cited("the first flip", r.flip_eta)
            .card(cards, "Raw clicks first flip at", pattern=rf"η = ({NUMBER})")
            .sentences(notes, rf"first prefer [AB] at η = ({NUMBER})")
        )
    row = next(cells for cells in v.table.rows if cells[0].startswith("nDCG@"))
    for column, key in ((1, "a"), (2, "b"), (3, "random")):
        stat = r.table["ndcg"][key]
        label = {"a": "ranker A", "b": "ranker B", "random": "random ranking"}[key]
        found = Cited(f"nDCG@k of {label}", stat.mean).cell(v.table, row[0], column, rf"^({NUMBER}) ±")
        found.written += [
            (f"card '{n.label}'", n.value.split(" ")[0])
            for n in cards
            if n.label.startswith("nDCG@") and label in n.label
        ]
        cited.append(found)
        spread = Cited(f"sd of {label}'s nDCG@k", stat.sd).cell(v.table, row[0], column, rf"± ({NUMBER})$")
        spread.card(cards, f"nDCG@{r.k}, {label}", "help", rf"sd ({NUMBER})")
        cited.append(spread)
    return cited


def ranking_claims(v: Any) -> list[str]:
    """Every 'prefer(s) X by' and card names the ranker ahead on its numbers; the table's 'Prefers'
    column names the higher mean; 'recovers B's lead' is said only when IPS and relevance agree; the
    cut-off sentence's leads are true of the curves."""
    r, problems = v.reading, []
    ips = r"IPS with(?:out)? clipping(?: at \S+)?"
    said = {"relevance labels": "relevance", "raw clicks": "clicks", ips: "ips"}
    for sentence in v.notice:
        for phrase, key in said.items():
            found = re.search(rf"{phrase} prefers? ([AB]) by", sentence)
            if found and (found[1] == "B") != (r.gaps[key].mean > 0):
                problems.append(f"'{found[0]}' while B − A = {r.gaps[key].mean:.4f}")
        lead = re.search(r"IPS (does not )?recovers? ([AB])'s lead", sentence)
        if lead:
            same = np.sign(r.gaps["ips"].mean) == np.sign(r.gaps["relevance"].mean)
            if same == bool(lead[1]):
                problems.append(f"'{lead[0]}' is wrong")
        if (
            "B leads nDCG@k at every cut-off" in sentence
            and (r.k_curves["a"] - r.k_curves["b"]).round(3).max() > 0
        ):
            problems.append("'B leads at every cut-off' while A leads somewhere")
        if (
            "A leads nDCG@k at every cut-off" in sentence
            and (r.k_curves["b"] - r.k_curves["a"]).round(3).max() > 0
        ):
            problems.append("'A leads at every cut-off' while B leads somewhere")
    for n in v.numbers[:3]:
        if n.value.startswith(("A by", "B by")):
            gap = float(re.search(r"([+−-]?[0-9.]+) ±", n.help)[1].replace("−", "-"))
            if (n.value[0] == "B") != (gap > 0):
                problems.append(f"card '{n.label}' says {n.value} while B − A = {gap}")
    for cells, row in zip(v.table.rows, r.table.values(), strict=True):
        if cells[4] in ("A", "B") and (cells[4] == "B") != (row["b"].mean > row["a"].mean):
            problems.append(f"table row {cells[0]} prefers {cells[4]} with A {row['a']}, B {row['b']}")
    return problems


# --------------------------------------------------------------------------- two-stage retrieval


def retrieval_citations(v: Any) -> list[Cited]:
    """The retrieval page: the current setting's recall and time, exact search's time, the funnel's
    end-to-end recall, total time and largest k, and the random baseline, in cards, the sweep table, the
    trade-off chart's markers and the sentences."""
    from explorers.retrieval.figures import knob_label

    notes, cards, fig, table = v.notice, v.numbers, v.tradeoff.figure, v.sweep_table
    kind, here, f = v.spec.family, v.here, v.funnel
    row = knob_label(kind, here.knob)
    cited = [
        Cited("recall@k", here.recall)
        .card(cards, "Recall@")
        .cell(table, row, 1)
        .sentences(notes, rf"kept ({NUMBER}) recall@")
        .marker(fig, _named("Current:"), "y"),
        Cited("search time", here.latency_ms, units=MS)
        .card(cards, "Search time", pattern=DURATION)
        .cell(table, row, 3, DURATION)
        .sentences(notes, rf"recall@[0-9,]+ at {DURATION} per query")
        .sentences(notes, rf"^Retrieval {DURATION} plus")
        .marker(fig, _named("Current:"), "x"),
        Cited("exact search time", v.exact.latency_ms, units=MS)
        .card(cards, "Search time", "help", rf"Exact search: {DURATION}")
        .sentences(notes, rf"exact search's {DURATION}")
        .marker(fig, _named("Exact search"), "x"),
        Cited("end-to-end recall", f.end_to_end)
        .card(cards, "End-to-end recall@")
        .cell(table, row, 2)
        .sentences(notes, rf"({NUMBER}) of the true top"),
        Cited("total time", f.total_ms, units=MS)
        .card(cards, "Total vs budget", pattern=DURATION)
        .sentences(notes, rf"is {DURATION}, (?:inside|over)"),
        Cited("random recall", v.baseline)
        .card(cards, "Recall@", "help", rf"= ({NUMBER})")
        .card(cards, "End-to-end recall@", "help", rf"baseline: ({NUMBER})")
        .sentences(notes, rf"against ({NUMBER}) for random retrieval"),
    ]
    if f.largest_k is not None:
        cited.append(
            Cited("largest k in budget", f.largest_k)
            .card(cards, "Largest k in budget")
            .sentences(notes, rf"at most ({NUMBER}) candidates")
        )
    return cited


# --------------------------------------------------------------------------- leakage and split strategy


def leakage_citations(v: Any) -> list[Cited]:
    """The leakage page: the chosen split's estimate, production, the gap, the honest time split, the
    leak-free production score, each split's leak-free estimate, the largest leak's gap and the top
    permutation importance, in cards, the reality chart, the table and the sentences."""
    from explorers.leakage.leaks import LEAKS
    from explorers.leakage.sentences import largest
    from explorers.leakage.splits import SPLITS

    cards, notes, fig, table = v.numbers, v.notice, v.reality.figure, v.table
    production_line = next(t for t in fig.data if str(t.name).startswith("Production ("))
    chosen = SPLITS[v.split].label

    def named(name: str) -> Callable[[Mapping[str, Any]], bool]:
        return lambda trace: trace.get("name") == name

    cited = [
        Cited("offline estimate", v.estimates[v.split].auc)
        .card(cards, "Offline AUC")
        .sentences(notes, rf"cross-validated AUC was ({NUMBER})")
        .marker(fig, named(f"{chosen}: offline estimate"), "x"),
        Cited("production AUC", v.production.auc)
        .card(cards, "Production AUC", exact=True)
        .sentences(notes, rf"but production gave ({NUMBER})")
        .sentences(notes, rf"was {NUMBER} against ({NUMBER}) in production")
        .sentences(_trace_names(fig), rf"^Production \(({NUMBER})\)")
        .at("production line", production_line.x[0]),
        Cited("optimism gap", v.gap).card(cards, "Optimism gap"),
        Cited("production minus offline", v.production.auc - v.estimates[v.split].auc).card(
            cards, "Production AUC", "delta"
        ),
        Cited("honest time-split estimate", v.clean["time"].auc)
        .card(cards, "Honest estimate")
        .sentences(notes, rf"splitting by time ({NUMBER}), against")
        .marker(fig, named(f"{SPLITS['time'].label}: no leaks"), "x"),
        Cited("leak-free production AUC", v.clean_production.auc)
        .card(cards, "Production AUC, no leaks")
        .card(cards, "Honest estimate", "help", rf"production scores ({NUMBER})")
        .cell(table, "No leak (baseline)", 2)
        .sentences(notes, rf"splitting by time {NUMBER}, against ({NUMBER}) in production"),
        Cited("time split with the current leaks", v.estimates["time"].auc)
        .sentences(notes, rf"brought the estimate down to ({NUMBER})")
        .sentences(notes, rf"still claims ({NUMBER})")
        .marker(fig, named(f"{SPLITS['time'].label}: offline estimate"), "x"),
        Cited("random split, no leaks", v.clean["random"].auc)
        .sentences(notes, rf"random K-fold estimates ({NUMBER})")
        .marker(fig, named(f"{SPLITS['random'].label}: no leaks"), "x"),
        Cited("grouped split, no leaks", v.clean["group"].auc)
        .sentences(notes, rf"grouping by user ({NUMBER})")
        .marker(fig, named(f"{SPLITS['group'].label}: no leaks"), "x"),
        Cited("leak-free gap", v.clean_row.gap)
        .cell(table, "No leak (baseline)", 3)
        .sentences(notes, rf"against ({NUMBER}) without leaks"),
        Cited("top permutation importance", float(v.importance_result.mean[0]))
        .sentences(notes, rf"shuffling it costs ({NUMBER}) AUC")
        .at("first bar", v.importance.figure.data[0].x[0]),
    ]
    top = largest(v.rows, v.clean_row)
    if top is not None:
        cited.append(
            Cited("largest leak's gap", top.gap)
            .cell(table, LEAKS[top.key].short, 3)
            .sentences(notes, rf"the gap widens to ({NUMBER})")
        )
    return cited


def retrieval_claims(v: Any) -> list[str]:
    """'inside' and 'over' the budget judge the right totals; 'faster than exact search' is true."""
    from explorers.retrieval.readings import TARGET_SIZE

    problems = []
    for sentence in v.notice:
        if re.search(r"is [^,]+, inside the", sentence) and not v.funnel.within_budget:
            problems.append("the total called inside the budget but it is over")
        if re.search(r"is [^,]+, over the", sentence) and v.funnel.within_budget:
            problems.append("the total called over the budget but it is inside")
        projected = v.exact_growth.ms_at(TARGET_SIZE)
        if "per query, over the" in sentence and projected <= v.funnel.budget_ms:
            problems.append("projected exact search called over the budget but it is inside")
        if "per query, inside the" in sentence and projected > v.funnel.budget_ms:
            problems.append("projected exact search called inside the budget but it is over")
        if "× faster than exact" in sentence and v.here.latency_ms >= v.exact.latency_ms:
            problems.append("the index called faster than exact search but it is not")
    if v.spec.kind == "exact" and v.here.recall != 1.0:
        problems.append("exact search below 100% recall")
    return problems


def leakage_claims(v: Any) -> list[str]:
    """'adds the most optimism', the emphasised table cell and 'tops the permutation importance' are true."""
    from explorers.leakage.leaks import LEAKS
    from explorers.leakage.sentences import added

    problems = []
    gains = {LEAKS[row.key].short.lower(): added(row, v.clean_row) for row in v.rows}
    for sentence in v.notice:
        found = re.match(r"On its own, (.+?) adds the most optimism", sentence)
        if found and gains[found[1]] < max(gains.values()):
            problems.append(f"'{found[1]}' called the largest leak but is not")
        found = re.match(r"(.+?) tops the permutation importance", sentence)
        if found and v.importance_result.names[0] != found[1]:
            problems.append(f"'{found[1]}' called the top feature but is not")
    result = v.importance_result
    if len(result.mean) and result.mean[0] < result.mean.max():
        problems.append("the first importance is not the largest")
    for i, cells in enumerate(v.table.rows):
        if v.table.is_emphasised(i, 4) and float(cells[4]) < max(gains.values()) - 0.0005:
            problems.append(f"row '{cells[0]}' emphasised but does not add the most")
    return problems


# --------------------------------------------------------------------------- ab_test


def _trace(figure: Any, name: str) -> Mapping[str, Any] | None:
    """The first trace of ``figure`` named ``name``."""
    return next((t for t in figure.to_plotly_json()["data"] if t.get("name") == name), None)


def ab_test_citations(v: Any) -> list[Cited]:
    """The A/B test page: the plan, the A/A false-positive rates, the ships rate, the one-week estimate,
    the family-wise error and the ratio check in cards, the chart, the tables and the sentences. Charts
    plot shares in percent, so their coordinates are cited against the share times 100."""
    s, notes, cards, peeking = v.story, v.notice, v.numbers, v.peeking.figure
    analyst_peeks = v.peeks
    fixed = (
        Cited("A/A false-positive rate, fixed horizon", s.aa_fixed.significant)
        .sentences(notes, rf"A/A test from ({NUMBER}) to")
        .sentences(notes, rf"false-positive rate (?:stays|at) ({NUMBER})")
    )
    peek = Cited("A/A false-positive rate, peeking", s.aa_peek.significant).sentences(
        notes, rf"A/A test from {NUMBER} to ({NUMBER})"
    )
    (peek if analyst_peeks else fixed).card(cards, "A/A false positives", exact=True)
    yours = s.truth_peek if analyst_peeks else s.truth_fixed
    fwer, _ = s.family.at(s.metrics)
    label = _correction_label(s.correction)
    return [
        fixed,
        peek,
        Cited("A/A fixed horizon, plotted (%)", s.aa_fixed.significant * 100).marker(
            peeking, lambda t: t.get("name") == "A/A, fixed horizon", "y"
        ),
        Cited("users per arm", s.plan.n_control)
        .card(cards, "Sample size per arm" if s.plan.equal_arms else "(unequal arms: compact)", exact=True)
        .card(cards, "Sample size per arm", "help", rf"^({NUMBER}) users in control")
        .sentences(notes, rf"needs ({NUMBER}) users"),
        Cited("days needed", s.plan.days_needed)
        .card(cards, "Days needed")
        .sentences(notes, rf": ({NUMBER}) days? at"),
        Cited("ships the treatment", yours.ships).card(cards, "Ships the treatment"),
        Cited("fixed horizon ships", s.truth_fixed.ships).sentences(
            notes, rf"test ships (?:the treatment|a treatment that truly hurts) in ({NUMBER})"
        ),
        Cited("peeking ships", s.truth_peek.ships).sentences(
            notes, rf"peeking analyst ships it in ({NUMBER})"
        ),
        Cited("peeking mean stopping day", s.truth_peek.mean_stop).sentences(
            notes, rf"stopping on day ({NUMBER}) on average"
        ),
        Cited("your mean stopping day", yours.mean_stop).card(cards, "Mean stopping day"),
        Cited("one-week estimate", s.truth_peek.week_estimate)
        .card(cards, "One-week lift")
        .sentences(notes, rf"estimates the lift at [+]?({NUMBER})"),
        Cited("one-week estimate, plotted (%)", s.truth_peek.week_estimate * 100).marker(
            v.novelty.figure, lambda t: t.get("name") == "One-week estimate", "y"
        ),
        Cited("family-wise error, your correction", fwer[s.correction])
        .card(cards, "Family-wise error")
        .cell(v.corrections, label, 1)
        .sentences(notes, rf"(?:holds|hold) it to ({NUMBER})" if s.correction != "none" else r"(?!)"),
        Cited("family-wise error, no correction", fwer["none"])
        .cell(v.corrections, "None", 1)
        .sentences(notes, rf"significant in ({NUMBER}) of experiments"),
        Cited("ratio check p-value", s.srm.p_value)
        .card(cards, "Sample-ratio check", pattern=rf"p = ({NUMBER})")
        .sentences(notes, rf"check gives p = ({NUMBER})"),
        Cited("logged control users", s.srm.control)
        .cell(v.split, "Control", 3)
        .sentences(notes, rf"hold ({NUMBER}) control"),
    ]


def _correction_label(key: str) -> str:
    from explorers.ab_test import CORRECTIONS

    return CORRECTIONS[key].label


def ab_test_claims(v: Any) -> list[str]:
    """'no mismatch is flagged' only above the alarm and 'a sample-ratio mismatch' only below it; 'only'
    a minority of runs; 'raised' the peeking rate needs peeking to reject more."""
    s, problems = v.story, []
    for sentence in v.notice:
        if "no mismatch is flagged" in sentence and s.srm.flagged:
            problems.append(f"calls a flagged split fine: {sentence}")
        if "a sample-ratio mismatch." in sentence and not s.srm.flagged:
            problems.append(f"calls a fair split a mismatch: {sentence}")
        if "fires in only" in sentence and s.srm.flag_rate >= 0.5:
            problems.append(f"'only' for {s.srm.flag_rate}: {sentence}")
        if (
            "Peeking daily" in sentence
            and "raised" in sentence
            and s.aa_peek.significant <= s.aa_fixed.significant
        ):
            problems.append(f"peeking 'raised' nothing: {sentence}")
    return problems


# Each page's quantities and superlative claims; a page missing here fails the one-source test.
CITERS: dict[str, Callable[[View], list[Cited]]] = {
    "threshold": threshold_citations,
    "lr_vs_svm": lr_vs_svm_citations,
    "imbalance": imbalance_citations,
    "regularization": regularization_citations,
    "serving": serving_citations,
    "ads_calibration": ads_calibration_citations,
    "feature_transforms": feature_transforms_citations,
    "drift": drift_citations,
    "ranking": ranking_citations,
    "retrieval": retrieval_citations,
    "leakage": leakage_citations,
    "ab_test": ab_test_citations,
}
CLAIMS: dict[str, Callable[[View], list[str]]] = {
    "threshold": threshold_claims,
    "lr_vs_svm": lr_vs_svm_claims,
    "imbalance": imbalance_claims,
    "regularization": regularization_claims,
    "serving": serving_claims,
    "ads_calibration": ads_calibration_claims,
    "feature_transforms": feature_transforms_claims,
    "drift": drift_claims,
    "ranking": ranking_claims,
    "retrieval": retrieval_claims,
    "leakage": leakage_claims,
    "ab_test": ab_test_claims,
}
