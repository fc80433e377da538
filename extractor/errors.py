"""The one base class of every problem nianbao reports to a user as one line.

A :class:`NianbaoError` is a problem with the input, the options or the environment (a file that cannot
be read, a bad setting, a missing model, a busy output folder): ``str(error)`` is one line meant for the
user, and the command line prints it as ``nianbao: error: …`` with exit status ``exit_code`` (2).  Each
layer raises its own subclass (``LoadError``, ``ConfigError``, ``PromptError`` …); anything else that
escapes is a bug (exit status 3).
"""

from __future__ import annotations

__all__ = ["NianbaoError"]


class NianbaoError(Exception):
    """A problem the user can fix, said in one line; the command line exits with ``exit_code``."""

    exit_code = 2
