"""What I've learned so far: names generalised in text, sources described by kind, warnings, nothing confidential."""

from dataclasses import astuple
from datetime import date

import pytest

from iiwork.brief.anonymise import (
    LearnedPoint,
    Learning,
    Roster,
    RosterContact,
    anonymise_text,
    describe_source,
    learned_points,
    role_category,
)

PEOPLE = ["Priya Shah", "José Núñez", "Ann Lee", "Will Ortega", "Dana Wexler"]
ORGANISATIONS = {"Helio Cell Works": ["Helio"], "Acme Inc.": [], "Norda Freight": ["Norda"]}


def anonymise(text: str, **options) -> str:
    """`anonymise_text` with the test roster's people and organisations."""
    return anonymise_text(text, people=PEOPLE, organisations=ORGANISATIONS, **options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya Shah said budgets doubled.", "Someone said budgets doubled."),
        ("PRIYA SHAH and priya shah and Priya", "Someone and that person and that person"),
        ("Priya's team is hiring.", "Someone's team is hiring."),
        ("I met Shah’s manager.", "I met someone's manager."),
        ("acme cut budgets; ACME's rivals followed.", "One company cut budgets; that company's rivals followed."),
        ("Acme Inc. beat Acme.", "One company beat that company."),
        ("Acme is hiring. Acme's budget grew.", "One company is hiring. The same company's budget grew."),
        ("Acme Inc.'s margin grew, Acme, Inc. said.", "One company's margin grew, that company said."),
        ("They sold to Acme Inc.", "They sold to one company."),
        ("They sold to Acme Inc. Then they left.", "They sold to one company. Then they left."),
        (
            "Helio Cell Works lost to Acme, then Helio won.",
            "One company lost to another company, then the first company won.",
        ),
        ("Norda's warehouse", "One company's warehouse"),
        ("The Acmeist style and Annual plans", "The Acmeist style and Annual plans"),
        ("Ann thinks the Heliodor deal is off.", "Someone thinks the Heliodor deal is off."),
        ("José Núñez met JOSE NUNEZ and Núñez's boss.", "Someone met that person and that person's boss."),
        ("Dana Wexler can introduce you.", "Someone can introduce you."),
        ("Budgets will double, Will said.", "Budgets will double, someone said."),
        ("Priya and Ann disagree; Priya is right.", "Someone and someone else disagree; the first person is right."),
        ("An Acme-owned site", "An one company-owned site"),
    ],
)
def test_names_become_neutral_words(text, expected):
    assert anonymise(text) == expected


def test_cities_become_regions_and_the_speakers_own_organisation_reads_their_company():
    text = "Norda's Chicago-based team moved to Seattle; Acme stayed in São Paulo."
    assert anonymise(text, own_organisation="Norda") == (
        "Their company's Midwest-based team moved to the Pacific Northwest; one company stayed in Latin America."
    )
    assert anonymise("Seattle", places=False) == "Seattle"


def test_an_alias_is_the_same_organisation_as_its_name():
    assert anonymise("Norda Freight and Norda") == "One company and that company"
    assert (
        anonymise_text("Acme and Acme", people=[], organisations=["Acme", "Acme Corp"])
        == "One company and that company"
    )


@pytest.mark.parametrize(
    ("role", "category"),
    [
        ("VP Supply Chain Planning", "planning"),
        ("Senior Software Engineer", "engineering"),
        ("Recruiter", "recruiting"),
        ("Talent Partner", "recruiting"),
        ("Product Manager", "product"),
        ("Product Designer", "design"),
        ("Financial Analyst", "finance"),
        ("Head of Sales", "sales"),
        ("Co-founder & CEO", "leadership"),
        ("Intern", "someone"),
        (None, "someone"),
    ],
)
def test_roles_fall_into_categories(role, category):
    assert role_category(role) == category


@pytest.mark.parametrize(
    ("industry", "size", "described"),
    [
        ("Logistics", None, "planning at logistics companies"),
        ("the energy storage industry", "small", "planning at small energy storage companies"),
        ("Fintech", "Chicago-based startup", "planning at fintech startups"),
        ("SaaS", "51-200", "planning at SaaS companies with 51-200 employees"),
        ("Healthcare", "public sector", "planning at public-sector healthcare organisations"),
        ("Boise logistics", "small, based in Austin", "planning at small logistics companies"),
        (None, None, "planning"),
    ],
)
def test_a_source_is_described_by_kind_never_by_place(industry, size, described):
    learning = Learning("x", "Priya Shah", "VP Supply Chain Planning", "Norda Freight", industry, size)
    assert describe_source(learning) == described
    assert describe_source(Learning("x", "Priya Shah")) == "someone"


def learning(text: str, contact: str = "Priya Shah", **fields) -> Learning:
    """A learning from a planner at a logistics company unless told otherwise."""
    defaults = {"role": "VP Supply Chain Planning", "organisation": "Norda Freight", "industry": "logistics"}
    return Learning(text, contact, **{**defaults, **fields})


ROSTER = Roster(
    contacts=[
        RosterContact("Priya Shah", "VP Planning", "Norda Freight", "logistics"),
        RosterContact("Ann Lee", "Demand Planner", "Acme Inc.", "logistics"),
        RosterContact("José Núñez", "Senior Software Engineer", "Helio Cell Works", "energy storage", "startup"),
        RosterContact("Will Ortega", "Recruiter", "Orbit Co", "SaaS"),
    ],
    referred=["Dana Wexler"],
    organisations=["Orbit", "Zeta Labs"],
    aliases={"Helio Cell Works": ["Helio"], "Norda Freight": ["Norda"], "Orbit": ["Orbit Robotics"]},
)


def test_two_sources_are_people_ive_spoken_with_one_is_someone_i_spoke_with():
    points = learned_points(
        [
            learning("Warehouse automation budgets doubled.", interviewed=date(2024, 3, 1)),
            learning(
                "Hiring for planners is frozen until Q3.", "Ann Lee", organisation="Acme", interviewed=date(2024, 4, 1)
            ),
            learning(
                "Most battery bids are keener now.",
                "José Núñez",
                role="Senior Software Engineer",
                organisation="Helio Cell Works",
                industry="Energy Storage",
                size="startup",
            ),
        ],
        roster=ROSTER,
        interviewee_org=None,
    )
    assert points == [
        LearnedPoint(
            "People I've spoken with in planning at logistics companies say that hiring for planners is frozen until "
            "Q3 and that warehouse automation budgets doubled.",
            "planning at logistics companies",
            None,
            2,
        ),
        LearnedPoint(
            "Someone I spoke with in engineering at an energy storage startup says most battery bids are keener now.",
            "engineering at energy storage startups",
            "only one contact is in engineering at energy storage startups: this could point to them",
            1,
        ),
    ]


def test_one_source_saying_several_things_is_still_someone_and_sentences_join_by_semicolons():
    learnings = [
        learning("[2024-05-01] Budgets doubled. Hiring is frozen.", interviewed=date(2024, 5, 1)),
        learning("That team at Norda is new.", interviewed=date(2024, 4, 1)),
        learning("budgets  DOUBLED. Hiring is frozen.", interviewed=date(2024, 3, 1)),
    ]
    [point] = learned_points(learnings, roster=ROSTER, interviewee_org=None)
    assert point.sentence == (
        "Someone I spoke with in planning at a logistics company says that budgets doubled; hiring is frozen "
        "and that that team at their company is new."
    )


def test_one_source_matching_two_contacts_has_no_warning_and_a_learning_naming_people_reads_naturally():
    [point] = learned_points(
        [learning("Priya's team uses Helio's forecasting tool; Norda's budget doubled.")],
        roster=ROSTER,
        interviewee_org="Zeta Labs",
    )
    assert point.sentence == (
        "Someone I spoke with in planning at a logistics company says someone's team uses one company's "
        "forecasting tool; their company's budget doubled."
    )
    assert (point.warning, point.source_count) == (None, 1)  # Ann Lee is in planning at a logistics company too


@pytest.mark.parametrize("interviewee_org", ["Orbit", "ORBIT Inc.", "orbit, inc", "Orbit Robotics"])
def test_nothing_from_the_interviewees_own_organisation(interviewee_org):
    learnings = [
        learning("Their roadmap slipped a quarter.", "Will Ortega", role="Recruiter", organisation="Orbit Co"),
        learning("Warehouse automation budgets doubled."),
    ]
    points = learned_points(learnings, roster=ROSTER, interviewee_org=interviewee_org)
    assert [p.description for p in points] == ["planning at logistics companies"]


def test_a_learning_containing_a_confidential_string_is_dropped_whole():
    learnings = [learning("Project FALCON is behind; budgets doubled."), learning("Hiring is frozen.", "Ann Lee")]
    points = learned_points(learnings, roster=ROSTER, interviewee_org=None, confidential=["project falcon", "  "])
    assert [p.sentence for p in points] == [
        "Someone I spoke with in planning at a logistics company says hiring is frozen."
    ]


def test_a_referred_person_not_yet_contacted_is_never_named():
    [point] = learned_points(
        [learning("Dana Wexler runs the Boise depot; ask Wexler about it.")], roster=ROSTER, interviewee_org=None
    )
    assert point.sentence.endswith("says someone runs the Mountain West depot; ask that person about it.")


def test_a_description_fitting_one_contact_warns_and_an_unknown_kind_of_source_is_someone():
    points = learned_points(
        [
            learning(
                "Recruiters want portfolios.", "Will Ortega", role="Recruiter", organisation="Orbit Co", industry="SaaS"
            ),
            learning("Networking works.", "Mo Diaz", role=None, organisation="Quill", industry=None),
        ],
        roster=Roster(contacts=[RosterContact("Will Ortega", "Talent Partner", "Orbit", "SaaS")]),
        interviewee_org=None,
    )
    assert [(p.sentence, p.warning) for p in points] == [
        (
            "Someone I spoke with in recruiting at a SaaS company says recruiters want portfolios.",
            "only one contact is in recruiting at SaaS companies: this could point to them",
        ),
        ("Someone I spoke with says networking works.", "only one contact is in your roster: this could point to them"),
    ]


def test_an_industry_that_would_name_an_organisation_is_left_out():
    [point] = learned_points(
        [learning("Budgets doubled.", industry="Helio supplier")], roster=ROSTER, interviewee_org=None
    )
    assert point.description == "planning"


DISTINCTIVE = [
    "Priya",
    "Shah",
    "José",
    "Jose",
    "Núñez",
    "Nunez",
    "Ann Lee",
    "Ortega",
    "Dana",
    "Wexler",
    "Acme",
    "Helio",
    "Norda",
    "Orbit",
    "Zeta",
    "Chicago",
    "Boise",
    "Falcon",
]


def test_no_distinctive_string_appears_in_any_output():
    learnings = [
        learning(
            "Priya Shah says Norda Freight's Chicago hub doubled; Acme Inc. and Helio follow.",
            interviewed=date(2024, 1, 2),
        ),
        learning("priya's boss at NORDA thinks Helio Cell Works will buy Zeta Labs.", interviewed=date(2024, 2, 2)),
        learning(
            "Ann says Dana Wexler at Orbit can help; Wexler's team is in Boise.", "Ann Lee", organisation="Acme Inc."
        ),
        learning(
            "José Núñez and Nunez's team at Helio: falcon is late.",
            "José Núñez",
            role="CTO",
            industry="Boise-based energy",
        ),
        learning("Orbit is cutting staff.", "Will Ortega", role="Recruiter", organisation="Orbit Co", industry="SaaS"),
    ]
    points = learned_points(learnings, roster=ROSTER, interviewee_org="Orbit Robotics", confidential=["FALCON"])
    assert len(points) == 1 and points[0].source_count == 2
    for point in points:
        for value in astuple(point):
            for word in DISTINCTIVE:
                assert word.casefold() not in str(value).casefold(), (word, value)
