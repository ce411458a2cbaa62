"""The expensive work, done once per data and penalty setting: every C of the grid fitted on every
CV fold at every learning-curve size, the coefficient path on the whole training set with its test
scores, every fit's P(positive) on the 2-D view, and LogisticRegressionCV's own choice of C."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict, Unpack

import numpy as np
import sklearn
from scipy.special import expit
from sklearn.linear_model import LogisticRegressionCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import datasets
from explorers import plane
from explorers.charts import Json
from explorers.common import one_thread
from explorers.regularization.penalties import (
    C_GRID,
    SCORINGS,
    Solver,
    make_logreg,
    quiet_convergence,
    scoring_of,
    solver_for,
)
from explorers.regularization.problem import Problem, build_problem

# Learning curves: these shares of each training fold (the last is the validation sweep itself).
LEARNING_SHARES: tuple[float, ...] = (0.15, 0.35, 0.6, 1.0)
MIN_LEARNING_ROWS = 10
BOUNDARY_RESOLUTION = 60
Part = Literal["train", "cv"]


# --------------------------------------------------------------------------- one path over the grid


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
    with quiet_convergence(), sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        for c in C_GRID:
            model.set_params(C=c)
            model.fit(scaled, y)
            coefs.append(model.coef_[0].copy())
            intercepts.append(float(model.intercept_[0]))
            n_iter.append(int(model.n_iter_[0]))
    return Path(np.array(coefs), np.array(intercepts), np.array(n_iter))


def _scored(y: np.ndarray, decision: np.ndarray) -> dict[str, np.ndarray]:
    """Every scoring of every column of ``decision``."""
    return {key: scoring.per_column(y, decision) for key, scoring in SCORINGS.items()}


# --------------------------------------------------------------------------- the CV sweep


@dataclass(frozen=True, eq=False)
class Scores:
    """Train and CV scores (n_sizes, n_C, n_folds) for every scoring; NaN where a size was unusable."""

    train_sizes: np.ndarray  # (n_sizes,) training rows per fold at each size
    train: dict[str, np.ndarray]
    cv: dict[str, np.ndarray]
    capped_fits: int
    n_fits: int

    def _part(self, scoring: str, part: Part) -> np.ndarray:
        return (self.train if part == "train" else self.cv)[scoring]

    def curve(self, scoring: str, part: Part, size: int = -1) -> np.ndarray:
        """Mean over folds at each C for one training size (default: the whole training fold)."""
        return np.nanmean(self._part(scoring, part)[size], axis=1)

    def spread(self, scoring: str, part: Part, size: int = -1) -> np.ndarray:
        """Standard deviation over folds at each C."""
        return np.nanstd(self._part(scoring, part)[size], axis=1)

    def by_size(self, scoring: str, part: Part, index: int) -> np.ndarray:
        """Mean over folds at grid index ``index`` for every learning-curve size (NaN where unusable)."""
        values = self._part(scoring, part)[:, index, :]
        out = np.full(values.shape[0], np.nan)
        usable = ~np.isnan(values).all(axis=1)
        out[usable] = np.nanmean(values[usable], axis=1)
        return out


def learning_sizes(n_fold_train: int) -> np.ndarray:
    """Distinct training sizes per fold for the learning curves, ending with the whole fold."""
    sizes = {max(MIN_LEARNING_ROWS, round(share * n_fold_train)) for share in LEARNING_SHARES}
    return np.array(sorted(size for size in sizes if size <= n_fold_train), dtype=int)


def cv_scores(
    problem: Problem, l1_ratio: float, seed: int, *, warm_start: bool = True, learning: bool = True
) -> Scores:
    """Train and CV scores at every C, on every fold, at every learning-curve size.

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
            fitted = scaler.transform(problem.X_train[rows])
            held_out = scaler.transform(problem.X_train[val_rows])
            path = fit_path(fitted, y_fit, l1_ratio, seed, warm_start=warm_start)
            capped += int(np.count_nonzero(path.n_iter >= solver_for(l1_ratio).max_iter))
            fits += len(C_GRID)
            on_fit, on_val = _scored(y_fit, path.decision(fitted)), _scored(y_val, path.decision(held_out))
            for key in SCORINGS:
                train[key][s, :, f], cv[key][s, :, f] = on_fit[key], on_val[key]
    return Scores(sizes, train, cv, capped, fits)


# --------------------------------------------------------------------------- the whole training set


@dataclass(frozen=True, eq=False)
class CoefficientPath:
    """Fits on the whole training set at every C (cold starts, so each equals a direct fit)."""

    scaler: StandardScaler
    path: Path
    test: dict[str, np.ndarray]  # held-out test score per C, per scoring
    train: dict[str, np.ndarray]  # training score per C, per scoring
    stationarity: np.ndarray  # per C: optimality residual / the penalty's gradient (0 at the optimum)


def coefficient_path(problem: Problem, l1_ratio: float, seed: int) -> CoefficientPath:
    """The coefficient path over the grid on the whole training set, with train and test scores."""
    scaler = StandardScaler().fit(problem.X_train)
    scaled, test = scaler.transform(problem.X_train), scaler.transform(problem.X_test)
    path = fit_path(scaled, problem.y_train, l1_ratio, seed, warm_start=False)
    return CoefficientPath(
        scaler=scaler,
        path=path,
        test=_scored(problem.y_test, path.decision(test)),
        train=_scored(problem.y_train, path.decision(scaled)),
        stationarity=stationarity(scaled, problem.y_train, path, l1_ratio),
    )


def stationarity(scaled: np.ndarray, y: np.ndarray, path: Path, l1_ratio: float) -> np.ndarray:
    """How far each fit of ``path`` is from the penalised optimum: the largest violation of the
    optimality conditions of C·Σ log-loss + (1 − r)/2·‖w‖² + r·‖w‖₁ (scikit-learn's objective), as a
    share of the penalty's own gradient r + (1 − r)·max|w|. About 0 at the optimum; above 1, the
    solver's stopping rule rather than the penalty set the weights."""
    r = l1_ratio
    residual = expit(path.decision(scaled)) - y[:, None]  # (n, n_C)
    gradient = np.array(C_GRID)[:, None] * (residual.T @ scaled) + (1 - r) * path.coefs  # (n_C, p)
    w = path.coefs
    violation = np.where(w != 0, np.abs(gradient + r * np.sign(w)), np.maximum(0.0, np.abs(gradient) - r))
    scale = r + (1 - r) * np.abs(w).max(axis=1)
    return violation.max(axis=1) / np.where(scale > 0, scale, 1.0)


# --------------------------------------------------------------------------- the 2-D view


@dataclass(frozen=True, eq=False)
class Canvas:
    """The 2-D view of a study's data, its grid and the point traces: all fixed while C moves."""

    view: plane.PlaneView
    grid: plane.Grid  # without its feature-space points (a few MB on wide data), which are not needed
    probabilities: np.ndarray  # (n_C, ny, nx) float32: P(positive) of the fit at each C on the grid
    point_traces: tuple[Json, ...]


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


# --------------------------------------------------------------------------- the study


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


class Sweep(TypedDict):
    """What a sweep depends on besides the dataset (and, for LogisticRegressionCV, the scoring)."""

    n_noise: int
    n_duplicates: int
    degree: int
    n_train: int
    l1_ratio: float
    seed: int


def _problem(dataset_key: datasets.Source, sweep: Sweep) -> Problem:
    """The sweep's problem: its data, injected features, split and folds."""
    return build_problem(
        dataset_key,
        n_noise=sweep["n_noise"],
        n_duplicates=sweep["n_duplicates"],
        degree=sweep["degree"],
        n_train=sweep["n_train"],
        seed=sweep["seed"],
    )


def run_study(dataset_key: datasets.Source, **sweep: Unpack[Sweep]) -> Study:
    """Build the problem and sweep every C: CV scores at every learning-curve size, and the path.

    Pass ``applicable_design``'s values so that a control that does not apply to the dataset
    does not create a second, identical study.
    """
    problem = _problem(dataset_key, sweep)
    l1_ratio, seed = sweep["l1_ratio"], sweep["seed"]
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


# --------------------------------------------------------------------------- scikit-learn's own choice


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
        scoring=scoring_of(scoring).sklearn_name,
        tol=solver.tol,
        max_iter=solver.max_iter,
        random_state=seed,
        use_legacy_attributes=False,
    )
    with quiet_convergence(), one_thread():
        Pipeline([("scale", StandardScaler()), ("search", search)]).fit(problem.X_train, problem.y_train)
    return float(search.C_)


def sklearn_choice(dataset_key: datasets.Source, *, scoring: str, **sweep: Unpack[Sweep]) -> float:
    """``sklearn_cv_choice`` for the same settings as ``run_study`` and a scoring (plain arguments,
    cached apart from the sweep, so a new scoring refits only this)."""
    scoring_of(scoring)
    return sklearn_cv_choice(_problem(dataset_key, sweep), sweep["l1_ratio"], scoring, sweep["seed"])
