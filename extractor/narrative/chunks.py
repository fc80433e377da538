"""Cut the narrative into chunks and find their figures, with offsets.

The narrative is section 一 (per sub-part), 五 and 六, and prose a body writes inside the table sections;
the tables themselves are parsed deterministically.  A long section is split on paragraph boundaries.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extractor.narrative.numbers import ZERO_RE, Figure, find_figures
from extractor.segment import SectionSpan

MAX_CHUNK_CHARS = 1600
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_cjk(text: str, n: int, start: int = 0, end: int | None = None) -> bool:
    """At least ``n`` CJK characters in text[start:end], stopping at the n-th (not a list of all of them:
    a one-line megabyte made a list of every character)."""
    return sum(1 for _ in itertools.islice(_CJK.finditer(text, start, len(text) if end is None else end), n)) >= n


@dataclass
class Chunk:
    """Consecutive narrative text sent in one LLM call: one or more (parts of) sections."""

    section: str  # the first section's key
    title: str
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # (section key, start, end)

    def body(self, text: str) -> str:
        """The chunk's text as the model reads it: its parts, joined by line breaks where they are apart."""
        return "\n".join(text[a:b] for a, b in self.spans())

    def spans(self) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for _, a, b in self.parts:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def section_at(self, pos: int) -> str:
        for key, start, end in self.parts:
            if start <= pos < end:
                return key
        return self.section


_COUNT_WITH_UNIT = re.compile(r"[\u4e00-\u9fff]\s*\d+\s*(?:余|多)?\s*[条件项篇次份期]\s*$")
_PROSE_LINE = re.compile(r"[^\n]*[\u4e00-\u9fff][^\n]*")


def _prose_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences a body writes inside a table section (收到8份申请，其中予以公开2件…), not table rows."""
    out = []
    for m in _PROSE_LINE.finditer(text, start, end):
        line = m.group(0)
        # (a sentence; a line that answers its own topic with a zero: 收费和减免情况:无; a line that says none of it; or
        # one statement of a count with its unit: (一)2010年主动公开政府信息10余条, never a row of figures)
        if "|" not in line and _has_cjk(line, 8) and (
            re.search(r"[,，。;；]|[:：]\s*(?:无|没有|未)", line)
            or (_COUNT_WITH_UNIT.search(line) and not re.search(r"\d\s+\d", line))
            or ZERO_RE.match(line.strip())  # a line that is one statement of none (无申请行政复议、提起行政诉讼的情况)
        ):
            out.append((m.start(), m.end()))
        elif "|" not in line and _has_cjk(line, 4) and (short := re.fullmatch(r"(.*?)[。；;]\s*", line)) and _COUNT_WITH_UNIT.search(short.group(1)):
            out.append((m.start(), m.end()))  # a short sentence of one count (2、惠民事项信息87条。), never a table row
        elif "|" not in line and _has_cjk(line, 4) and ZERO_RE.match(line.strip()) and re.fullmatch(r"[^,，;；。|]+[。.]?", line.strip()):
            out.append((m.start(), m.end()))  # a short line that is one statement of none (四、收费及减免情况。\n未收取费用。)
        elif "|" not in line and _has_cjk(line, 4) and (answer := _NONE_BELOW.match(text, m.end(), end)):
            out.append((m.start(), answer.end()))  # a topic answered on the next line: (一)申请情况\n无
    return out


_NONE_BELOW = re.compile(r"\n[ \t\u3000]*(?:无|没有|暂无)[。.]?[ \t\u3000]*(?=\n|$)")


def _split(start: int, end: int, text: str) -> list[tuple[int, int]]:
    if end - start <= MAX_CHUNK_CHARS:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    a = start
    while end - a > MAX_CHUNK_CHARS:
        cut = text.rfind("\n", a + MAX_CHUNK_CHARS // 3, a + MAX_CHUNK_CHARS)
        if cut == -1:
            cut = max(text.rfind(d, a + MAX_CHUNK_CHARS // 3, a + MAX_CHUNK_CHARS) for d in "。；")
        if cut <= a:
            cut = a + MAX_CHUNK_CHARS
        parts.append((a, cut + 1))
        a = cut + 1
    parts.append((a, end))
    return parts


def narrative_chunks(text: str, sections: list[SectionSpan]) -> list[Chunk]:
    """The chunks of a report's narrative, in text order; each chunk belongs to one section key."""
    pieces: list[tuple[str, str, int, int, int]] = []  # key, title, start, body start, end
    for section in sections:
        if section.key.endswith("_table"):
            pieces += [(section.key, section.title, a, a, b) for a, b in _prose_lines(text, section.heading_end, section.end)]
            continue
        if section.subsections:
            first = section.subsections[0].start
            if first - section.heading_end > 20:
                pieces.append((section.key, section.title, section.start, section.heading_end, first))
            pieces += [(sub.key, sub.title, sub.start, sub.heading_end, sub.end) for sub in section.subsections]
        else:
            pieces.append((section.key, section.title, section.start, section.heading_end, section.end))
    if not pieces and text.strip():
        pieces.append(("overview", "", 0, 0, len(text)))
    chunks: list[Chunk] = []
    body_starts: dict[int, int] = {}
    for key, title, start, body, end in pieces:
        body_starts[start] = body
        for a, b in _split(start, end, text):
            if not _CJK.search(text[a:b]):
                continue
            last = chunks[-1] if chunks else None
            size = sum(e - s for _, s, e in last.parts) + b - a if last else 0
            if last is not None and last.end <= a and size <= MAX_CHUNK_CHARS:
                last.end = b  # small sections share one call (prose inside tables included, the table skipped)
                last.parts.append((key, a, b))
            else:
                chunks.append(Chunk(key, title, a, b, parts=[(key, a, b)]))
    for chunk in chunks:
        chunk.figures = [f for a, b in chunk.spans() for f in find_figures(text, a, b)]
    return chunks
