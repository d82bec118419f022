"""CSV / TSV (csv module over streamed lines) and Parquet (pyarrow, in batches)."""
from __future__ import annotations

import csv
from typing import Iterable, Iterator

from claims.errors import InputError
from claims.readers._decode import Warn, iter_lines
from claims.readers._record import Record, Skipped, make_record
from claims.text import collapse_ws

NEEDED = ("title", "abstract")
ID_COLUMNS = ("id", "arxiv_id", "paper_id")
PARQUET_BATCH = 1024


def _columns(path, names: list[str], line: int | None) -> dict[str, str]:
    """Map 'title', 'abstract', 'id' to the actual column names (case and padding ignored)."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(str(name).strip().lower(), name)
    missing = [c for c in NEEDED if c not in by_key]
    if missing:
        shown = ", ".join(repr(str(n))[:40] for n in names[:10]) or "none"
        raise InputError(path, f"missing column(s) {', '.join(missing)} (found: {shown})", line)
    cols = {c: by_key[c] for c in NEEDED}
    id_col = next((by_key[c] for c in ID_COLUMNS if c in by_key), None)
    if id_col is not None:
        cols["id"] = id_col
    return cols


class _Lines:
    """Feeds csv.reader and remembers the first non-blank physical line of the current row."""

    def __init__(self, lines: Iterable[tuple[int, str]]):
        self._lines = iter(lines)
        self.start: int | None = None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        lineno, text = next(self._lines)
        if self.start is None and text.strip():
            self.start = lineno
        return text + "\n"

    def take_start(self) -> int | None:
        start, self.start = self.start, None
        return start


def read_csv(path, warn: Warn, delimiter: str | None = None) -> Iterator[Record | Skipped]:
    if delimiter is None:
        delimiter = "\t" if str(path).lower().endswith((".tsv", ".tab")) else ","
    kind = "TSV" if delimiter == "\t" else "CSV"
    lines = _Lines(iter_lines(path, warn, kind))
    # strict: an unclosed quote is an error instead of silently swallowing the rest of the file
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise InputError(path, f"unreadable {kind} header: {e}", lines.take_start() or 1) from None
    cols = _columns(path, header, lines.take_start() or 1)
    index = {k: header.index(v) for k, v in cols.items()}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Skipped(str(path), lines.take_start() or reader.line_num, f"bad {kind} row: {e}")
            continue
        line = lines.take_start() or reader.line_num
        if not any(c.strip() for c in row):  # csv.reader gives [] for a blank line
            continue
        cell = {k: row[i] if i < len(row) else None for k, i in index.items()}
        yield make_record(path, line, cell["title"], cell["abstract"], cell.get("id"))


def read_parquet(path, warn: Warn) -> Iterator[Record | Skipped]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, ValueError) as e:
        raise InputError(path, f"not a parquet file ({collapse_ws(str(e))[:200]})") from None
    with pf:
        cols = _columns(path, pf.schema_arrow.names, None)
        names = list(dict.fromkeys(cols.values()))
        row = 0
        try:
            for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=names):
                values = {k: batch.column(v).to_pylist() for k, v in cols.items()}
                for i in range(batch.num_rows):
                    row += 1
                    raw_id = values["id"][i] if "id" in values else None
                    yield make_record(path, row, values["title"][i], values["abstract"][i], raw_id)
        except (pa.ArrowException, OSError, ValueError) as e:
            raise InputError(path, f"unreadable parquet data ({collapse_ws(str(e))[:200]})", row + 1) from None
