"""``nianbao extract``: parse the tables, label the narrative, run every check, one ExtractedReport."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractor.cache import AnswerCache, default_cache_path
from extractor.checks import narrative_checks
from extractor.digest import build_digest
from extractor.local_model import open_client
from extractor.models import ExtractedReport, SourceDocument
from extractor.narrative.extract import NARRATIVE_FIELDS, NarrativeExtractor
from extractor.normalize import normalize
from extractor.pipeline import parse_normalized
from extractor.prompts import PromptError, load_prompt
from extractor.providers import GenerationSink, ProviderSettings, TokenBudget
from extractor.segment import find_sections
from extractor.tracing import Tracer


def extract_document(
    doc: SourceDocument,
    extractor: NarrativeExtractor,
    *,
    previous: SourceDocument | None = None,
    budget: TokenBudget | None = None,
    trace: GenerationSink | None = None,
    tracer: Tracer | None = None,
) -> ExtractedReport:
    """Parse + narrative + every check.  With a ``tracer`` (Langfuse keys set), the report is one trace and
    every LLM call a generation in it; ``trace`` instead attaches the calls to a caller's trace."""
    if tracer is not None and trace is None and tracer.enabled:
        meta = {"path": doc.path, "sha256": doc.sha256, "prompt": extractor.prompt.id, "model": extractor.model}
        with tracer.report(f"report {doc.path or doc.sha256[:12]}", metadata=meta) as report_trace:
            report = _extract(doc, extractor, previous, budget, report_trace)
            failed = [c.id for c in report.checks if c.passed is False]
            usage = report.narrative.usage.model_dump() if report.narrative else {}
            report_trace.update(output={"failed_checks": failed, "usage": usage})
        return report
    return _extract(doc, extractor, previous, budget, trace)


def _extract(
    doc: SourceDocument,
    extractor: NarrativeExtractor,
    previous: SourceDocument | None,
    budget: TokenBudget | None,
    trace: GenerationSink | None,
) -> ExtractedReport:
    norm = normalize(doc.text)
    sections = find_sections(norm.text)
    parsed = parse_normalized(doc, norm, sections, previous=previous)
    report = ExtractedReport.model_construct(**dict(parsed))
    narrative = extractor.extract(doc, norm, sections, budget=budget, trace=trace)
    spans = {f"{c.table}.{c.row}.{c.column}": c.span for c in parsed.cells if c.span is not None}
    report.checks = [*parsed.checks, *narrative_checks(narrative.all_counts(), parsed.tables, parsed.meta.template, spans)]
    report.narrative = narrative
    report.digest = build_digest(report)
    return report


DEFAULT_PROMPT = "narrative@v2"


def add_llm_options(parser: argparse.ArgumentParser) -> None:
    """The options every command that calls the LLM shares (extract, batch, eval)."""
    group = parser.add_argument_group("LLM")
    group.add_argument("--prompt", default=DEFAULT_PROMPT, help="prompt name@version or a .md file (default %(default)s)")
    group.add_argument("--config", metavar="TOML", help="settings file with an [llm] table (default ./nianbao.toml)")
    group.add_argument("--rules-only", action="store_true", help="no LLM: keyword rules label the figures and sentences")
    group.add_argument("--cache", metavar="SQLITE", help=f"answer cache (default {default_cache_path()})")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write cached LLM answers")
    group.add_argument(
        "--decides", metavar="FIELDS",
        help="which narrative fields the model decides, comma-separated among counts,items,work,briefs,summaries "
        "(default: the model profile's, measured in docs/llm.md); the rules keep the others",
    )


def parse_decides(value: str | list[str] | None) -> frozenset[str] | None:
    """``"counts,items"`` (or a list) -> the set; ``"none"`` -> nothing; None -> the profile's default."""
    if value is None:
        return None
    names = value.split(",") if isinstance(value, str) else value
    fields = frozenset(n.strip() for n in names if n.strip() and n.strip() != "none")
    unknown = fields - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValueError(f"--decides: unknown field(s) {', '.join(sorted(unknown))}; fields are {', '.join(NARRATIVE_FIELDS)}")
    return fields


@contextmanager
def open_extractor(args: argparse.Namespace, *, cache_path: Path | None = None) -> Iterator[NarrativeExtractor]:
    """A NarrativeExtractor for the command-line options; starts (and stops) the embedded model if needed."""
    try:
        prompt = load_prompt(args.prompt)
    except PromptError as exc:
        raise ValueError(str(exc)) from None
    if args.rules_only:
        yield NarrativeExtractor(prompt)
        return
    decides = parse_decides(getattr(args, "decides", None))
    settings = ProviderSettings.resolve(config_path=args.config)
    cache = None if args.no_cache else AnswerCache(Path(args.cache) if args.cache else cache_path or default_cache_path())
    try:
        with open_client(settings) as client:
            yield NarrativeExtractor(prompt, client, cache=cache, decides=decides)
    finally:
        if cache is not None:
            cache.close()
