"""The example notebooks: rebuilt identically by notebooks/build_notebooks.py, stored without
outputs, and each runs top to bottom in a python3 kernel (nbclient, cwd notebooks/)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import nbformat  # dev extra, as are nbclient and ipykernel

REPO = Path(__file__).resolve().parents[1]
NB_DIR = REPO / "notebooks"
NOTEBOOKS = ("quickstart.ipynb", "quantization.ipynb", "efficiency_landscape.ipynb")


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks", NB_DIR / "build_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tables_ready(tmp_path_factory):
    """The notebooks read the repo's tables/; build them there when missing."""
    if not (REPO / "tables" / "index.parquet").is_file():
        from claims.cli import main

        assert main(["build", "-o", str(REPO / "tables"), "-q"]) == 0
    return REPO / "tables"


def test_notebooks_are_built_by_the_script(tmp_path):
    built = _builder().build(tmp_path)
    assert sorted(p.name for p in built) == sorted(NOTEBOOKS)
    for name in NOTEBOOKS:
        committed = (NB_DIR / name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == committed, (
            f"{name} is out of date: run .venv/bin/python notebooks/build_notebooks.py")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_outputs_stripped(name):
    nb = nbformat.read(NB_DIR / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.id


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, tables_ready, monkeypatch):
    import ipykernel  # noqa: F401  (the python3 kernel of this venv)
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")  # inherited by the kernel: no display needed
    monkeypatch.delenv("CLAIMS_TABLES", raising=False)  # read the repo's tables/, as a user would
    nb = nbformat.read(NB_DIR / name, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()  # raises CellExecutionError when a cell fails
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    first = next(c for c in nb.cells if c.cell_type == "code")
    text = "".join(o.get("text", "") for o in first.outputs)
    assert "tables from" in text and str(tables_ready.resolve()) in text
