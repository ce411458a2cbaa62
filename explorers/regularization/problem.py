"""The problem the sweep runs on: the data with the features that apply to it (injected noise and
near-duplicates for tables, polynomial terms for 2-D sets), a held-out test split and the CV folds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import PolynomialFeatures

import datasets
from datasets.errors import UserFacingError
from explorers.charts import PALETTE
from explorers.formatting import count

N_FOLDS = 5
TEST_FRACTION = 0.25
# The page's one control that brings more rows of either class.
REMEDY = datasets.Remedy(
    more_positive="use more Training examples", more_negative="use more Training examples"
)
MAX_DEGREE = 10
MAX_NOISE = 30
MAX_DUPLICATES = 10
MIN_TRAIN = 40
MAX_TRAIN = 400
# A near-duplicate is the original plus Gaussian noise of this share of its standard deviation,
# so its correlation with the original is 1 / sqrt(1 + share²).
DUPLICATE_NOISE = 0.1
DUPLICATE_CORRELATION = 1 / math.sqrt(1 + DUPLICATE_NOISE**2)

# Where the feature controls apply: injected features to tables (bundled or uploaded), the polynomial
# degree to the 2-D synthetic sets (``applicable_design`` neutralises the others).
TABULAR_SOURCES: frozenset[str] = frozenset(
    {key for key, info in datasets.REGISTRY.items() if info.kind == "tabular"} | {datasets.UPLOAD_KEY}
)
PLANE_SOURCES: frozenset[str] = frozenset(
    key for key, info in datasets.REGISTRY.items() if info.kind == "synthetic"
)

FeatureKind = Literal["original", "noise", "duplicate", "polynomial"]
Folds = tuple[tuple[np.ndarray, np.ndarray], ...]


@dataclass(frozen=True)
class Kind:
    """One kind of feature: how the legend and the sentences name it, its colour, and whether it is
    real (carries signal) or injected."""

    key: FeatureKind
    label: str
    plural: str
    colour: str
    real: bool


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("original", "Real feature", "real features", PALETTE[0], real=True),
        Kind("polynomial", "Polynomial term (degree ≥ 2)", "polynomial terms", PALETTE[4], real=True),
        Kind("noise", "Injected noise feature", "noise features", PALETTE[5], real=False),
        Kind("duplicate", "Injected near-duplicate", "near-duplicates", PALETTE[2], real=False),
    )
}


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


def _check_count(what: str, value: int, most: int) -> None:
    """UserFacingError unless ``value`` is a whole number in [0, most]."""
    if not (isinstance(value, int) and 0 <= value <= most):
        raise UserFacingError(f"The number of {what} must be a whole number from 0 to {most}; got {value!r}.")


def inject_features(
    features: np.ndarray, names: Sequence[str], n_noise: int, n_duplicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, tuple[str, ...], tuple[FeatureKind, ...]]:
    """Append ``n_duplicates`` near-copies of random real features, then ``n_noise`` pure-noise columns.

    A copy is the original plus Gaussian noise of ``DUPLICATE_NOISE`` of its standard deviation; copies
    go to non-constant features, cycling if more copies than features are asked for. Noise columns
    are standard normal and independent of the label.
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
    """``N_FOLDS``, or fewer when the rarer class has fewer training examples (at least 2)."""
    rarest = min(datasets.label_counts(y))
    if rarest < 2:
        raise UserFacingError(
            f"The training set has only {count(rarest, 'example')} of {label}, too few to cross-validate; "
            "use more Training examples."
        )
    return min(N_FOLDS, rarest)


def cv_folds(y: np.ndarray, seed: int, label: str = "the rarer class") -> Folds:
    """Stratified, shuffled k-fold splits of the training rows (k = ``N_FOLDS`` unless a class is tiny)."""
    splitter = StratifiedKFold(n_splits=_n_folds(y, label), shuffle=True, random_state=seed)
    return tuple((train, test) for train, test in splitter.split(np.zeros((y.size, 1)), y))


def build_problem(
    dataset_key: datasets.Source, *, n_noise: int, n_duplicates: int, degree: int, n_train: int, seed: int
) -> Problem:
    """Load the data, add the features that apply, split off ``TEST_FRACTION`` for test, make the folds."""
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
        remedy=REMEDY,
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
    n_neg, n_pos = datasets.label_counts(y)
    return info.positive_label if n_pos <= n_neg else info.negative_label
