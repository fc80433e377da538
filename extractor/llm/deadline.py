"""A total deadline and a size limit for every HTTP request of an LLM client, whatever the server does.

httpx's timeouts are per operation: a server that sends one byte a second never trips a read timeout, so
``timeout_s=5`` could hold a request for minutes (issue 14). Here every socket operation of the client
(connect, TLS handshake, each write and each read) is given at most the time left until the request's
deadline, and a read or write after it raises a timeout: connect, first byte and whole body together end
by the deadline. A response body past :data:`MAX_RESPONSE_BYTES` is cut off (a server flooding the
client cannot fill its memory).

The deadline is per thread and set around one request by :func:`request_deadline` (the
:class:`~extractor.llm.openai_client.LLMClient` does, for each HTTP attempt: its timeout, or the time the
report has left if that is less). It is enforced by a network backend under httpcore's connection pool,
installed on every transport of an httpx client by :func:`deadline_http_client`.
"""

from __future__ import annotations

import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

__all__ = ["MAX_RESPONSE_BYTES", "ResponseTooLarge", "deadline_http_client", "request_deadline"]

# A chat completion is a few kilobytes (the output-token limit); a thousand times that is no answer.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024

_local = threading.local()


class ResponseTooLarge(httpcore.ReadError):
    """The server sent more than :data:`MAX_RESPONSE_BYTES` for one request."""


@contextmanager
def request_deadline(seconds: float, *, until: float | None = None) -> Iterator[None]:
    """The requests of this thread inside the block end within ``seconds`` (or at the monotonic time
    ``until``, if earlier): each socket operation waits at most the time left."""
    end = time.monotonic() + seconds
    if until is not None:
        end = min(end, until)
    saved = getattr(_local, "deadline", None), getattr(_local, "received", 0)
    _local.deadline, _local.received = end, 0
    try:
        yield
    finally:
        _local.deadline, _local.received = saved


def _left(timeout: float | None, error: type[Exception], what: str) -> float | None:
    """The per-operation ``timeout`` cut to the time left before this thread's deadline."""
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error(f"the request's deadline passed during {what}")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout, "the response"))
        if getattr(_local, "deadline", None) is not None:
            _local.received = getattr(_local, "received", 0) + len(data)
            if _local.received > MAX_RESPONSE_BYTES:
                raise ResponseTooLarge(f"the response is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB")
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout, "the request"))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout, "the TLS handshake")
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout, "connect")
        return _DeadlineStream(self._backend.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout, "connect")
        return _DeadlineStream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _install(transport: Any) -> bool:
    pool = getattr(transport, "_pool", None)  # httpx.HTTPTransport's httpcore pool (proxies included)
    backend = getattr(pool, "_network_backend", None)
    if pool is None or backend is None:
        return False
    if not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)
    return True


def deadline_http_client(**kwargs: Any) -> httpx.Client:
    """openai's default httpx client (its limits and redirects; ``kwargs`` as for it), with the deadline
    and the size limit on every transport, those of proxies from the environment included."""
    import openai

    client: httpx.Client = openai.DefaultHttpxClient(**kwargs)
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    if not all(_install(t) for t in transports):  # pragma: no cover - an httpx without these internals
        raise RuntimeError("this httpx version cannot take a network backend: the LLM request deadline needs one")
    return client
