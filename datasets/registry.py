"""The registry of the built-in datasets."""

from __future__ import annotations

from datasets.base import DatasetInfo
from datasets.errors import DatasetError

DEFAULT_N_SAMPLES = 1000
DEFAULT_POSITIVE_FRACTION = 0.5
DEFAULT_NOISE: dict[str, float] = {"moons": 0.25, "circles": 0.1, "linear": 0.3, "xor": 0.2, "blobs": 0.6}


def _synthetic(key: str, name: str, description: str) -> DatasetInfo:
    """Registry entry for a 2-D synthetic generator."""
    return DatasetInfo(
        key=key,
        name=name,
        description=description,
        kind="synthetic",
        positive_label="class B",
        negative_label="class A",
        natural_positive_fraction=None,
        n_rows=None,
        n_features=2,
    )


_ENTRIES: tuple[DatasetInfo, ...] = (
    _synthetic("moons", "Two moons", "Two interleaving half circles; a curved boundary separates them."),
    _synthetic("circles", "Concentric circles", "A small ring (class B) inside a larger ring (class A)."),
    _synthetic(
        "linear", "Linear", "Two Gaussian classes offset along a diagonal; almost linearly separable."
    ),
    _synthetic("xor", "XOR", "Uniform square; class B where x1 and x2 share a sign, class A otherwise."),
    _synthetic("blobs", "Two blobs", "A tight Gaussian blob (class B) overlapping a wide one (class A)."),
    DatasetInfo(
        key="breast_cancer",
        name="Breast cancer (Wisconsin)",
        description="Cell-nucleus measurements of breast masses; positive = malignant tumour.",
        kind="tabular",
        positive_label="malignant",
        negative_label="benign",
        natural_positive_fraction=212 / 569,
        n_rows=569,
        n_features=30,
    ),
    DatasetInfo(
        key="diabetes",
        name="Diabetes progression",
        description=(
            "Patient measurements; positive = one-year disease progression above the 75th percentile."
        ),
        kind="tabular",
        positive_label="fast progression",
        negative_label="slow progression",
        natural_positive_fraction=111 / 442,
        n_rows=442,
        n_features=10,
    ),
    DatasetInfo(
        key="digits",
        name="Handwritten digits: 9 vs rest",
        description="8x8 images of handwritten digits; positive = the digit 9 (about 10%, naturally rare).",
        kind="tabular",
        positive_label="digit 9",
        negative_label="other digit",
        natural_positive_fraction=180 / 1797,
        n_rows=1797,
        n_features=64,
    ),
)

REGISTRY: dict[str, DatasetInfo] = {info.key: info for info in _ENTRIES}
SYNTHETIC_KEYS: tuple[str, ...] = tuple(key for key, info in REGISTRY.items() if info.kind == "synthetic")
TABULAR_KEYS: tuple[str, ...] = tuple(key for key, info in REGISTRY.items() if info.kind == "tabular")


def registry_info(key: str) -> DatasetInfo:
    """The registry entry for ``key``, or a DatasetError listing the valid keys."""
    try:
        return REGISTRY[key]
    except (KeyError, TypeError):
        valid = ", ".join(REGISTRY)
        raise DatasetError(f"Unknown dataset {key!r}; choose one of: {valid}.") from None
