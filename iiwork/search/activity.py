"""Activity over the search: counts per period, the stage funnel, replies, thank-you timeliness, the referral tree,
how-known sources, overdue follow-ups and the next actions they point to, as tidy DataFrames."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

import pandas as pd

from .. import queries
from ..analysis.trends import FREQS, period_start
from ..tables import STR, UTC, frame
from ..times import add_business_days, parse_user_time, utc_now
from ..workspace import Workspace
from . import rules
from .calendar import FOLLOWUP_TITLES

STAGES = ("identified", "requested", "scheduled", "held", "thanked")
RANK = {stage: rank for rank, stage in enumerate(STAGES)}
REPLIES = ("scheduled", "declined", "held", "thanked")
WITHIN_HOURS = round(rules.THANK_WITHIN / timedelta(hours=1))
PERIOD_WORDS = {"D": "today", "W": "this week", "M": "this month"}
LOW_RESPONSE, MIN_DECIDED = 0.5, 3
UNKNOWN = "(not recorded)"

WEEKLY = {"period": UTC, "kind": STR, "count": "Int64"}
FUNNEL = {"stage": STR, "reached": "Int64", "conversion": "Float64", "declined": "Int64", "no_reply": "Int64"}
RESPONSE = {
    "interview_id": "Int64",
    "contact_id": "Int64",
    "name": STR,
    "requested_at": UTC,
    "replied_at": UTC,
    "outcome": STR,
    "days_to_reply": "Float64",
}
THANK_YOU = {
    "interview_id": "Int64",
    "contact_id": "Int64",
    "name": STR,
    "slot_end": UTC,
    "due": UTC,
    "sent": UTC,
    "hours_after": "Float64",
    "on_time": "boolean",
}
REFERRAL_EDGES = {"source": STR, "target": STR, "via": STR, "referral_id": "Int64"}
REFERRAL_TREE = {
    "node": STR,
    "contact_id": "Int64",
    "name": STR,
    "organization": STR,
    "parent": STR,
    "depth": "Int64",
    "root": STR,
    "pending": "boolean",
}
SOURCES = {"how_known": STR, "contacts": "Int64", "requested": "Int64", "held": "Int64", "conversion": "Float64"}
OVERDUE = {
    "followup_id": "Int64",
    "kind": STR,
    "due": UTC,
    "days_late": "Float64",
    "contact_id": "Int64",
    "name": STR,
    "organization": STR,
    "interview_id": "Int64",
    "referral_id": "Int64",
    "note": STR,
}


@dataclass(frozen=True, eq=False, repr=False)
class Activity:
    """Tidy tables of how the search is going, as of `now`.

    `weekly` holds counts per period of `freq` (day, week from Monday, month). `actions` maps a topic (overdue,
    thank_you, weekly, referrals, response, funnel, sources) to one plain-text suggestion; `next_actions` lists them
    most urgent first. Rates are None when there is nothing to measure yet.
    """

    now: pd.Timestamp
    freq: str
    weekly: pd.DataFrame
    funnel: pd.DataFrame
    response: pd.DataFrame
    thank_you: pd.DataFrame
    referral_edges: pd.DataFrame
    referral_tree: pd.DataFrame
    sources: pd.DataFrame
    overdue: pd.DataFrame
    response_rate: float | None
    median_days_to_reply: float | None
    thank_you_on_time: float | None
    actions: Mapping[str, str]

    @property
    def next_actions(self) -> tuple[str, ...]:
        return tuple(self.actions.values())

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: value for name, value in vars(self).items() if isinstance(value, pd.DataFrame)}

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={len(table)}" for name, table in self.tables().items())
        return f"<Activity as of {self.now:%Y-%m-%d %H:%M} UTC, freq={self.freq!r}, rows: {rows}>"


def search_activity(ws: Workspace, *, freq: str = "W", now: datetime | str | None = None) -> Activity:
    """Every activity table for a workbook's tracker records, judged at `now` (default: the current time) for what
    is overdue or still waiting. An empty workspace gives empty tables. Reads only; never writes."""
    period_start(pd.Series([], dtype=UTC), freq)  # validates freq
    when = pd.Timestamp(parse_user_time(now, field="now") if now is not None else utc_now())
    tables = _tables(ws, freq=freq, now=when)
    figures = _figures(tables)
    actions = MappingProxyType(next_actions(tables, figures, freq=freq, now=when))
    return Activity(now=when, freq=freq, **tables, **figures, actions=actions)


def _tables(ws: Workspace, *, freq: str, now: pd.Timestamp) -> dict[str, pd.DataFrame]:
    contacts, interviews = queries.read_contacts(ws), queries.read_interviews(ws)
    history, referrals = queries.read_interview_history(ws), queries.read_referrals(ws)
    followups = queries.read_followups(ws, include_done=True, with_contact=True)
    furthest = furthest_stage(interviews, history)
    names = contacts.set_index("contact_id")["name"]
    edges = referral_edge_table(contacts, referrals)
    return {
        "weekly": weekly_table(history, interviews, furthest, followups, referrals, freq=freq, now=now),
        "funnel": funnel_table(interviews, furthest),
        "response": response_table(history, interviews, names, now=now),
        "thank_you": thank_you_table(interviews, furthest, followups, names, now=now),
        "referral_edges": edges,
        "referral_tree": referral_tree_table(contacts, referrals, edges),
        "sources": how_known_table(contacts, interviews, furthest),
        "overdue": overdue_table(followups, now=now),
    }


def _figures(tables: Mapping[str, pd.DataFrame]) -> dict[str, float | None]:
    """Response rate (requests still waiting left out), median days to reply, share of thank-yous on time."""
    replies, thanks = tables["response"], tables["thank_you"]
    decided = replies[replies["outcome"] != "waiting"]
    return {
        "response_rate": _share(decided["replied_at"].notna()),
        "median_days_to_reply": _number(replies["days_to_reply"].median()),
        "thank_you_on_time": _share(thanks["on_time"].dropna()),
    }


def _share(flags: pd.Series) -> float | None:
    return float(flags.astype(bool).mean()) if len(flags) else None


def _number(value: object) -> float | None:
    return None if pd.isna(value) else float(value)  # type: ignore[arg-type]


# Stages


def furthest_stage(interviews: pd.DataFrame, history: pd.DataFrame) -> pd.Series:
    """Per interview id, the rank in STAGES of the furthest stage it ever reached (declined, no-reply: not stages)."""
    statuses = pd.concat([history[["interview_id", "status"]], interviews[["interview_id", "status"]]])
    rank = statuses["status"].map(RANK).astype("Float64").fillna(0)
    found = rank.groupby(statuses["interview_id"].to_numpy()).max().astype("Int64")
    return found.reindex(interviews["interview_id"].to_numpy(), fill_value=0)


def funnel_table(interviews: pd.DataFrame, furthest: pd.Series) -> pd.DataFrame:
    """Per stage: interviews that reached it (or a later one), the conversion from the stage before, and those
    that stopped there declined or without a reply."""
    current = interviews.set_index("interview_id")["status"]
    rows, before = [], None
    for rank, stage in enumerate(STAGES):
        reached = int((furthest >= rank).sum())
        stopped = current[(furthest == rank).to_numpy()]
        rows.append(
            {
                "stage": stage,
                "reached": reached,
                "conversion": reached / before if before else None,
                "declined": int(stopped.eq("declined").sum()),
                "no_reply": int(stopped.eq("no-reply").sum()),
            }
        )
        before = reached
    return frame(rows if len(interviews) else [], FUNNEL)


# Counts per period


def weekly_table(
    history: pd.DataFrame,
    interviews: pd.DataFrame,
    furthest: pd.Series,
    followups: pd.DataFrame,
    referrals: pd.DataFrame,
    *,
    freq: str = "W",
    now: pd.Timestamp,
) -> pd.DataFrame:
    """Requests, interviews held, thank-yous sent and referrals received per period, every period from the first
    to now (zeros included)."""
    held = interviews[(furthest >= RANK["held"]).to_numpy()]
    events = {
        "requests": history.loc[history["status"] == "requested", "at"],
        "held": held["held"].fillna(held["scheduled"]),
        "thank-yous": followups.loc[followups["kind"] == "thank-you", "done"],
        "referrals": referrals["created"],
    }
    periods = {kind: period_start(times.dropna(), freq) for kind, times in events.items()}
    if all(found.empty for found in periods.values()):
        return frame([], WEEKLY)
    everything = pd.concat([*periods.values(), period_start(pd.Series([now]), freq)])
    span = pd.period_range(everything.min().tz_convert(None), everything.max().tz_convert(None), freq=FREQS[freq])
    index = span.start_time.tz_localize("UTC")
    rows = [
        {"period": period, "kind": kind, "count": int((found == period).sum())}
        for period in index
        for kind, found in periods.items()
    ]
    return frame(rows, WEEKLY)


# Replies


def response_table(
    history: pd.DataFrame, interviews: pd.DataFrame, names: pd.Series, *, now: pd.Timestamp
) -> pd.DataFrame:
    """One row per request: when it was answered (the first later scheduled, declined or held), the outcome and the
    days it took. Unanswered: 'no-reply' when marked so or once the 3B7 reminder fell due, else 'waiting'."""
    contact_of = interviews.set_index("interview_id")["contact_id"]
    rows = []
    for interview_id, events in history.groupby("interview_id", sort=False):
        statuses, times = events["status"].tolist(), events["at"].tolist()
        for i, status in enumerate(statuses):
            if status == "requested":
                contact = contact_of.get(interview_id)
                row = _reply(statuses[i + 1 :], times[i + 1 :], times[i], now)
                rows.append({"interview_id": interview_id, "contact_id": contact, "name": names.get(contact), **row})
    found = frame(rows, RESPONSE)
    return found.sort_values(["requested_at", "interview_id"], ignore_index=True)


def _reply(statuses: list[str], times: list[pd.Timestamp], asked: pd.Timestamp, now: pd.Timestamp) -> dict:
    marked = False
    for status, at in zip(statuses, times):
        if status == "requested":
            break
        if status in REPLIES:
            return {
                "requested_at": asked,
                "replied_at": at,
                "outcome": status,
                "days_to_reply": (at - asked) / pd.Timedelta(days=1),
            }
        marked = marked or status == "no-reply"
    reminder = add_business_days(asked.to_pydatetime(), rules.REMIND_BUSINESS_DAYS)
    outcome = "no-reply" if marked or now >= reminder else "waiting"
    return {"requested_at": asked, "replied_at": None, "outcome": outcome, "days_to_reply": None}


# Thank-yous


def thank_you_table(
    interviews: pd.DataFrame, furthest: pd.Series, followups: pd.DataFrame, names: pd.Series, *, now: pd.Timestamp
) -> pd.DataFrame:
    """Per interview held: the end of its slot, the thank-you's due time (rules.THANK_WITHIN later), when it was
    sent, hours after the slot, and whether it was on time (NA while unsent and not yet due)."""
    held = interviews[(furthest >= RANK["held"]).to_numpy()]
    minutes = pd.to_timedelta(held["minutes"].fillna(rules.DEFAULT_MINUTES).astype("int64"), unit="min")
    start = held["scheduled"].fillna(held["held"])
    sent = followups[followups["kind"] == "thank-you"].groupby("interview_id")["done"].min()
    table = pd.DataFrame(
        {
            "interview_id": held["interview_id"],
            "contact_id": held["contact_id"],
            "name": held["contact_id"].map(names),
            "slot_end": start + minutes,
        }
    )
    table["due"] = table["slot_end"] + rules.THANK_WITHIN
    table["sent"] = sent.reindex(table["interview_id"].to_numpy()).set_axis(table.index)
    table["hours_after"] = (table["sent"] - table["slot_end"]) / pd.Timedelta(hours=1)
    late = table["sent"].fillna(now) > table["due"]
    table["on_time"] = (~late).where(table["sent"].notna() | late, None)
    return frame(table, THANK_YOU).sort_values(["slot_end", "interview_id"], ignore_index=True)


# Referrals


def referral_edge_table(contacts: pd.DataFrame, referrals: pd.DataFrame) -> pd.DataFrame:
    """Who led to whom: contacts.referred_by and every referral, one edge per pair. Nodes are `c<contact_id>`, or
    `r<referral_id>` for a person not yet a contact (the first referral naming them)."""
    known = {_person(row.name, row.organization): f"c{row.contact_id}" for row in contacts.itertuples()}
    rows = [
        {"source": f"c{row.referred_by}", "target": f"c{row.contact_id}", "via": "referred_by"}
        for row in contacts.itertuples()
        if pd.notna(row.referred_by)
    ]
    for row in referrals.itertuples():
        target = f"c{row.to_contact}" if pd.notna(row.to_contact) else None
        person = _person(row.to_name, row.to_organization)
        target = target or known.get(person) or known.setdefault(person, f"r{row.referral_id}")
        rows.append(
            {"source": f"c{row.from_contact}", "target": target, "via": "referral", "referral_id": row.referral_id}
        )
    found = frame(rows, REFERRAL_EDGES)
    return found.drop_duplicates(["source", "target"], ignore_index=True)


def _person(name: object, organization: object) -> tuple[str, str]:
    key = [str(v).strip().casefold() if pd.notna(v) else "" for v in (name, organization)]
    return key[0], key[1]


def referral_tree_table(contacts: pd.DataFrame, referrals: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """Every contact and referred person, depth-first from the roots (contacts nobody referred you to), with their
    parent and depth. A node reached two ways keeps its shallowest parent; a loop of referrals (a bad import) is
    cut at its lowest contact id, which becomes a root."""
    nodes = _nodes(contacts, referrals, edges)
    children: dict[str, list[str]] = {}
    for source, target in zip(edges["source"], edges["target"]):
        if source != target and source in nodes and target in nodes:
            children.setdefault(source, []).append(target)
    parents = {target for kids in children.values() for target in kids}
    parent, depth, roots = _breadth_first([n for n in nodes if n not in parents], children)
    for node in nodes:  # nodes only reachable through a loop
        if node not in depth:
            for found, more in zip((parent, depth, roots), _breadth_first([node], children, seen=depth)):
                found.update(more)
    order = _depth_first([n for n in nodes if parent.get(n) is None], parent, nodes)
    rows = [{**nodes[n], "node": n, "parent": parent[n], "depth": depth[n], "root": roots[n]} for n in order]
    return frame(rows, REFERRAL_TREE)


def _nodes(contacts: pd.DataFrame, referrals: pd.DataFrame, edges: pd.DataFrame) -> dict[str, dict]:
    nodes = {
        f"c{row.contact_id}": {
            "contact_id": row.contact_id,
            "name": row.name,
            "organization": row.organization,
            "pending": False,
        }
        for row in contacts.itertuples()
    }
    by_id = referrals.set_index("referral_id")
    for target in edges["target"]:
        if target.startswith("r"):
            row = by_id.loc[int(target[1:])]
            nodes[target] = {
                "contact_id": None,
                "name": row["to_name"] if pd.notna(row["to_name"]) else None,
                "organization": row["to_organization"],
                "pending": True,
            }
    return nodes


def _breadth_first(
    starts: list[str], children: Mapping[str, list[str]], *, seen: Container[str] = ()
) -> tuple[dict, ...]:
    parent: dict[str, str | None] = dict.fromkeys(starts)
    depth, roots = {s: 0 for s in starts}, {s: s for s in starts}
    queue = list(starts)
    for node in queue:
        for child in children.get(node, []):
            if child not in depth and child not in seen:
                parent[child], depth[child], roots[child] = node, depth[node] + 1, roots[node]
                queue.append(child)
    return parent, depth, roots


def _depth_first(roots: Iterable[str], parent: Mapping[str, str | None], nodes: Mapping[str, dict]) -> list[str]:
    kids: dict[str, list[str]] = {}
    for node, up in parent.items():
        if up is not None:
            kids.setdefault(up, []).append(node)
    order, stack = [], list(reversed(list(roots)))
    while stack:
        node = stack.pop()
        order.append(node)
        stack += sorted(
            kids.get(node, []), key=lambda n: str(nodes[n]["name"] or nodes[n]["organization"]), reverse=True
        )
    return order


# Sources and overdue follow-ups


def how_known_table(contacts: pd.DataFrame, interviews: pd.DataFrame, furthest: pd.Series) -> pd.DataFrame:
    """Per how-known value: contacts, contacts asked for an interview, contacts met, and the share met."""
    reached = pd.DataFrame({"contact_id": interviews["contact_id"].to_numpy(), "rank": furthest.to_numpy()})
    best = reached.groupby("contact_id")["rank"].max()
    rank = contacts["contact_id"].map(best).astype("Float64").fillna(-1)
    table = pd.DataFrame(
        {
            "how_known": contacts["how_known"].fillna(UNKNOWN),
            "contacts": 1,
            "requested": rank >= RANK["requested"],
            "held": rank >= RANK["held"],
        }
    )
    found = table.groupby("how_known").sum()
    found["conversion"] = found["held"] / found["contacts"]
    found = found.reset_index().sort_values(["held", "contacts", "how_known"], ascending=[False, False, True])
    return frame(found.reset_index(drop=True), SOURCES)


def overdue_table(followups: pd.DataFrame, *, now: pd.Timestamp) -> pd.DataFrame:
    """Open follow-ups past due, oldest first, with who they are for (read with their contact): the next actions."""
    late = followups[followups["done"].isna() & (followups["due"] < now)].copy()
    late["name"] = late["contact"]
    late["days_late"] = (now - late["due"]) / pd.Timedelta(days=1)
    return frame(late.sort_values(["due", "followup_id"]), OVERDUE).reset_index(drop=True)


# Next actions


def next_actions(
    tables: Mapping[str, pd.DataFrame], figures: Mapping[str, float | None], *, freq: str, now: pd.Timestamp
) -> dict[str, str]:
    """One plain-text suggestion per topic that needs one, most urgent first."""
    if all(table.empty for name, table in tables.items() if name != "referral_tree"):
        return {"start": "no activity yet: add a contact and ask for a first conversation"}
    found = {
        "overdue": _overdue_action(tables["overdue"]),
        "thank_you": _thank_you_action(tables["thank_you"], now),
        "weekly": _weekly_action(tables["weekly"], freq, now),
        "referrals": _referral_action(tables["referral_tree"], tables["thank_you"]),
        "response": _response_action(tables["response"], figures["response_rate"]),
        "funnel": _funnel_action(tables["funnel"]),
        "sources": _sources_action(tables["sources"]),
    }
    return {topic: text for topic, text in found.items() if text}


def _late(delta: pd.Timedelta) -> str:
    days, hours = delta.days, int(delta / pd.Timedelta(hours=1))
    return f"{days} day{'s' * (days != 1)}" if days >= 1 else f"{hours} hour{'s' * (hours != 1)}"


def _overdue_action(late: pd.DataFrame) -> str | None:
    if late.empty:
        return None
    first = late.iloc[0]
    name = first["name"] if pd.notna(first["name"]) else "a contact"
    at = f" at {first['organization']}" if pd.notna(first["organization"]) else ""
    what = FOLLOWUP_TITLES.get(first["kind"], first["kind"] + ": {name}").format(name=name, at=at)
    how_late = _late(pd.Timedelta(days=float(first["days_late"])))
    count = (
        f"{len(late)} follow-ups overdue: oldest, {how_late} late" if len(late) > 1 else f"1 follow-up {how_late} late"
    )
    return f"{count}: {what[0].lower()}{what[1:]}"


def _thank_you_action(thanks: pd.DataFrame, now: pd.Timestamp) -> str | None:
    waiting = thanks[thanks["sent"].isna() & (thanks["due"] >= now)]
    if not waiting.empty:
        first = waiting.sort_values("due").iloc[0]
        return f"thank {first['name']} by {first['due']:%a %d %b %H:%M} UTC ({WITHIN_HOURS} h after the conversation)"
    judged = thanks["on_time"].dropna()
    late = int((~judged.astype(bool)).sum())
    if late:
        return f"{late} of {len(judged)} thank-yous late: send each within {WITHIN_HOURS} h of the conversation"
    return None


def _weekly_action(table: pd.DataFrame, freq: str, now: pd.Timestamp) -> str | None:
    current = period_start(pd.Series([now]), freq).iloc[0]
    requests = table[(table["period"] == current) & (table["kind"] == "requests")]["count"].sum()
    if requests == 0:
        return f"no requests {PERIOD_WORDS[freq]}: ask one more person for a conversation"
    return None


def _referral_action(tree: pd.DataFrame, thanks: pd.DataFrame) -> str | None:
    pending = tree[tree["pending"].astype(bool)]
    if not pending.empty:
        who = ", ".join(_label(row) for row in pending.head(2).itertuples())
        more = f" and {len(pending) - 2} more" if len(pending) > 2 else ""
        return f"{len(pending)} referral{'s' * (len(pending) != 1)} not contacted yet: {who}{more}"
    if len(thanks) and not (tree["depth"] > 0).any():
        return "no referrals yet: end each conversation by asking who else you should talk to"
    return None


def _label(row) -> str:
    if pd.notna(row.name) and pd.notna(row.organization):
        return f"{row.name} ({row.organization})"
    return str(row.name if pd.notna(row.name) else f"someone at {row.organization}")


def _response_action(table: pd.DataFrame, rate: float | None) -> str | None:
    decided = int((table["outcome"] != "waiting").sum())
    if rate is not None and decided >= MIN_DECIDED and rate < LOW_RESPONSE:
        return (
            f"response rate {rate:.0%} ({decided} requests): ask contacts for referrals; warm introductions get replies"
        )
    return None


def _funnel_action(table: pd.DataFrame) -> str | None:
    if table.empty:
        return None
    first, second = table.iloc[0], table.iloc[1]  # identified, requested
    waiting = int(first["reached"] - second["reached"] - first["declined"] - first["no_reply"])
    if waiting:
        return f"{waiting} contact{'s' * (waiting != 1)} identified but not asked yet: send a request"
    return None


def _sources_action(table: pd.DataFrame) -> str | None:
    useful = table[(table["held"] > 0) & (table["how_known"] != UNKNOWN)]
    if useful.empty:
        return None
    best = useful.sort_values(["held", "conversion"], ascending=False).iloc[0]
    return (
        f"{best['how_known']} contacts lead to conversations ({best['held']} of {best['contacts']} met): "
        f"reach out to more of them"
    )
