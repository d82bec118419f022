"""One extraction run: inputs -> OUTDIR/claims.parquet, papers.parquet (and errors.parquet).

Streams: records are read, deduplicated and extracted one chunk at a time; claim rows go to
parquet in row groups as they come. With jobs > 1 the chunks are extracted by worker
processes in order, so the output equals the single-process output.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .families import use_taxonomy, using_taxonomy
from .models import CLAIM_SCHEMA, PAPER_SCHEMA
from .output import ROW_GROUP, ParquetSink, inputs_metadata
from .pipeline import Dedup, paper_rows
from .readers import Skipped, read_many
from .readers import _expand as _expand_input

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

    @property
    def read(self) -> int:
        """Records read, good or bad: papers + duplicates + skipped (a skipped input counts once)."""
        return self.records + len(self.skipped)

    def lines(self) -> list[str]:
        out = [f"papers: {self.papers} written from {self.read} records read "
               f"({self.duplicates} duplicates merged); {len(self.skipped)} inputs or records skipped",
               f"claims: {self.claims}"]
        for kind, n in sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {kind:<17}{n}")
        for s in self.skipped[:20]:
            out.append(f"skipped {s.path}{':' + str(s.line) if s.line else ''}: {s.reason}")
        if len(self.skipped) > 20:
            out.append(f"... and {len(self.skipped) - 20} more (see errors.parquet)")
        for s in self.timeouts:
            out.append(f"budget exceeded {s.path}{':' + str(s.line) if s.line else ''}: {s.reason}")
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
            if dedup.admit(rec):
                chunk.append((rec.title, rec.abstract, rec.source, rec.raw_id))
        if not read:
            return
        if chunk:
            yield chunk


def run_extract(inputs: list, outdir, *, fmt: str | None = None, skip_bad: bool = False, jobs: int = 1,
                progress: bool | None = None, warn=None, taxonomy=None) -> Summary:
    """Extract `inputs` into OUTDIR. All or nothing: every file is written under a hidden
    name and renamed into place only when the whole run has succeeded, so an error or an
    interrupt leaves the outputs of an earlier run as they were (and no hidden files).

    `taxonomy`: a TOML file laid over the default family taxonomy (claims.families); it is
    recorded with its hash in the outputs' metadata."""
    with using_taxonomy(taxonomy) as tax:  # a bad file (or model) fails here, before anything is written
        return _run_extract(inputs, outdir, fmt, skip_bad, jobs, progress, warn, taxonomy,
                            tax.model_path if taxonomy is not None else None)


def _run_extract(inputs, outdir, fmt, skip_bad, jobs, progress, warn, taxonomy, model) -> Summary:
    outdir = Path(outdir)
    summary = Summary()
    dedup = Dedup()
    inputs = _readable_inputs(inputs, skip_bad, summary)
    outdir.mkdir(parents=True, exist_ok=True)
    files = _input_files(inputs)
    meta = inputs_metadata(files, taxonomy, model)
    records = read_many(inputs, fmt, skip_bad=skip_bad, on_skip=summary.skipped.append,
                        warn=warn or (lambda m: print(f"warning: {m}", file=sys.stderr)))
    staged = {name: outdir / f".{name}.partial.parquet" for name in ("claims", "papers", "errors")}
    papers_partial = outdir / ".papers.unmerged.parquet"
    claims_sink = ParquetSink(staged["claims"], CLAIM_SCHEMA, meta)
    papers_sink = ParquetSink(papers_partial, PAPER_SCHEMA, meta)
    bar = _progress(progress)
    pool = get_context("spawn").Pool(jobs, initializer=use_taxonomy, initargs=(taxonomy,)) if jobs > 1 else None
    try:
        chunks = _chunks(records, dedup, summary)
        failed: list[BaseException] = []
        if pool:  # the pool reads `chunks` in a thread of its own: its errors come back here
            chunks = _held(chunks, failed)
        results = pool.imap(_extract_chunk, chunks) if pool else map(_extract_chunk, chunks)
        for result in results:
            for paper, claims, timeouts in result:
                papers_sink.write([paper])
                claims_sink.write(claims)
                summary.papers += 1
                summary.claims += len(claims)
                summary.kinds.update(c["kind"] for c in claims)
                summary.timeouts.extend(_timeout(s, f, m) for s, f, m in timeouts)
            if bar is not None:
                bar.update(len(result))
        if failed:
            raise failed[0]
        summary.duplicates = dedup.duplicates
        papers_sink.close()
        claims_sink.close()
        _finish_papers(papers_partial, staged["papers"], dedup, meta)
        has_errors = _write_errors(staged["errors"], summary, meta)
    except BaseException:
        if pool:
            pool.terminate()
        claims_sink.abort()
        papers_sink.abort()
        for path in (*staged.values(), papers_partial):
            path.unlink(missing_ok=True)
        raise
    finally:
        if pool:
            pool.close()
            pool.join()
        if bar is not None:
            bar.close()
    for name, path in staged.items():
        if name != "errors" or has_errors:
            os.replace(path, outdir / f"{name}.parquet")
    if not has_errors:
        (outdir / "errors.parquet").unlink(missing_ok=True)
    return summary


def _held(chunks, failed: list):
    """`chunks`, ending early on an error that is kept in `failed` for the main thread: left
    to the pool, an exception would be pickled to a worker and back (a hang if it cannot)."""
    try:
        yield from chunks
    except BaseException as exc:
        failed.append(exc)


def _readable_inputs(inputs, skip_bad: bool, summary: Summary) -> list:
    """`inputs` less the folders that hold no file of a known format: an error (nothing
    would be read from them), or with skip_bad a skipped input."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    kept = []
    for p in inputs:
        if os.path.isdir(p) and not _expand_input(p):
            if not skip_bad:
                raise InputError(p, "directory has no readable files")
            summary.skipped.append(Skipped(str(p), None, "directory has no readable files"))
            continue
        kept.append(p)
    return kept


def _timeout(source: str, fname: str, message: str) -> Skipped:
    """A field over its budget, as an errors.parquet row: path and line from 'path:line'."""
    path, _, line = source.rpartition(":")
    if path and line.isdigit():
        return Skipped(path, int(line), f"{fname}: {message}")
    return Skipped(source, None, f"{fname}: {message}")


def _input_files(inputs) -> list[Path]:
    """The files the readers will read (a folder: its files of a known format), for metadata."""
    files = []
    for p in inputs:
        files.extend(Path(q) for q in _expand_input(p) if Path(q).is_file())
    return files


def _finish_papers(partial: Path, final: Path, dedup: Dedup, meta) -> None:
    """Add the sources of duplicates found after a paper was written, then rename into place."""
    extra = dedup.extra_sources
    sink = ParquetSink(final, PAPER_SCHEMA, meta)
    try:
        for batch in pq.ParquetFile(partial).iter_batches(batch_size=ROW_GROUP):
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


def _write_errors(path: Path, summary: Summary, meta) -> bool:
    """Write the skipped inputs and records and the fields over budget; False when there are none."""
    rows = [{"path": s.path, "line": s.line, "reason": s.reason} for s in summary.skipped + summary.timeouts]
    if not rows:
        return False
    sink = ParquetSink(path, ERROR_SCHEMA, meta)
    try:
        sink.write(rows)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return True


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
