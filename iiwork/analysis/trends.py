"""Trends over time: counts per period, share of voice, emerging terms and Kleinberg bursts, as tidy DataFrames."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import InvalidInput
from .stopwords import ENGLISH_STOP_WORDS

FREQS = {"D": "D", "W": "W-SUN", "M": "M"}
MIN_ARTICLES = 5  # a share (of voice, of articles) over fewer articles than this is left as a gap
# Words of news furniture that trend lines would otherwise show; months, weekday abbreviations, numbers and fillers
# are in terms.FURNITURE_WORDS, which the trend tables use too (it has no full weekday names: "Tuesday" rose).
TREND_FILLER = frozenset(
    [
        "click",
        "read",
        "watch",
        "live",
        "video",
        "photos",
        "updates",
        "update",
        "says",
        "said",
        "new",
        "news",
        "week",
        "today",
        "year",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


def period_start(published: pd.Series, freq: str = "W") -> pd.Series:
    """The UTC start of each row's day, week (Monday) or month."""
    if freq not in FREQS:
        raise InvalidInput(f"freq: expected one of {', '.join(FREQS)}, got {freq!r}")
    naive = pd.to_datetime(published, utc=True).dt.tz_convert(None)
    return naive.dt.to_period(FREQS[freq]).dt.start_time.dt.tz_localize("UTC").rename("period")


def volume(df: pd.DataFrame, *, by: str = "company", freq: str = "W") -> pd.DataFrame:
    """Articles (and distinct stories, when known) per period and per value of `by`."""
    frame = pd.DataFrame({"period": period_start(df["published"], freq), by: df[by].fillna("(none)")})
    frame["story_id"] = df.get("story_id", pd.NA)
    grouped = frame.groupby(["period", by], observed=True)
    out = grouped.size().rename("articles").to_frame()
    out["stories"] = grouped["story_id"].nunique()
    return out.reset_index().sort_values(["period", "articles"], ascending=[True, False], ignore_index=True)


def mentions(df: pd.DataFrame, companies: Mapping[str, Sequence[str]] | Sequence[str]) -> pd.DataFrame:
    """Boolean columns, one per company: does the title or summary name it (or an alias)?"""
    names = companies if isinstance(companies, Mapping) else {name: [] for name in companies}
    text = (df["title"].fillna("") + " " + df.get("summary", pd.Series("", index=df.index)).fillna("")).astype(str)
    found = {}
    for company, aliases in names.items():
        pattern = r"\b(?:" + "|".join(re.escape(n) for n in [company, *aliases]) + r")\b"
        found[company] = text.str.contains(pattern, case=False, regex=True)
    return pd.DataFrame(found, index=df.index)


def period_grid(periods: pd.Series | pd.Index, freq: str = "W") -> pd.DatetimeIndex:
    """Every period start (UTC) from the first to the last of `periods`, the empty periods in between included."""
    if not len(periods):
        return pd.DatetimeIndex([], tz="UTC", name="period")
    naive = pd.DatetimeIndex(periods).tz_convert(None)
    span = pd.period_range(naive.min(), naive.max(), freq=FREQS[freq])
    return span.start_time.tz_localize("UTC").rename("period")


def share_of_voice(
    df: pd.DataFrame,
    companies: Mapping[str, Sequence[str]] | Sequence[str],
    *,
    freq: str = "W",
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Per period, every one from the first to the last: each company's mentions, the articles naming any of the
    companies, and each company's share of the mentions; NaN (a gap, not a zero) below `min_articles` articles."""
    if not len(companies):
        raise InvalidInput("share of voice needs at least one company")
    if min_articles < 1:
        raise InvalidInput(f"min_articles: expected 1 or more, got {min_articles}")
    flags = mentions(df, companies)
    periods = period_start(df["published"], freq)
    grid = period_grid(periods, freq)
    counts = flags.groupby(periods).sum().reindex(grid, fill_value=0)
    naming = flags.any(axis=1).groupby(periods).sum().reindex(grid, fill_value=0)
    table = counts.rename_axis("period").reset_index().melt("period", var_name="company", value_name="mentions")
    table["articles"] = table["period"].map(naming).astype(int)
    totals = table.groupby("period")["mentions"].transform("sum")
    enough = (table["articles"] >= min_articles) & (totals > 0)
    table["share"] = (table["mentions"] / totals).where(enough)
    return table.sort_values(["period", "company"], ignore_index=True)


@dataclass
class TermCounts:
    """Documents per period containing each term: a sparse periods × terms matrix."""

    periods: pd.DatetimeIndex
    terms: np.ndarray
    counts: sparse.csr_matrix
    docs: np.ndarray = field(default_factory=lambda: np.array([]))
    freq: str = "W"
    documents: sparse.csr_matrix | None = None  # articles × terms: which article holds which term


def term_counts(
    df: pd.DataFrame,
    *,
    freq: str = "W",
    min_count: int = 5,
    exclude: Sequence[str] = (),
    boilerplate: bool = False,
) -> TermCounts:
    """Count, per period, the documents whose title (and summary) contain each word or two-word phrase.

    Terms are kept when at least `min_count` documents hold them, in alphabetical order (as scikit-learn's
    CountVectorizer(binary=True, min_df=min_count) would give, without its import or its per-document checks).
    Each row's language (`lang`) adds that language's commonest words to the stop words; with `boilerplate`,
    what most items of one source repeat ("View Full Coverage on Google News") is cut first (`source_boilerplate`).
    """
    from .terms import language_stop_words, source_boilerplate

    periods = period_start(df["published"], freq)
    texts = (df["title"].fillna("") + "\n" + df.get("summary", pd.Series("", index=df.index)).fillna("")).tolist()
    if boilerplate:
        texts = source_boilerplate(texts, _sources(df))
    index = pd.DatetimeIndex(sorted(periods.unique()))
    stop = _stop_words(exclude)
    langs = df["lang"].tolist() if "lang" in df else [None] * len(df)
    analysers = {lang: phrase_analyzer(stop | language_stop_words(lang)) for lang in set(map(_lang_key, langs))}
    vocabulary: dict[str, int] = {}
    add = vocabulary.setdefault
    columns: list[int] = []
    lengths = np.empty(len(texts), dtype=np.int64)
    for k, (text, lang) in enumerate(zip(texts, langs)):
        found = [add(term, len(vocabulary)) for term in set(analysers[_lang_key(lang)](text))]
        columns += found
        lengths[k] = len(found)
    cols = np.asarray(columns, dtype=np.int64)
    docs_per_term = np.bincount(cols, minlength=len(vocabulary))
    kept = sorted(term for term, i in vocabulary.items() if docs_per_term[i] >= min_count)
    if not kept:  # no term reaches min_count
        empty = sparse.csr_matrix((len(index), 0))
        return TermCounts(index, np.array([], dtype=object), empty, _docs(periods, index), freq)
    remap = np.full(len(vocabulary), -1, dtype=np.int64)
    remap[[vocabulary[term] for term in kept]] = np.arange(len(kept))
    rows = np.repeat(index.get_indexer(periods), lengths)
    cols = remap[cols]
    keep = cols >= 0
    ones = np.ones(int(keep.sum()), np.int32)
    counts = sparse.coo_matrix((ones, (rows[keep], cols[keep])), shape=(len(index), len(kept))).tocsr()
    articles = np.repeat(np.arange(len(texts)), lengths)[keep]
    documents = sparse.coo_matrix((ones, (articles, cols[keep])), shape=(len(texts), len(kept))).tocsr()
    return TermCounts(index, np.array(kept, dtype=object), counts, _docs(periods, index), freq, documents)


_PIECES = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|[^\w\s'’-]+|\d[\w.,]*")


def phrase_analyzer(stop: set[str]):
    """Words and two-word phrases that stand next to each other in the text: a stop word, number or punctuation
    mark between two words breaks the phrase (so '$94 million revenue' gives no 'million revenue')."""

    def analyse(text: str) -> list[str]:
        terms, previous = [], None
        for piece in _PIECES.findall(text.lower()):
            if not piece[0].isalpha() or piece in stop or len(piece) < 2:
                previous = None
                continue
            terms.append(piece)
            if previous:
                terms.append(f"{previous} {piece}")
            previous = piece
        return terms

    return analyse


def _sources(df: pd.DataFrame) -> list[object]:
    """Each row's source (its feed, else its publisher), whose repeated furniture is cut before counting."""
    source = df["source_url"] if "source_url" in df else pd.Series(pd.NA, index=df.index, dtype=object)
    if "publisher" in df:
        source = source.fillna(df["publisher"])
    return source.tolist()


def _lang_key(lang: object) -> str:
    return lang.strip().lower().split("-")[0] if isinstance(lang, str) and lang.strip() else "en"


def _docs(periods: pd.Series, index: pd.DatetimeIndex) -> np.ndarray:
    return periods.value_counts().reindex(index, fill_value=0).to_numpy()


def _stop_words(exclude: Sequence[str]) -> set[str]:
    extra = {word.lower() for phrase in exclude for word in re.findall(r"\w+", phrase)}
    from .terms import FURNITURE_WORDS

    return set(ENGLISH_STOP_WORDS) | TREND_FILLER | FURNITURE_WORDS | extra


def emerging_terms(
    counts: TermCounts, *, baseline: int = 4, min_count: int = 5, top: int = 10, min_ratio: float = 1.0
) -> pd.DataFrame:
    """Terms whose share of documents this period beats their trailing `baseline`-period share.

    log_ratio = log2 of the smoothed share ratio; z = the binomial z-score of the count against the baseline share.
    Only terms with `min_count` documents in a period can emerge in it, so only those columns are read (sparse).
    """
    columns = ["period", "term", "count", "share", "baseline_share", "log_ratio", "z"]
    if counts.counts.shape[1] == 0 or len(counts.periods) <= 1:
        return pd.DataFrame(columns=columns)
    matrix, docs = counts.counts.tocsr(), counts.docs.astype(np.float64)
    rows = []
    for p in range(min(2, baseline), len(counts.periods)):
        row = matrix.getrow(p)
        cols = np.sort(row.indices[row.data >= min_count])
        if not len(cols):
            continue
        start = max(0, p - baseline)
        base = np.asarray(matrix[start:p][:, cols].sum(axis=0), dtype=np.float64).ravel()
        now = np.asarray(row[:, cols].toarray(), dtype=np.float64).ravel()
        sub = TermCounts(counts.periods, counts.terms[cols], counts.counts, counts.docs)
        rows.append(_rank_period(sub, p, now, docs[p], base, docs[start:p].sum(), min_count, top, min_ratio))
    found = [r for r in rows if not r.empty]
    return pd.concat(found, ignore_index=True)[columns] if found else pd.DataFrame(columns=columns)


def _rank_period(counts, p, now, docs, base, base_docs, min_count, top, min_ratio) -> pd.DataFrame:
    if docs == 0 or base_docs == 0:
        return pd.DataFrame()
    share, base_share = (now + 0.5) / (docs + 1), (base + 0.5) / (base_docs + 1)
    ratio = np.log2(share / base_share)
    z = (now - docs * base_share) / np.sqrt(docs * base_share * (1 - base_share))
    keep = np.flatnonzero((now >= min_count) & (ratio >= min_ratio) & (z >= 2))
    keep = keep[np.argsort(-ratio[keep] * np.sqrt(now[keep]), kind="stable")][: top * 4]
    keep = _drop_nested(counts.terms, _prefer_phrases(counts.terms, keep, now))[:top]
    return pd.DataFrame(
        {
            "period": counts.periods[p],
            "term": counts.terms[keep],
            "count": now[keep].astype(int),
            "share": now[keep] / docs,
            "baseline_share": base[keep] / base_docs,
            "log_ratio": ratio[keep],
            "z": z[keep],
        }
    )


def _prefer_phrases(terms: np.ndarray, ranked: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Drop a word when a candidate phrase holding it explains most of its uses ('hong' -> 'hong kong')."""
    phrases = [(set(str(terms[i]).split()), now[i]) for i in ranked if " " in str(terms[i])]
    explained = {
        i
        for i in ranked
        if " " not in str(terms[i])
        and any(str(terms[i]) in words and count >= 0.8 * now[i] for words, count in phrases)
    }
    return np.array([i for i in ranked if i not in explained], dtype=int)


def _drop_nested(terms: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """Keep a phrase or its words, not both: the better-ranked one wins."""
    kept: list[int] = []
    seen: list[set[str]] = []
    for i in ranked:
        words = set(str(terms[i]).split())
        if any(words <= other or other <= words for other in seen):
            continue
        kept.append(i)
        seen.append(words)
    return np.array(kept, dtype=int)


def kleinberg(
    hits: Sequence[float] | np.ndarray, totals: Sequence[float] | np.ndarray, *, s: float = 2.0, gamma: float = 1.0
) -> np.ndarray:
    """Kleinberg's two-state burst automaton over batches: 1 where the rate is in the burst state, else 0."""
    r, d = np.asarray(hits, dtype=np.float64), np.asarray(totals, dtype=np.float64)
    n = len(r)
    if n == 0 or d.sum() == 0 or r.sum() == 0:
        return np.zeros(n, dtype=np.int8)
    p0 = r.sum() / d.sum()
    p = np.array([p0, min(s * p0, 0.9999)])
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = -(r[:, None] * np.log(p) + (d - r)[:, None] * np.log1p(-p))
    cost = np.nan_to_num(cost, nan=0.0)
    return _viterbi(cost, gamma * np.log(n))


def _viterbi(cost: np.ndarray, up: float) -> np.ndarray:
    n = len(cost)
    total, back = cost[0] + np.array([0.0, up]), np.zeros((n, 2), dtype=np.int8)
    for t in range(1, n):
        stay0, from1 = total[0], total[1]
        to0 = (stay0, from1)
        to1 = (stay0 + up, total[1])
        back[t] = [int(np.argmin(to0)), int(np.argmin(to1))]
        total = np.array([min(to0), min(to1)]) + cost[t]
    states = np.zeros(n, dtype=np.int8)
    states[-1] = int(np.argmin(total))
    for t in range(n - 1, 0, -1):
        states[t - 1] = back[t][states[t]]
    return states


def distinct_terms(counts: TermCounts, ranked: Sequence[str], *, overlap: float = 0.5) -> dict[str, list[str]]:
    """The ranked terms that are not the same story: a term found mostly in the same articles as a better-ranked one
    (Jaccard overlap of their articles at least `overlap`) is listed under that one instead of on its own."""
    lookup = {term: i for i, term in enumerate(counts.terms)}
    found = [term for term in ranked if term in lookup]
    if counts.documents is None:
        return {term: [] for term in found}
    columns = counts.documents[:, [lookup[term] for term in found]].tocsc().astype(bool)
    sets = [set(columns[:, k].indices.tolist()) for k in range(len(found))]
    kept: dict[str, list[str]] = {}
    leaders: list[tuple[str, set[int]]] = []
    for term, docs in zip(found, sets):
        same = next((lead for lead, other in leaders if len(docs & other) >= overlap * len(docs | other)), None)
        if same is None:
            kept[term] = []
            leaders.append((term, docs))
        else:
            kept[same].append(term)
    return kept


def bursts(
    counts: TermCounts,
    terms: Sequence[str],
    *,
    s: float = 2.0,
    gamma: float = 1.0,
    related: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """For each term, per period (every one from the first to the last, empty ones with 0 of 0 articles): articles
    holding it, all articles, whether the term is bursting, and the terms that move with it (`related`)."""
    lookup = {term: i for i, term in enumerate(counts.terms)}
    grid = period_grid(counts.periods, counts.freq)
    at = grid.get_indexer(counts.periods)
    frames = []
    for term in terms:
        if term not in lookup:
            continue
        hits = counts.counts[:, lookup[term]].toarray().ravel()
        state = kleinberg(hits, counts.docs, s=s, gamma=gamma)
        frame = {"count": np.zeros(len(grid), hits.dtype), "total": np.zeros(len(grid), counts.docs.dtype)}
        frame["burst"] = np.zeros(len(grid), bool)
        frame["count"][at], frame["total"][at], frame["burst"][at] = hits, counts.docs, state.astype(bool)
        also = ", ".join((related or {}).get(term, ()))
        frames.append(pd.DataFrame({"period": grid, "term": term, **frame, "related": also}))
    columns = ["period", "term", "count", "total", "burst", "related"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


@dataclass
class Trends:
    """Tidy tables of how the news moves: one row per period and key."""

    volume: pd.DataFrame
    publishers: pd.DataFrame
    events: pd.DataFrame
    share_of_voice: pd.DataFrame
    emerging: pd.DataFrame
    bursts: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def trend_tables(
    df: pd.DataFrame,
    *,
    freq: str = "W",
    companies: Mapping[str, Sequence[str]] | Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_count: int = 5,
    top: int = 10,
    min_articles: int = MIN_ARTICLES,
) -> Trends:
    """Every trend table for an article frame (empty frames give empty tables, never an error)."""
    period_start(df["published"].iloc[:0], freq)  # validates freq even for an empty frame
    if df.empty:
        return Trends(*(pd.DataFrame() for _ in range(6)))
    names = list(companies)
    counts = term_counts(df, freq=freq, min_count=min_count, exclude=[*exclude, *names], boilerplate=True)
    emerging = emerging_terms(counts, min_count=min_count, top=top)
    weight = emerging["count"] * emerging["log_ratio"] if not emerging.empty else pd.Series(dtype=float)
    ranked = emerging.assign(weight=weight).groupby("term")["weight"].sum().sort_values(ascending=False)
    rising = dict(list(distinct_terms(counts, ranked.index.tolist()).items())[:top])
    return Trends(
        volume=volume(df, by="company", freq=freq),
        publishers=volume(df, by="publisher", freq=freq),
        events=volume(
            df.assign(event_type=df.get("event_type", pd.Series("other", index=df.index))), by="event_type", freq=freq
        ),
        share_of_voice=(
            share_of_voice(df, companies, freq=freq, min_articles=min_articles) if len(companies) else pd.DataFrame()
        ),
        emerging=emerging,
        bursts=bursts(counts, list(rising), related=rising),
    )


def company_trends(
    df: pd.DataFrame,
    *,
    company: str | Sequence[str] | None = None,
    freq: str = "W",
    aliases: Mapping[str, Sequence[str]] | None = None,
    undated: bool = False,
    min_articles: int = MIN_ARTICLES,
    chosen: bool = False,
) -> Trends:
    """Trends of one company's articles, or share of voice among several companies (their names and aliases
    counted as mentions and left out of the terms, as are publisher names; a period with fewer than `min_articles`
    articles naming them has no share). Articles whose date is only an estimate (the source gave none) are left out
    unless `undated`: they would pile up in the week they were found. With `chosen`, `df` already holds only the
    one company's articles (those gathered for it and those naming it)."""
    if not undated and "date_estimated" in df:
        df = df[~df["date_estimated"].fillna(False).astype(bool)]
    names = [company] if isinstance(company, str) else list(company or ())
    if len(names) == 1 and not chosen:
        df = df[df["company"].str.casefold() == names[0].casefold()]
    companies = {name: list((aliases or {}).get(name, ())) for name in names}
    publishers = df["publisher"].dropna().unique().tolist()
    exclude = [*names, *(alias for found in companies.values() for alias in found), *publishers]
    voices = companies if len(names) > 1 else {}
    return trend_tables(df, freq=freq, companies=voices, exclude=exclude, min_articles=min_articles)
