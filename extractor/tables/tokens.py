"""Turn the text of one table region into a flat stream of tokens, whatever the layout.

Layouts seen in real reports: ``a | b | c`` rows (HTML/markdown conversions), one cell per line
ending in ``|``, one cell per line separated by blank lines, tab-indented cells, a PDF text line
holding a label and its space-separated numbers, and fully squashed text where labels and digits
run together. All become: LABEL (a known row), VALUE (a number, possibly several run together),
BLANK (an empty cell), NOISE (any other text: headers, wrapped label fragments) and BREAK (the
edge of a markdown/pipe row line, which separates value groups).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from extractor.tables.spec import label_regex

TokenKind = Literal["label", "value", "blank", "noise", "break"]

PLACEHOLDERS = frozenset({"/", "-", "—", "——", "--", "无", "－", "/ ", "—/—", "\\"})

_VALUE = re.compile(r"(?:[+-](?=\d)|(?<![\d.]))\d+(?:\.\d+)?(?:万元|万|元)?")
# A placeholder printed between spaces inside a line: '821 35 — — 2'.
_LONE_PLACEHOLDER = re.compile(r"(?<!\S)(?:—{1,2}|-{1,2}|－|/|无)(?!\S)")
_PLACEHOLDER_CHARS = re.compile(r"[—\-－/无]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Numbers glued to a counter word are prose or headings ("2020年", "第3项", "0件"), not cells.
_NOT_A_CELL_AFTER = re.compile(r"[件条次个份人家项年月日号期篇批届名户余多天场部台所宗起位种册张岁周%％‰]|[.、](?!\d)")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Token:
    kind: TokenKind
    start: int  # offsets into the normalized text
    end: int
    text: str = ""
    key: str | None = None  # row key for labels
    line: int = 0
    inline: bool = False  # value shares its line with other tokens (a run that may hide several cells)


def _annotation_ranges(text: str) -> list[tuple[int, int]]:
    """Parentheticals that are remarks, not item numbers: '(单位:万元)', '(指2019年事项数)'."""
    ranges = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            inner = text[start + 1 : i]
            if not stack and len(inner.strip()) > 2 and i - start < 400:
                ranges.append((start, i + 1))
    return ranges


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


@dataclass(frozen=True)
class _Label:
    start: int
    end: int
    key: str


_SPACE = re.compile(r"\s+")


def _find_labels(text: str, start: int, end: int, table: str, annotations: list[tuple[int, int]]) -> list[_Label]:
    """Row labels anywhere in the region; a label may wrap across lines (PDF conversions).

    Matching runs on the region with its whitespace removed (much faster than a pattern that allows
    whitespace between every two characters); positions are mapped back afterwards."""
    regex, groups = label_regex(table, tolerant=False)
    region = text[start:end]
    keep: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for m in _SPACE.finditer(region):
        pieces.append(region[cursor : m.start()])
        keep.extend(range(cursor, m.start()))
        cursor = m.end()
    pieces.append(region[cursor:])
    keep.extend(range(cursor, len(region)))
    compact = "".join(pieces)
    found: list[_Label] = []
    for m in regex.finditer(compact):
        label_start = start + keep[m.start()]
        if _in_ranges(label_start, annotations):
            continue
        label_end = start + keep[m.end() - 1] + 1
        # A remark right after a label belongs to the label: '规范性文件(行政机关制定…)'.
        j = label_end
        while j < end and text[j] in " \t":
            j += 1
        for a, b in annotations:
            if a == j:
                label_end = b
                break
        assert m.lastgroup is not None
        found.append(_Label(label_start, label_end, groups[m.lastgroup]))
    return found


def _scan_cell(
    text: str,
    start: int,
    end: int,
    labels: list[_Label],
    line: int,
    annotations: list[tuple[int, int]],
    out: list[Token],
) -> int:
    """Tokenize text[start:end] (one cell, or a whole squashed line); returns where scanning stopped,
    which is past ``end`` when a label wraps into the following lines."""
    content = text[start:end]
    stripped = content.strip()
    if not stripped:
        return end
    if stripped in PLACEHOLDERS:
        lead = len(content) - len(content.lstrip())
        out.append(Token("blank", start + lead, start + lead + len(stripped), stripped, line=line))
        return end

    cursor = start
    first = bisect.bisect_left(labels, start, key=lambda lab: lab.start)
    for lab in labels[first:]:
        if lab.start >= end:
            break
        if lab.start < cursor:
            continue
        _scan_gap(text, cursor, lab.start, line, annotations, out)
        out.append(Token("label", lab.start, lab.end, text[lab.start : lab.end], lab.key, line))
        cursor = lab.end
        if cursor >= end:
            return cursor
    _scan_gap(text, cursor, end, line, annotations, out)
    return end


def _emit_noise(text: str, start: int, end: int, line: int, out: list[Token]) -> None:
    piece = text[start:end]
    if _CJK.search(piece) or _LATIN.search(piece):
        out.append(Token("noise", start, end, piece.strip(), line=line))


def _scan_gap(
    text: str, start: int, end: int, line: int, annotations: list[tuple[int, int]], out: list[Token]
) -> None:
    """Values and noise between labels."""
    cursor = start
    found = list(_VALUE.finditer(text, start, end))
    if _PLACEHOLDER_CHARS.search(text, start, end):
        found = sorted([*found, *_LONE_PLACEHOLDER.finditer(text, start, end)], key=lambda m: m.start())
    for m in found:
        if m.start() < cursor or _in_ranges(m.start(), annotations) or (m.start() > 0 and text[m.start() - 1] == "第"):
            continue
        if m.re is _LONE_PLACEHOLDER:
            _emit_noise(text, cursor, m.start(), line, out)
            out.append(Token("blank", m.start(), m.end(), m.group(), line=line))
            cursor = m.end()
            continue
        if not m.group().endswith(("万", "元")) and _NOT_A_CELL_AFTER.match(text, m.end(), end):
            continue
        _emit_noise(text, cursor, m.start(), line, out)
        out.append(Token("value", m.start(), m.end(), m.group(), line=line))
        cursor = m.end()
    _emit_noise(text, cursor, end, line, out)


def tokenize(text: str, start: int, end: int, table: str) -> list[Token]:
    """Tokens of the table region ``text[start:end]`` (normalized text, absolute offsets)."""
    region = text[start:end]
    annotations = [(a + start, b + start) for a, b in _annotation_ranges(region)]
    labels = _find_labels(text, start, end, table, annotations)
    tokens: list[Token] = []
    consumed = start
    pos = start
    lines = region.split("\n")
    cell_per_line = _one_cell_per_line(lines)
    for line_no, line in enumerate(lines):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line or line_end <= consumed:
            continue  # an empty line separates cells or rows; it is not a cell
        if not line.strip():
            tokens.append(Token("blank", line_start, line_end, "", line=line_no))
            continue
        if _MD_RULE.match(line):
            tokens.append(Token("break", line_start, line_end, line=line_no))
            continue
        if "|" in line:
            if not line.replace("|", "").strip():
                if line.count("|") == 1:
                    tokens.append(Token("blank", line_start, line_end, "", line=line_no))
                continue  # '||', '|||': colspan fillers
            pieces: list[tuple[int, int]] = []
            cell_start = line_start
            for i, ch in enumerate(line):
                if ch == "|":
                    pieces.append((cell_start, line_start + i))
                    cell_start = line_start + i + 1
            pieces.append((cell_start, line_end))
            if pieces and pieces[-1][0] == pieces[-1][1]:
                pieces.pop()  # 'a | b |': the last pipe closes the row
            if cell_per_line:
                # 'value | ||': one cell per line, the pipes after it are colspan fillers.
                pieces = [p for p in pieces if text[p[0] : p[1]].strip()][:1]
            if line.lstrip().startswith("|") and pieces and not text[pieces[0][0] : pieces[0][1]].strip():
                pieces.pop(0)  # '| a | b |': markdown's opening pipe
            row_line = len(pieces) > 1
            if row_line:
                tokens.append(Token("break", line_start, line_start, line=line_no))
            for a, b in pieces:
                a = max(a, consumed)
                if a >= b:
                    continue
                if not text[a:b].strip():
                    tokens.append(Token("blank", a, b, "", line=line_no))
                else:
                    before = len(tokens)
                    consumed = _scan_cell(text, a, b, labels, line_no, annotations, tokens)
                    _mark_inline(tokens, before)
            if row_line:
                tokens.append(Token("break", line_end, line_end, line=line_no))
            continue
        if line_end <= consumed:
            continue
        before = len(tokens)
        consumed = _scan_cell(text, max(line_start, consumed), line_end, labels, line_no, annotations, tokens)
        _mark_inline(tokens, before)
    return tokens


def _one_cell_per_line(lines: list[str]) -> bool:
    """True for the 'cell |' layout (one cell per line), as opposed to 'a | b | c' rows."""
    with_content = [ln for ln in lines if "|" in ln and ln.replace("|", "").strip()]
    single = sum(1 for ln in with_content if sum(1 for p in ln.split("|") if p.strip()) == 1)
    return bool(with_content) and single > 0.6 * len(with_content)


def _mark_inline(tokens: list[Token], first: int) -> None:
    new = tokens[first:]
    if len(new) > 1:
        for tok in new:
            if tok.kind == "value":
                tok.inline = True
