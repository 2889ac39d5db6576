"""Charts render to PNG and SVG with titles, labelled axes and legends outside the plotting area."""

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
import pytest
from conftest import FIXTURES

from iiwork import InvalidInput, Workbook, charts

SAMPLE_FEEDS = sorted(str(p) for p in (FIXTURES.parents[1] / "data" / "sample" / "feeds").glob("*.xml"))
COMPANIES = ["Voltaic Storage", "Northwind Grid Systems", "Helio Cell Works", "Ampere Ridge"]


@pytest.fixture(scope="module")
def sample_trends(tmp_path_factory):
    with Workbook(tmp_path_factory.mktemp("ws")) as wb:
        wb.gather(company="Voltaic Storage", feeds=SAMPLE_FEEDS)
        yield wb.trends(company=COMPANIES, since="2026-01-01")


def all_charts(found):
    return {
        "volume": charts.volume(found.publishers.rename(columns={"publisher": "company"})),
        "share_of_voice": charts.share_of_voice(found.share_of_voice),
        "rising_terms": charts.rising_terms(found.bursts),
        "event_types": charts.event_types(found.events),
        "source_mix": charts.source_mix(found.publishers),
        "dashboard": charts.dashboard(found),
    }


def test_every_chart_renders_with_title_labels_and_outside_legend(sample_trends, tmp_path):
    for name, fig in all_charts(sample_trends).items():
        path = tmp_path / f"{name}.png"
        charts.save(fig, str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000, name
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        for ax in (a for a in fig.axes if a.get_visible()):
            assert ax.get_title(loc="left"), name
            assert ax.get_xlabel(), name
            legend = ax.get_legend()
            if legend is not None:
                assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1 - 1, name


def test_legend_keeps_at_most_eight_lines_and_sums_the_rest(sample_trends):
    many = sample_trends.publishers.rename(columns={"publisher": "company"})
    fig = charts.volume(many, keep=4)
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == 4 and labels[-1] == "other"
    plotted = sum(line.get_ydata().sum() for line in fig.axes[0].get_lines())
    assert plotted == many["articles"].sum()  # nothing hidden: the rest is summed into 'other'


def test_empty_tables_draw_a_message_not_an_error(tmp_path):
    empty = pd.DataFrame(columns=["period", "company", "articles", "mentions", "share", "term", "count", "total",
                                  "burst", "event_type", "publisher"])  # fmt: skip
    for fig in (charts.volume(empty), charts.share_of_voice(empty), charts.rising_terms(empty),
                charts.event_types(empty), charts.source_mix(empty)):  # fmt: skip
        charts.save(fig, str(tmp_path / "empty.svg"))
        assert any("no " in text.get_text() for text in fig.axes[0].texts)


def test_save_refuses_other_formats_and_unwritable_paths(sample_trends, tmp_path):
    fig = charts.source_mix(sample_trends.publishers)
    with pytest.raises(InvalidInput, match="png or .svg"):
        charts.save(fig, str(tmp_path / "chart.gif"))
    with pytest.raises(InvalidInput, match="cannot write"):
        charts.save(fig, str(tmp_path / "missing-dir" / "chart.png"))
