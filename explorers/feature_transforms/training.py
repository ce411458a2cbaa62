"""Both models on every transform and seed: the page's one cached unit of training.

Per seed: draw the table and its rows, fit the CTR prior on the training rows' posts, then for each
(model, transform) fit ``Pipeline([ColumnTransformer(transform the counts, pass the CTR), model])`` on
the training rows and score it on the test rows (ROC-AUC and log loss, scikit-learn's formulas). The
first seed also keeps what the page draws: the transformed training columns, the bucket edges and each
model's learned effect per bucket (partial dependence, brute force on a subset of test rows).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import rankdata
from sklearn import config_context
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from datasets.errors import UserFacingError
from explorers.common import entry, one_thread
from explorers.feature_transforms.ctr import Prior, prior_for
from explorers.feature_transforms.data import COUNT_KEYS, Sample, make_sample, seed_range
from explorers.feature_transforms.transforms import TRANSFORMS, bin_edges, make_transform

LOGREG_MAX_ITER = 100
EFFECT_ROWS = 300
N_COUNTS = len(COUNT_KEYS)  # test rows the effect per bucket is averaged over


@dataclass(frozen=True)
class FeatureModel:
    """One model: its label, whether buckets reach it one-hot, and how to build it for a seed."""

    label: str
    short: str
    one_hot: bool
    make: Callable[[int], object]


def _logistic(_seed: int) -> object:
    # No scaler: the transform under test is the only thing between the counts and the model.
    return LogisticRegression(max_iter=LOGREG_MAX_ITER)


def _trees(seed: int) -> object:
    # Shallow and slow-learning: on a few hundred positives deeper trees overfit the noise.
    return HistGradientBoostingClassifier(
        max_iter=20,
        learning_rate=0.2,
        max_depth=3,
        min_samples_leaf=40,
        early_stopping=False,
        random_state=seed,
    )


FEATURE_MODELS: dict[str, FeatureModel] = {
    "logreg": FeatureModel("Logistic regression", "logistic regression", True, _logistic),
    "gbm": FeatureModel("Gradient-boosted trees", "trees", False, _trees),
}
MODEL_OPTIONS: dict[str, str] = {key: m.label for key, m in FEATURE_MODELS.items()}


def feature_model(key: str) -> FeatureModel:
    return entry(FEATURE_MODELS, key, "model")


class FeaturePipeline:
    """``transform`` on the four count columns, the CTR column passed through, then the model: what
    ``Pipeline([ColumnTransformer(...), model])`` computes, without its per-call overhead (the tests
    check the two agree). ``fit`` fits the transform on the training rows only."""

    def __init__(self, model: str, transform: str, bins: int, seed: int) -> None:
        spec = feature_model(model)
        self.counts = make_transform(transform, bins, one_hot=spec.one_hot)
        self.model = spec.make(seed)

    def features(self, X: np.ndarray) -> np.ndarray:  # noqa: N803 (scikit-learn's name)
        return np.column_stack([self.counts.transform(X[:, :N_COUNTS]), X[:, N_COUNTS:]])

    def fit(self, X: np.ndarray, y: np.ndarray) -> FeaturePipeline:  # noqa: N803
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", UserWarning)  # KBinsDiscretizer dropping empty buckets
            self.counts.fit(X[:, :N_COUNTS])
            self.model.fit(self.features(X), y)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        return self.model.predict_proba(self.features(X))

    def decision_function(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        return self.model.decision_function(self.features(X))

    def as_sklearn_pipeline(self) -> Pipeline:
        """The same steps, unfitted, as scikit-learn's Pipeline (the tests' reference)."""
        columns = ColumnTransformer(
            [("counts", clone(self.counts), list(range(N_COUNTS))), ("ctr", "passthrough", [N_COUNTS])]
        )
        return Pipeline([("features", columns), ("model", clone(self.model))])


def design(sample: Sample, prior: Prior, rows: str) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) of the ``rows`` ("train" or "test"): the raw counts, then the CTR feature."""
    picked = getattr(sample, rows)
    posts = sample.posts
    ctr = prior.smooth(posts.clicks[picked.post], posts.impressions[picked.post])
    return np.column_stack([posts.counts(picked.post), ctr]), picked.engaged


def train_prior(sample: Sample, ctr: str, strength: float) -> Prior:
    """The CTR prior, fitted on the posts the training rows show (each post once)."""
    seen = np.unique(sample.train.post)
    return prior_for(ctr, sample.posts.clicks[seen], sample.posts.impressions[seen], strength)


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """ROC-AUC as the Mann-Whitney statistic (ties count half): ``roc_auc_score``'s value, without its
    input checks; 0.5 when the rows hold one class only."""
    positives = int(y.sum())
    negatives = y.size - positives
    if positives == 0 or negatives == 0:
        return 0.5
    ranks = rankdata(score)
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Mean binary cross-entropy, probabilities clipped at machine epsilon as ``sklearn.metrics.log_loss``."""
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


@dataclass(frozen=True)
class Effect:
    """A model's learned effect per bucket of one count: bucket edges, the raw value at each bucket's
    centre and the mean log-odds with every row's count set to it."""

    edges: np.ndarray
    centres: np.ndarray
    log_odds: np.ndarray


def bucket_effect(pipe: FeaturePipeline, rows: np.ndarray, column: int, edges: np.ndarray) -> Effect:
    """Partial dependence of ``pipe``'s log-odds on ``column`` at each bucket's centre (brute force)."""
    centres = (edges[:-1] + edges[1:]) / 2
    grid = np.repeat(rows[None, :, :], centres.size, axis=0)
    grid[:, :, column] = centres[:, None]
    scores = pipe.decision_function(grid.reshape(-1, rows.shape[1])).reshape(centres.size, rows.shape[0])
    return Effect(edges, centres, scores.mean(axis=1))


@dataclass(frozen=True)
class Score:
    """One (model, transform) on every seed: test ROC-AUC and log loss per seed."""

    aucs: np.ndarray
    log_losses: np.ndarray
    not_converged: int = 0  # logistic regressions that stopped at the iteration limit

    @property
    def auc(self) -> float:
        return float(self.aucs.mean())

    @property
    def auc_sd(self) -> float:
        return float(self.aucs.std(ddof=1)) if self.aucs.size > 1 else 0.0

    @property
    def log_loss(self) -> float:
        return float(self.log_losses.mean())

    @property
    def log_loss_sd(self) -> float:
        return float(self.log_losses.std(ddof=1)) if self.log_losses.size > 1 else 0.0


@dataclass(frozen=True)
class Runs:
    """Everything trained for one setting."""

    seeds: tuple[int, ...]
    scores: dict[str, dict[str, Score]]  # model -> transform -> score
    baseline_log_loss: np.ndarray  # per seed: predicting the training base rate for everyone
    base_rate: np.ndarray  # per seed: the test rows' engagement rate
    priors: tuple[Prior, ...]  # per seed
    eb_prior: Prior  # the first seed's empirical-Bayes prior, whichever CTR feature the models use
    sample: Sample  # the first seed's table and rows
    raw_train: np.ndarray  # the first seed's training counts (n, 4)
    shown: dict[str, np.ndarray] = field(default_factory=dict)  # transform -> its (n, 4) ordinal output
    effects: dict[tuple[str, str, int], Effect] = field(default_factory=dict)  # (model, transform, column)


def _stopped_early(pipe: FeaturePipeline) -> bool:
    n_iter = getattr(pipe.model, "n_iter_", None)
    return n_iter is not None and int(np.max(n_iter)) >= LOGREG_MAX_ITER


def _keep_first_seed(runs: dict, pipe: FeaturePipeline, model: str, key: str, X_test: np.ndarray) -> None:  # noqa: N803
    """The transformed training columns (from the ordinal, tree-side pipeline) and the bucket effects."""
    counts = pipe.counts
    if not feature_model(model).one_hot:
        shown = np.asarray(counts.transform(runs["raw_train"]), float)
        if shown.shape[1] != N_COUNTS:  # a basis expansion (splines): show what it expands
            shown = np.asarray(counts[0].transform(runs["raw_train"]), float)
        runs["shown"][key] = shown
    if TRANSFORMS[key].buckets:
        for column in range(len(COUNT_KEYS)):
            edges = bin_edges(counts, column)
            if edges is not None and edges.size > 1:
                runs["effects"][model, key, column] = bucket_effect(pipe, X_test[:EFFECT_ROWS], column, edges)


@dataclass(frozen=True)
class Setting:
    """What one training run depends on: the table, the rows, the seeds, the CTR feature and the buckets."""

    posts: int
    tail: float
    train_size: int
    first_seed: int
    seeds: int
    ctr: str
    strength: float  # additive smoothing's pseudo-impressions (0 for the other CTR features)
    bins: int


def evaluate(setting: Setting) -> Runs:
    """Both models on every transform, over ``setting.seeds`` seeds from ``setting.first_seed``."""
    n_posts, tail, n_train = setting.posts, setting.tail, setting.train_size
    ctr, strength, bins = setting.ctr, setting.strength, setting.bins
    seeds = seed_range(setting.first_seed, setting.seeds)
    aucs = {m: {t: [] for t in TRANSFORMS} for m in FEATURE_MODELS}
    losses = {m: {t: [] for t in TRANSFORMS} for m in FEATURE_MODELS}
    stopped = {m: dict.fromkeys(TRANSFORMS, 0) for m in FEATURE_MODELS}
    baseline, base_rate, priors = [], [], []
    kept: dict = {"shown": {}, "effects": {}}
    with one_thread(), config_context(assume_finite=True, skip_parameter_validation=True):
        for i, seed in enumerate(seeds):
            sample = make_sample(n_posts, tail, n_train, seed)
            prior = train_prior(sample, ctr, strength)
            X_train, y_train = design(sample, prior, "train")  # noqa: N806
            X_test, y_test = design(sample, prior, "test")  # noqa: N806
            if y_train.min() == y_train.max():
                raise UserFacingError(
                    f"The {y_train.size:,} training rows of seed {seed} hold one outcome, so no model "
                    "can learn from them: pick more training rows."
                )
            if i == 0:
                eb = prior if ctr == "eb" else train_prior(sample, "eb", strength)
                kept.update(sample=sample, raw_train=X_train[:, :N_COUNTS], eb_prior=eb)
            rate = float(np.clip(y_train.mean(), 1e-6, 1 - 1e-6))
            baseline.append(log_loss(y_test, np.full(y_test.size, rate)))
            base_rate.append(float(y_test.mean()))
            priors.append(prior)
            for model in FEATURE_MODELS:
                for key in TRANSFORMS:
                    pipe = FeaturePipeline(model, key, bins, seed).fit(X_train, y_train)
                    p = pipe.predict_proba(X_test)[:, 1]
                    aucs[model][key].append(roc_auc(y_test, p))
                    losses[model][key].append(log_loss(y_test, p))
                    stopped[model][key] += _stopped_early(pipe)
                    if i == 0:
                        _keep_first_seed(kept, pipe, model, key, X_test)
    scores = {
        m: {t: Score(np.array(aucs[m][t]), np.array(losses[m][t]), stopped[m][t]) for t in TRANSFORMS}
        for m in FEATURE_MODELS
    }
    return Runs(
        seeds=seeds,
        scores=scores,
        baseline_log_loss=np.array(baseline),
        base_rate=np.array(base_rate),
        priors=tuple(priors),
        eb_prior=kept["eb_prior"],
        sample=kept["sample"],
        raw_train=kept["raw_train"],
        shown=kept["shown"],
        effects=kept["effects"],
    )
