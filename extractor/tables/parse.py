"""Assemble tables 二/三/四 from the token stream of each table region.

A row is a label followed by a group of values. Layouts that detach labels from their numbers
(PDF conversions) leave label-less groups: those are assigned to the rows the template expects
between two anchored rows, in document order, when the counts agree. Runs that hide several cells
are split (``splits``) and resolved by the sum rules of the form.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from extractor.models import Number
from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    MONEY_CELLS,
    OUTCOME_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
    SIGNED_CELLS,
)
from extractor.tables.splits import Piece, candidate_splits, digit_length_spread, parse_number
from extractor.tables.tokens import Token, tokenize
from extractor.util import one_edit_apart

_LABEL_PIECE = re.compile(r"[\u4e00-\u9fff“”\"]{1,4}")
_HEADER_WORDS = re.compile(r"第.{1,4}条|信息内容|数量|件数|金额|单位|项目|增\s*/\s*减|总数|申请人|情况")


@dataclass(slots=True)
class CellValue:
    value: Number | None
    raw: str
    start: int | None  # normalized offsets of the printed cell; None when the cell is missing
    end: int | None
    flags: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Group:
    tokens: list[Token]
    label: Token | None = None
    noise_before: Token | None = None

    @property
    def has_number(self) -> bool:
        return any(t.kind == "value" for t in self.tokens)

    def capacity(self) -> int:
        """How many cells the group can hold if its runs are split."""
        # A one-character token holds one cell whatever it is.
        return sum(
            max(1, sum(map(str.isdigit, t.text))) if t.kind == "value" and len(t.text) > 1 else 1 for t in self.tokens
        )


@dataclass(slots=True)
class TableResult:
    rows: dict[str, list[CellValue]]
    columns: dict[str, tuple[str, ...]]
    extra_rows: dict[str, dict[str, CellValue]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _events(tokens: list[Token]) -> list[Group]:
    """Groups of adjacent values, each with the label directly before it (if any)."""
    events: list[Group] = []
    current: Group | None = None
    pending: Token | None = None
    last_noise: Token | None = None
    for tok in tokens:
        if tok.kind in ("value", "blank"):
            if current is None:
                current = Group([], label=pending, noise_before=None if pending else last_noise)
                pending = None
                events.append(current)
            current.tokens.append(tok)
            continue
        current = None
        if tok.kind == "noise" and pending is not None and tok.line == pending.line and _LABEL_PIECE.fullmatch(tok.text):
            continue  # the rest of a label a PDF cut ('1.本机关不掌握' '相' on one line, '关政府信息' below)
        if pending is not None:
            events.append(Group([], label=pending))
            pending = None
        if tok.kind == "label":
            pending = tok
            last_noise = None
        elif tok.kind == "noise":
            last_noise = tok
    if pending is not None:
        events.append(Group([], label=pending))
    return events


def _reattach_short_groups(events: list[Group], width: int) -> list[Group]:
    """'label, 1, [7 cells]': a stray number between a label and its row does not take the row's place."""
    out: list[Group] = []
    i = 0
    while i < len(events):
        ev = events[i]
        nxt = events[i + 1] if i + 1 < len(events) else None
        if (
            ev.label is not None
            and ev.tokens
            and ev.capacity() < width / 2
            and nxt is not None
            and nxt.label is None
            and len(nxt.tokens) >= width
            and nxt.has_number
        ):
            out.append(Group(nxt.tokens, label=ev.label))
            out.append(Group(ev.tokens))
            i += 2
            continue
        out.append(ev)
        i += 1
    return out


def _direct_cells(tokens: list[Token], width: int, money: list[bool]) -> list[CellValue]:
    """Cells when every printed cell is its own token; extra cells are layout filler."""
    vals = list(tokens)
    while len(vals) > width and vals[-1].kind == "blank":
        vals.pop()
    if len(vals) > width:
        numeric = [t for t in vals if t.kind == "value"]
        vals = numeric if len(numeric) == width else vals[:width]
    cells = []
    for i, tok in enumerate(vals[:width]):
        if tok.kind == "blank":
            flags = ["placeholder"] if tok.text else []
            cells.append(CellValue(None, tok.text, tok.start, tok.end, flags))
        else:
            cells.append(CellValue(parse_number(tok.text, money=money[i]), tok.text, tok.start, tok.end))
    while len(cells) < width:
        cells.append(CellValue(None, "", None, None, ["missing"]))
    return cells


def _piece_cells(tokens: list[Token], pieces: tuple[Piece, ...], money: list[bool], flags: list[str]) -> list[CellValue]:
    cells = []
    for i, piece in enumerate(pieces):
        tok = tokens[piece.token]
        cells.append(
            CellValue(
                parse_number(piece.text, money=money[i]),
                piece.text,
                tok.start + piece.start,
                tok.start + piece.end,
                list(flags),
            )
        )
    return cells


def _splittable(tokens: list[Token], width: int) -> bool:
    values = [t for t in tokens if t.kind == "value"]
    return bool(values) and len(values) == len(tokens) and len(tokens) < width and any(t.inline for t in values)


def _values(cells: list[CellValue]) -> list[float]:
    return [c.value if isinstance(c.value, int | float) else 0 for c in cells]


def _row_total_ok(pieces_values: list[float]) -> bool:
    return math.isclose(sum(pieces_values[:-1]), pieces_values[-1])


# ---------------------------------------------------------------- table 三


def parse_applications(text: str, start: int, end: int, template: str) -> TableResult | None:
    tokens = tokenize(text, start, end, "applications")
    width = len(APPLICATION_COLUMNS)
    events = _reattach_short_groups(_events(tokens), width)
    template = template if template in APPLICATION_ROWS else _guess_template(events)
    keys = _application_rows(template, events)
    kidx = {k: i for i, k in enumerate(keys)}
    result = TableResult(rows={}, columns={})
    money = [False] * width
    events, detached, notes = _detached_blocks(events, width, kidx)

    anchors: list[tuple[int, int]] = []
    for i, ev in enumerate(events):
        if ev.label is None or ev.label.key not in kidx or not ev.tokens:
            continue
        ki = kidx[ev.label.key]
        if anchors and ki <= anchors[-1][1]:
            continue
        anchors.append((i, ki))
    # A PDF that centres a long label vertically prints the row's numbers before the label's text:
    # a label with no cells of its own right after a group of numbers without a label, between the
    # same anchored rows, is that group's row.
    for i, ev in enumerate(events):
        if i == 0 or ev.label is None or ev.tokens or ev.label.key not in kidx:
            continue
        before = events[i - 1]
        ki = kidx[ev.label.key]
        if before.label is not None or not before.has_number or before.capacity() < width / 2:
            continue
        lower = max((k for e, k in anchors if e < i), default=-1)
        upper = min((k for e, k in anchors if e > i), default=len(keys))
        if lower < ki < upper and all(k != ki for _, k in anchors):
            anchors.append((i - 1, ki))
            anchors.sort()
            detached.add(ev.label.key)
    assigned: dict[str, Group] = {keys[ki]: events[i] for i, ki in anchors}
    anchored_events = {i for i, _ in anchors}
    aligned: set[str] = set(detached)

    # Labels with no group of their own also count as rows of a partial excerpt.
    bounds = [(-1, -1), *anchors, (len(events), len(keys))]
    used: set[int] = set(anchored_events)
    for (e0, k0), (e1, k1) in itertools.pairwise(bounds):
        missing = [keys[k] for k in range(k0 + 1, k1)]
        free = [
            e
            for e in range(e0 + 1, e1)
            if e not in anchored_events and events[e].has_number and events[e].capacity() >= width / 2
        ]
        if not missing or not free:
            continue
        if len(missing) == len(free):
            for key, e in zip(missing, free, strict=True):
                assigned[key] = events[e]
                aligned.add(key)
                used.add(e)
        else:
            result.warnings.append(
                f"table 三: {len(free)} value rows without labels could not be matched to the {len(missing)} rows "
                f"expected between '{keys[k0] if k0 >= 0 else 'start'}' and '{keys[k1] if k1 < len(keys) else 'end'}'"
            )
    # A label reached by a partial excerpt with no cells after it is still a row of the report.
    last = events[-1] if events else None
    if last is not None and last.label is not None and last.label.key in kidx and last.label.key not in assigned:
        assigned[last.label.key] = last

    ambiguous: dict[str, list[tuple[Piece, ...]]] = {}
    short: dict[str, list[Token]] = {}
    for key in keys:
        group = assigned.get(key)
        if group is None:
            continue
        if _splittable(group.tokens, width):
            cands = candidate_splits(
                tuple(t.text for t in group.tokens), width, signed=(False,) * width, decimal=(False,) * width
            )
            good = [c for c in cands if _row_total_ok([float(p.text) for p in c])]
            if len(good) == 1:
                result.rows[key] = _piece_cells(group.tokens, good[0], money, ["split_from_run"])
            elif good:
                ambiguous[key] = sorted(good, key=digit_length_spread)
                result.rows[key] = _piece_cells(group.tokens, ambiguous[key][0], money, ["split_from_run"])
            elif cands:
                best = min(cands, key=digit_length_spread)
                result.rows[key] = _piece_cells(group.tokens, best, money, ["split_from_run", "ambiguous_split"])
                result.warnings.append(f"table 三 row {key}: no split of '{' '.join(t.text for t in group.tokens)}' satisfies the row total")
            else:
                result.rows[key] = _direct_cells(group.tokens, width, money)
                short[key] = list(group.tokens)  # fewer digits than cells: blanks printed nothing
        else:
            result.rows[key] = _direct_cells(group.tokens, width, money)
            if 0 < len(group.tokens) < width:
                short[key] = list(group.tokens)
        if key in aligned:
            for cell in result.rows[key]:
                cell.flags.append("aligned_by_order")
        if key in notes:
            for cell in result.rows[key]:
                cell.flags.append("ambiguous_split")
                cell.note = notes[key]

    if ambiguous:
        _resolve_by_columns(result, ambiguous, assigned, template)
    orphans = [ev for i, ev in enumerate(events) if i not in used and ev.label is None and ev.has_number]
    if short:

        def split_row(key: str, toks: list[Token]) -> list[CellValue] | None:
            if not all(t.kind == "value" for t in toks):
                return None
            cands = candidate_splits(tuple(t.text for t in toks), width, signed=(False,) * width, decimal=(False,) * width)
            good = [c for c in cands if _row_total_ok([float(p.text) for p in c])]
            if not good:
                return None
            flags = ["split_from_run"] if len(good) == 1 else ["split_from_run", "ambiguous_split"]
            return _piece_cells(toks, sorted(good, key=digit_length_spread)[0], money, flags)

        orphans = _complete_short_rows(text, result, short, orphans, _applications_score, width, splitter=split_row)
    if aligned and orphans:
        _recover_detached(result, orphans)
    if not result.rows:
        return None
    return result


def _detached_blocks(events: list[Group], width: int, kidx: dict[str, int]) -> tuple[list[Group], set[str], dict[str, str]]:
    """Labels printed apart from their numbers (PDF text): a run of row labels with no cells, then
    exactly as many cells as those rows hold, listed row by row or column by column (all the 自然人
    values of the page, then all the 商业企业 values …). Each label gets its row; the reading is the
    one the line breaks show (``width`` cells per line: rows; one line per column: columns), else the
    one whose rows add up (rule 2). Returns the events with those rows, the keys assigned by order,
    and a note for the keys whose reading the text leaves open."""
    out: list[Group] = []
    detached: set[str] = set()
    notes: dict[str, str] = {}
    if sum(1 for ev in events if ev.label is not None and not ev.tokens) < 1:
        return events, detached, notes  # every label has its cells: the common case
    i = 0
    while i < len(events):
        run: list[Token] = []
        j = i
        while (
            j < len(events)
            and (ev := events[j]).label is not None
            and not ev.tokens
            and ev.label.key in kidx
            and (not run or kidx[ev.label.key] > kidx[run[-1].key or ""])
        ):
            run.append(ev.label)
            j += 1
        groups: list[Group] = []
        k = j
        if run and k < len(events) and (ev := events[k]).label is not None and ev.tokens and ev.label.key in kidx \
                and kidx[ev.label.key] > kidx[run[-1].key or ""]:  # fmt: skip
            run.append(ev.label)
            groups.append(ev)
            k += 1
        while k < len(events) and events[k].label is None and events[k].tokens:
            if sum(len(g.tokens) for g in groups) >= len(run) * width:
                break
            groups.append(events[k])
            k += 1
        cells = [t for g in groups for t in g.tokens]
        if (
            len(run) >= 2
            and len(cells) == len(run) * width
            and all(len(g.tokens) % width == 0 for g in groups)
            and all(t.kind != "value" or not t.inline or t.text.lstrip("+-").isdigit() for t in cells)
        ):
            rows: list[list[Token]] = []
            for g in groups:
                block, note = _read_block(g.tokens, len(g.tokens) // width, width)
                first = len(rows)
                rows.extend(block)
                if note:
                    for label in run[first : len(rows)]:
                        notes[label.key or ""] = note
            for label, row in zip(run, rows, strict=True):
                out.append(Group(row, label=label))
                detached.add(label.key or "")
            i = k
            continue
        out.append(events[i])
        i += 1
    return out, detached, notes


def _read_block(tokens: list[Token], n_rows: int, width: int) -> tuple[list[list[Token]], str | None]:
    by_rows = [tokens[r * width : (r + 1) * width] for r in range(n_rows)]
    by_columns = [[tokens[c * n_rows + r] for c in range(width)] for r in range(n_rows)]
    per_line = [len(list(g)) for _, g in itertools.groupby(tokens, key=lambda t: t.line)]
    if n_rows == 1 or set(per_line) == {width}:
        return by_rows, None
    if set(per_line) == {n_rows}:
        return by_columns, None

    def totals(rows: list[list[Token]]) -> int:
        held = 0
        for row in rows:
            values = [parse_number(t.text) if t.kind == "value" else None for t in row]
            if values[-1] is not None and all(v is not None for v in values):
                held += math.isclose(sum(v for v in values[:-1] if v is not None), values[-1])
        return held

    def texts(rows: list[list[Token]]) -> list[list[str]]:
        return [[t.text for t in row] for row in rows]

    row_score, column_score = totals(by_rows), totals(by_columns)
    if texts(by_rows) == texts(by_columns) or row_score > column_score:
        return by_rows, None
    if column_score > row_score:
        return by_columns, None
    return by_rows, "the numbers read row by row and column by column both fit the row totals"


_OTHER_SUBROWS = frozenset({"other_overdue_correction", "other_unpaid_fee", "other_other"})


def _application_rows(template: str, events: list[Group]) -> tuple[str, ...]:
    """The rows of table 三 as printed: the template's, except that some bodies print the 2021 table
    with the older single (六)其他处理 row (and a 2019 table may carry the three 2021 rows)."""
    found = {ev.label.key for ev in events if ev.label is not None}
    if template == "2021" and "other" in found and not found & _OTHER_SUBROWS:
        return APPLICATION_ROWS["2019"]
    if template == "2019" and "other" not in found and len(found & _OTHER_SUBROWS) >= 2:
        return APPLICATION_ROWS["2021"]
    return APPLICATION_ROWS[template]


def _guess_template(events: list[Group]) -> str:
    keys = {ev.label.key for ev in events if ev.label is not None}
    if keys & {"other_overdue_correction", "other_unpaid_fee", "other_other"}:
        return "2021"
    return "2019" if "other" in keys else "2021"


def _column_failures(rows: dict[str, list[CellValue]]) -> int:
    """How many per-column rules (1 and 3) fail, blanks not counted (a blank total: not applicable)."""
    failed = 0
    outcomes = [k for k in (*OUTCOME_ROWS["2021"], *OUTCOME_ROWS["2019"]) if k in rows]
    for col in range(len(APPLICATION_COLUMNS)):

        def v(key: str, col: int = col) -> float | None:
            cells = rows.get(key)
            value = cells[col].value if cells else None
            return float(value) if isinstance(value, int | float) else None

        total = v("total_processed")
        parts = [x for k in outcomes if (x := v(k)) is not None]
        if total is not None and parts and not math.isclose(sum(parts), total):
            failed += 1
        left = [x for k in ("new_received", "carried_over") if (x := v(k)) is not None]
        right = [x for k in ("total_processed", "carried_forward") if (x := v(k)) is not None]
        if left and right and not math.isclose(sum(left), sum(right)):
            failed += 1
    return failed


def _column_score(rows: dict[str, list[CellValue]], template: str) -> int:
    """How many per-column rules (1 and 3) hold: used to choose between equally valid row splits."""
    score = 0
    outcomes = [k for k in (*OUTCOME_ROWS["2021"], *OUTCOME_ROWS["2019"]) if k in rows]
    for col in range(len(APPLICATION_COLUMNS)):

        def v(key: str, col: int = col) -> float:
            cells = rows.get(key)
            value = cells[col].value if cells else None
            return float(value) if isinstance(value, int | float) else 0.0

        if "total_processed" in rows:
            if math.isclose(sum(v(k) for k in outcomes), v("total_processed")):
                score += 1
            if {"new_received", "carried_over", "carried_forward"} <= rows.keys() and math.isclose(
                v("new_received") + v("carried_over"), v("total_processed") + v("carried_forward")
            ):
                score += 1
    return score


def _resolve_by_columns(
    result: TableResult, ambiguous: dict[str, list[tuple[Piece, ...]]], assigned: dict[str, Group], template: str
) -> None:
    keys = list(ambiguous)
    combos = itertools.islice(itertools.product(*(range(len(ambiguous[k])) for k in keys)), 20000)
    best_score = -1
    best: list[tuple[int, ...]] = [()]
    for combo in combos:
        for key, choice in zip(keys, combo, strict=True):
            result.rows[key] = _piece_cells(assigned[key].tokens, ambiguous[key][choice], [False] * 7, [])
        score = _column_score(result.rows, template)
        if score > best_score:
            best_score, best = score, [combo]
        elif score == best_score:
            best.append(combo)
    for pos, key in enumerate(keys):
        chosen = best[0][pos]
        tied = {combo[pos] for combo in best}
        flags = ["split_from_run"] if len(tied) == 1 else ["split_from_run", "ambiguous_split"]
        cells = _piece_cells(assigned[key].tokens, ambiguous[key][chosen], [False] * 7, flags)
        note = (
            "run split so that the column sums hold"
            if len(tied) == 1
            else f"{len(ambiguous[key])} splits satisfy the row total; the column sums do not decide"
        )
        for cell in cells:
            cell.note = note
        result.rows[key] = cells


def _applications_score(rows: dict[str, list[CellValue]], changed: list[str]) -> tuple[float, float]:
    """How well a reading of table 三 fits the form: row totals of the changed rows, then the column sums."""
    # Rules that fail count against a placement; a rule made inapplicable by a blank does not count
    # for it (else blanks would be pushed to where they make rules hold by emptiness).
    failed = sum(
        not _row_total_ok(_values(rows[key])) for key in changed if rows[key][-1].value is not None and any(
            c.value is not None for c in rows[key][:-1])
    )  # fmt: skip
    # Tie-break only: most applications come from natural persons, and blanks are rarer than numbers
    # in the first column.
    typical = sum(_values(rows[key])[0] >= max(_values(rows[key])[1:-1]) for key in changed)
    typical += sum(rows[key][0].value is not None for key in changed)
    return -10.0 * failed - _column_failures(rows), typical


def _complete_short_rows(
    text: str,
    result: TableResult,
    short: dict[str, list[Token]],
    orphans: list[Group],
    score: Callable[[dict[str, list[CellValue]], list[str]], tuple[float, float]],
    width: int | None = None,
    columns: dict[str, int] | None = None,
    decisive: bool = True,
    splitter: Callable[[str, list[Token]], list[CellValue] | None] | None = None,
) -> list[Group]:
    """Rows printed with fewer cells than the form has. Either a PDF->markdown conversion lifted a
    wrapped cell ('18(其中修订5件)') out of the table and printed it before it (as many single
    detached numbers as cells are missing: they go back, in order, into the short rows), or the
    blank cells were dropped. The positions are chosen by ``score`` (the sum rules, or the plausibility
    of table 二); recovered cells are flagged ``recovered_detached``, rows whose positions stay open
    ``ambiguous_split``, rows read with dropped blanks ``aligned_by_order``. A ``score`` that is not
    ``decisive`` (priors, not sums) leaves every row with more than one placement flagged. Returns the
    orphans left."""
    widths = {key: (columns or {}).get(key, width or 0) for key in short}
    missing = sum(widths[key] - len(toks) for key, toks in short.items())
    # A lifted cell starts its line ('18(其中修订5件)'); a number inside other text is not one.
    singles = [
        ev for ev in orphans
        if len(ev.tokens) == 1 and ev.tokens[0].kind == "value"
        and not text[text.rfind("\n", 0, ev.tokens[0].start) + 1 : ev.tokens[0].start].strip(" \t|")
    ]  # fmt: skip
    lifted = 0 < missing == len(singles)
    options: dict[str, list[list[CellValue]]] = {}
    queue = list(singles)
    last = max(result.rows, key=lambda k: max((c.start or -1) for c in result.rows[k]))
    for key, toks in short.items():
        w = widths[key]
        present = [_direct_cells([t], 1, [False])[0] for t in toks]
        if lifted:
            mine = [queue.pop(0) for _ in range(w - len(toks))]
            extra = [
                CellValue(parse_number(ev.tokens[0].text), ev.tokens[0].text, ev.tokens[0].start, ev.tokens[0].end,
                          ["recovered_detached"], "printed apart from its row (a wrapped cell lifted out of the table)")
                for ev in mine
            ]  # fmt: skip
            fills = [_interleave(present, extra, slots, w) for slots in itertools.combinations(range(w), len(extra))]
        elif splitter is not None and (cells := splitter(key, toks)) is not None:
            # A cell holding the digits of two: '规章 | 2150 | 36' (a conversion lost a separator).
            result.rows[key] = cells
            continue
        elif all(t.inline for t in toks):
            # Numbers separated by spaces (PDF text): the blank cells printed nothing.
            blank = CellValue(None, "", None, None, [])
            fills = [_interleave(present, [blank] * (w - len(toks)), slots, w) for slots in itertools.combinations(range(w), w - len(toks))]
            fills = fills if len(fills) <= 64 else [present + [blank] * (w - len(toks))]
        else:
            # Cells printed one by one ('|' or a line each): the row stops short (an excerpt's end).
            if key != last:
                for cell in result.rows[key]:
                    if "missing" not in cell.flags:
                        cell.flags.append("aligned_by_order")
                        cell.note = f"row printed with {len(toks)} of {w} cells: read from the first column on"
            continue
        options[key] = fills
    keys = list(options)
    # Every combination when there are few; else each row on its own (its total, not the column sums).
    joint = math.prod(len(o) for o in options.values()) <= 4096
    groups = [keys] if joint else [[key] for key in keys]
    chosen: dict[str, int] = {}
    readings: dict[str, set[tuple[Number | None, ...]]] = {}
    for group in groups:
        # score: (evidence, tie-break). Placements equal on the evidence are ties, whatever the tie-break.
        best_score: tuple[float, float] = (-math.inf, -math.inf)
        chosen_combo: tuple[int, ...] = ()
        best: list[tuple[int, ...]] = []
        for combo in itertools.product(*(range(len(options[k])) for k in group)):
            for key, choice in zip(group, combo, strict=True):
                result.rows[key] = options[key][choice]
            value = score(result.rows, group)
            if value[0] > best_score[0] + 1e-9:
                best_score, chosen_combo, best = value, combo, [combo]
            elif abs(value[0] - best_score[0]) <= 1e-9:
                best.append(combo)
                if value[1] > best_score[1] + 1e-9:
                    best_score, chosen_combo = value, combo
        for pos, key in enumerate(group):
            chosen[key] = chosen_combo[pos]
            # Dropped blanks are never decided by the sums alone: reports break them, and a blank
            # makes a rule inapplicable rather than false.
            pool = best if decisive and lifted else [(i,) * len(group) for i in range(len(options[key]))]
            readings[key] = {tuple(c.value for c in options[key][combo[pos]]) for combo in pool}
            result.rows[key] = options[key][chosen_combo[pos]]
    for key in keys:
        chosen_cells = options[key][chosen[key]]
        cells = [CellValue(c.value, c.raw, c.start, c.end, list(c.flags), c.note) for c in chosen_cells]
        if len(readings[key]) > 1:
            for cell in cells:
                cell.flags.append("ambiguous_split" if lifted else "aligned_by_order")
                cell.note = (
                    f"row printed with {len(short[key])} of {widths[key]} cells; {len(readings[key])} placements fit equally"
                )
        result.rows[key] = cells
    if lifted:
        taken = {id(ev) for ev in singles}
        return [ev for ev in orphans if id(ev) not in taken]
    return orphans


def _interleave(present: list[CellValue], extra: list[CellValue], slots: tuple[int, ...], width: int) -> list[CellValue]:
    out: list[CellValue] = []
    p = e = 0
    for i in range(width):
        if i in slots:
            out.append(extra[e])
            e += 1
        else:
            out.append(present[p])
            p += 1
    return out


def _recover_detached(result: TableResult, orphans: list[Group]) -> None:
    """A PDF conversion can pull a cell out of its row: put a stray number back only where the row
    total then holds and exactly one blank cell qualifies."""
    for orphan in orphans:
        values = [t for t in orphan.tokens if t.kind == "value"]
        if len(values) != 1:
            continue
        tok = values[0]
        number = parse_number(tok.text)
        if number is None:
            continue
        spots = []
        for key, cells in result.rows.items():
            blanks = [i for i, c in enumerate(cells) if c.value is None]
            if len(blanks) != 1:
                continue
            trial = _values(cells)
            trial[blanks[0]] = float(number)
            if any(c.value is not None for c in cells) and _row_total_ok(trial) and number != 0:
                spots.append((key, blanks[0]))
        if len(spots) == 1:
            key, col = spots[0]
            result.rows[key][col] = CellValue(
                number,
                tok.text,
                tok.start,
                tok.end,
                ["recovered_detached"],
                "blank in its row; a detached number nearby makes the row total hold",
            )


# ---------------------------------------------------------------- table 四


_REVIEW_GROUP_NAMES = (
    ("litigation_after_review", re.compile(r"复议后\s*起\s*诉")),
    ("litigation_direct", re.compile(r"直\s*接\s*起\s*诉")),
    ("review", re.compile(r"行\s*政\s*复\s*议")),
)


def _review_pieces(text: str, events: list[Group]) -> tuple[list[Token], bool] | None:
    """Table 四 printed as one small table per group (OCR markdown: a title row, a header row and
    five cells per group): the groups' cells in the order of the form, and whether the order had to
    be assumed (no group title before a group)."""
    width = len(REVIEW_CELLS)
    data = [
        ev for ev in events
        if (ev.has_number or all(t.kind == "blank" for t in ev.tokens)) and len(ev.tokens) % width == 0 and ev.tokens
    ]  # fmt: skip
    if sum(len(ev.tokens) for ev in data) != width * len(REVIEW_GROUPS) or len(data) < 2:
        return None
    names: list[str | None] = []
    previous_end = max(data[0].tokens[0].start - 200, 0)
    for ev in data:
        between = text[previous_end : ev.tokens[0].start]
        previous_end = ev.tokens[-1].end
        names.append(next((key for key, regex in _REVIEW_GROUP_NAMES if regex.search(between)), None))
    if len(data) == len(REVIEW_GROUPS) and sorted(map(str, names)) == sorted(REVIEW_GROUPS):
        by_name = dict(zip(names, data, strict=True))
        return [t for key in REVIEW_GROUPS for t in by_name[key].tokens], False
    return [t for ev in data for t in ev.tokens], True


def parse_review_litigation(text: str, start: int, end: int) -> TableResult | None:
    tokens = tokenize(text, start, end, "review_litigation")
    width = len(REVIEW_GROUPS) * len(REVIEW_CELLS)
    events = _events(tokens)
    groups = [g for g in events if g.has_number]
    if not groups:
        return None
    group = max(reversed(groups), key=lambda g: g.capacity())
    toks = list(group.tokens)
    order_assumed = False
    if group.capacity() < width and (pieces := _review_pieces(text, events)) is not None:
        toks, order_assumed = pieces
    while len(toks) > width and toks[0].kind == "blank":
        toks.pop(0)
    money = [False] * width
    result = TableResult(rows={}, columns={})
    split = False
    if _splittable(toks, width):
        cands = candidate_splits(tuple(t.text for t in toks), width, signed=(False,) * width, decimal=(False,) * width)
        good = [c for c in cands if all(_row_total_ok([float(p.text) for p in c[g * 5 : g * 5 + 5]]) for g in range(3))]
        pool = good or list(cands)
        if pool:
            pool.sort(key=digit_length_spread)
            flags = ["split_from_run"] if len(good) == 1 else ["split_from_run", "ambiguous_split"]
            cells = _piece_cells(toks, pool[0], money, flags)
            split = True
    if not split:
        cells = _direct_cells(toks, width, money)
        if 0 < len(toks) < width:
            for cell in cells:
                if "missing" not in cell.flags:
                    cell.flags.append("aligned_by_order")
                    cell.note = f"table 四 printed with {len(toks)} of {width} cells: positions unknown"
            result.warnings.append(f"table 四: {len(toks)} of {width} cells printed (blank cells the text does not show?)")
    if order_assumed:
        for cell in cells:
            cell.flags.append("aligned_by_order")
            cell.note = "table 四 printed as separate small tables; groups taken in the order of the form"
    for g, name in enumerate(REVIEW_GROUPS):
        result.rows[name] = cells[g * 5 : g * 5 + 5]
    return result


# ---------------------------------------------------------------- table 二

_NARRATIVE_CLUES = (
    # '行政规范性文件' too: the count is all that is read, and a pattern that starts with a literal
    # is found much faster than one that starts with an optional '(?:行政)?'.
    (re.compile(r"规范性文件\s*(\d+)\s*件"), "normative_documents", ("issued", "made")),
    (re.compile(r"规章\s*(\d+)\s*件"), "regulations", ("issued", "made")),
)
# Restatements of the other rows ('办理行政许可事项4617件', '政府集中采购项目260个'): the number may
# be any cell of the row.
# Matched right after each occurrence of a row name (found with str.find: far faster on a long
# narrative than a pattern tried at every position).
_ROW_CLUE_COUNT = re.compile(r"[^。;,，\n\d]{0,10}?(\d+(?:\.\d+)?)\s*(?:万元|件|项|个|宗|起|次|批)")
_ROW_CLUE_KEYS = {
    "行政许可": "licensing", "对外管理服务事项": "other_services", "行政处罚": "punishment",
    "行政强制": "coercion", "行政事业性收费": "fees", "集中采购": "procurement",
}  # fmt: skip


Clues = Mapping[tuple[str, str], set[float]]


class NarrativeClues(Mapping[tuple[str, str], set[float]]):
    """:func:`narrative_clues`, read only when a split of table 二 needs them (most reports: never)."""

    def __init__(self, narrative: str) -> None:
        self._narrative = narrative
        self._found: dict[tuple[str, str], set[float]] | None = None

    def _clues(self) -> dict[tuple[str, str], set[float]]:
        if self._found is None:
            self._found = _find_clues(self._narrative)
        return self._found

    def __getitem__(self, key: tuple[str, str]) -> set[float]:
        return self._clues()[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._clues())

    def __len__(self) -> int:
        return len(self._clues())


def narrative_clues(narrative: str) -> Clues:
    """Counts the prose states for table 二 cells ('制发行政规范性文件62件'), used to choose splits;
    looked for only when first read."""
    return NarrativeClues(narrative)


def _find_clues(narrative: str) -> dict[tuple[str, str], set[float]]:
    clues: dict[tuple[str, str], set[float]] = {}
    for regex, row, cols in _NARRATIVE_CLUES:
        for m in regex.finditer(narrative):
            for col in cols:
                clues.setdefault((row, col), set()).add(float(m.group(1)))
    for name, row in _ROW_CLUE_KEYS.items():
        at = narrative.find(name)
        while at >= 0:
            count = _ROW_CLUE_COUNT.match(narrative, at + len(name))
            if count and float(count.group(1)) >= 2:  # a 0 or 1 tells nothing about a split
                clues.setdefault((row, "*"), set()).add(float(count.group(1)))
            at = narrative.find(name, at + len(name))
    return clues


def _proactive_penalty(row: str, cols: tuple[str, ...], values: list[float], clues: Clues) -> float:
    """Soft priors on what a row of table 二 usually looks like (only used to rank splits)."""
    v = dict(zip(cols, values, strict=True))
    penalty = 0.0
    if "in_force" in v:
        penalty += 3.0 if v["in_force"] < v["issued"] else 0.0
        penalty += 0.5 if v["repealed"] > v["issued"] else 0.0
    if "total_published" in v:
        penalty += 3.0 if v["published"] > v["total_published"] else 0.0
        penalty += -0.3 if v["made"] == v["published"] else 0.0
    if "previous_items" in v:
        previous, change = v["previous_items"], v["change"]
        # The number of items changes little from one year to the next, most often not at all,
        # and never below zero.
        penalty += 5.0 if previous + change < 0 else 0.0
        penalty += 0.5 if abs(change) > previous else 0.0
        penalty += -0.6 if change == 0 else 0.0
    if row == "procurement":
        items, amount = v["items"], v["amount"]
        # Central procurement averages roughly 10-30 万元 per project.
        penalty += abs(math.log10(amount / items) - math.log10(15)) if items > 0 and amount > 0 else 1.0
    anywhere = clues.get((row, "*"), set())
    for col, value in v.items():
        if value in clues.get((row, col), set()) or value in anywhere:
            penalty -= 2.0
    return penalty - 1e-9 * values[-1]


def parse_proactive(text: str, start: int, end: int, template: str, clues: Clues) -> TableResult | None:
    tokens = tokenize(text, start, end, "proactive")
    events = _events(tokens)
    if template not in PROACTIVE_ROWS:
        template = "2019" if any(ev.label is not None and ev.label.key in ("other_services", "procurement") for ev in events) else "2021"
    spec = {row: (cells, labels) for row, cells, labels in PROACTIVE_ROWS[template]}
    result = TableResult(rows={}, columns={row: cells for row, (cells, _) in spec.items()})
    last_row: str | None = None
    short: dict[str, list[Token]] = {}
    orphans: list[Group] = []
    for ev in events:
        if ev.label is not None and ev.label.key in spec:
            key = ev.label.key
            last_row = key
            if key in result.rows:
                continue
            cols = spec[key][0]
            width = len(cols)
            money = [(key, c) in MONEY_CELLS for c in cols]
            if not ev.tokens:
                if ev is events[-1]:
                    result.rows[key] = _direct_cells([], width, money)
                continue
            if _splittable(ev.tokens, width):
                result.rows[key] = _split_proactive(ev.tokens, key, cols, money, clues)
            else:
                result.rows[key] = _direct_cells(ev.tokens, width, money)
                if 0 < len(ev.tokens) < width:
                    short[key] = list(ev.tokens)
            continue
        if ev.label is None and ev.has_number and ev.noise_before is not None and last_row is not None:
            label = _local_label(tokens, ev)
            misspelt = _misspelt_row(label, spec, result.rows)
            if misspelt is not None:
                # A row label with one wrong character ('行政事业型收费'): the row, flagged.
                cols = spec[misspelt][0]
                result.rows[misspelt] = _direct_cells(ev.tokens, len(cols), [(misspelt, c) in MONEY_CELLS for c in cols])
                for cell in result.rows[misspelt]:
                    cell.flags.append("aligned_by_order")
                    cell.note = f"row label printed as '{label}'"
                last_row = misspelt
                continue
            if label and not _HEADER_WORDS.search(label) and len(label) <= 30:
                cols, col_labels = spec[last_row]
                if _splittable(ev.tokens, len(cols)) or (len(ev.tokens) < len(cols) and all(t.kind == "value" for t in ev.tokens)):
                    cells = _split_proactive(ev.tokens, "", cols, [False] * len(cols), {})
                else:
                    cells = _direct_cells(ev.tokens, len(cols), [False] * len(cols))
                result.extra_rows[label] = dict(zip(col_labels, cells, strict=True))
                continue
        if ev.label is None and ev.has_number:
            orphans.append(ev)
    if short:

        def plausibility(rows: dict[str, list[CellValue]], changed: list[str]) -> tuple[float, float]:
            return -sum(_proactive_penalty(key, spec[key][0], _values(rows[key]), clues) for key in changed), 0.0

        def split_row(key: str, toks: list[Token]) -> list[CellValue] | None:
            cols = spec[key][0]
            money = [(key, c) in MONEY_CELLS for c in cols]
            if not all(t.kind == "value" for t in toks) or not candidate_splits(
                tuple(t.text for t in toks), len(cols), signed=tuple(c in SIGNED_CELLS for c in cols), decimal=tuple(money)
            ):
                return None
            return _split_proactive(toks, key, cols, money, clues)

        widths = {key: len(spec[key][0]) for key in short}
        _complete_short_rows(text, result, short, orphans, plausibility, columns=widths, decisive=False, splitter=split_row)
    if not result.rows and not result.extra_rows:
        return None
    return result


def _misspelt_row(label: str, spec: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], found: dict[str, list[CellValue]]) -> str | None:
    """The standard row of table 二 not yet read whose label ``label`` is, with one character wrong."""
    if len(label) < 4:
        return None
    for key in spec:
        if key in found:
            continue
        names = _PRO_ROW_NAMES.get(key, ())
        if any(len(name) >= 4 and one_edit_apart(label, name) for name in names):
            return key
    return None


_PRO_ROW_NAMES = {
    "normative_documents": ("行政规范性文件", "规范性文件"), "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项",), "punishment": ("行政处罚",), "coercion": ("行政强制",),
    "fees": ("行政事业性收费",), "procurement": ("政府集中采购",),
}  # fmt: skip


def _local_label(tokens: list[Token], ev: Group) -> str:
    """The label of a local row of table 二 ('其他主动公开文件'), also when a PDF wraps it around the
    row's numbers: the text right before the numbers, and the text on the lines right after them
    when no number follows it (else it is the next row's label)."""
    first = next(i for i, t in enumerate(tokens) if t is ev.tokens[0])
    last = first + len(ev.tokens) - 1
    parts: list[str] = []
    i = first - 1
    while i >= 0 and tokens[i].kind == "noise" and len(parts) < 3:
        if _HEADER_WORDS.search(tokens[i].text):
            break
        parts.insert(0, tokens[i].text)
        i -= 1
    after: list[str] = []
    j = last + 1
    while j < len(tokens) and tokens[j].kind == "noise" and tokens[j].line > tokens[last].line and len(after) < 2:
        if _HEADER_WORDS.search(tokens[j].text):
            break
        after.append(tokens[j].text)
        j += 1
    if after and (j == len(tokens) or tokens[j].kind not in ("value", "blank")):
        parts += after
    label = "".join(parts) or (ev.noise_before.text if ev.noise_before else "")
    return re.sub(r"\(.*", "", label, flags=re.S).strip(" |")


def _split_proactive(
    tokens: list[Token], key: str, cols: tuple[str, ...], money: list[bool], clues: Clues
) -> list[CellValue]:
    width = len(cols)
    cands = candidate_splits(
        tuple(t.text for t in tokens), width, signed=tuple(c in SIGNED_CELLS for c in cols), decimal=tuple(money)
    )
    if not cands:
        return _direct_cells(tokens, width, money)

    def score(c: tuple[Piece, ...]) -> float:
        values = [float(parse_number(p.text, money=money[i]) or 0) for i, p in enumerate(c)]
        # A count beside an amount in 元 has no reason to share its length.
        spread = 0.0 if any(money) else digit_length_spread(c)
        return spread + _proactive_penalty(key, cols, values, clues)

    ranked = sorted(cands, key=score)
    flags = ["split_from_run"] if len(ranked) == 1 else ["split_from_run", "ambiguous_split"]
    cells = _piece_cells(tokens, ranked[0], money, flags)
    if len(ranked) > 1:
        alternatives = ", ".join("|".join(p.text for p in c) for c in ranked[1:4])
        for cell in cells:
            cell.note = f"{len(ranked)} splits fit the printed run; chosen by plausibility (next: {alternatives})"
    return cells
