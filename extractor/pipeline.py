"""The parse stage: load -> normalize -> segment -> tables -> checks, as one ParsedReport (no LLM).

:func:`parse_file` and :func:`parse_text` are the library's entry points (``extractor.parse_file``);
:func:`parse_normalized` serves the extract stage, which normalizes and segments once for both stages.
"""

from __future__ import annotations

import os
import re
from typing import Any

from extractor.checks import previous_report_problem, previous_year_checks, run_checks
from extractor.errors import NianbaoError
from extractor.load import load_document, load_text
from extractor.models import (
    Cell,
    ParsedReport,
    ReportMeta,
    Section,
    SourceDocument,
    SourceInfo,
    Tables,
    Warning_,
)
from extractor.normalize import NormalizedText, construct, constructor, normalize
from extractor.segment import SectionSpan, detect_template, find_meta, find_sections
from extractor.tables.confidence import partial_table_warnings, table_confidence
from extractor.tables.parse import (
    CellValue,
    TableResult,
    narrative_clues,
    parse_applications,
    parse_proactive,
    parse_review_litigation,
)
from extractor.tables.spec import APPLICATION_COLUMNS, REVIEW_CELLS
from extractor.tables.splits import MAX_DIGITS


class PreviousReportError(NianbaoError, ValueError):
    """``previous`` is not last year's report of the same body (rule 6 would compare unrelated numbers)."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem} (force_previous=True compares them anyway)")
        self.problem = problem


_TABLE_SECTIONS = {
    "proactive": "proactive_table",
    "applications": "applications_table",
    "review_litigation": "review_litigation_table",
}


def _to_section(norm: NormalizedText, s: SectionSpan) -> Section:
    # Not validated: strings from the segmenter's matches, spans from our own offset map.
    return construct(
        Section,
        {
            "key": s.key,
            "number": s.number,
            "title": s.title,
            "span": norm.source_span(s.start, s.end),
            "heading": norm.source_span(s.start, s.heading_end),
            "subsections": [_to_section(norm, sub) for sub in s.subsections],
        },
    )


# The longest table section of the corpus is under 2,000 characters; a section fifty times that is not
# a table but a runaway region (a missing heading, a file of repeated rows). Only its first
# MAX_TABLE_REGION_CHARS characters are tokenized, so a 20 MiB file cannot make the table parser's
# tokens (about 70 bytes per character of region) exhaust memory; a warning says so.
MAX_TABLE_REGION_CHARS = 100_000


def _capped(regions: dict[str, tuple[int, int] | None], warnings: list[Warning_], norm: NormalizedText) -> None:
    for table, region in regions.items():
        if region is not None and region[1] - region[0] > MAX_TABLE_REGION_CHARS:
            start, end = region
            regions[table] = (start, start + MAX_TABLE_REGION_CHARS)
            warnings.append(
                Warning_(
                    code="table_layout",
                    message=f"table {table}: its section holds {end - start:,} characters; only the first "
                    f"{MAX_TABLE_REGION_CHARS:,} were read as the table",
                    span=norm.source_span(start + MAX_TABLE_REGION_CHARS, end),
                )
            )


def _regions(text: str, sections: list[SectionSpan]) -> dict[str, tuple[int, int] | None]:
    by_key = {s.key: s for s in sections}
    regions: dict[str, tuple[int, int] | None] = {}
    for table, key in _TABLE_SECTIONS.items():
        s = by_key.get(key)
        regions[table] = (s.heading_end, s.end) if s else None
    if regions["proactive"] is None and regions["applications"] is not None and "overview" not in by_key:
        # A fragment that starts inside table 二.
        regions["proactive"] = (0, by_key["applications_table"].start)
    if not any(regions.values()):
        # A file holding only the tables (or a fragment of them): read the whole text.
        regions["proactive"] = regions["applications"] = (0, len(text))
        if m := re.search(r"行政复议[\s\S]{0,80}?结果\s*维持", text):
            regions["review_litigation"] = (m.start(), len(text))
    return regions


_new_cell = constructor(Cell, ("table", "row", "column", "value", "raw", "span", "flags", "note"))


def _cell(doc: SourceDocument, norm: NormalizedText, table: str, row: str, column: str, cv: CellValue) -> Cell:
    span = norm.source_span(cv.start, cv.end) if cv.start is not None and cv.end is not None else None
    raw = doc.text[span.start : span.end] if span else cv.raw
    flags, note = cv.flags, cv.note
    if cv.value is None and len(cv.raw) > MAX_DIGITS and (digits := sum(ch.isdigit() for ch in cv.raw)) > MAX_DIGITS:
        flags = [*flags, "implausible_number"]
        note = f"{digits:,} digits: too long for a count or an amount, not read as a number"
    # Hundreds of cells per report, all built from typed parser output: skip re-validation.
    return _new_cell(
        {"table": table, "row": row, "column": column, "value": cv.value, "raw": raw, "span": span, "flags": flags, "note": note}
    )


def parse_document(
    doc: SourceDocument, *, previous: SourceDocument | None = None, force_previous: bool = False
) -> ParsedReport:
    """Parse one report; with ``previous`` (last year's report of the same body) rule 6 too.  A ``previous`` of
    another body or of another year than the one before is refused (:class:`PreviousReportError`) unless
    ``force_previous``; where a name or a year is not printed, the pair is checked with a warning."""
    norm = normalize(doc.text)
    return parse_normalized(doc, norm, find_sections(norm.text), previous=previous, force_previous=force_previous)


def parse_normalized(
    doc: SourceDocument, norm: NormalizedText, spans: list[SectionSpan], *, previous: SourceDocument | None = None,
    force_previous: bool = False,
) -> ParsedReport:
    """:func:`parse_document` for a caller that already normalized the text and found its sections."""
    text = norm.text
    regions = _regions(text, spans)
    warnings: list[Warning_] = []
    _capped(regions, warnings, norm)
    table_text = "".join(text[a:b] for r in regions.values() if r for a, b in [r]) or text
    template, evidence = detect_template(table_text)
    if template == "unknown" and table_text is not text:
        template, evidence = detect_template(text)
    fields = find_meta(text, spans)
    meta = ReportMeta(template=template, template_evidence=evidence, **fields.__dict__)

    tables = Tables()
    cells: list[Cell] = []
    results: dict[str, TableResult | None] = {}
    if template == "legacy":
        warnings.append(Warning_(code="legacy_template", message="pre-2019 report (统计表 with 指标名称/计量单位): no standard tables to parse"))
    else:
        narrative = "".join(text[s.start : s.end] for s in spans if not s.key.endswith("_table")) or text
        for table, region in regions.items():
            if region is None:
                results[table] = None
                warnings.append(Warning_(code="table_missing", message=f"no section heading for table {table}"))
                continue
            start, end = region
            if table == "proactive":
                results[table] = parse_proactive(text, start, end, template, narrative_clues(narrative))
            elif table == "applications":
                results[table] = parse_applications(text, start, end, template)
            else:
                results[table] = parse_review_litigation(text, start, end)
            if results[table] is None:
                warnings.append(
                    Warning_(
                        code="table_missing",
                        message=f"table {table}: the section is present but holds no table cells (image or attachment?)",
                        span=norm.source_span(start, end),
                    )
                )
        tables, cells = _assemble(doc, norm, results, warnings)

    checks = run_checks(tables, template)
    confidence = table_confidence(tables, cells, checks, template)
    warnings.extend(partial_table_warnings(confidence, results if template != "legacy" else {}))
    if previous is not None:
        prev = parse_document(previous)
        problem = previous_report_problem(meta, prev.meta)
        if problem is not None and not force_previous:
            raise PreviousReportError(problem)
        if problem is None and not (meta.issuing_body and prev.meta.issuing_body and meta.year and prev.meta.year):
            warnings.append(Warning_(code="previous_unverified", message="--previous: the body or the year of one of "
                                     "the two reports is not printed, so it is not known to be last year's report"))
        elif problem is not None:
            warnings.append(Warning_(code="previous_forced", message=f"{problem}: compared anyway (--force)"))
        checks.extend(previous_year_checks(tables, prev.tables, template, prev.meta.template))
    if template == "unknown":
        warnings.append(Warning_(code="unknown_template", message="no label of the 2019 or 2021 table format was found"))
    return ParsedReport(
        source=SourceInfo(path=doc.path, format=doc.format, encoding=doc.encoding, sha256=doc.sha256, chars=len(doc.text)),
        meta=meta,
        sections=[_to_section(norm, s) for s in spans],
        tables=tables,
        table_confidence=confidence,
        cells=cells,
        checks=checks,
        warnings=[Warning_(code="load", message=w) for w in doc.warnings] + warnings,
    )


def _assemble(
    doc: SourceDocument, norm: NormalizedText, results: dict[str, TableResult | None], warnings: list[Warning_]
) -> tuple[Tables, list[Cell]]:
    cells: list[Cell] = []
    out: dict[str, dict[str, Any] | None] = {}
    for table, result in results.items():
        if result is None:
            out[table] = None
            continue
        warnings.extend(Warning_(code="table_layout", message=w) for w in result.warnings)
        rows: dict[str, Any] = {}
        for row, values in result.rows.items():
            if table == "applications":
                columns: tuple[str, ...] = APPLICATION_COLUMNS
            elif table == "review_litigation":
                columns = REVIEW_CELLS
            else:
                columns = result.columns[row]
            rows[row] = {}
            for column, cv in zip(columns, values, strict=False):
                rows[row][column] = cv.value
                cells.append(_cell(doc, norm, table, row, column, cv))
        if result.extra_rows:
            rows["extra_rows"] = {}
            for label, row_cells in result.extra_rows.items():
                rows["extra_rows"][label] = {col: cv.value for col, cv in row_cells.items()}
                cells.extend(_cell(doc, norm, table, f"extra_rows.{label}", col, cv) for col, cv in row_cells.items())
        out[table] = rows
    return Tables(**out), cells


def parse_file(
    path: str | os.PathLike[str], *, previous: str | os.PathLike[str] | None = None, force_previous: bool = False
) -> ParsedReport:
    """Load and parse one report file (``previous``: last year's report of the same body, for rule 6)."""
    doc = load_document(path)
    prev = load_document(previous) if previous is not None else None
    return parse_document(doc, previous=prev, force_previous=force_previous)


def parse_text(text: str, *, path: str | None = None) -> ParsedReport:
    """Parse a report given as text (``path`` is only recorded in ``source.path``)."""
    return parse_document(load_text(text, path=path))


__all__ = ["PreviousReportError", "parse_document", "parse_file", "parse_normalized", "parse_text"]
