"""Questions for an informational interview: grounded in the research (naming their story or trend, covering
TIARA's frames, asking for judgement not facts), the fixed culture, career, feedback and referral ones, and the
check of the user's own questions against the gathered articles."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from iiwork import InvalidInput
from iiwork.brief.questions import (
    FRAMES,
    TIARA,
    Question,
    check_stored,
    content_keys,
    fixed_questions,
    is_factual_question,
    question_frame,
    referral_ask,
    research_questions,
    short_headline,
)

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
FACT_SEEKING = re.compile(r"\b(how much|how many|when did|when was|what is the (price|cost)|how big)\b", re.I)


def story(story_id, headline, *, days, outlets, scope, event="other", undated=False):
    seen = pd.Timestamp(NOW - timedelta(days=days))
    return {
        "story_id": story_id,
        "headline": headline,
        "first_seen": seen,
        "last_seen": seen,
        "articles": outlets + 1,
        "outlets": outlets,
        "summary": f"{headline}.",
        "top_terms": "",
        "event_type": event,
        "date_estimated": undated,
        "scope": scope,
    }


STORIES = pd.DataFrame(
    [
        story(1, "Voltaic Storage secures $320 million convertible notes offering", days=2, outlets=4, scope="own",
              event="funding"),
        story(2, "FERC finalises interconnection queue rule for grid storage - Utility Dive", days=4, outlets=6,
              scope="industry", event="legal"),
        story(3, "Helio Grid acquires software maker Tessellate for $85 million", days=1, outlets=5, scope="peer",
              event="acquisition"),
        story(4, "Battery prices fell 12% last year, survey finds", days=18, outlets=3, scope="industry"),
    ]
)  # fmt: skip
RISING = [("long-duration storage", "3 times last month's coverage"), ("virtual power plants", None)]
ARTICLES = pd.DataFrame(
    {
        "article_id": [10, 11, 12],
        "story_id": [1, 3, 2],
        "title": [
            "Voltaic Storage secures $320 million convertible notes offering",
            "Helio Grid acquires Tessellate",
            "FERC finalises interconnection queue rule",
        ],
        "publisher": ["PR Newswire", "Reuters", "Utility Dive"],
        "published": [pd.Timestamp(NOW)] * 3,
        "url": ["https://example.com/a", "https://example.com/b", "https://example.com/c"],
        "summary": [
            "Voltaic Storage said it will use the proceeds of the offering to build a second battery plant in Texas.",
            "Helio Grid agreed to buy the grid planning software maker.",
            None,
        ],
        "text": [None, None, None],
    }
)


def generate(stories=STORIES, **options):
    options = {
        "rising": RISING,
        "role": "grid planning engineer",
        "organisation": "Voltaic Storage",
        "industry": "energy storage",
        "plan_to_talk_to": ["Ana Ruiz at Helio Grid", "Gridworks"],
        **options,
    }
    return research_questions(stories, **options)


def grounded(questions):
    return [q for q in questions if q.frame in TIARA]


def test_grounded_questions_name_their_story_or_trend():
    found = grounded(generate())
    assert len(found) == 6  # two trends and four stories, one question each
    for question in found:
        assert question.grounded_in is not None and question.answered_by is None
        named = question.grounded_in if question.grounded_in in dict(RISING) else short_headline(question.grounded_in)
        assert named in question.text, question
    assert {q.grounded_in for q in found} == {*dict(RISING), *STORIES["headline"]}


def test_grounded_questions_cover_every_tiara_frame_in_turn():
    found = grounded(generate())
    assert [q.frame for q in found] == [*TIARA, "trends"]
    assert {q.frame for q in generate()} <= set(FRAMES)


def test_examples_of_each_frame():
    texts = [q.text for q in grounded(generate())]
    assert texts[0] == (
        "Coverage of long-duration storage has grown lately (3 times last month's coverage): "
        "how is that changing Voltaic Storage's plans?"
    )
    assert texts[1] == (
        "How does \u201cFERC finalises interconnection queue rule for grid storage\u201d change day-to-day "
        "grid planning engineer work?"
    )  # the most covered story; its publisher tail left out
    assert texts[2] == (
        "With virtual power plants in the news, what would you advise someone aiming for grid planning engineer "
        "roles to learn first?"
    )


def test_insights_about_the_interviewees_own_press_ask_for_their_experience():
    own = STORIES[STORIES["scope"] == "own"]
    found = grounded(generate(own, rising=None))
    assert found[0].frame == "trends" and found[0].grounded_in == own["headline"].iloc[0]
    insight = grounded(generate(pd.concat([STORIES.iloc[[1]], own]), rising=None))[1]
    assert insight.text.startswith("How did \u201cVoltaic Storage secures") and "what did you learn" in insight.text


def test_generated_questions_never_ask_for_facts_the_research_holds():
    for question in generate():
        assert not FACT_SEEKING.search(question.text), question.text
        assert not is_factual_question(question.text) or question.frame not in TIARA, question.text


def test_a_headline_that_would_read_as_a_factual_question_is_left_out():
    asks = pd.DataFrame([story(9, "How much did Voltaic raise? Everything we know", days=1, outlets=9, scope="own")])
    found = generate(pd.concat([asks, STORIES]), rising=None)
    assert not [q for q in found if q.grounded_in and q.grounded_in.startswith("How much")]
    assert not any(FACT_SEEKING.search(q.text) for q in found)


def test_fixed_questions_follow_the_grounded_ones():
    found = generate(limit=3)
    assert [q.frame for q in found] == [*TIARA[:3], "culture", "culture", "career", "career", "feedback", "referral"]
    assert all(q.grounded_in is None for q in found[3:])
    feedback = next(q for q in found if q.frame == "feedback")
    assert "competitive" in feedback.text and "candid" in feedback.text
    assert generate(limit=0) == fixed_questions(
        role="grid planning engineer",
        organisation="Voltaic Storage",
        plan_to_talk_to=["Ana Ruiz at Helio Grid", "Gridworks"],
    )
    with pytest.raises(InvalidInput):
        generate(limit=-1)


def test_the_referral_ask_names_whom_the_research_points_to():
    referral = generate()[-1]
    assert referral.frame == "referral"
    assert referral.text == (
        "Based on my research I plan to talk to Ana Ruiz at Helio Grid and Gridworks. "
        "Is there anyone else I should talk to? May I use your name?"
    )
    assert referral_ask(["A", "B", "C"]).startswith("Based on my research I plan to talk to A, B and C. ")
    assert (
        referral_ask([" ", ""])
        == "Based on my research, is there anyone you think I should talk to? May I use your name?"
    )


def test_without_research_or_context_the_fixed_questions_still_read_well():
    found = research_questions(STORIES.iloc[:0], rising=None, role=None, organisation=None, industry=None)
    assert [q.frame for q in found] == ["culture", "culture", "career", "career", "feedback", "referral"]
    assert "the culture at your organisation" in found[0].text
    assert "roles like yours" in found[3].text and "roles like yours" in found[4].text


def test_rising_terms_as_a_frame_or_plain_terms():
    frame = pd.DataFrame({"term": ["virtual power plants", "virtual power plants", "sodium-ion"], "score": [3, 2, 1]})
    found = grounded(generate(STORIES.iloc[:0], rising=frame))
    assert [q.grounded_in for q in found] == ["virtual power plants", "sodium-ion"]
    assert found[0].text.startswith("Coverage of virtual power plants has grown lately: ")
    assert [q.grounded_in for q in grounded(generate(STORIES.iloc[:0], rising=["sodium-ion"]))] == ["sodium-ion"]


def test_stored_factual_question_the_research_answers_is_flagged():
    (question,) = check_stored(["How much did Voltaic raise in its latest round?"], articles=ARTICLES)
    assert question.answered_by == "Voltaic Storage secures $320 million convertible notes offering (PR Newswire)"
    assert question.text == "How much did Voltaic raise in its latest round?" and question.grounded_in is None


def test_stored_questions_of_judgement_or_experience_are_not_flagged():
    stored = [
        "What do you enjoy most about working in planning?",
        "What did you think of Voltaic's convertible notes offering?",
        "Do you think Helio Grid's purchase of Tessellate will change grid planning software?",
    ]
    assert [q.answered_by for q in check_stored(stored, articles=ARTICLES)] == [None, None, None]


def test_stored_check_other_factual_questions():
    found = check_stored(
        [
            "Who acquired Tessellate?",
            "When did FERC finalise the interconnection rule?",
            "How many employees does Voltaic have?",  # the research holds no head count
            "How much did Helio Grid pay for Tessellate?",  # nor the price (its articles hold no figure)
            "Who is the CEO?",  # a single content word: too vague to call answered
            "  ",
        ],
        articles=ARTICLES,
    )
    assert [q.answered_by for q in found] == [
        "Helio Grid acquires Tessellate (Reuters)",
        "FERC finalises interconnection queue rule (Utility Dive)",
        None,
        None,
        None,
    ]


def test_factual_by_opening_words_unless_it_asks_for_a_view():
    assert is_factual_question("How much did Voltaic raise?")
    assert is_factual_question("Did Voltaic open a second plant?")
    assert not is_factual_question("Why did Voltaic raise money now?")
    assert not is_factual_question("Do you think the rule will help?")
    assert not is_factual_question("Which newsletters would you recommend?")


def test_content_words_fold_an_events_synonyms():
    assert content_keys("How much did Voltaic raise in its latest round?") == {"voltaic", "funding"}
    assert content_keys("Voltaic Storage secures $320 million convertible notes offering") >= {"voltaic", "funding"}


def test_stored_questions_get_a_frame():
    assert question_frame("What do you enjoy most about working in planning?") == "culture"
    assert question_frame("Which newsletters should I read?") == "resources"
    assert question_frame("Is there anyone else I should talk to?") == "referral"
    assert question_frame("How did you get into this career?") == "career"
    assert question_frame("How much did Voltaic raise?") == "insights"
    assert all(isinstance(q, Question) for q in check_stored(["Why?"], articles=ARTICLES.iloc[:0]))


def test_short_headlines():
    assert short_headline("FERC finalises rule - Utility Dive") == "\u201cFERC finalises rule\u201d"
    long = short_headline("one two three four five six seven eight nine ten eleven twelve thirteen")
    assert long == "\u201cone two three four five six seven eight nine ten eleven twelve…\u201d"
