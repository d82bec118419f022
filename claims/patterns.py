"""Every compiled pattern, composed once from the named parts in `numbers` and `kinds`.

The scanner (`ATOM`) is one alternation; each alternative is a named group whose name is
the rule that fired. Alternatives are tried in order at each position, so the specific
forms (W4A8, INT4, 2:4, 8x A100, $100K) come before the generic number.
No piece nests an unbounded quantifier inside another, so matching is linear.
"""
from __future__ import annotations

import regex

from . import numbers as N
from .kinds import SPECS

FLAGS = regex.VERBOSE | regex.VERSION1

# A number must not continue a word or a dotted run ("v0.2", "1.1.1").
_NUM_START = r"(?:(?<=\d[x×])|(?<=\\(?:textless|textgreater|sim|approx|geq|leq|times)\s?)|(?<![\w.\\^{_]))"
_NUM_END = r"(?![\d])(?!\.\d)"

_FORMAT_PREFIX = r"(?i:u?int|fp|bf|nf|nvfp|mxfp|mxint|float|bfloat|e\dm\d)"

ATOM = regex.compile(
    rf"""
    (?P<wa_format>                                  # W4A8, A8W4, W4A16KV8
        (?<![\w-])(?:[Ww](?P<w1>\d{{1,2}}(?:\.\d+)?)[Aa](?P<a1>\d{{1,2}})|[Aa](?P<a2>\d{{1,2}})[Ww](?P<w2>\d{{1,2}}(?:\.\d+)?))
        (?:[Kk][Vv](?P<kv>\d{{1,2}}))?(?![\w])
    )
  | (?P<type_format>                                # INT4, FP16, BF16, NF4, bfloat16, INT2.1
        (?<![\w]){_FORMAT_PREFIX}(?P<tbits>\d{{1,2}}(?:\.\d+)?)(?![\w]|\.\d)
    )
  | (?P<b_format>(?<=[-\s(])b(?P<bbits>\d\.\d+)(?![\d.]))        # BitNet-b1.58
  | (?P<sub_bit>(?<![\w])sub-(?P<sbits>\d{{1,2}}(?:\.\d+)?)-?bits?(?![\w]))   # sub-4-bit
  | (?P<nm_sparsity>(?<![\w:.])(?P<nm_n>[1-9]):(?P<nm_m>[2-9]|1[0-6])(?![\w:]))   # 2:4
  | (?P<gpu_count>                                  # 8x A100, 48xGH200
        {_NUM_START}(?P<gpus>\d{{1,5}})\s?(?P<gpux>[x×]|\\times\$?)\s?(?=(?:NVIDIA\s)?(?:[AHVLTB]|GH|MI)\d{{2,3}}\b|GPUs?\b|TPU)
    )
  | (?P<currency>(?<![\w])\$\s?(?P<money>{N.DIGITS})(?P<mscale>[kKmMbB](?![a-zA-Z])|\s(?:{N.SCALE_WORD}))?(?![\d.\\/^_{{]))
  | (?P<number>
        (?:(?<=[\s(\[])(?P<sign>[+−±]|-(?=\d)))?
        {_NUM_START}(?P<digits>{N.DIGITS}){_NUM_END}
        (?:(?P<scale>[kKmMbBtT])(?![a-zA-Z0-9])|[\s-]?(?P<scaleword>{N.SCALE_WORD})\b)?
        (?P<plus>\+(?![\d]))?
    )
    """,
    FLAGS,
)

# Number and multiplier words; scanned only when a hint word is in the text.
WORD_ATOM = regex.compile(
    rf"""
    (?P<multiplier>(?<![\w-])(?i:{N.MULTIPLIER_WORD})(?![\w-])(?!\s(?:quantization|precision|descent|check|blind|components?|vectors?|and\s+direction)))
  | (?P<word_number>(?<![\w-])(?i:{N.NUMBER_WORD}|an?(?=\s{N.SCALE_WORD}))(?:\s(?P<wscale>{N.SCALE_WORD}))?(?![\w]))
  | (?P<sub_scale>(?<![\w-])(?i:sub)-(?P<subscale>(?i:million|billion|trillion))(?![\w-]))   # "sub-billion models"
    """,
    FLAGS,
)
# Lower-case words a WORD_ATOM can start with; found with str.find, then matched in place.
WORD_STARTS = tuple(sorted(
    {w for w in N.UNITS_WORDS if w not in ("a", "an")}
    | {"twice", "doubl", "tripl", "quadrupl", "half", "halv", "an order", "a magnitude", "one order", "two orders", "three orders"}
    | {"a million", "a billion", "a trillion", "sub-million", "sub-billion", "sub-trillion"}
))
# Where a number (or a token holding one: W4A8, $5, +4.0) may start.
TRIGGER = regex.compile(r"[\d$]+")

# Unit glued to or following a number; `match`ed at the number's end.
UNIT = regex.compile(
    r"""
    (?P<pct>\s?(?:%|\\%|％|percent(?:age\ points?)?\b|pp\b))
  | (?P<times>\s?(?:[x×X](?![\w])|\$\s?\\times\s?\$|\\times(?![a-zA-Z])|times\b|-?fold\b)|(?<=(?:\b(?:an?|of|by|to|average|mean|about|nearly|approximately)\s|\d-)\d{1,3}\.\d{1,4})(?=\s(?:end-to-end\s)?speed-?ups?\b))
    # "a 2.4 speedup", "1.06-3.81 speedups": the x lost from the page, not "Llama 3.1 speedups"
  | (?P<bit>(?:\s?-\s?|\s)?(?:bits?|Bits?)(?![\w])|bit(?=-))
  | (?P<mem>\s?(?P<memu>[GMTK]i?B|bytes?)(?![\w])|(?P<memg>G)(?![\w]))
  | (?P<rate>\s?(?P<rateu>(?:tokens?|tok|requests?|req)(?:\s?/\s?|\sper\s)(?:s|sec|second)\b))
  | (?P<gpuh>\s?(?P<gpuhu>GPU[-\ ]?(?:hours?|days?))\b)
  | (?P<time>\s?(?P<timeu>ms|μs|µs|sec|seconds?|minutes?|mins|hours?|days?)\b(?!-long\b))  # not "1009 hour-long videos"
  | (?P<energy>\s?(?P<energyu>kWh|MWh|kW)\b)
  | (?P<flops>\s?(?P<flopsu>(?:peta|tera|exa)flops|[PTE]?FLOPs)\b)
    """,
    FLAGS,
)

# Separators between two atoms that make one range ("4-5x", "1.9 to 4.0", "7B ~ 13B").
RANGE_SEP = regex.compile(r"\s?(?:--|-|–|—|~|∼|\$*\\sim\$*|to)\s?", FLAGS)
# ... and "between X and Y".
BETWEEN = regex.compile(r"\bbetween\s$", regex.I | regex.REVERSE)
AND_SEP = regex.compile(r"\s(?:and|to)\s", regex.I)
# Separators inside a list ("3 or 4 bits", "7B/13B", "60M, 130M and 1.1B").
LIST_SEP = regex.compile(r"\s?(?:,\s?(?:and\s|or\s)?|/|\sand\s|\sor\s|\s?&\s?)", regex.I)

# Cue words: one alternation, one named group per kind, in SPECS priority order.
CUES = regex.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{s.kind}>{s.cues})" for s in SPECS) + r")(?![\w])",
    regex.VERBOSE | regex.IGNORECASE | regex.VERSION1,
)

SENTENCE_END = regex.compile(r"[.!?] +(?=[\"'(\[]?[A-Z0-9])")
# Where a sentence (or a parenthesis) opens, searched backwards from a position with a few
# characters of reach: a capitalised word there is not a name ("Half ...", "Called ...").
SENTENCE_OPEN = regex.compile(r"(?:^|[.!?:;]\s*|\(\s*)$", regex.REVERSE)


def last_match(pattern, text: str, lo: int = 0, hi: int | None = None):
    """The last match of ``pattern`` in text[lo:hi], or None. For a big alternation a forward
    scan is faster than a reverse search (which tries every alternative at each position)."""
    m = None
    for m in pattern.finditer(text, lo, len(text) if hi is None else hi):
        pass
    return m
