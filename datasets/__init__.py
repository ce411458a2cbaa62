"""Dataset registry: synthetic 2-D generators, bundled tabular datasets and uploaded CSVs, with
stratified splits."""

from datasets.base import MAX_SAMPLES, MIN_SAMPLES, Dataset, DatasetInfo, Kind, Remedy, Split, label_counts
from datasets.errors import DatasetError, UserFacingError
from datasets.loading import Source, get_info, load
from datasets.registry import (
    DEFAULT_N_SAMPLES,
    DEFAULT_NOISE,
    DEFAULT_POSITIVE_FRACTION,
    REGISTRY,
    SYNTHETIC_KEYS,
    TABULAR_KEYS,
)
from datasets.splitting import split
from datasets.user import UPLOAD_KEY, UPLOAD_LABEL, UploadError, UserData

__all__ = [
    "DEFAULT_NOISE",
    "DEFAULT_N_SAMPLES",
    "DEFAULT_POSITIVE_FRACTION",
    "MAX_SAMPLES",
    "MIN_SAMPLES",
    "REGISTRY",
    "SYNTHETIC_KEYS",
    "TABULAR_KEYS",
    "UPLOAD_KEY",
    "UPLOAD_LABEL",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "Kind",
    "Remedy",
    "Source",
    "Split",
    "UploadError",
    "UserData",
    "UserFacingError",
    "get_info",
    "label_counts",
    "load",
    "split",
]
