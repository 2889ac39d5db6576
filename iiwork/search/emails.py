"""Draft the e-mails of an informational-interview search from Jinja2 templates (a workspace's own override the shipped)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import queries
from ..errors import InvalidInput
from ..render import render_template
from ..workspace import Workspace
from . import rules

KINDS = rules.EMAIL_KINDS
MAX_REQUEST_WORDS = 100  # a request stays *under* this
GOAL_WORDS, SPECIFIC_WORDS = 25, 25
JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|hir(?:e|es|ed|ing)|vacanc(?:y|ies)|r[eé]sum[eé]s?|cvs?|employment|"
    r"recruit\w*|apply|applying|applications?|candidates?|interviewing\s+for)\b",
    re.IGNORECASE,
)
CONNECTIONS = {
    "friend": "We know each other as friends, and I have always been curious about your work.",
    "family": "We are family, and I have always been curious about your work.",
    "neighbour": "We are neighbours, and I have often wondered about your work.",
    "coworker": "We have worked together, and I have always respected your work.",
    "alumni": "We are alumni of the same school, which is why I am reaching out.",
    "association": "We are members of the same professional association, which is why I am reaching out.",
    "conference": "We met at a conference, and I remember our conversation.",
    "supervisor": "You were my supervisor, and I have always valued your advice.",
    "professor": "You were my professor, and I have always valued your advice.",
    "referral": "A mutual contact suggested I reach out to you.",
    "linkedin": "I came across your profile on LinkedIn and am writing to introduce myself.",
    "online-community": "We are both part of the same online community, which is why I am reaching out.",
    "social-media": "I have followed what you share online and am writing to introduce myself.",
    "job-board": "I came across your organisation's work and am writing to introduce myself.",
    "company-website": "I read about your team on your organisation's website and wanted to introduce myself.",
    "newsletter": "I have been reading your newsletter and wanted to introduce myself.",
    "podcast": "I heard you on a podcast and wanted to introduce myself.",
}
TITLES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof.", "professor", "sir"}
LEARNING_VERBS = {"learn", "understand", "hear", "find", "know", "see", "discuss", "explore", "ask", "get"}
ADVICE_VERBS = {
    "ask", "apply", "build", "consider", "contact", "focus", "follow", "get", "join", "keep", "learn", "look",
    "read", "reach", "start", "take", "talk", "try", "use", "watch", "write",
}  # fmt: skip
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
WHERE = {"coffee": " over coffee", "phone": " by phone", "video": " by video call", "on-site": " at your office"}


@dataclass(frozen=True)
class Draft:
    """An e-mail to review and send yourself; `str(draft)` is plain text with To and Subject headers."""

    to: str
    subject: str
    body: str
    send_by: datetime | None = None  # a thank-you goes out within 24 hours of the talk
    checks: tuple[str, ...] = ()  # what to confirm before sending (shown after the draft, never part of it)

    def __post_init__(self) -> None:  # a header is one line: no record's text can start another header
        object.__setattr__(self, "to", header_value(self.to))
        object.__setattr__(self, "subject", header_value(self.subject))

    def __str__(self) -> str:
        text = f"To: {self.to}\nSubject: {self.subject}\n\n{self.body.strip()}\n"
        return text + "".join(f"\n[Before you send: {check}]\n" for check in self.checks)


def header_value(text: str) -> str:
    """A header's value on one line: line breaks and control characters become spaces."""
    return " ".join(CONTROLS.sub(" ", text).split())


def draft(ws: Workspace, kind: str, *, interview: int, referral: int | None = None, news: str | None = None) -> Draft:
    """Draft a 'request', 'thank-you', 'referral' (outreach to a referred person) or 'check-in' (on a promised
    introduction) e-mail for an interview. Confidential notes are never read. `news`: a sentence about a recent
    story of theirs that a request opens with."""
    if kind not in KINDS:
        raise InvalidInput(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    records = _Records(ws)
    row = records.interview(interview)
    contact = records.contacts[row["contact_id"]]
    to, context, send_by = BUILDERS[kind](records, row, contact, referral)
    checks = tuple(context.pop("checks", ()))
    sender, signature = _sender(ws)
    context = {"sender": sender, "signature": signature, "first_name": first_name(context.get("name") or ""), **context}
    context["news"] = header_value(news) if news else ""
    if kind in ("request", "referral"):
        subject, body, _ = _render_request(ws.path, kind, context, masked=_names(context))
    else:
        subject, body, _ = _render(ws.path, kind, context)
    if sender == UNSIGNED:
        checks += (
            f'put your name in place of {UNSIGNED}; set it once with `iiwork email ... --sign-as "Your Name"`, '
            "Workbook.set_sender(name), or [me] name in the workspace's config.toml",
        )
    return Draft(to=to, subject=subject, body=body, send_by=send_by, checks=checks)


UNSIGNED = "[Your name]"


def first_name(name: str) -> str:
    """The name to greet someone by: the first word of their name that is not a title."""
    words = [word for word in name.split() if word.lower() not in TITLES]
    return words[0] if words else name.strip()


def goal_sentence(goal: str) -> str:
    """The goal woven into a sentence: "I would especially like to learn what ...", never "What I hope to learn:"."""
    if not goal:
        return ""
    words = goal.rstrip(".…").split()
    lead = words[0].lower()
    if lead == "to" and len(words) > 1:
        words, lead = words[1:], words[1].lower()
    if lead in LEARNING_VERBS:
        clause = " ".join([lead, *words[1:]])
    else:
        clause = "learn about " + " ".join([_sentence_case(words[0]), *words[1:]])
    return f"I would especially like to {clause}{'…' if goal.endswith('…') else '.'}"


def learned_sentence(point: str) -> str:
    """What you learned, said back: "I keep thinking about your point that ..." or "... your advice to ..."."""
    words = point.rstrip(".!?…").split()
    if not words:
        return ""
    end = "…" if point.endswith("…") else "."
    lead = words[0].lower()
    rest = " ".join([_sentence_case(words[0]), *words[1:]])
    if lead in ADVICE_VERBS:
        return f"I am already acting on your advice to {rest}{end}"
    return f"I keep thinking about your point that {rest}{end}"


def _sentence_case(word: str) -> str:
    """A sentence's first word as it would read mid-sentence: lower-cased when it is an ordinary word."""
    if not word[:1].isupper() or word.isupper() or any(c.isupper() for c in word[1:]):
        return word
    from wordfreq import zipf_frequency

    return word.lower() if zipf_frequency(word.lower(), "en") >= 3.5 else word


class _Records:
    """The tracker tables as plain dicts (NA -> None); interviews without their confidential notes."""

    def __init__(self, ws: Workspace) -> None:
        self.contacts = {row["contact_id"]: row for row in queries.records(queries.read_contacts(ws))}
        self.interviews = {row["interview_id"]: row for row in queries.records(queries.read_interviews(ws))}
        self.referrals = queries.records(queries.read_referrals(ws))

    def interview(self, interview_id: int) -> dict:
        try:
            return self.interviews[int(interview_id)]
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(f"interview: no interview with id {interview_id}") from None

    def referral(self, contact: Mapping, referral_id: int | None, *, introductions: bool = False) -> dict:
        """The referral `contact` made: the one asked for, else their only one (only promised introductions)."""
        mine = [r for r in self.referrals if r["from_contact"] == contact["contact_id"]]
        if referral_id is not None:
            chosen = next((r for r in self.referrals if r["referral_id"] == int(referral_id)), None)
            if chosen is None:
                raise InvalidInput(f"referral: no referral with id {referral_id}")
            if chosen not in mine:
                raise InvalidInput(
                    f"referral: {referral_id} was not made by {contact['name']}, the interview's contact"
                )
            if introductions and not chosen["will_introduce"]:
                raise InvalidInput(f"referral: {referral_id} has no promised introduction to check in on")
            return chosen
        if introductions:
            mine = [r for r in mine if r["will_introduce"]]
        if not mine:
            what = "promised no introduction" if introductions else "made no referral"
            raise InvalidInput(
                f"referral: {contact['name']} {what}; record one first ({{fix}})",
                field="referral_id",
                fix={
                    "python": "add_referral(from_contact=...)",
                    "cli": f"iiwork referral add --from {contact['contact_id']} ...",
                },
            )
        if len(mine) > 1:
            ids = ", ".join(str(r["referral_id"]) for r in mine)
            raise InvalidInput(
                f"referral: {contact['name']} made several referrals ({ids}); choose one with {{fix}}",
                field="referral_id",
                fix={"python": "referral=ID", "cli": "--referral ID"},
            )
        return mine[0]

    def target(self, referral: Mapping) -> tuple[str, str, str]:
        """The referred person's name, organisation and e-mail ('' when unknown)."""
        linked = self.contacts.get(referral["to_contact"]) or {}
        name = referral["to_name"] or linked.get("name") or ""
        organization = referral["to_organization"] or linked.get("organization") or ""
        return name, organization, linked.get("email") or ""

    def referrer(self, contact: Mapping) -> tuple[dict | None, bool]:
        """Who referred `contact` and whether their name may be used (the referral's consent, else the referrer's)."""
        pointing = [r for r in self.referrals if r["to_contact"] == contact["contact_id"]]
        referrer_id = contact["referred_by"] or (pointing[-1]["from_contact"] if pointing else None)
        if referrer_id is None:
            return None, False
        consent = [r["can_use_name"] for r in pointing if r["from_contact"] == referrer_id]
        allowed = consent[-1] if consent else self.contacts[referrer_id]["can_use_name"]
        return self.contacts[referrer_id], bool(allowed)


# One builder per kind: (records, interview, contact, referral id) -> (To, template variables, send by).


def _request(records: _Records, row: Mapping, contact: Mapping, _: int | None) -> tuple[str, dict, None]:
    referrer, allowed = records.referrer(contact)
    if referrer is not None and allowed:
        connection = f"{referrer['name']} suggested I contact you."
    elif referrer is not None:
        connection = CONNECTIONS["referral"]
    else:
        connection = CONNECTIONS.get(contact["how_known"] or "", _cold(contact["organization"]))
    organization = contact["organization"] or ""
    goal = _clean(row["goal"])
    context = {
        "name": contact["name"],
        "organization": organization,
        "role": "" if JOB_WORDS.search(contact["role"] or "") else contact["role"] or "",
        "connection": connection,
        "referrer": referrer["name"] if referrer is not None and allowed else "",
        "goal": goal,
        "goal_sentence": goal_sentence(goal),
        "perspective_on": f" on your work at {organization}" if organization and organization not in connection else "",
        "where": WHERE.get(row["format"] or "", ""),
    }
    if referrer is not None and not allowed:
        context["checks"] = [_permission_check(referrer["name"])]
    return _address(contact["name"], contact["email"]), context, None


def _permission_check(referrer: str) -> str:
    return (
        f"{referrer}'s permission to use their name is not recorded, so this draft leaves it out; ask them, and "
        "record it (--may-use-name) if they agree"
    )


def _cold(organization: str | None) -> str:
    where = f" at {organization}" if organization else ""
    return f"I came across your work{where} and am writing to introduce myself."


def _thank_you(records: _Records, row: Mapping, contact: Mapping, _: int | None) -> tuple[str, dict, datetime | None]:
    if not (row["learnings"] or "").strip():
        key = row["interview_id"]
        raise InvalidInput(
            "learnings: record what you learned first ({fix}); a thank-you names something specific from the "
            "conversation",
            field="learnings",
            fix={
                "python": f"update_interview({key}, learnings=...)",
                "cli": f"iiwork interview update {key} --learnings ...",
            },
        )
    referrals = []
    for referral in records.referrals:
        if referral["from_contact"] == contact["contact_id"]:
            name, organization, _email = records.target(referral)
            referrals.append(
                {
                    "name": name or f"someone at {organization}",
                    "organization": organization if name else "",
                    "will_introduce": bool(referral["will_introduce"]),
                }
            )
    context = {
        "name": contact["name"],
        "organization": contact["organization"] or "",
        "role": contact["role"] or "",
        "specific": specific(row["learnings"]),
        "learned": learned_sentence(specific(row["learnings"])),
        "referrals": referrals,
    }
    return _address(contact["name"], contact["email"]), context, _thank_by(row)


def _thank_by(row: Mapping) -> datetime | None:
    if row["scheduled"] is None:
        return None
    return rules.thank_you_due(pd.Timestamp(row["scheduled"]).to_pydatetime(), row["minutes"])


def _referral(records: _Records, row: Mapping, contact: Mapping, referral_id: int | None) -> tuple[str, dict, None]:
    referral = records.referral(contact, referral_id)
    name, organization, email = records.target(referral)
    allowed = bool(referral["can_use_name"])
    connection = f"{contact['name']} suggested I contact you." if allowed else _cold(organization)
    context = {
        "name": name,
        "organization": organization,
        "connection": connection,
        "referrer": contact["name"] if allowed else "",
        "perspective_on": f" on your work at {organization}" if organization and organization not in connection else "",
    }
    if not allowed:
        context["checks"] = [_permission_check(contact["name"])]
    to = _address(name, email) if name else f"(someone at {organization})"
    return to, context, None


def _check_in(
    records: _Records, row: Mapping, contact: Mapping, referral_id: int | None
) -> tuple[str, dict, datetime | None]:
    referral = records.referral(contact, referral_id, introductions=True)
    name, organization, _email = records.target(referral)
    context = {
        "name": contact["name"],
        "organization": contact["organization"] or "",
        "referral_name": name or f"someone at {organization}",
        "referral_organization": organization if name else "",
    }
    check_in = referral["check_in"]
    return _address(contact["name"], contact["email"]), context, None if check_in is None else check_in.to_pydatetime()


BUILDERS: dict[str, Callable] = {
    "request": _request,
    "thank-you": _thank_you,
    "referral": _referral,
    "check-in": _check_in,
}


def specific(learnings: str, *, words: int = SPECIFIC_WORDS) -> str:
    """The first point of the learnings: its first sentence (or line, or bullet), at most `words` words."""
    lines = [
        re.sub(r"^\s*(?:\[\d{4}-\d\d-\d\d\]\s*)?(?:[-*•]|\d+[.)])?\s*", "", line).strip()
        for line in learnings.splitlines()
    ]
    first = re.split(r"(?<=[.!?])\s+", next(line for line in lines if line))[0]
    tokens = first.split()
    if len(tokens) > words:
        return " ".join(tokens[:words]).rstrip(",;:.") + "…"
    return first if first[-1] in ".!?…" else first + "."


def _clean(text: str | None, *, words: int = GOAL_WORDS) -> str:
    """Free text fit for a request: '' if it mentions jobs, else clipped to `words` words, ending in a full stop."""
    if not text or JOB_WORDS.search(text):
        return ""
    tokens = " ".join(text.split()).rstrip(".").split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else ".") if tokens else ""


def _address(name: str, email: str | None) -> str:
    return f"{name} <{email}>" if email else name


def _sender(ws: Workspace) -> tuple[str, str]:
    """Your name and signature from the workspace's config.toml ([me] name, signature)."""
    me = ws.config().get("me", {})
    if not isinstance(me, dict):
        return UNSIGNED, ""
    return str(me.get("name") or UNSIGNED), str(me.get("signature") or "")


def _names(context: Mapping) -> list[str]:
    return [str(context[key]) for key in ("name", "organization", "referrer", "sender") if context.get(key)]


# Rendering


def _render(workspace: Path, kind: str, context: Mapping) -> tuple[str, str, str]:
    """(subject, body, template file); the template's first line is 'Subject: ...'."""
    filename = f"email/{kind}.txt.j2"
    text = render_template(filename, context, workspace=workspace, html=False)
    first, _, body = text.lstrip().partition("\n")
    if not first.lower().startswith("subject:"):
        raise InvalidInput(f"template: {filename}: the first line must be 'Subject: ...'", field="template")
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return first.split(":", 1)[1].strip(), body, filename


def _render_request(workspace: Path, kind: str, context: dict, *, masked: list[str]) -> tuple[str, str, str]:
    """A request: under 100 words (the goal is shortened to fit) and never a word about jobs."""
    goal = context.get("goal", "").rstrip(".…").split()
    while True:
        subject, body, filename = _render(workspace, kind, context)
        count = len(body.split())
        if count < MAX_REQUEST_WORDS or not goal:
            break
        goal = goal[: max(0, len(goal) - (count - MAX_REQUEST_WORDS + 1))]
        shorter = " ".join(goal) + "…" if goal else ""
        context = {**context, "goal": shorter, "goal_sentence": goal_sentence(shorter)}
    if count >= MAX_REQUEST_WORDS:
        limit = f"a request must stay under {MAX_REQUEST_WORDS} words; this one has {count}"
        raise InvalidInput(f"template: {filename}: {limit}")
    text = f"{subject}\n{body}"
    for name in sorted(masked, key=len, reverse=True):
        text = text.replace(name, " ")
    found = JOB_WORDS.search(text)
    if found:
        raise InvalidInput(
            f"template: {filename}: a request asks for advice, never for a job (it says {found.group(0)!r})"
        )
    return subject, body, filename
