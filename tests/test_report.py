"""The HTML report: self-contained, a section per family, evidence with the number marked; and a
real headless Chromium that loads the page, sorts a table and opens a cell's evidence."""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from claims.report import format_value, render_report, write_report
from claims.tables import build_tables, load_tables, write_tables

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def tables_dir(tmp_path_factory) -> Path:
    """Tables built afresh from the bundled corpus (a few seconds): the repo's tables/ may be stale
    or being rebuilt while the tests run."""
    from claims.cli import main

    out = tmp_path_factory.mktemp("tables")
    assert main(["build", "-o", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def report(tables_dir, tmp_path_factory) -> Path:
    return write_report(tables_dir, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="module")
def page(report) -> str:
    return report.read_text(encoding="utf-8")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the style/script text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.raw: list[str] = []
        self._in_raw = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_raw = tag in ("style", "script")

    def handle_endtag(self, tag):
        self._in_raw = False

    def handle_data(self, data):
        if self._in_raw:
            self.raw.append(data)


def parse(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    return p


def templates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<template id="([^"]+)">(.*?)</template>', text, flags=re.S))


def squash(s: str) -> str:
    return " ".join(s.split())


# ------------------------------------------------------------------------------ unit tests
def test_page_loads_no_remote_resources(page):
    els = parse(page)
    remote = re.compile(r"^\s*(?:https?:)?//", re.I)
    for tag, attrs in els.tags:
        for name in ("src", "href", "xlink:href", "srcset", "poster", "action", "data", "background"):
            value = attrs.get(name)
            assert value is None or not remote.match(value), f"<{tag} {name}={value!r}> loads a remote resource"
        if tag == "script":
            assert "src" not in attrs, "scripts must be inline"
        if tag == "link":
            assert attrs.get("rel", "").lower() not in ("stylesheet", "preload", "icon", "prefetch"), attrs
    for text in els.raw:  # inline CSS/JS: no @import, url(http...), fetch(...)
        assert not re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//|\bfetch\(|XMLHttpRequest", text, re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", page, re.I)


def test_every_family_has_a_section(page, tables_dir):
    index = pd.read_parquet(tables_dir / "index.parquet")
    ids = {a.get("id") for t, a in parse(page).tags if t == "section"}
    assert len(index) > 0
    for family in index["family"]:
        assert f"family-{family}" in ids, family
        assert f'href="#family-{family}"' in page  # linked from the index


def test_family_sections_hold_their_tables_and_plots(page, tables_dir):
    tables = load_tables(tables_dir)
    sections = dict(re.findall(r'<section id="family-([^"]+)" class="family"[^>]*>(.*?)</section>', page, re.S))
    assert set(sections) == set(tables["index"]["family"])
    for family, body in sections.items():
        df = tables[family]
        assert body.count("<tr") == len(df) + 1, family  # header + one row per paper
        assert 'class="sortable family-table"' in body
        filled = int(df[list(df.attrs["units"])].notna().sum().sum())
        assert body.count('class="num ev"') == filled, family
    assert "<svg" in sections["quantization"]
    assert "Bits vs perplexity" in page or "Lowest weight bit width" in page


def test_evidence_contains_the_number(page, tables_dir):
    claims = pd.read_parquet(tables_dir / "claims.parquet").set_index("claim_id")
    tpl = templates(page)
    cells = [a for t, a in parse(page).tags if t == "td" and "ev" in a.get("class", "").split()]
    assert cells, "no number cells"
    for cell in cells:
        body = tpl[cell["data-ev"]]
        ids = cell["data-claims"].split()
        assert ids, cell
        marks = [html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", body)]
        assert marks, f"no <mark> in the evidence of {cell}"
        for cid in ids:
            row = claims.loc[cid]
            assert row["text"] in marks, (cid, row["text"], marks)
            assert squash(row["sentence"]) in squash(html.unescape(re.sub(r"<[^>]+>", "", body)))
            assert f"»{row['text']}«" in cell["title"]  # the hover tooltip marks it too


def _tiny_tables(tmp_path: Path) -> Path:
    """Tables built from two hand-made papers with markup in their text."""
    title = 'QuantX: <script>alert("x")</script> 4-bit & "fast" LLMs'
    abstract = ("We quantize weights to 4 bits. <b>QuantX</b> runs 3.5x faster than FP16 & uses 70% less "
                "memory on a <img src=https://example.com/x.png> 7B model.")
    papers = pd.DataFrame([
        {"paper_id": "p1", "title": title, "abstract": abstract, "source": ["x:1"], "method": "Quant<X>",
         "families": ["quantization"]},
        {"paper_id": "p2", "title": "Nothing measured", "abstract": "No numbers here.", "source": ["x:2"],
         "method": None, "families": ["quantization", "other"]},
    ])

    def claim(text, kind, value, unit, relation, direction=None, target=None):
        sentence = next(s for s in (abstract[:31], abstract[32:]) if text in s)
        start = abstract.index(text)
        return {"paper_id": "p1", "claim_id": f"p1:a{start}:{kind}:", "title": title, "field": "abstract",
                "start": start, "end": start + len(text), "text": text, "kind": kind, "value": value,
                "value_low": None, "value_high": None, "unit": unit, "relation": relation,
                "direction": direction, "qualifier": None, "target": target, "metric": None,
                "baseline": None, "model": None, "benchmark": None, "rule": "test", "sentence": sentence}

    claims = pd.DataFrame([
        claim("4 bits", "bit_width", 4.0, "bit", "absolute", target="weights"),
        claim("3.5x", "speedup", 3.5, "x", "ratio", "increase"),
        claim("70%", "memory", 70.0, "%", "change", "decrease"),
        claim("7B", "model_size", 7e9, "params", "absolute"),
    ])
    out = tmp_path / "tables"
    out.mkdir()
    claims.to_parquet(out / "claims.parquet")
    papers.to_parquet(out / "papers.parquet")
    write_tables(build_tables(claims, papers), out)
    return out


def test_text_is_escaped_and_numbers_marked(tmp_path):
    tdir = _tiny_tables(tmp_path)
    out = write_report(tdir, tmp_path / "r.html")
    text = out.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<b>QuantX" not in text and "<img" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "Quant&lt;X&gt;" in text
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", text)
    assert text.count("<script>") == 1  # ours
    tpl = templates(text)
    marked = " ".join(tpl.values())
    for number in ("4 bits", "3.5x", "70%", "7B"):
        assert f">{html.escape(number)}</mark>" in marked
    assert 'id="family-quantization"' in text and 'id="family-other"' in text
    assert write_report(tdir, tmp_path / "r2.html").read_text(encoding="utf-8") == text  # deterministic


def test_missing_tables_is_a_clear_error(tmp_path):
    from claims.errors import ClaimsError

    with pytest.raises(ClaimsError, match="index.parquet"):
        write_report(tmp_path, tmp_path / "r.html")
    with pytest.raises(ClaimsError):
        render_report({})


def test_format_value():
    assert format_value(7e9, "params") == "7B"
    assert format_value([7e9, 1.3e10], "params") == "7B, 13B"
    assert format_value(131072, "tokens") == "131K"
    assert format_value(2.5e9, "B") == "2.5 GB"
    assert format_value(3.456, "x") == "3.46×"
    assert format_value(70.0, "%") == "70%"
    assert format_value(4.0, "bit") == "4"
    assert format_value(None, "x") == "" and format_value(float("nan"), "x") == ""


# ---------------------------------------------------------------------------- browser test
@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"browser test needs Debian's chromium and chromium-driver; missing {', '.join(missing)} "
                    "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


@pytest.mark.browser
def test_report_in_headless_chromium(driver, report, tables_dir, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(report.resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert "Quantitative claims" in driver.title

    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe

    index = pd.read_parquet(tables_dir / "index.parquet")
    sections = {s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section.family")}
    assert sections == {f"family-{f}" for f in index["family"]}

    # sorting: the speedup header of quantization sorts numbers descending, blanks last
    section = driver.find_element(By.ID, "family-quantization")
    headers = section.find_elements(By.CSS_SELECTOR, "thead th")
    col = next(i for i, h in enumerate(headers) if h.text.startswith("speedup"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", headers[col])
    headers[col].click()
    assert headers[col].get_attribute("aria-sort") == "descending"
    values = [c.get_attribute("data-v") for c in
              section.find_elements(By.CSS_SELECTOR, f"tbody tr td:nth-child({col + 1})")]
    nums = [float(v) for v in values if v]
    assert nums and nums == sorted(nums, reverse=True)
    assert values[:len(nums)] == [v for v in values if v], "blank cells must sort last"

    # clicking a number cell shows its sentence, the number in a <mark>
    claims = pd.read_parquet(tables_dir / "claims.parquet").set_index("claim_id")
    panel = driver.find_element(By.ID, "evidence-panel")
    assert not panel.is_displayed()
    cell = section.find_element(By.CSS_SELECTOR, "td.ev")
    first = claims.loc[cell.get_attribute("data-claims").split()[0]]
    tooltip = cell.get_attribute("title")
    assert f"»{first['text']}«" in tooltip  # hover: the sentence, the number set off
    assert squash(first["sentence"]) in squash(tooltip.replace("»", "").replace("«", ""))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    cell.click()
    WebDriverWait(driver, 10).until(lambda d: panel.is_displayed())
    assert "evidence" in panel.get_attribute("class").split()
    assert squash(first["sentence"]) in squash(panel.text)
    marks = [m.text for m in panel.find_elements(By.TAG_NAME, "mark")]
    assert first["text"] in marks

    shot = Path(os.environ.get("CLAIMS_SCREENSHOT_DIR", tmp_path)) / "report.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 0

    # a cell of another family replaces the evidence; Escape closes the panel
    other = driver.find_element(By.CSS_SELECTOR, "#family-inference_acceleration td.ev")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
    other.click()
    second = claims.loc[other.get_attribute("data-claims").split()[0]]
    WebDriverWait(driver, 10).until(lambda d: squash(second["sentence"]) in squash(panel.text))
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: not panel.is_displayed())

    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
