""" "What to notice", computed from the reading: what downsampling did to the probabilities and what
the correction undid, AUC against monotone maps, NE against the prior, Platt against isotonic at this
calibration-set size, and what the bids cost."""

from __future__ import annotations

from explorers import formatting
from explorers.ads_calibration.reading import TRUTH, Reading, ratio_text, zero_predictions
from explorers.ads_calibration.scoring import Scored
from explorers.ads_calibration.training import CALIBRATION_TABLE

FITTED_NAMES = {"platt": "Platt", "isotonic": "isotonic"}  # as a sentence names them


def _auc(value: float) -> str:
    return f"{value:.3f}"


def downsampling(r: Reading) -> str:
    """What downsampling did to the mean prediction, and what the correction brings the ratio to."""
    t = r.trained
    raw, corrected = t.scored["none"], t.scored["correction"]
    assert raw is not None
    assert corrected is not None
    observed, mean = formatting.share(t.test_rate), formatting.share(raw.mean)
    if t.w == 1.0:
        return (
            f"Without downsampling (w = 1) the correction changes nothing: the model's mean prediction is "
            f"{mean} against an observed click rate of {observed} "
            f"(calibration ratio {ratio_text(raw.ratio)})."
        )
    if mean == observed:
        moved = f"left the mean prediction at {observed}, the observed click rate"
    else:
        verb = "raised" if raw.mean > t.test_rate else "lowered"
        moved = f"{verb} the mean prediction from {observed} to {mean}"
    auc = _auc(corrected.auc)
    kept = f"leaves AUC at {auc}" if auc == _auc(raw.auc) else f"moves AUC to {auc}"
    return (
        f"Keeping {formatting.plain(t.w)} of the non-clicks {moved} (calibration ratio "
        f"{ratio_text(raw.ratio)}) while AUC is {_auc(raw.auc)}; the correction brings the ratio to "
        f"{ratio_text(corrected.ratio)} and {kept}."
    )


def _fitted_auc(name: str, s: Scored, raw: Scored) -> str:
    """How a fitted calibration's AUC relates to the raw model's."""
    auc, before = _auc(s.auc), _auc(raw.auc)
    if auc == before:
        return f"{name} keeps it at {auc}"
    if s.auc < 0.5 < raw.auc:
        return f"{name}'s fitted slope came out negative, which reverses the ranking (AUC {auc})"
    return f"{name}'s flat steps tie distinct scores, giving {auc}"


def monotone(r: Reading) -> str:
    """AUC reads only the order: strictly increasing maps keep it, ties from isotonic's steps move it."""
    t = r.trained
    raw = t.scored["none"]
    assert raw is not None
    head = f"AUC reads only the order of the predictions: the raw model scores {_auc(raw.auc)}"
    fitted = [(name, t.scored[key]) for key, name in FITTED_NAMES.items()]
    parts = [_fitted_auc(name, s, raw) for name, s in fitted if s is not None]
    if not parts:
        return f"{head}, and so does the correction, a strictly increasing map of it."
    return f"{head}; {'; '.join(parts)}."


def entropy(r: Reading) -> str:
    """NE of the shown predictions against the prior's 1 and the truth's."""
    s, label = r.current, CALIBRATION_TABLE[r.shown].adjective
    truth = r.rows[TRUTH]
    verdict = (
        "better than knowing only the base rate"
        if s.ne < 1.0
        else "worse than predicting the base rate for everyone"
    )
    return (
        f"NE of the {label} probabilities is {s.ne:.3f}: {verdict} (the prior baseline "
        f"scores 1.000); the true probabilities score {truth.ne:.3f}."
    )


def platt_or_isotonic(r: Reading) -> str | None:
    """Which fitted calibration scores the lower NE with this many calibration clicks, and why."""
    t = r.trained
    platt, iso = t.scored["platt"], t.scored["isotonic"]
    if platt is None or iso is None:
        return None
    clicks = formatting.count(t.calibration_clicks, "click")
    head = f"With {clicks} in the {t.calibration_rows:,} calibration impressions"
    zeros, clicked = zero_predictions(iso, t.y)
    if platt.ne <= iso.ne:
        reason = "two parameters need little data, while isotonic's free steps follow the noise"
        if clicked:
            reason = (
                f"isotonic predicts exactly 0 for {zeros:,} test impressions and "
                f"{formatting.count(clicked, 'click')} landed there, each a near-certain miss to log loss"
            )
        return f"{head}, Platt scores NE {platt.ne:.3f} and isotonic {iso.ne:.3f}: {reason}."
    return (
        f"{head}, isotonic scores NE {iso.ne:.3f} and Platt {platt.ne:.3f}: the steps have enough "
        "clicks to follow a shape a sigmoid cannot."
    )


def bidding(r: Reading) -> str:
    """What bidding the shown predictions wins, spends and earns, against the true probabilities."""
    o, label = r.outcome, CALIBRATION_TABLE[r.shown].adjective
    money = formatting.money
    result = f"a surplus of {money(o.surplus)}" if o.surplus >= 0 else f"a loss of {money(-o.surplus)}"
    return (
        f"At {money(r.value)} a click, bidding the {label} CTR wins {o.won:.0%} of auctions and spends "
        f"{money(o.spend)} per 1,000 impressions for {money(o.value)} of true value, {result}; bidding the "
        f"true probabilities earns the most, {money(r.best_surplus)}."
    )


def notice(r: Reading) -> tuple[str, ...]:
    """The sentences, most important first."""
    sentences = (downsampling(r), monotone(r), entropy(r), platt_or_isotonic(r), bidding(r))
    return tuple(s for s in sentences if s is not None)
