"""The :class:`~extractor.llm.client.ChatClient` for any OpenAI-compatible endpoint (openai + instructor).

``LLMClient.extract(messages, response_model, ...)`` returns an
:class:`~extractor.llm.client.ExtractionOutcome` holding the validated value or a one-line error (and its
:class:`~extractor.llm.client.OutcomeKind`), the exact token usage of every call made (re-asks included),
every raw model answer and the latency.  Validation failures are re-asked by instructor; transient
transport errors (timeout, connection refused/reset, 408/429/5xx) are retried separately with exponential
backoff (honouring ``Retry-After``) and never counted as re-asks.  Model quirks come from
:func:`~extractor.llm.profiles.profile_for` only.
"""

from __future__ import annotations

import contextvars
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.exceptions import ValidationError as InstructorValidationError
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    stop_any,
)
from tenacity.stop import stop_base

from extractor.llm.client import ExtractionOutcome, OutcomeKind, using_validation_context, validation_summary
from extractor.llm.deadline import (
    MAX_RESPONSE_BYTES,
    ResponseTooLarge,
    deadline_http_client,
    request_deadline,
)
from extractor.llm.profiles import ModelProfile, profile_for
from extractor.llm.settings import ConfigError, ProviderSettings
from extractor.llm.tracing import Generation, GenerationSink
from extractor.llm.usage import TokenBudget, Usage
from extractor.util import error_line, one_line

__all__ = ["LLMClient"]

T = TypeVar("T", bound=BaseModel)

_RETRY_AFTER_CAP_S = 60.0


class _BudgetExhausted(Exception):
    def __init__(self, budget: TokenBudget) -> None:
        super().__init__(
            f"token budget exhausted: {budget.used} of {budget.limit} tokens used for this report"
        )


class _ReportTimeUp(Exception):
    def __init__(self, budget: TokenBudget) -> None:
        super().__init__(f"the report's LLM time limit of {budget.time_limit_s or 0:g}s is spent")


class _TimeUp(stop_base):
    """Stop retrying once the report's time is spent."""

    def __init__(self, budget: TokenBudget | None) -> None:
        self.budget = budget

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.budget is not None and self.budget.expired


class _NotAnAnswer(Exception):
    """A 200 answer that is not a chat completion (an HTML page, a bare string, JSON of another API)."""


@dataclass
class _CallState:
    """What one extract() call has cost so far; reached from the wrapped create function via a ContextVar."""

    budget: TokenBudget | None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0  # instructor attempts = 1 + re-asks
    raw_outputs: list[str] = field(default_factory=list)
    validation_errors: list[str] = field(default_factory=list)

    def total(self) -> Usage:
        return self.usage + Usage(reasks=max(0, self.attempts - 1))


_CURRENT_CALL: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar(
    "nianbao_llm_call", default=None
)


_REASKABLE = (ValidationError, json.JSONDecodeError, InstructorValidationError)


class LLMClient:
    """One endpoint + model; thread-safe, reuse it for many calls."""

    def __init__(
        self,
        settings: ProviderSettings,
        *,
        profile: ModelProfile | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if settings.base_url is None:
            raise ConfigError(
                "no LLM endpoint configured: set NIANBAO_BASE_URL or use extractor.llm.connect.open_client()"
            )
        if not settings.model:
            raise ConfigError(f"no model name configured for {settings.base_url}: set NIANBAO_MODEL")
        self.settings = settings
        self.model: str = settings.model
        self.base_url: str = settings.base_url
        self.profile = profile or profile_for(settings.model, settings.base_url)
        self._sleep = sleep
        self._openai = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "not-needed",
            timeout=settings.timeout_s,
            max_retries=0,  # transient retries are ours (counted, Retry-After honoured)
            # timeout_s bounds a whole request (connect, first byte, body), not each socket read
            http_client=deadline_http_client(timeout=settings.timeout_s),
        )
        self._raw_create = self._openai.chat.completions.create
        # instructor.from_openai patches whatever `chat.completions.create` is at this moment, so every
        # HTTP request instructor makes (first try and re-asks) goes through our transient-retry wrapper.
        self._openai.chat.completions.create = self._create_with_transient_retries  # type: ignore[method-assign]
        self._instructor = instructor.from_openai(self._openai, mode=self.profile.mode)

    def new_budget(self) -> TokenBudget:
        """A fresh per-report budget of ``settings.token_budget_per_report`` tokens."""
        return TokenBudget(self.settings.token_budget_per_report, time_limit_s=self.settings.report_timeout_s)

    def close(self) -> None:
        self._openai.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public --------------------------------------------------------------------------------
    def extract(
        self,
        messages: Sequence[Mapping[str, Any]],
        response_model: type[T],
        *,
        validation_context: dict[str, Any] | None = None,
        max_reasks: int = 2,
        trace: GenerationSink | None = None,
        token_budget: TokenBudget | None = None,
        name: str | None = None,
        prompt_name: str | None = None,
        prompt_version: str | None = None,
    ) -> ExtractionOutcome[T]:
        """Ask the model for a ``response_model``; never raises for model/endpoint trouble.

        ``validation_context`` reaches the model's validators as ``info.context``.  A failed validation is
        re-asked (error fed back) up to ``max_reasks`` times.  ``token_budget``: when it is exhausted no
        request is sent (checked before every request, re-asks and retries included) and the tokens of
        every answer are charged to it.
        """
        if max_reasks < 0:
            raise ValueError("max_reasks must be >= 0")
        state = _CallState(budget=token_budget)
        started = time.perf_counter()
        value: T | None = None
        error: str | None = None
        kind = OutcomeKind.OK
        if token_budget is not None and token_budget.exhausted:
            error, kind = str(_BudgetExhausted(token_budget)), OutcomeKind.BUDGET
        elif token_budget is not None and token_budget.expired:
            error, kind = str(_ReportTimeUp(token_budget)), OutcomeKind.TIMEOUT
        else:
            hooks = Hooks()
            hooks.on("parse:error", lambda exc: state.validation_errors.append(validation_summary(exc)))
            reask_policy = Retrying(
                stop=stop_after_attempt(max_reasks + 1),
                retry=retry_if_exception_type(_REASKABLE),
                reraise=False,
            )
            token = _CURRENT_CALL.set(state)
            try:
                with using_validation_context(validation_context):
                    value = self._instructor.chat.completions.create(
                        model=self.model,
                        messages=[dict(m) for m in messages],  # instructor appends re-ask turns in place
                        response_model=response_model,
                        max_retries=reask_policy,
                        strict=self.profile.strict,
                        hooks=hooks,
                        **self.profile.request_params(response_model),
                    )
            except Exception as exc:  # every failure becomes a one-line error; KeyboardInterrupt passes
                error, kind = self._describe_error(exc, token_budget)
            finally:
                _CURRENT_CALL.reset(token)
        outcome: ExtractionOutcome[T] = ExtractionOutcome(
            value=_as_plain(value, response_model) if error is None else None,
            usage=state.total(),
            error=error,
            raw_outputs=list(state.raw_outputs),
            latency_s=time.perf_counter() - started,
            validation_errors=list(state.validation_errors),
            model=self.model,
            kind=kind,
        )
        if trace is not None:
            trace.generation(
                Generation(
                    name=name or prompt_name or response_model.__name__,
                    model=self.model,
                    input=list(messages),
                    output=outcome.raw_outputs[-1] if outcome.raw_outputs else None,
                    input_tokens=outcome.usage.input_tokens,
                    output_tokens=outcome.usage.output_tokens,
                    latency_s=outcome.latency_s,
                    prompt_name=prompt_name,
                    prompt_version=prompt_version,
                    validation_failures=outcome.validation_errors,
                    error=outcome.error,
                    metadata={
                        "profile": self.profile.name,
                        "calls": outcome.usage.calls,
                        "reasks": outcome.usage.reasks,
                        "transient_retries": outcome.usage.transient_retries,
                    },
                )
            )
        return outcome

    # -- internals -----------------------------------------------------------------------------
    def _create_with_transient_retries(self, *args: Any, **kwargs: Any) -> Any:
        state = _CURRENT_CALL.get()
        if state is None:  # called outside extract(): behave like the plain client
            return self._raw_create(*args, **kwargs)
        state.attempts += 1

        budget = state.budget

        def one_request() -> Any:
            if budget is not None and budget.exhausted:
                raise _BudgetExhausted(budget)
            if budget is not None and budget.expired:
                raise _ReportTimeUp(budget)
            with request_deadline(self.settings.timeout_s, until=budget.deadline if budget is not None else None):
                response = self._raw_create(*args, **kwargs)
            if not isinstance(getattr(response, "choices", None), list):
                raise _NotAnAnswer(_not_an_answer(response))
            return response

        def before_sleep(_: RetryCallState) -> None:
            state.usage += Usage(transient_retries=1)

        retrying = Retrying(
            stop=stop_any(stop_after_attempt(self.settings.max_transient_retries + 1), _TimeUp(budget)),
            retry=retry_if_exception(_is_transient),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        response = retrying(one_request)
        self._record(state, response)
        return response

    def _wait(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome is not None else None
        retry_after = _retry_after_seconds(exc) if exc is not None else None
        if retry_after is not None:
            return min(retry_after, _RETRY_AFTER_CAP_S)
        backoff = self.settings.retry_backoff_s * (2 ** (retry_state.attempt_number - 1))
        return float(min(backoff, self.settings.retry_backoff_max_s))

    def _record(self, state: _CallState, response: Any) -> None:
        usage = getattr(response, "usage", None)
        answer = Usage(
            input_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            calls=1,
        )
        state.usage += answer
        if state.budget is not None:
            state.budget.charge(answer.total_tokens)
        state.raw_outputs.append(_raw_text(response))

    def _describe_error(self, exc: BaseException, budget: TokenBudget | None = None) -> tuple[str, OutcomeKind]:
        if isinstance(exc, InstructorRetryException):
            last = exc.__cause__
            inner = getattr(last, "last_attempt", None)
            cause = inner.exception() if inner is not None else None
            n = exc.n_attempts
            detail = validation_summary(cause) if cause is not None else one_line(str(exc).splitlines()[-1], 300)
            return f"model output failed validation after {n} attempt{'s' if n != 1 else ''}: {detail}", OutcomeKind.INVALID
        if isinstance(exc, _BudgetExhausted):
            return str(exc), OutcomeKind.BUDGET
        if isinstance(exc, _ReportTimeUp) or (isinstance(exc, openai.APITimeoutError) and budget is not None and budget.expired):
            return f"LLM request to {self.base_url} stopped: {_ReportTimeUp(budget) if budget else exc}", OutcomeKind.TIMEOUT
        if isinstance(exc, _NotAnAnswer):
            return f"LLM endpoint {self.base_url} answered with something other than a chat completion: {exc}", OutcomeKind.HTTP_ERROR
        if _caused_by(exc, ResponseTooLarge):
            return f"LLM endpoint {self.base_url} sent a response larger than {MAX_RESPONSE_BYTES // 2**20} MiB", OutcomeKind.HTTP_ERROR
        if isinstance(exc, IncompleteOutputException):
            limit = self.profile.max_output_tokens
            return f"model output truncated at the output-token limit ({limit}) by {self.base_url}", OutcomeKind.TRUNCATED
        if isinstance(exc, openai.APITimeoutError):
            timeout = self.settings.timeout_s
            return f"LLM request to {self.base_url} timed out after {timeout:g}s{self._tries()}", OutcomeKind.TIMEOUT
        if isinstance(exc, openai.APIConnectionError):
            reason = f"{_connection_reason(exc)}{self._tries()}"
            return f"cannot reach LLM endpoint {self.base_url}: {reason}", OutcomeKind.UNREACHABLE
        if isinstance(exc, openai.APIStatusError):
            message = one_line(_api_error_message(exc), 200)
            return f"LLM endpoint {self.base_url} answered HTTP {exc.status_code}: {message}", OutcomeKind.HTTP_ERROR
        return f"LLM call failed: {error_line(exc, 200)}", OutcomeKind.FAILED

    def _tries(self) -> str:
        n = self.settings.max_transient_retries
        return f" ({n + 1} tries)" if n else ""


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, kind):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _not_an_answer(response: object) -> str:
    """What came instead of a chat completion, in a few words (never a Python attribute error)."""
    if isinstance(response, str):
        return f"text {one_line(response, 80)!r}"
    if isinstance(response, BaseModel):
        keys = sorted((response.model_extra or {}).keys() | response.model_fields_set)
        return f"JSON with keys {', '.join(keys[:8]) or 'none'} and no choices"
    return f"a JSON {type(response).__name__}"


def _is_transient(exc: BaseException) -> bool:
    if _caused_by(exc, ResponseTooLarge):
        return False  # the same server would send the same flood again
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _retry_after_seconds(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _connection_reason(exc: BaseException) -> str:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cur, ConnectionResetError):
            return "connection reset"
        text = str(cur).lower()
        if "connection refused" in text or "errno 111" in text:
            return "connection refused"
        if "connection reset" in text or "errno 104" in text:
            return "connection reset"
        if "name or service not known" in text or "nodename nor servname" in text:
            return "host name not found"
        cur = cur.__cause__ or cur.__context__
    return one_line(exc, 160) or type(exc).__name__


def _api_error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        if isinstance(err, str):
            return err
    return exc.message


def _as_plain(value: Any, response_model: type[T]) -> T | None:
    """instructor returns an instance of a wrapped subclass of ``response_model`` (with its raw response
    attached); hand callers an instance of exactly ``response_model`` (so ``==`` and pickling behave),
    without validating again."""
    if value is None or type(value) is response_model or not isinstance(value, response_model):
        return value
    data = {name: getattr(value, name) for name in response_model.model_fields}
    if value.__pydantic_extra__:
        data.update(value.__pydantic_extra__)
    plain = response_model.model_construct(_fields_set=set(value.model_fields_set), **data)
    private = value.__pydantic_private__ or {}
    if response_model.__private_attributes__ and private:
        kept = {k: v for k, v in private.items() if k in response_model.__private_attributes__}
        object.__setattr__(plain, "__pydantic_private__", {**(plain.__pydantic_private__ or {}), **kept})
    return plain


def _raw_text(response: Any) -> str:
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return ""
    if getattr(message, "content", None):
        return str(message.content)
    tool_calls = getattr(message, "tool_calls", None) or []
    parts = [tc.function.arguments for tc in tool_calls if getattr(tc, "function", None)]
    return "\n".join(parts)
