"""Text as stored: whitespace collapsed, plus the normalised title and the paper id."""
from __future__ import annotations

import hashlib
import unicodedata

import regex

_WS = regex.compile(r"\s+")
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_ARXIV_ID = regex.compile(r"(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", regex.I)


def collapse_ws(text: str) -> str:
    """Runs of whitespace (newlines, indentation, NBSP) become one space; ends are stripped."""
    return _WS.sub(" ", text).strip()


def normalise_title(title: str) -> str:
    """The key that says two records are the same paper: case, accents and punctuation folded."""
    folded = unicodedata.normalize("NFKD", title).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def arxiv_id(raw: str | None) -> str | None:
    """A bare arXiv id ('2403.03507') from an id-ish string, or None when it is not one."""
    if not raw:
        return None
    m = _ARXIV_ID.fullmatch(str(raw).strip())
    return m.group(1) if m else None


def paper_id(title: str, raw_id: str | None = None) -> str:
    """Stable across runs: the arXiv id when the record has one, else a hash of the normalised title."""
    aid = arxiv_id(raw_id)
    if aid:
        return aid
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:16]
    return f"t:{digest}"
