"""PDF: the text layer (pdfplumber), ruled tables kept as a grid; a scanned PDF without a text layer is
refused with a one-line message.

A page's text is pdfplumber's ``extract_text()`` of its characters, except inside the ruled tables the
page draws (``find_tables`` with the "lines" strategy: the cells are the rectangles its ruling lines
and rectangle edges enclose). Each such table is rendered like an HTML or Word table: one line per row,
cells joined by `` | ``, a blank cell kept as an empty field, a merged cell once (the cells it covers
are skipped, as a rowspan/colspan cell is), and the lines a long label wraps over inside its cell
joined into one cell text. The text of the page outside its tables keeps its reading order: what is
above a table, the table's rows, what is below it (text beside a table follows the table). A row a
page break cuts in two (Word and LibreOffice let rows break across pages) is joined again where the
labels show it (see :func:`join_split_rows`). A grid that is not the table's (rules missing between
its rows or columns, a frame around running text) leaves the page's text layer as it is.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractor.load.layout import cell_value
from extractor.load.read import LoadError
from extractor.util import exc_message

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.table import Table

_CID_RE = re.compile(r"\(cid:\d+\)")
_NUMBER_RE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")

# Ruled tables only: cells are bounded by drawn lines or rectangle edges. Aligned words alone (the
# "text" strategy) also find "tables" in every justified paragraph; an unruled table stays page text,
# which the table parser reads as PDF text layouts.
TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# A cell holding more text is running text in a frame (a layout box), not a cell of a data table.
MAX_CELL_CHARS = 200
# A page needs at least this many ruling edges to hold a table of two cells (fewer: skip the search).
_MIN_EDGES = 5

Char = dict[str, Any]
BBox = tuple[float, float, float, float]


def pdf_text(data: bytes, name: str) -> tuple[str, list[str]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    blocks: list[list[Block]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                blocks.append(page_blocks(page))
                page.close()  # frees the page's parsed objects; large reports otherwise pile up
    except Exception as exc:  # pdfminer raises many types for damaged files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, PDFEncryptionError):
            raise LoadError(f"cannot read PDF {name}: it is encrypted and needs a password") from exc
        detail = f"{type(inner).__name__}: {exc_message(inner, 200)}"
        raise LoadError(f"cannot read PDF {name}: damaged or not a PDF ({detail})") from exc
    join_split_rows(blocks)
    pages = [render_blocks(page) for page in blocks]
    text = "\n".join(pages)
    return text, pdf_notes(text, pages, name)


@dataclass
class Cell:
    x0: float
    x1: float
    text: str


@dataclass
class Grid:
    """The part of a ruled table on one page: its rows, each the cells it starts (a cell a merged cell
    covers is left out)."""

    rows: list[list[Cell]]
    bare: set[int] = field(default_factory=set)  # rows printed as their text alone (see join_split_rows)

    def lines(self) -> list[str]:
        out = []
        for i, row in enumerate(self.rows):
            if i in self.bare:
                line = " ".join(cell.text for cell in row if cell.text)
            else:
                line = " | ".join(cell.text for cell in row)
            if line.strip():
                out.append(line)
        return out


Block = str | Grid  # a page is text and grids, in reading order


def render_blocks(blocks: list[Block]) -> str:
    parts = [block if isinstance(block, str) else "\n".join(block.lines()) for block in blocks]
    return "\n".join(part for part in parts if part)


def page_blocks(page: Page) -> list[Block]:
    """The page's text and ruled tables in reading order (see the module docstring)."""
    try:
        tables = _data_tables(page)
        blocks = _blocks_with_tables(page, tables) if tables else None
    except Exception:  # the grid is a bonus: odd geometry must not cost the text layer
        blocks = None
    if blocks is None:
        text = page.extract_text() or ""
        return [text] if text else []
    return blocks


def _blocks_with_tables(page: Page, tables: list[Table]) -> list[Block] | None:
    """The page's text cut around its tables; None when no table is read (the text layer as it is)."""
    chars = _Chars(page.chars)
    claimed: set[int] = set()
    grids: list[tuple[Table, Grid]] = []
    for table in tables:
        grid = _table_grid(table, chars, claimed)
        if grid is not None:
            grids.append((table, grid))
    if not grids:
        return None
    # The characters outside every cell, cut into the runs above, between and below the tables.
    tops = [table.bbox[1] for table, _ in grids]
    runs: list[list[Char]] = [[] for _ in range(len(grids) + 1)]
    for i, char in enumerate(chars.chars):
        if i not in claimed:
            runs[bisect.bisect_right(tops, chars.middles[i])].append(char)
    blocks: list[Block] = [_chars_text(runs[0])]
    for (_, grid), run in zip(grids, runs[1:], strict=True):
        blocks += [grid, _chars_text(run)]
    return [block for block in blocks if block]


def _data_tables(page: Page) -> list[Table]:
    """The page's ruled tables with two cells or more, top to bottom."""
    if len(page.edges) < _MIN_EDGES:
        return []
    # One cell: a frame around text, a filled rectangle (a scanned image's stand-in).
    tables = [table for table in page.find_tables(TABLE_SETTINGS) if len(table.cells) > 1]
    return sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))


class _Chars:
    """A page's characters (in the page's order) and their middles, found by height in a bisect."""

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self.middles = [(c["top"] + c["bottom"]) / 2 for c in chars]
        self._by_height = sorted(range(len(chars)), key=self.middles.__getitem__)
        self._sorted = [self.middles[i] for i in self._by_height]

    def within(self, bbox: BBox, among: Iterable[int] | None = None) -> list[int]:
        """The indices (in page order) of the characters whose middle lies in ``bbox``: pdfplumber's
        own test (``Table.extract``)."""
        x0, top, x1, bottom = bbox
        if among is None:
            lo, hi = bisect.bisect_left(self._sorted, top), bisect.bisect_left(self._sorted, bottom)
            among = sorted(self._by_height[lo:hi])
        out = []
        for i in among:
            char = self.chars[i]
            h_mid = (char["x0"] + char["x1"]) / 2
            if x0 <= h_mid < x1 and top <= self.middles[i] < bottom:
                out.append(i)
        return out


def _table_grid(table: Table, chars: _Chars, claimed: set[int]) -> Grid | None:
    """The table's cells; the characters read into a cell are added to ``claimed``. None (and no
    character claimed) for a grid without text, a frame around running text (a cell over
    ``MAX_CELL_CHARS``) or a grid that is not the table's (see :func:`_several_cells`): its text stays
    page text."""
    rows: list[list[Cell]] = []
    used: list[int] = []
    for row in table.rows:
        row_chars = chars.within(row.bbox)
        cells: list[Cell] = []
        for cell in row.cells:
            if cell is None:
                continue  # covered by a merged cell, read once where it starts
            cell_chars = chars.within(cell, row_chars)
            used += cell_chars
            text = _chars_text(chars.chars[i] for i in cell_chars)
            if _several_cells(text) or len(text) > MAX_CELL_CHARS:
                return None
            cells.append(Cell(cell[0], cell[2], cell_value(text.split("\n"), wrapped=True)))
        rows.append(cells)
    if not used:
        return None  # a drawn grid without text
    claimed.update(used)
    return Grid(rows)


def _several_cells(text: str) -> bool:
    """True when a cell's text is more than one cell of the printed table: a number beside other
    words or above/below them. Its rules are missing (a table drawn without the lines between its
    rows or its columns), so the text layer's lines read better than the cells."""
    tokens = text.split()
    return len(tokens) > 1 and any(_NUMBER_RE.fullmatch(token) for token in tokens)


def _chars_text(chars: Iterable[Char]) -> str:
    """The text of some characters of a page, as ``page.extract_text()`` renders them."""
    from pdfplumber.utils.text import extract_text

    chars = list(chars)
    return extract_text(chars) if chars else ""


# ---------------------------------------------------------------- rows a page break cuts in two

# The numbering a row label of these tables starts with: 一、 (一) 1. （六） 2．
_ROW_START_RE = re.compile(r"[(（]?\s*(?:[一二三四五六七八九十]+|\d+)\s*(?:[)）]|[、.．](?!\d))")
# A page number line: - 3 -, 第 3 页 共 8 页, 3/8.
_PAGE_NUMBER_RE = re.compile(r"[-—–·•\s第页共/]*\d+[-—–·•\s第页共/\d]*")
_ALIGN = 2.0  # points: the same column on the next page


def join_split_rows(pages: list[list[Block]]) -> None:
    """A row that does not fit at the bottom of a page continues on the next (Word and LibreOffice let
    rows break across pages): the part without the numbers is a row whose cells are blank but for a
    piece of its label. Where a page ends with a table and the next begins with one whose columns are
    the same, the two rows beside the break are one when the second does not start a new row (its
    label has no 一、/(一)/1. numbering while the first's has): its cells are joined. When the labels
    cannot tell (a table without numbered labels), the row without numbers is printed as its text
    alone, the way the text layer prints it, and the table parser aligns it (flagged), never silently.
    Only the page's margin (page numbers, a running header or footer) may lie between the two."""
    repeated = _repeated_lines(pages)
    for before, after in itertools.pairwise(pages):
        first = _edge_grid(before, reversed, repeated)
        second = _edge_grid(after, iter, repeated)
        if first is None or second is None or not first.rows or not second.rows:
            continue
        # A header row repeated on every page comes before the row the break continues.
        j = 0
        while j < min(len(first.rows), len(second.rows) - 1) and _row_text(second.rows[j]) == _row_text(first.rows[j]):
            j += 1
        upper, lower = first.rows[-1], second.rows[j]
        pairs = _aligned(upper, lower)
        if pairs is None:
            continue
        upper_numbers, lower_numbers = _has_number(upper), _has_number(lower)
        if upper_numbers == lower_numbers:
            continue
        fragment = lower if upper_numbers else upper
        if all(cell.text for cell in fragment):
            continue  # a row without a blank cell (a header, a heading row) is a row of its own
        if _starts_row(lower):
            continue
        if _starts_row(upper) or not any(cell.text for cell in fragment):
            first.rows[-1] = [Cell(a.x0, a.x1, cell_value([a.text, b.text], wrapped=True)) for a, b in pairs]
            del second.rows[j]
            second.bare = {i - 1 if i > j else i for i in second.bare if i != j}
        elif fragment is upper:
            first.bare.add(len(first.rows) - 1)
        else:
            second.bare.add(j)


def _edge_grid(
    blocks: list[Block], order: Callable[[list[Block]], Iterator[Block]], repeated: set[str]
) -> Grid | None:
    """The grid that ends (``reversed``) or begins (``iter``) the page, past its margin lines."""
    for block in order(blocks):
        if isinstance(block, Grid):
            return block
        if not all(_margin_line(line, repeated) for line in block.split("\n") if line.strip()):
            return None
    return None


def _margin_line(line: str, repeated: set[str]) -> bool:
    return bool(_PAGE_NUMBER_RE.fullmatch(line.strip())) or line.strip() in repeated


def _repeated_lines(pages: list[list[Block]]) -> set[str]:
    """Text lines printed on more than one page: a running header or footer."""
    seen: dict[str, int] = {}
    for blocks in pages:
        lines = {line.strip() for block in blocks if isinstance(block, str) for line in block.split("\n")}
        for line in lines - {""}:
            seen[line] = seen.get(line, 0) + 1
    return {line for line, n in seen.items() if n > 1}


def _aligned(upper: list[Cell], lower: list[Cell]) -> list[tuple[Cell, Cell]] | None:
    """Each cell of ``upper`` with the cell of ``lower`` in its column; None unless every one has one
    and every cell of ``lower`` left over is blank (the part of a merged cell the page break cut)."""
    pairs = []
    matched: set[int] = set()
    for a in upper:
        k = next((k for k, b in enumerate(lower) if abs(a.x0 - b.x0) <= _ALIGN and abs(a.x1 - b.x1) <= _ALIGN), None)
        if k is None:
            return None
        pairs.append((a, lower[k]))
        matched.add(k)
    if any(b.text for k, b in enumerate(lower) if k not in matched):
        return None
    return pairs


def _has_number(row: list[Cell]) -> bool:
    return any(_NUMBER_RE.fullmatch(cell.text) for cell in row)


def _starts_row(row: list[Cell]) -> bool:
    lead = next((cell.text for cell in row if cell.text), "")
    return bool(_ROW_START_RE.match(lead))


def _row_text(row: list[Cell]) -> str:
    return " | ".join(cell.text for cell in row)


def pdf_notes(text: str, pages: list[str], name: str) -> list[str]:
    """Refuse a PDF without usable text; note pages without text and unmapped glyphs."""
    if not text.strip():
        raise LoadError(f"{name}: PDF has no text layer (scanned image?); run OCR first")
    n_cid = len(_CID_RE.findall(text))
    if not _CID_RE.sub("", text).strip():
        raise LoadError(f"{name}: PDF text has no Unicode mapping (only (cid:N) glyph codes); run OCR first")
    notes: list[str] = []
    blank = sum(1 for page in pages if not page.strip())
    if blank:
        notes.append(f"{blank} of {len(pages)} PDF pages have no text layer (scanned?)")
    if n_cid:
        notes.append(f"{n_cid} glyphs without a Unicode mapping appear as (cid:N)")
    return notes
