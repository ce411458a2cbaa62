"""The page's view as a notebook: the same data, split and model, the validation scores read at the
threshold, beta, error costs and deployment prevalence, and the headline numbers (see
``explorers.export``)."""

from __future__ import annotations

from explorers.export import Recipe, code, md
from explorers.notebook_data import ONE_THREAD, data_cells, split_cell
from explorers.threshold.topic import Params
from explorers.threshold.training import TEST_FRACTION, VAL_FRACTION, _split_or_fall_back

_MODELS = {
    "logreg": (
        "Logistic regression, on standardised features",
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        model = Pipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=1000))])
        """,
    ),
    "gbm": (
        "Gradient boosting, small and quick (25 trees of at most 8 leaves)",
        """
        from sklearn.ensemble import HistGradientBoostingClassifier

        model = HistGradientBoostingClassifier(max_iter=25, learning_rate=0.25, max_leaf_nodes=8,
                                               max_bins=32, early_stopping=False, random_state=SEED)
        """,
    ),
}


def _balance(params: Params) -> tuple[float, str]:
    """The positive-class share the page trains at, and a comment when it differs from the slider's."""
    fallback = _split_or_fall_back(params.dataset, params.balance, params.seed)[2]
    if fallback is None:
        return params.balance, ""
    return fallback, f"  # the data cannot split at {params.balance!r}: the page uses {fallback!r}"


def _shares() -> str:
    """'60/20/20'."""
    shares = (1 - VAL_FRACTION - TEST_FRACTION, VAL_FRACTION, TEST_FRACTION)
    return "/".join(f"{100 * share:.0f}" for share in shares)


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    balance, why = _balance(params)
    name, model_code = _MODELS[params.model]
    return Recipe(
        title="Threshold & error cost",
        cells=(
            md(
                """
                A classifier gives every example a score; a **threshold** turns scores into decisions.
                This notebook trains the page's model, reads its validation scores at your threshold,
                then asks which threshold the error costs call for.
                """
            ),
            code(
                ONE_THREAD
                + code(
                    f"""
                SEED = {params.seed!r}
                BALANCE = {balance!r}  # share of positives in the data{why}
                THRESHOLD = {params.threshold!r}  # flag an example when its score is at least this
                BETA = {params.beta!r}  # F-beta's beta
                COST_FP, COST_FN = {params.cost_fp!r}, {params.cost_fn!r}  # dollars per error
                PREVALENCE = {params.prevalence!r}  # share of positives in deployment; None = as in the data
                """
                ).source
            ),
            *data_cells(params.dataset),
            md(
                f"""
                ## Split: train / validation / test

                A stratified split, {_shares()}: the model is fitted on the training rows, the threshold is
                read and chosen on the validation rows, and the test rows are touched once, to report the
                cost at the chosen threshold.
                """
            ),
            split_cell(TEST_FRACTION, VAL_FRACTION),
            code(
                """
                X, y = load(positive_fraction=BALANCE, seed=SEED)
                train, val, test = split(y, SEED)
                X_train, y_train = X[train], y[train]
                X_val, y_val = X[val], y[val]
                X_test, y_test = X[test], y[test]
                print(f"{train.size} train, {val.size} validation, {test.size} test rows; "
                      f"{y_val.sum()} of the validation rows are {POSITIVE_LABEL}")
                """
            ),
            md(f"## The model: {name}\n\nFitted once; every other control only reads its scores."),
            code(
                code(model_code).source
                + "\n\nmodel.fit(X_train, y_train)\n"
                + "val_scores = model.predict_proba(X_val)[:, 1]  # P(positive)\n"
                + "test_scores = model.predict_proba(X_test)[:, 1]"
            ),
            md(
                """
                ## The scores and the threshold

                Each class's validation scores; everything right of the threshold is flagged positive.
                """
            ),
            code(
                """
                import plotly.graph_objects as go

                fig = go.Figure()
                for label, cls in ((NEGATIVE_LABEL, 0), (POSITIVE_LABEL, 1)):
                    fig.add_histogram(x=val_scores[y_val == cls], xbins=dict(start=0, end=1, size=0.05),
                                      name=f"True {label}", opacity=0.6)
                fig.add_vline(x=THRESHOLD, line_dash="dash", annotation_text=f"threshold {THRESHOLD:.2f}")
                fig.update_layout(barmode="overlay", xaxis_title="Score: P(positive)",
                                  yaxis_title="Validation examples")
                fig.show()
                """
            ),
            md(
                """
                ## The rates at the threshold

                From the confusion counts at the threshold. With a deployment prevalence picked, each
                class's row is rescaled to its expected share per 1,000 predictions: recall and the
                false-positive rate stay, precision, F1 and accuracy move.
                """
            ),
            code(
                """
                flagged, positive = val_scores >= THRESHOLD, y_val == 1
                tp, fp = np.sum(flagged & positive), np.sum(flagged & ~positive)
                fn, tn = np.sum(~flagged & positive), np.sum(~flagged & ~positive)
                if PREVALENCE is not None:  # expected counts per 1,000 at the deployment prevalence
                    per_pos, per_neg = 1000 * PREVALENCE / (tp + fn), 1000 * (1 - PREVALENCE) / (fp + tn)
                    tp, fn, fp, tn = tp * per_pos, fn * per_pos, fp * per_neg, tn * per_neg


                def ratio(a, b):
                    return float(a / b) if b else 0.0


                precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
                f1 = ratio(2 * tp, 2 * tp + fp + fn)
                fbeta = ratio((1 + BETA**2) * tp, BETA**2 * (tp + fn) + tp + fp)
                accuracy, fpr = ratio(tp + tn, tp + fp + tn + fn), ratio(fp, fp + tn)
                where = "on validation data"
                if PREVALENCE is not None:
                    where = f"at {100 * PREVALENCE:.6g}% prevalence"
                print(f"precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}, "
                      f"accuracy {accuracy:.3f}, "
                      f"false-positive rate {fpr:.3f} ({where})")
                """
            ),
            md(
                """
                ## What the errors cost

                The expected cost per 1,000 predictions at a threshold is
                `1000 × (c_FP × FPR × (1 − π) + c_FN × FNR × π)`, π the prevalence (the data's, or the
                deployment one). We evaluate it at every distinct score (each flags a different set of
                examples), take the widest run of thresholds that reach the lowest cost and report its
                middle, then check that cost once on the test split. scikit-learn's
                `TunedThresholdClassifierCV` searches a grid of 100 thresholds for the same cost.
                """
            ),
            code(
                """
                def weights(y_true):
                    \"\"\"Per-example weights (negative, positive): 1/n, or reweighted to PREVALENCE.\"\"\"
                    n_pos = int(np.sum(y_true)); n_neg = y_true.size - n_pos
                    if PREVALENCE is None:
                        return 1 / y_true.size, 1 / y_true.size
                    return (1 - PREVALENCE) / n_neg, PREVALENCE / n_pos


                def cost_per_1000(y_true, flagged):
                    w_neg, w_pos = weights(y_true)
                    fp = np.sum(flagged & (y_true == 0)); fn = np.sum(~flagged & (y_true == 1))
                    return float(1000 * (COST_FP * w_neg * fp + COST_FN * w_pos * fn))


                # Every distinct operating point, thresholds ascending (the first flags everything, the last
                # nothing): sort by score and count what each threshold flags.
                order = np.argsort(-val_scores, kind="stable")
                s_sorted, y_sorted = val_scores[order], y_val[order]
                ends = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.size - 1]
                top = 1.0 if s_sorted[0] < 1.0 else np.nextafter(s_sorted[0], np.inf)
                thresholds = np.r_[top, s_sorted[ends]][::-1]
                tp_at = np.r_[0, np.cumsum(y_sorted)[ends]][::-1]
                fp_at = np.r_[0, ends + 1 - np.cumsum(y_sorted)[ends]][::-1]
                w_neg, w_pos = weights(y_val)
                cost = 1000 * (COST_FP * w_neg * fp_at + COST_FN * w_pos * (y_val.sum() - tp_at))

                # The widest run of thresholds in [0, 1] that all reach the lowest cost; its middle.
                best = cost <= cost.min() + 1e-9 * max(abs(cost.min()), 1.0)
                lows, highs = np.minimum(np.r_[0.0, thresholds[:-1]], 1.0), np.minimum(thresholds, 1.0)
                edges = np.flatnonzero(np.diff(np.r_[0, best.astype(np.int8), 0]))
                runs = [(lows[a], highs[b - 1]) for a, b in zip(edges[::2], edges[1::2])]
                low, high = max(runs, key=lambda run: run[1] - run[0])
                best_threshold = (low + high) / 2


                def cost_at(threshold):
                    \"\"\"Cost at any threshold: that of the lowest candidate at or above it.\"\"\"
                    i = min(int(np.searchsorted(thresholds, threshold, side="left")), thresholds.size - 1)
                    return float(cost[i])


                current_cost = cost_at(THRESHOLD)
                test_cost = cost_per_1000(y_test, test_scores >= best_threshold)
                print(f"${current_cost:.4g} per 1,000 at {THRESHOLD:.2f}; "
                      f"the lowest is at {low:.2f}-{high:.2f} "
                      f"(middle {best_threshold:.2f}), ${test_cost:.4g} per 1,000 there on the test split")
                """
            ),
            code(
                """
                from sklearn.metrics import make_scorer
                from sklearn.model_selection import TunedThresholdClassifierCV


                def cost_score(y_true, y_pred):
                    return cost_per_1000(np.asarray(y_true), np.asarray(y_pred) == 1)


                tuner = TunedThresholdClassifierCV(
                    model, scoring=make_scorer(cost_score, greater_is_better=False),
                    response_method="predict_proba", thresholds=100, cv="prefit", refit=False,
                )
                tuned = None if np.isclose(val_scores.min(), val_scores.max()) else tuner.fit(X_val, y_val)
                print("TunedThresholdClassifierCV picks", tuned and round(tuned.best_threshold_, 3))
                """
            ),
            md(
                """
                ## The cost curve

                Cost per 1,000 predictions at every threshold, your threshold and the cost-optimal one.
                """
            ),
            code(
                """
                fig = go.Figure(go.Scatter(x=thresholds, y=cost, mode="lines", line_shape="vh",
                                           name="Validation cost per 1,000"))
                fig.add_vline(x=THRESHOLD, line_dash="dash", annotation_text="your threshold")
                fig.add_vline(x=best_threshold, line_dash="dot", annotation_text="cost-optimal")
                fig.update_layout(xaxis_title="Threshold", yaxis_title="Expected cost per 1,000 ($)",
                                  xaxis_range=[0, 1])
                fig.show()
                """
            ),
            md(
                """
                ## The numbers the page shows

                Rates to two decimals; money as the page writes it (two significant figures below $1).
                """
            ),
            code(
                """
                def dollars(x):
                    \"\"\"$12,345, $1.20, $0.028: the amount the page writes.\"\"\"
                    if x >= 100:
                        return float(round(x))
                    if x >= 1:
                        return round(x, 2)
                    return 0.0 if x == 0 else round(x, int(-np.floor(np.log10(x))) + 1)


                HEADLINE = {
                    f"Precision {where}": round(precision, 2),
                    "Recall": round(recall, 2),
                    f"F1 {where}": round(f1, 2),
                    f"Accuracy {where}": round(accuracy, 2),
                    "False-positive rate": round(fpr, 2),
                    "Cost per 1,000 at your threshold (validation)": dollars(current_cost),
                    "Cost-optimal threshold (validation)": round(best_threshold, 2),
                    "Test cost at the cost-optimal threshold (test split)": dollars(test_cost),
                }
                if BETA != 1:
                    HEADLINE[f"F-beta (beta={BETA:g}) {where}"] = round(fbeta, 2)
                if tuned is not None:
                    tuned_label = "TunedThresholdClassifierCV picks (validation)"
                    HEADLINE[tuned_label] = round(tuned.best_threshold_, 2)
                """
            ),
        ),
    )
