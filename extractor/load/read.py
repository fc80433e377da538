"""Reading a report file: size limits, and :class:`LoadError`, the one error of the load stage."""

from __future__ import annotations

import stat
from pathlib import Path

from extractor.errors import NianbaoError
from extractor.util import exc_message

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class LoadError(NianbaoError):
    """A file that cannot be loaded; ``str(error)`` is a single line naming the file and the problem."""


def read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError(f"file not found: {name}") from None
    except ValueError as exc:  # e.g. an embedded NUL character
        raise LoadError(f"invalid path {name!r}: {exc_message(exc, 200)}") from None
    except OSError as exc:
        raise LoadError(f"cannot access {name}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(f"is a directory, not a file: {name}")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"not a regular file: {name}")
    if st.st_size > max_bytes:
        raise LoadError(f"file too large: {name} is {size_text(st.st_size)}, the limit is {size_text(max_bytes)}")
    if st.st_size == 0:
        raise LoadError(f"empty file: {name}")
    try:
        with open(path, "rb") as fh:
            # the size stat() gave, and one byte more to see growth: not a buffer of max_bytes per file
            data = fh.read(min(st.st_size, max_bytes) + 1)
            if len(data) > st.st_size:  # the file grew after stat(): read on, up to the limit
                data += fh.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise LoadError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise LoadError(f"file too large: {name} grew past the limit of {size_text(max_bytes)} while being read")
    if not data:
        raise LoadError(f"empty file: {name}")
    return data


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB ({n} bytes)"
    return f"{n} bytes"
