"""The read layer: every table iiwork hands out, as typed DataFrames read from a Workspace."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from .errors import InvalidInput
from .search.rules import record_id
from .tables import (
    ARTICLE_COMPANIES,
    ARTICLES,
    COMPANIES,
    COMPANY_SOURCES,
    CONTACTS,
    FETCH_LOG,
    FOLLOWUPS,
    INTERVIEW_STATUS,
    INTERVIEWS,
    REFERRALS,
    STORIES,
    STR,
    TRACKER_TABLES,
)
from .times import iso, parse_day_end, parse_since, utc_now
from .workspace import Workspace

TimeLike = str | datetime | None
KEYS = {
    "contacts": "contact_id",
    "interviews": "interview_id",
    "referrals": "referral_id",
    "followups": "followup_id",
    "articles": "article_id",
}
EXPORTABLE = {**TRACKER_TABLES, "articles": ARTICLES}
FOLLOWUPS_WITH_CONTACT = {**FOLLOWUPS, "contact": STR, "organization": STR}


class Where:
    """A WHERE clause built from optional filters: a filter whose value is None is left out."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[object] = []

    def add(self, clause: str, *values: object) -> Where:
        if values and all(value is not None for value in values):
            self.clauses.append(clause)
            self.params.extend(values)
        return self

    def always(self, clause: str) -> Where:
        self.clauses.append(clause)
        return self

    def __str__(self) -> str:
        return f" WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


# An article is a company's news when it was gathered for it or names it (the links derive keeps current).
ABOUT_COMPANY = "article_id IN (SELECT article_id FROM article_companies WHERE company = ? COLLATE NOCASE)"


def read_articles(
    ws: Workspace,
    *,
    company: str | None = None,
    since: TimeLike = None,
    until: TimeLike = None,
    publisher: str | None = None,
    contains: str | None = None,
) -> pd.DataFrame:
    """Articles newest first, filtered by company, dates, publisher or a word in title or summary."""
    where = (
        Where()
        .add(ABOUT_COMPANY, company)
        .add("published >= ?", iso(parse_since(since, field="since")))
        .add("published < ?", iso(parse_since(until, field="until")))
        .add("publisher = ? COLLATE NOCASE", publisher)
    )
    pattern = f"%{contains}%" if contains else None
    where.add("(title LIKE ? OR summary LIKE ?)", pattern, pattern)
    # newest first; an article whose date is only an estimate (the source gave none) comes after the dated ones
    sql = f"SELECT {', '.join(ARTICLES)} FROM articles{where} ORDER BY date_estimated, published DESC, article_id DESC"
    return ws.read(sql, where.params, dtypes=ARTICLES)


def read_stories(ws: Workspace, *, company: str | None = None, since: TimeLike = None) -> pd.DataFrame:
    """Stories most recent first, those with an article of `company` when given."""
    where = Where().add(f"story_id IN (SELECT story_id FROM articles WHERE {ABOUT_COMPANY})", company)
    where.add("last_seen >= ?", iso(parse_since(since, field="since")))
    # newest first; a story whose every date is an estimate (the sources gave none) comes after the dated ones
    sql = f"SELECT * FROM stories{where} ORDER BY date_estimated, last_seen DESC, story_id DESC"
    return ws.read(sql, where.params, dtypes=STORIES)


def read_companies(ws: Workspace, *, kind: str | None = None, industry: str | None = None) -> pd.DataFrame:
    """Followed companies (and industries), by name, of one `kind` or `industry` (any case); `aliases` joined
    with "; "."""
    if kind is not None and kind not in ("company", "industry"):
        raise InvalidInput(f"kind: expected company or industry, got {kind!r}", field="kind")
    where = Where().add("kind = ?", kind).add("industry = ? COLLATE NOCASE", industry)
    sql = (
        "SELECT company_id, name, kind, (SELECT group_concat(alias, '; ') FROM company_aliases a "
        "WHERE a.company_id = c.company_id) AS aliases, industry, ticker, cik, website, notes, created "
        f"FROM companies c{where} ORDER BY lower(name)"
    )
    return ws.read(sql, where.params, dtypes=COMPANIES)


def read_company_sources(ws: Workspace, *, company: str | None = None) -> pd.DataFrame:
    """Saved sources, of one company or industry or of all, in the order they were saved."""
    where = Where().add("c.name = ? COLLATE NOCASE", company)
    sql = (
        "SELECT s.source_id, c.name AS company, s.kind, s.value, s.last_gathered FROM company_sources s "
        f"JOIN companies c USING (company_id){where} ORDER BY s.source_id"
    )
    return ws.read(sql, where.params, dtypes=COMPANY_SOURCES)


def read_article_companies(ws: Workspace, *, company: str | None = None) -> pd.DataFrame:
    """Which articles are about whom: (article_id, company, how), how = source or mention."""
    where = Where().add("company = ? COLLATE NOCASE", company)
    sql = f"SELECT article_id, company, how FROM article_companies{where} ORDER BY article_id, company, how"
    return ws.read(sql, where.params, dtypes=ARTICLE_COMPANIES)


def read_questions(ws: Workspace, interview_id: object) -> list[str]:
    """The questions planned for an interview, in the order added."""
    key = record_id(interview_id, field="interview_id", label="interview")
    sql = "SELECT question FROM interview_questions WHERE interview_id = ? ORDER BY rowid"
    return [row[0] for row in ws.rows(sql, (key,))]


def read_fetch_log(ws: Workspace, *, gather_id: int | None = None) -> pd.DataFrame:
    """Fetch-log rows, of one gather or of all."""
    where = Where().add("gather_id = ?", gather_id)
    return ws.read(f"SELECT * FROM fetch_log{where} ORDER BY fetch_id", where.params, dtypes=FETCH_LOG)


def read_contacts(ws: Workspace) -> pd.DataFrame:
    """Every contact, by id."""
    return ws.read("SELECT * FROM contacts ORDER BY contact_id", dtypes=CONTACTS)


def read_interviews(ws: Workspace, *, confidential: bool = False) -> pd.DataFrame:
    """Interviews by id; confidential notes only when asked for (they never leave the workspace otherwise)."""
    df = ws.read("SELECT * FROM interviews ORDER BY interview_id", dtypes=INTERVIEWS)
    return df if confidential else df.drop(columns=["confidential_notes"])


def read_interview_history(ws: Workspace) -> pd.DataFrame:
    """Every stage change, in the order it was recorded."""
    return ws.read("SELECT * FROM interview_status ORDER BY at, rowid", dtypes=INTERVIEW_STATUS)


TEXT_HISTORY = {"interview_id": "Int64", "field": STR, "text": STR, "replaced": "datetime64[us, UTC]"}


def read_text_history(ws: Workspace, *, confidential: bool = False) -> pd.DataFrame:
    """Text that edits replaced, oldest first; confidential notes only when asked for."""
    where = Where() if confidential else Where().always("field != 'confidential_notes'")
    sql = f"SELECT * FROM interview_text_history{where} ORDER BY replaced, rowid"
    return ws.read(sql, where.params, dtypes=TEXT_HISTORY)


def read_referrals(ws: Workspace) -> pd.DataFrame:
    """Every referral, by id."""
    return ws.read("SELECT * FROM referrals ORDER BY referral_id", dtypes=REFERRALS)


def read_followups(
    ws: Workspace,
    *,
    due_by: TimeLike = None,
    include_done: bool = False,
    with_contact: bool = False,
    now: datetime | None = None,
) -> pd.DataFrame:
    """Follow-ups soonest first: open ones (and done ones when asked), optionally those due by a date, optionally
    with the contact's name and organisation and whether each is overdue at `now` (default: the current time)."""
    where = Where() if include_done else Where().always("f.done IS NULL")
    where.add("f.due <= ?", iso(parse_day_end(due_by, field="due-by")) if due_by is not None else None)
    extra = ", c.name AS contact, c.organization" if with_contact else ""
    sql = (
        f"SELECT f.*{extra} FROM followups f LEFT JOIN contacts c ON c.contact_id = f.contact_id{where} "
        "ORDER BY f.due, f.followup_id"
    )
    df = ws.read(sql, where.params, dtypes=FOLLOWUPS_WITH_CONTACT if with_contact else FOLLOWUPS)
    if with_contact:
        df["overdue"] = (df["done"].isna() & (df["due"] < pd.Timestamp(now or utc_now()))).astype("boolean")
    return df


def contact_card(ws: Workspace, contact_id: object) -> dict[str, Any]:
    """One contact's record with its interviews (no confidential notes), referrals given and open follow-ups."""
    key = record_id(contact_id, field="contact_id", label="contact")
    contact = ws.read("SELECT * FROM contacts WHERE contact_id = ?", (key,), dtypes=CONTACTS)
    if contact.empty:
        raise InvalidInput(f"contact: no contact with id {contact_id}", field="contact_id")
    card = records(contact)[0]
    sql = "SELECT * FROM interviews WHERE contact_id = ? ORDER BY interview_id"
    card["interviews"] = records(ws.read(sql, (key,), dtypes=INTERVIEWS).drop(columns=["confidential_notes"]))
    sql = "SELECT * FROM referrals WHERE from_contact = ? ORDER BY referral_id"
    card["referrals"] = records(ws.read(sql, (key,), dtypes=REFERRALS))
    sql = "SELECT * FROM followups WHERE contact_id = ? AND done IS NULL ORDER BY due"
    card["followups"] = records(ws.read(sql, (key,), dtypes=FOLLOWUPS))
    return card


def read_table(ws: Workspace, table: str) -> pd.DataFrame:
    """A whole exportable table with its declared dtypes, by id (`interview_status` in the order recorded)."""
    if table not in EXPORTABLE:
        raise InvalidInput(f"table: expected one of {', '.join(EXPORTABLE)}, got {table!r}", field="table")
    columns = ", ".join(EXPORTABLE[table])
    return ws.read(f"SELECT {columns} FROM {table} ORDER BY {KEYS.get(table, 'rowid')}", dtypes=EXPORTABLE[table])


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts: NA becomes None, timestamps stay Timestamps."""
    return [
        {k: (None if v is pd.NA or v is pd.NaT else v) for k, v in row.items()}
        for row in df.astype(object).to_dict("records")
    ]
