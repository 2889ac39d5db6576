"""Tests for iiwork.analysis.summarize: the sentence splitter, summary invariants, multi-article summaries and the BBC corpus."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from iiwork.analysis.summarize import split_sentences, summarize, summarize_documents
from iiwork.errors import InvalidInput

SUMMARIES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "summaries"

ARTICLE = """Acme profits jump on cloud demand

Acme Corp. said on Tuesday that quarterly profit rose 40% to $1.5 billion, helped by demand for its cloud services.
Chief executive Dr. Jane Smith said "the cloud business is now our engine." Analysts had expected $1.2 billion.
The U.S. company also raised its forecast for the year. Shares rose 3.14% in early trading in New York.
Cloud revenue grew 60% and now makes up a third of sales, Acme said, while hardware sales fell for a fourth quarter.
Mr. Smith, who took over in Jan. 2023, has cut 5,000 jobs in the hardware unit. The unit will be sold, she said.
Rival Globex Inc. reports next week."""


# -- splitter ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("The U.S. economy grew. Exports rose.", ["The U.S. economy grew.", "Exports rose."]),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        ("Apple Inc. said sales rose. Acme Corp. agreed.", ["Apple Inc. said sales rose.", "Acme Corp. agreed."]),
        ("He works for Acme Inc. The firm is small.", ["He works for Acme Inc.", "The firm is small."]),
        (
            "Use tools, e.g. hammers, i.e. heavy ones. Then stop.",
            ["Use tools, e.g. hammers, i.e. heavy ones.", "Then stop."],
        ),
        (
            "It opened on Jan. 5 at No. 10 Main St. in town. Crowds came.",
            ["It opened on Jan. 5 at No. 10 Main St. in town.", "Crowds came."],
        ),
        (
            "We meet at 9 a.m. Eastern time. It ends at 5 p.m. The bar opens later.",
            ["We meet at 9 a.m. Eastern time.", "It ends at 5 p.m.", "The bar opens later."],
        ),
        ("J. K. Rowling wrote it. George W. Bush read it.", ["J. K. Rowling wrote it.", "George W. Bush read it."]),
        ("Profit was $1.5 billion. Pi is 3.14 or so.", ["Profit was $1.5 billion.", "Pi is 3.14 or so."]),
        ('He said "it works." Then he left.', ['He said "it works."', "Then he left."]),
        ("She asked “why?” He shrugged.", ["She asked “why?”", "He shrugged."]),
        ('"Stop!" she shouted. Nobody did.', ['"Stop!" she shouted.', "Nobody did."]),
        ("Wait... What happened? Nothing… and then rain!", ["Wait...", "What happened?", "Nothing… and then rain!"]),
        ("(A note in brackets.) The text goes on.", ["(A note in brackets.)", "The text goes on."]),
        (
            "No. It was not. The answer was no. It was final.",
            ["No.", "It was not.", "The answer was no.", "It was final."],
        ),
    ],
)
def test_split_sentences_handles_tricky_english(text, expected):
    assert split_sentences(text) == expected


def test_headings_and_lines_without_full_stop_end_sentences():
    text = "Acme profits jump\nMarkets\nShares rose sharply. Bonds fell\n\nA new paragraph starts here."
    assert split_sentences(text) == [
        "Acme profits jump",
        "Markets",
        "Shares rose sharply.",
        "Bonds fell",
        "A new paragraph starts here.",
    ]


def test_hard_wrapped_text_is_joined_but_short_lines_still_break():
    text = (
        "This is a hard wrapped paragraph of text that goes on and on\n"
        "until it reaches the end of a line and then continues onto the\n"
        "next line without punctuation at the end of the line. Mr.\n"
        "Smith agreed with all of it, as he said at the meeting later.\n"
        "\n"
        "A Short Title\n"
        "Body again."
    )
    assert split_sentences(text) == [
        text[: text.index(" Mr.")],
        text[text.index("Mr.") : text.index("\n\n")],
        "A Short Title",
        "Body again.",
    ]


def test_numbered_list_items_are_not_cut_after_the_number():
    assert split_sentences("1. Buy milk\n2. Buy eggs") == ["1. Buy milk", "2. Buy eggs"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "今日は晴れです。明日は雨でしょう！本当ですか？はい。",
            ["今日は晴れです。", "明日は雨でしょう！", "本当ですか？", "はい。"],
        ),
        ("他说：「好。」然后走了。", ["他说：「好。」", "然后走了。"]),
        ("中文句子。 第二句", ["中文句子。", "第二句"]),
        ("Der Umsatz stieg um 3,5 %. Die Aktie fiel.", ["Der Umsatz stieg um 3,5 %.", "Die Aktie fiel."]),
        ("Выручка выросла. Акции упали!", ["Выручка выросла.", "Акции упали!"]),
    ],
)
def test_split_sentences_non_english(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\n\t ", []),
        ("... !!! ?", []),
        ("no boundary here at all", ["no boundary here at all"]),
        ("One sentence only.", ["One sentence only."]),
        ("  padded sentence.  ", ["padded sentence."]),
    ],
)
def test_split_sentences_degenerate_text(text, expected):
    assert split_sentences(text) == expected


def test_split_sentences_survives_mojibake_and_control_characters():
    text = "CafÃ© owner saysâ€™ it was â€œgreatâ€\x9d. \x00Then\x85 he left.\u2028Ã‰tÃ© ends"
    sentences = split_sentences(text)
    assert sentences[0] == "CafÃ© owner saysâ€™ it was â€œgreatâ€\x9d."
    assert all(sentence in text for sentence in sentences)


def test_split_sentences_returns_ordered_substrings():
    sentences = split_sentences(ARTICLE)
    assert sentences[0] == "Acme profits jump on cloud demand"
    assert sentences[-1] == "Rival Globex Inc. reports next week."
    position = 0
    for sentence in sentences:
        position = ARTICLE.index(sentence, position) + len(sentence)
    assert len(sentences) == 10


# -- summarize --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_summarize_invariants(count):
    summary = summarize(ARTICLE, sentences=count)
    assert len(summary) == count
    assert len(set(summary)) == count
    positions = [ARTICLE.index(sentence) for sentence in summary]
    assert positions == sorted(positions)
    assert set(summary) <= set(split_sentences(ARTICLE))


def test_summarize_prefers_content_over_the_headline_and_asides():
    summary = summarize(ARTICLE, sentences=2)
    assert "Acme profits jump on cloud demand" not in summary
    assert "Analysts had expected $1.2 billion." not in summary


def test_summarize_fewer_sentences_than_asked_returns_them_all():
    assert summarize("Only one. And two.", sentences=3) == ["Only one.", "And two."]
    assert summarize("One sentence only.") == ["One sentence only."]
    assert summarize("no boundary here") == ["no boundary here"]


def test_summarize_never_repeats_a_sentence():
    text = "Shares rose. Shares rose. Profit fell sharply this quarter. Shares rose! The chief executive resigned."
    summary = summarize(text, sentences=3)
    assert len(summary) == 3
    assert sum(re.sub(r"\W", "", s) == "Sharesrose" for s in summary) == 1
    assert summarize("Same. Same. Same.", sentences=3) == ["Same."]


@pytest.mark.parametrize("text", ["", "   \n\t", "...", "\x00\x01"])
def test_summarize_empty_text(text):
    assert summarize(text) == []


def test_summarize_non_english_and_mojibake():
    chinese = "公司利润大幅增长。云业务收入增长百分之六十。硬件销售连续第四个季度下降。分析师此前预计利润较低。"
    summary = summarize(chinese, sentences=2)
    assert len(summary) == 2 and all(s in chinese for s in summary)
    mojibake = "Ã‰tÃ© â€œgreatâ€\x9d news. CafÃ© profits rose. Ã© Ã© Ã©. The cafÃ© opened a shop."
    summary = summarize(mojibake, sentences=2)
    assert len(summary) == 2 and all(s in mojibake for s in summary)


@pytest.mark.parametrize("count", [0, -1, 1.5, True, "3"])
def test_summarize_rejects_bad_counts(count):
    with pytest.raises(InvalidInput, match="sentences"):
        summarize(ARTICLE, sentences=count)
    with pytest.raises(ValueError):
        summarize_documents([ARTICLE], sentences=count)


# -- summarize_documents ----------------------------------------------------------------------------------


def syndicated_copies() -> list[str]:
    """The same wire story three times with light edits, plus a different outlet's take."""
    light_edit = ARTICLE.replace("on Tuesday", "Tuesday").replace("Chief executive", "CEO").replace("40%", "40 percent")
    retitled = "ACME SURGES\n\n" + ARTICLE.split("\n\n", 1)[1].replace("Shares rose", "Its shares rose")
    other = (
        "Acme's cloud bet pays off.\n"
        "Cloud revenue grew 60% at Acme in the quarter, the company said on Tuesday.\n"
        "Acme will sell the hardware unit, where it has already cut 5,000 jobs.\n"
        "The results lifted Acme's shares and those of other cloud providers."
    )
    return [ARTICLE, light_edit, retitled, other]


def normal_words(sentence: str) -> set[str]:
    return set(re.findall(r"\w+", sentence.casefold()))


@pytest.mark.parametrize("count", [1, 3, 5, 8])
def test_summarize_documents_never_repeats_across_syndicated_copies(count):
    texts = syndicated_copies()
    summary = summarize_documents(texts, sentences=count)
    assert len(summary) == count
    for i, first in enumerate(summary):
        assert any(first in text for text in texts)
        for second in summary[i + 1 :]:
            a, b = normal_words(first), normal_words(second)
            assert len(a & b) / len(a | b) <= 0.7, (first, second)


def test_summarize_documents_orders_by_position_in_document():
    texts = syndicated_copies()
    summary = summarize_documents(texts, sentences=4)
    positions = [min(split_sentences(t).index(s) for t in texts if s in split_sentences(t)) for s in summary]
    assert positions == sorted(positions)


def test_summarize_documents_identical_copies_equal_single_summary():
    assert summarize_documents([ARTICLE, ARTICLE, ARTICLE], sentences=3) == summarize(ARTICLE, sentences=3)


@pytest.mark.parametrize("texts", [[], [""], ["", "  \n"], ["...", "\x00"]])
def test_summarize_documents_empty(texts):
    assert summarize_documents(texts) == []


def test_summarize_documents_rejects_a_bare_string():
    with pytest.raises(InvalidInput, match="sequence"):
        summarize_documents(ARTICLE)  # type: ignore[arg-type]


def test_summarize_documents_mixed_languages_and_short_inputs():
    texts = ["Only one sentence here.", "公司利润大幅增长。云业务收入增长。", "no boundary", ""]
    summary = summarize_documents(texts, sentences=10)
    assert sorted(summary) == sorted(
        ["Only one sentence here.", "公司利润大幅增长。", "云业务收入增长。", "no boundary"]
    )


# -- corpus -----------------------------------------------------------------------------------------------

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "that",
        "this",
    ]
)


def tf_only(text: str, count: int = 3) -> list[str]:
    """Baseline: sentences with the highest mean in-article frequency of their words."""
    sentences = split_sentences(text)
    words = [[w for w in re.findall(r"\w+", s.lower()) if w not in _STOP] for s in sentences]
    frequency = Counter(w for bag in words for w in bag)
    scores = [sum(frequency[w] for w in bag) / len(bag) if bag else 0.0 for bag in words]
    best = sorted(range(len(sentences)), key=lambda i: -scores[i])[:count]
    return [sentences[i] for i in sorted(best)]


def mean_rouge(method, records) -> list[float]:
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for record in records:
        scores = scorer.score(record["summary"], " ".join(method(record["article"])))
        for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[i] += scores[key].fmeasure
    return [total / len(records) for total in totals]


@pytest.mark.corpus
def test_bbc_summaries_beat_lead3_and_tf_only():
    path = SUMMARIES / "bbc_news_summary_sample200.jsonl"
    if not path.is_file():
        pytest.skip("../shared/corpus/summaries is not here: corpus tests skipped")
    pytest.importorskip("rouge_score")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = mean_rouge(lambda text: summarize(text, sentences=3), records)
    lead = mean_rouge(lambda text: split_sentences(text)[:3], records)
    frequency = mean_rouge(tf_only, records)
    for metric, mine, first, tf in zip(("R-1", "R-2", "R-L"), ours, lead, frequency):
        assert mine > first + 0.05 and mine > tf + 0.05, (metric, mine, first, tf)
