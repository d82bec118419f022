"""A self-contained static HTML report of the family tables.

    write_report("tables", "report.html")      # or: claims report --dir tables -o report.html

One page, usable offline: inline CSS and JavaScript, plots as inline SVG drawn with
matplotlib (text as paths, so no fonts are fetched), no remote scripts, styles, fonts or
images. It has

- an index: families (papers, filled cells) and papers (families, filled cells, claims);
- an overview plot of speedup and memory saving by family;
- a section per family (id="family-<name>") with plots and its table. Headers sort the
  table on click; each number cell shows its evidence sentence as a tooltip on hover, and
  on click in the evidence panel (class "evidence"), with the claim's number in a <mark>.

Evidence is traced through the cell's `<measure>__claim_ids`: each claim row of
claims.parquet gives its sentence and the span of its number (offsets into the paper's
field text, mapped into the sentence; when that fails, the first occurrence of the claim
text in the sentence). All text from the data is escaped with html.escape.
"""
from __future__ import annotations

import html
import io
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ClaimsError
from .measures import M as MEASURES
from .tables import load_tables

__all__ = ["write_report", "render_report", "format_value"]

_E = html.escape
# Colours of the plots (colour-blind safe pair plus a neutral).
C_SPEED, C_MEM, C_OTHER = "#0072b2", "#d55e00", "#009e73"


# ----------------------------------------------------------------------------- values
def _missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, (list, tuple, np.ndarray)) and len(v) == 0:
        return True
    return False


def _si(v: float, suffixes=(("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3))) -> str:
    for s, f in suffixes:
        if abs(v) >= f:
            return f"{v / f:.3g}{s}"
    return f"{v:.3g}"


def _bytes(v: float) -> str:
    for s, f in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if abs(v) >= f:
            return f"{v / f:.3g} {s}"
    return f"{v:.3g} B"


def format_value(value, unit: str) -> str:
    """A cell as shown: 7B params, 128K tokens, 2.4×, 70%, 1 GB; lists joined by commas."""
    if _missing(value):
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(format_value(float(v), unit) for v in value)
    v = float(value)
    if unit in ("params", "tokens"):
        return _si(v)
    if unit == "B":
        return _bytes(v)
    if unit == "x":
        return f"{v:.3g}×"
    if unit == "%":
        return f"{v:.3g}%"
    if unit == "GPUs":
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _sort_value(value) -> float:
    if isinstance(value, (list, tuple, np.ndarray)):
        return float(max(value))
    return float(value)


def _label(row) -> str:
    method = row.get("method")
    if isinstance(method, str) and method.strip():
        return method.strip()
    title = str(row.get("title") or row.get("paper_id"))
    return title if len(title) <= 34 else title[:32].rstrip() + "…"


# --------------------------------------------------------------------------- evidence
class Evidence:
    """Claim rows by id, and their sentences with the claim numbers marked."""

    def __init__(self, claims: pd.DataFrame, papers: pd.DataFrame | None):
        self.claims = {r["claim_id"]: r for r in claims.to_dict("records")} if len(claims) else {}
        self.fields: dict[tuple[str, str], str] = {}
        if papers is not None:
            for p in papers.itertuples(index=False):
                self.fields[(p.paper_id, "title")] = p.title or ""
                self.fields[(p.paper_id, "abstract")] = p.abstract or ""

    def span(self, claim: dict) -> tuple[int, int] | None:
        """(start, end) of the claim's number inside its sentence."""
        sentence, text = claim["sentence"] or "", claim["text"] or ""
        field = self.fields.get((claim["paper_id"], claim["field"]))
        start, end = int(claim["start"]), int(claim["end"])
        if field and sentence and field[start:end] == text:
            at = field.find(sentence)
            while at >= 0:
                if at <= start and end <= at + len(sentence):
                    return start - at, end - at
                at = field.find(sentence, at + 1)
        at = sentence.find(text) if text else -1
        return (at, at + len(text)) if at >= 0 else None

    def sentences(self, claim_ids, fallback: str | None) -> list[tuple[str, list[tuple[int, int, dict]]]]:
        """[(sentence, [(start, end, claim), ...]), ...] for a cell, its evidence sentence first."""
        out: dict[str, list] = {}
        if isinstance(fallback, str) and fallback:
            out[fallback] = []
        for cid in claim_ids if claim_ids is not None else ():
            claim = self.claims.get(cid)
            if claim is None:
                continue
            sp = self.span(claim)
            out.setdefault(claim["sentence"], [])
            if sp is not None:
                out[claim["sentence"]].append((sp[0], sp[1], claim))
        return [(s, sorted(spans, key=lambda t: t[0])) for s, spans in out.items()]


def mark_sentence(sentence: str, spans, tag: str = "mark") -> str:
    """The escaped sentence with each (start, end, claim) span wrapped in <mark>."""
    parts, pos = [], 0
    for start, end, claim in spans:
        if start < pos:  # overlapping spans: keep the first
            continue
        parts.append(_E(sentence[pos:start]))
        parts.append(f'<{tag} title="{_E(claim["claim_id"])}">{_E(sentence[start:end])}</{tag}>')
        pos = end
    parts.append(_E(sentence[pos:]))
    return "".join(parts)


def plain_marked(sentence: str, spans) -> str:
    """The sentence as plain text, numbers in »…« (for the hover tooltip)."""
    parts, pos = [], 0
    for start, end, _ in spans:
        if start < pos:
            continue
        parts += [sentence[pos:start], "»", sentence[start:end], "«"]
        pos = end
    parts.append(sentence[pos:])
    return "".join(parts)


def _claim_line(c: dict) -> str:
    bits = [f"<code>{_E(str(c['claim_id']))}</code>", f"<b>{_E(str(c['text']))}</b>", _E(str(c["kind"]))]
    unit = c.get("unit") or ""
    bits.append(_E(f"{c['value']:g}{' ' + unit if unit else ''}"))
    rel = str(c.get("relation") or "")
    if isinstance(c.get("direction"), str):
        rel += f" ({c['direction']})"
    bits.append(_E(rel))
    return "<li>" + " · ".join(bits) + "</li>"


# ------------------------------------------------------------------------------ plots
def _svg(fig) -> str:
    """A matplotlib figure as an inline <svg> element: no XML prolog, no metadata, ids unique."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "claims-report", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    _svg.count = getattr(_svg, "count", 0) + 1
    prefix = f"f{_svg.count}-"
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if ids:
        alt = "|".join(sorted((re.escape(i) for i in ids), key=len, reverse=True))
        svg = re.sub(r'(\bid="|#)(' + alt + r')(?=["\)])', lambda m: m.group(1) + prefix + m.group(2), svg)
    # natural size (same text size in every plot), shrunk to fit narrow screens by CSS
    svg = svg.replace("<svg ", '<svg class="plot" role="img" ', 1)
    return svg.strip()


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _log_x(ax):
    from matplotlib.ticker import NullFormatter

    ax.set_xscale("log")
    ax.xaxis.set_minor_formatter(NullFormatter())


def _style_axes(ax):
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.grid(axis="x", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _mpl_text(s: str) -> str:
    return s.replace("$", r"\$")


def _bar_plot(df: pd.DataFrame, measure: str, title: str, color: str, log: bool = False) -> str | None:
    vals = [(_label(r), _sort_value(r[measure])) for r in df.to_dict("records") if not _missing(r[measure])]
    if not vals:
        return None
    vals.sort(key=lambda t: t[1])
    vals = vals[-20:]
    fig = _figure(4.6, 0.9 + 0.24 * len(vals))
    ax = fig.add_subplot()
    ys = range(len(vals))
    ax.barh(list(ys), [v for _, v in vals], color=color, height=0.65)
    ax.set_yticks(list(ys), [_mpl_text(lbl) for lbl, _ in vals])
    unit = MEASURES[measure].unit if measure in MEASURES else ""
    for y, (_, v) in zip(ys, vals):
        ax.annotate(format_value(v, unit), (v, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7, color="#333")
    if log:
        _log_x(ax)
    ax.set_title(_mpl_text(title), fontsize=10, loc="left")
    _style_axes(ax)
    ax.margins(x=0.18)
    return _svg(fig)


def _sizes_plot(df: pd.DataFrame) -> str | None:
    rows = [(_label(r), [float(v) for v in r["model_sizes_params"]]) for r in df.to_dict("records")
            if "model_sizes_params" in r and not _missing(r["model_sizes_params"])]
    if not rows:
        return None
    rows.sort(key=lambda t: max(t[1]))
    rows = rows[-20:]
    fig = _figure(4.6, 0.9 + 0.24 * len(rows))
    ax = fig.add_subplot()
    for y, (_, sizes) in enumerate(rows):
        ax.plot([s / 1e9 for s in sizes], [y] * len(sizes), "o-", color=C_OTHER, markersize=4, linewidth=1)
    ax.set_yticks(range(len(rows)), [_mpl_text(lbl) for lbl, _ in rows])
    _log_x(ax)
    ax.set_xlabel("parameters (billions)", fontsize=8)
    ax.set_title("Model sizes evaluated", fontsize=10, loc="left")
    _style_axes(ax)
    return _svg(fig)


def bits_perplexity_points(family_table: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Perplexity claims of the family's papers against a bit width: the bit widths stated in the
    same sentence, else the paper's lowest weight bit width. Columns: paper_id, label, bits,
    perplexity, relation ("absolute" or "change", change signed: decrease negative)."""
    if "weight_bits" not in family_table or claims.empty:
        return pd.DataFrame(columns=["paper_id", "label", "bits", "perplexity", "relation"])
    labels = {r["paper_id"]: _label(r) for r in family_table.to_dict("records")}
    cell_bits = dict(zip(family_table["paper_id"], family_table["weight_bits"]))
    mine = claims[claims["paper_id"].isin(labels)]
    rows = []
    for c in mine[mine["kind"] == "perplexity"].to_dict("records"):
        same = mine[(mine["kind"] == "bit_width") & (mine["sentence"] == c["sentence"])
                    & (mine["value"] < 16)]["value"].tolist()
        bits = same or ([cell_bits[c["paper_id"]]] if not _missing(cell_bits.get(c["paper_id"])) else [])
        value = c["value"] * (-1 if c.get("direction") == "decrease" else 1)
        for b in sorted(set(bits)):
            rows.append({"paper_id": c["paper_id"], "label": labels[c["paper_id"]], "bits": float(b),
                         "perplexity": float(value), "relation": c["relation"]})
    return pd.DataFrame(rows, columns=["paper_id", "label", "bits", "perplexity", "relation"])


def _bits_perplexity_plot(df: pd.DataFrame, claims: pd.DataFrame) -> str | None:
    pts = bits_perplexity_points(df, claims)
    if pts.empty:
        return None
    fig = _figure(4.6, 3.0)
    ax = fig.add_subplot()
    for rel, marker, color, name in (("absolute", "o", C_SPEED, "perplexity"),
                                     ("change", "D", C_MEM, "perplexity change")):
        sel = pts[pts["relation"] == rel]
        if not sel.empty:
            ax.scatter(sel["bits"], sel["perplexity"], marker=marker, color=color, label=name, s=28, zorder=3)
            for r in sel.itertuples():
                ax.annotate(_mpl_text(r.label), (r.bits, r.perplexity), xytext=(4, 3), textcoords="offset points",
                            fontsize=7, color="#333")
    ax.axhline(0, color="#999", linewidth=0.6)
    ax.set_xlabel("bits (weights)", fontsize=8)
    ax.set_ylabel("perplexity / change", fontsize=8)
    ax.set_xlim(min(1, pts["bits"].min() - 0.5), max(8.5, pts["bits"].max() + 0.5))
    ax.set_title("Bits vs perplexity (claims)", fontsize=10, loc="left")
    ax.legend(fontsize=7, frameon=False)
    _style_axes(ax)
    ax.grid(axis="y", color="#ddd", linewidth=0.6)
    return _svg(fig)


# Extra plots of a family, after speedup and memory saving: (measure, title, log scale).
_EXTRA = {
    "pruning_sparsity": [("sparsity_pct", "Sparsity (%)", False)],
    "peft": [("trainable_params_pct", "Trainable parameters (%)", True), ("score_pct", "Score (%)", False)],
    "long_context": [("context_length_tokens", "Context length (tokens)", True)],
    "kv_cache": [("compression_x", "KV-cache compression (×)", False)],
    "efficient_training": [("gpus", "GPUs", True)],
    "efficient_architecture": [("context_length_tokens", "Context length (tokens)", True)],
    "small_models": [("training_tokens", "Training tokens", True)],
    "scaling_laws": [("training_tokens", "Training tokens", True)],
}


def family_plots(family: str, df: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """Inline SVG plots of one family (only those with data)."""
    cols = set(df.columns)
    specs = []
    if "speedup_x" in cols:
        specs.append(lambda: _bar_plot(df, "speedup_x", "Speedup per paper (×)", C_SPEED))
    if "memory_saving_pct" in cols:
        specs.append(lambda: _bar_plot(df, "memory_saving_pct", "Memory saving per paper (%)", C_MEM))
    if family == "quantization":
        specs.append(lambda: _bits_perplexity_plot(df, claims))
        specs.append(lambda: _bar_plot(df, "weight_bits", "Lowest weight bit width", C_OTHER))
    for measure, title, log in _EXTRA.get(family, []):
        if measure in cols:
            specs.append(lambda m=measure, t=title, lg=log: _bar_plot(df, m, t, C_OTHER, log=lg))
    if "model_sizes_params" in cols:
        specs.append(lambda: _sizes_plot(df))
    out = []
    for make in specs:
        svg = make()
        if svg:
            out.append(svg)
    return out


def overview_plot(tables: dict[str, pd.DataFrame], families: list[str]) -> str | None:
    """Speedup and memory saving of every paper, one row per family (dots)."""
    series = []
    for fam in families:
        df = tables[fam]
        sp = [float(v) for v in df["speedup_x"].dropna()] if "speedup_x" in df else []
        mem = [float(v) for v in df["memory_saving_pct"].dropna()] if "memory_saving_pct" in df else []
        if sp or mem:
            series.append((fam, sp, mem))
    if not series:
        return None
    fig = _figure(9.2, 0.9 + 0.28 * len(series))
    ax1, ax2 = fig.subplots(1, 2, sharey=True)
    rng = np.random.default_rng(0)
    for y, (_, sp, mem) in enumerate(series):
        for ax, vals, color in ((ax1, sp, C_SPEED), (ax2, mem, C_MEM)):
            if vals:
                jitter = rng.uniform(-0.15, 0.15, len(vals))
                ax.scatter(vals, y + jitter, s=16, color=color, alpha=0.75, zorder=3)
                ax.plot([np.median(vals)] * 2, [y - 0.3, y + 0.3], color="#222", linewidth=1.2, zorder=4)
    ax1.set_yticks(range(len(series)), [f.replace("_", " ") for f, _, _ in series])
    _log_x(ax1)
    ax1.set_title("Speedup (×, log scale), bar = median", fontsize=10, loc="left")
    ax2.set_title("Memory saving (%)", fontsize=10, loc="left")
    ax2.set_xlim(0, 100)
    for ax in (ax1, ax2):
        _style_axes(ax)
    ax1.invert_yaxis()
    return _svg(fig)


# ------------------------------------------------------------------------------ page
_CSS = """
:root{--fg:#1d2127;--muted:#5d6673;--line:#dde1e6;--bg:#f6f7f9;--accent:#0b62a4;--mark:#ffe08a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:var(--fg);background:var(--bg)}
header.top{background:#1f2a37;color:#fff;padding:14px 24px}
header.top h1{margin:0 0 4px;font-size:20px}
header.top p{margin:0;color:#cbd5e1;font-size:13px}
.layout{display:grid;grid-template-columns:210px minmax(0,1fr);gap:0}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:14px 10px 14px 18px;
 border-right:1px solid var(--line);background:#fff;font-size:13px}
nav.toc h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:6px 0}
nav.toc ul{list-style:none;margin:0 0 10px;padding:0}
nav.toc li a{display:flex;justify-content:space-between;padding:2px 6px;border-radius:4px;color:var(--fg);
 text-decoration:none}
nav.toc li a:hover{background:#eef3f8}
nav.toc .n{color:var(--muted);font-variant-numeric:tabular-nums}
main{padding:16px 24px 80px;min-width:0}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 18px}
section h2{margin:0 0 4px;font-size:18px}
section .sub{margin:0 0 10px;color:var(--muted);font-size:13px}
.plots{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0 12px}
.plots figure{margin:0;flex:0 1 auto;max-width:100%;border:1px solid var(--line);border-radius:6px;padding:6px;
 background:#fff}
svg.plot{max-width:100%;height:auto;display:block}
svg.plot *{stroke-linejoin:round;stroke-linecap:butt}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#f0f3f6;cursor:pointer;user-select:none;font-weight:600;
 vertical-align:bottom}
thead th.num{white-space:normal;min-width:5rem}
thead th:hover{background:#e3e9f0}
thead th .unit{color:var(--muted);font-weight:400}
thead th::after{content:"\\2195";color:#aab2bd;margin-left:4px;font-size:11px}
thead th[aria-sort=ascending]::after{content:"\\25B2";color:var(--accent)}
thead th[aria-sort=descending]::after{content:"\\25BC";color:var(--accent)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.ev{cursor:pointer;color:var(--accent);text-decoration:underline dotted}
td.ev:hover,td.ev:focus{background:#eef5fc;outline:none}
td.ev.selected{background:var(--mark);color:var(--fg)}
td.empty{color:#c4c9d0}
td.paper{min-width:18rem;max-width:34rem}
td.paper .pid{display:block;color:var(--muted);font:11px ui-monospace,SFMono-Regular,Menlo,monospace}
td.method{white-space:nowrap;font-weight:600}
tr.nonum td{color:#8a929c}
body.only-numbers tr.nonum{display:none}
.bar{display:inline-block;height:8px;background:var(--accent);border-radius:2px;vertical-align:middle;margin-right:6px}
.fam-links a{display:inline-block;margin:0 4px 2px 0;padding:0 6px;border-radius:10px;background:#eef3f8;
 color:var(--accent);text-decoration:none;font-size:12px}
.controls{margin:0 0 10px;font-size:13px;color:var(--muted)}
details>summary{cursor:pointer;font-weight:600;margin:8px 0}
.evidence{position:fixed;right:18px;bottom:18px;width:min(560px,calc(100vw - 36px));max-height:60vh;overflow:auto;
 background:#fff;border:1px solid #b9c3cf;border-left:4px solid var(--accent);border-radius:8px;
 box-shadow:0 8px 28px rgba(0,0,0,.18);padding:12px 16px;z-index:10}
.evidence[hidden]{display:none}
.evidence h3{margin:0 24px 6px 0;font-size:14px}
.evidence .what{color:var(--muted);font-size:12px;margin:0 0 8px}
.evidence blockquote{margin:0 0 8px;padding:6px 10px;background:#fafbfc;border-left:3px solid var(--line);
 font-size:14px}
.evidence mark{background:var(--mark);padding:0 2px;border-radius:2px;font-weight:600}
.evidence ul{margin:4px 0 0;padding-left:18px;font-size:12px;color:var(--muted)}
.evidence code{font-size:11px}
.evidence button.close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;cursor:pointer;
 color:var(--muted)}
.note{color:var(--muted);font-size:13px}
@media (max-width:800px){.layout{grid-template-columns:1fr}nav.toc{position:static;max-height:none}}
"""

_JS = r"""
(function(){
  "use strict";
  function cmp(a, b, numeric){
    var va = a.getAttribute("data-v"), vb = b.getAttribute("data-v");
    if (numeric){
      var ea = va === null || va === "", eb = vb === null || vb === "";
      if (ea || eb) return ea === eb ? 0 : (ea ? 1 : -1);
      return parseFloat(va) - parseFloat(vb);
    }
    if (va === null) va = a.textContent.trim();
    if (vb === null) vb = b.textContent.trim();
    return va.localeCompare(vb, undefined, {sensitivity: "base", numeric: true});
  }
  function sortTable(table, th){
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "descending" ? "ascending"
            : th.getAttribute("aria-sort") === "ascending" ? "descending"
            : (numeric ? "descending" : "ascending");
    table.querySelectorAll("thead th").forEach(function(h){ h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(r1, r2){
      var a = r1.cells[col], b = r2.cells[col];
      var c = cmp(a, b, numeric);
      var empty = numeric && ((a.getAttribute("data-v") || "") === "" || (b.getAttribute("data-v") || "") === "");
      if (c !== 0 && !empty && dir === "descending") c = -c;
      return c !== 0 ? c : (+r1.getAttribute("data-i")) - (+r2.getAttribute("data-i"));
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  document.querySelectorAll("table.sortable").forEach(function(table){
    Array.prototype.forEach.call(table.tBodies[0].rows, function(r, i){ r.setAttribute("data-i", i); });
    table.querySelectorAll("thead th").forEach(function(th){
      th.tabIndex = 0;
      th.addEventListener("click", function(){ sortTable(table, th); });
      th.addEventListener("keydown", function(e){
        if (e.key === "Enter" || e.key === " "){ e.preventDefault(); sortTable(table, th); }
      });
    });
  });

  var panel = document.getElementById("evidence-panel");
  var body = panel.querySelector(".evidence-body");
  var heading = panel.querySelector("h3");
  var what = panel.querySelector(".what");
  var selected = null;
  function show(cell){
    var tpl = document.getElementById(cell.getAttribute("data-ev"));
    if (!tpl) return;
    if (selected) selected.classList.remove("selected");
    selected = cell; cell.classList.add("selected");
    var row = cell.parentNode;
    heading.textContent = row.getAttribute("data-label") + ": " + cell.textContent.trim();
    what.textContent = cell.getAttribute("data-family") + " \u00b7 " + cell.getAttribute("data-measure");
    body.innerHTML = "";
    body.appendChild(tpl.content.cloneNode(true));
    panel.hidden = false;
  }
  function hide(){
    panel.hidden = true;
    if (selected){ selected.classList.remove("selected"); selected.focus(); selected = null; }
  }
  document.addEventListener("click", function(e){
    var cell = e.target.closest("td.ev");
    if (cell){ show(cell); return; }
    if (!panel.hidden && !panel.contains(e.target)) hide();
  });
  document.addEventListener("keydown", function(e){
    if (e.key === "Escape" && !panel.hidden){ hide(); return; }
    var cell = e.target.closest && e.target.closest("td.ev");
    if (cell && (e.key === "Enter" || e.key === " ")){ e.preventDefault(); show(cell); }
  });
  panel.querySelector("button.close").addEventListener("click", function(e){ e.stopPropagation(); hide(); });
  var only = document.getElementById("only-numbers");
  if (only){
    var apply = function(){ document.body.classList.toggle("only-numbers", only.checked); };
    only.addEventListener("change", apply); apply();
  }
})();
"""


def _header(measure: str) -> str:
    """A column's shown name: the measure without its unit suffix (the unit follows in brackets)."""
    name = re.sub(r"_(x|pct|params|tokens)$", "", measure) if measure != "trainable_params" else measure
    return name.replace("_", " ")


class _Page:
    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        self.claims = tables.get("claims", pd.DataFrame(columns=["claim_id", "paper_id"]))
        self.papers = tables.get("papers")
        self.evidence = Evidence(self.claims, self.papers)
        self.templates: list[str] = []
        self._template_ids: dict[tuple, str] = {}
        index = tables["index"]
        self.families = [f for f in index["family"] if f in tables]
        self.index = index

    # evidence templates are shared by cells with the same claims
    def _template(self, claim_ids, fallback) -> tuple[str, str]:
        key = (tuple(claim_ids), fallback if isinstance(fallback, str) else None)
        sentences = self.evidence.sentences(claim_ids, fallback)
        tooltip = "\n\n".join(plain_marked(s, spans) for s, spans in sentences)
        if key not in self._template_ids:
            tid = f"ev-{len(self._template_ids) + 1}"
            self._template_ids[key] = tid
            quotes = "".join(f"<blockquote>{mark_sentence(s, spans)}</blockquote>" for s, spans in sentences)
            claims = [self.evidence.claims[c] for c in claim_ids if c in self.evidence.claims]
            lines = "".join(_claim_line(c) for c in claims)
            missing = len(claim_ids) - len(claims)
            note = f'<p class="note">{missing} claim row(s) not found in claims.parquet</p>' if missing else ""
            self.templates.append(f'<template id="{tid}">{quotes}<ul>{lines}</ul>{note}</template>')
        return self._template_ids[key], tooltip

    def family_section(self, family: str) -> str:
        df = self.tables[family]
        units = df.attrs.get("units", {})
        measures = [c for c in df.columns if c in units]
        filled = df[measures].notna().sum(axis=1) if measures else pd.Series(0, index=df.index)
        order = sorted(range(len(df)), key=lambda i: (-int(filled.iloc[i]), str(df["title"].iloc[i]).lower()))
        head = ['<th>method</th>', '<th>paper</th>']
        for m in measures:
            unit = units.get(m) or ""
            desc = MEASURES[m].description if m in MEASURES else m
            u = f' <span class="unit">[{_E("×" if unit == "x" else unit)}]</span>' if unit else ""
            head.append(f'<th class="num" title="{_E(m)}: {_E(desc)}">{_E(_header(m))}{u}</th>')
        body = []
        for i in order:
            r = df.iloc[i]
            label = _label(r)
            method = r["method"] if isinstance(r["method"], str) else ""
            cells = [f'<td class="method">{_E(method)}</td>',
                     f'<td class="paper" data-v="{_E(str(r["title"]).lower())}">{_E(str(r["title"]))}'
                     f'<span class="pid">{_E(str(r["paper_id"]))}</span></td>']
            for m in measures:
                v = r[m]
                if _missing(v):
                    cells.append('<td class="num empty" data-v="">·</td>')
                    continue
                ids = [str(x) for x in (r.get(m + "__claim_ids") if r.get(m + "__claim_ids") is not None else [])]
                tid, tooltip = self._template(ids, r.get(m + "__evidence"))
                shown = format_value(v, units.get(m) or "")
                cells.append(
                    f'<td class="num ev" tabindex="0" data-v="{_sort_value(v):.12g}" data-ev="{tid}" '
                    f'data-family="{_E(family)}" data-measure="{_E(m)}" data-claims="{_E(" ".join(ids))}" '
                    f'title="{_E(tooltip)}">{_E(shown)}</td>')
            cls = "" if filled.iloc[i] else ' class="nonum"'
            body.append(f'<tr{cls} data-label="{_E(label)}">' + "".join(cells) + "</tr>")
        plots = family_plots(family, df, self.claims)
        plots_html = ("".join(f"<figure>{svg}</figure>" for svg in plots) if plots
                      else '<p class="note">No plottable values in this family.</p>')
        n_filled = int(filled.sum())
        with_numbers = int((filled > 0).sum())
        return (f'<section id="family-{_E(family)}" class="family" data-family="{_E(family)}">'
                f'<h2>{_E(family.replace("_", " "))}</h2>'
                f'<p class="sub">{len(df)} papers, {with_numbers} with numbers; {n_filled} of '
                f'{len(df) * len(measures)} cells filled. Click a number for its evidence; click a header to sort.</p>'
                f'<div class="plots">{plots_html}</div>'
                f'<div class="scroll"><table class="sortable family-table"><thead><tr>{"".join(head)}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table></div></section>')

    def index_section(self) -> str:
        rows = []
        for r in self.index.to_dict("records"):
            fam = r["family"]
            total = int(r["cells_total"]) or 1
            pct = 100 * int(r["cells_filled"]) / total
            link = f'<a href="#family-{_E(fam)}">{_E(fam.replace("_", " "))}</a>' if fam in self.tables else _E(fam)
            rows.append(f'<tr><td data-v="{_E(fam)}">{link}</td><td class="num" data-v="{int(r["papers"])}">'
                        f'{int(r["papers"])}</td><td class="num" data-v="{int(r["measures"])}">{int(r["measures"])}'
                        f'</td><td class="num" data-v="{int(r["cells_filled"])}">{int(r["cells_filled"])}</td>'
                        f'<td class="num" data-v="{int(r["cells_total"])}">{int(r["cells_total"])}</td>'
                        f'<td class="num" data-v="{pct:.4f}"><span class="bar" style="width:{pct:.1f}px"></span>'
                        f'{pct:.0f}%</td></tr>')
        fam_table = ('<table class="sortable" id="families-table"><thead><tr><th>family</th><th class="num">papers'
                     '</th><th class="num">measures</th><th class="num">cells filled</th><th class="num">cells total'
                     '</th><th class="num">filled</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")
        return ('<section id="index"><h2>Index</h2><p class="sub">Families: papers and filled table cells. '
                'A paper can belong to several families.</p>'
                f'<div class="scroll">{fam_table}</div>{self.papers_index()}</section>')

    def papers_index(self) -> str:
        filled: dict[str, dict[str, int]] = {}
        titles: dict[str, tuple[str, str]] = {}
        for fam in self.families:
            df = self.tables[fam]
            measures = [c for c in df.columns if c in df.attrs.get("units", {})]
            counts = df[measures].notna().sum(axis=1) if measures else pd.Series(0, index=df.index)
            for pid, title, method, n in zip(df["paper_id"], df["title"], df["method"], counts):
                filled.setdefault(pid, {})[fam] = int(n)
                titles[pid] = (str(title), method if isinstance(method, str) else "")
        n_claims = self.claims["paper_id"].value_counts().to_dict() if len(self.claims) else {}
        rows = []
        for pid in sorted(titles, key=lambda p: (-sum(filled[p].values()), titles[p][0].lower())):
            title, method = titles[pid]
            fams = "".join(f'<a href="#family-{_E(f)}">{_E(f.replace("_", " "))} ({n})</a>'
                           for f, n in filled[pid].items())
            total = sum(filled[pid].values())
            nc = int(n_claims.get(pid, 0))
            rows.append(f'<tr><td class="method">{_E(method)}</td><td class="paper" data-v="{_E(title.lower())}">'
                        f'{_E(title)}<span class="pid">{_E(pid)}</span></td><td class="fam-links">{fams}</td>'
                        f'<td class="num" data-v="{total}">{total}</td><td class="num" data-v="{nc}">{nc}</td></tr>')
        return (f'<details id="papers-index"><summary>Papers ({len(titles)}): families and filled cells</summary>'
                '<div class="scroll"><table class="sortable" id="papers-table"><thead><tr><th>method</th>'
                '<th>paper</th><th>families (filled cells)</th><th class="num">filled cells</th>'
                '<th class="num">claims</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div></details>")

    def render(self) -> str:
        n_papers = len(self.papers) if self.papers is not None else len(
            {p for f in self.families for p in self.tables[f]["paper_id"]})
        meta = self.claims.attrs.get("metadata", {}) if hasattr(self.claims, "attrs") else {}
        version = meta.get("claims.version", "")
        sections = [self.family_section(f) for f in self.families]
        overview = overview_plot(self.tables, self.families)
        overview_html = (f'<section id="overview"><h2>Efficiency landscape</h2><p class="sub">Speedup and memory '
                         f'saving of each paper, by family (one dot per paper and family).</p>'
                         f'<div class="plots wide"><figure>{overview}</figure></div></section>') if overview else ""
        toc = "".join(f'<li><a href="#family-{_E(f)}"><span>{_E(f.replace("_", " "))}</span>'
                      f'<span class="n">{len(self.tables[f])}</span></a></li>' for f in self.families)
        sub = (f"{n_papers} papers · {len(self.claims)} claims · {len(self.families)} families"
               + (f" · claims {version}" if version else ""))
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Quantitative claims: family comparison tables</title>"
            f"<style>{_CSS}</style></head><body>"
            f'<header class="top"><h1>Quantitative claims: family comparison tables</h1><p>{_E(sub)}</p></header>'
            '<div class="layout"><nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>'
            '<li><a href="#index"><span>Index</span></a></li>'
            + ('<li><a href="#overview"><span>Efficiency landscape</span></a></li>' if overview else "")
            + f'</ul><h2>Families</h2><ul>{toc}</ul>'
            '<label class="controls"><input type="checkbox" id="only-numbers"> only papers with numbers</label>'
            "</nav><main>"
            + self.index_section() + overview_html + "".join(sections)
            + "</main></div>"
            '<div id="evidence-panel" class="evidence" role="dialog" aria-live="polite" hidden>'
            '<button class="close" type="button" aria-label="Close">×</button><h3></h3><p class="what"></p>'
            '<div class="evidence-body"></div></div>'
            + "".join(self.templates)
            + f"<script>{_JS}</script></body></html>\n"
        )


def render_report(tables: dict[str, pd.DataFrame]) -> str:
    """The report page for tables as returned by `load_tables` (needs "index"; uses "claims" and
    "papers" for evidence when present)."""
    if "index" not in tables:
        raise ClaimsError("no index table; build the tables first (claims build -o tables)")
    _svg.count = 0  # figure id prefixes: the same tables give the same page
    return _Page(tables).render()


def write_report(tables_dir="tables", output="report.html") -> Path:
    """Write the report of the tables in `tables_dir` to `output` (atomically); return its path."""
    tables_dir = Path(tables_dir)
    if not (tables_dir / "index.parquet").is_file():
        raise ClaimsError(f"no index.parquet in {tables_dir}; build the tables first (claims build -o {tables_dir})")
    page = render_report(load_tables(tables_dir))
    out = Path(output)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out
