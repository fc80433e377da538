"""Regression: report text holding Jinja syntax ({{ }}, {% %}) reached the model altered or failed.

instructor renders every message as a Jinja template when it is given a ``context``; LLMClient used to
pass the validation context that way.  Now validators read it from a context variable and the messages
go out byte for byte.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationInfo, field_validator

from extractor.llm.client import validation_context
from extractor.llm.openai_client import LLMClient
from extractor.llm.settings import ProviderSettings

try:
    from tests.fake_openai_server import FakeOpenAIServer, Reply, fake_llm
except ImportError:
    from fake_openai_server import FakeOpenAIServer, Reply, fake_llm  # type: ignore[no-redef]

__all__ = ["fake_llm"]


class Answer(BaseModel):
    n: int

    @field_validator("n")
    @classmethod
    def below_limit(cls, v: int, info: ValidationInfo) -> int:
        limit = (info.context or validation_context() or {})["limit"]
        if v > limit:
            raise ValueError(f"n {v} exceeds {limit}")
        return v


def test_jinja_like_report_text_is_sent_unchanged(fake_llm: FakeOpenAIServer) -> None:
    text = "  附件{{ 表三 }}与{% if 公开 %}字样{# 注 #}，原样保留。\n    第二行缩进"
    fake_llm.script(Reply('{"n": 50}'), Reply('{"n": 5}'))
    client = LLMClient(ProviderSettings(base_url=fake_llm.base_url, model="qwen2.5-7b-instruct"))
    out = client.extract([{"role": "user", "content": text}], Answer, validation_context={"limit": 10})
    assert out.value is not None and out.value.n == 5 and out.usage.reasks == 1  # the context still reached it
    sent = fake_llm.requests[0]["messages"]
    assert any(m["content"] == text for m in sent)
    assert validation_context() is None  # reset after the call
