"""Bring your own data: read an uploaded CSV and turn it into a binary classification dataset.

Pure Python (no Streamlit), in four steps, one module each: ``reading`` checks and parses the raw
bytes (size, binary files, encoding, delimiter, header row, missing-value markers, decimal commas);
``columns`` finds the columns that can never be features (identifiers, empty, constant) on the whole
file; ``target`` suggests a target and a positive class; ``preparing`` turns a table, a target and
a positive class into ``UserData``. Every problem raises ``UploadError`` with one sentence saying
what is wrong and how to fix it.

Names and values from the file never reach a chart or a sentence unchanged: the pages see
``display_name`` versions made of letters, digits and a few plain punctuation marks.
"""

from datasets.user.columns import named_like_id, unusable_columns
from datasets.user.common import (
    DISPLAY_NAME_LENGTH,
    MAX_CATEGORIES,
    MAX_COLUMNS,
    MAX_FEATURES,
    MAX_ROWS,
    MAX_TARGET_CLASSES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    MIN_PER_CLASS,
    MIN_ROWS,
    UPLOAD_KEY,
    UPLOAD_LABEL,
    UploadError,
    display_name,
    quoted,
)
from datasets.user.preparing import ColumnNote, Summary, UserData, prepare
from datasets.user.reading import (
    DELIMITER_NAMES,
    DELIMITERS,
    MISSING_MARKERS,
    Table,
    decode,
    read_table,
    sniff_delimiter,
)
from datasets.user.target import TargetSuggestion, suggest, suggest_positive, suggest_target, target_counts

__all__ = [
    "DELIMITERS",
    "DELIMITER_NAMES",
    "DISPLAY_NAME_LENGTH",
    "MAX_CATEGORIES",
    "MAX_COLUMNS",
    "MAX_FEATURES",
    "MAX_ROWS",
    "MAX_TARGET_CLASSES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "MIN_PER_CLASS",
    "MIN_ROWS",
    "MISSING_MARKERS",
    "UPLOAD_KEY",
    "UPLOAD_LABEL",
    "ColumnNote",
    "Summary",
    "Table",
    "TargetSuggestion",
    "UploadError",
    "UserData",
    "decode",
    "display_name",
    "named_like_id",
    "prepare",
    "quoted",
    "read_table",
    "sniff_delimiter",
    "suggest",
    "suggest_positive",
    "suggest_target",
    "target_counts",
    "unusable_columns",
]
