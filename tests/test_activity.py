"""Activity over the search: counts per week, funnel, replies, thank-you timeliness, referral tree, sources, overdue."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from conftest import snapshot

from iiwork import InvalidInput
from iiwork.search import activity as a
from iiwork.search import tracker as t

UTC = UTC
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # a Friday; the search began on Monday 2 November


def at(day: int, hour: float = 9) -> datetime:
    return datetime(2026, 11, day, tzinfo=UTC) + timedelta(hours=hour)


def build_search(wb) -> None:
    """Nine contacts, nine interviews and six referrals over four weeks (see the expected figures in the tests)."""
    ws = wb.workspace
    people = [
        ("Ana Ruiz", "Helio Cell Works", "alumni", None),
        ("Ben Okafor", "Voltaic Storage", "coworker", None),
        ("Chloe Martin", "Northwind Grid", "referral", 1),
        ("Dev Patel", "Ampere Ridge", "referral", 3),
        ("Eva Lind", "Voltaic Storage", "referral", 4),
        ("Femi Ade", "Helio Cell Works", "cold", None),
        ("Gus Hale", "Northwind Grid", "cold", None),
        ("Hana Sato", "Ampere Ridge", "conference", None),
        ("Ivan Roy", "Voltaic Storage", "alumni", None),
    ]
    for name, organization, how, referrer in people:
        wb.add_contact(name=name, organization=organization, how_known=how, referred_by=referrer)

    def request(contact: int, day: int, hour: float = 9, minutes: int | None = None) -> int:
        return t.add_interview(ws, contact=contact, status="requested", minutes=minutes, now=at(day, hour))

    def meet(interview: int, replied: datetime, when: datetime, held: datetime) -> None:
        t.update_interview(ws, interview, status="scheduled", when=when.isoformat(), now=replied)
        t.update_interview(ws, interview, status="held", now=held)

    def thank(interview: int, sent: datetime) -> None:
        t.update_interview(ws, interview, status="thanked", now=sent)

    ana, ben = request(1, 2, minutes=60), request(2, 2, 10)  # interviews 1 and 2
    hana = request(8, 3, minutes=45)  # 3
    t.update_interview(ws, ben, status="declined", now=at(4, 10))  # replied after 2.0 days
    t.add_referral(ws, from_contact=2, to_organization="Helio Cell Works", now=at(4, 10))
    meet(ana, at(3), at(5, 15), at(5, 17))  # replied after 1.0 day, slot ends 16:00
    t.add_referral(ws, from_contact=1, to_contact=3, now=at(5, 17.5))
    thank(ana, at(6, 10))  # 18 h after the slot: on time
    meet(hana, at(6), at(10, 10), at(10, 12))  # replied after 3.0 days, slot ends 10:45
    chloe, gus = request(3, 9), request(7, 10)  # 4, 5
    t.add_referral(
        ws, from_contact=8, to_name="Kim Ng", to_organization="Northwind Grid", will_introduce=True, now=at(10, 12)
    )  # check-in due 17 Nov 12:00, never done
    thank(hana, at(10, 20))  # 9.25 h: on time
    meet(chloe, at(12), at(13, 14), at(13, 15))  # replied after 3.0 days, slot ends 14:30
    t.add_referral(ws, from_contact=3, to_contact=4, now=at(13, 16))
    thank(chloe, at(15, 14.5))  # 48 h: late
    dev = request(4, 16)  # 6
    meet(dev, at(16, 21), at(18, 10), at(18, 11))  # replied after 0.5 days; thank-you due 19 Nov 10:30, never sent
    referral = t.add_referral(
        ws, from_contact=4, to_name="Eva Lind", to_organization="Voltaic Storage", will_introduce=True, now=at(18, 12)
    )
    t.update_interview(ws, gus, status="no-reply", now=at(20))
    t.referral_reached(ws, referral, contact=5, now=at(20))
    eva = t.add_interview(ws, contact=5, when=at(27).isoformat(), now=at(20, 10))  # 7: scheduled, never requested
    t.add_interview(ws, contact=9, now=at(20, 11))  # 8: identified only
    request(6, 25)  # 9: waiting (the 3B7 reminder falls due on 4 Dec)
    t.update_interview(ws, eva, status="held", now=at(27, 10))  # thank-you due 28 Nov 09:30: not late yet
    t.add_referral(
        ws, from_contact=5, to_name="Jo Park", to_organization="Ampere Ridge", will_introduce=True, now=at(27, 10)
    )


@pytest.fixture
def search(wb):
    build_search(wb)
    return wb.activity(now=NOW)


def test_weekly_counts_start_on_monday_and_include_every_week(search):
    wide = search.weekly.pivot(index="period", columns="kind", values="count")
    assert wide.index.tolist() == [pd.Timestamp(f"2026-11-{d:02d}", tz="UTC") for d in (2, 9, 16, 23)]
    assert wide["requests"].tolist() == [3, 2, 1, 1]
    assert wide["held"].tolist() == [1, 2, 1, 1]  # at the slot's time
    assert wide["thank-yous"].tolist() == [1, 2, 0, 0]  # Sunday 15 Nov is in the week of 9 Nov
    assert wide["referrals"].tolist() == [2, 2, 1, 1]
    assert search.weekly.dtypes.astype(str).tolist() == ["datetime64[us, UTC]", "string", "Int64"]


def test_daily_and_monthly_periods(wb):
    build_search(wb)
    daily = wb.activity(freq="D", now=NOW).weekly
    assert daily["period"].nunique() == 26 and daily.loc[daily["kind"] == "requests", "count"].sum() == 7
    monthly = wb.activity(freq="M", now=NOW).weekly.set_index("kind")
    assert monthly["period"].unique().tolist() == [pd.Timestamp("2026-11-01", tz="UTC")]
    assert monthly.loc["thank-yous", "count"] == 3


def test_funnel_counts_stages_reached_and_conversions(search):
    funnel = search.funnel.set_index("stage")
    assert funnel.index.tolist() == ["identified", "requested", "scheduled", "held", "thanked"]
    assert funnel["reached"].tolist() == [9, 8, 5, 5, 3]  # Eva was scheduled without a request: she counts as asked
    assert funnel["conversion"].isna().tolist() == [True, False, False, False, False]
    assert funnel["conversion"].iloc[1:].round(4).tolist() == [round(8 / 9, 4), 0.625, 1.0, 0.6]
    assert funnel.loc["requested", "declined"] == 1 and funnel.loc["requested", "no_reply"] == 1
    assert funnel[["declined", "no_reply"]].sum().sum() == 2


def test_response_rate_and_median_days_to_reply(search):
    response = search.response.set_index("name")
    assert response["outcome"].to_dict() == {
        "Ana Ruiz": "scheduled",
        "Ben Okafor": "declined",
        "Hana Sato": "scheduled",
        "Chloe Martin": "scheduled",
        "Gus Hale": "no-reply",
        "Dev Patel": "scheduled",
        "Femi Ade": "waiting",
    }
    assert response["days_to_reply"].dropna().tolist() == [1.0, 2.0, 3.0, 3.0, 0.5]
    assert response.loc["Ben Okafor", "replied_at"] == pd.Timestamp(at(4, 10))
    assert search.response_rate == pytest.approx(5 / 6)  # the waiting request is left out
    assert search.median_days_to_reply == 2.0


def test_a_second_request_after_a_decline_is_a_request_of_its_own(wb):
    contact = wb.add_contact(name="Ana Ruiz")
    interview = t.add_interview(wb.workspace, contact=contact, status="requested", now=at(2))
    t.update_interview(wb.workspace, interview, status="declined", now=at(3))
    t.update_interview(wb.workspace, interview, status="requested", now=at(16))
    found = wb.activity(now=NOW)
    assert found.response["outcome"].tolist() == ["declined", "no-reply"]  # 7 business days without a reply
    assert found.response_rate == 0.5


def test_thank_you_timeliness_against_24_hours_after_the_slot(search):
    thanks = search.thank_you.set_index("name")
    assert thanks.index.tolist() == ["Ana Ruiz", "Hana Sato", "Chloe Martin", "Dev Patel", "Eva Lind"]
    assert thanks["hours_after"].tolist()[:3] == [18.0, 9.25, 48.0]
    assert thanks["hours_after"].isna().tolist()[3:] == [True, True]
    assert thanks["on_time"].tolist() == [True, True, False, False, pd.NA]  # Dev: overdue; Eva: not due yet
    assert thanks.loc["Eva Lind", "due"] == pd.Timestamp("2026-11-28 09:30", tz="UTC")
    assert search.thank_you_on_time == 0.5


def test_referral_tree_depths_from_the_first_contacts(search):
    tree = search.referral_tree.set_index("node")
    depth = dict(zip(search.referral_tree["name"].fillna("someone"), search.referral_tree["depth"]))
    assert depth == {
        "Ana Ruiz": 0,
        "Chloe Martin": 1,
        "Dev Patel": 2,
        "Eva Lind": 3,
        "Jo Park": 4,
        "Ben Okafor": 0,
        "someone": 1,
        "Femi Ade": 0,
        "Gus Hale": 0,
        "Hana Sato": 0,
        "Kim Ng": 1,
        "Ivan Roy": 0,
    }
    assert search.referral_tree["node"].tolist()[:5] == ["c1", "c3", "c4", "c5", "r6"]  # depth first from Ana
    assert tree.loc["r6", "parent"] == "c5" and tree.loc["r6", "root"] == "c1" and bool(tree.loc["r6", "pending"])
    assert tree.loc["c1", "parent"] is pd.NA
    edges = search.referral_edges
    assert len(edges) == 6  # referred_by and the referral to the same person make one edge
    assert edges[["source", "target"]].duplicated().sum() == 0


def test_a_loop_of_referrals_is_cut_not_followed_forever(wb):
    for name in ("Ana", "Ben", "Chloe"):
        wb.add_contact(name=name)
    wb.workspace.conn.execute(
        "UPDATE contacts SET referred_by = CASE contact_id WHEN 1 THEN 3 WHEN 2 THEN 1 ELSE 2 END"
    )
    tree = wb.activity(now=NOW).referral_tree
    rows = tree[["node", "parent", "depth"]].astype(object).values.tolist()
    assert rows == [["c1", pd.NA, 0], ["c2", "c1", 1], ["c3", "c2", 2]]


def test_a_person_reached_two_ways_keeps_the_shortest_path_and_names_match_contacts(wb):
    ana = wb.add_contact(name="Ana")
    ben = wb.add_contact(name="Ben", referred_by=ana)
    cleo = wb.add_contact(name="Cleo", referred_by=ben)
    wb.add_contact(name="Dev", organization="Voltaic Storage")
    t.add_referral(wb.workspace, from_contact=ana, to_contact=cleo, now=at(2))
    t.add_referral(wb.workspace, from_contact=cleo, to_name="dev", to_organization="voltaic storage ", now=at(3))
    tree = wb.activity(now=NOW).referral_tree.set_index("name")
    assert tree.loc["Cleo", "parent"] == "c1" and tree.loc["Cleo", "depth"] == 1  # Ana -> Cleo, not Ana -> Ben -> Cleo
    assert tree.loc["Dev", "parent"] == "c3" and tree.loc["Dev", "depth"] == 2  # the referral by name found Dev
    assert not tree["pending"].any()


def test_sources_show_which_how_known_led_to_interviews(search):
    sources = search.sources.set_index("how_known")
    assert sources.index.tolist() == ["referral", "alumni", "conference", "cold", "coworker"]
    assert sources.loc["referral"].tolist() == [3, 3, 3, 1.0]
    assert sources.loc["alumni"].tolist() == [2, 1, 1, 0.5]
    assert sources.loc["cold"].tolist() == [2, 2, 0, 0.0]


def test_overdue_followups_are_the_next_actions(search):
    late = search.overdue
    assert late["kind"].tolist() == ["referral check-in", "thank-you"]
    assert late["name"].tolist() == ["Hana Sato", "Dev Patel"]
    assert late["days_late"].tolist() == [
        10.125,
        8.0625,
    ]  # the check-in is due at 9:00 on its day, not at the minute it was promised
    assert search.next_actions == (
        "2 follow-ups overdue: oldest, 10 days late: check in with Hana Sato about the promised introduction",
        "thank Eva Lind by Sat 28 Nov 09:30 UTC (24 h after the conversation)",
        "3 referrals not contacted yet: Jo Park (Ampere Ridge), someone at Helio Cell Works and 1 more",
        "1 contact identified but not asked yet: send a request",
        "referral contacts lead to conversations (3 of 3 met): reach out to more of them",
    )


def test_quiet_week_and_low_response_rate_suggest_what_to_do(wb):
    for i in range(4):
        contact = wb.add_contact(name=f"Person {i}")
        interview = t.add_interview(wb.workspace, contact=contact, status="requested", now=at(2 + i))
        if i == 0:
            t.update_interview(wb.workspace, interview, status="declined", now=at(6))
    actions = wb.activity(now=at(30)).actions
    assert actions["weekly"] == "no requests this week: ask one more person for a conversation"
    assert actions["response"].startswith("response rate 25% (4 requests): ask contacts for referrals")


def test_empty_workspace_gives_empty_tables_with_their_dtypes(wb):
    found = wb.activity(now=NOW)
    declared = {
        "weekly": a.WEEKLY,
        "funnel": a.FUNNEL,
        "response": a.RESPONSE,
        "thank_you": a.THANK_YOU,
        "referral_edges": a.REFERRAL_EDGES,
        "referral_tree": a.REFERRAL_TREE,
        "sources": a.SOURCES,
        "overdue": a.OVERDUE,
    }
    assert set(found.tables()) == set(declared)
    for name, table in found.tables().items():
        assert table.empty and table.dtypes.astype(str).to_dict() == declared[name], name
    assert (found.response_rate, found.median_days_to_reply, found.thank_you_on_time) == (None, None, None)
    assert found.next_actions == ("no activity yet: add a contact and ask for a first conversation",)


def test_tables_keep_their_declared_dtypes(search):
    declared = {
        "weekly": a.WEEKLY,
        "funnel": a.FUNNEL,
        "response": a.RESPONSE,
        "thank_you": a.THANK_YOU,
        "referral_edges": a.REFERRAL_EDGES,
        "referral_tree": a.REFERRAL_TREE,
        "sources": a.SOURCES,
        "overdue": a.OVERDUE,
    }
    for name, table in search.tables().items():
        assert table.dtypes.astype(str).to_dict() == declared[name], name


def test_bad_freq_and_now_are_named_and_change_nothing(wb):
    build_search(wb)
    before = snapshot(wb)
    with pytest.raises(InvalidInput, match="freq: expected one of D, W, M, got 'Q'"):
        wb.activity(freq="Q", now=NOW)
    with pytest.raises(InvalidInput, match="now: cannot read"):
        wb.activity(now="last friday")
    assert snapshot(wb) == before


def test_confidential_notes_never_reach_the_activity_tables(wb):
    build_search(wb)
    wb.update_interview(1, confidential_notes="salary band 95-110k")
    for table in wb.activity(now=NOW).tables().values():
        assert not table.astype(str).apply(lambda column: column.str.contains("salary band")).any().any()
