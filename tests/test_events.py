import pandas as pd
import pytest
from conftest import FIXTURES

from iiwork import InvalidInput
from iiwork.analysis.events import EVENT_TYPES, tag_event, tag_events


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "event_headlines.csv")
    tags = tag_events(frame.rename(columns={"headline": "title"}))
    return frame.join(tags)


def test_labelled_sample_covers_every_type(labelled):
    assert set(labelled["label"]) == set(EVENT_TYPES)
    assert labelled["label"].value_counts().min() >= 10


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_precision_and_recall_per_type(labelled, kind):
    predicted, actual = labelled["event_type"] == kind, labelled["label"] == kind
    hits = (predicted & actual).sum()
    wrong = labelled[predicted != actual][["headline", "label", "event_type"]]
    assert hits / max(predicted.sum(), 1) >= 0.85, wrong
    assert hits / actual.sum() >= 0.85, wrong


def test_every_tag_explains_itself(labelled):
    tagged = labelled[labelled["event_type"] != "other"]
    assert all(match in title for match, title in zip(tagged["event_match"], tagged["headline"]))
    assert labelled.loc[labelled["event_type"] == "other", "event_match"].isna().all()


def test_title_first_then_opening_text():
    assert tag_event("Quarterly update", "Voltaic Storage raised $40 million in a Series C round.")[0] == "funding"
    assert tag_event("Voltaic Storage acquires Gridline", "It raised $40 million last year.")[0] == "acquisition"


def test_main_clause_beats_subordinate_clause():
    kind, match = tag_event("Northwind appoints new CEO after layoffs hit 200 staff")
    assert kind == "leadership", match


@pytest.mark.parametrize("title", ["", "   ", "Ein ganz normaler Tag", "æ—¥æœ¬ mojibake Ã©tÃ©", "12345"])
def test_empty_foreign_or_mojibake_text_is_other(title):
    assert tag_event(title) == ("other", None)


def test_tag_events_keeps_index_and_handles_missing_values():
    frame = pd.DataFrame(
        {"title": ["Helio Cell Works lays off 120 workers", None], "summary": [None, "x"]}, index=[7, 9]
    )
    tags = tag_events(frame)
    assert tags.index.tolist() == [7, 9]
    assert tags["event_type"].tolist() == ["layoffs", "other"]
    assert tag_events(frame.iloc[:0]).empty


def test_tag_events_rejects_a_frame_without_titles():
    with pytest.raises(InvalidInput, match="title"):
        tag_events(pd.DataFrame({"headline": ["x"]}))
