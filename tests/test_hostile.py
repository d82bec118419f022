"""Pathological text: every case finishes (each runs in a subprocess with a 60 s hang guard),
gives a bounded result whose spans index the text, or reports the field as over its budget;
the paper-level facts (method, families) of the same text finish too (they have no budget:
they must stay linear, and a quadratic look-up would hit the hang guard on these sizes).
A field over budget in a run is reported in errors.parquet and the summary, never dropped."""
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

import claims.extract as X
from claims.api import extract
from claims.errors import ExtractionTimeout
from claims.readers import bundled_corpus, read_many
from claims.runner import run_extract

HANG_GUARD = 60

# name -> Python expression for the text (evaluated in the child, so megabytes are not piped)
CASES = {
    "digits_1mb": '"7" * 1_000_000',
    "dotted_100k": '"1." * 100_000 + "1"',
    "x_1e6": '"x" * 1_000_000',
    "up_to_1e5": '"up to " * 100_000',
    "2x_1e5": '"2x " * 100_000',
    "mixed_10mb_line": "mixed(10_000_000)",
    "brackets_1e5_deep": '"(" * 100_000 + "1" + ")" * 100_000',
    "dollars": '"$" * 1_000_000',
    "dollars_digits": '"$1" * 200_000',
    "dashes": '"1-" * 100_000 + "1"',
    "w4a8_glued": '"W4A8" * 100_000',
    "w4a8_spaced": '"W4A8 " * 100_000',
    "number_words": '"one two three four five six seven eight nine ten " * 20_000',
    "latex_times": '"2.4$\\\\times$ " * 50_000',
    "percent_runs": '"%" * 100_000 + "5" + "\\\\%" * 100_000',
    # for the paper-level facts (method, families): a naming phrase or a title word on every line
    "naming_caps": '"We propose A B C D E F G H " * 40_000',
    "naming_appositions": '" ".join(f"we propose a new layer, Q{i}Z, that" for i in range(30_000))',
    "title_word_everywhere": '"our method, Tt1 (Tt) " * 50_000',
    "naming_capitalised": '"Foo Called Bar baz qux " * 40_000',  # each looked back to the text start
}

CHILD = r'''
import json, random, re, sys, time
from claims.api import extract
from claims.errors import ExtractionTimeout
from claims.extract import extract_field

def mixed(size):
    r = random.Random(0)
    words = ["model", "speedup", "memory", "the", "of", "4-bit", "2.4x", "7B", "accuracy",
             "reduces", "up", "to", "by", "%", "W4A8", "GPT-4", "$5", "1.1.1"]
    out, n = [], 0
    while n < size:
        t = r.choice(words) if r.random() < 0.6 else str(r.randint(0, 99999))
        out.append(t)
        n += len(t) + 1
    return " ".join(out)[:size]

text = eval(sys.argv[1])
bound = len(re.findall(r"\d+", text)) + len(text.split())
report = {"len": len(text), "bound": bound}
for name, fn in (("extract_field", extract_field), ("api.extract", extract)):
    t = time.perf_counter()
    try:
        rows = fn(text)
    except ExtractionTimeout as exc:
        report[name] = {"timeout": str(exc), "seconds": time.perf_counter() - t}
        continue
    spans = [(r["start"], r["end"], r["text"]) if isinstance(r, dict) else (r.start, r.end, r.text) for r in rows]
    bad = [s for s in spans if not (0 <= s[0] <= s[1] <= len(text) and text[s[0]:s[1]] == s[2])]
    report[name] = {"claims": len(rows), "bad_spans": bad[:5], "seconds": time.perf_counter() - t}
from claims.families import detect_families
from claims.method import detect_method
for title in ("A Title", "Tt: A Title"):  # the abstract's naming phrases; the title's name looked up in it
    t = time.perf_counter()
    report["paper " + title] = {"method": detect_method(title, text), "families": detect_families(title, text),
                                "seconds": time.perf_counter() - t}
print(json.dumps(report))
'''


@pytest.fixture(scope="module")
def hostile_reports():
    """Run the cases a few at a time, each in its own interpreter under its own hang guard;
    None for a case that was still running after HANG_GUARD seconds."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def run(expr):
        try:
            p = subprocess.run([sys.executable, "-c", CHILD, expr], capture_output=True, text=True, env=env,
                               timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            return None
        return p.returncode, p.stdout, p.stderr

    with ThreadPoolExecutor(max_workers=4) as ex:  # the budgets are wall-clock: overlap them
        return dict(zip(CASES, ex.map(run, CASES.values())))


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_finishes_bounded(hostile_reports, name):
    got = hostile_reports[name]
    assert got is not None, f"{name}: still running after {HANG_GUARD}s"
    rc, stdout, stderr = got
    assert rc == 0, f"{name}: crashed\n{stderr[-3000:]}"
    report = json.loads(stdout.strip().splitlines()[-1])
    for fn in ("extract_field", "api.extract"):
        r = report[fn]
        if "timeout" in r:
            # over budget: reported promptly, not after minutes of matching
            assert "budget" in r["timeout"] and r["seconds"] < 20, r
            continue
        assert r["claims"] <= report["bound"], (fn, r)
        assert r["bad_spans"] == [], (fn, r)


def test_hostile_small_cases_still_give_claims():
    # the guard does not make dense text lose its claims when it fits the budget
    text = "2x " * 2000
    rows = X.extract_field(text, timeout=60)
    assert len(rows) == 2000 and all(text[r["start"]:r["end"]] == r["text"] == "2x" for r in rows)
    assert [c.text for c in extract("W4A8 " * 3)] == ["W4A8"] * 6
    # a window cut inside a giant token does not invent a token start there
    assert X.extract_field("$1" * 50_000, timeout=60) == []
    assert X.extract_field("A8" * 50_000, timeout=60) == []
    long_token = "7" * 10_000 + " a 2.4x speedup " + "7" * 10_000
    assert [r["text"] for r in X.extract_field(long_token, timeout=60)] == ["2.4x"]


def _long_realistic_text() -> str:
    return " ".join(r.abstract for r in read_many(bundled_corpus()))[:60_000]


def test_windows_cover_the_text_in_bounded_pieces():
    for text in (_long_realistic_text(), "1." * 20_000, "word " * 3000, "a" * (X.WINDOW * 3 + 7)):
        wins = list(X._windows(text))
        assert wins[0][0] == 0 and wins[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(wins, wins[1:]))
        assert all(0 < e - s <= X.WINDOW for s, e in wins)


def test_windowed_long_field_equals_unwindowed():
    """Windows end at sentence ends, so a long real field gives the same rows as one pass."""
    text = _long_realistic_text()
    assert len(text) > 5 * X.WINDOW
    windowed = X.extract_field(text, timeout=60)
    whole = X._extract_window(text, 60)
    assert windowed == whole and len(windowed) > 50


def test_long_field_over_budget_raises_extraction_timeout(monkeypatch):
    monkeypatch.setattr(X, "FIELD_TIMEOUT", 0.0)
    with pytest.raises(ExtractionTimeout, match="budget of 0.0s exceeded on"):
        X.extract_field("We get a 2.4x speedup. " * 1000)
    with pytest.raises(ExtractionTimeout):
        extract("We get a 2.4x speedup. " * 1000)


def test_field_over_budget_is_reported_not_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(X, "FIELD_TIMEOUT", 0.3)
    src = tmp_path / "in.jsonl"
    recs = [
        {"title": "Fine one", "abstract": "We reduce memory by 65% with 4-bit weights."},
        {"title": "Hostile one", "abstract": "2x " * 30_000},  # ~4 s of matching: over 0.3 s
        {"title": "Fine two", "abstract": "A 2.4x speedup on GPUs."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs))
    summary = run_extract([src], tmp_path / "out", progress=False)
    assert summary.papers == 3  # the paper stays; only its over-budget field has no claims
    assert [(t.path, t.line) for t in summary.timeouts] == [(str(src), 2)]
    assert summary.timeouts[0].reason.startswith("abstract: budget of 0.3s exceeded")
    assert any("budget exceeded" in line and ":2:" in line for line in summary.lines())
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert list(errors["path"]) == [str(src)] and list(errors["line"]) == [2]
    assert "budget" in errors["reason"][0]
    claims = pd.read_parquet(tmp_path / "out" / "claims.parquet")
    assert set(claims["title"]) == {"Fine one", "Fine two"}


def test_regex_patterns_have_no_quadratic_blowup_on_their_own():
    """The compiled scanners stay linear on hostile input (the pattern-level check)."""
    from claims.patterns import ATOM, SENTENCE_END, TRIGGER, UNIT, WORD_ATOM

    for text in ("1." * 50_000, "1-" * 50_000, "W4A8" * 25_000, "(" * 50_000 + "1", "$" * 100_000):
        t = time.perf_counter()
        for m in TRIGGER.finditer(text, timeout=5):
            ATOM.match(text, m.start(), timeout=5)
            UNIT.match(text, m.end(), timeout=5)
        WORD_ATOM.search(text, timeout=5)
        list(SENTENCE_END.finditer(text, timeout=5))
        assert time.perf_counter() - t < 5


def test_one_time_unit_registry_load_is_not_charged_to_a_field():
    """pint loads on the first unit conversion of a process (~0.5 s, seconds on a busy
    machine); charged to that field's budget it dropped the field's claims at random, so a
    worker's output could differ from a single process's. A fresh process with a tiny budget:"""
    code = ("from claims.extract import extract_field; "
            "print(len(extract_field('it needs 24 GB of memory and 3 hours', timeout=0.05)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2"
