"""The ads calibration trade-off's words: the interviewer's question, the introduction and the
"In the interview" guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText

QUESTION = (
    "Your click-prediction model has an AUC of 0.80. Why does the ads team say its probabilities are "
    "wrong, and how do you fix them?"
)
INTRO = (
    "Synthetic ad impressions from a known model, so every impression's true click probability is known. "
    "The model trains on a log that keeps every click and a share w of the non-clicks (negative "
    "downsampling); Platt and isotonic are fitted on a separate calibration set that is not downsampled; "
    "every number is measured on test impressions that are not downsampled either."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "AUC is a ranking metric: it only reads the order of the scores, so it cannot see that every "
        "probability is several times too high. Track a probability metric beside it.",
        "Ads need the probability itself: the bid is predicted CTR × value per click, and any expected-value "
        "decision (budget pacing, ranking ads by expected revenue) multiplies by it.",
        "Normalised entropy (log loss ÷ entropy of the base rate) is the standard offline metric for click "
        "prediction: 1 means no better than the base rate, and it compares across markets with different "
        "CTRs.",
        "Negative downsampling keeps all clicks and a share w of the non-clicks, so training is cheaper; it "
        "multiplies the odds by 1/w, and q = p / (p + (1 − p) / w) undoes it exactly.",
        "Platt fits two parameters and needs few clicks; isotonic fits a free monotone step function and "
        "needs many, or it predicts exact zeros and over-fits the calibration set.",
        "Fit calibrators on held-out data that is not downsampled and not used for training.",
        "Check the calibration ratio (predicted clicks ÷ actual clicks) overall and by segment: a model can "
        "add up globally and still over-predict on one placement or device.",
        "Recalibrate when the data drifts: a new base rate breaks the probabilities long before it moves "
        "AUC.",
    ),
    pick_when={
        "Downsampling correction": (
            "The only miscalibration is the downsampling itself, and the model is otherwise calibrated "
            "(logistic regression on the log it was trained on).",
            "You cannot spare held-out data: the correction needs only w.",
        ),
        "Platt (sigmoid)": (
            "The model's scores are off by a smooth, monotone distortion (boosting, naive Bayes).",
            "The calibration set is small or clicks are rare.",
        ),
        "Isotonic": (
            "A large calibration set with thousands of clicks, and a distortion a sigmoid cannot follow.",
        ),
    },
    pitfalls=(
        "Reporting only AUC for a model whose probabilities feed a bid or a budget.",
        "Forgetting the downsampling correction at serving time: every bid is inflated by about 1/w.",
        "Fitting Platt or isotonic on downsampled data: they learn the inflated rate.",
        "Judging calibration by ECE alone: predicting the base rate for everyone scores an ECE of 0.",
        "Calibrating once and never again: base rates move with seasons, campaigns and placements.",
        "Measuring log loss or NE on downsampled validation data: the numbers describe a traffic mix "
        "production never serves.",
    ),
    follow_ups=(
        "Why does downsampling leave AUC unchanged but not log loss?",
        "How would you monitor calibration in production when clicks arrive late?",
        "The calibration ratio is 1.00 overall but 1.4 on mobile: what do you do?",
        "How much data does isotonic regression need, compared with Platt scaling?",
        "In a second-price auction, why is bidding your true expected value optimal?",
        "Design an evaluation framework for ads ranking: which offline metrics, and which online test?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
