"""Small helpers every explorer shares: table look-ups, thread limits and relative change."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from functools import cache
from typing import Any, Protocol, TypeVar

from threadpoolctl import ThreadpoolController

from datasets.errors import UserFacingError


class Labelled(Protocol):
    """A table entry with a label people read (and a link carries)."""

    @property
    def label(self) -> str: ...


T = TypeVar("T")


def entry(table: Mapping[str, T], key: str, what: str) -> T:
    """``table[key]``, or a UserFacingError that names ``what`` was asked for and the valid keys."""
    try:
        return table[key]
    except (KeyError, TypeError):
        raise UserFacingError(f"Unknown {what} {key!r}; choose one of: {', '.join(table)}.") from None


def labels(table: Mapping[str, Labelled]) -> dict[str, str]:
    """Each entry's label by key: the options of the control that picks one."""
    return {key: item.label for key, item in table.items()}


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


R = TypeVar("R")


def locked_cache(maxsize: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """``functools.lru_cache`` whose misses are computed under one lock: a page's fits run side by
    side, and two of them asking for the same result at once then compute it once."""

    def wrap(func: Callable[..., R]) -> Callable[..., R]:
        cached = functools.lru_cache(maxsize=maxsize)(func)
        lock = threading.Lock()

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> R:
            with lock:
                return cached(*args, **kwargs)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return wrap
