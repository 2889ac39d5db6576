"""The iCalendar export: scheduled interviews and open follow-ups, stable UIDs, updates by SEQUENCE, no secrets."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from iiwork import InvalidInput
from iiwork.search.calendar import STATE_NAME, to_ics, write_ics

UTC = UTC
SECRET = "Confidential: the merger closes in May"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def events(data: bytes) -> dict:
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "iiwork" in str(calendar["PRODID"])
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    for event in found.values():
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event), event
    return found


def interview(wb, **extra):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    interview_id = wb.add_interview(contact=priya, **{"when": "2030-01-10T17:00:00+02:00", "format": "video", **extra})
    wb.update_interview(interview_id, confidential_notes=SECRET, notes="Bring questions")
    return interview_id


def test_a_scheduled_interview_is_one_event_in_utc(wb):
    interview_id = interview(wb, goal="how planners forecast demand")
    data = to_ics(wb.workspace, now=NOW)
    found = events(data)
    event = found[f"interview-{interview_id}@iiwork"]
    assert str(event["SUMMARY"]) == "Informational interview: Priya Raman (Northwind Grid)"
    assert event.decoded("DTSTART") == datetime(2030, 1, 10, 15, 0, tzinfo=UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)  # the default length
    assert b"DTSTART:20300110T150000Z" in data and b"DTSTAMP:20261101T120000Z" in data
    assert str(event["LOCATION"]) == "Video call" and "how planners forecast demand" in str(event["DESCRIPTION"])
    assert "not for a job" in str(event["DESCRIPTION"]) and "say upfront" not in str(event["DESCRIPTION"])


def test_a_job_lead_reminds_you_to_say_so_upfront_and_minutes_set_the_end(wb):
    interview_id = interview(wb, purpose="job-lead", minutes=45, format="on-site")
    event = events(to_ics(wb.workspace, now=NOW))[f"interview-{interview_id}@iiwork"]
    assert "say upfront that you are looking for a job" in str(event["DESCRIPTION"])
    assert event.decoded("DTEND") == datetime(2030, 1, 10, 15, 45, tzinfo=UTC)
    assert str(event["LOCATION"]) == "On-site at Northwind Grid"


def test_confidential_notes_never_reach_the_calendar(wb):
    interview(wb, goal="learn about storage planning")
    data = to_ics(wb.workspace, now=NOW)
    assert SECRET.encode() not in data and b"merger" not in data and b"Bring questions" not in data
    assert b"merger" not in (wb.path / STATE_NAME).read_bytes()


def test_only_scheduled_interviews_and_open_followups_are_exported(wb):
    scheduled = interview(wb)
    ana = wb.add_contact(name="Ana Silva", organization="Grid Ledger")
    requested = wb.add_interview(contact=ana, status="requested")
    promise = wb.add_referral(from_contact=ana, to_name="Jane Doe", will_introduce=True)
    followups = wb.followups()
    found = events(to_ics(wb.workspace, now=NOW))
    expected = {f"interview-{scheduled}@iiwork", *(f"followup-{i}@iiwork" for i in followups["followup_id"])}
    assert set(found) == expected and f"interview-{requested}@iiwork" not in found
    check_in = followups[followups["referral_id"] == promise].iloc[0]
    event = found[f"followup-{check_in['followup_id']}@iiwork"]
    assert event.decoded("DTSTART") == check_in["due"].to_pydatetime().replace(microsecond=0)
    assert "Ana Silva" in str(event["SUMMARY"]) and "Jane Doe" in str(event["DESCRIPTION"])
    assert str(event["TRANSP"]) == "TRANSPARENT"  # a reminder does not block the day


def test_uids_are_stable_and_a_changed_time_updates_the_same_event(wb):
    interview_id = interview(wb)
    uid = f"interview-{interview_id}@iiwork"
    first = events(to_ics(wb.workspace, now=NOW))
    again = events(to_ics(wb.workspace, now=NOW + timedelta(hours=1)))
    assert set(first) == set(again)
    assert again[uid]["SEQUENCE"] == first[uid]["SEQUENCE"] == 0
    assert again[uid].decoded("LAST-MODIFIED") == first[uid].decoded("LAST-MODIFIED") == NOW
    wb.update_interview(interview_id, when="2030-01-11T09:00:00+00:00")
    moved = events(to_ics(wb.workspace, now=NOW + timedelta(hours=2)))
    assert set(moved) == set(first)
    assert moved[uid].decoded("DTSTART") == datetime(2030, 1, 11, 9, 0, tzinfo=UTC)
    assert moved[uid]["SEQUENCE"] == 1 and moved[uid].decoded("LAST-MODIFIED") == NOW + timedelta(hours=2)


def test_a_declined_interview_and_a_followup_done_early_are_cancelled(wb):
    interview_id = interview(wb)
    start = datetime.now(UTC) - timedelta(hours=2)
    ana = wb.add_contact(name="Ana Silva", organization="Grid Ledger")
    talk = wb.add_interview(contact=ana, when=start)
    wb.update_interview(talk, status="held", learnings="Storage margins are thin.")
    thank_you = int(wb.followups()["followup_id"].iloc[0])
    now = datetime.now(UTC)
    before = events(to_ics(wb.workspace, now=now))
    assert f"followup-{thank_you}@iiwork" in before and f"interview-{talk}@iiwork" not in before
    wb.update_interview(interview_id, status="declined")
    wb.followup_done(thank_you)
    after = events(to_ics(wb.workspace, now=now))
    for uid in (f"interview-{interview_id}@iiwork", f"followup-{thank_you}@iiwork"):
        assert str(after[uid]["STATUS"]) == "CANCELLED" and after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
    assert events(to_ics(wb.workspace, now=now))[uid]["SEQUENCE"] == after[uid]["SEQUENCE"]  # cancelled once


def test_write_ics_writes_the_file_and_counts_events(wb, tmp_path):
    interview(wb)
    path = tmp_path / "out" / "iiwork.ics"
    path.parent.mkdir()
    assert write_ics(wb.workspace, path, now=NOW) == 1
    assert path.read_bytes() == to_ics(wb.workspace, now=NOW)
    assert list(events(path.read_bytes())) == ["interview-1@iiwork"]


def test_a_damaged_state_file_only_restarts_the_sequence(wb):
    interview(wb)
    (wb.path / STATE_NAME).write_text("{not json", encoding="utf-8")
    assert events(to_ics(wb.workspace, now=NOW))["interview-1@iiwork"]["SEQUENCE"] == 0


def test_an_ics_path_in_a_missing_directory_is_a_clear_error_and_writes_nothing(wb, tmp_path):
    with pytest.raises(InvalidInput, match="path: the directory .* does not exist"):
        write_ics(wb.workspace, tmp_path / "missing" / "search.ics", now=NOW)
    assert not (wb.path / STATE_NAME).exists()
