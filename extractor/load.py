"""Load stage: read a report file (txt, html, docx, pdf) into a :class:`SourceDocument`.

The text this stage produces is the *source text* every later offset points into, so it is a pure
function of the input bytes: for ``.txt`` it is exactly the decoded content (only a leading BOM is
removed); HTML, DOCX and PDF are rendered to plain text by the fixed rules below.

Every failure is a :class:`LoadError` whose message is one human-readable line.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement, PreformattedString
from charset_normalizer import CharsetMatch, from_bytes

from extractor.errors import NianbaoError
from extractor.models import SourceDocument, SourceFormat
from extractor.util import exc_message

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# A decode may need U+FFFD for a few corrupt bytes (a truncated download, a damaged sector); more than
# this share of the text means the encoding guess is wrong or the file is not text.
_MAX_REPLACEMENT_SHARE = 0.005
# Control characters (other than tab/newline/CR/FF/VT) above this share of the text mean binary data.
_MAX_CONTROL_SHARE = 0.02

# A .docx is a zip; this bounds what unpacking it may cost (a 20 MiB zip of XML can hold gigabytes).
_MAX_UNZIPPED_BYTES = 256 * 1024 * 1024

_HTML_EXTENSIONS = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_EXTENSION_FORMAT: dict[str, SourceFormat] = {
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
    ".docx": "docx",
    **dict.fromkeys(_HTML_EXTENSIONS, "html"),
}


class LoadError(NianbaoError):
    """A file that cannot be loaded; ``str(error)`` is a single line naming the file and the problem."""


def load_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read ``path`` and return its source text, sniffing the format from the content."""
    name = os.fspath(path)
    data = _read_bytes(Path(name), name, max_bytes)
    return _load_bytes(data, name)


def load_text(text: str, *, path: str | None = None) -> SourceDocument:
    """Wrap an already decoded string: HTML is rendered like an HTML file, other text is kept as is."""
    label = path or "<text>"
    sha256 = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    body = text.removeprefix("\ufeff")
    if not body.strip():
        raise LoadError(f"empty text: {label}")
    if _looks_like_html(body):
        return SourceDocument(
            path=path, format="html", encoding=None, sha256=sha256, text=_render_html(body, label)
        )
    return SourceDocument(path=path, format="txt", encoding=None, sha256=sha256, text=body)


# --------------------------------------------------------------------------------------------- reading


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError(f"file not found: {name}") from None
    except ValueError as exc:  # e.g. an embedded NUL character
        raise LoadError(f"invalid path {name!r}: {exc_message(exc, 200)}") from None
    except OSError as exc:
        raise LoadError(f"cannot access {name}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(f"is a directory, not a file: {name}")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"not a regular file: {name}")
    if st.st_size > max_bytes:
        raise LoadError(f"file too large: {name} is {_size(st.st_size)}, the limit is {_size(max_bytes)}")
    if st.st_size == 0:
        raise LoadError(f"empty file: {name}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise LoadError(f"file too large: {name} grew past the limit of {_size(max_bytes)} while being read")
    if not data:
        raise LoadError(f"empty file: {name}")
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB ({n} bytes)"
    return f"{n} bytes"


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


def _zip_kind(data: bytes, name: str) -> str:
    """'docx' for a Word document; raises LoadError naming any other zip-based format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unzipped = sum(info.file_size for info in zf.infolist())
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
        raise LoadError(f"unsupported file: {name} is a corrupt zip archive ({exc_message(exc, 200)})") from None
    if "word/document.xml" in names:
        if unzipped > _MAX_UNZIPPED_BYTES:  # python-docx loads every part into memory
            raise LoadError(
                f"unsupported file: {name} unpacks to {_size(unzipped)}, over {_size(_MAX_UNZIPPED_BYTES)}"
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
        text, notes = _pdf_text(data, name)
        return document("pdf", text, None, notes)
    if data.startswith(_ZIP_MAGICS):
        _zip_kind(data, name)
        return document("docx", _docx_text(data, name), None, [])
    kind = _binary_kind(data)
    if kind is not None:
        raise LoadError(f"unsupported file: {name} is {kind}")

    # An ASCII-compatible view of the bytes is enough to see markup and a <meta charset> declaration;
    # UTF-16/32 files are sniffed again after decoding.
    def is_html(text: str) -> bool:
        return _looks_like_html(text) or (ext in _HTML_EXTENSIONS and bool(_TAG_RE.search(text)))

    view = data.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    declared = _declared_charset(view) if is_html(view) else None
    text, encoding, notes = _decode(data, name, declared)
    if not text.strip():
        raise LoadError(f"empty file: {name} holds only whitespace")
    if is_html(text):
        return document("html", _render_html(text, name), encoding, notes)
    return document("txt", text, encoding, notes)


# --------------------------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = ("gb18030",)
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
# The only legacy encodings Chinese government reports come in; charset-normalizer chooses among them.
_DETECTION_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")
_DECLARED_ALIASES: dict[str, tuple[str, ...]] = {
    # GBK and GB2312 are subsets of GB18030, and pages labelled gb2312 routinely use GBK characters.
    **dict.fromkeys(
        ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "chinese", "gb_2312-80"),
        _GB_FAMILY,
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5", "cp950"), _BIG5_FAMILY),
    # WHATWG: these labels mean windows-1252.
    **dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), ("cp1252",)),
}
_META_CHARSET_RE = re.compile(
    r"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE | re.DOTALL
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _declared_charset(view: str) -> str | None:
    match = _META_CHARSET_RE.search(view[:65536])
    return match.group(1).lower() if match else None


def _codec_name(label: str) -> str:
    return codecs.lookup(label).name


def _family(encoding: str) -> tuple[str, ...]:
    if encoding in _GB_FAMILY or encoding in ("gbk", "gb2312"):
        return _GB_FAMILY
    if encoding in _BIG5_FAMILY:
        return _BIG5_FAMILY[_BIG5_FAMILY.index(encoding) :]
    return (encoding,)


def _strict(data: bytes, encodings: Iterable[str]) -> tuple[str, str] | None:
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _decode(data: bytes, name: str, declared: str | None) -> tuple[str, str, list[str]]:
    """Decode text bytes: BOM, UTF-16 by NUL pattern, strict UTF-8, the declared charset, detection."""
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, n_bad = _lenient(data[len(bom) :], encoding)
            _check_replacements(n_bad, text, encoding, name)
            reported = "utf-8-sig" if encoding == "utf-8" else encoding
            if n_bad:
                notes.append(_replacement_note(reported, n_bad))
            return _checked(text, name, notes), reported, notes
    text, encoding, notes = _decode_without_bom(data, name, declared)
    # GB18030 has its own byte sequence for U+FEFF; a BOM is not content, whatever encodes it.
    return text.removeprefix("\ufeff"), encoding, notes


def _decode_without_bom(data: bytes, name: str, declared: str | None) -> tuple[str, str, list[str]]:
    notes: list[str] = []
    wide = _utf16_by_nuls(data)
    if wide is not None:
        return _checked(data.decode(wide), name, notes), wide, notes
    if b"\x00" in data:
        raise LoadError(f"unsupported file: {name} is binary data (contains NUL bytes)")

    utf8 = _strict(data, ("utf-8",))
    if utf8 is not None and not data.isascii():
        if declared and _declared_codecs(declared) not in (("utf-8",), None):
            notes.append(f"declared charset {declared} ignored: the content is valid UTF-8")
        return _checked(utf8[0], name, notes), "utf-8", notes
    if declared:
        encodings = _declared_codecs(declared)
        if encodings is None:
            notes.append(f"unknown declared charset {declared} ignored")
        else:
            decoded = _strict(data, encodings)
            if decoded is not None:
                return _checked(decoded[0], name, notes), decoded[1], notes
            notes.append(f"declared charset {declared} does not match the content")
    if utf8 is not None:  # pure ASCII
        return _checked(utf8[0], name, notes), "utf-8", notes

    detected = _detect(data)
    if detected is not None:
        return _checked(detected[0], name, notes), detected[1], notes
    guessed = _guess_by_frequency(data)
    if guessed is not None:
        notes.append(f"charset detection inconclusive; {guessed[1]} chosen by character frequency")
        return _checked(guessed[0], name, notes), guessed[1], notes

    text, encoding, n_bad = _best_lenient(data, name)
    notes.append(_replacement_note(encoding, n_bad))
    return _checked(text, name, notes), encoding, notes


def _declared_codecs(label: str) -> tuple[str, ...] | None:
    if label in _DECLARED_ALIASES:
        return _DECLARED_ALIASES[label]
    try:
        codec = _codec_name(label)
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # A declaration readable as ASCII cannot be in a UTF-16/32 file; WHATWG reads it as UTF-8.
        return ("utf-8",)
    return _family(codec)


def _utf16_by_nuls(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its NUL bytes: the high byte of every ASCII character (digits,
    line breaks) is NUL. Chinese text also puts NULs on the other parity (一 is U+4E00, the
    ideographic space U+3000), so parity only orders the tries; a strict decode decides, as the
    wrong byte order turns CJK characters into lone surrogates."""
    units = len(data) // 2
    if units < 2 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if max(even, odd) < max(2, units // 100):
        return None
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL_RE.findall(text)) <= len(text) * _MAX_CONTROL_SHARE and _mostly_readable(text):
            return encoding
    return None


_READABLE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\x20-\x7e\s\u2000-\u206f\u00a0-\u00ff]")


def _mostly_readable(text: str) -> bool:
    """Random bytes decode as UTF-16 too; real text is mostly CJK, ASCII and punctuation."""
    return len(_READABLE.findall(text)) >= 0.9 * len(text)


def _detect(data: bytes) -> tuple[str, str] | None:
    """Let charset-normalizer pick among the Chinese legacy encodings; strict decode of the whole file."""
    matches = list(from_bytes(data, cp_isolation=list(_DETECTION_CANDIDATES)))
    if not matches:
        return None
    best = matches[0]
    preference = {enc: i for i, enc in enumerate(_DETECTION_CANDIDATES)}

    def rank(item: tuple[int, CharsetMatch]) -> tuple[int, int]:
        # Short texts often fit GB18030 and Big5 equally well; the mainland encoding is far more common.
        index, match = item
        if match.chaos == best.chaos and match.coherence == best.coherence:
            return 0, preference.get(_codec_name(match.encoding), len(preference))
        return 1, index

    for _, match in sorted(enumerate(matches), key=rank):
        decoded = _strict(data, _family(_codec_name(match.encoding)))
        if decoded is not None:
            return decoded
    return None


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The 3755 level-1 characters of GB2312 and the 5401 常用字 of Big5: both standards' lists of
    frequently used characters."""
    pairs = [bytes((hi, lo)) for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)]
    simplified = b"".join(pairs).decode("gb2312", errors="ignore")
    trail = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5 = b"".join(bytes((hi, lo)) for hi in range(0xA4, 0xC7) for lo in trail if (hi, lo) <= (0xC6, 0x7E))
    return frozenset(simplified + big5.decode("big5", errors="ignore"))


# Ideographs, and the scripts a wrong GB18030/Big5 decoding scatters into: kana, bopomofo, hangul,
# private use (GBK's user-defined rows). CJK punctuation and enclosed symbols (、㈠㎡) are left out.
_IDEOGRAPH_LIKE_RE = re.compile(
    "[\u1100-\u11ff\u3040-\u312f\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\ue000-\uf8ff\uf900-\ufaff\U00020000-\U0003ffff]"
)
# Correct decodings of real reports score about 0.95; Big5 read as GB18030 about 0.1-0.3.
_MIN_COMMON_SHARE = 0.6


def _guess_by_frequency(data: bytes) -> tuple[str, str] | None:
    """Fallback for text charset-normalizer finds too messy in every encoding (box-drawn tables, rows
    of symbols): the first strict decoding, GB18030 before Big5, whose ideographs are mostly common
    characters. Share alone cannot rank the two: GB18030 box-drawing bytes read as Big5 are common
    characters too, so GB18030 wins whenever it is plausible."""
    common = _common_hanzi()
    for encoding in _DETECTION_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        ideographs = _IDEOGRAPH_LIKE_RE.findall(text)
        if not ideographs or sum(ch in common for ch in ideographs) >= len(ideographs) * _MIN_COMMON_SHARE:
            return text, encoding
    return None


def _lenient(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd")


def _replacement_note(encoding: str, n_bad: int) -> str:
    return f"decoded as {encoding} with {n_bad} replacement character{'s' if n_bad > 1 else ''}"


def _replacements_ok(n_bad: int, text: str) -> bool:
    return n_bad <= max(1, len(text) * _MAX_REPLACEMENT_SHARE)


def _check_replacements(n_bad: int, text: str, encoding: str, name: str) -> None:
    if not _replacements_ok(n_bad, text):
        raise LoadError(f"cannot decode {name}: {n_bad} invalid byte sequences for {encoding}")


def _best_lenient(data: bytes, name: str) -> tuple[str, str, int]:
    """Decode a file with a few corrupt bytes: the encoding needing the fewest U+FFFD whose remaining
    text is confirmed by detection (GB18030 swallows Big5 bytes almost error-free, so the count
    alone cannot decide)."""
    attempts = []
    for rank, encoding in enumerate(("utf-8", "gb18030", "big5", "cp950", "big5hkscs")):
        text, n_bad = _lenient(data, encoding)
        attempts.append((n_bad, rank, encoding, text))
    for n_bad, _rank, encoding, text in sorted(attempts):
        if not _replacements_ok(n_bad, text):
            break
        clean = text.replace("\ufffd", "").encode(encoding, errors="ignore")
        confirmed = "utf-8" if _strict(clean, ("utf-8",)) else None
        if confirmed is None:
            detected = _detect(clean) or _guess_by_frequency(clean)
            confirmed = detected[1] if detected else None
        if confirmed is not None and _family(confirmed)[0] == _family(encoding)[0]:
            return text, encoding, n_bad
    raise LoadError(f"cannot decode {name}: not valid UTF-8, UTF-16, GB18030 or Big5 text")


def _checked(text: str, name: str, notes: list[str]) -> str:
    """Reject binary data that happened to decode; note a few stray control characters."""
    n_control = len(_CONTROL_RE.findall(text))
    if n_control > len(text) * _MAX_CONTROL_SHARE:
        share = n_control / max(len(text), 1)
        raise LoadError(f"unsupported file: {name} is binary data ({share:.0%} control characters)")
    if n_control:
        notes.append(f"{n_control} control character{'s' if n_control > 1 else ''} in the text")
    return text


# ------------------------------------------------------------------------------------------------- HTML

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
_ANY_SPACE_RE = re.compile(r"\s+")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


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
            and _is_wide(text[start - 1])
            and _is_wide(text[end])
        ):
            return ""
        return " "

    return _HTML_SPACE_RE.sub(repl, text).strip(" ")


def _join_cjk(parts: Iterable[str]) -> str:
    """Join the lines of one table cell: nothing between CJK characters, a space otherwise."""
    out = ""
    for part in parts:
        if out and part:
            out += "" if _is_wide(out[-1]) and _is_wide(part[0]) else " "
        out += part
    return out


def _cell_value(lines: Iterable[str]) -> str:
    return _join_cjk(p for p in (_ANY_SPACE_RE.sub(" ", line).strip() for line in lines) if p)


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


def _render_html(markup: str, name: str) -> str:
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
    return _cell_value(inner.lines)


# ------------------------------------------------------------------------------------------------- DOCX

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


def _docx_text(data: bytes, name: str) -> str:
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
    return tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc")


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
            rendered = ["" if _docx_merge(tc, "vMerge") else _cell_value(_docx_cell_lines(tc)) for tc in row]
            line = " | ".join(rendered)
            if line.strip():
                lines.append(line)


def _docx_cell_lines(tc: BaseOxmlElement) -> list[str]:
    return [line for p in tc.xpath(".//w:p") for line in _docx_paragraph(p).split("\n")]


# -------------------------------------------------------------------------------------------------- PDF

_CID_RE = re.compile(r"\(cid:\d+\)")


def _pdf_text(data: bytes, name: str) -> tuple[str, list[str]]:
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
    return text, _pdf_notes(text, pages, name)


def _pdf_notes(text: str, pages: list[str], name: str) -> list[str]:
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
