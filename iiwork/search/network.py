"""Your network at each followed company: who you know there, referrals still to reach, who introduced you, and
which companies to contact now (news momentum against the people you know and the tracker's next step)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from .. import queries
from ..companies import names_and_aliases, organisation_key, resolve
from ..tables import STR, UTC, frame
from ..times import iso, parse_user_time, utc_now
from ..workspace import Workspace

WINDOW = timedelta(days=30)  # news momentum: articles in the last 30 days against the 30 days before
HELD = ("held", "thanked")
PLANNED = ("requested", "scheduled")  # asked for, not held yet
PEOPLE_AT = {
    "contact_id": "Int64",
    "name": STR,
    "role": STR,
    "how_known": STR,
    "last_interview": UTC,
    "last_stage": STR,
    "open_followups": "Int64",
    "next_due": UTC,
}
REFERRALS_PENDING = {
    "referral_id": "Int64",
    "to_name": STR,
    "to_organization": STR,
    "from_contact": "Int64",
    "referred_by": STR,
    "can_use_name": "boolean",
    "will_introduce": "boolean",
    "created": UTC,
}
INTRODUCERS = {
    "contact_id": "Int64",
    "name": STR,
    "organization": STR,
    "people": "Int64",
    "reached": "Int64",
    "names": STR,
}
TARGETS = {
    "company": STR,
    "articles_30d": "Int64",
    "articles_prior_30d": "Int64",
    "momentum": "Int64",
    "people": "Int64",
    "referrals_pending": "Int64",
    "interviews_held": "Int64",
    "interviews_planned": "Int64",
    "overdue_followups": "Int64",
    "priority": "Int64",
    "reason": STR,
    "next_action": STR,
}
PRIORITIES = {
    1: "rising news, someone to ask, no interview yet",
    2: "overdue follow-up",
    3: "a step to take with someone there",
    4: "rising news, nobody known there yet",
    5: "nothing due now",
}


# Matching organisations to followed companies


def company_keys(ws: Workspace) -> dict[str, str]:
    """Every followed company's name and alias as an organisation key (case and legal suffixes ignored), mapped
    to the company's name; industries are no organisations. A key two companies share goes to the first."""
    keys: dict[str, str] = {}
    for company, names in names_and_aliases(ws).items():
        for name in names:
            keys.setdefault(organisation_key(name), company)
    return keys


def organisation_company(organization: object, keys: Mapping[str, str]) -> str | None:
    """The followed company an organisation's name stands for ("Voltaic Storage, Inc." -> Voltaic Storage), or
    None: the whole name must match a name or alias, so "Heliodor Ltd" is not "Helio"."""
    if organization is None or organization is pd.NA or organization != organization:
        return None
    return keys.get(organisation_key(organization))


def contact_companies(contacts: pd.DataFrame, keys: Mapping[str, str]) -> pd.Series:
    """Per contact (same index), the followed company of their organisation, NA when none."""
    found = [organisation_company(org, keys) for org in contacts["organization"]]
    return pd.Series(found, index=contacts.index, dtype=STR)


# The tracker, read once and tied to companies


def network_records(ws: Workspace, *, now: datetime | None = None) -> dict[str, pd.DataFrame]:
    """The tracker's contacts, interviews, referrals and open follow-ups, each with the followed `company` it
    concerns (a referral: its organisation, else the contact it reached; a follow-up: its referral's company, else
    its contact's), follow-ups marked `overdue` at `now`."""
    keys = company_keys(ws)
    contacts = queries.read_contacts(ws)
    contacts["company"] = contact_companies(contacts, keys)
    company_of = contacts.set_index("contact_id")["company"]
    referrals = queries.read_referrals(ws)
    referrals["company"] = _referral_companies(referrals, company_of, keys)
    followups = queries.read_followups(ws, with_contact=True, now=now)
    by_referral = lookup(followups["referral_id"], referrals.set_index("referral_id")["company"])
    followups["company"] = by_referral.fillna(lookup(followups["contact_id"], company_of)).astype(STR)
    interviews = queries.read_interviews(ws)
    interviews["company"] = lookup(interviews["contact_id"], company_of).astype(STR)
    return {"contacts": contacts, "interviews": interviews, "referrals": referrals, "followups": followups}


def _referral_companies(referrals: pd.DataFrame, company_of: pd.Series, keys: Mapping[str, str]) -> pd.Series:
    named = pd.Series([organisation_company(o, keys) for o in referrals["to_organization"]], index=referrals.index)
    reached = lookup(referrals["to_contact"], company_of)
    return named.fillna(reached).astype(STR)


def lookup(ids: pd.Series, values: pd.Series) -> pd.Series:
    """Per id of `ids` (same index), its value in `values` (a Series indexed by id); None where it has none."""
    found = values.to_dict()
    return pd.Series([found.get(i) for i in ids], index=ids.index, dtype=object)


def _at(table: pd.DataFrame, company: str) -> pd.DataFrame:
    return table[table["company"].eq(company).fillna(False)]


# Who you know at one company


def people_at(ws: Workspace, company: str) -> dict[str, Any]:
    """Your network at one followed company (by name or alias; unknown: the error naming the closest):
    `company` (its name), `contacts` (with their latest interview and open follow-ups), `referrals_pending`
    (people there you were referred to and have not reached yet, with who referred you and whether you may use
    their name) and `introducers` (contacts who referred you to someone there)."""
    name = resolve(ws, company, kind="company")[1]
    records = network_records(ws)
    contacts = _at(records["contacts"], name)
    return {
        "company": name,
        "contacts": contacts_table(contacts, records["interviews"], records["followups"]),
        "referrals_pending": pending_table(_at(records["referrals"], name), records["contacts"]),
        "introducers": introducers_table(_at(records["referrals"], name), contacts, records["contacts"]),
    }


def contacts_table(contacts: pd.DataFrame, interviews: pd.DataFrame, followups: pd.DataFrame) -> pd.DataFrame:
    """Per contact: id, name, role, how known, their latest interview's date (held, else scheduled, else when it
    was recorded) and stage, and their open follow-ups (how many, the next due)."""
    latest = _latest_interviews(interviews)
    open_ = followups.groupby("contact_id")["due"].agg(["size", "min"])
    ids = contacts["contact_id"]
    table = contacts.assign(
        last_interview=lookup(ids, latest["when"]),
        last_stage=lookup(ids, latest["status"]),
        open_followups=lookup(ids, open_["size"]).fillna(0),
        next_due=lookup(ids, open_["min"]),
    )
    return frame(table, PEOPLE_AT).reset_index(drop=True)


def _latest_interviews(interviews: pd.DataFrame) -> pd.DataFrame:
    """Per contact id, the latest interview: `when` (held, else scheduled, else recorded) and `status`."""
    table = interviews.assign(when=interviews["held"].fillna(interviews["scheduled"]).fillna(interviews["created"]))
    table = table.sort_values(["when", "interview_id"]).drop_duplicates("contact_id", keep="last")
    return table.set_index("contact_id")[["when", "status"]]


def pending_table(referrals: pd.DataFrame, everyone: pd.DataFrame) -> pd.DataFrame:
    """Referrals not reached yet (no contact linked): whom, from whom, may you use their name, oldest first."""
    pending = referrals[referrals["to_contact"].isna()]
    names = everyone.set_index("contact_id")["name"]
    table = pending.assign(referred_by=lookup(pending["from_contact"], names))
    return frame(table.sort_values(["created", "referral_id"]), REFERRALS_PENDING).reset_index(drop=True)


def introducers_table(referrals: pd.DataFrame, contacts: pd.DataFrame, everyone: pd.DataFrame) -> pd.DataFrame:
    """Contacts who referred you to someone at the company (a referral there, or a contact there they referred):
    how many people, how many reached, and their names; most people first."""
    links = _introductions(referrals, contacts, everyone.set_index("contact_id")["name"])
    if links.empty:
        return frame([], INTRODUCERS)
    found = links.groupby("contact_id").agg(
        people=("person", "size"), reached=("reached", "sum"), names=("person", "; ".join)
    )
    people = everyone.set_index("contact_id")[["name", "organization"]]
    table = found.join(people).reset_index().sort_values(["people", "name"], ascending=[False, True])
    return frame(table, INTRODUCERS).reset_index(drop=True)


def _introductions(referrals: pd.DataFrame, contacts: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """(contact_id of the referrer, person, reached) per person there someone pointed you to, each pair once."""
    unnamed = "someone at " + referrals["to_organization"].fillna("the company")
    by_referral = pd.DataFrame(
        {
            "contact_id": referrals["from_contact"],
            "person": lookup(referrals["to_contact"], names).fillna(referrals["to_name"]).fillna(unnamed),
            "reached": referrals["to_contact"].notna(),
        }
    )
    referred = contacts[contacts["referred_by"].notna()]
    by_contact = pd.DataFrame({"contact_id": referred["referred_by"], "person": referred["name"], "reached": True})
    links = pd.concat([by_referral, by_contact], ignore_index=True).astype({"contact_id": "Int64", "person": str})
    return links.sort_values("reached", ascending=False, kind="stable").drop_duplicates(["contact_id", "person"])


# Which companies to contact now


def targets(ws: Workspace, *, now: datetime | str | None = None) -> pd.DataFrame:
    """Every followed company (not industries) with its news momentum (dated articles about it in the last 30
    days, the 30 before, the change), the people you know there, referrals there not reached yet, interviews held
    and planned (requested or scheduled), overdue follow-ups, and the next action from the tracker.

    Sorted by `priority` (`reason` says which): 1 rising news, someone to ask there (a contact or a pending
    referral) and no interview held or planned yet; 2 an overdue follow-up there (most overdue first); 3 a step
    to take with someone there (not just a reply or a talk to wait for); 4 rising news but nobody known there;
    5 the rest. Within a priority: the largest rise first, then the most recent articles, then by name."""
    when = pd.Timestamp(parse_user_time(now, field="now") if now is not None else utc_now())
    records = network_records(ws, now=when.to_pydatetime())
    rows = [_target(ws, name, records, when) for name in queries.read_companies(ws, kind="company")["name"]]
    if not rows:
        return frame([], TARGETS)
    table = pd.DataFrame(rows).sort_values(
        ["priority", "late_days", "momentum", "articles_30d", "company"], ascending=[True, False, False, False, True]
    )
    return frame(table, TARGETS).reset_index(drop=True)


def _target(ws: Workspace, company: str, records: Mapping[str, pd.DataFrame], now: pd.Timestamp) -> dict:
    """One company's row of the targets table, with `late_days` (its oldest overdue follow-up) to sort by."""
    recent, prior = news_momentum(ws, company, now=now)
    at = {name: _at(table, company) for name, table in records.items()}
    overdue = at["followups"][at["followups"]["overdue"].fillna(False).astype(bool)]
    action, to_do = target_action(company, at, records["contacts"])
    row = {
        "company": company,
        "articles_30d": recent,
        "articles_prior_30d": prior,
        "momentum": recent - prior,
        "people": len(at["contacts"]),
        "referrals_pending": int(at["referrals"]["to_contact"].isna().sum()),
        "interviews_held": int(at["interviews"]["status"].isin(HELD).sum()),
        "interviews_planned": int(at["interviews"]["status"].isin(PLANNED).sum()),
        "overdue_followups": len(overdue),
        "next_action": action,
        "late_days": float((now - overdue["due"].min()) / pd.Timedelta(days=1)) if len(overdue) else 0.0,
    }
    priority = target_priority(row, to_do=to_do)
    return {**row, "priority": priority, "reason": PRIORITIES[priority]}


def news_momentum(ws: Workspace, company: str, *, now: pd.Timestamp) -> tuple[int, int]:
    """Dated articles about a company in the 30 days up to `now` and in the 30 days before (an article whose
    date is only an estimate, the time it was fetched, is left out: it would look like news of today)."""
    start, middle = iso(now - 2 * WINDOW), iso(now - WINDOW)
    sql = (
        f"SELECT count(*), coalesce(sum(published >= ?), 0) FROM articles WHERE {queries.ABOUT_COMPANY} "
        "AND published >= ? AND published < ? AND date_estimated = 0"
    )
    both, recent = ws.rows(sql, (middle, company, start, iso(now)))[0]
    return int(recent), int(both) - int(recent)


def target_priority(row: Mapping[str, Any], *, to_do: bool) -> int:
    """The priority of a targets row (1 first), as `targets` describes it; `to_do`: its next action is a step
    to take, not a reply or a conversation to wait for."""
    warm = row["people"] + row["referrals_pending"] > 0
    rising = row["momentum"] > 0
    if rising and warm and row["interviews_held"] + row["interviews_planned"] == 0:
        return 1
    if row["overdue_followups"]:
        return 2
    if warm and to_do:
        return 3
    return 4 if rising and not warm else 5


def target_action(company: str, at: Mapping[str, pd.DataFrame], everyone: pd.DataFrame) -> tuple[str, bool]:
    """The next thing to do about a company from its tracker records (`at`), and whether it is a step to take
    now: the oldest overdue follow-up, a thank-you due, a referral to reach, a contact to ask, a talk ahead or a
    reply to wait for, an introduction to ask someone you met for; knowing nobody there, find a contact."""
    followups, fresh = at["followups"], _not_asked(at["contacts"], at["interviews"])
    for due in (
        followups[followups["overdue"].fillna(False).astype(bool)],
        followups[followups["kind"] == "thank-you"],
    ):
        if len(due):
            return followup_action(due.iloc[0], at["referrals"], fresh=fresh), True
    pending = at["referrals"][at["referrals"]["to_contact"].isna()]
    if len(pending):
        return referral_action(pending.iloc[0], everyone), True
    if len(fresh):
        return f"ask {fresh[0]} for a conversation", True
    if at["contacts"].empty:
        return f"find a contact at {company}", True
    return _after_asking(at["interviews"], at["contacts"].set_index("contact_id")["name"])


def _not_asked(contacts: pd.DataFrame, interviews: pd.DataFrame) -> list[str]:
    """Names of the contacts never asked for a conversation (no interview, or one only identified)."""
    asked = interviews.loc[interviews["status"] != "identified", "contact_id"]
    return contacts.loc[~contacts["contact_id"].isin(asked.dropna()), "name"].tolist()


def followup_action(followup: pd.Series, referrals: pd.DataFrame, *, fresh: Sequence[str] = ()) -> str:
    """An open follow-up (read with its contact) as a next action with its due day, e.g. "send thank-you to Z
    (due 3 Dec)"; no reply from someone names a contact there not asked yet (`fresh`), if any."""
    name = followup["contact"] if pd.notna(followup["contact"]) else "your contact"
    due = f"(due {action_day(followup['due'])})"
    if followup["kind"] == "thank-you":
        return f"send thank-you to {name} {due}"
    if followup["kind"] == "referral check-in":
        found = referrals[referrals["referral_id"] == followup["referral_id"]]
        whom = _person(found.iloc[0]) if len(found) else "the person they suggested"
        return f"check in with {name} about the introduction to {whom} {due}"
    if followup["kind"] == "try another contact":
        return f"no reply from {name}: ask {fresh[0] if fresh else 'someone else there'} {due}"
    return f"follow up with {name} {due}"


def referral_action(referral: pd.Series, everyone: pd.DataFrame) -> str:
    """A referral not reached yet as a next action: ask for the promised introduction, or write to the person,
    naming the referrer only when they said you may."""
    names = everyone.set_index("contact_id")["name"]
    referrer = names.get(referral["from_contact"], "your contact")
    if bool(referral["will_introduce"]):
        return f"ask {referrer} for the introduction to {_person(referral)}"
    mention = f", mentioning {referrer}" if bool(referral["can_use_name"]) else f" (without naming {referrer})"
    return f"contact {_person(referral)}{mention}"


def action_day(when: pd.Timestamp) -> str:
    """A day as a next action names it: "3 Dec" (UTC)."""
    return f"{when.day} {when:%b}"


def _person(referral: pd.Series) -> str:
    if pd.notna(referral["to_name"]):
        return str(referral["to_name"])
    return f"someone at {referral['to_organization']}" if pd.notna(referral["to_organization"]) else "someone"


def _after_asking(interviews: pd.DataFrame, names: pd.Series) -> tuple[str, bool]:
    """Everyone there was asked: the talk ahead or the reply awaited (nothing to do yet), else an introduction
    to ask the last person met for, else someone new to ask."""
    ahead = interviews[interviews["status"] == "scheduled"].sort_values(["scheduled", "interview_id"])
    if len(ahead):
        first = ahead.iloc[0]
        return f"prepare for the talk with {names[first['contact_id']]} ({action_day(first['scheduled'])})", False
    waiting = interviews[interviews["status"] == "requested"]
    if len(waiting):
        return f"wait for {names[waiting.iloc[0]['contact_id']]}'s reply", False
    met = interviews[interviews["status"].isin(HELD)].sort_values(["held", "interview_id"])
    if len(met):
        return f"ask {names[met.iloc[-1]['contact_id']]} for an introduction to someone else there", True
    return "find another contact there (nobody you asked said yes)", True
