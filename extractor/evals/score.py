"""Scorers: one extracted report against its gold file, per field; and the aggregate over a run.

Fields (a suite may pick a subset):

* ``table_cells`` – every gold cell (null and 0 are different values): accuracy.
* ``template`` – the report's template: accuracy.
* ``checks`` – the failed rules (``passed is False``) against the gold ``rule_failures``: P / R / F1.
* count lists (``proactive_counts`` … ``fees``) and ``all_counts`` (every list pooled on both sides, so a
  fact filed in the wrong list still counts there): P / R / F1 with the error taxonomy
  missing / spurious / wrong_value / wrong_unit / ungrounded (see :mod:`extractor.evals.matching`).
* ``platform_work``, ``oversight``, ``problems``, ``improvements``: set matching by text: P / R / F1; on the
  matched pairs, whether the work kind (``kind_accuracy``) and the theme of a problem or improvement
  (``theme_accuracy``, against the gold's ``theme``) are the gold's.
* cost (not a field): tokens in / out, LLM calls, re-asks, cached chunks, seconds per report.

Which reports judge what: a prediction can only be called spurious where the gold lists every fact, so
**precision is scored only on gold files with ``narrative_complete: true``**; recall (did it find the
facts the gold lists?) is scored on every gold file.  Table cells, the template and the table rules are
judged on every file.  An ungrounded prediction (its quote is not at its offsets in the source) is never
matched and always counts against precision.  Aggregates are micro averages (sums over the cases).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from extractor.evals.faithfulness import Faithfulness, measure
from extractor.evals.gold import (
    TABLE_NAMES,
    GoldCount,
    GoldReport,
    flatten_table,
    gold_cells,
)
from extractor.evals.matching import (
    ITEM_THRESHOLD,
    CountKey,
    count_match,
    greedy_pairs,
    quantity_similarity,
    same_quantity,
    same_zero,
    span_overlap,
    text_similarity,
    values_equal,
    wrong_unit,
)
from extractor.llm.usage import Usage
from extractor.narrative.fact_lists import COUNT_LISTS, ITEM_LISTS, WORK_LISTS
from extractor.narrative.schema import CountFact
from extractor.narrative.support import ExampleGuard
from extractor.report import ExtractedReport
from extractor.util import number_text

FieldKind = Literal["cells", "template", "checks", "counts", "items"]
COUNT_FIELDS: tuple[str, ...] = (*COUNT_LISTS, "all_counts")
ITEM_FIELDS: tuple[str, ...] = (*WORK_LISTS, *ITEM_LISTS)
TABLE_FIELDS: tuple[str, ...] = ("table_cells", "template", "checks")
ALL_FIELDS: tuple[str, ...] = (*TABLE_FIELDS, *COUNT_FIELDS, *ITEM_FIELDS)
ERROR_KINDS: tuple[str, ...] = ("missing", "spurious", "wrong_value", "wrong_unit", "ungrounded")


def field_kind(field: str) -> FieldKind:
    if field == "table_cells":
        return "cells"
    if field in ("template", "checks"):
        return field  # type: ignore[return-value]
    if field in COUNT_FIELDS:
        return "counts"
    if field in ITEM_FIELDS:
        return "items"
    raise ValueError(f"unknown field '{field}'; fields are: {', '.join(ALL_FIELDS)}")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class GoldOutcome(BaseModel):
    """What became of one gold fact (or cell, or failed rule)."""

    key: str = Field(description="stable within the case: the cell path, the rule id, or list[index]")
    label: str
    status: Literal["matched", "missing", "wrong_value", "wrong_unit"]
    predicted: str | None = Field(default=None, description="the paired prediction, if any")
    pred_index: int | None = Field(default=None, description="its position in the predicted list (pred_outcomes)")


class PredOutcome(BaseModel):
    label: str
    status: Literal["matched", "spurious", "wrong_value", "wrong_unit", "ungrounded", "unjudged", "restatement"]


class Tally(BaseModel):
    """Counts that add up over cases; the rates are computed from them."""

    precision_cases: int = Field(default=0, description="cases whose predictions are judged (complete gold)")
    tp_precision: int = Field(default=0, description="matched predictions on those cases")
    predicted: int = Field(default=0, description="predictions on those cases")
    tp_recall: int = Field(default=0, description="matched gold facts (all cases)")
    gold: int = 0
    errors: dict[str, int] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return _ratio(self.tp_precision, self.predicted) if self.precision_cases else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return _ratio(self.tp_recall, self.gold)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float | None:
        """None when nothing can be judged; 0 when nothing was found or everything found is spurious."""
        if not self.precision_cases or (self.predicted == 0 and self.gold == 0):
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        """For cells and template: correct / gold (``tp_recall`` / ``gold``)."""
        return _ratio(self.tp_recall, self.gold)

    def add(self, other: Tally) -> None:
        self.precision_cases += other.precision_cases
        self.tp_precision += other.tp_precision
        self.predicted += other.predicted
        self.tp_recall += other.tp_recall
        self.gold += other.gold
        for kind, n in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + n


class CaseField(Tally):
    field: str
    kind: FieldKind
    gold_outcomes: list[GoldOutcome] = Field(default_factory=list)
    pred_outcomes: list[PredOutcome] = Field(default_factory=list)
    agreement: dict[str, int] = Field(
        default_factory=dict, description="on matched pairs: channels_judged/right (counts), kinds_judged/right (work)"
    )


class FieldScore(Tally):
    field: str
    kind: FieldKind
    cases: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def primary(self) -> float | None:
        """The number the gate watches: accuracy for cells and template, F1 otherwise."""
        return self.accuracy if self.kind in ("cells", "template") else self.f1


class Cost(Usage):
    """What a report (or a run) cost: the LLM usage, cached chunks, seconds inside the LLM and in all."""

    model_config = ConfigDict(frozen=False)

    cached_chunks: int = 0
    llm_seconds: float = 0.0
    wall_seconds: float = 0.0

    def per(self, n: int) -> Cost:
        """The average over ``n`` reports: counts rounded to whole numbers, seconds to milliseconds."""
        n = n or 1
        return Cost(**{k: round(v / n, 3) if isinstance(v, float) else round(v / n) for k, v in self})


class CostSummary(BaseModel):
    reports: int = 0
    total: Cost = Field(default_factory=Cost)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def per_report(self) -> Cost:
        return self.total.per(self.reports)


class CaseScore(BaseModel):
    name: str
    gold_sha256: str
    narrative_complete: bool
    error: str | None = None
    fields: dict[str, CaseField] = Field(default_factory=dict)
    cost: Cost = Field(default_factory=Cost)
    faithfulness: Faithfulness = Field(default_factory=Faithfulness)


class RunScores(BaseModel):
    scored_at: str
    fields: dict[str, FieldScore] = Field(default_factory=dict)
    cost: CostSummary = Field(default_factory=CostSummary)
    faithfulness: Faithfulness = Field(default_factory=Faithfulness)
    cases: list[CaseScore] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# one case
# ---------------------------------------------------------------------------------------------
def score_case(
    gold: GoldReport,
    report: ExtractedReport | None,
    source_text: str,
    fields: Sequence[str] = ALL_FIELDS,
    *,
    wall_seconds: float = 0.0,
    error: str | None = None,
    guard: ExampleGuard | None = None,
) -> CaseScore:
    """Score one report (``None`` when the extraction failed: nothing predicted) against its gold file;
    ``guard`` holds the prompt's example strings for the leak count."""
    case = CaseScore(name=gold.name, gold_sha256=gold.sha256, narrative_complete=gold.narrative_complete, error=error)
    case.faithfulness = measure(report, guard)
    for field in fields:
        kind = field_kind(field)
        if kind == "cells":
            case.fields[field] = score_cells(gold, report)
        elif kind == "template":
            case.fields[field] = score_template(gold, report)
        elif kind == "checks":
            case.fields[field] = score_checks(gold, report)
        elif kind == "counts":
            case.fields[field] = score_counts(field, gold.narrative.counts(field), predicted_counts(report, field), source_text,
                                              precision_scored=gold.narrative_complete)
        else:
            case.fields[field] = score_items(field, getattr(gold.narrative, field), predicted_items(report, field), source_text,
                                             precision_scored=gold.narrative_complete)
    for part in case.fields.values():
        for key, n in part.agreement.items():
            setattr(case.faithfulness, key, getattr(case.faithfulness, key) + n)
    narrative = report.narrative if report is not None else None
    if narrative is not None:
        u = narrative.usage
        case.cost = Cost(cached_chunks=u.cached_chunks, llm_seconds=u.seconds) + u
    case.cost.wall_seconds = round(wall_seconds, 3)
    return case


def predicted_counts(report: ExtractedReport | None, field: str) -> list[CountFact]:
    narrative = report.narrative if report is not None else None
    if narrative is None:
        return []
    return narrative.all_counts() if field == "all_counts" else list(getattr(narrative, field))


def predicted_items(report: ExtractedReport | None, field: str) -> list[Any]:
    narrative = report.narrative if report is not None else None
    return [] if narrative is None else list(getattr(narrative, field))


def _fmt(value: Any) -> str:
    return "null" if value is None else number_text(value) if isinstance(value, float) else str(value)


def _predicted_cells(report: ExtractedReport | None) -> dict[str, Any]:
    if report is None:
        return {}
    out: dict[str, Any] = {}
    for table in TABLE_NAMES:
        out.update(flatten_table(getattr(report.tables, table) or {}, table))
    return out


def score_cells(gold: GoldReport, report: ExtractedReport | None) -> CaseField:
    """Every gold cell: right when the parsed value is the same number, or both are null (blank)."""
    result = CaseField(field="table_cells", kind="cells", precision_cases=1)
    predicted = _predicted_cells(report)
    for path, expected in gold_cells(gold).items():
        result.gold += 1
        if path not in predicted:
            result.gold_outcomes.append(GoldOutcome(key=path, label=f"{path} = {_fmt(expected)}", status="missing"))
            continue
        got = predicted[path]
        same = (got is None and expected is None) or (
            got is not None and expected is not None and values_equal(float(got), float(expected))
        )
        result.tp_recall += same
        result.gold_outcomes.append(
            GoldOutcome(key=path, label=f"{path} = {_fmt(expected)}", status="matched" if same else "wrong_value", predicted=_fmt(got))
        )
    result.tp_precision, result.predicted = result.tp_recall, result.gold
    result.errors = _tally_errors(result)
    return result


def score_template(gold: GoldReport, report: ExtractedReport | None) -> CaseField:
    got = report.meta.template if report is not None else None
    same = got == gold.template
    outcome = GoldOutcome(key="template", label=gold.template, status="matched" if same else "wrong_value", predicted=got)
    return CaseField(field="template", kind="template", precision_cases=1, tp_precision=int(same), predicted=1, tp_recall=int(same), gold=1,
                     gold_outcomes=[outcome], errors={} if same else {"wrong_value": 1})


def score_checks(gold: GoldReport, report: ExtractedReport | None) -> CaseField:
    """Failed rules against ``rule_failures``.  Rule-5 ids (``narrative.*``) are judged on the precision
    side only where the gold narrative is complete (else an unlisted one may just be unlabeled)."""
    predicted = sorted({f.id for f in report.checks if f.passed is False}) if report is not None else []
    expected = sorted(set(gold.rule_failures))
    result = CaseField(field="checks", kind="checks", precision_cases=1, gold=len(expected))
    for rule in expected:
        hit = rule in predicted
        result.tp_recall += hit
        result.gold_outcomes.append(GoldOutcome(key=rule, label=rule, status="matched" if hit else "missing",
                                                predicted=rule if hit else None))
    for rule in predicted:
        judged = gold.narrative_complete or not rule.startswith("narrative.")
        status = "matched" if rule in expected else "spurious" if judged else "unjudged"
        if judged:
            result.predicted += 1
            result.tp_precision += status == "matched"
        result.pred_outcomes.append(PredOutcome(label=rule, status=status))
    result.errors = _tally_errors(result)
    return result


def _count_label(quantity: str, value: float, unit: str | None) -> str:
    return f"{quantity} = {_fmt(value)}{unit or ''}"


def score_counts(
    field: str, gold: Sequence[GoldCount], predicted: Sequence[CountFact], source_text: str, *, precision_scored: bool
) -> CaseField:
    result = CaseField(field=field, kind="counts", gold=len(gold), precision_cases=int(precision_scored))
    g_keys = [CountKey(g.what, float(g.value), g.unit) for g in gold]
    p_keys = [CountKey(p.quantity, float(p.value), p.unit) for p in predicted]
    is_grounded = [p.evidence.holds_in(source_text) for p in predicted]
    names: dict[tuple[int, int], float] = {}
    overlaps: dict[tuple[int, int], float] = {}
    again: dict[tuple[int, int], float] = {}  # overlap with the gold fact's restatements (``also``)
    for g, fact in enumerate(gold):
        for p, pred in enumerate(predicted):
            where = (pred.evidence.start, pred.evidence.end)
            names[g, p] = quantity_similarity(g_keys[g].quantity, p_keys[p].quantity)
            again[g, p] = max((span_overlap(s, where) for s in fact.also_spans), default=0.0)
            overlaps[g, p] = max(span_overlap(fact.span, where), again[g, p])

    def similarity(g: int, p: int) -> float:
        return names[g, p] + overlaps[g, p] / 100  # the overlap (0–1 here) breaks ties between repeats

    def quantity(g: int, p: int) -> bool:
        return same_quantity(names[g, p], overlaps[g, p]) or same_zero(g_keys[g], p_keys[p], overlaps[g, p])

    gold_left = list(range(len(gold)))
    pred_left = [i for i in range(len(predicted)) if is_grounded[i]]
    statuses: dict[int, tuple[str, int | None]] = {}
    pred_status: dict[int, str] = {}
    for status, accept in (
        ("matched", lambda g, p, _: quantity(g, p) and count_match(g_keys[g], p_keys[p])),
        ("wrong_unit", lambda g, p, _: quantity(g, p) and wrong_unit(g_keys[g], p_keys[p])),
        ("wrong_value", lambda g, p, _: quantity(g, p)),
    ):
        for g, p, _ in greedy_pairs(gold_left, pred_left, similarity, accept):
            statuses[g] = (status, p)
            pred_status[p] = status
        gold_left = [g for g in gold_left if g not in statuses]
        pred_left = [p for p in pred_left if p not in pred_status]

    if field == "all_counts":  # channel agreement on the matched pairs (both null counts as right)
        pairs = [(g, p) for g, (status, p) in statuses.items() if status == "matched" and p is not None]
        result.agreement = {
            "channels_judged": len(pairs),
            "channels_right": sum((gold[g].channel or None) == (predicted[p].channel or None) for g, p in pairs),
        }
    for g, gold_fact in enumerate(gold):
        status, paired = statuses.get(g, ("missing", None))
        result.tp_recall += status == "matched"
        result.gold_outcomes.append(
            GoldOutcome(
                key=f"{field}[{g}]", label=_count_label(gold_fact.what, gold_fact.value, gold_fact.unit), status=status,
                predicted=None if paired is None else _count_label(p_keys[paired].quantity, p_keys[paired].value, p_keys[paired].unit),
                pred_index=paired,
            )
        )
    for p, pred_fact in enumerate(predicted):
        if not is_grounded[p]:
            status = "ungrounded"
        elif p in pred_status:
            status = pred_status[p]
        elif any(again[g, p] > 0 and (same_quantity(names[g, p], again[g, p]) or same_zero(g_keys[g], p_keys[p], again[g, p]))
                 and count_match(g_keys[g], p_keys[p])
                 for g in range(len(gold))):
            status = "restatement"  # the gold labels a repeated statement once: neither right nor wrong
        else:
            status = "spurious" if precision_scored else "unjudged"
        result.pred_outcomes.append(PredOutcome(label=_count_label(pred_fact.quantity, pred_fact.value, pred_fact.unit), status=status))
    if precision_scored:
        result.predicted = sum(o.status != "restatement" for o in result.pred_outcomes)
        result.tp_precision = sum(o.status == "matched" for o in result.pred_outcomes)
    result.errors = _tally_errors(result)
    return result


def score_items(
    field: str, gold: Sequence[Any], predicted: Sequence[Any], source_text: str, *, precision_scored: bool
) -> CaseField:
    """Work items, problems, improvements: one-to-one by text (paraphrase, quote or evidence overlap)."""
    result = CaseField(field=field, kind="items", gold=len(gold), precision_cases=int(precision_scored))
    is_grounded = [p.evidence.holds_in(source_text) for p in predicted]

    def similarity(g: int, p: int) -> float:
        item, pred = gold[g], predicted[p]
        scores = [text_similarity(item.text, pred.text)]
        if item.quote:
            scores.append(text_similarity(item.quote, pred.evidence.quote))
        where = (pred.evidence.start, pred.evidence.end)
        scores += [span_overlap(s, where) for s in ([item.span] if item.span else []) + item.also_spans]
        return max(scores)

    def restatement(p: int) -> bool:
        where = (predicted[p].evidence.start, predicted[p].evidence.end)
        return any(span_overlap(s, where) >= ITEM_THRESHOLD for item in gold for s in item.also_spans)

    pairs = greedy_pairs(range(len(gold)), [i for i in range(len(predicted)) if is_grounded[i]], similarity,
                         lambda g, p, s: s >= ITEM_THRESHOLD)
    gold_to_pred = {g: p for g, p, _ in pairs}
    matched_preds = set(gold_to_pred.values())
    if field in WORK_LISTS:  # kind agreement on the matched pairs
        result.agreement = {
            "kinds_judged": len(gold_to_pred),
            "kinds_right": sum(getattr(gold[g], "kind", None) == getattr(predicted[p], "kind", None) for g, p in gold_to_pred.items()),
        }
    else:  # theme agreement on the matched pairs whose gold item has a theme
        themed = {g: p for g, p in gold_to_pred.items() if getattr(gold[g], "theme", None) is not None}
        result.agreement = {
            "themes_judged": len(themed),
            "themes_right": sum(gold[g].theme == getattr(predicted[p], "theme", None) for g, p in themed.items()),
        }
    for g, item in enumerate(gold):
        p = gold_to_pred.get(g)
        result.tp_recall += p is not None
        result.gold_outcomes.append(
            GoldOutcome(key=f"{field}[{g}]", label=item.text, status="matched" if p is not None else "missing",
                        predicted=None if p is None else predicted[p].text, pred_index=p)
        )
    for p, pred in enumerate(predicted):
        if not is_grounded[p]:
            status = "ungrounded"
        elif p in matched_preds:
            status = "matched"
        elif restatement(p):
            status = "restatement"
        else:
            status = "spurious" if precision_scored else "unjudged"
        result.pred_outcomes.append(PredOutcome(label=pred.text, status=status))
    if precision_scored:
        result.predicted = sum(o.status != "restatement" for o in result.pred_outcomes)
        result.tp_precision = len(matched_preds)
    result.errors = _tally_errors(result)
    return result


def _tally_errors(result: CaseField) -> dict[str, int]:
    errors = dict.fromkeys(ERROR_KINDS, 0)
    for o in result.gold_outcomes:
        if o.status != "matched":
            errors[o.status] += 1
    for po in result.pred_outcomes:
        if po.status in ("spurious", "ungrounded"):
            errors[po.status] += 1
    return {k: v for k, v in errors.items() if v}


# ---------------------------------------------------------------------------------------------
# aggregate
# ---------------------------------------------------------------------------------------------
def aggregate(cases: Sequence[CaseScore], fields: Sequence[str]) -> RunScores:
    scores = RunScores(scored_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), cases=list(cases))
    for field in fields:
        total = FieldScore(field=field, kind=field_kind(field))
        for case in cases:
            part = case.fields.get(field)
            if part is None:
                continue
            total.add(part)
            total.cases += 1
        scores.fields[field] = total
    for case in cases:
        scores.cost.total += case.cost
        scores.faithfulness.add(case.faithfulness)
    scores.cost.reports = len(cases)
    scores.cost.total.llm_seconds = round(scores.cost.total.llm_seconds, 3)
    scores.cost.total.wall_seconds = round(scores.cost.total.wall_seconds, 3)
    return scores
