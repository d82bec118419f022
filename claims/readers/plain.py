"""A plain-text or Markdown file holding one paper: the first non-empty line is the title."""
from __future__ import annotations

import re
from typing import Iterator

from claims.readers._decode import Warn, iter_lines
from claims.readers._record import Record, Skipped, make_record

_ATX = re.compile(r"#{1,6}(?:[ \t]+|$)")
_SETEXT_RULE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")


def _strip_heading(line: str) -> str:
    """'## Title ##' -> 'Title' (a Markdown ATX heading); other lines unchanged."""
    s = line.strip()
    m = _ATX.match(s)
    if not m:
        return s
    return s[m.end():].rstrip("#").strip()


def read_plain(path, warn: Warn) -> Iterator[Record | Skipped]:
    lines = iter_lines(path, warn, "text")
    title_line, title = None, ""
    for lineno, line in lines:
        if line.strip():
            title_line, title = lineno, _strip_heading(line)
            break
    if title_line is None:
        return
    rest: list[str] = []
    for _, line in lines:
        # the ==== / ---- underline of a Markdown setext title belongs to the title
        if not rest and _SETEXT_RULE.fullmatch(line):
            continue
        rest.append(line)
    yield make_record(path, title_line, title, "\n".join(rest))
