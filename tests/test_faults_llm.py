"""Fault injection, LLM endpoint (issue 14): a server that drips, hangs, lies or floods cannot hold a request
past its deadline, fill memory, or leak Python internals into an error line.

Before: httpx timeouts were per socket read, so a server answering one byte a second held a request for
minutes with ``timeout_s=5``; a 200 answer that was a bare string gave "'str' object has no attribute
'choices'"; a body of any size was read whole.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from extractor.cli import main
from extractor.llm.client import OutcomeKind
from extractor.llm.deadline import MAX_RESPONSE_BYTES
from extractor.llm.openai_client import LLMClient
from extractor.llm.settings import ProviderSettings
from extractor.llm.usage import TokenBudget
from tests.conftest import REPORTS
from tests.fake_openai_server import Drip, FakeOpenAIServer, Flood, Hang, Raw, Reply, fake_llm

__all__ = ["fake_llm"]

MESSAGES = [{"role": "user", "content": "办件数是多少？"}]


class Count(BaseModel):
    total: int


def make_client(server: FakeOpenAIServer, **overrides: Any) -> LLMClient:
    settings: dict[str, Any] = {
        "base_url": server.base_url, "model": "fake-model", "timeout_s": 1.0, "max_transient_retries": 0,
        "retry_backoff_s": 0.05, **overrides,
    }
    return LLMClient(ProviderSettings(**settings), sleep=time.sleep)


def _timed(client: LLMClient, budget: TokenBudget | None = None) -> tuple[float, Any]:
    started = time.monotonic()
    with client:
        outcome = client.extract(MESSAGES, Count, token_budget=budget)
    return time.monotonic() - started, outcome


def test_a_dripping_server_is_cut_off_at_the_request_deadline(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Drip('{"total": 1}', interval_s=0.05))  # about 400 bytes: 20 s to the end of the body
    seconds, outcome = _timed(make_client(fake_llm))
    assert outcome.kind is OutcomeKind.TIMEOUT and outcome.value is None
    assert seconds < 3.0, f"held {seconds:.1f} s with timeout_s=1"
    assert outcome.error == f"LLM request to {fake_llm.base_url} timed out after 1s"


def test_retries_of_a_dripping_server_end_with_the_reports_time(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(*[Drip('{"total": 1}', interval_s=0.05)] * 10)
    client = make_client(fake_llm, max_transient_retries=8)
    seconds, outcome = _timed(client, TokenBudget(10_000, time_limit_s=2.0))
    assert seconds < 4.0, f"held {seconds:.1f} s with a report time limit of 2 s"
    assert outcome.kind is OutcomeKind.TIMEOUT
    assert "time limit of 2s is spent" in (outcome.error or "")


def test_a_hanging_server_is_cut_off_at_the_request_deadline(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Hang())
    seconds, outcome = _timed(make_client(fake_llm))
    assert outcome.kind is OutcomeKind.TIMEOUT and seconds < 3.0


@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        (b'"hello"', "application/json", "text 'hello'"),
        (b"<html><body>502 Bad Gateway</body></html>", "text/html", "text '<html><body>502 Bad Gateway</body></html>'"),
        (b'{"result": "ok", "data": []}', "application/json", "JSON with keys data, result and no choices"),
    ],
    ids=["bare-string", "html-page", "other-api"],
)
def test_an_answer_that_is_not_a_chat_completion_is_named_not_leaked(
    fake_llm: FakeOpenAIServer, body: bytes, content_type: str, shown: str
) -> None:
    fake_llm.script(Raw(body, content_type))
    _, outcome = _timed(make_client(fake_llm))
    assert outcome.kind is OutcomeKind.HTTP_ERROR
    assert outcome.error == f"LLM endpoint {fake_llm.base_url} answered with something other than a chat completion: {shown}"
    assert "attribute" not in (outcome.error or "")


def test_a_flood_is_cut_off_at_the_size_limit_and_not_retried(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Flood(3 * MAX_RESPONSE_BYTES), Reply('{"total": 1}'))
    client = make_client(fake_llm, timeout_s=30.0, max_transient_retries=3)
    _, outcome = _timed(client)
    assert outcome.kind is OutcomeKind.HTTP_ERROR
    assert outcome.error == f"LLM endpoint {fake_llm.base_url} sent a response larger than 16 MiB"
    assert len(fake_llm.requests) == 1


def test_nianbao_extract_against_a_dripping_server_ends_within_its_limits(
    fake_llm: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the probe: NIANBAO_TIMEOUT_S=5 and a server answering one byte a second held extract for over 200 s
    fake_llm.responder = lambda body: Drip('{"total": 1}', interval_s=0.2)
    for key, value in {
        "NIANBAO_BASE_URL": fake_llm.base_url, "NIANBAO_MODEL": "fake-model", "NIANBAO_TIMEOUT_S": "1",
        "NIANBAO_REPORT_TIMEOUT_S": "3", "NIANBAO_MAX_TRANSIENT_RETRIES": "4",
    }.items():
        monkeypatch.setenv(key, value)
    started = time.monotonic()
    code = main(["extract", str(REPORTS / "004_333e33f0e39a8a89.txt"), "--json", "--cache", str(tmp_path / "c.sqlite")])
    seconds = time.monotonic() - started
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # the model failed and the rules filled in: a partial report, as batch says
    assert seconds < 8.0, f"extract took {seconds:.1f} s with a report limit of 3 s"
    errors = report["narrative"]["errors"]
    assert errors and all("timed out after 1s" in e or "time limit of 3s is spent" in e for e in errors)
    assert report["tables"]["applications"] is not None  # the parsed tables never depend on the LLM
