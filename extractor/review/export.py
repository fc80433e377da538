"""Reviewed reports as gold files (evals/gold/FORMAT.md, narrative format 2) and Label Studio tasks.

Gold: every narrative list of format 2 (``other_counts`` too); accepted facts as extracted, corrected facts with the reviewer's values, rejected and undecided
facts left out, added facts included.  Tables are the parsed cells with the reviewers' "misread" marks
applied (a corrected value replaces the parsed one; a misread cell without a value is left out and named
in ``notes``).  ``rule_failures`` are re-run on the reviewed tables and facts.  ``narrative_complete`` is
true only when every extracted fact was decided.  With several reviewers the most recent decision on
each fact wins (or only one reviewer's, with ``reviewer=``); disagreements are named in ``notes``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.checks import run_checks
from extractor.models import Tables
from extractor.narrative.checks import narrative_checks
from extractor.narrative.schema import CountFact
from extractor.report import ExtractedReport
from extractor.review.reports import FACT_LISTS, ReportSet, cell_key
from extractor.review.state import ReviewState, agreement, build_state, count_model
from extractor.review.store import Decision, DecisionStore

# The narrative lists of gold format 2 (the eval harness also reads other_counts).
GOLD_LISTS = tuple(FACT_LISTS)


@dataclass
class GoldExport:
    name: str
    gold: dict[str, Any]
    kept: int = 0
    rejected: int = 0
    undecided: int = 0
    added: int = 0
    notes: list[str] = field(default_factory=list)


def gold_fact(list_name: str, fact: dict[str, Any]) -> dict[str, Any]:
    ev = fact["evidence"]
    kind = FACT_LISTS[list_name][0]
    if kind == "count":
        return {
            "what": fact["quantity"], "value": fact["value"], "unit": fact.get("unit"), "channel": fact.get("channel"),
            "approximate": bool(fact.get("approximate")), "quote": ev["quote"], "start": ev["start"], "end": ev["end"],
        }
    if kind == "work":
        return {"kind": fact["kind"], "text": fact["text"], "quote": ev["quote"], "start": ev["start"], "end": ev["end"]}
    themed = {"theme": fact["theme"]} if fact.get("theme") else {}
    return {"text": fact["text"], **themed, "quote": ev["quote"], "start": ev["start"], "end": ev["end"]}


def _latest(decisions: dict[str, Decision], reviewer: str | None) -> Decision | None:
    if reviewer is not None:
        return decisions.get(reviewer)
    return max(decisions.values(), key=lambda d: d.id, default=None)


def reviewed_tables(report: ExtractedReport, state: ReviewState, reviewer: str | None, notes: list[str], *,
                    blank_unknown: bool = False) -> dict[str, Any]:
    """The parsed tables with the misread marks applied; a cell marked misread with no value is left out (gold:
    not known), or blank with ``blank_unknown`` (reviewed data: the same shape as the batch's)."""
    tables = copy.deepcopy(report.tables.model_dump(mode="json"))
    parsed = {cell_key(c.table, c.row, c.column): c for c in report.cells}
    for target, by_reviewer in sorted(state.cells.items()):
        decision = _latest(by_reviewer, reviewer)
        if decision is None or decision.action != "misread":
            continue
        cell = parsed.get(target)
        path = target.removeprefix("cell:")
        row_path = cell.row.split(".", 1) if cell and cell.row.startswith("extra_rows.") else [cell.row] if cell else []
        holder: Any = tables.get(cell.table) if cell else None
        for part in row_path:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if cell is None or not isinstance(holder, dict) or cell.column not in holder:
            notes.append(f"misread mark on {path}, which the parsed table lacks: ignored")
            continue
        payload = decision.payload or {}
        value = payload.get("value")
        note = f" ({payload['note']})" if payload.get("note") else ""
        if value is None:
            if blank_unknown:
                holder[cell.column] = None
            else:
                del holder[cell.column]
            notes.append(f"{path} marked misread by {decision.reviewer}, no value given: left out{note}")
        else:
            notes.append(f"{path} misread: parsed {holder[cell.column]}, reviewer {decision.reviewer} reads {value}{note}")
            holder[cell.column] = value
    return tables


def report_gold(report: ExtractedReport, state: ReviewState, name: str, *, reviewer: str | None = None) -> GoldExport:
    out = GoldExport(name=name, gold={})
    notes = out.notes
    lists: dict[str, list[dict[str, Any]]] = {key: [] for key in GOLD_LISTS}
    kept_counts = []
    for fact in state.facts:
        decision = fact.latest(reviewer)
        if decision is None:
            out.undecided += 1 if fact.added_by is None else 0
            continue
        resolved = fact.resolved(decision)
        if resolved is None:
            out.rejected += 1
            continue
        list_name, data = resolved
        out.kept += 1
        out.added += fact.added_by is not None
        lists[list_name].append(gold_fact(list_name, data))
        if FACT_LISTS[list_name][0] == "count":
            kept_counts.append(count_model(data))
    for key in lists:
        lists[key].sort(key=lambda item: (item["start"], item["end"]))
    tables = reviewed_tables(report, state, reviewer, notes)
    checked = Tables.model_validate(tables)
    template = report.meta.template
    failures = {f.id for f in run_checks(checked, template) if f.passed is False}
    failures |= {f.id for f in narrative_checks(kept_counts, checked, template).findings if f.passed is False}
    failures |= {c.id for c in report.checks if c.passed is False and c.id.startswith("previous_year.")}
    complete_narrative = report.narrative is not None and out.undecided == 0
    reviewers = sorted({d.reviewer for f in state.facts for d in f.decisions.values()} | set(state.report_flags)
                       | {r for by in state.cells.values() for r in by})
    chosen = f"decisions of {reviewer}" if reviewer else "latest decision per fact"
    summary = (
        f"Reviewed in nianbao review by {', '.join(reviewers) or 'nobody'} ({chosen}); source sha256 {report.source.sha256}; "
        f"extraction {report.narrative.prompt + ' / ' + report.narrative.model if report.narrative else 'none'}; "
        f"{out.kept} facts kept ({out.added} added by reviewers), {out.rejected} rejected, {out.undecided} undecided (left out)."
    )
    for pair in agreement(state):
        if pair.disagreements:
            notes.append(f"{pair.reviewer_a} and {pair.reviewer_b} disagree on {', '.join(pair.disagreements)}")
    out.gold = {
        "template": template,
        "complete": state.complete(reviewer),
        "tables": {key: tables.get(key) for key in ("proactive", "applications", "review_litigation")},
        "rule_failures": sorted(failures),
        "narrative": lists,
        "narrative_complete": complete_narrative,
        "notes": " ".join([summary, *(note + "." for note in notes)]),
    }
    return out


def export_gold(
    reports: ReportSet, store: DecisionStore, gold_dir: Path, *, reviewer: str | None = None, overwrite: bool = False
) -> tuple[list[Path], list[str]]:
    """Write one gold file per report that has a decision; returns (written paths, skip messages)."""
    gold_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    reviewed = store.reviewed_reports()
    used_names: set[str] = set()
    for summary in sorted(reports.summaries(), key=lambda s: s.name):
        targets = reviewed.get(summary.sha256)
        if not targets or (reviewer is not None and not any(reviewer in names for names in targets.values())):
            continue
        name = summary.name if summary.name not in used_names else f"{summary.name}_{summary.sha256[:8]}"
        used_names.add(name)
        path = gold_dir / f"{name}.json"
        if path.exists() and not overwrite:
            skipped.append(f"{path} exists (use --overwrite to replace it)")
            continue
        report = reports.report(summary.report_id)
        state = build_state(report, store.current(summary.sha256))
        export = report_gold(report, state, name, reviewer=reviewer)
        path.write_text(json.dumps(export.gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written, skipped


# -- Label Studio --------------------------------------------------------------------------------
LABEL_STUDIO_FROM = "label"
LABEL_STUDIO_TO = "text"


def label_studio_config() -> str:
    """The labeling config (XML) the exported tasks fit: one label per fact list."""
    labels = "\n".join(f'    <Label value="{name}" hint="{label}"/>' for name, (_kind, label) in FACT_LISTS.items())
    return (
        "<View>\n"
        f'  <Labels name="{LABEL_STUDIO_FROM}" toName="{LABEL_STUDIO_TO}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{LABEL_STUDIO_TO}" value="$text"/>\n'
        "</View>\n"
    )


def _utf16_offsets(text: str) -> list[int] | None:
    """Code point -> UTF-16 offset table (Label Studio counts in JavaScript string units); None if equal."""
    if all(ord(ch) < 0x10000 for ch in text):
        return None
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return table


def label_studio_task(report: ExtractedReport, text: str, name: str, task_id: int) -> dict[str, Any]:
    """One Label Studio task: the source text and the extractor's facts as predictions."""
    results = []
    offsets = _utf16_offsets(text)
    narrative = report.narrative
    for list_name in FACT_LISTS:
        for number, fact in enumerate(getattr(narrative, list_name) if narrative else [], 1):
            ev = fact.evidence
            start, end = (offsets[ev.start], offsets[ev.end]) if offsets else (ev.start, ev.end)
            if isinstance(fact, CountFact):
                described = f"{fact.quantity}: {'≈' if fact.approximate else ''}{fact.value:g}{fact.unit or ''}"
            else:
                described = fact.text
            results.append({
                "id": f"{list_name}-{number}",
                "from_name": LABEL_STUDIO_FROM,
                "to_name": LABEL_STUDIO_TO,
                "type": "labels",
                "value": {"start": start, "end": end, "text": ev.quote, "labels": [list_name]},
                "meta": {"text": [described]},
            })
    model_version = f"{narrative.prompt}/{narrative.model}" if narrative else "none"
    return {
        "id": task_id,
        "data": {"text": text, "report": name, "sha256": report.source.sha256},
        "predictions": [{"model_version": model_version, "result": results}],
    }


def export_label_studio_tasks(reports: ReportSet) -> tuple[list[dict[str, Any]], list[str]]:
    """Every report whose source text is available as a Label Studio task; and why others were skipped."""
    tasks = []
    skipped = []
    for number, summary in enumerate(sorted(reports.summaries(), key=lambda s: s.name), 1):
        source = reports.source(summary.report_id)
        if source.status != "ok" or source.text is None:
            skipped.append(f"{summary.name}: {source.message or 'source text not available'}")
            continue
        tasks.append(label_studio_task(reports.report(summary.report_id), source.text, summary.name, number))
    return tasks, skipped


def export_label_studio(reports: ReportSet, path: Path) -> tuple[int, list[str]]:
    """Write the tasks (a JSON list, Label Studio's import format) and the labeling config beside them."""
    tasks, skipped = export_label_studio_tasks(reports)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    path.with_name(path.stem + ".label_config.xml").write_text(label_studio_config(), encoding="utf-8")
    return len(tasks), skipped
