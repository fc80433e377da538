"""Tracer: silent no-op without keys; with keys (or an injected client) it drives the Langfuse SDK."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from extractor.llm.tracing import Generation, Tracer

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"LANGFUSE_PUBLIC_KEY": "pk-lf-test", "LANGFUSE_SECRET_KEY": "sk-lf-test"}


class StandInObservation:
    def __init__(self, log: list[tuple[str, dict[str, Any]]], name: str) -> None:
        self.log = log
        self.name = name

    def start_observation(self, **kwargs: Any) -> StandInObservation:
        self.log.append((f"{self.name}.start_observation", kwargs))
        return StandInObservation(self.log, kwargs["name"])

    def update(self, **kwargs: Any) -> StandInObservation:
        self.log.append((f"{self.name}.update", kwargs))
        return self

    def end(self, **kwargs: Any) -> StandInObservation:
        self.log.append((f"{self.name}.end", kwargs))
        return self


class StandInLangfuse:
    """The slice of the langfuse v3+ client API that Tracer uses; records every call."""

    def __init__(self, **kwargs: Any) -> None:
        self.init_kwargs = kwargs
        self.log: list[tuple[str, dict[str, Any]]] = []

    @contextmanager
    def _span(self, kwargs: dict[str, Any]) -> Any:
        self.log.append(("client.start_as_current_observation", kwargs))
        try:
            yield StandInObservation(self.log, kwargs["name"])
        finally:
            self.log.append(("client.span_closed", {"name": kwargs["name"]}))

    def start_as_current_observation(self, **kwargs: Any) -> Any:
        return self._span(kwargs)

    def start_observation(self, **kwargs: Any) -> StandInObservation:
        self.log.append(("client.start_observation", kwargs))
        return StandInObservation(self.log, kwargs["name"])

    def flush(self) -> None:
        self.log.append(("client.flush", {}))


GEN: dict[str, Any] = {
    "name": "table3",
    "model": "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    "input": [{"role": "user", "content": "x"}],
    "output": '{"total": 4}',
    "input_tokens": 22,
    "output_tokens": 5,
    "latency_s": 1.23456,
    "prompt_name": "table3",
    "prompt_version": "v2",
    "validation_failures": ["total: Input should be a valid integer"],
    "error": None,
    "metadata": {"reasks": 1},
}


def test_import_has_no_side_effects() -> None:
    code = (
        "import sys; import extractor.llm.tracing as t; "
        "tr = t.Tracer(env={}); "
        "\nwith tr.report('r', {'a': 1}) as rep:\n    rep.generation(t.Generation(name='g', model='m'))\n"
        "tr.generation(t.Generation(name='g', model='m')); tr.flush(); "
        "print('langfuse' in sys.modules, 'opentelemetry' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout == "False False\n"
    assert proc.stderr == ""


def test_noop_without_keys_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    tracer = Tracer(env={"LANGFUSE_PUBLIC_KEY": "pk-only"})  # one key is not enough
    assert not tracer.enabled
    with tracer.report("report.txt", {"pages": 3}) as rep:
        assert not rep.enabled
        rep.generation(Generation(**GEN))
        rep.update(output={"ok": True})
        tracer.generation(Generation(**GEN))
    tracer.flush()
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_with_keys_the_sdk_client_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import langfuse

    built: list[StandInLangfuse] = []

    def factory(**kwargs: Any) -> StandInLangfuse:
        client = StandInLangfuse(**kwargs)
        built.append(client)
        return client

    monkeypatch.setattr(langfuse, "Langfuse", factory)
    tracer = Tracer(env={**KEYS, "LANGFUSE_HOST": "http://127.0.0.1:3000"})
    assert tracer.enabled
    assert built == []  # lazily, on first use
    with tracer.report("dt_2022.txt") as rep:
        rep.generation(Generation(**GEN))
    (client,) = built
    assert client.init_kwargs == {
        "public_key": "pk-lf-test",
        "secret_key": "sk-lf-test",
        "host": "http://127.0.0.1:3000",
    }
    assert [call for call, _ in client.log] == [
        "client.start_as_current_observation",
        "dt_2022.txt.start_observation",
        "table3.end",
        "client.span_closed",
    ]


def test_generation_records_model_tokens_latency_and_failures() -> None:
    sdk = StandInLangfuse()
    tracer = Tracer(client=sdk, env={})
    assert tracer.enabled
    with tracer.report("dt_2022.txt", {"pages": 7}) as rep:
        rep.generation(Generation(**GEN))
        tracer.generation(Generation(**{**GEN, "name": "table4", "validation_failures": [], "error": "budget exhausted"}))
        rep.update(output={"cells": 120})
    tracer.generation(Generation(**{**GEN, "name": "outside", "validation_failures": []}))
    tracer.flush()

    calls = sdk.log
    assert calls[0] == (
        "client.start_as_current_observation",
        {"name": "dt_2022.txt", "as_type": "span", "metadata": {"pages": 7}},
    )
    name, gen = calls[1]
    assert name == "dt_2022.txt.start_observation"
    assert gen["as_type"] == "generation"
    assert gen["name"] == "table3"
    assert gen["model"] == GEN["model"]
    assert gen["version"] == "v2"
    assert gen["usage_details"] == {"input": 22, "output": 5, "total": 27}
    assert gen["level"] == "WARNING"
    assert gen["metadata"] == {
        "reasks": 1,
        "prompt_name": "table3",
        "prompt_version": "v2",
        "latency_s": 1.235,
        "validation_failures": ["total: Input should be a valid integer"],
    }
    assert gen["output"] == '{"total": 4}'
    assert calls[2] == ("table3.end", {})
    # tracer.generation inside the report attaches to the report span too
    assert calls[3][0] == "dt_2022.txt.start_observation"
    assert calls[3][1]["level"] == "ERROR" and calls[3][1]["status_message"] == "budget exhausted"
    assert calls[5] == ("dt_2022.txt.update", {"output": {"cells": 120}, "metadata": {}})
    assert calls[6] == ("client.span_closed", {"name": "dt_2022.txt"})
    # outside any report: a top-level generation
    assert calls[7][0] == "client.start_observation" and calls[7][1]["level"] == "DEFAULT"
    assert calls[-1] == ("client.flush", {})


def test_exception_in_report_is_marked_and_reraised() -> None:
    sdk = StandInLangfuse()
    tracer = Tracer(client=sdk)
    with pytest.raises(ValueError, match="boom"), tracer.report("r"):
        raise ValueError("boom")
    assert ("r.update", {"level": "ERROR", "status_message": "ValueError: boom"}) in sdk.log
    assert sdk.log[-1] == ("client.span_closed", {"name": "r"})


def test_sdk_errors_never_break_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(StandInLangfuse):
        def start_as_current_observation(self, **kwargs: Any) -> Any:
            raise RuntimeError("otel exporter exploded")

    tracer = Tracer(client=Broken())
    with tracer.report("r") as rep:
        rep.generation(Generation(**GEN))
    tracer.generation(Generation(**GEN))
    assert not tracer.enabled
    assert [r.getMessage() for r in caplog.records] == [
        "Langfuse tracing switched off after an error: RuntimeError: otel exporter exploded"
    ]


def test_tracer_is_a_generation_sink_for_llm_client() -> None:
    try:
        from tests.fake_openai_server import FakeOpenAIServer, Reply
    except ImportError:
        from fake_openai_server import FakeOpenAIServer, Reply  # type: ignore[no-redef]
    from pydantic import BaseModel

    from extractor.llm.openai_client import LLMClient
    from extractor.llm.settings import ProviderSettings

    class Count(BaseModel):
        total: int

    sdk = StandInLangfuse()
    tracer = Tracer(client=sdk)
    with FakeOpenAIServer(Reply('{"total": 3}', 40, 6)) as srv:
        client = LLMClient(ProviderSettings(base_url=srv.base_url, model="deepseek-chat"))
        with tracer.report("r") as rep:
            out = client.extract([{"role": "user", "content": "n?"}], Count, trace=rep, prompt_name="p1")
    assert out.ok
    gen = next(kw for call, kw in sdk.log if call == "r.start_observation")
    assert gen["name"] == "p1" and gen["model"] == "deepseek-chat"
    assert gen["usage_details"] == {"input": 40, "output": 6, "total": 46}
