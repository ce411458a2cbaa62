"""The two models compared, one table entry each: logistic regression and a kernel SVM, with the
options their controls offer (C, the kernels, gamma) and the checks on their settings."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC

from datasets.errors import UserFacingError
from explorers.charts import PALETTE
from explorers.common import entry, labels
from explorers.formatting import plain
from explorers.plane import SurfaceKind

C_VALUES: tuple[float, ...] = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
C_OPTIONS: dict[float, str] = {c: plain(c) for c in C_VALUES}
GAMMA_SCALE = "scale"  # scikit-learn's 1 / (features × variance)
GAMMA_OPTIONS: dict[float | str, str] = {GAMMA_SCALE: GAMMA_SCALE} | {
    g: plain(g) for g in (0.01, 0.1, 1.0, 10.0, 100.0)
}
MAX_DEGREE = 10
MAX_POLY_FEATURES = 1000  # logistic regression refuses a polynomial expansion wider than this
CALIBRATION_FOLDS = 3  # out-of-fold margins for the SVM's Platt scaling; also the minimum per class
LR_MAX_ITER = 500  # scaled data converges in far fewer; unscaled tables may not converge at all
SVM_MAX_ITER = 50_000  # libsvm iterations: a huge C or gamma can otherwise run for many seconds
SVM_CACHE_MB = 64  # libsvm's kernel cache (scikit-learn's default is 200 MB per fit)
SVM_POLY_DEGREE = 3
SVM_COEF0 = 1.0  # the polynomial kernel's constant term


@dataclass(frozen=True)
class Kernel:
    """One SVM kernel: its option label, the model's short name, and whether gamma applies."""

    key: str
    label: str
    model_label: str
    uses_gamma: bool


KERNEL_TABLE: tuple[Kernel, ...] = (
    Kernel("linear", "Linear", "Linear SVM", uses_gamma=False),
    Kernel("rbf", "RBF", "RBF SVM", uses_gamma=True),
    Kernel("poly", f"Polynomial (degree {SVM_POLY_DEGREE})", "Polynomial SVM", uses_gamma=True),
)
KERNELS: dict[str, Kernel] = {kernel.key: kernel for kernel in KERNEL_TABLE}
KERNEL_OPTIONS: dict[str, str] = labels(KERNELS)


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


def usable_degree(n_features: int, degree: int) -> int:
    """``degree``, lowered to ``max_safe_degree`` when its expansion would be too wide."""
    return min(degree, max_safe_degree(n_features))


def degree_notice(n_features: int, degree: int) -> str | None:
    """Why logistic regression runs at a lower degree than asked (None when it does not)."""
    used = usable_degree(n_features, degree)
    if used == degree:
        return None
    return (
        f"A degree-{degree} polynomial of {n_features} features has "
        f"{polynomial_feature_count(n_features, degree):,} terms, more than the {MAX_POLY_FEATURES:,} this "
        f"page fits: logistic regression uses degree {used} ({polynomial_feature_count(n_features, used):,} "
        "terms) instead. Pick a 2-D dataset for higher degrees."
    )


def _check_positive(name: str, value: object) -> float:
    """``value`` as a positive finite float, or UserFacingError."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if not (math.isfinite(number) and number > 0):
        raise UserFacingError(f"{name} must be a positive number; got {value!r}.")
    return number


def _scaler(scaled: bool, name: str = "scale") -> list[tuple[str, object]]:
    """A StandardScaler step when ``scaled``, else nothing."""
    return [(name, StandardScaler())] if scaled else []


@dataclass(frozen=True)
class LogisticSpec:
    """Logistic regression, optionally on polynomial features: it scores with its own probabilities."""

    C: float = 1.0
    degree: int = 1
    scaled: bool = True

    name: ClassVar[str] = "Logistic regression"
    colour: ClassVar[str] = PALETTE[2]
    surface: ClassVar[SurfaceKind] = "probability"

    @property
    def label(self) -> str:
        """Short name for charts."""
        return self.name + (f" (degree {self.degree})" if self.degree > 1 else "")

    @property
    def is_straight_line(self) -> bool:
        """Whether the boundary is a hyperplane of the raw features."""
        return self.degree == 1

    @property
    def settings(self) -> str:
        """Its settings as a caption writes them."""
        return f"C = {plain(self.C)}"

    def check(self, n_features: int) -> None:
        """UserFacingError when the polynomial expansion of ``n_features`` would be too wide."""
        check_polynomial_size(n_features, self.degree)

    def build(self) -> Pipeline:
        """An unfitted pipeline: [scaler] -> [polynomial features -> [scaler]] -> logistic regression."""
        _check_positive("Logistic regression's C", self.C)
        steps = _scaler(self.scaled)
        if self.degree > 1:
            steps.append(("poly", PolynomialFeatures(self.degree, include_bias=False)))
            steps += _scaler(self.scaled, "scale_poly")
        steps.append(("model", LogisticRegression(C=self.C, max_iter=LR_MAX_ITER)))
        return Pipeline(steps)

    def calibrator(self, _seed: int) -> CalibratedClassifierCV | None:
        """None: the fitted model's own probabilities are used."""
        return None

    def grid_scores(self, model: Pipeline, features: np.ndarray) -> np.ndarray:
        """What the chart draws: P(positive)."""
        return model.predict_proba(features)[:, 1]

    def raw_probability(self, _model: Pipeline, _features: np.ndarray) -> np.ndarray | None:
        """None: there is no raw margin to squash."""
        return None

    def support(self, _model: Pipeline) -> np.ndarray:
        """No support vectors."""
        return np.empty(0, dtype=np.int64)

    def width(self, model: Pipeline, n_features: int) -> int:
        """Columns the final classifier sees (after any polynomial expansion)."""
        poly = model.named_steps.get("poly")
        return int(poly.n_output_features_) if poly is not None else n_features


@dataclass(frozen=True)
class SvmSpec:
    """A kernel SVM (scikit-learn's SVC), calibrated by Platt scaling; gamma is ignored by the
    linear kernel."""

    kernel: str = "rbf"
    C: float = 1.0
    gamma: float | str = GAMMA_SCALE
    scaled: bool = True

    name: ClassVar[str] = "SVM"
    colour: ClassVar[str] = PALETTE[3]
    surface: ClassVar[SurfaceKind] = "decision"

    @property
    def label(self) -> str:
        """Short name for charts."""
        return KERNELS[self.kernel].model_label

    @property
    def is_straight_line(self) -> bool:
        """Whether the boundary is a hyperplane of the raw features."""
        return self.kernel == "linear"

    @property
    def settings(self) -> str:
        """Its settings as a caption writes them."""
        return f"C = {plain(self.C)}, gamma = {GAMMA_OPTIONS.get(self.gamma, self.gamma)}"

    def check(self, _n_features: int) -> None:
        """Every width is fine."""

    def build(self) -> Pipeline:
        """An unfitted pipeline: [scaler] -> SVC."""
        entry(KERNELS, self.kernel, "kernel")
        _check_positive("The SVM's C", self.C)
        if self.gamma != GAMMA_SCALE:
            _check_positive("gamma", self.gamma)
        svc = SVC(
            kernel=self.kernel,
            C=self.C,
            gamma=self.gamma,
            degree=SVM_POLY_DEGREE,
            coef0=SVM_COEF0,
            cache_size=SVM_CACHE_MB,
            max_iter=SVM_MAX_ITER,
        )
        return Pipeline([*_scaler(self.scaled), ("model", svc)])

    def calibrator(self, seed: int) -> CalibratedClassifierCV:
        """The SVM wrapped for Platt scaling on out-of-fold margins (one SVM fitted on all the data)."""
        folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=seed)
        return CalibratedClassifierCV(self.build(), method="sigmoid", cv=folds, ensemble=False)

    def grid_scores(self, model: Pipeline, features: np.ndarray) -> np.ndarray:
        """What the chart draws: the decision function."""
        return model.decision_function(features)

    def raw_probability(self, model: Pipeline, features: np.ndarray) -> np.ndarray:
        """expit(margin): a squashed margin, NOT a probability."""
        return expit(model.decision_function(features))

    def support(self, model: Pipeline) -> np.ndarray:
        """Rows of the training set that are support vectors."""
        return model.named_steps["model"].support_.astype(np.int64)

    def width(self, _model: Pipeline, n_features: int) -> int:
        """Columns the SVM sees."""
        return n_features


ModelSpec = LogisticSpec | SvmSpec

# The fixed pair whose fit time is swept against the training-set size.
SWEEP_PAIR: tuple[LogisticSpec, SvmSpec] = (LogisticSpec(), SvmSpec())


def svm_spec(kernel: str, c: float, gamma: float | str, scaled: bool) -> SvmSpec:
    """The SVM the controls describe; a kernel without gamma keeps the default, so gamma never refits it."""
    known = KERNELS.get(kernel)
    kept = gamma if known is None or known.uses_gamma else GAMMA_SCALE
    return SvmSpec(kernel=kernel, C=c, gamma=kept, scaled=scaled)


def with_scaling(spec: ModelSpec, scaled: bool) -> ModelSpec:
    """The same model with feature scaling on or off."""
    return replace(spec, scaled=scaled)
