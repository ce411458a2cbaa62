"""The data both models share: a stratified train/test split, outliers injected into the training
part, and the 2-D view (a PCA plane for wider data) the charts draw on."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import datasets
from datasets.errors import UserFacingError
from explorers import plane
from explorers.common import locked_cache
from explorers.lr_vs_svm.specs import CALIBRATION_FOLDS

TRAIN_SIZES: tuple[int, ...] = (20, 50, 100, 200, 500, 1000, 2000)
OUTLIER_FRACTIONS: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2)
MAX_OUTLIER_FRACTION = 0.5
TEST_FRACTION = 0.25
GRID_RESOLUTION = 50  # 50 x 50 keeps the two-panel surface chart well under 200 KB of JSON
SWEEP_GRID_RESOLUTION = 30  # where the outlier sweep compares predicted classes (cheaper than the chart's)
# The page's control that brings more rows of either class.
REMEDY = datasets.Remedy(
    more_positive="choose a larger training-set size", more_negative="choose a larger training-set size"
)
OUTLIER_STRETCH = (2.0, 3.0)  # outliers sit this many typical distances from the training mean


@dataclass(frozen=True, eq=False)
class PreparedData:
    """A train/test split with injected outliers appended to the training rows, and its 2-D view."""

    dataset_name: str
    description: str
    positive_label: str
    negative_label: str
    X_train: np.ndarray  # clean training rows, then the injected outliers
    y_train: np.ndarray
    n_clean: int
    X_test: np.ndarray
    y_test: np.ndarray
    view: plane.PlaneView
    grid: plane.Grid  # covers every training (outliers included) and test point
    sweep_points: np.ndarray  # a coarser grid over the clean points (feature space), for the outlier sweep
    raised_because: str | None = None  # why the training set is larger than asked for (None: it is not)

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
    units) to OUTLIER_STRETCH times the typical distance, and keeps the opposite label. For one seed
    the outliers of a smaller fraction are a subset of those of a larger one, so a sweep is smooth.
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


def frozen(array: np.ndarray) -> np.ndarray:
    """A read-only contiguous copy, safe to share between sessions."""
    out = np.ascontiguousarray(array)
    out.flags.writeable = False
    return out


def _load_split(
    dataset_key: datasets.Source, n_train: int, seed: int
) -> tuple[datasets.Dataset, datasets.Split, str | None]:
    """Load and split for ``n_train`` training rows, or for the first larger TRAIN_SIZES that gives
    every part enough of each class; the third item says why the size was raised (None: it was not)."""
    info = datasets.get_info(dataset_key)
    reason = None
    for size in (n_train, *(s for s in TRAIN_SIZES if s > n_train)):
        n_rows = rows_to_load(size) if info.n_rows is None else min(rows_to_load(size), info.n_rows)
        data = datasets.load(dataset_key, n_samples=n_rows, seed=seed)
        try:
            parts = datasets.split(
                data, test_fraction=TEST_FRACTION, seed=seed, min_per_class=CALIBRATION_FOLDS, remedy=REMEDY
            )
        except datasets.DatasetError as problem:
            reason = reason or (
                f"{problem} Every part needs {CALIBRATION_FOLDS} of each class: the SVM is calibrated on "
                f"{CALIBRATION_FOLDS} folds."
            )
            continue
        return (
            data,
            parts,
            None if reason is None else f"{reason} Trained on {parts.y_train.size:,} rows instead.",
        )
    raise UserFacingError(reason or f"{info.name} is too small to split.")


@locked_cache(maxsize=8)
def prepare_data(
    dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> PreparedData:
    """Load, split (stratified, TEST_FRACTION held out), add outliers to the training part, and fit
    the 2-D view. Memoised: every fit and sweep of one setting starts from the same split. A size too
    small for the data's rarer class is raised to the next that works (``raised_because``)."""
    n_train = _check_train_size(n_train)
    data, parts, raised = _load_split(dataset_key, n_train, seed)
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
        X_train=frozen(train_features),
        y_train=frozen(np.concatenate([parts.y_train, flipped])),
        n_clean=int(parts.y_train.size),
        X_test=frozen(parts.X_test),
        y_test=frozen(parts.y_test),
        view=view,
        grid=grid,
        sweep_points=frozen(clean_grid.feature_points),
        raised_because=raised,
    )
