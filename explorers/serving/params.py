"""The serving page's controls, typed, and the simulation inputs they stand for."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.formatting import sla
from explorers.serving.precompute import BatchSettings
from explorers.serving.readings import Terms
from explorers.serving.realtime import SLA_CHOICES_MS, Traffic
from explorers.serving.timing import TREE_COUNTS, CostSpec, MeasuredCost, ServiceCost, ServiceTiming

# The controls' options, each value with the label the link carries.
_RATES = (10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 7000, 10000)
RATE_OPTIONS: dict[int, str] = {rate: str(rate) for rate in (*_RATES, 15000, 20000, 30000, 50000)}
REQUEST_OPTIONS: dict[int, str] = {50_000: "50,000", 100_000: "100,000"}
TREE_OPTIONS: dict[int, str] = {n: str(n) for n in TREE_COUNTS}
MAX_BATCH_OPTIONS: dict[int, str] = {2**e: str(2**e) for e in range(9)}
MAX_WAIT_OPTIONS: dict[float, str] = {w: f"{w:g}" for w in (0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)}
USER_OPTIONS: dict[int, str] = {
    10_000: "10k",
    100_000: "100k",
    1_000_000: "1M",
    10_000_000: "10M",
    100_000_000: "100M",
    1_000_000_000: "1B",
}
INTERVAL_OPTIONS: dict[float, str] = {
    1.0: "1 h",
    2.0: "2 h",
    4.0: "4 h",
    6.0: "6 h",
    12.0: "12 h",
    24.0: "1 day",
    48.0: "2 days",
    168.0: "7 days",
}
SLA_OPTIONS: dict[float, str] = {ms: sla(ms) for ms in SLA_CHOICES_MS}


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
