"""A SQLite cache of LLM answers: an unchanged rerun makes zero LLM calls.

Keys are sha256 digests of everything that decides an answer (document hash, chunk, prompt identity,
model, schema version); values are JSON.  Writes are committed at once (WAL journal), so an interrupted
run keeps every answer it paid for.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

from extractor.util import one_line


def default_cache_path() -> Path:
    home = Path(os.environ.get("NIANBAO_HOME") or Path.home() / ".cache" / "nianbao")
    return home / "llm_cache.sqlite"


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_COLUMNS = ("key", "value", "created")


def _warn(message: str) -> None:
    print(f"nianbao: warning: {message}", file=sys.stderr, flush=True)


class AnswerCache:
    """A cache and nothing more: a damaged or foreign file never stops a run nor changes a result.

    A file that is not a readable SQLite database of this cache is set aside when opened (renamed to
    ``NAME.damaged-TIME``, a fresh cache takes its place) or, when it is another program's database,
    left alone and not used; a read or write that fails later (a damaged page) turns the cache off for
    the rest of the run. Each is one warning line on stderr naming the file; every answer is then asked
    again, and nothing parsed depends on the cache.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except _Foreign as exc:
            _warn(f"answer cache {self.path} {exc}: not used (the run goes on without a cache)")
        except sqlite3.OperationalError as exc:  # cannot open, locked: not damage
            _warn(f"answer cache {self.path} cannot be opened ({one_line(exc, 120)}): the run goes on without a cache")
        except sqlite3.DatabaseError as exc:  # not a database, malformed
            self._set_aside(exc)
        except (OSError, sqlite3.Error) as exc:
            _warn(f"answer cache {self.path} cannot be opened ({one_line(exc, 120)}): the run goes on without a cache")

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "answers" not in tables:
                raise _Foreign(f"is another program's database (tables {', '.join(sorted(tables)[:5])})")
            if "answers" in tables:
                columns = tuple(row[1] for row in db.execute("PRAGMA table_info(answers)"))
                if columns != _COLUMNS:
                    raise _Foreign(f"holds an 'answers' table of another program (columns {', '.join(columns)})")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)")
            db.execute("SELECT COUNT(*) FROM (SELECT key FROM answers LIMIT 1)").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _rename(self) -> Path:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(self.path, aside)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        return aside

    def _set_aside(self, exc: BaseException) -> None:
        try:
            aside = self._rename()
            self._db = self._open()
        except (OSError, sqlite3.Error) as again:
            _warn(f"answer cache {self.path} is damaged ({one_line(exc, 120)}) and cannot be set aside "
                  f"({one_line(again, 120)}): the run goes on without a cache")
            return
        _warn(f"answer cache {self.path} is damaged ({one_line(exc, 120)}): set aside as {aside.name}, a new cache started")

    def _failed(self, exc: sqlite3.Error) -> None:
        """A read or write failed mid-run (the lock is held): the cache is off from now on."""
        db, self._db = self._db, None
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            db.close()
        note = ""
        if not isinstance(exc, sqlite3.OperationalError):  # damage: the next run starts a new cache
            with contextlib.suppress(OSError):
                note = f", set aside as {self._rename().name}"
        _warn(f"answer cache {self.path} failed ({one_line(exc, 120)}){note}: the run goes on without a cache")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> Any | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc)
                return None
        if not row:
            return None
        try:
            return json.loads(row[0])
        except (TypeError, ValueError):
            return None  # a damaged value is a miss

    def put(self, key: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False)
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute("INSERT OR REPLACE INTO answers (key, value, created) VALUES (?, ?, ?)", (key, data, time.time()))
            except sqlite3.Error as exc:
                self._failed(exc)

    def __len__(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            try:
                return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
            except sqlite3.Error as exc:
                self._failed(exc)
                return 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


class _Foreign(Exception):
    pass
