"""The feature-transform trade-off as a topic: its parameters, its one fit (both models on every
transform and seed) and the view the page draws. The transform, the model and the count shown only
read that fit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers import formatting
from explorers.feature_transforms import figures
from explorers.feature_transforms.ctr import CTR_FEATURES, NOISY_IMPRESSIONS, Prior, ctr_feature
from explorers.feature_transforms.data import COUNT_KEYS, COUNTS
from explorers.feature_transforms.sentences import Inputs, notice, ranked
from explorers.feature_transforms.smoothing import Smoothing, smoothing
from explorers.feature_transforms.tables import quality_table, top_table
from explorers.feature_transforms.text import EFFECT_CAPTION, SMOOTHING_CAPTION, TABLE_CAPTION
from explorers.feature_transforms.training import FEATURE_MODELS, Runs, Setting, evaluate, feature_model
from explorers.feature_transforms.transforms import TRANSFORMS, transform
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

SHOWN_BUCKETS = "quantile_bins"  # the bucketing whose effect is drawn while the transform does not bucket
NO_EFFECT = Message(
    "This count has a single distinct value on the training rows, so it has no buckets to draw."
)


@dataclass(frozen=True)
class Params:
    """The page's controls, by key."""

    posts: int
    tail: float
    train_size: int
    seeds: int
    seed: int
    ctr: str
    strength: float  # additive smoothing's prior strength, in impressions
    bins: int
    transform: str
    model: str
    feature: str  # the count the histograms and the bucket effect show


def _strength(params: Params) -> float:
    """The prior strength, only where it changes anything (so moving it elsewhere retrains nothing)."""
    return float(params.strength) if params.ctr == "additive" else 0.0


def fits(params: Params) -> dict[str, Fit]:
    """Both models on every transform over the seeds: one cached unit. Transform, model and the count
    shown only read it."""
    ctr_feature(params.ctr)
    setting = Setting(
        params.posts,
        params.tail,
        params.train_size,
        params.seed,
        params.seeds,
        params.ctr,
        _strength(params),
        params.bins,
    )
    return {"runs": Fit(evaluate, (setting,), label="Both models on every transform", cache="model")}


@dataclass(frozen=True, kw_only=True)
class FeatureTransformsView(View):
    """Everything the page shows, with the fitted runs it was computed from."""

    model: str  # the model the cards and the first table read
    transform: str  # the transform they read
    runs: Runs
    smoothing: Smoothing
    smoother: str  # the name of the smoothed CTR the smoothing panel shows
    quality: Chart
    table: Table
    other_title: str
    other_table: Table
    table_caption: str
    distribution: Chart
    distribution_caption: str
    smoothing_chart: Chart
    smoothing_numbers: tuple[KeyNumber, ...]
    smoothing_caption: str
    top_title: str
    top: Table
    effect_title: str
    effect: Chart | None
    effect_caption: str
    effect_messages: tuple[Message, ...]
    data_caption: str


def _smoothed_prior(params: Params, runs: Runs) -> tuple[Prior, str]:
    """The prior the smoothing panel shows: the models' own, or empirical Bayes while they use raw CTR."""
    if params.ctr == "raw":
        return runs.eb_prior, "empirical-Bayes smoothing (the models use raw CTR)"
    name = "additive smoothing" if params.ctr == "additive" else "empirical-Bayes smoothing"
    return runs.priors[0], name


def _names() -> dict[str, str]:
    return {key: t.short for key, t in TRANSFORMS.items()}


def _ticks() -> dict[str, str]:
    return {key: t.tick for key, t in TRANSFORMS.items()}


def _labels() -> dict[str, str]:
    return {key: t.label for key, t in TRANSFORMS.items()}


def _model_labels() -> dict[str, str]:
    return {key: m.label for key, m in FEATURE_MODELS.items()}


def headline(params: Params, runs: Runs, s: Smoothing) -> tuple[KeyNumber, ...]:
    """The AUC at the picked transform, the gap best − worst, the shrinkage and the fitted prior."""
    scores = runs.scores[params.model]
    model = feature_model(params.model)
    now, raw = scores[params.transform], scores["raw"]
    r = ranked(scores)
    prior = runs.eb_prior
    delta = now.auc - raw.auc
    return (
        KeyNumber(
            f"AUC, {transform(params.transform).tick}",
            f"{now.auc:.3f}",
            None if params.transform == "raw" else f"{delta:+.3f}",
            delta_description=None if params.transform == "raw" else "vs raw",
            help=f"{model.label}: mean test ROC-AUC over the seeds, ± {now.auc_sd:.3f}. The no-skill "
            "baseline (chance) is 0.500.",
        ),
        KeyNumber(
            "AUC gap, best − worst",
            f"{r.gap:.3f}",
            help=f"{model.label}. Best: {TRANSFORMS[r.best].short} ({scores[r.best].auc:.3f}); worst: "
            f"{TRANSFORMS[r.worst].short} ({scores[r.worst].auc:.3f}). Chance baseline 0.500.",
        ),
        KeyNumber(
            f"Shrinkage, ≤ {NOISY_IMPRESSIONS} impressions",
            f"{s.shrinkage:.3f}",
            help=f"Mean |raw CTR − smoothed CTR| over the {formatting.count(s.noisy, 'post')} with at most "
            f"{NOISY_IMPRESSIONS} impressions, first seed.",
        ),
        KeyNumber(
            "Fitted prior α / β",
            f"{prior.alpha:.2f} / {prior.beta:.1f}",
            help="Empirical Bayes: Beta(α, β) fitted to the training posts' clicks (maximum beta-binomial "
            f"likelihood): prior mean {prior.mean:.3f}, worth {prior.strength:.1f} impressions.",
        ),
        KeyNumber(
            f"Log loss, {transform(params.transform).tick}",
            f"{now.log_loss:.4f}",
            help=f"{model.label}; lower is better. The no-skill baseline (predicting the base rate) scores "
            f"{runs.baseline_log_loss.mean():.4f}.",
        ),
    )


def smoothing_numbers(s: Smoothing) -> tuple[KeyNumber, ...]:
    """The error to the true CTR, raw and smoothed, unweighted and weighted by impressions."""
    return (
        KeyNumber("RMSE to true CTR, raw", f"{s.rmse_raw:.3f}"),
        KeyNumber("RMSE to true CTR, smoothed", f"{s.rmse_smoothed:.3f}"),
        KeyNumber("Weighted by impressions, raw", f"{s.weighted_rmse_raw:.3f}"),
        KeyNumber("Weighted by impressions, smoothed", f"{s.weighted_rmse_smoothed:.3f}"),
    )


def _column(params: Params) -> int:
    return COUNT_KEYS.index(params.feature) if params.feature in COUNT_KEYS else 0


def _first_bucket(params: Params, runs: Runs) -> tuple[float, str]:
    """The share of training rows in the first equal-width bucket of the count shown, and its name."""
    column = _column(params)
    return float(np.mean(runs.shown["width_bins"][:, column] == 0)), COUNTS[COUNT_KEYS[column]]


def _distribution(params: Params, runs: Runs) -> tuple[Chart, str]:
    column = _column(params)
    feature = COUNTS[COUNT_KEYS[column]]
    raw = runs.raw_train[:, column]
    shown = runs.shown[params.transform][:, column]
    t = transform(params.transform)
    edges = runs.effects.get((params.model, params.transform, column))
    drawn = None if edges is None else edges.edges
    fig = figures.distribution_figure(raw, shown, feature, t.label, drawn)
    caption = (
        f"{feature} on the {formatting.count(raw.size, 'training row')} of the first seed: from "
        f"{raw.min():,.0f} to {raw.max():,.0f}, median {np.median(raw):,.0f}."
        + (
            ""
            if drawn is None
            else f" Dotted lines: the {drawn.size - 1} bucket edges learned on training data."
        )
        + ("" if not t.buckets else " After bucketing, the value is the bucket's index.")
        + (f" {t.note}" if t.note else "")
    )
    return Chart(fig, 340), caption


def _effect(params: Params, runs: Runs) -> tuple[str, Chart | None]:
    column = _column(params)
    key = params.transform if transform(params.transform).buckets else SHOWN_BUCKETS
    effect = runs.effects.get((params.model, key, column))
    feature = COUNTS[COUNT_KEYS[column]]
    title = (
        f"Learned effect per bucket: {feature}, {TRANSFORMS[key].short}, {feature_model(params.model).short}"
    )
    if effect is None:
        return title, None
    return title, Chart(figures.effect_figure(effect, feature, feature_model(params.model).label), 320)


def view(params: Params, fitted: Fitted) -> FeatureTransformsView:
    """Read the runs at the picked transform, model and count."""
    runs: Runs = fitted["runs"]
    transform(params.transform)
    feature_model(params.model)
    prior, smoother = _smoothed_prior(params, runs)
    posts = runs.sample.posts
    s = smoothing(posts, prior)
    other = next(key for key in FEATURE_MODELS if key != params.model)
    baseline = float(runs.baseline_log_loss.mean())
    distribution, distribution_caption = _distribution(params, runs)
    effect_title, effect = _effect(params, runs)
    stopped = runs.scores["logreg"]["raw"].not_converged
    messages = (
        (
            Message(
                f"Logistic regression on raw counts stopped at its iteration limit in {stopped} of "
                f"{len(runs.seeds)} seeds: unscaled features slow the optimiser down."
            ),
        )
        if stopped
        else ()
    )
    return FeatureTransformsView(
        numbers=headline(params, runs, s),
        notice=notice(
            Inputs(
                runs.scores,
                _model_labels(),
                _names(),
                params.bins,
                _first_bucket(params, runs),
                posts,
                s,
                smoother,
            )
        ),
        messages=messages,
        model=params.model,
        transform=params.transform,
        runs=runs,
        smoothing=s,
        smoother=smoother,
        quality=Chart(
            figures.quality_figure(runs.scores, _ticks(), _model_labels(), params.transform), height=340
        ),
        table=quality_table(runs.scores[params.model], _labels(), params.transform, baseline),
        other_title=f"The same table for {feature_model(other).label.lower()}",
        other_table=quality_table(runs.scores[other], _labels(), params.transform, baseline),
        table_caption=f"{TABLE_CAPTION} Base rate on the test rows: {runs.base_rate.mean():.3f}.",
        distribution=distribution,
        distribution_caption=distribution_caption,
        smoothing_chart=Chart(
            figures.smoothing_figure(posts.true_ctr, s.raw, s.smoothed, posts.impressions, prior.mean), 420
        ),
        smoothing_numbers=smoothing_numbers(s),
        smoothing_caption=SMOOTHING_CAPTION,
        top_title=f"**Top 10 posts by raw and by smoothed CTR** (stressed: at most {NOISY_IMPRESSIONS} "
        "impressions)",
        top=top_table(posts, s),
        effect_title=effect_title,
        effect=effect,
        effect_caption=EFFECT_CAPTION,
        effect_messages=() if effect is not None else (NO_EFFECT,),
        data_caption=_data_caption(params, runs),
    )


def _seeds(seeds: tuple[int, ...]) -> str:
    return f"seed {seeds[0]}" if len(seeds) == 1 else f"seeds {seeds[0]}–{seeds[-1]}"


def _data_caption(params: Params, runs: Runs) -> str:
    posts = runs.sample.posts
    return (
        f"{formatting.count(posts.size, 'post')} per seed, "
        f"{formatting.count(params.train_size, 'training row')}, "
        f"{_seeds(runs.seeds)}. The CTR feature: {CTR_FEATURES[params.ctr].label}."
    )
