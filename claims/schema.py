"""JSON Schema of the pydantic models, checked in under schemas/.

    python -m claims.schema schemas/     # regenerate
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .models import Claim, Paper

MODELS = {"claim": Claim, "paper": Paper}


def schema_texts() -> dict[str, str]:
    return {f"{name}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
            for name, model in MODELS.items()}


def write_schemas(directory) -> list[Path]:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in schema_texts().items():
        (d / name).write_text(text, encoding="utf-8")
        out.append(d / name)
    return out


if __name__ == "__main__":
    for p in write_schemas(sys.argv[1] if len(sys.argv) > 1 else "schemas"):
        print(p)
