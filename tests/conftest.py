"""Shared fixtures: a real HTTP server on 127.0.0.1, fixture documents, a fresh workbook and the corpus."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from server import FixtureServer, Reply

from iiwork import Workbook

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def server():
    with FixtureServer() as running:
        yield running


@pytest.fixture
def serve(server):
    """serve(path, fixture_name_or_bytes, **reply options) -> URL."""

    def add(path: str, body: str | bytes, **options) -> str:
        content = fixture_bytes(body) if isinstance(body, str) else body
        return server.route(path, Reply(content, **options))

    return add


@pytest.fixture
def workbook(tmp_path):
    wb = Workbook(tmp_path / "ws", timeout=(2.0, 1.0), retries=2, backoff=0.01, max_bytes=200_000, workers=8)
    yield wb
    wb.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here (a fresh clone): corpus tests skipped")
    return CORPUS


TRACKER_TABLES = ("contacts", "interviews", "interview_status", "referrals", "followups", "interview_questions")


@pytest.fixture
def wb(tmp_path, monkeypatch):
    """A fresh workbook for tracker tests, in a process whose local time is UTC (dates without a zone are local)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with Workbook(tmp_path / "ws") as workbook:
        yield workbook
    monkeypatch.undo()
    time.tzset()


def snapshot(wb) -> dict[str, list]:
    """Every row of the tracker tables, to show that a rejected write changed nothing."""
    return {name: wb.workspace.conn.execute(f"SELECT * FROM {name}").fetchall() for name in TRACKER_TABLES}
