"""The leakage page's numbers against independent references: the numpy pipeline against scikit-learn's
Pipeline under cross_val_score, the folds against their rules, AUC against roc_auc_score and a brute-force
pair count, permutation importance against sklearn.inspection, and each leak's effect on tested seeds."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.inspection import permutation_importance
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler, TargetEncoder

from datasets.errors import UserFacingError
from explorers import leakage as lx
from explorers.leakage import engine
from explorers.leakage.data import ITEMS, LOG_DAYS, weights
from explorers.leakage.splits import GAP_DAYS, TRAIN, UNUSED, VALIDATION, gap_rows, roles
from explorers.leakage.training import prepared_data
from explorers.view import build
from tests.unit import properties_support as props
from ui.topic import params_of

SEEDS = (0, 1, 2)
SETTING = (8, 0.6, 0)  # rows per user, drift, seed: the page's defaults
DEFAULTS = props.defaults("leakage")


def reference_pipeline(data: lx.Prepared) -> Pipeline:
    """The honest pipeline in scikit-learn, as engine.py says it reproduces it."""
    encode = (
        []
        if data.encoded
        else [TargetEncoder(target_type="binary", cv=KFold(5, shuffle=True, random_state=0))]
    )
    numeric = (
        "passthrough"
        if data.selected
        else make_pipeline(StandardScaler(), SelectKBest(f_classif, k=engine.SELECTED))
    )
    columns = ColumnTransformer(
        [("item", make_pipeline(*encode, StandardScaler()), [0]), ("numeric", numeric, slice(1, None))]
    )
    return Pipeline(
        [("features", columns), ("model", KNeighborsClassifier(engine.NEIGHBOURS, weights="distance"))]
    )


# --------------------------------------------------------------------------- the data


def test_the_log_is_reproducible_by_seed_and_changes_with_it():
    a, b, c = lx.generate(8, 0.6, 0), lx.generate(8, 0.6, 0), lx.generate(8, 0.6, 1)
    assert np.array_equal(a.numeric, b.numeric) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.y, c.y)


@pytest.mark.parametrize("rows", [1, 3, 8, 20])
def test_every_user_has_the_asked_rows_and_production_users_are_new(rows: int):
    events = lx.generate(rows, 0.6, 0)
    assert (np.bincount(events.user) == rows).all()
    assert np.all(np.diff(events.time) >= 0), "rows are sorted by time"
    log_users, production_users = set(events.user[events.log]), set(events.user[events.production])
    assert not log_users & production_users, "production's users signed up after the log"
    assert events.time[events.log].max() < LOG_DAYS <= events.time[events.production].min()


def test_prior_purchases_is_point_in_time_and_lifetime_uses_the_future():
    events = lx.generate(8, 0.6, 3)
    prior = events.numeric[:, lx.data.PURCHASES]
    for user in np.unique(events.user)[:40]:
        rows = np.flatnonzero(events.user == user)
        y = events.y[rows]
        assert np.array_equal(prior[rows], np.r_[0, np.cumsum(y)[:-1]]), "positives strictly before"
        if events.log[rows].all():
            assert (events.lifetime_purchases[rows] == y.sum()).all()


def test_drift_turns_the_weights():
    w1, w2 = weights(np.array([0.0, 180.0]), 1.0)
    assert w1[0] == pytest.approx(lx.data.SIGNAL) and w2[0] == pytest.approx(0.0, abs=1e-12)
    assert w1[1] == pytest.approx(-lx.data.SIGNAL) and w2[1] == pytest.approx(0.0, abs=1e-9)
    still = weights(np.linspace(0, 180, 5), 0.0)
    assert np.allclose(still[0], lx.data.SIGNAL) and np.allclose(still[1], 0.0)


# --------------------------------------------------------------------------- the folds keep their rules


@pytest.mark.parametrize("seed", SEEDS)
def test_grouped_folds_never_share_a_user(seed: int):
    data = prepared_data(8, 0.6, seed, ("duplicates",))
    for train, validation in lx.folds("group", data.y.size, data.user, seed):
        assert not set(data.user[train]) & set(data.user[validation])


@pytest.mark.parametrize("seed", SEEDS)
def test_time_folds_validate_only_on_later_rows_after_a_gap(seed: int):
    data = prepared_data(8, 0.6, seed, ("duplicates",))
    made = lx.folds("time", data.y.size, data.user, seed)
    assert len(made) == lx.FOLDS
    for train, validation in made:
        assert data.time[validation].min() >= data.time[train].max(), (
            "no validation row earlier than training"
        )
        assert validation.min() - train.max() - 1 == gap_rows(data.y.size)
        assert data.time[validation].min() - data.time[train].max() > GAP_DAYS / 3


@pytest.mark.parametrize("key", ["random", "group"])
def test_k_fold_splits_validate_every_row_once(key: str):
    data = prepared_data(8, 0.6, 0, ())
    made = lx.folds(key, data.y.size, data.user, 0)
    seen = np.concatenate([validation for _, validation in made])
    assert np.array_equal(np.sort(seen), np.arange(data.y.size))
    r = roles(made, data.y.size)
    assert set(np.unique(r)) <= {TRAIN, VALIDATION, UNUSED}
    assert ((r == VALIDATION).sum(axis=0) == 1).all()


def test_random_folds_mix_users_and_days():
    data = prepared_data(8, 0.6, 0, ())
    train, validation = lx.folds("random", data.y.size, data.user, 0)[0]
    assert set(data.user[train]) & set(data.user[validation])
    assert data.time[validation].min() < data.time[train].max()


# --------------------------------------------------------------------------- the pipeline against sklearn


def test_auc_matches_sklearn_and_a_brute_force_pair_count():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    scores = np.round(rng.normal(size=300) + y, 1)  # with ties
    pos, neg = scores[y == 1], scores[y == 0]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert engine.auc(y, scores) == pytest.approx(roc_auc_score(y, scores), abs=1e-12)
    assert engine.auc(y, scores) == pytest.approx(pairs, abs=1e-12)


def test_target_encodings_match_sklearns_target_encoder():
    data = prepared_data(8, 0.6, 0, ())
    item, y = data.X[:, :1], data.y
    encoder = TargetEncoder(target_type="binary", cv=KFold(5, shuffle=True, random_state=0))
    expected = encoder.fit_transform(item, y)[:, 0]
    assert np.allclose(engine.cross_fitted(item[:, 0], y.astype(float), ITEMS), expected, atol=1e-12)
    table, mean = engine.encodings(item[:, 0], y.astype(float), ITEMS)
    codes = encoder.categories_[0].astype(int)
    assert np.allclose(table[codes], encoder.encodings_[0], atol=1e-12)
    assert mean == pytest.approx(encoder.target_mean_)


@pytest.mark.parametrize("rows", [1, 8])
def test_selection_matches_select_k_best(rows: int):
    """One row per user leaves 'Prior purchases' constant: both rank it last."""
    data = prepared_data(rows, 0.6, 1, ())
    scaled = StandardScaler().fit_transform(data.X[:, 1:])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = SelectKBest(f_classif, k=engine.SELECTED).fit(scaled, data.y)
    defined = np.isfinite(reference.scores_)
    assert (rows == 1) == (not defined.all())
    assert np.allclose(engine.f_scores(scaled, data.y)[defined], reference.scores_[defined], rtol=1e-9)
    assert np.array_equal(engine.selected(engine.f_scores(scaled, data.y)), reference.get_support())


LEAK_SETS = [(), *((key,) for key in lx.LEAKS), ("future", "duplicates", "proxy"), tuple(lx.LEAKS)]


@pytest.mark.parametrize("leaks", LEAK_SETS, ids=lambda leaks: "+".join(leaks) or "none")
@pytest.mark.parametrize("split", list(lx.SPLITS))
def test_cross_validation_matches_cross_val_score_on_sklearns_pipeline(leaks: tuple[str, ...], split: str):
    rows, drift, seed = SETTING
    ours = lx.cross_validated(rows, drift, seed, leaks, split)
    data = prepared_data(rows, drift, seed, leaks)
    made = lx.folds(split, data.y.size, data.user, seed)
    reference = cross_val_score(reference_pipeline(data), data.X, data.y, cv=made, scoring="roc_auc")
    assert np.allclose(ours.fold_aucs, reference, atol=1e-9)
    assert ours.auc == pytest.approx(reference.mean(), abs=1e-9)


@pytest.mark.parametrize("leaks", LEAK_SETS, ids=lambda leaks: "+".join(leaks) or "none")
def test_production_score_matches_sklearns_pipeline(leaks: tuple[str, ...]):
    ours = lx.production_score(*SETTING, leaks)
    data = prepared_data(*SETTING, leaks)
    model = reference_pipeline(data).fit(data.X, data.y)
    expected = roc_auc_score(data.y_production, model.predict_proba(data.X_production)[:, 1])
    assert ours.auc == pytest.approx(expected, abs=1e-9)
    assert ours.rows == data.y_production.size and ours.positives == int(data.y_production.sum())


def test_permutation_importance_agrees_with_sklearn_within_monte_carlo_error():
    data = prepared_data(*SETTING, ("proxy",))
    train, validation = lx.folds("random", data.y.size, data.user, 0)[-1]
    model = engine.fit(data.X[train], data.y[train], encoded=False, selected_before=False, categories=ITEMS)
    inputs = model.transform(data.X[validation])
    ours = engine.permutation_drops(model, inputs, data.y[validation], 20, 0)
    knn = KNeighborsClassifier(engine.NEIGHBOURS, weights="distance").fit(model.inputs, model.y)
    theirs = permutation_importance(
        knn, inputs, data.y[validation], scoring="roc_auc", n_repeats=20, random_state=0
    )
    spread = np.sqrt(ours.var(axis=1) / 20 + theirs.importances_std**2 / 20)
    assert np.all(np.abs(ours.mean(axis=1) - theirs.importances_mean) <= 4 * spread + 0.005)
    assert np.argmax(ours.mean(axis=1)) == np.argmax(theirs.importances_mean)


def test_the_leaky_feature_tops_the_importance():
    for leak, name in (("proxy", lx.leaks.PROXY_NAME), ("future", lx.leaks.LIFETIME_NAME)):
        result = lx.importance(*SETTING, (leak,), "random")
        assert result.names[0] == name
        assert lx.leaked((leak,), result.names) == {name}
    assert np.all(np.diff(result.mean) <= 0), "largest first"


# --------------------------------------------------------------------------- the lessons hold on tested seeds


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("leak", list(lx.LEAKS))
def test_each_leak_raises_the_random_split_estimate(leak: str, seed: int):
    clean = lx.cross_validated(8, 0.6, seed, (), "random").auc
    assert lx.cross_validated(8, 0.6, seed, (leak,), "random").auc > clean + 0.01


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("leak", [key for key in lx.LEAKS if key != "duplicates"])
def test_leaks_that_are_not_about_the_split_fool_every_split(leak: str, seed: int):
    for split in ("group", "time"):
        clean = lx.cross_validated(8, 0.6, seed, (), split).auc
        assert lx.cross_validated(8, 0.6, seed, (leak,), split).auc > clean, split


@pytest.mark.parametrize("seed", SEEDS)
def test_splitting_by_user_or_time_keeps_duplicates_together(seed: int):
    """Copies share a user and a timestamp: on these splits they add far less than on a random split (what
    is left is fold-to-fold noise, as the folds shift with the extra rows)."""

    def lift(split: str) -> float:
        return (
            lx.cross_validated(8, 0.6, seed, ("duplicates",), split).auc
            - lx.cross_validated(8, 0.6, seed, (), split).auc
        )

    random = lift("random")
    for split in ("group", "time"):
        assert lift(split) < random - 0.02, split
        assert abs(lift(split)) < 0.04, split


@pytest.mark.parametrize("seed", SEEDS)
def test_the_leak_free_time_split_is_close_to_production(seed: int):
    honest = lx.cross_validated(8, 0.6, seed, (), "time").auc
    production = lx.production_score(8, 0.6, seed, ()).auc
    assert abs(honest - production) <= 0.08  # production is ~800 rows of ~100 new users: AUC SE ≈ 0.02
    assert lx.cross_validated(8, 0.6, seed, (), "random").auc > production


# --------------------------------------------------------------------------- the view


def _default_view() -> lx.LeakageView:
    return build(lx.fits, lx.view, params_of(lx.Params, DEFAULTS))


def test_the_view_quotes_its_fields():
    view = _default_view()
    cards = {n.label: n for n in view.numbers}
    estimate, production = view.estimates["random"].auc, view.production.auc
    assert cards["Offline AUC (random K-fold)"].value == f"{estimate:.2f}"
    assert cards["Production AUC"].value == f"{production:.2f}"
    assert cards["Optimism gap"].value == f"{estimate - production:+.2f}"
    assert view.gap == pytest.approx(estimate - production)
    assert cards["Honest estimate (time split, no leaks)"].value == f"{view.clean['time'].auc:.2f}"
    assert view.notice[0].startswith(
        f"With a random K-fold split the cross-validated AUC was {estimate:.2f}, but production gave "
        f"{production:.2f}"
    )
    assert estimate > 0.9 and estimate - production > 0.2, "the page's default answers its question"


def test_the_leak_table_adds_up():
    view = _default_view()
    clean = view.clean_row
    for row, cells in zip(view.rows, view.table.rows[1:-1], strict=True):
        assert cells[0] == lx.LEAKS[row.key].short
        alone = lx.cross_validated(*SETTING, (row.key,), "random").auc
        assert cells[1] == f"{alone:.3f}"
        assert float(cells[4]) == pytest.approx(round(row.gap - clean.gap, 3), abs=1e-9)
    assert view.table.rows[-1][0].startswith("Chance")


def test_reading_the_fold_changes_only_the_timeline():
    params = params_of(lx.Params, DEFAULTS)
    moved = params_of(lx.Params, {**DEFAULTS, "fold": 1})
    assert lx.fits(params) == lx.fits(moved)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"split": "sideways"}, "split strategy"),
        ({"leaks": ("telepathy",)}, "leak"),
        ({"rows_per_user": 0}, "Rows per user"),
        ({"drift": 3.0}, "Drift"),
    ],
)
def test_bad_input_is_one_clear_sentence(values: dict, words: str):
    with pytest.raises(UserFacingError, match=words):
        build(lx.fits, lx.view, params_of(lx.Params, {**DEFAULTS, **values}))


def test_leak_order_does_not_change_the_work():
    a = lx.fits(params_of(lx.Params, {**DEFAULTS, "leaks": ("proxy", "future")}))
    b = lx.fits(params_of(lx.Params, {**DEFAULTS, "leaks": ("future", "proxy")}))
    assert a == b
    assert list(itertools.chain(lx.normalised(("proxy", "future")))) == ["future", "proxy"]
