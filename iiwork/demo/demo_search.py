"""The demo search: a few fictional contacts, conversations and referrals at the sample's companies."""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import queries
from ..search import tracker
from ..times import utc_now
from ..workspace import Workspace


def seed_search(ws: Workspace, *, now: datetime | None = None) -> dict[str, int]:
    """Add a small fictional search to a workspace that has no contacts yet; returns the new contact ids by name
    ({} when the workspace already has contacts, which are never touched).

    A conversation held yesterday (thank-you due, an introduction promised), a request without a reply for two
    weeks (3B7), a job-lead conversation next week and a contact not asked yet, at the sample's companies.
    """
    if not queries.read_contacts(ws).empty:
        return {}
    now = now or utc_now()
    ids = {
        name: tracker.add_contact(
            ws,
            name=name,
            role=role,
            organization=org,
            email=email,
            how_known=how,
            can_use_name=name == "Priya Raman",
            now=now - timedelta(days=20),
        )
        for name, role, org, email, how in DEMO_CONTACTS
    }
    talk = tracker.add_interview(
        ws,
        contact=ids["Priya Raman"],
        status="requested",
        format="video",
        minutes=30,
        now=now - timedelta(days=12),
        goal="Learn how Northwind plans storage projects after buying Helio Cell Works",
    )
    tracker.update_interview(ws, talk, status="scheduled", when=now - timedelta(hours=22), now=now - timedelta(days=11))
    tracker.update_interview(
        ws,
        talk,
        status="held",
        now=now - timedelta(hours=21),
        learnings="Planning teams grow in the first quarter, once budgets are set.",
        confidential_notes="Integration with Helio is behind plan (do not repeat).",
    )
    tracker.add_referral(
        ws,
        from_contact=ids["Priya Raman"],
        to_name="Marcus Oyelaran",
        to_organization="Helio Cell Works",
        can_use_name=True,
        will_introduce=True,
        now=now - timedelta(hours=21),
    )
    tracker.add_interview(
        ws,
        contact=ids["Tomás Ferreira"],
        status="requested",
        now=now - timedelta(days=14),
        goal="Understand how Voltaic organises field service for its battery sites",
    )
    tracker.add_interview(
        ws,
        contact=ids["Amara Okafor"],
        when=now + timedelta(days=6),
        format="coffee",
        minutes=45,
        purpose="job-lead",
        now=now - timedelta(days=2),
        goal="Say upfront that I am looking for a project-engineering role; ask how their teams hire",
    )
    tracker.add_interview(
        ws,
        contact=ids["Lena Marsh"],
        now=now - timedelta(days=1),
        goal="Learn what an operations analyst does in the first year at a storage developer",
    )
    return ids


DEMO_CONTACTS = (
    (
        "Priya Raman",
        "Senior planning engineer",
        "Northwind Grid Systems",
        "priya.raman@northwindgrid.example",
        "alumni",
    ),
    (
        "Tomás Ferreira",
        "Field service manager",
        "Voltaic Storage",
        "tomas.ferreira@voltaicstorage.example",
        "conference",
    ),
    ("Amara Okafor", "Project engineer", "Ampere Ridge", "amara.okafor@ampereridge.example", "association"),
    ("Lena Marsh", "Operations analyst", "Voltaic Storage", "lena.marsh@voltaicstorage.example", "cold"),
)
