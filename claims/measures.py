"""Measures: what a comparison-table column holds, derived from claim rows.

Each `Measure` has a name, a unit (in the column name and the parquet field metadata), a
`derive(claim) -> value | None` that reads one claim row (or None when the claim says
nothing about the measure), and a `best` rule that picks a paper's cell from its values.

Derivations (documented in README "Tables"):
- speedup (x): a speedup/throughput ratio in x that increases; a latency ratio in x that
  decreases (10x lower latency = 10x speedup); a % change: faster/throughput by p% ->
  1 + p/100, latency down by p% -> 1 / (1 - p/100); latency at p% of the baseline -> 100/p.
- memory saving (%): memory down by p% -> p; memory down r x -> (1 - 1/r) * 100; memory at
  p% of the baseline -> 100 - p. Memory saving (x) is 1 / (1 - saving/100), the same claims.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Derive = Callable[[dict], "float | None"]


@dataclass(frozen=True)
class Measure:
    name: str              # column name, unit included
    unit: str
    derive: Derive
    best: str              # "min", "max" or "set" (sorted distinct values)
    description: str


def _is(c: dict, kind: str, relation: str | None = None, unit: str | None = None) -> bool:
    return (c["kind"] == kind and (relation is None or c["relation"] == relation)
            and (unit is None or c["unit"] == unit))


def speedup_x(c: dict) -> float | None:
    k, rel, unit, d, v = c["kind"], c["relation"], c["unit"], c["direction"], c["value"]
    if k in ("speedup", "throughput") and unit == "x" and d != "decrease":
        return v
    if k == "latency" and unit == "x" and d == "decrease":
        return v
    if unit == "%" and rel == "change":
        if k in ("speedup", "throughput") and d == "increase":
            return 1 + v / 100
        if k == "latency" and d == "decrease" and v < 100:
            return 1 / (1 - v / 100)
    if k == "latency" and unit == "%" and rel == "ratio" and 0 < v < 100:
        return 100 / v
    return None


def memory_saving_pct(c: dict) -> float | None:
    if c["kind"] != "memory":
        return None
    rel, unit, d, v = c["relation"], c["unit"], c["direction"], c["value"]
    if unit == "%" and rel == "change" and d == "decrease" and 0 < v < 100:
        return v
    if unit == "x" and d == "decrease" and v > 1:
        return (1 - 1 / v) * 100
    if unit == "%" and rel == "ratio" and 0 < v < 100:
        return 100 - v
    return None


def memory_saving_x(c: dict) -> float | None:
    p = memory_saving_pct(c)
    return None if p is None else 1 / (1 - p / 100)


def _low(c: dict) -> float:
    """For a lowest-is-best measure a range counts by its low end ("1-8 bits" reaches 1 bit)."""
    return c["value_low"] if c.get("value_low") is not None else c["value"]


def _bits(target: str | None) -> Derive:
    def derive(c: dict) -> float | None:
        if c["kind"] != "bit_width":
            return None
        if target == "weights":
            return _low(c) if c["target"] in ("weights", None) else None
        return _low(c) if c["target"] == target else None
    return derive


def _absolute(kind: str, unit: str) -> Derive:
    return lambda c: c["value"] if _is(c, kind, "absolute", unit) else None


def _score_change(unit: str) -> Derive:
    def derive(c: dict) -> float | None:
        if _is(c, "score", "change", unit):
            return c["value"] if c["direction"] != "decrease" else -c["value"]
        return None
    return derive


def _tokens(c: dict) -> float | None:
    return c["value"] if _is(c, "data_size", "absolute", "tokens") else None


def _compression_x(c: dict) -> float | None:
    if c["kind"] == "compression" and c["unit"] == "x":
        return c["value"]
    if c["kind"] == "compression" and c["unit"] == "%" and c["relation"] == "change" and 0 < c["value"] < 100:
        return 1 / (1 - c["value"] / 100)
    return None


M = {m.name: m for m in (
    Measure("weight_bits", "bit", _bits("weights"), "min", "lowest weight bit width (target weights or unstated)"),
    Measure("activation_bits", "bit", _bits("activations"), "min", "lowest activation bit width"),
    Measure("kv_cache_bits", "bit", _bits("kv_cache"), "min", "lowest KV-cache bit width"),
    Measure("model_sizes_params", "params", _absolute("model_size", "params"), "set", "model sizes evaluated"),
    Measure("perplexity", "", _absolute("perplexity", ""), "min", "lowest perplexity reported"),
    Measure("score_change_pct", "%", _score_change("%"), "max", "largest score change in % (decrease negative)"),
    Measure("score_change_points", "points", _score_change(""), "max", "largest score change in points"),
    Measure("score_pct", "%", _absolute("score", "%"), "max", "highest absolute score in %"),
    Measure("speedup_x", "x", speedup_x, "max", "highest speedup, from speedup/throughput/latency claims"),
    Measure("memory_saving_pct", "%", memory_saving_pct, "max", "largest memory saving in %"),
    Measure("memory_saving_x", "x", memory_saving_x, "max", "largest memory saving as a factor"),
    Measure("memory_bytes", "B", _absolute("memory", "B"), "min", "smallest absolute memory stated"),
    Measure("sparsity_pct", "%", lambda c: c["value"] if c["kind"] == "sparsity" and c["unit"] == "%" else None,
            "max", "highest sparsity"),
    Measure("trainable_params", "params", _absolute("trainable_params", "params"), "min",
            "fewest trainable parameters"),
    Measure("trainable_params_pct", "%", lambda c: c["value"] if c["kind"] == "trainable_params" and c["unit"] == "%"
            else None, "min", "smallest trainable share"),
    Measure("context_length_tokens", "tokens", _absolute("context_length", "tokens"), "max", "longest context"),
    Measure("training_tokens", "tokens", _tokens, "max", "most training/evaluation tokens"),
    Measure("gpus", "GPUs", _absolute("compute", "GPUs"), "max", "most GPUs"),
    Measure("compression_x", "x", _compression_x, "max", "highest compression factor"),
)}

_COMMON = ("model_sizes_params", "speedup_x", "memory_saving_pct", "memory_saving_x")
FAMILY_MEASURES: dict[str, tuple[str, ...]] = {
    "quantization": ("weight_bits", "activation_bits", "kv_cache_bits", "model_sizes_params", "perplexity",
                     "score_change_pct", "speedup_x", "memory_saving_pct", "memory_saving_x"),
    "pruning_sparsity": ("sparsity_pct", "model_sizes_params", "perplexity", "score_change_pct", "speedup_x",
                         "memory_saving_pct", "memory_saving_x"),
    "peft": ("trainable_params", "trainable_params_pct", "memory_saving_pct", "memory_saving_x", "score_pct",
             "score_change_pct", "model_sizes_params"),
    "efficient_training": ("memory_saving_pct", "memory_saving_x", "speedup_x", "model_sizes_params",
                           "training_tokens", "gpus", "memory_bytes"),
    "long_context": ("context_length_tokens", "speedup_x", "memory_saving_pct", "memory_saving_x",
                     "model_sizes_params"),
    "kv_cache": ("kv_cache_bits", "compression_x", "memory_saving_pct", "memory_saving_x", "speedup_x",
                 "context_length_tokens", "model_sizes_params"),
    "inference_acceleration": ("speedup_x", "memory_saving_pct", "memory_saving_x", "weight_bits",
                               "model_sizes_params"),
    "distillation": ("model_sizes_params", "score_pct", "score_change_pct", "speedup_x"),
    "efficient_architecture": ("speedup_x", "perplexity", "context_length_tokens", "model_sizes_params",
                               "memory_saving_pct"),
    "small_models": ("model_sizes_params", "training_tokens", "score_pct"),
    "scaling_laws": ("model_sizes_params", "training_tokens", "gpus"),
}


def measures_for(family: str) -> tuple[Measure, ...]:
    names = FAMILY_MEASURES.get(family, _COMMON + ("score_pct", "score_change_pct", "context_length_tokens"))
    return tuple(M[n] for n in names)
