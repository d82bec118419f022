"""Every compiled pattern of the package, searched over adversarial text, finishes quickly.

Found by hypothesis: a reverse search with full Unicode case folding (regex VERSION1)
never ended on text like "ßﬃİ...". Here every module-level pattern is run, forwards and as
compiled, over text built from case-folding specials, digits and ML notation.
"""
import random

import pytest
import regex

import claims.classify
import claims.context
import claims.extract
import claims.background
import claims.families
import claims.method
import claims.patterns
import claims.text
import claims.units

SPECIAL = "ßﬃﬀİıſẞǰΐΰΣσςﬅŉǅǈǋǲͅιΙ"
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-%x$()\\"


def _samples():
    rnd = random.Random(7)
    out = []
    for n in (40, 90, 400):
        for alphabet in (SPECIAL + " ", SPECIAL + PLAIN, PLAIN):
            out.append("".join(rnd.choice(alphabet) for _ in range(n)))
    out += ["ß" * 300, "ﬃ" * 300, "İ" * 300, "1" * 2000, "1." * 1000, "-" * 1000, "up to " * 100]
    return out


def _patterns():
    for module in (claims.patterns, claims.extract, claims.classify, claims.context, claims.families,
                   claims.method, claims.background, claims.text, claims.units):
        for name, value in sorted(vars(module).items()):
            if isinstance(value, regex.Pattern):
                yield pytest.param(value, id=f"{module.__name__}.{name}")


@pytest.mark.parametrize("pattern", list(_patterns()))
def test_pattern_finishes_on_adversarial_text(pattern):
    for text in _samples():
        try:
            for _ in pattern.finditer(text, timeout=2.0):
                pass
        except TimeoutError:  # pragma: no cover - the failure being tested for
            pytest.fail(f"{pattern.pattern[:60]!r} did not finish on {text[:40]!r}")
