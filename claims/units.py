"""Units: one pint registry (pint's defaults plus units.txt), and the surface table.

Surface text is mapped to a pint unit by our own small table (pint's parser would read
"7B" as bytes and "32K" as kelvin); pint only converts. Conversion factors are cached,
so the hot path is a dict lookup.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

UNITS_FILE = Path(__file__).with_name("units.txt")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    import pint  # ~0.25 s: loaded on the first conversion, not on import

    ureg = pint.UnitRegistry()
    ureg.load_definitions(str(UNITS_FILE))
    return ureg


# surface (lower-cased, spaces removed) -> (pint unit, canonical pint unit, canonical label)
_SURFACE: dict[str, tuple[str, str, str]] = {}


def _declare(surfaces: str, unit: str, canonical: str, label: str) -> None:
    for s in surfaces.split():
        _SURFACE[s] = (unit, canonical, label)


_declare("gb g gbs", "gigabyte", "byte", "B")
_declare("gib", "gibibyte", "byte", "B")
_declare("mb m", "megabyte", "byte", "B")
_declare("mib", "mebibyte", "byte", "B")
_declare("tb", "terabyte", "byte", "B")
_declare("tib", "tebibyte", "byte", "B")
_declare("kb", "kilobyte", "byte", "B")
_declare("bytes byte", "byte", "byte", "B")
_declare("ms msec milliseconds millisecond", "millisecond", "second", "s")
_declare("s sec secs seconds second", "second", "second", "s")
_declare("us μs µs microseconds", "microsecond", "second", "s")
_declare("min mins minutes minute", "minute", "second", "s")
_declare("h hr hrs hours hour", "hour", "second", "s")
_declare("days day", "day", "second", "s")
_declare("gpu-hours gpuhours gpu-hour gpuhour", "gpu_hour", "gpu_hour", "GPU-hours")  # "GPU hours": spaces are dropped
_declare("gpu-days gpudays gpu-day gpuday", "gpu * day", "gpu_hour", "GPU-hours")
_declare("tokens/s tok/s tokens/sec tokens/second token/s tokenspersecond tokenspersec", "token / second",
         "token / second", "tokens/s")  # "11 tokens per second": spaces are dropped
_declare("requests/s req/s requests/sec requestspersecond", "request / second", "request / second", "requests/s")
_declare("kwh", "kilowatt_hour", "joule", "J")
_declare("mwh", "megawatt_hour", "joule", "J")
_declare("j joules", "joule", "joule", "J")
_declare("w watts", "watt", "watt", "W")
_declare("kw", "kilowatt", "watt", "W")
_declare("flops flop", "flop", "flop", "FLOP")
_declare("pflops petaflops", "petaflop", "flop", "FLOP")
_declare("exaflops", "exaflop", "flop", "FLOP")
_declare("tflops teraflops", "teraflop", "flop", "FLOP")
_declare("$ usd dollars", "usd", "usd", "USD")


# Count nouns after a number: the unit of data sizes, hardware counts and lengths.
NOUN_UNITS: dict[str, str] = {}
for _label, _nouns in {
    "tokens": "token tokens",
    "words": "word words",
    "characters": "character characters chars",
    "examples": "example examples sample samples pair pairs instance instances combination combinations "
                "question questions problem problems prompt prompts conversation conversations dialogue "
                "dialogues instruction instructions trajectory trajectories sentence sentences image images video videos "
                "demonstration demonstrations query queries item items task tasks case cases answer answers "
                "response responses comparison comparisons judgment judgments judgement judgements annotation "
                "annotations rating ratings template templates log logs",
    "documents": "document documents book books paper papers article articles page pages",
    "GPUs": "gpu gpus card cards tpu tpus npu npus accelerator accelerators device devices chip chips",
    "nodes": "node nodes machine machines server servers",
    "cores": "core cores cpu cpus",
}.items():
    for _n in _nouns.split():
        NOUN_UNITS[_n] = _label


_WORD = regex.compile(r"[A-Za-z]+")


def head_noun(text: str, end: int) -> str | None:
    """Unit label of the first count noun in the next few words ("3k long context QA pairs":
    examples; "1,855 highly transferable test cases": examples)."""
    for m in _WORD.finditer(text, end, min(len(text), end + 40)):
        label = NOUN_UNITS.get(m.group().lower())
        if label:
            return label
    return None


_NEXT_WORD = regex.compile(r"\s+([\w-]+)")


def noun_within(text: str, end: int, words: int) -> str | None:
    """Unit label of a count noun among the next ``words`` words, in one run of words (no
    punctuation): "3,000 multiple-choice questions" (examples), "18M instruction templates"."""
    pos = end
    for _ in range(words):
        m = _NEXT_WORD.match(text, pos, pos + 40)
        if m is None:
            return None
        label = NOUN_UNITS.get(m.group(1).lower())
        if label:
            return label
        pos = m.end()
    return None


def units_loaded() -> bool:
    """True once this process has loaded the pint registry."""
    return registry.cache_info().currsize > 0


@lru_cache(maxsize=None)
def convert(surface: str) -> tuple[float, str] | None:
    """(factor to the canonical unit, canonical label) for a unit surface, or None if unknown."""
    key = surface.lower().replace(" ", "")
    entry = _SURFACE.get(key)
    if entry is None:
        return None
    unit, canonical, label = entry
    ureg = registry()
    factor = ureg.Quantity(1.0, unit).to(canonical).magnitude
    return float(factor), label
