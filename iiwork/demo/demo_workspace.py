"""The offline demo: a whole workspace from the shipped sample, built through the normal paths."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import companies, queries
from ..errors import InvalidInput
from ..search.tracker import next_interview
from ..times import iso, utc_now
from ..workspace import Workspace
from .demo_search import seed_search
from .sample_data import write_sample

DEMO_SECTION = "demo"
RECORD_TABLES = ("articles", "companies", "contacts", "interviews", "referrals")


def demo_built(ws: Workspace) -> str | None:
    """When the demo was built in this workspace, or None."""
    value = ws.config().get(DEMO_SECTION, {}).get("built")
    return str(value) if value else None


def own_records(ws: Workspace) -> dict[str, int]:
    """How many rows the workspace holds in the tables a user fills (articles, companies, contacts...)."""
    counts = {table: ws.rows(f"SELECT count(*) FROM {table}")[0][0] for table in RECORD_TABLES}
    return {table: int(n) for table, n in counts.items() if n}


def build_demo(ws: Workspace, *, force: bool = False, now: datetime | None = None) -> dict[str, Any]:
    """Build the demo in `ws`: the sample's companies and industry followed (their saved sources are the sample
    feeds, written into the workspace), gathered through the normal path, a plausible search, a digest and a
    briefing for the next interview. A second run changes nothing; a workspace with records of its own is refused
    unless `force`. Returns what was done (counts and the paths written)."""
    if demo_built(ws):
        return {"already": demo_built(ws)}
    found = own_records(ws)
    if found and not force:
        held = ", ".join(f"{n} {table}" for table, n in found.items())
        raise InvalidInput(
            f"workspace: {ws.path} already holds records of its own ({held}); build the demo in a new workspace, "
            "or add it to this one with {fix}",
            field="workspace",
            fix={"cli": "iiwork demo --force", "python": "build_demo(ws, force=True)"},
        )
    now = now or utc_now()
    return {**_gather_sample(ws), **_search_and_pages(ws, now=now)}


def _gather_sample(ws: Workspace) -> dict[str, Any]:
    from ..news.fetch import Fetcher
    from ..news.gather import gather_sources

    folder = ws.path / "sample"
    write_sample(folder)
    followed = companies.import_companies(ws, folder / "companies.json")
    chosen = companies.saved_sources(ws)
    fetcher = Fetcher(validators=ws.validators)
    try:
        gather_sources(ws, fetcher, chosen, progress=False)
    finally:
        fetcher.close()
    companies.mark_gathered(ws)
    from .. import derive

    derive.bring_up_to_date(ws)
    return {"followed": followed, "articles": len(queries.read_articles(ws)), "stories": len(queries.read_stories(ws))}


def _search_and_pages(ws: Workspace, *, now: datetime) -> dict[str, Any]:
    from ..brief.briefing import build_briefing
    from ..brief.digest import build_digest, digest_html

    people = seed_search(ws, now=now)
    newest = queries.read_articles(ws)["published"].max()
    digest = build_digest(ws, since=iso(newest - timedelta(days=14)), now=now)
    digest_path = ws.path / "digest.html"
    digest_path.write_text(digest_html(digest), encoding="utf-8")
    upcoming = next_interview(ws, now=now)
    briefing = build_briefing(ws, upcoming, now=now).save() if upcoming is not None else None
    ws.update_config(DEMO_SECTION, {"built": iso(now) or ""})
    return {"contacts": len(people), "digest": digest_path, "briefing": briefing, "interview": upcoming}


def demo_report(done: dict[str, Any]) -> str:
    """What the demo did, in a few lines, ending with where the briefing is."""
    if "already" in done:
        return f"This workspace already holds the demo (built {done['already']}); nothing changed.\n"
    lines = [
        f"Followed {len(done['followed'])}: {', '.join(done['followed'])}.",
        f"Gathered {done['articles']} articles in {done['stories']} stories from the sample feeds.",
        f"Added a search: {done['contacts']} contacts, interviews past and upcoming, a referral, follow-ups.",
        f"Digest: {done['digest']}",
    ]
    if done.get("briefing"):
        lines.append(f"Briefing for interview {done['interview']}: {Path(done['briefing'])}")
    return "\n".join(lines) + "\n"
