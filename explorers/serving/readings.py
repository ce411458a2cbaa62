"""Each mode read at the SLA and the price: its key numbers (cards), every number for the comparison
table, and a warning when it cannot keep up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from explorers import formatting
from explorers.formatting import duration_ms, hours, money, plain, rate, share
from explorers.serving.costs import batch_cost_per_million, realtime_cost_per_million
from explorers.serving.precompute import BATCH_JOB_CORES, BatchPrecompute
from explorers.serving.realtime import ModeResult
from explorers.view import KeyNumber, Table

MISSING = "—"  # a table cell for a number a mode does not have


@dataclass(frozen=True)
class Terms:
    """What a result is read against: the latency SLA (ms), the price of a core-hour ($) and the mean
    arrival rate (requests per second)."""

    sla_ms: float
    price: float
    rate: float


@dataclass(frozen=True)
class Outcome:
    """One mode read at the terms: the shares and costs its cards, table column and sentences quote."""

    over_sla: float  # share of requests slower than the SLA
    dollars_per_million: float
    cards: tuple[KeyNumber, ...]  # the key numbers, shown large
    cells: tuple[tuple[str, str], ...]  # every number as (label, value spelled out for the table)


@dataclass
class _Numbers:
    """Collects a mode's numbers: each goes in the table, the key ones on cards too."""

    cards: list[KeyNumber] = field(default_factory=list)
    cells: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self, label: str, value: str, help: str | None = None, *, card: bool = False, full: str = ""
    ) -> None:
        """One number; ``help`` explains its card, ``full`` spells out for the table a value the card
        abbreviates (the table shows values only)."""
        if card:
            self.cards.append(KeyNumber(label, value, help=help))
        self.cells.append((label, full or value))


def replicas(count: int, verb: tuple[str, str] | None = None) -> str:
    """'one replica', '3 replicas'; with ``verb`` = (singular, plural) followed by the agreeing verb."""
    noun = "one replica" if count == 1 else f"{count} replicas"
    return noun if verb is None else f"{noun} {verb[0] if count == 1 else verb[1]}"


def realtime_outcome(result: ModeResult, terms: Terms) -> Outcome:
    """A real-time mode's numbers; an overloaded mode's percentiles read 'unbounded'."""
    run = f"{result.n_requests:,}-request run"
    numbers = _Numbers()
    for name, value in (("p50", result.p50), ("p95", result.p95), ("p99", result.p99)):
        if result.overloaded:
            note = f"Unbounded: reached {duration_ms(value)} in this {run} and grows with its length."
            numbers.add(name, "∞", note, card=name == "p99", full="unbounded")
        else:
            numbers.add(name, duration_ms(value), f"Latency percentile over the {run}.", card=name == "p99")
    over_sla = result.sla_violation(terms.sla_ms)
    rising = " ↑" if result.overloaded else ""
    slower = "Share of requests slower than the SLA" + (", rising while the queue grows." if rising else ".")
    numbers.add(f"Over {formatting.sla(terms.sla_ms)} SLA", share(over_sla) + rising, slower, card=True)
    numbers.add("Throughput", rate(result.throughput))
    busy = f"Busy share of {replicas(result.replicas)}' time."
    numbers.add("Utilisation", share(result.utilisation), busy, card=True)
    dollars = realtime_cost_per_million(result, terms.price)
    paid = f"{replicas(result.replicas)} at ${plain(terms.price)}/core-hour."
    numbers.add("$ per million", money(dollars), paid, card=True)
    numbers.add("What the $ covers", f"{replicas(result.replicas)}, paid all day")
    numbers.add("Staleness", "0 s")
    numbers.add("Mean batch", f"{result.mean_batch:.1f}")
    return Outcome(over_sla, dollars, tuple(numbers.cards), tuple(numbers.cells))


def batch_outcome(batch: BatchPrecompute, terms: Terms) -> Outcome:
    """The offline batch precompute mode's numbers (its latencies are those of the lookup)."""
    numbers = _Numbers()
    numbers.add("p50", duration_ms(batch.p50))
    numbers.add("p95", duration_ms(batch.p95))
    numbers.add("p99", duration_ms(batch.p99), "Key-value lookup latency.", card=True)
    over_sla = batch.sla_violation(terms.sla_ms)
    numbers.add(f"Over {formatting.sla(terms.sla_ms)} SLA", share(over_sla), "Of lookups.", card=True)
    numbers.add("Throughput", rate(terms.rate))
    dollars = batch_cost_per_million(batch, terms.rate, terms.price)
    work = f"{batch.core_hours_per_day:,.2g} core-hours a day of precompute; the lookup store not counted."
    if dollars < formatting.SMALLEST_MONEY:
        work = f"{money(dollars)}: " + work
    numbers.add("$ per million", formatting.short_money(dollars), work, card=True, full=money(dollars))
    numbers.add("What the $ covers", "the precompute job only, not the lookup store")
    _staleness(numbers, batch)
    numbers.add("Predictions a day", f"{batch.predictions_per_day:,.0f}")
    numbers.add("Wasted work", share(batch.wasted_share))
    cold = share(batch.fallback_share) if batch.keeps_up else f"→ {share(batch.fallback_share)} ↑"
    numbers.add("Cold-start", cold)
    return Outcome(over_sla, dollars, tuple(numbers.cards), tuple(numbers.cells))


def _staleness(numbers: _Numbers, batch: BatchPrecompute) -> None:
    """The age of the prediction served: its median and p95, or unbounded when the runs pile up."""
    if batch.keeps_up:
        age = f"Median age of the prediction served; p95 {hours(batch.staleness_p95)}."
        numbers.add("Staleness", hours(batch.staleness_p50), age, card=True)
        return
    grows = (
        f"Cannot keep up: a run takes {hours(batch.run_hours)}, one is due every "
        f"{hours(batch.every_hours)}, so the runs queue and the predictions served age by "
        f"{share(batch.backlog_growth)} of every hour, without bound."
    )
    numbers.add("Staleness", "∞ ↑", grows, card=True, full="unbounded (runs pile up)")


def comparison_table(columns: Sequence[tuple[str, Outcome]]) -> Table:
    """Every number of every mode, one column per (name, outcome), one row per label in order of first
    appearance; MISSING where a mode has no such number."""
    labels: list[str] = []
    for _, outcome in columns:
        labels += [label for label, _ in outcome.cells if label not in labels]
    values = [dict(outcome.cells) for _, outcome in columns]
    rows = tuple((label, *(cells.get(label, MISSING) for cells in values)) for label in labels)
    return Table(columns=("", *(name for name, _ in columns)), rows=rows)


# --------------------------------------------------------------------------- warnings


def _overloaded(name: str, result: ModeResult, arrival_rate: float, remedy: str) -> str:
    serve = replicas(result.replicas, verb=("serves", "serve"))
    return (
        f"**{name} is overloaded:** {rate(arrival_rate)} arrive but {serve} at "
        f"most {rate(result.capacity)} (load {formatting.ratio(result.load)}). "
        f"The queue grows by about {rate(result.backlog_growth)} without bound, "
        "so its latency percentiles are shown as unbounded: any finite number would only "
        "measure how long the simulation ran. "
        f"To fix it, {remedy}."
    )


def one_per_call_warning(name: str, result: ModeResult, arrival_rate: float) -> str | None:
    """Why one request per call cannot keep up, if it cannot."""
    if not result.overloaded:
        return None
    remedy = f"add replicas (at least {result.replicas_needed(arrival_rate)}) or batch"
    return _overloaded(name, result, arrival_rate, remedy)


def batching_warning(name: str, result: ModeResult, arrival_rate: float) -> str | None:
    """Why dynamic batching cannot keep up, if it cannot."""
    if not result.overloaded:
        return None
    return _overloaded(name, result, arrival_rate, "raise the maximum batch size or add replicas")


def precompute_warning(name: str, batch: BatchPrecompute, _arrival_rate: float) -> str | None:
    """Why the precompute runs would pile up, if they would."""
    if not batch.run_overlaps:
        return None
    return (
        f"**{name} cannot keep up:** one run over {batch.users:,} users takes "
        f"{hours(batch.run_hours)} on {BATCH_JOB_CORES} cores, longer than the "
        f"{hours(batch.every_hours)} between runs. The runs queue up one behind another, so the "
        "predictions served grow older without bound and the job runs all day. Run it at least every "
        f"{hours(batch.run_hours)}, or give it more cores."
    )
