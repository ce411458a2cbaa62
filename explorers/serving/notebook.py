"""The serving page's view as a notebook: the model's service time, the same simulated traffic, the
three ways to serve it and their numbers, in plain numpy, scipy, scikit-learn, pandas and plotly.

The measured service time is the one thing a notebook cannot reproduce (another machine, another
moment), so the notebook measures the model itself, to show how, and then simulates with the line
the page measured (written in as literals), unless the reader switches to their own."""

from __future__ import annotations

import textwrap

from explorers.export import Cell, Recipe, code, md
from explorers.formatting import sla
from explorers.queueing import DIURNAL_SWING, FLASH_CROWDS, FLASH_DECAY, FLASH_HEIGHT, PROFILE_CELLS
from explorers.serving.params import Params
from explorers.serving.precompute import BATCH_JOB_BATCH, BATCH_JOB_CORES, LOOKUP_SIGMA
from explorers.serving.realtime import SLA_CHOICES_MS
from explorers.serving.timing import BATCH_SIZES, ServiceCost, serving_model

_MAKE_MODEL: dict[str, str] = {
    "logreg": """make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))""",
    "gbm": "HistGradientBoostingClassifier(\n"
    "    max_iter=TREES, max_leaf_nodes=15, early_stopping=False, random_state=0\n)",
    "forest": """RandomForestClassifier(n_estimators=TREES, max_depth=10, n_jobs=1, random_state=0)""",
}
_IMPORTS: dict[str, str] = {
    "logreg": "from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler",
    "gbm": "from sklearn.ensemble import HistGradientBoostingClassifier",
    "forest": "from sklearn.ensemble import RandomForestClassifier",
}


def _settings(p: Params) -> Cell:
    assert p.sla in SLA_CHOICES_MS
    return code(
        f"""
        import heapq
        from bisect import bisect_right

        import numpy as np
        import pandas as pd
        import plotly.graph_objects as go

        # The page's settings
        RATE = {float(p.rate)!r}  # mean requests per second
        PATTERN = {p.pattern!r}  # "poisson", "diurnal" or "bursty"
        REQUESTS = {p.requests}  # simulated requests; their horizon stands for one day
        SEED = {p.seed}
        REPLICAS = {p.replicas}  # one request per call
        BATCH_REPLICAS = {p.batch_replicas}  # dynamic batching
        MAX_BATCH = {p.max_batch}
        MAX_WAIT_MS = {float(p.max_wait)!r}
        USERS = {p.users}  # scored by the precompute job
        EVERY_HOURS = {float(p.every)!r}  # between precompute runs
        ACTIVE = {p.active / 100!r}  # share of users who send a request in a day
        NEW_USERS = {p.new_users / 100!r}  # share of the user base signing up each day
        LOOKUP_MS = {float(p.lookup_ms)!r}  # median key-value lookup latency
        SLA_MS = {float(p.sla)!r}
        SLA_NAME = {sla(p.sla)!r}
        PRICE = {float(p.price)!r}  # $ per core-hour

        LOOKUP_SIGMA = {LOOKUP_SIGMA}  # spread of the log-normal lookup latency
        BATCH_JOB_CORES = {BATCH_JOB_CORES}
        BATCH_JOB_BATCH = {BATCH_JOB_BATCH}  # rows per predict call in the precompute job
        """
    )


def _measuring(p: Params, line: ServiceCost) -> list[Cell]:
    model = serving_model(p.model)
    label = model.label_for(p.trees)
    return [
        md(
            f"""
            ## 1. The model's service time

            The page trains a real model ({label.lower()}) on scikit-learn's breast-cancer data and times
            `predict_proba` on one core for batches of 1 to 1,024 rows, then fits the line
            t(b) = a + c·b to the median times, on relative errors and with a, c ≥ 0. A call costs a fixed
            a (Python and scikit-learn overhead, tree traversal set-up) plus c per row: the gap between a
            and c is what batching buys.

            Your machine is not the page's, so your line will differ. The simulations below use the
            page's line (`SETUP_MS`, `PER_ROW_MS`), so the numbers match the page; set
            `USE_MY_TIMING = True` to simulate with yours.
            """
        ),
        code(
            textwrap.dedent(
                f"""
            import time

            from scipy.optimize import nnls
            from sklearn.datasets import load_breast_cancer
            __IMPORTS__
            from threadpoolctl import threadpool_limits

            TREES = {p.trees}
            BATCH_SIZES = {list(BATCH_SIZES)}
            data = load_breast_cancer()
            X, y = data.data, 1 - data.target  # 1 = malignant
            rows = X[np.random.default_rng(0).integers(0, X.shape[0], BATCH_SIZES[-1])]
            model = __MODEL__

            with threadpool_limits(1):  # one core, as each replica has
                model.fit(X, y)
                inputs = [np.ascontiguousarray(rows[:b]) for b in BATCH_SIZES]
                for batch in inputs:
                    model.predict_proba(batch)  # warm-up
                seconds = np.empty((7, len(inputs)))
                for repeat in range(seconds.shape[0]):  # round the sizes in turn, so noise hits all alike
                    for column, batch in enumerate(inputs):
                        start = time.perf_counter()
                        model.predict_proba(batch)
                        seconds[repeat, column] = time.perf_counter() - start
            median_ms = np.median(seconds, axis=0) * 1000
            b = np.array(BATCH_SIZES, dtype=float)
            (my_setup, my_per_row), _ = nnls(np.column_stack([np.ones_like(b), b]) / median_ms[:, None],
                                             np.ones_like(b))
            print(f"your machine: t(b) = {{my_setup:.3f}} ms + {{my_per_row * 1000:.2f}} µs x b")

            USE_MY_TIMING = False
            # The line the page measured ({label.lower()}), in ms:
            SETUP_MS, PER_ROW_MS = {line.setup_ms!r}, {line.per_row_ms!r}
            if USE_MY_TIMING:
                SETUP_MS, PER_ROW_MS = my_setup, my_per_row
            print(f"simulated with: t(b) = {{SETUP_MS:.3f}} ms + {{PER_ROW_MS * 1000:.2f}} µs x b")

            figure = go.Figure()
            figure.add_scatter(x=b, y=median_ms, mode="markers", name="your median times")
            figure.add_scatter(x=b, y=SETUP_MS + PER_ROW_MS * b, mode="lines", name="the line simulated")
            figure.update_layout(xaxis_type="log", yaxis_type="log", xaxis_title="Rows per call",
                                 yaxis_title="ms per call", height=350)
            figure.show()
            """
            )
            .replace("__IMPORTS__", _IMPORTS[p.model])
            .replace("__MODEL__", _MAKE_MODEL[p.model])
        ),
    ]


def _by_hand(line: ServiceCost) -> list[Cell]:
    return [
        md(
            """
            ## 1. The model's service time

            The page's line t(b) = a + c·b is set by hand here: one predict call on b rows takes a fixed
            `SETUP_MS` plus `PER_ROW_MS` per row.
            """
        ),
        code(f"SETUP_MS, PER_ROW_MS = {line.setup_ms!r}, {line.per_row_ms!r}"),
    ]


TRAFFIC = code(
    f"""
    def call_ms(rows):
        \"\"\"Milliseconds one predict call on ``rows`` rows takes.\"\"\"
        return SETUP_MS + PER_ROW_MS * rows


    def rate_profile(pattern, seed, cells={PROFILE_CELLS}):
        \"\"\"The arrival rate over the horizon relative to its mean: flat, a compressed day (lowest at
        midnight), or a base rate with {FLASH_CROWDS} flash crowds that jump and decay.\"\"\"
        u = (np.arange(cells) + 0.5) / cells
        if pattern == "poisson":
            profile = np.ones(cells)
        elif pattern == "diurnal":
            profile = 1.0 - {DIURNAL_SWING} * np.cos(2 * np.pi * u)
        else:
            crowds = np.sort(np.random.default_rng([seed, 1]).uniform(0.0, 0.95, {FLASH_CROWDS}))
            since = u[:, None] - crowds[None, :]
            jumps = np.where(since >= 0, np.exp(-np.maximum(since, 0) / {FLASH_DECAY}), 0.0)
            profile = 1.0 + {FLASH_HEIGHT} * jumps.sum(axis=1)
        return profile / profile.mean()


    # A Poisson process by time rescaling: n points of a unit-rate process, given their count, are
    # uniform order statistics; the inverse of the cumulative rate maps them onto the pattern.
    gaps = np.random.default_rng([SEED, 0]).exponential(size=REQUESTS + 1)
    unit = np.cumsum(gaps)
    unit = unit[:REQUESTS] / unit[REQUESTS]
    horizon = REQUESTS / RATE  # seconds
    if PATTERN == "poisson":
        arrivals = unit * horizon
    else:
        profile = rate_profile(PATTERN, SEED)
        cumulative = np.concatenate([[0.0], np.cumsum(profile)]) / profile.sum()
        arrivals = np.interp(unit, cumulative, np.linspace(0.0, 1.0, profile.size + 1)) * horizon
    print(f"{{REQUESTS:,}} requests over {{arrivals[-1]:.1f}} s")
    """
)

SUMMARY = code(
    """
    def summarise(departures, busy_seconds, replicas, capacity, mean_batch):
        \"\"\"What a real-time mode did: latency percentiles (ms), the share over the SLA, throughput,
        utilisation, and the cost per million requests (replicas paid all the time).\"\"\"
        latency = np.sort(departures - arrivals) * 1000
        window = arrivals[-1]
        load = RATE / capacity
        throughput = np.count_nonzero(departures <= window) / window
        served = throughput if throughput > 0 else min(load, 1.0) * capacity
        return {
            "latency": latency,
            "p50": np.quantile(latency, 0.5),
            "p95": np.quantile(latency, 0.95),
            "p99": np.quantile(latency, 0.99),
            "over_sla": np.mean(latency > SLA_MS),
            "throughput": throughput,
            "utilisation": min(1.0, busy_seconds / (replicas * departures.max())),
            "dollars_per_million": replicas * PRICE / 3600 / served * 1e6,
            "overloaded": load >= 1,  # arrivals outpace capacity: the queue grows without bound
            "mean_batch": mean_batch,
        }
    """
)

ONE_PER_CALL = code(
    """
    def fifo(arrivals, service, replicas):
        \"\"\"Each request takes the first free replica, in arrival order, for ``service`` seconds.\"\"\"
        free = [0.0] * replicas  # when each replica is next free (a heap)
        departures = np.empty(arrivals.size)
        for n, arrive in enumerate(arrivals.tolist()):
            departures[n] = max(free[0], arrive) + service
            heapq.heapreplace(free, departures[n])
        return departures


    service = call_ms(1) / 1000
    one = summarise(
        fifo(arrivals, service, REPLICAS),
        busy_seconds=service * REQUESTS,
        replicas=REPLICAS,
        capacity=REPLICAS / service,
        mean_batch=1.0,
    )
    print(f"p99 {one['p99']:.3g} ms, {one['over_sla']:.2%} over the SLA, busy {one['utilisation']:.0%}")
    """
)

BATCHING = code(
    """
    def dynamic_batching(arrivals, setup, per_row, max_batch, max_wait, replicas):
        \"\"\"A batch closes when a replica is free and either ``max_batch`` requests wait or the oldest
        has waited ``max_wait`` s (a replica freeing up later takes what waits, up to ``max_batch``).\"\"\"
        times, n = arrivals.tolist(), arrivals.size
        free = [-np.inf] * replicas  # a heap of the replicas' free times
        departures, sizes, busy = np.empty(n), [], 0.0
        i = 0
        while i < n:
            close = times[i] + max_wait  # the oldest request's deadline...
            if i + max_batch - 1 < n:  # ...or the arrival of the batch's last request, if sooner
                close = min(close, times[i + max_batch - 1])
            start = max(close, free[0])
            j = bisect_right(times, start, i, min(i + max_batch, n))  # everything waiting by then
            took = setup + per_row * (j - i)
            heapq.heapreplace(free, start + took)
            departures[i:j] = start + took
            sizes.append(j - i)
            busy += took
            i = j
        return departures, busy, np.mean(sizes)


    departures, busy, mean_batch = dynamic_batching(
        arrivals, SETUP_MS / 1000, PER_ROW_MS / 1000, MAX_BATCH, MAX_WAIT_MS / 1000, BATCH_REPLICAS
    )
    batched = summarise(
        departures,
        busy_seconds=busy,
        replicas=BATCH_REPLICAS,
        capacity=BATCH_REPLICAS * MAX_BATCH / call_ms(MAX_BATCH) * 1000,
        mean_batch=mean_batch,
    )
    print(f"p99 {batched['p99']:.3g} ms, mean batch {mean_batch:.1f}, busy {batched['utilisation']:.0%}")
    """
)

PRECOMPUTE = code(
    """
    from scipy.special import ndtr, ndtri

    # One run scores every user in calls of BATCH_JOB_BATCH rows, on BATCH_JOB_CORES cores.
    core_seconds = USERS * call_ms(BATCH_JOB_BATCH) / BATCH_JOB_BATCH / 1000
    run_hours = core_seconds / BATCH_JOB_CORES / 3600
    keeps_up = run_hours <= EVERY_HOURS  # else the runs queue and the predictions age without bound
    runs_per_day = 24 / EVERY_HOURS if keeps_up else 24 / run_hours

    # A request's time of day is its place in the horizon (one compressed day). Runs snapshot the
    # features at 0, T, 2T, ... hours and publish run_hours later; until then the previous run serves.
    day_hours = arrivals / arrivals[-1] * 24
    if EVERY_HOURS > 24:  # a run every few days: a request falls on any day of the cycle
        cycle_days = round(EVERY_HOURS / 24)
        day_hours = day_hours + 24 * np.random.default_rng([SEED, 2]).integers(0, cycle_days, day_hours.size)
    since_snapshot = np.mod(day_hours, EVERY_HOURS)
    staleness = np.where(since_snapshot >= run_hours, since_snapshot, since_snapshot + EVERY_HOURS)
    # New users have no prediction yet: at age s their share of requests is g*s / (active + g*s).
    new_share = NEW_USERS * staleness / 24
    batch = {
        "p50": LOOKUP_MS,  # the log-normal lookup's median...
        "p95": LOOKUP_MS * np.exp(LOOKUP_SIGMA * ndtri(0.95)),
        "p99": LOOKUP_MS * np.exp(LOOKUP_SIGMA * ndtri(0.99)),
        "over_sla": 1 - ndtr(np.log(SLA_MS / LOOKUP_MS) / LOOKUP_SIGMA),
        "throughput": RATE,
        "dollars_per_million": core_seconds * runs_per_day / 3600 * PRICE / (RATE * 86_400) * 1e6,
        "staleness_p50": np.percentile(staleness, 50) if keeps_up else np.inf,
        "staleness_p95": np.percentile(staleness, 95) if keeps_up else np.inf,
        "cold_start": np.mean(new_share / (ACTIVE + new_share)) if keeps_up else float(NEW_USERS > 0),
    }
    print(f"a run: {run_hours:.2g} h; the median prediction served is {batch['staleness_p50']:.3g} h old")
    """
)

TABLE = code(
    """
    modes = {"One request per call": one, "Dynamic batching": batched, "Offline batch precompute": batch}
    table = pd.DataFrame(
        {
            name: {
                "p50 (ms)": m["p50"],
                "p95 (ms)": m["p95"],
                "p99 (ms)": m["p99"],
                f"Over {SLA_NAME} SLA": f"{m['over_sla']:.2%}",
                "Throughput (req/s)": round(m["throughput"]),
                "Utilisation": f"{m['utilisation']:.0%}" if "utilisation" in m else "—",
                "$ per million": f"${m['dollars_per_million']:.2g}",
                "Staleness (h)": m.get("staleness_p50", 0.0),
            }
            for name, m in modes.items()
        }
    )
    table
    """
)

CHART = code(
    """
    levels = 1.0 - 10.0 ** -np.linspace(0.0, 4.0, 121)
    figure = go.Figure()
    for name, m in [("One request per call", one), ("Dynamic batching", batched)]:
        figure.add_scatter(x=np.quantile(m["latency"], levels), y=100 * levels, mode="lines", name=name)
    lookup = LOOKUP_MS * np.exp(LOOKUP_SIGMA * ndtri(np.clip(levels, 1e-4, 1 - 1e-4)))
    figure.add_scatter(x=lookup, y=100 * levels, mode="lines", name="Offline batch precompute")
    figure.add_vline(x=SLA_MS, line_dash="dash", annotation_text=f"SLA {SLA_NAME}")
    figure.update_layout(xaxis_type="log", xaxis_title="Latency (ms, log scale)",
                         yaxis_title="Requests answered within (%)", height=400)
    figure.show()
    """
)

HEADLINE = code(
    """
    def as_shown(ms):
        \"\"\"A duration in the unit the page writes it in: µs below 1 ms, ms, s, min, then h.\"\"\"
        for limit, scale in ((1.0, 1000.0), (1000.0, 1.0), (60_000.0, 1e-3), (3_600_000.0, 1 / 60_000)):
            if ms < limit:
                return ms * scale
        return ms / 3_600_000


    def hours_as_shown(h):
        \"\"\"Hours as the page writes them: minutes below 1 h, days from 48 h.\"\"\"
        return h * 60 if h < 1 else (h if h < 48 else h / 24)


    # The page's cards share their labels between modes; the first of each is one request per call's.
    HEADLINE = {
        f"Over {SLA_NAME} SLA": 100 * one["over_sla"],
        "Utilisation": 100 * one["utilisation"],
        "$ per million": one["dollars_per_million"],
    }
    if not one["overloaded"]:  # an overloaded queue's p99 only measures how long the simulation ran
        HEADLINE["p99"] = as_shown(one["p99"])
    if keeps_up:
        HEADLINE["Staleness"] = hours_as_shown(batch["staleness_p50"])
    HEADLINE
    """
)


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the serving page's view at ``params``."""
    p = params
    line = p.cost_spec.resolve()  # the line set by hand, or the one the page measured (once a process)
    timing = _by_hand(line) if p.by_hand else _measuring(p, line)
    cells = (
        md(
            """
            ## 0. The settings

            One model, three ways to serve it: one request per predict call on k replicas, dynamic
            batching (wait a little to share a call), or an offline job that scores every user ahead of
            time so a request is a key-value lookup. Each replica and the batch job use one core, paid per
            core-hour.
            """
        ),
        _settings(p),
        *timing,
        md(
            """
            ## 2. The traffic

            The same simulated requests reach every mode: a Poisson process at `RATE` requests a second,
            steady, following a compressed day, or with flash crowds.
            """
        ),
        TRAFFIC,
        md(
            """
            ## 3. Real time, one request per call

            k replicas behind one FIFO queue: every request is its own predict call of t(1) = a + c ms,
            so the replicas serve at most k / t(1) requests a second and queueing delay grows as the load
            nears 1.
            """
        ),
        SUMMARY,
        ONE_PER_CALL,
        md(
            """
            ## 4. Real time with dynamic batching

            Requests wait up to `MAX_WAIT_MS` to share a call of at most `MAX_BATCH` rows (as Triton's
            dynamic batcher does): the fixed cost a is paid once per batch, so capacity grows with the
            batch, at the price of the wait.
            """
        ),
        BATCHING,
        md(
            """
            ## 5. Offline batch precompute

            A job scores every user every `EVERY_HOURS` hours; a request is a key-value lookup (log-normal
            latency), so it is fast and cheap but the prediction is as old as the last run, wasted on
            inactive users, and missing for users who joined since.
            """
        ),
        PRECOMPUTE,
        md("## 6. The three modes side by side, and the page's main chart: the latency distributions"),
        TABLE,
        CHART,
        md("The page's key numbers, as it reads them."),
        HEADLINE,
    )
    name = serving_model(p.model).label_for(p.trees) if not p.by_hand else "a service time set by hand"
    return Recipe(f"Batch vs real-time serving: {name}", cells)
