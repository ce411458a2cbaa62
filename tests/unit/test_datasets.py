"""Unit tests for the dataset registry: exact class counts, determinism, label noise, tabular data, splits."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits

from datasets import (
    REGISTRY,
    SYNTHETIC_KEYS,
    TABULAR_KEYS,
    Dataset,
    DatasetError,
    load,
    split,
    synthetic,
)
from datasets.errors import UserFacingError


def _sorted_rows(features: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Rows of [features | y] in lexicographic order, to compare datasets as multisets of labelled rows."""
    table = np.column_stack([features, y])
    return table[np.lexsort(table.T[::-1])]


def _assert_well_formed(ds: Dataset, n: int, d: int) -> None:
    assert ds.X.shape == (n, d)
    assert ds.y.shape == (n,)
    assert ds.X.dtype == np.float64
    assert ds.y.dtype == np.int64
    assert np.isfinite(ds.X).all()
    assert set(np.unique(ds.y)) <= {0, 1}
    assert len(ds.feature_names) == d
    assert ds.n_samples == n


# --- synthetic: counts, shapes, geometry -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "n", "fraction", "expected_pos"),
    [
        ("moons", 1000, 0.5, 500),
        ("circles", 2000, 0.01, 20),
        ("linear", 333, 0.3, 100),
        ("xor", 157, 0.2, 31),
        ("blobs", 20, 0.05, 1),
        ("moons", 20_000, 0.99, 19_800),
        ("circles", 999, 0.999, 998),
    ],
)
def test_synthetic_exact_class_counts(key, n, fraction, expected_pos):
    ds = load(key, n_samples=n, positive_fraction=fraction, seed=4)
    _assert_well_formed(ds, n, 2)
    assert ds.feature_names == ("x1", "x2")
    assert ds.n_positive == expected_pos
    assert int((ds.y == 0).sum()) == n - expected_pos
    assert ds.positive_fraction == pytest.approx(expected_pos / n)


@pytest.mark.parametrize("key", SYNTHETIC_KEYS)
def test_synthetic_defaults_are_1000_balanced_rows(key):
    ds = load(key)
    _assert_well_formed(ds, 1000, 2)
    assert ds.n_positive == 500
    assert ds.info is REGISTRY[key]


@pytest.mark.parametrize("key", SYNTHETIC_KEYS)
def test_synthetic_rows_are_shuffled(key):
    y = load(key, seed=0).y
    # Generators emit negatives then positives; after shuffling both classes appear in the first 100 rows.
    assert 0 < y[:100].sum() < 100


def _generated(key: str, noise: float, n: int = 1000, seed: int = 0) -> Dataset:
    """The registry's 2-D generator ``key`` at ``noise``, half positives (what ``load`` calls)."""
    features, y = synthetic.GENERATORS[key](n // 2, n - n // 2, noise, np.random.default_rng(seed))
    return Dataset(REGISTRY[key], features, y, synthetic.FEATURE_NAMES)


def test_noise_free_geometry_matches_each_generator():
    circles = _generated("circles", 0.0)
    radius = np.linalg.norm(circles.X, axis=1)
    np.testing.assert_allclose(radius[circles.y == 1], 0.5)
    np.testing.assert_allclose(radius[circles.y == 0], 1.0)

    moons = _generated("moons", 0.0)
    upper = np.linalg.norm(moons.X[moons.y == 0], axis=1)
    lower = np.linalg.norm(moons.X[moons.y == 1] - [1.0, 0.5], axis=1)
    np.testing.assert_allclose(upper, 1.0)
    np.testing.assert_allclose(lower, 1.0)

    linear = _generated("linear", 0.0)
    along = linear.X @ np.array([1.0, 1.0]) / math.sqrt(2)
    np.testing.assert_allclose(along, np.where(linear.y == 1, 1.0, -1.0))

    xor = _generated("xor", 0.0)
    assert np.all(np.abs(xor.X) <= 1.0)
    np.testing.assert_array_equal(xor.X[:, 0] * xor.X[:, 1] > 0, xor.y == 1)

    blobs = _generated("blobs", 0.0)
    np.testing.assert_allclose(blobs.X[blobs.y == 1], np.tile([1.5, 1.0], (500, 1)))
    np.testing.assert_allclose(blobs.X[blobs.y == 0], 0.0)


@pytest.mark.parametrize("key", SYNTHETIC_KEYS)
def test_noise_changes_the_data(key):
    quiet = _generated(key, 0.05, seed=1)
    loud = _generated(key, 0.5, seed=1)
    assert not np.allclose(quiet.X, loud.X)


def test_xor_noise_blurs_the_boundary_but_stays_learnable():
    ds = _generated("xor", 0.2, n=4000)
    agree = np.mean((ds.X[:, 0] * ds.X[:, 1] > 0) == (ds.y == 1))
    assert 0.75 < agree < 0.99


# --- determinism --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(REGISTRY))
def test_same_seed_same_data_other_seed_other_data(key):
    a = load(key, n_samples=300, seed=7)
    b = load(key, n_samples=300, seed=7)
    c = load(key, n_samples=300, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


# --- tabular ------------------------------------------------------------------------------------------


def test_breast_cancer_matches_sklearn_with_malignant_positive():
    bunch = load_breast_cancer()
    ds = load("breast_cancer")
    _assert_well_formed(ds, 569, 30)
    assert ds.n_positive == int((bunch.target == 0).sum()) == 212
    assert ds.feature_names == tuple(bunch.feature_names)
    expected = _sorted_rows(bunch.data, 1 - bunch.target)
    np.testing.assert_array_equal(_sorted_rows(ds.X, ds.y), expected)


def test_diabetes_positive_is_progression_above_75th_percentile():
    bunch = load_diabetes()
    fast = bunch.target > np.percentile(bunch.target, 75)
    ds = load("diabetes")
    _assert_well_formed(ds, 442, 10)
    assert ds.n_positive == int(fast.sum()) == 111
    np.testing.assert_array_equal(_sorted_rows(ds.X, ds.y), _sorted_rows(bunch.data, fast))
    assert "75th percentile" in REGISTRY["diabetes"].description


def test_digits_positive_is_nine():
    bunch = load_digits()
    ds = load("digits")
    _assert_well_formed(ds, 1797, 64)
    assert ds.n_positive == int((bunch.target == 9).sum()) == 180
    np.testing.assert_array_equal(_sorted_rows(ds.X, ds.y), _sorted_rows(bunch.data, bunch.target == 9))


def test_tabular_cap_is_a_stratified_subsample_of_real_rows():
    bunch = load_breast_cancer()
    ds = load("breast_cancer", n_samples=200, seed=2)
    _assert_well_formed(ds, 200, 30)
    assert abs(ds.positive_fraction - 212 / 569) <= 1 / 200
    originals = {row.tobytes(): 1 - t for row, t in zip(bunch.data, bunch.target, strict=True)}
    assert all(originals[row.tobytes()] == label for row, label in zip(ds.X, ds.y, strict=True))
    assert len({row.tobytes() for row in ds.X}) == 200


def test_tabular_cap_above_row_count_uses_all_rows():
    assert load("diabetes", n_samples=20_000).n_samples == 442


@pytest.mark.parametrize(
    ("key", "fraction"),
    [
        ("breast_cancer", 0.5),
        ("breast_cancer", 0.1),
        ("breast_cancer", 0.9),
        ("diabetes", 0.5),
        ("digits", 0.5),
        ("digits", 0.02),
    ],
)
def test_tabular_resampling_hits_fraction_and_keeps_a_whole_class(key, fraction):
    natural = load(key)
    all_pos, all_neg = natural.n_positive, natural.n_samples - natural.n_positive
    ds = load(key, positive_fraction=fraction, seed=1)
    assert abs(ds.positive_fraction - fraction) <= 1 / ds.n_samples
    n_neg = ds.n_samples - ds.n_positive
    assert ds.n_positive <= all_pos
    assert n_neg <= all_neg
    # Maximum rows: the limiting class is used in full.
    assert ds.n_positive == all_pos or n_neg == all_neg


def test_tabular_resampling_with_cap():
    ds = load("digits", n_samples=500, positive_fraction=0.3, seed=9)
    assert ds.n_samples == 500
    assert ds.n_positive == 150


# --- registry -----------------------------------------------------------------------------------------


def test_registry_order_and_key_groups():
    assert SYNTHETIC_KEYS == ("moons", "circles", "linear", "xor", "blobs")
    assert TABULAR_KEYS == ("breast_cancer", "diabetes", "digits")
    assert tuple(REGISTRY) == SYNTHETIC_KEYS + TABULAR_KEYS
    assert all(REGISTRY[key].kind == "synthetic" for key in SYNTHETIC_KEYS)
    assert all(REGISTRY[key].kind == "tabular" for key in TABULAR_KEYS)
    assert all(info.key == key for key, info in REGISTRY.items())


def test_the_registry_names_no_page():
    """Which page a dataset suits follows from its kind and the page's picker, not from the data."""
    assert all(not hasattr(info, "suits") for info in REGISTRY.values())


@pytest.mark.parametrize("key", list(REGISTRY))
def test_registry_info_matches_loaded_data(key):
    info = REGISTRY[key]
    ds = load(key)
    assert info.n_features == ds.X.shape[1] == len(ds.feature_names)
    assert info.positive_label
    assert info.negative_label
    assert info.positive_label != info.negative_label
    if info.kind == "tabular":
        assert info.n_rows == ds.n_samples
        assert info.natural_positive_fraction == pytest.approx(ds.positive_fraction)
    else:
        assert info.n_rows is None
        assert info.natural_positive_fraction is None


# --- errors -------------------------------------------------------------------------------------------


def _raises(key: str, words: tuple[str, ...], **kwargs) -> str:
    with pytest.raises(DatasetError) as excinfo:
        load(key, **kwargs)
    assert isinstance(excinfo.value, UserFacingError)
    message = str(excinfo.value)
    for word in words:
        assert word in message
    return message


@pytest.mark.parametrize(
    ("key", "kwargs", "words"),
    [
        ("nope", {}, ("Unknown dataset", "moons", "digits")),
        ("moons", {"n_samples": 19}, ("20", "20,000", "19")),
        ("moons", {"n_samples": 20_001}, ("20,000",)),
        ("breast_cancer", {"n_samples": 5}, ("20",)),
        ("moons", {"positive_fraction": 0.0}, ("strictly between 0 and 1",)),
        ("moons", {"positive_fraction": 1.0}, ("strictly between 0 and 1",)),
        ("digits", {"positive_fraction": -0.2}, ("strictly between 0 and 1",)),
        ("moons", {"positive_fraction": float("nan")}, ("strictly between 0 and 1",)),
        ("moons", {"seed": -1}, ("seed",)),
        ("digits", {"positive_fraction": 0.0001}, ("no positive", "larger positive fraction")),
        ("breast_cancer", {"positive_fraction": 0.999}, ("no negative", "smaller positive fraction")),
        ("moons", {"positive_fraction": 1e-7}, ("no positive", "larger positive fraction")),
    ],
)
def test_invalid_requests_raise_helpful_errors(key, kwargs, words):
    _raises(key, words, **kwargs)


@pytest.mark.parametrize(
    ("key", "fraction", "empty"),
    [("moons", 0.001, "positive"), ("blobs", 0.999, "negative"), ("digits", 0.001, "positive")],
)
def test_empty_class_error_suggests_the_minimum_sample_size(key, fraction, empty):
    message = _raises(key, (f"no {empty} samples", "100 samples"), n_samples=100, positive_fraction=fraction)
    match = re.search(r"at least ([\d,]+) samples", message)
    assert match is not None
    needed = int(match.group(1).replace(",", ""))
    ok = load(key, n_samples=needed, positive_fraction=fraction)
    assert 0 < ok.n_positive < ok.n_samples
    with pytest.raises(DatasetError):
        load(key, n_samples=needed - 1, positive_fraction=fraction)


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, UserFacingError)
    assert issubclass(DatasetError, ValueError)


# --- split --------------------------------------------------------------------------------------------


def test_split_partitions_the_data_with_stratified_parts():
    ds = load("moons", n_samples=1000, positive_fraction=0.2, seed=1)
    parts = split(ds, test_fraction=0.25, val_fraction=0.2, seed=3)
    sizes = [parts.y_train.size, parts.y_val.size, parts.y_test.size]
    assert sum(sizes) == 1000
    assert parts.y_test.size == 250
    assert parts.y_val.size == 200
    for features, y in (
        (parts.X_train, parts.y_train),
        (parts.X_val, parts.y_val),
        (parts.X_test, parts.y_test),
    ):
        assert features.shape == (y.size, 2)
        assert y.dtype == np.int64
        assert abs(int(y.sum()) - 0.2 * y.size) <= 1
    stacked = np.vstack([parts.X_train, parts.X_val, parts.X_test])
    y_all = np.concatenate([parts.y_train, parts.y_val, parts.y_test])
    np.testing.assert_array_equal(_sorted_rows(stacked, y_all), _sorted_rows(ds.X, ds.y))
    assert len({row.tobytes() for row in stacked}) == 1000


def test_split_without_validation_has_empty_val_part():
    ds = load("breast_cancer")
    parts = split(ds)
    assert parts.X_val.shape == (0, 30)
    assert parts.y_val.shape == (0,)
    assert parts.y_train.size + parts.y_test.size == 569
    assert parts.y_test.size == math.ceil(0.25 * 569)
    for y in (parts.y_train, parts.y_test):
        assert abs(int(y.sum()) - 212 / 569 * y.size) <= 1


def test_split_is_deterministic_by_seed():
    ds = load("digits")
    a, b, c = split(ds, seed=1), split(ds, seed=1), split(ds, seed=2)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    np.testing.assert_array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.X_test, c.X_test)


@pytest.mark.parametrize(
    ("test_fraction", "val_fraction", "word"),
    [
        (0.0, 0.0, "test fraction"),
        (1.0, 0.0, "test fraction"),
        (0.2, -0.1, "validation fraction"),
        (0.5, 0.5, "add up"),
        (0.7, 0.4, "add up"),
    ],
)
def test_split_rejects_bad_fractions(test_fraction, val_fraction, word):
    ds = load("moons")
    with pytest.raises(DatasetError, match=word):
        split(ds, test_fraction=test_fraction, val_fraction=val_fraction)


def test_split_rejects_parts_with_too_few_positives():
    ds = load("moons", n_samples=40, positive_fraction=0.1)  # 4 positives: the test part gets 1
    with pytest.raises(DatasetError) as excinfo:
        split(ds, test_fraction=0.25)
    message = str(excinfo.value)
    assert isinstance(excinfo.value, UserFacingError)
    assert "4 positive samples" in message
    assert "larger sample size" in message
    assert "test set" in message


def test_split_too_few_to_stratify_at_all():
    ds = load("moons", n_samples=20, positive_fraction=0.05)  # a single positive
    with pytest.raises(DatasetError, match="1 positive sample"):
        split(ds)


def test_split_rejects_parts_with_too_few_negatives():
    ds = load("moons", n_samples=40, positive_fraction=0.9)
    with pytest.raises(DatasetError, match="negative") as excinfo:
        split(ds)
    assert "smaller positive fraction" in str(excinfo.value)


def test_split_checks_validation_part_and_honours_min_per_class():
    ds = load("moons", n_samples=200, positive_fraction=0.05)  # 10 positives
    parts = split(ds, test_fraction=0.2, val_fraction=0.2, min_per_class=2)
    assert parts.y_val.sum() >= 2
    with pytest.raises(DatasetError, match=r"(validation|test) set"):
        split(ds, test_fraction=0.2, val_fraction=0.2, min_per_class=3)


# --- property test ------------------------------------------------------------------------------------


@st.composite
def _requests(draw: st.DrawFn) -> tuple[str, int, float, int]:
    key = draw(st.sampled_from(SYNTHETIC_KEYS))
    n = draw(st.integers(min_value=20, max_value=3000))
    fraction = draw(st.floats(min_value=1 / n, max_value=1 - 1 / n))
    seed = draw(st.integers(min_value=0, max_value=2**32))
    return key, n, fraction, seed


@settings(max_examples=40, deadline=None, database=None)
@given(_requests())
def test_property_exact_counts_and_finite_features(request_):
    key, n, fraction, seed = request_
    ds = load(key, n_samples=n, positive_fraction=fraction, seed=seed)
    _assert_well_formed(ds, n, 2)
    assert ds.n_positive == round(n * fraction)
    assert abs(ds.n_positive - n * fraction) <= 0.5
    assert 1 <= ds.n_positive <= n - 1
