"""Consistency rules (勾稽关系) of the data dictionary on the printed table numbers: rules 1-4 and 6.

Rule 5 (a figure of the text against its table cell) belongs to the narrative stage:
:mod:`extractor.narrative.checks`.

A failed rule is a finding to show; the numbers are never changed. A blank cell counts as 0 in a
sum; a rule whose checked total is blank, or whose added cells are all blank, is not applicable
(``passed`` None).

Messages are for people: Chinese, with the labels of the data dictionary (:mod:`extractor.tables.dictionary`),
and start with ``规则N`` (the rule number; :func:`rule_of` reads it back).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

from extractor.models import Finding, Number, ReportMeta, Tables
from extractor.tables.dictionary import APPLICATION_COLUMN_LABELS, APPLICATION_ROW_LABELS, REVIEW_GROUP_LABELS
from extractor.tables.dictionary import row_label as _row_label
from extractor.tables.spec import APPLICATION_COLUMNS, OUTCOME_ROWS, REVIEW_CELLS, REVIEW_GROUPS
from extractor.util import number_text

Table = dict[str, dict[str, Number | None]]
NOT_APPLICABLE = "不适用（空白单元格）"
_RULE = re.compile(r"^(?:规则|rule )(\d)")


def rule_of(message: str) -> str:
    """The rule number a finding's message starts with (``规则3 …`` → ``"3"``), "" when none."""
    m = _RULE.match(message)
    return m.group(1) if m else ""


def verdict(passed: bool) -> str:
    return "相符" if passed else "不符"


def _sum_rule(rule_id: str, total_path: str, total: Number | None, addends: Sequence[tuple[str, Number | None]], what: str,
              sum_name: str, total_name: str) -> Finding:
    cells = [path for path, _ in addends] + [total_path]
    present = [v for _, v in addends if v is not None]
    if total is None or not present:
        return Finding(id=rule_id, passed=None, printed=total, cells=cells, message=f"{what}：{NOT_APPLICABLE}")
    expected = sum(present)
    passed = math.isclose(expected, total, abs_tol=1e-6)
    message = f"{what}：{sum_name} {fmt(expected)}，{total_name} {fmt(total)}（{verdict(passed)}）"
    return Finding(id=rule_id, passed=passed, expected=expected, printed=total, cells=cells, message=message)


fmt = number_text  # a number as a finding prints it: 3, not 3.0


def _cell(table: Table, row: str, col: str) -> Number | None:
    return table.get(row, {}).get(col)


def application_checks(apps: Table, template: str) -> list[Finding]:
    findings: list[Finding] = []
    # The outcome rows printed: a 2021 table may carry the single (六)其他处理 row of the 2019 format.
    outcomes = [r for r in dict.fromkeys((*OUTCOME_ROWS.get(template, OUTCOME_ROWS["2021"]), *OUTCOME_ROWS["2021"], *OUTCOME_ROWS["2019"])) if r in apps]
    for col in APPLICATION_COLUMNS:
        col_label = APPLICATION_COLUMN_LABELS[col]
        # Rule 1: new + carried over == processed + carried forward.
        if {"new_received", "carried_over", "total_processed", "carried_forward"} <= apps.keys():
            left = [(f"applications.{r}.{col}", _cell(apps, r, col)) for r in ("new_received", "carried_over")]
            right = [(f"applications.{r}.{col}", _cell(apps, r, col)) for r in ("total_processed", "carried_forward")]
            lv = [v for _, v in left if v is not None]
            rv = [v for _, v in right if v is not None]
            rule_id = f"applications.balance.{col}"
            cells = [p for p, _ in left + right]
            if not lv or not rv:
                findings.append(Finding(id=rule_id, passed=None, cells=cells, message=f"规则1 {col_label}：{NOT_APPLICABLE}"))
            else:
                passed = math.isclose(sum(lv), sum(rv), abs_tol=1e-6)
                findings.append(
                    Finding(
                        id=rule_id,
                        passed=passed,
                        expected=sum(lv),
                        printed=sum(rv),
                        cells=cells,
                        message=f"规则1 {col_label}：本年新收+上年结转 = {fmt(sum(lv))}，办理结果总计+结转下年度 = "
                        f"{fmt(sum(rv))}（{verdict(passed)}）",
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
                    f"规则3 {col_label}", "各项办理结果之和", APPLICATION_ROW_LABELS["total_processed"],
                )
            )
    # Rule 2: each row's total == sum of the applicant columns.
    for row, row_cells in apps.items():
        findings.append(
            _sum_rule(
                f"applications.{row}.total",
                f"applications.{row}.total",
                row_cells.get("total"),
                [(f"applications.{row}.{c}", row_cells.get(c)) for c in APPLICATION_COLUMNS[:-1]],
                f"规则2 {_row_label('applications', row)}", "各类申请人之和", "总计",
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
                f"规则4 {REVIEW_GROUP_LABELS[group]}", "各结果之和", "总计",
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
                findings.append(Finding(id=rule_id, passed=None, cells=cells, message=f"规则6 {APPLICATION_COLUMN_LABELS[col]}：{NOT_APPLICABLE}"))
                continue
            passed = math.isclose(now, before)
            findings.append(
                Finding(
                    id=rule_id,
                    passed=passed,
                    expected=before,
                    printed=now,
                    cells=cells,
                    message=f"规则6 {APPLICATION_COLUMN_LABELS[col]}：上年结转 {fmt(now)}，上年报告的结转下年度 {fmt(before)}"
                    f"（{verdict(passed)}）",
                )
            )
    pro, prev_pro = tables.proactive or {}, previous.proactive or {}
    if template == "2021" and previous_template == "2021":
        for row in ("regulations", "normative_documents"):
            row_now, row_before = pro.get(row) or {}, prev_pro.get(row) or {}
            if not isinstance(row_now, dict):
                continue
            values = [row_before.get("in_force"), row_now.get("issued"), row_now.get("repealed"), row_now.get("in_force")]
            numbers = [v for v in values if isinstance(v, int | float)]
            if len(numbers) != len(values):
                continue
            prev_in_force, issued, repealed, in_force = numbers
            expected = prev_in_force + issued - repealed
            passed = math.isclose(expected, in_force)
            findings.append(
                Finding(
                    id=f"previous_year.{row}.in_force",
                    passed=passed,
                    expected=expected,
                    printed=in_force,
                    cells=[f"proactive.{row}.in_force", f"proactive.{row}.issued", f"proactive.{row}.repealed", f"previous.proactive.{row}.in_force"],
                    message=f"规则6（提示）{_row_label('proactive', row)}：上年现行有效 + 本年制发 − 本年废止 = {fmt(expected)}，"
                    f"本年现行有效 {fmt(in_force)}（{verdict(passed)}）",
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


# -- rule 6 across reports: which report is "last year's report of the same body" ---------------------------
# (compiled on first use: only ``--previous`` compares bodies, and these wide classes cost milliseconds)
@functools.cache
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(bracketed notes, what is not part of a name, a division suffix inside a name, a bare place name)."""
    return (
        re.compile(r"[（(【\[][^）)】\]]*[）)】\]]"),
        re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]"),
        # an administrative division's suffix inside a longer name (XX县人民政府 → XX政府): a county that became
        # a district (撤县设区) or a city, a 新区, keeps its bodies; compared without it, they are the same body
        re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:自治县|自治旗|综合实验区|新区|县|区|市|旗)(?=[\u4e00-\u9fff])"),
        re.compile(r"([\u4e00-\u9fff]{2,}?)(?:自治县|自治旗|综合实验区|新区|县|区|市|旗|省|自治区)"),
    )


def body_key(name: str | None) -> str:
    """The name an issuing body is grouped by across years: no spaces, punctuation or bracketed notes;
    人民政府 → 政府, 办公厅 → 办公室; the place names of its parents without their division suffix (a
    renamed parent: 平潭县 → 平潭综合实验区, XX县 → XX区); a bare place name is its government.  "" for no name."""
    if not name:
        return ""
    bracketed, not_name, division, place = _name_patterns()
    text = not_name.sub("", bracketed.sub("", name))
    text = text.replace("人民政府", "政府").replace("办公厅", "办公室")
    if m := place.fullmatch(text):  # a place's own report (原平市, 平潭综合实验区): its government
        text = m.group(1) + "政府"
    return division.sub("", text)


def previous_report_problem(meta: ReportMeta, previous: ReportMeta) -> str | None:
    """Why ``previous`` is not last year's report of the body of ``meta`` (one line), None when it is or when
    the names or years needed to tell are not printed."""
    body, before = body_key(meta.issuing_body), body_key(previous.issuing_body)
    if body and before and body != before:
        return f"--previous is a report of another body ({previous.issuing_body}, not {meta.issuing_body})"
    if meta.year is not None and previous.year is not None and previous.year != meta.year - 1:
        return f"--previous is the {previous.year} report, not {meta.year - 1}'s (the year before {meta.year})"
    return None
