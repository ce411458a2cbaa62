"""The retrieval trade-off as a view: the ranker's timing and one measured run (the chosen index and exact
search on the same catalogue at the same k) as fits, then every number, chart and sentence, read at the
search knob, the number shown, the ranker's cost and the budget."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.formatting import duration_ms, duration_s
from explorers.retrieval import sentences
from explorers.retrieval.figures import (
    funnel_figure,
    knob_label,
    projection_figure,
    recall_text,
    tradeoff_figure,
)
from explorers.retrieval.indexes import KINDS, IndexSpec, format_bytes, index_kind
from explorers.retrieval.measure import SHOWN_OPTIONS, Run, measured
from explorers.retrieval.params import Params
from explorers.retrieval.ranker import RANKERS, RankerCost, RankerTiming, measured_ranker
from explorers.retrieval.readings import Funnel, Point, Projection, funnel, point, projection, random_recall
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

MISSING = "—"


@dataclass(frozen=True, kw_only=True)
class RetrievalView(View):
    """Everything the retrieval page shows."""

    run: Run
    spec: IndexSpec
    here: Point  # the current knob's point of the sweep
    exact: Point  # exact search's point
    baseline: float  # recall@k of random retrieval, k / N
    funnel: Funnel
    cost: RankerCost
    timing: RankerTiming
    index_growth: Projection
    exact_growth: Projection
    tradeoff: Chart
    funnel_chart: Chart
    projection: Chart
    sweep_table: Table
    costs: Table


def fits(params: Params) -> dict[str, Fit]:
    """The ranker's measurement, then the run: building and measuring the index and exact search (cached
    on the catalogue, the index's build settings and k; the knob, n, the ranker's cost and the budget
    only read it)."""
    spec = params.spec
    return {
        "ranker": Fit(
            measured_ranker,
            (params.ranker,),
            label=f"timing the ranker ({RANKERS[params.ranker].label.lower()})",
        ),
        "run": Fit(
            measured,
            (params.catalogue, spec, params.k),
            label=f"building {spec.family.short} and sweeping {spec.family.knob or 'it'}",
        ),
    }


def _messages(params: Params, run: Run, here: Point) -> list[Message]:
    notes = []
    if params.indexed < params.size:
        notes.append(
            f"HNSW is built over {params.indexed:,} items here, not {params.size:,}: inserting every item "
            "into its graph on one core would take well over a second per 50,000 items. Exact search is "
            "measured on the same items, and the projection below extends both."
        )
    kind = index_kind(params.index)
    if kind.knob == "nprobe" and params.nprobe > params.nlist:
        notes.append(
            f"nprobe {params.nprobe} is above nlist {params.nlist}: every list is probed "
            f"(nprobe {here.knob})."
        )
    if params.shown > params.k:
        notes.append(
            f"Only {params.k:,} candidates are retrieved, so the top {params.k:,} are shown, "
            f"not {params.shown:,}."
        )
    return [Message(text) for text in notes]


def _speed_up(here: Point, exact: Point) -> str | None:
    """'7.1× faster' (than exact search), or None when it is not faster."""
    ratio = exact.latency_ms / here.latency_ms if here.latency_ms > 0 else 0.0
    return f"{ratio:.1f}× faster" if ratio >= 1.05 else None


def _numbers(
    params: Params, run: Run, here: Point, exact: Point, *, f: Funnel, growth: Projection
) -> tuple[KeyNumber, ...]:
    kind, k, size = index_kind(params.index), run.k, run.catalogue.size
    chance = random_recall(k, size)
    left = f.slack_ms
    return (
        KeyNumber(
            f"Recall@{k:,}",
            recall_text(here.recall),
            help=f"Share of the exact top {k:,} found, over {run.n_queries} queries. No-skill baseline, "
            f"random retrieval: {k:,}/{size:,} = {recall_text(chance)}.",
        ),
        KeyNumber(
            "Search time",
            duration_ms(here.latency_ms),
            delta=_speed_up(here, exact) if kind.knob else None,
            help=f"Median time of one query searched alone on one core, {knob_label(kind, here.knob)}. "
            f"Exact search: {duration_ms(exact.latency_ms)}; the arrow compares the two.",
        ),
        KeyNumber(
            "Total vs budget",
            duration_ms(f.total_ms),
            delta=f"{duration_ms(abs(left))} {'left' if left >= 0 else 'over'}",
            delta_color="normal" if left >= 0 else "inverse",
            help=f"Retrieval plus ranking {k:,} candidates, against the {duration_ms(f.budget_ms)} budget.",
        ),
        KeyNumber(
            f"End-to-end recall@{f.shown:,}",
            recall_text(f.end_to_end),
            help=f"Share of the true top {f.shown:,} that survive retrieval and reach the screen (random "
            f"retrieval, the baseline: {recall_text(chance)}).",
        ),
        KeyNumber(
            "Largest k in budget",
            "no limit" if f.largest_k is None else f"{f.largest_k:,}",
            help="The most candidates the ranker can score in what the budget leaves after retrieval.",
        ),
        KeyNumber(
            "Index memory",
            format_bytes(growth.memory_at(size)),
            help=f"Vectors or codes, ids, links and centroids over {size:,} items.",
        ),
        KeyNumber(
            "Build time",
            duration_s(float(run.index.build_seconds[-1])),
            help="Training and adding every item, one core.",
        ),
        KeyNumber(
            "Exact memory",
            format_bytes(KINDS["exact"].memory_bytes(IndexSpec("exact", params.dim), size)),
            help="The raw float32 vectors.",
        ),
    )


def _sweep_table(kind_key: str, run: Run, here: Point, shown: int) -> Table:
    kind, sweep = index_kind(kind_key), run.index
    column = SHOWN_OPTIONS.index(shown)
    rows, emphasis = [], []
    for i, knob in enumerate(sweep.knobs):
        rows.append(
            (
                knob_label(kind, int(knob)),
                recall_text(float(sweep.recall[i])),
                recall_text(float(sweep.recall_shown[i, column])),
                duration_ms(float(sweep.latency_ms[-1, i])),
            )
        )
        emphasis.append((int(knob) == here.knob,) * 4)
    columns = ("Setting", f"Recall@{run.k:,}", f"Top {min(shown, run.k):,} kept", "Search time")
    return Table(columns=columns, rows=tuple(rows), emphasis=tuple(emphasis))


def _costs_table(params: Params, run: Run, here: Point, exact: Point) -> Table:
    size = run.catalogue.size
    rows = []
    for key, kind in KINDS.items():
        spec = (
            params.spec
            if key == params.index
            else IndexSpec(
                key, params.dim, nlist=params.nlist, hnsw_m=params.hnsw_m, pq_bytes=params.pq_bytes
            )
        )
        memory = format_bytes(float(kind.memory_bytes(spec, size)))
        if key == params.index:
            rows.append(
                (
                    kind.label,
                    memory,
                    duration_s(float(run.index.build_seconds[-1])),
                    duration_ms(here.latency_ms),
                    recall_text(here.recall),
                )
            )
        elif key == "exact":
            rows.append(
                (
                    kind.label,
                    memory,
                    duration_s(float(run.exact.build_seconds[-1])),
                    duration_ms(exact.latency_ms),
                    "100%",
                )
            )
        else:
            rows.append((kind.label, memory, "not built", MISSING, MISSING))
    return Table(
        columns=("Index", "Memory", "Build time", "Search time", f"Recall@{run.k:,}"), rows=tuple(rows)
    )


def view(params: Params, fitted: Fitted) -> RetrievalView:
    """Every number, table, chart and sentence of the page, from the fits' results."""
    run: Run = fitted["run"]
    timing: RankerTiming = fitted["ranker"]
    cost = params.by_hand_cost() if params.by_hand else timing.cost
    kind = index_kind(params.index)
    here = point(run.index, params.knob, params.shown)
    exact = point(run.exact, 0, params.shown)
    size = run.catalogue.size
    f = funnel(here, run.k, params.shown, cost, params.budget)
    exact_growth = projection(run.exact, IndexSpec("exact", params.dim), 0)
    index_growth = projection(run.index, params.spec, params.knob, exact_growth.slope)
    baseline = random_recall(run.k, size)
    ranker = "set by hand" if params.by_hand else RANKERS[params.ranker].label.lower()
    notes = [
        sentences.headline(kind, here, exact, run),
        sentences.sweep_sentence(kind, run.index, run.k),
        sentences.funnel_sentence(f, size, ranker),
        sentences.budget_sentence(f, cost),
        sentences.projection_sentence(index_growth, exact_growth, params.budget, knob_label(kind, here.knob)),
        sentences.build_sentence(kind, index_growth, exact_growth, run.index, size),
    ]
    return RetrievalView(
        numbers=_numbers(params, run, here, exact, f=f, growth=index_growth),
        notice=tuple(n for n in notes if n),
        messages=tuple(_messages(params, run, here)),
        run=run,
        spec=params.spec,
        here=here,
        exact=exact,
        baseline=baseline,
        funnel=f,
        cost=cost,
        timing=timing,
        index_growth=index_growth,
        exact_growth=exact_growth,
        tradeoff=Chart(
            tradeoff_figure(
                kind, run.index, here, exact, k=run.k, baseline=baseline, room_ms=params.budget - f.ranking_ms
            ),
            400,
        ),
        funnel_chart=Chart(funnel_figure(size, f), 300),
        projection=Chart(projection_figure(index_growth, exact_growth, params.budget), 380),
        sweep_table=_sweep_table(params.index, run, here, params.shown),
        costs=_costs_table(params, run, here, exact),
    )
