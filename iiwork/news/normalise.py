"""Normalise what sources give: canonical URLs, UTC dates and plain text."""

from __future__ import annotations

import base64
import binascii
import email.utils
import functools
import html
import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import InvalidURL
from ..times import read_iso, source_utc

TRACKING_PARAMS = frozenset(
    [
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rss_source",
        "spm",
    ]
)
TRACKING_PREFIXES = ("utm_", "__twitter", "_ga", "pk_", "mtm_", "at_")
DEFAULT_PORTS = {"http": 80, "https": 443}
OPAQUE_PATHS = ("/rss/articles/", "/articles/", "/__i/rss/rd/articles/", "/read/")
MAX_TITLE = 500
MAX_SUMMARY = 5_000
MAX_TEXT = 300_000

_TAG = re.compile(r"<[^>]*>")
_DROP_BLOCKS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});", re.I)
# re.I would cost the search its fast scan for "<": the letters' cases are spelled out instead.
_BLOCK_TAG = re.compile(
    r"</?(?:[pP]|[bB][rR]|[dD][iI][vV]|[lL][iI]|[hH][1-6]|[tT][rR]|[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE])\b[^>]*>"
)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Characters where str.split() and _SPACE disagree: with none of them, a line's " ".join(line.split()) is
# _SPACE.sub(" ", line).strip(), and much faster.
_ODD_SPACE = re.compile(r"[\x1c-\x1f\x85\u1680\u200b\u2028\u2029]")
_WORD = re.compile(r"\w+")
_GDELT_DATE = re.compile(r"^\d{8}T\d{6}Z$")


def check_url(url: str, *, schemes: tuple[str, ...] = ("http", "https", "file")) -> str:
    """Return `url` stripped if its scheme is allowed, else raise InvalidURL."""
    url = (url or "").strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        shown = scheme or "no scheme"
        raise InvalidURL(f"unsupported URL scheme ({shown}): {url[:200]!r}; use {', '.join(schemes)}")
    if scheme in ("http", "https") and not parts.hostname:
        raise InvalidURL(f"URL has no host: {url[:200]!r}")
    return url


def web_link(link: str | None, *, base: str | None = None) -> str | None:
    """Resolve `link` against `base`; return it only if it is an http(s) URL."""
    if not link:
        return None
    link = link.strip()
    if link.startswith(("http://", "https://")):
        rest = link.split("://", 1)[1]
        if rest and rest[0] not in "/?#" and not any(c in link for c in ' \t\n<>"\\'):
            return link
    elif base:
        link = urljoin(base, link)
    try:
        return check_url(link, schemes=("http", "https"))
    except InvalidURL:
        return None


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default port, fragment and tracking parameters."""
    url = url.strip()
    if "?" not in url and "#" not in url and url.startswith(("http://", "https://")):
        scheme, rest = url.split("://", 1)
        host, _, path = rest.partition("/")
        if ":" not in host and "@" not in host:
            return f"{scheme}://{host.lower().rstrip('.')}/{path}"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _is_tracking(name: str) -> bool:
    lower = name.lower()
    return lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES)


def is_opaque_link(url: str) -> bool:
    """True for news-aggregator links (Google News tokens) that hide the article URL."""
    if "google" not in url.lower():
        return False
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host == "news.google.com" and parts.path.startswith(OPAQUE_PATHS)


def unwrap_link(url: str) -> str:
    """The publisher URL inside a legacy Google News redirect or pre-2024 article token, else `url`."""
    if "news.google." not in url:
        return url
    parts = urlsplit(url)
    if (parts.hostname or "").lower() != "news.google.com":
        return url
    if parts.path == "/news/url":
        target = dict(parse_qsl(parts.query)).get("url")
        return web_link(target) or url
    token = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return _decode_token(token) or url


def _decode_token(token: str) -> str | None:
    """Pre-July-2024 tokens are base64 protobuf holding the URL (field 4); newer ones are opaque."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return None
    start = raw.find(b"\x22")
    if not raw.startswith(b"\x08\x13") or start < 0 or start + 2 >= len(raw):
        return None
    length, offset = _varint(raw, start + 1)
    target = raw[offset : offset + length].decode("utf-8", errors="ignore")
    return web_link(target) if target.startswith("http") else None


def _varint(raw: bytes, offset: int) -> tuple[int, int]:
    value = shift = 0
    while offset < len(raw):
        byte = raw[offset]
        value |= (byte & 0x7F) << shift
        offset += 1
        if not byte & 0x80:
            break
        shift += 7
    return value, offset


def title_key(title: str) -> str:
    """A title reduced to lower-case words, for keying items whose links are opaque."""
    return " ".join(_WORD.findall(title.casefold()))


def match_key(title: str, publisher: str | None) -> str:
    """Publisher + normalised title: how an aggregator's copy of an article is recognised."""
    return f"{(publisher or '').casefold().strip()}|{title_key(title)}"


def article_key(url: str, *, title: str, publisher: str | None) -> str:
    """The row key: the canonical URL, or publisher + title for opaque aggregator links."""
    if is_opaque_link(url):
        return f"title:{match_key(title, publisher)}"
    return canonical_url(url)


def clean_text(value: object, *, limit: int = MAX_SUMMARY) -> str | None:
    """Plain text from feed HTML: tags stripped, entities decoded (twice-escaped too), spaces normalised."""
    if value is None:
        return None
    text = str(value)
    if "<" not in text and "&" not in text and text.isprintable() and "  " not in text:
        # plain text on one line (no tag, entity, tab, newline or unusual space): only the ends to trim
        text = text.strip()
        if len(text) > limit:
            text = text[: limit - 1].rstrip() + "…"
        return text or None
    for _ in range(3):
        if "<" in text:
            if "<s" in text or "<n" in text or "<S" in text or "<N" in text:
                lower = text.lower()
                if "<script" in lower or "<style" in lower or "<noscript" in lower:
                    text = _DROP_BLOCKS.sub(" ", text)
            text = _TAG.sub(" ", _BLOCK_TAG.sub("\n", text))
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = _TAG.sub(" ", text) if "<" in text and _TAG.search(text) and ">" in text else text
    if _ODD_SPACE.search(text):
        lines = [line.strip() for line in _SPACE.sub(" ", text).split("\n")]
    else:
        lines = [" ".join(line.split()) for line in text.split("\n")]
    text = strip_controls("\n".join(line for line in lines if line)) or ""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def clean_title(value: object) -> str | None:
    """A title on one line."""
    text = clean_text(value, limit=MAX_TITLE)
    return text.replace("\n", " ") if text else None


def parse_date(value: object) -> datetime | None:
    """A tz-aware UTC datetime from RFC 822, ISO 8601, GDELT or natural-language dates; None if unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return source_utc(value)
    text = str(value).strip()
    for parse in (read_iso, _rfc822, _gdelt, _natural):
        found = parse(text)
        if found is not None:
            return source_utc(found)
    return None


def _rfc822(text: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _gdelt(text: str) -> datetime | None:
    if not _GDELT_DATE.match(text):
        return None
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _natural(text: str) -> datetime | None:
    if len(text) > 80 or not re.search(r"\d", text):
        return None
    import dateparser  # slow to import: only for dates the fast parsers refuse

    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"}
    return dateparser.parse(text, settings=settings)


def is_private_host(host: str | None) -> bool:
    """A loopback, private, link-local or otherwise non-public address (a name is resolved to check)."""
    import ipaddress

    name = (host or "").strip("[]").lower().rstrip(".")
    if not name or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        addresses = [ipaddress.ip_address(name)]
    except ValueError:
        addresses = _resolved(name)
    return any(not address.is_global or address.is_multicast for address in addresses)


@functools.lru_cache(maxsize=1024)
def _resolved(name: str) -> list:
    import ipaddress
    import socket

    try:
        found = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []  # a name that does not resolve reaches nothing
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def check_followed(url: str, *, given: str) -> str:
    """A URL the web led to (a page's feed link, a redirect, an article link in a feed) starting from the URL the
    user gave: it must be http(s) (a local file only from a local page), and may reach a loopback or private
    address only on the host the user gave."""
    url = check_url(url)
    target, origin = urlsplit(url), urlsplit(given)
    if target.scheme == "file":
        if origin.scheme != "file":
            raise InvalidURL(f"a page on the web pointed to a local file ({url[:200]!r}); refused")
        return url
    if target.hostname != origin.hostname and is_private_host(target.hostname):
        raise InvalidURL(f"a page on the web pointed to a private address ({target.hostname}); refused")
    return url


# C0 and C1 controls (tab, newline and carriage return aside, which whitespace rules handle) and whole ANSI escape
# sequences: text from the web must not drive the terminal that prints it.
_ANSI = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(value: str | None, *, newlines: bool = True) -> str | None:
    """`value` without control characters or terminal escape sequences (newlines kept unless `newlines=False`)."""
    if value is None or value.isprintable():
        return value
    text = _CONTROL.sub("", _ANSI.sub("", value))
    return text if newlines else " ".join(text.split())
