"""Plain data types passed between the pipeline stages.

Every offset in these models is a character offset into the *source text*: the text the loader
extracted from the file (for a ``.txt`` file, the decoded file content itself). ``end`` is
exclusive, so ``source_text[span.start:span.end]`` is the quoted text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = "1"

Template = Literal["2021", "2019", "legacy", "unknown"]
SourceFormat = Literal["txt", "html", "docx", "pdf"]
Number = int | float


class Span(BaseModel):
    """A half-open character range ``[start, end)`` in the source text."""

    start: int
    end: int


class SourceDocument(BaseModel):
    """What the loader read: the source text every span points into."""

    path: str | None = None
    format: SourceFormat = "txt"
    encoding: str | None = None
    sha256: str = Field(description="sha256 of the raw file bytes (or of the text, UTF-8, when given a string)")
    text: str
    warnings: list[str] = Field(default_factory=list)


class Section(BaseModel):
    """A numbered part of the report (一 … 六) or a sub-part of section 一."""

    key: str = Field(description="stable id, e.g. 'overview', 'proactive_table', 'overview.platforms'")
    number: str | None = Field(default=None, description="the numeral as printed: 一, 二, （四）…")
    title: str
    span: Span = Field(description="the whole section, heading included")
    heading: Span
    subsections: list[Section] = Field(default_factory=list)


class ReportMeta(BaseModel):
    title: str | None = None
    issuing_body: str | None = None
    year: int | None = Field(default=None, description="the reporting year (统计年度)")
    period_start: str | None = Field(default=None, description="ISO date the statistics period starts")
    period_end: str | None = None
    published: str | None = Field(default=None, description="ISO publication date, when printed")
    template: Template = "unknown"
    template_evidence: list[str] = Field(default_factory=list, description="labels that decided the template")


class Cell(BaseModel):
    """One parsed table cell with where it came from."""

    table: Literal["proactive", "applications", "review_litigation"]
    row: str
    column: str
    value: Number | None
    raw: str = Field(description="the cell text as printed ('' for a blank cell)")
    span: Span | None = Field(default=None, description="the printed cell in the source text; None when absent")
    flags: list[str] = Field(
        default_factory=list,
        description="'ambiguous_split', 'split_from_run', 'recovered_detached', 'placeholder', 'remark' …",
    )
    note: str | None = None


class Finding(BaseModel):
    """One consistency rule evaluated on the report (勾稽关系)."""

    id: str
    passed: bool | None = Field(description="None = not applicable (blank cells)")
    expected: Number | None = None
    printed: Number | None = None
    cells: list[str] = Field(default_factory=list, description="dotted cell paths, e.g. applications.granted.total")
    message: str = ""
    spans: list[Span] = Field(default_factory=list)


class Warning_(BaseModel):
    code: str
    message: str
    span: Span | None = None


class Tables(BaseModel):
    """Tables 二/三/四 under the key names of the data dictionary; a missing table is None."""

    proactive: dict[str, dict[str, Any]] | None = Field(default=None, description="rows; local extra rows under 'extra_rows'")
    applications: dict[str, dict[str, Number | None]] | None = None
    review_litigation: dict[str, dict[str, Number | None]] | None = None


class SourceInfo(BaseModel):
    path: str | None
    format: SourceFormat
    encoding: str | None
    sha256: str
    chars: int


class ParsedReport(BaseModel):
    """The deterministic part of a report: the JSON of ``nianbao parse --json``."""

    schema_version: str = SCHEMA_VERSION
    source: SourceInfo
    meta: ReportMeta
    sections: list[Section] = Field(default_factory=list)
    tables: Tables = Field(default_factory=Tables)
    cells: list[Cell] = Field(default_factory=list)
    checks: list[Finding] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)


class DigestFigure(BaseModel):
    key: str = Field(description="stable key for programs, e.g. applications.new_received")
    label: str = Field(description="official Chinese label")
    value: Number | None
    unit: str | None = None
    source: Literal["table", "narrative", "checks"]
    ref: str | None = Field(default=None, description="the table cell (table.row.column) or the fact id it comes from")


class Digest(BaseModel):
    """What an analyst reads first: key figures rendered by code, model sentences that passed the check."""

    figures: list[DigestFigure] = Field(default_factory=list)
    sentences: list[SectionSummary] = Field(default_factory=list, description="at most two per section, each supported")
    failed_checks: list[str] = Field(default_factory=list, description="ids of the rules the printed numbers break")
    lines: list[str] = Field(default_factory=list, description="the digest as a person reads it, in Chinese")


class ExtractedReport(ParsedReport):
    """``nianbao extract --json``: the parse output plus the narrative facts; rule 5 findings in ``checks``."""

    narrative: NarrativeFacts | None = None
    digest: Digest | None = None


from extractor.narrative.schema import NarrativeFacts, SectionSummary  # noqa: E402  (schema imports nothing from here)

Digest.model_rebuild()

ExtractedReport.model_rebuild()
