"""The model-quirk registry: :func:`profile_for` is the ONLY place that branches on a model name or endpoint.

A :class:`ModelProfile` says which instructor ``Mode`` to use, the extra request-body parameters, the
temperature and the output-token cap of a model on an endpoint.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

import instructor
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ModelProfile", "profile_for"]


class ModelProfile(BaseModel):
    """Everything that differs between models/endpoints.  Obtain it from :func:`profile_for` only."""

    model_config = ConfigDict(frozen=True)

    name: str
    mode: instructor.Mode
    extra_body: dict[str, Any] = Field(default_factory=dict)
    temperature: float | None = 0.0
    max_output_tokens: int | None = 2048
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    narrative_fields: frozenset[str] = Field(
        default=frozenset({"counts", "items", "work", "briefs", "summaries", "themes"}),
        description="what the model decides in the narrative stage; the rules keep the rest. Measured per field "
        "on the gold (docs/llm.md): a model decides a field only where it does not score below the rules",
    )
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
    # the embedded Qwen2.5-Coder 0.5B and 1.5B score far below the keyword rules on every label and write
    # paraphrases that fail the support check (docs/llm.md): they write the section summaries only
    narrative_fields=frozenset({"summaries"}),
    notes="llama-cpp-python server: rejects response_format json_schema and tool calls are unreliable with "
    "small Qwen2.5 GGUFs, so JSON mode (response_format json_object, with the model's schema, which it "
    "compiles to a decoding grammar); its default repeat_penalty 1.1 damages JSON with repeated keys/digits, "
    "so 1.0; small models decide only the section summaries",
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
