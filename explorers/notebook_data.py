"""The data cells the classification pages' notebooks share: ``load`` as ``datasets.load`` draws a
built-in dataset or the user's CSV, and the stratified split of ``datasets.split``, written as plain
numpy, pandas and scikit-learn code (the notebooks never import this app).

``data_cells(source)`` defines, in the notebook, ``load(n_samples=None, positive_fraction=None,
seed=0) -> (X, y)`` (the same rows, in the same order, as ``datasets.load``) and the names
``POSITIVE_LABEL`` and ``NEGATIVE_LABEL``. ``split_cell(...)`` defines ``split(y, seed)``. For an
upload the notebook reads the file from ``PATH`` and prepares it as ``datasets.user.prepare`` does,
with the treatment of each column the app chose written out; the data itself is never embedded.
"""

from __future__ import annotations

import re

import datasets
from datasets.registry import DEFAULT_N_SAMPLES, DEFAULT_NOISE, DEFAULT_POSITIVE_FRACTION
from datasets.user import MAX_CATEGORIES, MAX_FEATURES, MAX_ROWS, MIN_PER_CLASS, UserData
from datasets.user.reading import MISSING_MARKERS, TEXT_MISSING
from explorers.export import UPLOAD_PATH_NOTE, Cell, code, md

ENCODINGS = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8-sig",
    "UTF-16": "utf-16",
    "Windows-1252": "cp1252",
    "Latin-1": "latin-1",
}
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}
# The first lines of a notebook's settings cell: on data this small a second thread only adds
# overhead (and boosting on a busy machine slows down many times over).
ONE_THREAD = """import sklearn.ensemble  # loads scikit-learn's OpenMP runtime, so the limit below reaches it
from threadpoolctl import threadpool_limits

threadpool_limits(1)  # one thread for numpy and scikit-learn: faster on data this small
"""
_HEADER_LINE = re.compile(r"The header is on line (\d+)")
_CUT = "cut by the feature cap ("

# The 2-D generators of datasets/synthetic.py, each as notebook code: ``points(n_neg, n_pos, rng)``.
_GENERATORS = {
    "moons": """
        def points(n_neg, n_pos, rng):
            X, _ = make_moons(n_samples=(n_neg, n_pos), noise=NOISE, shuffle=False,
                              random_state=int(rng.integers(0, 2**31 - 1)))
            return X
    """,
    "circles": """
        def points(n_neg, n_pos, rng):
            X, _ = make_circles(n_samples=(n_neg, n_pos), noise=NOISE, factor=0.5, shuffle=False,
                                random_state=int(rng.integers(0, 2**31 - 1)))
            return X
    """,
    "linear": """
        def points(n_neg, n_pos, rng):
            # class centres at -u and +u, u = (1, 1) / sqrt(2); NOISE sets the spread along u
            along, across = np.array([np.sqrt(0.5), np.sqrt(0.5)]), np.array([-np.sqrt(0.5), np.sqrt(0.5)])
            centre = np.repeat([-1.0, 1.0], [n_neg, n_pos])
            t = centre + rng.normal(scale=2.0 * NOISE, size=centre.size)
            s = rng.normal(scale=1.0, size=centre.size)
            return np.outer(t, along) + np.outer(s, across)
    """,
    "xor": """
        def points(n_neg, n_pos, rng):
            # uniform in [-1, 1]^2, positive where x1 and x2 share a sign, then jitter
            y = np.repeat([0, 1], [n_neg, n_pos])
            magnitude = rng.uniform(0.0, 1.0, size=(y.size, 2))
            sign1 = rng.choice([-1.0, 1.0], size=y.size)
            sign2 = np.where(y == 1, sign1, -sign1)
            X = magnitude * np.column_stack([sign1, sign2])
            return X + rng.normal(scale=NOISE, size=X.shape)
    """,
    "blobs": """
        def points(n_neg, n_pos, rng):
            X, _ = make_blobs(n_samples=[n_neg, n_pos], centers=np.array([[0.0, 0.0], [1.5, 1.0]]),
                              cluster_std=[2.0 * NOISE, NOISE], shuffle=False,
                              random_state=int(rng.integers(0, 2**31 - 1)))
            return X
    """,
}
_SKLEARN_MAKERS = {"moons": "make_moons", "circles": "make_circles", "blobs": "make_blobs"}

# The bundled tables of datasets/tabular.py: the loader and how its target becomes 0/1.
_TABLES = {
    "breast_cancer": ("load_breast_cancer", "1 - bunch.target", "malignant: scikit-learn's 0"),
    "diabetes": (
        "load_diabetes",
        "bunch.target > np.percentile(bunch.target, 75)",
        "progression above the 75th percentile",
    ),
    "digits": ("load_digits", "bunch.target == 9", "the digit 9"),
}

# Drawing rows from a table with exact class counts (datasets/loading.py ``_tabular``).
_DRAW_FROM_TABLE = """
    def class_counts(n_samples, positive_fraction):
        \"\"\"(negatives, positives) to draw: at most n_samples rows, at the fraction asked for (the
        largest number of rows the table can give at it) or at the table's own shares.\"\"\"
        n_pos_all, n_neg_all = int(Y_ALL.sum()), int(Y_ALL.size - Y_ALL.sum())
        cap = Y_ALL.size if n_samples is None else min(n_samples, Y_ALL.size)
        if positive_fraction is None:
            n_pos = round(cap * n_pos_all / Y_ALL.size)
            return cap - n_pos, n_pos
        for n in range(cap, 0, -1):
            n_pos = round(n * positive_fraction)
            if n_pos <= n_pos_all and n - n_pos <= n_neg_all:
                return n - n_pos, n_pos
        raise ValueError("the table cannot give this class balance")


    def load(n_samples=None, positive_fraction=None, seed=0):
        \"\"\"A stratified, shuffled draw of the table's rows with exact class counts.\"\"\"
        rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])
        n_neg, n_pos = class_counts(n_samples, positive_fraction)
        negatives, positives = np.flatnonzero(Y_ALL == 0), np.flatnonzero(Y_ALL == 1)
        chosen = np.concatenate([rng.choice(negatives, size=n_neg, replace=False),
                                 rng.choice(positives, size=n_pos, replace=False)])
        rows = rng.permutation(chosen)
        return X_ALL[rows], Y_ALL[rows].copy()
"""


def data_cells(source: datasets.Source) -> list[Cell]:
    """Markdown and code that define ``load`` (and the class labels) for ``source``."""
    if isinstance(source, UserData):
        return [*upload_cells(source), _table_draw_cell()]
    info = datasets.get_info(source)
    if info.kind == "synthetic":
        return _synthetic_cells(info)
    return [*_bundled_table_cells(info), _table_draw_cell()]


def _labels(info: datasets.DatasetInfo) -> str:
    return f"POSITIVE_LABEL, NEGATIVE_LABEL = {info.positive_label!r}, {info.negative_label!r}"


def _synthetic_cells(info: datasets.DatasetInfo) -> list[Cell]:
    maker = _SKLEARN_MAKERS.get(info.key)
    imports = f"from sklearn.datasets import {maker}\n" if maker else ""
    body = code(_GENERATORS[info.key]).source
    return [
        md(
            f"""
            ## The data: {info.name}

            {info.description} A generated dataset: `load` draws exactly the number of rows of each
            class asked for ({DEFAULT_N_SAMPLES:,} rows, {DEFAULT_POSITIVE_FRACTION:.0%} positives
            unless told otherwise), from a random stream of its own seed, then shuffles them.
            """
        ),
        code(
            f"""
import numpy as np
{imports}
NOISE = {DEFAULT_NOISE[info.key]!r}
{_labels(info)}


{body}


def load(n_samples=None, positive_fraction=None, seed=0):
    \"\"\"Exactly round(n_samples * positive_fraction) positives, the rest negatives, shuffled.\"\"\"
    n_samples = {DEFAULT_N_SAMPLES} if n_samples is None else n_samples
    positive_fraction = {DEFAULT_POSITIVE_FRACTION} if positive_fraction is None else positive_fraction
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])
    n_pos = round(n_samples * positive_fraction)
    n_neg = n_samples - n_pos
    X = points(n_neg, n_pos, rng)
    y = np.repeat([0, 1], [n_neg, n_pos])
    order = rng.permutation(y.size)
    return X[order], y[order]
"""
        ),
    ]


def _bundled_table_cells(info: datasets.DatasetInfo) -> list[Cell]:
    loader, target, meaning = _TABLES[info.key]
    return [
        md(
            f"""
            ## The data: {info.name}

            {info.description} It ships with scikit-learn ({info.n_rows:,} rows,
            {info.n_features} features); `load` draws a stratified, shuffled sample of its rows with
            exact class counts.
            """
        ),
        code(
            f"""
            import numpy as np
            from sklearn.datasets import {loader}

            bunch = {loader}()
            X_ALL = np.asarray(bunch.data, dtype=np.float64)
            Y_ALL = np.asarray({target}, dtype=np.int64)  # 1 = {meaning}
            {_labels(info)}
            print(X_ALL.shape, f"{{Y_ALL.mean():.1%}} positive")
            """
        ),
    ]


def _table_draw_cell() -> Cell:
    return code(_DRAW_FROM_TABLE)


# --------------------------------------------------------------------------- the user's CSV


def _columns(data: UserData) -> tuple[list[str], list[str], dict[str, str]]:
    """The numeric, the one-hot and the dropped columns, as the app treated them (a column the feature
    cap cut is encoded with its kind, then cut again by the same rule)."""
    numeric, categorical, dropped = [], [], {}
    for note in data.summary.columns:
        if note.treatment == "kept" or (note.detail.startswith(_CUT + "number")):
            numeric.append(note.column)
        elif note.treatment == "one-hot" or note.detail.startswith(_CUT):
            categorical.append(note.column)
        elif note.treatment == "dropped":
            dropped[note.column] = note.detail
    return numeric, categorical, dropped


def _skip_rows(data: UserData) -> int:
    for notice in data.summary.notices:
        found = _HEADER_LINE.search(notice)
        if found:
            return int(found.group(1)) - 1
    return 0


def _list(names: list[str]) -> str:
    return "[" + ", ".join(repr(name) for name in names) + "]"


def upload_cells(data: UserData) -> list[Cell]:
    """Read the user's CSV from ``PATH`` and prepare ``X_ALL`` and ``Y_ALL`` as the app does."""
    summary = data.summary
    numeric, categorical, dropped = _columns(data)
    dropped_lines = "".join(f"\n    {name!r}: {why!r}," for name, why in dropped.items())
    separator = SEPARATORS.get(summary.delimiter, summary.delimiter)
    return [
        md(
            f"""
            ## The data: your CSV file

            {UPLOAD_PATH_NOTE}

            The app read it as {summary.encoding} text with a {summary.delimiter} between values, used
            `{summary.target}` as the target and `{summary.positive_class}` as the positive class (every
            other value is negative). Below are the columns it used and how: numbers as they are (missing
            values filled with the column's median), text one-hot encoded, and the columns that can never
            be features dropped.
            """
        ),
        code(
            f"""
PATH = "your_data.csv"  # the path of your file

SEPARATOR, ENCODING = {separator!r}, {ENCODINGS.get(summary.encoding, "utf-8")!r}
SKIP_ROWS = {_skip_rows(data)}  # lines above the header row
TARGET, POSITIVE = {summary.target!r}, {summary.positive_class!r}
NUMERIC = {_list(numeric)}  # numbers: missing values become the median
CATEGORICAL = {_list(categorical)}  # text: one 0/1 column per value
DROPPED = {{{dropped_lines}
}}  # never features
{_labels(data.info)}
"""
        ),
        md(
            f"""
            Every cell is read as text first, so each column is converted as the app converts it:
            missing-value markers such as `NA` or `.` become missing, decimal commas are read as
            points. Files over {MAX_ROWS:,} rows are sampled (seed 0, the same class balance), and at
            most {MAX_FEATURES} features are kept (numbers first, fewest missing values first, then the
            one-hot columns that split the rows most evenly: a rule that never looks at the target).
            """
        ),
        code(
            _PREPARE.replace("__MISSING__", repr(sorted(MISSING_MARKERS))).replace(
                "__TEXT_MISSING__", repr(sorted(TEXT_MISSING))
            )
        ),
    ]


_PREPARE = f"""
import numpy as np
import pandas as pd

MISSING = set(__MISSING__)  # cells that mean "no value" in a column of numbers
TEXT_MISSING = set(__TEXT_MISSING__)  # ... and in a column of text
MAX_ROWS, MAX_FEATURES = {MAX_ROWS}, {MAX_FEATURES}  # rows and features the app uses at most
MAX_CATEGORIES, MIN_PER_CLASS = {MAX_CATEGORIES}, {MIN_PER_CLASS}

raw = pd.read_csv(PATH, sep=SEPARATOR, encoding=ENCODING, skiprows=SKIP_ROWS, dtype=str,
                  keep_default_na=False, skipinitialspace=True)
raw.columns = [f"column {{i + 1}}" if str(name).startswith("Unnamed: ") else str(name).strip()
               for i, name in enumerate(raw.columns)]
raw = raw.apply(lambda column: column.str.strip())
raw = raw[(raw != "").any(axis=1)].reset_index(drop=True)  # empty rows are not data


def numbers(cells):
    \"\"\"A column of numbers: markers missing, decimal commas read as points.\"\"\"
    cells = cells.mask(cells.str.lower().isin(MISSING))
    if SEPARATOR != ",":
        cells = cells.str.replace(",", ".", regex=False)
    return pd.to_numeric(cells).astype(np.float64)


def text(cells):
    return cells.mask(cells.str.lower().isin(TEXT_MISSING))


def class_of(value):
    \"\"\"A target value as text: 1.0 -> '1'.\"\"\"
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


# The labels: POSITIVE against every other value; rows with no target are dropped.
try:
    target = numbers(raw[TARGET])
except ValueError:
    target = text(raw[TARGET])
present = np.flatnonzero(target.notna().to_numpy())
y = np.array([class_of(v) == POSITIVE for v in target.iloc[present]], dtype=np.int64)
assert min(y.sum(), y.size - y.sum()) >= MIN_PER_CLASS, "each class needs more rows"

# A large file: a random sample of MAX_ROWS rows with the same class balance.
keep = np.arange(y.size)
if y.size > MAX_ROWS:
    rng = np.random.default_rng(0)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    n_pos = min(max(MIN_PER_CLASS, round(MAX_ROWS * pos.size / y.size)), pos.size)
    keep = np.sort(np.concatenate([rng.choice(pos, size=n_pos, replace=False),
                                   rng.choice(neg, size=MAX_ROWS - n_pos, replace=False)]))
rows, Y_ALL = present[keep], y[keep]

# The features, in the file's column order, each with the rank the feature cap keeps them by.
blocks, ranks = [], []
for position, name in enumerate(raw.columns):
    if name in NUMERIC:
        values = numbers(raw[name]).iloc[rows].to_numpy()
        missing = np.isnan(values)
        if missing.all():
            continue  # empty in every row used
        blocks.append(np.where(missing, np.median(values[~missing]), values)[:, None])
        ranks.append((0, float(missing.mean()), position))
    elif name in CATEGORICAL:
        labels = text(raw[name]).iloc[rows].fillna("(missing)")
        levels = sorted(set(labels))
        if len(levels) > MAX_CATEGORIES:
            continue
        onehot = np.stack([(labels == level).to_numpy(dtype=np.float64) for level in levels], axis=1)
        blocks.append(onehot)
        ranks += [(1, -float(p * (1 - p)), position) for p in onehot.mean(axis=0)]
X_ALL = np.hstack(blocks)
if X_ALL.shape[1] > MAX_FEATURES:
    kept = np.sort(sorted(range(len(ranks)), key=lambda j: ranks[j])[:MAX_FEATURES])
    X_ALL = X_ALL[:, kept]
X_ALL = np.ascontiguousarray(X_ALL)
print(X_ALL.shape, f"{{Y_ALL.mean():.1%}} {{POSITIVE_LABEL}}")
"""


# --------------------------------------------------------------------------- the split


def split_cell(test_fraction: float, val_fraction: float = 0.0) -> Cell:
    """``split(y, seed)``: the row indices of ``datasets.split``'s stratified parts (train, [val,] test)."""
    if val_fraction:
        relative = val_fraction / (1 - test_fraction)
        return code(
            f"""
            from sklearn.model_selection import train_test_split


            def split(y, seed):
                \"\"\"Stratified train / validation / test row indices, in two seeded stages.\"\"\"
                states = np.random.default_rng(seed).integers(0, 2**31 - 1, size=2)
                rows = np.arange(y.size)
                rest, test = train_test_split(rows, test_size={test_fraction!r}, stratify=y,
                                              random_state=int(states[0]))
                train, val = train_test_split(rest, test_size={relative!r}, stratify=y[rest],
                                              random_state=int(states[1]))
                return np.sort(train), np.sort(val), np.sort(test)
            """
        )
    return code(
        f"""
        from sklearn.model_selection import train_test_split


        def split(y, seed):
            \"\"\"Stratified train / test row indices.\"\"\"
            state = int(np.random.default_rng(seed).integers(0, 2**31 - 1, size=2)[0])
            train, test = train_test_split(np.arange(y.size), test_size={test_fraction!r}, stratify=y,
                                           random_state=state)
            return np.sort(train), np.sort(test)
        """
    )
