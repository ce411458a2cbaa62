"""Types shared by every explorer: user-facing errors and interview notes."""

from __future__ import annotations

from dataclasses import dataclass, field


class UserFacingError(ValueError):
    """A request the app cannot honour; its message is shown to the user as is."""


@dataclass(frozen=True)
class InterviewGuide:
    """What to say about a trade-off in an ML system design interview."""

    talking_points: tuple[str, ...]
    pick_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pitfalls: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


def percent_change(old: float, new: float) -> float:
    """Relative change from ``old`` to ``new`` in percent (0 when ``old`` is 0)."""
    if old == 0:
        return 0.0
    return (new - old) / abs(old) * 100.0
