"""Subjects: the organisations, people and places an article names in its title and opening, and its figures."""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

_WORD = re.compile(r"[^\W\d_][\w'\u2019&.-]*[\w]|[^\W\d_]")
_SENTENCE = re.compile(r"(?<=[a-z0-9%)\"'\u201d])[.!?]+\s+(?=[A-Z\"'\u201c])|[\n;:|\u2014\u2013]+|\s-{1,2}\s")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'\u2019 -]{1,40}[A-Z.](?:,\s*[A-Z][A-Za-z.]*){0,3},?\s*(?:\([A-Za-z .]{2,30}\))?\s*"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})?\s*(?:/[^/\n]{2,40}/)?\s*(?:--|[\u2013\u2014]|-)\s+"
)
_TICKER = re.compile(r"\(\s*(?:[A-Z][A-Za-z ]{1,12}:\s*)?[A-Z]{1,5}(?:\.[A-Z])?\s*\)|\$[A-Z]{1,5}\b")
_MONEY = re.compile(
    r"(?:US)?[$\u20ac\u00a3]\s?(\d+(?:[.,]\d+)?)\s*(bn|billion|b|m|mn|million|k|thousand|tn|trillion)?\b", re.I
)
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.I)
_QUANTITY = re.compile(
    r"(\d+(?:[.,]\d+)?)(?:\s?|-)(gwh|mwh|kwh|gw|mw|kw|jobs|tonnes|tons|miles|km|hours?|years?|days?)\b", re.I
)
_SCALE = {"b": "b", "bn": "b", "billion": "b", "m": "m", "mn": "m", "million": "m", "k": "k", "thousand": "k"}
_SCALE |= {"tn": "t", "trillion": "t"}
_CONNECTORS = frozenset({"of", "de", "du", "del", "la", "le", "van", "von", "der", "&", "al", "bin"})


# Words of any news report, that say nothing about which event it is (Porter stems).
def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


NEWS_STEMS = _listed(
    """
    say said report announc new updat live news today tonight week year day month time share stock compani firm
    maker group plan set make take get give see look expect could would may might will can one two three four five
    us also amid after over more most first last latest still back just now top big
    """
)
# Capitalised words that name no one in particular: titles, calendar, exchanges, legal forms, news furniture.
GENERIC_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "of",
        "after",
        "before",
        "over",
        "under",
        "new",
        "says",
        "said",
        "report",
        "reports",
        "update",
        "updates",
        "live",
        "watch",
        "video",
        "photos",
        "breaking",
        "exclusive",
        "opinion",
        "analysis",
        "review",
        "interview",
        "podcast",
        "news",
        "today",
        "tonight",
        "week",
        "weekend",
        "daily",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "pres",
        "president",
        "vice",
        "chief",
        "executive",
        "officer",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "cio",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "director",
        "head",
        "minister",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "judge",
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "co",
        "co.",
        "company",
        "companies",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "ab",
        "oy",
        "asa",
        "spa",
        "kk",
        "group",
        "holdings",
        "holding",
        "limited",
        "lp",
        "llp",
        "trust",
        "fund",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "q1",
        "q2",
        "q3",
        "q4",
        "h1",
        "h2",
        "fy",
        "first",
        "second",
        "third",
        "fourth",
        "quarter",
        "quarterly",
        "annual",
        "year",
        "results",
        "earnings",
        "nyse",
        "nasdaq",
        "amex",
        "otc",
        "tsx",
        "lse",
        "asx",
        "hkex",
        "prnewswire",
        "businesswire",
        "globenewswire",
        "accesswire",
        "newswire",
        "wire",
        "reuters",
        "ap",
        "afp",
        "upi",
        "mw",
        "mwh",
        "gw",
        "gwh",
        "kw",
        "kwh",
        "twh",
        "km",
    ]
)
_COMMON = 5.0  # zipf frequency from which a word is too common to tell one name from another ("New", "United")
_COMMON_LAST = 4.0  # ... or to end one ("Storage", "Energy", "Grid": many companies end so)
_FIRST_WORD_NAME = 4.5  # zipf below which a word the batch never lowercases is a name, even opening a sentence
_SHARED_WORDS = 3  # title words in common that tell of one event when no subject is named in common
_RARE_EVENT_WORD = 4.8  # zipf below which one shared word says what happened ("recalls", "derails"; not "deal")


@dataclass(frozen=True)
class Subjects:
    """What one article is about: the name keys of its title (`title`), of its title and opening (`named`),
    and the figures it reports (`figures`: money, percentages, quantities; `title_figures`: those in its title)."""

    title: frozenset[str]
    named: frozenset[str]
    figures: frozenset[str]
    title_figures: frozenset[str] = frozenset()
    names: frozenset[frozenset[str]] = frozenset()  # each name of the title, by its keys
    title_words: frozenset[str] = frozenset()  # stems of the title's other words (what happened)
    words: frozenset[str] = frozenset()  # ... of the title's and the opening's
    title_rare: frozenset[str] = frozenset()  # the title's stems of words rare in general English ("recalls")


def article_subjects(titles: Sequence[str], openings: Sequence[str], *, known: Iterable[str] = ()) -> list[Subjects]:
    """The subjects of each article; capitalisation is read against the whole batch (and `known` names)."""
    cleaned = [_clean_opening(text) for text in openings]
    lexicon = _proper_words(titles, cleaned, known)
    return _batch_rare([_subjects(title, opening, lexicon) for title, opening in zip(titles, cleaned)])


def _batch_rare(found: list[Subjects], *, share: float = 0.02, least: int = 3) -> list[Subjects]:
    """Keep as rare only the words few titles of the batch use ("storage" is common in storage news)."""
    counts = Counter(stem for subjects in found for stem in subjects.title_rare)
    limit = max(least, share * len(found))
    return [replace(s, title_rare=frozenset(w for w in s.title_rare if counts[w] <= limit)) for s in found]


def conflict(a: Subjects, b: Subjects) -> bool:
    """True when both articles name their subject and neither names the other's (different organisations, people
    or places, however alike the wording), or when their titles give different figures of one kind ($230m, $210m)."""
    return (_diverges(a, b) and _diverges(b, a)) or _figures_differ(a.title_figures, b.title_figures)


def _diverges(a: Subjects, b: Subjects) -> bool:
    """More of `a`'s title names are missing from `b`'s title and opening than are found there."""
    found = sum(bool(name & b.named) for name in a.names)
    return len(a.names) - found > found


def _figures_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both give a figure of some kind (money, energy, jobs...) and no figure of that kind is the same."""
    kinds = {_kind(f) for f in a} & {_kind(f) for f in b} - {"%"}  # a share price's move changes by the hour
    return any(not {f for f in a if _kind(f) == kind} & {f for f in b if _kind(f) == kind} for kind in kinds)


def _kind(figure: str) -> str:
    return "$" if figure.startswith("$") else figure.lstrip("0123456789.")


def same_event(a: Subjects, b: Subjects, *, alike: bool = False, same_type: bool = False) -> bool:
    """True when two reports published close together tell of one event, however worded: they do not conflict,
    and they name one subject and are `alike` in words, share a figure or an event type (`same_type`) or say the
    same thing happened (two words of one's title other than names are in the other's, or one word rare in general
    English: "recalls"); or, naming no common subject, their titles share three such words."""
    if conflict(a, b):
        return False
    shared = a.title_words & b.title_words
    said = len(shared) >= 2 or bool(shared & (a.title_rare | b.title_rare))
    if share_subject(a, b):
        return alike or same_type or said or bool(a.figures & b.figures)
    return len(shared) >= _SHARED_WORDS


def share_subject(a: Subjects, b: Subjects) -> bool:
    """True when one article's title subject is named in the other's title or opening."""
    return bool(a.title & b.named) or bool(b.title & a.named)


def merged_subjects(a: Subjects, b: Subjects) -> Subjects:
    """The subjects of a story that holds both."""
    return Subjects(
        a.title | b.title,
        a.named | b.named,
        a.figures | b.figures,
        a.title_figures | b.title_figures,
        a.names | b.names,
        a.title_words | b.title_words,
        a.words | b.words,
        a.title_rare | b.title_rare,
    )


def _clean_opening(text: str) -> str:
    """The opening without its dateline and ticker codes."""
    return _TICKER.sub(" ", strip_dateline(text or ""))


def strip_dateline(text: str) -> str:
    """The text without the dateline it opens with ("AUSTIN, Texas, Nov. 3, 2026 /Wire/ --")."""
    return _DATELINE.sub("", text, count=1)


def _subjects(title: str, opening: str, lexicon: frozenset[str]) -> Subjects:
    sentences = _sentences(opening) if opening.strip() else [""]
    lead = " ".join(sentences[:2])
    names, title_words = _scan(title, lexicon=lexicon, title=True)
    lead_names, lead_words = _scan(lead, lexicon=lexicon, title=False) if lead else ([], {})
    if not names and lead:  # a title that names no one: the subject is whoever the opening sentence names
        names = _scan(sentences[0], lexicon=lexicon, title=False)[0]
    own = frozenset().union(*names) if names else frozenset()
    in_title = report_figures(title)
    figures = frozenset(in_title | report_figures(lead))
    rare = frozenset(stem for stem, word in title_words.items() if _zipf(word) < _RARE_EVENT_WORD)
    return Subjects(
        title=own,
        named=own.union(*lead_names),
        figures=figures,
        title_figures=frozenset(in_title),
        names=frozenset(names),
        title_words=frozenset(title_words),
        words=frozenset(title_words) | frozenset(lead_words),
        title_rare=rare,
    )


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE.split(text) if part.strip()] or [""]


def title_names(title: str, *, lexicon: frozenset[str]) -> list[frozenset[str]]:
    """The names in a title, each by its keys (first and last distinctive word, lowercased)."""
    return _scan(title, lexicon=lexicon, title=True)[0]


def _scan(text: str, *, lexicon: frozenset[str], title: bool) -> tuple[list[frozenset[str]], dict[str, str]]:
    """The names of `text` (each by its keys) and its other words that tell what happened, by their stems."""
    names: list[frozenset[str]] = []
    words: dict[str, str] = {}
    for clause in _SENTENCE.split(text):
        found = _WORD.findall(clause)
        title_case = title and _title_case_words(found)
        flags = [
            _is_name_word(word, position=k, words=found, lexicon=lexicon, title_case=title_case)
            for k, word in enumerate(found)
        ]
        for run in _name_runs(found, flags):
            keys = frozenset(_run_keys(run))
            if keys and keys not in names:
                names.append(keys)
        _add_event_words(words, [w for w, name in zip(found, flags) if not name or _fold(w) in GENERIC_NAMES])
    return names, words


def _add_event_words(found: dict[str, str], words: list[str]) -> None:
    """Add the stems of the words that are no stop word or news furniture."""
    for word in words:
        folded = _fold(word)
        stem = _event_stem(folded)
        if stem is not None:
            found.setdefault(stem, folded)


@functools.lru_cache(maxsize=262144)
def _event_stem(folded: str) -> str | None:
    """The Porter stem of a word that may tell what happened; None for stop words and news furniture."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from .terms import porter_stem

    if len(folded) < 3 or folded in ENGLISH_STOP_WORDS or folded in _CONNECTORS:
        return None
    stem = porter_stem(folded)
    return None if stem in NEWS_STEMS else stem


def _name_runs(words: list[str], flags: list[bool]) -> list[list[str]]:
    """Runs of name words (joined by connectors: "Bank of America")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for position, (word, name) in enumerate(zip(words, flags)):
        if name or (current and word.lower() in _CONNECTORS and position + 1 < len(words)):
            current.append(word)
        else:
            runs, current = _close(runs, current), []
    return _close(runs, current)


def _close(runs: list[list[str]], current: list[str]) -> list[list[str]]:
    while current and current[-1].lower() in _CONNECTORS:
        current = current[:-1]
    return [*runs, current] if current else runs


def _is_name_word(word: str, *, position: int, words: list[str], lexicon: frozenset[str], title_case: bool) -> bool:
    folded = _head(word)
    if not word[0].isupper() or folded in GENERIC_NAMES or len(folded) < 2:
        return False
    if folded in lexicon or (word.isupper() and len(word) <= 5):
        return True
    if title_case:  # capitals say nothing: a rare word, or one the batch writes inside a name after the last
        previous = _head(words[position - 1]) if position else ""
        return _rare(folded) or f"{previous} {folded}" in lexicon
    if position == 0:  # a sentence start says nothing, unless a name word follows
        return len(words) > 1 and words[1][0].isupper() and _fold(words[1]) not in GENERIC_NAMES
    return True


def _run_keys(run: list[str]) -> set[str]:
    """A name's keys: its first distinctive word, and its last if that is rare ("Rainsford", not "Energy")."""
    words = [_head(w) for w in run if w.lower() not in _CONNECTORS and _fold(w) not in GENERIC_NAMES]
    if not words:
        return set()
    first = next((w for w in words if _zipf(w) < _COMMON), words[0])
    return {first, words[-1]} if len(words) > 1 and _zipf(words[-1]) < _COMMON_LAST else {first}


@functools.lru_cache(maxsize=262144)
def _head(word: str) -> str:
    """The folded word, or its name part when a lowercase suffix follows a hyphen ("Voltaic-supplied")."""
    name, hyphen, rest = word.partition("-")
    return _fold(name) if hyphen and rest[:1].islower() else _fold(word)


@functools.lru_cache(maxsize=262144)
def _fold(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'.")


def _is_title_case(clause: str) -> bool:
    """A clause that capitalises its ordinary words too, so that capitals say nothing by themselves."""
    return _title_case_words(_WORD.findall(clause))


def _title_case_words(words: list[str]) -> bool:
    longer = [w for w in words[1:] if len(w) > 3]
    return len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def _proper_words(titles: Sequence[str], openings: Sequence[str], known: Iterable[str]) -> frozenset[str]:
    """Words the batch capitalises mid-sentence far more often than not (names, whatever a title's case), and
    the pairs of words ("northwind grid") it writes capitalised one after the other: the words inside names."""
    votes: Counter = Counter()
    pairs: set[str] = set()
    for text in [*openings, *(t for t in titles if not _is_title_case(t))]:
        for clause in _SENTENCE.split(text):
            words = _WORD.findall(clause)
            for previous, word in itertools.pairwise(words):
                votes[_fold(word)] += 1 if word[0].isupper() else -3
                if word[0].isupper() and previous[0].isupper():
                    pairs.add(f"{_head(previous)} {_head(word)}")
    names = {word for word, vote in votes.items() if vote > 0} | _never_lowercase(titles, openings)
    return frozenset(names | pairs | {_fold(w) for name in known for w in _WORD.findall(name)} - GENERIC_NAMES)


def _rare(word: str) -> bool:
    """A word too rare in general English to be a common noun (a name seen only in title-case headlines)."""
    return _zipf(word) < 3.0


def _never_lowercase(titles: Sequence[str], openings: Sequence[str], *, least: int = 2) -> set[str]:
    """Words the batch writes capitalised at least `least` times, even at sentence starts, and never in lowercase,
    that are not common English words ("Meta" opening headlines)."""
    capitalised: Counter = Counter()
    lowercase: set[str] = set()
    for text in [*titles, *openings]:
        for word in _WORD.findall(text):
            if word[0].isupper():
                capitalised[_fold(word)] += 1
            else:
                lowercase.add(_fold(word))
    return {w for w, n in capitalised.items() if n >= least and w not in lowercase and _zipf(w) < _FIRST_WORD_NAME}


@functools.lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def report_figures(text: str) -> set[str]:
    """The money amounts, percentages and quantities in `text`, written one way ("$320m", "27%", "900mwh")."""
    if not _DIGIT.search(text):
        return set()
    found = {f"${_number(n)}{_SCALE.get((s or '').lower(), '')}" for n, s in _MONEY.findall(text)}
    found |= {f"{_number(n)}%" for n in _PERCENT.findall(text)}
    return found | {f"{_number(n)}{unit.lower().rstrip('s')}" for n, unit in _QUANTITY.findall(text)}


def _number(text: str) -> str:
    value = text.replace(",", "") if text.count(",") and len(text.rsplit(",", 1)[1]) == 3 else text.replace(",", ".")
    return f"{float(value):g}"
