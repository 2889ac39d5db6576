"""Furniture among the key terms of real feeds: for every feed in the shared corpus, its top 10 key terms against
the rest of the corpus (`terms_against`, as Workbook.key_terms does) and the share of them that is furniture.

Furniture is judged by the fixed lists below, written down before the term code was tuned (issue 10, item 3):
feed boilerplate, filing field names, months and weekdays (and their abbreviations), numbers, ticker-like
codes, datelines (state abbreviations), stop and filler words (English and the corpus's other languages) and
publisher names. A term is furniture when any of its words is a month, weekday, number, ticker, dateline or
filing field, when it is (or holds) a boilerplate phrase or a publisher's name, or when it starts or ends with
a stop or filler word.

    python benchmarks/bench_furniture.py [--corpus ../shared/corpus] [--show]

Skips (exit 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TOP = 10


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


BOILERPLATE_PHRASES = (
    "view full coverage",
    "full coverage",
    "google news",
    "news",
    "read more",
    "continue reading",
    "appeared first",
    "the post",
    "click here",
    "subscribe",
    "newsletter",
    "sign up",
    "comments",
    "comment",
    "full story",
    "photo",
    "photos",
    "video",
    "watch",
    "listen",
    "episode",
    "podcast",
    "live updates",
    "more",
    "headline",
    "headlines",
    "top stories",
    "latest",
    "search records",
    "records found",
    "rss",
    "feed",
    "blog",
    "ニュース",
)
FILING_FIELDS = _set(
    "kb mb accno acc no size filed item items amend amendment form current report filing filings "
    "sc 8-k 10-k 10-q 13g 13g/a 13d px14a6g def 14a s-8 cik edgar"
)
MONTHS_AND_DAYS = _set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "today yesterday tomorrow tonight week weekend month year "
    # Portuguese and Spanish (the corpus has a Portuguese feed)
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo hoje ontem amanhã "
    "enero febrero marzo mayo junio julio septiembre octubre noviembre diciembre lunes martes miércoles "
    "jueves viernes"
)
DATELINES = _set(
    "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev "
    "okla ore pa tenn tex va vt wash wis wyo dc n.y n.j n.c n.d n.h n.m s.c s.d"
)
TICKERS = _set("aapl ampr vlts nwgs hcw nasdaq nyse otc tsx lse")
FILLER = _set(
    "think actually sort kind know really like yeah um uh oh gonna wanna pretty stuff lot lots mean "
    "right okay ok just basically literally thing things maybe probably guess going get got say says "
    "said told new first also one two three way well much many make made look "
    # Portuguese, Spanish, Italian, French, German fillers and stop words seen in feeds
    "que da na no do de dos esta este isso isto ele ela eles não nao mas como já ja quando também ou "
    "nos nas pelos pelas seu sua seus suas há foram está estão vai  das em um uma os as para por com se ao mais pelo pela foi ser sobre "
    "el la los las del en con y es su al lo una le les des du et est pour dans il sur che di il "
    "der die das und ist mit den von zu im auf"
)


def _english_stop_words() -> frozenset[str]:
    from iiwork.analysis.stopwords import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _uncommon(term: str) -> bool:
    """Not an everyday English word (so 'Kagi' in 'Kagi Blog' is the publisher, 'search' in an NDTV title is not)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(term, "en") < 4.5


_WORDS = re.compile(r"[^\W_]+(?:[./'’-][^\W_]+)*")
_NUMBER = re.compile(r"[\d.,:/%$€£-]*\d[\d.,:/%$€£-]*(?:st|nd|rd|th|s|m|bn|k|kb)?")


def furniture(term: str, publishers: set[str]) -> str | None:
    """Why `term` is furniture (a short reason), or None when a person could use it in a conversation."""
    lower = term.lower().strip()
    words = _WORDS.findall(lower) or [lower]
    for phrase in BOILERPLATE_PHRASES:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower):
            return "boilerplate"
    for word in words:
        if _NUMBER.fullmatch(word) or any(char.isdigit() for char in word):
            return "number"
        if word in MONTHS_AND_DAYS:
            return "month/day"
        if word in FILING_FIELDS:
            return "filing field"
        if word.rstrip(".") in DATELINES:
            return "dateline"
        if word in TICKERS:
            return "ticker"
    stop = _english_stop_words() | FILLER
    if words[0] in stop or words[-1] in stop:
        return "stop/filler"
    if len(words) == 1 and len(words[0]) == 1:
        return "stop/filler"
    for publisher in publishers:
        if lower == publisher or (_uncommon(lower) and re.search(rf"(?<!\w){re.escape(lower)}(?!\w)", publisher)):
            return "publisher"
    return None


def load(corpus: Path) -> pd.DataFrame:
    from iiwork import parse_feed

    frames = []
    for path in sorted((corpus / "feeds").iterdir()):
        if path.suffix == ".json" or not path.is_file():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                df = parse_feed(path.read_bytes(), path.resolve().as_uri())
        except Exception as exc:  # an unreadable feed is reported and skipped
            print(f"  skip {path.name}: {type(exc).__name__}", file=sys.stderr)
            continue
        if df.empty:
            continue
        frames.append(df.assign(source_url=path.name, feed=path.name))
    articles = pd.concat(frames, ignore_index=True)
    articles["article_id"] = range(len(articles))
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--publisher-words", action="store_true", help="terms_against(publisher_words=True)")
    parser.add_argument("--show", action="store_true", help="print every term with its verdict")
    args = parser.parse_args(argv)
    if not (args.corpus / "feeds").is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    from iiwork.analysis.terms import terms_against

    articles = load(args.corpus)
    publishers = {str(p).lower() for p in articles["publisher"].dropna().unique()}
    total = bad = 0
    print(f"{'feed':<52} {'items':>5} {'furniture':>9}  top {TOP} terms (furniture marked *)")
    for feed, chosen in articles.groupby("feed", sort=True):
        terms = terms_against(chosen, articles, top=TOP, publisher_words=args.publisher_words)["term"].tolist()
        verdicts = [furniture(term, publishers) for term in terms]
        n_bad = sum(v is not None for v in verdicts)
        total += len(terms)
        bad += n_bad
        shown = ", ".join(f"{t}*" if v else t for t, v in zip(terms, verdicts))
        share = n_bad / len(terms) if terms else 0.0
        print(f"{feed:<52} {len(chosen):>5} {share:>8.0%}  {shown}")
        if args.show:
            for term, verdict in zip(terms, verdicts):
                print(f"      {term!r}: {verdict or '-'}")
    print(f"overall: {bad}/{total} terms are furniture ({bad / max(total, 1):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
