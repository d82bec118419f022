"""The name of the method or system a paper proposes, from its title and abstract.

    detect_method(title, abstract) -> str | None

From rules on phrasing, in this order (spec section 3):

1. a title prefix before ':' that looks like a name: a coined token ("GaLore", "DB-LLM",
   "mBLIP", "LUT Tensor Core"), or a short Title-Case phrase the abstract repeats
   ("Language Ranker"); when the abstract abbreviates it ("Dual Grained Quantization (DGQ)")
   the abbreviation wins;
2. a naming phrase in the abstract: "called / named / dubbed / termed / referred to as NAME",
   "we propose / introduce / present / derive NAME, a ...", "a new method, namely NAME",
   "our method, NAME,", "NAME (Long Form), a ... optimizer";
3. an abbreviation defined in the abstract whose long form is a phrase of the title
   ("simulated trial and error (STE)" in "... through Simulated Trial and Error");
4. a coined title suffix after the last ':' ("...: NAME").

Naming phrases are scanned in lower-cased ASCII text without IGNORECASE, tried only at their
trigger words, and every look-up reads a bounded window, so a paper costs no pattern
compilation and hostile text stays linear.
"""
from __future__ import annotations

import unicodedata

import regex

from .background import OWN_WORK, background_end, sentence_start
from .patterns import SENTENCE_OPEN, last_match

__all__ = ["detect_method"]

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

# the abbreviations of _GENERIC that name a kind of thing, not one method or model
_FIELD_TERMS = frozenset(
    w.lower()
    for w in """
    LLM LLMs LM LMs SLM SLMs MLLM MLLMs VLM VLMs LVLM LVLMs LLVM LLVMs NLP NLU NLG AI ML DL RL
    RLHF RAG KV QA MoE SSM SSMs PEFT ICL CoT SFT GPU GPUs CPU CPUs TPU API APIs FLOPs FLOP SOTA SoTA
    NLI OOD IR MT PTQ QAT VQ ViT CNN CNNs RNN RNNs GNN GNNs LSTM MLP FFN MHA MHSA GQA MQA NAS LTM PRM ORM TC IO
    HBM DRAM SRAM FP16 BF16 FP32 FP8 INT8 INT4
    """.split()
)

# a token is "coined" when it is not an ordinary word: inner capitals (GaLore, mBLIP),
# two or more capitals (LESS, DB-LLM), a digit with a letter (H3, M4LE), or a dot inside
# letters (llama.cpp, llm.npu)
_COINED = regex.compile(r"(?:\p{L}[\p{Lu}\p{N}]|\p{Lu}{2}|\p{N}\p{L}|\p{L}\p{N}|(?<!\p{L})\p{Lu}-\p{Lu}|\p{L}-\p{N}|\p{L}{2}\.(?!(?:com|org|net|io|ai|edu|dev)\b)\p{L}{2})")
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
        (?P<strong>(?:which\s+|that\s+)?(?:we\s+)?(?:call(?:ed)?|dub(?:bed)?|name[ds]?|term(?:ed)?
                   |coin(?:ed)?|refer(?:red)?\s+to\s+as|denoted(?:\s+as|\s+by)?|known\s+as)
        )
      | (?<=\b(?:we|i|paper|work|study|report|article|thesis|dissertation|it|also|further|here|finally|then|first|
                   next|and|to|authors|they|which|thus|therefore|hence|by|research|,)\s+(?:\w+(?:ly)?\s+)?)
        (?P<weak>(?:propos|introduc|present|develop|design|devis|build|buil|creat|releas|offer|construct|establish|deriv|describ)
                 (?:e|es|ed|ing|s|t)?)
      | (?P<listing>namely)  # "a new method, namely X" but also "approaches, namely MSE regression"
    )\b
    """
)
# nouns for what a paper names: "our framework, X", "a new architecture", "the X benchmark"
_ARTEFACT = (r"(?:method|methodology|approach|framework|system|mechanism|technique|algorithm|model|paradigm"
             r"|strategy|scheme|pipeline|architecture|benchmark|dataset|corpus|family|series|suite|library"
             r"|toolkit|tool|agent|metric|layer|optimizer|verifier|variant)s?")
_ARTEFACT_WORD = regex.compile("(?i)" + _ARTEFACT)
_OUR_X = regex.compile(
    rf"""(?ix)
    \b(?:our|the|this|an?|proposed)\s+(?:(?:resulting|proposed|new|novel)\s+)?(?:\w+[- ]){{0,2}}?
    {_ARTEFACT},\s+
    """
)


# compiled once (a pattern string given to regex.match costs a cache look-up per call)
_ABBR_TAIL = regex.compile(r"\s*\(\s*(" + _TOKEN + r")\s*\)")
_CAND_LEAD = regex.compile(r"[\s,:\"'`“]*(?:(?:a|an|the|our|it|this|them|us|to|as)\s+)?[\"'`“]*(" + _TOKEN + r")")
_SIZE_AFTER = regex.compile(r"\s\d+(?:\.\d+)?[BMK](?=[\s,.;:()]|$)")
_VERSION_AFTER = regex.compile(r"\s([a-z]?\d+(?:\.\d+)+|v\d+(?:\.\d+)*)(?=[\s,.;:()]|$)")
_NAMELY_NAMES = regex.compile(r"(?i)\b(?:an?|our|the\s+proposed|the\s+new)\s+(?:[\w-]+\s+){0,4}?" + _ARTEFACT + r",?\s*$")
_OR_ABBR = regex.compile(r",\s+or\s+(" + _TOKEN + r")(?=[\s,.;:])")
_DASH_SHORT_NAME = regex.compile(r"\s+[-–—]{1,2}\s+(" + _TOKEN + r")(?=[\s,.;:(])")
_LONG_FORM_ABBR = regex.compile(r"[\w-]+(?:\s+[\w-]+){1,5}?\s*\(\s*(" + _TOKEN + r")\s*\)")
_CAND_WEAK_END = regex.compile(r"\s*(?:[,(:]|\s(?:a|an|the|which|that|as|for|to|is|in|on|with)\b|$)")
_CAND_STRONG_END = regex.compile(r"\s*(?:[,.;()]|$|\s(?:and|to|which|that|as|for|is|in|on|with|a|an)\b)")
_APPOSITIVE = regex.compile(r"[,:]\s+(" + _TOKEN + r")(?=\s*(?:[,(]|\s(?:that|which|a|an)\b))")
_ALNUM_RUN = regex.compile(r"[\p{L}\p{N}]+")
_OUR_X_NAME = regex.compile(r"(" + _TOKEN + r")\s*[,(]")
_PHRASE_SEP = regex.compile(r"[\s\-]+")


def _phrase_then_abbr(phrase: str, abstract: str):
    r"""regex.search(r"(?i:w1[\s\-]+w2...)\s*\(\s*(TOKEN)\s*\)", abstract) for the words of
    ``phrase``, without compiling a pattern per title: the words are looked up with str.find
    in the lower-cased abstract (ASCII text; anything else takes the regex)."""
    words = _PHRASE_SEP.split(phrase)
    low = abstract.lower()
    if not (phrase.isascii() and abstract.isascii()) or not all(words):
        pat = r"(?i:" + r"[\s\-]+".join(regex.escape(w) for w in words) + r")\s*\(\s*(" + _TOKEN + r")\s*\)"
        return regex.search(pat, abstract)
    words = [w.lower() for w in words]
    first, pos = words[0], low.find(words[0])
    while pos >= 0:
        at = pos + len(first)
        for w in words[1:]:
            gap = at
            while gap < len(low) and low[gap] in _SPACE_OR_HYPHEN:
                gap += 1
            if gap == at or not low.startswith(w, gap):
                break
            at = gap + len(w)
        else:
            m = _ABBR_TAIL.match(abstract, at, at + 80)  # bounded: no scan of the rest per word
            if m:
                return m
        pos = low.find(first, pos + 1)
    return None


_SPACE_OR_HYPHEN = frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f-")  # \s of ASCII text, and -


# the same patterns without IGNORECASE, for lower-cased ASCII text (about twice as fast)
_NAMING_LOWER = regex.compile(_NAMING.pattern.replace("(?ix)", "(?x)", 1))
_OUR_X_LOWER = regex.compile(_OUR_X.pattern.replace("(?ix)", "(?x)", 1))
# Every match of _NAMING starts with one of these words and every match of _OUR_X ends with
# one of these nouns and a comma. Searching for them is a literal scan; trying the full
# pattern (with its variable-length look-behind) at every word start cost ~0.3 ms a paper.
_NAMING_START = regex.compile(
    r"(?i)\b(?:which|that|we|call|dub|name|term|coin|refer|denoted|known|propos|introduc|present"
    r"|develop|design|devis|buil|creat|releas|offer|construct|establish|deriv|describ)")
_OUR_X_NOUN = regex.compile(rf"(?i){_ARTEFACT},")


def _matches_from(pattern, starts, text: str):
    """pattern.finditer(text), trying the pattern only where `starts` finds a possible start."""
    end = 0
    for s in starts.finditer(text):
        if s.start() < end:
            continue
        m = pattern.match(text, s.start())
        if m:
            end = max(m.end(), m.start() + 1)
            yield m


def _is_coined(tok: str) -> bool:
    return bool(_COINED.search(tok)) and tok.lower() not in _GENERIC and not tok.isdigit() \
        and not _DIMENSION.fullmatch(tok)


_DIMENSION = regex.compile(r"\d+[Dd]")  # "two-dimensional (2D)": a property, not a name


_NORM_SEPARATORS = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))
_NON_WORD = regex.compile(r"[\W_]+")


def _norm(s: str) -> str:
    low = s.lower()
    if low.isascii():  # same result as the regex below, without the regex
        return " ".join(low.translate(_NORM_SEPARATORS).split())
    return " ".join(_NON_WORD.sub(" ", low).split())


def _title_case_word(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit() or _is_coined(w)


def _abbr_after(phrase: str, abstract: str) -> str | None:
    """The abbreviation the abstract gives right after ``phrase``: "Dual Grained Quantization (DGQ)"."""
    m = _phrase_then_abbr(phrase, abstract)
    # an abbreviation is shorter than its long form: "MrT5 (MergeT5)" expands, it does not abbreviate
    if m and _is_coined(m.group(1)) and m.group(1).lower() not in _GENERIC and len(m.group(1)) < len(phrase):
        return m.group(1)
    return None


_REPORT_TAIL = regex.compile(r"(?i)\s+(?:technical\s+|tech\s+)?report$")
_TITLE_SEP = regex.compile(r":|\s(?:-{1,2}|–|—)\s")  # "NAME: ...", "NAME - ...", "NAME — ..."


def _title_prefix(title: str, abstract: str) -> str | None:
    sep = _TITLE_SEP.search(title)
    if sep is None:
        return None
    head = _REPORT_TAIL.sub("", title[:sep.start()].strip())  # "Phi-3 Technical Report": Phi-3
    if _SURVEY_TAIL.match(title, sep.end()):
        return None  # "Small Language Models: Survey, Measurements ...": the topic, not a name
    words = head.split()
    if not words or len(words) > 5 or any(c in head for c in ",?!()"):
        return None
    if words[0].lower() in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
        head = " ".join(words)
    if any(w.lower() in _FUNCTION for w in words):
        return None
    if not all(_title_case_word(w) or w == "&" for w in words):  # "Draft & Verify"
        return None
    words = [w for w in words if w != "&"]
    # a version or a kind of thing after a name the abstract uses without it: "MInference 1.0:"
    # introduced as "MInference (...)", "The FineWeb Datasets:" as "FineWeb, a ... dataset"
    if len(words) > 1 and (_VERSION_WORD.fullmatch(words[-1]) and head not in abstract
                           or _ARTEFACT_WORD.fullmatch(words[-1]) and all(_is_coined(w) for w in words[:-1])) \
            and regex.search(r"(?<![\w-])" + regex.escape(" ".join(words[:-1])) + r"(?![\w-])", abstract):
        words = words[:-1]
        head = " ".join(words)
    coined = [w for w in words if _is_coined(w)]
    if not coined and _STUDY_TAIL.match(title, sep.end()) and head not in abstract:
        return None  # "Inference Scaling Laws: An Empirical Analysis of ...": the topic of a study
    if len(words) == 1:
        # a known name before ':' is this paper's ("QLoRA: Efficient Finetuning ..."); a term of
        # the field is its topic ("LLMs: ...")
        if words[0].lower() in _FIELD_TERMS or words[0].lower() in _NOT_NAMES:
            return None
        return head
    # multi-word: a coined, non-generic token makes it a name ("LUT Tensor Core", "Sparse MeZO");
    # plain words must be repeated by the abstract ("Language Ranker", "Model Surgery")
    if coined and (len(words) <= 3 or _norm(head) in _norm(abstract)):
        return head
    if len(words) <= 4:
        if _norm(head) in _norm(abstract):
            return head
        # a plural title for the singular the abstract names, capitalised as a name:
        # "Large Concept Models: ..." and 'we build a "Large Concept Model"'
        if head.endswith("s") and not head.endswith("ss") and head[:-1] in abstract:
            return head[:-1]
    return None


_VERSION_WORD = regex.compile(r"v?\d+(?:\.\d+)*")
_TAIL = r"(?i)\s*(?:an?\s+)?(?:[\w-]+\s+){{0,2}}?(?:{})\b"  # what a title says after ':' ("A Comprehensive Survey")
_STUDY_TAIL = regex.compile(_TAIL.format("analysis|study|investigation|exploration"))
_SURVEY_TAIL = regex.compile(_TAIL.format("survey|review|overview|tutorial|primer"))
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
    n = _NOUN_THEN_NAME.match(window)
    if n and _is_coined(n.group(1).rstrip(".")) and n.group(1).lower() not in _GENERIC:
        return n.group(1).rstrip(".")
    m = _CAND_LEAD.match(window)
    if m:
        tok = m.group(1).rstrip(".'’")
        rest = window[m.end():]
        version = _VERSION_AFTER.match(rest)  # "BitNet b1.58", "Foo v2": the version is part of the name
        if version and _is_coined(tok):
            tok, rest = tok + " " + version.group(1), rest[version.end():]
        name_like = _is_coined(tok) or bool(_HYPHEN_CAPS.fullmatch(tok))  # "GaLore", "Nemotron-Mini-Hindi"
        size = _SIZE_AFTER.match(rest)  # "Nemotron-Mini-Hindi 4B, a bilingual SLM": the name, not its size
        if size and name_like:
            rest = rest[size.end():]
        if name_like and (strong or _CAND_WEAK_END.match(rest) or _KIND_NOUN_END.match(rest)):
            abbr = _ABBR_TAIL.match(rest)  # "Reranker-Guided-Search (RGS), a novel approach"
            if abbr and _is_coined(abbr.group(1)) and len(abbr.group(1)) < len(tok):
                return abbr.group(1)
            long = _LONG_FORM_ABBR.match(window, m.start(1))  # "REINFORCE with Group Relative Advantage (RGRA)"
            if long and _is_coined(long.group(1)) and _expansion_before(window, long.start(1) - 1, long.group(1)):
                return long.group(1)
            return tok
        if strong and tok[:1].isupper() and tok.lower() not in _FUNCTION and tok.lower() not in _GENERIC:
            abbr = _ABBR_TAIL.match(rest)
            if abbr and _is_coined(abbr.group(1)):
                return abbr.group(1)
            if _CAND_STRONG_END.match(rest):
                return tok
    name = _plain_name(window)  # "called Speculative Streaming that ...", "Mamba, a new architecture"
    if name:
        dash = _DASH_SHORT_NAME.match(abstract, end, end + 60)  # "Code Long-context Alignment - CoLA, a ..."
        if dash and _is_coined(dash.group(1)) and _expansion_before(name + " ", len(name) + 1, dash.group(1)):
            return dash.group(1)
        return name
    # an abbreviation defined in the clause: "a framework, Language Models ... (LongMem)"
    for a in _ABBR_DEF.finditer(window):
        tok = a.group(1)
        if _BUILDS_ON.search(window, 0, a.start()):
            break  # "an algorithm inspired by byte-pair encoding (BPE)": what it builds on
        if _NOT_A_METHOD.search(window, max(0, a.start() - 30), a.start()):
            break  # "a systematic literature review (SLR)"
        if _is_coined(tok) and tok.lower() not in _GENERIC and _expansion_before(window, a.start(), tok):
            return tok
    # an appositive further on in the clause, when the abstract keeps using it: "a new SSM
    # layer, H3, that ..."
    if not strong:
        for t in _APPOSITIVE.finditer(window[:120]):
            tok = t.group(1)
            if _is_coined(tok) and (abstract.count(tok, max(0, start - 3000), end + 3000) >= 2 or tok in title):
                return tok
    return None


# after "we propose/introduce/present": a run of capitalised words that ends the clause
# ("we propose Token Recycling."), or a capitalised phrase in apposition ("We introduce
# Distilling step-by-step, a new mechanism ...")
_CAPS_RUN = regex.compile(
    r"[\s\"'“]*(\p{Lu}[\p{L}\p{N}\-]*(?:\s+\p{Lu}[\p{L}\p{N}\-]*){1,3})[\"'”]?(?=\s*(?:[.,;(]|$|\s(?:which|that)\b))")
_APPOSITION_NAME = regex.compile(
    r"[\s\"'“]*(\p{Lu}[\p{L}\p{N}\-]*(?:\s+[\p{L}\p{N}\-]+){0,2})[\"'”]?,\s+(?:an?|our)\s+(?:[\w-]+\s+){0,4}?"
    + _ARTEFACT + r"\b")
# "we propose a new pooling strategy, Multi-Layers Trainable Pooling, which ...": the kind of
# thing first, then its capitalised name in apposition
_NOUN_COMMA_NAME = regex.compile(
    r"\s*(?:a|an|the|our)\s+(?:[\w-]+\s+){0,4}?" + _ARTEFACT + r",\s+(?:the\s+)?[\"'“]?"
    r"(\p{Lu}[\p{L}\p{N}\-]*(?:\s+\p{Lu}[\p{L}\p{N}\-]*){0,3})[\"'”]?(?=\s*(?:[,(]|\s(?:which|that)\b))")


_BUILDS_ON = regex.compile(
    r"(?i)\b(?:inspired\s+by|based\s+on|built\s+(?:up)?on|such\s+as|like|than|compared|unlike|extend\w*"
    r"|integrat\w+|combin\w+|variant\s+of|version\s+of|shift\s+to(?:wards?)?|rel(?:y|ies|ying)\s+on"
    r"|compatible\s+with)\b")
_NOUN_THEN_NAME = regex.compile(
    r"\s*(?:(?:a|an|the|our|this|its)\s+)(?:[\w-]+\s+){0,5}?"
    + _ARTEFACT + r"\s+(?:(?:called|named|as)\s+)?[\"'“]?(" + _TOKEN + r")"
    r"(?=[\"'”]?(?:[\s,.;:()]|$))")
# "Our methodology GraphContextGen consistently ...", "Our verifiers, Math-Rev and Code-Rev, ..."
_OUR_NAMED = regex.compile(
    r"(?i)\b(?:our|the\s+proposed)\s+(?:[\w-]+\s+){0,2}?" + _ARTEFACT + r",?\s+(" + _TOKEN + r")(?=[\s,.;:()])")


# "the FooBench benchmark, which": a coined name, then the kind of thing it names
_KIND_NOUN_END = regex.compile(
    r"\s+" + _ARTEFACT + r"(?=\s*(?:[,.;:(]|$)|\s(?:which|that|for|to|is|in|on|with|as)\b)")
_HYPHEN_CAPS = regex.compile(r"\p{Lu}\p{L}+(?:-\p{Lu}\p{L}*)+")  # "Math-Rev" after "our verifier"


def _plain_name(window: str) -> str | None:
    for rx in (_CAPS_RUN, _APPOSITION_NAME, _NOUN_COMMA_NAME):
        m = rx.match(window)
        if m:
            words = m.group(1).split()
            if words[0].lower() in _FUNCTION or all(
                    w.lower() in _GENERIC_WORDS or w.lower() in _GENERIC for w in words):
                continue
            abbr = _ABBR_TAIL.match(window, m.end()) or _OR_ABBR.match(window, m.end())
            if abbr and _is_coined(abbr.group(1)):
                return abbr.group(1)  # the short name the paper goes on to use: "X (ABBR)", "X, or ABBR,"
            return m.group(1)
    return None


def _expansion_before(text: str, pos: int, abbr: str) -> bool:
    """True when the words before ``pos`` look like the long form of ``abbr``: at least two of
    the last six words start with letters of the abbreviation (not a list in parentheses)."""
    words = _ALNUM_RUN.findall(text[:pos])[-6:]
    letters = {c.lower() for c in abbr if c.isalpha()}
    hits = sum(1 for w in words if w[0].lower() in letters)
    return hits >= min(2, len(letters))


_GENERIC_WORDS = frozenset("large language model models llm llms lm lms neural network networks the a of for".split())


def _abbr_from_title(title: str, abstract: str) -> str | None:
    """An abbreviation whose long form is a phrase of the title: "sparse fine-tuning (SFT)"."""
    nt = " " + _norm(title) + " "
    for a in _ABBR_DEF.finditer(abstract):
        tok = a.group(1)
        if not _is_coined(tok) or tok.lower() in _GENERIC or _CLASS_NAME.fullmatch(tok):
            continue
        if not OWN_WORK.search(abstract, sentence_start(abstract, a.start(), 400), a.start()):
            continue  # "tasks framed as sequence labeling (SL)": a term of the field, not the paper's name
        if _NOT_A_METHOD.search(abstract, max(0, a.start() - 30), a.start()):
            continue  # "a systematic literature review (SLR)"
        words = _norm(abstract[max(0, a.start() - 120):a.start()]).split()
        for k in range(min(6, len(words)), 1, -1):
            phrase = words[-k:]
            if sum(w not in _GENERIC_WORDS for w in phrase) < 2:
                continue
            if " " + " ".join(phrase) + " " in nt:
                return tok
    return None


_CAPS_WORDS = regex.compile(r"\p{Lu}[\p{L}\p{N}]*(?:[\s-]+\p{Lu}[\p{L}\p{N}]*)+")
_ACRONYM = regex.compile(r"(?<![\w-])\p{Lu}{2,6}s?(?![\w-])")


def _title_initials(title: str, abstract: str) -> str | None:
    """An acronym the abstract uses that spells a capitalised phrase of the title:
    "Parallel Prompt Decoding" in the title, "PPD approximates ..." in the abstract."""
    # three letters or more (two-letter ones collide with units and common terms), and not
    # defined in parentheses: a defined acronym is _abbr_from_title's to judge
    used = {m.group() for m in _ACRONYM.finditer(abstract) if len(m.group()) >= 3}
    defined = {m.group(1) for m in _ABBR_DEF.finditer(abstract)}
    used -= defined
    if not used:
        return None
    for run in _CAPS_WORDS.finditer(title):
        words = regex.split(r"[\s-]+", run.group())
        for i in range(len(words)):
            for j in range(len(words), i + 1, -1):
                phrase = words[i:j]
                if all(w.lower() in _GENERIC_WORDS for w in phrase):
                    continue
                acr = "".join(w[0] for w in phrase)
                if acr in used and acr.lower() not in _GENERIC and acr + "s" not in defined:  # "(LRLs)": a class
                    return acr
    return None


_CLASS_NAME = regex.compile(r"(?:.*\s)?\p{Lu}{2,}s")  # "LRLs", "Code LLMs": a class of things, not a name
# "a phenomenon we call X", "an effect, which we term X"; not "the repetition issue, dubbed X"
_PHENOMENON_BEFORE = regex.compile(
    r"(?i)\b(?:phenomen(?:on|a)|effects?|behaviou?rs?|problems?|issues?|bias(?:es)?|failure\s+modes?|patterns?)"
    r"(?P<comma>,)?\s+$")


def _named_phenomenon(abstract: str, m) -> bool:
    p = _PHENOMENON_BEFORE.search(abstract, max(0, m.start() - 40), m.start())
    return bool(p) and (not p.group("comma") or m.group().lower().startswith(("which", "that")))


_NOT_A_METHOD = regex.compile(r"(?i)\b(?:review|survey|study|analysis|overview)\s*$")


def _title_suffix(title: str) -> str | None:
    last = last_match(_TITLE_SEP, title)
    if last is None:
        return None
    tail = title[last.end():].strip()
    words = tail.split()
    if 1 <= len(words) <= 2 and all(_is_coined(w) for w in words[:1]) and all(_title_case_word(w) for w in words):
        return tail
    return None


_TEX_SUBSCRIPT = regex.compile(r"\$_\{?([\p{L}\p{N}]+)\}?\$")
# TeX accents as papers type them: T\"ulu -> Tülu, \'{e} -> é
_TEX_ACCENT = regex.compile(r"""\\(["'`^~])\{?(\p{L})\}?""")
_COMBINING = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}


def detect_method(title: str, abstract: str) -> str | None:
    """Name of the method or system the paper proposes, or None (surveys, most empirical studies).
    TeX is undone as a reader would write the name: "S$^{2}$FT" -> "S^{2}FT", 'T\\"ulu' -> "Tülu"."""
    name = _method(_untex(title or ""), _untex(abstract or ""))
    if name and "$" in name:  # "H$_2$O" -> "H2O" (a subscript is read inline), "Q$^2$Tune" -> "Q^2Tune"
        name = _TEX_SUBSCRIPT.sub(r"\1", name).replace("$", "")
    return name


def _untex(text: str) -> str:
    if "\\" not in text:
        return text
    return _TEX_ACCENT.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _COMBINING[m.group(1)]), text)


def _method(title: str, abstract: str) -> str | None:
    title = (title or "").strip()
    abstract = abstract or ""
    head = _title_prefix(title, abstract)
    if head:
        return _abbr_after(head, abstract) or head
    ascii_ = abstract.isascii()
    low = abstract.lower() if ascii_ else abstract
    for m in _matches_from(_NAMING_LOWER if ascii_ else _NAMING, _NAMING_START, low):
        if m.group("listing") and not _NAMELY_NAMES.search(abstract, max(0, m.start() - 60), m.start()):
            continue  # "simple changes to LLaVA, namely X": a list, not "a new method, namely X"
        if m.group("strong") and abstract[m.start()].isupper() \
                and not SENTENCE_OPEN.search(abstract, max(0, m.start() - 3), m.start()):
            continue  # "Function Name Detection": a capitalised word inside a phrase, not "we name it X"
        if m.group("strong") and _named_phenomenon(abstract, m):
            continue  # "a counter-intuitive phenomenon we name X": an observation, not a method
        end_m = _CLAUSE_END.search(abstract, m.end(), m.end() + 220)  # bounded: linear on hostile text
        end = end_m.start() if end_m else len(abstract)
        end = min(end, m.end() + 220)
        name = _candidate_at(abstract, m.end(), end, bool(m.group("strong")), title)
        if name and _CLASS_NAME.fullmatch(name):
            continue  # "also called process reward models (PRMs)": a class of things
        if name:
            return name
    for m in _OUR_NAMED.finditer(abstract):
        tok = m.group(1).rstrip(".")
        if (_is_coined(tok) or _HYPHEN_CAPS.fullmatch(tok)) and tok.lower() not in _GENERIC:
            return tok
    if _OUR_X_NOUN.search(low):
        for m in (_OUR_X_LOWER if ascii_ else _OUR_X).finditer(low):
            t = _OUR_X_NAME.match(abstract, m.end())
            if t and _is_coined(t.group(1)):
                return t.group(1)
    return (_abbr_from_title(title, abstract) or _expanded_name(abstract) or _title_initials(title, abstract)
            or _title_suffix(title))


# "... leads to SCALE (Stochastic Column-normAlized Last-layer momEntum), a simple optimizer":
# a coined name, its long form in parentheses, then what kind of thing it is
_EXPANDED_NAME = regex.compile(
    r"(?<![\w-])(" + _TOKEN + r")\s*\(\s*(\p{Lu}[^()]{3,80}?)\s*\),\s+(?:an?|the|our)\s+(?:[\w-]+\s+){0,3}?"
    + _ARTEFACT + r"\b")


def _expanded_name(abstract: str) -> str | None:
    for m in _EXPANDED_NAME.finditer(abstract, background_end(abstract)):
        tok = m.group(1)
        if _is_coined(tok) and tok.lower() not in _GENERIC and _expansion_before(m.group(2) + " ", len(m.group(2)) + 1, tok):
            return tok
    return None
