"""Hypothesis properties of extraction: generated phrases round-trip to their values,
spans index the text, arbitrary text never raises (under a deadline)."""
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.api import extract

QUALIFIERS = {"": None, "up to ": "up_to", "about ": "approx", "more than ": "at_least",
              "less than ": "at_most", "approximately ": "approx", "nearly ": "approx"}
SCALES = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9}

# (unit phrase after the number, kind, unit, scale allowed, multiplier of the canonical value)
UNIT_WORDS = [
    ("x speedup", "speedup", "x", False, 1.0),
    ("× faster", "speedup", "x", False, 1.0),
    ("% accuracy", "score", "%", False, 1.0),
    ("% sparsity", "sparsity", "%", False, 1.0),
    ("-bit quantization", "bit_width", "bit", False, 1.0),
    (" parameters", "model_size", "params", True, 1.0),
    (" tokens of training data", "data_size", "tokens", True, 1.0),
    ("GB of GPU memory", "memory", "B", False, 1e9),
    (" GPUs", "compute", "GPUs", False, 1.0),
]


extract("warm-up: taxonomy, units and pattern caches load on first use, 2x")


def _number_text(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


@settings(max_examples=300, deadline=2000)
@given(
    qualifier=st.sampled_from(sorted(QUALIFIERS)),
    whole=st.integers(min_value=1, max_value=999),
    frac=st.integers(min_value=0, max_value=99),
    decimals=st.sampled_from([0, 1, 2]),
    scale=st.sampled_from(sorted(SCALES)),
    unit=st.sampled_from(UNIT_WORDS),
)
def test_generated_phrase_round_trips(qualifier, whole, frac, decimals, scale, unit):
    phrase_unit, kind, canonical, scalable, mult = unit
    if not scalable:
        scale = ""
    elif scale == "":
        scale = "B"  # "7 parameters" is not how sizes are written
    if kind == "bit_width":
        whole, decimals = whole % 16 + 1, 0
    if kind == "compute":
        decimals = 0
    number = _number_text(whole + frac / 100, decimals)
    text = f"Our method uses {qualifier}{number}{scale}{phrase_unit} in this setting."
    expected = float(number) * SCALES[scale] * mult
    claims = extract(text)
    assert len(claims) == 1, (text, claims)
    (c,) = claims
    assert c.kind == kind and c.unit == canonical, (text, c)
    assert math.isclose(c.value, expected, rel_tol=1e-9), (text, c.value, expected)
    assert c.qualifier == QUALIFIERS[qualifier], (text, c.qualifier)


ML_TOKENS = ["4-bit", "W4A8", "2.4x", "7B", "%", "\\%", "$\\times$", "×", "up to", "GPT-4", "Llama 3",
             "32K", "1,024", "half", "twice", "INT8", "2:4", "-", "to", " ", "(", ")", ".", ",", "~", "$",
             "A100-80G", "0.5B-72B", "from", "by", "1.6-1.8times", "one trillion", "v0.2", "2023"]


@settings(max_examples=300, deadline=3000)
@given(st.lists(st.one_of(st.sampled_from(ML_TOKENS), st.text(max_size=6),
                          st.integers(0, 10**7).map(str)), max_size=40).map(" ".join))
@example("2.4x 2.4x up to 7B 7B-8B W4A8KV4 4-bit")
@example("\\textless2MB $<$ 3 ~ 4x")
@example("reduces ßﬃİ Σıςιﬃﬀǋİσǲﬃǈẞﬃﬀﬅﬅﬀǰﬀǋﬅﬃǲİǰιιǲﬃǲǲςﬃǰﬃǋıΰ by 2.4x ςﬃǰﬃǋıΰﬅ")
def test_spans_index_the_text(text):
    for c in extract(text):
        assert text[c.start:c.end] == c.text
        assert c.start < c.end
        assert c.value_low is None or c.value_low <= c.value_high
        assert c.sentence and c.text in c.sentence or c.text.strip() in text


@settings(max_examples=300, deadline=3000)
@given(st.text())
@example("\x00\ud7ff\U0010ffff")
@example("1" * 5000)
def test_arbitrary_unicode_never_raises(text):
    for c in extract(text):
        assert text[c.start:c.end] == c.text


@settings(max_examples=200, deadline=2000)
@given(solved=st.integers(min_value=1, max_value=500), extra=st.integers(min_value=0, max_value=500),
       noun=st.sampled_from(["tasks", "problems", "questions", "test cases", "repositories"]))
def test_a_share_solved_round_trips_to_its_fraction(solved, extra, noun):
    total = solved + extra
    text = f"The agent ends up solving {solved}/{total} {noun} on the hard split."
    hits = [c for c in extract(text) if c.text == f"{solved}/{total}"]
    assert len(hits) == 1 and hits[0].kind == "score"
    assert math.isclose(hits[0].value, round(solved / total, 4))
    assert text[hits[0].start:hits[0].end] == hits[0].text
