"""What the narrative stage asks a model: fixed choices per item, or a short text per item, and nothing else.

Code has already found every figure, item and sentence (with offsets); the model is asked only what a
small model can answer, in one JSON object whose **keys are the items' own first words** (``"受疫情影响政务":
"problem"``).  The decoding grammar (llama.cpp) or the schema (other servers) lists every key, in order, so
an answer cannot skip an item or slide onto its neighbour: a label is bound to the words it describes.

* :class:`Question` — one key, the text the model reads for it, and either its fixed ``choices`` (a label)
  or a ``max_chars`` (a short text).
* :func:`answer_model` — the pydantic model for a list of questions.  Values are read leniently: a value
  outside the choices, or a missing key, is no answer (the rules keep that item) and never costs a re-ask;
  only unreadable JSON is re-asked.
* :class:`Asker` — sends one ask (one call per batch of questions), with the answer cache, the token
  budget and the per-call usage records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from extractor.llm.cache import AnswerCache, cache_key
from extractor.llm.client import ChatClient
from extractor.llm.prompts import Prompt
from extractor.llm.tracing import GenerationSink
from extractor.llm.usage import TokenBudget
from extractor.narrative.schema import NARRATIVE_SCHEMA_VERSION, ChunkCall, NarrativeUsage

MAX_QUESTION_CHARS = 1800  # of question text per call
_KEY_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[str, ...] = ()
    max_chars: int = 0


def question_keys(texts: Sequence[str], width: int = 6) -> list[str]:
    """Keys made of each text's first ``width`` word characters, made unique with a suffix."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for text in texts:
        base = "".join(_KEY_CHARS.findall(text))[:width] or "item"
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(base if n == 0 else f"{base}{n + 1}")
    return keys


def answer_model(name: str, questions: Sequence[Question]) -> type[BaseModel]:
    """One optional string field per question (alias = its key); the JSON schema requires every key, in order,
    and lists each label's choices (``enum``) or a text's ``maxLength`` so a grammar enforces them."""
    fields: dict[str, Any] = {}
    for i, q in enumerate(questions):
        extra: dict[str, Any] = {"enum": list(q.choices)} if q.choices else {"type": "string", "maxLength": q.max_chars}
        fields[f"q{i}"] = (str | None, Field(default=None, alias=q.key, json_schema_extra=extra))

    def require_all(schema: dict[str, Any]) -> None:
        props = schema.get("properties", {})
        for prop in props.values():
            prop.pop("anyOf", None)
            prop.pop("default", None)
            prop.pop("title", None)
        schema["required"] = list(props)

    config = ConfigDict(populate_by_name=True, json_schema_extra=require_all)
    return create_model(name, __config__=config, **fields)


def answers_of(value: BaseModel, questions: Sequence[Question]) -> dict[str, str]:
    """The usable answers: a label among its choices, a non-empty text."""
    out: dict[str, str] = {}
    for i, q in enumerate(questions):
        got = getattr(value, f"q{i}", None)
        if not isinstance(got, str) or not got.strip():
            continue
        if q.choices and got not in q.choices:
            continue
        out[q.key] = got.strip()
    return out


def batches(questions: Sequence[Question], limit: int = MAX_QUESTION_CHARS) -> list[list[Question]]:
    out: list[list[Question]] = []
    size = 0
    for q in questions:
        if out and size + len(q.text) <= limit:
            out[-1].append(q)
            size += len(q.text)
        else:
            out.append([q])
            size = len(q.text)
    return out


@dataclass
class AskResult:
    answers: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unreachable: bool = False


@dataclass
class Asker:
    """Sends the asks of one report: ``task`` names the prompt parts (``<task>_system``, ``<task>_user``)."""

    prompt: Prompt
    client: ChatClient
    doc_sha256: str
    usage: NarrativeUsage
    calls: list[ChunkCall]
    cache: AnswerCache | None = None
    budget: TokenBudget | None = None
    trace: GenerationSink | None = None
    max_reasks: int = 1
    stopped: str | None = None  # set when the endpoint is gone or the budget spent: no further calls

    def ask(self, task: str, title: str, questions: Sequence[Question], *, body: str | None = None) -> AskResult:
        """Ask ``questions`` (``key：text`` lines, in batches); with ``body``, one call whose text is ``body``."""
        result = AskResult()
        for batch in [list(questions)] if body is not None else batches(questions):
            if self.stopped:
                result.unreachable = True
                break
            self._one(task, title, batch, body, result)
        return result

    def messages(self, task: str, title: str, questions: Sequence[Question], body: str | None = None) -> list[dict[str, str]]:
        if body is None:
            body = "\n".join(f"{q.key}：{q.text}" for q in questions)
        return [
            {"role": "system", "content": self.prompt.render(f"{task}_system")},
            {"role": "user", "content": self.prompt.render(f"{task}_user", title=title, items=body)},
        ]

    def _one(self, task: str, title: str, questions: list[Question], body: str | None, result: AskResult) -> None:
        messages = self.messages(task, title, questions, body)
        model = answer_model(f"{task.capitalize()}Answer", questions)
        key = cache_key(
            self.doc_sha256, task, json.dumps(messages, ensure_ascii=False), self.prompt.id, self.prompt.sha256,
            self.client.model, NARRATIVE_SCHEMA_VERSION,
        )
        chars = len(body) if body is not None else sum(len(q.text) for q in questions)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            self.usage.cached_chunks += 1
            self.calls.append(ChunkCall(section=task, chars=chars, cached=True))
            value = model.model_validate(hit["answer"])
            result.answers.update(answers_of(value, questions))
            return
        outcome = self.client.extract(
            messages, model, max_reasks=self.max_reasks, trace=self.trace, token_budget=self.budget,
            name=f"narrative:{task}", prompt_name=self.prompt.name, prompt_version=self.prompt.version,
        )
        u = outcome.usage
        self.usage += u
        self.calls.append(
            ChunkCall(
                section=task, chars=chars, **u.model_dump(), latency_s=round(outcome.latency_s, 3), error=outcome.error,
            )
        )
        if outcome.value is None:
            error = outcome.error or "no answer"
            result.errors.append(f"{task}: {error}")
            if outcome.kind.ends_report:
                self.stopped = error
            return
        if self.cache is not None:
            self.cache.put(key, {"answer": outcome.value.model_dump(mode="json", by_alias=True)})
        result.answers.update(answers_of(outcome.value, questions))
