"""The page's words: the question, the introduction, the controls' help and the interview guide.
Every number they state comes from the constant it describes."""

from __future__ import annotations

from explorers.formatting import share
from explorers.interview import InterviewGuide, TopicText
from explorers.regularization.penalties import C_GRID, ELASTIC_NET, L1, L2, NEWTON, SAGA
from explorers.regularization.problem import DUPLICATE_CORRELATION, N_FOLDS, TEST_FRACTION

INTRO = (
    "Logistic regression on standardised features (the scaler is refitted inside every fold). L2 is "
    f"solved exactly by {NEWTON.name}; L1 and elastic-net by {SAGA.name}, the solver that handles them, "
    f"with a loose tolerance for speed. The whole grid of {len(C_GRID)} values of C is swept once per data "
    f"and penalty setting with {N_FOLDS}-fold cross-validation on the training split; "
    f"{share(TEST_FRACTION)} of the data is held out as a test set. Moving C only reads that sweep."
)

# Help for the page's controls, by control key.
HELP: dict[str, str] = {
    "n_noise": "Appends this many pure-noise columns, unrelated to the label. Applies to the tabular "
    "datasets (breast cancer, diabetes, digits, yours); no effect on the 2-D sets.",
    "n_duplicates": "Appends near-copies of randomly chosen real features (correlation about "
    f"{DUPLICATE_CORRELATION:.3f}). Applies to the tabular datasets; no effect on the 2-D sets.",
    "degree": "Expands x1, x2 into every monomial up to this degree, so the model can overfit. Applies to "
    "the 2-D synthetic datasets; no effect on the tabular sets.",
    "n_train": "Rows in the training split (a tabular set may have fewer). Fewer rows per feature make "
    "overfitting easier; larger sets take longer to sweep.",
    "penalty": f"{L2.name} is fitted by {NEWTON.name} to a tight tolerance (exact). {L1.name} and "
    f"{ELASTIC_NET.name.lower()} need {SAGA.name}, run with a loose tolerance and a {SAGA.max_iter}-"
    f"{SAGA.step} cap, so at large C it can stop before the weights grow.",
    "l1_ratio": "Share of L1 in the elastic-net penalty: 0 is pure L2, 1 is pure L1. Used only when the "
    f"penalty is {ELASTIC_NET.label}.",
    "scoring": "What the curves show and what cross-validation maximises to pick C. Log loss shows "
    "over-confidence that accuracy hides.",
    "C": "Small C = strong penalty (simple model); large C = weak penalty (flexible model).",
}

INTERVIEW = InterviewGuide(
    talking_points=(
        "Regularization adds a price on large weights to the training loss: λ‖w‖² (L2) or λ‖w‖₁ (L1). "
        "scikit-learn's C is 1/λ, so a small C means a strong penalty.",
        "It trades variance for bias: too strong and train and CV are both poor (underfitting); too weak "
        "and train keeps improving while CV gets worse (overfitting). The validation curve shows both.",
        "Pick the strength by cross-validation on the training data only (LogisticRegressionCV, a grid "
        "search); touch the test set once, at the end.",
        "Standardise first, inside the CV pipeline: the penalty is on coefficient size, so without scaling "
        "a feature in millimetres is penalised differently from the same feature in metres.",
        "L1 sets weights exactly to zero, a built-in feature selection; L2 shrinks all of them and spreads "
        "weight across correlated features; elastic-net mixes both and keeps correlated groups together.",
        "Read the learning curve: if CV still improves with more data, data is the better lever; if train "
        "and CV have met at a poor score, the model is too simple and loosening the penalty is.",
        "Other regularizers: early stopping, dropout, weight decay, tree depth and leaf size, data "
        "augmentation, bagging, label smoothing.",
    ),
    pick_when={
        "Stronger penalty (smaller C)": (
            "Few examples per feature, or many features that may be irrelevant or noisy.",
            "Train score far above CV score (high variance).",
            "You need stable coefficients that do not swing with each retrain.",
        ),
        "Weaker penalty (larger C)": (
            "Plenty of data per feature, and train and CV both poor (high bias).",
            "Features are few, engineered with care, and all expected to matter.",
        ),
        "L1 or elastic-net": (
            "You want a sparse model: easier to explain, fewer features to compute and log in serving.",
            "Many candidate features, most suspected useless; elastic-net when they come in correlated sets.",
        ),
        "L2": (
            "Correlated features whose weight should be shared rather than given to one arbitrarily.",
            "Every feature likely carries a little signal; you want a smooth, stable solution.",
        ),
    },
    pitfalls=(
        "Choosing C on the test set, or fitting the scaler on all the data before cross-validating: leakage.",
        "Forgetting to scale: the penalty then depends on each feature's units.",
        "Reading L1's zeros as 'useless features': of two near-duplicates L1 keeps one almost at random.",
        "Carrying C over to a bigger dataset: scikit-learn's C multiplies the summed loss, so the same C "
        "regularizes less as the data grows.",
        f"Trusting a solver that stopped early at large C: {SAGA.name}'s {SAGA.step} cap is a regularizer of "
        "its own.",
        "Blaming overfitting when the learning curve says the model is too simple: more penalty won't help.",
    ),
    follow_ups=(
        "Why does L1 give exact zeros while L2 does not?",
        "Two features are perfectly correlated: what do L1 and L2 do with their weights?",
        "How would you choose λ on a billion rows with a day of compute?",
        "What plays the role of regularization in gradient-boosted trees? In a neural network?",
        "How do L2 and L1 relate to Gaussian and Laplace priors on the weights?",
        "Your model overfits and you can get ten times more data: what do you try first, and why?",
    ),
)

TEXT = TopicText(
    question="Your model overfits. How does regularization help, and how do you choose its strength?",
    interview=INTERVIEW,
    intro=INTRO,
)
