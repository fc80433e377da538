"""HTML: the body text; every ``<table>`` becomes one line per row, cells joined by `` | ``.

The page is rendered while libxml2 parses it (lxml's parser-target interface): no document tree is
built, so memory stays a small multiple of the text, whatever the size of a table (a tree of a
16 MiB table took 1.5 GB). The rules are those of a walk over the parsed tree:

* ``script``, ``style``, ``noscript``, ``head`` and ``template`` are dropped with their content;
  comments, doctypes and processing instructions are not text;
* text accumulates into a line until a block element starts or ends or a ``<br>``; a line's HTML
  whitespace is collapsed (a line break between two CJK characters disappears); blank lines are
  dropped; a string of whitespace only between two tags counts as one space (or a line break);
* ``<pre>``: its text, line by line, as printed;
* a ``<table>``: its own caption (the first ``caption`` in it, when that one is not in a nested
  table), then one line per row of its own (``tr`` not in a nested table), its ``td``/``th``
  children on one line joined by `` | ``, each cell's lines joined by :func:`cell_value`. A table
  with a single cell, or with a table inside one of its cells, is a layout table: its cells are
  rendered one after the other like blocks instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

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
# Whitespace is kept as is inside these; elsewhere a string of nothing but whitespace between two tags
# is one space, or one line break when it holds one.
_PRESERVE_SPACE_TAGS = frozenset({"pre", "textarea"})
# Text inside a ruby annotation belongs to the page but not to the text of an enclosing <pre>.
_RUBY_TAGS = frozenset({"rt", "rp"})
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
_ASCII_SPACES = " \n\t\x0c\r"


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


class _Block:
    """Renders the content of one element (the page, a table cell, a caption) into lines."""

    def __init__(self) -> None:
        self.out = _Lines()


class _Pre:
    """Collects the text of a ``<pre>`` for the block that met it."""

    def __init__(self, block: _Block) -> None:
        self.block = block
        self.parts: list[str] = []


_Sink = _Block | _Pre


@dataclass
class _Table:
    """One open ``<table>``: enough for either rendering, in about the size of its text.

    A finished own row is one string: its cells joined by a blank line, each cell its lines joined by a
    line break (a rendered line never holds a line break and is never empty, so this splits back exactly).
    """

    parents: list[_Block]  # the blocks its rendering goes to
    rows: list[str | None] = field(default_factory=list)  # None: a row without cells
    open_rows: dict[int, list[str]] = field(default_factory=dict)
    cells: int = 0
    open_cells: int = 0
    layout: bool = False  # a table inside one of its cells
    caption_seen: bool = False
    caption: str | None = None

    def end_row(self, row: int) -> None:
        cells = self.open_rows.pop(row)
        self.rows[row] = "\n\n".join(cells) if cells else None

    def lines(self) -> list[str]:
        for open_row in list(self.open_rows):
            self.end_row(open_row)
        layout = self.cells == 1 or self.layout
        out = _Lines()
        if self.caption is not None and not layout:
            out.line(self.caption)
        for i, text in enumerate(self.rows):
            if text is None:
                continue
            self.rows[i] = None  # each row's text is let go as its line is made
            cells = text.split("\n\n")
            if layout:
                out.lines.extend(line for cell in cells if cell for line in cell.split("\n"))
            else:
                out.line(" | ".join(cell_value(cell.split("\n")) if cell else "" for cell in cells))
        return out.lines


@dataclass
class _Frame:
    """One open element."""

    name: str
    sinks: list[_Sink]  # what receives the text inside it
    table: _Table | None  # the nearest enclosing table (itself, for a table)
    own_row: int | None = None  # a row of ``table``: its index
    block: bool = False  # flush the sinks it shares with its parent at its end
    ends: list[object] = field(default_factory=list)  # renderers that finish with it


class _Renderer:
    """The lxml parser target: start/end/data/comment/pi/doctype events in document order."""

    def __init__(self) -> None:
        self.page = _Block()
        self.stack: list[_Frame] = [_Frame("#document", [self.page], None)]
        self._data: list[str] = []
        self.dropping = 0  # depth inside a dropped element
        self.preserving = 0  # <pre>/<textarea> open
        self.containers: list[str] = []  # open rt/rp/style/script/template
        self.tables: list[_Table] = []  # open tables, outermost first

    # ---------------------------------------------------------------------------------- strings

    def _end_data(self) -> None:
        if not self._data:
            return
        s = "".join(self._data)
        self._data.clear()
        if self.dropping:
            return
        if not self.preserving and not s.strip(_ASCII_SPACES):
            s = "\n" if "\n" in s else " "
        ruby = bool(self.containers) and self.containers[-1] in _RUBY_TAGS
        for sink in self.stack[-1].sinks:
            if isinstance(sink, _Block):
                sink.out.text(s)
            elif not ruby:
                sink.parts.append(s)

    def data(self, data: str) -> None:
        self._data.append(data)

    def comment(self, text: str) -> None:
        self._end_data()

    def pi(self, target: str, data: str) -> None:
        self._end_data()

    def doctype(self, *args: object) -> None:
        self._end_data()

    # ---------------------------------------------------------------------------------- elements

    def start(self, tag: str, attrib: object, nsmap: object = None) -> None:
        self._end_data()
        name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else str(tag)
        parent = self.stack[-1]
        if name in _PRESERVE_SPACE_TAGS:
            self.preserving += 1
        if name in _STRING_CONTAINERS:
            self.containers.append(name)
        if self.dropping or name in _DROP_TAGS:
            self.dropping += 1
            self.stack.append(_Frame(name, [], parent.table))
            return
        frame = _Frame(name, [], parent.table, block=name in _BLOCK_TAGS)
        sinks = frame.sinks
        suspended: list[_Block] = []
        for sink in parent.sinks:
            if isinstance(sink, _Pre):
                sinks.append(sink)  # a <pre> takes all the text inside it
            elif name == "table":
                sink.out.flush()
                suspended.append(sink)
            elif name == "pre":
                sink.out.flush()
                pre = _Pre(sink)
                frame.ends.append(pre)
                sinks.append(pre)
            else:
                if name == "br" or frame.block:
                    sink.out.flush()
                sinks.append(sink)
        table = parent.table
        if name == "table":
            for open_table in self.tables:
                if open_table.open_cells:
                    open_table.layout = True
            table = _Table(suspended)
            self.tables.append(table)
            frame.table = table
            frame.ends.append(table)
        elif name == "tr" and table is not None:
            frame.own_row = len(table.rows)
            table.rows.append(None)
            table.open_rows[frame.own_row] = []
            frame.ends.append((table, frame.own_row))
        elif name in ("td", "th") and table is not None and parent.own_row is not None:
            cell = _Block()
            frame.ends.append((table, parent.own_row, cell))
            table.cells += 1
            table.open_cells += 1
            sinks.append(cell)
        elif name == "caption":
            first_for_nearest = table is not None and not table.caption_seen
            for open_table in self.tables:
                open_table.caption_seen = True
            if first_for_nearest:
                caption = _Block()
                frame.ends.append(caption)
                sinks.append(caption)
        self.stack.append(frame)

    def end(self, tag: str) -> None:
        self._end_data()
        if len(self.stack) == 1:
            return
        frame = self.stack.pop()
        if frame.name in _PRESERVE_SPACE_TAGS:
            self.preserving -= 1
        if frame.name in _STRING_CONTAINERS:
            self.containers.pop()
        if self.dropping:
            self.dropping -= 1
            return
        for done in reversed(frame.ends):
            self._finish(done, frame)
        if frame.block:
            for sink in frame.sinks:
                if isinstance(sink, _Block) and sink in self.stack[-1].sinks:
                    sink.out.flush()

    def _finish(self, done: object, frame: _Frame) -> None:
        if isinstance(done, _Pre):
            for line in "".join(done.parts).splitlines():
                done.block.out.line(line.rstrip())
        elif isinstance(done, _Table):
            self.tables.pop()
            lines = done.lines()
            for parent in done.parents:
                parent.out.lines.extend(lines)
        elif isinstance(done, _Block):  # the first caption of the nearest table
            done.out.flush()
            assert frame.table is not None
            frame.table.caption = cell_value(done.out.lines)
        elif isinstance(done, tuple) and len(done) == 2:  # an own row: (table, row)
            done[0].end_row(done[1])
        elif isinstance(done, tuple):  # an own cell: (table, row, block)
            table, row, cell = done
            cell.out.flush()
            table.open_cells -= 1
            table.open_rows[row].append("\n".join(cell.out.lines))

    def close(self) -> list[str]:
        self._end_data()
        while len(self.stack) > 1:
            self.end(self.stack[-1].name)
        self.page.out.flush()
        return self.page.out.lines


def render_html(markup: str, name: str) -> str:
    renderer = _Renderer()
    # The parser BeautifulSoup's "lxml" builder used, with the same options: the same events.
    parser = etree.HTMLParser(target=renderer, recover=True)
    try:
        parser.feed(markup)
        lines: list[str] = parser.close()
    except (etree.ParserError, UnicodeDecodeError, LookupError) as exc:
        raise LoadError(f"cannot read HTML {name}: {exc}") from None
    if not lines:
        raise LoadError(f"empty document: {name} has no visible text in its HTML")
    return "\n".join(lines)
