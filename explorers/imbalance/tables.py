"""The metrics table: one row per strategy (leaky twins under their correct row), mean ± sd of every
metric, each column's best mean stressed and leaky rows shaded; and what each row's model was fitted on."""

from __future__ import annotations

import math
from collections.abc import Sequence

from explorers.imbalance.strategies import FOREST_TREES, LEAKY_NOTE, STRATEGIES
from explorers.imbalance.training import LOWER_IS_BETTER, METRICS, SeedRun, StrategyResult
from explorers.view import Table

_DECIMALS = {"accuracy": 3, "brier": 3}


def ordered(results: Sequence[StrategyResult], sort_by: str) -> list[StrategyResult]:
    """Correct rows best first by ``sort_by`` (failed rows last), each followed by its leaky twin."""
    correct = [r for r in results if not r.leaky]
    sign = 1.0 if sort_by in LOWER_IS_BETTER else -1.0
    ranked = sorted((r for r in correct if r.ok), key=lambda r: sign * r.mean(sort_by))
    ranked += [r for r in correct if not r.ok]
    leaky = {r.strategy: r for r in results if r.leaky}
    rows: list[StrategyResult] = []
    for result in ranked:
        rows.append(result)
        if result.strategy in leaky:
            rows.append(leaky.pop(result.strategy))
    return rows + list(leaky.values())


def best_value(results: Sequence[StrategyResult], metric: str) -> float | None:
    """The best mean of ``metric`` among the correct (non-leaky) rows that ran."""
    means = [r.mean(metric) for r in results if r.ok and not r.leaky]
    if not means:
        return None
    return min(means) if metric in LOWER_IS_BETTER else max(means)


def format_metric(result: StrategyResult, metric: str) -> str:
    """'0.83 ± 0.04' (mean ± sd over the seeds; a narrow column may put '± 0.04' under the mean);
    just the mean for one seed."""
    if not result.ok:
        return "–"
    digits = _DECIMALS.get(metric, 2)
    mean = f"{result.mean(metric):.{digits}f}"
    spread = f"{result.spread(metric):.{digits}f}"
    return f"{mean} ±\u00a0{spread}" if len(result.runs) > 1 else mean


def _is_best(result: StrategyResult, metric: str, best: float | None) -> bool:
    return best is not None and result.ok and not result.leaky and math.isclose(result.mean(metric), best)


def _note_facts(result: StrategyResult) -> dict[str, float]:
    """The numbers a row's note template may quote, from the first seed's counts."""
    first = result.runs[0]
    (neg, pos), (f_neg, f_pos), (t_neg, t_pos) = first.train_counts, first.fitted_counts, first.test_counts
    return {
        "threshold": result.mean_of(lambda run: run.threshold),
        "weight": neg / pos,
        "fitted_neg": f_neg,
        "fitted_pos": f_pos,
        "fitted_share": f_pos / (f_neg + f_pos),
        "test_share": t_pos / (t_neg + t_pos),
        "trees": FOREST_TREES,
    }


def row_note(result: StrategyResult) -> str:
    """What the row's model was trained on, or why it failed."""
    if not result.ok:
        return result.error or "Did not run."
    template = LEAKY_NOTE if result.leaky else STRATEGIES[result.strategy].note
    return " ".join((template.format(**_note_facts(result)), *result.notes))


def row_notes(
    results: Sequence[StrategyResult], sort_by: str, baseline: StrategyResult | None = None
) -> tuple[tuple[str, str], ...]:
    """What each row's model was fitted on (or why it failed), as (strategy, note) in table order, then
    what the no-skill baseline row stands for (when ``baseline``, the do-nothing run, ran)."""
    notes = tuple((r.label, row_note(r)) for r in ordered(results, sort_by))
    return (*notes, (BASELINE_ROW, BASELINE_NOTE)) if baseline is not None and baseline.ok else notes


BASELINE_ROW = "No-skill baseline"
BASELINE_NOTE = (
    "No model. Flagging nothing (the majority class) scores the majority share as accuracy, 0.50 "
    "balanced accuracy, recall and F1 of 0 (precision is undefined); a random ranking scores ROC-AUC 0.50 "
    "and PR-AUC equal to the minority share; predicting the minority share for everyone scores a Brier "
    "score of share × (1 − share). Each is the mean over the seeds' test splits."
)


def _test_share(run: SeedRun) -> float:
    return run.test_counts[1] / sum(run.test_counts)


def baseline_values(none: StrategyResult) -> dict[str, float | None]:
    """What no skill scores on each metric (None: undefined), mean over the do-nothing run's test splits."""
    return {
        "accuracy": none.mean_of(lambda run: 1 - _test_share(run)),
        "balanced_accuracy": 0.5,
        "precision": None,
        "recall": 0.0,
        "f1": 0.0,
        "roc_auc": 0.5,
        "pr_auc": none.mean_of(_test_share),
        "brier": none.mean_of(lambda run: _test_share(run) * (1 - _test_share(run))),
    }


def _baseline_cells(none: StrategyResult) -> tuple[str, ...]:
    values = baseline_values(none)
    return tuple(
        "–" if (value := values[metric]) is None else f"{value:.{_DECIMALS.get(metric, 2)}f}"
        for metric in METRICS
    )


def metrics_table(
    results: Sequence[StrategyResult], sort_by: str, baseline: StrategyResult | None = None
) -> Table:
    """One row per strategy, leaky twins under their correct row: mean ± sd of every metric, then the
    no-skill baseline row (from ``baseline``, the do-nothing run, when it ran). A failed strategy's row
    says why in its first cell. Cells are plain text; each column's best mean (ties all, leaky and
    baseline rows never) is stressed and leaky and baseline rows are shaded."""
    rows = ordered(results, sort_by)
    best = {metric: best_value(rows, metric) for metric in METRICS}
    cells = tuple(
        (r.label if r.ok else f"{r.label}. {r.error}", *(format_metric(r, metric) for metric in METRICS))
        for r in rows
    )
    emphasis = tuple((False, *(_is_best(r, metric, best[metric]) for metric in METRICS)) for r in rows)
    muted = tuple(r.leaky for r in rows)
    if baseline is not None and baseline.ok:
        cells += ((BASELINE_ROW, *_baseline_cells(baseline)),)
        emphasis += ((False,) * (1 + len(METRICS)),)
        muted += (True,)
    return Table(columns=("Strategy", *METRICS.values()), rows=cells, emphasis=emphasis, muted=muted)
