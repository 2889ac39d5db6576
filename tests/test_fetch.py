import time

import pytest
from server import Reply

from iiwork import __version__
from iiwork.errors import FetchError, FetchTimeout, InvalidURL, ResponseTooLarge, RobotsBlocked
from iiwork.news.fetch import Fetcher


@pytest.fixture
def fetcher(tmp_path):
    f = Fetcher(timeout=(2.0, 0.5), retries=2, backoff=0.01, max_bytes=50_000)
    yield f
    f.close()


def test_user_agent_names_iiwork_and_version(server, fetcher):
    url = server.route("/ua", Reply(b"ok"))
    fetcher.get(url)
    agent = server.requests_to("/ua")[0].headers["user-agent"]
    assert f"iiwork/{__version__}" in agent


def test_contact_email_goes_into_the_user_agent(server, tmp_path):
    url = server.route("/ua", Reply(b"ok"))
    with_email = Fetcher(contact_email="me@example.org")
    with_email.get(url)
    with_email.close()
    assert "me@example.org" in server.requests_to("/ua")[0].headers["user-agent"]


def test_503_then_200_is_retried(server, fetcher):
    url = server.route("/flaky", [Reply(b"busy", status=503), Reply(b"fine")])
    response = fetcher.get(url)
    assert response.content == b"fine"
    assert len(server.requests_to("/flaky")) == 2


def test_429_honours_retry_after(server, fetcher):
    url = server.route("/limited", [Reply(b"slow down", status=429, headers={"Retry-After": "1"}), Reply(b"ok")])
    started = time.monotonic()
    assert fetcher.get(url).content == b"ok"
    assert time.monotonic() - started >= 0.9


def test_persistent_5xx_becomes_http_error_with_status(server, fetcher):
    url = server.route("/down", Reply(b"no", status=500))
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        fetcher.get(url)
    assert caught.value.http_status == 500 and caught.value.status == "http-error"
    assert len(server.requests_to("/down")) == 3  # first try and two retries


def test_404_is_not_retried(server, fetcher):
    url = server.route("/gone", Reply(b"", status=404))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(url)
    assert len(server.requests_to("/gone")) == 1


def test_slow_response_times_out(server, fetcher):
    url = server.route("/slow", Reply(b"late", delay=2.0))
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetcher.get(url)
    assert caught.value.status == "timeout"
    assert time.monotonic() - started < 1.9


def test_declared_oversize_response_is_refused(server, fetcher):
    url = server.route("/big", Reply(b"x" * 60_000))
    with pytest.raises(ResponseTooLarge, match="cap"):
        fetcher.get(url)


def test_oversize_chunked_response_is_cut_while_streaming(server, fetcher):
    url = server.route("/big-chunked", Reply(b"x" * 500_000, headers={"Transfer-Encoding": "chunked"}))
    with pytest.raises(ResponseTooLarge, match="while streaming"):
        fetcher.get(url)


def test_conditional_fetch_sends_stored_validators_and_gets_304(server):
    url = server.route("/feed", Reply(b"<rss/>", conditional=True))
    stored: dict[str, tuple] = {}
    fetcher = Fetcher(validators=stored.get)
    first = fetcher.get(url, conditional=True)
    assert first.status == 200 and not first.not_modified and first.validators[0]
    stored[url] = first.validators
    second = fetcher.get(url, conditional=True)
    assert second.not_modified and second.status == 304 and second.content == b""
    assert server.requests_to("/feed")[1].headers["if-none-match"] == first.validators[0]
    assert not fetcher.get(url).not_modified  # unconditional fetches ignore validators
    fetcher.close()


def test_robots_txt_is_respected_for_pages_only(server, fetcher):
    server.route("/robots.txt", Reply(b"User-agent: *\nDisallow: /private/\nAllow: /private/ok$\n"))
    blocked = server.route("/private/page", Reply(b"<html></html>"))
    allowed = server.route("/private/ok", Reply(b"<html>ok</html>"))
    with pytest.raises(RobotsBlocked):
        fetcher.get(blocked, page=True)
    assert fetcher.get(allowed, page=True).content == b"<html>ok</html>"
    assert fetcher.get(blocked).content == b"<html></html>"  # feeds are not pages


def test_missing_robots_txt_allows_everything(server, fetcher):
    url = server.route("/page", Reply(b"<html></html>"))
    assert fetcher.get(url, page=True).status == 200


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://127.0.0.1/feed", "gopher://x"])
def test_other_schemes_are_rejected(fetcher, url):
    with pytest.raises(InvalidURL):
        fetcher.get(url)


def test_file_urls_are_read_with_the_size_cap(tmp_path, fetcher):
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    small.write_bytes(b"<rss/>")
    big.write_bytes(b"x" * 60_000)
    assert fetcher.get(small.as_uri()).content == b"<rss/>"
    with pytest.raises(ResponseTooLarge):
        fetcher.get(big.as_uri())
    with pytest.raises(FetchError, match="no file at"):
        fetcher.get((tmp_path / "missing.xml").as_uri())


def test_per_host_interval_spaces_requests(server, tmp_path):
    url = server.route("/spaced", Reply(b"ok"))
    spaced = Fetcher(intervals={"127.0.0.1": 0.3})
    started = time.monotonic()
    for _ in range(3):
        spaced.get(url)
    spaced.close()
    assert time.monotonic() - started >= 0.6


def test_environment_proxies_and_no_proxy_are_still_honoured(server, monkeypatch):
    url = server.route("/env", Reply(b"ok"))
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # the discard port: nothing listens there
    bypassing = Fetcher(retries=0, timeout=(1.0, 1.0))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert bypassing.get(url).content == b"ok" and bypassing.get(url).content == b"ok"  # second from the cache
    bypassing.close()
    monkeypatch.delenv("NO_PROXY")
    proxied = Fetcher(retries=0, timeout=(1.0, 1.0))
    with pytest.raises(FetchError):
        proxied.get(url)
    proxied.close()


def test_a_trickling_server_meets_the_overall_deadline_and_is_logged_as_a_timeout(server):
    url = server.route("/trickle", Reply(b"<rss>" + b" " * 400 + b"</rss>", drip=0.05))  # each byte within 0.5 s
    with Fetcher(timeout=(2.0, 0.5), retries=0, deadline=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchTimeout, match="longer than 1 s in all") as caught:
            fetcher.get(url)
    assert caught.value.status == "timeout" and time.monotonic() - started < 2.0


def test_the_deadline_also_covers_trickled_headers(server):
    url = server.route("/slow-headers", Reply(b"", drip=0.05, drip_headers=True))  # 220 bytes of headers: 11 s
    with Fetcher(timeout=(2.0, 0.5), retries=0, deadline=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchTimeout) as caught:
            fetcher.get(url)
    assert caught.value.status == "timeout" and time.monotonic() - started < 2.5


def test_each_failure_says_what_really_happened(server, tmp_path):
    from iiwork.errors import ConnectionFailed, DNSError, SourceNotFound
    from iiwork.news import sources
    from iiwork.news.gather import run_source

    url = server.route("/gone", Reply(b"", status=404))
    with Fetcher(timeout=(1.0, 1.0), retries=0) as fetcher:
        assert run_source(sources.feed(str(tmp_path / "missing.xml")), fetcher).status == "not-found"
        assert "no file at" in run_source(sources.feed("feeds/none.xml"), fetcher).error
        assert run_source(sources.feed(url), fetcher).status == "not-found"
        with pytest.raises(DNSError):
            fetcher.get("http://no-such-host.invalid/feed", page=True)  # not "robots-blocked"
        with pytest.raises(ConnectionFailed):
            fetcher.get("http://127.0.0.1:9/feed")  # nothing listens on the discard port
    assert issubclass(SourceNotFound, Exception)
