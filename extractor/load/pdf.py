"""PDF: the text layer (pdfplumber), ruled tables kept as a grid; a scanned PDF without a text layer is
refused with a one-line message.

A page's text is pdfplumber's ``extract_text()`` of its characters, except inside the ruled tables the
page draws (``find_tables`` with the "lines" strategy: the cells are the rectangles its ruling lines
and rectangle edges enclose). Each such table is rendered like an HTML or Word table: one line per row,
cells joined by `` | ``, a blank cell kept as an empty field, a merged cell once (the cells it covers
are skipped, as a rowspan/colspan cell is), and the lines a long label wraps over inside its cell
joined into one cell text. The text of the page outside its tables keeps its reading order: what is
above a table, the table's rows, what is below it (text beside a table follows the table).
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable
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

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page_text(page))
                page.close()  # frees the page's parsed objects; large reports otherwise pile up
    except Exception as exc:  # pdfminer raises many types for damaged files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, PDFEncryptionError):
            raise LoadError(f"cannot read PDF {name}: it is encrypted and needs a password") from exc
        detail = f"{type(inner).__name__}: {exc_message(inner, 200)}"
        raise LoadError(f"cannot read PDF {name}: damaged or not a PDF ({detail})") from exc
    text = "\n".join(pages)
    return text, pdf_notes(text, pages, name)


def page_text(page: Page) -> str:
    """The page's text, its ruled tables one line per row (see the module docstring)."""
    try:
        tables = _data_tables(page)
        text = _text_with_tables(page, tables) if tables else None
    except Exception:  # the grid is a bonus: odd geometry must not cost the text layer
        text = None
    return (page.extract_text() or "") if text is None else text


def _text_with_tables(page: Page, tables: list[Table]) -> str | None:
    """The page's text with its tables rendered; None when no table is (the text layer as it is)."""
    chars = _Chars(page.chars)
    claimed: set[int] = set()
    rendered: list[tuple[Table, list[str]]] = []
    for table in tables:
        lines = _table_lines(table, chars, claimed)
        if lines:
            rendered.append((table, lines))
    if not rendered:
        return None
    # The characters outside every cell, cut into the runs above, between and below the tables.
    tops = [table.bbox[1] for table, _ in rendered]
    runs: list[list[Char]] = [[] for _ in range(len(rendered) + 1)]
    for i, char in enumerate(chars.chars):
        if i not in claimed:
            runs[bisect.bisect_right(tops, chars.middles[i])].append(char)
    parts = [_chars_text(runs[0])]
    for (_, lines), run in zip(rendered, runs[1:], strict=True):
        parts += ["\n".join(lines), _chars_text(run)]
    return "\n".join(part for part in parts if part)


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


def _table_lines(table: Table, chars: _Chars, claimed: set[int]) -> list[str]:
    """One line per row; the characters read into a cell are added to ``claimed``. No line (and no
    character claimed) for a grid without text, a frame around running text (a cell over
    ``MAX_CELL_CHARS``) or a grid that is not the table's (see :func:`_several_cells`): its text stays
    page text."""
    rows: list[list[str]] = []
    used: list[int] = []
    for row in table.rows:
        row_chars = chars.within(row.bbox)
        cells: list[str] = []
        for cell in row.cells:
            if cell is None:
                continue  # covered by a merged cell, read once where it starts
            cell_chars = chars.within(cell, row_chars)
            used += cell_chars
            text = _chars_text(chars.chars[i] for i in cell_chars)
            if _several_cells(text) or len(text) > MAX_CELL_CHARS:
                return []
            cells.append(cell_value(text.split("\n"), wrapped=True))
        rows.append(cells)
    if not used:
        return []  # a drawn grid without text
    claimed.update(used)
    return [line for line in (" | ".join(cells) for cells in rows) if line.strip()]


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
