"""How numbers read, the same on every page: money, shares, durations, rates, counts."""

from __future__ import annotations

import math
from collections.abc import Callable

from datasets.base import count  # noqa: F401  (one definition, shared with the dataset layer)

SMALLEST_MONEY = 1e-4  # "<$0.0001" below this in short form


def plain(value: float) -> str:
    """A grid value as people write it: 0.001, 0.05, 2, 1000."""
    return f"{value:g}"


def two_figures(x: float) -> str:
    """'1,234', '42', '4.2', '0.42'."""
    if x >= 10:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2g}"


def money(dollars: float) -> str:
    """'$12,345', '$1.20', '$0.028', '$0.0000019': two significant figures below $1, never exponents."""
    if dollars < 0:
        return "−" + money(-dollars)
    if dollars >= 100:
        return f"${dollars:,.0f}"
    if dollars >= 1:
        return f"${dollars:.2f}"
    if dollars == 0:
        return "$0"
    decimals = int(-math.floor(math.log10(dollars))) + 1
    return f"${dollars:.{decimals}f}"


def short_money(dollars: float) -> str:
    """``money``, with amounts below ``SMALLEST_MONEY`` as '<$0.0001'."""
    return f"<${SMALLEST_MONEY:g}" if 0 <= dollars < SMALLEST_MONEY else money(dollars)


def percent(fraction: float) -> str:
    """A round share as people write it: '5%', '0.5%', '0.1%' (no padding zeros)."""
    return f"{100.0 * fraction:.6g}%"


def share(fraction: float) -> str:
    """A share as a percentage with sensible precision: '0%', '0.04%', '3.2%', '47%'."""
    percent = 100.0 * fraction
    if percent == 0:
        return "0%"
    if abs(percent) < 0.01:
        return "<0.01%"
    if abs(percent) < 0.1:
        return f"{percent:.2f}%"
    return f"{percent:.1f}%" if abs(percent) < 10 else f"{percent:.0f}%"


# (below this many ms, unit, ms -> unit); hours above the last.
_UNITS: tuple[tuple[float, str, float], ...] = (
    (1.0, "µs", 1000.0),
    (1000.0, "ms", 1.0),
    (60_000.0, "s", 1e-3),
    (3_600_000.0, "min", 1 / 60_000.0),
)


def _in_unit(ms: float, write: Callable[[float], str]) -> str:
    """A duration given in milliseconds, in the first unit it is below, its number written by ``write``."""
    if not math.isfinite(ms):
        return "∞"
    for limit, unit, scale in _UNITS:
        if ms < limit:
            return f"{write(ms * scale)} {unit}"
    return f"{write(ms / 3_600_000.0)} h"


def duration_ms(ms: float) -> str:
    """A duration given in milliseconds, two significant figures, in a readable unit."""
    return _in_unit(ms, two_figures)


def duration_s(seconds: float) -> str:
    """A duration given in seconds (see ``duration_ms``)."""
    return duration_ms(seconds * 1000.0)


def hours(value: float) -> str:
    """Hours as '12 h', '1.5 h', '45 min' or '2.0 days'."""
    if value < 1:
        return f"{value * 60:.0f} min"
    if value < 48:
        return f"{two_figures(value)} h"
    return f"{value / 24:.1f} days"


def rate(per_second: float) -> str:
    """'850 req/s', '12,000 req/s', '4.2 req/s'."""
    return f"{per_second:,.0f} req/s" if per_second >= 10 else f"{per_second:.2g} req/s"


def sla(ms: float) -> str:
    """A round latency target given in milliseconds: '2 ms', '500 ms', '1 s'."""
    return f"{ms:g} ms" if ms < 1000 else f"{ms / 1000:g} s"


def ratio(value: float) -> str:
    """A ratio such as an offered load: '0.85', '1.52'; whole numbers with separators from 100 on."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def significant(x: float, figures: int) -> str:
    """``x`` with at least ``figures`` significant figures: '12.35', '1,234', '0.0123'."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{decimals}f}"


def _precise_duration_ms(ms: float, figures: int) -> str:
    """A duration in milliseconds with ``figures`` significant figures, in ``duration_ms``'s unit."""
    return _in_unit(ms, lambda x: significant(x, figures))


def durations_s(*seconds: float) -> tuple[str, ...]:
    """Durations given in seconds, compared side by side: each as ``duration_s`` writes it, or with
    more significant figures while two different values would otherwise read the same ('12 ms'
    twice for 12.3 and 12.4 ms)."""
    shown = tuple(duration_s(value) for value in seconds)
    figures = 3
    while len(set(shown)) < len(set(seconds)) and figures <= 6:
        shown = tuple(_precise_duration_ms(value * 1000.0, figures) for value in seconds)
        figures += 1
    return shown
