"""One extraction run: inputs -> OUTDIR/claims.parquet, papers.parquet (and errors.parquet).

Streams: records are read, deduplicated and extracted one chunk at a time; claim rows go to
parquet in row groups as they come. With jobs > 1 the chunks are extracted by worker
processes in order, so the output equals the single-process output.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .models import CLAIM_SCHEMA, PAPER_SCHEMA
from .output import ParquetSink, inputs_metadata
from .pipeline import Dedup, paper_rows
from .readers import Skipped, read_many

CHUNK = 256
ERROR_SCHEMA = pa.schema([("path", pa.string()), ("line", pa.int64()), ("reason", pa.string())])


@dataclass
class Summary:
    records: int = 0
    papers: int = 0
    duplicates: int = 0
    claims: int = 0
    kinds: Counter = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    timeouts: list[Skipped] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"papers: {self.papers} written from {self.records} records read "
               f"({self.duplicates} duplicates merged); {len(self.skipped)} inputs or records skipped",
               f"claims: {self.claims}"]
        for kind, n in sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {kind:<17}{n}")
        for s in self.skipped[:20]:
            out.append(f"skipped {s.path}{':' + str(s.line) if s.line else ''}: {s.reason}")
        if len(self.skipped) > 20:
            out.append(f"... and {len(self.skipped) - 20} more (see errors.parquet)")
        for s in self.timeouts:
            out.append(f"budget exceeded {s.path}: {s.reason}")
        return out


def _extract_chunk(chunk: list[tuple]) -> list[tuple[dict, list[dict], list[tuple]]]:
    out = []
    for title, abstract, source, raw_id in chunk:
        timeouts: list[tuple] = []
        paper, claims = paper_rows(title, abstract, source, raw_id,
                                   on_timeout=lambda src, f, msg: timeouts.append((src, f, msg)))
        out.append((paper, claims, timeouts))
    return out


def _chunks(records, dedup: Dedup, summary: Summary):
    """Chunks of new records as tuples; a repeat only adds its source to the first copy."""
    it = iter(records)
    while True:
        chunk, read = [], 0
        for rec in islice(it, CHUNK):
            read += 1
            summary.records += 1
            k = dedup.key(rec.title)
            if k in dedup.seen:
                dedup.duplicates += 1
                dedup.extra_sources.setdefault(k, []).append(rec.source)
                continue
            dedup.seen[k] = ""
            chunk.append((rec.title, rec.abstract, rec.source, rec.raw_id))
        if not read:
            return
        if chunk:
            yield chunk


def run_extract(inputs: list, outdir, *, fmt: str | None = None, skip_bad: bool = False, jobs: int = 1,
                progress: bool | None = None, warn=None) -> Summary:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    dedup = Dedup()
    files = _input_files(inputs)
    meta = inputs_metadata(files)
    records = read_many(inputs, fmt, skip_bad=skip_bad, on_skip=summary.skipped.append,
                        warn=warn or (lambda m: print(f"warning: {m}", file=sys.stderr)))
    claims_sink = ParquetSink(outdir / "claims.parquet", CLAIM_SCHEMA, meta)
    papers_sink = ParquetSink(outdir / ".papers.partial.parquet", PAPER_SCHEMA, meta)
    bar = _progress(progress)
    pool = get_context("spawn").Pool(jobs) if jobs > 1 else None
    try:
        chunks = _chunks(records, dedup, summary)
        results = pool.imap(_extract_chunk, chunks) if pool else map(_extract_chunk, chunks)
        for result in results:
            for paper, claims, timeouts in result:
                papers_sink.write([paper])
                claims_sink.write(claims)
                summary.papers += 1
                summary.claims += len(claims)
                summary.kinds.update(c["kind"] for c in claims)
                summary.timeouts.extend(Skipped(s, None, f"{f}: {m}") for s, f, m in timeouts)
            if bar is not None:
                bar.update(len(result))
    except BaseException:
        claims_sink.abort()
        papers_sink.abort()
        raise
    finally:
        if pool:
            pool.close()
            pool.join()
        if bar is not None:
            bar.close()
    summary.duplicates = dedup.duplicates
    partial = papers_sink.close()
    _finish_papers(partial, outdir / "papers.parquet", dedup, meta)
    claims_sink.close()
    _write_errors(outdir / "errors.parquet", summary, meta)
    return summary


def _input_files(inputs) -> list[Path]:
    files = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")))
        elif p.is_file():
            files.append(p)
    return files


def _finish_papers(partial: Path, final: Path, dedup: Dedup, meta) -> None:
    """Add the sources of duplicates found after a paper was written, then rename into place."""
    extra = dedup.extra_sources
    sink = ParquetSink(final, PAPER_SCHEMA, meta)
    try:
        for batch in pq.ParquetFile(partial).iter_batches(batch_size=65536):
            if extra:
                rows = batch.to_pylist()
                for r in rows:
                    r["source"] = list(r["source"]) + extra.get(dedup.key(r["title"]), [])
                sink.write(rows)
            else:
                sink.write_table(pa.Table.from_batches([batch]))
    except BaseException:
        sink.abort()
        raise
    sink.close()
    partial.unlink()


def _write_errors(path: Path, summary: Summary, meta) -> None:
    rows = [{"path": s.path, "line": s.line, "reason": s.reason} for s in summary.skipped + summary.timeouts]
    if not rows:
        path.unlink(missing_ok=True)
        return
    sink = ParquetSink(path, ERROR_SCHEMA, meta)
    sink.write(rows)
    sink.close()


def _progress(enabled: bool | None):
    if enabled is False:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a declared dependency
        return None
    return tqdm(unit=" papers", file=sys.stderr, disable=None if enabled is None else not enabled,
                mininterval=0.5)


__all__ = ["run_extract", "Summary", "InputError"]
