"""The page's view as a notebook: the same split with its injected outliers, both models as the
controls set them, their test accuracy and the calibration of their probabilities, and the headline
numbers (see ``explorers.export``). Fit times and latencies are measured live, so they are left out."""

from __future__ import annotations

from explorers.export import Recipe, code, md
from explorers.lr_vs_svm.data import OUTLIER_STRETCH, TEST_FRACTION, _load_split
from explorers.lr_vs_svm.specs import (
    CALIBRATION_FOLDS,
    LR_MAX_ITER,
    SVM_CACHE_MB,
    SVM_COEF0,
    SVM_MAX_ITER,
    SVM_POLY_DEGREE,
)
from explorers.lr_vs_svm.topic import Params
from explorers.notebook_data import ONE_THREAD, data_cells, split_cell

_OUTLIERS = f"""
def inject_outliers(X, y, fraction, seed):
    \"\"\"round(fraction * n) far-away copies of training rows with the opposite label: each pushed from
    the training mean along its own direction (standardised units) to 2-3 typical distances.\"\"\"
    n = y.size
    rng = np.random.default_rng([seed, 2024])
    order, stretch = rng.permutation(n), rng.uniform(*{OUTLIER_STRETCH!r}, size=n)
    rows = order[: round(fraction * n)]
    centre, spread = X.mean(axis=0), X.std(axis=0)
    spread[spread == 0] = 1.0
    z = (X - centre) / spread
    norms = np.linalg.norm(z, axis=1)
    typical = float(np.median(norms)) or 1.0
    directions = z[rows] / np.maximum(norms[rows], 1e-12)[:, None]
    directions[norms[rows] < 1e-12] = np.eye(X.shape[1])[0]
    far = centre + directions * (typical * stretch[rows])[:, None] * spread
    return far, 1 - y[rows]


X, y = load(n_samples=N_ROWS, seed=SEED)
train, test = split(y, SEED)
X_clean, y_clean = X[train], y[train]
X_test, y_test = X[test], y[test]
far, flipped = inject_outliers(X_clean, y_clean, OUTLIERS, SEED)
X_train, y_train = np.vstack([X_clean, far]), np.concatenate([y_clean, flipped])
print(f"{{y_clean.size}} clean training rows + {{far.shape[0]}} outliers, {{y_test.size}} test rows")
"""

_MODELS = f"""
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC


def logistic():
    steps = [("scale", StandardScaler())] if SCALING else []
    if LR_DEGREE > 1:  # products of features, so a linear model can draw curved boundaries
        steps.append(("poly", PolynomialFeatures(LR_DEGREE, include_bias=False)))
        steps += [("scale_poly", StandardScaler())] if SCALING else []
    steps.append(("model", LogisticRegression(C=LR_C, max_iter={LR_MAX_ITER})))
    return Pipeline(steps)


def svm():
    svc = SVC(kernel=SVM_KERNEL, C=SVM_C, gamma=SVM_GAMMA, degree={SVM_POLY_DEGREE}, coef0={SVM_COEF0},
              cache_size={SVM_CACHE_MB}, max_iter={SVM_MAX_ITER})
    return Pipeline(([("scale", StandardScaler())] if SCALING else []) + [("model", svc)])


lr_model = logistic().fit(X_train, y_train)
svm_model = svm().fit(X_train, y_train)
# The SVM has no probabilities of its own: Platt scaling on out-of-fold margins (one SVM on all rows).
folds = StratifiedKFold({CALIBRATION_FOLDS}, shuffle=True, random_state=SEED)
svm_calibrated = CalibratedClassifierCV(svm(), method="sigmoid", cv=folds, ensemble=False)
svm_calibrated.fit(X_train, y_train)
"""

_SCORES = """
from scipy.special import expit
from sklearn.metrics import accuracy_score, brier_score_loss

lr_accuracy = accuracy_score(y_test, lr_model.predict(X_test))
svm_accuracy = accuracy_score(y_test, svm_model.predict(X_test))
p_lr = lr_model.predict_proba(X_test)[:, 1]
p_squashed = expit(svm_model.decision_function(X_test))  # a squashed margin, NOT a probability
p_calibrated = svm_calibrated.predict_proba(X_test)[:, 1]

# The baselines: always the majority class of the clean training rows; always their share of positives.
prior = y_clean.mean()
majority = 1 if prior > 0.5 else 0
baseline_accuracy = np.mean(y_test == majority)
baseline_brier = np.mean((prior - y_test) ** 2)
print(f"test accuracy: LR {lr_accuracy:.3f}, SVM {svm_accuracy:.3f}, majority class {baseline_accuracy:.3f}")
"""

_RELIABILITY = """
import plotly.graph_objects as go


def reliability(p, bins=BINS):
    \"\"\"Mean predicted probability and observed rate per bin of equal counts.\"\"\"
    edges = np.percentile(p, np.linspace(0, 100, bins + 1))
    ids = np.searchsorted(edges[1:-1], p)
    total = np.bincount(ids, minlength=bins)
    kept = total > 0
    predicted = np.bincount(ids, weights=p, minlength=bins)[kept] / total[kept]
    observed = np.bincount(ids, weights=y_test, minlength=bins)[kept] / total[kept]
    return predicted, observed


fig = go.Figure()
fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", line_dash="dot", name="Perfectly calibrated")
for name, p in (("Logistic regression", p_lr), ("SVM: expit(raw margin)", p_squashed),
                ("SVM: calibrated (Platt)", p_calibrated)):
    predicted, observed = reliability(p)
    fig.add_scatter(x=predicted, y=observed, mode="lines+markers", name=name)
fig.update_layout(xaxis_title="Mean predicted P(y=1)", yaxis_title="Observed share of positives")
fig.show()
"""

_HEADLINE = """
HEADLINE = {
    "LR test accuracy": round(lr_accuracy, 3),
    "SVM test accuracy": round(svm_accuracy, 3),
    "Majority-class baseline accuracy": round(float(baseline_accuracy), 3),
    "LR Brier": round(brier_score_loss(y_test, p_lr), 3),
    "SVM Brier, squashed margin": round(brier_score_loss(y_test, p_squashed), 3),
    "SVM Brier, calibrated": round(brier_score_loss(y_test, p_calibrated), 3),
    "Base-rate Brier (baseline)": round(float(baseline_brier), 3),
}
"""


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    _, parts, raised = _load_split(params.dataset, params.n_train, params.seed)
    n_rows = parts.y_train.size + parts.y_test.size
    lr, svm = params.logistic, params.svm
    why = f"  # {params.n_train} asked for: too few rows of a class" if raised else ""
    degree_why = f"  # {params.lr_degree} asked for: too many terms" if lr.degree != params.lr_degree else ""
    return Recipe(
        title="Logistic regression vs SVM",
        cells=(
            md(
                """
                Logistic regression minimises the log loss and gives probabilities; an SVM minimises the
                hinge loss, keeps only its support vectors and gives a margin, which needs calibrating
                before it can be read as a probability. This notebook trains both on the same split,
                compares their test accuracy with the majority-class baseline, then asks whether their
                probabilities can be trusted.
                """
            ),
            code(
                ONE_THREAD
                + code(
                    f"""
                    SEED = {params.seed!r}
                    N_ROWS = {n_rows}  # to train on {parts.y_train.size} after the split{why}
                    OUTLIERS = {params.outliers!r}  # far-away, label-flipped training rows, as a share
                    SCALING = {params.scaling!r}  # a StandardScaler in both pipelines
                    LR_C, LR_DEGREE = {lr.C!r}, {lr.degree!r}{degree_why}
                    SVM_KERNEL, SVM_C, SVM_GAMMA = {svm.kernel!r}, {svm.C!r}, {svm.gamma!r}
                    BINS = {params.bins!r}  # reliability-curve bins
                    """
                ).source
            ),
            *data_cells(params.dataset),
            md(
                f"""
                ## Split, then outliers

                Stratified, {TEST_FRACTION:.0%} of the rows held out for testing. The outliers are added
                to the training rows only: the test set stays clean.
                """
            ),
            split_cell(TEST_FRACTION),
            code(_OUTLIERS),
            md(
                """
                ## Both models

                Each a pipeline, so the scaler is fitted on the training rows only.
                """
            ),
            code(_MODELS),
            md(
                """
                ## Test accuracy, and what it must beat

                Always predicting the commoner class of the training rows is the baseline for accuracy;
                predicting their share of positives for every row is the baseline for the Brier score.
                """
            ),
            code(_SCORES),
            md(
                """
                ## Can you trust the probabilities?

                A reliability curve groups the test rows into bins of equal counts by predicted
                P(y=1) and compares each bin's mean prediction with its observed share of positives.
                """
            ),
            code(_RELIABILITY),
            md(
                """
                ## The numbers the page shows

                Accuracies and Brier scores to three decimals (lower Brier is better). Fit times and
                latencies are measured live on the machine, so they are not reproduced here.
                """
            ),
            code(_HEADLINE),
        ),
    )
