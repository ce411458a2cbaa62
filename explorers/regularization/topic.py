"""The regularization trade-off as the page shows it: typed parameters, the one fit (the sweep over
the grid of C), and the view read from it at the current C and scoring."""

from __future__ import annotations

from dataclasses import dataclass

import datasets
from explorers.formatting import plain
from explorers.regularization.figures import (
    coefficient_path_figure,
    decision_boundary_figure,
    learning_curve_figure,
    validation_curve_figure,
)
from explorers.regularization.penalties import C_GRID, grid_index, l1_ratio_for, scoring_of
from explorers.regularization.problem import KINDS, applicable_design
from explorers.regularization.readings import GridScores, Sparsity, grid_scores, sparsity
from explorers.regularization.sentences import score_text, what_to_notice
from explorers.regularization.study import Study, Sweep, run_study
from explorers.view import Chart, Fit, Fitted, KeyNumber, View

CURVE_HEIGHT = 400
LOWER_HEIGHT = 420


@dataclass(frozen=True)
class Params:
    """The page's controls, by key: data and penalty settings (which re-run the sweep), and C."""

    dataset: datasets.Source
    n_noise: int
    n_duplicates: int
    degree: int
    n_train: int
    seed: int
    penalty: str
    l1_ratio: float
    scoring: str
    C: float


def _sweep(params: Params) -> Sweep:
    """``run_study``'s settings besides the dataset, with the controls that do not apply to the data
    (or to the penalty) neutralised, so such a control never starts a second, identical sweep."""
    design = applicable_design(params.dataset, params.n_noise, params.n_duplicates, params.degree)
    return Sweep(
        n_noise=design.n_noise,
        n_duplicates=design.n_duplicates,
        degree=design.degree,
        n_train=params.n_train,
        l1_ratio=l1_ratio_for(params.penalty, params.l1_ratio),
        seed=params.seed,
    )


def fits(params: Params) -> dict[str, Fit]:
    """The sweep over the grid, per data and penalty setting, scored every way the page offers:
    moving C or the scoring only reads it."""
    label = f"the sweep over {len(C_GRID)} values of C"
    return {"study": Fit(run_study, (params.dataset,), label=label, kwargs=_sweep(params))}


@dataclass(frozen=True, eq=False, kw_only=True)
class RegularizationView(View):
    """Everything the page shows at one C; ``numbers`` are the headline scores."""

    study: Study
    scores: GridScores  # the scoring's curves over the grid and its zones
    index: int  # the current C's grid index
    sparsity: Sparsity  # exact zeros at the current C
    path_numbers: tuple[KeyNumber, ...]
    validation: Chart
    validation_caption: str  # the rule behind the zones and the two marks
    coefficients: Chart
    data_note: str
    boundary_title: str
    boundary: Chart
    boundary_caption: str  # what the 2-D view is ("" when the data is 2-D)
    learning_title: str
    learning: Chart


def _headline(study: Study, scores: GridScores, index: int) -> tuple[KeyNumber, ...]:
    """C, λ, and the train, CV and test scores at grid index ``index``."""
    metric, c = scores.scoring.metric, C_GRID[index]
    spread, zone = score_text(scores.cv_spread[index]), scores.zones.zone_of(index)
    return (
        KeyNumber("C", plain(c), help="Small C = strong penalty; large C = weak penalty."),
        KeyNumber("λ = 1/C", plain(1 / c), help="The penalty strength itself."),
        KeyNumber(f"Train {metric}", score_text(scores.train[index])),
        KeyNumber(
            f"CV {metric}",
            score_text(scores.cv[index]),
            help=f"Mean over {study.n_folds} folds (SD {spread}); zone: {zone}.",
        ),
        KeyNumber("Train–CV gap", score_text(scores.gap[index]), help="How much worse CV is than train."),
        KeyNumber(
            f"Test {metric}",
            score_text(scores.test[index]),
            help=f"{study.problem.y_test.size} held-out examples; report it once, after choosing C."
            + _short_note(scores, index),
        ),
        KeyNumber(
            f"Baseline test {metric}",
            score_text(scores.baseline),
            help=BASELINE_HELP[scores.scoring.key],
        ),
    )


BASELINE_HELP = {
    "accuracy": "Always predicting the training set's majority class, on the same test examples.",
    "log_loss": "Always predicting the training set's class shares (the prior), on the same test examples.",
}


def _short_note(scores: GridScores, index: int) -> str:
    """A warning for the test card when the fit at this C stopped short of its optimum."""
    if not scores.short[index]:
        return ""
    return (
        " saga stopped short of the penalised optimum at this C: it shows the solver, not just the penalty."
    )


def _path_numbers(sp: Sparsity, best: int, n_folds: int) -> tuple[KeyNumber, ...]:
    """The C cross-validation picks, and the exact zeros at the current C by kind."""
    real_zeroed, real_total = sp.real_zeroed()
    real = "Real terms zeroed" if "polynomial" in sp.totals else "Real features zeroed"
    return (
        KeyNumber(
            "Chosen by CV",
            f"C = {plain(C_GRID[best])}",
            help=f"The best mean CV score over the {n_folds} folds (the star on the validation curve): "
            "what GridSearchCV over a StandardScaler + LogisticRegression pipeline picks on the same "
            "folds, grid and scoring. LogisticRegressionCV in the same pipeline standardises once, "
            "outside the folds, so it can pick a neighbouring C.",
        ),
        KeyNumber("Coefficients exactly 0", f"{sp.zeroed_total} of {sp.total}"),
        *(
            KeyNumber(f"{KINDS[kind].plural.capitalize()} zeroed", f"{sp.zeroed[kind]} of {sp.totals[kind]}")
            for kind in sp.injected
        ),
        KeyNumber(real, f"{real_zeroed} of {real_total}"),
    )


def _validation_caption(scores: GridScores, n_folds: int) -> str:
    """The rule behind the shaded zones, with its number, and what the marks are."""
    z = scores.zones
    return (
        f"Zones follow the one-standard-error rule: a C whose mean CV {scores.scoring.metric} is more than "
        f"one standard error ({score_text(z.standard_error)}: the best C's SD over the {n_folds} folds "
        f"/ √{n_folds}) worse than the best is shaded, under- or overfitting by its side of the best. The "
        "star is cross-validation's choice (the best mean CV score); the dashed grey line is the test score "
        "of a baseline that ignores the features." + (SHORT_CAPTION if scores.short.any() else "")
    )


SHORT_CAPTION = (
    " ✕ marks a C where saga stopped short of the penalised optimum (its optimality residual exceeds the "
    "penalty's own gradient): there the curve shows the solver's stopping rule as much as the penalty, so "
    "compare penalties at those C with care."
)


def _data_note(study: Study) -> str:
    """The dataset, the sizes, and which feature controls apply to it."""
    p = study.problem
    info = datasets.get_info(p.dataset_key)
    if info.kind == "tabular":
        applies = (
            f"{p.count('original')} real features + {p.count('duplicate')} near-duplicates + "
            f"{p.count('noise')} noise features; the polynomial degree does not apply to tabular data."
        )
    else:
        applies = (
            f"x1, x2 expanded to all {p.n_features} polynomial terms up to degree {p.design.degree}; noise "
            "and near-duplicate features apply to the tabular sets only."
        )
    short = (
        f" (asked for {p.n_train_requested}; this dataset has only that many rows after the test split)"
        if p.n_train < p.n_train_requested - 1
        else ""
    )
    return (
        f"**{p.dataset_name}.** {info.description} {p.n_train} training examples{short}, "
        f"{p.y_test.size} test examples, {study.n_folds}-fold CV. {applies}"
    )


def view_at(study: Study, c: float, scoring: str) -> RegularizationView:
    """The study read at ``c`` for ``scoring``."""
    index = grid_index(c)
    scores = grid_scores(study, scoring_of(scoring))
    sp = sparsity(study.coefficients.path.coefs[index], study.problem.feature_kinds)
    here = plain(C_GRID[index])
    return RegularizationView(
        numbers=_headline(study, scores, index),
        notice=what_to_notice(study, scores, index, sp),
        study=study,
        scores=scores,
        index=index,
        sparsity=sp,
        path_numbers=_path_numbers(sp, scores.zones.best_index, study.n_folds),
        validation=Chart(validation_curve_figure(scores, index, study.n_folds), CURVE_HEIGHT),
        validation_caption=_validation_caption(scores, study.n_folds),
        coefficients=Chart(coefficient_path_figure(study, index), CURVE_HEIGHT),
        data_note=_data_note(study),
        boundary_title=f"Decision boundary at C = {here}",
        boundary=Chart(
            decision_boundary_figure(study.canvas, study.problem.positive_label, index), LOWER_HEIGHT
        ),
        boundary_caption=study.canvas.view.caption(),
        learning_title=f"Learning curve at C = {here}",
        learning=Chart(learning_curve_figure(study.scores, scores.scoring, index), LOWER_HEIGHT),
    )


def view(params: Params, fitted: Fitted) -> RegularizationView:
    """The page's view: the sweep read at ``params.C`` for ``params.scoring``."""
    return view_at(fitted["study"], params.C, params.scoring)
