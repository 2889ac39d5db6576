import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iiwork import Workbook, WorkspaceError
from iiwork.errors import ConfigError
from iiwork.workspace import MIGRATIONS, Workspace, default_workspace


def test_new_workspace_has_schema_wal_and_foreign_keys(tmp_path):
    ws = Workspace(tmp_path / "new")
    assert (tmp_path / "new" / "workbook.sqlite").exists()
    assert ws.schema_version == len(MIGRATIONS)
    assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ws.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    ws.close()


def test_reopening_does_not_migrate_twice(tmp_path):
    Workspace(tmp_path).close()
    ws = Workspace(tmp_path)
    assert ws.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    ws.close()


def test_a_newer_schema_is_refused(tmp_path):
    ws = Workspace(tmp_path)
    ws.conn.execute("INSERT INTO schema_version VALUES (999, 'future')")
    ws.close()
    with pytest.raises(WorkspaceError, match="newer than this iiwork"):
        Workspace(tmp_path)


def test_a_failed_write_rolls_back_and_leaves_the_workspace_as_it_was(tmp_path):
    ws = Workspace(tmp_path)
    with ws.transaction() as conn:
        conn.execute("INSERT INTO gathers (started) VALUES ('2026-01-01T00:00:00+00:00')")
    with pytest.raises(sqlite3.IntegrityError), ws.transaction() as conn:
        conn.execute("INSERT INTO gathers (started) VALUES ('2026-01-02T00:00:00+00:00')")
        conn.execute("INSERT INTO fetch_log (gather_id, source, started, status) VALUES (1, 's', 'x', 'not-a-status')")
    assert ws.conn.execute("SELECT count(*) FROM gathers").fetchone()[0] == 1
    assert ws.conn.execute("SELECT count(*) FROM fetch_log").fetchone()[0] == 0
    ws.close()


def test_articles_refuse_non_web_urls_and_empty_titles(tmp_path):
    ws = Workspace(tmp_path)
    insert = (
        "INSERT INTO articles (key, url, canonical_url, title, published, fetched, source_kind) "
        "VALUES (?, ?, ?, ?, '2026', '2026', 'feed')"
    )
    for values in (("k1", "javascript:x", "j", "t"), ("k2", "https://a.example/", "c", "")):
        with pytest.raises(sqlite3.IntegrityError), ws.transaction() as conn:
            conn.execute(insert, values)
    ws.close()


def test_workspace_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("IIWORK_WORKSPACE", str(tmp_path / "env-ws"))
    assert default_workspace() == tmp_path / "env-ws"
    with Workbook() as wb:
        assert wb.path == tmp_path / "env-ws"
    assert (tmp_path / "env-ws" / "workbook.sqlite").exists()


def test_unusable_workspace_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(WorkspaceError, match="cannot create workspace"):
        Workspace(blocker / "ws")


def test_corrupt_database_is_a_clear_error(tmp_path):
    (tmp_path / "workbook.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WorkspaceError, match="is damaged or not an iiwork workspace"):
        Workspace(tmp_path)


def test_broken_config_is_named(tmp_path):
    (tmp_path / "config.toml").write_text("[http\ncontact_email = ")
    with pytest.raises(ConfigError, match="config.toml"):
        Workbook(tmp_path)


WRITER = """
import json, sys, time
from pathlib import Path
from iiwork import Workbook

workspace, tag, count, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
with Workbook(workspace) as wb:
    (folder / f"{tag}.ready").touch()
    while not (folder / "go").exists():
        time.sleep(0.001)
    ids = []
    while len(ids) < count or not (folder / "stop").exists():
        ids.append(wb.add_contact(name=f"{tag} {len(ids)}", organization=tag))
        time.sleep(0.005)  # a moment between writes, as people and scripts take (a tight loop starves the other)
print(json.dumps(ids))
"""


def test_two_writers_at_once_never_corrupt_the_workspace_or_lose_a_write(tmp_path):
    """A notebook and a script (two processes) add at least 100 contacts each, one transaction per contact, and
    the command line adds three more while they write."""
    workspace = tmp_path / "ws"
    Workspace(workspace).close()
    tags = ("notebook", "script")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(workspace), tag, "100", str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in tags
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{tag}.ready").exists() for tag in tags) and time.monotonic() < deadline:
        assert all(writer.poll() is None for writer in writers), "a writer failed to open the workspace"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    iiwork = Path(sys.executable).with_name("iiwork")
    cli = [
        subprocess.run(
            [str(iiwork), "--workspace", str(workspace), "contact", "add", "--name", f"cli {i}", "--org", "cli"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        for i in range(3)
    ]
    (tmp_path / "stop").touch()
    returned = {"cli": []}
    for tag, writer in zip(tags, writers):
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        returned[tag] = json.loads(out)
    for done in cli:
        assert done.returncode == 0, done.stderr
        returned["cli"].append(int(done.stdout))
    with Workbook(workspace) as wb:
        contacts = wb.contacts()
        assert wb.workspace.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(contacts) == sum(map(len, returned.values())) >= 203 and contacts["contact_id"].is_unique
    stored = dict(zip(contacts["contact_id"], contacts["name"]))
    for tag, ids in returned.items():
        assert [stored[i] for i in ids] == [f"{tag} {i}" for i in range(len(ids))]  # every write kept, as written
    notebook, script = returned["notebook"], returned["script"]
    assert min(script) < max(notebook) and min(notebook) < max(script)  # the two processes really interleaved
    assert all(min(notebook) < i < max(notebook) for i in returned["cli"])  # and the command line wrote meanwhile


OPENER = """
import sys, time
from iiwork import Workbook
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # start together
with Workbook(sys.argv[1]) as wb:
    print(wb.add_contact(name="opener " + sys.argv[3]))
"""


def test_processes_creating_the_same_workspace_at_once_all_succeed_and_migrate_once(tmp_path):
    start = str(time.time() + 1.5)
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(tmp_path / "ws"), start, str(i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    results = [opener.communicate(timeout=60) for opener in openers]
    assert [opener.returncode for opener in openers] == [0] * 6, [err for _, err in results]
    assert sorted(int(out) for out, _ in results) == [1, 2, 3, 4, 5, 6]
    with sqlite3.connect(tmp_path / "ws" / "workbook.sqlite") as conn:
        assert conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall() == [
            (v,) for v in range(1, len(MIGRATIONS) + 1)
        ]
