"""The rule book of the search records: vocabularies, field checks, stage transitions and follow-up timing.

The tracker, CSV import, the widgets and the command line all check records here, so a rule is written once.
Every refusal is an `InvalidInput` whose `field` is the column at fault.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from ..errors import InvalidInput
from ..times import add_business_days, iso

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
    "linkedin",
    "online-community",
    "social-media",
    "job-board",
    "company-website",
    "newsletter",
    "podcast",
)
CONTACT_FIELDS = (
    "name",
    "role",
    "organization",
    "industry",
    "email",
    "url",
    "how_known",
    "referred_by",
    "can_use_name",
    "tags",
    "notes",
)  # what a contact records (the arguments of add_contact), for the forms and the command line
FORMATS = ("coffee", "phone", "video", "on-site")
PURPOSES = ("information", "job-lead")
EMAIL_KINDS = ("request", "thank-you", "referral", "check-in")
FOLLOWUP_KINDS = ("thank-you", "referral check-in", "request reminder", "try another contact")
STATUSES = ("identified", "requested", "scheduled", "held", "thanked", "declined", "no-reply")
UPCOMING = ("identified", "requested", "scheduled")  # the stages of an interview still to come
NEXT_STATUSES: Mapping[str, frozenset[str]] = {
    "identified": frozenset({"requested", "scheduled", "declined"}),
    "requested": frozenset({"scheduled", "declined", "no-reply"}),
    "scheduled": frozenset({"held", "declined", "scheduled"}),
    "held": frozenset({"thanked"}),
    "thanked": frozenset(),
    "declined": frozenset({"requested"}),
    "no-reply": frozenset({"requested", "scheduled"}),
}
AFTER_THE_TALK = ("held", "thanked")
CHOICES = {"how_known": HOW_KNOWN, "format": FORMATS, "purpose": PURPOSES, "status": STATUSES, "kind": FOLLOWUP_KINDS}
THANK_WITHIN = timedelta(hours=24)
CHECK_IN_DAYS = 7
TRY_ANOTHER_BUSINESS_DAYS, REMIND_BUSINESS_DAYS = 3, 7
DEFAULT_MINUTES = 30
MAX_MINUTES = 24 * 60


# Field checks


def record_id(value: object, *, field: str, label: str | None = None) -> int:
    """A record id from what was given (an int or digits), within SQLite's integer range."""
    label = label or field
    if value is None or value == "":
        raise InvalidInput(f"{label}: must be given", field=field)
    try:
        found = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{label}: expected a numeric id, got {value!r}", field=field) from None
    if not 0 < found < 2**63:
        raise InvalidInput(f"{label}: {value} is not an id (ids are 1 to {2**63 - 1})", field=field)
    return found


def choice(value: str | None, allowed: tuple[str, ...], *, field: str, label: str | None = None) -> str | None:
    """`value` if it is one of `allowed` (None passes)."""
    if value is None:
        return None
    if value not in allowed:
        raise InvalidInput(f"{label or field}: expected one of {', '.join(allowed)}, got {value!r}", field=field)
    return value


def text(value: object, *, field: str, label: str | None = None, required: bool = False) -> str | None:
    """Stripped text without control characters; empty is None (refused when required)."""
    from ..news.normalise import strip_controls

    found = None if value is None else (strip_controls(str(value)) or "").strip() or None
    if required and found is None:
        raise InvalidInput(f"{label or field}: must not be empty", field=field)
    return found


def question(value: object, *, field: str = "questions") -> str:
    """A question you plan to ask: one line of text (inner whitespace made single spaces), not empty."""
    return " ".join((text(value, field=field, required=True) or "").split())


def email_address(value: object) -> str | None:
    """An e-mail address (or None), checked by email-validator: one @, no spaces, line breaks or control
    characters, a domain with a dot. The domain is stored in its normalised form."""
    found = text(value, field="email")
    if found is None:
        return None
    if _PLAIN_ADDRESS.fullmatch(found) and found.rpartition(".")[2].lower() not in _SPECIAL_USE:
        local, _, domain = found.partition("@")
        return f"{local}@{domain.lower()}"  # what email-validator gives for a plain ASCII address, 20x faster
    import email_validator

    try:
        return str(email_validator.validate_email(found, check_deliverability=False).normalized)
    except email_validator.EmailNotValidError as error:
        raise InvalidInput(f"email: {found!r} is not an e-mail address ({error})", field="email") from None


# A plain ASCII address email-validator would accept as it is: dot-atom local part (no leading, trailing or double
# dots), LDH labels, a letter in the top-level domain, within the length limits. Anything else goes to the library.
_PLAIN_ADDRESS = re.compile(
    r"(?=.{1,254}$)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def web_address(value: object) -> str | None:
    """An http(s) address (or None)."""
    from ..news.normalise import web_link

    found = text(value, field="url")
    if found is not None and web_link(found) is None:
        raise InvalidInput(f"url: {found!r} is not an http(s) address", field="url")
    return found


def minutes(value: object) -> int | None:
    """An interview's length in whole minutes, 1 to 1440 (or None)."""
    if value is None:
        return None
    try:
        found = int(str(value))
    except ValueError:
        raise InvalidInput(f"minutes: expected a whole number, got {value!r}", field="minutes") from None
    if not 0 < found <= MAX_MINUTES:
        raise InvalidInput(f"minutes: expected 1 to {MAX_MINUTES}, got {found}", field="minutes")
    return found


def existing_id(
    conn: sqlite3.Connection,
    table: str,
    key: str,
    value: object,
    *,
    field: str,
    label: str | None = None,
    required: bool = False,
) -> int | None:
    """The id `value` if that row of `table` exists; None when not given and not required."""
    if value is None or value == "":
        if required:
            raise InvalidInput(f"{label or field}: must be given", field=field)
        return None
    found = record_id(value, field=field, label=label)
    if conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (found,)).fetchone() is None:
        raise InvalidInput(f"{label or field}: no {table[:-1]} with id {value}", field=field)
    return found


def check_new_contact(conn: sqlite3.Connection, record: Mapping[str, object]) -> None:
    """Refuse a duplicate contact: the same e-mail, or the same name and organisation."""
    if record["email"]:
        row = conn.execute(  # "email IS NOT NULL" lets SQLite use the partial index (else every row is read)
            "SELECT contact_id FROM contacts WHERE email IS NOT NULL AND lower(email) = lower(?)", (record["email"],)
        ).fetchone()
        if row:
            message = f"email: duplicate of contact {row[0]}, who has the same e-mail {record['email']}"
            raise InvalidInput(message, field="email")
    row = conn.execute(
        "SELECT contact_id FROM contacts WHERE lower(trim(name)) = lower(?) AND "
        "lower(trim(coalesce(organization, ''))) = lower(?)",
        (record["name"], record["organization"] or ""),
    ).fetchone()
    if row:
        where = record["organization"] or "no organisation"
        message = f"name: duplicate of contact {row[0]} (same name and organisation: {record['name']}, {where})"
        raise InvalidInput(message, field="name")


def check_referral_link(conn: sqlite3.Connection, from_contact: int | None, to_contact: int | None) -> None:
    """A referral leads from one person to another: never to the referrer herself, nor back to whoever
    referred the referrer (that would make a loop in the referral tree)."""
    if from_contact is None or to_contact is None:
        return
    if from_contact == to_contact:
        message = f"to-contact: contact {to_contact} cannot be referred to by herself (the referral is from them)"
        raise InvalidInput(message, field="to_contact")
    row = conn.execute("SELECT referred_by FROM contacts WHERE contact_id = ?", (from_contact,)).fetchone()
    earlier = conn.execute(
        "SELECT 1 FROM referrals WHERE from_contact = ? AND to_contact = ?", (to_contact, from_contact)
    ).fetchone()
    if (row and row[0] == to_contact) or earlier:
        message = f"to-contact: contact {to_contact} referred contact {from_contact}, so cannot be referred by them"
        raise InvalidInput(message, field="to_contact")


# Notes

ADDED_TO = ("notes", "confidential_notes", "learnings", "feedback")  # an edit adds a dated entry
REPLACED = ("goal",)  # an edit replaces the text (the old one stays in the history)


def added_text(current: str | None, addition: str, *, day: str) -> str:
    """Notes with a new dated entry after the ones already written."""
    return addition if not current else f"{current}\n\n[{day}] {addition}"


# Stages


def check_stage_time(status: str, scheduled: datetime | None, now: datetime) -> None:
    """A held or thanked interview has a time, and that time is not in the future."""
    if status in AFTER_THE_TALK and scheduled is not None and scheduled > now:
        message = f"status: an interview cannot be {status} before its time ({iso(scheduled)})"
        raise InvalidInput(message, field="status")
    if status in AFTER_THE_TALK and scheduled is None:
        raise InvalidInput(f"when: a {status} interview needs its date and time", field="scheduled")


def check_transition(current: str, status: str, scheduled: datetime | None, now: datetime) -> None:
    """Refuse a stage change the workflow does not allow (thanked before held, held in the future, ...)."""
    if status not in NEXT_STATUSES[current]:
        allowed = ", ".join(sorted(NEXT_STATUSES[current])) or "nothing"
        raise InvalidInput(f"status: cannot go from {current} to {status} (next: {allowed})", field="status")
    check_stage_time(status, scheduled, now)
    if status == "scheduled" and scheduled is None:
        raise InvalidInput("when: a scheduled interview needs a date and time", field="scheduled")


def stage_time(status: str, scheduled: datetime | None, now: datetime, *, given: datetime | None = None) -> datetime:
    """When a stage happened: the time given, else, for a conversation logged after the fact, the slot's time
    (held then, and scheduled no later than that), else now."""
    if given is not None:
        if given > now:
            raise InvalidInput(f"at: {iso(given)} is in the future; a change is recorded when it happened", field="at")
        if status in AFTER_THE_TALK and scheduled is not None and given < scheduled:
            raise InvalidInput(f"at: an interview cannot be {status} before its time ({iso(scheduled)})", field="at")
        return given
    if status in ("scheduled", "held") and scheduled is not None and scheduled < now:
        return scheduled
    return now


STAGE_ORDER = ("identified", "requested", "scheduled", "held", "thanked")


# Follow-up timing


def thank_you_due(scheduled: datetime, length: int | None) -> datetime:
    """A thank-you is due 24 hours after the end of the interview's slot."""
    return scheduled + timedelta(minutes=length or DEFAULT_MINUTES) + THANK_WITHIN


def check_in_due(promised: datetime) -> datetime:
    """A promised introduction is checked on 7 days after the promise, in the morning (local time)."""
    return morning(promised + timedelta(days=CHECK_IN_DAYS))


def try_another_due(asked: datetime) -> datetime:
    """3B7: no reply 3 business days after a request, reach out to another person there (that morning)."""
    return morning(add_business_days(asked, TRY_ANOTHER_BUSINESS_DAYS))


def reminder_due(asked: datetime) -> datetime:
    """3B7: one polite follow-up to the first contact at 7 business days (that morning)."""
    return morning(add_business_days(asked, REMIND_BUSINESS_DAYS))


MORNING = time(9, 0)
DAY_KINDS = ("referral check-in", "request reminder", "try another contact")  # due on a day, not at a time


def morning(when: datetime) -> datetime:
    """9:00 local time on the local day of `when`: a follow-up due on a day, not at the minute it was entered."""
    local = when.astimezone()
    return datetime.combine(local.date(), MORNING).astimezone().astimezone(UTC)
