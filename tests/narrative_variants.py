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
