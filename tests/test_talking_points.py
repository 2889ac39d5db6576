"""Talking points: recent, widely covered, relevant stories first, the interviewee's own press scored down, one
sentence each without datelines or tickers, undated stories skipped, one point per story."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from iiwork import InvalidInput
from iiwork.brief.talking_points import (
    TalkingPoint,
    choose_talking_points,
    coverage_factor,
    interest_stems,
    point_sentence,
    recency_factor,
)

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)


def story(story_id, headline, *, days, articles, outlets, scope, event="other", summary=None, terms="", undated=False):
    seen = pd.Timestamp(NOW - timedelta(days=days))
    return {
        "story_id": story_id,
        "headline": headline,
        "first_seen": seen - pd.Timedelta(hours=6),
        "last_seen": seen,
        "articles": articles,
        "outlets": outlets,
        "summary": summary,
        "top_terms": terms,
        "event_type": event,
        "date_estimated": undated,
        "scope": scope,
    }


@pytest.fixture
def stories():
    return pd.DataFrame(
        [
            story(
                1,
                "Voltaic Storage secures $320 million convertible notes offering",
                days=2,
                articles=6,
                outlets=4,
                scope="own",
                event="funding",
                summary="AUSTIN, Texas, March 18, 2026 /PRNewswire/ -- Voltaic Storage (NASDAQ: VLTC) said it raised "
                "$320 million in convertible notes to build a second battery plant.\nThe notes mature in 2031.",
                terms="voltaic, notes, battery, plant",
            ),
            story(
                2,
                "FERC finalises interconnection queue rule for grid storage",
                days=4,
                articles=5,
                outlets=3,
                scope="industry",
                event="legal",
                summary="Federal regulators finalised a rule to speed up grid connections for storage projects.\nMore.",
                terms="ferc, interconnection, grid, storage, queue",
            ),
            story(
                3,
                "Helio Grid acquires software maker Tessellate",
                days=1,
                articles=3,
                outlets=3,
                scope="peer",
                event="acquisition",
                summary="NEW YORK (Reuters) - Helio Grid agreed to buy planning software maker Tessellate.",
                terms="helio, tessellate, software, planning",
            ),
            story(4, "Battery prices fall again, survey finds", days=18, articles=9, outlets=7, scope="industry"),
            story(5, "Undated feature on storage", days=0, articles=12, outlets=9, scope="industry", undated=True),
        ]
    )


ARTICLES = pd.DataFrame(
    {
        "article_id": [10, 11, 12, 13, 14],
        "story_id": [1, 1, 1, 2, 3],
        "title": ["a", "b", "c", "d", "e"],
        "publisher": ["Reuters", "PR Newswire", "Reuters", "Utility Dive", "Reuters"],
    }
)


def points(stories, **options):
    options = {"role": "Senior Grid Planning Engineer", "industry": "energy storage", **options}
    return choose_talking_points(stories, now=NOW, **options)


def test_order_prefers_relevant_industry_and_peer_news_over_the_interviewees_own_press(stories):
    found = points(stories)
    assert [p.story_id for p in found] == [2, 3, 1, 4]  # the undated story 5 is skipped
    assert all(isinstance(p, TalkingPoint) for p in found)
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_reasons_say_why_each_was_chosen(stories):
    reasons = {p.story_id: p.reason for p in points(stories)}
    assert reasons == {
        2: "3 outlets, 4 days ago, about the industry, regulation or the courts, mentions grid, storage",
        3: "3 outlets, 1 day ago, about a peer company, mentions grid, planning",
        1: "4 outlets, 2 days ago, about their own organisation, mentions storage",
        4: "7 outlets, 18 days ago, about the industry",
    }


def test_sentences_come_from_the_summary_without_datelines_or_tickers_else_the_headline(stories):
    sentences = {p.story_id: p.sentence for p in points(stories)}
    assert (
        sentences[1]
        == "Voltaic Storage said it raised $320 million in convertible notes to build a second battery plant."
    )
    assert sentences[3] == "Helio Grid agreed to buy planning software maker Tessellate."
    assert sentences[4] == "Battery prices fall again, survey finds."


def test_sources_name_the_publishers_most_articles_first_else_the_outlet_count(stories):
    sources = {p.story_id: p.source for p in points(stories, articles=ARTICLES)}
    assert sources[1] == "Reuters, PR Newswire, 18 Mar 2026"
    assert sources[2] == "Utility Dive, 16 Mar 2026"
    assert sources[4] == "7 outlets, 2 Mar 2026"


def test_the_role_and_industry_words_a_story_shares_move_it_up(stories):
    found = points(stories, role=None, industry=None)
    assert [p.story_id for p in found] == [2, 3, 1, 4]
    assert "mentions" not in " ".join(p.reason for p in found)
    found = points(stories, role="Planning Software Analyst", industry=None)
    assert [p.story_id for p in found][:2] == [3, 2]
    assert found[0].reason.endswith("mentions software, planning")


def test_own_press_is_scored_down_not_left_out(stories):
    own, industry = (points(stories.assign(scope=scope))[0] for scope in ("own", "industry"))
    assert own.story_id == industry.story_id
    assert own.score == pytest.approx(industry.score * 0.35, rel=1e-3)
    stories.loc[stories["story_id"] == 1, ["articles", "outlets", "last_seen"]] = [60, 40, pd.Timestamp(NOW)]
    assert [p.story_id for p in points(stories)] == [2, 3, 1, 4]  # even 40 outlets today: below relevant news


def test_limit_and_one_point_per_story(stories):
    doubled = pd.concat([stories, stories.assign(scope="industry")], ignore_index=True)
    found = points(doubled, limit=3)
    assert len(found) == 3
    assert len({p.story_id for p in found}) == 3
    assert [(p.story_id, p.reason) for p in found if p.story_id == 1] == [
        (1, "4 outlets, 2 days ago, about the industry, mentions storage")  # the better-scored copy, once
    ]
    with pytest.raises(InvalidInput):
        points(stories, limit=0)


def test_recency_is_the_first_factor(stories):
    old = stories.assign(last_seen=stories["last_seen"] - pd.Timedelta(days=60))
    assert [p.story_id for p in points(old)] == [2, 3, 1, 4]  # all equally older: same order
    assert all(o.score < n.score for o, n in zip(points(old), points(stories)))


def test_factors():
    assert recency_factor(0) == 1.0
    assert recency_factor(7) == pytest.approx(0.5)
    assert recency_factor(-3) == 1.0  # a date after now counts as today
    assert coverage_factor(10, 5) > coverage_factor(10, 1) > coverage_factor(1, 1)
    assert interest_stems("Senior Grid Planning Engineer", "energy storage") == {
        "grid",
        "plan",
        "engin",
        "energi",
        "storag",
    }


def test_long_sentences_are_cut_to_about_thirty_words():
    long = " ".join(f"word{i}" for i in range(50))
    cut = point_sentence(long, "Headline")
    assert cut.endswith("…") and len(cut.split()) == 30
    assert point_sentence(None, "Acme (NYSE: ACME) names a new chief") == "Acme names a new chief."
    assert point_sentence("\n\n", "Acme buys $ACME rival") == "Acme buys rival."


def test_empty_and_all_undated_frames_give_no_points(stories):
    assert points(stories.iloc[:0]) == []
    assert points(stories.assign(date_estimated=True)) == []
