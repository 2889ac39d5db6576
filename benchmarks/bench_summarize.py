"""Extractive-summary quality and speed on the BBC News Summary sample, against baselines in the same run.

Every method picks 3 sentences from the same sentences (iiwork's `split_sentences`; sumy is fed them
through a tokenizer object, so it needs no NLTK data). Candidate = chosen sentences joined by a space;
reference = the dataset's summary (its sentences are concatenated without spaces, which the ROUGE
tokenizer splits anyway). ROUGE-1/2/L F1 from `rouge-score` with stemming, averaged over articles;
articles/s counts splitting plus selection, the fastest of `--repeat` passes.

    python benchmarks/bench_summarize.py [--corpus ../shared/corpus] [--limit N] [--repeat 3]

Needs the benchmark-only packages rouge-score and sumy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from iiwork.analysis.summarize import split_sentences, summarize

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FILE = Path("summaries") / "bbc_news_summary_sample200.jsonl"
COUNT = 3
Method = Callable[[str], list[str]]


class SentenceTokenizer:
    """sumy's tokenizer interface over iiwork's splitter: no NLTK data needed."""

    language = "english"

    def to_sentences(self, text: str) -> list[str]:
        return split_sentences(text)

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+(?:'\w+)?", sentence)


def sumy_method(summarizer_class: type) -> Method:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = SentenceTokenizer()
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(text: str) -> list[str]:
        sentences = [Sentence(s, tokenizer) for s in tokenizer.to_sentences(text)]
        document = ObjectDocumentModel([Paragraph(sentences)])
        return [str(s) for s in summarizer(document, COUNT)]

    return run


def methods() -> dict[str, Method]:
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    return {
        "iiwork summarize": lambda text: summarize(text, sentences=COUNT),
        "Lead-3": lambda text: split_sentences(text)[:COUNT],
        "Lead-3 w/o title": lambda text: split_sentences(text)[1 : COUNT + 1],  # for reference: skips the title line
        "sumy LexRank": sumy_method(LexRankSummarizer),
        "sumy TextRank": sumy_method(TextRankSummarizer),
    }


def load(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return records[:limit] if limit else records


def timed(method: Method, texts: list[str], repeat: int) -> tuple[list[list[str]], float]:
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        outputs = [method(text) for text in texts]
        best = min(best, time.perf_counter() - started)
    return outputs, len(texts) / best


def rouge(outputs: list[list[str]], references: list[str]) -> tuple[float, float, float]:
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for chosen, reference in zip(outputs, references):
        scores = scorer.score(reference, " ".join(chosen))
        for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[i] += scores[key].fmeasure
    return tuple(100 * total / max(1, len(references)) for total in totals)  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes; the fastest is reported")
    args = parser.parse_args(argv)
    path = args.corpus / CORPUS_FILE
    if not path.is_file():
        print(f"skipped: corpus file not found at {path}")
        return 0
    records = load(path, args.limit)
    texts, references = [r["article"] for r in records], [r["summary"] for r in records]
    print(f"{len(records)} BBC articles, {COUNT} sentences, ROUGE F1 x100 (rouge-score, stemmed)")
    print(f"{'method':18s} {'R-1':>6s} {'R-2':>6s} {'R-L':>6s} {'articles/s':>11s}")
    for name, method in methods().items():
        outputs, rate = timed(method, texts, args.repeat)
        r1, r2, rl = rouge(outputs, references)
        print(f"{name:18s} {r1:6.1f} {r2:6.1f} {rl:6.1f} {rate:11.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
