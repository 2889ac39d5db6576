"""Scheduled interviews and open follow-ups as an iCalendar file whose re-exports update events, never duplicate them."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from icalendar import Calendar, Event

from .. import queries
from ..times import source_utc, utc_now
from ..workspace import Workspace, output_path, write_atomically
from . import rules

PRODID = "-//iiwork//informational-interview workbook//EN"
DOMAIN = "iiwork"
STATE_NAME = "calendar-state.json"  # what was exported last, so a changed event gets a higher SEQUENCE
FOLLOWUP_MINUTES = 15
LOCATIONS = {"coffee": "Coffee", "phone": "Phone call", "video": "Video call", "on-site": "On-site"}
FOLLOWUP_TITLES = {
    "thank-you": "Send a thank-you to {name}",
    "referral check-in": "Check in with {name} about the promised introduction",
    "request reminder": "One polite follow-up to {name}",
    "try another contact": "No reply from {name}: reach out to another person{at}",
}
JOB_LEAD = "Job lead: say upfront that you are looking for a job, then ask for advice and information."
INFORMATION = "Information: ask for advice and information, not for a job."


def to_ics(ws: Workspace, *, now: datetime | None = None) -> bytes:
    """The iCalendar file: one VEVENT per scheduled interview and per open follow-up (UTC times).

    UIDs come from the record ids (`interview-3@iiwork`, `followup-7@iiwork`); the workspace remembers what was
    exported, so a changed event gets a higher SEQUENCE and a future event that went away is sent as CANCELLED.
    """
    return _export(ws, now or utc_now())[0]


def write_ics(ws: Workspace, path: str | os.PathLike, *, now: datetime | None = None) -> int:
    """Write the iCalendar file to `path`; returns the number of events in it."""
    target = output_path(path)
    data, count = _export(ws, now or utc_now())
    write_atomically(target, lambda partial: partial.write_bytes(data))
    return count


def _export(ws: Workspace, now: datetime) -> tuple[bytes, int]:
    now = now.astimezone(UTC).replace(microsecond=0)
    state_path = ws.path / STATE_NAME
    state = _load(state_path)
    interviews = queries.read_interviews(ws)  # without confidential notes
    contacts = queries.read_contacts(ws).set_index("contact_id")
    current = {event["uid"]: event for event in [*_interview_events(interviews, contacts), *_followup_events(ws)]}
    statuses = dict(zip(interviews["interview_id"].astype(int), interviews["status"]))
    events, new_state = [], {}
    for uid, event in current.items():
        known = state.get(uid)
        fingerprint = _fingerprint(event)
        if known is None:
            sequence, modified = 0, now
        elif known["fingerprint"] != fingerprint or known.get("cancelled"):
            sequence, modified = known["sequence"] + 1, now
        else:
            sequence, modified = known["sequence"], datetime.fromisoformat(known["modified"])
        events.append({**event, "sequence": sequence, "modified": modified})
        new_state[uid] = _remember(event, fingerprint, sequence, modified)
    for uid, known in state.items():
        if uid in current:
            continue
        new_state[uid] = known
        if datetime.fromisoformat(known["end"]) <= now or not _cancels(uid, statuses):
            continue
        if not known.get("cancelled"):
            known = {**known, "cancelled": True, "sequence": known["sequence"] + 1, "modified": now.isoformat()}
            new_state[uid] = known
        events.append(_cancelled(uid, known))
    if new_state != state:
        _save(state_path, new_state)
    return _calendar(events, now), len(events)


def _interview_events(interviews: pd.DataFrame, contacts: pd.DataFrame) -> Iterator[dict]:
    chosen = interviews[(interviews["status"] == "scheduled") & interviews["scheduled"].notna()]
    for row in chosen.itertuples(index=False):
        contact = contacts.loc[row.contact_id]
        organization = _text(contact["organization"])
        minutes = int(row.minutes) if pd.notna(row.minutes) else rules.DEFAULT_MINUTES
        start = _utc(row.scheduled)
        where = LOCATIONS.get(_text(row.format) or "", "")
        if where == "On-site" and organization:
            where = f"On-site at {organization}"
        lines = [
            f"Goal: {_text(row.goal)}" if _text(row.goal) else "Goal: (none recorded yet)",
            JOB_LEAD if row.purpose == "job-lead" else INFORMATION,
            f"With: {', '.join(v for v in (contact['name'], _text(contact['role']), organization) if v)}",
            *([f"E-mail: {contact['email']}"] if _text(contact["email"]) else []),
            f"iiwork interview {row.interview_id}",
        ]
        yield {
            "uid": f"interview-{row.interview_id}@{DOMAIN}",
            "start": start,
            "end": start + timedelta(minutes=minutes),
            "summary": f"Informational interview: {contact['name']}" + (f" ({organization})" if organization else ""),
            "location": where,
            "description": "\n".join(lines),
            "transp": "OPAQUE",
        }


def _followup_events(ws: Workspace) -> Iterator[dict]:
    referrals = queries.read_referrals(ws).set_index("referral_id")
    for row in queries.read_followups(ws, with_contact=True).itertuples(index=False):  # open ones only
        name = _text(row.contact) or "your contact"
        organization = _text(row.organization)
        summary = FOLLOWUP_TITLES.get(row.kind, row.kind + ": {name}").format(
            name=name, at=f" at {organization}" if organization else ""
        )
        lines = [_text(row.note) or ""]
        if row.kind == "referral check-in" and pd.notna(row.referral_id) and row.referral_id in referrals.index:
            referral = referrals.loc[row.referral_id]
            target = _text(referral["to_name"]) or _text(referral["to_organization"]) or "the person they suggested"
            lines.append(f"Introduction promised: {target}")
        lines.append(f"iiwork follow-up {row.followup_id}: mark it done when sent")
        start = _utc(row.due)
        yield {
            "uid": f"followup-{row.followup_id}@{DOMAIN}",
            "start": start,
            "end": start + timedelta(minutes=FOLLOWUP_MINUTES),
            "summary": summary,
            "location": "",
            "description": "\n".join(line for line in lines if line),
            "transp": "TRANSPARENT",
        }


def _cancels(uid: str, statuses: Mapping[int, str]) -> bool:
    """A future event that went away is cancelled: a follow-up done early, an interview declined or unscheduled
    (not one that was held)."""
    if uid.startswith("interview-"):
        return statuses.get(int(uid.split("-")[1].split("@")[0])) not in ("held", "thanked")
    return True


def _calendar(events: list[dict], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "iiwork")
    for item in sorted(events, key=lambda e: (e["start"], e["uid"])):
        event = Event()
        event.add("uid", item["uid"])
        event.add("dtstamp", now)
        event.add("last-modified", item["modified"])
        event.add("sequence", item["sequence"])
        event.add("dtstart", item["start"])
        event.add("dtend", item["end"])
        event.add("summary", item["summary"])
        for key in ("location", "description"):
            if item.get(key):
                event.add(key, item[key])
        event.add("transp", item["transp"])
        event.add("status", item.get("status", "CONFIRMED"))
        calendar.add_component(event)
    return calendar.to_ical()


def _cancelled(uid: str, known: Mapping) -> dict:
    return {
        "uid": uid,
        "start": datetime.fromisoformat(known["start"]),
        "end": datetime.fromisoformat(known["end"]),
        "summary": known["summary"],
        "transp": "TRANSPARENT",
        "status": "CANCELLED",
        "sequence": known["sequence"],
        "modified": datetime.fromisoformat(known["modified"]),
    }


def _fingerprint(event: Mapping) -> str:
    significant = {key: (value.isoformat() if isinstance(value, datetime) else value) for key, value in event.items()}
    return hashlib.sha256(json.dumps(significant, sort_keys=True).encode()).hexdigest()


def _remember(event: Mapping, fingerprint: str, sequence: int, modified: datetime) -> dict:
    return {
        "fingerprint": fingerprint,
        "sequence": sequence,
        "modified": modified.isoformat(),
        "start": event["start"].isoformat(),
        "end": event["end"].isoformat(),
        "summary": event["summary"],
    }


def _load(path: Path) -> dict:
    """The last export's state; a missing or damaged file starts afresh (only SEQUENCE numbers depend on it)."""
    try:
        events = json.loads(path.read_text(encoding="utf-8")).get("events", {})
        return {uid: known for uid, known in events.items() if isinstance(known, dict) and "fingerprint" in known}
    except (OSError, ValueError, AttributeError):
        return {}


def _save(path: Path, events: Mapping) -> None:
    text = json.dumps({"version": 1, "events": events}, indent=1, sort_keys=True)
    write_atomically(path, lambda partial: partial.write_text(text, encoding="utf-8"))


def _utc(value: object) -> datetime:
    return source_utc(pd.Timestamp(value).to_pydatetime()).replace(microsecond=0)


def _text(value: object) -> str | None:
    return (
        None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value) or None
    )
