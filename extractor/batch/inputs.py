"""Which files a batch reads: a folder (recursively), a glob, a list file, or single reports.

* a **folder**: every file below it whose extension the loader knows (``.txt .text .html .htm .shtml
  .xhtml .docx .pdf``); hidden files and folders are skipped; links are followed (a folder reached twice,
  by a loop or a second link, is read once); every folder skipped or unreadable is a notice;
* a **glob** (``'reports/**/*.pdf'``, quoted so the shell leaves it alone): every file it matches;
* a **list file**: ``@paths.txt``, or a file named ``*.list``/``*.lst``, or a text file whose every line
  names an existing file: one path per line, ``#`` comments and blank lines ignored, relative paths taken
  from the list file's folder (then from the working directory);
* anything else that is a file is one report.

Paths are made absolute (a report's identity in the batch state is its absolute path) and deduplicated;
the order is sorted within each INPUT.
"""

from __future__ import annotations

import glob as globlib
import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from extractor.errors import NianbaoError

REPORT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"})
LIST_SUFFIXES = frozenset({".list", ".lst"})
_GLOB_CHARS = frozenset("*?[")
_LIST_SNIFF_BYTES = 4 * 1024 * 1024


class InputError(NianbaoError, ValueError):
    """A batch INPUT that names nothing usable; the message is one line."""


class InputFile(BaseModel):
    path: str  # absolute
    size: int | None = None  # None when the file cannot be stat'ed (loading it will say why)
    mtime_ns: int | None = None


def discover(specs: Sequence[str], notices: list[str] | None = None) -> list[InputFile]:
    """The report files named by ``specs`` (folders, globs, list files, files), deduplicated.

    ``notices`` receives one line per folder that could not be read or was not followed (a link to a
    folder already read: a loop or a second way in), and one for the hidden folders skipped."""
    seen: set[str] = set()
    found: list[InputFile] = []
    notes = notices if notices is not None else []
    for spec in specs:
        for path in _expand(spec, notes):
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                found.append(_stat(key))
    if not found:
        raise InputError(f"no report files in {' '.join(specs)}")
    return found


def _expand(spec: str, notices: list[str]) -> list[str]:
    if spec.startswith("@") and len(spec) > 1:
        return _read_list(Path(spec[1:]))
    path = Path(spec)
    if path.is_dir():
        return _walk(path, notices)
    if path.is_file():
        if path.suffix.lower() in LIST_SUFFIXES:
            return _read_list(path)
        listed = _sniff_list(path)
        return listed if listed is not None else [str(path)]
    if _GLOB_CHARS & set(spec):
        matches = sorted(m for m in globlib.glob(spec, recursive=True) if os.path.isfile(m))
        if not matches:
            raise InputError(f"no file matches {spec}")
        return matches
    raise InputError(f"input not found: {spec}")


def _walk(folder: Path, notices: list[str]) -> list[str]:
    """Every report file below ``folder``. Links are followed, to files and folders, as ``nianbao parse``
    follows them; a folder reached a second time (a link loop, or two links to one folder) is read once.
    Nothing is left out silently: each unreadable or unfollowed folder is a notice."""
    out: list[str] = []
    hidden: list[str] = []
    visited: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        notices.append(f"cannot read folder {exc.filename}: {exc.strerror or exc}: its reports are not in the batch")

    try:
        st = folder.stat()
        visited.add((st.st_dev, st.st_ino))
    except OSError as exc:
        unreadable(exc)
        return out
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(root, d)
            if d.startswith("."):
                hidden.append(full)
                continue
            try:
                st = os.stat(full)
            except OSError as exc:  # a dangling link, or a folder that vanished
                notices.append(f"cannot read folder {full}: {exc.strerror or exc}: its reports are not in the batch")
                continue
            if (st.st_dev, st.st_ino) in visited:
                notices.append(f"not following {full}: it leads to a folder already read (a link loop or a second link)")
                continue
            visited.add((st.st_dev, st.st_ino))
            keep.append(d)
        dirs[:] = keep
        for name in files:  # a dangling link may have been a folder: say so (a report-named one fails to load)
            full = os.path.join(root, name)
            if os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES and os.path.islink(full) and not os.path.exists(full):
                notices.append(f"cannot follow {full}: a link to {os.readlink(full)}, which does not exist")
        out += [
            os.path.join(root, name)
            for name in sorted(files)
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in REPORT_SUFFIXES
        ]
    if hidden:
        shown = ", ".join(hidden[:3]) + (f" and {len(hidden) - 3} more" if len(hidden) > 3 else "")
        notices.append(f"skipped {len(hidden)} hidden folder{'s' if len(hidden) > 1 else ''} (name starting with '.'): {shown}")
    return sorted(out)


def _read_list(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"list file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read list file {path}: {_reason(exc)}") from None
    out: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        resolved = _resolve_listed(path, entry)
        if resolved is None:
            raise InputError(f"{path}:{n}: file not found: {entry}")
        out.append(resolved)
    return out


def _sniff_list(path: Path) -> list[str] | None:
    """A plain file is a list file when every non-comment line names an existing file."""
    try:
        if path.stat().st_size > _LIST_SNIFF_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    entries = [line.strip() for line in text.splitlines()]
    entries = [e for e in entries if e and not e.startswith("#")]
    resolved: list[str] = []
    for entry in entries:  # stops at the first line that is not a file: a report is never read to its end
        found = _resolve_listed(path, entry)
        if found is None:
            return None
        resolved.append(found)
    return resolved or None


def _resolve_listed(list_path: Path, entry: str) -> str | None:
    if len(entry) > 4096 or "\x00" in entry:
        return None
    candidate = Path(os.path.expanduser(entry))
    options = [candidate] if candidate.is_absolute() else [list_path.parent / candidate, candidate]
    for option in options:
        try:
            if option.is_file():
                return str(option)
        except OSError:  # e.g. a report line far longer than a file name can be
            continue
    return None


def _stat(path: str) -> InputFile:
    try:
        st = os.stat(path)
    except OSError:
        return InputFile(path=path)
    return InputFile(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return getattr(exc, "strerror", None) or exc.__class__.__name__
