"""The ML system design interview framework the Home page walks through."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One stage of the interview: what to do, and what the interviewer listens for."""

    key: str
    title: str
    what_you_do: str
    signal: str
    example: str


STAGES: tuple[Stage, ...] = (
    Stage(
        "clarify",
        "Clarify the problem",
        "Pin down the business goal, the users, the scale and what a mistake costs before "
        "choosing anything. Turn the goal into an ML task and a metric you can defend.",
        "Problem navigation: can you connect the business need to each ML decision?",
        "Spam filtering: is a lost legitimate email worse than a spam that slips through?",
    ),
    Stage(
        "data",
        "Training data",
        "Where do labels come from, how noisy and how imbalanced are they, and how do you split "
        "them so evaluation is honest?",
        "Can you find a way to collect labels and name its risks (bias, leakage, delay)?",
        "Fraud detection: one transaction in a hundred is fraud, and labels arrive weeks late.",
    ),
    Stage(
        "features",
        "Features",
        "Turn intuitions into concrete, well-scaled signals: normalise, bucket, smooth and cross "
        "them, and know which ones carry the prediction.",
        "Can you propose relevant features and say which matter most?",
        "News ranking: raw click counts mislead; click-through rate smoothed by impressions does not.",
    ),
    Stage(
        "model",
        "Model",
        "Start from a simple, strong baseline and justify every step up in complexity, with its "
        "cost in data, latency and interpretability. Know how it overfits and how to stop it.",
        "Can you justify the model choice, explain training, and anticipate its risks?",
        "Logistic regression or an SVM? Calibrated scores and scale, or a kernel's flexibility?",
    ),
    Stage(
        "evaluation",
        "Evaluation",
        "Choose offline metrics that match the product's costs, pick operating points on "
        "validation data, and plan the online test that confirms them.",
        "Can you justify the metrics you track and keep evaluation consistent with deployment?",
        "Ads: does a better offline AUC still lift revenue in an A/B test?",
    ),
    Stage(
        "deployment",
        "Deployment & monitoring",
        "Serve within the latency and cost budget, watch for drift and skew, and retrain on a "
        "schedule or a trigger.",
        "Can you reason about batch versus real-time serving, tail latency and monitoring?",
        "Product recommendations: precompute nightly, or rank fresh at request time?",
    ),
)

STAGE_KEYS: tuple[str, ...] = tuple(stage.key for stage in STAGES)
