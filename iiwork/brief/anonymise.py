"""What I've learned so far: earlier interviews' learnings as things you can say, sources generalised, names gone.

Removing names is not anonymising: a role, a small organisation and a place can point to one person. So a
source is described by its kind (a role category, the industry, the size or sector), cities become regions
(from a small table) and a description that fits only one contact you know carries a warning. Pure: it takes
plain data (`Learning`, `Roster`) and touches no workspace.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from ..companies import LEGAL_SUFFIXES, organisation_key


@dataclass(frozen=True)
class Learning:
    """One thing learned in an interview, with who said it (never shown) and what kind of source they are."""

    text: str
    contact: str
    role: str | None = None
    organisation: str | None = None
    industry: str | None = None
    size: str | None = None  # size or sector if known: "small", "startup", "public sector", "51-200 employees"
    interviewed: date | None = None


@dataclass(frozen=True)
class RosterContact:
    """A contact in the workspace, described as `describe_source` describes a learning's source."""

    name: str
    role: str | None = None
    organisation: str | None = None
    industry: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class Roster:
    """Every name that must not be played back: contacts, referred people, organisations and their aliases."""

    contacts: Sequence[RosterContact] = ()
    referred: Sequence[str] = ()  # people referred to you, contacted or not
    names: Sequence[str] = ()  # any other names: first names or surnames recorded apart, nicknames
    organisations: Sequence[str] = ()  # contacts' organisations, followed companies
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)  # organisation -> its other names

    def people(self) -> list[str]:
        """Every person's name the roster knows."""
        return [c.name for c in self.contacts] + list(self.referred) + list(self.names)

    def companies(self) -> dict[str, list[str]]:
        """Every organisation with its aliases (an organisation named only as an alias is its own entry too)."""
        found: dict[str, list[str]] = {}
        for name in [*self.organisations, *(c.organisation or "" for c in self.contacts)]:
            found.setdefault(name, [])
        for name, others in self.aliases.items():
            found.setdefault(name, []).extend(others)
        return {name: names for name, names in found.items() if name.strip()}


@dataclass(frozen=True)
class LearnedPoint:
    """One thing to say in the briefing: the sentence, the kind of source it generalises to and any warning."""

    sentence: str
    description: str
    warning: str | None
    source_count: int


class _Profile(Protocol):
    @property
    def role(self) -> str | None: ...
    @property
    def industry(self) -> str | None: ...
    @property
    def size(self) -> str | None: ...


# --- names in text ---------------------------------------------------------------------------------------------

_PARTICLES = {"de", "da", "das", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter"}
_PARTICLES |= {"bin", "binti", "al", "el", "st", "jr", "sr", "ii", "iii", "iv", "mr", "mrs", "ms", "dr"}
# Names that are also everyday words: an all-lowercase "will", "may" or "target" in a note is the word, not the name.
_ORDINARY = (
    "will may june april august mark bill grace hope joy faith rose dawn frank drew chase guy art rich sky summer "
    "page miles hunter lane young king brown white green black gray grey wood stone hall bell price cook long little "
    "rice park ray sun penny ruby pearl iris ivy lily holly amber crystal major sterling an do to so go ma ho "
    "target square apple shell slack notion zoom box signal gap next visa sage block ring nest"
)
_ORDINARY_WORDS = set(_ORDINARY.split())
# Cities whose region can be named from a small table; a city that is also a common first name is left out.
_REGIONS = {
    "the Northeast": "new york,boston,philadelphia,pittsburgh,providence,hartford,buffalo",
    "the Midwest": "chicago,detroit,minneapolis,columbus,cleveland,milwaukee,st. louis,kansas city,indianapolis,"
    "cincinnati,omaha,des moines",
    "the South": "atlanta,miami,nashville,tampa,raleigh,memphis,new orleans,birmingham,louisville",
    "Texas": "houston,san antonio,fort worth,el paso",
    "California": "los angeles,san francisco,san diego,san jose,oakland,sacramento,palo alto,mountain view",
    "the Pacific Northwest": "seattle,portland,tacoma,spokane",
    "the Mountain West": "denver,salt lake city,boise,las vegas",
    "the Southwest": "albuquerque,tucson",
    "the UK": "london,manchester,edinburgh,glasgow,leeds,bristol",
    "Ireland": "dublin,cork",
    "Canada": "toronto,vancouver,montreal,calgary,ottawa",
    "Germany": "berlin,munich,hamburg,frankfurt,cologne",
    "France": "paris,lyon,marseille,toulouse",
    "the Netherlands": "amsterdam,rotterdam,eindhoven",
    "the Nordics": "stockholm,copenhagen,oslo,helsinki",
    "Switzerland": "zurich,geneva,basel",
    "India": "bangalore,bengaluru,mumbai,delhi,hyderabad,pune,chennai",
    "East Asia": "tokyo,osaka,seoul,shanghai,shenzhen,beijing,hong kong,taipei",
    "Southeast Asia": "singapore,jakarta,bangkok,manila",
    "Australia": "melbourne,brisbane,perth",
    "Latin America": "sao paulo,mexico city,bogota,buenos aires,santiago",
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_SUFFIXES = "|".join(LEGAL_SUFFIXES)


@dataclass(frozen=True)
class _Name:
    kind: str  # "person", "company" or "place"
    entity: str  # who or what it names: two names of one entity get one label
    single: bool  # one word (an everyday word in lowercase is left alone)


@dataclass(frozen=True)
class _Lexicon:
    names: dict[str, _Name]
    pattern: re.Pattern[str] | None


def _fold(text: str) -> str:
    """Text for matching, character for character: accents off ("Núñez" -> "Nunez"), curly apostrophes straight."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = parts[0] if all(unicodedata.combining(p) for p in parts[1:]) else char
        out.append("'" if base == "\u2019" else base)
    return "".join(out)


def _key(name: str) -> str:
    """A name's lookup key: folded, lowercase, single spaces."""
    return " ".join(_fold(name).lower().split())


def _name_parts(name: str) -> list[str]:
    """A full name's first names and surnames, without particles ("de", "van") or initials."""
    parts = [p.strip(".,") for p in name.split()]
    return [p for p in parts if len(p) > 1 and p.lower() not in _PARTICLES] if len(parts) > 1 else []


def _person_names(people: Iterable[str]) -> dict[str, _Name]:
    """Full names, then every part that is not already a full name (a part two people share is its own entity)."""
    full = {_key(p): p for p in people if p and p.strip()}
    found = {key: _Name("person", key, " " not in key) for key in full}
    owners: dict[str, set[str]] = defaultdict(set)
    for key, name in full.items():
        for part in _name_parts(name):
            owners[_key(part)].add(key)
    for part, who in owners.items():
        found.setdefault(part, _Name("person", next(iter(who)) if len(who) == 1 else part, True))
    return found


def _company_names(organisations: Iterable[str] | Mapping[str, Iterable[str]]) -> dict[str, _Name]:
    """Every organisation name and alias, legal suffixes off, each pointing at its organisation."""
    groups: Mapping[str, Iterable[str]] = (
        organisations if isinstance(organisations, Mapping) else {name: () for name in organisations}
    )
    found: dict[str, _Name] = {}
    for name, aliases in groups.items():
        entity = organisation_key(name)
        for each in [name, *aliases]:
            key = _key(organisation_key(each))
            if key:
                found.setdefault(key, _Name("company", entity, " " not in key))
    return found


def _place_names() -> dict[str, _Name]:
    """The cities of the region table, each pointing at its region."""
    return {
        city: _Name("place", region, " " not in city)
        for region, cities in _REGIONS.items()
        for city in cities.split(",")
    }


def _lexicon(
    people: Iterable[str], organisations: Iterable[str] | Mapping[str, Iterable[str]], *, places: bool
) -> _Lexicon:
    """The names to find, organisations before people before places, and one pattern finding them longest first."""
    names = _company_names(organisations)
    for key, name in [*_person_names(people).items(), *(_place_names().items() if places else [])]:
        names.setdefault(key, name)
    if not names:
        return _Lexicon(names, None)
    body = "|".join(r"\s+".join(map(re.escape, k.split())) for k in sorted(names, key=len, reverse=True))
    suffix = rf"(?:,?\s+(?:{_SUFFIXES})\b(?!-)\.?)*"
    possessive = r"'s\b|(?<=s)'(?![\w'])"
    pattern = rf"(?<![\w&])(?P<name>{body})(?P<suffix>{suffix})(?P<poss>{possessive})?(?![\w&])"
    return _Lexicon(names, re.compile(pattern, re.I))


def _new_label(kind: str, count: int) -> str:
    """How the `count`-th person or company a text names is first called."""
    if kind == "person":
        return ("someone", "someone else")[count] if count < 2 else "another person"
    firsts = ("one company", "another company", "a third company", "a fourth company", "a fifth company")
    return firsts[count] if count < len(firsts) else "another company"


def _label(name: _Name, seen: dict[str, list[str]]) -> str:
    """The neutral words for a name: a new entity gets the next label, one named again gets "that ..." back."""
    noun = "person" if name.kind == "person" else "company"
    known = seen[name.kind]
    if name.entity not in known:
        known.append(name.entity)
        return _new_label(name.kind, len(known) - 1)
    at = known.index(name.entity)
    return f"that {noun}" if len(known) == 1 or at >= len(_ORDINALS) else f"the {_ORDINALS[at]} {noun}"


def _starts_sentence(text: str, at: int) -> bool:
    """Whether position `at` begins a sentence (the text's start, or after . ! ? or a line break)."""
    before = text[:at].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n"


def _replacement(
    match: re.Match[str], text: str, lexicon: _Lexicon, own: str | None, seen: dict[str, list[str]]
) -> str:
    """What replaces one found name (with its legal suffix and possessive) in `text`."""
    name = lexicon.names[" ".join(match["name"].lower().split())]
    original = text[match.start() : match.end()]
    if (
        name.single
        and match["name"].lower() in _ORDINARY_WORDS
        and text[match.start("name") : match.end("name")].islower()
    ):
        return original
    if name.kind == "place":
        words = _region(name.entity, text, match)
    else:
        words = "their company" if name.kind == "company" and name.entity == own else _label(name, seen)
    if name.kind != "company" and match["suffix"]:
        words += text[match.start("suffix") : match.end("suffix")]
    if _starts_sentence(text, match.start()):
        words = "The same " + words[5:] if words.startswith("that ") else words[0].upper() + words[1:]
    return words + ("'s" if match["poss"] else "") + _kept_full_stop(match, text)


def _region(region: str, text: str, match: re.Match[str]) -> str:
    """A city's region, without its "the" after a determiner or before "-based" ("the Boise depot", "Boise-based")."""
    determiners = r"(?:\b(?:the|a|an|our|their|its|his|her|my|your|this|that)|'s)\s+$"
    after_the = re.search(determiners, text[: match.start()], re.I) is not None
    before_hyphen = text[match.end() : match.end() + 1] == "-"
    return region[4:] if region.startswith("the ") and (after_the or before_hyphen) else region


def _kept_full_stop(match: re.Match[str], text: str) -> str:
    """A full stop to give back when a legal suffix's ("Inc.") also ended the sentence."""
    rest = text[match.end() :]
    ends = not rest.strip() or rest.startswith("\n") or re.match(r"\s+[A-Z][a-z]", rest) is not None
    return "." if match["suffix"].endswith(".") and not match["poss"] and ends else ""


def _scrub(text: str, lexicon: _Lexicon, *, own: str | None = None, seen: dict[str, list[str]] | None = None) -> str:
    """`text` with every name the lexicon knows replaced by neutral words (`seen`: entities already labelled)."""
    text = unicodedata.normalize("NFC", text)
    if lexicon.pattern is None:
        return text
    seen = defaultdict(list) if seen is None else seen
    folded = _fold(text)
    out, at = [], 0
    for match in lexicon.pattern.finditer(folded):
        out += [text[at : match.start()], _replacement(match, text, lexicon, own, seen)]
        at = match.end()
    return "".join([*out, text[at:]])


def anonymise_text(
    text: str,
    *,
    people: Iterable[str],
    organisations: Iterable[str] | Mapping[str, Iterable[str]],
    own_organisation: str | None = None,
    places: bool = True,
) -> str:
    """`text` with people ("someone", "someone else"), organisations ("one company") and cities (their region) generalised.

    Whole words, case and accents ignored, longest names first, possessives and legal suffixes ("Acme Inc.'s")
    kept readable; first names and surnames of `people` count too. `organisations` is names, or name -> aliases
    (aliases of one organisation get one label). Mentions of `own_organisation` read "their company".
    """
    lexicon = _lexicon(people, organisations, places=places)
    own = _own_entity(own_organisation, lexicon)
    return _scrub(text, lexicon, own=own)


def _own_entity(organisation: str | None, lexicon: _Lexicon) -> str | None:
    """The entity an organisation's name (or alias) stands for in the lexicon."""
    if not organisation:
        return None
    known = lexicon.names.get(_key(organisation_key(organisation)))
    return known.entity if known is not None and known.kind == "company" else organisation_key(organisation)


# --- describing a source ---------------------------------------------------------------------------------------

_ROLE_CATEGORIES = (
    ("recruiting", r"recruit\w*|talent|sourcer|headhunt\w*"),
    ("HR", r"hr|human resources|people (?:partner|operations|ops)"),
    ("marketing", r"marketing|brand|growth|content|seo|demand gen\w*"),
    ("planning", r"planning|planners?|forecast\w*"),
    ("finance", r"financ\w*|accountant|accounting|controller|treasur\w*|fp&a|cfo|investor relations"),
    ("data", r"data|analysts?|analytics|scientists?|machine learning|ml|bi"),
    ("design", r"design\w*|ux|ui|user research\w*"),
    ("product", r"product"),
    ("engineering", r"engineer\w*|developers?|software|sre|devops|architect\w*|programmer|tech lead|technology|cto"),
    ("sales", r"sales|account executive|account manager|business development|bdr|sdr|partnerships"),
    ("legal", r"legal|counsel|lawyer|attorney|paralegal|compliance"),
    (
        "operations",
        r"operations|ops|supply chain|logistics|procurement|purchasing|warehous\w*|fulfil\w*|"
        r"fulfill\w*|manufacturing|plant|production|coo",
    ),
    ("customer success", r"customer success|customer support|support|customer experience"),
    ("research", r"research\w*"),
    ("consulting", r"consult\w*|advis[eo]r"),
    ("strategy", r"strategy|strategic|corporate development"),
    ("communications", r"communications|public relations|pr|press"),
    ("leadership", r"ceo|founder|co-founder|president|chief|managing director|general manager|owner|vp|director|head"),
)
_CATEGORY_PATTERNS = [(name, re.compile(rf"(?<![\w&])(?:{words})(?![\w&])", re.I)) for name, words in _ROLE_CATEGORIES]
# Size or sector words that name the kind of organisation: (adjective, one, many).
_ORG_KINDS = {
    "startup": ("", "startup", "startups"),
    "nonprofit": ("", "nonprofit", "nonprofits"),
    "non-profit": ("", "nonprofit", "nonprofits"),
    "charity": ("", "charity", "charities"),
    "agency": ("", "agency", "agencies"),
    "consultancy": ("", "consultancy", "consultancies"),
    "public sector": ("public-sector", "organisation", "organisations"),
    "government": ("government", "body", "bodies"),
}


def role_category(role: str | None) -> str:
    """A role's category from a small keyword table ("VP Supply Chain Planning" -> "planning"); "someone" if none."""
    found = next((name for name, pattern in _CATEGORY_PATTERNS if pattern.search(role or "")), None)
    return found or "someone"


def _plain_words(text: str) -> str:
    """Title Case words lowercased ("Energy Storage" -> "energy storage"), acronyms and brands ("SaaS", "AI") kept."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in text.split())


@functools.cache
def _places_lexicon() -> _Lexicon:
    """The lexicon of the region table's cities alone."""
    return _lexicon((), (), places=True)


def _without_places(text: str) -> str:
    """`text` without the cities of the region table or any "...-based" / "based in ..." place."""
    text = unicodedata.normalize("NFC", text)
    pattern = _places_lexicon().pattern
    spans = [m.span() for m in pattern.finditer(_fold(text))] if pattern else []
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    text = re.sub(r"\S*-based\b|,?\s*\bbased\s+(?:in|out\s+of)\b.*$", "", text, flags=re.I)
    return " ".join(text.replace(" ,", ",").split()).strip(" ,")


def _industry(text: str | None) -> str:
    """An industry as a modifier: places dropped, "the ... industry" trimmed, Title Case lowered; "" if none."""
    text = re.sub(r"\s+(?:industry|sector|companies|company|firms)$", "", _without_places(text or ""), flags=re.I)
    return _plain_words(re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I))


def _kind(size: str | None) -> tuple[str, str, str, str]:
    """A size or sector as (adjective, one noun, many nouns, tail): ("small", "company", "companies", "")."""
    size = _plain_words(_without_places(size or ""))
    if size.lower() in _ORG_KINDS:
        return (*_ORG_KINDS[size.lower()], "")
    if re.search(r"\d", size):
        return "", "company", "companies", " with " + (size if re.search(r"[a-z]{3}", size) else size + " employees")
    return size, "company", "companies", ""


def _where(industry: str | None, size: str | None, *, one: bool) -> str:
    """The organisation kind: "logistics companies", "a small logistics company", "logistics startups"; "" if unknown."""
    trade, (adjective, single, many, tail) = _industry(industry), _kind(size)
    if not (trade or adjective or tail or single != "company"):
        return ""
    words = " ".join(w for w in (adjective, trade, single if one else many) if w) + tail
    return (("an " if words[0].lower() in "aeio" else "a ") + words) if one else words


def _qualifier(profile: _Profile, *, one: bool = False) -> str:
    """ " in planning at logistics companies", " at a logistics company", " in planning" or ""."""
    category, where = role_category(profile.role), _where(profile.industry, profile.size, one=one)
    return ("" if category == "someone" else f" in {category}") + (f" at {where}" if where else "")


def describe_source(learning: _Profile) -> str:
    """The kind of source: "planning at logistics companies", "someone at small logistics companies", "someone".

    A role category, the industry as given and the size or sector when known; never the organisation's name,
    never a place (cities in the region table and "...-based" places are dropped).
    """
    category, where = role_category(learning.role), _where(learning.industry, learning.size, one=False)
    return f"{category} at {where}" if where else category


# --- the learned points ----------------------------------------------------------------------------------------


def _is_confidential(text: str, confidential: Sequence[str]) -> bool:
    """Whether `text` contains any confidential string verbatim, case ignored."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return any(s.strip() and unicodedata.normalize("NFC", s).casefold() in folded for s in confidential)


def _kept(learnings: Sequence[Learning], *, own: set[str], confidential: Sequence[str]) -> list[Learning]:
    """The learnings to play back: not from the interviewee's organisation, not empty, nothing confidential."""
    return [
        learning
        for learning in learnings
        if learning.text.strip()
        and organisation_key(learning.organisation) not in own
        and not _is_confidential(learning.text, confidential)
    ]


def _own_keys(interviewee_org: str | None, companies: Mapping[str, Sequence[str]]) -> set[str]:
    """The interviewee's organisation as matching keys: its name and every alias of it the roster knows."""
    own = organisation_key(interviewee_org)
    if not own:
        return set()
    keys = {own}
    for name, aliases in companies.items():
        names = {organisation_key(n) for n in [name, *aliases]}
        keys |= names if own in names else set()
    return keys - {""}


def _nameless(learning: Learning, lexicon: _Lexicon) -> Learning:
    """A learning whose industry or size would name someone or something (an organisation's name) loses them."""
    described = describe_source(learning)
    return learning if _scrub(described, lexicon) == described else replace(learning, industry=None, size=None)


def _profiles(roster: Roster, learnings: Sequence[Learning]) -> dict[str, _Profile]:
    """Every contact you know by name: a learning's own description over the roster's."""
    found: dict[str, _Profile] = {_key(c.name): c for c in roster.contacts if c.name.strip()}
    found.update({_key(learning.contact): learning for learning in learnings if learning.contact.strip()})
    return found


def _warning(profile: _Profile, profiles: Mapping[str, _Profile]) -> str | None:
    """A warning when a description fits only one contact you know."""
    description = describe_source(profile)
    if sum(describe_source(p) == description for p in profiles.values()) > 1:
        return None
    return f"only one contact is {_qualifier(profile).strip() or 'in your roster'}: this could point to them"


def _clause(text: str) -> str:
    """A learning as a clause to follow "say": no leading date, sentences joined by semicolons, ordinary first words
    lowercased."""
    text = _undated(text)
    sentences = re.split(r"(?<=[.!?])\s+", text.rstrip(" .;"))
    return "; ".join(
        _lowered(s.rstrip(".") if s.endswith(".") and i < len(sentences) - 1 else s) for i, s in enumerate(sentences)
    )


def _undated(text: str) -> str:
    """`text` on one line, without a dated note's leading "[2026-11-20] "."""
    return re.sub(r"^\[\d{4}-\d\d-\d\d\]\s*", "", " ".join(text.split()))


def _lowered(text: str) -> str:
    """`text` with its first word lowercased when that is an ordinary word ("Hiring", not "I" or "SaaS")."""
    first = text.split(maxsplit=1)[0].split("'")[0].split("\u2019")[0] if text else ""
    if first.isalpha() and first[:1].isupper() and first[1:].islower() and first != "I" and _common(first):
        return text[0].lower() + text[1:]
    return text


def _common(word: str) -> bool:
    """Whether a capitalised first word is likely an ordinary word rather than a name (wordfreq)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 2.5


def _joined(clauses: Sequence[str]) -> str:
    """One clause as is; several as "that A, that B, and that C"."""
    if len(clauses) == 1:
        return clauses[0]
    said = [f"that {c}" for c in clauses]
    return ", ".join(said[:-1]) + (", and " if len(said) > 2 else " and ") + said[-1]


def _sentence(group: Sequence[Learning], clauses: Sequence[str], sources: int) -> str:
    """ "People I've spoken with in planning at logistics companies say ..." or "Someone I spoke with ... says ..."."""
    if sources == 1:
        return f"Someone I spoke with{_qualifier(group[0], one=True)} says {_joined(clauses)}."
    return f"People I've spoken with{_qualifier(group[0])} say {_joined(clauses)}."


def _unrepeated(group: Sequence[Learning]) -> list[Learning]:
    """The learnings without repeats (case and spacing ignored), the first of each kept."""
    found: dict[str, Learning] = {}
    for learning in group:
        found.setdefault(_undated(learning.text).casefold(), learning)
    return list(found.values())


def _point(group: Sequence[Learning], lexicon: _Lexicon, profiles: Mapping[str, _Profile]) -> LearnedPoint:
    """One description's learnings, newest first, as one point."""
    group = sorted(group, key=lambda g: g.interviewed or date.min, reverse=True)
    said = _unrepeated(group)
    seen: dict[str, list[str]] = defaultdict(list)  # one sentence: "that company" may point back across learnings
    clauses = [_clause(_scrub(g.text, lexicon, own=_own_entity(g.organisation, lexicon), seen=seen)) for g in said]
    sources = len({_key(g.contact) for g in group})
    warning = _warning(group[0], profiles)
    return LearnedPoint(_sentence(group, clauses, sources), describe_source(group[0]), warning, sources)


def learned_points(
    learnings: Sequence[Learning],
    *,
    roster: Roster,
    interviewee_org: str | None,
    confidential: Sequence[str] = (),
) -> list[LearnedPoint]:
    """Earlier interviews' learnings as things to say, grouped by kind of source, most sources first.

    Nothing from the interviewee's own organisation (name or alias, legal suffixes ignored); a learning
    containing a `confidential` string is dropped whole. Every name in the roster (or of a learning's
    contact or organisation) is generalised; a description that fits only one contact carries a warning.
    """
    companies = roster.companies()
    for learning in learnings:
        if learning.organisation and learning.organisation.strip():
            companies.setdefault(learning.organisation, [])
    lexicon = _lexicon([*roster.people(), *(g.contact for g in learnings)], companies, places=True)
    kept = _kept(learnings, own=_own_keys(interviewee_org, companies), confidential=confidential)
    kept = [_nameless(learning, lexicon) for learning in kept]
    groups: dict[str, list[Learning]] = defaultdict(list)
    for learning in kept:
        groups[describe_source(learning)].append(learning)
    profiles = _profiles(roster, learnings)
    points = [_point(group, lexicon, profiles) for group in groups.values()]
    newest = {d: max(g.interviewed or date.min for g in group) for d, group in groups.items()}
    return sorted(points, key=lambda p: (-p.source_count, -newest[p.description].toordinal(), p.description))
