"""The three ways to serve, one table entry each: name, colour, simulator, and how it is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorers.charts import PALETTE
from explorers.serving import readings
from explorers.serving.params import Params
from explorers.serving.precompute import BatchPrecompute, offline_batch
from explorers.serving.readings import Outcome, Terms
from explorers.serving.realtime import ModeResult, simulate_dynamic_batching, simulate_one_per_call
from explorers.view import Fit

Result = ModeResult | BatchPrecompute


@dataclass(frozen=True)
class ServingMode:
    """One way to serve the model."""

    key: str
    name: str
    colour: str
    simulate: Callable[..., Result]  # (traffic, cost spec, *settings) -> result
    settings: Callable[[Params], tuple[Any, ...]]  # the simulator's own arguments, from the controls
    read: Callable[[Any, Terms], Outcome]  # (result, terms) -> its numbers
    warning: Callable[[str, Any, float], str | None]  # (name, result, arrival rate) -> why it cannot keep up
    queues: bool = True  # whether requests queue for replicas (drawn in the queue chart)

    def fit(self, params: Params) -> Fit:
        """The simulation, as data: its arguments are exactly the controls it depends on."""
        args = (params.traffic, params.cost_spec, *self.settings(params))
        return Fit(self.simulate, args, label=self.name, cache="data", trains=False)


MODES: tuple[ServingMode, ...] = (
    ServingMode(
        "one",
        "One request per call",
        PALETTE[0],
        simulate_one_per_call,
        lambda p: (p.replicas,),
        readings.realtime_outcome,
        readings.one_per_call_warning,
    ),
    ServingMode(
        "batched",
        "Dynamic batching",
        PALETTE[1],
        simulate_dynamic_batching,
        lambda p: (p.batch_replicas, p.max_batch, p.max_wait),
        readings.realtime_outcome,
        readings.batching_warning,
    ),
    ServingMode(
        "batch",
        "Offline batch precompute",
        PALETTE[2],
        offline_batch,
        lambda p: (p.batch,),
        readings.batch_outcome,
        readings.precompute_warning,
        queues=False,
    ),
)
MODE_BY_KEY: dict[str, ServingMode] = {mode.key: mode for mode in MODES}
