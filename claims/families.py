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


@dataclass
class _Compiled:
    """One alternation per family and field; group i of it carries weights[i]."""

    title: regex.Pattern | None
    abstract: regex.Pattern | None
    title_weights: tuple[float, ...]
    abstract_weights: tuple[float, ...]


@dataclass
class Taxonomy:
    """Families -> weighted patterns, plus the scoring settings. Build with load_taxonomy."""

    settings: dict
    families: dict[str, list[FamilyRule]]
    thresholds: dict[str, float] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    _compiled: dict[str, _Compiled] = field(default_factory=dict, repr=False)
    _order: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        self._compiled = {name: _compile_family(name, rules) for name, rules in self.families.items()}
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
        """Score of every family for one paper (0 for families with no match)."""
        tw = float(self.settings["title_weight"])
        cap = int(self.settings["max_repeats"])
        out: dict[str, float] = {}
        for name, comp in self._compiled.items():
            total = 0.0
            if title and comp.title is not None:
                seen = set()
                for m in comp.title.finditer(title):
                    g = m.lastindex
                    if g not in seen:  # a pattern counts once in the title
                        seen.add(g)
                        total += tw * comp.title_weights[g - 1]
            if abstract and comp.abstract is not None:
                counts: dict[int, int] = {}
                for m in comp.abstract.finditer(abstract):
                    g = m.lastindex
                    n = counts.get(g, 0)
                    if n < cap:
                        counts[g] = n + 1
                        total += comp.abstract_weights[g - 1]
            out[name] = total
        return out


def _compile_family(name: str, rules: list[FamilyRule]) -> _Compiled:
    def build(where: str):
        parts, weights = [], []
        for r in rules:
            if r.where not in ("both", where):
                continue
            # anchored at word edges; one group per rule tells which rule matched
            parts.append(f"((?<!\\w)(?{'-i' if r.case else 'i'}:{r.pattern})(?!\\w))")
            weights.append(r.weight)
        if not parts:
            return None, ()
        try:
            return regex.compile("|".join(parts)), tuple(weights)
        except regex.error as e:  # name the family; the pattern text is in the message
            raise TaxonomyError(f"family {name!r}: bad pattern: {e}") from e

    t, tw = build("title")
    a, aw = build("abstract")
    return _Compiled(t, a, tw, aw)


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
