"""The notebook that reproduces the ranking page's view: the sessions, the click logs under position
bias, nDCG@k on each label source, the eta sweep, and the page's key numbers (plain numpy and plotly)."""

from __future__ import annotations

import json

from explorers.export import Recipe, code, md
from explorers.ranking.topic import Params

SESSIONS = code(
    """
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go

    REPEATS, QUERIES = 8, 100  # 8 independent seeds of 100 queries: every number is a mean over seeds
    GRADES = np.array([0, 1, 2, 3])  # bad, fair, good, perfect
    GRADE_SHARES = np.array([0.55, 0.25, 0.13, 0.07])
    CLICK_IF_SEEN = np.array([0.02, 0.10, 0.40, 0.80])  # P(click | examined) per grade
    B_PERCEIVES = np.array([0.5, 0.5, 2.0, 3.0])  # B sees bad and fair items alike

    rng = np.random.default_rng([SEED, N_ITEMS])
    shape = (REPEATS, QUERIES, N_ITEMS)
    relevance = rng.choice(GRADES, size=shape, p=GRADE_SHARES)
    scores = {
        "A": relevance + NOISE_A * rng.standard_normal(shape),
        "B": B_PERCEIVES[relevance] + NOISE_B * rng.standard_normal(shape),
        "random": rng.random(shape),
    }
    # The uniforms behind every click, drawn once: clicks at any eta reuse them.
    u_examine = rng.random(shape)
    u_click = rng.random(shape)

    # Each ranker's order of every list (best first), and the position A shows each item at (1 = top).
    order = {name: np.argsort(-s, axis=-1, kind="stable") for name, s in scores.items()}
    position_a = np.empty_like(order["A"])
    np.put_along_axis(position_a, order["A"], np.arange(1, N_ITEMS + 1), axis=-1)
    print(f"{REPEATS} seeds x {QUERIES} queries x {N_ITEMS} items; grades:", np.bincount(relevance.ravel()))
    """
)

CLICKS = code(
    """
    def examined(eta):
        \"\"\"P(the user examines each item) at the position A showed it: 1 / position**eta.\"\"\"
        return np.power(position_a.astype(float), -eta)


    def clicks_at(eta):
        \"\"\"The click log while A ranks: examined, then clicked with the grade's probability.\"\"\"
        seen = u_examine < examined(eta)
        return (seen & (u_click < CLICK_IF_SEEN[relevance])).astype(float)


    def ips_weights(eta, clip):
        \"\"\"Inverse-propensity weights 1 / P(examined), cut at `clip` (None: no cut).\"\"\"
        weights = 1.0 / examined(eta)
        return weights if clip is None else np.minimum(weights, clip)


    clip_text = "none" if CLIP is None else f"{CLIP:g}"
    clicks = clicks_at(ETA)
    print(f"At eta = {ETA:.1f} a list gets {clicks.sum(axis=-1).mean():.2f} clicks on average")
    """
)

NDCG = code(
    """
    DISCOUNT = 1.0 / np.log2(np.arange(2, N_ITEMS + 2))  # 1 / log2(rank + 1)


    def dcg_at_k(gains, ranker, k):
        \"\"\"Each seed's total DCG@k over its queries, every list in the ranker's order.\"\"\"
        top = np.take_along_axis(gains, order[ranker][..., :k], axis=-1)
        return (top @ DISCOUNT[:k]).sum(axis=-1)


    def ideal_dcg_at_k(gains, k):
        \"\"\"Each seed's total DCG@k of the best possible order.\"\"\"
        best = -np.sort(-gains, axis=-1)[..., :k]
        return (best @ DISCOUNT[:k]).sum(axis=-1)


    def divide(top, bottom):
        return np.divide(top, bottom, out=np.full(np.shape(bottom), np.nan), where=bottom > 0)


    def ndcg_at_k(gains, ranker, k):
        \"\"\"Pooled nDCG@k per seed: total DCG@k over total ideal DCG@k (NaN: no positive label).\"\"\"
        return divide(dcg_at_k(gains, ranker, k), ideal_dcg_at_k(gains, k))


    def gap_at_k(gains, k):
        \"\"\"B - A pooled nDCG@k per seed (both share one ideal, so this is their difference).\"\"\"
        return divide(dcg_at_k(gains, "B", k) - dcg_at_k(gains, "A", k), ideal_dcg_at_k(gains, k))
    """
)

GAPS = code(
    """
    label_gains = {
        "relevance labels": relevance.astype(float),
        "raw clicks": clicks,
        "IPS-weighted clicks": clicks * ips_weights(ETA, CLIP),
    }
    gaps = {name: gap_at_k(gains, K) for name, gains in label_gains.items()}
    pd.DataFrame(
        {
            f"B - A nDCG@{K}, mean": {name: np.nanmean(g) for name, g in gaps.items()},
            "sd over seeds": {name: np.nanstd(g, ddof=1) for name, g in gaps.items()},
        }
    ).round(3)
    """
)

SWEEP = code(
    """
    ETA_GRID = np.round(np.arange(0.0, 2.0001, 0.1), 10)
    relevance_gap = np.mean(gap_at_k(relevance.astype(float), K))
    seen_gap = np.mean(gap_at_k(CLICK_IF_SEEN[relevance], K))  # what IPS estimates: every item examined
    sweep = pd.DataFrame(
        [
            {
                "eta": eta,
                "raw clicks": np.nanmean(gap_at_k(clicks_at(eta), K)),
                "IPS": np.nanmean(gap_at_k(clicks_at(eta) * ips_weights(eta, CLIP), K)),
            }
            for eta in ETA_GRID
        ]
    )

    truth = np.sign(relevance_gap)
    flipped = sweep["eta"][np.sign(sweep["raw clicks"]) == -truth]
    flip_eta = None if truth == 0 or flipped.empty else float(flipped.iloc[0])
    print("Raw clicks first prefer the other ranker at eta =", flip_eta)

    fig = go.Figure()
    fig.add_scatter(x=ETA_GRID, y=np.full(ETA_GRID.size, relevance_gap), name="Relevance labels")
    fig.add_scatter(
        x=ETA_GRID, y=np.full(ETA_GRID.size, seen_gap), name="Clicks, every item seen", line_dash="dot"
    )
    fig.add_scatter(x=sweep["eta"], y=sweep["raw clicks"], name="Raw clicks (logged under A)")
    fig.add_scatter(x=sweep["eta"], y=sweep["IPS"], name=f"IPS-weighted clicks (clip {clip_text})")
    fig.add_hline(y=0, line_width=1)
    fig.add_vline(x=ETA, line_dash="dot")
    fig.update_layout(
        title=f"Who wins on nDCG@{K} depends on the labels: B - A as position bias grows",
        xaxis_title="Position-bias strength eta (P(examine rank r) = 1/r^eta)",
        yaxis_title=f"nDCG@{K}: B - A (above 0: B wins)",
    )
    fig.show()
    """
)

CARDS = code(
    """
    gains = label_gains[SOURCE]
    ndcg = {ranker: np.nanmean(ndcg_at_k(gains, ranker, K)) for ranker in ("A", "B", "random")}
    print({ranker: round(value, 3) for ranker, value in ndcg.items()})
    """
)

HEADLINE_CELL = code(
    """
    def lead(gap):
        \"\"\"The page's card: 'B by 0.062' reads 0.062; a tie at 3 decimals has no number.\"\"\"
        return None if round(abs(gap), 3) == 0 else abs(gap)


    cards = {
        "Relevance labels prefer": lead(np.nanmean(gaps["relevance labels"])),
        f"Raw clicks (η = {ETA:.1f}) prefer": lead(np.nanmean(gaps["raw clicks"])),
        f"IPS, clip {clip_text}, prefers": lead(np.nanmean(gaps["IPS-weighted clicks"])),
        "Raw clicks first flip at": flip_eta,  # 'η = 0.3' reads 0.3
        f"nDCG@{K}, ranker A ({SOURCE})": ndcg["A"],
        f"nDCG@{K}, ranker B ({SOURCE})": ndcg["B"],
        f"nDCG@{K}, random ranking (baseline)": ndcg["random"],
    }
    HEADLINE = {label: round(float(v), 3) for label, v in cards.items() if v is not None and np.isfinite(v)}
    """
)

SOURCE_NAMES = {"relevance": "relevance labels", "clicks": "raw clicks", "ips": "IPS-weighted clicks"}


def _clip(clip: float | None) -> float | None:
    return None if clip is None else float(clip)


def _settings(params: Params) -> str:
    return f"""
    NOISE_A = {float(params.noise_a)!r}  # ranker A scores relevance + noise of this size
    NOISE_B = {float(params.noise_b)!r}  # ranker B the same, but it scores bad and fair items alike
    N_ITEMS = {int(params.n_items)!r}  # items per list
    SEED = {int(params.seed)!r}
    ETA = {float(params.eta)!r}  # position bias: the user examines rank r with probability 1 / r**ETA
    CLIP = {_clip(params.clip)!r}  # the largest IPS weight (None: no clipping)
    K = min(max({int(params.k)!r}, 1), N_ITEMS)  # the cut-off, at most the list length
    SOURCE = {json.dumps(SOURCE_NAMES[params.labels])}  # the labels the nDCG cards read
    """


def recipe(params: Params) -> Recipe:
    """The ranking page's view at ``params`` as notebook cells."""
    return Recipe(
        "Ranking metrics and position bias",
        (
            md(
                """
                ## The settings

                The page's controls. Four draw the sessions (the noises, the list length, the seed);
                the others only read them.
                """
            ),
            code(_settings(params)),
            md(
                """
                ## The sessions

                Each of 8 independent draws (the page calls them seeds) holds 100 queries with
                `N_ITEMS` candidate items, each of true grade 0-3 (an editor's relevance judgement).
                Ranker A scores every item as its grade plus noise; ranker B cannot tell bad from fair
                items (it sees both as 0.5) but may be less noisy, so it can find the best items and
                order the tail worse. A random ranking is the no-skill baseline. The uniforms behind
                the clicks are drawn once per draw, so moving eta moves the clicks smoothly (common
                random numbers).
                """
            ),
            SESSIONS,
            md(
                """
                ## Clicks logged while A ranks

                A position-based click model: the user examines rank r with probability 1 / r^eta
                and, having looked, clicks with a probability that grows with the grade. Inverse
                propensity scoring (IPS) divides each click by the chance its position was examined,
                cut at a clip to tame the variance.
                """
            ),
            CLICKS,
            md(
                """
                ## nDCG@k, pooled over queries

                Gains are the labels themselves (as `sklearn.metrics.ndcg_score`) and the discount is
                1 / log2(rank + 1). Each seed pools its queries: total DCG@k over total ideal DCG@k,
                so A and B share one normaliser.
                """
            ),
            NDCG,
            md(
                """
                ## Who wins depends on the labels

                B − A on nDCG@k with three label sources: the editor's grades, the raw clicks, and
                the IPS-weighted clicks (mean and standard deviation over the 8 seeds).
                """
            ),
            GAPS,
            md(
                """
                ## The position-bias sweep

                The same gap for every eta from 0 to 2, from the same uniforms. Raw clicks favour A,
                the ranker that decided what was seen; the first eta where they prefer the other
                ranker than the relevance labels do is where the trap springs.
                """
            ),
            SWEEP,
            md(
                """
                ## nDCG@k of each ranker on the chosen labels

                The mean over seeds of each ranker's pooled nDCG@k, against the random baseline.
                """
            ),
            CARDS,
            md(
                """
                ## The page's key numbers

                A card such as "B by 0.062" reads 0.062; a tie, or no flip on the grid, shows no number.
                """
            ),
            HEADLINE_CELL,
        ),
    )
