"""Threshold & error cost: where to put the decision threshold, and why."""

import streamlit as st

import datasets
from explorers import threshold as tx
from ui import page as kit
from ui import upload
from ui.cache import cache_model
from ui.controls import Choice, ControlGroup, Number, Slider, seed_control

PAGE = {
    "title": "Threshold & error cost",
    "icon": ":material/tune:",
    "section": "Evaluation",
    "stages": ("clarify", "evaluation"),
    "summary": "Turn scores into decisions: precision vs recall, error costs and prevalence.",
    "order": 10,
}

PREVALENCES = {
    None: "as data",
    0.001: "0.1%",
    0.005: "0.5%",
    0.01: "1%",
    0.02: "2%",
    0.05: "5%",
    0.1: "10%",
    0.2: "20%",
    0.3: "30%",
    0.5: "50%",
}

SPEC = kit.PageSpec(
    title="Threshold & error cost",
    question="Your classifier outputs a score. Where do you put the threshold, and why?",
    intro=(
        "The model is trained once per dataset, model, class balance and seed. The threshold is then "
        "chosen on a separate validation split (60/20/20 train/validation/test), never on the test set."
    ),
    groups=(
        ControlGroup(
            "Model: changing these retrains",
            (
                upload.dataset_choice("moons"),
                Choice("model", "Model", tx.MODELS, "logreg", widget="radio"),
                Slider(
                    "balance",
                    "Positive-class share",
                    0.02,
                    0.5,
                    0.3,
                    0.01,
                    format="%.2f",
                    help="Fraction of positives in the training and validation data.",
                ),
                seed_control(),
            ),
            caption="Training is cached: a combination you have seen before comes back instantly.",
            retrains=True,
        ),
        ControlGroup(
            "Decision: instant, the model is not retrained",
            (
                Slider(
                    "threshold",
                    "Threshold",
                    0.0,
                    1.0,
                    0.5,
                    0.01,
                    format="%.2f",
                    help="Flag an example as positive when its score is at least this.",
                ),
                Slider(
                    "beta",
                    "F-beta's beta",
                    0.25,
                    4.0,
                    1.0,
                    0.25,
                    format="%.2f",
                    help="beta > 1 weighs recall more, beta < 1 weighs precision more.",
                ),
                Number("cost_fp", "Cost of a false positive ($)", 0.01, 100_000.0, 1.0, 1.0, format="%.2f"),
                Number("cost_fn", "Cost of a false negative ($)", 0.01, 100_000.0, 5.0, 1.0, format="%.2f"),
                Choice(
                    "prevalence",
                    "Deployment prevalence",
                    PREVALENCES,
                    None,
                    widget="select_slider",
                    help="Share of positives in production. PR curves move with it; ROC curves do not.",
                ),
            ),
            columns=5,
        ),
    ),
    interview=tx.INTERVIEW,
)

train = cache_model(tx.train_and_score)


def _number_row(current: tx.Metrics, base: tx.Metrics) -> None:
    def number(label: str, now: float, then: float, colour: str = "normal") -> kit.KeyNumber:
        moved = abs(now - then) >= 0.005
        return kit.KeyNumber(
            label,
            f"{now:.2f}",
            f"{now - then:+.2f}" if moved else None,
            delta_color=colour,
            delta_description="vs 0.50" if moved else None,
        )

    kit.show_numbers(
        [
            number("Precision", current.precision, base.precision),
            number("Recall", current.recall, base.recall),
            number("F1", current.f1, base.f1),
            number(f"F-beta (beta={current.beta:g})", current.fbeta, base.fbeta),
            number("Accuracy", current.accuracy, base.accuracy),
            number("False-positive rate", current.fpr, base.fpr, "inverse"),
        ]
    )


def draw(v: kit.Values) -> list[str]:
    """Train (cached), then read the scores at the chosen threshold, costs and prevalence."""
    scored = train(v["dataset"], v["model"], v["balance"], v["seed"])
    y, scores = scored.y_val, scored.val_scores
    costs = {"cost_fp": v["cost_fp"], "cost_fn": v["cost_fn"], "prevalence": v["prevalence"]}
    current = tx.metrics_at(y, scores, v["threshold"], v["beta"])
    _number_row(current, tx.metrics_at(y, scores, tx.BASELINE_THRESHOLD, v["beta"]))

    left, right = st.columns([3, 2])
    with left:
        figure = tx.score_distribution_figure(
            y, scores, v["threshold"], scored.positive_label, scored.negative_label
        )
        kit.show_chart(figure, height=340)
    with right:
        confusion = tx.confusion_at(y, scores, v["threshold"])
        kit.show_chart(
            tx.confusion_matrix_figure(confusion, scored.positive_label, scored.negative_label), height=340
        )
    kit.explain(
        f"**{scored.dataset_name}.** {datasets.get_info(v['dataset']).description} "
        f"{y.size} validation examples, {int(y.sum())} of them {scored.positive_label}; the model was "
        f"fitted on {scored.n_train} training examples in {scored.fit_seconds * 1000:.0f} ms."
    )

    st.subheader("Precision-recall and ROC")
    kit.show_chart(tx.pr_roc_figure(tx.curves(y, scores, v["prevalence"]), current), height=460)

    st.subheader("Expected cost")
    curve = tx.expected_cost_curve(y, scores, **costs)
    tuned = tx.sklearn_tuned_threshold(scored, **costs)
    current_cost = curve.cost_at(v["threshold"])
    test_cost = tx.cost_per_1000(scored.y_test, scored.test_scores, curve.best_threshold, **costs)
    kit.chart_with_numbers(
        tx.cost_curve_figure(curve, v["threshold"], current_cost, tuned),
        [
            kit.KeyNumber("Cost per 1,000 at your threshold", f"${current_cost:,.0f}"),
            kit.KeyNumber(
                "Cost-optimal threshold",
                f"{curve.best_threshold:.2f}",
                help=f"Expected cost ${curve.best_cost:,.0f} per 1,000 on validation data.",
            ),
            kit.KeyNumber("TunedThresholdClassifierCV picks", f"{tuned:.2f}"),
            kit.KeyNumber(
                "Test cost at that threshold",
                f"${test_cost:,.0f}",
                help="The held-out test split, touched only to report this number.",
            ),
        ],
        height=380,
    )
    return tx.what_to_notice(
        scored, v["threshold"], v["beta"], **costs, sklearn_threshold=tuned, cost_curve=curve
    )


kit.render_page(SPEC, draw)
