"""Rule 5 of the data dictionary: a figure the narrative states against the table cell stating the same.

:mod:`.link` decides which cells a figure states (by its wording); here the values are compared.  A blank
total is compared with the sum of the printed cells of its row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extractor.checks import fmt, verdict
from extractor.models import Finding, Number, Span, Tables
from extractor.narrative.link import TableLink, link_fact
from extractor.narrative.schema import CountFact
from extractor.tables.dictionary import cell_label

__all__ = ["NarrativeChecks", "narrative_checks"]


def _row_value(row: dict[str, Number | None] | None, column: str) -> tuple[Number | None, str]:
    """A row's checked value: its ``column`` cell, else (blank total) the sum of its printed cells."""
    if not row:
        return None, "absent"
    value = row.get(column)
    if value is not None:
        return value, column
    if column != "total":
        return None, "blank"
    present = [v for k, v in row.items() if k != "total" and isinstance(v, int | float)]
    return (sum(present), "sum of printed cells") if present else (None, "blank")


@dataclass(frozen=True)
class NarrativeChecks:
    """Rule 5 on a list of figures: the findings, and per figure (same order) the table cells it states."""

    findings: list[Finding]
    table_cells: list[str | None]  # "table.row.column" joined by "+", None for a figure no cell states


def narrative_checks(
    facts: Sequence[CountFact], tables: Tables, template: str, cell_spans: dict[str, Span] | None = None
) -> NarrativeChecks:
    """Rule 5: every narrative figure that states a table quantity equals the table (``narrative.<key>``).

    Facts are not changed: ``table_cells`` says which cells each states (what ``CountFact.table_cell``
    is set to).  A figure whose table cells are absent or blank is not applicable.  Repeats of the same
    quantity and value give one finding.
    """
    findings: list[Finding] = []
    links: list[str | None] = []
    seen: set[tuple[str, float]] = set()
    spans = cell_spans or {}
    for fact in facts:
        link = link_fact(fact, template)
        links.append(link.cell_ref if link else None)
        if link is None:
            continue
        table: dict[str, Any] | None = getattr(tables, link.table)
        paths = link.paths
        if (link.key, float(fact.value)) in seen:
            continue
        seen.add((link.key, float(fact.value)))
        values: list[Number] = []
        how = []
        for row in link.rows:
            value, source = _row_value(table.get(row) if table else None, link.column)
            how.append(source)
            if value is not None:
                values.append(value)
        rule_id = f"narrative.{link.key}"
        fact_span = fact.evidence.span
        cell_spans_found = [spans[p] for p in paths if p in spans]
        if table is None or not values:
            findings.append(
                Finding(id=rule_id, passed=None, printed=fact.value, cells=paths, spans=[fact_span],
                        message=f"规则5 {_name(link)}：不适用（{'表格缺失' if table is None else '表格单元格空白'}）")
            )
            continue
        expected = sum(values)
        passed = math.isclose(expected, fact.value, abs_tol=1e-6)
        note = "" if all(h == link.column for h in how) else "（总计空白，按所印单元格之和）"
        findings.append(
            Finding(
                id=rule_id, passed=passed, expected=expected, printed=fact.value, cells=paths,
                spans=[fact_span, *cell_spans_found],
                message=f"规则5 {_name(link)}：正文为 {fmt(fact.value)}（“{fact.evidence.quote}”），表格为 {fmt(expected)}{note}"
                f"（{verdict(passed)}）",
            )
        )
    return NarrativeChecks(findings, links)


_LINK_NAMES = {
    "carried_over": "上年结转", "carried_forward": "结转下年度继续办理", "granted_plus_partially_granted": "予以公开和部分公开",
    "denied": "不予公开", "unable": "无法提供", "not_processed": "不予处理", "partially_granted": "部分公开",
    "granted": "予以公开", "new_received": "本年新收", "total_processed": "办理结果总计", "review": "行政复议",
    "litigation": "行政诉讼",
}


def _name(link: TableLink) -> str:
    """What a person calls the linked quantity (the data dictionary's labels)."""
    if link.key in _LINK_NAMES:
        return _LINK_NAMES[link.key]
    return "＋".join(cell_label(link.table, row, link.column) for row in link.rows)
