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

from .context import MODEL_FAMILIES, MODEL, model_mentions
from .kinds import SPECS
from .patterns import CUES, last_match
from .units import head_noun, noun_within

# Kinds each unit class may take.
_ALL_RATIO = ("speedup", "latency", "throughput", "memory", "model_size", "compression", "compute",
              "energy", "cost", "data_size", "context_length", "trainable_params", "perplexity", "other")
ALLOWED: dict[str, frozenset[str]] = {
    "pct": frozenset(_ALL_RATIO + ("sparsity", "score")) - {"context_length"},
    "times": frozenset(_ALL_RATIO),
    "scale": frozenset(("model_size", "data_size", "context_length", "trainable_params", "compute")),
    "bare": frozenset(("perplexity", "score", "context_length", "compute", "data_size", "count", "other",
                       "latency", "trainable_params", "sparsity", "compression")),
    # percentage points: a difference between two percentages ("beats it by 2.2 points")
    "pp": frozenset(("score", "sparsity", "compression", "trainable_params", "other")),
}
_FORCED_BY_UNIT = {"bit": "bit_width", "mem": "memory", "rate": "throughput", "gpuh": "compute",
                   "flops": "compute", "energy": "energy", "time": "latency", "usd": "cost"}

_WEAK = regex.compile(
    r"^(?:models?|LLMs?|networks?|transformers?|checkpoints?|scales?|performance|improv\w*|gains?|boosts?"
    r"|outperform\w*|better|higher|benchmark|points?|scores?|results?|generating|generate|lengths?|windows?"
    r"|sequences?|speed|larger|smaller|bigger|data(?:set)?|corpus|corpora|compute|computation(?:al)?|precision|devices?|storage"
    r"|questions|problems|prompts|remove|removed|quanti[sz]\w*|loss|power|delay)$",
    regex.IGNORECASE,
)
# Where the noun phrase after a number ends.
_ZONE_END = regex.compile(
    r"[,;:.()]\s|[,;:()]|\s(?:and|while|compared|than|over|with|for|at|when|using|via|vs\.?|versus|across|against|relative|respectively|but|which|whereas|on)\b",
    regex.IGNORECASE,
)
_CONTEXT_WORDS = regex.compile(r"context|window|sequence|long|length|input|prompt", regex.IGNORECASE)
_TRAINABLE = regex.compile(r"trainable|tunable|learnable", regex.IGNORECASE)
I = regex.IGNORECASE
# sparsity: "prune 20% of parameters", "50% of X's parameters is removed"
_PRUNE_BEFORE = regex.compile(r"prun\w*|sparsif\w*|remov\w*|\bdrop(?:s|ped|ping)?\b|\bskip\w*", I)
_REMOVED_AFTER = regex.compile(
    r"(?:[^,;.]|\.(?=\d)){0,50}?\b(?:(?:is|are)|layers|heads|blocks|experts|neurons|channels|weights|parameters)\s+"
    r"(?:removed|pruned|dropped|skipped)\b", I)  # "50% of X's parameters is removed", "25% layers removed"
# a percentage with no cue is a score when it is gained, lost, kept, solved or reached ...
_INCREASE_NEAR = regex.compile(r"improv|gain|boost|outperform|outscor|surpass|beat|exceed|better|increas|higher|enhanc|rais|lift|advantage", I)
_DROP_NEAR = regex.compile(r"\s*\b(?:\w+\s+)??(?:drops?|degrad\w*|declin\w*|falls?|fell)\b", I)  # "a 16% drop"
_GAP = regex.compile(r"\bgaps?\b", I)  # "narrows the gap to FP16 by 20%"
_SHARE_SCORE = regex.compile(r"\b(?:retain|keep|preserv|maintain|recover)\w*\s+(?:\w+\s+){0,2}$", I)  # "keeps 93% of"
_SOLVES = regex.compile(r"\b(?:solv|complet|pass|answer|resolv|succeed|fix)\w*", I)  # "solves 31% of the problems"
_OF_TASKS = regex.compile(
    r"\s+of\s+(?:the\s+|all\s+)?(?:\w+\s+)?(?:tasks|problems|questions|queries|instances|cases|issues)\b", I)
_DECREASE_NEAR = regex.compile(r"reduc|lower|decreas|cut|mitigat|drop", I)  # ... unless it is a reduction
# a bare number is a score in "by over 12 points", "4.0 improvements", "beats X by +3.9"
_POINTS_AFTER = regex.compile(r"[\s-]+(?:(?:absolute|accuracy|percentage)\s+)?(?:points?|improvements?|gains?)\b", I)
_MARGIN_BEFORE = regex.compile(r"\bmargins?\s+of\s+(?:about\s+|over\s+|up\s+to\s+|nearly\s+)?$", I)
SAMPLE_SIZE_BEFORE = regex.compile(r"\b[Nn]\s?=\s?$")
# a KV-cache budget: "a 4096-token cache", "8K cache budget", "a cache budget of 1,024"
_CACHE_AFTER = regex.compile(r"(?:\s?-?\s?tokens?)?[-\s](?:KV[-\s])?cache\b(?!\s+(?:hit|size|memory|footprint))", I)
_CACHE_BUDGET_BEFORE = regex.compile(r"\b(?:KV[-\s])?cache\s+(?:budgets?|sizes?)\s+(?:of\s+)?(?:only\s+|up\s+to\s+)?$", I)
_BY_BEFORE = regex.compile(r"\bby\s+(?:(?:over|more\s+than|up\s+to|about|around|nearly|almost|roughly|at\s+least)\s+)?$", I)
_SPEED_NEAR = regex.compile(r"fast|speed|quick|accelerat|outperform", regex.IGNORECASE)
_LEVEL_VERB = regex.compile(r"\b(?:achiev\w*|reach\w*|attain\w*|results?)\b", regex.IGNORECASE)
_THAN_MODEL = regex.compile(r"\s(?:smaller|larger|bigger)\s+than\s+(?:the\s+)?", regex.IGNORECASE)
# "Yi-200K", "Phi-3-128K", "LLaMA-3-1M": a context length in a model's name
_NAMED_CONTEXT = regex.compile(rf"(?:{MODEL_FAMILIES})[\w.]*-(?:[\w.]+-)?$")
_EXTEND_BEFORE = regex.compile(r"\b(?:extend|extends|extended|extending|extrapolat\w*|scal(?:e|es|ed|ing)\s+up)\b", I)
_MODEL_AHEAD = regex.compile(rf"\s+(?:(?:{MODEL_FAMILIES})[\w.-]*\s+)?(?:language\s+)?(?:models?|LLMs?|transformers?)\b")
# tokens a model reads or writes, cut: the sequence is compressed, it is not an amount of data
_FEWER_TOKENS = regex.compile(
    r"(?:reasoning|thinking|visual|vision|image|video|output|generated|prompt)\s+tokens?", regex.IGNORECASE)
_LENGTH_BEFORE = regex.compile(r"\b(?:generat\w*|output\w*|decod\w*|(?:input|prompt|sequence|context|window)s?\s+of)\s+(?:up\s+to\s+)?$",
                               regex.IGNORECASE | regex.REVERSE)
_CONTEXT_AFTER = regex.compile(r"\s?-?(?:tokens?[-\s])?(?:long\b|context|length|window|sequence)", regex.IGNORECASE)
_CONTEXT_SIZE = regex.compile(r"\b(?:context|sequence)[-\s](?:lengths?|windows?|sizes?)\b", I)
# what may stand between "context lengths" and one of its sizes: other sizes and list words
# (items atomic: a run of digits or spaces is read one way only, so this stays linear)
_SIZE_LIST = regex.compile(r"(?:(?>\s+|,\s*|(?:from|to|of|up|and|or|between|tokens?)\b|\d[\d.]*[KkMm]?\b))*", I)
_TOKENS_AFTER = regex.compile(r"\s?-?tokens?\b", regex.IGNORECASE)
_PARAMS_AFTER = regex.compile(r"\s?-?param", regex.IGNORECASE)
_ACTIVATED_BEFORE = regex.compile(r"\bactivat\w*", I)
_OF_AFTER = regex.compile(r"\s+of\b", regex.IGNORECASE)
_BENCH_AFTER = regex.compile(r"\s(?:on|for|in)\s+(?:the\s+)?[A-Z][\w-]*[A-Z0-9]")
_GPU_NEAR = regex.compile(r"\b(?:GPUs?|[AHV]100s?|H800s?|TPUs?|NPUs?)\b")
_DATA_AFTER = regex.compile(r"\s(?:of\s)?(?:\w+[-\s])?(?:text|data|corpus|corpora|tokens)\b", regex.IGNORECASE)
_LEFT_REACH = 70
_BOUNDARIES = (", ", " and ", " while ", " but ", " whereas ", " or ")


def _left_bound(text: str, lo: int, start: int) -> int:
    """The left window stops at the last phrase boundary before the number."""
    best = lo
    for b in _BOUNDARIES:
        i = text.rfind(b, lo, start)
        if b == ", " and i >= 4 and text[i - 4:i] in ("e.g.", "i.e."):
            i = text.rfind(b, lo, i)  # "success rates (e.g., from 8% to 20%)": not a boundary
        if i >= 0 and i + len(b) > best:
            best = i + len(b)
    return best


# how far the look-ups "what follows the number" read; with no end, `regex` would first scan
# the rest of the text for the pattern's required literal on every call
_AHEAD = 80
_NOT_FAR = frozenset(("data_size", "model_size", "count"))
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
    if atom.unit_surface == "pp":
        return "pp"
    if atom.unit_class in ("pct", "times"):
        return atom.unit_class
    if atom.scale:
        return "scale"
    return "bare"


_TOKEN = regex.compile(r"[A-Za-z$][\w@+-]*(?:/s\b)?")


_KIND_CUES = tuple((s.kind, regex.compile(s.cues, regex.VERBOSE | regex.IGNORECASE)) for s in SPECS)


@lru_cache(maxsize=262144)
def _cue_kinds(phrase: str) -> tuple[str, ...]:
    """Every kind whose cues name `phrase` ("LLMs": model_size and count), in priority order."""
    if not CUES.fullmatch(phrase):
        return ()
    return tuple(kind for kind, rx in _KIND_CUES if rx.fullmatch(phrase))


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
            kinds = _cue_kinds(phrase)
            if kinds:
                yield kinds, s, e, phrase
                i += width
                break
        else:
            i += 1


def _first_allowed(kinds: tuple[str, ...], allowed: frozenset[str]) -> str | None:
    for k in kinds:
        if k in allowed:
            return k
    return None


def _choose(text: str, key: str, start: int, end: int, cs: int, ce: int) -> str | None:
    allowed = ALLOWED[key]
    zm = _ZONE_END.search(text, end, min(ce, end + _RIGHT_REACH))
    zone_end = zm.start() if zm else min(ce, end + _RIGHT_REACH)
    right = [(k, s, t) for ks, s, e, t in _cues(text, end, min(ce, end + _RIGHT_REACH))
             if (k := _first_allowed(ks, allowed))]
    left_lo = _left_bound(text, max(cs, start - _LEFT_REACH), start)
    left = [(k, e, t) for ks, s, e, t in _cues(text, left_lo, start)
            if (k := _first_allowed(ks, allowed))]
    zone = [(k, s, t) for k, s, t in right if s < zone_end]
    if key == "bare" and "." not in text[start:end] and len(zone) > 1 and "-" in zone[0][2] and zone[1][0] == "count":
        return "count"  # "46 widely used long-context LLMs": a modifier, then what was counted
    if zone and zone[0][1] - end <= 2 and (key != "bare" or not _WEAK.match(zone[0][2]) or zone[0][0] == "count"):
        if _WEAK.match(zone[0][2]):  # "49.6% higher throughput": the noun after the comparative
            strong = [c for c in zone[1:] if not _WEAK.match(c[2])]
            if strong:
                return _specific(strong)
        return _specific(zone)  # the noun right after the number: "7B model", "83% accuracy"
    left_reach = (45 if "." in text[start:end] else 25) if key == "bare" else _LEFT_REACH
    for strong in (True, False):
        if not strong and key == "pct" and _OF_TASKS.match(text, end, end + _AHEAD) \
                and _SOLVES.search(text, max(cs, start - 30), start):
            return "score"  # "solves 31% of the problems": a success rate, not an amount of data
        cands = [(s - end, k) for k, s, t in zone if bool(_WEAK.match(t)) != strong
                 and (key != "bare" or strong)]
        cands += [(start - e, k) for k, e, t in left if bool(_WEAK.match(t)) != strong and start - e <= left_reach]
        if key == "pct" and not strong:  # "narrows the gap to FP16 models by 20%": a percentage
            cands = [c for c in cands if c[1] != "model_size"]  # of a model is said with "size"
        if cands:
            best = min(cands)
            if best[1] == "speedup":
                return _specific([(k, 0, "") for _, k in sorted(cands)])
            return best[1]
        if key not in ("bare", "scale"):
            # a cue further right, in the same phrase: not past "while ..." ("beats it by 2.2
            # points while delivering a 21% acceleration")
            far_end = _far_end(text, end, ce)
            far = [k for k, s, t in right if bool(_WEAK.match(t)) != strong and k not in _NOT_FAR and s < far_end]
            if far:
                return far[0]
    return None


_FAR_STOP = regex.compile(r"\s(?:while|whereas|but|yet)\s|;")


def _far_end(text: str, end: int, ce: int) -> int:
    m = _FAR_STOP.search(text, end, min(ce, end + _RIGHT_REACH))
    return m.start() if m else ce


def _specific(cues) -> str:
    """Speedup is the generic word: "speedup in throughput" is throughput."""
    kinds = [k for k, _, _ in cues]
    if kinds[0] == "speedup":
        for specific in ("throughput", "latency"):
            if specific in kinds:
                return specific
    return kinds[0]


def _default(text: str, key: str, atom, start: int, end: int, cs: int, ce: int) -> str | None:
    window = text[max(cs, start - 40):min(ce, end + 30)]
    if key == "pp":
        return "score"  # a gap between percentages with no other cue: accuracy-like
    if key == "pct":  # a percentage gained, reached, or scored on a benchmark: "77.7% on PIQA"
        if _INCREASE_NEAR.search(window) or _DROP_NEAR.search(text, max(cs, start - 40), start) \
                or _DROP_NEAR.match(text, end, end + _AHEAD) \
                or _GAP.search(text, max(cs, start - 100), start) \
                or _SHARE_SCORE.search(text, max(cs, start - 40), start) or _OF_TASKS.match(text, end, end + _AHEAD):
            return "score"
        # reached, or measured on a benchmark, unless it is a reduction ("reduces toxicity by
        # up to 90% on RealToxicityPrompts and 49% on ToxiGen" is not a score)
        if (_LEVEL_VERB.search(text, max(cs, start - 25), start) or _BENCH_AFTER.match(text, end, end + _AHEAD)) \
                and not _DECREASE_NEAR.search(text, max(cs, start - 100), min(ce, end + 30)):
            return "score"
        return "other"
    if key == "times":
        return "speedup" if _SPEED_NEAR.search(window) else "other"
    if key == "bare":
        if (atom.sign == "+" or _INCREASE_NEAR.search(text, max(cs, start - 40), start)) \
                and _BY_BEFORE.search(text, max(cs, start - 20), start):
            return "score"  # "beats DeepStack by +3.9", "improves both by 2.7 and 2.9"
        if atom.sign == "+" and _INCREASE_NEAR.search(text, cs, start):
            return "score"  # "gains of +1.37 for A, +2.39 for B and +5.05 for C"
        if _CACHE_BUDGET_BEFORE.search(text, max(cs, start - 30), start):
            return "other"  # "under a fixed cache budget of 1,024"
        if _MARGIN_BEFORE.search(text, max(cs, start - 30), start):
            return "score"  # "beats the larger model by a margin of 1.66 on GLUE"
        if "." in text[start:end] and _BENCH_AFTER.match(text, end, end + _AHEAD):
            return "score"  # "a 29.61 win rate on AlpacaEval 2 and 7.35 on MT-Bench"
        if _benchmark_size(text, atom, end):
            return "data_size"  # "comprising 1,500 queries"
        if _POINTS_AFTER.match(text, end, end + _AHEAD):
            return "score"  # "outscores A and B by over 12 points", "a 13 points difference", "4.0 improvements"
    if key == "scale":
        sc = atom.scale.lower()
        if sc[0] in "k" or sc.startswith("thousand"):
            return "context_length" if _CONTEXT_WORDS.search(window) else "data_size"
        if sc[0] == "t":
            return "data_size"
        return "model_size"
    return None


def _refine(kind: str, text: str, atom, start: int, end: int, cs: int, ce: int) -> str:
    if atom.unit_class is None and not atom.scale and SAMPLE_SIZE_BEFORE.search(text, max(cs, start - 6), start):
        return "data_size"  # "(N=15,000)": a study's sample size
    if kind in ("count", "score", "other") and atom.unit_class is None and not atom.scale \
            and _benchmark_size(text, atom, end):
        return "data_size"  # "3,000 questions" after a count or score cue
    if (kind in ("trainable_params", "other") or kind == "model_size" and _OF_AFTER.match(text, end, end + _AHEAD)) \
            and atom.unit_class in ("pct", "times") \
            and (_PRUNE_BEFORE.search(text, max(cs, start - 40), start) or _REMOVED_AFTER.match(text, end, end + _AHEAD)):
        return "sparsity"  # "prune 20% of parameters", "the final 25% of layers", "50% of X's parameters is removed"
    if kind in ("other", "speedup") and atom.unit_class == "times":
        m = _THAN_MODEL.match(text, end, end + _AHEAD)
        if m and MODEL.match(text, m.end()):
            return "model_size"  # "1200x smaller than GPT-3"
    if kind in ("compute", "data_size") and atom.scale and atom.scale in "bBmM" \
            and _MODEL_AHEAD.match(text, end, end + _AHEAD):
        return "model_size"  # "on a single H100 it prunes a 7B LLaMA model"
    if kind in ("data_size", "other") and atom.unit_class in ("pct", "times") \
            and _FEWER_TOKENS.search(text, max(cs, start - 40), min(ce, end + 50)):
        return "compression"  # "13.2% fewer reasoning tokens", "removes 90% of visual tokens"
    if kind in ("data_size", "context_length") and atom.unit_class is None and _CACHE_AFTER.match(text, end, end + _AHEAD):
        return "other"  # "a 4096-token cache", "with 8K cache budget": a KV budget, not data or a context
    if kind == "data_size" and atom.unit_class == "pct" and _BENCH_AFTER.match(text, end, end + _AHEAD) \
            and not _DECREASE_NEAR.search(text, max(cs, start - 100), min(ce, end + 30)):
        return "score"  # "with a 4096-token cache it reaches 72% on MATH-500": a share of tokens has no benchmark
    if kind == "data_size" and _LENGTH_BEFORE.search(text, max(cs, start - 24), start):
        return "context_length"  # "generating 1024 tokens", "context windows of up to 128,000 tokens"
    if kind in ("data_size", "model_size") and atom.scale and (
            atom.scale in "kK" or atom.scale in "mM" and atom.value <= 4e6) \
            and _NAMED_CONTEXT.search(text, max(0, start - 25), start):
        return "context_length"  # "Yi-200K", "LLaMA-3-1M"
    if kind == "data_size" and atom.scale and atom.scale in "kKmM" and head_noun(text, end) in (None, "tokens") \
            and _EXTEND_BEFORE.search(text, max(cs, start - 60), start):
        return "context_length"  # "extends the LLaMA model to 128k tokens"
    if kind == "model_size" and atom.scale and atom.scale[0] in "tT" and not _PARAMS_AFTER.match(text, end, end + _AHEAD):
        return "data_size"  # "BitNet-b1.58-2B-4T": trillions are tokens
    if kind == "model_size" and atom.unit_class == "pct" and _OF_AFTER.match(text, end, end + _AHEAD):
        return "trainable_params"  # "only 0.2% of the model parameters"
    if kind == "context_length" and atom.scale and head_noun(text, end) in ("examples", "documents"):
        return "data_size"  # "3k long context question-answer pairs"
    if kind == "memory" and _DATA_AFTER.match(text, end, end + _AHEAD):
        return "data_size"  # "1 GB of free-text"
    if kind == "model_size" and atom.scale and noun_within(text, end, 2) in ("examples", "documents", "words"):
        return "data_size"  # "~18M instruction templates"
    if kind == "trainable_params" and _ACTIVATED_BEFORE.search(text, max(cs, start - 25), start):
        return "model_size"  # "activates only 55% of parameters": active, not trainable
    if kind == "model_size" and atom.unit_class in (None, "pct") and _TRAINABLE.search(
            text, max(cs, start - 40), min(ce, end + 40)) and not _MODEL_AHEAD.match(text, end, end + _AHEAD) \
            and not _in_model_name(text, atom):
        return "trainable_params"  # not "... by 100x in 7B models", "... on LLaMA3-8B"
    if kind == "data_size" and atom.scale and head_noun(text, end) in (None, "tokens"):
        if _CONTEXT_AFTER.match(text, end, end + _AHEAD) or (_TOKENS_AFTER.match(text, end, end + _AHEAD)
                                               and _CONTEXT_WORDS.search(text, _left_bound(text, max(cs, start - 30), start), start)) \
                or _context_list_before(text, cs, start):
            return "context_length"  # "32K context", "8K-token sequences", "context ... to 65k tokens",
            # "context lengths from 128K to 1M, 2M and 4M tokens"
    return kind


def _context_list_before(text: str, cs: int, start: int) -> bool:
    """"context lengths from 128K to 1M, 2M and 4M": sizes listed after a context cue."""
    m = last_match(_CONTEXT_SIZE, text, max(cs, start - 70), start)
    return m is not None and _SIZE_LIST.fullmatch(text, m.end(), start) is not None


def _benchmark_size(text: str, atom, end: int) -> bool:
    """A whole number of 100 or more before questions, items, problems ...: a benchmark's
    size, not a scope count ("on 5 tasks")."""
    return atom.value >= 100 and float(atom.value).is_integer() and noun_within(text, end, 4) == "examples" \
        and not _EVALUATION_TASKS.match(text, end, end + _AHEAD)


# "over 500 evaluation tasks": datasets, the scope of a benchmark
_EVALUATION_TASKS = regex.compile(r"(?:\s+[\w-]+)?\s+evaluation\s+tasks\b", I)


def _in_model_name(text: str, atom) -> bool:
    """'Mistral-7B', 'LLaMA 1B': a B/M size in a model's name is its parameter count."""
    if not atom.scale or atom.scale[0].lower() not in "bm":
        return False
    # a range that starts inside a name: "from LLaMA 7B to 65B"
    return any(ms <= atom.start < me for ms, me, _ in model_mentions(text))


def classify(text: str, group: list, starts: list[int]):
    """Yield (atom, kind or None, clause) for each atom of a group."""
    first, last = group[0], group[-1]
    cs, ce = clause_of(text, first.start, last.end, starts)
    pending = []
    for atom in group:
        if atom.kind:
            yield atom, atom.kind, (cs, ce)
            continue
        forced = _FORCED_BY_UNIT.get(atom.unit_class or "")
        if forced == "latency" and atom.unit_surface.lower().startswith(("h", "day")) and _GPU_NEAR.search(text, cs, ce):
            forced = "compute"  # "on a single A100 in 16 hours": GPU time
        if forced:
            yield atom, _refine(forced, text, atom, atom.start, atom.end, cs, ce), (cs, ce)
            continue
        pending.append(atom)
    if not pending:
        return
    key = _unit_key(pending[-1])
    kind = _choose(text, key, first.start, last.end, cs, ce)
    if kind is None and len(pending) == 1 and pending[0] is not last:
        kind = _choose(text, key, pending[0].start, pending[0].end, cs, ce)
    if kind is None:
        kind = _default(text, key, pending[-1], first.start, last.end, cs, ce)
    for atom in pending:
        k = kind
        if _in_model_name(text, atom):
            k = "model_size"
        elif _unit_key(atom) != key:
            k = _choose(text, _unit_key(atom), atom.start, atom.end, cs, ce) or \
                _default(text, _unit_key(atom), atom, atom.start, atom.end, cs, ce)
        if k is not None:
            k = _refine(k, text, atom, atom.start, atom.end, cs, ce)
        yield atom, k, (cs, ce)
