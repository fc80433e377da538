"""Progress on the terminal: a rich progress bar with rate, ETA, errors so far and tokens spent.

When stderr is not a terminal (CI logs, ``2> file``) a plain line is printed every ``every_s`` seconds
and at the end instead, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _RateColumn(ProgressColumn):
    """Reports per minute over rich's sliding window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- /min" if not speed else f"{speed * 60:,.1f}/min", style="progress.data.speed")


class BatchProgress:
    def __init__(
        self,
        total: int,
        description: str,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        every_s: float = 30.0,
    ) -> None:
        self.total = total
        self.description = description
        self.done = 0
        self.errors = 0
        self.tokens = 0
        self._stream = stream or sys.stderr
        self._every_s = every_s
        self._started = time.monotonic()
        self._last_line = self._started
        self._enabled = enabled and total > 0
        self._rich: Progress | None = None
        self._task = None
        if self._enabled and self._stream.isatty():
            self._rich = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("[red]{task.fields[errors]} errors"),
                TextColumn("{task.fields[tokens]:,} tokens"),
                console=Console(file=self._stream),
                speed_estimate_period=120,
            )
            self._task = self._rich.add_task(description, total=total, errors=0, tokens=0)
            self._rich.start()

    def advance(self, *, error: bool = False) -> None:
        self.done += 1
        self.errors += int(error)
        if self._rich is not None and self._task is not None:
            self._rich.update(self._task, advance=1, errors=self.errors, tokens=self.tokens)
        elif self._enabled and time.monotonic() - self._last_line >= self._every_s:
            self._line()

    def set_tokens(self, tokens: int) -> None:
        self.tokens = tokens
        if self._rich is not None and self._task is not None:
            self._rich.update(self._task, tokens=self.tokens)

    def _line(self) -> None:
        self._last_line = time.monotonic()
        elapsed = self._last_line - self._started
        rate = self.done / elapsed * 60 if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = f"{left / (rate / 60):.0f} s" if rate > 0 and left else "-"
        print(
            f"{self.description}: {self.done}/{self.total} reports · {rate:.1f}/min · ETA {eta} · "
            f"{self.errors} errors · {self.tokens:,} tokens",
            file=self._stream,
            flush=True,
        )

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
        elif self._enabled and self.done:
            self._line()
        self._enabled = False
