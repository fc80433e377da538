"""The shortcuts taken for parsing speed give exactly what the plain code they replace gives.

Each test compares a fast path with a straightforward reference (the code it replaced), on the
corpus and on inputs built to hit the edge cases: the gold tests check the result, these check that
nothing moved.
"""

from __future__ import annotations

import random
import re

import pytest

from extractor.load import load_text
from extractor.models import Cell, Finding, Section, Span
from extractor.normalize import _WIDTH, _deletions, _to_half_width, construct, constructor, normalize
from extractor.pipeline import _regions, parse_document
from extractor.segment import _SIGNATURE, _signatures, find_sections
from extractor.tables import tokens
from extractor.tables.spec import _ITEM_PREFIX, label_regex
from extractor.tables.splits import parse_number
from tests.conftest import REPORTS, gold
from tests.layouts import LAYOUTS, render_report

CORPUS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))}


def _rendered() -> list[str]:
    texts = []
    for name in CORPUS:
        expected = gold(name)
        tables = expected.get("tables") or {}
        if expected["template"] in ("2021", "2019") and all(tables.get(t) for t in ("proactive", "applications", "review_litigation")):
            texts.extend(render_report(expected["template"], tables, layout) for layout in LAYOUTS)
    return texts


TEXTS = [*CORPUS.values(), *_rendered()]


def _table_regions() -> list[tuple[str, int, int, str]]:
    out = []
    for source in TEXTS:
        text = normalize(source).text
        for table, region in _regions(text, find_sections(text)).items():
            if region is not None:
                out.append((text, region[0], region[1], table))
    return out


REGIONS = _table_regions()


def _random_texts(alphabet: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60))) for _ in range(count)]


# ---------------------------------------------------------------- normalize


def _reference_offsets(source: str) -> tuple[int, ...]:
    """The offset map as normalize() built it before: one integer per normalized character."""
    offsets: list[int] = []
    cursor = 0
    for start, end in _deletions(source):
        offsets.extend(range(cursor, start))
        cursor = end
    offsets.extend(range(cursor, len(source)))
    offsets.append(len(source))
    return tuple(offsets)


NOISY = [
    *CORPUS.values(),
    *_random_texts(
        [*"区领导數量 12 0?\ufffd\u3000\t\n\r-—第页共,/（）１２\u200b\u00ad\ufeff\u2212\u00a0", "(qū)", "(ǎ)", "- 3 -\n", "第 5 页 共 9 页\n", "\r\n"],
        400,
        seed=1,
    ),
]


def test_offset_map_is_the_per_character_map() -> None:
    for source in NOISY:
        norm = normalize(source)
        reference = _reference_offsets(source)
        assert len(norm.offsets) == len(reference) == len(norm.text) + 1
        assert tuple(norm.offsets) == reference, source
        assert [norm.offsets[i] for i in range(len(reference))] == list(reference), source
        assert norm.offsets[-1] == reference[-1] and norm.offsets[1:4] == reference[1:4]


def test_half_width_is_the_translate_table() -> None:
    text = "".join(chr(c) for c in range(0x20, 0x3100)) + "".join(chr(c) for c in range(0xFE00, 0x10000))
    assert _to_half_width(text) == text.translate(_WIDTH)


# ---------------------------------------------------------------- models


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (Span, {"start": 3, "end": 7}),
        (Cell, {"table": "applications", "row": "granted", "column": "total", "value": 2.5, "raw": "2.5", "span": None, "flags": ["x"], "note": None}),
        (Section, {"key": "k", "number": None, "title": "t", "span": Span(start=0, end=1), "heading": Span(start=0, end=1), "subsections": []}),
        (Finding, {"id": "r", "passed": None, "cells": ["a.b.c"]}),  # not every field: model_construct itself
    ],
)
def test_construct_is_model_construct(cls: type, values: dict) -> None:
    reference = cls.model_construct(**values)
    for fast in (construct(cls, dict(values)), constructor(cls, tuple(values))(dict(values))):
        assert fast == reference
        assert list(fast.__dict__) == list(reference.__dict__)
        assert fast.model_fields_set == reference.model_fields_set
        assert (fast.__pydantic_extra__, fast.__pydantic_private__) == (reference.__pydantic_extra__, reference.__pydantic_private__)
        assert fast.model_dump_json() == reference.model_dump_json()


# ---------------------------------------------------------------- segment


SIGNATURE_TAILS = [
    *(normalize(text).text[-800:] for text in CORPUS.values()),
    *_random_texts([*"区领导办公室 12\t\n年月日-", "2022年12月31日", "\n2023年1月5日\n", "\n 2021 年 3 月 4 日", "某某区人民政府办公室", "\n\n", "\n  \n"], 2000, seed=2),
]


def test_signatures_are_the_finditer_matches() -> None:
    for tail in SIGNATURE_TAILS:
        assert [m.span() for m in _signatures(tail)] == [m.span() for m in _SIGNATURE.finditer(tail)], tail


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("table", ["proactive", "applications"])
@pytest.mark.parametrize("tolerant", [False, True])
def test_label_lookahead_changes_no_match(table: str, tolerant: bool) -> None:
    regex, _ = label_regex(table, tolerant=tolerant)
    assert regex.pattern.startswith("(?=")
    plain = re.compile(regex.pattern[regex.pattern.index(_ITEM_PREFIX) :])
    for text, start, end, _ in REGIONS:
        region = text[start:end]
        for candidate in (region, "".join(region.split())):
            found = [(m.span(), m.lastgroup) for m in regex.finditer(candidate)]
            assert found == [(m.span(), m.lastgroup) for m in plain.finditer(candidate)]


def _reference_one_cell_per_line(region: str) -> bool:
    lines = region.split("\n")
    with_content = [ln for ln in lines if "|" in ln and ln.replace("|", "").strip()]
    single = sum(
        1
        for ln in with_content
        if sum(1 for p in ln.split("|") if p.strip()) == 1 and sum(1 for p in ln.split("|")[1:-1] if p and p.strip(" \t") == "") < 2
    )
    return bool(with_content) and single > 0.6 * len(with_content)


def test_one_cell_per_line_counts_like_the_line_loop() -> None:
    pieces = ["a", "规章", " ", "\t", "\u3000", "|", "|", " | ", "||", "\n", "\n", "0 ", "\x0b", "\u2028"]
    for region in [text[start:end] for text, start, end, _ in REGIONS] + _random_texts(pieces, 3000, seed=3):
        assert tokens._one_cell_per_line(region) == _reference_one_cell_per_line(region), region


def test_in_ranges_is_any_range() -> None:
    for text, start, end, _ in REGIONS:
        ranges = [(a + start, b + start) for a, b in tokens._annotation_ranges(text[start:end])]
        for pos in range(start - 1, end + 1):
            assert tokens._in_ranges(pos, ranges) == any(a <= pos < b for a, b in ranges)


@pytest.mark.parametrize("raw", ["0", "7", "10", "007", "00", "123456789", "٣", "²", "12万", "-3", "+4", "1.50", "251000元", "", "1,234"])
def test_parse_number_shortcut_agrees(raw: str) -> None:
    for money in (False, True):
        # Spaces around the cell send it down the general path, which strips them.
        got, general = parse_number(raw, money=money), parse_number(f" {raw} ", money=money)
        assert got == general and type(got) is type(general)


def test_parse_is_deterministic_across_calls() -> None:
    doc = load_text(CORPUS["000_541c1237663619fb"], path="000")
    assert parse_document(doc).model_dump_json() == parse_document(doc).model_dump_json()
