"""Typing: which kind a number (or a group of numbers) is, from its unit and the cue words
of its own clause.

The unit decides when it can (bits, bytes, tokens/s, $); otherwise the cue nearest the
number wins, in this order: a cue in the noun phrase right after the number ("2.4x
speedup", "83% accuracy"), then the nearest cue before it in the clause ("reduces memory by
65%"), then a cue further right. Weak cues (generic words like "model" or "performance")
count only when no strong cue is found. A bare number with no cue close by is not a claim.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from .context import MODEL
from .patterns import CUES

# Kinds each unit class may take.
_ALL_RATIO = ("speedup", "latency", "throughput", "memory", "model_size", "compression", "compute",
              "energy", "cost", "data_size", "context_length", "trainable_params", "perplexity", "other")
ALLOWED: dict[str, frozenset[str]] = {
    "pct": frozenset(_ALL_RATIO + ("sparsity", "score")) - {"context_length", "perplexity"},
    "times": frozenset(_ALL_RATIO),
    "scale": frozenset(("model_size", "data_size", "context_length", "trainable_params", "compute", "count")),
    "bare": frozenset(("perplexity", "score", "context_length", "compute", "data_size", "count", "other",
                       "latency", "model_size", "trainable_params", "sparsity")),
}
_FORCED_BY_UNIT = {"bit": "bit_width", "mem": "memory", "rate": "throughput", "gpuh": "compute",
                   "flops": "compute", "energy": "energy", "time": "latency", "usd": "cost"}

_WEAK = regex.compile(
    r"^(?:models?|LLMs?|networks?|transformers?|checkpoints?|scales?|performance|improv\w*|gains?|boosts?"
    r"|outperform\w*|better|higher|benchmark|points?|scores?|generating|generate|lengths?|windows?"
    r"|sequences?|speed|data(?:set)?|corpus|corpora|compute|computation(?:al)?|precision|devices?|storage"
    r"|questions|problems|prompts|remove|removed|quanti[sz]\w*|loss|power|delay)$",
    regex.IGNORECASE,
)
# Where the noun phrase after a number ends.
_ZONE_END = regex.compile(
    r"[,;:.()]\s|[,;:()]|\s(?:and|while|compared|than|over|with|for|at|when|using|via|vs\.?|versus|across|against|relative|respectively|but|which|whereas)\b",
    regex.IGNORECASE,
)
_CONTEXT_WORDS = regex.compile(r"context|window|sequence|long|length|input|prompt", regex.IGNORECASE)
_TRAINABLE = regex.compile(r"trainable|tunable|learnable|fine-?tun|updat", regex.IGNORECASE)
_INCREASE_NEAR = regex.compile(r"improv|gain|boost|outperform|surpass|better|increas|higher|enhanc", regex.IGNORECASE)
_SPEED_NEAR = regex.compile(r"fast|speed|quick|accelerat", regex.IGNORECASE)
_CLAUSE_BREAK = regex.compile(r";")
_LEFT_REACH = 70
_RIGHT_REACH = 45


def clause_of(text: str, start: int, end: int, starts: list[int]) -> tuple[int, int]:
    i = bisect.bisect_right(starts, start) - 1
    cs = starts[i]
    ce = starts[i + 1] if i + 1 < len(starts) else len(text)
    semi = text.rfind(";", cs, start)
    if semi >= 0:
        cs = semi + 1
    semi = text.find(";", end, ce)
    if semi >= 0:
        ce = semi
    return cs, ce


def _unit_key(atom) -> str:
    if atom.unit_class in ("pct", "times"):
        return atom.unit_class
    if atom.scale:
        return "scale"
    return "bare"


_TOKEN = regex.compile(r"[A-Za-z$][\w@+-]*(?:/s\b)?")


@lru_cache(maxsize=262144)
def _cue_kind(phrase: str) -> str | None:
    m = CUES.fullmatch(phrase)
    return m.lastgroup if m else None


def _cues(text: str, lo: int, hi: int):
    """(kind, start, end, text) of each cue in text[lo:hi], longest phrase first.

    The window is tokenised and each 1-3 word phrase is looked up through a cache of
    CUES.fullmatch: scanning with the big alternation costs ~1 us a character.
    """
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, lo, hi)]
    i, n = 0, len(toks)
    while i < n:
        for width in (3, 2, 1):
            if i + width > n:
                continue
            s, e = toks[i][0], toks[i + width - 1][1]
            phrase = text[s:e]
            if width > 1 and "  " in phrase:
                continue
            kind = _cue_kind(phrase)
            if kind:
                yield kind, s, e, phrase
                i += width
                break
        else:
            i += 1


def _choose(text: str, key: str, start: int, end: int, cs: int, ce: int) -> str | None:
    allowed = ALLOWED[key]
    zm = _ZONE_END.search(text, end, min(ce, end + _RIGHT_REACH))
    zone_end = zm.start() if zm else min(ce, end + _RIGHT_REACH)
    right = [(k, s, t) for k, s, e, t in _cues(text, end, min(ce, end + _RIGHT_REACH)) if k in allowed]
    left = [(k, e, t) for k, s, e, t in _cues(text, max(cs, start - _LEFT_REACH), start) if k in allowed]
    left.reverse()  # nearest first
    for strong in (True, False):
        zone = [(k, s, t) for k, s, t in right if s < zone_end and bool(_WEAK.match(t)) != strong]
        if zone:
            kinds = [k for k, _, _ in zone]
            if kinds[0] == "speedup":
                for specific in ("throughput", "latency"):
                    if specific in kinds:
                        return specific
            if key == "bare" and zone[0][1] - end > 2 and strong is False:
                continue
            return kinds[0]
        near = [(k, e, t) for k, e, t in left if bool(_WEAK.match(t)) != strong]
        if near:
            k, e, _ = near[0]
            if key == "bare" and start - e > 25:
                pass
            else:
                return k
        if key not in ("bare", "scale"):
            far = [(k, s, t) for k, s, t in right if bool(_WEAK.match(t)) != strong]
            if far:
                return far[0][0]
    return None


def _default(text: str, key: str, atom, start: int, end: int, cs: int, ce: int) -> str | None:
    window = text[max(cs, start - 40):min(ce, end + 30)]
    if key == "pct":
        return "score" if _INCREASE_NEAR.search(window) else "other"
    if key == "times":
        return "speedup" if _SPEED_NEAR.search(window) else "other"
    if key == "scale":
        sc = atom.scale.lower()
        if sc[0] in "k" or sc.startswith("thousand"):
            return "context_length" if _CONTEXT_WORDS.search(window) else "data_size"
        if sc[0] == "t":
            return "data_size"
        return "model_size"
    return None


def _refine(kind: str, text: str, atom, start: int, end: int, cs: int, ce: int) -> str:
    if kind == "model_size" and atom.unit_class in (None, "pct") and _TRAINABLE.search(
            text, max(cs, start - 40), min(ce, end + 40)):
        return "trainable_params"
    if kind == "data_size" and atom.scale and _CONTEXT_WORDS.search(text, max(cs, start - 30), min(ce, end + 25)):
        nxt = text[end:end + 12].lower()
        if "token" in nxt or "context" in nxt or "length" in nxt or "long" in nxt:
            return "context_length" if "long" in nxt or _CONTEXT_WORDS.search(text, max(cs, start - 30), start) else kind
    return kind


def _in_model_name(text: str, atom) -> bool:
    """'Mistral-7B', 'LLaMA 1B': a B/M size inside a model's name is its parameter count."""
    if not atom.scale or atom.scale[0].lower() not in "bm":
        return False
    for m in MODEL.finditer(text, max(0, atom.start - 40), min(len(text), atom.end + 20)):
        if m.start() <= atom.start and m.end() >= atom.end:
            return True
    return False


def classify(text: str, group: list, starts: list[int]):
    """Yield (atom, kind or None, clause) for each atom of a group."""
    first, last = group[0], group[-1]
    cs, ce = clause_of(text, first.start, last.end, starts)
    shared: str | None = None
    pending = []
    for atom in group:
        if atom.kind:
            yield atom, atom.kind, (cs, ce)
            continue
        forced = _FORCED_BY_UNIT.get(atom.unit_class or "")
        if forced:
            yield atom, forced, (cs, ce)
            continue
        pending.append(atom)
    if not pending:
        return
    key = _unit_key(pending[-1])
    kind = None
    if key == "scale" and _in_model_name(text, pending[-1]):
        kind = "model_size"
    kind = kind or _choose(text, key, first.start, last.end, cs, ce)
    if kind is None and len(pending) == 1 and pending[0] is not last:
        kind = _choose(text, key, pending[0].start, pending[0].end, cs, ce)
    if kind is None:
        kind = _default(text, key, pending[-1], first.start, last.end, cs, ce)
    for atom in pending:
        k = kind
        if _unit_key(atom) != key:
            k = _choose(text, _unit_key(atom), atom.start, atom.end, cs, ce) or \
                _default(text, _unit_key(atom), atom, atom.start, atom.end, cs, ce)
        if k is not None:
            k = _refine(k, text, atom, atom.start, atom.end, cs, ce)
        shared = shared or k
        yield atom, k, (cs, ce)
