"""Bounded caches. Training is cached per exact model parameters and shared across sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import streamlit as st

from datasets import UserData

P = ParamSpec("P")
R = TypeVar("R")

# A trained model with its scores is small (well under 1 MB); 32 of them per function bound memory.
MODEL_CACHE_ENTRIES = 32
# Cheap derived results (sweeps, curves) per parameter combination.
DATA_CACHE_ENTRIES = 128
TTL_SECONDS = 6 * 3600
# Uploaded data is keyed on its fingerprint (a hash of the file, target and positive class), not
# re-hashed array by array on every rerun. Only a session holding the same file can hit its entries.
HASH_FUNCS: dict[Any, Callable[[Any], Any]] = {UserData: lambda data: data.fingerprint}

# One wrapper per function: pages call these on every rerun, and building a wrapper hashes
# the function's source (~2 ms). Keyed by name, so a redefined function replaces its entry.
_WRAPPERS: dict[tuple[str, str, str, int], tuple[Callable[..., Any], Callable[..., Any]]] = {}


def _wrapper(
    kind: str, func: Callable[P, R], build: Callable[[Callable[P, R]], Callable[P, R]], entries: int
) -> Callable[P, R]:
    key = (kind, func.__module__, func.__qualname__, entries)
    known = _WRAPPERS.get(key)
    if known is None or known[0] is not func:
        known = (func, build(func))
        _WRAPPERS[key] = known
    return known[1]


def cache_model(func: Callable[P, R], entries: int = MODEL_CACHE_ENTRIES) -> Callable[P, R]:
    """Cache a training function's (read-only) result, keyed on its arguments, bounded to
    ``entries`` results.

    The arguments must be exactly the parameters that change the model, so controls that
    only change how the result is read never retrain.
    """
    return _wrapper(
        "model",
        func,
        st.cache_resource(
            max_entries=entries,
            ttl=TTL_SECONDS,
            show_spinner="Training the model…",
            hash_funcs=HASH_FUNCS,
        ),
        entries,
    )


def cache_data(func: Callable[P, R], entries: int = DATA_CACHE_ENTRIES) -> Callable[P, R]:
    """Cache a pure function returning picklable data, bounded to ``entries`` results."""
    return _wrapper(
        "data",
        func,
        st.cache_data(max_entries=entries, ttl=TTL_SECONDS, show_spinner=False, hash_funcs=HASH_FUNCS),
        entries,
    )
