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


# Links the web controls: a page cannot make iiwork read a local file or reach a private address elsewhere.


def _newsroom_announcing(href: str) -> bytes:
    return (
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{href}"></head>'
        "<body><p>News</p></body></html>"
    ).encode()


def test_a_remote_page_announcing_a_local_file_gets_nothing_from_it(server, fetcher, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(fixture_bytes("rss2.xml"))
    url = server.route("/newsroom", Reply(_newsroom_announcing(secret.as_uri()), headers={"Content-Type": "text/html"}))
    outcome = run_source(sources.newsroom(url), fetcher)
    assert not any("gridledger" in str(row.get("url")) for row in outcome.rows)  # the file's items never read


def test_a_redirect_to_a_local_file_or_another_private_host_is_refused(server, fetcher, tmp_path):
    from server import FixtureServer

    secret = tmp_path / "secret.xml"
    secret.write_bytes(fixture_bytes("rss2.xml"))
    to_file = server.route("/to-file", Reply(b"", status=302, headers={"Location": secret.as_uri()}))
    outcome = run_source(sources.feed(to_file), fetcher)
    assert outcome.status == "invalid-url" and "local file" in outcome.error and not outcome.rows
    with FixtureServer(host="127.0.0.2") as other:
        inside = other.route("/admin.xml", Reply(fixture_bytes("rss2.xml")))
        to_other = server.route("/to-other", Reply(b"", status=302, headers={"Location": inside}))
        outcome = run_source(sources.feed(to_other), fetcher)
        assert outcome.status == "invalid-url" and "private address (127.0.0.2)" in outcome.error
        assert other.requests_to("/admin.xml") == []
        assert len(run_source(sources.feed(inside), fetcher).rows) == 4  # typed by the user: allowed
    same = server.route("/feed.xml", Reply(fixture_bytes("rss2.xml")))
    moved = server.route("/moved", Reply(b"", status=301, headers={"Location": same}))
    assert len(run_source(sources.feed(moved), fetcher).rows) == 4  # the host the user gave: allowed


def test_a_page_may_announce_a_local_file_only_when_it_is_a_local_file_itself(tmp_path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_newsroom_announcing("file:///etc/feed.xml"), "lxml")
    assert "file:///etc/feed.xml" not in sources.discover_feeds(soup, "https://voltaic.example/newsroom")
    assert sources.discover_feeds(soup, (tmp_path / "page.html").as_uri()) == ["file:///etc/feed.xml"]


def test_sources_are_named_so_a_person_can_tell_them_apart(tmp_path):
    assert sources.feed(str(tmp_path / "grid-ledger.rss.xml")).label == "feed: grid-ledger.rss.xml"
    assert sources.feed("https://gridledger.example/feed?x=1").label == "feed: gridledger.example/feed?x=1"
    assert sources.google_news('"Voltaic Storage" when:7d').label == 'news-search: "Voltaic Storage" when:7d'
