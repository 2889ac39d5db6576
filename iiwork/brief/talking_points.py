"""Talking points for an informational interview: a few recent, widely covered stories worth mentioning, each as one
sentence you could say, with where it came from and why it was chosen.

A story's score multiplies four factors, so the reason shown is the whole explanation:
recency (halves every `HALF_LIFE_DAYS` days since it was last covered), coverage (grows with the log of its outlets
and articles), relevance (each word of the interviewee's role or industry the story's headline or top terms share)
and scope (the interviewee's own organisation's press counts for less: they know it already; regulation counts more).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from ..analysis.stopwords import ENGLISH_STOP_WORDS
from ..analysis.subjects import strip_dateline
from ..analysis.terms import porter_stem
from ..errors import InvalidInput

HALF_LIFE_DAYS = 7.0  # a story's recency factor halves every week since it was last covered
SENTENCE_WORDS = 30  # a talking point is cut to about this many words
MATCH_WEIGHT = 0.5  # each role or industry word a story shares adds this to its relevance factor (1 with none)...
MAX_MATCHES = 3  # ...counting at most this many words
SCOPE_WEIGHTS = {"industry": 1.0, "peer": 1.0, "own": 0.35}  # unknown scopes count as industry
SCOPE_PHRASES = {
    "industry": "about the industry",
    "peer": "about a peer company",
    "own": "about their own organisation",
}
EVENT_WEIGHTS = {"legal": 1.3}  # regulation and lawsuits: worth raising, rarely known in detail
PUBLISHERS_SHOWN = 3


def _listed(words: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(words.split())


# Words of a job title that say nothing about the work ("Senior Grid Planning Engineer": grid, planning, engineer).
RANK_WORDS = _listed(
    "senior junior lead head manager director associate principal chief officer vice president assistant intern "
    "staff deputy executive global regional"
)
_SKIPPED = ENGLISH_STOP_WORDS | RANK_WORDS
_WORD = re.compile(r"[a-z0-9]+")
_TICKER = re.compile(r"\s*\(\s*(?:[A-Z][A-Za-z ]{1,12}:\s*)?[A-Z]{1,5}(?:\.[A-Z])?\s*\)|\s*\$[A-Z]{1,5}\b")


@dataclass(frozen=True)
class TalkingPoint:
    """One thing you could say in the interview: the sentence, its story, its source and why it was chosen."""

    sentence: str
    story_id: int
    source: str
    reason: str
    score: float


def choose_talking_points(
    stories: pd.DataFrame,
    *,
    now: datetime,
    role: str | None = None,
    industry: str | None = None,
    articles: pd.DataFrame | None = None,
    limit: int = 5,
) -> list[TalkingPoint]:
    """The `limit` most shareable dated stories, best first, one point per story (publishers named from `articles`)."""
    if limit < 1:
        raise InvalidInput(f"limit must be at least 1, not {limit}")
    interests = interest_stems(role, industry)
    points = [_point(row, now=now, interests=interests) for row in _dated(stories)]
    best: dict[int, tuple[TalkingPoint, pd.Series]] = {}
    for point, row in sorted(points, key=lambda pair: (-pair[0].score, pair[0].story_id)):
        best.setdefault(point.story_id, (point, row))
    chosen = list(best.values())[:limit]  # the source is looked up for the chosen points only
    return [replace(point, source=_source(row, articles)) for point, row in chosen]


def interest_stems(*texts: str | None) -> frozenset[str]:
    """The stems of the words of a role and industry that say what the work is about (no stop or rank words)."""
    words = _WORD.findall(" ".join(t for t in texts if t).lower())
    return frozenset(porter_stem(w) for w in words if len(w) > 2 and w not in _SKIPPED)


def point_sentence(summary: object, headline: object) -> str:
    """The first sentence of a story's summary (else its headline), without dateline or tickers, cut to ~30 words."""
    lines = [line.strip() for line in str(summary).splitlines()] if isinstance(summary, str) else []
    first = next((line for line in lines if line), None) or str(headline or "").strip()
    text = " ".join(_TICKER.sub("", strip_dateline(first)).split())
    words = text.split()
    if len(words) > SENTENCE_WORDS:
        return " ".join(words[:SENTENCE_WORDS]).rstrip(",;:") + "…"
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def recency_factor(days: float) -> float:
    """1 for a story covered today, halving every `HALF_LIFE_DAYS` days before."""
    return 0.5 ** (max(days, 0.0) / HALF_LIFE_DAYS)


def coverage_factor(articles: int, outlets: int) -> float:
    """Grows with the log of the outlets (most) and the articles (copies count for less)."""
    return 1.0 + math.log1p(max(outlets, 0)) + 0.5 * math.log1p(max(articles, 0))


def _dated(stories: pd.DataFrame) -> Iterable[pd.Series]:
    """The rows of stories with a real date (neither estimated nor missing)."""
    estimated = stories.get("date_estimated", pd.Series(False, index=stories.index)).fillna(False).astype(bool)
    keep = stories[~estimated & stories["last_seen"].notna()]
    return (row for _, row in keep.iterrows())


def _point(row: pd.Series, *, now: datetime, interests: frozenset[str]) -> tuple[TalkingPoint, pd.Series]:
    """One story's talking point, scored (its source still to find), with its row."""
    days = max((pd.Timestamp(now) - pd.Timestamp(row["last_seen"])).total_seconds() / 86400, 0.0)
    matched = _matches(row, interests)
    scope = _scope(row)
    event = str(row.get("event_type") or "other")
    count, outlets = _count(row.get("articles")), _count(row.get("outlets"))
    score = recency_factor(days) * coverage_factor(count, outlets)
    score *= 1.0 + MATCH_WEIGHT * min(len(matched), MAX_MATCHES)
    score *= SCOPE_WEIGHTS.get(scope, 1.0) * EVENT_WEIGHTS.get(event, 1.0)
    point = TalkingPoint(
        sentence=point_sentence(row.get("summary"), row.get("headline")),
        story_id=int(row["story_id"]),
        source="",
        reason=_reason(outlets=outlets, days=days, scope=scope, event=event, matched=matched),
        score=round(score, 4),
    )
    return point, row


def _matches(row: pd.Series, interests: frozenset[str]) -> list[str]:
    """The words of the story's headline and top terms whose stems are among the interviewee's interests, in order."""
    words = _WORD.findall(f"{row.get('headline') or ''} {row.get('top_terms') or ''}".lower())
    found: dict[str, str] = {}
    for word in words:
        stem = porter_stem(word)
        if stem in interests and stem not in found:
            found[stem] = word
    return list(found.values())


def _scope(row: pd.Series) -> str:
    """The story's scope (own, peer or industry); industry when not given."""
    scope = row.get("scope")
    return str(scope) if isinstance(scope, str) and scope else "industry"


def _count(value: object) -> int:
    """A count from a nullable column (0 when missing)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return int(number) if math.isfinite(number) else 0


def _reason(*, outlets: int, days: float, scope: str, event: str, matched: list[str]) -> str:
    """Why the story was chosen, in the order of the factors: "3 outlets, 4 days ago, about the industry"."""
    parts = [f"{outlets} outlet{'s' if outlets != 1 else ''}", _ago(days)]
    parts.append(SCOPE_PHRASES.get(scope, f"about {scope}"))
    if event in EVENT_WEIGHTS:
        parts.append("regulation or the courts")
    if matched:
        parts.append("mentions " + ", ".join(matched[:MAX_MATCHES]))
    return ", ".join(parts)


def _ago(days: float) -> str:
    """ "today", "1 day ago", "4 days ago"."""
    whole = int(days)
    return "today" if whole == 0 else f"{whole} day{'s' if whole != 1 else ''} ago"


def _source(row: pd.Series, articles: pd.DataFrame | None) -> str:
    """The story's publishers (most articles first, else its outlet count) and the date it was last covered."""
    seen = pd.Timestamp(row["last_seen"])
    date = f"{seen.day} {seen:%b %Y}"
    names = _publishers(articles, int(row["story_id"])) if articles is not None else []
    if not names:
        outlets = _count(row.get("outlets"))
        return f"{outlets} outlet{'s' if outlets != 1 else ''}, {date}"
    shown = ", ".join(names[:PUBLISHERS_SHOWN])
    more = len(names) - PUBLISHERS_SHOWN
    return f"{shown}{f' and {more} more' if more > 0 else ''}, {date}"


def _publishers(articles: pd.DataFrame, story_id: int) -> list[str]:
    """The distinct publishers of a story's articles, most articles first (then alphabetical)."""
    mine = articles.loc[articles["story_id"] == story_id, "publisher"].dropna().astype(str)
    counts = mine[mine.str.strip() != ""].value_counts()
    return sorted(counts.index, key=lambda name: (-counts[name], name))
