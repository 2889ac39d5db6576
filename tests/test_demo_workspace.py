"""The offline demo: a whole workspace through the normal paths, safe to run twice, never over your records."""

import sqlite3
from pathlib import Path

from iiwork import Workbook
from iiwork.cli import main

TABLES = ("articles", "companies", "company_sources", "contacts", "interviews", "referrals", "followups", "stories")


def dump(path) -> list:
    with sqlite3.connect(path / "workbook.sqlite") as db:
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES]


def test_the_demo_builds_everything_and_a_second_run_changes_nothing(tmp_path, capsys):
    workspace = tmp_path / "demo"
    assert main(["--workspace", str(workspace), "demo"]) == 0
    said = capsys.readouterr().out
    assert "Gathered 318 articles" in said and "Briefing for interview" in said
    briefing = said.strip().rsplit(": ", 1)[1]
    page = Path(briefing).read_text(encoding="utf-8")
    assert "10. Sources" in page and "Amara Okafor" in page
    assert (workspace / "digest.html").is_file()
    with Workbook(workspace) as wb:
        assert len(wb.companies()) == 5 and len(wb.contacts()) == 4
        assert wb.people_at("Helio")["referrals_pending"]["to_name"].tolist() == ["Marcus Oyelaran"]
    before = dump(workspace)
    assert main(["--workspace", str(workspace), "demo"]) == 0
    assert "already holds the demo" in capsys.readouterr().out
    assert dump(workspace) == before


def test_a_workspace_with_your_own_records_is_refused_unless_asked(tmp_path, capsys):
    workspace = tmp_path / "mine"
    with Workbook(workspace) as wb:
        wb.add_contact(name="My Own Contact", organization="Somewhere")
    before = dump(workspace)
    assert main(["--workspace", str(workspace), "demo"]) == 2
    error = capsys.readouterr().err
    assert "already holds records of its own (1 contacts)" in error and "iiwork demo --force" in error
    assert dump(workspace) == before
    assert main(["--workspace", str(workspace), "demo", "--force"]) == 0
    with Workbook(workspace) as wb:
        assert "My Own Contact" in set(wb.contacts()["name"]) and len(wb.companies()) == 5
