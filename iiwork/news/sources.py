"""Source adapters: each builds its request and turns the response into article rows."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin, urlsplit

from ..errors import NotAFeed, ParseError
from .feeds import feed_items
from .fetch import Fetcher, Response
from .normalise import canonical_url, check_url, clean_title, is_private_host, parse_date, web_link

if TYPE_CHECKING:  # bs4 is imported when a newsroom page is read, not to gather feeds
    from bs4 import BeautifulSoup

GOOGLE_NEWS = "https://news.google.com/rss/search"
GDELT_DOC = "https://api.gdeltproject.org/api/v2/doc/doc"
EDGAR = "https://www.sec.gov/cgi-bin/browse-edgar"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
FEED_PATHS = ("feed", "rss.xml", "feed.xml", "atom.xml", "index.xml")
_FEED_SNIFF = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
_DATE_IN_URL = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_DATE_TEXT = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})\b"
)


@dataclass
class Collected:
    """What one source gave: rows, the final URL, the HTTP status and whether nothing changed."""

    rows: list[dict]
    url: str
    http_status: int | None = None
    not_modified: bool = False
    response: Response | None = None


@dataclass
class Source:
    """A feed URL or local file; the base of the other adapters."""

    url: str
    kind: str = "feed"
    query: str | None = None
    page: bool = False
    publisher: str | None = field(default=None, kw_only=True)
    company: str | None = field(default=None, kw_only=True)  # the followed company (or industry) it is saved for

    @property
    def label(self) -> str:
        """How the fetch log names the source: its query, a local file's name, or the URL without its scheme
        (the log's `url` column keeps the whole address)."""
        if self.query:
            return f"{self.kind}: {self.query}"
        parts = urlsplit(self.url)
        if parts.scheme == "file":
            return f"{self.kind}: {Path(parts.path).name}"
        return f"{self.kind}: {parts.netloc}{parts.path}{'?' + parts.query if parts.query else ''}"

    def collect(self, fetcher: Fetcher) -> Collected:
        return self.collect_feed(fetcher, self.url)

    def collect_feed(self, fetcher: Fetcher, url: str) -> Collected:
        """A conditional fetch: a 304 means nothing new, so nothing is parsed. A URL other than the source's own
        was found on the web, and is fetched under the rules for such links."""
        given = None if url == self.url else self.url
        response = fetcher.get(url, page=self.page, conditional=True, given=given)
        if response.not_modified:
            return Collected([], response.url, response.status, not_modified=True)
        return Collected(self.parse(response), response.url, response.status, response=response)

    def parse(self, response: Response) -> list[dict]:
        rows = [row for row in feed_items(response.content, response.url, headers=response.headers)
                if not private_link(row["url"], source=response.url)]  # fmt: skip
        for row in rows:
            row["source_kind"], row["query"] = self.kind, self.query
            if self.publisher:
                row["publisher"] = self.publisher
        return rows


def private_link(url: str, *, source: str) -> bool:
    """A link to a loopback or private address on another host than the source's: not an article of the web."""
    host = urlsplit(url).hostname
    return host != urlsplit(source).hostname and is_private_host(host)


def feed(location: str) -> Source:
    """A feed at an http(s) or file URL, or a local path."""
    path = Path(location.strip()).expanduser()
    if "://" not in location and ":" not in location[:12]:  # a path typed by the user, there or not
        return Source(path.resolve().as_uri())
    return Source(location.strip())


def google_news(query: str, *, lang: str = "en-US", region: str = "US", base: str = GOOGLE_NEWS) -> Source:
    """Google News RSS search; the query keeps its operators ("phrase", OR, -term, site:, when:7d, after:)."""
    params = {"q": query, "hl": lang, "gl": region, "ceid": f"{region}:{lang.split('-')[0]}"}
    return Source(f"{base}?{urlencode(params)}", kind="news-search", query=query)


@dataclass
class GdeltSource(Source):
    """GDELT DOC 2.0 `artlist` JSON; its errors come back as plain text with HTTP 200."""

    def parse(self, response: Response) -> list[dict]:
        try:
            payload = json.loads(response.content.decode("utf-8", errors="replace"))
        except json.JSONDecodeError:
            message = " ".join(response.content.decode("utf-8", errors="replace").split())[:300]
            raise ParseError(f"GDELT answered with text, not JSON: {message or 'empty response'}") from None
        if not isinstance(payload, dict):
            raise ParseError("GDELT JSON is not an object")
        seen = datetime.now(UTC)
        rows = [_gdelt_row(item, seen, self.query) for item in payload.get("articles") or [] if isinstance(item, dict)]
        return [row for row in rows if row]


def _gdelt_row(item: dict, seen: datetime, query: str | None) -> dict | None:
    link, title = web_link(item.get("url")), clean_title(item.get("title"))
    if not link or not title:
        return None
    published = parse_date(item.get("seendate"))
    return {
        "url": link,
        "canonical_url": canonical_url(link),
        "title": title,
        "publisher": clean_title(item.get("domain")),
        "published": published or seen,
        "date_estimated": published is None,
        "fetched": seen,
        "source_kind": "gdelt",
        "query": query,
        "lang": clean_title(item.get("language")),
    }


GDELT_MAX_DAYS = 90  # GDELT DOC 2.0 searches about the last three months


def gdelt_timespan(since: datetime | None, *, now: datetime | None = None) -> str:
    """GDELT's timespan for a gather since a date: the days back to it, within GDELT's three months (1w if none)."""
    if since is None:
        return "1w"
    days = math.ceil(((now or datetime.now(UTC)) - since).total_seconds() / 86400)
    return f"{max(1, min(GDELT_MAX_DAYS, days))}d"


def gdelt(query: str, *, timespan: str = "1w", maxrecords: int = 250, base: str = GDELT_DOC) -> GdeltSource:
    """GDELT DOC 2.0 article list for a query over a timespan (about 3 months searchable)."""
    params = {"query": query, "mode": "artlist", "format": "json", "maxrecords": maxrecords, "timespan": timespan}
    return GdeltSource(f"{base}?{urlencode(params)}", kind="gdelt", query=query)


def edgar(company: str, *, form: str = "", count: int = 40, base: str = EDGAR) -> Source:
    """SEC EDGAR filings Atom for a ticker or CIK (optionally one form type such as 8-K)."""
    params = {
        "action": "getcompany",
        "CIK": company.strip(),
        "type": form,
        "dateb": "",
        "owner": "include",
        "count": count,
        "output": "atom",
    }
    label = f"{company} {form}".strip()
    return Source(f"{base}?{urlencode(params)}", kind="edgar", query=label, publisher="SEC EDGAR")


@dataclass
class NewsroomSource(Source):
    """A company newsroom page: its feed by autodiscovery or common paths, else its dated article links."""

    def collect(self, fetcher: Fetcher) -> Collected:
        response = fetcher.get(self.url, page=True)
        if _FEED_SNIFF.search(response.content[:4096]):
            return Collected(self.parse(response), response.url, response.status)
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(response.content, "lxml")
        for candidate in discover_feeds(soup, response.url):
            found = self._try_feed(fetcher, candidate)
            if found is not None:
                return found
        return Collected(self._listing(soup, response.url), response.url, response.status)

    def _try_feed(self, fetcher: Fetcher, url: str) -> Collected | None:
        try:
            return self.collect_feed(fetcher, url)
        except (NotAFeed, ParseError):
            return None
        except Exception as error:
            if getattr(error, "http_status", None) in (404, 410, 403):
                return None
            raise

    def _listing(self, soup: BeautifulSoup, base: str) -> list[dict]:
        rows = listing_links(soup, base)
        for row in rows:
            row["source_kind"], row["publisher"] = "newsroom", self.publisher or _site_name(soup, base)
        return rows


def newsroom(url: str) -> NewsroomSource:
    return NewsroomSource(check_url(url), kind="newsroom")


def discover_feeds(soup: BeautifulSoup, base: str) -> list[str]:
    """Feed URLs a page announces with <link rel="alternate">, then the common feed paths."""
    announced = []
    for link in soup.find_all("link", href=True):
        rel = " ".join(link.get("rel") or []).lower()
        if "alternate" in rel and str(link.get("type") or "").lower() in FEED_TYPES:
            announced.append(urljoin(base, str(link["href"])))
    if announced:
        return [url for url in announced if web_link(url) or (url.startswith("file:") and base.startswith("file:"))]
    page = base if base.endswith("/") else base + "/"
    guesses = [urljoin(page, FEED_PATHS[0])] + [urljoin(base, "/" + path) for path in FEED_PATHS]
    return list(dict.fromkeys(guesses))


def listing_links(soup: BeautifulSoup, base: str) -> list[dict]:
    """Dated article links of a listing page: <time>, a date in the link's block, or one in its URL."""
    seen, rows, host = set(), [], urlsplit(base).hostname
    now = datetime.now(UTC)
    for anchor in soup.find_all("a", href=True):
        link = web_link(str(anchor["href"]), base=base)
        title = clean_title(anchor.get_text(" "))
        if not link or not title or len(title.split()) < 3 or urlsplit(link).hostname != host:
            continue
        if anchor.find_parent(["nav", "header", "footer"]) or canonical_url(link) in seen:
            continue
        published = _link_date(anchor, link)
        if published is None and not anchor.find_parent("article"):
            continue
        seen.add(canonical_url(link))
        rows.append(
            {
                "url": link,
                "canonical_url": canonical_url(link),
                "title": title,
                "published": published or now,
                "date_estimated": published is None,
                "fetched": now,
            }
        )
    return rows


def _link_date(anchor, link: str) -> datetime | None:
    block = anchor
    for _ in range(4):
        time_tag = block.find("time")
        if time_tag is not None:
            return parse_date(time_tag.get("datetime") or time_tag.get_text(" ", strip=True))
        match = _DATE_TEXT.search(block.get_text(" ", strip=True)) if block is not anchor else None
        if match:
            return parse_date(match.group(1))
        if block.parent is None or block.parent.name in ("body", "html", "main", "ul", "ol", "section"):
            break
        block = block.parent
    match = _DATE_IN_URL.search(link)
    return parse_date(f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}") if match else None


def _site_name(soup: BeautifulSoup, base: str) -> str | None:
    meta = soup.find("meta", attrs={"property": "og:site_name"})
    return clean_title(meta.get("content")) if meta else urlsplit(base).hostname
