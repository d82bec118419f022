import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
HELDOUT_GOLD = ROOT / "tests" / "data" / "heldout.jsonl"

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def bundled_out(tmp_path_factory):
    """The bundled corpus extracted once per session: (outdir, claims, papers)."""
    import pandas as pd

    from claims.readers import bundled_corpus
    from claims.runner import run_extract

    out = tmp_path_factory.mktemp("bundled")
    run_extract(bundled_corpus(), out, progress=False)
    return out, pd.read_parquet(out / "claims.parquet"), pd.read_parquet(out / "papers.parquet")
