"""claims.readers: every format, broken inputs, skip_bad, streaming, and a bytes fuzz test."""
from __future__ import annotations

import inspect
import itertools
import json
import tempfile
import textwrap
import time
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.errors import InputError
from claims.readers import (
    FORMATS,
    Record,
    Skipped,
    bundled_corpus,
    detect_format,
    read_many,
    read_records,
)

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nby AK and the research community\n\n"


def read(path, fmt=None, **kw):
    """All records, with warnings collected instead of emitted."""
    warnings: list[str] = kw.pop("warnings", [])
    return list(read_records(path, fmt, warn=warnings.append, **kw))


def read_skipping(path, fmt=None):
    skipped: list[Skipped] = []
    warnings: list[str] = []
    recs = list(read_records(path, fmt, skip_bad=True, on_skip=skipped.append, warn=warnings.append))
    return recs, skipped, warnings


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# --- bundled corpus -------------------------------------------------------------------


def _abstract_lines(path: Path) -> int:
    """Hand count: in these dumps every abstract is one line of well over 300 characters."""
    return sum(len(line) > 300 for line in path.read_text(encoding="utf-8").splitlines())


def test_bundled_corpus_files():
    files = bundled_corpus()
    assert [f.name for f in files] == [
        "000_faab3e9655066111.txt",
        "001_95dd094cb2ca7584.txt",
        "004_51b3a45dceb6ff00.txt",
    ]
    assert all(f.is_file() and detect_format(f) == "dump" for f in files)


def test_bundled_corpus_counts():
    counts = [len(read(f)) for f in bundled_corpus()]
    assert counts == [_abstract_lines(f) for f in bundled_corpus()]
    assert counts == [85, 56, 91]
    assert len(list(read_many(bundled_corpus()))) == 232


def test_bundled_corpus_titles_and_text():
    files = bundled_corpus()
    first = read(files[0])
    assert first[0].title == "mBLIP: Efficient Bootstrapping of Multilingual Vision-LLMs"
    assert first[0].source == f"{files[0]}:11"
    assert first[0].abstract.startswith("Modular vision-language models (Vision-LLMs) align")
    assert read(files[1])[0].title == "MrT5: Dynamic Token Merging for Efficient Byte-level Language Models"
    galore = [r for r in read(files[2]) if r.title.startswith("GaLore")]
    assert [r.title for r in galore] == ["GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection"]
    assert "up to 65.5% in optimizer states" in galore[0].abstract
    assert galore[0].source == f"{files[2]}:13"  # after the "Aug 26" date line
    every = list(read_many(files))
    assert all(r.abstract and r.raw_id is None for r in every)
    assert not any(r.title in ("new", "Subscribe", "Daily Papers", "Mar 17", "Aug 26") for r in every)
    assert any("20\\%" in r.abstract for r in every)  # LaTeX kept as written


# --- Daily Papers dump ----------------------------------------------------------------


def test_dump_header_shapes(tmp_path):
    body = "Paper One\n\nAbstract one says 4-bit.\n\nPaper Two\n\nAbstract two.\n"
    variants = {
        "plain.txt": HEADER + body,
        "date.txt": HEADER.replace("by AK", "byAK") + "Mar 17\n\n" + body,
        "tight.txt": "new\nSubscribe\nDaily Papers\nSep 3\n\n" + body,
        "crlf.txt": (HEADER + body).replace("\n", "\r\n"),
    }
    for name, text in variants.items():
        p = write(tmp_path / name, text)
        assert detect_format(p) == "dump", name
        recs = read(p)
        assert [(r.title, r.abstract) for r in recs] == [
            ("Paper One", "Abstract one says 4-bit."),
            ("Paper Two", "Abstract two."),
        ], name


def test_dump_header_only_before_first_paper(tmp_path):
    # a title that happens to look like a header line is a title once papers have started
    p = write(tmp_path / "d.txt", HEADER + "Paper\n\nAbs.\n\nSubscribe\n\nAbs two.\n")
    assert [r.title for r in read(p)] == ["Paper", "Subscribe"]


def test_dump_hard_wrapped_paragraphs(tmp_path):
    p = write(tmp_path / "d.txt", HEADER + "A long\n  title\n\nAn abstract\nwrapped over\n\tlines.\n")
    (rec,) = read(p)
    assert rec == Record("A long title", "An abstract wrapped over lines.", f"{p}:11", None)


def test_dump_trailing_title_without_abstract(tmp_path):
    p = write(tmp_path / "d.txt", HEADER + "Paper\n\nAbs.\n\nOrphan title\n")
    with pytest.raises(InputError) as e:
        read(p)
    assert e.value.line == 15 and "d.txt:15" in str(e.value) and "abstract" in str(e.value)
    recs, skipped, _ = read_skipping(p)
    assert [r.title for r in recs] == ["Paper"]
    assert skipped == [Skipped(str(p), 15, skipped[0].reason)]


def test_dump_forced_format_without_header(tmp_path):
    p = write(tmp_path / "d.txt", "T1\n\nA1\n\nT2\n\nA2")
    assert detect_format(p) == "text"
    assert [r.title for r in read(p, "dump")] == ["T1", "T2"]


# --- detect_format --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "json"), ("a.csv", "csv"),
        ("a.tsv", "csv"), ("a.parquet", "parquet"), ("a.pq", "parquet"), ("a.md", "text"),
    ],
)
def test_detect_format_by_extension(name, fmt):
    assert detect_format(name) == fmt  # no need for the file to exist


def test_detect_format_sniffs_unknown_extensions(tmp_path):
    assert detect_format(write(tmp_path / "notes.txt", "Title\n\nBody")) == "text"
    assert detect_format(write(tmp_path / "x", '[{"title": "t"}]')) == "json"
    assert detect_format(write(tmp_path / "y", '{"title": "t"}\n')) == "jsonl"
    assert detect_format(write(tmp_path / "z.dat", HEADER + "T\n\nA\n")) == "dump"
    assert detect_format(write(tmp_path / "w", "Just a title\nand text")) == "text"
    pq.write_table(pa.table({"title": ["t"], "abstract": ["a"]}), tmp_path / "p")
    assert detect_format(tmp_path / "p") == "parquet"
    with pytest.raises(InputError, match="no such file"):
        detect_format(tmp_path / "missing.txt")


def test_unknown_format_name_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        read_records(tmp_path / "a.txt", "pdf")
    assert set(FORMATS) == {"dump", "jsonl", "json", "csv", "parquet", "text"}


# --- JSON Lines and JSON --------------------------------------------------------------


def test_jsonl_round_trip(tmp_path):
    rows = [
        {"id": "2403.03507", "title": " GaLore:\n  Memory ", "abstract": "It  saves\n65.5%."},
        {"arxiv_id": "2310.1", "title": "B", "abstract": None},
        {"paper_id": 7, "title": "C"},
        {"title": "D", "abstract": "d", "id": ""},
    ]
    p = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows[:2]) + "\n\n" + "\n".join(json.dumps(r) for r in rows[2:]))
    recs = read(p)
    assert recs == [
        Record("GaLore: Memory", "It saves 65.5%.", f"{p}:1", "2403.03507"),
        Record("B", "", f"{p}:2", "2310.1"),
        Record("C", "", f"{p}:4", "7"),
        Record("D", "d", f"{p}:5", None),
    ]


def test_numeric_arxiv_id_keeps_trailing_zero(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"id": 2401.10020, "title": "T", "abstract": "A"}\n')
    assert read(p)[0].raw_id == "2401.10020"


def test_json_array_with_line_numbers(tmp_path):
    p = write(tmp_path / "a.json", '[\n  {"title": "A", "abstract": "a"},\n\n  {"title": "B",\n   "id": "x"}\n]\n')
    assert read(p) == [Record("A", "a", f"{p}:2", None), Record("B", "", f"{p}:4", "x")]
    assert read(write(tmp_path / "e.json", " [ ] ")) == []


def test_json_single_object_and_json_lines_fallback(tmp_path):
    one = write(tmp_path / "one.json", '{\n  "title": "Solo",\n  "abstract": "x\\ny"\n}\n')
    assert read(one) == [Record("Solo", "x y", f"{one}:1", None)]
    lines = write(tmp_path / "lines.json", '{"title": "A"}\n{"title": "B"}\n')
    assert [r.source for r in read(lines)] == [f"{lines}:1", f"{lines}:2"]


def test_hard_wrapped_json_equals_dump_record(tmp_path):
    """The arXiv metadata snapshot wraps and indents; after collapsing it matches the dump."""
    dump = next(r for r in read(bundled_corpus()[2]) if r.title.startswith("GaLore"))
    wrapped_title = "GaLore: Memory-Efficient LLM Training by Gradient\n  Low-Rank Projection"
    wrapped_abstract = "  " + textwrap.fill(dump.abstract, 78, break_on_hyphens=False, break_long_words=False).replace("\n", "\n  ") + "\n"
    obj = {"id": "2403.03507", "title": wrapped_title, "abstract": wrapped_abstract}
    p1 = write(tmp_path / "snap.jsonl", json.dumps(obj) + "\n")
    p2 = write(tmp_path / "snap.json", json.dumps([obj], indent=2))
    for p in (p1, p2):
        (rec,) = read(p)
        assert (rec.title, rec.abstract) == (dump.title, dump.abstract)
        assert rec.raw_id == "2403.03507"


def test_jsonl_bad_lines(tmp_path):
    p = write(
        tmp_path / "bad.jsonl",
        '{"title": "ok", "abstract": "a"}\n{"title": "trunc\n{"abstract": "no title"}\n[1, 2]\n{"title": 3}\n{"title": "last"}\n',
    )
    with pytest.raises(InputError) as e:
        read(p)
    assert e.value.path == str(p) and e.value.line == 2
    assert str(e.value).startswith(f"{p}:2: invalid JSON") and "\n" not in str(e.value)
    recs, skipped, _ = read_skipping(p)
    assert [r.title for r in recs] == ["ok", "last"]
    assert [(s.path, s.line) for s in skipped] == [(str(p), n) for n in (2, 3, 4, 5)]
    assert "no title" in skipped[1].reason and "not a JSON object" in skipped[2].reason
    assert "title is not text" in skipped[3].reason


def test_json_array_broken(tmp_path):
    p = write(tmp_path / "bad.json", '[\n{"title": "A"},\n{"title": "B"\n')
    with pytest.raises(InputError, match=r"bad\.json:\d+: invalid JSON"):
        read(p)
    recs, skipped, _ = read_skipping(p)
    assert [r.title for r in recs] == ["A"] and len(skipped) == 1 and skipped[0].line in (3, 4)
    p2 = write(tmp_path / "extra.json", '[{"title": "A"}]\n\n]')
    recs, skipped, _ = read_skipping(p2)
    assert [r.title for r in recs] == ["A"] and skipped[0].line == 3 and "extra data" in skipped[0].reason


# --- CSV / TSV ------------------------------------------------------------------------


def test_csv_round_trip(tmp_path):
    p = write(
        tmp_path / "a.csv",
        'ID,Title,abstract,extra\n2403.03507,GaLore,"Saves 65.5%,\nof memory",x\n\n,"B  b",,y\n',
    )
    assert read(p) == [
        Record("GaLore", "Saves 65.5%, of memory", f"{p}:2", "2403.03507"),
        Record("B b", "", f"{p}:5", None),
    ]


def test_tsv_and_short_rows(tmp_path):
    p = write(tmp_path / "a.tsv", "title\tabstract\tarxiv_id\nA\tx, y\t2401.1\nB\n")
    assert read(p) == [Record("A", "x, y", f"{p}:2", "2401.1"), Record("B", "", f"{p}:3", None)]


def test_csv_missing_columns(tmp_path):
    p = write(tmp_path / "cols.csv", "name,summary\nA,b\n")
    with pytest.raises(InputError) as e:
        read(p)
    assert "cols.csv" in str(e.value) and "title" in str(e.value) and "abstract" in str(e.value)
    assert e.value.line in (None, 1)
    recs, skipped, _ = read_skipping(p)
    assert recs == [] and len(skipped) == 1 and "missing column" in skipped[0].reason


def test_csv_bad_rows(tmp_path):
    big = "x" * 200_000
    p = write(tmp_path / "rows.csv", f'title,abstract\nA,a\nB,{big}\nC,c\nD,"unclosed\nE,e\n')
    with pytest.raises(InputError, match=r"rows\.csv:3: bad CSV row"):
        read(p)
    recs, skipped, _ = read_skipping(p)
    assert [r.title for r in recs] == ["A", "C"]
    assert [s.line for s in skipped] == [3, 5]


# --- Parquet --------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path):
    n = 2500
    table = pa.table({
        "arxiv_id": [f"2401.{i:05d}" for i in range(n)],
        "title": [f"Paper\n {i}" for i in range(n)],
        "abstract": [None if i == 1 else f"abs  {i}" for i in range(n)],
        "embedding": [[0.0, 1.0]] * n,
    })
    p = tmp_path / "a.parquet"
    pq.write_table(table, p, row_group_size=1000)
    recs = read(p)
    assert len(recs) == n
    assert recs[0] == Record("Paper 0", "abs 0", f"{p}:1", "2401.00000")
    assert recs[1].abstract == "" and recs[-1].source == f"{p}:{n}"


def test_parquet_bad_rows_and_columns(tmp_path):
    p = tmp_path / "nulls.parquet"
    pq.write_table(pa.table({"title": ["A", None, "C"], "abstract": ["a", "b", "c"]}), p)
    with pytest.raises(InputError, match=r"nulls\.parquet:2: record has no title"):
        read(p)
    recs, skipped, _ = read_skipping(p)
    assert [r.title for r in recs] == ["A", "C"] and [s.line for s in skipped] == [2]
    q = tmp_path / "cols.parquet"
    pq.write_table(pa.table({"title": ["A"]}), q)
    with pytest.raises(InputError, match=r"cols\.parquet: missing column\(s\) abstract"):
        read(q)


def test_not_a_parquet_file(tmp_path):
    p = write(tmp_path / "fake.parquet", "title,abstract\nA,b\n")
    with pytest.raises(InputError, match=r"fake\.parquet: not a parquet file"):
        read(p)
    p2 = tmp_path / "cut.parquet"
    pq.write_table(pa.table({"title": ["A"] * 100, "abstract": ["b"] * 100}), p2)
    p2.write_bytes(p2.read_bytes()[:-20])
    assert read_skipping(p2)[1][0].reason.startswith("not a parquet file")


# --- plain text and Markdown ----------------------------------------------------------


def test_plain_text_and_markdown(tmp_path):
    txt = write(tmp_path / "p.txt", "\n\n  My Paper Title \nFirst line of\n   abstract.\n\nSecond paragraph.\n")
    assert read(txt) == [Record("My Paper Title", "First line of abstract. Second paragraph.", f"{txt}:3", None)]
    md = write(tmp_path / "p.md", "# GaLore: Memory-Efficient Training #\n\nWe save **65.5%** memory.\n")
    assert read(md) == [Record("GaLore: Memory-Efficient Training", "We save **65.5%** memory.", f"{md}:1", None)]
    setext = write(tmp_path / "s.md", "Title\n=====\nBody -- text\n")
    assert read(setext)[0][:2] == ("Title", "Body -- text")
    only = write(tmp_path / "t.md", "## #1 trick\n")
    assert read(only)[0][:2] == ("#1 trick", "")


# --- broken inputs --------------------------------------------------------------------


def test_invalid_utf8_is_a_warning_with_byte_offset(tmp_path):
    p = tmp_path / "latin.jsonl"
    line1 = b'{"title": "ok", "abstract": "a"}\n'
    p.write_bytes(line1 + b'{"title": "Caf\xe9", "abstract": "\xff"}\n')
    warnings: list[str] = []
    recs = read(p, warnings=warnings)
    assert [r.title for r in recs] == ["ok", "Caf\ufffd"]
    offset = len(line1) + len(b'{"title": "Caf')
    assert len(warnings) == 1
    assert "latin.jsonl:2" in warnings[0] and f"byte offset {offset}" in warnings[0]
    # the whole-file path (JSON arrays) reports the same way
    q = tmp_path / "arr.json"
    q.write_bytes(b'[\n{"title": "\xc3("}]')
    warnings = []
    assert read(q, warnings=warnings)[0].title == "\ufffd("
    assert "arr.json:2" in warnings[0] and "byte offset 13" in warnings[0]


def test_invalid_utf8_default_warn_uses_warnings_module(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"T\xff\nbody\n")
    with pytest.warns(UserWarning, match=r"x\.txt:1: invalid UTF-8 at byte offset 1"):
        assert list(read_records(p))[0].title == "T\ufffd"


@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.json", "e.csv", "e.parquet", "e.md"])
def test_empty_file_warns(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"")
    warnings: list[str] = []
    assert read(p, warnings=warnings) == []
    assert len(warnings) == 1 and name in warnings[0] and "empty" in warnings[0]


def test_blank_file_warns_no_records(tmp_path):
    p = write(tmp_path / "blank.jsonl", "\n  \n")
    warnings: list[str] = []
    assert read(p, warnings=warnings) == []
    assert "blank.jsonl" in warnings[0] and "no records" in warnings[0]


@pytest.mark.parametrize("fmt", ["dump", "jsonl", "json", "csv", "text"])
def test_binary_file(tmp_path, fmt):
    p = tmp_path / "img.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as e:
        read(p, fmt)
    assert "img.bin:3" in str(e.value) and "binary" in str(e.value) and e.value.reason.startswith("not a ")
    recs, skipped, _ = read_skipping(p, fmt)
    assert recs == [] and skipped[0].path == str(p)


def test_directory_and_missing_path(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file"):
        read(tmp_path / "nope.jsonl")
    recs, skipped, _ = read_skipping(tmp_path / "nope.jsonl")
    assert recs == [] and skipped == [Skipped(str(tmp_path / "nope.jsonl"), None, "no such file")]


def test_read_many_expands_directories(tmp_path):
    write(tmp_path / "b.jsonl", '{"title": "B"}\n')
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.md", "# C\n")
    write(tmp_path / "a.csv", "title,abstract\nA,a\n")
    write(tmp_path / ".hidden.jsonl", '{"title": "H"}\n')
    write(tmp_path / "notes.log", "ignored")
    extra = write(tmp_path.parent / f"{tmp_path.name}-extra.jsonl", '{"title": "X"}\n')
    recs = list(read_many([tmp_path, extra], warn=lambda m: None))
    assert [r.title for r in recs] == ["A", "B", "C", "X"]
    assert [r.title for r in read_many(str(extra))] == ["X"]
    (tmp_path / "empty").mkdir()
    warnings: list[str] = []
    assert list(read_many([tmp_path / "empty"], warn=warnings.append)) == []
    assert "empty" in warnings[0]


def test_read_many_skip_bad_goes_on_to_next_file(tmp_path):
    good = write(tmp_path / "good.jsonl", '{"title": "G"}\n')
    skipped: list[Skipped] = []
    recs = list(read_many([tmp_path / "missing.csv", good], skip_bad=True, on_skip=skipped.append))
    assert [r.title for r in recs] == ["G"] and skipped[0].reason == "no such file"
    with pytest.raises(InputError, match="missing.csv"):
        list(read_many([tmp_path / "missing.csv", good]))


def test_skip_bad_default_on_skip_warns(tmp_path):
    p = write(tmp_path / "w.jsonl", "{oops\n")
    warnings: list[str] = []
    assert list(read_records(p, skip_bad=True, warn=warnings.append)) == []
    assert warnings == [f"skipped {p}:1: invalid JSON: Expecting property name enclosed in double quotes (column 2)"]


# --- streaming and pathological input -------------------------------------------------


def test_read_records_is_lazy(tmp_path):
    gen = read_records(tmp_path / "does-not-exist.jsonl")
    assert inspect.isgenerator(gen)  # nothing is opened before the first next()
    with pytest.raises(InputError):
        next(gen)


@pytest.mark.parametrize("fmt", ["jsonl", "dump", "csv"])
def test_streaming_reads_only_what_is_consumed(tmp_path, fmt):
    """A 10+ MB file whose end is broken: the first records come without touching the end,
    and without holding the file in memory."""
    n = 45_000
    filler = "padding " * 30
    if fmt == "jsonl":
        body = "".join(json.dumps({"title": f"T{i}", "abstract": filler}) + "\n" for i in range(n)) + "{broken\n"
    elif fmt == "dump":
        body = HEADER + "".join(f"T{i}\n\n{filler}\n\n" for i in range(n)) + "orphan title\n"
    else:
        body = "title,abstract\n" + "".join(f"T{i},{filler}\n" for i in range(n)) + 'x,"unclosed\n'
    p = write(tmp_path / f"big.{ {'dump': 'txt'}.get(fmt, fmt) }", body)
    assert p.stat().st_size > 10_000_000
    tracemalloc.start()
    try:
        first = list(itertools.islice(read_records(p, fmt), 5))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.title for r in first] == [f"T{i}" for i in range(5)]
    assert peak < 1_000_000
    with pytest.raises(InputError):  # the end really is broken
        for _ in read_records(p, fmt):
            pass


@pytest.mark.parametrize(
    "name,line",
    [
        ("long.txt", "word " * 2_000_000),
        ("long.md", "# " + "a" * 10_000_000),
        ("long.jsonl", json.dumps({"title": "t", "abstract": "ab " * 3_300_000})),
        ("deep.jsonl", "[" * 10_000_000),
        ("deep.json", "[" * 10_000_000),
        ("long.csv", "title,abstract\n" + "x" * 10_000_000),
        ("hdr.txt", "new\n\nDaily Papers\n\n" + "Mar 1" + "7" * 10_000_000 + "\n\nabstract\n"),
    ],
)
def test_ten_megabyte_line_is_linear(tmp_path, name, line):
    p = write(tmp_path / name, line)
    t = time.perf_counter()
    recs, skipped, _ = read_skipping(p)
    assert time.perf_counter() - t < 5
    assert len(recs) + len(skipped) >= 1


# --- fuzz -----------------------------------------------------------------------------

_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="claims-readers-fuzz-"))
_SUFFIX = {"dump": "txt", "jsonl": "jsonl", "json": "json", "csv": "csv", "parquet": "parquet", "text": "md"}
_TEXTY = st.text(alphabet='[]{}",:\\\n\r\t #-=abc titleabstrcid0123456789\x00\xe9\u2028', max_size=200).map(
    lambda s: s.encode("utf-8")
)

# warm up pyarrow and the regex caches so the first example stays under the deadline
read_skipping(write(_FUZZ_DIR / "warm.parquet", "x"), "parquet")


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=50, deadline=500, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=400), _TEXTY))
@example(data=b"")
@example(data=b"[")
@example(data=b"\xef\xbb\xbf[1,")
@example(data=b"{\n")
@example(data=b"PAR1\x00\x00PAR1")
@example(data=b'title,abstract\n"a')
@example(data=b"new\n\nDaily Papers\n\nT\n")
@example(data=b"\x80\n\x00")
def test_fuzz_arbitrary_bytes(fmt, data):
    p = _FUZZ_DIR / f"fuzz.{_SUFFIX[fmt]}"
    p.write_bytes(data)
    recs, skipped, warnings = read_skipping(p, fmt)  # skip_bad=True: must never raise
    assert all(isinstance(r, Record) and r.title for r in recs)
    assert all(isinstance(s, Skipped) and s.path == str(p) for s in skipped)
    try:
        list(read_records(p, fmt, warn=lambda m: None))
    except InputError as e:
        assert str(p) in str(e) and "\n" not in str(e)


def _parquet_bytes() -> bytes:
    sink = pa.BufferOutputStream()
    table = pa.table({"title": ["A", "B", None], "abstract": ["a", None, "c"], "id": [1, 2, 3]})
    pq.write_table(table, sink, row_group_size=2)
    return sink.getvalue().to_pybytes()


_GOOD_PARQUET = _parquet_bytes()


@settings(max_examples=50, deadline=500)
@given(edits=st.lists(st.tuples(st.integers(0, len(_GOOD_PARQUET) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_fuzz_corrupted_parquet(edits):
    data = bytearray(_GOOD_PARQUET)
    for pos, byte in edits:
        data[pos] = byte
    p = _FUZZ_DIR / "mutated.parquet"
    p.write_bytes(bytes(data))
    recs, skipped, _ = read_skipping(p)
    assert all(isinstance(r, Record) for r in recs)
    try:
        list(read_records(p, warn=lambda m: None))
    except InputError as e:
        assert str(p) in str(e) and "\n" not in str(e)


def test_parquet_reads_only_needed_columns(tmp_path, monkeypatch):
    p = tmp_path / "wide.parquet"
    pq.write_table(pa.table({"abstract": ["a"], "big": ["x" * 1000], "title": ["T"], "paper_id": ["p1"]}), p)
    asked = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        asked.append(kwargs.get("columns"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    assert read(p) == [Record("T", "a", f"{p}:1", "p1")]
    assert asked == [["title", "abstract", "paper_id"]]
