"""The kit's caches: one wrapper per function, bounded, and really caching."""

from collections import Counter

import streamlit as st

from ui import cache

CALLS: Counter = Counter()


def _square(x: int) -> int:
    CALLS["square"] += 1
    return x * x


def test_one_wrapper_per_function_and_results_are_cached():
    st.cache_resource.clear()
    first = cache.cache_model(_square)
    assert cache.cache_model(_square) is first
    before = CALLS["square"]
    assert first(3) == 9
    assert first(3) == 9
    assert CALLS["square"] == before + 1


def test_a_redefined_function_replaces_its_entry_instead_of_growing():
    sizes = set()
    for _ in range(5):

        def local(x: int) -> int:  # a page script redefines its functions on every rerun
            return x + 1

        cache.cache_data(local)
        sizes.add(len(cache._WRAPPERS))
    assert len(sizes) == 1


def test_caches_are_bounded():
    assert 0 < cache.MODEL_CACHE_ENTRIES <= 64
    assert 0 < cache.DATA_CACHE_ENTRIES <= 256


def test_a_fit_can_keep_fewer_results_than_the_default():
    from explorers.view import Fit
    from ui.topic import _cached

    bounded = _cached(Fit(_square, (3,), entries=2))
    assert bounded is not _cached(Fit(_square, (3,)))
    assert bounded is _cached(Fit(_square, (4,), entries=2))
    for value in range(5):
        assert bounded(value) == value * value


def test_a_locked_cache_computes_a_result_once_when_asked_at_once():
    import threading
    import time

    from explorers.common import locked_cache

    calls: list[int] = []

    @locked_cache(maxsize=4)
    def slow(value: int) -> int:
        calls.append(value)
        time.sleep(0.05)
        return value * 2

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(slow(3))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [6, 6, 6, 6]
    assert calls == [3]
    slow.cache_clear()
    assert slow(3) == 6 and calls == [3, 3]
