"""What LLM calls cost: the :class:`Usage` value type, and the per-report :class:`TokenBudget`.

Every counter of tokens and calls in nianbao (a call's outcome, a chunk's record, a report's
``narrative.usage``, a batch run, an eval run's cost) is a :class:`Usage` or a model derived from it, and
adds up with ``+``: the counters both sides share (the fields of the closest :class:`Usage` class they
both are) are summed, everything else is kept from the left side.  ``sum(usages)`` works too.  ``Usage``
itself is a frozen value; the records built on it (a chunk's call, a report's usage, a run's stats) are
mutable as they always were, and ``+=`` adds into them in place.
"""

from __future__ import annotations

import threading
import time
from functools import cache

from pydantic import BaseModel, ConfigDict
from typing_extensions import Self

__all__ = ["TokenBudget", "Usage"]


class Usage(BaseModel):
    """Token and call counts.  ``calls`` = model answers received (HTTP 200), re-asks included;
    ``reasks`` = requests sent because the previous answer failed validation; ``transient_retries`` =
    requests repeated after a timeout/connection error/408/429/5xx."""

    model_config = ConfigDict(frozen=True)

    input_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    reasks: int = 0
    transient_retries: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Self:
        if not isinstance(other, Usage):
            return NotImplemented
        shared = _counters(_closest_common(type(self), type(other)))
        return self.model_copy(update={name: getattr(self, name) + getattr(other, name) for name in shared})

    def __radd__(self, other: object) -> Self:
        if other == 0:  # so that sum(usages) works
            return self
        return NotImplemented

    def __iadd__(self, other: Usage) -> Self:
        if self.model_config.get("frozen"):
            return self + other
        for name, value in (self + other):
            setattr(self, name, value)
        return self


def _closest_common(a: type[Usage], b: type[Usage]) -> type[Usage]:
    for cls in a.__mro__:
        if isinstance(cls, type) and issubclass(cls, Usage) and issubclass(b, cls):
            return cls
    return Usage


@cache
def _counters(cls: type[Usage]) -> tuple[str, ...]:
    """The fields of ``cls`` that add up: plain ``int`` and ``float`` fields (not bools, not optional)."""
    return tuple(name for name, info in cls.model_fields.items() if info.annotation in (int, float))


class TokenBudget:
    """The tokens one report may still spend, and the time: shared by all calls for that report (thread-safe).

    ``time_limit_s``: every LLM request of the report ends by then (:attr:`deadline`, monotonic), counted
    from the budget's creation, the start of the report's LLM work; None: no time limit."""

    def __init__(self, limit: int, *, time_limit_s: float | None = None) -> None:
        if limit <= 0:
            raise ValueError("token budget must be positive")
        self.limit = limit
        self.time_limit_s = time_limit_s
        self.deadline = None if time_limit_s is None else time.monotonic() + time_limit_s
        self._used = 0
        self._lock = threading.Lock()

    @property
    def expired(self) -> bool:
        """The report's time is up: no further request may be sent."""
        return self.deadline is not None and time.monotonic() >= self.deadline

    @property
    def used(self) -> int:
        with self._lock:
            return self._used

    @property
    def remaining(self) -> int:
        with self._lock:
            return max(0, self.limit - self._used)

    @property
    def exhausted(self) -> bool:
        return self.remaining <= 0

    def charge(self, tokens: int) -> None:
        with self._lock:
            self._used += tokens

    def __repr__(self) -> str:
        return f"TokenBudget(used={self.used}, limit={self.limit})"
