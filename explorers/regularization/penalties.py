"""The model the page fits, as tables: the grid of C, one entry per solver, penalty and scoring, and
the penalised, standardised logistic regression built from them."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from datasets.errors import UserFacingError
from explorers.common import entry, labels
from explorers.formatting import plain
from explorers.metrics import accuracy_per_column, log_loss_per_column

# --------------------------------------------------------------------------- the grid of C

# A 1-2-5 grid from 0.001 to 1000: 19 values, ~3 a decade, labels a person can read aloud.
C_GRID: tuple[float, ...] = (
    *(round(mantissa * 10.0**exponent, 6) for exponent in range(-3, 3) for mantissa in (1, 2, 5)),
    1000.0,
)
DEFAULT_C = 1.0
C_OPTIONS: dict[float, str] = {c: plain(c) for c in C_GRID}
LOG_C = np.log10(np.array(C_GRID))
# How far (in grid steps) the learning curve's "tighter" and "looser" comparisons sit, and the
# factor in C that many steps of the 1-2-5 grid make (3 steps: 10x).
COMPARE_STEPS = 3
COMPARE_FACTOR = round(C_GRID[COMPARE_STEPS] / C_GRID[0])


def grid_index(c: float) -> int:
    """Index of the grid value nearest to ``c`` (in log scale)."""
    if not (isinstance(c, int | float) and math.isfinite(c) and c > 0):
        raise UserFacingError(f"C must be a positive number; got {c!r}.")
    return int(np.argmin(np.abs(LOG_C - math.log10(c))))


def neighbour(index: int, steps: int) -> int:
    """A grid index ``steps`` away, kept inside the grid."""
    return min(max(index + steps, 0), len(C_GRID) - 1)


def c_and_lambda(c: float) -> str:
    """'C = 0.05 (λ = 20)'."""
    return f"C = {plain(c)} (λ = {plain(1 / c)})"


# --------------------------------------------------------------------------- solvers


@dataclass(frozen=True)
class Solver:
    """A scikit-learn solver and the stopping rule the page runs it with."""

    name: str
    tol: float
    max_iter: int
    step: str  # what max_iter counts, for sentences: "epoch" or "iteration"
    exact: bool  # reaches the penalised optimum; if not, stopping early acts as a regularizer too


# newton-cholesky (pure L2): Newton's method with the exact Hessian (at most ~100 features here, so it
# is small). It reaches a tight tolerance in 5-20 iterations even at C = 1000, where lbfgs needs
# hundreds and saga stops early, so each fit is the penalised optimum and large C really lets the
# weights grow: the overfitting the page shows. The cap is never reached on the page's data.
NEWTON = Solver("newton-cholesky", tol=1e-8, max_iter=100, step="iteration", exact=True)
# saga (L1, elastic-net): a loose tolerance and a cap on epochs keep a 19-value x 5-fold sweep near
# half a second. At large C on wide or polynomial data saga can stop at the cap (counted and
# reported), and its stopping rule ends fits before the weights grow as far as the penalty allows
# (also reported).
SAGA = Solver("saga", tol=1e-3, max_iter=300, step="epoch", exact=False)


# --------------------------------------------------------------------------- penalties


@dataclass(frozen=True)
class Penalty:
    """One penalty: its option label, its name in sentences, its solver and the share of L1 it is."""

    key: str
    label: str
    name: str
    solver: Solver
    l1_ratio: float | None  # None: the elastic-net control's mix

    def ratio(self, mix: float) -> float:
        """The ``l1_ratio`` this penalty stands for, given the elastic-net control's ``mix``."""
        if self.l1_ratio is not None:
            return self.l1_ratio
        if not 0.0 <= float(mix) <= 1.0:
            raise UserFacingError(f"The elastic-net l1_ratio must be between 0 and 1; got {mix!r}.")
        return round(float(mix), 4)


L2 = Penalty("l2", "L2 (ridge)", "L2", NEWTON, 0.0)
L1 = Penalty("l1", "L1 (lasso)", "L1", SAGA, 1.0)
ELASTIC_NET = Penalty("elasticnet", "Elastic-net", "Elastic-net", SAGA, None)
PENALTIES: dict[str, Penalty] = {penalty.key: penalty for penalty in (L2, L1, ELASTIC_NET)}
PENALTY_OPTIONS: dict[str, str] = labels(PENALTIES)


def l1_ratio_for(penalty: str, mix: float) -> float:
    """The ``l1_ratio`` the penalty keyed ``penalty`` stands for: L2 = 0, L1 = 1, elastic-net = ``mix``."""
    return entry(PENALTIES, penalty, "penalty").ratio(mix)


def penalty_at(l1_ratio: float) -> Penalty:
    """The penalty an ``l1_ratio`` is: L2 at 0, L1 at 1, elastic-net between."""
    return next((p for p in PENALTIES.values() if p.l1_ratio == l1_ratio), ELASTIC_NET)


def penalty_name(l1_ratio: float) -> str:
    """'L2', 'L1' or 'Elastic-net (l1_ratio 0.5)'."""
    penalty = penalty_at(l1_ratio)
    return penalty.name if penalty.l1_ratio is not None else f"{penalty.name} (l1_ratio {plain(l1_ratio)})"


def solver_for(l1_ratio: float) -> Solver:
    """newton-cholesky for pure L2 (exact and fast); saga for L1 and elastic-net, which it cannot solve."""
    return penalty_at(l1_ratio).solver


# --------------------------------------------------------------------------- scorings

ScoreFunction = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Scoring:
    """One score the curves show: its label, scikit-learn's name for it, its unit and direction,
    and how to compute it for every column of a decision matrix at once."""

    key: str
    label: str
    sklearn_name: str
    unit: str
    higher_is_better: bool
    per_column: ScoreFunction

    @property
    def metric(self) -> str:
        """The label inside a sentence: 'log loss'."""
        return self.label.lower()

    @property
    def axis_title(self) -> str:
        """'Log loss (nats, lower is better)'."""
        return f"{self.label} ({self.unit}, {'higher' if self.higher_is_better else 'lower'} is better)"

    def goodness(self, values: np.ndarray) -> np.ndarray:
        """Scores turned so that higher is always better."""
        return values if self.higher_is_better else -values


SCORINGS: dict[str, Scoring] = {
    scoring.key: scoring
    for scoring in (
        Scoring("log_loss", "Log loss", "neg_log_loss", "nats", False, log_loss_per_column),
        Scoring("accuracy", "Accuracy", "accuracy", "0–1", True, accuracy_per_column),
    )
}
SCORING_OPTIONS: dict[str, str] = labels(SCORINGS)


def scoring_of(key: str) -> Scoring:
    """The scoring keyed ``key``, or UserFacingError."""
    return entry(SCORINGS, key, "scoring")


# --------------------------------------------------------------------------- the model


def make_logreg(c: float, l1_ratio: float, seed: int, *, warm_start: bool = False) -> LogisticRegression:
    """Logistic regression with the page's penalty, solved by ``solver_for(l1_ratio)``."""
    solver = solver_for(l1_ratio)
    return LogisticRegression(
        C=c,
        l1_ratio=l1_ratio,
        solver=solver.name,
        tol=solver.tol,
        max_iter=solver.max_iter,
        warm_start=warm_start,
        random_state=seed,
    )


@contextmanager
def quiet_convergence() -> Iterator[None]:
    """Silence ConvergenceWarning: the callers count capped fits via ``n_iter_`` instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield
