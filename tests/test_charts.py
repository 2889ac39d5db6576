"""Charts render to PNG and SVG with titles, labelled axes and legends outside the plotting area."""

import pandas as pd
import pytest
from conftest import FIXTURES
from matplotlib.backends.backend_agg import FigureCanvasAgg

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
        "volume": charts.volume_chart(found.publishers.rename(columns={"publisher": "company"})),
        "share_of_voice": charts.share_of_voice_chart(found.share_of_voice),
        "rising_terms": charts.rising_terms_chart(found.bursts),
        "event_types": charts.event_types_chart(found.events),
        "source_mix": charts.source_mix_chart(found.publishers),
        "dashboard": charts.news_dashboard(found),
    }


def test_every_chart_renders_with_title_labels_and_outside_legend(sample_trends, tmp_path):
    for name, fig in all_charts(sample_trends).items():
        path = tmp_path / f"{name}.png"
        charts.save_chart(fig, str(path))
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
    fig = charts.volume_chart(many, keep=4)
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == 4 and labels[-1] == "other"
    plotted = sum(line.get_ydata().sum() for line in fig.axes[0].get_lines())
    assert plotted == many["articles"].sum()  # nothing hidden: the rest is summed into 'other'


def test_empty_tables_draw_a_message_not_an_error(tmp_path):
    empty = pd.DataFrame(
        columns=[
            "period",
            "company",
            "articles",
            "mentions",
            "share",
            "term",
            "count",
            "total",
            "burst",
            "event_type",
            "publisher",
        ]
    )
    for fig in (
        charts.volume_chart(empty),
        charts.share_of_voice_chart(empty),
        charts.rising_terms_chart(empty),
        charts.event_types_chart(empty),
        charts.source_mix_chart(empty),
    ):
        charts.save_chart(fig, str(tmp_path / "empty.svg"))
        assert any("no " in text.get_text() for text in fig.axes[0].texts)


def test_save_refuses_other_formats_and_unwritable_paths(sample_trends, tmp_path):
    fig = charts.source_mix_chart(sample_trends.publishers)
    with pytest.raises(InvalidInput, match="png or .svg"):
        charts.save_chart(fig, str(tmp_path / "chart.gif"))
    with pytest.raises(InvalidInput, match="missing-dir does not exist"):
        charts.save_chart(fig, str(tmp_path / "missing-dir" / "chart.png"))


# Activity charts


@pytest.fixture
def activity(tmp_path, monkeypatch):
    from test_activity import NOW, build_search

    monkeypatch.setenv("TZ", "UTC")
    with Workbook(tmp_path / "search") as wb:
        build_search(wb)
        yield wb.activity(now=NOW)


ACTIVITY_CHARTS = (
    "activity_chart",
    "funnel_chart",
    "response_chart",
    "thank_you_chart",
    "referral_tree_chart",
    "how_known_chart",
)


def texts(fig) -> list[str]:
    found = [t.get_text() for ax in fig.axes for t in ax.texts]
    found += [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    found += [t.get_text() for t in fig.texts] + [t.get_text() for sub in fig.subfigs for t in sub.texts]
    return [" ".join(text.split()) for text in found]


def test_every_activity_chart_renders_with_title_labels_and_its_next_action(activity, tmp_path):
    expected = {
        "activity_chart": activity.actions["overdue"],
        "funnel_chart": activity.actions["funnel"],
        "response_chart": activity.actions["overdue"],
        "thank_you_chart": activity.actions["thank_you"],
        "referral_tree_chart": activity.actions["referrals"],
        "how_known_chart": activity.actions["sources"],
    }
    for name in ACTIVITY_CHARTS:
        fig = getattr(charts, name)(activity)
        path = tmp_path / f"{name}.png"
        charts.save_chart(fig, str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000, name
        ax = fig.axes[0]
        assert ax.get_title(loc="left") and ax.get_xlabel(), name
        assert f"Next: {expected[name]}" in texts(fig), name


def test_activity_charts_show_the_figures(activity):
    assert charts.response_chart(activity).axes[0].get_title(loc="left") == "Replies: 83% of requests answered (5 of 6)"
    assert charts.thank_you_chart(activity).axes[0].get_title(loc="left") == "Thank-yous: 50% sent within 24 h"
    funnel = texts(charts.funnel_chart(activity))
    assert "5 (62% of requested)" in funnel and "8 (89% of identified) stopped here: 1 declined, 1 no reply" in funnel
    weekly = charts.activity_chart(activity).axes[0]
    assert "overdue follow-up (2), at its due date" in [t.get_text() for t in weekly.get_legend().get_texts()]
    thanks = texts(charts.thank_you_chart(activity))
    assert "9 days, not sent yet" in thanks and "due in 22 h" in thanks
    assert "3 of 3 met (100%)" in texts(charts.how_known_chart(activity))


def test_referral_tree_draws_the_linked_people_by_depth(activity):
    fig = charts.referral_tree_chart(activity)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Referral tree: 9 people, up to 4 steps from a first contact"
    drawn = texts(fig)
    for name in (
        "Ana Ruiz",
        "Chloe Martin",
        "Dev Patel",
        "Eva Lind",
        "Jo Park",
        "someone at Helio Cell Works",
        "Kim Ng",
    ):
        assert any(text.startswith(name) for text in drawn), name
    assert not any(text.startswith("Ivan Roy") for text in drawn)  # nobody referred him and he referred nobody
    assert "not shown: 3 contacts with no referral link yet" in drawn
    depth_of = {t.get_text().split("\n")[0]: round(t.get_position()[0]) for t in ax.texts if "\n" in t.get_text()}
    assert depth_of["Ana Ruiz"] == 0 and depth_of["Eva Lind"] == 3 and depth_of["Jo Park"] == 4


def test_activity_dashboard_has_every_panel_and_the_next_actions(activity, tmp_path):
    fig = charts.activity_dashboard(activity, title="My search")
    charts.save_chart(fig, str(tmp_path / "dashboard.png"))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert len(titles) == 6 and all(titles)
    assert fig.get_suptitle() == "My search, 27 Nov 2026"
    assert f"• {activity.next_actions[0]}" in texts(fig)[-1]


def test_empty_activity_draws_messages_and_the_first_step(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    with Workbook(tmp_path / "empty") as wb:
        empty = wb.activity()
    for name in (*ACTIVITY_CHARTS, "activity_dashboard"):
        fig = getattr(charts, name)(empty)
        charts.save_chart(fig, str(tmp_path / f"{name}.png"))
        drawn = texts(fig)
        assert any(text.startswith("no ") for text in drawn), name
        assert any("add a contact and ask for a first conversation" in text for text in drawn), name
