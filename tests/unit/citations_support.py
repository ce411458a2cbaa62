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
    """The regularization page: the current C and its scores, the page's CV pick and
    LogisticRegressionCV's, the baseline, the standard error behind the zones and the exact zeros."""
    from explorers.regularization.penalties import C_GRID, LOG_C

    s, notes, cards, path, fig = v.scores, v.notice, v.numbers, v.path_numbers, v.validation.figure
    i, best, chosen, m = v.index, s.zones.best_index, v.chosen, s.scoring.metric
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
        .sentences(notes, rf"this page's CV picks C = ({NUMBER})")
        .sentences(notes, rf"CV-best C = ({NUMBER})"),
        Cited("log10 of the page's CV pick", LOG_C[best]).marker(fig, _symbol("star"), "x"),
        Cited("LogisticRegressionCV's pick", C_GRID[chosen])
        .card(path, "LogisticRegressionCV's pick", pattern=rf"C = ({NUMBER})")
        .sentences(notes, rf"LogisticRegressionCV (?:also )?picks C = ({NUMBER})"),
        Cited("log10 of LogisticRegressionCV's pick", LOG_C[chosen]).marker(
            fig, _symbol("diamond-open"), "x"
        ),
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
    "ab_test": ab_test_citations,
}
CLAIMS: dict[str, Callable[[View], list[str]]] = {
    "threshold": threshold_claims,
    "lr_vs_svm": lr_vs_svm_claims,
    "imbalance": imbalance_claims,
    "regularization": regularization_claims,
    "serving": serving_claims,
    "ab_test": ab_test_claims,
}
