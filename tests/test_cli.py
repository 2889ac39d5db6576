"""The command line: --help everywhere, table/csv/json output, one-line errors and exit statuses."""

import io
import json
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from conftest import FIXTURES

from iiwork.cli import build_parser, main
from iiwork.workspace import Workspace

COMMANDS = [
    "gather",
    "articles",
    "stories",
    "trends",
    "demo",
    "run-notebook",
    "company",
    "industry",
    "targets",
    "digest",
    "brief",
    "contact",
    "interview",
    "referral",
    "followups",
    "followup",
    "email",
    "export",
    "import",
    "backup",
    "activity",
]
ACTIONS = [
    ["company", "add"],
    ["company", "update"],
    ["company", "list"],
    ["company", "show"],
    ["company", "remove"],
    ["company", "import"],
    ["industry", "add"],
    ["industry", "list"],
    ["contact", "add"],
    ["contact", "list"],
    ["contact", "show"],
    ["interview", "add"],
    ["interview", "update"],
    ["interview", "list"],
    ["referral", "add"],
    ["referral", "reached"],
    ["referral", "list"],
    ["followup", "done"],
]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS], *ACTIONS])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: iiwork" in capsys.readouterr().out


def test_every_subcommand_is_covered_by_the_help_test():
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(subparsers.choices) == sorted(COMMANDS)
    for name, parser in subparsers.choices.items():
        nested = [a for a in parser._actions if a.dest == "action"]
        actions = sorted(nested[0].choices) if nested else []
        assert actions == sorted(a for c, a in ACTIONS if c == name), name


def test_gather_then_articles_in_three_formats(capsys, tmp_path):
    ws = str(tmp_path / "ws")
    code, out, err = run(
        capsys,
        "--workspace",
        ws,
        "gather",
        "--company",
        "Voltaic Storage",
        "--feed",
        str(FIXTURES / "rss2.xml"),
        str(FIXTURES / "atom.xml"),
    )
    assert code == 0 and err == "iiwork: 5 new articles from 2 sources\n"  # the one-line summary, on stderr
    assert "status" in out and out.count(" ok ") == 2
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--format", "csv")
    df = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(df) == 5 and "canonical_url" in df.columns
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--company", "Voltaic Storage", "--format", "json")
    records = json.loads(out)
    assert len(records) == 5 and records[0]["published"].endswith("Z")
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--since", "2026-09-05")
    assert code == 0 and "Helio Cell Works" in out and "Series C" not in out


def test_an_undated_article_is_marked_as_an_estimate_with_a_footnote(capsys, tmp_path):
    ws = str(tmp_path / "ws")
    assert run(capsys, "--workspace", ws, "gather", "--feed", str(FIXTURES / "rss2.xml"))[0] == 0
    code, out, _ = run(capsys, "--workspace", ws, "articles")
    lines = out.splitlines()
    undated = next(line for line in lines if "Interconnection" in line)
    assert code == 0 and "~2026-09-07 " in undated and "12:00" not in undated  # the day in its URL, marked
    assert lines[-2] == "" and lines[-1].startswith("~ estimated: the source gave no date")
    assert sum("~" in line for line in lines[:-1]) == 1  # dated rows keep their time, unmarked
    assert "2026-09-01 14:30" in next(line for line in lines if "Series C" in line)
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--contains", "Series C")
    assert code == 0 and "~" not in out and "estimated" not in out  # no footnote without an estimate
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--format", "json")
    marked = {record["title"][:15]: record["date_estimated"] for record in json.loads(out)}
    assert marked["Interconnection"] is True and sum(marked.values()) == 1


def test_failed_sources_are_in_the_log_and_the_exit_status_is_0(capsys, tmp_path):
    code, out, err = run(
        capsys,
        "--workspace",
        str(tmp_path),
        "gather",
        "--feed",
        "ftp://x.example/f",
        str(FIXTURES / "newsroom_listing.html"),
    )
    assert code == 0 and "invalid-url" in out and "not-a-feed" in out and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["gather"], "nothing to gather"),
        (["gather", "--feed", "x.xml", "--since", "last tuesday"], "since: expected"),
        (["articles", "--format", "xml"], "invalid choice"),
        (["articles", "--until", "whenever"], "until: expected"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, tmp_path, argv, message):
    Workspace(tmp_path).close()
    try:
        code = main(["--workspace", str(tmp_path), *argv])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_console_script_runs_as_a_process(tmp_path):
    Workspace(tmp_path).close()
    result = subprocess.run(
        [sys.executable, "-m", "iiwork.cli", "--workspace", str(tmp_path), "articles"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == "(no rows)\n"


def test_unusable_workspace_exits_1(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "--workspace", str(tmp_path / "file" / "ws"), "contact", "add", "--name", "Ana")
    assert code == 1 and "cannot create workspace" in err and len(err.strip().splitlines()) == 1


# The tracker commands: `add` prints the id alone, listings in three formats, bad input exits 2 and changes nothing.


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    return str(tmp_path / "ws")


def run_in(capsys, ws, *argv):
    try:
        code = main(["--workspace", ws, *argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def dump(ws) -> list[str]:
    with sqlite3.connect(f"{ws}/workbook.sqlite") as conn:
        return list(conn.iterdump())


def test_a_search_from_the_command_line(capsys, ws, tmp_path):
    assert run_in(
        capsys,
        ws,
        "contact",
        "add",
        "--name",
        "Ana Ruiz",
        "--org",
        "Voltaic Storage",
        "--email",
        "ana@voltaic.example",
        "--how",
        "alumni",
        "--may-use-name",
    ) == (0, "1\n", "")
    assert (
        run_in(capsys, ws, "contact", "add", "--name", "Ben Okafor", "--referred-by", "1", "--how", "referral")[1]
        == "2\n"
    )
    code, out, _ = run_in(
        capsys,
        ws,
        "interview",
        "add",
        "--contact",
        "1",
        "--when",
        "2026-11-25T10:00",
        "--format",
        "coffee",
        "--minutes",
        "30",
        "--goal",
        "how their analysts work",
    )
    assert (code, out) == (0, "1\n")
    assert (
        run_in(
            capsys,
            ws,
            "interview",
            "update",
            "1",
            "--status",
            "held",
            "--learnings",
            "Their grid analytics team models battery dispatch in Python.",
            "--confidential",
            "salary band",
        )[0]
        == 0
    )
    assert run_in(
        capsys,
        ws,
        "referral",
        "add",
        "--from",
        "1",
        "--to-name",
        "Chen Li",
        "--to-org",
        "Helio Cell Works",
        "--may-use-name",
        "--will-introduce",
    ) == (0, "1\n", "")
    code, out, _ = run_in(capsys, ws, "followups", "--format", "json")
    due = json.loads(out)
    assert [row["kind"] for row in due] == ["thank-you", "referral check-in"]
    assert due[0]["due"].startswith("2026-11-26T10:30")  # 24 h after the 30-minute slot
    code, out, _ = run_in(capsys, ws, "followups", "--due-by", "2026-11-27", "--ics", str(tmp_path / "cal.ics"))
    assert "thank-you" in out and "check-in" not in out
    calendar = (tmp_path / "cal.ics").read_text()  # the open follow-ups (the interview was held: no longer ahead)
    assert calendar.count("BEGIN:VEVENT") == 2 and "SUMMARY:Send a thank-you to Ana Ruiz" in calendar
    code, out, _ = run_in(capsys, ws, "email", "thank-you", "--interview", "1")
    assert code == 0 and out.startswith("To: Ana Ruiz <ana@voltaic.example>") and "battery dispatch" in out
    assert "salary" not in out
    assert run_in(capsys, ws, "followup", "done", "1") == (0, "", "")
    code, out, _ = run_in(capsys, ws, "interview", "list", "--format", "json")
    assert json.loads(out)[0]["status"] == "thanked" and "salary" not in out and "confidential" not in out
    code, out, _ = run_in(capsys, ws, "contact", "show", "1")
    assert "Ana Ruiz" in out and "Chen Li" in out and "salary" not in out
    card = json.loads(run_in(capsys, ws, "contact", "show", "1", "--format", "json")[1])
    assert card["interviews"][0]["status"] == "thanked" and card["referrals"][0]["to_name"] == "Chen Li"
    code, out, _ = run_in(capsys, ws, "contact", "list", "--format", "csv")
    assert out.splitlines()[0].startswith("contact_id,name,") and len(out.splitlines()) == 3
    code, out, _ = run_in(capsys, ws, "referral", "list")
    assert "Helio Cell Works" in out
    assert (
        run_in(capsys, ws, "contact", "add", "--name", "Chen Li", "--org", "Helio Cell Works", "--referred-by", "1")[1]
        == "3\n"
    )
    assert run_in(capsys, ws, "referral", "reached", "1", "--contact", "3") == (0, "", "")
    assert run_in(capsys, ws, "followups")[1] == "(no rows)\n"  # the check-in closed: the introduction happened
    assert run_in(capsys, ws, "referral", "reached", "1", "--contact", "9")[0] == 2


BAD = [
    (["contact", "add", "--name", "  "], "name: must not be empty"),
    (["contact", "add", "--name", "Ana Ruiz", "--org", "voltaic storage"], "name: duplicate of contact 1"),
    (["contact", "add", "--name", "Zoe", "--email", "ANA@voltaic.example"], "email: duplicate of contact 1"),
    (["contact", "add", "--name", "Zoe", "--email", "zoe-at-example"], "email: 'zoe-at-example' is not"),
    (["contact", "add", "--name", "Zoe", "--url", "javascript:alert(1)"], "url:"),
    (["contact", "add", "--name", "Zoe", "--how", "tinder"], "how: expected one of friend"),
    (["contact", "add", "--name", "Zoe", "--referred-by", "42"], "referred-by: no contact with id 42"),
    (["contact", "show", "42"], "contact: no contact with id 42"),
    (["contact", "show", "abc"], "contact: expected a numeric id"),
    (["interview", "add", "--contact", "42", "--when", "2026-12-01T10:00"], "contact: no contact with id 42"),
    (["interview", "add", "--contact", "1", "--when", "next tuesday"], "when: cannot read 'next tuesday'"),
    (
        ["interview", "add", "--contact", "1", "--when", "2099-01-01T10:00", "--status", "held"],
        "status: an interview cannot be held before its time",
    ),
    (["interview", "update", "1", "--status", "thanked"], "status: cannot go from scheduled to thanked"),
    (["interview", "update", "1"], "give at least one of"),
    (["interview", "update", "7", "--notes", "x"], "interview: no interview with id 7"),
    (["referral", "add", "--from", "1"], "to-name: give the person or the organisation"),
    (["followup", "done", "99"], "followup: no follow-up with id 99"),
    (["followups", "--due-by", "2026-13-40"], "due-by: cannot read"),
    (["email", "thank-you", "--interview", "1"], "thank-you"),
    (["email", "request", "--interview", "8"], "interview: no interview with id 8"),
]


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(capsys, ws, argv, message):
    run_in(
        capsys, ws, "contact", "add", "--name", "Ana Ruiz", "--org", "Voltaic Storage", "--email", "ana@voltaic.example"
    )
    run_in(capsys, ws, "interview", "add", "--contact", "1", "--when", "2099-12-01T10:00")
    before = dump(ws)
    code, out, err = run_in(capsys, ws, *argv)
    assert code == 2 and out == "" and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert dump(ws) == before


def test_activity_prints_a_table_and_next_actions_and_plots(capsys, ws, tmp_path):
    run_in(capsys, ws, "contact", "add", "--name", "Ana Ruiz", "--how", "alumni")
    run_in(capsys, ws, "interview", "add", "--contact", "1", "--status", "requested")
    code, out, err = run_in(capsys, ws, "activity", "--table", "funnel", "--plot", str(tmp_path / "activity.png"))
    assert (
        code == 0
        and err == ""
        and out.splitlines()[0].split() == ["stage", "reached", "conversion", "declined", "no_reply"]
    )
    assert "Next actions:" in out and (tmp_path / "activity.png").stat().st_size > 10_000
    records = json.loads(run_in(capsys, ws, "activity", "--table", "sources", "--format", "json")[1])
    assert records == [{"how_known": "alumni", "contacts": 1, "requested": 1, "held": 0, "conversion": 0.0}]
    assert run_in(capsys, ws, "activity", "--freq", "Q")[0] == 2


def test_export_import_backup_and_work_search_log(capsys, ws, tmp_path):
    sheet = str(FIXTURES / "spreadsheet_contacts.csv")
    maps = [
        "--map",
        "Full name=name",
        "--map",
        "Company=organization",
        "--map",
        "Job title=role",
        "--map",
        "Email=email",
        "--map",
        "LinkedIn=url",
        "--map",
        "How we met=how_known",
        "--map",
        "OK to mention?=can_use_name",
        "--map",
        "Notes=notes",
        "--map",
        "Date added=created",
    ]
    code, _, err = run_in(capsys, ws, "import", "contacts", sheet, *maps)
    assert code == 2 and "Status" in err and len(err.strip().splitlines()) == 1
    assert run_in(capsys, ws, "import", "contacts", sheet, *maps, "--map", "Status=") == (0, "5\n", "")
    run_in(
        capsys,
        ws,
        "interview",
        "add",
        "--contact",
        "1",
        "--when",
        "2026-11-20T10:00",
        "--status",
        "held",
        "--format",
        "video",
    )
    code, _, err = run_in(capsys, ws, "export", "contacts", "--out", str(tmp_path / "contacts.csv"))
    assert code == 0 and "wrote 5 rows" in err
    other = str(tmp_path / "other")
    assert run_in(capsys, other, "import", "contacts", str(tmp_path / "contacts.csv"))[1] == "5\n"
    run_in(capsys, other, "export", "contacts", "--out", str(tmp_path / "again.csv"))
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "contacts.csv").read_bytes()
    assert run_in(capsys, ws, "export", "work-search-log", "--out", str(tmp_path / "log.csv"))[0] == 0
    log = pd.read_csv(tmp_path / "log.csv")
    assert log.columns.tolist() == ["date", "organization", "person", "method", "outcome"]
    assert log.iloc[-1][["person", "method", "outcome"]].tolist() == ["Priya Raman", "video", "interview held"]
    code, _, err = run_in(capsys, ws, "backup", str(tmp_path / "copy.sqlite"))
    assert code == 0 and "backed up" in err
    with sqlite3.connect(tmp_path / "copy.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (5,)
    assert run_in(capsys, ws, "export", "contacts", "--out", str(tmp_path / "missing" / "x.csv"))[0] == 2
    assert run_in(capsys, ws, "import", "contacts", str(tmp_path / "nothing.csv"))[0] == 2


@pytest.mark.parametrize(
    "argv", [["articles"], ["contact", "list"], ["followups"], ["export", "contacts", "--out", "x.csv"]]
)
def test_reading_a_workspace_that_does_not_exist_says_so_and_creates_nothing(capsys, tmp_path, argv):
    missing = tmp_path / "dmeo"
    code, out, err = run(capsys, "--workspace", str(missing), *argv)
    assert code == 2 and out == "" and "no workspace at" in err and len(err.strip().splitlines()) == 1
    assert not missing.exists()


def test_bad_input_to_a_writing_command_on_a_new_path_leaves_nothing(capsys, tmp_path):
    new = tmp_path / "new"
    code, _, err = run(capsys, "--workspace", str(new), "contact", "add", "--name", "Ana", "--email", "a@@b.example")
    assert code == 2 and "email:" in err and not new.exists()
    existing = tmp_path / "ws"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine")
    code, _, _ = run(capsys, "--workspace", str(existing), "contact", "add", "--name", "Ana", "--how", "psychic")
    assert code == 2 and sorted(p.name for p in existing.iterdir()) == ["notes.txt"]
    code, out, _ = run(capsys, "--workspace", str(existing), "contact", "add", "--name", "Ana")
    assert code == 0 and out == "1\n" and (existing / "workbook.sqlite").is_file()


def test_a_damaged_workspace_is_named_and_left_as_it_is(capsys, tmp_path):
    ws = tmp_path / "ws"
    assert run(capsys, "--workspace", str(ws), "gather", "--feed", str(FIXTURES / "rss2.xml"))[0] == 0
    for i in range(40):
        assert (
            run(capsys, "--workspace", str(ws), "contact", "add", "--name", f"Person {i}", "--notes", "x" * 3000)[0]
            == 0
        )
    db = ws / "workbook.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for page in range(4096, len(data), 2 * 4096):  # every other page after the header page
        data[page + 100 : page + 4096] = b"\xde\xad" * 1998
    db.write_bytes(bytes(data))
    damaged = db.read_bytes()
    for argv in (
        ["articles"],
        ["stories"],
        ["trends"],
        ["contact", "list"],
        ["export", "contacts", "--out", str(tmp_path / "c.csv")],
    ):
        code, _, err = run(capsys, "--workspace", str(ws), *argv)
        assert code == 1 and "is damaged" in err and ".recover" in err, (argv, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert db.read_bytes() == damaged


def test_errors_speak_the_language_of_the_face_in_use(capsys, tmp_path):
    ws = str(tmp_path / "ws")
    assert run(capsys, "--workspace", ws, "contact", "add", "--name", "Ana Ruiz")[0] == 0
    assert run(capsys, "--workspace", ws, "interview", "add", "--contact", "1", "--when", "2026-11-02T10:00",
               "--status", "held")[0] == 0  # fmt: skip
    code, _, err = run(capsys, "--workspace", ws, "email", "thank-you", "--interview", "1")
    assert code == 2 and "iiwork interview update 1 --learnings ..." in err and "update_interview(" not in err
    from iiwork import InvalidInput, Workbook

    with Workbook(ws) as wb, pytest.raises(InvalidInput, match=r"update_interview\(1, learnings=\.\.\.\)"):
        wb.email("thank-you", interview=1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["contact", "show", "99999999999999999999"], "contact: 99999999999999999999 is not an id"),
        (["interview", "add", "--contact", "1", "--when", "0001-01-01T00:00:00+05:00"], "when: "),
        (["articles", "--since", "999999d"], "since: 999999 days back is out of range"),
        (["followups", "--due-by", "0001-01-01"], "due-by: "),
        (["interview", "update", "99999999999999999999", "--notes", "x"], "interview: "),
    ],
)
def test_values_out_of_range_are_bad_input_and_write_nothing(capsys, tmp_path, argv, message):
    ws = str(tmp_path / "ws")
    assert run(capsys, "--workspace", ws, "contact", "add", "--name", "Ana")[0] == 0
    before = dump(ws)
    code, _, err = run(capsys, "--workspace", ws, *argv)
    assert code == 2 and err.startswith(f"iiwork {argv[0]}: error: {message}") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and dump(ws) == before


def test_a_csv_row_out_of_range_is_named(capsys, tmp_path):
    ws = str(tmp_path / "ws")
    source = tmp_path / "interviews.csv"
    source.write_text("contact_id,scheduled\n1,2026-11-02T10:00Z\n1,0001-01-01T00:00:00+05:00\n", encoding="utf-8")
    assert run(capsys, "--workspace", ws, "contact", "add", "--name", "Ana")[0] == 0
    code, _, err = run(capsys, "--workspace", ws, "import", "interviews", str(source))
    assert code == 2 and "row 3: scheduled: " in err and "out of range" in err
    assert run(capsys, "--workspace", ws, "interview", "list", "--format", "csv")[1].count("\n") == 1  # header only
