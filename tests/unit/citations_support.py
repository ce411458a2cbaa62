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

    def card(
        self, numbers: Iterable[KeyNumber], prefix: str, part: str = "value", pattern: str = f"({NUMBER})"
    ) -> Cited:
        """Add the card whose label starts with ``prefix``: the first number of its value (or of
        another text ``part``, the group 1 of ``pattern`` in it)."""
        for n in numbers:
            if n.label.startswith(prefix):
                found = re.search(pattern, getattr(n, part) or "")
                if found:
                    self.written.append((f"card '{n.label}' {part}", found[1]))
        return self

    def cell(self, table: Table, row: str, column: int) -> Cited:
        """Add the table cell in the row named ``row`` and ``column``."""
        for cells in table.rows:
            if cells[0] == row:
                found = re.search(NUMBER, cells[column])
                if found:
                    self.written.append((f"table '{row}' column {column}", found[0]))
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
            shown, places = number(text), decimals(text)
            if abs(shown - round(c.value, places)) > 0.51 * 10.0**-places + 1e-12:
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


# Each page's quantities and superlative claims; a page missing here fails the one-source test.
CITERS: dict[str, Callable[[View], list[Cited]]] = {
    "threshold": threshold_citations,
    "lr_vs_svm": lr_vs_svm_citations,
}
CLAIMS: dict[str, Callable[[View], list[str]]] = {
    "threshold": threshold_claims,
    "lr_vs_svm": lr_vs_svm_claims,
}
