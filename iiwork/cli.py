"""The `iiwork` command line: a thin face over Workbook; errors become one line and exit status 2 or 1."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._version import __version__
from .errors import IiworkError, InvalidInput
from .render import frame_of, table_text
from .search.rules import CONTACT_FIELDS, EMAIL_KINDS, FORMATS, HOW_KNOWN, PURPOSES, STATUSES
from .tables import TRACKER_TABLES

if TYPE_CHECKING:  # pandas and the workbook are imported when a command runs, not for --help
    import pandas as pd

    from .workbook import Workbook


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


# The commands that record something: only these create a workspace that is not there yet.
WRITING = {
    ("demo", None),
    ("gather", None),
    ("contact", "add"),
    ("interview", "add"),
    ("interview", "update"),
    ("referral", "add"),
    ("referral", "reached"),
    ("followup", "done"),
    ("import", None),
    ("company", "add"),
    ("company", "update"),
    ("company", "remove"),
    ("company", "import"),
    ("industry", "add"),
}


def build_parser() -> Parser:
    parser = Parser(prog="iiwork", description="The informational-interview workbook.")
    parser.add_argument("--version", action="version", version=f"iiwork {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="workspace directory (default: $IIWORK_WORKSPACE or data/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each failing source to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, required=True)
    _demo_parser(commands)
    _notebook_parser(commands)
    _gather_parser(commands)
    _company_parser(commands)
    _industry_parser(commands)
    _targets_parser(commands)
    _digest_parser(commands)
    _brief_parser(commands)
    _articles_parser(commands)
    _stories_parser(commands)
    _trends_parser(commands)
    _contact_parser(commands)
    _interview_parser(commands)
    _referral_parser(commands)
    _followups_parser(commands)
    _email_parser(commands)
    _transfer_parsers(commands)
    _activity_parser(commands)
    return parser


def _demo_parser(commands) -> None:
    cmd = commands.add_parser(
        "demo",
        help="build the offline demo workspace; prints where the briefing is",
        description="Build a complete workspace from the shipped sample: followed companies, their news gathered, "
        "a plausible search, a digest and a briefing for the next interview. Safe to run twice.",
    )
    cmd.add_argument("--force", action="store_true", help="add the demo to a workspace that holds records of its own")
    cmd.set_defaults(run=run_demo)


def _notebook_parser(commands) -> None:
    cmd = commands.add_parser(
        "run-notebook",
        help="execute a notebook template against the workspace; prints the executed copy's path",
        description="Execute a notebook template (its name, e.g. 04-briefing, or number) with papermill, "
        "its parameters set, against the workspace.",
    )
    cmd.add_argument("name", metavar="NAME")
    cmd.add_argument(
        "-p", "--parameter", nargs=2, metavar=("KEY", "VALUE"), action="append", default=[], help="set a parameter"
    )
    cmd.add_argument("--out", metavar="FILE.ipynb", help="where to write the executed copy")
    cmd.set_defaults(run=run_run_notebook)


def _gather_parser(commands) -> None:
    cmd = commands.add_parser(
        "gather",
        help="gather news into the workspace; prints the fetch log",
        description="Gather news for a company from feeds, news search, newsroom, "
        "SEC EDGAR and GDELT; prints the fetch log. With no source options: every saved source of every "
        "followed company and industry (or, with --company, that company's).",
    )
    cmd.add_argument("--company", metavar="NAME", help="the company the news is gathered for; alone: its saved sources")
    cmd.add_argument("--query", metavar="Q", action="append", default=[], help="Google News search (repeatable)")
    cmd.add_argument(
        "--feed",
        metavar="URL",
        action="extend",
        nargs="+",
        default=[],
        help="RSS/Atom/RDF feed URL or file (repeatable; several may follow one --feed)",
    )
    cmd.add_argument("--newsroom", metavar="URL", help="company newsroom page")
    cmd.add_argument("--edgar", metavar="TICKER", help="SEC EDGAR filings by ticker or CIK (needs a contact e-mail)")
    cmd.add_argument("--edgar-form", metavar="FORM", action="append", help="EDGAR form type such as 8-K (repeatable)")
    cmd.add_argument("--gdelt", metavar="QUERY", help="GDELT DOC 2.0 article search")
    cmd.add_argument("--since", metavar="AGE", help="keep items newer than this: 30d, 12h, 2w or an ISO date")
    cmd.add_argument("--full-text", action="store_true", help="also fetch and extract each new article's text")
    _format_option(cmd)
    cmd.set_defaults(run=run_gather)


def _company_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("name", metavar="NAME")
    cmd.add_argument("--alias", metavar="A", action="append", default=[], help="another name the news uses")
    cmd.add_argument("--industry", metavar="I")
    cmd.add_argument("--ticker", metavar="T")
    cmd.add_argument("--cik", metavar="CIK", help="SEC EDGAR company number")
    cmd.add_argument("--website", metavar="URL")
    cmd.add_argument("--notes", metavar="TEXT")
    cmd.add_argument("--query", metavar="Q", action="append", default=[], help="saved Google News search")
    cmd.add_argument("--feed", metavar="URL", action="append", default=[], help="saved feed URL or file")
    cmd.add_argument("--newsroom", metavar="URL", help="saved newsroom page")
    cmd.add_argument(
        "--edgar-form", metavar="F", action="append", default=[], help="saved EDGAR form, e.g. 8-K (or all)"
    )
    cmd.add_argument("--gdelt", metavar="Q", help="saved GDELT search")


def _company_parser(commands) -> None:
    actions = _actions(commands, "company", "follow companies: add, update, list, show, remove or import")
    add = actions.add_parser(
        "add", help="follow a company with its sources", description="Follow a company and save its sources."
    )
    _company_options(add)
    add.set_defaults(run=run_company_add)
    update = actions.add_parser(
        "update", help="change a followed company", description="Change a followed company; lists given are added."
    )
    _company_options(update)
    update.add_argument("--replace", action="store_true", help="the aliases and sources given replace the old ones")
    update.set_defaults(run=run_company_update)
    listing = actions.add_parser("list", help="list followed companies", description="List followed companies.")
    listing.add_argument("--industry", metavar="NAME", help="only the companies of this industry")
    _format_option(listing)
    listing.set_defaults(run=lambda wb, args: wb.companies(kind="company", industry=args.industry))
    show = actions.add_parser(
        "show", help="one company: sources, news, people", description="Show a followed company and its sources."
    )
    show.add_argument("name", metavar="NAME")
    show.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    show.set_defaults(run=run_company_show)
    remove = actions.add_parser(
        "remove", help="stop following a company", description="Stop following a company; its articles stay."
    )
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_company_remove)
    imp = actions.add_parser(
        "import",
        help="follow every company of a JSON file",
        description="Follow every company and the industry of a file shaped like data/sample/companies.json.",
    )
    imp.add_argument("file", metavar="FILE.json")
    imp.set_defaults(run=run_company_import)


def _industry_parser(commands) -> None:
    actions = _actions(commands, "industry", "follow industries: add or list")
    add = actions.add_parser(
        "add",
        help="follow an industry with its own sources",
        description="Follow an industry (or add sources to one): trade press feeds and searches.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--query", metavar="Q", action="append", default=[], help="saved Google News search")
    add.add_argument("--feed", metavar="URL", action="append", default=[], help="saved feed URL or file")
    add.add_argument("--notes", metavar="TEXT")
    add.set_defaults(run=run_industry_add)
    listing = actions.add_parser("list", help="list followed industries", description="List followed industries.")
    _format_option(listing)
    listing.set_defaults(run=lambda wb, args: wb.companies(kind="industry"))


def _targets_parser(commands) -> None:
    cmd = commands.add_parser(
        "targets",
        help="which companies to contact now; --plot draws them",
        description="Every followed company: news momentum, people you know there, "
        "interviews and the next action, the ones to contact now first.",
    )
    cmd.add_argument("--plot", metavar="FILE.png", help="also save the chart (PNG or SVG)")
    _format_option(cmd)
    cmd.set_defaults(run=run_targets)


def _digest_parser(commands) -> None:
    cmd = commands.add_parser(
        "digest",
        help="what is new since you last looked, per followed company and industry",
        description="The new stories of every followed company and industry since the last digest (else the last "
        "7 days), biggest first, with flags for bursts of coverage and unusual events. A digest of every company "
        "is recorded, so the next one starts where it ended (--company or --peek: not recorded).",
    )
    cmd.add_argument("--since", metavar="WHEN", default="last", help="last (default), an age such as 7d, or a date")
    cmd.add_argument(
        "--company", metavar="NAME", action="append", default=[], help="only this followed company (repeatable)"
    )
    cmd.add_argument("--format", choices=("md", "html", "atom"), default="md", help="Markdown (default), HTML or Atom")
    cmd.add_argument("--out", metavar="FILE", help="write the digest to FILE and print its path")
    cmd.add_argument("--peek", action="store_true", help="do not record it: the next digest starts where this did")
    cmd.set_defaults(run=run_digest)


def _brief_parser(commands) -> None:
    cmd = commands.add_parser(
        "brief",
        help="the briefing for an interview; prints the path written",
        description="Write the briefing for one interview: what to share, what to ask and what to do after.",
    )
    cmd.add_argument("--interview", metavar="ID", required=True)
    cmd.add_argument("--format", choices=("html", "md"), default="html", help="HTML (default) or Markdown")
    cmd.add_argument("--out", metavar="FILE", help="where to write it (default: the workspace's briefings/)")
    cmd.add_argument("--since", metavar="AGE", default="90d", help="news since: 90d (default), an age or a date")
    cmd.set_defaults(run=run_brief)


def _articles_parser(commands) -> None:
    cmd = commands.add_parser(
        "articles", help="list gathered articles", description="List gathered articles, newest first."
    )
    cmd.add_argument("--company", metavar="NAME")
    cmd.add_argument("--since", metavar="AGE", help="30d, 12h, 2w or an ISO date")
    cmd.add_argument("--until", metavar="AGE", help="30d, 12h, 2w or an ISO date")
    cmd.add_argument("--publisher", metavar="NAME")
    cmd.add_argument("--contains", metavar="TEXT", help="a word or phrase in the title or summary")
    _format_option(cmd)
    cmd.set_defaults(run=run_articles)


def _stories_parser(commands) -> None:
    cmd = commands.add_parser(
        "stories",
        help="list stories (articles grouped by the news they report)",
        description="Group new articles into stories, then list stories, most recent first.",
    )
    cmd.add_argument("--company", metavar="NAME")
    cmd.add_argument("--since", metavar="AGE", help="stories seen since: 30d, 12h, 2w or an ISO date")
    _format_option(cmd)
    cmd.set_defaults(run=run_stories)


TREND_TABLES = ("volume", "publishers", "events", "share_of_voice", "emerging", "bursts")


def _trends_parser(commands) -> None:
    cmd = commands.add_parser(
        "trends",
        help="news trends: volume, share of voice, emerging terms, bursts",
        description="Trend tables over the gathered articles; --plot draws a four-panel PNG.",
    )
    cmd.add_argument(
        "--company",
        metavar="NAME",
        action="append",
        default=[],
        help="one company, or several (repeat) for share of voice",
    )
    cmd.add_argument("--since", metavar="AGE", default="180d", help="articles since (default 180d)")
    cmd.add_argument("--freq", choices=("D", "W", "M"), default="W", help="period: day, week (default) or month")
    cmd.add_argument(
        "--table", choices=TREND_TABLES, default="emerging", help="which table to print (default emerging)"
    )
    cmd.add_argument("--plot", metavar="FILE.png", help="also save a chart page (PNG or SVG)")
    _format_option(cmd)
    cmd.set_defaults(run=run_trends)


def _actions(commands, name: str, help: str) -> argparse._SubParsersAction:
    cmd = commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
    return cmd.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)


def _contact_parser(commands) -> None:
    actions = _actions(commands, "contact", "add, list or show contacts")
    add = actions.add_parser("add", help="add a contact; prints its id", description="Add a contact; prints its id.")
    add.add_argument("--name", required=True)
    add.add_argument("--role", metavar="R")
    add.add_argument("--org", metavar="ORG", dest="organization")
    add.add_argument("--industry", metavar="I")
    add.add_argument("--email", metavar="E")
    add.add_argument("--url", metavar="U", help="profile URL (http or https)")
    add.add_argument("--how", metavar="HOW", dest="how_known", help=f"how you know them: {', '.join(HOW_KNOWN)}")
    add.add_argument("--referred-by", metavar="ID", type=int, help="the contact who referred you")
    add.add_argument(
        "--may-use-name", action="store_true", dest="can_use_name", help="they allow you to use their name"
    )
    add.add_argument("--tags", metavar="TAGS")
    add.add_argument("--notes", metavar="TEXT")
    add.set_defaults(run=run_contact_add)
    listing = actions.add_parser("list", help="list contacts", description="List contacts.")
    _format_option(listing)
    listing.set_defaults(run=lambda wb, args: wb.contacts())
    show = actions.add_parser(
        "show",
        help="one contact with interviews, referrals and follow-ups",
        description="Show one contact with their interviews, referrals and open follow-ups.",
    )
    show.add_argument("id", metavar="ID")
    show.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    show.set_defaults(run=run_contact_show)


def _interview_parser(commands) -> None:
    actions = _actions(commands, "interview", "add, update or list interviews")
    add = actions.add_parser(
        "add",
        help="add an interview; prints its id",
        description="Add an interview; prints its id. Dates are ISO 8601; a date-time without a zone is local time.",
    )
    add.add_argument("--contact", metavar="ID", required=True, type=int)
    add.add_argument("--when", metavar="DATETIME", help="e.g. 2026-12-03T10:00 (local) or with +01:00")
    add.add_argument("--format", choices=FORMATS)
    add.add_argument("--minutes", metavar="N", type=int)
    add.add_argument("--purpose", choices=PURPOSES, default="information")
    add.add_argument("--goal", metavar="TEXT", help="the outcome you want from this conversation")
    add.add_argument("--status", choices=STATUSES, help="start at this stage (default: scheduled with --when)")
    add.add_argument("--at", metavar="DATETIME", help="when that stage happened (default: now, or the slot's time)")
    add.set_defaults(run=run_interview_add)
    update = actions.add_parser(
        "update",
        help="change status, time or notes",
        description="Change an interview's status (kept in its history), time or notes.",
    )
    update.add_argument("id", metavar="ID", type=int)
    update.add_argument("--status", choices=STATUSES)
    update.add_argument("--when", metavar="DATETIME")
    update.add_argument(
        "--at", metavar="DATETIME", help="when the new status happened (default: now, or the slot's time)"
    )
    update.add_argument("--notes", metavar="TEXT", help="add to the notes (a dated entry)")
    update.add_argument(
        "--confidential", metavar="TEXT", dest="confidential_notes", help="notes that never leave the workspace"
    )
    update.add_argument("--learnings", metavar="TEXT", help="what you learned (material to share later)")
    update.add_argument("--feedback", metavar="TEXT", help="feedback on your competitiveness")
    update.add_argument("--goal", metavar="TEXT")
    update.add_argument("--question", metavar="TEXT", action="append", default=[], help="a question you plan to ask")
    update.add_argument(
        "--replace",
        action="store_true",
        help="replace the notes, learnings or feedback given instead of adding to them (the old text is kept "
        "in the history)",
    )
    update.set_defaults(run=run_interview_update)
    listing = actions.add_parser("list", help="list interviews (no confidential notes)", description="List interviews.")
    _format_option(listing)
    listing.set_defaults(run=lambda wb, args: wb.interviews())


def _referral_parser(commands) -> None:
    actions = _actions(commands, "referral", "add, link or list referrals")
    add = actions.add_parser(
        "add",
        help="record a referral; prints its id",
        description="Record a referral; a promised introduction gets a check-in follow-up in 7 days.",
    )
    add.add_argument("--from", metavar="ID", required=True, type=int, dest="from_contact")
    add.add_argument("--to-name", metavar="NAME")
    add.add_argument("--to-org", metavar="ORG", dest="to_organization")
    add.add_argument("--to-contact", metavar="ID", type=int, help="the referred person, when already a contact")
    add.add_argument("--may-use-name", action="store_true", dest="can_use_name", help="you may use the referrer's name")
    add.add_argument("--will-introduce", action="store_true", help="the referrer will introduce you")
    add.set_defaults(run=run_referral_add)
    reached = actions.add_parser(
        "reached",
        help="link a referral to the contact it led to",
        description="The referred person is now a contact: link them (closes the check-in).",
    )
    reached.add_argument("id", metavar="ID", type=int)
    reached.add_argument("--contact", metavar="ID", required=True, type=int)
    reached.set_defaults(run=lambda wb, args: wb.referral_reached(args.id, contact=args.contact) or "")
    listing = actions.add_parser("list", help="list referrals", description="List referrals.")
    _format_option(listing)
    listing.set_defaults(run=lambda wb, args: wb.referrals())


def _followups_parser(commands) -> None:
    cmd = commands.add_parser(
        "followups",
        help="follow-ups due (thank-yous, check-ins, 3B7)",
        description="Open follow-ups, soonest first; --ics also writes them and the scheduled "
        "interviews as an iCalendar file.",
    )
    cmd.add_argument("--due-by", metavar="DATE", help="only those due by this date (end of day, local)")
    cmd.add_argument("--ics", metavar="FILE", help="also export interviews and follow-ups as an .ics file")
    _format_option(cmd)
    cmd.set_defaults(run=run_followups)
    actions = _actions(commands, "followup", "mark a follow-up done")
    done = actions.add_parser(
        "done",
        help="record that a follow-up was sent",
        description="Record that a follow-up was sent (a thank-you marks its interview 'thanked').",
    )
    done.add_argument("id", metavar="ID", type=int)
    done.set_defaults(run=run_followup_done)


def _email_parser(commands) -> None:
    cmd = commands.add_parser(
        "email",
        help="draft an e-mail from the records",
        description="Draft a request, thank-you, referral or check-in e-mail to review and send.",
    )
    cmd.add_argument("kind", choices=EMAIL_KINDS)
    cmd.add_argument("--interview", metavar="ID", required=True, type=int)
    cmd.add_argument("--referral", metavar="ID", type=int, help="which referral, when there are several")
    cmd.add_argument("--sign-as", metavar="NAME", help="your name for the signature (remembered in config.toml)")
    cmd.add_argument("--signature", metavar="TEXT", help="lines under your name, e.g. a phone number (remembered)")
    cmd.set_defaults(run=run_email)


TRANSFER_TABLES = (*TRACKER_TABLES, "articles")  # articles export only


def _transfer_parsers(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write a table (or the work-search log) to CSV",
        description="Write a table to CSV (lossless; confidential notes only with "
        "--confidential), or the dated work-search log.",
    )
    export.add_argument("table", choices=(*TRANSFER_TABLES, "work-search-log"))
    export.add_argument("--out", metavar="FILE.csv", required=True)
    export.add_argument("--confidential", action="store_true", help="include confidential interview notes")
    export.add_argument("--since", metavar="DATE", help="work-search log: from this date")
    export.add_argument("--until", metavar="DATE", help="work-search log: up to and including this date")
    export.set_defaults(run=run_export)
    imp = commands.add_parser(
        "import",
        help="import rows from CSV (all or nothing)",
        description="Import rows from CSV into a table; a bad row imports nothing and is named.",
    )
    imp.add_argument("table", choices=tuple(TRACKER_TABLES))
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--linkedin", action="store_true", help="contacts: the file is LinkedIn's Connections.csv")
    imp.add_argument(
        "--map",
        metavar="THEIRS=OURS",
        action="append",
        default=[],
        help="rename a spreadsheet column (repeatable), e.g. --map 'Full name=name'; 'Status=' leaves a column out",
    )
    imp.set_defaults(run=run_import)
    backup = commands.add_parser(
        "backup",
        help="a consistent copy of the workspace database",
        description="Write a consistent copy of workbook.sqlite (SQLite's backup API).",
    )
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(run=run_backup)


ACTIVITY_TABLES = ("weekly", "funnel", "response", "thank_you", "referral_tree", "referral_edges", "sources", "overdue")


def _activity_parser(commands) -> None:
    cmd = commands.add_parser(
        "activity",
        help="activity over the search; --plot draws the charts",
        description="Activity over the search: weekly counts, funnel, response, thank-you "
        "timeliness, referral tree, how-known sources and overdue follow-ups.",
    )
    cmd.add_argument("--freq", choices=("D", "W", "M"), default="W", help="period: day, week (default) or month")
    cmd.add_argument("--table", choices=ACTIVITY_TABLES, default="weekly", help="which table to print (default weekly)")
    cmd.add_argument("--plot", metavar="FILE.png", help="also save the activity charts (PNG or SVG)")
    _format_option(cmd)
    cmd.set_defaults(run=run_activity)


def _format_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")


def run_demo(wb: Workbook, args: argparse.Namespace) -> str:
    from .demo.demo_workspace import demo_report

    return demo_report(wb.demo(force=args.force))


def run_run_notebook(wb: Workbook, args: argparse.Namespace) -> str:
    values = {key: _parameter(value) for key, value in args.parameter}
    return f"{wb.run_notebook(args.name, parameters=values, out=args.out)}\n"


def _parameter(value: str) -> object:
    """A parameter's value: a number, true/false or null when it reads as one (JSON), else the text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def run_gather(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    log = wb.gather(
        company=args.company,
        queries=args.query,
        feeds=args.feed,
        newsroom=args.newsroom,
        edgar=args.edgar,
        edgar_forms=args.edgar_form or ("",),
        gdelt=args.gdelt,
        since=args.since,
        full_text=args.full_text,
        progress=None if sys.stderr.isatty() else False,
    )
    from .news.gather import gather_summary

    print(f"iiwork: {gather_summary(log.to_dict('records'))}", file=sys.stderr)
    if args.format == "table":
        log = log.drop(columns=["url", "started"])
    return log


def _followed(args: argparse.Namespace) -> dict:
    return {
        "aliases": args.alias,
        "industry": args.industry,
        "ticker": args.ticker,
        "cik": args.cik,
        "website": args.website,
        "notes": args.notes,
        "queries": args.query,
        "feeds": args.feed,
        "newsroom": args.newsroom,
        "edgar_forms": args.edgar_form,
        "gdelt": args.gdelt,
    }


def run_company_add(wb: Workbook, args: argparse.Namespace) -> str:
    return f"{wb.follow(args.name, exists=False, **_followed(args))}\n"


def run_company_update(wb: Workbook, args: argparse.Namespace) -> str:
    return f"{wb.follow(args.name, exists=True, replace=args.replace, **_followed(args))}\n"


def run_company_show(wb: Workbook, args: argparse.Namespace) -> str:
    card = wb.company(args.name)
    network = card.pop("people")
    if args.format == "json":
        card["network"] = {key: table.to_dict("records") for key, table in network.items()}
        return json.dumps(card, default=_plain, ensure_ascii=False, indent=2) + "\n"
    sources = card.pop("sources")
    shown = {key: ", ".join(value) if isinstance(value, list) else _plain(value) for key, value in card.items()}
    lines = [f"{key}: {value}" for key, value in shown.items() if value not in ("None", "")]
    lines += ["sources:"] + [f"  {s['kind']}: {s['value']}" for s in sources]
    for key, table in network.items():
        rows = table_text(table, "table").rstrip() if len(table) else "  (none)"
        lines += ["", f"{key.replace('_', ' ')}:", rows]
    return "\n".join(lines) + "\n"


def run_targets(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    table = wb.targets()
    if args.plot:
        from .charts import save_chart, targets_chart  # matplotlib only when a chart is asked for

        save_chart(targets_chart(table), args.plot)
    return table


def run_digest(wb: Workbook, args: argparse.Namespace) -> str:
    from .brief.digest import digest_atom, digest_html, digest_markdown
    from .workspace import output_path, write_atomically

    found = wb.digest(since=args.since, companies=args.company or None)
    text = {"md": digest_markdown, "html": digest_html, "atom": digest_atom}[args.format](found)
    if args.out:
        write_atomically(output_path(args.out), lambda partial: partial.write_text(text, encoding="utf-8"))
    if not args.company and not args.peek:
        wb.record_digest(found)  # only once the digest is out; a digest of some companies never moves the window
    return f"{args.out}\n" if args.out else text


def run_brief(wb: Workbook, args: argparse.Namespace) -> str:
    from pathlib import Path

    found = wb.briefing(args.interview, since=args.since)
    if not args.out:
        return f"{found.save(format=args.format)}\n"
    target = Path(args.out)
    return f"{found.save(target.parent, format=args.format, name=target.name)}\n"


def run_company_remove(wb: Workbook, args: argparse.Namespace) -> str:
    name = wb.unfollow(args.name)
    print(f"iiwork: no longer following {name}; its articles and your contacts there are kept", file=sys.stderr)
    return ""


def run_company_import(wb: Workbook, args: argparse.Namespace) -> str:
    names = wb.import_companies(args.file)
    return "".join(f"{name}\n" for name in names)


def run_industry_add(wb: Workbook, args: argparse.Namespace) -> str:
    return f"{wb.follow_industry(args.name, queries=args.query, feeds=args.feed, notes=args.notes)}\n"


ESTIMATED_NOTE = "~ estimated: the source gave no date (the link's date, else the feed's, else when found); listed last"


def run_articles(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame | str:
    df = wb.articles(
        company=args.company, since=args.since, until=args.until, publisher=args.publisher, contains=args.contains
    )
    if args.format != "table":
        return df  # the date_estimated column says which dates are estimates
    estimated = df["date_estimated"].fillna(False).astype(bool)
    shown = df[["article_id", "published", "publisher", "title", "company"]].assign(
        published=_marked_dates(df["published"], estimated=estimated)
    )
    return table_text(shown, "table") + (f"\n{ESTIMATED_NOTE}\n" if estimated.any() else "")


def _marked_dates(published: pd.Series, *, estimated: pd.Series) -> pd.Series:
    """Dates as the table prints them (UTC, to the minute); an estimate is only a day, marked "~"."""
    return published.dt.strftime("%Y-%m-%d %H:%M").where(~estimated, "~" + published.dt.strftime("%Y-%m-%d"))


def run_stories(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    df = wb.stories(company=args.company, since=args.since)
    if args.format == "table":
        df = df[["story_id", "last_seen", "articles", "outlets", "event_type", "headline"]]
    return df


def run_trends(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    found = wb.trends(company=args.company, since=args.since, freq=args.freq)
    if args.plot:
        from .charts import news_dashboard, save_chart  # matplotlib only when a chart is asked for

        save_chart(news_dashboard(found, title=f"News trends: {', '.join(args.company) or 'all companies'}"), args.plot)
    return getattr(found, args.table)


def run_contact_add(wb: Workbook, args: argparse.Namespace) -> str:
    return f"{wb.add_contact(**_fields(args, *CONTACT_FIELDS))}\n"


def run_contact_show(wb: Workbook, args: argparse.Namespace) -> str:
    card = wb.contact(args.id)
    if args.format == "json":
        return json.dumps(card, default=_plain, ensure_ascii=False, indent=1) + "\n"
    lines = [
        f"{key}: {_plain(value)}" for key, value in card.items() if not isinstance(value, list) and value is not None
    ]
    for section in ("interviews", "referrals", "followups"):
        rows = frame_of(card[section])
        lines += ["", f"{section}:", table_text(rows, "table").rstrip() if not rows.empty else "(none)"]
    return "\n".join(lines) + "\n"


def run_interview_add(wb: Workbook, args: argparse.Namespace) -> str:
    fields = _fields(args, "contact", "when", "format", "minutes", "purpose", "goal", "status", "at")
    return f"{wb.add_interview(**fields)}\n"


def run_interview_update(wb: Workbook, args: argparse.Namespace) -> str:
    fields = _fields(args, "status", "when", "notes", "confidential_notes", "learnings", "feedback", "goal")
    if not any(value is not None for value in fields.values()) and not args.question:
        raise InvalidInput(
            "interview update: give at least one of --status, --when, --notes, --confidential, "
            "--learnings, --feedback, --goal, --question"
        )
    wb.update_interview(args.id, **fields, replace=args.replace, at=args.at, questions=args.question)
    return ""


def run_referral_add(wb: Workbook, args: argparse.Namespace) -> str:
    fields = _fields(args, "from_contact", "to_name", "to_organization", "to_contact", "can_use_name", "will_introduce")
    return f"{wb.add_referral(**fields)}\n"


def run_followups(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    df = wb.followups(due_by=args.due_by, with_contact=args.format == "table")
    if args.ics:
        count = wb.write_ics(args.ics)
        print(f"iiwork: wrote {count} events to {args.ics}", file=sys.stderr)
    if args.format == "table":
        df = df[["followup_id", "due", "kind", "contact", "interview_id", "referral_id", "note", "overdue"]]
        df = df.assign(overdue=df["overdue"].map({True: "OVERDUE", False: ""}))
    return df


def run_email(wb: Workbook, args: argparse.Namespace) -> str:
    name = args.sign_as
    if name is None and args.signature is None and not wb.workspace.config().get("me") and sys.stdin.isatty():
        name = input("Your name, to sign the drafts (asked once, kept in config.toml): ").strip() or None
    if name or args.signature:
        wb.set_sender(name or str(wb.workspace.config().get("me", {}).get("name", "")), signature=args.signature)
    return str(wb.email(args.kind, interview=args.interview, referral=args.referral))


def run_followup_done(wb: Workbook, args: argparse.Namespace) -> str:
    wb.followup_done(args.id)
    return ""


def run_export(wb: Workbook, args: argparse.Namespace) -> str:
    if args.table == "work-search-log":
        count = wb.export_work_search_log(args.out, since=args.since, until=args.until)
    else:
        count = wb.export(args.table, args.out, confidential=args.confidential)
    print(f"iiwork: wrote {count} rows to {args.out}", file=sys.stderr)
    return ""


def run_import(wb: Workbook, args: argparse.Namespace) -> str:
    if args.linkedin:
        if args.table != "contacts" or args.map:
            raise InvalidInput("linkedin: imports contacts only, with no --map", field="linkedin")
        counts = wb.import_linkedin(args.file)
        print(f"iiwork: {counts['existing']} already in the workspace", file=sys.stderr)
        return f"{counts['added']}\n"
    mapping: dict[str, str | None] = {}
    for pair in args.map:
        theirs, sep, ours = pair.rpartition("=")
        if not sep or not theirs.strip():
            raise InvalidInput(f"map: expected THEIRS=OURS (or THEIRS= to leave a column out), got {pair!r}")
        mapping[theirs.strip()] = ours.strip() or None
    count = wb.import_csv(args.table, args.file, mapping=mapping or None)
    return f"{count}\n"


def run_backup(wb: Workbook, args: argparse.Namespace) -> str:
    size = wb.backup(args.file)
    print(f"iiwork: backed up the workspace to {args.file} ({size:,} bytes)", file=sys.stderr)
    return ""


def run_activity(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame | str:
    found = wb.activity(freq=args.freq)
    if args.plot:
        from .charts import activity_dashboard, save_chart  # matplotlib only when a chart is asked for

        save_chart(activity_dashboard(found), args.plot)
    table = getattr(found, args.table)
    if args.format != "table":
        return table
    return table_text(table, "table") + "\nNext actions:\n" + "".join(f"- {action}\n" for action in found.next_actions)


def _fields(args: argparse.Namespace, *names: str) -> dict:
    return {name: getattr(args, name) for name in names}


def _plain(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.ERROR, format="iiwork: %(message)s")
    run: Callable[[Workbook, argparse.Namespace], pd.DataFrame | str] = args.run
    try:
        from .workbook import Workbook

        writes = (args.command, getattr(args, "action", None)) in WRITING
        with Workbook(args.workspace, create=writes) as wb:
            try:
                result = run(wb, args)
            except IiworkError:
                wb.workspace.discard_if_new_and_empty()  # bad input on a new path leaves nothing behind
                raise
            sys.stdout.write(result if isinstance(result, str) else table_text(result, args.format))
    except IiworkError as error:
        text = error.for_face("cli") if isinstance(error, InvalidInput) else str(error)
        print(f"iiwork {args.command}: error: {' '.join(text.split())}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("iiwork: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
