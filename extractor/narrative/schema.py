"""Narrative facts: the output types of ``nianbao extract`` and the answer types the LLM fills in.

Two families live here on purpose (one module for every narrative schema):

* **Output facts** (:class:`CountFact`, :class:`WorkItem`, :class:`Item`, :class:`NarrativeFacts`):
  what users, the eval harness and the review UI read.  Every fact carries :class:`Evidence`, a quote
  and its ``[start, end)`` offsets in the ORIGINAL source text (``source_text[start:end] == quote``).
* **LLM answers** (:class:`NumberLabels`, :class:`SentenceLabels`): what the model returns.  The model
  never writes a number or a quote: code finds the numbers and sentences (with offsets), the model
  labels them by id.  Their validators reject unknown ids and empty names, so instructor re-asks with
  the error; what still fails is dropped and counted in :class:`DroppedFact`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from extractor.llm.usage import Usage
from extractor.models import Evidence as Evidence  # re-exported: every fact carries one

Number = int | float

NARRATIVE_SCHEMA_VERSION = "1"

CountCategory = Literal["proactive", "application", "review_litigation", "platform", "oversight", "fee", "other"]
WorkKind = Literal[
    "website", "new_media", "gazette", "hotline", "intensive", "accessibility", "redesign", "open_day",
    "training", "assessment", "accountability", "system", "other",
]
SentenceKind = Literal["problem", "improvement", "platform", "oversight", "none"]

OVERSIGHT_KINDS: frozenset[str] = frozenset({"training", "assessment", "accountability"})


class CountFact(BaseModel):
    """A number the narrative states: quantity as the report names it, normalized value, unit, quote."""

    id: str = Field(description="stable within the report: 'n<start offset>'")
    category: CountCategory
    section: str = Field(description="section key the number is in, e.g. 'overview.proactive_disclosure'")
    quantity: str = Field(description="what is counted, in the report's words (Simplified script)")
    channel: str | None = Field(default=None, description="where it was published: 门户网站, 微信公众号 …")
    value: Number = Field(description="normalized: 1.2万 -> 12000, 三十 -> 30; money in the printed unit")
    unit: str | None = Field(description="条/件/篇/次/个/期/万元 …; None when the report prints none")
    raw: str = Field(description="the number as printed, with its multiplier and unit")
    approximate: bool = Field(default=False, description="余/多/近/约: the report gives a rounded figure")
    evidence: Evidence
    table_cell: str | None = Field(default=None, description="the table cell stating the same quantity, if any")
    method: Literal["llm", "rules"] = "llm"


class WorkItem(BaseModel):
    """Platform work (sites, accounts, 集约化 …) or oversight (training, assessment, accountability)."""

    kind: WorkKind
    text: str = Field(description="short paraphrase")
    evidence: Evidence
    method: Literal["llm", "rules"] = "llm"


class Item(BaseModel):
    """One problem or one improvement measure of section 五."""

    text: str = Field(description="short paraphrase")
    evidence: Evidence
    method: Literal["llm", "rules"] = "llm"


class SectionSummary(BaseModel):
    section: str
    text: str = Field(description="at most two sentences")


class DroppedFact(BaseModel):
    """A label the model gave that failed validation after every re-ask: counted, never shipped."""

    section: str
    reason: str


class NarrativeUsage(Usage):
    """What labeling a report's narrative cost: the LLM usage of every chunk, cached chunks, seconds."""

    model_config = ConfigDict(frozen=False)

    cached_chunks: int = 0
    seconds: float = 0.0


class ChunkCall(Usage):
    """What labeling one chunk cost: one LLM answer per call, re-asks and retries included."""

    model_config = ConfigDict(frozen=False)

    section: str
    chars: int
    latency_s: float = 0.0
    cached: bool = False
    error: str | None = None


class NarrativeFacts(BaseModel):
    """Facts grouped as analysts read them; the ``narrative`` part of ``nianbao extract --json``."""

    schema_version: str = NARRATIVE_SCHEMA_VERSION
    prompt: str = Field(description="prompt name@version, e.g. narrative@v1")
    model: str
    proactive_counts: list[CountFact] = Field(default_factory=list)
    application_counts: list[CountFact] = Field(default_factory=list)
    review_litigation_counts: list[CountFact] = Field(default_factory=list)
    platform_counts: list[CountFact] = Field(default_factory=list)
    oversight_counts: list[CountFact] = Field(default_factory=list)
    fees: list[CountFact] = Field(default_factory=list)
    other_counts: list[CountFact] = Field(default_factory=list)
    platform_work: list[WorkItem] = Field(default_factory=list)
    oversight: list[WorkItem] = Field(default_factory=list)
    problems: list[Item] = Field(default_factory=list)
    improvements: list[Item] = Field(default_factory=list)
    summaries: list[SectionSummary] = Field(default_factory=list)
    dropped: list[DroppedFact] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list, description="one line per chunk the LLM could not label")
    usage: NarrativeUsage = Field(default_factory=NarrativeUsage)
    llm_calls: list[ChunkCall] = Field(default_factory=list, description="per chunk: tokens, calls, latency")

    def all_counts(self) -> list[CountFact]:
        return [
            *self.proactive_counts, *self.application_counts, *self.review_litigation_counts,
            *self.platform_counts, *self.oversight_counts, *self.fees, *self.other_counts,
        ]


COUNT_LISTS: dict[CountCategory, str] = {
    "proactive": "proactive_counts",
    "application": "application_counts",
    "review_litigation": "review_litigation_counts",
    "platform": "platform_counts",
    "oversight": "oversight_counts",
    "fee": "fees",
    "other": "other_counts",
}


# ---------------------------------------------------------------------------------------------
# what the LLM returns
# ---------------------------------------------------------------------------------------------
def _running_context() -> dict[str, Any] | None:
    from extractor.llm.client import validation_context

    return validation_context()


def _known_ids(info: ValidationInfo, key: str) -> set[int] | None:
    # explicit model_validate(context=...) first, else the context of the running LLMClient.extract call
    context: dict[str, Any] | None = info.context or _running_context()
    if not context or key not in context:
        return None
    return set(context[key])


class NumberLabel(BaseModel):
    id: int = Field(description="the number's id, as in [#3]")
    keep: bool = Field(description="false for dates, years, ordinals, phone numbers, document numbers, percent of nothing")
    category: CountCategory = "other"
    quantity: str = Field(default="", max_length=40, description="what is counted, in the report's words, e.g. 政策解读")
    channel: str | None = Field(default=None, max_length=20, description="where it was published, if the sentence says so")

    @model_validator(mode="after")
    def _named_when_kept(self) -> NumberLabel:
        if self.keep and not self.quantity.strip():
            raise ValueError(f"number #{self.id} is kept but has no quantity: name what it counts, in the report's words")
        return self


class SentenceLabel(BaseModel):
    id: int = Field(description="the sentence's id, as in [S2]")
    kind: SentenceKind
    work: WorkKind | None = Field(default=None, description="for platform/oversight sentences: which kind of work")
    text: str = Field(default="", max_length=80, description="short paraphrase, at most 40 characters")

    @model_validator(mode="after")
    def _paraphrased(self) -> SentenceLabel:
        if self.kind != "none" and not self.text.strip():
            raise ValueError(f"sentence S{self.id} is labeled {self.kind} but has no paraphrase text")
        return self


class ChunkLabels(BaseModel):
    """The model's answer for one chunk: a label per numbered figure and sentence, and a summary."""

    numbers: list[NumberLabel] = Field(default_factory=list)
    sentences: list[SentenceLabel] = Field(default_factory=list)
    summary: str = Field(default="", max_length=200, description="at most two sentences")

    @field_validator("numbers")
    @classmethod
    def _number_ids_exist(cls, labels: list[NumberLabel], info: ValidationInfo) -> list[NumberLabel]:
        return _check_ids(labels, _known_ids(info, "number_ids"), "#")

    @field_validator("sentences")
    @classmethod
    def _sentence_ids_exist(cls, labels: list[SentenceLabel], info: ValidationInfo) -> list[SentenceLabel]:
        return _check_ids(labels, _known_ids(info, "sentence_ids"), "S")


def _check_ids(labels: list[Any], known: set[int] | None, prefix: str) -> list[Any]:
    if known is not None:
        unknown = sorted({label.id for label in labels} - known)
        if unknown:
            raise ValueError(
                f"ids {[f'{prefix}{i}' for i in unknown]} do not exist; use only {[f'{prefix}{i}' for i in sorted(known)]}"
            )
    return labels
