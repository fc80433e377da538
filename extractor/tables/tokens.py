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
import itertools
import math
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
_CJK_OR_LATIN = re.compile(r"[\u3400-\u9fffA-Za-z]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Numbers glued to a counter word are prose or headings ("2020年", "第3项", "0件"), not cells.
_NOT_A_CELL_AFTER = re.compile(r"[件条次个份人家项年月日号期篇批届名户余多天场部台所宗起位种册张岁周%％‰]|[.、](?!\d)")
_PARENS = re.compile(r"[()]")
_DIGIT = re.compile(r"\d")  # every _VALUE match holds one: text without any needs no _VALUE scan
_NON_SPACE = re.compile(r"\S+")
# Lines holding a pipe and some content; lines holding two cells with content (a pipe between two
# characters that are neither space nor pipe). Whole lines, so that each is found once.
_PIPE_LINE_WITH_CONTENT = re.compile(r"^(?=[^\n]*\|)[^\n]*?[^|\s][^\n]*", re.M)
# A row line also when it holds one cell with content and at least two blank fields ('a |  |  |'): a
# row of blank cells, not a cell followed by colspan fillers ('a | ||').
_PIPE_LINE_WITH_CELLS = re.compile(
    r"^(?:(?:\||[^\S\n])*[^|\s][^|\n]*\|[^\n]*?[^|\s]|(?=[^\n]*[^|\s])(?:[^\n]*?\|[ \t]+(?=\|)){2})[^\n]*", re.M
)
_BLANK_FIELD = re.compile(r"\|[ \t]+(?=\|)")
# Characters that stop a number before a cell from being read as a value (see _scan_cell).
_NOT_BEFORE_A_VALUE = ".第"


@dataclass(slots=True)
class Token:
    kind: TokenKind
    start: int  # offsets into the normalized text
    end: int
    text: str = ""
    key: str | None = None  # row key for labels
    line: int = 0
    inline: bool = False  # value shares its line with other tokens (a run that may hide several cells)


_CELL_TEXT = r"(?:[+-]?\d+(?:\.\d+)?|[—\-－/]{1,2}|无)"
# The cells of a row printed at the end of a line, after a piece of its label or alone on the line:
# '(二)部分公开(区分 7 0 0 0 0 0 7' when a PDF wraps the label around the numbers.
_LINE_END_CELLS = re.compile(rf"(?:^|(?<=[ \t])){_CELL_TEXT}(?:[ \t]+{_CELL_TEXT})*[ \t]*$")
_ENDS_LIKE_A_CELL = frozenset("0123456789—-－/无")


def _line_end_cells(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, offset in the line) of every run of cells that ends a line and follows either
    nothing or whitespace after other text; only lines that hold a space or consist of the run."""
    runs = []
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if not stripped or stripped[-1] not in _ENDS_LIKE_A_CELL:
            continue
        if stripped.isdigit() or stripped.lstrip().isdigit():
            runs.append((i, 0))  # the common cell line: one number alone
            continue
        m = _LINE_END_CELLS.search(stripped)
        if m is None:
            continue
        at = m.start()
        if at and not line[:at].strip():
            at = 0
        elif at and stripped[at - 1] not in " \t":
            continue
        runs.append((i, at))
    return runs


def _annotation_ranges(text: str, cell_runs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Parentheticals that are remarks, not item numbers: '(单位:万元)', '(指2019年事项数)'.

    ``cell_runs``: region offsets (start, end) of runs of cells that end a line. A PDF that wraps a
    long label prints the row's numbers inside the label's remark ('(区分处理的,只计 7 0 0 0 0 0 7\n
    这一情形)'): such a remark is cut around them, so that they stay cells."""
    ranges = []
    stack: list[int] = []
    for m in _PARENS.finditer(text):
        i = m.start()
        if text[i] == "(":
            stack.append(i)
        elif stack:
            start = stack.pop()
            inner = text[start + 1 : i]
            if not stack and len(inner.strip()) > 2 and i - start < 400:
                ranges.append((start, i + 1))
    if not cell_runs or not ranges:
        return ranges
    out = []
    for a, b in ranges:
        inside = [(x, y) for x, y in cell_runs if a < x and y < b] if "\n" in text[a:b] else []
        for x, y in inside:
            if x > a:
                out.append((a, x))
            a = y
        out.append((a, b))
    return out


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` is in one of ``ranges``, which are sorted and disjoint (see _annotation_ranges)."""
    if not ranges or pos >= ranges[-1][1]:
        return False  # most cells: after the last remark
    i = bisect.bisect_right(ranges, (pos, math.inf))
    return i > 0 and pos < ranges[i - 1][1]


@dataclass(frozen=True, slots=True)
class _Label:
    start: int
    end: int
    key: str


def _find_labels(
    text: str,
    start: int,
    end: int,
    table: str,
    annotations: list[tuple[int, int]],
    lines: list[str] | None = None,
    cell_runs: list[tuple[int, int]] | None = None,
) -> list[_Label]:
    """Row labels anywhere in the region; a label may wrap across lines (PDF conversions), also
    around the row's numbers ('2.其他法律行政法规 0 0 0 0 0 0 0\n禁止公开').

    Matching runs on the region with its whitespace, and the runs of cells that end a line
    (``cell_runs``, as (line, offset)), removed (much faster than a pattern that allows whitespace
    between every two characters); positions are mapped back afterwards. A label that wraps around
    such a run ends where the run starts: the run is the row's cells."""
    regex, groups = label_regex(table, tolerant=False)
    region = text[start:end]
    lines = region.split("\n") if lines is None else lines
    compact_lines = ["".join(line.split()) for line in lines]
    cut_at: list[int] = []  # region offsets where a run of cells starts
    if cell_runs:
        offsets = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        for i, at in cell_runs:
            compact_lines[i] = "".join(lines[i][:at].split())
            cut_at.append(offsets[i] + at)
    compact = "".join(compact_lines)
    # Line i starts at compact_starts[i] in the compact text, at line_chars[i] + i in the region.
    compact_starts = list(itertools.accumulate(map(len, compact_lines), initial=0))
    line_chars = list(itertools.accumulate(map(len, lines), initial=0))

    def region_offset(c: int) -> int:
        i = bisect.bisect_right(compact_starts, c) - 1
        k = c - compact_starts[i]  # the k-th non-space character of line i
        for run in _NON_SPACE.finditer(lines[i]):
            if k < run.end() - run.start():
                return line_chars[i] + i + run.start() + k
            k -= run.end() - run.start()
        raise AssertionError("compact offset past its line")

    found: list[_Label] = []
    for m in regex.finditer(compact):
        label_start = start + region_offset(m.start())
        if _in_ranges(label_start, annotations):
            continue
        label_end = label_start + len(m.group())
        if text[label_start:label_end] != m.group():  # the label wraps or holds spaces
            label_end = start + region_offset(m.end() - 1) + 1
            k = bisect.bisect_right(cut_at, label_start - start)
            if k < len(cut_at) and cut_at[k] < label_end - start:
                label_end = start + cut_at[k]  # the label wraps around its row's cells
                while text[label_end - 1] in " \t\n":
                    label_end -= 1
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
    label_starts: list[int],
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
    first = bisect.bisect_left(label_starts, start)
    no_label = first == len(label_starts) or label_starts[first] >= end
    if no_label and stripped.isdigit() and _append_bare_number(text, start, content, stripped, line, annotations, out):
        return end
    if stripped in PLACEHOLDERS:
        lead = len(content) - len(content.lstrip())
        out.append(Token("blank", start + lead, start + lead + len(stripped), stripped, line=line))
        return end

    cursor = start
    if not no_label:
        # only the labels that start inside the cell: labels[first:] copied the rest of the table per cell
        for lab in labels[first : bisect.bisect_left(label_starts, end, first)]:
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


def _label_within(label_starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(label_starts, start)
    return i < len(label_starts) and label_starts[i] < end


def _append_bare_number(
    text: str, start: int, content: str, stripped: str, line: int, annotations: list[tuple[int, int]], out: list[Token]
) -> bool:
    """The common cell, digits and spaces with no label in it: appends the one value _scan_gap would
    find and returns True, unless the character before the digits makes _VALUE or the '第' rule
    reject them (or the digits are not ASCII): then the general path must decide."""
    if not stripped.isascii():
        return False
    value_start = start + len(content) - len(content.lstrip())
    before = text[value_start - 1] if value_start > 0 else ""
    if before.isdigit() or before in _NOT_BEFORE_A_VALUE or _in_ranges(value_start, annotations):
        return False
    out.append(Token("value", value_start, value_start + len(stripped), stripped, line=line))
    return True


def _emit_noise(text: str, start: int, end: int, line: int, out: list[Token]) -> None:
    if start < end and _CJK_OR_LATIN.search(text, start, end):
        out.append(Token("noise", start, end, text[start:end].strip(), line=line))


def _scan_gap(
    text: str, start: int, end: int, line: int, annotations: list[tuple[int, int]], out: list[Token]
) -> None:
    """Values and noise between labels."""
    cursor = start
    found = list(_VALUE.finditer(text, start, end)) if _DIGIT.search(text, start, end) else []
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
    lines = region.split("\n")
    cell_runs = _line_end_cells(lines)
    run_spans: list[tuple[int, int]] = []
    if cell_runs:
        offsets = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        run_spans = [(offsets[i] + at, offsets[i] + len(lines[i].rstrip())) for i, at in cell_runs]
    annotations = [(a + start, b + start) for a, b in _annotation_ranges(region, run_spans)]
    labels = _find_labels(text, start, end, table, annotations, lines, cell_runs)
    label_starts = [lab.start for lab in labels]
    tokens: list[Token] = []
    consumed = start
    pos = start
    cell_per_line = _one_cell_per_line(region)
    for line_no, line in enumerate(lines):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line or line_end <= consumed:
            continue  # an empty line separates cells or rows; it is not a cell
        if not line.strip():
            tokens.append(Token("blank", line_start, line_end, "", line=line_no))
            continue
        if "--" in line and _MD_RULE.match(line):
            tokens.append(Token("break", line_start, line_end, line=line_no))
            continue
        if "|" not in line:
            if "\t" not in line or "\t" not in line.lstrip():
                before = len(tokens)
                consumed = _scan_cell(text, max(line_start, consumed), line_end, labels, label_starts, line_no, annotations, tokens)
                if len(tokens) - before > 1:
                    _mark_inline(tokens, before)
                continue
            # A table row copied from Word or an HTML page: cells joined by tabs, a blank cell an empty
            # field ('规章\t5\t\t12', '\t0\t0' when the first cell is blank).
            tab_row = True
            pieces: list[tuple[int, int, str]] = []  # (start, end, text) of each cell
            cell_start = line_start
            for cell in line.split("\t"):
                pieces.append((cell_start, cell_start + len(cell), cell))
                cell_start += len(cell) + 1
        else:
            tab_row = False
            if not line.replace("|", "").strip():
                if line.count("|") == 1:
                    tokens.append(Token("blank", line_start, line_end, "", line=line_no))
                    continue
                if cell_per_line or len(_BLANK_FIELD.findall(line)) < 2:
                    continue  # '||', '|||': colspan fillers
                # '|  |  |  |': a row of blank cells (markdown, an HTML row of empty cells)
            cells = line.split("|")
            if not cells[-1]:
                cells.pop()  # 'a | b |': the last pipe closes the row
            pieces = []
            cell_start = line_start
            for cell in cells:
                if not cell_per_line or cell.strip():
                    pieces.append((cell_start, cell_start + len(cell), cell))
                    if cell_per_line:
                        break  # 'value | ||': one cell per line, the pipes after it are colspan fillers
                cell_start += len(cell) + 1
            if pieces and not pieces[0][2].strip() and (line.startswith("|") or line.strip().endswith("|")):
                # '| a | b |': markdown's opening pipe. ' | a | b' (a loaded HTML/Word row) opens
                # with a blank cell.
                pieces.pop(0)
        row_line = len(pieces) > 1
        if row_line:
            tokens.append(Token("break", line_start, line_start, line=line_no))
        for a, b, cell in pieces:
            if a < consumed:
                a = consumed
                cell = text[a:b]
            if a >= b:
                if a == b and (tab_row or not cell_per_line) and a >= consumed:
                    tokens.append(Token("blank", a, b, "", line=line_no))  # an empty field: "\t\t", "||" in a row
                continue
            stripped = cell.strip()
            if not stripped:
                tokens.append(Token("blank", a, b, "", line=line_no))
            elif (
                stripped.isdigit()
                and not _label_within(label_starts, a, b)
                and _append_bare_number(text, a, cell, stripped, line_no, annotations, tokens)
            ):
                consumed = b  # what _scan_cell returns for it
            else:
                before = len(tokens)
                consumed = _scan_cell(text, a, b, labels, label_starts, line_no, annotations, tokens)
                if len(tokens) - before > 1:
                    _mark_inline(tokens, before)
        if row_line:
            tokens.append(Token("break", line_end, line_end, line=line_no))
    return tokens


def _one_cell_per_line(region: str) -> bool:
    """True for the 'cell |' layout (one cell per line), as opposed to 'a | b | c' rows."""
    with_content = len(_PIPE_LINE_WITH_CONTENT.findall(region))
    several = len(_PIPE_LINE_WITH_CELLS.findall(region))
    return bool(with_content) and with_content - several > 0.6 * with_content


def _mark_inline(tokens: list[Token], first: int) -> None:
    new = tokens[first:]
    if len(new) > 1:
        for tok in new:
            if tok.kind == "value":
                tok.inline = True
