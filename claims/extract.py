"""The extractor: field text -> claim rows.

Pipeline per field: mask what is never a claim (URLs, citations, enumerators, CIs) ->
scan atoms with one compiled alternation (`patterns.ATOM`) -> drop names and years ->
join ranges and lists -> type each group from its unit and the cue words of its clause
(`classify`) -> normalise value and unit -> attributes from the clause (`context`).

Rows are plain dicts on the hot path; `claims.api` turns them into pydantic Claims.
"""
from __future__ import annotations

import bisect
from time import monotonic
from dataclasses import dataclass

import regex

from . import context as C
from . import numbers as N
from .classify import SAMPLE_SIZE_BEFORE, classify
from .errors import ExtractionTimeout
from .patterns import (AND_SEP, ATOM, BETWEEN, LIST_SEP, RANGE_SEP, SENTENCE_END, SENTENCE_OPEN, TRIGGER, UNIT,
                       WORD_ATOM, WORD_STARTS, last_match)
from .kinds import BY_KIND
from .units import NOUN_UNITS, convert, head_noun, registry, units_loaded

# Regex time budget for one field; a field that exceeds it is reported, not dropped silently.
FIELD_TIMEOUT = 2.0

_CAPS_NAME = regex.compile(r"(?:^|[\s(/])(?P<w>[A-Z][\w.]*[A-Z0-9][\w.]*|[A-Z][a-z]+)\s$", regex.REVERSE)
_NAME_WORDS = frozenset(
    "Llama LLaMa Gemini Claude Mistral Qwen Phi Gemma Falcon Vicuna Alpaca Pythia Bloom Yi Grok "
    "Jamba Mamba Command Palm Chinchilla Gopher Orca Baichuan Intern Stable Whisper Bert Roberta "
    "Table Figure Section Appendix Part Stage Phase Step Version Level Task Track Round Day Chapter "
    "Theorem Lemma Eq Equation Algorithm Rule Type Class Group Category Option Setting Case "
    "Ernie Opus Sonnet Haiku Turbo Pro Ultra Flash Nano Mini".split()
)
_CAPITALISED_NEXT = regex.compile(r"\s[A-Z]")
_LATEX_BEFORE = regex.compile(r"\\(?:textless|textgreater|sim|approx|geq|leq|times|le|ge)\s?$", regex.REVERSE)
_CHANGE_VERB_BEFORE_FROM = regex.compile(
    r"(?:increas|decreas|improv|reduc|drop|ris|rose|boost|extend|grow|grew|go|went|rais|lower|cut|expand"
    r"|jump|fall|fell|declin|shrink|climb|enhanc|push|bring|brought|move|lift|elevat)\w*\b[^.;]{0,40}\bfrom\s$",
    regex.IGNORECASE | regex.REVERSE,
)
_FROM = regex.compile(r"\bfrom\s$", regex.IGNORECASE | regex.REVERSE)
_STRONG_NOUN = regex.compile(
    r"[\s-]?(?:GPUs?|TPUs?|NPUs?|cores|core(?!\s+(?:limitation|insight|idea|component|contribution|challenge|question"
    r"|principle|problem|task|capabilit|concept|module|feature|finding|design|technique|strateg|issue|aspect|element"
    r"|observation|propert|result|mechanism|competenc|skill|abilit|dimension|factor|area|goal|part))|nodes?|machines?|cards?|bits?|tokens?|lines?\s+of\s+code"
    r"|A100s?|H100s?|V100s?|trillion|billion|million)\b",
    regex.IGNORECASE,
)
_RANK_BEFORE = regex.compile(r"\brank(?:\s+of)?\s$", regex.IGNORECASE | regex.REVERSE)
_HARDWARE_AFTER = regex.compile(r"\s?(?:NPUs?|chips?|processors?|SoCs?)\b", regex.IGNORECASE)


@dataclass(slots=True)
class Atom:
    start: int
    end: int
    value: float
    rule: str
    unit_class: str | None = None     # pct times bit mem rate gpuh time energy flops usd
    unit_surface: str | None = None   # the unit as written, for pint conversion
    scale: str | None = None          # 'k' 'm' 'b' 't' or scale word
    kind: str | None = None           # forced by the rule (formats, currency ...)
    target: str | None = None
    sign: str | None = None
    plus: bool = False
    low: float | None = None
    word: bool = False                # written as a word ("twice", "eight")


def sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in SENTENCE_END.finditer(text)]


_NOT_CLAIM_BEFORE = regex.compile(
    r"(?:\b(?:table|tab\.|figure|fig\.|section|sec\.|eq\.|equation|appendix|chapter|theorem|lemma|step|stage"
    r"|phase|part|round|track|task|level|version|v|algorithm|rule|type|class|case|option)\s?|@|\bp\s?[<=>]\s?"
    r"|\bp-values?\s(?:of\s)?[<=]?\s?|\bp\s?\\textless\s?|\bp\s?\$<\$\s?)$",
    regex.IGNORECASE | regex.REVERSE,
)
_NOT_CLAIM_AFTER = regex.compile(
    r"(?:\s?(?:%\s?)?(?:CI\b|confidence\b)|-shot\b|\s?(?:st|nd|rd|th)\b|\)?\s?(?:a\.m\.|p\.m\.))", regex.IGNORECASE)
_URL_BITS = ("://", "www.", ".com", ".org", ".io", ".net", "github", "huggingface.co")


def _never_claim(text: str, s: int, e: int, bare: bool) -> bool:
    """URLs, citations, enumerators, section numbers, p-values, CIs, n-shot, ordinals."""
    ts = max(text.rfind(" ", 0, s), text.rfind("(", 0, s)) + 1
    te = text.find(" ", e)
    token = text[ts:te if te >= 0 else len(text)]
    if any(b in token for b in _URL_BITS):
        return True
    if token.startswith("[") and "]" in token:
        return True  # citation [12]
    if bare and text[e:e + 1] == ")" and (s == 0 or text[s - 1] in " (") and e - s <= 2:
        return True  # enumerator (1) or 1)
    if _NOT_CLAIM_BEFORE.search(text, max(0, s - 14), s):
        return True
    return bool(_NOT_CLAIM_AFTER.match(text, e))


def _matches(text: str, timeout: float):
    """ATOM matches, tried only where a digit or '$' occurs, plus word atoms when hinted."""
    found = []
    pos = 0
    for r in TRIGGER.finditer(text, timeout=timeout):
        rs = r.start()
        if rs < pos:
            continue
        p = rs
        lo = max(pos, rs - 6)
        while p > lo and not text[p - 1].isspace() and text[p - 1] not in "([/":
            p -= 1  # the start of the token holding the digit: "W4A8", "INT4", "$5", "+4.0"
        starts = [p] + [i + 1 for i in range(p, rs - 1) if text[i] == "-"] + [rs] if p < rs else [rs]
        if text[rs] == "$" and r.end() > rs + 1:
            starts.append(rs + len(r.group()) - len(r.group().lstrip("$")))  # "$2\times$" is math: its digits
        for q in starts:
            m = ATOM.match(text, q, timeout=timeout)
            if m and m.end() > rs:
                found.append(m)
                pos = m.end()
                break
    words = _word_matches(text, timeout)
    if words:
        found.extend(words)
        found.sort(key=lambda m: (m.start(), -m.end()))
        kept, end = [], -1
        for m in found:
            if m.start() >= end:
                kept.append(m)
                end = m.end()
        found = kept
    return found


_LETTERS_ONLY = {c: " " for c in range(128) if not chr(c).isalpha()}
_FIRST_WORD = {w: w.split()[0].split("-")[0] for w in WORD_STARTS}
_STEMS = ("doubl", "tripl", "quadrupl", "halv")


def _word_matches(text: str, timeout: float) -> list:
    """WORD_ATOM matches, tried only where a number or multiplier word begins (found with
    str.find: scanning with the alternation costs ~1 us a character)."""
    low = text.lower()
    present = set(low.translate(_LETTERS_ONLY).split())
    out: dict[int, object] = {}
    for w in WORD_STARTS:
        if _FIRST_WORD[w] not in present and not w.endswith(_STEMS):
            continue
        i = low.find(w)
        while i >= 0:
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "-")) and i not in out:
                m = WORD_ATOM.match(text, i, timeout=timeout)
                if m:
                    out[i] = m
            i = low.find(w, i + 1)
    return [out[k] for k in sorted(out)]


def _read_unit(text: str, atom: Atom) -> None:
    m = UNIT.match(text, atom.end)
    if m is None:
        return
    cls = m.lastgroup
    if cls == "mem" and atom.scale:
        return  # "7B" then "B": never bytes after a scale suffix
    atom.unit_class = cls
    atom.unit_surface = m.group(cls + "u") if cls in ("mem", "rate", "gpuh", "time", "energy", "flops") else None
    if cls == "pct" and m.group().strip().lower() in ("pp", "percentage point", "percentage points"):
        atom.unit_surface = "pp"  # a difference between two percentages: never a speedup or a share
    if cls == "mem" and atom.unit_surface is None:
        atom.unit_surface = "G"
    atom.end = m.end()


def _scan(text: str, timeout: float) -> list[Atom]:
    atoms: list[Atom] = []
    for m in _matches(text, timeout):
        if atoms and m.start() < atoms[-1].end:
            continue  # inside the previous atom ("1.68/3": the scale of a rating)
        try:
            _atoms_of(text, m, atoms)
        except ValueError:
            # `regex` knows digits of newer Unicode versions than Python's float() and int()
            # ("\U00016130" is a digit to one and not the other): not a number we can read
            continue
    return atoms


def _atoms_of(text: str, m, atoms: list[Atom]) -> None:
    """Append the atoms of one scanner match: none, one, or up to three ("W4A8KV4")."""
    rule = m.lastgroup
    s, e = m.span()
    if rule == "number":
        atom = _number_atom(text, m)
    elif rule == "wa_format":
        w = float(m.group("w1") or m.group("w2"))
        a = float(m.group("a1") or m.group("a2"))
        kv = float(m.group("kv")) if m.group("kv") else None
        atoms.append(Atom(s, e, w, rule, kind="bit_width", target="weights", unit_class="bit"))
        atoms.append(Atom(s, e, a, rule, kind="bit_width", target="activations", unit_class="bit"))
        if kv is not None:
            atoms.append(Atom(s, e, kv, rule, kind="bit_width", target="kv_cache", unit_class="bit"))
        return
    elif rule == "type_format":
        atom = Atom(s, e, float(m.group("tbits")), rule, kind="bit_width", unit_class="bit")
    elif rule == "b_format":
        atom = Atom(m.start("bbits") - 1, e, float(m.group("bbits")), rule, kind="bit_width", unit_class="bit")
    elif rule == "sub_bit":
        atom = Atom(s, e, float(m.group("sbits")), rule, kind="bit_width", unit_class="bit")
    elif rule == "nm_sparsity":
        n, d = int(m.group("nm_n")), int(m.group("nm_m"))
        atom = Atom(s, e, 100.0 * (1 - n / d), rule, kind="sparsity", unit_class="pct") if n < d else None
    elif rule == "gpu_count":
        atom = Atom(s, m.end("gpux"), float(m.group("gpus")), rule, kind="compute")
        atom.unit_surface = "GPUs"
    elif rule == "currency":
        value = N.parse_digits(m.group("money")) * N.scale_of(m.group("mscale"))
        atom = Atom(s, e, value, rule, kind="cost", unit_class="usd", unit_surface="$")
    elif rule == "sub_scale":
        scale = m.group("subscale")
        atom = Atom(s, e, N.scale_of(scale), rule, scale=scale, word=True)
    elif rule == "multiplier":
        if m.group()[0].isupper() and _CAPITALISED_NEXT.match(text, e) and not SENTENCE_OPEN.search(text, max(0, s - 3), s):
            return  # "Half Fine-Tuning"
        atom = Atom(s, e, N.parse_word(m.group()), rule, unit_class="times", word=True)
    else:  # word_number
        atom = _word_atom(text, m)
    if atom is not None:
        atoms.append(atom)


def _number_atom(text: str, m) -> Atom | None:
    s = m.start()
    ds = m.start("digits")
    digits = m.group("digits")
    scale = m.group("scale") or m.group("scaleword")
    atom = Atom(s, m.end(), N.parse_digits(digits) * N.scale_of(scale), "number", scale=scale,
                sign=m.group("sign"), plus=bool(m.group("plus")))
    _read_unit(text, atom)
    bare = atom.scale is None and atom.unit_class is None
    free = s == 0 or text[s - 1] in " (\t\n"  # not glued to a word: "(1.68/3)", not "v1.5/2"
    if bare and "." in digits and _SECONDS.match(text, atom.end):
        atom.unit_class, atom.unit_surface, atom.end = "time", "s", atom.end + 1  # "0.43s"
        bare = False
    if bare and free and "." in digits and (r := _RATING.match(text, atom.end)) and atom.value <= float(r.group(1)):
        atom.kind = "score"  # "quality is modest (1.68/3)": a rating on a scale (1/3 is a fraction)
        return atom
    if bare and free and digits.isdigit() and (f := _FRACTION.match(text, atom.end)) and 0 < atom.value <= int(f.group(1)) \
            and (text[s - 1:s] == "(" or _SOLVED_ITEMS.match(text, f.end(), f.end() + 60)):
        # "solving 19/22 tasks", "(15/22, 68.2%)": a share solved, read as the fraction
        atom.value = round(atom.value / int(f.group(1)), 4)
        atom.end, atom.kind = f.end(), "score"
        return atom
    if bare and atom.end < len(text) and text[atom.end].isalpha():
        return None  # "3D", "4o"
    if _never_claim(text, s, atom.end, bare):
        return None
    before = text[max(0, ds - 24):ds]
    if before.endswith("-") and len(before) >= 2 and (before[-2].isalpha() or before[-2] in ")") \
            and not _TIMES_BEFORE_DASH.search(before):  # "2.7x-3.5x" is a range
        # "GPT-4", "FlashAttention-2", "top-1": part of a name, unless it is a size in one
        if not (atom.scale or atom.unit_class in ("mem", "bit")):
            return None
    if before and before[-1].isalpha() and not _LATEX_BEFORE.search(before):
        if not (before.endswith("x") and len(before) >= 2 and before[-2].isdigit()):
            return None
    if bare:
        c = _CAPS_NAME.search(before)
        if c:
            w = c.group("w")
            if w in _NAME_WORDS or any(ch.isupper() for ch in w[1:]) or any(ch.isdigit() for ch in w):
                return None  # "Llama 3", "AlpacaEval 2.0", "LLaMA 2 7B"
            ws = ds - 1 - len(w)
            if atom.value < 100 and not SENTENCE_OPEN.search(text, max(0, ws - 3), ws):
                return None  # "Raspberry Pi 5": a capitalised word inside a sentence names a thing
        if "." not in digits and 1950 <= atom.value <= 2039 and not _STRONG_NOUN.match(text, atom.end):
            return None  # a year
    if atom.scale and atom.scale in "bB" and _HARDWARE_AFTER.match(text, atom.end):
        return None  # "Ascend 910B NPU"
    return atom


_TIMES_BEFORE_DASH = regex.compile(r"\d[x×]-$")
_FRACTION = regex.compile(r"/(\d{1,5})(?![\d/\w]|[.,]\d)")
_SOLVED_ITEMS = regex.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:tasks|problems|questions|cases|tests|repositories|repos|instances|issues|puzzles|games)\b",
    regex.IGNORECASE)
_RATING = regex.compile(r"/(3|4|5|7|10|100)(?![\d.])")
# seconds glued to a decimal ("from 0.43s down to 0.16s"); "3s" and "1990s" stay unread
_SECONDS = regex.compile(r"s(?![\w])")


def _word_atom(text: str, m) -> Atom | None:
    s, e = m.span()
    if m.group("wscale"):
        return Atom(s, e, N.parse_word(m.group()), "word_number", scale=m.group("wscale"), word=True)
    atom = Atom(s, e, N.parse_word(m.group()), "word_number", word=True)
    _read_unit(text, atom)
    if atom.unit_class in ("times", "bit", "pct"):
        return atom
    if _STRONG_NOUN.match(text, e) or _RANK_BEFORE.search(text, max(0, s - 10), s) or _HARDWARE_AHEAD.match(text, e):
        return atom
    if _GPU_MODEL_AHEAD.match(text, e):  # "on a single RTX 3090": the GPU is named, not the word
        atom.kind, atom.unit_surface = "compute", "GPUs"
        return atom
    return None


# "a single NVIDIA RTX 4090 GPU", "a single 8x A100 machine": a count of devices named a few
# words on, by words that name hardware (a digit or a capital in them, or a kind of device)
_HARDWARE_AHEAD = regex.compile(
    r"(?:\s+(?:[\w.-]*[\dA-Z][\w.-]*|consumer|commodity|desktop|laptop|mobile|edge|server)){1,3}?"
    r"\s+(?:GPUs?|TPUs?|NPUs?|machines?|nodes?)\b")
_GPU_MODEL_AHEAD = regex.compile(
    r"\s+(?:\d{2,3}\s?GB?\s+)?(?:NVIDIA\s+)?(?:(?:GeForce\s+)?[RG]TX\s?\d{3,4}|G?[AHVLB]\d{2,4}|MI\d{3})\b")


def _join(text: str, atoms: list[Atom]) -> list[list[Atom]]:
    """Ranges become one atom; neighbours in a list or a from-to pair form a group."""
    out: list[Atom] = []
    links: list[bool] = []  # links[i]: out[i] is grouped with out[i-1]
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and a.rule in ("number", "word_number", "multiplier") and not a.kind:
            b = atoms[i + 1]
            gap = text[a.end:b.start]
            joined = _range(text, a, b, gap)
            if joined is not None:
                out.append(joined)
                links.append(bool(out[:-1]) and _linked(text, out[-2], joined))
                i += 2
                continue
        out.append(a)
        links.append(bool(out[:-1]) and _linked(text, out[-2], a))
        i += 1
    groups: list[list[Atom]] = []
    for atom, link in zip(out, links):
        if link and groups:
            groups[-1].append(atom)
        else:
            groups.append([atom])
    for g in groups:
        _share_units(g)
    return groups


def _range(text: str, a: Atom, b: Atom, gap: str) -> Atom | None:
    if b.rule not in ("number", "word_number") or b.kind:
        return None
    if a.start == b.start:
        return None
    sep = RANGE_SEP.fullmatch(gap)
    between = False
    if sep is None:
        if AND_SEP.fullmatch(gap) and BETWEEN.search(text, max(0, a.start - 9), a.start):
            between = True
        else:
            return None
    if a.unit_class and b.unit_class and a.unit_class != b.unit_class:
        return None
    if a.scale and b.scale and (a.scale[0].lower() != b.scale[0].lower()) and a.unit_class is None:
        # "7B to 141B" is a range, "70B to 32k" is not; "60M to 1B" (sizes), "128K to 1M" (lengths) are
        if not (a.scale.lower() in "mb" and b.scale.lower() in "mb" or a.scale.lower() in "km" and b.scale.lower() in "km"):
            return None
    if not between and "to" in gap and _FROM.search(text, max(0, a.start - 6), a.start):
        before = text[max(0, a.start - 60):a.start].replace("e.g.", "e_g_").replace("i.e.", "i_e_")
        if _CHANGE_VERB_BEFORE_FROM.search(before):  # (the dots of "e.g." do not end the phrase)
            return None  # "improves from 84% to 91%", "raise rates (e.g., from 8% to 20%)": two levels
    if text[a.start - 1:a.start] in ("-", "/", ",") and a.start > 0:
        return None  # "7B/13B to 70B" is a list, "GPT-3-175B" a name
    low = a.value
    if b.scale and not a.scale and a.unit_class is None:
        low = low * N.scale_of(b.scale)
    if b.value < low:
        return None
    joined = Atom(a.start, b.end, b.value, "range_" + b.rule, b.unit_class or a.unit_class,
                  b.unit_surface or a.unit_surface, b.scale or a.scale, sign=a.sign, plus=b.plus)
    joined.low = low
    if b.unit_class is None and a.unit_class is not None:
        joined.unit_class, joined.unit_surface = a.unit_class, a.unit_surface
    return joined


def _linked(text: str, a: Atom, b: Atom) -> bool:
    if a.start == b.start:
        return True  # the two halves of W4A8
    if b.rule == "multiplier" and b.word and text[b.end - 1:b.end] == "d":
        return False  # "a 2.7x-3.5x speedup and doubled throughput": a verb starts a new statement
    gap = text[a.end:b.start]
    if len(gap) > 8:
        return bool(_FROM.search(text, max(0, a.start - 6), a.start)) and gap.strip().lower() == "to" \
            if len(gap) < 12 else False
    return bool(LIST_SEP.fullmatch(gap) or gap.strip().lower() == "to")


def _share_units(group: list[Atom]) -> None:
    """'3 or 4 bits': a bare member takes the unit of the next member that has one."""
    for i in range(len(group) - 2, -1, -1):
        a, b = group[i], group[i + 1]
        if a.kind or b.kind:
            continue
        if a.unit_class is None and a.scale is None and (b.unit_class or b.scale):
            a.unit_class, a.unit_surface = b.unit_class, b.unit_surface
            if b.scale and not a.word:
                a.scale = b.scale
                a.value *= N.scale_of(b.scale)


_NOUN = regex.compile(r"\s?-?(?:long\s|[A-Za-z]+-[A-Za-z-]+\s)?([A-Za-z]+)")  # "812 hour-long videos"
_NOUN_KINDS = {
    "data_size": {"tokens", "words", "characters", "examples", "documents"},
    "context_length": {"tokens", "words", "characters"},
    "compute": {"GPUs", "nodes", "cores"},
    "other": {"tokens"},  # "a 4096-token cache": a budget in tokens
}


def _canonical(text: str, atom: Atom, kind: str) -> tuple[float, float | None, str]:
    """Value, low end and canonical unit label for an atom typed as `kind`."""
    cls = atom.unit_class
    v, low = atom.value, atom.low
    if cls == "pct":
        return v, low, "%"
    if cls == "times":
        return v, low, "x"
    if cls == "bit":
        return v, low, "bit"
    if kind == "compute" and cls == "time":
        f = 24.0 if atom.unit_surface.lower().startswith("day") else 1.0
        return v * f, (low * f if low is not None else None), "GPU-hours"
    if atom.unit_surface and cls in ("mem", "rate", "gpuh", "time", "energy", "flops", "usd"):
        conv = convert(atom.unit_surface)
        if conv:
            f, label = conv
            return v * f, (low * f if low is not None else None), label
    if kind == "compute" and atom.unit_surface == "GPUs":
        return v, low, "GPUs"
    if kind in _NOUN_KINDS:
        m = _NOUN.match(text, atom.end)
        label = NOUN_UNITS.get(m.group(1).lower()) if m else None
        if label is None and kind == "data_size" and SAMPLE_SIZE_BEFORE.search(text, max(0, atom.start - 6), atom.start):
            label = "examples"  # "(N=15,000)"
        if label is None and kind == "data_size":  # "1,855 highly transferable test cases"
            label = head_noun(text, atom.end)
        if label in _NOUN_KINDS[kind]:
            return v, low, label
    return v, low, BY_KIND[kind].default_unit


# A field longer than this (a whole paper as one "abstract", a 10 MB line) is matched in
# windows of whole sentences: per-claim work looks at the claim's sentence, so one giant
# sentence would make the field quadratic. Abstracts (< 2,000 characters) are one window.
WINDOW = 4000


def extract_field(text: str, *, timeout: float | None = None) -> list[dict]:
    """Claim rows (dicts without paper columns) for one field's stored text.

    `timeout` (default: FIELD_TIMEOUT, read at call time) is the field's budget in seconds.
    A field longer than WINDOW is matched window by window (see `_windows`) under one
    wall-clock budget for the whole field; ExtractionTimeout when it runs out, so the
    caller reports the field instead of hanging on it.
    """
    if timeout is None:
        timeout = FIELD_TIMEOUT
    if len(text) <= WINDOW:
        return _finite(_extract_window(text, timeout))

    deadline = monotonic() + timeout
    rows: list[dict] = []
    for ws, we in _windows(text):
        left = deadline - monotonic()
        try:
            if left <= 0:
                raise ExtractionTimeout("budget used up")
            found = _extract_window(text[ws:we], left)
        except ExtractionTimeout as exc:
            raise ExtractionTimeout(f"budget of {timeout}s exceeded on {len(text)} characters "
                                    f"(at character {ws})") from exc
        # a window cut inside a giant token (no space to cut at) would make the cut look like a
        # token boundary: keep no claim from the cut token ("$1$1$1..." is not a row of prices)
        lo = ws if ws == 0 or text[ws - 1].isspace() else _first_space(text, ws, we)
        hi = we if we == len(text) or text[we - 1].isspace() or text[we].isspace() else text.rfind(" ", ws, we)
        for r in found:
            r["field_start"] += ws
            r["start"] += ws
            r["end"] += ws
        rows.extend(r for r in found if lo <= r["start"] and r["end"] <= hi)
    return _finite(rows)


def _finite(rows: list[dict]) -> list[dict]:
    """Rows less those whose value overflowed a float ("999...9%" with 400 nines is inf)."""
    from math import isfinite

    return [r for r in rows if isfinite(r["value"]) and (r["value_low"] is None or isfinite(r["value_low"]))]


def _first_space(text: str, lo: int, hi: int) -> int:
    i = text.find(" ", lo, hi)
    return i if i >= 0 else hi


def _windows(text: str):
    """(start, end) of consecutive windows of at most WINDOW characters covering `text`: each
    ends at the last sentence end of its second half, else at its last space, else hard."""
    n, ws = len(text), 0
    while n - ws > WINDOW:
        lo, we = ws + WINDOW // 2, ws + WINDOW
        m = last_match(SENTENCE_END, text, lo, we)
        if m:
            cut = m.end()
        else:
            sp = text.rfind(" ", lo, we)
            cut = sp + 1 if sp >= 0 else we
        yield ws, cut
        ws = cut
    yield ws, n


def _extract_window(text: str, timeout: float) -> list[dict]:
    """Claim rows for one window (the whole field when it is short)."""
    try:
        atoms = _scan(text, timeout)
    except TimeoutError as exc:
        raise ExtractionTimeout(f"pattern budget of {timeout}s exceeded on {len(text)} characters") from exc
    if not atoms:
        return []
    starts = sentence_starts(text)
    rows: list[dict] = []
    if not units_loaded() and any(a.unit_surface for a in atoms):
        registry()  # pint loads once per process (~0.5 s, seconds on a busy machine): not this field's budget
    deadline = monotonic() + timeout
    for group in _join(text, atoms):
        if monotonic() > deadline:  # typing and attributes share the window's budget
            raise ExtractionTimeout(f"budget of {timeout}s exceeded on {len(text)} characters")
        typed = list(classify(text, group, starts))
        if len(typed) == 1 and rows and typed[0][1] in ("other", None) and _parallel(text, rows[-1], typed[0][0]):
            typed = [(typed[0][0], rows[-1]["kind"], typed[0][2])]
        members = [_row(text, atom, kind, clause, starts) for atom, kind, clause in typed if kind is not None]
        _share_attributes(members)
        rows.extend(members)
    _spread_up_to(text, rows)
    return rows


# the words between two items of one list: "up to 2.2x higher throughput, 20x lower TTFT, and ..."
_ITEM_GAP = regex.compile(r"[^.;:()\d]{0,40}?(?:,\s*(?:and\s+)?|\s+and\s+)[^.;:()\d]{0,3}")


def _spread_up_to(text: str, rows: list[dict]) -> None:
    """"up to" before the first item of a list holds for every item ("up to 2x higher
    throughput, 20x lower TTFT and 2.5x lower TBT"), also when the items are of other kinds."""
    for prev, row in zip(rows, rows[1:]):
        if (row["qualifier"] is None and prev["qualifier"] == "up_to" and row["unit"] == prev["unit"]
                and row["start"] > prev["end"] and _ITEM_GAP.fullmatch(text, prev["end"], row["start"])):
            row["qualifier"] = "up_to"


# "scoring 92.8% in English, 88.8% in Latvian, and 70.8% in Giriama": items of one list, each
# with its own short qualifier, so they are not joined as a list; they share the first's kind
# ("3.5 points on BRIGHT, 2.9 on FollowIR"): a bare number takes a score's kind the same way
_PARALLEL_GAP = regex.compile(r"\s+(?:points?\s+)?(?:in|on|for|with)\s+[\w-]+(?:\s+[\w-]+)?\s*,\s*(?:and\s+)?")


def _parallel(text: str, prev: dict, atom: Atom) -> bool:
    if atom.unit_class == "pct":
        same = prev["unit"] == "%" and prev["kind"] != "other"
    else:
        same = atom.unit_class is None and not atom.scale and prev["kind"] == "score" and prev["unit"] == ""
    return same and _PARALLEL_GAP.fullmatch(text, prev["end"], atom.start) is not None


def _share_attributes(members: list[dict]) -> None:
    """'by up to 15.75% and 18.68%': list members share relation, direction and qualifier."""
    for prev, row in zip(members, members[1:]):
        if row["kind"] != prev["kind"] or row["unit"] != prev["unit"] or row["field_start"] == prev["field_start"]:
            continue
        if row["relation"] == "absolute" and prev["relation"] != "absolute":
            row["relation"], row["direction"] = prev["relation"], prev["direction"]
        if row["qualifier"] is None and prev["qualifier"] in ("up_to", "approx", "at_least", "at_most"):
            row["qualifier"] = prev["qualifier"]


_UNIT_DEFAULT_DIRECTION = {"compression": "decrease", "memory": "decrease", "latency": "decrease",
                           "energy": "decrease", "cost": "decrease"}


def _row(text: str, atom: Atom, kind: str, clause: tuple[int, int], starts: list[int]) -> dict:
    cs, ce = clause
    s, e = atom.start, atom.end
    value, low, unit = _canonical(text, atom, kind)
    rel = "absolute" if kind in ("bit_width", "count") else C.relation(text, s, e, unit, atom.sign, cs, ce)
    if kind == "sparsity" and rel == "ratio":
        rel = "absolute"
    if atom.word and unit == "x":
        rel = "ratio"
    direction = None
    if rel != "absolute":
        direction = C.direction(text, s, e, cs, ce, atom.sign, _UNIT_DEFAULT_DIRECTION.get(kind, "increase"),
                                lower_is_better=kind == "perplexity")
        if rel == "ratio" and unit == "%":
            direction = "decrease" if value < 100 else "increase"
        elif rel == "ratio" and unit == "x" and value < 1:
            direction = "decrease"  # "half the number of GPUs", "0.6x the latency"
    qual = C.qualifier(text, s, e, cs)
    if atom.rule in ("sub_bit", "sub_scale"):
        qual = "at_most"
    if atom.plus:
        qual = "at_least"
    tgt = atom.target
    if tgt is None and kind in ("bit_width", "memory", "sparsity"):
        tgt = C.target(text, s, e, cs, ce)
    scored = kind in ("score", "perplexity")
    i = bisect.bisect_right(starts, s) - 1
    sent_end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return {
        "field_start": s,
        "start": s,
        "end": e,
        "text": text[s:e],
        "kind": kind,
        "value": float(value),
        "value_low": float(low) if low is not None else None,
        "value_high": float(value) if low is not None else None,
        "unit": unit,
        "relation": rel,
        "direction": direction,
        "qualifier": qual,
        "target": tgt,
        "metric": C.metric(text, s, e, cs, ce) if scored else None,
        "baseline": C.baseline(text, s, e, cs, ce) if rel != "absolute" or scored else None,
        "model": C.model(text, s, e, cs, ce),
        "benchmark": C.benchmark(text, s, e, cs, ce) if scored else None,
        "rule": atom.rule,
        "sentence": text[starts[i]:sent_end].strip(),
    }
