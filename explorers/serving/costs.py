"""What each mode costs per million requests, with every replica and the batch job paid per core-hour."""

from __future__ import annotations

import numpy as np

from datasets.errors import UserFacingError
from explorers.serving.precompute import BatchPrecompute
from explorers.serving.realtime import ModeResult

SECONDS_PER_DAY = 86_400.0


def check_price(price: float) -> float:
    """``price`` (dollars per core-hour) when it is a positive number, or UserFacingError."""
    if not (np.isfinite(price) and price > 0):
        raise UserFacingError(f"The price per core-hour must be greater than $0; got {price!r}.")
    return price


def realtime_cost_per_million(result: ModeResult, price_per_core_hour: float) -> float:
    """Dollars per million predictions served: the replicas run (and are paid) all the time.

    When no request finishes inside the simulated window (a call slower than the whole
    window), the long-run served rate, min(arrival rate, capacity), stands in for throughput.
    """
    dollars_per_second = result.replicas * check_price(price_per_core_hour) / 3600.0
    served = result.throughput if result.throughput > 0 else min(result.load, 1.0) * result.capacity
    return dollars_per_second / served * 1e6


def batch_cost_per_million(batch: BatchPrecompute, rate: float, price_per_core_hour: float) -> float:
    """Dollars per million requests served from the precomputed table (the lookup store not counted)."""
    return batch.core_hours_per_day * check_price(price_per_core_hour) / (rate * SECONDS_PER_DAY) * 1e6
