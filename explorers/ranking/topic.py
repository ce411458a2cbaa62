"""The ranking trade-off as a topic: its parameters, its one simulation and its view."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.common import entry
from explorers.ranking import figures
from explorers.ranking.figures import clip_label
from explorers.ranking.labels import SOURCES
from explorers.ranking.reading import CLIP_GRID, ETA_GRID, METRICS, Reading, Stat, read, sweep
from explorers.ranking.sentences import card_value, notice, winner
from explorers.ranking.simulation import GRADE_NAMES, QUERIES, REPEATS, Sessions, simulate
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

CLIPS: dict[float | None, str] = {c: clip_label(c) for c in CLIP_GRID}
LABEL_OPTIONS: dict[str, str] = {key: source.label for key, source in SOURCES.items()}
STAGE_HEIGHT = 400
NO_FORM = "—"
CLIPPING_CAPTION = (
    "IPS divides each click by the chance its position was examined, so the weighted clicks add up, on "
    "average, to the clicks every item would get if all were seen: DCG on them is unbiased (the tests check "
    "it by Monte Carlo). nDCG also divides by an ideal DCG estimated from the same weighted clicks, which "
    "runs high, so even unclipped IPS sits a little below the dotted line. A clip of 1 is raw clicks."
)


@dataclass(frozen=True)
class Params:
    """The page's controls: four that draw the sessions, four that only read them."""

    noise_a: float
    noise_b: float
    n_items: int
    seed: int
    eta: float
    labels: str
    k: int
    clip: float | None


@dataclass(frozen=True, kw_only=True)
class RankingView(View):
    """Everything the page shows; ``numbers`` start with who wins on each label source."""

    reading: Reading
    trap: Chart
    table: Table
    table_caption: str
    by_k: Chart
    positions: Chart
    clipping: Chart
    clipping_caption: str
    data_caption: str


def fits(params: Params) -> dict[str, Fit]:
    """One simulation per noise pair, list length and seed, and its sweep over eta per k and clip;
    eta and the label source only read them."""
    args = (float(params.noise_a), float(params.noise_b), int(params.n_items), int(params.seed))
    return {
        "sessions": Fit(simulate, args, label="sessions and click logs", trains=False),
        "sweep": Fit(
            sweep,
            args,
            label="position-bias sweep",
            trains=False,
            kwargs={"k": int(params.k), "clip": params.clip},
        ),
    }


def _stat(s: Stat | None) -> str:
    return NO_FORM if s is None else f"{s.mean:.3f} ± {s.sd:.3f}"


def _prefers(row: dict[str, Stat | None]) -> str:
    a, b = row["a"], row["b"]
    if a is None or b is None:
        return NO_FORM
    return winner(b.mean - a.mean) or "Tie"


def _table(r: Reading) -> Table:
    """One row per metric: A, B and a random ranking (mean ± sd over seeds) and which ranker it prefers."""
    columns = ("Metric", "Ranker A", "Ranker B", "Random ranking (baseline)", "Prefers")
    rows, emphasis = [], []
    for key, metric in METRICS.items():
        row = r.table[key]
        prefers = _prefers(row)
        rows.append((metric.name(r.k), _stat(row["a"]), _stat(row["b"]), _stat(row["random"]), prefers))
        emphasis.append((False, prefers == "A", prefers == "B", False, prefers in ("A", "B")))
    return Table(columns, tuple(rows), tuple(emphasis))


def _table_caption(r: Reading) -> str:
    source = SOURCES[r.source]
    parts = [
        f"**{source.label}**, mean ± standard deviation over {REPEATS} seeds of {QUERIES} queries. "
        "nDCG pools "
        "the queries (total DCG@k over total ideal DCG@k); the other metrics average over the queries where "
        f"they are defined. Binary metrics count grades 2–3 ({GRADE_NAMES[2]}, {GRADE_NAMES[3]}) as relevant "
        "for relevance labels, and a click as relevant for clicks; AUC pools every item of a seed."
    ]
    if r.source == "ips":
        parts.append(
            "MAP, MRR and AUC have no inverse-propensity form (they hinge on which items count as relevant, "
            "not on a sum of labels), so they show —; precision@k and recall@k sum the weighted clicks."
        )
    return " ".join(parts)


def _source_numbers(r: Reading) -> tuple[KeyNumber, ...]:
    """nDCG@k of A, B and a random ranking on the chosen labels: the mean over seeds, sd in the help."""
    row = r.table["ndcg"]
    name = METRICS["ndcg"].name(r.k)
    base = row["random"]

    def card(key: str, label: str) -> KeyNumber:
        stat = row[key]
        if stat is None or base is None:  # no list has a positive label in any seed
            return KeyNumber(label, NO_FORM, help="Baseline: none either; no list has a positive label.")
        against = (
            "a ranking that ignores the items: the no-skill baseline"
            if key == "random"
            else f"Baseline: a random ranking scores {base.mean:.3f}"
        )
        help_ = f"Mean over {stat.draws} seeds; sd {stat.sd:.3f}. {against}."
        return KeyNumber(label, f"{stat.mean:.3f}", help=help_)

    return (
        card("a", f"{name}, ranker A ({r.source_name})"),
        card("b", f"{name}, ranker B ({r.source_name})"),
        card("random", f"{name}, random ranking (baseline)"),
    )


def _numbers(r: Reading) -> tuple[KeyNumber, ...]:
    name = METRICS["ndcg"].name(r.k)

    def gap_card(key: str, label: str, extra: str = "") -> KeyNumber:
        gap = r.gaps[key]
        help_ = f"B − A on {name}: {gap.mean:+.3f} ± {gap.sd:.3f} over {gap.draws} seeds.{extra}"
        return KeyNumber(label, card_value(gap.mean), help=help_)

    flip = "none" if r.flip_eta is None else f"η = {r.flip_eta:.1f}"
    return (
        gap_card("relevance", "Relevance labels prefer"),
        gap_card("clicks", f"Raw clicks (η = {r.eta:.1f}) prefer"),
        gap_card(
            "ips",
            f"IPS, clip {clip_label(r.clip)}, prefers",
            f" Raw clicks' spread: ± {r.gaps['clicks'].sd:.3f}.",
        ),
        KeyNumber(
            "Raw clicks first flip at",
            flip,
            help="The smallest η on the grid (0 to 2 by 0.1) where raw clicks prefer the other ranker "
            "than the relevance labels.",
        ),
        *_source_numbers(r),
    )


def _messages(params: Params, r: Reading) -> tuple[Message, ...]:
    if r.k_asked > r.k:
        return (
            Message(
                f"k = {r.k_asked} is more than the {r.n_items} items in each list, so the metrics @k read "
                f"the whole list (k = {r.k}).",
                "warning",
            ),
        )
    return ()


def _data_caption(s: Sessions, r: Reading) -> str:
    return (
        f"{REPEATS} seeds × {QUERIES} queries × {s.n_items} items; ranker A's noise {s.noise_a:g}, B's "
        f"{s.noise_b:g}, and B scores bad and fair items alike. At η = {r.eta:.1f} a list gets "
        f"{r.clicks_per_list:.2f} clicks on average."
    )


def view(params: Params, fitted: Fitted) -> RankingView:
    """The sessions read with the chosen labels, k, eta and clip."""
    s: Sessions = fitted["sessions"]
    entry(SOURCES, params.labels, "label source")
    r = read(s, source=params.labels, k=params.k, eta=params.eta, clip=params.clip, swept=fitted["sweep"])
    return RankingView(
        numbers=_numbers(r),
        notice=notice(r),
        messages=_messages(params, r),
        reading=r,
        trap=Chart(figures.trap_figure(r), STAGE_HEIGHT),
        table=_table(r),
        table_caption=_table_caption(r),
        by_k=Chart(figures.k_figure(r), 360),
        positions=Chart(figures.positions_figure(r), 360),
        clipping=Chart(figures.clip_figure(r), 360),
        clipping_caption=CLIPPING_CAPTION,
        data_caption=_data_caption(s, r),
    )


__all__ = ["CLIPS", "ETA_GRID", "LABEL_OPTIONS", "Params", "RankingView", "fits", "view"]
