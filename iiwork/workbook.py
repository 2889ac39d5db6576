"""Workbook: the one entry object over a workspace directory; every method delegates to the package."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import companies, queries
from .errors import ConfigError, InvalidInput
from .queries import read_fetch_log  # `gather` has a parameter named `queries`
from .search import tracker
from .times import parse_since
from .workspace import Workspace

if TYPE_CHECKING:  # the heavy modules are imported on first use, so a command starts fast
    from .analysis.trends import Trends
    from .brief.briefing import Briefing
    from .brief.digest import Digest
    from .news.fetch import Fetcher
    from .news.sources import Source
    from .search.activity import Activity
    from .search.emails import Draft

ENV_CONTACT = "IIWORK_CONTACT_EMAIL"
TimeLike = str | datetime | None


class Workbook:
    """An informational-interview workbook: `Workbook(path)` opens or creates the workspace at `path`.

    >>> wb = Workbook("data")                          # doctest: +SKIP
    >>> wb.gather(company="Voltaic Storage", feeds=["data/sample/feeds/grid-ledger.rss.xml"])  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        contact_email: str | None = None,
        timeout: tuple[float, float] = (5.0, 15.0),
        max_bytes: int = 10 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 0.5,
        per_host: int = 4,
        intervals: Mapping[str, float] | None = None,
        workers: int | None = None,
        create: bool = True,
    ) -> None:
        self.workspace = Workspace(path, create=create)
        self.path = self.workspace.path
        try:
            self.contact_email = contact_email or os.environ.get(ENV_CONTACT) or self._configured_email()
        except BaseException:
            self.workspace.close()
            raise
        self.workers = workers
        self._http: dict[str, Any] = dict(
            timeout=timeout,
            max_bytes=max_bytes,
            retries=retries,
            backoff=backoff,
            per_host=per_host,
            intervals=intervals,
        )
        self._fetcher: Fetcher | None = None

    def __repr__(self) -> str:
        return f"<Workbook {str(self.path)!r}>"

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session and the database connection."""
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
            from .news.fetch import Fetcher

            self._fetcher = Fetcher(
                validators=self.workspace.validators, contact_email=self.contact_email, **self._http
            )
        return self._fetcher

    # Gathering the news

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
        gdelt_timespan: str | None = None,
        since: TimeLike = None,
        full_text: bool = False,
        progress: bool | None = None,
    ) -> pd.DataFrame:
        """Gather news from every source given (none given: the saved sources of `company`, else of every followed
        company and industry); returns this gather's fetch log (one row per source).

        A failing source is logged and skipped; what the others gave is stored, then tagged and grouped.
        """
        from .news import gather as gathering

        cutoff = parse_since(since, field="since")
        given = _strings(queries, "queries") or _strings(feeds, "feeds") or newsroom or edgar or gdelt
        if given:
            chosen = self._sources(
                queries=queries,
                feeds=feeds,
                newsroom=newsroom,
                edgar=edgar,
                edgar_forms=edgar_forms,
                gdelt=gdelt,
                gdelt_timespan=gdelt_timespan,
                cutoff=cutoff,
            )
        else:  # the saved sources of one followed company, or of every company and industry
            chosen = self._saved_sources(company=company, since=cutoff)
        gather_id, new_ids = gathering.gather_sources(
            self.workspace, self.fetcher, chosen, company=company, since=cutoff, workers=self.workers, progress=progress
        )
        if not given:
            companies.mark_gathered(self.workspace, company=company)
        if full_text and new_ids:
            gathering.fetch_text(self.workspace, self.fetcher, new_ids)
        self._derive()  # tags and stories for what was stored (nothing loaded when nothing is new)
        return read_fetch_log(self.workspace, gather_id=gather_id)

    def _saved_sources(self, *, company: str | None, since: datetime | None) -> list[Source]:
        chosen = companies.saved_sources(self.workspace, company=company, since=since)
        if any(source.kind == "edgar" for source in chosen) and not self.contact_email:
            raise ConfigError(
                f"SEC EDGAR needs a contact e-mail in the User-Agent: set {ENV_CONTACT} "
                "or [http] contact_email in the workspace's config.toml",
                field="edgar",
            )
        if not chosen:
            whose = f"{company!r} has" if company else "no followed company or industry has"
            raise InvalidInput(
                f"nothing to gather: {whose} saved sources; give a query, feed, newsroom, edgar or gdelt source, "
                "or save one: {fix}",
                fix={"cli": "iiwork company add NAME --feed URL", "python": "wb.follow(name, feeds=[url])"},
            )
        return chosen

    def _sources(
        self,
        *,
        queries: Iterable[str],
        feeds: Iterable[str],
        newsroom: str | None,
        edgar: str | None,
        edgar_forms: Sequence[str],
        gdelt: str | None,
        gdelt_timespan: str | None,
        cutoff: datetime | None = None,
    ) -> list[Source]:
        from .news import sources

        chosen = [sources.google_news(query) for query in _strings(queries, "queries")]
        chosen += [sources.feed(location) for location in _strings(feeds, "feeds")]
        if newsroom:
            chosen.append(sources.newsroom(newsroom))
        if edgar:
            if not self.contact_email:
                raise ConfigError(
                    f"SEC EDGAR needs a contact e-mail in the User-Agent: set {ENV_CONTACT} "
                    "or [http] contact_email in the workspace's config.toml",
                    field="edgar",
                )
            chosen += [sources.edgar(edgar, form=form) for form in edgar_forms]
        if gdelt:
            chosen.append(sources.gdelt(gdelt, timespan=gdelt_timespan or sources.gdelt_timespan(cutoff)))
        if not chosen:
            raise InvalidInput("nothing to gather: give at least one query, feed, newsroom, edgar or gdelt source")
        return chosen

    # The companies and industries you follow

    def follow(
        self,
        name: str,
        *,
        aliases: Iterable[str] = (),
        industry: str | None = None,
        ticker: str | None = None,
        cik: str | None = None,
        website: str | None = None,
        notes: str | None = None,
        queries: Iterable[str] = (),
        feeds: Iterable[str] = (),
        newsroom: str | None = None,
        edgar_forms: Iterable[str] = (),
        gdelt: str | None = None,
        replace: bool = False,
        exists: bool | None = None,
    ) -> int:
        """Follow a company, or update one you follow (its fields given replace; its aliases and saved sources given
        are added, or replace the old ones of their kind with `replace=True`); returns its id. `exists=False`
        refuses a company already followed, `exists=True` one that is not."""
        sources = _saved(queries=queries, feeds=feeds, newsroom=newsroom, edgar_forms=edgar_forms, gdelt=gdelt)
        followed = companies.Followed(
            name,
            aliases=tuple(_strings(aliases, "aliases")),
            industry=industry,
            ticker=ticker,
            cik=cik,
            website=website,
            notes=notes,
            sources=sources,
        )
        return companies.follow(self.workspace, followed, replace_lists=replace, exists=exists)

    def follow_industry(
        self,
        name: str,
        *,
        queries: Iterable[str] = (),
        feeds: Iterable[str] = (),
        notes: str | None = None,
        exists: bool | None = None,
    ) -> int:
        """Follow an industry with its own saved sources (trade press feeds, searches), or add to one; returns its
        id."""
        sources = _saved(queries=queries, feeds=feeds)
        followed = companies.Followed(name, kind="industry", notes=notes, sources=sources)
        return companies.follow(self.workspace, followed, exists=exists)

    def unfollow(self, name: str) -> str:
        """Stop following a company or industry (its articles and your contacts there stay); returns its name."""
        return companies.unfollow(self.workspace, name)

    def companies(self, *, kind: str | None = None, industry: str | None = None) -> pd.DataFrame:
        """The companies and industries you follow (`kind`: company or industry), by name, with their aliases; those
        of one `industry` (any case) when given."""
        return queries.read_companies(self.workspace, kind=kind, industry=industry)

    def company(self, name: str) -> dict[str, Any]:
        """One followed company (by name or alias): its record, sources, article and story counts, last gathered."""
        return companies.company_record(self.workspace, name)

    def company_sources(self, company: str | None = None) -> pd.DataFrame:
        """The saved sources of one followed company or industry, or of all."""
        return queries.read_company_sources(self.workspace, company=company)

    def people_at(self, company: str) -> dict[str, Any]:
        """Your network at a followed company: contacts there, referrals there not reached yet, who introduced you."""
        from .search.network import people_at

        return people_at(self.workspace, company)

    def targets(self, *, now: datetime | str | None = None) -> pd.DataFrame:
        """Every followed company: news momentum, people you know, interviews, the next action; contact-now first."""
        from .search.network import targets

        return targets(self.workspace, now=now)

    def digest(
        self, *, since: TimeLike = "last", companies: str | Sequence[str] | None = None, now: datetime | None = None
    ) -> Digest:
        """What is new since you last looked (since="last": since the last digest recorded, else 7 days; or an age
        such as "7d", or a date): each followed company's and industry's new stories, biggest first, and flags for
        bursts of coverage and unusual events. Reading a digest records nothing; `record_digest` moves the window."""
        from .brief.digest import build_digest

        return build_digest(self.workspace, since=since, companies=companies, now=now)

    def record_digest(self, digest: Digest) -> int:
        """Record that `digest` was read, so the next since="last" starts where it ended (a digest of every followed
        company only); returns its id."""
        from .brief.digest import record_digest

        return record_digest(self.workspace, digest)

    def briefing(self, interview_id: int, *, since: TimeLike = "90d", now: datetime | None = None) -> Briefing:
        """The briefing for one interview: header, company snapshot, what's new, industry pulse, what you can share,
        what you have learned (no names, nothing confidential), questions, what to handle with care, what to do after
        and the sources. `.to_markdown()`, `.to_html()`, `.save()`; shown inline in a notebook."""
        from .brief.briefing import build_briefing

        self._derive()
        return build_briefing(self.workspace, interview_id, since=since, now=now)

    def demo(self, *, force: bool = False, now: datetime | None = None) -> dict[str, Any]:
        """Build the offline demo here: the sample's companies followed and gathered, a plausible search, a digest
        and a briefing for the next interview. A second run changes nothing; a workspace holding records of its own
        is refused unless `force`. Returns what was done and where the briefing is."""
        from .demo.demo_workspace import build_demo

        return build_demo(self.workspace, force=force, now=now)

    def run_notebook(
        self,
        name: str,
        *,
        parameters: Mapping[str, object] | None = None,
        out: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Execute a notebook template (name, stem or number) against this workspace with papermill, its parameters
        set; returns the executed copy's path (default: the workspace's notebooks/)."""
        from .notebook_runner import run_notebook

        return run_notebook(self.path, name, parameters=parameters, out=out)

    def import_companies(self, path: str | os.PathLike[str]) -> list[str]:
        """Follow every company and the industry of a file shaped like data/sample/companies.json."""
        return companies.import_companies(self.workspace, path)

    def fetch_text(self, article_ids: Iterable[int]) -> pd.DataFrame:
        """Fetch and extract full text for chosen articles; results are recorded on each row."""
        from .news import gather as gathering

        return gathering.fetch_text(self.workspace, self.fetcher, [int(i) for i in article_ids])

    def fetch_log(self, *, gather_id: int | None = None) -> pd.DataFrame:
        """Fetch-log rows, of one gather or of all."""
        return queries.read_fetch_log(self.workspace, gather_id=gather_id)

    # Reading and analysing the news

    def articles(
        self,
        *,
        company: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        publisher: str | None = None,
        contains: str | None = None,
    ) -> pd.DataFrame:
        """The article table, newest first, filtered by company (every article about it: gathered for it or naming
        it; a followed company's alias works too), dates, publisher or a word in title/summary."""
        self._derive()
        company = companies.known_name(self.workspace, company)
        return queries.read_articles(
            self.workspace, company=company, since=since, until=until, publisher=publisher, contains=contains
        )

    def stories(self, *, company: str | None = None, since: TimeLike = None) -> pd.DataFrame:
        """Stories (groups of articles reporting the same news), most recent first; of a company: those with an
        article about it."""
        self._derive()
        return queries.read_stories(self.workspace, company=companies.known_name(self.workspace, company), since=since)

    def trends(
        self,
        *,
        company: str | Sequence[str] | None = None,
        since: TimeLike = "180d",
        freq: str = "W",
        aliases: Mapping[str, Sequence[str]] | None = None,
        undated: bool = False,
    ) -> Trends:
        """Trend tables over the gathered articles: volume, publishers, event types, share of voice among the
        companies given (the aliases of followed companies counted without being passed), emerging terms and bursts.
        One company's trends count every article about it (gathered for it or naming it). Company names and aliases
        are left out of the terms, and articles without a date of their own are left out unless `undated=True`."""
        from .analysis.trends import company_trends

        names = [company] if isinstance(company, str) else list(company or ())
        known = companies.aliases_of(self.workspace, names, given=aliases)
        one = names[0] if len(names) == 1 else None
        articles = self.articles(company=one, since=since)
        return company_trends(articles, company=company, freq=freq, aliases=known, undated=undated, chosen=bool(one))

    def key_terms(
        self,
        *,
        company: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        aliases: Sequence[str] = (),
        top: int = 10,
    ) -> pd.DataFrame:
        """Distinctive words and phrases of a company's (or a period's) articles against the rest of the workspace.

        The names of every company in the workspace, every followed company's aliases, the aliases given and
        publisher names are left out, and so is
        feed boilerplate (text most items of one source repeat), datelines, tickers, months, numbers and fillers.
        """
        from .analysis.terms import company_names, terms_against

        chosen = self.articles(company=company, since=since, until=until)
        everything = queries.read_articles(self.workspace)
        followed = [name for found in companies.names_and_aliases(self.workspace).values() for name in found]
        names = company_names(everything, [*(n for n in [company] if n), *aliases, *followed])  # every company
        return terms_against(chosen, everything, exclude=names, top=top)

    def _derive(self) -> None:
        from . import derive

        if not derive.is_current(self.workspace):
            derive.bring_up_to_date(self.workspace)

    # The search tracker: each write is one transaction, checked by iiwork.search.rules.

    def add_contact(
        self,
        *,
        name: str,
        role: str | None = None,
        organization: str | None = None,
        industry: str | None = None,
        email: str | None = None,
        url: str | None = None,
        how_known: str | None = None,
        referred_by: int | None = None,
        can_use_name: bool = False,
        tags: str | None = None,
        notes: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Add a contact; returns its id."""
        return tracker.add_contact(
            self.workspace,
            name=name,
            role=role,
            organization=organization,
            industry=industry,
            email=email,
            url=url,
            how_known=how_known,
            referred_by=referred_by,
            can_use_name=can_use_name,
            tags=tags,
            notes=notes,
            now=now,
        )

    def add_interview(
        self,
        *,
        contact: int,
        when: str | datetime | None = None,
        format: str | None = None,
        minutes: int | None = None,
        purpose: str = "information",
        goal: str | None = None,
        status: str | None = None,
        at: str | datetime | None = None,
        now: datetime | None = None,
    ) -> int:
        """Add an interview with a contact (scheduled when it has a time); returns its id. `at`: when its first
        stage happened (default: the slot's time for a conversation logged after it, else now)."""
        return tracker.add_interview(
            self.workspace,
            contact=contact,
            when=when,
            format=format,
            minutes=minutes,
            purpose=purpose,
            goal=goal,
            status=status,
            at=at,
            now=now,
        )

    def update_interview(
        self,
        interview_id: int,
        *,
        status: str | None = None,
        when: str | datetime | None = None,
        notes: str | None = None,
        confidential_notes: str | None = None,
        learnings: str | None = None,
        feedback: str | None = None,
        goal: str | None = None,
        replace: bool = False,
        at: str | datetime | None = None,
        now: datetime | None = None,
        questions: Sequence[str] = (),
    ) -> None:
        """Change an interview's status, time, notes, confidential notes, learnings, feedback or goal, or add
        `questions` you plan to ask (the briefing flags those the research already answers).

        Notes, confidential notes, learnings and feedback are added to (a dated entry) unless `replace=True`;
        replaced text is kept in the interview's text history. `at`: when a new stage happened (default: the
        slot's time for a conversation held before it was logged, else now)."""
        tracker.update_interview(
            self.workspace,
            interview_id,
            status=status,
            when=when,
            notes=notes,
            confidential_notes=confidential_notes,
            learnings=learnings,
            feedback=feedback,
            goal=goal,
            replace=replace,
            at=at,
            now=now,
            questions=questions,
        )

    def questions(self, interview_id: int) -> list[str]:
        """The questions you plan to ask in an interview, in the order added."""
        return queries.read_questions(self.workspace, interview_id)

    def text_history(self) -> pd.DataFrame:
        """What edits replaced: interview_id, field, text, replaced (when); confidential notes left out."""
        return queries.read_text_history(self.workspace)

    def add_referral(
        self,
        *,
        from_contact: int,
        to_name: str | None = None,
        to_organization: str | None = None,
        to_contact: int | None = None,
        can_use_name: bool = False,
        will_introduce: bool = False,
        now: datetime | None = None,
    ) -> int:
        """Record a referral (a promised introduction gets a check-in in 7 days); returns its id."""
        return tracker.add_referral(
            self.workspace,
            from_contact=from_contact,
            to_name=to_name,
            to_organization=to_organization,
            to_contact=to_contact,
            can_use_name=can_use_name,
            will_introduce=will_introduce,
            now=now,
        )

    def referral_reached(self, referral_id: int, *, contact: int, now: datetime | None = None) -> None:
        """The person a referral pointed to is now contact `contact`: links them and closes the check-in."""
        tracker.referral_reached(self.workspace, referral_id, contact=contact, now=now)

    def followup_done(self, followup_id: int, *, now: datetime | None = None) -> None:
        """Record that the follow-up was sent (a thank-you marks its interview 'thanked')."""
        tracker.followup_done(self.workspace, followup_id, now=now)

    def contacts(self) -> pd.DataFrame:
        """Every contact, by id."""
        return queries.read_contacts(self.workspace)

    def contact(self, contact_id: int) -> dict[str, Any]:
        """One contact as a dict, with its interviews, referrals given and open follow-ups (as lists of dicts)."""
        return queries.contact_card(self.workspace, contact_id)

    def next_interview(self, *, now: datetime | None = None) -> int | None:
        """The id of the soonest interview still to come (set after now, not held, declined or unanswered), else
        None: the one to brief for."""
        from .search.tracker import next_interview

        return next_interview(self.workspace, now=now)

    def interviews(self, *, confidential: bool = False) -> pd.DataFrame:
        """Interviews; confidential notes only when asked for (they never leave the workspace otherwise)."""
        return queries.read_interviews(self.workspace, confidential=confidential)

    def interview_history(self) -> pd.DataFrame:
        """Every stage change of every interview, in the order recorded."""
        return queries.read_interview_history(self.workspace)

    def referrals(self) -> pd.DataFrame:
        """Every referral, by id."""
        return queries.read_referrals(self.workspace)

    def followups(
        self,
        *,
        due_by: TimeLike = None,
        include_done: bool = False,
        with_contact: bool = False,
        now: datetime | None = None,
    ) -> pd.DataFrame:
        """Follow-ups, soonest first: open ones (and done ones when asked), optionally those due by a date, and
        optionally with the contact's name and organisation and an `overdue` flag (as of `now`)."""
        return queries.read_followups(
            self.workspace, due_by=due_by, include_done=include_done, with_contact=with_contact, now=now
        )

    def email(self, kind: str, *, interview: int, referral: int | None = None) -> Draft:
        """An e-mail draft filled from the records: request, thank-you, referral or check-in."""
        from .search.emails import draft

        return draft(self.workspace, kind, interview=interview, referral=referral)

    def set_sender(self, name: str, *, signature: str | None = None) -> None:
        """Your name (and an optional signature) for the e-mail drafts, kept in the workspace's config.toml."""
        from .search.rules import text

        found = text(name, field="name", label="sign-as", required=True) or ""
        values = {"name": found, **({"signature": signature.strip()} if signature else {})}
        self.workspace.update_config("me", values)

    def write_ics(self, path: str | os.PathLike[str]) -> int:
        """Export scheduled interviews and open follow-ups as an iCalendar file; returns the number of events."""
        from .search.calendar import write_ics

        return write_ics(self.workspace, path)

    # Activity, import/export and backup

    def activity(self, *, freq: str = "W", now: datetime | str | None = None) -> Activity:
        """Activity over the search: weekly counts, funnel, response, thank-you timeliness, referral tree,
        how-known sources and overdue follow-ups."""
        from .search.activity import search_activity

        return search_activity(self.workspace, freq=freq, now=now)

    def export(self, table: str, path: str | os.PathLike[str], *, confidential: bool = False) -> int:
        """Write one table to CSV (lossless; confidential notes only when asked); returns the number of rows."""
        from .search.transfer import export_csv

        return export_csv(self.workspace, table, path, confidential=confidential)

    def import_csv(
        self, table: str, path: str | os.PathLike[str], *, mapping: Mapping[str, str | None] | None = None
    ) -> int:
        """Import rows from CSV into a table, all or nothing; `mapping` renames a spreadsheet's columns
        ({"Their column": "our_column"}, None leaves one out). Returns the number of rows imported."""
        from .search.transfer import import_csv

        return import_csv(self.workspace, table, path, mapping=mapping)

    def import_linkedin(self, path: str | os.PathLike[str], *, now: datetime | None = None) -> dict[str, int]:
        """Import LinkedIn's Connections.csv export as contacts (how known: linkedin), all or nothing; people already
        there are not added twice. Returns {"added": n, "existing": m}."""
        from .search.transfer import import_linkedin

        return import_linkedin(self.workspace, path, now=now)

    def work_search_log(self, *, since: TimeLike = None, until: TimeLike = None) -> pd.DataFrame:
        """The dated work-search log (date, organization, person, method, outcome) some benefit offices ask for."""
        from .search.transfer import work_search_log

        return work_search_log(self.workspace, since=since, until=until)

    def export_work_search_log(
        self, path: str | os.PathLike[str], *, since: TimeLike = None, until: TimeLike = None
    ) -> int:
        """Write the work-search log to CSV; returns the number of rows."""
        from .search.transfer import work_search_log, write_csv

        return write_csv(work_search_log(self.workspace, since=since, until=until), path)

    def backup(self, path: str | os.PathLike[str]) -> int:
        """A consistent copy of workbook.sqlite at `path` (SQLite's backup API); returns its size in bytes."""
        from .search.transfer import backup

        return backup(self.workspace, path)


def _saved(
    *,
    queries: Iterable[str] = (),
    feeds: Iterable[str] = (),
    newsroom: str | None = None,
    edgar_forms: Iterable[str] = (),
    gdelt: str | None = None,
) -> tuple[tuple[str, str], ...]:
    """Saved sources as (kind, value) pairs, in the order the options list them."""
    found = [("query", q) for q in _strings(queries, "queries")] + [("feed", f) for f in _strings(feeds, "feeds")]
    found += [("newsroom", newsroom)] if newsroom else []
    found += [("edgar", form) for form in _strings(edgar_forms, "edgar_forms")]
    return tuple(found + ([("gdelt", gdelt)] if gdelt else []))


def _strings(values: Iterable[str] | str, name: str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    cleaned = [str(value).strip() for value in values or ()]
    if any(not value for value in cleaned):
        raise InvalidInput(f"{name}: empty value", field=name)
    return cleaned
