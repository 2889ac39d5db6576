"""Article-extraction accuracy and speed on the shared corpus, against baselines measured in the same run.

Zyte article-extraction-benchmark subset (30 pages, human gold): word 4-gram precision/recall/F1
(`iiwork.news.extract.shingle_f1`) for extract_article, the benchmark's stored trafilatura 2.0.0 and
newspaper4k outputs, and the installed trafilatura with its defaults. Then trafilatura's own
evaluation pages (segments that must / must not appear) as a second, independent check.

    python benchmarks/bench_extract.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from iiwork.news.extract import extract_article, shingle_f1

ROOT = Path(__file__).resolve().parents[1]
Extractor = Callable[[bytes, str], "str | None"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes; the fastest is reported")
    args = parser.parse_args()
    articles = args.corpus / "articles"
    if not articles.is_dir():
        print(f"corpus not found at {articles}", file=sys.stderr)
        return 2
    print(f"trafilatura {trafilatura.__version__}")
    zyte(articles, args.repeat)
    segments(articles / "trafilatura_eval", args.repeat)
    return 0


def live_extractors() -> dict[str, Extractor]:
    return {
        "iiwork extract_article": lambda html, url: extract_article(html, url)["text"],
        "trafilatura defaults": lambda html, url: trafilatura.extract(html, url=url),
        "trafilatura, benchmark's call": lambda html, url: trafilatura.extract(html, include_comments=False),
    }


def zyte(articles: Path, repeat: int) -> None:
    ids, pages, gold = zyte_cases(articles)
    print(f"\nZyte subset: {len(ids)} pages, word 4-gram shingles, macro-averaged")
    print(f"{'extractor':34s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pages/s':>8s}")
    for name, extractor in live_extractors().items():
        texts, rate = timed(extractor, pages, repeat)
        print(f"{name:34s} {row(shingle_f1(texts, gold))} {rate:8.1f}")
    for name, file in (
        ("stored trafilatura 2.0.0", "trafilatura-2.0.0"),
        ("stored newspaper4k 0.9.3.1", "newspaper4k"),
    ):
        stored = json.loads((articles / f"zyte_output.{file}.subset.json").read_text(encoding="utf-8"))["output"]
        print(f"{name:34s} {row(shingle_f1([stored[i].get('articleBody') for i in ids], gold))} {'-':>8s}")


def segments(folder: Path, repeat: int) -> None:
    if not folder.is_dir():
        return
    evaldata = json.loads((folder / "evaldata.subset.json").read_text(encoding="utf-8"))
    pages = [((folder / v["file"]).read_bytes(), url) for url, v in evaldata.items()]
    print(f"\ntrafilatura eval pages: {len(pages)} pages, segments found (with) / leaked (without)")
    print(f"{'extractor':34s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pages/s':>8s}")
    for name, extractor in live_extractors().items():
        texts, rate = timed(extractor, pages, repeat)
        print(f"{name:34s} {row(segment_scores(texts, list(evaldata.values())))} {rate:8.1f}")


def zyte_cases(articles: Path) -> tuple[list[str], list[tuple[bytes, str]], list[str]]:
    manifest = (articles.parent / "MANIFEST.md").read_text(encoding="utf-8")
    files = {i: n for n, i in re.findall(r"\| (zyte_\S+)\.html \+ \.txt \| ([0-9a-f]{64}) \|", manifest)}
    truth = json.loads((articles / "zyte_ground-truth.subset.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = [((articles / f"{files[i]}.html").read_bytes(), truth[i]["url"]) for i in ids]
    return ids, pages, [truth[i]["articleBody"] for i in ids]


def timed(extractor: Extractor, pages: list[tuple[bytes, str]], repeat: int) -> tuple[list[str | None], float]:
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        texts = [extractor(html, url) for html, url in pages]
        best = min(best, time.perf_counter() - start)
    return texts, len(pages) / best


def segment_scores(texts: list[str | None], expected: list[dict]) -> tuple[float, float, float]:
    found = missed = leaked = 0
    for text, case in zip(texts, expected, strict=True):
        found += sum(s in (text or "") for s in case["with"])
        missed += sum(s not in (text or "") for s in case["with"])
        leaked += sum(s in (text or "") for s in case["without"])
    p, r = found / ((found + leaked) or 1), found / ((found + missed) or 1)
    return p, r, 2 * p * r / ((p + r) or 1)


def row(scores: tuple[float, float, float]) -> str:
    return " ".join(f"{x:6.3f}" for x in scores)


if __name__ == "__main__":
    sys.exit(main())
