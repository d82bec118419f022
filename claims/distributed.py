"""Extraction on a dask cluster: partitioned input in, partitioned parquet out.

    from claims.distributed import extract_dask, run_dask

    claims = extract_dask(ddf)                       # a lazy dask DataFrame of claim rows
    run_dask("papers/*.jsonl", "out", n_workers=8)   # out/claims/part.*.parquet, out/papers/part.*.parquet
    run_dask("papers/", "out", scheduler_address="tcp://10.0.0.5:8786")

The output rows are those of the single-process path (claims.api.extract_records,
claims.runner.run_extract) -- same paper ids, claim ids and columns (CLAIM_SCHEMA,
PAPER_SCHEMA) -- but in a different order: rows are spread over the parts by a hash of the
normalised title, and within a part they keep input order. Sort by claim_id (or paper_id)
when the order matters.

Deduplication. A paper is identified by its normalised title (claims.text.normalise_title),
as in claims.pipeline.Dedup. Per partition that cannot be decided, so both entry points
(by default) first shuffle the records on that key, which puts all copies of a paper in one
partition; there the copy that comes first in input order (partition, then row) is kept and
the sources of the others are appended to its `source` list. The result is therefore the
same as the single-process run, whatever the partitioning. `extract_dask(..., dedup=False)`
skips the shuffle: every input row is then one paper and deduplication is the caller's job.

Timeouts. A field whose extraction exceeds its time budget (claims.errors.ExtractionTimeout)
is left without claims and logged on the worker (logger "claims.distributed"), where
run_extract would list it in errors.parquet.
"""
from __future__ import annotations

import glob
import logging
import os
from pathlib import Path
from typing import Sequence

import pandas as pd
import pyarrow as pa

from .models import CLAIM_SCHEMA, PAPER_SCHEMA
from .pipeline import display_source, paper_rows
from .text import collapse_ws, normalise_title

__all__ = ["extract_dask", "run_dask", "read_dask", "CLAIM_META", "PAPER_META"]

log = logging.getLogger(__name__)

# Records as read: one row per input record, before deduplication. `_order` is the position
# in the input (partition << 32 | row) that decides which copy of a paper is kept.
RECORD_SCHEMA = pa.schema([
    ("title", pa.string()), ("abstract", pa.string()), ("source", pa.string()),
    ("raw_id", pa.string()), ("_order", pa.int64()), ("_key", pa.string()),
])
# After deduplication: one row per paper, with the sources of all its copies.
PAPER_IN_SCHEMA = pa.schema([
    ("title", pa.string()), ("abstract", pa.string()), ("raw_id", pa.string()),
    ("sources", pa.list_(pa.string())), ("_order", pa.int64()), ("_key", pa.string()),
])


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with list columns as pd.ArrowDtype: an object column would be turned
    into strings by dask's "dataframe.convert-string" (on by default)."""
    return table.to_pandas(types_mapper=lambda t: pd.ArrowDtype(t) if pa.types.is_list(t) else None)


# Partition `meta` for dask: empty frames with exactly the dtypes the partitions will have
# (every partition is built through the same Arrow schema and _to_pandas()).
# PAPER_META keeps the list columns as object (like claims.api.extract_records) because
# pd.ArrowDtype list columns are written to parquet with pandas metadata that pandas cannot
# read back; run_dask builds its graph with "dataframe.convert-string" off for that reason.
CLAIM_META = _to_pandas(CLAIM_SCHEMA.empty_table())
PAPER_META = PAPER_SCHEMA.empty_table().to_pandas()
_RECORD_META = _to_pandas(RECORD_SCHEMA.empty_table())
_PAPER_IN_META = _to_pandas(PAPER_IN_SCHEMA.empty_table())

_ROW_BITS = 32


# --- partition functions (run on the workers) -----------------------------------------------

def _records_frame(rows: list[dict]) -> pd.DataFrame:
    return _to_pandas(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA))


def _str(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else collapse_ws(str(v))


def _frame_to_records(df: pd.DataFrame, title: str, abstract: str, id_column: str | None,
                      partition_info=None) -> pd.DataFrame:
    """A user's partition as records, the way claims.api.extract_frame reads a DataFrame."""
    part = partition_info["number"] if partition_info else 0
    ids = df[id_column] if id_column else [None] * len(df)
    rows = []
    for i, (t, a, r) in enumerate(zip(df[title], df[abstract], ids)):
        t = _str(t)
        rows.append({"title": t, "abstract": _str(a), "source": f"<dask>:{part}:{i}",
                     "raw_id": None if r is None or pd.isna(r) else str(r),
                     "_order": (part << _ROW_BITS) | i, "_key": normalise_title(t)})
    return _records_frame(rows)


def _dedup_partition(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the first copy (input order) of each paper; it collects the sources of all copies."""
    df = df.sort_values("_order", kind="stable")
    kept: dict[str, dict] = {}
    for t, a, s, r, o, k in zip(df["title"], df["abstract"], df["source"], df["raw_id"], df["_order"],
                                df["_key"]):
        if k in kept:
            kept[k]["sources"].append(s)
        else:
            kept[k] = {"title": t, "abstract": a, "raw_id": None if r is None or pd.isna(r) else r,
                       "sources": [s], "_order": int(o), "_key": k}
    return _to_pandas(pa.Table.from_pylist(list(kept.values()), schema=PAPER_IN_SCHEMA))


def _as_papers(df: pd.DataFrame) -> pd.DataFrame:
    """Records taken one row per paper, without deduplication."""
    out = df.drop(columns=["source"])
    out.insert(3, "sources", pd.Series([[s] for s in df["source"]], index=df.index,
                                       dtype=_PAPER_IN_META["sources"].dtype))
    return out[list(PAPER_IN_SCHEMA.names)]


def _on_timeout(source: str, fname: str, msg: str) -> None:
    log.warning("extraction budget exceeded in %s (%s): %s", source, fname, msg)


def _extract_partition(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(papers, claims) frames for a partition of deduplicated papers."""
    papers, claims = [], []
    for t, a, r, sources in zip(df["title"], df["abstract"], df["raw_id"], df["sources"]):
        sources = list(sources)
        raw_id = None if r is None or (isinstance(r, float) and pd.isna(r)) else r
        paper, rows = paper_rows(t, a, sources[0], raw_id, on_timeout=_on_timeout)
        paper["source"].extend(display_source(s) for s in sources[1:])  # as claims.pipeline.process
        papers.append(paper)
        claims.extend(rows)
    return (pa.Table.from_pylist(papers, schema=PAPER_SCHEMA).to_pandas(),
            _to_pandas(pa.Table.from_pylist(claims, schema=CLAIM_SCHEMA)))


def _claims_partition(df: pd.DataFrame) -> pd.DataFrame:
    return _extract_partition(df)[1]


# --- graph building -------------------------------------------------------------------------

def _papers_in(records, dedup: bool, npartitions: int | None):
    """Records -> one row per paper (shuffled on the title key when deduplicating)."""
    if not dedup:
        return records.map_partitions(_as_papers, meta=_PAPER_IN_META)
    shuffled = records.shuffle(on="_key", npartitions=npartitions or records.npartitions)
    return shuffled.map_partitions(_dedup_partition, meta=_PAPER_IN_META)


def extract_dask(ddf, title: str = "title", abstract: str = "abstract", id_column: str | None = None, *,
                 dedup: bool = True, npartitions: int | None = None):
    """The claims of a dask DataFrame of papers, as a lazy dask DataFrame (one row per claim).

    `ddf` has one paper per row with text columns `title` and `abstract` and, optionally, an
    id column (an arXiv id there becomes the paper_id; otherwise the id is a hash of the
    normalised title). Text is read as claims.api.extract_frame reads a pandas DataFrame
    (missing values become "", whitespace is collapsed), so on the same rows the result
    equals ``extract_frame(ddf.compute(), ...)`` up to row order.

    With dedup=True (the default) the rows are first shuffled on the normalised title and
    only the first copy of each paper (in partition, then row order) is extracted; this is a
    full shuffle of the input. With dedup=False every row is taken as a distinct paper and
    each partition is extracted where it is -- no shuffle; deduplicate beforehand if the
    input may repeat papers, or claim_ids may repeat. `npartitions` sets the number of
    partitions after the shuffle (default: as many as `ddf` has).

    The result's columns and dtypes are CLAIM_META (claims.models.CLAIM_SCHEMA as pandas);
    its rows are grouped by a hash of the title, so sort by claim_id when order matters.
    Nothing runs until you .compute() / .to_parquet() it.
    """
    cols = [title, abstract] + ([id_column] if id_column else [])
    missing = [c for c in cols if c not in ddf.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(map(repr, missing))} in the dask DataFrame")
    records = ddf[cols].map_partitions(_frame_to_records, title, abstract, id_column, meta=_RECORD_META)
    return _papers_in(records, dedup, npartitions).map_partitions(_claims_partition, meta=CLAIM_META)


def _extract_both(records, npartitions: int | None):
    """(claims, papers) lazy frames from one extraction per partition (not one per output)."""
    import dask
    import dask.dataframe as dd

    parts = _papers_in(records, True, npartitions).to_delayed()
    pairs = [dask.delayed(_extract_partition, pure=True)(p) for p in parts]
    claims = dd.from_delayed([p[1] for p in pairs], meta=CLAIM_META, verify_meta=False)
    papers = dd.from_delayed([p[0] for p in pairs], meta=PAPER_META, verify_meta=False)
    return claims, papers


# --- reading files --------------------------------------------------------------------------

def input_files(input_glob_or_dir) -> list[Path]:
    """The files named by a directory (recursively, known formats only, as claims.readers.read_many
    expands it), a glob pattern, a file, or a list of any of these; sorted within each."""
    from .errors import InputError
    from .readers import _expand

    items = [input_glob_or_dir] if isinstance(input_glob_or_dir, (str, os.PathLike)) else input_glob_or_dir
    files: list[Path] = []
    for item in items:
        s = os.fspath(item)
        if os.path.isdir(s):
            found = [Path(p) for p in _expand(s)]
        elif os.path.exists(s):
            found = [Path(s)]
        else:
            found = [Path(p) for p in sorted(glob.glob(s, recursive=True)) if os.path.isfile(p)]
        if not found:
            raise InputError(s, "no input files (not a file, a directory with readable files or a matching glob)")
        files.extend(found)
    return files


def _pieces(files: Sequence[Path], fmt: str | None, rows_per_piece: int) -> list[tuple]:
    """One piece per file; a parquet file is split at row-group boundaries into pieces of
    about `rows_per_piece` rows, each knowing the number of its first row (for sources)."""
    import pyarrow.parquet as pq

    from .readers import detect_format

    pieces = []
    for f in files:
        kind = fmt or detect_format(f)
        if kind == "parquet":
            try:
                md = pq.ParquetFile(f).metadata
            except (pa.ArrowException, OSError, ValueError):
                pieces.append((str(f), kind, None, 0))  # the reader reports it
                continue
            own, groups, rows, first = [], [], 0, 0
            for g in range(md.num_row_groups):
                groups.append(g)
                rows += md.row_group(g).num_rows
                if rows >= rows_per_piece:
                    own.append((str(f), kind, tuple(groups), first))
                    first += rows
                    groups, rows = [], 0
            if groups:
                own.append((str(f), kind, tuple(groups), first))
            pieces.extend(own or [(str(f), kind, None, 0)])
        else:
            pieces.append((str(f), kind, None, 0))
    return pieces


def _read_piece(piece: tuple, index: int) -> pd.DataFrame:
    """The records of one piece, read with claims.readers (same sources, ids and text)."""
    path, kind, groups, first = piece
    if kind == "parquet" and groups is not None:
        records = _read_parquet_groups(path, groups, first)
    else:
        from .readers import read_records

        records = read_records(path, kind, warn=lambda m: log.warning("%s", m))
    rows = []
    for i, rec in enumerate(records):
        rows.append({"title": rec.title, "abstract": rec.abstract, "source": rec.source,
                     "raw_id": rec.raw_id, "_order": (index << _ROW_BITS) | i,
                     "_key": normalise_title(rec.title)})
    return _records_frame(rows)


def _read_parquet_groups(path: str, groups: tuple, first: int):
    """Records of some row groups of a parquet file, as claims.readers.tabular.read_parquet gives them."""
    import pyarrow.parquet as pq

    from .errors import InputError
    from .readers._record import Record, make_record
    from .readers.tabular import _columns

    with pq.ParquetFile(path) as pf:
        cols = _columns(path, pf.schema_arrow.names, None)
        table = pf.read_row_groups(list(groups), columns=list(dict.fromkeys(cols.values())))
    values = {k: table.column(v).to_pylist() for k, v in cols.items()}
    for i in range(table.num_rows):
        raw_id = values["id"][i] if "id" in values else None
        rec = make_record(path, first + i + 1, values["title"][i], values["abstract"][i], raw_id)
        if not isinstance(rec, Record):
            raise InputError(rec.path, rec.reason, rec.line)
        yield rec


def read_dask(input_glob_or_dir, *, fmt: str | None = None, rows_per_piece: int = 50_000):
    """The records of files as a lazy dask DataFrame, one partition per file (per group of row
    groups for a large parquet file), read with claims.readers: any format those read (JSON
    Lines, parquet, CSV, Daily Papers dumps ...), the same text, ids and 'path:line' sources.
    Bad records raise claims.errors.InputError."""
    import dask.dataframe as dd

    pieces = _pieces(input_files(input_glob_or_dir), fmt, rows_per_piece)
    return dd.from_map(_read_piece, pieces, list(range(len(pieces))), meta=_RECORD_META,
                       label="claims-read", enforce_metadata=False)


# --- the whole run --------------------------------------------------------------------------

def run_dask(input_glob_or_dir, outdir, *, scheduler_address: str | None = None, n_workers: int = 2,
             fmt: str | None = None, npartitions: int | None = None) -> dict:
    """Extract the claims of partitioned input on a dask cluster and write partitioned parquet.

    Input: a directory (its files of known formats, recursively), a glob such as
    "data/*.jsonl" or "shards/**/*.parquet", a file, or a list of these. Each file is read
    by claims.readers in its own task (a big parquet file in pieces of row groups).

    Output: OUTDIR/claims/part.N.parquet (CLAIM_SCHEMA) and OUTDIR/papers/part.N.parquet
    (PAPER_SCHEMA); an existing OUTDIR/claims or OUTDIR/papers folder is replaced. Read them
    back with pandas.read_parquet(OUTDIR / "claims"). Papers are deduplicated by normalised
    title across all inputs (see the module docstring), so the rows equal those of
    run_extract on the same inputs, in another order.

    Cluster: `scheduler_address` ("tcp://host:8786") connects to a running scheduler whose
    workers can import `claims` and read the input paths; without it a LocalCluster of
    `n_workers` single-threaded worker processes is started and shut down afterwards.
    `npartitions`: partitions after the dedup shuffle, i.e. extraction tasks (default: the
    larger of the number of input pieces and 4 x the cluster's threads).

    Returns {"papers": n, "claims": n, "partitions": n, "outdir": path}.
    """
    import dask
    from distributed import Client, LocalCluster

    outdir = Path(outdir)
    with dask.config.set({"dataframe.convert-string": False}):
        records = read_dask(input_glob_or_dir, fmt=fmt)  # lists the inputs: fails before a cluster starts
    outdir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler_address:
        client = Client(scheduler_address)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        with dask.config.set({"dataframe.convert-string": False}):
            if npartitions is None:
                threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
                npartitions = max(records.npartitions, 4 * max(threads, 1))
            claims, papers = _extract_both(records, npartitions)
            opts = dict(write_index=False, compression="zstd", overwrite=True, compute=False)
            writes = (claims.to_parquet(outdir / "claims", schema=CLAIM_SCHEMA, **opts),
                      papers.to_parquet(outdir / "papers", schema=PAPER_SCHEMA, **opts))
            counts = (claims.map_partitions(len).sum(), papers.map_partitions(len).sum())
            _, _, n_claims, n_papers = dask.compute(*writes, *counts)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return {"papers": int(n_papers), "claims": int(n_claims), "partitions": npartitions, "outdir": str(outdir)}
