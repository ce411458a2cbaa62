"""What miscalibration costs: a second-price auction per test impression.

The advertiser bids predicted CTR × value per click. The highest competing bid is drawn once per
impression (``training.competing_bids``). Winning pays the competing bid; the impression is worth
the TRUE click probability × value per click. Bidding the true probability maximises the expected
surplus on every impression (bid your value in a second-price auction), so it is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PER = 1000  # money is reported per this many impressions auctioned


@dataclass(frozen=True)
class Outcome:
    """One bidding strategy's result, per PER impressions auctioned."""

    won: float  # share of auctions won
    spend: float  # $ paid (the competing bids of the auctions won)
    value: float  # $ the won impressions are truly worth (true CTR × value per click)

    @property
    def surplus(self) -> float:
        """Value minus spend: the advertiser's profit."""
        return self.value - self.spend


def auction(
    predicted: np.ndarray, truth: np.ndarray, competing: np.ndarray, value_per_click: float
) -> Outcome:
    """Bid ``predicted`` × value per click on every impression against its ``competing`` bid."""
    won = predicted * value_per_click > competing
    scale = PER / predicted.size
    return Outcome(
        won=float(won.mean()),
        spend=float(competing[won].sum() * scale),
        value=float(truth[won].sum() * value_per_click * scale),
    )
