"""``nianbao.xlsx``: the batch as an analyst opens it in Excel (XlsxWriter, constant memory).

Sheets: 说明 (what is where), 摘要 (the digest: key figures and lines per report), 表二/表三/表四 (one row per
report, the official Chinese headers in two or three rows as the templates print them; 表二 with a block per
template, since the two templates print different columns), 年度对比 (each body and year: key figures and
the change from the year before, breaks), 主题汇总 and 主题统计 (problems and improvements counted by theme,
and by theme, body and year), 事实 (narrative facts), 校验 (failed checks), 报告 (one line per report),
审核状态 (reviewed outputs only), 数据字典.  Every label comes from :mod:`extractor.tables.dictionary`.

Numbers are numbers (blank cells stay blank, never 0), header rows are frozen with the identifying columns,
every sheet has an autofilter, and no text ever becomes a formula or a link.  Rows are written as they come
(``constant_memory``), so memory stays flat over thousands of reports; a sheet that reaches Excel's row limit
says so in its last row (the CSV and Parquet files have everything).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from extractor.narrative.themes import THEME_LABELS
from extractor.tables.dictionary import (
    DICTIONARY_COLUMNS,
    Entry,
    field_label,
    sheet_cells,
    sheet_header,
    value_label,
)

MAX_ROWS = 1_048_576
WORKBOOK_FILE = "nianbao.xlsx"
Header = tuple[str | None, ...]
SHEET_NAMES = {
    "readme": "说明", "digest": "摘要", "proactive": "表二 主动公开", "applications": "表三 依申请公开",
    "review_litigation": "表四 复议诉讼", "trends": "年度对比", "theme_summary": "主题汇总", "themes": "主题统计",
    "facts": "事实", "findings": "校验", "reports": "报告", "review_status": "审核状态", "dictionary": "数据字典",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: Header
    kind: str = "str"  # str, int, float, bool, text (long text: wrapped), json
    width: float = 12
    values: str | None = None  # a vocabulary of dictionary.VALUE_LABELS (or "theme") to show in Chinese


def _fields(file: str, spec: Sequence[tuple[str, str, float]], *, values: dict[str, str] | None = None,
            depth: int = 1) -> list[Column]:
    values = values or {}
    return [Column(key, (field_label(file, key), *([None] * (depth - 1))), kind, width, values.get(key))
            for key, kind, width in spec]


_ID = [("path", "str", 28), ("issuing_body", "str", 22), ("year", "int", 7), ("template", "str", 8)]


class ExcelWriter:
    """Writes the workbook row by row; :meth:`close` finishes it (the caller commits the file)."""

    def __init__(self, handle: IO[bytes], *, tmpdir: Path, reviewed: bool = False) -> None:
        self.book = xlsxwriter.Workbook(handle, {
            "constant_memory": True, "tmpdir": str(tmpdir), "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        book = self.book
        self.fmt_head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                                         "border": 1, "bg_color": "#DDEBF7"})
        self.fmt_head_across = book.add_format({"bold": True, "text_wrap": False, "valign": "vcenter",
                                                "align": "center_across", "border": 1, "bg_color": "#DDEBF7"})
        self.fmt_wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.fmt_num = book.add_format({"num_format": "#,##0.########"})
        self.fmt_int = book.add_format({"num_format": "0"})
        self.reviewed = reviewed
        self.sheets: dict[str, _Sheet] = {}
        readme = book.add_worksheet(SHEET_NAMES["readme"])
        self._readme = readme
        table_id = [Column(k, (field_label("tables", k), None, None), kind, width) for k, kind, width in
                    [*_ID, ("checks_failed", "int", 8)]]
        self._add("digest", SHEET_NAMES["digest"], [*(_fields("digest", _ID)), *self._figure_columns(),
                                     Column("lines", (field_label("digest", "lines"),), "text", 80)])
        for table in ("proactive", "applications", "review_litigation"):
            cells = [Column(entry.key if template is None else f"{template}:{entry.key}", sheet_header(template, entry),
                            "float", 10) for template, entry in sheet_cells(table)]
            self._add(table, SHEET_NAMES[table], [*table_id, *cells])
        self._add("trends", SHEET_NAMES["trends"], [])  # written at the end, columns then
        self._add("theme_summary", SHEET_NAMES["theme_summary"], [])
        self._add("themes", SHEET_NAMES["themes"], [])
        self._add("facts", SHEET_NAMES["facts"], _fields("facts", [
            *_ID[:3], ("kind", "str", 9), ("category", "str", 10), ("theme", "str", 14), ("quantity", "str", 18),
            ("value", "float", 10), ("unit", "str", 6), ("approximate", "bool", 6), ("channel", "str", 10),
            ("text", "text", 36), ("quote", "text", 50), ("table_cell", "str", 20), ("method", "str", 8),
            ("section", "str", 14), ("start", "int", 8), ("end", "int", 8), ("review", "str", 10),
        ], values={"kind": "kind", "category": "category", "theme": "theme", "method": "method", "review": "review"}))
        self._add("findings", SHEET_NAMES["findings"], _fields("findings", [
            *_ID, ("rule", "str", 5), ("rule_name", "str", 24), ("message", "text", 60), ("expected", "float", 10),
            ("printed", "float", 10), ("id", "str", 34), ("cells", "text", 40), ("review", "str", 10),
        ], values={"review": "review"}))
        self._add("reports", SHEET_NAMES["reports"], _fields("reports", [
            *_ID, ("status", "str", 10), ("error", "text", 30), ("tables_found", "int", 8), ("facts", "int", 8),
            ("problems", "int", 8), ("checks_failed", "int", 8), ("checks_passed", "int", 8), ("llm_errors", "int", 8),
            ("model", "str", 16), ("prompt", "str", 12), ("input_tokens", "int", 10), ("output_tokens", "int", 10),
            ("calls", "int", 8), ("seconds", "float", 8),
        ], values={"status": "status"}))
        if reviewed:
            self._add("review_status", SHEET_NAMES["review_status"], [])
        self._add("dictionary", SHEET_NAMES["dictionary"], [Column(k, (k,), "text" if k == "description" else "str", 30 if k in
                                                   ("label", "description", "row_label") else 14) for k in DICTIONARY_COLUMNS])

    @staticmethod
    def _figure_columns() -> list[Column]:
        from extractor.tables.dictionary import FIGURES

        return [Column(key, (field_label("digest", key),), "float", 12) for key in FIGURES]

    def _add(self, name: str, title: str, columns: list[Column]) -> None:
        sheet = _Sheet(self, self.book.add_worksheet(title), columns)
        self.sheets[name] = sheet
        if columns:
            sheet.header()

    # -- rows ------------------------------------------------------------------------------------
    def table_rows(self, ids: dict[str, Any], cells: dict[str, Any]) -> None:
        """One report in the sheets of tables 二/三/四 (a sheet only when the report has that table)."""
        template = ids.get("template")
        for table in ("proactive", "applications", "review_litigation"):
            if not any(key.startswith(f"{table}.") for key in cells):
                continue
            sheet = self.sheets[table]
            values: dict[str, Any] = dict(ids)
            for column in sheet.columns:
                key = column.key
                if ":" in key:  # table 二: a block per template; a report fills its own template's block
                    block, cell = key.split(":", 1)
                    own = template if template in ("2021", "2019") else block
                    if block == own and cell in cells:
                        values[key] = cells[cell]
                elif key in cells:
                    values[key] = cells[key]
            sheet.row(values)

    def row(self, name: str, values: dict[str, Any]) -> None:
        self.sheets[name].row(values)

    def rows(self, name: str, columns: list[Column], rows: Iterable[dict[str, Any]]) -> None:
        """A sheet written at the end (its columns known then)."""
        sheet = self.sheets[name]
        sheet.columns = columns
        sheet.header()
        for values in rows:
            sheet.row(values)

    def close(self, readme: Sequence[str]) -> None:
        sheet = self._readme
        sheet.set_column(0, 0, 120)
        bold = self.book.add_format({"bold": True, "font_size": 14})
        for i, line in enumerate(readme):
            sheet.write_string(i, 0, line, bold if i == 0 else self.fmt_wrap)
        for s in self.sheets.values():
            s.finish()
        self.book.close()


class _Sheet:
    def __init__(self, writer: ExcelWriter, sheet: Worksheet, columns: list[Column]) -> None:
        self.writer, self.sheet, self.columns = writer, sheet, columns
        self.next_row = 0
        self.depth = 0
        self.full = False

    def header(self) -> None:
        columns, sheet, w = self.columns, self.sheet, self.writer
        depth = max((len(c.header) for c in columns), default=1)
        levels = [(*c.header, *([None] * (depth - len(c.header)))) for c in columns]
        for level in range(depth):
            col = 0
            while col < len(levels):
                label = levels[col][level]
                if label is None:
                    sheet.write_blank(level, col, None, w.fmt_head)
                    col += 1
                    continue
                run = 1
                while col + run < len(levels) and levels[col + run][: level + 1] == levels[col][: level + 1]:
                    run += 1
                if run == 1:
                    sheet.write_string(level, col, label, w.fmt_head)
                else:  # a group label centred over its columns (no merged cells: constant memory writes rows once)
                    sheet.write_string(level, col, label, w.fmt_head_across)
                    for extra in range(1, run):
                        sheet.write_blank(level, col + extra, None, w.fmt_head_across)
                col += run
        for i, column in enumerate(columns):
            sheet.set_column(i, i, column.width)
        sheet.set_row(depth - 1, 45 if depth == 1 else 60)
        frozen = next((i for i, c in enumerate(columns) if c.key in ("year", "template")), 0)
        sheet.freeze_panes(depth, min(frozen + 1, 4) if frozen else 0)
        self.depth = depth
        self.next_row = depth

    def row(self, values: dict[str, Any]) -> None:
        if self.full:
            return
        sheet, w, r = self.sheet, self.writer, self.next_row
        if r >= MAX_ROWS - 1:
            sheet.write_string(r, 0, "已达 Excel 行数上限：其余各行见同名 CSV / Parquet 文件")
            self.full = True
            return
        for c, column in enumerate(self.columns):
            value = values.get(column.key)
            if value is None or value == "":
                continue
            if column.values is not None:
                value = THEME_LABELS.get(value, value) if column.values == "theme" else value_label(column.values, value)
            if isinstance(value, bool):
                sheet.write_string(r, c, "是" if value else "否")
            elif isinstance(value, int | float) and column.kind in ("int", "float"):
                sheet.write_number(r, c, value, w.fmt_int if column.kind == "int" else w.fmt_num)
            elif column.kind == "text":
                sheet.write_string(r, c, str(value)[:32767], w.fmt_wrap)
            else:
                sheet.write_string(r, c, str(value)[:32767])
        self.next_row += 1

    def finish(self) -> None:
        if self.columns and self.depth:
            self.sheet.autofilter(self.depth - 1, 0, max(self.next_row - 1, self.depth - 1), len(self.columns) - 1)


def dictionary_rows(entries: Iterable[Entry]) -> Iterable[dict[str, Any]]:
    for e in entries:
        yield {"key": e.key, "label": e.label, "file": e.file, "table": e.table, "row": e.row, "row_label": e.row_label,
               "column": e.column, "column_label": e.column_label, "unit": e.unit, "templates": " ".join(e.templates),
               "description": e.description}


def field_columns(file: str, spec: Sequence[tuple[str, str, float]], *, values: dict[str, str] | None = None) -> list[Column]:
    return _fields(file, spec, values=values)


__all__ = ["SHEET_NAMES", "WORKBOOK_FILE", "Column", "ExcelWriter", "Format", "dictionary_rows", "field_columns"]
