"""Each body compared with its own previous years: ``trends.csv`` and the breaks between consecutive reports.

Reports are grouped by issuing body (:func:`extractor.checks.body_key`: 办公室/办公厅, 人民政府/政府, a parent
renamed from 县 to 区 …) and year.  Two reports of one year under different printed names are two bodies
(the normalized names met by chance); two under the same name are one report printed twice: the one with
the most tables is used and the others named in ``breaks``.

For every consecutive pair (this year and the year before, both in the batch) rule 6 runs
(:func:`extractor.checks.previous_year_checks`: 上年结转 = last year's 结转下年度, per column; 现行有效 continuity as
a hint), and two more breaks are findings: a table last year's report has and this year's lacks, and a key
figure that jumps beyond the threshold (``jump_factor`` times up or down, by at least ``jump_min``).  Every
break is a :class:`FindingRow` of rule 6 on this year's report; ``trends.csv`` has one row per body and
year: the key figures (a blank 总计 is the sum of the printed cells, as the checks count it) and the change
from the year before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from extractor.batch.records import RULE_NAMES, FindingRow
from extractor.checks import body_key, fmt, previous_year_checks
from extractor.digest import row_total
from extractor.models import Number, Tables
from extractor.tables.dictionary import FIGURES, TABLE_SHORT, figure_label

TABLES = ("proactive", "applications", "review_litigation")
# the figures of a trends row, in order
TREND_FIGURES: tuple[str, ...] = (
    "applications.new_received", "applications.carried_over", "applications.total_processed", "applications.granted",
    "applications.carried_forward", "review_litigation.review", "review_litigation.litigation", "proactive.total",
    "narrative.problems", "narrative.improvements",
)
# the figures whose jumps are breaks (printed table figures only)
JUMP_FIGURES: tuple[str, ...] = (
    "applications.new_received", "applications.total_processed", "review_litigation.review", "review_litigation.litigation",
)
CARRY_OVER = {True: "相符", False: "不符", None: "无法判断"}


@dataclass(frozen=True)
class TrendOptions:
    jump_factor: float = 5.0  # a figure this many times last year's (or a fifth of it) is a jump …
    jump_min: float = 20.0  # … when the larger of the two is at least this


_RULE6_ROWS = ("applications.carried_over.", "applications.carried_forward.", "proactive.regulations.",
               "proactive.normative_documents.")


@dataclass
class YearReport:
    """What the trends need of one report: its key figures, which tables it has, the cells rule 6 reads."""

    path: str
    issuing_body: str | None
    year: int | None
    template: str
    tables: frozenset[str]
    cells: dict[str, Number | None]  # only the cells rule 6 compares
    figures: dict[str, Number | None] = field(default_factory=dict)

    @classmethod
    def of(cls, path: str, issuing_body: str | None, year: int | None, template: str | None,
           cells: Mapping[str, Number | None], digest_figures: Mapping[str, Number | None] | None = None) -> YearReport:
        report = cls(path, issuing_body, year, template or "unknown",
                     frozenset(key.split(".", 1)[0] for key in cells),
                     {k: v for k, v in cells.items() if k.startswith(_RULE6_ROWS)})
        report.figures = year_figures(cells, digest_figures or {})
        return report


def nested_tables(cells: Mapping[str, Number | None]) -> Tables:
    """Tables from flat cell keys (``applications.granted.total``)."""
    out: dict[str, dict[str, dict[str, Number | None]]] = {}
    for key, value in cells.items():
        table, row, column = key.split(".", 2)
        out.setdefault(table, {}).setdefault(row, {})[column] = value
    return Tables.model_validate(out)


def year_figures(cells: Mapping[str, Number | None], digest_figures: Mapping[str, Number | None]) -> dict[str, Number | None]:
    """The key figures of a report: table figures from its cells (a blank 总计: the sum of the printed cells),
    the others from its digest."""
    tables = nested_tables(cells)
    out: dict[str, Number | None] = {}
    for key in TREND_FIGURES:
        table, _, row = key.partition(".")
        if table == "applications":
            out[key] = row_total(tables.applications, row)[0]
        elif key == "review_litigation.litigation":
            parts = [row_total(tables.review_litigation, g)[0] for g in ("litigation_direct", "litigation_after_review")]
            present = [v for v in parts if v is not None]
            out[key] = sum(present) if present else None
        elif table == "review_litigation":
            out[key] = row_total(tables.review_litigation, row)[0]
        else:
            out[key] = digest_figures.get(key)
    return out


def _finding(report: YearReport, rule_id: str, message: str, *, expected: Number | None = None,
             printed: Number | None = None, cells: Iterable[str] = ()) -> FindingRow:
    return FindingRow(
        path=report.path, issuing_body=report.issuing_body, year=report.year, template=report.template, rule="6",
        rule_name=RULE_NAMES["6"], id=rule_id, expected=None if expected is None else float(expected),
        printed=None if printed is None else float(printed), cells="; ".join(cells), message=message,
    )


def _groups(reports: Iterable[YearReport]) -> dict[str, list[YearReport]]:
    by_key: dict[str, list[YearReport]] = defaultdict(list)
    for report in reports:
        by_key[body_key(report.issuing_body) or f"（未读到机关名称）{report.path}"].append(report)
    groups: dict[str, list[YearReport]] = {}
    for key, members in by_key.items():
        names_by_year: dict[int | None, set[str]] = defaultdict(set)
        for r in members:
            names_by_year[r.year].add(r.issuing_body or "")
        if any(len(names) > 1 for names in names_by_year.values()):  # two bodies met by chance: split by name
            for r in members:
                groups.setdefault(f"{key}｜{r.issuing_body}", []).append(r)
        else:
            groups[key] = members
    return groups


def _change(before: Number | None, now: Number | None) -> Number | None:
    return None if before is None or now is None else now - before


def _jump(before: Number, now: Number, options: TrendOptions) -> bool:
    low, high = sorted((abs(float(before)), abs(float(now))))
    return high >= options.jump_min and (high + 1) / (low + 1) >= options.jump_factor


def trends(reports: Iterable[YearReport], options: TrendOptions | None = None) -> tuple[list[dict[str, Any]], list[FindingRow]]:
    """One row per body and year (ordered by body, then year) and the breaks as rule-6 findings."""
    options = options or TrendOptions()
    rows: list[dict[str, Any]] = []
    findings: list[FindingRow] = []
    for key, members in sorted(_groups(reports).items()):
        by_year: dict[int | None, list[YearReport]] = defaultdict(list)
        for r in members:
            by_year[r.year].append(r)
        years = sorted(y for y in by_year if y is not None)
        ordered = [(y, by_year[y]) for y in years] + ([(None, by_year[None])] if None in by_year else [])
        latest = max((r for r in members if r.year is not None), key=lambda r: r.year or 0, default=members[0])
        shown = latest.issuing_body or members[0].issuing_body or key
        previous: YearReport | None = None
        previous_figures: dict[str, Number | None] = {}
        for year, same_year in ordered:
            chosen = sorted(same_year, key=lambda r: (-len(r.tables), r.path))
            report = chosen[0]
            figures = report.figures
            breaks: list[str] = []
            if len(chosen) > 1:
                breaks.append(f"本年度共有{len(chosen)}份报告，使用 {report.path}（另有 {'、'.join(r.path for r in chosen[1:])}）")
            consecutive = previous is not None and year is not None and previous.year == year - 1
            carry_over = "无上年报告"
            if previous is not None and year is not None and previous.year is not None and not consecutive:
                breaks.append(f"上一份报告是{previous.year}年度的（缺{previous.year + 1}至{year - 1}年度）")
            if consecutive and previous is not None:
                checks = previous_year_checks(nested_tables(report.cells), nested_tables(previous.cells), report.template,
                                              previous.template)
                carried = [c for c in checks if c.id.startswith("previous_year.carried_over.")]
                verdicts = {c.passed for c in carried}
                carry_over = CARRY_OVER[False if False in verdicts else True if True in verdicts else None]
                for check in checks:
                    if check.passed is False:
                        cells = [c.replace("previous.", f"{previous.year}年度.") for c in check.cells]
                        findings.append(_finding(report, check.id, check.message, expected=check.expected,
                                                 printed=check.printed, cells=cells))
                        breaks.append(check.message)
                for table in TABLES:
                    if table in previous.tables and table not in report.tables:
                        message = f"规则6 {TABLE_SHORT[table]}：{previous.year}年度报告有此表，本年度报告没有"
                        findings.append(_finding(report, f"previous_year.table_missing.{table}", message))
                        breaks.append(message)
                for figure in JUMP_FIGURES:
                    before, now = previous_figures.get(figure), figures.get(figure)
                    if before is not None and now is not None and _jump(before, now, options):
                        unit = FIGURES[figure][1] or ""
                        message = (f"规则6（提示）{figure_label(figure, unit=False)}：{previous.year}年度 {fmt(before)}{unit}，"
                                   f"本年度 {fmt(now)}{unit}（变化超过{fmt(options.jump_factor)}倍）")
                        findings.append(_finding(report, f"previous_year.jump.{figure}", message, expected=before, printed=now))
                        breaks.append(message)
            row: dict[str, Any] = {
                "body": shown, "body_key": key, "issuing_body": report.issuing_body, "year": year, "path": report.path,
                "template": report.template, "previous_year": previous.year if previous is not None else None,
                **figures,
                **{f"change.{k}": _change(previous_figures.get(k), v) if consecutive else None for k, v in figures.items()},
                "carry_over": carry_over, "breaks": "；".join(breaks) or None,
            }
            rows.append(row)
            if year is not None:
                previous, previous_figures = report, figures
    return rows, findings


TREND_COLUMNS: list[tuple[str, str]] = [
    ("body", "str"), ("body_key", "str"), ("issuing_body", "str"), ("year", "int"), ("path", "str"), ("template", "str"),
    ("previous_year", "int"), *[(k, "float") for k in TREND_FIGURES], *[(f"change.{k}", "float") for k in TREND_FIGURES],
    ("carry_over", "str"), ("breaks", "str"),
]
