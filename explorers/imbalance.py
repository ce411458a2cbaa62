"""Class imbalance: how to train and evaluate a classifier when the positive class is rare.

Pure Python (no Streamlit). The positive class is the minority. For each strategy and each seed,
the data is drawn at exactly the requested ratio, split 75/25 (stratified), and every resampler
runs inside an ``imblearn.pipeline.Pipeline`` fitted on the training split only. The "leaky"
variant resamples the whole dataset before the split, the common mistake, to show what it inflates.
Threshold moving keeps the untouched model and picks the F1-optimal threshold on out-of-fold
predictions of the training data, never on the test split.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from imblearn.base import BaseSampler
from imblearn.combine import SMOTETomek
from imblearn.ensemble import BalancedRandomForestClassifier
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.preprocessing import StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers import charts, plane
from explorers.charts import PALETTE, REFERENCE_COLOUR
from explorers.common import one_thread
from explorers.interview import InterviewGuide
from explorers.metrics import confusion_at, curves
from explorers.metrics import rates_from_confusion as metrics_from_confusion
from explorers.models import MODELS, make_model

# --------------------------------------------------------------------------- settings

RATIOS: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
SAMPLE_SIZES: tuple[int, ...] = (200, 500, 1000, 2000, 5000, 10000, 20000)
TEST_FRACTION = 0.25
CV_FOLDS = 2  # tuning the threshold and fitting the calibrator: half the fits of 3 folds
MIN_MINORITY = 8  # 2 for the test split, 6 for training: each of 2 CV folds fits on 3 and scores 3
MAX_SEEDS = 10
DEFAULT_THRESHOLD = 0.5
GRID_RESOLUTION = 40  # per side: fine enough for ~270 px panels, light to send on every rerun
FOREST_TREES = 30

STRATEGIES: dict[str, str] = {
    "none": "Do nothing",
    "weights": "Class weights (balanced)",
    "under": "Random undersampling",
    "over": "Random oversampling",
    "smote": "SMOTE",
    "adasyn": "ADASYN",
    "smote_tomek": "SMOTE + Tomek links",
    "ensemble": "Balanced random forest",
    "threshold": "Threshold moving",
}
RESAMPLERS: tuple[str, ...] = ("under", "over", "smote", "adasyn", "smote_tomek")
NEIGHBOUR_STRATEGIES: tuple[str, ...] = ("smote", "adasyn", "smote_tomek")

METRICS: dict[str, str] = {
    "accuracy": "Accuracy",
    "balanced_accuracy": "Balanced accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1",
    "roc_auc": "ROC-AUC",
    "pr_auc": "PR-AUC",
    "brier": "Brier score",
}
LOWER_IS_BETTER: frozenset[str] = frozenset({"brier"})

Counts = tuple[int, int]  # (negatives, positives)
Json = dict[str, object]


def ratio_label(ratio: int) -> str:
    """'1:20' for 20 majority examples per minority example."""
    return f"1:{ratio:,}"


def strategy_label(strategy: str, *, leaky: bool = False) -> str:
    """The strategy's display name, marked when it resampled before the split."""
    name = STRATEGIES[strategy]
    return f"{name}, leaky" if leaky else name


def uses_neighbours(strategy: str) -> bool:
    """Whether ``k_neighbors`` changes this strategy."""
    return strategy in NEIGHBOUR_STRATEGIES


def can_leak(strategy: str) -> bool:
    """Whether the strategy resamples data, so it has a leaky (resample-before-split) variant."""
    return strategy in RESAMPLERS


def seed_range(first: int, count: int) -> tuple[int, ...]:
    """The seeds of the repeated runs: ``first``, ``first + 1``, ..."""
    if not 1 <= count <= MAX_SEEDS:
        raise UserFacingError(f"The number of seeds must be from 1 to {MAX_SEEDS}; got {count!r}.")
    return tuple(range(int(first), int(first) + int(count)))


# --------------------------------------------------------------------------- data at an exact ratio


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
    info = datasets.get_info(dataset)
    wanted = min(round(n_samples / (1 + ratio)), datasets.MAX_SAMPLES // (1 + ratio))
    available = _available(info)
    if available is not None:
        n_neg, n_pos = available
        wanted = min(wanted, n_pos, n_neg // ratio)
    return int(wanted)


def _suggestion(info: datasets.DatasetInfo, ratio: int, n_samples: int) -> str:
    """A milder ratio and/or a larger sample size that leaves enough minority examples."""
    milder = [r for r in RATIOS if r < ratio and minority_count(info.key, r, n_samples) >= MIN_MINORITY]
    larger = [n for n in SAMPLE_SIZES if n > n_samples and minority_count(info.key, ratio, n) >= MIN_MINORITY]
    options = []
    if milder:
        options.append(f"a ratio of {ratio_label(milder[-1])} or milder")
    if larger:
        options.append(f"at least {larger[0]:,} samples")
    if not larger and _available(info) is not None:
        n_neg = _available(info)[0]  # type: ignore[index]
        options.append(
            f"a generated dataset ({info.name} has only {n_neg:,} {info.negative_label} rows, too few for "
            f"{ratio_label(ratio)} with {MIN_MINORITY} {info.positive_label} rows)"
        )
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
    head = (
        f"At {ratio_label(ratio)}, {n_samples:,} samples of {info.name} hold only {n_min} "
        f"{info.positive_label} example{'' if n_min == 1 else 's'}"
    )
    if in_test <= 1:
        what = (
            f"so the {TEST_FRACTION:.0%} test split would get {in_test}: with zero or one minority example, "
            "its recall, precision and PR-AUC cannot be measured"
        )
    else:
        what = (
            f"the test split would get {in_test}, leaving {n_min - in_test} to train on: too few to train, "
            f"tune a threshold by {CV_FOLDS}-fold cross-validation and still test"
        )
    needed = f"this page needs {MIN_MINORITY}: 2 to test, 6 to train"
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


def achieved_ratio(y: np.ndarray) -> float:
    """Majority examples per minority example in ``y``."""
    n_pos = int(np.count_nonzero(y == 1))
    return (y.size - n_pos) / n_pos


def class_counts(y: np.ndarray) -> Counts:
    """(negatives, positives) in ``y``."""
    n_pos = int(np.count_nonzero(y == 1))
    return int(y.size) - n_pos, n_pos


def split_data(data: datasets.Dataset, seed: int) -> datasets.Split:
    """The stratified 75/25 train/test split every strategy of a seed shares."""
    return datasets.split(data, test_fraction=TEST_FRACTION, seed=seed, min_per_class=2)


# --------------------------------------------------------------------------- strategies as pipelines


class StrategyFailedError(Exception):
    """A strategy that cannot run on this data; the message is the reason shown in its row."""


def neighbours_for(k: int, n_minority_fitted: int) -> int:
    """``k`` lowered so SMOTE/ADASYN find k neighbours among the minority rows they are fitted on."""
    usable = min(int(k), n_minority_fitted - 1)
    if usable < 1:
        raise StrategyFailedError(
            f"needs at least 2 minority training examples to interpolate between; it got {n_minority_fitted}."
        )
    return usable


def make_sampler(strategy: str, seed: int, k: int) -> BaseSampler:
    """The imbalanced-learn sampler of a resampling strategy (balancing the classes 1:1)."""
    samplers: dict[str, Callable[[], BaseSampler]] = {
        "under": lambda: RandomUnderSampler(random_state=seed),
        "over": lambda: RandomOverSampler(random_state=seed),
        "smote": lambda: SMOTE(k_neighbors=k, random_state=seed),
        "adasyn": lambda: ADASYN(n_neighbors=k, random_state=seed),
        "smote_tomek": lambda: SMOTETomek(smote=SMOTE(k_neighbors=k, random_state=seed), random_state=seed),
    }
    return samplers[strategy]()


def _balanced(estimator: Any) -> Any:
    """``estimator`` with class_weight="balanced" on its final step."""
    final = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator
    final.set_params(class_weight="balanced")
    return estimator


def make_estimator(model: str, strategy: str, seed: int, k: int = 5) -> Pipeline:
    """An unfitted imblearn Pipeline: scale, resample (training folds only), then the model."""
    if model not in MODELS:
        raise UserFacingError(f"Unknown model {model!r}; choose one of: {', '.join(MODELS)}.")
    if strategy not in STRATEGIES:
        raise UserFacingError(f"Unknown strategy {strategy!r}; choose from: {', '.join(STRATEGIES)}.")
    steps: list[tuple[str, Any]] = [("scale", StandardScaler())]
    if can_leak(strategy):
        steps.append(("resample", make_sampler(strategy, seed, k)))
    if strategy == "ensemble":
        steps.append(("model", _balanced_forest(seed)))
    elif strategy == "weights":
        steps.append(("model", _balanced(make_model(model, seed))))
    else:
        steps.append(("model", make_model(model, seed)))
    return Pipeline(steps)


def _balanced_forest(seed: int) -> BalancedRandomForestClassifier:
    """A small balanced random forest: every tree sees a balanced bootstrap of the training data."""
    return BalancedRandomForestClassifier(
        n_estimators=FOREST_TREES,
        sampling_strategy="all",
        replacement=True,
        bootstrap=False,
        min_samples_leaf=2,
        n_jobs=1,
        random_state=seed,
    )


def _folds(seed: int) -> StratifiedKFold:
    return StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)


def f1_optimal_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The score threshold (flag when score >= it) with the highest F1; the highest such on ties."""
    c = curves(y_true, scores)
    f1 = np.zeros_like(c.precision)
    both = c.precision + c.recall
    np.divide(2 * c.precision * c.recall, both, out=f1, where=both > 0)
    return float(c.thresholds[int(np.argmax(f1))])


def cv_threshold(estimator: Pipeline, features: np.ndarray, y: np.ndarray, seed: int) -> float:
    """F1-optimal threshold on out-of-fold predictions of the training data (the test split is unseen)."""
    oof = cross_val_predict(estimator, features, y, cv=_folds(seed), method="predict_proba")[:, 1]
    return f1_optimal_threshold(y, oof)


# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metrics:
    """Test metrics of one run, the minority class as positive (undefined ratios are 0.0)."""

    accuracy: float
    balanced_accuracy: float
    precision: float
    recall: float
    f1: float
    roc_auc: float
    pr_auc: float
    brier: float
    tp: int
    fp: int
    fn: int
    tn: int

    def value(self, metric: str) -> float:
        """One metric by key of METRICS."""
        return float(getattr(self, metric))


def evaluate(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> Metrics:
    """Every metric of the table for P(minority) ``scores``, flagging scores >= ``threshold``."""
    c = confusion_at(y_true, scores, threshold)
    m = metrics_from_confusion(c, threshold)
    ranking = curves(y_true, scores)
    y = np.asarray(y_true, dtype=float)
    return Metrics(
        accuracy=m.accuracy,
        balanced_accuracy=(m.recall + 1.0 - m.fpr) / 2,
        precision=m.precision,
        recall=m.recall,
        f1=m.f1,
        roc_auc=ranking.roc_auc,
        pr_auc=ranking.average_precision,
        brier=float(np.mean((np.asarray(scores, dtype=float) - y) ** 2)),
        tp=c.tp,
        fp=c.fp,
        fn=c.fn,
        tn=c.tn,
    )


# --------------------------------------------------------------------------- running a strategy


@dataclass(frozen=True, eq=False)
class SeedRun:
    """One strategy on one seed's data: test scores, the threshold used and the metrics."""

    seed: int
    y_test: np.ndarray
    scores: np.ndarray
    threshold: float
    metrics: Metrics
    train_counts: Counts  # (negatives, positives) in the training split, as drawn
    fitted_counts: Counts  # what the model was fitted on, after any resampling
    test_counts: Counts
    neighbours: int | None = None


@dataclass(frozen=True, eq=False)
class StrategyResult:
    """A strategy over every seed; ``error`` says why it could not run (then ``runs`` is empty)."""

    strategy: str
    leaky: bool
    runs: tuple[SeedRun, ...] = ()
    surface: np.ndarray | None = None  # P(minority) on the first seed's plane grid
    pr_curve: np.ndarray | None = None  # mean interpolated precision on RECALL_GRID
    notes: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = 0.0
    summary: dict[str, tuple[float, float]] = field(init=False, repr=False)  # (mean, sd) by metric

    def __post_init__(self) -> None:
        summary = {}
        for metric in METRICS:
            values = self.values(metric)
            if values.size:
                spread = float(np.std(values, ddof=1)) if values.size > 1 else 0.0
                summary[metric] = (float(np.mean(values)), spread)
        object.__setattr__(self, "summary", summary)  # computed once: pages read it on every rerun

    @property
    def label(self) -> str:
        """Display name."""
        return strategy_label(self.strategy, leaky=self.leaky)

    @property
    def ok(self) -> bool:
        """Whether it ran on every seed."""
        return self.error is None and bool(self.runs)

    def values(self, metric: str) -> np.ndarray:
        """``metric`` on every seed."""
        return np.array([run.metrics.value(metric) for run in self.runs])

    def mean(self, metric: str) -> float:
        """Mean of ``metric`` over the seeds."""
        return self.summary[metric][0]

    def spread(self, metric: str) -> float:
        """Sample standard deviation of ``metric`` over the seeds (0 for one seed)."""
        return self.summary[metric][1]

    def mean_of(self, read: Callable[[SeedRun], float]) -> float:
        """Mean over the seeds of any per-run number."""
        return float(np.mean([read(run) for run in self.runs]))


def _fit_scores(
    estimator: Pipeline, parts: datasets.Split, threshold_by_cv: bool, seed: int
) -> tuple[Any, float]:
    """Fit on the training split; the threshold is 0.5 or chosen by CV on the training split."""
    with one_thread():
        threshold = (
            cv_threshold(estimator, parts.X_train, parts.y_train, seed)
            if threshold_by_cv
            else DEFAULT_THRESHOLD
        )
        estimator.fit(parts.X_train, parts.y_train)
    return estimator, threshold


def _fitted_counts(estimator: Pipeline, parts: datasets.Split) -> Counts:
    """Class counts the model step saw: the resampling steps re-run on the training split (same seed,
    so the same rows); the training counts when nothing resamples."""
    if "resample" not in estimator.named_steps:
        return class_counts(parts.y_train)
    front = Pipeline(estimator.steps[:-1])
    with one_thread():
        _, y_fitted = front.fit_resample(parts.X_train, parts.y_train)
    return class_counts(y_fitted)


def _probabilities(estimator: Any, features: np.ndarray) -> np.ndarray:
    with one_thread():
        return np.ascontiguousarray(estimator.predict_proba(features)[:, 1], dtype=np.float64)


def _neighbours(strategy: str, k: int, n_minority: int) -> int | None:
    return neighbours_for(k, n_minority) if uses_neighbours(strategy) else None


def run_seed(
    plan: DataPlan, model: str, strategy: str, k: int, seed: int, *, with_surface: bool = False
) -> tuple[SeedRun, np.ndarray | None]:
    """The correct way: split first, then resample inside the pipeline, on the training split only."""
    data = load_imbalanced(plan, seed)
    parts = split_data(data, seed)
    train_counts = class_counts(parts.y_train)
    neighbours = _neighbours(strategy, k, train_counts[1])
    estimator = make_estimator(model, strategy, seed, neighbours or 1)
    estimator, threshold = _fit_scores(estimator, parts, strategy == "threshold", seed)
    scores = _probabilities(estimator, parts.X_test)
    surface = None
    if with_surface:
        view = plane.fit_view(parts.X_train, data.feature_names)
        surface = _probabilities(estimator, plane.make_grid(view, data.X, GRID_RESOLUTION).feature_points)
    run = SeedRun(
        seed=seed,
        y_test=parts.y_test,
        scores=scores,
        threshold=threshold,
        metrics=evaluate(parts.y_test, scores, threshold),
        train_counts=train_counts,
        fitted_counts=_fitted_counts(estimator, parts),
        test_counts=class_counts(parts.y_test),
        neighbours=neighbours,
    )
    return run, surface


def run_seed_leaky(plan: DataPlan, model: str, strategy: str, k: int, seed: int) -> SeedRun:
    """The mistake: resample the whole dataset, then split, so resampled rows reach the test split."""
    if not can_leak(strategy):
        raise UserFacingError(
            f"{STRATEGIES[strategy]} does not resample the data, so it has no leaky variant."
        )
    data = load_imbalanced(plan, seed)
    neighbours = _neighbours(strategy, k, data.n_positive)
    resampler = Pipeline(
        [("scale", StandardScaler()), ("resample", make_sampler(strategy, seed, neighbours or 1))]
    )
    with one_thread():
        features, labels = resampler.fit_resample(data.X, data.y)
    resampled = datasets.Dataset(info=data.info, X=features, y=labels, feature_names=data.feature_names)
    parts = split_data(resampled, seed)
    estimator, threshold = _fit_scores(make_estimator(model, "none", seed), parts, False, seed)
    scores = _probabilities(estimator, parts.X_test)
    return SeedRun(
        seed=seed,
        y_test=parts.y_test,
        scores=scores,
        threshold=threshold,
        metrics=evaluate(parts.y_test, scores, threshold),
        train_counts=class_counts(parts.y_train),
        fitted_counts=class_counts(parts.y_train),
        test_counts=class_counts(parts.y_test),
        neighbours=neighbours,
    )


def _failure_reason(strategy: str, seed: int, problem: Exception) -> str:
    """Why a strategy failed, in words (imbalanced-learn's ADASYN message is cryptic)."""
    text = str(problem)
    if "neighbours belong to the majority class" in text or "neigbours belong to the majority" in text:
        text = (
            "no minority example has a majority-class neighbour (the classes are separated), so ADASYN has "
            "nothing to weight its synthetic examples by; SMOTE works here"
        )
    elif "No samples will be generated" in text:
        text = "the classes are already balanced, so it generates nothing"
    return f"Failed on seed {seed}: {text.rstrip('.')}."


def _neighbour_note(strategy: str, k: int, runs: Sequence[SeedRun]) -> tuple[str, ...]:
    """A note when k_neighbors had to be lowered for some seed."""
    used = [run.neighbours for run in runs if run.neighbours is not None]
    if not uses_neighbours(strategy) or not used or min(used) >= k:
        return ()
    fewest = min(run.train_counts[1] for run in runs)
    return (f"k lowered from {k} to {min(used)}: only {fewest} minority examples to train on.",)


def evaluate_strategy(
    dataset: datasets.Source,
    ratio: int,
    n_samples: int,
    model: str,
    strategy: str,
    *,
    k: int,
    leaky: bool,
    seeds: tuple[int, ...],
) -> StrategyResult:
    """One strategy on every seed (the unit the page caches). A failure becomes the row's reason."""
    plan = plan_data(dataset, ratio, n_samples)
    start = time.perf_counter()
    runs: list[SeedRun] = []
    surface = None
    for index, seed in enumerate(seeds):
        try:
            if leaky:
                runs.append(run_seed_leaky(plan, model, strategy, k, seed))
            else:
                run, grid_scores = run_seed(plan, model, strategy, k, seed, with_surface=index == 0)
                runs.append(run)
                surface = grid_scores if index == 0 else surface
        except (StrategyFailedError, ValueError, RuntimeError) as problem:
            if isinstance(problem, UserFacingError):
                raise
            return StrategyResult(strategy, leaky, error=_failure_reason(strategy, seed, problem))
    return StrategyResult(
        strategy,
        leaky,
        runs=tuple(runs),
        surface=surface,
        pr_curve=mean_pr_curve(runs),
        notes=_neighbour_note(strategy, k, runs),
        seconds=time.perf_counter() - start,
    )


@dataclass(frozen=True)
class RunStrategy:
    """Runs any strategy on one setting through ``evaluate`` (evaluate_strategy, or a cached wrapper of it),
    passing ``k`` only to the strategies it changes, so other strategies keep their cache entries."""

    evaluate: Callable[..., StrategyResult]
    dataset: datasets.Source
    ratio: int
    n_samples: int
    model: str
    k: int
    seeds: tuple[int, ...]

    def k_for(self, strategy: str) -> int:
        """``k`` for a neighbour-based strategy, else 0 (ignored)."""
        return self.k if uses_neighbours(strategy) else 0

    def __call__(self, strategy: str, *, leaky: bool = False) -> StrategyResult:
        return self.evaluate(
            self.dataset,
            self.ratio,
            self.n_samples,
            self.model,
            strategy,
            k=self.k_for(strategy),
            leaky=leaky and can_leak(strategy),
            seeds=self.seeds,
        )


# --------------------------------------------------------------------------- calibration


def resampling_odds_ratio(train_counts: Counts, fitted_counts: Counts) -> float:
    """r = training odds of the minority class / odds after resampling (1 when nothing resampled)."""
    (n_neg, n_pos), (f_neg, f_pos) = train_counts, fitted_counts
    return (n_pos / n_neg) / (f_pos / f_neg)


def prior_correct(p: np.ndarray, odds_ratio: float) -> np.ndarray:
    """Undo a change of class prior: p' = p·r / (p·r + (1 − p)), r = original odds / resampled odds."""
    probability = np.asarray(p, dtype=float)
    if not odds_ratio > 0:
        raise UserFacingError(f"The odds ratio must be positive; got {odds_ratio!r}.")
    weighted = probability * odds_ratio
    return weighted / (weighted + (1.0 - probability))


@dataclass(frozen=True, eq=False)
class CalibratedRuns:
    """CalibratedClassifierCV around the resampling pipeline, fitted on the NON-resampled training split:
    each CV fold resamples only its own training part, and the sigmoid is fitted on the untouched rest."""

    resampler: str
    scores: tuple[np.ndarray, ...] = ()  # calibrated P(minority) on each seed's test split
    error: str | None = None


def calibrate_resampler(
    dataset: datasets.Source,
    ratio: int,
    n_samples: int,
    model: str,
    resampler: str,
    *,
    k: int,
    seeds: tuple[int, ...],
) -> CalibratedRuns:
    """Per seed, the resampling pipeline wrapped in CalibratedClassifierCV (sigmoid, CV_FOLDS folds)."""
    if not can_leak(resampler):
        raise UserFacingError(f"Pick a resampling strategy for the calibration panel, not {resampler!r}.")
    plan = plan_data(dataset, ratio, n_samples)
    scores = []
    for seed in seeds:
        parts = split_data(load_imbalanced(plan, seed), seed)
        n_min = class_counts(parts.y_train)[1]
        fold_minority = n_min - math.ceil(n_min / CV_FOLDS)
        try:
            neighbours = _neighbours(resampler, k, fold_minority) or 1
            calibrated = CalibratedClassifierCV(
                make_estimator(model, resampler, seed, neighbours), method="sigmoid", cv=_folds(seed)
            )
            with one_thread():
                calibrated.fit(parts.X_train, parts.y_train)
        except (StrategyFailedError, ValueError, RuntimeError) as problem:
            return CalibratedRuns(resampler, error=_failure_reason(resampler, seed, problem))
        scores.append(_probabilities(calibrated, parts.X_test))
    return CalibratedRuns(resampler, scores=tuple(scores))


@dataclass(frozen=True)
class Reliability:
    """A reliability curve: per non-empty bin, the mean predicted probability and the observed rate."""

    predicted: np.ndarray
    observed: np.ndarray
    counts: np.ndarray


def reliability(y_true: np.ndarray, p: np.ndarray, bins: int = 10) -> Reliability:
    """Equal-width bins on [0, 1], as sklearn's calibration_curve(strategy="uniform"), plus bin sizes."""
    y, probability = np.asarray(y_true, dtype=float), np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ids = np.searchsorted(edges[1:-1], probability)
    total = np.bincount(ids, minlength=bins)
    sums = np.bincount(ids, weights=probability, minlength=bins)
    hits = np.bincount(ids, weights=y, minlength=bins)
    kept = total > 0
    return Reliability(sums[kept] / total[kept], hits[kept] / total[kept], total[kept])


CALIBRATION_VARIANTS: tuple[str, ...] = ("before", "after", "prior", "calibrated")


@dataclass(frozen=True, eq=False)
class Calibration:
    """P(minority) on every seed's test split: untouched model, resampled, and the two fixes."""

    resampler: str
    y_test: tuple[np.ndarray, ...]
    scores: Mapping[str, tuple[np.ndarray, ...]]  # by CALIBRATION_VARIANTS
    odds_ratios: tuple[float, ...]

    def short_label(self, variant: str) -> str:
        """A variant's name in a few words."""
        name = STRATEGIES[self.resampler]
        return {
            "before": "No resampling",
            "after": name,
            "prior": "Prior-corrected",
            "calibrated": "CV-calibrated",
        }[variant]

    def label(self, variant: str) -> str:
        """Legend name of a variant."""
        name = STRATEGIES[self.resampler]
        return {
            "before": "No resampling",
            "after": f"{name}",
            "prior": f"{name} + prior correction",
            "calibrated": f"{name} + CalibratedClassifierCV",
        }[variant]

    def briers(self, variant: str) -> np.ndarray:
        """Brier score of ``variant`` on every seed."""
        return np.array(
            [np.mean((s - y) ** 2) for s, y in zip(self.scores[variant], self.y_test, strict=True)]
        )

    def brier(self, variant: str) -> tuple[float, float]:
        """(mean, sample sd) of the Brier score over the seeds."""
        values = self.briers(variant)
        return float(values.mean()), float(values.std(ddof=1)) if values.size > 1 else 0.0

    def mean_probability(self, variant: str) -> float:
        """Average predicted P(minority) over every test example of every seed."""
        return float(np.mean(np.concatenate(self.scores[variant])))

    @property
    def minority_rate(self) -> float:
        """Observed minority share of the pooled test splits."""
        return float(np.mean(np.concatenate(self.y_test)))

    def curve(self, variant: str, bins: int) -> Reliability:
        """Reliability of ``variant`` on the test splits of every seed pooled."""
        return reliability(np.concatenate(self.y_test), np.concatenate(self.scores[variant]), bins)


def calibration(before: StrategyResult, after: StrategyResult, calibrated: CalibratedRuns) -> Calibration:
    """The untouched model, the resampled one, its prior correction and its CV calibration, side by side."""
    for result in (before, after):
        if not result.ok:
            raise UserFacingError(f"The calibration panel needs {result.label}, which failed: {result.error}")
    if calibrated.error is not None:
        raise UserFacingError(f"CalibratedClassifierCV could not be fitted. {calibrated.error}")
    ratios = tuple(resampling_odds_ratio(run.train_counts, run.fitted_counts) for run in after.runs)
    return Calibration(
        resampler=after.strategy,
        y_test=tuple(run.y_test for run in before.runs),
        scores={
            "before": tuple(run.scores for run in before.runs),
            "after": tuple(run.scores for run in after.runs),
            "prior": tuple(prior_correct(run.scores, r) for run, r in zip(after.runs, ratios, strict=True)),
            "calibrated": calibrated.scores,
        },
        odds_ratios=ratios,
    )


# --------------------------------------------------------------------------- curves and the 2-D view

RECALL_GRID = np.linspace(0.0, 1.0, 101)
_RECALL_TICKS = np.round(RECALL_GRID, 2).tolist()


def interpolated_precision(
    y_true: np.ndarray, scores: np.ndarray, recall_grid: np.ndarray = RECALL_GRID
) -> np.ndarray:
    """Precision at each recall level: the best precision at that recall or higher (the PR envelope)."""
    c = curves(y_true, scores)
    envelope = np.maximum.accumulate(c.precision[::-1])[::-1]
    index = np.minimum(np.searchsorted(c.recall, recall_grid, side="left"), c.recall.size - 1)
    return envelope[index]


def mean_pr_curve(runs: Sequence[SeedRun]) -> np.ndarray:
    """The interpolated PR curve averaged over the seeds' runs, on RECALL_GRID."""
    return np.mean([interpolated_precision(run.y_test, run.scores) for run in runs], axis=0)


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
    """The view and grid ``run_seed(..., with_surface=True)`` uses, and the training points on it."""
    plan = plan_data(dataset, ratio, n_samples)
    data = load_imbalanced(plan, seed)
    parts = split_data(data, seed)
    view = plane.fit_view(parts.X_train, data.feature_names)
    return PlaneData(
        view=view,
        grid=plane.make_grid(view, data.X, GRID_RESOLUTION),
        train_xy=view.to_plane(parts.X_train),
        y_train=parts.y_train,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
    )


# --------------------------------------------------------------------------- the metrics table

_DECIMALS = {"accuracy": 3, "brier": 3}


def _better(metric: str, a: float, b: float) -> bool:
    return a < b if metric in LOWER_IS_BETTER else a > b


def ordered(results: Sequence[StrategyResult], sort_by: str) -> list[StrategyResult]:
    """Correct rows best first by ``sort_by`` (failed rows last), each followed by its leaky twin."""
    correct = [r for r in results if not r.leaky]
    sign = 1.0 if sort_by in LOWER_IS_BETTER else -1.0
    ranked = sorted((r for r in correct if r.ok), key=lambda r: sign * r.mean(sort_by))
    ranked += [r for r in correct if not r.ok]
    leaky = {r.strategy: r for r in results if r.leaky}
    rows: list[StrategyResult] = []
    for result in ranked:
        rows.append(result)
        if result.strategy in leaky:
            rows.append(leaky.pop(result.strategy))
    return rows + list(leaky.values())


def best_value(results: Sequence[StrategyResult], metric: str) -> float | None:
    """The best mean of ``metric`` among the correct (non-leaky) rows that ran."""
    means = [r.mean(metric) for r in results if r.ok and not r.leaky]
    if not means:
        return None
    return min(means) if metric in LOWER_IS_BETTER else max(means)


def format_metric(result: StrategyResult, metric: str) -> str:
    """'0.83 ± 0.04' (mean ± sd over the seeds; a narrow column may put '± 0.04' under the mean);
    just the mean for one seed."""
    if not result.ok:
        return "–"
    digits = _DECIMALS.get(metric, 2)
    mean = f"{result.mean(metric):.{digits}f}"
    spread = f"{result.spread(metric):.{digits}f}"
    return f"{mean} ±\u00a0{spread}" if len(result.runs) > 1 else mean


def _share(counts: Counts) -> str:
    return f"{counts[1] / (counts[0] + counts[1]):.0%}"


def row_note(result: StrategyResult) -> str:
    """What the row's model was trained on, or why it failed."""
    if not result.ok:
        return result.error or "Did not run."
    first = result.runs[0]
    if result.leaky:
        note = (
            f"Resampled before the split: the test split is {_share(first.test_counts)} minority, "
            "with resampled rows in it."
        )
    elif result.strategy == "threshold":
        threshold = result.mean_of(lambda run: run.threshold)
        note = f"Threshold {threshold:.2f}, F1-optimal on out-of-fold training scores."
    elif can_leak(result.strategy):
        neg, pos = first.fitted_counts
        note = f"Fitted on {neg:,} + {pos:,} rows ({_share(first.fitted_counts)} minority)."
    elif result.strategy == "weights":
        neg, pos = first.train_counts
        note = f"Each minority error weighs {neg / pos:.0f}× a majority one."
    elif result.strategy == "ensemble":
        note = f"{FOREST_TREES} trees, each on a balanced bootstrap; ignores the base model."
    else:
        note = f"Threshold {DEFAULT_THRESHOLD:.2f}."
    return " ".join((note, *result.notes))


def _table_columns(rows: Sequence[StrategyResult]) -> dict[str, list[str]]:
    """The table's cells as plain text, column by column, for rows already in order."""
    columns = {"Strategy": [r.label if r.ok else f"{r.label}. {r.error}" for r in rows]}
    for metric, label in METRICS.items():
        columns[label] = [format_metric(r, metric) for r in rows]
    return columns


def _best_columns(rows: Sequence[StrategyResult]) -> dict[str, list[bool]]:
    """Per column, whether each row holds its best mean (ties all marked; leaky rows never count)."""
    marks = {"Strategy": [False] * len(rows)}
    for metric, label in METRICS.items():
        best = best_value(rows, metric)
        marks[label] = [_is_best(r, metric, best) for r in rows]
    return marks


def metrics_table(results: Sequence[StrategyResult], sort_by: str = "pr_auc") -> pd.DataFrame:
    """One row per strategy, leaky twins under their correct row: mean ± sd of every metric (the spread
    may wrap under the mean in a narrow column). A failed strategy's row says why in its first cell."""
    return pd.DataFrame(_table_columns(ordered(results, sort_by)))


def row_notes(results: Sequence[StrategyResult], sort_by: str = "pr_auc") -> str:
    """What each row's model was fitted on (or why it failed), as a Markdown list in table order."""
    return "\n".join(f"- **{_escaped(r.label)}**: {_escaped(row_note(r))}" for r in ordered(results, sort_by))


def best_cells(results: Sequence[StrategyResult], sort_by: str = "pr_auc") -> pd.DataFrame:
    """True where a cell holds its column's best mean (ties all marked; leaky rows never count)."""
    return pd.DataFrame(_best_columns(ordered(results, sort_by)))


def _escaped(text: str) -> str:
    """Text shown as is inside a Markdown table cell."""
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>|:" else ch for ch in text)


def marked_table(results: Sequence[StrategyResult], sort_by: str = "pr_auc") -> pd.DataFrame:
    """The metrics table in Markdown for ``st.table``: each column's best value bold on an orange
    background, leaky rows grey and italic (cheaper to draw than a pandas Styler)."""
    rows = ordered(results, sort_by)
    best = _best_columns(rows)
    return pd.DataFrame(
        {
            name: [
                _marked(_escaped(text), best=is_best, leaky=r.leaky)
                for text, is_best, r in zip(cells, best[name], rows, strict=True)
            ]
            for name, cells in _table_columns(rows).items()
        }
    )


def _is_best(result: StrategyResult, metric: str, best: float | None) -> bool:
    return best is not None and result.ok and not result.leaky and math.isclose(result.mean(metric), best)


def _marked(text: str, *, best: bool, leaky: bool) -> str:
    if best:
        return f":orange-background[**{text}**]"
    return f":gray[*{text}*]" if leaky else text


# --------------------------------------------------------------------------- figures

_COLOURS: dict[str, str] = {
    "none": PALETTE[7],
    "weights": PALETTE[0],
    "under": PALETTE[4],
    "over": PALETTE[3],
    "smote": PALETTE[1],
    "adasyn": PALETTE[5],
    "smote_tomek": "#B59F00",  # Okabe-Ito yellow, darkened to read on white
    "ensemble": PALETTE[2],
    "threshold": REFERENCE_COLOUR,
}


def colour_of(strategy: str) -> str:
    """The strategy's colour, the same on every chart."""
    return _COLOURS[strategy]


def _pr_curve(result: StrategyResult) -> np.ndarray:
    return result.pr_curve if result.pr_curve is not None else mean_pr_curve(result.runs)


def pr_height(results: Sequence[StrategyResult]) -> int:
    """PR figure height (px): room for the plot plus a legend row per two curves."""
    return 380 + 22 * (sum(1 for r in results if r.ok) // 2)


def pr_figure(results: Sequence[StrategyResult], minority_share: float) -> go.Figure:
    """Mean interpolated PR curve per strategy (leaky dashed), each strategy's operating point, chance."""
    traces: list[Json] = [
        charts.reference_line(
            (0, 1), (minority_share, minority_share), f"Chance (minority share {minority_share:.1%})"
        )
    ]
    for result in results:
        if not result.ok:
            continue
        colour, dash = colour_of(result.strategy), "dash" if result.leaky else "solid"
        traces.append(
            {
                "type": "scatter",
                "x": _RECALL_TICKS,
                "y": np.round(_pr_curve(result), 4).tolist(),
                "mode": "lines",
                "name": f"{result.label} (PR-AUC {result.mean('pr_auc'):.2f})",
                "legendgroup": result.label,
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "hovertemplate": f"{result.label}<br>Recall %{{x:.2f}}<br>Precision %{{y:.2f}}"
                "<extra></extra>",
            }
        )
        recall, precision = result.mean("recall"), result.mean("precision")
        traces.append(
            {
                "type": "scatter",
                "x": [recall],
                "y": [precision],
                "mode": "markers",
                "name": f"{result.label}: operating point",
                "legendgroup": result.label,
                "showlegend": False,
                "marker": {
                    "color": colour,
                    "size": 12,
                    "symbol": "circle",
                    "line": {"color": "white", "width": 1.5},
                },
                "hovertemplate": (
                    f"{result.label} at its threshold<br>Recall {recall:.2f}<br>"
                    f"Precision {precision:.2f}<extra></extra>"
                ),
            }
        )
    layout = {
        "xaxis": charts.axis("Recall on the minority class (0–1)", range=[0, 1.02]),
        "yaxis": charts.axis("Precision (mean over seeds, 0–1)", range=[0, 1.05]),
    }
    return charts.figure(traces, layout)


def panel_columns(count: int) -> int:
    """Panels per row: at most three, rows as even as possible."""
    rows = -(-count // 3)
    return -(-count // rows)


MAX_MAJORITY_SHOWN = 200
MAX_MINORITY_SHOWN = 200


def shown_points(y: np.ndarray) -> np.ndarray:
    """Rows to draw: every minority example (up to 200) and an evenly spread subset of the majority."""
    minority, majority = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    kept_minority = minority[plane.shown_rows(minority.size, MAX_MINORITY_SHOWN)]
    kept_majority = majority[plane.shown_rows(majority.size, MAX_MAJORITY_SHOWN)]
    return np.sort(np.concatenate([kept_minority, kept_majority]))


def boundaries_figure(view: PlaneData, results: Sequence[StrategyResult]) -> go.Figure:
    """A panel per strategy (first seed): P(minority) shading, the boundary at its threshold, the points."""
    panels = [r for r in results if r.ok and not r.leaky and r.surface is not None]
    if not panels:
        raise UserFacingError("No strategy ran, so there is no decision boundary to draw.")
    layout = charts.small_multiples_layout(
        [r.label for r in panels], view.view.axis_titles, columns=panel_columns(len(panels))
    )
    keep = shown_points(view.y_train)
    traces: list[Json] = []
    for index, result in enumerate(panels):
        first = index == 0
        surface = plane.surface_trace(
            view.grid,
            result.surface,  # type: ignore[arg-type]
            show_scale=first,
            colorbar_title=f"P({view.positive_label})",
            colorbar={"x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle", "len": 0.8},
        )
        boundary = plane.level_lines_trace(
            view.grid,
            result.surface,  # type: ignore[arg-type]
            [result.runs[0].threshold],
            name="Decision boundary (at the strategy's threshold)",
            show_legend=first,
        )
        points = plane.points_traces(
            view.train_xy[keep],
            view.y_train[keep],
            positive_label=view.positive_label,
            negative_label=view.negative_label,
            show_legend=first,
            max_points=keep.size,
            marker_size=5,
        )
        traces += [charts.on_panel(trace, index) for trace in (surface, boundary, *points)]
    return charts.figure(traces, layout)


def boundaries_height(count: int) -> int:
    """Figure height (px) for ``count`` panels."""
    rows = -(-count // panel_columns(count))
    return 130 + 270 * rows


_VARIANT_STYLE: dict[str, tuple[str, str]] = {
    "before": (PALETTE[7], "circle"),
    "after": (PALETTE[1], "square"),
    "prior": (PALETTE[0], "diamond"),
    "calibrated": (PALETTE[2], "triangle-up"),
}


def reliability_figure(cal: Calibration, bins: int) -> go.Figure:
    """Reliability curves (pooled over the seeds' test splits) of the four variants, and the diagonal."""
    traces: list[Json] = [charts.reference_line((0, 1), (0, 1), "Perfectly calibrated")]
    for variant in CALIBRATION_VARIANTS:
        curve = cal.curve(variant, bins)
        colour, symbol = _VARIANT_STYLE[variant]
        brier, _ = cal.brier(variant)
        traces.append(
            {
                "type": "scatter",
                "x": np.round(curve.predicted, 4).tolist(),
                "y": np.round(curve.observed, 4).tolist(),
                "customdata": curve.counts.tolist(),
                "mode": "lines+markers",
                "name": f"{cal.label(variant)} (Brier {brier:.3f})",
                "line": {"color": colour, "width": 2},
                "marker": {"color": colour, "symbol": symbol, "size": 9},
                "hovertemplate": (
                    f"{cal.label(variant)}<br>Predicted %{{x:.2f}}<br>Observed %{{y:.2f}}"
                    "<br>%{customdata} test examples<extra></extra>"
                ),
            }
        )
    layout = {
        "xaxis": charts.axis("Mean predicted P(minority) in the bin (0–1)", range=[0, 1]),
        "yaxis": charts.axis("Observed minority share in the bin (0–1)", range=[0, 1.02]),
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- key numbers, what to notice


@dataclass(frozen=True)
class Headline:
    """One key number for the page to show as a metric."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_description: str | None = None


def _correct(results: Sequence[StrategyResult]) -> dict[str, StrategyResult]:
    """The non-leaky strategies that ran, by key."""
    return {r.strategy: r for r in results if r.ok and not r.leaky}


def _named(result: StrategyResult) -> str:
    """A strategy's name in the middle of a sentence."""
    return "doing nothing" if result.strategy == "none" and not result.leaky else result.label


def _count(value: float) -> str:
    """A mean count: whole when it is (nearly) whole, else one decimal."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _caught(result: StrategyResult) -> tuple[float, float]:
    """Mean (true positives, positives) per test split."""
    return result.mean_of(lambda r: r.metrics.tp), result.mean_of(lambda r: r.metrics.tp + r.metrics.fn)


def headline(
    plan: DataPlan, results: Sequence[StrategyResult], none: StrategyResult, positive_label: str
) -> list[Headline]:
    """Minority share, what doing nothing scores, and the best PR-AUC against it."""
    numbers = [
        Headline(
            "Minority share",
            f"{plan.minority_share:.1%}",
            help=f"{plan.n_minority:,} {positive_label} in {plan.n_rows:,} rows: {ratio_label(plan.ratio)}.",
        )
    ]
    if not none.ok:
        return numbers
    caught, total = _caught(none)
    numbers += [
        Headline("Accuracy, doing nothing", f"{none.mean('accuracy'):.1%}"),
        Headline(
            "Caught, doing nothing",
            f"{_count(caught)} of {_count(total)}",
            help=f"{positive_label[:1].upper()}{positive_label[1:]} examples caught per test split, "
            "mean over the seeds.",
        ),
    ]
    ran = _correct(results)
    if ran:
        best = max(ran.values(), key=lambda r: r.mean("pr_auc"))
        gain = best.mean("pr_auc") - none.mean("pr_auc")
        numbers.append(
            Headline(
                "Best PR-AUC",
                f"{best.mean('pr_auc'):.2f}",
                delta=f"{gain:+.2f}" if abs(gain) >= 0.005 else None,
                delta_description=best.label,
                help=f"{best.label}; the change is against doing nothing. PR-AUC: average precision on "
                "the minority class, mean over the seeds.",
            )
        )
    return numbers


def _accuracy_sentence(none: StrategyResult, positive_label: str) -> str:
    caught, total = _caught(none)
    flag_nothing = none.mean_of(lambda r: r.test_counts[0] / sum(r.test_counts))
    return (
        f"Doing nothing scores {none.mean('accuracy'):.1%} accuracy (flagging nothing at all would score "
        f"{flag_nothing:.1%}) and catches {_count(caught)} of {_count(total)} {positive_label} examples per "
        "test "
        f"split: recall {none.mean('recall'):.2f}."
    )


def _trade_sentence(ran: Mapping[str, StrategyResult], none: StrategyResult) -> str | None:
    others = [r for key, r in ran.items() if key != "none"]
    if not others:
        return None
    best = max(others, key=lambda r: r.mean("recall") - none.mean("recall"))
    r0, r1 = none.mean("recall"), best.mean("recall")
    p0, p1 = none.mean("precision"), best.mean("precision")
    if r1 - r0 < 0.005:
        return f"No strategy raises minority recall above doing nothing's {r0:.2f}."
    if p1 < p0 - 0.005:
        precision = f"but precision falls from {p0:.2f} to {p1:.2f}"
    elif p1 > p0 + 0.005:
        precision = f"and precision rises from {p0:.2f} to {p1:.2f}"
    else:
        precision = f"while precision stays at {p1:.2f}"
    return f"{best.label} raises minority recall from {r0:.2f} to {r1:.2f} {precision}."


def _ranking_sentence(ran: Mapping[str, StrategyResult]) -> str | None:
    if len(ran) < 2:
        return None
    by_accuracy = max(ran.values(), key=lambda r: r.mean("accuracy"))
    by_pr_auc = max(ran.values(), key=lambda r: r.mean("pr_auc"))
    if by_accuracy is by_pr_auc:
        return f"{by_accuracy.label} leads on both accuracy and PR-AUC here."
    return (
        f"Ranked by accuracy, {_named(by_accuracy)} comes first; ranked by PR-AUC, {_named(by_pr_auc)} does: "
        "accuracy mostly rewards getting the majority right."
    )


def paired_difference(a: StrategyResult, b: StrategyResult, metric: str) -> tuple[float, float]:
    """(mean of a − b, its standard error) over the seeds both ran on the same data (0 error for one seed)."""
    diffs = a.values(metric) - b.values(metric)
    error = float(np.std(diffs, ddof=1) / math.sqrt(diffs.size)) if diffs.size > 1 else 0.0
    return float(diffs.mean()), error


def _real_sentence(ran: Mapping[str, StrategyResult]) -> str | None:
    if len(ran) < 2:
        return None
    ranked = sorted(ran.values(), key=lambda r: r.mean("pr_auc"), reverse=True)
    best = ranked[0]
    other = ran.get("none") if best.strategy != "none" else ranked[1]
    other = other or ranked[1]
    n = len(best.runs)
    if n == 1:
        return "With one seed there is no spread, so no difference can be called real: use 3 or more seeds."
    diff, error = paired_difference(best, other, "pr_auc")
    if diff < 0.005:
        return (
            f"{best.label} and {_named(other)} tie on PR-AUC ({best.mean('pr_auc'):.2f} vs "
            f"{other.mean('pr_auc'):.2f}): the strategy moved the threshold, not the ranking."
        )
    head = f"{best.label}'s PR-AUC beats {_named(other)}'s by {diff:.2f}"
    if diff > 2 * error:
        return (
            f"{head}, more than twice its standard error over {n} paired seeds (±{error:.2f}): a real gain."
        )
    return (
        f"{head}, within the noise between seeds (standard error ±{error:.2f} over {n} paired seeds): "
        "not a difference to claim."
    )


def _threshold_sentence(ran: Mapping[str, StrategyResult], none: StrategyResult) -> str | None:
    moved = ran.get("threshold")
    if moved is None:
        return None
    same = math.isclose(moved.mean("pr_auc"), none.mean("pr_auc"), abs_tol=1e-9)
    ranking = (
        f"its PR-AUC equals doing nothing's ({none.mean('pr_auc'):.2f})"
        if same
        else f"its PR-AUC is {moved.mean('pr_auc'):.2f} against {none.mean('pr_auc'):.2f}"
    )
    return (
        f"Threshold moving keeps the untouched model, so {ranking}; it only moves the threshold from "
        f"{DEFAULT_THRESHOLD:.2f} to {moved.mean_of(lambda r: r.threshold):.2f} on average, taking F1 from "
        f"{none.mean('f1'):.2f} to {moved.mean('f1'):.2f}."
    )


def _leak_sentence(results: Sequence[StrategyResult], plan: DataPlan) -> str | None:
    correct = _correct(results)
    pairs = [(r, correct[r.strategy]) for r in results if r.leaky and r.ok and r.strategy in correct]
    if not pairs:
        return None
    leaky, honest = max(pairs, key=lambda pair: pair[0].mean("pr_auc") - pair[1].mean("pr_auc"))
    share = leaky.mean_of(lambda r: r.test_counts[1] / sum(r.test_counts))
    verb = "inflates" if leaky.mean("pr_auc") > honest.mean("pr_auc") + 0.005 else "moves"
    return (
        f"The leaky split {verb} {honest.label}'s PR-AUC from {honest.mean('pr_auc'):.2f} to "
        f"{leaky.mean('pr_auc'):.2f} (precision {honest.mean('precision'):.2f} → "
        f"{leaky.mean('precision'):.2f}): its test split is {share:.0%} minority instead of "
        f"{plan.minority_share:.1%}, and resampled copies or "
        "neighbours of training rows sit in it."
    )


def _calibration_sentence(cal: Calibration) -> str:
    name = STRATEGIES[cal.resampler]
    before, after = cal.brier("before")[0], cal.brier("after")[0]
    prior, fitted = cal.brier("prior")[0], cal.brier("calibrated")[0]
    return (
        f"{name}'s probabilities average {cal.mean_probability('after'):.2f} against a true minority rate of "
        f"{cal.minority_rate:.2f} (Brier {after:.3f} vs {before:.3f} doing nothing); the prior correction "
        f"brings Brier to {prior:.3f} and CalibratedClassifierCV to {fitted:.3f}."
    )


def what_to_notice(
    plan: DataPlan,
    results: Sequence[StrategyResult],
    none: StrategyResult,
    positive_label: str,
    cal: Calibration | None = None,
) -> list[str]:
    """Sentences computed from the live numbers; ``none`` is the do-nothing baseline (always run)."""
    if not none.ok:
        return []
    ran = _correct(results)
    sentences = [
        _accuracy_sentence(none, positive_label),
        _trade_sentence(ran, none),
        _ranking_sentence(ran),
        _real_sentence(ran),
        _threshold_sentence(ran, none),
        _leak_sentence(results, plan),
        _calibration_sentence(cal) if cal is not None else None,
    ]
    return [s for s in sentences if s]


def messages(results: Sequence[StrategyResult]) -> list[str]:
    """Automatic adjustments and failures, named by strategy, to show above the table."""
    lines = [f"**{r.label}**: {note}" for r in results for note in r.notes]
    lines += [f"**{r.label}**: {r.error}" for r in results if r.error]
    return lines


# --------------------------------------------------------------------------- interview notes

INTERVIEW = InterviewGuide(
    talking_points=(
        "With 1% positives, predicting 'never fraud' is 99% accurate and useless: accuracy hides the "
        "minority.",
        "Report PR-AUC (average precision) and recall at a precision the business can live with; ROC-AUC "
        "looks flattering when negatives swamp everything because FPR divides by a huge count.",
        "Split first, then resample the training data only (an imblearn Pipeline does it per CV fold); "
        "the test set keeps the real class ratio.",
        "Class weights, resampling and threshold moving often end in the same place for a linear model: "
        "they all shift the decision boundary towards the majority class.",
        "Resampling changes the prior the model learns, so its probabilities are too high; correct them with "
        "p' = p·r / (p·r + 1 − p) or recalibrate on data that was not resampled.",
        "Show a spread over seeds or folds: with 20 test positives, a 0.03 PR-AUC gap is usually noise.",
    ),
    pick_when={
        "Class weights or threshold moving": (
            "A model that outputs scores you trust: keep every row, change the loss or just the cut-off.",
            "Probabilities feed a downstream decision: threshold moving leaves them calibrated.",
        ),
        "Resampling (undersampling, SMOTE and friends)": (
            "Huge majority, costly training: undersampling negatives is cheap and often fine.",
            "A learner without class weights, or trees that need to see enough minority leaves.",
        ),
        "More data or a different framing": (
            "Positives are a handful: label more (active learning, rules, analyst feedback) first.",
            "Positives are vanishingly rare or keep changing form: treat it as anomaly detection.",
        ),
    },
    pitfalls=(
        "Resampling before the train/test split: synthetic neighbours of training rows leak into the test "
        "set.",
        "Judging by accuracy, or by ROC-AUC alone, on a 1:100 problem.",
        "Tuning the threshold on the test set; use a validation split or cross-validation on training data.",
        "Reading resampled-model probabilities as real risks, e.g. for expected-loss calculations.",
        "Declaring a winner from one split when the test set holds a dozen positives.",
        "Oversampling duplicates into a random K-fold split, so the same row sits in train and validation.",
    ),
    follow_ups=(
        "Fraud labels arrive weeks later (chargebacks). How does that delay change training and evaluation?",
        "You can review only 200 transactions a day. Which metric and which threshold do you pick?",
        "The fraud rate doubles next quarter. What happens to precision and to calibrated probabilities?",
        "When would you downsample negatives for training speed, and how do you then correct the scores?",
        "How would you get more positive labels cheaply?",
        "When does an anomaly detector beat a supervised classifier here?",
    ),
)


# --------------------------------------------------------------------------- captions

TABLE_CAPTION = (
    "Mean ± standard deviation over the seeds, on each seed's test split. Highlighted: the best mean in each "
    "column (the lowest Brier score); leaky rows, in grey, never count. Precision, recall and F1 are for the "
    "minority class at each strategy's threshold; ROC-AUC, PR-AUC and Brier score use its probabilities."
)


def data_caption(plan: DataPlan, info: datasets.DatasetInfo, n_samples: int, seeds: Sequence[int]) -> str:
    """What was drawn, and what the ± means."""
    capped = (
        f" (the most the table allows at {ratio_label(plan.ratio)})" if plan.n_rows < 0.9 * n_samples else ""
    )
    test_minority = plan.n_minority - round(plan.n_minority * (1 - TEST_FRACTION))
    runs = f"{len(seeds)} seeds ({seeds[0]}–{seeds[-1]})" if len(seeds) > 1 else f"One seed ({seeds[0]})"
    return (
        f"**{info.name}.** {info.description} {plan.n_rows:,} rows{capped}: {plan.n_minority:,} "
        f"{info.positive_label} and {plan.n_majority:,} {info.negative_label}, exactly "
        f"{ratio_label(plan.ratio)}. {runs}, each a fresh draw and a new stratified 75/25 split, so each "
        "test "
        f"split holds about {test_minority} {info.positive_label}."
    )


def panel_count(results: Sequence[StrategyResult]) -> int:
    """How many decision-boundary panels ``boundaries_figure`` draws."""
    return sum(1 for r in results if r.ok and not r.leaky and r.surface is not None)


def boundaries_caption(view: PlaneData) -> str:
    """How to read the small multiples."""
    shown = view.y_train[shown_points(view.y_train)]

    def described(value: int, label: str) -> str:
        total, drawn = int(np.count_nonzero(view.y_train == value)), int(np.count_nonzero(shown == value))
        return f"all {total:,} {label}" if drawn == total else f"{drawn:,} of the {total:,} {label}"

    head = (
        f"Shading: P({view.positive_label}) from each strategy's model on the first seed; the line is its "
        f"decision threshold. Dots: {described(1, view.positive_label)} and "
        f"{described(0, view.negative_label)} training examples."
    )
    return f"{head} {view.view.caption()}".strip()


def calibration_caption(cal: Calibration) -> str:
    """What the two fixes do, with this run's odds ratio."""
    name = STRATEGIES[cal.resampler]
    r = float(np.mean(cal.odds_ratios))
    shift = f"{1 / r:.0f}×" if r < 1 else f"{r:.2f}×"
    return (
        f"Test splits of every seed, pooled. {name} trains the model on rebalanced data, so it takes the "
        "minority "
        f"to be about {shift} as common as it is (odds ratio r = {r:.3g}). The prior correction "
        "p' = p·r / (p·r + 1 − p) undoes exactly that shift of the prior; CalibratedClassifierCV instead "
        "wraps "
        "the whole resampling pipeline and fits a sigmoid on held-out folds that were never resampled."
    )
