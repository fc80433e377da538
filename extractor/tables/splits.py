"""Split digit runs that hide several cells ('640020470' -> 64|0|0|2|0|4|70).

Squashed layouts print a row's cells with no separator. ``candidate_splits`` enumerates every way to
cut the row's runs into exactly ``width`` valid numbers (no leading zeros, signs and decimals only
where the column allows them); the caller keeps the candidates its sum rules accept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<int>0|[1-9]\d*)(?P<frac>\.\d+)?(?P<unit>万元|万|元)?$")


@dataclass(frozen=True)
class Piece:
    token: int  # index of the run it came from
    start: int  # offsets inside that run
    end: int
    text: str


# No count or amount has more digits (2**53, the largest integer every JSON reader keeps, has 16): a
# longer run is not read as a number (a 5,000-digit cell used to crash int() and the JSON output).
MAX_DIGITS = 15


def parse_number(raw: str, *, money: bool = False) -> int | float | None:
    """A printed cell as a number; money is returned in 万元 ('251000元' -> 25.1, '9038万' -> 9038).
    None when it is not one, or has more than :data:`MAX_DIGITS` digits."""
    if len(raw) > MAX_DIGITS and sum(ch.isdigit() for ch in raw) > MAX_DIGITS:
        return None
    if raw.isascii() and raw.isdigit() and (raw[0] != "0" or len(raw) == 1):
        return int(raw)  # the common cell, what the general path gives for it
    m = _NUMBER.match(raw.strip().replace(",", ""))
    if not m:
        return None
    number = Decimal(f"{m['sign']}{m['int']}{m['frac'] or ''}")
    unit = m["unit"] or ""
    if money and unit == "元":
        number /= Decimal(10000)
    elif not money and unit.startswith("万"):
        number *= Decimal(10000)
    if number == number.to_integral_value() and not m["frac"] and unit != "元":
        return int(number)
    return float(number)


def is_valid_piece(text: str, *, signed: bool, decimal: bool) -> bool:
    if len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return False
    m = _NUMBER.match(text)
    if not m:
        return False
    if m["sign"] and not signed:
        return False
    return not ((m["frac"] or m["unit"]) and not decimal)


def _cut_points(run: str) -> list[int]:
    """Positions where a run may be cut: between two digits, before any decimal point."""
    points = []
    for i in range(1, len(run)):
        if run[i - 1] == "." or "." in run[:i]:
            break
        if run[i - 1].isdigit() and run[i].isdigit():
            points.append(i)
    return points


@lru_cache(maxsize=4096)
def candidate_splits(
    runs: tuple[str, ...],
    width: int,
    *,
    signed: tuple[bool, ...],
    decimal: tuple[bool, ...],
    limit: int = 50000,
) -> tuple[tuple[Piece, ...], ...]:
    """Every way to read ``runs`` as exactly ``width`` cells, each run giving at least one cell.

    Cached: squashed reports repeat the same runs ('0000000') row after row."""
    cuts = [_cut_points(run) for run in runs]
    results: list[tuple[Piece, ...]] = []
    # Characters left from run i on: every remaining cell needs at least one.
    chars_after = [sum(len(r) for r in runs[i + 1 :]) for i in range(len(runs))]
    # More digits than width cells of MAX_DIGITS can hold cannot split: a run of thousands of digits
    # ends here instead of in a search over every way to cut it.
    if sum(ch.isdigit() for run in runs for ch in run) > width * MAX_DIGITS:
        return ()

    def walk(run_idx: int, pos: int, col: int, acc: list[Piece]) -> None:
        if len(results) >= limit:
            return
        if run_idx == len(runs):
            if col == width:
                results.append(tuple(acc))
            return
        remaining_runs = len(runs) - run_idx - 1
        if col >= width or width - col - 1 < remaining_runs:
            return
        run = runs[run_idx]
        if len(run) - pos + chars_after[run_idx] < width - col:
            return
        ends = [c for c in cuts[run_idx] if c > pos] + [len(run)]
        for end in ends:
            text = run[pos:end]
            if not is_valid_piece(text, signed=signed[col], decimal=decimal[col]):
                continue
            acc.append(Piece(run_idx, pos, end, text))
            if end == len(run):
                walk(run_idx + 1, 0, col + 1, acc)
            else:
                walk(run_idx, end, col + 1, acc)
            acc.pop()

    walk(0, 0, 0, [])
    return tuple(results)


def digit_length_spread(pieces: Sequence[Piece]) -> float:
    """Variance of the digit counts: cells of one row tend to be printed with similar lengths."""
    lengths = [len(p.text.lstrip("+-").split(".")[0]) for p in pieces]
    mean = sum(lengths) / len(lengths)
    return sum((n - mean) ** 2 for n in lengths) / len(lengths)
