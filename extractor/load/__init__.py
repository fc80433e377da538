"""Load stage: read a report file (txt, html, docx, pdf) into a :class:`SourceDocument`.

The text this stage produces is the *source text* every later offset points into, so it is a pure
function of the input bytes: for ``.txt`` it is exactly the decoded content (only a leading BOM is
removed); HTML, DOCX and PDF are rendered to plain text by the fixed rules of their modules.  The content
decides the format, not the extension.  One module per format: :mod:`.text` (decoding), :mod:`.html`,
:mod:`.docx`, :mod:`.pdf`; :mod:`.read` reads the bytes within the size limit.  A format's libraries are
imported only when a file of that format is read.

Every failure is a :class:`LoadError` whose message is one human-readable line.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

from extractor.load.read import DEFAULT_MAX_BYTES, LoadError, read_bytes
from extractor.load.text import declared_charset, decode
from extractor.models import SourceDocument, SourceFormat

__all__ = ["DEFAULT_MAX_BYTES", "LoadError", "load_document", "load_text"]

_HTML_EXTENSIONS = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_EXTENSION_FORMAT: dict[str, SourceFormat] = {
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
    ".docx": "docx",
    **dict.fromkeys(_HTML_EXTENSIONS, "html"),
}


def load_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read ``path`` and return its source text, sniffing the format from the content."""
    name = os.fspath(path)
    data = read_bytes(Path(name), name, max_bytes)
    return _load_bytes(data, name)


def load_text(text: str, *, path: str | None = None) -> SourceDocument:
    """Wrap an already decoded string: HTML is rendered like an HTML file, other text is kept as is."""
    label = path or "<text>"
    sha256 = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    body = text.removeprefix("\ufeff")
    if not body.strip():
        raise LoadError(f"empty text: {label}")
    if _looks_like_html(body):
        from extractor.load.html import render_html

        return SourceDocument(path=path, format="html", encoding=None, sha256=sha256, text=render_html(body, label))
    return SourceDocument(path=path, format="txt", encoding=None, sha256=sha256, text=body)


# ---------------------------------------------------------------------------------------------- sniffing

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BINARY_MAGICS: tuple[tuple[bytes, str], ...] = (
    (
        _OLE_MAGIC,
        "a legacy Office (OLE2) file (.doc/.xls/.wps, or a password-protected .docx); save it as .docx or PDF",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; run OCR first"),
    (b"\xff\xd8\xff", "a JPEG image; run OCR first"),
    (b"GIF87a", "a GIF image; run OCR first"),
    (b"GIF89a", "a GIF image; run OCR first"),
    (b"II*\x00", "a TIFF image; run OCR first"),
    (b"MM\x00*", "a TIFF image; run OCR first"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "an RTF document; save it as .docx or PDF"),
)


def _binary_kind(data: bytes) -> str | None:
    """Name a known non-text format from its magic bytes, or None."""
    for magic, kind in _BINARY_MAGICS:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image; run OCR first"
    return None


_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE_RE = re.compile(r"<(?:table|body)[\s>/]", re.IGNORECASE)
_TAG_RE = re.compile(r"<[a-zA-Z!/]")


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START_RE.match(text) or _HTML_ANYWHERE_RE.search(text))


def _load_bytes(data: bytes, name: str) -> SourceDocument:
    sha256 = hashlib.sha256(data).hexdigest()
    ext = os.path.splitext(name)[1].lower()

    def document(fmt: SourceFormat, text: str, encoding: str | None, notes: list[str]) -> SourceDocument:
        expected = _EXTENSION_FORMAT.get(ext)
        if expected is not None and expected != fmt:
            notes = [f"content is {fmt} although the file is named {ext}", *notes]
        return SourceDocument(
            path=name, format=fmt, encoding=encoding, sha256=sha256, text=text, warnings=notes
        )

    if data.lstrip(b" \t\r\n\f")[:5] == b"%PDF-":
        from extractor.load.pdf import pdf_text

        text, notes = pdf_text(data, name)
        return document("pdf", text, None, notes)
    if data.startswith(_ZIP_MAGICS):
        from extractor.load.docx import docx_text, zip_kind

        zip_kind(data, name)
        return document("docx", docx_text(data, name), None, [])
    kind = _binary_kind(data)
    if kind is not None:
        raise LoadError(f"unsupported file: {name} is {kind}")

    # An ASCII-compatible view of the bytes is enough to see markup and a <meta charset> declaration;
    # UTF-16/32 files are sniffed again after decoding.
    def is_html(text: str) -> bool:
        return _looks_like_html(text) or (ext in _HTML_EXTENSIONS and bool(_TAG_RE.search(text)))

    view = data.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    declared = declared_charset(view) if is_html(view) else None
    del view  # a copy of the whole file: not kept while it is decoded and rendered
    text, encoding, notes = decode(data, name, declared)
    if not text.strip():
        raise LoadError(f"empty file: {name} holds only whitespace")
    if is_html(text):
        from extractor.load.html import render_html

        return document("html", render_html(text, name), encoding, notes)
    return document("txt", text, encoding, notes)
