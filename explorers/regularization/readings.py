"""Reading a study, cheaply, for one scoring: the curves over the C grid, the best C and the zones
where CV is clearly worse, and the exact zeros among the coefficients at one C."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from explorers.regularization.penalties import Scoring
from explorers.regularization.problem import KINDS
from explorers.regularization.study import Scores, Study

# Differences smaller than this never count as "clearly worse" (0.1 percentage point, 0.001 nats).
ZONE_FLOOR = 1e-3
# A coefficient is "exactly zero" when saga's proximal step left it at 0.0.
ZERO = 0.0
# A fit "stopped short of the optimum" when its optimality residual is larger than the penalty's own
# gradient: the stopping rule, not the penalty, then decides how large the weights are.
SHORT_OF_OPTIMUM = 1.0


# --------------------------------------------------------------------------- zones


@dataclass(frozen=True)
class Zones:
    """Where the CV score is clearly worse than its best because C is too small or too large."""

    best_index: int
    standard_error: float  # the best C's, in the scoring's units: the width of the "near the best" band
    underfit_end: int | None  # last grid index of the underfitting zone (it starts at 0)
    overfit_start: int | None  # first grid index of the overfitting zone (it ends at the last)

    def zone_of(self, index: int) -> str:
        """'underfitting', 'overfitting' or 'near the best'."""
        if self.underfit_end is not None and index <= self.underfit_end:
            return "underfitting"
        if self.overfit_start is not None and index >= self.overfit_start:
            return "overfitting"
        return "near the best"


def clearly_worse(per_fold: np.ndarray, best: int) -> np.ndarray:
    """Per grid index: whether its mean CV score is more than one standard error below the best's (the
    one-standard-error rule of Hastie, Tibshirani and Friedman).

    ``per_fold`` is (n_C, n_folds), higher is better. The standard error is the best C's: the sample
    standard deviation of its fold scores over the square root of the number of folds (never below
    ``ZONE_FLOOR``, so differences that round away never count).
    """
    return per_fold.mean(axis=1) < per_fold[best].mean() - one_standard_error(per_fold[best])


def one_standard_error(fold_scores: np.ndarray) -> float:
    """The standard error of a mean over folds: sample SD / sqrt(folds), at least ``ZONE_FLOOR``."""
    n_folds = fold_scores.size
    se = float(np.std(fold_scores, ddof=1) / math.sqrt(n_folds)) if n_folds > 1 else 0.0
    return max(se, ZONE_FLOOR)


def zones(scores: Scores, scoring: Scoring) -> Zones:
    """The best C by mean CV score, and the zones where CV is more than one standard error worse on
    either side of it (``clearly_worse``).

    The underfitting zone runs from the smallest C up to the last C below the best such that it
    and every smaller C are clearly worse; the overfitting zone from the first C above the best
    from which every larger C is clearly worse.
    """
    per_fold = scoring.goodness(scores.cv[scoring.key][-1])
    mean = per_fold.mean(axis=1)
    best = int(np.argmax(mean))
    worse = clearly_worse(per_fold, best)
    under = [i for i in range(best) if worse[: i + 1].all()]
    over = [i for i in range(best + 1, mean.size) if worse[i:].all()]
    se = one_standard_error(per_fold[best])
    return Zones(best, se, max(under) if under else None, min(over) if over else None)


# --------------------------------------------------------------------------- the curves


@dataclass(frozen=True, eq=False)
class GridScores:
    """One scoring's mean scores at every C of the grid (whole training folds), and its zones: what
    the key numbers, the validation curve and the sentences read at any C."""

    scoring: Scoring
    train: np.ndarray
    cv: np.ndarray
    cv_spread: np.ndarray  # standard deviation over folds
    test: np.ndarray  # the fit on the whole training set, on the held-out test set
    zones: Zones
    baseline: float  # predicting the training majority (accuracy) or prior (log loss) on the test set
    short: np.ndarray  # (n_C,) bool: the whole-training-set fit stopped short of the penalised optimum

    @property
    def gap(self) -> np.ndarray:
        """How much worse CV is than train (in the scoring's units, >= 0 when overfitting)."""
        return self.train - self.cv if self.scoring.higher_is_better else self.cv - self.train


def grid_scores(study: Study, scoring: Scoring) -> GridScores:
    """The study's curves over the grid for ``scoring``."""
    s, key = study.scores, scoring.key
    return GridScores(
        scoring=scoring,
        train=s.curve(key, "train"),
        cv=s.curve(key, "cv"),
        cv_spread=s.spread(key, "cv"),
        test=study.coefficients.test[key],
        zones=zones(s, scoring),
        baseline=baseline_score(study.problem.y_train, study.problem.y_test, scoring),
        short=study.coefficients.stationarity > SHORT_OF_OPTIMUM,
    )


def baseline_score(y_train: np.ndarray, y_test: np.ndarray, scoring: Scoring) -> float:
    """The test score of a model that ignores the features: it predicts the training set's majority
    class (accuracy) or its class prior (log loss), as ``DummyClassifier(strategy="prior")``."""
    prior = float(np.mean(y_train))
    logit = math.log(prior / (1 - prior)) if 0 < prior < 1 else 0.0
    return float(scoring.per_column(y_test, np.full((y_test.size, 1), logit))[0])


def beats_baseline(score: float, baseline: float, scoring: Scoring) -> bool:
    """Whether ``score`` is better than ``baseline`` by a difference that shows at three decimals."""
    better = score - baseline if scoring.higher_is_better else baseline - score
    return better >= 0.0005


# --------------------------------------------------------------------------- sparsity


@dataclass(frozen=True)
class Sparsity:
    """Exact zeros among the coefficients at one C, by kind of feature."""

    zeroed: dict[str, int]
    totals: dict[str, int]

    @property
    def zeroed_total(self) -> int:
        """Coefficients exactly zero."""
        return sum(self.zeroed.values())

    @property
    def total(self) -> int:
        """Every coefficient."""
        return sum(self.totals.values())

    @property
    def injected(self) -> tuple[str, ...]:
        """The injected kinds present (noise, near-duplicates), in legend order."""
        return tuple(key for key in self.totals if not KINDS[key].real)

    def real_zeroed(self) -> tuple[int, int]:
        """(zeroed, total) over the real features: originals and polynomial terms."""
        real = [key for key in self.totals if KINDS[key].real]
        return sum(self.zeroed[k] for k in real), sum(self.totals[k] for k in real)


def sparsity(coefs: np.ndarray, kinds: Sequence[str]) -> Sparsity:
    """How many coefficients are exactly zero, split by feature kind."""
    kind_array = np.asarray(kinds)
    zero = np.asarray(coefs) == ZERO
    present = [k for k in KINDS if np.any(kind_array == k)]
    return Sparsity(
        zeroed={k: int(np.count_nonzero(zero & (kind_array == k))) for k in present},
        totals={k: int(np.count_nonzero(kind_array == k)) for k in present},
    )


def mean_abs_coef(coefs: np.ndarray, kinds: Sequence[str], kind: str) -> float:
    """Mean |coefficient| over features of ``kind`` (NaN when there are none)."""
    mask = np.asarray(kinds) == kind
    return float(np.mean(np.abs(np.asarray(coefs)[mask]))) if mask.any() else float("nan")
