"""Paper-level facts: method names (claims.method) and technique families (claims.families).

Gold sets (labelling rules: tests/data/families.CONVENTIONS.md):
- ../shared/gold/dev.jsonl, 60 papers: used to write and tune the rules and weights.
- tests/data/heldout.jsonl (30) and families_heldout.jsonl (28): labelled before any tuning,
  re-checked blind against the conventions, then used for tuning in session 2.
- tests/data/families_test_A.jsonl (52): labelled in session 2, then used for tuning.
- tests/data/families_test_B.jsonl (52): labelled in session 2 and never looked at paper by
  paper; only its aggregate scores were read. It is the unseen-paper figure.
The floors below are the scores measured at the last change, rounded down to 0.05: they catch
regressions, they were not tuned towards.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.families import TaxonomyError, detect_families, load_taxonomy
from claims.method import detect_method
from claims.families import FAMILIES

HERE = Path(__file__).parent
CORPUS = HERE.parent / "claims" / "data" / "corpus"
GOLD = HERE.parent.parent / "shared" / "gold" / "dev.jsonl"
HELDOUT = HERE / "data" / "families_heldout.jsonl"


# --------------------------------------------------------------------------- method names

METHOD_EXAMPLES = [
    # coined title prefixes
    ("GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection", "", "GaLore"),
    ("SmoothQuant+: Accurate and Efficient 4-bit Post-Training Weight Quantization for LLM", "", "SmoothQuant+"),
    ("mBLIP: Efficient Bootstrapping of Multilingual Vision-LLMs", "", "mBLIP"),
    ("LUT Tensor Core: Lookup Table Enables Efficient Low-Bit LLM Inference Acceleration", "", "LUT Tensor Core"),
    ("Sigma: Differential Rescaling of Query, Key and Value", "We introduce Sigma, an efficient model.", "Sigma"),
    # plain-word prefix: a name only when the abstract repeats it
    ("Language Ranker: A Metric for LLM Performance", "we propose the Language Ranker, an intrinsic metric", "Language Ranker"),
    ("Context Matters: Pushing the Boundaries of Answer Generation", "In the continuously advancing AI landscape, we study answers.", None),
    ("Adaptive Inference-Time Compute: LLMs Can Predict if They Can Do Better", "We introduce a new generative self-evaluation scheme.", None),
    # phrases, not names, before ':'
    ("Train Small, Infer Large: Memory-Efficient LoRA Training", "To mitigate this, we propose LoRAM, a memory-efficient LoRA training scheme.", "LoRAM"),
    ("LLM Inference Unveiled: Survey and Roofline Model Insights", "Our survey stands out.", None),
    ("Survey: Efficient LLMs", "", None),
    # abbreviation of a title phrase
    ("Dual Grained Quantization: Efficient Fine-Grained Quantization for LLM",
     "In this paper, we introduce Dual Grained Quantization (DGQ), a novel A8W4 quantization.", "DGQ"),
    ("Assessing Episodic Memory in LLMs with Sequence Order Recall Tasks",
     "To address the gap, we introduce Sequence Order Recall Tasks (SORT), which we adapt from psychology.", "SORT"),
    ("LLMs in the Imaginarium: Tool Learning through Simulated Trial and Error",
     "We propose a biologically inspired method for tool-augmented LLMs, simulated trial and error (STE), that orchestrates", "STE"),
    # naming phrases in the abstract
    ("Large Language Models as Tool Makers",
     "we take a step by proposing a closed-loop framework, referred to as LLMs As Tool Makers (LATM), where", "LATM"),
    ("Augmenting Language Models with Long-Term Memory",
     "we propose a framework, Language Models Augmented with Long-Term Memory (LongMem), which enables", "LongMem"),
    ("Some Title About Judges", "we introduce a judge large language model, named PandaLM, which is trained", "PandaLM"),
    ("Aligning to Thousands of Preferences", "Using this dataset, we train a 7B LLM called Janus and test it.", "Janus"),
    ("Scaling Something", "we propose to parameterize the weights as a sum, which we call SLTrain. SLTrain works.", "SLTrain"),
    ("Hungry Hungry Hippos: Towards Language Modeling with State Space Models",
     "we propose a new SSM layer, H3, that is explicitly designed. H3 matches attention.", "H3"),
    ("Simple linear attention language models", "We propose BASED a simple architecture. BASED wins.", "BASED"),
    ("A Title", "Our method, GemFilter, demonstrates substantial improvements. GemFilter is simple.", "GemFilter"),
    # capitalised names without a coined token, after "we propose/introduce"
    ("Faster Decoding by Reuse", "Observing that drafts repeat, we propose Draft Reuse Cache. It stores tokens.",
     "Draft Reuse Cache"),
    ("Making Students Think Aloud", "We introduce Reasoning step-by-step, a new method that trains students.",
     "Reasoning step-by-step"),
    ("Tuning Quantized Adapters", "We propose Quantized Adapter Tuning (QAT2), which freezes the base.", "QAT2"),
    ("Fast Decoding for LLMs", "We propose Large Language Models that decode fast.", None),
    # an acronym of a capitalised title phrase that the abstract goes on to use
    ("Speculative Token Trees for Fast LLM Inference", "Drafting is slow. STT builds trees and verifies them.", "STT"),
    ("Large Language Models Are Reasoners", "LLM reasoning is studied. LLMs reason.", None),
    # "our method NAME", "a ... model NAME", "we name our method NAME"
    ("Retrieval for Answers", "Our methodology QuickGraphGen consistently outperforms text baselines.", "QuickGraphGen"),
    ("A Title About Recommendation", "we propose a simple yet highly effective model Lite-Rec4Me. It is fast.",
     "Lite-Rec4Me"),
    ("Word Vectors From Characters", "We name our method Char2Vec and evaluate it.", "Char2Vec"),
    ("Better Verification", "Our verifiers, Logic-Check and Proof-Check, improve accuracy.", "Logic-Check"),
    ("FooT5: Token Merging for Bytes", "This work introduces FooT5 (FastMergeT5), a variant of ByT5.", "FooT5"),
    # more naming phrasings (none occurs in the bundled corpus; written from common abstract style)
    ("A New Architecture", "This paper introduces Mamba, a new architecture for sequence modeling.", "Mamba"),
    ("Benchmarking Recall", "We introduce the FooBench benchmark, which measures recall.", "FooBench"),
    ("Streaming", "In this work we present a method called Speculative Streaming that fuses drafting.",
     "Speculative Streaming"),
    ("FooBar - Efficient Decoding for LLMs", "We study decoding.", "FooBar"),
    ("Phi-9 Technical Report: A Capable Model on Your Phone", "We introduce phi-9-mini, a 3.8B model.", "Phi-9"),
    ("Small Phones", "We introduce phi-9-mini, a 3.8 billion parameter language model.", "phi-9-mini"),
    ("Quantization Study", "We name this approach Q-Sparse.", "Q-Sparse"),
    ("Routing Experts", "We propose top-1 routing for experts.", None),
    ("Doing More with Less -- Routing Strategies", "We survey routing.", None),
    ("A Paradigm", "We introduce Large Language Models, a new paradigm for text.", None),
    # the kind of thing first, its capitalised name in apposition; "our ... suite" as apposition
    ("Better Pooling", "Finally, we propose a new merging strategy, Layer Weighted Merging, which mixes layers.",
     "Layer Weighted Merging"),
    ("Dense Retrieval", "Here we present a unified approach, the Universal Retriever, which serves all tasks.",
     "Universal Retriever"),
    ("Open Chat Models", "We also release Kestrel, our strongest instruction-tuned model family, trained openly.",
     "Kestrel"),
    ("Agents That Learn", "We cast training as an MDP and derive SWIFT, a sample-efficient variant of PPO.", "SWIFT"),
    # "namely" that lists, not names; "a shift towards" an existing technique
    ("Concept Spaces", "We compare several objectives, namely MAE regression, diffusion and quantized targets.", None),
    ("Gradient-Free Tuning Revisited",
     "This work argues for a shift towards forward-only, random-perturbation (RP) estimates as a remedy.", None),
    # a plural title for the singular name the abstract uses
    ("Sparse Mixture Routers: Routing Tokens in a Latent Space",
     'We therefore build a "Sparse Mixture Router". The Sparse Mixture Router is trained end to end.',
     "Sparse Mixture Router"),
    ("Small Language Models: A Survey", "We review the small language model literature.", None),
    # a known name before ':' is this paper's own; a term of the field is only its topic
    ("LoRA: Low-Rank Adaptation of Large Language Models", "We propose to freeze the weights.", "LoRA"),
    ("LLMs: A Primer for Practitioners", "We explain how models work.", None),
    # names with a version; TeX subscripts; a long form, a dash, then the short name
    ("Ternary LLMs", "We introduce a ternary LLM variant, namely TriNet b2.1, in which weights are -1, 0 or 1.",
     "TriNet b2.1"),
    ("SpecInfer 2.0: Faster Tree Decoding", "We present SpecInfer (Speculative Inference), a tree decoder.", "SpecInfer"),
    ("C$_3$A: Cached Cross Attention", "", "C3A"),
    ("Better Code Models", "We propose Repository Context Tuning - ReCoT, a data recipe. ReCoT helps.", "ReCoT"),
    ("Open Multilingual Models", "We introduce Kiko, a massively multilingual generative language model for 90 languages.",
     "Kiko"),
    # "namely" in a list of changes; the topic of a study before ':'
    ("Stronger Baselines", "With small changes to LLaVA, namely SigLIP-L-384px with a deeper projector, we win.", None),
    ("Decoding Scaling Laws: An Empirical Analysis of Sampling Budgets", "We study decoding scaling laws.", None),
    ("Judge Arena: A Comprehensive Analysis of LLM Judges", "We introduce the Judge Arena benchmark, a testbed.",
     "Judge Arena"),
    # "X, or ABBR,"; "This paper describes NAME"; "The research introduces NAME (Long Form)"; sizes after names
    ("Faster Reasoning", "We develop Budget Aware Policy Tuning, or BAPT, a new class of methods.", "BAPT"),
    ("Sparse Activations", "This paper describes SPARK, a simple training-free method for sparsity.", "SPARK"),
    ("Tools for Small Models", "The research introduces TOOLIE (Tool-Using Lightweight Instruction Expert), which helps.",
     "TOOLIE"),
    ("Hindi Models", "We introduce Nemo-Mini-Tamil 4B, a bilingual SLM for Tamil and English.", "Nemo-Mini-Tamil"),
    ("Search With Rerankers", "We introduce Reranker-Guided-Decoding (RGD), a novel approach to search.", "RGD"),
    ("The WebStack Corpus: Cleaning the Web at Scale", "We introduce WebStack, a 9-trillion token dataset.", "WebStack"),
    ("Tool Use", "It learns seven tasks, namely Parallel Calls, Function Name Detection and Repair.", None),
    ("Two-dimensional early exit for LLM inference", "We propose a two-dimensional (2D) early exit strategy.", None),
    # "by proposing NAME"; a coined word that starts a long form takes the abbreviation
    ("Long Contexts in Practice", "We tackle this by proposing LoCoBench, a test suite for long inputs.", "LoCoBench"),
    ("Simpler Policy Gradients", "Hence we propose PPO with Sequence Level Rewards (PSLR), a simpler variant of it.",
     "PSLR"),
    ("Efficient Vision Transformers: Survey, Benchmarks and Outlook",
     "We review the field. Efficient Vision Transformers are compared on three tasks.", None),
    # a coined name, its long form in parentheses, then the kind of thing it is
    ("Lean Optimizers for Pretraining",
     "We study optimizers. Combining both ideas yields LAMP (Layer-Adaptive Momentum Pruning), a lean optimizer "
     "for pretraining. LAMP matches Adam.", "LAMP"),
    # an abbreviation of the technology the method relies on is not its name
    ("Accelerators for Long Contexts",
     "This work proposes a scheduler that relies on stacked memories built with through-silicon vias (TSV) "
     "to speed up decoding.", None),
    # abbreviations that are not the paper's name
    ("Tokenizers Revisited", "we introduce a merging algorithm inspired by byte-pair encoding (BPE), at batch level.",
     None),
    ("Adapting Small Models for Low-Resource Languages",
     "Low-resource languages (LRLs) face challenges. In this work we adapt models to LRLs.", None),
    ("Achieving Peak Speed for LLMs: A Systematic Review",
     "This paper presents a systematic literature review (SLR) of acceleration methods.", None),
    ("Decoder Models for Sequence Labeling",
     "Extraction tasks are often framed as sequence labeling (SL). We study decoders on SL.", None),
    ("Graph-Based Adaptation of Small Models", "We adapt graph-based corpora. Memory is 4 GB per GB of text.", None),
    # a dotted lower-case name; a name after a three-word description of the method
    ("Fast Phone Inference", "We present phone.infer, an inference engine for phones.", "phone.infer"),
    ("Cheaper Caches", "We score tokens without attention. The resulting token eviction method, TokEvict, "
     "needs no training.", "TokEvict"),
    ("A Study of Decoding", "Results vary, e.g. on long inputs, i.e. beyond 8K tokens. We present e.g. three cases.", None),
    # a plural abbreviation names a class of things; a named phenomenon is not a method
    ("Verifiers That Reflect", "Stepwise verifiers, also called outcome scoring models (OSMs), are costly. "
     "We propose ReflectOSM, a verifier trained on few labels.", "ReflectOSM"),
    ("Smaller Models for Low Resource Dialects", "Low resource dialects (LRDs) lack data. Distillation improves "
     "smaller LRD models.", None),
    ("Serving Under Deadlines", "we propose a batching method that respects service-level objectives (SLOs) "
     "at all times.", None),
    ("Rethinking Window Sizes", "We observe a surprising effect we call Window Drift: wider windows train slower.",
     None),
    ("Rethinking Window Sizes", "We observe a surprising effect, which we call Window Drift.", None),
    # ... but a method named after the problem it solves keeps its name
    ("Sparse Heads", "We propose a sparse attention method that exploits head-specific attention patterns, "
     "called FlexHead.", "FlexHead"),
    ("Fewer Hallucinations", "We propose a decoding strategy for the hallucination problem, dubbed HaluStop.",
     "HaluStop"),
    ("Kolmogorov Arnold Networks", "We study KAN training. KANs differ from MLPs in many ways.", "KAN"),
    # a benchmark or model named in passing; a web address
    ("Retrieval Study", "We evaluate on the popular question answering benchmark, HotpotQA, and find gains.", None),
    ("Pruning Study", "We analyse scaling of the open Llama 2 model, Llama-2-7B, under pruning.", None),
    ("A Web Tool", "Our tool is hosted online. We call it github.com/foo.", None),
    # TeX in a name
    ("Q$^2$Tune: Quantized Tuning of LLMs", "", "Q^2Tune"),
    ("Camels Revisited", 'We release T\\"ulu, a suite of models. T\\"ulu is strong.', "Tülu"),
    ("Caf\\'{e}Net: Fast Coffee Models", "", "CaféNet"),
    # no name: generic abbreviations, lower-case phrases, adjectives
    ("Exploring Parameter-Efficient Fine-Tuning Techniques for Code Generation",
     "we foresee that Parameter-Efficient Fine-Tuning (PEFT) techniques carry a high potential", None),
    ("Building a Family of Data Augmentation Models",
     "Thus, we present a family of data augmentation models designed to improve efficiency.", None),
    ("Understanding the Impact of Post-Training Quantization",
     "The present analysis reveals that nf4 and fp4 are equally proficient 4-bit quantization techniques.", None),
    ("On Designing Effective RL Reward", "we introduce two novel reward refinement techniques, including Clipping and Delta.", None),
    ("A Study of LLMs", "Large language models (LLMs) are studied. We propose using retrieval-augmented generation (RAG).", None),
]


@pytest.mark.parametrize("title,abstract,expected", METHOD_EXAMPLES, ids=[e[0][:40] for e in METHOD_EXAMPLES])
def test_method_examples(title, abstract, expected):
    assert detect_method(title, abstract) == expected


# --------------------------------------------------------------------------- families

FAMILY_EXAMPLES = [
    # (title, abstract, family, present?)
    ("VPTQ: Extreme Low-bit Vector Post-Training Quantization", "", "quantization", True),
    ("A Method", "We quantize weights to W4A8 and INT4 with low-bit kernels; quantization error drops.", "quantization", True),
    ("A Method", "Binarization of LLM weights: our binarized model uses 1-bit weights and binarization-aware training.", "quantization", True),
    ("SLTrain: sparse plus low-rank pretraining", "when combined with quantization, memory drops.", "quantization", False),
    ("MaskLLM: Learnable Semi-Structured Sparsity", "", "pruning_sparsity", True),
    ("A Method", "we prune 50% of the weights; the pruned model keeps accuracy at 2:4 sparsity.", "pruning_sparsity", True),
    ("A Method", "We use sparse attention to make long inputs cheap; sparse attention is fast.", "pruning_sparsity", False),
    ("Efficient Streaming Language Models with Attention Sinks",
     "caching the KV cache of initial tokens; KV cache eviction keeps memory bounded.", "kv_cache", True),
    ("LoRA-Flow", "parameter-efficient fine-tuning with LoRA adapters and low-rank adaptation.", "peft", True),
    ("Distilling Step-by-Step!", "we distill LLM rationales into small student models; distillation wins.", "distillation", True),
    ("LongHeads", "extends the context window to long-context inputs; long-context ability improves.", "long_context", True),
    ("Scaling Laws with Vocabulary", "compute-optimal vocabulary size follows a power law.", "scaling_laws", True),
    ("Query Rewriting for Rankers", "rewriting closes the vocabulary gap in document ranking.", "tokenization", False),
    ("MrT5: Dynamic Token Merging for Efficient Byte-level Language Models", "", "tokenization", True),
    ("A RAG System", "retrieval-augmented generation with a dense retriever; retrieval quality rises.", "retrieval_rag", True),
    ("Evaluating LLMs for Code", "we introduce a new benchmark for code generation; HumanEval results.", "evaluation", True),
    ("Evaluating LLMs for Code", "we introduce a new benchmark for code generation; HumanEval results.", "code", True),
    ("A Model", "Our code is available at https://github.com/x/y.", "code", False),
    ("A Survey on Mixture of Experts", "", "survey", True),
    ("Some Agent", "an LLM agent with tool use calls APIs; the agent plans.", "agents_tools", True),
    ("Vision Model", "a multimodal vision-language model for images and video", "multimodal", True),
    ("Bridging Languages", "multilingual and cross-lingual transfer to 95 languages", "multilingual", True),
    ("Aligning LLMs", "instruction tuning and RLHF with a reward model; human feedback data.", "alignment_instruction", True),
    ("MiniCPM: Unveiling the Potential of Small Language Models", "", "small_models", True),
    ("LLaMA-NAS: Efficient Neural Architecture Search for Large Language Models", "", "efficient_architecture", True),
    ("Speculative Decoding", "speculative decoding with a draft model gives 2x speedup in inference latency.", "inference_acceleration", True),
    ("SPAM: Spike-Aware Adam for Stable LLM Training", "gradient spikes destabilise training; memory-efficient training.", "efficient_training", True),
    ("Forgetting Less", "continual learning without catastrophic forgetting", "other", True),
    ("Designing Sub-billion Models for Phones", "", "small_models", True),
    ("Reasoning in Small-sized LLMs", "", "small_models", True),
    ("Task-Aware Layer Elimination for Faster LLMs", "", "pruning_sparsity", True),
    ("Visual Token Pruning for Fast Multimodal Inference", "", "inference_acceleration", True),
    ("Visual Token Pruning for Fast Multimodal Inference", "We prune visual tokens.", "pruning_sparsity", False),
    ("A Benchmark for Long Video Understanding", "", "long_context", True),
    ("Fast MoE Serving", "Experts are offloaded to CPU memory at inference.", "efficient_training", False),
    # one scaling law in passing is not the subject; a paper about them is
    ("Ternary Weights", "We train ternary LLMs. This defines a new scaling law for cheap models.", "scaling_laws", False),
    ("Scaling Laws for Sparse Models", "We fit scaling laws for sparse models.", "scaling_laws", True),
]


@pytest.mark.parametrize("title,abstract,family,present", FAMILY_EXAMPLES,
                         ids=[f"{e[2]}-{'in' if e[3] else 'out'}-{e[0][:24]}" for e in FAMILY_EXAMPLES])
def test_family_examples(title, abstract, family, present):
    assert (family in detect_families(title, abstract)) is present


def test_fallback_other_and_order():
    assert detect_families("A Note on Things", "We discuss matters.") == ["other"]
    fams = detect_families("KV Cache Quantization for Long-Context LLM Inference",
                           "we quantize the KV cache to 2-bit for long-context inference acceleration")
    assert fams == [f for f in FAMILIES if f in fams]  # FAMILIES order
    assert {"quantization", "kv_cache", "long_context"} <= set(fams)
    assert "other" not in fams


def test_default_taxonomy_is_cached_and_covers_families():
    tax = load_taxonomy()
    assert load_taxonomy() is tax
    assert set(tax.families) == set(FAMILIES)


def test_user_taxonomy_extends_and_overrides(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(
        """
[settings]
title_weight = 3.0

[robotics]                       # a new family
patterns = [ { re = 'robot\\w*', w = 4 } ]

[code]                           # extend: a new phrase for an existing family
patterns = [ { re = 'verilog', w = 4 } ]

[survey]                         # override: drop the default patterns
replace = true
patterns = [ { re = 'state of the art review', w = 5 } ]
""",
        encoding="utf-8",
    )
    tax = load_taxonomy(user)
    assert tax.settings["title_weight"] == 3.0
    assert tax.settings["threshold"] == load_taxonomy().settings["threshold"]
    fams = detect_families("Robot Hands", "We let a robot write Verilog. A survey follows.", tax)
    assert "robotics" in fams and "code" in fams
    assert fams[-1] == "robotics"  # unknown families come after the known ones
    assert "survey" not in fams  # default survey patterns were replaced
    assert "survey" in detect_families("A Survey", "", None)  # the default is untouched
    assert "code" in detect_families("X", "code generation for programming languages", tax)  # defaults kept


def test_bad_taxonomy_names_the_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[code]\npatterns = [ { re = '(unclosed', w = 1 } ]\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="code"):
        load_taxonomy(bad)
    bad.write_text("['../evil']\npatterns = [ { re = 'x', w = 1 } ]\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="family name"):
        load_taxonomy(bad)  # a family names a table file: no paths
    bad.write_text("[code]\npatterns = [ { re = 'x', weight = 1 } ]\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown keys"):
        load_taxonomy(bad)


# --------------------------------------------------------------------------- scores on gold

def _corpus_abstracts() -> dict[str, str]:
    """Title -> abstract from the bundled corpus (title line, blank, one-line abstract, blank)."""
    out: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        lines = [l.strip() for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        i = 0
        while i < len(lines) - 1:
            title, abstract = lines[i], lines[i + 1]
            if len(abstract) > 150 and 10 <= len(title) < 400:
                out.setdefault(_norm(title), abstract)
                i += 2
            else:
                i += 1
    return out


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _score(items) -> tuple[float, float]:
    tp = fp = fn = ok = 0
    for title, abstract, method, families in items:
        got = set(detect_families(title, abstract))
        gold = set(families)
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
        ok += (detect_method(title, abstract) or "").lower() == (method or "").lower()
    return 2 * tp / (2 * tp + fp + fn), ok / len(items)


def test_dev_gold_scores():
    if not GOLD.exists():
        pytest.skip(f"dev gold not found at {GOLD} (needs the shared ../shared checkout)")
    abstracts = _corpus_abstracts()
    items = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            assert _norm(d["title"]) in abstracts, f"gold paper not in corpus: {d['title']}"
            items.append((d["title"], abstracts[_norm(d["title"])], d["method"], d["families"]))
    f1, acc = _score(items)
    assert f1 >= 0.90, f"families micro F1 {f1:.3f}"  # target 0.85; measured 0.914: a regression guard
    assert acc >= 0.90, f"method accuracy {acc:.3f}"


# file -> (families F1 floor, method accuracy floor). Every set but N is also training data of
# the families model (tests/data/family_model.gold), so those floors guard against regressions
# only; N is its unseen test. The unseen-paper figures (sets I-N, each scored before it was added) are
# in families_test.README.md, and tests/test_family_model.py fits a model without dev to score dev.
HELD_SETS = {
    "heldout.jsonl": (0.80, 0.95),
    "families_heldout.jsonl": (0.75, 0.85),
    "families_test_A.jsonl": (0.75, 0.95),
    "families_test_B.jsonl": (0.80, 0.85),
    "families_test_C1.jsonl": (0.82, 0.95),  # C: papers from outside the corpus, see families_test.README.md
    "families_test_C2.jsonl": (0.87, 0.95),
    "gold_D1.jsonl": (0.78, 0.90),
    "gold_D2.jsonl": (0.80, 0.83),
    "gold_E1.jsonl": (0.80, 0.90),
    "gold_E2.jsonl": (0.80, 0.90),
    "gold_F1.jsonl": (0.83, 0.95),
    "gold_F2.jsonl": (0.80, 0.93),
    "gold_G1.jsonl": (0.80, 0.85),
    "gold_G2.jsonl": (0.75, 0.97),
    "gold_H1.jsonl": (0.72, 0.92),  # H: scored once as a whole at the end of session 3
    "gold_H2.jsonl": (0.78, 0.80),
    "gold_I1.jsonl": (0.83, 0.87),  # I, J: built in session 4, scored once before the model read them
    "gold_I2.jsonl": (0.86, 0.93),
    "gold_J1.jsonl": (0.85, 0.93),
    "gold_J2.jsonl": (0.77, 0.87),
    "families_test_K1.jsonl": (0.85, 0.87),  # K: families/method only, scored once before the model read it
    "families_test_K2.jsonl": (0.85, 0.90),
    "families_test_L1.jsonl": (0.85, 0.85),  # L: the unseen test of the session-4 model
    "families_test_L2.jsonl": (0.80, 0.90),
    "families_test_M1.jsonl": (0.80, 0.87),  # M: session 5, scored once before the model read it
    "families_test_M2.jsonl": (0.80, 0.95),
    "families_test_M3.jsonl": (0.80, 0.87),
    "families_test_M4.jsonl": (0.80, 0.90),
    "gold_O1.jsonl": (0.88, 0.90),  # O: session 5, full gold; scored once before the model read it
    "gold_O2.jsonl": (0.65, 0.87),
    "families_test_N1.jsonl": (0.85, 0.87),  # N: the unseen test of the committed model (not in its training files)
    "families_test_N2.jsonl": (0.85, 0.90),
    "families_test_N3.jsonl": (0.88, 0.90),
    "families_test_N4.jsonl": (0.85, 0.87),
}


@pytest.mark.parametrize("name", sorted(HELD_SETS))
def test_heldout_scores(name):
    abstracts = None
    items = []
    for line in (HERE / "data" / name).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        abstract = d.get("abstract")
        if abstract is None:  # heldout.jsonl keeps claims, not abstracts: read them from the corpus
            abstracts = abstracts or _corpus_abstracts()
            abstract = abstracts[_norm(d["title"])]
        items.append((d["title"], abstract, d["method"], d["families"]))
    assert len(items) >= 20  # every set has 25 papers or more
    f1, acc = _score(items)
    floor_f1, floor_acc = HELD_SETS[name]
    assert f1 >= floor_f1, f"{name}: families micro F1 {f1:.3f}"
    assert acc >= floor_acc, f"{name}: method accuracy {acc:.3f}"


def test_gold_sets_are_disjoint():
    sets = {name: {_norm(json.loads(l)["title"]) for l in (HERE / "data" / name).read_text(encoding="utf-8").splitlines()}
            for name in HELD_SETS}
    if GOLD.exists():
        sets["dev"] = {_norm(json.loads(l)["title"]) for l in GOLD.read_text(encoding="utf-8").splitlines() if l.strip()}
    # heldout.jsonl and families_heldout.jsonl share 7 papers on purpose (same labels); the
    # tuning sets and the test sets share none with anything
    for a in sets:
        for b in sets:
            if a < b and {a, b} != {"heldout.jsonl", "families_heldout.jsonl"}:
                assert not sets[a] & sets[b], (a, b, sorted(sets[a] & sets[b])[:3])


def _compiled_rules(tax) -> set:
    """Every compiled rule of a taxonomy, whichever trigger index holds it."""
    return {r for rs in (*tax._exact.values(), *tax._prefix.values(), tax._always) for r in rs}


def test_every_default_pattern_compiles():
    """Rules compile on first use (claims.families._Lazy); here every one of them is compiled,
    so a bad pattern in families.toml fails the suite instead of a run."""
    import regex

    tax = load_taxonomy()
    rules = _compiled_rules(tax)
    assert len(rules) > 300
    for r in rules:
        regex.compile(r.regex.pattern)


def test_trigger_index_gives_the_scores_of_running_every_rule():
    """The trigger index (exact words, prefixes, literals, later words) only skips rules that
    cannot match: a taxonomy that runs every rule on every text scores the same."""
    import copy
    import dataclasses

    tax = load_taxonomy()
    plain = copy.copy(tax)
    every = _compiled_rules(tax)
    plain._always = tuple(dataclasses.replace(r, extra=(), req=()) for r in every)
    plain._exact, plain._prefix, plain._memo, plain._seen = {}, {}, {}, set()
    texts = list(_corpus_abstracts().items())
    for name in ("families_test_N1.jsonl", "families_test_N2.jsonl", "gold_O2.jsonl"):
        texts += [(d["title"], d["abstract"]) for d in map(json.loads, (HERE / "data" / name).open(encoding="utf-8"))]
    assert len(texts) > 300
    for title, abstract in texts:
        assert tax.scores(title, abstract) == plain.scores(title, abstract), title


@pytest.mark.parametrize("cue", ["outperforms", "compared with", "orthogonal to", "such as", "than", "unlike",
                                 "combined with", "e.g.,", "versus"])
def test_competitor_mentions_weigh_a_quarter(cue):
    tax = load_taxonomy()

    def score(abstract):
        return tax.scores("", abstract)["inference_acceleration"]

    own = score("We propose X. We apply speculative decoding to the model.")
    other = score(f"We propose X. It is {cue} the usual speculative decoding to the model.")
    assert other == pytest.approx(own * tax.settings["others_weight"])
    far = score(f"We propose X. It is {cue} a b c d e speculative decoding to the model.")
    assert far == pytest.approx(own)  # more than three words after the cue: a mention of its own


def test_a_survey_lists_what_it_covers_at_full_weight():
    """In a survey, "approaches such as quantization, pruning" names its subject, not a competitor."""
    tax = load_taxonomy()
    listing = "It covers approaches such as structured pruning of weights."
    survey = tax.scores("", "This paper presents a survey of compression for LLMs. " + listing)
    method = tax.scores("", "This paper presents a new compression method for LLMs. " + listing)
    assert survey["pruning_sparsity"] == pytest.approx(method["pruning_sparsity"] / tax.settings["others_weight"])
