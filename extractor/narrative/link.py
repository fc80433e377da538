"""Which table cells a narrative figure states (rule 5 of the spec: narrative against table).

A figure is linked only when its quantity names one of the quantities the tables hold, in words
reports use: 收到/受理/新收 申请 -> ``new_received``, 上年结转 -> ``carried_over``, 行政复议 ->
``review`` …  Each link is a quantity key (the rule id is ``narrative.<key>``) and the dotted rows it sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.narrative.schema import CountFact


@dataclass(frozen=True)
class TableLink:
    key: str  # narrative.<key>
    table: str
    rows: tuple[str, ...]  # summed
    column: str

    @property
    def paths(self) -> list[str]:
        """The dotted paths of the cells: ``applications.granted.total``."""
        return [f"{self.table}.{row}.{self.column}" for row in self.rows]

    @property
    def cell_ref(self) -> str:
        """What ``CountFact.table_cell`` says: the paths joined by ``+``."""
        return "+".join(self.paths)


_SUBSET = re.compile(r"其中|通过|网上|网络|信函|当面|来信|传真|电子邮件|同比|占|比例|涉及|申请人")
_APPLICATION_LINKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"上一?年度?结转|上年度?遗留", "carried_over", ("carried_over",)),
    (r"结转(?:到|至)?下一?年度?|顺延(?:到|至)下一?年度?|转入下一?年", "carried_forward", ("carried_forward",)),
    (r"予以公开(?:和|及|或|、)部分公开|(?:全部|同意)公开(?:和|及|或|、)部分公开", "granted_plus_partially_granted", ("granted", "partially_granted")),
    (r"不予公开", "denied", (
        "denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties", "denied_third_party",
        "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_inquiry",
    )),
    (r"无法提供", "unable", ("unable_not_held", "unable_needs_creation", "unable_unclear")),
    (r"不予处理", "not_processed", (
        "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
        "not_processed_excessive", "not_processed_confirmation",
    )),
    (r"部分公开", "partially_granted", ("partially_granted",)),
    (r"予以公开|同意公开|全部公开", "granted", ("granted",)),
    (r"(?:收到|受理|新收|接收|接到)[^,，。；]{0,12}申请|申请[^,，。；]{0,6}(?:收到|受理)", "new_received", ("new_received",)),
    (r"(?:答复|办结|办理完毕|处理)[^,，。；]{0,12}申请|申请[^,，。；]{0,6}(?:答复|办结)", "total_processed", ("total_processed",)),
)
_DOC_LINKS: tuple[tuple[str, str], ...] = (
    (r"(?:制发|印发|出台|制定|新制作|发布)", "issued"),
    (r"废止", "repealed"),
    (r"现行有效", "in_force"),
)


def link_fact(fact: CountFact, template: str) -> TableLink | None:
    """The table quantity a figure states, or None.  Approximate figures and partial counts never link."""
    if fact.approximate or fact.unit not in ("件", "条", "个", "项", "份", None):
        return None
    what = fact.quantity
    text = fact.evidence.quote if fact.evidence else what
    if fact.category == "review_litigation" or re.search(r"复议|诉讼", what):
        if re.search(r"行政复议|复议", what) and not re.search(r"诉讼", what):
            return TableLink("review", "review_litigation", ("review",), "total")
        if re.search(r"诉讼", what) and not re.search(r"复议", what):
            return TableLink("litigation", "review_litigation", ("litigation_direct", "litigation_after_review"), "total")
        return None
    if fact.category == "application" or "申请" in what:
        if _SUBSET.search(what) or re.search(r"其中", text[:6]):
            return None
        for pattern, key, rows in _APPLICATION_LINKS:
            if re.search(pattern, what) or re.search(pattern, text):
                return TableLink(key, "applications", rows, "total")
        return None
    doc_row = "regulations" if re.search(r"规章", what) else "normative_documents" if re.search(r"规范性文件", what) else None
    if doc_row and fact.unit in ("件", "个", "份", None):
        for pattern, column in _DOC_LINKS:
            if re.search(pattern, what):
                if template == "2019":
                    column = {"issued": "made", "in_force": "total_published"}.get(column, "")
                    if not column:
                        return None
                return TableLink(f"{doc_row}.{column}", "proactive", (doc_row,), column)
    return None
