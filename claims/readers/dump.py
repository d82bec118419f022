"""The Hugging Face "Daily Papers" page saved as text: a header, then title / abstract paragraphs.

Shape of the file: a few header lines (site chrome such as "Daily Papers" and an optional
"Mar 17" date line), then paragraphs separated by blank lines that alternate title, abstract.
Paragraphs are usually one line; a hard-wrapped paragraph is joined.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from claims.readers._decode import Warn, iter_lines
from claims.readers._record import Record, Skipped, make_record

HEADER_PHRASES = frozenset(
    p.casefold()
    for p in (
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "by AK and the research community",
        "byAK and the research community",
    )
)
# phrases that on their own say "this is a Daily Papers page" ("new" and "Subscribe" do not)
_DISTINCTIVE = frozenset(
    p.casefold()
    for p in (
        "Get trending papers in your email inbox!",
        "Daily Papers",
        "by AK and the research community",
        "byAK and the research community",
    )
)
_DATE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?",
    re.I,
)
_MAX_HEADER_LINE = 60


def is_header_line(line: str) -> bool:
    s = line.strip()
    if len(s) > _MAX_HEADER_LINE:  # cheap exit for long lines before any regex
        return False
    return s.casefold() in HEADER_PHRASES or _DATE.fullmatch(s) is not None


def looks_like_dump(lines: Iterable[str]) -> bool:
    """True when the leading non-empty lines are header lines and one of them is distinctive."""
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if not is_header_line(s):
            return False
        if s.casefold() in _DISTINCTIVE:
            return True
    return False


def _body_lines(path, warn: Warn) -> Iterator[tuple[int, str]]:
    """The file's lines after the header (header lines only count before the first paper)."""
    lines = iter_lines(path, warn, "Daily Papers dump")
    for lineno, line in lines:
        if line.strip() and not is_header_line(line):
            yield lineno, line
            break
    yield from lines


def _paragraphs(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of non-blank lines."""
    start, parts = None, []
    for lineno, line in lines:
        if line.strip():
            if start is None:
                start = lineno
            parts.append(line)
        elif start is not None:
            yield start, " ".join(parts)
            start, parts = None, []
    if start is not None:
        yield start, " ".join(parts)


def read_dump(path, warn: Warn) -> Iterator[Record | Skipped]:
    title: tuple[int, str] | None = None
    for lineno, para in _paragraphs(_body_lines(path, warn)):
        if title is None:
            title = (lineno, para)
        else:
            yield make_record(path, title[0], title[1], para)
            title = None
    if title is not None:
        yield Skipped(str(path), title[0], "title without an abstract at the end of the dump")
