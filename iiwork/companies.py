"""Followed companies and industries: their names, aliases and saved sources, and which articles are about them."""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .errors import InvalidInput
from .news.normalise import check_url
from .times import iso, utc_now
from .workspace import Workspace

SOURCE_KINDS = ("query", "feed", "newsroom", "edgar", "gdelt")
LEGAL_SUFFIXES = (
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "nv",
    "bv",
    "ab",
    "oy",
    "asa",
    "spa",
    "srl",
    "kk",
    "pty",
    "pte",
    "holdings",
    "group",
)
_SUFFIX = re.compile(r"[\s,]+(?:{})\.?$".format("|".join(LEGAL_SUFFIXES)), re.I)
OPENING_CHARS = 600  # the opening text searched for mentions, after the title


@dataclass(frozen=True)
class Followed:
    """What `follow` saves: a company's (or an industry's) record, aliases and sources."""

    name: str
    kind: str = "company"
    aliases: tuple[str, ...] = ()
    industry: str | None = None
    ticker: str | None = None
    cik: str | None = None
    website: str | None = None
    notes: str | None = None
    sources: tuple[tuple[str, str], ...] = field(default=())


def follow(ws: Workspace, followed: Followed, *, replace_lists: bool = False, exists: bool | None = None) -> int:
    """Add a company or industry, or update it (fields given replace; sources and aliases given are added, or
    replace the old ones with `replace_lists`); returns its id. A name or alias another company uses is refused;
    `exists=False` refuses one already followed, `exists=True` one that is not."""
    checked = _checked(followed)
    if exists is True:
        checked = replace(checked, name=resolve(ws, checked.name, kind=checked.kind)[1])
    elif exists is False and _followed_id(ws, checked.name) is not None:
        what = "an industry" if followed.kind == "industry" else "a company"
        raise InvalidInput(
            f"name: {checked.name!r} is already followed as {what}; change it with {{fix}}",
            field="name",
            fix={"cli": f"iiwork {followed.kind} update", "python": "wb.follow(name, ...)"},
        )
    with ws.transaction() as conn:
        company_id = _follow(conn, checked, replace_lists=replace_lists)
    link_mentions(ws)  # the names may have changed: every article's mentions again
    return company_id


def _checked(followed: Followed) -> Followed:
    """The record with its name, aliases and sources checked and written one way."""
    name = _text(followed.name, "name")
    sources = tuple((kind, _source_value(kind, value)) for kind, value in followed.sources)
    return replace(followed, name=name, aliases=tuple(_aliases(followed.aliases, name)), sources=sources)


def _follow(conn: sqlite3.Connection, followed: Followed, *, replace_lists: bool) -> int:
    company_id = _upsert(conn, followed, followed.name)
    _check_names(conn, company_id, [followed.name, *followed.aliases])
    if replace_lists:
        _clear_lists(conn, company_id, aliases=bool(followed.aliases), sources={k for k, _ in followed.sources})
    conn.executemany(
        "INSERT OR IGNORE INTO company_aliases (company_id, alias) VALUES (?, ?)",
        [(company_id, alias) for alias in followed.aliases],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO company_sources (company_id, kind, value) VALUES (?, ?, ?)",
        [(company_id, kind, value) for kind, value in followed.sources],
    )
    return company_id


def _upsert(conn: sqlite3.Connection, followed: Followed, name: str) -> int:
    found = conn.execute(
        "SELECT company_id, kind FROM companies WHERE lower(trim(name)) = lower(?)", (name,)
    ).fetchone()
    fields = {k: getattr(followed, k) for k in ("industry", "ticker", "cik", "website", "notes")}
    given = {k: v.strip() for k, v in fields.items() if v is not None and v.strip()}
    if found is None:
        columns = ["name", "kind", "created", *given]
        values = [name, followed.kind, iso(utc_now()), *given.values()]
        sql = f"INSERT INTO companies ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        return int(conn.execute(sql, values).lastrowid or 0)
    if found[1] != followed.kind:
        raise InvalidInput(f"name: {name!r} is already followed as a {found[1]}", field="name")
    if given:
        assignments = ", ".join(f"{k} = ?" for k in given)
        conn.execute(f"UPDATE companies SET {assignments} WHERE company_id = ?", [*given.values(), found[0]])
    return int(found[0])


def _clear_lists(conn: sqlite3.Connection, company_id: int, *, aliases: bool, sources: set[str]) -> None:
    if aliases:
        conn.execute("DELETE FROM company_aliases WHERE company_id = ?", (company_id,))
    for kind in sources:
        conn.execute("DELETE FROM company_sources WHERE company_id = ? AND kind = ?", (company_id, kind))


def _check_names(conn: sqlite3.Connection, company_id: int, names: Sequence[str]) -> None:
    """Refuse a name or alias that is another company's name or alias."""
    for name in names:
        row = conn.execute(
            "SELECT name FROM companies WHERE company_id != ? AND lower(trim(name)) = lower(?) "
            "UNION SELECT c.name FROM company_aliases a JOIN companies c USING (company_id) "
            "WHERE a.company_id != ? AND lower(trim(a.alias)) = lower(?)",
            (company_id, name, company_id, name),
        ).fetchone()
        if row is not None:
            raise InvalidInput(f"aliases: {name!r} is already used by {row[0]!r}", field="aliases")


def _text(value: object, field_name: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(f"{field_name}: must not be empty", field=field_name)
    if len(text) > 200:
        raise InvalidInput(f"{field_name}: longer than 200 characters", field=field_name)
    return text


def _aliases(aliases: Iterable[str], name: str) -> list[str]:
    if isinstance(aliases, str):
        raise InvalidInput("aliases: give a list of names, not one string", field="aliases")
    found = [_text(alias, "aliases") for alias in aliases]
    return [alias for alias in dict.fromkeys(found) if alias.lower() != name.lower()]


def _source_value(kind: str, value: str) -> str:
    """A saved source in the form it is gathered: feeds and newsrooms as http(s) or file URLs (a local path made
    absolute, and there), queries and forms as text."""
    from .news import sources

    if kind not in SOURCE_KINDS:
        raise InvalidInput(f"sources: unknown kind {kind!r}; use {', '.join(SOURCE_KINDS)}", field="sources")
    text = _text(value, kind)
    if kind not in ("feed", "newsroom"):
        return text
    url = sources.feed(text).url
    try:
        checked = check_url(url)
    except InvalidInput as error:
        raise InvalidInput(f"{kind}: {error}", field=kind) from None
    if checked.startswith("file:") and not Path(url2pathname(urlsplit(checked).path)).is_file():
        raise InvalidInput(f"{kind}: no file at {text!r}", field=kind)
    return checked


def unfollow(ws: Workspace, name: str) -> str:
    """Stop following a company or industry: its record, aliases, saved sources and mention links go; its articles,
    and the contacts who work there, stay. Returns the name removed."""
    company_id, found = resolve(ws, name)
    with ws.transaction() as conn:
        conn.execute("DELETE FROM company_aliases WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM company_sources WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM companies WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM article_companies WHERE how = 'mention' AND company = ? COLLATE NOCASE", (found,))
    return found


def _followed_id(ws: Workspace, name: str) -> int | None:
    found = ws.rows("SELECT company_id FROM companies WHERE lower(trim(name)) = lower(?)", (name,))
    return int(found[0][0]) if found else None


def resolve(ws: Workspace, name: str, *, kind: str | None = None) -> tuple[int, str]:
    """The id and name of a followed company (or industry) by its name or an alias, case ignored; an unknown name
    is an error that suggests the closest followed name."""
    wanted = " ".join(str(name or "").split())
    row = ws.rows(
        "SELECT company_id, name FROM companies WHERE lower(trim(name)) = lower(?) AND (? IS NULL OR kind = ?) "
        "UNION SELECT c.company_id, c.name FROM company_aliases a JOIN companies c USING (company_id) "
        "WHERE lower(trim(a.alias)) = lower(?) AND (? IS NULL OR c.kind = ?)",
        (wanted, kind, kind, wanted, kind, kind),
    )
    if row:
        return int(row[0][0]), str(row[0][1])
    known = [r[0] for r in ws.rows("SELECT name FROM companies WHERE ? IS NULL OR kind = ?", (kind, kind))]
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ("" if known else "; follow it first (company add)")
    raise InvalidInput(f"company: {wanted!r} is not followed{hint}", field="company")


def known_name(ws: Workspace, name: str | None) -> str | None:
    """The followed company's name for a name or alias; any other name as it is."""
    if not name:
        return name
    try:
        return resolve(ws, name)[1]
    except InvalidInput:
        return name


def names_and_aliases(ws: Workspace) -> dict[str, list[str]]:
    """Every followed company's name and aliases: {name: [name, alias, ...]} (industries are no names)."""
    found: dict[str, list[str]] = {}
    sql = (
        "SELECT c.name, a.alias FROM companies c LEFT JOIN company_aliases a USING (company_id) "
        "WHERE c.kind = 'company' ORDER BY c.company_id, a.rowid"
    )
    for name, alias in ws.rows(sql):
        found.setdefault(name, [name])
        if alias:
            found[name].append(alias)
    return found


def aliases_of(
    ws: Workspace, names: Sequence[str], *, given: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """For each name (a followed company's name or alias, or any name), the other names the news uses for it:
    the followed company's names and aliases, and those `given`."""
    followed = names_and_aliases(ws)
    by_name = {known.casefold(): all_names for all_names in followed.values() for known in all_names}
    found = {}
    for name in names:
        others = [n for n in by_name.get(name.casefold(), []) if n.casefold() != name.casefold()]
        found[name] = list(dict.fromkeys([*others, *((given or {}).get(name, ()))]))
    return found


def organisation_key(name: object) -> str:
    """An organisation's name for matching: lowercase, single spaces, legal suffixes (Inc., Ltd, GmbH...) off."""
    text = " ".join(str(name or "").replace("\u2019", "'").split()).lower().rstrip(".")
    while True:
        shorter = _SUFFIX.sub("", text).rstrip(" ,.")
        if shorter == text or not shorter:
            return text
        text = shorter


def mention_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of `names` as whole words, case ignored ("Helio" never inside "Heliodor")."""
    words = sorted({" ".join(n.split()) for n in names if n and n.strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in words)
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.I)


def company_mentions(texts: Sequence[str], companies: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(row, company) for every text that names a company or one of its aliases."""
    found: list[tuple[int, str]] = []
    for company, names in companies.items():
        pattern = mention_pattern(names)
        if pattern is not None:
            found += [(i, company) for i, text in enumerate(texts) if pattern.search(text)]
    return found


def link_mentions(ws: Workspace, *, article_ids: Sequence[int] | None = None) -> int:
    """Store a mention link for every article (of `article_ids`, else all, whose old mention links are redone)
    whose title or opening text names a followed company or alias; returns the links stored."""
    companies = names_and_aliases(ws)
    sql = "SELECT article_id, coalesce(title, '') || ' ' || substr(coalesce(summary, text, ''), 1, ?) FROM articles"
    if article_ids is None:
        rows = ws.rows(sql, (OPENING_CHARS,))
    else:
        chosen = json.dumps([int(i) for i in article_ids])
        rows = ws.rows(f"{sql} WHERE article_id IN (SELECT value FROM json_each(?))", (OPENING_CHARS, chosen))
    links = [(rows[i][0], company) for i, company in company_mentions([r[1] for r in rows], companies)]
    with ws.transaction() as conn:
        if article_ids is None:
            conn.execute("DELETE FROM article_companies WHERE how = 'mention'")
        conn.executemany("INSERT OR IGNORE INTO article_companies VALUES (?, ?, 'mention')", links)
    return len(links)


def import_companies(ws: Workspace, path: str | os.PathLike[str]) -> list[str]:
    """Follow every company (and the industry) of a file shaped like `data/sample/companies.json`:
    {"industry": ..., "companies": [{"name", "aliases", "ticker", "newsroom_feed", "queries", "feeds", ...}],
    "feeds": [...]}. Relative feed paths are read from the file's folder. All or nothing; returns the names."""
    source = Path(path)
    data = _read_json(source)
    industry = data.get("industry")
    people = [_company_entry(entry, source.parent, industry) for entry in _entries(data)]
    own = {value for entry in people for kind, value in entry.sources if kind == "feed"}
    shared = [("feed", _source_value("feed", _relative(f, source.parent))) for f in data.get("feeds", [])]
    if industry:
        people.append(Followed(str(industry), kind="industry", sources=tuple(s for s in shared if s[1] not in own)))
    checked = [_checked(entry) for entry in people]
    with ws.transaction() as conn:  # every company or none
        for entry in checked:
            _follow(conn, entry, replace_lists=False)
    link_mentions(ws)
    return [entry.name for entry in checked]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"path: no file {str(path)!r}", field="path") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"path: {str(path)!r} is not a JSON file of companies ({error})", field="path") from None
    if not isinstance(data, dict) or not isinstance(data.get("companies", []), list):
        raise InvalidInput(f"path: {str(path)!r} has no list of companies", field="path")
    return data


def _entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    entries = data.get("companies", [])
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise InvalidInput(f"companies: entry {number} has no name", field="companies")
    return entries


def _company_entry(entry: dict[str, Any], folder: Path, industry: object) -> Followed:
    feeds = [entry["newsroom_feed"]] if entry.get("newsroom_feed") else []
    feeds += list(entry.get("feeds", []))
    sources = [("feed", _source_value("feed", _relative(f, folder))) for f in feeds]
    sources += [("query", str(q)) for q in entry.get("queries", [])]
    sources += [(kind, str(entry[kind])) for kind in ("newsroom", "gdelt") if entry.get(kind)]
    return Followed(
        name=str(entry["name"]),
        aliases=tuple(str(a) for a in entry.get("aliases", [])),
        industry=str(entry.get("industry") or industry or "") or None,
        ticker=entry.get("ticker"),
        cik=entry.get("cik"),
        website=entry.get("website"),
        notes=entry.get("notes"),
        sources=tuple(sources),
    )


def _relative(location: object, folder: Path) -> str:
    text = str(location)
    return text if "://" in text or Path(text).is_absolute() else str(folder / text)


def saved_sources(ws: Workspace, *, company: str | None = None, since: Any = None) -> list[Any]:
    """The saved sources of one followed company or industry (else of all) as gatherable sources, each marked with
    the company it is saved for. EDGAR sources take the company's ticker (or CIK)."""
    chosen = resolve(ws, company)[1] if company else None
    sql = (
        "SELECT c.name, coalesce(c.ticker, c.cik), s.kind, s.value FROM company_sources s JOIN companies c "
        "USING (company_id) WHERE ? IS NULL OR c.name = ? ORDER BY s.source_id"
    )
    found = []
    for name, ticker, kind, value in ws.rows(sql, (chosen, chosen)):
        if kind == "edgar" and not ticker:
            raise InvalidInput(f"edgar: {name!r} has EDGAR forms saved but no ticker or CIK", field="ticker")
        made = _gatherable(kind, value, ticker=ticker, since=since)
        made.company = name
        found.append(made)
    return found


def _gatherable(kind: str, value: str, *, ticker: str | None, since: Any) -> Any:
    from .news import sources

    if kind == "query":
        return sources.google_news(value)
    if kind == "feed":
        return sources.feed(value)
    if kind == "newsroom":
        return sources.newsroom(value)
    if kind == "edgar":
        return sources.edgar(str(ticker), form="" if value == "all" else value)
    return sources.gdelt(value, timespan=sources.gdelt_timespan(since))


def mark_gathered(ws: Workspace, *, company: str | None = None) -> None:
    """Remember now as when the saved sources (of one company or industry, else all) were last gathered."""
    chosen = resolve(ws, company)[1] if company else None
    with ws.transaction() as conn:
        conn.execute(
            "UPDATE company_sources SET last_gathered = ? WHERE ? IS NULL OR company_id = "
            "(SELECT company_id FROM companies WHERE name = ?)",
            (iso(utc_now()), chosen, chosen),
        )


def company_record(ws: Workspace, name: str) -> dict[str, Any]:
    """One followed company or industry: its record, aliases, saved sources, article and story counts, when it was
    last gathered and, for a company, the people you know there (contacts, referrals pending, introducers)."""
    from . import queries

    company_id, found = resolve(ws, name)
    table = queries.read_companies(ws)
    record = queries.records(table[table["company_id"] == company_id])[0]
    counts = ws.rows(
        f"SELECT count(*), count(DISTINCT story_id) FROM articles WHERE {queries.ABOUT_COMPANY}", (found,)
    )[0]
    saved = queries.read_company_sources(ws, company=found)
    last = saved["last_gathered"].max() if len(saved) else None
    people = {}
    if record["kind"] == "company":
        from .search.network import people_at

        people = {key: value for key, value in people_at(ws, found).items() if key != "company"}
    return {
        **record,
        "aliases": [a for a in (record.get("aliases") or "").split("; ") if a],
        "people": people,
        "sources": queries.records(saved[["kind", "value", "last_gathered"]]),
        "articles": int(counts[0]),
        "stories": int(counts[1]),
        "last_gathered": None if last is None or last != last else last,
    }
