"""What the review UI reads: ExtractedReport JSON (one per ``reports.jsonl`` line) and the source text.

The reader depends only on the ExtractedReport schema (``nianbao extract --json``), not on how a batch
stores its state.  Inputs:

* a batch output folder holding ``reports.jsonl`` (one ExtractedReport per line; other lines, such as
  ``{"path", "error"}`` records, are counted and skipped);
* a ``.jsonl`` file of the same lines, or a ``.json`` file holding one report (or a list of them);
* a report file (``.txt``/``.html``/``.docx``/``.pdf``), extracted here with the rules-only extractor.

Reports are indexed once (the byte offset of each line and a queue summary) and re-read on demand, so a
large batch is never held in memory.  The source text is found from ``source.path`` and checked against
``source.sha256``; a missing or changed file is reported, never silently used.
"""

from __future__ import annotations

import copy
import json
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from extractor.errors import NianbaoError
from extractor.load import LoadError, load_document
from extractor.models import Finding, Section, SourceDocument
from extractor.narrative import fact_lists
from extractor.narrative.fact_lists import FactKind
from extractor.narrative.schema import CountFact, Item, WorkItem
from extractor.report import ExtractedReport

REPORTS_FILE = "reports.jsonl"
REPORT_FILE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"})

SourceStatus = Literal["ok", "changed", "missing"]

# A label for reviewers per fact list; every fact list of NarrativeFacts, in reading order, with its kind.
LIST_LABELS: dict[str, str] = {
    "proactive_counts": "主动公开",
    "application_counts": "依申请公开",
    "review_litigation_counts": "复议诉讼",
    "platform_counts": "平台数字",
    "oversight_counts": "监督保障数字",
    "fees": "收费",
    "other_counts": "其他数字",
    "platform_work": "平台建设",
    "oversight": "监督保障",
    "problems": "存在问题",
    "improvements": "改进措施",
}
FACT_LISTS: dict[str, tuple[FactKind, str]] = {
    name: (kind, LIST_LABELS.get(name, name)) for name, kind in fact_lists.FACT_LISTS.items()
}
# Cell flags that ask a person to look (the parser chose among alternatives or recovered a layout).
REVIEW_CELL_FLAGS = frozenset({"ambiguous_split", "recovered_detached", "aligned_by_order"})
TABLE_NAMES = {"proactive": "表二 主动公开", "applications": "表三 依申请公开", "review_litigation": "表四 复议诉讼"}


class ReviewInputError(NianbaoError):
    """The review input cannot be read (one line, shown to the user)."""


class ReportGone(KeyError):
    """A report that a rewritten ``reports.jsonl`` no longer holds."""


def number_token(value: float | int) -> str:
    """A value as it appears in a fact key: ``62``, ``1.5``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).replace("+", "")


@dataclass(frozen=True)
class FactRef:
    """One fact of a report as the reviewer sees it; ``key`` is stable for the same extraction."""

    key: str
    list_name: str
    fact: CountFact | WorkItem | Item

    @property
    def kind(self) -> FactKind:
        return FACT_LISTS[self.list_name][0]

    @property
    def start(self) -> int:
        return self.fact.evidence.start

    @property
    def end(self) -> int:
        return self.fact.evidence.end


def report_facts(report: ExtractedReport) -> list[FactRef]:
    """Every narrative fact with its key: ``<list>:<start>-<end>[:<value>]``, ``~2`` … for repeats."""
    narrative = report.narrative
    if narrative is None:
        return []
    refs: list[FactRef] = []
    seen: dict[str, int] = {}
    for list_name, (kind, _label) in FACT_LISTS.items():
        for fact in getattr(narrative, list_name):
            ev = fact.evidence
            key = f"{list_name}:{ev.start}-{ev.end}"
            if kind == "count":
                key += f":{number_token(fact.value)}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key += f"~{seen[key]}"
            refs.append(FactRef(key=key, list_name=list_name, fact=fact))
    return refs


def cell_path(table: str, row: str, column: str) -> str:
    """``applications.granted.total`` (a local row of table 二: ``proactive.extra_rows.<label>.<column>``)."""
    return f"{table}.{row}.{column}"


def cell_key(table: str, row: str, column: str) -> str:
    """The decision target of a table cell: ``cell:`` and its path."""
    return f"cell:{cell_path(table, row, column)}"


def deepest_section(sections: list[Section], offset: int) -> Section | None:
    """The innermost section whose span holds ``offset``."""
    for section in sections:
        if section.span.start <= offset < section.span.end:
            return deepest_section(section.subsections, offset) or section
    return None


def narrative_finding(report: ExtractedReport, fact: CountFact) -> Finding | None:
    """The rule-5 finding (narrative vs table) that checked this figure, if any."""
    if not fact.table_cell:
        return None
    paths = fact.table_cell.split("+")
    for check in report.checks:
        if (
            check.id.startswith("narrative.")
            and check.cells == paths
            and check.printed is not None
            and math.isclose(float(check.printed), float(fact.value), abs_tol=1e-6)
        ):
            return check
    return None


@dataclass
class LoadedSource:
    """The source text of a report, or why it is not shown."""

    status: SourceStatus
    text: str | None
    path: str | None
    message: str = ""


@dataclass
class ReportSummary:
    """What the queue shows and sorts by (decision progress is added from the store)."""

    report_id: str
    sha256: str
    name: str
    title: str
    issuing_body: str
    year: int | None
    template: str
    source_status: SourceStatus
    failed_checks: int
    disagreements: int
    ungrounded: int
    flagged_cells: int
    warnings: int
    facts: int
    cells: int
    fact_keys: list[str] = field(default_factory=list)
    flagged_cell_keys: list[str] = field(default_factory=list)  # decision targets (cell:…) of the flagged cells
    failed_check_cells: dict[str, list[str]] = field(default_factory=dict)  # failed check (rules 1-4, 6) -> its cells
    # the files holding exactly this text (same sha256), this one included: reviewed once, decided for all
    copies: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    summary: ReportSummary
    load: Callable[[], ExtractedReport]
    search_dirs: tuple[Path, ...]


class ReportSet:
    """The reports under review, indexed by a short stable id (the start of the source sha256)."""

    def __init__(self, target: Path, *, sources_dir: Path | None = None) -> None:
        self.target = target
        self.sources_dir = sources_dir
        self.skipped_lines: list[str] = []
        self._entries: dict[str, _Entry] = {}
        self._text_cache: dict[tuple[str, str], LoadedSource] = {}
        self._jsonl: Path | None = None
        self._jsonl_stamp: tuple[int, int] | None = None
        self._refresh_lock = threading.Lock()
        if target.is_dir():
            jsonl = target / REPORTS_FILE
            if not jsonl.is_file():
                raise ReviewInputError(f"no {REPORTS_FILE} in {target} (run `nianbao batch INPUT -o {target}` first)")
            self._index_jsonl(jsonl)
        elif not target.exists():
            raise ReviewInputError(f"no such file or folder: {target}")
        elif target.suffix.lower() == ".jsonl":
            self._index_jsonl(target)
        elif target.suffix.lower() == ".json":
            self._index_json(target)
        else:
            self._index_report_file(target)
        if not self._entries:
            raise ReviewInputError(f"no reports to review in {target}" + (f" ({len(self.skipped_lines)} lines skipped)" if self.skipped_lines else ""))

    # -- indexing --------------------------------------------------------------------------------
    def _add(self, report: ExtractedReport, load: Callable[[], ExtractedReport], base: Path) -> None:
        dirs = tuple(dict.fromkeys(d for d in (self.sources_dir, Path.cwd(), base, base.parent) if d is not None))
        report_id = report.source.sha256[:12]
        previous = self._entries.get(report_id)
        if previous is not None and previous.summary.sha256 != report.source.sha256:
            report_id = report.source.sha256[:20]
        source = self._resolve_source(report, dirs)
        summary = summarize_report(report_id, report, source.text)
        summary.source_status = source.status
        # the same text in another file: one entry (decisions are kept by text), and it says how many files
        path = report.source.path or summary.name
        summary.copies = [path]
        if previous is not None and previous.summary.sha256 == report.source.sha256:
            summary.copies = [*(c for c in previous.summary.copies if c != path), path]
        self._entries[report_id] = _Entry(summary=summary, load=load, search_dirs=dirs)  # a later line wins

    def _index_jsonl(self, path: Path) -> None:
        self._jsonl = path
        with path.open("rb") as fh:
            stat = os.fstat(fh.fileno())
            self._jsonl_stamp = (stat.st_mtime_ns, stat.st_size)
            offset = 0
            for number, line in enumerate(fh, 1):
                line_offset, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                report = _parse_report_line(line)
                if report is None:
                    self.skipped_lines.append(f"{path.name}:{number}: {_describe_skipped(line)}")
                    continue
                self._add(report, _line_loader(path, line_offset, report.source.sha256), path.parent)

    def refresh(self) -> bool:
        """Re-index ``reports.jsonl`` if it changed (a running batch rewrites it); True when it did."""
        if self._jsonl is None:
            return False
        try:
            stat = self._jsonl.stat()
        except OSError:
            return False
        with self._refresh_lock:
            if (stat.st_mtime_ns, stat.st_size) == self._jsonl_stamp:
                return False
            shadow = copy.copy(self)  # indexed aside, then swapped in: readers never see half an index
            shadow._entries, shadow.skipped_lines = {}, []
            shadow._index_jsonl(self._jsonl)
            self._entries, self.skipped_lines, self._jsonl_stamp = shadow._entries, shadow.skipped_lines, shadow._jsonl_stamp
            return True

    def _index_json(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReviewInputError(f"cannot read {path}: {exc}") from None
        items = data if isinstance(data, list) else [data]
        for number, item in enumerate(items, 1):
            try:
                report = ExtractedReport.model_validate(item)
            except ValidationError:
                self.skipped_lines.append(f"{path.name}: item {number} is not a report JSON")
                continue
            self._add(report, _constant(report), path.parent)

    def _index_report_file(self, path: Path) -> None:
        if path.suffix.lower() not in REPORT_FILE_SUFFIXES:
            raise ReviewInputError(
                f"cannot review {path}: give a batch output folder, reports.jsonl, a report .json or a report file "
                f"({', '.join(sorted(REPORT_FILE_SUFFIXES))})"
            )
        from extractor.llm.tracing import Tracer
        from extractor.report import Extractor, ExtractorConfig

        try:
            doc = load_document(path)
        except LoadError as exc:
            raise ReviewInputError(str(exc)) from None
        with Extractor(ExtractorConfig(rules_only=True), tracer=Tracer(env={})) as extractor:
            report = extractor.extract_document(doc)
        report = ExtractedReport.model_validate(report.model_dump(mode="json"))
        self._text_cache[(str(path), doc.sha256)] = LoadedSource("ok", doc.text, str(path))
        self._add(report, _constant(report), path.parent)

    # -- access ----------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        return list(self._entries)

    def summaries(self) -> list[ReportSummary]:
        return [entry.summary for entry in self._entries.values()]

    def files(self) -> int:
        """How many report files the distinct texts under review come from."""
        return sum(len(entry.summary.copies) for entry in self._entries.values())

    def __contains__(self, report_id: object) -> bool:
        return report_id in self._entries

    def summary(self, report_id: str) -> ReportSummary:
        return self._entries[report_id].summary

    def report(self, report_id: str) -> ExtractedReport:
        """The full report (KeyError for an unknown id, or one a rewritten reports.jsonl no longer has)."""
        try:
            return self._entries[report_id].load()
        except _StaleIndex:
            self.refresh()
        try:
            return self._entries[report_id].load()
        except _StaleIndex:
            raise ReportGone(report_id) from None

    def source(self, report_id: str) -> LoadedSource:
        report = self.report(report_id)
        return self._resolve_source(report, self._entries[report_id].search_dirs)

    def _resolve_source(self, report: ExtractedReport, dirs: tuple[Path, ...]) -> LoadedSource:
        recorded = report.source.path
        if not recorded:
            return LoadedSource("missing", None, None, "the report JSON names no source file")
        cache_key = (recorded, report.source.sha256)
        if cache_key in self._text_cache:
            return self._text_cache[cache_key]
        candidates = [Path(recorded)] if os.path.isabs(recorded) else [d / recorded for d in dirs]
        if self.sources_dir is not None:
            candidates.append(self.sources_dir / Path(recorded).name)
        changed: LoadedSource | None = None
        for candidate in dict.fromkeys(candidates):
            if not candidate.is_file():
                continue
            try:
                doc = _load_cached(str(candidate.resolve()), candidate.stat().st_mtime_ns, candidate.stat().st_size)
            except LoadError as exc:
                changed = changed or LoadedSource("missing", None, str(candidate), f"cannot read the source file: {exc}")
                continue
            if doc.sha256 == report.source.sha256:
                found = LoadedSource("ok", doc.text, str(candidate))
                self._text_cache[cache_key] = found
                return found
            changed = changed or LoadedSource(
                "changed", doc.text, str(candidate),
                f"{candidate} changed since it was extracted (sha256 differs): highlights and quotes may be off",
            )
        return changed or LoadedSource("missing", None, None, f"source file not found: {recorded}")


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int, size: int) -> SourceDocument:
    del mtime_ns, size  # part of the cache key only
    return load_document(path)


def _parse_report_line(line: bytes) -> ExtractedReport | None:
    try:
        return ExtractedReport.model_validate_json(line)
    except ValidationError:
        return None


def _describe_skipped(line: bytes) -> str:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "not JSON"
    if isinstance(data, dict) and "error" in data:
        return f"{data.get('path', '?')}: {data['error']}"
    return "not a report JSON"


class _StaleIndex(Exception):
    """reports.jsonl changed since it was indexed."""


def _line_loader(path: Path, offset: int, sha256: str) -> Callable[[], ExtractedReport]:
    def load() -> ExtractedReport:
        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                report = _parse_report_line(fh.readline())
        except OSError:
            report = None
        if report is None or report.source.sha256 != sha256:
            raise _StaleIndex(path)
        return report

    return load


def _constant(report: ExtractedReport) -> Callable[[], ExtractedReport]:
    return lambda: report.model_copy(deep=True)


def fact_is_grounded(fact: CountFact | WorkItem | Item, text: str | None) -> bool | None:
    return None if text is None else fact.evidence.holds_in(text)


def summarize_report(report_id: str, report: ExtractedReport, text: str | None) -> ReportSummary:
    facts = report_facts(report)
    failed = [c for c in report.checks if c.passed is False]
    name = Path(report.source.path).stem if report.source.path else report.source.sha256[:12]
    return ReportSummary(
        report_id=report_id,
        sha256=report.source.sha256,
        name=name,
        title=report.meta.title or "",
        issuing_body=report.meta.issuing_body or "",
        year=report.meta.year,
        template=report.meta.template,
        source_status="ok",
        failed_checks=sum(not c.id.startswith("narrative.") for c in failed),
        disagreements=sum(c.id.startswith("narrative.") for c in failed),
        ungrounded=sum(fact_is_grounded(ref.fact, text) is False for ref in facts),
        flagged_cells=sum(bool(REVIEW_CELL_FLAGS & set(c.flags)) for c in report.cells),
        warnings=len(report.warnings),
        facts=len(facts),
        cells=len(report.cells),
        fact_keys=[ref.key for ref in facts],
        flagged_cell_keys=flagged_cell_keys(report),
        failed_check_cells=failed_table_checks(report),
    )


def flagged_cell_keys(report: ExtractedReport) -> list[str]:
    """The decision targets of the cells the parser flagged for a person (each must be confirmed or corrected)."""
    return [cell_key(c.table, c.row, c.column) for c in report.cells if REVIEW_CELL_FLAGS & set(c.flags)]


def failed_table_checks(report: ExtractedReport) -> dict[str, list[str]]:
    """The failed checks a reviewer decides (rules 1-4 and 6; a rule-5 finding is decided with its fact), with
    their cells."""
    return {c.id: list(c.cells) for c in report.checks if c.passed is False and not c.id.startswith("narrative.")}


def check_key(check_id: str) -> str:
    """The decision target of a failed check: ``check:`` and its id."""
    return f"check:{check_id}"
