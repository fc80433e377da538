"""Reviewer decisions in SQLite: append-only, one row per click, with reviewer name and time.

Nothing is updated or deleted: a new decision on the same target supersedes the reviewer's earlier one,
and ``withdraw`` takes it back.  Each write is committed before the server answers, so a browser refresh
or a server restart loses nothing, and every reviewer's history is kept side by side.

Targets: a fact key (``proactive_counts:524-551:62``), an added fact (``added:<hex>``), a table cell
(``cell:applications.new_received.total``: misread, or confirm), a failed check (``check:<id>``: confirm, the
report prints it so), the report's flags (``report``) or its done mark (``status``: done).  Decisions belong to the
source text (its sha256), so they survive a re-run of the extraction over the same file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

Action = Literal["accept", "correct", "reject", "add", "withdraw", "misread", "confirm", "flags", "done"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_sha256 TEXT NOT NULL,
    target TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_report ON decisions (report_sha256, target, id);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', '1');
"""


@dataclass(frozen=True)
class Decision:
    id: int
    report_sha256: str
    target: str
    reviewer: str
    action: str
    payload: dict[str, Any] | None
    created_at: str


class DecisionStore:
    """Opens a connection per operation, so it is safe to share between server threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            with conn:  # commits on success
                yield conn
        finally:
            conn.close()

    def record(
        self, report_sha256: str, target: str, reviewer: str, action: str, payload: dict[str, Any] | None = None
    ) -> Decision:
        created_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        body = None if payload is None else json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO decisions (report_sha256, target, reviewer, action, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (report_sha256, target, reviewer, action, body, created_at),
            )
            row_id = int(cursor.lastrowid or 0)
        return Decision(row_id, report_sha256, target, reviewer, action, payload, created_at)

    def history(self, report_sha256: str) -> list[Decision]:
        """Every decision on a report, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, report_sha256, target, reviewer, action, payload, created_at FROM decisions "
                "WHERE report_sha256 = ? ORDER BY id",
                (report_sha256,),
            ).fetchall()
        return [_decision(row) for row in rows]

    def current(self, report_sha256: str) -> dict[str, dict[str, Decision]]:
        """``{target: {reviewer: latest decision}}``, withdrawn decisions left out."""
        latest: dict[str, dict[str, Decision]] = {}
        for decision in self.history(report_sha256):
            by_reviewer = latest.setdefault(decision.target, {})
            if decision.action == "withdraw":
                by_reviewer.pop(decision.reviewer, None)
            else:
                by_reviewer[decision.reviewer] = decision
        return {target: by_reviewer for target, by_reviewer in latest.items() if by_reviewer}

    def reviewed_reports(self) -> dict[str, dict[str, set[str]]]:
        """``{sha256: {target: {reviewers}}}`` of current decisions, for the queue's progress columns."""
        return {
            sha: {target: set(by_reviewer) for target, by_reviewer in targets.items()}
            for sha, targets in self.current_actions().items()
        }

    def current_actions(self) -> dict[str, dict[str, dict[str, str]]]:
        """``{sha256: {target: {reviewer: action}}}`` of current decisions (withdrawn ones left out)."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT report_sha256, target, reviewer, action FROM decisions ORDER BY id"
            ).fetchall()
        state: dict[str, dict[str, dict[str, str]]] = {}
        for sha, target, reviewer, action in rows:
            by_reviewer = state.setdefault(sha, {}).setdefault(target, {})
            if action == "withdraw":
                by_reviewer.pop(reviewer, None)
            else:
                by_reviewer[reviewer] = action
        return {
            sha: {target: by_reviewer for target, by_reviewer in targets.items() if by_reviewer}
            for sha, targets in state.items()
        }


def _decision(row: tuple[Any, ...]) -> Decision:
    row_id, sha, target, reviewer, action, payload, created_at = row
    return Decision(int(row_id), sha, target, reviewer, action, json.loads(payload) if payload else None, created_at)
