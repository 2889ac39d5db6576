"""Distinctive key terms (words and 2-3-word phrases) of a set of news documents, scored against a background."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InvalidInput

COLUMNS = ("term", "score", "df")

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "afterwards",
        "again",
        "against",
        "ago",
        "all",
        "almost",
        "alone",
        "along",
        "already",
        "also",
        "although",
        "always",
        "am",
        "among",
        "amongst",
        "an",
        "and",
        "another",
        "any",
        "anybody",
        "anyhow",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "are",
        "around",
        "as",
        "at",
        "back",
        "be",
        "became",
        "because",
        "become",
        "becomes",
        "becoming",
        "been",
        "before",
        "beforehand",
        "behind",
        "being",
        "below",
        "beside",
        "besides",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "eg",
        "either",
        "else",
        "elsewhere",
        "enough",
        "etc",
        "even",
        "ever",
        "every",
        "everybody",
        "everyone",
        "everything",
        "everywhere",
        "except",
        "few",
        "for",
        "former",
        "formerly",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "hence",
        "her",
        "here",
        "hereafter",
        "hereby",
        "herein",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "ie",
        "if",
        "in",
        "inc",
        "indeed",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "latter",
        "latterly",
        "least",
        "less",
        "let",
        "like",
        "ltd",
        "made",
        "make",
        "many",
        "may",
        "me",
        "meanwhile",
        "might",
        "mine",
        "more",
        "moreover",
        "most",
        "mostly",
        "mr",
        "mrs",
        "ms",
        "much",
        "must",
        "my",
        "myself",
        "namely",
        "neither",
        "never",
        "nevertheless",
        "next",
        "no",
        "nobody",
        "none",
        "noone",
        "nor",
        "not",
        "nothing",
        "now",
        "nowhere",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "perhaps",
        "please",
        "put",
        "quite",
        "rather",
        "re",
        "really",
        "said",
        "same",
        "say",
        "saying",
        "says",
        "see",
        "seem",
        "seemed",
        "seeming",
        "seems",
        "several",
        "she",
        "should",
        "since",
        "so",
        "some",
        "somehow",
        "someone",
        "something",
        "sometime",
        "sometimes",
        "somewhere",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "thence",
        "there",
        "thereafter",
        "thereby",
        "therefore",
        "therein",
        "thereupon",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "throughout",
        "thru",
        "thus",
        "to",
        "together",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "use",
        "used",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "whence",
        "whenever",
        "where",
        "whereafter",
        "whereas",
        "whereby",
        "wherein",
        "whereupon",
        "wherever",
        "whether",
        "which",
        "while",
        "whither",
        "who",
        "whoever",
        "whole",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "ain",
        "aren",
        "couldn",
        "didn",
        "doesn",
        "don",
        "hadn",
        "hasn",
        "haven",
        "isn",
        "ll",
        "mustn",
        "needn",
        "shan",
        "shouldn",
        "ve",
        "wasn",
        "weren",
        "won",
        "wouldn",
        "arent",
        "cant",
        "couldnt",
        "didnt",
        "doesnt",
        "dont",
        "hadnt",
        "hasnt",
        "havent",
        "im",
        "isnt",
        "ive",
        "lets",
        "shouldnt",
        "thats",
        "theres",
        "theyre",
        "wasnt",
        "werent",
        "weve",
        "whats",
        "wont",
        "wouldnt",
        "youre",
        "youve",
        "according",
        "told",
        "tell",
        "tells",
        "asked",
        "want",
        "wants",
        "wanted",
        "going",
        "way",
        "ways",
        "thing",
        "things",
        "lot",
        "lots",
        "yes",
        "okay",
        "ok",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "million",
        "billion",
        "trillion",
    ]
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a person would not bring up in a conversation about the news (issue 10): fillers of speech (podcasts,
# interviews), months and weekdays with their abbreviations, number words, and the state abbreviations of
# datelines ("MINNEAPOLIS, Minn. --"); only abbreviations that are no English word are listed.
FILLER_WORDS = _word_set(
    "think thinks thought actually sort kind yeah um uh gonna wanna stuff basically literally maybe probably "
    "guess pretty anyway anyways oh hey right sure"
)
CALENDAR_WORDS = _word_set(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun weekday weekend tonight"
)
NUMBER_WORDS = _word_set(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands dozen dozens percent pct kb mb gb tb"
)
DATELINE_WORDS = _word_set(
    "ala ariz ark calif colo conn fla ill kan ky md mich minn miss mont neb nev okla ore tenn tex vt wis wyo"
)
FURNITURE_WORDS = FILLER_WORDS | CALENDAR_WORDS | NUMBER_WORDS | DATELINE_WORDS
STOP_WORDS = STOP_WORDS | FURNITURE_WORDS

BOILERPLATE = (
    "click here",
    "read more",
    "continue reading",
    "full story",
    "subscribe",
    "sign up",
    "all rights reserved",
    "cookie",
    "cookies",
    "newsletter",
    "newsletters",
    "privacy policy",
    "terms of use",
    "terms of service",
    "advertisement",
    "follow us",
    "share this",
    "related articles",
    "getty images",
    "image caption",
    "javascript",
    "your browser",
    "email address",
    "download the app",
)
PLACE_WEIGHTS = {"title": 2.0, "lead": 1.5, "body": 1.0}
_LEAD_TOKENS = 60
_CONNECTORS = frozenset({"of"})
_COMMON_FREQUENCY = 1e-5
_EXPLAINED = 0.8
_RARITY_POWER = 0.67
_PRIOR_DOCS = 300.0
_FLOOR_FREQUENCY = 1e-8
_DOC_WORDS = 200.0
_LONGEST_WORD = 40

_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u20ac\u2122\u0153\u201c\u201d\u2019\u2018]")
_CLAUSE_BREAK = re.compile(r"[\n!?;:,()\[\]{}\"\u201c\u201d|\u2022\u2026\u2013\u2014]|(?<=\w\w)\.(?=\s|$)|\s-+\s")
_SENTENCE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_APOSTROPHE = re.compile(r"['\u2019]")
_BOILERPLATE_RE = re.compile(
    r"\b(?:{})\b".format("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in BOILERPLATE)), re.I
)
_TICKER = re.compile(
    r"\(?\b(?:NASDAQ|Nasdaq|NYSE(?: American| Arca)?|AMEX|OTC(?:QX|QB| Pink)?|TSX(?:V)?|LSE|ASX|TSE|HKEX)"
    r"(?:\s*[A-Z]{0,3})?\s*:\s*[A-Z][A-Z0-9.]{0,6}\)?|(?<![\w$])\$[A-Z]{1,5}\b"
)
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'\u2019 -]{2,}(?:,[ \t]*[A-Z][A-Za-z.]*)*[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*(?:--|[\u2013\u2014-])",
    re.M,
)
_NON_KEY = re.compile(r"[^a-z0-9 ]")
_NUMBER = re.compile(r"\d[\d.,]*(?:[a-z]{1,2}|bn|mn|pc)?")

Key = tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    surface: str
    lower: str
    stem: str
    capital: bool | None
    stop: bool
    numeric: bool
    code: bool


@dataclass(frozen=True)
class _Occurrence:
    key: Key
    words: tuple[str, ...]
    surface: str
    place: str
    capital: bool | None


@dataclass
class _Stat:
    words: tuple[str, ...]
    weights: list[float] = field(default_factory=list)
    surfaces: Counter = field(default_factory=Counter)
    capitals: int = 0
    lowers: int = 0

    @property
    def df(self) -> int:
        return len(self.weights)

    def label(self, frequencies: dict[str, float]) -> str:
        """The commonest spelling; lowercase when the text (or, lacking evidence, English) writes it so."""
        surface = self.surfaces.most_common(1)[0][0]
        if self.capitals or self.lowers:
            lower = self.lowers >= self.capitals
        else:
            lower = min(_frequency(word, frequencies) for word in self.words) >= _COMMON_FREQUENCY
        return surface.lower() if lower and not any(char.isupper() for char in surface[1:]) else surface


def key_terms(
    docs: Sequence[str],
    *,
    background: Sequence[str] | None = None,
    top: int = 10,
    exclude: Iterable[str] = (),
    min_df: int = 1,
    langs: Sequence[object] | None = None,
) -> pd.DataFrame:
    """The `top` most distinctive terms of `docs` (columns term, score, df = documents holding it), best first.

    `background` is other documents (the rest of the workspace; texts also in `docs` are left out of it);
    general English word frequencies (wordfreq) smooth it and stand in when there is none. `exclude` names
    (the company, its aliases, publishers) are dropped case-insensitively, also from inside phrases.
    `langs` (one language code per document, such as an article's `lang`: "pt-PT", "ja"; missing means English)
    adds the commonest words of each document's language (wordfreq) to its stop words.
    """
    if langs is not None and len(langs) != len(docs):
        raise InvalidInput("langs must give one language per document")
    texts = _texts(docs)
    stops = None if langs is None else [language_stop_words(lang) for doc, lang in zip(docs, langs) if _usable(doc)]
    _check_options(top=top, min_df=min_df)
    stats = _collect(texts, names=_names(exclude), stops=stops)
    stats = {key: stat for key, stat in stats.items() if stat.df >= min_df}
    if not stats:
        return _empty()
    rarity = _Rarity(background=None if background is None else _texts(background), skip=texts)
    scores = {key: _score(stat, rarity(key, stat.words)) for key, stat in stats.items()}
    chosen = _select(scores, stats, top=top)
    labels = {key: stats[key].label(rarity.frequencies) for key, _ in chosen}
    rows = [(labels[key], round(score, 4), stats[key].df) for key, score in chosen]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"score": "float64", "df": "int64"})


def clear_cache() -> None:
    """Forget the cached tokenised documents and background counts (to free memory or time a cold run)."""
    for cached in (_occurrences, _corpus_df, _members, _porter):
        cached.cache_clear()


def porter_stem(word: str) -> str:
    """The Porter (1980) stem of one lowercase word (other words come back as they are)."""
    return _porter(word)


def stemmed_key(phrase: str) -> str:
    """Key for matching phrases: lowercase, all but a-z, 0-9 and space deleted, each word Porter-stemmed."""
    return " ".join(porter_stem(word) for word in _NON_KEY.sub("", phrase.lower()).split())


def keyphrase_f1(
    predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]], *, k: int = 10
) -> tuple[float, float, float]:
    """Macro-averaged precision, recall and F1 at `k` over documents, phrases compared by `stemmed_key`.

    Each document's predictions are de-duplicated by key before the first `k` are kept; precision divides by
    the number kept (0 when there are none), recall by the number of distinct gold keys.
    """
    if len(predicted) != len(gold) or not gold:
        raise InvalidInput("predicted and gold must be non-empty and of the same length")
    rows = [
        _prf(_top_keys(phrases, k), {stemmed_key(p) for p in answers} - {""})
        for phrases, answers in zip(predicted, gold)
    ]
    return tuple(sum(row[i] for row in rows) / len(rows) for i in range(3))  # type: ignore[return-value]


def _top_keys(phrases: Sequence[str], k: int) -> list[str]:
    keys = dict.fromkeys(key for key in map(stemmed_key, phrases) if key)
    return list(keys)[:k]


def _prf(keys: list[str], gold: set[str]) -> tuple[float, float, float]:
    hits = sum(key in gold for key in keys)
    precision = hits / len(keys) if keys else 0.0
    recall = hits / len(gold) if gold else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {"term": pd.Series(dtype=object), "score": pd.Series(dtype="float64"), "df": pd.Series(dtype="int64")}
    )


def _texts(docs: Sequence[str] | None) -> tuple[str, ...]:
    if isinstance(docs, (str, bytes)):
        raise InvalidInput("documents must be a list of texts, not one string")
    try:
        items = list(docs or ())
    except TypeError:
        raise InvalidInput(f"documents must be a list of texts, not {type(docs).__name__}") from None
    bad = [item for item in items if item is not None and not isinstance(item, (str, float))]
    if bad:
        raise InvalidInput(f"documents must be texts, not {type(bad[0]).__name__}")
    return tuple(item for item in items if _usable(item))


def _usable(item: object) -> bool:
    return isinstance(item, str) and bool(item.strip())


_LANGUAGE_STOP_WORDS = 150
_CALENDAR = {
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro segunda-feira "
    "terça-feira quarta-feira quinta-feira sexta-feira sábado domingo segunda terça quarta quinta sexta hoje ontem",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre lunes "
    "martes miércoles jueves viernes sábado domingo hoy ayer",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi "
    "mercredi jeudi vendredi samedi dimanche aujourd hier",
    "de": "januar februar märz april mai juni juli august september oktober november dezember montag dienstag "
    "mittwoch donnerstag freitag samstag sonntag heute gestern",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre lunedì "
    "martedì mercoledì giovedì venerdì sabato domenica oggi ieri",
}


@functools.lru_cache(maxsize=64)
def _language_stop_words(language: str) -> frozenset[str]:
    from wordfreq import top_n_list

    try:
        words = top_n_list(language, _LANGUAGE_STOP_WORDS)
    except (LookupError, ValueError):
        return frozenset()
    words += _CALENDAR.get(language, "").split()
    return frozenset(_fold(word) for word in words if not any(char.isdigit() for char in word))


def language_stop_words(lang: object) -> frozenset[str]:
    """The commonest words of a language (wordfreq's top 150) as stop words; none for English (or no language),
    whose stop words are STOP_WORDS. `lang` is a code such as "pt-PT", "de", "ja"."""
    if not isinstance(lang, str) or not lang.strip():
        return frozenset()
    language = lang.strip().lower().replace("_", "-").split("-")[0]
    if language in ("en", ""):
        return frozenset()
    return _language_stop_words(language)


def _check_options(*, top: int, min_df: int) -> None:
    for name, value in (("top", top), ("min_df", min_df)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInput(f"{name} must be a whole number of at least 1, not {value!r}")


def _names(exclude: Iterable[str]) -> tuple[Key, ...]:
    if isinstance(exclude, str):
        exclude = [exclude]
    names = {_stems(name) for name in exclude if isinstance(name, str)}
    return tuple(sorted(name for name in names if name))


def _stems(text: str) -> Key:
    return tuple(_stem(_fold(word)) for word in _WORD.findall(text))


def _fold(word: str) -> str:
    """Lowercase, without a possessive 's and apostrophes (hyphens stay)."""
    lower = word.lower()
    return _APOSTROPHE.sub("", _POSSESSIVE.sub("", lower)) or lower


def _stem(folded: str) -> str:
    return porter_stem(folded.replace("-", ""))


def _contains(words: Key, part: Key) -> bool:
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))


def _collect(
    texts: Sequence[str], *, names: tuple[Key, ...], stops: Sequence[frozenset[str]] | None = None
) -> dict[Key, _Stat]:
    stats: dict[Key, _Stat] = {}
    for i, text in enumerate(texts):
        per_doc: dict[Key, float] = defaultdict(float)
        for occ in _occurrences(text, names, stops[i] if stops else frozenset()):
            stat = stats.get(occ.key) or stats.setdefault(occ.key, _Stat(occ.words))
            stat.surfaces[occ.surface] += 1
            stat.capitals += occ.capital is True
            stat.lowers += occ.capital is False
            per_doc[occ.key] += PLACE_WEIGHTS[occ.place]
        for key, weight in per_doc.items():
            stats[key].weights.append(weight)
    return stats


@functools.lru_cache(maxsize=2048)
def _occurrences(
    text: str, names: tuple[Key, ...] = (), extra_stop: frozenset[str] = frozenset()
) -> tuple[_Occurrence, ...]:
    clauses = _word_clauses(text)
    casing = _casing(clauses)
    found: list[_Occurrence] = []
    position = 0
    for words, place, trusted in clauses:
        tokens = _tokens(words, trusted=trusted, casing=casing, extra_stop=extra_stop)
        if place == "body":
            place = "lead" if position < _LEAD_TOKENS else "body"
            position += len(tokens)
        found.extend(_candidates(tokens, names, place=place))
    return tuple(found)


def _word_clauses(text: str) -> list[tuple[list[str], str, int | None]]:
    """Clauses as (words, "title" or "body", index of the first word whose capital says something, or None)."""
    title, body = _split_title(_repair(text))
    cased = _sentence_case(title)
    found = [(_WORD.findall(clause), "title", int(start) if cased else None) for clause, start in _clauses(title)]
    return found + [(_WORD.findall(clause), "body", int(start)) for clause, start in _clauses(body)]


def _casing(clauses: list[tuple[list[str], str, int | None]]) -> dict[str, bool]:
    """Whether the text mostly capitalises each word where capitals say something (not sentence starts)."""
    votes: Counter = Counter()
    for words, _, trusted in clauses:
        for word in words[trusted:] if trusted is not None else ():
            votes[_fold(word)] += 1 if _capitalised(word) else -1
    return {word: vote > 0 for word, vote in votes.items() if vote}


def _capitalised(word: str) -> bool:
    return any(char.isupper() for char in word)


def _repair(text: str) -> str:
    """The text without web and e-mail addresses, and with mojibake (UTF-8 read as cp1252) undone."""
    text = _DATELINE.sub(" ", _TICKER.sub(" ", _URL.sub(" ", text)))
    if not _MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text)


def _sentence_case(title: str) -> bool:
    """Whether a title writes ordinary words in lowercase, so that its capitals say something."""
    return any(word[0].islower() and word not in STOP_WORDS for word in _WORD.findall(title)[1:])


def _split_title(text: str) -> tuple[str, str]:
    first, newline, rest = text.strip().partition("\n")
    if newline and len(first) <= 300 and rest.strip():
        return first, rest
    return "", text


def _clauses(text: str) -> list[tuple[str, bool]]:
    parts = _CLAUSE_BREAK.split(text)
    starts = [True] + [bool(_SENTENCE_END.search(m.group(0))) for m in _CLAUSE_BREAK.finditer(text)]
    return [(part, start) for part, start in zip(parts, starts) if part.strip() and not _is_boilerplate(part)]


def _is_boilerplate(clause: str) -> bool:
    return bool(_BOILERPLATE_RE.search(clause))


def _tokens(
    words: list[str], *, trusted: int | None, casing: dict[str, bool], extra_stop: frozenset[str] = frozenset()
) -> list[_Token]:
    tokens = []
    for index, surface in enumerate(words):
        lower = _fold(surface)
        capital: bool | None = _capitalised(surface)
        if capital and (trusted is None or index < trusted):
            capital = casing.get(lower)
        numeric = bool(_NUMBER.fullmatch(lower)) or not any(char.isalpha() for char in lower)
        numeric = numeric or any(char.isdigit() for char in lower)
        stop = lower in STOP_WORDS or lower in extra_stop or len(lower) < 2 or len(lower) > _LONGEST_WORD
        code = (numeric and len(lower) <= 4) or (len(surface) == 1 and surface.isupper())
        tokens.append(_Token(surface, lower, _stem(lower), capital, stop, numeric, code))
    return tokens


def _candidates(tokens: list[_Token], names: tuple[Key, ...], *, place: str) -> list[_Occurrence]:
    found = []
    for run in _unnamed_runs(tokens, names):
        for start in range(len(run)):
            for size in (1, 2, 3):
                span = run[start : start + size]
                if len(span) == size and _is_candidate(span):
                    found.append(_occurrence(span, place))
    return found


def _unnamed_runs(tokens: list[_Token], names: tuple[Key, ...]) -> list[list[_Token]]:
    """The runs of tokens left when every occurrence of an excluded name is cut out."""
    stems = tuple(token.stem for token in tokens)
    cut = [False] * len(tokens)
    for name in names:
        if name[0] in stems:
            for i in range(len(tokens) - len(name) + 1):
                if stems[i : i + len(name)] == name:
                    cut[i : i + len(name)] = [True] * len(name)
    if not any(cut):
        return [tokens]
    runs: list[list[_Token]] = [[]]
    for token, dropped in zip(tokens, cut):
        runs.append([]) if dropped else runs[-1].append(token)
    return [run for run in runs if run]


def _is_candidate(span: list[_Token]) -> bool:
    first, last, inner = span[0], span[-1], span[1:-1]
    if first.stop or first.numeric or ((last.stop or last.numeric) and not _is_code(span)):
        return False
    if _mixed_case(span) or any(_POSSESSIVE.search(token.surface) for token in span[:-1]):
        return False
    return all(token.lower in _CONNECTORS or not (token.stop or token.numeric) for token in inner)


def _mixed_case(span: list[_Token]) -> bool:
    """Capitalised and lowercase words together (outside titles): mostly a name running into other words."""
    kinds = {token.capital for token in span if not token.code and token.lower not in _CONNECTORS}
    return {True, False} <= kinds


def _is_code(span: list[_Token]) -> bool:
    """A model or series code after a capitalised word: 'Series B', 'Model 3', 'Windows 11'."""
    return len(span) == 2 and span[1].code and span[0].surface[:1].isupper()


def _occurrence(span: list[_Token], place: str) -> _Occurrence:
    surfaces = [token.surface for token in span]
    surfaces[-1] = _POSSESSIVE.sub("", surfaces[-1]) or surfaces[-1]
    capitals = [token.capital for token in span if token.lower not in _CONNECTORS and not token.code]
    capital = None if None in capitals else all(capitals)
    key = tuple(token.stem for token in span)
    return _Occurrence(key, tuple(token.lower for token in span), " ".join(surfaces), place, capital)


class _Rarity:
    """How rare a term is: its share of background documents, smoothed towards general English (wordfreq)."""

    def __init__(self, *, background: tuple[str, ...] | None, skip: tuple[str, ...]) -> None:
        self.frequencies = _general_frequencies()
        self.df, self.docs, self.own = _background_df(background, skip) if background else (Counter(), 0, Counter())

    def __call__(self, key: Key, words: tuple[str, ...]) -> float:
        """-log of the share of documents holding the term; a phrase gets the mean of its words' values."""
        if len(key) == 1:
            return -math.log(self._share(key, words))
        pairs = [((stem,), (word,)) for stem, word in zip(key, words) if word not in _CONNECTORS]
        return -sum(math.log(self._share(*pair)) for pair in pairs) / len(pairs)

    def _share(self, key: Key, words: tuple[str, ...]) -> float:
        df = self.df.get(key, 0) - self.own.get(key, 0)
        return (df + _PRIOR_DOCS * self._general(words[0])) / (self.docs + _PRIOR_DOCS)

    def _general(self, word: str) -> float:
        """The chance that a news article of typical length holds the word at least once."""
        frequency = _frequency(word, self.frequencies)
        return -math.expm1(-max(frequency, _FLOOR_FREQUENCY) * _DOC_WORDS)


def _frequency(word: str, frequencies: dict[str, float]) -> float:
    """A word's frequency in general English; a hyphenated word's is its rarest part's."""
    parts = [part for part in word.split("-") if part] if "-" in word else [word]
    return max(frequencies.get(word, 0.0), min(frequencies.get(part, 0.0) for part in parts))


@functools.lru_cache(maxsize=1)
def _general_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def _background_df(background: tuple[str, ...], skip: tuple[str, ...]) -> tuple[Counter, int, Counter]:
    df, docs = _corpus_df(background)
    own = [text for text in set(skip) if text in _members(background)]
    return df, docs - len(own), Counter(key for text in own for key in _doc_keys(text))


@functools.lru_cache(maxsize=4)
def _corpus_df(background: tuple[str, ...]) -> tuple[Counter, int]:
    df: Counter = Counter()
    for text in background:
        df.update(_doc_keys(text))
    return df, len(background)


@functools.lru_cache(maxsize=4)
def _members(background: tuple[str, ...]) -> frozenset[str]:
    return frozenset(background)


def _doc_keys(text: str) -> frozenset[Key]:
    """The single-word keys of one background document."""
    words = {_fold(word) for word in _WORD.findall(_repair(text))}
    return frozenset((_stem(word),) for word in words if word not in STOP_WORDS)


def _score(stat: _Stat, rarity: float) -> float:
    return sum(stat.weights) * rarity**_RARITY_POWER


def _select(scores: dict[Key, float], stats: dict[Key, _Stat], *, top: int) -> list[tuple[Key, float]]:
    """Best first; a phrase that explains chosen terms takes the first one's place, and redundant terms are skipped."""
    chosen: list[tuple[Key, float]] = []
    for key in sorted(scores, key=lambda k: (-scores[k], k)):
        if len(chosen) >= top:
            break
        if any(_redundant(key, other, stats) for other, _ in chosen):
            continue
        replaced = [i for i, (other, _) in enumerate(chosen) if _explains(key, other, stats)]
        if replaced:
            chosen[replaced[0]] = (key, chosen[replaced[0]][1])
            chosen = [item for i, item in enumerate(chosen) if i not in replaced[1:]]
        else:
            chosen.append((key, scores[key]))
    return chosen


def _redundant(key: Key, chosen: Key, stats: dict[Key, _Stat]) -> bool:
    """A part a chosen phrase explains, or a longer phrase around a chosen phrase that does not explain it."""
    if _explains(chosen, key, stats):
        return True
    return len(chosen) > 1 and _contains(key, chosen) and not _explains(key, chosen, stats)


def _explains(phrase: Key, part: Key, stats: dict[Key, _Stat]) -> bool:
    """Whether `phrase` contains `part` and accounts for most of its occurrences."""
    if len(phrase) <= len(part) or not _contains(phrase, part):
        return False
    return stats[phrase].surfaces.total() >= _EXPLAINED * stats[part].surfaces.total()


@functools.lru_cache(maxsize=200_000)
def _porter(word: str) -> str:
    if len(word) <= 2 or not word.isascii() or not word.isalpha():
        return word
    word = _step1c(_step1b(_step1a(word)))
    word = _suffix(_suffix(word, _STEP2_RULES, 0), _STEP3_RULES, 0)
    return _step5(_suffix(word, _STEP4_RULES, 1))


_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
)
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""))
_STEP4 = (
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
)


def _longest_first(rules: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(rules, key=lambda rule: -len(rule[0])))


_STEP2_RULES, _STEP3_RULES = _longest_first(_STEP2), _longest_first(_STEP3)
_STEP4_RULES = _longest_first((suffix, "") for suffix in _STEP4)


def _consonants(word: str) -> list[bool]:
    flags: list[bool] = []
    for i, char in enumerate(word):
        flags.append(char not in "aeiou" and (char != "y" or i == 0 or not flags[i - 1]))
    return flags


def _measure(stem: str) -> int:
    kinds = _consonants(stem)
    return sum(1 for a, b in itertools.pairwise(kinds) if not a and b)


def _has_vowel(stem: str) -> bool:
    return not all(_consonants(stem))


def _ends_double(word: str) -> bool:
    return len(word) > 1 and word[-1] == word[-2] and _consonants(word)[-1]


def _ends_cvc(word: str) -> bool:
    kinds = _consonants(word)
    return len(word) >= 3 and word[-1] not in "wxy" and kinds[-3:] == [True, False, True]


def _suffix(word: str, rules: tuple[tuple[str, str], ...], min_measure: int) -> str:
    for suffix, repl in rules:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            if suffix == "ion" and not stem.endswith(("s", "t")):
                return word
            return stem + repl if _measure(stem) > min_measure else word
    return word


def _step1a(word: str) -> str:
    if word.endswith("sses") or word.endswith("ies"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _step1b(word: str) -> str:
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
            return _step1b_tidy(word[: -len(suffix)])
    return word


def _step1b_tidy(stem: str) -> str:
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if _ends_double(stem) and stem[-1] not in "lsz":
        return stem[:-1]
    if _measure(stem) == 1 and _ends_cvc(stem):
        return stem + "e"
    return stem


def _step1c(word: str) -> str:
    return word[:-1] + "i" if word.endswith("y") and _has_vowel(word[:-1]) else word


def _step5(word: str) -> str:
    if word.endswith("e"):
        m = _measure(word[:-1])
        if m > 1 or (m == 1 and not _ends_cvc(word[:-1])):
            word = word[:-1]
    if word.endswith("ll") and _measure(word) > 1:
        word = word[:-1]
    return word


def terms_against(
    chosen: pd.DataFrame,
    everything: pd.DataFrame,
    *,
    exclude: Sequence[str] = (),
    top: int = 10,
    publisher_words: bool = False,
) -> pd.DataFrame:
    """Key terms of the `chosen` articles against the rest of `everything`.

    Left out: `exclude` (pass every company name, alias and ticker of the workspace so that competitors' names
    are not terms either: `company_names(everything, aliases)`), every publisher's name (with `publisher_words`, also the words
    of the chosen articles' publishers that are no everyday English word: 'Kagi' of 'Kagi Blog'), and the text repeated across most items of one source (`source_boilerplate`).
    Each article's `lang` picks its language's stop words.
    """
    cleaned = pd.Series(_clean_documents(everything), index=everything.index, dtype=object)
    own = everything["article_id"].isin(chosen["article_id"])
    background = cleaned[~own].tolist()
    picked = chosen[["article_id"]].merge(
        pd.DataFrame({"article_id": everything["article_id"], "doc": cleaned.to_numpy(), "lang": _langs(everything)}),
        on="article_id",
        how="left",
    )
    missing = picked["doc"].isna().to_numpy()
    if missing.any():  # chosen articles that are not in `everything`: cleaned on their own
        picked.loc[missing, "doc"] = _clean_documents(chosen[missing])
        picked.loc[missing, "lang"] = _langs(chosen[missing])
    publishers = _distinct(everything, "publisher")
    names = [*exclude, *publishers]
    if publisher_words:
        names += _publisher_words(_distinct(chosen, "publisher"))
    return key_terms(
        picked["doc"].tolist(), background=background or None, top=top, exclude=names, langs=picked["lang"].tolist()
    )


def company_names(df: pd.DataFrame, aliases: Iterable[str] | None = None) -> list[str]:
    """Every company named in an article frame (its `company` column), with `aliases`: what to exclude."""
    return [*_distinct(df, "company"), *(alias for alias in aliases or () if isinstance(alias, str))]


def _distinct(df: pd.DataFrame, column: str) -> list[str]:
    return [str(value) for value in df[column].dropna().unique()] if column in df else []


def _publisher_words(publishers: Sequence[str]) -> list[str]:
    """The words of publishers' names that are no everyday English word ('Kagi' of 'Kagi Blog')."""
    frequencies = _general_frequencies()
    words = {word for name in publishers for word in _WORD.findall(name) if len(word) > 2}
    return sorted(word for word in words if frequencies.get(word.lower(), 0.0) < _PUBLISHER_WORD_FREQUENCY)


_PUBLISHER_WORD_FREQUENCY = 1e-6


def _langs(df: pd.DataFrame) -> list[object]:
    return df["lang"].tolist() if "lang" in df else [None] * len(df)


def _clean_documents(df: pd.DataFrame) -> list[str]:
    source = df["source_url"] if "source_url" in df else pd.Series(pd.NA, index=df.index, dtype=object)
    if "publisher" in df:
        source = source.fillna(df["publisher"])
    return source_boilerplate(article_documents(df), source.tolist())


def article_documents(df: pd.DataFrame) -> list[str]:
    """Each article as one document: its title, then its text (else its summary)."""
    body = df["text"].fillna(df["summary"]).fillna("")
    return [f"{title}\n{text}" for title, text in zip(df["title"], body)]


BOILERPLATE_SHARE = 0.6
_BOILERPLATE_ITEMS = 4
_GRAM_SIZES = (2, 3, 4, 5, 6)
_SLOT = "0"


def source_boilerplate(
    texts: Sequence[str], sources: Sequence[object], *, share: float = BOILERPLATE_SHARE
) -> list[str]:
    """The texts without what one source repeats across most of its items (feed furniture).

    Within each source (a feed's URL or a publisher; missing sources are left alone) that has at least four
    items, a line or a run of 2-6 words (any number standing for any number: "Filed: 2021-02-24 AccNo: ...
    Size: 314 KB") found in at least `share` of its items is cut out ("View Full Coverage on Google News").
    A title shared by most items goes too (every SEC filing of one form has the same one).
    """
    if len(texts) != len(sources):
        raise InvalidInput("texts and sources must be of the same length")
    out = [text if isinstance(text, str) else "" for text in texts]
    groups: dict[object, list[int]] = defaultdict(list)
    for i, source in enumerate(sources):
        if isinstance(source, str) and source:
            groups[source].append(i)
    for members in groups.values():
        if len(members) < _BOILERPLATE_ITEMS:
            continue
        need = max(2, math.ceil(share * len(members)))
        lines: Counter = Counter()
        grams: Counter = Counter()
        for i in members:
            lines.update({_line_key(line) for line in out[i].splitlines() if line.strip()})
            words = _slotted(out[i])
            grams.update({tuple(words[j : j + n]) for n in _GRAM_SIZES for j in range(len(words) - n + 1)})
        common_lines = {line for line, count in lines.items() if count >= need and line}
        common = [gram for gram, count in grams.items() if count >= need and any(w != _SLOT for w in gram)]
        pattern = _gram_pattern(common)
        for i in members:
            out[i] = _strip(out[i], common_lines, pattern)
    return out


def _line_key(line: str) -> str:
    return " ".join(_slotted(line))


def _slotted(text: str) -> list[str]:
    return [_SLOT if _DIGIT.search(word) else word.lower() for word in _WORD.findall(text)]


_DIGIT = re.compile(r"\d")


def _gram_pattern(grams: list[tuple[str, ...]]) -> re.Pattern[str] | None:
    """One pattern for the longest repeated runs (a run inside a longer repeated run is left to that one)."""
    if not grams:
        return None
    longest = sorted(set(grams), key=lambda gram: (-len(gram), gram))
    kept: list[tuple[str, ...]] = []
    for gram in longest:
        if not any(_contains(other, gram) for other in kept):
            kept.append(gram)
    slot = r"[^\W_]*\d(?:[\w.,:/'\u2019-]*\w)?"
    parts = [r"[\W_]+".join(slot if word == _SLOT else re.escape(word) for word in gram) for gram in kept]
    return re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(parts)), re.I)


def _strip(text: str, lines: set[str], pattern: re.Pattern[str] | None) -> str:
    joined = "\n".join("" if _line_key(line) in lines else line for line in text.split("\n"))
    return pattern.sub(" | ", joined) if pattern is not None else joined
