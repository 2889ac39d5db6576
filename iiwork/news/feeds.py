"""Parse RSS, Atom and RDF documents into article rows: fastfeedparser first, feedparser as the fallback."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..errors import NotAFeed, ParseError
from .normalise import (
    MAX_TEXT,
    canonical_url,
    clean_text,
    clean_title,
    parse_date,
    strip_controls,
    unwrap_link,
    web_link,
)

if TYPE_CHECKING:  # pandas is imported for parse_feed's DataFrame, not for the gatherer's rows
    import pandas as pd

_ITEM_TAG = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
_DATE_TAG = re.compile(rb"<(?:[\w-]+:)?(?:pubDate|date|published|updated|issued|modified)[\s>]", re.I)
_SOURCE = re.compile(rb"<source\b[^>]*>(.*?)</source>", re.S)
_ITEM_SPLIT = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>]")
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)
_LANGUAGE = re.compile(
    rb"<(?:[\w-]+:)?language>\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\s*<|xml:lang=[\"']([A-Za-z-]{2,16})"
)
_TITLE_SEPARATORS = re.compile(r"\s+[-\u2013\u2014|:]\s*|:\s+")
# xml:base on the root or the channel (fastfeedparser does not apply it; feedparser only on its slow path)
_XML_BASE = re.compile(rb"""<(?:[\w-]+:)?(?:rss|feed|RDF|channel)\b[^>]*?\sxml:base\s*=\s*(?:"([^"]*)"|'([^']*)')""")

log = logging.getLogger("iiwork.feeds")


def parse_feed(content: bytes, url: str | None = None, *, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Article rows of one RSS, Atom or RDF document, read from the bytes as fetched.

    Raises NotAFeed for an HTML page or other non-feed and ParseError for a broken feed.
    """
    from ..tables import ARTICLES, frame

    return frame(feed_items(content, url, headers=headers), ARTICLES)


def feed_items(content: bytes, url: str | None = None, *, headers: Mapping[str, str] | None = None) -> list[dict]:
    """The rows of `parse_feed` as plain dicts (the gatherer's fast path)."""
    _check_document(content)
    feed, entries = _fast(content) if not _misdeclared(content) else (None, [])
    if feed is None or len(entries) < len(_ITEM_TAG.findall(content)):
        slow_feed, slow_entries = _slow(content, headers)
        if feed is None or len(slow_entries) > len(entries):
            feed, entries = slow_feed, slow_entries
    if feed is None:
        raise ParseError("not a readable RSS, Atom or RDF feed")
    context = _Context(
        base=feed_base(url, xml_base=_xml_base(content, url), channel_link=feed.get("link")),
        publisher=publisher_name(feed.get("title")),
        aggregator=_is_aggregator(feed),
        lang=_lang({}, feed),
        seen=datetime.now(UTC),
    )
    rows = [_row(entry, context) for entry in entries]
    _log_unlinked(rows, entries, context.base)
    seen = context.seen
    _fill_dates(rows, entries, content, headers, seen)
    _estimate_dates(rows, channel=parse_date(feed.get("updated") or feed.get("published")), seen=seen)
    _fill_sources(rows, content)
    lang = _document_lang(content)
    for row in rows:
        del row["_title"]
        row["lang"] = row["lang"] or lang
    kept = [row for row in rows if row["url"] and row["title"]]
    if not kept and rows:
        raise ParseError(_none_kept(rows, entries, context.base))
    return kept


def feed_base(url: str | None, *, xml_base: str | None = None, channel_link: object = None) -> str | None:
    """The http(s) address a feed's relative links resolve against: its xml:base, else its channel link, else
    its own URL (a local file's own path is no base for web links: only an absolute xml:base or channel link)."""
    own = web_link(url)
    for candidate in (xml_base, channel_link):
        base = web_link(str(candidate), base=own) if candidate else None
        if base:
            return base
    return own


def _xml_base(content: bytes, url: str | None) -> str | None:
    """The root's and the channel's xml:base, the inner resolved against the outer (None when there is none)."""
    base = None
    for match in _XML_BASE.finditer(content[:8192]):
        value = (match.group(1) or match.group(2) or b"").decode("utf-8", errors="replace").strip()
        if value:
            base = urljoin(base or url or "", value)
    return base


def _raw_link(entry: Mapping) -> str | None:
    """The first link an entry gives, as written (for the log)."""
    found = next((str(candidate) for candidate in _link_candidates(entry) if candidate), "")
    return (strip_controls(found, newlines=False) or "").strip()[:200] or None


def _log_unlinked(rows: list[dict], entries: list, base: str | None) -> None:
    """Log each item skipped because its link is not a web address, even once resolved."""
    for row, entry in zip(rows, entries):
        raw = None if row["url"] else _raw_link(entry)
        if raw:
            against = f"resolved against {base}" if base else "and the feed gives no web address to resolve it"
            log.warning("feed item %r skipped: its link %r is not http(s) %s", row["_title"] or "", raw, against)


def _none_kept(rows: list[dict], entries: list, base: str | None) -> str:
    """Why a feed gave no article: a sentence for the fetch log."""
    links = [_raw_link(entry) for entry, row in zip(entries, rows) if not row["url"]]
    if base is None and any(link and not urlsplit(link).scheme for link in links):
        return (
            f"none of the feed's {len(rows)} items has a web link: its relative links have no http(s) xml:base "
            "or channel <link> to resolve against (a local file's own path is none)"
        )
    return f"malformed feed: none of its {len(rows)} items has both a title and a web link"


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']""", re.I)


def _misdeclared(content: bytes) -> bool:
    """A document that says (or by default is) UTF-8 but is not: the fast parser would store replacement
    characters where feedparser detects the real encoding."""
    declared = _DECLARED.match(content[:256])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _check_document(content: bytes) -> None:
    head = content[:2048].lstrip()
    if not head:
        raise ParseError("empty document")
    if _HTML_ROOT.search(head[:512]) and not _FEED_ROOT.search(content[:4096]):
        raise NotAFeed("an HTML page, not a feed")
    if not head.startswith(b"<") and not head.startswith(b"\xef\xbb\xbf<") and b"<" not in head[:64]:
        raise NotAFeed("not XML: the document does not start with a tag")


def _fast(content: bytes) -> tuple[dict | None, list]:
    import fastfeedparser

    try:
        parsed = fastfeedparser.parse(content, include_tags=False, include_media=False, include_enclosures=False)
    except Exception:
        return None, []
    return dict(parsed.get("feed") or {}), list(parsed.get("entries") or [])


def _slow(content: bytes, headers: Mapping[str, str] | None) -> tuple[dict | None, list]:
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = feedparser.parse(content, response_headers=_header_map(headers))
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        return None, []
    return dict(parsed.feed), list(parsed.entries)


def _header_map(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {key.lower(): value for key, value in (headers or {}).items()}


@dataclass(frozen=True)
class _Context:
    """What every item of one feed shares, worked out once per feed."""

    base: str | None
    publisher: str | None
    aggregator: bool
    lang: str | None
    seen: datetime


def _row(entry: Mapping, context: _Context) -> dict:
    link = _link(entry, context.base)
    raw_title = clean_title(entry.get("title"))
    source = _source_title(entry)
    title, publisher = split_publisher(
        raw_title, source or context.publisher, source=source, aggregator=context.aggregator
    )
    summary, text = _summary_and_text(entry, title, publisher)
    published = parse_date(entry.get("published") or entry.get("updated") or entry.get("created"))
    return {
        "_title": raw_title,
        "url": link,
        "canonical_url": canonical_url(link) if link else None,
        "title": title,
        "publisher": publisher,
        "published": published or context.seen,
        "date_estimated": published is None,
        "fetched": context.seen,
        "summary": summary,
        "text": text,
        "author": clean_title(entry.get("author")),
        "source_kind": "feed",
        "lang": _lang(entry, {}) or context.lang,
    }


def _link(entry: Mapping, base: str | None) -> str | None:
    for candidate in _link_candidates(entry):
        link = web_link(candidate, base=base)
        if link:
            return unwrap_link(link)
    return None


def _link_candidates(entry: Mapping):
    yield entry.get("link")
    yield from (item.get("href") for item in entry.get("links") or () if item.get("rel", "alternate") == "alternate")
    if str(entry.get("id") or "").startswith(("http", "/")):
        yield entry.get("id")


def _is_aggregator(feed: Mapping) -> bool:
    return "news.google." in str(feed.get("link") or "") or str(feed.get("title") or "").endswith("Google News")


def publisher_name(feed_title: object) -> str | None:
    """A publisher from a feed title: 'BBC News - World' -> 'BBC News'."""
    title = clean_title(feed_title)
    if not title:
        return None
    head = _TITLE_SEPARATORS.split(title, maxsplit=1)[0].strip()
    return head if len(head) >= 3 else title


def _source_title(entry: Mapping) -> str | None:
    source = entry.get("source")
    if isinstance(source, Mapping):
        return clean_title(source.get("title"))
    return clean_title(source) if isinstance(source, str) else None


def split_publisher(
    title: str | None, publisher: str | None, *, source: str | None, aggregator: bool = False
) -> tuple[str | None, str | None]:
    """Split 'Headline - Publisher' at the last ' - ', cross-checked against the item's <source>.

    Aggregator feeds (Google News) always carry the suffix; elsewhere it is cut only when it names the source.
    """
    if not title or " - " not in title:
        return title, source or publisher
    head, tail = (part.strip() for part in title.rsplit(" - ", 1))
    if source is not None and tail.casefold() == source.casefold():
        return head, source
    if aggregator and source is None:
        return head, tail
    return title, source or publisher


def _summary_and_text(entry: Mapping, title: str | None, publisher: str | None) -> tuple[str | None, str | None]:
    raw_summary = entry.get("summary") or entry.get("description")
    summary = clean_text(raw_summary)
    body = "".join(part.get("value", "") for part in entry.get("content") or () if isinstance(part, Mapping))
    text = clean_text(body, limit=MAX_TEXT) if body and body != raw_summary else None
    if text and (not summary or len(text) <= len(summary) * 1.5):
        summary, text = summary or clean_text(text), None
    if summary and title and summary.casefold().startswith(title.casefold()):
        rest = summary[len(title) :].strip()
        if not rest or (publisher and rest.casefold() == publisher.casefold()):
            summary = None
    return summary, text


def _lang(entry: Mapping, feed: Mapping) -> str | None:
    detail = entry.get("title_detail") or {}
    value = entry.get("language") or detail.get("language") or feed.get("language")
    return str(value).strip().lower()[:16] if value else None


def _document_lang(content: bytes) -> str | None:
    """The channel's <language> or the root's xml:lang (fastfeedparser does not report them)."""
    match = _LANGUAGE.search(content[:8192])
    return (match.group(1) or match.group(2)).decode("ascii", errors="ignore").lower() if match else None


def _fill_dates(rows: list[dict], entries: list, content: bytes, headers, seen: datetime) -> None:
    """Dates fastfeedparser could not read (non-English names) come from feedparser's raw strings."""
    missing = [i for i, row in enumerate(rows) if row["date_estimated"]]
    if not missing or len(_DATE_TAG.findall(content)) <= len(rows) - len(missing):
        return
    _, slow_entries = _slow(content, headers)
    if len(slow_entries) != len(rows):
        return
    for i in missing:
        raw = slow_entries[i].get("published") or slow_entries[i].get("updated")
        found = parse_date(raw)
        if found is not None:
            rows[i].update(published=found, date_estimated=False)


_DATE_IN_URL = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


def _estimate_dates(rows: list[dict], *, channel: datetime | None, seen: datetime) -> None:
    """An item without a date gets a better estimate than the time it was found: the date in its URL, else the
    feed's own date; it stays marked `date_estimated`."""
    for row in rows:
        if not row["date_estimated"]:
            continue
        match = _DATE_IN_URL.search(row.get("url") or "")
        found = None
        if match:
            found = parse_date(f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}T12:00:00Z")
        found = found or channel
        if found is not None and found <= seen:
            row["published"] = found


def _fill_sources(rows: list[dict], content: bytes) -> None:
    """fastfeedparser drops RSS <source>: read it per item (Google News puts the publisher there)."""
    if b"<source" not in content:
        return
    chunks = _ITEM_SPLIT.split(content)[1:]
    if len(chunks) != len(rows):
        return
    for row, chunk in zip(rows, chunks):
        match = _SOURCE.search(chunk)
        source = clean_title(match.group(1).decode("utf-8", errors="replace")) if match else None
        if source:
            row["title"], row["publisher"] = split_publisher(row["_title"], row["publisher"], source=source)
