"""One module per claim kind: the words that name the quantity (cues), the special rules,
the example corpus (phrases that must give a value) and the negatives (must give nothing).

`SPECS` lists them in cue priority order: when two cues start at the same place, the
earlier kind's wins (so "GPU memory" is memory before "GPU" is compute).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    phrase: str
    value: float
    unit: str
    surface: str | None = None   # the number's text when the phrase holds several


@dataclass(frozen=True)
class KindSpec:
    kind: str
    cues: str                              # regex source (verbose, case-insensitive)
    examples: tuple[Example, ...] = ()
    negatives: tuple[str, ...] = ()        # phrases that must give no claim of this kind
    xfail: tuple[Example, ...] = ()        # known misses, run as strict xfails
    default_unit: str = ""                 # unit of a bare number of this kind


def ex(phrase: str, value: float, unit: str, surface: str | None = None) -> Example:
    return Example(phrase, value, unit, surface)


from . import (  # noqa: E402  (the registry is built from the modules below)
    bit_width, compression, compute, context_length, cost, count, data_size, energy,
    latency, memory, model_size, other, perplexity, score, sparsity, speedup, throughput,
    trainable_params,
)

SPECS: tuple[KindSpec, ...] = (
    bit_width.SPEC, trainable_params.SPEC, sparsity.SPEC, compression.SPEC, throughput.SPEC,
    latency.SPEC, memory.SPEC, perplexity.SPEC, context_length.SPEC, energy.SPEC,
    cost.SPEC, compute.SPEC, speedup.SPEC, score.SPEC, model_size.SPEC, data_size.SPEC,
    count.SPEC, other.SPEC,
)
BY_KIND = {s.kind: s for s in SPECS}
