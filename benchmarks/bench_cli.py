"""Start-up time of the `iiwork` command, beside `sqlite-utils --help` measured in the same run.

    .venv/bin/pip install -e ".[bench]"          # sqlite-utils, the reference
    .venv/bin/python benchmarks/bench_cli.py     # 7 runs of each command, interleaved
    .venv/bin/python benchmarks/bench_cli.py --importtime    # also the costliest imports of two commands

Each figure is a fresh process, timed from the parent (interpreter start-up, imports, argument parsing, opening
the workspace, printing): `iiwork --help`, `iiwork --workspace W contact list` (a workspace with a few contacts)
and `iiwork --workspace W contact add --name X` (a new name each run). The runs go round-robin over the commands,
so a busy machine slows them all alike; best and median of the runs are reported, and the goals are judged on the
medians: `--help` at most 1.6x sqlite-utils' `--help`, `contact list` and `contact add` at most 2.5x it.
sqlite-utils imports pandas whenever it is installed, as it is here, so a second reference row runs it with
pandas hidden (as in an environment of its own): shown beside the goals, for a stricter reading.

Exit status 0 when every command succeeded (goals are reported, not enforced, unless --strict), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOALS = {"iiwork --help": 1.6, "iiwork contact list": 2.5, "iiwork contact add": 2.5}
# sqlite-utils imports pandas when it can (sqlite_utils.db), so in iiwork's environment its start-up includes
# pandas; this second row hides pandas from it, as in an environment of its own (shown, not the goals' reference).
HIDDEN = "sqlite-utils --help, pandas hidden"


def commands(iiwork: Path, workspace: Path) -> dict[str, object]:
    """name -> argv, or a function of the run number giving argv."""
    base = [str(iiwork), "--workspace", str(workspace)]
    return {
        "sqlite-utils --help": [str(BIN / "sqlite-utils"), "--help"],
        HIDDEN: [str(BIN / "sqlite-utils"), "--help"],
        "iiwork --help": [str(iiwork), "--help"],
        "iiwork contact list": [*base, "contact", "list"],
        "iiwork contact add": lambda n: [*base, "contact", "add", "--name", f"Bench Person {n}"],
    }


def timed(argv: list[str], env: dict[str, str], hidden: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=hidden or env, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:6])} ... exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds


def importtime(argv: list[str], env: dict[str, str], top: int) -> list[tuple[int, str]]:
    """The costliest imports of one command, (cumulative microseconds, module): each package as a whole, where it
    was first imported (third-party and standard library alike), and iiwork's own modules."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    packages, own = [], []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line.split("|")
        name = name.strip()
        if not cumulative.strip().isdigit() or name.startswith("_"):
            continue
        if name.startswith("iiwork"):
            own.append((int(cumulative), name))
        elif "." not in name and name not in ("site", "encodings"):
            packages.append((int(cumulative), name))
    return sorted(packages, reverse=True)[:top] + sorted(own, reverse=True)[: max(3, top // 3)]


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="iiwork-bench-cli-") as tmp:
        workspace = Path(tmp) / "workspace"
        table = commands(args.iiwork, workspace)
        blocker = Path(tmp) / "no-pandas"
        blocker.mkdir()
        (blocker / "pandas.py").write_text("raise ImportError('hidden by bench_cli')\n")
        hidden = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(blocker), env.get("PYTHONPATH")]))}
        who = lambda name: hidden if name == HIDDEN else None
        for n in range(3):  # a workspace with a few contacts; also the untimed warm-up of every command
            timed([str(args.iiwork), "--workspace", str(workspace), "contact", "add", "--name", f"Seed {n}"], env)
        for name, argv in table.items():
            timed(argv(0) if callable(argv) else argv, env, who(name))
        seconds: dict[str, list[float]] = {name: [] for name in table}
        for n in range(1, args.runs + 1):
            for name, argv in table.items():
                seconds[name].append(timed(argv(n) if callable(argv) else argv, env, who(name)))
        highlights = {}
        if args.importtime:
            for name in ("iiwork --help", "iiwork contact list"):
                argv = table[name]
                assert isinstance(argv, list)
                highlights[name] = importtime(argv, env, args.top)

    reference = statistics.median(seconds["sqlite-utils --help"])
    reference_best = min(seconds["sqlite-utils --help"])
    print(f"{args.runs} runs of each command, interleaved; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if env.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "note: PYTHONDONTWRITEBYTECODE is set, so modules without a cached .pyc (iiwork's own, in a checkout)\n"
            "      are compiled on every start; --bytecode-cache measures with caching, as a usual shell has it"
        )
    rows = [("command", "best", "median", "median / ref", "goal")]
    for name, values in seconds.items():
        median = statistics.median(values)
        ratio = median / reference
        goal = GOALS.get(name)
        verdict = f"<= {goal:g}x  {'MET' if ratio <= goal else 'MISSED'}" if goal else "reference"
        if name == HIDDEN:
            verdict = "shown only"
        elif goal:
            verdict += f"  ({median / statistics.median(seconds[HIDDEN]):.2f}x the pandas-less one)"
        rows.append((name, f"{min(values) * 1000:.0f} ms", f"{median * 1000:.0f} ms", f"{ratio:.2f}x", verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print(
            "  "
            + "  ".join(cell.ljust(w) if j in (0, 4) else cell.rjust(w) for j, (cell, w) in enumerate(zip(row, widths)))
        )
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))
    print(
        f"  (best-of ratios: {', '.join(f'{n} {min(v) / reference_best:.2f}x' for n, v in seconds.items() if n in GOALS)})"
    )
    for name, found in highlights.items():
        print(f"\npython -X importtime, {name}: costliest packages, then iiwork's modules (cumulative)")
        for micros, module in found:
            print(f"  {micros / 1000:8.1f} ms  {module}")
    met = all(statistics.median(seconds[name]) / reference <= goal for name, goal in GOALS.items())
    print(f"\nGoals: {'all MET' if met else 'MISSED'}")
    return 1 if args.strict and not met else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (7)")
    parser.add_argument("--importtime", action="store_true", help="also list the costliest imports (-X importtime)")
    parser.add_argument("--top", type=int, default=15, help="imports listed per command with --importtime (15)")
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="let the commands write .pyc files even when PYTHONDONTWRITEBYTECODE is set (as a usual shell does)",
    )
    parser.add_argument(
        "--iiwork", type=Path, default=BIN / "iiwork", help="the iiwork command to run (default: beside this Python)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    for tool in (args.iiwork, BIN / "sqlite-utils"):
        if not tool.exists():
            parser.error(f"{tool} not found: pip install -e '.[bench]' into this interpreter's environment")
    return args


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
