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
* Faults: ``Drip(content, interval_s)`` sends a valid answer one byte at a time, status line included;
  ``Hang()`` never answers; ``Raw(body, content_type, status)`` answers with any bytes (a bare JSON string,
  an HTML error page, another API's JSON); ``Flood(size)`` sends a 200 JSON body of ``size`` bytes.

When the script is exhausted the server answers HTTP 400 ``fake server: no scripted response left``
(a non-transient error, so a client does not hang in retries) unless a ``responder`` was given:
``FakeOpenAIServer(responder=labels_responder)`` answers every unscripted request with
``responder(request_body)`` (:func:`labels_responder` returns a valid narrative answer for
any chunk prompt).  ``latency_s`` delays every chat completion (benchmarks); ``max_in_flight`` is the
highest number of chat completions being answered at once.  Only 127.0.0.1 is ever bound.

The OpenAI Batch API routes are served too (``POST /v1/files``, ``GET /v1/files/{id}``,
``GET /v1/files/{id}/content``, ``POST /v1/batches``, ``GET /v1/batches/{id}``): a batch runs every line of
its input file through the same script/responder when it is created and reports ``in_progress`` for the
first ``batch_polls_before_complete`` retrievals, then ``completed`` with an output file (and an error file
for lines answered with an :class:`HttpError`).

Run it as a process (benchmarks): ``python -m tests.fake_openai_server --latency 0.3`` prints
its base URL on the first line of stdout and serves until stdin closes or it is terminated.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = [
    "Drip",
    "FakeOpenAIServer",
    "Flood",
    "Hang",
    "HttpError",
    "Raw",
    "RecordedRequest",
    "Reply",
    "count_tokens",
    "fake_llm",
    "labels_responder",
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


@dataclass(frozen=True)
class Drip:
    """A valid answer (as :class:`Reply`) sent one byte every ``interval_s`` seconds, status line included."""

    content: str
    interval_s: float = 1.0
    delay_s: float = 0.0


@dataclass(frozen=True)
class Hang:
    """Read the request and never answer (until the server stops)."""

    delay_s: float = 0.0


@dataclass(frozen=True)
class Raw:
    """An answer with this raw body: a bare JSON string, an HTML page, JSON of another API."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200
    delay_s: float = 0.0


@dataclass(frozen=True)
class Flood:
    """A 200 JSON answer of ``size`` bytes, sent as fast as the client reads it."""

    size: int
    delay_s: float = 0.0


ScriptItem = Reply | HttpError | Drip | Hang | Raw | Flood
Responder = Callable[[dict[str, Any]], ScriptItem]


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

    def setup(self) -> None:
        super().setup()
        # headers and body go out as two writes: without TCP_NODELAY, Nagle + the client's delayed ACK
        # add ~40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

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
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/models", "/models"):
            self._send_json(
                200,
                {
                    "object": "list",
                    "data": [{"id": owner.model, "object": "model", "created": 0, "owned_by": "fake"}],
                },
            )
        elif m := re.fullmatch(r"(?:/v1)?/files/([\w-]+)/content", path):
            data = owner._files.get(m.group(1))
            if data is None:
                self._send_json(404, {"error": {"message": f"no file {m.group(1)}", "type": "not_found"}})
            else:
                self._send_bytes(200, data["content"], "application/octet-stream")
        elif m := re.fullmatch(r"(?:/v1)?/files/([\w-]+)", path):
            data = owner._files.get(m.group(1))
            if data is None:
                self._send_json(404, {"error": {"message": f"no file {m.group(1)}", "type": "not_found"}})
            else:
                self._send_json(200, owner._file_object(m.group(1)))
        elif m := re.fullmatch(r"(?:/v1)?/batches/([\w-]+)", path):
            batch = owner._poll_batch(m.group(1))
            if batch is None:
                self._send_json(404, {"error": {"message": f"no batch {m.group(1)}", "type": "not_found"}})
            else:
                self._send_json(200, batch)
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def _send_bytes(self, status: int, data: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/files", "/files"):
            owner._record(RecordedRequest("POST", self.path, dict(self.headers.items()), None))
            fields = _multipart(self.headers.get("Content-Type", ""), raw)
            if "file" not in fields:
                self._send_json(400, {"error": {"message": "no file part", "type": "invalid_request"}})
                return
            purpose = fields.get("purpose", (b"", None))[0].decode()
            self._send_json(200, owner._add_file(fields["file"][0], fields["file"][1] or "upload.jsonl", purpose))
            return
        try:
            body: dict[str, Any] | None = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            body = None
        owner._record(RecordedRequest("POST", self.path, dict(self.headers.items()), body))
        if path in ("/v1/batches", "/batches"):
            status, payload = owner._create_batch(body or {})
            self._send_json(status, payload)
            return
        if path not in ("/v1/chat/completions", "/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        with owner._lock:
            owner._in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner._in_flight)
        try:
            self._answer_chat(owner, body or {})
        finally:
            with owner._lock:
                owner._in_flight -= 1

    def _answer_chat(self, owner: FakeOpenAIServer, body: dict[str, Any]) -> None:
        item = owner._next_item(body)
        if item is None:
            self._send_json(
                400,
                {"error": {"message": "fake server: no scripted response left", "type": "invalid_request"}},
            )
            return
        delay = item.delay_s + owner.latency_s
        if delay > 0 and owner._stopping.wait(delay):
            return  # server shutting down
        if isinstance(item, Hang):
            owner._stopping.wait()
            return
        if isinstance(item, Raw):
            self._send_bytes(item.status, item.body, item.content_type)
            return
        if isinstance(item, Flood):
            self._flood(item.size)
            return
        if isinstance(item, Drip):
            self._drip(owner, owner._completion(body, Reply(item.content)), item.interval_s)
            return
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
        self._send_json(200, owner._completion(body, item))


    def _drip(self, owner: FakeOpenAIServer, payload: dict[str, Any], interval_s: float) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode()
        self.close_connection = True
        try:
            for i, byte in enumerate(head + data):
                if i and owner._stopping.wait(interval_s):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up: what a deadline is for
            return

    def _flood(self, size: int) -> None:
        prefix = b'{"id": "flood", "object": "chat.completion", "choices": [{"index": 0, "message": {"content": "'
        suffix = b'"}}]}'
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.wfile.write(prefix)
            left = size - len(prefix) - len(suffix)
            chunk = b"a" * 65536
            while left > 0:
                self.wfile.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            self.wfile.write(suffix)
        except (BrokenPipeError, ConnectionResetError):
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeOpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):  # a client that was killed or timed out
            return
        super().handle_error(request, client_address)


class FakeOpenAIServer:
    """Threaded loopback server; use as a context manager.  ``base_url`` ends in ``/v1``."""

    def __init__(
        self,
        *script: ScriptItem,
        model: str = "fake-model",
        responder: Responder | None = None,
        latency_s: float = 0.0,
        batch_polls_before_complete: int = 0,
    ) -> None:
        self.model = model
        self.responder = responder
        self.latency_s = latency_s
        self.batch_polls_before_complete = batch_polls_before_complete
        self.max_in_flight = 0
        self._in_flight = 0
        self._files: dict[str, dict[str, Any]] = {}
        self._batches: dict[str, dict[str, Any]] = {}
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

    def _next_item(self, body: dict[str, Any] | None = None) -> ScriptItem | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.responder(body or {}) if self.responder is not None else None

    # -- Batch API -----------------------------------------------------------------------------
    @property
    def batch_requests(self) -> list[dict[str, Any]]:
        """Every request line of every batch created, in order (``custom_id``, ``body`` …)."""
        with self._lock:
            return [line for batch in self._batches.values() for line in batch["_lines"]]

    def _add_file(self, content: bytes, filename: str, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self._files) + 1}"
            self._files[file_id] = {"content": content, "filename": filename, "purpose": purpose, "created": int(time.time())}
        return self._file_object(file_id)

    def _file_object(self, file_id: str) -> dict[str, Any]:
        data = self._files[file_id]
        return {
            "id": file_id, "object": "file", "bytes": len(data["content"]), "created_at": data["created"],
            "filename": data["filename"], "purpose": data["purpose"], "status": "processed",
        }

    def _create_batch(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        source = self._files.get(str(body.get("input_file_id")))
        if source is None:
            return 400, {"error": {"message": f"no input file {body.get('input_file_id')}", "type": "invalid_request"}}
        lines = [json.loads(line) for line in source["content"].decode("utf-8").splitlines() if line.strip()]
        outputs: list[str] = []
        errors: list[str] = []
        for n, line in enumerate(lines, 1):
            item = self._next_item(line.get("body") or {})
            if item is None:
                item = HttpError(400, "fake server: no scripted response left")
            if isinstance(item, HttpError):
                errors.append(json.dumps({
                    "id": f"batch_req_{n}", "custom_id": line.get("custom_id"),
                    "response": {"status_code": item.status, "request_id": f"req_{n}",
                                 "body": {"error": {"message": item.message, "type": "scripted"}}},
                    "error": None,
                }, ensure_ascii=False))
            else:
                outputs.append(json.dumps({
                    "id": f"batch_req_{n}", "custom_id": line.get("custom_id"),
                    "response": {"status_code": 200, "request_id": f"req_{n}",
                                 "body": self._completion(line.get("body") or {}, item)},
                    "error": None,
                }, ensure_ascii=False))
        with self._lock:
            batch_id = f"batch_{len(self._batches) + 1}"
            self._batches[batch_id] = {
                "id": batch_id, "object": "batch", "endpoint": body.get("endpoint", "/v1/chat/completions"),
                "input_file_id": body.get("input_file_id"), "completion_window": body.get("completion_window", "24h"),
                "status": "validating", "created_at": int(time.time()), "metadata": body.get("metadata"),
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
                "output_file_id": None, "error_file_id": None,
                "_lines": lines, "_outputs": outputs, "_errors": errors, "_polls": 0,
            }
        return 200, self._public_batch(batch_id)

    def _poll_batch(self, batch_id: str) -> dict[str, Any] | None:
        with self._lock:
            batch = self._batches.get(batch_id)
            if batch is None:
                return None
            batch["_polls"] += 1
            done = batch["status"] == "completed" or batch["_polls"] > self.batch_polls_before_complete
        if not done:
            with self._lock:
                batch["status"] = "in_progress"
            return self._public_batch(batch_id)
        if batch["status"] != "completed":
            if batch["_outputs"]:
                batch["output_file_id"] = self._add_file(
                    "".join(line + "\n" for line in batch["_outputs"]).encode(), f"{batch_id}_output.jsonl", "batch_output"
                )["id"]
            if batch["_errors"]:
                batch["error_file_id"] = self._add_file(
                    "".join(line + "\n" for line in batch["_errors"]).encode(), f"{batch_id}_error.jsonl", "batch_output"
                )["id"]
            with self._lock:
                batch["status"] = "completed"
                batch["request_counts"] = {
                    "total": len(batch["_lines"]), "completed": len(batch["_outputs"]), "failed": len(batch["_errors"]),
                }
        return self._public_batch(batch_id)

    def _public_batch(self, batch_id: str) -> dict[str, Any]:
        with self._lock:
            return {k: v for k, v in self._batches[batch_id].items() if not k.startswith("_")}

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


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    """The fields of a multipart/form-data body: name -> (bytes, filename)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    fields: dict[str, tuple[bytes, str | None]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            fields[str(name)] = (part.get_payload(decode=True) or b"", part.get_filename())
    return fields




def answer_schema(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of the answer a request asks for: ``response_format.schema`` (llama.cpp), a tool's
    parameters (TOOLS mode), or the schema instructor appends to the system message (JSON / MD_JSON)."""
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and isinstance(fmt.get("schema"), dict):
        return fmt["schema"]
    for tool in body.get("tools") or []:
        params = (tool.get("function") or {}).get("parameters")
        if isinstance(params, dict):
            return params
    for message in body.get("messages") or []:
        text = _message_text(message)
        at = text.find("json_schema")
        if message.get("role") == "system" and at != -1:
            start = text.find("{", at)
            try:
                schema, _ = json.JSONDecoder().raw_decode(text[start:])
            except (ValueError, json.JSONDecodeError):
                continue
            if isinstance(schema, dict):
                return schema
    return {}


def _choose(choices: list[str], text: str) -> str:
    """A plausible label for an item, by its words (the fake model's "judgement")."""
    rules = (("problem", ("问题", "不足", "不够", "有待")), ("improvement", ("加强", "将", "提高", "完善", "丰富")),
             ("training", ("培训",)), ("website", ("网站", "栏目")), ("new_media", ("公众号", "新媒体")),
             ("application", ("申请",)), ("proactive", ("公开", "发布", "解读")))
    for label, words in rules:
        if label in choices and any(w in text for w in words):
            return label
    return "none" if "none" in choices else choices[0]


def labels_responder(body: dict[str, Any]) -> Reply:
    """A valid narrative answer for any ask (``extractor.narrative.ask``): every key of the answer schema,
    in order; a label chosen by keywords among the key's choices, a text copied from the item's own words
    (so it passes the support check), a summary sentence copied from the section text."""
    messages = [m for m in body.get("messages") or [] if m.get("role") == "user"]
    user = _message_text(messages[-1]) if messages else ""
    lines = dict(line.split("：", 1) for line in user.splitlines() if "：" in line)
    schema = answer_schema(body)
    answer: dict[str, Any] = {}
    body_text = "".join(line for line in user.splitlines()[1:])
    for key, prop in (schema.get("properties") or {}).items():
        text = lines.get(key, "")
        if prop.get("enum"):
            answer[key] = _choose(list(prop["enum"]), text)
        else:
            limit = int(prop.get("maxLength") or 30)
            source = text or body_text.split("：", 1)[-1]
            answer[key] = re.split(r"[。；;]", source)[0][: max(4, limit - 1)] or "无"
    return Reply(json.dumps(answer, ensure_ascii=False))


def summary_responder(*sentences: str, section: str = "", seen: list[str] | None = None) -> Callable[[dict[str, Any]], Reply]:
    """A responder that answers every ask as :func:`labels_responder` does, and a summary ask (of the section titled
    ``section``, when given) with ``sentences`` as its sentences, in order; the summary asks it answered are kept in
    ``seen`` (the request bodies, as JSON)."""

    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        keys = [k for k in answer_schema(body).get("properties", {}) if k.startswith("第")]
        asked = json.dumps(body, ensure_ascii=False)
        if keys and section in asked:
            if seen is not None:
                seen.append(asked)
            answer.update(zip(keys, sentences, strict=False))
        return Reply(json.dumps(answer, ensure_ascii=False))

    return respond


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


def _serve_forever() -> None:  # pragma: no cover - used by benchmarks as a separate process
    import argparse
    import contextlib
    import sys

    parser = argparse.ArgumentParser(description="loopback OpenAI-compatible server answering narrative labels")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every chat completion")
    parser.add_argument("--model", default="fake-model")
    args = parser.parse_args()
    with FakeOpenAIServer(model=args.model, responder=labels_responder, latency_s=args.latency) as server:
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()  # until the parent closes our stdin (or kills us)


if __name__ == "__main__":  # pragma: no cover
    _serve_forever()
