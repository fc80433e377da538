"""Where the LLM is and how patient to be with it: :class:`ProviderSettings`.

:meth:`ProviderSettings.resolve` applies the order explicit arguments > environment > TOML config file
(``[llm]`` of ``./nianbao.toml`` or ``--config``) > defaults; ``base_url is None`` means: no endpoint
configured, use the embedded local model (:mod:`extractor.llm.embedded`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.errors import NianbaoError
from extractor.util import one_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["DEFAULT_CONFIG_FILE", "ConfigError", "ProviderSettings"]

DEFAULT_CONFIG_FILE = "nianbao.toml"


class ConfigError(NianbaoError, ValueError):
    """A configuration problem, with a one-line message meant for the user."""


class ProviderSettings(BaseModel):
    """Where the LLM is and how patient to be with it.

    ``base_url is None`` means: no endpoint configured, use the embedded local model
    (:class:`extractor.llm.embedded.EmbeddedServer` yields settings pointing at it).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout_s: float = Field(default=120.0, gt=0, description="per HTTP request: connect, first byte and whole body")
    report_timeout_s: float = Field(default=900.0, gt=0, description="per report: all its LLM requests, retries included")
    max_transient_retries: int = Field(default=4, ge=0)
    token_budget_per_report: int = Field(default=60_000, gt=0)
    retry_backoff_s: float = Field(default=1.0, ge=0, description="first transient-retry wait; doubles")
    retry_backoff_max_s: float = Field(default=30.0, ge=0)

    @property
    def uses_embedded_model(self) -> bool:
        return self.base_url is None

    def describe(self) -> str:
        """One line for logs; never shows the key."""
        if self.base_url is None:
            return "embedded local model"
        key = "set" if self.api_key else "none"
        return f"{self.model or '?'} at {self.base_url} (api key: {key})"

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str | None = None,
        timeout_s: float | None = None,
        max_transient_retries: int | None = None,
        token_budget_per_report: int | None = None,
        report_timeout_s: float | None = None,
        config_path: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> ProviderSettings:
        """Explicit arguments > environment > TOML file (``config_path`` or ``./nianbao.toml``, table
        ``[llm]``) > defaults.  Environment: ``NIANBAO_BASE_URL``/``NIANBAO_API_KEY``/``NIANBAO_MODEL``
        (falling back to ``OPENAI_BASE_URL``/``OPENAI_API_KEY``), ``NIANBAO_TIMEOUT_S``,
        ``NIANBAO_MAX_TRANSIENT_RETRIES``, ``NIANBAO_TOKEN_BUDGET``, ``NIANBAO_REPORT_TIMEOUT_S``.

        Raises :class:`ConfigError` (one line) for a missing explicit config file, bad TOML or bad values.
        """
        environ = os.environ if env is None else env
        file_values = _load_toml_llm_table(config_path, cwd, environ)

        def env_first(*names: str) -> str | None:
            for name in names:
                value = environ.get(name)
                if value is not None and value.strip() != "":
                    return value.strip()
            return None

        env_values: dict[str, Any] = {
            "base_url": env_first("NIANBAO_BASE_URL", "OPENAI_BASE_URL"),
            "api_key": env_first("NIANBAO_API_KEY", "OPENAI_API_KEY"),
            "model": env_first("NIANBAO_MODEL"),
            "timeout_s": env_first("NIANBAO_TIMEOUT_S"),
            "max_transient_retries": env_first("NIANBAO_MAX_TRANSIENT_RETRIES"),
            "token_budget_per_report": env_first("NIANBAO_TOKEN_BUDGET"),
            "report_timeout_s": env_first("NIANBAO_REPORT_TIMEOUT_S"),
        }
        explicit: dict[str, Any] = {
            "base_url": base_url,
            "api_key": api_key,
            "model": model,
            "timeout_s": timeout_s,
            "max_transient_retries": max_transient_retries,
            "token_budget_per_report": token_budget_per_report,
            "report_timeout_s": report_timeout_s,
        }
        merged: dict[str, Any] = {}
        for layer in (file_values, env_values, explicit):  # later layers win
            merged.update({k: v for k, v in layer.items() if v is not None})
        try:
            return cls(**merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"invalid LLM setting {loc}={first.get('input')!r}: {first['msg']}") from None


def _load_toml_llm_table(
    config_path: str | os.PathLike[str] | None,
    cwd: str | os.PathLike[str] | None,
    environ: Mapping[str, str],
) -> dict[str, Any]:
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
    else:
        path = Path(cwd or Path.cwd()) / DEFAULT_CONFIG_FILE
        if not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {one_line(exc, 300)}") from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [llm] must be a table")
    known = set(ProviderSettings.model_fields) | {"api_key_env"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown key(s) in [llm]: {', '.join(unknown)}")
    values = {k: v for k, v in table.items() if k != "api_key_env"}
    key_env = table.get("api_key_env")
    if key_env and "api_key" not in values:  # keep secrets out of the file: api_key_env = "DEEPSEEK_API_KEY"
        values["api_key"] = environ.get(str(key_env))
    return values
