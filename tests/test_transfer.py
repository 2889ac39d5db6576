"""CSV export and import (lossless, all or nothing), the spreadsheet mapping, the work-search log and backups."""

import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import snapshot

from iiwork import InvalidInput, Workbook, queries
from iiwork.search import tracker as t
from iiwork.search import transfer
from iiwork.tables import ARTICLES

UTC = UTC
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday, safely in the past
RESTORE_ORDER = ("contacts", "interviews", "interview_status", "referrals", "followups", "interview_questions")
FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "salary band 95-110k, do not share"


def populate(wb) -> dict:
    """A search with every kind of record and awkward text: non-ASCII, commas, quotes, newlines, blanks."""
    ws = wb.workspace
    priya = wb.add_contact(
        name="Priya Raman",
        role="Grid planner",
        organization="Northwind Grid, Inc.",
        email="priya@nw.example",
        url="https://nw.example/people/priya?x=1&y=2",
        how_known="alumni",
        can_use_name=True,
        tags="storage;grid",
        notes='Met at "GridTech" 2024,\nsays: call after 4pm',
    )
    zoe = wb.add_contact(
        name="Zoë Öztürk-Ñúñez",
        organization="Helio Cell Works",
        how_known="referral",
        referred_by=priya,
        notes='line one\r\nline two, with a comma; and a "quote"',
    )
    ana = wb.add_contact(name="Ana 李", how_known="cold")
    held = t.add_interview(ws, contact=priya, status="requested", now=T0)
    t.update_interview(ws, held, status="scheduled", when=T0 + timedelta(days=2, hours=6), now=T0 + timedelta(days=1))
    t.update_interview(
        ws,
        held,
        status="held",
        learnings="Planners are hired in Q1.\nAsk Jo.",
        confidential_notes=SECRET,
        now=T0 + timedelta(days=2, hours=8),
    )
    thank_you = wb.followups().query("kind == 'thank-you'")["followup_id"].iloc[0]
    t.followup_done(ws, int(thank_you), now=T0 + timedelta(days=2, hours=11))
    video = t.add_interview(
        ws,
        contact=zoe,
        when=T0 + timedelta(days=9),
        format="video",
        minutes=45,
        purpose="job-lead",
        goal="Ask about the Q2 pilot, and the team",
        now=T0,
    )
    t.update_interview(ws, video, when=T0 + timedelta(days=10, hours=2), now=T0 + timedelta(days=3))
    asked = t.add_interview(ws, contact=ana, status="requested", now=T0 + timedelta(hours=1))
    t.update_interview(ws, asked, status="declined", now=T0 + timedelta(days=1))
    t.update_interview(ws, asked, status="requested", now=T0 + timedelta(days=14))
    reminder = wb.followups().query("kind == 'request reminder'")["followup_id"].iloc[0]
    t.followup_done(ws, int(reminder), now=T0 + timedelta(days=21, hours=3))
    wb.add_interview(contact=ana, when=(T0 - timedelta(days=30)).isoformat(), status="held")  # held, no `held` time
    wb.add_interview(contact=zoe)  # identified: no time, no format
    wb.update_interview(video, questions=['How did the "Q2 pilot" start, and who ran it?', "What would you do first?"])
    jo_referral = t.add_referral(
        ws,
        from_contact=priya,
        to_name="Jo Park",
        to_organization="Ampere Ridge",
        can_use_name=True,
        will_introduce=True,
        now=T0 + timedelta(days=2, hours=9),
    )
    jo = wb.add_contact(name="Jo Park", organization="Ampere Ridge", how_known="referral", referred_by=priya)
    t.referral_reached(ws, jo_referral, contact=jo, now=T0 + timedelta(days=6))
    t.add_referral(ws, from_contact=zoe, to_organization="Voltaic Storage", now=T0 + timedelta(days=12))
    t.add_referral(ws, from_contact=ana, to_name="Sam Lee", will_introduce=True, now=T0 + timedelta(days=15))
    return {"priya": priya, "zoe": zoe, "ana": ana, "jo": jo}


def export_all(wb, directory: Path, **options) -> dict[str, bytes]:
    directory.mkdir(exist_ok=True)
    return {table: _export(wb, table, directory / f"{table}.csv", **options) for table in RESTORE_ORDER}


def _export(wb, table, path, **options) -> bytes:
    count = wb.export(table, path, **options)
    data = path.read_bytes()
    assert count == len(pd.read_csv(path, keep_default_na=False))
    return data


# The lossless round trip


def test_export_then_import_into_a_fresh_workspace_then_export_is_byte_identical_for_every_table(wb, tmp_path):
    populate(wb)
    first = export_all(wb, tmp_path / "first", confidential=True)
    with Workbook(tmp_path / "fresh") as fresh:
        for table in RESTORE_ORDER:
            assert fresh.import_csv(table, tmp_path / "first" / f"{table}.csv") == len(
                wb.workspace.conn.execute(f"SELECT * FROM {table}").fetchall()
            )
        second = export_all(fresh, tmp_path / "second", confidential=True)
        assert snapshot(fresh) == snapshot(wb)  # the stored values, not only the CSV, are the same
        pd.testing.assert_frame_equal(fresh.interviews(confidential=True), wb.interviews(confidential=True))
        pd.testing.assert_frame_equal(fresh.followups(include_done=True), wb.followups(include_done=True))
    assert second == first
    contacts = first["contacts"].decode("utf-8")
    assert "Zoë Öztürk-Ñúñez" in contacts and "Ana 李" in contacts
    assert '"Met at ""GridTech"" 2024,\nsays: call after 4pm"' in contacts
    assert "line one\r\nline two, with a comma" in contacts
    assert ",true," in contacts and ",false," in contacts


def test_export_writes_iso_utc_times_booleans_and_blank_missing_values(wb, tmp_path):
    populate(wb)
    wb.export("referrals", tmp_path / "referrals.csv")
    lines = (tmp_path / "referrals.csv").read_text(encoding="utf-8").splitlines()
    assert (
        lines[0]
        == "referral_id,from_contact,to_name,to_organization,to_contact,can_use_name,will_introduce,check_in,created"
    )
    assert lines[2] == "2,2,,Voltaic Storage,,false,false,,2025-03-15T09:00:00Z"
    assert lines[1].endswith(",true,true,2025-03-12T09:00:00Z,2025-03-05T18:00:00Z")


def test_confidential_notes_are_left_out_unless_asked_for(wb, tmp_path):
    populate(wb)
    wb.export("interviews", tmp_path / "default.csv")
    default = (tmp_path / "default.csv").read_text(encoding="utf-8")
    assert "confidential_notes" not in default and SECRET not in default
    assert "Planners are hired in Q1." in default
    wb.export("interviews", tmp_path / "all.csv", confidential=True)
    assert SECRET in (tmp_path / "all.csv").read_text(encoding="utf-8")
    for table in RESTORE_ORDER:
        wb.export(table, tmp_path / f"{table}.csv")
        assert SECRET not in (tmp_path / f"{table}.csv").read_text(encoding="utf-8")


def test_a_default_export_restores_everything_but_the_confidential_notes(wb, tmp_path):
    populate(wb)
    export_all(wb, tmp_path / "out")
    with Workbook(tmp_path / "fresh") as fresh:
        for table in RESTORE_ORDER:
            fresh.import_csv(table, tmp_path / "out" / f"{table}.csv")
        assert fresh.interviews(confidential=True)["confidential_notes"].isna().all()
        pd.testing.assert_frame_equal(fresh.interviews(), wb.interviews())


def test_articles_export_with_their_columns_and_are_not_imported(wb, tmp_path):
    feed = Path(__file__).resolve().parents[1] / "data" / "sample" / "feeds" / "grid-ledger.rss.xml"
    wb.gather(company="Voltaic Storage", feeds=[str(feed)], progress=False)
    count = wb.export("articles", tmp_path / "articles.csv")
    read = pd.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    assert count == len(wb.articles()) > 0 and list(read.columns) == list(ARTICLES)
    assert sorted(read["article_id"]) == sorted(wb.articles()["article_id"].tolist())
    with pytest.raises(InvalidInput, match="table: articles can be exported but not imported"):
        wb.import_csv("articles", tmp_path / "articles.csv")


def test_a_row_whose_id_exists_is_refused_rather_than_duplicated(wb, tmp_path):
    populate(wb)
    wb.export("contacts", tmp_path / "contacts.csv")
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match=r"^row 2: contact_id: 1 is already in the workspace"):
        wb.import_csv("contacts", tmp_path / "contacts.csv")
    assert snapshot(wb) == before


def test_importing_follow_ups_again_replaces_their_occasions_instead_of_duplicating(wb, tmp_path):
    populate(wb)
    wb.export("followups", tmp_path / "followups.csv")
    before = snapshot(wb)
    assert wb.import_csv("followups", tmp_path / "followups.csv") == len(before["followups"])
    assert snapshot(wb) == before


# Bad input


def write(tmp_path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


BAD_ROWS = [
    ("contacts", "name,email\nAna,ana@x.example\n  ,b@x.example\n", "row 3: name: must not be empty"),
    ("contacts", "name,email\nAna,ana@x.example\nBo,x\n", "row 3: email: 'x' is not an e-mail address"),
    ("contacts", "name,url\nAna,ftp://x.example/\n", "row 2: url: 'ftp://x.example/' is not an http"),
    ("contacts", "name,how_known\nAna,Twitter\n", "row 2: how_known: expected one of friend, family"),
    ("contacts", "name,email\nAna,ana@x.example\nAnn,ANA@x.example\n", "row 3: email: duplicate of contact 3"),
    ("contacts", "name,organization\nBo,\nbo ,\n", "row 3: name: duplicate of contact 3"),
    ("contacts", "name,organization\npriya raman,NORTHWIND GRID\n", "row 2: name: duplicate of contact 1"),
    ("contacts", "name,referred_by\nAna,99\n", "row 2: referred_by: no contact with id 99"),
    ("contacts", "name,created\nAna,2025-03-03\nBo,03/04/2025\n", "row 3: created: cannot read '03/04/2025'"),
    ("contacts", "name,can_use_name\nAna,maybe\n", "row 2: can_use_name: expected true/false, yes/no or 1/0"),
    ("contacts", "contact_id,name\n1,Someone Else\n", "row 2: contact_id: 1 is already in the workspace"),
    ("contacts", "contact_id,name\n7.5,Someone\n", "row 2: contact_id: expected a whole number, got '7.5'"),
    ("contacts", 'name,notes,email\nAna,"two\nlines",\nBo,,bo@\n', "row 3: email: 'bo@' is not an e-mail"),
    ("contacts", "name,email\nAna,\n,\nBo,bad\n", "row 4: email: 'bad' is not an e-mail"),
    ("contacts", "name\nAna,extra\n", "row 2: 2 cells but the header has 1 columns"),
    ("contacts", "name,twitter,mastodon\nAna,@ana,\n", "columns: 'twitter', 'mastodon' not in contacts"),
    ("contacts", "organization\nAcme\n", "columns: contacts needs a column 'name'"),
    ("contacts", "name,Name\nAna,Ana\n", "columns: 'Name' not in contacts"),
    (
        "interviews",
        "contact_id,scheduled,status\n1,2099-01-01T10:00Z,held\n",
        "row 2: status: an interview cannot be held",
    ),
    ("interviews", "contact_id,status\n1,thanked\n", "row 2: scheduled: a thanked interview needs the date"),
    ("interviews", "contact_id\n1\n42\n", "row 3: contact_id: no contact with id 42"),
    ("interviews", "contact_id,minutes\n1,0\n", "row 2: minutes: expected 1 to 1440, got 0"),
    ("interviews", "contact_id,format\n1,zoom\n", "row 2: format: expected one of coffee, phone, video, on-site"),
    ("interviews", "contact_id,scheduled\n1,next tuesday\n", "row 2: scheduled: cannot read 'next tuesday'"),
    (
        "interview_status",
        "interview_id,status,at\n1,requested,2025-03-03T09:00:00Z\n1,requested,2025-03-03T09:00Z\n",
        "row 3: at: interview 1 already has requested",
    ),
    (
        "interview_status",
        "interview_id,status,at\n9,held,2025-03-03T09:00Z\n",
        "row 2: interview_id: no interview with id 9",
    ),
    ("interview_status", "interview_id,status,at\n1,held,\n", "row 2: at: must not be empty"),
    ("referrals", "from_contact,to_name\n1,\n", "row 2: to_name: give the person or the organisation"),
    ("referrals", "from_contact,to_name,will_introduce\n1,Jo,perhaps\n", "row 2: will_introduce: expected true/false"),
    ("referrals", "from_contact,to_name,to_contact\n1,Jo,5\n", "row 2: to_contact: no contact with id 5"),
    ("followups", "kind,due\nparty,2025-03-03\n", "row 2: kind: expected one of thank-you, referral check-in"),
    ("followups", "kind,due,interview_id\nthank-you,2025-03-03,99\n", "row 2: interview_id: no interview with id 99"),
    (
        "followups",
        "kind,due,done,interview_id\nthank-you,2026-01-21T10:30Z,2026-01-19T12:00Z,1\n",
        "row 2: done: a thank-you at 2026-01-19T12:00",
    ),
    ("interview_status", "interview_id,status,at\n1,held,2026-01-19T10:00Z\n", "row 2: at: held at 2026-01-19T10:00"),
    ("interview_questions", "interview_id,question\n7,Why?\n", "row 2: interview_id: no interview with id 7"),
    ("interview_questions", "interview_id,question\n1,\n", "row 2: question: must not be empty"),
    ("interview_questions", "interview_id,question\n1,Why?\n1,Why?\n", "row 3: question: interview 1 already has"),
    ("interview_questions", "question\nWhy?\n", "columns: interview_questions needs a column 'interview_id'"),
]


@pytest.mark.parametrize(
    ("table", "text", "message"), BAD_ROWS, ids=[m.split(":")[0] + ": " + m for _, _, m in BAD_ROWS]
)
def test_a_bad_row_imports_nothing_and_is_named(wb, tmp_path, table, text, message):
    wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    wb.add_contact(name="Sam Lee")
    wb.add_interview(contact=1, when="2026-01-20T10:00:00+00:00")
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="^" + message.replace("(", r"\(").replace("?", r"\?")):
        wb.import_csv(table, write(tmp_path, text))
    assert snapshot(wb) == before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda wb, p: wb.import_csv("people", p),
            "table: expected one of contacts, interviews, interview_status, "
            "referrals, followups, interview_questions, articles, got 'people'",
        ),
        (lambda wb, p: wb.export("people", p.with_name("x.csv")), "table: expected one of contacts"),
        (lambda wb, p: wb.import_csv("contacts", p.with_name("missing.csv")), "path: no file"),
        (lambda wb, p: wb.import_csv("contacts", p, mapping={"Full name": "name"}), "mapping: the file has no column"),
        (
            lambda wb, p: wb.import_csv("contacts", p, mapping={"name": "nom"}),
            "mapping: 'nom' is not a column of contacts",
        ),
    ],
)
def test_bad_arguments_are_named_and_change_nothing(wb, tmp_path, call, message):
    path = write(tmp_path, "name\nAna\n")
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="^" + message):
        call(wb, path)
    assert snapshot(wb) == before
    assert not (tmp_path / "x.csv").exists()


def test_a_file_that_is_not_utf8_or_has_no_header_is_a_clear_error(wb, tmp_path):
    (tmp_path / "latin1.csv").write_bytes("name\nJosé\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="is not UTF-8 text"):
        wb.import_csv("contacts", tmp_path / "latin1.csv")
    with pytest.raises(InvalidInput, match="has no header row"):
        wb.import_csv("contacts", write(tmp_path, "\n\n"))
    assert wb.contacts().empty


def test_a_header_only_file_imports_nothing(wb, tmp_path):
    assert wb.import_csv("contacts", write(tmp_path, "name,email\n")) == 0


# Export safety


def test_export_refuses_a_missing_directory_and_a_directory(wb, tmp_path):
    with pytest.raises(InvalidInput, match="path: the directory .*nowhere does not exist"):
        wb.export("contacts", tmp_path / "nowhere" / "contacts.csv")
    with pytest.raises(InvalidInput, match="is a directory"):
        wb.export("contacts", tmp_path)


def test_a_failed_export_keeps_the_old_file_and_leaves_no_partial_file(wb, tmp_path, monkeypatch):
    populate(wb)
    target = tmp_path / "out" / "contacts.csv"
    target.parent.mkdir()
    target.write_text("the previous export\n")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        wb.export("contacts", target)
    monkeypatch.undo()
    assert target.read_text() == "the previous export\n"
    assert os.listdir(target.parent) == ["contacts.csv"]
    assert wb.export("contacts", target) == 4 and os.listdir(target.parent) == ["contacts.csv"]


# The spreadsheet mapping

SPREADSHEET = {
    "Full name": "name",
    "Company": "organization",
    "Job title": "role",
    "Email": "email",
    "LinkedIn": "url",
    "How we met": "how_known",
    "OK to mention?": "can_use_name",
    "Notes": "notes",
    "Date added": "created",
    "Status": None,
}


def test_a_spreadsheet_tracker_imports_through_a_column_mapping(wb):
    source = FIXTURES / "spreadsheet_contacts.csv"
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")  # saved by a spreadsheet as "CSV UTF-8"
    assert wb.import_csv("contacts", source, mapping=SPREADSHEET) == 5
    df = wb.contacts().set_index("name")
    assert df["contact_id"].tolist() == [1, 2, 3, 4, 5]
    assert df.loc["Søren Ødegaard", "notes"] == 'Met at GridTech, booth 12 - ask about the "Series C" hiring plan'
    assert df.loc["Mei-Ling Chen", "notes"] == "Worked together at Ampere 2019-2021.\nPrefers phone calls."
    assert df["how_known"].tolist() == ["alumni", "conference", "coworker", "friend", "association"]
    assert df["can_use_name"].tolist() == [True, False, True, False, False]
    assert df.loc["Priya Raman", "created"] == pd.Timestamp("2026-09-14", tz="UTC")  # a plain date: local midnight
    assert df.loc["Priya Raman", "name_granted"] == df.loc["Priya Raman", "created"]
    assert pd.isna(df.loc["Søren Ødegaard", "name_granted"]) and pd.isna(df.loc["José Álvarez", "organization"])
    assert df.loc["Mei-Ling Chen", "url"] == "https://helio.example/team/mei-ling"


def test_an_unmapped_spreadsheet_column_is_named(wb):
    mapping = {k: v for k, v in SPREADSHEET.items() if k != "Status"}
    with pytest.raises(InvalidInput, match=r"^columns: 'Status' not in contacts .*map them"):
        wb.import_csv("contacts", FIXTURES / "spreadsheet_contacts.csv", mapping=mapping)
    assert wb.contacts().empty


def test_the_same_spreadsheet_twice_is_refused_as_duplicates(wb):
    wb.import_csv("contacts", FIXTURES / "spreadsheet_contacts.csv", mapping=SPREADSHEET)
    with pytest.raises(InvalidInput, match="^row 2: email: duplicate of contact 1"):
        wb.import_csv("contacts", FIXTURES / "spreadsheet_contacts.csv", mapping=SPREADSHEET)
    assert len(wb.contacts()) == 5


def test_new_interview_rows_get_their_history_and_the_follow_up_rules_apply(wb, tmp_path):
    wb.add_contact(name="Ana", organization="Helio Cell Works")
    wb.add_contact(name="Bo")
    text = (
        "contact_id,status,scheduled,format,created\n"
        "1,Requested,,,2025-03-03T09:00:00Z\n"
        "2,held,2025-03-04T15:00:00Z,Coffee,2025-03-01T10:00:00Z\n"
    )
    assert wb.import_csv("interviews", write(tmp_path, text)) == 2
    history = wb.interview_history()
    assert history[["interview_id", "status"]].values.tolist() == [[2, "held"], [1, "requested"]]
    assert wb.interviews().set_index("interview_id").loc[2, "held"] == pd.Timestamp("2025-03-04 15:00", tz="UTC")
    due = wb.followups().set_index("kind")["due"]
    assert due["try another contact"] == pd.Timestamp("2025-03-06 09:00", tz="UTC")  # 3 business days (3B7)
    assert due["request reminder"] == pd.Timestamp("2025-03-12 09:00", tz="UTC")
    assert due["thank-you"] == pd.Timestamp("2025-03-05 15:30", tz="UTC")


def test_a_new_referral_with_a_promised_introduction_gets_its_check_in(wb, tmp_path):
    wb.add_contact(name="Sam Lee")
    text = "from_contact,to_name,will_introduce,created\n1,Jo Park,yes,2025-03-03T09:00:00Z\n"
    wb.import_csv("referrals", write(tmp_path, text))
    assert wb.referrals()["check_in"].tolist() == [pd.Timestamp("2025-03-10 09:00", tz="UTC")]
    assert wb.followups()["kind"].tolist() == ["referral check-in"]


# The work-search log


def test_the_work_search_log_lists_each_dated_outreach_step(wb):
    ws = wb.workspace
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    ana = wb.add_contact(name="Ana Ruiz")
    wb.add_contact(name="Not Yet")
    interview = t.add_interview(ws, contact=priya, status="requested", format="coffee", now=T0)
    t.update_interview(
        ws, interview, status="scheduled", when=T0 + timedelta(days=2, hours=6), now=T0 + timedelta(days=1)
    )
    t.update_interview(ws, interview, status="held", confidential_notes=SECRET, now=T0 + timedelta(days=3))
    t.followup_done(ws, int(wb.followups()["followup_id"].iloc[0]), now=T0 + timedelta(days=3, hours=2))
    asked = t.add_interview(ws, contact=ana, status="requested", now=T0 + timedelta(hours=1))
    reminder = wb.followups().query("kind == 'request reminder'")["followup_id"].iloc[0]
    t.followup_done(ws, int(reminder), now=T0 + timedelta(days=7))
    t.update_interview(ws, asked, status="no-reply", now=T0 + timedelta(days=8))
    t.add_interview(ws, contact=3, now=T0)  # identified only: no outreach yet
    log = wb.work_search_log()
    assert list(log.columns) == ["date", "organization", "person", "method", "outcome"]
    assert log.fillna("").values.tolist() == [
        ["2025-03-03", "Northwind Grid", "Priya Raman", "e-mail", "request sent"],
        ["2025-03-03", "", "Ana Ruiz", "message", "request sent"],
        ["2025-03-04", "Northwind Grid", "Priya Raman", "e-mail", "interview scheduled"],
        ["2025-03-05", "Northwind Grid", "Priya Raman", "coffee", "interview held"],  # dated when it was held
        ["2025-03-06", "Northwind Grid", "Priya Raman", "e-mail", "thank-you sent"],
        ["2025-03-10", "", "Ana Ruiz", "message", "follow-up sent"],  # Priya's reminder was closed by her reply
        ["2025-03-11", "", "Ana Ruiz", "message", "no reply"],
    ]
    assert not log.apply(lambda column: column.astype(str).str.contains("salary")).any().any()
    assert wb.work_search_log(since="2025-03-04", until="2025-03-06")["outcome"].tolist() == [
        "interview scheduled",
        "interview held",
        "thank-you sent",
    ]
    assert wb.work_search_log(since=datetime(2025, 3, 11, tzinfo=UTC))["outcome"].tolist() == ["no reply"]
    with pytest.raises(InvalidInput, match="until: cannot read '2025-13-01' as a date"):
        wb.work_search_log(until="2025-13-01")
    with pytest.raises(InvalidInput, match="since: expected an age like 30d"):
        wb.work_search_log(since="last spring")


def test_the_work_search_log_uses_local_dates(wb, monkeypatch):
    ws = wb.workspace
    t.add_interview(
        ws, contact=wb.add_contact(name="Ana"), status="requested", now=datetime(2025, 3, 4, 3, 0, tzinfo=UTC)
    )
    assert wb.work_search_log()["date"].tolist() == ["2025-03-04"]
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert wb.work_search_log()["date"].tolist() == ["2025-03-03"]
    assert wb.work_search_log(until="2025-03-03")["date"].tolist() == ["2025-03-03"]


def test_the_work_search_log_writes_as_csv(wb, tmp_path):
    from iiwork.search.transfer import write_csv

    t.add_interview(
        wb.workspace, contact=wb.add_contact(name="Ana, PhD", organization="Ørsted"), status="requested", now=T0
    )
    assert write_csv(wb.work_search_log(), tmp_path / "log.csv") == 1
    assert (tmp_path / "log.csv").read_bytes().decode("utf-8") == (
        'date,organization,person,method,outcome\r\n2025-03-03,Ørsted,"Ana, PhD",message,request sent\r\n'
    )


# Backup


def test_backup_is_a_workspace_with_the_same_rows(wb, tmp_path):
    populate(wb)
    (tmp_path / "copy").mkdir()
    size = wb.backup(tmp_path / "copy" / "workbook.sqlite")
    assert size == (tmp_path / "copy" / "workbook.sqlite").stat().st_size > 0
    assert os.listdir(tmp_path / "copy") == ["workbook.sqlite"]  # one file: no -wal beside it, no partial file
    original = export_all(wb, tmp_path / "original", confidential=True)
    with Workbook(tmp_path / "copy") as copy:
        assert export_all(copy, tmp_path / "restored", confidential=True) == original
        assert copy.workspace.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_the_live_file_and_a_missing_directory(wb, tmp_path):
    for live in ("workbook.sqlite", "workbook.sqlite-wal"):
        with pytest.raises(InvalidInput, match="is the live workspace database"):
            wb.backup(wb.path / live)
    with pytest.raises(InvalidInput, match="path: the directory .* does not exist"):
        wb.backup(tmp_path / "nowhere" / "b.sqlite")
    assert wb.workspace.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


BATCH_WRITER = """
import sys
from pathlib import Path
from iiwork import Workbook

workspace, folder = sys.argv[1], Path(sys.argv[2])
with Workbook(workspace) as wb:
    (folder / "ready").touch()
    for batch in range(60):
        rows = "".join(f"writer {batch}-{i},batch{batch}\\n" for i in range(20))
        (folder / "batch.csv").write_text("name,organization\\n" + rows, encoding="utf-8")
        wb.import_csv("contacts", folder / "batch.csv")  # 20 rows in one transaction
"""


def test_a_backup_is_consistent_while_another_process_writes(wb, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", BATCH_WRITER, str(wb.path), str(tmp_path)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (tmp_path / "ready").exists() and writer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    counts = []
    while writer.poll() is None and time.monotonic() < deadline:
        wb.backup(tmp_path / "backup.sqlite")
        with sqlite3.connect(tmp_path / "backup.sqlite") as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(copy.execute("SELECT count(*) FROM contacts").fetchone()[0])
        copy.close()
    assert writer.wait(timeout=60) == 0, writer.stderr.read().decode()
    writer.stderr.close()
    assert all(count % 20 == 0 for count in counts)  # whole transactions only
    assert len({count for count in counts if 0 < count < 1200}) >= 2  # copies taken mid-way
    assert counts == sorted(counts) and len(wb.contacts()) == 1200
    wb.backup(tmp_path / "backup.sqlite")
    final = sqlite3.connect(tmp_path / "backup.sqlite")
    assert final.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1200
    final.close()


def test_online_how_known_values_import_as_people_write_them(wb, tmp_path):
    source = tmp_path / "contacts.csv"
    source.write_text(
        "Full name,How we met\nAna Ruiz,LinkedIn\nBen Ode,Social media\nChen Li,job board\nDee Fox,Alumni\n",
        encoding="utf-8",
    )
    assert wb.import_csv("contacts", source, mapping={"Full name": "name", "How we met": "how_known"}) == 4
    assert wb.contacts()["how_known"].tolist() == ["linkedin", "social-media", "job-board", "alumni"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,how_known\nEve Moss,carrier pigeon\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 2: how_known: expected one of friend, .*linkedin"):
        wb.import_csv("contacts", bad)


def test_an_older_workspace_gets_the_online_sources_without_losing_a_contact(tmp_path):
    import sqlite3

    from iiwork.workspace import MIGRATIONS, Workspace

    db = tmp_path / "workbook.sqlite"
    with sqlite3.connect(db) as conn:  # a workspace made by the iiwork before the contacts rebuild
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied TEXT NOT NULL)")
        for version, script in enumerate(MIGRATIONS[:6], start=1):
            conn.executescript(script)
            conn.execute("INSERT INTO schema_version VALUES (?, '2026-11-01')", (version,))
        conn.execute("INSERT INTO contacts (name, how_known, created) VALUES ('Ana', 'alumni', '2026-11-01')")
        conn.execute("INSERT INTO contacts (name, referred_by, created) VALUES ('Ben', 1, '2026-11-01')")
        conn.execute("INSERT INTO interviews (contact_id, status, created) VALUES (2, 'identified', '2026-11-01')")
    with Workbook(tmp_path) as wb:
        assert queries.records(wb.contacts()[["name", "how_known", "referred_by"]]) == [
            {"name": "Ana", "how_known": "alumni", "referred_by": None},
            {"name": "Ben", "how_known": None, "referred_by": 1},
        ]
        assert wb.add_contact(name="Cy", how_known="linkedin") == 3
        assert len(wb.interviews()) == 1
        assert wb.workspace.rows("PRAGMA foreign_key_check") == []
        assert wb.workspace.rows("PRAGMA foreign_keys") == [(1,)]
        Workspace(tmp_path).close()  # opening again applies nothing twice


# LinkedIn connections

CONNECTIONS = FIXTURES / "linkedin_connections.csv"


def connections(tmp_path, row: int | None = None, line: str = "", *, text: str | None = None) -> Path:
    """The fixture export, with line `row` (counted from 1, as a spreadsheet shows it) replaced by `line`."""
    lines = (CONNECTIONS.read_text(encoding="utf-8") if text is None else text).splitlines()
    if row is not None:
        lines[row - 1] = line
    return write(tmp_path, "\n".join(lines) + "\n", "Connections.csv")


def test_linkedin_connections_import_as_contacts(wb):
    assert CONNECTIONS.read_text(encoding="utf-8").startswith('Notes:\n"When exporting')  # as LinkedIn writes it
    assert transfer.import_linkedin(wb.workspace, CONNECTIONS) == {"added": 10, "existing": 1}  # Priya twice
    df = wb.contacts().set_index("name")
    assert df.index.tolist()[:3] == ["José Núñez", "Priya Raman", "Søren Ødegaard"]  # file order
    assert queries.records(df.loc[["José Núñez"], ["role", "organization", "email", "url", "how_known", "notes"]]) == [
        {
            "role": "Head of Battery Analytics",
            "organization": "Voltaic Storage",
            "email": None,
            "url": "https://www.linkedin.com/in/jose-nunez-example",
            "how_known": "linkedin",
            "notes": "LinkedIn: connected 2026-11-28",
        }
    ]
    assert df.loc["Priya Raman", "organization"] == "Northwind Grid Systems, Inc."
    assert df.loc["Priya Raman", "email"] == "priya.raman@northwind.example"
    assert df.loc["Liam O'Connor", "role"] == 'Analyst, "Grid Edge" team'
    assert df.loc["Liam O'Connor", "notes"] == "LinkedIn: connected 2025-12-06"
    assert pd.isna(df.loc["Zoë Öztürk", "organization"])
    assert df["email"].isna().sum() == 6 and (df["how_known"] == "linkedin").all()
    assert not df["can_use_name"].any()


def test_importing_the_same_connections_again_adds_nothing(wb):
    transfer.import_linkedin(wb.workspace, CONNECTIONS)
    before = snapshot(wb)
    assert transfer.import_linkedin(wb.workspace, CONNECTIONS) == {"added": 0, "existing": 11}
    assert snapshot(wb) == before


def test_connections_already_among_the_contacts_are_matched_by_email_else_name_and_organisation(wb):
    dana = wb.add_contact(name="Dana W.", email="D.Whitfield@ampere.example", how_known="association")
    jose = wb.add_contact(name="josé núñez", organization="Voltaic Storage", notes="met at GridTech")
    aiko = wb.add_contact(name="Aiko Tanaka", organization="Voltaic Storage", email="aiko@home.example")
    kept = queries.records(wb.contacts())
    assert transfer.import_linkedin(wb.workspace, CONNECTIONS) == {"added": 7, "existing": 4}
    assert queries.records(wb.contacts().query("contact_id <= 3")) == kept  # left as they were
    assert len(wb.contacts()) == 10 and [dana, jose, aiko] == [1, 2, 3]


def test_a_connections_file_with_a_byte_order_mark_crlf_and_excel_dates_imports(wb, tmp_path):
    text = CONNECTIONS.read_text(encoding="utf-8").replace("28 Nov 2026", "1-Dec-26").replace("03 Sep", "3 Sept")
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert transfer.import_linkedin(wb.workspace, path) == {"added": 10, "existing": 1}
    notes = wb.contacts().set_index("name")["notes"]
    assert notes["José Núñez"] == "LinkedIn: connected 2026-12-01"
    assert notes["Søren Ødegaard"] == "LinkedIn: connected 2026-09-03"


def test_a_connection_with_one_name_part_or_no_date_imports(wb, tmp_path):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    path = write(tmp_path, header + ",Lindqvist,,,Acme,,\nMadonna,,,,,,01 Jan 2026\n")
    assert transfer.import_linkedin(wb.workspace, path) == {"added": 2, "existing": 0}
    assert queries.records(wb.contacts()[["name", "notes"]]) == [
        {"name": "Lindqvist", "notes": None},
        {"name": "Madonna", "notes": "LinkedIn: connected 2026-01-01"},
    ]


BAD_CONNECTIONS = [
    (
        12,
        "François,Lefèvre,,francois@@ampere.example,Ampere Ridge,Power Systems Engineer,09 Mar 2026",
        "row 12: email: 'francois@@ampere.example' is not an e-mail address",
    ),
    (9, ",,https://www.linkedin.com/in/zoe-ozturk-example,,,,02 Jul 2026", "row 9: name: First Name and Last Name"),
    (13, "Aiko,Tanaka,,,Voltaic Storage,Data Scientist,13/01/2026", "row 13: Connected On: cannot read '13/01/2026'"),
    (13, "Aiko,Tanaka,,,Voltaic Storage,Data Scientist,31 Feb 2026", "row 13: Connected On: cannot read '31 Feb"),
    (13, "Aiko,Tanaka,,,Voltaic Storage,Data Scientist,01 Ma 2026", "row 13: Connected On: cannot read '01 Ma 2026'"),
    (15, "Liam,O'Connor,linkedin.com/in/liam,,,,06 Dec 2025", "row 15: url: 'linkedin.com/in/liam' is not an http"),
    (6, "Priya,Raman,,,Northwind,Planner,14 Oct 2026,extra", "row 6: 8 cells but the header has 7 columns"),
]


@pytest.mark.parametrize(("row", "line", "message"), BAD_CONNECTIONS, ids=[m for _, _, m in BAD_CONNECTIONS])
def test_a_bad_connection_imports_nothing_and_is_named_by_its_row(wb, tmp_path, row, line, message):
    wb.add_contact(name="Sam Lee", how_known="friend")
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="^" + re.escape(message)) as caught:
        transfer.import_linkedin(wb.workspace, connections(tmp_path, row, line))
    assert "\n" not in str(caught.value)
    assert snapshot(wb) == before


def test_a_connection_refused_by_the_database_rolls_back_the_rows_before_it(wb, tmp_path, monkeypatch):
    wb.add_contact(name="Sam Lee", how_known="friend")
    before, calls = snapshot(wb), []

    def insert(conn, table, record):
        calls.append(record["name"])
        if len(calls) == 5:
            raise sqlite3.IntegrityError("CHECK constraint failed: contacts")
        return t.insert_row(conn, table, record)

    monkeypatch.setattr(transfer, "insert_row", insert)
    with pytest.raises(InvalidInput, match="^row 9: CHECK constraint failed"):
        transfer.import_linkedin(wb.workspace, CONNECTIONS)
    assert calls[-1] == "Zoë Öztürk" and snapshot(wb) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "has no LinkedIn header (First Name,Last Name,URL,Email Address,Company,Position,Connected On)"),
        ("Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position\nAna,Ruiz,,,,\n", "columns: the "),
        ("", "has no LinkedIn header"),
    ],
)
def test_a_file_that_is_not_a_linkedin_export_is_a_one_line_error(wb, tmp_path, text, message):
    path = FIXTURES / "spreadsheet_contacts.csv" if text is None else write(tmp_path, text)
    with pytest.raises(InvalidInput, match=re.escape(message)) as caught:
        transfer.import_linkedin(wb.workspace, path)
    assert "\n" not in str(caught.value)
    assert wb.contacts().empty
    with pytest.raises(InvalidInput, match="^path: no file"):
        transfer.import_linkedin(wb.workspace, tmp_path / "missing.csv")


def test_a_linkedin_header_with_a_missing_column_names_it_and_its_row(wb, tmp_path):
    path = write(tmp_path, "Notes:\n\nFirst Name,Last Name,Company,Position,Email Address\nAna,Ruiz,,,\n")
    with pytest.raises(InvalidInput, match=r"^columns: the LinkedIn header on row 3 has no 'Connected On' column$"):
        transfer.import_linkedin(wb.workspace, path)


def test_a_linkedin_export_with_no_connections_adds_nothing(wb, tmp_path):
    text = "\n".join(CONNECTIONS.read_text(encoding="utf-8").splitlines()[:4]) + "\n"
    assert transfer.import_linkedin(wb.workspace, write(tmp_path, text)) == {"added": 0, "existing": 0}


def test_imported_questions_are_stored_on_one_line_as_the_tracker_stores_them(wb, tmp_path):
    wb.add_contact(name="Sam Lee")
    interview = wb.add_interview(contact=1, when="2026-01-20T10:00:00+00:00")
    wb.import_csv("interview_questions", write(tmp_path, 'interview_id,question\n1,"How did   it\nstart?"\n'))
    assert wb.questions(interview) == ["How did it start?"]
