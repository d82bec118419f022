"""The technique families of a paper (the method's name is claims.method's).

Public names::

    detect_families(title, abstract, taxonomy=None) -> list[str]   # in FAMILIES order
    load_taxonomy(path=None) -> Taxonomy

Families are data: ``families.toml`` beside this module maps each family to weighted regex
patterns (its header documents the grammar); a user file passed to ``load_taxonomy`` is laid
over it. A family's score is the sum of its matched weights, title matches multiplied by
``title_weight``. The fitted model that settings.model names (claims.family_model) decides
the families it knows from all scores and the paper's words; any other family (a user's
own, or one a user file gave a threshold) is returned when it reaches its threshold, and so
is a model's family when the patterns a user file added to it reach its threshold alone; the
fallback family ("other") when none is.

Everything is compiled once per taxonomy (the default one is cached). Speed: a text is split
into a set of words once; a family rule (one top-level branch of a pattern) runs only when the
text has a word that can start it (exact word or word prefix, remembered per word across
papers) and the later whole words of one of its literal starts; branches are compiled without
a wrapping group so `regex` can search for their literal start. Outputs are those of the plain
scans (checked paper by paper on the bundled corpus).
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex
from re import _constants as _C  # the stdlib parser only reads literal prefixes of patterns
from re._parser import parse as _sre_parse

from claims.errors import ClaimsError
from claims.background import background_end
from claims.family_model import FamilyModel

# Spec section 3, in the order tables and outputs list them.
FAMILIES: tuple[str, ...] = (
    "quantization", "pruning_sparsity", "distillation", "peft", "efficient_training",
    "long_context", "efficient_architecture", "kv_cache", "inference_acceleration",
    "tokenization", "small_models", "scaling_laws", "retrieval_rag", "evaluation",
    "alignment_instruction", "multilingual", "agents_tools", "code", "multimodal",
    "survey", "other",
)

__all__ = ["FAMILIES", "Taxonomy", "TaxonomyError", "detect_families", "load_taxonomy"]

DEFAULT_TAXONOMY_PATH = Path(__file__).with_name("families.toml")


class TaxonomyError(ClaimsError, ValueError):
    """A taxonomy file that does not follow the grammar in families.toml's header."""


# --------------------------------------------------------------------------------------
# Taxonomy: loading, merging, compiling
# --------------------------------------------------------------------------------------

_SETTINGS_DEFAULTS = {"threshold": 3.0, "title_weight": 2.5, "max_repeats": 3, "background_weight": 1.0,
                      "others_weight": 1.0, "fallback": "other", "model": ""}
_WHERE = ("both", "title", "abstract")


@dataclass(frozen=True)
class FamilyRule:
    """One weighted pattern of a family, as written in the taxonomy file."""

    pattern: str
    weight: float
    case: bool = False
    where: str = "both"


class _Lazy:
    """A pattern compiled on its first use: a run that never meets a rule's trigger words
    never pays for it (compiling the whole taxonomy takes ~0.3 s per process)."""

    __slots__ = ("pattern", "_rx")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._rx = None

    def finditer(self, text: str):
        rx = self._rx
        if rx is None:
            rx = self._rx = regex.compile(self.pattern)
        return rx.finditer(text)


@dataclass(frozen=True, eq=False)  # identity hash: rules go into sets per paper
class _Rule:
    """One top-level branch of a pattern, compiled: its regex, weight, fields, priority within
    the family, and what decides whether it needs to run on a text at all."""

    family: str
    index: int  # position in the family's list: the earlier rule wins where two start together
    branch: int  # position of the branch within the rule: the earlier one wins at a tie
    regex: _Lazy
    weight: float
    case: bool
    title: bool
    abstract: bool
    extra: tuple[frozenset[str], ...] = ()  # one of these word sets must be in the text (if any)
    req: tuple[str, ...] = ()  # every match contains one of these literals (checked if any)


@dataclass
class Taxonomy:
    """Families -> weighted patterns, plus the scoring settings. Build with load_taxonomy."""

    settings: dict
    families: dict[str, list[FamilyRule]]
    thresholds: dict[str, float] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    _exact: dict = field(default_factory=dict, repr=False)  # word -> rules it can start
    _prefix: dict = field(default_factory=dict, repr=False)  # word prefix -> rules
    _always: tuple = field(default=(), repr=False)  # rules without a usable trigger word
    _memo: dict = field(default_factory=dict, repr=False)  # word -> rules (words with rules only)
    _seen: set = field(default_factory=set, repr=False)  # words already looked up
    _order: tuple[str, ...] = field(default=(), repr=False)
    by_threshold: frozenset = frozenset()  # families a user file gave a threshold: not the model's to decide
    user_rules: dict = field(default_factory=dict)  # family -> how many of its first rules user files added
    _model: object = field(default=None, repr=False)  # FamilyModel, False (none) or None (not loaded yet)

    def __post_init__(self) -> None:
        self._exact, self._prefix, self._always = _compile(self.families)
        known = [f for f in FAMILIES if f in self.families or f == self.fallback]
        extra = [f for f in self.families if f not in FAMILIES]
        self._order = tuple(known + extra)

    @property
    def threshold(self) -> float:
        return float(self.settings["threshold"])

    @property
    def fallback(self) -> str | None:
        return self.settings.get("fallback") or None

    def threshold_for(self, family: str) -> float:
        return self.thresholds.get(family, self.threshold)

    def scores(self, title: str, abstract: str) -> dict[str, float]:
        """Score of every family for one paper (families without a match are left out)."""
        return self._sum(self._counts(title, abstract))

    def _sum(self, rows, user_only: bool = False) -> dict[str, float]:
        """Family scores from _counts rows; with ``user_only``, of the rules user files added."""
        out: dict[str, float] = {}
        for _, (family, index, weight), n in rows:
            if not user_only or index < self.user_rules.get(family, 0):
                out[family] = out.get(family, 0.0) + n * weight
        return out

    @property
    def model_path(self) -> Path | None:
        """The file settings.model names (relative paths are read from the taxonomy file that
        set it), or None."""
        path = self.settings.get("model") or ""
        return Path(self.settings.get("_model_base", ".")) / path if path else None

    @property
    def model(self) -> FamilyModel | None:
        """The fitted model of settings.model, or None: then thresholds decide every family."""
        if self._model is None:
            path = self.model_path
            self._model = _load_model(str(path)) if path else False
        return self._model or None

    def logits(self, title: str, abstract: str, scores: dict[str, float]) -> dict[str, float]:
        """The model's log-odds of the families it decides (none without a model; families a
        user file gave a threshold are left to it)."""
        model = self.model
        if model is None:
            return {}
        return {f: v for f, v in model.logits(title, abstract, scores).items() if f not in self.by_threshold}

    def decide(self, title: str, abstract: str) -> list[str]:
        """The paper's families, in FAMILIES order: those the model assigns (logit >= 0) or
        whose user-file patterns alone reach the threshold, the others reaching their
        thresholds, else the fallback."""
        _, scores, logits, own = self._evidence(title or "", abstract or "")
        return self.assign(scores, logits, own)

    def _evidence(self, title: str, abstract: str):
        """(rule rows, scores, the model's logits, user-file scores or None) of one paper:
        what decide and explain read."""
        rows = self._counts(title, abstract)
        scores = self._sum(rows)
        own = self._sum(rows, user_only=True) if self.user_rules else None
        return rows, scores, self.logits(title, abstract, scores), own

    def assign(self, scores: dict[str, float], logits: dict[str, float] | None = None,
               own: dict[str, float] | None = None) -> list[str]:
        """The families that reach their thresholds (else the fallback), in FAMILIES order;
        the families in ``logits`` (the model's) are decided by their log-odds instead, or
        when ``own``, the score of the patterns a user file added to them, reaches the
        threshold: a user's phrase puts a paper in its family whatever the model says."""
        logits = logits or {}
        hits = {f for f, s in scores.items() if s >= self.threshold_for(f) and f != self.fallback and f not in logits}
        hits |= {f for f, v in logits.items() if v >= 0}
        hits |= {f for f, s in (own or {}).items() if s >= self.threshold_for(f) and f != self.fallback}
        if not hits and self.fallback:
            hits = {self.fallback}
        elif self.fallback and scores.get(self.fallback, 0.0) >= self.threshold_for(self.fallback):
            hits.add(self.fallback)  # the fallback family can also be earned by its own patterns
        return [f for f in self._order if f in hits]

    def explain(self, title: str, abstract: str) -> dict[str, dict]:
        """Why a paper gets (or misses) each family: its score, threshold and the rules that
        matched, as {family: {"score", "threshold", "assigned", "rules": [(field, pattern, n, w)]}};
        n is the rule's count as scored (title once, abstract repeats capped and weighted).
        A family the model decides also has "logit", its log-odds: it is assigned when that is
        >= 0, whatever the threshold (which decides only without the model), or when "own",
        the score of the patterns user files added to it, reaches the threshold; one the model
        assigns from the paper's words alone is listed with score 0 and no rules. Families
        come in FAMILIES order."""
        rows, scores, logits, own = self._evidence(title or "", abstract or "")
        found: dict[str, dict] = {f: {"score": v, "rules": []} for f, v in scores.items()}
        for fname, (family, index, weight), n in rows:
            found[family]["rules"].append((fname, self.families[family][index].pattern, n, weight))
        assigned = set(self.assign(scores, logits, own))
        out: dict[str, dict] = {}
        for family in self._order:
            if family in found or (family in assigned and family != self.fallback):
                e = found.get(family) or {"score": 0.0, "rules": []}
                e["threshold"] = self.threshold_for(family)
                if family in logits:
                    e["logit"] = logits[family]
                    if own and family in own:
                        e["own"] = own[family]
                e["assigned"] = family in assigned
                out[family] = e
        return out

    def _counts(self, title: str, abstract: str) -> list[tuple[str, tuple, float]]:
        """(field, rule key, count as scored) for every rule that matches the paper. A survey
        is scored again with techniques after "such as" / "e.g." at full weight: there they
        list what the survey covers, not what a method competes with."""
        other = float(self.settings.get("others_weight", 1.0))
        rows = self._count_pass(title, abstract, other)
        if other != 1.0 and _SURVEY in self.families:
            survey = sum(n * w for _, (f, _, w), n in rows if f == _SURVEY)
            if survey >= self.threshold_for(_SURVEY):
                rows = self._count_pass(title, abstract, 1.0)
        return rows

    def _count_pass(self, title: str, abstract: str, other: float) -> list[tuple[str, tuple, float]]:
        rows = []
        if title:
            tw = float(self.settings["title_weight"])
            rows.extend(("title", key, tw) for key in self._matches(title, True))  # once in a title
        if abstract:
            cap = int(self.settings["max_repeats"])
            bg = float(self.settings.get("background_weight", 1.0))
            for key, n in self._matches(abstract, False, background_end(abstract), bg, other).items():
                rows.append(("abstract", key, min(n, cap)))
        return rows

    def _rules_of(self, word: str) -> tuple:
        """Rules a text containing ``word`` may match (exact trigger words and word prefixes)."""
        rules = list(self._exact.get(word, ()))
        prefix = self._prefix
        for k in range(1, min(len(word), _LIT_MAX) + 1):
            rules.extend(prefix.get(word[:k], ()))
        return tuple(rules)

    def _matches(self, text: str, in_title: bool, bg_end: int = 0, bg_weight: float = 1.0,
                 other_weight: float = 1.0) -> dict[tuple[str, int, float], float]:
        """How often each rule matches in ``text``, resolved per family as one alternation of
        its rules would be: leftmost match first, the earlier rule at equal starts, no overlaps.

        Speed: the text is split into a set of words once (C-level calls); a rule runs only
        when one of the words can start a match (an exact trigger word or a word prefix,
        remembered per word across papers). Most words of a paper were seen before, so a paper
        costs one set operation plus the few regexes that can match."""
        lower = _lower_same_length(text)
        words = set(lower.encode().translate(_WORD_SEPARATORS).decode().split() if lower.isascii()
                    else _WORD.findall(lower))
        memo = self._memo
        new = words - self._seen
        if new:
            if len(self._seen) > _MEMO_LIMIT:
                self._seen.clear()
                memo.clear()
                new = words
            for w in new:
                rules = self._rules_of(w)
                if rules:
                    memo[w] = rules
            self._seen |= new
        cands = set(self._always)
        for w in words & memo.keys():
            cands.update(memo[w])
        found: dict[str, list] = {}
        for rule in cands:
            if not (rule.title if in_title else rule.abstract):
                continue
            if rule.extra:  # a loop: any() over a generator cost ~20 us a paper here
                for e in rule.extra:
                    if e <= words:
                        break
                else:
                    continue
            src = text if rule.case else lower
            if rule.req and not any(q in src for q in rule.req):
                continue
            for m in rule.regex.finditer(src):
                found.setdefault(rule.family, []).append((m.start(), rule.index, rule.branch, m.end(), rule.weight))
        counts: dict = {}
        cues = _cue_ends(lower, words) if other_weight != 1.0 and found else ()
        for family, spans in found.items():
            if len(spans) > 1:
                spans.sort()
            end = -1
            for start, index, _, stop, weight in spans:
                if start >= end:
                    key = (family, index, weight)
                    f = bg_weight if start < bg_end else 1.0
                    if cues and _after_cue(lower, cues, start):
                        f *= other_weight
                    counts[key] = counts.get(key, 0) + f
                    end = stop if stop > start else start + 1
        return counts


_SURVEY = "survey"

# A technique named as what the paper compares against or could be combined with
# ("outperforms SnapKV", "orthogonal to quantization", "methods such as LoRA"): a cue word,
# then at most three plain words, then the match. Read from the few words before each match
# (a regex scan of the abstract for the cues cost ~0.1 ms a paper).
_CUE_WORDS = frozenset("than over unlike versus vs vs. against like beyond e.g. e.g.,".split())
_CUE_STEMS = ("outperform", "surpass")
_CUE_PAIRS = frozenset((("compared", "to"), ("compared", "with"), ("such", "as"), ("orthogonal", "to"),
                        ("compatible", "with"), ("complementary", "to"), ("combined", "with")))
# the words the cues start with, looked up in the text's word set
_CUE_FIRST = frozenset("than over unlike versus vs against like beyond compared such orthogonal compatible "
                       "complementary combined".split())


def _cue_ends(lower: str, words: set[str]) -> list[int]:
    """Sorted ends of the cue words in the text (found with str.find; only words it contains)."""
    found = list(words & _CUE_FIRST)
    if "outperform" in lower or "surpass" in lower:
        found += [w for w in words if w.startswith(_CUE_STEMS)]
    if "e.g." in lower:
        found.append("e.g.")
    ends = []
    for w in found:
        i = lower.find(w)
        while i >= 0:
            if i == 0 or not lower[i - 1].isalnum():
                ends.append(i + len(w))
            i = lower.find(w, i + 1)
    ends.sort()
    return ends


def _after_cue(lower: str, cues: list[int], start: int) -> bool:
    """True when a cue ends at most three plain words before ``start`` (cues: _cue_ends)."""
    i = bisect.bisect_right(cues, start) - 1
    if i < 0 or start - cues[i] > 48:
        return False
    toks = lower[max(0, start - 48):start].split()
    n = len(toks)
    for k in range(1, min(4, n) + 1):
        tok = toks[n - k]
        if tok in _CUE_WORDS or tok.startswith(_CUE_STEMS) or (k < n and (toks[n - k - 1], tok) in _CUE_PAIRS):
            return True
        if not tok.rstrip(",").replace("-", "").replace("_", "").isalnum():
            return False  # punctuation: the cue would be in another phrase
    return False


# words for the triggers: runs of ASCII letters, digits and '_' (the regex \w on ASCII text);
# other text is split with the regex itself. A bytes table: str.translate with a dict is slower
_WORD_SEPARATORS = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))
_WORD = regex.compile(r"\w+")
_KEY_LIMIT = 400
_LIT_MAX = 12  # literal prefixes are followed this far
_MEMO_LIMIT = 200_000  # words remembered per taxonomy before the memo starts over


def _literal_starts(pattern: str, max_len: int = _LIT_MAX) -> frozenset[tuple[str, bool]] | None:
    """Lower-case literal starts of ``pattern``: (literal, complete) pairs such that every match
    begins with one of the literals; complete means the match is exactly that literal. None
    when some match may begin with a non-literal (then the rule has no trigger word)."""
    try:
        parsed = _sre_parse(pattern, 0)
    except Exception:
        return None

    def expand(op, av):
        if op is _C.LITERAL:
            return {chr(av).lower()}
        if op is _C.IN:
            chars = set()
            for iop, iav in av:
                if iop is _C.LITERAL:
                    chars.add(chr(iav).lower())
                elif iop is _C.CATEGORY and iav is _C.CATEGORY_DIGIT:
                    chars.update("0123456789")
                elif iop is _C.RANGE and iav[1] - iav[0] < 40:
                    chars.update(chr(c).lower() for c in range(iav[0], iav[1] + 1))
                else:
                    return None
            return chars
        return None

    class GiveUp(Exception):
        pass

    def walk(items, cur):
        """(closed, opened): prefixes of ``cur`` extended along all of ``items`` (they may be
        extended further), and prefixes that stopped early (whatever follows is unknown)."""
        opened = set()
        for op, av in items:
            opened |= {p for p in cur if len(p) >= max_len}
            cur = {p for p in cur if len(p) < max_len}
            if len(cur) + len(opened) > _KEY_LIMIT:
                raise GiveUp
            if len(cur) > _KEY_LIMIT // 4:  # many alternatives: known as far as here
                return set(), opened | cur
            if not cur:
                return cur, opened
            if op is _C.AT:
                continue
            chars = expand(op, av)
            if chars is not None:
                cur = {p + c for p in cur for c in chars}
            elif op is _C.SUBPATTERN:
                cur, o = walk(list(av[-1]), cur)
                opened |= o
            elif op is _C.BRANCH:
                nxt = set()
                for branch in av[1]:
                    c, o = walk(list(branch), cur)
                    nxt |= c
                    opened |= o
                cur = nxt
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
                lo, hi, body = av
                c, o = walk(list(body), cur)
                opened |= o
                if hi == 1:  # x? or (?:x){1}: once, then go on
                    cur = (cur | c) if lo == 0 else c
                elif lo == 0:  # x*, x{0,n}: skip it, or stop knowing after one repetition
                    opened |= c
                else:  # x+, x{2,}: at least one repetition, then unknown
                    return set(), opened | c
            else:
                return set(), opened | cur
        return cur, opened

    try:
        closed, opened = walk(list(parsed), {""})
    except GiveUp:
        return None
    starts = {(p, True) for p in closed} | {(p, False) for p in opened}
    if not starts or any(p == "" for p, _ in starts) or len(starts) > _KEY_LIMIT:
        return None
    return frozenset(starts)


def _later_words(branch: str) -> tuple[frozenset[str], ...]:
    """For each literal start of ``branch`` (followed further than for the trigger), the whole
    words after its first one: a text can only match when it has all words of one of them.
    () when some start has no such word (then nothing is required)."""
    starts = _literal_starts(branch, 48)
    if not starts:
        return ()
    out = set()
    for lit, complete in starts:
        words = _WORD.findall(lit)
        if not complete and words and (lit[-1:].isalnum() or lit[-1:] == "_"):
            words = words[:-1]  # the last word may go on
        if not lit[:1].isalnum() and lit[:1] != "_":
            return ()
        later = frozenset(w for w in words[1:])
        if not later:
            return ()
        out.add(later)
    return tuple(sorted(out, key=sorted))


def _trigger(lit: str, complete: bool) -> tuple[str, bool]:
    """(word, exact) for a literal start: a text word equal to (exact) or beginning with the
    literal's first word must be present for a match; ("", _) when the literal starts with a
    separator."""
    n = 0
    while n < len(lit) and (lit[n].isalnum() or lit[n] == "_"):
        n += 1
    return lit[:n], complete or n < len(lit)


def _required_literal(pattern: str) -> tuple[str, ...]:
    """Literals of which every match of ``pattern`` contains one: the best top-level run of
    plain characters or group of plain alternatives ("(?:context|tokens)"); () if none."""
    try:
        items = list(_sre_parse(pattern, 0))
    except Exception:
        return ()

    def plain(op, av):
        """(strings, whole): the strings an item can match or begin with, when it is a literal
        or an alternation of literal starts; whole when they are the item's entire matches."""
        if op is _C.LITERAL:
            return {chr(av)}, True
        if op is _C.SUBPATTERN:
            sub = list(av[-1])
            if len(sub) == 1 and sub[0][0] is _C.BRANCH:
                alts, whole = set(), True
                for branch in sub[0][1][1]:
                    run = ""
                    for bop, bav in branch:  # the literal start of each alternative is enough
                        if bop is not _C.LITERAL:
                            whole = False
                            break
                        run += chr(bav)
                    if not run:
                        return None, False
                    alts.add(run)
                return alts, whole
            if all(o is _C.LITERAL for o, _ in sub):
                return {"".join(chr(a) for _, a in sub)}, True
        return None, False

    best: set = set()
    run = ""

    def better(cand, cur):
        return min(map(len, cand)) > (min(map(len, cur)) if cur else 1)

    for op, av in items:
        alts, whole = plain(op, av)
        if alts is not None and len(alts) == 1 and whole:
            run += next(iter(alts))
            continue
        if run and better({run}, best):
            best = {run}
        run = ""
        if alts and better(alts, best):
            best = alts
    if run and better({run}, best):
        best = {run}
    return tuple(sorted(best)) if best and min(map(len, best)) >= 2 else ()


def _structure(pattern: str, start: int = 0):
    """(index, char, depth) for each character of ``pattern`` from ``start`` that is
    neither escaped nor inside a character class; depth counts open groups before it."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        else:
            if c == ")":
                depth -= 1
            yield i, c, depth
            if c == "(":
                depth += 1
        i += 1


def _split_branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (so each can be searched for by its literal)."""
    parts, start = [], 0
    for i, c, depth in _structure(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _expand_branches(pattern: str, limit: int = 64) -> list[str]:
    """Top-level alternatives of ``pattern``, with a leading group's alternatives distributed
    ("(?:a|b)c" -> "ac", "bc"), so that each branch starts with one literal the engine can
    search for quickly."""
    out: list[str] = []
    for b in _split_branches(pattern):
        m = b.startswith("(?:") and _group_end(b, 0)
        if m:
            inner, rest = b[3:m - 1], b[m:]
            alts = _split_branches(inner)
            quant = rest[:1] in ("?", "*", "{", "+")
            if len(alts) > 1 and not quant and len(out) + len(alts) <= limit:
                for a in alts:
                    out.extend(_expand_branches(a + rest, limit) if a.startswith("(?:") else [a + rest])
                continue
        out.append(b)
    return out


def _group_end(pattern: str, start: int) -> int | None:
    """Index just after the group opening at ``start``."""
    for i, c, depth in _structure(pattern, start):
        if c == ")" and depth == 0:
            return i + 1
    return None


def _lower_literals(pattern: str) -> str:
    """``pattern`` with its literal letters lower-cased; escapes (\\W, \\p{Lu}, \\N{...}) kept."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            j = i + 2
            if pattern[i + 1] in "pPN" and j < n and pattern[j] == "{":
                j = pattern.find("}", j) + 1 or n
            out.append(pattern[i:j])
            i = j
            continue
        if c == "(" and pattern.startswith("(?P<", i):
            j = pattern.find(">", i) + 1 or n
            out.append(pattern[i:j])
            i = j
            continue
        out.append(c.lower())
        i += 1
    return "".join(out)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _compile(families: dict[str, list[FamilyRule]]):
    """Per-branch rules indexed by trigger: exact words, word prefixes, and rules that always run."""
    exact, prefix, always = {}, {}, []
    for name, frules in families.items():
        for i, r in enumerate(frules):
            # case-insensitive rules run on the lower-cased text with lower-cased literals:
            # in `regex` that is much faster than IGNORECASE
            pat = r.pattern if r.case else _lower_literals(r.pattern)  # checked by _parse_rules
            for b, branch in enumerate(_expand_branches(pat)):
                starts = _literal_starts(branch)
                # \b lets the engine search for the literal fast; (?<!\w) where a branch may
                # start with a non-word character. A group around the branch would stop the
                # engine's literal search, so it is only added where needed.
                word_start = bool(starts) and all(l[:1].isalnum() or l[:1] == "_" for l, _ in starts)
                plain = not branch.startswith("(?") or branch.startswith("(?:")
                body = branch if plain and _split_branches(branch) == [branch] else f"(?:{branch})"
                rx = _Lazy(("\\b" if word_start else "(?<!\\w)") + body + "(?!\\w)")
                triggers = {_trigger(l.lower(), c) for l, c in starts} if starts else {("", False)}
                if any(not w for w, _ in triggers):
                    triggers = None
                req = _required_literal(branch)
                if triggers and req and any(len(w) == 1 and not e for w, e in triggers):
                    triggers = None  # "[A-Za-z]{0,10}LoRA": nearly every word could start it; its literal decides
                elif starts and req and any(l.startswith(q.lower()) for q in req for l, _ in starts):
                    req = ()  # the literal the rule starts with: the trigger word says as much
                extra = _later_words(branch) if triggers else ()
                rule = _Rule(name, i, b, rx, r.weight, r.case, r.where != "abstract", r.where != "title",
                             extra, req)
                if triggers is None:
                    always.append(rule)
                    continue
                for w, is_exact in triggers:
                    (exact if is_exact else prefix).setdefault(w, []).append(rule)
    # a word that is also a longer word's prefix trigger keeps one copy of each rule
    return ({k: tuple(dict.fromkeys(v)) for k, v in exact.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in prefix.items()}, tuple(always))


def _parse_rules(family: str, table: dict, source: str, check: bool = True) -> list[FamilyRule]:
    """The rules of one family table; with `check`, every pattern is compiled (a bad one is a
    TaxonomyError naming the file). The default file is checked by the test suite instead."""
    raw = table.get("patterns", [])
    if not isinstance(raw, list):
        raise TaxonomyError(f"{source}: [{family}] patterns must be a list")
    rules = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = {"re": item}
        if not isinstance(item, dict) or "re" not in item:
            raise TaxonomyError(f"{source}: [{family}] pattern {i + 1} needs a 're' key")
        unknown = set(item) - {"re", "w", "case", "where"}
        if unknown:
            raise TaxonomyError(f"{source}: [{family}] pattern {i + 1}: unknown keys {sorted(unknown)}")
        where = item.get("where", "both")
        if where not in _WHERE:
            raise TaxonomyError(f"{source}: [{family}] pattern {i + 1}: where must be one of {_WHERE}")
        try:
            if check:
                regex.compile(str(item["re"]))
            if check and not item.get("case", False):
                regex.compile(_lower_literals(str(item["re"])))
        except regex.error as e:
            raise TaxonomyError(f"{source}: [{family}] pattern {i + 1} {item['re']!r}: {e}") from e
        rules.append(FamilyRule(str(item["re"]), float(item.get("w", 1.0)), bool(item.get("case", False)), where))
    return rules


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise TaxonomyError(f"{path}: {e}") from e
    except OSError as e:
        raise TaxonomyError(f"{path}: cannot read: {e}") from e


_FAMILY_NAME = regex.compile(r"[a-z][a-z0-9_]{0,63}")


def _merge(base: Taxonomy | None, data: dict, source: str) -> Taxonomy:
    settings = dict(_SETTINGS_DEFAULTS) if base is None else dict(base.settings)
    families = {} if base is None else {k: list(v) for k, v in base.families.items()}
    thresholds = {} if base is None else dict(base.thresholds)
    by_threshold = set() if base is None else set(base.by_threshold)
    user_rules = {} if base is None else dict(base.user_rules)
    user = base is not None
    for key, value in data.items():
        if key == "settings":
            unknown = set(value) - set(_SETTINGS_DEFAULTS)
            if unknown:
                raise TaxonomyError(f"{source}: [settings]: unknown keys {sorted(unknown)}")
            settings.update(value)
            if "model" in value:  # a relative model path is read from the file that names it
                settings["_model_base"] = str(Path(source).resolve().parent)
            continue
        if not isinstance(value, dict):
            raise TaxonomyError(f"{source}: {key!r} must be a table [{key}]")
        if not _FAMILY_NAME.fullmatch(key):
            raise TaxonomyError(f"{source}: [{key}]: a family name is lower-case letters, digits and '_' "
                                f"(it names a table file)")
        unknown = set(value) - {"patterns", "threshold", "replace"}
        if unknown:
            raise TaxonomyError(f"{source}: [{key}]: unknown keys {sorted(unknown)}")
        rules = _parse_rules(key, value, source, check=user)
        if user:
            replace = value.get("replace", False)
            user_rules[key] = len(rules) + (0 if replace else user_rules.get(key, 0))
            if not replace:
                rules = rules + families.get(key, [])  # user patterns first: they win at a position
        families[key] = rules
        if "threshold" in value:
            thresholds[key] = float(value["threshold"])
            if user:  # the user's threshold decides this family, not the fitted model
                by_threshold.add(key)
    sources = (base.sources if base else ()) + (source,)
    return Taxonomy(settings=settings, families=families, thresholds=thresholds, sources=sources,
                    by_threshold=frozenset(by_threshold), user_rules=user_rules)


@functools.lru_cache(maxsize=4)
def _load_model(path: str) -> FamilyModel:
    try:
        return FamilyModel.load(path)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        raise TaxonomyError(f"settings.model: cannot read the families model {path}: {e}") from e


@functools.lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return _merge(None, _read(DEFAULT_TAXONOMY_PATH), str(DEFAULT_TAXONOMY_PATH))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The default taxonomy, or the default extended/overridden by the TOML file at ``path``."""
    if path is None:
        return _default_taxonomy()
    path = Path(path)
    tax = _merge(_default_taxonomy(), _read(path), str(path))
    try:
        tax.model  # a bad model file fails here, before a run writes anything
    except TaxonomyError as e:
        raise TaxonomyError(f"{path}: {e}") from e
    return tax


_ACTIVE: Taxonomy | None = None  # set by use_taxonomy: what detect_families uses by default


def use_taxonomy(path: str | Path | None) -> Taxonomy:
    """Make the taxonomy file at ``path`` (laid over the default as in load_taxonomy; None:
    the default alone) the one detect_families uses in this process when none is passed.
    Extraction runs call it in every worker process, so a run uses one taxonomy throughout."""
    global _ACTIVE
    _ACTIVE = load_taxonomy(path) if path is not None else None
    return _ACTIVE or _default_taxonomy()


@contextlib.contextmanager
def using_taxonomy(path: str | Path | None):
    """Inside the block detect_families uses the taxonomy at ``path`` (None: the default),
    which the block gets (``as tax``); afterwards the process's previous choice is back."""
    global _ACTIVE
    previous = _ACTIVE
    tax = use_taxonomy(path)
    try:
        yield tax
    finally:
        _ACTIVE = previous


def detect_families(title: str, abstract: str, taxonomy: Taxonomy | None = None) -> list[str]:
    """Every family the paper belongs to, in claims.models.FAMILIES order."""
    tax = taxonomy or _ACTIVE or _default_taxonomy()
    return tax.decide(title or "", abstract or "")
