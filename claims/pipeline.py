"""Records -> papers and claims: deduplication by normalised title, paper ids, paper-level
facts (method, families) and claim rows with their paper columns.

Streaming: `process` yields one (paper row, claim rows) pair per *new* paper as soon as it
is read; a later duplicate only adds a source, reported through `Dedup.extra_sources`.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .errors import ExtractionTimeout
from .extract import extract_field
from .families import detect_families
from .method import detect_method
from .text import normalise_title, paper_id


@dataclass
class Dedup:
    """What deduplication has seen: one 8-byte key per paper, and sources of repeats."""

    seen: set[bytes] = field(default_factory=set)                 # title keys read so far
    extra_sources: dict[bytes, list[str]] = field(default_factory=dict)  # title key -> later sources
    duplicates: int = 0

    def key(self, title: str) -> bytes:
        return hashlib.blake2b(normalise_title(title).encode("utf-8"), digest_size=8).digest()

    def admit(self, rec) -> bool:
        """True for the first record of a title; a repeat only adds its source."""
        k = self.key(rec.title)
        if k in self.seen:
            self.duplicates += 1
            self.extra_sources.setdefault(k, []).append(display_source(rec.source))
            return False
        self.seen.add(k)
        return True


@lru_cache(maxsize=1024)
def _display_path(path: str) -> str:
    from .output import display_name  # output imports pyarrow: not needed to extract

    return display_name(path)


def display_source(source: str) -> str:
    """'path:line' with a bundled file named by its package path, so outputs do not
    depend on where the package is installed."""
    path, sep, line = source.rpartition(":")
    if not sep or not line.isdigit():
        return source
    return f"{_display_path(path)}:{line}"


def claim_rows(title: str, abstract: str, pid: str, source: str,
               on_timeout: Callable[[str, str, str], None] | None = None,
               fields: tuple[str, ...] = ("title", "abstract")) -> list[dict]:
    """The claim rows of a paper's fields, with their paper columns."""
    claims: list[dict] = []
    for fname, text in (("title", title), ("abstract", abstract)):
        if not text or fname not in fields:
            continue
        try:
            rows = extract_field(text)
        except ExtractionTimeout as exc:
            if on_timeout is None:
                raise
            on_timeout(source, fname, str(exc))
            continue
        for r in rows:
            r["paper_id"] = pid
            r["claim_id"] = f"{pid}:{fname[0]}{r.pop('field_start')}:{r['kind']}:{r['target'] or ''}"
            r["title"] = title
            r["field"] = fname
        claims.extend(rows)
    return claims


def paper_rows(title: str, abstract: str, source: str, raw_id: str | None,
               on_timeout: Callable[[str, str, str], None] | None = None) -> tuple[dict, list[dict]]:
    """The paper row and its claim rows for one record (no deduplication)."""
    pid = paper_id(title, raw_id)
    source = display_source(source)
    claims = claim_rows(title, abstract, pid, source, on_timeout)
    paper = {
        "paper_id": pid,
        "title": title,
        "abstract": abstract,
        "source": [source],
        "method": detect_method(title, abstract),
        "families": detect_families(title, abstract),
    }
    return paper, claims


def process(records: Iterable, dedup: Dedup | None = None,
            on_timeout: Callable[[str, str, str], None] | None = None) -> Iterator[tuple[dict, list[dict]]]:
    """Yield (paper, claims) for each new paper of `records` (Record-like: title, abstract, source, raw_id)."""
    dedup = dedup if dedup is not None else Dedup()
    for rec in records:
        if dedup.admit(rec):
            yield paper_rows(rec.title, rec.abstract, rec.source, rec.raw_id, on_timeout)
