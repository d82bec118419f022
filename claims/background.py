"""The parts of an abstract: its background (the sentences before it first speaks of the
paper's own work: "we", "our", "this paper", "here,") and the rest.

Techniques named in the background are often what the paper moves away from ("LLMs are
deployed with quantization ..."), so the families scorer weighs them less; an abbreviation
defined there is a term of the field, not the paper's name for its method.
"""
from __future__ import annotations

import regex

from .patterns import SENTENCE_END, last_match

OWN_WORK = regex.compile(
    r"(?i)\b(?:we|our|us|this\s+(?:paper|work|study|article|report)|in\s+this|here,|herein)\b")


def background_end(abstract: str) -> int:
    """Where the abstract's own part starts: the sentence of its first "we/our/this paper"."""
    m = OWN_WORK.search(abstract)
    return 0 if m is None else sentence_start(abstract, m.start())


def sentence_start(text: str, pos: int, reach: int | None = None) -> int:
    """Start of the sentence holding ``pos`` (looking back at most ``reach`` characters)."""
    b = last_match(SENTENCE_END, text, 0 if reach is None else max(0, pos - reach), pos)
    return b.end() if b else 0
