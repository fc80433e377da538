"""The files an analyst opens, written from the batch state (never from memory of one run).

| file | one row per |
| --- | --- |
| ``reports.jsonl`` | report: the ``nianbao extract --json`` object; a failed report is ``{"path", "error"}`` |
| ``reports.parquet`` | report: identity, status, counts, usage, and the full JSON in ``report_json`` |
| ``facts.csv`` / ``.parquet`` | narrative fact, with its evidence quote and ``[start, end)`` offsets (and theme) |
| ``tables.csv`` / ``.parquet`` | report: per-table confidence, then one column per standard cell of tables 二/三/四 |
| ``findings.csv`` / ``.parquet`` | failed check (勾稽关系), with its rule number; the breaks between years too |
| ``digest.csv`` / ``.parquet`` | report: the digest's figures and lines |
| ``trends.csv`` / ``.parquet`` | body and year: key figures, change from the year before, breaks (:mod:`.trends`) |
| ``themes.csv`` / ``.parquet`` | theme, kind, body and year: how many problems and improvements |
| ``data_dictionary.csv`` | key: its Chinese label, table, row, column, unit, templates |
| ``nianbao.xlsx`` | all of it for Excel (:mod:`.excel`) |

**People read CSV, programs read Parquet**: a CSV header is the key's Chinese label in the data dictionary
(``data_dictionary.csv``: its ``label`` column, unique per file), a Parquet column is the key itself.  CSVs are
UTF-8 with a BOM (Excel shows the Chinese), and a text that Excel would run as a formula (``=``, ``+``, ``@``)
gets a leading ``'``.

Each file is written to a temporary name in OUT, flushed to disk and renamed over the old one
(``os.replace``), so a reader or a killed process never sees half a file.  Parquet needs ``pyarrow`` (a
dependency); without it the Parquet files are skipped with a note.  :func:`write_report_files` writes them
from any sequence of reports (the review's reviewed export uses it too).
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field

from extractor.batch.excel import SHEET_NAMES, WORKBOOK_FILE, Column, ExcelWriter, dictionary_rows
from extractor.batch.records import FactRow, FindingRow, ReportSummary, ReportUsage, table_columns
from extractor.batch.state import BatchState
from extractor.batch.trends import TREND_COLUMNS, TrendOptions, YearReport, trends
from extractor.checks import body_key
from extractor.narrative.themes import THEME_LABELS, THEMES
from extractor.tables.dictionary import FIGURES, dictionary_csv, dictionary_entries, field_label, headers
from extractor.util import AtomicFile, atomic_write

PARQUET_BATCH_ROWS = 2000
_REPORT_JSON_BATCH_ROWS = 200
DICTIONARY_FILE = "data_dictionary.csv"
_FORMULA_START = ("=", "+", "@", "\t", "\r")

def _kind(annotation: Any) -> str:
    """The column type of a row field: ``str``, ``int``, ``float`` or ``bool`` (None allowed in every column)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is Literal:
        return "str"
    if args:  # X | None
        return _kind(args[0])
    return {bool: "bool", int: "int", float: "float"}.get(annotation, "str")


def columns(model: type[BaseModel], *, last: type[BaseModel] | None = None) -> list[tuple[str, str]]:
    """The columns of a row model, in field order; the fields of ``last`` (a base class) at the end."""
    tail = set(last.model_fields) if last is not None else set()
    names = [n for n in model.model_fields if n not in tail] + [n for n in model.model_fields if n in tail]
    return [(name, _kind(model.model_fields[name].annotation)) for name in names]


REPORT_COLUMNS = columns(ReportSummary, last=ReportUsage)
FACT_COLUMNS = columns(FactRow)
FINDING_COLUMNS = columns(FindingRow)
TABLE_ID_COLUMNS: list[tuple[str, str]] = [
    ("path", "str"), ("status", "str"), ("error", "str"), ("sha256", "str"), ("issuing_body", "str"), ("year", "int"),
    ("template", "str"), ("checks_failed", "int"),
]

DIGEST_COLUMNS: list[tuple[str, str]] = [
    ("path", "str"), ("issuing_body", "str"), ("year", "int"), ("template", "str"),
    *[(key, "float") for key in FIGURES], ("lines", "str"),
]
THEME_COLUMNS: list[tuple[str, str]] = [
    ("theme", "str"), ("theme_key", "str"), ("kind", "str"), ("issuing_body", "str"), ("year", "int"), ("items", "int"),
    ("reports", "int"),
]
THEME_SUMMARY_COLUMNS: list[tuple[str, str]] = [
    ("theme", "str"), ("theme_key", "str"), ("problems", "int"), ("problem_reports", "int"), ("improvements", "int"),
    ("improvement_reports", "int"), ("followed", "int"), ("repeated", "int"),
]
REVIEW_STATUS_COLUMNS: list[tuple[str, str]] = [
    ("path", "str"), ("issuing_body", "str"), ("year", "int"), ("status", "str"), ("facts", "int"),
    ("facts_decided", "int"), ("cells_flagged", "int"), ("cells_decided", "int"), ("checks_failed", "int"),
    ("checks_decided", "int"), ("marked_done", "bool"), ("reviewers", "str"),
]


class OutputSummary(BaseModel):
    reports: int = 0
    done: int = 0
    partial: int = 0
    failed: int = 0
    facts: int = 0
    problems: int = 0
    findings: int = 0
    reports_with_findings: int = 0
    trend_breaks: int = 0
    files: list[str] = Field(default_factory=list)
    parquet_note: str | None = None


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # Excel would run it as a formula
    return value


class _Sink:
    """One table written as CSV (and Parquet) through temporary files; ``commit`` renames them."""

    def __init__(self, out: Path, name: str, columns: Sequence[tuple[str, str]], *, csv_file: bool, parquet: bool,
                 batch_rows: int = PARQUET_BATCH_ROWS, file: str | None = None) -> None:
        self.out = out
        self.name = name
        self.columns = list(columns)
        self.rows = 0
        self._batch: list[dict[str, Any]] = []
        self._batch_rows = batch_rows
        self._csv_file: AtomicFile | None = None
        self._csv: Any = None
        if csv_file:
            self._csv_file = AtomicFile(out / f"{name}.csv", "w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._csv_file.handle)
            self._csv.writerow(headers(file or name, [c for c, _ in self.columns]))  # people read CSV: Chinese
        self._parquet: Any = None
        self._parquet_file: AtomicFile | None = None
        if parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
            self._schema = pa.schema([(c, types[k]) for c, k in self.columns])
            self._parquet_file = AtomicFile(out / f"{name}.parquet")
            self._parquet = pq.ParquetWriter(self._parquet_file.handle, self._schema, compression="zstd")

    def write(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self._csv is not None:
            self._csv.writerow([_csv_value(row.get(c)) for c, _ in self.columns])
        if self._parquet is not None:
            self._batch.append(row)
            if len(self._batch) >= self._batch_rows:
                self._flush()

    def _flush(self) -> None:
        if self._parquet is None or not self._batch:
            return
        import pyarrow as pa

        arrays = {}
        for col, kind in self.columns:
            values = [r.get(col) for r in self._batch]
            if kind == "float":
                values = [None if v is None else float(v) for v in values]
            elif kind == "int":
                values = [None if v is None else int(v) for v in values]
            elif kind == "str":
                values = [None if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                          for v in values]
            arrays[col] = values
        self._parquet.write_table(pa.table(arrays, schema=self._schema))
        self._batch = []

    def commit(self) -> list[str]:
        self._flush()
        if self._parquet is not None:
            self._parquet.close()  # writes the footer; the file handle stays open for the commit
        files = [f for f in (self._csv_file, self._parquet_file) if f is not None]
        return [f.commit().name for f in files]

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            if self._parquet is not None:
                self._parquet.close()
        for f in (self._csv_file, self._parquet_file):
            if f is not None:
                f.abort()


class _JsonlSink:
    def __init__(self, out: Path, name: str) -> None:
        self.file = AtomicFile(out / name, "w", encoding="utf-8")
        self.rows = 0

    def write(self, line: str) -> None:
        self.rows += 1
        self.file.write(line.rstrip("\n") + "\n")

    def commit(self) -> list[str]:
        return [self.file.commit().name]

    def abort(self) -> None:
        self.file.abort()


def parquet_available() -> str | None:
    """None when pyarrow can be imported, else the note to show."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return "Parquet files skipped: pyarrow is not installed (pip install pyarrow)"
    return None


def write_outputs(state: BatchState, *, parquet: bool = True, trend_options: TrendOptions | None = None) -> OutputSummary:
    """(Re)write every output file of ``state.out`` from the state."""
    reports = (
        OutputReport(path=stored.path, status=stored.status, error=stored.error, report_json=stored.report_json,
                     rows=stored.rows)
        for stored in state.iter_reports()
    )
    return write_report_files(state.out, reports, parquet=parquet, trend_options=trend_options)


class OutputReport(BaseModel):
    """One report as the writer takes it: its status, JSON and flat rows (:class:`~.records.ReportRows` as a dict)."""

    path: str
    status: str
    error: str | None = None
    report_json: str | None = None
    rows: dict[str, Any] | None = None


def write_report_files(
    out: Path,
    reports: Iterable[OutputReport],
    *,
    parquet: bool = True,
    trend_options: TrendOptions | None = None,
    review_status: Sequence[dict[str, Any]] | None = None,
) -> OutputSummary:
    """Write the batch's files into ``out`` from ``reports`` (streamed: only the small per-report figures the
    trends need are kept); ``review_status`` adds ``review_status.csv`` and its sheet (reviewed outputs)."""
    out.mkdir(parents=True, exist_ok=True)
    note = parquet_available() if parquet else None
    use_parquet = parquet and note is None
    table_cols = _table_columns()
    sinks: list[Any] = []
    workbook: AtomicFile | None = None
    try:
        jsonl = _JsonlSink(out, "reports.jsonl")
        sinks.append(jsonl)
        reports_sink = _Sink(out, "reports", [*REPORT_COLUMNS, ("report_json", "str")], csv_file=False,
                             parquet=use_parquet, batch_rows=_REPORT_JSON_BATCH_ROWS)
        facts = _Sink(out, "facts", FACT_COLUMNS, csv_file=True, parquet=use_parquet)
        tables = _Sink(out, "tables", table_cols, csv_file=True, parquet=use_parquet)
        findings = _Sink(out, "findings", FINDING_COLUMNS, csv_file=True, parquet=use_parquet)
        digests = _Sink(out, "digest", DIGEST_COLUMNS, csv_file=True, parquet=use_parquet)
        sinks += [reports_sink, facts, tables, findings, digests]
        workbook = AtomicFile(out / WORKBOOK_FILE)
        excel = ExcelWriter(workbook.handle, tmpdir=out, reviewed=review_status is not None)
        summary = OutputSummary()
        years: list[YearReport] = []
        themes = _ThemeCounts()
        with_findings: set[str] = set()
        for report in reports:
            summary.reports += 1
            if report.status in ("done", "partial", "failed"):
                setattr(summary, report.status, getattr(summary, report.status) + 1)
            rows = report.rows or {}
            report_summary = rows.get("summary") or {"path": report.path, "status": report.status}
            report_summary = {**report_summary, "status": report.status, "error": report.error}
            if report.report_json is not None:
                jsonl.write(report.report_json)
            else:
                jsonl.write(json.dumps({"path": report.path, "error": report.error or "not processed"}, ensure_ascii=False))
            reports_sink.write({**report_summary, "report_json": report.report_json})
            excel.row("reports", report_summary)
            for fact in rows.get("facts") or []:
                facts.write(fact)
                excel.row("facts", fact)
                themes.add(fact)
                summary.facts += 1
                summary.problems += fact.get("kind") == "problem"
            found = rows.get("findings") or []
            for finding in found:
                findings.write(finding)
                excel.row("findings", finding)
            summary.findings += len(found)
            if found:
                summary.reports_with_findings += 1
                with_findings.add(report.path)
            # every report has its row in tables.csv, a failed one too (status and error, no cells)
            ids = {c: report_summary.get(c) for c, _ in TABLE_ID_COLUMNS}
            cells = rows.get("cells") or {}
            extra = dict(rows.get("extra_cells") or {})
            tables.write({**ids, **confidence_columns(report.report_json), **cells,
                          "proactive.extra_rows": extra.pop("proactive.extra_rows", None), "other_cells": extra or None})
            if report.report_json is None:
                continue
            excel.table_rows(ids, cells)
            digest = rows.get("digest") or {}
            digest_row = {**ids, **(digest.get("figures") or {}), "lines": "\n".join(digest.get("lines") or []) or None}
            digests.write(digest_row)
            excel.row("digest", digest_row)
            years.append(YearReport.of(report.path, ids["issuing_body"], ids["year"], ids["template"], cells,
                                       digest.get("figures")))
        trend_rows, breaks = trends(years, trend_options)
        for finding_row in breaks:
            findings.write(finding_row.model_dump())
            excel.row("findings", finding_row.model_dump())
        summary.findings += len(breaks)
        summary.trend_breaks = len(breaks)
        summary.reports_with_findings += len({b.path for b in breaks} - with_findings)
        trend_sink = _Sink(out, "trends", TREND_COLUMNS, csv_file=True, parquet=use_parquet)
        sinks.append(trend_sink)
        for row in trend_rows:
            trend_sink.write(row)
        excel.rows("trends", _excel_columns("trends", TREND_COLUMNS, wide={"breaks": 60, "path": 28, "body": 22}),
                   trend_rows)
        theme_rows, theme_summary = themes.rows(years)
        theme_sink = _Sink(out, "themes", THEME_COLUMNS, csv_file=True, parquet=use_parquet)
        sinks.append(theme_sink)
        for row in theme_rows:
            theme_sink.write(row)
        excel.rows("theme_summary", _excel_columns("theme_summary", THEME_SUMMARY_COLUMNS), theme_summary)
        excel.rows("themes", _excel_columns("themes", THEME_COLUMNS, values={"kind": "kind"}), theme_rows)
        if review_status is not None:
            status_sink = _Sink(out, "review_status", REVIEW_STATUS_COLUMNS, csv_file=True, parquet=False)
            sinks.append(status_sink)
            for row in review_status:
                status_sink.write(row)
            excel.rows("review_status", _excel_columns("review_status", REVIEW_STATUS_COLUMNS, values={"status": "status"}),
                       review_status)
        files_columns = output_columns(reviewed=review_status is not None)
        entries = list(dictionary_entries(files_columns, theme_values()))
        excel.rows("dictionary", excel.sheets["dictionary"].columns, dictionary_rows(entries))
        excel.close(_readme(summary, review_status is not None))
        files: list[str] = []
        for sink in sinks:
            files += sink.commit()
        files.append(workbook.commit().name)
        workbook = None
        files.append(atomic_write(out / DICTIONARY_FILE, "\ufeff" + dictionary_csv(files_columns, theme_values())).name)
    except BaseException:
        for sink in sinks:
            sink.abort()
        if workbook is not None:
            workbook.abort()
        raise
    summary.files = files
    summary.parquet_note = note
    return summary


def output_columns(*, reviewed: bool = False) -> dict[str, list[str]]:
    """Every output file and its columns, in order (the data dictionary's ``file`` and ``key``)."""
    files = {
        "tables": [c for c, _ in _table_columns()],
        "facts": [c for c, _ in FACT_COLUMNS],
        "findings": [c for c, _ in FINDING_COLUMNS],
        "digest": [c for c, _ in DIGEST_COLUMNS],
        "trends": [c for c, _ in TREND_COLUMNS],
        "themes": [c for c, _ in THEME_COLUMNS],
        "theme_summary": [c for c, _ in THEME_SUMMARY_COLUMNS],
        "reports": [c for c, _ in REPORT_COLUMNS] + ["report_json"],
    }
    if reviewed:
        files["review_status"] = [c for c, _ in REVIEW_STATUS_COLUMNS]
    return files


def _table_columns() -> list[tuple[str, str]]:
    return [*TABLE_ID_COLUMNS, *CONFIDENCE_COLUMNS, *((c, "float") for c in table_columns()), ("proactive.extra_rows", "str"),
            ("other_cells", "str")]


# Per-table confidence (``table_confidence`` of the report JSON) and the lowest of the three: sort
# tables.csv by ``confidence.min`` to review the weakest tables first.
CONFIDENCE_TABLES = ("proactive", "applications", "review_litigation")
CONFIDENCE_COLUMNS: list[tuple[str, str]] = [
    *((f"confidence.{t}", "float") for t in CONFIDENCE_TABLES), ("confidence.min", "float"),
]

def confidence_columns(report_json: str | None) -> dict[str, float | None]:
    """The confidence columns of tables.csv from a report's JSON (empty for a legacy or failed one)."""
    found: dict[str, Any] = {}
    if report_json:
        try:
            found = json.loads(report_json).get("table_confidence") or {}
        except (ValueError, AttributeError):
            found = {}
    row: dict[str, float | None] = {
        f"confidence.{t}": (found.get(t) or {}).get("confidence") for t in CONFIDENCE_TABLES
    }
    present = [v for v in row.values() if v is not None]
    row["confidence.min"] = min(present) if present else None
    return row



def theme_values() -> list[tuple[str, str, str]]:
    """The theme vocabulary for the data dictionary."""
    return [("theme", t.key, t.label) for t in THEMES]


def _excel_columns(file: str, columns: Sequence[tuple[str, str]], *, wide: dict[str, float] | None = None,
                   values: dict[str, str] | None = None) -> list[Column]:
    wide, values = wide or {}, values or {}
    return [Column(key, (field_label(file, key),), "text" if key in ("breaks", "reviewers") else kind,
                   wide.get(key, 12), values.get(key)) for key, kind in columns]


class _ThemeCounts:
    """Problems and improvements counted by theme, kind, body and year while the facts stream by."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str, int | None], int] = {}
        self.reports: dict[tuple[str, str, str, int | None], set[str]] = {}

    def add(self, fact: dict[str, Any]) -> None:
        kind = fact.get("kind")
        if kind not in ("problem", "improvement"):
            return
        body = fact.get("issuing_body") or ""
        key = (fact.get("theme") or "other", kind, body, fact.get("year"))
        self.items[key] = self.items.get(key, 0) + 1
        self.reports.setdefault(key, set()).add(fact.get("path") or "")

    def rows(self, years: Sequence[YearReport]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        order: dict[str, int] = {t.key: i for i, t in enumerate(THEMES)}
        rows = [
            {"theme": THEME_LABELS.get(theme, theme), "theme_key": theme, "kind": kind, "issuing_body": body or None,
             "year": year, "items": n, "reports": len(self.reports[theme, kind, body, year])}
            for (theme, kind, body, year), n in sorted(
                self.items.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1], kv[0][2], kv[0][3] or 0))
        ]
        # do they fix it? a problem admitted one year, and the same body's report of the next year
        reported = {(body_key(r.issuing_body), r.year) for r in years if r.year is not None and r.issuing_body}
        admitted: dict[str, set[tuple[str, int]]] = {}
        for (key, kind, body, year) in self.items:
            if kind == "problem" and body and year is not None:
                admitted.setdefault(key, set()).add((body_key(body), year))
        summary: list[dict[str, Any]] = []

        def total(key: str, kind: str, what: str) -> int:
            picked = [k for k in self.items if k[0] == key and k[1] == kind]
            if what == "items":
                return sum(self.items[k] for k in picked)
            return len(set().union(*(self.reports[k] for k in picked))) if picked else 0

        for theme in THEMES:
            pairs = admitted.get(theme.key, set())
            followed = {(b, y) for b, y in pairs if (b, y + 1) in reported}
            summary.append({
                "theme": theme.label, "theme_key": theme.key, "problems": total(theme.key, "problem", "items"),
                "problem_reports": total(theme.key, "problem", "reports"),
                "improvements": total(theme.key, "improvement", "items"),
                "improvement_reports": total(theme.key, "improvement", "reports"), "followed": len(followed),
                "repeated": sum((b, y + 1) in pairs for b, y in followed),
            })
        summary.sort(key=lambda r: (-int(r["problems"]), order[str(r["theme_key"])]))
        return rows, summary


def _readme(summary: OutputSummary, reviewed: bool) -> list[str]:
    return [
        "nianbao：政府信息公开工作年度报告" + ("（审核后的数据）" if reviewed else ""),
        f"报告 {summary.reports} 份；叙述事实 {summary.facts} 条（其中问题 {summary.problems} 条）；"
        f"未通过的勾稽校验 {summary.findings} 项（含年度衔接断点 {summary.trend_breaks} 项）。",
        f"{SHEET_NAMES['digest']}：每份报告的关键数字和摘要。",
        f"{SHEET_NAMES['proactive']} / {SHEET_NAMES['applications']} / {SHEET_NAMES['review_litigation']}：每份报告一行，"
        "表头与官方表格一致；空白单元格保持空白（不是 0）。表二分2021年版、2019年版两块，各报告填在自己版式的一块。",
        f"{SHEET_NAMES['trends']}：同一机关逐年对比（机关名称归并：办公室/办公厅、人民政府/政府、县改区），"
        "上年结转与上年报告的结转下年度是否相符（规则6），较上年增减，断点。",
        f"{SHEET_NAMES['theme_summary']} / {SHEET_NAMES['themes']}：问题和改进措施按主题统计，及按主题、机关、年度统计；"
        "“次年再次承认”：承认某类问题后，次年报告再次承认同类问题的次数。",
        f"{SHEET_NAMES['facts']}：叙述中的数字、平台建设、监督保障、问题和改进措施，附原文与位置。",
        f"{SHEET_NAMES['findings']}：未通过的勾稽校验（规则1-6）。",
        *([f"{SHEET_NAMES['review_status']}：每份报告的审核进度。"] if reviewed else []),
        f"{SHEET_NAMES['dictionary']}：每个键（程序读取的 Parquet/JSON 列名）对应的中文标签、表、行、列、单位。",
    ]



def remove_stale_temps(
    out: Path, names: Iterable[str] = ("reports", "facts", "tables", "findings", "digest", "trends", "themes", "review_status"),
) -> None:
    """Temporary files a killed writer left behind."""
    for name in names:
        for suffix in (".csv.tmp", ".parquet.tmp", ".jsonl.tmp"):
            with contextlib.suppress(OSError):
                (out / f".{name}{suffix}").unlink()
    for name in (WORKBOOK_FILE, DICTIONARY_FILE):
        with contextlib.suppress(OSError):
            (out / f".{name}.tmp").unlink()
