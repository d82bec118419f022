"""Build the example notebooks from the cell sources below, outputs stripped.

    .venv/bin/python notebooks/build_notebooks.py        # rewrites notebooks/*.ipynb

The notebooks read the tables of the repository root (`claims build -o tables` there first):
run from notebooks/ (as Jupyter and nbclient do) they find ../tables, run from the root
tables/; CLAIMS_TABLES overrides both. Edit this file, not the .ipynb files, and rebuild:
tests/test_notebooks.py checks that the committed notebooks match this script.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''\
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from claims import load_tables

def find_tables() -> Path:
    """The repo's tables/: ../tables from notebooks/ (Jupyter, nbclient), else ./tables; CLAIMS_TABLES wins."""
    candidates = [Path(os.environ["CLAIMS_TABLES"])] if os.environ.get("CLAIMS_TABLES") else []
    candidates += [Path("..") / "tables", Path("tables")]
    for path in candidates:
        if (path / "index.parquet").is_file():
            return path
    raise FileNotFoundError("no tables found; run `claims build -o tables` at the repository root")

def name(method, title, n=30) -> str:
    """A paper's short name: its method when known (missing is NaN or None), else its title cut to n."""
    return method if isinstance(method, str) and method else str(title)[:n]

TABLES = find_tables()
tables = load_tables(TABLES)
pd.set_option("display.max_colwidth", 80)
print(f"{len(tables)} tables from {TABLES.resolve()}")'''

QUICKSTART = [
    new_markdown_cell("""\
# Quickstart: the comparison tables

`claims build -o tables` extracts the numbers of each paper's title and abstract into
`tables/claims.parquet` (one row per claim) and pivots them into one table per technique
family: one row per paper, one column per measure, and two companion columns per measure,

* `<measure>__claim_ids`: the claims behind the cell, and
* `<measure>__evidence`: the sentence the cell's value came from.

This notebook loads the tables, filters and groups them, and traces a number back to its sentence."""),
    new_code_cell(SETUP),
    new_markdown_cell("""\
## The index

`index` lists the families: how many papers, measures and filled cells each has."""),
    new_code_cell('''\
index = tables["index"]
index.assign(filled=(index["cells_filled"] / index["cells_total"]).round(2))'''),
    new_markdown_cell("""\
## One family table

`df.attrs["units"]` maps each measure column to its unit (`x`, `%`, `bit`, `params`, ...)."""),
    new_code_cell('''\
q = tables["quantization"]
units = q.attrs["units"]
print(units)
measures = list(units)
q[["method", "title", *measures]].head()'''),
    new_markdown_cell("## Filter: quantization papers claiming at least a 2x speedup"),
    new_code_cell('''\
fast = q[q["speedup_x"] >= 2].sort_values("speedup_x", ascending=False)
fast[["method", "title", "weight_bits", "speedup_x"]]'''),
    new_markdown_cell("""\
## Group

Claims by kind, and the speedup claimed per family (a paper may be in several families)."""),
    new_code_cell('''\
claims = tables["claims"]
claims.groupby("kind").size().sort_values(ascending=False).head(10)'''),
    new_code_cell('''\
families = [f for f in index["family"] if "speedup_x" in tables[f].columns]
speedups = pd.concat(
    [tables[f][["paper_id", "method", "speedup_x"]].assign(family=f) for f in families], ignore_index=True
).dropna(subset=["speedup_x"])
speedups.groupby("family")["speedup_x"].agg(["count", "median", "max"]).sort_values("count", ascending=False)'''),
    new_markdown_cell("""\
## Trace a number back to its sentence

Take the largest speedup in the quantization table, look up its claim ids in
`claims.parquet`, and show each claim's sentence with the number set off. The claim's
`start`/`end` are offsets into the paper's field text (`papers.parquet`), so the number
is found in the sentence by its offset."""),
    new_code_cell('''\
row = q.loc[q["speedup_x"].idxmax()]
print(f"{name(row['method'], row['title'])}: speedup_x = {row['speedup_x']:g} {units['speedup_x']}")
ids = list(row["speedup_x__claim_ids"])
print("claim ids:", ids)
print("evidence: ", row["speedup_x__evidence"])'''),
    new_code_cell('''\
papers = tables["papers"].set_index("paper_id")

def marked(claim) -> str:
    """The claim's sentence with its number in >>...<<, located by the claim's offsets."""
    field = papers.loc[claim["paper_id"], claim["field"]]
    sentence = claim["sentence"]
    at = field.find(sentence)
    start = claim["start"] - at if at >= 0 else sentence.find(claim["text"])
    end = start + len(claim["text"])
    assert sentence[start:end] == claim["text"]
    return sentence[:start] + ">>" + sentence[start:end] + "<<" + sentence[end:]

by_id = claims.set_index("claim_id")
for cid in ids:
    claim = by_id.loc[cid].to_dict() | {"claim_id": cid}
    print(f"{cid}: {claim['text']!r} kind={claim['kind']} value={claim['value']:g} {claim['unit']} "
          f"relation={claim['relation']} direction={claim['direction']}")
    print("   ", marked(claim))
    assert claim["sentence"] == row["speedup_x__evidence"] or len(ids) > 1'''),
    new_markdown_cell("""\
The same trace works for every filled cell: e.g. all cells of one paper, with the claim
text behind each value."""),
    new_code_cell('''\
paper = q.loc[q[measures].notna().sum(axis=1).idxmax()]
pd.DataFrame([
    {"measure": m, "value": paper[m], "unit": units[m],
     "claim text": ", ".join(by_id.loc[c, "text"] for c in paper[m + "__claim_ids"])}
    for m in measures if paper[m] is not None and not (isinstance(paper[m], float) and pd.isna(paper[m]))
])'''),
    new_markdown_cell("""\
## Why is a paper in a family?

`explain` gives every family's score from the phrases that matched (title matches count
2.5x; background sentences and competitor mentions count less) and the log-odds of the
fitted families model, which decides from those scores and the paper's words (assigned
when >= 0; the threshold decides only without the model).
`claims why WORDS-OF-THE-TITLE` prints the same in a shell. To add phrases or whole
families, write a small TOML file in the grammar of `claims/families.toml` and pass it to
`load_taxonomy(path)`, or to `claims build --taxonomy FILE`."""),
    new_code_cell('''\
from claims.families import load_taxonomy

tax = load_taxonomy()
first = tables["papers"].set_index("paper_id").loc[q["paper_id"].iloc[0]]
why = tax.explain(first["title"], first["abstract"])
assert why["quantization"]["assigned"]  # it is in the quantization table for a reason
print(first["title"])
pd.DataFrame([
    {"family": f, "assigned": e["assigned"], "score": round(e["score"], 2), "log-odds": round(e.get("logit", float("nan")), 2),
     "strongest phrases": "; ".join(p for _, p, n, w in sorted(e["rules"], key=lambda r: -r[2] * r[3])[:2])}
    for f, e in why.items()
]).sort_values("score", ascending=False)'''),
]

QUANTIZATION = [
    new_markdown_cell("""\
# Quantization: bits, perplexity and speedup

Two views of the quantization family:

1. bit width against perplexity (absolute, and change against a baseline: a decrease is
   negative), from the claims themselves: a perplexity claim is paired with the bit widths
   stated in the same sentence, else with the paper's lowest weight bit width;
2. speedup against model size, one point per paper and model size it evaluates."""),
    new_code_cell(SETUP),
    new_code_cell('''\
q = tables["quantization"]
claims = tables["claims"]
qc = claims[claims["paper_id"].isin(q["paper_id"])]
print(len(q), "papers,", len(qc), "claims")
qc["kind"].value_counts().head(8)'''),
    new_markdown_cell("## Bits vs perplexity and perplexity change"),
    new_code_cell('''\
cell_bits = q.set_index("paper_id")["weight_bits"]
label = {r.paper_id: name(r.method, r.title) for r in q.itertuples()}
bits = qc[(qc["kind"] == "bit_width") & (qc["value"] < 16)]

rows = []
for c in qc[qc["kind"] == "perplexity"].itertuples():
    same = bits[(bits["paper_id"] == c.paper_id) & (bits["sentence"] == c.sentence)]["value"].unique()
    widths = list(same) if len(same) else ([cell_bits[c.paper_id]] if pd.notna(cell_bits[c.paper_id]) else [])
    signed = -c.value if c.direction == "decrease" else c.value
    for b in widths:
        rows.append({"paper": label[c.paper_id], "bits": b, "relation": c.relation, "perplexity": signed,
                     "claim": c.text})
ppl = pd.DataFrame(rows, columns=["paper", "bits", "relation", "perplexity", "claim"])
ppl'''),
    new_code_cell('''\
fig, (ax_abs, ax_chg) = plt.subplots(1, 2, figsize=(10, 3.8))
for ax, rel, color in ((ax_abs, "absolute", "tab:blue"), (ax_chg, "change", "tab:orange")):
    sel = ppl[ppl["relation"] == rel]
    ax.scatter(sel["bits"], sel["perplexity"], color=color, zorder=3)
    for r in sel.itertuples():
        ax.annotate(r.paper, (r.bits, r.perplexity), xytext=(4, 3), textcoords="offset points", fontsize=8)
    ax.set_xlabel("bits (weights)")
    ax.set_xlim(1, 8.5)
    ax.grid(alpha=0.3)
    if sel.empty:
        ax.text(0.5, 0.5, "no claims", transform=ax.transAxes, ha="center")
ax_abs.set_ylabel("perplexity")
ax_chg.set_ylabel("perplexity change (decrease < 0)")
ax_chg.axhline(0, color="grey", linewidth=0.8)
fig.suptitle("Quantization: bit width vs perplexity claims")
fig.tight_layout()'''),
    new_markdown_cell("""\
## Lowest weight bit width per paper"""),
    new_code_cell('''\
counts = q["weight_bits"].value_counts().sort_index()
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar([f"{b:g}" for b in counts.index], counts.values, color="tab:green")
ax.set_xlabel("lowest weight bits claimed")
ax.set_ylabel("papers")
fig.tight_layout()
counts'''),
    new_markdown_cell("""\
## Speedup per model size

`model_sizes_params` holds every model size a paper evaluates; explode it into one row per
size and plot the paper's speedup against each."""),
    new_code_cell('''\
sized = q[["method", "title", "speedup_x", "weight_bits", "model_sizes_params"]].dropna(subset=["speedup_x"])
sized = sized[sized["model_sizes_params"].map(lambda s: s is not None and len(s) > 0)]
sized = sized.explode("model_sizes_params").rename(columns={"model_sizes_params": "params"})
sized["params_b"] = sized["params"].astype(float) / 1e9
sized[["method", "params_b", "weight_bits", "speedup_x"]]'''),
    new_code_cell('''\
fig, ax = plt.subplots(figsize=(6.5, 4))
if sized.empty:
    ax.text(0.5, 0.5, "no paper has both a speedup and a model size", transform=ax.transAxes, ha="center")
else:
    sc = ax.scatter(sized["params_b"], sized["speedup_x"], c=sized["weight_bits"].fillna(16), cmap="viridis",
                    s=40, zorder=3)
    fig.colorbar(sc, ax=ax, label="lowest weight bits (16 = not stated)")
    for r in sized.itertuples():
        ax.annotate(name(r.method, r.title, 20), (r.params_b, r.speedup_x), xytext=(4, 3),
                    textcoords="offset points", fontsize=8)
    ax.set_xscale("log")
ax.set_xlabel("model size (billion parameters)")
ax.set_ylabel("speedup (x)")
ax.set_title("Quantization: speedup per model size")
ax.grid(alpha=0.3)
fig.tight_layout()'''),
]

LANDSCAPE = [
    new_markdown_cell("""\
# Efficiency landscape: speedup and memory saving by family

Every family table with a `speedup_x` or `memory_saving_pct` column, stacked into one long
frame (a paper appears once per family it belongs to), summarised and plotted."""),
    new_code_cell(SETUP),
    new_code_cell('''\
index = tables["index"]
parts = []
for family in index["family"]:
    df = tables[family]
    cols = [c for c in ("speedup_x", "memory_saving_pct") if c in df.columns]
    if cols:
        parts.append(df[["paper_id", "method", "title", *cols]].assign(family=family))
eff = pd.concat(parts, ignore_index=True)
eff = eff.dropna(subset=["speedup_x", "memory_saving_pct"], how="all")
eff["label"] = [name(m, t, 28) for m, t in zip(eff["method"], eff["title"])]
print(len(eff), "paper-family rows with a speedup or a memory saving")
eff.head()'''),
    new_code_cell('''\
summary = eff.groupby("family").agg(
    papers=("paper_id", "nunique"),
    speedups=("speedup_x", "count"),
    speedup_median=("speedup_x", "median"),
    speedup_max=("speedup_x", "max"),
    memory_savings=("memory_saving_pct", "count"),
    memory_saving_median=("memory_saving_pct", "median"),
    memory_saving_max=("memory_saving_pct", "max"),
).sort_values("papers", ascending=False)
summary.round(2)'''),
    new_markdown_cell("## Speedup and memory saving by family"),
    new_code_cell('''\
order = summary.index.tolist()
fig, (ax_s, ax_m) = plt.subplots(1, 2, figsize=(12, 0.45 * len(order) + 1.5), sharey=True)
for y, family in enumerate(order):
    sel = eff[eff["family"] == family]
    for ax, col, color in ((ax_s, "speedup_x", "tab:blue"), (ax_m, "memory_saving_pct", "tab:orange")):
        vals = sel[col].dropna()
        if len(vals):
            ax.scatter(vals, [y] * len(vals), color=color, alpha=0.7, zorder=3)
            ax.plot([vals.median()] * 2, [y - 0.3, y + 0.3], color="black", linewidth=1.5)
ax_s.set_yticks(range(len(order)), [f.replace("_", " ") for f in order])
ax_s.invert_yaxis()
ax_s.set_xscale("log")
ax_s.set_xlabel("speedup (x, log scale); bar = median")
ax_m.set_xlabel("memory saving (%)")
ax_m.set_xlim(0, 100)
for ax in (ax_s, ax_m):
    ax.grid(axis="x", alpha=0.3)
fig.suptitle("Efficiency claims by family")
fig.tight_layout()'''),
    new_markdown_cell("""\
## Papers claiming both

Speedup against memory saving for the papers that state both (one point per paper)."""),
    new_code_cell('''\
both = (eff.dropna(subset=["speedup_x", "memory_saving_pct"])
           .groupby("paper_id").agg(label=("label", "first"), family=("family", "first"),
                                     speedup_x=("speedup_x", "max"),
                                     memory_saving_pct=("memory_saving_pct", "max")))
fig, ax = plt.subplots(figsize=(7, 4.5))
for family, sel in both.groupby("family"):
    ax.scatter(sel["memory_saving_pct"], sel["speedup_x"], label=family.replace("_", " "), s=40, zorder=3)
for r in both.itertuples():
    ax.annotate(r.label, (r.memory_saving_pct, r.speedup_x), xytext=(4, 3), textcoords="offset points",
                fontsize=8)
ax.set_xlabel("memory saving (%)")
ax.set_ylabel("speedup (x)")
ax.grid(alpha=0.3)
if len(both):
    ax.legend(fontsize=8, title="first family")
fig.tight_layout()
both.sort_values("speedup_x", ascending=False)'''),
]

NOTEBOOKS = {
    "quickstart.ipynb": QUICKSTART,
    "quantization.ipynb": QUANTIZATION,
    "efficiency_landscape.ipynb": LANDSCAPE,
}


def notebook(name: str, cells) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    stem = name.removesuffix(".ipynb")
    for i, cell in enumerate(cells):
        cell = nbformat.from_dict(dict(cell))
        cell["id"] = f"{stem}-{i:02d}"  # stable ids: rebuilding gives the same files
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def build(outdir=HERE) -> list[Path]:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cells in NOTEBOOKS.items():
        path = outdir / name
        nbformat.write(notebook(name, cells), path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(p)
