"""Questions for an informational interview: ones grounded in the research (each naming the story or trend it comes
from, TIARA's trends, insights, advice, resources and assignments), fixed ones on culture, career path, feedback and
the referral ask, and a check of the user's own questions against the gathered articles.

The interviewee's time is for judgement, opinion and experience, so the generated questions never ask for facts
the research already holds, and a stored question is flagged `answered_by` an article when it is factual by its
opening words ("how much", "who", "when did", ...), asks nothing of the interviewee's own view, and at least
`ANSWERED_SHARE` of its content words (at least two; synonyms of one event folded into one concept: raise, secure,
round, notes, offering → funding) appear in that one article's title and summary ("how much" / "how many" also need
a figure there).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from ..analysis.stopwords import ENGLISH_STOP_WORDS
from ..analysis.subjects import strip_dateline
from ..analysis.terms import porter_stem
from ..errors import InvalidInput

TIARA = ("trends", "insights", "advice", "resources", "assignments")
FRAMES = (*TIARA, "culture", "career", "feedback", "referral")
ANSWERED_SHARE = 0.75  # a stored question is answered by an article holding this share of its content words...
ANSWERED_MIN_WORDS = 2  # ...when it has at least this many
HEADLINE_WORDS = 12  # a story is named by its headline cut to this many words
GROUNDED_TRENDS = 3  # at most this many rising terms ground questions
Rising: TypeAlias = pd.DataFrame | Sequence[str | tuple[str, str | None]] | None

# Opening words of a question that asks for a fact (one a search could answer), not a judgement.
_FACTUAL = re.compile(
    r"^\s*(?:who|whom|whose|when|where|which|how (?:much|many|big|large|long|old|often)|"
    r"what (?:is|was|are|were|year|date|percentage|share|price)|what's|"
    r"did|does|do|has|have|had|is|are|was|were)\b",
    re.I,
)
# The interviewee's own view or experience: never "answerable with a little online research".
_OPINION = re.compile(
    r"\b(?:you|your)\b.*\b(?:think|feel|enjoy|like|love|see|view|opinion|experience|advise|advice|recommend|"
    r"surprise|surprised|expect|believe|learn|learned|suggest|wish|prefer|find)\b|\b(?:should i|would you|in your)\b",
    re.I,
)
# Anywhere in a generated question (a headline quoted in it, say): it would read as asking for a fact.
ASKS_FOR_FACTS = re.compile(r"\b(?:how much|how many|when did|what is the (?:price|cost|size))\b", re.I)
_ASKS_FOR_FIGURES = re.compile(r"\bhow (?:much|many)\b", re.I)
_FIGURE = re.compile(r"\d|\b(?:million|billion|thousand|hundred|dozen)s?\b", re.I)
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_PUBLISHER_TAIL = re.compile(r"\s+[-|\u2013\u2014]\s+[A-Z][\w.&' ]{1,40}$")


def _listed(words: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(words.split())


FILLER_WORDS = _listed(
    "did does doing done latest newest new recent recently current currently exactly roughly approximately total "
    "overall ever year's company company's firm"
)
# Words of one kind of event: a question's word and an article's synonym count as the same content word.
CONCEPT_WORDS = {
    "funding": "raise raised raises raising secure secured secures funding fund funds funded round rounds invest "
    "investment investors financing capital offering notes",
    "acquisition": "acquire acquired acquires acquisition buy buys bought purchase purchased takeover merger merge",
    "leadership": "ceo chief executive appoint appointed appoints hire hired successor",
    "layoffs": "layoff layoffs lay laid cut cuts jobs job redundancies",
    "launch": "launch launched launches release released unveil unveiled unveils debut introduce introduced",
    "results": "revenue revenues sales earnings profit profits loss losses quarter quarterly results",
    "partnership": "partner partners partnership alliance collaborate collaboration",
    "legal": "sue sued sues lawsuit court regulator regulators fine fined settle settlement probe investigation",
}
_CONCEPTS = {porter_stem(word): concept for concept, words in CONCEPT_WORDS.items() for word in words.split()}
_SKIPPED = ENGLISH_STOP_WORDS | FILLER_WORDS
# Words that say which frame a user's own question belongs to (first match in this order; else insights).
FRAME_WORDS = {
    "referral": ("talk to", "introduce", "anyone else", "use your name", "refer"),
    "feedback": ("competitive", "feedback", "candidate", "my background", "resume", "cv"),
    "assignments": ("project", "projects", "assignment", "task", "exercise"),
    "resources": ("read", "resources", "newsletters", "books", "podcasts", "conferences", "events", "follow"),
    "advice": ("advice", "advise", "recommend", "should i", "would you suggest"),
    "career": ("career", "path", "got into", "get into", "start", "next step", "promotion"),
    "culture": ("culture", "team", "enjoy", "typical", "week", "work-life", "values", "like working"),
    "trends": ("trend", "future", "changing", "change", "growing", "heading", "next few years"),
}


@dataclass(frozen=True)
class Question:
    """A question to ask: its text, its frame, the story headline or trend it comes from, and the article that
    already answers it (then it is better not asked)."""

    text: str
    frame: str
    grounded_in: str | None = None
    answered_by: str | None = None


@dataclass(frozen=True)
class _Topic:
    """A story or a rising term a question can be grounded in."""

    kind: str  # "story" or "trend"
    name: str  # what the question says: the quoted short headline, or the term
    source: str  # grounded_in: the full headline, or the term
    event: str = "other"
    scope: str = "industry"
    note: str | None = None


@dataclass(frozen=True)
class _Context:
    """The interviewee's role, organisation and industry as a question says them."""

    role: str | None
    organisation: str
    industry: str

    @property
    def organisations(self) -> str:
        """The possessive of the organisation ("Voltaic's", "Gridworks'")."""
        return self.organisation + ("'" if self.organisation.endswith("s") else "'s")

    @property
    def roles(self) -> str:
        """The kind of job: "grid planning engineer roles", or "roles like yours" without a role."""
        return f"{self.role} roles" if self.role else "roles like yours"

    @property
    def work(self) -> str:
        """The kind of work: "grid planning engineer work", or "work like yours" without a role."""
        return f"{self.role} work" if self.role else "work like yours"


def _context(role: str | None, organisation: str | None, industry: str | None) -> _Context:
    """The context with blanks filled ("your organisation", "the industry"; no role: "roles like yours")."""
    role = " ".join((role or "").split()) or None
    return _Context(
        role, (organisation or "").strip() or "your organisation", (industry or "").strip() or "the industry"
    )


def research_questions(
    stories: pd.DataFrame,
    *,
    rising: Rising,
    role: str | None,
    organisation: str | None,
    industry: str | None,
    plan_to_talk_to: Sequence[str] = (),
    limit: int = 8,
) -> list[Question]:
    """Up to `limit` questions grounded in the stories and rising terms (TIARA's frames in turn, one story or trend
    each), then the fixed ones: culture (2), career path (2), candid feedback and the referral ask."""
    if limit < 0:
        raise InvalidInput(f"limit must be at least 0, not {limit}")
    context = _context(role, organisation, industry)
    grounded = _grounded(_story_topics(stories), _trend_topics(rising), context=context, limit=limit)
    return [*grounded, *fixed_questions(role=role, organisation=organisation, plan_to_talk_to=plan_to_talk_to)]


def _grounded(stories: Iterable[_Topic], trends: Iterable[_Topic], *, context: _Context, limit: int) -> list[Question]:
    """TIARA's frames in turn, each taking the next unused topic of the kind it prefers (else the other kind); a
    question that would read as asking for a fact (a headline's "how many") is left out."""
    pools = {"story": deque(stories), "trend": deque(trends)}
    out: list[Question] = []
    while len(out) < limit and any(pools.values()):
        for frame in TIARA:
            topic = _take(pools, PREFERRED[frame]) if len(out) < limit else None
            if topic is None:
                break
            text = _template(frame, topic).format(topic=topic.name, note=_note(topic), **_fields(context))
            if not is_factual_question(text) and not ASKS_FOR_FACTS.search(text):
                out.append(Question(text=text, frame=frame, grounded_in=topic.source))
    return out


def fixed_questions(
    *, role: str | None, organisation: str | None, plan_to_talk_to: Sequence[str] = ()
) -> list[Question]:
    """The questions every interview has: culture (2), career path (2), candid feedback and the referral ask."""
    context = _context(role, organisation, None)
    culture = [
        f"How would you describe the culture at {context.organisation}: who thrives there, and who struggles?",
        "What does a typical week look like for you, and which part of it do you enjoy most?",
    ]
    career = [
        f"How did you get into {context.work}, and what would you do differently if you started again?",
        f"Where do people in {context.roles} usually go next, and what experience makes that step possible?",
    ]
    feedback = (
        f"From what I have told you about my background, how competitive would I be for {context.roles}, "
        "and what would make me a stronger candidate? Please be candid."
    )
    return [
        *(Question(text, "culture") for text in culture),
        *(Question(text, "career") for text in career),
        Question(feedback, "feedback"),
        Question(referral_ask(plan_to_talk_to), "referral"),
    ]


def referral_ask(plan_to_talk_to: Sequence[str]) -> str:
    """The closing ask: who else to talk to, naming whom the research already points to, and whether to use the
    interviewee's name."""
    names = [name.strip() for name in plan_to_talk_to if name and name.strip()]
    if not names:
        return "Based on my research, is there anyone you think I should talk to? May I use your name?"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Based on my research I plan to talk to {listed}. Is there anyone else I should talk to? May I use your name?"
    )


def check_stored(stored: Iterable[str], *, articles: pd.DataFrame) -> list[Question]:
    """The user's own questions in their order (blanks dropped), each with its frame and, when the gathered research
    already answers it, the article that does ("title (publisher)")."""
    texts = [text for text in (s.strip() for s in stored) if text]
    documents = _article_documents(articles) if any(map(is_factual_question, texts)) else []
    return [Question(text, question_frame(text), answered_by=answering_article(text, documents)) for text in texts]


def is_factual_question(text: str) -> bool:
    """Whether a question asks for a fact (by its opening words) rather than the interviewee's view or experience."""
    return bool(_FACTUAL.search(text)) and not _OPINION.search(text)


def question_frame(text: str) -> str:
    """The frame a user's question belongs to, by its words (insights when none match)."""
    low = text.lower()
    return next((frame for frame, words in FRAME_WORDS.items() if any(_has(low, w) for w in words)), "insights")


def content_keys(text: str) -> frozenset[str]:
    """A text's content words as matching keys: Porter stems of its non-stop words, event synonyms as one concept."""
    words = (w.replace("\u2019", "'").removesuffix("'s") for w in _WORD.findall(text.lower()))
    stems = (porter_stem(w) for w in words if w not in _SKIPPED and len(w) > 1)
    return frozenset(_CONCEPTS.get(stem, stem) for stem in stems)


def answering_article(question: str, documents: Sequence[tuple[str, frozenset[str], bool]]) -> str | None:
    """The first article (label, keys, has a figure) holding the most — at least `ANSWERED_SHARE` — of a factual
    question's content words, else None."""
    keys = content_keys(question)
    if not is_factual_question(question) or len(keys) < ANSWERED_MIN_WORDS:
        return None
    needs_figure = bool(_ASKS_FOR_FIGURES.search(question))
    best, best_share = None, ANSWERED_SHARE
    for label, found, has_figure in documents:
        share = len(keys & found) / len(keys)
        if share >= best_share and (has_figure or not needs_figure) and (best is None or share > best_share):
            best, best_share = label, share
    return best


def short_headline(headline: str) -> str:
    """A story's headline as a question names it: no dateline or " - Publisher" tail, at most 12 words, quoted."""
    text = _PUBLISHER_TAIL.sub("", strip_dateline(" ".join(str(headline).split()))).rstrip(" .!?:;,")
    words = text.split()
    text = " ".join(words[:HEADLINE_WORDS]).rstrip(" ,;:") + ("…" if len(words) > HEADLINE_WORDS else "")
    return f"\u201c{text}\u201d"


PREFERRED = {
    "trends": ("trend", "story"),
    "insights": ("story", "trend"),
    "advice": ("trend", "story"),
    "resources": ("trend", "story"),
    "assignments": ("story", "trend"),
}
TEMPLATES = {
    ("trends", "trend"): "Coverage of {topic} has grown lately{note}: how is that changing {organisations} plans?",
    (
        "trends",
        "story",
    ): "Stories like {topic} keep coming up: where do you think {industry} is heading because of them?",
    ("insights", "trend"): "What has surprised you most about how {topic} is playing out at {organisation}?",
    ("insights", "story"): "What surprised you most about {topic}?",
    ("advice", "trend"): "With {topic} in the news, what would you advise someone aiming for {roles} to learn first?",
    ("advice", "story"): "After {topic}, what would you advise someone aiming for {roles} to focus on?",
    ("resources", "trend"): "Which people, groups or newsletters would you follow to understand {topic} properly?",
    ("resources", "story"): "Where would you go to read past the headlines on stories like {topic}?",
    ("assignments", "trend"): "What small project on {topic} would convince you that someone could do {work}?",
    (
        "assignments",
        "story",
    ): "If a newcomer asked for a small assignment related to {topic}, what would you give them?",
}
# Insights about a story: the angle its kind of event invites (the interviewee's own organisation: their experience).
INSIGHT_TEMPLATES = {
    "own": "How did {topic} feel from inside {organisation}, and what did you learn from it?",
    "funding": "What does {topic} tell you about where investors think {industry} is going?",
    "acquisition": "How do you think {topic} changes the competition {organisation} faces?",
    "layoffs": "How have cuts like {topic} changed the way teams hire for {roles}?",
    "leadership": "How does a leadership change like {topic} reach people doing {work} day to day?",
    "legal": "How does {topic} change day-to-day {work}?",
    "product": "What did you make of {topic}, and how does {organisation} decide what to build next?",
}


def _template(frame: str, topic: _Topic) -> str:
    """The template of a frame for a topic: insights about a story by its scope and event, else by frame and kind."""
    if frame == "insights" and topic.kind == "story":
        key = "own" if topic.scope == "own" else topic.event
        return INSIGHT_TEMPLATES.get(key, TEMPLATES[frame, "story"])
    return TEMPLATES[frame, topic.kind]


def _fields(context: _Context) -> dict[str, str]:
    """The context's words for the templates."""
    return {
        "roles": context.roles,
        "work": context.work,
        "organisation": context.organisation,
        "organisations": context.organisations,
        "industry": context.industry,
    }


def _note(topic: _Topic) -> str:
    """A trend's note in brackets (" (3 times last month's coverage)"), or nothing."""
    return f" ({topic.note})" if topic.note else ""


def _take(pools: dict[str, deque[_Topic]], kinds: tuple[str, str]) -> _Topic | None:
    """The next topic of the first kind that has one left."""
    pool = next((pools[kind] for kind in kinds if pools[kind]), None)
    return pool.popleft() if pool else None


def _story_topics(stories: pd.DataFrame) -> list[_Topic]:
    """The stories as topics: dated ones first, then by outlets, articles and recency; one per headline."""
    if stories.empty:
        return []
    ranked = stories.assign(
        _undated=stories.get("date_estimated", pd.Series(False, index=stories.index)).fillna(False).astype(bool),
        _outlets=pd.to_numeric(stories.get("outlets", 0), errors="coerce").fillna(0),
        _articles=pd.to_numeric(stories.get("articles", 0), errors="coerce").fillna(0),
    ).sort_values(["_undated", "_outlets", "_articles", "last_seen"], ascending=[True, False, False, False])
    topics: dict[str, _Topic] = {}
    for _, row in ranked.iterrows():
        headline = " ".join(str(row.get("headline") or "").split())
        if headline and headline.lower() not in topics:
            topics[headline.lower()] = _story_topic(row, headline)
    return list(topics.values())


def _story_topic(row: pd.Series, headline: str) -> _Topic:
    """One story row as a topic."""
    scope, event = row.get("scope"), row.get("event_type")
    return _Topic(
        kind="story",
        name=short_headline(headline),
        source=headline,
        event=event if isinstance(event, str) and event else "other",
        scope=scope if isinstance(scope, str) and scope else "industry",
    )


def _trend_topics(rising: Rising) -> list[_Topic]:
    """The rising terms as topics (a frame with term and maybe note or score, or terms, or (term, note) pairs)."""
    if rising is None:
        return []
    if isinstance(rising, pd.DataFrame):
        if rising.empty:
            return []
        notes = rising["note"] if "note" in rising else pd.Series(None, index=rising.index, dtype=object)
        pairs: list[tuple[str, object]] = list(zip(rising["term"].astype(str), notes))
    else:
        pairs = [(item, None) if isinstance(item, str) else (item[0], item[1]) for item in rising]
    topics: dict[str, _Topic] = {}
    for term, note in pairs:
        if term.strip() and term.strip().lower() not in topics:
            topics[term.strip().lower()] = _Topic("trend", term.strip(), term.strip(), note=_text(note))
    return list(topics.values())[:GROUNDED_TRENDS]


def _text(value: object) -> str | None:
    """A note as text, or None when missing or blank."""
    return value.strip() or None if isinstance(value, str) else None


def _article_documents(articles: pd.DataFrame) -> list[tuple[str, frozenset[str], bool]]:
    """Each article's label ("title (publisher)"), the content keys of its title and summary, and whether they hold
    a figure."""
    out = []
    for title, summary, publisher in zip(*(_column(articles, name) for name in ("title", "summary", "publisher"))):
        label = f"{title} ({publisher})" if publisher else title
        both = f"{title}\n{summary}"
        out.append((label, content_keys(both), bool(_FIGURE.search(both))))
    return out


def _column(articles: pd.DataFrame, name: str) -> list[str]:
    """A text column's values, blank for missing ones (all blank when the column is absent)."""
    if name not in articles:
        return [""] * len(articles)
    return [_text(value) or "" for value in articles[name].tolist()]


def _has(low: str, phrase: str) -> bool:
    """Whether a lowercase text holds a phrase as whole words."""
    return re.search(rf"\b{re.escape(phrase)}\b", low) is not None
