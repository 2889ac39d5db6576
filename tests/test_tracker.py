"""The search tracker's rules: stage history, follow-ups (thank-you 24 h, referral check-in, 3B7) and bad input."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from conftest import snapshot

from iiwork import InvalidInput, queries
from iiwork.search import tracker as t

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def test_stage_history_is_kept_and_thank_you_falls_due_24h_after_the_slot(wb):
    ws = wb.workspace
    contact = wb.add_contact(
        name="Priya Raman", organization="Northwind Grid", email="priya@nw.example", how_known="alumni"
    )
    interview = t.add_interview(ws, contact=contact, status="requested", now=MONDAY)
    t.update_interview(
        ws, interview, status="scheduled", when="2026-11-18T15:00:00+00:00", now=MONDAY + timedelta(days=1)
    )
    t.update_interview(
        ws, interview, status="held", learnings="Planners are hired in Q1.", now=MONDAY + timedelta(days=2, hours=8)
    )
    history = wb.interview_history()
    assert history["status"].tolist() == ["requested", "scheduled", "held"]
    open_ = wb.followups()
    assert open_["kind"].tolist() == ["thank-you"]  # the reply closed both 3B7 follow-ups
    assert open_["due"].iloc[0] == pd.Timestamp("2026-11-19 15:30", tz="UTC")  # slot end (30 min) + 24 h
    done = wb.followups(include_done=True).set_index("kind")
    assert done.loc["try another contact", "done"] == pd.Timestamp(MONDAY + timedelta(days=1))
    wb.followup_done(int(open_["followup_id"].iloc[0]))
    assert wb.interviews()["status"].tolist() == ["thanked"] and wb.followups().empty


def test_3b7_no_reply_after_3_business_days_then_one_reminder_at_7(wb):
    ws = wb.workspace
    first = wb.add_contact(name="Ana", organization="Helio Cell Works")
    interview = t.add_interview(ws, contact=first, status="requested", now=MONDAY)
    due = wb.followups().set_index("kind")["due"]
    assert due["try another contact"] == pd.Timestamp("2026-11-19 09:00", tz="UTC")
    assert due["request reminder"] == pd.Timestamp("2026-11-25 09:00", tz="UTC")
    assert "Helio Cell Works" in wb.followups().set_index("kind").loc["try another contact", "note"]
    t.update_interview(ws, interview, status="declined", now=MONDAY + timedelta(days=4))
    assert wb.followups().empty


def test_referral_check_in_7_days_after_a_promised_introduction(wb):
    ws = wb.workspace
    referrer = wb.add_contact(name="Sam Lee", organization="Voltaic Storage")
    referral = t.add_referral(
        ws,
        from_contact=referrer,
        to_name="Jo Park",
        to_organization="Ampere Ridge",
        can_use_name=True,
        will_introduce=True,
        now=MONDAY,
    )
    row = wb.followups().iloc[0]
    assert row["kind"] == "referral check-in" and row["due"] == pd.Timestamp(MONDAY + timedelta(days=7))
    assert bool(wb.referrals()["can_use_name"].iloc[0])  # consent belongs to this referral, not to every use
    assert not bool(wb.contacts().set_index("contact_id").loc[referrer, "can_use_name"])
    jo = wb.add_contact(name="Jo Park", organization="Ampere Ridge", how_known="referral", referred_by=referrer)
    t.referral_reached(ws, referral, contact=jo, now=MONDAY + timedelta(days=3))
    assert wb.followups().empty and wb.referrals()["to_contact"].tolist() == [jo]


def test_followups_due_by_a_date(wb):
    ws = wb.workspace
    t.add_interview(ws, contact=wb.add_contact(name="Ana"), status="requested", now=MONDAY)
    assert len(wb.followups(due_by="2026-11-19")) == 1 and len(wb.followups(due_by="2026-11-25")) == 2
    with pytest.raises(InvalidInput, match="due-by"):
        wb.followups(due_by="soon")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda wb: wb.add_contact(name="  "), "name: must not be empty"),
        (lambda wb: wb.add_contact(name="Priya Raman", organization="northwind grid"), "name: duplicate of contact 1"),
        (lambda wb: wb.add_contact(name="Other", email="PRIYA@nw.example"), "email: duplicate of contact 1"),
        (lambda wb: wb.add_contact(name="X", email="not-an-address"), "email:"),
        (lambda wb: wb.add_contact(name="X", how_known="twitter"), "how: expected one of"),
        (lambda wb: wb.add_contact(name="X", referred_by=99), "referred-by: no contact with id 99"),
        (lambda wb: wb.add_interview(contact=42, when="2026-11-20T10:00"), "contact: no contact with id 42"),
        (lambda wb: wb.add_interview(contact=1, when="tomorrow"), "when: cannot read"),
        (
            lambda wb: wb.add_interview(contact=1, when="2099-01-01T10:00", status="held"),
            "status: an interview cannot be held",
        ),
        (lambda wb: wb.update_interview(1, status="thanked"), "status: cannot go from scheduled to thanked"),
        (lambda wb: wb.update_interview(1, status="held"), "status: an interview cannot be held before its time"),
        (lambda wb: wb.update_interview(7, notes="x"), "interview: no interview with id 7"),
        (lambda wb: wb.add_referral(from_contact=1), "to-name: give the person or the organisation"),
        (lambda wb: wb.followup_done(99), "followup: no follow-up with id 99"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(wb, call, message):
    wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    wb.add_interview(contact=1, when=(datetime.now(UTC) + timedelta(days=3)).isoformat())
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match=message):
        call(wb)
    assert snapshot(wb) == before


def test_confidential_notes_stay_out_of_the_default_listing(wb):
    wb.add_contact(name="Priya Raman")
    wb.add_interview(contact=1, when="2026-11-20T10:00:00+00:00")
    wb.update_interview(1, confidential_notes="salary band 95-110k")
    assert "confidential_notes" not in wb.interviews().columns
    assert wb.interviews(confidential=True)["confidential_notes"].tolist() == ["salary band 95-110k"]


def test_a_reschedule_moves_the_open_thank_you_and_a_second_request_gets_new_reminders(wb):
    ws = wb.workspace
    contact = wb.add_contact(name="Ana", organization="Helio Cell Works")
    interview = t.add_interview(ws, contact=contact, status="requested", now=MONDAY)
    t.update_interview(ws, interview, status="declined", now=MONDAY + timedelta(days=1))
    t.update_interview(ws, interview, status="requested", now=MONDAY + timedelta(days=14))
    reminders = wb.followups().set_index("kind")["due"]
    assert reminders["try another contact"] == pd.Timestamp("2026-12-03 09:00", tz="UTC")
    t.update_interview(
        ws, interview, status="scheduled", when="2026-12-04T10:00:00+00:00", now=MONDAY + timedelta(days=15)
    )
    t.update_interview(ws, interview, when="2026-12-05T10:00:00+00:00", now=MONDAY + timedelta(days=16))
    assert wb.interview_history()["status"].tolist()[-2:] == ["scheduled", "scheduled"]
    with pytest.raises(InvalidInput, match="cannot be held before its time"):
        t.update_interview(ws, interview, status="held", now=MONDAY + timedelta(days=16))


def test_an_interview_logged_as_held_records_when_it_was_held(wb):
    ana = wb.add_contact(name="Ana Ruiz", now=MONDAY)
    talk = wb.add_interview(contact=ana, when=MONDAY, status="held", now=MONDAY + timedelta(days=1))
    row = wb.interviews().iloc[0]
    assert row["held"] == MONDAY and wb.contacts()["created"].iloc[0] == MONDAY
    assert wb.followups()["kind"].tolist() == ["thank-you"] and talk == 1


def test_a_referral_never_leads_back_to_the_referrer(wb):
    ws = wb.workspace
    ana = t.add_contact(ws, name="Ana Ruiz")
    ben = t.add_contact(ws, name="Ben Ode", referred_by=ana)
    open_referral = t.add_referral(ws, from_contact=ana, to_name="Chen Li")
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="cannot be referred to by herself") as caught:
        t.referral_reached(ws, open_referral, contact=ana)
    assert caught.value.field == "to_contact"
    with pytest.raises(InvalidInput, match="referred contact"):
        t.add_referral(ws, from_contact=ben, to_contact=ana)  # Ana referred Ben
    with pytest.raises(InvalidInput, match="by herself"):
        t.add_referral(ws, from_contact=ana, to_contact=ana)
    assert snapshot(wb) == before
    t.referral_reached(ws, open_referral, contact=ben)  # a sensible link still works


def test_notes_are_added_to_dated_and_a_replace_keeps_the_old_text(wb):
    ws = wb.workspace
    ana = t.add_contact(ws, name="Ana Ruiz")
    talk = t.add_interview(ws, contact=ana, when=MONDAY, now=MONDAY - timedelta(days=2))
    t.update_interview(ws, talk, notes="Asked about dispatch models.", now=MONDAY)
    t.update_interview(ws, talk, notes="She will send the team's reading list.", now=MONDAY + timedelta(days=1))
    notes = wb.interviews()["notes"].iloc[0]
    assert notes == "Asked about dispatch models.\n\n[2026-11-17] She will send the team's reading list."
    t.update_interview(ws, talk, notes="Clean copy.", replace=True, now=MONDAY + timedelta(days=2))
    t.update_interview(ws, talk, goal="First goal", now=MONDAY + timedelta(days=2))
    t.update_interview(ws, talk, goal="Better goal", now=MONDAY + timedelta(days=3))
    t.update_interview(ws, talk, confidential_notes="secret", now=MONDAY + timedelta(days=3))
    t.update_interview(ws, talk, confidential_notes="redacted", replace=True, now=MONDAY + timedelta(days=3))
    assert wb.interviews()[["notes", "goal"]].values.tolist() == [["Clean copy.", "Better goal"]]
    history = wb.text_history()
    assert history[["field", "text"]].values.tolist() == [["notes", notes], ["goal", "First goal"]]
    assert "secret" in queries.read_text_history(ws, confidential=True)["text"].tolist()


def test_the_cli_adds_notes_and_replaces_only_when_asked(wb, capsys):
    from iiwork.cli import main

    ana = t.add_contact(wb.workspace, name="Ana Ruiz")
    talk = t.add_interview(wb.workspace, contact=ana)
    ws = str(wb.path)
    assert main(["--workspace", ws, "interview", "update", str(talk), "--notes", "one"]) == 0
    assert main(["--workspace", ws, "interview", "update", str(talk), "--notes", "two"]) == 0
    assert wb.interviews()["notes"].iloc[0].startswith("one\n\n[") and wb.interviews()["notes"].iloc[0].endswith("two")
    assert main(["--workspace", ws, "interview", "update", str(talk), "--notes", "three", "--replace"]) == 0
    assert wb.interviews()["notes"].iloc[0] == "three" and len(wb.text_history()) == 1


def test_a_conversation_logged_after_the_fact_takes_the_times_it_happened(wb):
    ws = wb.workspace
    entered = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    talk_time = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    ana = t.add_contact(ws, name="Ana Ruiz", now=entered)
    talk = t.add_interview(ws, contact=ana, status="requested", now=entered)  # the request, logged late too
    t.update_interview(ws, talk, when=talk_time, status="scheduled", now=entered)
    t.update_interview(ws, talk, status="held", now=entered + timedelta(minutes=1))
    history = wb.interview_history()
    assert history[["status", "at"]].values.tolist() == [
        ["requested", pd.Timestamp(talk_time)],
        ["scheduled", pd.Timestamp(talk_time)],
        ["held", pd.Timestamp(talk_time)],
    ]
    log = wb.work_search_log()
    assert log[["date", "outcome"]].values.tolist() == [
        ["2026-11-28", "request sent"],
        ["2026-11-28", "interview scheduled"],
        ["2026-11-28", "interview held"],
    ]


def test_a_stage_can_be_dated_but_not_in_the_future_nor_before_the_talk(wb):
    ws = wb.workspace
    ana = t.add_contact(ws, name="Ana Ruiz", now=MONDAY - timedelta(days=9))
    talk = t.add_interview(ws, contact=ana, status="requested", at=MONDAY - timedelta(days=9), now=MONDAY)
    assert wb.interview_history()["at"].tolist() == [pd.Timestamp(MONDAY - timedelta(days=9))]
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="at: .* is in the future") as caught:
        t.update_interview(ws, talk, status="scheduled", when=MONDAY, at=MONDAY + timedelta(days=1), now=MONDAY)
    assert caught.value.field == "at"
    t.update_interview(ws, talk, status="scheduled", when=MONDAY - timedelta(days=2), now=MONDAY)
    with pytest.raises(InvalidInput, match="at: an interview cannot be held before its time"):
        t.update_interview(ws, talk, status="held", at=MONDAY - timedelta(days=3), now=MONDAY)
    assert snapshot(wb) != before  # the scheduling went in; the impossible held did not
    assert wb.interviews()["status"].tolist() == ["scheduled"]


def test_follow_ups_due_on_a_day_are_morning_items_not_the_minute_they_were_entered(wb):
    ws = wb.workspace
    late_evening = datetime(2026, 11, 16, 21, 35, 11, tzinfo=UTC)  # Monday
    ana = t.add_contact(ws, name="Ana Ruiz", now=late_evening)
    t.add_interview(ws, contact=ana, status="requested", now=late_evening)
    t.add_referral(ws, from_contact=ana, to_name="Chen Li", will_introduce=True, now=late_evening)
    due = wb.followups().set_index("kind")["due"]
    assert due["try another contact"] == pd.Timestamp("2026-11-19T09:00Z")  # 3 business days, 9:00 local
    assert due["request reminder"] == pd.Timestamp("2026-11-25T09:00Z")
    assert due["referral check-in"] == pd.Timestamp("2026-11-23T09:00Z")
    listed = wb.followups(with_contact=True, now=datetime(2026, 11, 20, tzinfo=UTC))
    assert listed.set_index("kind")["overdue"].to_dict() == {
        "try another contact": True,
        "referral check-in": False,
        "request reminder": False,
    }


def test_the_next_interview_is_the_soonest_still_to_come(wb):
    ws = wb.workspace
    ana = wb.add_contact(name="Ana", organization="Helio Cell Works")
    jo = wb.add_contact(name="Jo", organization="Ampere Ridge")
    assert wb.next_interview(now=MONDAY) is None  # no interview yet
    later = t.add_interview(ws, contact=ana, when=MONDAY + timedelta(days=9), now=MONDAY)
    sooner = t.add_interview(ws, contact=jo, when=MONDAY + timedelta(days=2), now=MONDAY)
    t.add_interview(ws, contact=jo, when=MONDAY - timedelta(days=1), status="held", now=MONDAY)  # in the past
    declined = t.add_interview(ws, contact=ana, when=MONDAY + timedelta(days=1), now=MONDAY)
    t.update_interview(ws, declined, status="declined", now=MONDAY)  # set sooner, but not to come any more
    assert wb.next_interview(now=MONDAY) == sooner
    assert wb.next_interview(now=MONDAY + timedelta(days=3)) == later
    assert wb.next_interview(now=MONDAY + timedelta(days=10)) is None
