"""Narrative facts: the output types of ``nianbao extract`` (what users, the eval harness and the review UI read).

Every fact carries :class:`Evidence`, a quote and its ``[start, end)`` offsets in the ORIGINAL source text
(``source_text[start:end] == quote``); every shown text carries its :class:`Support` (the source's own words,
or a model paraphrase that passed the support check).  What a model answers is built per ask in
:mod:`extractor.narrative.ask` (one key per item, fixed choices or a short text); what it wrote that its
evidence does not support is a :class:`DroppedFact`, never a fact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.llm.usage import Usage
from extractor.models import Evidence as Evidence  # re-exported: every fact carries one
from extractor.narrative.themes import ThemeKey

Number = int | float

NARRATIVE_SCHEMA_VERSION = "1"

CountCategory = Literal["proactive", "application", "review_litigation", "platform", "oversight", "fee", "other"]
WorkKind = Literal[
    "website", "new_media", "gazette", "hotline", "intensive", "accessibility", "redesign", "open_day",
    "training", "assessment", "accountability", "system", "other",
]
# who decided a fact: the model, the keyword rules, or a reviewer (who added or corrected it: reviewed outputs)
Method = Literal["llm", "rules", "classifier", "human"]

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
    method: Method = "llm"


class Support(BaseModel):
    """Why the shown ``text`` is said by its evidence: who wrote it and how much of it the evidence holds."""

    text_from: Literal["source", "llm"] = Field(
        description="source: the report's own words (shortened at clause boundaries); llm: a model paraphrase "
        "that passed the support check"
    )
    score: float = Field(ge=0, le=1, description="share of the text's character pairs found in the evidence")


class WorkItem(BaseModel):
    """Platform work (sites, accounts, 集约化 …) or oversight (training, assessment, accountability)."""

    kind: WorkKind
    text: str = Field(description="short text (at most 40 characters), supported by the evidence")
    evidence: Evidence
    method: Method = Field(default="llm", description="who decided it is this kind of item")
    support: Support = Field(default_factory=lambda: Support(text_from="source", score=1.0))


class Item(BaseModel):
    """One problem or one improvement measure of section 五, as the report enumerates them."""

    text: str = Field(description="short text (at most 40 characters), supported by the evidence")
    evidence: Evidence
    method: Method = Field(default="llm", description="who decided it is a problem / a measure")
    support: Support = Field(default_factory=lambda: Support(text_from="source", score=1.0))
    theme: ThemeKey = Field(
        default="other", description="its theme in the codebook of extractor/narrative/themes.py (decided_by['themes'] "
        "says whether the model or the keyword rules chose it)",
    )


class SectionSummary(BaseModel):
    """A sentence the model wrote about one narrative section, with the sentences of it that support it."""

    section: str
    text: str = Field(description="one sentence")
    evidence: list[Evidence] = Field(default_factory=list, description="the section's sentences that say it")
    support: Support = Field(default_factory=lambda: Support(text_from="llm", score=1.0))


DropReason = Literal[
    "validation", "unsupported_words", "invented_number", "matches_neighbour", "repeated", "leaked_example", "too_long",
    "unsupported_channel", "unsupported_kind", "outside_section", "empty", "evidence", "table_debris", "unbound_number",
    "fragment",
]


class DroppedFact(BaseModel):
    """Model output that was not shipped: failed validation, or its evidence does not support it."""

    section: str
    reason: str = Field(description="one line: what was wrong")
    code: DropReason = "validation"
    text: str = Field(default="", description="the model's text that was not shipped")


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
    prompt: str = Field(description="prompt name@version, e.g. narrative@v2")
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
    summaries: list[SectionSummary] = Field(default_factory=list, description="at most two per section")
    decided_by: dict[str, Literal["llm", "rules"]] = Field(
        default_factory=dict, description="per field: whether the model or the rules decided it (model profile)"
    )
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
