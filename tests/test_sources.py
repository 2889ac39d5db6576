from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from conftest import fixture_bytes
from server import Reply

from iiwork.news import sources
from iiwork.news.fetch import Fetcher
from iiwork.news.gather import run_source


@pytest.fixture
def fetcher():
    f = Fetcher(timeout=(2.0, 1.0), retries=1, backoff=0.01)
    yield f
    f.close()


def test_google_news_search_url_keeps_operators():
    source = sources.google_news(
        '"Voltaic Storage" OR Voltaic -hiring site:reuters.com when:7d', lang="en-GB", region="GB"
    )
    parts = urlsplit(source.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "news.google.com", "/rss/search")
    assert parse_qs(parts.query) == {
        "q": ['"Voltaic Storage" OR Voltaic -hiring site:reuters.com when:7d'],
        "hl": ["en-GB"],
        "gl": ["GB"],
        "ceid": ["GB:en"],
    }


def test_google_news_items_are_keyed_by_publisher_and_title(server, fetcher):
    base = server.route("/rss/search", Reply(fixture_bytes("gnews_search.xml")))
    outcome = run_source(sources.google_news('"Voltaic Storage"', base=base), fetcher)
    assert outcome.status == "ok" and len(outcome.rows) == 3
    assert {row["source_kind"] for row in outcome.rows} == {"news-search"}
    assert outcome.rows[0]["query"] == '"Voltaic Storage"'


def test_gdelt_json_rows(server, fetcher):
    base = server.route(
        "/api/v2/doc/doc", Reply(fixture_bytes("gdelt.json"), headers={"Content-Type": "application/json"})
    )
    outcome = run_source(sources.gdelt("Voltaic Storage", timespan="2w", base=base), fetcher)
    assert outcome.status == "ok"
    assert [row["publisher"] for row in outcome.rows] == ["gridledger.example", "speicher.example"]
    assert outcome.rows[0]["published"] == pd.Timestamp("2026-09-01 15:15", tz="UTC")
    assert outcome.rows[1]["lang"] == "German"
    query = parse_qs(urlsplit(server.requests_to("/api/v2/doc/doc")[0].path).query)
    assert query["mode"] == ["artlist"] and query["format"] == ["json"] and query["timespan"] == ["2w"]


def test_gdelt_plain_text_error_with_200_is_logged(server, fetcher):
    base = server.route(
        "/api/v2/doc/doc", Reply(fixture_bytes("gdelt_error.txt"), headers={"Content-Type": "text/html"})
    )
    outcome = run_source(sources.gdelt("ab", base=base), fetcher)
    assert outcome.status == "parse-error" and outcome.http_status is None
    assert "phrase that was too short" in outcome.error


def test_edgar_atom_relative_links_resolved_and_publisher_set(server, fetcher):
    base = server.route("/cgi-bin/browse-edgar", Reply(fixture_bytes("edgar.atom.xml")))
    outcome = run_source(sources.edgar("VLTS", form="8-K", base=base), fetcher)
    assert outcome.status == "ok"
    row = outcome.rows[0]
    assert row["url"] == server.url("/Archives/edgar/data/9999999/000999999926000042/0009999999-26-000042-index.htm")
    assert row["publisher"] == "SEC EDGAR" and row["title"] == "8-K - Current report"
    assert "Item 5.02" in row["summary"]
    assert parse_qs(urlsplit(outcome.url).query)["type"] == ["8-K"]


def test_newsroom_autodiscovers_its_feed(server, fetcher):
    page = server.route("/newsroom", Reply(fixture_bytes("newsroom_feed_link.html")))
    server.route("/newsroom/feed.xml", Reply(fixture_bytes("rss2.xml")))
    outcome = run_source(sources.newsroom(page), fetcher)
    assert outcome.status == "ok" and outcome.url == server.url("/newsroom/feed.xml")
    assert len(outcome.rows) == 4 and {row["source_kind"] for row in outcome.rows} == {"newsroom"}


def test_newsroom_finds_a_feed_at_a_common_path(server, fetcher):
    page = server.route("/press", Reply(b"<html><body><p>No link tags here.</p></body></html>"))
    server.route("/feed.xml", Reply(fixture_bytes("atom.xml")))
    outcome = run_source(sources.newsroom(page), fetcher)
    assert outcome.status == "ok" and outcome.url == server.url("/feed.xml") and len(outcome.rows) == 2


def test_newsroom_without_feed_reads_dated_links(server, fetcher):
    page = server.route("/press-releases", Reply(fixture_bytes("newsroom_listing.html")))
    outcome = run_source(sources.newsroom(page), fetcher)
    assert outcome.status == "ok"
    found = {row["title"]: row for row in outcome.rows}
    assert set(found) == {
        "Northwind Grid names Priya Raman chief executive",
        "Northwind reports second-quarter results",
        "Northwind partners with Helio Cell Works",
    }
    assert found["Northwind reports second-quarter results"]["published"] == pd.Timestamp("2026-08-12 13:00", tz="UTC")
    assert found["Northwind Grid names Priya Raman chief executive"]["published"] == pd.Timestamp(
        "2026-09-03", tz="UTC"
    )
    assert found["Northwind partners with Helio Cell Works"]["published"] == pd.Timestamp("2026-07-21", tz="UTC")
    assert {row["publisher"] for row in outcome.rows} == {"Northwind Grid Systems"}


def test_newsroom_page_blocked_by_robots(server, fetcher):
    server.route("/robots.txt", Reply(b"User-agent: iiwork\nDisallow: /press\n"))
    page = server.route("/press", Reply(fixture_bytes("newsroom_listing.html")))
    outcome = run_source(sources.newsroom(page), fetcher)
    assert outcome.status == "robots-blocked" and outcome.rows == []


def test_corpus_gdelt_artlist_parses(corpus, server, fetcher):
    path = next((corpus / "gdelt").glob("*.json"))
    base = server.route("/api/v2/doc/doc", Reply(path.read_bytes(), headers={"Content-Type": "application/json"}))
    outcome = run_source(sources.gdelt("trade", base=base), fetcher)
    assert outcome.status == "ok" and len(outcome.rows) >= 240
    published = pd.Series([row["published"] for row in outcome.rows])
    assert published.between(pd.Timestamp("2026-01-12", tz="UTC"), pd.Timestamp("2026-01-24", tz="UTC")).all()
    assert all(row["title"] and row["publisher"] for row in outcome.rows)
