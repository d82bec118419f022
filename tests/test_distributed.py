"""Scale-out paths give the single-process rows: dask (run_dask, extract_dask) and run_extract(jobs=2)."""
from __future__ import annotations

import json

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims.api import extract_records
from claims.distributed import CLAIM_META, extract_dask, read_dask, run_dask
from claims.readers import bundled_corpus, read_many, read_records
from claims.runner import run_extract

distributed = pytest.importorskip("distributed")

# what a claim is: where it is, what it says, and the attributes the tables are built from
KEY_COLUMNS = ["claim_id", "paper_id", "field", "start", "end", "text", "kind", "value", "value_low",
               "value_high", "unit", "relation", "direction", "qualifier", "target", "metric",
               "baseline", "model", "benchmark", "rule"]


@pytest.fixture(scope="module")
def records():
    return list(read_many(bundled_corpus()))


@pytest.fixture(scope="module")
def expected(records):
    """Single-process claims and papers of the bundled corpus (deduplicated by title)."""
    claims, papers = extract_records(records)
    assert len(papers) < len(records)  # the corpus does repeat papers: dedup is exercised
    return claims, papers


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def _by_claim_id(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("claim_id", kind="stable").reset_index(drop=True)


def _lists(df: pd.DataFrame, *cols) -> pd.DataFrame:
    return df.assign(**{c: df[c].map(list) for c in cols})


def test_run_dask_equals_single_process(cluster, expected, tmp_path):
    claims, papers = expected
    out = tmp_path / "out"
    summary = run_dask(str(bundled_corpus()[0].parent), out, scheduler_address=cluster.scheduler_address)
    assert sorted(p.name for p in (out / "claims").glob("*.parquet"))[0] == "part.0.parquet"
    got = pd.read_parquet(out / "claims")
    assert summary["claims"] == len(got) == len(claims)
    assert got["claim_id"].is_unique
    pd.testing.assert_frame_equal(_by_claim_id(got)[KEY_COLUMNS], _by_claim_id(claims)[KEY_COLUMNS])
    assert list(got.columns) == list(claims.columns)
    assert pq.read_schema(next((out / "claims").glob("*.parquet"))).field("kind").type == pa.string()

    got_papers = pd.read_parquet(out / "papers")
    assert summary["papers"] == len(got_papers) == len(papers)
    by_id = lambda df: _lists(df.sort_values("paper_id").reset_index(drop=True), "source", "families")
    # same papers, same sources (the repeats' sources appended to the first copy, in input order)
    pd.testing.assert_frame_equal(by_id(got_papers), by_id(papers))


def test_extract_dask_equals_single_process(cluster, records, expected):
    claims, _ = expected
    frame = pd.DataFrame({"title": [r.title for r in records], "abstract": [r.abstract for r in records],
                          "id": [r.raw_id for r in records]})
    ddf = dd.from_pandas(frame, npartitions=5, sort=False)
    with distributed.Client(cluster) as client:
        lazy = extract_dask(ddf, id_column="id", npartitions=4)
        assert list(lazy.columns) == list(CLAIM_META.columns)
        got = client.compute(lazy).result()
    pd.testing.assert_frame_equal(_by_claim_id(got)[KEY_COLUMNS], _by_claim_id(claims)[KEY_COLUMNS])


def test_extract_dask_without_dedup_takes_each_row_as_a_paper(records):
    one = records[0]
    frame = pd.DataFrame({"title": [one.title] * 3, "abstract": [one.abstract] * 3})
    with dask.config.set(scheduler="sync"):
        got = extract_dask(dd.from_pandas(frame, npartitions=3, sort=False), dedup=False).compute()
        deduped = extract_dask(dd.from_pandas(frame, npartitions=3, sort=False)).compute()
    assert len(deduped) > 0 and len(got) == 3 * len(deduped)


def test_read_dask_matches_readers(tmp_path, records):
    """Parquet split at row groups, and JSON Lines, keep the readers' text, ids and 'path:row' sources."""
    rows = [{"id": f"2401.{i:05d}", "title": r.title, "abstract": r.abstract} for i, r in enumerate(records[:40])]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet", row_group_size=7)
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:5]))
    with dask.config.set(scheduler="sync"):
        ddf = read_dask(str(tmp_path), rows_per_piece=10)
        got = ddf.compute()
    assert ddf.npartitions == 3 + 1  # 40 rows in row groups of 7: pieces of 14, 14, 12 rows; one jsonl file
    want = [r for f in sorted(tmp_path.iterdir()) for r in read_records(f)]
    assert list(zip(got["title"], got["abstract"], got["source"], got["raw_id"])) == [tuple(r) for r in want]
    assert got["_order"].is_monotonic_increasing


def test_run_extract_jobs_2_equals_jobs_1(tmp_path):
    inputs = bundled_corpus()
    run_extract(inputs, tmp_path / "j1", jobs=1, progress=False)
    run_extract(inputs, tmp_path / "j2", jobs=2, progress=False)
    for name in ("claims.parquet", "papers.parquet"):
        a = pd.read_parquet(tmp_path / "j1" / name)
        b = pd.read_parquet(tmp_path / "j2" / name)
        if name == "papers.parquet":
            a, b = _lists(a, "source", "families"), _lists(b, "source", "families")
        pd.testing.assert_frame_equal(a, b)
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j2" / name).read_bytes()
