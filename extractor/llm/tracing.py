"""Langfuse tracing that costs nothing unless ``LANGFUSE_PUBLIC_KEY`` and ``LANGFUSE_SECRET_KEY`` are set.

::

    tracer = Tracer()                                   # reads the environment once
    with tracer.report("dt_2022.txt", {"pages": 7}) as rep:
        outcome = client.extract(messages, Model, trace=rep, prompt_name="table3", prompt_version="v2")

Every LLM call is handed over as one :class:`Generation` record to a :class:`GenerationSink` (a
:class:`ReportTrace`, or the :class:`Tracer` itself for calls outside a report).

Without both keys every method is a no-op: the ``langfuse`` package is not even imported, nothing is
printed, nothing is sent.  With the keys, a report is a Langfuse span and each LLM call a child
"generation" observation carrying the model, prompt name/version, token usage, latency and validation
failures (langfuse v3+ SDK, OpenTelemetry based; ``LANGFUSE_HOST``/``LANGFUSE_BASE_URL`` pick the server).
Tracing problems never break extraction: an SDK error is logged once and tracing switches itself off.
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from extractor.util import error_line

__all__ = ["Generation", "GenerationSink", "ReportTrace", "Tracer"]

_log = logging.getLogger("nianbao.tracing")
_CURRENT_SPAN: contextvars.ContextVar[Any | None] = contextvars.ContextVar("nianbao_trace_span", default=None)


@dataclass(frozen=True)
class Generation:
    """One finished LLM call as tracing records it: what was asked, what came back, what it cost."""

    name: str
    model: str | None
    input: Any = None
    output: Any = None
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    prompt_name: str | None = None
    prompt_version: str | None = None
    validation_failures: Sequence[str] = ()
    error: str | None = None
    metadata: Mapping[str, Any] | None = None


class GenerationSink(Protocol):
    """Anything that records a finished generation (a :class:`Tracer` or one of its :class:`ReportTrace`)."""

    def generation(self, gen: Generation) -> None: ...


class ReportTrace:
    """The trace of one report; pass it as ``trace=`` to a :class:`~extractor.llm.client.ChatClient`."""

    def __init__(self, tracer: Tracer, span: Any | None) -> None:
        self._tracer = tracer
        self._span = span

    @property
    def enabled(self) -> bool:
        return self._span is not None and self._tracer.enabled

    def generation(self, gen: Generation) -> None:
        if self.enabled:
            self._tracer._record_generation(self._span, gen)

    def update(self, *, output: Any = None, metadata: Mapping[str, Any] | None = None) -> None:
        """Attach the report's result (e.g. a summary of checks) to its span."""
        span = self._span
        if span is None or not self.enabled:
            return
        self._tracer._call(lambda: span.update(output=output, metadata=dict(metadata or {})))


class Tracer:
    """Langfuse when both keys are set, otherwise a silent no-op.

    ``client`` injects an SDK client (or a stand-in with the same methods) and enables tracing
    regardless of the environment; ``env`` replaces ``os.environ`` for the key lookup.
    """

    def __init__(self, *, client: Any | None = None, env: Mapping[str, str] | None = None) -> None:
        environ = os.environ if env is None else env
        self._public_key = (environ.get("LANGFUSE_PUBLIC_KEY") or "").strip()
        self._secret_key = (environ.get("LANGFUSE_SECRET_KEY") or "").strip()
        self._host = (environ.get("LANGFUSE_HOST") or environ.get("LANGFUSE_BASE_URL") or "").strip() or None
        self._client = client
        self._enabled = client is not None or bool(self._public_key and self._secret_key)
        self._failed = False

    @property
    def enabled(self) -> bool:
        return self._enabled and not self._failed

    # -- public --------------------------------------------------------------------------------
    @contextmanager
    def report(self, name: str, metadata: Mapping[str, Any] | None = None) -> Iterator[ReportTrace]:
        """A span around everything done for one report; LLM generations inside attach to it."""
        if not self.enabled:
            yield ReportTrace(self, None)
            return
        client = self._sdk()
        cm = (
            self._call(
                lambda: client.start_as_current_observation(
                    name=name, as_type="span", metadata=dict(metadata or {})
                )
            )
            if client is not None
            else None
        )
        if cm is None:
            yield ReportTrace(self, None)
            return
        span = self._call(cm.__enter__)
        token = _CURRENT_SPAN.set(span)
        exc_info: tuple[Any, Any, Any] = (None, None, None)
        try:
            yield ReportTrace(self, span)
        except BaseException as exc:
            exc_info = (type(exc), exc, exc.__traceback__)
            if span is not None:
                message = error_line(exc)
                self._call(lambda: span.update(level="ERROR", status_message=message))
            raise
        finally:
            _CURRENT_SPAN.reset(token)
            self._call(lambda: cm.__exit__(*exc_info))

    def generation(self, gen: Generation) -> None:
        """Record one LLM call (under the current report, if any)."""
        if self.enabled:
            self._record_generation(_CURRENT_SPAN.get(), gen)

    def flush(self) -> None:
        """Send what is buffered (the SDK also flushes at interpreter exit)."""
        if self.enabled and self._client is not None:
            self._call(self._client.flush)

    # -- internals -----------------------------------------------------------------------------
    def _sdk(self) -> Any | None:
        if self._client is None:
            try:
                from langfuse import Langfuse  # imported only when tracing is on

                kwargs: dict[str, Any] = {"public_key": self._public_key, "secret_key": self._secret_key}
                if self._host:
                    kwargs["host"] = self._host
                self._client = Langfuse(**kwargs)
            except Exception as exc:
                self._disable(exc)
                return None
        return self._client

    def _record_generation(self, parent: Any | None, gen: Generation) -> None:
        owner = parent if parent is not None else self._sdk()
        if owner is None:
            return
        failures = list(gen.validation_failures)
        meta = {
            **dict(gen.metadata or {}),
            "prompt_name": gen.prompt_name,
            "prompt_version": gen.prompt_version,
            "latency_s": round(gen.latency_s, 3),
            "validation_failures": failures,
        }
        if gen.error:
            level, status = "ERROR", gen.error
        elif failures:
            level, status = "WARNING", f"{len(failures)} validation failure(s), re-asked"
        else:
            level, status = "DEFAULT", None

        def record() -> None:
            observation = owner.start_observation(
                name=gen.name,
                as_type="generation",
                model=gen.model,
                input=gen.input,
                output=gen.output,
                metadata=meta,
                version=gen.prompt_version,
                usage_details={
                    "input": int(gen.input_tokens),
                    "output": int(gen.output_tokens),
                    "total": int(gen.input_tokens) + int(gen.output_tokens),
                },
                level=level,
                status_message=status,
            )
            observation.end()

        self._call(record)

    def _call(self, fn: Any) -> Any:
        if self._failed:
            return None
        try:
            return fn()
        except Exception as exc:
            self._disable(exc)
            return None

    def _disable(self, exc: BaseException) -> None:
        if not self._failed:
            self._failed = True
            _log.warning("Langfuse tracing switched off after an error: %s: %s", type(exc).__name__, exc)
