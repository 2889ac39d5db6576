"""Deterministic, offline sample news feeds about a fictional grid-scale battery storage industry.

``python -m iiwork.sample data/sample`` regenerates the committed demo and test data: every company,
outlet and person is invented, every link is on an ``.example`` domain (or a fake Google News link),
and the same seed always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

UTC = UTC
START = datetime(2026, 6, 1, tzinfo=UTC)
END = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
HELIO_CLOSED = datetime(2026, 11, 9, tzinfo=UTC)


# --------------------------------------------------------------------------- cast


@dataclass
class Company:
    ticker: str
    name: str
    alias: str
    slug: str
    site: str
    city: str
    state: str
    exchange: str
    product: str
    what: str
    ceo: str
    cfo: str
    cto: str
    revenue: int
    newsroom: str


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    host: str
    path: str


def _companies() -> dict[str, Company]:
    return {
        "VLTS": Company(
            "VLTS",
            "Voltaic Storage",
            "Voltaic",
            "voltaic",
            "voltaicstorage.example",
            "Reno",
            "Nev.",
            "NASDAQ",
            "VS-Cube",
            "containerised lithium iron phosphate battery systems",
            "Dana Whitcombe",
            "Rafael Ostrander",
            "Imogen Farrow",
            312,
            "feeds/newsroom-voltaic.atom.xml",
        ),
        "NWGS": Company(
            "NWGS",
            "Northwind Grid Systems",
            "Northwind Grid",
            "northwind",
            "northwindgrid.example",
            "Minneapolis",
            "Minn.",
            "NYSE",
            "GridKeeper",
            "turnkey battery plants and grid-control software",
            "Tobias Lindqvist-Hale",
            "Meredith Achterberg",
            "Kwame Ellery",
            547,
            "feeds/newsroom-northwind.atom.xml",
        ),
        "HCW": Company(
            "HCW",
            "Helio Cell Works",
            "Helio",
            "helio",
            "heliocellworks.example",
            "Tucson",
            "Ariz.",
            "NASDAQ",
            "HelioNa",
            "lithium iron phosphate and sodium-ion battery cells",
            "Suvi Marchetti",
            "Owen Bracewell",
            "Lena Castellanos",
            188,
            "feeds/newsroom-helio.rss.xml",
        ),
        "AMPR": Company(
            "AMPR",
            "Ampere Ridge",
            "Ampere Ridge Energy",
            "ampere",
            "ampereridge.example",
            "Austin",
            "Texas",
            "NYSE",
            "RidgeFlow",
            "iron-flow long-duration storage systems",
            "Gregor Pemberton",
            "Silas Vandermeer",
            "Yetunde Harrowby",
            96,
            "feeds/newsroom-ampere.rss.xml",
        ),
    }


OUTLETS = {
    "gridledger": Outlet("gridledger", "Grid Ledger", "gridledger.example", "feeds/grid-ledger.rss.xml"),
    "eswire": Outlet("eswire", "Energy Storage Wire", "eswire.example", "feeds/energy-storage-wire.atom.xml"),
    "dailycurrent": Outlet("dailycurrent", "The Daily Current", "dailycurrent.example", "feeds/daily-current.rdf.xml"),
    "powermarkets": Outlet(
        "powermarkets", "Power Markets Today", "powermarkets.example", "feeds/power-markets-today.rss.xml"
    ),
    "storagepr": Outlet("storagepr", "StoragePR Newswire", "storagepr.example", "feeds/storagepr-newswire.rss.xml"),
    "speicher": Outlet("speicher", "Speicher Kurier", "speicherkurier.example", "feeds/speicher-kurier.rss.xml"),
}
NEWS = ("gridledger", "eswire", "dailycurrent", "powermarkets")
GOOGLE_PATH = "feeds/google-news-voltaic.rss.xml"

_FIRST = (
    "Adaeze",
    "Bram",
    "Calla",
    "Dmitri",
    "Elspeth",
    "Farid",
    "Greta",
    "Hollis",
    "Ines",
    "Jonah",
    "Keiko",
    "Lucan",
    "Mirela",
    "Nils",
    "Oona",
    "Pavel",
    "Quinn",
    "Rosalind",
    "Soren",
    "Talia",
    "Ulrich",
    "Vesna",
    "Wendell",
    "Ximena",
    "Yusuf",
    "Zelda",
    "Anouk",
    "Bastian",
    "Cyrus",
    "Delphine",
    "Emeka",
    "Freya",
)
_LAST = (
    "Ashdown",
    "Brackwell",
    "Corrigan",
    "Dunmore",
    "Eskildsen",
    "Fairclough",
    "Galloway",
    "Hartigan",
    "Iverholt",
    "Jessop",
    "Kettleby",
    "Lowenthal",
    "Marchbank",
    "Nettleford",
    "Oyelaran",
    "Prendergast",
    "Quarrie",
    "Rainsford",
    "Strickland",
    "Thorncroft",
    "Umberfield",
    "Valcourt",
    "Whitlock",
    "Yarrow",
)
_PARTNERS = (
    "Cascadia Public Power",
    "Lone Prairie Electric Cooperative",
    "Tidewater Municipal Utilities",
    "Great Basin Power Authority",
    "Sunfield Renewables",
    "Copper Canyon Energy",
    "Bayou Crescent Power",
    "High Plains Transmission",
    "Harbor Point Utilities",
    "Saguaro Valley Electric",
    "Redwood Coast Energy",
    "Pinecrest Solar Partners",
)
_INVESTORS = (
    "Brightwater Capital",
    "Kestrel Infrastructure Partners",
    "Ironbark Capital",
    "Summit Ledge Partners",
    "Tern Harbor Ventures",
    "the Aldergrove Pension Fund",
    "Quillon Bank",
    "Marlowe Street Capital",
)
_ANALYSTS = (
    "Larchmont Research",
    "Cedar Point Securities",
    "Blue Lantern Analytics",
    "Harrowgate & Finch",
    "Osprey Equity Research",
)
_PLACES = (
    ("Pahrump", "Nevada"),
    ("Odessa", "Texas"),
    ("Kern County", "California"),
    ("Yuma", "Arizona"),
    ("Pueblo", "Colorado"),
    ("Boise", "Idaho"),
    ("Clarksville", "Tennessee"),
    ("Abilene", "Texas"),
    ("Casa Grande", "Arizona"),
    ("Fresno County", "California"),
    ("Rochester", "Minnesota"),
    ("Lake Charles", "Louisiana"),
    ("Hermiston", "Oregon"),
    ("Salina", "Kansas"),
)
_PROJECTS = (
    "Mesquite Hollow",
    "Blue Heron",
    "Juniper Ridge",
    "Coyote Wash",
    "Prairie Lark",
    "Granite Bend",
    "Silver Slough",
    "Cottonwood Draw",
    "Kestrel Flats",
    "Two Rivers",
    "Owl Creek",
    "Basalt Point",
)
_REGIONS = ("Texas", "the West", "the Mid-Atlantic", "the Midwest", "New England", "the Southeast", "California")
_TARGETS = (
    "GridPulse Analytics",
    "Calder Thermal Systems",
    "Brightline Controls",
    "Oxbow Power Electronics",
    "Fennel Recycling",
)
_SYNONYMS = {
    "unveils": "launches",
    "launches": "unveils",
    "signs": "inks",
    "secures": "lands",
    "raises": "secures",
    "names": "appoints",
    "appoints": "names",
    "reports": "posts",
    "agreement": "deal",
    "deal": "agreement",
    "expands": "grows",
    "plans": "eyes",
    "cut": "trim",
    "opens": "unveils",
    "wins": "lands",
    "completes": "closes",
    "announce": "confirm",
    "order": "contract",
    "systems": "units",
}
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZONES = {"GMT": 0, "+0000": 0, "-0500": -5, "EST": -5, "-0400": -4, "+0200": 2, "+0100": 1}
_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with"}
_AUTHORS = {
    key: tuple(f"{_FIRST[(i * 7 + n * 5) % len(_FIRST)]} {_LAST[(i * 5 + n * 3) % len(_LAST)]}" for n in range(3))
    for i, key in enumerate(OUTLETS)
}


# --------------------------------------------------------------------------- small helpers


def _money(millions: float) -> str:
    if millions >= 1000:
        return f"${millions / 1000:.2f}".rstrip("0").rstrip(".") + " billion"
    return f"${millions:,.0f} million"


def _short_money(millions: float) -> str:
    if millions >= 1000:
        return f"${millions / 1000:.2f}".rstrip("0").rstrip(".") + "bn"
    return f"${millions:,.0f}M"


def _title_case(title: str) -> str:
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in _SMALL:
            out.append(word.lower())
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _slug(title: str, *, words: int = 9) -> str:
    parts = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    return "-".join(parts[:words])


def _dateline(company: Company, when: datetime) -> str:
    local = when + timedelta(hours=_eastern(when))
    return (
        f"{company.city.upper()}, {company.state}, {_AP_MONTHS[local.month - 1]} {local.day}, "
        f"{local.year} /StoragePR/ -- "
    )


def _eastern(when: datetime) -> int:
    """UTC offset in hours of US Eastern time in 2026 (daylight time ends on 1 November)."""
    return -4 if when < datetime(2026, 11, 1, 6, tzinfo=UTC) else -5


def rfc822(when: datetime, zone: str) -> str:
    """Format ``when`` as an RFC 822 date in one of the named zones (English names, whatever the locale)."""
    local = when.astimezone(UTC) + timedelta(hours=_ZONES[zone])
    return f"{_DAYS[local.weekday()]}, {local.day:02d} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M:%S} {zone}"


def iso8601(when: datetime, *, offset_hours: int = 0) -> str:
    """Format ``when`` as ISO 8601, with ``Z`` for UTC or a numeric offset."""
    local = when.astimezone(UTC) + timedelta(hours=offset_hours)
    suffix = "Z" if offset_hours == 0 else f"{'+' if offset_hours > 0 else '-'}{abs(offset_hours):02d}:00"
    return f"{local:%Y-%m-%dT%H:%M:%S}{suffix}"


# --------------------------------------------------------------------------- stories and items


@dataclass
class Item:
    outlet: str
    title: str
    sentences: list[str]
    link: str
    when: datetime | None
    guid: str
    tickers: tuple[str, ...]
    author: str = ""
    summary: str = ""
    story: int = 0
    base_title: str = ""
    event: int = 0  # the true event it reports (`story` only counts what the generator started)

    def text(self) -> str:
        return self.summary or " ".join(self.sentences)


@dataclass
class Texts:
    title: str
    sentences: list[str]


@dataclass
class Gen:
    """Generation state: the seeded RNG, the cast, the feeds being filled and a count of distinct stories."""

    rng: random.Random
    cos: dict[str, Company]
    feeds: dict[str, list[Item]] = field(default_factory=dict)
    stories: int = 0
    syndicated: int = 0
    rewritten: int = 0
    lithium: dict[int, int] = field(default_factory=dict)

    def person(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"

    def token(self, n: int) -> str:
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))

    def link(self, outlet: str, title: str, when: datetime) -> str:
        slug = _slug(title)
        if outlet == "gridledger":
            return f"https://gridledger.example/{when:%Y/%m/%d}/{slug}/"
        if outlet == "eswire":
            return f"https://eswire.example/news/{slug}-{self.rng.randrange(10000, 99999)}"
        if outlet == "dailycurrent":
            return f"https://dailycurrent.example/energy/{when:%Y-%m}/{slug}.html"
        if outlet == "powermarkets":
            return f"https://powermarkets.example/articles/{self.rng.randrange(400000, 499999)}/{slug}"
        if outlet == "storagepr":
            return f"https://storagepr.example/news-releases/{_slug(title, words=12)}-{self.rng.randrange(300000000, 399999999)}.html"
        if outlet == "speicher":
            return f"https://speicherkurier.example/nachrichten/{when:%Y/%m}/{slug}"
        company = self.cos[outlet.split(":")[1]]
        return f"https://{company.site}/newsroom/{when:%Y-%m-%d}-{slug}"

    def add(
        self,
        outlet: str,
        when: datetime,
        texts: Texts,
        tickers: tuple[str, ...],
        *,
        link: str | None = None,
        new_story: bool = True,
        event: int | None = None,
    ) -> Item:
        if link is None:
            link = self.link(outlet, texts.title, when)
            if outlet in NEWS and self.rng.random() < 0.18:
                link += "?utm_source=rss&utm_medium=feed"
            elif outlet in NEWS and self.rng.random() < 0.06:
                link += "#comments"
        if new_story:
            self.stories += 1
        authors = _AUTHORS.get(outlet, ("Newsroom",))
        item = Item(
            outlet,
            texts.title,
            list(texts.sentences),
            link,
            when,
            f"{outlet}-{self.token(10)}",
            tickers,
            self.rng.choice(authors),
            story=self.stories,
        )
        item.event = self.stories if event is None else event
        self.feeds.setdefault(outlet, []).append(item)
        return item

    def release(
        self,
        when: datetime,
        ticker: str,
        texts: Texts,
        *,
        others: tuple[str, ...] = (),
        syndicate: int | None = None,
        exclude: tuple[str, ...] = (),
    ) -> Item:
        """A press release: on the wire, in the issuer's newsroom, and copied by 0-3 news outlets."""
        company = self.cos[ticker]
        tickers = (ticker, *others)
        wire_text = Texts(
            _title_case(texts.title), [_dateline(company, when) + texts.sentences[0], *texts.sentences[1:]]
        )
        wire = self.add("storagepr", when, wire_text, tickers)
        wire.base_title = texts.title
        same_url = ticker == "HCW" or self.rng.random() < 0.15
        newsroom_when = when + timedelta(minutes=self.rng.choice((0, 0, 5, 15)))
        self.add(
            f"newsroom:{ticker}",
            newsroom_when,
            Texts(wire_text.title, texts.sentences),
            tickers,
            link=wire.link if same_url else None,
            new_story=False,
        )
        count = self.rng.choice((0, 1, 1, 2, 2, 3)) if syndicate is None else syndicate
        if count:
            self.syndicated += 1
        for outlet in self.rng.sample([o for o in NEWS if o not in exclude], count):
            self.copy(wire, outlet)
        return wire

    def copy(self, source: Item, outlet: str) -> Item:
        """A syndicated copy of ``source`` with light edits, a little later, usually at a new URL."""
        rng = self.rng
        title, sentences, summary = source.title, list(source.sentences), ""
        ops = rng.sample(("case", "case", "word", "drop", "truncate", "none"), rng.choice((1, 2)))
        if "case" in ops:
            title = source.base_title if source.base_title and title != source.base_title else _title_case(title)
        if "word" in ops:
            words = title.split(" ")
            spots = [i for i, w in enumerate(words) if w.lower() in _SYNONYMS]
            if spots:
                i = spots[-1]
                swap = _SYNONYMS[words[i].lower()]
                words[i] = swap.capitalize() if words[i][:1].isupper() else swap
                title = " ".join(words)
        if "drop" in ops and len(sentences) > 2:
            del sentences[rng.randrange(1, len(sentences))]
        if "truncate" in ops:
            full = " ".join(sentences)
            cut = full[: rng.randrange(110, 190)].rsplit(" ", 1)[0].rstrip(",;:")
            summary = cut + rng.choice(("…", " …", " [...]"))
        when = (source.when or START) + timedelta(minutes=rng.randrange(12, 420))
        link = source.link if outlet == "powermarkets" and rng.random() < 0.4 else None
        item = self.add(outlet, when, Texts(title, sentences), source.tickers, link=link, new_story=False)
        item.summary = summary
        item.story, item.event = source.story, source.event
        return item


# --------------------------------------------------------------------------- event templates


def _when(rng: random.Random, day: datetime, *, hour: tuple[int, int] = (11, 23)) -> datetime:
    return day.replace(
        hour=rng.randrange(*hour), minute=rng.randrange(60), second=rng.choice((0, 0, rng.randrange(60)))
    )


def _funding(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    amt = rng.randrange(60, 520, 10)
    lead = rng.choice(_INVESTORS)
    kind = rng.choice(("credit facility", "convertible notes offering", "strategic investment", "green bond"))
    use = rng.choice(
        (
            "add a second production line",
            "expand its project pipeline in " + rng.choice(_REGIONS),
            f"scale up {c.product} manufacturing",
            "fund working capital as order volumes grow",
            "build out its field-service teams",
        )
    )
    pr = Texts(
        f"{c.name} secures {_money(amt)} {kind} to accelerate {c.product} deployments",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today announced a {_money(amt)} {kind} led by {lead}.",
            f"The company intends to use the proceeds to {use}.",
            f'"Utilities are asking for more storage, sooner, and this gives us the balance sheet to say yes," said {c.ceo}, chief executive of {c.alias}.',
            f"{c.cfo}, chief financial officer, said the terms reflect strong demand from long-term investors.",
        ],
    )
    a = Texts(
        f"{c.alias} lands {_short_money(amt)} {kind} from {lead}",
        [
            f"{c.name} has lined up a {_money(amt)} {kind}, with {lead} taking the lead role.",
            f"The {c.city}-based maker of {c.what} said the money would help it {use}.",
            f"Its shares moved {rng.choice(('up', 'down'))} {rng.randrange(1, 6)}% on the news.",
        ],
    )
    b = Texts(
        f"{lead.removeprefix('the ').capitalize() if lead.startswith('the ') else lead} backs {c.name} with {_money(amt)} in fresh capital",
        [
            f"{c.alias} is taking on {_money(amt)} in new capital as it races to keep up with orders.",
            f'{g.person()}, an analyst at {rng.choice(_ANALYSTS)}, said the {kind} "buys the company roughly two years of runway".',
        ],
    )
    return pr, a, b


def _product(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    model = f"{c.product} {rng.choice(('4', '5', 'X', 'Pro', 'Max', 'LD'))}"
    hours = rng.choice((2, 4, 4, 6, 8, 10))
    density = rng.randrange(18, 46) / 10
    price = rng.randrange(140, 260)
    pr = Texts(
        f"{c.name} unveils {model}, a {hours}-hour storage system for utilities",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today unveiled {model}, a {hours}-hour system that packs {density} MWh into a standard 20-foot enclosure.",
            f"The company said {model} is designed to cut installed costs to about ${price} per kilowatt-hour at project scale.",
            f'"{model} is the product our customers helped design," said chief technology officer {c.cto}.',
            f"First deliveries are scheduled for the {rng.choice(('first', 'second'))} quarter of 2027.",
        ],
    )
    a = Texts(
        f"{c.alias} launches {model} with {hours}-hour duration aimed at peak shaving",
        [
            f"{c.name} has launched {model}, its {hours}-hour storage system, promising {density} MWh per container.",
            f'The company is targeting roughly ${price}/kWh installed, a figure {g.person()} of {rng.choice(_ANALYSTS)} called "aggressive but credible".',
        ],
    )
    b = Texts(
        f"First look: {model} pushes energy density to {density} MWh per container",
        [
            f"{c.alias}'s new {model} squeezes {density} MWh into a single enclosure, according to specifications released this week.",
            f"Deliveries start in 2027, and {c.cto} said pilot units are already running at a test site near {c.city}.",
            "Competitors have promised similar densities but few have shipped them.",
        ],
    )
    return pr, a, b


def _partnership(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    partner = rng.choice(_PARTNERS)
    mw = rng.randrange(50, 400, 25)
    mwh = mw * rng.choice((2, 4, 4, 6))
    project = rng.choice(_PROJECTS)
    town, state = rng.choice(_PLACES)
    pr = Texts(
        f"{c.name} and {partner} sign {mw} MW / {mwh} MWh supply agreement",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) and {partner} today signed an agreement for {c.alias} to supply {mw} MW / {mwh} MWh of {c.product} systems to the {project} project in {town}, {state}.",
            f"Commercial operation is expected in {rng.choice(('late 2027', 'mid-2027', 'early 2028'))}.",
            f'"This is exactly the kind of long-term partnership the grid needs," said {g.person()}, chief executive of {partner}.',
        ],
    )
    a = Texts(
        f"{partner} picks {c.alias} for {mwh} MWh {project} battery",
        [
            f"{partner} has chosen {c.name} to supply batteries for its {mw}-megawatt {project} project near {town}, {state}.",
            f"The {mwh} MWh order is one of the largest {c.alias} has announced this year.",
            f"Neither company disclosed the price, but {rng.choice(_ANALYSTS)} estimated it at {_money(mwh * rng.randrange(18, 30) / 100)}.",
        ],
    )
    b = Texts(
        f"{project} storage project in {state} lands battery supplier",
        [
            f"The {project} battery project in {town}, {state}, will use {c.name} equipment, developer {partner} said.",
            f"At {mw} MW it would be among the larger storage sites in {state}.",
        ],
    )
    return pr, a, b


def _factory(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    town, state = rng.choice(_PLACES)
    amt = rng.randrange(120, 900, 20)
    jobs = rng.randrange(150, 1200, 10)
    gwh = rng.randrange(2, 16)
    pr = Texts(
        f"{c.name} selects {town}, {state} for {_money(amt)} manufacturing plant",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today announced it will build a {_money(amt)} plant in {town}, {state}, with annual capacity of {gwh} GWh.",
            f"The site is expected to create about {jobs} jobs when it reaches full production in 2028.",
            f'"{town} gives us the workforce, the land and the grid connection we need," said {c.ceo}.',
        ],
    )
    a = Texts(
        f"{c.alias} plans {gwh} GWh plant in {town}, promising {jobs} jobs",
        [
            f"{c.name} will spend {_money(amt)} on a new factory in {town}, {state}, the company said.",
            f"State officials offered incentives worth {_money(rng.randrange(12, 60))}, according to {g.person()}, a spokesperson for the governor's office.",
            f"{c.alias} is also hiring for roughly {rng.randrange(40, 200, 5)} engineering roles at its {c.city} headquarters.",
        ],
    )
    b = Texts(
        f"{town} wins {c.alias} battery factory after multi-state contest",
        [
            f"{town}, {state}, has beaten several rival sites to host a {gwh} GWh {c.name} factory.",
            f"Local officials said the {jobs} jobs would make it one of the area's largest employers.",
        ],
    )
    return pr, a, b


def _leadership(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    role = rng.choice(
        (
            "chief financial officer",
            "chief operating officer",
            "chief commercial officer",
            "chief technology officer",
            "head of manufacturing",
        )
    )
    new = g.person()
    prev = rng.choice(
        (
            "Meridian Power Electronics",
            "Cobalt Plains Utilities",
            "Stillwater Turbines",
            "Arden Semiconductor",
            "Bellwether Grid Services",
        )
    )
    old = c.cfo if role == "chief financial officer" else c.cto if role == "chief technology officer" else g.person()
    pr = Texts(
        f"{c.name} appoints {new} as {role}",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today announced the appointment of {new} as {role}, effective immediately.",
            f"{new} joins from {prev}, where {rng.choice(('she', 'he', 'they'))} led global operations.",
            f"{new} succeeds {old}, who will remain with the company in an advisory role until year-end.",
        ],
    )
    a = Texts(
        f"{c.alias} names former {prev} executive {new} {role}",
        [
            f"{c.name} has hired {new} from {prev} as its new {role}.",
            f"The move follows {old}'s decision to step back, {c.alias} said.",
        ],
    )
    b = Texts(
        f"Executive shuffle at {c.alias}: {old} steps back as {new} arrives",
        [
            f"{old} is stepping back at {c.name}, making way for {new}, a veteran of {prev}.",
            f"It is the {rng.choice(('second', 'third'))} senior change at the company this year.",
        ],
    )
    if role == "chief financial officer":
        c.cfo = new
    elif role == "chief technology officer":
        c.cto = new
    return pr, a, b


def _acquisition(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    target = rng.choice(_TARGETS)
    amt = rng.randrange(30, 180, 5)
    pr = Texts(
        f"{c.name} to acquire {target} for {_money(amt)}",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today announced an agreement to acquire {target}, a privately held specialist, for {_money(amt)} in cash.",
            f"The deal adds {target}'s engineering team of about {rng.randrange(40, 160)} people to {c.alias}.",
            "The transaction is expected to close within 60 days.",
        ],
    )
    a = Texts(
        f"{c.alias} buys {target} in {_short_money(amt)} deal",
        [
            f"{c.name} is buying {target} for {_money(amt)}, its {rng.choice(('first', 'second'))} acquisition this year.",
            f"{target}'s founder, {g.person()}, will join {c.alias}'s leadership team.",
        ],
    )
    b = Texts(
        f"Why {c.alias} wanted {target}",
        [
            f"{c.alias}'s purchase of {target} is about software margins as much as hardware, analysts said.",
            f'{g.person()} of {rng.choice(_ANALYSTS)} said the price looked "fair for a business growing this fast".',
        ],
    )
    return pr, a, b


def _layoffs(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    n = rng.randrange(60, 420, 10)
    pct = rng.randrange(4, 15)
    reason = rng.choice(
        (
            "slower-than-expected orders",
            "a pivot toward larger utility projects",
            "pricing pressure from imported cells",
            "delays in interconnection approvals",
        )
    )
    a = Texts(
        f"{c.name} to cut {n} jobs in restructuring",
        [
            f"{c.name} will cut about {n} jobs, or roughly {pct}% of its workforce, citing {reason}.",
            f"The company said the restructuring would save about {_money(rng.randrange(15, 60))} a year.",
            f"A spokesperson for {c.alias} said affected staff would receive severance and extended health coverage.",
        ],
    )
    b = Texts(
        f"{c.alias} lays off {pct}% of staff as {reason} bite",
        [
            f"Layoffs at {c.alias} will affect roughly {pct}% of employees, according to an internal memo seen by reporters.",
            f'{c.ceo} wrote that the company needed to "match our cost base to the market we actually have".',
        ],
    )
    return a, a, b


def _legal(g: Gen, c: Company, when: datetime) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    town, state = rng.choice(_PLACES)
    topic = rng.choice(("patent", "contract", "permit"))
    other = rng.choice(_PARTNERS + _TARGETS)
    if topic == "patent":
        a = Texts(
            f"{other} sues {c.name} over battery enclosure patent",
            [
                f"{other} has filed suit against {c.name}, alleging that {c.product} systems infringe two patents on enclosure cooling.",
                f"{c.alias} said the claims were without merit and that it would defend itself vigorously.",
            ],
        )
        b = Texts(
            f"Patent fight: {c.alias} faces infringement claim from {other}",
            [
                f"A lawsuit from {other} targets the cooling design used in {c.alias}'s {c.product} line.",
                f"Patent specialist {g.person()} said such cases often settle before trial.",
            ],
        )
    elif topic == "contract":
        amt = rng.randrange(8, 90)
        a = Texts(
            f"{other} seeks {_money(amt)} from {c.name} over late deliveries",
            [
                f"{other} is seeking {_money(amt)} in damages from {c.name}, claiming battery deliveries for a project in {town}, {state}, arrived months late.",
                f"{c.alias} blamed supply-chain disruptions and said it was negotiating a resolution.",
            ],
        )
        b = Texts(
            f"Delivery dispute: {c.alias} and {other} head to arbitration",
            [
                f"A dispute over delayed batteries in {state} has pushed {c.alias} and {other} into arbitration.",
                f"The claim, worth about {_money(amt)}, is small relative to {c.alias}'s order book.",
            ],
        )
    else:
        a = Texts(
            f"{state} regulators delay permit for {c.alias} storage site near {town}",
            [
                f"Regulators in {state} have delayed a permit for a {c.name} battery site near {town}, asking for a more detailed fire-safety plan.",
                f"Local residents had raised concerns at a hearing in {rng.choice(_AP_MONTHS)}.",
            ],
        )
        b = Texts(
            f"Neighbours' fire worries stall {town} battery project",
            [
                f"A planned battery site near {town}, {state}, faces new delays after residents pressed officials on fire safety.",
                f"{c.alias} said it would submit the requested emergency response plan within weeks.",
            ],
        )
    return a, a, b


def _earnings(g: Gen, c: Company, when: datetime, quarter: int) -> tuple[Texts, Texts, Texts]:
    rng = g.rng
    growth = rng.randrange(-8, 46)
    rev = round(c.revenue * (1 + rng.randrange(-3, 12) / 100))
    c.revenue = rev
    margin = rng.randrange(90, 260) / 10
    mwh = rng.randrange(400, 2400, 10)
    lo = rev * 4 - rng.randrange(20, 60)
    move = rng.randrange(2, 14)
    direction, verb = ("rose", "rise") if growth > 10 else ("fell", "fall")
    nth = {2: "second", 3: "third"}[quarter]
    change = f"up {growth}%" if growth >= 0 else f"down {-growth}%"
    pr = Texts(
        f"{c.name} reports {nth} quarter 2026 results",
        [
            f"{c.name} ({c.exchange}: {c.ticker}) today reported {nth}-quarter revenue of {_money(rev)}, {change} from a year earlier, on deliveries of {mwh} MWh.",
            f"Gross margin was {margin}%.",
            f"The company now expects full-year revenue of {_money(lo)} to {_money(lo + 60)}.",
            f'"Our backlog has never been stronger," said {c.ceo}, chief executive.',
        ],
    )
    a = Texts(
        f"{c.alias} Q{quarter} revenue {change.replace('up', 'rises').replace('down', 'falls')} to {_short_money(rev)}; shares {verb} {move}%",
        [
            f"{c.name} said {nth}-quarter revenue was {_money(rev)}, {change} year over year, as it delivered {mwh} MWh of storage.",
            f"Shares {direction} {move}% in after-hours trading.",
            f"Chief financial officer {c.cfo} told analysts the company expected margins to {rng.choice(('improve', 'hold steady', 'dip slightly'))} in the fourth quarter.",
        ],
    )
    b = Texts(
        f"Earnings takeaways: {c.alias} backlog, margins and guidance",
        [
            f"{c.alias}'s {nth}-quarter numbers showed gross margin at {margin}% and deliveries of {mwh} MWh.",
            f"{g.person()} at {rng.choice(_ANALYSTS)} said guidance of at least {_money(lo)} looked conservative.",
        ],
    )
    return pr, a, b


def _industry(g: Gen, when: datetime) -> tuple[Texts, Texts, tuple[str, ...]]:
    rng = g.rng
    topic = rng.choice(("lithium", "queue", "policy", "sodium", "ldes", "market", "project", "fire-code"))
    region = rng.choice(_REGIONS)
    c = rng.choice(list(g.cos.values()))
    if topic == "lithium":
        price = g.lithium[when.month]
        prev = g.lithium.get(when.month - 1, price)
        move = "slip" if price < prev else "climb"
        a = Texts(
            f"Lithium carbonate prices {move} to ${price:,} a tonne",
            [
                f"Battery-grade lithium carbonate traded at about ${price:,} a tonne this week, compared with ${prev:,} a month ago.",
                f"Cell makers including {c.name} have said lower prices are being passed on to project developers.",
                f"{g.person()} of {rng.choice(_ANALYSTS)} expects prices to stay range-bound into 2027.",
            ],
        )
        b = Texts(
            f"Cheaper lithium? What ${price:,} per tonne means for storage bids",
            [
                f"With lithium carbonate near ${price:,} a tonne, developers say battery bids in {region} are getting keener.",
                "Cell costs remain the single largest line item in a four-hour system.",
            ],
        )
        return a, b, (c.ticker,) if "including" in a.sentences[1] else ()
    if topic == "queue":
        gw = rng.randrange(40, 260)
        a = Texts(
            f"Storage requests in {region} interconnection queue top {gw} GW",
            [
                f"Battery projects now account for more than {gw} GW of requests waiting to connect to the grid in {region}, according to a new tally.",
                f"Average wait times have stretched to {rng.randrange(3, 6)} years, developers said.",
                f"{c.alias} said several of its customers' projects were affected.",
            ],
        )
        b = Texts(
            f"Grid backlog: why {gw} GW of batteries are stuck waiting in {region}",
            [
                f"Developers in {region} are waiting years for grid connections, with storage requests topping {gw} GW.",
                "Reforms approved last year have yet to shorten the line.",
            ],
        )
        return a, b, (c.ticker,)
    if topic == "policy":
        gw = rng.randrange(3, 20)
        state = rng.choice(_PLACES)[1]
        a = Texts(
            f"{state} lawmakers set {gw} GW storage target for 2035",
            [
                f"Lawmakers in {state} passed a bill setting a target of {gw} GW of energy storage by 2035.",
                "The measure also directs utilities to run competitive solicitations every two years.",
                f'State senator {g.person()}, the bill\'s sponsor, called it "a reliability bill, not just a climate bill".',
            ],
        )
        b = Texts(
            f"New {gw}-gigawatt goal could reshape {state} storage market",
            [
                f"A {gw} GW storage mandate in {state} is likely to draw bids from {c.name} and its rivals, analysts said.",
                "Utilities will have to file procurement plans within a year.",
            ],
        )
        return a, b, ()
    if topic == "sodium":
        a = Texts(
            f"Sodium-ion cells edge toward grid-scale deployments in {region}",
            [
                f"Sodium-ion batteries, long a laboratory curiosity, are moving into pilot grid projects in {region}, with Helio Cell Works among the suppliers.",
                f"Costs are still about {rng.randrange(10, 30)}% higher than lithium iron phosphate per kilowatt-hour, researchers said.",
                f"{g.person()}, a materials scientist, said cold-weather performance is the chemistry's main selling point.",
            ],
        )
        b = Texts(
            f"Can sodium-ion batteries really compete with LFP in {region}?",
            [
                "Sodium-ion cells avoid lithium altogether, but their energy density still trails.",
                "Helio's HelioNa pilot line is one of the few producing cells at meaningful volume.",
            ],
        )
        return a, b, ("HCW",)
    if topic == "ldes":
        hours = rng.choice((10, 12, 24, 100))
        a = Texts(
            f"Long-duration storage pilots promise {hours}-hour discharge",
            [
                f"A wave of long-duration pilots aims to store power for {hours} hours or more, far beyond today's four-hour lithium systems.",
                f"Ampere Ridge's RidgeFlow iron-flow units are in {rng.randrange(2, 7)} of the projects.",
                "Utilities say they need such systems to ride through multi-day winter storms.",
            ],
        )
        b = Texts(
            f"Beyond four hours: utilities test {hours}-hour batteries",
            [
                f"Utilities in {region} are testing batteries that discharge for up to {hours} hours.",
                "Iron-flow and other chemistries are competing for the segment.",
            ],
        )
        return a, b, ("AMPR",)
    if topic == "market":
        price = rng.randrange(40, 190)
        a = Texts(
            f"Capacity auction clears at ${price}/MW-day as batteries win record share",
            [
                f"The latest capacity auction in {region} cleared at ${price} per megawatt-day, with batteries winning a record share of new resources.",
                f"Storage operators including {c.name} stand to benefit, traders said.",
            ],
        )
        b = Texts(
            f"Batteries are the big winners in {region}'s capacity auction",
            [
                f"Battery storage took a record share of new capacity in {region}'s auction, which cleared at ${price}/MW-day.",
                "Gas plants lost ground for a second straight year.",
            ],
        )
        return a, b, (c.ticker,)
    if topic == "project":
        town, state = rng.choice(_PLACES)
        project = rng.choice(_PROJECTS)
        mw = rng.randrange(100, 600, 20)
        a = Texts(
            f"{project} battery in {state} begins commercial operation",
            [
                f"The {mw} MW {project} storage project near {town}, {state}, has entered commercial operation, its owner {rng.choice(_PARTNERS)} said.",
                f"The project uses systems supplied by {c.name}.",
            ],
        )
        b = Texts(
            f"{state}'s newest big battery is online near {town}",
            [
                f"A {mw}-megawatt battery near {town} is now feeding the {state} grid.",
                f"{c.alias} supplied the equipment.",
            ],
        )
        return a, b, (c.ticker,)
    state = rng.choice(_PLACES)[1]
    a = Texts(
        f"{state} fire code update tightens spacing rules for battery sites",
        [
            f"An update to {state}'s fire code will require larger separation distances between battery enclosures at grid-scale sites.",
            f"Industry groups said the change could raise costs by {rng.randrange(2, 8)}% on tight urban parcels.",
            f"{g.person()}, a fire protection engineer, said the rules reflect lessons from recent incidents.",
        ],
    )
    b = Texts(
        f"{state} battery developers brace for stricter fire-spacing rules",
        [
            f"Developers in {state} say new spacing rules for battery enclosures will force redesigns of some urban projects.",
            "Most rural sites already meet the proposed distances.",
        ],
    )
    return a, b, ()


# --------------------------------------------------------------------------- storylines


def _acquisition_burst(g: Gen) -> None:
    """Northwind Grid Systems agrees to buy Helio Cell Works (announced 2026-09-14), with follow-ups."""
    rng = g.rng
    nw, he = g.cos["NWGS"], g.cos["HCW"]
    pair = ("NWGS", "HCW")

    def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, rng.randrange(60), tzinfo=UTC)

    g.add(
        "powermarkets",
        at(9, 11, 21, 40),
        Texts(
            "Northwind Grid Systems in advanced talks to buy Helio Cell Works, sources say",
            [
                "Northwind Grid Systems is in advanced talks to acquire cell maker Helio Cell Works, according to two people familiar with the matter.",
                "A deal could be announced as soon as Monday and would value Helio at more than $1 billion, one of the people said.",
                "Both companies declined to comment.",
            ],
        ),
        pair,
    )
    wire = g.release(
        at(9, 14, 11, 0),
        "NWGS",
        Texts(
            "Northwind Grid Systems to acquire Helio Cell Works for $1.35 billion, creating an integrated storage supplier",
            [
                "Northwind Grid Systems (NYSE: NWGS) and Helio Cell Works (NASDAQ: HCW) today announced a definitive agreement under which Northwind Grid will acquire Helio for $24.50 per share, or about $1.35 billion.",
                "The price represents a 38% premium to Helio's closing share price on Sept. 11.",
                f'"Bringing Helio\'s cells in-house gives our customers a single accountable supplier from cell to grid," said {nw.ceo}, chief executive of Northwind Grid.',
                "The transaction is expected to close in the fourth quarter of 2026, subject to Helio shareholder approval and regulatory clearances.",
            ],
        ),
        others=("HCW",),
        syndicate=3,
    )
    assert wire.when is not None
    g.add(
        "newsroom:HCW",
        wire.when + timedelta(minutes=2),
        Texts(wire.title, wire.sentences),
        pair,
        link=wire.link,
        new_story=False,
    )
    g.add(
        "gridledger",
        at(9, 14, 15, 20),
        Texts(
            "Northwind bets on cells with $1.35bn Helio deal",
            [
                "Northwind Grid has spent a decade integrating other companies' batteries; now it wants to make its own cells.",
                "Buying Helio gives it a Tucson factory, a sodium-ion pilot line and about 1,100 employees.",
                f'{g.person()} of Larchmont Research called it "the most significant vertical move in US storage this year".',
            ],
        ),
        pair,
    )
    g.add(
        "eswire",
        at(9, 14, 16, 5),
        Texts(
            "Helio shares jump 31% on Northwind takeover agreement",
            [
                "Helio Cell Works shares jumped 31% on Monday after Northwind Grid Systems agreed to buy the company for $24.50 a share.",
                "Northwind Grid shares fell 4%.",
                "Trading volume in Helio was more than ten times its daily average.",
            ],
        ),
        pair,
    )
    g.add(
        "dailycurrent",
        at(9, 14, 22, 30),
        Texts(
            "What Northwind's purchase of Helio means for battery supply chains",
            [
                "The Northwind-Helio deal would bring one of the few US cell makers under the control of a system integrator.",
                "Rival integrators that buy Helio cells, including Voltaic Storage, may need to look elsewhere.",
                "Executives at both companies said existing supply contracts will be honoured.",
            ],
        ),
        (*pair, "VLTS"),
    )
    g.add(
        "powermarkets",
        at(9, 15, 13, 10),
        Texts(
            "Analysts split on price Northwind is paying for Helio",
            [
                "Analysts were divided on Tuesday over whether Northwind Grid is overpaying for Helio Cell Works.",
                f'{g.person()} at Cedar Point Securities said the 38% premium was "full but defensible".',
                f"{g.person()} at Harrowgate & Finch cut Northwind to neutral, citing integration risk.",
            ],
        ),
        pair,
    )
    g.add(
        "gridledger",
        at(9, 15, 18, 45),
        Texts(
            "Voltaic chief says Northwind-Helio tie-up won't change its cell sourcing",
            [
                f"Voltaic Storage chief executive {g.cos['VLTS'].ceo} said the company would keep buying cells from several suppliers after Northwind's deal for Helio.",
                "Voltaic sources roughly a fifth of its cells from Helio today.",
                '"We have contracts, and we expect them to be honoured," Whitcombe said.',
            ],
        ),
        ("VLTS", *pair),
    )
    g.release(
        at(9, 15, 12, 30),
        "NWGS",
        Texts(
            "Northwind Grid Systems to host investor call on Helio Cell Works acquisition",
            [
                "Northwind Grid Systems (NYSE: NWGS) will host a conference call for investors and analysts on Sept. 17 at 10:00 a.m. Eastern to discuss its agreement to acquire Helio Cell Works.",
                f"Chief financial officer {nw.cfo} will present the financing plan.",
            ],
        ),
        others=("HCW",),
        syndicate=1,
    )
    g.add(
        "eswire",
        at(9, 16, 14, 0),
        Texts(
            "Helio's Tucson workers await clarity after Northwind deal",
            [
                "Employees at Helio's Tucson cell plant are waiting to learn what Northwind Grid's takeover means for their jobs.",
                f'{he.ceo} told staff in a town hall that no layoffs were planned "at this stage".',
            ],
        ),
        pair,
    )
    g.add(
        "dailycurrent",
        at(9, 16, 20, 15),
        Texts(
            "Northwind details financing for Helio purchase, including $700 million bridge loan",
            [
                "Northwind Grid will pay for Helio with cash on hand and a $700 million bridge loan from Quillon Bank.",
                f"{nw.cfo} said the company aimed to refinance the loan with longer-term bonds by mid-2027.",
            ],
        ),
        pair,
    )
    g.add(
        "gridledger",
        at(9, 17, 16, 30),
        Texts(
            "Helio shareholder group calls Northwind offer too low",
            [
                "A group of Helio Cell Works shareholders holding about 6% of the stock said Northwind Grid's $24.50-a-share offer undervalues the company.",
                f"{g.person()}, who speaks for the group, said it would vote against the deal unless the price rises.",
            ],
        ),
        pair,
    )
    g.add(
        "powermarkets",
        at(9, 17, 19, 50),
        Texts(
            "Ratings agency puts Northwind Grid on watch after Helio deal",
            [
                "A credit ratings agency placed Northwind Grid Systems on review for a possible downgrade, citing the debt it will take on to buy Helio.",
                "Northwind said it remained committed to an investment-grade profile.",
            ],
        ),
        pair,
    )
    g.add(
        "eswire",
        at(9, 18, 13, 25),
        Texts(
            "Sodium-ion plans in spotlight as Northwind absorbs Helio",
            [
                "Helio's HelioNa sodium-ion line is the part of the deal Northwind executives talk about most.",
                f"{he.cto}, Helio's technology chief, said the pilot line would reach 1 GWh of annual output next year.",
            ],
        ),
        pair,
    )
    g.release(
        at(9, 18, 20, 0),
        "HCW",
        Texts(
            "Helio Cell Works board recommends shareholders support Northwind Grid Systems transaction",
            [
                "The board of directors of Helio Cell Works (NASDAQ: HCW) today unanimously recommended that shareholders vote in favour of the proposed acquisition by Northwind Grid Systems.",
                "A special meeting of shareholders will be held on Oct. 21.",
                f'"This transaction delivers certain value to our shareholders at a meaningful premium," said {he.ceo}.',
            ],
        ),
        others=("NWGS",),
        syndicate=2,
    )
    g.add(
        "dailycurrent",
        at(9, 19, 12, 0),
        Texts(
            "Week in storage: Northwind-Helio deal dominates, lithium slips",
            [
                "The week belonged to Northwind Grid's $1.35 billion agreement to buy Helio Cell Works.",
                "Elsewhere, lithium carbonate prices edged lower and two new storage projects came online in Texas.",
            ],
        ),
        pair,
    )
    g.add(
        "gridledger",
        at(9, 20, 14, 0),
        Texts(
            "Opinion: The Northwind-Helio merger is a bet that integration beats specialisation",
            [
                "Northwind's bet is that owning cells will protect margins when prices fall.",
                "History suggests vertical integration in batteries works only at very large scale.",
            ],
        ),
        pair,
    )
    g.release(
        at(10, 6, 12, 0),
        "NWGS",
        Texts(
            "Northwind Grid Systems and Helio Cell Works announce expiration of HSR waiting period",
            [
                "Northwind Grid Systems (NYSE: NWGS) and Helio Cell Works (NASDAQ: HCW) today announced the expiration of the waiting period under the Hart-Scott-Rodino Antitrust Improvements Act for the proposed acquisition.",
                "The transaction remains subject to approval by Helio shareholders.",
            ],
        ),
        others=("HCW",),
        syndicate=1,
    )
    g.add(
        "eswire",
        at(10, 21, 21, 0),
        Texts(
            "Helio shareholders approve sale to Northwind Grid Systems",
            [
                "Helio Cell Works shareholders voted to approve the company's sale to Northwind Grid Systems at a special meeting on Wednesday.",
                "About 81% of votes cast were in favour, despite opposition from a dissident group.",
            ],
        ),
        pair,
    )
    g.release(
        at(11, 9, 13, 0),
        "NWGS",
        Texts(
            "Northwind Grid Systems completes acquisition of Helio Cell Works",
            [
                "Northwind Grid Systems (NYSE: NWGS) today completed its acquisition of Helio Cell Works.",
                "Helio's shares will cease trading on the NASDAQ before market open on Nov. 10.",
                f"{he.ceo} will lead Northwind's new cell manufacturing division.",
            ],
        ),
        others=("HCW",),
        syndicate=2,
    )
    g.add(
        "powermarkets",
        at(11, 12, 17, 0),
        Texts(
            "Northwind to cut 140 roles as it integrates Helio",
            [
                "Northwind Grid will eliminate about 140 overlapping roles as it folds Helio into its operations.",
                "Most of the cuts fall in sales and administration rather than at the Tucson plant.",
            ],
        ),
        pair,
    )


def _fire_storyline(g: Gen) -> None:
    """A fire at the Voltaic-supplied Sagebrush Flats project in Nevada and the investigation that follows."""
    rng = g.rng
    vl = g.cos["VLTS"]

    def at(month: int, day: int, hour: int) -> datetime:
        return datetime(2026, month, day, hour, rng.randrange(60), 0, tzinfo=UTC)

    g.add(
        "dailycurrent",
        at(7, 9, 14),
        Texts(
            "Fire breaks out at Sagebrush Flats battery site in Nevada",
            [
                "Firefighters were called to the Sagebrush Flats battery storage site near Pahrump, Nevada, early on Thursday after smoke was seen rising from one enclosure.",
                "No injuries were reported, and the fire was confined to a single container, officials said.",
                "The 200 MW site uses equipment from Voltaic Storage.",
            ],
        ),
        ("VLTS",),
    )
    g.add(
        "gridledger",
        at(7, 10, 2),
        Texts(
            "Crews contain blaze at Voltaic-supplied storage project near Pahrump",
            [
                "A fire in one container at a Nevada battery project built with Voltaic Storage systems was contained by Thursday evening.",
                f"Nye County fire chief {g.person()} said crews let the unit burn out under controlled conditions.",
                "Voltaic said it had sent engineers to the site.",
            ],
        ),
        ("VLTS",),
    )
    g.release(
        at(7, 10, 18),
        "VLTS",
        Texts(
            "Voltaic Storage statement on Sagebrush Flats incident",
            [
                "Voltaic Storage (NASDAQ: VLTS) is aware of a thermal event involving one enclosure at the Sagebrush Flats project in Nye County, Nevada.",
                "Safety systems performed as designed and the event was contained to a single unit.",
                "The company is cooperating fully with the project owner and local fire officials.",
            ],
        ),
        syndicate=2,
    )
    g.add(
        "powermarkets",
        at(7, 14, 16),
        Texts(
            "Nevada fire marshal opens investigation into Sagebrush Flats battery fire",
            [
                "The Nevada State Fire Marshal has opened a formal investigation into last week's fire at the Sagebrush Flats storage site.",
                "Investigators will examine the enclosure's cooling system and battery management software.",
                f"Voltaic spokesperson {g.person()} said the company would share data with investigators.",
            ],
        ),
        ("VLTS",),
    )
    g.add(
        "eswire",
        at(7, 22, 15),
        Texts(
            "Voltaic pauses shipments of VS-Cube 3 units pending fire review",
            [
                "Voltaic Storage has paused shipments of its VS-Cube 3 enclosures while it reviews the cause of the Sagebrush Flats fire.",
                "The company said about 300 MWh of deliveries would slip into the fourth quarter.",
            ],
        ),
        ("VLTS",),
    )
    g.add(
        "gridledger",
        at(10, 8, 17),
        Texts(
            "Investigators trace Sagebrush Flats fire to faulty coolant fitting, not cells",
            [
                "The Nevada State Fire Marshal's report traces July's Sagebrush Flats fire to a leaking coolant fitting that shorted a busbar, not to a cell defect.",
                "Voltaic Storage said it had already replaced the fitting design across its fleet and resumed shipments.",
            ],
        ),
        ("VLTS",),
    )
    g.add(
        "eswire",
        at(10, 9, 15),
        Texts(
            f"Q&A: Voltaic's {vl.ceo} on fire safety, margins and what comes next",
            [
                f"We spoke with {vl.ceo}, chief executive of Voltaic Storage, after the fire marshal's report on Sagebrush Flats.",
                "She discussed fleet retrofits, insurance costs and why the company is not changing cell suppliers.",
            ],
        ),
        ("VLTS",),
    )


def _ampere_ceo(g: Gen) -> None:
    am = g.cos["AMPR"]
    when = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    old, new = am.ceo, "Nadia Rourke"
    g.release(
        when,
        "AMPR",
        Texts(
            f"Ampere Ridge names {new} chief executive; {old} to retire",
            [
                f"Ampere Ridge (NYSE: AMPR) today announced that {new}, currently president, will become chief executive on Aug. 1.",
                f"{old}, who co-founded the company in 2015, will retire and remain on the board as a director.",
                f'"{new} has built our RidgeFlow business from a pilot into a product," said {old}.',
            ],
        ),
        syndicate=2,
    )
    g.add(
        "powermarkets",
        when + timedelta(hours=30),
        Texts(
            f"{new} to take the helm at Ampere Ridge Energy as founder steps aside",
            [
                f"Ampere Ridge Energy's co-founder {old} is retiring, handing the top job to {new}.",
                "Investors have pushed the long-duration specialist to speed up commercial deployments.",
            ],
        ),
        ("AMPR",),
    )
    am.ceo = new


# --------------------------------------------------------------------------- the plan


_PR_KINDS = {
    "funding": _funding,
    "product": _product,
    "partnership": _partnership,
    "factory": _factory,
    "leadership": _leadership,
    "acquisition": _acquisition,
}
_NEWS_KINDS = {"layoffs": _layoffs, "legal": _legal}


def _random_events(g: Gen, *, count: int) -> None:
    rng = g.rng
    days = (END - START).days
    plan: list[tuple[datetime, str, str]] = []
    weights = {
        "funding": 4,
        "product": 5,
        "partnership": 7,
        "factory": 4,
        "leadership": 3,
        "acquisition": 1,
        "layoffs": 2,
        "legal": 3,
        "industry": 14,
    }
    kinds = list(weights)
    for _ in range(count):
        day = START + timedelta(days=rng.randrange(days))
        kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
        plan.append((_when(rng, day), kind, rng.choice(sorted(g.cos))))
    for quarter, month, first in ((2, 8, 4), (3, 11, 3)):
        for i, ticker in enumerate(sorted(g.cos)):
            day = datetime(2026, month, first + i * 2 + rng.randrange(2), tzinfo=UTC)
            plan.append((day.replace(hour=20, minute=5), f"earnings{quarter}", ticker))
    storylines = {"story-ampere": _ampere_ceo, "story-fire": _fire_storyline, "story-deal": _acquisition_burst}
    plan += [
        (datetime(2026, 7, 1, tzinfo=UTC), "story-ampere", "AMPR"),
        (datetime(2026, 7, 9, tzinfo=UTC), "story-fire", "VLTS"),
        (datetime(2026, 9, 11, tzinfo=UTC), "story-deal", "NWGS"),
    ]
    plan.sort()
    seen: set[str] = set()
    for when, kind, ticker in plan:
        if kind in storylines:
            storylines[kind](g)
            continue
        if ticker == "HCW" and when >= HELIO_CLOSED and not kind.startswith("earnings"):
            ticker = "NWGS"
        c = g.cos[ticker]
        outlet = rng.choice(NEWS)
        if kind == "industry":
            a, b, tickers = _industry(g, when)
            while a.title in seen:
                a, b, tickers = _industry(g, when)
            seen.add(a.title)
        else:
            if kind.startswith("earnings"):
                pr, a, b = _earnings(g, c, when, int(kind[-1]))
            elif kind in _PR_KINDS:
                pr, a, b = _PR_KINDS[kind](g, c, when)
            else:
                pr, a, b = _NEWS_KINDS[kind](g, c, when)
            tickers = (ticker,)
            if kind.startswith("earnings") or (kind in _PR_KINDS and rng.random() < 0.6):
                own = rng.random() < 0.35 or kind.startswith("earnings")
                wire = g.release(when, ticker, pr, exclude=(outlet,) if own else ())
                if own:  # an outlet's own report of the release: the same event
                    g.add(outlet, when + timedelta(hours=rng.randrange(1, 20)), a, tickers, event=wire.event)
                continue
        report = g.add(outlet, when, a, tickers)
        if g.rewritten < 12 and rng.random() < 0.2:
            g.rewritten += 1
            other = rng.choice([o for o in NEWS if o != outlet])
            later = when + timedelta(days=rng.randrange(1, 4), hours=rng.randrange(0, 6))
            g.add(other, later, b, tickers, event=report.event)  # the same event re-reported in other words


# --------------------------------------------------------------------------- German items


def _german(g: Gen) -> list[Item]:
    rng = g.rng
    rows = [
        (
            6,
            12,
            "Größter Speicher Süddeutschlands geht ans Netz",
            "Mit 250 Megawattstunden ist der neue Batteriespeicher bei Ingolstadt der größte seiner Art in Süddeutschland. Die Zellen stammen aus Fernost, die Steuerung von einem US-Anbieter.",
            (),
        ),
        (
            6,
            29,
            "Lithiumpreise fallen weiter – Speicherprojekte werden günstiger",
            f"Lithiumcarbonat kostet derzeit rund {g.lithium[6]:,} Dollar je Tonne. Projektierer in Europa und den USA profitieren von sinkenden Zellpreisen.".replace(
                ",", "."
            ),
            (),
        ),
        (
            7,
            11,
            "Brand in Nevada: Ermittlungen nach Feuer in Voltaic-Anlage",
            "Auf dem Gelände des Speicherprojekts Sagebrush Flats in Nevada ist ein Container von Voltaic Storage ausgebrannt. Verletzt wurde niemand; die Brandschutzbehörde ermittelt.",
            ("VLTS",),
        ),
        (
            7,
            24,
            "Natrium-Ionen-Zellen: Helio kündigt größere Pilotlinie an",
            "Helio Cell Works will die Fertigung seiner HelioNa-Zellen in Tucson ausbauen. Natrium-Ionen-Akkus gelten als unempfindlicher gegenüber Kälte.",
            ("HCW",),
        ),
        (
            8,
            19,
            "Ampere Ridge plant Langzeitspeicher in Brandenburg",
            "Der texanische Hersteller Ampere Ridge sucht Partner für ein Pilotprojekt mit Eisen-Flow-Batterien in Brandenburg. Die Anlage soll Strom bis zu zwölf Stunden speichern.",
            ("AMPR",),
        ),
        (
            9,
            14,
            "Northwind Grid Systems übernimmt Helio Cell Works für 1,35 Milliarden Dollar",
            "Der Systemintegrator Northwind Grid kauft den Zellhersteller Helio. Der Kaufpreis liegt 38 Prozent über dem letzten Börsenkurs; Helio-Aktien legten kräftig zu.",
            ("NWGS", "HCW"),
        ),
        (
            9,
            16,
            "Übernahme von Helio: Was Northwind mit den Zellen vorhat",
            "Northwind will künftig Zellen und Systeme aus einer Hand liefern. Analysten äußern Zweifel am hohen Aufschlag.",
            ("NWGS", "HCW"),
        ),
        (
            10,
            2,
            "Netzanschluss-Warteschlangen: Über 180 Gigawatt Speicher beantragt",
            "In den USA warten Speicherprojekte mit mehr als 180 Gigawatt Leistung auf einen Netzanschluss. Die Wartezeiten betragen oft mehrere Jahre.",
            (),
        ),
        (
            10,
            9,
            "Feuer in Nevada: Kühlmittelleck war Ursache, nicht die Zellen",
            "Der Abschlussbericht zum Brand bei Sagebrush Flats entlastet die Batteriezellen. Voltaic hat die betroffenen Bauteile bereits getauscht.",
            ("VLTS",),
        ),
        (
            11,
            10,
            "Übernahme abgeschlossen: Northwind integriert Helio",
            "Northwind Grid Systems hat den Kauf von Helio Cell Works abgeschlossen. Die Helio-Aktie wird nicht mehr gehandelt.",
            ("NWGS", "HCW"),
        ),
    ]
    items = []
    for month, day, title, text, tickers in rows:
        when = datetime(2026, month, day, rng.randrange(6, 17), rng.randrange(60), tzinfo=UTC)
        slug = _slug(
            title.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss").replace("Ü", "Ue")
        )
        link = f"https://speicherkurier.example/nachrichten/{when:%Y/%m}/{slug}"
        g.stories += 1
        items.append(
            Item(
                "speicher",
                title,
                [text],
                link,
                when,
                link,
                tickers,
                rng.choice(_AUTHORS["speicher"]),
                story=g.stories,
                event=g.stories,
            )
        )
    return items


# --------------------------------------------------------------------------- rendering


def _order(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.when or START, i.link), reverse=True)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _rss(
    title: str,
    home: str,
    description: str,
    items: list[Item],
    *,
    zones: tuple[str, ...],
    rng: random.Random,
    language: str = "en-us",
    cdata: bool = False,
    content: bool = False,
    self_url: str = "",
) -> str:
    ns = ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    if content:
        ns += ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    dated = [i.when for i in items if i.when]
    out = [
        f'<rss version="2.0"{ns}>',
        "<channel>",
        f"<title>{escape(title)}</title>",
        f"<link>{escape(home)}</link>",
        f"<description>{escape(description)}</description>",
        f"<language>{language}</language>",
    ]
    if self_url:
        out.append(f'<atom:link href={quoteattr(self_url)} rel="self" type="application/rss+xml"/>')
    if dated:
        out.append(f"<lastBuildDate>{rfc822(max(dated), zones[0])}</lastBuildDate>")
    for item in _order(items):
        out.append("<item>")
        out.append(f"<title>{_cdata(item.title) if cdata else escape(item.title)}</title>")
        out.append(f"<link>{escape(item.link)}</link>")
        if item.link == item.guid:
            out.append(f"<guid>{escape(item.guid)}</guid>")
        else:
            out.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.when is not None:
            out.append(f"<pubDate>{rfc822(item.when, rng.choice(zones))}</pubDate>")
        if item.author:
            out.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        summary = item.text() if not content else (item.summary or item.sentences[0])
        out.append(f"<description>{escape(summary)}</description>")
        if content:
            paragraphs = item.sentences + [f"Reporting by {item.author} for Power Markets Today."]
            out.append(f"<content:encoded>{_cdata(_html(paragraphs))}</content:encoded>")
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def _atom(
    title: str,
    home: str,
    feed_id: str,
    items: list[Item],
    *,
    eastern: bool,
    self_url: str,
    raw_titles: frozenset[str] = frozenset(),
) -> str:
    dated = [i.when for i in items if i.when]
    out = [
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(feed_id)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f"<updated>{_stamp(max(dated), eastern=eastern)}</updated>",
    ]
    for item in _order(items):
        when = item.when or START
        shown = escape(escape(item.title)) if item.title in raw_titles else escape(item.title)
        out += [
            "<entry>",
            f"<title>{shown}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(item.link)}/>',
            f"<id>tag:{escape(feed_id.split('/')[2])},2026:{escape(item.guid)}</id>",
            f"<published>{_stamp(when, eastern=eastern)}</published>",
            f"<updated>{_stamp(when + timedelta(minutes=item.story % 7 * 9), eastern=eastern)}</updated>",
            f"<author><name>{escape(item.author)}</name></author>",
            f'<summary type="html">{escape(_html([item.text()]))}</summary>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _stamp(when: datetime, *, eastern: bool) -> str:
    return iso8601(when, offset_hours=_eastern(when) if eastern else 0)


def _rdf(title: str, home: str, description: str, items: list[Item], *, self_url: str) -> str:
    ordered = _order(items)
    out = [
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel rdf:about={quoteattr(self_url)}>",
        f"<title>{escape(title)}</title>",
        f"<link>{escape(home)}</link>",
        f"<description>{escape(description)}</description>",
        "<dc:language>en</dc:language>",
        "<items>",
        "<rdf:Seq>",
    ]
    out += [f"<rdf:li rdf:resource={quoteattr(i.link)}/>" for i in ordered]
    out += ["</rdf:Seq>", "</items>", "</channel>"]
    for item in ordered:
        out += [
            f"<item rdf:about={quoteattr(item.link)}>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(item.link)}</link>",
            f"<description>{escape(item.text())}</description>",
        ]
        if item.when is not None:
            out.append(f"<dc:date>{iso8601(item.when, offset_hours=_eastern(item.when))}</dc:date>")
        out += [f"<dc:creator>{escape(item.author)}</dc:creator>", "</item>"]
    out.append("</rdf:RDF>")
    return "\n".join(out) + "\n"


def _google(g: Gen) -> str:
    rng = g.rng
    pool = [i for key in (*NEWS, "storagepr") for i in g.feeds.get(key, []) if "VLTS" in i.tickers]
    pool = sorted(pool, key=lambda i: (i.when or START, i.link), reverse=True)[:45]
    query = "https://news.google.com/search?q=%22Voltaic+Storage%22&hl=en-US&gl=US&ceid=US:en"
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out = [
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">',
        "<channel>",
        "<generator>NFE/5.0</generator>",
        f"<title>{escape(chr(34) + 'Voltaic Storage' + chr(34) + ' - Google News')}</title>",
        f"<link>{escape(query)}</link>",
        "<language>en-US</language>",
        "<webMaster>news-webmaster@google.com</webMaster>",
        "<copyright>Copyright 2026 Google. All rights reserved. This XML feed is made available solely for the purpose of rendering Google News results within a personal feed reader for personal, non-commercial use. Any other use of the feed is expressly prohibited. By accessing this feed or using these results in any manner whatsoever, you agree to be bound by the foregoing restrictions.</copyright>",
        f"<lastBuildDate>{rfc822(max(i.when for i in pool if i.when), 'GMT')}</lastBuildDate>",
        "<description>Google News</description>",
    ]
    for item in pool:
        outlet = OUTLETS[item.outlet]
        token = "CBMi" + "AU_yqL" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(110, 190)))
        link = f"https://news.google.com/rss/articles/{token}?oc=5"
        headline = item.title
        html = (
            f'<a href="{link}" target="_blank">{escape(headline)}</a>&nbsp;&nbsp;'
            f'<font color="#6f6f6f">{escape(outlet.name)}</font>'
        )
        out += [
            "<item>",
            f"<title>{escape(headline + ' - ' + outlet.name)}</title>",
            f"<link>{escape(link)}</link>",
            f'<guid isPermaLink="false">{token}</guid>',
            f"<pubDate>{rfc822(item.when or START, 'GMT')}</pubDate>",
            f"<description>{escape(html)}</description>",
            f"<source url={quoteattr('https://' + outlet.host)}>{escape(outlet.name)}</source>",
            "</item>",
        ]
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- entry point


def _generate(seed: int) -> tuple[Gen, list[Item]]:
    """The generation state after every event is written, and the German outlet's items."""
    rng = random.Random(seed)
    g = Gen(rng, _companies())
    price = 11800
    for month in range(5, 12):
        g.lithium[month] = price
        price = int(round(price * (1 + rng.randrange(-9, 6) / 100), -1))
    _random_events(g, count=126)
    return g, _german(g)


def story_labels(*, seed: int = 7) -> list[dict]:
    """The true story of every generated item (link, title, outlet name, story number): labels for the clusterer."""
    g, speicher = _generate(seed)
    items = [*speicher, *(item for items in g.feeds.values() for item in items)]
    return [
        {
            "link": i.link,
            "title": i.title,
            "publisher": OUTLETS[i.outlet].name if i.outlet in OUTLETS else i.outlet,
            "story": i.event,
        }
        for i in items
    ]


def build(*, seed: int = 7) -> dict[str, bytes]:
    """Every sample file, keyed by its path relative to the sample directory."""
    g, speicher = _generate(seed)
    rng = g.rng
    for outlet, count in (("gridledger", 1), ("dailycurrent", 2)):
        for item in rng.sample([i for i in g.feeds[outlet] if i.when and i.when.month != 9], count):
            item.when = None
    eswire_titles = [i.title for i in g.feeds["eswire"] if "&" in i.title]
    files: dict[str, bytes] = {}
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n'

    def put(path: str, text: str, *, encoding: str = "utf-8") -> None:
        prolog = xml if encoding == "utf-8" else f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        files[path] = (prolog + text).encode(encoding, "xmlcharrefreplace")

    gl, es, dc, pm, pr, sk = (
        OUTLETS[k] for k in ("gridledger", "eswire", "dailycurrent", "powermarkets", "storagepr", "speicher")
    )
    put(
        gl.path,
        _rss(
            gl.name,
            f"https://{gl.host}/",
            "Storage and grid business news, every weekday.",
            g.feeds["gridledger"],
            zones=("GMT", "+0000", "-0500", "EST"),
            rng=rng,
            self_url=f"https://{gl.host}/feed/",
        ),
    )
    put(
        es.path,
        _atom(
            es.name,
            f"https://{es.host}/",
            f"https://{es.host}/",
            g.feeds["eswire"],
            eastern=False,
            self_url=f"https://{es.host}/atom.xml",
            raw_titles=frozenset(eswire_titles[:1]),
        ),
    )
    put(
        dc.path,
        _rdf(
            dc.name,
            f"https://{dc.host}/energy/",
            "Energy coverage from The Daily Current.",
            g.feeds["dailycurrent"],
            self_url=f"https://{dc.host}/energy/index.rdf",
        ),
    )
    put(
        pm.path,
        _rss(
            pm.name,
            f"https://{pm.host}/",
            "Prices, policy and deals in power markets.",
            g.feeds["powermarkets"],
            zones=("GMT",),
            rng=rng,
            cdata=True,
            content=True,
            self_url=f"https://{pm.host}/rss",
        ),
    )
    put(
        pr.path,
        _rss(
            pr.name,
            f"https://{pr.host}/",
            "Press releases from the energy storage industry.",
            g.feeds["storagepr"],
            zones=("GMT",),
            rng=rng,
            self_url=f"https://{pr.host}/rss/all.xml",
        ),
    )
    put(
        sk.path,
        _rss(
            sk.name,
            f"https://{sk.host}/",
            "Nachrichten aus der Welt der Energiespeicher.",
            speicher,
            zones=("+0200",),
            rng=rng,
            language="de-de",
            self_url=f"https://{sk.host}/rss",
        ),
        encoding="iso-8859-1",
    )
    for c in g.cos.values():
        items = g.feeds.get(f"newsroom:{c.ticker}", [])
        home = f"https://{c.site}/newsroom"
        if c.newsroom.endswith(".atom.xml"):
            put(
                c.newsroom,
                _atom(f"{c.name} Newsroom", home, home + "/", items, eastern=True, self_url=f"{home}/feed.atom"),
            )
        else:
            put(
                c.newsroom,
                _rss(
                    f"{c.name} - Press Releases",
                    home,
                    f"News releases from {c.name}.",
                    items,
                    zones=("+0000",),
                    rng=rng,
                    self_url=f"{home}/rss",
                ),
            )
    put(GOOGLE_PATH, _google(g))
    feeds = sorted(files)
    meta = {
        "industry": "grid-scale battery storage",
        "companies": [
            {"name": c.name, "aliases": [c.alias], "ticker": c.ticker, "newsroom_feed": c.newsroom}
            for c in g.cos.values()
        ],
        "feeds": feeds,
    }
    files["companies.json"] = (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode()
    counts = {
        path: files[path].count(b"<item>") + files[path].count(b"<entry>") + files[path].count(b"<item rdf:")
        for path in feeds
    }
    files["README.md"] = _readme(
        counts, stories=g.stories, syndicated=g.syndicated, rewritten=g.rewritten, seed=seed
    ).encode()
    return files


def _readme(counts: dict[str, int], *, stories: int, syndicated: int, rewritten: int, seed: int) -> str:
    lines = [
        "# Sample feeds",
        "",
        "Offline demo and test data for iiwork: news feeds about a **fictional** grid-scale battery storage",
        "industry. Every company (Voltaic Storage, Northwind Grid Systems, Helio Cell Works, Ampere Ridge),",
        "outlet and person is invented; all links point at `.example` domains or fake Google News URLs.",
        "",
        f"About {stories} distinct stories from 2026-06-01 to 2026-11-20. {syndicated} press releases from",
        "the StoragePR wire reappear in 2-4 outlets with light edits (capitalisation, one word, a dropped",
        "sentence, truncation with `…`/`[...]`, tracking parameters, sometimes the very same URL), and",
        f"{rewritten} more events are re-reported by a second outlet in different words 1-3 days later.",
        "There is a burst of coverage around Northwind Grid Systems' agreement to acquire Helio Cell Works",
        "(2026-09-14) with follow-ups to the November close, a Voltaic fire-investigation storyline, a German",
        "ISO-8859-1 feed, a Google News search feed and three undated items.",
        "`companies.json` lists the companies, their aliases, tickers, newsroom feeds and every feed.",
        "",
        "| feed | items |",
        "|---|---|",
    ]
    lines += [f"| `{path}` | {n} |" for path, n in counts.items()]
    lines += [
        "",
        "Regenerate (byte-identical for the same seed):",
        "",
        "    python -m iiwork.sample data/sample",
        "",
        f"Seed: {seed}. Do not edit these files by hand; change `iiwork/sample.py` instead.",
        "",
    ]
    return "\n".join(lines)


def write_sample(directory: str | os.PathLike, *, seed: int = 7) -> list[pathlib.Path]:
    """Write the sample feeds, ``companies.json`` and ``README.md`` under ``directory``; return the paths."""
    root = pathlib.Path(directory)
    written = []
    for relative, data in build(seed=seed).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_sample(sys.argv[1] if len(sys.argv) > 1 else "data/sample"):
        print(f"{written.stat().st_size:>9,}  {written}")
