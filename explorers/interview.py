"""Interview content: the ML system design framework the Home page walks through, and the shape
of every trade-off's "In the interview" guide."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InterviewGuide:
    """What to say about a trade-off in an ML system design interview."""

    talking_points: tuple[str, ...]
    pick_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pitfalls: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicText:
    """A trade-off's words, kept together in its explorer: the interviewer's question, the short
    introduction under it, and the "In the interview" guide."""

    question: str
    interview: InterviewGuide
    intro: str = ""


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

# (title, text) pairs shown side by side on the Home page.
AUDIENCES: tuple[tuple[str, str], ...] = (
    ("Preparing for an interview?", "Build intuition you can defend out loud."),
    ("Interviewing or teaching?", "Project a page and share a link to the exact view."),
    ("Deploying it?", "One process, bounded memory, no network at run time."),
)

PITFALLS: tuple[tuple[str, str], ...] = (
    (
        "Skipping the questions.",
        "Designing before the goal, the users and the cost of a mistake are clear; every later "
        "choice then rests on a guess.",
    ),
    (
        "Over-building.",
        "Reaching for the most complex model or architecture first. Start with a baseline you can "
        "defend, and add complexity only where a number says it pays.",
    ),
    (
        "Running out of time.",
        "Spending the session on one component. Sketch the whole system end to end first, then go "
        "deep where the interviewer steers.",
    ),
)

HOW_TO_USE: tuple[tuple[str, str], ...] = (
    (
        "Move the controls.",
        "Controls that retrain the model are grouped apart from those that only change how its "
        "output is read, which respond instantly.",
    ),
    (
        "Share the view.",
        "Every control, the page and the seed live in the link. *Copy share link* in the sidebar "
        "copies it; it reopens exactly what you see.",
    ),
    (
        "Present it.",
        "*Presentation mode* in the sidebar enlarges text and charts for a projector and folds long "
        "explanations away.",
    ),
    (
        "Bring your own data.",
        "Pick *Your data (CSV)* as the dataset on a classification page, upload a file and choose "
        "what to predict. It stays in your browser session and out of the link.",
    ),
)
