"""Dataset registry: synthetic 2-D generators and bundled tabular datasets, with stratified splits."""

from datasets.base import MAX_SAMPLES, MIN_SAMPLES, Dataset, DatasetError, DatasetInfo, Kind, Split
from datasets.loading import load
from datasets.registry import (
    DEFAULT_N_SAMPLES,
    DEFAULT_NOISE,
    DEFAULT_POSITIVE_FRACTION,
    REGISTRY,
    SYNTHETIC_KEYS,
    TABULAR_KEYS,
    keys_for,
)
from datasets.splitting import split

__all__ = [
    "DEFAULT_NOISE",
    "DEFAULT_N_SAMPLES",
    "DEFAULT_POSITIVE_FRACTION",
    "MAX_SAMPLES",
    "MIN_SAMPLES",
    "REGISTRY",
    "SYNTHETIC_KEYS",
    "TABULAR_KEYS",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "Kind",
    "Split",
    "keys_for",
    "load",
    "split",
]
