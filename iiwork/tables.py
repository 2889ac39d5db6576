"""The tables iiwork hands out: column names and declared pandas dtypes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

UTC = "datetime64[us, UTC]"
STR = "string"

ARTICLES: dict[str, str] = {
    "article_id": "Int64",
    "url": STR,
    "canonical_url": STR,
    "title": STR,
    "publisher": STR,
    "published": UTC,
    "date_estimated": "boolean",
    "fetched": UTC,
    "summary": STR,
    "text": STR,
    "author": STR,
    "source_kind": STR,
    "source_url": STR,
    "query": STR,
    "company": STR,
    "lang": STR,
    "extract_status": STR,
    "story_id": "Int64",
    "event_type": STR,
    "event_match": STR,
}

FETCH_LOG: dict[str, str] = {
    "source": STR,
    "url": STR,
    "started": UTC,
    "status": STR,
    "http_status": "Int64",
    "items": "Int64",
    "new_items": "Int64",
    "elapsed_ms": "Int64",
    "error": STR,
}

STORIES: dict[str, str] = {
    "story_id": "Int64",
    "headline": STR,
    "first_seen": UTC,
    "last_seen": UTC,
    "articles": "Int64",
    "outlets": "Int64",
    "summary": STR,
    "top_terms": STR,
    "event_type": STR,
    "date_estimated": "boolean",
}

COMPANIES: dict[str, str] = {
    "company_id": "Int64",
    "name": STR,
    "kind": STR,
    "aliases": STR,
    "industry": STR,
    "ticker": STR,
    "cik": STR,
    "website": STR,
    "notes": STR,
    "created": UTC,
}

COMPANY_SOURCES: dict[str, str] = {
    "source_id": "Int64",
    "company": STR,
    "kind": STR,
    "value": STR,
    "last_gathered": UTC,
}

ARTICLE_COMPANIES: dict[str, str] = {"article_id": "Int64", "company": STR, "how": STR}

CONTACTS: dict[str, str] = {
    "contact_id": "Int64",
    "name": STR,
    "role": STR,
    "organization": STR,
    "industry": STR,
    "email": STR,
    "url": STR,
    "how_known": STR,
    "referred_by": "Int64",
    "can_use_name": "boolean",
    "name_granted": UTC,
    "tags": STR,
    "notes": STR,
    "created": UTC,
}

INTERVIEWS: dict[str, str] = {
    "interview_id": "Int64",
    "contact_id": "Int64",
    "scheduled": UTC,
    "format": STR,
    "minutes": "Int64",
    "purpose": STR,
    "goal": STR,
    "status": STR,
    "held": UTC,
    "notes": STR,
    "confidential_notes": STR,
    "learnings": STR,
    "feedback": STR,
    "created": UTC,
}

INTERVIEW_STATUS: dict[str, str] = {"interview_id": "Int64", "status": STR, "at": UTC}

REFERRALS: dict[str, str] = {
    "referral_id": "Int64",
    "from_contact": "Int64",
    "to_name": STR,
    "to_organization": STR,
    "to_contact": "Int64",
    "can_use_name": "boolean",
    "will_introduce": "boolean",
    "check_in": UTC,
    "created": UTC,
}

FOLLOWUPS: dict[str, str] = {
    "followup_id": "Int64",
    "kind": STR,
    "interview_id": "Int64",
    "referral_id": "Int64",
    "contact_id": "Int64",
    "due": UTC,
    "done": UTC,
    "note": STR,
}

INTERVIEW_QUESTIONS: dict[str, str] = {"interview_id": "Int64", "question": STR, "added": UTC}

TRACKER_TABLES = {
    "contacts": CONTACTS,
    "interviews": INTERVIEWS,
    "interview_status": INTERVIEW_STATUS,
    "referrals": REFERRALS,
    "followups": FOLLOWUPS,
    "interview_questions": INTERVIEW_QUESTIONS,
}

FETCH_STATUSES = (
    "ok",
    "not-modified",
    "not-found",
    "dns-error",
    "connection-error",
    "http-error",
    "timeout",
    "too-large",
    "parse-error",
    "not-a-feed",
    "robots-blocked",
    "invalid-url",
)


def frame(rows: Iterable[Mapping[str, object]] | pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame with exactly the columns of `dtypes`, in order, cast to them (missing columns are NA)."""
    import pandas as pd

    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    df = df.reindex(columns=list(dtypes))
    return pd.DataFrame({name: _cast(df[name], dtype) for name, dtype in dtypes.items()})


def _cast(column: pd.Series, dtype: str) -> pd.Series:
    import pandas as pd

    if dtype == UTC:
        return pd.to_datetime(column, utc=True, format="ISO8601").astype(UTC)
    if dtype == "boolean":
        return column.map(lambda v: pd.NA if v is None or v is pd.NA or v != v else bool(v)).astype(dtype)
    return column.astype(dtype)
