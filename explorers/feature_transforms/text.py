"""The feature-transform trade-off's words: the interviewer's question, the introduction and the
"In the interview" guide."""

from __future__ import annotations

from explorers.feature_transforms.data import TEST_ROWS
from explorers.interview import InterviewGuide, TopicText

QUESTION = (
    "You have the number of likes and clicks a post got. How do you turn that into good features for a "
    "ranking model?"
)
INTRO = (
    "A synthetic engagement table: posts with heavy-tailed impressions and author followers, a true "
    "click-through rate per post, and clicks drawn from it. Each labelled row is one next impression: does "
    "the viewer engage? Both models are trained on every transform of the four counts, plus a CTR feature; "
    f"every transform and prior is fitted on the training rows only, and scored on {TEST_ROWS:,} test rows."
)
TABLE_CAPTION = (
    "Mean ± standard deviation over the seeds, on the test rows. The shaded row is the transform you picked. "
    "The last row is the no-skill baseline: predicting the training base rate for everyone (AUC 0.500)."
)
SMOOTHING_CAPTION = (
    "Each dot is a post (a random 1,500 of them), sized by impressions. Raw clicks / impressions sits on "
    "horizontal bands at 0, 1/2 and 1 for posts with one or two impressions; smoothing pulls those toward "
    "the prior mean (dashed line) and leaves posts with many impressions where they were."
)
EFFECT_CAPTION = (
    "What the model learned per bucket: its mean log-odds over test rows with the count set to each "
    "bucket's centre (partial dependence). Logistic regression on one-hot buckets learns one weight per "
    "bucket, so it can bend where a single weight on the raw count cannot."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "A raw count such as likes is a start, not a feature: normalise it, smooth it and bucket it first.",
        "Scale matters to linear models, distance-based models (k-NN, k-means) and to any penalty: an L2 "
        "penalty treats a follower count in millions and a rate in [0, 1] as if they were comparable.",
        "Trees only compare values with thresholds, so a monotone transform (log, z-score, min-max) leaves "
        "their splits, and their ranking, unchanged; clipping and bucketing do not, they merge values.",
        "Heavy tails: a few huge accounts dominate a raw count. log1p or a quantile transform spreads the "
        "bulk out; clipping at a percentile caps outliers without moving everyone else.",
        "Buckets let a linear model learn a non-linear, non-monotone effect (one weight per bucket) and are "
        "robust to outliers, at the cost of resolution inside a bucket; quantile edges beat equal widths "
        "on skewed data.",
        "CTR from few impressions is noise: 1 click in 1 impression is not a 100% post. Smooth it with a "
        "prior, (clicks + α) / (impressions + α + β), the Bayesian average; fit α and β to the data "
        "(empirical Bayes) rather than guessing a strength.",
        "Fit every transform, bucket edge and prior on the training data only; fitted on all the data, "
        "they leak the test distribution into the features.",
        "Serve exactly the transform you trained with (same code, same fitted parameters, versioned with "
        "the model): a different scaler or prior online is train/serve skew that no offline metric shows.",
    ),
    pick_when={
        "log1p or a quantile transform": (
            "Counts with a heavy tail going into a linear model or a neural network.",
            "You want the bulk of the values spread out rather than squashed against zero.",
        ),
        "Standardise or min-max": (
            "Features already roughly symmetric, fed to a model with a penalty or a distance.",
            "Min-max needs a known, stable range; one outlier squashes everything else.",
        ),
        "Buckets": (
            "The effect is non-linear or non-monotone and the model is linear.",
            "You want robustness to outliers, or to cross the feature with another (bucket × country).",
        ),
        "Splines": (
            "A smooth, non-linear effect of a count in a linear model, without the steps of buckets.",
            "Enough data per knot; a spline extrapolates poorly past the last knot.",
        ),
        "Smoothed CTR": (
            "Any rate from small counts: CTR, conversion rate, a seller's return rate.",
            "New items: the prior gives them a sensible score until their own data arrives.",
        ),
    },
    pitfalls=(
        "Raw heavy-tailed counts into logistic regression: one weight cannot fit both 10 and 10 million.",
        "Fitting the scaler, the bucket edges or the CTR prior on the whole dataset before the split.",
        "Ranking by raw CTR: the top of the list fills with posts that got one lucky click.",
        "Equal-width buckets on a skewed count: nearly every value lands in the first bucket.",
        "Re-implementing the transform differently in the serving path (train/serve skew).",
        "Assuming a transform helps a tree: it does not, unless it merges values or adds information.",
    ),
    follow_ups=(
        "How would you pick the prior strength for a smoothed CTR, and how does it change for new posts?",
        "How do you keep the transform identical between the training pipeline and the online service?",
        "Would you bucket a feature for a gradient-boosted tree model? When might it still help?",
        "How would you handle a count whose distribution drifts, so last month's bucket edges no longer fit?",
        "How do you normalise a feature for a user with no history (cold start)?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
