"""Every kind module's example corpus and negatives, run by one parametrised test.

Examples were written from the spec's own phrases and common ML phrasing, not copied from
the extractor's output; known misses are strict xfails in the kind's `xfail` tuple.
"""
import math

import pytest

from claims.api import extract
from claims.kinds import SPECS

# Names, versions, years, enumerators, URLs, CIs: never claims of any kind.
NEVER = [
    "GPT-4 is strong", "we use Llama 3 here", "unlike LLaMA-2 models", "FlashAttention-2 kernels",
    "a T5 encoder", "release v0.2 is out", "on AlpacaEval 2.0 we", "in 2023 we saw", "(1) first, (2) second",
    "see https://github.com/x/y2024 for code", "the 95% CI is wide", "significant (p < 0.05)",
    "we report top-1 accuracy", "pass@1 is used", "Qwen2.5 and Gemini 1.5 Pro", "as in [12, 13]",
    "Section 4 shows", "5-shot prompting", "the 2nd stage", "H100 GPUs", "GPT-3.5-turbo answers",
    "thousands of GPUs", "billions of parameters", "a few million examples",
]


def _examples():
    for spec in SPECS:
        for e in spec.examples:
            yield pytest.param(spec.kind, e, id=f"{spec.kind}:{e.phrase}")
        for e in spec.xfail:
            yield pytest.param(spec.kind, e, id=f"{spec.kind}:{e.phrase}",
                               marks=pytest.mark.xfail(strict=True, reason="known miss"))


@pytest.mark.parametrize("kind,example", list(_examples()))
def test_example_gives_value_and_kind(kind, example):
    claims = extract(example.phrase)
    hits = [c for c in claims if c.kind == kind and math.isclose(c.value, example.value, rel_tol=1e-6)
            and c.unit == example.unit and (example.surface is None or c.text == example.surface)]
    assert hits, f"{example.phrase!r}: want {kind} {example.value} {example.unit!r}, got " + \
        "; ".join(f"{c.text!r} {c.kind} {c.value:g} {c.unit!r}" for c in claims)


def _negatives():
    for spec in SPECS:
        for phrase in spec.negatives:
            yield pytest.param(spec.kind, phrase, id=f"{spec.kind}:{phrase}")


@pytest.mark.parametrize("kind,phrase", list(_negatives()))
def test_negative_gives_no_claim_of_its_kind(kind, phrase):
    assert [c.text for c in extract(phrase) if c.kind == kind] == []


@pytest.mark.parametrize("phrase", NEVER)
def test_never_a_claim(phrase):
    assert [(c.text, c.kind) for c in extract(phrase)] == []


def test_w4a8_gives_two_bit_widths_with_targets():
    got = {(c.value, c.target) for c in extract("we run W4A8 inference")}
    assert got == {(4.0, "weights"), (8.0, "activations")}


def test_range_is_one_claim_with_both_ends():
    (c,) = extract("speedups of 1.6-1.8times")
    assert (c.value_low, c.value_high, c.value, c.unit) == (1.6, 1.8, 1.8, "x")


def test_list_gives_one_claim_per_number():
    got = [c.value for c in extract("models of 60M, 130M, 350M and 1.1B parameters")]
    assert got == [60e6, 130e6, 350e6, 1.1e9]


def test_levels_from_to_are_two_claims():
    got = [(c.value, c.kind) for c in extract("perplexity decreased from 9.64 to 7.23")]
    assert got == [(9.64, "perplexity"), (7.23, "perplexity")]


@pytest.mark.parametrize("phrase,qualifier", [
    ("by up to 73% less memory", "up_to"), ("about 25% less memory", "approx"),
    ("more than 12,000 GPUs", "at_least"), ("less than 0.4% of the pretraining tokens", "at_most"),
    ("on average 2.1x faster", "average"), ("10,000+ word documents", "at_least"),
    ("~2x faster decoding", "approx"), ("sub-4-bit quantization", "at_most"),
])
def test_qualifiers(phrase, qualifier):
    assert [c.qualifier for c in extract(phrase)] == [qualifier]


@pytest.mark.parametrize("phrase,relation,direction", [
    ("reduces memory by 65.5%", "change", "decrease"),
    ("a 2.4x speedup", "ratio", "increase"),
    ("is 1200x smaller than GPT-3", "ratio", "decrease"),
    ("achieves 83.09% accuracy", "absolute", None),
    ("a 3.0% improvement on MMLU", "change", "increase"),
    ("latency per token is only 68% of the baseline", "ratio", "decrease"),
    ("it runs on only half the number of GPUs", "ratio", "decrease"),
])
def test_relation_and_direction(phrase, relation, direction):
    (c,) = extract(phrase)
    assert (c.relation, c.direction) == (relation, direction)


def test_direction_word_in_the_numbers_own_phrase_wins():
    got = [(c.text, c.direction) for c in extract("we obtain a 3.1x decode speedup and 1.6x overall latency reduction")]
    assert got == [("3.1x", "increase"), ("1.6x", "decrease")]
    got = [c.direction for c in extract("raising capacity by up to 12% and cutting tail latency by 40%")]
    assert got == ["increase", "decrease"]


def test_up_to_holds_for_every_item_of_a_list():
    got = [c.qualifier for c in extract("it gives up to 3x higher throughput, 9x lower TTFT, and 2x lower TBT")]
    assert got == ["up_to", "up_to", "up_to"]
    got = [c.qualifier for c in extract("it is up to 2x faster and uses 30% less memory")]
    assert got == ["up_to", None]  # another unit: another statement


def test_openai_reasoning_models_are_models():
    assert [c.model for c in extract("success rises to 20.4% for OpenAI o3 and 43.3% for Claude 4")][0] == "o3"
