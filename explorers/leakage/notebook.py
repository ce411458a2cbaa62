"""The leakage page as a notebook: the event log, the leaks applied to it, the honest scikit-learn
pipeline cross-validated by each split strategy, and the same model scored on the later production
period."""

from __future__ import annotations

from explorers.export import Recipe, code, md
from explorers.leakage import data as log
from explorers.leakage.engine import ENCODER_FOLDS, NEIGHBOURS, SELECTED
from explorers.leakage.leaks import (
    DUPLICATE_JITTER,
    DUPLICATE_SHARE,
    LEAKS,
    REFUND_IF_NEGATIVE,
    REFUND_IF_POSITIVE,
    normalised,
)
from explorers.leakage.splits import FOLDS, GAP_DAYS, SPLITS, split
from explorers.leakage.topic import Params

GENERATE = """
    def prior_counts(user, y):
        \"\"\"For time-sorted rows: the positives the same user had strictly before each row.\"\"\"
        order = np.lexsort((np.arange(user.size), user))  # by user, time order kept inside a user
        sorted_user, sorted_y = user[order], y[order]
        running = np.cumsum(sorted_y) - sorted_y
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_user)) + 1]
        first = np.repeat(running[starts], np.diff(np.r_[starts, user.size]))
        counts = np.empty(user.size)
        counts[order] = running - first
        return counts


    rng = np.random.default_rng([SEED, 2021])
    users = max(TOTAL_ROWS // ROWS_PER_USER, 2)
    propensity = rng.normal(0.0, USER_SD, users)  # each user's hidden taste: their rows are correlated
    statics = STATIC_LOADING * propensity[:, None] / USER_SD + rng.normal(0.0, 1.0, (users, 2))
    later = np.arange(users) >= round(users * (1.0 - PRODUCTION_USERS))  # production's new users
    arrival = np.where(later, rng.uniform(LOG_DAYS, ARRIVALS_DAYS, users),
                       rng.uniform(0.0, LOG_DAYS - LIFETIME_DAYS, users))
    item_effect = rng.normal(0.0, ITEM_SD, ITEMS)

    user = np.repeat(np.arange(users), ROWS_PER_USER)
    time = arrival[user] + rng.uniform(0.0, LIFETIME_DAYS, user.size)
    order = np.argsort(time, kind="stable")
    user, time = user[order], time[order]
    n = user.size
    profile = rng.normal(0.0, 1.0, (users, 3))  # a user's sessions look alike
    x = HABIT * profile[user] + np.sqrt(1.0 - HABIT**2) * rng.normal(0.0, 1.0, (n, 3))
    item = rng.integers(0, ITEMS, n)
    angle = DRIFT * np.pi * time / END_DAYS  # the (x1, x2) weight turns as time goes on
    logit = (BIAS + propensity[user] + SIGNAL * np.cos(angle) * x[:, 0] + SIGNAL * np.sin(angle) * x[:, 1]
             + X3_WEIGHT * x[:, 2] + item_effect[item])
    y = (rng.uniform(0.0, 1.0, n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    tags = rng.uniform(0.0, 1.0, (n, NOISE_COLUMNS)) < TOKEN_RATE  # rare tags unrelated to the label
    tags = tags * rng.uniform(0.5, 1.5, (n, NOISE_COLUMNS))
    numeric = np.column_stack([x, statics[user], prior_counts(user, y), tags])
    names = ["x1", "x2", "x3", "Account age", "Region score", "Prior purchases"]
    names += [f"Tag {i + 1}" for i in range(NOISE_COLUMNS)]

    in_log = time < LOG_DAYS
    lifetime = np.bincount(user[in_log], weights=y[in_log], minlength=users)[user]  # uses the future
    print(f"{in_log.sum():,} log rows from {np.unique(user[in_log]).size:,} users; "
          f"{(~in_log).sum():,} production rows ({y[~in_log].sum():,} positive)")
"""

PREPARE = """
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import StandardScaler, TargetEncoder


    def prepare(leaks):
        \"\"\"The log (with ``leaks`` applied) and the production period (always honest): column 0 is
        the item, the numeric columns follow. Returns the arrays and what the leaks did already.\"\"\"
        train = numeric[in_log].copy()
        serve = numeric[~in_log].copy()
        if "future" in leaks:  # MISUSE: the user's purchases over the whole log, this row's own included
            train[:, PURCHASES] = lifetime[in_log]
        if "proxy" in leaks:  # MISUSE: a field written after the outcome
            draw = np.random.default_rng([y.size, 7]).uniform(0.0, 1.0, in_log.sum())
            refund = np.where(y[in_log] == 1, draw < REFUND_IF_POSITIVE, draw < REFUND_IF_NEGATIVE)
            train = np.column_stack([train, refund.astype(float)])
            serve = np.column_stack([serve, np.zeros(len(serve))])  # not known yet when predicting
        X_log = np.column_stack([item[in_log].astype(float), train])
        X_prod = np.column_stack([item[~in_log].astype(float), serve])
        y_log, users_log, time_log = y[in_log], user[in_log], time[in_log]
        if "duplicates" in leaks:  # MISUSE: rows logged twice with tiny changes
            dup_rng = np.random.default_rng([SEED, 11])
            picked = np.sort(dup_rng.choice(y_log.size, size=round(DUPLICATE_SHARE * y_log.size),
                                            replace=False))
            copy = X_log[picked].copy()
            copy[:, 1:] += dup_rng.normal(0.0, DUPLICATE_JITTER, copy[:, 1:].shape)
            X_log, y_log = np.vstack([X_log, copy]), np.r_[y_log, y_log[picked]]
            users_log = np.r_[users_log, users_log[picked]]
            time_log = np.r_[time_log, time_log[picked] + 1e-3]
            resort = np.argsort(time_log, kind="stable")
            X_log, y_log, users_log = X_log[resort], y_log[resort], users_log[resort]
        if "target" in leaks:  # MISUSE: fitted on every row, then transform (not fit_transform)
            encoder = TargetEncoder(target_type="binary",
                                    cv=KFold(ENCODER_FOLDS, shuffle=True, random_state=0))
            encoder.fit(X_log[:, :1], y_log)
            X_log[:, 0] = encoder.transform(X_log[:, :1])[:, 0]
            X_prod[:, 0] = encoder.transform(X_prod[:, :1])[:, 0]
        if "preprocessing" in leaks:  # MISUSE: scaling and selection fitted before the split
            early = make_pipeline(StandardScaler(), SelectKBest(f_classif, k=SELECTED))
            early.fit(X_log[:, 1:], y_log)
            X_log = np.column_stack([X_log[:, :1], early.transform(X_log[:, 1:])])
            X_prod = np.column_stack([X_prod[:, :1], early.transform(X_prod[:, 1:])])
        done = {"encoded": "target" in leaks, "selected": "preprocessing" in leaks}
        return X_log, y_log, users_log, X_prod, y[~in_log], done
"""

MODEL = """
    from sklearn.compose import ColumnTransformer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline

    # A rare tag that never fires in a training fold is constant: SelectKBest warns and ranks it last.
    warnings.filterwarnings("ignore", message="Features .* are constant")
    warnings.filterwarnings("ignore", message="invalid value encountered in divide")


    def honest_pipeline(encoded, selected):
        \"\"\"Target-encode and scale the item, scale and select the numeric columns, then k-NN; all
        refitted on each training fold. A step a leak already did outside is skipped.\"\"\"
        encode = [] if encoded else [TargetEncoder(target_type="binary",
                                                   cv=KFold(ENCODER_FOLDS, shuffle=True, random_state=0))]
        numbers = "passthrough" if selected else make_pipeline(StandardScaler(),
                                                               SelectKBest(f_classif, k=SELECTED))
        columns = ColumnTransformer([("item", make_pipeline(*encode, StandardScaler()), [0]),
                                     ("numeric", numbers, slice(1, None))])
        return Pipeline([("features", columns),
                         ("model", KNeighborsClassifier(NEIGHBOURS, weights="distance"))])
"""

SPLITS_CODE = """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, TimeSeriesSplit


    def make_folds(split, n, users):
        \"\"\"(train, validation) row indices of each fold over the n time-sorted log rows.\"\"\"
        if split == "random":
            return list(KFold(FOLDS, shuffle=True, random_state=SEED).split(np.zeros(n)))
        if split == "group":  # no user on both sides
            return list(GroupKFold(FOLDS).split(np.zeros(n), groups=users))
        gap = round(n * GAP_DAYS / LOG_DAYS)  # validation always later, about 30 days apart
        return list(TimeSeriesSplit(FOLDS, test_size=n // (2 * FOLDS), gap=gap).split(np.zeros(n)))


    def offline_auc(split, leaks):
        \"\"\"Mean ROC AUC over the validation folds of the log.\"\"\"
        X_log, y_log, users_log, _, _, done = prepare(leaks)
        scores = []
        for train, valid in make_folds(split, y_log.size, users_log):
            model = honest_pipeline(**done).fit(X_log[train], y_log[train])
            scores.append(roc_auc_score(y_log[valid], model.predict_proba(X_log[valid])[:, 1]))
        return float(np.mean(scores))


    def production_auc(leaks):
        \"\"\"The model fitted on the whole log, scored on the production period.\"\"\"
        X_log, y_log, _, X_prod, y_prod, done = prepare(leaks)
        model = honest_pipeline(**done).fit(X_log, y_log)
        return float(roc_auc_score(y_prod, model.predict_proba(X_prod)[:, 1]))
"""

RUN = """
    offline = {split: offline_auc(split, LEAKS) for split in SPLIT_NAMES}
    clean = {split: offline_auc(split, ()) for split in SPLIT_NAMES}
    production, clean_production = production_auc(LEAKS), production_auc(())
    for split, label in SPLIT_NAMES.items():
        print(f"{label:40s} offline {offline[split]:.3f} (no leaks {clean[split]:.3f})")
    print(f"{'Production':40s} {production:.3f} (no leaks {clean_production:.3f})")
"""

CHART = """
    import plotly.graph_objects as go

    labels = list(SPLIT_NAMES.values())
    figure = go.Figure()
    figure.add_scatter(x=[clean[s] for s in SPLIT_NAMES], y=labels, mode="markers", name="no leaks",
                       marker=dict(symbol="circle-open", size=13))
    figure.add_scatter(x=[offline[s] for s in SPLIT_NAMES], y=labels, mode="markers",
                       name="with the leaks", marker=dict(size=13))
    figure.add_vline(x=production, line_dash="dash", annotation_text=f"production {production:.2f}")
    figure.add_vline(x=0.5, line_color="grey", annotation_text="chance")
    figure.update_layout(title="Offline estimate vs production (ROC AUC)", height=340,
                         xaxis_title="ROC AUC")
    figure.show()
"""


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the page at ``params``."""
    chosen = split(params.split)
    leaks = normalised(params.leaks)
    named = ", ".join(LEAKS[key].short for key in leaks) or "none"
    constants = "\n".join(
        f"{name} = {getattr(log, name)!r}"
        for name in (
            "TOTAL_ROWS",
            "LOG_DAYS",
            "END_DAYS",
            "ARRIVALS_DAYS",
            "LIFETIME_DAYS",
            "PRODUCTION_USERS",
            "USER_SD",
            "STATIC_LOADING",
            "SIGNAL",
            "X3_WEIGHT",
            "ITEM_SD",
            "ITEMS",
            "NOISE_COLUMNS",
            "TOKEN_RATE",
            "BIAS",
            "HABIT",
            "PURCHASES",
        )
    )
    settings = (
        "import warnings\n\nimport numpy as np\nfrom sklearn.pipeline import make_pipeline\n\n"
        f"SEED = {params.seed}\nROWS_PER_USER = {params.rows_per_user}\nDRIFT = {float(params.drift)!r}\n"
        f"SPLIT = {params.split!r}\nLEAKS = {leaks!r}  # {named}\n"
        f"SPLIT_NAMES = { ({key: s.short for key, s in SPLITS.items()})!r}\n"
        f"FOLDS = {FOLDS}\nGAP_DAYS = {GAP_DAYS}\n\n# How the log is made\n{constants}\n\n"
        f"# The leaks and the model\nDUPLICATE_SHARE = {DUPLICATE_SHARE}\n"
        f"DUPLICATE_JITTER = {DUPLICATE_JITTER}\n"
        f"REFUND_IF_POSITIVE, REFUND_IF_NEGATIVE = {REFUND_IF_POSITIVE}, {REFUND_IF_NEGATIVE}\n"
        f"ENCODER_FOLDS = {ENCODER_FOLDS}\nSELECTED = {SELECTED}\nNEIGHBOURS = {NEIGHBOURS}"
    )
    leak_notes = "\n".join(f"- **{LEAKS[key].short}**: {LEAKS[key].misuse}." for key in leaks) or "- none"
    headline = f"""
        HEADLINE = {{
            "Offline AUC ({chosen.short})": round(offline[SPLIT], 2),
            "Production AUC": round(production, 2),
            "Optimism gap": round(offline[SPLIT] - production, 2),
            "Honest estimate (time split, no leaks)": round(clean["time"], 2),
            "Production AUC, no leaks": round(clean_production, 2),
        }}
    """
    cells = [
        md(
            "## Settings\n\nThe page's controls, and the constants of the simulated event log. "
            f"Split strategy: **{chosen.label}**; leaks switched on: {named}."
        ),
        code(settings),
        md(
            "## The event log\n\nUsers arrive over time and each logs several correlated rows; the label's "
            "relationship to x1 and x2 turns slowly (drift). Rows before day "
            f"{log.LOG_DAYS:.0f} are the training log; later rows, from users who signed up after it, play "
            "production."
        ),
        code(GENERATE),
        md(
            "## The leaks\n\nEach leak is an ordinary tool misused on the training log only; production is "
            f"always built as a serving system would see it.\n\n{leak_notes}"
        ),
        code(PREPARE),
        md(
            "## The honest pipeline\n\nEvery transform sits inside the `Pipeline`, so cross-validation "
            f"refits it on each training fold. The model is {NEIGHBOURS}-nearest neighbours, a flexible "
            "learner that memorises what it has seen (a user's other rows, a duplicate)."
        ),
        code(MODEL),
        md(
            f"## Offline estimates and production\n\n{FOLDS} folds per split strategy: random K-fold, "
            "grouped by user, and by time with a gap. The offline estimate is the mean validation AUC; "
            "production is the model fitted on the whole log, scored on the later period."
        ),
        code(SPLITS_CODE),
        code(RUN),
        md(
            "## Estimate against reality\n\nThe page's main chart: each split's offline AUC against "
            "production."
        ),
        code(CHART),
        md("## The numbers\n\nThe page's key numbers, rounded as it shows them."),
        code(headline),
    ]
    return Recipe(f"Leakage and split strategy: {chosen.label}", tuple(cells))
