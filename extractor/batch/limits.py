"""The limits of a live batch: the stop flag, the batch token meter, and :class:`BoundedClient`, the typed
:class:`~extractor.llm.client.ChatClient` that applies them (and the concurrency limit) to every request."""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from typing_extensions import Unpack

from extractor.llm.client import ChatClient, ExtractionOutcome, ExtractOptions, OutcomeKind
from extractor.llm.usage import TokenBudget

__all__ = [
    "BatchStop", "BoundedClient", "MemoryGate", "ReportLimits", "ReportOverLimit", "StopKind", "StopSignal", "TokenMeter",
    "prepared_model",
]

T = TypeVar("T", bound=BaseModel)


# ---------------------------------------------------------------------------------------------
# stopping
# ---------------------------------------------------------------------------------------------
class BatchStop(Exception):
    """Raised instead of sending an LLM request once the batch must stop; the report stays pending."""


class StopKind(str, Enum):
    """Why a batch stopped scheduling reports."""

    SIGNAL = "signal"  # SIGINT/SIGTERM
    BUDGET = "budget"  # the batch token budget is spent
    UNREACHABLE = "unreachable"  # the LLM endpoint could not be reached, several reports in a row
    FAILED = "failed"  # a worker could not start or died


class StopSignal:
    """'Stop scheduling' flag with the first reason and kind given; over a ``multiprocessing`` event it is
    shared with the worker processes (the reason stays with the process that set it)."""

    def __init__(self, event: Any = None) -> None:
        self._event = event if event is not None else threading.Event()
        self.reason: str | None = None
        self.kind: StopKind | None = None

    def set(self, reason: str, kind: StopKind) -> None:
        if not self._event.is_set():
            self.reason, self.kind = reason, kind
            self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class ReportOverLimit(Exception):
    """One report is over a per-report limit: it is recorded as failed with this one-line reason."""


# What processing a report holds in memory at its peak, from the size of its file: at most 8.3 times a
# 20 MB HTML table, 6.6 times table rows, 4.7 times prose (benchmarks/parse_scaling.py), with room for the
# report JSON; plus what does not grow with the file (table regions and the narrative are read up to a
# fixed length).
MEMORY_PER_FILE_BYTE = 12
MEMORY_PER_REPORT = 64 * 1024 * 1024


def report_memory(size: int) -> int:
    """The memory a report of a ``size``-byte file needs at most (bytes)."""
    return MEMORY_PER_REPORT + MEMORY_PER_FILE_BYTE * size


def physical_memory() -> int | None:
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


class MemoryGate:
    """Memory for the reports in flight: a report reserves :func:`report_memory` of its file before it is
    read and waits while the reports in flight hold too much (several large files at once cannot exhaust
    the machine); a report that needs more than ``per_report`` bytes is refused with one line."""

    def __init__(self, total: int, per_report: int) -> None:
        self.total = total
        self.per_report = per_report
        self._used = 0
        self._cond = threading.Condition()

    def check(self, size: int) -> int:
        """The memory a file of ``size`` bytes needs; :class:`ReportOverLimit` when over the per-report limit."""
        need = report_memory(size)
        if need > self.per_report:
            raise ReportOverLimit(
                f"needs about {need / 2**20:,.0f} MiB to process ({MEMORY_PER_FILE_BYTE} x its {size / 2**20:.1f} MiB "
                f"and {MEMORY_PER_REPORT // 2**20} MiB), over the per-report memory limit of {self.per_report / 2**20:,.0f} MiB"
            )
        return need

    @contextmanager
    def reserve(self, size: int, stop: StopSignal | None = None) -> Iterator[None]:
        need = self.check(size)
        with self._cond:
            # one report always runs, however large (it passed the per-report limit)
            while self._used and self._used + need > self.total:
                if stop is not None and stop.is_set():
                    raise BatchStop(stop.reason or "stopped")
                self._cond.wait(0.2)
            self._used += need
        try:
            yield
        finally:
            with self._cond:
                self._used -= need
                self._cond.notify_all()


class ReportLimits:
    """The per-report limits of a batch: wall-clock seconds (None: none) and memory."""

    def __init__(self, seconds: float | None, memory: MemoryGate | None) -> None:
        self.seconds = seconds
        self.memory = memory

    def over_time(self, elapsed: float) -> str | None:
        if self.seconds is not None and elapsed > self.seconds:
            return f"over the per-report time limit of {self.seconds:g} s (took {elapsed:.0f} s)"
        return None


class TokenMeter:
    """Tokens spent by this run; ``limit`` None = no batch budget.  Over a ``multiprocessing.Value('q')``
    the count is shared by every worker process."""

    def __init__(self, limit: int | None, shared: Any = None) -> None:
        self.limit = limit
        self._shared = shared
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        if self._shared is not None:
            return int(self._shared.value)
        with self._lock:
            return self._used

    @property
    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    def describe(self) -> str:
        return f"batch token budget spent: {self.used:,} of {self.limit or 0:,} tokens"

    def charge(self, tokens: int) -> None:
        if self._shared is not None:
            with self._shared.get_lock():
                self._shared.value += tokens
            return
        with self._lock:
            self._used += tokens


class BoundedClient:
    """A :class:`~extractor.llm.client.ChatClient` around the batch's client with the batch's limits applied:
    at most ``concurrency`` requests in flight, the batch token budget and the stop flag checked before
    each request (:class:`BatchStop`), and per-thread timings of the current report."""

    def __init__(self, client: ChatClient, concurrency: int, meter: TokenMeter, stop: StopSignal) -> None:
        self.client = client
        self.meter = meter
        self.stop = stop
        self._slots = threading.BoundedSemaphore(concurrency)
        self._local = threading.local()

    @property
    def model(self) -> str:
        return self.client.model

    def new_budget(self) -> TokenBudget | None:
        return self.client.new_budget()

    def begin_report(self) -> None:
        self._local.llm_seconds = 0.0
        self._local.wait_seconds = 0.0
        self._local.unreachable = False

    def report_llm_seconds(self) -> float:
        """Time this thread's current report spent inside LLM requests."""
        return float(getattr(self._local, "llm_seconds", 0.0))

    def report_wait_seconds(self) -> float:
        """Time this thread's current report waited for a free request slot."""
        return float(getattr(self._local, "wait_seconds", 0.0))

    def report_unreachable(self) -> bool:
        """Whether a request of this thread's current report could not reach the endpoint."""
        return bool(getattr(self._local, "unreachable", False))

    def _check(self) -> None:
        if self.stop.is_set():
            raise BatchStop(self.stop.reason or "stopped")
        if self.meter.spent:
            self.stop.set(self.meter.describe(), StopKind.BUDGET)
            raise BatchStop(self.stop.reason or "stopped")

    def extract(
        self, messages: Sequence[Mapping[str, Any]], response_model: type[T], **options: Unpack[ExtractOptions]
    ) -> ExtractionOutcome[T]:
        self._check()
        queued = time.perf_counter()
        with self._slots:
            started = time.perf_counter()
            self._local.wait_seconds = self.report_wait_seconds() + started - queued
            self._check()
            outcome = self.client.extract(messages, prepared_model(response_model), **options)
            self._local.llm_seconds = self.report_llm_seconds() + time.perf_counter() - started
        if outcome.kind is OutcomeKind.UNREACHABLE:
            self._local.unreachable = True
        self.meter.charge(outcome.usage.total_tokens)
        return outcome


_PREPARED: dict[type, Any] = {}
_PREPARED_LOCK = threading.Lock()


def prepared_model(response_model: type[T]) -> type[T]:
    """``response_model`` as instructor prepares it for every request, built once.

    For each request instructor wraps the model in a new ``OpenAISchema`` subclass (``create_model``) and
    generates its JSON schema again: about 5 ms of CPU, a third of a report's CPU in a batch.  Handed a
    subclass of ``OpenAISchema`` it uses it as is (``instructor.utils.core.prepare_response_model``), so the
    batch passes the same wrapper, made once, whose ``model_json_schema()`` (no arguments: what instructor
    and the model profiles call) returns a copy of the schema computed once.  The requests are unchanged
    (``tests/test_batch_api.py`` compares them with instructor's own preparation); the parsed value is an
    instance of the wrapper, a subclass of ``response_model`` with its validators.
    """
    with _PREPARED_LOCK:
        if response_model not in _PREPARED:
            from instructor.processing.function_calls import OpenAISchema, openai_schema

            if issubclass(response_model, OpenAISchema):
                return response_model
            wrapper = openai_schema(response_model)
            schema = wrapper.model_json_schema()
            generate = wrapper.model_json_schema

            def model_json_schema(cls: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
                return copy.deepcopy(schema) if not args and not kwargs else generate(*args, **kwargs)

            wrapper.model_json_schema = classmethod(model_json_schema)
            _PREPARED[response_model] = wrapper
        return cast("type[T]", _PREPARED[response_model])
