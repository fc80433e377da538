"""What the viewer shows, built from re-scored runs (no LLM, no HTML here).

* :class:`ViewData` – the runs (what each was, its scores with intervals and flip rates, its cost), the
  matrix of reports × fields (each cell: every run's score, error kinds, changed between runs or not,
  flips over repeats), and the run history per field (every stored run of the same suite).
* :class:`CaseDetail` – one report: per field, every gold fact with what each run made of it (status, the
  prediction, its source sentence with the quote marked), then each run's predictions the gold lacks.

Error kinds: the scorer's (missing, spurious, wrong_value, wrong_unit, ungrounded) and, for the items a
model wrote, the faithfulness ones (unsupported text, leaked prompt example, heading shipped as an item),
found per item as :func:`extractor.evals.faithfulness.measure` counts them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from extractor.evals.faithfulness import _HEADING, Faithfulness
from extractor.evals.gold import GoldReport
from extractor.evals.runs import CaseRun, Rescored, RunEntry, list_runs, load_case, rescore_all, run_entry
from extractor.evals.score import CaseField, CaseScore, Cost, predicted_counts, predicted_items
from extractor.evals.stats import FieldStats, PairedResult, by_report, case_value, compare_field
from extractor.narrative.extract import example_guard
from extractor.narrative.fact_lists import COUNT_LISTS, ITEM_LISTS, WORK_LISTS
from extractor.narrative.support import ExampleGuard, check_words
from extractor.normalize import normalize
from extractor.report import ExtractedReport

ERROR_KINDS: tuple[str, ...] = (
    "missing", "spurious", "wrong_value", "wrong_unit", "ungrounded", "unsupported", "leak", "heading",
)
ERROR_LABELS: dict[str, str] = {
    "missing": "missing", "spurious": "spurious", "wrong_value": "wrong value", "wrong_unit": "wrong unit",
    "ungrounded": "ungrounded (quote not at its offsets)", "unsupported": "unsupported text", "leak": "leaked prompt example",
    "heading": "heading shipped as an item",
}
ITEM_FIELDS = (*WORK_LISTS, *ITEM_LISTS)
RUN_KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_RUNS = len(RUN_KEYS)
HISTORY_POINTS = 30
_BOUNDARY = "。！？!?；;\n"
_CONTEXT = 80
_EPSILON = 1e-9


# ---------------------------------------------------------------------------------------------
# models
# ---------------------------------------------------------------------------------------------
class ViewRun(BaseModel):
    key: str = Field(description="A, B, C … in the order given (A is the baseline)")
    run_id: str
    path: str
    label: str | None = None
    description: str | None = None
    created: str
    suite: str
    prompt: str
    prompt_sha256: str
    model: str
    commit: str | None = None
    dirty: bool | None = None
    diff_sha256: str | None = None
    gold_version: str | None = None
    repeat: int = 1
    reports: int = 0
    gold_changed: list[str] = Field(default_factory=list)
    cost: Cost = Field(default_factory=Cost, description="per report, every repeat")
    fields: dict[str, FieldStats] = Field(default_factory=dict)
    vs_a: dict[str, PairedResult] = Field(default_factory=dict, description="this run against run A (paired bootstrap)")
    faithfulness: Faithfulness = Field(default_factory=Faithfulness)


class MatrixCell(BaseModel):
    report: str
    field: str
    values: list[float | None] = Field(description="each run's score of this report and field")
    recall_only: list[bool] = Field(description="the value is a recall (incomplete gold: precision not judged)")
    errors: list[dict[str, int]] = Field(description="each run's error kinds and how many")
    flips: list[int] = Field(description="each run's units that flipped between its repeats")
    changed: bool = Field(description="some run's outcomes differ from run A's")
    trend: Literal["better", "worse", "same", "changed", "none"] = "none"

    @property
    def kinds(self) -> list[str]:
        return sorted({k for e in self.errors for k, n in e.items() if n})

    @property
    def flaky(self) -> bool:
        return any(self.flips)


class MatrixRow(BaseModel):
    report: str
    cells: list[MatrixCell]
    tokens: list[int] = Field(description="each run's tokens (in + out) for this report, first repeat")
    seconds: list[float]
    errors: list[str | None] = Field(description="each run's extraction error, if any")


class HistoryPoint(BaseModel):
    run_id: str
    label: str | None = None
    created: str = ""
    value: float | None = None
    low: float | None = None
    high: float | None = None
    key: str | None = Field(default=None, description="the run's letter when it is one of the viewed runs")


class ViewData(BaseModel):
    runs: list[ViewRun]
    fields: list[str]
    rows: list[MatrixRow]
    history: dict[str, list[HistoryPoint]] = Field(default_factory=dict)
    confidence: float = 0.95
    notes: list[str] = Field(default_factory=list)


class Snippet(BaseModel):
    """The sentence around a quote: ``before`` + ``quote`` + ``after`` (the quote is what is marked)."""

    before: str
    quote: str
    after: str
    start: int
    end: int
    at_offsets: bool = True


class Outcome(BaseModel):
    status: str
    predicted: str | None = None
    snippet: Snippet | None = None
    flags: list[str] = Field(default_factory=list)


class GoldRow(BaseModel):
    key: str
    label: str
    snippet: Snippet | None = None
    outcomes: list[Outcome | None] = Field(description="per run; None where the run did not score this fact")
    changed: bool = False


class Prediction(BaseModel):
    label: str
    status: str
    snippet: Snippet | None = None
    flags: list[str] = Field(default_factory=list)


class FieldDetail(BaseModel):
    field: str
    kind: str
    values: list[float | None]
    errors: list[dict[str, int]]
    gold: list[GoldRow] = Field(default_factory=list)
    hidden_matched: int = Field(default=0, description="gold facts every run got right and not listed (table cells)")
    others: list[list[Prediction]] = Field(default_factory=list, description="per run: predictions not matched to a gold fact")


class CaseDetail(BaseModel):
    report: str
    runs: list[str] = Field(description="the run keys, in order")
    errors: list[str | None] = Field(default_factory=list)
    fields: dict[str, FieldDetail] = Field(default_factory=dict)


class ViewBundle(BaseModel):
    data: ViewData
    cases: dict[str, CaseDetail]


# ---------------------------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------------------------
def load_view(run_dirs: Sequence[Path], *, runs_dir: Path | None = None, gold_dir: Path | None = None) -> ViewBundle:
    """Re-score the runs against today's gold (as ``eval compare`` does) and build the whole view."""
    if not run_dirs:
        raise ValueError("no runs to view")
    if len(run_dirs) > MAX_RUNS:
        raise ValueError(f"at most {MAX_RUNS} runs at once")
    done = [rescore_all(d, gold_dir=gold_dir) for d in run_dirs]
    return build_view(done, runs_dir=runs_dir)


def build_view(done: Sequence[Rescored], *, runs_dir: Path | None = None) -> ViewBundle:
    first = done[0]
    fields = [f for f in first.fields if all(f in r.scores.fields for r in done)]
    reports = [c.name for c in first.scores.cases if all(c.name in _cases(r) for r in done)]
    notes = []
    for r in done[1:]:
        missing = sorted(set(_cases(first)) ^ set(_cases(r)))
        if missing:
            notes.append(f"not in every run (left out): {', '.join(missing[:10])}")
    stored = [[load_case(r.run_dir, name) for name in reports] for r in done]
    flags = [[item_flags(c.report, example_guard(r.prompt) if r.prompt is not None else None) for c in cases]
             for r, cases in zip(done, stored, strict=True)]
    runs = [_view_run(RUN_KEYS[i], r, reports) for i, r in enumerate(done)]
    suite = first.record.suite
    base = by_report(first.repeats, reports)
    for view, r in zip(runs[1:], done[1:], strict=True):
        other = by_report(r.repeats, reports)
        view.vs_a = {f: compare_field(base, other, reports, f, confidence=suite.confidence, samples=suite.bootstrap, seed=suite.seed)
                     for f in fields}
    rows: list[MatrixRow] = []
    cases: dict[str, CaseDetail] = {}
    for j, name in enumerate(reports):
        scored = [_cases(r)[name] for r in done]
        row = MatrixRow(
            report=name, cells=[], tokens=[s.cost.input_tokens + s.cost.output_tokens for s in scored],
            seconds=[s.cost.wall_seconds for s in scored], errors=[s.error for s in scored],
        )
        detail = CaseDetail(report=name, runs=[v.key for v in runs], errors=row.errors)
        for field in fields:
            parts = [s.fields.get(field) for s in scored]
            run_flags = [flags[i][j].get(field, {}) for i in range(len(done))]
            cell = _cell(name, field, parts, run_flags, [r.stats.case_flips.get(name, {}).get(field, 0) if r.stats else 0 for r in done])
            row.cells.append(cell)
            detail.fields[field] = _field_detail(field, parts, cell, first.golds[name], [s[j] for s in stored], run_flags)
        rows.append(row)
        cases[name] = detail
    data = ViewData(runs=runs, fields=fields, rows=rows, notes=notes,
                    confidence=first.stats.confidence if first.stats is not None else 0.95)
    data.history = history(done, fields, runs_dir)
    return ViewBundle(data=data, cases=cases)


def _cases(r: Rescored) -> dict[str, CaseScore]:
    return {c.name: c for c in r.scores.cases}


def _view_run(key: str, r: Rescored, reports: Sequence[str]) -> ViewRun:
    record = r.record
    wanted = set(reports)
    total, n = Cost(), 0
    faith = Faithfulness()
    for cases in r.repeats:
        for case in cases:
            if case.name in wanted:
                total += case.cost
                n += 1
    for case in r.repeats[0]:
        if case.name in wanted:
            faith.add(case.faithfulness)
    return ViewRun(
        key=key, run_id=record.run_id, path=str(r.run_dir), label=record.label, description=record.description,
        created=record.created, suite=record.suite.name, prompt=record.prompt.id, prompt_sha256=record.prompt.sha256,
        model=record.model, commit=record.commit, dirty=record.git.dirty if record.git is not None else None,
        diff_sha256=record.git.diff_sha256 if record.git is not None else None, gold_version=record.gold_version,
        repeat=record.repeat, reports=len(reports), gold_changed=r.changed, cost=total.per(n),
        fields=dict(r.stats.fields) if r.stats is not None else {}, faithfulness=faith,
    )


def _signature(part: CaseField | None) -> tuple[Any, ...]:
    if part is None:
        return ()
    gold = tuple(sorted((o.key, o.status, o.predicted if o.status != "matched" else None) for o in part.gold_outcomes))
    preds = tuple(sorted(Counter((o.label, o.status) for o in part.pred_outcomes).items()))
    return gold, preds


def _cell(report: str, field: str, parts: Sequence[CaseField | None], run_flags: Sequence[dict[int, list[str]]],
          flips: list[int]) -> MatrixCell:
    values = [case_value(p) for p in parts]
    errors: list[dict[str, int]] = []
    for part, fl in zip(parts, run_flags, strict=True):
        e = dict(part.errors) if part is not None else {}
        for kinds in fl.values():
            for k in kinds:
                e[k] = e.get(k, 0) + 1
        errors.append(e)
    changed = any(_signature(p) != _signature(parts[0]) for p in parts[1:])
    cell = MatrixCell(
        report=report, field=field, values=values,
        recall_only=[p is not None and p.kind not in ("cells", "template") and not p.precision_cases and v is not None
                     for p, v in zip(parts, values, strict=True)],
        errors=errors, flips=flips, changed=changed,
    )
    if len(parts) > 1:
        a, b = values[0], values[-1]
        if a is not None and b is not None and b > a + _EPSILON:
            cell.trend = "better"
        elif a is not None and b is not None and b < a - _EPSILON:
            cell.trend = "worse"
        else:
            cell.trend = "changed" if changed else "same"
    return cell


# ---------------------------------------------------------------------------------------------
# one report's detail
# ---------------------------------------------------------------------------------------------
def snippet(text: str, start: int, end: int, quote: str | None = None) -> Snippet:
    """The sentence around ``[start, end)`` (at most 80 characters either side, cut at a sentence end)."""
    n = len(text)
    at = 0 <= start < end <= n and (quote is None or text[start:end] == quote)
    if not at:
        return Snippet(before="", quote=quote or "", after="", start=start, end=end, at_offsets=False)
    left = start
    while left > 0 and start - left < _CONTEXT and text[left - 1] not in _BOUNDARY:
        left -= 1
    right = end
    if text[end - 1] not in _BOUNDARY:
        while right < n and right - end < _CONTEXT:
            right += 1
            if text[right - 1] in _BOUNDARY:
                break
    before, after = text[left:start], text[end:right]
    if left > 0 and text[left - 1] not in _BOUNDARY:
        before = "…" + before
    if right < n and text[right - 1] not in _BOUNDARY:
        after += "…"
    return Snippet(before=before, quote=text[start:end], after=after, start=start, end=end)


def _predictions(report: ExtractedReport | None, field: str) -> list[Any]:
    if field in COUNT_LISTS or field == "all_counts":
        return predicted_counts(report, field)
    if field in ITEM_FIELDS:
        return predicted_items(report, field)
    return []


def _cell_spans(report: ExtractedReport | None) -> dict[str, tuple[int, int]]:
    if report is None:
        return {}
    return {f"{c.table}.{c.row}.{c.column}": (c.span.start, c.span.end) for c in report.cells if c.span is not None}


def _gold_fact(gold: GoldReport, field: str, key: str) -> Any:
    if not key.startswith(f"{field}[") or not key.endswith("]"):
        return None
    try:
        index = int(key[len(field) + 1 : -1])
    except ValueError:
        return None
    facts = gold.narrative.counts(field) if field in COUNT_LISTS or field == "all_counts" else getattr(gold.narrative, field, [])
    return facts[index] if 0 <= index < len(facts) else None


def _field_detail(
    field: str, parts: Sequence[CaseField | None], cell: MatrixCell, gold: GoldReport, stored: Sequence[CaseRun],
    run_flags: Sequence[dict[int, list[str]]],
) -> FieldDetail:
    kind = next((p.kind for p in parts if p is not None), "counts")
    detail = FieldDetail(field=field, kind=kind, values=cell.values, errors=cell.errors)
    preds = [_predictions(c.report, field) for c in stored]
    texts = [c.source_text for c in stored]
    spans = [_cell_spans(c.report) for c in stored] if kind == "cells" else []
    by_key = [{o.key: o for o in p.gold_outcomes} if p is not None else {} for p in parts]
    keys = list(dict.fromkeys(o.key for p in parts if p is not None for o in p.gold_outcomes))
    for key in keys:
        outcomes: list[Outcome | None] = []
        for i, found in enumerate(by_key):
            o = found.get(key)
            if o is None:
                outcomes.append(None)
                continue
            out = Outcome(status=o.status, predicted=o.predicted)
            if o.pred_index is not None and o.pred_index < len(preds[i]):
                ev = preds[i][o.pred_index].evidence
                out.snippet = snippet(texts[i], ev.start, ev.end, ev.quote)
                out.flags = run_flags[i].get(o.pred_index, [])
            elif kind == "cells" and key in spans[i]:
                out.snippet = snippet(texts[i], *spans[i][key])
            outcomes.append(out)
        statuses = {o.status for o in outcomes if o is not None}
        changed = len({(o.status, o.predicted) for o in outcomes if o is not None}) > 1
        if kind == "cells" and statuses == {"matched"}:
            detail.hidden_matched += 1
            continue
        label = next((o.label for f in by_key for o in [f.get(key)] if o is not None), key)
        row = GoldRow(key=key, label=label, outcomes=outcomes, changed=changed)
        fact = _gold_fact(gold, field, key)
        evidence = fact.evidence if fact is not None else None
        if evidence is not None and texts:
            row.snippet = snippet(texts[0], evidence.start, evidence.end, evidence.quote)
        elif kind == "cells" and spans and key in spans[0]:
            row.snippet = snippet(texts[0], *spans[0][key])
        detail.gold.append(row)
    for i, part in enumerate(parts):
        others: list[Prediction] = []
        for index, po in enumerate(part.pred_outcomes if part is not None else []):
            if po.status == "matched":
                continue
            pred = Prediction(label=po.label, status=po.status, flags=run_flags[i].get(index, []))
            if index < len(preds[i]):
                ev = preds[i][index].evidence
                pred.snippet = snippet(texts[i], ev.start, ev.end, ev.quote)
            others.append(pred)
        detail.others.append(others)
    return detail


def item_flags(report: ExtractedReport | None, guard: ExampleGuard | None) -> dict[str, dict[int, list[str]]]:
    """Per item list, per position: ``unsupported``, ``leak``, ``heading`` — the items
    :func:`extractor.evals.faithfulness.measure` counts (summaries aside: they are no field)."""
    out: dict[str, dict[int, list[str]]] = {}
    n = report.narrative if report is not None else None
    if n is None:
        return out
    for field in ITEM_FIELDS:
        for index, item in enumerate(getattr(n, field)):
            quote = normalize(item.evidence.quote).text
            found = []
            if _HEADING.search(quote.strip()):
                found.append("heading")
            if item.support.text_from == "llm":
                if not check_words(item.text, quote).ok:
                    found.append("unsupported")
                if guard is not None and guard.leak(item.text, quote):
                    found.append("leak")
            elif guard is not None and guard.leak(item.text, quote):
                found.append("leak")
            if found:
                out.setdefault(field, {})[index] = found
    return out


# ---------------------------------------------------------------------------------------------
# history
# ---------------------------------------------------------------------------------------------
def history(done: Sequence[Rescored], fields: Sequence[str], runs_dir: Path | None) -> dict[str, list[HistoryPoint]]:
    """Per field: the stored runs of the viewed runs' suites, oldest first (the last 30), as stored in their
    run.json (not re-scored); the viewed runs are marked with their letter."""
    suites = {r.record.suite.name for r in done}
    viewed = {str(r.run_dir.resolve()): RUN_KEYS[i] for i, r in enumerate(done)}
    entries: dict[str, RunEntry] = {}
    if runs_dir is not None:
        for e in list_runs(runs_dir):
            if e.error is None and e.suite in suites:
                entries[str(Path(e.path).resolve())] = e
    for r in done:
        entries.setdefault(str(r.run_dir.resolve()), run_entry(r.record, r.run_dir))
    ordered = sorted(entries.items(), key=lambda kv: (kv[1].created, kv[1].run_id))[-HISTORY_POINTS:]
    out: dict[str, list[HistoryPoint]] = {}
    for field in fields:
        points = []
        for path, e in ordered:
            h = e.scores.get(field)
            points.append(HistoryPoint(run_id=e.run_id, label=e.label, created=e.created, key=viewed.get(path),
                                       value=h.value if h else None, low=h.low if h else None, high=h.high if h else None))
        out[field] = points
    return out
