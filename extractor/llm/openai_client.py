"""LLM provider settings, the model-quirk registry and the one small client interface.

* :class:`ProviderSettings` — where the model is (``base_url``/``api_key``/``model``) and the limits
  (timeout, transient retries, token budget).  :meth:`ProviderSettings.resolve` applies the order
  explicit arguments > environment > TOML config file > ``None`` (= use the embedded local model).
* :func:`profile_for` — the ONLY place that branches on a model name or endpoint: which instructor
  ``Mode`` to use, extra request-body parameters, temperature, output-token cap.
* :class:`LLMClient` — ``extract(messages, response_model, ...)`` returns an :class:`ExtractionOutcome`
  holding the validated value or a one-line error, the exact token usage of every call made (re-asks
  included), every raw model answer and the latency.  Validation failures are re-asked by instructor;
  transient transport errors (timeout, connection refused/reset, 408/429/5xx) are retried separately
  with exponential backoff (honouring ``Retry-After``) and never counted as re-asks.
"""

from __future__ import annotations

import contextvars
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.exceptions import ValidationError as InstructorValidationError
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, retry_if_exception_type, stop_after_attempt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "ConfigError",
    "ExtractionOutcome",
    "GenerationSink",
    "LLMClient",
    "ModelProfile",
    "ProviderSettings",
    "TokenBudget",
    "Usage",
    "profile_for",
]

T = TypeVar("T", bound=BaseModel)

DEFAULT_CONFIG_FILE = "nianbao.toml"
_RETRY_AFTER_CAP_S = 60.0


class ConfigError(ValueError):
    """A configuration problem, with a one-line message meant for the user."""


# ---------------------------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------------------------
class ProviderSettings(BaseModel):
    """Where the LLM is and how patient to be with it.

    ``base_url is None`` means: no endpoint configured, use the embedded local model
    (:class:`extractor.local_model.EmbeddedServer` yields settings pointing at it).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout_s: float = Field(default=120.0, gt=0, description="per HTTP request")
    max_transient_retries: int = Field(default=4, ge=0)
    token_budget_per_report: int = Field(default=60_000, gt=0)
    retry_backoff_s: float = Field(default=1.0, ge=0, description="first transient-retry wait; doubles")
    retry_backoff_max_s: float = Field(default=30.0, ge=0)

    @property
    def uses_embedded_model(self) -> bool:
        return self.base_url is None

    def describe(self) -> str:
        """One line for logs; never shows the key."""
        if self.base_url is None:
            return "embedded local model"
        key = "set" if self.api_key else "none"
        return f"{self.model or '?'} at {self.base_url} (api key: {key})"

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str | None = None,
        timeout_s: float | None = None,
        max_transient_retries: int | None = None,
        token_budget_per_report: int | None = None,
        config_path: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> ProviderSettings:
        """Explicit arguments > environment > TOML file (``config_path`` or ``./nianbao.toml``, table
        ``[llm]``) > defaults.  Environment: ``NIANBAO_BASE_URL``/``NIANBAO_API_KEY``/``NIANBAO_MODEL``
        (falling back to ``OPENAI_BASE_URL``/``OPENAI_API_KEY``), ``NIANBAO_TIMEOUT_S``,
        ``NIANBAO_MAX_TRANSIENT_RETRIES``, ``NIANBAO_TOKEN_BUDGET``.

        Raises :class:`ConfigError` (one line) for a missing explicit config file, bad TOML or bad values.
        """
        environ = os.environ if env is None else env
        file_values = _load_toml_llm_table(config_path, cwd, environ)

        def env_first(*names: str) -> str | None:
            for name in names:
                value = environ.get(name)
                if value is not None and value.strip() != "":
                    return value.strip()
            return None

        env_values: dict[str, Any] = {
            "base_url": env_first("NIANBAO_BASE_URL", "OPENAI_BASE_URL"),
            "api_key": env_first("NIANBAO_API_KEY", "OPENAI_API_KEY"),
            "model": env_first("NIANBAO_MODEL"),
            "timeout_s": env_first("NIANBAO_TIMEOUT_S"),
            "max_transient_retries": env_first("NIANBAO_MAX_TRANSIENT_RETRIES"),
            "token_budget_per_report": env_first("NIANBAO_TOKEN_BUDGET"),
        }
        explicit: dict[str, Any] = {
            "base_url": base_url,
            "api_key": api_key,
            "model": model,
            "timeout_s": timeout_s,
            "max_transient_retries": max_transient_retries,
            "token_budget_per_report": token_budget_per_report,
        }
        merged: dict[str, Any] = {}
        for layer in (file_values, env_values, explicit):  # later layers win
            merged.update({k: v for k, v in layer.items() if v is not None})
        try:
            return cls(**merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"invalid LLM setting {loc}={first.get('input')!r}: {first['msg']}") from None


def _load_toml_llm_table(
    config_path: str | os.PathLike[str] | None,
    cwd: str | os.PathLike[str] | None,
    environ: Mapping[str, str],
) -> dict[str, Any]:
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
    else:
        path = Path(cwd or Path.cwd()) / DEFAULT_CONFIG_FILE
        if not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {_one_line(str(exc))}") from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [llm] must be a table")
    known = set(ProviderSettings.model_fields) | {"api_key_env"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown key(s) in [llm]: {', '.join(unknown)}")
    values = {k: v for k, v in table.items() if k != "api_key_env"}
    key_env = table.get("api_key_env")
    if key_env and "api_key" not in values:  # keep secrets out of the file: api_key_env = "DEEPSEEK_API_KEY"
        values["api_key"] = environ.get(str(key_env))
    return values


# ---------------------------------------------------------------------------------------------
# model quirks: the one registry
# ---------------------------------------------------------------------------------------------
class ModelProfile(BaseModel):
    """Everything that differs between models/endpoints.  Obtain it from :func:`profile_for` only."""

    model_config = ConfigDict(frozen=True)

    name: str
    mode: instructor.Mode
    extra_body: dict[str, Any] = Field(default_factory=dict)
    temperature: float | None = 0.0
    max_output_tokens: int | None = 2048
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    strict: bool = Field(
        default=True,
        description="instructor strict validation; with instructor 1.12 only strict=True turns invalid JSON "
        "into a re-ask (lax parsing raises a plain ValueError that is not re-asked)",
    )
    schema_in_response_format: bool = Field(
        default=False,
        description="send response_format={'type': 'json_object', 'schema': <response model schema>} so the "
        "server constrains decoding to the schema (llama-cpp-python turns it into a grammar)",
    )
    notes: str = ""

    def request_params(self, response_model: type[BaseModel] | None = None) -> dict[str, Any]:
        """The extra keyword arguments for ``chat.completions.create``."""
        params: dict[str, Any] = {}
        if self.temperature is not None:
            params["temperature"] = self.temperature
        if self.max_output_tokens is not None:
            params[self.max_tokens_param] = self.max_output_tokens
        body = dict(self.extra_body)
        if self.schema_in_response_format and response_model is not None:
            # extra_body is merged last into the request JSON, so this replaces instructor's
            # {"type": "json_object"}
            body["response_format"] = {"type": "json_object", "schema": response_model.model_json_schema()}
        if body:
            params["extra_body"] = body
        return params


_LLAMA_CPP = ModelProfile(
    name="llama.cpp-gguf",
    mode=instructor.Mode.JSON,
    extra_body={"repeat_penalty": 1.0},
    temperature=0.0,
    max_output_tokens=1024,
    schema_in_response_format=True,
    notes="llama-cpp-python server: rejects response_format json_schema and tool calls are unreliable with "
    "small Qwen2.5 GGUFs, so JSON mode (response_format json_object, with the model's schema, which it "
    "compiles to a decoding grammar); its default repeat_penalty 1.1 damages JSON with repeated keys/digits, "
    "so 1.0",
)
_OPENAI_REASONING = ModelProfile(
    name="openai-reasoning",
    mode=instructor.Mode.TOOLS,
    temperature=None,
    max_output_tokens=16_000,
    max_tokens_param="max_completion_tokens",
    notes="gpt-5*/o-series: only the default temperature; max_completion_tokens includes reasoning tokens",
)
_OPENAI_CHAT = ModelProfile(
    name="openai-chat",
    mode=instructor.Mode.TOOLS,
    temperature=0.0,
    max_output_tokens=4096,
    notes="gpt-4o/gpt-4.1 family: function calling is reliable",
)
_DEEPSEEK_REASONER = ModelProfile(
    name="deepseek-reasoner",
    mode=instructor.Mode.MD_JSON,
    temperature=None,
    max_output_tokens=8192,
    notes="deepseek-reasoner ignores temperature; no function calling, so JSON in the text",
)
_DEEPSEEK_CHAT = ModelProfile(
    name="deepseek-chat",
    mode=instructor.Mode.JSON,
    temperature=0.0,
    max_output_tokens=4096,
    notes="DeepSeek supports response_format json_object (the prompt must mention json: instructor's does)",
)
_QWEN_DASHSCOPE = ModelProfile(
    name="qwen-dashscope",
    mode=instructor.Mode.JSON,
    temperature=0.0,
    max_output_tokens=4096,
    notes="DashScope compatible-mode supports response_format json_object",
)
_QWEN3_DASHSCOPE = ModelProfile(
    name="qwen3-dashscope",
    mode=instructor.Mode.JSON,
    extra_body={"enable_thinking": False},
    temperature=0.0,
    max_output_tokens=4096,
    notes="Qwen3 on DashScope: non-streaming calls require enable_thinking=false",
)
_QWEN_OPENAI_COMPATIBLE = ModelProfile(
    name="qwen-openai-compatible",
    mode=instructor.Mode.JSON,
    temperature=0.0,
    max_output_tokens=2048,
    notes="Qwen behind vLLM/Ollama/other OpenAI-compatible servers: json_object is widely supported",
)
_GENERIC = ModelProfile(
    name="generic",
    mode=instructor.Mode.MD_JSON,
    temperature=0.0,
    max_output_tokens=2048,
    notes="unknown model: JSON in the answer text (optionally fenced) needs no server feature",
)


def profile_for(model_name: str | None, base_url: str | None = None) -> ModelProfile:
    """The quirk profile for a model on an endpoint.  The only place allowed to branch on model names."""
    name = (model_name or "").strip().lower()
    base = name.rsplit("/", 1)[-1]  # "openai/gpt-4o", "Qwen/Qwen2.5-7B-Instruct" → last part
    host = (urlsplit(base_url).hostname or "").lower() if base_url else ""

    if name.endswith(".gguf") or "gguf" in name:
        return _LLAMA_CPP
    if base.startswith(("gpt-5", "o1", "o3", "o4")):
        return _OPENAI_REASONING
    if base.startswith(("gpt-4", "gpt-3.5", "chatgpt")):
        return _OPENAI_CHAT
    if base.startswith("deepseek"):
        if "reasoner" in base or "-r1" in base:
            return _DEEPSEEK_REASONER
        return _DEEPSEEK_CHAT
    if base.startswith(("qwen", "qwq")):
        if host.endswith(("dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com")):
            return _QWEN3_DASHSCOPE if base.startswith("qwen3") else _QWEN_DASHSCOPE
        return _QWEN_OPENAI_COMPATIBLE
    return _GENERIC


# ---------------------------------------------------------------------------------------------
# usage, budget, outcome
# ---------------------------------------------------------------------------------------------
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

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            calls=self.calls + other.calls,
            reasks=self.reasks + other.reasks,
            transient_retries=self.transient_retries + other.transient_retries,
        )

    def __radd__(self, other: object) -> Usage:
        if other == 0:  # so that sum(usages) works
            return self
        if isinstance(other, Usage):
            return other + self
        return NotImplemented


class TokenBudget:
    """The tokens one report may still spend; shared by all calls for that report (thread-safe)."""

    def __init__(self, limit: int) -> None:
        if limit <= 0:
            raise ValueError("token budget must be positive")
        self.limit = limit
        self._used = 0
        self._lock = threading.Lock()

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


@dataclass
class ExtractionOutcome(Generic[T]):
    """What one :meth:`LLMClient.extract` produced.  ``value`` is None exactly when ``error`` is set."""

    value: T | None
    usage: Usage
    error: str | None = None
    raw_outputs: list[str] = field(default_factory=list)
    latency_s: float = 0.0
    validation_errors: list[str] = field(default_factory=list)
    model: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class GenerationSink(Protocol):
    """Anything that records a finished generation (e.g. ``extractor.tracing.Tracer`` or its report)."""

    def generation(
        self,
        *,
        name: str,
        model: str | None,
        input: Any = None,
        output: Any = None,
        input_tokens: int = 0,
        output_tokens: int = 0,
        latency_s: float = 0.0,
        prompt_name: str | None = None,
        prompt_version: str | None = None,
        validation_failures: Sequence[str] = (),
        error: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> None: ...


# ---------------------------------------------------------------------------------------------
# the client
# ---------------------------------------------------------------------------------------------
class _BudgetExhausted(Exception):
    def __init__(self, budget: TokenBudget) -> None:
        super().__init__(
            f"token budget exhausted: {budget.used} of {budget.limit} tokens used for this report"
        )


@dataclass
class _CallState:
    """Counters for one extract() call; reached from the wrapped create function via a ContextVar."""

    budget: TokenBudget | None
    input_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    attempts: int = 0  # instructor attempts = 1 + re-asks
    transient_retries: int = 0
    raw_outputs: list[str] = field(default_factory=list)
    validation_errors: list[str] = field(default_factory=list)

    def usage(self) -> Usage:
        return Usage(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            calls=self.calls,
            reasks=max(0, self.attempts - 1),
            transient_retries=self.transient_retries,
        )


_CURRENT_CALL: contextvars.ContextVar[_CallState | None] = contextvars.ContextVar(
    "nianbao_llm_call", default=None
)

_VALIDATION_CONTEXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "nianbao_validation_context", default=None
)


def validation_context() -> dict[str, Any] | None:
    """The ``validation_context`` of the :meth:`LLMClient.extract` call running in this thread, if any."""
    return _VALIDATION_CONTEXT.get()


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
                "no LLM endpoint configured: set NIANBAO_BASE_URL or use extractor.local_model.open_client()"
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
        )
        self._raw_create = self._openai.chat.completions.create
        # instructor.from_openai patches whatever `chat.completions.create` is at this moment, so every
        # HTTP request instructor makes (first try and re-asks) goes through our transient-retry wrapper.
        self._openai.chat.completions.create = self._create_with_transient_retries  # type: ignore[method-assign]
        self._instructor = instructor.from_openai(self._openai, mode=self.profile.mode)

    def new_budget(self) -> TokenBudget:
        """A fresh per-report budget of ``settings.token_budget_per_report`` tokens."""
        return TokenBudget(self.settings.token_budget_per_report)

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
        if token_budget is not None and token_budget.exhausted:
            error = str(_BudgetExhausted(token_budget))
        else:
            hooks = Hooks()
            hooks.on("parse:error", lambda exc: state.validation_errors.append(_validation_summary(exc)))
            reask_policy = Retrying(
                stop=stop_after_attempt(max_reasks + 1),
                retry=retry_if_exception_type(_REASKABLE),
                reraise=False,
            )
            token = _CURRENT_CALL.set(state)
            # Not instructor's context=: instructor renders every message as a Jinja template when given
            # one, which would alter (or fail on) report text containing {{ or {%.  Validators read it here.
            context_token = _VALIDATION_CONTEXT.set(validation_context)
            try:
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
                error = self._describe_error(exc)
            finally:
                _CURRENT_CALL.reset(token)
                _VALIDATION_CONTEXT.reset(context_token)
        outcome: ExtractionOutcome[T] = ExtractionOutcome(
            value=_as_plain(value, response_model) if error is None else None,
            usage=state.usage(),
            error=error,
            raw_outputs=list(state.raw_outputs),
            latency_s=time.perf_counter() - started,
            validation_errors=list(state.validation_errors),
            model=self.model,
        )
        if trace is not None:
            trace.generation(
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
        return outcome

    # -- internals -----------------------------------------------------------------------------
    def _create_with_transient_retries(self, *args: Any, **kwargs: Any) -> Any:
        state = _CURRENT_CALL.get()
        if state is None:  # called outside extract(): behave like the plain client
            return self._raw_create(*args, **kwargs)
        state.attempts += 1

        def one_request() -> Any:
            if state.budget is not None and state.budget.exhausted:
                raise _BudgetExhausted(state.budget)
            return self._raw_create(*args, **kwargs)

        def before_sleep(_: RetryCallState) -> None:
            state.transient_retries += 1

        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_transient_retries + 1),
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
        state.calls += 1
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        state.input_tokens += prompt_tokens
        state.output_tokens += completion_tokens
        if state.budget is not None:
            state.budget.charge(prompt_tokens + completion_tokens)
        state.raw_outputs.append(_raw_text(response))

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, InstructorRetryException):
            last = exc.__cause__
            inner = getattr(last, "last_attempt", None)
            cause = inner.exception() if inner is not None else None
            n = exc.n_attempts
            detail = _validation_summary(cause) if cause is not None else _one_line(str(exc).splitlines()[-1])
            return f"model output failed validation after {n} attempt{'s' if n != 1 else ''}: {detail}"
        if isinstance(exc, _BudgetExhausted):
            return str(exc)
        if isinstance(exc, IncompleteOutputException):
            limit = self.profile.max_output_tokens
            return f"model output truncated at the output-token limit ({limit}) by {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            timeout = self.settings.timeout_s
            return f"LLM request to {self.base_url} timed out after {timeout:g}s{self._tries()}"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot reach LLM endpoint {self.base_url}: {_connection_reason(exc)}{self._tries()}"
        if isinstance(exc, openai.APIStatusError):
            return (
                f"LLM endpoint {self.base_url} answered HTTP {exc.status_code}: "
                f"{_one_line(_api_error_message(exc), 200)}"
            )
        return f"LLM call failed: {type(exc).__name__}: {_one_line(str(exc), 200)}"

    def _tries(self) -> str:
        n = self.settings.max_transient_retries
        return f" ({n + 1} tries)" if n else ""


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _is_transient(exc: BaseException) -> bool:
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
    return _one_line(str(exc), 160) or type(exc).__name__


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


def _validation_summary(exc: BaseException | None) -> str:
    """One line: the first few pydantic errors as ``loc: msg``."""
    if exc is None:
        return ""
    cur: BaseException | None = exc
    while cur is not None and not isinstance(cur, ValidationError):
        cur = cur.__cause__
    if isinstance(cur, ValidationError):
        parts: list[str] = []
        errors = cur.errors(include_url=False)
        for err in errors[:3]:
            loc = ".".join(str(p) for p in err["loc"]) or "(root)"
            parts.append(f"{loc}: {err['msg']}")
        more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
        return _one_line("; ".join(parts) + more, 300)
    return _one_line(f"{type(exc).__name__}: {exc}", 300)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
