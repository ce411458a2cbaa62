"""Regularization strength: how a penalty on the weights trades bias for variance, and how to pick it.

Pure Python (no Streamlit). Logistic regression with an L2, L1 or elastic-net penalty, all through
``l1_ratio``, on standardised features (the scaler is fitted inside every fold). L2 is solved exactly
by newton-cholesky; L1 and elastic-net by saga, the solver that handles them, with a loose tolerance
for speed.
One cached study per (dataset, injected features, polynomial degree, l1_ratio, training size, seed)
sweeps the whole grid of C once: 5-fold train and CV scores, the coefficient path on the whole
training set, held-out test scores and learning curves. Moving C only reads that study.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go
import sklearn
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers import charts, plane
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR
from explorers.common import one_thread
from explorers.interview import InterviewGuide

# --------------------------------------------------------------------------- settings

# A 1-2-5 grid from 0.001 to 1000: 19 values, ~3 a decade, labels a person can read aloud.
C_GRID: tuple[float, ...] = (
    *(round(mantissa * 10.0**exponent, 6) for exponent in range(-3, 3) for mantissa in (1, 2, 5)),
    1000.0,
)
DEFAULT_C = 1.0
PENALTIES: dict[str, str] = {"l2": "L2 (ridge)", "l1": "L1 (lasso)", "elasticnet": "Elastic-net"}
Scoring = Literal["log_loss", "accuracy"]
SCORINGS: dict[str, str] = {"log_loss": "Log loss", "accuracy": "Accuracy"}
SKLEARN_SCORING: dict[str, str] = {"log_loss": "neg_log_loss", "accuracy": "accuracy"}
N_FOLDS = 5
TEST_FRACTION = 0.25
MAX_DEGREE = 10
MAX_NOISE = 30
MAX_DUPLICATES = 10
MIN_TRAIN = 40
MAX_TRAIN = 400
# saga (L1, elastic-net): a loose tolerance and a cap on epochs keep a 19-value x 5-fold sweep near
# half a second. At large C on wide or polynomial data saga can stop at the cap (counted and
# reported), and its stopping rule ends fits before the weights grow as far as the penalty allows
# (also reported).
SAGA_TOL = 1e-3
SAGA_MAX_ITER = 300
# newton-cholesky (L2): Newton's method with the exact Hessian (at most ~100 features here, so it is
# small). It reaches a tight tolerance in 5-20 iterations even at C = 1000, where lbfgs needs hundreds
# and saga stops early, so each fit is the penalised optimum and large C really lets the weights grow:
# the overfitting the page shows. The cap is never reached on the page's data.
NEWTON_TOL = 1e-8
NEWTON_MAX_ITER = 100
# Learning curves: these shares of each training fold (the last is the validation sweep itself).
LEARNING_SHARES: tuple[float, ...] = (0.15, 0.35, 0.6, 1.0)
MIN_LEARNING_ROWS = 10
# How far (in grid steps) the learning curve's "tighter" and "looser" comparisons sit: 3 = 10x.
COMPARE_STEPS = 3
# Copies are the original plus Gaussian noise of this share of its standard deviation (r ~ 0.995).
DUPLICATE_NOISE = 0.1
# A coefficient is "exactly zero" when saga's proximal step left it at 0.0.
_ZERO = 0.0

FeatureKind = Literal["original", "noise", "duplicate", "polynomial"]
KIND_LABELS: dict[str, str] = {
    "original": "Real feature",
    "polynomial": "Polynomial term (degree ≥ 2)",
    "noise": "Injected noise feature",
    "duplicate": "Injected near-duplicate",
}
KIND_COLOURS: dict[str, str] = {
    "original": PALETTE[0],
    "polynomial": PALETTE[4],
    "noise": PALETTE[5],
    "duplicate": PALETTE[2],
}
_UNDERFIT_COLOUR = PALETTE[4]
_OVERFIT_COLOUR = PALETTE[1]
_TRAIN_COLOUR = PALETTE[0]
_CV_COLOUR = PALETTE[5]
_LRCV_COLOUR = PALETTE[7]

Json = dict[str, object]
Folds = tuple[tuple[np.ndarray, np.ndarray], ...]


def c_label(c: float) -> str:
    """A grid value as people write it: 0.001, 0.05, 2, 1000."""
    return f"{c:g}"


def l1_ratio_for(penalty: str, l1_ratio: float) -> float:
    """The ``l1_ratio`` a penalty stands for: L2 = 0, L1 = 1, elastic-net = the given mix."""
    if penalty == "l2":
        return 0.0
    if penalty == "l1":
        return 1.0
    if penalty != "elasticnet":
        raise UserFacingError(f"Unknown penalty {penalty!r}; choose one of: {', '.join(PENALTIES)}.")
    if not 0.0 <= float(l1_ratio) <= 1.0:
        raise UserFacingError(f"The elastic-net l1_ratio must be between 0 and 1; got {l1_ratio!r}.")
    return round(float(l1_ratio), 4)


def penalty_name(l1_ratio: float) -> str:
    """'L2', 'L1' or 'Elastic-net (l1_ratio 0.5)'."""
    if l1_ratio == 0.0:
        return "L2"
    if l1_ratio == 1.0:
        return "L1"
    return f"Elastic-net (l1_ratio {l1_ratio:g})"


def grid_index(c: float) -> int:
    """Index of the grid value nearest to ``c`` (in log scale)."""
    if not (isinstance(c, int | float) and math.isfinite(c) and c > 0):
        raise UserFacingError(f"C must be a positive number; got {c!r}.")
    return int(np.argmin(np.abs(np.log10(C_GRID) - math.log10(c))))


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class Design:
    """The feature settings that apply to a dataset (the others are neutralised)."""

    n_noise: int
    n_duplicates: int
    degree: int


def applicable_design(dataset_key: datasets.Source, n_noise: int, n_duplicates: int, degree: int) -> Design:
    """Injected features apply to tabular sets, the polynomial degree to 2-D synthetic sets."""
    info = datasets.get_info(dataset_key)
    _check_count("noise features", n_noise, MAX_NOISE)
    _check_count("near-duplicate features", n_duplicates, MAX_DUPLICATES)
    if not (isinstance(degree, int) and 1 <= degree <= MAX_DEGREE):
        raise UserFacingError(f"The polynomial degree must be a whole number from 1 to {MAX_DEGREE}.")
    if info.kind == "tabular":
        return Design(n_noise=int(n_noise), n_duplicates=int(n_duplicates), degree=1)
    return Design(n_noise=0, n_duplicates=0, degree=int(degree))


def study_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The study's arguments from the page's control values (dataset, n_noise, n_duplicates,
    degree, n_train, penalty, l1_ratio, seed), with controls that do not apply neutralised, so
    such a control never starts a second, identical study."""
    design = applicable_design(values["dataset"], values["n_noise"], values["n_duplicates"], values["degree"])
    return {
        "n_noise": design.n_noise,
        "n_duplicates": design.n_duplicates,
        "degree": design.degree,
        "n_train": values["n_train"],
        "l1_ratio": l1_ratio_for(values["penalty"], values["l1_ratio"]),
        "seed": values["seed"],
    }


def _check_count(what: str, value: int, most: int) -> None:
    """UserFacingError unless ``value`` is a whole number in [0, most]."""
    if not (isinstance(value, int) and 0 <= value <= most):
        raise UserFacingError(f"The number of {what} must be a whole number from 0 to {most}; got {value!r}.")


def inject_features(
    features: np.ndarray, names: Sequence[str], n_noise: int, n_duplicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, tuple[str, ...], tuple[FeatureKind, ...]]:
    """Append ``n_duplicates`` near-copies of random real features, then ``n_noise`` pure-noise columns.

    A copy is the original plus Gaussian noise of 10% of its standard deviation (correlation ~0.995);
    copies go to non-constant features, cycling if more copies than features are asked for. Noise
    columns are standard normal and independent of the label.
    """
    n_rows = features.shape[0]
    spread = features.std(axis=0)
    candidates = np.flatnonzero(spread > 0)
    order = rng.permutation(candidates)
    sources = [int(order[i % order.size]) for i in range(n_duplicates)] if order.size else []
    copies = np.column_stack(
        [features[:, j] + rng.normal(scale=DUPLICATE_NOISE * spread[j], size=n_rows) for j in sources]
        or [np.empty(n_rows)]
    )[:, : len(sources)]
    noise = rng.standard_normal((n_rows, n_noise))
    copy_names = [_copy_name(names[j], sources[:i].count(j)) for i, j in enumerate(sources)]
    all_names = (*names, *copy_names, *(f"noise {i + 1}" for i in range(n_noise)))
    kinds: tuple[FeatureKind, ...] = (
        *(("original",) * len(names)),
        *(("duplicate",) * len(sources)),
        *(("noise",) * n_noise),
    )
    return np.hstack([features, copies, noise]), all_names, kinds


def _copy_name(name: str, earlier: int) -> str:
    """'mean radius ≈copy' (or '≈copy 2' for a second copy of the same feature)."""
    return f"{name} ≈copy" if earlier == 0 else f"{name} ≈copy {earlier + 1}"


def polynomial_features(
    features: np.ndarray, names: Sequence[str], degree: int
) -> tuple[np.ndarray, tuple[str, ...], tuple[FeatureKind, ...]]:
    """Every monomial of the features up to ``degree`` (no bias column), e.g. x1, x2, x1^2, x1 x2."""
    expander = PolynomialFeatures(degree=degree, include_bias=False)
    expanded = expander.fit_transform(features)
    terms = tuple(str(term) for term in expander.get_feature_names_out(list(names)))
    kinds: tuple[FeatureKind, ...] = tuple(
        "original" if power.sum() == 1 else "polynomial" for power in expander.powers_
    )
    return expanded, terms, kinds


# --------------------------------------------------------------------------- the problem


@dataclass(frozen=True, eq=False)
class Problem:
    """Model-ready training and test data, the CV folds and what each feature is."""

    dataset_key: datasets.Source
    dataset_name: str
    positive_label: str
    negative_label: str
    design: Design
    X_train: np.ndarray  # model features (after injection or polynomial expansion)
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    view_train: np.ndarray  # what the 2-D view is fitted on: raw x1, x2 or all model features
    view_test: np.ndarray
    feature_names: tuple[str, ...]
    feature_kinds: tuple[FeatureKind, ...]
    folds: Folds
    n_train_requested: int

    @property
    def n_train(self) -> int:
        """Training rows actually used."""
        return int(self.y_train.size)

    @property
    def n_features(self) -> int:
        """Columns the model sees."""
        return int(self.X_train.shape[1])

    def count(self, kind: FeatureKind) -> int:
        """How many features are of ``kind``."""
        return sum(1 for k in self.feature_kinds if k == kind)

    def to_model_features(self, view_rows: np.ndarray) -> np.ndarray:
        """Rows in the view's feature space as model features (expands polynomials for 2-D sets)."""
        if self.design.degree == 1:
            return view_rows
        return polynomial_features(view_rows, ("x1", "x2"), self.design.degree)[0]


def _n_folds(y: np.ndarray, label: str) -> int:
    """5, or fewer when the rarer class has fewer than 5 training examples (at least 2)."""
    rarest = int(min(np.count_nonzero(y == 1), np.count_nonzero(y == 0)))
    if rarest < 2:
        raise UserFacingError(
            f"The training set has only {rarest} example of {label}, too few to cross-validate; "
            "use more training examples."
        )
    return min(N_FOLDS, rarest)


def cv_folds(y: np.ndarray, seed: int, label: str = "the rarer class") -> Folds:
    """Stratified, shuffled k-fold splits of the training rows (k = 5 unless a class is tiny)."""
    splitter = StratifiedKFold(n_splits=_n_folds(y, label), shuffle=True, random_state=seed)
    return tuple((train, test) for train, test in splitter.split(np.zeros((y.size, 1)), y))


def build_problem(
    dataset_key: datasets.Source, *, n_noise: int, n_duplicates: int, degree: int, n_train: int, seed: int
) -> Problem:
    """Load the data, add the features that apply, split off 25% for test and make the CV folds."""
    if not (isinstance(n_train, int) and MIN_TRAIN <= n_train <= MAX_TRAIN):
        raise UserFacingError(
            f"The training-set size must be a whole number from {MIN_TRAIN} to {MAX_TRAIN}."
        )
    design = applicable_design(dataset_key, n_noise, n_duplicates, degree)
    total = min(round(n_train / (1 - TEST_FRACTION)), datasets.MAX_SAMPLES)
    data = datasets.load(dataset_key, n_samples=total, seed=seed)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    if data.info.kind == "tabular":
        features, names, kinds = inject_features(
            data.X, data.feature_names, design.n_noise, design.n_duplicates, rng
        )
        view_rows = features
    else:
        features, names, kinds = polynomial_features(data.X, data.feature_names, design.degree)
        view_rows = data.X
    rows = np.arange(data.y.size)
    parts = datasets.split(
        datasets.Dataset(data.info, rows[:, None].astype(np.float64), data.y, ("row",)),
        test_fraction=TEST_FRACTION,
        seed=seed,
    )
    train, test = parts.X_train[:, 0].astype(int), parts.X_test[:, 0].astype(int)
    y_train = data.y[train]
    return Problem(
        dataset_key=dataset_key,
        dataset_name=data.info.name,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
        design=design,
        X_train=features[train],
        y_train=y_train,
        X_test=features[test],
        y_test=data.y[test],
        view_train=view_rows[train],
        view_test=view_rows[test],
        feature_names=names,
        feature_kinds=kinds,
        folds=cv_folds(y_train, seed, _rarer_label(y_train, data.info)),
        n_train_requested=n_train,
    )


def _rarer_label(y: np.ndarray, info: datasets.DatasetInfo) -> str:
    """The name of the rarer class in ``y``."""
    return info.positive_label if np.count_nonzero(y == 1) <= y.size / 2 else info.negative_label


# --------------------------------------------------------------------------- models and scores


@dataclass(frozen=True)
class Solver:
    """A scikit-learn solver and the stopping rule the page runs it with."""

    name: str
    tol: float
    max_iter: int
    step: str  # what max_iter counts, for sentences: "epoch" or "iteration"


SAGA = Solver("saga", SAGA_TOL, SAGA_MAX_ITER, "epoch")
NEWTON = Solver("newton-cholesky", NEWTON_TOL, NEWTON_MAX_ITER, "iteration")


def solver_for(l1_ratio: float) -> Solver:
    """newton-cholesky for pure L2 (exact and fast); saga for L1 and elastic-net, which it cannot solve."""
    return NEWTON if l1_ratio == 0.0 else SAGA


def make_logreg(c: float, l1_ratio: float, seed: int, *, warm_start: bool = False) -> LogisticRegression:
    """Logistic regression with the page's penalty, solved by ``solver_for(l1_ratio)``."""
    solver = solver_for(l1_ratio)
    return LogisticRegression(
        C=c,
        l1_ratio=l1_ratio,
        solver=solver.name,
        tol=solver.tol,
        max_iter=solver.max_iter,
        warm_start=warm_start,
        random_state=seed,
    )


def make_pipeline(c: float, l1_ratio: float, seed: int) -> Pipeline:
    """Standardise, then the penalised logistic regression: penalties only compare on one scale."""
    return Pipeline([("scale", StandardScaler()), ("logreg", make_logreg(c, l1_ratio, seed))])


@contextmanager
def _quiet_convergence() -> Iterator[None]:
    """Silence ConvergenceWarning: the callers count capped fits via ``n_iter_`` instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def _log_loss(y: np.ndarray, decision: np.ndarray) -> np.ndarray:
    """Mean log loss per column of ``decision`` (n, k), with sklearn.metrics.log_loss's clipping."""
    p = np.clip(expit(decision), np.finfo(np.float64).eps, 1 - np.finfo(np.float64).eps)
    positive = (y == 1)[:, None]
    return -np.mean(np.where(positive, np.log(p), np.log1p(-p)), axis=0)


def _accuracy(y: np.ndarray, decision: np.ndarray) -> np.ndarray:
    """Accuracy per column of ``decision`` (predict the positive class when decision > 0, as sklearn)."""
    return np.mean((decision > 0) == (y == 1)[:, None], axis=0)


@dataclass(frozen=True, eq=False)
class Path:
    """Fits along the whole C grid on one set of (already standardised) rows."""

    coefs: np.ndarray  # (n_C, p) in standardised units
    intercepts: np.ndarray  # (n_C,)
    n_iter: np.ndarray  # (n_C,) solver epochs (saga) or Newton iterations (L2) used

    def decision(self, scaled: np.ndarray) -> np.ndarray:
        """Decision function of every fit on ``scaled`` rows: (n, n_C)."""
        return scaled @ self.coefs.T + self.intercepts


def fit_path(scaled: np.ndarray, y: np.ndarray, l1_ratio: float, seed: int, *, warm_start: bool) -> Path:
    """One fit per grid value of C, smallest first; ``warm_start`` starts each from the previous."""
    model = make_logreg(C_GRID[0], l1_ratio, seed, warm_start=warm_start)
    coefs, intercepts, n_iter = [], [], []
    # The inputs are checked once here, so scikit-learn's per-fit checks can be skipped (~1 ms a fit).
    with _quiet_convergence(), sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        for c in C_GRID:
            model.set_params(C=c)
            model.fit(scaled, y)
            coefs.append(model.coef_[0].copy())
            intercepts.append(float(model.intercept_[0]))
            n_iter.append(int(model.n_iter_[0]))
    return Path(np.array(coefs), np.array(intercepts), np.array(n_iter))


# --------------------------------------------------------------------------- the sweep


@dataclass(frozen=True, eq=False)
class Scores:
    """Train and CV scores (n_sizes, n_C, n_folds) for both scorings; NaN where a size was unusable."""

    train_sizes: np.ndarray  # (n_sizes,) training rows per fold at each size
    train: dict[str, np.ndarray]
    cv: dict[str, np.ndarray]
    capped_fits: int
    n_fits: int

    def curve(self, scoring: str, part: Literal["train", "cv"], size: int = -1) -> np.ndarray:
        """Mean over folds at each C for one training size (default: the whole training fold)."""
        values = (self.train if part == "train" else self.cv)[scoring][size]
        return np.nanmean(values, axis=1)

    def spread(self, scoring: str, part: Literal["train", "cv"], size: int = -1) -> np.ndarray:
        """Standard deviation over folds at each C."""
        values = (self.train if part == "train" else self.cv)[scoring][size]
        return np.nanstd(values, axis=1)


def learning_sizes(n_fold_train: int) -> np.ndarray:
    """Distinct training sizes per fold for the learning curves, ending with the whole fold."""
    sizes = {max(MIN_LEARNING_ROWS, round(share * n_fold_train)) for share in LEARNING_SHARES}
    return np.array(sorted(size for size in sizes if size <= n_fold_train), dtype=int)


def cv_scores(
    problem: Problem, l1_ratio: float, seed: int, *, warm_start: bool = True, learning: bool = True
) -> Scores:
    """Train and CV accuracy and log loss at every C, on every fold, at every learning-curve size.

    A size uses the first rows of each training fold (as sklearn's learning_curve with
    shuffle=False); a size at which a fold's subset lacks a class is left as NaN.
    """
    fold_train = min(train.size for train, _ in problem.folds)
    sizes = learning_sizes(fold_train) if learning else np.array([fold_train])
    shape = (sizes.size, len(C_GRID), len(problem.folds))
    train = {key: np.full(shape, np.nan) for key in SCORINGS}
    cv = {key: np.full(shape, np.nan) for key in SCORINGS}
    capped = fits = 0
    for f, (train_rows, val_rows) in enumerate(problem.folds):
        for s, size in enumerate(sizes):
            rows = train_rows if size >= train_rows.size else train_rows[:size]
            y_fit, y_val = problem.y_train[rows], problem.y_train[val_rows]
            if np.unique(y_fit).size < 2:
                continue
            scaler = StandardScaler().fit(problem.X_train[rows])
            fitted, held_out = (
                scaler.transform(problem.X_train[rows]),
                scaler.transform(problem.X_train[val_rows]),
            )
            path = fit_path(fitted, y_fit, l1_ratio, seed, warm_start=warm_start)
            capped += int(np.count_nonzero(path.n_iter >= solver_for(l1_ratio).max_iter))
            fits += len(C_GRID)
            on_fit, on_val = path.decision(fitted), path.decision(held_out)
            train["accuracy"][s, :, f], cv["accuracy"][s, :, f] = (
                _accuracy(y_fit, on_fit),
                _accuracy(y_val, on_val),
            )
            train["log_loss"][s, :, f], cv["log_loss"][s, :, f] = (
                _log_loss(y_fit, on_fit),
                _log_loss(y_val, on_val),
            )
    return Scores(sizes, train, cv, capped, fits)


@dataclass(frozen=True, eq=False)
class CoefficientPath:
    """Fits on the whole training set at every C (cold starts, so each equals a direct fit)."""

    scaler: StandardScaler
    path: Path
    test: dict[str, np.ndarray]  # held-out test score per C, per scoring
    train: dict[str, np.ndarray]  # training score per C, per scoring

    def decision(self, features: np.ndarray, index: int) -> np.ndarray:
        """The decision function of the fit at grid index ``index`` on raw model features."""
        scaled = self.scaler.transform(features)
        return scaled @ self.path.coefs[index] + self.path.intercepts[index]

    def probability(self, features: np.ndarray, index: int) -> np.ndarray:
        """P(positive) of the fit at grid index ``index``."""
        return expit(self.decision(features, index))


def coefficient_path(problem: Problem, l1_ratio: float, seed: int) -> CoefficientPath:
    """The coefficient path over the grid on the whole training set, with train and test scores."""
    scaler = StandardScaler().fit(problem.X_train)
    scaled, test = scaler.transform(problem.X_train), scaler.transform(problem.X_test)
    path = fit_path(scaled, problem.y_train, l1_ratio, seed, warm_start=False)
    on_train, on_test = path.decision(scaled), path.decision(test)
    return CoefficientPath(
        scaler=scaler,
        path=path,
        test={"accuracy": _accuracy(problem.y_test, on_test), "log_loss": _log_loss(problem.y_test, on_test)},
        train={
            "accuracy": _accuracy(problem.y_train, on_train),
            "log_loss": _log_loss(problem.y_train, on_train),
        },
    )


def sklearn_cv_choice(problem: Problem, l1_ratio: float, scoring: str, seed: int) -> float:
    """The C that LogisticRegressionCV picks on the same grid, folds, scoring and l1_ratio.

    It uses the sweep's solver and stopping rule, and sits in a pipeline after a StandardScaler, the
    usual way to use it; that scaler is fitted on the whole training set once, while this page's
    sweep refits it inside every fold, so the two can disagree by a grid step on small data.
    """
    solver = solver_for(l1_ratio)
    search = LogisticRegressionCV(
        Cs=list(C_GRID),
        cv=list(problem.folds),
        l1_ratios=(l1_ratio,),
        solver=solver.name,
        scoring=SKLEARN_SCORING[scoring],
        tol=solver.tol,
        max_iter=solver.max_iter,
        random_state=seed,
        use_legacy_attributes=False,
    )
    with _quiet_convergence(), one_thread():
        Pipeline([("scale", StandardScaler()), ("search", search)]).fit(problem.X_train, problem.y_train)
    return float(search.C_)


def sklearn_choice(
    dataset_key: datasets.Source,
    *,
    n_noise: int,
    n_duplicates: int,
    degree: int,
    n_train: int,
    l1_ratio: float,
    scoring: str,
    seed: int,
) -> float:
    """``sklearn_cv_choice`` for the same settings as ``run_study`` (plain arguments, to cache it)."""
    if scoring not in SCORINGS:
        raise UserFacingError(f"Unknown scoring {scoring!r}; choose one of: {', '.join(SCORINGS)}.")
    problem = build_problem(
        dataset_key, n_noise=n_noise, n_duplicates=n_duplicates, degree=degree, n_train=n_train, seed=seed
    )
    return sklearn_cv_choice(problem, l1_ratio, scoring, seed)


# --------------------------------------------------------------------------- the study


@dataclass(frozen=True, eq=False)
class Canvas:
    """The 2-D view of a study's data, its grid and the point traces: all fixed while C moves."""

    view: plane.PlaneView
    grid: plane.Grid  # without its feature-space points (a few MB on wide data), which are not needed
    probabilities: np.ndarray  # (n_C, ny, nx) float32: P(positive) of the fit at each C on the grid
    point_traces: tuple[Json, ...]


BOUNDARY_RESOLUTION = 60


def make_canvas(problem: Problem, fits: CoefficientPath, resolution: int = BOUNDARY_RESOLUTION) -> Canvas:
    """The view (raw x1, x2 for 2-D sets; PCA of every model feature otherwise), the grid, every fit's
    P(positive) on it and the points: moving C then only picks one precomputed surface."""
    names = ("x1", "x2") if problem.design.degree > 1 else problem.feature_names
    view = plane.fit_view(problem.view_train, names)
    grid = plane.make_grid(view, np.vstack([problem.view_train, problem.view_test]), resolution=resolution)
    labels = {"positive_label": problem.positive_label, "negative_label": problem.negative_label}
    points = (
        *plane.points_traces(view.to_plane(problem.view_train), problem.y_train, **labels, marker_size=6),
        *plane.points_traces(
            view.to_plane(problem.view_test), problem.y_test, **labels, split="test", marker_size=6
        ),
    )
    scaled = fits.scaler.transform(problem.to_model_features(grid.feature_points))
    surfaces = expit(fits.path.decision(scaled)).T.reshape(len(C_GRID), grid.ys.size, grid.xs.size)
    light = plane.Grid(grid.xs, grid.ys, grid.plane_points, np.empty((0, grid.feature_points.shape[1])))
    return Canvas(view, light, surfaces.astype(np.float32), tuple(points))


@dataclass(frozen=True, eq=False)
class Study:
    """Everything the page reads when C moves: the sweep, the coefficient path, the learning curves."""

    problem: Problem
    l1_ratio: float
    scores: Scores
    coefficients: CoefficientPath
    canvas: Canvas

    @property
    def solver(self) -> Solver:
        """The solver every fit of the study used."""
        return solver_for(self.l1_ratio)

    @property
    def capped_fits(self) -> int:
        """Fits (of all the study's) that hit the solver's cap on epochs or iterations."""
        on_path = int(np.count_nonzero(self.coefficients.path.n_iter >= self.solver.max_iter))
        return self.scores.capped_fits + on_path

    @property
    def n_fits(self) -> int:
        """Every fit of the study."""
        return self.scores.n_fits + len(C_GRID)

    @property
    def n_folds(self) -> int:
        """Cross-validation folds."""
        return len(self.problem.folds)


def run_study(
    dataset_key: datasets.Source,
    *,
    n_noise: int,
    n_duplicates: int,
    degree: int,
    n_train: int,
    l1_ratio: float,
    seed: int,
) -> Study:
    """Build the problem and sweep every C: CV scores at every learning-curve size, and the path.

    Pass ``applicable_design``'s values so that a control that does not apply to the dataset
    does not create a second, identical study.
    """
    problem = build_problem(
        dataset_key, n_noise=n_noise, n_duplicates=n_duplicates, degree=degree, n_train=n_train, seed=seed
    )
    with one_thread():  # a second BLAS thread only slows the solvers down on data this small
        coefficients = coefficient_path(problem, l1_ratio, seed)
        scores = cv_scores(problem, l1_ratio, seed)
    return Study(
        problem=problem,
        l1_ratio=l1_ratio,
        scores=scores,
        coefficients=coefficients,
        canvas=make_canvas(problem, coefficients),
    )


# --------------------------------------------------------------------------- reading the study


def higher_is_better(scoring: str) -> bool:
    """Accuracy: higher is better; log loss: lower is better."""
    return scoring == "accuracy"


def _goodness(values: np.ndarray, scoring: str) -> np.ndarray:
    """Scores turned so that higher is always better."""
    return values if higher_is_better(scoring) else -values


@dataclass(frozen=True)
class Zones:
    """Where the CV score is clearly worse than its best because C is too small or too large."""

    best_index: int
    underfit_end: int | None  # last grid index of the underfitting zone (it starts at 0)
    overfit_start: int | None  # first grid index of the overfitting zone (it ends at the last)

    def zone_of(self, index: int) -> str:
        """'underfitting', 'overfitting' or 'near the best'."""
        if self.underfit_end is not None and index <= self.underfit_end:
            return "underfitting"
        if self.overfit_start is not None and index >= self.overfit_start:
            return "overfitting"
        return "near the best"


# Differences smaller than this never count as "clearly worse" (0.1 percentage point, 0.001 nats).
_ZONE_FLOOR = 1e-3


def clearly_worse(per_fold: np.ndarray, best: int) -> np.ndarray:
    """Per grid index: whether its CV score is worse than at ``best`` by more than one standard error.

    ``per_fold`` is (n_C, n_folds), higher is better. The comparison is paired by fold (the same
    validation rows), so fold-to-fold difficulty cancels out.
    """
    diffs = per_fold - per_fold[best]
    n_folds = per_fold.shape[1]
    se = diffs.std(axis=1, ddof=1) / math.sqrt(n_folds) if n_folds > 1 else np.zeros(diffs.shape[0])
    return diffs.mean(axis=1) < -np.maximum(se, _ZONE_FLOOR)


def zones(scores: Scores, scoring: str) -> Zones:
    """The best C by mean CV score, and the zones where CV is clearly worse on either side of it.

    The underfitting zone runs from the smallest C up to the last C below the best such that it
    and every smaller C are clearly worse; the overfitting zone from the first C above the best
    from which every larger C is clearly worse.
    """
    per_fold = _goodness(scores.cv[scoring][-1], scoring)
    mean = per_fold.mean(axis=1)
    best = int(np.argmax(mean))
    worse = clearly_worse(per_fold, best)
    under = [i for i in range(best) if worse[: i + 1].all()]
    over = [i for i in range(best + 1, mean.size) if worse[i:].all()]
    return Zones(best, max(under) if under else None, min(over) if over else None)


@dataclass(frozen=True)
class Sparsity:
    """Exact zeros among the coefficients at one C, by kind of feature."""

    zeroed: dict[str, int]
    totals: dict[str, int]

    @property
    def zeroed_total(self) -> int:
        """Coefficients exactly zero."""
        return sum(self.zeroed.values())

    @property
    def total(self) -> int:
        """Every coefficient."""
        return sum(self.totals.values())

    def real_zeroed(self) -> tuple[int, int]:
        """(zeroed, total) over the real features: originals and polynomial terms."""
        kinds = ("original", "polynomial")
        return sum(self.zeroed.get(k, 0) for k in kinds), sum(self.totals.get(k, 0) for k in kinds)


def sparsity(coefs: np.ndarray, kinds: Sequence[str]) -> Sparsity:
    """How many coefficients are exactly zero, split by feature kind."""
    kind_array = np.asarray(kinds)
    zero = np.asarray(coefs) == _ZERO
    present = [k for k in KIND_LABELS if np.any(kind_array == k)]
    return Sparsity(
        zeroed={k: int(np.count_nonzero(zero & (kind_array == k))) for k in present},
        totals={k: int(np.count_nonzero(kind_array == k)) for k in present},
    )


def mean_abs_coef(coefs: np.ndarray, kinds: Sequence[str], kind: str) -> float:
    """Mean |coefficient| over features of ``kind`` (NaN when there are none)."""
    mask = np.asarray(kinds) == kind
    return float(np.mean(np.abs(np.asarray(coefs)[mask]))) if mask.any() else float("nan")


@dataclass(frozen=True)
class Reading:
    """The numbers the page shows at the current C."""

    index: int
    c: float
    train_score: float
    cv_score: float
    cv_spread: float
    test_score: float
    gap: float  # how much worse CV is than train (in the scoring's units, >= 0 when overfitting)
    zone: str


def read_at(study: Study, c: float, scoring: str) -> Reading:
    """Train, CV and test scores at ``c`` (a grid value), the generalisation gap and its zone."""
    index = grid_index(c)
    train = float(study.scores.curve(scoring, "train")[index])
    cv = float(study.scores.curve(scoring, "cv")[index])
    gap = train - cv if higher_is_better(scoring) else cv - train
    return Reading(
        index=index,
        c=C_GRID[index],
        train_score=train,
        cv_score=cv,
        cv_spread=float(study.scores.spread(scoring, "cv")[index]),
        test_score=float(study.coefficients.test[scoring][index]),
        gap=gap,
        zone=zones(study.scores, scoring).zone_of(index),
    )


def neighbour(index: int, steps: int) -> int:
    """A grid index ``steps`` away, kept inside the grid."""
    return min(max(index + steps, 0), len(C_GRID) - 1)


# --------------------------------------------------------------------------- figures


LOG_C = np.log10(np.array(C_GRID))
_C_TICKS = [c for c in C_GRID if math.log10(c).is_integer()]
_AXIS_PAD = 0.15


def _c_axis() -> Json:
    """An x-axis in log10(C) units, labelled with C itself."""
    return {
        "title": {"text": "C = 1/λ, log scale (weaker penalty →)"},
        "tickvals": [math.log10(c) for c in _C_TICKS],
        "ticktext": [c_label(c) for c in _C_TICKS],
        "range": [float(LOG_C[0]) - _AXIS_PAD, float(LOG_C[-1]) + _AXIS_PAD],
        "zeroline": False,
    }


def score_title(scoring: str) -> str:
    """Axis title for a score, with its direction."""
    if scoring == "accuracy":
        return "Accuracy (0–1, higher is better)"
    return "Log loss (nats, lower is better)"


def _vline(x: float, colour: str, dash: str = "solid") -> Json:
    """A full-height vertical line at ``x``."""
    line = {"color": colour, "width": 2, "dash": dash}
    return {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper", "line": line}


def _zone(x0: float, x1: float, colour: str) -> Json:
    """A shaded band from ``x0`` to ``x1`` behind the curves."""
    return {
        "type": "rect",
        "x0": x0,
        "x1": x1,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "fillcolor": colour,
        "opacity": 0.14,
        "line": {"width": 0},
        "layer": "below",
    }


def _zone_label(x: float, text: str, anchor: str, *, top: bool) -> Json:
    """A label at the top or bottom edge of a shaded zone."""
    return {
        "x": x,
        "y": 1 if top else 0,
        "yref": "paper",
        "xanchor": anchor,
        "yanchor": "top" if top else "bottom",
        "text": text,
        "showarrow": False,
        "font": {"color": "#4D4D4D"},
    }


def _between(i: int, j: int) -> float:
    """Midpoint in log10(C) between two grid indices."""
    return float((LOG_C[i] + LOG_C[j]) / 2)


def _label_on_top(curves: Sequence[np.ndarray], rows: slice) -> bool:
    """Whether a zone's label belongs at the top: its curves sit in the lower half of the chart."""
    low = min(float(np.nanmin(curve)) for curve in curves)
    high = max(float(np.nanmax(curve)) for curve in curves)
    middle = float(np.nanmean([np.nanmean(curve[rows]) for curve in curves]))
    return middle < (low + high) / 2


def _zone_shapes(z: Zones, curves: Sequence[np.ndarray]) -> tuple[list[Json], list[Json]]:
    """Shaded zones, and their labels on whichever edge the ``curves`` leave free."""
    shapes, labels = [], []
    left, right = float(LOG_C[0]) - _AXIS_PAD, float(LOG_C[-1]) + _AXIS_PAD
    if z.underfit_end is not None:
        shapes.append(_zone(left, _between(z.underfit_end, z.underfit_end + 1), _UNDERFIT_COLOUR))
        top = _label_on_top(curves, slice(0, z.underfit_end + 1))
        labels.append(_zone_label(left, " Underfitting", "left", top=top))
    if z.overfit_start is not None:
        shapes.append(_zone(_between(z.overfit_start - 1, z.overfit_start), right, _OVERFIT_COLOUR))
        top = _label_on_top(curves, slice(z.overfit_start, None))
        labels.append(_zone_label(right, "Overfitting ", "right", top=top))
    return shapes, labels


def _band(mean: np.ndarray, spread: np.ndarray, colour: str) -> Json:
    """A light ±1 standard-deviation band (over folds) around a mean curve over the C grid."""
    return {
        "type": "scatter",
        "x": np.r_[LOG_C, LOG_C[::-1]],
        "y": np.r_[mean + spread, (mean - spread)[::-1]],
        "fill": "toself",
        "fillcolor": colour,
        "opacity": 0.18,
        "line": {"width": 0},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "CV ± 1 SD over folds",
    }


def _grid_curve(y: np.ndarray, *, name: str, colour: str, hover: str) -> Json:
    """A mean score curve over the C grid."""
    return {
        "type": "scatter",
        "x": LOG_C,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "width": 2.5},
        "marker": {"size": 5},
        "customdata": [c_label(c) for c in C_GRID],
        "hovertemplate": hover,
    }


def _marker(x: float, y: float, *, name: str, colour: str, symbol: str, hover: str, size: int = 14) -> Json:
    """One marked point."""
    return {
        "type": "scatter",
        "x": [x],
        "y": [y],
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "size": size, "symbol": symbol, "line": {"color": "white", "width": 1.5}},
        "hovertemplate": hover + "<extra></extra>",
    }


def validation_curve_figure(study: Study, scoring: str, c: float, sklearn_c: float) -> go.Figure:
    """Train and CV scores across C (CV ± 1 SD over folds), zones shaded, current and chosen C marked.

    The current C is marked on both curves by traces named "Current C (train)" and "Current C (CV)".
    """
    s, index, sk_index = study.scores, grid_index(c), grid_index(sklearn_c)
    train, cv = s.curve(scoring, "train"), s.curve(scoring, "cv")
    z = zones(s, scoring)
    metric = SCORINGS[scoring].lower()
    hover = f"C %{{customdata}}<br>{metric} %{{y:.3f}}<extra></extra>"
    here = f"Current C = {c_label(C_GRID[index])} (λ = {1 / C_GRID[index]:g})"
    best = C_GRID[z.best_index]
    traces = [
        _band(cv, s.spread(scoring, "cv"), _CV_COLOUR),
        _grid_curve(train, name="Train", colour=_TRAIN_COLOUR, hover=f"Train<br>{hover}"),
        _grid_curve(cv, name=f"CV ({study.n_folds}-fold, ± 1 SD)", colour=_CV_COLOUR, hover=f"CV<br>{hover}"),
        _marker(
            float(LOG_C[z.best_index]),
            float(cv[z.best_index]),
            name="Best CV",
            colour=PALETTE[2],
            symbol="star",
            hover=f"Best mean CV {metric} at C = {c_label(best)}",
            size=17,
        ),
        _marker(
            float(LOG_C[sk_index]),
            float(cv[sk_index]),
            name="LogisticRegressionCV",
            colour=_LRCV_COLOUR,
            symbol="diamond-open",
            hover=f"LogisticRegressionCV picks C = {c_label(sklearn_c)}",
            size=19,
        ),
        _marker(
            float(LOG_C[index]),
            float(train[index]),
            name="Current C (train)",
            colour=HIGHLIGHT_COLOUR,
            symbol="circle",
            hover=f"{here}<br>train {metric} {train[index]:.3f}",
        ),
        _marker(
            float(LOG_C[index]),
            float(cv[index]),
            name="Current C (CV)",
            colour=HIGHLIGHT_COLOUR,
            symbol="circle",
            hover=f"{here}<br>CV {metric} {cv[index]:.3f}",
        ),
    ]
    traces[-2]["showlegend"] = False
    traces[-1]["legendgroup"] = traces[-2]["legendgroup"] = "current"
    shapes, labels = _zone_shapes(z, (train, cv))
    layout = {
        "xaxis": _c_axis(),
        "yaxis": {"title": {"text": score_title(scoring)}},
        "shapes": [*shapes, _vline(float(LOG_C[index]), HIGHLIGHT_COLOUR, "dot")],
        "annotations": labels,
    }
    return charts.figure(traces, layout)


def _kind_lines(study: Study, kind: str) -> Json:
    """Every coefficient path of one kind of feature as one line trace, paths separated by gaps."""
    coefs, names = study.coefficients.path.coefs, study.problem.feature_names
    columns = [j for j, k in enumerate(study.problem.feature_kinds) if k == kind]
    n = len(C_GRID) + 1  # each path, then a NaN that breaks the line
    x = np.tile(np.r_[LOG_C, np.nan], len(columns))
    y = np.concatenate([np.r_[np.round(coefs[:, j], 4), np.nan] for j in columns])
    text = [names[j] for j in columns for _ in range(n)]
    c_text = [*(c_label(c) for c in C_GRID), ""] * len(columns)
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": KIND_LABELS[kind],
        "legendgroup": kind,
        "line": {"color": KIND_COLOURS[kind], "width": 1.5},
        "opacity": 0.8,
        "text": text,
        "customdata": c_text,
        "hovertemplate": "%{text}<br>C %{customdata}<br>coefficient %{y:.3f}<extra></extra>",
    }


def coefficient_path_figure(study: Study, c: float) -> go.Figure:
    """Every standardised coefficient against C, one colour per feature kind; the current C marked.

    The current C's coefficients are the markers of the trace named "Current C".
    """
    coefs, names = study.coefficients.path.coefs, study.problem.feature_names
    index = grid_index(c)
    kinds = [k for k in KIND_LABELS if k in study.problem.feature_kinds]
    traces = [_kind_lines(study, kind) for kind in kinds]
    traces.append(
        {
            "type": "scatter",
            "x": np.full(len(names), float(LOG_C[index])),
            "y": np.round(coefs[index], 4),
            "mode": "markers",
            "name": "Current C",
            "marker": {"color": HIGHLIGHT_COLOUR, "size": 6, "line": {"color": "white", "width": 0.5}},
            "text": list(names),
            "hovertemplate": "%{text}<br>coefficient %{y:.3f}<extra></extra>",
        }
    )
    layout = {
        "xaxis": _c_axis(),
        "yaxis": {"title": {"text": "Coefficient (per SD of the feature)"}},
        "shapes": [_vline(float(LOG_C[index]), HIGHLIGHT_COLOUR, "dot")],
    }
    return charts.figure(traces, layout)


def size_curve(scores: Scores, scoring: str, part: Literal["train", "cv"], index: int) -> np.ndarray:
    """Mean over folds at grid index ``index`` for every learning-curve size (NaN where unusable)."""
    values = (scores.train if part == "train" else scores.cv)[scoring][:, index, :]
    out = np.full(values.shape[0], np.nan)
    usable = ~np.isnan(values).all(axis=1)
    out[usable] = np.nanmean(values[usable], axis=1)
    return out


def _size_trace(scores: Scores, y: np.ndarray, *, name: str, colour: str, dash: str, metric: str) -> Json:
    """One learning curve."""
    return {
        "type": "scatter",
        "x": scores.train_sizes,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash, "width": 2.5 if dash == "solid" else 2},
        "marker": {"size": 7},
        "hovertemplate": f"{name}<br>%{{x}} training examples<br>{metric} %{{y:.3f}}<extra></extra>",
    }


def learning_curve_figure(study: Study, scoring: str, c: float) -> go.Figure:
    """Train and CV score against training size at the current C, and CV at 10x tighter and looser C."""
    s, index = study.scores, grid_index(c)
    metric = SCORINGS[scoring].lower()
    traces: list[Json] = []
    for steps, label, colour, dash in (
        (-COMPARE_STEPS, "CV, 10× tighter C = {c}", REFERENCE_COLOUR, "dot"),
        (COMPARE_STEPS, "CV, 10× looser C = {c}", PALETTE[3], "dash"),
    ):
        other = neighbour(index, steps)
        if other != index:
            name = label.format(c=c_label(C_GRID[other])).replace(
                "10× ", "" if abs(other - index) < 3 else "10× "
            )
            traces.append(
                _size_trace(
                    s, size_curve(s, scoring, "cv", other), name=name, colour=colour, dash=dash, metric=metric
                )
            )
    here = c_label(C_GRID[index])
    traces += [
        _size_trace(
            s, size_curve(s, scoring, "train", index), name=f"Train, C = {here}", colour=_TRAIN_COLOUR,
            dash="solid", metric=metric,
        ),
        _size_trace(
            s, size_curve(s, scoring, "cv", index), name=f"CV, C = {here}", colour=_CV_COLOUR,
            dash="solid", metric=metric,
        ),
    ]  # fmt: skip
    layout = {
        "xaxis": {"title": {"text": "Training examples per fold (count)"}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": score_title(scoring)}},
    }
    return charts.figure(traces, layout)


def decision_boundary_figure(study: Study, c: float) -> tuple[go.Figure, str]:
    """P(positive) of the fit at ``c`` on the 2-D view, its 0.5 boundary, and the train and test points.

    Returns the figure and the view's caption ("" when the data is 2-D). For 2-D sets the plane is
    the raw (x1, x2) plane and the model sees its polynomial terms. Only the surface depends on C.
    """
    canvas, index = study.canvas, grid_index(c)
    prob = canvas.probabilities[index].ravel()
    positive = study.problem.positive_label
    traces: list[Json] = [
        plane.surface_trace(canvas.grid, prob, colorbar_title=f"P({positive})"),
        plane.level_lines_trace(canvas.grid, prob, [0.5], name="Boundary, p = 0.5"),
        *canvas.point_traces,
    ]
    grid = canvas.grid
    layout = {
        "xaxis": {
            "title": {"text": canvas.view.axis_titles[0]},
            "range": [float(grid.xs[0]), float(grid.xs[-1])],
        },
        "yaxis": {
            "title": {"text": canvas.view.axis_titles[1]},
            "range": [float(grid.ys[0]), float(grid.ys[-1])],
        },
    }
    return charts.figure(traces, layout), canvas.view.caption()


# --------------------------------------------------------------------------- what to notice


def _fmt(value: float) -> str:
    """A score with three decimals."""
    return f"{value:.3f}"


def _where(c: float) -> str:
    """'C = 0.05 (λ = 20)'."""
    return f"C = {c_label(c)} (λ = {1 / c:g})"


def _position_sentence(study: Study, reading: Reading, scoring: str, z: Zones) -> str:
    """Which zone the current C is in, against the best C."""
    best_c = C_GRID[z.best_index]
    cv = study.scores.curve(scoring, "cv")
    metric = SCORINGS[scoring].lower()
    if reading.index == z.best_index:
        return f"{_where(reading.c)} gives the best mean CV {metric} on this grid, {_fmt(cv[z.best_index])}."
    head = (
        f"At {_where(reading.c)} the CV {metric} is {_fmt(reading.cv_score)} against the best "
        f"{_fmt(cv[z.best_index])} at C = {c_label(best_c)}"
    )
    if reading.zone == "underfitting":
        return (
            f"{head}: the underfitting zone, where the penalty is so strong that train and CV are both poor."
        )
    if reading.zone == "overfitting":
        return f"{head}: the overfitting zone, where the fit to the training folds improves but CV worsens."
    return f"{head}, within one standard error of it (paired over the {study.n_folds} folds): a sound choice."


def _gap_sentence(study: Study, reading: Reading, scoring: str) -> str:
    """How the train-CV gap changes between the loosest C and the current one."""
    metric = SCORINGS[scoring].lower()
    last = len(C_GRID) - 1
    loose = read_at(study, C_GRID[last], scoring)
    if reading.index == last:
        best = read_at(study, C_GRID[zones(study.scores, scoring).best_index], scoring)
        return (
            f"At the loosest C = {c_label(reading.c)} the gap between train and CV {metric} is "
            f"{_fmt(reading.gap)}; at the CV-best C = {c_label(best.c)} it is {_fmt(best.gap)}."
        )
    verb = "shrinks" if reading.gap < loose.gap else "stays"
    return (
        f"The gap between train and CV {metric} {verb} from {_fmt(loose.gap)} at the loosest C = "
        f"{c_label(loose.c)} to {_fmt(reading.gap)} at C = {c_label(reading.c)}: a stronger penalty "
        "trades variance for bias."
    )


def _sparsity_sentence(study: Study, reading: Reading) -> str:
    """Exact zeros by kind (L1, elastic-net) or how L2 shrinks noise features."""
    p = study.problem
    coefs = study.coefficients.path.coefs[reading.index]
    sp = sparsity(coefs, p.feature_kinds)
    real_zeroed, real_total = sp.real_zeroed()
    name = penalty_name(study.l1_ratio)
    where = f"{name} at C = {c_label(reading.c)}"
    if study.l1_ratio == 0.0:
        tail = ""
        if p.count("noise"):
            noise = mean_abs_coef(coefs, p.feature_kinds, "noise")
            real = mean_abs_coef(coefs, p.feature_kinds, "original")
            tail = f"; the noise features' mean |coefficient| is {noise:.3f}, the real ones' {real:.3f}"
        return (
            f"{where} shrinks every coefficient but zeroes none of the {sp.total}{tail}; L1 would zero some."
        )
    parts = []
    if "noise" in sp.totals:
        parts.append(f"{sp.zeroed['noise']} of {sp.totals['noise']} noise features")
    if "duplicate" in sp.totals:
        parts.append(f"{sp.zeroed['duplicate']} of {sp.totals['duplicate']} near-duplicates")
    real = "polynomial and linear terms" if "polynomial" in sp.totals else "real features"
    parts.append(f"{real_zeroed} of {real_total} {real}")
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{where} zeroed {listed} ({sp.zeroed_total} of {sp.total} coefficients exactly 0)."


def _sklearn_sentence(study: Study, scoring: str, sklearn_c: float) -> str:
    """LogisticRegressionCV's pick against this sweep's best."""
    z = zones(study.scores, scoring)
    best = C_GRID[z.best_index]
    if grid_index(sklearn_c) == z.best_index:
        return (
            f"LogisticRegressionCV, on the same folds, grid, scoring and l1_ratio, also picks C = {best:g}."
        )
    cv = study.scores.curve(scoring, "cv")
    difference = abs(float(cv[grid_index(sklearn_c)] - cv[z.best_index]))
    return (
        f"LogisticRegressionCV picks C = {c_label(sklearn_c)} against {c_label(best)} here: it standardises "
        "once on the whole training set rather than inside each fold; the two CV scores differ by "
        f"only {_fmt(difference)}."
    )


def _direction(change: float) -> str:
    """'better', 'worse' or 'no change' for a change in goodness."""
    if change > 0:
        return "better"
    return "worse" if change < 0 else "no change"


def _learning_sentence(study: Study, reading: Reading, scoring: str) -> str:
    """Compare the gain from the last step of more data with the gain from the best C."""
    s, metric = study.scores, SCORINGS[scoring].lower()
    cv = _goodness(size_curve(s, scoring, "cv", reading.index), scoring)
    usable = np.flatnonzero(~np.isnan(cv))
    if usable.size < 2:
        return "The training set is too small for a learning curve with both classes in every subset."
    before, after = int(usable[-2]), int(usable[-1])
    data_gain = float(cv[after] - cv[before])
    best_index = zones(s, scoring).best_index
    full = _goodness(s.curve(scoring, "cv"), scoring)
    tune_gain = float(full[best_index] - full[reading.index])
    sizes = s.train_sizes
    data = (
        f"growing the training folds from {sizes[before]} to {sizes[after]} examples changes CV {metric} "
        f"by {abs(data_gain):.3f} ({_direction(data_gain)})"
    )
    if reading.index == best_index:
        lever = "more data is the lever left" if data_gain > _ZONE_FLOOR else "both levers are nearly spent"
        return f"At the CV-best C = {c_label(reading.c)}, {data}: {lever}."
    verdict = "more data helps more" if data_gain > tune_gain else "tuning C helps more"
    return (
        f"At C = {c_label(reading.c)}, {data}; moving to the CV-best C = {c_label(C_GRID[best_index])} "
        f"instead improves it by {tune_gain:.3f}: here {verdict}."
    )


def _test_sentence(study: Study, reading: Reading, scoring: str) -> str:
    """The held-out test score at the current C against the CV estimate."""
    metric = SCORINGS[scoring].lower()
    return (
        f"On the {study.problem.y_test.size} held-out test examples the model at C = {c_label(reading.c)} "
        f"scores {metric} {_fmt(reading.test_score)}, against the CV estimate {_fmt(reading.cv_score)} "
        "(use the test set once, after choosing C)."
    )


def _solver_sentence(study: Study) -> str | None:
    """Whether the solver hit its cap, or (saga) stopped early enough to cap the weights at large C."""
    norms = np.linalg.norm(study.coefficients.path.coefs, axis=1)
    capped, solver = study.capped_fits, study.solver
    top, below = norms[-1], norms[-1 - COMPARE_STEPS]
    if capped:
        return (
            f"{solver.name} stopped at its {solver.max_iter}-{solver.step} cap in {capped} of "
            f"{study.n_fits} fits (mostly at large C); those points are approximate, and stopping early "
            "is itself a regularizer."
        )
    if solver is SAGA and below > 0 and top / below < 1.05:
        return (
            f"From C = {C_GRID[-1 - COMPARE_STEPS]:g} to {C_GRID[-1]:g} the weights barely grow "
            f"(norm {below:.2f} → {top:.2f}): saga stops once an epoch changes them by under "
            f"{SAGA_TOL:.1%}, which acts like early stopping, itself a regularizer."
        )
    return None


def what_to_notice(study: Study, c: float, scoring: str, sklearn_c: float) -> list[str]:
    """Sentences computed from the study at the current C."""
    reading = read_at(study, c, scoring)
    z = zones(study.scores, scoring)
    notes = [
        _position_sentence(study, reading, scoring, z),
        _gap_sentence(study, reading, scoring),
        _sparsity_sentence(study, reading),
        _sklearn_sentence(study, scoring, sklearn_c),
        _learning_sentence(study, reading, scoring),
        _test_sentence(study, reading, scoring),
    ]
    solver = _solver_sentence(study)
    return [*notes, solver] if solver else notes


# --------------------------------------------------------------------------- interview notes


INTERVIEW = InterviewGuide(
    talking_points=(
        "Regularization adds a price on large weights to the training loss: λ‖w‖² (L2) or λ‖w‖₁ (L1). "
        "scikit-learn's C is 1/λ, so a small C means a strong penalty.",
        "It trades variance for bias: too strong and train and CV are both poor (underfitting); too weak "
        "and train keeps improving while CV gets worse (overfitting). The validation curve shows both.",
        "Pick the strength by cross-validation on the training data only (LogisticRegressionCV, a grid "
        "search); touch the test set once, at the end.",
        "Standardise first, inside the CV pipeline: the penalty is on coefficient size, so without scaling "
        "a feature in millimetres is penalised differently from the same feature in metres.",
        "L1 sets weights exactly to zero, a built-in feature selection; L2 shrinks all of them and spreads "
        "weight across correlated features; elastic-net mixes both and keeps correlated groups together.",
        "Read the learning curve: if CV still improves with more data, data is the better lever; if train "
        "and CV have met at a poor score, the model is too simple and loosening the penalty is.",
        "Other regularizers: early stopping, dropout, weight decay, tree depth and leaf size, data "
        "augmentation, bagging, label smoothing.",
    ),
    pick_when={
        "Stronger penalty (smaller C)": (
            "Few examples per feature, or many features that may be irrelevant or noisy.",
            "Train score far above CV score (high variance).",
            "You need stable coefficients that do not swing with each retrain.",
        ),
        "Weaker penalty (larger C)": (
            "Plenty of data per feature, and train and CV both poor (high bias).",
            "Features are few, engineered with care, and all expected to matter.",
        ),
        "L1 or elastic-net": (
            "You want a sparse model: easier to explain, fewer features to compute and log in serving.",
            "Many candidate features, most suspected useless; elastic-net when they come in correlated sets.",
        ),
        "L2": (
            "Correlated features whose weight should be shared rather than given to one arbitrarily.",
            "Every feature likely carries a little signal; you want a smooth, stable solution.",
        ),
    },
    pitfalls=(
        "Choosing C on the test set, or fitting the scaler on all the data before cross-validating: leakage.",
        "Forgetting to scale: the penalty then depends on each feature's units.",
        "Reading L1's zeros as 'useless features': of two near-duplicates L1 keeps one almost at random.",
        "Carrying C over to a bigger dataset: scikit-learn's C multiplies the summed loss, so the same C "
        "regularizes less as the data grows.",
        "Trusting a solver that stopped early at large C: saga's epoch cap is a regularizer of its own.",
        "Blaming overfitting when the learning curve says the model is too simple: more penalty won't help.",
    ),
    follow_ups=(
        "Why does L1 give exact zeros while L2 does not?",
        "Two features are perfectly correlated: what do L1 and L2 do with their weights?",
        "How would you choose λ on a billion rows with a day of compute?",
        "What plays the role of regularization in gradient-boosted trees? In a neural network?",
        "How do L2 and L1 relate to Gaussian and Laplace priors on the weights?",
        "Your model overfits and you can get ten times more data: what do you try first, and why?",
    ),
)
