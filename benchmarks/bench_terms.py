"""Key-term extraction on 500N-KPCrowd (500 news stories, crowd gold keyphrases) beside baselines in the same run.

Every method offers up to 20 phrases per story and the first 10 distinct ones are scored. Precision, recall
and F1@10 are macro-averaged over stories by `iiwork.analysis.terms.keyphrase_f1`: lowercase, every character but
a-z/0-9/space deleted (as the gold keys were written: "all-electronic" -> "allelectronic"), Porter-stemmed
words, exact match of the whole phrase.

    python benchmarks/bench_terms.py [--corpus ../shared/corpus] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from iiwork.analysis.terms import clear_cache, key_terms, keyphrase_f1

ROOT = Path(__file__).resolve().parents[1]
ZIP_NAME = "500N-KPCrowd-v1.1.zip"
TOP = 10
CANDIDATES = 20  # every method offers 20 phrases; the first 10 distinct ones (after matching) are scored
Method = Callable[[Sequence[str]], list[list[str]]]


def load_kpcrowd(path: Path) -> tuple[list[str], list[list[str]]]:
    """The stories (title line first) and their gold keyphrases, in file-name order."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        read = lambda name: archive.read(name).decode("utf-8", "replace")
        docs = {m[1]: read(n) for n in names if (m := re.search(r"/docsutf8/([^/]+)\.txt$", n))}
        keys = {m[1]: read(n).splitlines() for n in names if (m := re.search(r"/keys/([^/]+)\.key$", n))}
    ids = sorted(docs.keys() & keys.keys())
    return [docs[i] for i in ids], [[k.strip() for k in keys[i] if k.strip()] for i in ids]


def iiwork_collection(docs: Sequence[str]) -> list[list[str]]:
    """key_terms, each story against the rest of the collection (smoothed by wordfreq)."""
    return [key_terms([doc], background=docs, top=CANDIDATES)["term"].tolist() for doc in docs]


def iiwork_general(docs: Sequence[str]) -> list[list[str]]:
    """key_terms against the shipped general-English background only."""
    return [key_terms([doc], top=CANDIDATES)["term"].tolist() for doc in docs]


def yake_method(n: int) -> Method:
    def run(docs: Sequence[str]) -> list[list[str]]:
        import yake

        extractor = yake.KeywordExtractor(lan="en", n=n, top=CANDIDATES)
        return [[phrase for phrase, _ in extractor.extract_keywords(doc)] for doc in docs]

    return run


def tfidf(docs: Sequence[str]) -> list[list[str]]:
    """scikit-learn TF-IDF fitted on the collection, 1-3-grams, English stop words removed."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 3), stop_words="english")
    matrix = vectorizer.fit_transform(docs).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    result = []
    for i in range(matrix.shape[0]):
        row = matrix.getrow(i)
        order = np.argsort(-row.data, kind="stable")[:CANDIDATES]
        result.append([str(vocabulary[row.indices[j]]) for j in order])
    return result


METHODS: dict[str, Method] = {
    "iiwork key_terms, rest of collection": iiwork_collection,
    "iiwork key_terms, wordfreq only": iiwork_general,
    "YAKE n=1": yake_method(1),
    "YAKE n=3 (default)": yake_method(3),
    "TF-IDF 1-3-grams": tfidf,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=0, help="only the first N stories (0: all)")
    args = parser.parse_args(argv)
    path = args.corpus / "keywords" / ZIP_NAME
    if not path.is_file():
        print(f"corpus not found at {path}: nothing to measure")
        return 0
    docs, gold = load_kpcrowd(path)
    if args.limit:
        docs, gold = docs[: args.limit], gold[: args.limit]
    print(f"500N-KPCrowd: {len(docs)} stories, {sum(map(len, gold)) / len(gold):.1f} gold phrases each")
    print("match: lowercase, non-alphanumerics deleted, Porter stems, whole phrase; macro-averaged @10\n")
    print(f"{'method':38s} {'P@10':>6s} {'R@10':>6s} {'F1@10':>6s} {'docs/s':>8s}")
    for name, method in METHODS.items():
        print(row(name, method, docs, gold), flush=True)
    return 0


def row(name: str, method: Method, docs: Sequence[str], gold: Sequence[Sequence[str]]) -> str:
    clear_cache()
    start = time.perf_counter()
    try:
        predicted = method(docs)
    except ImportError as error:
        return f"{name:38s} skipped: {error}"
    rate = len(docs) / (time.perf_counter() - start)
    precision, recall, f1 = keyphrase_f1(predicted, gold, k=TOP)
    return f"{name:38s} {100 * precision:6.1f} {100 * recall:6.1f} {100 * f1:6.1f} {rate:8.1f}"


if __name__ == "__main__":
    sys.exit(main())
