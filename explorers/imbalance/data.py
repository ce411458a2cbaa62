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
NATURAL = 0  # the ratio "as in the data": an upload's or a table's own class shares
RATIO_CHOICES: tuple[int, ...] = (NATURAL, *RATIOS)
# Sources whose ratio starts "as in the data": your own file, whose class shares are the point.
NATURAL_BY_DEFAULT: frozenset[str] = frozenset({datasets.UPLOAD_KEY})
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
    """'1:20' for 20 majority examples per minority example; 'As in the data' for NATURAL."""
    return "As in the data" if ratio == NATURAL else f"1:{ratio:,}"


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

    @property
    def ratio_text(self) -> str:
        """'exactly 1:20', or 'as in the data, 1:7.3'."""
        if self.ratio == NATURAL:
            return f"as in the data, 1:{self.n_majority / self.n_minority:.3g}"
        return f"exactly {ratio_label(self.ratio)}"


def _available(info: datasets.DatasetInfo) -> Counts | None:
    """(negatives, positives) in a bundled table; None for generated data (any amount)."""
    if info.n_rows is None or info.natural_positive_fraction is None:
        return None
    n_pos = round(info.n_rows * info.natural_positive_fraction)
    return info.n_rows - n_pos, n_pos


def natural_counts(dataset: datasets.Source, n_samples: int) -> Counts:
    """(negatives, positives) for up to ``n_samples`` rows at the data's own class shares (generated sets:
    their generator's default share)."""
    info = datasets.get_info(dataset)
    share = info.natural_positive_fraction or datasets.DEFAULT_POSITIVE_FRACTION
    total = min(n_samples, info.n_rows or datasets.MAX_SAMPLES)
    n_pos = round(total * share)
    available = _available(info)
    if available is not None:
        n_pos = min(n_pos, available[1])
        total = min(total, n_pos + available[0])
    return total - n_pos, n_pos


def minority_count(dataset: datasets.Source, ratio: int, n_samples: int) -> int:
    """Minority examples drawn for about ``n_samples`` rows at 1:``ratio`` (tables: as many as they hold)."""
    if ratio == NATURAL:
        return natural_counts(dataset, n_samples)[1]
    info = datasets.get_info(dataset)
    wanted = min(round(n_samples / (1 + ratio)), datasets.MAX_SAMPLES // (1 + ratio))
    available = _available(info)
    if available is not None:
        n_neg, n_pos = available
        wanted = min(wanted, n_pos, n_neg // ratio)
    return int(wanted)


def _suggestion(dataset: datasets.Source, ratio: int, n_samples: int) -> str:
    """A milder ratio and/or a larger sample size that leaves enough minority examples."""
    info = datasets.get_info(dataset)
    milder = [r for r in RATIOS if r < ratio and minority_count(dataset, r, n_samples) >= MIN_MINORITY]
    larger = [n for n in SAMPLE_SIZES if n > n_samples and minority_count(dataset, ratio, n) >= MIN_MINORITY]
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


def _too_few_reason(dataset: datasets.Source, ratio: int, n_samples: int, counts: Counts) -> str:
    """What a too-small minority does to the test split, and how many minority examples the page needs."""
    info = datasets.get_info(dataset)
    n_maj, n_min = counts
    in_test = test_minority(n_min, n_maj)
    at = "As in the data" if ratio == NATURAL else f"At {ratio_label(ratio)}"
    held = f"{n_min} {info.positive_label} example{'' if n_min == 1 else 's'}"
    head = f"{at}, {n_samples:,} samples of {info.name} hold only {held}"
    available = _available(info)
    if available is not None:
        head = (
            f"{at}, {info.name} ({available[0]:,} {info.negative_label} and "
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
    return f"{head}, {what} ({needed})."


def _counts(dataset: datasets.Source, ratio: int, n_samples: int) -> Counts:
    """(negatives, positives) drawn for ``dataset`` at 1:``ratio`` and about ``n_samples`` rows."""
    n_min = minority_count(dataset, ratio, n_samples)
    n_maj = natural_counts(dataset, n_samples)[0] if ratio == NATURAL else n_min * ratio
    return n_maj, n_min


def plan_data(dataset: datasets.Source, ratio: int, n_samples: int) -> DataPlan:
    """The class counts for ``dataset`` at exactly 1:``ratio``, or a UserFacingError that says what
    went wrong (too few minority examples for the test split) and which settings work."""
    if ratio not in RATIO_CHOICES:
        raise UserFacingError(
            f"The imbalance ratio must be one of {', '.join(map(ratio_label, RATIO_CHOICES))}."
        )
    if not datasets.MIN_SAMPLES <= n_samples <= datasets.MAX_SAMPLES:
        raise UserFacingError(
            f"The sample size must be from {datasets.MIN_SAMPLES} to {datasets.MAX_SAMPLES:,}; "
            f"got {n_samples!r}."
        )
    n_maj, n_min = _counts(dataset, ratio, n_samples)
    if n_min < MIN_MINORITY:
        reason = _too_few_reason(dataset, ratio, n_samples, (n_maj, n_min))
        raise UserFacingError(f"{reason} Use {_suggestion(dataset, ratio, n_samples)}.")
    return DataPlan(dataset, ratio, n_min, n_maj)


@dataclass(frozen=True)
class Setting:
    """The ratio and sample size the page runs at, and why they differ from those asked for."""

    ratio: int
    samples: int
    notice: str | None = None  # None when the page runs at the setting asked for


def _nearest(dataset: datasets.Source, ratio: int, n_samples: int) -> tuple[int, int] | None:
    """The nearest (ratio, samples) with enough minority examples, by steps of the page's two sliders:
    a larger sample size at the same ratio, or a milder ratio at the same sample size; on a tie, the
    same ratio (the ratio is what the page is about)."""
    steps = {n: i for i, n in enumerate(SAMPLE_SIZES)}
    degrees = {r: i for i, r in enumerate(RATIOS)}
    larger = [(steps[n] - steps.get(n_samples, -1), 0, ratio, n) for n in SAMPLE_SIZES if n > n_samples]
    milder = [
        (degrees[ratio] - degrees[r], 1, r, n_samples) for r in RATIOS if ratio in degrees and r < ratio
    ]
    works = [c for c in sorted(larger + milder) if minority_count(dataset, c[2], c[3]) >= MIN_MINORITY]
    return (works[0][2], works[0][3]) if works else None


def settle(dataset: datasets.Source, ratio: int, n_samples: int) -> Setting:
    """The setting asked for when it leaves enough minority examples; else the nearest one that does,
    with one notice naming it and why (a UserFacingError when nothing near works)."""
    try:
        plan_data(dataset, ratio, n_samples)
        return Setting(ratio, n_samples)
    except UserFacingError:
        nearest = _nearest(dataset, ratio, n_samples) if ratio in RATIO_CHOICES else None
        if nearest is None or not datasets.MIN_SAMPLES <= n_samples <= datasets.MAX_SAMPLES:
            raise
    reason = _too_few_reason(dataset, ratio, n_samples, _counts(dataset, ratio, n_samples))
    used_ratio, used_samples = nearest
    used = (
        f"{used_samples:,} samples instead, the fewest that keep {ratio_label(ratio)}"
        if used_ratio == ratio
        else f"{ratio_label(used_ratio)} instead, the strongest imbalance that leaves enough"
    )
    return Setting(used_ratio, used_samples, f"{reason} The page uses {used}.")


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
