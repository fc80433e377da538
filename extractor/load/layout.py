"""Rendering shared by HTML and DOCX: the text of a table cell on one line, CJK joined without spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ANY_SPACE_RE = re.compile(r"\s+")


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_cjk(parts: Iterable[str]) -> str:
    """Join the lines of one table cell: nothing between CJK characters, a space otherwise."""
    out = ""
    for part in parts:
        if out and part:
            out += "" if is_wide(out[-1]) and is_wide(part[0]) else " "
        out += part
    return out


def cell_value(lines: Iterable[str]) -> str:
    return join_cjk(p for p in (_ANY_SPACE_RE.sub(" ", line).strip() for line in lines) if p)
