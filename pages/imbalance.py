"""Class imbalance: how to train and evaluate a classifier when the positive class is rare."""

import streamlit as st

import datasets
from datasets.errors import UserFacingError
from explorers import imbalance as ix
from ui import page as kit
from ui import upload
from ui.cache import cache_data, cache_model
from ui.controls import Choice, ControlGroup, MultiChoice, Slider, Toggle, seed_control

PAGE = {
    "title": "Class imbalance",
    "icon": ":material/balance:",
    "section": "Training data",
    "stages": ("data", "evaluation"),
    "summary": "Rare positives: resampling, class weights or threshold moving, and metrics that do not lie.",
    "order": 10,
}

SPEC = kit.PageSpec(
    title="Class imbalance",
    question="Only 1% of transactions are fraud. How do you train and evaluate a model on this data?",
    intro=(
        "The minority class is the positive one. Every seed draws the data at exactly the chosen ratio, "
        "splits it 75/25 (stratified), and resamples only the training split, inside an imbalanced-learn "
        "Pipeline. Threshold moving picks its threshold by cross-validation on the training split; the test "
        "split is only scored."
    ),
    groups=(
        ControlGroup(
            "Data and model: changing these retrains",
            (
                upload.dataset_choice("moons"),
                Choice(
                    "ratio",
                    "Imbalance ratio",
                    {ratio: ix.ratio_label(ratio) for ratio in ix.RATIOS},
                    20,
                    widget="select_slider",
                    help="Minority : majority. 1:20 is one minority example per 20 majority ones (4.8%).",
                ),
                Choice(
                    "samples",
                    "Samples (about)",
                    {n: f"{n:,}" for n in ix.SAMPLE_SIZES},
                    2000,
                    widget="select_slider",
                    help="Rows drawn per seed; rounded so the ratio is exact. The tables hold fewer rows.",
                ),
                Choice("model", "Base model", ix.MODELS, "gbm", widget="radio"),
                Slider(
                    "seeds",
                    "Seeds (repeated runs)",
                    1,
                    ix.MAX_SEEDS,
                    5,
                    1,
                    help="Each seed draws new data and a new split; the table shows mean ± std. deviation.",
                ),
                seed_control(),
            ),
            caption="Results are cached per setting: a combination seen before comes back instantly.",
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Strategies: each trains once per setting, then comes from the cache",
            (
                MultiChoice(
                    "strategies",
                    "Strategies to compare",
                    ix.STRATEGIES,
                    ("none", "weights", "smote", "threshold"),
                    help="Adding a strategy trains only that one.",
                ),
                Slider(
                    "k",
                    "k_neighbors (SMOTE, ADASYN)",
                    1,
                    15,
                    5,
                    1,
                    help="Neighbours SMOTE interpolates between; lowered when the minority is too small.",
                ),
                Toggle(
                    "leaky",
                    "Also resample before the split (leaky)",
                    help="The common mistake: resample everything, then split. Shown beside the correct run.",
                ),
                Choice(
                    "calibrate",
                    "Resampler in the calibration panel",
                    {key: ix.STRATEGIES[key] for key in ix.RESAMPLERS},
                    "smote",
                ),
            ),
            columns=2,
            retrains=True,
        ),
        ControlGroup(
            "Reading: instant, nothing retrains",
            (
                Choice("sort_by", "Sort the table by", ix.METRICS, "pr_auc"),
                Choice(
                    "bins",
                    "Reliability bins",
                    {5: "5", 10: "10", 20: "20"},
                    10,
                    widget="select_slider",
                    help="Equal-width probability bins of the reliability curves.",
                ),
            ),
            columns=4,
        ),
    ),
    interview=ix.INTERVIEW,
)

evaluate = cache_data(ix.evaluate_strategy)
calibrate = cache_data(ix.calibrate_resampler)
plane_view = cache_model(ix.plane_data)


def _numbers(headlines: list[ix.Headline]) -> list[kit.KeyNumber]:
    return [
        kit.KeyNumber(h.label, h.value, delta=h.delta, help=h.help, delta_description=h.delta_description)
        for h in headlines
    ]


def _calibration(v: kit.Values, run: ix.RunStrategy, none: ix.StrategyResult) -> ix.Calibration | str:
    """The calibration panel's data (training CalibratedClassifierCV once per setting), or why not."""
    resampler = v["calibrate"]
    calibrated = calibrate(
        v["dataset"], v["ratio"], v["samples"], v["model"], resampler, k=run.k_for(resampler), seeds=run.seeds
    )
    try:
        return ix.calibration(none, run(resampler), calibrated)
    except UserFacingError as problem:
        return str(problem)


def _calibration_panel(v: kit.Values, cal: ix.Calibration | str) -> ix.Calibration | None:
    """Reliability curves and Brier scores before/after resampling and after the two fixes."""
    st.subheader("Calibration: resampling distorts probabilities")
    if isinstance(cal, str):
        st.warning(cal, icon=":material/warning:")
        return None
    numbers = []
    for variant in ix.CALIBRATION_VARIANTS:
        mean, spread = cal.brier(variant)
        numbers.append(
            kit.KeyNumber(
                f"Brier, {cal.short_label(variant)}", f"{mean:.3f}", help=f"± {spread:.3f} over seeds."
            )
        )
    kit.chart_with_numbers(ix.reliability_figure(cal, v["bins"]), numbers, height=440)
    kit.explain(ix.calibration_caption(cal))
    return cal


def draw(v: kit.Values) -> list[str]:
    """Train every picked strategy on every seed (cached per strategy), then table, curves and panels."""
    picked = tuple(v["strategies"])
    if not picked:
        raise UserFacingError("Pick at least one strategy to compare.")
    plan = ix.plan_data(v["dataset"], v["ratio"], v["samples"])
    seeds = ix.seed_range(v["seed"], v["seeds"])
    info = datasets.get_info(v["dataset"])
    run = ix.RunStrategy(evaluate, v["dataset"], v["ratio"], v["samples"], v["model"], v["k"], seeds)
    with st.spinner(f"Training {len(picked)} strategies on {len(seeds)} seeds…"):
        results = [run(strategy) for strategy in picked]
        if v["leaky"]:
            results += [run(strategy, leaky=True) for strategy in picked if ix.can_leak(strategy)]
        none = run("none")
        cal = _calibration(v, run, none)
        view = plane_view(v["dataset"], v["ratio"], v["samples"], seeds[0])

    kit.show_numbers(_numbers(ix.headline(plan, results, none, info.positive_label)))
    kit.explain(ix.data_caption(plan, info, v["samples"], seeds))
    for line in ix.messages(results):
        st.info(line, icon=":material/info:")

    st.subheader("Metrics per strategy")
    st.table(ix.marked_table(results, v["sort_by"]), hide_index=True)
    kit.explain(f"{ix.TABLE_CAPTION}\n\n{ix.row_notes(results, v['sort_by'])}")

    st.subheader("Precision-recall curves")
    kit.show_chart(ix.pr_figure(results, plan.minority_share), height=ix.pr_height(results))

    st.subheader(f"Decision boundaries (seed {seeds[0]})")
    if ix.panel_count(results):
        kit.show_chart(
            ix.boundaries_figure(view, results), height=ix.boundaries_height(ix.panel_count(results))
        )
        kit.explain(ix.boundaries_caption(view))
    else:
        st.info("No picked strategy ran, so there is no boundary to draw.", icon=":material/info:")

    shown = _calibration_panel(v, cal)
    return ix.what_to_notice(plan, results, none, info.positive_label, shown)


kit.render_page(SPEC, draw)
