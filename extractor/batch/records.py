"""Flat rows an analyst opens: computed once per report when it finishes, stored with it in the state.

* :class:`FactRow` — one narrative fact (a count, a platform/oversight work item, a problem, an
  improvement) with its evidence quote and ``[start, end)`` offsets in the source text;
* :class:`FindingRow` — one failed check (勾稽关系), with the rule number;
* :class:`ReportSummary` — one line per report (identity, status, counts, LLM usage);
* :class:`DigestRow` — the digest's figures by key and its lines (``digest.csv``);
* :func:`table_cells` — the wide row of ``tables.csv``: one column per standard cell of tables 二/三/四
  (both templates), ``proactive.extra_rows`` and anything unexpected as JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.checks import rule_of
from extractor.llm.usage import Usage
from extractor.models import Number
from extractor.report import ExtractedReport
from extractor.tables.dictionary import RULE_NAMES
from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
)

ReportStatus = Literal["pending", "submitted", "done", "partial", "failed"]

__all__ = ["RULE_NAMES", "DigestRow", "FactRow", "FindingRow", "ReportRows", "ReportSummary", "ReportUsage", "rule_of"]


class FactRow(BaseModel):
    path: str
    issuing_body: str | None
    year: int | None
    kind: Literal["count", "platform_work", "oversight", "problem", "improvement"]
    category: str  # count category, or the work kind, or problem/improvement
    section: str | None
    quantity: str | None
    channel: str | None
    value: float | None
    unit: str | None
    raw: str | None
    approximate: bool | None
    table_cell: str | None
    text: str | None
    theme: str | None = None  # problems and improvements: the codebook's key
    method: str
    text_from: str | None = None  # work items, problems, improvements: source (the report's words) or llm (checked)
    quote: str
    start: int
    end: int
    review: str | None = None  # reviewed outputs: accepted, corrected, added, undecided


class FindingRow(BaseModel):
    path: str
    issuing_body: str | None
    year: int | None
    template: str
    rule: str  # "1" … "6", "" when the message names none
    rule_name: str
    id: str
    expected: float | None
    printed: float | None
    cells: str  # dotted cell paths joined by "; "
    message: str
    review: str | None = None  # reviewed outputs: confirmed (a reviewer says the report prints it so)


class ReportUsage(Usage):
    """What processing one report cost: its LLM usage, cached chunks, seconds in all and inside LLM requests."""

    model_config = ConfigDict(frozen=False)

    cached_chunks: int = 0
    seconds: float = 0.0
    llm_seconds: float = 0.0


class ReportSummary(ReportUsage):
    path: str
    status: ReportStatus
    error: str | None = None
    sha256: str | None = None
    format: str | None = None
    issuing_body: str | None = None
    year: int | None = None
    template: str | None = None
    tables_found: int = 0
    facts: int = 0
    problems: int = 0
    checks_failed: int = 0
    checks_passed: int = 0
    llm_errors: int = 0
    model: str | None = None
    prompt: str | None = None


class DigestRow(BaseModel):
    """The digest of one report: its figures by key (``extractor.tables.dictionary.FIGURES``) and its lines."""

    figures: dict[str, Number | None] = Field(default_factory=dict)
    lines: list[str] = Field(default_factory=list)


class ReportRows(BaseModel):
    """Everything the flat outputs need from one finished report."""

    summary: ReportSummary
    facts: list[FactRow]
    findings: list[FindingRow]
    cells: dict[str, Number | None]
    extra_cells: dict[str, Any]
    digest: DigestRow | None = None


@lru_cache(maxsize=1)
def table_columns() -> tuple[str, ...]:
    """Every standard cell of tables 二/三/四 as ``table.row.column``, 2021 template first, then 2019."""
    cols: dict[str, None] = {}
    for template in ("2021", "2019"):
        for row, cells, _labels in PROACTIVE_ROWS[template]:
            cols.update(dict.fromkeys(f"proactive.{row}.{c}" for c in cells))
    for template in ("2021", "2019"):
        for row in APPLICATION_ROWS[template]:
            cols.update(dict.fromkeys(f"applications.{row}.{c}" for c in APPLICATION_COLUMNS))
    for group in REVIEW_GROUPS:
        cols.update(dict.fromkeys(f"review_litigation.{group}.{c}" for c in REVIEW_CELLS))
    return tuple(cols)


def table_cells(report: ExtractedReport) -> tuple[dict[str, Number | None], dict[str, Any]]:
    known = set(table_columns())
    cells: dict[str, Number | None] = {}
    extra: dict[str, Any] = {}
    for table in ("proactive", "applications", "review_litigation"):
        rows: dict[str, Any] | None = getattr(report.tables, table)
        for row, values in (rows or {}).items():
            if table == "proactive" and row == "extra_rows":
                if values:
                    extra["proactive.extra_rows"] = values
                continue
            if not isinstance(values, dict):
                extra[f"{table}.{row}"] = values
                continue
            for col, value in values.items():
                key = f"{table}.{row}.{col}"
                if key in known and (value is None or isinstance(value, int | float)):
                    cells[key] = value
                else:
                    extra[key] = value
    return cells, extra


def report_rows(report: ExtractedReport, *, path: str, status: ReportStatus, usage: ReportUsage) -> ReportRows:
    meta = report.meta
    body, year = meta.issuing_body, meta.year
    facts: list[FactRow] = []
    narrative = report.narrative
    if narrative is not None:
        for fact in narrative.all_counts():
            facts.append(FactRow(
                path=path, issuing_body=body, year=year, kind="count", category=fact.category, section=fact.section,
                quantity=fact.quantity, channel=fact.channel, value=float(fact.value), unit=fact.unit, raw=fact.raw,
                approximate=fact.approximate, table_cell=fact.table_cell, text=None, method=fact.method,
                quote=fact.evidence.quote, start=fact.evidence.start, end=fact.evidence.end,
            ))
        for kind, items in (("platform_work", narrative.platform_work), ("oversight", narrative.oversight)):
            for item in items:
                facts.append(FactRow(
                    path=path, issuing_body=body, year=year, kind=kind, category=item.kind, section=None,
                    quantity=None, channel=None, value=None, unit=None, raw=None, approximate=None, table_cell=None,
                    text=item.text, method=item.method, text_from=item.support.text_from, quote=item.evidence.quote,
                    start=item.evidence.start, end=item.evidence.end,
                ))
        for kind, entries in (("problem", narrative.problems), ("improvement", narrative.improvements)):
            for entry in entries:
                facts.append(FactRow(
                    path=path, issuing_body=body, year=year, kind=kind, category=kind, section="problems",
                    quantity=None, channel=None, value=None, unit=None, raw=None, approximate=None, table_cell=None,
                    text=entry.text, theme=entry.theme, method=entry.method, text_from=entry.support.text_from,
                    quote=entry.evidence.quote, start=entry.evidence.start, end=entry.evidence.end,
                ))
    findings = [
        FindingRow(
            path=path, issuing_body=body, year=year, template=meta.template, rule=rule_of(f.message),
            rule_name=RULE_NAMES.get(rule_of(f.message), ""), id=f.id,
            expected=None if f.expected is None else float(f.expected),
            printed=None if f.printed is None else float(f.printed),
            cells="; ".join(f.cells), message=f.message,
        )
        for f in report.checks
        if f.passed is False
    ]
    cells, extra = table_cells(report)
    summary = ReportSummary(
        path=path, status=status, sha256=report.source.sha256, format=report.source.format, issuing_body=body,
        year=year, template=meta.template,
        tables_found=sum(getattr(report.tables, t) is not None for t in ("proactive", "applications", "review_litigation")),
        facts=len(facts), problems=len(narrative.problems) if narrative else 0,
        checks_failed=len(findings), checks_passed=sum(f.passed is True for f in report.checks),
        llm_errors=len(narrative.errors) if narrative else 0,
        model=narrative.model if narrative else None, prompt=narrative.prompt if narrative else None,
        **dict(usage),
    )
    digest = None
    if report.digest is not None:
        figures: dict[str, Number | None] = {f.key: f.value for f in report.digest.figures}
        if narrative is not None:
            figures["narrative.problems"] = len(narrative.problems)
            figures["narrative.improvements"] = len(narrative.improvements)
        digest = DigestRow(figures=figures, lines=report.digest.lines)
    return ReportRows(summary=summary, facts=facts, findings=findings, cells=cells, extra_cells=extra, digest=digest)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
