"""Regularization strength: how a penalty on the weights trades bias for variance, and how to pick it.

Pure Python (no Streamlit). Logistic regression with an L2, L1 or elastic-net penalty, all through
``l1_ratio``, on standardised features (the scaler is fitted inside every fold); see ``penalties``
for the solvers. One cached study per (dataset, injected features, polynomial degree, l1_ratio,
training size, seed) sweeps the whole grid of C once: CV train and validation scores, the coefficient
path on the whole training set, held-out test scores and learning curves (``study``); moving C only
reads that study (``readings``, ``figures``, ``sentences``, ``view``).
"""

from explorers.regularization.penalties import (
    C_GRID,
    DEFAULT_C,
    NEWTON,
    PENALTIES,
    SAGA,
    SCORINGS,
    grid_index,
    l1_ratio_for,
    make_logreg,
    make_pipeline,
    penalty_at,
    penalty_name,
    quiet_convergence,
    scoring_of,
    solver_for,
)
from explorers.regularization.problem import (
    MAX_DEGREE,
    MAX_DUPLICATES,
    MAX_NOISE,
    MAX_TRAIN,
    MIN_TRAIN,
    N_FOLDS,
    Design,
    Problem,
    applicable_design,
    build_problem,
    cv_folds,
    inject_features,
    polynomial_features,
)
from explorers.regularization.readings import (
    clearly_worse,
    grid_scores,
    mean_abs_coef,
    sparsity,
    zones,
)
from explorers.regularization.study import (
    MIN_LEARNING_ROWS,
    Scores,
    Study,
    coefficient_path,
    cv_scores,
    learning_sizes,
    run_study,
    sklearn_choice,
)
from explorers.regularization.text import HELP, INTERVIEW, TEXT
from explorers.regularization.view import Params, RegularizationView, fits, view, view_at

__all__ = [
    "C_GRID",
    "DEFAULT_C",
    "HELP",
    "INTERVIEW",
    "MAX_DEGREE",
    "MAX_DUPLICATES",
    "MAX_NOISE",
    "MAX_TRAIN",
    "MIN_LEARNING_ROWS",
    "MIN_TRAIN",
    "NEWTON",
    "N_FOLDS",
    "PENALTIES",
    "SAGA",
    "SCORINGS",
    "TEXT",
    "Design",
    "Params",
    "Problem",
    "RegularizationView",
    "Scores",
    "Study",
    "applicable_design",
    "build_problem",
    "clearly_worse",
    "coefficient_path",
    "cv_folds",
    "cv_scores",
    "fits",
    "grid_index",
    "grid_scores",
    "inject_features",
    "l1_ratio_for",
    "learning_sizes",
    "make_logreg",
    "make_pipeline",
    "mean_abs_coef",
    "penalty_at",
    "penalty_name",
    "polynomial_features",
    "quiet_convergence",
    "run_study",
    "scoring_of",
    "sklearn_choice",
    "solver_for",
    "sparsity",
    "view",
    "view_at",
    "zones",
]
