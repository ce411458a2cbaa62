"""2-D views of classification data, and decision surfaces drawn on them.

Two-feature data is drawn as it is. Wider data is drawn on the plane of its first two
principal components (of the standardised training features) through the training mean: a
model trained on every feature is evaluated on that plane, so the chart shows its real
output there, and the caption says so. Pure Python, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from datasets.errors import UserFacingError
from explorers.charts import NEGATIVE_COLOUR, POSITIVE_COLOUR

SurfaceKind = Literal["probability", "decision"]
PointSplit = Literal["train", "test"]

DEFAULT_RESOLUTION = 70
MAX_POINTS_SHOWN = 2000
# Light blue-white-orange: the class colours, pale enough that points stay visible on top.
SURFACE_SCALE: tuple[tuple[float, str], ...] = ((0.0, "#8FC1E3"), (0.5, "#F7F7F7"), (1.0, "#F3C46E"))
_OUTLINE = "#262730"
_DECIMALS = 3


@dataclass(frozen=True, eq=False)
class PlaneView:
    """A linear map between feature space and a 2-D plane (identity for two features)."""

    mean: np.ndarray  # (d,) centre of the plane, in feature units
    scale: np.ndarray  # (d,) feature standard deviations (ones for the identity view)
    components: np.ndarray  # (2, d) orthonormal directions in standardised units
    axis_titles: tuple[str, str]
    explained_variance: tuple[float, float] | None = None  # shares of variance, for a PCA view

    @property
    def is_projection(self) -> bool:
        """Whether the data has more than two features and is drawn as a PCA view."""
        return self.explained_variance is not None

    @property
    def n_features(self) -> int:
        """How many features the models see."""
        return int(self.mean.size)

    def to_plane(self, features: np.ndarray) -> np.ndarray:
        """Coordinates of the rows of ``features`` on the plane, shape (n, 2)."""
        return ((np.asarray(features, dtype=float) - self.mean) / self.scale) @ self.components.T

    def from_plane(self, plane_xy: np.ndarray) -> np.ndarray:
        """Points of the plane back in feature space, shape (n, d)."""
        return self.mean + (np.asarray(plane_xy, dtype=float) @ self.components) * self.scale

    def caption(self) -> str:
        """What the chart shows, to print under it ("" for two-feature data)."""
        if self.explained_variance is None:
            return ""
        first, second = (round(share * 100) for share in self.explained_variance)
        return (
            f"The axes are the first two principal components of the standardised training features "
            f"({first}% and {second}% of their variance). The models train on all {self.n_features} "
            "features; the shading is their output on this plane through the training mean, so a point "
            "can sit on the other side of the drawn boundary and still be classified correctly."
        )


def fit_view(train_features: np.ndarray, feature_names: Sequence[str]) -> PlaneView:
    """The 2-D view of data like ``train_features``: as is for two features, else PCA of it standardised."""
    values = np.asarray(train_features, dtype=float)
    if values.ndim != 2 or values.shape[1] < 2 or values.shape[0] < 3:
        raise UserFacingError("A 2-D view needs at least three rows and two features.")
    if values.shape[1] == 2:
        names = (str(feature_names[0]), str(feature_names[1]))
        return PlaneView(np.zeros(2), np.ones(2), np.eye(2), names)
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0
    _, singular, vt = np.linalg.svd((values - mean) / scale, full_matrices=False)
    components = vt[:2]
    signs = np.sign(components[np.arange(2), np.abs(components).argmax(axis=1)])
    components = components * signs[:, None]  # deterministic signs, as scikit-learn's svd_flip
    shares = singular**2 / np.sum(singular**2)
    explained = (float(shares[0]), float(shares[1]))
    titles = (
        f"PC1 ({explained[0]:.0%} of variance)",
        f"PC2 ({explained[1]:.0%} of variance)",
    )
    return PlaneView(mean, scale, components, titles, explained)


@dataclass(frozen=True, eq=False)
class Grid:
    """A regular grid over the plane, with its points also in feature space."""

    xs: np.ndarray  # (nx,)
    ys: np.ndarray  # (ny,)
    plane_points: np.ndarray  # (ny * nx, 2), x varying fastest
    feature_points: np.ndarray  # (ny * nx, d)

    def reshape(self, values: np.ndarray) -> np.ndarray:
        """Per-point ``values`` as a (ny, nx) array, as a contour trace's ``z`` wants."""
        return np.asarray(values, dtype=float).reshape(self.ys.size, self.xs.size)


def make_grid(
    view: PlaneView, features: np.ndarray, resolution: int = DEFAULT_RESOLUTION, padding: float = 0.08
) -> Grid:
    """A square grid of ``resolution`` points a side covering ``features``, widened by ``padding``."""
    if resolution < 2:
        raise ValueError("a grid needs at least two points per axis")
    projected = view.to_plane(features)
    low, high = projected.min(axis=0), projected.max(axis=0)
    margin = np.maximum(high - low, 1e-9) * padding
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], resolution)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    plane_points = np.column_stack([xx.ravel(), yy.ravel()])
    return Grid(xs, ys, plane_points, view.from_plane(plane_points))


def _rounded(values: np.ndarray, decimals: int = _DECIMALS) -> np.ndarray:
    """Few decimals as float32: plotly copies an array in one step and sends it as compact binary
    (base64), where a list of thousands of Python floats costs tens of ms a chart on every rerun."""
    return np.round(np.asarray(values, dtype=float), decimals).astype(np.float32)


def surface_limits(z: np.ndarray, kind: SurfaceKind) -> tuple[float, float]:
    """Colour range: [0, 1] for probabilities, symmetric about 0 for a decision function."""
    if kind == "probability":
        return 0.0, 1.0
    finite = np.abs(np.asarray(z, dtype=float)[np.isfinite(z)])
    limit = max(float(np.percentile(finite, 98)) if finite.size else 1.0, 1.0)
    limit = math.ceil(limit * 2) / 2  # a round range gives round colour-bar ticks
    return -limit, limit


def surface_trace(
    grid: Grid,
    z: np.ndarray,
    *,
    kind: SurfaceKind = "probability",
    name: str = "",
    show_scale: bool = True,
    colorbar_title: str | None = None,
    colorbar: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """A filled contour of per-grid-point ``z`` (probabilities, or a decision function centred on 0).

    ``colorbar`` adds colour-bar settings, e.g. ``charts.panel_colorbar(layout, index)`` to put
    each panel's bar beside it.
    """
    values = grid.reshape(z)
    low, high = surface_limits(values, kind)
    title = colorbar_title or ("P(positive)" if kind == "probability" else "Decision function")
    return {
        "type": "contour",
        "name": name,
        "x": _rounded(grid.xs, 4),
        "y": _rounded(grid.ys, 4),
        "z": _rounded(np.clip(values, low, high)),
        "zmin": low,
        "zmax": high,
        "colorscale": [list(stop) for stop in SURFACE_SCALE],
        "contours": {"start": low, "end": high, "size": (high - low) / 10, "coloring": "fill"},
        "line": {"width": 0},
        "showscale": show_scale,
        "colorbar": {
            "title": {"text": title, "side": "right"},
            "thickness": 14,
            "len": 0.9,
            **(colorbar or {}),
        },
        "hovertemplate": f"{title}: %{{z:.2f}}<extra></extra>",
    }


def level_lines_trace(
    grid: Grid,
    z: np.ndarray,
    levels: Sequence[float],
    *,
    name: str,
    colour: str = _OUTLINE,
    dash: str = "solid",
    width: float = 2.0,
    show_legend: bool = True,
) -> dict[str, object]:
    """Contour lines of ``z`` at evenly spaced ``levels`` only (a boundary, or margins at -1 and +1)."""
    ordered = sorted(float(level) for level in levels)
    if not ordered:
        raise ValueError("at least one level is needed")
    steps = np.diff(ordered)
    if steps.size and not np.allclose(steps, steps[0]):
        raise ValueError("levels must be evenly spaced; draw uneven ones as separate traces")
    size = float(steps[0]) if steps.size else 1.0
    return {
        "type": "contour",
        "name": name,
        "x": _rounded(grid.xs, 4),
        "y": _rounded(grid.ys, 4),
        "z": _rounded(grid.reshape(z)),
        "contours": {"start": ordered[0], "end": ordered[-1], "size": size, "coloring": "none"},
        "line": {"color": colour, "dash": dash, "width": width},
        "showscale": False,
        "showlegend": show_legend,
        "hoverinfo": "skip",
    }


def shown_rows(n_rows: int, max_points: int = MAX_POINTS_SHOWN) -> np.ndarray:
    """Indices of at most ``max_points`` evenly spread rows (all rows when there are few)."""
    if n_rows <= max_points:
        return np.arange(n_rows)
    return np.unique(np.linspace(0, n_rows - 1, max_points).round().astype(int))


def points_traces(
    plane_xy: np.ndarray,
    y: np.ndarray,
    *,
    positive_label: str,
    negative_label: str,
    split: PointSplit = "train",
    show_legend: bool = True,
    max_points: int = MAX_POINTS_SHOWN,
    marker_size: float = 7.0,
) -> list[dict[str, object]]:
    """Scatter traces of plane points, one per class: train points are circles, test points diamonds."""
    keep = shown_rows(len(y), max_points)
    points, labels = np.asarray(plane_xy, dtype=float)[keep], np.asarray(y)[keep]
    symbol = "circle" if split == "train" else "diamond"
    traces: list[dict[str, object]] = []
    for value, label, colour in ((0, negative_label, NEGATIVE_COLOUR), (1, positive_label, POSITIVE_COLOUR)):
        mask = labels == value
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{label} ({split})",
                "legendgroup": f"{split}-{value}",
                "x": _rounded(points[mask, 0], 4),
                "y": _rounded(points[mask, 1], 4),
                "marker": {
                    "color": colour,
                    "symbol": symbol,
                    "size": marker_size if split == "train" else marker_size + 1,
                    "opacity": 0.85,
                    "line": {"color": _OUTLINE if split == "test" else "white", "width": 1},
                },
                "showlegend": show_legend,
                "hovertemplate": f"{label} ({split})<extra></extra>",
            }
        )
    return traces
