"""Calibrated probabilities for ads: negative downsampling, normalised entropy and the bid."""

import streamlit as st

from explorers import ads_calibration as ads
from ui import page as kit
from ui.controls import Choice, ControlGroup, Slider, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Calibrated probabilities for ads",
    "icon": ":material/ads_click:",
    "section": "Evaluation",
    "stages": ("evaluation", "model"),
    "summary": "AUC ranks, bids need probabilities: downsampling, its correction, Platt, isotonic and NE.",
    "order": 30,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=ads,
    groups=(
        ControlGroup(
            "Data and model: changing these retrains",
            (
                Choice(
                    "ctr",
                    "Base CTR",
                    ads.CTRS,
                    0.01,
                    widget="select_slider",
                    help="The share of impressions that are clicked, on average.",
                ),
                Choice(
                    "w",
                    "Downsampling rate w",
                    ads.RATES,
                    0.1,
                    widget="select_slider",
                    help="Negative downsampling: the training log keeps every click and this share of the "
                    "non-clicks.",
                ),
                Choice("model", "Model", ads.MODELS, "logreg"),
                Choice(
                    "calibration_size",
                    "Calibration set (impressions)",
                    ads.CALIBRATION_SIZES,
                    20_000,
                    widget="select_slider",
                    help="Held-out impressions, not downsampled, that Platt and isotonic are fitted on.",
                ),
                seed_control(),
            ),
            caption="Each setting trains once; every calibration is fitted with it, so switching is instant.",
            columns=3,
            retrains=True,
            short="Data and model",
        ),
        ControlGroup(
            "Reading: instant, nothing retrains",
            (
                Choice(
                    "calibration",
                    "Calibration",
                    ads.CALIBRATIONS,
                    "none",
                    widget="radio",
                    help="Which probabilities the diagram, the cards and the bids use.",
                ),
                Slider(
                    "value",
                    "Value per click ($)",
                    0.25,
                    4.0,
                    1.0,
                    0.25,
                    format="$%.2f",
                    help="What a click is worth to the advertiser; the bid is predicted CTR × this.",
                ),
            ),
            columns=2,
            short="Reading",
        ),
    ),
    stage=kit.Stage(("w", "model", "calibration"), chart="reliability"),
)


def draw(view: ads.AdsCalibrationView) -> None:
    """The diagram's caption, the table of every calibration, the auction, the data."""
    kit.explain(view.reliability_caption)

    st.subheader("Every calibration of this model")
    show_table(view.table)
    kit.explain(view.table_caption)

    st.subheader("What miscalibration costs: the bid")
    kit.show_chart(view.auction)
    kit.explain(view.auction_caption)

    st.subheader("Where the data comes from")
    kit.explain(view.data_caption)


kit.render_page(SPEC, draw)
