"""What the rest of nianbao needs of an LLM: the :class:`ChatClient` protocol and its :class:`ExtractionOutcome`.

A chat client asks a model for a pydantic ``response_model`` and never raises for model or endpoint
trouble: the outcome says what happened (:class:`OutcomeKind`), with a one-line error, the exact
:class:`~extractor.llm.usage.Usage`, every raw answer and the latency.  Implementations:

* :class:`extractor.llm.openai_client.LLMClient`: any OpenAI-compatible endpoint (instructor + openai);
* :mod:`extractor.llm.wrappers`: a concurrency limit, a recorder, a deferring stand-in (the Batch API);
* :class:`extractor.batch.batch_api.AnsweringClient`: answers from a collected Batch API job.

This module is light (no openai, no instructor), so the narrative stage can name the protocol without
loading an HTTP client.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypedDict, TypeVar

from pydantic import BaseModel, ValidationError
from typing_extensions import Unpack

from extractor.llm.tracing import GenerationSink
from extractor.llm.usage import TokenBudget, Usage
from extractor.util import error_line, errors_line, one_line

__all__ = [
    "ChatClient",
    "ExtractOptions",
    "ExtractionOutcome",
    "OutcomeKind",
    "using_validation_context",
    "validation_context",
    "validation_summary",
]

T = TypeVar("T", bound=BaseModel)


class OutcomeKind(str, Enum):
    """What became of one request for a structured answer."""

    OK = "ok"
    INVALID = "invalid"  # the answers failed validation after every re-ask
    TRUNCATED = "truncated"  # the answer hit the output-token limit
    BUDGET = "budget"  # the report's token budget is spent: nothing was sent
    UNREACHABLE = "unreachable"  # connection refused/reset, unknown host
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"  # the endpoint answered with an error status
    DEFERRED = "deferred"  # recorded to be answered later (Batch API submit)
    NO_ANSWER = "no_answer"  # no stored answer for the request (Batch API collect)
    FAILED = "failed"  # anything else

    @property
    def ends_report(self) -> bool:
        """No point asking again for the same report: the endpoint is down or the budget is spent."""
        return self in (OutcomeKind.UNREACHABLE, OutcomeKind.BUDGET)


@dataclass
class ExtractionOutcome(Generic[T]):
    """What one :meth:`ChatClient.extract` produced.  ``value`` is None exactly when ``error`` is set."""

    value: T | None
    usage: Usage
    error: str | None = None
    raw_outputs: list[str] = field(default_factory=list)
    latency_s: float = 0.0
    validation_errors: list[str] = field(default_factory=list)
    model: str | None = None
    kind: OutcomeKind = OutcomeKind.OK

    def __post_init__(self) -> None:
        if self.error is not None and self.kind is OutcomeKind.OK:
            self.kind = OutcomeKind.FAILED

    @property
    def ok(self) -> bool:
        return self.error is None


class ExtractOptions(TypedDict, total=False):
    """The keyword options of :meth:`ChatClient.extract` (a wrapper passes them on as ``**options``).

    ``validation_context`` reaches the model's validators (:func:`validation_context`); a failed
    validation is re-asked up to ``max_reasks`` times (default 2); ``token_budget`` is charged with every
    answer and, once spent, nothing more is sent; ``trace`` receives one
    :class:`~extractor.llm.tracing.Generation`, named ``name`` (default: the prompt name), with the
    prompt's name and version.
    """

    validation_context: dict[str, Any] | None
    max_reasks: int
    trace: GenerationSink | None
    token_budget: TokenBudget | None
    name: str | None
    prompt_name: str | None
    prompt_version: str | None


class ChatClient(Protocol):
    """One model behind one endpoint, asked for validated pydantic answers; thread-safe."""

    @property
    def model(self) -> str: ...

    def new_budget(self) -> TokenBudget | None:
        """A fresh per-report token budget (None: no budget)."""
        ...

    def extract(
        self, messages: Sequence[Mapping[str, Any]], response_model: type[T], **options: Unpack[ExtractOptions]
    ) -> ExtractionOutcome[T]:
        """Ask for a ``response_model``; never raises for model or endpoint trouble (see :class:`ExtractOptions`)."""
        ...


_VALIDATION_CONTEXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "nianbao_validation_context", default=None
)


def validation_context() -> dict[str, Any] | None:
    """The ``validation_context`` of the :meth:`ChatClient.extract` call running in this thread, if any."""
    return _VALIDATION_CONTEXT.get()


@contextmanager
def using_validation_context(context: dict[str, Any] | None) -> Iterator[None]:
    """Make ``context`` what :func:`validation_context` returns for the block.

    Not instructor's ``context=``: instructor renders every message as a Jinja template when given one,
    which would alter (or fail on) report text containing ``{{`` or ``{%``.  Validators read it here.
    """
    token = _VALIDATION_CONTEXT.set(context)
    try:
        yield
    finally:
        _VALIDATION_CONTEXT.reset(token)


def validation_summary(exc: BaseException | None) -> str:
    """One line: the first few pydantic errors behind ``exc`` (its causes followed) as ``loc: msg``."""
    if exc is None:
        return ""
    cur: BaseException | None = exc
    seen: set[int] = set()
    while cur is not None and not isinstance(cur, ValidationError) and id(cur) not in seen:
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    if isinstance(cur, ValidationError):
        return one_line(errors_line(cur.errors(include_url=False), most=3, root="(root)"), 300)
    return error_line(exc)
