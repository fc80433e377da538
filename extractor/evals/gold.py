"""Gold files (``evals/gold/NAME.json``, format in ``evals/gold/FORMAT.md``): models, loader, ``gold check``.

The loader reads both forms of the narrative part: format 2 (every fact with ``quote``/``start``/``end``)
and the older one (counts without offsets, problems and improvements as plain strings).
:func:`check_gold` proves a gold file against its report: the schema, every quote at its offsets, and
the table arithmetic (the 勾稽 rules that fail on the gold numbers are exactly the ``rule_failures``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extractor.checks import run_checks
from extractor.errors import NianbaoError
from extractor.models import Tables
from extractor.narrative.checks import narrative_checks
from extractor.narrative.fact_lists import COUNT_LISTS, ITEM_LISTS, LIST_CATEGORY, WORK_LISTS
from extractor.narrative.numbers import cn_to_number, find_figures
from extractor.narrative.schema import CountFact, Evidence, WorkKind
from extractor.narrative.themes import ThemeKey
from extractor.normalize import normalize

Number = int | float

TABLE_NAMES: tuple[str, ...] = ("proactive", "applications", "review_litigation")


class GoldError(NianbaoError, ValueError):
    """A gold file that cannot be read or does not fit the format (one line)."""


class GoldSpan(Evidence):
    """Where the report states a fact again (``also``): a prediction there is the same fact."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class _Quoted(BaseModel):
    model_config = ConfigDict(extra="allow")  # labelers add e.g. "section" or "note"

    quote: str | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    also: list[GoldSpan] = Field(default_factory=list, description="restatements of the same fact (evals/README.md)")

    @model_validator(mode="after")
    def _span_complete(self) -> _Quoted:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValueError(f"start {self.start} must be < end {self.end}")
        if self.start is not None and not self.quote:
            raise ValueError("offsets without a quote")
        return self

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def span(self) -> tuple[int, int] | None:
        return (self.start, self.end) if self.start is not None and self.end is not None else None

    @property
    def also_spans(self) -> list[tuple[int, int]]:
        return [(a.start, a.end) for a in self.also]

    @property
    def evidence(self) -> Evidence | None:
        """The quote at its offsets; None for the older form without offsets."""
        if self.quote is None or self.start is None or self.end is None:
            return None
        return Evidence(quote=self.quote, start=self.start, end=self.end)


class GoldCount(_Quoted):
    what: str = Field(min_length=1)
    value: Number
    unit: str | None = None
    channel: str | None = None
    approximate: bool = False
    quote: str = Field(min_length=1)


class GoldWork(_Quoted):
    kind: WorkKind
    text: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class GoldItem(_Quoted):
    text: str = Field(min_length=1)
    theme: ThemeKey | None = Field(default=None, description="the theme of the codebook (extractor/narrative/themes.py)")

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


class GoldNarrative(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt list would silently score as empty

    proactive_counts: list[GoldCount] = Field(default_factory=list)
    application_counts: list[GoldCount] = Field(default_factory=list)
    review_litigation_counts: list[GoldCount] = Field(default_factory=list)
    platform_counts: list[GoldCount] = Field(default_factory=list)
    oversight_counts: list[GoldCount] = Field(default_factory=list)
    fees: list[GoldCount] = Field(default_factory=list)
    other_counts: list[GoldCount] = Field(default_factory=list)
    platform_work: list[GoldWork] = Field(default_factory=list)
    oversight: list[GoldWork] = Field(default_factory=list)
    problems: list[GoldItem] = Field(default_factory=list)
    improvements: list[GoldItem] = Field(default_factory=list)

    def counts(self, name: str) -> list[GoldCount]:
        if name == "all_counts":
            return [fact for list_name in COUNT_LISTS for fact in getattr(self, list_name)]
        return list(getattr(self, name))


class GoldReport(BaseModel):
    """One gold file.  ``name`` is the file stem (the report is ``evals/reports/NAME.*``)."""

    model_config = ConfigDict(extra="allow")  # notes, legacy_statistics …

    name: str = ""
    sha256: str = Field(default="", description="of the gold file bytes")
    template: Literal["2021", "2019", "legacy", "unknown"]
    complete: bool = True
    narrative_complete: bool = False
    tables: dict[str, dict[str, Any] | None] = Field(default_factory=dict)
    rule_failures: list[str] = Field(default_factory=list)
    narrative: GoldNarrative = Field(default_factory=GoldNarrative)

    @field_validator("tables")
    @classmethod
    def _tables_hold_numbers(cls, tables: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any] | None]:
        unknown = sorted(set(tables) - set(TABLE_NAMES))
        if unknown:
            raise ValueError(f"unknown table(s) {unknown}; tables are {list(TABLE_NAMES)}")
        for table, rows in tables.items():
            for path, value in flatten_table(rows or {}, table):
                if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                    raise ValueError(f"cell {path} is {value!r}: a cell is a number or null")
        return tables

    @field_validator("tables", mode="before")
    @classmethod
    def _null_tables(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("narrative", mode="before")
    @classmethod
    def _null_narrative(cls, value: Any) -> Any:
        return {} if value is None else value


def flatten_table(rows: dict[str, Any], prefix: str) -> list[tuple[str, Any]]:
    """Dotted cell paths and values: ``applications.granted.total``; nested dicts (``extra_rows``) recurse."""
    out: list[tuple[str, Any]] = []
    for key, value in rows.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict):
            out.extend(flatten_table(value, path))
        else:
            out.append((path, value))
    return out


def gold_cells(gold: GoldReport) -> dict[str, Number | None]:
    return {path: value for table in TABLE_NAMES for path, value in flatten_table(gold.tables.get(table) or {}, table)}


def load_gold(path: str | Path) -> GoldReport:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GoldError(f"cannot read gold file {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"gold file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"gold file {path}: the top level must be an object")
    data = {**data, "name": path.stem, "sha256": hashlib.sha256(raw).hexdigest()}
    try:
        return GoldReport.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise GoldError(f"gold file {path}: {where}: {first['msg']}{more}") from None


# ---------------------------------------------------------------------------------------------
# gold check
# ---------------------------------------------------------------------------------------------
class GoldProblem(BaseModel):
    level: Literal["error", "warning"]
    where: str
    message: str


class GoldCheck(BaseModel):
    name: str
    problems: list[GoldProblem] = Field(default_factory=list)
    facts: int = 0
    quotes_at_offsets: int = 0
    cells: int = 0

    @property
    def errors(self) -> list[GoldProblem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[GoldProblem]:
        return [p for p in self.problems if p.level == "warning"]


def check_gold(gold: GoldReport, source_text: str) -> GoldCheck:
    """Every quote at its offsets in ``source_text``, values printed in their quotes, table arithmetic noted."""
    result = GoldCheck(name=gold.name, cells=len(gold_cells(gold)))

    def problem(level: Literal["error", "warning"], where: str, message: str) -> None:
        result.problems.append(GoldProblem(level=level, where=where, message=message))

    narrative = gold.narrative
    for list_name in (*COUNT_LISTS, *WORK_LISTS, *ITEM_LISTS):
        seen: set[tuple[str, str]] = set()
        for i, fact in enumerate(getattr(narrative, list_name)):
            where = f"narrative.{list_name}[{i}]"
            result.facts += 1
            _check_quote(fact, where, source_text, result, problem)
            for j, again in enumerate(fact.also):
                if not again.holds_in(source_text):
                    found = _find_all(source_text, again.quote)
                    hint = f"; the quote is at {found[:3]}" if found else "; the quote is nowhere in the report"
                    problem("error", f"{where}.also[{j}]", f"quote 「{again.quote}」 is not at [{again.start}, {again.end}){hint}")
            if isinstance(fact, GoldItem) and fact.theme is None:
                problem("warning", where, "no theme (one of the codebook's keys: extractor/narrative/themes.py)")
            if isinstance(fact, GoldCount):
                _check_value_in_quote(fact, where, problem)
                key = (fact.what, fact.quote)
                if key in seen:
                    problem("warning", where, f"duplicate of an earlier fact ({fact.what}, 「{fact.quote}」)")
                seen.add(key)
    _check_rule_failures(gold, problem)
    return result


def _check_quote(fact: _Quoted, where: str, text: str, result: GoldCheck, problem: Any) -> None:
    quote = fact.quote
    if not quote:
        problem("warning", where, "no quote (older form): not checked against the report")
        return
    found = _find_all(text, quote)
    evidence = fact.evidence
    if evidence is not None:
        if evidence.holds_in(text):
            result.quotes_at_offsets += 1
            return
        hint = f"; the quote is at {found[:3]}" if found else "; the quote is nowhere in the report"
        problem("error", where, f"quote 「{quote}」 is not at [{evidence.start}, {evidence.end}): the report has 「{text[evidence.start:evidence.end]}」{hint}")
    elif found:
        problem("warning", where, f"no start/end (older form); the quote is at {found[:3]}")
    else:
        problem("error", where, f"quote 「{quote}」 is nowhere in the report")


def _find_all(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


_ZERO_WORDS = ("无", "未", "没有", "零", "0")
_SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3}
_BARE_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)(万|亿|千)?")


def _check_value_in_quote(fact: GoldCount, where: str, problem: Any) -> None:
    """The value is one the quote prints (1.2万余条 -> 12000), or 0 for a 未发生/无 statement."""
    norm = re.sub(r"\s+", "", normalize(fact.quote).text)
    if fact.value == 0 and any(w in norm for w in _ZERO_WORDS):
        return
    printed = {float(f.value) for f in find_figures(norm)}
    for m in _BARE_NUMBER.finditer(norm):  # figures with a unit find_figures does not know (展板3块)
        number = m.group(1)
        value = float(number.replace(",", "")) if number[0].isdigit() else cn_to_number(number)
        if value is not None:
            printed |= {float(value), float(value) * _SCALE.get(m.group(2) or "", 1.0)}
    # money keeps its printed unit: 1.5万元 is value 1.5 with unit 万元
    printed |= {v / _SCALE.get((fact.unit or " ")[0], 1.0) for v in printed}
    if not any(math.isclose(float(fact.value), v, rel_tol=1e-9, abs_tol=1e-6) for v in printed):
        problem("warning", where, f"value {fact.value:g} is not a figure the quote 「{fact.quote}」 prints")


def _check_rule_failures(gold: GoldReport, problem: Any) -> None:
    tables = Tables(
        proactive=gold.tables.get("proactive"),
        applications=gold.tables.get("applications"),
        review_litigation=gold.tables.get("review_litigation"),
    )
    listed = set(gold.rule_failures)
    if len(listed) != len(gold.rule_failures):
        problem("warning", "rule_failures", "an id is listed twice")
    failing = {f.id for f in run_checks(tables, gold.template) if f.passed is False}
    # rule 6 (previous_year.*) needs last year's report: it cannot be re-checked from one gold file
    listed_tables = {r for r in listed if not r.startswith(("narrative.", "previous_year."))}
    for rule in sorted(failing - listed_tables):
        problem("error", "rule_failures", f"{rule} fails on the gold table numbers but is not listed")
    for rule in sorted(listed_tables - failing):
        problem("error", "rule_failures", f"{rule} is listed but holds (or is not applicable) on the gold table numbers")
    # rule 5 links facts to cells by their wording, so a disagreement here is worth a look, not an error
    facts = [
        CountFact(
            id=f"g{i}", category=LIST_CATEGORY[list_name], section="", quantity=fact.what, value=fact.value,
            unit=fact.unit, raw=str(fact.value), evidence=Evidence(quote=fact.quote, start=fact.start or 0, end=fact.end or 0),
        )
        for list_name in COUNT_LISTS
        for i, fact in enumerate(getattr(gold.narrative, list_name))
    ]
    narrative_failing = {f.id for f in narrative_checks(facts, tables, gold.template).findings if f.passed is False}
    listed_narrative = {r for r in listed if r.startswith("narrative.")}
    for rule in sorted(narrative_failing - listed_narrative):
        problem("warning", "rule_failures", f"{rule} fails on the gold narrative facts against the gold tables but is not listed")
    for rule in sorted(listed_narrative - narrative_failing):
        problem("warning", "rule_failures", f"{rule} is listed but no gold narrative fact breaks it (facts are linked by their wording)")
