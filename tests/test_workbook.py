"""Workbook.gather and Workbook.articles end to end, over real HTTP on 127.0.0.1."""

import pandas as pd
import pytest
from conftest import FIXTURES, fixture_bytes
from server import Reply

from iiwork import InvalidInput, Workbook
from iiwork.errors import ConfigError
from iiwork.tables import ARTICLES, FETCH_LOG


def test_one_broken_source_never_stops_the_others(server, serve, workbook):
    feeds = [
        serve("/rss", "rss2.xml"),
        serve("/atom", "atom.xml"),
        serve("/rdf", "rdf.xml"),
        serve("/malformed", b"<?xml version='1.0'?><rss><channel><item><title>x</broken>"),
        serve("/page", "newsroom_listing.html"),
        serve("/down", b"", status=503),
        serve("/slow", "rss2.xml", delay=2.0),
        serve("/huge", b"<rss>" + b" " * 300_000 + b"</rss>"),
        "javascript:alert(1)",
        "ftp://127.0.0.1/feed.xml",
    ]
    log = workbook.gather(company="Voltaic Storage", feeds=feeds)
    assert list(log.columns) == list(FETCH_LOG) and dict(log.dtypes.astype(str)) == FETCH_LOG
    status = dict(zip(log.url, log.status))
    assert [status[url] for url in feeds] == [
        "ok",
        "ok",
        "ok",
        "parse-error",
        "not-a-feed",
        "http-error",
        "timeout",
        "too-large",
        "invalid-url",
        "invalid-url",
    ]
    assert log.set_index("url").loc[feeds[5], "http_status"] == 503
    assert log.error.isna().sum() == 3 and log.error.dropna().str.len().gt(0).all()
    articles = workbook.articles()
    assert len(articles) == 7  # 4 + 2 + 2, less the copy the Atom feed shares with the RSS feed
    assert set(articles.company) == {"Voltaic Storage"}


def test_regather_is_conditional_and_adds_no_rows(server, workbook):
    url = server.route("/feed", Reply(fixture_bytes("rss2.xml"), conditional=True))
    first = workbook.gather(feeds=[url])
    second = workbook.gather(feeds=[url])
    assert first.status.tolist() == ["ok"] and first.new_items.tolist() == [4]
    assert second.status.tolist() == ["not-modified"] and second.new_items.tolist() == [0]
    headers = server.requests_to("/feed")[1].headers
    assert "if-none-match" in headers or "if-modified-since" in headers
    assert len(workbook.articles()) == 4


def test_same_article_from_two_sources_and_tracking_params_make_one_row(serve, workbook):
    log = workbook.gather(feeds=[serve("/a", "rss2.xml"), serve("/b", "atom.xml")])
    assert log["items"].sum() == 6 and log.new_items.sum() == 5
    articles = workbook.articles(contains="Voltaic Storage raises")
    assert articles.canonical_url.tolist() == ["https://gridledger.example/2026/09/01/voltaic-series-c"]
    assert articles.title.tolist() == [
        "Voltaic Storage raises $120 million Series C to expand LFP line"
    ]  # first source wins


def test_articles_table_has_declared_dtypes_and_filters(serve, workbook):
    workbook.gather(company="Voltaic Storage", feeds=[serve("/rss", "rss2.xml")])
    workbook.gather(company="Northwind Grid", feeds=[serve("/rdf", "rdf.xml")])
    df = workbook.articles()
    assert list(df.columns) == list(ARTICLES) and dict(df.dtypes.astype(str)) == ARTICLES
    dated = ~df.date_estimated.astype(bool)
    assert df[dated].published.is_monotonic_decreasing and not dated.iloc[dated.sum() :].any()  # undated come last
    assert len(workbook.articles(company="northwind grid")) == 2
    assert workbook.articles(since="2026-09-04", until="2026-09-06").title.tolist() == [
        "Helio Cell Works opens second factory in Ohio"
    ]
    assert workbook.articles(publisher="The Daily Current").title.str.contains("inquiry").any()
    assert len(workbook.articles(contains="Priya Raman")) == 1


def test_since_drops_old_items_but_keeps_undated_ones(serve, workbook):
    workbook.gather(feeds=[serve("/rss", "rss2.xml")], since="2026-09-04")
    titles = set(workbook.articles().title)
    assert titles == {"Helio Cell Works opens second factory in Ohio", "Interconnection queues: what developers say"}


def test_wrong_declared_charset_header(server, workbook):
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Speicher Kurier</title>'
        "<item><title>Größter Speicher in Zürich eröffnet</title><link>https://sk.example/1</link></item></channel></rss>"
    )
    url = server.route(
        "/charset", Reply(body.encode(), headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"})
    )
    workbook.gather(feeds=[url])
    assert workbook.articles().title.tolist() == ["Größter Speicher in Zürich eröffnet"]


def test_full_text_is_extracted_on_request_and_failures_recorded(server, serve, workbook):
    article = "/2026/09/01/voltaic-series-c"
    serve(article, "article.html")
    feed = f"""<rss version="2.0"><channel><title>Local</title>
      <item><title>Voltaic Storage raises $120 million Series C</title><link>{server.url(article)}</link></item>
      <item><title>A page that is gone now</title><link>{server.url("/gone")}</link></item>
    </channel></rss>"""
    workbook.gather(feeds=[server.route("/local.xml", Reply(feed.encode()))], full_text=True)
    rows = workbook.articles().set_index("title")
    good = rows.loc["Voltaic Storage raises $120 million Series C"]
    assert good.extract_status == "ok" and "Harbor Point Capital" in good.text and good.author == "Dana Whitfield"
    assert good.published == pd.Timestamp("2026-09-01 14:30", tz="UTC") and not good.date_estimated
    gone = rows.loc["A page that is gone now"]
    assert gone.extract_status == "not-found" and pd.isna(gone.text)


def test_edgar_needs_a_contact_email_before_anything_is_fetched(tmp_path, monkeypatch):
    monkeypatch.delenv("IIWORK_CONTACT_EMAIL", raising=False)
    with Workbook(tmp_path / "ws") as wb:
        with pytest.raises(ConfigError, match="contact e-mail"):
            wb.gather(edgar="AAPL")
        assert wb.fetch_log().empty


def test_contact_email_from_workspace_config(tmp_path, monkeypatch):
    monkeypatch.delenv("IIWORK_CONTACT_EMAIL", raising=False)
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "config.toml").write_text('[http]\ncontact_email = "me@example.org"\n')
    with Workbook(tmp_path / "ws") as wb:
        assert wb.contact_email == "me@example.org"
        assert "me@example.org" in wb.fetcher.session.headers["User-Agent"]


@pytest.mark.parametrize(
    ("options", "message"),
    [({}, "nothing to gather"), ({"feeds": [""]}, "feeds: empty"), ({"feeds": ["x"], "since": "soonish"}, "since")],
)
def test_bad_arguments_raise_before_any_write(workbook, options, message):
    with pytest.raises(InvalidInput, match=message):
        workbook.gather(**options)
    assert workbook.fetch_log().empty and workbook.articles().empty


def test_local_feed_files_and_paths(tmp_path, workbook):
    path = tmp_path / "feed.xml"
    path.write_bytes(fixture_bytes("rss2.xml"))
    log = workbook.gather(feeds=[str(path), path.as_uri()])
    assert log.status.tolist() == ["ok", "ok"] and log.new_items.sum() == 4


def test_a_feed_cut_by_since_is_read_whole_next_time(server, workbook):
    url = server.route("/feed", Reply(fixture_bytes("rss2.xml"), conditional=True))
    workbook.gather(feeds=[url], since="2026-09-04")
    log = workbook.gather(feeds=[url])
    assert log.status.tolist() == ["ok"] and log.new_items.tolist() == [2]
    assert "if-none-match" not in server.requests_to("/feed")[1].headers


def test_an_aggregator_copy_and_the_publisher_item_make_one_row(server, workbook):
    gnews = server.route("/rss/search", Reply(fixture_bytes("gnews_search.xml")))
    direct = """<rss version="2.0"><channel><title>Grid Ledger</title>
      <item><title>Voltaic Storage lands $120M Series C</title>
      <link>https://gridledger.example/2026/09/01/voltaic-lands</link></item></channel></rss>"""
    feed = server.route("/gl.xml", Reply(direct.encode()))
    workbook.gather(feeds=[gnews, feed])  # the aggregator first: its row takes the real URL
    workbook.gather(feeds=[gnews])  # and a later aggregator copy is skipped
    rows = workbook.articles(contains="lands $120M")
    assert rows.url.tolist() == ["https://gridledger.example/2026/09/01/voltaic-lands"]
    assert len(workbook.articles()) == 3


def test_corpus_feeds_gather_with_the_broken_ones_logged(corpus, tmp_path):
    paths = sorted(str(p) for p in (corpus / "feeds").iterdir() if p.suffix in (".xml", ".rss"))
    with Workbook(tmp_path / "ws") as wb:
        log = wb.gather(feeds=paths).set_index("url")
        stored = wb.articles()
    broken = {url.rsplit("/", 1)[-1]: status for url, status in log[log.status != "ok"].status.items()}
    assert broken == {
        "odd_marketwatch_html-document-moved.rss": "not-a-feed",
        # Relative item links and no web address to resolve them against (read from a file, not fetched):
        "odd_kopias_relative-links.xml": "parse-error",
    }
    assert len(stored) > 500 and stored.url.str.match(r"https?://").all()


def test_key_terms_of_a_period_against_the_rest_of_the_workspace(tmp_path):
    feeds = sorted(str(p) for p in (FIXTURES.parents[1] / "data" / "sample" / "feeds").glob("*.xml"))
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(company="Voltaic Storage", feeds=feeds, progress=False)
        terms = wb.key_terms(company="Voltaic Storage", since="2026-09-10", until="2026-09-21", aliases=["Voltaic"])
        assert len(terms) == 10 and list(terms.columns) == ["term", "score", "df"]
        assert any("Helio" in term or "Northwind" in term for term in terms["term"].head(3))  # the acquisition week
        assert not terms["term"].str.contains("Voltaic|Grid Ledger|Daily Current", case=False).any()
    with Workbook(tmp_path / "empty") as wb:
        assert wb.key_terms(company="Nobody").empty


def test_derived_columns_are_current_right_after_a_gather(serve, workbook):
    workbook.gather(company="Voltaic Storage", feeds=[serve("/rss", "rss2.xml")])
    raw = workbook.workspace.rows("SELECT count(*) FROM articles WHERE event_type IS NULL OR story_id IS NULL")
    assert raw == [(0,)]  # written by the gather itself, not by a later read
    df = workbook.articles()
    assert df["event_type"].notna().all() and df["story_id"].notna().all()
    stories = workbook.workspace.rows("SELECT count(*) FROM stories")[0][0]
    assert stories == df["story_id"].nunique() > 0
    raises = df[df["title"].str.contains("raises")]
    assert raises["event_type"].tolist() == ["funding"] and raises["event_match"].notna().all()


def test_a_workspace_left_with_untagged_rows_is_brought_up_to_date_on_read(serve, workbook):
    workbook.gather(feeds=[serve("/rss", "rss2.xml")])
    with workbook.workspace.transaction() as conn:  # as an older iiwork left it: tags and stories only on demand
        conn.execute("UPDATE articles SET event_type = NULL, event_match = NULL, story_id = NULL")
        conn.execute("DELETE FROM stories")
    df = workbook.articles()
    assert df["event_type"].notna().all() and df["story_id"].notna().all()


def test_key_terms_leave_out_every_company_in_the_workspace(tmp_path):
    sample = FIXTURES.parents[1] / "data" / "sample" / "feeds"
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(company="Voltaic Storage", feeds=[str(sample / "grid-ledger.rss.xml")], progress=False)
        wb.gather(company="Northwind Grid Systems", feeds=sorted(str(p) for p in sample.glob("*.xml")), progress=False)
        terms = wb.key_terms(company="Voltaic Storage", aliases=["Voltaic"], top=20)
        assert (
            not terms["term"].str.contains("Northwind Grid|Grid Systems|Voltaic", case=False).any()
        )  # was in the top 3
