"""Themes of the problems and improvements of section 五: one fixed codebook, the keyword rules, the model's choices.

Every problem and improvement gets one theme of :data:`THEMES` (``Item.theme``), so that analysts can count
what bodies admit and promise across reports and years.  The codebook was refined from the corpus
(``evals/reports``): the issue's list plus 制度机制 and 公开形式与渠道, which many reports name and which fit
none of the others.

* :func:`theme_of` — the rules' theme: the theme whose keyword comes first in the item's first sentence
  (the two broad themes, 信息发布及时性与规范 and 公开范围与深度, a little later), else ``other``.
* :data:`THEME_CHOICES` — what the model chooses among (the Chinese labels, which a small model reads best),
  :func:`theme_key` maps an answer back to its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

ThemeKey = Literal[
    "policy_interpretation", "release_standards", "scope_depth", "forms_channels", "websites", "new_media",
    "on_request", "staff_training", "interaction", "grassroots", "oversight", "mechanisms", "other",
]


@dataclass(frozen=True)
class Theme:
    key: ThemeKey
    label: str
    scope: str  # what belongs here: the codebook's definition
    keywords: tuple[str, ...]  # regular expressions
    broad: bool = False  # chosen only when no specific theme's keyword is in the text


THEMES: tuple[Theme, ...] = (
    Theme("policy_interpretation", "政策解读质量", "政策解读的形式、质量、同步性", (r"解读",)),
    Theme("on_request", "依申请办理", "依申请公开的受理、答复、办理规范", (r"依申请", r"申请(?:办理|答复|件)", r"答复")),
    Theme("new_media", "政务新媒体", "政务新媒体、公众号、微博、短视频账号", (r"新媒体", r"公众号", r"微博", r"微信", r"短视频", r"抖音")),
    Theme("websites", "网站与平台", "政府网站、公开专栏和栏目、集约化平台、信息化、查阅场所",
          (r"网站", r"平台(?!(?:和|及|与|、)渠道)", r"栏目", r"专栏", r"集约化", r"信息化", r"场所", r"查阅")),
    Theme("grassroots", "基层公开", "基层政务公开、标准化规范化建设、乡镇和村居", (r"基层", r"标准化", r"乡镇", r"村务", r"居务")),
    Theme("interaction", "互动回应", "公众参与、政民互动、回应关切、舆情", (r"互动", r"回应", r"公众参与", r"政民", r"关切", r"舆情", r"决策公开")),
    Theme("staff_training", "人员能力与培训", "队伍、人员、培训、学习、业务能力、认识和意识",
          (r"培训", r"队伍", r"人员", r"业务(?:能力|水平|素质)", r"专业", r"素质", r"素养", r"学习", r"认识", r"意识", r"兼职",
           r"重视", r"积极性", r"主动性")),
    Theme("oversight", "监督考核", "监督检查、考核评议、督查整改、问责、自查", (r"监督", r"考核", r"检查", r"督查", r"督导", r"评议", r"整改", r"问责", r"自查", r"自纠", r"监管")),
    Theme("mechanisms", "制度机制", "制度、机制、工作体系、统筹协调、各部门工作不均衡",
          (r"制度", r"机制", r"体系", r"统筹", r"协调", r"均衡", r"规定", r"指南", r"组织领导", r"领导小组", r"专人", r"投入")),
    Theme("forms_channels", "公开形式与渠道", "公开方式、形式、载体和渠道，图表、音视频等",
          (r"(?<!工作)方式", r"形式", r"载体", r"渠道", r"途径", r"手段", r"图解", r"图表", r"音频", r"视频", r"可视化")),
    Theme("release_standards", "信息发布及时性与规范", "信息发布和更新的及时、准确、规范，审核",
          (r"及时", r"时效", r"实效", r"更新", r"滞后", r"准确", r"审核", r"审查", r"审批", r"填报", r"流程", r"保密", r"规范"),
          broad=True),
    Theme("scope_depth", "公开范围与深度", "主动公开的范围、深度、广度、力度、内容和目录，重点领域",
          (r"重点领域", r"深度", r"广度", r"主动公开", r"公开(?:的)?内容", r"(?<!宣传)(?<!宣传的)力度", r"范围", r"目录", r"领域",
           r"信息量", r"数量", r"全面", r"不很全|不全", r"单一", r"丰富"), broad=True),
    Theme("other", "其他", "以上都不是", ()),
)
THEME_KEYS: tuple[ThemeKey, ...] = get_args(ThemeKey)
THEME_LABELS: dict[str, str] = {t.key: t.label for t in THEMES}
THEME_CHOICES: tuple[str, ...] = tuple(t.label for t in THEMES)
_BY_LABEL: dict[str, ThemeKey] = {t.label: t.key for t in THEMES}
_PATTERNS: tuple[tuple[Theme, re.Pattern[str]], ...] = tuple(
    (t, re.compile("|".join(f"(?:{k})" for k in t.keywords))) for t in THEMES if t.keywords
)
assert set(THEME_KEYS) == {t.key for t in THEMES}


def theme_key(answer: str) -> ThemeKey | None:
    """The key of a model's answer (a label of :data:`THEME_CHOICES`, or a key); None for anything else."""
    answer = answer.strip()
    if answer in _BY_LABEL:
        return _BY_LABEL[answer]
    return next((k for k in THEME_KEYS if k == answer), None)


BROAD_PENALTY = 8  # characters: a broad theme wins only when its keyword comes clearly first
_LEAD = re.compile(r"^(?:进一步)?(?:提高|提升|增强)(?:思想)?认识[,，、]")  # a stock opening, not the point
_SENTENCE = re.compile(r"[。;；!?！？]")


def theme_of(text: str) -> ThemeKey:
    """The rules' theme of an item's text (normalized: Simplified, half-width): among the keywords of its
    first sentence (else of the whole text), the one that comes first, a broad theme's counted
    :data:`BROAD_PENALTY` characters later; ``other`` when no keyword is there."""
    text = _LEAD.sub("", re.sub(r"\s+", "", text))
    first = _SENTENCE.split(text, maxsplit=1)[0]
    for part in (first, text):
        best: tuple[int, int, ThemeKey] | None = None
        for order, (theme, pattern) in enumerate(_PATTERNS):
            m = pattern.search(part)
            if m is None:
                continue
            score = m.start() + (BROAD_PENALTY if theme.broad else 0)
            if best is None or (score, order) < best[:2]:
                best = (score, order, theme.key)
        if best is not None:
            return best[2]
    return "other"
