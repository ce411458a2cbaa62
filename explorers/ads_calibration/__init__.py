"""Calibrated probabilities for ads: negative downsampling, normalised entropy and the bid.

Pure Python (no Streamlit). ``data`` draws impressions from a known model and downsamples the
training log; ``training`` fits one model and every calibration (the cached unit); ``scoring`` holds
the probability metrics; ``auction`` the second-price bidding; ``reading`` reads a trained setting at
the calibration shown and the value per click; ``figures``, ``sentences`` and ``text`` draw and explain
it; ``topic`` puts it together (``Params``, ``fits``, ``view``).
"""

from explorers.ads_calibration.auction import Outcome, auction
from explorers.ads_calibration.data import CALIBRATION_SIZES, CTRS, RATES, downsampled_rate, intercept
from explorers.ads_calibration.notebook import recipe
from explorers.ads_calibration.reading import Reading, read
from explorers.ads_calibration.scoring import Scored, score
from explorers.ads_calibration.text import TEXT
from explorers.ads_calibration.topic import AdsCalibrationView, Params, fits, view
from explorers.ads_calibration.training import CALIBRATIONS, MODELS, Trained, correct, train

__all__ = [
    "CALIBRATIONS",
    "CALIBRATION_SIZES",
    "CTRS",
    "MODELS",
    "RATES",
    "TEXT",
    "AdsCalibrationView",
    "Outcome",
    "Params",
    "Reading",
    "Scored",
    "Trained",
    "auction",
    "correct",
    "downsampled_rate",
    "fits",
    "intercept",
    "read",
    "recipe",
    "score",
    "train",
    "view",
]
