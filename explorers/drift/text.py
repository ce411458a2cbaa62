"""The drift trade-off's words: the interviewer's question, the introduction and the
"In the interview" guide."""

from __future__ import annotations

from explorers.drift.stream import BASE_FRAUD, RAMP_WEEKS
from explorers.interview import InterviewGuide, TopicText

QUESTION = (
    "Six months after launch your fraud model's precision keeps slipping. How do you detect drift, "
    "and when do you retrain?"
)
INTRO = (
    f"A synthetic stream of card transactions, two features each, about {BASE_FRAUD:.0%} fraud before any "
    "drift. The launch model is a logistic regression; every policy retrains the same model on the most "
    "recent weeks whose labels (chargebacks) are back. One drift at a time: covariate shift moves the "
    "features and leaves P(fraud | x) alone, prior shift raises the fraud rate, concept drift rotates "
    f"P(fraud | x) and leaves the features alone. A gradual drift ramps up over {RAMP_WEEKS} weeks. "
    "A transaction is flagged when the model's P(fraud) is at least 0.5, which makes the fewest errors "
    "when every error costs the same."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "Name the three drifts: covariate shift (the inputs move), prior shift (the base rate moves) and "
        "concept drift (the same inputs now mean something else). Each needs a different monitor.",
        "Feature monitors (PSI, KS, Wasserstein) need no labels, so they are fast, but they are blind to "
        "concept drift and they fire on covariate shift that does not hurt the model.",
        "Labels arrive late (chargebacks take weeks): the error rate is the ground truth but arrives after "
        "the damage. Watch proxies meanwhile: score distribution, flag rate, analyst override rate.",
        "Thresholds trade detection delay for alert fatigue. A KS test on big windows flags shifts nobody "
        "cares about; size thresholds on effect sizes (PSI, Wasserstein) and on what an error costs.",
        "Cadence or trigger: a schedule is simple, predictable and catches what monitors miss; a trigger "
        "saves retrains in quiet periods. Many teams run both: a schedule plus alarms that page a human.",
        "The training window: all history is stable but slow to follow a drift; recent weeks follow it but "
        "are noisier. With delayed labels, no window can contain data newer than the delay.",
        "Never swap a retrained model in blind: validate it on the latest labelled weeks, run it in shadow "
        "beside the live model, then ramp it up with a rollback ready.",
        "Log what you need to replay a decision: model version, features as served, score, threshold, and "
        "the label when it arrives. Without it, you cannot compute any of these curves.",
    ),
    pick_when={
        "Fixed cadence": (
            "Labels arrive steadily and a retrain is cheap and automated.",
            "Drift is gradual or seasonal, and monitors would be noisy.",
            "You need predictable releases and review (regulated domains).",
        ),
        "Drift-triggered": (
            "Retraining is expensive (large models, manual validation) and drift is rare but sudden.",
            "You have a monitor that sees the drift that matters: labels for concept drift, features "
            "for a pipeline break.",
        ),
        "Never (or rarely)": (
            "The world is stable and errors are cheap next to a retrain.",
            "The drift is covariate shift the model already handles; check the error rate before acting.",
        ),
    },
    pitfalls=(
        "Alerting on a KS p-value over large windows: with enough data every tiny shift is significant.",
        "Retraining on an alarm before any post-drift labels are back: the new model learns the old world.",
        "Assuming no feature alarm means no drift: concept drift moves only P(label | features).",
        "Feedback loops: the model's own decisions (blocked transactions never get a chargeback) bias the "
        "labels the next model learns from. Keep a small random holdout that is not acted on.",
        "Evaluating a retrained model only on the weeks it trained on, or swapping it in without a "
        "shadow run.",
    ),
    follow_ups=(
        "Labels take 60 days. How do you know next week whether the model is still good?",
        "Your PSI alarm fires every Monday. What do you do?",
        "Fraudsters adapt to your model. Which drift is that, and which monitor sees it first?",
        "How would you choose the training window after a sudden drift? After a gradual one?",
        "How do you validate a retrained model before it replaces the live one?",
        "What would you log per prediction so you can replay this analysis six months later?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
