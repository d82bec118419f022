"""JSON Lines (streamed line by line) and JSON arrays of {"title", "abstract", "id"} objects."""
from __future__ import annotations

import decimal
import json
import re
from typing import Iterator

from claims.readers._decode import SNIFF_BYTES, Warn, head, iter_lines, read_text, refuse_binary
from claims.readers._record import Record, Skipped, make_record

ID_KEYS = ("id", "arxiv_id", "paper_id")
_WS = re.compile(r"[ \t\r\n]*")
# floats as Decimal so that a numeric arXiv id such as 2401.10020 keeps its trailing zero
_DECODER = json.JSONDecoder(parse_float=decimal.Decimal)


def _record(path, line: int, obj) -> Record | Skipped:
    if not isinstance(obj, dict):
        return Skipped(str(path), line, f"not a JSON object (got {type(obj).__name__})")
    raw_id = next((obj[k] for k in ID_KEYS if obj.get(k) not in (None, "")), None)
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, decimal.Decimal)):
        raw_id = None
    return make_record(path, line, obj.get("title"), obj.get("abstract"), raw_id)


def _why(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"invalid JSON: {e.msg} (column {e.colno})"
    if isinstance(e, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {e}"


def read_jsonl(path, warn: Warn, kind: str = "JSON Lines") -> Iterator[Record | Skipped]:
    for lineno, line in iter_lines(path, warn, kind):
        if not line.strip():
            continue
        try:
            obj = _DECODER.decode(line)
        except (ValueError, RecursionError) as e:
            yield Skipped(str(path), lineno, _why(e))
            continue
        yield _record(path, lineno, obj)


def read_json(path, warn: Warn) -> Iterator[Record | Skipped]:
    """A JSON array, a single pretty-printed object, or else JSON Lines under a .json name."""
    prefix = head(path, SNIFF_BYTES)
    refuse_binary(path, prefix, "JSON")
    start = prefix.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if start.startswith("["):
        yield from _read_array(path, warn)
    elif start.split("\n", 1)[0].strip() == "{":
        yield from _read_document(path, warn)
    else:
        yield from read_jsonl(path, warn, "JSON")


def _read_document(path, warn: Warn) -> Iterator[Record | Skipped]:
    text = read_text(path, warn, "JSON")
    try:
        obj = _DECODER.decode(text)
    except json.JSONDecodeError as e:
        yield Skipped(str(path), e.lineno, _why(e))
        return
    except RecursionError as e:
        yield Skipped(str(path), None, _why(e))
        return
    yield _record(path, text.count("\n", 0, len(text) - len(text.lstrip())) + 1, obj)


class _Lines:
    """Line number of an offset in `text`, counted incrementally (offsets only grow)."""

    def __init__(self, text: str):
        self.text, self.line, self.counted = text, 1, 0

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.counted, pos)
        self.counted = max(self.counted, pos)
        return self.line


def _read_array(path, warn: Warn) -> Iterator[Record | Skipped]:
    """Elements one by one with raw_decode, so each record knows the line it starts on.

    A syntax error stops the file: inside a broken array there is no safe place to resume.
    """
    text = read_text(path, warn, "JSON")
    lines = _Lines(text)
    n = len(text)
    pos = _WS.match(text, text.index("[") + 1).end()
    if text.startswith("]", pos):
        pos += 1
    else:
        while True:
            start = lines.at(pos)
            try:
                obj, pos = _DECODER.raw_decode(text, pos)
            except json.JSONDecodeError as e:
                yield Skipped(str(path), lines.at(min(e.pos, n)), _why(e))
                return
            except RecursionError as e:
                yield Skipped(str(path), start, _why(e))
                return
            yield _record(path, start, obj)
            pos = _WS.match(text, pos).end()
            if text.startswith(",", pos):
                pos = _WS.match(text, pos + 1).end()
            elif text.startswith("]", pos):
                pos += 1
                break
            else:
                found = repr(text[pos]) if pos < n else "the end of the file"
                yield Skipped(str(path), lines.at(pos), f"invalid JSON: expected ',' or ']' but found {found}")
                return
    pos = _WS.match(text, pos).end()
    if pos < n:
        yield Skipped(str(path), lines.at(pos), "invalid JSON: extra data after the array")
