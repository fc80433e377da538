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


class Evidence(BaseModel):
    """An exact quote and where it is: ``source_text[start:end] == quote`` (original text offsets).

    What every extracted value rests on: a narrative fact carries one as ``evidence``; a table cell is
    the same idea stored flat (``raw`` and ``span``: :attr:`Cell.evidence`).
    """

    quote: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)

    def holds_in(self, text: str) -> bool:
        """Whether ``text`` has the quote exactly at these offsets (a non-empty quote)."""
        return 0 <= self.start < self.end <= len(text) and text[self.start : self.end] == self.quote


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

    @property
    def evidence(self) -> Evidence | None:
        """The printed cell as :class:`Evidence` (``raw`` at ``span``); None for a cell that is not printed."""
        if self.span is None:
            return None
        return Evidence(quote=self.raw, start=self.span.start, end=self.span.end)


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


class TableConfidence(BaseModel):
    """How far to trust one parsed table (see ``extractor.tables.confidence``): sort by it to review
    the weakest tables first."""

    confidence: float = Field(description="share of the form's cells read without a doubt flag, times checks_share (1 when no rule applies)")
    cells_expected: int = Field(description="cells the form has")
    cells_read: int = Field(description="cells found in the text (a blank cell counts; a missing one does not)")
    cells_flagged: int = Field(description="cells read with ambiguous_split, aligned_by_order or recovered_detached")
    checks_passed: int = 0
    checks_failed: int = 0
    checks_share: float | None = Field(default=None, description="passed / applicable rules 1-4 of the table; None when none applies")
    unflagged_share: float = Field(description="(cells_read - cells_flagged) / cells_expected")


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
    table_confidence: dict[str, TableConfidence] = Field(
        default_factory=dict, description="per table (proactive, applications, review_litigation); empty for a legacy report"
    )
    cells: list[Cell] = Field(default_factory=list)
    checks: list[Finding] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)

