"""Trend tables: periods, volume, share of voice, emerging terms, Kleinberg bursts and empty input."""

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from iiwork import InvalidInput, Workbook
from iiwork.analysis import trends


def articles(rows):
    df = pd.DataFrame(rows, columns=["published", "title", "publisher", "company"])
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df["summary"] = None
    return df


def steady_then_spike(weeks=8, per_week=10, spike_week=6, spike=8):
    rows = []
    for week in range(weeks):
        day = pd.Timestamp("2026-06-01", tz="UTC") + pd.Timedelta(weeks=week)
        rows += [
            (day, f"Grid operators report routine update number {i}", "Grid Ledger", "Voltaic") for i in range(per_week)
        ]
        if week == spike_week:
            rows += [
                (day, f"Sodium-ion cells reach record density in test {i}", "Daily Current", "Helio")
                for i in range(spike)
            ]
    return articles(rows)


def test_periods_start_on_monday_day_and_month():
    stamps = pd.Series(pd.to_datetime(["2026-09-16 23:30", "2026-09-20 10:00"], utc=True))
    assert trends.period_start(stamps, "W").tolist() == [pd.Timestamp("2026-09-14", tz="UTC")] * 2
    assert trends.period_start(stamps, "M").tolist() == [pd.Timestamp("2026-09-01", tz="UTC")] * 2
    assert trends.period_start(stamps, "D").iloc[0] == pd.Timestamp("2026-09-16", tz="UTC")
    with pytest.raises(InvalidInput, match="freq"):
        trends.period_start(stamps, "Q")


def test_volume_counts_articles_and_stories_per_period():
    df = steady_then_spike()
    table = trends.volume(df, by="company")
    assert table["articles"].sum() == len(df)
    assert table[table["company"] == "Helio"]["articles"].tolist() == [8]


def test_share_of_voice_sums_to_one_where_anyone_is_mentioned():
    df = articles(
        [
            ("2026-09-01", "Voltaic and Helio sign deal", "A", None),
            ("2026-09-02", "Voltaic hires", "A", None),
            ("2026-09-09", "Nothing about them", "A", None),
        ]
    )
    names = {"Voltaic Storage": ["Voltaic"], "Helio Cell Works": ["Helio"]}
    table = trends.share_of_voice(df, names, min_articles=1)
    first = table[table["period"] == pd.Timestamp("2026-08-31", tz="UTC")].set_index("company")
    assert first["mentions"].to_dict() == {"Helio Cell Works": 1, "Voltaic Storage": 2}
    assert first["articles"].tolist() == [2, 2]  # articles naming either company
    assert first["share"].sum() == pytest.approx(1.0)
    assert table[table["period"] == pd.Timestamp("2026-09-07", tz="UTC")]["share"].isna().all()  # a gap, not 0%


def test_share_of_voice_leaves_weeks_without_enough_articles_as_gaps():
    rows = [("2026-09-01", f"Voltaic deal {i}", "A", None) for i in range(4)]
    rows += [("2026-09-02", f"Helio plant {i}", "A", None) for i in range(2)]
    rows += [("2026-09-15", "Voltaic hires", "A", None), ("2026-09-16", "Helio hires", "A", None)]
    names = {"Voltaic Storage": ["Voltaic"], "Helio Cell Works": ["Helio"]}
    table = trends.share_of_voice(articles(rows), names, min_articles=5)
    wide = table.pivot(index="period", columns="company", values="share")
    weeks = pd.to_datetime(["2026-08-31", "2026-09-07", "2026-09-14"], utc=True)
    assert wide.index.tolist() == weeks.tolist()  # the week without articles is a row too
    assert wide.loc[weeks[0]].to_dict() == pytest.approx({"Helio Cell Works": 1 / 3, "Voltaic Storage": 2 / 3})
    assert wide.loc[weeks[1]].isna().all() and wide.loc[weeks[2]].isna().all()  # none, and 2 < 5 articles
    assert table.groupby("period")["articles"].max().tolist() == [6, 0, 2]
    with pytest.raises(InvalidInput, match="min_articles"):
        trends.share_of_voice(articles(rows), names, min_articles=0)


def test_rising_terms_are_distinct_stories_and_cover_every_week():
    rows = []
    for week in (0, 1, 2, 3, 5, 6, 7):  # no article in week 4
        day = pd.Timestamp("2026-06-01", tz="UTC") + pd.Timedelta(weeks=week)
        rows += [(day, f"Grid operators report routine update number {i}", "Grid Ledger", "V") for i in range(10)]
        if week == 6:
            rows += [
                (day, f"Quarterly results: backlog grows, full-year outlook kept {i}", f"P{i}", "V") for i in range(8)
            ]
        if week == 7:
            rows += [(day, f"Sodium-ion cells reach record density in test {i}", f"P{i}", "V") for i in range(8)]
    found = trends.trend_tables(articles(rows))
    terms = found.bursts["term"].drop_duplicates().tolist()
    series = {term: tuple(found.bursts.loc[found.bursts["term"] == term, "count"]) for term in terms}
    assert len(set(series.values())) == len(series)  # no two rising terms draw the same line
    assert not {"backlog", "full-year outlook"} <= set(terms)  # one story, one term...
    related = found.bursts.drop_duplicates("term").set_index("term")["related"]
    story = [term for term in terms if "backlog" in f"{term}, {related[term]}"]
    assert len(story) == 1 and related[story[0]]  # ...listed with the others it came with
    weeks = found.bursts.loc[found.bursts["term"] == terms[0]]
    assert len(weeks) == 8 and weeks["total"].tolist()[4] == 0  # the empty week is there, with 0 articles


def test_full_weekday_names_are_no_rising_terms():
    df = articles([("2026-09-01", f"Talks resume on Tuesday in Geneva {i}", "A", None) for i in range(6)])
    terms = set(trends.term_counts(df, min_count=3).terms)
    assert "geneva" in terms and not terms & {"tuesday", "on tuesday"}


def test_emerging_terms_find_the_spike_and_not_the_steady_words():
    counts = trends.term_counts(steady_then_spike(), freq="W", min_count=5)
    found = trends.emerging_terms(counts, min_count=5)
    assert set(found["period"]) == {pd.Timestamp("2026-07-13", tz="UTC")}
    assert "sodium-ion cells" in set(found["term"]) or "sodium-ion" in set(found["term"])
    assert not found["term"].str.contains("routine|grid operators").any()
    assert (found["log_ratio"] > 1).all() and (found["z"] >= 2).all()


def test_phrases_never_jump_over_numbers_stop_words_or_punctuation():
    analyse = trends.phrase_analyzer({"the", "of"})
    assert analyse("Revenue of $94 million, Hong Kong listing") == [
        "revenue",
        "million",
        "hong",
        "kong",
        "hong kong",
        "listing",
        "kong listing",
    ]


def test_kleinberg_flags_a_sustained_spike_only():
    totals = np.full(20, 100)
    hits = np.full(20, 2)
    hits[10:13] = 30
    assert np.flatnonzero(trends.kleinberg(hits, totals)).tolist() == [10, 11, 12]
    hits[15] = 5  # a blip is not a burst
    assert 15 not in np.flatnonzero(trends.kleinberg(hits, totals))
    assert trends.kleinberg([], []).tolist() == [] and trends.kleinberg([0, 0], [5, 5]).tolist() == [0, 0]


def test_empty_frames_and_periods_without_data_give_empty_tables():
    empty = articles([])
    found = trends.trend_tables(empty)
    assert all(table.empty for table in found.tables().values())
    one = articles([("2026-09-01", "Only one article here", "A", "X")])
    assert trends.trend_tables(one).emerging.empty


def test_workbook_trends_on_the_sample(tmp_path):
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(
            company="Voltaic Storage",
            feeds=sorted(str(p) for p in (FIXTURES.parents[1] / "data" / "sample" / "feeds").glob("*.xml")),
        )
        found = wb.trends(company=["Voltaic Storage", "Northwind Grid Systems", "Helio Cell Works"], since="2026-01-01")
        assert set(found.share_of_voice["company"]) == {"Voltaic Storage", "Northwind Grid Systems", "Helio Cell Works"}
        assert found.events["articles"].sum() == found.volume["articles"].sum() > 300
        assert (
            not found.emerging.empty
            and not found.emerging["term"].str.contains("voltaic|grid ledger", case=False).any()
        )
        september = found.events[(found.events["period"].dt.month == 9) & (found.events["event_type"] == "acquisition")]
        assert september["articles"].sum() >= 10  # the Northwind-Helio deal burst
        assert wb.trends(since="2000-01-01", company="Nobody").volume.empty


def test_stop_word_copy_is_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from iiwork.analysis.stopwords import ENGLISH_STOP_WORDS as copy

    assert copy == ENGLISH_STOP_WORDS


def test_term_counts_agree_with_scikit_learns_binary_count_vectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    df = steady_then_spike()
    df.loc[3, "summary"] = "Grid operators said sodium-ion cells, again"
    counts = trends.term_counts(df, freq="W", min_count=3, exclude=["Voltaic"])
    vectorizer = CountVectorizer(
        analyzer=trends.phrase_analyzer(trends._stop_words(["Voltaic"])), binary=True, min_df=3
    )
    matrix = vectorizer.fit_transform((df["title"] + " " + df["summary"].fillna("")).tolist())
    rows = counts.periods.get_indexer(trends.period_start(df["published"], "W"))
    expected = np.zeros((len(counts.periods), matrix.shape[1]), dtype=int)
    np.add.at(expected, rows, matrix.toarray())
    assert counts.terms.tolist() == vectorizer.get_feature_names_out().tolist()
    assert (counts.counts.toarray() == expected).all()
    assert counts.docs.tolist() == np.bincount(rows).tolist()


def test_term_counts_leave_out_source_boilerplate_calendar_words_and_foreign_stop_words():
    rows = [
        (f"Turbine {w}", "Ships in September\nView Full Coverage on Google News", "gnews", "en")
        for w in ("orders", "blades", "towers", "gearboxes", "cranes", "ports")
    ] + [
        (f"Acidente {w}", "que da na para os", "jn", "pt-PT")
        for w in ("grave", "leve", "norte", "sul", "hoje", "lisboa")
    ]
    df = pd.DataFrame(rows, columns=["title", "summary", "source_url", "lang"])
    df["published"] = pd.Timestamp("2026-07-13", tz="UTC")
    df["publisher"] = df["source_url"]
    terms = set(trends.term_counts(df, min_count=3, boilerplate=True).terms)
    assert {"turbine", "acidente"} <= terms
    assert not terms & {"view", "google", "coverage", "september", "que", "da", "na", "para", "os"}


def test_undated_articles_stay_out_of_trends_unless_asked_for():
    from iiwork.analysis.trends import company_trends

    week = pd.Timestamp("2026-11-02", tz="UTC")
    df = pd.DataFrame(
        {
            "title": ["Voltaic raises money", "Voltaic opens plant", "Voltaic undated item"],
            "summary": [None, None, None],
            "published": [week, week + pd.Timedelta(days=7), week + pd.Timedelta(days=14)],
            "publisher": ["A", "B", "C"],
            "company": ["Voltaic Storage"] * 3,
            "story_id": [1, 2, 3],
            "event_type": ["funding", "expansion", "other"],
            "date_estimated": [False, False, True],
        }
    )
    assert company_trends(df).volume["articles"].sum() == 2
    assert company_trends(df, undated=True).volume["articles"].sum() == 3
