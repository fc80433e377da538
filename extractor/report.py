"""The extract stage: parse the tables, label the narrative, run every check: one :class:`ExtractedReport`.

::

    from extractor import Extractor, ExtractorConfig

    with Extractor(ExtractorConfig(rules_only=True)) as ex:      # no LLM: the keyword rules
        report = ex.extract_file("report.txt")

    with Extractor() as ex:                                       # NIANBAO_BASE_URL/nianbao.toml, else the embedded model
        report = ex.extract_file("report.txt")

:class:`ExtractorConfig` is every option of ``nianbao extract`` as a typed value; :class:`Extractor` opens
what it needs (the LLM client, the embedded model when no endpoint is configured, the answer cache) for
the duration of a ``with`` block.  :func:`extract_document` is the stage itself for callers that bring
their own :class:`~extractor.narrative.extract.NarrativeExtractor` (the batch runner, the eval harness).
"""

from __future__ import annotations

import dataclasses
import os
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extractor.digest import Digest, build_digest
from extractor.llm.cache import AnswerCache, default_cache_path
from extractor.llm.client import ChatClient
from extractor.llm.prompts import DEFAULT_PROMPT, Prompt, load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.llm.tracing import GenerationSink, Tracer
from extractor.llm.usage import TokenBudget
from extractor.load import load_document, load_text
from extractor.models import ParsedReport, SourceDocument, Warning_
from extractor.narrative.checks import narrative_checks
from extractor.narrative.extract import NARRATIVE_FIELDS, NarrativeExtractor
from extractor.narrative.schema import NarrativeFacts
from extractor.normalize import NormalizedText, normalize
from extractor.pipeline import parse_normalized
from extractor.segment import SectionSpan, find_sections

__all__ = ["DEFAULT_PROMPT", "ExtractedReport", "Extractor", "ExtractorConfig", "extract_document"]

# A report's narrative is rarely 30,000 characters. A text hundreds of times that long would only fill
# memory with its figures (about 1 KB per fact: a megabyte of nothing but counts is 80,000 of them) and
# the LLM with chunks: the narrative stage reads the first MAX_NARRATIVE_CHARS characters, with a warning.
MAX_NARRATIVE_CHARS = 200_000


class ExtractedReport(ParsedReport):
    """``nianbao extract --json``: the parse output plus the narrative facts (rule 5 findings in ``checks``) and
    the digest an analyst reads first."""

    narrative: NarrativeFacts | None = None
    digest: Digest | None = None


class ExtractorConfig(BaseModel):
    """How to extract: the options of ``nianbao extract`` (and of ``batch`` and ``eval run``) as one value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str = Field(default=DEFAULT_PROMPT, description="prompt name@version, or a path to a .md prompt file")
    rules_only: bool = Field(default=False, description="no LLM: keyword rules label the figures and sentences")
    learned_work: bool = Field(
        default=True,
        description="the work classifier trained on the labeled sets decides which work points are platform work "
        "(False: the keyword rules alone; docs/narrative.md)",
    )
    settings: ProviderSettings | None = Field(
        default=None, description="where the LLM is; None: resolved from the environment and the config file"
    )
    config_file: Path | None = Field(default=None, description="settings file with an [llm] table (default ./nianbao.toml)")
    cache: Path | None = Field(default=None, description="the answer cache (default ~/.cache/nianbao/llm_cache.sqlite)")
    use_cache: bool = Field(default=True, description="False: neither read nor write cached answers")
    local_model: Literal["1.5b", "0.5b"] | None = Field(
        default=None, description="the embedded model to start when no endpoint is configured (default: the largest installed)"
    )
    decides: frozenset[str] | None = Field(
        default=None,
        description="the narrative fields the model decides (counts, items, work, briefs, summaries, themes); None: the model "
        "profile's, measured per field in docs/llm.md; the rules keep the others",
    )

    @field_validator("decides")
    @classmethod
    def _known_fields(cls, value: frozenset[str] | None) -> frozenset[str] | None:
        unknown = sorted(set(value or ()) - set(NARRATIVE_FIELDS))
        if unknown:
            raise ValueError(f"unknown narrative field(s) {', '.join(unknown)}; fields are {', '.join(NARRATIVE_FIELDS)}")
        return value

    def load_prompt(self) -> Prompt:
        """The prompt (:class:`~extractor.llm.prompts.PromptError` when it cannot be read)."""
        return load_prompt(self.prompt)

    def resolve_settings(
        self, *, timeout_s: float | None = None, max_transient_retries: int | None = None,
        report_timeout_s: float | None = None,
    ) -> ProviderSettings | None:
        """Where the LLM is (None for rules only): ``settings``, else the given limits > environment > file."""
        if self.rules_only:
            return None
        if self.settings is not None:
            return self.settings
        return ProviderSettings.resolve(
            config_path=self.config_file, timeout_s=timeout_s, max_transient_retries=max_transient_retries,
            report_timeout_s=report_timeout_s,
        )

    def cache_path(self, default: Path | None = None) -> Path | None:
        """The answer cache file, or None when caching is off."""
        if not self.use_cache:
            return None
        return self.cache or default or default_cache_path()


def model_decides(config: ExtractorConfig, model: str, base_url: str | None) -> frozenset[str]:
    """The narrative fields the model decides: the config's, else its profile's (measured per field)."""
    if config.decides is not None:
        return config.decides
    from extractor.llm.profiles import profile_for  # here: instructor is loaded only when an LLM is used

    return profile_for(model, base_url).narrative_fields


def extract_document(
    doc: SourceDocument,
    extractor: NarrativeExtractor,
    *,
    previous: SourceDocument | None = None,
    budget: TokenBudget | None = None,
    trace: GenerationSink | None = None,
    tracer: Tracer | None = None,
    force_previous: bool = False,
) -> ExtractedReport:
    """Parse + narrative + every check.  With a ``tracer`` (Langfuse keys set), the report is one trace and
    every LLM call a generation in it; ``trace`` instead attaches the calls to a caller's trace."""
    if tracer is not None and trace is None and tracer.enabled:
        meta = {"path": doc.path, "sha256": doc.sha256, "prompt": extractor.prompt.id, "model": extractor.model}
        with tracer.report(f"report {doc.path or doc.sha256[:12]}", metadata=meta) as report_trace:
            report = _extract(doc, extractor, previous, budget, report_trace, force_previous)
            failed = [c.id for c in report.checks if c.passed is False]
            usage = report.narrative.usage.model_dump() if report.narrative else {}
            report_trace.update(output={"failed_checks": failed, "usage": usage})
        return report
    return _extract(doc, extractor, previous, budget, trace, force_previous)


def _extract(
    doc: SourceDocument,
    extractor: NarrativeExtractor,
    previous: SourceDocument | None,
    budget: TokenBudget | None,
    trace: GenerationSink | None,
    force_previous: bool = False,
) -> ExtractedReport:
    norm = normalize(doc.text)
    sections = find_sections(norm.text)
    parsed = parse_normalized(doc, norm, sections, previous=previous, force_previous=force_previous)
    report = ExtractedReport.model_construct(**dict(parsed))
    narrative_norm, narrative_sections = norm, sections
    if len(norm.text) > MAX_NARRATIVE_CHARS:
        narrative_norm = NormalizedText(norm.text[:MAX_NARRATIVE_CHARS], norm.offsets)
        narrative_sections = _clipped(sections, MAX_NARRATIVE_CHARS)
        report.warnings = [*report.warnings, Warning_(
            code="narrative_truncated",
            message=f"the text holds {len(norm.text):,} characters: only the first {MAX_NARRATIVE_CHARS:,} were read "
            "for narrative facts",
            span=norm.source_span(MAX_NARRATIVE_CHARS, len(norm.text)),
        )]
    narrative = extractor.extract(doc, narrative_norm, narrative_sections, budget=budget, trace=trace)
    spans = {f"{c.table}.{c.row}.{c.column}": c.span for c in parsed.cells if c.span is not None}
    counts = narrative.all_counts()
    rule5 = narrative_checks(counts, parsed.tables, parsed.meta.template, spans)
    for fact, cells in zip(counts, rule5.table_cells, strict=True):
        if cells is not None:
            fact.table_cell = cells
    report.checks = [*parsed.checks, *rule5.findings]
    report.narrative = narrative
    report.digest = build_digest(report, narrative)
    return report


def _clipped(sections: list[SectionSpan], cut: int) -> list[SectionSpan]:
    return [
        dataclasses.replace(s, heading_end=min(s.heading_end, cut), end=min(s.end, cut), subsections=_clipped(s.subsections, cut))
        for s in sections
        if s.start < cut
    ]


class Extractor:
    """Parsing and narrative extraction with one :class:`ExtractorConfig`, for many reports.

    Use it as a context manager: entering loads the prompt and opens the LLM client (starting the embedded
    model when no endpoint is configured) and the answer cache; leaving closes them and flushes the
    tracer.  ``client`` brings a ready :class:`~extractor.llm.client.ChatClient` instead (the config's
    settings are then not used); ``tracer`` defaults to Langfuse when its keys are set, silent otherwise.
    """

    def __init__(
        self, config: ExtractorConfig | None = None, *, client: ChatClient | None = None, tracer: Tracer | None = None
    ) -> None:
        self.config = config or ExtractorConfig()
        self.tracer = tracer or Tracer()
        self._client = client
        self._stack = ExitStack()
        self._narrative: NarrativeExtractor | None = None
        self._settings: ProviderSettings | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def open(self) -> Extractor:
        if self._narrative is not None:
            return self
        config = self.config
        prompt = config.load_prompt()
        if config.rules_only:
            self._narrative = NarrativeExtractor(prompt, learned_work=config.learned_work)
            return self
        try:
            client = self._client
            if client is None:
                from extractor.llm.connect import (
                    open_client,  # here: openai is loaded only when an LLM is used
                )

                env = {**os.environ, "NIANBAO_LOCAL_MODEL": config.local_model} if config.local_model else None
                opened = self._stack.enter_context(open_client(config.resolve_settings(), env=env))
                self._settings, client = opened.settings, opened
            cache_path = config.cache_path()
            cache = AnswerCache(cache_path) if cache_path is not None else None
            if cache is not None:
                self._stack.callback(cache.close)
            decides = model_decides(config, client.model, self._settings.base_url if self._settings else None)
            self._narrative = NarrativeExtractor(prompt, client, cache=cache, decides=decides, learned_work=config.learned_work)
        except BaseException:
            self._stack.close()
            raise
        return self

    def close(self) -> None:
        self.tracer.flush()
        self._narrative = None
        self._stack.close()

    def __enter__(self) -> Extractor:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- use -------------------------------------------------------------------------------------
    @property
    def narrative(self) -> NarrativeExtractor:
        """The narrative stage as opened (its ``client`` may be wrapped, e.g. to record the calls)."""
        if self._narrative is None:
            raise RuntimeError("Extractor is not open: use it in a with block (or call open())")
        return self._narrative

    @property
    def model(self) -> str:
        return self.narrative.model

    def describe(self) -> str:
        """Where the model runs, in one line, without secrets."""
        if self.narrative.client is None:
            return "rules only (no LLM)"
        return self._settings.describe() if self._settings is not None else self.narrative.model

    def extract_document(
        self, doc: SourceDocument, *, previous: SourceDocument | None = None, trace: GenerationSink | None = None,
        force_previous: bool = False,
    ) -> ExtractedReport:
        """``previous``: last year's report of the same body, for rule 6 (another body's or year's is refused,
        :class:`~extractor.pipeline.PreviousReportError`, unless ``force_previous``)."""
        return extract_document(doc, self.narrative, previous=previous, trace=trace, tracer=None if trace else self.tracer,
                                force_previous=force_previous)

    def extract_file(
        self, path: str | os.PathLike[str], *, previous: str | os.PathLike[str] | None = None, force_previous: bool = False
    ) -> ExtractedReport:
        prev = load_document(previous) if previous is not None else None
        return self.extract_document(load_document(path), previous=prev, force_previous=force_previous)

    def extract_text(self, text: str, *, path: str | None = None) -> ExtractedReport:
        return self.extract_document(load_text(text, path=path))
