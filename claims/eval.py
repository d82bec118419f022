"""Scoring of extracted claims against a gold file, exactly as claim-spec.md section 5.

Papers are matched by normalised title; a gold claim's span is where `surface` sits inside
its unique `context` in the stored field text.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import GoldError
from .text import collapse_ws, normalise_title

EXACT_ATTRS = ("relation", "direction", "qualifier", "unit", "target")
CONTAINS_ATTRS = ("baseline", "model", "benchmark", "metric")
_FACTORS = (1.0, 100.0, 0.01, 1.024, 1.024 ** 2, 1.024 ** 3, 1 / 1.024, 1 / 1.024 ** 2, 1 / 1.024 ** 3)


@dataclass
class GoldClaim:
    field: str
    start: int
    end: int
    row: dict


@dataclass
class GoldPaper:
    title: str
    method: str | None
    families: list[str]
    claims: list[dict] | None  # None: the line has no "claims" key (families/method gold only)
    line: int


def read_gold(path) -> list[GoldPaper]:
    papers = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                claims = obj.get("claims")
                papers.append(GoldPaper(collapse_ws(obj["title"]), obj.get("method"), list(obj.get("families") or []),
                                        None if claims is None else list(claims), n))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise GoldError(path, f"not a gold paper line ({exc})", n) from exc
    return papers


def values_agree(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return False
    for f in _FACTORS:
        x = a * f
        if x == b or abs(x - b) <= 1e-3 * max(abs(x), abs(b)):
            return True
    return False


def _isnull(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def claim_values_agree(pred: dict, gold: dict) -> bool:
    if not _isnull(gold.get("value_low")):
        return (not _isnull(pred.get("value_low")) and values_agree(pred["value_low"], gold["value_low"])
                and values_agree(pred["value_high"], gold["value_high"]))
    return values_agree(pred["value"], gold["value"])


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _contains(p, g) -> bool:
    if _isnull(p) and _isnull(g):
        return True
    if _isnull(p) or _isnull(g):
        return False
    p, g = str(p).lower(), str(g).lower()
    return p in g or g in p


def _same(p, g) -> bool:
    if _isnull(p) and _isnull(g):
        return True
    if _isnull(p) or _isnull(g):
        return False
    if isinstance(g, (int, float)) or isinstance(p, (int, float)):
        return values_agree(float(p), float(g))
    return str(p) == str(g)


def _match(preds: list[dict], golds: list[GoldClaim], typed: bool) -> list[tuple[int, int]]:
    """Pairs (pred index, gold index); each claim at most once, nearest spans first."""
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if p["field"] != g.field or not _overlap(p["start"], p["end"], g.start, g.end):
                continue
            if typed and p["kind"] != g.row["kind"]:
                continue
            if not claim_values_agree(p, g.row):
                continue
            cands.append((abs(p["start"] - g.start) + abs(p["end"] - g.end), pi, gi))
    cands.sort()
    used_p, used_g, pairs = set(), set(), []
    for _, pi, gi in cands:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi))
    return pairs


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict:
    p = tp_p / n_p if n_p else 1.0
    r = tp_g / n_g if n_g else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class Report:
    metrics: dict
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    wrong_kind: list[dict] = field(default_factory=list)
    attribute_errors: list[dict] = field(default_factory=list)


def evaluate(claims: pd.DataFrame, papers: pd.DataFrame, gold: list[GoldPaper], *, warn=None) -> Report:
    by_title = {normalise_title(t): row for t, row in zip(papers["title"], papers.to_dict("records"))}
    claims_by_paper: dict[str, list[dict]] = {}
    for row in claims.to_dict("records"):
        claims_by_paper.setdefault(row["paper_id"], []).append(row)
    n_pred = n_gold = tp_q = tp_t = 0
    attr_hits = {a: 0 for a in EXACT_ATTRS + CONTAINS_ATTRS}
    fam_tp = fam_pred = fam_gold = 0
    method_ok = 0
    matched_papers = 0
    annotated = 0  # gold papers whose claims were annotated
    rep = Report(metrics={})
    for gp in gold:
        paper = by_title.get(normalise_title(gp.title))
        fam_gold += len(set(gp.families))
        annotated += gp.claims is not None
        if paper is None:
            if warn:
                warn(f"gold line {gp.line}: no extracted paper titled {gp.title!r}")
            n_gold += len(gp.claims or [])
            rep.misses.extend({"title": gp.title, **c} for c in gp.claims or [])
            continue
        matched_papers += 1
        fams = paper.get("families")
        pf = set(fams) if fams is not None else set()
        fam_pred += len(pf)
        fam_tp += len(pf & set(gp.families))
        pm, gm = paper.get("method"), gp.method
        if (_isnull(pm) and _isnull(gm)) or (not _isnull(pm) and not _isnull(gm) and str(pm).lower() == str(gm).lower()):
            method_ok += 1
        if gp.claims is None:
            continue  # claims not annotated: the paper counts for families and method only
        texts = {"title": paper["title"], "abstract": paper["abstract"]}
        golds = []
        for c in gp.claims:
            t = texts.get(c.get("field"), "")
            ctx = collapse_ws(c.get("context", ""))
            at = t.find(ctx)
            off = ctx.find(c.get("surface", ""))
            if at < 0 or off < 0:
                if warn:
                    warn(f"gold line {gp.line}: context {ctx!r} not found in the {c.get('field')}")
                n_gold += 1
                rep.misses.append({"title": gp.title, **c})
                continue
            golds.append(GoldClaim(c["field"], at + off, at + off + len(c["surface"]), c))
        preds = [p for p in claims_by_paper.get(paper["paper_id"], []) if p["kind"] != "count"]
        n_pred += len(preds)
        n_gold += len(golds)
        qpairs = _match(preds, golds, typed=False)
        tpairs = _match(preds, golds, typed=True)
        tp_q += len(qpairs)
        tp_t += len(tpairs)
        qp = {pi for pi, _ in qpairs}
        qg = {gi for _, gi in qpairs}
        tg = {gi for _, gi in tpairs}
        rep.misses.extend({"title": gp.title, **g.row} for gi, g in enumerate(golds) if gi not in qg)
        rep.false_positives.extend({"title": gp.title, **p} for pi, p in enumerate(preds) if pi not in qp)
        for pi, gi in qpairs:
            if gi not in tg:
                rep.wrong_kind.append({"title": gp.title, "text": preds[pi]["text"], "predicted": preds[pi]["kind"],
                                       "gold": golds[gi].row["kind"], "context": golds[gi].row["context"]})
        for pi, gi in tpairs:
            p, g = preds[pi], golds[gi].row
            for a in EXACT_ATTRS + CONTAINS_ATTRS:
                ok = (_same if a in EXACT_ATTRS else _contains)(p.get(a), g.get(a))
                attr_hits[a] += ok
                if not ok:
                    rep.attribute_errors.append({"attribute": a, "text": p["text"], "predicted": p.get(a),
                                                 "gold": g.get(a), "context": g["context"]})
    rep.metrics = {
        "papers": len(gold),
        "papers_matched": matched_papers,
        "gold_claims": n_gold,
        "predicted_claims": n_pred,
        "claims_annotated": annotated,
        "quantity": _prf(tp_q, n_pred, tp_q, n_gold) if annotated else None,
        "typed": _prf(tp_t, n_pred, tp_t, n_gold) if annotated else None,
        "attributes": {a: round(attr_hits[a] / tp_t, 4) if tp_t else None for a in attr_hits},
        "families": _prf(fam_tp, fam_pred, fam_tp, fam_gold),
        "method_accuracy": round(method_ok / len(gold), 4) if gold else None,
    }
    return rep


def evaluate_dir(outdir, gold_path, *, warn=None) -> Report:
    outdir = Path(outdir)
    claims = pd.read_parquet(outdir / "claims.parquet")
    papers = pd.read_parquet(outdir / "papers.parquet")
    return evaluate(claims, papers, read_gold(gold_path), warn=warn)
