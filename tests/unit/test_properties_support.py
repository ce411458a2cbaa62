"""The helpers every property test relies on: the remembered build is the page's build, fits are
remembered per exact arguments within a bound, and the shared checks reject what they should."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from datasets.errors import UserFacingError
from explorers import charts, metrics
from explorers.view import Fit, build
from tests.unit import properties_support as props
from ui.topic import params_of

# Trade-offs whose default view repeats to the letter (lr_vs_svm shows measured CPU times).
REPEATABLE = ("threshold", "imbalance", "serving")
CALLS: Counter[tuple[object, ...]] = Counter()


def counted(*args: object, **kwargs: object) -> tuple[object, ...]:
    """A fit function that counts its calls and fails, documented, on a negative first argument."""
    CALLS[(*args, *sorted(kwargs.items()))] += 1
    if args and args[0] < 0:  # type: ignore[operator]
        raise UserFacingError("a negative size")
    return (*args, *sorted(kwargs.items()))


@pytest.fixture(autouse=True)
def fresh() -> None:
    CALLS.clear()
    props.forget()


@pytest.mark.parametrize("stem", REPEATABLE)
def test_the_remembered_build_is_the_page_build(stem: str):
    """Remembering changes only how often a fit runs, not which fits run or what the view shows."""
    topic, defaults = props.page_spec(stem).topic, props.defaults(stem)
    page = build(topic.fits, topic.view, params_of(topic.Params, defaults))
    for _ in ("computed", "remembered"):
        view = props.built_view(topic, defaults)
        assert view is not None
        assert (view.numbers, view.notice) == (page.numbers, page.notice)


def test_a_fit_runs_once_per_function_and_exact_arguments():
    fits = [Fit(counted, (1, 2)), Fit(counted, (1, 2)), Fit(counted, (1, 2), kwargs={"b": 0, "a": 1})]
    results = [props.remembered(fit) for fit in fits]
    assert results[0] is results[1]
    assert results[2] == (1, 2, ("a", 1), ("b", 0))
    assert props.remembered(Fit(counted, (1, 2), kwargs={"a": 1, "b": 0})) is results[2]
    assert CALLS == {(1, 2): 1, (1, 2, ("a", 1), ("b", 0)): 1}


def test_the_least_recently_used_result_is_dropped_first(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(props, "REMEMBERED_FITS", 3)
    for size in (1, 2, 3, 1, 4):  # 1 is used again, so 2 is the least recently used when 4 comes
        props.remembered(Fit(counted, (size,)))
    for size in (1, 3, 4, 2):
        props.remembered(Fit(counted, (size,)))
    assert CALLS == {(1,): 1, (2,): 2, (3,): 1, (4,): 1}


def test_a_documented_error_is_raised_again_never_kept():
    failing = Fit(counted, (-1,))
    for _ in range(2):
        with pytest.raises(UserFacingError):
            props.remembered(failing)
    assert CALLS[(-1,)] == 2


def test_the_shared_checks_really_fail():
    """The helpers every property test relies on reject what they are meant to reject."""

    def untyped() -> None:
        raise KeyError("not a documented error")

    with pytest.raises(KeyError):
        props.documented(untyped)
    assert props.documented(metrics.confusion_at, np.array([0, 1]), np.array([0.2, 0.8]), 1.5) is None
    with pytest.raises(AssertionError):
        props.assert_finite({"deep": [metrics.Confusion(1, 2, 3, 4), np.array([0.5, np.nan])]})
    with pytest.raises(AssertionError):
        props.assert_valid_figure(charts.figure([{"type": "scatter", "x": [0.0, np.inf], "y": [1, 2]}], {}))
    with pytest.raises(ValueError, match="colour"):
        props.assert_valid_figure(
            charts.figure([{"type": "scatter", "x": [0], "y": [0], "colour": "red"}], {})
        )
    with pytest.raises(AssertionError):
        props.assert_sentences(["Precision is nan at this threshold."])
    with pytest.raises(AssertionError):
        props.assert_probabilities([0.2, 1.01])
