"""The fraud model: L2-regularised logistic regression (scikit-learn's default objective, C = 1),
fitted by Newton's method on a window of labelled weeks, and one model per possible retraining week.

Newton's method on three parameters converges in a handful of steps; warm-started from the
previous week's model it needs two or three. Its result matches ``sklearn.linear_model.
LogisticRegression`` (tested), at a fraction of the cost, so every week's retrain is affordable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers.drift.stream import Stream

C = 1.0  # inverse regularisation strength, as LogisticRegression's default
MAX_STEPS = 50
TOLERANCE = 1e-8


def fit_logistic(x: np.ndarray, y: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """(w1, w2, b) minimising sum(log loss) + |w|^2 / (2C), the intercept unpenalised."""
    return _newton(np.column_stack([x.astype(np.float64), np.ones(len(x))]), y.astype(np.float64), start)


def _newton(design: np.ndarray, target: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """Newton's method on the design matrix (features and a column of ones)."""
    beta = np.zeros(3) if start is None else start.astype(np.float64).copy()
    penalty = np.array([1 / C, 1 / C, 0.0])
    for _ in range(MAX_STEPS):
        p = 1 / (1 + np.exp(-(design @ beta)))
        gradient = design.T @ (p - target) + penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-12 * np.eye(3), gradient)
        beta -= step
        if np.max(np.abs(step)) < TOLERANCE:
            break
    return beta


@dataclass(frozen=True)
class Models:
    """The model each deployed week t would train at its start: on the ``window`` most recent weeks
    whose labels are back (weeks t - delay - window to t - delay - 1). ``coef[t]`` is (w1, w2, b)."""

    coef: np.ndarray  # (weeks, 3)
    delay: int
    window: int


def models_for(stream: Stream, delay: int, window: int) -> Models:
    """One model per deployed week (week 0's is the launch model), on a stream already drawn."""
    coef = np.empty((stream.weeks, 3))
    first, last = stream.week(-delay - window), stream.week(stream.weeks - 1 - delay)
    design = np.concatenate([stream.x[first:last], np.ones((last - first, stream.n, 1), np.float32)], axis=2)
    target = stream.y[first:last].astype(np.float64)
    previous = None
    for t in range(stream.weeks):
        rows = slice(t, t + window)  # weeks t - delay - window .. t - delay - 1, from ``first``
        x = design[rows].reshape(-1, 3).astype(np.float64)
        previous = coef[t] = _newton(x, target[rows].reshape(-1), previous)
    return Models(coef, delay, window)


def scores(stream: Stream, coef: np.ndarray, deployed: np.ndarray) -> np.ndarray:
    """Each deployed week's log-odds under the model trained at ``deployed[w]``, shape (weeks, n)."""
    used = coef[deployed]
    x = stream.x[stream.week(0) :].astype(np.float64)
    return np.einsum("wnk,wk->wn", x, used[:, :2]) + used[:, 2:3]
