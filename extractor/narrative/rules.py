"""Keyword rules: the rules-only baseline, and the fallback label for what the LLM left unlabeled.

They label the figures and sentences that :mod:`extractor.narrative.numbers` and
:mod:`extractor.narrative.chunks` found; every label they give is marked ``method="rules"``.
"""

from __future__ import annotations

import re

from extractor.narrative.numbers import Figure
from extractor.narrative.schema import CountCategory, SentenceKind, WorkKind

_REVIEW = re.compile(r"复议|诉讼")
_FEE = re.compile(r"收费|信息处理费|费用")
_APPLICATION = re.compile(r"申请|答复|办结|结转|受理|来信|予以公开|不予公开|部分公开|无法提供|不予处理")
_OVERSIGHT = re.compile(r"培训|考核|考评|督查|督导|问责|追究|检查|评议|测评|学习")
_PLATFORM_THING = re.compile(r"(?:网站|新媒体|公众号|微博|账号|栏目|专栏|平台|客户端|APP|热线|抖音号|头条号|子站|视频号)$")
# numbers that are never counts of work: rates and shares, durations, ages
_NOT_A_COUNT = frozenset({"%", "个百分点", "个工作日", "工作日", "天", "小时"})


def figure_category(figure: Figure, section: str, clause: str) -> CountCategory:
    text = figure.quantity + clause
    if figure.unit in ("元", "万元", "亿元") or _FEE.search(figure.quantity):
        return "fee"
    if (_REVIEW.search(text) and "申请" not in figure.quantity) or section == "review_litigation_table":
        return "review_litigation"
    if section.endswith("on_request") or section == "applications_table" or _APPLICATION.search(figure.quantity):
        return "application" if not _REVIEW.search(figure.quantity) else "review_litigation"
    if section.endswith("oversight") or _OVERSIGHT.search(figure.quantity):
        return "oversight"
    if _PLATFORM_THING.search(figure.quantity) or (section.endswith("platforms") and figure.unit in ("个", "家", "套", "座")):
        return "platform"  # counts sites, accounts, columns; 网站发布信息N条 counts published items
    if section.endswith(("proactive_disclosure", "info_management", "platforms")) or section in ("overview", "proactive_table", "other"):
        return "proactive"
    return "other"


_AUDIENCE = re.compile(r"关注|观看|点赞|粉丝|浏览|访问|阅读量|转发|评论")


def figure_is_count(figure: Figure) -> bool:
    """Counts of work; not rates, durations, or audience figures (关注量, 观看量)."""
    return figure.unit not in _NOT_A_COUNT and len(figure.quantity) >= 2 and not _AUDIENCE.search(figure.quantity)


_PROBLEM = re.compile(r"不够|不足|有待|欠缺|不高|滞后|薄弱|不强|不到位|不平衡|不充分|较少|偏少|问题|短板|差距|仍需|还需|需进一步")
_IMPROVEMENT = re.compile(r"^(?:下一步|今后|\d{4}年)?.{0,12}?(?:将|要|继续|持续|进一步|加强|加大|强化|提升|完善|推进|深化|抓好|做好|规范|优化)")
_WORK_KINDS: tuple[tuple[str, WorkKind], ...] = (
    ("集约", "intensive"), ("适老", "accessibility"), ("无障碍", "accessibility"), ("改版", "redesign"),
    ("新媒体", "new_media"), ("公众号", "new_media"), ("微博", "new_media"), ("抖音", "new_media"),
    ("公报", "gazette"), ("热线", "hotline"), ("开放日", "open_day"), ("网站", "website"), ("栏目", "website"),
    ("专栏", "website"), ("培训", "training"), ("考核", "assessment"), ("考评", "assessment"), ("测评", "assessment"),
    ("问责", "accountability"), ("追究", "accountability"), ("制度", "system"), ("机制", "system"),
)


def work_kind(sentence: str) -> WorkKind | None:
    for word, kind in _WORK_KINDS:
        if word in sentence:
            return kind
    return None


def sentence_kind(sentence: str, section: str, after_improvement_heading: bool) -> SentenceKind:
    if section == "problems":
        if after_improvement_heading or (_IMPROVEMENT.search(sentence) and not _PROBLEM.search(sentence[:20])):
            return "improvement"
        return "problem" if _PROBLEM.search(sentence) else "none"
    kind = work_kind(sentence)
    if kind in ("training", "assessment", "accountability"):
        return "oversight"
    if kind is not None and kind != "system":
        return "platform"
    return "none"


IMPROVEMENT_HEADING = re.compile(r"改进|下一步|今后|工作(?:打算|计划|措施|举措)|措施")
