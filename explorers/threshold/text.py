"""The threshold trade-off's words: the interviewer's question, the introduction and the
"In the interview" guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.threshold.training import split_text

QUESTION = "Your classifier outputs a score. Where do you put the threshold, and why?"
INTRO = (
    "The model is trained once per dataset, model, class balance and seed. The threshold is then "
    f"chosen on a separate validation split ({split_text()} train/validation/test), never on the test set."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "A classifier gives a score; the threshold is a product decision, not a modelling one.",
        "0.5 is only optimal for calibrated probabilities, equal error costs and unchanged prevalence.",
        "Write the cost of each error in business units, then minimise expected cost per prediction.",
        "Calibrated P(positive): flag when p ≥ c_FP / (c_FP + c_FN); a 10:1 miss cost gives ≈ 0.09.",
        "Choose the threshold on validation data; report the test set once, or the number is optimistic.",
        "ROC is prevalence-free; precision is not — quote precision at the deployment base rate.",
        "F-beta weights recall β times as much as precision: β = 2 for screening, β = 0.5 for spam.",
        "Capacity limits turn the threshold into top-k: flag what the review team can handle per day.",
    ),
    pick_when={
        "Lower threshold (favour recall)": (
            "A miss is expensive: fraud losses, cancer screening (a follow-up test catches false alarms).",
            "A human review queue or a cheap second-stage model filters the false positives.",
            "Positives are rare and each one matters more than the reviewers' time.",
        ),
        "Higher threshold (favour precision)": (
            "A false alarm hurts users: losing a legitimate email costs more than letting one spam through.",
            "Actions are automatic and costly to undo (blocking accounts, declining payments).",
            "Downstream capacity is fixed: a small team can only review the top few hundred cases.",
        ),
        "Cost-optimal threshold": (
            "You can price both errors; re-derive it whenever costs or prevalence change.",
        ),
    },
    pitfalls=(
        "Tuning the threshold on the test set: the reported metric is then biased upwards.",
        "Tuning on the training set: scores are over-confident there, so the threshold is too extreme.",
        "Keeping the threshold after prevalence shifts: precision and alert volume drift silently.",
        "Using c_FP/(c_FP+c_FN) on uncalibrated scores (boosting, SVMs, resampled training data).",
        "Optimising accuracy on imbalanced data: 'never flag' already scores 99% at 1% prevalence.",
        "Reporting a single threshold without the PR curve hides what other operating points offer.",
    ),
    follow_ups=(
        "How would you set the threshold if the review team can handle only 500 cases a day?",
        "Prevalence doubles next month: what happens to precision, recall and your threshold?",
        "How do you monitor the threshold in production without immediate labels?",
        "Would you use one threshold for every user segment or market? What about fairness?",
        "When would you calibrate (Platt, isotonic) before picking the threshold?",
        "How do you pick the threshold when the validation set has only 20 positives?",
    ),
)


TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
