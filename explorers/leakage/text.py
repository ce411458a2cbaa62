"""The leakage page's words: the interviewer's question, the introduction, the interview guide and
the captions."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.leakage.data import END_DAYS, LOG_DAYS
from explorers.leakage.engine import NEIGHBOURS, SELECTED
from explorers.leakage.leaks import LEAKS
from explorers.leakage.splits import FOLDS

QUESTION = "Offline AUC was 0.95; in production the model is barely better than chance. What went wrong?"
INTRO = (
    f"A synthetic event log: users with several correlated rows each, a label from a known process that "
    f"drifts slowly, days 0–{LOG_DAYS:.0f} to train on and days {LOG_DAYS:.0f}–{END_DAYS:.0f} of new users "
    f"as production. The model (scaling, target encoding, SelectKBest k = {SELECTED} and "
    f"{NEIGHBOURS}-nearest neighbours, one Pipeline) is cross-validated with {FOLDS} folds per split "
    "strategy, then trained on the "
    "whole log and scored on production. Each leak is a deliberate misuse of an ordinary tool."
)

_INTERVIEW = InterviewGuide(
    talking_points=(
        "Split the way the model will be used: by time when it forecasts or ranks tomorrow's events, by user "
        "or entity when it must work for people it has never seen; a random split answers neither question.",
        "Every feature must be point-in-time correct: computed only from what was known at the prediction's "
        "timestamp. Feature stores exist largely to make those as-of joins the default.",
        "Fit every transform inside the pipeline (scalers, encoders, imputers, feature selection, "
        "resampling) so cross-validation refits it on each training fold and never sees validation labels.",
        "Deduplicate before splitting, and split by the entity that duplicates share; retries, re-logged "
        "events and near-identical rows otherwise sit on both sides.",
        "Treat a suspiciously good offline number as a bug report: look at the top feature by importance and "
        "ask whether it could exist at prediction time.",
        "A gap between offline and online scores is often leakage or train–serve skew, not bad luck: log the "
        "features as served and compare them with the training table.",
    ),
    pick_when={
        "Split by time (out-of-time validation, with a gap)": (
            "The model predicts the future: forecasting, ranking, fraud, churn; the data drifts.",
            "Labels or features are aggregates over a window: leave a gap as long as that window.",
        ),
        "Split by user or entity (GroupKFold)": (
            "Production traffic is mostly new users, devices or items the model has not seen.",
            "Rows of one entity are strongly correlated (sessions, repeat purchases, one patient's scans).",
        ),
        "Random K-fold": (
            "Rows really are independent and identically distributed, with no time order to respect.",
            "A quick sanity check on tiny data, never the number you report for a drifting product.",
        ),
    },
    pitfalls=(
        "Computing features over the whole table ('lifetime purchases', 'days until churn') before "
        "splitting.",
        "Target or mean encoding fitted on all rows: each row's own label is baked into its feature.",
        "Using a field written after the outcome (refund issued, case closed, follow-up scheduled).",
        "Feature selection or scaling on the full data set, then cross-validating only the model.",
        "Tuning hyperparameters on the same folds that report the final score.",
        "Declaring victory on offline AUC without a shadow deployment or an A/B test.",
    ),
    follow_ups=(
        "Production AUC dropped the day you launched: how do you tell leakage from drift?",
        "How would you build point-in-time-correct features for training from an event log?",
        "How big a gap do you leave between training and validation for a 30-day label window?",
        "How do you validate a model that must work for both returning and brand-new users?",
        "A feature has 10× the importance of any other: what do you check first?",
        "How do you keep the training features and the served features from drifting apart?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=_INTERVIEW, intro=INTRO)


def timeline_caption(split_rule: str, fold: int) -> str:
    """How to read the timeline."""
    return (
        f"Fold {fold} of {FOLDS}: each dot is a row, placed by its day and its user (users sorted by their "
        f"first event); here {split_rule}. The dashed line is day {LOG_DAYS:.0f}, where the log ends and "
        "production, with its new users, begins."
    )


def leak_caption(split_short: str) -> str:
    """How to read the leak-by-leak table and chart."""
    return (
        f"Each leak switched on alone, cross-validated {split_short}. Gap = offline AUC − production AUC; "
        "added = that gap minus the gap without any leak. What each leak does wrong: "
        + " ".join(f"**{leak.short}**: {leak.misuse}; instead, {leak.honest}." for leak in LEAKS.values())
    )


def importance_caption(split_short: str, repeats: int) -> str:
    """How to read the importance chart."""
    return (
        f"Permutation importance on the last fold of the {split_short} split: each of the model's input "
        f"columns shuffled {repeats} times on the validation rows, bars the mean AUC lost (± one standard "
        "deviation). Fields a leak wrote are drawn in vermillion."
    )
