"""The ``nianbao`` command line: every argparse parser of the project, and nothing else.

One module per command: ``register(subparsers)`` declares its options (argparse only, imported for every
command) and a handler (``run(args)``) does the work, importing the library it needs inside, so that ``nianbao parse``
does not load the LLM stack.  Errors: a :class:`~extractor.errors.NianbaoError` (every user-fixable
problem, :class:`CliError` included) is one line on stderr and its ``exit_code`` (2), and so is a full disk
or a read-only folder (2); a KeyboardInterrupt 130; anything else 3 (``NIANBAO_DEBUG=1`` shows the traceback).

``nianbao batch INPUT`` and ``nianbao review OUT`` are short for ``batch run INPUT`` and ``review serve OUT``;
``batch collect`` and ``review export`` are sub-commands of their own.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from extractor import __version__
from extractor.cli import batch, evals, extract, parse, review
from extractor.cli.common import CliError, Subparsers, print_error
from extractor.errors import NianbaoError
from extractor.util import exc_message

__all__ = ["CliError", "build_parser", "main"]

# commands with sub-commands of their own; the first runs when the next word is none of them
SUBCOMMANDS = {"batch": ("run", "collect"), "review": ("serve", "export")}
REGISTER: tuple[Callable[[Subparsers], None], ...] = (
    parse.register, extract.register, batch.register, evals.register, review.register,
)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are a :class:`CliError` (one line, exit status 2)."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see: {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="nianbao", description="Checked data from 政府信息公开工作年度报告.")
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)  # sub-parsers are Parsers too
    for register in REGISTER:
        register(sub)
    return parser


def _with_default_subcommand(argv: list[str]) -> list[str]:
    """``batch INPUT …`` → ``batch run INPUT …``; ``review OUT`` → ``review serve OUT``."""
    if not argv or argv[0] not in SUBCOMMANDS:
        return argv
    names = SUBCOMMANDS[argv[0]]
    if len(argv) > 1 and (argv[1] in names or argv[1] in ("-h", "--help")):
        return argv
    return [argv[0], names[0], *argv[1:]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(_with_default_subcommand(list(sys.argv[1:] if argv is None else argv)))
        return int(args.handler(args) or 0)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except NianbaoError as exc:
        print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno not in _ENVIRONMENT_ERRNOS:
            return _internal_error(exc)
        # a full disk, a read-only or vanished folder: the user's to fix, one line naming what failed
        if exc.filename is None:
            _quiet_stdout()  # stdout is what could not be written: do not try again at exit
        where = f" {exc.filename}" if exc.filename else " the output"
        print(f"nianbao: error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not _sqlite_error(exc) or not any(words in str(exc) for words in ("disk is full", "readonly database", "disk I/O error")):
            return _internal_error(exc)
        print(f"nianbao: error: cannot write a database: {exc_message(exc)}", file=sys.stderr)
        return 2


def _sqlite_error(exc: BaseException) -> bool:
    """An ``sqlite3.OperationalError`` (sqlite3 is imported only by the commands that use a database)."""
    sqlite3 = sys.modules.get("sqlite3")
    return sqlite3 is not None and isinstance(exc, sqlite3.OperationalError)


_ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


def _quiet_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _internal_error(exc: Exception) -> int:
    if os.environ.get("NIANBAO_DEBUG"):
        raise exc
    print(
        f"nianbao: internal error: {exc.__class__.__name__}: {exc_message(exc)} (set NIANBAO_DEBUG=1 for details)",
        file=sys.stderr,
    )
    return 3
