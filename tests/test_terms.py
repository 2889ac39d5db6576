"""Tests for iiwork.analysis.terms: small hand-written news texts, bad input, and the 500N-KPCrowd keyphrase corpus."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from iiwork.analysis.terms import (
    COLUMNS,
    STOP_WORDS,
    key_terms,
    keyphrase_f1,
    porter_stem,
    stemmed_key,
    terms_against,
)
from iiwork.errors import InvalidInput

KEYWORDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "keywords"

BATTERY = [
    "Voltara Energy opens solid-state battery plant in Ohio\n"
    "Voltara Energy said its new plant in Lorain, Ohio, will make solid-state battery cells for electric trucks. "
    "Voltara's chief executive said solid-state battery output would reach 2 gigawatt-hours in 2026. "
    "Click here to subscribe to our newsletter. All rights reserved.",
    "Voltara signs supply deal with Kestrel Trucks\n"
    "Kestrel Trucks will buy solid-state battery packs from VOLTARA for its electric trucks from 2026, the companies "
    "said. Read more about electric trucks. Sign up for our free newsletter. We use cookies on this site.",
    "Voltara Energy hires former Tesla engineer to run the Ohio plant\n"
    "The solid-state battery maker named a plant chief. Voltara Energy expects the Lorain plant to employ 900 people "
    "building solid-state battery cells for electric trucks and buses.",
]
BACKGROUND = [
    "Shares rose on Wall Street as investors weighed earnings from banks and retailers.\nThe market gained.",
    "The central bank kept interest rates unchanged and said inflation was easing.\nEconomists expected it.",
    "Electric trucks are selling slowly, dealers said, as buyers wait for cheaper models.\nPrices fell.",
    "A retailer cut prices on electronics ahead of the holiday season.\nAnalysts said demand was soft.",
]


def terms_of(frame) -> list[str]:
    return [term.lower() for term in frame["term"]]


# -- the result -------------------------------------------------------------------------------------------


def test_columns_order_and_types():
    frame = key_terms(BATTERY, background=BACKGROUND, top=8)
    assert tuple(frame.columns) == COLUMNS
    assert 0 < len(frame) <= 8
    assert frame["score"].is_monotonic_decreasing
    assert frame["df"].between(1, len(BATTERY)).all()
    assert str(frame["df"].dtype) == "int64" and str(frame["score"].dtype) == "float64"


def test_company_name_and_aliases_excluded_case_insensitively_also_inside_phrases():
    frame = key_terms(BATTERY, background=BACKGROUND, top=15, exclude=["Voltara Energy", "voltara"])
    assert frame.size and not any("voltara" in term for term in terms_of(frame))
    kept = key_terms(BATTERY, background=BACKGROUND, top=15)
    assert any("voltara" in term for term in terms_of(kept))


def test_exclude_publisher_name():
    docs = [
        "Kestrel Trucks orders batteries - Reuters\nReuters reports Kestrel Trucks ordered batteries, Reuters said."
    ]
    assert "reuters" not in terms_of(key_terms(docs, exclude=["Reuters"]))


def test_boilerplate_never_becomes_a_term():
    words = " ".join(terms_of(key_terms(BATTERY, background=BACKGROUND, top=30)))
    for junk in ("click", "subscribe", "newsletter", "rights reserved", "read more", "cookie", "sign up"):
        assert junk not in words


def test_phrase_found_and_preferred_over_its_words():
    terms = terms_of(key_terms(BATTERY, background=BACKGROUND, top=10))
    assert "solid-state battery" in terms
    assert "battery" not in terms and "solid-state" not in terms
    assert "electric trucks" in terms


def test_stop_words_never_terms_nor_phrase_ends():
    frame = key_terms(BATTERY + BACKGROUND, top=50)
    for term in terms_of(frame):
        words = term.split()
        assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS, term


def test_pure_numbers_are_not_terms():
    docs = ["Sales rose 12% to $3.5bn in 2025\nRevenue was 3,500 million; 2025 sales hit 1,000,000 units in 2025."]
    assert not any(re.fullmatch(r"[\d.,%$ bn]+", term) for term in terms_of(key_terms(docs, top=20)))


def test_background_pushes_down_common_workspace_words():
    docs = ["Kestrel Trucks shares fell after the earnings report.\nKestrel Trucks shares and earnings dropped."]
    background = BACKGROUND + ["Shares and earnings fell for most truck makers."] * 20

    def relative(frame, term: str) -> float:
        scores = dict(zip(terms_of(frame), frame["score"]))
        return scores[term] / scores["kestrel trucks"]

    alone, against = key_terms(docs, top=5), key_terms(docs, background=background, top=5)
    assert terms_of(against)[0] == "kestrel trucks"
    for word in ("shares", "earnings"):
        assert relative(against, word) < 0.8 * relative(alone, word)


def test_df_counts_documents_and_min_df_filters():
    frame = key_terms(BATTERY, top=30)
    df = dict(zip(terms_of(frame), frame["df"]))
    assert df["solid-state battery"] == 3
    assert df.get("electric trucks") == 3
    assert key_terms(BATTERY, top=30, min_df=3)["df"].eq(3).all()


def test_docs_in_background_are_left_out_of_it():
    assert terms_of(key_terms(BATTERY[:1], background=BATTERY + BACKGROUND)) == terms_of(
        key_terms(BATTERY[:1], background=BATTERY[1:] + BACKGROUND)
    )


# -- awkward input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "docs",
    [
        [],
        [""],
        ["   \n  "],
        [None, float("nan")],
        ["the and of it is was were been being"],
        ["2024 100 3.5 $50bn 20%"],
        ["Click here. Read more. Subscribe to our newsletter."],
    ],
)
def test_nothing_to_say_gives_an_empty_frame(docs):
    frame = key_terms(docs)
    assert frame.empty and tuple(frame.columns) == COLUMNS


@pytest.mark.parametrize(
    "docs",
    [
        ["Die Bundesregierung hat neue Maßnahmen zur Förderung der Elektromobilität beschlossen."],
        ["阿里巴巴集团宣布新的云计算战略，云计算业务增长迅速。"],
        ["Itâ€™s the companyâ€™s â€œbestâ€\x9d year for solar panels"],
        ["y" * 5000 + " https://example.com/a?b=c " + "=" * 500],
        ["Solar"],
    ],
)
def test_odd_text_does_not_crash(docs):
    frame = key_terms(docs, background=["Solar"])
    assert tuple(frame.columns) == COLUMNS


def test_mojibake_is_repaired():
    terms = key_terms(["The companyâ€™s solar panels and the companyâ€™s solar panels"])["term"].tolist()
    assert "solar panels" in terms and not any("â" in term for term in terms)


@pytest.mark.parametrize("options", [{"top": 0}, {"top": True}, {"top": 2.5}, {"min_df": 0}])
def test_bad_options_raise_invalid_input(options):
    with pytest.raises(InvalidInput):
        key_terms(BATTERY, **options)


@pytest.mark.parametrize("docs", ["one string, not a list", 42, [b"bytes"], [3]])
def test_bad_docs_raise_invalid_input(docs):
    with pytest.raises(InvalidInput):
        key_terms(docs)


# -- matching ---------------------------------------------------------------------------------------------


def test_porter_stem_reference_words():
    pairs = {
        "caresses": "caress",
        "ponies": "poni",
        "agreed": "agre",
        "hopping": "hop",
        "filing": "file",
        "relational": "relat",
        "generalizations": "gener",
        "oscillators": "oscil",
        "happy": "happi",
        "sky": "sky",
        "adjustment": "adjust",
        "controll": "control",
        "Zürich": "Zürich",
    }
    assert {word: porter_stem(word) for word in pairs} == pairs
    assert porter_stem("y" * 3000)


def test_match_key_and_f1():
    assert stemmed_key("All-Electronic  Launches") == stemmed_key("allelectronic launch") == "allelectron launch"
    precision, recall, f1 = keyphrase_f1([["Launches", "launch", "robots"], []], [["launch", "robot", "x", "y"], ["z"]])
    assert (precision, recall) == (0.5, 0.25) and f1 == pytest.approx(2 / 6)
    with pytest.raises(InvalidInput):
        keyphrase_f1([["a"]], [])


# -- corpus -----------------------------------------------------------------------------------------------


def kpcrowd() -> tuple[list[str], list[list[str]]]:
    path = KEYWORDS / "500N-KPCrowd-v1.1.zip"
    if not path.is_file():
        pytest.skip("../shared/corpus/keywords is not here: corpus test skipped")
    with zipfile.ZipFile(path) as archive:
        read = {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
    docs = {m[1]: text for name, text in read.items() if (m := re.search(r"/docsutf8/([^/]+)\.txt$", name))}
    keys = {m[1]: text.split("\n") for name, text in read.items() if (m := re.search(r"/keys/([^/]+)\.key$", name))}
    ids = sorted(docs.keys() & keys.keys())
    return [docs[i] for i in ids], [[k.strip() for k in keys[i] if k.strip()] for i in ids]


def tfidf_top(docs: list[str], rows: list[int], *, top: int) -> list[list[str]]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 3), stop_words="english")
    matrix = vectorizer.fit_transform(docs).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    result = []
    for i in rows:
        row = matrix.getrow(i)
        result.append([str(vocabulary[row.indices[j]]) for j in np.argsort(-row.data, kind="stable")[:top]])
    return result


@pytest.mark.corpus
def test_kpcrowd_f1_at_10_not_below_tfidf():
    docs, gold = kpcrowd()
    rows = list(range(0, len(docs), 4))
    ours = [key_terms([docs[i]], background=docs, top=20)["term"].tolist() for i in rows]
    subset = [gold[i] for i in rows]
    f1 = keyphrase_f1(ours, subset)[2]
    baseline = keyphrase_f1(tfidf_top(docs, rows, top=20), subset)[2]
    print(f"KPCrowd 1/4 subset F1@10: key_terms {f1:.3f}, TF-IDF {baseline:.3f}")
    assert f1 >= baseline
    assert f1 >= 0.15


def _frame(rows):
    df = pd.DataFrame(rows, columns=["title", "summary", "source_url", "publisher", "lang"])
    return df.assign(article_id=range(len(df)), text=None, company=None)


def test_boilerplate_one_source_repeats_is_no_term():
    topics = ["battery recall", "grid tariff", "solar auction", "port strike", "wheat harvest"]
    rows = [
        (
            f"{t.title()} update",
            f"{t} details\nView Full Coverage on Google News\nFiled: 2021-0{i + 1}-02 AccNo: 00{i}9 Size: 3{i} KB",
            "feed-a",
            "Wire",
            "en",
        )
        for i, t in enumerate(topics)
    ]
    rows += [(f"Other story {w}", f"{w} elsewhere", "feed-b", "Paper", "en") for w in ("harbour", "orchard", "tunnel")]
    df = _frame(rows)
    terms = " ".join(terms_against(df[df.source_url == "feed-a"], df, top=20)["term"]).lower()
    for furniture in ("coverage", "google", "accno", "filed", "size", "kb"):
        assert furniture not in terms
    assert "recall" in terms or "battery recall" in terms


def test_months_weekdays_tickers_numbers_are_no_terms():
    text = (
        "MINNEAPOLIS, Minn. -- Ampere Ridge (NASDAQ: AMPR) said on Tuesday, Sept. 3, that 2,400 megawatt "
        "turbines ship in September and October; $AMPR rose 12% on Wed. as the turbines sold out."
    )
    terms = " ".join(key_terms([f"Turbines ship\n{text}"], top=20, exclude=["Ampere Ridge"])["term"]).lower()
    for word in (
        "sept",
        "september",
        "october",
        "tuesday",
        "wed",
        "ampr",
        "nasdaq",
        "minn",
        "2,400",
        "12",
        "minneapolis",
    ):
        assert word not in terms.split()
    assert "turbines" in terms


def test_stop_words_of_a_non_english_item_are_no_terms():
    doc = "Acidente na estrada\nO acidente de quarta-feira na estrada que liga a cidade ao porto foi grave para os condutores."
    terms = key_terms([doc], top=20, langs=["pt-PT"])["term"].str.lower().tolist()
    assert not {"de", "na", "que", "para", "os", "ao", "quarta-feira"} & set(terms)
    assert "acidente" in terms


def test_excluded_company_names_and_aliases_are_no_terms():
    rows = [
        (
            f"Voltaic signs deal {i}",
            "Northwind Grid and Helio Cell Works compete; Voltaic Storage wins the tender for flywheels",
            f"s{i}",
            f"P{i}",
            "en",
        )
        for i in range(3)
    ] + [("Unrelated", "harbour cranes idle", "s9", "P9", "en")]
    df = _frame(rows)
    names = ["Voltaic Storage", "Voltaic", "Northwind Grid Systems", "Northwind Grid", "Helio Cell Works", "Helio"]
    terms = " ".join(terms_against(df.iloc[:3], df, exclude=names, top=20)["term"]).lower()
    for name in ("voltaic", "northwind", "helio", "grid", "cell works"):
        assert name not in terms
    assert "flywheels" in terms or "tender" in terms
