"""The parser against every gold cell of the corpus, and against the same tables in other layouts."""

from __future__ import annotations

import pytest

from extractor.load import load_text
from extractor.pipeline import parse_document
from tests.conftest import REPORT_NAMES, gold, report_text
from tests.layouts import LAYOUTS, render_report
from tests.layouts import flat_cells as _cells


def _parse(name: str):
    return parse_document(load_text(report_text(name), path=name))


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_gold_cell(name: str) -> None:
    expected = gold(name)
    report = _parse(name)
    got = _cells(report.tables.model_dump())
    want = _cells(expected["tables"])
    wrong = {k: (got.get(k, "absent"), v) for k, v in want.items() if got.get(k, "absent") != v}
    assert not wrong, wrong
    extra = sorted(set(got) - set(want))
    assert not extra, f"cells the gold does not have: {extra[:5]}"
    for table in ("proactive", "applications", "review_litigation"):
        if (expected["tables"] or {}).get(table) is None:
            assert getattr(report.tables, table) is None


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_template_and_rule_failures(name: str) -> None:
    expected = gold(name)
    report = _parse(name)
    assert report.meta.template == expected["template"]
    failures = sorted(c.id for c in report.checks if c.passed is False)
    assert failures == sorted(f for f in expected["rule_failures"] if not f.startswith("narrative."))


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_cell_spans_point_at_the_printed_digits(name: str) -> None:
    text = report_text(name)
    report = _parse(name)
    for cell in report.cells:
        if cell.span is None:
            continue
        assert text[cell.span.start : cell.span.end] == cell.raw
        if cell.value is not None:
            digits = "".join(ch for ch in cell.raw if ch.isdigit() or ch in "０１２３４５６７８９")
            assert digits, (cell.row, cell.column, cell.raw)


def test_ambiguous_squashed_runs_are_flagged() -> None:
    report = _parse("pingtan_2021_2021fmt_squashed")
    flagged = {(c.row, c.column) for c in report.cells if "ambiguous_split" in c.flags}
    assert flagged == {("normative_documents", "issued"), ("normative_documents", "repealed"), ("normative_documents", "in_force")}
    # Rows whose split is forced by the row total are not flagged as ambiguous.
    assert all("ambiguous_split" not in c.flags for c in report.cells if c.table == "applications")


def test_detached_pdf_cell_is_recovered_and_flagged() -> None:
    report = _parse("shanghai_kewei_2024_2021fmt_pdf2md")
    cell = next(c for c in report.cells if (c.row, c.column) == ("carried_forward", "total"))
    assert cell.value == 1 and "recovered_detached" in cell.flags
    aligned = {c.row for c in report.cells if "aligned_by_order" in c.flags}
    assert {"partially_granted", "denied_prohibited_by_law", "other_overdue_correction"} <= aligned


def test_tables_missing_is_null_with_a_warning_not_zeros() -> None:
    report = _parse("hunnan_guoziju_2022_tables_missing")
    assert report.tables.proactive is None and report.tables.applications is None
    assert sum(w.code == "table_missing" for w in report.warnings) == 3
    assert report.checks == []


def test_pre_2019_report_is_legacy_with_no_tables() -> None:
    report = _parse("pingtan_2018_pre2019fmt_squashed")
    assert report.meta.template == "legacy"
    assert report.tables.model_dump() == {"proactive": None, "applications": None, "review_litigation": None}
    assert any(w.code == "legacy_template" for w in report.warnings)


_LAYOUT_SOURCES = ("000_541c1237663619fb", "shanghai_govoffice_2019_2019fmt_html2rows", "pingtan_2021_2021fmt_squashed")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", _LAYOUT_SOURCES)
def test_same_tables_in_other_layouts(name: str, layout: str) -> None:
    expected = gold(name)
    has_blanks = any(v is None for v in _cells(expected["tables"]).values())
    if layout == "squashed" and has_blanks:
        pytest.skip("a squashed layout cannot print blank cells")
    text = render_report(expected["template"], expected["tables"], layout)
    report = parse_document(load_text(text))
    assert report.meta.template == expected["template"]
    got = _cells(report.tables.model_dump())
    want = _cells(expected["tables"])
    if layout == "squashed":
        # Table 二 runs have no sum rule: their split is a flagged guess; tables 三/四 must be exact.
        want = {k: v for k, v in want.items() if not k.startswith("proactive.")}
    wrong = {k: (got.get(k, "absent"), v) for k, v in want.items() if got.get(k, "absent") != v}
    assert not wrong, wrong
