"""Command line: claims extract | tables | build | show | why | eval | view | report | distributed."""
from __future__ import annotations

import argparse
import signal
import threading
import json
import sys
from pathlib import Path

from .errors import ClaimsError
from .readers import FORMATS, bundled_corpus


def _extract(args) -> int:
    from .runner import run_extract

    inputs = args.inputs or bundled_corpus()
    summary = run_extract(inputs, args.output, fmt=args.format, skip_bad=args.skip_bad, jobs=args.jobs,
                          progress=False if args.quiet else None, taxonomy=args.taxonomy)
    if not args.quiet:
        print("\n".join(summary.lines()), file=sys.stderr)
    return 0


def _tables(args) -> int:
    import pandas as pd

    from .output import inputs_metadata
    from .tables import build_tables, write_tables
    import pyarrow.parquet as pq

    src = Path(args.source)
    claims = pd.read_parquet(src / "claims.parquet")
    papers = pd.read_parquet(src / "papers.parquet")
    meta = {k: v for k, v in (pq.read_schema(src / "claims.parquet").metadata or {}).items()
            if k.startswith(b"claims.")}
    out = Path(args.output or src)
    tables = build_tables(claims, papers)
    stale = {p.name for p in out.glob("*.parquet")} - {f"{n}.parquet" for n in tables} - {
        "claims.parquet", "papers.parquet", "errors.parquet"}
    for name in stale:  # a family that lost all its papers
        (out / name).unlink()
    write_tables(tables, out, meta or inputs_metadata([]))
    if not args.quiet:
        idx = tables["index"]
        print(idx.to_string(index=False), file=sys.stderr)
    return 0


def _build(args) -> int:
    _extract(args)
    args.source = args.output
    return _tables(args)


def _show(args) -> int:
    from .api import extract

    for c in extract(args.text):
        extra = " ".join(f"{k}={getattr(c, k)}" for k in ("qualifier", "target", "metric", "baseline", "model",
                                                          "benchmark") if getattr(c, k))
        rng = f" [{c.value_low:g}..{c.value_high:g}]" if c.value_low is not None else ""
        direction = f" {c.direction}" if c.direction else ""
        print(f"{c.start:>4}-{c.end:<4} {c.text!r:<20} {c.kind:<16} {c.value:g}{rng} {c.unit or '-'} "
              f"{c.relation}{direction} {extra}  (rule {c.rule})".rstrip())
    return 0


def _why(args) -> int:
    """Method and family scores of the papers whose id or title matches QUERY."""
    import pyarrow.parquet as pq

    from .families import load_taxonomy
    from .method import detect_method

    path = Path(args.dir) / "papers.parquet"
    if not path.is_file():
        raise ClaimsError(f"{path}: not found (run `claims extract` or `claims build` first)")
    tax = load_taxonomy(args.taxonomy)
    papers = pq.read_table(path, columns=["paper_id", "title", "abstract"]).to_pylist()
    q = args.query.lower()
    hits = [p for p in papers if p["paper_id"] == args.query or q in p["title"].lower()]
    if not hits:
        raise ClaimsError(f"no paper in {path} has id or title matching {args.query!r}")
    for p in hits[:args.limit]:
        print(f"{p['paper_id']}  {p['title']}\n  method: {detect_method(p['title'], p['abstract'])}")
        why = tax.explain(p["title"], p["abstract"])
        for family, e in sorted(why.items(), key=lambda kv: -kv[1]["score"]):
            mark = "+" if e["assigned"] else " "
            # the model decides the families it knows (log-odds >= 0); thresholds the rest
            decided = f"log-odds {e['logit']:+.2f}" if "logit" in e else f"/ threshold {e['threshold']:g}"
            print(f"  {mark} {family:<24} score {e['score']:5.2f}  {decided}")
            for field, pattern, n, w in e["rules"]:
                print(f"      {field:<8} {n:g} x {w:g}  {pattern}")
        print()
    if len(hits) > args.limit:
        print(f"... and {len(hits) - args.limit} more papers match", file=sys.stderr)
    return 0


def _eval(args) -> int:
    from .eval import evaluate_dir

    rep = evaluate_dir(args.outdir, args.gold, warn=lambda m: print(f"warning: {m}", file=sys.stderr))
    m = rep.metrics
    if args.json:
        print(json.dumps(m, indent=2))
    else:
        print(f"papers {m['papers']} (matched {m['papers_matched']}), gold claims {m['gold_claims']}, "
              f"predicted {m['predicted_claims']}")
        for name in ("quantity", "typed", "families"):
            s = m[name]
            if s is None:
                print(f"{name:<10} -  (the gold file annotates no claims)")
                continue
            print(f"{name:<10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
        print("attributes " + "  ".join(f"{k} {v:.3f}" for k, v in m["attributes"].items() if v is not None))
        print(f"method accuracy {m['method_accuracy']:.3f}")
    if args.errors:
        n = args.errors
        print(f"\n-- misses ({len(rep.misses)})")
        for c in rep.misses[:n]:
            print(f"  {c.get('surface')!r} {c.get('kind')} {c.get('value')} | {c.get('context')}")
        print(f"-- false positives ({len(rep.false_positives)})")
        for c in rep.false_positives[:n]:
            print(f"  {c['text']!r} {c['kind']} {c['value']:g} [{c['rule']}] | {c['sentence'][:120]}")
        print(f"-- wrong kind ({len(rep.wrong_kind)})")
        for c in rep.wrong_kind[:n]:
            print(f"  {c['text']!r} predicted {c['predicted']}, gold {c['gold']} | {c['context']}")
    return 0


def _view(args) -> int:
    import pandas as pd

    from .tables import load_tables

    tables = load_tables(args.dir)
    if args.family not in tables:
        raise ClaimsError(f"no table {args.family!r} in {args.dir}; have: {', '.join(sorted(tables))}")
    from .report import format_value

    df = tables[args.family]
    units = df.attrs.get("units", {})
    measures = [c for c in df.columns if c in units]
    if not args.all:  # papers with at least one filled cell (an empty list of sizes is not one)
        df = df[df[measures].apply(lambda row: any(format_value(v, units[c]) for c, v in row.items()), axis=1)]
    shown = pd.DataFrame({"method": df["method"].fillna("·"), "title": df["title"].str.slice(0, args.width)})
    for c in measures:  # values as people write them: 7B, 128K, 2.4×, 65.5%
        shown[f"{c} [{units[c]}]" if units[c] else c] = [format_value(v, units[c]) or "·" for v in df[c]]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
        print(shown.to_string(index=False))
    return 0


def _report(args) -> int:
    from .report import write_report

    path = write_report(args.dir, args.output)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _distributed(args) -> int:
    from .distributed import run_dask

    r = run_dask(args.input, args.output, scheduler_address=args.scheduler, n_workers=args.workers)
    print(f"papers: {r['papers']}, claims: {r['claims']} in {r['partitions']} parts under "
          f"{r['outdir']}/claims and {r['outdir']}/papers", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claims", description="Quantitative claims from ML/LLM papers.")
    sub = p.add_subparsers(dest="command", required=True)

    def inputs_opts(sp):
        sp.add_argument("inputs", nargs="*", help="input files or folders (default: the bundled corpus)")
        sp.add_argument("-o", "--output", default="out", help="output folder")
        sp.add_argument("--format", choices=FORMATS, help="force the input format (default: from the extension)")
        sp.add_argument("--skip-bad", action="store_true", help="skip bad inputs, record them in errors.parquet")
        sp.add_argument("--jobs", "-j", type=int, default=1, help="worker processes")
        sp.add_argument("--taxonomy", metavar="TOML", help="family taxonomy file laid over the default "
                        "(grammar: claims/families.toml)")
        sp.add_argument("-q", "--quiet", action="store_true")

    sp = sub.add_parser("extract", help="write OUTDIR/claims.parquet and papers.parquet")
    inputs_opts(sp)
    sp.set_defaults(func=_extract)
    sp = sub.add_parser("build", help="extract and build the family tables in one step")
    inputs_opts(sp)
    sp.set_defaults(output="tables")
    sp.set_defaults(func=_build)
    sp = sub.add_parser("tables", help="build tables/<family>.parquet from extracted claims")
    sp.add_argument("source", help="folder with claims.parquet and papers.parquet")
    sp.add_argument("-o", "--output", help="where to write the tables (default: the source folder)")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=_tables)
    sp = sub.add_parser("show", help="the claims in a sentence, with the rule that fired")
    sp.add_argument("text")
    sp.set_defaults(func=_show)
    sp = sub.add_parser("why", help="why a paper has its method and families: scores and matching rules")
    sp.add_argument("query", help="a paper id, or words of its title")
    sp.add_argument("--dir", default="tables", help="folder with papers.parquet (default: tables)")
    sp.add_argument("--taxonomy", metavar="TOML", help="family taxonomy file laid over the default")
    sp.add_argument("--limit", type=int, default=5, help="papers to show at most")
    sp.set_defaults(func=_why)
    sp = sub.add_parser("eval", help="score OUTDIR against a gold file (spec section 5)")
    sp.add_argument("outdir")
    sp.add_argument("gold")
    sp.add_argument("--errors", type=int, nargs="?", const=50, default=0, metavar="N",
                    help="list up to N misses, false positives and kind errors")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_eval)
    sp = sub.add_parser("view", help="print a family's table")
    sp.add_argument("family")
    sp.add_argument("--dir", default="tables")
    sp.add_argument("--all", action="store_true", help="also papers with no filled cell")
    sp.add_argument("--width", type=int, default=50, help="title width")
    sp.set_defaults(func=_view)
    sp = sub.add_parser("report", help="a self-contained HTML report of the tables")
    sp.add_argument("--dir", default="tables")
    sp.add_argument("-o", "--output", default="report.html")
    sp.set_defaults(func=_report)
    sp = sub.add_parser("distributed", help="extract on a dask cluster: OUTDIR/claims/part.*.parquet, papers/")
    sp.add_argument("input", help="input folder, glob ('shards/*.jsonl') or file")
    sp.add_argument("-o", "--output", default="out", help="output folder")
    sp.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler (default: a local cluster)")
    sp.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    sp.set_defaults(func=_distributed)
    return p


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: hidden partial files are removed


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except ClaimsError as exc:
        print(f"claims: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claims: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # an output folder that is a file, a full disk, no permission ...
        where = f"{exc.filename}: " if exc.filename and str(exc.filename) not in str(exc) else ""
        print(f"claims: error: {where}{exc.strerror or exc}" if where else f"claims: error: {exc}",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
