"""How far to trust each parsed table: a signal a user can sort by to review the weakest first.

Per table: how many of the form's cells were read, how many of those carry a flag that says the
text allowed another reading (``ambiguous_split``, ``aligned_by_order``, ``recovered_detached``),
and how many of the table's sum rules (勾稽关系, rules 1-4) hold. ``confidence`` is the share of the
form's cells read without such a flag, times the share of applicable rules that hold: 1.0 for a
table read in full, without a doubt, whose sums all hold; lower for a partial, flagged or
inconsistent one. A table the text does not hold at all has confidence 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from extractor.models import Cell, Finding, TableConfidence, Tables, Warning_
from extractor.tables.spec import (
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_ROWS,
    REVIEW_CELLS,
    REVIEW_GROUPS,
)

DOUBT_FLAGS = frozenset({"ambiguous_split", "aligned_by_order", "recovered_detached"})
TABLES = ("proactive", "applications", "review_litigation")
_STANDARD_ROWS = frozenset(
    [row for spec in PROACTIVE_ROWS.values() for row, _, _ in spec]
    + [row for rows in APPLICATION_ROWS.values() for row in rows]
    + list(REVIEW_GROUPS)
)
# Below this share of the form's cells read, a table is reported as mostly unread (a warning).
PARTIAL_SHARE = 0.5


def expected_cells(table: str, template: str, rows: Iterable[str] = ()) -> int:
    """The number of cells the form has (both formats: the printed rows decide between them)."""
    if table == "review_litigation":
        return len(REVIEW_GROUPS) * len(REVIEW_CELLS)
    if table == "applications":
        printed = set(rows)
        single_other = "other" in printed or (template == "2019" and not printed & {"other_other", "other_unpaid_fee"})
        return len(APPLICATION_ROWS["2019" if single_other else "2021"]) * len(APPLICATION_COLUMNS)
    spec = PROACTIVE_ROWS.get(template) or PROACTIVE_ROWS["2021"]
    return sum(len(cells) for _, cells, _ in spec)


def table_confidence(tables: Tables, cells: list[Cell], checks: list[Finding], template: str) -> dict[str, TableConfidence]:
    """One entry per standard table (none for a legacy report)."""
    if template == "legacy":
        return {}
    # Cells of the form's rows (a local row of table 二, under 'extra_rows', is not one), less the
    # missing ones; only the few flagged cells are looked at one by one.
    read = {t: sum(len(cols) for row, cols in (getattr(tables, t) or {}).items() if row in _STANDARD_ROWS) for t in TABLES}
    flagged = dict.fromkeys(TABLES, 0)
    for c in [c for c in cells if c.flags]:
        if c.row not in _STANDARD_ROWS:
            continue
        if "missing" in c.flags:
            read[c.table] -= 1
        elif not DOUBT_FLAGS.isdisjoint(c.flags):
            flagged[c.table] += 1
    passed = dict.fromkeys(TABLES, 0)
    failed = dict.fromkeys(TABLES, 0)
    for f in checks:
        if f.passed is None:
            continue
        table = f.id.split(".", 1)[0]
        if table in passed:
            if f.passed:
                passed[table] += 1
            else:
                failed[table] += 1
    out: dict[str, TableConfidence] = {}
    for table in TABLES:
        expected = expected_cells(table, template, getattr(tables, table) or {})
        rules = passed[table] + failed[table]
        checks_share = passed[table] / rules if rules else None
        unflagged = min((read[table] - flagged[table]) / expected, 1.0) if expected else 0.0
        confidence = unflagged * (checks_share if checks_share is not None else 1.0)
        out[table] = TableConfidence(
            confidence=round(confidence, 3),
            cells_expected=expected,
            cells_read=read[table],
            cells_flagged=flagged[table],
            checks_passed=passed[table],
            checks_failed=failed[table],
            checks_share=None if checks_share is None else round(checks_share, 3),
            unflagged_share=round(unflagged, 3),
        )
    return out


def partial_table_warnings(confidence: Mapping[str, TableConfidence], results: Mapping[str, object]) -> list[Warning_]:
    """A table that was found but is mostly unread says so (a missing one has its own warning)."""
    out = []
    for table, conf in confidence.items():
        if results.get(table) is None or conf.cells_read >= PARTIAL_SHARE * conf.cells_expected:
            continue
        out.append(
            Warning_(
                code="table_partial",
                message=f"table {table}: {conf.cells_read} of the form's {conf.cells_expected} cells read "
                f"(an excerpt, or a layout the parser does not read): confidence {conf.confidence}",
            )
        )
    return out
