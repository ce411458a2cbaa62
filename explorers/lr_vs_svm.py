"""Logistic regression vs SVM: the same data, two models, and every cost of the choice measured live.

Pure Python (no Streamlit). Each model is trained once per exact parameters (``fit_model``), so a
control of one model never refits the other. The models always train on every feature; a dataset
with more than two features is drawn on a PCA plane (``explorers.plane``) for the charts only.
SVM probabilities come from ``CalibratedClassifierCV(..., ensemble=False)`` (Platt scaling on
out-of-fold margins), not from the deprecated ``SVC(probability=True)``.
"""

from __future__ import annotations

import math
import statistics
import time
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC

import datasets
from datasets.errors import UserFacingError
from explorers import charts, plane
from explorers.charts import HIGHLIGHT_COLOUR, NEGATIVE_COLOUR, PALETTE, POSITIVE_COLOUR
from explorers.common import one_thread
from explorers.interview import InterviewGuide

Json = dict[str, object]

# --------------------------------------------------------------------------- settings

C_VALUES: tuple[float, ...] = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
GAMMA_VALUES: tuple[float | str, ...] = ("scale", 0.01, 0.1, 1.0, 10.0, 100.0)
KERNELS: dict[str, str] = {"linear": "Linear", "rbf": "RBF", "poly": "Polynomial (degree 3)"}
TRAIN_SIZES: tuple[int, ...] = (20, 50, 100, 200, 500, 1000, 2000)
OUTLIER_FRACTIONS: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2)
MAX_DEGREE = 10
MAX_POLY_FEATURES = 1000  # logistic regression refuses a polynomial expansion wider than this
MAX_OUTLIER_FRACTION = 0.5
TEST_FRACTION = 0.25
CALIBRATION_FOLDS = 3  # out-of-fold margins for the SVM's Platt scaling; also the minimum per class
LR_MAX_ITER = 500  # scaled data converges in far fewer; unscaled tables may not converge at all
SVM_MAX_ITER = 50_000  # libsvm iterations: a huge C or gamma can otherwise run for many seconds
SVM_CACHE_MB = 64  # libsvm's kernel cache (scikit-learn's default is 200 MB per fit)
SVM_POLY_DEGREE = 3
GRID_RESOLUTION = 50  # 50 x 50 keeps the two-panel surface chart well under 200 KB of JSON
SWEEP_GRID_RESOLUTION = 30  # where the outlier sweep compares predicted classes (cheaper than the chart's)
POINTS_PER_SPLIT = 500  # points drawn per split and panel (the models use all of them)
OUTLIER_STRETCH = (2.0, 3.0)  # outliers sit this many typical distances from the training mean
LATENCY_REPEATS = 15
DEFAULT_BINS = 10

# Fit time vs training-set size: a fixed pair of models per dataset and seed.
SWEEP_SIZES: tuple[int, ...] = (500, 1000, 2000, 5000, 10_000, 20_000)
SWEEP_JITTER = 0.05  # tabular rows resampled past the table's size get this much noise (in std units)
SWEEP_SVM_BUDGET_SECONDS = 1.0  # the SVM's fits in the sweep take at most about this long in all
SWEEP_SVM_SINGLE_FIT_LIMIT = 0.5  # a size whose fit would take longer is projected, not measured

LR_COLOUR = PALETTE[2]
SVM_COLOUR = PALETTE[3]
_MARGIN_COLOUR = "#262730"


# --------------------------------------------------------------------------- helpers


def c_label(value: float) -> str:
    """A C value as the control shows it, e.g. '0.01' or '100'."""
    return f"{value:g}"


def gamma_label(value: float | str) -> str:
    """A gamma value as the control shows it."""
    return value if isinstance(value, str) else f"{value:g}"


def format_ms(seconds: float) -> str:
    """Seconds as a short millisecond string."""
    ms = seconds * 1000
    return f"{ms:.2f} ms" if ms < 1 else f"{ms:.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def format_seconds(seconds: float) -> str:
    """Seconds as ms below one second, else as seconds."""
    return format_ms(seconds) if seconds < 1 else f"{seconds:.1f} s"


def polynomial_feature_count(n_features: int, degree: int) -> int:
    """Columns of PolynomialFeatures(degree, include_bias=False) on ``n_features`` inputs."""
    return math.comb(n_features + degree, degree) - 1


def max_safe_degree(n_features: int) -> int:
    """The highest degree whose expansion stays within MAX_POLY_FEATURES."""
    degree = 1
    while degree < MAX_DEGREE and polynomial_feature_count(n_features, degree + 1) <= MAX_POLY_FEATURES:
        degree += 1
    return degree


def check_polynomial_size(n_features: int, degree: int) -> int:
    """The expanded feature count, or UserFacingError when it exceeds MAX_POLY_FEATURES."""
    if not (isinstance(degree, int) and 1 <= degree <= MAX_DEGREE):
        raise UserFacingError(f"The polynomial degree must be a whole number from 1 to {MAX_DEGREE}.")
    count = polynomial_feature_count(n_features, degree)
    if count > MAX_POLY_FEATURES:
        raise UserFacingError(
            f"A degree-{degree} polynomial of {n_features} features has {count:,} terms, more than the "
            f"{MAX_POLY_FEATURES:,} this page fits (training would be slow and would overfit). Use degree "
            f"{max_safe_degree(n_features)} or lower for this dataset, or a 2-D dataset for higher degrees."
        )
    return count


def _check_positive(name: str, value: object) -> float:
    """``value`` as a positive finite float, or UserFacingError."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if not (math.isfinite(number) and number > 0):
        raise UserFacingError(f"{name} must be a positive number; got {value!r}.")
    return number


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class PreparedData:
    """A train/test split with injected outliers appended to the training rows, and its 2-D view."""

    dataset_name: str
    description: str
    positive_label: str
    negative_label: str
    is_tabular: bool
    X_train: np.ndarray  # clean training rows, then the injected outliers
    y_train: np.ndarray
    n_clean: int
    X_test: np.ndarray
    y_test: np.ndarray
    view: plane.PlaneView
    grid: plane.Grid  # covers every training (outliers included) and test point
    sweep_points: np.ndarray  # a coarser grid over the clean points (feature space), for the outlier sweep

    @property
    def n_outliers(self) -> int:
        """How many far-away, label-flipped points were added to the training set."""
        return int(self.y_train.size) - self.n_clean

    @property
    def n_features(self) -> int:
        """How many features the models see."""
        return int(self.X_train.shape[1])


def outlier_count(n_train: int, fraction: float) -> int:
    """Outliers added for ``fraction`` of a clean training set of ``n_train`` rows."""
    return round(fraction * n_train)


def inject_outliers(
    features: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """``outlier_count(len(y), fraction)`` far-away copies of training rows, with flipped labels.

    Each chosen row is pushed away from the training mean along its own direction (standardised
    units) to 2-3 times the typical distance, and keeps the opposite label. For one seed the
    outliers of a smaller fraction are a subset of those of a larger one, so a sweep is smooth.
    """
    if not (isinstance(fraction, float | int) and 0 <= fraction <= MAX_OUTLIER_FRACTION):
        raise UserFacingError(
            f"The outlier fraction must be between 0 and {MAX_OUTLIER_FRACTION:.0%}; got {fraction!r}."
        )
    n = int(y.size)
    rng = np.random.default_rng([seed, 2024])
    order, stretch = rng.permutation(n), rng.uniform(*OUTLIER_STRETCH, size=n)
    rows = order[: outlier_count(n, fraction)]
    centre, spread = features.mean(axis=0), features.std(axis=0)
    spread[spread == 0] = 1.0
    z = (features - centre) / spread
    norms = np.linalg.norm(z, axis=1)
    typical = float(np.median(norms)) or 1.0
    directions = z[rows] / np.maximum(norms[rows], 1e-12)[:, None]
    directions[norms[rows] < 1e-12] = np.eye(features.shape[1])[0]
    far = centre + directions * (typical * stretch[rows])[:, None] * spread
    return far, 1 - y[rows]


def rows_to_load(n_train: int) -> int:
    """Rows to draw so that the stratified split leaves ``n_train`` for training."""
    return math.ceil(n_train / (1 - TEST_FRACTION))


def _check_train_size(n_train: object) -> int:
    """``n_train`` as an int in the allowed range, or UserFacingError."""
    low, high = datasets.MIN_SAMPLES, TRAIN_SIZES[-1]
    if not (isinstance(n_train, int) and low <= n_train <= high):
        raise UserFacingError(f"The training-set size must be a whole number from {low} to {high:,}.")
    return n_train


def _too_small_message(data: datasets.Dataset, n_train: int) -> str:
    """Why a split for calibration is impossible, and what to do."""
    n_pos = data.n_positive
    rare, count = (
        (data.info.positive_label, n_pos)
        if n_pos <= data.n_samples - n_pos
        else (data.info.negative_label, data.n_samples - n_pos)
    )
    return (
        f"With {n_train} training rows, {data.info.name} gives only {count} '{rare}' examples in "
        f"{data.n_samples} rows: too few for a test set and a training set with at least "
        f"{CALIBRATION_FOLDS} of each class (the SVM is calibrated on {CALIBRATION_FOLDS} folds). "
        "Choose a larger training-set size."
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    """A read-only contiguous copy, safe to share between sessions."""
    out = np.ascontiguousarray(array)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=8)
def prepare_data(
    dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> PreparedData:
    """Load, split 75/25 (stratified), add outliers to the training part, and fit the 2-D view."""
    n_train = _check_train_size(n_train)
    info = datasets.get_info(dataset_key)
    n_rows = rows_to_load(n_train)
    if info.n_rows is not None:
        n_rows = min(n_rows, info.n_rows)
    data = datasets.load(dataset_key, n_samples=n_rows, seed=seed)
    try:
        parts = datasets.split(data, test_fraction=TEST_FRACTION, seed=seed, min_per_class=CALIBRATION_FOLDS)
    except datasets.DatasetError:
        raise UserFacingError(_too_small_message(data, n_train)) from None
    far, flipped = inject_outliers(parts.X_train, parts.y_train, float(outlier_fraction), seed)
    train_features = np.vstack([parts.X_train, far])
    view = plane.fit_view(parts.X_train, data.feature_names)
    grid = plane.make_grid(view, np.vstack([train_features, parts.X_test]), resolution=GRID_RESOLUTION)
    clean_grid = plane.make_grid(view, np.vstack([parts.X_train, parts.X_test]), SWEEP_GRID_RESOLUTION)
    return PreparedData(
        dataset_name=data.info.name,
        description=data.info.description,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
        is_tabular=data.info.kind == "tabular",
        X_train=_frozen(train_features),
        y_train=_frozen(np.concatenate([parts.y_train, flipped])),
        n_clean=int(parts.y_train.size),
        X_test=_frozen(parts.X_test),
        y_test=_frozen(parts.y_test),
        view=view,
        grid=grid,
        sweep_points=_frozen(clean_grid.feature_points),
    )


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class LogisticSpec:
    """Logistic regression, optionally on polynomial features."""

    C: float = 1.0
    degree: int = 1
    scaled: bool = True

    @property
    def label(self) -> str:
        """Short name for charts."""
        return "Logistic regression" + (f" (degree {self.degree})" if self.degree > 1 else "")

    def build(self) -> Pipeline:
        """An unfitted pipeline: [scaler] -> [polynomial features -> [scaler]] -> logistic regression."""
        _check_positive("Logistic regression's C", self.C)
        steps: list[tuple[str, object]] = [("scale", StandardScaler())] if self.scaled else []
        if self.degree > 1:
            steps.append(("poly", PolynomialFeatures(self.degree, include_bias=False)))
            if self.scaled:
                steps.append(("scale_poly", StandardScaler()))
        steps.append(("model", LogisticRegression(C=self.C, max_iter=LR_MAX_ITER)))
        return Pipeline(steps)


@dataclass(frozen=True)
class SvmSpec:
    """A kernel SVM (scikit-learn's SVC); gamma is ignored by the linear kernel."""

    kernel: str = "rbf"
    C: float = 1.0
    gamma: float | str = "scale"
    scaled: bool = True

    @property
    def label(self) -> str:
        """Short name for charts."""
        return {"linear": "Linear SVM", "rbf": "RBF SVM", "poly": "Polynomial SVM"}[self.kernel]

    def build(self) -> Pipeline:
        """An unfitted pipeline: [scaler] -> SVC."""
        if self.kernel not in KERNELS:
            raise UserFacingError(f"Unknown kernel {self.kernel!r}; choose one of: {', '.join(KERNELS)}.")
        _check_positive("The SVM's C", self.C)
        if self.gamma != "scale":
            _check_positive("gamma", self.gamma)
        svc = SVC(
            kernel=self.kernel,
            C=self.C,
            gamma=self.gamma,
            degree=SVM_POLY_DEGREE,
            coef0=1.0,
            cache_size=SVM_CACHE_MB,
            max_iter=SVM_MAX_ITER,
        )
        steps: list[tuple[str, object]] = [("scale", StandardScaler())] if self.scaled else []
        return Pipeline([*steps, ("model", svc)])


ModelSpec = LogisticSpec | SvmSpec


def _fit_quietly(estimator: object, features: np.ndarray, y: np.ndarray) -> tuple[bool, float]:
    """Fit on one thread; (whether the solver converged, CPU seconds the fit took).

    CPU time of this thread, not wall time: other work on a shared machine does not inflate it, and
    with every library limited to this one thread it is what the fit costs.

    Non-convergence is expected at extreme settings (no scaling, huge C): it is reported, not raised.
    """
    with warnings.catch_warnings(record=True) as caught, one_thread():
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.thread_time()
        estimator.fit(features, y)  # type: ignore[attr-defined]
        seconds = time.thread_time() - start
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return converged, seconds


def fit_repeats(first_fit_seconds: float) -> int:
    """How many fits to time: several for fast models, one for a slow one."""
    if first_fit_seconds < 0.02:
        return 3
    return 2 if first_fit_seconds < 0.1 else 1


def timed_fit(spec: ModelSpec, features: np.ndarray, y: np.ndarray) -> tuple[Pipeline, float, int, bool]:
    """(fitted model, median fit seconds, repeats, converged): the model is fitted a few times."""
    times: list[float] = []
    while True:
        model = spec.build()
        converged, seconds = _fit_quietly(model, features, y)
        times.append(seconds)
        if len(times) >= fit_repeats(times[0]):
            return model, statistics.median(times), len(times), converged


def single_row_latency(model: Pipeline, row: np.ndarray, repeats: int = LATENCY_REPEATS) -> float:
    """Median CPU seconds of ``model.predict`` on one row (as a service answering one request would)."""
    one = np.asarray(row, dtype=float).reshape(1, -1)
    times = []
    with one_thread():
        for _ in range(repeats):
            start = time.thread_time()
            model.predict(one)
            times.append(time.thread_time() - start)
    return statistics.median(times)


@dataclass(frozen=True, eq=False)
class FittedModel:
    """One trained model with its scores, costs and its output on the chart's grid."""

    spec: ModelSpec
    estimator: Pipeline
    train_accuracy: float
    test_accuracy: float
    test_probability: np.ndarray  # P(positive) on the test set: LR's own, the SVM's calibrated
    test_log_loss: float
    test_brier: float
    grid_values: np.ndarray  # on the chart grid: LR's P(positive), the SVM's decision function
    fit_seconds: float
    fit_repeats: int
    latency_seconds: float
    batch_seconds_per_1000: float  # CPU time to score 1,000 rows at once (the chart grid), per 1,000
    n_model_features: int  # columns the final classifier sees (after any polynomial expansion)
    converged: bool
    support_indices: np.ndarray  # rows of the training set that are support vectors (empty for LR)
    raw_test_probability: np.ndarray | None = None  # SVM: expit(margin), NOT a probability
    raw_brier: float = float("nan")  # SVM: Brier score of expit(margin)

    @property
    def is_svm(self) -> bool:
        """Whether this is the SVM."""
        return isinstance(self.spec, SvmSpec)

    @property
    def n_support(self) -> int:
        """Number of support vectors (0 for logistic regression)."""
        return int(self.support_indices.size)

    @property
    def label(self) -> str:
        """Short name for charts."""
        return self.spec.label


def _scores(model: Pipeline, data: PreparedData) -> tuple[float, float]:
    """(train accuracy, test accuracy) of a fitted model."""
    with one_thread():
        train = accuracy_score(data.y_train, model.predict(data.X_train))
        test = accuracy_score(data.y_test, model.predict(data.X_test))
    return float(train), float(test)


def _final_width(model: Pipeline, n_features: int) -> int:
    """Columns seen by the last step of the pipeline."""
    poly = model.named_steps.get("poly")
    return int(poly.n_output_features_) if poly is not None else n_features


def _fit_logistic(spec: LogisticSpec, data: PreparedData) -> FittedModel:
    check_polynomial_size(data.n_features, spec.degree)
    model, seconds, repeats, converged = timed_fit(spec, data.X_train, data.y_train)
    train_acc, test_acc = _scores(model, data)
    with one_thread():
        p_test = model.predict_proba(data.X_test)[:, 1]
        start = time.thread_time()
        p_grid = model.predict_proba(data.grid.feature_points)[:, 1]
        batch = (time.thread_time() - start) * 1000 / len(p_grid)
    return FittedModel(
        spec=spec,
        estimator=model,
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        test_probability=_frozen(p_test),
        test_log_loss=float(log_loss(data.y_test, p_test, labels=[0, 1])),
        test_brier=float(brier_score_loss(data.y_test, p_test)),
        grid_values=_frozen(p_grid),
        fit_seconds=seconds,
        fit_repeats=repeats,
        latency_seconds=single_row_latency(model, data.X_test[0]),
        batch_seconds_per_1000=batch,
        n_model_features=_final_width(model, data.n_features),
        converged=converged,
        support_indices=_frozen(np.empty(0, dtype=np.int64)),
    )


def calibrated_svm(spec: SvmSpec, seed: int) -> CalibratedClassifierCV:
    """The SVM wrapped for Platt scaling on out-of-fold margins (one SVM fitted on all the data)."""
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=seed)
    return CalibratedClassifierCV(spec.build(), method="sigmoid", cv=folds, ensemble=False)


def _fit_svm(spec: SvmSpec, data: PreparedData, seed: int) -> FittedModel:
    model, seconds, repeats, converged = timed_fit(spec, data.X_train, data.y_train)
    calibrated = calibrated_svm(spec, seed)
    _fit_quietly(calibrated, data.X_train, data.y_train)
    train_acc, test_acc = _scores(model, data)
    with one_thread():
        p_test = calibrated.predict_proba(data.X_test)[:, 1]
        margin = model.decision_function(data.X_test)
        start = time.thread_time()
        grid_margin = model.decision_function(data.grid.feature_points)
        batch = (time.thread_time() - start) * 1000 / len(grid_margin)
    return FittedModel(
        spec=spec,
        estimator=model,
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        test_probability=_frozen(p_test),
        test_log_loss=float(log_loss(data.y_test, p_test, labels=[0, 1])),
        test_brier=float(brier_score_loss(data.y_test, p_test)),
        grid_values=_frozen(grid_margin),
        fit_seconds=seconds,
        fit_repeats=repeats,
        latency_seconds=single_row_latency(model, data.X_test[0]),
        batch_seconds_per_1000=batch,
        n_model_features=data.n_features,
        converged=converged,
        support_indices=_frozen(model.named_steps["model"].support_.astype(np.int64)),
        raw_test_probability=_frozen(expit(margin)),
        raw_brier=float(brier_score_loss(data.y_test, expit(margin))),
    )


def fit_model(
    spec: ModelSpec, dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> FittedModel:
    """Train ``spec`` on the prepared data and score it (the function the page caches per model)."""
    data = prepare_data(dataset_key, n_train, outlier_fraction, seed)
    if isinstance(spec, LogisticSpec):
        return _fit_logistic(spec, data)
    return _fit_svm(spec, data, seed)


# --------------------------------------------------------------------------- outliers and scaling


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A plain fit's test accuracy and its predicted class on the outlier-free data's grid."""

    test_accuracy: float
    grid_positive: np.ndarray  # bool per point of the clean grid
    converged: bool


def snapshot(
    spec: ModelSpec, dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> Snapshot:
    """Fit ``spec`` once (no calibration, no timing) and record what the outlier sweep compares."""
    data = prepare_data(dataset_key, n_train, outlier_fraction, seed)
    clean = prepare_data(dataset_key, n_train, 0.0, seed)
    if isinstance(spec, LogisticSpec):
        check_polynomial_size(data.n_features, spec.degree)
    model = spec.build()
    converged, _ = _fit_quietly(model, data.X_train, data.y_train)
    with one_thread():
        accuracy = accuracy_score(data.y_test, model.predict(data.X_test))
        positive = model.predict(clean.sweep_points) == 1
    return Snapshot(float(accuracy), _frozen(positive), converged)


@dataclass(frozen=True)
class OutlierSweep:
    """How one model reacts as the outlier fraction rises (same clean data, same test set)."""

    fractions: tuple[float, ...]
    moved_share: tuple[float, ...]  # share of the clean chart area whose predicted class flips vs 0%
    test_accuracy: tuple[float, ...]

    def at(self, fraction: float) -> tuple[float, float]:
        """(moved share, test-accuracy change vs no outliers) at ``fraction`` (nearest swept value)."""
        index = int(np.argmin(np.abs(np.asarray(self.fractions) - fraction)))
        return self.moved_share[index], self.test_accuracy[index] - self.test_accuracy[0]


def outlier_sweep(
    spec: ModelSpec,
    dataset_key: datasets.Source,
    n_train: int,
    seed: int,
    fractions: tuple[float, ...] = OUTLIER_FRACTIONS,
) -> OutlierSweep:
    """Refit ``spec`` at each outlier fraction and compare with the fit on clean data."""
    fractions = tuple(sorted({0.0, *fractions}))
    shots = [snapshot(spec, dataset_key, n_train, f, seed) for f in fractions]
    base = shots[0].grid_positive
    return OutlierSweep(
        fractions=fractions,
        moved_share=tuple(float(np.mean(s.grid_positive != base)) for s in shots),
        test_accuracy=tuple(s.test_accuracy for s in shots),
    )


def with_scaling(spec: ModelSpec, scaled: bool) -> ModelSpec:
    """The same model with feature scaling on or off."""
    return replace(spec, scaled=scaled)


# --------------------------------------------------------------------------- fit time vs size


@dataclass(frozen=True)
class FitTimeSweep:
    """Median fit seconds per training-set size; SVM sizes past the time budget are projected."""

    sizes: tuple[int, ...]
    logistic_seconds: tuple[float, ...]
    svm_seconds: tuple[float, ...]  # measured sizes only (a prefix of ``sizes``)
    svm_projected: tuple[float, ...]  # the remaining sizes, from the measured trend
    resampled_from: int | None  # a table's row count when larger sizes were resampled from it

    @property
    def svm_measured_sizes(self) -> tuple[int, ...]:
        """The sizes at which the SVM was actually timed."""
        return self.sizes[: len(self.svm_seconds)]

    @property
    def logistic_exponent(self) -> float:
        """Slope of log(fit time) against log(size) for logistic regression."""
        return growth_exponent(self.sizes, self.logistic_seconds)

    @property
    def svm_exponent(self) -> float:
        """Slope of log(fit time) against log(size) for the SVM, over the measured sizes."""
        return growth_exponent(self.svm_measured_sizes, self.svm_seconds)

    @property
    def svm_at_largest(self) -> float:
        """The SVM's fit seconds at the largest size (measured or projected)."""
        return (self.svm_seconds + self.svm_projected)[-1]


def growth_exponent(sizes: tuple[int, ...], seconds: tuple[float, ...]) -> float:
    """Least-squares slope in log-log space over the sizes from 1,000 up (small fits are overhead)."""
    pairs = [(n, t) for n, t in zip(sizes, seconds, strict=False) if n >= 1000 and t > 0]
    if len(pairs) < 2:
        pairs = [(n, t) for n, t in zip(sizes, seconds, strict=False) if t > 0]
    if len(pairs) < 2:
        return float("nan")
    logs = np.log(np.array(pairs, dtype=float))
    return float(np.polyfit(logs[:, 0], logs[:, 1], 1)[0])


def _rows_of_size(
    dataset_key: datasets.Source, size: int, seed: int
) -> tuple[np.ndarray, np.ndarray, int | None]:
    """``size`` rows of the dataset: generated for synthetic sets, resampled with jitter for tables."""
    info = datasets.get_info(dataset_key)
    if info.kind == "synthetic":
        data = datasets.load(dataset_key, n_samples=size, seed=seed)
        return data.X, data.y, None
    table = datasets.load(dataset_key, seed=seed)
    if size <= table.n_samples:
        return table.X[:size], table.y[:size], None
    rng = np.random.default_rng([seed, size])
    rows = rng.integers(0, table.n_samples, size=size)
    spread = table.X.std(axis=0)
    noise = rng.normal(scale=SWEEP_JITTER, size=(size, table.X.shape[1])) * spread
    return table.X[rows] + noise, table.y[rows], table.n_samples


def _median_seconds(spec: ModelSpec, features: np.ndarray, y: np.ndarray, repeats: int) -> float:
    """Median of ``repeats`` timed fits."""
    return statistics.median(_fit_quietly(spec.build(), features, y)[1] for _ in range(repeats))


def fit_time_sweep(
    dataset_key: datasets.Source, seed: int, sizes: tuple[int, ...] = SWEEP_SIZES
) -> FitTimeSweep:
    """Fit time against training-set size for logistic regression and an RBF SVM (defaults, scaled).

    Times are CPU seconds on one thread, the median of three fits (one SVM fit above 2,000 rows).
    The SVM stops being timed
    once its fits exceed the time budget; the remaining sizes are projected from its measured trend.
    """
    logistic, svm = LogisticSpec(), SvmSpec()
    warm_features, warm_y, _ = _rows_of_size(dataset_key, sizes[0], seed)
    _fit_quietly(logistic.build(), warm_features, warm_y)  # one-off costs (imports, thread pools) untimed
    lr_times: list[float] = []
    svm_times: list[float] = []
    resampled: int | None = None
    for size in sizes:
        features, y, source_rows = _rows_of_size(dataset_key, size, seed)
        resampled = resampled or source_rows
        lr_times.append(_median_seconds(logistic, features, y, 3))
        if len(svm_times) == len(lr_times) - 1 and not _svm_budget_spent(sizes, svm_times):
            svm_times.append(_median_seconds(svm, features, y, 3 if size <= 2000 else 1))
    projected = _project(sizes, svm_times)
    return FitTimeSweep(tuple(sizes), tuple(lr_times), tuple(svm_times), projected, resampled)


def trend_exponent(sizes: tuple[int, ...], seconds: list[float] | tuple[float, ...]) -> float:
    """The measured growth exponent, kept within [1, 3] (a kernel SVM's fit grows at least linearly and
    about quadratically in practice; the clamp keeps one noisy timing from projecting nonsense)."""
    slope = growth_exponent(sizes[: len(seconds)], tuple(seconds))
    return min(max(slope, 1.0), 3.0) if math.isfinite(slope) else 2.0


def _svm_budget_spent(sizes: tuple[int, ...], times: list[float]) -> bool:
    """Whether the next, larger SVM fit would take too long, extrapolating the measured trend."""
    if len(times) < 2 or len(times) >= len(sizes):
        return False
    following = times[-1] * (sizes[len(times)] / sizes[len(times) - 1]) ** trend_exponent(sizes, times)
    return following > SWEEP_SVM_SINGLE_FIT_LIMIT or sum(times) + following > SWEEP_SVM_BUDGET_SECONDS


def _project(sizes: tuple[int, ...], measured: list[float]) -> tuple[float, ...]:
    """Seconds for the sizes after the measured ones, extending the measured log-log trend."""
    rest = sizes[len(measured) :]
    if not rest:
        return ()
    slope = trend_exponent(sizes, measured)
    return tuple(measured[-1] * (n / sizes[len(measured) - 1]) ** slope for n in rest)


# --------------------------------------------------------------------------- reliability


@dataclass(frozen=True)
class ReliabilityCurve:
    """Observed positive rate against mean predicted probability, per bin of equal counts."""

    name: str
    mean_predicted: tuple[float, ...]
    observed: tuple[float, ...]
    brier: float


def reliability_curve(name: str, y: np.ndarray, probability: np.ndarray, bins: int) -> ReliabilityCurve:
    """What scikit-learn's ``calibration_curve(strategy="quantile")`` computes, and the Brier score,
    in plain numpy: this runs on every rerun, and scikit-learn's input checks cost ~5 ms a call."""
    if not (isinstance(bins, int) and 2 <= bins <= 50):
        raise UserFacingError(f"The number of reliability bins must be from 2 to 50; got {bins!r}.")
    p, positive = np.asarray(probability, dtype=float), np.asarray(y) == 1
    edges = np.percentile(p, np.linspace(0, 100, bins + 1))
    bin_of = np.searchsorted(edges[1:-1], p)
    total = np.bincount(bin_of, minlength=bins)
    filled = total != 0
    observed = np.bincount(bin_of, weights=positive, minlength=bins)[filled] / total[filled]
    predicted = np.bincount(bin_of, weights=p, minlength=bins)[filled] / total[filled]
    brier = float(np.mean((p - positive) ** 2))
    return ReliabilityCurve(name, tuple(predicted.tolist()), tuple(observed.tolist()), brier)


def reliability_curves(
    y: np.ndarray, logistic: FittedModel, svm: FittedModel, bins: int
) -> tuple[ReliabilityCurve, ReliabilityCurve, ReliabilityCurve]:
    """Logistic regression's probabilities, the SVM's squashed raw margin, the calibrated SVM."""
    assert svm.raw_test_probability is not None
    return (
        reliability_curve("Logistic regression", y, logistic.test_probability, bins),
        reliability_curve(f"{svm.label}: expit(raw margin)", y, svm.raw_test_probability, bins),
        reliability_curve(f"{svm.label}: calibrated (Platt)", y, svm.test_probability, bins),
    )


# --------------------------------------------------------------------------- figures


def _legend_below() -> Json:
    """A horizontal legend at the bottom of the figure, below the axis titles."""
    return {
        "orientation": "h",
        "yref": "container",
        "yanchor": "bottom",
        "y": 0.0,
        "xanchor": "left",
        "x": 0.0,
    }


def _plane_xy(data: PreparedData, rows: np.ndarray) -> np.ndarray:
    """Plane coordinates of some training rows."""
    return data.view.to_plane(data.X_train[rows])


def _support_trace(data: PreparedData, svm: FittedModel) -> Json:
    """Open rings around the SVM's support vectors (an even subset when there are many)."""
    shown = svm.support_indices[plane.shown_rows(svm.n_support, POINTS_PER_SPLIT)]
    xy = _plane_xy(data, shown) if shown.size else np.empty((0, 2))
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"Support vectors ({svm.n_support:,})",
        "x": np.round(xy[:, 0], 4).tolist(),
        "y": np.round(xy[:, 1], 4).tolist(),
        "marker": {"symbol": "circle-open", "size": 12, "color": _MARGIN_COLOUR, "line": {"width": 1.5}},
        "hoverinfo": "skip",
    }


def _outlier_trace(data: PreparedData, show_legend: bool) -> Json:
    """The injected outliers as crosses in the colour of their (flipped) label."""
    rows = np.arange(data.n_clean, data.y_train.size)
    xy = _plane_xy(data, rows) if rows.size else np.empty((0, 2))
    colours = [POSITIVE_COLOUR if label == 1 else NEGATIVE_COLOUR for label in data.y_train[rows]]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"Injected outliers ({rows.size}, label flipped)",
        "legendgroup": "outliers",
        "x": np.round(xy[:, 0], 4).tolist(),
        "y": np.round(xy[:, 1], 4).tolist(),
        "marker": {"symbol": "x", "size": 10, "color": colours, "line": {"width": 1, "color": "white"}},
        "showlegend": show_legend,
        "hovertemplate": "Injected outlier<extra></extra>",
    }


def _points(data: PreparedData, show_legend: bool) -> list[Json]:
    """Train (filled circles), test (outlined diamonds) and outliers (crosses) on one panel."""
    labels = {"positive_label": data.positive_label, "negative_label": data.negative_label}
    clean = np.arange(data.n_clean)
    traces = plane.points_traces(
        _plane_xy(data, clean),
        data.y_train[: data.n_clean],
        split="train",
        show_legend=show_legend,
        max_points=POINTS_PER_SPLIT,
        **labels,
    )
    traces += plane.points_traces(
        data.view.to_plane(data.X_test),
        data.y_test,
        split="test",
        show_legend=show_legend,
        max_points=POINTS_PER_SPLIT,
        **labels,
    )
    if data.n_outliers:
        traces.append(_outlier_trace(data, show_legend))
    return traces


def _colorbar_at(trace: Json, x: float, title: str) -> Json:
    """A surface trace with its colour bar moved beside its own panel."""
    bar = {"title": {"text": title, "side": "right"}, "thickness": 12, "len": 0.8, "x": x, "xpad": 4}
    return {**trace, "colorbar": bar}


_PANEL_GAP = 0.14


def surfaces_figure(data: PreparedData, logistic: FittedModel, svm: FittedModel) -> go.Figure:
    """The two decision surfaces side by side on shared axes, with the same points on both."""
    grid = data.grid
    titles = (f"{logistic.label}: P({data.positive_label})", f"{svm.label}: decision function")
    layout = charts.small_multiples_layout(titles, data.view.axis_titles, gap=_PANEL_GAP)
    panel_width = (1 - _PANEL_GAP) / 2
    lr_surface = plane.surface_trace(grid, logistic.grid_values, kind="probability", name="P(positive)")
    svm_surface = plane.surface_trace(grid, svm.grid_values, kind="decision", name="Decision function")
    left = [
        _colorbar_at(lr_surface, panel_width + 0.005, "P(positive)"),
        plane.level_lines_trace(grid, logistic.grid_values, [0.5], name="Boundary (p = 0.5 / f = 0)"),
        *_points(data, show_legend=True),
    ]
    right = [
        _colorbar_at(svm_surface, 1.005, "f(x)"),
        plane.level_lines_trace(grid, svm.grid_values, [0.0], name="SVM boundary (f = 0)", show_legend=False),
        plane.level_lines_trace(
            grid, svm.grid_values, [-1.0, 1.0], name="SVM margins (f = ±1)", dash="dash", width=1.5
        ),
        *_points(data, show_legend=False),
        _support_trace(data, svm),
    ]
    traces = [charts.on_panel(t, 0) for t in left] + [charts.on_panel(t, 1) for t in right]
    layout["legend"] = _legend_below()
    layout["margin"] = {"l": 10, "r": 40, "t": 40, "b": 10}
    return charts.figure(traces, layout)


def reliability_figure(curves: tuple[ReliabilityCurve, ...]) -> go.Figure:
    """Reliability diagram: observed positive rate per bin against the mean predicted probability."""
    styles = (
        {"color": LR_COLOUR},
        {"color": SVM_COLOUR, "dash": "dot"},
        {"color": SVM_COLOUR},
    )
    traces: list[Json] = [charts.reference_line((0, 1), (0, 1), "Perfectly calibrated", dash="dash")]
    for curve, line in zip(curves, styles, strict=True):
        traces.append(
            {
                "type": "scatter",
                "x": np.round(curve.mean_predicted, 4).tolist(),
                "y": np.round(curve.observed, 4).tolist(),
                "mode": "lines+markers",
                "name": f"{curve.name} (Brier {curve.brier:.3f})",
                "line": line,
                "hovertemplate": "Predicted %{x:.2f}<br>Observed %{y:.2f}<extra></extra>",
            }
        )
    layout = {
        "xaxis": charts.axis("Mean predicted P(positive) in the bin (0–1)", range=[-0.02, 1.02]),
        "yaxis": charts.axis("Observed share of positives (0–1)", range=[-0.02, 1.02]),
        "legend": _legend_below(),
    }
    return charts.figure(traces, layout)


def fit_time_figure(sweep: FitTimeSweep, n_train: int) -> go.Figure:
    """Fit time against training-set size on log-log axes; projected SVM sizes dashed."""
    measured = sweep.svm_measured_sizes
    traces: list[Json] = [
        _time_trace(sweep.sizes, sweep.logistic_seconds, "Logistic regression", LR_COLOUR),
        _time_trace(measured, sweep.svm_seconds, "RBF SVM", SVM_COLOUR),
    ]
    if sweep.svm_projected:
        xs = (measured[-1], *sweep.sizes[len(measured) :])
        ys = (sweep.svm_seconds[-1], *sweep.svm_projected)
        traces.append(_time_trace(xs, ys, "RBF SVM, projected", SVM_COLOUR, dash="dash"))
    layout = {
        "xaxis": charts.axis(
            "Training-set size (rows, log scale)",
            type="log",
            tickvals=list(sweep.sizes),
            ticktext=[f"{n:,}" for n in sweep.sizes],
        ),
        "yaxis": charts.axis("Fit time (ms, log scale)", type="log", dtick=1),
        "shapes": [_vline(n_train)],
        "annotations": [_vline_label(n_train, "this page's training set")],
        "legend": _legend_below(),
    }
    return charts.figure(traces, layout)


def _time_trace(
    sizes: tuple[int, ...], seconds: tuple[float, ...], name: str, colour: str, dash: str = "solid"
) -> Json:
    """One fit-time line, in milliseconds."""
    return {
        "type": "scatter",
        "x": list(sizes),
        "y": [round(s * 1000, 3) for s in seconds],
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash},
        "hovertemplate": f"{name}<br>%{{x:,}} rows: %{{y:,.1f}} ms<extra></extra>",
    }


def _vline(x: float, xref: str = "x") -> Json:
    """A dotted full-height vertical line at ``x``."""
    line = {"color": HIGHLIGHT_COLOUR, "width": 1.5, "dash": "dot"}
    return {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "xref": xref, "yref": "paper", "line": line}


def _vline_label(x: float, text: str, xref: str = "x") -> Json:
    """A small label at the top of a vertical line."""
    return {
        "x": math.log10(x) if xref == "x" else x,
        "y": 1,
        "xref": xref,
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "font": {"color": HIGHLIGHT_COLOUR},
    }


def outlier_figure(logistic: OutlierSweep, svm: OutlierSweep, svm_label: str, current: float) -> go.Figure:
    """Two panels against the outlier fraction: boundary movement, and test-accuracy change."""
    layout = charts.small_multiples_layout(
        ("How far the boundary moves", "Test accuracy change"),
        ("Outliers added (% of training rows)", "Share of the chart that flips class (%)"),
        gap=0.12,
        shared=False,
    )
    layout["yaxis2"] = {**layout["yaxis2"], "title": {"text": "Test-accuracy change (% points)"}}  # type: ignore[dict-item]
    traces: list[Json] = []
    for sweep, name, colour in ((logistic, "Logistic regression", LR_COLOUR), (svm, svm_label, SVM_COLOUR)):
        x = [round(f * 100, 2) for f in sweep.fractions]
        moved = [round(m * 100, 2) for m in sweep.moved_share]
        change = [round((a - sweep.test_accuracy[0]) * 100, 2) for a in sweep.test_accuracy]
        traces.append(_sweep_trace(x, moved, name, colour, legend=True, hover="%{y:.1f}% of the chart flips"))
        traces.append(
            charts.on_panel(
                _sweep_trace(x, change, name, colour, legend=False, hover="%{y:+.1f} accuracy points"), 1
            )
        )
    layout["shapes"] = [_vline(current * 100, "x"), _vline(current * 100, "x2")]
    layout["legend"] = _legend_below()
    return charts.figure(traces, layout)


def _sweep_trace(x: list[float], y: list[float], name: str, colour: str, *, legend: bool, hover: str) -> Json:
    """One line of the outlier sweep."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "legendgroup": name,
        "showlegend": legend,
        "line": {"color": colour},
        "hovertemplate": f"{name}<br>%{{x:g}}% outliers: {hover}<extra></extra>",
    }


# --------------------------------------------------------------------------- captions and sentences


def data_caption(data: PreparedData) -> str:
    """What the data is: rows, features, outliers, and the PCA sentence when it applies."""
    parts = [
        f"**{data.dataset_name}.** {data.description} {data.n_clean:,} training rows"
        + (f" plus {data.n_outliers} injected outliers (crosses)" if data.n_outliers else "")
        + f", {data.y_test.size:,} test rows (diamonds), {data.n_features} features."
    ]
    if data.view.is_projection:
        parts.append(data.view.caption())
    return " ".join(parts)


def fit_time_caption(sweep: FitTimeSweep) -> str:
    """How the sweep was measured."""
    text = (
        "Logistic regression (C = 1) against an RBF SVM (C = 1, gamma = scale), both scaled: CPU time "
        "on one thread of this machine, the median of three fits (one SVM fit above 2,000 rows)."
    )
    if sweep.svm_projected:
        first = sweep.sizes[len(sweep.svm_seconds)]
        text += (
            f" To keep this chart to a few seconds the SVM is not fitted from {first:,} rows up: the "
            "dashed line extends its measured log-log trend."
        )
    if sweep.resampled_from:
        text += (
            f" The table has {sweep.resampled_from:,} rows; larger sizes resample them with a little "
            "noise, so the timings show how the solvers scale, not how accuracy would."
        )
    return text


def _ratio(a: float, b: float) -> float:
    """a / b, or NaN when b is not positive."""
    return a / b if b > 0 else float("nan")


def support_sentence(logistic: FittedModel, svm: FittedModel, n_train: int) -> str:
    """Support vectors and what they cost at prediction time, in a batch and for one row."""
    batch = _ratio(svm.batch_seconds_per_1000, logistic.batch_seconds_per_1000)
    single = _ratio(svm.latency_seconds, logistic.latency_seconds)
    return (
        f"The {svm.label} keeps {svm.n_support:,} of its {n_train:,} training points as support vectors "
        f"(logistic regression keeps {logistic.n_model_features + 1:,} numbers): scoring 1,000 rows takes "
        f"{format_ms(svm.batch_seconds_per_1000)}, {batch:.1f}× logistic regression's "
        f"{format_ms(logistic.batch_seconds_per_1000)}; one row takes {format_ms(svm.latency_seconds)} "
        f"against {format_ms(logistic.latency_seconds)} ({single:.1f}×), as Python's per-call overhead "
        "dominates both."
    )


def accuracy_sentence(logistic: FittedModel, svm: FittedModel) -> str:
    """Which model wins on the test set, and a hint when the gap is large."""
    gap = svm.test_accuracy - logistic.test_accuracy
    head = (
        f"Test accuracy: {svm.label} {svm.test_accuracy:.2f}, {logistic.label.lower()} "
        f"{logistic.test_accuracy:.2f}"
    )
    if abs(gap) < 0.005:
        return f"{head}: a tie, so pick on calibration, latency and interpretability."
    if gap > 0.03 and isinstance(logistic.spec, LogisticSpec) and logistic.spec.degree == 1:
        return (
            f"{head}: a straight line cannot follow this boundary; raise logistic regression's "
            "polynomial degree to let it compete."
        )
    winner = svm.label if gap > 0 else "logistic regression"
    return f"{head}: {winner} is ahead by {abs(gap):.2f}."


def calibration_sentence(logistic: FittedModel, svm: FittedModel) -> str:
    """Brier scores of LR, the squashed raw margin, and the calibrated SVM."""
    return (
        f"Squashing the SVM's raw margin through a sigmoid gives a Brier score of {svm.raw_brier:.3f}; "
        f"Platt scaling on out-of-fold margins brings it to {svm.test_brier:.3f}, while logistic "
        f"regression's own probabilities score {logistic.test_brier:.3f} with no extra step "
        f"(log-loss {logistic.test_log_loss:.3f} vs the calibrated SVM's {svm.test_log_loss:.3f})."
    )


def _change(name: str, now: float, other: float, scaled: bool, noun: str = "") -> str:
    """'the RBF SVM's would drop from 0.94 to 0.71' in the direction scaling is being switched."""
    before, after = (now, other) if scaled else (other, now)
    would = "would " if scaled else ""
    if abs(after - before) < 0.0005:
        return f"{name}'s{noun} {would}{'stay' if scaled else 'stays'} at {now:.2f}"
    digits = 2 if f"{before:.2f}" != f"{after:.2f}" else 3
    verb = ("drop" if after < before else "rise") + ("" if scaled else "s")
    return f"{name}'s{noun} {would}{verb} from {before:.{digits}f} to {after:.{digits}f}"


def scaling_sentence(
    logistic: FittedModel, svm: FittedModel, other_logistic: float, other_svm: float, scaled: bool
) -> str:
    """What feature scaling does to both models' test accuracy (``other_*``: the opposite setting)."""
    svm_part = _change(f"the {svm.label}", svm.test_accuracy, other_svm, scaled, " test accuracy")
    lr_part = _change("logistic regression", logistic.test_accuracy, other_logistic, scaled)
    if not scaled:
        return f"Without feature scaling, {svm_part}, and {lr_part} (scaled → unscaled)."
    return f"With feature scaling turned off, {svm_part}, and {lr_part}."


def outlier_sentence(logistic: OutlierSweep, svm: OutlierSweep, svm_label: str, current: float) -> str:
    """How much each boundary moves at the current (or the largest swept) outlier fraction."""
    fraction = current if current > 0 else logistic.fractions[-1]
    lr_moved, lr_change = logistic.at(fraction)
    svm_moved, svm_change = svm.at(fraction)
    if current > 0:
        return (
            f"With {fraction:.0%} outliers the {svm_label}'s boundary flips the class of {svm_moved:.0%} "
            f"of the chart (test accuracy {svm_change:+.2f} vs none); logistic regression's flips "
            f"{lr_moved:.0%} ({lr_change:+.2f})."
        )
    return (
        f"Adding {fraction:.0%} outliers would flip the class of {svm_moved:.0%} of the chart for the "
        f"{svm_label} (test accuracy {svm_change:+.2f}) and {lr_moved:.0%} for logistic regression "
        f"({lr_change:+.2f})."
    )


def fit_time_sentence(sweep: FitTimeSweep) -> str:
    """How each model's fit time grows with the data."""
    largest = sweep.sizes[-1]
    projected = " (projected)" if sweep.svm_projected else ""
    return (
        f"From {sweep.sizes[0]:,} to {largest:,} rows the SVM's fit time grows like "
        f"n^{sweep.svm_exponent:.1f} and logistic regression's like n^{sweep.logistic_exponent:.1f}: "
        f"at {largest:,} rows the SVM "
        f"needs {format_seconds(sweep.svm_at_largest)}{projected}, logistic regression "
        f"{format_seconds(sweep.logistic_seconds[-1])}."
    )


def convergence_sentence(logistic: FittedModel, svm: FittedModel) -> str | None:
    """A warning when a solver stopped at its iteration cap, else None."""
    stuck = [m.label for m in (logistic, svm) if not m.converged]
    if not stuck:
        return None
    return (
        f"{' and '.join(stuck)} stopped at the solver's iteration cap without converging: typical of "
        "unscaled features or a very large C; its scores are what the solver reached."
    )


@dataclass(frozen=True, eq=False)
class LiveResult:
    """Everything the sentences read: both models, the sweeps, and the opposite-scaling accuracies."""

    data: PreparedData
    logistic: FittedModel
    svm: FittedModel
    logistic_outliers: OutlierSweep
    svm_outliers: OutlierSweep
    outlier_fraction: float
    other_scaling_accuracy: tuple[float, float]  # (logistic regression, SVM) with scaling flipped
    scaled: bool
    fit_times: FitTimeSweep | None = None


def what_to_notice(result: LiveResult) -> list[str]:
    """Four to six sentences computed from the live numbers."""
    r = result
    notes = [
        accuracy_sentence(r.logistic, r.svm),
        support_sentence(r.logistic, r.svm, int(r.data.y_train.size)),
        calibration_sentence(r.logistic, r.svm),
        scaling_sentence(r.logistic, r.svm, *r.other_scaling_accuracy, r.scaled),
        outlier_sentence(r.logistic_outliers, r.svm_outliers, r.svm.label, r.outlier_fraction),
    ]
    if r.fit_times is not None:
        notes.append(fit_time_sentence(r.fit_times))
    stuck = convergence_sentence(r.logistic, r.svm)
    if stuck:
        notes.insert(0, stuck)
    return notes


# --------------------------------------------------------------------------- interview notes


INTERVIEW = InterviewGuide(
    talking_points=(
        "Both are linear classifiers in some feature space; they differ in the loss. Logistic "
        "regression minimises log loss (every point pulls a little), the SVM minimises hinge loss "
        "(only points inside the margin, the support vectors, pull at all).",
        "Log loss makes the output a probability you can threshold, rank and price; hinge loss gives a "
        "margin score that needs a calibration step (Platt or isotonic, on held-out data) first.",
        "Kernels buy a non-linear boundary without hand-made features, but a kernel SVM stores its "
        "support vectors: prediction cost grows with them, and training grows roughly with n² to n³.",
        "Logistic regression with polynomial or crossed features, or an RBF-feature approximation "
        "(Nystroem, random Fourier features), can match a kernel at a linear model's serving cost.",
        "Both need scaled features: the RBF kernel measures distances and the penalty treats every "
        "coefficient alike, so one feature in large units dominates.",
        "Outliers on the wrong side pull both boundaries (both losses grow linearly far from the "
        "margin); C sets how much each one is allowed to cost.",
    ),
    pick_when={
        "Logistic regression": (
            "You need calibrated probabilities: ranking, thresholds chosen by cost, expected value.",
            "Stakeholders or regulators need coefficients they can read (odds ratios per feature).",
            "Data is huge or arrives as a stream: SGD / online updates, warm starts, sharded training.",
            "Latency or memory budgets are tight: one dot product per prediction, whatever the data size.",
        ),
        "SVM": (
            "Small to medium data (up to tens of thousands of rows) where fit time is affordable.",
            "The boundary is non-linear and you would rather pick a kernel than engineer features.",
            "Many features relative to rows (text, genomics): a maximum-margin linear SVM generalises well.",
            "You want the decision to rest on a few boundary cases (far, correctly labelled points "
            "have no say).",
        ),
    },
    pitfalls=(
        "Reading SVM decision values as probabilities, or using SVC(probability=True) (deprecated, and "
        "it calibrates with an internal cross-validation you do not control).",
        "Calibrating on the training data: the margins are optimistic there; use held-out folds.",
        "Forgetting to scale before an RBF kernel, or fitting the scaler on the whole dataset (leakage).",
        "Tuning C without gamma (or the reverse): they interact; search them together on a log grid.",
        "Quoting accuracy only: the two models can tie on accuracy and differ a lot in log loss.",
        "Assuming a kernel SVM will scale: at a few hundred thousand rows the kernel matrix alone no "
        "longer fits in memory.",
    ),
    follow_ups=(
        "The data grows from 10 thousand to 10 million rows: what happens to each model, and what "
        "would you use?",
        "How would you get probabilities out of an SVM, and how would you check they are calibrated?",
        "Why does the RBF SVM need feature scaling while a decision tree does not?",
        "What do C and gamma do to the boundary, and how would you tune them?",
        "Write down hinge loss and log loss. Which points contribute to each gradient?",
        "How would you explain an individual prediction of each model to a non-technical stakeholder?",
        "How do you serve a model with 5,000 support vectors under a 10 ms latency budget?",
    ),
)
