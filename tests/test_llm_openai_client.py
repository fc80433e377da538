"""LLMClient, settings and profile resolution, proved against the loopback fake OpenAI server."""

from __future__ import annotations

import dataclasses
import socket
import time
from pathlib import Path
from typing import Any

import instructor
import openai
import pytest
from instructor.core.exceptions import InstructorRetryException
from pydantic import BaseModel, ValidationInfo, field_validator

from extractor.llm.client import validation_context
from extractor.llm.openai_client import LLMClient
from extractor.llm.profiles import profile_for
from extractor.llm.settings import ConfigError, ProviderSettings
from extractor.llm.tracing import Generation
from extractor.llm.usage import TokenBudget, Usage

try:
    from tests.fake_openai_server import FakeOpenAIServer, HttpError, Reply, fake_llm
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from fake_openai_server import FakeOpenAIServer, HttpError, Reply, fake_llm  # type: ignore[no-redef]

__all__ = ["fake_llm"]  # the fixture is used by name below

MESSAGES = [{"role": "user", "content": "办件数是多少？"}]
GGUF = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


class Count(BaseModel):
    total: int

    @field_validator("total")
    @classmethod
    def within_context_limit(cls, v: int, info: ValidationInfo) -> int:
        limit = (info.context or validation_context() or {}).get("max_total")
        if limit is not None and v > limit:
            raise ValueError(f"total {v} exceeds {limit}")
        return v


class Sleeps:
    """Records every backoff wait (and really sleeps it, so the timing is observable)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


def make_client(server: FakeOpenAIServer, sleeps: Sleeps | None = None, **overrides: Any) -> LLMClient:
    settings: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": "test-key",
        "model": GGUF,
        "timeout_s": 5.0,
        "max_transient_retries": 3,
        "retry_backoff_s": 0.05,
        "retry_backoff_max_s": 0.2,
    }
    settings.update(overrides)
    return LLMClient(ProviderSettings(**settings), sleep=sleeps or Sleeps())


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# re-asks
# ---------------------------------------------------------------------------------------------
def test_schema_breaking_json_is_reasked_then_succeeds(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(
        Reply('{"total": "many"}', prompt_tokens=100, completion_tokens=7),
        Reply('{"total": 42}', prompt_tokens=180, completion_tokens=5),
    )
    client = make_client(fake_llm)
    messages = [dict(m) for m in MESSAGES]
    out = client.extract(messages, Count)

    assert out.error is None and out.ok
    assert out.value == Count(total=42)
    assert out.usage == Usage(input_tokens=280, output_tokens=12, calls=2, reasks=1, transient_retries=0)
    assert out.raw_outputs == ['{"total": "many"}', '{"total": 42}']
    assert out.validation_errors == ["total: Input should be a valid integer"]
    assert out.latency_s > 0
    assert messages == MESSAGES  # the caller's list is not extended with re-ask turns

    first, second = fake_llm.requests
    assert first["model"] == GGUF
    # the re-ask carries the bad answer and the pydantic error back to the model
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assert second["messages"][-2] == {"role": "assistant", "content": '{"total": "many"}'}
    assert second["messages"][-1]["role"] == "user"
    assert "valid integer" in second["messages"][-1]["content"]


def test_non_json_answer_is_reasked(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(
        Reply("I think the total is 42.", prompt_tokens=10, completion_tokens=8),
        Reply('```json\n{"total": 42}\n```', prompt_tokens=30, completion_tokens=9),
    )
    out = make_client(fake_llm).extract(MESSAGES, Count)
    assert out.value == Count(total=42)
    assert out.usage == Usage(input_tokens=40, output_tokens=17, calls=2, reasks=1)
    assert len(out.validation_errors) == 1


def test_validator_keeps_failing_gives_error_after_max_reasks(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(*[Reply('{"total": 500}', prompt_tokens=50 + i, completion_tokens=6) for i in range(3)])
    out = make_client(fake_llm).extract(MESSAGES, Count, validation_context={"max_total": 100}, max_reasks=2)

    assert out.value is None
    assert (
        out.error
        == "model output failed validation after 3 attempts: total: Value error, total 500 exceeds 100"
    )
    assert "\n" not in out.error
    assert out.usage == Usage(input_tokens=153, output_tokens=18, calls=3, reasks=2)
    assert out.raw_outputs == ['{"total": 500}'] * 3
    assert len(out.validation_errors) == 3
    assert len(fake_llm.requests) == 3
    assert fake_llm.remaining == 0


def test_validation_context_reaches_validators(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 500}', 5, 5))
    out = make_client(fake_llm).extract(MESSAGES, Count, validation_context={"max_total": 1000})
    assert out.value == Count(total=500)


def test_zero_reasks_means_one_request(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply("nope", 5, 1), Reply('{"total": 1}', 5, 1))
    out = make_client(fake_llm).extract(MESSAGES, Count, max_reasks=0)
    assert out.value is None and out.error is not None
    assert out.error.startswith("model output failed validation after 1 attempt: ")
    assert out.usage == Usage(input_tokens=5, output_tokens=1, calls=1, reasks=0)
    assert len(fake_llm.requests) == 1


# ---------------------------------------------------------------------------------------------
# transient errors
# ---------------------------------------------------------------------------------------------
def test_429_then_success_honours_retry_after(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(HttpError(429, "slow down", retry_after=0.3), Reply('{"total": 3}', 20, 4))
    sleeps = Sleeps()
    client = make_client(fake_llm, sleeps)
    started = time.monotonic()
    out = client.extract(MESSAGES, Count)
    elapsed = time.monotonic() - started

    assert out.value == Count(total=3)
    assert out.usage == Usage(input_tokens=20, output_tokens=4, calls=1, reasks=0, transient_retries=1)
    assert sleeps.waits == [pytest.approx(0.3)]
    assert elapsed >= 0.3
    times = [r.received_at for r in fake_llm.all_requests if r.method == "POST"]
    assert times[1] - times[0] >= 0.3
    assert out.raw_outputs == ['{"total": 3}']


def test_500_then_success_uses_exponential_backoff(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(HttpError(500), HttpError(503), Reply('{"total": 9}', 11, 2))
    sleeps = Sleeps()
    out = make_client(fake_llm, sleeps).extract(MESSAGES, Count)
    assert out.value == Count(total=9)
    assert out.usage == Usage(input_tokens=11, output_tokens=2, calls=1, reasks=0, transient_retries=2)
    assert sleeps.waits == [pytest.approx(0.05), pytest.approx(0.1)]


def test_timeout_then_success(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1}', 1, 1, delay_s=3.0), Reply('{"total": 2}', 7, 3))
    out = make_client(fake_llm, timeout_s=0.5).extract(MESSAGES, Count)
    assert out.value == Count(total=2)
    assert out.usage == Usage(input_tokens=7, output_tokens=3, calls=1, reasks=0, transient_retries=1)
    assert out.raw_outputs == ['{"total": 2}']


def test_timeouts_exhausting_retries_give_one_line_error(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(*[Reply("{}", delay_s=2.0) for _ in range(2)])
    out = make_client(fake_llm, timeout_s=0.3, max_transient_retries=1).extract(MESSAGES, Count)
    assert out.value is None
    assert out.error == f"LLM request to {fake_llm.base_url} timed out after 0.3s (2 tries)"
    assert out.usage == Usage(transient_retries=1)


def test_transient_error_during_reask_is_not_a_reask(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(
        Reply('{"total": "x"}', 10, 2),
        HttpError(429, retry_after=0),
        Reply('{"total": 5}', 20, 3),
    )
    out = make_client(fake_llm).extract(MESSAGES, Count)
    assert out.value == Count(total=5)
    assert out.usage == Usage(input_tokens=30, output_tokens=5, calls=2, reasks=1, transient_retries=1)


def test_dead_port_gives_one_line_error() -> None:
    port = closed_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    client = LLMClient(ProviderSettings(base_url=base_url, model="m", max_transient_retries=0))
    out = client.extract(MESSAGES, Count)
    assert out.value is None
    assert out.error == f"cannot reach LLM endpoint {base_url}: connection refused"
    assert out.usage == Usage()

    sleeps = Sleeps()
    retrying = LLMClient(
        ProviderSettings(base_url=base_url, model="m", max_transient_retries=2, retry_backoff_s=0.01),
        sleep=sleeps,
    )
    out = retrying.extract(MESSAGES, Count)
    assert out.error == f"cannot reach LLM endpoint {base_url}: connection refused (3 tries)"
    assert out.usage == Usage(transient_retries=2)
    assert sleeps.waits == [pytest.approx(0.01), pytest.approx(0.02)]


def test_non_transient_http_error_is_not_retried(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(HttpError(401, "Incorrect API key provided"), Reply('{"total": 1}'))
    out = make_client(fake_llm).extract(MESSAGES, Count)
    assert out.error == f"LLM endpoint {fake_llm.base_url} answered HTTP 401: Incorrect API key provided"
    assert out.usage == Usage()
    assert len(fake_llm.requests) == 1


def test_truncated_output_is_reported(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1', 5, 1024, finish_reason="length"))
    out = make_client(fake_llm).extract(MESSAGES, Count)
    assert out.value is None
    assert out.error is not None and "truncated" in out.error
    assert out.usage == Usage(input_tokens=5, output_tokens=1024, calls=1)


# ---------------------------------------------------------------------------------------------
# token budget
# ---------------------------------------------------------------------------------------------
def test_exhausted_budget_sends_no_request(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1}', 1, 1))
    client = make_client(fake_llm, token_budget_per_report=100)
    budget = client.new_budget()
    assert budget.limit == 100
    budget.charge(100)
    out = client.extract(MESSAGES, Count, token_budget=budget)
    assert out.value is None
    assert out.error == "token budget exhausted: 100 of 100 tokens used for this report"
    assert fake_llm.requests == []
    assert out.usage == Usage()


def test_budget_is_charged_and_stops_reasks(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(
        Reply('{"total": "x"}', 10, 3), Reply('{"total": "y"}', 10, 3), Reply('{"total": 1}', 1, 1)
    )
    client = make_client(fake_llm)
    budget = TokenBudget(15)
    out = client.extract(MESSAGES, Count, token_budget=budget)
    assert out.error == "token budget exhausted: 26 of 15 tokens used for this report"
    assert budget.used == 26 and budget.exhausted
    assert len(fake_llm.requests) == 2
    assert out.usage == Usage(input_tokens=20, output_tokens=6, calls=2, reasks=2)


def test_budget_spans_calls(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1}', 30, 5), Reply('{"total": 2}', 30, 5))
    client = make_client(fake_llm)
    budget = TokenBudget(50)
    first = client.extract(MESSAGES, Count, token_budget=budget)
    assert first.ok and budget.remaining == 15
    second = client.extract(MESSAGES, Count, token_budget=budget)
    assert second.ok and budget.used == 70
    third = client.extract(MESSAGES, Count, token_budget=budget)
    assert not third.ok and len(fake_llm.requests) == 2


# ---------------------------------------------------------------------------------------------
# request shape, tools mode, tracing hook
# ---------------------------------------------------------------------------------------------
def test_llama_cpp_profile_shapes_the_request(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1}', 1, 1))
    make_client(fake_llm).extract(MESSAGES, Count)
    (body,) = fake_llm.requests
    # JSON mode, with the schema: llama-cpp-python compiles it into a decoding grammar
    assert body["response_format"] == {"type": "json_object", "schema": Count.model_json_schema()}
    assert body["repeat_penalty"] == 1.0
    assert body["temperature"] == 0.0
    assert body["max_tokens"] == 1024
    assert "tools" not in body
    assert fake_llm.all_requests[0].headers.get("Authorization") == "Bearer test-key"


def test_openai_tools_mode_round_trip(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": "x"}', 9, 4), Reply('{"total": 8}', 12, 4))
    out = make_client(fake_llm, model="gpt-4o-mini").extract(MESSAGES, Count)
    assert out.value == Count(total=8)
    assert out.usage == Usage(input_tokens=21, output_tokens=8, calls=2, reasks=1)
    body = fake_llm.requests[0]
    assert body["tools"][0]["function"]["name"] == "Count"
    assert "repeat_penalty" not in body


def test_gpt5_request_has_no_temperature(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply('{"total": 1}', 1, 1))
    make_client(fake_llm, model="gpt-5-mini").extract(MESSAGES, Count)
    (body,) = fake_llm.requests
    assert "temperature" not in body
    assert body["max_completion_tokens"] == 16_000


def test_trace_sink_receives_the_generation(fake_llm: FakeOpenAIServer) -> None:
    calls: list[dict[str, Any]] = []

    class Sink:
        def generation(self, gen: Generation) -> None:
            calls.append(dataclasses.asdict(gen))

    fake_llm.script(Reply('{"total": "x"}', 10, 3), Reply('{"total": 4}', 12, 2))
    out = make_client(fake_llm).extract(
        MESSAGES, Count, trace=Sink(), prompt_name="table3", prompt_version="v2"
    )
    assert out.ok
    (gen,) = calls
    assert gen["name"] == "table3"
    assert gen["model"] == GGUF
    assert (gen["input_tokens"], gen["output_tokens"]) == (22, 5)
    assert gen["prompt_version"] == "v2"
    assert gen["validation_failures"] == ["total: Input should be a valid integer"]
    assert gen["output"] == '{"total": 4}'
    assert gen["error"] is None
    assert gen["metadata"]["reasks"] == 1


def test_instructor_accumulated_usage_matches_per_call_sum(fake_llm: FakeOpenAIServer) -> None:
    """Documents the installed instructor's behaviour our counting relies on/agrees with: the completion
    returned on success and InstructorRetryException.total_usage carry the sum over all attempts."""
    fake_llm.script(Reply('{"total": "x"}', 100, 7), Reply('{"total": 1}', 180, 5))
    raw = openai.OpenAI(base_url=fake_llm.base_url, api_key="k", max_retries=0)
    client = instructor.from_openai(raw, mode=instructor.Mode.JSON)
    value, completion = client.chat.completions.create_with_completion(
        model="m", messages=list(MESSAGES), response_model=Count, max_retries=2
    )
    assert value.total == 1 and isinstance(value, Count)
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (280, 12)

    fake_llm.script(Reply('{"total": "x"}', 3, 1), Reply('{"total": "y"}', 4, 2))
    with pytest.raises(InstructorRetryException) as info:
        client.chat.completions.create(
            model="m", messages=list(MESSAGES), response_model=Count, max_retries=2
        )
    assert (info.value.total_usage.prompt_tokens, info.value.total_usage.completion_tokens) == (7, 3)


# ---------------------------------------------------------------------------------------------
# Usage arithmetic
# ---------------------------------------------------------------------------------------------
def test_usage_adds_up() -> None:
    a = Usage(input_tokens=1, output_tokens=2, calls=1, reasks=0, transient_retries=1)
    b = Usage(input_tokens=10, output_tokens=20, calls=2, reasks=1, transient_retries=0)
    assert a + b == Usage(input_tokens=11, output_tokens=22, calls=3, reasks=1, transient_retries=1)
    assert sum([a, b]) == a + b
    assert (a + b).total_tokens == 33


# ---------------------------------------------------------------------------------------------
# profiles
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "base_url", "profile", "mode"),
    [
        (GGUF, "http://127.0.0.1:8080/v1", "llama.cpp-gguf", instructor.Mode.JSON),
        ("Qwen2.5-1.5B-Instruct-GGUF", None, "llama.cpp-gguf", instructor.Mode.JSON),
        ("gpt-4o", "https://api.openai.com/v1", "openai-chat", instructor.Mode.TOOLS),
        ("gpt-4.1-mini", None, "openai-chat", instructor.Mode.TOOLS),
        ("gpt-5", "https://api.openai.com/v1", "openai-reasoning", instructor.Mode.TOOLS),
        ("openai/gpt-5-mini", None, "openai-reasoning", instructor.Mode.TOOLS),
        ("deepseek-chat", "https://api.deepseek.com/v1", "deepseek-chat", instructor.Mode.JSON),
        ("deepseek-reasoner", "https://api.deepseek.com", "deepseek-reasoner", instructor.Mode.MD_JSON),
        (
            "qwen-plus",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "qwen-dashscope",
            instructor.Mode.JSON,
        ),
        (
            "qwen3-32b",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "qwen3-dashscope",
            instructor.Mode.JSON,
        ),
        (
            "qwen2.5:1.5b-instruct",
            "http://127.0.0.1:11434/v1",
            "qwen-openai-compatible",
            instructor.Mode.JSON,
        ),
        ("some-new-model", "http://example.invalid/v1", "generic", instructor.Mode.MD_JSON),
        (None, None, "generic", instructor.Mode.MD_JSON),
    ],
)
def test_profile_for(model: str | None, base_url: str | None, profile: str, mode: instructor.Mode) -> None:
    p = profile_for(model, base_url)
    assert p.name == profile
    assert p.mode == mode


def test_the_small_embedded_model_decides_only_what_it_was_measured_to_do() -> None:
    assert profile_for(GGUF).narrative_fields == frozenset({"summaries"})
    assert profile_for("gpt-4o").narrative_fields == frozenset({"counts", "items", "work", "briefs", "summaries", "themes"})


def test_profile_request_params() -> None:
    assert profile_for(GGUF).request_params() == {
        "temperature": 0.0,
        "max_tokens": 1024,
        "extra_body": {"repeat_penalty": 1.0},
    }
    assert profile_for(GGUF).request_params(Count)["extra_body"] == {
        "repeat_penalty": 1.0,
        "response_format": {"type": "json_object", "schema": Count.model_json_schema()},
    }
    assert "response_format" not in profile_for("deepseek-chat").request_params(Count).get("extra_body", {})
    qwen3 = profile_for("qwen3-235b-a22b", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    assert qwen3.request_params()["extra_body"] == {"enable_thinking": False}
    assert "temperature" not in profile_for("deepseek-reasoner").request_params()


# ---------------------------------------------------------------------------------------------
# settings resolution
# ---------------------------------------------------------------------------------------------
def test_settings_default_to_embedded(tmp_path: Path) -> None:
    s = ProviderSettings.resolve(env={}, cwd=tmp_path)
    assert s.base_url is None and s.api_key is None and s.model is None
    assert s.uses_embedded_model
    assert (s.timeout_s, s.max_transient_retries, s.token_budget_per_report) == (120.0, 4, 60_000)


def test_settings_env(tmp_path: Path) -> None:
    env = {
        "NIANBAO_BASE_URL": "http://nb/v1",
        "OPENAI_BASE_URL": "http://oa/v1",
        "OPENAI_API_KEY": "sk-oa",
        "NIANBAO_MODEL": "deepseek-chat",
        "NIANBAO_TIMEOUT_S": "30",
    }
    s = ProviderSettings.resolve(env=env, cwd=tmp_path)
    assert (s.base_url, s.api_key, s.model, s.timeout_s) == ("http://nb/v1", "sk-oa", "deepseek-chat", 30.0)
    assert not s.uses_embedded_model
    assert "sk-oa" not in s.describe()


def test_settings_toml_file_and_precedence(tmp_path: Path) -> None:
    (tmp_path / "nianbao.toml").write_text(
        '[llm]\nbase_url = "http://file/v1"\nmodel = "qwen-plus"\napi_key_env = "DASHSCOPE_API_KEY"\n'
        "token_budget_per_report = 1234\n",
        encoding="utf-8",
    )
    s = ProviderSettings.resolve(env={"DASHSCOPE_API_KEY": "sk-ds"}, cwd=tmp_path)
    assert (s.base_url, s.model, s.api_key, s.token_budget_per_report) == (
        "http://file/v1",
        "qwen-plus",
        "sk-ds",
        1234,
    )
    # env beats file, explicit beats env
    s = ProviderSettings.resolve(env={"NIANBAO_MODEL": "qwen-max"}, cwd=tmp_path)
    assert s.model == "qwen-max" and s.base_url == "http://file/v1"
    s = ProviderSettings.resolve(model="qwen-turbo", env={"NIANBAO_MODEL": "qwen-max"}, cwd=tmp_path)
    assert s.model == "qwen-turbo"


def test_settings_explicit_config_path(tmp_path: Path) -> None:
    cfg = tmp_path / "other.toml"
    cfg.write_text(
        '[llm]\nbase_url = "http://cfg/v1"\nmodel = "gpt-4o"\napi_key = "sk-x"\n', encoding="utf-8"
    )
    s = ProviderSettings.resolve(config_path=cfg, env={}, cwd=tmp_path / "elsewhere")
    assert (s.base_url, s.model, s.api_key) == ("http://cfg/v1", "gpt-4o", "sk-x")


def test_settings_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^config file not found: .*missing\.toml$"):
        ProviderSettings.resolve(config_path=tmp_path / "missing.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[llm]\nmodle = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        ProviderSettings.resolve(config_path=bad, env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[llm\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config file"):
        ProviderSettings.resolve(config_path=broken, env={})
    with pytest.raises(ConfigError, match="timeout_s"):
        ProviderSettings.resolve(env={"NIANBAO_TIMEOUT_S": "-1"}, cwd=tmp_path)


def test_client_needs_an_endpoint() -> None:
    with pytest.raises(ConfigError, match="no LLM endpoint configured"):
        LLMClient(ProviderSettings())
    with pytest.raises(ConfigError, match="no model name"):
        LLMClient(ProviderSettings(base_url="http://127.0.0.1:1/v1"))
