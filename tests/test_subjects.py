"""Subjects: the names in a title and opening, the figures, and when two reports conflict or tell one event."""

import pytest

from iiwork.analysis.subjects import article_subjects, conflict, report_figures, same_event, strip_dateline

RELEASE = (
    "{city}, {state}, Nov. 3, 2026 /PRNewswire/ -- {name} (NYSE: {ticker}) today reported third-quarter revenue of "
    "${revenue} million, up {growth}% from a year earlier."
)


def subjects(*rows: tuple[str, str]):
    return article_subjects([title for title, _ in rows], [opening for _, opening in rows])


def release(name: str, ticker: str, revenue: int, growth: int, *, title_case: bool = True) -> tuple[str, str]:
    title = f"{name} Reports Third Quarter 2026 Results" if title_case else f"{name} reports third quarter results"
    opening = RELEASE.format(city="AUSTIN", state="Texas", name=name, ticker=ticker, revenue=revenue, growth=growth)
    return title, opening


def test_templated_releases_of_different_organisations_conflict():
    a, b, c = subjects(
        release("Voltaic Storage", "VLTS", 334, 27),
        release("Northwind Grid Systems", "NWGS", 597, 29),
        release("Voltaic Storage", "VLTS", 334, 27, title_case=False),
    )
    assert conflict(a, b) and not same_event(a, b, alike=True, same_type=True)
    assert not conflict(a, c) and same_event(a, c, same_type=True)


def test_a_paraphrase_by_another_outlet_names_the_same_subject_and_figures():
    wire, rewrite = subjects(
        release("Voltaic Storage", "VLTS", 334, 27),
        ("Voltaic Q3 revenue rises 27% to $334M", "The Reno battery maker beat forecasts."),
    )
    assert "voltaic" in wire.title and "voltaic" in rewrite.title
    assert {"$334m", "27%"} <= wire.figures & rewrite.figures
    assert same_event(wire, rewrite)


def test_different_figures_of_one_kind_in_the_titles_conflict_but_share_prices_do_not():
    a, b, c, d = subjects(
        ("Voltaic Storage secures $230 million green bond", ""),
        ("Voltaic Storage secures $210 million strategic investment", ""),
        ("Meta stock surges 10% on strong results", ""),
        ("Meta stock surges 12% after hours on strong results", ""),
    )
    assert conflict(a, b)
    assert not conflict(c, d)


def test_two_hires_at_one_company_conflict_when_most_of_their_names_differ():
    hire_a, hire_b, same_hire = subjects(
        ("Northwind Grid names former Cobalt Plains executive Rosalind Jessop CTO", "She starts in May."),
        ("Northwind Grid names former Stillwater Turbines executive Vesna Thorncroft CFO", "She starts in June."),
        ("Rosalind Jessop to lead technology at Northwind Grid", "The Cobalt Plains veteran starts in May."),
    )
    assert conflict(hire_a, hire_b)
    assert not conflict(hire_a, same_hire) and same_event(hire_a, same_hire, same_type=True)


def test_reworded_reports_of_one_event_without_a_shared_figure_join_on_what_happened():
    first, second, other = subjects(
        ("Pentra Medical Initiates Voluntary Recall of Pentra Flow Insulin Pumps", ""),
        ("Pentra recalls 14,000 insulin pumps over battery fault", ""),
        ("Pentra Medical names a new chief financial officer", ""),
    )
    assert same_event(first, second)
    assert not same_event(first, other)


def test_title_case_titles_read_names_from_how_the_batch_writes_them():
    title, _ = subjects(
        ("Helio Cell Works Appoints Dana Reyes As Chief Technology Officer", ""),
        ("Helio names a technology chief", "Helio Cell Works said Dana Reyes joins from Arden Semiconductor."),
    )
    assert {"helio", "reyes"} <= title.title
    assert "appoints" not in title.title and "chief" not in title.title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MINNEAPOLIS, Minn., Sept. 15, 2026 /StoragePR/ -- Northwind will host", "Northwind will host"),
        ("WASHINGTON (Reuters) - The Fed held rates", "The Fed held rates"),
        ("LONDON -- Shares fell", "Shares fell"),
        ("Voltaic Storage said - then it did", "Voltaic Storage said - then it did"),
        ("US - China talks resume", "US - China talks resume"),
    ],
)
def test_strip_dateline_removes_only_an_opening_dateline(text, expected):
    assert strip_dateline(text) == expected


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("$320M notes", {"$320m"}),
        ("$320 million notes", {"$320m"}),
        ("a $1.35 billion deal, up 27 percent", {"$1.35b", "27%"}),
        ("a 250 MW / 1,000 MWh system for 4-hour use", {"250mw", "1000mwh", "4hour"}),
        ("no figures in 2026", set()),
    ],
)
def test_report_figures_are_written_one_way(text, figures):
    assert report_figures(text) == figures


def test_empty_and_foreign_text_has_no_subjects():
    empty, foreign = subjects(("", ""), ("文章标题", "中文内容。"))
    assert not empty.title and not empty.figures
    assert not conflict(empty, foreign)
