"""Your network at each followed company: organisations matched to companies, people_at, and targets."""

import time
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from iiwork import InvalidInput, Workbook
from iiwork.search import network
from iiwork.search import tracker as t

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # a Friday
NEWS = {  # company: days before NOW of each article about it
    "Voltaic Storage": [2, 5, 9, 20, 45],  # 4 in the last 30 days, 1 before: rising
    "Helio Cell Works": [3, 40],  # level
    "Northwind Grid Systems": [10, 35, 40, 50],  # falling
    "Ampere Ridge": [1, 2, 70],  # rising (the one 70 days back counts in neither window)
    "Quiet Co": [],
}


def rss(company: str, days: list[int]) -> str:
    """An RSS feed with one article about `company` per entry of `days` (published that many days before NOW)."""
    items = "".join(
        f"<item><title>{company} story {i}</title><link>https://news.example/{company.split()[0]}/{i}</link>"
        f"<pubDate>{(NOW - timedelta(days=d)):%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
        for i, d in enumerate(days)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{company}</title>{items}</channel></rss>'


def build_network(wb, folder) -> dict[str, int]:
    """Five followed companies (and an industry), their news, and contacts at organisations written many ways;
    returns the contact ids by name."""
    for name, aliases in (("Voltaic Storage", ["Voltaic"]), ("Helio Cell Works", ["Helio"])):
        wb.follow(name, aliases=aliases)
    wb.follow("Northwind Grid Systems", aliases=["Northwind Grid"])
    wb.follow("Ampere Ridge")
    wb.follow("Quiet Co")
    wb.follow_industry("grid storage")
    for company, days in NEWS.items():
        feed = folder / f"{company.split()[0].lower()}.xml"
        feed.write_text(rss(company, days), encoding="utf-8")
        wb.gather(company=company, feeds=[str(feed)], progress=False)
    ws, ids = wb.workspace, {}
    for name, organization, how in (
        ("Ada Stone", "Voltaic Storage, Inc.", "alumni"),
        ("Bo Lee", "voltaic storage", "cold"),
        ("Cy Ray", "Helio", "conference"),
        ("Dee Fox", "Heliodor Ltd", "friend"),
        ("Fay Gold", "Northwind Grid plc", "coworker"),
    ):
        ids[name] = t.add_contact(ws, name=name, organization=organization, how_known=how, now=NOW - timedelta(days=30))
    asked = t.add_interview(ws, contact=ids["Cy Ray"], status="requested", now=NOW - timedelta(days=10))
    assert asked  # no reply since Tuesday 17 Nov: 3B7 follow-ups due 20 and 26 Nov, both overdue at NOW
    t.add_referral(ws, from_contact=ids["Ada Stone"], to_contact=ids["Cy Ray"], now=NOW - timedelta(days=12))
    t.add_referral(
        ws,
        from_contact=ids["Ada Stone"],
        to_name="Eli Park",
        to_organization="Helio Cell Works GmbH",
        can_use_name=True,
        now=NOW - timedelta(days=6),
    )
    t.add_referral(
        ws, from_contact=ids["Fay Gold"], to_organization="HELIO CELL WORKS LLC", now=NOW - timedelta(days=5)
    )
    talk = t.add_interview(ws, contact=ids["Fay Gold"], status="requested", now=NOW - timedelta(days=8))
    t.update_interview(ws, talk, status="scheduled", when=NOW - timedelta(hours=3), now=NOW - timedelta(days=7))
    t.update_interview(ws, talk, status="held", now=NOW - timedelta(hours=2))  # thank-you due 28 Nov 09:30
    return ids


@pytest.fixture
def wb(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with Workbook(tmp_path / "ws") as workbook:
        workbook.ids = build_network(workbook, tmp_path)
        yield workbook
    monkeypatch.undo()
    time.tzset()


def test_an_organisation_matches_a_company_by_name_or_alias_whatever_its_case_and_legal_suffix(wb):
    keys = network.company_keys(wb.workspace)
    found = {
        org: network.organisation_company(org, keys)
        for org in (
            "Voltaic Storage, Inc.",
            "voltaic storage",
            "VOLTAIC",
            "Helio",
            "Helio Cell Works GmbH",
            "Heliodor Ltd",
            "Northwind Grid plc",
            "grid storage",  # an industry is no organisation
            None,
        )
    }
    assert found == {
        "Voltaic Storage, Inc.": "Voltaic Storage",
        "voltaic storage": "Voltaic Storage",
        "VOLTAIC": "Voltaic Storage",
        "Helio": "Helio Cell Works",
        "Helio Cell Works GmbH": "Helio Cell Works",
        "Heliodor Ltd": None,
        "Northwind Grid plc": "Northwind Grid Systems",
        "grid storage": None,
        None: None,
    }


def test_people_at_lists_contacts_with_their_latest_interview_and_open_followups(wb):
    voltaic = network.people_at(wb.workspace, "voltaic")  # an alias, any case
    assert voltaic["company"] == "Voltaic Storage"
    assert voltaic["contacts"]["name"].tolist() == ["Ada Stone", "Bo Lee"]
    assert voltaic["contacts"]["last_stage"].isna().all() and voltaic["contacts"]["open_followups"].eq(0).all()
    helio = network.people_at(wb.workspace, "Helio")
    contacts = helio["contacts"]
    assert list(contacts.columns) == [
        "contact_id",
        "name",
        "role",
        "how_known",
        "last_interview",
        "last_stage",
        "open_followups",
        "next_due",
    ]
    assert contacts["name"].tolist() == ["Cy Ray"]  # not Dee Fox of Heliodor Ltd
    cy = contacts.iloc[0]
    assert cy["how_known"] == "conference" and cy["last_stage"] == "requested" and cy["open_followups"] == 2
    assert cy["last_interview"] == pd.Timestamp(NOW - timedelta(days=10))  # asked then; no date set yet
    assert cy["next_due"] == pd.Timestamp("2026-11-20 09:00", tz="UTC")  # 3B7: try another person
    fay = network.people_at(wb.workspace, "Northwind Grid Systems")["contacts"].iloc[0]
    assert fay["last_stage"] == "held" and fay["last_interview"] == pd.Timestamp(NOW - timedelta(hours=3))


def test_people_at_lists_referrals_not_reached_with_permission_and_who_introduced_you(wb):
    helio = network.people_at(wb.workspace, "Helio Cell Works")
    pending = helio["referrals_pending"]
    assert pending["to_name"].fillna("").tolist() == ["Eli Park", ""]  # the reached one (Cy Ray) is not pending
    assert pending["referred_by"].tolist() == ["Ada Stone", "Fay Gold"]
    assert pending["can_use_name"].tolist() == [True, False]
    intro = helio["introducers"]
    assert intro[["name", "people", "reached"]].to_dict("records") == [
        {"name": "Ada Stone", "people": 2, "reached": 1},
        {"name": "Fay Gold", "people": 1, "reached": 0},
    ]
    assert intro["names"].tolist() == ["Cy Ray; Eli Park", "someone at HELIO CELL WORKS LLC"]
    assert intro["organization"].tolist() == ["Voltaic Storage, Inc.", "Northwind Grid plc"]
    empty = network.people_at(wb.workspace, "Quiet Co")
    assert all(empty[name].empty for name in ("contacts", "referrals_pending", "introducers"))


def test_a_contact_referred_by_someone_makes_them_an_introducer(wb):
    ws = wb.workspace
    t.add_contact(ws, name="Gil Mora", organization="Ampere Ridge Ltd", referred_by=wb.ids["Fay Gold"], now=NOW)
    intro = network.people_at(ws, "Ampere Ridge")["introducers"]
    assert intro[["name", "people", "reached", "names"]].to_dict("records") == [
        {"name": "Fay Gold", "people": 1, "reached": 1, "names": "Gil Mora"}
    ]


@pytest.mark.parametrize("name", ["Voltaik Storage", "Heliodor", "grid storage"])
def test_an_unknown_company_is_the_resolve_error(wb, name):
    with pytest.raises(InvalidInput, match="is not followed") as error:
        network.people_at(wb.workspace, name)
    assert error.value.field == "company"
    if name == "Voltaik Storage":
        assert "did you mean 'Voltaic Storage'" in str(error.value)


TARGET_COLUMNS = [
    "company",
    "articles_30d",
    "articles_prior_30d",
    "momentum",
    "people",
    "referrals_pending",
    "interviews_held",
    "interviews_planned",
    "overdue_followups",
    "priority",
    "reason",
    "next_action",
]


def test_targets_put_rising_news_with_someone_to_ask_first_then_overdue_followups(wb):
    table = network.targets(wb.workspace, now=NOW)
    assert list(table.columns) == TARGET_COLUMNS
    assert table["company"].tolist() == [
        "Voltaic Storage",  # 1: rising news, two people there, no interview yet
        "Helio Cell Works",  # 2: an overdue follow-up
        "Northwind Grid Systems",  # 3: a thank-you to send
        "Ampere Ridge",  # 4: rising news, nobody known
        "Quiet Co",  # 5
    ]  # the industry is no target
    assert table["priority"].tolist() == [1, 2, 3, 4, 5]
    rows = table.set_index("company")
    assert rows.loc["Voltaic Storage", ["articles_30d", "articles_prior_30d", "momentum", "people"]].tolist() == [
        4,
        1,
        3,
        2,
    ]
    assert rows.loc["Ampere Ridge", ["articles_30d", "articles_prior_30d"]].tolist() == [2, 0]
    assert rows.loc["Northwind Grid Systems", "momentum"] == -2
    helio = rows.loc["Helio Cell Works"]
    assert (helio["people"], helio["referrals_pending"], helio["interviews_planned"]) == (1, 2, 1)
    assert helio["overdue_followups"] == 2 and helio["reason"] == "overdue follow-up"
    assert rows.loc["Northwind Grid Systems", ["interviews_held", "interviews_planned"]].tolist() == [1, 0]


def test_targets_name_the_next_action_from_the_tracker(wb):
    actions = network.targets(wb.workspace, now=NOW).set_index("company")["next_action"].to_dict()
    assert actions == {
        "Voltaic Storage": "ask Ada Stone for a conversation",
        "Helio Cell Works": "no reply from Cy Ray: ask someone else there (due 20 Nov)",
        "Northwind Grid Systems": "send thank-you to Fay Gold (due 28 Nov)",
        "Ampere Ridge": "find a contact at Ampere Ridge",
        "Quiet Co": "find a contact at Quiet Co",
    }


def test_targets_follow_the_search_as_it_moves_on(wb):
    ws, ids = wb.workspace, wb.ids
    thanks = wb.followups()
    t.followup_done(ws, int(thanks.loc[thanks["kind"] == "thank-you", "followup_id"].iloc[0]), now=NOW)
    t.add_interview(ws, contact=ids["Ada Stone"], when=NOW + timedelta(days=3), now=NOW)
    t.add_interview(ws, contact=ids["Bo Lee"], status="requested", now=NOW)
    t.update_interview(ws, 1, status="declined", now=NOW)  # Cy Ray: the 3B7 follow-ups close
    actions = network.targets(ws, now=NOW).set_index("company")
    assert actions.loc["Northwind Grid Systems", "next_action"] == (
        "ask Fay Gold for an introduction to someone else there"
    )
    assert actions.loc["Voltaic Storage", "next_action"] == "prepare for the talk with Ada Stone (30 Nov)"
    assert actions.loc["Voltaic Storage", "priority"] == 5  # nothing to do but wait for the talk
    assert actions.loc["Helio Cell Works", "next_action"] == "contact Eli Park, mentioning Ada Stone"
    assert actions.loc["Helio Cell Works", "priority"] == 3


def test_targets_of_a_workspace_without_companies_is_an_empty_table(tmp_path):
    with Workbook(tmp_path / "empty") as empty:
        table = network.targets(empty.workspace, now=NOW)
    assert table.empty and list(table.columns) == TARGET_COLUMNS


def test_an_article_whose_date_is_only_an_estimate_is_no_momentum(wb):
    ws = wb.workspace
    with ws.transaction() as conn:  # as if the source gave no date: stored at the time it was fetched
        conn.execute("UPDATE articles SET date_estimated = 1 WHERE title = 'Voltaic Storage story 0'")
    row = network.targets(ws, now=NOW).set_index("company").loc["Voltaic Storage"]
    assert (row["articles_30d"], row["articles_prior_30d"], row["momentum"]) == (3, 1, 2)
