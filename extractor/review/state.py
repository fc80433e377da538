"""A report's facts together with the reviewers' decisions: what is shown, agreed on and exported.

A fact is a plain dict in the NarrativeFacts schema (``CountFact``/``WorkItem``/``Item`` dumped to JSON)
plus the list it belongs to.  The *base* of a fact is what the extractor produced (or, for a fact a
reviewer added, what was added); a decision resolves it: ``accept`` keeps the base, ``correct`` and
``add`` carry a new fact, ``reject`` drops it.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, ValidationError

from extractor.narrative.checks import narrative_checks
from extractor.narrative.fact_lists import LIST_CATEGORY, FactKind
from extractor.narrative.link import link_fact
from extractor.narrative.schema import CountFact, Evidence, Item, Method, WorkItem
from extractor.narrative.themes import theme_of
from extractor.normalize import normalize
from extractor.report import ExtractedReport
from extractor.review.reports import (
    FACT_LISTS,
    FactRef,
    check_key,
    deepest_section,
    failed_table_checks,
    flagged_cell_keys,
    narrative_finding,
    report_facts,
)
from extractor.review.store import Decision
from extractor.util import errors_line

MAX_QUOTE_CHARS = 2000
REPORT_TARGET = "report"
STATUS_TARGET = "status"  # a reviewer's "done" mark on the whole report


class ReviewError(ValueError):
    """A decision that cannot be applied (bad value, span outside the text …): HTTP 400 with the message."""


class FactFields(BaseModel):
    """What a reviewer may set on a fact (corrections and added facts); unset fields keep the base."""

    list: str | None = Field(default=None, description="fact list, e.g. proactive_counts, problems")
    what: str | None = Field(default=None, description="count: what is counted, in the report's words")
    value: float | int | str | None = None
    unit: str | None = None
    channel: str | None = None
    approximate: bool | None = None
    kind: str | None = Field(default=None, description="work item kind: website, training …")
    text: str | None = Field(default=None, description="work item / problem / improvement paraphrase")
    start: int | None = None
    end: int | None = None


class FactDecisionRequest(BaseModel):
    action: Literal["accept", "correct", "reject", "withdraw"]
    fact: FactFields | None = None
    reviewer: str | None = None


class AddFactRequest(FactFields):
    reviewer: str | None = None


class CellDecisionRequest(BaseModel):
    action: Literal["misread", "confirm", "withdraw"] = Field(description="confirm: the parsed value is what the table prints")
    value: float | int | str | None = Field(default=None, description="the value the table prints, if the parser misread it")
    note: str | None = None
    reviewer: str | None = None


class CheckDecisionRequest(BaseModel):
    action: Literal["confirm", "withdraw"] = Field(description="confirm: the report prints numbers that break the rule")
    reviewer: str | None = None


class DoneRequest(BaseModel):
    done: bool = Field(description="true: the report is reviewed (nothing left undecided); false: take the mark back")
    reviewer: str | None = None


class ReportFlagsRequest(BaseModel):
    complete: bool = Field(description="false when the text is a partial excerpt")
    reviewer: str | None = None


@dataclass
class FactState:
    """One fact of the report with every reviewer's current decision on it."""

    key: str
    list_name: str
    base: dict[str, Any]
    added_by: str | None
    decisions: dict[str, Decision] = field(default_factory=dict)

    @property
    def kind(self) -> FactKind:
        return FACT_LISTS[self.list_name][0]

    def decision_of(self, reviewer: str) -> Decision | None:
        return self.decisions.get(reviewer)

    def latest(self, reviewer: str | None = None) -> Decision | None:
        """The reviewer's decision, or (``None``) the most recent one by anybody."""
        if reviewer is not None:
            return self.decisions.get(reviewer)
        return max(self.decisions.values(), key=lambda d: d.id, default=None)

    def resolved(self, decision: Decision | None) -> tuple[str, dict[str, Any]] | None:
        """The fact a decision leaves: ``(list, fact)``, or None when rejected or undecided."""
        if decision is None or decision.action == "reject":
            return None
        if decision.action in ("correct", "add") and decision.payload:
            return decision.payload["list"], decision.payload["fact"]
        return self.list_name, self.base

    def shown(self, reviewer: str) -> tuple[str, dict[str, Any]]:
        """What the reviewer sees: their correction if any, else the base."""
        decision = self.decisions.get(reviewer)
        if decision is not None and decision.action in ("correct", "add") and decision.payload:
            return decision.payload["list"], decision.payload["fact"]
        return self.list_name, self.base


@dataclass
class ReviewProgress:
    """What is decided of a report: its facts, the cells the parser flagged, its failed checks (rules 1-4, 6).

    A report is **done** when all of them are decided and there is at least one, or, when it has none, once a
    reviewer marked it done."""

    facts: int = 0
    facts_decided: int = 0
    cells_flagged: int = 0
    cells_decided: int = 0
    checks_failed: int = 0
    checks_decided: int = 0
    marked_done: bool = False
    touched: bool = False  # any decision at all
    reviewers: list[str] = field(default_factory=list)

    @property
    def items(self) -> int:
        return self.facts + self.cells_flagged + self.checks_failed

    @property
    def open(self) -> int:
        return self.items - self.facts_decided - self.cells_decided - self.checks_decided

    @property
    def done(self) -> bool:
        return self.open == 0 and (self.items > 0 or self.marked_done)

    @property
    def status(self) -> str:
        return "done" if self.done else "in progress" if self.touched else "to review"

    def describe_open(self) -> str:
        parts = [(self.facts - self.facts_decided, "facts"), (self.cells_flagged - self.cells_decided, "flagged cells"),
                 (self.checks_failed - self.checks_decided, "failed checks")]
        return ", ".join(f"{n} {what}" for n, what in parts if n) or "nothing"


def review_progress(
    fact_keys: list[str], flagged_cells: list[str], failed_checks: dict[str, list[str]],
    actions: dict[str, dict[str, str]], reviewer: str | None = None,
) -> ReviewProgress:
    """The progress of a report from its items and the current decisions (``{target: {reviewer: action}}``);
    ``reviewer``: that reviewer's decisions only.  A failed check is decided when a reviewer confirmed it or
    corrected one of its cells (the check is re-run on the reviewed numbers)."""

    def decided(target: str, accepted: tuple[str, ...] | None = None) -> bool:
        by = actions.get(target, {})
        chosen = [a for r, a in by.items() if reviewer is None or r == reviewer]
        return any(accepted is None or a in accepted for a in chosen)

    checks_decided = sum(
        decided(check_key(check_id), ("confirm",)) or any(decided(f"cell:{c}", ("misread",)) for c in cells)
        for check_id, cells in failed_checks.items()
    )
    mine = [t for t, by in actions.items() if reviewer is None or reviewer in by]
    return ReviewProgress(
        facts=len(fact_keys), facts_decided=sum(decided(k) for k in fact_keys),
        cells_flagged=len(flagged_cells), cells_decided=sum(decided(k, ("confirm", "misread")) for k in flagged_cells),
        checks_failed=len(failed_checks), checks_decided=checks_decided,
        marked_done=decided(STATUS_TARGET, ("done",)), touched=bool(mine),
        reviewers=sorted({r for by in actions.values() for r in by}),
    )


@dataclass
class ReviewState:
    report: ExtractedReport
    facts: list[FactState]
    stale: list[tuple[str, Decision]]  # decisions on facts this extraction no longer has
    cells: dict[str, dict[str, Decision]]  # cell key -> reviewer -> misread or confirm decision
    report_flags: dict[str, Decision]
    checks: dict[str, dict[str, Decision]] = field(default_factory=dict)  # check key -> reviewer -> confirm
    done_marks: dict[str, Decision] = field(default_factory=dict)  # reviewer -> done

    def fact(self, key: str) -> FactState | None:
        return next((f for f in self.facts if f.key == key), None)

    def reviewers(self) -> list[str]:
        names = {r for f in self.facts for r in f.decisions}
        names |= {r for by in self.cells.values() for r in by}
        names |= {r for by in self.checks.values() for r in by}
        names |= set(self.report_flags) | set(self.done_marks)
        return sorted(names)

    def actions(self) -> dict[str, dict[str, str]]:
        """``{target: {reviewer: action}}`` of the current decisions (extracted facts, cells, checks, done)."""
        out: dict[str, dict[str, str]] = {}
        for fact in self.facts:
            if fact.added_by is None and fact.decisions:
                out[fact.key] = {r: d.action for r, d in fact.decisions.items()}
        for target, by in [*self.cells.items(), *self.checks.items(), (STATUS_TARGET, self.done_marks)]:
            if by:
                out[target] = {r: d.action for r, d in by.items()}
        return out

    def progress(self, reviewer: str | None = None) -> ReviewProgress:
        keys = [f.key for f in self.facts if f.added_by is None]
        return review_progress(keys, flagged_cell_keys(self.report), failed_table_checks(self.report), self.actions(), reviewer)

    def decided(self, reviewer: str | None = None) -> int:
        return sum(
            bool(f.decisions if reviewer is None else reviewer in f.decisions) for f in self.facts if f.added_by is None
        )

    def extracted_count(self) -> int:
        return sum(f.added_by is None for f in self.facts)

    def complete(self, reviewer: str | None = None) -> bool:
        """Whether the text is the whole report (a reviewer may mark it a partial excerpt)."""
        flags = self.report_flags
        chosen = flags.get(reviewer) if reviewer is not None else max(flags.values(), key=lambda d: d.id, default=None)
        return bool(chosen.payload.get("complete", True)) if chosen and chosen.payload else True


def fact_dict(ref: FactRef) -> dict[str, Any]:
    return ref.fact.model_dump(mode="json")


def build_state(report: ExtractedReport, current: dict[str, dict[str, Decision]]) -> ReviewState:
    refs = report_facts(report)
    facts = [FactState(ref.key, ref.list_name, fact_dict(ref), None, dict(current.get(ref.key, {}))) for ref in refs]
    known = {f.key for f in facts}
    stale: list[tuple[str, Decision]] = []
    cells: dict[str, dict[str, Decision]] = {}
    checks: dict[str, dict[str, Decision]] = {}
    flags: dict[str, Decision] = {}
    done: dict[str, Decision] = {}
    for target, by_reviewer in current.items():
        if target in known:
            continue
        if target.startswith("cell:"):
            cells[target] = dict(by_reviewer)
        elif target.startswith("check:"):
            checks[target] = dict(by_reviewer)
        elif target == REPORT_TARGET:
            flags = dict(by_reviewer)
        elif target == STATUS_TARGET:
            done = dict(by_reviewer)
        elif target.startswith("added:"):
            adds = [d for d in by_reviewer.values() if d.action == "add" and d.payload]
            if not adds:
                stale.extend((target, d) for d in by_reviewer.values())
                continue
            first = min(adds, key=lambda d: d.id)
            assert first.payload is not None
            facts.append(FactState(target, first.payload["list"], first.payload["fact"], first.reviewer, dict(by_reviewer)))
        else:
            stale.extend((target, d) for d in by_reviewer.values())
    facts.sort(key=lambda f: (f.base["evidence"]["start"], list(FACT_LISTS).index(f.list_name), f.key))
    return ReviewState(report, facts, stale, cells, flags, checks, done)


# -- building corrected and added facts --------------------------------------------------------
def parse_number(value: float | int | str | None, what: str = "value") -> int | float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{what} must be a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip().replace(",", "").replace("，", "")
        multiplier = 1.0
        if text.endswith("万"):
            text, multiplier = text[:-1], 10000.0
        try:
            number = float(text) * multiplier
        except ValueError:
            raise ReviewError(f"{what} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise ReviewError(f"{what} must be a finite number")
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _evidence(fields: FactFields, base: dict[str, Any] | None, source_text: str | None) -> Evidence:
    base_ev = base["evidence"] if base else None
    start = fields.start if fields.start is not None else (base_ev["start"] if base_ev else None)
    end = fields.end if fields.end is not None else (base_ev["end"] if base_ev else None)
    if start is None or end is None:
        raise ReviewError("a fact needs a quote: select its text in the report (start and end)")
    if base_ev is not None and (start, end) == (base_ev["start"], base_ev["end"]) and source_text is None:
        return Evidence(**base_ev)
    if source_text is None:
        raise ReviewError("the source text is not available, so the quote span cannot be changed")
    if not (0 <= start < end <= len(source_text)):
        raise ReviewError(f"quote span {start}-{end} is outside the text (0-{len(source_text)})")
    if end - start > MAX_QUOTE_CHARS:
        raise ReviewError(f"a quote is at most {MAX_QUOTE_CHARS} characters")
    quote = source_text[start:end]
    if not quote.strip():
        raise ReviewError("the quote is only white space")
    return Evidence(quote=quote, start=start, end=end)


def build_fact(
    report: ExtractedReport,
    fields: FactFields,
    *,
    list_name: str | None,
    base: dict[str, Any] | None,
    source_text: str | None,
) -> tuple[str, dict[str, Any]]:
    """A corrected (``base`` given) or added fact, validated against the schema and the source text."""
    target_list = fields.list or list_name
    if target_list not in FACT_LISTS:
        raise ReviewError(f"unknown fact list {target_list!r}; one of {', '.join(FACT_LISTS)}")
    kind = FACT_LISTS[target_list][0]
    if list_name is not None and FACT_LISTS[list_name][0] != kind:
        raise ReviewError(f"a {FACT_LISTS[list_name][0]} cannot become a {kind}: reject it and add a new fact")
    evidence = _evidence(fields, base, source_text)
    try:
        if kind == "count":
            fact = _build_count(report, fields, target_list, base, evidence)
        elif kind == "work":
            text = _clean(fields.text) or (base or {}).get("text") or evidence.quote[:40]
            fact = WorkItem(kind=fields.kind or (base or {}).get("kind") or "other", text=text, evidence=evidence).model_dump(mode="json")
        else:
            text = _clean(fields.text) or (base or {}).get("text") or evidence.quote[:40]
            theme = (base or {}).get("theme") or theme_of(normalize(evidence.quote).text)
            fact = Item(text=text, evidence=evidence, theme=theme).model_dump(mode="json")
    except ValidationError as exc:
        raise ReviewError(errors_line(exc.errors())) from None
    fact["method"] = base.get("method", "human") if base is not None else "human"  # added by a person
    return target_list, fact


def _build_count(
    report: ExtractedReport, fields: FactFields, list_name: str, base: dict[str, Any] | None, evidence: Evidence
) -> dict[str, Any]:
    base = base or {}
    value = parse_number(fields.value)
    if value is None:
        value = base.get("value")
    if value is None:
        raise ReviewError("a count needs a value")
    unit = base.get("unit") if fields.unit is None else _clean(fields.unit)
    quantity = _clean(fields.what) or base.get("quantity")
    if not quantity:
        raise ReviewError("say what is counted ('what')")
    section = deepest_section(report.sections, evidence.start)
    changed = value != base.get("value") or unit != base.get("unit")
    fact = CountFact(
        id=base.get("id") or f"n{evidence.start}",
        category=LIST_CATEGORY[list_name],
        section=section.key if section else base.get("section", "unknown"),
        quantity=quantity,
        channel=base.get("channel") if fields.channel is None else _clean(fields.channel),
        value=value,
        unit=unit,
        raw=f"{value}{unit or ''}" if changed or not base.get("raw") else base["raw"],
        approximate=base.get("approximate", False) if fields.approximate is None else fields.approximate,
        evidence=evidence,
    )
    link = link_fact(fact, report.meta.template)
    fact.table_cell = link.cell_ref if link else None
    return fact.model_dump(mode="json")


def new_added_key() -> str:
    return f"added:{secrets.token_hex(6)}"


def count_model(fact: dict[str, Any]) -> CountFact:
    data = dict(fact)
    if data.get("method") not in get_args(Method):
        data["method"] = "human"
    return CountFact.model_validate(data)


def rule5_result(report: ExtractedReport, list_name: str, fact: dict[str, Any], *, original: bool) -> tuple[bool | None, str] | None:
    """Narrative vs table for one figure: ``(passed, message)``, or None when it states no table quantity."""
    if FACT_LISTS[list_name][0] != "count":
        return None
    model = count_model(fact)
    if original:
        finding = narrative_finding(report, model)
        if finding is not None:
            return finding.passed, finding.message
    findings = narrative_checks([model], report.tables, report.meta.template).findings
    if not findings:
        return None
    return findings[0].passed, findings[0].message


# -- agreement -----------------------------------------------------------------------------------
def decision_signature(state: FactState, decision: Decision) -> tuple[Any, ...]:
    """What two reviewers must share to agree: keep/reject and the resolved fact's checked fields."""
    resolved = state.resolved(decision)
    if resolved is None:
        return ("reject",)
    list_name, fact = resolved
    ev = fact["evidence"]
    value = fact.get("value")
    return (
        "keep", list_name, None if value is None else float(value), fact.get("unit"), bool(fact.get("approximate")),
        fact.get("channel"), fact.get("kind"), ev["start"], ev["end"],
    )


@dataclass
class PairAgreement:
    reviewer_a: str
    reviewer_b: str
    both_decided: int
    agreed: int
    disagreements: list[str]

    @property
    def percent(self) -> float | None:
        return None if not self.both_decided else 100.0 * self.agreed / self.both_decided


def agreement(state: ReviewState) -> list[PairAgreement]:
    reviewers = sorted({r for f in state.facts for r in f.decisions})
    pairs: list[PairAgreement] = []
    for i, a in enumerate(reviewers):
        for b in reviewers[i + 1:]:
            both = agreed = 0
            disagreements: list[str] = []
            for fact in state.facts:
                da, db = fact.decisions.get(a), fact.decisions.get(b)
                if da is None or db is None:
                    continue
                both += 1
                if decision_signature(fact, da) == decision_signature(fact, db):
                    agreed += 1
                else:
                    disagreements.append(fact.key)
            pairs.append(PairAgreement(a, b, both, agreed, disagreements))
    return pairs


_REVIEWER_RE = re.compile(r"^[^\x00-\x1f<>\"'&]{1,64}$")
# Printable text only: no control or format characters (bidi overrides, zero-width marks, which would make
# one name look like another), no private-use, unassigned or surrogate code points, no line separators.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})


def clean_reviewer(name: str | None) -> str | None:
    """A reviewer name as stored: trimmed, 1-64 printable characters (None when unusable)."""
    if name is None:
        return None
    name = " ".join(name.split())
    if not _REVIEWER_RE.match(name) or any(unicodedata.category(ch) in _UNPRINTABLE for ch in name):
        return None
    return name
