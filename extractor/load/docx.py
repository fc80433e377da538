"""DOCX: paragraphs and tables in document order, tables rendered like HTML tables."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from extractor.load.layout import cell_value
from extractor.load.read import LoadError, size_text
from extractor.util import exc_message

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

# A .docx is a zip; this bounds what unpacking it may cost (a 20 MiB zip of XML can hold gigabytes).
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024


def zip_kind(data: bytes, name: str) -> str:
    """'docx' for a Word document; raises LoadError naming any other zip-based format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unzipped = sum(info.file_size for info in zf.infolist())
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
        raise LoadError(f"unsupported file: {name} is a corrupt zip archive ({exc_message(exc, 200)})") from None
    if "word/document.xml" in names:
        if unzipped > MAX_UNZIPPED_BYTES:  # python-docx loads every part into memory
            raise LoadError(
                f"unsupported file: {name} unpacks to {size_text(unzipped)}, over {size_text(MAX_UNZIPPED_BYTES)}"
            )
        return "docx"
    if "xl/workbook.xml" in names:
        kind = "an Excel workbook (.xlsx)"
    elif "ppt/presentation.xml" in names:
        kind = "a PowerPoint presentation (.pptx)"
    elif mimetype.startswith("application/vnd.oasis.opendocument"):
        kind = f"an OpenDocument file ({mimetype})"
    elif mimetype == "application/epub+zip":
        kind = "an EPUB book"
    else:
        kind = "a zip archive"
    raise LoadError(f"unsupported file: {name} is {kind}, not a Word .docx document")


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


def docx_text(data: bytes, name: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        _docx_blocks(document.element.body, lines)
    except LoadError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types for damaged packages
        raise LoadError(f"cannot read DOCX {name}: {exc_message(exc, 200)}") from exc
    if not lines:
        raise LoadError(f"empty document: {name} has no text in its DOCX body")
    return "\n".join(lines)


def _docx_blocks(container: BaseOxmlElement, lines: list[str]) -> None:
    """Paragraphs and tables of a body/cell/content control, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _w("p"):
            lines.extend(line for line in _docx_paragraph(child).split("\n") if line.strip())
        elif tag == _w("tbl"):
            _docx_table(child, lines)
        elif tag == _w("sdt"):
            for content in child.iterchildren(_w("sdtContent")):
                _docx_blocks(content, lines)
        elif tag == _w("customXml"):
            _docx_blocks(child, lines)


def _docx_paragraph(p: BaseOxmlElement) -> str:
    # python-docx's Paragraph.text skips runs inside w:ins, w:smartTag and fields; deleted and
    # moved-away text and text-box contents are not part of the paragraph's visible text.
    runs = p.xpath(
        ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
    )
    return "".join(run.text for run in runs)


def _docx_cells(tr: BaseOxmlElement) -> list[BaseOxmlElement]:
    return list(tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc"))


def _docx_merge(tc: BaseOxmlElement, prop: str) -> bool:
    """True for a continuation cell of a vertical (vMerge) or legacy horizontal (hMerge) merge."""
    found = tc.xpath(f"./w:tcPr/w:{prop}")
    return bool(found) and found[0].get(_w("val")) in (None, "continue")


def _docx_table(tbl: BaseOxmlElement, lines: list[str]) -> None:
    rows = [[tc for tc in _docx_cells(tr) if not _docx_merge(tc, "hMerge")] for tr in tbl.xpath("./w:tr")]
    cells = [tc for row in rows for tc in row]
    # A one-cell table or one holding tables is layout (a frame around the text), not data.
    if len(cells) == 1 or any(tc.xpath(".//w:tbl") for tc in cells):
        for tc in cells:
            if not _docx_merge(tc, "vMerge"):
                _docx_blocks(tc, lines)
        return
    for row in rows:
        if row:
            rendered = ["" if _docx_merge(tc, "vMerge") else cell_value(_docx_cell_lines(tc)) for tc in row]
            line = " | ".join(rendered)
            if line.strip():
                lines.append(line)


def _docx_cell_lines(tc: BaseOxmlElement) -> list[str]:
    return [line for p in tc.xpath(".//w:p") for line in _docx_paragraph(p).split("\n")]
