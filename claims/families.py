"""Paper-level facts: the proposed method's name and the technique families of a paper.

Public names::

    detect_method(title, abstract) -> str | None
    detect_families(title, abstract, taxonomy=None) -> list[str]   # in claims.models.FAMILIES order
    load_taxonomy(path=None) -> Taxonomy

Families are data: ``families.toml`` beside this module maps each family to weighted regex
patterns (its header documents the grammar); a user file passed to ``load_taxonomy`` is laid
over it. A family's score is the sum of its matched weights, title matches multiplied by
``title_weight``; every family reaching the threshold is returned, and the fallback family
("other") when none does.

The method name comes from rules on phrasing, in this order (spec section 3):

1. a title prefix before ':' that looks like a name: a coined token ("GaLore", "DB-LLM",
   "mBLIP", "LUT Tensor Core"), or a short Title-Case phrase the abstract repeats
   ("Language Ranker"); when the abstract abbreviates it ("Dual Grained Quantization (DGQ)")
   the abbreviation wins;
2. a naming phrase in the abstract: "called / named / dubbed / termed / namely / referred to
   as NAME", "we propose / introduce / present NAME, a ...", "our method, NAME,";
3. an abbreviation defined in the abstract whose long form is a phrase of the title
   ("simulated trial and error (STE)" in "... through Simulated Trial and Error");
4. a coined title suffix after the last ':' ("...: NAME").

Everything is compiled once per taxonomy (the default one is cached); a paper costs a few
regex scans.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex
from re import _constants as _C  # the stdlib parser only reads literal prefixes of patterns
from re._parser import parse as _sre_parse

from claims.errors import ClaimsError
from claims.models import FAMILIES

__all__ = ["Taxonomy", "TaxonomyError", "detect_families", "detect_method", "load_taxonomy"]

DEFAULT_TAXONOMY_PATH = Path(__file__).with_name("families.toml")


class TaxonomyError(ClaimsError, ValueError):
    """A taxonomy file that does not follow the grammar in families.toml's header."""


# --------------------------------------------------------------------------------------
# Taxonomy: loading, merging, compiling
# --------------------------------------------------------------------------------------

_SETTINGS_DEFAULTS = {"threshold": 3.0, "title_weight": 2.5, "max_repeats": 3, "fallback": "other"}
_WHERE = ("both", "title", "abstract")


@dataclass(frozen=True)
class FamilyRule:
    """One weighted pattern of a family, as written in the taxonomy file."""

    pattern: str
    weight: float
    case: bool = False
    where: str = "both"


@dataclass(frozen=True, eq=False)  # identity hash: rules go into sets per paper
class _Rule:
    """A compiled rule: its regex, weight, fields, priority within the family, prefilter keys."""

    family: str
    index: int  # position in the family's list: the earlier rule wins where two start together
    regex: regex.Pattern
    weight: float
    case: bool
    title: bool
    abstract: bool
    keys: frozenset[str] | None  # lower-case word starts (1-3 chars) it can begin with; None: any
    lits: tuple[str, ...] = ()  # literal starts: one must occur in the (lower-cased) text
    req: tuple[str, ...] = ()  # every match contains one of these literals


@dataclass
class Taxonomy:
    """Families -> weighted patterns, plus the scoring settings. Build with load_taxonomy."""

    settings: dict
    families: dict[str, list[FamilyRule]]
    thresholds: dict[str, float] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    _rules: tuple = field(default=(), repr=False)
    _by_key: dict = field(default_factory=dict, repr=False)
    _always: tuple = field(default=(), repr=False)
    _keys: frozenset = field(default=frozenset(), repr=False)
    _order: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        self._rules, self._by_key, self._always = _compile(self.families)
        self._keys = frozenset(self._by_key)
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
        tw = float(self.settings["title_weight"])
        cap = int(self.settings["max_repeats"])
        out: dict[str, float] = {}
        if title:
            for (family, _, weight), n in self._matches(title, True).items():
                out[family] = out.get(family, 0.0) + tw * weight  # a rule counts once in the title
        if abstract:
            for (family, _, weight), n in self._matches(abstract, False).items():
                out[family] = out.get(family, 0.0) + min(n, cap) * weight
        return out

    def _matches(self, text: str, in_title: bool) -> dict[tuple[str, int, float], int]:
        """How often each rule matches in ``text``, resolved per family as one alternation of
        its rules would be: leftmost match first, the earlier rule at equal starts, no overlaps.

        Speed: a rule (one top-level branch of a pattern) is only run when some word of the
        text starts with one of its literal prefixes; a word set costs a few C-level calls."""
        lower = _lower_same_length(text)
        p3 = {w[:3] for w in lower.translate(_SEPARATORS).split()}
        p2 = {w[:2] for w in p3}
        p1 = {w[:1] for w in p2}
        by_key = self._by_key
        cands = set(self._always)
        for k in (p3 | p2 | p1) & self._keys:
            cands.update(by_key[k])
        found: dict[str, list] = {}
        for rule in cands:
            if not (rule.title if in_title else rule.abstract):
                continue
            if rule.lits and not any(l in lower for l in rule.lits):
                continue
            if rule.req:
                src = text if rule.case else lower
                if not any(q in src for q in rule.req):
                    continue
            for m in rule.regex.finditer(text if rule.case else lower):
                found.setdefault(rule.family, []).append((m.start(), rule.index, m.end(), rule.family, rule.weight))
        counts: dict = {}
        for spans in found.values():
            if len(spans) > 1:
                spans.sort(key=lambda x: (x[0], x[1]))
            end = -1
            for start, index, stop, family, weight in spans:
                if start >= end:
                    key = (family, index, weight)
                    counts[key] = counts.get(key, 0) + 1
                    end = stop if stop > start else start + 1
        return counts


# word separators for the prefilter: every ASCII character that is not a letter or digit
_SEPARATORS = {c: " " for c in range(128) if not chr(c).isalnum()}
_KEY_LIMIT = 400
_LIT_MAX = 12  # literal prefixes are followed this far


def _literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Lower-case literal starts (up to _LIT_MAX characters) of which every match of
    ``pattern`` begins with one; None when unknown (then the rule always runs)."""
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

    def walk(items, cur):
        """Prefixes of ``cur`` (a set of strings) extended along ``items``, stopping at the
        first element that is not a literal (the prefixes found so far remain valid)."""
        done = set()
        for n, (op, av) in enumerate(items):
            done |= {p for p in cur if len(p) >= _LIT_MAX}
            cur = {p for p in cur if len(p) < _LIT_MAX}
            if not cur:
                return done
            if op is _C.AT:
                continue
            chars = expand(op, av)
            if chars is not None:
                cur = {p + c for p in cur for c in chars}
            elif op is _C.SUBPATTERN:
                cur = walk(list(av[-1]), cur)
            elif op is _C.BRANCH:
                nxt = set()
                for branch in av[1]:
                    nxt |= walk(list(branch), cur)
                cur = nxt
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
                lo, _hi, body = av
                once = walk(list(body), cur)
                if lo == 0:
                    return done | once | walk(items[n + 1:], cur)
                return done | once  # after one repetition the prefix may be any length
            else:
                return done | cur
            if len(cur) + len(done) > _KEY_LIMIT:
                return done | {""}  # too many: give up (the rule always runs)
        return done | cur

    keys = walk(list(parsed), {""})
    if not keys or "" in keys or len(keys) > _KEY_LIMIT:
        return None
    return frozenset(keys)


def _required_literal(pattern: str) -> tuple[str, ...]:
    """Literals of which every match of ``pattern`` contains one: the best top-level run of
    plain characters or group of plain alternatives ("(?:context|tokens)"); () if none."""
    try:
        items = list(_sre_parse(pattern, 0))
    except Exception:
        return ()

    def plain(op, av):
        """The strings an item can match, when it is a literal or an alternation of literals."""
        if op is _C.LITERAL:
            return {chr(av)}
        if op is _C.SUBPATTERN:
            sub = list(av[-1])
            if len(sub) == 1 and sub[0][0] is _C.BRANCH:
                alts = set()
                for branch in sub[0][1][1]:
                    run = ""
                    for bop, bav in branch:
                        if bop is not _C.LITERAL:
                            return None
                        run += chr(bav)
                    alts.add(run)
                return alts
            if all(o is _C.LITERAL for o, _ in sub):
                return {"".join(chr(a) for _, a in sub)}
        return None

    best: set = set()
    run = ""

    def better(cand, cur):
        return min(map(len, cand)) > (min(map(len, cur)) if cur else 1)

    for op, av in items:
        alts = plain(op, av)
        if alts is not None and len(alts) == 1:
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


def _split_branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (so each can be searched for by its literal)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
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
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _first_word(lit: str) -> str:
    """The first word of a literal, as the prefilter splits text into words."""
    return lit.translate(_SEPARATORS).split(" ", 1)[0] if lit else ""


def _expand_branches(pattern: str, limit: int = 64) -> list[str]:
    """Top-level alternatives of ``pattern``, with a leading group's alternatives distributed
    ("(?:a|b)c" -> "ac", "bc"), so that each branch starts with one literal the engine can
    search for quickly."""
    out = []
    for b in _split_branches(pattern):
        m = b.startswith("(?:") and _group_end(b, 0)
        if m:
            inner, rest = b[3:m - 1], b[m:]
            alts = _split_branches(inner)
            quant = rest[:1] in ("?", "*", "{", "+")
            if len(alts) > 1 and not quant and len(out) + len(alts) <= limit:
                out.extend(_expand_branches(a + rest, limit) if a.startswith("(?:") else [a + rest] for a in alts)
                out = [x for x in out]  # flattened below
                continue
        out.append(b)
    flat = []
    for x in out:
        flat.extend(x if isinstance(x, list) else [x])
    return flat


def _group_end(pattern: str, start: int) -> int | None:
    """Index just after the group opening at ``start``."""
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
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
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
    """Per-branch rules, the prefilter index (key -> rules) and the rules that always run."""
    rules, by_key, always = [], {}, []
    for name, frules in families.items():
        for i, r in enumerate(frules):
            # case-insensitive rules run on the lower-cased text with lower-cased literals:
            # in `regex` that is much faster than IGNORECASE
            pat = r.pattern if r.case else _lower_literals(r.pattern)
            try:
                regex.compile(pat)
            except regex.error as e:
                raise TaxonomyError(f"family {name!r}: bad pattern {r.pattern!r}: {e}") from e
            for branch in _expand_branches(pat):
                lits = _literal_prefixes(branch)
                # \b lets the engine search for the literal fast; (?<!\w) where a branch may
                # start with a non-word character
                word_start = bool(lits) and all(l[:1].isalnum() or l[:1] == "_" for l in lits)
                rx = regex.compile(("\\b" if word_start else "(?<!\\w)") + f"(?:{branch})(?!\\w)")
                keys = None
                if lits is not None:
                    lits = frozenset(l if r.case else l.lower() for l in lits)
                    lits = frozenset(l for l in lits if not any(o != l and l.startswith(o) for o in lits))
                    keys = frozenset(_first_word(l)[:3] for l in lits)
                    if "" in keys:
                        keys = lits = None
                rule = _Rule(name, i, rx, r.weight, r.case, r.where != "abstract", r.where != "title",
                             keys, tuple(sorted({l.lower() for l in lits})) if lits else (),
                             _required_literal(branch))
                rules.append(rule)
                if keys is None:
                    always.append(rule)
                else:
                    for k in keys:
                        by_key.setdefault(k, []).append(rule)
    return tuple(rules), {k: tuple(v) for k, v in by_key.items()}, tuple(always)


def _parse_rules(family: str, table: dict, source: str) -> list[FamilyRule]:
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


def _merge(base: Taxonomy | None, data: dict, source: str) -> Taxonomy:
    settings = dict(_SETTINGS_DEFAULTS) if base is None else dict(base.settings)
    families = {} if base is None else {k: list(v) for k, v in base.families.items()}
    thresholds = {} if base is None else dict(base.thresholds)
    user = base is not None
    for key, value in data.items():
        if key == "settings":
            unknown = set(value) - set(_SETTINGS_DEFAULTS)
            if unknown:
                raise TaxonomyError(f"{source}: [settings]: unknown keys {sorted(unknown)}")
            settings.update(value)
            continue
        if not isinstance(value, dict):
            raise TaxonomyError(f"{source}: {key!r} must be a table [{key}]")
        unknown = set(value) - {"patterns", "threshold", "replace"}
        if unknown:
            raise TaxonomyError(f"{source}: [{key}]: unknown keys {sorted(unknown)}")
        rules = _parse_rules(key, value, source)
        if user and not value.get("replace", False):
            rules = rules + families.get(key, [])  # user patterns first: they win at a position
        families[key] = rules
        if "threshold" in value:
            thresholds[key] = float(value["threshold"])
    sources = (base.sources if base else ()) + (source,)
    return Taxonomy(settings=settings, families=families, thresholds=thresholds, sources=sources)


@functools.lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return _merge(None, _read(DEFAULT_TAXONOMY_PATH), str(DEFAULT_TAXONOMY_PATH))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The default taxonomy, or the default extended/overridden by the TOML file at ``path``."""
    if path is None:
        return _default_taxonomy()
    path = Path(path)
    return _merge(_default_taxonomy(), _read(path), str(path))


def detect_families(title: str, abstract: str, taxonomy: Taxonomy | None = None) -> list[str]:
    """Every family the paper belongs to, in claims.models.FAMILIES order."""
    tax = taxonomy or _default_taxonomy()
    scores = tax.scores(title or "", abstract or "")
    hits = {f for f, s in scores.items() if s >= tax.threshold_for(f) and f != tax.fallback}
    if not hits and tax.fallback:
        hits = {tax.fallback}
    elif tax.fallback and scores.get(tax.fallback, 0.0) >= tax.threshold_for(tax.fallback):
        hits.add(tax.fallback)  # the fallback family can also be earned by its own patterns
    return [f for f in tax._order if f in hits]


# --------------------------------------------------------------------------------------
# Method names
# --------------------------------------------------------------------------------------

# Established names and generic abbreviations: never the paper's own method.
_GENERIC = frozenset(
    w.lower()
    for w in """
    LLM LLMs LM LMs SLM SLMs MLLM MLLMs VLM VLMs LVLM LVLMs LLVM LLVMs NLP NLU NLG AI ML DL RL
    RLHF DPO PPO GRPO RAG KV QA MoE SSM SSMs PEFT ICL CoT SFT GPU GPUs CPU CPUs TPU API APIs
    LoRA QLoRA BERT RoBERTa GPT ChatGPT GPT-2 GPT-3 GPT-3.5 GPT-4 GPT-4o T5 ByT5 LLaMA LLaMa
    Llama LLaMA-2 Llama-2 LLaMA2 Llama2 LLaMA-3 Llama-3 Llama3 Mistral Mixtral Falcon OPT BLOOM
    PaLM Gemini Claude Qwen PyTorch TensorFlow JAX CUDA HuggingFace FLOPs FLOP SOTA SoTA
    GLUE MMLU GSM8K HumanEval NVIDIA HBM DRAM SRAM FP16 BF16 FP32 FP8 INT8 INT4 NLI OOD IR
    MT PTQ QAT VQ ViT CNN CNNs RNN RNNs GNN GNNs LSTM MLP FFN MHA MHSA GQA MQA NAS LTM PRM ORM TC IO
    """.split()
)

# a token is "coined" when it is not an ordinary word: inner capitals (GaLore, mBLIP),
# two or more capitals (LESS, DB-LLM), or a digit with a letter (H3, M4LE)
_COINED = regex.compile(r"(?:\p{L}[\p{Lu}\p{N}]|\p{Lu}{2}|\p{N}\p{L}|\p{L}\p{N})")
_TOKEN = r"[\p{L}\p{N}][\p{L}\p{N}\-\+\.'’^$\\{}]*[\p{L}\p{N}\+}]|[\p{L}\p{N}]"
_TOKEN_RE = regex.compile(_TOKEN)
_FUNCTION = frozenset(
    "a an the of for and or to in on at by with via from into as is are be can do does not no "
    "vs versus beyond towards toward through using when what how why which your our its their "
    "meet meets matter matters".split()
)
_ABBR_DEF = regex.compile(r"\(\s*(" + _TOKEN + r")\s*\)")
_CLAUSE_END = regex.compile(r"[.;:!?](?:\s|$)|\s--?\s")

_NAMING = regex.compile(
    r"""(?ix)
    \b(?:
        (?P<strong>(?:which\s+|that\s+)?(?:we\s+)?(?:call(?:ed)?|dub(?:bed)?|name[ds]?|namely|term(?:ed)?
                   |coin(?:ed)?|refer(?:red)?\s+to\s+as|denoted(?:\s+as|\s+by)?|known\s+as)
        )
      | (?<=\b(?:we|i|paper|work|study|report|article|thesis|dissertation|it|also|further|here|finally|then|first|
                   next|and|to|authors|they|which|thus|therefore|hence|,)\s+(?:\w+(?:ly)?\s+)?)
        (?P<weak>(?:propos|introduc|present|develop|design|devis|build|buil|creat|releas|offer|construct|establish)
                 (?:e|es|ed|ing|s|t)?)
    )\b
    """
)
_OUR_X = regex.compile(
    r"""(?ix)
    \b(?:our|the|this|an?|proposed)\s+(?:\w+[- ]){0,2}?
    (?:method|approach|framework|system|tool|toolkit|library|model|algorithm|technique|benchmark|dataset|pipeline|scheme|strategy)s?,\s+
    """
)


def _is_coined(tok: str) -> bool:
    return bool(_COINED.search(tok)) and tok.lower() not in _GENERIC and not tok.isdigit()


def _norm(s: str) -> str:
    return " ".join(regex.sub(r"[\W_]+", " ", s.lower()).split())


def _title_case_word(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit() or _is_coined(w)


def _abbr_after(phrase: str, abstract: str) -> str | None:
    """The abbreviation the abstract gives right after ``phrase``: "Dual Grained Quantization (DGQ)"."""
    pat = r"(?i:" + r"[\s\-]+".join(regex.escape(w) for w in regex.split(r"[\s\-]+", phrase)) + r")\s*\(\s*(" + _TOKEN + r")\s*\)"
    m = regex.search(pat, abstract)
    if m and _is_coined(m.group(1)) and m.group(1).lower() not in _GENERIC:
        return m.group(1)
    return None


def _title_prefix(title: str, abstract: str) -> str | None:
    if ":" not in title:
        return None
    head = title.split(":", 1)[0].strip()
    words = head.split()
    if not words or len(words) > 5 or regex.search(r"[,?!()]", head):
        return None
    if words[0].lower() in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
        head = " ".join(words)
    if any(w.lower() in _FUNCTION for w in words):
        return None
    if not all(_title_case_word(w) for w in words):
        return None
    coined = [w for w in words if _is_coined(w)]
    if len(words) == 1:
        if words[0].lower() in _GENERIC or words[0].lower() in _NOT_NAMES:
            return None
        return head
    # multi-word: a coined, non-generic token makes it a name ("LUT Tensor Core", "Sparse MeZO");
    # plain words must be repeated by the abstract ("Language Ranker", "Model Surgery")
    if coined and (len(words) <= 3 or _norm(head) in _norm(abstract)):
        return head
    if _norm(head) in _norm(abstract) and len(words) <= 4:
        return head
    return None


# single words before ':' that label the paper's kind rather than name a method
_NOT_NAMES = frozenset(
    "survey review position tutorial overview introduction perspective benchmarking "
    "evaluation analysis report transformers abstract preface".split()
)


def _candidate_at(abstract: str, start: int, end: int, strong: bool, title: str) -> str | None:
    """The name introduced by a naming phrase whose text runs from ``start`` to ``end``."""
    window = abstract[start:end]
    # skip determiners/quotes; an immediately following coined token, or a capitalised word
    # after a strong trigger ("called Janus"), is the name
    m = regex.match(r"[\s,:\"'`“]*(?:(?:a|an|the|our|it|this|them|us|to|as)\s+)?[\"'`“]*(" + _TOKEN + r")", window)
    if m:
        tok = m.group(1).rstrip(".'’")
        rest = window[m.end():]
        abbr = regex.match(r"\s*\(\s*(" + _TOKEN + r")\s*\)", rest)
        if _is_coined(tok) and (strong or regex.match(r"\s*(?:[,(:]|\s(?:a|an|the|which|that|as|for|to|is|in|on|with)\b|$)", rest)):
            if abbr and _is_coined(abbr.group(1)) and tok.lower() in abbr.group(1).lower():
                return tok
            return tok
        if strong and tok[:1].isupper() and tok.lower() not in _FUNCTION and tok.lower() not in _GENERIC:
            if abbr and _is_coined(abbr.group(1)):
                return abbr.group(1)
            if regex.match(r"\s*(?:[,.;()]|$|\s(?:and|to|which|that|as|for|is|in|on|with|a|an)\b)", rest):
                return tok
    # an abbreviation defined in the clause: "a framework, Language Models ... (LongMem)"
    for a in _ABBR_DEF.finditer(window):
        tok = a.group(1)
        if _is_coined(tok) and tok.lower() not in _GENERIC and _expansion_before(window, a.start(), tok):
            return tok
    # a coined token further on in the clause, when the abstract keeps using it
    # an appositive further on in the clause: "a new SSM layer, H3, that ..."
    if not strong:
        for t in regex.finditer(r"[,:]\s+(" + _TOKEN + r")(?=\s*(?:[,(]|\s(?:that|which|a|an)\b))", window[:120]):
            tok = t.group(1)
            if _is_coined(tok) and (abstract.count(tok) >= 2 or tok in title):
                return tok
    return None


def _expansion_before(text: str, pos: int, abbr: str) -> bool:
    """True when the words before ``pos`` look like the long form of ``abbr``: at least two of
    the last six words start with letters of the abbreviation (not a list in parentheses)."""
    words = regex.findall(r"[\p{L}\p{N}]+", text[:pos])[-6:]
    letters = {c.lower() for c in abbr if c.isalpha()}
    hits = sum(1 for w in words if w[0].lower() in letters)
    return hits >= min(2, len(letters))


_GENERIC_WORDS = frozenset("large language model models llm llms lm lms neural network networks the a of for".split())


def _abbr_from_title(title: str, abstract: str) -> str | None:
    """An abbreviation whose long form is a phrase of the title: "sparse fine-tuning (SFT)"."""
    nt = " " + _norm(title) + " "
    for a in _ABBR_DEF.finditer(abstract):
        tok = a.group(1)
        if not _is_coined(tok) or tok.lower() in _GENERIC:
            continue
        words = _norm(abstract[max(0, a.start() - 120):a.start()]).split()
        for k in range(min(6, len(words)), 1, -1):
            phrase = words[-k:]
            if sum(w not in _GENERIC_WORDS for w in phrase) < 2:
                continue
            if " " + " ".join(phrase) + " " in nt:
                return tok
    return None


def _title_suffix(title: str) -> str | None:
    if ":" not in title:
        return None
    tail = title.rsplit(":", 1)[1].strip()
    words = tail.split()
    if 1 <= len(words) <= 2 and all(_is_coined(w) for w in words[:1]) and all(_title_case_word(w) for w in words):
        return tail
    return None


def detect_method(title: str, abstract: str) -> str | None:
    """Name of the method or system the paper proposes, or None (surveys, most empirical studies)."""
    title = (title or "").strip()
    abstract = abstract or ""
    head = _title_prefix(title, abstract)
    if head:
        return _abbr_after(head, abstract) or head
    for m in _NAMING.finditer(abstract):
        end_m = _CLAUSE_END.search(abstract, m.end())
        end = end_m.start() if end_m else len(abstract)
        end = min(end, m.end() + 220)
        name = _candidate_at(abstract, m.end(), end, bool(m.group("strong")), title)
        if name:
            return name
    for m in _OUR_X.finditer(abstract):
        t = regex.match(r"(" + _TOKEN + r")\s*[,(]", abstract[m.end():])
        if t and _is_coined(t.group(1)):
            return t.group(1)
    return _abbr_from_title(title, abstract) or _title_suffix(title)
