"""What to notice: five or six sentences quoting the live results, judged against the user's SLA."""

from __future__ import annotations

from collections.abc import Mapping

from explorers import formatting, queueing
from explorers.formatting import duration_ms, hours, money, share
from explorers.serving.params import Params
from explorers.serving.precompute import BatchPrecompute
from explorers.serving.readings import Outcome, replicas
from explorers.serving.realtime import ModeResult, peak_overload_share
from explorers.serving.timing import ServiceCost


def _service_sentence(cost: ServiceCost, max_batch: int) -> str:
    """What batching saves per prediction, from the service-time line in use."""
    single = float(cost.call_ms(1))
    batched = float(cost.call_ms(max_batch))
    saving = single / (batched / max_batch)
    source = "as measured" if cost.measured else "as set by hand"
    return (
        f"Each predict call costs a = {duration_ms(cost.setup_ms)} plus c = {duration_ms(cost.per_row_ms)} "
        f"per row ({source}), so a batch of {max_batch} takes {duration_ms(batched)}: {saving:.1f}× less per "
        f"prediction than {duration_ms(single)} one at a time. That fixed cost a is what batching amortises."
    )


def _one_per_call_sentence(one: ModeResult, over_sla: float, params: Params) -> str:
    rate = formatting.rate(params.rate)
    if one.overloaded:
        return (
            f"At {rate} {replicas(one.replicas, verb=('saturates', 'saturate'))} (capacity "
            f"{formatting.rate(one.capacity)}): the queue grows by {formatting.rate(one.backlog_growth)} "
            f"and p99 had reached {duration_ms(one.p99)} after {one.n_requests:,} requests, with no steady "
            f"state; one request per call needs at least {one.replicas_needed(params.rate)} replicas just "
            "to keep up."
        )
    return (
        f"At {rate}, one request per call keeps {replicas(one.replicas)} "
        f"{share(one.utilisation)} busy: p50 {duration_ms(one.p50)}, p99 {duration_ms(one.p99)}, and "
        f"{share(over_sla)} of requests miss the {formatting.sla(params.sla)} SLA."
    )


def _against_sla(p99: float, over_sla: float, sla_ms: float) -> str:
    """How a p99 reads against the user's SLA: inside it, or the share of requests that miss it."""
    target = formatting.sla(sla_ms)
    # Enough figures to tell the p99 from the SLA: never 'p99 2.0 ms, over the 2 ms SLA'.
    shown = formatting.durations_s(p99 / 1000.0, sla_ms / 1000.0)[0]
    if p99 <= sla_ms:
        return f"p99 {shown}, inside the {target} SLA"
    return f"p99 {shown}, over the {target} SLA: {share(over_sla)} of requests miss it"


def _batching_sentence(
    one: ModeResult, batched: ModeResult, cost_share: float, over_sla: float, params: Params
) -> str:
    setting = f"Dynamic batching with B = {params.max_batch} and W = {duration_ms(params.max_wait)}"
    setting += f" on {replicas(batched.replicas)}"
    cost = (
        "at the same cost"
        if abs(cost_share - 1) <= 0.005
        else f"at {share(cost_share)} of the cost per million"
    )
    if batched.overloaded:
        return (
            f"{setting} is overloaded too (capacity {formatting.rate(batched.capacity)} with full batches): "
            "raise B or add replicas."
        )
    calls = f"averages {batched.mean_batch:.1f} requests a call"
    tail = _against_sla(batched.p99, over_sla, params.sla)
    if one.overloaded:
        return f"{setting} {calls}: {tail}, {cost}, where one request per call has no steady state."
    if batched.p50 > one.p50 * 1.05 and batched.mean_batch < 1.5:
        return (
            f"{setting} {calls}: at this load there is little to batch, so requests mostly just wait "
            f"(p50 {duration_ms(one.p50)} → {duration_ms(batched.p50)}; {tail}) {cost}."
        )
    return (
        f"{setting} {calls}: {tail} (one per call: p99 {duration_ms(one.p99)}) {cost}, with its replicas "
        f"{share(batched.utilisation)} busy."
    )


def _batch_sentence(batch: BatchPrecompute, dollars: float, realtime_dollars: float) -> str:
    if not batch.keeps_up:
        return (
            f"Precomputing {batch.users:,} users every {hours(batch.every_hours)} cannot keep up: a run "
            f"takes {hours(batch.run_hours)}, so the runs queue, the job runs all day, and the predictions "
            "served grow older without bound; run it less often or give it more cores."
        )
    return (
        f"Precomputing {batch.users:,} users every {hours(batch.every_hours)} costs "
        f"{money(dollars)} per million requests for the job alone (one per call: {money(realtime_dollars)}; "
        f"the lookup store is not counted), but "
        f"{share(batch.wasted_share)} of that work scores users who never ask, predictions are a "
        f"median {hours(batch.staleness_p50)} old (95th percentile {hours(batch.staleness_p95)}), and "
        f"{share(batch.fallback_share)} of requests come from users too new to have one."
    )


def _lookup_sentence(batch: BatchPrecompute, over_sla: float, one: ModeResult, params: Params) -> str:
    """The lookup's tail against the SLA and against computing the prediction per request."""
    tail = _against_sla(batch.p99, over_sla, params.sla)
    if one.overloaded or batch.p99 < one.p99:
        versus = "faster than computing it per request"
        if not one.overloaded:
            versus += f" (p99 {duration_ms(one.p99)})"
    else:
        versus = (
            f"no faster than computing it per request (p99 {duration_ms(one.p99)}): this model is cheap, "
            "so the lookup's own latency (median set to "
            f"{duration_ms(batch.lookup_ms)}) is what a request pays either way"
        )
    return f"A precomputed prediction is one key-value read: {tail}, {versus}."


def _peak_sentence(one: ModeResult, params: Params) -> str | None:
    pattern, seed, rate = params.pattern, params.seed, float(params.rate)
    if pattern == "poisson" or one.overloaded:
        return None
    profile = queueing.rate_profile(pattern, seed)
    above = peak_overload_share(pattern, seed, rate, one.capacity)
    peak = f"the {queueing.PATTERNS[pattern].lower()} pattern peaks at {profile.max():.1f}× the mean rate"
    highest = formatting.rate(rate * profile.max())
    if above == 0:
        return f"Even though {peak} ({highest}), one request per call stays below capacity throughout."
    return (
        f"The average load is {formatting.ratio(one.load)}, but {peak} ({highest}), "
        f"above one-per-call capacity for {share(above)} of the time: queues build during peaks and drain "
        "after, which is where the tail latency comes from. Capacity is planned for the peak, not the mean."
    )


def what_to_notice(
    params: Params,
    cost: ServiceCost,
    *,
    one: ModeResult,
    batched: ModeResult,
    batch: BatchPrecompute,
    outcomes: Mapping[str, Outcome],
) -> list[str]:
    """Five or six sentences computed from the live results; ``outcomes`` holds each mode's reading
    by its key in ``modes.MODES``."""
    realtime_dollars = outcomes["one"].dollars_per_million
    cost_share = outcomes["batched"].dollars_per_million / realtime_dollars
    notes = [
        _service_sentence(cost, params.max_batch),
        _one_per_call_sentence(one, outcomes["one"].over_sla, params),
        _batching_sentence(one, batched, cost_share, outcomes["batched"].over_sla, params),
    ]
    peak = _peak_sentence(one, params)
    if peak:
        notes.append(peak)
    notes.append(_lookup_sentence(batch, outcomes["batch"].over_sla, one, params))
    notes.append(_batch_sentence(batch, outcomes["batch"].dollars_per_million, realtime_dollars))
    return notes
