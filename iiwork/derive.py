"""Derived columns, brought up to date in one step after every gather or import: event tags, then stories."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .tables import STORIES
from .times import iso
from .workspace import Workspace

if TYPE_CHECKING:
    from .analysis.stories import StoryOptions

ARTICLE_COLUMNS = {
    "article_id": "Int64",
    "title": "string",
    "summary": "string",
    "text": "string",
    "published": "datetime64[us, UTC]",
    "publisher": "string",
    "story_id": "Int64",
    "event_type": "string",
    "date_estimated": "boolean",
}
_READ = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
PENDING = "SELECT EXISTS (SELECT 1 FROM articles WHERE event_type IS NULL OR story_id IS NULL)"


def is_current(workspace: Workspace) -> bool:
    """True when every article has its event tag and its story (a cheap check on an index)."""
    return not workspace.rows(PENDING)[0][0]


PARALLEL_TAGGING = 20_000  # from this many untagged articles, tags are computed in a second process


def bring_up_to_date(workspace: Workspace, options: StoryOptions | None = None) -> list[int]:
    """Link new articles to the companies they name, tag the articles without an event tag and group those
    without a story; returns the story ids touched.

    The analysis (scikit-learn, datasketch) is imported only when something is pending. With many articles to tag
    and more than one CPU, the tags are computed in a forked worker process while this one groups the stories;
    the tags are stored before the stories rows (which count event types) are written.
    """
    link_new_mentions(workspace)
    untagged = _untagged(workspace)
    if len(untagged) < PARALLEL_TAGGING or not _can_fork():
        _store_tags(workspace, untagged, _tags(untagged["title"].tolist(), untagged["summary"].tolist()))
        return group_ungrouped(workspace, options)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        tagging = pool.submit(_tags, untagged["title"].tolist(), untagged["summary"].tolist())
        touched = _group(workspace, options)
        try:
            tags = tagging.result()
        except Exception:  # a broken worker: tag here instead
            tags = _tags(untagged["title"].tolist(), untagged["summary"].tolist())
    _store_tags(workspace, untagged, tags)
    write_story_rows(workspace, touched)
    return touched


def link_new_mentions(workspace: Workspace) -> int:
    """Link the articles not yet grouped to every followed company their title or opening names."""
    from .companies import link_mentions

    new = [row[0] for row in workspace.rows("SELECT article_id FROM articles WHERE story_id IS NULL")]
    return link_mentions(workspace, article_ids=new) if new else 0


def tag_untagged(workspace: Workspace) -> int:
    """Give every article without an event tag its tag (and the phrase that matched); returns how many."""
    untagged = _untagged(workspace)
    _store_tags(workspace, untagged, _tags(untagged["title"].tolist(), untagged["summary"].tolist()))
    return len(untagged)


def _untagged(workspace: Workspace) -> pd.DataFrame:
    return workspace.read(
        "SELECT article_id, title, summary FROM articles WHERE event_type IS NULL",
        dtypes={"article_id": "Int64", "title": "string", "summary": "string"},
    )


def _tags(titles: list, summaries: list) -> tuple[list[str], list[str | None]]:
    """Event type and matched phrase per article (a plain function of lists: it may run in a worker process)."""
    from .analysis.events import tag_events

    tags = tag_events(pd.DataFrame({"title": titles, "summary": summaries}, dtype=object))
    matches = [None if m is None or m != m else str(m) for m in tags["event_match"].tolist()]
    return tags["event_type"].astype(str).tolist(), matches


def _store_tags(workspace: Workspace, rows: pd.DataFrame, tags: tuple[list[str], list[str | None]]) -> None:
    if rows.empty:
        return
    values = zip(*tags, rows["article_id"].astype(int).tolist())
    with workspace.transaction() as conn:
        conn.executemany("UPDATE articles SET event_type = ?, event_match = ? WHERE article_id = ?", values)


def _can_fork() -> bool:
    """Fork only a process with one thread (a notebook's kernel has several: forking it can deadlock)."""
    import multiprocessing
    import threading

    alone = threading.active_count() == 1
    return alone and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def group_ungrouped(workspace: Workspace, options: StoryOptions | None = None) -> list[int]:
    """Give every article without a story one (joining or merging existing stories); returns the story ids touched."""
    touched = _group(workspace, options)
    write_story_rows(workspace, touched)
    return touched


def _group(workspace: Workspace, options: StoryOptions | None) -> list[int]:
    """group_ungrouped without the stories rows: story ids stored on the articles; returns the ids touched."""
    from .analysis.stories import StoryOptions, assign

    options = options or StoryOptions()
    new = workspace.read(f"{_READ} WHERE story_id IS NULL", dtypes=ARTICLE_COLUMNS)
    if new.empty:
        return []
    window = pd.Timedelta(hours=max(options.window_hours, options.copy_window_hours))
    lo, hi = iso(new.published.min() - window), iso(new.published.max() + window)
    context = workspace.read(
        f"{_READ} WHERE story_id IS NOT NULL AND (published BETWEEN ? AND ? OR lower(title) IN "
        "(SELECT value FROM json_each(?)))",
        (lo, hi, json.dumps(_undated_titles(workspace))),
        dtypes=ARTICLE_COLUMNS,
    )
    frame = pd.concat([context, new], ignore_index=True)
    ids = _number_fresh(workspace, assign(frame, frame.story_id.isna().to_numpy(), options))
    changed = frame.story_id.isna().to_numpy() | (frame.story_id.fillna(-1).to_numpy() != ids)
    merged = set(frame.story_id[changed].dropna().astype(int)) - set(ids.tolist())
    touched = sorted(set(ids[changed].tolist()))
    with workspace.transaction() as conn:
        conn.executemany(
            "UPDATE articles SET story_id = ? WHERE article_id = ?",
            zip(ids[changed].tolist(), frame.article_id[changed].astype(int).tolist()),
        )
        conn.executemany("UPDATE articles SET story_id = ? WHERE story_id = ?", _merge_map(frame, ids, merged))
        conn.executemany("DELETE FROM stories WHERE story_id = ?", [(i,) for i in merged])
    return touched


def _undated_titles(workspace: Workspace) -> list[str]:
    """The titles (lowercase) of new articles whose date is an estimate: their copies may be from any time."""
    rows = workspace.rows("SELECT DISTINCT lower(title) FROM articles WHERE story_id IS NULL AND date_estimated = 1")
    return [row[0] for row in rows if row[0]]


def _number_fresh(workspace: Workspace, ids: np.ndarray) -> np.ndarray:
    top = workspace.rows(
        "SELECT max(coalesce((SELECT max(story_id) FROM stories), 0), "
        "coalesce((SELECT max(story_id) FROM articles), 0))"
    )[0][0]
    fresh = ids < 0
    ids = ids.copy()
    ids[fresh] = top - ids[fresh]  # -1 -> top + 1, -2 -> top + 2, ...
    return ids


def _merge_map(frame: pd.DataFrame, ids: np.ndarray, merged: set[int]) -> list[tuple[int, int]]:
    old = frame.story_id.to_numpy(dtype="float64", na_value=np.nan)
    return sorted({(int(new), int(o)) for o, new in zip(old, ids) if o == o and int(o) in merged})


def write_story_rows(workspace: Workspace, story_ids: Sequence[int]) -> None:
    """Recompute the stories rows of the given ids from their articles (one query, one vectorised pass)."""
    from .analysis.stories import story_records

    if not len(story_ids):
        return
    sql = f"{_READ} WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY story_id, article_id"
    ids = json.dumps([int(i) for i in story_ids])
    records = story_records(workspace.read(sql, (ids,), dtypes=ARTICLE_COLUMNS))
    columns = []
    for name in STORIES:
        column = records[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):  # the stored form of `iso`: UTC, microseconds
            column = column.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        column = column.astype(object)
        columns.append(column.where(column.notna(), None).tolist())
    with workspace.transaction() as conn:
        conn.executemany(
            f"INSERT OR REPLACE INTO stories ({', '.join(STORIES)}) VALUES ({', '.join('?' * len(STORIES))})",
            zip(*columns),
        )
