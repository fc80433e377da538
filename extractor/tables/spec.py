"""The standard tables 二/三/四: key names (data dictionary), row order and label patterns.

Labels are matched on normalized text (Simplified, half-width). Every pattern tolerates
whitespace and line breaks between characters, because PDF and web conversions wrap labels
anywhere. Each row has its full printed label first and a short distinctive core as a fallback
(a PDF conversion may interleave another cell's text into a label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

APPLICATION_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
APPLICATION_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

_OUTCOME_ROWS_HEAD = (
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_three_safeties",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_files",
    "denied_inquiry",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "not_processed_complaint",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
)
OUTCOME_ROWS = {
    "2021": (*_OUTCOME_ROWS_HEAD, "other_overdue_correction", "other_unpaid_fee", "other_other"),
    "2019": (*_OUTCOME_ROWS_HEAD, "other"),
}
APPLICATION_ROWS = {
    template: ("new_received", "carried_over", *outcomes, "total_processed", "carried_forward")
    for template, outcomes in OUTCOME_ROWS.items()
}

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_CELLS = ("upheld", "corrected", "other", "pending", "total")

# Table 二: (row key, cell keys, printed column labels) in printed order.
PROACTIVE_ROWS: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "2021": (
        ("regulations", ("issued", "repealed", "in_force"), ("本年制发件数", "本年废止件数", "现行有效件数")),
        (
            "normative_documents",
            ("issued", "repealed", "in_force"),
            ("本年制发件数", "本年废止件数", "现行有效件数"),
        ),
        ("licensing", ("decisions",), ("本年处理决定数量",)),
        ("punishment", ("decisions",), ("本年处理决定数量",)),
        ("coercion", ("decisions",), ("本年处理决定数量",)),
        ("fees", ("amount",), ("本年收费金额(单位:万元)",)),
    ),
    "2019": (
        ("regulations", ("made", "published", "total_published"), ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
        (
            "normative_documents",
            ("made", "published", "total_published"),
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ),
        ("licensing", ("previous_items", "change", "decisions"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("other_services", ("previous_items", "change", "decisions"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("punishment", ("previous_items", "change", "decisions"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("coercion", ("previous_items", "change", "decisions"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("fees", ("previous_items", "change"), ("上一年项目数量", "本年增/减")),
        ("procurement", ("items", "amount"), ("采购项目数量", "采购总金额")),
    ),
}
MONEY_CELLS = {("fees", "amount"), ("procurement", "amount")}
SIGNED_CELLS = {"change"}

# Row labels: (key, full labels, short cores). Item prefixes such as "1." or "(三)" are added below.
_PROACTIVE_LABELS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("regulations", ("规章",), ()),
    # '规范性档案': a Traditional (Taiwan) conversion of the page turns 文件 into 檔案.
    ("normative_documents", ("行政规范性文件", "规范性文件", "规范性档案"), ()),
    ("licensing", ("行政许可",), ()),
    ("other_services", ("其他对外管理服务事项",), ("对外管理服务事项",)),
    ("punishment", ("行政处罚",), ()),
    ("coercion", ("行政强制",), ()),
    ("fees", ("行政事业性收费",), ()),
    ("procurement", ("政府集中采购",), ()),
)
_APPLICATION_LABELS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("new_received", ("本年新收政府信息公开申请数量",), ("本年新收",)),
    ("carried_over", ("上年结转政府信息公开申请数量",), ("上年结转",)),
    ("granted", ("予以公开",), ()),
    ("partially_granted", ("部分公开",), ()),
    ("denied_state_secret", ("属于国家秘密",), ("国家秘密",)),
    ("denied_prohibited_by_law", ("其他法律行政法规禁止公开",), ("法律行政法规禁",)),
    ("denied_three_safeties", ("危及“三安全一稳定”", '危及"三安全一稳定"', "危及三安全一稳定"), ("三安全一稳定",)),
    ("denied_third_party", ("保护第三方合法权益",), ("第三方合法权益",)),
    ("denied_internal_affairs", ("属于三类内部事务信息", "属于三类内容事务信息"), ("三类内部事务", "三类内容事务")),
    ("denied_process_info", ("属于四类过程性信息",), ("四类过程性",)),
    ("denied_enforcement_files", ("属于行政执法案卷",), ("行政执法案卷",)),
    ("denied_inquiry", ("属于行政查询事项",), ("行政查询事项",)),
    ("unable_not_held", ("本机关不掌握相关政府信息",), ("不掌握相关",)),
    ("unable_needs_creation", ("没有现成信息需要另行制作",), ("没有现成信息",)),
    ("unable_unclear", ("补正后申请内容仍不明确",), ("仍不明确",)),
    ("not_processed_complaint", ("信访举报投诉类申请",), ("信访举报投诉",)),
    ("not_processed_duplicate", ("重复申请",), ()),
    ("not_processed_publication", ("要求提供公开出版物",), ("公开出版物",)),
    ("not_processed_excessive", ("无正当理由大量反复申请",), ("大量反复申请",)),
    ("not_processed_confirmation", ("要求行政机关确认或重新出具已获取信息",), ("确认或重新出具",)),
    (
        "other_overdue_correction",
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
        ("逾期不补正",),
    ),
    (
        "other_unpaid_fee",
        ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",),
        ("逾期未按收费通知",),
    ),
    ("other", ("其他处理",), ()),
    ("total_processed", ("总计",), ()),
    ("carried_forward", ("结转下年度继续办理",), ("结转下年度",)),
)

# Which rows need an item prefix to count as a label (bare "总计" is also a column header).
_REQUIRED_PREFIX = {
    "total_processed": r"\(\s*七\s*\)",
    "other_other": r"3\s*[.、]",
}
# How a match of each required prefix starts (see LabelPattern.lead).
_REQUIRED_PREFIX_LEAD = {
    "total_processed": r"\(",
    "other_other": r"3\s*[.、]",
}


_HEAD_FROM = 8  # labels at least this long are also matched by their first six characters


def fuzzy(literal: str, *, tolerant: bool = True) -> str:
    """A regex for ``literal``; ``tolerant`` allows whitespace between any two characters."""
    chars = [re.escape(ch) for ch in literal if not ch.isspace()]
    return r"\s*".join(chars) if tolerant else "".join(chars)


_ITEM_PREFIX = r"(?:(?:[一二三四五六七八九十]\s*[、.])?\s*\(\s*[一二三四五六七八九十]\s*\)\s*|[一二三四]\s*、\s*|\d\s*[.、]\s*)?"
# How a non-empty _ITEM_PREFIX starts: whitespace or one of these characters, or a digit and '.'/'、'.
_ITEM_PREFIX_FIRST_CHARS = "(一二三四五六七八九十"
_ITEM_PREFIX_LEAD = r"\d\s*[.、]"


@dataclass(frozen=True)
class LabelPattern:
    table: str
    key: str
    regex: str  # without the optional item prefix ('1.', '(三)', '二、'), which is shared
    first_chars: str  # the characters a match of ``regex`` can start with, or '' when ``lead`` is set
    lead: str | None = None  # else a regex that every match of ``regex`` starts with


def _first_chars(literals: tuple[str, ...]) -> str:
    return "".join(sorted({next(ch for ch in s if not ch.isspace()) for s in literals}))


def _label_patterns(tolerant: bool) -> list[LabelPattern]:
    out: list[LabelPattern] = []
    for table, labels in (("proactive", _PROACTIVE_LABELS), ("applications", _APPLICATION_LABELS)):
        for key, fulls, cores in labels:
            # A long label also by its first six characters: a PDF of the official table may print
            # the next column's text (a group label such as '(四)无法提供', one piece per line) into
            # the middle of a wrapped label.
            heads = tuple(h for f in fulls if len(f) >= _HEAD_FROM and not any((h := f[:6]) in c for c in cores))
            alts = "|".join(fuzzy(s, tolerant=tolerant) for s in dict.fromkeys((*fulls, *cores, *heads)))
            if key in _REQUIRED_PREFIX:
                alts = rf"(?:{_REQUIRED_PREFIX[key]})\s*(?:{alts})"
                out.append(LabelPattern(table, key, f"(?:{alts})", "", _REQUIRED_PREFIX_LEAD[key]))
            else:
                out.append(LabelPattern(table, key, f"(?:{alts})", _first_chars((*fulls, *cores))))
    out.append(
        LabelPattern(
            "applications",
            "other_other",
            rf"{_REQUIRED_PREFIX['other_other']}\s*其\s*他(?!\s*[法处])",
            "",
            _REQUIRED_PREFIX_LEAD["other_other"],
        )
    )
    return out


@lru_cache(maxsize=8)
def label_regex(table: str, *, tolerant: bool = True) -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled pattern for every row label of ``table``; group name -> row key.

    The optional item prefix is matched once, before the alternation of labels, so that the
    engine does not retry it for every label at every position. ``tolerant=False`` gives the
    faster pattern for text whose whitespace was removed. The pattern opens with a look-ahead
    for how a match can start (an item prefix or a label's first character): it changes no match,
    but rejects most positions of a table at once instead of trying every label there."""
    groups: dict[str, str] = {}
    parts = []
    first_chars = set(_ITEM_PREFIX_FIRST_CHARS)
    leads = [_ITEM_PREFIX_LEAD]
    for i, pattern in enumerate(p for p in _label_patterns(tolerant) if p.table == table):
        name = f"L{i}"
        groups[name] = pattern.key
        parts.append(f"(?P<{name}>{pattern.regex})")
        first_chars.update(pattern.first_chars)
        if pattern.lead is not None:
            leads.append(pattern.lead)
    if not parts:
        return re.compile(r"(?!x)x"), groups
    leads.insert(0, r"[\s" + "".join(re.escape(ch) for ch in sorted(first_chars)) + "]")
    return re.compile(f"(?={'|'.join(dict.fromkeys(leads))}){_ITEM_PREFIX}(?:{'|'.join(parts)})"), groups


# Template evidence: labels only present in one format.
TEMPLATE_2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "逾期未按收费通知")
TEMPLATE_2019_MARKERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购", "采购项目数量")
TEMPLATE_LEGACY_MARKERS = ("指标名称", "计量单位", "历年累计")
FORMAT_NOTICE_2021 = re.compile(r"国办公开办函\s*[〔\[(【]\s*2021\s*[〕\])】]\s*30\s*号")
FORMAT_NOTICE_2019 = re.compile(r"国办公开办函\s*[〔\[(【]\s*2019\s*[〕\])】]\s*60\s*号")


@lru_cache(maxsize=8)
def marker_regex(markers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fuzzy(m)})" for m in markers))
