"""Write a CSV at the upload caps, for ``python -m bench.run --upload``.

Run ``python -m bench.stress_csv [--rows 15000] [--features 55]``: numeric features, a text
column and a learnable 0/1 target, more rows and features than the app keeps, so the upload is
sampled to 5,000 rows and cut to 50 features, the heaviest data any page sees. Writes
``bench/results/stress.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "results" / "stress.csv"


def stress_table(rows: int, features: int, seed: int = 0) -> pd.DataFrame:
    """Gaussian features, a four-valued text column and a noisy linear 0/1 target (about 40% ones)."""
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, features))
    score = values @ rng.normal(size=features) + rng.normal(scale=3, size=rows)
    frame = pd.DataFrame(values.round(4), columns=[f"f{j}" for j in range(features)])
    frame["segment"] = rng.choice(["a", "b", "c", "d"], size=rows)
    frame["label"] = (score > np.quantile(score, 0.6)).astype(int)
    return frame


def main(argv: list[str] | None = None) -> int:
    """Write the file; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--features", type=int, default=55)
    args = parser.parse_args(argv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    stress_table(args.rows, args.features).to_csv(OUT, index=False)
    print(f"wrote {OUT.relative_to(OUT.parent.parent.parent)} ({OUT.stat().st_size / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
