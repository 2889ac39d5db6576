"""Benchmark `iiwork gather` as the user runs it, against a sequential requests + feedparser loop.

    .venv/bin/python benchmarks/bench_gather.py            # full size: 200 feeds x 50 items, 20 hosts, 50 ms
    .venv/bin/python benchmarks/bench_gather.py --quick    # smoke run, a few seconds

What it does, in one run:

1. generates N distinct RSS 2.0 feeds x M items in memory (unique titles and links, RFC 822 pubDates, HTML
   summaries with entities, some wire stories syndicated across several feeds);
2. serves them from one ThreadingHTTPServer per loopback address 127.0.0.2, 127.0.0.3, ... (so iiwork's
   per-host politeness limit applies per address), with the latency added to every response (304s too), and
   conditional GET (ETag + Last-Modified; If-None-Match / If-Modified-Since give 304 with no body).  The servers
   run in a forked child process so that their work does not compete with the measured client for the GIL;
3. measures, in this order:
   a. the baseline: a sequential `requests.get` + `feedparser.parse` loop over every feed, in this process
      (imports done beforehand, so its start-up is not counted: the comparison is in the baseline's favour);
   b. cold: `iiwork --workspace W gather --company Bench --feed URL...` as a subprocess, into a fresh
      workspace (a fresh process: interpreter start-up, imports, workspace creation and printing included);
   c. warm: the same command again into the same workspace, where every feed must come back as a 304;
   with --repeat R, (b, c) are run R times (a fresh workspace for each pair) and the median is reported;
4. checks correctness (exit status, fetch-log statuses, stored articles = distinct article URLs, conditional
   requests seen by the server for every feed on the warm run, per-host concurrency never above 4) and prints a
   table of the figures beside the goals.

Exit status: 0 when every correctness check passes (speed goals are reported, not enforced, unless --strict is
given), 1 otherwise.  Loopback only: nothing here talks to any other address.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import html
import multiprocessing
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

# Loopback only: never let an environment proxy see these requests (the CLI subprocess inherits this too).
for _name in ("NO_PROXY", "no_proxy"):
    os.environ[_name] = ",".join(filter(None, [os.environ.get(_name), "127.0.0.0/8", "localhost"]))

import feedparser  # noqa: E402
import requests  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IIWORK = Path(sys.executable).with_name("iiwork")
COLD_GOAL = 12.0  # cold CLI gather vs the sequential loop
WARM_GOAL = 4.0  # warm CLI re-gather vs the cold CLI gather
PER_HOST = 4  # iiwork's default per-host concurrency, checked on the server side
ENV = dict(os.environ)  # the measured commands' environment (--bytecode-cache drops PYTHONDONTWRITEBYTECODE)


# --------------------------------------------------------------------------------------------------------------
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


@dataclass
class Run:
    """One `iiwork gather` subprocess: wall seconds, what the server saw, and what the workspace holds after."""

    seconds: float
    returncode: int
    stderr: str
    statuses: dict[str, int]
    new_items: int
    stored: int
    server: Phase


def naive(urls: list[str]) -> tuple[float, int]:
    """The loop a notebook user writes first: one requests.get then feedparser.parse per feed, in turn."""
    items = 0
    started = time.perf_counter()
    for url in urls:
        response = requests.get(url, timeout=30)
        response.raise_for_status()
        items += len(feedparser.parse(response.content).entries)
    return time.perf_counter() - started, items


def cli_command(workspace: Path, urls: list[str], iiwork: Path = IIWORK) -> list[str]:
    """Exactly what the user types."""
    return [str(iiwork), "--workspace", str(workspace), "gather", "--company", "Bench", "--feed", *urls]


def run_cli(workspace: Path, urls: list[str], farm: FarmClient, iiwork: Path) -> Run:
    before = farm.snapshot(reset_peak=True)
    started = time.perf_counter()
    done = subprocess.run(
        cli_command(workspace, urls, iiwork), capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=600
    )
    seconds = time.perf_counter() - started
    server = phase(before, farm.snapshot(reset_peak=True))
    statuses, new_items, stored = last_gather(workspace)
    return Run(seconds, done.returncode, done.stderr.strip(), statuses, new_items, stored, server)


def last_gather(workspace: Path) -> tuple[dict[str, int], int, int]:
    """Fetch-log statuses and new items of the workspace's latest gather, and the articles stored in all."""
    path = workspace / "workbook.sqlite"
    if not path.exists():
        return {}, 0, 0
    with closing(sqlite3.connect(path)) as conn:
        latest = "(SELECT max(gather_id) FROM gathers)"
        statuses = dict(conn.execute(f"SELECT status, count(*) FROM fetch_log WHERE gather_id = {latest} GROUP BY 1"))
        new_items = conn.execute(f"SELECT coalesce(sum(new_items), 0) FROM fetch_log WHERE gather_id = {latest}")
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return statuses, new_items.fetchone()[0], stored


def check_cold(run: Run, urls: list[str], corpus: Corpus, checks: list[Check], n: int) -> None:
    label = f"cold #{n}"
    checks.append(Check(f"{label}: exit status 0", run.returncode == 0, run.stderr[-300:] or "ok"))
    checks.append(Check(f"{label}: every feed 'ok'", run.statuses == {"ok": len(urls)}, str(run.statuses)))
    checks.append(
        Check(
            f"{label}: new items = stored = distinct article URLs",
            run.new_items == run.stored == corpus.distinct_urls,
            f"{run.new_items:,} / {run.stored:,} / {corpus.distinct_urls:,}",
        )
    )
    checks.append(
        Check(
            f"{label}: one unconditional request per feed",
            run.server.requests == len(urls) and run.server.conditional == 0,
            f"{run.server.requests} requests, {run.server.conditional} conditional",
        )
    )
    checks.append(
        Check(f"{label}: per-host concurrency <= {PER_HOST}", run.server.peak_per_host <= PER_HOST, _peak(run))
    )


def check_warm(run: Run, urls: list[str], stored: int, checks: list[Check], n: int) -> None:
    label = f"warm #{n}"
    expected = {f"{urlsplit(url).hostname}{urlsplit(url).path}" for url in urls}
    checks.append(Check(f"{label}: exit status 0", run.returncode == 0, run.stderr[-300:] or "ok"))
    checks.append(
        Check(f"{label}: every feed 'not-modified'", run.statuses == {"not-modified": len(urls)}, str(run.statuses))
    )
    checks.append(
        Check(
            f"{label}: a conditional request and a 304 for every feed",
            run.server.conditional_paths == expected and run.server.not_modified == len(urls) and run.server.ok == 0,
            f"{len(run.server.conditional_paths)} of {len(urls)} conditional, "
            f"{run.server.not_modified} x 304, {run.server.ok} x 200",
        )
    )
    checks.append(
        Check(
            f"{label}: nothing new, articles unchanged", run.new_items == 0 and run.stored == stored, f"{run.stored:,}"
        )
    )
    checks.append(
        Check(f"{label}: per-host concurrency <= {PER_HOST}", run.server.peak_per_host <= PER_HOST, _peak(run))
    )


def _peak(run: Run) -> str:
    return f"peak {run.server.peak_per_host} in flight on one host"


def _verdict(value: float, goal: float) -> str:
    return f">= {goal:g}x  {'MET' if value >= goal else 'MISSED'}"


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    for i, row in enumerate(rows):
        print(f"  {row[0]:<{width[0]}}  {row[1]:>{width[1]}}  {row[2]}".rstrip())
        if i == 0:
            print(f"  {'-' * width[0]}  {'-' * width[1]}  {'-' * width[2]}")


def run(args: argparse.Namespace) -> int:
    hosts = loopback_hosts(args.hosts)
    corpus = generate(args.feeds, args.items, syndicated=args.syndicated)
    print(
        f"{len(corpus.feeds)} feeds x {args.items} items ({corpus.item_slots:,} items, {corpus.distinct_urls:,} "
        f"distinct article URLs, {corpus.total_bytes / 1e6:.1f} MB) on {len(hosts)} hosts ({hosts[0]}..{hosts[-1]}), "
        f"{args.latency * 1000:.0f} ms per response"
    )
    print(f"command: {' '.join(cli_command(Path('W'), ['URL...'], args.iiwork))}", flush=True)
    farm = FarmClient(corpus, hosts, args.latency, "process")
    urls = farm.urls
    checks: list[Check] = []
    colds: list[Run] = []
    warms: list[Run] = []
    tmp = tempfile.TemporaryDirectory(prefix="iiwork-bench-")
    try:
        # warm-ups, not timed: the OS file cache for the interpreter and packages (a one-feed gather imports
        # all that a gather does), and the baseline's imports
        warmup = cli_command(Path(tmp.name) / "warm-up", urls[:1], args.iiwork)
        subprocess.run(warmup, capture_output=True, cwd=ROOT, env=ENV, timeout=120, check=True)
        feedparser.parse(requests.get(urls[0], timeout=30).content)
        farm.snapshot(reset_peak=True)

        naive_s, naive_items = naive(urls)
        checks.append(Check("baseline parsed every item", naive_items == corpus.item_slots, f"{naive_items:,} items"))
        for n in range(1, args.repeat + 1):
            workspace = Path(tmp.name) / f"workspace-{n}"
            cold = run_cli(workspace, urls, farm, args.iiwork)
            check_cold(cold, urls, corpus, checks, n)
            warm = run_cli(workspace, urls, farm, args.iiwork)
            check_warm(warm, urls, cold.stored, checks, n)
            colds.append(cold)
            warms.append(warm)
            print(f"  run {n}: cold {cold.seconds:.2f} s, warm {warm.seconds:.2f} s", flush=True)
    finally:
        farm.stop()
        tmp.cleanup()

    cold_s = statistics.median(r.seconds for r in colds)
    warm_s = statistics.median(r.seconds for r in warms)
    cold_x, warm_x = naive_s / cold_s, cold_s / warm_s
    spread = lambda runs: f"median of {len(runs)}; best {min(r.seconds for r in runs):.2f} s"
    print()
    print_table(
        [
            ("figure", "value", "goal / note"),
            ("baseline: sequential requests.get + feedparser", f"{naive_s:.2f} s", "in this process, no start-up"),
            ("cold CLI gather (fresh process, new workspace)", f"{cold_s:.2f} s", spread(colds)),
            ("warm CLI re-gather (all 304)", f"{warm_s:.2f} s", spread(warms)),
            ("cold speed-up: baseline / cold", f"{cold_x:.1f}x", _verdict(cold_x, COLD_GOAL)),
            ("warm speed-up: cold / warm", f"{warm_x:.1f}x", _verdict(warm_x, WARM_GOAL)),
        ]
    )
    failed = [check for check in checks if not check.ok]
    print(f"\nChecks: {len(checks) - len(failed)} of {len(checks)} passed")
    for check in checks if args.verbose else failed:
        print(f"  [{'PASS' if check.ok else 'FAIL'}] {check.name}: {check.detail}")
    if ENV.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "note: PYTHONDONTWRITEBYTECODE is set: iiwork's own modules are compiled on every start (--bytecode-cache)"
        )
    correct = not failed
    met = cold_x >= COLD_GOAL and warm_x >= WARM_GOAL
    print(f"\nGoals: {'both MET' if met else 'MISSED'}; correctness: {'all checks passed' if correct else 'FAILED'}")
    if not correct:
        return 1
    return 1 if args.strict and not met else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200, help="number of feeds (default 200)")
    parser.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every response (0.05)")
    parser.add_argument("--hosts", type=int, default=20, help="loopback addresses 127.0.0.2.. to serve from (20)")
    parser.add_argument(
        "--syndicated",
        type=float,
        default=0.1,
        help="share of each feed's items that are wire stories carried by ~3 feeds (0.1)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="cold + warm CLI runs, each pair a new workspace (3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 feeds x 10 items, 4 hosts, 20 ms, once")
    parser.add_argument(
        "--iiwork", type=Path, default=IIWORK, help="the iiwork command to run (default: the one beside this Python)"
    )
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="let the commands write .pyc files even when PYTHONDONTWRITEBYTECODE is set (as a usual shell does)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every check, not only failures")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a speed goal is missed")
    args = parser.parse_args(argv)
    if args.bytecode_cache:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.quick:
        args.feeds, args.items, args.hosts, args.latency, args.repeat = 20, 10, 4, 0.02, 1
    if "fork" not in multiprocessing.get_all_start_methods():
        parser.error("the loopback servers run in a forked child process: this platform cannot fork")
    if min(args.feeds, args.items, args.hosts, args.repeat) < 1:
        parser.error("--feeds, --items, --hosts and --repeat must be at least 1")
    if not args.iiwork.exists():
        parser.error(f"{args.iiwork} not found: install iiwork into this interpreter's environment (pip install -e .)")
    return args


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
