"""The read layer: typed tables, optional filters, follow-ups with their contact, ids in range."""

from datetime import UTC, datetime, timedelta

import pytest

from iiwork import InvalidInput, queries
from iiwork.search import tracker
from iiwork.tables import FOLLOWUPS, INTERVIEWS

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def test_followups_come_with_their_contact_when_asked(wb):
    ws = wb.workspace
    ana = tracker.add_contact(ws, name="Ana Ruiz", organization="Voltaic Storage", now=NOW - timedelta(days=3))
    talk = tracker.add_interview(ws, contact=ana, when=NOW - timedelta(days=2), now=NOW - timedelta(days=3))
    tracker.update_interview(ws, talk, status="held", now=NOW - timedelta(days=1))
    plain = queries.read_followups(ws)
    named = queries.read_followups(ws, with_contact=True)
    assert list(plain.columns) == list(FOLLOWUPS)
    assert list(named.columns) == [*FOLLOWUPS, "contact", "organization", "overdue"]
    assert named[["kind", "contact", "organization"]].values.tolist() == [["thank-you", "Ana Ruiz", "Voltaic Storage"]]
    assert queries.read_followups(ws, due_by="2026-11-01").empty
    assert len(queries.read_followups(ws, due_by="2026-12-31")) == 1


def test_interviews_leave_confidential_notes_out_unless_asked(wb):
    ws = wb.workspace
    ana = tracker.add_contact(ws, name="Ana Ruiz")
    talk = tracker.add_interview(ws, contact=ana)
    tracker.update_interview(ws, talk, confidential_notes="never leaves")
    assert "confidential_notes" not in queries.read_interviews(ws).columns
    full = queries.read_interviews(ws, confidential=True)
    assert list(full.columns) == list(INTERVIEWS) and full["confidential_notes"].tolist() == ["never leaves"]
    card = queries.contact_card(ws, ana)
    assert card["name"] == "Ana Ruiz" and "confidential_notes" not in card["interviews"][0]


def test_where_leaves_out_filters_without_a_value():
    where = queries.Where().add("a = ?", 1).add("b = ?", None).add("c BETWEEN ? AND ?", 1, None).always("d")
    assert str(where) == " WHERE a = ? AND d" and where.params == [1]
    assert str(queries.Where()) == ""


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "x1"])
def test_ids_out_of_range_or_not_numbers_are_named(wb, value):
    with pytest.raises(InvalidInput, match="^contact: ") as caught:
        queries.contact_card(wb.workspace, value)
    assert caught.value.field == "contact_id"


def test_only_known_tables_are_read(wb):
    assert queries.read_table(wb.workspace, "contacts").empty
    with pytest.raises(InvalidInput, match="table: expected one of"):
        queries.read_table(wb.workspace, "sqlite_master")
