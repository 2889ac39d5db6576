"""One pre-interview briefing from a warm workspace of 50,000 articles, in-process and through `iiwork brief`.

Goal (the issue): from a warm workspace of 50k articles, one briefing in <= 2 s in-process and <= 3 s through
`iiwork brief` with start-up.

Input: the first 50,000 rows (file order, which is time order) of the Google News top-US headlines in
/work/shared/corpus/headlines/ (first_seen_utc as the publication time, title, publisher; no summary). The
benchmark skips with a message when that corpus is absent.

The workspace, built once and cached (--workdir, default /tmp/iiwork-bench-brief; rebuilt on another day, with
another corpus file or with --rebuild):

* the rows are shifted by a whole number of days so that the newest ends within the last day (the corpus itself
  ends in 2026-08; `iiwork brief` has no --now and reads the real clock, so without the shift its "what's new"
  would be empty and its figure meaningless). Both measures then see the same news;
* written as RSS 2.0 feed files with bench_analyse.write_feeds (2,000 items each);
* with the Python API: `Workbook(W)`, follow Tesla, Apple, Nvidia and Meta (industry "tech"),
  `follow_industry("tech", feeds=...)`, `gather(progress=False)` (stores, links mentions, tags events, groups
  stories: the "warm" workspace); a contact at "Tesla, Inc." with an interview scheduled 7 days after the build,
  and a contact at Apple with an interview held 20 days before it, with learnings (for "What I've learned").

Measured, each figure from fresh processes started by this one:

1. In-process (a child process: `import iiwork`, `Workbook(W)`, then `wb.briefing(ID, now=NOW)` with NOW the
   real clock at the start of the run, as the CLI has it): cold = the first call in a process (lazy imports of
   iiwork.brief, pandas/jinja work done once), median over --processes children; warm = the second and later
   calls (--repeat of them per child), median of them all. Goal <= 2 s, judged on warm. `to_html()` of the warm
   briefing is timed too and shown beside it (the CLI renders the page as well).
2. Through the CLI: `iiwork --workspace W brief --interview ID --out FILE`, a fresh process timed from the parent
   (interpreter start-up, imports, opening the workspace, the briefing, rendering and writing the page),
   median of --repeat. Goal <= 3 s.
3. Baselines in the same run, interleaved round-robin with the CLI runs (so a busy machine slows them alike):
   the start-up floor `python -c "import pandas, sklearn"` and `iiwork --help`, median of --repeat each.
4. Where the time goes: cProfile of one warm `wb.briefing()` call (in its own child process), top entries by
   cumulative time, so that a MISS can be acted on (--profile cold profiles the first call instead).

    .venv/bin/python benchmarks/bench_brief.py                  # build (or reuse) the workspace, measure
    .venv/bin/python benchmarks/bench_brief.py --rebuild --repeat 7
    .venv/bin/python benchmarks/bench_brief.py --profile cold --top 20
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# bench_analyse holds module constants and functions only: importing it has no side effects
from bench_analyse import timed, write_feeds

ROOT = Path(__file__).resolve().parents[1]
CSV = Path("/work/shared/corpus/headlines/gnews_top_us_headlines_2025-07_2026-08.csv")
ROWS = 50_000
WORKDIR = Path(tempfile.gettempdir()) / "iiwork-bench-brief"
GOALS = {"in-process": 2.0, "cli": 3.0}
COMPANIES = ("Tesla", "Apple", "Nvidia", "Meta")
INDUSTRY = "tech"
BIN = Path(sys.executable).parent
IIWORK = [str(BIN / "iiwork")] if (BIN / "iiwork").exists() else [sys.executable, "-m", "iiwork.cli"]


def mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# ---------------------------------------------------------------- the workspace, built once


def load_rows(csv: Path, rows: int, now: datetime):
    """The first `rows` rows as published (UTC), title, publisher, shifted by whole days to end within a day of
    `now`; returns (frame, days shifted)."""
    import pandas as pd

    df = pd.read_csv(csv, nrows=rows, usecols=["first_seen_utc", "title", "publisher"])
    df = df.rename(columns={"first_seen_utc": "published"})
    df["published"] = pd.to_datetime(df["published"], utc=True)
    days = (pd.Timestamp(now) - df["published"].max()).days
    df["published"] = df["published"] + pd.Timedelta(days=days)
    return df[["published", "title", "publisher"]], days


def build(csv: Path, rows: int, folder: Path) -> dict:
    """Feeds, workspace, companies, gather (derive included), contacts and interviews; returns the meta data."""
    from iiwork import Workbook

    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    df, days = load_rows(csv, rows, now)
    feeds = write_feeds(df, folder / "feeds")
    workspace = folder / "workspace"
    with Workbook(workspace) as wb:
        for name in COMPANIES:
            wb.follow(name, industry=INDUSTRY)
        wb.follow_industry(INDUSTRY, feeds=[str(f) for f in feeds])
        gathering = time.perf_counter()
        wb.gather(progress=False)
        gathered = time.perf_counter() - gathering
        cid = wb.add_contact(name="Jordan Lee", role="Battery engineer", organization="Tesla, Inc.", how_known="alumni")
        upcoming = (now + timedelta(days=7)).replace(hour=15, minute=0, second=0)
        iid = wb.add_interview(contact=cid, when=upcoming, minutes=30, status="scheduled", now=now)
        earlier = wb.add_contact(
            name="Sam Rivera", role="Hardware product manager", organization="Apple Inc.", how_known="referral"
        )
        held_at = (now - timedelta(days=20)).replace(hour=16, minute=0, second=0)
        held = wb.add_interview(contact=earlier, when=held_at, minutes=30, status="held", now=now)
        wb.update_interview(
            held,
            learnings=(
                "Hardware teams hire for supply-chain judgement more than for tools. "
                "Battery and chip shortages shape every product plan; ask how a team handled the last one."
            ),
            now=now,
        )
        articles = int(wb.workspace.rows("SELECT count(*) FROM articles")[0][0])
        stories = int(wb.workspace.rows("SELECT count(*) FROM stories")[0][0])
        links = dict(wb.workspace.rows("SELECT company, count(*) FROM article_companies GROUP BY company"))
    return {
        "csv": str(csv),
        "csv_bytes": csv.stat().st_size,
        "rows": rows,
        "built": now.isoformat(),
        "day": now.date().isoformat(),
        "shift_days": days,
        "first": df["published"].min().isoformat(),
        "last": df["published"].max().isoformat(),
        "feeds": len(feeds),
        "workspace": str(workspace),
        "interview": iid,
        "held_interview": held,
        "articles": articles,
        "stories": stories,
        "links": {str(k): int(v) for k, v in links.items()},
        "gather_s": gathered,
        "build_s": time.perf_counter() - started,
    }


def workspace(args: argparse.Namespace) -> tuple[dict, bool]:
    """The cached workspace's meta data when it fits this run (same corpus, rows and day), else a new build."""
    folder = args.workdir / f"ws-{args.rows}"
    marker = folder / "meta.json"
    if marker.exists() and not args.rebuild:
        meta = json.loads(marker.read_text(encoding="utf-8"))
        today = datetime.now(UTC).date().isoformat()
        same = meta.get("csv") == str(args.csv) and meta.get("csv_bytes") == args.csv.stat().st_size
        if same and meta.get("rows") == args.rows and meta.get("day") == today and Path(meta["workspace"]).exists():
            return meta, True
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"building the workspace in {folder} (gather derives stories: expect tens of seconds) ...", flush=True)
    meta = build(args.csv, args.rows, folder)
    marker.write_text(json.dumps(meta, indent=1), encoding="utf-8")  # written last: a partial build is redone
    return meta, False


# ---------------------------------------------------------------- child processes


def child_measure(ws: str, interview: int, now: str, repeat: int) -> dict:
    """In a fresh process: import, open, the first (cold) call, then `repeat` warm calls and their pages."""
    started = time.perf_counter()
    from iiwork import Workbook, derive

    imported = time.perf_counter() - started
    when = datetime.fromisoformat(now)
    started = time.perf_counter()
    wb = Workbook(ws, create=False)
    opened = time.perf_counter() - started
    current = derive.is_current(wb.workspace)
    started = time.perf_counter()
    first = wb.briefing(interview, now=when)
    cold = time.perf_counter() - started
    warm, pages = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        found = wb.briefing(interview, now=when)
        warm.append(time.perf_counter() - started)
        started = time.perf_counter()
        page = found.to_html()
        pages.append(time.perf_counter() - started)
    news = first.whats_new
    wb.close()
    return {
        "import_s": imported,
        "open_s": opened,
        "was_current": bool(current),
        "cold_s": cold,
        "warm_s": warm,
        "html_s": pages,
        "page_kb": len(page.encode("utf-8")) / 1024,
        "company": first.company,
        "recent": int((news["window"] == "recent").sum()) if len(news) else 0,
        "earlier": int((news["window"] == "earlier").sum()) if len(news) else 0,
        "headlines": [str(h) for h in news["headline"].head(3)] if len(news) else [],
        "learned": len(first.learned),
        "questions": len(first.questions),
        "sources": len(first.sources),
    }


def child_profile(ws: str, interview: int, now: str, which: str, top: int) -> dict:
    """cProfile one wb.briefing() call (the first, or a warm one after an unprofiled call): top by cumulative."""
    import cProfile
    import pstats

    from iiwork import Workbook

    when = datetime.fromisoformat(now)
    wb = Workbook(ws, create=False)
    if which == "warm":
        wb.briefing(interview, now=when)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    wb.briefing(interview, now=when)
    profiler.disable()
    total = time.perf_counter() - started
    wb.close()
    stats = pstats.Stats(profiler)
    entries = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name == "<method 'disable' of '_lsprof.Profiler' objects>":
            continue
        where = f"{_short(path)}:{line}({name})" if line else name
        entries.append((cumulative, own, calls, where))
    entries.sort(reverse=True)
    return {"which": which, "total_s": total, "top": entries[:top]}


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def run_child(flags: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *flags], capture_output=True, text=True, cwd=ROOT, timeout=1800, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if done.returncode or line is None:
        raise SystemExit(f"bench_brief child {flags[:2]} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return json.loads(line[len("RESULT ") :])


# ---------------------------------------------------------------- the CLI and the baselines


def cli_runs(meta: dict, repeat: int, out: Path) -> dict[str, list[dict]]:
    """Round-robin: the start-up floor, iiwork --help and iiwork brief, each a fresh process; one untimed warm-up."""
    brief = [*IIWORK, "--workspace", meta["workspace"], "brief", "--interview", str(meta["interview"])]
    table = {
        "floor": [sys.executable, "-c", "import pandas, sklearn"],
        "help": [*IIWORK, "--help"],
        "brief": [*brief, "--out", str(out)],
    }
    found: dict[str, list[dict]] = {name: [] for name in table}
    for n in range(repeat + 1):
        for name, argv in table.items():
            done = timed(argv, timeout=300)
            if done["returncode"]:
                raise SystemExit(f"{' '.join(argv[-6:])} exited {done['returncode']}: {done['stderr'].strip()[-500:]}")
            if n:
                found[name].append(done)
    return found


# ---------------------------------------------------------------- report


def report(meta: dict, reused: bool, inproc: list[dict], cli: dict[str, list[dict]], profile: dict, out: Path) -> None:
    cold = [r["cold_s"] for r in inproc]
    warm = [s for r in inproc for s in r["warm_s"]]
    pages = [s for r in inproc for s in r["html_s"]]
    both = [b + h for r in inproc for b, h in zip(r["warm_s"], r["html_s"])]
    first = inproc[0]
    median = statistics.median

    def wall(name: str) -> list[float]:
        return [r["seconds"] for r in cli[name]]

    def cpu(name: str) -> float:
        return median(r["cpu_s"] for r in cli[name])

    print(
        f"\nWorkspace: {meta['articles']:,} articles, {meta['stories']:,} stories ({'cached' if reused else 'built'}"
        f" {meta['built']}; gather {meta['gather_s']:.1f} s, build {meta['build_s']:.1f} s), {meta['workspace']}"
    )
    print(
        f"  corpus rows shifted +{meta['shift_days']} days: {meta['first'][:10]} .. {meta['last'][:16]}; "
        f"mention links {meta['links']}"
    )
    print(
        f"  briefing for interview {meta['interview']} ({first['company']}): what's new {first['recent']} recent + "
        f"{first['earlier']} earlier stories, {first['learned']} learned, {first['questions']} questions, "
        f"{first['sources']} sources; page {first['page_kb']:.0f} KB; derived before the calls: {first['was_current']}"
    )
    for h in first["headlines"]:
        print(f"    - {h}")
    n = len(inproc)
    rows = [
        (f"in-process wb.briefing(), warm ({n}x{len(first['warm_s'])} calls)", median(warm), min(warm), None,
         f"<= {GOALS['in-process']:g} s  {mark(median(warm) <= GOALS['in-process'])}"),
        ("  + to_html() of it", median(both), min(both), None,
         f"(page alone {median(pages):.2f} s; {mark(median(both) <= GOALS['in-process'])} on this reading)"),
        (f"in-process wb.briefing(), cold (first call, {n} processes)", median(cold), min(cold), None,
         f"shown (import iiwork {median(r['import_s'] for r in inproc):.2f} s, "
         f"Workbook() {median(r['open_s'] for r in inproc):.2f} s before it)"),
        (f"iiwork brief --interview {meta['interview']} --out FILE", median(wall("brief")), min(wall("brief")),
         cpu("brief"), f"<= {GOALS['cli']:g} s  {mark(median(wall('brief')) <= GOALS['cli'])}"),
        ("baseline: iiwork --help", median(wall("help")), min(wall("help")), cpu("help"), "start-up of the command"),
        ('baseline: python -c "import pandas, sklearn"', median(wall("floor")), min(wall("floor")), cpu("floor"),
         "start-up floor"),
    ]  # fmt: skip
    repeat = len(cli["brief"])
    print(f"\n  {'measure':<58} {'median s':>8} {'best s':>6} {'CPU s':>6}  goal (median wall)")
    print("  " + "-" * 110)
    for name, med, best, used, goal in rows:
        print(f"  {name:<58} {med:>8.2f} {best:>6.2f} {'' if used is None else f'{used:.2f}':>6}  {goal}")
    print(
        f"  (CLI rows: median of {repeat} fresh processes each, interleaved; page written {out.stat().st_size / 1024:.0f} KB)"
    )
    print("  iiwork brief runs (s): " + ", ".join(f"{s:.2f}" for s in wall("brief")))
    print("  cold first calls (s): " + ", ".join(f"{s:.2f}" for s in cold))
    cli_minus = median(wall("brief")) - median(wall("help"))
    print(f"  iiwork brief minus iiwork --help: {cli_minus:.2f} s (opening, the briefing, the page, writing)")

    print(
        f"\nWhere the time goes: cProfile of one {profile['which']} wb.briefing() call "
        f"({profile['total_s']:.2f} s under the profiler), top {len(profile['top'])} by cumulative time"
    )
    print(f"  {'cum s':>7} {'own s':>7} {'calls':>8}  function")
    for cumulative, own, calls, where in profile["top"]:
        print(f"  {cumulative:>7.3f} {own:>7.3f} {calls:>8}  {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--rows", type=int, default=ROWS, help=f"corpus rows in the workspace ({ROWS:,})")
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help=f"where the workspace is cached ({WORKDIR})")
    parser.add_argument("--rebuild", action="store_true", help="build the workspace again even when cached")
    parser.add_argument("--repeat", type=int, default=5, help="warm calls per process and CLI runs (5)")
    parser.add_argument("--processes", type=int, default=3, help="in-process children; cold = their first call (3)")
    parser.add_argument("--profile", choices=("warm", "cold"), default="warm", help="which call to profile (warm)")
    parser.add_argument("--top", type=int, default=10, help="profile entries shown (10)")
    parser.add_argument("--child-measure", nargs=3, metavar=("WS", "ID", "NOW"), help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", nargs=3, metavar=("WS", "ID", "NOW"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_measure:
        ws, iid, now = args.child_measure
        print("RESULT " + json.dumps(child_measure(ws, int(iid), now, args.repeat)))
        return 0
    if args.child_profile:
        ws, iid, now = args.child_profile
        print("RESULT " + json.dumps(child_profile(ws, int(iid), now, args.profile, args.top)))
        return 0
    if not args.csv.exists():
        print(f"bench_brief: skipped, the headline corpus is not here ({args.csv})")
        return 0
    if args.repeat < 1 or args.processes < 1:
        parser.error("--repeat and --processes must be at least 1")

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Corpus: {args.csv.name}, first {args.rows:,} rows; command: {' '.join(IIWORK)}")
    print(f"{os.cpu_count()} CPUs, load average {load} at the start (another busy process slows every figure)")
    meta, reused = workspace(args)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()  # the CLI's clock, give or take the run's length
    flags = [meta["workspace"], str(meta["interview"]), now]
    inproc = [run_child(["--child-measure", *flags, "--repeat", str(args.repeat)]) for _ in range(args.processes)]
    with tempfile.TemporaryDirectory(prefix="bench-brief-") as tmp:
        out = Path(tmp) / "briefing.html"
        cli = cli_runs(meta, args.repeat, out)
        profile = run_child(["--child-profile", *flags, "--profile", args.profile, "--top", str(args.top)])
        report(meta, reused, inproc, cli, profile, out)
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
