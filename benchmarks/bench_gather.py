"""Benchmark `Workbook.gather` against a naive requests + feedparser loop, over local feeds with added latency.

    .venv/bin/python benchmarks/bench_gather.py            # full size: 200 feeds x 50 items, 50 ms, 10 hosts
    .venv/bin/python benchmarks/bench_gather.py --quick    # smoke run, a few seconds

What it does, in one run:

1. generates N distinct RSS 2.0 feeds x M items in memory (unique titles and links, RFC 822 pubDates, HTML
   summaries with entities, some wire stories syndicated across several feeds);
2. serves them from one ThreadingHTTPServer per loopback address 127.0.0.2, 127.0.0.3, ... (so iiwork's
   per-host politeness limit applies), with the latency added to every response (304s too), and conditional
   GET (ETag + Last-Modified; If-None-Match / If-Modified-Since give 304 with no body).  By default the
   servers run in a forked child process so that their Python work does not compete with the measured client
   for the GIL (`--server thread` runs them on daemon threads in this process instead);
3. measures a naive sequential `requests.get` + `feedparser.parse` loop, a cold `Workbook.gather` into a fresh
   workspace, a warm re-gather (every feed must come back 'not-modified' through a 304), parse speed of
   `iiwork.parse_feed` / feedparser / fastfeedparser on the same bodies, tracemalloc peak of a (separate) cold
   gather and the process's max RSS;
4. checks correctness (statuses, new-item count = distinct article URLs, conditional requests seen by the
   server, per-host concurrency never above --per-host) and prints a table of figures.

Exit status: 0 when every correctness check passes (speed targets are reported, not enforced, unless
--strict is given), 1 otherwise.  Loopback only: nothing here talks to any other address.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import email.utils
import gc
import hashlib
import html
import io
import multiprocessing
import os
import pstats
import random
import resource
import sqlite3
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

# Loopback only: never let an environment proxy see these requests.
for _name in ("NO_PROXY", "no_proxy"):
    os.environ[_name] = ",".join(filter(None, [os.environ.get(_name), "127.0.0.0/8", "localhost"]))

import feedparser  # noqa: E402
import requests  # noqa: E402

import iiwork  # noqa: E402
from iiwork import Workbook  # noqa: E402

try:
    import fastfeedparser
except ImportError:  # pragma: no cover - it is a dependency of iiwork
    fastfeedparser = None

SPEEDUP_TARGET = 10.0  # cold gather vs naive loop
WARM_TARGET = 4.0  # warm re-gather vs cold gather


# --------------------------------------------------------------------------------------------------------------
# 1. Feed generation
# --------------------------------------------------------------------------------------------------------------

PUBLISHERS = [
    ("Grid Ledger", "gridledger"),
    ("Power Wire Daily", "powerwiredaily"),
    ("The Storage Report", "storagereport"),
    ("Carbon Street Journal", "carbonstreet"),
    ("Utility Dive-In", "utilitydivein"),
    ("Volt Observer", "voltobserver"),
    ("Midwest Energy Times", "midwestenergytimes"),
    ("Coastal Business Review", "coastalbusiness"),
    ("Battery Tech Weekly", "batterytechweekly"),
    ("Clean Capital News", "cleancapital"),
    ("Industrial Post", "industrialpost"),
    ("Market Current", "marketcurrent"),
    ("The Plant Floor", "plantfloor"),
    ("Transmission Today", "transmissiontoday"),
    ("Renewables Herald", "renewablesherald"),
    ("Northern Tribune", "northerntribune"),
    ("Metro Business Chronicle", "metrobiz"),
    ("Supply Chain Dispatch", "supplychaindispatch"),
    ("Policy & Power", "policypower"),
    ("Tech Frontier", "techfrontier"),
]
SECTIONS = [
    "Business",
    "Energy",
    "Markets",
    "Technology",
    "Policy",
    "Companies",
    "Climate",
    "Regional",
    "Deals",
    "Opinion",
]
WIRE = ("Associated Wire Service", "https://wire.newsagency.example")
COMPANIES = [
    "Voltaic Storage",
    "Helio Grid",
    "Northwind Power",
    "Ampere Metals",
    "Cobalt Ridge",
    "Lumen Transmission",
    "Tidewater Utilities",
    "Redwood Cells",
    "Summit Hydrogen",
    "Blue Mesa Solar",
    "Ironclad Batteries",
    "Prairie Wind Co.",
    "Gridline Analytics",
    "Keystone Lithium",
    "Orbital Inverters",
    "Silverline Energy",
    "Cascade Thermal",
    "Quantum Anode",
    "Harbor Freight Rail",
    "Meridian Capital",
]
ACTIONS = [
    "raises {money} to expand {thing} in {place}",
    "names {person} chief executive after {quarter} slump",
    "wins {money} contract for {thing} in {place}",
    "cuts {n} jobs as {thing} demand cools",
    "opens {thing} in {place}, hiring {n}",
    "agrees {money} takeover of {other}",
    "reports record {quarter} revenue on {thing} sales",
    "delays {thing} in {place} amid permitting fight",
    "partners with {other} on {thing}",
    "faces probe over {thing} safety in {place}",
    "files for IPO seeking {money}",
    "signs supply deal with {other} for {thing}",
]
THINGS = [
    "grid battery plant",
    "solid-state cell line",
    "transmission corridor",
    "offshore wind farm",
    "hydrogen electrolyser project",
    "recycling facility",
    "cathode factory",
    "microgrid programme",
    "EV charging network",
    "pumped-hydro scheme",
    "solar module plant",
    "data-centre power deal",
]
PLACES = [
    "Ohio",
    "Texas",
    "Nevada",
    "Bavaria",
    "Ontario",
    "Queensland",
    "Gujarat",
    "Catalonia",
    "Hokkaido",
    "Chile",
    "Kenya",
    "Wales",
    "Arizona",
    "Georgia",
    "Poland",
    "Norway",
]
PEOPLE = [
    "Ana Ruiz",
    "Chen Wei",
    "Priya Natarajan",
    "Tom O'Neill",
    "Fatima Zahra",
    "Lars Johansson",
    "Grace Okafor",
    "Mateo Rossi",
    "Yuki Tanaka",
    "Sofia Almeida",
]
QUARTERS = ["first-quarter", "second-quarter", "third-quarter", "fourth-quarter"]
SENTENCES = [
    "The company said the move would &#8220;accelerate&#8221; its plans &amp; strengthen its balance sheet.",
    "Analysts at {other} called the deal &lsquo;a bold bet&rsquo; on {thing} demand &mdash; but warned on costs.",
    "Shares rose {pct}% in early trading on the news, the biggest gain since {quarter} results.",
    "&quot;We are building for the next decade,&quot; {person} told reporters in {place}.",
    "The project, worth about {money}, is expected to create {n} jobs &amp; start operating in 2027.",
    "Regulators in {place} have until the end of the year to approve the plan &ndash; a timeline critics call tight.",
    "{other}&#39;s rival offer was rejected last month, according to people familiar with the matter.",
    "Orders for {thing} equipment have climbed {pct}% year on year, industry data show.",
]


@dataclass
class Item:
    title: str
    link: str
    guid: str
    published: datetime
    summary_html: str
    author: str
    category: str


@dataclass
class Feed:
    path: str
    publisher: str
    site: str
    section: str
    items: list[Item]
    cdata: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    last_modified_ts: float = 0.0


@dataclass
class Corpus:
    feeds: list[Feed]
    distinct_urls: int
    syndicated_copies: int

    @property
    def item_slots(self) -> int:
        return sum(len(feed.items) for feed in self.feeds)

    @property
    def total_bytes(self) -> int:
        return sum(len(feed.body) for feed in self.feeds)


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())[:80]


def _fill(template: str, rng: random.Random, company: str) -> str:
    return template.format(
        money=f"${rng.randint(2, 950)}{rng.choice(['m', 'bn'])}",
        thing=rng.choice(THINGS),
        place=rng.choice(PLACES),
        person=rng.choice(PEOPLE),
        quarter=rng.choice(QUARTERS),
        n=rng.randint(40, 4000),
        pct=rng.randint(2, 38),
        other=rng.choice([c for c in COMPANIES if c != company]),
    )


def _summary(rng: random.Random, company: str, title: str) -> str:
    """A few hundred characters of HTML (entities included), as feeds put in <description>."""
    sentences = [_fill(rng.choice(SENTENCES), rng, company) for _ in range(rng.randint(2, 4))]
    lead = f"<p><strong>{html.escape(company)}</strong> {html.escape(title[len(company) :].strip())}.</p>"
    body = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    return lead + body + '<p><a href="https://example.org/more">Read more&nbsp;&raquo;</a></p>'


def _new_item(rng: random.Random, titles: set[str], site: str, day: datetime, serial: int, author: str) -> Item:
    while True:
        company = rng.choice(COMPANIES)
        title = f"{company} {_fill(rng.choice(ACTIONS), rng, company)}"
        if title not in titles:
            titles.add(title)
            break
    published = day - timedelta(minutes=rng.randint(0, 60 * 24 * 30))
    link = f"{site}/{published:%Y/%m/%d}/{_slug(title)}-{serial}"
    return Item(
        title,
        link,
        link if serial % 3 else f"urn:uuid:{serial:08d}-bench",
        published,
        _summary(rng, company, title),
        author,
        rng.choice(SECTIONS),
    )


def generate(n_feeds: int, n_items: int, *, syndicated: float = 0.1, seed: int = 20240611) -> Corpus:
    """Distinct feeds with unique items, plus a pool of wire stories each carried by several feeds."""
    rng = random.Random(seed)
    now = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    titles: set[str] = set()
    serial = 0
    per_feed_wire = round(n_items * syndicated)
    pool_size = max(1, (n_feeds * per_feed_wire) // 3)  # each wire story lands in ~3 feeds
    wire = []
    for _ in range(pool_size):
        serial += 1
        wire.append(_new_item(rng, titles, WIRE[1], now, serial, "Wire staff"))
    feeds: list[Feed] = []
    for index in range(n_feeds):
        name, domain = PUBLISHERS[index % len(PUBLISHERS)]
        section = SECTIONS[(index // len(PUBLISHERS)) % len(SECTIONS)]
        edition = index // (len(PUBLISHERS) * len(SECTIONS))
        site = f"https://www.{domain}{edition or ''}.example"
        items = []
        for _ in range(n_items - per_feed_wire):
            serial += 1
            items.append(_new_item(rng, titles, f"{site}/{section.lower()}", now, serial, rng.choice(PEOPLE)))
        items += rng.sample(wire, min(per_feed_wire, len(wire)))
        items.sort(key=lambda item: item.published, reverse=True)
        feed = Feed(f"/feeds/{domain}{edition or ''}/{section.lower()}.rss", name, site, section, items, index % 2 == 0)
        _render(feed, now - timedelta(minutes=index))
        feeds.append(feed)
    links = [item.link for feed in feeds for item in feed.items]
    return Corpus(feeds, len(set(links)), len(links) - len(set(links)))


def _rfc822(value: datetime, index: int) -> str:
    if index % 4 == 0:
        return email.utils.format_datetime(value, usegmt=True)  # 'Sat, 14 Mar 2026 09:30:00 GMT'
    if index % 4 == 1:
        return email.utils.format_datetime(value.astimezone(timezone(timedelta(hours=-5))))  # '... -0500'
    return email.utils.format_datetime(value)  # '... +0000'


def _render(feed: Feed, built: datetime) -> None:
    def description(text: str) -> str:
        # Half the feeds use CDATA (HTML entities such as &nbsp; verbatim), half escape the HTML (so &nbsp;
        # arrives as &amp;nbsp; and must be unescaped twice).
        return f"<![CDATA[{text}]]>" if feed.cdata else escape(text)

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n',
        "<channel>\n",
        f"  <title>{escape(feed.publisher)} - {feed.section}</title>\n",
        f"  <link>{feed.site}/{feed.section.lower()}/</link>\n",
        f'  <atom:link href="{feed.site}{feed.path}" rel="self" type="application/rss+xml"/>\n',
        f"  <description>{escape(feed.section)} news from {escape(feed.publisher)}</description>\n",
        "  <language>en-us</language>\n",
        f"  <lastBuildDate>{email.utils.format_datetime(built, usegmt=True)}</lastBuildDate>\n",
        "  <ttl>15</ttl>\n",
    ]
    for index, item in enumerate(feed.items):
        permalink = "true" if item.guid == item.link else "false"
        parts += [
            "  <item>\n",
            f"    <title>{escape(item.title)}</title>\n",
            f"    <link>{escape(item.link)}</link>\n",
            f'    <guid isPermaLink="{permalink}">{escape(item.guid)}</guid>\n',
            f"    <pubDate>{_rfc822(item.published, index)}</pubDate>\n",
            f"    <dc:creator>{escape(item.author)}</dc:creator>\n",
            f"    <category>{escape(item.category)}</category>\n",
            f"    <description>{description(item.summary_html)}</description>\n",
            "  </item>\n",
        ]
    parts.append("</channel>\n</rss>\n")
    feed.body = "".join(parts).encode("utf-8")
    feed.etag = '"' + hashlib.sha1(feed.body).hexdigest()[:20] + '"'
    feed.last_modified_ts = built.timestamp()
    feed.last_modified = email.utils.formatdate(feed.last_modified_ts, usegmt=True)


# --------------------------------------------------------------------------------------------------------------
# 2. Loopback servers
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Counters:
    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    ok: int = 0
    not_found: int = 0
    bytes_sent: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    conditional_paths: dict[str, int] = field(default_factory=dict)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address) -> None:  # clients hanging up are not news here
        pass


def _not_modified(headers, feed: Feed) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [tag.strip().removeprefix("W/") for tag in inm.split(",")]
        return "*" in tags or feed.etag in tags
    ims = headers.get("If-Modified-Since")
    if ims is not None:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError):
            return False
        return int(feed.last_modified_ts) <= since
    return False


class Farm:
    """One ThreadingHTTPServer per loopback address, each on its own daemon thread; feeds spread round-robin."""

    def __init__(self, feeds: list[Feed], hosts: list[str], latency: float) -> None:
        self.latency = latency
        self.lock = threading.Lock()
        self.counters = {host: Counters() for host in hosts}
        self.routes: dict[str, dict[str, Feed]] = {host: {} for host in hosts}
        self.servers = {host: QuietServer((host, 0), self._handler(host)) for host in hosts}
        self.urls: list[str] = []
        for index, feed in enumerate(feeds):
            host = hosts[index % len(hosts)]
            self.routes[host][feed.path] = feed
            port = self.servers[host].server_address[1]
            self.urls.append(f"http://{host}:{port}{feed.path}")
        self.threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
            for s in self.servers.values()
        ]

    def start(self) -> Farm:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def snapshot(self, reset_peak: bool = False) -> dict[str, dict]:
        with self.lock:
            shot = {}
            for host, c in self.counters.items():
                shot[host] = {**c.__dict__, "conditional_paths": dict(c.conditional_paths)}
                if reset_peak:
                    c.peak_in_flight = c.in_flight
            return shot

    def _handler(farm, host: str) -> type[BaseHTTPRequestHandler]:
        routes, counters, lock, latency = farm.routes[host], farm.counters[host], farm.lock, farm.latency

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real feed servers do

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                feed = routes.get(path)
                conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
                with lock:
                    counters.requests += 1
                    counters.in_flight += 1
                    counters.peak_in_flight = max(counters.peak_in_flight, counters.in_flight)
                    if conditional:
                        counters.conditional += 1
                        counters.conditional_paths[path] = counters.conditional_paths.get(path, 0) + 1
                try:
                    time.sleep(latency)  # every response, 304s included
                    if feed is None:
                        status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                    else:
                        headers = {
                            "ETag": feed.etag,
                            "Last-Modified": feed.last_modified,
                            "Content-Type": "application/rss+xml; charset=utf-8",
                        }
                        status, body = (304, b"") if _not_modified(self.headers, feed) else (200, feed.body)
                    with lock:
                        counters.in_flight -= 1
                        if status == 304:
                            counters.not_modified += 1
                        elif status == 200:
                            counters.ok += 1
                            counters.bytes_sent += len(body)
                        else:
                            counters.not_found += 1
                    self._send(status, headers, body)
                except BaseException:
                    with lock:
                        counters.in_flight = max(0, counters.in_flight - 1)
                    raise

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


class FarmClient:
    """The same interface over a Farm running in this process (threads) or in a forked child process."""

    def __init__(self, corpus: Corpus, hosts: list[str], latency: float, mode: str) -> None:
        self.mode = mode
        if mode == "thread":
            self._farm = Farm(corpus.feeds, hosts, latency).start()
            self.urls = self._farm.urls
            return
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_farm_process, args=(child, corpus.feeds, hosts, latency), daemon=True)
        self._process.start()
        child.close()
        reply = self._conn.recv()
        if isinstance(reply, BaseException):
            raise reply
        self.urls = reply

    def snapshot(self, reset_peak: bool = False) -> dict[str, dict]:
        if self.mode == "thread":
            return self._farm.snapshot(reset_peak)
        self._conn.send(("snapshot", reset_peak))
        return self._conn.recv()

    def stop(self) -> None:
        if self.mode == "thread":
            self._farm.stop()
            return
        try:
            self._conn.send(("stop", None))
            self._conn.recv()
        except (EOFError, OSError):
            pass
        self._process.join(5)
        if self._process.is_alive():
            self._process.terminate()  # our own child, by its handle


def _farm_process(conn, feeds: list[Feed], hosts: list[str], latency: float) -> None:
    try:
        farm = Farm(feeds, hosts, latency).start()
    except BaseException as error:  # e.g. an address that cannot be bound
        conn.send(error)
        return
    conn.send(farm.urls)
    while True:
        try:
            command, argument = conn.recv()
        except EOFError:
            break
        if command == "snapshot":
            conn.send(farm.snapshot(argument))
        elif command == "stop":
            farm.stop()
            conn.send(True)
            break


@dataclass
class Phase:
    """Server-side counts of one phase (the difference of two snapshots)."""

    requests: int
    conditional: int
    not_modified: int
    ok: int
    not_found: int
    bytes_sent: int
    peak_per_host: int
    conditional_paths: set[str]


def phase(before: dict[str, dict], after: dict[str, dict]) -> Phase:
    keys = ("requests", "conditional", "not_modified", "ok", "not_found", "bytes_sent")
    totals = {key: sum(after[h][key] - before[h][key] for h in after) for key in keys}
    paths = {
        f"{h}{path}"
        for h in after
        for path, count in after[h]["conditional_paths"].items()
        if count > before[h]["conditional_paths"].get(path, 0)
    }
    return Phase(**totals, peak_per_host=max(after[h]["peak_in_flight"] for h in after), conditional_paths=paths)


def loopback_hosts(count: int) -> list[str]:
    hosts = [f"127.0.0.{2 + i}" for i in range(count)]
    if count > 250:
        raise SystemExit("--hosts: at most 250 loopback addresses")
    return hosts


# --------------------------------------------------------------------------------------------------------------
# 3. Measurements
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []
        self.checks: list[Check] = []

    def add(self, name: str, value: str, note: str = "") -> None:
        self.rows.append((name, value, note))

    def check(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append(Check(name, bool(ok), detail))
        return bool(ok)

    def section(self, title: str) -> None:
        self.rows.append((f"-- {title}", "", ""))

    def print(self) -> None:
        plain = [row for row in self.rows if not row[0].startswith("-- ")]
        width = max(len(name) for name, _, _ in plain)
        vwidth = max(len(value) for _, value, _ in plain)
        print()
        for name, value, note in self.rows:
            if name.startswith("-- "):
                print(f"\n{name[3:]}")
                continue
            print(f"  {name:<{width}}  {value:>{vwidth}}  {note}".rstrip())
        print("\nChecks")
        for check in self.checks:
            print(f"  [{'PASS' if check.ok else 'FAIL'}] {check.name}: {check.detail}")


def profiled(fn: Callable[[], object], *, cpu: bool) -> tuple[object, pstats.Stats]:
    """Run `fn` with cProfile on this thread and on every thread started meanwhile (the gather's pool).

    cpu=True times with each thread's CPU clock, so time spent waiting (sockets, the GIL, locks) is left out;
    cpu=False gives wall time summed over threads.
    """
    timer = time.thread_time if cpu else time.perf_counter
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start(*_: object) -> None:  # first profile event of a new thread: hand over to cProfile
        profile = cProfile.Profile(timer)
        with lock:
            profiles.append(profile)
        profile.enable()

    main = cProfile.Profile(timer)
    threading.setprofile(start)
    main.enable()
    try:
        result = fn()
    finally:
        main.disable()
        threading.setprofile(None)  # type: ignore[arg-type]
    stats = pstats.Stats(main)
    with lock:
        for profile in profiles:
            with contextlib.suppress(TypeError):  # a thread that recorded nothing
                stats.add(profile)
    return result, stats


def print_profile(title: str, stats: pstats.Stats, top: int, out: io.StringIO) -> None:
    print(f"\n===== {title} =====", file=out)
    stats.stream = out
    stats.strip_dirs()
    for key in ("tottime", "cumulative"):
        print(f"--- top {top} by {key} ---", file=out)
        stats.sort_stats(key).print_stats(top)


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds of this process (all threads) and the result of `fn()`."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - started, time.process_time() - cpu, result


def naive(urls: list[str]) -> tuple[float, float, int]:
    """The loop a notebook user writes first: one requests.get then feedparser.parse per feed, in turn."""
    fetch = parse = 0.0
    items = 0
    for url in urls:
        started = time.perf_counter()
        response = requests.get(url, timeout=30)
        response.raise_for_status()
        fetched = time.perf_counter()
        items += len(feedparser.parse(response.content).entries)
        parse += time.perf_counter() - fetched
        fetch += fetched - started
    return fetch, parse, items


def gather(workspace: Path, urls: list[str], args: argparse.Namespace):
    """One gather of every URL into `workspace` (a Workbook opened and closed around it); returns the fetch log."""
    with Workbook(workspace, per_host=args.per_host, workers=args.workers) as wb:
        log = wb.gather(company="Bench", feeds=urls, progress=False)
    return log


def stored_articles(workspace: Path) -> int:
    with closing(sqlite3.connect(workspace / "workbook.sqlite")) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def parse_rate(name: str, fn: Callable[[bytes, str], int], bodies: list[tuple[bytes, str]], rounds: int):
    """Best-of-`rounds` items/s of `fn` over every body (fn returns the item count of one body)."""
    best, items = float("inf"), 0
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        items = sum(fn(body, url) for body, url in bodies)
        best = min(best, time.perf_counter() - started)
    return best, items


def status_counts(log) -> dict[str, int]:
    return {str(k): int(v) for k, v in log["status"].value_counts().items()}


def run(args: argparse.Namespace) -> int:
    report = Report()
    profile_text = ""
    hosts = loopback_hosts(args.hosts)
    started_all = time.perf_counter()

    clock = time.perf_counter()
    corpus = generate(args.feeds, args.items, syndicated=args.syndicated)
    generated = time.perf_counter() - clock
    report.section(f"Setup ({args.server} servers)")
    report.add("feeds x items", f"{len(corpus.feeds)} x {args.items}", f"{corpus.item_slots:,} item slots")
    report.add("distinct article URLs", f"{corpus.distinct_urls:,}", f"{corpus.syndicated_copies:,} syndicated copies")
    report.add("feed bytes", f"{corpus.total_bytes / 1e6:.2f} MB", f"generated in {generated:.2f} s")
    report.add(
        "hosts / latency",
        f"{len(hosts)} / {args.latency * 1000:.0f} ms",
        f"{hosts[0]} .. {hosts[-1]}, every response (304s too)",
    )
    report.add("gather settings", f"workers={args.workers}", f"per_host={args.per_host}")

    farm = FarmClient(corpus, hosts, args.latency, args.server)
    urls = farm.urls
    tmp = tempfile.TemporaryDirectory(prefix="iiwork-bench-")
    try:
        # warm-up: imports and first-connection costs out of the timed region (one feed, throwaway workspace)
        requests.get(urls[0], timeout=30).raise_for_status()
        iiwork.parse_feed(corpus.feeds[0].body, urls[0])
        if fastfeedparser is not None:
            fastfeedparser.parse(corpus.feeds[0].body)
        snap = farm.snapshot(reset_peak=True)

        # a. naive baseline
        naive_s, _, (fetch_s, fp_parse_s, naive_items) = timed(lambda: naive(urls))
        after = farm.snapshot(reset_peak=True)
        naive_phase, snap = phase(snap, after), after
        report.section("a. Naive loop: requests.get + feedparser.parse, sequential")
        report.add("naive seconds", f"{naive_s:.2f} s", f"fetch {fetch_s:.2f} s + feedparser {fp_parse_s:.2f} s")
        report.add("naive items parsed", f"{naive_items:,}", f"{naive_phase.requests} requests")
        report.check(
            "naive parsed every item", naive_items == corpus.item_slots, f"{naive_items:,} of {corpus.item_slots:,}"
        )

        # b. cold gather
        workspace = Path(tmp.name) / "workspace"
        cold_s, cold_cpu, cold_log = timed(lambda: gather(workspace, urls, args))
        after = farm.snapshot(reset_peak=True)
        cold_phase, snap = phase(snap, after), after
        stored = stored_articles(workspace)
        new_items = int(cold_log["new_items"].sum())
        speedup = naive_s / cold_s
        report.section("b. Cold Workbook.gather (fresh workspace, empty HTTP cache)")
        report.add(
            "cold seconds", f"{cold_s:.2f} s", f"{cold_phase.requests} requests, {cold_phase.bytes_sent / 1e6:.1f} MB"
        )
        report.add(
            "speedup vs naive",
            f"{speedup:.1f}x",
            f"target >= {SPEEDUP_TARGET:g}x: " + ("MET" if speedup >= SPEEDUP_TARGET else "MISSED"),
        )
        report.add("items seen / new", f"{int(cold_log['items'].sum()):,} / {new_items:,}")
        report.add("articles stored", f"{stored:,}", f"distinct article URLs: {corpus.distinct_urls:,}")
        report.add(
            "cold CPU seconds", f"{cold_cpu:.2f} s", f"process CPU, all threads ({cold_cpu / cold_s:.0%} of wall)"
        )
        report.add("peak requests in flight/host", f"{cold_phase.peak_per_host}", f"per_host={args.per_host}")
        report.add(
            "gather throughput", f"{corpus.item_slots / cold_s:,.0f} items/s", f"{len(urls) / cold_s:.0f} feeds/s"
        )
        statuses = status_counts(cold_log)
        report.check("cold: every feed 'ok'", statuses == {"ok": len(urls)}, str(statuses))
        report.check(
            "cold: new_items = distinct article URLs",
            new_items == corpus.distinct_urls,
            f"{new_items:,} vs {corpus.distinct_urls:,}",
        )
        report.check(
            "cold: stored articles = distinct article URLs",
            stored == corpus.distinct_urls,
            f"{stored:,} vs {corpus.distinct_urls:,}",
        )
        report.check(
            "cold: one unconditional request per feed",
            cold_phase.requests == len(urls) and cold_phase.conditional == 0,
            f"{cold_phase.requests} requests, {cold_phase.conditional} conditional",
        )
        report.check(
            "cold: per-host concurrency within limit",
            cold_phase.peak_per_host <= args.per_host,
            f"peak {cold_phase.peak_per_host} <= {args.per_host}",
        )

        # c. warm re-gather into the same workspace
        warm_s, warm_cpu, warm_log = timed(lambda: gather(workspace, urls, args))
        after = farm.snapshot(reset_peak=True)
        warm_phase, snap = phase(snap, after), after
        warm_speedup = cold_s / warm_s
        report.section("c. Warm re-gather (same workspace: conditional GET, 304s)")
        report.add(
            "warm seconds",
            f"{warm_s:.2f} s",
            f"{warm_phase.requests} requests, {warm_phase.conditional} conditional, {warm_phase.not_modified} x 304",
        )
        report.add(
            "warm CPU seconds", f"{warm_cpu:.2f} s", f"process CPU, all threads ({warm_cpu / warm_s:.0%} of wall)"
        )
        report.add(
            "warm vs cold speedup",
            f"{warm_speedup:.1f}x",
            f"target >= {WARM_TARGET:g}x: " + ("MET" if warm_speedup >= WARM_TARGET else "MISSED"),
        )
        report.add("warm vs naive speedup", f"{naive_s / warm_s:.1f}x")
        report.add(
            "floor (rounds x latency)",
            f"{_floor(args, len(urls), len(hosts)):.2f} s",
            "min(workers, hosts x per_host) requests in flight",
        )
        statuses = status_counts(warm_log)
        report.check("warm: every feed 'not-modified'", statuses == {"not-modified": len(urls)}, str(statuses))
        report.check(
            "warm: no new items", int(warm_log["new_items"].sum()) == 0, f"{int(warm_log['new_items'].sum())} new"
        )
        expected_paths = {f"{urlsplit(url).hostname}{urlsplit(url).path}" for url in urls}
        report.check(
            "warm: server saw a conditional request for every feed",
            warm_phase.conditional_paths == expected_paths
            and warm_phase.not_modified == len(urls)
            and warm_phase.ok == 0,
            f"{len(warm_phase.conditional_paths)} of {len(urls)} feeds conditional, "
            f"{warm_phase.not_modified} x 304, {warm_phase.ok} x 200",
        )
        report.check(
            "warm: per-host concurrency within limit",
            warm_phase.peak_per_host <= args.per_host,
            f"peak {warm_phase.peak_per_host} <= {args.per_host}",
        )
        report.check(
            "warm: stored articles unchanged", stored_articles(workspace) == stored, f"{stored_articles(workspace):,}"
        )

        # d. parse speed, no HTTP
        bodies = [(feed.body, url) for feed, url in zip(corpus.feeds, urls)]
        report.section(f"d. Parse speed (no HTTP, same bodies; best of {args.parse_rounds})")
        rates = [("iiwork.parse_feed", lambda b, u: len(iiwork.parse_feed(b, u)), args.parse_rounds)]
        if fastfeedparser is not None:
            rates.append(
                ("fastfeedparser.parse", lambda b, u: len(fastfeedparser.parse(b)["entries"]), args.parse_rounds)
            )
        rates.append(("feedparser.parse", lambda b, u: len(feedparser.parse(b).entries), 1))
        for name, fn, rounds in rates:
            seconds, items = parse_rate(name, fn, bodies, rounds)
            report.add(f"{name} items/s", f"{items / seconds:,.0f}", f"{items:,} items in {seconds:.2f} s")
        report.add("feedparser in naive loop", f"{naive_items / fp_parse_s:,.0f}", "items/s (same bodies)")

        # e. memory: a second cold gather, traced (tracemalloc slows allocation, so it is not the timed one)
        traced_ws = Path(tmp.name) / "workspace-traced"
        tracemalloc.start()
        traced_s, _, traced_log = timed(lambda: gather(traced_ws, urls, args))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        snap = farm.snapshot(reset_peak=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        report.section("e. Memory")
        report.add(
            "tracemalloc peak, cold gather",
            f"{peak / 2**20:.1f} MiB",
            f"separate traced cold gather took {traced_s:.2f} s",
        )
        report.add(
            "process max RSS",
            f"{rss / 2**20:.0f} MiB",
            "this process" + (" (servers in a child)" if args.server == "process" else " (servers included)"),
        )
        report.check(
            "traced cold gather also all 'ok'",
            status_counts(traced_log) == {"ok": len(urls)},
            str(status_counts(traced_log)),
        )
        if args.profile:
            profile_text = _profile(args, urls, Path(tmp.name) / "workspace-profiled")
    finally:
        farm.stop()
        tmp.cleanup()

    report.section("Summary")
    report.add("naive -> cold -> warm", f"{naive_s:.2f} / {cold_s:.2f} / {warm_s:.2f} s")
    report.add(
        "cold speedup / warm speedup",
        f"{speedup:.1f}x / {warm_speedup:.1f}x",
        f"targets {SPEEDUP_TARGET:g}x / {WARM_TARGET:g}x",
    )
    report.add("benchmark wall time", f"{time.perf_counter() - started_all:.1f} s")
    if profile_text:
        print(profile_text)
    report.print()

    correct = all(check.ok for check in report.checks)
    targets = speedup >= SPEEDUP_TARGET and warm_speedup >= WARM_TARGET
    print(
        f"\nTargets: cold speedup {speedup:.1f}x (>= {SPEEDUP_TARGET:g}x) "
        f"{'MET' if speedup >= SPEEDUP_TARGET else 'MISSED'}; warm speedup {warm_speedup:.1f}x "
        f"(>= {WARM_TARGET:g}x) {'MET' if warm_speedup >= WARM_TARGET else 'MISSED'}"
    )
    print(f"Correctness: {'all checks passed' if correct else 'FAILED'}")
    if not correct:
        return 1
    return 1 if args.strict and not targets else 0


def _profile(args: argparse.Namespace, urls: list[str], workspace: Path) -> str:
    """Extra cold + warm gathers under cProfile (all threads), printed after the figures' run."""
    cpu = args.profile_clock == "cpu"
    clock = time.perf_counter()
    _, cold = profiled(lambda: gather(workspace, urls, args), cpu=cpu)
    cold_s = time.perf_counter() - clock
    clock = time.perf_counter()
    _, warm = profiled(lambda: gather(workspace, urls, args), cpu=cpu)
    warm_s = time.perf_counter() - clock
    what = "thread CPU time" if cpu else "wall time summed over threads"
    out = io.StringIO()
    print_profile(f"cold gather profile ({what}; {cold_s:.2f} s wall under the profiler)", cold, args.profile_top, out)
    print_profile(f"warm gather profile ({what}; {warm_s:.2f} s wall under the profiler)", warm, args.profile_top, out)
    return out.getvalue()


def _floor(args: argparse.Namespace, n_feeds: int, n_hosts: int) -> float:
    in_flight = max(1, min(args.workers, n_hosts * args.per_host))
    return -(-n_feeds // in_flight) * args.latency


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200, help="number of feeds (default 200)")
    parser.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every response (0.05)")
    parser.add_argument("--hosts", type=int, default=10, help="loopback addresses 127.0.0.2.. to serve from (10)")
    parser.add_argument("--workers", type=int, default=40, help="Workbook(workers=) (40 = hosts x per-host)")
    parser.add_argument("--per-host", type=int, default=4, help="Workbook(per_host=) (4)")
    parser.add_argument(
        "--syndicated",
        type=float,
        default=0.1,
        help="share of each feed's items that are wire stories carried by ~3 feeds (0.1)",
    )
    parser.add_argument("--parse-rounds", type=int, default=2, help="best-of rounds for parse speed (2)")
    parser.add_argument(
        "--server",
        choices=("process", "thread"),
        default="process",
        help="run the servers in a forked child process (default) or on threads in this one",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile a cold and a warm gather (cProfile over all threads) and print hotspots",
    )
    parser.add_argument(
        "--profile-clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="profile with per-thread CPU time (default) or wall time",
    )
    parser.add_argument("--profile-top", type=int, default=30, help="rows per profile listing (30)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 feeds x 10 items, 4 hosts, 20 ms")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a speed target is missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.feeds, args.items, args.hosts, args.latency, args.parse_rounds = 20, 10, 4, 0.02, 1
    if args.server == "process" and "fork" not in multiprocessing.get_all_start_methods():
        args.server = "thread"
    if min(args.feeds, args.items, args.hosts, args.workers, args.per_host) < 1:
        parser.error("--feeds, --items, --hosts, --workers and --per-host must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
