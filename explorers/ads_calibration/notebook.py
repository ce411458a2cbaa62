"""The notebook that reproduces the ads calibration page's view: impressions from a known click model,
negative downsampling, the model and its calibrations (scikit-learn), the probability metrics, the
second-price auction, and the page's key numbers."""

from __future__ import annotations

import json

from explorers.ads_calibration.topic import Params
from explorers.export import Recipe, code, md

DATA = code(
    """
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go
    from scipy.optimize import brentq
    from scipy.special import expit

    NUMERIC_WEIGHTS = np.array([0.7, 0.5, 0.6, 0.1])  # engagement, recent clicks, ad quality, hour noise
    CORRELATION = 0.8  # between engagement and recent clicks
    CATEGORIES = {  # each level's effect on the log-odds of a click
        "placement": np.array([0.4, -0.6, 0.2]),
        "device": np.array([0.2, -0.2]),
        "ad category": np.array([-0.5, -0.2, 0.0, 0.3, 0.6]),
    }
    N_FEATURES = 4 + sum(effects.size for effects in CATEGORIES.values())
    POOL, CALIBRATION_STREAM, TEST, DOWNSAMPLE, AUCTION = range(5)  # one random stream per part


    def features(rng, n):
        \"\"\"One-hot features of n impressions, and their true log-odds without the intercept.\"\"\"
        z = rng.standard_normal((n, 4))
        z[:, 1] = CORRELATION * z[:, 0] + np.sqrt(1 - CORRELATION**2) * z[:, 1]
        logit = z @ NUMERIC_WEIGHTS
        X = np.zeros((n, N_FEATURES))
        X[:, :4] = z
        rows, column = np.arange(n), 4
        for effects in CATEGORIES.values():
            level = rng.integers(0, effects.size, n)
            logit += effects[level]
            X[rows, column + level] = 1.0
            column += effects.size
        return X, logit


    # The intercept that makes the mean true click probability the base CTR (on a fixed large draw).
    reference = features(np.random.default_rng(20231130), 200_000)[1]
    intercept = brentq(lambda b: expit(b + reference).mean() - CTR, -30.0, 10.0, xtol=1e-10)


    def impressions(n, stream):
        \"\"\"n impressions: features, true click probability, and clicks drawn from it.\"\"\"
        rng = np.random.default_rng([SEED, stream])
        X, logit = features(rng, n)
        p = expit(intercept + logit)
        y = (rng.random(n) < p).astype(np.int64)
        return X, p, y


    pool_size = int(min(max(round(400 / CTR), 40_000), 200_000))  # enough for ~400 clicks
    X_pool, p_pool, y_pool = impressions(pool_size, POOL)
    X_cal, p_cal, y_cal = impressions(CALIBRATION_SIZE, CALIBRATION_STREAM)
    X_test, p_test, y_test = impressions(50_000, TEST)
    print(f"Pool {pool_size:,} impressions, {y_pool.sum()} clicks; test click rate {y_test.mean():.3%}")
    """
)

TRAIN = code(
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.frozen import FrozenEstimator
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    # Negative downsampling: keep every click and a share W of the non-clicks.
    keep = (y_pool == 1) | (np.random.default_rng([SEED, DOWNSAMPLE]).random(y_pool.size) < W)
    X_train, y_train = X_pool[keep], y_pool[keep]
    print(f"Training log: {y_train.size:,} rows, {y_train.mean():.1%} clicks")


    def make_model(name):
        if name == "logreg":
            return Pipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=1000))])
        if name == "gbm":  # small boosting: quick, and close to a full-size one on this data
            return HistGradientBoostingClassifier(
                max_iter=25,
                learning_rate=0.25,
                max_leaf_nodes=8,
                max_bins=32,
                early_stopping=False,
                random_state=SEED,
            )
        return GaussianNB()


    model = make_model(MODEL).fit(X_train, y_train)
    raw = model.predict_proba(X_test)[:, 1]  # the model's own P(click), learned on the downsampled log
    """
)

CALIBRATE = code(
    """
    predictions = {
        "none": raw,
        "correction": raw / (raw + (1 - raw) / W),  # undo downsampling: q = p / (p + (1 - p) / w)
    }
    # Platt and isotonic need a few clicks in the (not downsampled) calibration set.
    if 2 <= y_cal.sum() <= y_cal.size - 2:
        for name, method in (("platt", "sigmoid"), ("isotonic", "isotonic")):
            # The frozen model is not refitted: its out-of-fold scores are its scores, so 2 folds suffice.
            calibrated = CalibratedClassifierCV(FrozenEstimator(model), method=method, cv=2).fit(X_cal, y_cal)
            predictions[name] = calibrated.predict_proba(X_test)[:, 1]
    shown = CALIBRATION if CALIBRATION in predictions else "correction"
    """
)

SCORE = code(
    """
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

    ECE_BINS = 10  # equal-count bins: with clicks this rare, equal-width bins would all be empty


    def reliability(y, p):
        \"\"\"Equal-count bins' mean predicted, share clicked and size (as sklearn's calibration_curve).\"\"\"
        edges = np.percentile(p, np.linspace(0, 100, ECE_BINS + 1))
        ids = np.searchsorted(edges[1:-1], p)
        size = np.bincount(ids, minlength=ECE_BINS)
        kept = size > 0
        predicted = np.bincount(ids, weights=p, minlength=ECE_BINS)[kept] / size[kept]
        observed = np.bincount(ids, weights=y, minlength=ECE_BINS)[kept] / size[kept]
        return predicted, observed, size[kept]


    def scores(y, p):
        rate = y.mean()
        entropy = -(rate * np.log(rate) + (1 - rate) * np.log1p(-rate))  # log loss of the prior
        predicted, observed, size = reliability(y, p)
        return {
            "AUC": roc_auc_score(y, p),
            "Log loss": log_loss(y, p),
            "NE": log_loss(y, p) / entropy,  # normalised entropy: the prior scores 1
            "Brier": brier_score_loss(y, p),
            "ECE": np.sum(size * np.abs(predicted - observed)) / size.sum(),
            "Calibration ratio": p.sum() / y.sum(),  # 1 when the predictions add up
        }


    references = {"prior": np.full(y_test.size, y_test.mean()), "truth": p_test}
    table = pd.DataFrame({name: scores(y_test, p) for name, p in {**predictions, **references}.items()}).T

    fig = go.Figure()
    plotted = [y_test.mean()]
    for name in dict.fromkeys(("none", shown)):
        predicted, observed, _ = reliability(y_test, predictions[name])
        on_axes = (predicted > 0) & (observed > 0)  # a log axis cannot show 0
        fig.add_scatter(x=predicted[on_axes], y=observed[on_axes], mode="lines+markers", name=name)
        plotted += [*predicted[on_axes], *observed[on_axes]]
    ends = [min(plotted) / 1.5, min(max(plotted) * 1.5, 1.0)]
    fig.add_scatter(x=ends, y=ends, mode="lines", name="perfectly calibrated", line_dash="dash")
    fig.update_layout(
        title="Reliability: mean predicted CTR against the share clicked (10 equal-count bins)",
        xaxis={"title": "Mean predicted CTR", "type": "log"},
        yaxis={"title": "Observed CTR", "type": "log"},
    )
    fig.show()
    """
)

AUCTION_CELL = code(
    """
    # The highest competing bid: the market's own noisy estimate of each impression's worth at $1 a click.
    z = np.random.default_rng([SEED, AUCTION]).standard_normal(y_test.size)
    competing = p_test * np.exp(0.5 * z - 0.125)


    def surplus_per_1000(predicted):
        \"\"\"Bid predicted CTR x value per click; win when above the competing bid and pay it (second
        price); the impression is worth its TRUE click probability x value per click.\"\"\"
        won = predicted * VALUE > competing
        return (p_test[won].sum() * VALUE - competing[won].sum()) * 1000 / predicted.size


    table["Surplus per 1,000"] = [surplus_per_1000(p) for p in {**predictions, **references}.values()]
    table.round(4)
    """
)

HEADLINE_CELL = code(
    """
    row = table.loc[shown]
    HEADLINE = {
        "Calibration ratio": round(row["Calibration ratio"], 2),
        "AUC": round(row["AUC"], 3),
        "Normalised entropy": round(row["NE"], 3),
        "Surplus per 1,000": round(row["Surplus per 1,000"], 4),  # dollars
        "Log loss": round(row["Log loss"], 4),
        "Brier score": round(row["Brier"], 5),
        "ECE (10 equal-count bins)": round(row["ECE"], 4),
    }
    """
)


def _settings(p: Params) -> str:
    return f"""
    CTR = {float(p.ctr)!r}  # base click-through rate
    W = {float(p.w)!r}  # negative downsampling: the share of non-clicks kept in the training log
    MODEL = {json.dumps(p.model)}  # "logreg", "gbm" (gradient boosting) or "nb" (Gaussian naive Bayes)
    CALIBRATION_SIZE = {int(p.calibration_size)!r}  # held-out impressions, not downsampled
    SEED = {int(p.seed)!r}
    CALIBRATION = {json.dumps(p.calibration)}  # shown: "none", "correction", "platt" or "isotonic"
    VALUE = {float(p.value)!r}  # $ per click: the bid is predicted CTR x VALUE
    """


def recipe(params: Params) -> Recipe:
    """The ads calibration page's view at ``params`` as notebook cells."""
    return Recipe(
        "Calibrated probabilities for ads",
        (
            md(
                """
                ## The settings

                The page's controls: the first five train; the calibration shown and the value per
                click only read the result.
                """
            ),
            code(_settings(params)),
            md(
                """
                ## Impressions from a known click model

                A logistic model generates the clicks, so every impression's true click probability
                is known: four numeric features (two correlated) and three categorical ones, one-hot
                encoded. The intercept is solved so that the mean click probability is the base CTR.
                Three independent sets: the training pool, a calibration set and 50,000 test
                impressions.
                """
            ),
            DATA,
            md(
                """
                ## Downsample the negatives, train the model

                Click logs are mostly non-clicks, so training keeps every click and only a share w of
                the non-clicks. The model then learns the downsampled odds: its probabilities run high.
                """
            ),
            TRAIN,
            md(
                """
                ## The calibrations

                The downsampling correction needs no data: q = p / (p + (1 − p) / w). Platt (a sigmoid
                of the score) and isotonic (a monotone step function) are fitted by scikit-learn's
                `CalibratedClassifierCV` around the frozen model, on the calibration set.
                """
            ),
            CALIBRATE,
            md(
                """
                ## The probability metrics

                AUC only reads the order, so a monotone calibration leaves it alone; log loss, the
                normalised entropy (NE: log loss over the entropy of the click rate), Brier, the
                expected calibration error (ECE) and the calibration ratio read the probabilities
                themselves. The prior (the click rate for everyone) and the true probabilities frame
                them. The reliability diagram compares the raw model with the calibration shown.
                """
            ),
            SCORE,
            md(
                """
                ## What miscalibration costs: the bid

                A second-price auction per test impression at `VALUE` dollars a click. Bidding the true
                probability earns the most on average; probabilities that run high overpay.
                """
            ),
            AUCTION_CELL,
            md(
                """
                ## The page's key numbers

                The calibration shown, as its cards read ('$0.052' reads 0.052).
                """
            ),
            HEADLINE_CELL,
        ),
    )
