"""The chart theme: colour-blind-safe palette, and presentation mode really enlarges fonts."""

import plotly.graph_objects as go

from explorers import charts


def test_palette_is_okabe_ito_and_the_default_template():
    import ui.page  # noqa: F401  (imports Streamlit's plotly module, which sets its own default)

    assert charts.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    figure = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
    template = figure.layout.template.layout
    assert tuple(template.colorway) == charts.PALETTE
    assert template.font.size == charts.BASE_FONT_SIZE


def test_presentation_mode_enlarges_fonts_and_heatmap_text():
    figure = go.Figure(
        [go.Heatmap(z=[[1, 2], [3, 4]], text=[["a", "b"], ["c", "d"]], texttemplate="%{text}")]
    )
    charts.apply_theme(figure, presentation=True, height=300)
    assert figure.layout.font.size == charts.PRESENTATION_FONT_SIZE > charts.BASE_FONT_SIZE
    assert figure.data[0].textfont.size == charts.PRESENTATION_FONT_SIZE
    assert figure.layout.height == 300


def test_normal_mode_keeps_the_template_font():
    charts.use_theme()
    figure = charts.apply_theme(go.Figure(go.Scatter(x=[0], y=[0])), presentation=False)
    assert figure.layout.font.size is None
    assert figure.layout.template.layout.font.size == charts.BASE_FONT_SIZE
