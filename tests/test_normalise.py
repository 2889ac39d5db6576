from datetime import UTC, datetime

import pytest

from iiwork.errors import InvalidURL
from iiwork.news.normalise import (
    article_key,
    canonical_url,
    check_url,
    clean_text,
    clean_title,
    is_opaque_link,
    parse_date,
    unwrap_link,
    web_link,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.COM/a?utm_source=rss&utm_medium=feed#top", "https://example.com/a"),
        ("HTTPS://example.com:443/a?id=3&fbclid=x&gclid=y", "https://example.com/a?id=3"),
        ("http://example.com:8080", "http://example.com:8080/"),
        ("https://www.bbc.com/news/articles/x?at_medium=RSS&at_campaign=rss", "https://www.bbc.com/news/articles/x"),
        ("https://example.com/p?page=2&ref=home", "https://example.com/p?page=2&ref=home"),
    ],
)
def test_canonical_url_drops_tracking_fragment_and_host_case(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x.example/f", "data:text/html,hi", "mailto:a@b.c", "", "http://"]
)
def test_check_url_rejects_other_schemes(url):
    with pytest.raises(InvalidURL, match="URL"):
        check_url(url)


def test_web_link_resolves_relative_and_refuses_file():
    assert web_link("/a/b", base="https://site.example/feed.xml") == "https://site.example/a/b"
    assert web_link("/a/b", base="file:///tmp/feed.xml") is None
    assert web_link("javascript:void(0)") is None


def test_clean_text_strips_html_and_decodes_double_escapes():
    assert clean_title("Q&amp;amp;A with the &lt;b&gt;CEO&lt;/b&gt;") == "Q&A with the CEO"
    assert clean_text("<p>One&nbsp;two</p><p>three &#8211; four</p>") == "One two\nthree – four"
    assert clean_text("<script>alert(1)</script>Plain") == "Plain"
    assert clean_text("   ") is None
    assert clean_text("x" * 50, limit=10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 01 Sep 2026 14:30:00 GMT", datetime(2026, 9, 1, 14, 30, tzinfo=UTC)),
        ("Thu, 03 Sep 2026 09:00:00 -0500", datetime(2026, 9, 3, 14, 0, tzinfo=UTC)),
        ("Sat, 05 Sep 2026 16:45:00 EST", datetime(2026, 9, 5, 21, 45, tzinfo=UTC)),
        ("2026-09-01T10:31:00-04:00", datetime(2026, 9, 1, 14, 31, tzinfo=UTC)),
        ("2026-09-01T10:31:00Z", datetime(2026, 9, 1, 10, 31, tzinfo=UTC)),
        ("2026-09-01", datetime(2026, 9, 1, tzinfo=UTC)),
        ("20260901T151500Z", datetime(2026, 9, 1, 15, 15, tzinfo=UTC)),
        ("mercredi 9 septembre 2026 10:00", datetime(2026, 9, 9, 10, 0, tzinfo=UTC)),
        ("Mittwoch, 05 August 2026 10:00:00 +0200", datetime(2026, 8, 5, 8, 0, tzinfo=UTC)),
    ],
)
def test_parse_date_reads_every_format_to_utc(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "soon", "not a date at all 99"])
def test_parse_date_gives_none_for_nonsense(raw):
    assert parse_date(raw) is None


def test_google_links_opaque_keyed_on_publisher_and_title():
    token = "https://news.google.com/rss/articles/CBMiZkFVX3lxTE1vbHRh?oc=5"
    assert is_opaque_link(token)
    assert (
        article_key(token, title="Voltaic lands $120M!", publisher="Grid Ledger")
        == "title:grid ledger|voltaic lands 120m"
    )
    assert article_key("https://a.example/x?utm_source=y", title="t", publisher=None) == "https://a.example/x"


def test_unwrap_legacy_google_links():
    legacy = "http://news.google.com/news/url?sa=t&url=http://abcnews.go.com/story-1&usg=x"
    assert unwrap_link(legacy) == "http://abcnews.go.com/story-1"
    assert unwrap_link("https://example.com/a") == "https://example.com/a"
    opaque = "https://news.google.com/rss/articles/CBMiZkFVX3lxTE1vbHRh?oc=5"
    assert unwrap_link(opaque) == opaque
