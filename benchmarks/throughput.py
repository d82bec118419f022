"""Throughput of `run_extract` against a floor, at 1x / 10x / 100x the bundled corpus.

    .venv/bin/python benchmarks/throughput.py                      # sizes 1,10,100; jobs 1,2
    .venv/bin/python benchmarks/throughput.py --sizes 1,10 --jobs 1,2
    .venv/bin/python benchmarks/throughput.py --sizes 10 --jobs 1 --profile   # + cProfile hot spots

Corpus: the bundled Daily Papers records (claims.readers.bundled_corpus(), 232 records of
which ~215 distinct titles), repeated N times into one JSON Lines file; each record gets a
distinct "id" and its title a letters-only suffix per copy (" [rep bcd]") so copies are not
merged by deduplication and the suffix adds no number to extract. Repeats inside the bundled
corpus stay repeats, so N x ~215 papers are extracted.

Every measurement runs in a fresh subprocess (`python -c ...`), so imports are paid outside
the timed region and memory is that run's alone:
- extraction: wall time of claims.runner.run_extract(jsonl, outdir, jobs=J) (reading,
  dedup, extraction, parquet writing; for J > 1 it includes starting the spawn pool);
- floor: wall time of reading the same file with claims.readers.read_many and running one
  compiled `regex` pattern r"\\d+(?:\\.\\d+)?" (finditer) over every abstract;
- peak RSS: with psutil (sampled every 20 ms), the peak RSS of the largest single process
  of the run (its main process or one of its pool workers) and the peak of the summed RSS
  of the whole process tree; without psutil only the first, from getrusage(RUSAGE_CHILDREN).

Prints a markdown table: abstracts/s (papers extracted per second), MB/s (input JSONL bytes
per second), claims/s, CPU seconds (user + sys of the run's processes, pool workers
included; robust when the machine is shared), abstracts per CPU-second, peak RSS, and
extraction wall time / floor wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CPU = r"""
import resource
def cpu():
    return sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))
"""

EXTRACT = CPU + r"""
import json, sys, time
from claims.runner import run_extract
src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
c, t = cpu(), time.perf_counter()
s = run_extract([src], out, jobs=jobs, progress=False)
dt, dc = time.perf_counter() - t, cpu() - c
print(json.dumps({"seconds": dt, "cpu": dc, "records": s.records, "papers": s.papers, "claims": s.claims}))
"""

FLOOR = CPU + r"""
import json, sys, time
import regex
from claims.readers import read_many
src = sys.argv[1]
NUM = regex.compile(r"\d+(?:\.\d+)?")
c, t = cpu(), time.perf_counter()
records = matches = 0
for rec in read_many([src]):
    records += 1
    for _ in NUM.finditer(rec.abstract):
        matches += 1
dt, dc = time.perf_counter() - t, cpu() - c
print(json.dumps({"seconds": dt, "cpu": dc, "records": records, "matches": matches}))
"""

PROFILE = r"""
import cProfile, pstats, sys
from claims.runner import run_extract
src, out, stats = sys.argv[1], sys.argv[2], sys.argv[3]
prof = cProfile.Profile()
prof.enable()
run_extract([src], out, jobs=1, progress=False)
prof.disable()
prof.dump_stats(stats)
print("{}")
"""


def _letters(n: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': a counter without digits."""
    s = ""
    while True:
        n, r = divmod(n, 26)
        s = chr(ord("a") + r) + s
        if n == 0:
            return s


def build_corpus(path: Path, copies: int) -> int:
    """Write `copies` x the bundled corpus as JSON Lines; returns the number of records."""
    from claims.readers import bundled_corpus, read_many

    base = list(read_many(bundled_corpus()))
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for c in range(copies):
            suffix = f" [rep {_letters(c)}]" if c else ""
            for rec in base:
                fh.write(json.dumps({"id": f"bench-{c}-{n}", "title": rec.title + suffix,
                                     "abstract": rec.abstract}) + "\n")
                n += 1
    return n


def _run(code: str, *args: str) -> tuple[dict, float, float | None]:
    """Run a measurement in a subprocess: (its JSON result, max RSS MB of its largest process,
    peak MB of the summed RSS of its process tree or None without psutil)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - optional
        psutil = None
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, cwd=ROOT)
    tree_peak = proc_peak = 0
    if psutil is not None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                procs = []
            rss = 0
            for p in procs:
                try:
                    one = p.memory_info().rss
                except psutil.Error:
                    continue
                rss += one
                proc_peak = max(proc_peak, one)
            tree_peak = max(tree_peak, rss)
            time.sleep(0.02)
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"measurement failed ({proc.returncode}): {' '.join(args)}")
    if psutil is not None:
        largest = proc_peak / 2**20
    else:
        # RUSAGE_CHILDREN ru_maxrss: the largest descendant so far (KiB on Linux); sizes run in
        # increasing order, so for a smaller run after a larger one this is an upper bound
        largest = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return json.loads(out.decode().strip().splitlines()[-1]), largest, (tree_peak / 2**20 if psutil else None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,100", help="corpus multiples (default 1,10,100)")
    ap.add_argument("--jobs", default="1,2", help="run_extract jobs values (default 1,2)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell; the fastest is reported")
    ap.add_argument("--workdir", help="where corpora and outputs go (default: a temporary folder)")
    ap.add_argument("--profile", action="store_true",
                    help="also cProfile one jobs=1 run at the largest size and print the hot spots")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    jobs = [int(j) for j in args.jobs.split(",")]

    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="claims-bench-")
    work = Path(args.workdir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    print(f"# claims throughput, {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}: "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}", file=sys.stderr)
    rows = []
    for size in sizes:
        src = work / f"corpus_{size}x.jsonl"
        n = build_corpus(src, size)
        mb = src.stat().st_size / 1e6
        floor, floor_rss, floor_tree = min((_run(FLOOR, str(src)) for _ in range(args.repeat)),
                                           key=lambda r: r[0]["seconds"])
        print(f"{size}x: {n} records, {mb:.1f} MB; floor {floor['seconds']:.2f}s", file=sys.stderr)
        rows.append({"size": size, "what": "floor: read + regex", "jobs": 1, "records": n, "papers": floor["records"],
                     "claims": floor["matches"], "seconds": floor["seconds"], "cpu": floor["cpu"], "mb": mb,
                     "rss": floor_rss, "tree": floor_tree, "ratio": 1.0})
        for j in jobs:
            res, rss, tree = min((_run(EXTRACT, str(src), str(work / f"out_{size}x_j{j}"), str(j))
                                  for _ in range(args.repeat)), key=lambda r: r[0]["seconds"])
            print(f"{size}x jobs={j}: {res['seconds']:.2f}s, {res['papers']} papers, {res['claims']} claims",
                  file=sys.stderr)
            rows.append({"size": size, "what": "run_extract", "jobs": j, "records": n, "papers": res["papers"],
                         "claims": res["claims"], "seconds": res["seconds"], "cpu": res["cpu"], "mb": mb, "rss": rss,
                         "tree": tree,
                         "ratio": res["seconds"] / floor["seconds"]})

    print("| size | records | what | jobs | wall s | CPU s | abstracts/s | MB/s | claims/s | abstracts/CPU-s "
          "| peak RSS MB (largest proc) | peak RSS MB (all procs) | time / floor |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        s = r["seconds"]
        claims = "-" if r["what"].startswith("floor") else f"{r['claims'] / s:,.0f}"
        tree = f"{r['tree']:.0f}" if r["tree"] is not None else "-"
        print(f"| {r['size']}x | {r['records']:,} | {r['what']} | {r['jobs']} | {s:.2f} | {r['cpu']:.2f} "
              f"| {r['papers'] / s:,.0f} | {r['mb'] / s:.2f} | {claims} | {r['papers'] / r['cpu']:,.0f} "
              f"| {r['rss']:.0f} | {tree} | {r['ratio']:.0f}x |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))

    if args.profile:
        size = sizes[-1]
        stats = work / f"profile_{size}x.pstats"
        _run(PROFILE, str(work / f"corpus_{size}x.jsonl"), str(work / f"out_{size}x_prof"), str(stats))
        import pstats

        print(f"\n## cProfile, run_extract jobs=1 on {size}x ({stats})\n")
        for key in ("tottime", "cumulative"):
            print(f"### by {key}\n```")
            pstats.Stats(str(stats), stream=sys.stdout).strip_dirs().sort_stats(key).print_stats(25)
            print("```")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
