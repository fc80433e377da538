"""Chat clients that wrap or stand in for another: a recorder, and the deferring stand-in of the Batch API.

Each is a typed :class:`~extractor.llm.client.ChatClient`, so the narrative stage takes it as it takes an
:class:`~extractor.llm.openai_client.LLMClient` (the batch's concurrency limit,
:class:`extractor.batch.limits.BoundedClient`, is one too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from typing_extensions import Unpack

from extractor.llm.client import ChatClient, ExtractionOutcome, ExtractOptions, OutcomeKind
from extractor.llm.usage import TokenBudget, Usage

__all__ = ["DEFERRED", "DeferringClient", "RecordedCall", "RecordingClient"]

T = TypeVar("T", bound=BaseModel)

DEFERRED = "deferred to the Batch API"


@dataclass(frozen=True)
class RecordedCall:
    """One request as it was made, with what came back."""

    messages: list[dict[str, Any]]
    response_model: type[BaseModel]
    validation_context: dict[str, Any] | None
    name: str | None
    outcome: ExtractionOutcome[Any]


class RecordingClient:
    """Passes every request to ``inner`` and keeps each one (:class:`RecordedCall`) in ``calls``."""

    def __init__(self, inner: ChatClient) -> None:
        self.inner = inner
        self.calls: list[RecordedCall] = []

    @property
    def model(self) -> str:
        return self.inner.model

    def new_budget(self) -> TokenBudget | None:
        return self.inner.new_budget()

    def extract(
        self, messages: Sequence[Mapping[str, Any]], response_model: type[T], **options: Unpack[ExtractOptions]
    ) -> ExtractionOutcome[T]:
        outcome = self.inner.extract(messages, response_model, **options)
        self.calls.append(
            RecordedCall(
                [dict(m) for m in messages], response_model, options.get("validation_context"), options.get("name"), outcome
            )
        )
        return outcome

    def take(self) -> list[RecordedCall]:
        """The calls recorded since the last ``take``."""
        calls, self.calls = self.calls, []
        return calls


class DeferringClient:
    """Answers nothing (:data:`DEFERRED`): wrapped in a :class:`RecordingClient` while a batch is prepared,
    its requests become the lines of a Batch API job."""

    def __init__(self, model: str) -> None:
        self._model = model

    @property
    def model(self) -> str:
        return self._model

    def new_budget(self) -> TokenBudget | None:
        return None

    def extract(
        self, messages: Sequence[Mapping[str, Any]], response_model: type[T], **options: Unpack[ExtractOptions]
    ) -> ExtractionOutcome[T]:
        return ExtractionOutcome(value=None, usage=Usage(), error=DEFERRED, model=self._model, kind=OutcomeKind.DEFERRED)
