"""Consistency rules (勾稽关系) of the data dictionary, evaluated on the printed numbers.

A failed rule is a finding to show; the numbers are never changed. A blank cell counts as 0 in a
sum; a rule whose checked total is blank, or whose added cells are all blank, is not applicable
(``passed`` None).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from extractor.models import Finding, Number, Span, Tables
from extractor.narrative.link import link_fact
from extractor.narrative.schema import CountFact
from extractor.tables.spec import APPLICATION_COLUMNS, OUTCOME_ROWS, REVIEW_CELLS, REVIEW_GROUPS

Table = dict[str, dict[str, Number | None]]


def _sum_rule(rule_id: str, total_path: str, total: Number | None, addends: Sequence[tuple[str, Number | None]], what: str) -> Finding:
    cells = [path for path, _ in addends] + [total_path]
    present = [v for _, v in addends if v is not None]
    if total is None or not present:
        return Finding(id=rule_id, passed=None, printed=total, cells=cells, message=f"{what}: not applicable (blank cells)")
    expected = sum(present)
    passed = math.isclose(expected, total, abs_tol=1e-6)
    message = f"{what}: {'holds' if passed else 'fails'} (sum {_fmt(expected)}, printed {_fmt(total)})"
    return Finding(id=rule_id, passed=passed, expected=expected, printed=total, cells=cells, message=message)


def _fmt(value: Number) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cell(table: Table, row: str, col: str) -> Number | None:
    return table.get(row, {}).get(col)


def application_checks(apps: Table, template: str) -> list[Finding]:
    findings: list[Finding] = []
    # The outcome rows printed: a 2021 table may carry the single (六)其他处理 row of the 2019 format.
    outcomes = [r for r in dict.fromkeys((*OUTCOME_ROWS.get(template, OUTCOME_ROWS["2021"]), *OUTCOME_ROWS["2021"], *OUTCOME_ROWS["2019"])) if r in apps]
    for col in APPLICATION_COLUMNS:
        # Rule 1: new + carried over == processed + carried forward.
        if {"new_received", "carried_over", "total_processed", "carried_forward"} <= apps.keys():
            left = [(f"applications.{r}.{col}", _cell(apps, r, col)) for r in ("new_received", "carried_over")]
            right = [(f"applications.{r}.{col}", _cell(apps, r, col)) for r in ("total_processed", "carried_forward")]
            lv = [v for _, v in left if v is not None]
            rv = [v for _, v in right if v is not None]
            rule_id = f"applications.balance.{col}"
            cells = [p for p, _ in left + right]
            if not lv or not rv:
                findings.append(Finding(id=rule_id, passed=None, cells=cells, message=f"rule 1 {col}: not applicable (blank cells)"))
            else:
                passed = math.isclose(sum(lv), sum(rv), abs_tol=1e-6)
                findings.append(
                    Finding(
                        id=rule_id,
                        passed=passed,
                        expected=sum(lv),
                        printed=sum(rv),
                        cells=cells,
                        message=f"rule 1 {col}: 本年新收+上年结转 = {_fmt(sum(lv))}, 办理结果总计+结转下年度 = {_fmt(sum(rv))}",
                    )
                )
        # Rule 3: total processed == sum of the outcome rows.
        if "total_processed" in apps and outcomes:
            findings.append(
                _sum_rule(
                    f"applications.total_processed.{col}",
                    f"applications.total_processed.{col}",
                    _cell(apps, "total_processed", col),
                    [(f"applications.{r}.{col}", _cell(apps, r, col)) for r in outcomes],
                    f"rule 3 {col}",
                )
            )
    # Rule 2: each row's total == sum of the applicant columns.
    for row, cells in apps.items():
        findings.append(
            _sum_rule(
                f"applications.{row}.total",
                f"applications.{row}.total",
                cells.get("total"),
                [(f"applications.{row}.{c}", cells.get(c)) for c in APPLICATION_COLUMNS[:-1]],
                f"rule 2 {row}",
            )
        )
    return findings


def review_checks(review: Table) -> list[Finding]:
    findings = []
    for group in REVIEW_GROUPS:
        if group not in review:
            continue
        cells = review[group]
        findings.append(
            _sum_rule(
                f"review_litigation.{group}.total",
                f"review_litigation.{group}.total",
                cells.get("total"),
                [(f"review_litigation.{group}.{c}", cells.get(c)) for c in REVIEW_CELLS[:-1]],
                f"rule 4 {group}",
            )
        )
    return findings


def previous_year_checks(tables: Tables, previous: Tables, template: str, previous_template: str) -> list[Finding]:
    """Rule 6: this year's carried_over == last year's carried_forward; in_force continuity (a hint)."""
    findings: list[Finding] = []
    apps, prev_apps = tables.applications or {}, previous.applications or {}
    if "carried_over" in apps and "carried_forward" in prev_apps:
        for col in APPLICATION_COLUMNS:
            now, before = _cell(apps, "carried_over", col), _cell(prev_apps, "carried_forward", col)
            rule_id = f"previous_year.carried_over.{col}"
            cells = [f"applications.carried_over.{col}", f"previous.applications.carried_forward.{col}"]
            if now is None or before is None:
                findings.append(Finding(id=rule_id, passed=None, cells=cells, message="rule 6: not applicable (blank cells)"))
                continue
            passed = math.isclose(now, before)
            findings.append(
                Finding(
                    id=rule_id,
                    passed=passed,
                    expected=before,
                    printed=now,
                    cells=cells,
                    message=f"rule 6 {col}: 上年结转 {_fmt(now)} vs last year's 结转下年度 {_fmt(before)}",
                )
            )
    pro, prev_pro = tables.proactive or {}, previous.proactive or {}
    if template == "2021" and previous_template == "2021":
        for row in ("regulations", "normative_documents"):
            now, before = pro.get(row) or {}, prev_pro.get(row) or {}
            values = [before.get("in_force"), now.get("issued"), now.get("repealed"), now.get("in_force")]
            if any(v is None for v in values) or not isinstance(now, dict):
                continue
            prev_in_force, issued, repealed, in_force = values  # type: ignore[misc]
            expected = prev_in_force + issued - repealed  # type: ignore[operator]
            findings.append(
                Finding(
                    id=f"previous_year.{row}.in_force",
                    passed=math.isclose(expected, in_force),  # type: ignore[arg-type]
                    expected=expected,
                    printed=in_force,
                    cells=[f"proactive.{row}.in_force", f"proactive.{row}.issued", f"proactive.{row}.repealed", f"previous.proactive.{row}.in_force"],
                    message=f"rule 6 (hint) {row}: last year's 现行有效 + 制发 - 废止 = {_fmt(expected)}, printed {_fmt(in_force)}",  # type: ignore[arg-type]
                )
            )
    return findings


def run_checks(tables: Tables, template: str) -> list[Finding]:
    findings: list[Finding] = []
    if tables.applications:
        findings.extend(application_checks(tables.applications, template))
    if tables.review_litigation:
        findings.extend(review_checks(tables.review_litigation))
    return findings


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


def narrative_checks(facts: Sequence[CountFact], tables: Tables, template: str, cell_spans: dict[str, Span] | None = None) -> list[Finding]:
    """Rule 5: every narrative figure that states a table quantity equals the table (``narrative.<key>``).

    Sets ``fact.table_cell`` on every linked fact.  A figure whose table cells are absent or blank is
    not applicable.  Repeats of the same quantity and value give one finding.
    """
    findings: list[Finding] = []
    seen: set[tuple[str, float]] = set()
    spans = cell_spans or {}
    for fact in facts:
        link = link_fact(fact, template)
        if link is None:
            continue
        table: dict[str, Any] | None = getattr(tables, link.table)
        paths = [f"{link.table}.{row}.{link.column}" for row in link.rows]
        fact.table_cell = "+".join(paths)
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
        fact_span = Span(start=fact.evidence.start, end=fact.evidence.end)
        cell_spans_found = [spans[p] for p in paths if p in spans]
        if table is None or not values:
            findings.append(
                Finding(id=rule_id, passed=None, printed=fact.value, cells=paths, spans=[fact_span],
                        message=f"rule 5 {link.key}: not applicable (table cells {'absent' if table is None else 'blank'})")
            )
            continue
        expected = sum(values)
        passed = math.isclose(expected, fact.value, abs_tol=1e-6)
        note = "" if all(h == link.column for h in how) else " (blank total: sum of the printed cells)"
        findings.append(
            Finding(
                id=rule_id, passed=passed, expected=expected, printed=fact.value, cells=paths,
                spans=[fact_span, *cell_spans_found],
                message=f"rule 5 {link.key}: the text says {_fmt(fact.value)} ('{fact.evidence.quote}'), "
                f"the table says {_fmt(expected)}{note}: {'agrees' if passed else 'disagrees'}",
            )
        )
    return findings
