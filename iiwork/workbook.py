"""Workbook: the one entry object, over a workspace directory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import pandas as pd

from . import derive
from .analysis import trends
from .errors import ConfigError, InvalidInput
from .news import gather as gathering
from .news import sources
from .news.fetch import Fetcher
from .search import tracker
from .tables import (
    ARTICLES,
    CONTACTS,
    FETCH_LOG,
    FOLLOWUPS,
    INTERVIEW_STATUS,
    INTERVIEWS,
    REFERRALS,
    STORIES,
)
from .times import iso, parse_day_end, parse_since
from .workspace import Workspace

ENV_CONTACT = "IIWORK_CONTACT_EMAIL"


class Workbook:
    """An informational-interview workbook: `Workbook(path)` opens or creates the workspace at `path`.

    >>> wb = Workbook("data")                          # doctest: +SKIP
    >>> wb.gather(company="Voltaic Storage", feeds=["data/sample/feeds/grid-ledger.rss.xml"])  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        contact_email: str | None = None,
        timeout: tuple[float, float] = (5.0, 15.0),
        max_bytes: int = 10 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 0.5,
        per_host: int = 4,
        intervals: Mapping[str, float] | None = None,
        workers: int = 16,
    ) -> None:
        self.workspace = Workspace(path)
        self.path = self.workspace.path
        try:
            self.contact_email = contact_email or os.environ.get(ENV_CONTACT) or self._configured_email()
        except BaseException:
            self.workspace.close()
            raise
        self.workers = workers
        self._http = {
            "timeout": timeout,
            "max_bytes": max_bytes,
            "retries": retries,
            "backoff": backoff,
            "per_host": per_host,
            "intervals": intervals,
        }
        self._fetcher: Fetcher | None = None

    def __repr__(self) -> str:
        return f"<Workbook {str(self.path)!r}>"

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        self.workspace.close()

    def _configured_email(self) -> str | None:
        value = self.workspace.config().get("http", {}).get("contact_email")
        return str(value) if value else None

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP layer, with conditional-request validators kept in the workspace (made on first use)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(
                validators=self.workspace.validators, contact_email=self.contact_email, **self._http
            )
        return self._fetcher

    def gather(
        self,
        *,
        company: str | None = None,
        queries: Iterable[str] = (),
        feeds: Iterable[str] = (),
        newsroom: str | None = None,
        edgar: str | None = None,
        edgar_forms: Sequence[str] = ("",),
        gdelt: str | None = None,
        gdelt_timespan: str = "1w",
        since: str | datetime | None = None,
        full_text: bool = False,
        progress: bool | None = None,
    ) -> pd.DataFrame:
        """Gather news from every source given; returns this gather's fetch log (one row per source).

        A failing source is logged and skipped; what the others gave is stored.
        """
        cutoff = parse_since(since, field="since")
        chosen = self._sources(
            queries=queries,
            feeds=feeds,
            newsroom=newsroom,
            edgar=edgar,
            edgar_forms=edgar_forms,
            gdelt=gdelt,
            gdelt_timespan=gdelt_timespan,
        )
        gather_id, new_ids = gathering.gather(
            self.workspace, self.fetcher, chosen, company=company, since=cutoff, workers=self.workers, progress=progress
        )
        if full_text and new_ids:
            gathering.fetch_text(self.workspace, self.fetcher, new_ids)
        return self.fetch_log(gather_id=gather_id)

    def _sources(self, *, queries, feeds, newsroom, edgar, edgar_forms, gdelt, gdelt_timespan) -> list[sources.Source]:
        chosen = [sources.google_news(query) for query in _strings(queries, "queries")]
        chosen += [sources.feed(location) for location in _strings(feeds, "feeds")]
        if newsroom:
            chosen.append(sources.newsroom(newsroom))
        if edgar:
            if not self.contact_email:
                raise ConfigError(
                    f"SEC EDGAR needs a contact e-mail in the User-Agent: set {ENV_CONTACT} "
                    "or [http] contact_email in the workspace's config.toml"
                )
            chosen += [sources.edgar(edgar, form=form) for form in edgar_forms]
        if gdelt:
            chosen.append(sources.gdelt(gdelt, timespan=gdelt_timespan))
        if not chosen:
            raise InvalidInput("nothing to gather: give at least one query, feed, newsroom, edgar or gdelt source")
        return chosen

    def fetch_text(self, article_ids: Iterable[int]) -> pd.DataFrame:
        """Fetch and extract full text for chosen articles; results are recorded on each row."""
        return gathering.fetch_text(self.workspace, self.fetcher, [int(i) for i in article_ids])

    def articles(
        self,
        *,
        company: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        publisher: str | None = None,
        contains: str | None = None,
    ) -> pd.DataFrame:
        """The article table, newest first, filtered by company, dates, publisher or a word in title/summary."""
        where, params = ["1 = 1"], []
        for clause, value in (
            ("company = ? COLLATE NOCASE", company),
            ("published >= ?", iso(parse_since(since, field="since"))),
            ("published < ?", iso(parse_since(until, field="until"))),
            ("publisher = ? COLLATE NOCASE", publisher),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if contains:
            where.append("(title LIKE ? OR summary LIKE ?)")
            params += [f"%{contains}%"] * 2
        sql = f"SELECT * FROM articles WHERE {' AND '.join(where)} ORDER BY published DESC, article_id DESC"
        return self.workspace.read(sql, params, dtypes=ARTICLES)

    def stories(self, *, company: str | None = None, since: str | datetime | None = None) -> pd.DataFrame:
        """Stories (groups of articles reporting the same news), most recent first; new articles are grouped first."""
        derive.bring_up_to_date(self.workspace)
        where, params = ["1 = 1"], []
        if company is not None:
            where.append("story_id IN (SELECT story_id FROM articles WHERE company = ? COLLATE NOCASE)")
            params.append(company)
        cutoff = iso(parse_since(since, field="since"))
        if cutoff is not None:
            where.append("last_seen >= ?")
            params.append(cutoff)
        sql = f"SELECT * FROM stories WHERE {' AND '.join(where)} ORDER BY last_seen DESC, story_id DESC"
        return self.workspace.read(sql, params, dtypes=STORIES)

    def trends(
        self,
        *,
        company: str | Sequence[str] | None = None,
        since: str | datetime | None = "180d",
        freq: str = "W",
        aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> trends.Trends:
        """Trend tables over the gathered articles: volume, publishers, event types, share of voice among the
        companies given, emerging terms and bursts. Company names and aliases are left out of the terms."""
        names = [company] if isinstance(company, str) else list(company or ())
        derive.bring_up_to_date(self.workspace)
        df = self.articles(since=since)
        if len(names) == 1:
            df = df[df["company"].str.casefold() == names[0].casefold()]
        companies = {name: list((aliases or {}).get(name, ())) for name in names}
        publishers = df["publisher"].dropna().unique().tolist()
        return trends.trends(
            df,
            freq=freq,
            companies=companies if len(names) > 1 else {},
            exclude=[*names, *(a for v in companies.values() for a in v), *publishers],
        )

    def key_terms(
        self,
        *,
        company: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        aliases: Sequence[str] = (),
        top: int = 10,
    ) -> pd.DataFrame:
        """Distinctive words and phrases of a company's (or a period's) articles against the rest of the workspace.

        The company's name, its aliases and publisher names are left out, and so is boilerplate.
        """
        from .analysis.terms import key_terms

        everything = self.articles()
        chosen = self.articles(company=company, since=since, until=until)
        docs = _documents(chosen)
        background = _documents(everything[~everything["article_id"].isin(chosen["article_id"])])
        exclude = [*(n for n in [company] if n), *aliases, *everything["publisher"].dropna().unique()]
        return key_terms(docs, background=background or None, top=top, exclude=exclude)

    # The search tracker: thin wrappers over iiwork.tracker, each write one transaction.

    def add_contact(self, **fields) -> int:
        """Add a contact (name, role, organization, industry, email, url, how_known, referred_by, can_use_name,
        tags, notes); returns its id."""
        return tracker.add_contact(self.workspace, **fields)

    def add_interview(self, **fields) -> int:
        """Add an interview (contact, when, format, minutes, purpose, goal); returns its id."""
        return tracker.add_interview(self.workspace, **fields)

    def update_interview(self, interview_id: int, **fields) -> None:
        """Change an interview's status, time, notes, confidential notes, learnings or feedback."""
        tracker.update_interview(self.workspace, interview_id, **fields)

    def add_referral(self, **fields) -> int:
        """Record a referral (from_contact, to_name, to_organization, can_use_name, will_introduce); returns its id."""
        return tracker.add_referral(self.workspace, **fields)

    def referral_reached(self, referral_id: int, *, contact: int) -> None:
        """The person a referral pointed to is now contact `contact`: links them and closes the check-in."""
        tracker.reached(self.workspace, referral_id, contact=contact)

    def followup_done(self, followup_id: int, *, now: datetime | None = None) -> None:
        """Record that the follow-up was sent (a thank-you marks its interview 'thanked')."""
        tracker.mark_done(self.workspace, followup_id, now=now)

    def contacts(self) -> pd.DataFrame:
        return self.workspace.read("SELECT * FROM contacts ORDER BY contact_id", dtypes=CONTACTS)

    def interviews(self, *, confidential: bool = False) -> pd.DataFrame:
        """Interviews; confidential notes only when asked for (they never leave the workspace otherwise)."""
        df = self.workspace.read("SELECT * FROM interviews ORDER BY interview_id", dtypes=INTERVIEWS)
        return df if confidential else df.drop(columns=["confidential_notes"])

    def interview_history(self) -> pd.DataFrame:
        return self.workspace.read("SELECT * FROM interview_status ORDER BY at, rowid", dtypes=INTERVIEW_STATUS)

    def referrals(self) -> pd.DataFrame:
        return self.workspace.read("SELECT * FROM referrals ORDER BY referral_id", dtypes=REFERRALS)

    def followups(self, *, due_by: str | datetime | None = None, include_done: bool = False) -> pd.DataFrame:
        """Follow-ups, soonest first: open ones (and done ones when asked), optionally those due by a date."""
        where, params = ["1 = 1"], []
        if not include_done:
            where.append("done IS NULL")
        if due_by is not None:
            where.append("due <= ?")
            params.append(iso(parse_day_end(due_by, field="due-by")))
        sql = f"SELECT * FROM followups WHERE {' AND '.join(where)} ORDER BY due, followup_id"
        return self.workspace.read(sql, params, dtypes=FOLLOWUPS)

    def email(self, kind: str, *, interview: int, referral: int | None = None):
        """An e-mail draft filled from the records: request, thank-you, referral or check-in."""
        from .search.emails import draft

        return draft(self, kind, interview=interview, referral=referral)

    def write_ics(self, path: str | os.PathLike) -> int:
        """Export scheduled interviews and open follow-ups as an iCalendar file; returns the number of events."""
        from .search.calendar import write_ics

        return write_ics(self, path)

    def contact(self, contact_id: int) -> dict:
        """One contact as a dict, with its interviews, referrals given and open follow-ups (as lists of dicts)."""
        return tracker.contact_card(self.workspace, contact_id)

    # Activity, import/export and backup: iiwork.activity and iiwork.transfer.

    def activity(self, *, freq: str = "W", now: datetime | None = None):
        """Activity over the search: weekly counts, funnel, response, thank-you timeliness, referral tree,
        how-known sources and overdue follow-ups (an `iiwork.activity.Activity` of DataFrames)."""
        from .search.activity import activity

        return activity(self, freq=freq, now=now)

    def export(self, table: str, path: str | os.PathLike, *, confidential: bool = False) -> int:
        """Write one table to CSV (lossless; confidential notes only when asked); returns the number of rows."""
        from .search.transfer import export_csv

        return export_csv(self, table, path, confidential=confidential)

    def import_csv(self, table: str, path: str | os.PathLike, *, mapping: Mapping[str, str] | None = None) -> int:
        """Import rows from CSV into a table, all or nothing; `mapping` renames a spreadsheet's columns
        ({"Their column": "our_column"}). Returns the number of rows imported."""
        from .search.transfer import import_csv

        return import_csv(self, table, path, mapping=mapping)

    def work_search_log(
        self, *, since: str | datetime | None = None, until: str | datetime | None = None
    ) -> pd.DataFrame:
        """The dated work-search log (date, organization, person, method, outcome) some benefit offices ask for."""
        from .search.transfer import work_search_log

        return work_search_log(self, since=since, until=until)

    def backup(self, path: str | os.PathLike) -> int:
        """A consistent copy of workbook.sqlite at `path` (SQLite's backup API); returns its size in bytes."""
        from .search.transfer import backup

        return backup(self, path)

    def fetch_log(self, *, gather_id: int | None = None) -> pd.DataFrame:
        """Fetch-log rows, of one gather or of all."""
        sql = (
            "SELECT * FROM fetch_log" + (" WHERE gather_id = ?" if gather_id is not None else "") + " ORDER BY fetch_id"
        )
        return self.workspace.read(sql, () if gather_id is None else (gather_id,), dtypes=FETCH_LOG)


def _documents(df: pd.DataFrame) -> list[str]:
    body = df["text"].fillna(df["summary"]).fillna("")
    return [f"{title}\n{text}" for title, text in zip(df["title"], body)]


def _strings(values: Iterable[str] | str, name: str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    cleaned = [str(value).strip() for value in values or ()]
    if any(not value for value in cleaned):
        raise InvalidInput(f"{name}: empty value")
    return cleaned
