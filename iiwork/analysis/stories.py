"""Stories: group articles that report the same story, from syndicated copies to other outlets' reports of one event."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer

from .subjects import (
    Subjects,
    article_subjects,
    conflict,
    merged_subjects,
    same_event,
    strip_dateline,
)
from .summarize import summarize_documents

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
OPENING_WORDS = 60


class Links(NamedTuple):
    """Pairs of rows said to report one story, the most hours a story they join may span, and whether the two
    stories must share a core subject (reports, not copies)."""

    rows: np.ndarray
    cols: np.ndarray
    span: float
    core: bool = False


@dataclass(frozen=True)
class StoryOptions:
    """Thresholds: copies share wording (shingle Jaccard or containment); same-event reports share terms in a window,
    or, reworded, share their subject and a figure or event type (`report_*`)."""

    window_hours: float = 72.0
    copy_window_hours: float = 168.0
    event_similarity: float = 0.5
    copy_jaccard: float = 0.5
    copy_containment: float = 0.8
    shingle: int = 5
    lsh_threshold: float = 0.5
    min_copy_words: int = 20
    report_window_hours: float = 96.0
    report_similarity: float = 0.2
    subject_similarity: float = 0.45
    story_span_hours: float = 48.0


def opening(title: object, body: object, *, words: int = OPENING_WORDS) -> str:
    """Title and the first `words` words of the body: what copies and reports of one event share."""
    head = "" if title is None or title is pd.NA else str(title)
    tail = "" if body is None or body is pd.NA else " ".join(str(body).split()[:words])
    return f"{head}\n{tail}".strip()


def story_texts(df: pd.DataFrame) -> pd.Series:
    """The opening text of each article: title plus the start of its text, else its summary."""
    body = df["text"].fillna(df["summary"]) if "text" in df else df.get("summary")
    body = body if body is not None else pd.Series([None] * len(df), index=df.index)
    return pd.Series([opening(t, b) for t, b in zip(df["title"], body)], index=df.index, dtype=object)


def term_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Word counts (stop words out) and the vocabulary; an empty corpus gives a 0-column matrix."""
    vectorizer = CountVectorizer(stop_words="english", lowercase=True, dtype=np.float32, min_df=1)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # every document empty or only stop words
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32), np.array([], dtype=object)
    return counts.tocsr(), vectorizer.get_feature_names_out()


def tfidf_rows(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """L2-normalised, sublinear TF-IDF rows for cosine similarity."""
    if counts.shape[1] == 0:
        return counts
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32).tocsr()


def event_pairs(
    vectors: sparse.csr_matrix, hours: np.ndarray, *, window: float, threshold: float, only: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) with cosine ≥ threshold published within `window` hours: blockwise, so cost grows with rows."""
    order = np.argsort(hours, kind="stable")
    block = np.floor((hours[order] - hours[order][0]) / window).astype(np.int64) if len(order) else order
    starts = np.searchsorted(block, np.arange(block.max() + 2)) if len(order) else np.array([0])
    rows, cols = [], []
    for b in range(len(starts) - 1):
        left = order[starts[b] : starts[b + 1]]
        if only is not None:
            left = left[only[left]]
        right = order[starts[b] : starts[min(b + 2, len(starts) - 1)]]
        if len(left) and len(right):
            i, j = _similar(vectors, left, right, threshold)
            keep = (np.abs(hours[i] - hours[j]) <= window) & (i != j)
            rows.append(i[keep])
            cols.append(j[keep])
    return (np.concatenate(rows), np.concatenate(cols)) if rows else (np.array([], int), np.array([], int))


def _similar(vectors, left: np.ndarray, right: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    product = (vectors[left] @ vectors[right].T).tocoo()
    hit = product.data >= threshold
    return left[product.row[hit]], right[product.col[hit]]


def copy_pairs(
    texts: Sequence[str], hours: np.ndarray, options: StoryOptions = StoryOptions()
) -> tuple[np.ndarray, np.ndarray]:
    """Syndicated copies: MinHash LSH over word shingles of the opening, each candidate verified exactly.

    Only rows with enough words take part, and the LSH index spans two copy windows at a time, so the work
    grows with the rows rather than with the whole history.
    """
    eligible = [i for i, text in enumerate(texts) if len(text.split()) >= options.min_copy_words]
    if len(eligible) < 2:
        return np.array([], dtype=int), np.array([], dtype=int)
    shingles = {i: _shingles(texts[i], options.shingle) for i in eligible}
    signatures = dict(zip(eligible, _signatures([shingles[i] for i in eligible])))
    order = sorted(eligible, key=lambda i: hours[i])
    blocks = [int((hours[i] - hours[order[0]]) // options.copy_window_hours) for i in order]
    rows, cols = [], []
    for b in sorted(set(blocks)):
        members = order[bisect.bisect_left(blocks, b - 1) : bisect.bisect_right(blocks, b)]
        current = set(order[bisect.bisect_left(blocks, b) : bisect.bisect_right(blocks, b)])
        if len(members) < 2:
            continue
        found = _lsh_pairs(members, current, shingles, signatures, options)
        rows += [i for i, _ in found]
        cols += [j for _, j in found]
    return np.array(rows, dtype=int), np.array(cols, dtype=int)


def _signatures(shingle_sets: list[set[str]]) -> list:
    """MinHash signatures of many shingle sets at once (datasketch's bulk path, the same values, ~3x faster)."""
    from datasketch import MinHash

    return MinHash.bulk([[s.encode() for s in shingles] for shingles in shingle_sets], num_perm=128)


def _lsh_pairs(
    members: list[int], current: set[int], shingles, signatures, options: StoryOptions
) -> list[tuple[int, int]]:
    """Verified copy pairs (i, j) with i in the current block and j before it in `members`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(num_perm=128, params=_lsh_bands(options.lsh_threshold))
    found = []
    for i in members:
        if i in current:
            found += [(i, j) for j in lsh.query(signatures[i]) if _is_copy(shingles[i], shingles[j], options)]
        lsh.insert(i, signatures[i])
    return found


@functools.cache
def _lsh_bands(threshold: float) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for the threshold: found by numerical integration, so once per process."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    return lsh.b, lsh.r


def _shingles(text: str, size: int) -> set[str]:
    words = _TOKEN.findall(text.lower())
    return {" ".join(words[k : k + size]) for k in range(max(0, len(words) - size + 1))}


def _is_copy(a: set[str], b: set[str], options: StoryOptions) -> bool:
    shared = len(a & b)
    if not shared:
        return False
    return shared / len(a | b) >= options.copy_jaccard or shared / min(len(a), len(b)) >= options.copy_containment


def exact_pairs(texts: Sequence[str], hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose titles normalise to the same words (the cheapest kind of copy), each linked to the previous one."""
    keys = pd.Series(
        [" ".join(w for w in _TOKEN.findall(t.split("\n", 1)[0].lower()) if w not in ENGLISH_STOP_WORDS) for t in texts]
    )
    frame = pd.DataFrame({"key": keys, "hours": hours})
    frame = frame[frame["key"].str.count(" ") >= 2].sort_values(["key", "hours"], kind="stable")
    same = frame["key"].to_numpy()[1:] == frame["key"].to_numpy()[:-1]
    index = frame.index.to_numpy()
    return np.asarray(index[1:][same], dtype=int), np.asarray(index[:-1][same], dtype=int)


def cluster(df: pd.DataFrame, options: StoryOptions = StoryOptions()) -> np.ndarray:
    """A story label (0..k-1) per row of an article frame with title, summary/text and published."""
    if df.empty:
        return np.array([], dtype=int)
    subjects = frame_subjects(df)
    pairs = story_pairs(df, np.ones(len(df), dtype=bool), options, subjects=subjects)
    return join_stories(len(df), pairs, subjects, hours=_dated_hours(df))


def frame_subjects(df: pd.DataFrame) -> list[Subjects]:
    """The subjects of each row: names in its title and opening, and its figures."""
    parts = [text.partition("\n") for text in story_texts(df)]
    return article_subjects([p[0] for p in parts], [p[2] for p in parts])


def story_pairs(df: pd.DataFrame, new: np.ndarray, options: StoryOptions, *, subjects: list[Subjects]) -> list[Links]:
    """Every pair that says two rows report one story, keeping only pairs that touch a `new` row, strongest kind
    first.

    Copies (same title, or shingles of the opening) count within `copy_window_hours`; reports of one event
    (TF-IDF cosine of title + opening, and of titles alone when rows have bodies) within `window_hours`; reworded
    reports of one event (`same_event`) within `report_window_hours`. A story of copies may span the copy window,
    one of reports `story_span_hours`.
    """
    texts = story_texts(df).tolist()
    hours, undated = _hours(df["published"]), _estimated(df)
    copies = [
        Links(
            *_within(_touching(found, new), hours, options.copy_window_hours, undated=undated),
            options.copy_window_hours,
        )
        for found in (exact_pairs(texts, _undated_hours(hours, undated)), copy_pairs(texts, hours, options))
    ]
    only = None if new.all() else new
    vectors = tfidf_rows(term_matrix(texts)[0])
    found = [event_pairs(vectors, hours, window=options.window_hours, threshold=options.event_similarity, only=only)]
    if any("\n" in text and not text.endswith("\n") for text in texts):
        titles = tfidf_rows(term_matrix(df["title"].fillna("").astype(str).tolist())[0])
        found.append(
            event_pairs(titles, hours, window=options.window_hours, threshold=options.event_similarity, only=only)
        )
    reports = event_pairs(
        vectors, hours, window=options.report_window_hours, threshold=options.report_similarity, only=only
    )
    candidates = _union(reports, subject_pairs(subjects, hours, window=options.report_window_hours, new=new))
    found.append(_same_events(candidates, _cosines(vectors, candidates), subjects, _event_types(df), options))
    return [*copies, *(Links(*pairs, options.story_span_hours, core=True) for pairs in found)]


def subject_pairs(
    subjects: list[Subjects], hours: np.ndarray, *, window: float, new: np.ndarray, crowd: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs within `window` hours whose titles name a subject key in common (keys named by more than `crowd`
    titles of one window say too little to pair on)."""
    rows: list[int] = []
    cols: list[int] = []
    for members in _key_members(subjects).values():
        members = members[np.argsort(hours[members], kind="stable")]
        block = np.floor((hours[members] - hours[members][0]) / window).astype(np.int64)
        for b in np.unique(block):
            group = members[(block == b) | (block == b + 1)]
            if 1 < len(group) <= crowd:
                _pairs_within(group, hours, window, new, rows, cols)
    return np.array(rows, dtype=int), np.array(cols, dtype=int)


def _key_members(subjects: list[Subjects]) -> dict[str, np.ndarray]:
    """The rows of each subject key and each rare word of a title ("recalls")."""
    index: dict[str, list[int]] = {}
    for i, found in enumerate(subjects):
        for key in found.title | found.title_rare:
            index.setdefault(key, []).append(i)
    return {key: np.array(rows) for key, rows in index.items() if len(rows) > 1}


def _pairs_within(
    group: np.ndarray, hours: np.ndarray, window: float, new: np.ndarray, rows: list[int], cols: list[int]
) -> None:
    for k, i in enumerate(group.tolist()):
        for j in group[k + 1 :].tolist():
            if hours[j] - hours[i] <= window and (new[i] or new[j]):
                rows.append(i)
                cols.append(j)


def _cosines(vectors: sparse.csr_matrix, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    if not len(pairs[0]):
        return np.array([], dtype=np.float32)
    return np.asarray(vectors[pairs[0]].multiply(vectors[pairs[1]]).sum(axis=1)).ravel()


def _event_types(df: pd.DataFrame) -> list[str | None]:
    if "event_type" not in df:
        return [None] * len(df)
    return [None if e is None or e is pd.NA or e == "other" else str(e) for e in df["event_type"]]


def _same_events(
    pairs: tuple[np.ndarray, np.ndarray],
    cosines: np.ndarray,
    subjects: list[Subjects],
    events: list[str | None],
    options: StoryOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs that `same_event` accepts."""
    keep = np.array(
        [
            same_event(
                subjects[i],
                subjects[j],
                alike=cosine >= options.subject_similarity,
                same_type=events[i] is not None and events[i] == events[j],
            )
            for i, j, cosine in zip(pairs[0].tolist(), pairs[1].tolist(), cosines.tolist())
        ],
        dtype=bool,
    )
    return (pairs[0][keep], pairs[1][keep]) if len(keep) else pairs


def _union(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct unordered pairs of both."""
    rows, cols = np.concatenate([a[0], b[0]]).astype(np.int64), np.concatenate([a[1], b[1]]).astype(np.int64)
    size = int(max(rows.max(initial=0), cols.max(initial=0))) + 1
    keys = np.unique(np.minimum(rows, cols) * size + np.maximum(rows, cols))
    return keys // size, keys % size


def join_stories(
    n: int,
    links: Sequence[Links],
    subjects: list[Subjects],
    *,
    hours: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> np.ndarray:
    """A story label per row: links join rows in order, unless the two stories' subjects conflict or the story
    would then span more than the link's hours (a chain of reports is not one event).

    `groups` (a label per row, NaN for none) joins rows first, unchecked: the stories already stored.
    """
    stories = _Stories(subjects, np.zeros(n) if hours is None else hours)
    if groups is not None:
        for members in pd.Series(np.arange(n)).groupby(groups).indices.values():
            for other in members[1:]:
                stories.join(int(members[0]), int(other), span=None)
    for rows, cols, span, core in links:
        for i, j in zip(rows.tolist(), cols.tolist()):
            stories.join(i, j, span=span, core=core)
    return pd.factorize(np.array([stories.root(i) for i in range(n)]), sort=True)[0]


class _Stories:
    """Union-find over rows, each story holding the union of its members' subjects, its first and last hour, and
    how many of its members' titles name each subject key."""

    def __init__(self, subjects: list[Subjects], hours: np.ndarray) -> None:
        self.parent = list(range(len(subjects)))
        self.subjects = list(subjects)
        finite = np.where(np.isfinite(hours), hours, np.nan)
        self.first, self.last = finite.tolist(), finite.tolist()
        self.size = [1] * len(subjects)
        self.keys: list[Counter] = [Counter(found.title) for found in subjects]
        self.named: list[Counter] = [Counter(found.named) for found in subjects]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def core(self, a: int, *, opening: bool = False) -> set[str]:
        """The subject keys a third or more of a story's titles name (or titles and openings): its subject."""
        counts = self.named[a] if opening else self.keys[a]
        return {key for key, count in counts.items() if 3 * count >= self.size[a]}

    def join(self, i: int, j: int, *, span: float | None, core: bool = False) -> bool:
        """Join the stories of rows i and j; with a `span`, only if they do not conflict and fit in it, and with
        `core`, only if their cores share a subject (a chain of neighbouring stories is not one story)."""
        a, b = self.root(i), self.root(j)
        if a == b:
            return True
        first, last = _nan_min(self.first[a], self.first[b]), _nan_max(self.last[a], self.last[b])
        if span is not None and (last - first > span or conflict(self.subjects[a], self.subjects[b])):
            return False
        if core and not self._cores_meet(a, b):
            return False
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        self.subjects[a] = merged_subjects(self.subjects[a], self.subjects[b])
        self.first[a], self.last[a] = first, last
        self.size[a] += self.size[b]
        self.keys[a].update(self.keys[b])
        self.named[a].update(self.named[b])
        return True

    def _cores_meet(self, a: int, b: int) -> bool:
        """Each story's subject is among what the other mostly names (either story may have no subject)."""
        left, right = self.core(a), self.core(b)
        if not left or not right:
            return True
        return bool(left & self.core(b, opening=True)) or bool(right & self.core(a, opening=True))


def _nan_min(a: float, b: float) -> float:
    return b if a != a else a if b != b else min(a, b)


def _nan_max(a: float, b: float) -> float:
    return b if a != a else a if b != b else max(a, b)


def _within(
    pairs: tuple[np.ndarray, np.ndarray], hours: np.ndarray, window: float, *, undated: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs published within `window` hours, or with a row whose date is only an estimate."""
    if not len(pairs[0]):
        return pairs
    keep = (np.abs(hours[pairs[0]] - hours[pairs[1]]) <= window) | undated[pairs[0]] | undated[pairs[1]]
    return pairs[0][keep], pairs[1][keep]


def _dated_hours(df: pd.DataFrame) -> np.ndarray:
    """Each row's hour, NaN where the date is only an estimate (it bounds no story's span)."""
    return np.where(_estimated(df), np.nan, _hours(df["published"]))


def _estimated(df: pd.DataFrame) -> np.ndarray:
    if "date_estimated" not in df:
        return np.zeros(len(df), dtype=bool)
    return df["date_estimated"].to_numpy(dtype=bool, na_value=False)


def _undated_hours(hours: np.ndarray, undated: np.ndarray) -> np.ndarray:
    """Hours that sort an undated row before every dated one, so that same-title pairs link it to a dated copy."""
    return np.where(undated, -np.inf, hours) if undated.any() else hours


def _hours(published: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(published, utc=True)
    return (stamps.astype("int64") // 10**6).to_numpy(dtype=np.float64) / 3.6e3 if len(stamps) else np.array([])


def assign(frame: pd.DataFrame, new: np.ndarray, options: StoryOptions = StoryOptions()) -> np.ndarray:
    """Story ids for the rows of `frame` flagged in `new`; the others keep their `story_id` (new ids are negative).

    Only pairs touching a new row are computed, so adding articles does not recompute the workspace.
    Stories that a new article joins together are merged into the smallest id, unless their subjects conflict.
    """
    subjects = frame_subjects(frame)
    existing = frame["story_id"].to_numpy(dtype="float64", na_value=np.nan)
    pairs = story_pairs(frame, new, options, subjects=subjects)
    labels = join_stories(len(frame), pairs, subjects, hours=_dated_hours(frame), groups=existing)
    return _story_ids(labels, existing)


def _touching(pairs: tuple[np.ndarray, np.ndarray], new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = new[pairs[0]] | new[pairs[1]] if len(pairs[0]) else np.array([], bool)
    return pairs[0][keep], pairs[1][keep]


def _story_ids(labels: np.ndarray, existing: np.ndarray) -> np.ndarray:
    """Each component takes the smallest existing story id in it, else a fresh negative id."""
    known = pd.Series(existing).groupby(labels).min()
    ids = known.reindex(np.arange(labels.max() + 1 if len(labels) else 0))
    fresh = ids.isna()
    ids[fresh] = -np.arange(1, int(fresh.sum()) + 1)
    return ids.to_numpy()[labels].astype(np.int64)


def story_records(articles: pd.DataFrame, *, top: int = 5) -> pd.DataFrame:
    """One row per story_id of an article frame (title, summary, text, published, publisher, story_id, event_type):
    the columns of the stories table.

    Vectorised over all stories at once (the per-story `record` is the reference it agrees with): one term matrix
    over every title (and text), per-story sums through a sparse story x row indicator, each title's centrality
    against its story's TF-IDF centroid (IDF within its story, as `representative_title`), the top terms of each
    story from its summed counts; only stories with body text are summarised.
    """
    from ..tables import STORIES, frame

    df = articles[articles["story_id"].notna()]
    if df.empty:
        return frame([], STORIES)
    codes, ids = pd.factorize(df["story_id"].astype("int64"), sort=True)
    order = np.argsort(codes, kind="stable")  # stories in id order, each story's rows in frame order
    df, codes = df.iloc[order].reset_index(drop=True), codes[order]
    sizes = np.bincount(codes, minlength=len(ids))
    titles = df["title"].astype(str).tolist()
    body = df["text"].fillna(df["summary"]) if "text" in df else df["summary"]
    has_body = body.notna().to_numpy()
    texts = [strip_dateline(str(b)) for b in body[has_body]]
    counts, vocabulary = term_matrix(titles + texts)
    doc_codes = np.concatenate([codes, codes[has_body]])
    grouped = df.groupby(codes, sort=True)
    out = pd.DataFrame(
        {
            "story_id": ids.astype("int64"),
            "headline": _central_titles(counts[: len(titles)], codes, sizes, titles),
            **_seen(df["published"], _estimated(df), codes, len(ids)),
            "articles": sizes,
            "outlets": grouped["publisher"].nunique().to_numpy(),
            "summary": _summaries(codes, has_body, texts, len(ids)),
            "top_terms": _top_terms(counts, doc_codes, len(ids), vocabulary, top),
            "event_type": _main_events(df.get("event_type"), codes, len(ids)),
        }
    )
    return frame(out, STORIES)


def _seen(published: pd.Series, undated: np.ndarray, codes: np.ndarray, stories: int) -> dict[str, object]:
    """First and last seen from the articles with real dates (the estimates only when a story has no other), and
    whether every date of the story is an estimate."""
    all_undated = np.bincount(codes, weights=~undated, minlength=stories) == 0
    use = ~undated | all_undated[codes]
    grouped = published[use].groupby(codes[use])
    return {
        "first_seen": grouped.min().to_numpy(),
        "last_seen": grouped.max().to_numpy(),
        "date_estimated": all_undated,
    }


def _central_titles(counts: sparse.csr_matrix, codes: np.ndarray, sizes: np.ndarray, titles: list[str]) -> list[str]:
    """Each story's most central title: sublinear TF-IDF with IDF within the story, cosine summed over the story's
    titles (= the dot product with the sum of its vectors); the first title on ties, and of stories of 1-2 rows."""
    coo = counts.tocoo()
    rows, terms = coo.row.astype(np.int64), coo.col.astype(np.int64)
    story = codes[rows]
    key = story * max(counts.shape[1], 1) + terms
    _, where, df = np.unique(key, return_inverse=True, return_counts=True)
    n = sizes[story].astype(np.float64)
    weights = (1.0 + np.log(coo.data.astype(np.float64))) * (np.log((1.0 + n) / (1.0 + df[where])) + 1.0)
    norms = np.sqrt(np.bincount(rows, weights=weights**2, minlength=len(codes)))
    weights /= norms[rows]
    centroid = np.bincount(where, weights=weights)  # per (story, term): the summed vector of the story
    centrality = np.round(np.bincount(rows, weights=weights * centroid[where], minlength=len(codes)), 9)
    centrality[sizes[codes] <= 2] = 0.0  # one or two titles: the first
    position = np.arange(len(codes))
    best = np.lexsort((position, -centrality, codes))
    first = best[np.r_[True, codes[best][1:] != codes[best][:-1]]]
    return [titles[i] for i in first]


def _top_terms(counts: sparse.csr_matrix, codes: np.ndarray, stories: int, vocabulary: np.ndarray, top: int) -> list:
    """The `top` most frequent words of each story (summed counts; ties alphabetical), digits left out after."""
    if counts.shape[1] == 0:
        return [""] * stories
    indicator = sparse.csr_matrix(
        (np.ones(len(codes), np.float32), (codes, np.arange(len(codes)))), shape=(stories, len(codes))
    )
    summed = (indicator @ counts).tocoo()
    order = np.lexsort((summed.col, -summed.data, summed.row))
    row, col = summed.row[order], summed.col[order]
    starts = np.searchsorted(row, np.arange(stories + 1))
    rank = np.arange(len(row)) - starts[row]
    digit = np.array([term.isdigit() for term in vocabulary], dtype=bool)
    keep = (rank < top) & ~digit[col]
    row, words = row[keep], vocabulary[col[keep]].astype(object)
    bounds = np.searchsorted(row, np.arange(stories + 1))
    return [", ".join(words[bounds[s] : bounds[s + 1]]) for s in range(stories)]


SUMMARY_ARTICLES = 40  # a story's summary is drawn from (at most) this many of its articles' texts


def _summaries(codes: np.ndarray, has_body: np.ndarray, texts: list[str], stories: int) -> list[str | None]:
    """A summary per story that has body text (drawn from all its articles' texts), else None."""
    out: list[str | None] = [None] * stories
    with_text = codes[has_body]
    bounds = np.searchsorted(with_text, np.arange(stories + 1))
    for s in np.unique(with_text):
        chosen = texts[bounds[s] : bounds[s + 1]][:SUMMARY_ARTICLES]
        out[s] = "\n".join(summarize_documents(chosen, sentences=3))
    return out


def _main_events(events: pd.Series | None, codes: np.ndarray, stories: int) -> np.ndarray:
    """The most frequent event type of each story other than 'other' (alphabetical on ties), else 'other'."""
    out = np.full(stories, "other", dtype=object)
    if events is None:
        return out
    tagged = pd.DataFrame({"story": codes, "event": events.to_numpy(dtype=object, na_value=None)})
    tagged = tagged[tagged["event"].notna() & (tagged["event"] != "other")]
    if tagged.empty:
        return out
    tally = tagged.groupby(["story", "event"]).size().rename("n").reset_index()
    tally = tally.sort_values(["story", "n", "event"], ascending=[True, False, True], kind="stable")
    first = tally.drop_duplicates("story")
    out[first["story"].to_numpy()] = first["event"].to_numpy()
    return out


def record(group: pd.DataFrame) -> dict:
    """The per-story reference of `story_records` (slow: three vectorizers per story). One story's row: representative headline, dates, counts, a summary that repeats no sentence, terms, event."""
    texts = [strip_dateline(str(b)) for b in group["text"].fillna(group["summary"]).dropna()]
    events = group["event_type"].dropna()
    events = events[events != "other"]
    return {
        "story_id": int(group["story_id"].iloc[0]),
        "headline": representative_title(group["title"].astype(str).tolist()),
        **_group_seen(group),
        "articles": len(group),
        "outlets": int(group["publisher"].nunique()),
        "summary": "\n".join(summarize_documents(texts, sentences=3)) if texts else None,
        "top_terms": ", ".join(top_terms(group["title"].astype(str).tolist() + texts)),
        "event_type": events.mode().iloc[0] if len(events) else "other",
    }


def _group_seen(group: pd.DataFrame) -> dict[str, object]:
    undated = _estimated(group)
    dated = group["published"][~undated] if not undated.all() else group["published"]
    return {"first_seen": dated.min(), "last_seen": dated.max(), "date_estimated": bool(undated.all())}


def representative_title(titles: list[str]) -> str:
    """The title closest to all the others (TF-IDF centroid); the first on ties (to 1e-9, so that rounding noise
    does not break a tie between titles as central as each other)."""
    if len(titles) <= 2:
        return titles[0]
    counts = term_matrix(titles)[0]
    if counts.shape[1] == 0:
        return titles[0]
    vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float64))
    centrality = np.round(np.asarray((vectors @ vectors.T).sum(axis=1)).ravel(), 9)
    return titles[int(np.argmax(centrality))]


def top_terms(texts: list[str], *, top: int = 5) -> list[str]:
    """The story's most weighty words (summed TF-IDF over its articles)."""
    counts, vocabulary = term_matrix(texts)
    if counts.shape[1] == 0:
        return []
    weights = np.asarray(counts.sum(axis=0)).ravel()
    order = np.argsort(-weights, kind="stable")[:top]
    return [str(vocabulary[i]) for i in order if not vocabulary[i].isdigit()]
