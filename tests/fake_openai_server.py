"""A loopback OpenAI-compatible chat-completions server with scripted answers, for tests.

Usage::

    from fake_openai_server import FakeOpenAIServer, Reply, HttpError

    with FakeOpenAIServer() as srv:
        srv.script(Reply('{"a": 1}', prompt_tokens=10, completion_tokens=3), HttpError(500))
        client = openai.OpenAI(base_url=srv.base_url, api_key="x")
        ...
        assert len(srv.requests) == 2

or as a pytest fixture: ``def test_x(fake_llm: FakeOpenAIServer): ...`` after
``from fake_openai_server import fake_llm`` (or wired through a conftest.py).

Scripted items are consumed one per ``POST /v1/chat/completions`` in order:

* ``Reply(content)``: a 200 answer whose ``message.content`` is ``content`` (a JSON string or any raw text).
  When the request asked for tools (instructor TOOLS mode) the content is returned as the arguments of a
  tool call to the first requested function instead.  ``usage`` is filled with the scripted numbers or,
  when not given, with :func:`count_tokens` of the request messages / the content.
* ``HttpError(status, retry_after=...)``: an error status with an OpenAI-style error body and an optional
  ``Retry-After`` header.
* ``Reply(..., delay_s=N)`` / ``HttpError(..., delay_s=N)``: sleep N seconds before answering (to trigger
  a client timeout).

When the script is exhausted the server answers HTTP 400 ``fake server: no scripted response left``
(a non-transient error, so a client does not hang in retries).  Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = [
    "FakeOpenAIServer",
    "HttpError",
    "RecordedRequest",
    "Reply",
    "count_tokens",
    "fake_llm",
]


def count_tokens(text: str) -> int:
    """The fake server's deterministic 'tokenizer': one token per 4 UTF-8 bytes, at least 1."""
    return max(1, len(text.encode("utf-8")) // 4)


@dataclass(frozen=True)
class Reply:
    """A successful chat completion whose message content is ``content``."""

    content: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str = "stop"
    delay_s: float = 0.0


@dataclass(frozen=True)
class HttpError:
    """An HTTP error answer (e.g. 429 with Retry-After, 500, 401)."""

    status: int
    message: str = "scripted error"
    retry_after: float | None = None
    delay_s: float = 0.0


ScriptItem = Reply | HttpError


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    received_at: float = field(default_factory=time.monotonic)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr logging
        return

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout test)
            self.close_connection = True

    def do_GET(self) -> None:
        owner = self.server.owner
        owner._record(RecordedRequest("GET", self.path, dict(self.headers.items()), None))
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            self._send_json(
                200,
                {
                    "object": "list",
                    "data": [{"id": owner.model, "object": "model", "created": 0, "owned_by": "fake"}],
                },
            )
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: dict[str, Any] | None = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            body = None
        owner._record(RecordedRequest("POST", self.path, dict(self.headers.items()), body))
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        item = owner._next_item()
        if item is None:
            self._send_json(
                400,
                {"error": {"message": "fake server: no scripted response left", "type": "invalid_request"}},
            )
            return
        if item.delay_s > 0 and owner._stopping.wait(item.delay_s):
            return  # server shutting down
        if isinstance(item, HttpError):
            headers = {}
            if item.retry_after is not None:
                headers["Retry-After"] = f"{item.retry_after:g}"
            self._send_json(
                item.status,
                {"error": {"message": item.message, "type": "scripted", "code": item.status}},
                headers,
            )
            return
        self._send_json(200, owner._completion(body or {}, item))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeOpenAIServer


class FakeOpenAIServer:
    """Threaded loopback server; use as a context manager.  ``base_url`` ends in ``/v1``."""

    def __init__(self, *script: ScriptItem, model: str = "fake-model") -> None:
        self.model = model
        self._queue: deque[ScriptItem] = deque(script)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.all_requests: list[RecordedRequest] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> FakeOpenAIServer:
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- public helpers ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *items: ScriptItem) -> FakeOpenAIServer:
        """Append scripted answers to the queue."""
        with self._lock:
            self._queue.extend(items)
        return self

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Bodies of every chat-completions POST received, in order."""
        with self._lock:
            return [
                r.body or {}
                for r in self.all_requests
                if r.method == "POST" and r.path.rstrip("/").endswith("/chat/completions")
            ]

    # -- internals -----------------------------------------------------------------------------
    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.all_requests.append(req)

    def _next_item(self) -> ScriptItem | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _completion(self, body: dict[str, Any], item: Reply) -> dict[str, Any]:
        prompt_text = "".join(_message_text(m) for m in body.get("messages") or [])
        prompt_tokens = item.prompt_tokens if item.prompt_tokens is not None else count_tokens(prompt_text)
        completion_tokens = (
            item.completion_tokens if item.completion_tokens is not None else count_tokens(item.content)
        )
        message: dict[str, Any] = {"role": "assistant", "content": item.content}
        finish_reason = item.finish_reason
        tools = body.get("tools") or []
        if tools:
            name = tools[0].get("function", {}).get("name", "tool")
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{len(self.all_requests)}",
                        "type": "function",
                        "function": {"name": name, "arguments": item.content},
                    }
                ],
            }
            if finish_reason == "stop":
                finish_reason = "tool_calls"
        return {
            "id": f"chatcmpl-fake-{len(self.all_requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


def _message_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAIServer]:
    """A running :class:`FakeOpenAIServer` with an empty script, stopped after the test."""
    with FakeOpenAIServer() as server:
        yield server
