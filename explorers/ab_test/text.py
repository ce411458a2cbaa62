"""The A/B test page's words: the interviewer's question, the introduction, and the "In the
interview" guide."""

from __future__ import annotations

from explorers.interview import InterviewGuide, TopicText

QUESTION = (
    "Your new model wins offline. How do you run the online experiment, how long does it take, "
    "and how can it fool you?"
)
INTRO = (
    "The design controls set the plan: users per arm for the minimum detectable effect (statsmodels' "
    "normal power calculation with Cohen's h) and the days that takes at your traffic. Then 2,000 "
    "experiments are simulated day by day under the truth you set, including an A/A test of the same "
    "design, and read the way an analyst would: once at the end, or every day until p < α."
)

INTERVIEW = InterviewGuide(
    talking_points=(
        "An offline win is a proxy: AUC or nDCG on logged data cannot see how users react to new "
        "decisions, so the online experiment measures the business metric the problem was framed around.",
        "Pick one primary metric tied to the business goal (conversion, revenue per user, retention), "
        "and guardrail metrics that must not get worse: latency, crashes, unsubscribes, complaints.",
        "Size the test before it starts: baseline rate, the smallest lift worth shipping (the MDE), α and "
        "power give the users per arm; small baselines and small MDEs need far more traffic.",
        "Run for whole weeks: weekday and weekend users behave differently, so a test that stops on a "
        "Tuesday weights them wrongly even when it has enough users.",
        "Peeking at a fixed-horizon p-value every day and stopping at the first p < α inflates the "
        "false-positive rate; use a sequential design (group sequential bounds, always-valid p-values, "
        "mSPRT) if you need to look early.",
        "Novelty effects inflate a new feature's first days and primacy effects (users used to the old "
        "way) depress them: plot the lift by day and judge the settled part.",
        "Check the sample ratio first: a split off the plan (chi-square p < 0.001) means a bug in "
        "assignment or logging, and the result cannot be trusted until it is found.",
        "Many metrics or segments means some win by chance: pre-register the primary, correct the rest "
        "(Bonferroni or Holm for the family-wise error, Benjamini–Hochberg for the false discovery rate).",
        "Interference breaks the independence the test assumes: marketplaces, social feeds and shared "
        "budgets leak between arms, so randomise by cluster, region or time instead of by user.",
        "For rankers, interleaving both models' results in one list detects a preference with far fewer "
        "users than an A/B test; confirm the winner's business impact with an A/B test afterwards.",
    ),
    pick_when={
        "Fixed-horizon test": (
            "You can commit to the planned duration and read the result once.",
            "The standard analysis your team and its tools already trust.",
        ),
        "Sequential test (valid peeking)": (
            "A bad treatment must be stopped fast (a guardrail breaking), or traffic is precious.",
            "Boundaries are set before the start and the analysis accounts for every look.",
        ),
        "Interleaving": (
            "Comparing two rankers on the same query traffic, to pick candidates for a full A/B test.",
        ),
    },
    pitfalls=(
        "Stopping as soon as the dashboard turns green: with daily looks the false-positive rate climbs "
        "far above α.",
        "Shipping on a one-week test of a feature with a novelty effect: the long-run lift is smaller.",
        "Declaring victory on whichever of twenty metrics moved, without a correction.",
        "Ignoring a sample-ratio mismatch, or 'fixing' it by reweighting instead of finding the bug.",
        "Running an underpowered test, then reading 'not significant' as 'no effect'.",
        "Randomising users in a marketplace where treated and control users compete for the same items.",
    ),
    follow_ups=(
        "Your traffic halves: what happens to the duration, and what would you change in the design?",
        "The treatment wins on clicks but loses on revenue per user: what do you ship?",
        "Product wants daily results: how do you allow that without inflating false positives?",
        "The split came out 50.6% / 49.4% on a million users: what do you do?",
        "How would you test a change to a two-sided marketplace's ranking where arms interfere?",
        "How do you tell a novelty effect from a real lift that decays because the model goes stale?",
    ),
)

TEXT = TopicText(question=QUESTION, interview=INTERVIEW, intro=INTRO)
