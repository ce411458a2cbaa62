"""What to notice: sentences computed from the study at the current C, for one scoring."""

from __future__ import annotations

import numpy as np

from explorers.formatting import plain
from explorers.regularization.penalties import C_GRID, c_and_lambda, penalty_name
from explorers.regularization.problem import KINDS
from explorers.regularization.readings import (
    ZONE_FLOOR,
    GridScores,
    Sparsity,
    beats_baseline,
    mean_abs_coef,
)
from explorers.regularization.study import Study


def score_text(value: float) -> str:
    """A score, a gap or a change in score, as the page shows them: three decimals."""
    return f"{value:.3f}"


def measurable(change: float) -> bool:
    """Whether a change shows at the page's three decimals (else it is "no measurable difference")."""
    return abs(change) >= 0.0005


def _position(study: Study, scores: GridScores, index: int) -> str:
    """Which zone the current C is in, against the best C."""
    best, cv, metric = scores.zones.best_index, scores.cv, scores.scoring.metric
    if index == best:
        where = c_and_lambda(C_GRID[index])
        return f"{where} gives the best mean CV {metric} on this grid, {score_text(cv[best])}."
    head = (
        f"At {c_and_lambda(C_GRID[index])} the CV {metric} is {score_text(cv[index])} against the best "
        f"{score_text(cv[best])} at C = {plain(C_GRID[best])}"
    )
    zone = scores.zones.zone_of(index)
    se = f"one standard error ({score_text(scores.zones.standard_error)})"
    if zone == "underfitting":
        return (
            f"{head}, more than {se} worse: the underfitting zone, where the penalty is so strong that train "
            "and CV are both poor."
        )
    if zone == "overfitting":
        return (
            f"{head}, more than {se} worse: the overfitting zone, where the fit to the training folds "
            "improves but CV worsens."
        )
    return f"{head}, within {se} of it: a sound choice (the 1-SE rule would pick the smallest such C)."


def _gap(scores: GridScores, index: int) -> str:
    """How the train-CV gap changes between the loosest C and the current one."""
    metric, gap, last = scores.scoring.metric, scores.gap, len(C_GRID) - 1
    if index == last:
        best = scores.zones.best_index
        return (
            f"At the loosest C = {plain(C_GRID[index])} the gap between train and CV {metric} is "
            f"{score_text(gap[index])}; at the CV-best C = {plain(C_GRID[best])} it is "
            f"{score_text(gap[best])}."
        )
    change = gap[index] - gap[last]
    if not measurable(change) or score_text(gap[index]) == score_text(gap[last]):
        return (
            f"The gap between train and CV {metric} is {score_text(gap[index])} at "
            f"C = {plain(C_GRID[index])}, "
            f"the same as at the loosest C = {plain(C_GRID[last])}: here the penalty makes no measurable "
            "difference to it."
        )
    verb, why = (
        ("shrinks", "a stronger penalty trades variance for bias")
        if change < 0
        else ("grows", "here the stronger penalty costs the training fit more than it saves on CV")
    )
    return (
        f"The gap between train and CV {metric} {verb} from {score_text(gap[last])} at the loosest C = "
        f"{plain(C_GRID[last])} to {score_text(gap[index])} at C = {plain(C_GRID[index])}: {why}."
    )


def _sparsity(study: Study, index: int, sp: Sparsity) -> str:
    """Exact zeros by kind (L1, elastic-net) or how L2 shrinks noise features."""
    p = study.problem
    coefs = study.coefficients.path.coefs[index]
    real_zeroed, real_total = sp.real_zeroed()
    where = f"{penalty_name(study.l1_ratio)} at C = {plain(C_GRID[index])}"
    if study.l1_ratio == 0.0:
        tail = ""
        if p.count("noise"):
            noise = mean_abs_coef(coefs, p.feature_kinds, "noise")
            real = mean_abs_coef(coefs, p.feature_kinds, "original")
            tail = f"; the noise features' mean |coefficient| is {noise:.3f}, the real ones' {real:.3f}"
        return (
            f"{where} shrinks every coefficient but zeroes none of the {sp.total}{tail}; L1 would zero some."
        )
    parts = [f"{sp.zeroed[kind]} of {sp.totals[kind]} {KINDS[kind].plural}" for kind in sp.injected]
    real = "polynomial and linear terms" if "polynomial" in sp.totals else "real features"
    parts.append(f"{real_zeroed} of {real_total} {real}")
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{where} zeroed {listed} ({sp.zeroed_total} of {sp.total} coefficients exactly 0)."


def _direction(change: float) -> str:
    """'better', 'worse' or 'no change' for a change in goodness."""
    if change > 0:
        return "better"
    return "worse" if change < 0 else "no change"


def _learning(study: Study, scores: GridScores, index: int) -> str:
    """Compare the gain from the last step of more data with the gain from the best C."""
    s, scoring = study.scores, scores.scoring
    cv = scoring.goodness(s.by_size(scoring.key, "cv", index))
    usable = np.flatnonzero(~np.isnan(cv))
    if usable.size < 2:
        return "The training set is too small for a learning curve with both classes in every subset."
    before, after = int(usable[-2]), int(usable[-1])
    data_gain = float(cv[after] - cv[before])
    best = scores.zones.best_index
    full = scoring.goodness(scores.cv)
    tune_gain = float(full[best] - full[index])
    grow = f"growing the training folds from {s.train_sizes[before]} to {s.train_sizes[after]} examples"
    data = (
        f"{grow} changes CV {scoring.metric} by {score_text(abs(data_gain))} ({_direction(data_gain)})"
        if measurable(data_gain)
        else f"{grow} makes no measurable difference to CV {scoring.metric}"
    )
    if index == best or not measurable(tune_gain):
        at = f"At C = {plain(C_GRID[index])}"
        if index == best:
            at = f"At the CV-best C = {plain(C_GRID[best])}"
        tied = "" if index == best else f", which scores the same as the CV-best C = {plain(C_GRID[best])}"
        lever = "more data is the lever left" if data_gain > ZONE_FLOOR else "both levers are nearly spent"
        return f"{at}{tied}, {data}: {lever}."
    verdict = "more data helps more" if data_gain > tune_gain else "tuning C helps more"
    return (
        f"At C = {plain(C_GRID[index])}, {data}; moving to the CV-best C = {plain(C_GRID[best])} "
        f"instead improves it by {score_text(tune_gain)}: here {verdict}."
    )


def _test(study: Study, scores: GridScores, index: int) -> str:
    """The held-out test score at the current C against the CV estimate and the baseline."""
    metric, test, baseline = scores.scoring.metric, scores.test[index], scores.baseline
    head = (
        f"On the {study.problem.y_test.size} held-out test examples the model at C = "
        f"{plain(C_GRID[index])} scores {metric} {score_text(test)}, against the CV estimate "
        f"{score_text(scores.cv[index])} (use the test set once, after choosing C)"
    )
    if beats_baseline(test, baseline, scores.scoring):
        return f"{head}; a baseline that ignores the features scores {score_text(baseline)}."
    return (
        f"{head}; it does not beat a baseline that ignores the features, which scores {score_text(baseline)}."
    )


def _solver(study: Study, scores: GridScores) -> str | None:
    """Whether the solver hit its cap, or stopped short of the penalised optimum at large C."""
    capped, solver = study.capped_fits, study.solver
    short = np.flatnonzero(scores.short)
    cap = (
        f"{solver.name} stopped at its {solver.max_iter}-{solver.step} cap in {capped} of "
        f"{study.n_fits} fits (mostly at large C); those points are approximate, and stopping early "
        "is itself a regularizer."
    )
    if not short.size:
        return cap if capped else None
    stop = (
        f"From C = {plain(C_GRID[short[0]])} up, {solver.name} stopped short of the penalised optimum (its "
        f"optimality residual exceeds the penalty's own gradient, ✕ on the curve): there the scores reflect "
        "its stopping rule as much as the penalty, so a comparison with L2, which is solved exactly, is "
        "not a fair one."
    )
    return f"{cap} {stop}" if capped else stop


def what_to_notice(study: Study, scores: GridScores, index: int, sp: Sparsity) -> tuple[str, ...]:
    """Sentences at grid index ``index`` of C; ``sp`` is the exact zeros at ``index``."""
    notes = (
        _position(study, scores, index),
        _gap(scores, index),
        _sparsity(study, index, sp),
        _learning(study, scores, index),
        _test(study, scores, index),
    )
    solver = _solver(study, scores)
    return (*notes, solver) if solver else notes
