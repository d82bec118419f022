"""The typed rows: pydantic models for Claim and Paper, and the Arrow schemas derived from them.

The column contract is ../shared/claim-spec.md section 4; everything here follows it, plus a
few columns for traceability (claim_id, rule, sentence).
"""
from __future__ import annotations

import datetime as _dt
import types
import typing
from typing import Literal, Optional

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

Kind = Literal[
    "speedup", "latency", "throughput", "memory", "model_size", "bit_width",
    "context_length", "data_size", "compression", "sparsity", "trainable_params",
    "score", "perplexity", "compute", "cost", "energy", "count", "other",
]
KINDS: tuple[str, ...] = typing.get_args(Kind)
Relation = Literal["absolute", "ratio", "change"]
Direction = Literal["increase", "decrease"]
Qualifier = Literal["up_to", "approx", "at_least", "at_most", "average"]
Target = Literal["weights", "activations", "kv_cache", "gradients", "optimizer_states", "embeddings"]
FieldName = Literal["title", "abstract"]


class Claim(BaseModel):
    """One number in a paper's title or abstract, typed and normalised."""

    model_config = ConfigDict(frozen=True)

    paper_id: str = Field(description="arXiv id when known, else 't:' + hash of the normalised title")
    claim_id: str = Field(description="paper_id:field:start, unique within an output")
    title: str
    field: FieldName
    start: int = Field(ge=0, description="character offset into the stored field text")
    end: int = Field(ge=0, description="half-open end offset")
    text: str = Field(description="the matched surface, equal to field_text[start:end]")
    kind: Kind
    value: float = Field(description="canonical value; for a range its high end")
    value_low: Optional[float] = None
    value_high: Optional[float] = None
    unit: str = Field(description="canonical unit: x, %, bit, B, params, tokens, '' ...")
    relation: Relation
    direction: Optional[Direction] = None
    qualifier: Optional[Qualifier] = None
    target: Optional[Target] = None
    metric: Optional[str] = None
    baseline: Optional[str] = None
    model: Optional[str] = None
    benchmark: Optional[str] = None
    rule: str = Field(description="name of the rule that produced the row")
    sentence: str = Field(description="the sentence the number came from (evidence)")


class Paper(BaseModel):
    """One input paper, after deduplication across inputs."""

    paper_id: str
    title: str
    abstract: str
    source: list[str] = Field(description="every input the paper was read from, as 'path:line'")
    method: Optional[str] = None
    families: list[str] = Field(default_factory=list)


def _arrow_type(annotation) -> tuple[pa.DataType, bool]:
    """Arrow type and nullability for a pydantic field annotation."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is Literal or annotation is str:
        return pa.string(), nullable
    if origin is list:
        return pa.list_(pa.string()), nullable
    if annotation is int:
        return pa.int64(), nullable
    if annotation is float:
        return pa.float64(), nullable
    if annotation is _dt.datetime:  # pragma: no cover - no such field today
        return pa.timestamp("us"), nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    fields = []
    for name, info in model.model_fields.items():
        typ, nullable = _arrow_type(info.annotation)
        meta = {"description": info.description} if info.description else None
        fields.append(pa.field(name, typ, nullable=nullable, metadata=meta))
    return pa.schema(fields)


CLAIM_SCHEMA = arrow_schema(Claim)
PAPER_SCHEMA = arrow_schema(Paper)
