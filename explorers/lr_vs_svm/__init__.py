"""Logistic regression vs SVM: the same data, two models, and every cost of the choice measured live.

Pure Python (no Streamlit). Each model is trained once per exact parameters (``fit_model``), so a
control of one model never refits the other. The models always train on every feature; a dataset
with more than two features is drawn on a PCA plane (``explorers.plane``) for the charts only.
SVM probabilities come from ``CalibratedClassifierCV(..., ensemble=False)`` (Platt scaling on
out-of-fold margins), not from the deprecated ``SVC(probability=True)``.

Modules: ``specs`` (the two models, kernels, C and gamma options), ``data`` (split and outliers),
``fitting`` (one model trained, scored and timed), ``sweeps`` (outliers, scaling, fit time vs size),
``reliability``, ``figures``, ``sentences`` (what to notice), ``text`` (question, captions,
interview guide) and ``topic`` (Params, fits, view).
"""

from explorers.lr_vs_svm.data import OUTLIER_FRACTIONS, TRAIN_SIZES, PreparedData, outlier_count
from explorers.lr_vs_svm.fitting import fit_model
from explorers.lr_vs_svm.notebook import recipe
from explorers.lr_vs_svm.reliability import DEFAULT_BINS
from explorers.lr_vs_svm.specs import (
    C_OPTIONS,
    GAMMA_OPTIONS,
    KERNEL_OPTIONS,
    MAX_DEGREE,
    LogisticSpec,
    SvmSpec,
    max_safe_degree,
)
from explorers.lr_vs_svm.sweeps import SWEEP_SIZES
from explorers.lr_vs_svm.text import TEXT, TRAIN_SIZE_HELP
from explorers.lr_vs_svm.topic import LrVsSvmView, Params, fits, view

__all__ = [
    "C_OPTIONS",
    "DEFAULT_BINS",
    "GAMMA_OPTIONS",
    "KERNEL_OPTIONS",
    "MAX_DEGREE",
    "OUTLIER_FRACTIONS",
    "SWEEP_SIZES",
    "TEXT",
    "TRAIN_SIZES",
    "TRAIN_SIZE_HELP",
    "LogisticSpec",
    "LrVsSvmView",
    "Params",
    "PreparedData",
    "SvmSpec",
    "fit_model",
    "fits",
    "max_safe_degree",
    "outlier_count",
    "recipe",
    "view",
]
