"""Data at an exact class ratio: how many rows of each class to draw, the draw itself, the split every
strategy of a seed shares, and the first seed's 2-D view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

import datasets
from datasets.errors import UserFacingError
from explorers import plane

RATIOS: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
SAMPLE_SIZES: tuple[int, ...] = (200, 500, 1000, 2000, 5000, 10000, 20000)
TEST_FRACTION = 0.25
CV_FOLDS = 2  # tuning the threshold and fitting the calibrator: half the fits of 3 folds
MIN_TEST_MINORITY = 2  # precision, recall and PR-AUC need two minority test examples
MIN_TRAIN_MINORITY = 6  # each of the CV_FOLDS folds fits on 3 and scores 3
MIN_MINORITY = MIN_TEST_MINORITY + MIN_TRAIN_MINORITY
MAX_SEEDS = 10
GRID_RESOLUTION = 40  # per side: fine enough for ~270 px panels, light to send on every rerun

Counts = tuple[int, int]  # (negatives, positives)


def ratio_label(ratio: int) -> str:
    """'1:20' for 20 majority examples per minority example."""
    return f"1:{ratio:,}"


def split_label() -> str:
    """'75/25': the train/test split in words."""
    return f"{round(100 * (1 - TEST_FRACTION))}/{round(100 * TEST_FRACTION)}"


def seed_range(first: int, count: int) -> tuple[int, ...]:
    """The seeds of the repeated runs: ``first``, ``first + 1``, ..."""
    if not 1 <= count <= MAX_SEEDS:
        raise UserFacingError(f"The number of seeds must be from 1 to {MAX_SEEDS}; got {count!r}.")
    return tuple(range(int(first), int(first) + int(count)))


@dataclass(frozen=True)
class DataPlan:
    """How many examples of each class a dataset is drawn with."""

    dataset: datasets.Source
    ratio: int
    n_minority: int
    n_majority: int

    @property
    def n_rows(self) -> int:
        """All rows."""
        return self.n_minority + self.n_majority

    @property
    def minority_share(self) -> float:
        """Share of the minority (positive) class."""
        return self.n_minority / self.n_rows


def _available(info: datasets.DatasetInfo) -> Counts | None:
    """(negatives, positives) in a bundled table; None for generated data (any amount)."""
    if info.n_rows is None or info.natural_positive_fraction is None:
        return None
    n_pos = round(info.n_rows * info.natural_positive_fraction)
    return info.n_rows - n_pos, n_pos


def minority_count(dataset: datasets.Source, ratio: int, n_samples: int) -> int:
    """Minority examples drawn for about ``n_samples`` rows at 1:``ratio`` (tables: as many as they hold)."""
    return _minority_count(datasets.get_info(dataset), ratio, n_samples)


def _minority_count(info: datasets.DatasetInfo, ratio: int, n_samples: int) -> int:
    """``minority_count`` from the description the data carries (an upload has no registry key)."""
    wanted = min(round(n_samples / (1 + ratio)), datasets.MAX_SAMPLES // (1 + ratio))
    available = _available(info)
    if available is not None:
        n_neg, n_pos = available
        wanted = min(wanted, n_pos, n_neg // ratio)
    return int(wanted)


def _suggestion(info: datasets.DatasetInfo, ratio: int, n_samples: int) -> str:
    """A milder ratio and/or a larger sample size that leaves enough minority examples."""
    milder = [r for r in RATIOS if r < ratio and _minority_count(info, r, n_samples) >= MIN_MINORITY]
    larger = [n for n in SAMPLE_SIZES if n > n_samples and _minority_count(info, ratio, n) >= MIN_MINORITY]
    options = []
    if milder:
        options.append(f"an imbalance ratio of {ratio_label(milder[-1])} or milder")
    if larger:
        options.append(f"at least {larger[0]:,} samples")
    available = _available(info)
    if not larger and available is not None:
        too_few = (
            f"{available[0]:,} {info.negative_label} rows, too few for {ratio_label(ratio)} with "
            f"{MIN_MINORITY} {info.positive_label} rows"
        )
        if info.uploaded:
            options.append(f"more {info.negative_label} rows in your file (it has only {too_few})")
        else:
            options.append(f"a generated dataset ({info.name} has only {too_few})")
    return " or ".join(options)


def test_minority(n_minority: int, n_majority: int) -> int:
    """Minority examples the stratified test split receives (the same allocation as ``split_data``)."""
    if n_minority < 2:
        return 0  # one example cannot be stratified; it lands in training three times in four
    y = np.r_[np.zeros(n_majority, dtype=int), np.ones(n_minority, dtype=int)]
    _, test = train_test_split(y, test_size=TEST_FRACTION, stratify=y, random_state=0)
    return int(test.sum())


def _too_few_message(info: datasets.DatasetInfo, ratio: int, n_samples: int, n_min: int) -> str:
    """What a too-small minority does to the test split, and settings that work."""
    in_test = test_minority(n_min, n_min * ratio)
    held = f"{n_min} {info.positive_label} example{'' if n_min == 1 else 's'}"
    head = f"At {ratio_label(ratio)}, {n_samples:,} samples of {info.name} hold only {held}"
    available = _available(info)
    if available is not None:
        head = (
            f"At {ratio_label(ratio)}, {info.name} ({available[0]:,} {info.negative_label} and "
            f"{available[1]:,} {info.positive_label} rows) gives only {held}"
        )
    if in_test < MIN_TEST_MINORITY:
        what = (
            f"so the {TEST_FRACTION:.0%} test split would get {in_test}: with zero or one minority example, "
            "its recall, precision and PR-AUC cannot be measured"
        )
    else:
        what = (
            f"the test split would get {in_test}, leaving {n_min - in_test} to train on: too few to train, "
            f"tune a threshold by {CV_FOLDS}-fold cross-validation and still test"
        )
    needed = f"this page needs {MIN_MINORITY}: {MIN_TEST_MINORITY} to test, {MIN_TRAIN_MINORITY} to train"
    return f"{head}, {what} ({needed}). Use {_suggestion(info, ratio, n_samples)}."


def plan_data(dataset: datasets.Source, ratio: int, n_samples: int) -> DataPlan:
    """The class counts for ``dataset`` at exactly 1:``ratio``, or a UserFacingError that says what
    went wrong (too few minority examples for the test split) and which settings work."""
    info = datasets.get_info(dataset)
    if ratio not in RATIOS:
        raise UserFacingError(f"The imbalance ratio must be one of {', '.join(map(ratio_label, RATIOS))}.")
    if not datasets.MIN_SAMPLES <= n_samples <= datasets.MAX_SAMPLES:
        raise UserFacingError(
            f"The sample size must be from {datasets.MIN_SAMPLES} to {datasets.MAX_SAMPLES:,}; "
            f"got {n_samples!r}."
        )
    n_min = minority_count(dataset, ratio, n_samples)
    if n_min < MIN_MINORITY:
        raise UserFacingError(_too_few_message(info, ratio, n_samples, n_min))
    return DataPlan(dataset, ratio, n_min, n_min * ratio)


def load_imbalanced(plan: DataPlan, seed: int) -> datasets.Dataset:
    """The dataset drawn with exactly ``plan``'s class counts (a fresh draw per seed)."""
    data = datasets.load(
        plan.dataset, n_samples=plan.n_rows, positive_fraction=plan.n_minority / plan.n_rows, seed=seed
    )
    if data.n_positive != plan.n_minority or data.n_samples != plan.n_rows:
        raise RuntimeError(
            f"drew {data.n_positive}/{data.n_samples}, planned {plan.n_minority}/{plan.n_rows}"
        )
    return data


def split_data(data: datasets.Dataset, seed: int) -> datasets.Split:
    """The stratified train/test split every strategy of a seed shares."""
    return datasets.split(data, test_fraction=TEST_FRACTION, seed=seed, min_per_class=2)


def plane_of(data: datasets.Dataset, parts: datasets.Split) -> tuple[plane.PlaneView, plane.Grid]:
    """The 2-D view of the training split and the grid every strategy's surface is evaluated on."""
    view = plane.fit_view(parts.X_train, data.feature_names)
    return view, plane.make_grid(view, data.X, GRID_RESOLUTION)


@dataclass(frozen=True, eq=False)
class PlaneData:
    """The first seed's data on the 2-D view, with the grid every strategy's surface is evaluated on."""

    view: plane.PlaneView
    grid: plane.Grid
    train_xy: np.ndarray
    y_train: np.ndarray
    positive_label: str
    negative_label: str


def plane_data(dataset: datasets.Source, ratio: int, n_samples: int, seed: int) -> PlaneData:
    """The view and grid the first seed's runs draw their surfaces on, and the training points on it."""
    data = load_imbalanced(plan_data(dataset, ratio, n_samples), seed)
    parts = split_data(data, seed)
    view, grid = plane_of(data, parts)
    return PlaneData(
        view=view,
        grid=grid,
        train_xy=view.to_plane(parts.X_train),
        y_train=parts.y_train,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
    )
