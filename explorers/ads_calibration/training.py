"""The cached unit of work: a click model trained on a negatively downsampled log, each calibration
choice fitted and applied, every set of predictions scored on the same test impressions.

Each model and each calibration is one table entry. Platt and isotonic are fitted by
``CalibratedClassifierCV`` around the frozen model on a held-out calibration set that is NOT
downsampled; the downsampling correction needs no data at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.naive_bayes import GaussianNB

from datasets.errors import UserFacingError
from explorers.ads_calibration import data
from explorers.ads_calibration.scoring import Scored, score
from explorers.charts import PALETTE
from explorers.common import entry, labels, one_thread
from explorers.models import Classifier, make_model

Probabilities = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Model:
    """One click model: its label and how to build it unfitted for a seed."""

    label: str
    make: Callable[[int], Classifier | GaussianNB]


MODEL_TABLE: dict[str, Model] = {
    "logreg": Model("Logistic regression", lambda seed: make_model("logreg", seed)),
    "gbm": Model("Gradient boosting", lambda seed: make_model("gbm", seed)),
    "nb": Model("Gaussian naive Bayes", lambda _seed: GaussianNB()),
}
MODELS: dict[str, str] = labels(MODEL_TABLE)


def correct(p: np.ndarray, w: float) -> np.ndarray:
    """Undo negative downsampling at rate ``w``: q = p / (p + (1 − p) / w)."""
    probability = np.asarray(p, dtype=float)
    if not 0.0 < w <= 1.0:
        raise UserFacingError(f"The downsampling rate must be in (0, 1]; got {w!r}.")
    return probability / (probability + (1.0 - probability) / w)


@dataclass(frozen=True)
class Calibration:
    """One calibration choice: its label, a short name for charts, and whether it needs the held-out
    calibration set (then ``method`` is CalibratedClassifierCV's)."""

    label: str
    short: str
    colour: str
    adjective: str  # "bidding the <adjective> CTR"
    method: str | None = None  # "sigmoid" or "isotonic": fitted on the calibration set
    how: str = ""
    long: str = ""  # the table's name for it, where the label is too short to stand alone

    @property
    def row(self) -> str:
        return self.long or self.label


CALIBRATION_TABLE: dict[str, Calibration] = {
    "none": Calibration(
        "None",
        "Raw",
        PALETTE[5],
        "raw",
        how="the model's own probabilities, as trained on the downsampled log",
    ),
    "correction": Calibration(
        "Correction",
        "Corrected",
        PALETTE[0],
        "corrected",
        how="q = p / (p + (1 − p) / w): exact when the model learned the downsampled odds",
        long="Downsampling correction",
    ),
    "platt": Calibration(
        "Platt",
        "Platt",
        PALETTE[2],
        "Platt-calibrated",
        "sigmoid",
        "a two-parameter sigmoid of the score, fitted on the calibration set",
        long="Platt (sigmoid)",
    ),
    "isotonic": Calibration(
        "Isotonic",
        "Isotonic",
        PALETTE[3],
        "isotonic-calibrated",
        "isotonic",
        "a free monotone step function, fitted on the calibration set",
    ),
}
CALIBRATIONS: dict[str, str] = labels(CALIBRATION_TABLE)
FITTED = tuple(key for key, c in CALIBRATION_TABLE.items() if c.method is not None)


@dataclass(frozen=True, eq=False)
class Trained:
    """One setting's result: the test impressions' truth and clicks, every calibration's scored
    predictions (None where it could not be fitted, with ``problem`` saying why), the two
    references (the prior and the true probabilities) and the competing bids of the auction."""

    ctr: float
    w: float
    model: str
    y: np.ndarray  # test clicks
    truth: Scored  # the true click probabilities (the oracle)
    prior: Scored  # the test click rate for everyone (no skill)
    scored: dict[str, Scored | None]  # by CALIBRATION_TABLE key
    competing: np.ndarray  # the highest competing bid ($) per test impression
    pool: int  # impressions in the training log before downsampling
    train_clicks: int
    train_rows: int  # after downsampling
    calibration_rows: int
    calibration_clicks: int
    fit_seconds: float
    problem: str | None = None

    @property
    def test_rate(self) -> float:
        return float(self.y.mean())


def decision(model: Classifier | GaussianNB, features: np.ndarray) -> np.ndarray:
    """The score CalibratedClassifierCV calibrates: ``decision_function`` where the model has one,
    else P(click)."""
    if hasattr(model, "decision_function"):
        return model.decision_function(features)
    return model.predict_proba(features)[:, 1]


def calibrator(model: Classifier | GaussianNB, method: str, cal: data.Impressions) -> Probabilities:
    """``CalibratedClassifierCV`` around the frozen model, fitted on the calibration impressions; returned
    as its fitted calibrator, which maps the model's score to P(click) exactly as its ``predict_proba``
    does (so the page scores the test impressions once, not once per calibration)."""
    # A frozen model's out-of-fold scores are its scores: two folds give the same fit as five, faster.
    calibrated = CalibratedClassifierCV(FrozenEstimator(model), method=method, cv=2).fit(cal.X, cal.y)
    (fitted,) = calibrated.calibrated_classifiers_
    return fitted.calibrators[0].predict


def competing_bids(truth: np.ndarray, seed: int) -> np.ndarray:
    """The highest competing bid per impression: the market's own estimate of the click's worth at
    $1 a click, off by a lognormal factor with mean 1 (sd of its log 0.5)."""
    z = np.random.default_rng([seed, data.AUCTION]).standard_normal(truth.size)
    return truth * np.exp(0.5 * z - 0.125)


def train(ctr: float, w: float, model: str, calibration_size: int, seed: int) -> Trained:
    """Train ``model`` on a log downsampled at ``w``, fit every calibration, score them all on the test
    impressions."""
    maker = entry(MODEL_TABLE, model, "model")
    if ctr not in data.CTRS or w not in data.RATES or calibration_size not in data.CALIBRATION_SIZES:
        raise UserFacingError(
            "Pick the base CTR, the downsampling rate and the calibration set from their lists."
        )
    pool = data.impressions(ctr, data.pool_size(ctr), seed, data.POOL)
    log = data.downsample(pool, w, seed)
    cal = data.impressions(ctr, calibration_size, seed, data.CALIBRATION)
    test = data.impressions(ctr, data.TEST_SIZE, seed, data.TEST)
    started = time.perf_counter()
    with one_thread():
        fitted = maker.make(seed).fit(log.X, log.y)
        score_ = decision(fitted, test.X)
        raw = expit(score_) if hasattr(fitted, "decision_function") else score_  # its predict_proba
        predictions: dict[str, np.ndarray | None] = {"none": raw, "correction": correct(raw, w)}
        problem = None
        if cal.clicks < 2 or cal.clicks > cal.size - 2:
            problem = (
                f"The calibration set's {cal.size:,} impressions hold {cal.clicks} click"
                f"{'' if cal.clicks == 1 else 's'}: too few to fit Platt or isotonic. Raise its size."
            )
        for key in FITTED:
            method = CALIBRATION_TABLE[key].method
            predictions[key] = None if problem else calibrator(fitted, str(method), cal)(score_)
    seconds = time.perf_counter() - started
    return Trained(
        ctr=ctr,
        w=w,
        model=model,
        y=test.y,
        truth=score(test.y, test.p),
        prior=score(test.y, np.full(test.size, test.y.mean())),
        scored={key: None if p is None else score(test.y, p) for key, p in predictions.items()},
        competing=competing_bids(test.p, seed),
        pool=pool.size,
        train_clicks=log.clicks,
        train_rows=log.size,
        calibration_rows=cal.size,
        calibration_clicks=cal.clicks,
        fit_seconds=seconds,
        problem=problem,
    )
