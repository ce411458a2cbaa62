"""The page's control options (each value with the label a link carries) and their help."""

from __future__ import annotations

from explorers.ab_test.family import CORRECTIONS, METRIC_COUNTS

TRAFFIC_OPTIONS: dict[int, str] = {
    n: f"{n:,}" for n in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1_000_000, 10_000_000)
}
ALPHA_OPTIONS: dict[float, str] = {0.01: "0.01", 0.05: "0.05", 0.1: "0.10"}
POWER_OPTIONS: dict[float, str] = {0.7: "70%", 0.8: "80%", 0.9: "90%", 0.95: "95%"}
HALF_LIFE_OPTIONS: dict[int, str] = {n: str(n) for n in (1, 2, 3, 5, 7, 14)}
METRIC_OPTIONS: dict[int, str] = {n: str(n) for n in METRIC_COUNTS}
CORRECTION_OPTIONS: dict[str, str] = {key: entry.label for key, entry in CORRECTIONS.items()}
NOVELTY_ON = frozenset(range(5, 55, 5))  # the novelty slider's values above 0

HELP = {
    "baseline": "The control arm's conversion rate or click-through rate.",
    "mde": "The smallest relative lift worth detecting: +10% turns 5.0% into 5.5%.",
    "traffic": "Users a day entering the experiment, both arms together.",
    "whole_weeks": "Round the duration up to whole weeks so every weekday counts equally.",
    "lift": "The treatment's lasting effect; 0 is an A/A test.",
    "novelty": "Extra lift on day 1 that fades away: users try anything new.",
    "peeking": "Read once at the planned horizon, or every day until p < α.",
    "metrics": "The primary metric plus metrics the treatment does not move.",
    "srm": "Injects a sample-ratio mismatch, as a logging bug in one arm would.",
}
