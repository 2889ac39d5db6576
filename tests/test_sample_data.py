"""The committed sample feeds are reproducible, parse cleanly and carry the promised duplication."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import fastfeedparser
import feedparser
import pytest

from iiwork.demo.sample_data import write_sample

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
FEEDS = json.loads((SAMPLE / "companies.json").read_text(encoding="utf-8"))["feeds"]


def _normalised(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split()[:6])


def _links(parsed) -> list[str]:
    links = [parsed.feed.get("link", "")]
    for entry in parsed.entries:
        links.append(entry.get("link", ""))
        links += [link.get("href", "") for link in entry.get("links", [])]
    return [link for link in links if link]


def test_write_sample_is_byte_identical_to_committed_files(tmp_path):
    written = write_sample(tmp_path)
    relative = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    committed = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file())
    assert relative == committed
    for name in relative:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_companies_json_lists_four_companies_and_every_feed():
    meta = json.loads((SAMPLE / "companies.json").read_text(encoding="utf-8"))
    assert meta["industry"] == "grid-scale battery storage"
    assert {c["ticker"] for c in meta["companies"]} == {"VLTS", "NWGS", "HCW", "AMPR"}
    for company in meta["companies"]:
        assert company["newsroom_feed"] in meta["feeds"]
    assert all((SAMPLE / feed).is_file() for feed in meta["feeds"])
    assert sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file()) < 1_500_000


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_parses_with_feedparser_and_fastfeedparser(feed):
    data = (SAMPLE / feed).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) > 0
    assert len(fastfeedparser.parse(data).entries) == len(parsed.entries)


def test_links_are_on_example_domains_or_google_news():
    for feed in FEEDS:
        for link in _links(feedparser.parse((SAMPLE / feed).read_bytes())):
            host = urlsplit(link).hostname or ""
            assert host.endswith(".example") or host == "news.google.com", (feed, link)


def test_at_least_30_normalised_titles_occur_in_two_or_more_files():
    files_by_title: dict[str, set[str]] = defaultdict(set)
    for feed in FEEDS:
        for entry in feedparser.parse((SAMPLE / feed).read_bytes()).entries:
            files_by_title[_normalised(entry.title)].add(feed)
    assert sum(1 for files in files_by_title.values() if len(files) >= 2) >= 30


def test_special_cases_are_present():
    german = feedparser.parse((SAMPLE / "feeds/speicher-kurier.rss.xml").read_bytes())
    assert german.encoding.lower() == "iso-8859-1"
    assert any("Größter Speicher" in e.title for e in german.entries)
    google = feedparser.parse((SAMPLE / "feeds/google-news-voltaic.rss.xml").read_bytes())
    assert google.feed.title == '"Voltaic Storage" - Google News'
    assert all(e.link.startswith("https://news.google.com/rss/articles/CBMi") for e in google.entries)
    undated = sum(
        1
        for feed in FEEDS
        for e in feedparser.parse((SAMPLE / feed).read_bytes()).entries
        if not (e.get("published_parsed") or e.get("updated_parsed"))
    )
    assert 2 <= undated <= 3
