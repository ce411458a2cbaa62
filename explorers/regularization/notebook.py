"""The regularization page as a notebook: the data with the features that apply, the split and the
folds, the sweep over the grid of C (CV and the whole training set), and the page's numbers at C."""

from __future__ import annotations

import datasets
from explorers.export import Recipe, code, md
from explorers.formatting import plain
from explorers.regularization.notebook_data import data_cells
from explorers.regularization.penalties import (
    C_GRID,
    grid_index,
    l1_ratio_for,
    penalty_name,
    scoring_of,
    solver_for,
)
from explorers.regularization.problem import DUPLICATE_NOISE, N_FOLDS, TEST_FRACTION, applicable_design
from explorers.regularization.topic import Params

INJECT = """
    # Near-copies of random real features, then pure-noise columns (a separate random stream).
    rng = np.random.default_rng(np.random.SeedSequence([SEED, 7]))
    spread = X.std(axis=0)
    order = rng.permutation(np.flatnonzero(spread > 0))
    sources = [int(order[i % order.size]) for i in range(N_DUPLICATES)]
    copies = [X[:, j] + rng.normal(scale=DUPLICATE_NOISE * spread[j], size=len(X)) for j in sources]
    noise = rng.standard_normal((len(X), N_NOISE))
    X = np.hstack([X, np.array(copies).reshape(len(sources), len(X)).T, noise])
    kinds = np.array(["original"] * len(names) + ["duplicate"] * len(sources) + ["noise"] * N_NOISE)
    names = names + [f"{names[j]} ≈copy" for j in sources] + [f"noise {i + 1}" for i in range(N_NOISE)]
    print(f"{X.shape[1]} features: {np.unique(kinds, return_counts=True)}")
"""

POLYNOMIAL = """
    from sklearn.preprocessing import PolynomialFeatures

    expander = PolynomialFeatures(degree=DEGREE, include_bias=False)
    X = expander.fit_transform(X)
    names = [str(term) for term in expander.get_feature_names_out(names)]
    kinds = np.where(expander.powers_.sum(axis=1) == 1, "original", "polynomial")
    print(f"{X.shape[1]} polynomial terms up to degree {DEGREE}")
"""

SPLIT = """
    from sklearn.model_selection import StratifiedKFold, train_test_split

    split_state = int(np.random.default_rng(SEED).integers(0, 2**31 - 1, size=2)[0])
    train, test = train_test_split(np.arange(y.size), test_size=TEST_FRACTION, stratify=y,
                                   random_state=split_state)
    train, test = np.sort(train), np.sort(test)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]

    n_folds = min(N_FOLDS, np.bincount(y_train).min())  # fewer folds only when a class is tiny
    folds = list(StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=SEED)
                 .split(np.zeros((y_train.size, 1)), y_train))
    print(f"{y_train.size} training rows, {y_test.size} test rows, {n_folds} folds")
"""

MODEL = """
    import warnings

    from scipy.special import expit
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.preprocessing import StandardScaler

    warnings.simplefilter("ignore", ConvergenceWarning)  # saga may stop at its epoch cap at large C
    C_GRID = {grid}
    SOLVER = dict(solver="{solver}", tol={tol}, max_iter={max_iter})


    def log_loss(y_true, decision):
        \"\"\"Mean log loss of each column of decision values, clipped as sklearn's log_loss.\"\"\"
        eps = np.finfo(float).eps
        p = np.clip(expit(decision), eps, 1 - eps)
        return -np.mean(np.where(y_true[:, None] == 1, np.log(p), np.log1p(-p)), axis=0)


    def accuracy(y_true, decision):
        \"\"\"Accuracy of each column of decision values (positive when the decision is above 0).\"\"\"
        return np.mean((decision > 0) == (y_true[:, None] == 1), axis=0)


    SCORE = {{"log_loss": log_loss, "accuracy": accuracy}}["{scoring}"]
"""

CV = """
    train_scores, cv_scores = [], []
    fold_size = min(len(fit_rows) for fit_rows, _ in folds)
    for fit_rows, val_rows in folds:
        fit_rows = fit_rows[:fold_size]  # as the page: every fold fits on as many rows as the smallest
        scaler = StandardScaler().fit(X_train[fit_rows])  # fitted inside the fold
        fit_X, val_X = scaler.transform(X_train[fit_rows]), scaler.transform(X_train[val_rows])
        # One warm-started path over the whole grid, fitted on the fold's training rows only
        # (its own "validation" is those rows too: we only want the path, and score it below).
        everything = [(np.arange(len(fit_rows)), np.arange(len(fit_rows)))]
        path = LogisticRegressionCV(Cs=C_GRID, l1_ratios=[L1_RATIO], cv=everything, random_state=SEED,
                                    scoring="neg_log_loss", use_legacy_attributes=False, **SOLVER)
        path.fit(fit_X, y_train[fit_rows])
        weights = np.asarray(path.coefs_paths_).reshape(len(C_GRID), -1)  # (C, features + intercept)
        train_scores.append(SCORE(y_train[fit_rows], fit_X @ weights[:, :-1].T + weights[:, -1]))
        cv_scores.append(SCORE(y_train[val_rows], val_X @ weights[:, :-1].T + weights[:, -1]))
    train_scores, cv_scores = np.array(train_scores).T, np.array(cv_scores).T  # (C, folds)
    train_mean, cv_mean = train_scores.mean(axis=1), cv_scores.mean(axis=1)
    best = int(np.argmax(cv_mean if HIGHER_IS_BETTER else -cv_mean))
    print(f"cross-validation picks C = {C_GRID[best]:g}")
"""

WHOLE = """
    scaler = StandardScaler().fit(X_train)
    train_X, test_X = scaler.transform(X_train), scaler.transform(X_test)
    coefs, test_scores = [], []
    for c in C_GRID:
        model = LogisticRegression(C=c, l1_ratio=L1_RATIO, random_state=SEED, **SOLVER).fit(train_X, y_train)
        coefs.append(model.coef_[0])
        test_scores.append(SCORE(y_test, model.decision_function(test_X)[:, None])[0])
    coefs, test_scores = np.array(coefs), np.array(test_scores)

    # A baseline that ignores the features: the training set's class prior (majority class for accuracy).
    prior = y_train.mean()
    baseline = SCORE(y_test, np.full((y_test.size, 1), np.log(prior / (1 - prior))))[0]
"""

CHART = """
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.add_scatter(x=C_GRID, y=train_mean, name="Train (CV folds)", mode="lines+markers")
    figure.add_scatter(x=C_GRID, y=cv_mean, name="Cross-validation", mode="lines+markers",
                       error_y=dict(array=cv_scores.std(axis=1), visible=True))
    figure.add_scatter(x=C_GRID, y=test_scores, name="Test", mode="lines", line=dict(dash="dot"))
    figure.add_scatter(x=[C_GRID[best]], y=[cv_mean[best]], name="CV's choice", mode="markers",
                       marker=dict(symbol="star", size=16))
    figure.add_hline(y=baseline, line_dash="dash", line_color="grey", annotation_text="baseline")
    figure.add_vline(x=C, line_dash="dot", annotation_text=f"C = {C:g}")
    figure.update_xaxes(type="log", title="C (inverse penalty strength)")
    figure.update_yaxes(title=METRIC)
    figure.update_layout(title="Validation curve", height=420)
    figure.show()
"""


def _headline(params: Params, kinds: tuple[str, ...]) -> str:
    """The last cell: the page's numbers at C, labels as the page writes them."""
    metric = scoring_of(params.scoring).metric
    lines = [
        "i = C_GRID.index(C)",
        "gap = (train_mean - cv_mean) if HIGHER_IS_BETTER else (cv_mean - train_mean)",
        "zero = coefs[i] == 0.0  # saga leaves a coefficient at exactly 0.0",
        "HEADLINE = {",
        '    "C": C,',
        '    "λ = 1/C": 1 / C,',
        f'    "Train {metric}": round(float(train_mean[i]), 3),',
        f'    "CV {metric}": round(float(cv_mean[i]), 3),',
        '    "Train–CV gap": round(float(gap[i]), 3),',
        f'    "Test {metric}": round(float(test_scores[i]), 3),',
        f'    "Baseline test {metric}": round(float(baseline), 3),',
        '    "Chosen by CV": C_GRID[best],',
        '    "Coefficients exactly 0": int(zero.sum()),',
    ]
    plurals = {"noise": "Noise features", "duplicate": "Near-duplicates"}
    for kind in ("noise", "duplicate"):
        if kind in kinds:
            lines.append(f'    "{plurals[kind]} zeroed": int((zero & (kinds == "{kind}")).sum()),')
    real = "Real terms zeroed" if "polynomial" in kinds else "Real features zeroed"
    lines.append(f'    "{real}": int((zero & np.isin(kinds, ["original", "polynomial"])).sum()),')
    lines.append("}")
    return "\n".join(lines)


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    source = params.dataset
    design = applicable_design(source, params.n_noise, params.n_duplicates, params.degree)
    info = datasets.get_info(source)
    tabular = info.kind == "tabular"
    l1_ratio = l1_ratio_for(params.penalty, params.l1_ratio)
    solver = solver_for(l1_ratio)
    scoring = scoring_of(params.scoring)
    c = C_GRID[grid_index(params.C)]
    n_rows = min(round(params.n_train / (1 - TEST_FRACTION)), datasets.MAX_SAMPLES)
    kinds = (
        ("original",)
        + (("duplicate",) if design.n_duplicates else ())
        + (("noise",) if design.n_noise else ())
        if tabular
        else ("original", "polynomial")
        if design.degree > 1
        else ("original",)
    )
    settings = code(
        f"""
        import numpy as np
        import pandas as pd

        SEED = {params.seed}
        N_TRAIN = {params.n_train}  # training rows asked for; a quarter more are held out for test
        TEST_FRACTION = {TEST_FRACTION}
        N_FOLDS = {N_FOLDS}
        N_NOISE = {design.n_noise}
        N_DUPLICATES = {design.n_duplicates}
        DUPLICATE_NOISE = {DUPLICATE_NOISE}  # a near-copy = the feature + noise of 10% of its spread
        DEGREE = {design.degree}
        L1_RATIO = {l1_ratio}  # {penalty_name(l1_ratio)}: 0 is pure L2, 1 pure L1
        C = {plain(c)}
        METRIC = "{scoring.label}"
        HIGHER_IS_BETTER = {scoring.higher_is_better}
        """
    )
    features = (
        [
            md(
                f"## Extra features\n\nTo make the penalty matter, the page adds {design.n_duplicates} "
                f"near-duplicates of real features and {design.n_noise} columns of pure noise. A "
                "penalty should shrink (L2) or zero (L1) their weights."
            ),
            code(INJECT),
        ]
        if tabular
        else [
            md(
                f"## Polynomial terms\n\nA straight line cannot separate this set, so the page expands "
                f"x1 and x2 into every monomial up to degree {design.degree}. High degrees can overfit: the "
                "penalty reins them in."
            ),
            code(POLYNOMIAL if design.degree > 1 else 'kinds = np.array(["original"] * len(names))'),
        ]
    )
    solver_note = (
        "Pure L2 is solved exactly by Newton's method (`newton-cholesky`)."
        if solver.exact
        else "L1 and elastic-net need `saga`, run with a loose tolerance and an epoch cap as on the "
        "page, so at large C its stopping rule limits the weights too."
    )
    cells = [
        md(
            "## Settings\n\nThe page's controls. C is the inverse penalty strength (λ = 1/C): "
            "small C, strong penalty, simple model."
        ),
        settings,
        *data_cells(source, n_rows),
        *features,
        md(
            f"## Split and folds\n\nA stratified {round(TEST_FRACTION * 100)}% test split, held out until "
            f"the end, and {N_FOLDS}-fold stratified cross-validation on the training rows."
        ),
        code(SPLIT),
        md(f"## The model\n\nLogistic regression on standardised features. {solver_note}"),
        code(
            MODEL.format(
                grid=list(C_GRID),
                solver=solver.name,
                tol=solver.tol,
                max_iter=solver.max_iter,
                scoring=scoring.key,
            )
        ),
        md(
            f"## Cross-validation over the grid of C\n\nOn each fold the scaler is fitted on the fold's "
            f"training rows only, and all {len(C_GRID)} values of C are fitted as one warm-started path "
            "(each C starts from the previous one's weights), as `LogisticRegressionCV` does. The train "
            "and CV curves are the means over folds; the best mean CV score picks C."
        ),
        code(CV),
        md(
            "## The whole training set, and the test set\n\nEvery C fitted from scratch on all training "
            "rows: its coefficients (how many are exactly 0) and its score on the held-out test rows."
        ),
        code(WHOLE),
        md("## The validation curve\n\nTrain and CV scores over the grid, the test score and the baseline."),
        code(CHART),
        md("## The numbers at C\n\nThe page's key numbers at the chosen C, rounded as the page shows them."),
        code(_headline(params, kinds)),
    ]
    return Recipe(f"Regularization strength: {penalty_name(l1_ratio)} at C = {plain(c)}", tuple(cells))
