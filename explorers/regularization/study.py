"""The expensive work, done once per data and penalty setting: every C of the grid fitted on every
CV fold at every learning-curve size, the coefficient path on the whole training set with its test
scores, and every fit's P(positive) on the 2-D view. The C that cross-validation picks is read off
these scores (the tests check it against scikit-learn's own searches)."""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypedDict, Unpack

import numpy as np
import sklearn
from scipy.special import expit
from sklearn.linear_model._logistic import _logistic_regression_path
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
    solver_for,
)
from explorers.regularization.problem import Problem, build_problem

# Learning curves: these shares of each training fold (the last is the validation sweep itself).
LEARNING_SHARES: tuple[float, ...] = (0.15, 0.35, 0.6, 1.0)
MIN_LEARNING_ROWS = 10
BOUNDARY_RESOLUTION = 60
# The CV paths are independent and saga releases the GIL, so two threads (the server's two cores)
# cut the sweep's time nearly in half.
SWEEP_THREADS = 2
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
    """One fit per grid value of C, smallest first; ``warm_start`` starts each from the previous
    (scikit-learn's own path solver, as LogisticRegressionCV runs it per fold), otherwise every fit
    starts from zero, exactly as a ``LogisticRegression`` fitted on its own."""
    return _warm_path(scaled, y, l1_ratio, seed) if warm_start else _cold_path(scaled, y, l1_ratio, seed)


def _cold_path(scaled: np.ndarray, y: np.ndarray, l1_ratio: float, seed: int) -> Path:
    """Every C fitted from zero by its own ``LogisticRegression``."""
    model = make_logreg(C_GRID[0], l1_ratio, seed)
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


def _penalty_name(l1_ratio: float) -> str:
    """The penalty ``LogisticRegression`` passes its path solver for an ``l1_ratio``."""
    return "l2" if l1_ratio == 0 else "l1" if l1_ratio == 1 else "elasticnet"


def _warm_path(scaled: np.ndarray, y: np.ndarray, l1_ratio: float, seed: int) -> Path:
    """The whole grid in one call of scikit-learn's path solver: each C starts from the previous
    one's weights and the inputs are checked once, so it costs a third of a loop of fits."""
    solver = solver_for(l1_ratio)
    with quiet_convergence():
        coefs, _, n_iter = _logistic_regression_path(
            np.ascontiguousarray(scaled, dtype=np.float64),
            y.astype(np.float64),
            classes=np.array([0, 1]),
            Cs=list(C_GRID),
            solver=solver.name,
            penalty=_penalty_name(l1_ratio),
            l1_ratio=l1_ratio,
            tol=solver.tol,
            max_iter=solver.max_iter,
            random_state=seed,
            check_input=False,
        )
    return Path(coefs[:, :-1].copy(), coefs[:, -1].copy(), np.asarray(n_iter).ravel().astype(int))


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
    problem: Problem,
    l1_ratio: float,
    seed: int,
    *,
    warm_start: bool = True,
    learning: bool = True,
    pool: Executor | None = None,
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
    tasks = [(f, s, int(size)) for f in range(len(problem.folds)) for s, size in enumerate(sizes)]

    def run(task: tuple[int, int, int]) -> tuple[int, int, FoldScores | None]:
        f, s, size = task
        return f, s, fold_scores(problem, f, size, l1_ratio, seed, warm_start=warm_start)

    # Warning filters are process-wide and catch_warnings is not thread-safe: silence the solvers'
    # convergence warnings here, around the threads, not only inside each of them.
    with quiet_convergence():
        if pool is None:
            with ThreadPoolExecutor(SWEEP_THREADS) as own:
                results = list(own.map(run, tasks))
        else:
            results = list(pool.map(run, tasks))
    capped = fits = 0
    for f, s, result in results:
        if result is None:
            continue
        capped += result.capped
        fits += len(C_GRID)
        for key in SCORINGS:
            train[key][s, :, f], cv[key][s, :, f] = result.train[key], result.cv[key]
    return Scores(sizes, train, cv, capped, fits)


@dataclass(frozen=True, eq=False)
class FoldScores:
    """One fold's path at one training size: train and CV scores per C, and the capped fits."""

    train: dict[str, np.ndarray]
    cv: dict[str, np.ndarray]
    capped: int


def fold_scores(
    problem: Problem, fold: int, size: int, l1_ratio: float, seed: int, *, warm_start: bool
) -> FoldScores | None:
    """The path over the grid on the first ``size`` rows of fold ``fold``'s training part, scored
    on those rows and on the fold's validation rows (None when the rows lack a class)."""
    train_rows, val_rows = problem.folds[fold]
    rows = train_rows if size >= train_rows.size else train_rows[:size]
    y_fit, y_val = problem.y_train[rows], problem.y_train[val_rows]
    if np.unique(y_fit).size < 2:
        return None
    scaler = StandardScaler().fit(problem.X_train[rows])
    fitted = scaler.transform(problem.X_train[rows])
    held_out = scaler.transform(problem.X_train[val_rows])
    path = fit_path(fitted, y_fit, l1_ratio, seed, warm_start=warm_start)
    return FoldScores(
        train=_scored(y_fit, path.decision(fitted)),
        cv=_scored(y_val, path.decision(held_out)),
        capped=int(np.count_nonzero(path.n_iter >= solver_for(l1_ratio).max_iter)),
    )


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
    """What a sweep depends on besides the dataset."""

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
    # One BLAS thread per solver (a second only slows them down on data this small), and the
    # independent paths on the server's two cores.
    with quiet_convergence(), one_thread(), ThreadPoolExecutor(SWEEP_THREADS) as pool:
        path = pool.submit(coefficient_path, problem, l1_ratio, seed)
        scores = cv_scores(problem, l1_ratio, seed, pool=pool)
        coefficients = path.result()
    return Study(
        problem=problem,
        l1_ratio=l1_ratio,
        scores=scores,
        coefficients=coefficients,
        canvas=make_canvas(problem, coefficients),
    )
