"""The page's view as a notebook: the data drawn at the exact class ratio per seed, every picked
strategy as an imbalanced-learn pipeline fitted on the training split only, the test metrics, the
calibration panel's Brier scores, and the headline numbers (see ``explorers.export``)."""

from __future__ import annotations

from explorers.export import Recipe, code, md
from explorers.imbalance.data import CV_FOLDS, TEST_FRACTION, plan_data, ratio_label, seed_range
from explorers.imbalance.strategies import DEFAULT_THRESHOLD, FOREST_TREES, STRATEGIES
from explorers.imbalance.topic import Params, _settled
from explorers.notebook_data import ONE_THREAD, data_cells, split_cell

_BASE_MODELS = {
    "logreg": """
        def base_model(seed):
            return SkPipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=1000))])
    """,
    "gbm": """
        def base_model(seed):
            return HistGradientBoostingClassifier(max_iter=25, learning_rate=0.25, max_leaf_nodes=8,
                                                  max_bins=32, early_stopping=False, random_state=seed)
    """,
}

_PIPELINES = f"""
from imblearn.combine import SMOTETomek
from imblearn.ensemble import BalancedRandomForestClassifier
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import StandardScaler

__BASE__

# Each resampler balances the classes 1:1, and only ever sees the rows the pipeline is fitted on.
SAMPLERS = {{
    "under": lambda seed, k: RandomUnderSampler(random_state=seed),
    "over": lambda seed, k: RandomOverSampler(random_state=seed),
    "smote": lambda seed, k: SMOTE(k_neighbors=k, random_state=seed),
    "adasyn": lambda seed, k: ADASYN(n_neighbors=k, random_state=seed),
    "smote_tomek": lambda seed, k: SMOTETomek(smote=SMOTE(k_neighbors=k, random_state=seed),
                                              random_state=seed),
}}
USES_K = {{"smote", "adasyn", "smote_tomek"}}


def make_pipeline(key, seed, k=1):
    \"\"\"scale -> [resample] -> model, as an imbalanced-learn Pipeline.\"\"\"
    steps = [("scale", StandardScaler())]
    if key in SAMPLERS:
        steps.append(("resample", SAMPLERS[key](seed, k)))
    if key == "ensemble":  # a balanced random forest in place of the base model
        model = BalancedRandomForestClassifier(
            n_estimators={FOREST_TREES}, sampling_strategy="all", replacement=True, bootstrap=False,
            min_samples_leaf=2, n_jobs=1, random_state=seed)
    else:
        model = base_model(seed)
        if key == "weights":  # each minority error weighs n_majority / n_minority times more
            final = model.steps[-1][1] if hasattr(model, "steps") else model
            final.set_params(class_weight="balanced")
    steps.append(("model", model))
    return Pipeline(steps)


def folds(seed):
    return StratifiedKFold(n_splits={CV_FOLDS}, shuffle=True, random_state=seed)


def neighbours(key, n_minority):
    \"\"\"K lowered so SMOTE and ADASYN find K neighbours among the minority rows they see.\"\"\"
    if key not in USES_K:
        return 1  # unused
    if n_minority < 2:
        raise ValueError("too few minority rows to interpolate between")
    return min(K, n_minority - 1)
"""

_METRICS = """
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score


def operating_points(y_true, scores):
    \"\"\"Thresholds (highest first, the first flags nothing) with the true and false positives at each.\"\"\"
    order = np.argsort(-scores, kind="stable")
    s_sorted, y_sorted = scores[order], y_true[order]
    ends = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.size - 1]
    tp = np.cumsum(y_sorted)[ends]
    top = 1.0 if s_sorted[0] < 1.0 else np.nextafter(s_sorted[0], np.inf)
    return np.r_[top, s_sorted[ends]], np.r_[0, tp], np.r_[0, ends + 1 - tp]


def f1_optimal_threshold(y_true, scores):
    \"\"\"The threshold with the highest F1 (the highest such threshold on a tie).\"\"\"
    thresholds, tp, fp = operating_points(y_true, scores)
    precision = np.ones(tp.size)  # flagging nothing: precision 1 by convention
    np.divide(tp, tp + fp, out=precision, where=tp + fp > 0)
    recall = tp / y_true.sum()
    f1 = np.zeros(tp.size)
    np.divide(2 * precision * recall, precision + recall, out=f1, where=precision + recall > 0)
    return float(thresholds[int(np.argmax(f1))])


def metrics(y_true, scores, threshold):
    flagged, positive = scores >= threshold, y_true == 1
    tp, fp = int(np.sum(flagged & positive)), int(np.sum(flagged & ~positive))
    return {
        "accuracy": float(np.mean(flagged == positive)),
        "tp": tp,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / positive.sum(),
        "pr_auc": average_precision_score(y_true, scores),
        "roc_auc": roc_auc_score(y_true, scores),
        "brier": brier_score_loss(y_true, scores),
    }


def prior_correct(p, odds_ratio):
    \"\"\"Undo a change of class prior: p' = p r / (p r + 1 - p), r = original odds / resampled odds.\"\"\"
    return p * odds_ratio / (p * odds_ratio + (1 - p))
"""

_RUN = f"""
import pandas as pd

runs = {{key: [] for key in RUN}}  # one row of test metrics per seed
failed = {{}}
calibrated_briers = []
for seed in SEEDS:
    X, y = load(n_samples=N_ROWS, positive_fraction=N_MINORITY / N_ROWS, seed=seed)
    train, test = split(y, seed)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    n_minority = int(y_train.sum())
    for key in RUN:
        if key in failed:
            continue
        try:
            pipe = make_pipeline(key, seed, neighbours(key, n_minority))
            threshold = {DEFAULT_THRESHOLD}
            if key == "threshold":  # F1-optimal on out-of-fold training scores, never on the test split
                oof = cross_val_predict(pipe, X_train, y_train, cv=folds(seed), method="predict_proba")[:, 1]
                threshold = f1_optimal_threshold(y_train, oof)
            pipe.fit(X_train, y_train)
        except (ValueError, RuntimeError) as problem:
            failed[key] = f"seed {{seed}}: {{problem}}"
            continue
        scores = pipe.predict_proba(X_test)[:, 1]
        row = {{"seed": seed, "threshold": threshold, **metrics(y_test, scores, threshold)}}
        row["y_test"], row["scores"] = y_test, scores
        if key == CALIBRATE:  # the odds of the minority before / after resampling, for the prior correction
            _, y_fitted = Pipeline(pipe.steps[:-1]).fit_resample(X_train, y_train)
            odds_before = n_minority / (y_train.size - n_minority)
            odds_ratio = odds_before / (y_fitted.sum() / (y_fitted.size - y_fitted.sum()))
            row["prior_brier"] = brier_score_loss(y_test, prior_correct(scores, odds_ratio))
        runs[key].append(row)
    # The calibration panel: CalibratedClassifierCV around the resampling pipeline, on the training split.
    try:
        fold_minority = n_minority - -(-n_minority // {CV_FOLDS})
        pipe = make_pipeline(CALIBRATE, seed, neighbours(CALIBRATE, fold_minority))
        calibrated = CalibratedClassifierCV(pipe, method="sigmoid", cv=folds(seed))
        calibrated.fit(X_train, y_train)
        calibrated_briers.append(brier_score_loss(y_test, calibrated.predict_proba(X_test)[:, 1]))
    except (ValueError, RuntimeError) as problem:
        failed["calibrated"] = str(problem)

table = pd.DataFrame(
    {{NAMES[key]: pd.DataFrame(rows)[["accuracy", "precision", "recall", "pr_auc", "roc_auc", "brier"]].mean()
     for key, rows in runs.items() if key in SHOWN and key not in failed}}
).T
print(f"Test metrics, mean over {{len(SEEDS)}} seeds:")
print(table.round(3).to_string())
if failed:
    print("Could not run:", failed)
"""

_PR_CHART = """
import plotly.graph_objects as go
from sklearn.metrics import precision_recall_curve

fig = go.Figure()
for key in SHOWN:
    if key in failed:
        continue
    y_all = np.concatenate([row["y_test"] for row in runs[key]])
    precision, recall, _ = precision_recall_curve(y_all, np.concatenate([row["scores"] for row in runs[key]]))
    fig.add_scatter(x=recall, y=precision, mode="lines", line_shape="hv", name=NAMES[key])
fig.add_hline(y=N_MINORITY / N_ROWS, line_dash="dot", annotation_text="chance: the minority share")
fig.update_layout(xaxis_title="Recall", yaxis_title="Precision",
                  title="Precision-recall, every seed's test split pooled")
fig.show()
"""

_HEADLINE = """
def mean(key, metric):
    return float(np.mean([row[metric] for row in runs[key]]))


none = runs["none"]
HEADLINE = {"Minority share": round(100 * N_MINORITY / N_ROWS, 1)}
if "none" not in failed:
    HEADLINE["Accuracy, doing nothing"] = round(100 * mean("none", "accuracy"), 1)
    HEADLINE["Caught, doing nothing"] = sum(row["tp"] for row in none)  # "... of N"
ran = [key for key in SHOWN if key not in failed]
if ran and "none" not in failed:
    best = max(ran, key=lambda key: mean(key, "pr_auc"))
    HEADLINE[f"Best PR-AUC: {CARD_NAMES[best]}"] = round(mean(best, "pr_auc"), 2)
if not {"none", CALIBRATE, "calibrated"} & set(failed):
    HEADLINE["Brier, No resampling"] = round(mean("none", "brier"), 3)
    HEADLINE[f"Brier, {NAMES[CALIBRATE]}"] = round(mean(CALIBRATE, "brier"), 3)
    HEADLINE["Brier, Prior-corrected"] = round(mean(CALIBRATE, "prior_brier"), 3)
    HEADLINE["Brier, CV-calibrated"] = round(float(np.mean(calibrated_briers)), 3)
"""


def _dict(keys: tuple[str, ...], field: str) -> str:
    return "{" + ", ".join(f"{key!r}: {getattr(STRATEGIES[key], field)!r}" for key in keys) + "}"


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    settled, notice = _settled(params)
    plan = plan_data(settled.dataset, settled.ratio, settled.samples)
    shown = settled.strategies or ("none",)
    run = tuple(dict.fromkeys(("none", *shown, settled.calibrate)))
    why = "" if notice is None else f"\n\nThe page could not run at the settings asked for: {notice}"
    return Recipe(
        title="Class imbalance",
        cells=(
            md(
                f"""
                When the positive class is rare, a classifier can score a high accuracy by flagging
                nothing. This notebook draws the data at the page's class ratio, splits it first, then
                compares the strategies you picked, each inside an imbalanced-learn pipeline so that any
                resampling touches the training rows only. Every seed draws new data and a new split;
                the numbers are means over the seeds.

                The data: {plan.n_minority:,} minority and {plan.n_majority:,} majority rows per seed
                ({plan.ratio_text}).{why}
                """
            ),
            code(
                ONE_THREAD
                + code(
                    f"""
                SEEDS = {seed_range(settled.seed, settled.seeds)!r}
                N_MINORITY, N_MAJORITY = {plan.n_minority}, {plan.n_majority}  # {ratio_label(settled.ratio)}
                N_ROWS = N_MINORITY + N_MAJORITY
                SHOWN = {shown!r}  # the strategies compared
                CALIBRATE = {settled.calibrate!r}  # the resampler of the calibration panel
                RUN = {run!r}  # doing nothing is always run: the baseline
                K = {settled.k!r}  # k_neighbors of SMOTE and ADASYN
                NAMES = {_dict(run, "label")}
                CARD_NAMES = {_dict(run, "card_name")}
                """
                ).source
            ),
            *data_cells(settled.dataset),
            md(f"## Split first\n\nStratified, {TEST_FRACTION:.0%} of the rows held out for testing."),
            split_cell(TEST_FRACTION),
            md(
                f"""
                ## The strategies

                Every pipeline scales the features, may resample (training rows only), then fits the
                model. Class weights reweight the errors instead; threshold moving keeps the model and
                flags at the F1-optimal threshold of {CV_FOLDS}-fold out-of-fold training scores.
                """
            ),
            code(_PIPELINES.replace("__BASE__", code(_BASE_MODELS[settled.model]).source)),
            md(
                """
                ## The metrics

                Computed on the test split, the minority class as positive. PR-AUC is the average
                precision; the Brier score is the mean squared error of P(minority). Resampling shifts
                the prior the model learns; the **prior correction** undoes it from the odds of the
                minority class before and after resampling.
                """
            ),
            code(_METRICS),
            md(
                f"""
                ## Every strategy on every seed

                Also `CalibratedClassifierCV` (sigmoid, {CV_FOLDS} folds) around the
                {STRATEGIES[settled.calibrate].label} pipeline: each fold resamples only its own training
                part, the sigmoid is fitted on the untouched rest.
                """
            ),
            code("from sklearn.calibration import CalibratedClassifierCV\n" + code(_RUN).source),
            md("## Precision-recall\n\nThe chance level of precision is the minority share."),
            code(_PR_CHART),
            md(
                """
                ## The numbers the page shows

                Shares in percent, PR-AUC to two decimals, Brier scores to three; the number of minority
                test examples doing nothing catches, over every seed's test split.
                """
            ),
            code(_HEADLINE),
        ),
    )
