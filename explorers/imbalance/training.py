"""Training and evaluation: each strategy on every seed, the unit the page caches.

For each seed the data is drawn at exactly the requested ratio and split first; every resampler then
runs inside the pipeline on the training split only. The "leaky" variant resamples the whole dataset
before the split, the common mistake, to show what it inflates. Threshold moving keeps the untouched
model and picks the F1-optimal threshold on out-of-fold predictions of the training data, never on
the test split.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from imblearn.pipeline import Pipeline
from sklearn.model_selection import cross_val_predict
from sklearn.preprocessing import StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers.common import one_thread
from explorers.imbalance.calibration import prior_correct, resampling_odds_ratio
from explorers.imbalance.data import (
    Counts,
    DataPlan,
    load_imbalanced,
    plan_data,
    plane_of,
    split_data,
)
from explorers.imbalance.strategies import (
    DEFAULT_THRESHOLD,
    STRATEGIES,
    StrategyFailedError,
    failure_reason,
    folds,
    make_estimator,
    neighbours,
    probabilities,
    strategy,
    strategy_label,
)
from explorers.metrics import brier, confusion_at, curves, rates_from_confusion

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


# --------------------------------------------------------------------------- metrics of one run


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
    m = rates_from_confusion(c, threshold)
    ranking = curves(y_true, scores)
    return Metrics(
        accuracy=m.accuracy,
        balanced_accuracy=(m.recall + 1.0 - m.fpr) / 2,
        precision=m.precision,
        recall=m.recall,
        f1=m.f1,
        roc_auc=ranking.roc_auc,
        pr_auc=ranking.average_precision,
        brier=brier(y_true, scores),
        tp=c.tp,
        fp=c.fp,
        fn=c.fn,
        tn=c.tn,
    )


def f1_optimal_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The score threshold (flag when score >= it) with the highest F1; the highest such on ties."""
    c = curves(y_true, scores)
    f1 = np.zeros_like(c.precision)
    both = c.precision + c.recall
    np.divide(2 * c.precision * c.recall, both, out=f1, where=both > 0)
    return float(c.thresholds[int(np.argmax(f1))])


def cv_threshold(estimator: Pipeline, features: np.ndarray, y: np.ndarray, seed: int) -> float:
    """F1-optimal threshold on out-of-fold predictions of the training data (the test split is unseen)."""
    oof = cross_val_predict(estimator, features, y, cv=folds(seed), method="predict_proba")[:, 1]
    return f1_optimal_threshold(y, oof)


# --------------------------------------------------------------------------- results


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
    odds_ratio: float  # training odds of the minority / odds it was fitted on (1: nothing resampled)
    prior_brier: float  # Brier score of the scores once the prior correction undoes ``odds_ratio``
    neighbours: int | None = None


def seed_run(
    seed: int,
    parts: datasets.Split,
    scores: np.ndarray,
    *,
    threshold: float,
    fitted_counts: Counts,
    neighbours_used: int | None,
) -> SeedRun:
    """A run's record from its test scores: metrics, class counts and the prior-corrected Brier score."""
    train_counts = datasets.label_counts(parts.y_train)
    metrics = evaluate(parts.y_test, scores, threshold)
    odds_ratio = resampling_odds_ratio(train_counts, fitted_counts)
    corrected = metrics.brier if odds_ratio == 1 else brier(parts.y_test, prior_correct(scores, odds_ratio))
    return SeedRun(
        seed=seed,
        y_test=parts.y_test,
        scores=scores,
        threshold=threshold,
        metrics=metrics,
        train_counts=train_counts,
        fitted_counts=fitted_counts,
        test_counts=datasets.label_counts(parts.y_test),
        odds_ratio=odds_ratio,
        prior_brier=corrected,
        neighbours=neighbours_used,
    )


@dataclass(frozen=True, eq=False)
class StrategyResult:
    """A strategy over every seed; ``error`` says why it could not run (then ``runs`` is empty)."""

    strategy: str
    leaky: bool
    runs: tuple[SeedRun, ...] = ()
    surface: np.ndarray | None = None  # P(minority) on the first seed's plane grid
    pooled: PooledPR | None = None  # every seed's test split pooled: the PR curve and operating point
    notes: tuple[str, ...] = ()
    error: str | None = None
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


# --------------------------------------------------------------------------- one seed


def _fit(estimator: Pipeline, parts: datasets.Split, threshold_by_cv: bool, seed: int) -> float:
    """Fit on the training split; return the threshold: 0.5, or chosen by CV on the training split."""
    with one_thread():
        threshold = (
            cv_threshold(estimator, parts.X_train, parts.y_train, seed)
            if threshold_by_cv
            else DEFAULT_THRESHOLD
        )
        estimator.fit(parts.X_train, parts.y_train)
    return threshold


def _fitted_counts(estimator: Pipeline, parts: datasets.Split) -> Counts:
    """Class counts the model step saw: the resampling steps re-run on the training split (same seed,
    so the same rows); the training counts when nothing resamples."""
    if "resample" not in estimator.named_steps:
        return datasets.label_counts(parts.y_train)
    front = Pipeline(estimator.steps[:-1])
    with one_thread():
        _, y_fitted = front.fit_resample(parts.X_train, parts.y_train)
    return datasets.label_counts(y_fitted)


def run_seed(
    plan: DataPlan, model: str, key: str, k: int, seed: int, *, with_surface: bool = False
) -> tuple[SeedRun, np.ndarray | None]:
    """The correct way: split first, then resample inside the pipeline, on the training split only."""
    data = load_imbalanced(plan, seed)
    parts = split_data(data, seed)
    used = neighbours(key, k, datasets.label_counts(parts.y_train)[1])
    estimator = make_estimator(model, key, seed, used or 1)
    threshold = _fit(estimator, parts, strategy(key).tunes_threshold, seed)
    surface = None
    if with_surface:
        surface = probabilities(estimator, plane_of(data, parts)[1].feature_points)
    scores = probabilities(estimator, parts.X_test)
    fitted = _fitted_counts(estimator, parts)
    return seed_run(
        seed, parts, scores, threshold=threshold, fitted_counts=fitted, neighbours_used=used
    ), surface


def run_seed_leaky(plan: DataPlan, model: str, key: str, k: int, seed: int) -> SeedRun:
    """The mistake: resample the whole dataset, then split, so resampled rows reach the test split."""
    sampler = strategy(key).sampler
    if sampler is None:
        raise UserFacingError(
            f"{STRATEGIES[key].label} does not resample the data, so it has no leaky variant."
        )
    data = load_imbalanced(plan, seed)
    used = neighbours(key, k, data.n_positive)
    resampler = Pipeline([("scale", StandardScaler()), ("resample", sampler(seed, used or 1))])
    with one_thread():
        features, labels = resampler.fit_resample(data.X, data.y)
    resampled = datasets.Dataset(info=data.info, X=features, y=labels, feature_names=data.feature_names)
    parts = split_data(resampled, seed)
    estimator = make_estimator(model, "none", seed)
    threshold = _fit(estimator, parts, False, seed)
    scores = probabilities(estimator, parts.X_test)
    fitted = datasets.label_counts(parts.y_train)  # the model is fitted on the split as drawn
    return seed_run(seed, parts, scores, threshold=threshold, fitted_counts=fitted, neighbours_used=used)


# --------------------------------------------------------------------------- every seed


PR_VERTICES = 400  # vertices of a pooled PR curve kept for drawing (every one for smaller test sets)


@dataclass(frozen=True, eq=False)
class PooledPR:
    """Every seed's test split pooled into one set of scores: the precision-recall curve over them (its
    vertices, thinned for drawing, always keeping the operating point's) and the operating point from
    the confusion counts summed over the seeds, each at its own threshold. Point and curve come from the
    same scores; with one threshold for every seed the point is a vertex of the curve."""

    recall: np.ndarray
    precision: np.ndarray
    tp: int  # minority examples flagged, summed over the seeds' test splits
    fp: int
    positives: int  # minority examples in the seeds' test splits

    @property
    def point_recall(self) -> float:
        """Recall of the summed counts."""
        return self.tp / self.positives

    @property
    def point_precision(self) -> float:
        """Precision of the summed counts (0 when nothing is flagged, as the table's)."""
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 0.0


def pooled_pr(runs: Sequence[SeedRun]) -> PooledPR:
    """The PR curve of every run's test scores pooled, and the operating point from their summed counts."""
    y = np.concatenate([run.y_test for run in runs])
    c = curves(y, np.concatenate([run.scores for run in runs]))
    tp = sum(run.metrics.tp for run in runs)
    fp = sum(run.metrics.fp for run in runs)
    keep = np.round(np.linspace(0, c.recall.size - 1, min(PR_VERTICES, c.recall.size))).astype(int)
    if len({run.threshold for run in runs}) == 1:  # the operating point is a vertex: keep it
        keep = np.union1d(keep, [int(np.count_nonzero(c.thresholds[1:] >= runs[0].threshold))])
    return PooledPR(c.recall[keep], c.precision[keep], int(tp), int(fp), int(y.sum()))


def _neighbour_note(key: str, k: int, runs: Sequence[SeedRun]) -> tuple[str, ...]:
    """A note when k_neighbors had to be lowered for some seed."""
    used = [run.neighbours for run in runs if run.neighbours is not None]
    if not STRATEGIES[key].uses_k or not used or min(used) >= k:
        return ()
    fewest = min(run.train_counts[1] for run in runs)
    return (f"k lowered from {k} to {min(used)}: only {fewest} minority examples to train on.",)


def evaluate_strategy(
    dataset: datasets.Source,
    ratio: int,
    n_samples: int,
    model: str,
    key: str,
    *,
    k: int,
    leaky: bool,
    seeds: tuple[int, ...],
) -> StrategyResult:
    """One strategy on every seed (the unit the page caches). A failure becomes the row's reason."""
    plan = plan_data(dataset, ratio, n_samples)
    runs: list[SeedRun] = []
    surface = None
    for index, seed in enumerate(seeds):
        try:
            if leaky:
                runs.append(run_seed_leaky(plan, model, key, k, seed))
            else:
                run, grid_scores = run_seed(plan, model, key, k, seed, with_surface=index == 0)
                runs.append(run)
                surface = grid_scores if index == 0 else surface
        except (StrategyFailedError, ValueError, RuntimeError) as problem:
            if isinstance(problem, UserFacingError):
                raise
            return StrategyResult(key, leaky, error=failure_reason(seed, problem))
    return StrategyResult(
        key,
        leaky,
        runs=tuple(runs),
        surface=surface,
        pooled=pooled_pr(runs),
        notes=_neighbour_note(key, k, runs),
    )
