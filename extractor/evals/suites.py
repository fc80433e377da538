"""Suites (``evals/suites/*.yaml``): which reports, which fields, which prompt and model, per-field thresholds.

::

    name: smoke
    description: three small reports on the embedded model
    reports: [hunnan_guoziju_2022_tables_missing, pingtan_2020_2019fmt_squashed]   # or: all
    reports_dir: ../reports        # relative to this file (default)
    gold_dir: ../gold              # relative to this file (default)
    prompt: narrative@v2           # name@version, or a .md file (relative to this file or the cwd)
    model: llm                     # llm: the configured endpoint, else the embedded model | rules: no LLM
    local_model: 0.5b              # NIANBAO_LOCAL_MODEL for the run, unless the environment sets it
    decides: [counts, items]       # narrative fields the model decides (default: the model profile's)
    config: null                   # a TOML file with an [llm] table (relative to this file)
    fields: [table_cells, all_counts, problems]        # default: every field
    thresholds: {default: 0.02, all_counts: 0.05}      # largest allowed drop of a field's F1 (or accuracy)
    gate: paired                   # paired: a drop fails only when it is beyond the noise | point: any drop > threshold
    confidence: 0.95               # of the bootstrap intervals and the paired test
    bootstrap: 2000                # bootstrap draws
    seed: 0                        # of the bootstrap (same run, same intervals)
    max_token_increase: 0.25       # tokens per report may grow by at most 25 % (null: no limit)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from extractor.errors import NianbaoError
from extractor.evals.score import ALL_FIELDS
from extractor.evals.stats import DEFAULT_CONFIDENCE, DEFAULT_SAMPLES, DEFAULT_SEED
from extractor.llm.prompts import DEFAULT_PROMPT
from extractor.util import one_line

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
DEFAULT_THRESHOLD = 0.02
DEFAULT_MAX_TOKEN_INCREASE = 0.25


class SuiteError(NianbaoError, ValueError):
    """A suite file that cannot be read or names something that is not there (one line)."""


class SuiteCase(BaseModel):
    name: str
    report_path: Path
    gold_path: Path


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[\w.-]+$")
    description: str = ""
    reports: list[str] | Literal["all"] = "all"
    reports_dir: str = "../reports"
    gold_dir: str = "../gold"
    prompt: str = DEFAULT_PROMPT
    model: Literal["llm", "rules"] = "llm"
    local_model: str | None = None
    decides: list[str] | None = None
    config: str | None = None
    fields: list[str] = Field(default_factory=lambda: list(ALL_FIELDS))
    thresholds: dict[str, float] = Field(default_factory=lambda: {"default": DEFAULT_THRESHOLD})
    gate: Literal["paired", "point"] = "paired"
    confidence: float = Field(default=DEFAULT_CONFIDENCE, gt=0.5, lt=1.0)
    bootstrap: int = Field(default=DEFAULT_SAMPLES, ge=100, le=100_000)
    seed: int = DEFAULT_SEED
    max_token_increase: float | None = Field(default=DEFAULT_MAX_TOKEN_INCREASE, ge=0)
    path: str | None = Field(default=None, description="where the suite was read from (set by the loader)")

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: list[str]) -> list[str]:
        unknown = [f for f in fields if f not in ALL_FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; fields are {list(ALL_FIELDS)}")
        return fields

    @field_validator("thresholds")
    @classmethod
    def _known_thresholds(cls, thresholds: dict[str, float]) -> dict[str, float]:
        unknown = [f for f in thresholds if f != "default" and f not in ALL_FIELDS]
        if unknown:
            raise ValueError(f"threshold for unknown field(s) {unknown}")
        if any(v < 0 for v in thresholds.values()):
            raise ValueError("a threshold is the largest allowed drop: give a number >= 0")
        return thresholds

    def threshold(self, field: str) -> float:
        return self.thresholds.get(field, self.thresholds.get("default", DEFAULT_THRESHOLD))

    @property
    def base_dir(self) -> Path:
        return Path(self.path).parent if self.path else Path.cwd()

    def resolve(self, relative: str) -> Path:
        path = Path(relative)
        return path if path.is_absolute() else self.base_dir / path

    def prompt_spec(self) -> str:
        """The prompt as ``load_prompt`` takes it: a .md path relative to the suite file is resolved."""
        if self.prompt.endswith(".md"):
            here = self.resolve(self.prompt)
            return str(here) if here.exists() else self.prompt
        return self.prompt

    def config_path(self) -> str | None:
        return str(self.resolve(self.config)) if self.config else None

    def cases(self) -> list[SuiteCase]:
        reports_dir, gold_dir = self.resolve(self.reports_dir), self.resolve(self.gold_dir)
        if not gold_dir.is_dir():
            raise SuiteError(f"suite {self.name}: gold directory not found: {_show(gold_dir)}")
        if self.reports == "all":
            names = sorted(p.stem for p in gold_dir.glob("*.json"))
            if not names:
                raise SuiteError(f"suite {self.name}: no gold files in {_show(gold_dir)}")
        else:
            names = [Path(n).stem if Path(n).suffix in (*REPORT_SUFFIXES, ".json") else n for n in self.reports]
            if not names:
                raise SuiteError(f"suite {self.name}: 'reports' is empty")
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                raise SuiteError(f"suite {self.name}: report(s) listed twice: {', '.join(duplicates)}")
        cases = []
        for name in names:
            gold = gold_dir / f"{name}.json"
            if not gold.is_file():
                raise SuiteError(f"suite {self.name}: no gold file for '{name}' ({_show(gold)})")
            report = find_report(reports_dir, name)
            if report is None:
                raise SuiteError(f"suite {self.name}: no report '{name}' in {_show(reports_dir)} ({'/'.join(REPORT_SUFFIXES)})")
            cases.append(SuiteCase(name=name, report_path=_relative(report), gold_path=_relative(gold)))
        return cases


def find_report(reports_dir: Path, name: str) -> Path | None:
    for suffix in REPORT_SUFFIXES:
        path = reports_dir / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def load_suite(path: str | Path) -> Suite:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SuiteError(f"cannot read suite {path}: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SuiteError(f"suite {path} is not valid YAML: {one_line(exc)}") from None
    if not isinstance(data, dict):
        raise SuiteError(f"suite {path}: the top level must be a mapping (name:, reports:, …)")
    data.setdefault("name", path.stem)
    try:
        return Suite.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "suite"
        raise SuiteError(f"suite {path}: {where}: {first['msg']}") from None


def _relative(path: Path) -> Path:
    """Relative to the cwd when below it (run records stay portable), else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return resolved


def _show(path: Path) -> str:
    return str(_relative(path))
