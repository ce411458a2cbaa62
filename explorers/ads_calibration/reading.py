"""Reading one trained setting at the reading controls (the calibration shown and the value per
click): the auction per row, the table of every calibration choice, and the key numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers import formatting
from explorers.ads_calibration.auction import PER, Outcome, auction
from explorers.ads_calibration.scoring import ECE_BINS, Scored
from explorers.ads_calibration.training import CALIBRATION_TABLE, Trained
from explorers.view import KeyNumber, Table

PRIOR = "prior"
TRUTH = "truth"
ROW_LABELS = {
    **{key: c.row for key, c in CALIBRATION_TABLE.items()},
    PRIOR: "Prior: the base rate for everyone (no skill)",
    TRUTH: "True probabilities (oracle)",
}
COLUMNS = (
    "Predictions",
    "AUC",
    "Log loss",
    "NE",
    "Brier",
    f"ECE ({ECE_BINS} bins)",
    "Calibration ratio",
    f"Surplus per {PER:,}",
)


@dataclass(frozen=True, eq=False)
class Reading:
    """The setting read at one calibration and one value per click."""

    trained: Trained
    asked: str  # the calibration asked for
    shown: str  # the calibration shown: the one asked for, or the correction when it could not be fitted
    value: float  # $ per click
    rows: dict[str, Scored]  # every row of the table that has predictions, by key, table order
    outcomes: dict[str, Outcome]  # the auction per row

    @property
    def current(self) -> Scored:
        return self.rows[self.shown]

    @property
    def outcome(self) -> Outcome:
        return self.outcomes[self.shown]

    @property
    def best_surplus(self) -> float:
        """The true probabilities' surplus: the most any bidding can expect."""
        return self.outcomes[TRUTH].surplus


def read(trained: Trained, calibration: str, value: float) -> Reading:
    """Every row's auction at ``value`` $ per click; the correction stands in for a calibration that
    could not be fitted."""
    rows = {key: s for key, s in trained.scored.items() if s is not None}
    rows |= {PRIOR: trained.prior, TRUTH: trained.truth}
    shown = calibration if calibration in rows else "correction"
    truth, competing = trained.truth.p, trained.competing
    outcomes = {key: auction(s.p, truth, competing, value) for key, s in rows.items()}
    return Reading(trained, calibration, shown, value, rows, outcomes)


def ratio_text(value: float) -> str:
    return f"{value:.2f}"


def _cells(s: Scored, outcome: Outcome) -> tuple[str, ...]:
    return (
        f"{s.auc:.3f}",
        f"{s.log_loss:.4f}",
        f"{s.ne:.3f}",
        f"{s.brier:.5f}",
        f"{s.ece:.4f}",
        ratio_text(s.ratio),
        formatting.money(outcome.surplus),
    )


def table(r: Reading) -> Table:
    """Every calibration choice (the current one stressed), then the prior and the oracle (shaded);
    a calibration that could not be fitted shows dashes."""
    keys = (*CALIBRATION_TABLE, PRIOR, TRUTH)
    rows, emphasis, muted = [], [], []
    for key in keys:
        s = r.rows.get(key)
        cells = _cells(s, r.outcomes[key]) if s is not None else ("—",) * (len(COLUMNS) - 1)
        rows.append((ROW_LABELS[key], *cells))
        emphasis.append((key == r.shown,) * len(COLUMNS))
        muted.append(key in (PRIOR, TRUTH))
    return Table(COLUMNS, tuple(rows), tuple(emphasis), tuple(muted))


def _signed_money(amount: float) -> str:
    """'+$1.20' or '-$0.35' (an ASCII minus, which the card reads as a fall)."""
    return f"{'-' if amount < 0 else '+'}{formatting.money(abs(amount))}"


def numbers(r: Reading) -> tuple[KeyNumber, ...]:
    """The four headline cards, then log loss, Brier and ECE, each with its no-skill baseline."""
    s, prior, truth = r.current, r.trained.prior, r.trained.truth
    gap = r.outcome.surplus - r.best_surplus
    n = r.trained.y.size
    return (
        KeyNumber(
            "Calibration ratio",
            ratio_text(s.ratio),
            help=f"Sum of predicted CTR ÷ clicks on the {n:,} test impressions: 1.00 when the predictions "
            f"add up. The true probabilities give {ratio_text(truth.ratio)} (click noise alone); the prior "
            "baseline gives 1.00 by construction.",
        ),
        KeyNumber(
            "AUC",
            f"{s.auc:.3f}",
            help=f"Baseline: the prior (one rate for everyone) scores {prior.auc:.3f}. AUC only reads the "
            "order of the predictions, so a strictly increasing calibration cannot change it.",
        ),
        KeyNumber(
            "Normalised entropy",
            f"{s.ne:.3f}",
            help=f"NE: log loss ÷ entropy of the base rate. The prior baseline scores {prior.ne:.3f}; "
            f"lower is better; the true probabilities score {truth.ne:.3f}.",
        ),
        KeyNumber(
            f"Surplus per {PER:,}",
            formatting.money(r.outcome.surplus),
            _signed_money(gap) if abs(gap) >= 0.005 else None,
            help=f"True value won minus spend per {PER:,} impressions auctioned, at "
            f"{formatting.money(r.value)} a click. Bidding the true probabilities earns the most: "
            f"{formatting.money(r.best_surplus)}.",
            delta_description="vs true CTR" if abs(gap) >= 0.005 else None,
        ),
        KeyNumber("Log loss", f"{s.log_loss:.4f}", help=f"Baseline: the prior scores {prior.log_loss:.4f}."),
        KeyNumber("Brier score", f"{s.brier:.5f}", help=f"Baseline: the prior scores {prior.brier:.5f}."),
        KeyNumber(
            f"ECE ({ECE_BINS} equal-count bins)",
            f"{s.ece:.4f}",
            help=f"Expected calibration error. The prior baseline scores {prior.ece:.4f}: calibrated and "
            "useless, so ECE never stands alone.",
        ),
    )


def zero_predictions(s: Scored, y: np.ndarray) -> tuple[int, int]:
    """(test impressions predicted exactly 0, how many of them were clicked)."""
    zero = s.p <= 0.0
    return int(np.count_nonzero(zero)), int(np.count_nonzero(zero & (y == 1)))
