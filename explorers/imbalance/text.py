"""The page's words: the interviewer's question, the introduction, the interview guide and the captions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import datasets
from explorers.imbalance.calibration import MIN_BIN_COUNT, Calibration
from explorers.imbalance.data import TEST_FRACTION, DataPlan, PlaneData, split_label
from explorers.imbalance.figures import shown_points
from explorers.interview import InterviewGuide, TopicText

_INTERVIEW = InterviewGuide(
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

TEXT = TopicText(
    question="Only 1% of transactions are fraud. How do you train and evaluate a model on this data?",
    intro=(
        "The minority class is the positive one. Every seed draws the data at exactly the chosen ratio, "
        f"splits it {split_label()} (stratified), and resamples only the training split, inside an "
        "imbalanced-learn Pipeline. Threshold moving picks its threshold by cross-validation on the training "
        "split; the test split is only scored."
    ),
    interview=_INTERVIEW,
)

TABLE_CAPTION = (
    "Mean ± standard deviation over the seeds, on each seed's test split. Highlighted: the best mean in each "
    "column (the lowest Brier score); leaky rows, in grey, never count. Precision, recall and F1 are for the "
    "minority class at each strategy's threshold; ROC-AUC, PR-AUC and Brier score use its probabilities."
)


def data_caption(plan: DataPlan, info: datasets.DatasetInfo, n_samples: int, seeds: Sequence[int]) -> str:
    """What was drawn, and what the ± means."""
    capped = f" (the most the data allows, {plan.ratio_text})" if plan.n_rows < 0.9 * n_samples else ""
    in_test = plan.n_minority - round(plan.n_minority * (1 - TEST_FRACTION))
    runs = f"{len(seeds)} seeds ({seeds[0]}–{seeds[-1]})" if len(seeds) > 1 else f"One seed ({seeds[0]})"
    return (
        f"**{info.name}.** {info.description} {plan.n_rows:,} rows{capped}: {plan.n_minority:,} "
        f"{info.positive_label} and {plan.n_majority:,} {info.negative_label}, {plan.ratio_text}. "
        f"{runs}, each a fresh draw and a new stratified {split_label()} split, "
        f"so each test split holds about {in_test} {info.positive_label}."
    )


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


def calibration_caption(cal: Calibration, bins: int) -> str:
    """What the two fixes do, with this run's odds ratio, and which bins the curves leave out."""
    r = float(np.mean(cal.odds_ratios))
    shift = f"{1 / r:.0f}×" if r < 1 else f"{r:.2f}×"
    hidden = cal.hidden(bins)
    left_out = (
        f" {hidden} bins across the four curves hold fewer than {MIN_BIN_COUNT} test examples and are left "
        "off the curves "
        "(their share would jump between 0 and 1); the bars below count every bin."
        if hidden
        else f" Every bin holds at least {MIN_BIN_COUNT} test examples; the bars below count them."
    )
    return (
        f"Test splits of every seed, pooled; {bins} equal-width bins.{left_out} The resampler is the panel's "
        f"own pick, {cal.label('after')}. It trains the model on rebalanced data, so it "
        f"takes the minority to be about {shift} as common as it is (odds ratio r = {r:.3g}). The prior "
        "correction p' = p·r / (p·r + 1 − p) undoes exactly that shift of the prior; CalibratedClassifierCV "
        "instead wraps the whole resampling pipeline and fits a sigmoid on held-out folds that were never "
        "resampled."
    )
