"""Broken input through `claims extract`: one clear line naming the file (and line), exit 2
without --skip-bad; with it the run goes on, errors.parquet lists what was skipped and the
summary reconciles. Outputs are all or nothing, and a rerun is byte-identical."""
import json
import re

import pandas as pd
import pytest

import claims.runner as runner
from claims.cli import main

GOOD = [
    {"title": "Good one", "abstract": "We reduce memory by 65% with 4-bit weights."},
    {"title": "Good two", "abstract": "A 2.4x speedup on 8 GPUs."},
]


def _jsonl(path, records, tail=""):
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + tail)
    return path


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "nothing").mkdir()
    (d / "nothing" / "notes.bin").write_bytes(b"\x00\x01")
    f = {
        "good": _jsonl(d / "good.jsonl", GOOD),
        "missing": d / "missing.jsonl",
        "emptydir": d / "nothing",
        "empty": d / "empty.jsonl",
        "truncated": _jsonl(d / "trunc.jsonl", [{"title": "Third", "abstract": "1.5x faster."}],
                            '{"title": "Fourth", "abstr'),
        "nocols": d / "nocols.csv",
        "binary": d / "blob.jsonl",
        "binary_txt": d / "blob.txt",
        "badutf": d / "badutf.jsonl",
    }
    f["empty"].write_bytes(b"")
    f["nocols"].write_text("name,text\nA,b\n")
    f["binary"].write_bytes(b'{"ti\x00\x00\x01\x02' * 50)
    f["binary_txt"].write_bytes(b"ELF\x00\x00\x01\x02" * 50)
    f["badutf"].write_bytes(b'{"title": "Bad \xff bytes", "abstract": "8-bit weights."}\n')
    return f


def _run(capsys, *args):
    rc = main(["extract", "-q", *map(str, args)])
    return rc, capsys.readouterr().err


BAD = {
    # name: (the error line must match this, after "claims: error: <path>")
    "missing": r": no such file$",
    "emptydir": r": directory has no readable files$",
    "truncated": r":2: invalid JSON: Unterminated string",
    "nocols": r":1: missing column\(s\) title, abstract \(found: 'name', 'text'\)$",
    "binary": r":1: not a JSON Lines file \(binary data: NUL byte at byte offset 4\)$",
    "binary_txt": r":1: not a text file \(binary data: NUL byte at byte offset 3\)$",
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_one_line_and_exit_2(files, tmp_path, capsys, name):
    rc, err = _run(capsys, files[name], "-o", tmp_path / "out")
    lines = err.strip().splitlines()
    assert rc == 2
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"claims: error: {files[name]}")
    assert re.search(BAD[name], lines[0]), lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_skipped_and_recorded_with_skip_bad(files, tmp_path, capsys, name):
    out = tmp_path / "out"
    rc, err = _run(capsys, files["good"], files[name], "--skip-bad", "-o", out)
    assert rc == 0 and "Traceback" not in err
    errors = pd.read_parquet(out / "errors.parquet")
    assert list(errors["path"]) == [str(files[name])]
    assert re.search(BAD[name].split(": ", 1)[-1].rstrip("$"), errors["reason"][0])
    papers = pd.read_parquet(out / "papers.parquet")
    assert set(papers["title"]) >= {"Good one", "Good two"}


def test_empty_file_warns_by_name_and_gives_zero_papers(files, tmp_path, capsys):
    rc, err = _run(capsys, files["empty"], "-o", tmp_path / "out")
    assert rc == 0
    assert f"warning: {files['empty']}: empty file, no records" in err
    assert len(pd.read_parquet(tmp_path / "out" / "papers.parquet")) == 0
    assert len(pd.read_parquet(tmp_path / "out" / "claims.parquet")) == 0
    assert not (tmp_path / "out" / "errors.parquet").exists()


def test_invalid_utf8_warns_with_file_and_byte_offset(files, tmp_path, capsys):
    rc, err = _run(capsys, files["badutf"], "-o", tmp_path / "out")
    assert rc == 0
    assert f"warning: {files['badutf']}:1: invalid UTF-8 at byte offset 15" in err
    papers = pd.read_parquet(tmp_path / "out" / "papers.parquet")
    assert list(papers["title"]) == ["Bad \ufffd bytes"]


def test_skip_bad_summary_reconciles(files, tmp_path, capsys):
    dup = _jsonl(tmp_path / "dup.jsonl", [GOOD[0], {"title": "Fifth", "abstract": "x"}, "not an object"])
    out = tmp_path / "out"
    args = [files["good"], files["truncated"], dup, files["missing"], files["emptydir"], files["nocols"],
            files["empty"]]
    summary = runner.run_extract(args, out, skip_bad=True, progress=False, warn=lambda m: None)
    # good 2 + trunc 1 (+1 bad line) + dup 2 (1 duplicate, +1 not an object) + 3 bad inputs
    assert (summary.papers, summary.duplicates, len(summary.skipped)) == (4, 1, 5)
    assert summary.read == summary.papers + summary.duplicates + len(summary.skipped) == 10
    errors = pd.read_parquet(out / "errors.parquet")
    assert len(errors) == len(summary.skipped)
    assert list(zip(errors["path"], errors["line"].astype("Int64"))) == [
        (str(files["emptydir"]), pd.NA), (str(files["truncated"]), 2), (str(dup), 3),
        (str(files["missing"]), pd.NA), (str(files["nocols"]), 1)]
    assert len(pd.read_parquet(out / "papers.parquet")) == summary.papers
    rc, err = _run(capsys, *args, "--skip-bad", "-o", tmp_path / "out2")
    assert rc == 0
    main(["extract", *map(str, args), "--skip-bad", "-o", str(tmp_path / "out3")])
    err = capsys.readouterr().err
    assert "papers: 4 written from 10 records read (1 duplicates merged); 5 inputs or records skipped" in err


def _snapshot(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_failed_run_leaves_earlier_outputs_byte_identical(files, tmp_path, capsys):
    out = tmp_path / "out"
    more = _jsonl(tmp_path / "more.jsonl", [{"title": "More", "abstract": "3x faster."}])
    assert _run(capsys, files["good"], files["truncated"], "--skip-bad", "-o", out)[0] == 0
    before = _snapshot(out)
    assert set(before) == {"claims.parquet", "papers.parquet", "errors.parquet"}
    # a bad second file without --skip-bad: exit 2, nothing touched
    rc, err = _run(capsys, more, files["truncated"], "-o", out)
    assert rc == 2 and _snapshot(out) == before
    # with two worker processes too
    rc, err = _run(capsys, more, files["truncated"], "-o", out, "--jobs", "2")
    assert rc == 2 and _snapshot(out) == before and len(err.strip().splitlines()) == 1


def test_interrupt_midway_leaves_earlier_outputs(files, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert _run(capsys, files["good"], "-o", out)[0] == 0
    before = _snapshot(out)
    calls = []
    real = runner._extract_chunk

    def interrupted(chunk):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(chunk)

    monkeypatch.setattr(runner, "CHUNK", 1)
    monkeypatch.setattr(runner, "_extract_chunk", interrupted)
    big = _jsonl(tmp_path / "big.jsonl", [{"title": f"P{i}", "abstract": f"{i}x faster."} for i in range(5)])
    rc, err = _run(capsys, big, "-o", out)
    assert rc == 130 and "interrupted" in err and len(calls) == 2
    assert _snapshot(out) == before  # no hidden partial or temporary files either


@pytest.mark.parametrize("stage", ["_finish_papers", "_write_errors"])
def test_interrupt_while_finishing_leaves_earlier_outputs(files, tmp_path, capsys, monkeypatch, stage):
    out = tmp_path / "out"
    assert _run(capsys, files["good"], "-o", out)[0] == 0
    before = _snapshot(out)

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, stage, boom)
    rc, _ = _run(capsys, files["good"], files["truncated"], "--skip-bad", "-o", out)
    assert rc == 130 and _snapshot(out) == before


def test_rerun_is_byte_identical(files, tmp_path, capsys):
    args = [files["good"], files["truncated"], files["badutf"], "--skip-bad"]
    assert _run(capsys, *args, "-o", tmp_path / "a")[0] == 0
    first = _snapshot(tmp_path / "a")
    assert _run(capsys, *args, "-o", tmp_path / "a")[0] == 0
    assert _snapshot(tmp_path / "a") == first
    assert _run(capsys, *args, "-o", tmp_path / "b", "--jobs", "2")[0] == 0
    assert _snapshot(tmp_path / "b") == first


def test_output_folder_that_is_a_file_is_one_line(files, tmp_path, capsys):
    target = tmp_path / "afile"
    target.write_text("x")
    rc, err = _run(capsys, files["good"], "-o", target)
    assert rc == 2 and len(err.strip().splitlines()) == 1 and str(target) in err and "Traceback" not in err


def test_sigterm_leaves_previous_outputs_and_no_partial_files(tmp_path):
    """A killed run (SIGTERM) cleans up like Ctrl-C: earlier outputs stay, no hidden files."""
    import json as _json
    import signal
    import subprocess
    import sys
    import time

    from claims.readers import bundled_corpus, read_many

    out = tmp_path / "out"
    assert main(["extract", "-q", *map(str, bundled_corpus()), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    big = tmp_path / "big.jsonl"
    with big.open("w") as fh:
        for i in range(60):
            for r in read_many(bundled_corpus()):
                fh.write(_json.dumps({"id": None, "title": f"{r.title} {i}", "abstract": r.abstract}) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "extract", "-q", str(big), "-o", str(out)],
                            stderr=subprocess.PIPE)
    time.sleep(4)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
