"""The pre-interview briefing: what to share, what to ask and what to do after, as data and as a page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from .. import queries
from ..companies import aliases_of, names_and_aliases
from ..errors import InvalidInput
from ..search.network import company_keys, organisation_company
from ..times import parse_since, utc_now
from ..workspace import Workspace, output_path, write_atomically

SENSITIVE = ("layoffs", "legal")
SENSITIVE_WORDS = re.compile(
    r"\b(?:lawsuit|sued|sues|probe|investigation|recall(?:s|ed)?|fine[ds]?|penalt(?:y|ies)|fire|blaze|explosion|"
    r"strike|walkout|bankrupt\w*|delist\w*|downgrade[sd]?|resign(?:s|ed)?|ousted|fraud)\b",
    re.I,
)
RECENT_DAYS = 30
THANK_YOU_HOURS = 24
CHECK_IN_DAYS = (7, 10)
MAX_LINKS = 2
MAX_SOURCES = 8
RECENT_ITEMS = 5
EARLIER_ITEMS = 4
PEER_ITEMS = 3
RISING_ARTICLES = 3
SHORTLIST = 200
RECENT_TERMS = 600
BACKGROUND_TERMS = 3000
RESEARCH_QUESTIONS = 5
TOPIC_ZIPF = 4.0
CHART_SIZE = (3.6, 2.4)  # inches: half an A4 page's text width, so the charts print at their own size
CHART_DPI = 150


@dataclass
class Briefing:
    """One interview's briefing: every section as data (DataFrames and lists), rendered by templates."""

    interview_id: int
    made: datetime
    header: dict[str, Any]
    company: str | None
    snapshot: dict[str, Any]
    whats_new: pd.DataFrame
    industry: dict[str, Any]
    share: list[Any]
    learned: list[Any]
    questions: list[Any]
    care: pd.DataFrame
    after: dict[str, Any]
    sources: pd.DataFrame
    charts: dict[str, str] = field(default_factory=dict)  # name -> data URI, for the HTML page
    workspace: Path | None = None

    def context(self) -> dict[str, Any]:
        """What the templates see."""
        return {
            "b": self,
            "recent": _rows(self.whats_new[self.whats_new["window"] == "recent"]),
            "earlier": _rows(self.whats_new[self.whats_new["window"] == "earlier"]),
            "care_rows": _rows(self.care),
            "source_rows": _rows(self.sources),
            "peer_rows": _rows(self.industry.get("peers", pd.DataFrame())),
        }

    def to_markdown(self) -> str:
        """The briefing as Markdown (web text kept literal)."""
        from ..render import render_template

        text = render_template("brief/briefing.md.j2", self.context(), workspace=self.workspace, html=False)
        text = re.sub(r"\n+(?=#+ )", "\n\n", text)  # a blank line before every heading
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    def to_html(self) -> str:
        """One standalone, printable page: charts inline, no script, no outside requests, every text escaped."""
        from ..render import render_template

        return render_template("brief/briefing.html.j2", self.context(), workspace=self.workspace, html=True)

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, dir: str | Path | None = None, *, format: str = "html", name: str | None = None) -> Path:
        """Write the briefing to `dir` (default: the workspace's briefings/, made if missing) as HTML or Markdown,
        named from the date and the person unless `name` is given; returns the path."""
        if format not in ("html", "md"):
            raise InvalidInput(f"format: expected html or md, got {format!r}", field="format")
        folder = Path(dir) if dir is not None else (self.workspace or Path(".")) / "briefings"
        if dir is None:
            folder.mkdir(parents=True, exist_ok=True)
        target = output_path(folder / (name or f"{self.file_stem()}.{format}"))
        text = self.to_html() if format == "html" else self.to_markdown()
        write_atomically(target, lambda partial: partial.write_text(text, encoding="utf-8"))
        return target

    def file_stem(self) -> str:
        """A file name from the interview's date and the person: 2026-12-08-amara-okafor."""
        when = self.header.get("when")
        day = when.strftime("%Y-%m-%d") if isinstance(when, datetime) else self.made.strftime("%Y-%m-%d")
        person = re.sub(r"[^a-z0-9]+", "-", str(self.header.get("name", "interview")).lower()).strip("-")
        return f"{day}-{person or 'interview'}"


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return queries.records(df) if len(df) else []


# ------------------------------------------------------------------ building


def build_briefing(
    ws: Workspace,
    interview_id: int,
    *,
    since: str | datetime | None = "90d",
    now: datetime | None = None,
    charts: bool = True,
) -> Briefing:
    """Every section of one interview's briefing, drawn from the news, the followed companies and the tracker."""
    now = now or utc_now()
    start = parse_since(since, field="since", now=now) or now - timedelta(days=90)
    talk = interview_record(ws, interview_id)
    company = organisation_company(talk["organization"], company_keys(ws))
    news = company_news(ws, company, start=start, now=now)
    pulse = industry_pulse(ws, company, start=start, now=now)
    pulse["rising"] = _rising(pulse, now=now)
    header = header_section(ws, talk, news=news)
    chosen = _share(news, pulse, talk=talk, now=now)
    briefing = Briefing(
        interview_id=talk["interview_id"],
        made=now,
        header=header,
        company=company,
        snapshot=snapshot_section(news),
        whats_new=whats_new(news["stories"], news["articles"], now=now),
        industry=pulse,
        share=chosen,
        learned=learned_section(ws, talk),
        questions=questions_section(ws, talk, news=news, pulse=pulse, now=now),
        care=care_section(news["stories"]),
        after=after_section(ws, talk, now=now),
        sources=pd.DataFrame(),
        workspace=ws.path,
    )
    briefing.sources = cited_sources(briefing, news["articles"], pulse.get("articles"))
    if charts:
        briefing.charts = briefing_charts(news, pulse, now=now)
    return briefing


def interview_record(ws: Workspace, interview_id: object) -> dict[str, Any]:
    """The interview joined with its contact (no confidential notes), and the questions planned for it."""
    key = queries.record_id(interview_id, field="interview_id", label="interview")
    interviews = queries.read_interviews(ws)
    found = interviews[interviews["interview_id"] == key]
    if found.empty:
        raise InvalidInput(f"interview: no interview with id {interview_id}", field="interview_id")
    talk = queries.records(found)[0]
    contact = queries.contact_card(ws, talk["contact_id"])
    person = {k: v for k, v in contact.items() if not isinstance(v, list | pd.DataFrame)}
    return {**person, **talk, "questions": queries.read_questions(ws, key)}


def company_news(ws: Workspace, company: str | None, *, start: datetime, now: datetime) -> dict[str, Any]:
    """The followed company's dated stories and articles in the window (nothing when it is not followed)."""
    if company is None:
        return {"stories": _no_stories(), "articles": pd.DataFrame(columns=list(queries.ARTICLES))}
    articles = queries.read_articles(ws, company=company, since=start)
    articles = articles[~articles["date_estimated"].fillna(False).astype(bool) & (articles["published"] <= now)]
    stories = queries.read_stories(ws, company=company, since=start)
    stories = stories[~stories["date_estimated"].fillna(False).astype(bool)]
    return {"stories": stories.assign(scope="own"), "articles": articles, "company": company}


def _no_stories() -> pd.DataFrame:
    from ..tables import STORIES, frame

    return frame([], STORIES).assign(scope=pd.Series(dtype="string"))


def industry_pulse(ws: Workspace, company: str | None, *, start: datetime, now: datetime) -> dict[str, Any]:
    """The company's industry: its followed peers, their main stories, the industry's own stories, rising terms and
    share of voice among the companies."""
    table = queries.read_companies(ws)
    own = table[table["name"] == company]
    industry = own["industry"].iloc[0] if len(own) and pd.notna(own["industry"].iloc[0]) else None
    if industry is None:
        return {"name": None, "peers": _no_stories(), "stories": _no_stories(), "articles": None}
    peers = table[(table["kind"] == "company") & (table["industry"] == industry) & (table["name"] != company)]
    peer_stories = _stories_of(ws, peers["name"].tolist(), start=start, scope="peer")
    sector = table[(table["kind"] == "industry") & (table["name"] == industry)]
    own_stories = _stories_of(ws, sector["name"].tolist(), start=start, scope="industry")
    names = [n for n in [company, *peers["name"]] if n]
    articles = pd.concat([queries.read_articles(ws, company=n, since=start) for n in [*names, industry]])
    articles = articles.drop_duplicates("article_id")
    return {
        "name": industry,
        "peers": peer_stories.sort_values(["articles", "outlets"], ascending=False).head(PEER_ITEMS),
        "stories": own_stories,
        "articles": articles,
        "companies": names,
        "aliases": [alias for name in names for alias in aliases_of(ws, [name])[name]],
        "voices": _industry_voices(ws, articles, names),
    }


def _stories_of(ws: Workspace, names: list[str], *, start: datetime, scope: str) -> pd.DataFrame:
    found = [queries.read_stories(ws, company=name, since=start).assign(scope=scope, about=name) for name in names]
    if not found:
        return _no_stories()
    stories = pd.concat(found).drop_duplicates("story_id")
    return stories[~stories["date_estimated"].fillna(False).astype(bool)]


def _industry_voices(ws: Workspace, articles: pd.DataFrame, names: list[str]) -> pd.DataFrame | None:
    """Share of voice among the company and its peers, weekly (their aliases counted)."""
    from ..analysis.trends import share_of_voice
    from ..companies import aliases_of

    dated = articles[~articles["date_estimated"].fillna(False).astype(bool)]
    if dated.empty or len(names) < 2:
        return None
    return share_of_voice(dated, aliases_of(ws, names), freq="W")


def header_section(ws: Workspace, talk: dict[str, Any], *, news: dict[str, Any]) -> dict[str, Any]:
    """Who, when, how long, how you are connected, the purpose and goal, and what to say first."""
    referrer, may_use = _referrer(ws, talk)
    when = talk.get("scheduled")
    header = {
        "name": talk["name"],
        "role": talk.get("role"),
        "organization": talk.get("organization"),
        "when": when.to_pydatetime().astimezone() if isinstance(when, pd.Timestamp) else None,
        "format": talk.get("format"),
        "minutes": talk.get("minutes"),
        "how_known": talk.get("how_known"),
        "referrer": referrer,
        "may_use_name": may_use,
        "purpose": talk.get("purpose"),
        "goal": talk.get("goal"),
        "status": talk.get("status"),
        "job_lead": talk.get("purpose") == "job-lead",
    }
    header["request"] = _request_draft(ws, talk, news=news) if talk.get("status") == "identified" else None
    return header


def _referrer(ws: Workspace, talk: dict[str, Any]) -> tuple[str | None, bool]:
    referred_by = talk.get("referred_by")
    if referred_by is None or referred_by is pd.NA:
        return None, False
    contacts = queries.read_contacts(ws).set_index("contact_id")
    if int(referred_by) not in contacts.index:
        return None, False
    return str(contacts.loc[int(referred_by), "name"]), bool(talk.get("can_use_name"))


def _request_draft(ws: Workspace, talk: dict[str, Any], *, news: dict[str, Any]) -> str:
    """The request e-mail, its first line naming one recent story about their organisation."""
    from ..search.emails import draft

    stories = news["stories"]
    line = None
    if len(stories):
        top = stories.sort_values(["last_seen", "articles"], ascending=False).iloc[0]
        line = f"I read about {_short(top['headline'])} ({top['last_seen']:%d %B})."
    return str(draft(ws, "request", interview=talk["interview_id"], news=line))


def _short(headline: object, *, words: int = 14) -> str:
    parts = str(headline).split()
    text = " ".join(parts[:words]) + ("…" if len(parts) > words else "")
    return text[:1].lower() + text[1:] if text[:2].istitle() and not text.split()[0].isupper() else text


def snapshot_section(news: dict[str, Any]) -> dict[str, Any]:
    """What recent coverage says about the organisation: a few sentences, and its event types."""
    stories = news["stories"]
    biggest = stories.sort_values(["articles", "outlets"], ascending=False).head(3)
    sentences = [story_sentence(row["summary"], row["headline"]) for _, row in biggest.iterrows()]
    events = stories[stories["event_type"] != "other"]["event_type"].value_counts()
    return {
        "sentences": sentences,
        "events": [(str(kind), int(count)) for kind, count in events.items()],
        "articles": len(news["articles"]),
        "stories": len(stories),
    }


def story_sentence(summary: object, headline: object) -> str:
    """A story's first summary sentence without wire dateline or tickers, else its headline."""
    from .talking_points import point_sentence

    return point_sentence(summary if isinstance(summary, str) else None, headline)


def whats_new(stories: pd.DataFrame, articles: pd.DataFrame, *, now: datetime) -> pd.DataFrame:
    """Dated story bullets: the last 30 days, then the 30 to 90 days before; newest first within each."""
    columns = ["window", "story_id", "date", "headline", "summary", "event_type", "outlets", "links"]
    if stories.empty:
        return pd.DataFrame(columns=columns)
    recent = stories["last_seen"] >= pd.Timestamp(now - timedelta(days=RECENT_DAYS))
    rows = stories.assign(window=["recent" if r else "earlier" for r in recent])
    rows = rows.sort_values(["window", "last_seen"], ascending=[False, False])
    rows = pd.concat(
        [rows[rows["window"] == "recent"].head(RECENT_ITEMS), rows[rows["window"] == "earlier"].head(EARLIER_ITEMS)]
    )
    return pd.DataFrame(
        {
            "window": rows["window"],
            "story_id": rows["story_id"],
            "date": rows["last_seen"],
            "headline": rows["headline"],
            "summary": [story_sentence(s, h) for s, h in zip(rows["summary"], rows["headline"])],
            "event_type": rows["event_type"],
            "outlets": [_outlets(articles, sid) for sid in rows["story_id"]],
            "links": [_links(articles, sid) for sid in rows["story_id"]],
        }
    )


def _outlets(articles: pd.DataFrame, story_id: object) -> str:
    found = articles[articles["story_id"] == story_id]["publisher"].dropna().unique().tolist()
    return ", ".join(str(p) for p in found[:4]) + (f" and {len(found) - 4} more" if len(found) > 4 else "")


def _links(articles: pd.DataFrame, story_id: object) -> list[dict[str, str]]:
    found = articles[articles["story_id"] == story_id].sort_values("published")
    links = [
        {"title": str(r["title"]), "publisher": str(r["publisher"] or ""), "url": str(r["url"])}
        for _, r in found.iterrows()
        if str(r["url"]).startswith(("http://", "https://"))
    ]
    return links[:MAX_LINKS]


def care_section(stories: pd.DataFrame) -> pd.DataFrame:
    """Sensitive news about their organisation (layoffs, lawsuits, regulatory trouble, accidents), dated: know
    it, and do not lead with it."""
    if stories.empty:
        return pd.DataFrame(columns=["date", "headline", "event_type"])
    words = stories["headline"].fillna("").str.contains(SENSITIVE_WORDS)
    chosen = stories[stories["event_type"].isin(SENSITIVE) | words].sort_values("last_seen", ascending=False)
    return pd.DataFrame(
        {"date": chosen["last_seen"], "headline": chosen["headline"], "event_type": chosen["event_type"]}
    )


def _share(news: dict[str, Any], pulse: dict[str, Any], *, talk: dict[str, Any], now: datetime) -> list[Any]:
    from .talking_points import choose_talking_points

    stories = pd.concat([news["stories"], pulse.get("peers", _no_stories()), pulse.get("stories", _no_stories())])
    stories = shortlist(stories.drop_duplicates("story_id"))
    if stories.empty:
        return []
    found = pulse.get("articles")
    pool: pd.DataFrame = found if found is not None else news["articles"]
    pool = pool[pool["story_id"].isin(stories["story_id"])]
    return choose_talking_points(stories, now=now, role=talk.get("role"), industry=pulse.get("name"), articles=pool)


def shortlist(stories: pd.DataFrame, *, size: int = SHORTLIST) -> pd.DataFrame:
    """The stories worth ranking: the biggest and the newest (a busy industry has thousands in 90 days)."""
    if len(stories) <= size:
        return stories
    biggest = stories.sort_values(["articles", "outlets", "last_seen"], ascending=False).head(size // 2)
    newest = stories.sort_values("last_seen", ascending=False).head(size // 2)
    return pd.concat([biggest, newest]).drop_duplicates("story_id")


def learned_section(ws: Workspace, talk: dict[str, Any]) -> list[Any]:
    """Earlier interviews' learnings as things you can say, without names; never the confidential notes."""
    from .anonymise import learned_points

    interviews = queries.read_interviews(ws, confidential=True)
    contacts = queries.read_contacts(ws).set_index("contact_id")
    earlier = interviews[(interviews["interview_id"] != talk["interview_id"]) & interviews["learnings"].notna()]
    learnings = [_learning(row, contacts) for _, row in earlier.iterrows() if int(row["contact_id"]) in contacts.index]
    secret = [part for text in interviews["confidential_notes"].dropna() for part in confidential_parts(str(text))]
    found = [point for entry in learnings for point in entry]
    return learned_points(found, roster=roster(ws), interviewee_org=talk.get("organization"), confidential=secret)


def confidential_parts(text: str) -> list[str]:
    """A confidential note's sentences and lines (three words or more): no learning may repeat any of them."""
    parts = re.split(r"(?<=[.!?])\s+|\n+|^\[\d{4}-\d\d-\d\d\]\s*", text)
    return [" ".join(p.split()) for p in parts if p and len(p.split()) >= 3]


def _learning(row: pd.Series, contacts: pd.DataFrame) -> list[Any]:
    """One interview's learnings, an entry per dated note ("[2026-11-20] ...")."""
    from .anonymise import Learning

    person = contacts.loc[int(row["contact_id"])]
    held = row["held"] if pd.notna(row["held"]) else row["scheduled"]
    entries = [e.strip() for e in re.split(r"\n\s*\n(?:\[\d{4}-\d\d-\d\d\] )?", str(row["learnings"])) if e.strip()]
    return [
        Learning(
            text=entry,
            contact=str(person["name"]),
            role=_text(person["role"]),
            organisation=_text(person["organization"]),
            industry=_text(person["industry"]),
            interviewed=held.date() if pd.notna(held) else None,
        )
        for entry in entries
    ]


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value or not str(value).strip() else str(value)


def roster(ws: Workspace) -> Any:
    """Every name the learnings must not carry: contacts, referred people, organisations and their aliases."""
    from .anonymise import Roster, RosterContact

    contacts = queries.read_contacts(ws)
    people = [
        RosterContact(
            name=str(r["name"]),
            role=_text(r["role"]),
            organisation=_text(r["organization"]),
            industry=_text(r["industry"]),
        )
        for _, r in contacts.iterrows()
    ]
    referrals = queries.read_referrals(ws)
    followed = names_and_aliases(ws)
    organisations = {*(str(o) for o in contacts["organization"].dropna()), *followed}
    organisations |= {str(o) for o in referrals["to_organization"].dropna()}
    return Roster(
        contacts=people,
        referred=[str(n) for n in referrals["to_name"].dropna()],
        organisations=sorted(organisations),
        aliases={name: names[1:] for name, names in followed.items()},
    )


def questions_section(
    ws: Workspace, talk: dict[str, Any], *, news: dict[str, Any], pulse: dict[str, Any], now: datetime
) -> list[Any]:
    """Questions grounded in the research (TIARA), culture, career path, feedback, the referral ask, and yours,
    each of yours flagged when the research already answers it."""
    from .questions import check_stored, research_questions

    stories = pd.concat([news["stories"], pulse.get("peers", _no_stories()), pulse.get("stories", _no_stories())])
    rising = pulse.get("rising", [])
    role = talk.get("role")
    generated = research_questions(
        shortlist(stories.drop_duplicates("story_id")),
        rising=rising,
        role=role[:1].lower() + role[1:] if role and not role.split()[0].isupper() else role,
        organisation=talk.get("organization"),
        industry=pulse.get("name"),
        plan_to_talk_to=plan_to_talk_to(ws, talk),
        limit=RESEARCH_QUESTIONS,
    )
    articles = pd.concat([news["articles"], pulse.get("articles") if pulse.get("articles") is not None else None])
    return [*check_stored(talk["questions"], articles=articles), *generated]


def _rising(pulse: dict[str, Any], *, now: datetime) -> list[tuple[str, str]]:
    """The industry's key terms of the last 30 days against its earlier news (furniture and company names out)."""
    from ..analysis.terms import company_names, terms_against

    articles = pulse.get("articles")
    if articles is None or articles.empty:
        return []
    articles = articles.sort_values("published", ascending=False).head(BACKGROUND_TERMS)  # a busy industry: newest
    recent = articles[articles["published"] >= pd.Timestamp(now - timedelta(days=RECENT_DAYS))].head(RECENT_TERMS)
    if len(recent) < RISING_ARTICLES:
        return []
    names = company_names(articles, [*pulse.get("companies", []), *pulse.get("aliases", [])])
    terms = terms_against(recent, articles, exclude=names, top=8)
    chosen = [str(t) for t in terms["term"] if _topic_like(t) and not str(t)[:1].isupper()][:3]  # topics, not names
    return [(term, "in the last 30 days") for term in chosen]


def _topic_like(term: object) -> bool:
    """A rising term that reads as a topic: a phrase, or a word rare in everyday English ("interconnection",
    not "sign")."""
    from wordfreq import zipf_frequency

    words = str(term).split()
    return len(words) > 1 or zipf_frequency(words[0], "en") < TOPIC_ZIPF if words else False


def plan_to_talk_to(ws: Workspace, talk: dict[str, Any]) -> list[str]:
    """Whom you plan to talk to next: referrals not reached yet and contacts not yet met (not this person)."""
    referrals = queries.read_referrals(ws)
    pending = referrals[referrals["to_contact"].isna()]
    names = [
        f"{r['to_name']}" + (f" at {r['to_organization']}" if r["to_organization"] else "")
        for _, r in pending.iterrows()
        if r["to_name"]
    ]
    return names[:3]


def after_section(ws: Workspace, talk: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """The thank-you due 24 h after the slot ends (with its draft), the referral check-in 7 to 10 days after, and
    the open follow-ups for this person."""
    when = talk.get("scheduled")
    end = when + timedelta(minutes=int(talk.get("minutes") or 30)) if isinstance(when, pd.Timestamp) else None
    followups = queries.read_followups(ws, with_contact=True, now=now)
    mine = followups[followups["contact_id"] == talk["contact_id"]] if "contact_id" in followups else followups
    return {
        "thank_you_due": end + timedelta(hours=THANK_YOU_HOURS) if end is not None else None,
        "thank_you": _thank_you_draft(ws, talk),
        "check_in": (end + timedelta(days=CHECK_IN_DAYS[0]), end + timedelta(days=CHECK_IN_DAYS[1]))
        if end is not None
        else None,
        "followups": queries.records(mine) if len(mine) else [],
    }


def _thank_you_draft(ws: Workspace, talk: dict[str, Any]) -> str | None:
    from ..search.emails import draft

    try:
        return str(draft(ws, "thank-you", interview=talk["interview_id"]))
    except InvalidInput:
        return None


def cited_sources(briefing: Briefing, articles: pd.DataFrame, more: pd.DataFrame | None) -> pd.DataFrame:
    """Every article the briefing links to: title, publisher, date and link (http(s) only)."""
    urls = {link["url"] for links in briefing.whats_new.get("links", []) for link in links}
    pool = pd.concat([articles, more]) if more is not None else articles
    pool = pool[pool["url"].astype(str).str.match(r"https?://")].sort_values("published")
    cited_ids = {int(p.story_id) for p in briefing.share if getattr(p, "story_id", None) is not None}
    shared = pool[pool["story_id"].isin(cited_ids)].drop_duplicates("story_id")  # one article per shared point
    chosen = pd.concat([pool[pool["url"].isin(urls)], shared]).drop_duplicates("url")
    chosen = chosen.sort_values("published", ascending=False).head(MAX_SOURCES)
    hosts = chosen["url"].astype(str).map(lambda url: urlsplit(url).hostname or "")
    return chosen[["title", "publisher", "published", "url"]].assign(host=hosts.to_numpy())


def briefing_charts(news: dict[str, Any], pulse: dict[str, Any], *, now: datetime) -> dict[str, str]:
    """The company's weekly volume and the industry's share of voice (last 30 days against before), as inline
    PNGs drawn at the size they print (half the page's width), so their text reads on paper."""
    from matplotlib.figure import Figure

    from ..analysis.trends import volume
    from ..charts import voice_bars_chart, volume_chart
    from ..render import chart_data_uri

    found: dict[str, str] = {}
    if len(news["articles"]):
        articles = news["articles"].assign(company=news.get("company"))  # one line: every article about it
        place = Figure(figsize=CHART_SIZE, layout="constrained").add_subplot()
        chart = volume_chart(volume(articles, freq="W"), title="Articles a week", legend=False, ax=place)
        found["volume"] = chart_data_uri(chart, dpi=CHART_DPI)
    if pulse.get("voices") is not None:
        since = pd.Timestamp(now - timedelta(days=RECENT_DAYS))
        chart = voice_bars_chart(pulse["voices"], since=since, highlight=news.get("company"), size=CHART_SIZE)
        found["share_of_voice"] = chart_data_uri(chart, dpi=CHART_DPI)
    return found
