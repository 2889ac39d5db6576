"""Track the search: contacts, interviews with their stage history, referrals and the follow-ups rules create."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta

import pandas as pd

from ..errors import InvalidInput
from ..times import add_business_days, iso, parse_user_time, utc_now
from ..workspace import Workspace

HOW_KNOWN = (
    "friend",
    "family",
    "neighbour",
    "coworker",
    "alumni",
    "association",
    "conference",
    "supervisor",
    "professor",
    "referral",
    "cold",
)
FORMATS = ("coffee", "phone", "video", "on-site")
PURPOSES = ("information", "job-lead")
FOLLOWUP_KINDS = ("thank-you", "referral check-in", "request reminder", "try another contact")
STATUSES = ("identified", "requested", "scheduled", "held", "thanked", "declined", "no-reply")
NEXT = {
    "identified": {"requested", "scheduled", "declined"},
    "requested": {"scheduled", "declined", "no-reply"},
    "scheduled": {"held", "declined", "scheduled"},
    "held": {"thanked"},
    "thanked": set(),
    "declined": {"requested"},
    "no-reply": {"requested", "scheduled"},
}
THANK_WITHIN = timedelta(hours=24)
CHECK_IN_DAYS = 7
TRY_ANOTHER_BUSINESS_DAYS, REMIND_BUSINESS_DAYS = 3, 7
DEFAULT_MINUTES = 30


def _choice(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise InvalidInput(f"{field}: expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _text(value: object, field: str, *, required: bool = False) -> str | None:
    text = None if value is None else str(value).strip() or None
    if required and text is None:
        raise InvalidInput(f"{field}: must not be empty")
    return text


def _exists(
    conn: sqlite3.Connection, table: str, key: str, value: object, field: str, *, required: bool = False
) -> int | None:
    """The id `value` if that row exists; None when not given and not required."""
    if value is None or value == "":
        if required:
            raise InvalidInput(f"{field}: must be given")
        return None
    found = _id(value, field)
    if conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (found,)).fetchone() is None:
        raise InvalidInput(f"{field}: no {table[:-1]} with id {value}")
    return found


# Contacts


def add_contact(
    ws: Workspace,
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
    """Add a contact; returns its id. Refuses an empty name and a duplicate (same e-mail, or name + organisation)."""
    record = {
        "name": _text(name, "name", required=True),
        "role": _text(role, "role"),
        "organization": _text(organization, "organization"),
        "industry": _text(industry, "industry"),
        "email": _email(email),
        "url": _url(url),
        "how_known": _choice(how_known, HOW_KNOWN, "how"),
        "tags": _text(tags, "tags"),
        "notes": _text(notes, "notes"),
        "can_use_name": int(bool(can_use_name)),
        "created": iso(now or utc_now()),
    }
    record["name_granted"] = record["created"] if can_use_name else None
    with ws.transaction() as conn:
        record["referred_by"] = _exists(conn, "contacts", "contact_id", referred_by, "referred-by")
        _check_duplicate(conn, record)
        return _insert(conn, "contacts", record)


def _email(value: str | None) -> str | None:
    text = _text(value, "email")
    if text is not None and ("@" not in text or " " in text or text.startswith("@") or text.endswith("@")):
        raise InvalidInput(f"email: {text!r} is not an e-mail address")
    return text


def _url(value: str | None) -> str | None:
    from ..news.normalise import web_link

    text = _text(value, "url")
    if text is not None and web_link(text) is None:
        raise InvalidInput(f"url: {text!r} is not an http(s) address")
    return text


def _check_duplicate(conn: sqlite3.Connection, record: Mapping) -> None:
    if record["email"]:
        row = conn.execute(
            "SELECT contact_id FROM contacts WHERE lower(email) = lower(?)", (record["email"],)
        ).fetchone()
        if row:
            raise InvalidInput(f"email: duplicate of contact {row[0]}, who has the same e-mail {record['email']}")
    row = conn.execute(
        "SELECT contact_id FROM contacts WHERE lower(trim(name)) = lower(?) AND "
        "lower(trim(coalesce(organization, ''))) = lower(?)",
        (record["name"], record["organization"] or ""),
    ).fetchone()
    if row:
        where = record["organization"] or "no organisation"
        raise InvalidInput(
            f"name: duplicate of contact {row[0]} (same name and organisation: {record['name']}, {where})"
        )


def _insert(conn: sqlite3.Connection, table: str, record: Mapping) -> int:
    names = ", ".join(record)
    cursor = conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(record))})", tuple(record.values())
    )
    return int(cursor.lastrowid)


# Interviews


def add_interview(
    ws: Workspace,
    *,
    contact: int,
    when: object = None,
    format: str | None = None,
    minutes: int | None = None,
    purpose: str = "information",
    goal: str | None = None,
    status: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add an interview with a contact; with a time it starts as 'scheduled', else 'identified'."""
    now = now or utc_now()
    scheduled = parse_user_time(when, field="when") if when not in (None, "") else None
    status = _choice(status, STATUSES, "status") or ("scheduled" if scheduled else "identified")
    record = {
        "scheduled": iso(scheduled),
        "format": _choice(format, FORMATS, "format"),
        "minutes": _minutes(minutes),
        "purpose": _choice(purpose or "information", PURPOSES, "purpose"),
        "goal": _text(goal, "goal"),
        "status": status,
        "created": iso(now),
        "held": iso(scheduled) if status in ("held", "thanked") else None,
    }
    _check_status_time(status, scheduled, now)
    with ws.transaction() as conn:
        record["contact_id"] = _exists(conn, "contacts", "contact_id", contact, "contact", required=True)
        interview_id = _insert(conn, "interviews", record)
        _history(conn, interview_id, status, now)
        sync_followups(conn, now=now)
        return interview_id


def _minutes(value: object) -> int | None:
    if value is None:
        return None
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"minutes: expected a whole number, got {value!r}") from None
    if not 0 < minutes <= 24 * 60:
        raise InvalidInput(f"minutes: expected 1 to 1440, got {minutes}")
    return minutes


def _check_status_time(status: str, scheduled: datetime | None, now: datetime) -> None:
    if status in ("held", "thanked") and scheduled is not None and scheduled > now:
        raise InvalidInput(f"status: an interview cannot be {status} before its time ({iso(scheduled)})")
    if status in ("held", "thanked") and scheduled is None:
        raise InvalidInput(f"when: a {status} interview needs its date and time")


def _history(conn: sqlite3.Connection, interview_id: int, status: str, at: datetime) -> None:
    conn.execute("INSERT INTO interview_status VALUES (?, ?, ?)", (interview_id, status, iso(at)))


UPDATABLE = ("notes", "confidential_notes", "learnings", "feedback", "goal")


def update_interview(
    ws: Workspace,
    interview_id: int,
    *,
    status: str | None = None,
    when: object = None,
    now: datetime | None = None,
    **texts: str | None,
) -> None:
    """Change an interview's status (kept in its history), time or notes; an impossible change writes nothing."""
    now = now or utc_now()
    unknown = set(texts) - set(UPDATABLE)
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]}: not a field of an interview")
    with ws.transaction() as conn:
        row = conn.execute(
            "SELECT status, scheduled FROM interviews WHERE interview_id = ?", (_id(interview_id, "interview"),)
        ).fetchone()
        if row is None:
            raise InvalidInput(f"interview: no interview with id {interview_id}")
        current, scheduled = row[0], (parse_user_time(row[1], field="when") if row[1] else None)
        if when not in (None, ""):
            scheduled = parse_user_time(when, field="when")
            _check_status_time(status or current, scheduled, now)
            conn.execute("UPDATE interviews SET scheduled = ? WHERE interview_id = ?", (iso(scheduled), interview_id))
            if current == "scheduled" and status in (None, "scheduled"):
                _history(conn, int(interview_id), "scheduled", now)  # a reschedule stays in the history
        if status is not None and status != current:
            _change_status(conn, int(interview_id), current, _choice(status, STATUSES, "status"), scheduled, now)
        for name, value in texts.items():
            if value is not None:
                conn.execute(
                    f"UPDATE interviews SET {name} = ? WHERE interview_id = ?", (_text(value, name), interview_id)
                )
        sync_followups(conn, now=now)


def _change_status(
    conn, interview_id: int, current: str, status: str, scheduled: datetime | None, now: datetime
) -> None:
    if status not in NEXT[current]:
        allowed = ", ".join(sorted(NEXT[current])) or "nothing"
        raise InvalidInput(f"status: cannot go from {current} to {status} (next: {allowed})")
    _check_status_time(status, scheduled, now)
    if status == "scheduled" and scheduled is None:
        raise InvalidInput("when: a scheduled interview needs a date and time")
    if status == "held":
        conn.execute("UPDATE interviews SET held = ? WHERE interview_id = ?", (iso(scheduled), interview_id))
    conn.execute("UPDATE interviews SET status = ? WHERE interview_id = ?", (status, interview_id))
    _history(conn, interview_id, status, now)


# Referrals


def add_referral(
    ws: Workspace,
    *,
    from_contact: int,
    to_name: str | None = None,
    to_organization: str | None = None,
    to_contact: int | None = None,
    can_use_name: bool = False,
    will_introduce: bool = False,
    now: datetime | None = None,
) -> int:
    """Record that a contact pointed you to a person and/or organisation; a promised introduction gets a check-in."""
    now = now or utc_now()
    record = {
        "to_name": _text(to_name, "to-name"),
        "to_organization": _text(to_organization, "to-org"),
        "can_use_name": int(bool(can_use_name)),
        "will_introduce": int(bool(will_introduce)),
        "check_in": iso(now + timedelta(days=CHECK_IN_DAYS)) if will_introduce else None,
        "created": iso(now),
    }
    if record["to_name"] is None and record["to_organization"] is None and to_contact is None:
        raise InvalidInput("to-name: give the person or the organisation referred to")
    with ws.transaction() as conn:
        record["from_contact"] = _exists(conn, "contacts", "contact_id", from_contact, "from", required=True)
        record["to_contact"] = _exists(conn, "contacts", "contact_id", to_contact, "to-contact")
        referral_id = _insert(conn, "referrals", record)
        sync_followups(conn, now=now)
        return referral_id


def reached(ws: Workspace, referral_id: int, *, contact: int, now: datetime | None = None) -> None:
    """The person a referral pointed to is now a contact: links them and closes the referral check-in."""
    with ws.transaction() as conn:
        _exists(conn, "referrals", "referral_id", referral_id, "referral", required=True)
        _exists(conn, "contacts", "contact_id", contact, "contact", required=True)
        conn.execute("UPDATE referrals SET to_contact = ? WHERE referral_id = ?", (int(contact), int(referral_id)))
        sync_followups(conn, now=now or utc_now())


# Follow-ups


def sync_followups(conn: sqlite3.Connection, *, now: datetime) -> None:
    """Create the follow-ups the rules call for, and close those whose reason has gone (a reply, a thank-you sent)."""
    _thank_yous(conn, now)
    _check_ins(conn, now)
    _three_b_seven(conn, now)


def _open(conn, kind: str, due: datetime, *, interview_id=None, referral_id=None, contact_id=None, note=None) -> None:
    """Open a follow-up, move an open one to its new due time (a reschedule), or open a new one for a new occasion
    (a second request after a decline) - never reopen one that was done for this occasion."""
    latest = conn.execute(
        "SELECT followup_id, done, due FROM followups WHERE kind = ? AND interview_id IS ? AND "
        "referral_id IS ? ORDER BY followup_id DESC LIMIT 1",
        (kind, interview_id, referral_id),
    ).fetchone()
    if latest is not None and latest[1] is None:
        conn.execute("UPDATE followups SET due = ? WHERE followup_id = ?", (iso(due), latest[0]))
    elif latest is None or latest[2] != iso(due):
        conn.execute(
            "INSERT INTO followups (kind, interview_id, referral_id, contact_id, due, note) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, interview_id, referral_id, contact_id, iso(due), note),
        )


def _close(conn, kind: str, done: str, *, interview_id=None, referral_id=None) -> None:
    conn.execute(
        "UPDATE followups SET done = ? WHERE done IS NULL AND kind = ? AND interview_id IS ? AND referral_id IS ?",
        (done, kind, interview_id, referral_id),
    )


def _thank_yous(conn, now: datetime) -> None:
    rows = conn.execute(
        "SELECT interview_id, contact_id, scheduled, coalesce(minutes, ?), status FROM interviews "
        "WHERE status IN ('held', 'thanked')",
        (DEFAULT_MINUTES,),
    ).fetchall()
    for interview_id, contact_id, scheduled, minutes, status in rows:
        due = parse_user_time(scheduled, field="when") + timedelta(minutes=minutes) + THANK_WITHIN
        _open(conn, "thank-you", due, interview_id=interview_id, contact_id=contact_id)
        if status == "thanked":
            _close(conn, "thank-you", _status_time(conn, interview_id, "thanked"), interview_id=interview_id)


def _status_time(conn, interview_id: int, status: str) -> str:
    return conn.execute(
        "SELECT max(at) FROM interview_status WHERE interview_id = ? AND status = ?", (interview_id, status)
    ).fetchone()[0]


def _check_ins(conn, now: datetime) -> None:
    rows = conn.execute(
        "SELECT referral_id, from_contact, check_in, to_contact FROM referrals WHERE will_introduce = 1"
    ).fetchall()
    for referral_id, from_contact, check_in, to_contact in rows:
        _open(
            conn,
            "referral check-in",
            parse_user_time(check_in, field="check_in"),
            referral_id=referral_id,
            contact_id=from_contact,
            note="check back on the promised introduction (7-10 days)",
        )
        if to_contact is not None:
            _close(conn, "referral check-in", iso(now), referral_id=referral_id)


def _three_b_seven(conn, now: datetime) -> None:
    """3B7: no reply 3 business days after a request -> another contact there; one follow-up at 7 business days."""
    rows = conn.execute(
        "SELECT i.interview_id, i.contact_id, i.status, c.organization FROM interviews i "
        "JOIN contacts c USING (contact_id) WHERE i.interview_id IN "
        "(SELECT interview_id FROM interview_status WHERE status = 'requested')"
    ).fetchall()
    for interview_id, contact_id, status, organization in rows:
        asked = parse_user_time(_status_time(conn, interview_id, "requested"), field="requested")
        if status == "requested":
            where = f" at {organization}" if organization else ""
            _open(
                conn,
                "try another contact",
                add_business_days(asked, TRY_ANOTHER_BUSINESS_DAYS),
                interview_id=interview_id,
                contact_id=contact_id,
                note=f"no reply yet: reach out to another person{where}",
            )
            _open(
                conn,
                "request reminder",
                add_business_days(asked, REMIND_BUSINESS_DAYS),
                interview_id=interview_id,
                contact_id=contact_id,
                note="one polite follow-up to the first contact",
            )
        else:
            replied = _status_time(conn, interview_id, status) or iso(now)
            for kind in ("try another contact", "request reminder"):
                _close(conn, kind, replied, interview_id=interview_id)


def mark_done(ws: Workspace, followup_id: int, *, now: datetime | None = None) -> None:
    """Record that a follow-up was sent. A thank-you is recorded on its interview (status 'thanked'), so it
    cannot be marked done before its interview was held."""
    now = now or utc_now()
    with ws.transaction() as conn:
        row = conn.execute(
            "SELECT kind, interview_id, done, due FROM followups WHERE followup_id = ?", (_id(followup_id, "followup"),)
        ).fetchone()
        if row is None:
            raise InvalidInput(f"followup: no follow-up with id {followup_id}")
        kind, interview_id, done, _ = row
        if done is not None:
            raise InvalidInput(f"followup: {followup_id} was already done on {done}")
        if kind == "thank-you":
            current, scheduled = conn.execute(
                "SELECT status, scheduled FROM interviews WHERE interview_id = ?", (interview_id,)
            ).fetchone()
            _change_status(conn, interview_id, current, "thanked", parse_user_time(scheduled, field="when"), now)
        conn.execute("UPDATE followups SET done = ? WHERE followup_id = ?", (iso(now), int(followup_id)))
        sync_followups(conn, now=now)


def contact_card(ws: Workspace, contact_id: int) -> dict:
    """One contact's record with its interviews (no confidential notes), referrals given and open follow-ups."""
    from ..tables import CONTACTS, FOLLOWUPS, INTERVIEWS, REFERRALS

    key = _id(contact_id, "contact")
    contact = ws.read("SELECT * FROM contacts WHERE contact_id = ?", (key,), dtypes=CONTACTS)
    if contact.empty:
        raise InvalidInput(f"contact: no contact with id {contact_id}")
    interviews = ws.read(
        "SELECT * FROM interviews WHERE contact_id = ? ORDER BY interview_id", (key,), dtypes=INTERVIEWS
    )
    referrals = ws.read("SELECT * FROM referrals WHERE from_contact = ? ORDER BY referral_id", (key,), dtypes=REFERRALS)
    followups = ws.read(
        "SELECT * FROM followups WHERE contact_id = ? AND done IS NULL ORDER BY due", (key,), dtypes=FOLLOWUPS
    )
    card = as_records(contact)[0]
    card["interviews"] = as_records(interviews.drop(columns=["confidential_notes"]))
    card["referrals"] = as_records(referrals)
    card["followups"] = as_records(followups)
    return card


def _id(value: object, field: str) -> int:
    if value is None or value == "":
        raise InvalidInput(f"{field}: must be given")
    try:
        return int(str(value))
    except ValueError:
        raise InvalidInput(f"{field}: expected a numeric id, got {value!r}") from None


def as_records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts: NA becomes None, timestamps stay Timestamps."""
    return [
        {k: (None if v is pd.NA or v is pd.NaT else v) for k, v in row.items()}
        for row in df.astype(object).to_dict("records")
    ]
