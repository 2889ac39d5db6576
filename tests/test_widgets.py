"""The tracker's ipywidgets forms: saves reach the workspace, bad input is shown inline and writes nothing."""

import html
from datetime import UTC, datetime, timedelta

import ipywidgets as widgets
import pandas as pd
import pytest
from conftest import snapshot

from iiwork import widgets as ui

UTC = UTC


@pytest.fixture
def panel(wb):
    return ui.tracker_panel(wb)


def forms(panel) -> dict[str, ui.Form]:
    tabs = panel.children[0]
    return {form.name: form for form in tabs.children}


def table(panel) -> str:
    return panel.children[1].value


def save(form: ui.Form, **values) -> str:
    for name, value in values.items():
        form.fields[name].value = value
    form.button.click()
    return html.unescape(form.message.value)  # what the person reads


def offered(form: ui.Form, field: str) -> list:
    return [value for _, value in form.fields[field].options]


def past(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="minutes")


def test_the_panel_carries_the_css_classes_a_browser_test_finds_it_by(panel):
    assert "iiwork-tracker" in panel._dom_classes and "iiwork-followups" in panel.children[1]._dom_classes
    assert panel.children[0].titles == ("Contact", "Interview", "Referral", "Follow-up done")
    for name, form in forms(panel).items():
        assert (
            f"iiwork-{name}-save" in form.button._dom_classes and f"iiwork-{name}-message" in form.message._dom_classes
        )
        for field, widget in form.fields.items():
            assert f"iiwork-{name}-{field}" in widget._dom_classes
    contact = forms(panel)["contact"].fields
    assert all(type(contact[f]) in (widgets.Text, widgets.Textarea) for f in ("name", "organization", "email", "notes"))
    assert contact["how_known"].options[0] == ("", None) and "alumni" in offered(forms(panel)["contact"], "how_known")


def test_a_saved_contact_is_stored_reported_cleared_and_offered_everywhere(wb, panel):
    contact = forms(panel)["contact"]
    message = save(
        contact,
        name=" Priya Raman ",
        organization="Northwind Grid",
        email="priya@nw.example",
        how_known="alumni",
        can_use_name=True,
        tags="grid, planning",
    )
    assert "Saved contact #1" in message and ui.GREEN in message
    row = wb.contacts().iloc[0]
    assert (row["name"], row["organization"], row["email"], row["how_known"]) == (
        "Priya Raman",
        "Northwind Grid",
        "priya@nw.example",
        "alumni",
    )
    assert bool(row["can_use_name"]) and pd.isna(row["role"])  # an empty text is no value
    assert contact.fields["name"].value == "" and contact.fields["can_use_name"].value is False
    assert contact.fields["how_known"].value is None
    for name, field in (("contact", "referred_by"), ("interview", "contact"), ("referral", "from_contact")):
        assert offered(forms(panel)[name], field) == [None, 1]
    assert forms(panel)["interview"].fields["contact"].options[1][0] == "#1 Priya Raman (Northwind Grid)"
    save(contact, name="Jo Park", how_known="referral", referred_by=1)
    assert wb.contacts()["referred_by"].tolist()[1] == 1


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"name": "Ana", "email": "not-an-address"}, "email: 'not-an-address' is not an e-mail address", "email"),
        ({"name": "   ", "organization": "Helio Cell Works"}, "name: must not be empty", "name"),
        ({"name": "Priya Raman", "organization": "northwind grid"}, "name: duplicate of contact 1", "name"),
        ({"name": "Ana", "url": "ftp://ana.example"}, "url: 'ftp://ana.example' is not an http(s) address", "url"),
    ],
)
def test_a_rejected_contact_is_shown_inline_keeps_the_input_and_writes_nothing(wb, panel, values, message, field):
    wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    before, shown_before = snapshot(wb), table(panel)
    contact = forms(panel)["contact"]
    shown = save(contact, **values)
    assert message in shown and ui.RED in shown
    assert "iiwork-invalid" in contact.fields[field]._dom_classes
    assert all(contact.fields[name].value == value for name, value in values.items())  # what was typed stays
    assert snapshot(wb) == before and table(panel) == shown_before
    save(contact, name="Ana Lopez", email="", url="", organization="")  # fixed: saved, highlight gone
    assert "iiwork-invalid" not in contact.fields[field]._dom_classes and len(wb.contacts()) == 2


def test_logging_an_interview_then_marking_it_held_puts_a_thank_you_in_the_table(wb, panel):
    wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    interview = forms(panel)["interview"]
    interview.refresh()
    assert "Saved interview #1" in save(
        interview,
        contact=1,
        when=past(30),
        format="video",
        minutes="45",
        purpose="job-lead",
        goal="Learn how planners are hired",
    )
    row = wb.interviews().iloc[0]
    assert (row["status"], row["format"], row["minutes"], row["purpose"]) == ("scheduled", "video", 45, "job-lead")
    assert "Nothing to follow up" in table(panel)
    assert offered(interview, "interview_id") == [None, 1]
    assert interview.fields["interview_id"].options[1][0] == "#1 Priya Raman — scheduled"

    interview.fields["mode"].value = "update"
    shown = interview.inputs.children
    assert interview.fields["learnings"] in shown and interview.fields["contact"] not in shown
    assert "Updated interview #1" in save(
        interview, interview_id=1, status="held", learnings="Hiring is in Q1.", confidential_notes="salary band 95-110k"
    )
    assert interview.fields["mode"].value == "update" and interview.fields["learnings"].value == ""
    assert wb.interviews(confidential=True)[["status", "learnings", "confidential_notes"]].iloc[0].tolist() == [
        "held",
        "Hiring is in Q1.",
        "salary band 95-110k",
    ]
    assert "thank-you" in table(panel) and "Priya Raman" in table(panel)
    assert "#1 Priya Raman — held" in [label for label, _ in interview.fields["interview_id"].options]

    followup = forms(panel)["followup"]
    [(label, followup_id)] = followup.fields["followup_id"].options[1:]
    assert " · thank-you · Priya Raman" in label
    assert "Done:" in save(followup, followup_id=followup_id)
    assert wb.interviews()["status"].tolist() == ["thanked"] and wb.followups().empty
    assert "Nothing to follow up" in table(panel) and offered(followup, "followup_id") == [None]


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"interview_id": 1, "status": "thanked"}, "status: cannot go from scheduled to thanked", "status"),
        ({"interview_id": 1, "status": "held"}, "status: an interview cannot be held before its time", "status"),
        ({"interview_id": 1, "when": "next tuesday"}, "when: cannot read 'next tuesday'", "when"),
        ({"interview_id": None, "notes": "good talk"}, "interview: choose one from the list", "interview_id"),
        ({"interview_id": 1}, "status: nothing to change", "status"),
    ],
)
def test_an_impossible_update_is_shown_inline_and_writes_nothing(wb, panel, values, message, field):
    wb.add_contact(name="Priya Raman")
    wb.add_interview(contact=1, when=(datetime.now(UTC) + timedelta(days=3)).isoformat())
    for form in forms(panel).values():
        form.refresh()
    before, shown_before = snapshot(wb), table(panel)
    interview = forms(panel)["interview"]
    interview.fields["mode"].value = "update"
    shown = save(interview, **values)
    assert message in shown and ui.RED in shown
    assert "iiwork-invalid" in interview.fields[field]._dom_classes
    assert all(interview.fields[name].value == value for name, value in values.items())
    assert snapshot(wb) == before and table(panel) == shown_before


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"contact": None, "when": "2026-12-01 10:00"}, "contact: choose one from the list", "contact"),
        ({"contact": 1, "minutes": "an hour"}, "minutes: expected a whole number, got 'an hour'", "minutes"),
        ({"contact": 1, "when": past(-2), "status": "held"}, "status: an interview cannot be held before", "status"),
    ],
)
def test_a_rejected_new_interview_is_shown_inline_and_writes_nothing(wb, panel, values, message, field):
    wb.add_contact(name="Priya Raman")
    interview = forms(panel)["interview"]
    interview.refresh()
    before = snapshot(wb)
    shown = save(interview, **values)
    assert message in shown and "iiwork-invalid" in interview.fields[field]._dom_classes
    assert snapshot(wb) == before


def test_a_referral_with_a_promised_introduction_gets_a_check_in_in_the_table(wb, panel):
    wb.add_contact(name="Sam Lee", organization="Voltaic Storage")
    referral = forms(panel)["referral"]
    referral.refresh()
    before = snapshot(wb)
    shown = save(referral, from_contact=1)
    assert "to-name: give the person or the organisation" in shown
    assert "iiwork-invalid" in referral.fields["to_name"]._dom_classes and snapshot(wb) == before
    assert "from: choose one" in save(referral, from_contact=None, to_name="Jo Park")
    assert "iiwork-invalid" in referral.fields["from_contact"]._dom_classes and snapshot(wb) == before
    shown = save(
        referral,
        from_contact=1,
        to_name="Jo Park",
        to_organization="Ampere Ridge",
        can_use_name=True,
        will_introduce=True,
    )
    assert "Saved referral #1" in shown
    row = wb.referrals().iloc[0]
    assert (row["to_name"], bool(row["can_use_name"]), bool(row["will_introduce"])) == ("Jo Park", True, True)
    assert (
        "referral check-in" in table(panel) and "Sam Lee" in table(panel) and '<tr class="overdue">' not in table(panel)
    )
    assert referral.fields["will_introduce"].value is False and referral.fields["from_contact"].value is None


def test_the_table_escapes_every_value_and_highlights_overdue_rows(wb):
    wb.add_contact(name="<script>alert(1)</script>", organization="A & B")
    wb.add_referral(from_contact=1, to_name="Jo", will_introduce=True)
    wb.add_interview(contact=1, when=past(48), status="held")
    shown = ui.followups_html(wb)
    assert "<script>" not in shown and shown.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert "Follow-ups due: 2 open, 1 overdue" in shown
    assert shown.count('<tr class="overdue">') == 1 and " overdue</td>" in shown
    later = ui.followups_html(wb, now=datetime.now(UTC) + timedelta(days=30))
    assert later.count('<tr class="overdue">') == 2
    earlier = ui.followups_html(wb, now=datetime.now(UTC) - timedelta(days=30))
    assert '<tr class="overdue">' not in earlier and "Follow-ups due: 2 open</b>" in earlier


def test_error_messages_are_escaped_too(panel):
    form = forms(panel)["contact"]
    save(form, name="Ana", email="<b>ana")
    assert "<b>" not in form.message.value and "&lt;b&gt;ana" in form.message.value
