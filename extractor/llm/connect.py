"""The one place that decides where the model is: a configured endpoint, or the embedded model started here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from extractor.llm import embedded
from extractor.llm.openai_client import LLMClient
from extractor.llm.settings import ProviderSettings

__all__ = ["open_client"]


@contextlib.contextmanager
def open_client(
    settings: ProviderSettings | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **server_kwargs: Any,
) -> Iterator[LLMClient]:
    """An :class:`~extractor.llm.openai_client.LLMClient` for ``settings`` (default: :meth:`ProviderSettings.resolve`).

    When no endpoint is configured (``base_url is None``) the embedded model is started for the duration
    of the block (``server_kwargs`` go to :class:`~extractor.llm.embedded.EmbeddedServer`) and the user's
    limits (retries, token budget) are kept; the request timeout is raised to at least the server's
    ``request_timeout_s`` (CPU inference is slow).
    """
    resolved = settings if settings is not None else ProviderSettings.resolve(env=env)
    if resolved.base_url is not None:
        with LLMClient(resolved) as client:
            yield client
        return
    with embedded.EmbeddedServer(env=env, **server_kwargs) as server:
        merged = resolved.model_copy(
            update={
                "base_url": server.base_url,
                "api_key": server.api_key,
                "model": server.model,
                "timeout_s": max(resolved.timeout_s, server.timeout_s),
            }
        )
        with LLMClient(merged) as client:
            yield client
