"""nianbao: checked, reviewable data from 政府信息公开工作年度报告.

One import gives the library::

    import extractor

    report = extractor.parse_file("report.txt")            # tables, sections, metadata, checks: no LLM
    report.tables.applications["new_received"]["total"]

    config = extractor.ExtractorConfig(rules_only=True)     # or an endpoint: settings=extractor.ProviderSettings(...)
    with extractor.Extractor(config) as ex:
        extracted = ex.extract_file("report.txt")          # + narrative facts and rule 5
    extracted.narrative.proactive_counts

Every problem a user can fix is an :class:`NianbaoError` (``LoadError``, ``ConfigError``, ``PromptError``,
``LocalModelError`` …) with a one-line message.  The names are loaded on first use, so ``import extractor``
costs nothing and the command line starts fast.  Layers and where a change goes: ``docs/README.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_EXPORTS: dict[str, str] = {
    # parse (no LLM)
    "parse_file": "extractor.pipeline",
    "parse_text": "extractor.pipeline",
    "parse_document": "extractor.pipeline",
    "load_document": "extractor.load",
    "load_text": "extractor.load",
    # extract (LLM or rules)
    "Extractor": "extractor.report",
    "ExtractorConfig": "extractor.report",
    "ExtractedReport": "extractor.report",
    "extract_document": "extractor.report",
    "ProviderSettings": "extractor.llm.settings",
    # result models
    "ParsedReport": "extractor.models",
    "SourceDocument": "extractor.models",
    "SourceInfo": "extractor.models",
    "ReportMeta": "extractor.models",
    "Section": "extractor.models",
    "Tables": "extractor.models",
    "Cell": "extractor.models",
    "Finding": "extractor.models",
    "Span": "extractor.models",
    "Evidence": "extractor.models",
    "NarrativeFacts": "extractor.narrative.schema",
    "CountFact": "extractor.narrative.schema",
    "WorkItem": "extractor.narrative.schema",
    "Item": "extractor.narrative.schema",
    # errors
    "NianbaoError": "extractor.errors",
    "LoadError": "extractor.load",
    "ConfigError": "extractor.llm.settings",
    "PromptError": "extractor.llm.prompts",
    "LocalModelError": "extractor.llm.embedded",
    "PreviousReportError": "extractor.pipeline",
}

__all__ = [  # the names of _EXPORTS (tests/test_package.py checks)
    "Cell",
    "ConfigError",
    "CountFact",
    "Evidence",
    "ExtractedReport",
    "Extractor",
    "ExtractorConfig",
    "Finding",
    "Item",
    "LoadError",
    "LocalModelError",
    "NarrativeFacts",
    "NianbaoError",
    "ParsedReport",
    "PreviousReportError",
    "PromptError",
    "ProviderSettings",
    "ReportMeta",
    "Section",
    "SourceDocument",
    "SourceInfo",
    "Span",
    "Tables",
    "WorkItem",
    "__version__",
    "extract_document",
    "load_document",
    "load_text",
    "parse_document",
    "parse_file",
    "parse_text",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers and IDEs see
    from extractor.errors import NianbaoError
    from extractor.llm.embedded import LocalModelError
    from extractor.llm.prompts import PromptError
    from extractor.llm.settings import ConfigError, ProviderSettings
    from extractor.load import LoadError, load_document, load_text
    from extractor.models import (
        Cell,
        Evidence,
        Finding,
        ParsedReport,
        ReportMeta,
        Section,
        SourceDocument,
        SourceInfo,
        Span,
        Tables,
    )
    from extractor.narrative.schema import CountFact, Item, NarrativeFacts, WorkItem
    from extractor.pipeline import PreviousReportError, parse_document, parse_file, parse_text
    from extractor.report import ExtractedReport, Extractor, ExtractorConfig, extract_document
