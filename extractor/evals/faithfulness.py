"""Faithfulness: is what a run shows said by the text it cites?  Counted per report, summed over a run.

Independent of the extractor's own checks where it can be (a regression there must show here):

* **model strings** — every text a model wrote that the output shows (item paraphrases, section
  summaries) is re-checked against its evidence with :func:`extractor.narrative.support.check_words`;
  ``unsupported_shipped`` must be 0.  ``supported_rate`` = shipped model strings / (shipped + the model
  strings the extractor refused for lack of support).
* **leaks** — shown text that repeats the prompt's worked example (:class:`ExampleGuard`), and leaks the
  extractor caught (``dropped`` with ``leaked_example``).
* **headings** — items whose quote is a heading or lead-in (``存在的主要问题和困难``, ``下一步,将重点抓好
  以下几方面工作``, a line ending in a colon).
* **debris** — count facts quoted out of a table that lost its layout (digit runs with table labels).
* **channels** — on the counts matched to the gold, whether the channel is the gold's (both null counts).
* **kinds** — on the work items matched to the gold, whether the kind is the gold's.
* **themes** — on the problems and improvements matched to the gold, whether the theme is the gold's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field, computed_field

from extractor.narrative.schema import Evidence, Item, NarrativeFacts, WorkItem
from extractor.narrative.support import ExampleGuard, check_words
from extractor.normalize import normalize
from extractor.report import ExtractedReport

SUPPORT_CODES = frozenset(
    {"unsupported_words", "invented_number", "unbound_number", "matches_neighbour", "repeated", "too_long", "unsupported_kind", "unsupported_channel"}
)
_HEADING = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]?)?\s*(?:工作中)?(?:存在的?)?(?:主要)?(?:问题|不足|困难)(?:和|及|与)?(?:不足|困难)?(?:情况)?[:：。]?$|"
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]?)?\s*(?:具体)?(?:解决办法(?:和|及)?)?(?:改进(?:情况|措施)|整改措施|下一步工作(?:打算|计划)?)[:：。]?$|"
    r"(?:以下|如下)[几两三四五六七八九十]?个?方面|采取以下措施|如下[:：]?$|[:：]$"
)
_DEBRIS = re.compile(r"(?<![\d.\-])0{3,}\d*|\d{9,}")


class Faithfulness(BaseModel):
    model_strings_shipped: int = 0
    model_strings_refused: int = Field(default=0, description="dropped by the extractor for lack of support")
    unsupported_shipped: int = Field(default=0, description="shown model text its evidence does not support (must be 0)")
    leaks_shipped: int = Field(default=0, description="shown text copied from the prompt's example (must be 0)")
    leaks_caught: int = 0
    headings_shipped: int = Field(default=0, description="items that are a heading or lead-in (must be 0)")
    facts: int = 0
    debris_facts: int = Field(default=0, description="counts quoted out of a table that lost its layout")
    summaries: int = 0
    channels_judged: int = 0
    channels_right: int = 0
    kinds_judged: int = 0
    kinds_right: int = 0
    themes_judged: int = 0
    themes_right: int = 0
    examples: list[str] = Field(default_factory=list, description="a few offending strings, for the report")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def supported_rate(self) -> float | None:
        total = self.model_strings_shipped + self.model_strings_refused
        return None if total == 0 else (self.model_strings_shipped - self.unsupported_shipped) / total

    @computed_field  # type: ignore[prop-decorator]
    @property
    def channel_accuracy(self) -> float | None:
        return None if not self.channels_judged else self.channels_right / self.channels_judged

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_accuracy(self) -> float | None:
        return None if not self.kinds_judged else self.kinds_right / self.kinds_judged

    @computed_field  # type: ignore[prop-decorator]
    @property
    def theme_accuracy(self) -> float | None:
        return None if not self.themes_judged else self.themes_right / self.themes_judged

    @computed_field  # type: ignore[prop-decorator]
    @property
    def debris_rate(self) -> float | None:
        return None if not self.facts else self.debris_facts / self.facts

    @property
    def violations(self) -> list[str]:
        """What a gate refuses outright, whatever the scores."""
        out = []
        if self.unsupported_shipped:
            out.append(f"{self.unsupported_shipped} model string(s) shown that their evidence does not support")
        if self.leaks_shipped:
            out.append(f"{self.leaks_shipped} string(s) copied from the prompt's example shown")
        if self.headings_shipped:
            out.append(f"{self.headings_shipped} heading(s) or lead-in(s) shipped as items")
        return out

    def add(self, other: Faithfulness) -> None:
        for name in Faithfulness.model_fields:
            if name == "examples":
                self.examples = (self.examples + other.examples)[:10]
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _evidence_text(evidence: Evidence) -> str:
    return normalize(evidence.quote).text


def measure(report: ExtractedReport | None, guard: ExampleGuard | None = None) -> Faithfulness:
    """The faithfulness counts of one extracted report (channels and kinds are added by the scorer)."""
    out = Faithfulness()
    n: NarrativeFacts | None = report.narrative if report is not None else None
    if n is None:
        return out
    shown: list[tuple[str, str]] = []  # (model text, the evidence it cites)
    items: list[Item | WorkItem] = [*n.problems, *n.improvements, *n.platform_work, *n.oversight]
    for item in items:
        quote = _evidence_text(item.evidence)
        if _HEADING.search(quote.strip()):
            out.headings_shipped += 1
            out.examples.append(f"heading as item: {quote[:40]}")
        if item.support.text_from == "llm":
            shown.append((item.text, quote))
        elif guard is not None and guard.leak(item.text, quote):
            out.leaks_shipped += 1
            out.examples.append(f"leak: {item.text[:40]}")
    for summary in n.summaries:
        out.summaries += 1
        shown.append((summary.text, "".join(_evidence_text(e) for e in summary.evidence)))
    for text, basis in shown:
        out.model_strings_shipped += 1
        if not check_words(text, basis).ok:
            out.unsupported_shipped += 1
            out.examples.append(f"unsupported: {text[:40]}")
        if guard is not None and guard.leak(text, basis):
            out.leaks_shipped += 1
            out.examples.append(f"leak: {text[:40]}")
    for dropped in n.dropped:
        if dropped.code in SUPPORT_CODES:
            out.model_strings_refused += 1
        if dropped.code == "leaked_example":
            out.model_strings_refused += 1
            out.leaks_caught += 1
    counts = n.all_counts()
    out.facts = len(counts)
    out.debris_facts = sum(1 for f in counts if _DEBRIS.search(f.evidence.quote) or "|" in f.evidence.quote)
    return out


def total(parts: Sequence[Faithfulness]) -> Faithfulness:
    out = Faithfulness()
    for part in parts:
        out.add(part)
    return out
