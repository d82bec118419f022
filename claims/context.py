"""Attributes read from a claim's own clause: qualifier, relation/direction, target,
metric, baseline, model and benchmark.

Each function takes the field text and the claim's span (plus the clause bounds the
extractor already computed) and looks only at the words around it.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .patterns import last_match

I = regex.IGNORECASE | regex.VERSION0  # simple case folding: full folding (V1) can backtrack without end
V = regex.VERBOSE | I
# Patterns read leftwards from a number are anchored at "$" and searched in reverse: the
# engine then tries the anchor first (~1 us) instead of every start in the window (~20 us).
# Reverse patterns use simple case folding (VERSION0): with VERSION1's full case folding a
# reverse search over text like "ßﬃİ..." backtracks without end.
IL = regex.IGNORECASE | regex.VERSION0 | regex.REVERSE
VL = regex.VERBOSE | IL


# --- qualifier ------------------------------------------------------------------------
# Anchored at the end of the text just before the number ("by up to 73%", "> 76%").
_QUAL_LEFT = regex.compile(
    r"""(?:
      (?P<up_to>\bup\s+to|\bas\s+(?:much|high|many|large|fast)\s+as)
    | (?P<approx>\b(?:about|approximately|approx\.?|around|roughly|nearly|almost|close\s+to|some)|~|\\sim|\$\\sim\$|≈|\\approx|\$\\approx\$)
    | (?P<at_least>\b(?:over|more\s+than|at\s+least|exceeding|exceeds?|above|beyond|greater\s+than|upwards\s+of|geq)|>|≥|\\geq|\$\\geq\$|\$>\$|\\textgreater|&gt;)
    | (?P<at_most>\b(?:less\s+than|under|below|fewer\s+than|at\s+most|within|no\s+more\s+than|sub)|<|≤|\\leq|\$\\leq\$|\$<\$|\\textless|&lt;)
    | (?P<average>\b(?:on\s+average|average|avg\.?|mean))
    )\s*-?\s*(?:(?:by|of|a|an|the|only|just)\s+)*$""",
    VL,
)
_QUAL_RIGHT = regex.compile(
    r"""\s*(?:(?P<at_least>\+|or\s+(?:more|greater|higher|above|longer|larger))
            |(?P<at_most>or\s+(?:less|fewer|lower|below|smaller))
            |(?P<average>(?:on\s+)?average\b|in\s+average))""",
    V,
)
_AVERAGE_NEAR = regex.compile(r"\b(?:average|averaged|on\s+average|mean)\b", I)


def qualifier(text: str, start: int, end: int, clause_start: int) -> str | None:
    left = text[max(clause_start, start - 40):start]
    m = _QUAL_LEFT.search(left)
    if m:
        return m.lastgroup
    m = _QUAL_RIGHT.match(text, end, min(len(text), end + 20))
    if m:
        return m.lastgroup
    if _AVERAGE_NEAR.search(text, max(clause_start, start - 25), start):
        return "average"
    return None


# --- relation and direction --------------------------------------------------------------
_DECREASE = (r"reduc\w*|decreas\w*|lower\w*|less|fewer|cut\w*|sav(?:e|es|ed|ing|ings)|shrink\w*|drop\w*"
             r"|declin\w*|smaller|compress\w*|minimi[sz]\w*|slash\w*|shorter|cheaper|worse|degrad\w*"
             r"|loss|eliminat\w*|fall\w*|halv\w*")
_INCREASE = (r"increas\w*|improv\w*|boost\w*|gains?|higher|more|faster|larger|bigger|rais\w*|outperform\w*"
             r"|better|enhanc\w*|speed\w*|accelerat\w*|exceed\w*|grow\w*|rise|rises|surpass\w*|longer|extend\w*"
             r"|expan\w*")
_DIRECTION = regex.compile(rf"(?<![\w-])(?:(?P<decrease>{_DECREASE})|(?P<increase>{_INCREASE}))(?![\w])", I)
# "by 65.5%", "a 3.0% improvement", "reductions of up to 90%": the number is a change.
_CHANGE_LEFT = regex.compile(
    r"(?:\bby|\b(?:reduction|decrease|increase|improvement|gain|boost|drop|saving|cut|rise|declin\w*|degradation)s?\s+of)"
    r"\s+(?:(?:up\s+to|about|around|approximately|nearly|roughly|over|more\s+than|at\s+least|only|just|an?\s+average\s+of|on\s+average)\s+)?[~≈>]?\s*$",
    IL,
)
_CHANGE_RIGHT = regex.compile(
    r"^\s*(?:relative\s+|absolute\s+|average\s+|additional\s+)?(?:[\w-]+\s+)?(?:reduction|decrease|improvement|increase|gain|boost|drop|less|more|fewer|lower|higher"
    r"|faster|slower|smaller|larger|saving|cut|speedup|better|worse|degradation|decline|rise|lift|jump|uplift|advantage)s?\b",
    I,
)
_RATIO_RIGHT = regex.compile(r"^\s*of\s+(?!the\s+time)", I)


def relation(text: str, start: int, end: int, unit: str, sign: str | None, clause_start: int,
             clause_end: int) -> str:
    if unit == "x":
        return "ratio"
    if sign in ("+", "-", "−"):
        return "change"
    left = text[max(clause_start, start - 45):start]
    right = text[end:min(clause_end, end + 30)]
    if unit == "%":
        if _RATIO_RIGHT.match(right) and not _CHANGE_LEFT.search(left):
            return "ratio"
    if _CHANGE_LEFT.search(left) or _CHANGE_RIGHT.match(right):
        return "change"
    return "absolute"


_BETTER = regex.compile(r"outperform\w*|improv\w*|better|surpass\w*|gains?|boost\w*|enhanc\w*", I)


def direction(text: str, start: int, end: int, clause_start: int, clause_end: int,
              sign: str | None, default: str | None, lower_is_better: bool = False) -> str | None:
    """A direction word in the number's own phrase on its right ("1.8x latency reduction"),
    else the nearest one on its left in the clause ("reduces memory by 65%"), else `default`.

    Where lower is better (perplexity, loss), "improves"/"outperforms" by N is a decrease.
    """
    if sign == "+":
        return "increase"
    if sign in ("-", "−"):
        return "decrease"
    right_end = min(clause_end, end + 35)
    brk = _PHRASE_BREAK.search(text, end, right_end)  # "2x speedup and 1.8x latency reduction"
    m = _DIRECTION.search(text, end, brk.start() if brk else right_end)
    if m is None:
        m = last_match(_DIRECTION, text, max(clause_start, start - 90), start)
    if m is None:
        return default
    return _better_is_lower(m.lastgroup, m.group(), lower_is_better)


def _better_is_lower(direction: str, word: str, lower_is_better: bool) -> str:
    if lower_is_better and direction == "increase" and _BETTER.fullmatch(word):
        return "decrease"
    return direction


# where the phrase of a number ends on its right
_PHRASE_BREAK = regex.compile(
    r"[,;:()]|\s(?:and|while|compared|than|over|versus|vs\.?|against|relative|respectively|but|whereas|which)\b", I)


# --- target ----------------------------------------------------------------------------
_TARGET = regex.compile(
    r"""(?<![\w])(?:
      (?P<kv_cache>KV[-\s]?cach\w*|key[-\s]value\s+cach\w*|KV\b)
    | (?P<optimizer_states>optimi[sz]er(?:\s+states?|\s+memory)?)
    | (?P<weights>weights?|weight-only|parameters?)
    | (?P<activations>activations?)
    | (?P<gradients>gradients?)
    | (?P<embeddings>embeddings?)
    )(?![\w])""",
    V,
)


def target(text: str, start: int, end: int, clause_start: int, clause_end: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _TARGET.finditer(text, end, min(clause_end, end + 30)):
        best = (m.start() - end, m.lastgroup)
        break
    m = last_match(_TARGET, text, max(clause_start, start - 30), start)
    if m and (best is None or start - m.end() < best[0]):
        best = (start - m.end(), m.lastgroup)
    if best and best[1] == "weights" and "param" in text[start - 30:end + 30].lower():
        return None  # "parameters" names model size, not quantized weights
    return best[1] if best else None


# --- metric ----------------------------------------------------------------------------
_METRIC = regex.compile(
    r"""(?<![\w-])(?:(?:zero-shot|few-shot|average|top-\d|robust|exact[-\s]match|macro|micro|weighted|overall)[-\s])?
        (?:accuracy|F1(?:[-\s]scores?)?|exact\s+match|EM|BLEU(?:-\d)?|ROUGE(?:-\w+)?|METEOR|chrF\+*|pass@\d+
        |(?:tie\+)?win[-\s]?rates?|success\s+rates?|perplexity|PPL|correlation|recall(?:@\d+)?|precision(?:@\d+)?
        |AUC|MRR(?:@\d+)?|nDCG(?:@\d+)?|Elo|correctness\s+rate|BPB|BPC|loss|CIDEr|SPICE|WER|CER|mAP|IoU)(?![\w])""",
    V,
)


_METRIC_LEFT = regex.compile(_METRIC.pattern, VL)


def metric(text: str, start: int, end: int, clause_start: int, clause_end: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _METRIC.finditer(text, end, min(clause_end, end + 40)):
        best = (m.start() - end, m.group())
        break
    m = _METRIC_LEFT.search(text, max(clause_start, start - 50), start)
    if m and (best is None or start - m.end() < best[0]):
        best = (start - m.end(), m.group())
    return best[1].strip() if best else None


# --- baseline, model, benchmark ------------------------------------------------------------
_STOP = r"(?=\s(?:on|in|at|for|with|while|and|across|by|when|using|under|via|without|respectively|which|to)\b|[,.;:()]|\s?$)"
_BASELINE = regex.compile(
    rf"""(?:compared\s+(?:to|with)|relative\s+to|than|over|vs\.?|versus|against|outperform\w*|surpass\w*)\s+
         (?:the\s+|a\s+|an\s+|its\s+|their\s+|standard\s+|vanilla\s+)?(?P<b>[^,.;()\s][^,.;()]{{0,50}}?){_STOP}""",
    V,
)
_BASELINE_BAD = regex.compile(r"^(?:\d|up\b|by\b|that\b|this\b|those\b|these\b|it\b|them\b|all\b|time\b|half\b)", I)


def _after_else_before(pattern, text: str, start: int, end: int, clause_start: int, clause_end: int,
                       reach: int):
    """The first match after the number within `reach`, else one in the 60 characters before it."""
    m = pattern.search(text, end, min(clause_end, end + reach))
    return m if m is not None else pattern.search(text, max(clause_start, start - 60), start)


def baseline(text: str, start: int, end: int, clause_start: int, clause_end: int) -> str | None:
    m = _after_else_before(_BASELINE, text, start, end, clause_start, clause_end, 90)
    if m is None:
        return None
    b = m.group("b").strip()
    if not b or _BASELINE_BAD.match(b):
        return None
    return b


MODEL_FAMILIES = (
    r"LLaMA|Llama|LLaMa|Mistral|Mixtral|GPT|Qwen|Gemma|Phi|Falcon|OPT|BLOOM|Bloom|Pythia|Vicuna|Alpaca"
    r"|RoBERTa|BERT|DeBERTa|T5|Flan-T5|ViT|CLIP|Claude|Gemini|DeepSeek|Yi|Baichuan|InternLM|ChatGLM|BitNet"
    r"|OLMo|StarCoder|CodeLlama|Code\s+Llama|WizardLM|Orca|Zephyr|MPT|GLM|PaLM|Chinchilla|Gopher|Mamba|Jamba|LLaVA"
    r"|o1|o3|o4"  # OpenAI's reasoning models ("o3-mini")
)
MODEL = regex.compile(
    rf"""(?<![\w-])(?:
        (?:{MODEL_FAMILIES})(?:[-\s]?\d+(?:\.\d+)?(?![\w.]))?(?:[-\s](?:\d+(?:\.\d+)?|\d+x\d+)[BMbm](?![\w]))?(?:-[A-Za-z][\w.]*)*(?![\w])
      | [A-Z][\w.]*(?:-[\w.]+)*-(?:\d+x)?\d+(?:\.\d+)?[BMbm](?:-[A-Za-z][\w.]*)*(?![\w])
    )""",
    regex.VERBOSE | regex.VERSION1,
)


_FAMILY_NAMES = tuple(n.replace("\\s+", " ") for n in MODEL_FAMILIES.split("|"))
_SIZED = regex.compile(r"-(?:\d+x)?\d+(?:\.\d+)?[BMbm](?![\w])")


@lru_cache(maxsize=16)
def model_mentions(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every model mention in a field. MODEL is only tried where a family name or a
    "-7B"-style size occurs (scanning the whole field with it costs ~250 us)."""
    starts = set()
    for name in _FAMILY_NAMES:
        i = text.find(name)
        while i >= 0:
            starts.add(i)
            i = text.find(name, i + 1)
    for m in _SIZED.finditer(text):
        i = m.start()
        while i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(/,;":
            i -= 1
        starts.add(i)
    found, end = [], -1
    for i in sorted(starts):
        if i < end:
            continue
        m = MODEL.match(text, i)
        if m:
            found.append((m.start(), m.end(), m.group()))
            end = m.end()
    return tuple(found)


def model(text: str, start: int, end: int, clause_start: int, clause_end: int) -> str | None:
    """The model mention that contains the number, else the nearest one in the clause."""
    best: tuple[int, str] | None = None
    lo, hi = max(clause_start, start - 150), min(clause_end, end + 80)
    for ms, me, name in model_mentions(text):
        if me <= lo or ms >= hi:
            continue
        if ms <= start and me >= end:
            return name
        d = start - me if me <= start else ms - end
        if best is None or d < best[0]:
            best = (d, name)
    return best[1] if best else None


_BENCHMARK = regex.compile(
    r"""(?<![\w-])(?:on|in|for)\s+(?:the\s+)?(?P<b>(?:[A-Z][\w'-]*[A-Z0-9][\w'-]*|[A-Z][a-z]+[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)*
        (?:\s+(?:benchmark|dataset|tasks?))?)(?![\w])""",
    regex.VERBOSE | regex.VERSION1,
)


def benchmark(text: str, start: int, end: int, clause_start: int, clause_end: int) -> str | None:
    m = _after_else_before(_BENCHMARK, text, start, end, clause_start, clause_end, 50)
    if m is None:
        return None
    b = m.group("b")
    if MODEL.fullmatch(b):
        return None
    return b
