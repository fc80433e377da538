"""Small helpers every layer shares: one-line messages and atomic file writes.

Nothing here knows about reports; every module may import it (it imports only the standard library).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = ["AtomicFile", "atomic_write", "error_line", "errors_line", "exc_message", "number_text", "one_edit_apart", "one_line"]


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` with every run of white space folded into one space; cut to ``limit`` characters with '…'."""
    flat = " ".join(str(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` with at most one character inserted, dropped or replaced, or two
    neighbours swapped ('讼诉'): the optimal string alignment distance is at most 1.

    Decided from the first position where the two differ, with slice comparisons (no edit-distance table, no
    import: the parser calls it for every candidate heading, and the command line starts faster without
    rapidfuzz); ``tests/test_util.py`` checks it against rapidfuzz's ``OSA`` on random strings.
    """
    if abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))  # (lengths may differ by one)
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def number_text(value: float) -> str:
    """A number as a person writes it: ``3`` for 3.0, ``1.5`` for 1.5."""
    return str(int(value)) if float(value).is_integer() else str(value)


def exc_message(exc: BaseException, limit: int | None = None) -> str:
    """An exception's message on one line; its type name when the message is empty."""
    return one_line(exc, limit) or type(exc).__name__


def error_line(exc: BaseException, limit: int | None = 300) -> str:
    """``Type: message`` of an exception on one line (the type alone when the message is empty)."""
    message = one_line(exc)
    return one_line(f"{type(exc).__name__}: {message}" if message else type(exc).__name__, limit)


def errors_line(
    errors: Iterable[Mapping[str, Any]], *, most: int | None = None, skip: Iterable[str] = (), root: str | None = None
) -> str:
    """Validation errors (pydantic's ``errors()`` dicts) as ``loc: msg; loc: msg`` on one line.

    ``most``: list at most that many and say how many more there are; ``skip``: location parts left out
    (e.g. ``body`` for request bodies); ``root``: the location shown for an error of the whole object
    (none: the message alone).
    """
    skipped = set(skip)
    items = list(errors)
    shown = items if most is None else items[:most]
    parts = []
    for error in shown:
        loc = ".".join(str(p) for p in error.get("loc", ()) if p not in skipped) or root
        parts.append(f"{loc}: {error.get('msg')}" if loc else str(error.get("msg")))
    more = f" (+{len(items) - len(shown)} more)" if len(items) > len(shown) else ""
    return one_line("; ".join(parts) + more)


class AtomicFile:
    """A file that appears at ``path`` whole or not at all.

    Written to a temporary name beside ``path`` (``.NAME.tmp``); :meth:`commit` flushes it to disk and
    renames it over ``path`` (``os.replace``), :meth:`abort` removes it.  As a context manager it commits
    when the block ends normally and aborts on an exception, so a reader or a killed process never sees
    half a file.
    """

    def __init__(self, path: str | os.PathLike[str], mode: str = "wb", **open_kwargs: Any) -> None:
        if not mode.startswith("w"):
            raise ValueError("AtomicFile writes: mode must start with 'w'")
        self.path = Path(path)
        self.temp = self.path.with_name(f".{self.path.name}.tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[Any] = open(self.temp, mode, **open_kwargs)  # noqa: SIM115 (closed in commit/abort)

    def write(self, data: Any) -> int:
        return int(self.handle.write(data))

    def commit(self) -> Path:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.path)
        return self.path

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically: see :class:`AtomicFile`."""
    with AtomicFile(path) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return out.path
