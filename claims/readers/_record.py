"""The two things a reader yields: a Record, or a Skipped for one bad record or input."""
from __future__ import annotations

from typing import NamedTuple

from claims.text import collapse_ws


class Record(NamedTuple):
    """One paper as read: text with whitespace collapsed (claims.text.collapse_ws)."""

    title: str
    abstract: str  # "" when the input has none
    source: str  # "path:line" where the record starts (parquet: "path:row", 1-based)
    raw_id: str | None  # the record's id / arxiv_id / paper_id field, if any


class Skipped(NamedTuple):
    """One input or record that could not be read."""

    path: str
    line: int | None
    reason: str


def make_record(path, line: int, title, abstract, raw_id=None) -> Record | Skipped:
    """A Record with whitespace collapsed, or a Skipped when the title is missing or not text."""
    if title is None:
        return Skipped(str(path), line, "record has no title")
    if not isinstance(title, str):
        return Skipped(str(path), line, f"title is not text (got {type(title).__name__})")
    title = collapse_ws(title)
    if not title:
        return Skipped(str(path), line, "record has an empty title")
    if abstract is None:
        abstract = ""
    elif not isinstance(abstract, str):
        return Skipped(str(path), line, f"abstract is not text (got {type(abstract).__name__})")
    if raw_id is not None:
        raw_id = collapse_ws(str(raw_id)) or None
    return Record(title, collapse_ws(abstract), f"{path}:{line}", raw_id)
