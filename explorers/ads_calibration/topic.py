"""The ads calibration trade-off as a topic: its parameters, its one fit (the model, its calibrations
and their scores on the test impressions) and the view the page draws."""

from __future__ import annotations

from dataclasses import dataclass

from explorers import formatting
from explorers.ads_calibration import figures
from explorers.ads_calibration.reading import TRUTH, Reading, numbers, read, table
from explorers.ads_calibration.scoring import ECE_BINS
from explorers.ads_calibration.sentences import notice
from explorers.ads_calibration.training import CALIBRATION_TABLE, MODELS, Trained, train
from explorers.view import Chart, Fit, Fitted, Message, Table, View

RELIABILITY_HEIGHT = 440
AUCTION_HEIGHT = 380


@dataclass(frozen=True)
class Params:
    """The page's controls: five that train, two that only read the result."""

    ctr: float  # base click-through rate
    w: float  # share of the non-clicks kept in the training log
    model: str
    calibration_size: int  # impressions in the held-out calibration set
    seed: int
    calibration: str  # which calibration the stage shows
    value: float  # $ per click


@dataclass(frozen=True, kw_only=True)
class AdsCalibrationView(View):
    """Everything the page shows; ``numbers`` are about the calibration shown."""

    reading: Reading
    reliability: Chart
    reliability_caption: str
    table: Table
    table_caption: str
    auction: Chart
    auction_caption: str
    data_caption: str


def fits(params: Params) -> dict[str, Fit]:
    """One model per base CTR, downsampling rate, model, calibration-set size and seed, with every
    calibration fitted; the calibration shown and the value per click only read it."""
    args = (params.ctr, params.w, params.model, params.calibration_size, params.seed)
    return {"model": Fit(train, args, label=f"{MODELS.get(params.model, params.model)} and its calibrations")}


def _data_caption(t: Trained) -> str:
    kept = formatting.share(t.train_clicks / t.train_rows)
    return (
        f"Training log: {t.pool:,} impressions at a {formatting.percent(t.ctr)} base CTR, downsampled to "
        f"{t.train_rows:,} rows: all {t.train_clicks:,} clicks and {formatting.plain(t.w)} of the non-clicks "
        f"({kept} clicks). Calibration set: {t.calibration_rows:,} impressions with "
        f"{formatting.count(t.calibration_clicks, 'click')}, not downsampled. Test: {t.y.size:,} impressions "
        f"with {formatting.count(int(t.y.sum()), 'click')} ({formatting.share(t.test_rate)})."
    )


def _reliability_caption(r: Reading) -> str:
    shown = (r.current,) if r.shown == "none" else (r.current, r.rows["none"])
    hidden = sum(int((~figures.plotted(s)).sum()) for s in shown)
    note = (
        f" {formatting.count(hidden, 'bin')} without a click or predicted exactly 0 cannot sit on the log "
        f"axis and {'is' if hidden == 1 else 'are'} left off."
        if hidden
        else ""
    )
    faint = "" if r.shown == "none" else " (the raw model's fainter)"
    return (
        f"Each point is one of {ECE_BINS} equal-count bins of test impressions: its mean predicted CTR "
        "against the share clicked. On the diagonal the predictions mean what they say; the star is the "
        f"overall mean prediction against the observed click rate. The shaded area along the bottom is how "
        f"the test impressions spread over predicted CTR{faint}.{note}"
    )


def _table_caption(r: Reading) -> str:
    return (
        "Every calibration of the same model on the same test impressions; the shown one is stressed. NE is "
        "log loss ÷ the entropy of the test click rate, so the prior baseline scores exactly 1. The true "
        "probabilities are the floor no model can beat on average. Surplus is per 1,000 impressions at "
        f"{formatting.money(r.value)} a click."
    )


def _auction_caption(r: Reading) -> str:
    return (
        "A second-price auction per test impression: bid predicted CTR × value per click, pay the highest "
        "competing bid when yours is higher, and win the impression's true click probability × value per "
        "click. The competing bid is the market's own noisy estimate of the impression's worth at $1 a click."
    )


def _messages(r: Reading) -> tuple[Message, ...]:
    problem = r.trained.problem
    if problem is None:
        return ()
    messages = [Message(problem, "warning")]
    if r.shown != r.asked:
        messages.append(
            Message(
                f"{CALIBRATION_TABLE[r.asked].row} could not be fitted, so the stage shows the downsampling "
                "correction instead.",
                "warning",
            )
        )
    return tuple(messages)


def view(params: Params, fitted: Fitted) -> AdsCalibrationView:
    """The trained setting read at the calibration shown and the value per click."""
    t: Trained = fitted["model"]
    r = read(t, params.calibration, params.value)
    entry = CALIBRATION_TABLE[r.shown]
    raw = None if r.shown == "none" else r.rows["none"]
    order = [key for key in (*CALIBRATION_TABLE, TRUTH) if key in r.rows]
    names = [CALIBRATION_TABLE[key].short if key in CALIBRATION_TABLE else "True CTR" for key in order]
    outcomes = [r.outcomes[key] for key in order]
    auction = figures.auction_figure(
        names, [o.spend for o in outcomes], [o.value for o in outcomes], order.index(r.shown)
    )
    return AdsCalibrationView(
        numbers=numbers(r),
        notice=notice(r),
        messages=_messages(r),
        reading=r,
        reliability=Chart(
            figures.reliability_figure(
                r.current, f"{entry.adjective.capitalize()} CTR", entry.colour, raw, t.test_rate
            ),
            RELIABILITY_HEIGHT,
        ),
        reliability_caption=_reliability_caption(r),
        table=table(r),
        table_caption=_table_caption(r),
        auction=Chart(auction, AUCTION_HEIGHT),
        auction_caption=_auction_caption(r),
        data_caption=_data_caption(t),
    )
