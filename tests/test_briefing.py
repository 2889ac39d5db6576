"""The pre-interview briefing on a scenario written for it: each section's content, safety and the command."""

import re
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

import pytest

from iiwork import Workbook
from iiwork.cli import main
from iiwork.errors import InvalidInput

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SECRET = "Zephyrine budget freeze is not public"
OUTLETS = ("Logistics Daily", "Supply Chain Wire", "Freight Ledger", "Robot Report")


def stamp(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def feed(path, items) -> str:
    """Write an RSS file of (title, link, summary, days ago, author) items; returns its path."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{link}</link><description>{escape(d)}</description>"
        f"<pubDate>{stamp(ago)}</pubDate><author>{who}</author></item>"
        for t, link, d, ago, who in items
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{path.stem}</title>{body}</channel></rss>'
    )
    return str(path)


def report(outlet: int, title: str, summary: str, days_ago: float, slug: str) -> tuple:
    host = OUTLETS[outlet].lower().replace(" ", "")
    return (title, f"https://{host}.example/{slug}-{outlet}", summary, days_ago, OUTLETS[outlet])


@pytest.fixture
def scenario(tmp_path, monkeypatch):
    """Acme Robotics (followed, industry warehouse automation) and a peer, their news, and a search: an earlier
    interview at the peer with learnings and a confidential note, a referral chain, an upcoming interview."""
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    deal = "Acme Robotics wins $45 million contract to automate Midwest warehouses for Granary Foods."
    trade = [
        *(
            report(i, "Acme Robotics wins $45 million Granary Foods warehouse deal", deal, 3 + i * 0.1, "deal")
            for i in range(3)
        ),
        report(
            3, "Acme to cut 120 jobs at its Ohio plant", "Acme Robotics will cut 120 jobs at its Ohio plant.", 6, "cuts"
        ),
        *(
            report(
                i,
                "Warehouse robot orders jump 30% as retailers automate",
                "Orders for warehouse robots rose 30% this year as retailers automate picking, an industry survey found.",
                2 + i * 0.2,
                "orders",
            )
            for i in range(3)
        ),
        report(
            1,
            "Boltline raises $80 million for autonomous forklifts",
            "Boltline raised $80 million to build autonomous forklifts.",
            10,
            "boltline",
        ),
        report(
            2,
            "Acme Robotics names new chief operating officer",
            "Acme Robotics named Dana Cole chief operating officer.",
            50,
            "coo",
        ),
        report(0, "Alert: <script>alert(1)</script> robots & more", "Escaping test <b>bold</b>.", 4, "escape"),
    ]
    wb = Workbook(tmp_path / "ws")
    by_outlet = [[item for item in trade if item[4] == outlet] for outlet in OUTLETS]
    feeds = [feed(tmp_path / f"{outlet}.xml", items) for outlet, items in zip(OUTLETS, by_outlet)]
    wb.follow("Acme Robotics", aliases=["Acme"], industry="warehouse automation")
    wb.follow("Boltline", industry="warehouse automation")
    wb.follow_industry("warehouse automation", feeds=feeds)
    wb.gather(progress=False)
    peer = wb.add_contact(
        name="Priya Nair",
        role="Director of Operations Planning",
        organization="Boltline",
        industry="logistics",
        how_known="alumni",
        now=NOW - timedelta(days=40),
    )
    earlier = wb.add_interview(
        contact=peer, when=NOW - timedelta(days=14), minutes=30, status="held", now=NOW - timedelta(days=13)
    )
    wb.update_interview(
        earlier,
        learnings="Priya's team says Boltline doubles its planning budget when robot orders rise.",
        confidential_notes=SECRET,
        now=NOW - timedelta(days=13),
    )
    wb.add_referral(
        from_contact=peer,
        to_name="Omar Haddad",
        to_organization="Acme Robotics",
        can_use_name=True,
        will_introduce=True,
        now=NOW - timedelta(days=13),
    )
    omar = wb.add_contact(
        name="Omar Haddad",
        role="Senior Planning Engineer",
        organization="Acme Robotics, Inc.",
        how_known="referral",
        referred_by=peer,
        can_use_name=True,
        now=NOW - timedelta(days=5),
    )
    upcoming = wb.add_interview(
        contact=omar,
        when=NOW + timedelta(days=2),
        format="video",
        minutes=30,
        purpose="job-lead",
        goal="Learn how Acme plans new warehouse sites",
        status="scheduled",
        now=NOW,
    )
    wb.update_interview(
        upcoming,
        questions=[
            "How much is Acme's Granary Foods contract worth?",
            "What do you enjoy most about planning at Acme?",
        ],
        now=NOW,
    )
    yield wb, upcoming
    wb.close()
    monkeypatch.undo()
    time.tzset()


def test_every_section_holds_the_research_and_the_search(scenario):
    wb, interview = scenario
    b = wb.briefing(interview, now=NOW)
    assert b.header["name"] == "Omar Haddad" and b.header["referrer"] == "Priya Nair" and b.header["may_use_name"]
    assert b.header["job_lead"] and b.header["request"] is None  # scheduled: no request to send
    assert b.company == "Acme Robotics"
    assert any("Granary Foods" in s for s in b.snapshot["sentences"])
    recent = b.whats_new[b.whats_new["window"] == "recent"]
    deal = recent[recent["headline"].str.contains("Granary")].iloc[0]
    assert deal["outlets"].count(",") == 2 and all(link["url"].startswith("https://") for link in deal["links"])
    earlier = b.whats_new[b.whats_new["window"] == "earlier"]
    assert earlier["headline"].str.contains("chief operating officer").any()
    assert b.industry["name"] == "warehouse automation"
    assert b.industry["peers"]["headline"].str.contains("Boltline raises").any()
    assert 3 <= len(b.share) <= 5
    assert "industry" in b.share[0].reason or "peer" in b.share[0].reason  # their own press is not the lead
    assert b.care["headline"].str.contains("cut 120 jobs").any()
    assert b.after["thank_you_due"] == NOW + timedelta(days=2, minutes=30, hours=24)
    first, last = b.after["check_in"]
    assert (first - NOW).days == 9 and (last - NOW).days == 12
    assert set(b.sources["url"].str[:8]) == {"https://"}


def test_what_i_learned_names_no_one_and_never_plays_back_a_confidential_note(scenario):
    wb, interview = scenario
    b = wb.briefing(interview, now=NOW)
    assert len(b.learned) == 1
    point = b.learned[0]
    assert "planning budget" in point.sentence and point.sentence.startswith("Someone I spoke with")
    for name in ("Priya", "Nair", "Boltline", "Omar"):
        assert name.lower() not in point.sentence.lower()
    assert point.warning  # only one contact fits the description
    for page in (b.to_markdown(), b.to_html()):
        assert SECRET not in page and "Zephyrine" not in page


def test_questions_are_grounded_flag_yours_and_end_with_the_referral_ask(scenario):
    wb, interview = scenario
    b = wb.briefing(interview, now=NOW)
    mine = [q for q in b.questions if q.text.startswith(("How much is Acme", "What do you enjoy"))]
    assert mine[0].answered_by and "Granary" in mine[0].answered_by and mine[1].answered_by is None
    grounded = [q for q in b.questions if q.grounded_in]
    assert grounded and all(q.grounded_in in q.text or q.grounded_in for q in grounded)
    assert {q.frame for q in b.questions} >= {"culture", "career", "feedback", "referral"}
    assert "May I use your name?" in b.questions[-1].text


def test_the_page_escapes_web_text_and_has_no_script_or_outside_request(scenario):
    wb, interview = scenario
    html = wb.briefing(interview, now=NOW).to_html()
    assert "<script" not in html.lower() and "robots &amp; more" in html
    assert not re.search(r'(?:src|href)="(?!data:|https?://)', html)
    assert not re.search(r'src="https?://', html)  # charts are inline: the page fetches nothing
    assert "data:image/png;base64," in html


def test_a_request_not_sent_yet_opens_with_a_recent_story(scenario):
    wb, _ = scenario
    lead = wb.add_contact(
        name="Lena Park", role="Product Manager", organization="Acme Robotics", how_known="cold", now=NOW
    )
    identified = wb.add_interview(contact=lead, status="identified", now=NOW)
    b = wb.briefing(identified, now=NOW)
    body = b.header["request"].split("Dear Lena,", 1)[1].strip()
    assert body.startswith("I read about") and ("Granary" in body.split("\n")[0] or "jobs" in body.split("\n")[0])


def test_save_and_the_command_write_the_briefing(scenario, capsys):
    wb, interview = scenario
    path = wb.briefing(interview, now=NOW).save()
    assert path.parent == wb.path / "briefings" and path.name.endswith("-omar-haddad.html")
    base = ["--workspace", str(wb.path)]
    assert main([*base, "brief", "--interview", str(interview), "--format", "md"]) == 0
    written = capsys.readouterr().out.strip()
    with open(written, encoding="utf-8") as page:
        assert written.endswith(".md") and "## 10. Sources" in page.read()
    assert main([*base, "brief", "--interview", "999"]) == 2
    assert "no interview with id 999" in capsys.readouterr().err


def test_an_unknown_interview_is_a_named_error(scenario):
    wb, _ = scenario
    with pytest.raises(InvalidInput, match="interview"):
        wb.briefing(12345)


def test_printed_to_a4_the_briefing_fits_on_three_pages(scenario, tmp_path):
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium here: the print test runs where Debian's chromium is installed (CI)")
    wb, interview = scenario
    page = wb.briefing(interview, now=NOW).save(tmp_path)
    pdf = tmp_path / "briefing.pdf"
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    subprocess.run([*command, f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= 3
