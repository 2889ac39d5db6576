"""Followed companies and industries: saved sources gathered in one run, article-company links, bad input."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from conftest import FIXTURES
from server import Reply

from iiwork import Workbook
from iiwork.cli import main
from iiwork.companies import mention_pattern, organisation_key
from iiwork.errors import InvalidInput

ROOT = FIXTURES.parent.parent
SAMPLE = ROOT / "data" / "sample"


def rss(*items: tuple[str, str, str]) -> bytes:
    """An RSS feed of (title, link, summary) items published an hour ago."""
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description><pubDate>{when}</pubDate></item>"
        for t, link, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def dump(wb: Workbook) -> list:
    tables = ("companies", "company_aliases", "company_sources", "article_companies", "articles")
    return [wb.workspace.conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() for name in tables]


def test_gather_with_no_options_gathers_exactly_the_saved_sources_in_one_run(server, workbook):
    helio = server.route("/helio", Reply(rss(("Helio opens a plant", "https://h.example/1", "In Texas."))))
    trade = server.route(
        "/trade",
        Reply(rss(("Battery prices fall", "https://t.example/1", "Helio and rivals cut prices."))),
    )
    unsaved = server.route("/unsaved", Reply(rss(("Nobody asked", "https://u.example/1", ""))))
    workbook.follow("Helio Cell Works", aliases=["Helio"], feeds=[helio])
    workbook.follow_industry("grid storage", feeds=[trade])
    log = workbook.gather()
    assert sorted(log["url"]) == sorted([helio, trade]) and unsaved.split("/")[-1] not in server.counts
    assert workbook.workspace.conn.execute("SELECT count(*) FROM gathers").fetchone()[0] == 1  # one run, one log
    saved = workbook.company_sources()
    assert saved["last_gathered"].notna().all()
    titles = set(workbook.articles(company="Helio")["title"])
    assert titles == {"Helio opens a plant", "Battery prices fall"}  # the trade feed's article names Helio
    only = workbook.gather(company="Helio Cell Works")
    assert list(only["url"]) == [helio]


def test_an_industry_article_naming_a_company_is_that_companys_news_everywhere(tmp_path):
    wb = Workbook(tmp_path / "ws")
    wb.import_companies(SAMPLE / "companies.json")
    wb.gather()
    links = wb.workspace.conn.execute("SELECT how, count(*) FROM article_companies GROUP BY how").fetchall()
    assert dict(links)["mention"] > 100
    helio = wb.articles(company="Helio Cell Works")
    from_industry = helio[helio["company"] == "grid-scale battery storage"]
    opening = from_industry["title"] + " " + from_industry["summary"].fillna(from_industry["text"]).fillna("")
    assert len(from_industry) > 10 and opening.str.contains("Helio", case=False).all()
    stories = wb.stories(company="Helio")
    assert set(helio["story_id"].dropna()) == set(stories["story_id"])
    voices = wb.trends(company=["Helio Cell Works", "Voltaic Storage"], since="3650d").share_of_voice
    assert voices.groupby("company")["mentions"].sum().min() > 10  # aliases counted without being passed
    assert "helio" not in " ".join(wb.key_terms(company="Voltaic Storage", since="3650d")["term"]).lower()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Helio opens a plant", True),
        ("HELIO's shares rose", True),
        ("the Helio-supplied site", True),
        ("Heliodor Mining files for bankruptcy", False),
        ("a heliotrope garden", False),
        ("Helio Cell Works  names a CFO", True),
    ],
)
def test_a_name_or_alias_matches_whole_words_only(text, found):
    pattern = mention_pattern(["Helio Cell Works", "Helio"])
    assert bool(pattern.search(text)) is found


def test_links_follow_the_names_when_a_company_or_alias_is_added_without_regathering(tmp_path):
    wb = Workbook(tmp_path / "ws")
    wb.gather(company="Trade", feeds=[str(SAMPLE / "feeds" / "grid-ledger.rss.xml")])
    assert wb.articles(company="Ampere Ridge").empty
    wb.follow("Ampere Ridge")
    first = len(wb.articles(company="Ampere Ridge"))
    wb.follow("Ampere Ridge", aliases=["Ampere Ridge Energy", "Ampere"])
    assert first > 0 and len(wb.articles(company="Ampere")) >= first
    wb.unfollow("Ampere")
    assert wb.articles(company="Ampere Ridge").empty and len(wb.articles()) > 0  # the articles stay


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Voltaic Storage, Inc.", "voltaic storage"),
        ("voltaic storage", "voltaic storage"),
        ("Helio Cell Works GmbH", "helio cell works"),
        ("Acme Holdings Ltd.", "acme"),
        ("Northwind Grid Systems LLC", "northwind grid systems"),
    ],
)
def test_organisation_keys_ignore_case_and_legal_suffixes(name, key):
    assert organisation_key(name) == key


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda wb: wb.follow("Voltaic Storage", exists=False), "already followed"),
        (lambda wb: wb.follow("Acme", aliases=["Voltaic"]), "already used by 'Voltaic Storage'"),
        (lambda wb: wb.follow("Acme", aliases=[""]), "aliases: empty value"),
        (lambda wb: wb.follow("Acme", feeds=["javascript:alert(1)"]), "unsupported URL scheme"),
        (lambda wb: wb.follow("Acme", feeds=["/no/such/feed.xml"]), "no file"),
        (lambda wb: wb.follow("Voltaik Storage", exists=True), "did you mean 'Voltaic Storage'"),
        (lambda wb: wb.unfollow("Voltaik"), "did you mean 'Voltaic Storage'"),
        (lambda wb: wb.gather(company="Voltaic Storage"), "nothing to gather"),
        (lambda wb: wb.follow_industry("Voltaic Storage"), "already followed as a company"),
    ],
)
def test_bad_company_input_is_one_line_and_writes_nothing(tmp_path, call, message):
    wb = Workbook(tmp_path / "ws")
    wb.follow("Voltaic Storage", aliases=["Voltaic"])
    before = dump(wb)
    with pytest.raises(InvalidInput, match=message) as caught:
        call(wb)
    assert "\n" not in str(caught.value) and dump(wb) == before


def test_the_sample_companies_file_is_one_command_and_importing_twice_adds_nothing(tmp_path, capsys):
    workspace = tmp_path / "ws"
    assert main(["--workspace", str(workspace), "company", "import", str(SAMPLE / "companies.json")]) == 0
    names = capsys.readouterr().out.split("\n")
    assert "Voltaic Storage" in names and "grid-scale battery storage" in names
    assert main(["--workspace", str(workspace), "company", "import", str(SAMPLE / "companies.json")]) == 0
    with sqlite3.connect(workspace / "workbook.sqlite") as db:
        assert db.execute("SELECT count(*) FROM companies").fetchone()[0] == 5
        assert db.execute("SELECT count(*) FROM company_sources").fetchone()[0] == 11


def test_a_bad_companies_file_names_the_problem_and_follows_nothing(tmp_path):
    bad = tmp_path / "companies.json"
    bad.write_text(json.dumps({"companies": [{"name": "Good"}, {"aliases": ["no name"]}]}), encoding="utf-8")
    wb = Workbook(tmp_path / "ws")
    with pytest.raises(InvalidInput, match="entry 2 has no name"):
        wb.import_companies(bad)
    assert wb.companies().empty


def test_the_company_commands_add_update_show_list_and_remove(tmp_path, capsys):
    base = ["--workspace", str(tmp_path / "ws")]
    feed = str(SAMPLE / "feeds" / "newsroom-voltaic.atom.xml")
    assert main([*base, "company", "add", "Voltaic Storage", "--alias", "Voltaic", "--feed", feed]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main([*base, "company", "add", "Voltaic Storage"]) == 2
    assert "already followed" in capsys.readouterr().err
    assert main([*base, "company", "update", "Voltaic", "--ticker", "VLTS", "--alias", "VS"]) == 0
    assert main([*base, "gather"]) == 0
    capsys.readouterr()
    assert main([*base, "company", "show", "voltaic"]) == 0
    shown = capsys.readouterr().out
    assert "aliases: Voltaic, VS" in shown and "ticker: VLTS" in shown and "articles: 10" in shown
    assert main([*base, "company", "list", "--format", "csv"]) == 0
    assert "Voltaic Storage" in capsys.readouterr().out
    assert main([*base, "company", "remove", "VS"]) == 0
    assert "articles and your contacts there are kept" in capsys.readouterr().err
    assert main([*base, "articles", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 11


def test_linkedin_connections_import_through_the_command_line(tmp_path, capsys):
    base = ["--workspace", str(tmp_path / "ws")]
    path = str(FIXTURES / "linkedin_connections.csv")
    assert main([*base, "import", "contacts", path, "--linkedin"]) == 0
    added = int(capsys.readouterr().out)
    assert added > 5
    assert main([*base, "import", "contacts", path, "--linkedin"]) == 0
    assert capsys.readouterr().out == "0\n"
    assert main([*base, "import", "referrals", path, "--linkedin"]) == 2


def test_companies_are_listed_by_kind_and_by_industry_in_any_case(tmp_path, capsys):
    base = ["--workspace", str(tmp_path / "ws")]
    assert main([*base, "company", "import", str(SAMPLE / "companies.json")]) == 0
    with Workbook(tmp_path / "ws") as wb:
        wb.follow("Boltline", industry="warehouse automation")
        assert wb.companies(kind="industry")["name"].tolist() == ["grid-scale battery storage"]
        storage = wb.companies(industry="Grid-Scale Battery Storage")["name"].tolist()
        assert storage == ["Ampere Ridge", "Helio Cell Works", "Northwind Grid Systems", "Voltaic Storage"]
        assert len(wb.companies()) == 6
        with pytest.raises(InvalidInput, match="^kind: expected company or industry, got 'firm'$"):
            wb.companies(kind="firm")
    capsys.readouterr()
    assert main([*base, "company", "list", "--industry", "warehouse automation", "--format", "csv"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and "Boltline" in listed[1]
