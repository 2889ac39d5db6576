"""The demo search: a few fictional records, added only to a workspace that has no contacts."""

from datetime import UTC, datetime

from iiwork import Workbook
from iiwork.demo.demo_search import seed_search


def test_seed_search_fills_only_an_empty_workspace(tmp_path):
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    with Workbook(tmp_path / "ws") as wb:
        ids = seed_search(wb.workspace, now=now)
        assert list(ids) == ["Priya Raman", "Tomás Ferreira", "Amara Okafor", "Lena Marsh"]
        assert wb.interviews()["status"].tolist() == ["held", "requested", "scheduled", "identified"]
        assert sorted(wb.followups()["kind"]) == [
            "referral check-in",
            "request reminder",
            "thank-you",
            "try another contact",
        ]
        before = wb.export("contacts", tmp_path / "before.csv")
        assert seed_search(wb.workspace, now=now) == {} and len(wb.contacts()) == before == 4
