"""Parquet output: streamed in row groups, written under a temporary name and renamed into
place, with metadata that records inputs (content hashes) and the tool version but no
wall-clock time, so the same input gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__

# Rows are buffered as dicts until a row group is written: small groups keep memory flat.
ROW_GROUP = 8192


def file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def display_name(path) -> str:
    """How an input is named in metadata: bundled files by package path, others as given."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path(__file__).resolve().parent)
        return f"claims/{rel.as_posix()}"
    except ValueError:
        return str(path)


def inputs_metadata(paths, taxonomy=None, model=None) -> dict[bytes, bytes]:
    """Tool version and inputs with their hashes; a user taxonomy file and the families model
    it names (``model``, a path), when given."""
    inputs = [{"path": display_name(p), "sha256": file_digest(p)} for p in paths if Path(p).is_file()]
    meta = {b"claims.version": __version__.encode(), b"claims.inputs": json.dumps(inputs).encode()}
    if taxonomy is not None:  # a user taxonomy changes families: say which one, and its model
        entry = {"path": str(taxonomy), "sha256": file_digest(taxonomy)}
        if model is not None:
            entry["model"] = {"path": display_name(model), "sha256": file_digest(model)}
        meta[b"claims.taxonomy"] = json.dumps(entry).encode()
    return meta


class ParquetSink:
    """Rows in, one parquet file out; nothing appears at `path` until `close()`."""

    def __init__(self, path, schema: pa.Schema, metadata: dict[bytes, bytes] | None = None,
                 row_group: int = ROW_GROUP):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.schema = schema.with_metadata({**(schema.metadata or {}), **(metadata or {})})
        self.row_group = row_group
        self.buffer: list[dict] = []
        self.rows = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")

    def write(self, rows: list[dict]) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= self.row_group:
            self._flush()

    def write_table(self, table: pa.Table) -> None:
        self._flush()
        self.writer.write_table(table.cast(self.schema), row_group_size=self.row_group)
        self.rows += table.num_rows

    def _flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema),
                                    row_group_size=self.row_group)
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> Path:
        self._flush()
        self.writer.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self.writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def write_table(path, table: pa.Table, metadata: dict[bytes, bytes] | None = None) -> Path:
    """Write a whole table atomically (temporary name, then rename)."""
    sink = ParquetSink(path, table.schema, metadata)
    try:
        sink.write_table(table)
    except BaseException:
        sink.abort()
        raise
    return sink.close()
