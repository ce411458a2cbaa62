"""The serving page's words: the interviewer's question, the introduction, the caption under the
measured service time, and the "In the interview" guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.serving.timing import BATCH_SIZES, ServiceTiming

QUESTION = (
    "Precompute predictions in batch, or predict per request? What does each cost in latency and freshness?"
)
INTRO = (
    "A real model is trained and its predict call timed on this server, one core, for batches of "
    f"{BATCH_SIZES[0]:,} to {BATCH_SIZES[-1]:,} rows; the line t(b) = a + c·b fitted to those times drives "
    "a simulation of the traffic below. Each replica is one core. Times vary a little between machines "
    "and runs; set a and c by hand for numbers that do not."
)


LOOKUP_HELP = (
    "Median latency of reading one precomputed prediction: an in-memory key-value store in the same data "
    "centre (Redis, a feature store's online tier) answers in a few hundred microseconds; a remote managed "
    "store takes a few ms. The real-time modes are timed without a network hop too."
)


def times(low: int, high: int) -> str:
    """'5 times' or '5–8 times'."""
    return f"{low} times" if low == high else f"{low}–{high} times"


def timing_caption(timing: ServiceTiming) -> str:
    """How the service time shown was measured."""
    return (
        f"{timing.label}, trained on {timing.n_features} features in {timing.fit_seconds * 1000:.0f} ms; "
        f"`predict_proba` timed {times(int(timing.repeats.min()), int(timing.repeats.max()))} per batch size "
        "on one core (bars: 25th–75th percentile). The fit minimises relative error with a, c ≥ 0."
    )


INTERVIEW = InterviewGuide(
    talking_points=(
        "Start from the product: how fresh must a prediction be, and how many distinct inputs are there?",
        "Batch precompute turns serving into a key-value lookup: cheap, fast and robust, but stale.",
        "Real time sees the request's own context (query, session, cart) that no nightly job can know.",
        "Latency = queueing + batching wait + compute; near saturation queueing dominates the tail.",
        "Quote p99 against an SLA, not the mean: users feel the tail, and fan-out multiplies it.",
        "Utilisation above ~70-80% makes the tail explode; plan capacity for the peak, not the average.",
        "A model's fixed per-call cost (Python overhead, kernel launch, network) is what batching amortises.",
        "Dynamic batching trades a bounded wait W for throughput; it pays off when a ≫ c.",
        "Hybrid is common: precompute candidates or embeddings in batch, rank them in real time.",
    ),
    pick_when={
        "Offline batch precompute": (
            "The key space is bounded and known: every user, every item, every pair you care about.",
            "Predictions can be hours old: daily recommendations, churn scores, email campaigns.",
            "The model is heavy and its features are expensive to compute at request time.",
            "Most of the base is active, so little precompute is wasted.",
        ),
        "Real time, one request per call": (
            "Inputs are unseen or unbounded: search queries, fraud on a new transaction, free text.",
            "The request's context matters: session, location, what is in the cart right now.",
            "Traffic is light or the model is cheap per call, so batching has little to amortise.",
        ),
        "Real time with dynamic batching": (
            "Per-call overhead dominates (GPUs, large models, Python services) and traffic is high.",
            "The SLA leaves room for a few milliseconds of deliberate waiting.",
            "Servers such as Triton, TorchServe or BentoML already offer it as configuration.",
        ),
    },
    pitfalls=(
        "Sizing replicas for the mean rate: any burst then queues, and the tail latency explodes.",
        "Quoting average latency: a healthy mean can hide a p99 that breaks the SLA.",
        "Batching at light load: requests wait W for company that never comes.",
        "Precomputing for everyone when few are active: most of the compute is thrown away.",
        "Forgetting cold start: new users or items have no precomputed prediction until the next run.",
        "Training-serving skew: batch features computed one way offline, real-time features another way.",
        "Letting a queue grow without bound instead of shedding load or autoscaling before saturation.",
    ),
    follow_ups=(
        "Traffic doubles during a sale: what happens to p99, and how do you autoscale in time?",
        "How would you serve recommendations for a user who signed up a minute ago?",
        "Where does a feature store fit, and how does it keep offline and online features consistent?",
        "Your model moves to a GPU with a 5 ms launch cost: how do you set B and W?",
        "How do you combine a nightly candidate list with real-time re-ranking?",
        "How would you detect that precomputed predictions have gone stale or stopped refreshing?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
