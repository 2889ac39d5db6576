"""Scaling of the analysis pipeline: story clustering + weekly publisher volume + emerging terms, 61k to 1M rows.

Input: 61,478 dated Google News top-US headlines (2025-07 .. 2026-08; title, publisher, first_seen_utc as the
publication time, no summary, no company). Larger workspaces are built from it:

* tiled (default): a workspace that grows to N rows covers more time, not denser news. The 13-month corpus is
  copied k = ceil(N / 61,478) times, copy i shifted by i x (corpus span + 1 week), and the first N rows in time
  order are kept (deterministic: no sampling). News density per week stays that of the real corpus.
* --dense: N rows drawn WITH replacement (seed 0) from the original rows, keeping their timestamps, so the same 13
  months hold N rows (denser news, and every drawn duplicate is an exact copy). Expected to be super-linear.

Each size runs in a fresh subprocess (this script re-invoked with --one N) so that the peak RSS
(getrusage(RUSAGE_SELF).ru_maxrss, read by the child at the end) belongs to that size alone. The 61,478 row run is
always the original corpus as is, and is the baseline of the "cost per row relative to 61k" column.

A naive baseline on 5,000 consecutive headlines (in time order, from the middle of the corpus): scikit-learn
TfidfVectorizer on titles (English stop words), the dense 5k x 5k cosine matrix thresholded at
StoryOptions().event_similarity for pairs within StoryOptions().window_hours, then scipy connected components.
It is timed against iiwork.analysis.stories.cluster on the same rows and compared with it (adjusted Rand index and
pairwise precision/recall of `cluster` against the naive clustering).

    python benchmarks/bench_analyse.py                    # 61478,125000,250000,500000,1000000 tiled + baseline
    python benchmarks/bench_analyse.py --dense            # 61478 (original) + 125000,250000 dense
    python benchmarks/bench_analyse.py --quick            # 10000,30000,61478
    python benchmarks/bench_analyse.py --sizes 1000000 --profile emerging   # cProfile one stage in the child
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CSV = Path("/work/shared/corpus/headlines/gnews_top_us_headlines_2025-07_2026-08.csv")
CORPUS_ROWS = 61_478
SIZES = "61478,125000,250000,500000,1000000"
DENSE_SIZES = "125000,250000"
QUICK_SIZES = "10000,30000,61478"
STAGES = ("cluster", "volume", "term_counts", "emerging")
SAMPLE = 5_000
TARGETS = {"61k_seconds": 15.0, "1m_seconds": 240.0, "1m_rss_gb": 3.0, "cost_ratio": 2.0}
TILED_METHOD = (
    "tiled in time: k = ceil(N/61478) copies of the 13-month corpus, copy i shifted by "
    "i x (span + 1 week); first N rows in time order (deterministic, no sampling)"
)
DENSE_METHOD = (
    "dense: N rows drawn with replacement (seed 0) from the original rows, original timestamps "
    "(same 13 months, denser news)"
)


# ---------------------------------------------------------------- data


def load(path: Path = CSV) -> pd.DataFrame:
    """The headline corpus as an article frame: published (UTC), title, publisher, summary=None, company=None."""
    df = pd.read_csv(path).rename(columns={"first_seen_utc": "published"})
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df["summary"] = None
    df["company"] = None
    df = df.sort_values("published", kind="stable", ignore_index=True)
    return df[["published", "title", "summary", "publisher", "company"]]


def tiled(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """N rows covering more time: copies of the corpus laid end to end (1 week apart), first N rows in time order."""
    if n == len(df):
        return df.copy()
    step = (df["published"].max() - df["published"].min()) + pd.Timedelta(weeks=1)
    copies = [df.assign(published=df["published"] + i * step) for i in range(math.ceil(n / len(df)))]
    out = pd.concat(copies, ignore_index=True).sort_values("published", kind="stable", ignore_index=True)
    return out.iloc[:n].reset_index(drop=True)


def dense(df: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """N rows drawn with replacement within the corpus' own 13 months (denser news)."""
    out = df.sample(n=n, replace=True, random_state=seed)
    return out.sort_values("published", kind="stable", ignore_index=True)


def resample(df: pd.DataFrame, n: int, dense_mode: bool) -> pd.DataFrame:
    if n == len(df):  # the original corpus, the baseline of both modes
        return df.copy()
    if n < len(df):  # --quick sizes: a contiguous slice keeps the real density
        return df.iloc[:n].reset_index(drop=True)
    return dense(df, n) if dense_mode else tiled(df, n)


# ---------------------------------------------------------------- one size (child process)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(n: int, *, dense_mode: bool, csv: Path, profile: str | None) -> dict:
    """Run the pipeline once on an N-row resample; wall time per stage, peak RSS, and a few sizes of the output."""
    from iiwork.analysis.stories import cluster
    from iiwork.analysis.trends import emerging_terms, term_counts, volume

    df = resample(load(csv), n, dense_mode)
    rss_data = rss_mb()
    state: dict = {}

    def stage_cluster():
        state["labels"] = cluster(df)
        df["story_id"] = state["labels"]

    def stage_volume():
        state["volume"] = volume(df, by="publisher", freq="W")

    def stage_terms():
        state["counts"] = term_counts(df, freq="W", min_count=5)

    def stage_emerging():
        state["emerging"] = emerging_terms(state["counts"])

    seconds, rss_after = {}, {}
    for name, fn in zip(STAGES, (stage_cluster, stage_volume, stage_terms, stage_emerging)):
        if profile == name:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.runcall(fn)
            seconds[name] = time.perf_counter() - start
            print(
                f"--- cProfile of stage {name!r} at {n:,} rows (wall {seconds[name]:.1f} s, profiled) ---",
                file=sys.stderr,
            )
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(15)
        else:
            start = time.perf_counter()
            fn()
            seconds[name] = time.perf_counter() - start
        rss_after[name] = rss_mb()
    labels, counts = state["labels"], state["counts"]
    result = {
        "rows": n,
        "dense": dense_mode,
        "seconds": seconds,
        "total": sum(seconds.values()),
        "rss_mb": rss_mb(),
        "rss_data_mb": rss_data,
        "rss_after": rss_after,
        "weeks": len(counts.periods),
        "terms": int(counts.counts.shape[1]),
        "stories": int(labels.max() + 1) if len(labels) else 0,
        "largest_story": int(np.bincount(labels).max()) if len(labels) else 0,
        "emerging_rows": len(state["emerging"]),
        "span_days": (df["published"].max() - df["published"].min()).total_seconds() / 86400,
    }
    if n == CORPUS_ROWS:
        result["samples"] = sample_clusters(df, labels)
    return result


def sample_clusters(df: pd.DataFrame, labels: np.ndarray, *, count: int = 3, min_outlets: int = 3) -> list[dict]:
    """The `count` largest stories reported by at least `min_outlets` distinct publishers."""
    frame = df.assign(label=labels)
    groups = frame.groupby("label").agg(articles=("title", "size"), outlets=("publisher", "nunique"))
    top = groups[groups["outlets"] >= min_outlets].sort_values(["articles", "outlets"], ascending=False).head(count)
    out = []
    for label, row in top.iterrows():
        rows = frame[frame["label"] == label].sort_values("published", kind="stable")
        out.append(
            {
                "articles": int(row["articles"]),
                "outlets": int(row["outlets"]),
                "headlines": [
                    (r.published.strftime("%Y-%m-%d %H:%M"), str(r.publisher), str(r.title)) for r in rows.itertuples()
                ],
            }
        )
    return out


# ---------------------------------------------------------------- naive all-pairs baseline


def naive_cluster(df: pd.DataFrame, *, threshold: float, window: float) -> np.ndarray:
    """TF-IDF on titles, dense all-pairs cosine, threshold within the time window, connected components."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english").fit_transform(df["title"].astype(str))
    similarity = (vectors @ vectors.T).toarray()
    hours = _hours(df["published"])
    near = np.abs(hours[:, None] - hours[None, :]) <= window
    graph = (similarity >= threshold) & near
    np.fill_diagonal(graph, False)
    return connected_components(sparse.csr_matrix(graph), directed=False)[1]


def _hours(published: pd.Series) -> np.ndarray:
    return (published - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy() / 3600.0


def pair_agreement(found: np.ndarray, reference: np.ndarray) -> dict:
    """Adjusted Rand index, and pairwise precision/recall of `found` against `reference`."""
    from sklearn.metrics import adjusted_rand_score
    from sklearn.metrics.cluster import contingency_matrix

    table = contingency_matrix(reference, found, sparse=True)
    pairs = lambda x: float((np.asarray(x, dtype=np.float64) * (np.asarray(x, dtype=np.float64) - 1) / 2).sum())
    together = pairs(table.data)
    found_pairs = pairs(np.bincount(found))
    reference_pairs = pairs(np.bincount(reference))
    return {
        "ari": float(adjusted_rand_score(reference, found)),
        "precision": together / found_pairs if found_pairs else float("nan"),
        "recall": together / reference_pairs if reference_pairs else float("nan"),
        "found_pairs": found_pairs,
        "reference_pairs": reference_pairs,
        "shared_pairs": together,
    }


def baseline(csv: Path, repeats: int = 3) -> dict:
    from iiwork.analysis.stories import StoryOptions, cluster

    options = StoryOptions()
    df = load(csv)
    start = (len(df) - SAMPLE) // 2
    sample = df.iloc[start : start + SAMPLE].reset_index(drop=True)

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
    iiwork_s, ours = best(lambda: cluster(sample, options))
    return {
        "rows": SAMPLE,
        "from": sample["published"].min().strftime("%Y-%m-%d"),
        "to": sample["published"].max().strftime("%Y-%m-%d"),
        "naive_s": naive_s,
        "cluster_s": iiwork_s,
        "naive_stories": int(naive.max() + 1),
        "cluster_stories": int(ours.max() + 1),
        "threshold": options.event_similarity,
        "window": options.window_hours,
        **pair_agreement(ours, naive),
    }


# ---------------------------------------------------------------- driver


def run_child(n: int, args) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(n), "--csv", str(args.csv)]
    command += ["--dense"] if args.dense else []
    command += ["--profile", args.profile] if args.profile else []
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"rows": n, "error": f"timed out after {args.timeout:.0f} s"}
    if args.profile and done.stderr:
        print(done.stderr, file=sys.stderr)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"rows": n, "error": f"exit {done.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1][len("RESULT ") :])


def table(results: list[dict]) -> list[str]:
    base = next((r for r in results if r.get("rows") == CORPUS_ROWS and "error" not in r), None)
    base_cost = base["total"] / base["rows"] if base else None
    head = (
        f"{'rows':>9} {'weeks':>5} {'cluster s':>9} {'volume s':>8} {'terms s':>7} {'emerg s':>7} "
        f"{'total s':>8} {'rows/s':>8} {'cost/row vs 61k':>15} {'peak RSS MB':>11} {'terms':>8} {'stories':>8} "
        f"{'largest':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        if "error" in r:
            lines.append(f"{r['rows']:>9,} FAILED: {r['error']}")
            continue
        s = r["seconds"]
        ratio = f"{(r['total'] / r['rows']) / base_cost:.2f}x" if base_cost else "n/a"
        label = f"{r['rows']:>9,}"
        lines.append(
            f"{label} {r['weeks']:>5} {s['cluster']:>9.1f} {s['volume']:>8.2f} {s['term_counts']:>7.1f} "
            f"{s['emerging']:>7.1f} {r['total']:>8.1f} {r['rows'] / r['total']:>8,.0f} {ratio:>15} "
            f"{r['rss_mb']:>11,.0f} {r['terms']:>8,} {r['stories']:>8,} {r['largest_story']:>7,}"
        )
    return lines


def memory_table(results: list[dict]) -> list[str]:
    """Peak RSS so far (MB) after building the frame and after each stage: where the peak is reached."""
    head = f"{'rows':>9} {'data':>7} " + " ".join(f"{name:>11}" for name in STAGES)
    lines = [head, "-" * len(head)]
    for r in results:
        if "error" not in r:
            lines.append(
                f"{r['rows']:>9,} {r['rss_data_mb']:>7,.0f} "
                + " ".join(f"{r['rss_after'][name]:>11,.0f}" for name in STAGES)
            )
    return lines


def verdicts(results: list[dict]) -> list[str]:
    by_rows = {r["rows"]: r for r in results}
    small, big = by_rows.get(CORPUS_ROWS), by_rows.get(1_000_000)
    mark = lambda ok: "PASS" if ok else "MISS"
    out = []
    if small:
        ok = "error" not in small and small["total"] <= TARGETS["61k_seconds"]
        got = f"{small['total']:.1f} s" if "error" not in small else small["error"]
        out.append(f"{mark(ok)}  61,478 rows in <= {TARGETS['61k_seconds']:.0f} s: {got}")
    if big:
        failed = "error" in big
        t = None if failed else big["total"]
        out.append(
            f"{mark(not failed and t <= TARGETS['1m_seconds'])}  1,000,000 rows in <= "
            f"{TARGETS['1m_seconds']:.0f} s: {big['error'] if failed else f'{t:.1f} s'}"
        )
        gb = None if failed else big["rss_mb"] / 1024
        out.append(
            f"{mark(not failed and gb <= TARGETS['1m_rss_gb'])}  1,000,000 rows peak RSS <= "
            f"{TARGETS['1m_rss_gb']:.0f} GB: {big['error'] if failed else f'{gb:.2f} GB'}"
        )
        if small and not failed and "error" not in small:
            ratio = (big["total"] / big["rows"]) / (small["total"] / small["rows"])
            out.append(
                f"{mark(ratio <= TARGETS['cost_ratio'])}  cost per row at 1M within "
                f"{TARGETS['cost_ratio']:.0f}x of 61k: {ratio:.2f}x"
            )
    return out


def print_samples(samples: list[dict], limit: int) -> None:
    print("\nSample multi-outlet stories (61,478-row run; the 3 largest with >= 3 distinct publishers):")
    for k, story in enumerate(samples, 1):
        rows = story["headlines"]
        span = f"{rows[0][0][:10]} .. {rows[-1][0][:10]}"
        print(f"\n  Story {k}: {story['articles']} headlines, {story['outlets']} publishers, {span}")
        for when, publisher, title in rows[:limit]:
            print(f"    {when}  {publisher[:28]:<28}  {title}")
        if len(rows) > limit:
            print(f"    ... and {len(rows) - limit} more")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=None,
        help=f"comma-separated row counts (default {SIZES}; "
        f"--dense: {DENSE_SIZES}; the 61,478 baseline is always added)",
    )
    parser.add_argument("--quick", action="store_true", help=f"small sizes only ({QUICK_SIZES})")
    parser.add_argument("--dense", action="store_true", help="resample with replacement within the 13 months")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per size")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive all-pairs comparison")
    parser.add_argument("--profile", choices=STAGES, help="cProfile this stage in every child (to stderr)")
    parser.add_argument("--show", type=int, default=12, help="headlines shown per sample story (0: no samples)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one is not None:
        result = run_one(args.one, dense_mode=args.dense, csv=args.csv, profile=args.profile)
        print("RESULT " + json.dumps(result))
        return 0

    sizes_text = args.sizes or (QUICK_SIZES if args.quick else DENSE_SIZES if args.dense else SIZES)
    sizes = sorted({int(s.replace("_", "")) for s in sizes_text.split(",") if s.strip()})
    if CORPUS_ROWS not in sizes and not args.profile:
        sizes = sorted({CORPUS_ROWS, *sizes})
    print(f"Corpus: {args.csv.name} ({CORPUS_ROWS:,} headlines, 2025-07 .. 2026-08, titles only)")
    print(f"Resampling: {DENSE_METHOD if args.dense else TILED_METHOD}.")
    print("The 61,478-row run is the original corpus; sizes below 61,478 are its first N rows in time order.")
    print(
        "Pipeline: stories.cluster -> trends.volume(by='publisher', freq='W') -> trends.term_counts(freq='W', "
        "min_count=5) -> trends.emerging_terms; one fresh subprocess per size, peak RSS = child ru_maxrss.\n"
    )

    results = []
    for n in sizes:
        started = time.perf_counter()
        result = run_child(n, args)
        results.append(result)
        status = result.get("error") or f"{result['total']:.1f} s pipeline, {result['rss_mb']:,.0f} MB peak"
        print(f"  {n:>9,} rows: {status}  (child wall {time.perf_counter() - started:.0f} s)", flush=True)
    print()
    for line in table(results):
        print(line)
    print(
        "\n(weeks = weekly periods covered; terms = term_counts vocabulary at min_count=5; stories = clusters; "
        "largest = articles in the largest cluster)"
    )

    print("\nPeak RSS so far (MB), read after building the frame and after each stage:")
    for line in memory_table(results):
        print(line)

    if not args.dense and not args.quick:
        print("\nTargets:")
        for line in verdicts(results):
            print("  " + line)

    if not args.no_baseline:
        b = baseline(args.csv)
        print(
            f"\nNaive all-pairs baseline on {b['rows']:,} consecutive headlines ({b['from']} .. {b['to']}): "
            f"TfidfVectorizer(stop_words='english') on titles, dense {b['rows']:,}x{b['rows']:,} cosine >= "
            f"{b['threshold']} within {b['window']:.0f} h, connected components (best of 3 runs each)."
        )
        print(f"  naive all-pairs     {b['naive_s']:7.2f} s   {b['naive_stories']:,} stories")
        print(f"  iiwork cluster      {b['cluster_s']:7.2f} s   {b['cluster_stories']:,} stories")
        print(f"  time ratio cluster / naive: {b['cluster_s'] / b['naive_s']:.2f}")
        print(
            f"  agreement: adjusted Rand index {b['ari']:.3f}; pairwise precision of cluster vs naive "
            f"{b['precision']:.3f}, recall {b['recall']:.3f} ({b['shared_pairs']:,.0f} shared pairs; cluster "
            f"{b['found_pairs']:,.0f}, naive {b['reference_pairs']:,.0f})"
        )

    samples = next((r.get("samples") for r in results if r.get("rows") == CORPUS_ROWS and "samples" in r), None)
    if samples and args.show > 0:
        print_samples(samples, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
