"""The files an analyst opens, written from the batch state (never from memory of one run).

| file | one row per |
| --- | --- |
| ``reports.jsonl`` | report: the ``nianbao extract --json`` object; a failed report is ``{"path", "error"}`` |
| ``reports.parquet`` | report: identity, status, counts, usage, and the full JSON in ``report_json`` |
| ``facts.csv`` / ``.parquet`` | narrative fact, with its evidence quote and ``[start, end)`` offsets |
| ``tables.csv`` / ``.parquet`` | report: one column per standard cell of tables 二/三/四 |
| ``findings.csv`` / ``.parquet`` | failed check (勾稽关系), with its rule number |

Each file is written to a temporary name in OUT, flushed to disk and renamed over the old one
(``os.replace``), so a reader or a killed process never sees half a file.  CSVs are UTF-8 with a BOM so
that Excel shows the Chinese text correctly.  Parquet needs ``pyarrow`` (a dependency); without it the
Parquet files are skipped with a note.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field

from extractor.batch.records import FactRow, FindingRow, ReportSummary, ReportUsage, table_columns
from extractor.batch.state import BatchState
from extractor.util import AtomicFile

PARQUET_BATCH_ROWS = 2000
_REPORT_JSON_BATCH_ROWS = 200

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

class OutputSummary(BaseModel):
    reports: int = 0
    done: int = 0
    partial: int = 0
    failed: int = 0
    facts: int = 0
    problems: int = 0
    findings: int = 0
    reports_with_findings: int = 0
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
    return value


class _Sink:
    """One table written as CSV (and Parquet) through temporary files; ``commit`` renames them."""

    def __init__(self, out: Path, name: str, columns: Sequence[tuple[str, str]], *, csv_file: bool, parquet: bool,
                 batch_rows: int = PARQUET_BATCH_ROWS) -> None:
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
            self._csv.writerow([c for c, _ in self.columns])
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


def write_outputs(state: BatchState, *, parquet: bool = True) -> OutputSummary:
    """(Re)write every output file of ``state.out`` from the state."""
    out = state.out
    note = parquet_available() if parquet else None
    use_parquet = parquet and note is None
    cell_columns = [(c, "float") for c in table_columns()]
    table_cols = [*TABLE_ID_COLUMNS, *cell_columns, ("proactive.extra_rows", "str"), ("other_cells", "str")]
    sinks: list[Any] = []
    try:
        jsonl = _JsonlSink(out, "reports.jsonl")
        sinks.append(jsonl)
        reports = _Sink(out, "reports", [*REPORT_COLUMNS, ("report_json", "str")], csv_file=False,
                        parquet=use_parquet, batch_rows=_REPORT_JSON_BATCH_ROWS)
        facts = _Sink(out, "facts", FACT_COLUMNS, csv_file=True, parquet=use_parquet)
        tables = _Sink(out, "tables", table_cols, csv_file=True, parquet=use_parquet)
        findings = _Sink(out, "findings", FINDING_COLUMNS, csv_file=True, parquet=use_parquet)
        sinks += [reports, facts, tables, findings]
        summary = OutputSummary()
        for stored in state.iter_reports():
            summary.reports += 1
            setattr(summary, stored.status, getattr(summary, stored.status) + 1)
            rows = stored.rows or {}
            report_summary = rows.get("summary") or {"path": stored.path, "status": stored.status}
            report_summary = {**report_summary, "status": stored.status, "error": stored.error}
            if stored.report_json is not None:
                jsonl.write(stored.report_json)
            else:
                jsonl.write(json.dumps({"path": stored.path, "error": stored.error or "not processed"}, ensure_ascii=False))
            reports.write({**report_summary, "report_json": stored.report_json})
            for fact in rows.get("facts") or []:
                facts.write(fact)
                summary.facts += 1
                summary.problems += fact.get("kind") == "problem"
            found = rows.get("findings") or []
            for finding in found:
                findings.write(finding)
            summary.findings += len(found)
            summary.reports_with_findings += bool(found)
            # every report has its row, a failed one too (status and error, no cells): the count matches
            extra = rows.get("extra_cells") or {}
            tables.write({
                **{c: report_summary.get(c) for c, _ in TABLE_ID_COLUMNS},
                **(rows.get("cells") or {}),
                "proactive.extra_rows": extra.pop("proactive.extra_rows", None),
                "other_cells": extra or None,
            })
        files: list[str] = []
        for sink in sinks:
            files += sink.commit()
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise
    summary.files = files
    summary.parquet_note = note
    return summary


def remove_stale_temps(out: Path, names: Iterable[str] = ("reports", "facts", "tables", "findings")) -> None:
    """Temporary files a killed writer left behind."""
    for name in names:
        for suffix in (".csv.tmp", ".parquet.tmp", ".jsonl.tmp"):
            with contextlib.suppress(OSError):
                (out / f".{name}{suffix}").unlink()
