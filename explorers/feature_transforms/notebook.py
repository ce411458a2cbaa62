"""The feature-transforms page as a notebook: the synthetic posts and their next impressions, the CTR
feature (raw or smoothed toward a Beta prior), every transform of the counts in a scikit-learn
Pipeline with the page's model, and the smoothing numbers."""

from __future__ import annotations

from explorers.export import Recipe, code, md
from explorers.feature_transforms import data as posts_data
from explorers.feature_transforms.ctr import CTR_FEATURES, MOMENTS_FLOOR, NOISY_IMPRESSIONS, ctr_feature
from explorers.feature_transforms.data import seed_range
from explorers.feature_transforms.topic import Params
from explorers.feature_transforms.training import LOGREG_MAX_ITER, feature_model
from explorers.feature_transforms.transforms import CLIP_PERCENTILE, SPLINE_KNOTS, TRANSFORMS, transform

DATA = """
    def make_posts(seed):
        \"\"\"Posts with heavy-tailed counts and a true click-through rate each.\"\"\"
        rng = np.random.default_rng([seed, 22])
        z_followers = rng.standard_normal(POSTS)
        followers = np.floor(np.exp(LOG_FOLLOWERS_MEAN + TAIL * z_followers)).astype(np.int64)
        age = rng.uniform(1.0, 168.0, POSTS)
        z_age = (np.log(age) - np.log(age).mean()) / np.log(age).std()
        reach = 0.5 * z_followers + 0.5 * z_age + np.sqrt(0.5) * rng.standard_normal(POSTS)
        impressions = 1 + np.floor(np.exp(LOG_IMPRESSIONS_MEAN + TAIL * reach)).astype(np.int64)
        logit = np.log(BASE_CTR / (1 - BASE_CTR)) + FOLLOWER_EFFECT * z_followers - AGE_EFFECT * z_age
        mean = 1.0 / (1.0 + np.exp(-logit))
        true_ctr = rng.beta(CTR_CONCENTRATION * mean, CTR_CONCENTRATION * (1 - mean))
        true_ctr = np.clip(true_ctr, 1e-6, 1 - 1e-6)
        clicks = rng.binomial(impressions, true_ctr)
        return pd.DataFrame({"impressions": impressions, "clicks": clicks, "followers": followers,
                             "age_hours": age, "true_ctr": true_ctr})


    def make_rows(posts, n_rows, seed, stream):
        \"\"\"Labelled next impressions of random posts: engaged with the post's true CTR.\"\"\"
        rng = np.random.default_rng([seed, 22, stream])
        post = rng.integers(0, len(posts), n_rows)
        engaged = (rng.random(n_rows) < posts["true_ctr"].to_numpy()[post]).astype(np.int64)
        return post, engaged


    posts = make_posts(SEEDS[0])
    posts.describe().round(3)
"""

PRIOR = """
    from scipy.optimize import minimize
    from scipy.special import betaln


    def fit_prior(clicks, impressions):
        \"\"\"Empirical Bayes: the Beta(α, β) that maximises the beta-binomial likelihood of the clicks
        (identical (clicks, impressions) pairs counted once, with a weight).\"\"\"
        pairs, weight = np.unique(np.column_stack([clicks, impressions]), axis=0, return_counts=True)
        k, n = pairs[:, 0].astype(float), pairs[:, 1].astype(float)
        rate = clicks / impressions  # the method of moments gives the starting point
        m = float(np.clip(rate.mean(), FLOOR, 1 - FLOOR))
        v = float(rate.var())
        if not v > 0 or v >= m * (1 - m):
            start = (m, 1 - m)
        else:
            s = m * (1 - m) / v - 1
            start = (max(m * s, FLOOR), max((1 - m) * s, FLOOR))

        def negative(log_ab):
            a, b = np.exp(log_ab)
            return -float(weight @ (betaln(k + a, n - k + b) - betaln(a, b)))

        result = minimize(negative, np.log(start), method="L-BFGS-B",
                          bounds=[(np.log(FLOOR), np.log(1e6))] * 2)
        a, b = np.exp(result.x)
        return float(a), float(b)


    def prior_for(ctr, clicks, impressions):
        \"\"\"(α, β) of the CTR feature: none (raw), additive at the pooled CTR, or empirical Bayes.\"\"\"
        if ctr == "raw":
            return 0.0, 0.0
        if ctr == "additive":
            pooled = float(np.sum(clicks) / max(np.sum(impressions), 1))
            return STRENGTH * pooled, STRENGTH * (1 - pooled)
        return fit_prior(clicks, impressions)


    def smooth(prior, clicks, impressions):
        \"\"\"The posterior-mean CTR: (clicks + α) / (impressions + α + β).\"\"\"
        alpha, beta = prior
        return (np.asarray(clicks, float) + alpha) / (np.asarray(impressions, float) + alpha + beta)
"""

PIPELINE = """
    import warnings

    from sklearn.base import BaseEstimator, TransformerMixin
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import (FunctionTransformer, KBinsDiscretizer, MinMaxScaler,
                                       QuantileTransformer, SplineTransformer, StandardScaler)

    warnings.filterwarnings("ignore", category=ConvergenceWarning)  # raw counts slow lbfgs down
    warnings.filterwarnings("ignore", message=".*[Bb]ins whose width are too small.*")


    class PercentileClipper(TransformerMixin, BaseEstimator):
        \"\"\"Clip each column at its percentile on the training rows.\"\"\"

        def __init__(self, percentile=CLIP_PERCENTILE):
            self.percentile = percentile

        def fit(self, X, y=None):
            self.upper_ = np.percentile(np.asarray(X, float), self.percentile, axis=0)
            return self

        def transform(self, X):
            return np.minimum(np.asarray(X, float), self.upper_)


    def buckets(strategy):
        # one weight per bucket for logistic regression; trees split on the bucket's order anyway
        extra = {"quantile_method": "averaged_inverted_cdf"} if strategy == "quantile" else {}
        return KBinsDiscretizer(n_bins=BINS, encode="onehot-dense" if ONE_HOT else "ordinal",
                                strategy=strategy, **extra)


    TRANSFORMS = {
        "raw": lambda: FunctionTransformer(),
        "log1p": lambda: FunctionTransformer(np.log1p),
        "standard": lambda: StandardScaler(),
        "minmax": lambda: MinMaxScaler(),
        "quantile": lambda: QuantileTransformer(n_quantiles=1000, output_distribution="uniform",
                                                subsample=None),
        "clip": lambda: PercentileClipper(CLIP_PERCENTILE),
        "splines": lambda: make_pipeline(FunctionTransformer(np.log1p),
                                         SplineTransformer(n_knots=SPLINE_KNOTS, degree=3,
                                                           knots="quantile")),
        "width_bins": lambda: buckets("uniform"),
        "quantile_bins": lambda: buckets("quantile"),
    }


    def make_model(seed):
        {model}


    def pipeline(transform, seed):
        \"\"\"The transform on the four counts (fitted on the training rows only); CTR passed through.\"\"\"
        columns = ColumnTransformer([("counts", TRANSFORMS[transform](), [0, 1, 2, 3]),
                                     ("ctr", "passthrough", [4])])
        return Pipeline([("features", columns), ("model", make_model(seed))])
"""

LOGREG = "return LogisticRegression(max_iter=LOGREG_MAX_ITER)  # no scaler: the transform is all there is"
GBM = """return HistGradientBoostingClassifier(max_iter=20, learning_rate=0.2, max_depth=3,
                                              min_samples_leaf=40, early_stopping=False, random_state=seed)"""

RUN = """
    aucs = {key: [] for key in TRANSFORMS}
    losses = {key: [] for key in TRANSFORMS}
    for seed in SEEDS:
        posts = make_posts(seed)
        train_post, y_train = make_rows(posts, TRAIN_SIZE, seed, stream=1)
        test_post, y_test = make_rows(posts, TEST_ROWS, seed, stream=2)
        seen = np.unique(train_post)  # the prior is fitted on the posts the training rows show
        clicks, impressions = posts["clicks"].to_numpy(), posts["impressions"].to_numpy()
        prior = prior_for(CTR, clicks[seen], impressions[seen])
        if seed == SEEDS[0]:
            first_posts, first_prior = posts, prior
            eb_prior = prior if CTR == "eb" else fit_prior(clicks[seen], impressions[seen])

        def design(rows):
            counts = posts[["impressions", "clicks", "followers", "age_hours"]].to_numpy(float)[rows]
            return np.column_stack([counts, smooth(prior, clicks[rows], impressions[rows])])

        X_train, X_test = design(train_post), design(test_post)
        for key in TRANSFORMS:
            p = pipeline(key, seed).fit(X_train, y_train).predict_proba(X_test)[:, 1]
            aucs[key].append(roc_auc_score(y_test, p))
            losses[key].append(log_loss(y_test, np.clip(p, np.finfo(float).eps, 1 - np.finfo(float).eps)))

    table = pd.DataFrame({"AUC": {k: np.mean(v) for k, v in aucs.items()},
                          "AUC sd": {k: np.std(v, ddof=1) if len(v) > 1 else 0.0 for k, v in aucs.items()},
                          "log loss": {k: np.mean(v) for k, v in losses.items()}})
    table.round(4)
"""

CHART = """
    import plotly.graph_objects as go

    colours = ["crimson" if key == TRANSFORM else "steelblue" for key in table.index]
    figure = go.Figure(go.Bar(x=table.index, y=table["AUC"], error_y=dict(array=table["AUC sd"]),
                              marker_color=colours))
    figure.add_hline(y=0.5, line_dash="dash", annotation_text="chance")
    figure.update_layout(title=f"Test ROC-AUC per transform ({MODEL_LABEL})", yaxis_title="ROC AUC",
                         yaxis_range=[0.45, max(0.75, table["AUC"].max() + 0.02)], height=360)
    figure.show()
"""

SMOOTHING = """
    # The smoothing panel: the models' own prior, or empirical Bayes while they use raw CTR.
    shown_prior = eb_prior if CTR == "raw" else first_prior
    clicks, impressions = first_posts["clicks"].to_numpy(), first_posts["impressions"].to_numpy()
    truth = first_posts["true_ctr"].to_numpy()
    raw_ctr, smoothed = clicks / impressions, smooth(shown_prior, clicks, impressions)
    noisy = impressions <= NOISY_IMPRESSIONS


    def rmse(estimate, weight=None):
        return float(np.sqrt(np.average((estimate - truth) ** 2, weights=weight)))


    shrinkage = float(np.abs(raw_ctr - smoothed)[noisy].mean()) if noisy.any() else 0.0
    print(f"{noisy.sum()} posts with at most {NOISY_IMPRESSIONS} impressions; mean shrinkage {shrinkage:.3f}")
    print(f"Empirical-Bayes prior: alpha {eb_prior[0]:.2f}, beta {eb_prior[1]:.1f}")
"""


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    model = feature_model(params.model)
    chosen = transform(params.transform)
    ctr = ctr_feature(params.ctr)
    seeds = seed_range(params.seed, params.seeds)
    strength = float(params.strength) if params.ctr == "additive" else 0.0
    constants = "\n".join(
        f"{name} = {getattr(posts_data, name)!r}"
        for name in (
            "TEST_ROWS",
            "BASE_CTR",
            "FOLLOWER_EFFECT",
            "AGE_EFFECT",
            "CTR_CONCENTRATION",
            "LOG_FOLLOWERS_MEAN",
            "LOG_IMPRESSIONS_MEAN",
        )
    )
    lines = [
        "import numpy as np",
        "import pandas as pd",
        "",
        f"POSTS = {params.posts}",
        f"TAIL = {float(params.tail)!r}  # sd of log followers and log impressions",
        f"TRAIN_SIZE = {params.train_size}",
        f"SEEDS = {list(seeds)}  # one run per seed; the tables show the mean",
        f"CTR = {params.ctr!r}  # {ctr.label}",
        f"STRENGTH = {strength!r}  # additive smoothing's pseudo-impressions",
        f"BINS = {params.bins}",
        f"TRANSFORM = {params.transform!r}  # {chosen.label}",
        f"MODEL = {params.model!r}",
        f"MODEL_LABEL = {model.label!r}",
        f"ONE_HOT = {model.one_hot}  # buckets reach the model one-hot",
        f"LOGREG_MAX_ITER = {LOGREG_MAX_ITER}",
        f"CLIP_PERCENTILE = {CLIP_PERCENTILE}",
        f"SPLINE_KNOTS = {SPLINE_KNOTS}",
        f"NOISY_IMPRESSIONS = {NOISY_IMPRESSIONS}",
        f"FLOOR = {MOMENTS_FLOOR}",
        "",
        "# How the posts are made",
        constants,
    ]
    settings = "\n".join(lines)
    tick = chosen.tick
    headline = f"""
        ranked = table["AUC"]
        a = table.loc[TRANSFORM]
        HEADLINE = {{
            "AUC, {tick}": round(a["AUC"], 3),
            "AUC gap, best − worst": round(ranked.max() - ranked.min(), 3),
            "Shrinkage, ≤ {NOISY_IMPRESSIONS} impressions": round(shrinkage, 3),
            "Fitted prior α / β": round(eb_prior[0], 2),
            "Log loss, {tick}": round(a["log loss"], 4),
            "RMSE to true CTR, raw": round(rmse(raw_ctr), 3),
            "RMSE to true CTR, smoothed": round(rmse(smoothed), 3),
            "Weighted by impressions, raw": round(rmse(raw_ctr, impressions), 3),
            "Weighted by impressions, smoothed": round(rmse(smoothed, impressions), 3),
        }}
    """
    transforms = ", ".join(t.label for t in TRANSFORMS.values())
    cells = [
        md(
            "## Settings\n\nThe page's controls and the constants of the simulated posts. "
            f"Model: **{model.label}**; CTR feature: **{ctr.label}**; transform read: **{chosen.label}**."
        ),
        code(settings),
        md(
            "## The posts and their next impressions\n\nEach post has heavy-tailed author followers and "
            "impressions, an age, and a true click-through rate (higher for bigger authors, lower for older "
            "posts). A labelled row is one next impression of a random post: engaged with the post's "
            "true CTR. The summary below is the first seed's table."
        ),
        code(DATA),
        md(
            "## The CTR feature\n\nRaw clicks / impressions is noisy for posts with few impressions. "
            "Smoothing adds a Beta prior: additive smoothing puts `STRENGTH` pseudo-impressions at the "
            "pooled CTR; empirical Bayes fits α and β to the training posts' clicks."
            + (f" This page uses: {CTR_FEATURES[params.ctr].label}.")
        ),
        code(PRIOR),
        md(
            f"## Transforms and the model\n\nEvery transform of the four counts ({transforms}) goes in a "
            f"`Pipeline` with {model.label.lower()}, so it is fitted on the training rows only."
        ),
        code(PIPELINE.replace("{model}", LOGREG if params.model == "logreg" else GBM)),
        md(
            f"## Train and score\n\nFor each seed: draw the posts, {params.train_size:,} training rows and "
            f"{posts_data.TEST_ROWS:,} test rows, fit the CTR prior, then every transform; ROC-AUC and "
            "log loss on the test rows, averaged over the seeds."
        ),
        code(RUN),
        md("## Model quality per transform\n\nThe page's main chart: test AUC per transform."),
        code(CHART),
        md(
            "## Smoothing the click-through rate\n\nOn the first seed's posts: how far smoothing moves the "
            "noisiest posts' CTR, and whether it moves it toward the truth."
        ),
        code(SMOOTHING),
        md("## The numbers\n\nThe page's key numbers, rounded as it shows them."),
        code(headline),
    ]
    return Recipe(f"Feature transforms: {chosen.label}, {model.label.lower()}", tuple(cells))
