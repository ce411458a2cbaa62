"""Ranking page: every metric against scikit-learn or a brute-force definition, the click simulator
against its model (click-through by position, with a statistical tolerance), and IPS against the
quantity it estimates (Monte Carlo over fresh click draws on the tested seeds)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.stats import rankdata
from sklearn.metrics import (
    average_precision_score,
    dcg_score,
    label_ranking_average_precision_score,
    ndcg_score,
    roc_auc_score,
)

from explorers import ranking as rx
from explorers.ranking import measures as m
from explorers.ranking import reading as rd
from explorers.ranking import simulation as sim
from explorers.view import build

RNG = np.random.default_rng(7)


def _lists(rows: int = 60, n: int = 12, grades: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Random graded labels and continuous scores, a few lists with no positive label."""
    labels = RNG.integers(0, grades, size=(rows, n)).astype(float)
    labels[:3] = 0.0
    scores = labels + RNG.normal(0, 1.5, size=(rows, n))
    return labels, scores


# --------------------------------------------------------------------------- metrics


@pytest.mark.parametrize("k", [1, 3, 5, 12])
def test_ndcg_matches_sklearn_per_list(k: int):
    labels, scores = _lists()
    ours = m.ndcg_curve(m.in_rank_order(labels, scores), m.ideal_order(labels))[:, k - 1]
    for row in range(labels.shape[0]):
        if labels[row].sum() == 0:
            assert math.isnan(ours[row])
        else:
            ref = ndcg_score(labels[row : row + 1], scores[row : row + 1], k=k)
            assert ours[row] == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize("k", [1, 4, 10, 20])
def test_pooled_ndcg_is_total_dcg_over_total_ideal_dcg(k: int):
    s = sim.simulate(1.0, 0.6, 20, 3)
    gains = s.relevance.astype(float)
    ours = rd.pooled_ndcg(gains, s.orders["b"], k)[:, -1]
    for draw in range(sim.REPEATS):
        y, score = gains[draw], s.scores["b"][draw]
        dcg = sum(dcg_score(y[q : q + 1], score[q : q + 1], k=k) for q in range(sim.QUERIES))
        ideal = sum(dcg_score(y[q : q + 1], y[q : q + 1], k=k) for q in range(sim.QUERIES))
        assert ours[draw] == pytest.approx(dcg / ideal, rel=1e-10)
    every = rd.pooled_ndcg(gains, s.orders["b"])
    assert np.allclose(every[:, k - 1], ours, rtol=1e-12)


def test_the_gap_is_the_difference_of_pooled_ndcg():
    s = sim.simulate(0.7, 1.3, 15, 4)
    gains = sim.clicks(s, 1.2) * sim.ips_weights(s, 1.2, 5.0)
    for k in (1, 7, 15):
        expected = (
            rd.pooled_ndcg(gains, s.orders["b"], k)[:, -1] - rd.pooled_ndcg(gains, s.orders["a"], k)[:, -1]
        )
        assert np.allclose(rd._gap(gains, rd._top_items(s, k)), expected, rtol=1e-10, atol=1e-12)
        clicked = sim.clicks(s, 0.8)
        raw = (
            rd.pooled_ndcg(clicked, s.orders["b"], k)[:, -1]
            - rd.pooled_ndcg(clicked, s.orders["a"], k)[:, -1]
        )
        assert np.allclose(rd._gap(clicked, rd._top_items(s, k), binary=True), raw, rtol=1e-10, atol=1e-12)


def _brute_ap_at_k(y: np.ndarray, score: np.ndarray, k: int) -> float:
    ranked = y[np.argsort(-score, kind="stable")]
    relevant = ranked.sum()
    if relevant == 0:
        return math.nan
    total = sum(ranked[: i + 1].sum() / (i + 1) for i in range(k) if ranked[i])
    return total / min(k, relevant)


@pytest.mark.parametrize("k", [1, 3, 8, 12])
def test_average_precision_at_k_matches_its_definition_and_sklearn_at_full_length(k: int):
    labels, scores = _lists()
    y = (labels >= 2).astype(float)
    ours = m.average_precision_curve(m.in_rank_order(y, scores))
    for row in range(y.shape[0]):
        brute = _brute_ap_at_k(y[row], scores[row], k)
        assert (math.isnan(brute) and math.isnan(ours[row, k - 1])) or ours[row, k - 1] == pytest.approx(
            brute
        )
        if y[row].sum() > 0:
            full = average_precision_score(y[row], scores[row])
            assert ours[row, -1] == pytest.approx(full, abs=1e-12)


def test_reciprocal_rank_matches_brute_force_and_sklearn_with_one_relevant_item():
    labels, scores = _lists()
    y = (labels >= 3).astype(float)
    ours = m.reciprocal_rank(m.in_rank_order(y, scores))
    for row in range(y.shape[0]):
        order = np.argsort(-scores[row])
        hits = [rank for rank, item in enumerate(order, 1) if y[row, item]]
        assert (not hits and math.isnan(ours[row])) or ours[row] == pytest.approx(1 / hits[0])
    one = np.zeros_like(y)
    one[np.arange(y.shape[0]), RNG.integers(0, y.shape[1], y.shape[0])] = 1
    mrr = np.mean(m.reciprocal_rank(m.in_rank_order(one, scores)))
    assert mrr == pytest.approx(label_ranking_average_precision_score(one, scores), abs=1e-12)


@pytest.mark.parametrize("k", [1, 5, 12])
def test_precision_and_recall_at_k_count_the_top_k(k: int):
    labels, scores = _lists()
    y = (labels >= 2).astype(float)
    p = m.precision_curve(m.in_rank_order(y, scores))[:, k - 1]
    r = m.recall_curve(m.in_rank_order(y, scores))[:, k - 1]
    for row in range(y.shape[0]):
        top = np.argsort(-scores[row])[:k]
        assert p[row] == pytest.approx(y[row, top].sum() / k)
        if y[row].sum() == 0:
            assert math.isnan(r[row])
        else:
            assert r[row] == pytest.approx(y[row, top].sum() / y[row].sum())


def test_pooled_auc_matches_sklearn_and_counts_ties_half():
    y = (RNG.random((4, 30, 10)) < 0.3).astype(float)
    scores = np.round(RNG.normal(size=(4, 30, 10)), 1)  # many ties
    ours = m.pooled_auc(y, scores)
    for draw in range(4):
        assert ours[draw] == pytest.approx(roc_auc_score(y[draw].ravel(), scores[draw].ravel()), abs=1e-12)
    assert math.isnan(m.pooled_auc(np.zeros((1, 3, 4)), scores[:1, :3, :4])[0])


def test_positions_orders_and_ranks_follow_the_scores():
    s = sim.simulate(1.0, 0.6, 12, 1)
    expected = rankdata(-s.scores["a"], axis=-1, method="ordinal")
    assert np.array_equal(s.position_a, expected)
    for r in ("a", "b", "random"):
        ranked = sim.gather(s.scores[r], s.orders[r])
        assert np.array_equal(ranked, -np.sort(-s.scores[r], axis=-1))
        assert np.allclose(s.pooled_ranks[r], rankdata(s.scores[r].reshape(sim.REPEATS, -1), axis=-1))


def test_mean_per_draw_skips_lists_without_a_value():
    values = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan]])
    out = m.mean_per_draw(values)
    assert out[0] == 2.0 and math.isnan(out[1])


# --------------------------------------------------------------------------- the click model


@pytest.mark.parametrize("eta", [0.0, 0.6, 1.0, 2.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_click_through_by_position_matches_the_model(eta: float, seed: int):
    """Per position, clicks over 800 lists are within 4.5 binomial standard errors of
    P(examined at r) x P(click | seen, grade), the model's expectation given the drawn grades."""
    s = sim.simulate(1.0, 0.6, 20, seed)
    clicks = sim.clicks(s, eta)
    expected_each = sim.examination(s.position_a, eta) * sim.click_if_seen(s.relevance)
    for position in range(1, s.n_items + 1):
        at = s.position_a == position
        p = expected_each[at]
        observed, expected = clicks[at].sum(), p.sum()
        se = math.sqrt((p * (1 - p)).sum())
        assert abs(observed - expected) <= 4.5 * se + 1e-9, (position, observed, expected, se)


def test_the_readings_click_through_is_the_model_averaged_over_positions():
    s = sim.simulate(1.0, 0.6, 20, 0)
    r = rd.read(s, source="clicks", k=10, eta=1.3, clip=10.0)
    by_hand = np.array([sim.clicks(s, 1.3)[s.position_a == p].mean() for p in range(1, 21)])
    assert np.allclose(r.ctr_observed, by_hand, atol=1e-12)
    seen = np.array([sim.click_if_seen(s.relevance)[s.position_a == p].mean() for p in range(1, 21)])
    assert np.allclose(r.ctr_if_seen, seen, atol=1e-12)
    assert np.allclose(r.ctr_expected, np.arange(1, 21) ** -1.3 * seen, atol=1e-12)
    assert r.ctr_observed[0] > r.ctr_observed[-1]


def _fresh_clicks(s: sim.Sessions, rng: np.random.Generator) -> sim.Sessions:
    return dataclasses.replace(s, u_examine=rng.random(s.shape), u_click=rng.random(s.shape))


def _dcg_total(gains: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Total DCG@k over every list, ranking each by ``scores`` (independently of the explorer)."""
    order = np.argsort(-scores, axis=-1)[..., :k]
    d = 1.0 / np.log2(np.arange(2, k + 2))
    return float((np.take_along_axis(gains, order, axis=-1) * d).sum())


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("eta", [0.5, 1.0, 2.0])
def test_ips_is_unbiased_for_dcg_under_the_simulator(seed: int, eta: float):
    """Unclipped IPS-weighted clicks estimate DCG@k with gains P(click | seen): over 300 fresh click
    draws the mean is within 4 standard errors of the truth, for both rankers; raw clicks are not."""
    s = sim.simulate(1.0, 0.6, 20, seed)
    rng = np.random.default_rng(100 + seed)
    k = 10
    truth = {r: _dcg_total(sim.click_if_seen(s.relevance), s.scores[r], k) for r in ("a", "b")}
    estimates = {"a": [], "b": []}
    for _ in range(300):
        fresh = _fresh_clicks(s, rng)
        weighted = sim.clicks(fresh, eta) * sim.ips_weights(fresh, eta, None)
        for r in ("a", "b"):
            estimates[r].append(_dcg_total(weighted, s.scores[r], k))
    for r in ("a", "b"):
        values = np.array(estimates[r])
        se = values.std(ddof=1) / math.sqrt(values.size)
        assert abs(values.mean() - truth[r]) <= 4 * se, (r, values.mean(), truth[r], se)
    raw = _dcg_total(sim.clicks(s, eta), s.scores["b"], k)
    assert raw < truth["b"] * 0.8, "raw clicks under-count what B puts on top"


def test_clipping_biases_ips_downwards():
    s = sim.simulate(1.0, 0.6, 20, 0)
    rng = np.random.default_rng(5)
    truth = _dcg_total(sim.click_if_seen(s.relevance), s.scores["b"], 10)
    values = []
    for _ in range(200):
        fresh = _fresh_clicks(s, rng)
        values.append(
            _dcg_total(sim.clicks(fresh, 2.0) * sim.ips_weights(fresh, 2.0, 2.0), s.scores["b"], 10)
        )
    se = np.std(values, ddof=1) / math.sqrt(len(values))
    assert np.mean(values) < truth - 4 * se


def test_ips_weights_are_clipped_inverse_propensities():
    s = sim.simulate(1.0, 0.6, 20, 0)
    w = sim.ips_weights(s, 1.5, None)
    assert np.allclose(w, s.position_a.astype(float) ** 1.5)
    assert np.allclose(sim.ips_weights(s, 1.5, 10.0), np.minimum(w, 10.0))
    assert np.array_equal(sim.clicks(s, 0.0) > 0, s.u_click < sim.click_if_seen(s.relevance))


# --------------------------------------------------------------------------- the page's reading


def test_default_table_matches_independent_references():
    """The table's nDCG (pooled, via dcg_score), AUC (roc_auc_score) and MRR at the defaults."""
    s = sim.simulate(1.0, 0.6, 20, 0)
    r = rd.read(s, source="relevance", k=10, eta=1.0, clip=10.0)
    y = (s.relevance >= 2).astype(float)
    for ranker in ("a", "b", "random"):
        score = s.scores[ranker]
        aucs = [roc_auc_score(y[d].ravel(), score[d].ravel()) for d in range(sim.REPEATS)]
        stat = r.table["auc"][ranker]
        assert stat.mean == pytest.approx(np.mean(aucs), abs=1e-12)
        assert stat.sd == pytest.approx(np.std(aucs, ddof=1), abs=1e-12)
        ndcgs = []
        for d in range(sim.REPEATS):
            g = s.relevance[d].astype(float)
            top = sum(dcg_score(g[q : q + 1], score[d, q : q + 1], k=10) for q in range(sim.QUERIES))
            ideal = sum(dcg_score(g[q : q + 1], g[q : q + 1], k=10) for q in range(sim.QUERIES))
            ndcgs.append(top / ideal)
        assert r.table["ndcg"][ranker].mean == pytest.approx(np.mean(ndcgs), rel=1e-10)


def test_the_trap_at_the_defaults():
    """Raw clicks logged under A prefer A, relevance labels and IPS prefer B; raw clicks drift to A as
    eta grows, and relevance labels do not move."""
    view = build(rx.fits, rx.view, rx.Params(1.0, 0.6, 20, 0, 1.0, "relevance", 5, 10.0))
    r = view.reading
    assert r.gaps["relevance"].mean > 0 and r.gaps["ips"].mean > 0 > r.gaps["clicks"].mean
    assert r.sweep["clicks"][0] > 0 > r.sweep["clicks"][-1]
    assert np.ptp(r.sweep["relevance"]) == 0
    assert r.flip_eta is not None and 0 < r.flip_eta <= 1.0
    assert r.clip_gaps[0].mean == pytest.approx(r.gaps["clicks"].mean)  # clip 1: raw clicks
    assert r.clip_gaps[rx.CLIP_GRID.index(10.0)].mean == r.gaps["ips"].mean


def test_eta_zero_makes_ips_equal_to_raw_clicks():
    s = sim.simulate(1.0, 0.6, 20, 2)
    r = rd.read(s, source="ips", k=5, eta=0.0, clip=None)
    assert r.gaps["ips"].mean == pytest.approx(r.gaps["clicks"].mean, abs=1e-12)
    assert r.largest_weight == 1.0


def test_k_beyond_the_list_is_capped_with_a_message():
    view = build(rx.fits, rx.view, rx.Params(1.0, 0.6, 8, 0, 1.0, "relevance", 30, 10.0))
    assert view.reading.k == 8
    assert any("more than the 8 items" in message.text for message in view.messages)


def test_bad_settings_give_one_clear_sentence():
    from datasets.errors import UserFacingError

    with pytest.raises(UserFacingError, match="Items per list"):
        sim.simulate(1.0, 1.0, 2, 0)
    with pytest.raises(UserFacingError, match="noise"):
        sim.simulate(float("nan"), 1.0, 10, 0)
    s = sim.simulate(1.0, 1.0, 10, 0)
    with pytest.raises(UserFacingError, match="label source"):
        rx.view(rx.Params(1.0, 1.0, 10, 0, 1.0, "bogus", 5, 10.0), {"sessions": s})


def test_a_noise_free_ranker_is_the_ideal_ranking():
    """With no noise A sorts by true relevance: nDCG@k = 1 at every k; B, blind to bad vs fair, is not."""
    view = build(rx.fits, rx.view, rx.Params(0.0, 0.0, 20, 0, 1.0, "relevance", 5, 10.0))
    r = view.reading
    assert np.allclose(r.k_curves["a"], 1.0)
    assert r.table["ndcg"]["a"].mean == pytest.approx(1.0) and r.table["ndcg"]["a"].sd == pytest.approx(0.0)
    assert r.table["mrr"]["a"].mean == pytest.approx(1.0)
    assert r.k_curves["b"][-1] < 1.0
    assert view.numbers[0].value.startswith("A by")
