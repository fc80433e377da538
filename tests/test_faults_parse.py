"""Fault injection, parse stage (issue 14): hostile files must not hang, exhaust or crash a run.

Each test failed before the fix it names: the quadratic tokenizer, unbounded table regions, a 5,000-digit
cell, a 400-digit number in prose, a megabyte line of Chinese numerals, one bad file stopping the others.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import extractor.pipeline
import extractor.report
from extractor.cli import main
from extractor.load import load_document, load_text
from extractor.narrative.numbers import find_figures
from extractor.normalize import normalize
from extractor.pipeline import MAX_TABLE_REGION_CHARS, parse_document
from extractor.report import Extractor, ExtractorConfig
from extractor.tables import tokens
from extractor.tables.tokens import tokenize
from tests.conftest import REPORTS

SEED = REPORTS / "004_333e33f0e39a8a89.txt"
HEAD = "二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
ROWS = "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 2 | 3\n"


def _cpu(fn: Callable[[], Any], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def _peak(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ------------------------------------------------------------------------------------------ time, memory


class _CountingList(list[Any]):
    """The tokenizer's label list, counting the elements copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            _CountingList.copied += len(range(*key.indices(len(self))))
        return super().__getitem__(key)


def test_the_table_tokenizer_copies_nothing_per_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    # _scan_cell copied labels[first:] for every cell: quadratic (1.8 MB of rows took 10 s, 18.8 MB never ended);
    # the time per MB is benchmarks/parse_scaling.py's to show
    find = tokens._find_labels
    monkeypatch.setattr(tokens, "_find_labels", lambda *args: _CountingList(find(*args)))
    _CountingList.copied = 0
    text = normalize(HEAD + ROWS * 2000).text
    found = tokenize(text, 0, len(text), "proactive")
    assert len(found) > 16_000
    assert _CountingList.copied <= len(text), f"{_CountingList.copied:,} labels copied for {len(text):,} characters"


def test_a_file_of_table_rows_parses_in_memory_under_ten_times_its_size(tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    path.write_text(HEAD + ROWS * 30_000, encoding="utf-8")  # 1.3 MB: the tokens alone were 70 bytes per character
    size = path.stat().st_size
    report = None

    def parse() -> None:
        nonlocal report
        report = parse_document(load_document(path))

    assert _peak(parse) < 10 * size
    assert report is not None
    assert report.tables.proactive is not None and report.tables.proactive["regulations"]["issued"] == 0
    capped = [w for w in report.warnings if w.code == "table_layout" and "only the first" in w.message]
    assert capped and f"{MAX_TABLE_REGION_CHARS:,}" in capped[0].message


def test_a_long_line_of_chinese_numerals_extracts_in_bounded_memory() -> None:
    # every character of a line went into a list (len(findall)): 28x the input, 1.65 GB for 19 MB
    text = "一、总体情况\n" + "一二三四五六七八九十百千万" * 10_000 + "\n"
    size = len(text.encode())
    with Extractor(ExtractorConfig(rules_only=True)) as ex:
        ex.extract_text(text[:1000])  # warm: imports, dictionaries
        assert _peak(lambda: ex.extract_text(text)) < 8 * size


def test_a_text_far_longer_than_any_narrative_is_read_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 MB of nothing but counts was 80,000 facts in memory (68x the input)
    monkeypatch.setattr(extractor.report, "MAX_NARRATIVE_CHARS", 2_000)
    text = "一、总体情况\n" + "本年收到申请一百二十三件，" * 1_000
    with Extractor(ExtractorConfig(rules_only=True)) as ex:
        report = ex.extract_text(text)
    assert report.narrative is not None
    assert max(f.evidence.end for f in report.narrative.all_counts()) <= 2_000
    assert [w.code for w in report.warnings].count("narrative_truncated") == 1


# ------------------------------------------------------------------------------------------ absurd numbers


def test_a_5000_digit_cell_is_a_flagged_cell() -> None:
    text = SEED.read_text(encoding="utf-8").replace("规章\n\n0\n\n0\n\n0", "规章\n\n" + "9" * 5000 + "\n\n0\n\n0", 1)
    report = parse_document(load_text(text))
    cell = next(c for c in report.cells if (c.row, c.column) == ("regulations", "issued"))
    assert cell.value is None and cell.raw == "9" * 5000
    assert "implausible_number" in cell.flags and cell.note and "5,000 digits" in cell.note
    json.loads(report.model_dump_json())


@pytest.mark.parametrize("run", ["9" * 5000, "1" + "0" * 400 + "2"])
def test_a_squashed_row_with_a_run_of_thousands_of_digits_is_not_split_forever(run: str) -> None:
    text = "二、主动公开政府信息情况\n信息内容本年制发件数本年废止件数现行有效件数\n规章" + run + "\n行政规范性文件000\n"
    assert _cpu(lambda: parse_document(load_text(text)), repeat=1) < 2.0


def test_numbers_of_hundreds_of_digits_in_prose_are_not_figures() -> None:
    text = (
        "一、总体情况\n本年收到申请" + "1" * 400 + "件，又" + "一二三" * 2000 + "件，还有" + "亿" * 50
        + "件，共12件。\n二、主动公开政府信息情况\n"
    )
    with Extractor(ExtractorConfig(rules_only=True)) as ex:
        report = ex.extract_text(text)
    assert report.narrative is not None
    assert all(f.value < 1e15 for f in report.narrative.all_counts())
    assert [f.value for f in find_figures(text)] == [12]
    json.loads(report.model_dump_json())


# ------------------------------------------------------------------------------------------ one file, one result


@pytest.fixture
def one_file_crashes(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A parser bug that only one file meets."""
    bad = REPORTS / "001_516ff9c16babe9a7.txt"
    parse = extractor.pipeline.parse_normalized

    def buggy(doc: Any, *args: Any, **kwargs: Any) -> Any:
        if doc.path == str(bad):
            raise ValueError("a bug met by this file only")
        return parse(doc, *args, **kwargs)

    monkeypatch.setattr(extractor.pipeline, "parse_normalized", buggy)
    monkeypatch.setattr("extractor.report.parse_normalized", buggy)
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)
    return bad


@pytest.mark.parametrize("command", [["parse"], ["extract", "--rules-only", "--no-cache"]])
def test_a_crash_on_one_file_does_not_stop_the_others(
    command: list[str], one_file_crashes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(SEED), str(one_file_crashes), str(REPORTS / "002_729ce6095ffb3585.txt")]
    code = main([*command, *files, "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 3
    assert [line.get("source", {}).get("path", line.get("path")) for line in lines] == files
    assert lines[1]["error"].startswith("internal error: ValueError: a bug met by this file only")
    assert "meta" in lines[2]
