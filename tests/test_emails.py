"""E-mail drafts: the informational-interview rules (no job talk, short requests, consent to use a name, specific
thank-yous), user templates overriding the shipped ones, and confidential notes never leaving the workspace."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from iiwork import InvalidInput
from iiwork.search.emails import KINDS, Draft, draft, specific

SECRET = "Confidential: her team loses funding in March"
JOB_WORDS = (
    "job",
    "jobs",
    "position",
    "positions",
    "opening",
    "openings",
    "hiring",
    "hire",
    "hired",
    "resume",
    "résumé",
    "cv",
    "vacancy",
    "vacancies",
    "recruiter",
    "recruiting",
    "employment",
    "apply",
)
LONG_NAME = "Maria Guadalupe de los Angeles Fernandez-Garcia de la Torre y Castellanos"
LONG_ORG = (
    "The International Consortium for Sustainable Long-Duration Grid-Scale Energy Storage and Transmission Research"
)


def sent(mail: Draft) -> str:
    """What would be sent: the headers and the body, not the checks shown under the draft."""
    return f"{mail.to}\n{mail.subject}\n{mail.body}"


def held(
    wb, contact, *, learnings="Planners are recruited from utilities in Q1. Modelling skills matter most.", **extra
):
    start = datetime.now(UTC) - timedelta(hours=2)
    interview = wb.add_interview(contact=contact, when=start, format="video", **extra)
    wb.update_interview(interview, status="held", learnings=learnings, confidential_notes=SECRET)
    return interview


def words(text):
    return len(text.split())


def job_words(text):
    return [w for w in JOB_WORDS if re.search(rf"\b{w}\b", text, re.IGNORECASE)]


def test_a_request_is_short_asks_for_20_to_30_minutes_and_names_the_organisation_and_the_connection(wb):
    priya = wb.add_contact(
        name="Priya Raman", organization="Northwind Grid", email="priya@nw.example", how_known="alumni"
    )
    interview = wb.add_interview(contact=priya, format="coffee", goal="how grid planners forecast demand")
    mail = draft(wb.workspace, "request", interview=interview)
    assert mail.to == "Priya Raman <priya@nw.example>"
    assert "Northwind Grid" in mail.body and "20 to 30 minutes" in mail.body and "over coffee" in mail.body
    assert "alumni of the same school" in mail.body and "how grid planners forecast demand" in mail.body
    assert words(mail.body) < 100 and not job_words(str(mail))


def test_a_job_lead_request_never_mentions_jobs_even_when_the_goal_and_role_do(wb):
    boss = wb.add_contact(
        name="Lee Chan", role="Hiring Manager", organization="Helio Cell Works", how_known="conference"
    )
    interview = wb.add_interview(
        contact=boss, purpose="job-lead", goal="find out about job openings and send my resume"
    )
    mail = draft(wb.workspace, "request", interview=interview)
    assert not job_words(str(mail)), str(mail)
    assert "Helio Cell Works" in mail.body and "met at a conference" in mail.body


def test_a_request_stays_under_100_words_with_long_names_and_goals(wb):
    contact = wb.add_contact(name=LONG_NAME, organization=LONG_ORG, how_known="association")
    goal = " ".join(["how teams plan long-duration storage projects across many regions and regulators"] * 8)
    mail = draft(wb.workspace, "request", interview=wb.add_interview(contact=contact, goal=goal, format="video"))
    assert words(mail.body) < 100, words(mail.body)
    assert LONG_ORG in mail.body and "20 to 30 minutes" in mail.body and "how teams plan" in mail.body


def test_the_referrer_is_named_only_when_they_allowed_it(wb):
    quiet = wb.add_contact(name="Ana Silva", organization="Grid Ledger")
    open_ = wb.add_contact(name="Ben Okafor", organization="Grid Ledger Two", can_use_name=True)
    first = wb.add_contact(name="Cara Wu", organization="Voltaic Storage", how_known="referral", referred_by=quiet)
    second = wb.add_contact(name="Dev Patel", organization="Voltaic Storage", how_known="referral", referred_by=open_)
    hidden = draft(wb.workspace, "request", interview=wb.add_interview(contact=first))
    named = draft(wb.workspace, "request", interview=wb.add_interview(contact=second))
    assert "Ana Silva" not in sent(hidden) and "mutual contact suggested" in hidden.body
    assert "Ana Silva's permission to use their name is not recorded" in hidden.checks[0] and not named.checks[:-1]
    assert "Ben Okafor suggested I contact you" in named.body and named.subject == "Ben Okafor suggested I contact you"


def test_a_thank_you_needs_learnings_and_names_something_specific(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    start = datetime.now(UTC) - timedelta(hours=3)
    interview = wb.add_interview(contact=priya, when=start, minutes=45)
    wb.update_interview(interview, status="held")
    with pytest.raises(InvalidInput, match="learnings: record what you learned first"):
        draft(wb.workspace, "thank-you", interview=interview)
    wb.update_interview(interview, learnings="- Planners are recruited from utilities in Q1.\n- Learn PLEXOS.")
    mail = draft(wb.workspace, "thank-you", interview=interview)
    assert "your point that planners are recruited from utilities in Q1." in mail.body and "PLEXOS" not in mail.body
    assert mail.send_by == start + timedelta(minutes=45, hours=24)  # the tracker's thank-you rule


def test_the_specific_point_is_the_first_sentence_cut_to_25_words():
    assert specific("Storage margins are thin. Ask about PPAs.") == "Storage margins are thin."
    long = specific(" ".join(f"w{i}" for i in range(60)))
    assert long.endswith("…") and len(long.split()) == 25


def test_a_thank_you_mentions_the_referrals_the_contact_made(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    interview = held(wb, priya)
    wb.add_referral(from_contact=priya, to_name="Jane Doe", to_organization="Acme Power", will_introduce=True)
    body = draft(wb.workspace, "thank-you", interview=interview).body
    assert "suggesting I contact Jane Doe at Acme Power, and for offering to introduce us" in body


def test_a_referral_outreach_uses_the_referrer_name_only_with_consent(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    interview = held(wb, priya)
    quiet = wb.add_referral(from_contact=priya, to_name="Jane Doe", to_organization="Acme Power")
    mail = draft(wb.workspace, "referral", interview=interview)
    assert mail.to == "Jane Doe" and "Acme Power" in mail.body and "Priya" not in sent(mail)
    assert "20 to 30 minutes" in mail.body and not job_words(str(mail))
    jane = wb.add_contact(name="Omar Diaz", organization="Acme Power", email="omar@acme.example")
    allowed = wb.add_referral(from_contact=priya, to_contact=jane, can_use_name=True)
    with pytest.raises(InvalidInput, match=rf"referral: .*several referrals \({quiet}, {allowed}\)"):
        draft(wb.workspace, "referral", interview=interview)
    named = draft(wb.workspace, "referral", interview=interview, referral=allowed)
    assert named.to == "Omar Diaz <omar@acme.example>" and "Priya Raman suggested I contact you" in named.body
    assert "Priya" not in sent(draft(wb.workspace, "referral", interview=interview, referral=quiet))


def test_a_referral_must_come_from_the_interviews_contact(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    other = wb.add_contact(name="Ana Silva", organization="Grid Ledger")
    interview = held(wb, priya)
    with pytest.raises(InvalidInput, match="referral: Priya Raman made no referral"):
        draft(wb.workspace, "referral", interview=interview)
    theirs = wb.add_referral(from_contact=other, to_name="Jane Doe")
    with pytest.raises(InvalidInput, match=f"referral: {theirs} was not made by Priya Raman"):
        draft(wb.workspace, "referral", interview=interview, referral=theirs)
    with pytest.raises(InvalidInput, match="referral: no referral with id 99"):
        draft(wb.workspace, "referral", interview=interview, referral=99)


def test_a_check_in_goes_to_the_referrer_about_the_promised_introduction(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    interview = held(wb, priya)
    plain = wb.add_referral(from_contact=priya, to_organization="Grid Ledger")
    with pytest.raises(InvalidInput, match="referral: Priya Raman promised no introduction"):
        draft(wb.workspace, "check-in", interview=interview)
    with pytest.raises(InvalidInput, match=f"referral: {plain} has no promised introduction"):
        draft(wb.workspace, "check-in", interview=interview, referral=plain)
    promised = wb.add_referral(
        from_contact=priya, to_name="Jane Doe", to_organization="Acme Power", will_introduce=True
    )
    mail = draft(wb.workspace, "check-in", interview=interview)
    assert mail.to == "Priya Raman <priya@nw.example>" and "introduce me to Jane Doe at Acme Power" in mail.body
    assert mail.send_by == wb.referrals().set_index("referral_id").loc[promised, "check_in"].to_pydatetime()


def test_confidential_notes_appear_in_no_draft(wb):
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid", email="priya@nw.example")
    interview = held(wb, priya, purpose="job-lead", goal="learn how planners work")
    wb.add_referral(from_contact=priya, to_name="Jane Doe", will_introduce=True, can_use_name=True)
    for kind in KINDS:
        text = str(draft(wb.workspace, kind, interview=interview))
        assert SECRET not in text and "funding" not in text


def test_unknown_interview_and_kind_are_named(wb):
    with pytest.raises(InvalidInput, match="interview: no interview with id 42"):
        draft(wb.workspace, "request", interview=42)
    with pytest.raises(InvalidInput, match="kind: expected one of request, thank-you, referral, check-in"):
        draft(wb.workspace, "cover-letter", interview=1)


def test_a_draft_prints_as_a_plain_email():
    text = str(Draft(to="A <a@x.example>", subject="Hello", body="Body\n"))
    assert text == "To: A <a@x.example>\nSubject: Hello\n\nBody\n"


def test_the_senders_name_comes_from_the_workspace_config(wb):
    (wb.path / "config.toml").write_text('[me]\nname = "Sam Jones"\n', encoding="utf-8")
    contact = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    assert (
        draft(wb.workspace, "request", interview=wb.add_interview(contact=contact)).body.rstrip().endswith("Sam Jones")
    )


def user_template(wb, kind, text):
    path = wb.path / "templates" / "email" / f"{kind}.txt.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_template_overrides_the_shipped_one(wb):
    user_template(wb, "thank-you", "Subject: Thanks, {{ name }}!\n\nHi {{ name }}, {{ specific }}\n{{ sender }}\n")
    priya = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    mail = draft(wb.workspace, "thank-you", interview=held(wb, priya))
    assert mail.subject == "Thanks, Priya Raman!"
    assert mail.body.startswith("Hi Priya Raman, Planners are recruited from utilities in Q1.")
    assert "Best regards" not in mail.body  # the shipped template was not used
    assert (
        "20 to 30 minutes" in draft(wb.workspace, "request", interview=wb.add_interview(contact=priya)).body
    )  # others still are


def test_a_broken_user_template_names_the_file_and_the_missing_variable(wb):
    path = user_template(wb, "request", "Subject: Hi\n\nDear {{ nmae }},\n")
    contact = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    interview = wb.add_interview(contact=contact)
    with pytest.raises(InvalidInput, match=rf"template: {re.escape(str(path))}: 'nmae' is undefined"):
        draft(wb.workspace, "request", interview=interview)
    user_template(wb, "request", "Subject: Hi\n\n{% if name %}no end\n")
    with pytest.raises(InvalidInput, match=r"template: .*request\.txt\.j2 line \d+"):
        draft(wb.workspace, "request", interview=interview)
    user_template(wb, "request", "Dear {{ name }}\n")
    with pytest.raises(InvalidInput, match="first line must be 'Subject: ...'"):
        draft(wb.workspace, "request", interview=interview)


def test_a_user_request_template_may_not_ask_for_a_job(wb):
    user_template(wb, "request", "Subject: Hi\n\nDear {{ name }}, are you hiring at {{ organization }}?\n")
    contact = wb.add_contact(name="Priya Raman", organization="Northwind Grid")
    with pytest.raises(InvalidInput, match="never for a job .*'hiring'"):
        draft(wb.workspace, "request", interview=wb.add_interview(contact=contact))


def test_no_record_text_can_start_a_header_line():
    from iiwork.search.emails import Draft

    shown = str(Draft(to="Ana\r\nBcc: all@x.example <ana@x.example>", subject="Hi\nBcc: b@x.example", body="Hello"))
    headers = shown.split("\n\n", 1)[0].splitlines()
    assert headers == ["To: Ana Bcc: all@x.example <ana@x.example>", "Subject: Hi Bcc: b@x.example"]


def test_addresses_that_could_inject_headers_are_refused(wb):
    with pytest.raises(InvalidInput, match="email: .* is not an e-mail address"):
        wb.add_contact(name="Ana", email="ana@x.example\nBcc: all@y.example")
    for bad in ("a@@b.example", "a@b@c.example", "ana@localhost", "ana @x.example"):
        with pytest.raises(InvalidInput, match="not an e-mail address"):
            wb.add_contact(name="Ana", email=bad)
    assert wb.contacts().empty


def test_drafts_read_like_a_person_wrote_them(wb, tmp_path):
    ana = wb.add_contact(name="Dr. Lena Marsh", organization="Voltaic Storage", email="lena@voltaic.example")
    talk = wb.add_interview(contact=ana, goal="Learn what an operations analyst does in the first year")
    mail = wb.email("request", interview=talk)
    assert mail.body.startswith("Dear Lena,\n")
    assert "I would especially like to learn what an operations analyst does in the first year." in mail.body
    assert "What I hope to learn" not in mail.body and mail.body.count("Voltaic Storage") == 1
    assert any("[Your name]" in check for check in mail.checks)
    wb.set_sender("Sam Okoro", signature="+1 555 0100\nlinkedin.com/in/sam-okoro")
    signed = wb.email("request", interview=talk)
    assert signed.body.rstrip().endswith("Best regards,\nSam Okoro\n+1 555 0100\nlinkedin.com/in/sam-okoro")
    assert signed.checks == () and "[Your name]" not in str(signed)
    assert wb.workspace.config()["me"] == {"name": "Sam Okoro", "signature": "+1 555 0100\nlinkedin.com/in/sam-okoro"}


def test_set_sender_keeps_the_other_settings(wb):
    (wb.path / "config.toml").write_text('[http]\ncontact_email = "me@example.org"\n', encoding="utf-8")
    wb.set_sender('Ana "AJ" Ruiz')
    assert wb.workspace.config() == {"http": {"contact_email": "me@example.org"}, "me": {"name": 'Ana "AJ" Ruiz'}}


def test_learnings_said_back_as_a_point_or_as_advice():
    from iiwork.search.emails import goal_sentence, learned_sentence

    assert (
        learned_sentence("Planning teams grow in Q1.")
        == "I keep thinking about your point that planning teams grow in Q1."
    )
    assert (
        learned_sentence("Northwind hires planners.")
        == "I keep thinking about your point that Northwind hires planners."
    )
    assert learned_sentence("Learn PLEXOS.") == "I am already acting on your advice to learn PLEXOS."
    assert goal_sentence("How teams plan storage") == "I would especially like to learn about how teams plan storage."
    assert goal_sentence("to understand dispatch") == "I would especially like to understand dispatch."
