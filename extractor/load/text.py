"""Plain text: the bytes of a ``.txt`` (or an HTML page) decoded, never assumed.

BOM, then UTF-16 by its NUL pattern, strict UTF-8, the charset an HTML page declares, then detection
among the legacy Chinese encodings (charset-normalizer, loaded only when needed), and last a lenient
decode that tolerates a few corrupt bytes.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from extractor.load.read import LoadError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

# A decode may need U+FFFD for a few corrupt bytes (a truncated download, a damaged sector); more than
# this share of the text means the encoding guess is wrong or the file is not text.
_MAX_REPLACEMENT_SHARE = 0.005
# Control characters (other than tab/newline/CR/FF/VT) above this share of the text mean binary data.
_MAX_CONTROL_SHARE = 0.02

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


def declared_charset(view: str) -> str | None:
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


def decode(data: bytes, name: str, declared: str | None) -> tuple[str, str, list[str]]:
    """Decode text bytes: BOM, UTF-16 by NUL pattern, strict UTF-8, the declared charset, detection."""
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding, name, declared)
    text, encoding, notes = _decode_without_bom(data, name, declared)
    # GB18030 has its own byte sequence for U+FEFF; a BOM is not content, whatever encodes it.
    return text.removeprefix("\ufeff"), encoding, notes


def _decode_with_bom(rest: bytes, encoding: str, name: str, declared: str | None) -> tuple[str, str, list[str]]:
    """A byte-order mark is evidence, not an order: the text must decode as it says (few replacement or
    control characters; UTF-16/32 mostly readable characters and its line breaks kept), else
    the bytes after it are decoded as if it were absent, with a note, or refused with one line."""
    notes: list[str] = []
    text, n_bad = _lenient(rest, encoding)
    reported = "utf-8-sig" if encoding == "utf-8" else encoding
    n_control = len(_CONTROL_RE.findall(text))
    if (
        _replacements_ok(n_bad, text)
        and n_control <= len(text) * _MAX_CONTROL_SHARE
        # UTF-8 bytes read as UTF-16/32: lines gone (each \n byte pairs with a neighbour), ASCII letters as CJK
        and (encoding == "utf-8" or (_mostly_readable(text) and ("\n" in text or b"\n" not in rest)))
    ):
        if n_bad:
            notes.append(_replacement_note(reported, n_bad))
        return _checked(text, name, notes), reported, notes
    mark = encoding.upper()
    try:
        text, found, notes = _decode_without_bom(rest, name, declared)
    except LoadError:
        raise LoadError(
            f"cannot decode {name}: it starts with a {mark} byte-order mark but is not {mark} text, nor any other "
            "known encoding"
        ) from None
    note = f"the {mark} byte-order mark at the start does not match the content: decoded as {found}"
    return text.removeprefix("\ufeff"), found, [note, *notes]


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


@functools.cache  # compiled on first use: only UTF-16 candidates are tried with it
def _readable() -> re.Pattern[str]:
    return re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\x20-\x7e\s\u2000-\u206f\u00a0-\u00ff]")


def _mostly_readable(text: str) -> bool:
    """Random bytes decode as UTF-16 too; real text is mostly CJK, ASCII and punctuation."""
    return len(_readable().findall(text)) >= 0.9 * len(text)


def _detect(data: bytes) -> tuple[str, str] | None:
    """Let charset-normalizer pick among the Chinese legacy encodings; strict decode of the whole file."""
    from charset_normalizer import from_bytes

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
# (compiled on first use: the fallback is rare, and a class this wide costs milliseconds to compile)
@functools.cache
def _ideograph_like() -> re.Pattern[str]:
    return re.compile(
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
        ideographs = _ideograph_like().findall(text)
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
