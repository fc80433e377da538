"""HTML: the body text; every ``<table>`` becomes one line per row, cells joined by `` | ``."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from extractor.load.layout import cell_value, is_wide
from extractor.load.read import LoadError

_DROP_TAGS = frozenset({"script", "style", "noscript", "head", "template"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
        "menu", "nav", "ol", "p", "section", "summary", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")


def _collapse_html_space(text: str) -> str:
    """HTML whitespace collapsing; a line break between two CJK characters disappears instead of
    becoming a space (CSS Text segment-break rule), so 中华\\n人民 reads 中华人民."""

    def repl(m: re.Match[str]) -> str:
        run, start, end = m.group(), m.start(), m.end()
        segment_break = "\n" in run or "\r" in run
        if (
            segment_break
            and start > 0
            and end < len(text)
            and is_wide(text[start - 1])
            and is_wide(text[end])
        ):
            return ""
        return " "

    return _HTML_SPACE_RE.sub(repl, text).strip(" ")


class _Lines:
    """Rendered lines; inline text accumulates until a block boundary. Blank lines are dropped."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []

    def text(self, s: str) -> None:
        self._inline.append(s)

    def flush(self) -> None:
        if self._inline:
            line = _collapse_html_space("".join(self._inline))
            self._inline.clear()
            if line.strip():
                self.lines.append(line)

    def line(self, s: str) -> None:
        self.flush()
        if s.strip():
            self.lines.append(s)


def render_html(markup: str, name: str) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bs4's "looks like a filename/URL" hints
            soup = BeautifulSoup(markup, "lxml")
        for tag in soup.find_all(_DROP_TAGS):
            tag.decompose()
        out = _Lines()
        _walk_html(soup, out)
        out.flush()
    except RecursionError:
        raise LoadError(f"cannot read HTML {name}: elements nested too deeply") from None
    if not out.lines:
        raise LoadError(f"empty document: {name} has no visible text in its HTML")
    return "\n".join(out.lines)


def _walk_html(node: Tag, out: _Lines) -> None:
    # An explicit stack, not recursion: pages with thousands of unclosed <font>/<span> tags nest
    # that deep.
    stack: list[tuple[Iterator[PageElement], bool]] = [(iter(node.children), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                out.flush()
        elif isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, doctype, CDATA, PIs
                out.text(str(child))
        elif isinstance(child, Tag):
            name = child.name
            if name in _DROP_TAGS:
                continue
            if name == "br":
                out.flush()
            elif name == "table":
                out.flush()
                _render_html_table(child, out)
            elif name == "pre":
                out.flush()
                for line in child.get_text().splitlines():
                    out.line(line.rstrip())
            else:
                is_block = name in _BLOCK_TAGS
                if is_block:
                    out.flush()
                stack.append((iter(child.children), is_block))


def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _row_cells(tr: Tag) -> list[Tag]:
    return [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]


def _render_html_table(table: Tag, out: _Lines) -> None:
    rows = [(tr, _row_cells(tr)) for tr in _own_rows(table)]
    cells = [cell for _, row in rows for cell in row]
    # Pages often wrap the whole article in a layout table; its cells are containers, not data.
    if len(cells) == 1 or any(cell.find("table") is not None for cell in cells):
        for cell in cells:
            out.flush()
            _walk_html(cell, out)
            out.flush()
        return
    caption = table.find("caption")
    if caption is not None and caption.find_parent("table") is table:
        out.line(_html_cell_text(caption))
    for _, row in rows:
        if row:
            out.line(" | ".join(_html_cell_text(cell) for cell in row))


def _html_cell_text(cell: Tag) -> str:
    inner = _Lines()
    _walk_html(cell, inner)
    inner.flush()
    return cell_value(inner.lines)
