"""The number grammar: digits, number words, scale suffixes and words, LaTeX/Unicode forms.

Every pattern here is a string piece for `claims.patterns`, which composes them into the
compiled scanners. Pieces have no nested unbounded quantifiers, so they match in linear time.
"""
from __future__ import annotations

# 12,000 | 1,024 | 65.5 | 0.79 | .5  (a decimal comma group needs exactly three digits)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+"

# Decimal scale, spec section 2: K/k = 1e3, M = 1e6, B/b = 1e9, T = 1e12.
SCALE_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mil": 1e6, "bn": 1e9,
}
SCALE_WORD = r"(?i:hundred|thousand|million|billion|trillion)"

UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
    "single": 1, "a single": 1, "a": 1, "an": 1,
}
NUMBER_WORD = (
    r"(?:a\ single|single|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|a\ hundred|a\ thousand|hundred)"
)

# Multiplicative words: value in x. "half" may read as 50 % (decided by the sentence).
MULTIPLIER_WORDS = {
    "twice": 2.0, "double": 2.0, "doubles": 2.0, "doubled": 2.0, "doubling": 2.0,
    "triple": 3.0, "triples": 3.0, "tripled": 3.0, "tripling": 3.0,
    "quadruple": 4.0, "quadruples": 4.0,
    "half": 0.5, "halve": 0.5, "halves": 0.5, "halved": 0.5, "halving": 0.5,
    "an order of magnitude": 10.0, "a magnitude": 10.0, "one order of magnitude": 10.0,
    "two orders of magnitude": 100.0, "three orders of magnitude": 1000.0,
}
MULTIPLIER_WORD = (
    r"(?:twice|doubl(?:e[sd]?|ing)|tripl(?:e[sd]?|ing)|quadruples?|half|halv(?:e[sd]?|ing)"
    r"|(?:an|one|a)\ order\ of\ magnitude|a\ magnitude|(?:two|three)\ orders\ of\ magnitude)"
)


def parse_digits(text: str) -> float:
    return float(text.replace(",", ""))


def parse_word(text: str) -> float:
    """Value of a number word, a multiplier word, or 'word scale' ('one trillion')."""
    t = " ".join(text.lower().split())
    if t in MULTIPLIER_WORDS:
        return MULTIPLIER_WORDS[t]
    parts = t.rsplit(" ", 1)
    if len(parts) == 2 and parts[1] in SCALE_WORDS and parts[0] in UNITS_WORDS:
        return UNITS_WORDS[parts[0]] * SCALE_WORDS[parts[1]]
    return float(UNITS_WORDS[t])


def scale_of(suffix: str | None) -> float:
    """Multiplier of a scale suffix ('K', 'b') or word ('billion'); 1 when absent."""
    if not suffix:
        return 1.0
    s = suffix.strip().lower()
    if s in SCALE_WORDS:
        return SCALE_WORDS[s]
    return SCALE_SUFFIX[s]
