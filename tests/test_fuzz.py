"""Fuzzing `claims.api.extract`: arbitrary text never raises, and every claim's span indexes
the text it was read from (extract(text) reads `text` as the abstract)."""
import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.api import extract

ML_TOKENS = [
    "4-bit", "W4A8", "W4A16KV8", "A8W4", "2.4x", "2.4 x", "7B", "70B", "1.1B", "13b", "%", "\\%", "$\\times$",
    "\\times", "×", "up to", "GPT-4", "INT4", "FP16", "bfloat16", "2:4", "8x A100", "$100K", "$", "1,024",
    "65.5%", "sub-4-bit", "b1.58", "from", "to", "between", "and", "or", "-", "–", "~", "\\sim", "(", ")",
    "[", "]", ".", ". ", ",", ";", "/", "+", "−", "±", "tokens/s", "GB", "GiB", "ms", "GPU-hours", "kWh",
    "TFLOPs", "twice", "half", "an order of magnitude", "three", "a hundred", "million", "billion", "K", "M",
    "speedup", "memory", "accuracy", "perplexity", "parameters", "LLaMA-2 7B", "Mistral-7B", "Table 3",
    "p < 0.05", "95% CI", "2024", "(1)", "[12]", "https://x.io/1.2", "reduces", "by", "over", "than",
    "\u00a0", "\n", "\t", "％", "µs", "é", "\ufffd", "\u0300", "𝟕", "٣", "\x00",
]

ml_text = st.lists(
    st.one_of(
        st.sampled_from(ML_TOKENS),
        st.integers(min_value=0, max_value=10**7).map(str),
        st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.3g}"),
        st.text(alphabet="0123456789.,-xX%$ ()", max_size=6),
        st.text(max_size=4),
    ),
    max_size=40,
).flatmap(lambda parts: st.lists(st.sampled_from(["", " ", "  "]), min_size=len(parts), max_size=len(parts))
          .map(lambda seps: "".join(p + s for p, s in zip(parts, seps))))

FUZZ = settings(max_examples=200, deadline=1000, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    for c in extract(text):
        assert text[c.start:c.end] == c.text, (c.start, c.end, c.text)
        assert 0 <= c.start < c.end <= len(text)
        assert math.isfinite(c.value) and (c.value_low is None or math.isfinite(c.value_low))


@FUZZ
@given(st.text())
@example("")
@example("\x00\ufffd𝟕٣ 5%")
@example("4-bit 4-bit")
@example("\U00016130")  # a digit to `regex` (newer Unicode) that float() cannot read
@example("W\U000161304 and \U00016131:4 sparsity, $\U00016132M, 3x on 7B")
def test_any_unicode_text(text):
    _check(text)


@FUZZ
@given(ml_text)
@example("W4A8 W4A16KV8 A8W4")
@example("from 7B to 70B and 1.1B")
@example("a 2.4$\\times$ speedup, up to 65.5\\% less memory on LLaMA-2 7B")
@example("between 2 and 1 GPUs")
@example("$100K-$200K")
@example("2:4 and 1:2 sparsity")
@example("1,024 tokens/s ~ 2,048 tokens/s")
@example("sub-4-bit b1.58 INT4 FP16")
@example("(1) 2 - 3 - 4x")
@example("accuracy of " + "9" * 400 + "%")  # overflowed to inf: no claim
@example("$" + "9" * 400 + " and 1-" + "9" * 400 + "x")
def test_ml_token_soup(text):
    _check(text)
