"""The serving trade-off as a view: the measurement and one simulation per mode as fits, then every
number, chart and sentence the page shows, read at the SLA and the price."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from explorers.serving.figures import latency_cdf_figure, queue_figure, staleness_figure, timing_figure
from explorers.serving.modes import MODE_BY_KEY, MODES, Result
from explorers.serving.params import Params
from explorers.serving.precompute import BatchPrecompute
from explorers.serving.readings import Outcome, comparison_table
from explorers.serving.realtime import ModeResult
from explorers.serving.sentences import what_to_notice
from explorers.serving.text import timing_caption
from explorers.serving.timing import ServiceCost, ServiceTiming, measured, serving_model
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View


@dataclass(frozen=True)
class ModeCards:
    """One mode's key numbers, under its name."""

    title: str
    numbers: tuple[KeyNumber, ...]


@dataclass(frozen=True, kw_only=True)
class ServingView(View):
    """Everything the serving page shows; ``numbers`` holds every mode's cards, in ``cards`` order."""

    timing: ServiceTiming
    cost: ServiceCost  # the service-time line the simulations used
    one: ModeResult
    batched: ModeResult
    batch: BatchPrecompute
    outcomes: Mapping[str, Outcome]  # each mode read at the SLA and price, by its key in MODES
    cards: tuple[ModeCards, ...]
    table: Table  # every number of every mode, side by side
    latency: Chart
    queue: Chart
    staleness: Chart
    service: Chart
    service_caption: str

    @property
    def headline(self) -> tuple[KeyNumber, ...]:
        """The page's first numbers: each mode's first card (its p99 latency), named after the mode,
        then the batch mode's last card (the staleness of what it serves)."""
        firsts = tuple(
            replace(column.numbers[0], label=f"{column.title}: {column.numbers[0].label}")
            for column in self.cards
        )
        return (*firsts, self.cards[-1].numbers[-1])


def fits(params: Params) -> dict[str, Fit]:
    """The model's measurement, then one simulation per mode (each cached on its own arguments, so a
    batch control reruns only the precompute mode, and the SLA and price rerun nothing)."""
    model = serving_model(params.model).label_for(params.trees)
    timing = Fit(measured, (params.model, params.trees), label=f"timing {model.lower()}")
    return {"timing": timing, **{mode.key: mode.fit(params) for mode in MODES}}


def view(params: Params, fitted: Fitted) -> ServingView:
    """Every number, table, chart and sentence of the page, from the fits' results."""
    timing: ServiceTiming = fitted["timing"]
    cost = params.service_cost(timing)
    terms = params.terms
    results: dict[str, Result] = {mode.key: fitted[mode.key] for mode in MODES}
    outcomes = {mode.key: mode.read(results[mode.key], terms) for mode in MODES}
    warnings = [mode.warning(mode.name, results[mode.key], terms.rate) for mode in MODES]
    cards = tuple(ModeCards(mode.name, outcomes[mode.key].cards) for mode in MODES)
    one, batched, batch = fitted["one"], fitted["batched"], fitted["batch"]
    queues = [(mode, fitted[mode.key]) for mode in MODES if mode.queues]
    return ServingView(
        numbers=tuple(number for column in cards for number in column.numbers),
        notice=tuple(what_to_notice(params, cost, one=one, batched=batched, batch=batch, outcomes=outcomes)),
        messages=tuple(Message(text, "warning") for text in warnings if text),
        timing=timing,
        cost=cost,
        one=one,
        batched=batched,
        batch=batch,
        outcomes=outcomes,
        cards=cards,
        table=comparison_table([(mode.name, outcomes[mode.key]) for mode in MODES]),
        latency=Chart(latency_cdf_figure([(mode, results[mode.key]) for mode in MODES], params.sla), 400),
        queue=Chart(queue_figure(queues), 360),
        staleness=Chart(staleness_figure(batch, MODE_BY_KEY["batch"].colour), 360),
        service=Chart(timing_figure(timing, cost), 380),
        service_caption=timing_caption(timing),
    )
