"""The digest: what an analyst reads first about one report.

Key figures come from the parsed tables and the extracted facts and are rendered by code with the
official Chinese labels (主动公开信息, 收到申请, 予以公开, 行政复议, 行政诉讼, 信息处理费, 未通过的勾稽校验); where a
report prints no table 三/四 (an old report, an excerpt), the figures its narrative states stand in for them;
the narrative sentences are the model's section summaries that passed the support check (at most two per
section, each with the sentences it cites).  A section with no supported sentence has none: no digest
sentence rather than an unsupported one.  When the model is not asked, the problems and measures of 五
are listed by code in the report's own words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, Field

from extractor.models import Finding, ParsedReport
from extractor.narrative.schema import CountFact, NarrativeFacts, SectionSummary
from extractor.tables.dictionary import FIGURES

Number = int | float


class DigestFigure(BaseModel):
    key: str = Field(description="stable key for programs, e.g. applications.new_received")
    label: str = Field(description="official Chinese label")
    value: Number | None
    unit: str | None = None
    source: Literal["table", "narrative", "checks"]
    ref: str | None = Field(default=None, description="the table cell (table.row.column) or the fact id it comes from")


class Digest(BaseModel):
    """What an analyst reads first: key figures rendered by code, model sentences that passed the check."""

    figures: list[DigestFigure] = Field(default_factory=list)
    sentences: list[SectionSummary] = Field(default_factory=list, description="at most two per section, each supported")
    failed_checks: list[str] = Field(default_factory=list, description="ids of the rules the printed numbers break")
    lines: list[str] = Field(default_factory=list, description="the digest as a person reads it, in Chinese")

SECTION_LABELS = {"overview": "总体情况", "problems": "问题和改进", "other": "其他事项"}


TableRows = Mapping[str, Mapping[str, Number | None]]
_APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")
_OUTCOMES = ("upheld", "corrected", "other", "pending")


def _label(key: str) -> str:
    return FIGURES[key][0]


def _cell(tables: TableRows | None, row: str, column: str) -> Number | None:
    if not tables:
        return None
    values = tables.get(row)
    if not isinstance(values, Mapping):
        return None
    value = values.get(column)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def row_total(tables: TableRows | None, row: str, columns: tuple[str, ...] | None = None) -> tuple[Number | None, str]:
    """The printed total, or, where the report leaves it blank, the sum of the printed cells (the totals the
    checks use): ``(value, "total" | "sum" | "")``.  ``columns``: the cells summed (default: table 三's
    applicants, or table 四's outcomes for a group of table 四)."""
    if columns is None:
        columns = _OUTCOMES if row in ("review", "litigation_direct", "litigation_after_review") else _APPLICANTS
    total = _cell(tables, row, "total")
    if total is not None:
        return total, "total"
    parts = [v for c in columns if (v := _cell(tables, row, c)) is not None]
    return (sum(parts), "sum") if parts else (None, "")




_PROACTIVE_TOTAL = re.compile(
    r"主动公开(?:各类|各项)?(?:政府)?信息|(?:公开|发布|公布)(?:各类|各项)?政府信息|主动公开(?:政务)?信息|主动(?:发布|公开|公布)(?:政务公开|政府)?信息"
)
# one kind of the information published, not their total (其他应主动公开政府信息1053条, 机构职能类信息82条)
_ONE_KIND = re.compile(r"^其他|(?<![各两几])类(?:政府)?信息")
# an old report's total named without 主动 (2013年全镇共公开信息71条): only where no channel is named
_TOTAL_PUBLISHED = re.compile(r"(?:共|累计|合计|共计)(?:公开|发布)(?:各类|各项)?(?:政务)?信息$")
_RECEIVED = re.compile(r"(?:收到|接到|受理|接收)[^，。]{0,12}?申请|申请[^，。]{0,6}?(?:收到|受理)")


def _proactive_total(narrative: NarrativeFacts | None) -> CountFact | None:
    if narrative is None:
        return None
    # the total of published information, not one kind of it (主动公开规章13件) nor what one channel carried
    candidates = [
        f for f in narrative.proactive_counts
        if (_PROACTIVE_TOTAL.search(f.quantity) or (f.channel is None and _TOTAL_PUBLISHED.search(f.quantity)))
        and f.unit in ("条", "件", None) and not _ONE_KIND.search(re.sub(r"[(（][^)）]*[)）]", "", f.quantity))
    ]
    unchannelled = [f for f in candidates if f.channel is None]
    return max(unchannelled or candidates, key=lambda f: f.value, default=None)


def _received(narrative: NarrativeFacts | None) -> CountFact | None:
    """The applications the narrative says were received (共收到申请42件, 未收到政府信息公开申请): its largest
    such figure, the total before its breakdown."""
    if narrative is None:
        return None
    candidates = [f for f in narrative.application_counts if _RECEIVED.search(f.quantity) or _RECEIVED.search(f.evidence.quote)]
    return max(candidates, key=lambda f: f.value, default=None)


def _stated(narrative: NarrativeFacts | None, quantity: str) -> CountFact | None:
    """A review or litigation figure the narrative states (未引起行政复议或行政诉讼 → 0)."""
    if narrative is None:
        return None
    return next((f for f in narrative.review_litigation_counts if f.quantity.endswith(quantity)), None)


def build_digest(report: ParsedReport, n: NarrativeFacts | None) -> Digest:
    """The digest of a parsed report and its narrative facts (``report.checks`` with rule 5 included)."""
    digest = Digest()
    figures = digest.figures
    if (fact := _proactive_total(n)) is not None:
        figures.append(DigestFigure(key="proactive.total", label=_label("proactive.total"), value=fact.value, unit=fact.unit, source="narrative", ref=fact.id))
    apps = report.tables.applications
    received, _ = row_total(apps, "new_received", _APPLICANTS)
    carried, _ = row_total(apps, "carried_over", _APPLICANTS)
    rows: tuple[str, ...] = ("new_received",)
    if received or carried:  # with no application at all, the outcome rows only repeat zeros
        rows += ("granted", "partially_granted", "total_processed", "carried_forward")
    for row in rows:
        value, how = row_total(apps, row, _APPLICANTS)
        if value is not None:
            figures.append(DigestFigure(key=f"applications.{row}", label=_label(f"applications.{row}"), value=value, unit="件", source="table",
                                        ref=f"applications.{row}.total" if how == "total" else f"applications.{row}.*"))
        elif row == "new_received" and (fact := _received(n)) is not None:  # no table 三 (an excerpt, an old report)
            figures.append(DigestFigure(key="applications.new_received", label=_label("applications.new_received"), value=fact.value,
                                        unit=fact.unit, source="narrative", ref=fact.id))
    rl = report.tables.review_litigation
    review, how = row_total(rl, "review", _OUTCOMES)
    if review is not None:
        figures.append(DigestFigure(key="review_litigation.review", label=_label("review_litigation.review"), value=review, unit="件", source="table",
                                    ref="review_litigation.review.total"))
    elif (fact := _stated(n, "行政复议")) is not None:
        figures.append(DigestFigure(key="review_litigation.review", label=_label("review_litigation.review"), value=fact.value, unit=fact.unit,
                                    source="narrative", ref=fact.id))
    direct, _ = row_total(rl, "litigation_direct", _OUTCOMES)
    after, _ = row_total(rl, "litigation_after_review", _OUTCOMES)
    if direct is not None or after is not None:
        figures.append(DigestFigure(key="review_litigation.litigation", label=_label("review_litigation.litigation"), value=(direct or 0) + (after or 0), unit="件",
                                    source="table", ref="review_litigation.litigation_*.total"))
    elif (fact := _stated(n, "行政诉讼")) is not None:
        figures.append(DigestFigure(key="review_litigation.litigation", label=_label("review_litigation.litigation"), value=fact.value, unit=fact.unit,
                                    source="narrative", ref=fact.id))
    if n is not None and n.fees:
        fee = n.fees[0]
        figures.append(DigestFigure(key="fees", label=_label("fees"), value=fee.value, unit=fee.unit, source="narrative", ref=fee.id))
    failed = [c for c in report.checks if c.passed is False]
    digest.failed_checks = [c.id for c in failed]
    figures.append(DigestFigure(key="checks.failed", label=_label("checks.failed"), value=len(failed), unit="项", source="checks"))
    digest.sentences = list(n.summaries) if n is not None else []
    digest.lines = _lines(report, n, digest, failed)
    return digest


def _fmt(value: Number | None, unit: str | None) -> str:
    if value is None:
        return "—"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text}{unit or ''}"


def _lines(report: ParsedReport, n: NarrativeFacts | None, digest: Digest, failed: list[Finding]) -> list[str]:
    meta = report.meta
    head = " · ".join(x for x in (meta.issuing_body or "", f"{meta.year}年度" if meta.year else "", f"{meta.template}年版表格" if meta.template in ("2019", "2021") else "") if x)
    lines = [head] if head else []
    lines.append("；".join(f"{f.label}{_fmt(f.value, f.unit)}" for f in digest.figures if f.key != "checks.failed") or "未读到关键数字")
    if failed:
        lines.append(f"未通过的勾稽校验{len(failed)}项：" + "；".join(c.message for c in failed[:3]) + ("……" if len(failed) > 3 else ""))
    for key, label in SECTION_LABELS.items():
        said = [s.text for s in digest.sentences if s.section == key]
        if said:
            lines.append(f"{label}：" + "".join(t if t.endswith("。") else t + "。" for t in said))
    if n is not None and not any(s.section == "problems" for s in digest.sentences):
        if n.problems:
            lines.append("问题：" + "；".join(i.text for i in n.problems) + "。")
        if n.improvements:
            lines.append("改进：" + "；".join(i.text for i in n.improvements) + "。")
    return lines
