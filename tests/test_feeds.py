import json
import re
from urllib.parse import urlsplit

import pandas as pd
import pytest
from conftest import fixture_bytes

from iiwork import parse_feed
from iiwork.errors import NotAFeed, ParseError
from iiwork.tables import ARTICLES

HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def test_rss2_rows_are_plain_canonical_and_dated():
    df = parse_feed(fixture_bytes("rss2.xml"), "https://gridledger.example/feed")
    assert list(df.columns) == list(ARTICLES) and dict(df.dtypes.astype(str)) == ARTICLES
    first = df.iloc[0]
    assert first.title == "Voltaic Storage raises $120 million Series C to expand LFP line"
    assert first.canonical_url == "https://gridledger.example/2026/09/01/voltaic-series-c"
    assert first.published == pd.Timestamp("2026-09-01 14:30", tz="UTC")
    assert first.summary.startswith("Voltaic Storage said on Tuesday it raised $120 million")
    assert first.publisher == "Grid Ledger" and first.author == "Dana Whitfield" and first.lang == "en-us"
    assert df.iloc[1].title == "Northwind Grid names Priya Raman chief executive & chair"
    assert df.iloc[2].canonical_url == "https://gridledger.example/2026/09/05/helio-factory"
    assert df.iloc[2].published == pd.Timestamp("2026-09-05 21:45", tz="UTC")


def test_rss2_javascript_link_is_dropped_and_undated_item_is_estimated():
    df = parse_feed(fixture_bytes("rss2.xml"), "https://gridledger.example/feed")
    assert not df.url.str.startswith("javascript").any() and len(df) == 4
    undated = df[df.title.str.startswith("Interconnection")].iloc[0]
    assert bool(undated.date_estimated)  # the source gave no date: the one in its URL is the estimate
    assert undated.published == pd.Timestamp("2026-09-07 12:00", tz="UTC")
    assert not df[~df.title.str.startswith("Interconnection")].date_estimated.any()


def test_atom_relative_links_and_double_escaped_title():
    df = parse_feed(fixture_bytes("atom.xml"), "https://eswire.example/atom.xml")
    assert df.iloc[0].title == "Voltaic Storage raises $120 million & plans new line"
    assert df.iloc[0].published == pd.Timestamp("2026-09-01 14:31", tz="UTC")
    assert df.iloc[1].url == "https://eswire.example/2026/09/04/ampere-helio"
    assert df.iloc[1].published == pd.Timestamp("2026-09-04 06:15:30", tz="UTC")


def test_rdf_dc_date_including_french_names():
    df = parse_feed(fixture_bytes("rdf.xml"), "https://dailycurrent.example/rss")
    assert df.published.tolist() == [
        pd.Timestamp("2026-09-08 06:20", tz="UTC"),
        pd.Timestamp("2026-09-09 10:00", tz="UTC"),
    ]
    assert not df.date_estimated.any()


def test_google_news_publisher_split_and_cross_checked():
    df = parse_feed(fixture_bytes("gnews_search.xml"), "https://news.google.com/rss/search?q=x")
    assert df.title.tolist() == [
        "Voltaic Storage lands $120M Series C",
        "Q&A - Voltaic's CFO on margins",
        "Storage - the next decade - Daily Current Opinion",
    ]
    assert df.publisher.tolist() == ["Grid Ledger", "Power Markets Today", "The Daily Current"]
    assert df.url.str.startswith("https://news.google.com/rss/articles/").all()
    assert df.summary.isna().iloc[0]  # the description only repeated title and publisher


def test_html_page_at_a_feed_url_is_not_a_feed():
    with pytest.raises(NotAFeed):
        parse_feed(fixture_bytes("newsroom_listing.html"))


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01binary", b'{"json": true}'])
def test_empty_and_non_xml_documents_are_refused(content):
    with pytest.raises(ParseError):
        parse_feed(content)


def test_malformed_xml_is_read_as_far_as_possible_or_refused():
    try:
        df = parse_feed(fixture_bytes("malformed.xml"))
    except ParseError:
        return
    assert df.url.str.startswith("https://").all()


def test_wrong_declared_charset_in_headers_is_overridden_by_the_document():
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Speicher</title>'
        "<item><title>Café in Zürich stores power</title><link>https://s.example/1</link></item></channel></rss>"
    )
    df = parse_feed(
        body.encode("utf-8"),
        "https://s.example/feed",
        headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"},
    )
    assert df.iloc[0].title == "Café in Zürich stores power"


def test_latin1_document_decodes():
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Kurier</title>'
        "<item><title>Größter Speicher eröffnet</title><link>https://k.example/1</link></item></channel></rss>"
    )
    assert parse_feed(body.encode("latin-1")).iloc[0].title == "Größter Speicher eröffnet"


# Corpus: real captured feeds (skipped on a fresh clone without ../shared).


def _corpus_feeds(corpus):
    return sorted(p for p in (corpus / "feeds").iterdir() if p.suffix in (".xml", ".rss"))


def test_every_corpus_feed_yields_clean_rows_or_a_logged_failure(corpus):
    broken = []
    for path in _corpus_feeds(corpus):
        try:
            df = parse_feed(path.read_bytes(), f"https://feeds.example/{path.name}")
        except ParseError:
            broken.append(path.name)
            continue
        assert len(df) > 0, path.name
        assert df.title.str.len().gt(0).all(), path.name
        assert df.url.map(lambda u: urlsplit(u).scheme in ("http", "https")).all(), path.name
        assert not df.title.str.contains(HTML_TAG).any(), path.name
        assert not df.title.str.contains(r"&(?:amp|lt|gt|quot|#\d+);").any(), path.name
        if _has_item_dates(path.read_bytes()):
            assert not df.date_estimated.any(), path.name
    assert broken == ["odd_marketwatch_html-document-moved.rss"]


def _has_item_dates(content: bytes) -> bool:
    return bool(re.search(rb"<(?:\w+:)?(?:pubDate|date|published|updated)>", content))


def test_corpus_golden_atom_matches_expected_titles_links_and_dates(corpus):
    expected = json.loads((corpus / "feeds" / "golden_stackoverflow-question_atom.expected.json").read_text())
    df = parse_feed((corpus / "feeds" / "golden_stackoverflow-question_atom.xml").read_bytes())
    assert df.title.tolist() == [e["title"] for e in expected["entries"]]
    assert df.url.tolist() == [e["link"] for e in expected["entries"]]
    assert df.published.tolist() == [pd.Timestamp(e["published"]).tz_convert("UTC") for e in expected["entries"]]


def test_corpus_gnews_search_has_publishers_from_source(corpus):
    df = parse_feed((corpus / "feeds" / "gnews_search_brent-crude_en-GB_2026-08.xml").read_bytes())
    assert df.publisher.notna().all() and not df.title.str.endswith(tuple(" - " + p for p in df.publisher)).any()


def test_corpus_malformed_feed_that_feedparser_refuses_still_parses(corpus):
    df = parse_feed((corpus / "feeds" / "odd_dylanharris_malformed-rss.xml").read_bytes())
    assert len(df) >= 30


def test_a_feed_that_says_utf8_but_is_latin1_is_read_correctly():
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kurier</title>'
        "<item><title>Café Überseeküste eröffnet</title><link>https://k.example/1</link></item></channel></rss>"
    ).encode("latin-1")
    assert parse_feed(body, "https://k.example/feed")["title"].tolist() == ["Café Überseeküste eröffnet"]


def test_control_characters_and_terminal_escapes_never_reach_a_stored_string():
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        b"<item><title>Alert\x1b[31m red\x1b[0m and bell\x07 here</title><link>https://w.example/1</link>"
        b"<description>Line one\x1b]0;title\x07.\nLine two\x00.</description><author>Ann\x1b[1m Lee</author>"
        b"</item></channel></rss>"
    )
    row = parse_feed(body, "https://w.example/feed").iloc[0]
    stored = [str(value) for value in row.dropna().tolist()]
    assert not [text for text in stored if any((ord(c) < 32 and c not in "\n\t") or 127 <= ord(c) < 160 for c in text)]
    assert row["title"].endswith("and bell here") and "Line two." in row["summary"]


def test_strip_controls_removes_whole_escape_sequences_and_keeps_newlines_in_text():
    from iiwork.news.normalise import strip_controls

    assert strip_controls("Alert\x1b[31m red\x1b[0m\x07 \x9b2Jhere") == "Alert red here"
    assert strip_controls("one\x00\ntwo") == "one\ntwo"
    assert strip_controls("one\ntwo", newlines=False) == "one two"
    assert strip_controls("plain") == "plain" and strip_controls(None) is None


# Relative links (Hugo): resolved against the feed's xml:base, else its channel link, else its own URL.

HUGO_LINKS = [
    "https://example.org/posts/scaling-lfp-line/",
    "https://example.org/posts/series-c-lessons/",
    "https://example.org/careers/battery-test-engineers/",
]


def hugo(*, channel: str = "", root: str = "", links: tuple[str, ...] = ("/posts/a/", "posts/b/")) -> bytes:
    items = "".join(
        f"<item><title>Post {i}</title><link>{link}</link><pubDate>Mon, 14 Sep 2026 09:00:00 +0000</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{root}><channel><title>Blog</title>{channel}'
        f"<generator>Hugo</generator>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    "url", [None, "https://example.org/index.xml", "file:///srv/site/public/index.xml", "http://127.0.0.1:1/index.xml"]
)
def test_hugo_relative_links_resolve_against_the_channel_link_wherever_the_feed_was_read(url, caplog):
    df = parse_feed(fixture_bytes("hugo_relative.xml"), url)
    assert df.url.tolist() == HUGO_LINKS
    assert df.canonical_url.tolist() == HUGO_LINKS
    assert "mailto:press@example.org" in caplog.text and "Write to the team" in caplog.text  # skipped, logged


def test_xml_base_comes_before_the_channel_link():
    body = hugo(channel="<link>https://example.org/</link>", root=' xml:base="https://base.example/blog/"')
    assert parse_feed(body, "https://example.org/index.xml").url.tolist() == [
        "https://base.example/posts/a/",
        "https://base.example/blog/posts/b/",
    ]


def test_a_relative_channel_link_resolves_against_the_web_feed_s_own_url():
    df = parse_feed(hugo(channel="<link>/blog/</link>"), "https://kopias.example/blog/index.xml")
    assert df.url.tolist() == ["https://kopias.example/posts/a/", "https://kopias.example/blog/posts/b/"]


def test_a_local_file_s_path_is_no_base_the_web_links_are_kept_and_the_rest_logged(caplog):
    body = hugo(channel="<link>/blog/</link>", links=("/blog/a/", "https://kopias.example/blog/b/"))
    df = parse_feed(body, "file:///home/me/index.xml")
    assert df.url.tolist() == ["https://kopias.example/blog/b/"]
    assert "'/blog/a/'" in caplog.text and "Post 0" in caplog.text
    with pytest.raises(ParseError, match="relative links have no http"):
        parse_feed(hugo(channel="<link>/blog/</link>"), "file:///home/me/index.xml")


def test_feed_base_is_always_a_web_address_or_none():
    from iiwork.news.feeds import feed_base

    assert feed_base("file:///x/index.xml", channel_link="/blog/") is None
    assert feed_base("file:///x/index.xml", channel_link="https://a.example/") == "https://a.example/"
    assert feed_base("https://a.example/f.xml", xml_base="javascript:x", channel_link="/b/") == "https://a.example/b/"
    assert feed_base("https://a.example/f.xml", xml_base="file:///etc/") == "https://a.example/f.xml"
    assert feed_base(None) is None


def test_a_hugo_feed_is_gathered_from_a_local_path_and_over_http(workbook, serve, tmp_path):
    path = tmp_path / "public" / "index.xml"
    path.parent.mkdir()
    path.write_bytes(fixture_bytes("hugo_relative.xml"))
    log = workbook.gather(feeds=[str(path), serve("/index.xml", "hugo_relative.xml")])
    assert log.status.tolist() == ["ok", "ok"] and log["items"].tolist() == [3, 3]
    assert sorted(workbook.articles().url) == sorted(HUGO_LINKS)


def test_an_xml_base_on_a_private_address_still_leads_nowhere(workbook, serve):
    body = hugo(channel="<link>https://example.org/</link>", root=' xml:base="http://10.1.2.3/"')
    log = workbook.gather(feeds=[serve("/index.xml", body)])
    assert log.status.tolist() == ["ok"] and workbook.articles().empty
