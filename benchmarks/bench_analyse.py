"""Stories and trends on a big workspace, measured through the command a user types.

Input: the 61,478 dated Google News top-US headlines of 2025-07 .. 2026-08 (title, publisher, first_seen_utc as the
publication time; no summary, no company) in /work/shared/corpus/headlines/. The benchmark skips with a message
when that corpus is absent.

Headline figure (61,478 rows, through the CLI):

1. The headlines are written as RSS 2.0 feed files (2,000 items each: `<title>Headline - Publisher</title>`,
   `<source>`, an RFC 822 `pubDate`, a unique link) and stored with
   `iiwork --workspace W gather --company Headlines --feed FILE...` in a subprocess (reported separately; goal
   <= 60 s). `gather` now tags events and groups stories itself (Workbook.gather calls derive.bring_up_to_date).
2. `iiwork --workspace W stories --since 10000d`, then `iiwork --workspace W trends --since 10000d`, each a fresh
   process timed from the parent with its output captured (start-up and printing included), on fresh copies of
   the gathered workspace in two states:
   * as gathered (already derived: what a user of this iiwork sees after `gather`);
   * un-derived: event tags and stories reset, as in a workspace stored by an iiwork whose gather did not derive
     (the issue's 140 s case): `stories` tags and groups all 61,478 articles first.
   Goal: stories + trends <= 15 s; judged on the un-derived case, the stricter one. Peak RSS per process (wait4).
3. Baselines measured in the same run: the start-up floor `python -c "import pandas, sklearn"` (best of 3), and
   the naive all-pairs clustering of 5,000 consecutive headlines (scikit-learn TfidfVectorizer on titles, dense
   cosine >= StoryOptions().event_similarity within StoryOptions().window_hours, connected components) beside
   iiwork.analysis.stories.cluster on the same rows, with their agreement (adjusted Rand index, pairwise
   precision/recall of `cluster` against the naive clustering).

Scaling (through Workbook, the same path as the user's: gather/store -> derive -> stories/trends):
for each size N, a fresh workspace is filled with `iiwork gather --feed` from N rows written as feed files (one
subprocess; its time, which includes gather's own derive, is reported as "gather s"); its event tags and stories
are then reset, and a fresh child process opens `Workbook(W)` and times `wb.stories(since="10000d")` (which tags
events and groups stories first) and `wb.trends(since="10000d")`; peak RSS = that child's ru_maxrss. Rows beyond
61,478:

* tiled (default): k = ceil(N / 61,478) copies of the 13-month corpus laid end to end back in time, copy i shifted
  by -i x (corpus span + 1 week); the latest N rows are kept (deterministic, no sampling). News density per week
  stays that of the real corpus.
* --dense: N rows drawn with replacement (seed 0) from the original rows, keeping their timestamps (same 13
  months, denser news; every drawn duplicate is an exact copy).

Goal at 1,000,000 rows: stories + trends <= 240 s and peak RSS <= 3 GB.

    python benchmarks/bench_analyse.py                  # CLI at 61,478 + baselines + Workbook at 1,000,000
    python benchmarks/bench_analyse.py --quick          # CLI at 61,478 + baselines only
    python benchmarks/bench_analyse.py --sizes 250000,1000000
    python benchmarks/bench_analyse.py --dense --sizes 250000
    python benchmarks/bench_analyse.py --sizes 1000000 --profile stories   # cProfile one Workbook call
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSV = Path("/work/shared/corpus/headlines/gnews_top_us_headlines_2025-07_2026-08.csv")
CORPUS_ROWS = 61_478
SIZES = "1000000"
PER_FEED = 2_000
SINCE = "10000d"
COMPANY = "Headlines"
SAMPLE = 5_000
TARGETS = {"cli_seconds": 15.0, "gather_seconds": 60.0, "1m_seconds": 240.0, "1m_rss_gb": 3.0}
BIN = Path(sys.executable).parent
IIWORK = [str(BIN / "iiwork")] if (BIN / "iiwork").exists() else [sys.executable, "-m", "iiwork.cli"]


# ---------------------------------------------------------------- data


def load(path: Path = CSV):
    """The headline corpus as a frame of published (UTC), title, publisher, in time order."""
    import pandas as pd

    df = pd.read_csv(path).rename(columns={"first_seen_utc": "published"})
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df = df.sort_values("published", kind="stable", ignore_index=True)
    return df[["published", "title", "publisher"]]


def resample(df, n: int, dense_mode: bool):
    """N rows: the corpus itself, its first N rows, tiled copies back in time, or (--dense) drawn with replacement."""
    import pandas as pd

    if n == len(df):
        return df.copy()
    if n < len(df):
        return df.iloc[:n].reset_index(drop=True)
    if dense_mode:
        out = df.sample(n=n, replace=True, random_state=0)
        return out.sort_values("published", kind="stable", ignore_index=True)
    step = (df["published"].max() - df["published"].min()) + pd.Timedelta(weeks=1)
    copies = [df.assign(published=df["published"] - i * step) for i in range(math.ceil(n / len(df)))]
    out = pd.concat(copies, ignore_index=True).sort_values("published", kind="stable", ignore_index=True)
    return out.iloc[len(out) - n :].reset_index(drop=True)


def _xml(values) -> list[str]:
    text = values.fillna("").astype(str)
    return text.str.replace("&", "&amp;").str.replace("<", "&lt;").str.replace(">", "&gt;").tolist()


def write_feeds(df, folder: Path, *, per_feed: int = PER_FEED) -> list[Path]:
    """The rows as RSS 2.0 files of `per_feed` items, as Google News would give them (publisher suffix, <source>)."""
    folder.mkdir(parents=True, exist_ok=True)
    titles, publishers = _xml(df["title"]), _xml(df["publisher"])
    dates = df["published"].dt.strftime("%a, %d %b %Y %H:%M:%S +0000").tolist()
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Headlines</title>'
        "<link>https://headlines.example/</link><description>Top headlines</description>\n"
    )
    paths = []
    for k, start in enumerate(range(0, len(df), per_feed)):
        items = []
        for i in range(start, min(start + per_feed, len(df))):
            title, publisher = titles[i], publishers[i]
            link = f"https://headlines.example/{i}"
            source = f'<source url="https://headlines.example/">{publisher}</source>' if publisher else ""
            items.append(
                f"<item><title>{title}{' - ' + publisher if publisher else ''}</title><link>{link}</link>"
                f"<guid>{link}</guid><pubDate>{dates[i]}</pubDate>{source}</item>"
            )
        path = folder / f"headlines-{k:04d}.rss.xml"
        path.write_text(head + "\n".join(items) + "\n</channel></rss>\n", encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- processes


def timed(command: list[str], *, timeout: float = 1800.0) -> dict:
    """Run a command as a fresh process: wall seconds from the parent, exit status, CPU seconds (wait4), output,
    and peak RSS from the child's /proc VmHWM, polled every 10 ms (wait4's ru_maxrss would report this parent's
    peak instead: Linux carries the high-water mark of the pre-exec memory over execve)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        deadline, peak = start + timeout, 0.0
        while True:
            peak = max(peak, vm_hwm_mb(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {
        "seconds": seconds,
        "returncode": process.returncode,
        "rss_mb": peak,
        "stdout": stdout,
        "stderr": stderr,
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def gather_command(workspace: Path, feeds: list[Path]) -> list[str]:
    return [*IIWORK, "--workspace", str(workspace), "gather", "--company", COMPANY, "--feed", *map(str, feeds)]


def gather(workspace: Path, feeds: list[Path]) -> dict:
    run = timed(gather_command(workspace, feeds))
    if run["returncode"]:
        raise SystemExit(f"iiwork gather failed ({run['returncode']}): {run['stderr'].strip()[-500:]}")
    return run


def reset_derived(workspace: Path) -> None:
    """Forget event tags and stories, as in a workspace stored by an iiwork whose gather did not derive them: the
    next `stories` or `trends` then tags and groups every article (the case the 15 s goal is about)."""
    import sqlite3

    with sqlite3.connect(workspace / "workbook.sqlite") as conn:
        conn.execute("UPDATE articles SET story_id = NULL, event_type = NULL, event_match = NULL")
        conn.execute("DELETE FROM stories")
    conn.close()


def start_up_floor(repeats: int = 3) -> float:
    return min(timed([sys.executable, "-c", "import pandas, sklearn"])["seconds"] for _ in range(repeats))


# ---------------------------------------------------------------- the headline figure: the CLI at 61,478 rows


def cli_figure(csv: Path, work: Path, repeats: int) -> dict:
    """gather once; then per fresh copy: stories + trends as gathered (gather derives), and from un-derived rows."""
    df = load(csv)
    feeds = write_feeds(df, work / "feeds-61k")
    pristine = work / "ws-61k"
    run = gather(pristine, feeds)
    result = {"rows": len(df), "feeds": len(feeds), "gather": run["seconds"], "gather_rss": run["rss_mb"]}
    result["gather_cpu"] = run["cpu_s"]
    for case in ("gathered", "underived"):
        result[case] = []
        for r in range(repeats):
            workspace = work / f"ws-61k-{case}-{r}"
            shutil.copytree(pristine, workspace)
            if case == "underived":
                reset_derived(workspace)
            one = {}
            for command in ("stories", "trends"):
                done = timed([*IIWORK, "--workspace", str(workspace), command, "--since", SINCE])
                if done["returncode"]:
                    raise SystemExit(f"iiwork {command} failed: {done['stderr'].strip()[-500:]}")
                one[command] = {k: done[k] for k in ("seconds", "rss_mb", "cpu_s")}
                one[command]["lines"] = done["stdout"].count("\n")
            result[case].append(one)
            shutil.rmtree(workspace)
    with _workbook(pristine) as wb:
        result["articles"] = int(wb.workspace.rows("SELECT count(*) FROM articles")[0][0])
        result["stories"] = int(wb.workspace.rows("SELECT count(*) FROM stories")[0][0])
    return result


def _workbook(path: Path):
    sys.path.insert(0, str(ROOT))
    from iiwork import Workbook

    return Workbook(path)


# ---------------------------------------------------------------- scaling through Workbook (children)


def build(n: int, csv: Path, folder: Path, dense_mode: bool) -> dict:
    """Child: write N rows as feeds and gather them into folder/ws with the CLI; feeds are removed afterwards."""
    df = resample(load(csv), n, dense_mode)
    start = time.perf_counter()
    feeds = write_feeds(df, folder / "feeds")
    written = time.perf_counter() - start
    run = gather(folder / "ws", feeds)
    shutil.rmtree(folder / "feeds")
    reset_derived(folder / "ws")  # the measured process tags and groups everything itself
    span = (df["published"].max() - df["published"].min()).total_seconds() / 86400
    return {"write_s": written, "gather_s": run["seconds"], "gather_rss_mb": run["rss_mb"], "span_days": span}


def measure(workspace: Path, profile: str | None) -> dict:
    """Child: Workbook(W).stories(since) then .trends(since), wall seconds each and this process' peak RSS."""
    import numpy as np

    seconds, out = {}, {}
    with _workbook(workspace) as wb:
        rss_open = rss_mb()
        for name, call in (("stories", wb.stories), ("trends", wb.trends)):
            start = time.perf_counter()
            if profile == name:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                out[name] = profiler.runcall(call, since=SINCE)
                seconds[name] = time.perf_counter() - start
                print(f"--- cProfile of wb.{name}() (wall {seconds[name]:.1f} s, profiled) ---", file=sys.stderr)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(15)
            else:
                out[name] = call(since=SINCE)
                seconds[name] = time.perf_counter() - start
        articles = int(wb.workspace.rows("SELECT count(*) FROM articles")[0][0])
    stories, found = out["stories"], out["trends"]
    return {
        "articles": articles,
        "seconds": seconds,
        "total": sum(seconds.values()),
        "rss_mb": rss_mb(),
        "rss_open_mb": rss_open,
        "stories": len(stories),
        "largest_story": int(np.max(stories["articles"])) if len(stories) else 0,
        "weeks": int(found.volume["period"].nunique()) if not found.volume.empty else 0,
        "emerging": len(found.emerging),
    }


def rss_mb() -> float:
    """This process' peak RSS: VmHWM (of this program, not of the process that started it), else ru_maxrss."""
    return vm_hwm_mb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def vm_hwm_mb(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def child(args: list[str], timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.stderr and "--profile" in args:
        print(done.stderr, file=sys.stderr)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {done.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1][len("RESULT ") :])


def scale(n: int, args, work: Path) -> dict:
    folder = work / f"size-{n}"
    built = child(["--build", str(n), str(folder), "--csv", str(args.csv), *(["--dense"] if args.dense else [])], 3600)
    if "error" in built:
        return {"rows": n, "error": "build: " + built["error"]}
    measured = child(
        ["--measure", str(folder / "ws"), *(["--profile", args.profile] if args.profile else [])], args.timeout
    )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    if "error" in measured:
        return {"rows": n, **built, "error": measured["error"]}
    return {"rows": n, **built, **measured}


# ---------------------------------------------------------------- naive all-pairs baseline


def naive_cluster(df, *, threshold: float, window: float):
    """TF-IDF on titles, dense all-pairs cosine, threshold within the time window, connected components."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english").fit_transform(df["title"].astype(str))
    similarity = (vectors @ vectors.T).toarray()
    hours = (df["published"] - df["published"].min()).dt.total_seconds().to_numpy() / 3600.0
    graph = (similarity >= threshold) & (np.abs(hours[:, None] - hours[None, :]) <= window)
    np.fill_diagonal(graph, False)
    return connected_components(sparse.csr_matrix(graph), directed=False)[1]


def pair_agreement(found, reference) -> dict:
    """Adjusted Rand index, and pairwise precision/recall of `found` against `reference`."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score
    from sklearn.metrics.cluster import contingency_matrix

    def pairs(x) -> float:
        x = np.asarray(x, dtype=np.float64)
        return float((x * (x - 1) / 2).sum())

    together = pairs(contingency_matrix(reference, found, sparse=True).data)
    found_pairs, reference_pairs = pairs(np.bincount(found)), pairs(np.bincount(reference))
    return {
        "ari": float(adjusted_rand_score(reference, found)),
        "precision": together / found_pairs if found_pairs else float("nan"),
        "recall": together / reference_pairs if reference_pairs else float("nan"),
    }


def baseline(csv: Path, repeats: int = 3) -> dict:
    sys.path.insert(0, str(ROOT))
    from iiwork.analysis.stories import StoryOptions, cluster

    options = StoryOptions()
    df = load(csv)
    start = (len(df) - SAMPLE) // 2
    sample = df.iloc[start : start + SAMPLE].reset_index(drop=True).assign(summary=None)

    def best(fn):
        times, result = [], None
        for _ in range(repeats):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        return min(times), result

    naive_s, naive = best(
        lambda: naive_cluster(sample, threshold=options.event_similarity, window=options.window_hours)
    )
    ours_s, ours = best(lambda: cluster(sample, options))
    return {
        "rows": SAMPLE,
        "naive_s": naive_s,
        "cluster_s": ours_s,
        "naive_stories": int(naive.max() + 1),
        "cluster_stories": int(ours.max() + 1),
        **pair_agreement(ours, naive),
    }


# ---------------------------------------------------------------- report


def mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_cli(result: dict, floor: float, naive: dict | None) -> None:
    def median(case: str, command: str | None = None) -> float:
        runs = result[case]
        return statistics.median(
            sum(r[c]["seconds"] for c in ([command] if command else ["stories", "trends"])) for r in runs
        )

    def rss(case: str, command: str) -> float:
        return max(r[command]["rss_mb"] for r in result[case])

    def cpu(case: str, command: str | None = None) -> float:
        return statistics.median(
            sum(r[c]["cpu_s"] for c in ([command] if command else ["stories", "trends"])) for r in result[case]
        )

    repeats = len(result["underived"])
    print(
        f"\n{result['rows']:,} headlines -> {result['articles']:,} articles, {result['stories']:,} stories; through the "
        f"command line, each command a fresh process timed from outside (median of {repeats} fresh copies)"
    )
    goal = TARGETS["cli_seconds"]
    rows = [
        (f"iiwork gather --feed ({result['feeds']} files; derives too)", result["gather"], result["gather_cpu"],
         result["gather_rss"], f"<= {TARGETS['gather_seconds']:.0f} s {mark(result['gather'] <= TARGETS['gather_seconds'])}"),
        ("as gathered: iiwork stories", median("gathered", "stories"), cpu("gathered", "stories"),
         rss("gathered", "stories"), ""),
        ("as gathered: iiwork trends", median("gathered", "trends"), cpu("gathered", "trends"),
         rss("gathered", "trends"), ""),
        ("as gathered: stories + trends", median("gathered"), cpu("gathered"), None,
         f"<= {goal:.0f} s {mark(median('gathered') <= goal)}"),
        ("un-derived: iiwork stories (tags + groups all)", median("underived", "stories"),
         cpu("underived", "stories"), rss("underived", "stories"), ""),
        ("un-derived: iiwork trends", median("underived", "trends"), cpu("underived", "trends"),
         rss("underived", "trends"), ""),
        ("un-derived: stories + trends", median("underived"), cpu("underived"), None,
         f"<= {goal:.0f} s {mark(median('underived') <= goal)} (was 140 s)"),
        ('baseline: python -c "import pandas, sklearn"', floor, None, None, "start-up floor, best of 3"),
    ]  # fmt: skip
    if naive:
        rows.append((f"baseline: naive all-pairs TF-IDF, {naive['rows']:,} rows", naive["naive_s"], None, None,
                     "best of 3"))  # fmt: skip
        rows.append((f"  iiwork cluster, same {naive['rows']:,} rows", naive["cluster_s"], None, None, "best of 3"))
    print(f"  {'step':<50} {'wall s':>7} {'CPU s':>6} {'peak RSS MB':>11}  goal (on wall seconds)")
    for name, seconds, cpu_s, peak, target in rows:
        used = "" if cpu_s is None else f"{cpu_s:.2f}"
        print(f"  {name:<50} {seconds:>7.2f} {used:>6} {'' if peak is None else f'{peak:,.0f}':>11}  {target}")
    if repeats > 1:
        each = [r["stories"]["seconds"] + r["trends"]["seconds"] for r in result["underived"]]
        print("  un-derived runs (stories + trends s): " + ", ".join(f"{t:.2f}" for t in each))
    if naive:
        print(
            f"  cluster vs naive on the {naive['rows']:,} rows: {naive['cluster_stories']:,} vs "
            f"{naive['naive_stories']:,} stories, adjusted Rand {naive['ari']:.3f}, pairwise precision "
            f"{naive['precision']:.3f}, recall {naive['recall']:.3f}"
        )


def print_scaling(results: list[dict], dense_mode: bool) -> None:
    print(
        "\nThrough Workbook (iiwork gather --feed into a fresh workspace, its event tags and stories then reset; in a "
        "fresh process "
        f"wb.stories(since={SINCE!r}) and wb.trends(since={SINCE!r}); "
        f"{'dense resampling' if dense_mode else 'tiled back in time'})"
    )
    head = (
        f"  {'rows':>9} {'gather s':>8} {'stories s':>9} {'trends s':>8} {'total s':>8} {'peak RSS MB':>11} "
        f"{'weeks':>5} {'stories':>8} {'largest':>7}"
    )
    print(head)
    print("  " + "-" * (len(head) - 2))
    print("  (gather s includes the derive that gather now does; stories s includes tagging and grouping every row)")
    for r in results:
        if "error" in r:
            print(f"  {r['rows']:>9,} FAILED: {r['error']}")
            continue
        s = r["seconds"]
        print(
            f"  {r['articles']:>9,} {r['gather_s']:>8.1f} {s['stories']:>9.1f} {s['trends']:>8.1f} {r['total']:>8.1f} "
            f"{r['rss_mb']:>11,.0f} {r['weeks']:>5} {r['stories']:>8,} {r['largest_story']:>7,}"
        )
    big = next((r for r in results if r["rows"] == 1_000_000), None)
    if big and not dense_mode:
        if "error" in big:
            print(f"  MISS  1,000,000 rows: {big['error']}")
        else:
            gb = big["rss_mb"] / 1024
            print(f"  {mark(big['total'] <= TARGETS['1m_seconds'])}  1,000,000 rows: stories + trends {big['total']:.1f} s "
                  f"(goal <= {TARGETS['1m_seconds']:.0f} s)")  # fmt: skip
            print(f"  {mark(gb <= TARGETS['1m_rss_gb'])}  1,000,000 rows: peak RSS {gb:.2f} GB "
                  f"(goal <= {TARGETS['1m_rss_gb']:.0f} GB)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help=f"Workbook scaling sizes, comma-separated (default {SIZES})")
    parser.add_argument("--quick", action="store_true", help="the CLI figure at 61,478 rows and the baselines only")
    parser.add_argument("--dense", action="store_true", help="resample with replacement within the 13 months")
    parser.add_argument("--repeat", type=int, default=1, help="fresh workspaces for the CLI figure (median)")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per Workbook measurement")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive all-pairs comparison")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI figure at 61,478 rows")
    parser.add_argument("--profile", choices=("stories", "trends"), help="cProfile this Workbook call (to stderr)")
    parser.add_argument("--keep", action="store_true", help="keep the scaling workspaces (printed)")
    parser.add_argument("--build", nargs=2, metavar=("N", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.build:
        print("RESULT " + json.dumps(build(int(args.build[0]), args.csv, Path(args.build[1]), args.dense)))
        return 0
    if args.measure:
        print("RESULT " + json.dumps(measure(Path(args.measure), args.profile)))
        return 0
    if not args.csv.exists():
        print(f"bench_analyse: skipped, the headline corpus is not here ({args.csv})")
        return 0

    print(f"Corpus: {args.csv.name}; command: {' '.join(IIWORK)}; {os.cpu_count()} CPUs")
    work = Path(tempfile.mkdtemp(prefix="bench-analyse-"))
    try:
        if not args.no_cli:
            floor = start_up_floor()
            naive = None if args.no_baseline else baseline(args.csv)
            print_cli(cli_figure(args.csv, work, max(1, args.repeat)), floor, naive)
        if not args.quick:
            sizes = sorted({int(s.replace("_", "")) for s in (args.sizes or SIZES).split(",") if s.strip()})
            results = []
            for n in sizes:
                started = time.perf_counter()
                results.append(scale(n, args, work))
                print(f"  ({n:,} rows done in {time.perf_counter() - started:.0f} s)", flush=True)
            print_scaling(results, args.dense)
    finally:
        if args.keep:
            print(f"(kept {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
