"""Extractive news summaries: a rule-based sentence splitter, then TF-IDF TextRank with lead and length priors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..errors import InvalidInput

DAMPING = 0.85
LEAD_SHARE = 0.1  # share of the score given to the position prior, the rest to graph centrality
POSITION_DECAY = 0.1  # the prior of the i-th sentence of its document is 1 / (1 + POSITION_DECAY * i)
LENGTH_POWER = 0.75  # scores scale with (content words / mean content words) ** LENGTH_POWER
HEADING_PENALTY = 0.2  # score factor of a heading-like sentence (no terminal punctuation)
NEAR_DUPLICATE = 0.7  # word-set Jaccard above which two sentences count as one
SUPPORT_POWER = 0.5  # in several articles, scores scale with (articles sharing the sentence) ** SUPPORT_POWER

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "jr",
        "sr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "rev",
        "hon",
        "fr",
        "messrs",
        "mme",
        "mlle",
        "vs",
        "cf",
        "approx",
        "fig",
        "e.g",
        "i.e",
        "viz",
    ]
)
_ABBREVIATIONS = frozenset(
    ["inc", "corp", "ltd", "co", "plc", "llc", "bros", "dept", "est", "etc", "al", "univ", "ave", "blvd", "rd"]
)
_BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "vol",
        "p",
        "pp",
        "art",
        "sec",
        "ch",
        "op",
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
    ]
)
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "but",
        "and",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "for",
        "if",
        "when",
        "while",
        "after",
        "before",
        "as",
        "however",
        "meanwhile",
        "also",
        "then",
        "still",
        "now",
        "some",
        "many",
        "most",
    ]
)
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "would",
        "could",
        "also",
        "said",
        "says",
        "say",
        "mr",
        "mrs",
        "ms",
        "may",
        "might",
        "must",
        "shall",
        "one",
        "two",
        "new",
        "last",
        "year",
        "years",
    ]
)
_BOUNDARY = re.compile(  # 1-3: Latin mark, closing quotes, the space after; 4: CJK mark with its closing quotes
    r"(\.{2,}|…|[.!?‽]+)([\"'”’»)\]]*)(\s+)(?=\S)|([。！？．]+[」』”’）)\]]*)(?=\s*\S)"
)
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_OPENERS = "\"'“‘«([¿¡"
_TERMINAL = tuple(".!?…。！？:;‽\"'”’»)]")
_JOINERS = tuple(",;-–—(")
_SUFFIXES = (
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ations",
    "ments",
    "ation",
    "ness",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "edly",
    "ed",
    "ly",
    "es",
    "s",
)
_LIST_MARKER = re.compile(r"\(?(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})")


def split_sentences(text: str) -> list[str]:
    """Split `text` into sentences, each an exact (stripped) substring of it, in order."""
    return [text[start:end] for start, end in _sentence_spans(text or "")]


def summarize(text: str, sentences: int = 3) -> list[str]:
    """Return up to `sentences` of the most central sentences of `text`, in their original order."""
    _check_count(sentences)
    return _summary([text], sentences)


def summarize_documents(texts: Sequence[str], *, sentences: int = 3) -> list[str]:
    """Summarise several articles about one story: central, non-repeated sentences, ordered by their position
    in their article (ties in article order); a sentence several articles share gains weight."""
    _check_count(sentences)
    if isinstance(texts, str):
        raise InvalidInput("texts must be a sequence of article texts, not one string")
    return _summary(texts, sentences)


def _check_count(sentences: int) -> None:
    if not isinstance(sentences, int) or isinstance(sentences, bool) or sentences < 1:
        raise InvalidInput(f"sentences must be a positive integer, not {sentences!r}")


# --- sentence splitting -------------------------------------------------------------------------


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end in _blocks(text):
        cut = start
        for match in _BOUNDARY.finditer(text, start, end):
            if _is_boundary(text, match, cut, end):
                spans.append(_strip(text, cut, match.start(3) if match.group(1) else match.end(4)))
                cut = spans[-1][1]
        spans.append(_strip(text, cut, end))
    return [(s, e) for s, e in spans if _WORD.search(text, s, e)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut the text at hard line breaks: blank lines, and breaks that are not a soft wrap."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\n?", text) if m.end() > m.start()]
    width = _wrap_width([text[s:e].rstrip() for s, e in lines])
    blocks, start = [], 0
    for (s, e), following in zip(lines, lines[1:] + [(len(text), len(text))]):
        if not _soft_break(text[s:e].strip(), text[following[0] : following[1]].strip(), width):
            blocks.append((start, e))
            start = e
    return blocks


def _wrap_width(lines: list[str]) -> int:
    """The column of a hard-wrapped text, or 0 when lines are paragraphs."""
    lengths = [len(line) for line in lines if line.strip()]
    width = max(lengths, default=0)
    wrapped = sum(length >= 0.7 * width for length in lengths)
    return width if 20 <= width <= 120 and wrapped >= max(3, len(lengths) // 2) else 0


def _soft_break(line: str, following: str, width: int) -> bool:
    """Whether a line break only wraps a sentence: after a comma or dash, or a full line of wrapped text."""
    if not line or not following:
        return False
    if line.endswith(_JOINERS):
        return True
    if not width:
        return False
    return line.endswith(_TERMINAL) or len(line) + 1 + len(following.split()[0]) > 0.85 * width


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Whether the punctuation `match` ends the sentence begun at `start`."""
    if match.group(4):
        return True
    following = _next_word(text, match.end(), end)
    if not following:
        return True
    if following[0].islower() or following[0] in ",;:)" or _LIST_MARKER.fullmatch(text[start : match.start()].strip()):
        return False
    if match.group(1) != "." or match.group(2):
        return True
    return not _is_abbreviation(_word_before(text, match.start()), following)


def _next_word(text: str, start: int, end: int) -> str:
    word = text[start:end].split(maxsplit=1)
    return word[0].lstrip(_OPENERS) if word else ""


def _word_before(text: str, dot: int) -> str:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    return text[start : dot + 1]


def _is_abbreviation(word: str, following: str) -> bool:
    """Whether the period ending `word` belongs to an abbreviation rather than ending the sentence."""
    bare = word.rstrip(".").lower()
    if bare in _TITLES:
        return True
    if following[0].isdigit() and bare in _BEFORE_NUMBER:
        return True
    starts_sentence = following.lower().strip("\"'“‘,") in _STARTERS or not following[0].isalnum()
    initial = len(bare) == 1 and word[0].isupper()
    acronym = re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare) is not None
    return (initial or acronym or bare in _ABBREVIATIONS) and not starts_sentence


# --- scoring ------------------------------------------------------------------------------------


def _terms(sentence: str) -> list[str]:
    terms: list[str] = []
    for word in _WORD.findall(sentence.lower()):
        if _CJK.search(word):
            terms.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif word not in _STOP_WORDS and not word.isdigit():
            terms.append(_stem(word))
    return terms


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def _tfidf(bags: list[list[str]]) -> np.ndarray:
    """Unit-length TF-IDF rows (log term frequency, smoothed inverse sentence frequency), keeping only columns
    of terms that occur in two or more sentences: the others cannot add to a similarity between sentences."""
    vocabulary: dict[str, int] = {}
    pairs = Counter((row, vocabulary.setdefault(term, len(vocabulary))) for row, bag in enumerate(bags) for term in bag)
    if not pairs:
        return np.zeros((len(bags), 1))
    rows, cols = np.array(list(pairs), dtype=np.intp).T
    frequency = np.bincount(cols, minlength=len(vocabulary))
    idf = np.log((1 + len(bags)) / (1 + frequency[cols])) + 1
    weights = np.log1p(np.fromiter(pairs.values(), float, len(pairs))) * idf
    norms = np.sqrt(np.bincount(rows, weights**2, minlength=len(bags)))
    shared = frequency[cols] > 1
    column = np.cumsum(frequency > 1) - 1
    vectors = np.zeros((len(bags), max(1, int((frequency > 1).sum()))))
    vectors[rows[shared], column[cols[shared]]] = weights[shared] / norms[rows[shared]]
    return vectors


def _centrality(similarity: np.ndarray) -> np.ndarray:
    """PageRank of the weighted sentence-similarity graph by power iteration, scaled to a maximum of 1."""
    n = len(similarity)
    weights = similarity - np.diag(np.diag(similarity))
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.where(totals > 0, weights / np.where(totals > 0, totals, 1), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - DAMPING) / n + DAMPING * rank @ transition
        converged = np.abs(updated - rank).sum() < 1e-6
        rank = updated
        if converged:
            break
    return rank / rank.max()


def _scores(sentences: list[str], places: list[tuple[int, int]]) -> np.ndarray:
    """Centrality mixed with a lead prior, scaled by relative length; heading-like lines are damped."""
    bags = [_terms(sentence) for sentence in sentences]
    vectors = _tfidf(bags)
    rank = _centrality(vectors @ vectors.T)
    prior = 1.0 / (1 + POSITION_DECAY * np.array([position for _, position in places], dtype=float))
    words = np.array([max(2, len(bag)) for bag in bags], dtype=float)
    heading = np.array([1.0 if s.endswith(_TERMINAL) else HEADING_PENALTY for s in sentences])
    return ((1 - LEAD_SHARE) * rank + LEAD_SHARE * prior) * (words / words.mean()) ** LENGTH_POWER * heading


# --- selection ----------------------------------------------------------------------------------


def _summary(texts: Sequence[str], count: int) -> list[str]:
    sentences, places = _pool(texts)
    groups = _near_duplicate_groups(sentences)
    if len(groups) <= count:
        return [sentences[group[0]] for group in groups]
    firsts = [group[0] for group in groups]
    scores = _scores([sentences[i] for i in firsts], [places[i] for i in firsts])
    support = np.array([len({places[i][0] for i in group}) for group in groups], dtype=float)
    best = np.argsort(-scores * support**SUPPORT_POWER, kind="stable")[:count]
    return [sentences[firsts[i]] for i in sorted(best)]


def _pool(texts: Sequence[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """All sentences with their (document, position), ordered by position, then document."""
    places = [
        (doc, position, sentence)
        for doc, text in enumerate(texts)
        for position, sentence in enumerate(split_sentences(text))
    ]
    places.sort(key=lambda place: (place[1], place[0]))
    return [sentence for _, _, sentence in places], [(doc, position) for doc, position, _ in places]


def _near_duplicate_groups(sentences: list[str]) -> list[list[int]]:
    """Indices grouped with the first earlier sentence whose normalised word set is a near-duplicate."""
    groups: list[list[int]] = []
    firsts: list[frozenset[str]] = []
    index: dict[str, list[int]] = {}
    for i, sentence in enumerate(sentences):
        words = frozenset(_WORD.findall(sentence.casefold()))
        group = _matching_group(words, firsts, index)
        if group is None:
            group = len(groups)
            groups.append([])
            firsts.append(words)
            for word in words:
                index.setdefault(word, []).append(group)
        groups[group].append(i)
    return groups


COMMON_WORD_GROUPS = 32  # a word in more groups than this ("the", "said") does not pick out candidates
CANDIDATES = 16


def _matching_group(words: frozenset[str], firsts: list[frozenset[str]], index: dict[str, list[int]]) -> int | None:
    """The first group whose first sentence has a word-set Jaccard above NEAR_DUPLICATE with `words`.

    Candidates are the groups that share the most of the sentence's less common words (so a story with thousands
    of sentences is not compared sentence by sentence), each then checked exactly."""
    lists = [index.get(word, ()) for word in words]
    rare = [groups for groups in lists if len(groups) <= COMMON_WORD_GROUPS]
    shared = Counter(group for groups in (rare or lists) for group in groups)
    for group, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]:
        common = len(words & firsts[group])
        if common / (len(words) + len(firsts[group]) - common) > NEAR_DUPLICATE:
            return group
    return None
