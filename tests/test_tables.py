"""Pivots and derived measures, on small claim frames whose tables were worked out by hand."""
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.measures import M, memory_saving_pct, memory_saving_x, speedup_x
from claims.tables import _plain, build_tables, load_tables, write_tables

from conftest import ROOT


def claim(cid, paper, kind, value, unit, relation="absolute", direction=None, target=None, low=None):
    return {"claim_id": cid, "paper_id": paper, "kind": kind, "value": value, "unit": unit,
            "relation": relation, "direction": direction, "target": target, "value_low": low,
            "value_high": value if low is not None else None, "sentence": f"sentence of {cid}", "text": str(value)}


@pytest.mark.parametrize("c,expected", [
    (claim("a", "p", "speedup", 2.4, "x", "ratio", "increase"), 2.4),
    (claim("a", "p", "throughput", 35.0, "%", "change", "increase"), 1.35),
    (claim("a", "p", "latency", 50.0, "%", "change", "decrease"), 2.0),
    (claim("a", "p", "latency", 10.0, "x", "ratio", "decrease"), 10.0),
    (claim("a", "p", "latency", 80.0, "%", "ratio", "decrease"), 1.25),
    (claim("a", "p", "speedup", 40.0, "%", "change", "increase"), 1.4),
    (claim("a", "p", "memory", 2.0, "x", "ratio", "decrease"), None),
    (claim("a", "p", "throughput", 1200.0, "tokens/s"), None),
])
def test_speedup_derivation(c, expected):
    got = speedup_x(c)
    assert (got is None and expected is None) or math.isclose(got, expected)


@pytest.mark.parametrize("c,pct,x", [
    (claim("a", "p", "memory", 65.5, "%", "change", "decrease"), 65.5, 1 / 0.345),
    (claim("a", "p", "memory", 4.0, "x", "ratio", "decrease"), 75.0, 4.0),
    (claim("a", "p", "memory", 32.0, "%", "ratio", "decrease"), 68.0, 1 / 0.32),
    (claim("a", "p", "memory", 40.0, "%", "change", "increase"), None, None),
    (claim("a", "p", "memory", 24e9, "B"), None, None),
])
def test_memory_saving_derivation(c, pct, x):
    if pct is None:
        assert memory_saving_pct(c) is None and memory_saving_x(c) is None
    else:
        assert math.isclose(memory_saving_pct(c), pct) and math.isclose(memory_saving_x(c), x)


def _papers(rows):
    return pd.DataFrame(rows, columns=["paper_id", "title", "abstract", "source", "method", "families"])


def test_quantization_table_worked_by_hand():
    papers = _papers([
        ["p1", "Paper one", "", [], "Q1", ["quantization"]],
        ["p2", "Paper two", "", [], None, ["quantization", "pruning_sparsity"]],
        ["p3", "Paper three", "", [], "R", ["retrieval_rag"]],
    ])
    claims = pd.DataFrame([
        claim("p1:w", "p1", "bit_width", 4.0, "bit", target="weights"),
        claim("p1:a", "p1", "bit_width", 8.0, "bit", target="activations"),
        claim("p1:i", "p1", "bit_width", 3.0, "bit"),
        claim("p1:s7", "p1", "model_size", 7e9, "params"),
        claim("p1:s13", "p1", "model_size", 13e9, "params"),
        claim("p1:s7b", "p1", "model_size", 7e9, "params"),
        claim("p1:ppl1", "p1", "perplexity", 6.72, ""),
        claim("p1:ppl2", "p1", "perplexity", 5.5, ""),
        claim("p1:sp", "p1", "speedup", 2.4, "x", "ratio", "increase"),
        claim("p1:lat", "p1", "latency", 60.0, "%", "change", "decrease"),
        claim("p2:mem", "p2", "memory", 4.0, "x", "ratio", "decrease"),
        claim("p2:sp", "p2", "sparsity", 50.0, "%"),
        claim("p3:acc", "p3", "score", 80.0, "%"),
    ])
    tables = build_tables(claims, papers)
    assert set(tables) == {"quantization", "pruning_sparsity", "retrieval_rag", "index"}
    q = tables["quantization"].set_index("paper_id")
    assert list(q.index) == ["p1", "p2"]
    # by hand: lowest weight bits is 3 (the unstated-target INT3 counts as weights), activations 8
    assert q.loc["p1", "weight_bits"] == 3.0 and q.loc["p1", "weight_bits__claim_ids"] == ["p1:i"]
    assert q.loc["p1", "activation_bits"] == 8.0
    assert q.loc["p1", "model_sizes_params"] == [7e9, 13e9]
    assert q.loc["p1", "model_sizes_params__claim_ids"] == ["p1:s13", "p1:s7", "p1:s7b"]
    assert q.loc["p1", "perplexity"] == 5.5 and q.loc["p1", "perplexity__evidence"] == "sentence of p1:ppl2"
    # speedup: max(2.4x, latency -60% -> 2.5x) = 2.5 from the latency claim
    assert math.isclose(q.loc["p1", "speedup_x"], 2.5) and q.loc["p1", "speedup_x__claim_ids"] == ["p1:lat"]
    assert q.loc["p2", "memory_saving_pct"] == 75.0 and q.loc["p2", "memory_saving_x"] == 4.0
    assert pd.isna(q.loc["p2", "weight_bits"]) and q.loc["p2", "weight_bits__claim_ids"] == []
    assert tables["pruning_sparsity"].set_index("paper_id").loc["p2", "sparsity_pct"] == 50.0
    idx = tables["index"].set_index("family")
    assert idx.loc["quantization", "papers"] == 2
    # p1 fills weight, activation bits, sizes, perplexity, speedup; p2 both memory savings
    assert idx.loc["quantization", "cells_filled"] == 5 + 2
    assert q.attrs["units"]["speedup_x"] == "x"


def test_user_families_get_tables_after_the_spec_families(tmp_path):
    papers = _papers([["p1", "Robots", "", [], "R", ["quantization", "robotics"]],
                      ["p2", "Agents", "", [], None, ["agents_tools", "zoology"]]])
    claims = pd.DataFrame([claim("p1:sp", "p1", "speedup", 2.0, "x", "ratio", "increase")])
    tables = build_tables(claims, papers)
    assert list(tables["index"]["family"]) == ["quantization", "agents_tools", "robotics", "zoology"]
    robots = tables["robotics"].set_index("paper_id")
    assert robots.loc["p1", "speedup_x"] == 2.0  # generic measures for a family the spec does not know
    write_tables(tables, tmp_path)
    assert load_tables(tmp_path)["zoology"].loc[0, "paper_id"] == "p2"


def test_write_and_load_keep_units(tmp_path):
    papers = _papers([["p1", "T", "", [], None, ["quantization"]]])
    claims = pd.DataFrame([claim("p1:w", "p1", "bit_width", 4.0, "bit", target="weights")])
    write_tables(build_tables(claims, papers), tmp_path)
    loaded = load_tables(tmp_path)
    assert loaded["quantization"].attrs["units"]["weight_bits"] == "bit"
    assert loaded["quantization"].loc[0, "weight_bits"] == 4.0


def test_every_filled_cell_traces_to_claims_that_give_it(bundled_out):
    _, claims, papers = bundled_out
    by_id = {c["claim_id"]: _plain(c) for c in claims.to_dict("records")}
    tables = build_tables(claims, papers)
    checked = 0
    for family, table in tables.items():
        if family == "index":
            continue
        for measure in table.attrs["units"]:
            m = M[measure]
            for value, ids in zip(table[measure], table[measure + "__claim_ids"]):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    assert len(ids) == 0
                    continue
                assert len(ids) > 0
                derived = [m.derive(by_id[i]) for i in ids]
                if m.best == "set":
                    assert sorted({round(d, 6) for d in derived}) == list(value)
                else:
                    assert all(math.isclose(d, value) for d in derived)
                checked += 1
    assert checked > 100


@settings(max_examples=50, deadline=2000)
@given(st.lists(st.tuples(st.sampled_from(["speedup", "memory", "latency", "throughput"]),
                          st.floats(1.01, 500), st.sampled_from(["x", "%"]),
                          st.sampled_from(["ratio", "change"]), st.sampled_from(["increase", "decrease"])),
                min_size=1, max_size=8))
def test_property_cells_come_from_their_claims(rows):
    papers = _papers([["p", "T", "", [], None, ["inference_acceleration"]]])
    claims = pd.DataFrame([claim(f"c{i}", "p", k, v, u, r, d) for i, (k, v, u, r, d) in enumerate(rows)])
    t = build_tables(claims, papers)["inference_acceleration"].iloc[0]
    expected = [s for c in claims.to_dict("records") if (s := speedup_x(c)) is not None]
    if expected:
        assert math.isclose(t["speedup_x"], max(expected))
        assert all(math.isclose(speedup_x(claims.set_index("claim_id").loc[i].to_dict()), max(expected))
                   for i in t["speedup_x__claim_ids"])
    else:
        assert pd.isna(t["speedup_x"])


def test_committed_tables_are_current(tmp_path):
    """tables/ is generated from the bundled corpus; rebuild and compare bytes."""
    from claims.cli import main

    assert main(["build", "-q", "-o", str(tmp_path)]) == 0
    committed = sorted(p.name for p in (ROOT / "tables").glob("*.parquet"))
    rebuilt = sorted(p.name for p in tmp_path.glob("*.parquet"))
    assert committed == rebuilt, "tables/ is stale: run make tables"
    for name in rebuilt:
        assert (ROOT / "tables" / name).read_bytes() == (tmp_path / name).read_bytes(), \
            f"tables/{name} is stale: run make tables"


def test_build_is_byte_identical_twice(tmp_path):
    from claims.cli import main

    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", "-q", "-o", str(a)]) == 0
    assert main(["build", "-q", "-o", str(b)]) == 0
    for p in sorted(a.glob("*.parquet")):
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_bit_range_counts_by_its_low_end():
    papers = _papers([["p", "T", "", [], None, ["quantization"]]])
    claims = pd.DataFrame([claim("p:r", "p", "bit_width", 8.0, "bit", low=1.0),
                           claim("p:4", "p", "bit_width", 4.0, "bit", target="weights")])
    t = build_tables(claims, papers)["quantization"].iloc[0]
    assert t["weight_bits"] == 1.0 and list(t["weight_bits__claim_ids"]) == ["p:r"]
