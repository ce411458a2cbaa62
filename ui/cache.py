"""Bounded caches. Training is cached per exact model parameters and shared across sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

P = ParamSpec("P")
R = TypeVar("R")

# A trained model with its scores is small (well under 1 MB); 32 of them per page bound memory.
MODEL_CACHE_ENTRIES = 32
# Cheap derived results (sweeps, curves) per parameter combination.
DATA_CACHE_ENTRIES = 128
MODEL_TTL_SECONDS = 6 * 3600


def cache_model(func: Callable[P, R]) -> Callable[P, R]:
    """Cache a training function's (read-only) result, keyed on its arguments, bounded.

    The arguments must be exactly the parameters that change the model, so controls that
    only change how the result is read never retrain.
    """
    return st.cache_resource(
        max_entries=MODEL_CACHE_ENTRIES,
        ttl=MODEL_TTL_SECONDS,
        show_spinner="Training the model…",
    )(func)


def cache_data(func: Callable[P, R]) -> Callable[P, R]:
    """Cache a pure function returning picklable data, bounded."""
    return st.cache_data(max_entries=DATA_CACHE_ENTRIES, ttl=MODEL_TTL_SECONDS, show_spinner=False)(func)
