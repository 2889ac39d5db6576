"""Track the search: contacts, interviews with their stage history, referrals and the follow-ups the rules create."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

from ..errors import InvalidInput
from ..times import iso, parse_user_time, utc_now
from ..workspace import Workspace
from . import rules
from .rules import record_id

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
    record: dict[str, object] = {
        "name": rules.text(name, field="name", required=True),
        "role": rules.text(role, field="role"),
        "organization": rules.text(organization, field="organization"),
        "industry": rules.text(industry, field="industry"),
        "email": rules.email_address(email),
        "url": rules.web_address(url),
        "how_known": rules.choice(how_known, rules.HOW_KNOWN, field="how_known", label="how"),
        "tags": rules.text(tags, field="tags"),
        "notes": rules.text(notes, field="notes"),
        "can_use_name": int(bool(can_use_name)),
        "created": iso(now or utc_now()),
    }
    record["name_granted"] = record["created"] if can_use_name else None
    with ws.transaction() as conn:
        record["referred_by"] = rules.existing_id(
            conn, "contacts", "contact_id", referred_by, field="referred_by", label="referred-by"
        )
        rules.check_new_contact(conn, record)
        return insert_row(conn, "contacts", record)


def insert_row(conn: sqlite3.Connection, table: str, record: Mapping[str, object]) -> int:
    """Insert one checked record; returns its rowid."""
    names = ", ".join(record)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(record))})"
    return int(conn.execute(sql, tuple(record.values())).lastrowid or 0)


# Interviews


def next_interview(ws: Workspace, *, now: datetime | None = None) -> int | None:
    """The id of the soonest interview set after `now` and still to come (not held, declined or unanswered), else
    None."""
    from .. import queries

    interviews = queries.read_interviews(ws)
    moment = now or utc_now()
    ahead = interviews[interviews["scheduled"].notna() & (interviews["scheduled"] > moment)]
    ahead = ahead[ahead["status"].isin(rules.UPCOMING)]
    return int(ahead.sort_values(["scheduled", "interview_id"])["interview_id"].iloc[0]) if len(ahead) else None


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
    at: object = None,
    now: datetime | None = None,
) -> int:
    """Add an interview with a contact; with a time it starts as 'scheduled', else 'identified'. Its first stage
    is dated `at`, else when it happened (a past slot's time for a conversation logged after the fact), else now."""
    now = now or utc_now()
    scheduled = parse_user_time(when, field="when") if when not in (None, "") else None
    status = rules.choice(status, rules.STATUSES, field="status") or ("scheduled" if scheduled else "identified")
    record = {
        "scheduled": iso(scheduled),
        "format": rules.choice(format, rules.FORMATS, field="format"),
        "minutes": rules.minutes(minutes),
        "purpose": rules.choice(purpose or "information", rules.PURPOSES, field="purpose"),
        "goal": rules.text(goal, field="goal"),
        "status": status,
        "created": iso(now),
        "held": iso(scheduled) if status in rules.AFTER_THE_TALK else None,
    }
    rules.check_stage_time(status, scheduled, now)
    with ws.transaction() as conn:
        record["contact_id"] = rules.existing_id(
            conn, "contacts", "contact_id", contact, field="contact_id", label="contact", required=True
        )
        interview_id = insert_row(conn, "interviews", record)
        given = parse_user_time(at, field="at") if at not in (None, "") else None
        record_stage(conn, interview_id, status, rules.stage_time(status, scheduled, now, given=given))
        sync_followups(conn, now=now)
        return interview_id


def record_stage(conn: sqlite3.Connection, interview_id: int, status: str, at: datetime) -> None:
    """Add a stage to an interview's history. The stages before it in the workflow happened no later than it:
    one recorded later (a request logged today for a talk held last week) is moved back to this time."""
    conn.execute("INSERT INTO interview_status VALUES (?, ?, ?)", (interview_id, status, iso(at)))
    if status in rules.STAGE_ORDER:
        earlier = rules.STAGE_ORDER[: rules.STAGE_ORDER.index(status)]
        conn.execute(
            f"UPDATE interview_status SET at = ? WHERE interview_id = ? AND at > ? "
            f"AND status IN ({', '.join('?' * len(earlier))})",
            (iso(at), interview_id, iso(at), *earlier),
        )


UPDATABLE = ("notes", "confidential_notes", "learnings", "feedback", "goal")


def update_interview(
    ws: Workspace,
    interview_id: int,
    *,
    status: str | None = None,
    when: object = None,
    notes: str | None = None,
    confidential_notes: str | None = None,
    learnings: str | None = None,
    feedback: str | None = None,
    goal: str | None = None,
    replace: bool = False,
    at: object = None,
    now: datetime | None = None,
    questions: Sequence[str] = (),
) -> None:
    """Change an interview's status (kept in its history), time or notes, or add the questions you plan to ask;
    an impossible change writes nothing.
    A new stage is dated `at`, else when it happened (held at the slot's time when logged after it), else now.

    Notes, confidential notes, learnings and feedback are added to, as a dated entry, unless `replace`; whatever
    an edit replaces is kept in `interview_text_history`, so no edit loses what was written."""
    now = now or utc_now()
    texts = dict(notes=notes, confidential_notes=confidential_notes, learnings=learnings, feedback=feedback, goal=goal)
    key = record_id(interview_id, field="interview_id", label="interview")
    with ws.transaction() as conn:
        row = conn.execute("SELECT status, scheduled FROM interviews WHERE interview_id = ?", (key,)).fetchone()
        if row is None:
            raise InvalidInput(f"interview: no interview with id {interview_id}", field="interview_id")
        current, scheduled = row[0], (parse_user_time(row[1], field="when") if row[1] else None)
        given = parse_user_time(at, field="at") if at not in (None, "") else None
        if when not in (None, ""):
            scheduled = _reschedule(conn, key, current, status, when, now)
        if status is not None and status != current:
            status = rules.choice(status, rules.STATUSES, field="status") or ""
            change_stage(conn, key, current, status, scheduled, now, at=given)
        for name, value in texts.items():
            if value is not None:
                _write_text(conn, key, name, rules.text(value, field=name), replace=replace, now=now)
        conn.executemany(
            "INSERT OR IGNORE INTO interview_questions VALUES (?, ?, ?)",
            [(key, question, iso(now)) for question in _questions(questions)],
        )
        sync_followups(conn, now=now)


def _questions(questions: Sequence[str]) -> list[str]:
    """The questions given, checked: each one line of text, none empty."""
    if isinstance(questions, str):
        questions = [questions]
    return [rules.question(q) for q in questions]


def _write_text(
    conn: sqlite3.Connection, key: int, name: str, value: str | None, *, replace: bool, now: datetime
) -> None:
    current = conn.execute(f"SELECT {name} FROM interviews WHERE interview_id = ?", (key,)).fetchone()[0]
    if value is None and not replace:
        return
    if name in rules.ADDED_TO and not replace and value is not None:
        value = rules.added_text(current, value, day=now.astimezone().date().isoformat())
    elif current is not None and current != value:
        conn.execute("INSERT INTO interview_text_history VALUES (?, ?, ?, ?)", (key, name, current, iso(now)))
    conn.execute(f"UPDATE interviews SET {name} = ? WHERE interview_id = ?", (value, key))


def _reschedule(
    conn: sqlite3.Connection, key: int, current: str, status: str | None, when: object, now: datetime
) -> datetime:
    scheduled = parse_user_time(when, field="when")
    rules.check_stage_time(status or current, scheduled, now)
    conn.execute("UPDATE interviews SET scheduled = ? WHERE interview_id = ?", (iso(scheduled), key))
    if current == "scheduled" and status in (None, "scheduled"):
        record_stage(conn, key, "scheduled", min(now, scheduled))  # a reschedule stays in the history
    return scheduled


def change_stage(
    conn: sqlite3.Connection,
    interview_id: int,
    current: str,
    status: str,
    scheduled: datetime | None,
    now: datetime,
    *,
    at: datetime | None = None,
) -> None:
    """Move an interview to `status` if the rules allow it, recording the change when it happened."""
    rules.check_transition(current, status, scheduled, now)
    happened = rules.stage_time(status, scheduled, now, given=at)
    if status == "held":
        conn.execute("UPDATE interviews SET held = ? WHERE interview_id = ?", (iso(happened), interview_id))
    conn.execute("UPDATE interviews SET status = ? WHERE interview_id = ?", (status, interview_id))
    record_stage(conn, interview_id, status, happened)


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
    record: dict[str, object] = {
        "to_name": rules.text(to_name, field="to_name", label="to-name"),
        "to_organization": rules.text(to_organization, field="to_organization", label="to-org"),
        "can_use_name": int(bool(can_use_name)),
        "will_introduce": int(bool(will_introduce)),
        "check_in": iso(rules.check_in_due(now)) if will_introduce else None,
        "created": iso(now),
    }
    if record["to_name"] is None and record["to_organization"] is None and to_contact is None:
        raise InvalidInput("to-name: give the person or the organisation referred to", field="to_name")
    with ws.transaction() as conn:
        record["from_contact"] = rules.existing_id(
            conn, "contacts", "contact_id", from_contact, field="from_contact", label="from", required=True
        )
        record["to_contact"] = rules.existing_id(
            conn, "contacts", "contact_id", to_contact, field="to_contact", label="to-contact"
        )
        rules.check_referral_link(conn, record["from_contact"], record["to_contact"])  # type: ignore[arg-type]
        referral_id = insert_row(conn, "referrals", record)
        sync_followups(conn, now=now)
        return referral_id


def referral_reached(ws: Workspace, referral_id: int, *, contact: int, now: datetime | None = None) -> None:
    """The person a referral pointed to is now a contact: links them and closes the referral check-in."""
    with ws.transaction() as conn:
        found = rules.existing_id(
            conn, "referrals", "referral_id", referral_id, field="referral_id", label="referral", required=True
        )
        reached = rules.existing_id(
            conn, "contacts", "contact_id", contact, field="to_contact", label="contact", required=True
        )
        referrer = conn.execute("SELECT from_contact FROM referrals WHERE referral_id = ?", (found,)).fetchone()[0]
        rules.check_referral_link(conn, referrer, reached)
        conn.execute("UPDATE referrals SET to_contact = ? WHERE referral_id = ?", (reached, found))
        sync_followups(conn, now=now or utc_now())


# Follow-ups


def sync_followups(conn: sqlite3.Connection, *, now: datetime) -> None:
    """Create the follow-ups the rules call for, and close those whose reason has gone (a reply, a thank-you sent)."""
    _thank_yous(conn)
    _check_ins(conn, now)
    _three_b_seven(conn, now)


def _open(
    conn: sqlite3.Connection,
    kind: str,
    due: datetime,
    *,
    interview_id: int | None = None,
    referral_id: int | None = None,
    contact_id: int | None = None,
    note: str | None = None,
) -> None:
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


def _close(
    conn: sqlite3.Connection, kind: str, done: str, *, interview_id: int | None = None, referral_id: int | None = None
) -> None:
    conn.execute(
        "UPDATE followups SET done = ? WHERE done IS NULL AND kind = ? AND interview_id IS ? AND referral_id IS ?",
        (done, kind, interview_id, referral_id),
    )


def _thank_yous(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT interview_id, contact_id, scheduled, minutes, status FROM interviews "
        "WHERE status IN ('held', 'thanked')"
    ).fetchall()
    for interview_id, contact_id, scheduled, length, status in rows:
        due = rules.thank_you_due(parse_user_time(scheduled, field="when"), length)
        _open(conn, "thank-you", due, interview_id=interview_id, contact_id=contact_id)
        if status == "thanked":
            _close(conn, "thank-you", _stage_time(conn, interview_id, "thanked"), interview_id=interview_id)


def _stage_time(conn: sqlite3.Connection, interview_id: int, status: str) -> str:
    return conn.execute(
        "SELECT max(at) FROM interview_status WHERE interview_id = ? AND status = ?", (interview_id, status)
    ).fetchone()[0]


def _check_ins(conn: sqlite3.Connection, now: datetime) -> None:
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
            _close(conn, "referral check-in", iso(now) or "", referral_id=referral_id)


def _three_b_seven(conn: sqlite3.Connection, now: datetime) -> None:
    """3B7: no reply 3 business days after a request -> another contact there; one follow-up at 7 business days."""
    rows = conn.execute(
        "SELECT i.interview_id, i.contact_id, i.status, c.organization FROM interviews i "
        "JOIN contacts c USING (contact_id) WHERE i.interview_id IN "
        "(SELECT interview_id FROM interview_status WHERE status = 'requested')"
    ).fetchall()
    for interview_id, contact_id, status, organization in rows:
        asked = parse_user_time(_stage_time(conn, interview_id, "requested"), field="requested")
        if status == "requested":
            where = f" at {organization}" if organization else ""
            _open(
                conn,
                "try another contact",
                rules.try_another_due(asked),
                interview_id=interview_id,
                contact_id=contact_id,
                note=f"no reply yet: reach out to another person{where}",
            )
            _open(
                conn,
                "request reminder",
                rules.reminder_due(asked),
                interview_id=interview_id,
                contact_id=contact_id,
                note="one polite follow-up to the first contact",
            )
        else:
            replied = _stage_time(conn, interview_id, status) or iso(now) or ""
            for kind in ("try another contact", "request reminder"):
                _close(conn, kind, replied, interview_id=interview_id)


def followup_done(ws: Workspace, followup_id: int, *, now: datetime | None = None) -> None:
    """Record that a follow-up was sent. A thank-you is recorded on its interview (status 'thanked'), so it
    cannot be marked done before its interview was held."""
    now = now or utc_now()
    key = record_id(followup_id, field="followup_id", label="followup")
    with ws.transaction() as conn:
        row = conn.execute("SELECT kind, interview_id, done FROM followups WHERE followup_id = ?", (key,)).fetchone()
        if row is None:
            raise InvalidInput(f"followup: no follow-up with id {followup_id}", field="followup_id")
        kind, interview_id, done = row
        if done is not None:
            raise InvalidInput(f"followup: {followup_id} was already done on {done}", field="followup_id")
        if kind == "thank-you":
            current, scheduled = conn.execute(
                "SELECT status, scheduled FROM interviews WHERE interview_id = ?", (interview_id,)
            ).fetchone()
            change_stage(conn, interview_id, current, "thanked", parse_user_time(scheduled, field="when"), now)
        conn.execute("UPDATE followups SET done = ? WHERE followup_id = ?", (iso(now), key))
        sync_followups(conn, now=now)
