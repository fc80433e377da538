"""Normalize the source text for matching, keeping a map back to the original offsets.

The normalized text is what segmentation and the table parser read: Simplified script (OpenCC),
half-width digits and punctuation, plain spaces, no pinyin glosses (``區(qū)`` -> ``区``), no
page footers (``- 4 -``) and no zero-width characters. ``NormalizedText.offsets`` maps every
normalized character back to its index in the source text, so any span found here is reported
against the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.models import Span

# A pinyin gloss always carries a tone-marked vowel; requiring one keeps "(一)" and "(单位:万元)" intact.
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,8}}\)")
_PAGE_FOOTER = re.compile(
    r"(?m)^[ \t\u3000]*(?:[-—–－][ \t]*\d{1,3}[ \t]*[-—–－]|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t\u3000]*(?:\r?\n|$)"
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n)")
# Mirror sites replace an undecodable character in a cell by '?': '? 0' is the cell '0'.
_REPLACEMENT_BEFORE_NUMBER = re.compile(r"[?\ufffd](?=[ \t\u3000\u00a0]*\d)")


def _width_table() -> dict[int, int]:
    table = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    for space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3164"):
        table[ord(space)] = ord(" ")
    table.update({ord("\u2212"): ord("-"), ord("\u2014"): ord("—"), ord("\r"): ord("\n")})
    return table


_WIDTH = _width_table()


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, guaranteed to keep the length (so offsets stay 1:1)."""
    if not text:
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversions can change length; fall back to line, then character, granularity.
    lines = text.split("\n")
    out = []
    for line in lines:
        conv = _t2s().convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "\n".join(out)


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = source index of text[i]; offsets[len(text)] = len(source)

    def source_span(self, start: int, end: int) -> Span:
        """Map a normalized ``[start, end)`` range to the smallest source range that covers it."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            pos = self.offsets[start]
            return Span.model_construct(start=pos, end=pos)
        # model_construct: both offsets are ints from our own map, validation would only cost time.
        return Span.model_construct(start=self.offsets[start], end=self.offsets[end - 1] + 1)


def _deletions(source: str) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in (_PINYIN_GLOSS, _PAGE_FOOTER, _ZERO_WIDTH) for m in pattern.finditer(source)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def normalize(source: str) -> NormalizedText:
    parts: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for start, end in _deletions(source):
        parts.append(source[cursor:start])
        offsets.extend(range(cursor, start))
        cursor = end
    parts.append(source[cursor:])
    offsets.extend(range(cursor, len(source)))
    offsets.append(len(source))

    text = "".join(parts).translate(_WIDTH)
    text = _REPLACEMENT_BEFORE_NUMBER.sub(" ", text)
    text = to_simplified(text)
    return NormalizedText(text=text, offsets=tuple(offsets))
