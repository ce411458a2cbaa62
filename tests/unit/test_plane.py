"""The 2-D view against scikit-learn's PCA, the grid, and the trace and layout builders."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers import charts, plane


@pytest.fixture(scope="module")
def cancer() -> datasets.Dataset:
    return datasets.load("breast_cancer")


def test_two_features_are_drawn_as_they_are():
    rows = np.random.default_rng(0).normal(size=(50, 2)) * [3.0, 0.1] + [5.0, -2.0]
    view = plane.fit_view(rows, ["x1", "x2"])
    assert not view.is_projection
    assert view.axis_titles == ("x1", "x2")
    np.testing.assert_allclose(view.to_plane(rows), rows)
    np.testing.assert_allclose(view.from_plane(rows), rows)
    assert view.caption() == ""


def test_wide_data_is_drawn_on_sklearns_pca_plane(cancer: datasets.Dataset):
    view = plane.fit_view(cancer.X, cancer.feature_names)
    standardised = StandardScaler().fit_transform(cancer.X)
    reference = PCA(n_components=2, svd_solver="full").fit(standardised)
    np.testing.assert_allclose(view.explained_variance, reference.explained_variance_ratio_)
    ours, theirs = view.to_plane(cancer.X), reference.transform(standardised)
    for axis in range(2):  # a principal direction is defined up to its sign
        sign = np.sign(ours[:, axis] @ theirs[:, axis])
        np.testing.assert_allclose(ours[:, axis], sign * theirs[:, axis], atol=1e-8)
    assert view.axis_titles == ("PC1 (44% of variance)", "PC2 (19% of variance)")
    assert "all 30 features" in view.caption()


def test_plane_points_lift_to_full_feature_rows_on_the_plane(cancer: datasets.Dataset):
    view = plane.fit_view(cancer.X, cancer.feature_names)
    xy = np.random.default_rng(1).normal(size=(40, 2))
    lifted = view.from_plane(xy)
    assert lifted.shape == (40, 30)
    np.testing.assert_allclose(view.to_plane(lifted), xy, atol=1e-9)
    np.testing.assert_allclose(view.from_plane(np.zeros((1, 2)))[0], cancer.X.mean(axis=0))


def test_constant_feature_does_not_break_the_view():
    rows = np.column_stack([np.arange(10.0), np.ones(10), np.arange(10.0) ** 2])
    view = plane.fit_view(rows, ["a", "b", "c"])
    assert np.isfinite(view.to_plane(rows)).all()


@pytest.mark.parametrize("shape", [(2, 5), (10, 1), (0, 3)])
def test_too_little_data_for_a_view_is_a_user_facing_error(shape: tuple[int, int]):
    with pytest.raises(UserFacingError):
        plane.fit_view(np.zeros(shape), [f"f{i}" for i in range(shape[1])])


def test_grid_covers_the_data_with_padding(cancer: datasets.Dataset):
    view = plane.fit_view(cancer.X, cancer.feature_names)
    grid = plane.make_grid(view, cancer.X, resolution=30)
    xy = view.to_plane(cancer.X)
    assert grid.xs.size == grid.ys.size == 30
    assert grid.xs[0] < xy[:, 0].min() and grid.xs[-1] > xy[:, 0].max()
    assert grid.ys[0] < xy[:, 1].min() and grid.ys[-1] > xy[:, 1].max()
    assert grid.feature_points.shape == (900, 30)
    # x varies fastest, so reshape gives z[row = y index, column = x index]
    values = grid.plane_points[:, 0] * 10 + grid.plane_points[:, 1]
    z = grid.reshape(values)
    assert z[3, 7] == pytest.approx(grid.xs[7] * 10 + grid.ys[3])


def test_surface_of_a_real_model_on_a_pca_plane_validates_and_stays_small(cancer: datasets.Dataset):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(cancer.X, cancer.y)
    view = plane.fit_view(cancer.X, cancer.feature_names)
    grid = plane.make_grid(view, cancer.X)
    probability = model.predict_proba(grid.feature_points)[:, 1]
    margin = model.decision_function(grid.feature_points)
    xy = view.to_plane(cancer.X)
    traces = [
        charts.on_panel(plane.surface_trace(grid, probability, name="LR"), 0),
        charts.on_panel(plane.level_lines_trace(grid, probability, [0.5], name="p = 0.5"), 0),
        charts.on_panel(plane.surface_trace(grid, margin, kind="decision", show_scale=False), 1),
        charts.on_panel(plane.level_lines_trace(grid, margin, [-1, 0, 1], name="margins", dash="dash"), 1),
    ]
    points = plane.points_traces(xy, cancer.y, positive_label="m", negative_label="b")
    traces += [charts.on_panel(trace, panel) for panel in range(2) for trace in points]
    layout = charts.small_multiples_layout(["Logistic regression", "SVM"], view.axis_titles)
    figure = charts.figure(traces, layout)
    go.Figure(figure.to_dict())  # raises on any invalid property
    assert len(figure.to_json()) < 200_000
    spec = json.loads(figure.to_json())
    assert spec["data"][0]["zmin"] == 0 and spec["data"][0]["zmax"] == 1
    low, high = spec["data"][2]["zmin"], spec["data"][2]["zmax"]
    assert low == -high and high >= 1


def test_level_lines_must_be_evenly_spaced():
    grid = plane.make_grid(plane.fit_view(np.eye(3)[:, :2] + 0.1, ["a", "b"]), np.eye(3)[:, :2], 5)
    with pytest.raises(ValueError, match="evenly"):
        plane.level_lines_trace(grid, np.zeros(25), [-1, 0, 2], name="x")


def test_points_traces_split_by_class_and_cap_the_count():
    rng = np.random.default_rng(2)
    xy, y = rng.normal(size=(5000, 2)), (rng.random(5000) < 0.3).astype(int)
    negative, positive = plane.points_traces(xy, y, positive_label="B", negative_label="A", split="test")
    assert len(negative["x"]) + len(positive["x"]) == plane.MAX_POINTS_SHOWN
    assert negative["marker"]["symbol"] == "diamond" and negative["name"] == "A (test)"
    small = plane.points_traces(xy[:30], y[:30], positive_label="B", negative_label="A")
    assert len(small[1]["x"]) == int(y[:30].sum())
    assert small[0]["marker"]["symbol"] == "circle"


def test_small_multiples_share_axes_and_title_the_outer_ones():
    layout = charts.small_multiples_layout(["a", "b", "c", "d", "e"], ("x (cm)", "y (cm)"), columns=3)
    go.Figure({"data": [], "layout": layout})
    assert layout["xaxis2"]["matches"] == "x" and layout["yaxis5"]["matches"] == "y"
    assert "title" in layout["yaxis4"] and "title" not in layout["yaxis2"]
    assert "title" in layout["xaxis4"] and "title" in layout["xaxis3"]  # c has no panel below it
    assert "title" not in layout["xaxis1" if "xaxis1" in layout else "xaxis2"]
    assert [a["text"] for a in layout["annotations"]] == [f"<b>{t}</b>" for t in "abcde"]
    left, right = layout["xaxis"]["domain"], layout["xaxis2"]["domain"]
    assert left[1] < right[0]


def test_each_panel_gets_its_colour_bar_beside_it():
    layout = charts.small_multiples_layout(["a", "b"], ("x", "y"), gap=0.12)
    bars = [charts.panel_colorbar(layout, index) for index in range(2)]
    assert layout["xaxis"]["domain"][1] < bars[0]["x"] < layout["xaxis2"]["domain"][0]
    assert bars[1]["x"] > layout["xaxis2"]["domain"][1]
    grid = plane.make_grid(plane.fit_view(np.eye(3)[:, :2] + 0.1, ["a", "b"]), np.eye(3)[:, :2], 5)
    trace = plane.surface_trace(grid, np.linspace(-3, 3, 25), kind="decision", colorbar=bars[1])
    go.Figure({"data": [charts.on_panel(trace, 1)], "layout": layout})
    assert trace["colorbar"]["x"] == bars[1]["x"] and trace["zmax"] == 3.0
