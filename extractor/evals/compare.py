"""Compare two scored runs: per-field deltas with their intervals, the facts each case gained, lost or
changed, the cost, and the gate.

The gate (settings of run B's suite, the candidate) fails when

* a field's score (F1, or accuracy for cells and template) dropped by more than its ``thresholds`` entry
  **and**, with ``gate: paired`` (the default), the paired bootstrap puts the whole interval of the
  difference below zero: a drop inside the noise is reported as "no evidence of change", not failed.
  ``gate: point`` (or ``eval compare --gate-mode point``) is the older rule: any drop beyond the threshold;
* run B shows unsupported, leaked or heading text (:attr:`Faithfulness.violations`);
* run B costs more than ``max_token_increase`` more tokens per report than run A (default 25 %; both runs
  without cached answers, A with tokens at all).

Only fields and cases both runs scored are compared; the others are listed.  With repeats (``eval run
--repeat K``) the values pool every repeat and the intervals draw a repeat per report.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from extractor.evals.faithfulness import Faithfulness
from extractor.evals.runs import Rescored, RunRecord
from extractor.evals.score import CaseField, CaseScore, Cost, FieldScore, RunScores, aggregate
from extractor.evals.stats import FieldStats, PairedResult, by_report, compare_field, run_stats

_EPSILON = 1e-9
GateMode = Literal["paired", "point"]


class FieldDelta(BaseModel):
    field: str
    kind: str
    a: FieldScore = Field(description="run A's first repeat (precision, recall, errors)")
    b: FieldScore
    threshold: float
    mode: GateMode = "point"
    stats_a: FieldStats | None = Field(default=None, description="every repeat pooled, with its interval")
    stats_b: FieldStats | None = None
    paired: PairedResult | None = None

    @property
    def value_a(self) -> float | None:
        return self.stats_a.value if self.stats_a is not None else self.a.primary

    @property
    def value_b(self) -> float | None:
        return self.stats_b.value if self.stats_b is not None else self.b.primary

    @computed_field  # type: ignore[prop-decorator]
    @property
    def delta(self) -> float | None:
        a, b = self.value_a, self.value_b
        return None if a is None or b is None else b - a

    @property
    def dropped(self) -> bool:
        """The point values dropped by more than the threshold."""
        d = self.delta
        return d is not None and -d > self.threshold + _EPSILON

    @property
    def beyond_noise(self) -> bool:
        """The paired interval of B − A lies wholly below zero (no interval: taken as beyond)."""
        p = self.paired
        return p is None or p.high is None or p.high < -_EPSILON

    @computed_field  # type: ignore[prop-decorator]
    @property
    def regressed(self) -> bool:
        return self.dropped and (self.mode == "point" or self.beyond_noise)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> str:
        """What a reader should conclude about this field."""
        if self.regressed:
            return "REGRESSED"
        p = self.paired
        if p is None or p.verdict == "not comparable":
            return "—" if self.delta is None else "changed" if abs(self.delta) > _EPSILON else "unchanged"
        if p.verdict == "worse" and not self.dropped:
            return "worse, within threshold"
        if p.verdict == "no evidence of change" and self.dropped:
            return "no evidence of change (drop inside the noise)"
        return p.verdict


class CostCheck(BaseModel):
    """Tokens per report (in + out), A against B, and the suite's limit on the increase."""

    tokens_a: float = 0.0
    tokens_b: float = 0.0
    allowed: float | None = Field(default=None, description="largest allowed increase (0.25 = 25 %); None: no limit")
    note: str | None = Field(default=None, description="why the cost is not gated")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def increase(self) -> float | None:
        return None if self.tokens_a <= 0 else self.tokens_b / self.tokens_a - 1

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> bool:
        inc = self.increase
        return self.note is None and self.allowed is not None and inc is not None and inc > self.allowed + _EPSILON

    def line(self) -> str:
        inc = self.increase
        grow = "" if inc is None else f" ({inc:+.1%}"
        limit = "no limit" if self.allowed is None else f"limit +{self.allowed:.0%}"
        grow = f"{grow}, {limit})" if grow else f" ({limit})"
        return f"tokens per report {self.tokens_a:.0f} -> {self.tokens_b:.0f}{grow}" + (f"; not gated: {self.note}" if self.note else "")


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
    label: str | None = None
    commit: str | None = None
    dirty: bool | None = None
    repeat: int = 1


class Comparison(BaseModel):
    a: RunSide
    b: RunSide
    fields: list[FieldDelta]
    gate_mode: GateMode = "point"
    confidence: float = 0.95
    cost: CostCheck = Field(default_factory=CostCheck)
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
    def within_noise(self) -> list[FieldDelta]:
        """Fields that dropped by more than their threshold, but inside the noise (paired gate)."""
        return [f for f in self.fields if f.dropped and not f.regressed]

    @property
    def failed(self) -> bool:
        """The gate: a field dropped beyond its threshold (and the noise), run B shows unsupported, leaked
        or heading text, or run B costs more tokens than the suite allows."""
        return bool(self.regressions or self.faithfulness_b.violations or self.cost.failed)


def _side(record: RunRecord, scores: RunScores, cost: Cost) -> RunSide:
    return RunSide(
        run_id=record.run_id, suite=record.suite.name, prompt=record.prompt.id, prompt_sha256=record.prompt.sha256,
        model=record.model, reports=scores.cost.reports, cost_per_report=cost, label=record.label, commit=record.commit,
        dirty=record.git.dirty if record.git is not None else None, repeat=record.repeat,
    )


def _mean_cost(repeats: Sequence[Sequence[CaseScore]], names: Sequence[str]) -> Cost:
    """The cost per report over every repeat of the reports ``names``."""
    wanted = set(names)
    total, n = Cost(), 0
    for cases in repeats:
        for case in cases:
            if case.name in wanted:
                total += case.cost
                n += 1
    return total.per(n)


def compare_rescored(a: Rescored, b: Rescored, *, mode: GateMode | None = None) -> Comparison:
    """:func:`compare_runs` of two re-scored runs, every repeat included."""
    return compare_runs(a.record, a.scores, b.record, b.scores, gold_changed=[*a.changed, *b.changed],
                        repeats_a=a.repeats, repeats_b=b.repeats, mode=mode)


def compare_runs(
    record_a: RunRecord, scores_a: RunScores, record_b: RunRecord, scores_b: RunScores, gold_changed: Iterable[str] = (),
    *, repeats_a: Sequence[Sequence[CaseScore]] | None = None, repeats_b: Sequence[Sequence[CaseScore]] | None = None,
    mode: GateMode | None = None,
) -> Comparison:
    """Compare on the cases both runs hold (the aggregate of each side is recomputed on those cases).

    ``repeats_a``/``repeats_b``: every repeat's case scores (default: the first, ``scores.cases``);
    ``mode``: the gate rule (default: run B's suite's ``gate``)."""
    suite = record_b.suite
    mode = mode or suite.gate
    cases_a = {c.name: c for c in scores_a.cases}
    cases_b = {c.name: c for c in scores_b.cases}
    common = [name for name in cases_a if name in cases_b]
    fields = [f for f in scores_b.fields if f in scores_a.fields]
    agg_a = aggregate([cases_a[n] for n in common], fields)
    agg_b = aggregate([cases_b[n] for n in common], fields)
    reps_a = by_report(repeats_a or [scores_a.cases], common)
    reps_b = by_report(repeats_b or [scores_b.cases], common)
    order = [n for n in common if n in reps_a and n in reps_b]
    confidence, samples, seed = suite.confidence, suite.bootstrap, suite.seed
    stats_a = run_stats(_restrict(repeats_a or [scores_a.cases], order), fields, confidence=confidence, samples=samples, seed=seed)
    stats_b = run_stats(_restrict(repeats_b or [scores_b.cases], order), fields, confidence=confidence, samples=samples, seed=seed)
    deltas = [
        FieldDelta(
            field=f, kind=agg_b.fields[f].kind, a=agg_a.fields[f], b=agg_b.fields[f], threshold=suite.threshold(f), mode=mode,
            stats_a=stats_a.fields[f], stats_b=stats_b.fields[f],
            paired=compare_field(reps_a, reps_b, order, f, confidence=confidence, samples=samples, seed=seed) if order else None,
        )
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
    cost_a, cost_b = _mean_cost(repeats_a or [scores_a.cases], common), _mean_cost(repeats_b or [scores_b.cases], common)
    return Comparison(
        a=_side(record_a, agg_a, cost_a), b=_side(record_b, agg_b, cost_b), fields=deltas, changes=changes,
        gate_mode=mode, confidence=suite.confidence, cost=cost_check(cost_a, cost_b, suite.max_token_increase),
        faithfulness_a=agg_a.faithfulness, faithfulness_b=agg_b.faithfulness,
        only_in_a=sorted(set(cases_a) - set(cases_b)), only_in_b=sorted(set(cases_b) - set(cases_a)),
        gold_changed=sorted(set(gold_changed)),
    )


def _restrict(repeats: Sequence[Sequence[CaseScore]], names: Sequence[str]) -> list[list[CaseScore]]:
    wanted = set(names)
    return [[c for c in cases if c.name in wanted] for cases in repeats]


def cost_check(a: Cost, b: Cost, allowed: float | None) -> CostCheck:
    check = CostCheck(tokens_a=a.input_tokens + a.output_tokens, tokens_b=b.input_tokens + b.output_tokens, allowed=allowed)
    if a.cached_chunks or b.cached_chunks:
        check.note = "a run reused cached answers (its tokens are not what it costs): run both with --no-cache"
    elif check.tokens_a <= 0:
        check.note = "run A used no tokens"
    return check


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


def _interval(low: float | None, high: float | None, signed: bool = False) -> str:
    if low is None or high is None:
        return ""
    return f"[{low:+.3f}, {high:+.3f}]" if signed else f"[{low:.3f}, {high:.3f}]"


def _flip(stats: FieldStats | None) -> str:
    return "—" if stats is None or stats.flip_rate is None else f"{stats.flip_rate:.1%}"


def _run_line(key: str, side: RunSide) -> str:
    label = f" [{side.label}]" if side.label else ""
    commit = "" if side.commit is None else f", commit {side.commit[:8]}{'+dirty' if side.dirty else ''}"
    repeat = f", {side.repeat} repeats" if side.repeat > 1 else ""
    return (f"{key}: {side.run_id}{label}  ({side.prompt} {side.prompt_sha256[:8]}, model {side.model}{commit}, "
            f"{side.reports} reports{repeat})")


def format_comparison(c: Comparison, *, max_changes: int = 200) -> str:
    pct = f"{c.confidence:.0%}"
    lines = [
        _run_line("A", c.a),
        _run_line("B", c.b),
        "",
        f"{'field':<26}{'metric':<9}{'A':>7}{'B':>7}{'B-A':>8}  {pct + ' CI of B-A':<19}{'max drop':>9}  {'reports +/-/=':<14}verdict",
    ]
    for d in c.fields:
        p = d.paired
        counts = f"{p.better}/{p.worse}/{p.same}" if p is not None else ""
        lines.append(
            f"{d.field:<26}{_metric_name(d.kind):<9}{_num(d.value_a):>7}{_num(d.value_b):>7}{_signed(d.delta):>8}  "
            f"{_interval(p.low, p.high, True) if p else '':<19}{d.threshold:>9.3f}  {counts:<14}{d.verdict}"
        )
    lines += ["", f"{'field':<26}{'A ' + pct + ' CI':<18}{'B ' + pct + ' CI':<18}{'flips A':>8}{'flips B':>8}   P A→B          R A→B"]
    for d in c.fields:
        sa, sb = d.stats_a, d.stats_b
        pr = ""
        if d.kind not in ("cells", "template"):
            pr = f"   {_num(d.a.precision, 2)}→{_num(d.b.precision, 2):<9}{_num(d.a.recall, 2)}→{_num(d.b.recall, 2)}"
        lines.append(
            f"{d.field:<26}{_interval(sa.low, sa.high) if sa else '':<18}{_interval(sb.low, sb.high) if sb else '':<18}"
            f"{_flip(sa):>8}{_flip(sb):>8}{pr}"
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
        f"  re-asks         {ca.reasks:>9} {cb.reasks:>10}",
        f"  cached chunks   {ca.cached_chunks:>9} {cb.cached_chunks:>10}",
        f"  wall seconds    {ca.wall_seconds:>9.2f} {cb.wall_seconds:>10.2f}",
        f"  {c.cost.line()}",
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
    lines.append(f"read the sentences behind each change: nianbao eval view {c.a.run_id} {c.b.run_id}")
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
    rule = ("paired: a drop beyond its threshold fails only when the interval of B-A lies below 0"
            if c.gate_mode == "paired" else "point: any drop beyond its threshold fails")
    noise = ""
    if c.within_noise:
        noise = "; no evidence of change (drop inside the noise): " + ", ".join(
            f"{d.field} {_signed(d.delta)} {_interval(d.paired.low, d.paired.high, True) if d.paired else ''}".rstrip()
            for d in c.within_noise
        )
    if not bad and not violations and not c.cost.failed:
        return (f"gate: passed (no field dropped more than its threshold beyond the noise; no unsupported, leaked or "
                f"heading text; {c.cost.line()}) [{rule}]{noise}")
    parts = [f"{d.field} {_metric_name(d.kind)} {_num(d.value_a)} -> {_num(d.value_b)} (drop {-(d.delta or 0):.3f} > {d.threshold:.3f}"
             + (f", {c.confidence:.0%} CI of B-A {_interval(d.paired.low, d.paired.high, True)}"
                if d.paired is not None and d.paired.low is not None else "") + ")"
             for d in bad]
    if c.cost.failed:
        parts.append(f"cost: {c.cost.line()}")
    return "gate: FAILED: " + "; ".join(parts + violations) + f" [{rule}]{noise}"


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
        ci = _interval(d.paired.low, d.paired.high, True) if d.paired is not None else ""
        rows.append(
            f"<tr{cls}><td class=l>{_e(d.field)}</td><td class=l>{_metric_name(d.kind)}</td><td>{_num(d.value_a)}</td>"
            f"<td>{_num(d.value_b)}</td><td class={_delta_class(d.delta)}>{_signed(d.delta)}</td><td>{_e(ci)}</td>"
            f"<td class=l>{_e(d.verdict)}</td><td>{d.threshold:.3f}</td>"
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
    gate_class = "down" if c.failed else "up"
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
<table><tr><th class=l>field</th><th class=l>metric</th><th>A</th><th>B</th><th>delta</th><th>{c.confidence:.0%} CI of delta</th><th class=l>verdict</th><th>max drop</th><th>P A</th><th>P B</th><th>R A</th><th>R B</th><th>B matched/gold</th><th class=l>B errors</th></tr>
{''.join(rows)}</table>
<h2>Cost per report</h2>
<table><tr><th class=l></th><th>A</th><th>B</th></tr>{cost_rows}</table>
<p>{_e(c.cost.line())}</p>
<h2>Cases that changed</h2>
{''.join(changes) or '<p class=muted>No case changed.</p>'}
{''.join(notes)}
</body></html>
"""
