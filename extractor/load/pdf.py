"""PDF: the text layer (pdfplumber); a scanned PDF without one is refused with a one-line message."""

from __future__ import annotations

import io
import re

from extractor.load.read import LoadError
from extractor.util import exc_message

_CID_RE = re.compile(r"\(cid:\d+\)")


def pdf_text(data: bytes, name: str) -> tuple[str, list[str]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()  # frees the page's parsed objects; large reports otherwise pile up
    except Exception as exc:  # pdfminer raises many types for damaged files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, PDFEncryptionError):
            raise LoadError(f"cannot read PDF {name}: it is encrypted and needs a password") from exc
        detail = f"{type(inner).__name__}: {exc_message(inner, 200)}"
        raise LoadError(f"cannot read PDF {name}: damaged or not a PDF ({detail})") from exc
    text = "\n".join(pages)
    return text, pdf_notes(text, pages, name)


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
