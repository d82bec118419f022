"""The checked-in JSON Schemas and the Arrow schemas follow the pydantic models."""
from pathlib import Path

import pyarrow as pa

from claims.models import CLAIM_SCHEMA, PAPER_SCHEMA, Claim
from claims.schema import schema_texts

ROOT = Path(__file__).resolve().parents[1]


def test_checked_in_json_schema_is_current():
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"{path} missing: run python -m claims.schema schemas"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m claims.schema schemas"


def test_arrow_schema_matches_spec_columns():
    spec_columns = ["paper_id", "title", "field", "start", "end", "text", "kind", "value", "value_low",
                    "value_high", "unit", "relation", "direction", "qualifier", "target", "metric", "baseline",
                    "model", "benchmark"]
    assert set(spec_columns) <= set(CLAIM_SCHEMA.names)
    assert CLAIM_SCHEMA.field("value").type == pa.float64()
    assert CLAIM_SCHEMA.field("start").type == pa.int64()
    assert CLAIM_SCHEMA.field("direction").nullable and not CLAIM_SCHEMA.field("kind").nullable
    assert PAPER_SCHEMA.field("families").type == pa.list_(pa.string())
    assert list(CLAIM_SCHEMA.names) == list(Claim.model_fields)
