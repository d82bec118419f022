"""The command line and the API end to end: extract, show, eval, view; quality on gold."""
import json
from pathlib import Path

import pandas as pd
import pytest

from claims.api import extract, extract_frame
from claims.cli import main
from claims.eval import claim_values_agree, evaluate_dir, values_agree
from claims.readers import bundled_corpus

from conftest import DEV_GOLD, HELDOUT_GOLD


def test_show_prints_claims_with_rule(capsys):
    assert main(["show", "GaLore reduces memory by up to 65.5% on LLaMA 7B, unlike GPT-4."]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert "'65.5%'" in out[0] and "memory" in out[0] and "up_to" in out[0] and "(rule number)" in out[0]
    assert "'7B'" in out[1] and "model_size" in out[1] and "7e+09" in out[1]


def test_extract_writes_both_files_and_summary(tmp_path, capsys):
    assert main(["extract", *map(str, bundled_corpus()), "-o", str(tmp_path), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    papers = pd.read_parquet(tmp_path / "papers.parquet")
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    # 232 records in the three dumps, 17 of them repeats of another title
    assert len(papers) == 215 and "215 written from 232 records read (17 duplicates merged)" in err
    assert papers["source"].map(len).sum() == 232
    assert claims["paper_id"].isin(papers["paper_id"]).all()
    for col in ("method", "direction", "metric"):
        assert not (claims[col] == "").any() if col in claims else True
    texts = dict(zip(papers["paper_id"], zip(papers["title"], papers["abstract"])))
    for row in claims.itertuples():
        field = texts[row.paper_id][0 if row.field == "title" else 1]
        assert field[row.start:row.end] == row.text


def test_wrapped_json_gives_same_claims_as_dump(tmp_path):
    from claims.readers import read_many

    rec = next(r for r in read_many(bundled_corpus()) if r.title.startswith("GaLore"))
    wrapped = {"id": "2403.03507", "title": rec.title.replace(": ", ":\n  "),
               "abstract": "\n    ".join(rec.abstract.split(" ", 40))}
    (tmp_path / "a.jsonl").write_text(json.dumps(wrapped) + "\n")
    main(["extract", "-q", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out")])
    from_json = pd.read_parquet(tmp_path / "out" / "claims.parquet")
    from_dump = [c for c in extract(rec.abstract, rec.title)]
    assert list(from_json[from_json.field == "abstract"]["text"]) == [c.text for c in from_dump]
    assert (from_json["paper_id"] == "2403.03507").all()


def test_extract_frame_api():
    df = pd.DataFrame({"title": ["A", "B"], "abstract": ["a 2.4x speedup on Mistral-7B", "nothing here"]})
    out = extract_frame(df)
    assert list(out["text"]) == ["2.4x", "7B"] and list(out["kind"]) == ["speedup", "model_size"]


def test_values_agree_per_spec():
    assert values_agree(65.5, 65.5) and values_agree(0.655, 65.5) and values_agree(1024, 1000)
    assert values_agree(2**30, 1e9) and not values_agree(2.0, 2.1)
    gold_range = {"value": 8.0, "value_low": 1.0, "value_high": 8.0}
    assert not claim_values_agree({"value": 8.0, "value_low": None, "value_high": None}, gold_range)
    assert claim_values_agree({"value": 8.0, "value_low": 1.0, "value_high": 8.0}, gold_range)


@pytest.fixture(scope="module")
def bundled_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    assert main(["extract", "-q", "-o", str(out)]) == 0
    return out


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="../shared/gold/dev.jsonl is not beside the checkout")
def test_quality_on_dev_gold(bundled_dir, capsys):
    m = evaluate_dir(bundled_dir, DEV_GOLD).metrics
    assert m["papers_matched"] == m["papers"] == 60
    assert m["quantity"]["f1"] >= 0.95 and m["typed"]["f1"] >= 0.92
    assert m["families"]["f1"] >= 0.85 and m["method_accuracy"] >= 0.90
    assert main(["eval", str(bundled_dir), str(DEV_GOLD), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "quantity" in out and "-- misses" in out and "-- false positives" in out


def test_quality_on_heldout_gold(bundled_dir):
    """Corpus papers annotated by hand before any tuning (read for errors since session 3)."""
    m = evaluate_dir(bundled_dir, HELDOUT_GOLD).metrics
    assert m["papers_matched"] == m["papers"] == 30
    assert m["quantity"]["f1"] >= 0.95 and m["typed"]["f1"] >= 0.90


@pytest.mark.parametrize("name,floors", [
    ("claims_C1.jsonl", (0.95, 0.92)), ("claims_C2.jsonl", (0.92, 0.83)),
    ("gold_D1.jsonl", (0.95, 0.88)), ("gold_D2.jsonl", (0.90, 0.75)),
    ("gold_E1.jsonl", (0.90, 0.82)), ("gold_E2.jsonl", (0.95, 0.85)),
    ("gold_F1.jsonl", (0.90, 0.75)), ("gold_F2.jsonl", (0.90, 0.70)),
    ("gold_G1.jsonl", (0.93, 0.77)), ("gold_G2.jsonl", (0.95, 0.82)),
    ("gold_H1.jsonl", (0.92, 0.83)), ("gold_H2.jsonl", (0.93, 0.80)),  # H: never read paper by paper
    ("gold_I1.jsonl", (0.89, 0.72)), ("gold_I2.jsonl", (0.95, 0.85)),  # I: read for kinds in session 4
    ("gold_J1.jsonl", (0.93, 0.86)), ("gold_J2.jsonl", (0.90, 0.83)),  # J: scored once, then read for kinds
    ("gold_O1.jsonl", (0.94, 0.83)), ("gold_O2.jsonl", (0.93, 0.77)),  # O: session 5, likewise
])
def test_quality_on_papers_outside_the_corpus(tmp_path, name, floors):
    """Sets C-O: papers from outside the bundled corpus (tests/data/families_test.README.md),
    extracted from the gold file itself."""
    gold = Path(__file__).parent / "data" / name
    assert main(["extract", "-q", "-o", str(tmp_path), str(gold)]) == 0
    m = evaluate_dir(tmp_path, gold).metrics
    assert m["papers_matched"] == m["papers"] >= 25
    assert m["quantity"]["f1"] >= floors[0] and m["typed"]["f1"] >= floors[1]


def test_view_prints_table(capsys):
    assert main(["view", "quantization"]) == 0
    out = capsys.readouterr().out
    assert "weight_bits [bit]" in out and "SmoothQuant+" in out


def test_view_unknown_family_is_a_clear_error(capsys):
    assert main(["view", "nonsense"]) == 2
    assert "no table 'nonsense'" in capsys.readouterr().err


ROBOT_PAPERS = [
    {"id": "2401.00001", "title": "RoboQuant: 4-bit Quantization for Robot Controllers",
     "abstract": "We propose RoboQuant, which quantizes robot policies to 4-bit weights with a 2.1x speedup."},
    {"id": "2401.00002", "title": "A Study of Graphs", "abstract": "We study graphs and their robots."},
]


def _robot_input(tmp_path):
    src = tmp_path / "robots.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in ROBOT_PAPERS), encoding="utf-8")
    tax = tmp_path / "robots.toml"
    tax.write_text("[robotics]\npatterns = [ { re = 'robot\\w*', w = 4 } ]\n", encoding="utf-8")
    return src, tax


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_with_a_user_taxonomy(tmp_path, jobs):
    import pyarrow.parquet as pq

    src, tax = _robot_input(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", "-q", str(src), "-o", str(out), "--taxonomy", str(tax), "--jobs", jobs]) == 0
    papers = pd.read_parquet(out / "papers.parquet").set_index("paper_id")
    assert list(papers.loc["2401.00001", "families"]) == ["quantization", "robotics"]
    assert list(papers.loc["2401.00002", "families"]) == ["robotics"]
    meta = pq.read_schema(out / "papers.parquet").metadata
    entry = json.loads(meta[b"claims.taxonomy"])
    assert entry["path"] == str(tax)
    assert entry["model"]["path"] == "claims/family_model.json" and len(entry["model"]["sha256"]) == 64
    # the process default is restored: a later run without the file has no robotics family
    assert main(["extract", "-q", str(src), "-o", str(tmp_path / "plain")]) == 0
    plain = pd.read_parquet(tmp_path / "plain" / "papers.parquet")
    assert not any("robotics" in f for f in plain["families"])
    assert b"claims.taxonomy" not in pq.read_schema(tmp_path / "plain" / "papers.parquet").metadata


def test_bad_taxonomy_fails_before_writing(tmp_path, capsys):
    src, tax = _robot_input(tmp_path)
    tax.write_text("[robotics]\npatterns = [ { re = '(unclosed', w = 4 } ]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", "-q", str(src), "-o", str(out), "--taxonomy", str(tax)]) == 2
    err = capsys.readouterr().err
    assert "robots.toml" in err and "robotics" in err
    assert not out.exists() or not any(out.iterdir())


def test_why_explains_families_and_method(tmp_path, capsys):
    src, tax = _robot_input(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", "-q", str(src), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["why", "roboquant", "--dir", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2401.00001" in text and "method: RoboQuant" in text
    quant = next(l for l in text.splitlines() if "quantization" in l and "score" in l)
    assert quant.lstrip().startswith("+") and "log-odds +" in quant  # assigned: the model's log-odds >= 0
    assert "quantiz" in text  # the rule that matched is listed
    assert main(["why", "robot", "--dir", str(out), "--taxonomy", str(tax)]) == 0
    robotics = next(l for l in capsys.readouterr().out.splitlines() if "robotics" in l)
    assert robotics.lstrip().startswith("+") and "/ threshold" in robotics  # a family the model does not know
    assert main(["why", "no such paper", "--dir", str(out)]) == 2
    assert "no paper" in capsys.readouterr().err


def test_extraction_imports_stay_light():
    """Worker processes and `claims show` start by importing the pipeline: it must not pull
    pyarrow, pandas, pydantic or pint (~1 s together) before they are needed."""
    import subprocess
    import sys

    code = ("import sys, claims.pipeline as p; p.claim_rows('', 'a 2.4x speedup on Mistral-7B', 'x', 's'); "
            "print(sorted({'pyarrow', 'pandas', 'pydantic', 'pint'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_extract_does_not_compute_paper_facts(monkeypatch):
    import claims.pipeline

    def boom(*a, **k):
        raise AssertionError("families/method computed for a claims-only call")

    monkeypatch.setattr(claims.pipeline, "detect_families", boom)
    monkeypatch.setattr(claims.pipeline, "detect_method", boom)
    assert [c.kind for c in extract("a 2.4x speedup on Mistral-7B", "T")] == ["speedup", "model_size"]
    df = pd.DataFrame({"title": ["A", "A"], "abstract": ["4-bit weights", "4-bit weights"]})
    assert list(extract_frame(df)["kind"]) == ["bit_width"]  # deduplicated by title, as before


def test_metadata_lists_the_input_files_read(tmp_path):
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jsonl").write_text(json.dumps(ROBOT_PAPERS[0]) + "\n", encoding="utf-8")
    (folder / "sub" / "b.jsonl").write_text(json.dumps(ROBOT_PAPERS[1]) + "\n", encoding="utf-8")
    (folder / "figure.png").write_bytes(b"\x89PNG not read")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "c.jsonl").write_text("{}\n", encoding="utf-8")
    assert main(["extract", "-q", str(folder), "-o", str(tmp_path / "out")]) == 0
    meta = pq.read_schema(tmp_path / "out" / "claims.parquet").metadata
    inputs = json.loads(meta[b"claims.inputs"])
    assert [Path(i["path"]).name for i in inputs] == ["a.jsonl", "b.jsonl"]
    assert all(len(i["sha256"]) == 64 for i in inputs)


def test_eval_on_a_families_only_gold(tmp_path, capsys):
    src, _ = _robot_input(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", "-q", str(src), "-o", str(out)]) == 0
    gold = tmp_path / "gold.jsonl"
    lines = [{"title": ROBOT_PAPERS[0]["title"], "method": "RoboQuant", "families": ["quantization"]},
             {"title": ROBOT_PAPERS[1]["title"], "method": None, "families": ["other"]}]
    gold.write_text("".join(json.dumps(l) + "\n" for l in lines), encoding="utf-8")
    m = evaluate_dir(out, gold).metrics
    assert m["quantity"] is None and m["typed"] is None and m["claims_annotated"] == 0
    assert m["families"]["f1"] == 1.0 and m["method_accuracy"] == 1.0
    capsys.readouterr()
    assert main(["eval", str(out), str(gold)]) == 0
    assert "quantity   -  (the gold file annotates no claims)" in capsys.readouterr().out
    # "claims": [] says the paper has none: its predicted claims are false positives
    lines[0]["claims"] = []
    gold.write_text("".join(json.dumps(l) + "\n" for l in lines), encoding="utf-8")
    m = evaluate_dir(out, gold).metrics
    assert m["claims_annotated"] == 1 and m["predicted_claims"] >= 2 and m["quantity"]["precision"] == 0.0


def test_view_writes_values_as_people_do(tmp_path, capsys):
    papers = [{"id": "2401.00003", "title": "SizeQuant: 4-bit Weights",
               "abstract": "We propose SizeQuant, which quantizes 7B and 13B models to 4-bit weights "
                           "for a 2.5x speedup."},
              {"id": "2401.00004", "title": "QuantNote: On Quantization", "abstract": "We discuss quantization."}]
    src = tmp_path / "q.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    assert main(["build", "-q", str(src), "-o", str(tmp_path / "t")]) == 0
    capsys.readouterr()
    assert main(["view", "quantization", "--dir", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    row = next(l for l in out.splitlines() if "SizeQuant" in l)
    assert "7B, 13B" in row and "2.5×" in row and "7000000000" not in row
    assert "QuantNote" not in out  # no filled cell: shown only with --all
    assert main(["view", "quantization", "--dir", str(tmp_path / "t"), "--all"]) == 0
    assert "QuantNote" in capsys.readouterr().out


def test_a_run_leaves_the_process_taxonomy_as_it_was(tmp_path):
    from claims.families import detect_families, use_taxonomy
    from claims.runner import run_extract

    src, tax = _robot_input(tmp_path)
    use_taxonomy(tax)
    try:
        run_extract([src], tmp_path / "out", progress=False)  # no taxonomy given: the default
        papers = pd.read_parquet(tmp_path / "out" / "papers.parquet")
        assert not any("robotics" in f for f in papers["families"])
        assert "robotics" in detect_families("Robots", "robot robot")  # the process's choice is back
    finally:
        use_taxonomy(None)
    assert "robotics" not in detect_families("Robots", "robot robot")
