"""The `iiwork` command line: a thin face over Workbook; errors become one line and exit status 2 or 1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

import pandas as pd

from . import __version__
from .errors import IiworkError
from .workbook import Workbook

TABLE_WIDTH = 60


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> Parser:
    parser = Parser(prog="iiwork", description="The informational-interview workbook.")
    parser.add_argument("--version", action="version", version=f"iiwork {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="workspace directory (default: $IIWORK_WORKSPACE or data/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each failing source to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser, required=True)
    _gather_parser(commands)
    _articles_parser(commands)
    _stories_parser(commands)
    _trends_parser(commands)
    return parser


def _gather_parser(commands) -> None:
    cmd = commands.add_parser("gather", help="gather news into the workspace; prints the fetch log",
                              description="Gather news for a company from feeds, news search, newsroom, "
                              "SEC EDGAR and GDELT; prints the fetch log.")  # fmt: skip
    cmd.add_argument("--company", metavar="NAME", help="the company the news is gathered for")
    cmd.add_argument("--query", metavar="Q", action="append", default=[], help="Google News search (repeatable)")
    cmd.add_argument("--feed", metavar="URL", action="extend", nargs="+", default=[],
                     help="RSS/Atom/RDF feed URL or file (repeatable; several may follow one --feed)")  # fmt: skip
    cmd.add_argument("--newsroom", metavar="URL", help="company newsroom page")
    cmd.add_argument("--edgar", metavar="TICKER", help="SEC EDGAR filings by ticker or CIK (needs a contact e-mail)")
    cmd.add_argument("--edgar-form", metavar="FORM", action="append", help="EDGAR form type such as 8-K (repeatable)")
    cmd.add_argument("--gdelt", metavar="QUERY", help="GDELT DOC 2.0 article search")
    cmd.add_argument("--since", metavar="AGE", help="keep items newer than this: 30d, 12h, 2w or an ISO date")
    cmd.add_argument("--full-text", action="store_true", help="also fetch and extract each new article's text")
    _format_option(cmd)
    cmd.set_defaults(run=run_gather)


def _articles_parser(commands) -> None:
    cmd = commands.add_parser("articles", help="list gathered articles", description="List gathered articles, newest first.")
    cmd.add_argument("--company", metavar="NAME")
    cmd.add_argument("--since", metavar="AGE", help="30d, 12h, 2w or an ISO date")
    cmd.add_argument("--until", metavar="AGE", help="30d, 12h, 2w or an ISO date")
    cmd.add_argument("--publisher", metavar="NAME")
    cmd.add_argument("--contains", metavar="TEXT", help="a word or phrase in the title or summary")
    _format_option(cmd)
    cmd.set_defaults(run=run_articles)


def _stories_parser(commands) -> None:
    cmd = commands.add_parser("stories", help="list stories (articles grouped by the news they report)",
                              description="Group new articles into stories, then list stories, most recent first.")  # fmt: skip
    cmd.add_argument("--company", metavar="NAME")
    cmd.add_argument("--since", metavar="AGE", help="stories seen since: 30d, 12h, 2w or an ISO date")
    _format_option(cmd)
    cmd.set_defaults(run=run_stories)


TREND_TABLES = ("volume", "publishers", "events", "share_of_voice", "emerging", "bursts")


def _trends_parser(commands) -> None:
    cmd = commands.add_parser("trends", help="news trends: volume, share of voice, emerging terms, bursts",
                              description="Trend tables over the gathered articles; --plot draws a four-panel PNG.")  # fmt: skip
    cmd.add_argument("--company", metavar="NAME", action="append", default=[],
                     help="one company, or several (repeat) for share of voice")  # fmt: skip
    cmd.add_argument("--since", metavar="AGE", default="180d", help="articles since (default 180d)")
    cmd.add_argument("--freq", choices=("D", "W", "M"), default="W", help="period: day, week (default) or month")
    cmd.add_argument("--table", choices=TREND_TABLES, default="emerging", help="which table to print (default emerging)")
    cmd.add_argument("--plot", metavar="FILE.png", help="also save a chart page (PNG or SVG)")
    _format_option(cmd)
    cmd.set_defaults(run=run_trends)


def _format_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")


def run_gather(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    log = wb.gather(company=args.company, queries=args.query, feeds=args.feed, newsroom=args.newsroom,
                     edgar=args.edgar, edgar_forms=args.edgar_form or ("",), gdelt=args.gdelt, since=args.since,
                     full_text=args.full_text, progress=None if sys.stderr.isatty() else False)  # fmt: skip
    if args.format == "table":
        log = log.drop(columns=["url", "started"])
    return log


def run_articles(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    df = wb.articles(company=args.company, since=args.since, until=args.until, publisher=args.publisher,
                     contains=args.contains)  # fmt: skip
    if args.format == "table":
        df = df[["article_id", "published", "publisher", "title", "company"]]
    return df


def run_stories(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    df = wb.stories(company=args.company, since=args.since)
    if args.format == "table":
        df = df[["story_id", "last_seen", "articles", "outlets", "event_type", "headline"]]
    return df


def run_trends(wb: Workbook, args: argparse.Namespace) -> pd.DataFrame:
    from . import charts

    found = wb.trends(company=args.company, since=args.since, freq=args.freq)
    if args.plot:
        charts.save(charts.dashboard(found, title=f"News trends: {', '.join(args.company) or 'all companies'}"), args.plot)
    return getattr(found, args.table)


def render(df: pd.DataFrame, fmt: str) -> str:
    """A DataFrame as a readable table, CSV or JSON records (ISO dates)."""
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        return df.to_json(orient="records", date_format="iso", force_ascii=False, indent=1) + "\n"
    if df.empty:
        return "(no rows)\n"
    shown = df.copy()
    for name in shown.columns:
        if pd.api.types.is_string_dtype(shown[name]):
            shown[name] = shown[name].map(lambda v: v if v is pd.NA or len(v) <= TABLE_WIDTH else v[: TABLE_WIDTH - 1] + "…")
    return shown.to_string(index=False, na_rep="") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.ERROR, format="iiwork: %(message)s")
    run: Callable[[Workbook, argparse.Namespace], pd.DataFrame] = args.run
    try:
        with Workbook(args.workspace) as wb:
            sys.stdout.write(render(run(wb, args), args.format))
    except IiworkError as error:
        print(f"iiwork {args.command}: error: {' '.join(str(error).split())}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("iiwork: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
