"""The class-imbalance trade-off as a topic: its parameters, its fits (one per strategy run, so adding
a strategy trains only that one) and the view the page draws."""

from __future__ import annotations

from dataclasses import dataclass, replace

import datasets
from datasets.errors import UserFacingError
from explorers.imbalance.calibration import CalibratedRuns, Calibration, calibrate_resampler, calibration
from explorers.imbalance.data import DataPlan, PlaneData, plan_data, plane_data, seed_range, settle
from explorers.imbalance.figures import (
    boundaries_figure,
    boundaries_height,
    panels,
    pr_figure,
    pr_height,
    reliability_figure,
)
from explorers.imbalance.sentences import (
    calibration_numbers,
    headline,
    majority_accuracy,
    messages,
    what_to_notice,
)
from explorers.imbalance.strategies import STRATEGIES, k_for, strategy, strategy_label
from explorers.imbalance.tables import metrics_table, row_notes
from explorers.imbalance.text import (
    TABLE_CAPTION,
    boundaries_caption,
    calibration_caption,
    data_caption,
)
from explorers.imbalance.training import StrategyResult, evaluate_strategy
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

CALIBRATED = "calibrated"
PLANE = "plane"
RELIABILITY_HEIGHT = 560


@dataclass(frozen=True)
class Params:
    """The page's controls, by key."""

    dataset: datasets.Source
    ratio: int
    samples: int
    model: str
    seeds: int  # how many repeated runs
    seed: int  # the first one
    strategies: tuple[str, ...]
    k: int
    leaky: bool
    calibrate: str  # the resampler of the calibration panel
    sort_by: str
    bins: int


def run_key(strategy: str, *, leaky: bool = False) -> str:
    """The key of one strategy run in ``fits``."""
    return f"{strategy} leaky" if leaky else strategy


# With no strategy picked, the page still shows the baseline every strategy is compared with.
NO_STRATEGY = Message(
    "Pick at least one strategy to compare. Until then the table and the curves show doing nothing "
    "alone, the baseline every strategy is measured against.",
    tone="warning",
)


def _picked(params: Params) -> tuple[str, ...]:
    """The strategies the table shows: those picked, or doing nothing alone when none is."""
    return params.strategies or ("none",)


def _shown(params: Params) -> list[tuple[str, bool]]:
    """(strategy, leaky) of every row the table shows: the picked strategies, then their leaky twins."""
    rows = [(key, False) for key in _picked(params)]
    if params.leaky:
        rows += [(key, True) for key in _picked(params) if STRATEGIES[key].can_leak]
    return rows


def _run_fit(params: Params, key: str, seeds: tuple[int, ...], *, leaky: bool = False) -> Fit:
    """One strategy on every seed; ``k`` only reaches the strategies it changes."""
    return Fit(
        evaluate_strategy,
        (params.dataset, params.ratio, params.samples, params.model, key),
        label=strategy_label(key, leaky=leaky),
        cache="data",
        kwargs={"k": k_for(key, params.k), "leaky": leaky, "seeds": seeds},
    )


def _settled(params: Params) -> tuple[Params, Message | None]:
    """The parameters the page runs at: those asked for, or the nearest ratio and sample size that leave
    enough minority examples, with the one notice that says so (UserFacingError when none does)."""
    setting = settle(params.dataset, params.ratio, params.samples)
    if setting.notice is None:
        return params, None
    used = replace(params, ratio=setting.ratio, samples=setting.samples)
    return used, Message(setting.notice, tone="warning")


def _checked_seeds(params: Params) -> tuple[int, ...]:
    """The seeds, once the settings are known to work; else UserFacingError, before any training."""
    for key in (*params.strategies, params.calibrate):
        strategy(key)
    return seed_range(params.seed, params.seeds)


def fits(params: Params) -> dict[str, Fit]:
    """Every shown strategy run, the do-nothing baseline, the calibration panel's resampler and its
    CalibratedClassifierCV, and the first seed's 2-D view; each cached on its own (at the settled
    ratio and sample size)."""
    seeds = _checked_seeds(params)
    params = _settled(params)[0]
    work = {
        run_key(key, leaky=leaky): _run_fit(params, key, seeds, leaky=leaky) for key, leaky in _shown(params)
    }
    for key in ("none", params.calibrate):
        work.setdefault(run_key(key), _run_fit(params, key, seeds))
    work[CALIBRATED] = Fit(
        calibrate_resampler,
        (params.dataset, params.ratio, params.samples, params.model, params.calibrate),
        label=f"CalibratedClassifierCV around {strategy_label(params.calibrate)}",
        cache="data",
        kwargs={"k": k_for(params.calibrate, params.k), "seeds": seeds},
    )
    work[PLANE] = Fit(
        plane_data, (params.dataset, params.ratio, params.samples, seeds[0]), label="The 2-D view"
    )
    return work


@dataclass(frozen=True, kw_only=True)
class ImbalanceView(View):
    """Everything the page shows, top to bottom, with the results it was computed from."""

    plan: DataPlan
    seeds: tuple[int, ...]
    results: tuple[StrategyResult, ...]  # the table's runs, in the order picked
    none: StrategyResult
    calibration: Calibration | None
    plane: PlaneData
    data_caption: str
    table: Table
    table_caption: str
    row_notes: tuple[tuple[str, str], ...]  # (strategy, what its model was fitted on), table order
    pr: Chart
    boundaries_title: str
    boundaries: Chart | None
    boundaries_caption: str
    boundaries_messages: tuple[Message, ...]
    reliability: Chart | None
    calibration_numbers: tuple[KeyNumber, ...]
    calibration_caption: str
    calibration_messages: tuple[Message, ...]


NO_BOUNDARY = Message("No picked strategy ran, so there is no boundary to draw.")


def _calibration(params: Params, fitted: Fitted, none: StrategyResult) -> Calibration | Message:
    """The calibration panel's data, or the warning shown in its place."""
    calibrated: CalibratedRuns = fitted[CALIBRATED]
    try:
        return calibration(none, fitted[run_key(params.calibrate)], calibrated)
    except UserFacingError as problem:
        return Message(str(problem), tone="warning")


def _boundaries(plane: PlaneData, results: tuple[StrategyResult, ...]) -> Chart | None:
    """A decision-boundary panel per correct run that ran; None when none did."""
    count = len(panels(results))
    return Chart(boundaries_figure(plane, results), height=boundaries_height(count)) if count else None


def _reliability(cal: Calibration | None, bins: int) -> Chart | None:
    return None if cal is None else Chart(reliability_figure(cal, bins), height=RELIABILITY_HEIGHT)


def table_caption(plan: DataPlan, none: StrategyResult) -> str:
    """How to read the table, with the baselines its quality numbers are judged against."""
    flag_nothing = f"accuracy {majority_accuracy(none):.3f}, " if none.ok else ""
    return (
        f"{TABLE_CAPTION} Baselines: flagging nothing scores {flag_nothing}recall 0 and balanced accuracy "
        f"0.50; a random ranking's PR-AUC is the minority share, {plan.minority_share:.2f}, and its "
        "ROC-AUC 0.50."
    )


def _messages(
    params: Params, settled: Message | None, results: tuple[StrategyResult, ...]
) -> tuple[Message, ...]:
    """The fallback notice, the ask for a strategy and each strategy's adjustments, in that order."""
    head = (settled,) if settled is not None else ()
    return (*head, *(() if params.strategies else (NO_STRATEGY,)), *messages(results))


def view(params: Params, fitted: Fitted) -> ImbalanceView:
    """The table, curves, boundaries and calibration panel from the fitted runs."""
    params, settled = _settled(params)
    plan = plan_data(params.dataset, params.ratio, params.samples)
    seeds = seed_range(params.seed, params.seeds)
    info = datasets.get_info(params.dataset)
    results = tuple(fitted[run_key(key, leaky=leaky)] for key, leaky in _shown(params))
    none: StrategyResult = fitted[run_key("none")]
    plane: PlaneData = fitted[PLANE]
    boundaries = _boundaries(plane, results)
    outcome = _calibration(params, fitted, none)
    cal = outcome if isinstance(outcome, Calibration) else None
    return ImbalanceView(
        numbers=headline(plan, results, none, info.positive_label),
        notice=what_to_notice(
            plan, results, none, info.positive_label, cal, compared=params.calibrate in params.strategies
        ),
        messages=_messages(params, settled, results),
        plan=plan,
        seeds=seeds,
        results=results,
        none=none,
        calibration=cal,
        plane=plane,
        data_caption=data_caption(plan, info, params.samples, seeds),
        table=metrics_table(results, params.sort_by, none),
        table_caption=table_caption(plan, none),
        row_notes=row_notes(results, params.sort_by, none),
        pr=Chart(pr_figure(results, plan.minority_share), height=pr_height(results)),
        boundaries_title=f"Decision boundaries (seed {seeds[0]})",
        boundaries=boundaries,
        boundaries_caption="" if boundaries is None else boundaries_caption(plane),
        boundaries_messages=(NO_BOUNDARY,) if boundaries is None else (),
        reliability=_reliability(cal, params.bins),
        calibration_numbers=() if cal is None else calibration_numbers(cal),
        calibration_caption="" if cal is None else calibration_caption(cal, params.bins),
        calibration_messages=(outcome,) if isinstance(outcome, Message) else (),
    )
