"""The digest of what is new since you last looked, over a real workspace gathered from the sample feeds."""

from __future__ import annotations

import re
import shutil
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser
import pytest

from iiwork import InvalidInput, Workbook
from iiwork.brief.digest import (
    Digest,
    DigestSection,
    build_digest,
    digest_atom,
    digest_html,
    digest_markdown,
    first_sentence,
    http_link,
    record_digest,
)
from iiwork.queries import read_stories
from iiwork.times import iso

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "companies.json"
NOW = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)  # the day after the sample's last dated news
LATER = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # new items written by the tests are dated from here


@pytest.fixture(scope="module")
def gathered(tmp_path_factory) -> Path:
    """The sample's companies and industry followed and their feeds gathered, once for the module."""
    path = tmp_path_factory.mktemp("sample") / "ws"
    with Workbook(path) as wb:
        wb.import_companies(SAMPLE)
        wb.gather(progress=False)
    return path


@pytest.fixture
def wb(gathered, tmp_path, monkeypatch):
    """A copy of the gathered workspace, in a process whose local time is UTC (dates without a zone are local)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    copy = tmp_path / "ws"
    shutil.copytree(gathered, copy)
    with Workbook(copy) as workbook:
        yield workbook
    monkeypatch.undo()
    time.tzset()


def write_rss(path: Path, items: list[tuple[str, str, datetime | None]], *, title: str = "Test Wire") -> str:
    """A small RSS 2.0 file of (title, link, published or None) items; returns its path."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        + (f"<pubDate>{format_datetime(when)}</pubDate>" if when else "")
        + f"<description>{escape(t)}. More to follow.</description></item>"
        for t, link, when in items
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>https://wire.example/</link>'
        f"<description>test</description>{entries}</channel></rss>",
        encoding="utf-8",
    )
    return str(path)


def headlines(digest: Digest) -> list[str]:
    return [story.headline for story in digest.stories]


def section(digest: Digest, name: str) -> DigestSection:
    return next(s for s in digest.sections if s.name == name)


# The window


def test_the_first_digest_covers_seven_days_and_every_followed_company_then_the_industry(wb):
    found = build_digest(wb.workspace, now=NOW)
    assert (found.since, found.until, found.start) == (NOW - timedelta(days=7), NOW, "default")
    names = [s.name for s in found.sections]
    assert names == [
        "Ampere Ridge",
        "Helio Cell Works",
        "Northwind Grid Systems",
        "Voltaic Storage",
        "grid-scale battery storage",
    ]
    assert [s.kind for s in found.sections][-1] == "industry"
    voltaic = section(found, "Voltaic Storage").stories
    assert [s.headline for s in voltaic] == [
        "Voltaic Storage Secures $320 Million Convertible Notes Offering to Accelerate VS-Cube Deployments"
    ]
    story = voltaic[0]
    assert story.event_type == "funding" and story.articles == 5 and len(story.outlets) == 5
    assert story.summary == (
        "Voltaic Storage (NASDAQ: VLTS) today announced a $320 million convertible notes offering led by Summit "
        "Ledge Partners."
    )
    assert "Grid Ledger" in story.outlets and all(link.url.startswith("https://") for link in story.links)
    industry = section(found, "grid-scale battery storage")  # its own sources' stories and its companies'
    assert {s.story_id for s in industry.stories} == {s.story_id for s in found.stories}
    assert "Texas lawmakers set 8 GW storage target for 2035" in [s.headline for s in industry.stories]


def test_since_last_starts_where_the_last_recorded_digest_ended_and_shows_only_what_is_new(wb, tmp_path):
    first = build_digest(wb.workspace, now=NOW)
    assert not first.empty
    record_digest(wb.workspace, first)
    again = build_digest(wb.workspace, now=NOW + timedelta(hours=1))
    assert (again.since, again.start) == (NOW, "last")
    assert again.empty and again.stories == () and again.flags == ()
    assert "nothing new" in digest_markdown(again)
    feed = write_rss(
        tmp_path / "extra.xml", [("Voltaic Storage opens battery plant in Ohio", "https://wire.example/ohio", LATER)]
    )
    wb.gather(feeds=[feed], progress=False)
    after = build_digest(wb.workspace, now=LATER + timedelta(hours=1))
    assert after.since == NOW  # the unrecorded digest in between did not move the window
    assert headlines(after) == ["Voltaic Storage opens battery plant in Ohio"]
    assert [s.name for s in after.sections if s.stories] == ["Voltaic Storage", "grid-scale battery storage"]
    assert after.stories[0].links[0].url == "https://wire.example/ohio"


def test_reading_a_digest_records_nothing(wb):
    for _ in range(2):
        found = build_digest(wb.workspace, now=NOW)
        assert found.start == "default"
    assert wb.workspace.rows("SELECT count(*) FROM digests") == [(0,)]
    digest_id = record_digest(wb.workspace, found)
    assert wb.workspace.rows("SELECT digest_id, made, since FROM digests") == [
        (digest_id, "2026-11-20T07:00:00.000000+00:00", "2026-11-13T07:00:00.000000+00:00")
    ]
    earlier = build_digest(wb.workspace, now=NOW - timedelta(days=1))  # a digest recorded later is not "last"
    assert earlier.start == "default"


def test_an_age_or_a_date_sets_the_start(wb):
    week = build_digest(wb.workspace, since="7d", now=NOW)
    assert (week.since, week.start) == (NOW - timedelta(days=7), "given")
    dated = build_digest(wb.workspace, since="2026-11-17", now=NOW)
    assert dated.since == datetime(2026, 11, 17, tzinfo=UTC)
    assert set(headlines(dated)) == {
        "Voltaic Storage Secures $320 Million Convertible Notes Offering to Accelerate VS-Cube Deployments",
        "Capacity auction clears at $163/MW-day as batteries win record share",
        "Ampere Ridge Appoints Adaeze Nettleford as Chief Technology Officer",  # last seen 17 Nov 04:38
    }
    assert all(s.last_seen >= dated.since or s.first_seen >= dated.since for s in dated.stories)
    with pytest.raises(InvalidInput, match="since") as caught:
        build_digest(wb.workspace, since="2026-12-25", now=NOW)
    assert caught.value.field == "since"
    with pytest.raises(InvalidInput, match="since"):
        build_digest(wb.workspace, since="last tuesday", now=NOW)


def test_companies_limit_the_digest_and_an_unknown_name_suggests_the_closest(wb):
    found = build_digest(wb.workspace, companies=["voltaic"], now=NOW)  # an alias, case ignored
    assert [s.name for s in found.sections] == ["Voltaic Storage"]
    assert found.companies == ("Voltaic Storage",)
    industry = build_digest(wb.workspace, companies="grid-scale battery storage", now=NOW)
    assert [(s.name, s.kind) for s in industry.sections] == [("grid-scale battery storage", "industry")]
    with pytest.raises(InvalidInput, match="'Voltaik Storage' is not followed; did you mean 'Voltaic Storage'"):
        build_digest(wb.workspace, companies=["Voltaic Storage", "Voltaik Storage"], now=NOW)
    with pytest.raises(InvalidInput, match="every followed company"):
        record_digest(wb.workspace, found)  # the next digest would skip the other companies' news
    assert wb.workspace.rows("SELECT count(*) FROM digests") == [(0,)]


def test_stories_come_biggest_first(wb):
    found = build_digest(wb.workspace, since="2026-11-01", now=NOW)
    assert len(found.stories) > 10
    for part in [found.stories, *(s.stories for s in found.sections)]:
        sizes = [(s.articles, len(s.outlets)) for s in part]
        assert sizes == sorted(sizes, reverse=True)
    assert found.stories[0].articles >= 5 and found.stories[-1].articles == 1


def test_stories_dated_only_by_estimates_are_left_out(wb):
    window = {"since": "2026-06-30", "now": datetime(2026, 7, 2, tzinfo=UTC)}
    stories = read_stories(wb.workspace, since=window["since"])
    undated = stories[stories["date_estimated"].fillna(False).astype(bool) & (stories["last_seen"] < window["now"])]
    assert len(undated) >= 1  # the sample's undated copy of a July launch
    found = build_digest(wb.workspace, **window)
    assert not {s.story_id for s in found.stories} & set(undated["story_id"])


def test_an_undated_item_gathered_now_is_not_news_of_the_window(wb, tmp_path):
    feed = write_rss(
        tmp_path / "undated.xml", [("Voltaic Storage hires a new chief executive", "https://wire.example/ceo", None)]
    )
    wb.gather(feeds=[feed], progress=False)
    row = wb.workspace.rows("SELECT date_estimated FROM stories WHERE headline LIKE 'Voltaic Storage hires%'")
    assert row == [(1,)]
    assert "Voltaic Storage hires a new chief executive" not in headlines(build_digest(wb.workspace, since="2d"))


# Flags


def test_a_burst_of_coverage_and_unusual_events_are_flagged(wb, tmp_path):
    items = [
        ("Helio Cell Works raises $50 million in Series D funding", "https://wire.example/helio-funding"),
        ("Helio Cell Works opens a plant in Arizona", "https://wire.example/helio-arizona"),
        ("Helio Cell Works wins a 400 MWh order from Cascade Power", "https://wire.example/helio-order"),
        ("Helio Cell Works faces a patent lawsuit from Brightline", "https://wire.example/helio-lawsuit"),
    ]
    dated = [(title, link, LATER + timedelta(hours=i)) for i, (title, link) in enumerate(items)]
    wb.gather(feeds=[write_rss(tmp_path / "helio.xml", dated)], progress=False)
    found = build_digest(wb.workspace, since=LATER - timedelta(hours=1), now=LATER + timedelta(hours=5))
    helio = section(found, "Helio Cell Works")
    assert (helio.articles, helio.earlier_average, helio.burst) == (4, 0.0, True)
    bursts = [f for f in found.flags if f.kind == "burst"]
    assert [f.company for f in bursts][:1] == ["Helio Cell Works"]
    assert "4 articles" in bursts[0].text
    events = {f.event_type: f for f in found.flags if f.kind == "event"}
    assert {"funding", "legal"} <= set(events) and "expansion" not in events
    assert events["funding"].company == "Helio Cell Works"
    assert found.flags.index(bursts[-1]) < found.flags.index(events["funding"])  # bursts come first
    assert not section(found, "Voltaic Storage").burst
    markdown = digest_markdown(found)
    assert markdown.index("Look at these first") < markdown.index("## Helio Cell Works")
    assert "**Helio Cell Works** has a burst of coverage: 4 articles" in markdown


def test_a_week_of_the_sample_flags_its_funding_and_leadership_news(wb):
    found = build_digest(wb.workspace, since="7d", now=NOW)
    assert [(f.company, f.event_type) for f in found.flags if f.kind == "event"] == [
        ("Voltaic Storage", "funding"),
        ("Ampere Ridge", "leadership"),
    ]


def test_a_burst_is_twice_the_average_of_the_windows_before_and_three_articles():
    def burst(articles: int, average: float) -> bool:
        return DigestSection("X", "company", (), articles, average).burst

    assert burst(3, 0.0) and burst(3, 1.5) and burst(10, 5.0)
    assert not burst(2, 0.0) and not burst(3, 1.75) and not burst(9, 5.0)


# Rendering


def insert_article(wb: Workbook, *, url: str, title: str, publisher: str, published: datetime) -> None:
    """An article row as an old or damaged workspace might hold it (the url CHECK switched off to store it)."""
    conn = wb.workspace.conn
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        with wb.workspace.transaction() as tx:
            tx.execute(
                "INSERT INTO articles (key, url, canonical_url, title, publisher, published, fetched, summary, "
                "source_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'feed')",
                (url, url, url, title, publisher, iso(published), iso(published), f"{title}. Then more."),
            )
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")


class Tags(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.fixture
def hostile(wb):
    """A digest whose story has a script in its headline, markup in its outlet and a javascript: address."""
    title = "Voltaic Storage <script>alert('x')</script> wins [deal](javascript:alert(2)) & more"
    insert_article(wb, url="javascript:alert(1)//", title=title, publisher="<b>Evil</b> Wire", published=LATER)
    insert_article(
        wb, url="https://ok.example/a?x=1&y=2", title=title, publisher="Fine Wire", published=LATER + timedelta(hours=1)
    )
    found = build_digest(wb.workspace, since=LATER - timedelta(hours=1), now=LATER + timedelta(hours=2))
    assert len(found.stories) == 1 and found.stories[0].articles == 2
    return found


def test_html_is_one_standalone_escaped_page_whose_only_links_are_http(hostile):
    page = digest_html(hostile)
    assert hostile._repr_html_() == page  # a notebook shows the same escaped page inline
    tags = Tags()
    tags.feed(page)
    names = {tag for tag, _ in tags.found}
    assert not names & {"script", "img", "link", "iframe", "object", "embed", "form", "base"}
    hrefs = [attrs["href"] for tag, attrs in tags.found if "href" in attrs]
    assert hrefs and all(str(h).startswith(("https://", "http://")) for h in hrefs)
    assert "javascript:" not in page.lower().replace("[deal](javascript:alert(2))", "")
    assert not [attrs for _, attrs in tags.found if any(k.startswith("on") or k == "src" for k in attrs)]
    assert "&lt;script&gt;" in page and "&lt;b&gt;Evil&lt;/b&gt; Wire" in page
    assert 'href="https://ok.example/a?x=1&amp;y=2"' in page
    assert "url(" not in page and "@import" not in page  # the inline CSS asks for nothing either


def test_markdown_keeps_web_text_literal(hostile):
    markdown = digest_markdown(hostile)
    assert "\\<script\\>" in markdown and "<script>" not in markdown
    assert "\\[deal\\](javascript:alert(2))" in markdown  # text, not a link
    assert not re.search(r"(?<!\\)\]\(javascript", markdown) and "(https://ok.example/a?x=1&y=2)" in markdown
    assert "<b>" not in markdown


def test_atom_is_a_feed_with_one_entry_per_story(wb, hostile):
    parsed = feedparser.parse(digest_atom(hostile))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.id == f"tag:iiwork,2026:story-{hostile.stories[0].story_id}"
    assert entry.title == hostile.stories[0].headline
    assert entry.link == "https://ok.example/a?x=1&y=2"
    assert "javascript" not in " ".join(link.href for link in entry.links)
    week = build_digest(wb.workspace, since="2026-11-01", now=NOW)
    parsed = feedparser.parse(digest_atom(week))
    assert not parsed.bozo and len(parsed.entries) == len(week.stories)
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)
    assert parsed.feed.updated_parsed[:5] == (2026, 11, 20, 7, 0)
    assert all(e.updated_parsed for e in parsed.entries)
    assert build_digest(wb.workspace, since="2026-11-01", now=NOW).stories == week.stories  # stable ids


def test_an_empty_digest_still_renders(wb):
    empty = build_digest(wb.workspace, since="1h", now=NOW)
    assert empty.empty
    assert "nothing new" in digest_html(empty)
    parsed = feedparser.parse(digest_atom(empty))
    assert not parsed.bozo and parsed.entries == []


def test_the_page_reads_well(wb):
    page = digest_html(build_digest(wb.workspace, since="2026-11-10", now=NOW))
    assert page.index("Look at these first") < page.index("<section>")
    assert "Nothing new:" not in page or page.index("Nothing new:") > page.rindex("<section>")


# Pieces


def test_a_summary_line_is_its_first_sentence_cut_at_a_word():
    assert first_sentence("Acme Inc. today raised $1.5 million. It will hire.\nSecond paragraph.") == (
        "Acme Inc. today raised $1.5 million."
    )
    assert first_sentence('"We are growing." The unit hired.') == '"We are growing."'
    assert first_sentence("Acme opened a U.S. Office in Ohio. Then more.") == "Acme opened a U.S. Office in Ohio."
    assert first_sentence("\n\n  no full stop here\nnext") == "no full stop here"
    long = first_sentence("word " * 100)
    assert len(long) <= 220 and long.endswith("word…")
    assert first_sentence(None) == ""


def test_only_http_addresses_are_web_links():
    assert http_link("https://a.example/x?y=1") == "https://a.example/x?y=1"
    assert http_link("HTTP://a.example") == "HTTP://a.example"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " data:text/html,x",
        "file:///etc/passwd",
        "https://",
        "//a.example/x",
        'https://a.example/"onmouseover=x',
        "java\tscript:x",
        None,
        "",
    ):
        assert http_link(bad) is None, bad
