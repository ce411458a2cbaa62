"""The leakage trade-off as a topic: its parameters, its fits (one cross-validation per split strategy
and set of leaks, one production score per set of leaks) and the view the page draws."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.leakage import figures
from explorers.leakage.leaks import LEAKS, leaked, normalised
from explorers.leakage.sentences import LeakRow, added, headline, what_to_notice
from explorers.leakage.splits import FOLDS, SPLITS, split
from explorers.leakage.text import importance_caption, leak_caption, timeline_caption
from explorers.leakage.training import (
    REPEATS,
    Estimate,
    Importance,
    Production,
    cross_validated,
    importance,
    production_score,
)
from explorers.view import Chart, Fit, Fitted, Message, Table, View

NO_LEAKS: tuple[str, ...] = ()
NO_LEAK_MESSAGE = Message(
    "No leak is switched on: what gap is left comes from the split strategy alone (a user's other rows and "
    "later days in training)."
)


@dataclass(frozen=True)
class Params:
    """The page's controls, by key."""

    split: str
    leaks: tuple[str, ...]
    drift: float
    rows_per_user: int
    seed: int
    fold: int  # the fold the timeline draws (reading only)


def _data(params: Params) -> tuple[int, float, int]:
    return (int(params.rows_per_user), float(params.drift), int(params.seed))


def _cv(params: Params, leaks: tuple[str, ...], key: str) -> Fit:
    label = f"{SPLITS[key].label}, {'no leaks' if not leaks else ', '.join(LEAKS[k].short for k in leaks)}"
    return Fit(cross_validated, (*_data(params), leaks, key), label=label, cache="data")


def _production(params: Params, leaks: tuple[str, ...]) -> Fit:
    return Fit(production_score, (*_data(params), leaks), label="Production score", cache="data")


def fits(params: Params) -> dict[str, Fit]:
    """Each split with the current leaks and with none, the production score with and without them,
    every leak alone on the chosen split, and the chosen split's permutation importance."""
    split(params.split)
    leaks = normalised(params.leaks)
    work: dict[str, Fit] = {}
    for key in SPLITS:
        work[f"cv {key}"] = _cv(params, leaks, key)
        work[f"clean {key}"] = _cv(params, NO_LEAKS, key)
    work["production"] = _production(params, leaks)
    work["clean production"] = _production(params, NO_LEAKS)
    for key in LEAKS:
        work[f"alone {key}"] = _cv(params, (key,), params.split)
        work[f"alone production {key}"] = _production(params, (key,))
    work["importance"] = Fit(
        importance, (*_data(params), leaks, params.split), label="Permutation importance", cache="data"
    )
    return work


@dataclass(frozen=True, kw_only=True)
class LeakageView(View):
    """Everything the page shows, with the results it was computed from."""

    split: str
    leaks: tuple[str, ...]
    estimates: dict[str, Estimate]  # by split key, current leaks
    clean: dict[str, Estimate]  # by split key, no leaks
    production: Production
    clean_production: Production
    rows: tuple[LeakRow, ...]  # each leak alone on the chosen split, table order
    clean_row: LeakRow
    importance_result: Importance
    reality: Chart
    timeline: Chart
    timeline_caption: str
    table: Table
    added_gap: Chart
    leak_caption: str
    importance: Chart
    importance_caption: str
    data_caption: str

    @property
    def gap(self) -> float:
        """The headline: the chosen split's offline estimate minus production, with the current leaks."""
        return self.estimates[self.split].auc - self.production.auc


def leak_table(rows: tuple[LeakRow, ...], clean: LeakRow) -> Table:
    """Each leak alone: offline, production, gap and the gap it adds; the leak-free row and chance."""

    def cells(name: str, row: LeakRow, extra: str) -> tuple[str, ...]:
        return (name, f"{row.estimate:.3f}", f"{row.production:.3f}", f"{row.gap:+.3f}", extra)

    body = [cells("No leak (baseline)", clean, "—")]
    body += [cells(LEAKS[row.key].short, row, f"{added(row, clean):+.3f}") for row in rows]
    body.append(("Chance (random ranking)", "0.500", "0.500", "+0.000", "—"))
    top = max(range(len(rows)), key=lambda i: added(rows[i], clean)) + 1 if rows else -1
    emphasis = tuple(tuple(i == top and j == 4 for j in range(5)) for i in range(len(body)))
    return Table(("Leak (alone)", "Offline AUC", "Production AUC", "Gap", "Added gap"), tuple(body), emphasis)


def _data_caption(production: Production, params: Params) -> str:
    return (
        f"{production.log_rows:,} log rows from {production.log_users:,} users "
        f"({params.rows_per_user} rows each), then {production.rows:,} production rows "
        f"({production.positives:,} positive); drift {params.drift:.1f}, seed {params.seed}."
    )


def view(params: Params, fitted: Fitted) -> LeakageView:
    """The estimate against reality per split, the timeline, the leaks one by one and the importance."""
    leaks = normalised(params.leaks)
    estimates = {key: fitted[f"cv {key}"] for key in SPLITS}
    clean = {key: fitted[f"clean {key}"] for key in SPLITS}
    production: Production = fitted["production"]
    clean_production: Production = fitted["clean production"]
    rows = tuple(
        LeakRow(key, fitted[f"alone {key}"].auc, fitted[f"alone production {key}"].auc) for key in LEAKS
    )
    clean_row = LeakRow("none", clean[params.split].auc, clean_production.auc)
    result: Importance = fitted["importance"]
    leaky = leaked(leaks, result.names)
    fold = min(max(int(params.fold), 1), FOLDS)
    chosen = SPLITS[params.split]
    return LeakageView(
        numbers=headline(params.split, estimates[params.split], production, clean["time"], clean_production),
        notice=what_to_notice(
            params.split,
            estimates=estimates,
            clean=clean,
            production=production,
            clean_production=clean_production,
            rows=rows,
            clean_row=clean_row,
            importance=result,
            leaky=leaky,
        ),
        messages=() if leaks else (NO_LEAK_MESSAGE,),
        split=params.split,
        leaks=leaks,
        estimates=estimates,
        clean=clean,
        production=production,
        clean_production=clean_production,
        rows=rows,
        clean_row=clean_row,
        importance_result=result,
        reality=Chart(
            figures.reality_figure(list(estimates.values()), list(clean.values()), production, params.split),
            340,
        ),
        timeline=Chart(
            figures.timeline_figure(estimates[params.split], fold, production.time, production.user), 380
        ),
        timeline_caption=timeline_caption(chosen.rule, fold),
        table=leak_table(rows, clean_row),
        added_gap=Chart(
            figures.added_gap_figure(
                [LEAKS[row.key].short for row in rows], [added(row, clean_row) for row in rows], chosen.short
            ),
            300,
        ),
        leak_caption=leak_caption(chosen.short),
        importance=Chart(figures.importance_figure(result, leaky), 340),
        importance_caption=importance_caption(chosen.short, REPEATS),
        data_caption=_data_caption(production, params),
    )
