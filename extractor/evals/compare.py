"""Compare two scored runs: per-field deltas, the facts each case gained, lost or changed, the cost,
and the gate (a field whose F1, or accuracy, drops by more than the suite's threshold fails it).

The thresholds are those of run B's suite (the candidate).  Only fields and cases both runs scored are
compared; the others are listed.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field, computed_field

from extractor.evals.faithfulness import Faithfulness
from extractor.evals.runs import RunRecord
from extractor.evals.score import CaseField, Cost, FieldScore, RunScores, aggregate

_EPSILON = 1e-9


class FieldDelta(BaseModel):
    field: str
    kind: str
    a: FieldScore
    b: FieldScore
    threshold: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def delta(self) -> float | None:
        if self.a.primary is None or self.b.primary is None:
            return None
        return self.b.primary - self.a.primary

    @computed_field  # type: ignore[prop-decorator]
    @property
    def regressed(self) -> bool:
        d = self.delta
        return d is not None and -d > self.threshold + _EPSILON


class CaseChange(BaseModel):
    case: str
    field: str
    gained: list[str] = Field(default_factory=list)
    lost: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list, description="'gold: A's prediction -> B's prediction'")
    spurious_added: list[str] = Field(default_factory=list)
    spurious_removed: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.gained or self.lost or self.changed or self.spurious_added or self.spurious_removed)


class RunSide(BaseModel):
    run_id: str
    suite: str
    prompt: str
    prompt_sha256: str
    model: str
    reports: int
    cost_per_report: Cost


class Comparison(BaseModel):
    a: RunSide
    b: RunSide
    fields: list[FieldDelta]
    faithfulness_a: Faithfulness = Field(default_factory=Faithfulness)
    faithfulness_b: Faithfulness = Field(default_factory=Faithfulness)
    changes: list[CaseChange]
    only_in_a: list[str] = Field(default_factory=list)
    only_in_b: list[str] = Field(default_factory=list)
    gold_changed: list[str] = Field(default_factory=list, description="cases whose gold file changed since a run")

    @property
    def regressions(self) -> list[FieldDelta]:
        return [f for f in self.fields if f.regressed]

    @property
    def failed(self) -> bool:
        """The gate: a field dropped beyond its threshold, or run B shows unsupported, leaked or heading text."""
        return bool(self.regressions or self.faithfulness_b.violations)


def _side(record: RunRecord, scores: RunScores) -> RunSide:
    return RunSide(
        run_id=record.run_id, suite=record.suite.name, prompt=record.prompt.id, prompt_sha256=record.prompt.sha256,
        model=record.model, reports=scores.cost.reports, cost_per_report=scores.cost.per_report,
    )


def compare_runs(
    record_a: RunRecord, scores_a: RunScores, record_b: RunRecord, scores_b: RunScores, gold_changed: Iterable[str] = ()
) -> Comparison:
    """Compare on the cases both runs hold (the aggregate of each side is recomputed on those cases)."""
    cases_a = {c.name: c for c in scores_a.cases}
    cases_b = {c.name: c for c in scores_b.cases}
    common = [name for name in cases_a if name in cases_b]
    fields = [f for f in scores_b.fields if f in scores_a.fields]
    agg_a = aggregate([cases_a[n] for n in common], fields)
    agg_b = aggregate([cases_b[n] for n in common], fields)
    deltas = [
        FieldDelta(field=f, kind=agg_b.fields[f].kind, a=agg_a.fields[f], b=agg_b.fields[f], threshold=record_b.suite.threshold(f))
        for f in fields
    ]
    changes = []
    for name in common:
        for f in fields:
            fa, fb = cases_a[name].fields.get(f), cases_b[name].fields.get(f)
            if fa is None or fb is None:
                continue
            change = case_change(name, f, fa, fb)
            if not change.empty:
                changes.append(change)
    return Comparison(
        a=_side(record_a, agg_a), b=_side(record_b, agg_b), fields=deltas, changes=changes,
        faithfulness_a=agg_a.faithfulness, faithfulness_b=agg_b.faithfulness,
        only_in_a=sorted(set(cases_a) - set(cases_b)), only_in_b=sorted(set(cases_b) - set(cases_a)),
        gold_changed=sorted(set(gold_changed)),
    )


def case_change(case: str, field: str, a: CaseField, b: CaseField) -> CaseChange:
    change = CaseChange(case=case, field=field)
    outcomes_b = {o.key: o for o in b.gold_outcomes}
    for oa in a.gold_outcomes:
        ob = outcomes_b.get(oa.key)
        if ob is None:
            continue
        if oa.status != "matched" and ob.status == "matched":
            change.gained.append(oa.label)
        elif oa.status == "matched" and ob.status != "matched":
            change.lost.append(f"{oa.label} ({ob.status}{': ' + ob.predicted if ob.predicted else ''})")
        elif oa.status != "matched" and (oa.status, oa.predicted) != (ob.status, ob.predicted):
            change.changed.append(f"{oa.label}: {oa.predicted or oa.status} -> {ob.predicted or ob.status}")
    spurious_a = Counter(o.label for o in a.pred_outcomes if o.status == "spurious")
    spurious_b = Counter(o.label for o in b.pred_outcomes if o.status == "spurious")
    change.spurious_added = sorted((spurious_b - spurious_a).elements())
    change.spurious_removed = sorted((spurious_a - spurious_b).elements())
    return change


# ---------------------------------------------------------------------------------------------
# terminal
# ---------------------------------------------------------------------------------------------
def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.3f}"


def _metric_name(kind: str) -> str:
    return "accuracy" if kind in ("cells", "template") else "F1"


def format_comparison(c: Comparison, *, max_changes: int = 200) -> str:
    lines = [
        f"A: {c.a.run_id}  ({c.a.prompt} {c.a.prompt_sha256[:8]}, model {c.a.model}, {c.a.reports} reports)",
        f"B: {c.b.run_id}  ({c.b.prompt} {c.b.prompt_sha256[:8]}, model {c.b.model}, {c.b.reports} reports)",
        "",
        f"{'field':<26}{'metric':<9}{'A':>7}{'B':>7}{'delta':>8}{'max drop':>10}   P A→B          R A→B",
    ]
    for d in c.fields:
        pr = ""
        if d.kind not in ("cells", "template"):
            pr = f"   {_num(d.a.precision, 2)}→{_num(d.b.precision, 2):<9}{_num(d.a.recall, 2)}→{_num(d.b.recall, 2)}"
        flag = "  REGRESSED" if d.regressed else ""
        lines.append(
            f"{d.field:<26}{_metric_name(d.kind):<9}{_num(d.a.primary):>7}{_num(d.b.primary):>7}{_signed(d.delta):>8}"
            f"{d.threshold:>10.3f}{pr}{flag}"
        )
    lines += ["", "faithfulness           A          B"]
    lines += [f"  {label:<16}{va:>9} {vb:>10}" for label, va, vb in faithfulness_rows(c.faithfulness_a, c.faithfulness_b)]
    ca, cb = c.a.cost_per_report, c.b.cost_per_report
    lines += [
        "",
        "cost per report        A          B",
        f"  tokens in       {ca.input_tokens:>9} {cb.input_tokens:>10}",
        f"  tokens out      {ca.output_tokens:>9} {cb.output_tokens:>10}",
        f"  LLM calls       {ca.calls:>9} {cb.calls:>10}",
        f"  cached chunks   {ca.cached_chunks:>9} {cb.cached_chunks:>10}",
        f"  wall seconds    {ca.wall_seconds:>9.2f} {cb.wall_seconds:>10.2f}",
    ]
    if c.changes:
        lines += ["", "changed cases (+ gained, - lost, ~ changed value, ! new spurious, x spurious gone):"]
        for shown, ch in enumerate(c.changes):
            if shown >= max_changes:
                lines.append(f"  … {len(c.changes) - shown} more (see the HTML report)")
                break
            lines.append(f"  {ch.case} · {ch.field}")
            lines += [f"      + {x}" for x in ch.gained]
            lines += [f"      - {x}" for x in ch.lost]
            lines += [f"      ~ {x}" for x in ch.changed]
            lines += [f"      ! {x}" for x in ch.spurious_added]
            lines += [f"      x {x}" for x in ch.spurious_removed]
    else:
        lines += ["", "no case changed"]
    if c.only_in_a or c.only_in_b:
        lines.append(f"not compared: only in A {c.only_in_a or '[]'}, only in B {c.only_in_b or '[]'}")
    if c.gold_changed:
        lines.append(f"gold changed since a run (both re-scored against today's gold): {', '.join(c.gold_changed)}")
    return "\n".join(lines)


def faithfulness_rows(a: Faithfulness, b: Faithfulness) -> list[tuple[str, str, str]]:
    def rate(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}"

    return [
        ("supported rate", rate(a.supported_rate), rate(b.supported_rate)),
        ("unsupported shown", str(a.unsupported_shipped), str(b.unsupported_shipped)),
        ("leaks shown", str(a.leaks_shipped), str(b.leaks_shipped)),
        ("leaks caught", str(a.leaks_caught), str(b.leaks_caught)),
        ("headings as items", str(a.headings_shipped), str(b.headings_shipped)),
        ("table debris", f"{a.debris_facts}/{a.facts}", f"{b.debris_facts}/{b.facts}"),
        ("channel accuracy", rate(a.channel_accuracy), rate(b.channel_accuracy)),
        ("kind accuracy", rate(a.kind_accuracy), rate(b.kind_accuracy)),
        ("theme accuracy", rate(a.theme_accuracy), rate(b.theme_accuracy)),
    ]


def format_gate(c: Comparison) -> str:
    bad = c.regressions
    violations = c.faithfulness_b.violations
    if not bad and not violations:
        return "gate: passed (no field dropped more than its threshold; no unsupported, leaked or heading text)"
    parts = [f"{d.field} {_metric_name(d.kind)} {_num(d.a.primary)} -> {_num(d.b.primary)} (drop {-(d.delta or 0):.3f} > {d.threshold:.3f})"
             for d in bad]
    return "gate: FAILED: " + "; ".join(parts + violations)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.up{color:#116611}.down{color:#b00020;font-weight:600}
.bad{background:#fde8ea}.gained{color:#116611}.lost{color:#b00020}.changed{color:#8a5a00}.muted{color:#777}
ul{margin:.2em 0 .8em 1.2em;padding:0}li{margin:.1em 0}h2{margin-top:1.6em}code{background:#f4f4f4;padding:0 .2em}
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _delta_class(delta: float | None) -> str:
    if delta is None or abs(delta) < _EPSILON:
        return ""
    return "up" if delta > 0 else "down"


def comparison_html(c: Comparison) -> str:
    gate = format_gate(c)
    rows = []
    for d in c.fields:
        cls = ' class="bad"' if d.regressed else ""
        pr = ("", "", "", "")
        if d.kind not in ("cells", "template"):
            pr = (_num(d.a.precision), _num(d.b.precision), _num(d.a.recall), _num(d.b.recall))
        errors_b = ", ".join(f"{k} {v}" for k, v in sorted(d.b.errors.items())) or "—"
        rows.append(
            f"<tr{cls}><td class=l>{_e(d.field)}</td><td class=l>{_metric_name(d.kind)}</td><td>{_num(d.a.primary)}</td>"
            f"<td>{_num(d.b.primary)}</td><td class={_delta_class(d.delta)}>{_signed(d.delta)}</td><td>{d.threshold:.3f}</td>"
            f"<td>{pr[0]}</td><td>{pr[1]}</td><td>{pr[2]}</td><td>{pr[3]}</td><td>{d.b.tp_recall}/{d.b.gold}</td>"
            f"<td class=l>{_e(errors_b)}</td></tr>"
        )
    ca, cb = c.a.cost_per_report, c.b.cost_per_report
    cost_rows = "".join(
        f"<tr><td class=l>{name}</td><td>{a}</td><td>{b}</td></tr>"
        for name, a, b in (
            ("tokens in", ca.input_tokens, cb.input_tokens), ("tokens out", ca.output_tokens, cb.output_tokens),
            ("LLM calls", ca.calls, cb.calls), ("re-asks", ca.reasks, cb.reasks),
            ("cached chunks", ca.cached_chunks, cb.cached_chunks),
            ("wall seconds", f"{ca.wall_seconds:.2f}", f"{cb.wall_seconds:.2f}"),
        )
    )
    changes = []
    by_case: dict[str, list[str]] = {}
    for ch in c.changes:
        items = (
            [f'<li class=gained>+ {_e(x)}</li>' for x in ch.gained]
            + [f'<li class=lost>− {_e(x)}</li>' for x in ch.lost]
            + [f'<li class=changed>~ {_e(x)}</li>' for x in ch.changed]
            + [f'<li class=lost>! new spurious: {_e(x)}</li>' for x in ch.spurious_added]
            + [f'<li class=gained>✓ spurious gone: {_e(x)}</li>' for x in ch.spurious_removed]
        )
        by_case.setdefault(ch.case, []).append(f"<li><b>{_e(ch.field)}</b><ul>{''.join(items)}</ul></li>")
    for case, parts in by_case.items():
        changes.append(f"<h3>{_e(case)}</h3><ul>{''.join(parts)}</ul>")
    notes = []
    if c.only_in_a or c.only_in_b:
        notes.append(f"<p class=muted>Not compared: only in A {_e(c.only_in_a)}, only in B {_e(c.only_in_b)}</p>")
    if c.gold_changed:
        notes.append(f"<p class=muted>Gold changed since a run (both re-scored against today's gold): {_e(', '.join(c.gold_changed))}</p>")
    gate_class = "down" if c.regressions else "up"
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>nianbao eval: {_e(c.a.run_id)} vs {_e(c.b.run_id)}</title>
<style>{_CSS}</style></head><body>
<h1>Evaluation comparison</h1>
<table><tr><th></th><th class=l>run</th><th class=l>suite</th><th class=l>prompt</th><th class=l>model</th><th>reports</th></tr>
<tr><td class=l>A</td><td class=l><code>{_e(c.a.run_id)}</code></td><td class=l>{_e(c.a.suite)}</td><td class=l>{_e(c.a.prompt)} <span class=muted>{_e(c.a.prompt_sha256[:8])}</span></td><td class=l>{_e(c.a.model)}</td><td>{c.a.reports}</td></tr>
<tr><td class=l>B</td><td class=l><code>{_e(c.b.run_id)}</code></td><td class=l>{_e(c.b.suite)}</td><td class=l>{_e(c.b.prompt)} <span class=muted>{_e(c.b.prompt_sha256[:8])}</span></td><td class=l>{_e(c.b.model)}</td><td>{c.b.reports}</td></tr>
</table>
<p class={gate_class}>{_e(gate)}</p>
<h2>Fields</h2>
<table><tr><th class=l>field</th><th class=l>metric</th><th>A</th><th>B</th><th>delta</th><th>max drop</th><th>P A</th><th>P B</th><th>R A</th><th>R B</th><th>B matched/gold</th><th class=l>B errors</th></tr>
{''.join(rows)}</table>
<h2>Cost per report</h2>
<table><tr><th class=l></th><th>A</th><th>B</th></tr>{cost_rows}</table>
<h2>Cases that changed</h2>
{''.join(changes) or '<p class=muted>No case changed.</p>'}
{''.join(notes)}
</body></html>
"""
