"""The ranking trade-off's words: the interviewer's question, the introduction and the guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText
from explorers.ranking.simulation import QUERIES, REPEATS

QUESTION = "How do you evaluate a news-feed ranker offline, and why can't you just trust the clicks?"
INTRO = (
    f"Synthetic sessions: {REPEATS} seeds of {QUERIES} queries, each with a list of candidate items graded "
    "0–3 by an editor. Each ranker scores relevance plus noise, but B cannot tell bad items from fair ones, "
    "so B can win on the head of the list and A on the tail. The click logs were collected while A was "
    "ranking, with a position-based click "
    "model: rank r is examined with probability 1/r^η, and an examined item is clicked more often the more "
    "relevant it is."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "Meta's sample questions (news feed, product recommendations, ads evaluation) are all ranking: "
        "say early that you will judge a ranked list, not single predictions.",
        "Graded metrics (nDCG) use how relevant each item is; binary ones (MAP, MRR, precision@k) only "
        "whether it is relevant. MRR looks at the first hit alone: fine for search, poor for a feed.",
        "AUC scores every pair of items alike wherever they sit, so it ignores position; use it for the "
        "click model's calibration, not to pick the ranking.",
        "Choose k to match the screen: if users see five stories, nDCG@5 is the offline number; a metric "
        "at k = 50 rewards work nobody sees.",
        "Offline metrics are a proxy: confirm with online ones (CTR, dwell time, session success, "
        "retention) in an A/B test, and watch for clickbait that lifts CTR and hurts dwell time.",
        "Logged clicks are biased towards the ranker that produced them: a new model looks worse on the "
        "old model's logs, whatever its quality.",
        "Three fixes for position bias: randomise the top few slots for a small share of traffic to "
        "measure examination; weight clicks by inverse propensity (IPS); or train with position as a "
        "feature and set it to a constant at serving time.",
        "IPS is unbiased for metrics that add up item labels (DCG, clicks in the top k), but its weights "
        "explode at deep positions: clip them, and say that clipping trades variance for bias.",
        "Feedback loops: a ranker trained on its own clicks keeps promoting what it already shows; log "
        "propensities and keep some exploration so tomorrow's training data is not only today's top k.",
        "Negative sampling: impressions that were shown and not clicked are the informative negatives; "
        "unseen items are not negatives, and random negatives are too easy.",
    ),
    pick_when={
        "Editorial relevance labels": (
            "You need a stable, unbiased offline benchmark and can pay raters for a few thousand queries.",
            "The product is new, so there are no logs yet, or they come from a ranker you are replacing.",
        ),
        "Raw clicks": (
            "Comparing small changes to the ranker that logged them, where its bias cancels out.",
            "Only as a first filter: confirm anything surprising online.",
        ),
        "Clicks reweighted by IPS (inverse propensity)": (
            "Logs are plentiful and examination probabilities are known, or estimated from randomised slots.",
            "The new ranker moves items far from where the old one showed them; clip the weights.",
        ),
    },
    pitfalls=(
        "Evaluating a new ranker on clicks logged by the old one and calling the old one better.",
        "Reporting AUC for a feed: it can rise while the top of the list gets worse.",
        "Picking k larger than the screen, or averaging over queries with no relevant item at all.",
        "Using IPS without clipping when η is large: one click at position 50 can outweigh a thousand.",
        "Treating unseen items as negatives when training: the model learns position, not relevance.",
        "Trusting the offline winner without an online A/B test on dwell time and session success.",
    ),
    follow_ups=(
        "How would you estimate the examination probabilities without a click model?",
        "Your new ranker wins offline on nDCG but loses the A/B test on CTR: what do you check?",
        "How do you evaluate a ranker when the only labels are clicks from the current system?",
        "Why would you use position as a feature at training time and fix it at serving time?",
        "How many editorial judgements do you need to tell two rankers 0.01 nDCG apart?",
        "How do you stop the feed from converging on a few popular items?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
