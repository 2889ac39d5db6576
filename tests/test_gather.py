import sqlite3

import pytest
from server import Reply

from iiwork.news import gather as gathering
from iiwork.news import sources
from iiwork.news.fetch import Fetcher
from iiwork.tables import FETCH_LOG
from iiwork.times import utc_now
from iiwork.workspace import Workspace


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
        for title, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture
def fetcher(workspace):
    f = Fetcher(validators=workspace.validators, timeout=(2.0, 2.0), retries=1, backoff=0.01)
    yield f
    f.close()


def log_rows(workspace: Workspace, gather_id: int) -> list[tuple]:
    return workspace.rows(
        "SELECT source, status, items, new_items FROM fetch_log WHERE gather_id = ? ORDER BY fetch_id", (gather_id,)
    )


def test_log_fields_are_the_fetch_log_table_columns():
    assert (*FETCH_LOG, "gather_id") == gathering.LOG_FIELDS


def test_pool_is_sized_to_the_politeness_slots():
    on = lambda host, n: [sources.Source(f"http://{host}/feed{i}") for i in range(n)]
    assert gathering.pool_workers(on("a.example", 10), per_host=4) == 4
    assert gathering.pool_workers(on("a.example", 10) + on("b.example", 10), per_host=4) == 8
    assert gathering.pool_workers(on("a.example", 2) + on("b.example", 1), per_host=4) == 3  # no idle threads
    assert gathering.pool_workers([sources.Source("file:///x.xml"), sources.Source("file:///y.xml")], per_host=4) == 2
    many = [source for i in range(100) for source in on(f"h{i}.example", 2)]
    assert gathering.pool_workers(many, per_host=4) == gathering.MAX_WORKERS


def test_sources_are_stored_in_the_order_given_whatever_finishes_first(server, workspace, fetcher):
    shared = ("Wire story", "https://wire.example/story")
    slow = server.route("/slow", Reply(rss(shared, ("Slow own", "https://slow.example/1")), delay=0.3))
    fast = [server.route(f"/fast{i}", Reply(rss(shared, (f"Fast {i}", f"https://fast.example/{i}")))) for i in range(5)]
    chosen = [sources.feed(slow)] + [sources.feed(url) for url in fast]
    gather_id, new_ids = gathering.gather_sources(workspace, fetcher, chosen, company="C")
    rows = log_rows(workspace, gather_id)
    assert [row[0] for row in rows] == [source.label for source in chosen]
    assert [row[3] for row in rows] == [2, 1, 1, 1, 1, 1]  # the shared story went to the first source
    owner = workspace.rows("SELECT source_url FROM articles WHERE url = ?", (shared[1],))
    assert owner == [(slow,)]
    assert len(new_ids) == 7 == len(set(new_ids))


def test_warm_gather_sends_validators_read_once_and_stores_nothing(server, workspace):
    urls = [
        server.route(f"/feed{i}", Reply(rss((f"Item {i}", f"https://s.example/{i}")), conditional=True))
        for i in range(4)
    ]
    lookups: list[str] = []

    def validators(url):
        lookups.append(url)
        return workspace.validators(url)

    fetcher = Fetcher(validators=validators, timeout=(2.0, 2.0), retries=1)
    try:
        chosen = [sources.feed(url) for url in urls]
        cold, _ = gathering.gather_sources(workspace, fetcher, chosen)
        warm, new_ids = gathering.gather_sources(workspace, fetcher, chosen)
    finally:
        fetcher.close()
    assert [row[1] for row in log_rows(workspace, cold)] == ["ok"] * 4
    assert [row[1:] for row in log_rows(workspace, warm)] == [("not-modified", 0, 0)] * 4
    assert new_ids == []
    assert lookups == []  # read up front in one query, not once per request
    assert all("if-none-match" in server.requests_to(f"/feed{i}")[1].headers for i in range(4))
    assert fetcher._preloaded == {}  # nothing is kept for later, unrelated fetches


def test_a_batch_that_cannot_be_stored_keeps_the_sources_before_the_bad_one(workspace):
    gather_id = gathering._start(workspace, None)
    good = gathering.Outcome(sources.Source("https://a.example/feed"), utc_now(), url="https://a.example/feed")
    bad = gathering.Outcome(sources.Source("https://b.example/feed"), utc_now(), url="https://b.example/feed")
    bad.status = "no-such-status"  # the fetch log's CHECK refuses it
    with pytest.raises(sqlite3.IntegrityError):
        gathering.store_many(workspace, [good, bad], gather_id=gather_id, company=None, since=None)
    assert [row[0] for row in log_rows(workspace, gather_id)] == [good.source.label]


def test_the_gather_ends_with_a_one_line_summary():
    from iiwork.news.gather import gather_summary

    log = [
        {"source": "feed: a.xml", "status": "ok", "new_items": 300},
        {"source": "feed: b.xml", "status": "not-modified", "new_items": 0},
        {"source": "feed: c.xml", "status": "not-found", "new_items": 0},
    ]
    assert gather_summary(log) == "300 new articles from 3 sources; 1 failed: feed: c.xml (not-found)"
    assert gather_summary(log[:1]) == "300 new articles from 1 source"


def test_gdelt_searches_back_to_since_within_its_three_months():
    from datetime import UTC, datetime, timedelta

    from iiwork.news.sources import gdelt_timespan

    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert gdelt_timespan(None) == "1w"
    assert gdelt_timespan(now - timedelta(days=30), now=now) == "30d"
    assert gdelt_timespan(now - timedelta(days=400), now=now) == "90d"
    assert gdelt_timespan(now - timedelta(hours=2), now=now) == "1d"


def test_links_to_another_private_host_are_not_article_urls():
    from iiwork.news.sources import private_link

    assert private_link("http://127.0.0.1:8080/admin", source="https://news.example/feed")
    assert private_link("http://localhost/x", source="https://news.example/feed")
    assert not private_link("http://127.0.0.1:8080/a", source="http://127.0.0.1:8080/feed")  # the user's own host
    assert not private_link("https://news.example/a", source="https://news.example/feed")
