"""What to notice: sentences quoting the live run, with direction words that follow the numbers."""

from __future__ import annotations

from explorers.formatting import duration_ms, duration_s
from explorers.retrieval.figures import knob_label, recall_text
from explorers.retrieval.indexes import IndexKind, format_bytes
from explorers.retrieval.measure import Run, Sweep
from explorers.retrieval.ranker import RankerCost
from explorers.retrieval.readings import TARGET_SIZE, Funnel, Point, Projection, random_recall


def change(before: str, after: str, a: float, b: float) -> str:
    """'rises from A to B', 'falls from A to B', or 'stays at A' (when both read the same)."""
    if before == after:
        return f"stays at {after}"
    return f"{'rises' if b > a else 'falls'} from {before} to {after}"


def headline(kind: IndexKind, here: Point, exact: Point, run: Run) -> str:
    """The current setting's recall and speed, against exact search."""
    size, k = run.catalogue.size, run.k
    where = f"(median of {run.n_queries} queries, one at a time, on {size:,} items, one core)"
    if not kind.knob:
        return (
            f"Exact search finds every true top-{k:,} item by definition, at {duration_ms(exact.latency_ms)} "
            f"per query {where}; its time grows linearly with the catalogue, as every query scores every "
            "item."
        )
    ratio = exact.latency_ms / here.latency_ms if here.latency_ms > 0 else float("inf")
    speed = f"{ratio:.1f}× faster than" if ratio >= 1.05 else "no faster than"
    return (
        f"{kind.short} with {knob_label(kind, here.knob)} kept {recall_text(here.recall)} recall@{k:,} at "
        f"{duration_ms(here.latency_ms)} per query, {speed} exact search's {duration_ms(exact.latency_ms)} "
        f"{where}."
    )


def sweep_sentence(kind: IndexKind, sweep: Sweep, k: int) -> str | None:
    """How recall and time move across the knob's whole sweep."""
    if not kind.knob or len(sweep.knobs) < 2:
        return None
    low, high = int(sweep.knobs[0]), int(sweep.knobs[-1])
    r0, r1 = float(sweep.recall[0]), float(sweep.recall[-1])
    t0, t1 = float(sweep.latency_ms[-1, 0]), float(sweep.latency_ms[-1, -1])
    recall_move = change(recall_text(r0), recall_text(r1), r0, r1)
    time_move = change(duration_ms(t0), duration_ms(t1), t0, t1)
    ending = ""
    if kind.knob == "nprobe" and r1 < 0.999:
        ending = (
            " Even probing every list, the compressed codes rank some true neighbours below others: that "
            "recall is the price of the smaller index."
        )
    elif kind.knob == "nprobe":
        ending = " Probing all nlist lists scans every item, so it matches exact search."
    return (
        f"Across {kind.knob} {low} to {high}, recall@{k:,} {recall_move} while the search time "
        f"{time_move}: each step buys less recall for more time.{ending}"
    )


def funnel_sentence(funnel: Funnel, size: int, ranker: str) -> str:
    """What reaches the screen, and against random retrieval."""
    chance = random_recall(funnel.k, size)
    return (
        f"Of {funnel.k:,} candidates retrieved, the ranker ({ranker}) scores all {funnel.k:,} and shows the "
        f"top {funnel.shown:,}: {recall_text(funnel.end_to_end)} of the true top {funnel.shown:,} reach the "
        f"screen, against {recall_text(chance)} for random retrieval, assuming the ranker orders candidates "
        "by their true relevance (a real one adds its own errors)."
    )


def budget_sentence(funnel: Funnel, cost: RankerCost) -> str:
    """Retrieval plus ranking against the budget, and the largest k it allows."""
    per = duration_ms(cost.per_candidate_ms)
    total = (
        f"Retrieval {duration_ms(funnel.retrieval_ms)} plus ranking {duration_ms(funnel.ranking_ms)} "
        f"(a = {duration_ms(cost.setup_ms)} a call + {per} a candidate, {cost.source}) "
        f"is {duration_ms(funnel.total_ms)}"
    )
    if funnel.within_budget:
        verdict = f"{total}, inside the {duration_ms(funnel.budget_ms)} budget"
    else:
        verdict = f"{total}, over the {duration_ms(funnel.budget_ms)} budget"
    if funnel.largest_k is None:
        return f"{verdict}; the ranker costs nothing per candidate, so the budget does not limit k."
    if funnel.largest_k == 0:
        return f"{verdict}; the ranker's fixed cost and retrieval alone fill it, so no candidate set fits."
    return f"{verdict}; it allows at most {funnel.largest_k:,} candidates at this retrieval time."


def projection_sentence(index: Projection, exact: Projection, budget_ms: float, knob: str) -> str:
    """Latency and memory projected to the question's 10 million items."""
    exact_ms = exact.ms_at(TARGET_SIZE)
    side = "over" if exact_ms > budget_ms else "inside"
    text = (
        f"Projected to {TARGET_SIZE:,} items, exact search would take about {duration_ms(exact_ms)} per "
        f"query, {side} the {duration_ms(budget_ms)} budget on one core, and hold "
        f"{format_bytes(exact.memory_at(TARGET_SIZE))}"
    )
    if index.kind is not exact.kind:
        text += (
            f"; {index.kind.short} at {knob} would take about {duration_ms(index.ms_at(TARGET_SIZE))} and "
            f"hold {format_bytes(index.memory_at(TARGET_SIZE))} ({index.kind.growth_words})"
        )
    return text + ". Projections extend the growth measured at three sizes; they are estimates, drawn dashed."


def build_sentence(kind: IndexKind, index: Projection, exact: Projection, sweep: Sweep, size: int) -> str:
    """The cost of building and holding the index."""
    held = format_bytes(index.memory_at(size))
    exact_held = format_bytes(exact.memory_at(size))
    if not kind.knob:
        return (
            f"Exact search needs no training: it holds the raw vectors, {exact_held} for {size:,} items, and "
            "every query reads all of them."
        )
    share = index.memory_at(size) / exact.memory_at(size)
    return (
        f"Building {kind.short} over {size:,} items took {duration_s(float(sweep.build_seconds[-1]))} "
        f"(training and adding), and it holds {held}, {share:.2f}× the {exact_held} of the raw vectors "
        "exact search scans; a catalogue that changes needs this build again, or incremental adds."
    )
