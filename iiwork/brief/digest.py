"""The digest: what is new at the followed companies and industries since you last looked, with flags for bursts
of coverage and unusual events, as Markdown, a standalone HTML page or an Atom feed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from .. import derive, queries
from ..companies import mention_pattern, names_and_aliases, resolve
from ..errors import InvalidInput
from ..render import render_template
from ..times import iso, parse_since, source_utc, user_utc, utc_now
from ..workspace import Workspace

LAST = "last"  # since="last": since the last digest recorded, else DEFAULT_WINDOW
DEFAULT_WINDOW = "7d"
UNUSUAL_EVENTS = ("funding", "acquisition", "layoffs", "leadership", "legal")
BURST_RATIO = 2.0  # a burst: at least this many times the average of the windows before...
BURST_MIN_ARTICLES = 3  # ...and at least this many articles
BURST_WINDOWS = 4  # the windows of equal length before this one that make the average
MAX_LINKS = 5  # links kept per story (one per outlet)
SUMMARY_CHARS = 220  # a story's one-line summary is cut to this
SHOWN_PER_SECTION = 8  # the rendered pages list this many stories per section in full, the rest by headline
ATOM_ID = "tag:iiwork,2026:"
Since = str | datetime | timedelta | None
ABBREVIATIONS = {"inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "vs", "u.s", "u.k"}
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class DigestLink:
    """One outlet's article of a story, at an http(s) address."""

    outlet: str
    url: str


@dataclass(frozen=True)
class DigestStory:
    """A story new in the window: its headline, one line of summary, event type, outlets and links."""

    story_id: int
    headline: str
    summary: str
    event_type: str | None
    articles: int
    outlets: tuple[str, ...]
    links: tuple[DigestLink, ...]
    first_seen: datetime
    last_seen: datetime
    about: str = ""  # the section it is mainly about: the followed company its headline names first


@dataclass(frozen=True)
class DigestSection:
    """One followed company or industry: its new stories (biggest first) and its coverage against before."""

    name: str
    kind: str
    stories: tuple[DigestStory, ...]
    articles: int  # dated articles about it in the window
    earlier_average: float  # dated articles per window over the BURST_WINDOWS windows before

    @property
    def burst(self) -> bool:
        """A burst of coverage: BURST_MIN_ARTICLES or more, and BURST_RATIO times the earlier average."""
        return self.articles >= BURST_MIN_ARTICLES and self.articles >= BURST_RATIO * self.earlier_average


@dataclass(frozen=True)
class DigestFlag:
    """Something to look at first: a burst of coverage ("burst") or an unusual event ("event")."""

    company: str
    kind: str
    text: str  # the burst in words, or the story's headline
    story_id: int | None = None
    event_type: str | None = None


@dataclass(frozen=True)
class Digest:
    """What is new between `since` and `until` (UTC): per followed company, then per industry, and the flags.
    `start` says where `since` came from: "last" (the last digest), "default" (no digest yet) or "given"."""

    since: datetime
    until: datetime
    start: str
    sections: tuple[DigestSection, ...]
    flags: tuple[DigestFlag, ...]
    companies: tuple[str, ...] | None = None  # the followed names it was limited to, if it was
    workspace: Path | None = field(default=None, compare=False, repr=False)  # for template overrides

    def _repr_html_(self) -> str:
        """The digest's page, shown inline in a notebook."""
        return digest_html(self)

    @property
    def stories(self) -> tuple[DigestStory, ...]:
        """Every story of the digest once, biggest first."""
        unique = {story.story_id: story for section in self.sections for story in section.stories}
        return tuple(sorted(unique.values(), key=story_size))

    @property
    def empty(self) -> bool:
        """True when nothing is new in the window."""
        return not any(section.stories for section in self.sections)


# Building


def build_digest(
    ws: Workspace, *, since: Since = LAST, companies: str | Sequence[str] | None = None, now: datetime | None = None
) -> Digest:
    """What is new since the last digest recorded (since="last"; else over 7 days), or since an age ("7d") or a
    date: the new stories of every followed company and industry (or of `companies`), biggest first, and flags."""
    if not derive.is_current(ws):
        derive.bring_up_to_date(ws)
    start, until, how = digest_window(ws, since=since, now=now)
    chosen = chosen_names(ws, companies)
    followed = followed_sections(ws, chosen)
    frames = {name: new_stories(ws, names, start=start, until=until) for name, _kind, names in followed}
    stories = built_stories(ws, frames.values())
    stories = with_homes(stories, frames, followed, names_and_aliases(ws))
    sections = tuple(
        _section(ws, (name, kind, names), [stories[int(i)] for i in frames[name]["story_id"]], start=start, until=until)
        for name, kind, names in followed
    )
    return Digest(start, until, how, sections, digest_flags(sections), chosen, ws.path)


def digest_window(ws: Workspace, *, since: Since = LAST, now: datetime | None = None) -> tuple[datetime, datetime, str]:
    """(start, end, how the start was chosen): "last" = the last digest recorded by `now`, else 7 days back."""
    until = user_utc(now, field="now") if now is not None else utc_now()
    if since is None or str(since).strip().lower() in ("", LAST):
        last = last_digest_made(ws, by=until)
        if last is not None:
            return last, until, "last"
        return until - timedelta(days=7), until, "default"
    start = parse_since(since, field="since", now=until)
    assert start is not None
    if start > until:
        raise InvalidInput(f"since: {iso(start)} is after the digest's end ({iso(until)})", field="since")
    return start, until, "given"


def last_digest_made(ws: Workspace, *, by: datetime | None = None) -> datetime | None:
    """When the last digest recorded (at or before `by`) was made; None when there is none."""
    row = ws.rows("SELECT max(made) FROM digests WHERE made <= ?", (iso(by or utc_now()),))
    return source_utc(datetime.fromisoformat(row[0][0])) if row and row[0][0] else None


def record_digest(ws: Workspace, digest: Digest) -> int:
    """Record that `digest` was read, so the next since="last" starts at its end; returns the digest id.
    A digest limited to some companies is not recorded (the next one would skip the others' news)."""
    if digest.companies:
        raise InvalidInput("companies: only a digest of every followed company is recorded", field="companies")
    with ws.transaction() as conn:
        cursor = conn.execute("INSERT INTO digests (made, since) VALUES (?, ?)", (iso(digest.until), iso(digest.since)))
    return int(cursor.lastrowid or 0)


def chosen_names(ws: Workspace, companies: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """The followed names asked for (names or aliases, case ignored), each once; None (or none given) is all.
    An unknown name is an error naming the closest followed one."""
    given = [companies] if isinstance(companies, str) else list(companies or ())
    return tuple(dict.fromkeys(resolve(ws, str(name))[1] for name in given)) or None


def followed_sections(ws: Workspace, chosen: Sequence[str] | None) -> list[tuple[str, str, list[str]]]:
    """(name, kind, the names whose articles are its news) per followed company, then per industry: an industry's
    news is that of its own sources and of its companies."""
    rows = queries.records(queries.read_companies(ws))
    members: dict[str, list[str]] = {}
    for row in rows:
        if row["kind"] == "company" and row["industry"]:
            members.setdefault(str(row["industry"]).casefold(), []).append(str(row["name"]))
    found = [
        (str(r["name"]), str(r["kind"]), [str(r["name"]), *members.get(str(r["name"]).casefold(), [])]) for r in rows
    ]
    found.sort(key=lambda item: item[1] != "company")  # companies first, each kind by name
    return [item for item in found if chosen is None or item[0] in chosen]


def new_stories(ws: Workspace, names: Sequence[str], *, start: datetime, until: datetime) -> pd.DataFrame:
    """The dated stories with an article about any of `names` last (or first) seen in the window, biggest first."""
    frames = [queries.read_stories(ws, company=name, since=start) for name in names]
    found = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True).drop_duplicates("story_id")
    dated = ~found["date_estimated"].fillna(False).astype(bool)
    inside = ((found["last_seen"] >= start) & (found["last_seen"] < until)) | (
        (found["first_seen"] >= start) & (found["first_seen"] < until)
    )
    chosen = found[dated & inside]
    return chosen.sort_values(["articles", "outlets", "last_seen", "story_id"], ascending=[False, False, False, True])


def built_stories(ws: Workspace, frames: Iterable[pd.DataFrame]) -> dict[int, DigestStory]:
    """Every story of the frames as a DigestStory, by id, with its outlets and links."""
    rows = {int(row["story_id"]): row for frame in frames for row in queries.records(frame)}
    articles = story_articles(ws, sorted(rows))
    return {story_id: _story(row, articles.get(story_id, [])) for story_id, row in rows.items()}


def with_homes(
    stories: dict[int, DigestStory],
    frames: dict[str, pd.DataFrame],
    followed: Sequence[tuple[str, str, list[str]]],
    aliases: dict[str, list[str]],
) -> dict[int, DigestStory]:
    """Each story with the section it is mainly about: of the companies it is news of, the one its headline names
    first (else the first of them); a story of no followed company belongs to its industry."""
    homes: dict[int, tuple[bool, float, int]] = {}
    for order, (name, kind, _names) in enumerate(followed):
        pattern = mention_pattern(headline_names(aliases.get(name, [name]))) if kind == "company" else None
        for story_id in (int(i) for i in frames[name]["story_id"]):
            found = pattern.search(stories[story_id].headline) if pattern else None
            rank = (kind != "company", found.start() if found else float("inf"), order)
            homes[story_id] = min(homes.get(story_id, rank), rank)
    return {i: replace(story, about=followed[homes[i][2]][0]) for i, story in stories.items()}


def headline_names(names: Sequence[str]) -> list[str]:
    """A company's names and aliases and the first word of each (headlines say "Northwind" for Northwind Grid)."""
    firsts = [name.split()[0] for name in names if name.split() and len(name.split()[0]) >= 4]
    return [*names, *firsts]


def story_articles(ws: Workspace, story_ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    """(url, publisher) of each story's articles, dated ones first, earliest first."""
    sql = (
        "SELECT story_id, url, publisher FROM articles WHERE story_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY story_id, date_estimated, published, article_id"
    )
    found: dict[int, list[tuple[str, str | None]]] = {}
    for story_id, url, publisher in ws.rows(sql, (json.dumps(list(story_ids)),)):
        found.setdefault(int(story_id), []).append((url, publisher))
    return found


def _story(row: dict[str, Any], articles: Sequence[tuple[str, str | None]]) -> DigestStory:
    """A stories row as a DigestStory; a summary that only repeats the headline is dropped."""
    outlets, links = outlets_and_links(articles)
    headline = " ".join(str(row["headline"]).split())
    summary = first_sentence(row["summary"])
    return DigestStory(
        story_id=int(row["story_id"]),
        headline=headline,
        summary="" if _words(summary)[: len(_words(headline))] == _words(headline) else summary,
        event_type=row["event_type"],
        articles=int(row["articles"]),
        outlets=outlets,
        links=links,
        first_seen=pd.Timestamp(row["first_seen"]).to_pydatetime(),
        last_seen=pd.Timestamp(row["last_seen"]).to_pydatetime(),
    )


def outlets_and_links(articles: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, ...], tuple[DigestLink, ...]]:
    """The outlets of a story's articles (publisher, else the web host), each once, and a link to each outlet's
    first article whose address is http(s) — no other scheme ever becomes a link — at most MAX_LINKS."""
    outlets: dict[str, tuple[str, str | None]] = {}
    for url, publisher in articles:
        safe = http_link(url)
        outlet = " ".join((publisher or "").split()) or (urlsplit(safe).hostname if safe else None) or "unknown"
        known = outlets.get(outlet.casefold())
        if known is None or (known[1] is None and safe):
            outlets[outlet.casefold()] = (known[0] if known else outlet, safe)
    links = [DigestLink(name, url) for name, url in outlets.values() if url]
    return tuple(name for name, _ in outlets.values()), tuple(links[:MAX_LINKS])


def http_link(url: object) -> str | None:
    """The address when it is an http(s) URL with a host (no spaces or control characters), else None."""
    text = str(url or "").strip()
    if not text or any(ord(c) <= 32 or c in '"<>\\' for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and host else None


def first_sentence(text: object, *, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of a summary's first paragraph, on one line, cut at a word to `limit` characters."""
    lines = [" ".join(line.split()) for line in str(text or "").splitlines()]
    line = next((line for line in lines if line), "")
    for match in _SENTENCE_END.finditer(line):
        before = line[: match.start()].rsplit(" ", 1)[-1].casefold()
        if match.group(0).startswith(".") and (len(before) <= 1 or before.lstrip("(") in ABBREVIATIONS):
            continue
        line = line[: match.end()]
        break
    return clipped(line, limit=limit)


def clipped(text: str, *, limit: int) -> str:
    """Text cut at the last whole word before `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-\u2013\u2014") + "\u2026"


def _words(text: str) -> list[str]:
    """The words of a text, case folded."""
    return re.findall(r"\w+", text.casefold())


def story_size(story: DigestStory) -> tuple[int, int, float, int]:
    """The sort key that puts the biggest story first: articles, then outlets, then the most recent."""
    return (-story.articles, -len(story.outlets), -story.last_seen.timestamp(), story.story_id)


def _section(
    ws: Workspace,
    followed: tuple[str, str, list[str]],
    stories: Sequence[DigestStory],
    *,
    start: datetime,
    until: datetime,
) -> DigestSection:
    """A followed company's or industry's section: its stories biggest first and its coverage."""
    name, kind, names = followed
    articles, earlier = section_coverage(ws, names, start=start, until=until)
    return DigestSection(name, kind, tuple(sorted(stories, key=story_size)), articles, earlier)


def section_coverage(ws: Workspace, names: Sequence[str], *, start: datetime, until: datetime) -> tuple[int, float]:
    """Dated articles about any of `names` in the window, and their average per window over the BURST_WINDOWS
    windows of equal length before it."""
    try:
        earliest = start - (until - start) * BURST_WINDOWS
    except OverflowError:
        earliest = datetime.min.replace(tzinfo=UTC)
    about = " OR ".join([queries.ABOUT_COMPANY] * len(names))
    sql = (
        "SELECT coalesce(sum(published >= ?), 0), count(*) FROM articles WHERE date_estimated = 0 "
        f"AND published >= ? AND published < ? AND ({about})"
    )
    current, total = ws.rows(sql, (iso(start), iso(earliest), iso(until), *names))[0]
    return int(current), (int(total) - int(current)) / BURST_WINDOWS


def digest_flags(sections: Sequence[DigestSection]) -> tuple[DigestFlag, ...]:
    """Bursts of coverage first (the biggest rise first), then unusual events (each story once, biggest first)."""
    bursts = sorted((s for s in sections if s.burst), key=lambda s: -s.articles / max(s.earlier_average, 0.25))
    flags = [DigestFlag(s.name, "burst", burst_text(s)) for s in bursts]
    events: dict[int, DigestFlag] = {}
    for section in sections:
        for story in section.stories:
            if story.event_type in UNUSUAL_EVENTS and story.story_id not in events:
                flag = DigestFlag(story.about, "event", story.headline, story.story_id, story.event_type)
                events[story.story_id] = flag
    by_size = {story.story_id: story_size(story) for section in sections for story in section.stories}
    return (*flags, *sorted(events.values(), key=lambda flag: by_size[flag.story_id or 0]))


def burst_text(section: DigestSection) -> str:
    """A burst in words: "9 articles, about 4x the usual 2.2 per window" (or "none in the 4 windows before")."""
    if section.earlier_average == 0:
        return f"{section.articles} articles, against none in the {BURST_WINDOWS} periods of equal length before"
    ratio = section.articles / section.earlier_average
    return f"{section.articles} articles, {ratio:.1f}\u00d7 the usual {section.earlier_average:.1f} per period"


# Rendering


def digest_markdown(digest: Digest) -> str:
    """The digest as Markdown: flags, then each company and industry with its new stories (web text escaped)."""
    view = digest_view(digest, text=markdown_text, url=markdown_url)
    text = render_template("digest/digest.md.j2", view, workspace=digest.workspace, html=False)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def digest_html(digest: Digest) -> str:
    """The digest as one standalone HTML page: inline CSS, no script, no outside requests, all text escaped and
    only http(s) addresses as links."""
    view = digest_view(digest)
    return render_template("digest/digest.html.j2", view, workspace=digest.workspace, html=True)


def digest_atom(digest: Digest) -> str:
    """The digest as an Atom 1.0 feed: one entry per story, with a stable id (tag:iiwork,2026:story-ID)."""
    view = digest_view(digest)
    return render_template("digest/digest.atom.j2", view, workspace=digest.workspace, html=True)


def digest_view(digest: Digest, *, text: Callable[[str], str] = str, url: Callable[[str], str] = str) -> dict[str, Any]:
    """The template variables of a digest; `text` and `url` make web strings safe for a format that does not
    escape them itself (Markdown)."""
    sections = [_section_view(s, text=text, url=url) for s in digest.sections if s.stories]
    return {
        "title": "What\u2019s new at the companies you follow",
        "window": window_text(digest),
        "made": digest.until.isoformat(timespec="seconds"),
        "feed_id": f"{ATOM_ID}digest",
        "flags": [_flag_view(flag, digest, text=text, url=url) for flag in digest.flags],
        "sections": sections,
        "quiet": [text(s.name) for s in digest.sections if not s.stories],
        "stories": [story_view(s, digest, text=text, url=url) for s in digest.stories],
        "count": len(digest.stories),
    }


def _section_view(section: DigestSection, *, text: Callable[[str], str], url: Callable[[str], str]) -> dict[str, Any]:
    """A section's stories in full where they are mainly about it; in a company section, the others by headline."""
    views = [story_view(story, None, text=text, url=url) for story in section.stories if story.about == section.name]
    others = [story_view(story, None, text=text, url=url) for story in section.stories if story.about != section.name]
    return {
        "name": text(section.name),
        "kind": section.kind,
        "count": len(section.stories),
        "stories": views[:SHOWN_PER_SECTION],
        "more": views[SHOWN_PER_SECTION:],
        "elsewhere": others if section.kind == "company" else [],
        "listed_above": len(others) if section.kind == "industry" else 0,
        "burst": section.burst,
    }


def story_view(
    story: DigestStory, digest: Digest | None, *, text: Callable[[str], str], url: Callable[[str], str]
) -> dict[str, Any]:
    """One story's template variables (with the sections it is in when `digest` is given)."""
    links = {link.outlet: url(link.url) for link in story.links}
    event = story.event_type if story.event_type and story.event_type != "other" else ""
    counts = f"{story.articles} article{'s' * (story.articles != 1)} \u00b7 {len(story.outlets)} outlet"
    return {
        "id": f"{ATOM_ID}story-{story.story_id}",
        "headline": text(story.headline),
        "summary": text(story.summary),
        "event": event,
        "unusual": event in UNUSUAL_EVENTS,
        "meta": f"{counts}{'s' * (len(story.outlets) != 1)} \u00b7 {day_text(story.last_seen)}",
        "url": url(story.links[0].url) if story.links else "",
        "outlets": [{"name": text(name), "url": links.get(name, "")} for name in story.outlets],
        "updated": story.last_seen.isoformat(timespec="seconds"),
        "published": story.first_seen.isoformat(timespec="seconds"),
        "sections": [text(s.name) for s in digest.sections if story in s.stories] if digest else [],
        "about": text(story.about),
    }


def _flag_view(
    flag: DigestFlag, digest: Digest, *, text: Callable[[str], str], url: Callable[[str], str]
) -> dict[str, Any]:
    """A flag's template variables, with a link to its story."""
    story = next((s for s in digest.stories if s.story_id == flag.story_id), None)
    link = url(story.links[0].url) if story is not None and story.links else ""
    event = flag.event_type or ""
    return {"company": text(flag.company), "kind": flag.kind, "text": text(flag.text), "url": link, "event": event}


def window_text(digest: Digest) -> str:
    """The window in words, local time: "since your last digest, Tue 10 Nov 2026 09:00, to ..."."""
    until = moment_text(digest.until)
    if digest.start == "last":
        return f"Since your last digest ({moment_text(digest.since)}) to {until}"
    if digest.start == "default":
        return f"The last 7 days (no digest recorded yet), to {until}"
    return f"From {moment_text(digest.since)} to {until}"


def moment_text(value: datetime) -> str:
    """A moment as a reader's local time: "Tue 10 Nov 2026 09:00"."""
    local = value.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def day_text(value: datetime) -> str:
    """A day as a reader's local date: "18 Nov"."""
    local = value.astimezone()
    return f"{local.day} {local:%b}"


def markdown_text(value: str) -> str:
    """Web text made literal in Markdown (no links, emphasis or HTML of its own)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def markdown_url(value: str) -> str:
    """An http(s) address fit for a Markdown link's target."""
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
