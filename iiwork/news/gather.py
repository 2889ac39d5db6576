"""Gather: fetch sources concurrently, store new article rows and one fetch-log row per source."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import IiworkError
from ..times import iso, utc_now
from .fetch import Fetcher, Response
from .normalise import article_key, is_opaque_link, match_key, strip_controls
from .sources import Collected, Source

if TYPE_CHECKING:  # pandas and the workspace layer are not needed to import the gatherer
    import pandas as pd

    from ..workspace import Workspace

log = logging.getLogger("iiwork.gather")

ARTICLE_FIELDS = (
    "key",
    "url",
    "canonical_url",
    "title",
    "publisher",
    "published",
    "date_estimated",
    "fetched",
    "summary",
    "text",
    "author",
    "source_kind",
    "source_url",
    "query",
    "company",
    "lang",
    "gather_id",
    "match_key",
)
INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_FIELDS)}) VALUES ({', '.join('?' * len(ARTICLE_FIELDS))}) "
    "ON CONFLICT (key) DO NOTHING"
)
INSERT_AGGREGATED = (
    f"INSERT INTO articles ({', '.join(ARTICLE_FIELDS)}) SELECT {', '.join('?' * len(ARTICLE_FIELDS))} "
    "WHERE NOT EXISTS (SELECT 1 FROM articles WHERE match_key = ?) ON CONFLICT (key) DO NOTHING"
)
ANY_AGGREGATED = "SELECT EXISTS (SELECT 1 FROM articles WHERE key >= 'title:' AND key < 'title;')"
# An aggregator row (opaque link) for an article already stored under its real URL is skipped; a real URL
# arriving after such a row takes its place.
UPGRADE_OPAQUE = (
    "UPDATE articles SET url = ?, canonical_url = ?, key = ? WHERE match_key = ? AND key LIKE 'title:%' "
    "AND NOT EXISTS (SELECT 1 FROM articles WHERE key = ?)"
)
# iiwork.tables.FETCH_LOG's columns (tests/test_gather.py checks they agree), then the gather they belong to.
LOG_FIELDS = (
    *("source", "url", "started", "status", "http_status", "items", "new_items", "elapsed_ms", "error"),
    "gather_id",
)
MAX_WORKERS = 128  # threads for `workers=None`: enough to keep every host's politeness slots busy
BATCH = 64  # at most this many finished sources are stored in one transaction
INSERT_LOG = f"INSERT INTO fetch_log ({', '.join(LOG_FIELDS)}) VALUES ({', '.join('?' * len(LOG_FIELDS))})"


@dataclass
class Outcome:
    """One source's result: its fetch-log entry and the rows it gave."""

    source: Source
    started: datetime
    status: str = "ok"
    url: str | None = None
    http_status: int | None = None
    rows: list[dict] = field(default_factory=list)
    elapsed_ms: int = 0
    error: str | None = None
    response: Response | None = None


def run_source(source: Source, fetcher: Fetcher) -> Outcome:
    """Fetch and parse one source; every failure becomes a status on the outcome, never an exception."""
    outcome = Outcome(source, utc_now(), url=source.url)
    clock = time.perf_counter()
    try:
        collected: Collected = source.collect(fetcher)
        outcome.rows, outcome.url, outcome.http_status = collected.rows, collected.url, collected.http_status
        outcome.response = collected.response
        outcome.status = "not-modified" if collected.not_modified else "ok"
    except IiworkError as error:
        outcome.status = getattr(error, "status", "parse-error")
        outcome.http_status = getattr(error, "http_status", None)
        outcome.error = _one_line(error)
    except Exception as error:
        log.exception("source %s failed unexpectedly", source.label)
        outcome.status, outcome.error = "parse-error", f"{error.__class__.__name__}: {_one_line(error)}"
    outcome.elapsed_ms = round((time.perf_counter() - clock) * 1000)
    if outcome.error:
        log.warning("%s: %s (%s)", source.label, outcome.status, outcome.error)
    return outcome


def gather_sources(
    workspace: Workspace,
    fetcher: Fetcher,
    sources: Sequence[Source],
    *,
    company: str | None = None,
    since: datetime | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> tuple[int, list[int]]:
    """Run every source concurrently and store each in the order given (so the first source of a shared
    article wins, run after run); returns the gather id and the new article ids.

    `workers=None` sizes the thread pool to what politeness allows: every host's `per_host` slots busy at once
    (at most MAX_WORKERS threads). Sources that have finished are stored together, in order, one transaction
    for all of them (each source's rows still go in with its fetch-log row and validators).
    """
    gather_id = _start(workspace, company)
    new_ids: list[int] = []
    pool_size = pool_workers(sources, per_host=fetcher.limiter.concurrency) if workers is None else workers
    fetcher.preload_validators(_stored_validators(workspace, sources))
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(pool_size, len(sources) or 1))) as pool:
            pending = deque(pool.submit(run_source, source, fetcher) for source in sources)
            bar = _progress(total=len(pending), show=progress)
            try:
                while pending:
                    batch = [pending.popleft().result()]
                    while pending and pending[0].done() and len(batch) < BATCH:
                        batch.append(pending.popleft().result())
                    new_ids += store_many(workspace, batch, gather_id=gather_id, company=company, since=since)
                    if bar is not None:
                        bar.update(len(batch))
            finally:
                if bar is not None:
                    bar.close()
    finally:
        fetcher.forget_validators(source.url for source in sources)
    with workspace.transaction() as conn:
        conn.execute("UPDATE gathers SET finished = ? WHERE gather_id = ?", (iso(utc_now()), gather_id))
    return gather_id, new_ids


def pool_workers(sources: Sequence[Source], *, per_host: int) -> int:
    """Threads enough for every host's politeness slots at once (file URLs count as one host)."""
    hosts = {(urlsplit(source.url).hostname or "").lower() for source in sources}
    return max(1, min(MAX_WORKERS, len(sources), len(hosts) * max(1, per_host)))


def _stored_validators(workspace: Workspace, sources: Sequence[Source]) -> dict[str, tuple[str | None, str | None]]:
    """The validators of every source URL, read once for the gather instead of once per request."""
    urls = list(dict.fromkeys(source.url.strip() for source in sources))
    found: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(urls), 500):
        chunk = urls[i : i + 500]
        sql = f"SELECT url, etag, last_modified FROM http_validators WHERE url IN ({', '.join('?' * len(chunk))})"
        found.update({url: (etag, modified) for url, etag, modified in workspace.rows(sql, chunk)})
    return {url: found.get(url, (None, None)) for url in urls}


def _start(workspace: Workspace, company: str | None) -> int:
    with workspace.transaction() as conn:
        cursor = conn.execute("INSERT INTO gathers (started, company) VALUES (?, ?)", (iso(utc_now()), company))
        return int(cursor.lastrowid or 0)


def _progress(*, total: int, show: bool | None):
    if show is False or (show is None and total <= 10):
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="gathering", unit="source")


def store(
    workspace: Workspace, outcome: Outcome, *, gather_id: int, company: str | None, since: datetime | None
) -> list[int]:
    """Insert one source's new rows and its fetch-log row in one transaction; returns the new article ids."""
    return store_many(workspace, [outcome], gather_id=gather_id, company=company, since=since)


def store_many(
    workspace: Workspace, outcomes: Sequence[Outcome], *, gather_id: int, company: str | None, since: datetime | None
) -> list[int]:
    """Store several sources, in order, in one transaction (each with its rows, fetch-log row and validators);
    returns the new article ids."""
    new_ids: list[int] = []
    try:
        with workspace.transaction() as conn:
            for outcome in outcomes:
                new_ids += _store_one(conn, outcome, gather_id=gather_id, company=company, since=since)
    except Exception:
        if len(outcomes) == 1:
            raise
        # as if stored one by one: the sources before the one that cannot be stored are kept, then it raises
        kept: list[int] = []
        for outcome in outcomes:
            kept += store_many(workspace, [outcome], gather_id=gather_id, company=company, since=since)
        return kept
    return new_ids


INSERT_SOURCE_LINK = "INSERT OR IGNORE INTO article_companies VALUES (?, ?, 'source')"


def _store_one(conn, outcome: Outcome, *, gather_id: int, company: str | None, since: datetime | None) -> list[int]:
    rows = [row for row in outcome.rows if since is None or row["date_estimated"] or row["published"] >= since]
    new_ids: list[int] = []
    company = outcome.source.company or company
    if rows:
        fixed = (outcome.url, company, gather_id)
        opaque = [is_opaque_link(row["url"]) for row in rows]
        values = [_article_values(row, fixed, aggregated=o) for row, o in zip(rows, opaque)]
        before = conn.execute("SELECT coalesce(max(article_id), 0) FROM articles").fetchone()[0]
        if conn.execute(ANY_AGGREGATED).fetchone()[0]:
            conn.executemany(UPGRADE_OPAQUE, [(v[1], v[2], v[0], v[-1], v[0]) for v, o in zip(values, opaque) if not o])
        conn.executemany(INSERT_ARTICLE, [v for v, o in zip(values, opaque) if not o])
        if any(opaque):
            conn.executemany(INSERT_AGGREGATED, [(*v, v[-1]) for v, o in zip(values, opaque) if o])
        new_ids = [row[0] for row in conn.execute("SELECT article_id FROM articles WHERE article_id > ?", (before,))]
        if company:
            conn.executemany(INSERT_SOURCE_LINK, [(article_id, company) for article_id in new_ids])
    conn.execute(INSERT_LOG, _log_values(outcome, len(outcome.rows), len(new_ids), gather_id))
    if len(rows) == len(outcome.rows):  # a feed cut by `since` must be read whole next time
        _remember(conn, outcome.response)
    return new_ids


def _remember(conn, response: Response | None) -> None:
    """Keep the validators with the rows they vouch for: a 304 next time is only right if these rows are stored."""
    if response is None or response.requested is None or not any(response.validators):
        return
    conn.execute(
        "INSERT OR REPLACE INTO http_validators VALUES (?, ?, ?, ?)",
        (response.requested, *response.validators, iso(utc_now())),
    )


def _article_values(row: dict, fixed: tuple, *, aggregated: bool) -> tuple:
    """One articles row in ARTICLE_FIELDS order; `fixed` is (source_url, company, gather_id)."""
    row = {key: _plain(key, value) for key, value in row.items()}
    url, title, publisher = row["url"], row["title"], row.get("publisher")
    source_url, company, gather_id = fixed
    return (
        article_key(url, title=title, publisher=publisher) if aggregated else row["canonical_url"],
        url,
        row["canonical_url"],
        title,
        publisher,
        _iso(row["published"]),
        int(bool(row["date_estimated"])),
        _iso(row["fetched"]),
        row.get("summary"),
        row.get("text"),
        row.get("author"),
        row.get("source_kind"),
        source_url,
        row.get("query"),
        company,
        row.get("lang"),
        gather_id,
        match_key(title, publisher),
    )


MULTILINE = frozenset({"summary", "text"})


def _plain(key: str, value: object) -> object:
    """Every string stored from the web, on every parse path, without control characters (newlines only in text)."""
    return strip_controls(value, newlines=key in MULTILINE) if isinstance(value, str) else value


def _iso(value: object) -> str | None:
    """times.iso, without its conversions for the UTC datetimes the parsers give."""
    if isinstance(value, datetime) and value.tzinfo is UTC:
        return value.isoformat(timespec="microseconds")
    return iso(value)


def _log_values(outcome: Outcome, items: int, new_items: int, gather_id: int) -> tuple:
    return (
        outcome.source.label,
        outcome.url,
        iso(outcome.started),
        outcome.status,
        outcome.http_status,
        items,
        new_items,
        outcome.elapsed_ms,
        outcome.error,
        gather_id,
    )


def fetch_text(workspace: Workspace, fetcher: Fetcher, article_ids: Sequence[int], *, workers: int = 8) -> pd.DataFrame:
    """Fetch and extract the full text of the chosen rows; failures are recorded on the row, not raised."""
    import pandas as pd

    from .extract import extract_article

    placeholders = ", ".join("?" * len(article_ids))
    targets = workspace.rows(
        f"SELECT article_id, url, source_url FROM articles WHERE article_id IN ({placeholders})", article_ids
    )

    def one(target: tuple[int, str, str | None]) -> tuple[int, dict]:
        article_id, url, source_url = target
        if is_opaque_link(url):
            return article_id, {"status": "unresolved-link", "error": "aggregator link hides the article URL"}
        try:  # an article link came from a feed on the web: it may not lead to a private address elsewhere
            response = fetcher.get(url, page=True, given=source_url or url)
        except IiworkError as error:
            return article_id, {"status": getattr(error, "status", "failed"), "error": _one_line(error)}
        return article_id, extract_article(response.content, url)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, targets))
    with workspace.transaction() as conn:
        for article_id, found in results:
            _save_text(conn, article_id, found)
    return pd.DataFrame([{"article_id": i, "extract_status": f.get("status")} for i, f in results])


def _save_text(conn, article_id: int, found: dict) -> None:
    conn.execute(
        "UPDATE articles SET text = coalesce(?, text), author = coalesce(author, ?), extract_status = ?, "
        "extract_error = ?, published = CASE WHEN date_estimated = 1 AND ? IS NOT NULL THEN ? ELSE published END, "
        "date_estimated = CASE WHEN date_estimated = 1 AND ? IS NOT NULL THEN 0 ELSE date_estimated END "
        "WHERE article_id = ?",
        (
            strip_controls(found.get("text")),
            strip_controls(found.get("author"), newlines=False),
            found.get("status"),
            found.get("error"),
            iso(found.get("published")),
            iso(found.get("published")),
            iso(found.get("published")),
            article_id,
        ),
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:500] or error.__class__.__name__


def gather_summary(log: Sequence[Mapping[str, object]]) -> str:
    """One line on a gather: "318 new articles from 11 sources; 1 failed: feed: x.xml (not-found)"."""
    failed = [row for row in log if row["status"] not in ("ok", "not-modified")]
    new = sum(int(row["new_items"] or 0) for row in log)  # type: ignore[call-overload]
    line = f"{new:,} new article{'s' * (new != 1)} from {len(log)} source{'s' * (len(log) != 1)}"
    if failed:
        shown = ", ".join(f"{row['source']} ({row['status']})" for row in failed[:3])
        line += f"; {len(failed)} failed: {shown}" + (", …" if len(failed) > 3 else "")
    return line
