"""`iiwork demo`, measured as the user runs it: a fresh process on a new workspace, start-up included.

Baseline in the same run: the start-up floor `python -c "import pandas, sklearn"`. Goal: the demo in <= 30 s.
Median of 3 runs, each on a new temporary workspace.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IIWORK = Path(sys.executable).with_name("iiwork")
GOAL = 30.0


def timed(command: list[str]) -> float:
    """Wall seconds of one command in a fresh process (its output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def demo_seconds() -> float:
    with tempfile.TemporaryDirectory() as folder:
        return timed([str(IIWORK), "--workspace", str(Path(folder) / "demo"), "demo"])


def main() -> None:
    floor = min(timed([sys.executable, "-c", "import pandas, sklearn"]) for _ in range(3))
    runs = [demo_seconds() for _ in range(3)]
    median = statistics.median(runs)
    print(f"baseline: python -c 'import pandas, sklearn'   {floor:6.2f} s (best of 3)")
    runs_text = ", ".join(f"{r:.1f}" for r in runs)
    verdict = "PASS" if median <= GOAL else "MISS"
    print(
        f"iiwork demo, new workspace                  {median:6.2f} s (runs {runs_text})  goal <= {GOAL:.0f} s {verdict}"
    )


if __name__ == "__main__":
    main()
