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


@dataclass(frozen=True)
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
    _order: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        self._rules, self._by_key, self._always = _compile(self.families)
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
            for rule, n in self._matches(title, "title").items():
                out[rule.family] = out.get(rule.family, 0.0) + tw * rule.weight  # once per rule
        if abstract:
            for rule, n in self._matches(abstract, "abstract").items():
                out[rule.family] = out.get(rule.family, 0.0) + min(n, cap) * rule.weight
        return out

    def _matches(self, text: str, where: str) -> dict[_Rule, int]:
        """How often each rule matches in ``text``, resolved per family as one alternation would:
        leftmost match first, the earlier rule at equal starts, no overlaps."""
        lower = _lower_same_length(text)
        starts = set(_WORD_START.findall(lower))
        keys = starts | {k[:2] for k in starts} | {k[:1] for k in starts}
        by_key = self._by_key
        cands = set(self._always)
        for k in keys & by_key.keys():
            cands.update(by_key[k])
        found: dict[str, list] = {}
        for rule in cands:
            if not getattr(rule, where):
                continue
            for m in rule.regex.finditer(text if rule.case else lower):
                found.setdefault(rule.family, []).append((m.start(), rule.index, m.end(), rule))
        counts: dict[_Rule, int] = {}
        for spans in found.values():
            spans.sort(key=lambda x: (x[0], x[1]))
            end = -1
            for start, _, stop, rule in spans:
                if start >= end:
                    counts[rule] = counts.get(rule, 0) + 1
                    end = stop if stop > start else start + 1
        return counts


_WORD_START = regex.compile(r"(?<![\w])\w{1,3}")


def _literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Lower-case literal strings (cut to 3 chars) one of which every match must begin with,
    or None when the pattern can start with a class such as \\d (then it always runs)."""
    import re._parser as sre  # only to read the pattern's structure
    from re._constants import ANY, AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN, NOT_LITERAL  # noqa: F401

    try:
        parsed = sre.parse(pattern, 0)
    except Exception:
        return None
    LIMIT = 200

    def walk(items, prefixes):
        """Extend each prefix in ``prefixes`` (set of str) along ``items``; return (set, open)."""
        done = set()
        cur = set(prefixes)
        for op, av in items:
            done |= {p[:3] for p in cur if len(p) >= 3}
            cur = {p for p in cur if len(p) < 3}
            if not cur:
                break
            if op is AT:
                continue
            if op is LITERAL:
                cur = {p + chr(av).lower() for p in cur}
            elif op is IN:
                chars = []
                for iop, iav in av:
                    if iop is LITERAL:
                        chars.append(chr(iav).lower())
                    else:
                        return None
                cur = {p + c for p in cur for c in set(chars)}
            elif op is SUBPATTERN:
                sub = walk(av[-1], cur)
                if sub is None:
                    return None
                fin, cur = sub
                done |= fin
            elif op is BRANCH:
                nxt, fin_all = set(), set()
                for branch in av[1]:
                    sub = walk(branch, cur)
                    if sub is None:
                        return None
                    fin, c = sub
                    fin_all |= fin
                    nxt |= c
                done |= fin_all
                cur = nxt
            elif op in (MAX_REPEAT, MIN_REPEAT):
                lo, hi, body = av
                sub = walk(body, cur)
                if sub is None:
                    return None
                fin, c = sub
                if lo == 0:  # optional: the prefixes so far may also stop here
                    done |= cur | fin | c
                    cur = set()
                    break
                done |= fin | c  # one repetition, then stop extending
                cur = set()
                break
            else:
                return None
            if len(cur) + len(done) > LIMIT:
                return None
        return done, cur

    res = walk(list(parsed), {""})
    if res is None:
        return None
    fin, cur = res
    out = {p[:3] for p in fin | cur}
    if not out or "" in out:
        return None
    return frozenset(out)


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
    rules, by_key, always = [], {}, []
    for name, frules in families.items():
        for i, r in enumerate(frules):
            # case-insensitive rules run on the lower-cased text with lower-cased literals:
            # much faster in `regex` than IGNORECASE
            pat = r.pattern if r.case else _lower_literals(r.pattern)
            try:
                rx = regex.compile(f"(?<!\\w)(?:{pat})(?!\\w)")
            except regex.error as e:
                raise TaxonomyError(f"family {name!r}: bad pattern {r.pattern!r}: {e}") from e
            keys = _literal_prefixes(r.pattern)
            rule = _Rule(name, i, rx, r.weight, r.case, r.where != "abstract", r.where != "title", keys)
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
