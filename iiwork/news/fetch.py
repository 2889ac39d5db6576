"""One HTTP layer for every source: conditional GET, retries, politeness, robots.txt and size caps."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .._version import __version__
from ..errors import (
    ConnectionFailed,
    DNSError,
    FetchError,
    FetchTimeout,
    InvalidURL,
    ResponseTooLarge,
    RobotsBlocked,
    SourceNotFound,
)
from .normalise import check_followed, check_url

if TYPE_CHECKING:  # protego is imported when robots.txt is first needed (page fetches)
    from protego import Protego

MAX_BYTES = 10 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HOST_INTERVALS = {"api.gdeltproject.org": 5.0, "www.sec.gov": 0.1, "sec.gov": 0.1, "efts.sec.gov": 0.1}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    """What a fetch returns: the body bytes, headers, and whether the server said 304 Not Modified."""

    url: str
    status: int | None
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    not_modified: bool = False
    requested: str | None = None

    @property
    def validators(self) -> tuple[str | None, str | None]:
        """ETag and Last-Modified, to send back as If-None-Match / If-Modified-Since next time."""
        return self.headers.get("ETag"), self.headers.get("Last-Modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()


def user_agent(contact_email: str | None = None) -> str:
    """iiwork's User-Agent, with the contact e-mail that SEC EDGAR asks for."""
    agent = f"iiwork/{__version__} (+https://pypi.org/project/iiwork/)"
    return f"{agent} {contact_email}" if contact_email else agent


class CappedRetry(Retry):
    """urllib3 Retry that honours Retry-After but never sleeps longer than `max_retry_after`."""

    max_retry_after = 30.0

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)

    def new(self, **kw):
        retry = super().new(**kw)
        retry.max_retry_after = self.max_retry_after
        return retry


class HostLimiter:
    """Per-host politeness: at most `concurrency` requests at once and `interval` seconds between starts."""

    def __init__(self, *, concurrency: int = 4, intervals: Mapping[str, float] | None = None) -> None:
        self.concurrency = concurrency
        self.intervals = {**HOST_INTERVALS, **(intervals or {})}
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    def slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            return self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))

    def wait_turn(self, host: str) -> None:
        interval = self.intervals.get(host, 0.0)
        if interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + interval
        time.sleep(max(0.0, start - now))


_IN_FLIGHT = threading.local()  # .fetch: the _Fetch this thread is sending (for the deadline's watchdog)


class _Fetch:
    """One fetch in flight: the connection it is using, once the pool has given it one."""

    conn: object = None


def _note_connection(conn: object) -> None:
    fetch = getattr(_IN_FLIGHT, "fetch", None)
    if fetch is not None:
        fetch.conn = conn


class _WatchedPool(urllib3.HTTPConnectionPool):
    def _make_request(self, conn, *args, **kwargs):
        _note_connection(conn)
        return super()._make_request(conn, *args, **kwargs)


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    def _make_request(self, conn, *args, **kwargs):
        _note_connection(conn)
        return super()._make_request(conn, *args, **kwargs)


class PoliteAdapter(HTTPAdapter):
    """An HTTPAdapter that waits its turn per host, reads at most `max_bytes`, streaming, and gives every fetch one
    overall deadline: connect, headers and body together (a watchdog shuts the socket when it passes)."""

    def __init__(self, *, limiter: HostLimiter, max_bytes: int, deadline: float, retry: Retry) -> None:
        self.limiter, self.max_bytes, self.deadline = limiter, max_bytes, deadline
        super().__init__(max_retries=retry, pool_connections=64, pool_maxsize=16)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHTTPSPool}

    def send(self, request, stream=False, timeout=None, **kwargs):
        host = (urlsplit(request.url).hostname or "").lower()
        with self.limiter.slot(host):
            self.limiter.wait_turn(host)
            started = time.monotonic()
            expired, fetch = threading.Event(), _Fetch()
            _IN_FLIGHT.fetch = fetch
            watchdog = threading.Timer(self.deadline, _cut, args=(fetch, expired))
            watchdog.daemon = True
            watchdog.start()
            try:
                response = super().send(request, stream=True, timeout=timeout, **kwargs)
                response._content = self._read_capped(response, started)
                if expired.is_set():  # what arrived before the cut is not the whole response
                    raise FetchTimeout(f"response took longer than {self.deadline:g} s in all")
            except Exception as error:
                if expired.is_set() and not isinstance(error, FetchTimeout):
                    raise FetchTimeout(f"response took longer than {self.deadline:g} s in all") from error
                raise
            finally:
                watchdog.cancel()
                _IN_FLIGHT.fetch = None
        return response

    def _read_capped(self, response: requests.Response, started: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise ResponseTooLarge(f"response is {int(declared):,} bytes, over the {self.max_bytes:,}-byte cap")
        body = bytearray()
        for chunk in _stream(response):
            body += chunk
            if len(body) > self.max_bytes:
                response.close()
                raise ResponseTooLarge(f"response went over the {self.max_bytes:,}-byte cap while streaming")
            if time.monotonic() - started > self.deadline:
                response.close()
                raise FetchTimeout(f"response took longer than {self.deadline:g} s in all")
        response._content_consumed = True  # type: ignore[attr-defined]
        return bytes(body)


def _connection_error(url: str, error: requests.ConnectionError) -> FetchError:
    """A DNS failure or an unreachable server, told apart."""
    host = urlsplit(url).hostname
    cause: object = error
    for _ in range(8):  # requests wraps urllib3's MaxRetryError, which holds the reason
        if isinstance(cause, urllib3.exceptions.NameResolutionError):
            return DNSError(f"the host name {host} does not resolve")
        args = getattr(cause, "args", None) or (None,)
        inner = getattr(cause, "reason", None) or args[0]
        cause = inner if isinstance(inner, BaseException) else getattr(cause, "__context__", None)
        if cause is None:
            break
    return ConnectionFailed(f"cannot connect to {host}: {_one_line(error)}")


def _cut(fetch: _Fetch, expired: threading.Event) -> None:
    """The deadline passed: shut the connection's socket, so a blocked read (headers or body) returns at once."""
    import socket

    expired.set()
    sock = getattr(fetch.conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _stream(response: requests.Response):
    """The body as it arrives: read1 returns whatever the server has sent (up to CHUNK), so a server that
    trickles bytes is checked against the deadline after every piece, not after 64 KB."""
    try:
        while True:
            piece = response.raw.read1(CHUNK, decode_content=True)
            if not piece:
                return
            yield piece
    except urllib3.exceptions.TimeoutError as error:
        response.close()
        raise FetchTimeout(f"timed out reading the response: {_one_line(error)}") from error
    except urllib3.exceptions.HTTPError as error:
        response.close()
        raise FetchError(f"broken response: {_one_line(error)}") from error


class _Session(requests.Session):
    """A requests Session that reads the environment's settings (proxies and no_proxy, the CA bundle) once per
    origin, not on every request: requests scans all of os.environ several times per request for them, which
    is most of its cost on a 304."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple, dict] = {}
        self._environment_lock = threading.Lock()
        self.origin = threading.local()  # .given: the URL the user gave for the request in flight on this thread

    def get_redirect_target(self, resp):
        """A redirect is a link the web chose: http(s) only, and no private address but the host the user gave."""
        target = super().get_redirect_target(resp)
        if target is not None:
            from urllib.parse import urljoin

            check_followed(urljoin(resp.url, target), given=getattr(self.origin, "given", resp.url))
        return target

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        if proxies or not self.trust_env:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        key = (parts.scheme.lower(), parts.netloc.lower(), stream, verify, cert)
        with self._environment_lock:
            known = self._environment.get(key)
        if known is None:
            known = super().merge_environment_settings(url, proxies, stream, verify, cert)
            with self._environment_lock:
                self._environment[key] = known
        return {**known, "proxies": dict(known["proxies"])}


class Fetcher:
    """Fetch http(s) and file URLs through one polite, size-capped session (thread-safe).

    `validators(url)` returns the (ETag, Last-Modified) stored for a URL: conditional fetches send them, and a 304
    comes back as `not_modified` with no body (nothing new to parse).
    """

    def __init__(
        self,
        *,
        validators: Callable[[str], tuple[str | None, str | None] | None] | None = None,
        contact_email: str | None = None,
        timeout: tuple[float, float] = (5.0, 15.0),
        deadline: float = 60.0,
        max_bytes: int = MAX_BYTES,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        per_host: int = 4,
        intervals: Mapping[str, float] | None = None,
    ) -> None:
        self.timeout, self.max_bytes = timeout, max_bytes
        self.limiter = HostLimiter(concurrency=per_host, intervals=intervals)
        self.validators = validators
        self.session = _Session()
        self.session.headers["User-Agent"] = user_agent(contact_email)
        retry = _retry(retries, backoff, max_retry_after)
        adapter = PoliteAdapter(limiter=self.limiter, max_bytes=max_bytes, deadline=deadline, retry=retry)
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, adapter)
        self._robots: dict[str, Protego | None] = {}
        self._robots_lock = threading.Lock()
        self._preloaded: dict[str, tuple[str | None, str | None]] = {}

    def preload_validators(self, known: Mapping[str, tuple[str | None, str | None]]) -> None:
        """Validators read ahead for URLs about to be fetched (a gather reads them all in one query): a
        conditional fetch of one of these URLs uses them instead of asking `validators`; (None, None) means none."""
        self._preloaded.update(known)

    def forget_validators(self, urls: Iterable[str]) -> None:
        for url in urls:
            self._preloaded.pop(url.strip(), None)

    def get(
        self,
        url: str,
        *,
        page: bool = False,
        conditional: bool = False,
        headers: Mapping[str, str] | None = None,
        given: str | None = None,
    ) -> Response:
        """Fetch `url`; `page=True` checks robots.txt first; `conditional=True` sends the stored validators.

        `given` is the URL the user gave when the web led to this one (a page's feed link, a feed's article link):
        such a URL must be http(s) and reaches a private address only on the host the user gave. Redirects are
        held to the same rule. Raises FetchError subclasses or InvalidURL.
        """
        url = check_followed(url, given=given) if given is not None else check_url(url)
        if urlsplit(url).scheme == "file":
            return self._read_file(url)
        if page and not self.allowed(url):
            raise RobotsBlocked(f"robots.txt disallows {url}")
        extra = dict(headers or {})
        known = None
        if conditional:
            known = self._preloaded.get(url)
            if known is None and self.validators:
                known = self.validators(url)
        if known:
            extra.update({name: value for name, value in zip(("If-None-Match", "If-Modified-Since"), known) if value})
        return self._http_get(url, extra, given or url)

    def _http_get(self, url: str, headers: Mapping[str, str], given: str) -> Response:
        self.session.origin.given = given
        try:
            response = self.session.get(url, timeout=self.timeout, headers=dict(headers))
        except (requests.Timeout, TimeoutError) as error:
            raise FetchTimeout(f"timed out: {_one_line(error)}") from error
        except requests.exceptions.InvalidURL as error:
            raise InvalidURL(f"invalid URL: {url[:200]!r}") from error
        except requests.ConnectionError as error:
            raise _connection_error(url, error) from error
        except requests.RequestException as error:
            raise FetchError(f"request failed: {_one_line(error)}") from error
        if response.status_code >= 400:
            kind = SourceNotFound if response.status_code in (404, 410) else FetchError
            raise kind(f"HTTP {response.status_code} {response.reason or ''}".strip(), http_status=response.status_code)
        not_modified = response.status_code == 304
        return Response(
            response.url,
            response.status_code,
            response.content,
            dict(response.headers),
            not_modified=not_modified,
            requested=url,
        )

    def _read_file(self, url: str) -> Response:
        path = Path(url2pathname(urlsplit(url).path))
        if not path.is_file():
            hint = "" if path.exists() else "; for a web address, start it with https://"
            raise SourceNotFound(f"no file at {path}{hint}")
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise ResponseTooLarge(f"file is {size:,} bytes, over the {self.max_bytes:,}-byte cap")
            return Response(url, None, path.read_bytes())
        except OSError as error:
            raise FetchError(f"cannot read {path}: {error.strerror or error}") from error

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets iiwork fetch it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            known = origin in self._robots
        if not known:
            rules = self._load_robots(origin)
            with self._robots_lock:
                self._robots[origin] = rules
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(url, "iiwork")

    def _load_robots(self, origin: str) -> Protego | None:
        """robots.txt rules (RFC 9309): a 4xx allows everything, an unreachable file disallows everything."""
        from protego import Protego

        try:
            body = self._http_get(origin + "/robots.txt", {}, origin).content
        except (DNSError, ConnectionFailed):
            raise  # the site cannot be reached at all: say so, not "robots-blocked"
        except FetchError as error:
            if error.http_status is not None and 400 <= error.http_status < 500:
                return None
            return Protego.parse("User-agent: *\nDisallow: /")
        return Protego.parse(body.decode("utf-8", errors="replace"))

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()


def _retry(retries: int, backoff: float, max_retry_after: float) -> CappedRetry:
    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=False,
        status=retries,
        other=0,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    retry.max_retry_after = max_retry_after
    return retry


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:300] or error.__class__.__name__
