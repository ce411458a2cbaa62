"""The notebook's data cells for the regularization page: a bundled table, a 2-D generator or the
user's own CSV, then the stratified, seeded subsample the app draws (``datasets.load``)."""

from __future__ import annotations

import datasets
from datasets.registry import DEFAULT_NOISE
from datasets.user.common import MAX_FEATURES, MAX_ROWS
from explorers.export import UPLOAD_PATH_NOTE, Cell, code, md

# Each bundled table as the app loads it (datasets/tabular.py): features, 0/1 labels, names.
TABLES: dict[str, str] = {
    "breast_cancer": """
        from sklearn.datasets import load_breast_cancer

        bunch = load_breast_cancer()
        X_all, y_all = bunch.data, 1 - bunch.target  # positive (1) = malignant, scikit-learn's 0
        names = [str(name) for name in bunch.feature_names]
    """,
    "diabetes": """
        from sklearn.datasets import load_diabetes

        bunch = load_diabetes()
        # positive (1) = one-year progression above its 75th percentile
        X_all, y_all = bunch.data, (bunch.target > np.percentile(bunch.target, 75)).astype(int)
        names = [str(name) for name in bunch.feature_names]
    """,
    "digits": """
        from sklearn.datasets import load_digits

        bunch = load_digits()
        X_all, y_all = bunch.data, (bunch.target == 9).astype(int)  # positive (1) = the digit 9
        names = [str(name) for name in bunch.feature_names]
    """,
}

# Each 2-D generator as the app draws it (datasets/synthetic.py): negatives first, then positives.
GENERATORS: dict[str, str] = {
    "moons": """
        from sklearn.datasets import make_moons

        X, _ = make_moons(n_samples=(n_neg, n_pos), noise=NOISE, shuffle=False,
                          random_state=int(data_rng.integers(0, 2**31 - 1)))
        y = np.repeat([0, 1], [n_neg, n_pos])
    """,
    "circles": """
        from sklearn.datasets import make_circles

        X, _ = make_circles(n_samples=(n_neg, n_pos), noise=NOISE, factor=0.5, shuffle=False,
                            random_state=int(data_rng.integers(0, 2**31 - 1)))
        y = np.repeat([0, 1], [n_neg, n_pos])
    """,
    "linear": """
        y = np.repeat([0, 1], [n_neg, n_pos])
        along, across = np.array([1.0, 1.0]) * np.sqrt(0.5), np.array([-1.0, 1.0]) * np.sqrt(0.5)
        t = np.where(y == 1, 1.0, -1.0) + data_rng.normal(scale=2.0 * NOISE, size=y.size)
        s = data_rng.normal(scale=1.0, size=y.size)
        X = np.outer(t, along) + np.outer(s, across)
    """,
    "xor": """
        y = np.repeat([0, 1], [n_neg, n_pos])
        magnitude = data_rng.uniform(0.0, 1.0, size=(y.size, 2))
        sign1 = data_rng.choice([-1.0, 1.0], size=y.size)
        sign2 = np.where(y == 1, sign1, -sign1)
        X = magnitude * np.column_stack([sign1, sign2])
        X = X + data_rng.normal(scale=NOISE, size=X.shape)
    """,
    "blobs": """
        from sklearn.datasets import make_blobs

        X, _ = make_blobs(n_samples=[n_neg, n_pos], centers=np.array([[0.0, 0.0], [1.5, 1.0]]),
                          cluster_std=[2.0 * NOISE, NOISE], shuffle=False,
                          random_state=int(data_rng.integers(0, 2**31 - 1)))
        y = np.repeat([0, 1], [n_neg, n_pos])
    """,
}

SUBSAMPLE = """
    # A stratified, shuffled subsample of N_ROWS rows with the table's own class balance.
    data_rng = np.random.default_rng(np.random.SeedSequence(SEED).spawn(2)[0])
    pos_rows, neg_rows = np.flatnonzero(y_all == 1), np.flatnonzero(y_all == 0)
    n_rows = min(N_ROWS, y_all.size)
    n_pos = round(n_rows * pos_rows.size / y_all.size)
    chosen = np.concatenate([
        data_rng.choice(neg_rows, size=n_rows - n_pos, replace=False),
        data_rng.choice(pos_rows, size=n_pos, replace=False),
    ])
    rows = data_rng.permutation(chosen)
    X, y = X_all[rows], y_all[rows]
    print(f"{y.size} rows ({y.sum()} positive), {X.shape[1]} features")
"""


def data_cells(source: datasets.Source, n_rows: int) -> list[Cell]:
    """Cells that leave ``X``, ``y`` (0/1) and ``names`` for ``n_rows`` rows of ``source``, drawn as
    the app draws them with the notebook's ``SEED``."""
    info = datasets.get_info(source)
    if isinstance(source, datasets.UserData):
        return [*upload_cells(source), _subsample_cell(n_rows)]
    if info.kind == "tabular":
        return [
            md(f"## The data\n\n**{info.name}.** {info.description}"),
            code(TABLES[info.key]),
            _subsample_cell(n_rows),
        ]
    noise = DEFAULT_NOISE[info.key]
    generate = (
        f"N_ROWS = {n_rows}\nNOISE = {noise!r}\n"
        "data_rng = np.random.default_rng(np.random.SeedSequence(SEED).spawn(2)[0])\n"
        "n_pos = round(N_ROWS * 0.5)\nn_neg = N_ROWS - n_pos\n\n"
        + code(GENERATORS[info.key]).source
        + "\n\norder = data_rng.permutation(y.size)  # shuffle the rows\n"
        'X, y = X[order], y[order]\nnames = ["x1", "x2"]\n'
        'print(f"{y.size} rows ({y.sum()} positive)")'
    )
    return [
        md(
            f"## The data\n\n**{info.name}.** {info.description} {n_rows} points, half of each class, "
            "drawn from the page's seed."
        ),
        code(generate),
    ]


def _subsample_cell(n_rows: int) -> Cell:
    return code(f"N_ROWS = {n_rows}\n" + code(SUBSAMPLE).source)


# --------------------------------------------------------------------------- the user's own CSV


def upload_cells(data: datasets.UserData) -> list[Cell]:
    """Read the user's CSV from ``PATH`` and prepare it as the app did (datasets/user/preparing.py):
    the target against the positive class, the same columns kept, numbers with missing values
    filled by the median, text one-hot encoded. The data itself is never written into the notebook."""
    summary = data.summary
    numeric = [n.column for n in summary.columns if n.treatment == "kept"]
    one_hot = [n.column for n in summary.columns if n.treatment == "one-hot"]
    dropped = {n.column: n.detail for n in summary.columns if n.treatment == "dropped"}
    delimiter = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}.get(
        summary.delimiter, summary.delimiter
    )
    encoding = {"UTF-8 with BOM": "utf-8-sig", "Windows-1252": "cp1252", "Latin-1": "latin-1"}.get(
        summary.encoding, summary.encoding
    )
    read = f"""
        PATH = "your_data.csv"  # <- the path of your CSV file
        TARGET = {summary.target!r}
        POSITIVE = {summary.positive_class!r}  # this value of TARGET is the positive class (1)
        NUMERIC = {numeric!r}  # number columns: missing values filled with the median
        ONE_HOT = {one_hot!r}  # text columns: one indicator column per value
        # dropped by the app: {", ".join(f"{k} ({v})" for k, v in dropped.items()) or "none"}
        KEEP = {list(data.feature_names)!r}  # the features the app kept, in file order

        raw = pd.read_csv(PATH, sep={delimiter!r}, encoding={encoding!r}, dtype=str, keep_default_na=False)
        raw.columns = [str(c).strip() for c in raw.columns]
        missing = {{"", "na", "n/a", "#n/a", "#na", "null", "nan", "none", "<na>", "-nan"}}
        raw = raw.apply(lambda col: col.str.strip().mask(col.str.strip().str.lower().isin(missing)))


        def as_number(column: pd.Series) -> pd.Series:
            \"\"\"Numbers as written, decimal commas too; '.', '?', '-' and '--' mean missing.\"\"\"
            text = column.mask(column.isin([".", "?", "-", "--"]))
            return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")


        def label(value: str) -> str:
            \"\"\"A target value as the app reads it: '1.0' -> '1', 'yes' -> 'yes'.\"\"\"
            number = pd.to_numeric(value, errors="coerce")
            return str(int(number)) if pd.notna(number) and float(number).is_integer() else value


        raw = raw[raw[TARGET].notna()].reset_index(drop=True)
        y_all = (raw[TARGET].map(label) == POSITIVE).to_numpy(dtype=int)
        if y_all.size > {MAX_ROWS}:  # the app keeps a stratified sample of {MAX_ROWS:,} rows (seed 0)
            cap_rng = np.random.default_rng(0)
            pos, neg = np.flatnonzero(y_all == 1), np.flatnonzero(y_all == 0)
            n_pos = min(max(10, round({MAX_ROWS} * pos.size / y_all.size)), pos.size)
            keep = np.sort(np.concatenate([
                cap_rng.choice(pos, size=n_pos, replace=False),
                cap_rng.choice(neg, size={MAX_ROWS} - n_pos, replace=False),
            ]))
            raw, y_all = raw.iloc[keep].reset_index(drop=True), y_all[keep]

        columns, names = [], []
        for name in raw.columns:
            if name in NUMERIC:
                values = as_number(raw[name])
                columns.append(values.fillna(values.median()).to_numpy()[:, None])
                names.append(name)
            elif name in ONE_HOT:
                text = raw[name].fillna("(missing)")
                levels = sorted(text.unique())
                columns.append(np.column_stack([(text == level).to_numpy(float) for level in levels]))
                names += [f"{{name}}={{level}}" for level in levels]
        X_all = np.hstack(columns)
        if len(names) > {MAX_FEATURES}:  # the app keeps at most {MAX_FEATURES} features: the ones in KEEP
            kept = [j for j, name in enumerate(names) if name in KEEP]
            X_all, names = X_all[:, kept], [names[j] for j in kept]
        print(f"{{y_all.size}} rows, {{y_all.sum()}} of them {{POSITIVE!r}}; {{X_all.shape[1]}} features")
    """
    return [
        md(
            "## Your data\n\n"
            + UPLOAD_PATH_NOTE
            + f"\n\nThe app read **{summary.filename}** with `{summary.target}` as the target and "
            f"`{summary.positive_class}` as the positive class. The cell below prepares the features the "
            "same way: the same columns, numbers with missing values filled with the median, text "
            "one-hot encoded."
        ),
        code(read),
    ]
