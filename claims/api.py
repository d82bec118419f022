"""The Python API for notebooks: extract claims from a string, from records or a DataFrame."""
from __future__ import annotations

from typing import Iterable

import pandas as pd
import pyarrow as pa

from .models import CLAIM_SCHEMA, PAPER_SCHEMA, Claim
from .pipeline import Dedup, claim_rows, process
from .readers import Record
from .text import collapse_ws, paper_id


def extract(text: str, title: str = "") -> list[Claim]:
    """The claims in one piece of text, read as the abstract of a paper titled `title`."""
    rows = claim_rows(title, text, paper_id(title), "<text>", fields=("abstract",))
    return [Claim(**{k: r[k] for k in Claim.model_fields}) for r in rows]


def claims_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=CLAIM_SCHEMA)


def papers_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=PAPER_SCHEMA)


def extract_records(records: Iterable[Record]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims, papers) DataFrames for records, deduplicated by normalised title."""
    dedup = Dedup()
    papers, claims = [], []
    for paper, rows in process(records, dedup):
        papers.append(paper)
        claims.extend(rows)
    for p in papers:
        p["source"].extend(dedup.extra_sources.get(dedup.key(p["title"]), []))
    return claims_table(claims).to_pandas(), papers_table(papers).to_pandas()


def extract_frame(df: pd.DataFrame, title: str = "title", abstract: str = "abstract",
                  id_column: str | None = None) -> pd.DataFrame:
    """The claims DataFrame for a DataFrame with title/abstract columns (one row per claim)."""
    ids = df[id_column] if id_column else [None] * len(df)
    records = (
        Record(_s(t), _s(a), f"<frame>:{i}", None if r is None or pd.isna(r) else str(r))
        for i, (t, a, r) in enumerate(zip(df[title], df[abstract], ids))
    )
    dedup = Dedup()
    rows: list[dict] = []
    for rec in records:  # claims only: method and families are paper facts, not needed here
        if dedup.admit(rec):
            rows.extend(claim_rows(rec.title, rec.abstract, paper_id(rec.title, rec.raw_id), rec.source))
    return claims_table(rows).to_pandas()


def _s(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else collapse_ws(str(v))
