"""Reviewed data: ``nianbao review export OUT --reviewed DIR`` writes the batch's files with every decision applied.

For each report under review (a decision or not):

* **facts**: accepted ones as extracted, corrected ones with the reviewer's values, rejected ones left out,
  added ones in, undecided ones as extracted; ``facts.csv`` says which (its ``review`` column), and a fact a
  reviewer added or corrected has ``method: human``;
* **cells**: a cell marked misread takes the value the reviewer read (blank when none was given; the cell
  gets the flag ``corrected``), a confirmed cell keeps its value (flag ``confirmed``);
* **checks**: rules 1-4 and 5 re-run on the reviewed numbers and facts (rule 6 of the report as it was);
  a failed check a reviewer confirmed is marked ``confirmed`` in ``findings.csv``; the digest is rebuilt;
* **status**: ``review_status.csv`` (and the workbook's sheet): facts, flagged cells and failed checks, how
  many are decided, and whether the report is done (:class:`~extractor.review.state.ReviewProgress`).

The files are those of a batch (:func:`extractor.batch.outputs.write_report_files`): reports.jsonl (readable
by ``nianbao review`` again), facts/tables/findings/digest/trends/themes as CSV and Parquet, nianbao.xlsx,
data_dictionary.csv.  With several reviewers the latest decision on each item wins (``reviewer=``: only one
reviewer's).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.batch.outputs import OutputReport, OutputSummary, write_report_files
from extractor.batch.records import ReportUsage, dumps, report_rows
from extractor.checks import run_checks
from extractor.digest import build_digest
from extractor.errors import NianbaoError
from extractor.models import Cell, Tables
from extractor.narrative.checks import narrative_checks
from extractor.narrative.schema import CountFact, Item, WorkItem
from extractor.report import ExtractedReport
from extractor.review.export import _latest, reviewed_tables
from extractor.review.reports import FACT_LISTS, ReportSet, cell_key
from extractor.review.state import ReviewState, build_state, count_model
from extractor.review.store import DecisionStore

REVIEW_MARKS = {"accept": "accepted", "correct": "corrected", "add": "added"}


class ReviewedExportError(NianbaoError):
    """The reviewed export cannot be written where asked (one line)."""


def reviewed_report(report: ExtractedReport, state: ReviewState, *, reviewer: str | None = None) -> tuple[ExtractedReport, list[str], set[str]]:
    """The report with every decision applied; the review mark of each fact (in the order of ``facts.csv``)
    and the ids of the failed checks a reviewer confirmed."""
    reviewed = report.model_copy(deep=True)
    lists: dict[str, list[tuple[dict[str, Any], str]]] = {name: [] for name in FACT_LISTS}
    for fact in state.facts:
        decision = fact.latest(reviewer)
        if decision is None:
            if fact.added_by is None:
                lists[fact.list_name].append((fact.base, "undecided"))
            continue
        resolved = fact.resolved(decision)
        if resolved is None:  # rejected
            continue
        list_name, data = resolved
        mark = "added" if fact.added_by is not None else REVIEW_MARKS.get(decision.action, "accepted")
        if mark in ("added", "corrected"):
            data = {**data, "method": "human"}
        lists[list_name].append((data, mark))
    notes: list[str] = []
    tables = Tables.model_validate(reviewed_tables(report, state, reviewer, notes, blank_unknown=True))
    reviewed.tables = tables
    reviewed.cells = [_reviewed_cell(cell, state, reviewer) for cell in report.cells]
    template = report.meta.template
    narrative = report.narrative
    marks: list[str] = []
    if narrative is not None:
        facts = narrative.model_copy(deep=True)
        for list_name in FACT_LISTS:
            items = sorted(lists[list_name], key=lambda pair: (pair[0]["evidence"]["start"], pair[0]["evidence"]["end"]))
            setattr(facts, list_name, [_fact(list_name, data) for data, _ in items])
        counts = facts.all_counts()
        spans = {f"{c.table}.{c.row}.{c.column}": c.span for c in reviewed.cells if c.span is not None}
        rule5 = narrative_checks(counts, tables, template, spans)
        for fact_model, cells in zip(counts, rule5.table_cells, strict=True):
            fact_model.table_cell = cells
        reviewed.narrative = facts
        by_list = {name: [m for _, m in sorted(lists[name], key=lambda p: (p[0]["evidence"]["start"], p[0]["evidence"]["end"]))]
                   for name in FACT_LISTS}
        # the order of facts.csv (records.report_rows): every count list, then work, then problems, improvements
        order = [*(n for n, (kind, _) in FACT_LISTS.items() if kind == "count"), "platform_work", "oversight", "problems",
                 "improvements"]
        marks = [m for name in order for m in by_list[name]]
        findings = rule5.findings
    else:
        findings = []
    previous_year = [c for c in report.checks if c.id.startswith("previous_year.")]
    reviewed.checks = [*run_checks(tables, template), *previous_year, *findings]
    reviewed.digest = build_digest(reviewed, reviewed.narrative)
    confirmed = {
        cid.removeprefix("check:") for cid, by in state.checks.items()
        if (d := _latest(by, reviewer)) is not None and d.action == "confirm"
    }
    return reviewed, marks, confirmed


def _fact(list_name: str, data: dict[str, Any]) -> CountFact | WorkItem | Item:
    kind = FACT_LISTS[list_name][0]
    if kind == "count":
        return count_model(data)
    return (WorkItem if kind == "work" else Item).model_validate(data)


def _reviewed_cell(cell: Cell, state: ReviewState, reviewer: str | None) -> Cell:
    decision = _latest(state.cells.get(cell_key(cell.table, cell.row, cell.column), {}), reviewer)
    if decision is None:
        return cell
    if decision.action == "confirm":
        return cell.model_copy(update={"flags": [*cell.flags, "confirmed"]})
    if decision.action == "misread":
        value = (decision.payload or {}).get("value")
        return cell.model_copy(update={"value": value, "flags": [*cell.flags, "corrected"],
                                       "note": f"parsed {cell.value}, reviewer {decision.reviewer} reads {value}"})
    return cell


def _usage(report: ExtractedReport) -> ReportUsage:
    n = report.narrative
    if n is None:
        return ReportUsage()
    u = n.usage
    return ReportUsage(input_tokens=u.input_tokens, output_tokens=u.output_tokens, calls=u.calls, reasks=u.reasks,
                       transient_retries=u.transient_retries, cached_chunks=u.cached_chunks, seconds=u.seconds)


def export_reviewed(reports: ReportSet, store: DecisionStore, out: Path, *, reviewer: str | None = None,
                    overwrite: bool = False, parquet: bool = True) -> tuple[OutputSummary, list[dict[str, Any]]]:
    """Write the reviewed outputs of every report into ``out``; returns the files' summary and the status rows."""
    target = reports.target.resolve()
    if out.resolve() == (target if target.is_dir() else target.parent):
        raise ReviewedExportError(f"{out} is the folder under review: write the reviewed files to another folder")
    if (out / "reports.jsonl").exists() and not overwrite:
        raise ReviewedExportError(f"{out} already holds outputs (use --overwrite to replace them)")
    statuses: list[dict[str, Any]] = []

    def records() -> Iterator[OutputReport]:
        for summary in sorted(reports.summaries(), key=lambda s: s.name):
            report = reports.report(summary.report_id)
            state = build_state(report, store.current(summary.sha256))
            reviewed, marks, confirmed = reviewed_report(report, state, reviewer=reviewer)
            path = report.source.path or summary.name
            rows = report_rows(reviewed, path=path, status="done", usage=_usage(report))
            for row, mark in zip(rows.facts, marks, strict=True):
                row.review = mark
            for finding in rows.findings:
                finding.review = "confirmed" if finding.id in confirmed else None
            progress = state.progress(reviewer)
            statuses.append({
                "path": path, "issuing_body": report.meta.issuing_body, "year": report.meta.year, "status": progress.status,
                "facts": progress.facts, "facts_decided": progress.facts_decided, "cells_flagged": progress.cells_flagged,
                "cells_decided": progress.cells_decided, "checks_failed": progress.checks_failed,
                "checks_decided": progress.checks_decided, "marked_done": progress.marked_done,
                "reviewers": ", ".join(progress.reviewers) or None,
            })
            yield OutputReport(path=path, status="done", report_json=dumps(reviewed.model_dump(mode="json")),
                               rows=rows.model_dump())

    # the status rows fill up while the writer consumes the records; it writes them after the last one
    summary = write_report_files(out, records(), parquet=parquet, review_status=statuses)
    return summary, statuses


__all__ = ["ReviewedExportError", "export_reviewed", "reviewed_report"]
