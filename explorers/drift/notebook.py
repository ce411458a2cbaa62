"""The drift page's view as a notebook: the same stream, the same weekly models, the three retraining
policies and their numbers, in plain numpy, scipy, scikit-learn and plotly (and river for Page-Hinkley)."""

from __future__ import annotations

from explorers.drift.detectors import DETECTORS, PH_DELTA, PH_MIN_WEEKS, PSI_BINS, PSI_FLOOR, Adwin
from explorers.drift.readings import METRICS
from explorers.drift.stream import (
    BASE_FRAUD,
    CONCEPT_MAX_DEGREES,
    COVARIATE_MAX,
    HISTORY,
    PRIOR_MAX,
    RAMP_WEEKS,
    SEPARATION,
)
from explorers.drift.topic import Params
from explorers.export import Cell, Recipe, code, md


def _settings(p: Params) -> Cell:
    detector = DETECTORS[p.detector]
    return code(
        f"""
        import numpy as np
        import plotly.graph_objects as go

        # The page's settings
        DRIFT = {p.drift!r}  # "covariate", "prior" or "concept"
        SHAPE = {p.shape!r}  # "sudden" or "gradual"
        STRENGTH = {p.strength!r}
        START = {p.drift_start}  # the first drifted deployed week
        WEEKS = {p.weeks}  # deployed weeks simulated
        N = {p.transactions}  # transactions a week
        SEED = {p.seed}
        DELAY = {p.delay}  # weeks before a week's labels come back
        WINDOW = {p.window}  # labelled weeks each retrain learns from
        CADENCE = {p.cadence}  # weeks between fixed-cadence retrains
        DETECTOR = {p.detector!r}  # "ks", "psi", "w" (features) or "ph", "adwin" (error rate)
        DETECTOR_NAME = {detector.short!r}
        THRESHOLD = {detector.threshold(p.alarm)!r}  # {detector.threshold_text(p.alarm)}
        REFERENCE = {p.reference}  # training weeks the feature tests compare against
        METRIC = {p.metric!r}  # "precision", "recall" or "auc"
        METRIC_NAME = {METRICS[p.metric].label!r}
        COST_ERROR = {p.cost_error!r}  # $ per wrong decision
        COST_RETRAIN = {p.cost_retrain!r}  # $ per retrain

        # The process the transactions come from
        SEPARATION = {SEPARATION}  # distance between legitimate and fraud means, in SDs
        BASE_ANGLE = np.pi / 4  # the fraud direction before any drift
        BASE_FRAUD = {BASE_FRAUD}
        PRIOR_MAX = {PRIOR_MAX}  # the fraud rate at full-strength prior shift
        COVARIATE_MAX = {COVARIATE_MAX}  # SDs every transaction moves at full-strength covariate shift
        CONCEPT_MAX_DEGREES = {CONCEPT_MAX_DEGREES}  # how far full-strength concept drift rotates fraud
        RAMP_WEEKS = {RAMP_WEEKS}  # a gradual drift reaches full strength after this many weeks
        HISTORY = {HISTORY}  # weeks before launch, so the launch model has labelled weeks to learn from
        """
    )


STREAM = code(
    """
    weeks = np.arange(-HISTORY, WEEKS)  # deployed week numbers; launch is week 0
    if SHAPE == "sudden":
        level = STRENGTH * (weeks >= START).astype(float)
    else:
        level = STRENGTH * np.clip((weeks - START + 1) / RAMP_WEEKS, 0.0, 1.0)

    fraud_rate = np.full(level.size, BASE_FRAUD)  # P(fraud) each week
    shift = np.zeros((level.size, 2))  # how far every transaction moved
    angle = np.full(level.size, BASE_ANGLE)  # the fraud direction the labels follow
    if DRIFT == "covariate":
        across = np.array([np.cos(BASE_ANGLE - np.pi / 2), np.sin(BASE_ANGLE - np.pi / 2)])
        shift = level[:, None] * COVARIATE_MAX * across[None, :]
    elif DRIFT == "prior":
        fraud_rate = BASE_FRAUD + level * (PRIOR_MAX - BASE_FRAUD)
    else:  # concept drift
        angle = BASE_ANGLE + level * np.deg2rad(CONCEPT_MAX_DEGREES)


    def fraud_mean(direction):
        return SEPARATION * np.stack([np.cos(direction), np.sin(direction)], axis=-1)


    rng = np.random.default_rng(SEED)
    noise = rng.standard_normal((level.size, N, 2))
    uniform = rng.random((level.size, N, 2))
    latent = uniform[:, :, 0] < fraud_rate[:, None]  # fraud when the first uniform is under the rate
    x = shift[:, None, :] + noise + latent[:, :, None] * fraud_mean(BASE_ANGLE)[None, None, :]
    y = latent.copy()
    rotated = ~np.isclose(angle, BASE_ANGLE)
    if rotated.any():  # concept drift: the same x, labels from the rotated P(fraud | x)
        centred = x[rotated] - shift[rotated][:, None, :]
        prior = np.log(BASE_FRAUD / (1 - BASE_FRAUD))
        log_odds = np.einsum("wnk,wk->wn", centred, fraud_mean(angle[rotated])) - SEPARATION**2 / 2 + prior
        y[rotated] = uniform[rotated, :, 1] < 1 / (1 + np.exp(-log_odds))
    x = x.astype(np.float32)
    live = slice(HISTORY, None)  # the deployed weeks
    print(f"{x.shape[0]} weeks x {N:,} transactions; fraud rate before launch {y[:HISTORY].mean():.3f}")
    """
)

MODEL = code(
    """
    C = 1.0  # inverse regularisation strength, as LogisticRegression's default


    def fit_logistic(features, labels, start=None):
        \"\"\"(w1, w2, b) minimising log loss + |w|^2 / (2C), intercept unpenalised, by Newton's method.\"\"\"
        design = np.column_stack([features.astype(np.float64), np.ones(len(features))])
        target = labels.astype(np.float64)
        beta = np.zeros(3) if start is None else start.copy()
        penalty = np.array([1 / C, 1 / C, 0.0])
        for _ in range(50):
            p = 1 / (1 + np.exp(-(design @ beta)))
            gradient = design.T @ (p - target) + penalty * beta
            hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
            step = np.linalg.solve(hessian + 1e-12 * np.eye(3), gradient)
            beta -= step
            if np.max(np.abs(step)) < 1e-8:
                break
        return beta


    # models[t]: the model a retrain at the start of deployed week t would get, trained on the WINDOW
    # weeks whose labels are back (t - DELAY - WINDOW .. t - DELAY - 1), warm-started from week t - 1's.
    models = np.empty((WEEKS, 3))
    previous = None
    for t in range(WEEKS):
        first = HISTORY + t - DELAY - WINDOW
        rows = slice(first, first + WINDOW)
        previous = models[t] = fit_logistic(x[rows].reshape(-1, 2), y[rows].reshape(-1), previous)
    print("launch model (w1, w2, b):", np.round(models[0], 3))
    """
)

OUTCOME = code(
    """
    x_live, y_live = x[live].astype(np.float64), y[live]


    def outcome(name, deployed):
        \"\"\"Each week served by the model trained at week deployed[w]: its confusion counts.\"\"\"
        used = models[deployed]
        logit = np.einsum("wnk,wk->wn", x_live, used[:, :2]) + used[:, 2:3]
        flagged = logit >= 0  # P(fraud) >= 0.5
        return {
            "name": name,
            "deployed": deployed,
            "logit": logit,
            "tp": (flagged & y_live).sum(1),
            "fp": (flagged & ~y_live).sum(1),
            "fn": (~flagged & y_live).sum(1),
        }


    never = outcome("Never retrained", np.zeros(WEEKS, dtype=int))
    cadence_name = "Every week" if CADENCE == 1 else f"Every {CADENCE} weeks"
    cadence = outcome(cadence_name, (np.arange(WEEKS) // CADENCE) * CADENCE)
    """
)

_FEATURE_TESTS: dict[str, str] = {
    "ks": """
        from scipy.stats import ks_2samp


        def fires(reference, week):
            \"\"\"Kolmogorov-Smirnov on each feature: the smaller p-value below THRESHOLD.\"\"\"
            p = min(ks_2samp(reference[:, k], week[:, k], method="asymp").pvalue for k in range(2))
            return p < THRESHOLD, p
        """,
    "psi": f"""
        def shares(values, edges):
            \"\"\"The share of values in each bin (edge b-1, edge b], the two ends open.\"\"\"
            bins = np.searchsorted(edges, values, side="left")
            return np.bincount(bins, minlength=len(edges) + 1) / len(values)


        def psi(reference, sample):
            edges = np.quantile(reference, np.arange(1, {PSI_BINS}) / {PSI_BINS})  # the reference's deciles
            e = np.maximum(shares(reference, edges), {PSI_FLOOR})  # an empty bin counts as {PSI_FLOOR}
            a = np.maximum(shares(sample, edges), {PSI_FLOOR})
            return float(np.sum((a - e) * np.log(a / e)))


        def fires(reference, week):
            \"\"\"Population stability index of each feature: the larger above THRESHOLD.\"\"\"
            value = max(psi(np.sort(reference[:, k]), week[:, k]) for k in range(2))
            return value > THRESHOLD, value
        """,
    "w": """
        from scipy.stats import wasserstein_distance


        def fires(reference, week):
            \"\"\"Wasserstein distance of each feature: the larger above THRESHOLD.\"\"\"
            value = max(wasserstein_distance(reference[:, k], week[:, k]) for k in range(2))
            return value > THRESHOLD, value
        """,
}

FEATURE_WALK = """
    # Walk the weeks: at the start of week t + 1 the test compares week t's features with the current
    # model's reference (its REFERENCE most recent training weeks); an alarm retrains at once.
    def reference_of(retrained):
        end = HISTORY + retrained - DELAY
        return x[end - REFERENCE : end].reshape(-1, 2)


    deployed = np.zeros(WEEKS, dtype=int)
    alarms, reference = [], reference_of(0)
    for t in range(WEEKS - 1):
        alarm, _ = fires(reference, x[HISTORY + t])
        if alarm:
            alarms.append(t + 1)
            deployed[t + 1 :] = t + 1
            reference = reference_of(t + 1)
    triggered = outcome(f"{DETECTOR_NAME}-triggered", deployed)
    print("alarms at the start of weeks", alarms)
    """

_ERROR_DETECTORS: dict[str, str] = {
    "ph": f"""
        from river.drift import PageHinkley


        def new_detector():
            return PageHinkley(min_instances={PH_MIN_WEEKS}, delta={PH_DELTA}, threshold=THRESHOLD, mode="up")


        def fires(detector, errors):
            \"\"\"Page-Hinkley on the weekly error rate.\"\"\"
            detector.update(errors / N)
            return detector.drift_detected
        """,
    "adwin": f"""
        class WeeklyAdwin:
            \"\"\"ADWIN (Bifet and Gavalda, 2007) on every transaction's 0/1 error, checked once a week
            with its cuts at week boundaries (river's ADWIN fed each transaction and checked weekly fires
            in the same weeks): it fires when an older and a newer part of the window differ by more than
            its bound.\"\"\"

            MIN_LENGTH = {Adwin.MIN_LENGTH}

            def __init__(self, delta):
                self.delta, self.errors, self.sizes = delta, [], []

            def update(self, errors, size):
                self.errors.append(errors)
                self.sizes.append(size)
                if len(self.sizes) < 2:
                    return False
                errs, sizes = np.array(self.errors, float), np.array(self.sizes, float)
                width, mean = sizes.sum(), errs.sum() / sizes.sum()
                n0, e0 = np.cumsum(sizes)[:-1], np.cumsum(errs)[:-1]  # the older part at each cut
                n1, e1 = width - n0, errs.sum() - e0
                log_term = np.log(2 * np.log(width) / self.delta)
                harmonic = 1 / (n0 - self.MIN_LENGTH + 1) + 1 / (n1 - self.MIN_LENGTH + 1)
                bound = np.sqrt(2 * harmonic * mean * (1 - mean) * log_term) + 2 / 3 * log_term * harmonic
                return float(np.max(np.abs(e0 / n0 - e1 / n1) - bound)) > 0


        def new_detector():
            return WeeklyAdwin(THRESHOLD)


        def fires(detector, errors):
            return detector.update(errors, N)
        """,
}

ERROR_WALK = """
    # Walk the weeks: at the start of week t the labels of week t - 1 - DELAY come back, and the
    # detector reads the current model's error count on it; an alarm retrains and starts it afresh.
    def errors_of(model, week):
        coef = models[model]
        flagged = x[HISTORY + week].astype(np.float64) @ coef[:2] + coef[2] >= 0
        return int(np.count_nonzero(flagged != y[HISTORY + week]))


    deployed = np.zeros(WEEKS, dtype=int)
    alarms, current, detector = [], 0, new_detector()
    for t in range(1, WEEKS):
        back = t - 1 - DELAY
        if back >= current and fires(detector, errors_of(current, back)):
            alarms.append(t)
            current, detector = t, new_detector()
        deployed[t] = current
    triggered = outcome(f"{DETECTOR_NAME}-triggered", deployed)
    print("alarms at the start of weeks", alarms)
    """

READINGS = code(
    """
    from sklearn.metrics import roc_auc_score

    runs = [never, cadence, triggered]
    after = slice(START, WEEKS)


    def weekly_metric(run):
        if METRIC == "auc":
            return np.array([roc_auc_score(y_live[w], run["logit"][w]) if 0 < y_live[w].sum() < N else np.nan
                             for w in range(WEEKS)])
        other = run["fp"] if METRIC == "precision" else run["fn"]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(run["tp"] + other > 0, run["tp"] / (run["tp"] + other), np.nan)


    def pooled(run, weeks):
        \"\"\"Precision or recall over every transaction of the weeks; AUC as the mean weekly AUC.\"\"\"
        if METRIC == "auc":
            values = weekly_metric(run)[weeks]
            return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")
        tp = run["tp"][weeks].sum()
        other = (run["fp"] if METRIC == "precision" else run["fn"])[weeks].sum()
        return tp / (tp + other) if tp + other > 0 else float("nan")


    baseline_after = 0.5 if METRIC == "auc" else float(y_live[after].mean())  # no skill
    for run in runs:
        run["after"] = pooled(run, after)
        run["retrains"] = int(np.count_nonzero(np.diff(run["deployed"])))
        run["cost"] = int(run["fp"].sum() + run["fn"].sum()) * COST_ERROR + run["retrains"] * COST_RETRAIN
        print(f"{run['name']:>18}: {METRIC_NAME.lower()} after the drift {run['after']:.2f}, "
              f"{run['retrains']} retrains, total cost ${run['cost']:,.0f}")
    cheapest = runs[int(np.argmin([run["cost"] for run in runs]))]
    late = [week for week in alarms if week > START and STRENGTH > 0]
    weeks_to_alarm = late[0] - START if late else None
    print("No-skill baseline after the drift:", round(baseline_after, 2))
    """
)

CHART = code(
    """
    figure = go.Figure()
    for run in runs:
        figure.add_scatter(x=np.arange(WEEKS), y=weekly_metric(run), mode="lines", name=run["name"])
    figure.add_scatter(x=np.arange(WEEKS), y=y_live.mean(1) if METRIC != "auc" else np.full(WEEKS, 0.5),
                       mode="lines", name="No skill", line={"dash": "dot", "color": "grey"})
    figure.add_vline(x=START, line_dash="dash", annotation_text="drift starts")
    figure.update_layout(xaxis_title="Deployed week", yaxis_title=METRIC_NAME, height=400)
    figure.show()
    """
)


def _headline() -> Cell:
    return code(
        """
        HEADLINE = {}
        for run, part in zip(runs, ["never retrained", cadence_name.lower(), triggered["name"]]):
            if np.isfinite(run["after"]):
                HEADLINE[f"{METRIC_NAME} after the drift, {part}"] = round(run["after"], 2)
        if weeks_to_alarm is not None:
            HEADLINE[f"{DETECTOR_NAME}: weeks to an alarm after the drift"] = weeks_to_alarm
        HEADLINE[f"Cheapest policy: {cheapest['name']}"] = cheapest["cost"]
        HEADLINE[f"No-skill {METRIC_NAME.lower()} baseline after the drift"] = round(baseline_after, 2)
        HEADLINE
        """
    )


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the drift page's view at ``params``."""
    p = params
    detector = DETECTORS[p.detector]
    if detector.watches == "errors":
        walk = [
            md(
                f"""
                ## 4. The drift-triggered policy: {detector.label}

                The detector watches the model's **error rate**, which it only sees once the labels are
                back, {p.delay} weeks late. Each week it reads the current model's errors on the latest
                labelled week; when it fires the model is retrained on the {p.window} latest labelled
                weeks and the detector starts afresh. Threshold: {detector.threshold_text(p.alarm)}.
                """
            ),
            code(_ERROR_DETECTORS[p.detector]),
            code(ERROR_WALK),
        ]
    else:
        walk = [
            md(
                f"""
                ## 4. The drift-triggered policy: {detector.label}

                The detector watches the **features**, which arrive at once: each week is compared with the
                current model's reference, its {p.reference} most recent training weeks. It cannot see concept
                drift (the features do not move), only covariate shift. Threshold:
                {detector.threshold_text(p.alarm)}.
                """
            ),
            code(_FEATURE_TESTS[p.detector]),
            code(FEATURE_WALK),
        ]
    cells = (
        md(
            """
            ## 1. The settings and the stream

            A fraud model scores two features of every transaction. Before the drift, legitimate traffic
            is N(0, I) and fraud N(mu, I), |mu| = 2.5 at 45 degrees, 5% of the traffic. Covariate shift
            moves every transaction (P(fraud | x) stays), prior shift raises the fraud rate, concept drift
            rotates the fraud direction the labels follow (the features stay). The stream starts
            34 weeks before launch so the launch model has labelled weeks to learn from.
            """
        ),
        _settings(p),
        code(STREAM.source),
        md(
            """
            ## 2. Every week's model

            A retrain at the start of week t learns from the labelled weeks it can see: labels come back
            `DELAY` weeks late. L2 logistic regression (scikit-learn's objective, C = 1) fitted by Newton's
            method, which on three parameters gives `LogisticRegression`'s answer in a few steps.
            """
        ),
        MODEL,
        md(
            """
            ## 3. Never retrained, and a fixed cadence

            Each policy is a choice of which week's model serves each week. A transaction is flagged when
            the model's P(fraud) is at least 0.5.
            """
        ),
        OUTCOME,
        *walk,
        md(
            """
            ## 5. The numbers and the cost

            Precision and recall are pooled over every transaction from the drift's start on (AUC is the
            mean weekly AUC); each error costs `COST_ERROR` and each retrain `COST_RETRAIN`.
            """
        ),
        READINGS,
        md("The page's main chart: the metric week by week for each policy."),
        CHART,
        md("The page's key numbers, as it reads them."),
        _headline(),
    )
    return Recipe(f"Drift and retraining: {DETECTORS[p.detector].short}-triggered vs a cadence", cells)
