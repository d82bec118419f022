"""Input readers: every supported file format streamed as Records.

    for rec in read_records("papers.jsonl", skip_bad=True, on_skip=log):
        ...

Formats (see FORMATS; detect_format picks one from the file name):

- "dump": a Hugging Face Daily Papers page saved as text (header, then title / abstract paragraphs)
- "jsonl": JSON Lines of {"title", "abstract", "id" | "arxiv_id" | "paper_id"} objects
- "json": a JSON array of such objects (loaded whole), a single pretty-printed object,
  or JSON Lines under a .json name
- "csv": CSV, or TSV for .tsv/.tab names, with title and abstract columns (id optional)
- "parquet": Parquet with title and abstract columns (id optional), read in batches
- "text": a plain-text or Markdown file holding one paper (first non-empty line is the title)

Errors: every reader is a generator, so nothing is read (and nothing raised) before the
first next(). A bad input or record raises InputError("path:line: reason") unless
skip_bad=True; then on_skip(Skipped(...)) is called (default: a warning) and reading goes
on with the next record, or the next file when the whole file is unreadable. Invalid
UTF-8 is replaced with U+FFFD and reported through warn(), as is an empty file.
"""
from __future__ import annotations

import os
import pathlib
import warnings
from typing import Callable, Iterator

from claims.errors import InputError
from claims.readers._decode import check_file, head
from claims.readers._record import Record, Skipped
from claims.readers.dump import looks_like_dump, read_dump
from claims.readers.jsonl import read_json, read_jsonl
from claims.readers.plain import read_plain
from claims.readers.tabular import read_csv, read_parquet

__all__ = [
    "FORMATS", "Record", "Skipped", "bundled_corpus", "detect_format", "read_many", "read_records",
]

FORMATS = ("dump", "jsonl", "json", "csv", "parquet", "text")

_BY_SUFFIX = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv", ".tab": "csv",
    ".parquet": "parquet", ".pq": "parquet",
    ".md": "text", ".markdown": "text",
}
_TEXT_SUFFIXES = (".txt", ".text", "")

_READERS = {
    "dump": read_dump,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "parquet": read_parquet,
    "text": read_plain,
}

Warn = Callable[[str], None]
OnSkip = Callable[[Skipped], None]


def _default_warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def detect_format(path) -> str:
    """The format for `path` from its extension.

    .txt (and files without a known extension) are looked at: a Daily Papers header makes
    "dump", a leading "[" "json", "{" "jsonl", the Parquet magic "parquet", anything else
    "text". Raises InputError when such a file has to be looked at and cannot be read.
    """
    suffix = pathlib.PurePath(str(path)).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    check_file(path)
    prefix = head(path)
    text = prefix.decode("utf-8", errors="replace").lstrip("\ufeff")
    if looks_like_dump(text.split("\n")[:50]):
        return "dump"
    if suffix in (".txt", ".text"):
        return "text"
    if prefix.startswith(b"PAR1"):
        return "parquet"
    first = text.lstrip()[:1]
    return {"[": "json", "{": "jsonl"}.get(first, "text")


def read_records(
    path,
    fmt: str | None = None,
    *,
    skip_bad: bool = False,
    on_skip: OnSkip | None = None,
    warn: Warn | None = None,
) -> Iterator[Record]:
    """Records of one file, one at a time (see the module docstring for formats and errors)."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    warn = warn or _default_warn
    if on_skip is None:
        def on_skip(s: Skipped) -> None:
            where = s.path if s.line is None else f"{s.path}:{s.line}"
            warn(f"skipped {where}: {s.reason}")
    return _read(path, fmt, skip_bad, on_skip, warn)


def _read(path, fmt, skip_bad: bool, on_skip: OnSkip, warn: Warn) -> Iterator[Record]:
    seen = 0
    try:
        st = check_file(path)
        if st.st_size == 0:
            warn(f"{path}: empty file, no records")
            return
        reader = _READERS[fmt or detect_format(path)]
        for item in reader(path, warn):
            seen += 1
            if isinstance(item, Record):
                yield item
            elif skip_bad:
                on_skip(item)
            else:
                raise InputError(item.path, item.reason, item.line)
    except InputError as e:
        if not skip_bad:
            raise
        on_skip(Skipped(e.path, e.line, e.reason))
        return
    if not seen:
        warn(f"{path}: no records found")


def _expand(path) -> list:
    """A directory becomes the files in it (recursively, sorted) whose names have a known format."""
    if not os.path.isdir(path):
        return [path]
    root = pathlib.Path(path)
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel) or not p.is_file():
            continue
        if p.suffix.lower() in _BY_SUFFIX or p.suffix.lower() in (".txt", ".text"):
            found.append(p)
    return found


def read_many(
    paths,
    fmt: str | None = None,
    *,
    skip_bad: bool = False,
    on_skip: OnSkip | None = None,
    warn: Warn | None = None,
) -> Iterator[Record]:
    """Records of several files in the order given.

    `paths` is an iterable of paths (a single str or Path is taken as one path). A directory
    expands to the files below it whose extension names a format (.txt, .md, .json, .jsonl,
    .ndjson, .csv, .tsv, .parquet, ...), sorted, hidden files and directories left out; a
    directory with no such file gives a warning. `fmt`, when given, applies to every file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    warn = warn or _default_warn
    for path in paths:
        files = _expand(path)
        if not files:
            warn(f"{path}: directory has no readable files")
        for f in files:
            yield from read_records(f, fmt, skip_bad=skip_bad, on_skip=on_skip, warn=warn)


def bundled_corpus() -> list[pathlib.Path]:
    """The Daily Papers dumps shipped in claims/data/corpus/, sorted by name."""
    return sorted((pathlib.Path(__file__).resolve().parent.parent / "data" / "corpus").glob("*.txt"))
