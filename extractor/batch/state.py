"""The batch state: one SQLite file in OUT (``state.sqlite``), the single source of truth.

Every finished report is committed in its own transaction (WAL journal, ``synchronous=FULL``): its
status, error, the full report JSON and its flat output rows (both zlib-compressed), usage and timings.
A process killed at any moment (SIGKILL included) leaves every committed report intact and nothing
half-written; the next run re-reads the inputs and goes on with what is not done.  An exclusive lock on
``OUT/.lock`` (released by the kernel when the process dies) keeps two batches out of one OUT.

Report statuses: ``pending`` (to do), ``submitted`` (waiting for a Batch API job), ``done``, ``partial``
(finished, but some narrative chunks got no LLM answer and fell back to the rules: redone on the next
run, cached chunks free), ``failed`` (could not be read or processed; retried on the next run).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor.batch.inputs import InputFile
from extractor.errors import NianbaoError
from extractor.util import one_line

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, one batch per OUT is then the user's care
    fcntl = None  # type: ignore[assignment]
from extractor.batch.records import ReportRows, ReportStatus, ReportUsage

STATE_FILE = "state.sqlite"
LOCK_FILE = ".lock"
STATE_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    path TEXT PRIMARY KEY,
    size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    fingerprint TEXT, error TEXT,
    result BLOB, rows BLOB,
    input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0, cached_chunks INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0, llm_seconds REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    job INTEGER,
    updated REAL
);
CREATE INDEX IF NOT EXISTS reports_status ON reports (status);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,            -- 'api' (uploaded to /v1/batches) or 'file' (run elsewhere, e.g. vllm run-batch)
    status TEXT NOT NULL,          -- prepared, uploaded, submitted, collected, failed
    requests_file TEXT NOT NULL,
    requests INTEGER NOT NULL,
    input_file_id TEXT, batch_id TEXT, remote_status TEXT, output_file_id TEXT, error_file_id TEXT,
    detail TEXT, created REAL, updated REAL
);
CREATE TABLE IF NOT EXISTS requests (
    custom_id TEXT PRIMARY KEY,
    job INTEGER NOT NULL,
    path TEXT NOT NULL,
    msg_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'sent',  -- sent, answered, failed
    answer BLOB, error TEXT
);
CREATE INDEX IF NOT EXISTS requests_path ON requests (path);
"""


class StateError(NianbaoError, RuntimeError):
    """OUT cannot be used (locked by another batch, not a batch folder …); one line."""


def damaged_state(out: Path, exc: sqlite3.Error) -> StateError:
    """The one line for a state file SQLite cannot read or write."""
    path = out / STATE_FILE
    if isinstance(exc, sqlite3.OperationalError):
        return StateError(f"cannot use the batch state {path}: {one_line(exc, 200)}")
    return StateError(
        f"the batch state {path} is damaged ({one_line(exc, 200)}): restore it from a backup, or move it away to "
        "start the batch over (the reports are read again; cache.sqlite keeps the paid LLM answers)"
    )


class ReportResult(ReportUsage):
    """What processing one report produced (and cost): committed to the state in one transaction."""

    path: str
    status: ReportStatus
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    fingerprint: str | None = None
    error: str | None = None
    report_blob: bytes | None = None  # pack(JSON of the ExtractedReport); packed by the worker, not the main thread
    rows_blob: bytes | None = None  # pack(JSON of the ReportRows)
    wait_seconds: float = 0.0  # waiting for a free LLM request slot (not stored)
    unreachable: bool = False  # an LLM request could not reach the endpoint (not stored)


class SyncResult(BaseModel):
    total: int
    new: int
    todo: list[str]
    unchanged: int  # done, same file, same prompt/model: skipped
    awaiting_batch: int  # submitted to a Batch API job not collected yet


class StoredReport(BaseModel):
    path: str
    status: ReportStatus
    error: str | None
    report_json: str | None
    rows: dict[str, Any] | None


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)  # level 1: 3x faster than 6, 10% larger


def pack_rows(rows: ReportRows) -> bytes:
    return pack(rows.model_dump_json())


def unpack(blob: bytes | None) -> str | None:
    return None if blob is None else zlib.decompress(blob).decode("utf-8")


class BatchState:
    """The state of one OUT folder.  Use from one thread (the batch's main thread)."""

    def __init__(self, out_dir: Path | str, *, create: bool = True) -> None:
        self.out = Path(out_dir)
        if not create and not (self.out / STATE_FILE).is_file():
            raise StateError(f"not a batch output folder (no {STATE_FILE}): {self.out}")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create output folder {self.out}: {exc.strerror or exc}") from None
        if not self.out.is_dir():
            raise StateError(f"output path is not a folder: {self.out}")
        self._lock_fd = os.open(self.out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._lock_fd)
            raise StateError(f"{self.out} is in use by another nianbao batch") from None
        os.ftruncate(self._lock_fd, 0)
        os.write(self._lock_fd, f"{os.getpid()}\n".encode())
        try:
            self.db = sqlite3.connect(self.out / STATE_FILE, isolation_level=None, timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            # a damaged page anywhere is found now, as one line, not as a traceback half-way through the run
            problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
            self.db.executescript(_SCHEMA)
            version = self.get_meta("state_version")
        except sqlite3.DatabaseError as exc:
            self.close()
            raise damaged_state(self.out, exc) from None
        if version is None:
            self.set_meta("state_version", STATE_VERSION)
        elif version != STATE_VERSION:
            self.close()
            raise StateError(f"{self.out} was made by another nianbao version (state {version}); use a new -o folder")

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.close()
        with contextlib.suppress(OSError):
            os.close(self._lock_fd)

    def __enter__(self) -> BatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- meta ----------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_json(self, key: str) -> Any:
        value = self.get_meta(key)
        return None if value is None else json.loads(value)

    def set_json(self, key: str, value: Any) -> None:
        self.set_meta(key, json.dumps(value, ensure_ascii=False))

    # -- reports -------------------------------------------------------------------------------
    def sync(self, files: Sequence[InputFile], fingerprint_ok: Callable[[str | None], bool]) -> SyncResult:
        """Register the inputs; returns which ones to process (in order).  A finished report is skipped
        when its file has the same size and mtime and its result came from the same prompt/model."""
        known = {
            row[0]: row
            for row in self.db.execute("SELECT path, status, size, mtime_ns, fingerprint FROM reports")
        }
        todo: list[str] = []
        new = unchanged = awaiting = 0
        with self.transaction() as db:
            for f in files:
                row = known.get(f.path)
                if row is None:
                    db.execute("INSERT INTO reports (path, size, mtime_ns, status) VALUES (?, ?, ?, 'pending')",
                               (f.path, f.size, f.mtime_ns))
                    new += 1
                    todo.append(f.path)
                    continue
                _, status, size, mtime_ns, fingerprint = row
                same_file = f.size is not None and (size, mtime_ns) == (f.size, f.mtime_ns)
                if status == "done" and same_file and fingerprint_ok(fingerprint):
                    unchanged += 1
                elif status == "submitted":
                    awaiting += 1
                else:
                    if status != "pending":
                        db.execute("UPDATE reports SET status = 'pending' WHERE path = ?", (f.path,))
                    todo.append(f.path)
        return SyncResult(total=len(files), new=new, todo=todo, unchanged=unchanged, awaiting_batch=awaiting)

    def commit(self, result: ReportResult) -> None:
        """Store one finished report (one transaction: all of it or nothing)."""
        with self.transaction() as db:
            db.execute(
                """UPDATE reports SET size = ?, mtime_ns = ?, sha256 = ?, status = ?, fingerprint = ?, error = ?,
                   result = ?, rows = ?, input_tokens = ?, output_tokens = ?, calls = ?, cached_chunks = ?,
                   seconds = ?, llm_seconds = ?, attempts = attempts + 1, job = NULL, updated = ?
                   WHERE path = ?""",
                (
                    result.size, result.mtime_ns, result.sha256, result.status, result.fingerprint, result.error,
                    result.report_blob, result.rows_blob,
                    result.input_tokens, result.output_tokens, result.calls, result.cached_chunks,
                    result.seconds, result.llm_seconds, time.time(), result.path,
                ),
            )

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in ("pending", "submitted", "done", "partial", "failed")}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM reports GROUP BY status"):
            counts[str(status)] = int(n)
        return counts

    def totals(self) -> dict[str, float]:
        row = self.db.execute(
            "SELECT COALESCE(SUM(input_tokens),0), COALESCE(SUM(output_tokens),0), COALESCE(SUM(calls),0), "
            "COALESCE(SUM(cached_chunks),0) FROM reports"
        ).fetchone()
        return {"input_tokens": row[0], "output_tokens": row[1], "calls": row[2], "cached_chunks": row[3]}

    def iter_reports(self, statuses: Sequence[str] = ("done", "partial", "failed")) -> Iterator[StoredReport]:
        marks = ",".join("?" * len(statuses))
        cursor = self.db.execute(
            f"SELECT path, status, error, result, rows FROM reports WHERE status IN ({marks}) ORDER BY path",
            tuple(statuses),
        )
        for path, status, error, result, rows in cursor:
            rows_text = unpack(rows)
            yield StoredReport(
                path=path, status=status, error=error, report_json=unpack(result),
                rows=None if rows_text is None else json.loads(rows_text),
            )

    def paths_with_status(self, status: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM reports WHERE status = ? ORDER BY path", (status,))]

    # -- Batch API jobs ------------------------------------------------------------------------
    def add_job(self, kind: str, requests_file: str, requests: list[tuple[str, str, str]]) -> int:
        """Register a prepared job and its requests ``(custom_id, path, msg_hash)``; mark their reports
        ``submitted`` (one transaction)."""
        now = time.time()
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO jobs (kind, status, requests_file, requests, created, updated) VALUES (?, 'prepared', ?, ?, ?, ?)",
                (kind, requests_file, len(requests), now, now),
            )
            job = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT OR REPLACE INTO requests (custom_id, job, path, msg_hash, status) VALUES (?, ?, ?, ?, 'sent')",
                [(cid, job, path, h) for cid, path, h in requests],
            )
            db.executemany(
                "UPDATE reports SET status = 'submitted', job = ?, updated = ? WHERE path = ?",
                [(job, now, path) for path in sorted({p for _, p, _ in requests})],
            )
        return job

    def update_job(self, job: int, **fields: Any) -> None:
        fields["updated"] = time.time()
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*fields.values(), job))

    def jobs(self, statuses: Sequence[str] | None = None) -> list[dict[str, Any]]:
        cols = ("id", "kind", "status", "requests_file", "requests", "input_file_id", "batch_id", "remote_status",
                "output_file_id", "error_file_id", "detail")
        query = f"SELECT {', '.join(cols)} FROM jobs"
        args: tuple[str, ...] = ()
        if statuses:
            query += f" WHERE status IN ({','.join('?' * len(statuses))})"
            args = tuple(statuses)
        return [dict(zip(cols, row, strict=True)) for row in self.db.execute(query + " ORDER BY id", args)]

    def store_answers(self, answers: Sequence[tuple[str, str | None, str | None]]) -> int:
        """``(custom_id, response body JSON or None, error or None)``; unknown ids are ignored.
        Returns how many requests were updated."""
        n = 0
        with self.transaction() as db:
            for custom_id, body, error in answers:
                cur = db.execute(
                    "UPDATE requests SET status = ?, answer = ?, error = ? WHERE custom_id = ?",
                    ("answered" if body is not None else "failed", None if body is None else pack(body), error, custom_id),
                )
                n += cur.rowcount
        return n

    def fail_job_requests(self, job: int, error: str) -> None:
        self.db.execute("UPDATE requests SET status = 'failed', error = ? WHERE job = ? AND status = 'sent'", (error, job))

    def job_open_requests(self, job: int) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM requests WHERE job = ? AND status = 'sent'", (job,)).fetchone()
        return int(row[0])

    def report_answers(self, path: str) -> dict[str, tuple[str | None, str | None]]:
        """msg_hash -> (response body JSON, error) of every resolved request of a report."""
        out: dict[str, tuple[str | None, str | None]] = {}
        for msg_hash, status, answer, error in self.db.execute(
            "SELECT msg_hash, status, answer, error FROM requests WHERE path = ?", (path,)
        ):
            if status != "sent":
                out[msg_hash] = (unpack(answer), error)
        return out

    def submitted_ready(self) -> list[str]:
        """Submitted reports none of whose requests is still waiting for an answer."""
        return [
            r[0]
            for r in self.db.execute(
                """SELECT path FROM reports WHERE status = 'submitted' AND NOT EXISTS
                   (SELECT 1 FROM requests q WHERE q.path = reports.path AND q.status = 'sent') ORDER BY path"""
            )
        ]

    def forget_requests(self, paths: Sequence[str]) -> None:
        self.db.executemany("DELETE FROM requests WHERE path = ?", [(p,) for p in paths])
