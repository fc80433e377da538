"""Renderings of a report's section 五 in the layouts reports print it in, for the item segmentation tests.

Each variant keeps the words and changes only the layout: PDF text wrapped at a fixed width (hard line
breaks inside sentences), text whose line breaks were lost, other enumerators (（一）, 1., 第一,), full-width
punctuation, Traditional script.  The items found must be the same words in every rendering.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import opencc

_T2S = opencc.OpenCC("s2t")
_CN = "一二三四五六七八九十"


def wrapped(width: int) -> Callable[[str], str]:
    """PDF text: every paragraph cut into lines of ``width`` characters."""

    def render(text: str) -> str:
        out = []
        for para in text.split("\n"):
            out += [para[i : i + width] for i in range(0, len(para), width)] or [""]
        return "\n".join(out)

    return render


def squashed(text: str) -> str:
    """A page whose line breaks were lost."""
    return re.sub(r"\s*\n\s*", "", text)


def enumerators(style: str) -> Callable[[str], str]:
    """一是/二是 printed as （一）, 1. or 第一,."""

    def render(text: str) -> str:
        def swap(m: re.Match[str]) -> str:
            n = _CN.index(m.group(1)) + 1
            return {"paren": f"（{m.group(1)}）", "arabic": f"{n}.", "di": f"第{m.group(1)}，"}[style]

        return re.sub(rf"([{_CN}])是", swap, text)

    return render


def full_width(text: str) -> str:
    return text.translate(str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}))


def traditional(text: str) -> str:
    return str(_T2S.convert(text))


# the titles real reports give the two parts of 五 (seen in the corpus, the labeled sets and the search corpora)
PROBLEM_TITLES = (
    "存在的主要问题", "存在问题", "主要问题", "存在的不足", "存在的问题和不足", "工作中存在的问题", "当前存在的问题",
    "存在的主要问题及原因", "存在的困难和问题", "问题和不足",
)
MEASURE_TITLES = (
    "改进措施", "改进情况", "解决办法和改进措施", "整改措施", "整改措施及努力方向", "下一步改进措施", "下步工作措施",
    "下步工作安排", "下一步计划", "下一步的工作措施", "下一步工作计划", "今年的工作计划", "下一步工作思路", "改进措施及下一步工作打算",
    "努力方向", "今后工作打算", "下一步工作打算", "改进方向和措施", "下一年度工作计划", "下一步工作重点",
)
# the titles real reports give section 五 itself
SECTION_TITLES = (
    "存在的主要问题及改进情况", "存在的问题及改进措施", "政府信息公开工作存在的主要问题和改进措施", "存在的问题及原因和改进措施",
    "当前存在的问题和下一步工作打算", "存在的不足和努力方向", "存在的主要问题及下一年度工作计划", "工作中存在的问题及整改措施",
    "存在的主要问题、原因及改进措施", "存在的主要问题及改进思路", "存在的问题和今后的努力方向", "存在的主要问题与改进建议",
    "存在的不足及整改方向", "存在的主要问题和下一步工作重点",
)
_TITLED = r"(?m)^(?P<lead>[ \t\u3000]*(?:[（(][一二三四][)）]|[一二三四][、.．]|[1-4][.．、])?[ \t\u3000]*)(?P<title>{})(?P<tail>[:：。]?[ \t\u3000]*$|[:：])"


def retitled(problems: str, measures: str) -> Callable[[str], str]:
    """The two parts' sub-headings given other titles real reports print (（二）改进措施 -> （二）下一步工作计划)."""
    pattern_p = re.compile(_TITLED.format("|".join(sorted(map(re.escape, PROBLEM_TITLES), key=len, reverse=True))))
    pattern_m = re.compile(_TITLED.format("|".join(sorted(map(re.escape, MEASURE_TITLES), key=len, reverse=True))))

    def render(text: str) -> str:
        text = pattern_p.sub(lambda m: m.group("lead") + problems + m.group("tail"), text)
        return pattern_m.sub(lambda m: m.group("lead") + measures + m.group("tail"), text)

    return render


# the titles real reports give the platforms part of 一, on a line of their own (seen over the labeled sets)
PLATFORM_TITLES = (
    "政府信息公开平台建设情况", "平台建设", "加强平台建设", "夯实基础，加强政务公开载体建设", "信息公开渠道建设情况", "拓宽公开渠道",
    "政务公开平台建设与管理", "政府网站和政务新媒体建设情况", "优化公开平台", "建强公开平台", "强化平台管理，拓宽公开渠道",
    "网站和新媒体建设",
)

# the titles real reports give the oversight part of 一, on a line of their own
OVERSIGHT_TITLES = (
    "监督保障", "强化监督保障", "加强监督考核", "监督保障情况", "考核评议", "完善考核监督机制", "强化考核监督", "监督和保障",
    "工作考核、社会评议和责任追究情况", "强化监督检查", "健全监督机制",
)

# the sentences real reports print instead of the two parts' sub-headings
LEADS = (
    ("目前，我局政府信息公开工作还存在一些不足：", "针对以上问题，下一步我们将重点做好以下工作："),
    ("主要存在以下问题：", "下一步，我局将采取以下措施加以改进："),
    ("我们的工作与群众的期待相比还有一定差距，主要表现在：", "对此，我们将从以下几个方面改进："),
)


def led_in(problems: str, measures: str) -> Callable[[str], str]:
    """The two parts' sub-headings printed as sentences that lead into them ((一)存在的主要问题 -> 主要存在以下问题：)."""
    pattern_p = re.compile(_TITLED.format("|".join(sorted(map(re.escape, PROBLEM_TITLES), key=len, reverse=True))))
    pattern_m = re.compile(_TITLED.format("|".join(sorted(map(re.escape, MEASURE_TITLES), key=len, reverse=True))))

    def render(text: str) -> str:
        text = pattern_p.sub(problems, text, count=1)
        return pattern_m.sub(measures, text, count=1)

    return render


VARIANTS: dict[str, Callable[[str], str]] = {
    "pdf_wrap_17": wrapped(17),
    "pdf_wrap_23": wrapped(23),
    "pdf_wrap_31": wrapped(31),
    "squashed": squashed,
    "paren_enumerators": enumerators("paren"),
    "arabic_enumerators": enumerators("arabic"),
    "di_enumerators": enumerators("di"),
    "full_width": full_width,
    "traditional": traditional,
}


def variants(text: str) -> Iterator[tuple[str, str]]:
    for name, render in VARIANTS.items():
        yield name, render(text)
