"""The threshold trade-off as a topic: its parameters, its one fit (the model) and its view."""

from __future__ import annotations

from dataclasses import dataclass

import datasets
from explorers import formatting
from explorers.models import MODELS
from explorers.threshold import figures
from explorers.threshold.reading import BASELINE_THRESHOLD, Reading, read
from explorers.threshold.sentences import notice
from explorers.threshold.training import ScoredModel, train_and_score
from explorers.view import Chart, DeltaColour, Fit, Fitted, KeyNumber, Message, View

# The deployment prevalence picker's options: the value and its label (the label is in share links).
PREVALENCES: dict[float | None, str] = {
    None: "as data",
    0.001: "0.1%",
    0.005: "0.5%",
    0.01: "1%",
    0.02: "2%",
    0.05: "5%",
    0.1: "10%",
    0.2: "20%",
    0.3: "30%",
    0.5: "50%",
}
MOVED = 0.005  # a rate that moved less than this since the default shows no delta
SIDE_BY_SIDE_HEIGHT = 340


@dataclass(frozen=True)
class Params:
    """The page's controls: four that train the model, five that only read its scores."""

    dataset: datasets.Source
    model: str
    balance: float  # positive-class share of the training and validation data
    seed: int
    threshold: float
    beta: float
    cost_fp: float
    cost_fn: float
    prevalence: float | None  # deployment prevalence; None = as in the data


@dataclass(frozen=True, kw_only=True)
class ThresholdView(View):
    """Everything the page shows; ``numbers`` are the six rates at the threshold, with their change
    since the default threshold."""

    reading: Reading
    distribution: Chart
    matrix: Chart
    data_caption: str
    pr_roc: Chart
    cost: Chart
    cost_numbers: tuple[KeyNumber, ...]


def fits(params: Params) -> dict[str, Fit]:
    """One model per dataset, model, class balance and seed; every other control only reads it."""
    args = (params.dataset, params.model, params.balance, params.seed)
    return {"model": Fit(train_and_score, args, label=MODELS.get(params.model, params.model))}


def _rate(
    label: str, now: float, then: float, colour: DeltaColour = "normal", baseline: str | None = None
) -> KeyNumber:
    """One rate at the threshold, with its change since the default when it moved, and the no-skill
    ``baseline`` it is to be read against (in its help)."""
    moved = abs(now - then) >= MOVED
    return KeyNumber(
        label,
        f"{now:.2f}",
        f"{now - then:+.2f}" if moved else None,
        delta_color=colour,
        delta_description=f"vs {BASELINE_THRESHOLD:.2f}" if moved else None,
        help=baseline,
    )


def _rates(r: Reading) -> tuple[KeyNumber, ...]:
    """The rate cards, read where ``r.shown_label`` says, each quality rate with its no-skill
    baseline; F-beta only when beta is not 1 (it is F1 then)."""
    now, base, where, flag_all = r.shown, r.shown_baseline, r.shown_label, r.no_skill
    everyone = "Baseline: flagging everyone gives"
    cards = [
        _rate(
            f"Precision {where}",
            now.precision,
            base.precision,
            baseline=f"{everyone} {flag_all.precision:.2f}.",
        ),
        _rate("Recall", now.recall, base.recall, baseline=f"{everyone} 1.00, flagging no one 0.00."),
        _rate(f"F1 {where}", now.f1, base.f1, baseline=f"{everyone} {flag_all.f1:.2f}."),
        _rate(
            f"Accuracy {where}",
            now.accuracy,
            base.accuracy,
            baseline=f"Baseline: always predicting the majority class gives {r.majority_accuracy:.2f}.",
        ),
        _rate("False-positive rate", now.fpr, base.fpr, "inverse"),
    ]
    if now.beta != 1:
        label = f"F-beta (beta={formatting.plain(now.beta)}) {where}"
        cards.insert(3, _rate(label, now.fbeta, base.fbeta, baseline=f"{everyone} {flag_all.fbeta:.2f}."))
    return tuple(cards)


def _cost_numbers(r: Reading) -> tuple[KeyNumber, ...]:
    """The four cost cards beside the cost curve, each naming the split it is read on."""
    curve = r.cost_curve
    tuned = "—" if r.tuned_threshold is None else f"{r.tuned_threshold:.2f}"
    return (
        KeyNumber("Cost per 1,000 at your threshold (validation)", formatting.money(r.current_cost)),
        KeyNumber(
            "Cost-optimal threshold (validation)",
            f"{curve.best_threshold:.2f}",
            f"any of {curve.best_range}",
            delta_color="off",
            help=f"Every threshold from {curve.best_range} costs {formatting.money(curve.best_cost)} per "
            "1,000 on validation data; the page reports the middle of that range.",
        ),
        KeyNumber("TunedThresholdClassifierCV picks (validation)", tuned, help=r.tuning_problem),
        KeyNumber(
            "Test cost at the cost-optimal threshold (test split)",
            formatting.money(r.test_cost),
            help="The held-out test split, touched only to report this number.",
        ),
    )


def _data_caption(params: Params, scored: ScoredModel) -> str:
    """What the model was trained and validated on."""
    y = scored.y_val
    validation = formatting.count(y.size, "validation example")
    training = formatting.count(scored.n_train, "training example")
    return (
        f"**{scored.dataset_name}.** {datasets.get_info(params.dataset).description} {validation}, "
        f"{int(y.sum()):,} of them {scored.positive_label}; the model was fitted on {training} in "
        f"{formatting.duration_s(scored.fit_seconds)}."
    )


def _charts(r: Reading, scored: ScoredModel) -> dict[str, Chart]:
    """The four charts, at their heights; the histogram and matrix are read where the cards are."""
    labels = (scored.positive_label, scored.negative_label)
    tuned = None if r.tuned_threshold is None or r.tuned_cost is None else (r.tuned_threshold, r.tuned_cost)
    histogram = figures.score_distribution_figure(
        scored.y_val, scored.val_scores, r.threshold, *labels, prevalence=r.prevalence
    )
    return {
        "distribution": Chart(histogram, SIDE_BY_SIDE_HEIGHT),
        "matrix": Chart(
            figures.confusion_matrix_figure(r.expected or r.confusion, *labels), SIDE_BY_SIDE_HEIGHT
        ),
        "pr_roc": Chart(figures.pr_roc_figure(r.curves, r.current, r.deployed_precision), 460),
        "cost": Chart(figures.cost_curve_figure(r.cost_curve, r.threshold, r.current_cost, tuned), 380),
    }


def view(params: Params, fitted: Fitted) -> ThresholdView:
    """The model's validation scores read at the threshold, beta, error costs and prevalence."""
    scored: ScoredModel = fitted["model"]
    r = read(
        scored,
        threshold=params.threshold,
        beta=params.beta,
        cost_fp=params.cost_fp,
        cost_fn=params.cost_fn,
        prevalence=params.prevalence,
    )
    notes = (scored.balance_notice, r.tuning_problem)
    problems = tuple(Message(note, "warning") for note in notes if note is not None)
    return ThresholdView(
        numbers=_rates(r),
        notice=notice(r, scored),
        messages=problems,
        reading=r,
        data_caption=_data_caption(params, scored),
        cost_numbers=_cost_numbers(r),
        **_charts(r, scored),
    )
