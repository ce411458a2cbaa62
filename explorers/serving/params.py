"""The serving page's controls, typed, and the simulation inputs they stand for."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.serving.precompute import BatchSettings
from explorers.serving.readings import Terms
from explorers.serving.realtime import Traffic
from explorers.serving.timing import CostSpec, MeasuredCost, ServiceCost, ServiceTiming


@dataclass(frozen=True)
class Params:
    """Every control of the page, by its key (the link's parameter names)."""

    model: str  # a key of timing.MODELS
    trees: int
    by_hand: bool  # use setup_ms and per_row_ms instead of the measured line
    setup_ms: float
    per_row_ms: float
    rate: int  # mean requests per second
    pattern: str  # a key of queueing.PATTERNS
    requests: int
    seed: int
    replicas: int  # one request per call
    batch_replicas: int  # dynamic batching
    max_batch: int
    max_wait: float  # ms
    users: int
    every: float  # hours between precompute runs
    active: int  # % of users active a day
    new_users: float  # % of the base signing up a day
    lookup_ms: float
    sla: float  # ms, one of realtime.SLA_CHOICES_MS
    price: float  # $ per core-hour

    @property
    def traffic(self) -> Traffic:
        """The simulated requests every mode answers."""
        return Traffic(self.pattern, float(self.rate), self.requests, self.seed)

    @property
    def cost_spec(self) -> CostSpec:
        """The service time the simulations use: the line set by hand, or the model to measure."""
        if self.by_hand:
            return ServiceCost(self.setup_ms, self.per_row_ms, "set by hand")
        return MeasuredCost(self.model, self.trees)

    def service_cost(self, timing: ServiceTiming) -> ServiceCost:
        """The line the simulations used, given the model's measurement."""
        spec = self.cost_spec
        return spec if isinstance(spec, ServiceCost) else timing.fit

    @property
    def batch(self) -> BatchSettings:
        """How the precompute job runs and who asks for its predictions."""
        return BatchSettings(self.users, self.every, self.active / 100, self.lookup_ms, self.new_users / 100)

    @property
    def terms(self) -> Terms:
        """What the results are read against (changing these re-simulates nothing)."""
        return Terms(self.sla, self.price, float(self.rate))
