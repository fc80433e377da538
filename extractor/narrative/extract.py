"""The narrative stage: chunks -> one schema-constrained LLM call per chunk -> grounded facts.

Code finds every figure and sentence with its offsets (:mod:`.numbers`, :mod:`.chunks`); the model labels
them by id (:class:`ChunkLabels`); facts are assembled here with evidence mapped to the ORIGINAL text.
A value or quote can therefore never be invented.  What the model leaves unlabeled gets the keyword
label (``method="rules"``); a label that fails validation after every re-ask is dropped and counted.
With no client at all, every label comes from the rules (the rules-only baseline).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from extractor.llm.cache import AnswerCache, cache_key
from extractor.llm.client import ChatClient, OutcomeKind
from extractor.llm.prompts import Prompt
from extractor.llm.tracing import GenerationSink
from extractor.llm.usage import TokenBudget
from extractor.models import SourceDocument
from extractor.narrative.chunks import Chunk, Sentence, narrative_chunks
from extractor.narrative.numbers import Figure
from extractor.narrative.rules import (
    IMPROVEMENT_HEADING,
    figure_category,
    figure_is_count,
    sentence_kind,
    work_kind,
)
from extractor.narrative.schema import (
    COUNT_LISTS,
    NARRATIVE_SCHEMA_VERSION,
    OVERSIGHT_KINDS,
    ChunkCall,
    ChunkLabels,
    CountFact,
    DroppedFact,
    Evidence,
    Item,
    NarrativeFacts,
    NarrativeUsage,
    NumberLabel,
    SectionSummary,
    SentenceLabel,
    WorkItem,
)
from extractor.normalize import NormalizedText
from extractor.segment import SectionSpan

RULES_MODEL = "rules"
_STRUCTURAL_CATEGORIES = frozenset({"application", "review_litigation", "fee"})


@dataclass
class _ChunkAnswer:
    labels: ChunkLabels | None
    dropped: list[str]
    error: str | None = None
    dropped_number_ids: tuple[int, ...] = ()  # labels that failed validation: their figures are not shipped
    kind: OutcomeKind = OutcomeKind.OK


class NarrativeExtractor:
    """Labels the narrative of reports with one LLM (or with the rules when ``client`` is None)."""

    def __init__(
        self,
        prompt: Prompt,
        client: ChatClient | None = None,
        *,
        cache: AnswerCache | None = None,
        max_reasks: int = 2,
    ) -> None:
        self.prompt = prompt
        self.client = client
        self.cache = cache
        self.max_reasks = max_reasks

    @property
    def model(self) -> str:
        return self.client.model if self.client is not None else RULES_MODEL

    def extract(
        self,
        doc: SourceDocument,
        norm: NormalizedText,
        sections: list[SectionSpan],
        *,
        budget: TokenBudget | None = None,
        trace: GenerationSink | None = None,
    ) -> NarrativeFacts:
        started = time.perf_counter()
        facts = NarrativeFacts(prompt=self.prompt.id, model=self.model)
        usage = NarrativeUsage()
        if budget is None and self.client is not None:
            budget = self.client.new_budget()
        unreachable: str | None = None
        for chunk in narrative_chunks(norm.text, sections):
            if self.client is None or unreachable:
                answer = _ChunkAnswer(None, [])
            else:
                answer = self._label(doc, norm.text, chunk, usage, budget, trace, facts.llm_calls)
                if answer.kind.ends_report:
                    unreachable = answer.error  # no point asking again for this report: one line, rules for the rest
            if answer.error:
                facts.errors.append(f"{chunk.section}: {answer.error}")
            facts.dropped += [DroppedFact(section=chunk.section, reason=r) for r in answer.dropped]
            _assemble(facts, doc, norm, chunk, answer.labels, set(answer.dropped_number_ids))
        usage.seconds = round(time.perf_counter() - started, 3)
        facts.usage = usage
        return facts

    # -- one chunk -----------------------------------------------------------------------------
    def _label(
        self,
        doc: SourceDocument,
        text: str,
        chunk: Chunk,
        usage: NarrativeUsage,
        budget: TokenBudget | None,
        trace: GenerationSink | None,
        calls: list[ChunkCall],
    ) -> _ChunkAnswer:
        assert self.client is not None
        if not chunk.figures and not chunk.sentences:
            return _ChunkAnswer(None, [])
        key = cache_key(
            doc.sha256, chunk.section, str(chunk.start), chunk.body(text),
            self.prompt.id, self.prompt.sha256, self.model, NARRATIVE_SCHEMA_VERSION,
        )
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            usage.cached_chunks += 1
            calls.append(ChunkCall(section=chunk.section, chars=len(chunk.body(text)), cached=True))
            return _ChunkAnswer(
                ChunkLabels.model_validate(hit["labels"]), hit.get("dropped", []),
                dropped_number_ids=tuple(hit.get("dropped_number_ids", ())),
            )
        context = {
            "number_ids": list(range(1, len(chunk.figures) + 1)),
            "sentence_ids": list(range(1, len(chunk.sentences) + 1)),
        }
        outcome = self.client.extract(
            self.messages(text, chunk),
            ChunkLabels,
            validation_context=context,
            max_reasks=self.max_reasks,
            trace=trace,
            token_budget=budget,
            name=f"narrative:{chunk.section}",
            prompt_name=self.prompt.name,
            prompt_version=self.prompt.version,
        )
        usage += outcome.usage
        calls.append(
            ChunkCall(
                section=chunk.section, chars=len(chunk.body(text)), latency_s=round(outcome.latency_s, 3),
                error=outcome.error,
            )
            + outcome.usage
        )
        if outcome.value is not None:
            answer = _ChunkAnswer(outcome.value, [])
        else:
            answer = _salvage(outcome.raw_outputs[-1] if outcome.raw_outputs else "", context)
            answer.error, answer.kind = outcome.error, outcome.kind
            if answer.labels is None:
                return answer  # endpoint trouble or nothing usable: not cached, retried on the next run
        if self.cache is not None and answer.labels is not None:
            self.cache.put(
                key,
                {
                    "labels": answer.labels.model_dump(mode="json"), "dropped": answer.dropped,
                    "dropped_number_ids": list(answer.dropped_number_ids),
                },
            )
        return answer

    def messages(self, text: str, chunk: Chunk) -> list[dict[str, str]]:
        user = self.prompt.render("user", title=chunk.title or chunk.section, text=annotate(text, chunk))
        messages = [{"role": "system", "content": self.prompt.render("system")}]
        if "example_user" in self.prompt.parts and "example_assistant" in self.prompt.parts:
            messages += [
                {"role": "user", "content": self.prompt.render("example_user")},
                {"role": "assistant", "content": self.prompt.render("example_assistant")},
            ]
        messages.append({"role": "user", "content": user})
        return messages


def annotate(text: str, chunk: Chunk) -> str:
    """The chunk text with ids in place: ``[S2]`` before each listed sentence, ``[#3]`` before each figure.

    The model reads the text once (no separate lists, a third of the tokens) and answers by id.
    """
    marks: list[tuple[int, int, int, str]] = [(s.start, 0, i, f"[S{i}]") for i, s in enumerate(chunk.sentences, 1)]
    marks += [(f.start, 1, i, f"[#{i}]") for i, f in enumerate(chunk.figures, 1)]
    marks.sort()
    pieces: list[str] = []
    for a, b in chunk.spans():
        out: list[str] = []
        cursor = a
        for pos, _, _, mark in marks:
            if a <= pos < b:
                out.append(text[cursor:pos])
                out.append(mark)
                cursor = pos
        out.append(text[cursor:b])
        pieces.append("".join(out).strip())
    return "\n".join(pieces)


def _salvage(raw: str, context: dict[str, Any]) -> _ChunkAnswer:
    """Keep the labels of a failed answer that validate one by one; count the rest as dropped."""
    try:
        data = json.loads(raw[raw.index("{") : raw.rindex("}") + 1]) if "{" in raw else None
    except (ValueError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict):
        return _ChunkAnswer(None, [])
    dropped: list[str] = []
    dropped_ids: list[int] = []
    kept: dict[str, list[Any]] = {"numbers": [], "sentences": []}
    for field, model, ids in (("numbers", NumberLabel, "number_ids"), ("sentences", SentenceLabel, "sentence_ids")):
        items = data.get(field)
        for item in items if isinstance(items, list) else []:
            try:
                label = model.model_validate(item)
            except ValidationError as exc:
                dropped.append(f"{field[:-1]} label failed validation: {exc.errors()[0]['msg']}")
                if field == "numbers" and isinstance(item, dict) and isinstance(item.get("id"), int):
                    dropped_ids.append(item["id"])
                continue
            if label.id not in context[ids]:
                dropped.append(f"{field[:-1]} label with unknown id {label.id}")
                continue
            kept[field].append(label)
    summary = data["summary"] if isinstance(data.get("summary"), str) else ""
    labels = ChunkLabels(numbers=kept["numbers"], sentences=kept["sentences"], summary=summary[:200])
    return _ChunkAnswer(labels, dropped, dropped_number_ids=tuple(dropped_ids))


# ---------------------------------------------------------------------------------------------
# facts from labels
# ---------------------------------------------------------------------------------------------
def _evidence(doc: SourceDocument, norm: NormalizedText, start: int, end: int) -> Evidence:
    span = norm.source_span(start, end)
    return Evidence(quote=doc.text[span.start : span.end], start=span.start, end=span.end)


def _assemble(
    facts: NarrativeFacts, doc: SourceDocument, norm: NormalizedText, chunk: Chunk, labels: ChunkLabels | None,
    dropped_ids: set[int],
) -> None:
    text = norm.text
    by_number = {lb.id: lb for lb in labels.numbers} if labels else {}
    for i, figure in enumerate(chunk.figures, 1):
        clause = text[figure.quote_start : figure.quote_end]
        label = by_number.get(i)
        if i in dropped_ids:
            continue
        if label is not None:
            if not label.keep:
                continue
            quantity = clean_quantity(label.quantity, figure, clause)
            # where the figure is printed (依申请公开, table 三/四) or its unit (元) decides these lists:
            # structure beats a small model's guess; the model decides among the general lists
            by_rule = figure_category(figure, chunk.section_at(figure.start), clause)
            category = by_rule if by_rule in _STRUCTURAL_CATEGORIES else label.category
            fact = _count(doc, norm, chunk, figure, category, quantity, label.channel or figure.channel, "llm")
        elif figure_is_count(figure):
            category = figure_category(figure, chunk.section_at(figure.start), clause)
            fact = _count(doc, norm, chunk, figure, category, figure.quantity, figure.channel, "rules")
        else:
            continue
        if not fact.evidence.holds_in(doc.text) or figure.raw not in text[figure.quote_start : figure.quote_end]:
            # by construction never: the quote is at its offsets and holds the printed value
            facts.dropped.append(DroppedFact(section=chunk.section, reason=f"evidence not at its offsets or lacks {fact.raw}"))
            continue
        getattr(facts, COUNT_LISTS[fact.category]).append(fact)

    by_sentence = {lb.id: lb for lb in labels.sentences} if labels else {}
    improvement_part = False
    for i, sentence in enumerate(chunk.sentences, 1):
        sentence_text = text[sentence.start : sentence.end]
        section = chunk.section_at(sentence.start)
        if section == "problems" and IMPROVEMENT_HEADING.search(sentence_text[:12]):
            improvement_part = True
        sentence_label = by_sentence.get(i)
        # like figures: a sentence the model did not list gets the keyword label (method "rules"); the
        # model overrides it by listing the sentence (kind "none" included)
        if sentence_label is None:
            kind = sentence_kind(sentence_text, section, improvement_part)
            _add_sentence(facts, doc, norm, sentence, kind, work_kind(sentence_text), _short(sentence_text), "rules")
        else:
            paraphrase = _MARKER.sub("", sentence_label.text).strip()
            if invented_numbers(paraphrase, sentence_text):  # never ship a number the sentence does not state
                paraphrase = _short(sentence_text)
            work = sentence_label.work or work_kind(sentence_text)
            _add_sentence(facts, doc, norm, sentence, sentence_label.kind, work, paraphrase, "llm")
    if labels is not None and labels.summary.strip():
        keys = "+".join(dict.fromkeys(key for key, _, _ in chunk.parts))
        summary = _MARKER.sub("", labels.summary).strip()
        if invented_numbers(summary, chunk.body(text)):
            facts.dropped.append(DroppedFact(section=keys, reason=f"summary states numbers the text does not: {summary[:60]}"))
        elif summary:
            facts.summaries.append(SectionSummary(section=keys, text=summary))


_MARKER = re.compile(r"\[(?:#|S)\d+\]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def invented_numbers(written: str, source: str) -> list[str]:
    """Numbers in model-written text (a summary, a paraphrase) that its source text does not contain."""
    present = set(_DIGITS.findall(source.replace(",", "")))
    return [n for n in _DIGITS.findall(written.replace(",", "")) if n not in present]


def _count(
    doc: SourceDocument, norm: NormalizedText, chunk: Chunk, figure: Figure, category: str, quantity: str,
    channel: str | None, method: str,
) -> CountFact:
    evidence = _evidence(doc, norm, figure.quote_start, figure.quote_end)
    return CountFact.model_validate(
        {
            "id": f"n{evidence.start}" + (f"-{quantity}" if figure.zero_statement else ""),
            "category": category, "section": chunk.section_at(figure.start), "quantity": quantity, "channel": channel,
            "value": figure.value, "unit": figure.unit, "raw": figure.raw, "approximate": figure.approximate,
            "evidence": evidence, "method": method,
        }
    )


_FIGURE_IN_NAME = re.compile(r"[\d０-９.,]+[万亿千]?[余多]?\S?|←.*$")


def clean_quantity(named: str, figure: Figure, clause: str) -> str:
    """The model's quantity name, kept only when it is the clause's own words; else the rules' name.

    Small models copy the figure into the name (政策解读65件) or name a neighbouring clause; a name that
    shares under 60% of its characters with the figure's clause is not trusted.
    """
    name = named.replace(figure.raw, "")
    name = _FIGURE_IN_NAME.sub("", name).strip(" :：,，、\"“”")
    if len(name) < 2:
        return figure.quantity
    shared = sum(1 for ch in name if ch in clause)
    return name if shared / len(name) >= 0.6 else figure.quantity


def _add_sentence(
    facts: NarrativeFacts, doc: SourceDocument, norm: NormalizedText, sentence: Sentence, kind: str,
    work: str | None, text: str, method: str,
) -> None:
    if kind == "none":
        return
    evidence = _evidence(doc, norm, sentence.start, sentence.end)
    if not evidence.holds_in(doc.text):
        facts.dropped.append(DroppedFact(section="", reason="sentence evidence not at its offsets"))
        return
    if kind == "problem":
        facts.problems.append(Item(text=text, evidence=evidence, method=method))
    elif kind == "improvement":
        facts.improvements.append(Item(text=text, evidence=evidence, method=method))
    else:
        work_kind_ = work if work else ("training" if kind == "oversight" else "other")
        item = WorkItem(kind=work_kind_, text=text, evidence=evidence, method=method)
        (facts.oversight if kind == "oversight" or work_kind_ in OVERSIGHT_KINDS else facts.platform_work).append(item)


def _short(sentence: str, limit: int = 40) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"

