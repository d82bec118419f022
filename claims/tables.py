"""Per-family comparison tables: pivot claim rows into one row per paper, one column per
measure (see `measures`), each with companion columns that trace it to claims:

    <measure>               the cell (list of values for "set" measures)
    <measure>__claim_ids    the claim ids behind the cell
    <measure>__evidence     the sentence of the claim that gave the cell's value
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .measures import Measure, measures_for
from .families import FAMILIES
from .output import write_table

ID_COLUMNS = ("paper_id", "method", "title")


def _cell(measure: Measure, claims: list[dict]):
    """(value, claim ids, evidence) of one measure over one paper's claims, or None."""
    found = [(v, c) for c in claims if (v := measure.derive(c)) is not None]
    if not found:
        return None
    if measure.best == "set":
        values = sorted({round(v, 6) for v, _ in found})
        ids = sorted({c["claim_id"] for _, c in found})
        return values, ids, found[0][1]["sentence"]
    pick = min if measure.best == "min" else max
    best = pick(v for v, _ in found)
    ids = sorted(c["claim_id"] for v, c in found if v == best)
    evidence = next(c["sentence"] for v, c in found if v == best)
    return best, ids, evidence


def _plain(record: dict) -> dict:
    """Missing values as None (pandas may hand back NaN or NA for a null string)."""
    return {k: (None if not isinstance(v, (list, np.ndarray)) and pd.isna(v) else v) for k, v in record.items()}


def family_table(family: str, papers: pd.DataFrame, claims_by_paper: dict[str, list[dict]]) -> pd.DataFrame:
    measures = measures_for(family)
    rows = []
    for p in papers.itertuples(index=False):
        row = {"paper_id": p.paper_id, "method": p.method, "title": p.title}
        for m in measures:
            cell = _cell(m, claims_by_paper.get(p.paper_id, []))
            row[m.name] = cell[0] if cell else None
            row[m.name + "__claim_ids"] = cell[1] if cell else []
            row[m.name + "__evidence"] = cell[2] if cell else None
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(ID_COLUMNS) + [c for m in measures for c in
                                                          (m.name, m.name + "__claim_ids", m.name + "__evidence")])
    df.attrs["units"] = {m.name: m.unit for m in measures}
    df.attrs["descriptions"] = {m.name: m.description for m in measures}
    return df.sort_values(["paper_id"], kind="stable").reset_index(drop=True)


def build_tables(claims: pd.DataFrame, papers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{family: table} for every family with papers, plus "index" (papers and filled cells per family)."""
    claims_by_paper: dict[str, list[dict]] = {}
    for c in claims.to_dict("records"):
        claims_by_paper.setdefault(c["paper_id"], []).append(_plain(c))
    fams = papers["families"].map(lambda f: list(f) if f is not None else [])
    out: dict[str, pd.DataFrame] = {}
    index_rows = []
    # the spec's families, then any a user taxonomy added (measures: measures.measures_for)
    extra = sorted({f for fs in fams for f in fs} - set(FAMILIES))
    for family in (*FAMILIES, *extra):
        members = papers[fams.map(lambda f, fam=family: fam in f)]
        if members.empty:
            continue
        table = family_table(family, members, claims_by_paper)
        out[family] = table
        measures = list(table.attrs["units"])
        filled = int(table[measures].notna().sum().sum())
        index_rows.append({"family": family, "papers": len(table), "measures": len(measures),
                           "cells_filled": filled, "cells_total": len(table) * len(measures)})
    out["index"] = pd.DataFrame(index_rows, columns=["family", "papers", "measures", "cells_filled", "cells_total"])
    return out


def _arrow(table: pd.DataFrame) -> pa.Table:
    units = table.attrs.get("units", {})
    desc = table.attrs.get("descriptions", {})
    fields = []
    for col in table.columns:
        if col in ID_COLUMNS or col == "family":
            typ = pa.string()
        elif col.endswith("__claim_ids"):
            typ = pa.list_(pa.string())
        elif col.endswith("__evidence"):
            typ = pa.string()
        elif col in units and col.startswith("model_sizes"):
            typ = pa.list_(pa.float64())
        elif col in units:
            typ = pa.float64()
        else:
            typ = pa.int64()
        meta = {"unit": units[col], "description": desc.get(col, "")} if col in units else None
        fields.append(pa.field(col, typ, metadata=meta))
    schema = pa.schema(fields)
    data = {c: [None if (isinstance(v, float) and np.isnan(v)) else v for v in table[c].tolist()]
            for c in table.columns}
    return pa.Table.from_pydict(data, schema=schema)


def write_tables(tables: dict[str, pd.DataFrame], outdir, metadata: dict[bytes, bytes] | None = None) -> list[Path]:
    outdir = Path(outdir)
    written = []
    for name, table in tables.items():
        written.append(write_table(outdir / f"{name}.parquet", _arrow(table), metadata))
    return written


def load_tables(directory="tables") -> dict[str, pd.DataFrame]:
    """Every table in `directory` as a DataFrame; `df.attrs["units"]` maps measure -> unit."""
    out = {}
    for path in sorted(Path(directory).glob("*.parquet")):
        t = pq.read_table(path)
        df = t.to_pandas()
        df.attrs["units"] = {f.name: f.metadata[b"unit"].decode() for f in t.schema
                             if f.metadata and b"unit" in f.metadata}
        df.attrs["metadata"] = {k.decode(): v.decode() for k, v in (t.schema.metadata or {}).items()
                                if k.startswith(b"claims.")}
        out[path.stem] = df
    return out
