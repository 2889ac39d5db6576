"""Times: what a user types without a zone is local time, what a source sends without one is UTC, and
everything stored and returned is UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from .errors import InvalidInput

UTC = UTC
_AGE = re.compile(r"^\s*(\d{1,6})\s*([hdwmy])\s*$", re.I)
_AGE_DAYS = {"h": 1 / 24, "d": 1, "w": 7, "m": 30, "y": 365}
_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")


def utc_now() -> datetime:
    """Now, tz-aware UTC."""
    return datetime.now(UTC)


def iso(value: object) -> str | None:
    """The stored form of a time: UTC ISO 8601 with microseconds (sorts as time); None and NaT stay None."""
    if value is None or value != value:  # NaT compares unequal to itself
        return None
    if not isinstance(value, datetime):
        import pandas as pd

        value = pd.Timestamp(value).to_pydatetime()
    assert isinstance(value, datetime)
    return source_utc(value).isoformat(timespec="microseconds")


def source_utc(value: datetime) -> datetime:
    """A time from a source or from storage as UTC: naive means UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def user_utc(value: datetime, *, field: str) -> datetime:
    """A time the user gave as UTC: naive means local time. Out of range is bad input naming `field`."""
    try:
        return (value.astimezone() if value.tzinfo is None else value).astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        raise InvalidInput(f"{field}: {value.isoformat()} is out of range", field=field) from None


def read_iso(text: str) -> datetime | None:
    """An ISO 8601 date or date-time (also `Z`, `+0100` and a space before the time); None when it is not one."""
    cleaned = _OFFSET.sub(r"\1:\2", text.strip().replace(" ", "T", 1))
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def parse_user_time(value: object, *, field: str) -> datetime:
    """A UTC datetime from what the user typed (ISO 8601); a date-time without a zone is local time."""
    if isinstance(value, datetime):
        return user_utc(value, field=field)
    text = str(value or "").strip()
    found = read_iso(text) if text else None
    if found is None:
        raise InvalidInput(f"{field}: cannot read {text!r} as an ISO 8601 date or date-time", field=field)
    return user_utc(found, field=field)


def parse_day_end(value: object, *, field: str) -> datetime:
    """The end of a local day for options such as --due-by DATE; a full date-time is taken as it is."""
    text = str(value).strip()
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(f"{field}: cannot read {text!r} as a date (YYYY-MM-DD)", field=field) from None
        return user_utc(datetime.combine(day, time(23, 59, 59)), field=field)
    return parse_user_time(text, field=field)


def parse_since(value: object, *, field: str = "since", now: datetime | None = None) -> datetime | None:
    """A cut-off from an age ('30d', '12h', '2w', '6m', '1y'), an ISO date or a datetime; None passes through."""
    if value is None or value == "":
        return None
    now = now or utc_now()
    if isinstance(value, timedelta):
        return _before(now, value, field)
    match = _AGE.match(str(value))
    if match:
        return _before(now, timedelta(days=int(match.group(1)) * _AGE_DAYS[match.group(2).lower()]), field)
    found = value if isinstance(value, datetime) else read_iso(str(value))
    if found is None:
        raise InvalidInput(f"{field}: expected an age like 30d, 12h, 2w or an ISO date, got {value!r}", field=field)
    return user_utc(found, field=field)


def _before(now: datetime, age: timedelta, field: str) -> datetime:
    try:
        return now - age
    except OverflowError:
        raise InvalidInput(f"{field}: {age.days} days back is out of range", field=field) from None


def local_day(value: object, *, field: str) -> str | None:
    """A local calendar day (ISO) from a date, an ISO date string, a datetime or an age such as 30d."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise InvalidInput(f"{field}: cannot read {value!r} as a date (YYYY-MM-DD)", field=field) from None
    cutoff = parse_since(value, field=field)
    assert cutoff is not None
    return cutoff.astimezone().date().isoformat()


def local_text(value: datetime) -> str:
    """A UTC time as the local time the forms take ("2026-11-19 15:30")."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def add_business_days(start: datetime, days: int) -> datetime:
    """`start` moved on by `days` working days (Monday to Friday, local calendar), keeping the time of day."""
    import numpy as np

    local = start.astimezone()
    moved = date.fromisoformat(str(np.busday_offset(local.date().isoformat(), days, roll="forward")))
    return datetime.combine(moved, local.timetz()).astimezone(UTC)
