"""Cut the narrative sections into chunks the LLM reads: figures and sentences found, with offsets.

Only narrative text goes to the model: section 一 (per sub-part), 五 and 六; the tables are parsed
deterministically.  A long section is split on paragraph boundaries.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extractor.narrative.numbers import SENTENCE_DELIMS, Figure, find_figures
from extractor.segment import SectionSpan

MAX_CHUNK_CHARS = 1600
# sections whose sentences carry facts (platform work, oversight, problems, improvements)
SENTENCE_SECTIONS = ("overview", "overview.info_management", "overview.platforms", "overview.oversight", "problems", "other")
_ENUMERATOR = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、]?)\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_cjk(text: str, n: int, start: int = 0, end: int | None = None) -> bool:
    """At least ``n`` CJK characters in text[start:end], stopping at the n-th (not a list of all of them:
    a one-line megabyte made a list of every character)."""
    return sum(1 for _ in itertools.islice(_CJK.finditer(text, start, len(text) if end is None else end), n)) >= n


@dataclass(frozen=True)
class Sentence:
    start: int  # normalized offsets, enumerator and whitespace excluded
    end: int


@dataclass
class Chunk:
    """Consecutive narrative text sent in one LLM call: one or more (parts of) sections."""

    section: str  # the first section's key
    title: str
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
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


def _sentences(text: str, start: int, end: int) -> list[Sentence]:
    out: list[Sentence] = []
    a = start
    for i in range(start, end + 1):
        if i == end or text[i] in SENTENCE_DELIMS:
            b = i + 1 if i < end and text[i] not in "\n" else i
            piece = text[a:b]
            lead = _ENUMERATOR.match(piece)
            s = a + (lead.end() if lead else 0)
            while s < b and text[s].isspace():
                s += 1
            e = b
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s >= 8 and _has_cjk(text, 6, s, e):
                out.append(Sentence(s, e))
            a = i + 1
    return out


_PROSE_LINE = re.compile(r"[^\n]*[\u4e00-\u9fff][^\n]*")


def _prose_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences a body writes inside a table section (收到8份申请，其中予以公开2件…), not table rows."""
    out = []
    for m in _PROSE_LINE.finditer(text, start, end):
        line = m.group(0)
        if "|" not in line and _has_cjk(line, 15) and re.search(r"[,，。;；]", line):
            out.append((m.start(), m.end()))
    return out


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
        chunk.sentences = [
            s for key, a, b in chunk.parts if key in SENTENCE_SECTIONS for s in _sentences(text, body_starts.get(a, a), b)
        ]
    return chunks
