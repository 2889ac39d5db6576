import sqlite3

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
    with pytest.raises(sqlite3.IntegrityError):
        with ws.transaction() as conn:
            conn.execute("INSERT INTO gathers (started) VALUES ('2026-01-02T00:00:00+00:00')")
            conn.execute("INSERT INTO fetch_log (gather_id, source, started, status) VALUES (1, 's', 'x', 'not-a-status')")
    assert ws.conn.execute("SELECT count(*) FROM gathers").fetchone()[0] == 1
    assert ws.conn.execute("SELECT count(*) FROM fetch_log").fetchone()[0] == 0
    ws.close()


def test_articles_refuse_non_web_urls_and_empty_titles(tmp_path):
    ws = Workspace(tmp_path)
    insert = ("INSERT INTO articles (key, url, canonical_url, title, published, fetched, source_kind) "
              "VALUES (?, ?, ?, ?, '2026', '2026', 'feed')")  # fmt: skip
    for values in (("k1", "javascript:x", "j", "t"), ("k2", "https://a.example/", "c", "")):
        with pytest.raises(sqlite3.IntegrityError):
            with ws.transaction() as conn:
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
    with pytest.raises(WorkspaceError, match="cannot open"):
        Workspace(tmp_path)


def test_broken_config_is_named(tmp_path):
    (tmp_path / "config.toml").write_text("[http\ncontact_email = ")
    with pytest.raises(ConfigError, match="config.toml"):
        Workbook(tmp_path)
