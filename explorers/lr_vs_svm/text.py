"""The page's words: the interviewer's question, the introduction, the captions under the charts
(built from the constants they quote) and the "In the interview" guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.lr_vs_svm.data import OUTLIER_FRACTIONS, TEST_FRACTION, PreparedData
from explorers.lr_vs_svm.specs import SWEEP_PAIR
from explorers.lr_vs_svm.sweeps import (
    GROWTH_FROM_ROWS,
    SWEEP_REPEATS,
    SWEEP_SIZES,
    SWEEP_SVM_REPEATED_UP_TO,
    FitTimeSweep,
)

TRAIN_SHARE = f"{1 - TEST_FRACTION:.0%}"
TRAIN_SIZE_HELP = f"Rows the models train on; the real tables cap it at {TRAIN_SHARE} of their rows."
FIT_TIME_LABEL = (
    f"timing both models from {SWEEP_SIZES[0]:,} to {SWEEP_SIZES[-1]:,} rows (once per dataset and seed)"
)
EXPONENT_HELP = (
    f"Slope of log(fit time) vs log(rows) from {GROWTH_FROM_ROWS:,} rows up: 1 = linear, 2 = quadratic."
)


def percent_list(fractions: tuple[float, ...]) -> str:
    """'0, 2, 5, 10 and 20%'."""
    numbers = [f"{fraction * 100:g}" for fraction in fractions]
    return f"{', '.join(numbers[:-1])} and {numbers[-1]}%" if len(numbers) > 1 else f"{numbers[0]}%"


OUTLIER_CAPTION = (
    f"Each model is refitted with {percent_list(OUTLIER_FRACTIONS)} outliers on the same clean rows. "
    "'Area flipped' is the share of the chart above (without outliers) whose predicted class differs "
    "from the fit without outliers; accuracy is on the same clean test set."
)


def data_caption(data: PreparedData) -> str:
    """What the data is: rows, features, outliers, and the PCA sentence when it applies."""
    parts = [
        f"**{data.dataset_name}.** {data.description} {data.n_clean:,} training rows"
        + (f" plus {data.n_outliers} injected outliers (crosses)" if data.n_outliers else "")
        + f", {data.y_test.size:,} test rows (diamonds), {data.n_features} features."
    ]
    if data.view.is_projection:
        parts.append(data.view.caption())
    return " ".join(parts)


def fit_time_caption(sweep: FitTimeSweep) -> str:
    """How the sweep was measured."""
    logistic, svm = SWEEP_PAIR
    scaled = "both scaled" if logistic.scaled and svm.scaled else "unscaled"
    text = (
        f"{logistic.label} ({logistic.settings}) against an {svm.label} ({svm.settings}), {scaled}: CPU "
        f"time on one thread of this machine, the median of {SWEEP_REPEATS} fits (one SVM fit above "
        f"{SWEEP_SVM_REPEATED_UP_TO:,} rows)."
    )
    if sweep.svm_projected:
        first = sweep.sizes[len(sweep.svm_seconds)]
        text += (
            f" To keep this chart to a few seconds the SVM is not fitted from {first:,} rows up: the "
            "dashed line extends its measured log-log trend."
        )
    if sweep.resampled_from:
        text += (
            f" The table has {sweep.resampled_from:,} rows; larger sizes resample them with a little "
            "noise, so the timings show how the solvers scale, not how accuracy would."
        )
    return text


INTERVIEW = InterviewGuide(
    talking_points=(
        "Both are linear classifiers in some feature space; they differ in the loss. Logistic "
        "regression minimises log loss (every point pulls a little), the SVM minimises hinge loss "
        "(only points inside the margin, the support vectors, pull at all).",
        "Log loss makes the output a probability you can threshold, rank and price; hinge loss gives a "
        "margin score that needs a calibration step (Platt or isotonic, on held-out data) first.",
        "Kernels buy a non-linear boundary without hand-made features, but a kernel SVM stores its "
        "support vectors: prediction cost grows with them, and training grows roughly with n² to n³.",
        "Logistic regression with polynomial or crossed features, or an RBF-feature approximation "
        "(Nystroem, random Fourier features), can match a kernel at a linear model's serving cost.",
        "Both need scaled features: the RBF kernel measures distances and the penalty treats every "
        "coefficient alike, so one feature in large units dominates.",
        "Outliers on the wrong side pull both boundaries (both losses grow linearly far from the "
        "margin); C sets how much each one is allowed to cost.",
    ),
    pick_when={
        "Logistic regression": (
            "You need calibrated probabilities: ranking, thresholds chosen by cost, expected value.",
            "Stakeholders or regulators need coefficients they can read (odds ratios per feature).",
            "Data is huge or arrives as a stream: SGD / online updates, warm starts, sharded training.",
            "Latency or memory budgets are tight: one dot product per prediction, whatever the data size.",
        ),
        "SVM": (
            "Small to medium data (up to tens of thousands of rows) where fit time is affordable.",
            "The boundary is non-linear and you would rather pick a kernel than engineer features.",
            "Many features relative to rows (text, genomics): a maximum-margin linear SVM generalises well.",
            "You want the decision to rest on a few boundary cases (far, correctly labelled points "
            "have no say).",
        ),
    },
    pitfalls=(
        "Reading SVM decision values as probabilities, or using SVC(probability=True) (deprecated, and "
        "it calibrates with an internal cross-validation you do not control).",
        "Calibrating on the training data: the margins are optimistic there; use held-out folds.",
        "Forgetting to scale before an RBF kernel, or fitting the scaler on the whole dataset (leakage).",
        "Tuning C without gamma (or the reverse): they interact; search them together on a log grid.",
        "Quoting accuracy only: the two models can tie on accuracy and differ a lot in log loss.",
        "Assuming a kernel SVM will scale: at a few hundred thousand rows the kernel matrix alone no "
        "longer fits in memory.",
    ),
    follow_ups=(
        "The data grows from 10 thousand to 10 million rows: what happens to each model, and what "
        "would you use?",
        "How would you get probabilities out of an SVM, and how would you check they are calibrated?",
        "Why does the RBF SVM need feature scaling while a decision tree does not?",
        "What do C and gamma do to the boundary, and how would you tune them?",
        "Write down hinge loss and log loss. Which points contribute to each gradient?",
        "How would you explain an individual prediction of each model to a non-technical stakeholder?",
        "How do you serve a model with 5,000 support vectors under a 10 ms latency budget?",
    ),
)

TEXT = TopicText(
    question="Logistic regression or an SVM for this problem? Defend the choice.",
    intro=(
        f"Both models train on the same {TRAIN_SHARE} of the data (plus any injected outliers) and are "
        f"scored on the same clean {TEST_FRACTION:.0%} test set. Each model is cached per exact settings: "
        "a control of one model never refits the other."
    ),
    interview=INTERVIEW,
)
