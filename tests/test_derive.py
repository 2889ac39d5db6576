"""Derived columns: event tags and stories, the same whether tags are computed here or in a forked worker."""

import pytest
from conftest import FIXTURES

from iiwork import Workbook, derive

SAMPLE_FEEDS = sorted(str(p) for p in (FIXTURES.parents[1] / "data" / "sample" / "feeds").glob("*.xml"))
RESET = "UPDATE articles SET story_id = NULL, event_type = NULL, event_match = NULL"


def derived(wb) -> tuple[list, list]:
    articles = wb.workspace.rows("SELECT article_id, story_id, event_type, event_match FROM articles ORDER BY 1")
    stories = wb.workspace.rows("SELECT * FROM stories ORDER BY story_id")
    return articles, stories


@pytest.mark.skipif(not derive._can_fork(), reason="needs fork and two CPUs")
def test_tags_from_a_worker_process_equal_tags_made_here(tmp_path, monkeypatch):
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(company="Voltaic Storage", feeds=SAMPLE_FEEDS)  # derives in this process (few rows)
        here = derived(wb)
        with wb.workspace.transaction() as conn:
            conn.execute(RESET)
            conn.execute("DELETE FROM stories")
        assert not derive.is_current(wb.workspace)
        monkeypatch.setattr(derive, "PARALLEL_TAGGING", 1)
        touched = derive.bring_up_to_date(wb.workspace)
        assert derive.is_current(wb.workspace) and len(touched) == len(here[1])
        assert derived(wb) == here


def test_tag_untagged_tags_only_the_untagged(tmp_path):
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(company="Voltaic Storage", feeds=SAMPLE_FEEDS)
        with wb.workspace.transaction() as conn:
            conn.execute("UPDATE articles SET event_type = NULL, event_match = NULL WHERE article_id <= 10")
        assert derive.tag_untagged(wb.workspace) == 10 and derive.tag_untagged(wb.workspace) == 0
        assert derive.is_current(wb.workspace)
