"""What the pages show: the highlighted source text and the view models of the queue and report pages.

The source text is cut at every span boundary into ``<span data-s=OFFSET>`` segments, each escaped, so
highlights may overlap and the browser can map a text selection back to source offsets (``data-s`` plus
the position inside the segment, in code points).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from extractor.models import Section
from extractor.report import ExtractedReport
from extractor.review.reports import (
    FACT_LISTS,
    REVIEW_CELL_FLAGS,
    TABLE_NAMES,
    LoadedSource,
    ReportSummary,
    cell_key,
    cell_path,
    check_key,
    deepest_section,
)
from extractor.review.state import (
    FactState,
    ReviewProgress,
    ReviewState,
    agreement,
    decision_signature,
    review_progress,
    rule5_result,
)
from extractor.review.store import Decision
from extractor.tables.dictionary import cell_label, column_label, row_label, value_label


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    key: str
    css: str  # space-separated classes


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The whole text as escaped segments; a segment covered by marks gets their classes and keys."""
    n = len(text)
    usable = [m for m in marks if 0 <= m.start < m.end <= n]
    bounds = sorted({0, n, *(m.start for m in usable), *(m.end for m in usable)})
    starting: dict[int, list[Mark]] = defaultdict(list)
    for mark in usable:
        starting[mark.start].append(mark)
    active: list[Mark] = []
    parts: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        segment = str(escape(text[a:b])).replace("\r", "&#13;")
        if active:
            classes = " ".join(sorted({c for m in active for c in m.css.split()}))
            keys = " ".join(dict.fromkeys(m.key for m in active))
            parts.append(f'<span data-s="{a}" class="{classes}" data-k="{escape(keys)}">{segment}</span>')
        else:
            parts.append(f'<span data-s="{a}">{segment}</span>')
    return Markup("".join(parts))


def section_label(section: Section | None) -> str:
    if section is None:
        return "正文"
    return f"{section.number or ''} {section.title}".strip()


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


def describe_decision(state: FactState, decision: Decision) -> str:
    if decision.action == "reject":
        return "rejected"
    if decision.action == "accept":
        return "accepted"
    resolved = state.resolved(decision)
    if resolved is None:
        return decision.action
    _list, fact = resolved
    what = f"{_fmt(fact.get('value'))}{fact.get('unit') or ''}" if "value" in fact else fact.get("text", "")
    verb = "added" if decision.action == "add" else "corrected"
    return f"{verb}: {what} @{fact['evidence']['start']}-{fact['evidence']['end']}"


@dataclass
class LinkedCell:
    path: str
    token: str | None  # the cell's token in the page, when the parser read it
    value: Any
    present: bool


@dataclass
class FactCard:
    key: str
    list_name: str
    list_label: str
    kind: str
    fact: dict[str, Any]
    original: dict[str, Any] | None  # the extracted fact when the reviewer corrected it
    added_by: str | None
    my_action: str | None
    others: list[tuple[str, str, bool]]  # reviewer, description, agrees with me
    grounded: bool | None
    linked: list[LinkedCell]
    rule5: tuple[bool | None, str] | None
    section: str
    method: str


def cell_tokens(report: ExtractedReport) -> dict[str, str]:
    """Dotted cell path -> the cell's token in the page (``cell-<index>``: labels may hold dots or spaces)."""
    return {cell_path(c.table, c.row, c.column): f"cell-{i}" for i, c in enumerate(report.cells)}


def fact_card(state: ReviewState, fact: FactState, reviewer: str, source_text: str | None,
              tokens: dict[str, str] | None = None) -> FactCard:
    report = state.report
    list_name, shown = fact.shown(reviewer)
    mine = fact.decision_of(reviewer)
    corrected = mine is not None and mine.action == "correct"
    ev = shown["evidence"]
    grounded = None if source_text is None else source_text[ev["start"]:ev["end"]] == ev["quote"]
    tokens = cell_tokens(report) if tokens is None else tokens
    values = {cell_path(c.table, c.row, c.column): c.value for c in report.cells}
    linked = [
        LinkedCell(path, tokens.get(path), values.get(path), path in values)
        for path in (shown.get("table_cell") or "").split("+") if path
    ]
    mine_signature = decision_signature(fact, mine) if mine is not None else None
    others = [
        (name, describe_decision(fact, d), mine_signature is None or decision_signature(fact, d) == mine_signature)
        for name, d in sorted(fact.decisions.items()) if name != reviewer
    ]
    original_fact = corrected or (mine is not None and mine.action == "add")
    return FactCard(
        key=fact.key,
        list_name=list_name,
        list_label=FACT_LISTS[list_name][1],
        kind=FACT_LISTS[list_name][0],
        fact=shown,
        original=fact.base if corrected else None,
        added_by=fact.added_by,
        my_action=mine.action if mine is not None else None,
        others=others,
        grounded=grounded,
        linked=linked,
        rule5=rule5_result(report, list_name, shown, original=not original_fact and fact.added_by is None),
        section=section_label(deepest_section(report.sections, ev["start"])),
        method=str(value_label("method", shown.get("method", ""))),  # 规则 / 分类器 / 模型 / 审核人
    )


@dataclass
class FindingView:
    kind: str  # check | text_vs_table | cell | ungrounded | warning | source | stale
    title: str
    message: str
    keys: list[str] = field(default_factory=list)
    target: str | None = None  # a failed check's decision target (check:<id>)
    confirmed_by: list[str] = field(default_factory=list)  # reviewers who confirmed it
    mine: bool = False  # the reviewer confirmed it


@dataclass
class TableView:
    name: str
    title: str
    columns: list[str]  # column labels (the data dictionary's)
    rows: list[tuple[str, list[dict[str, Any] | None]]]  # (row label, cells)


@dataclass
class ReportView:
    summary: ReportSummary
    report: ExtractedReport
    source: LoadedSource
    source_html: Markup | None
    findings: list[FindingView]
    groups: list[tuple[str, list[FactCard]]]
    tables: list[TableView]
    cells: dict[str, dict[str, Any]]
    agreement: list[Any]
    reviewers: list[str]
    decided_mine: int
    decided_any: int
    total: int
    complete: bool
    progress: ReviewProgress | None = None
    done_by: list[str] = field(default_factory=list)


def build_report_view(summary: ReportSummary, state: ReviewState, source: LoadedSource, reviewer: str) -> ReportView:
    report = state.report
    text = source.text
    failed = [c for c in report.checks if c.passed is False]
    bad_cells = {path for check in failed for path in check.cells}
    tokens = cell_tokens(report)
    cards = [fact_card(state, f, reviewer, text, tokens) for f in state.facts]

    cells: dict[str, dict[str, Any]] = {}  # by token
    for cell in report.cells:
        path = cell_path(cell.table, cell.row, cell.column)
        token = tokens[path]
        decided = state.cells.get(cell_key(cell.table, cell.row, cell.column), {})
        misread = {name: d for name, d in decided.items() if d.action == "misread"}
        mine = misread.get(reviewer)
        cells[token] = {
            "key": token, "target": cell_key(cell.table, cell.row, cell.column), "path": path,
            "label": cell_label(cell.table, cell.row, cell.column), "value": cell.value, "raw": cell.raw,
            "flags": cell.flags, "note": cell.note,
            "span": cell.span.model_dump() if cell.span else None, "bad": path in bad_cells,
            "flagged": bool(REVIEW_CELL_FLAGS & set(cell.flags)),
            "misread": {name: (d.payload or {}) for name, d in misread.items()},
            "my_misread": (mine.payload or {}) if mine else None,
            "confirmed": sorted(name for name, d in decided.items() if d.action == "confirm"),
        }

    findings: list[FindingView] = []
    if source.status != "ok":
        findings.append(FindingView("source", f"source {source.status}", source.message))
    for check in failed:
        keys = [tokens[p] for p in check.cells if p in tokens]
        if check.id.startswith("narrative."):
            fact_keys = [c.key for c in cards if c.fact.get("table_cell") == "+".join(check.cells)]
            findings.append(FindingView("text_vs_table", check.id, check.message, fact_keys + keys))
        else:
            target = check_key(check.id)
            confirmed = sorted(r for r, d in state.checks.get(target, {}).items() if d.action == "confirm")
            findings.append(FindingView("check", check.id, check.message, keys, target, confirmed, reviewer in confirmed))
    for key, view in cells.items():
        if view["flagged"]:
            marked = [f"confirmed by {', '.join(view['confirmed'])}"] if view["confirmed"] else []
            marked += [f"misread ({name})" for name in view["misread"]]
            findings.append(FindingView("cell", view["label"], f"value {_fmt(view['value'])} (printed '{view['raw']}'): "
                                     f"{', '.join(view['flags'])}" + (f"; {view['note']}" if view["note"] else "")
                                     + (f" · {'; '.join(marked)}" if marked else ""), [key]))
    for card in cards:
        if card.grounded is False:
            findings.append(FindingView("ungrounded", card.key, f"the quote 「{card.fact['evidence']['quote']}」 is not at "
                                     f"{card.fact['evidence']['start']}-{card.fact['evidence']['end']} in the source", [card.key]))
    for warning in report.warnings:
        findings.append(FindingView("warning", warning.code, warning.message))
    if state.stale:
        findings.append(FindingView("stale", "earlier decisions", f"{len(state.stale)} decisions refer to facts this output no "
                                 "longer has (the extraction changed); they stay in the database"))

    groups: dict[str, list[FactCard]] = {}
    for card in cards:
        groups.setdefault(card.section, []).append(card)

    tables: list[TableView] = []
    for table, title in TABLE_NAMES.items():
        table_cells = [c for c in report.cells if c.table == table]
        if not table_cells:
            continue
        columns = list(dict.fromkeys(c.column for c in table_cells))
        by_row: dict[str, dict[str, dict[str, Any]]] = {}
        for c in table_cells:
            by_row.setdefault(c.row, {})[c.column] = cells[tokens[cell_path(c.table, c.row, c.column)]]
        first_row = {c.column: c.row for c in reversed(table_cells)}
        labels = [column_label(table, col, first_row[col]) for col in columns]
        rows = [(row_label(table, row), [by_row[row].get(col) for col in columns]) for row in by_row]
        tables.append(TableView(table, title, labels, rows))

    html = None
    if text is not None:
        marks = [
            Mark(c.fact["evidence"]["start"], c.fact["evidence"]["end"], c.key, "f" + (" fadd" if c.added_by else ""))
            for c in cards
        ]
        for key, view in cells.items():
            span = view["span"]
            if span:
                css = "c" + (" bad" if view["bad"] else "") + (" flag" if view["flagged"] else "") + (" misread" if view["misread"] else "")
                marks.append(Mark(span["start"], span["end"], key, css))
        html = highlight(text, marks)

    return ReportView(
        summary=summary, report=report, source=source, source_html=html, findings=findings,
        groups=list(groups.items()), tables=tables, cells=cells, agreement=agreement(state),
        reviewers=state.reviewers(), decided_mine=state.decided(reviewer), decided_any=state.decided(),
        total=state.extracted_count(), complete=state.complete(reviewer), progress=state.progress(),
        done_by=sorted(r for r, d in state.done_marks.items() if d.action == "done"),
    )


@dataclass
class QueueRow:
    summary: ReportSummary
    decided: int
    reviewers: list[str]
    mine: int
    progress: ReviewProgress = field(default_factory=ReviewProgress)

    @property
    def done(self) -> bool:
        return self.progress.done

    @property
    def status(self) -> str:
        return self.progress.status

    def sort_key(self) -> tuple[Any, ...]:
        s = self.summary
        return (self.done, -s.failed_checks, -s.disagreements, -s.ungrounded, s.source_status == "ok",
                -s.flagged_cells, -(s.facts - self.decided), s.name)


def queue_rows(summaries: list[ReportSummary], actions: dict[str, dict[str, dict[str, str]]], reviewer: str) -> list[QueueRow]:
    """The queue; ``actions``: the store's current decisions (:meth:`DecisionStore.current_actions`)."""
    rows = []
    for summary in summaries:
        targets = actions.get(summary.sha256, {})
        fact_keys = set(summary.fact_keys)
        decided = sum(1 for key in fact_keys if targets.get(key))
        mine = sum(1 for key in fact_keys if reviewer in targets.get(key, {}))
        reviewers = sorted({name for names in targets.values() for name in names})
        progress = review_progress(summary.fact_keys, summary.flagged_cell_keys, summary.failed_check_cells, targets)
        rows.append(QueueRow(summary, decided, reviewers, mine, progress))
    rows.sort(key=QueueRow.sort_key)
    return rows


QUEUE_FILTERS: dict[str, str] = {
    "all": "all",
    "todo": "not done",
    "failed": "failed checks",
    "disagree": "text ≠ table",
    "ungrounded": "ungrounded or source problem",
    "flagged": "flagged cells",
    "done": "done",
}


def queue_filter(row: QueueRow, name: str) -> bool:
    s = row.summary
    return {
        "all": True,
        "todo": not row.done,
        "failed": s.failed_checks > 0,
        "disagree": s.disagreements > 0,
        "ungrounded": s.ungrounded > 0 or s.source_status != "ok",
        "flagged": s.flagged_cells > 0,
        "done": row.done,
    }.get(name, True)
