"""Small helpers every explorer shares: thread limits and relative change."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

from threadpoolctl import ThreadpoolController


def percent_change(old: float, new: float) -> float:
    """Relative change from ``old`` to ``new`` in percent (0 when ``old`` is 0)."""
    if old == 0:
        return 0.0
    return (new - old) / abs(old) * 100.0


@cache
def _threadpools() -> ThreadpoolController:
    """One controller for the process (building one scans the loaded libraries, ~10 ms)."""
    return ThreadpoolController()


def one_thread() -> AbstractContextManager[object]:
    """Limit OpenMP and BLAS to one thread inside the block.

    On data this small a second thread only adds overhead, and on a shared 2-core server it
    competes with other sessions: one thread makes lbfgs about 5x and boosting 2-4x faster.
    """
    return _threadpools().limit(limits=1)
