"""Normalize the source text for matching, keeping a map back to the original offsets.

The normalized text is what segmentation and the table parser read: Simplified script (OpenCC),
half-width digits and punctuation, plain spaces, no pinyin glosses (``區(qū)`` -> ``区``), no
page footers (``- 4 -``) and no zero-width characters. ``NormalizedText.offsets`` maps every
normalized character back to its index in the source text, so any span found here is reported
against the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from extractor.models import Span

ModelT = TypeVar("ModelT", bound=BaseModel)

# A pinyin gloss always carries a tone-marked vowel; requiring one keeps "(一)" and "(单位:万元)" intact.
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The '(' comes first (the look-behind then checks the character before it) so that the engine can
# jump between parentheses instead of trying the look-behind at every character.
# (compiled on first use: few reports carry a tone mark, and the ideograph class costs milliseconds)
@cache
def _pinyin_gloss() -> re.Pattern[str]:
    return re.compile(rf"\((?<=[\u3400-\u9fff]\()(?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,8}}\)")
_PAGE_FOOTER = re.compile(
    r"(?m)^[ \t\u3000]*(?:[-—–－][ \t]*\d{1,3}[ \t]*[-—–－]|第[ \t]*\d{1,3}[ \t]*[页頁](?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*[页頁])?)[ \t\u3000]*(?:\r?\n|$)"
)
# A footer is a whole line starting with a dash or 第: only such lines are tried (a multi-line '^'
# pattern would be tried at every character).
_FOOTER_CANDIDATE = re.compile(r"\n[ \t\u3000]*[-—–－第]")
_FOOTER_CANDIDATE_AT_START = re.compile(r"[ \t\u3000]*[-—–－第]")
_ZERO_WIDTH_CHARS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\r")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n)")
# Mirror sites replace an undecodable character in a cell by '?': '? 0' is the cell '0'.
_REPLACEMENT_BEFORE_NUMBER = re.compile(r"[?\ufffd](?=[ \t\u3000\u00a0]*\d)")


def _width_table() -> dict[int, int]:
    table = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    for space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3164"):
        table[ord(space)] = ord(" ")
    table.update({ord("\u2212"): ord("-"), ord("\u2014"): ord("—"), ord("\r"): ord("\n")})
    # Kangxi radicals (⼀⼯⼒, U+2F00–U+2FD5) that PDF text extraction prints for the ideographs 一工力
    for code in range(0x2F00, 0x2FD6):
        plain = unicodedata.normalize("NFKC", chr(code))
        if len(plain) == 1:
            table[code] = ord(plain)
    return table


_WIDTH = _width_table()
_WIDTH_CHARS = {chr(a): chr(b) for a, b in _WIDTH.items() if a != b}
# str.translate looks every character up in the table (and raises a KeyError inside for each one not
# in it): replacing only the characters that change is many times faster on Chinese text.
_WIDTH_RE = re.compile("[" + re.escape("".join(sorted(_WIDTH_CHARS))) + "]")


def _to_half_width(text: str) -> str:
    """``text.translate(_WIDTH)``."""
    return _WIDTH_RE.sub(lambda m: _WIDTH_CHARS[m.group()], text)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, guaranteed to keep the length (so offsets stay 1:1)."""
    if not text:
        return text
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversions can change length; fall back to line, then character, granularity.
    lines = text.split("\n")
    out = []
    for line in lines:
        conv = _t2s().convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "\n".join(out)


@cache
def _plain_fields(cls: type[BaseModel]) -> tuple[str, ...] | None:
    """The field names of ``cls`` when model_construct does nothing but store the values given for all
    of them (no aliases, extra fields or post-init hook); else None."""
    if cls.__pydantic_post_init__ or cls.__pydantic_root_model__ or cls.model_config.get("extra") == "allow":
        return None
    fields = cls.__pydantic_fields__
    if any(f.alias is not None or f.validation_alias is not None for f in fields.values()):
        return None
    return tuple(fields)


_set_dict = object.__setattr__
# BaseModel keeps these in slots: their descriptors set them without BaseModel.__setattr__.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def construct(cls: type[ModelT], values: dict[str, Any]) -> ModelT:
    """``cls.model_construct(**values)``, for trusted values built by the parser.

    When ``values`` names every field of ``cls`` in declaration order, the instance is filled
    directly: model_construct's per-field bookkeeping costs more than validating would."""
    if tuple(values) != _plain_fields(cls):
        return cls.model_construct(**values)
    return _fill(cls, values)


def constructor(cls: type[ModelT], fields: tuple[str, ...]) -> Callable[[dict[str, Any]], ModelT]:
    """``construct`` for the hottest call sites (spans and cells, hundreds per report): the returned
    function takes values for exactly ``fields``, in that order, and checks nothing per call."""
    if _plain_fields(cls) == fields:
        return partial(_fill, cls)
    return lambda values: cls.model_construct(**values)


def _fill(cls: type[ModelT], values: dict[str, Any]) -> ModelT:
    model = object.__new__(cls)
    _set_dict(model, "__dict__", values)
    _set_fields_set(model, set(values))
    _set_extra(model, None)
    _set_private(model, None)
    return model


_new_span = constructor(Span, ("start", "end"))


class OffsetMap(Sequence[int]):
    """``offsets[i]``: the source index of normalized character ``i``; ``offsets[len(text)] == len(source)``.

    Stored as the runs of source text that normalization kept (a few per report) rather than as one
    integer per character, which would cost more to build than everything that reads it."""

    __slots__ = ("_length", "_norm_starts", "_source_starts", "shift")

    def __init__(self, runs: list[tuple[int, int]], text_length: int, source_length: int) -> None:
        # runs: (normalized start, source start) of each non-empty kept run, in order.
        self._norm_starts = [n for n, _ in runs] + [text_length]
        self._source_starts = [s for _, s in runs] + [source_length]
        self._length = text_length + 1
        # shift: when not None, offsets[i] == i + shift for every i. So it is when one run ends where
        # the source ends (most reports: nothing deleted, or only at the start).
        shift = source_length - text_length
        self.shift = shift if len(runs) <= 1 and self._source_starts[0] == shift else None

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[int, ...]: ...
    def __getitem__(self, index: int | slice) -> int | tuple[int, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        if self.shift is not None:
            return index + self.shift
        run = bisect.bisect_right(self._norm_starts, index) - 1
        return self._source_starts[run] + index - self._norm_starts[run]

    def __iter__(self) -> Iterator[int]:
        for run, start in enumerate(self._norm_starts[:-1]):
            source = self._source_starts[run]
            yield from range(source, source + self._norm_starts[run + 1] - start)
        yield self._source_starts[-1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"OffsetMap({list(self)!r})"


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: Sequence[int]  # offsets[i] = source index of text[i]; offsets[len(text)] = len(source)

    def source_span(self, start: int, end: int) -> Span:
        """Map a normalized ``[start, end)`` range to the smallest source range that covers it."""
        if not 0 <= start <= end <= len(self.text):
            start = max(0, min(start, len(self.text)))
            end = max(start, min(end, len(self.text)))
        # No validation: both offsets are ints from our own map, validation would only cost time.
        offsets = self.offsets
        if type(offsets) is OffsetMap and offsets.shift is not None:
            return _new_span({"start": start + offsets.shift, "end": end + offsets.shift})
        if end == start:
            pos = offsets[start]
            return _new_span({"start": pos, "end": pos})
        return _new_span({"start": offsets[start], "end": offsets[end - 1] + 1})


def _page_footers(source: str) -> list[tuple[int, int]]:
    """The spans of ``_PAGE_FOOTER.finditer(source)``."""
    line_starts = [m.start() + 1 for m in _FOOTER_CANDIDATE.finditer(source)]
    if _FOOTER_CANDIDATE_AT_START.match(source):
        line_starts.insert(0, 0)
    return [m.span() for start in line_starts if (m := _PAGE_FOOTER.match(source, start))]


# A figure a page prints on a line of its own inside a sentence (主动公开本部门政府信息\n7\n条, 201\n7\n年: each
# figure in its own element of the page): the digit lines run on into the unit or year on the next line.
_AFTER_FIGURE = "[条件个项次篇人名家年月日%万亿元期场份批]"  # what a figure's line runs on into: a unit, a date, a multiplier
_FIGURE_LINES = re.compile(rf"(?m)^(?:\d{{1,5}}\n)+(?={_AFTER_FIGURE})")
_HAS_FIGURE_LINE = re.compile(rf"\n\d{{1,5}}\n{_AFTER_FIGURE}")


def _figure_line_breaks(source: str) -> list[tuple[int, int]]:
    """The line breaks around figures printed on lines of their own inside a sentence: those after each digit
    line, and the one before a single figure of a unit when the line before ends inside a sentence (信息\n7\n条)."""
    if not _HAS_FIGURE_LINE.search(source):
        return []
    spans: list[tuple[int, int]] = []
    for m in _FIGURE_LINES.finditer(source):
        start = m.start()
        one_figure = m.group().count("\n") == 1 and source[m.end()] not in "年月日"
        if one_figure and start >= 2 and "\u3400" <= source[start - 2] <= "\u9fff":
            spans.append((start - 1, start))  # (not a heading before 201\n7\n年,…: a paragraph opening with its year)
        spans.extend((i, i + 1) for i in range(start, m.end()) if source[i] == "\n")
    return spans


def _deletions(source: str) -> list[tuple[int, int]]:
    spans = _page_footers(source) + _figure_line_breaks(source)
    if "(" in source and any(vowel in source for vowel in _TONE_VOWELS):
        spans.extend(m.span() for m in _pinyin_gloss().finditer(source))
    if any(ch in source for ch in _ZERO_WIDTH_CHARS):
        spans.extend(m.span() for m in _ZERO_WIDTH.finditer(source))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def normalize(source: str) -> NormalizedText:
    parts: list[str] = []
    runs: list[tuple[int, int]] = []
    length = 0
    cursor = 0
    for start, end in [*_deletions(source), (len(source), len(source))]:
        if start > cursor:
            parts.append(source[cursor:start])
            runs.append((length, cursor))
            length += start - cursor
        cursor = end

    text = _to_half_width("".join(parts))
    if "?" in text or "\ufffd" in text:
        text = _REPLACEMENT_BEFORE_NUMBER.sub(" ", text)
    text = to_simplified(text)
    return NormalizedText(text=text, offsets=OffsetMap(runs, length, len(source)))
