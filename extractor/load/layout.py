"""Rendering shared by HTML, DOCX and PDF: the text of a table cell on one line, CJK joined without spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ANY_SPACE_RE = re.compile(r"\s+")


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _space_between(left: str, right: str, wrapped: bool) -> bool:
    if is_wide(left) or is_wide(right):
        return False
    if not wrapped:
        return True
    # A line a PDF engine wrapped inside its cell: the break replaced a space between words, or it cut
    # a word or number anywhere (CJK line breaking does). Only a letter beside the break marks a word.
    return left.isalpha() or right.isalpha()


def join_cjk(parts: Iterable[str], *, wrapped: bool = False) -> str:
    """Join the lines of one table cell: nothing between CJK characters, a space otherwise; for
    ``wrapped`` lines (soft breaks of a PDF cell) a space only where a letter meets the break."""
    out = ""
    for part in parts:
        if out and part:
            out += " " if _space_between(out[-1], part[0], wrapped) else ""
        out += part
    return out


def cell_value(lines: Iterable[str], *, wrapped: bool = False) -> str:
    parts = (_ANY_SPACE_RE.sub(" ", line).strip() for line in lines)
    return join_cjk((p for p in parts if p), wrapped=wrapped)
