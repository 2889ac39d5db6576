"""Charts render to PNG and SVG with titles, labelled axes and legends outside the plotting area."""

import itertools

import matplotlib.dates as mdates
import pandas as pd
import pytest
from conftest import FIXTURES
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

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


def voice_table(min_articles=5):
    from iiwork.analysis import trends

    rows = [("2026-09-01", f"Voltaic deal {i}") for i in range(4)] + [
        ("2026-09-02", f"Helio plant {i}") for i in range(2)
    ]
    rows += [("2026-09-15", "Voltaic hires"), ("2026-09-16", "Helio hires")]  # nothing in the week of 7 Sep
    rows += [("2026-09-21", f"Voltaic and Helio item {i}") for i in range(5)]
    df = pd.DataFrame(rows, columns=["published", "title"]).assign(summary=None)
    df["published"] = pd.to_datetime(df["published"], utc=True)
    names = {"Voltaic Storage": ["Voltaic"], "Helio Cell Works": ["Helio"]}
    return trends.share_of_voice(df, names, min_articles=min_articles)


def test_share_of_voice_is_lines_with_gaps_where_weeks_lack_articles():
    panels = charts.share_of_voice_chart(voice_table())
    assert "gaps: 2 of 4 weeks had fewer" in panels.get_supxlabel() and len(panels.axes) == 2  # a panel per company
    for fig in (panels, charts.share_of_voice_chart(voice_table(), ax=Figure().add_subplot())):
        lines = [line for ax in fig.axes for line in ax.get_lines() if len(line.get_xdata()) > 2]
        assert len(lines) == 2 and not [c for ax in fig.axes for c in ax.collections]  # lines, no stacked band
        for line in lines:
            shares = pd.Series(line.get_ydata(), dtype=float)
            assert len(shares) == 4 and shares.isna().tolist() == [False, True, True, False]
    fig = charts.share_of_voice_chart(voice_table(), min_articles=6)  # the chart's own minimum is stricter
    assert all(pd.isna(line.get_ydata()[-1]) for ax in fig.axes for line in ax.get_lines() if len(line.get_xdata()) > 2)
    one = charts.share_of_voice_chart(voice_table(), ax=Figure().add_subplot())
    label = " ".join(one.axes[0].get_xlabel().split())
    assert "5+ articles naming these companies" in label and "gaps: 2 of 4 weeks had fewer" in label


def test_voice_bars_compare_the_recent_share_with_the_earlier_one_largest_first():
    since = pd.Timestamp("2026-09-14", tz="UTC")  # from then on 6 of 12 mentions each; before, Voltaic 4 of 6
    fig = charts.voice_bars_chart(voice_table(), since=since, highlight="Helio Cell Works")
    ax = fig.axes[0]
    weights = {label.get_text(): label.get_fontweight() for label in ax.get_yticklabels()}
    assert list(weights) == ["Voltaic Storage", "Helio Cell Works"]  # a tie on the recent share: the earlier decides
    assert weights == {"Voltaic Storage": "normal", "Helio Cell Works": "bold"}
    assert [round(bar.get_width(), 3) for bar in ax.patches] == [0.5, 0.5, 0.667, 0.333]
    assert [text.get_text() for text in ax.texts] == ["50%", "50%", "67%", "33%"]  # the figures are written out
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["last 30 days", "before"]
    empty = charts.voice_bars_chart(voice_table().assign(mentions=0), since=since)
    assert any("no " in text.get_text() for text in empty.axes[0].texts)


def test_rising_term_panels_plot_each_terms_own_series_on_one_scale(sample_trends):
    fig = charts.rising_terms_chart(sample_trends.bursts)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    series = [tuple(pd.Series(ax.get_lines()[0].get_ydata(), dtype=float).fillna(-1).round(4)) for ax in panels]
    assert len(panels) == 6 and len(set(series)) == 6  # six different lines, not one spike six times
    assert all(ax.get_ylim() == panels[0].get_ylim() for ax in panels)  # one scale: a small share looks small
    assert max(max(s) for s in series) <= panels[0].get_ylim()[1]  # and nothing is clipped
    assert "gaps: 0 of" not in fig.get_supxlabel() and "5+ articles in all" in fig.get_supxlabel()


def test_rising_terms_leave_weeks_with_too_few_articles_as_gaps():
    week = pd.Timestamp("2026-06-01", tz="UTC")
    bursts = pd.DataFrame(
        {
            "period": [week, week + pd.Timedelta(weeks=1), week + pd.Timedelta(weeks=3)],  # week 3 missing
            "term": "grid",
            "count": [3, 1, 2],
            "total": [10, 1, 8],
            "burst": [False, False, True],
        }
    )
    ax = charts.rising_terms_chart(bursts).axes[0]
    shares = pd.Series(ax.get_lines()[0].get_ydata(), dtype=float)
    assert shares.round(3).fillna(-1).tolist() == [0.3, -1, -1, 0.25]  # 1 of 1 is no 100%, and no line across


def test_volume_counts_a_week_without_articles_as_zero():
    week = pd.Timestamp("2026-06-01", tz="UTC")
    table = pd.DataFrame({"period": [week, week + pd.Timedelta(weeks=3)], "company": "V", "articles": [4, 6]})
    line = charts.volume_chart(table).axes[0].get_lines()[0]
    assert list(line.get_ydata()) == [4, 0, 0, 6]


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
    thank_title = charts.thank_you_chart(activity).axes[0].get_title(loc="left")
    assert thank_title == "Thank-yous: 50% sent within 24 h; 1 to send, due in 22 h"
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


def bars(ax):
    return [patch for patch in ax.patches if patch.get_height() > 0]


@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_activity_bars_sit_over_their_period_and_never_past_now(activity, tmp_path, freq):  # activity: TZ=UTC
    from test_activity import NOW, build_search

    with Workbook(tmp_path / freq) as wb:
        build_search(wb)
        act = wb.activity(now=NOW, freq=freq)
    ax = charts.activity_chart(act).axes[0]
    now = mdates.date2num(pd.Timestamp(NOW))
    step = {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1), "M": pd.DateOffset(months=1)}[freq]
    starts = [mdates.date2num(p) for p in act.weekly["period"].unique()]
    ends = [mdates.date2num(p + step) for p in act.weekly["period"].unique()]
    for patch in bars(ax):
        left, right = patch.get_x(), patch.get_x() + patch.get_width()
        assert right <= now + 1e-9  # nothing drawn in the future
        assert any(start <= left and right <= end for start, end in zip(starts, ends))  # inside its own period
    ticks = [mdates.num2date(t) for t in ax.get_xticks()]
    assert all(mdates.date2num(t) in starts for t in ticks)  # a tick is a period's start...
    first = ax.get_xticklabels()[0].get_text()
    assert first.startswith("Nov" if freq == "M" else "2 Nov")  # ...labelled with that start's date
    if freq == "W":
        assert all(t.weekday() == 0 for t in ticks) and "Monday" in ax.get_xlabel()


def test_this_weeks_bars_fit_between_monday_and_now(activity):
    ax = charts.activity_chart(activity).axes[0]
    monday, now = mdates.date2num(pd.Timestamp("2026-11-23", tz="UTC")), mdates.date2num(activity.now)
    this_week = [p for p in bars(ax) if p.get_x() >= monday]
    assert len(this_week) == 3 and max(p.get_x() + p.get_width() for p in this_week) <= now  # requests, held, referral


def test_thank_you_title_counts_a_thank_you_still_due(tmp_path, monkeypatch):
    from datetime import UTC, datetime

    from iiwork.demo.demo_search import seed_search

    monkeypatch.setenv("TZ", "UTC")
    with Workbook(tmp_path / "demo") as wb:
        seed_search(wb.workspace, now=datetime(2026, 11, 27, 12, tzinfo=UTC))
        act = wb.activity(now=datetime(2026, 11, 27, 12, tzinfo=UTC))
    assert act.thank_you_on_time is None  # none sent and none late: nothing to judge yet, but one is due
    title = charts.thank_you_chart(act).axes[0].get_title(loc="left")
    assert title == "Thank-yous: 1 to send, due in 2 h" and "none due" not in title


def test_how_known_draws_one_bar_per_source_split_and_sorted_by_share_met(activity):
    fig = charts.how_known_chart(activity)
    ax = fig.axes[0]
    order = [label.get_text() for label in ax.get_yticklabels()]
    shares = activity.sources.set_index("how_known")["conversion"]
    assert [shares[o] for o in order] == sorted(shares, reverse=True)  # highest share met at the top
    rows = {}
    for patch in bars(ax):  # the parts of one bar sit end to end: no bar drawn inside another
        rows.setdefault(round(patch.get_y(), 3), []).append((patch.get_x(), patch.get_x() + patch.get_width()))
        assert patch.get_height() == pytest.approx(0.6)
    for parts in rows.values():
        parts.sort()
        assert all(a[1] == pytest.approx(b[0]) for a, b in itertools.pairwise(parts))
    totals = {round(y, 3): parts[-1][1] for y, parts in rows.items()}
    assert sorted(totals.values()) == sorted(activity.sources["contacts"].tolist())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["met (interview held)", "asked, not met", "not asked yet"]


@pytest.fixture
def targets_table(tmp_path, monkeypatch):
    from test_network import NOW, build_network

    from iiwork.search.network import targets

    monkeypatch.setenv("TZ", "UTC")
    with Workbook(tmp_path / "network") as wb:
        build_network(wb, tmp_path)
        yield targets(wb.workspace, now=NOW)


def test_targets_chart_draws_momentum_and_people_per_company_in_the_tables_order(targets_table, tmp_path):
    fig = charts.targets_chart(targets_table)
    charts.save_chart(fig, str(tmp_path / "targets.png"))
    assert (tmp_path / "targets.png").stat().st_size > 10_000
    news, people = fig.axes
    assert news.get_title(loc="left") and people.get_title(loc="left") and news.get_xlabel() and people.get_xlabel()
    companies = targets_table["company"].tolist()
    labels = {round(tick): label.get_text() for tick, label in zip(news.get_yticks(), news.get_yticklabels())}
    assert [labels[row] for row in sorted(labels, reverse=True)] == [f"{i}. {c}" for i, c in enumerate(companies, 1)]

    def widths(ax, label):  # bar lengths of one series, top row (the first company) first
        (series,) = [c for c in ax.containers if c.get_label() == label]
        return [p.get_width() for p in sorted(series.patches, key=lambda p: -p.get_y())]

    assert widths(news, "articles, last 30 days") == targets_table["articles_30d"].tolist()
    assert widths(news, "articles, the 30 days before") == targets_table["articles_prior_30d"].tolist()
    assert widths(people, "people you know there") == targets_table["people"].tolist()
    assert widths(people, "referred to, not reached yet") == targets_table["referrals_pending"].tolist()
    drawn = texts(fig)
    assert "+3" in drawn and "−2" in drawn  # Voltaic's rise, Northwind's fall
    assert "Next: ask Ada Stone for a conversation" in drawn
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "articles, last 30 days",
        "articles, the 30 days before",
        "people you know there",
        "referred to, not reached yet",
    ]


def test_targets_chart_of_no_companies_says_so(tmp_path):
    from iiwork.search.network import targets

    with Workbook(tmp_path / "none") as wb:
        fig = charts.targets_chart(targets(wb.workspace))
    charts.save_chart(fig, str(tmp_path / "none.png"))
    assert "no companies followed yet" in texts(fig)
