"""Contact import at scale, measured through the command a user types.

Writes N contacts (name, organization, e-mail, how known) to a CSV file, then times, each in this run:

* `iiwork --workspace W import contacts FILE` in a fresh process (start-up included) on a new workspace;
* the baseline: a plain `sqlite3` executemany of the same rows into a bare table, in this process.

Goal: 100,000 contacts in <= 15 s through the command.

    python benchmarks/bench_import.py            # 100,000 rows
    python benchmarks/bench_import.py --rows 8000,30000,100000
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IIWORK = Path(sys.executable).with_name("iiwork")
GOAL_SECONDS = 15.0


def write_rows(path: Path, count: int) -> list[tuple[str, str, str, str]]:
    rows = [(f"Person {i}", f"Org {i % 500}", f"p{i}@org{i % 500}.example", "alumni") for i in range(count)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "organization", "email", "how_known"])
        writer.writerows(rows)
    return rows


def through_the_command(workspace: Path, source: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(IIWORK), "--workspace", str(workspace), "import", "contacts", str(source)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"iiwork import failed: {done.stderr.strip()}")
    return elapsed


def plain_sqlite(path: Path, rows: list[tuple[str, str, str, str]]) -> float:
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, organization TEXT, email TEXT, how_known TEXT)")
        conn.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?)", rows)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="100000", help="comma-separated row counts")
    args = parser.parse_args()
    print(f"{'rows':>8} {'sqlite3 executemany':>20} {'iiwork import (CLI)':>20} {'rows/s':>9}  goal")
    for count in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "contacts.csv"
            rows = write_rows(source, count)
            baseline = plain_sqlite(Path(tmp) / "plain.sqlite", rows)
            command = through_the_command(Path(tmp) / "ws", source)
        goal = f"<= {GOAL_SECONDS:.0f} s" if count == 100_000 else ""
        print(f"{count:>8,} {baseline:>19.2f}s {command:>19.2f}s {count / command:>9,.0f}  {goal}")


if __name__ == "__main__":
    main()
