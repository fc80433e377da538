"""The narrative stage: code finds every figure and item, the rules label them, a model decides only the
fields its profile is trusted with, and every string a model wrote is checked against its evidence.

1. **Find** (no model): figures with their clauses (:mod:`.numbers`, :mod:`.chunks`); the problems and
   measures of 五 and the work points of 一/六 as the report enumerates them (:mod:`.items`).
2. **Label** with the keyword rules (:mod:`.rules`): every figure, item and work point gets a label and a
   short text made of its own words, so the rules-only baseline is the same code with no model.
3. **Ask** (:mod:`.ask`) the model only for the fields of ``decides`` (per model profile, measured on the
   gold: ``docs/llm.md``): fixed choices per item (``counts``, ``items``, ``work``), a short paraphrase of
   long items (``briefs``), at most two sentences per section (``summaries``), the theme of each problem
   and measure among the codebook's (``themes``, :mod:`.themes`).
4. **Check** (:mod:`.support`): a label the item's words do not support, a paraphrase or summary whose words
   are not its evidence's, or text copied from the prompt's example is not shipped; the rules' label or the
   source's words stand instead, and the miss is counted in ``dropped`` with its reason.

Values and quotes are never written by a model: ``source_text[start:end] == quote`` by construction and
checked again before a fact ships.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extractor.llm.cache import AnswerCache
from extractor.llm.client import ChatClient
from extractor.llm.prompts import Prompt
from extractor.llm.tracing import GenerationSink
from extractor.llm.usage import TokenBudget
from extractor.models import SourceDocument
from extractor.narrative.ask import Asker, Question, question_keys
from extractor.narrative.chunks import narrative_chunks
from extractor.narrative.items import (
    AUTHORITY,
    CARRIED_OUT,
    GUIDANCE,
    LEADING_CONJUNCTION,
    SIX_CJK,
    TOPIC_TITLE,
    WHEN,
    Point,
    narrative_sections,
    page_furniture,
    paragraphs,
    problem_points,
    sentences,
    work_points,
)
from extractor.narrative.numbers import SENTENCE_DELIMS, Figure
from extractor.narrative.rules import figure_category, figure_is_count, work_items
from extractor.narrative.schema import (
    COUNT_LISTS,
    CountFact,
    DroppedFact,
    Evidence,
    Item,
    NarrativeFacts,
    NarrativeUsage,
    SectionSummary,
    Support,
    WorkItem,
)
from extractor.narrative.support import (
    KIND_WORDS,
    ExampleGuard,
    Verdict,
    best_sources,
    check_kind,
    check_words,
    content,
    says_again,
    unbound_number,
    whole_clauses,
)
from extractor.narrative.themes import THEME_CHOICES, ThemeKey, theme_key, theme_of
from extractor.narrative.work_classifier import revise, shipped
from extractor.normalize import NormalizedText
from extractor.segment import SectionSpan

RULES_MODEL = "rules"
NARRATIVE_FIELDS: tuple[str, ...] = ("counts", "items", "work", "briefs", "summaries", "themes")
BRIEF_CHARS = 40
SUMMARY_CHARS = 60
_STRUCTURAL_CATEGORIES = frozenset({"application", "review_litigation", "fee"})
COUNT_CHOICES: tuple[str, ...] = ("proactive", "application", "review_litigation", "platform", "oversight", "fee", "other", "none")
ITEM_CHOICES: tuple[str, ...] = ("problem", "improvement", "none")
WORK_CHOICES: tuple[str, ...] = (
    "website", "new_media", "gazette", "hotline", "intensive", "accessibility", "redesign", "open_day", "system",
    "other", "training", "assessment", "accountability", "none",
)
_OVERSIGHT = frozenset({"training", "assessment", "accountability"})
SUMMARY_SECTIONS: dict[str, str] = {"overview": "总体情况", "problems": "存在的主要问题及改进情况", "other": "其他需要报告的事项"}


def example_guard(prompt: Prompt) -> ExampleGuard:
    """The strings of a prompt's worked examples (they live in its ``*_system`` parts)."""
    return ExampleGuard(text for name, text in prompt.parts.items() if "example" in name or name.endswith("_system"))


class NarrativeExtractor:
    """Extracts the narrative facts of reports; with no ``client`` (or ``decides`` empty) the rules alone."""

    def __init__(
        self,
        prompt: Prompt,
        client: ChatClient | None = None,
        *,
        cache: AnswerCache | None = None,
        max_reasks: int = 1,
        decides: Collection[str] | None = None,
        learned_work: bool = True,
    ) -> None:
        self.prompt = prompt
        self.learned_work = learned_work  # the work classifier decides which points are platform work
        self.client = client
        self.cache = cache
        self.max_reasks = max_reasks
        # what the model decides: its profile's fields (the caller passes them, see report.Extractor); every
        # field when a client comes with no such list; nothing without a client
        self.decides: frozenset[str] = frozenset() if client is None else frozenset(NARRATIVE_FIELDS if decides is None else decides)
        unknown = self.decides - set(NARRATIVE_FIELDS)
        if unknown:
            raise ValueError(f"unknown narrative fields {sorted(unknown)}; fields are {', '.join(NARRATIVE_FIELDS)}")
        self.guard = example_guard(prompt)

    @property
    def model(self) -> str:
        return self.client.model if self.client is not None and self.decides else RULES_MODEL

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
        facts.decided_by = {f: "llm" if f in self.decides else "rules" for f in NARRATIVE_FIELDS}
        usage = NarrativeUsage()
        asker = None
        if self.client is not None and self.decides:
            asker = Asker(
                self.prompt, self.client, doc.sha256, usage, facts.llm_calls, cache=self.cache,
                budget=budget if budget is not None else self.client.new_budget(), trace=trace, max_reasks=self.max_reasks,
            )
        run = _Run(doc, norm, narrative_sections(norm.text, sections), facts, asker, self.decides, self.guard, self.learned_work)
        run.counts()
        run.items()
        run.summaries()
        usage.seconds = round(time.perf_counter() - started, 3)
        facts.usage = usage
        return facts


@dataclass
class _Item:
    """An item on its way out: where it is, what decided it, its short text."""

    point: Point
    label: str  # problem / improvement / a work kind / none
    method: str
    text: str = ""
    support: Support | None = None

    def __post_init__(self) -> None:
        self.rules_label = self.label


class _Run:
    """One report's extraction (state shared by the steps)."""

    def __init__(
        self, doc: SourceDocument, norm: NormalizedText, sections: list[SectionSpan], facts: NarrativeFacts,
        asker: Asker | None, decides: frozenset[str], guard: ExampleGuard, learned_work: bool = True,
    ) -> None:
        self.doc, self.norm, self.text, self.sections = doc, norm, norm.text, sections
        self.facts, self.asker, self.decides, self.guard = facts, asker, decides, guard
        self.learned_work = learned_work

    def _asks(self, field: str) -> bool:
        return self.asker is not None and field in self.decides and not self.asker.stopped

    def _ask(self, task: str, title: str, questions: Sequence[Question]) -> dict[str, str]:
        assert self.asker is not None
        result = self.asker.ask(task, title, questions)
        self.facts.errors += result.errors
        return result.answers

    def evidence(self, start: int, end: int) -> Evidence:
        span = self.norm.source_span(start, end)
        return Evidence(quote=self.doc.text[span.start : span.end], start=span.start, end=span.end)

    def drop(self, section: str, verdict: Verdict | str, text: str, what: str) -> None:
        code = verdict.reason if isinstance(verdict, Verdict) else verdict
        detail = verdict.detail if isinstance(verdict, Verdict) else ""
        reason = f"{what}: {code}" + (f" ({detail})" if detail else "")
        self.facts.dropped.append(DroppedFact(section=section, reason=reason, code=code, text=text[:200]))

    # -- counts --------------------------------------------------------------------------------
    def counts(self) -> None:
        text = self.text
        chunks = narrative_chunks(text, self.sections)
        found: list[tuple[Figure, str, str]] = []  # figure, section, category
        for chunk in chunks:
            for figure in chunk.figures:
                clause = text[figure.quote_start : figure.quote_end]
                section = chunk.section_at(figure.start)
                if not figure_is_count(figure):
                    continue
                if _table_debris(text, figure):
                    self.drop(section, "table_debris", clause, "count")
                    continue
                found.append((figure, section, figure_category(figure, section, clause)))
        labels: dict[int, str] = {}
        if self._asks("counts") and found:
            keys = question_keys([f"{f.quantity}{f.raw}" for f, _, _ in found], width=12)
            questions = [
                Question(key, _marked(text, f), COUNT_CHOICES) for key, (f, _, _) in zip(keys, found, strict=True)
            ]
            answers = self._ask("counts", "数字", questions)
            labels = {i: answers[k] for i, k in enumerate(keys) if k in answers}
        for i, (figure, section, rule_category) in enumerate(found):
            category, method = rule_category, "rules"
            if i in labels:
                method = "llm"
                # where a figure is printed (依申请公开, table 三/四) or its unit (元) decides these lists, and
                # such a figure stays a count whatever the model says
                if rule_category in _STRUCTURAL_CATEGORIES:
                    category = rule_category
                elif labels[i] == "none":
                    continue
                else:
                    category = labels[i]
            channel = figure.channel if category == "proactive" else None
            fact = self._count(figure, section, category, channel, method)
            if not fact.evidence.holds_in(self.doc.text) or figure.raw not in text[figure.quote_start : figure.quote_end]:
                self.drop(section, "evidence", fact.raw, "count")
                continue
            getattr(self.facts, COUNT_LISTS[fact.category]).append(fact)

    def _count(self, figure: Figure, section: str, category: str, channel: str | None, method: str) -> CountFact:
        evidence = self.evidence(figure.quote_start, figure.quote_end)
        return CountFact.model_validate(
            {
                "id": f"n{evidence.start}" + (f"-{figure.quantity}" if figure.zero_statement else ""),
                "category": category, "section": section, "quantity": display(figure.quantity), "channel": channel,
                "value": figure.value, "unit": figure.unit, "raw": figure.raw, "approximate": figure.approximate,
                "evidence": evidence, "method": method,
            }
        )

    # -- problems and measures of 五, platform work and oversight of 一 and 六 -------------------
    def items(self) -> None:
        """Both item families: candidates and the rules' labels first, then the model's asks (each
        independent of the others' answers, so a Batch API run asks the same questions at submit and
        collect), then the texts."""
        section = next((s for s in self.sections if s.key == "problems"), None)
        # no section 五, no problems: they never come from other sections
        points = problem_points(self.text, section) if section is not None else []
        problems = [_Item(p, "problem" if p.part == "problems" else "improvement", "rules") for p in points]
        work: list[_Item] = []
        for p in work_points(self.text, self.sections):
            found = work_items(self.text, p)
            # the classifier's word on platform work (the rules' label where it agrees, method "classifier" where not)
            revised = revise(shipped(), self.text, found) if self.learned_work else [(q, label, False) for q, label in found]
            for q, label, changed in revised:
                work.append(_Item(q, label[1] if label else "none", "classifier" if changed else "rules"))
        self._label_items(problems)
        self._label_work(work)
        # briefs: every long item the rules ship (a point the model adds keeps the source's words)
        shipped_by_rules = [i for i in [*problems, *work] if i.rules_label != "none"]
        briefs = self._briefs(shipped_by_rules)
        themes = self._themes(problems)
        for item in problems:
            if item.label == "none":
                continue
            self._text(item, briefs)
            target = self.facts.problems if item.label == "problem" else self.facts.improvements
            target.append(Item(text=item.text, evidence=self.evidence(item.point.start, item.point.end), method=item.method,
                               support=item.support, theme=themes[item.point.start]))
        for item in work:
            if item.label == "none":
                continue
            self._text(item, briefs)
            entry = WorkItem(kind=item.label, text=item.text, evidence=self.evidence(item.point.start, item.point.end), method=item.method, support=item.support)
            (self.facts.oversight if item.label in _OVERSIGHT else self.facts.platform_work).append(entry)

    def _label_items(self, items: list[_Item]) -> None:
        if not (self._asks("items") and items):
            return
        keys = question_keys([self.text[i.point.start : i.point.end] for i in items])
        questions = [Question(k, _clip(display(self.text[i.point.start : i.point.end]), 120), ITEM_CHOICES) for k, i in zip(keys, items, strict=True)]
        answers = self._ask("items", SUMMARY_SECTIONS["problems"], questions)
        for item, key in zip(items, keys, strict=True):
            if key in answers:
                item.label, item.method = answers[key], "llm"

    def _label_work(self, items: list[_Item]) -> None:
        if not (self._asks("work") and items):
            return
        keys = question_keys([self.text[i.point.start : i.point.end] for i in items])
        questions = [Question(k, _clip(display(self.text[i.point.start : i.point.end]), 120), WORK_CHOICES) for k, i in zip(keys, items, strict=True)]
        answers = self._ask("work", "平台建设和监督保障", questions)
        for item, key in zip(items, keys, strict=True):
            answer = answers.get(key)
            if answer is None:
                continue
            body = self.text[item.point.start : item.point.end]
            if answer not in ("none", item.label):
                verdict = check_kind(answer, body, platforms_part=item.point.section.endswith("platforms"))
                if not verdict.ok:
                    self.drop(item.point.section, verdict, answer, "work kind")
                    continue
            item.label, item.method = answer, "llm"

    def _themes(self, items: list[_Item]) -> dict[int, ThemeKey]:
        """The theme of every problem and measure, by point start: the model's choice among the codebook's
        (every point is asked, whatever its label, so the questions do not depend on other answers), else
        the keyword rules'."""
        bodies = [self.text[i.point.start : i.point.end] for i in items]
        themes: dict[int, ThemeKey] = {i.point.start: theme_of(body) for i, body in zip(items, bodies, strict=True)}
        if not (self._asks("themes") and items):
            return themes
        keys = question_keys(bodies)
        questions = [Question(k, _clip(display(body), 120), THEME_CHOICES) for k, body in zip(keys, bodies, strict=True)]
        answers = self._ask("themes", SUMMARY_SECTIONS["problems"], questions)
        for item, key in zip(items, keys, strict=True):
            chosen = theme_key(answers.get(key, ""))
            if chosen is not None:
                themes[item.point.start] = chosen
        return themes

    def _briefs(self, items: list[_Item]) -> dict[int, tuple[str, Verdict]]:
        """The model's paraphrases of the long items, by point start, with the support check's verdict."""
        long = [i for i in items if len(display(self.text[i.point.start : i.point.end])) > BRIEF_CHARS]
        if not (self._asks("briefs") and long):
            return {}
        keys = question_keys([self.text[i.point.start : i.point.end] for i in long])
        questions = [Question(k, _clip(display(self.text[i.point.start : i.point.end]), 200), max_chars=BRIEF_CHARS) for k, i in zip(keys, long, strict=True)]
        answers = self._ask("briefs", "压缩", questions)
        bodies = [self.text[i.point.start : i.point.end] for i in long]
        out: dict[int, tuple[str, Verdict]] = {}
        for idx, (key, item) in enumerate(zip(keys, long, strict=True)):
            written = answers.get(key)
            if written is None:
                continue
            written = whole_sentence(written, BRIEF_CHARS, close="")
            body = bodies[idx]
            neighbours = [bodies[j] for j in (idx - 1, idx + 1) if 0 <= j < len(bodies)]
            leak = self.guard.leak(written, body)
            verdict = Verdict("leaked_example", detail=leak[:30]) if leak else check_words(written, body, neighbours=neighbours, max_chars=BRIEF_CHARS)
            out[item.point.start] = (written, verdict)
        return out

    def _text(self, item: _Item, briefs: dict[int, tuple[str, Verdict]]) -> None:
        """An item's short text: a model paraphrase its quote supports, else the source's own words."""
        point, names = item.point, KIND_WORDS.get(item.label, ())
        body = self.text[point.start : point.end]
        if point.title_end is not None and SIX_CJK.match(self.text, point.title_end, point.end):
            # a title printed on its own line above the point ((六)开展教育培训): the words below it say what was
            # done, unless only the title names the kind of work (优化完善信息公开栏目 / 根据《…》…)
            title, below = self.text[point.start : point.title_end], self.text[point.title_end : point.end]
            named = [w for w in names if w in title] and not [w for w in names if w in below]
            body = display(title) if named else below
        item.text = short_text(body, problem=item.label == "problem", names=names)
        item.support = Support(text_from="source", score=1.0)
        if item.point.start not in briefs:
            return
        written, verdict = briefs[item.point.start]
        if verdict.ok:
            item.text, item.support = written, Support(text_from="llm", score=round(verdict.score, 3))
        else:
            self.drop(item.point.section, verdict, written, "paraphrase")

    # -- section summaries (the digest's sentences) --------------------------------------------
    def summaries(self) -> None:
        if not self._asks("summaries"):
            return
        for section in self.sections:
            if section.key not in SUMMARY_SECTIONS:
                continue
            source = self._summary_source(section)
            if len(content(source)) < 30:
                continue
            title = SUMMARY_SECTIONS[section.key]
            questions = [Question(f"第{n}句", "", max_chars=SUMMARY_CHARS) for n in ("一", "二")]
            assert self.asker is not None
            result = self.asker.ask("summary", title, questions, body=source)
            self.facts.errors += result.errors
            candidates = [
                (s, e, self.text[s:e])
                for a, b in paragraphs(self.text, section.heading_end, section.end)
                for s, e in sentences(self.text, a, b)
                if not page_furniture(self.text[s:e])  # (更多精彩内容欢迎扫描下方二维码…: the page's, not the report's)
            ]
            written = [w for q in questions if (w := result.answers.get(q.key))]
            kept: list[str] = []
            for w in written:
                # a sentence that only says again what another one says (…收费事项。 after 2024年，…收费事项。)
                if not any(says_again(w, k) for k in kept):
                    kept = [k for k in kept if content(k) not in content(w)] + [w]
            for w in kept:
                self._summary(section.key, w, candidates)

    def _summary(self, key: str, written: str, candidates: list[tuple[int, int, str]]) -> None:
        whole = whole_sentence(written, SUMMARY_CHARS)
        if not whole:
            self.drop(key, "too_long", written, "summary")
            return
        written = without_frames(whole)
        if not written:
            self.drop(key, "empty", whole, "summary")  # (根据《条例》规定。: on what authority, and nothing done)
            return
        cited = best_sources(written, candidates)
        trimmed = whole_clauses(written, [c[2] for c in cited])
        if not trimmed:
            self.drop(key, "fragment", written, "summary")  # (坚持‘依法。: the model stopped inside a phrase)
            return
        if trimmed != written:
            written, cited = trimmed, best_sources(trimmed, candidates)
        basis = "".join(c[2] for c in cited)
        leak = self.guard.leak(written, basis)
        verdict = Verdict("leaked_example", detail=leak[:30]) if leak else check_words(written, basis, max_chars=SUMMARY_CHARS)
        if verdict.ok and (loose := unbound_number(written, [c[2] for c in candidates])):
            verdict = Verdict("unbound_number", detail=loose[:30])
        if not verdict.ok:
            self.drop(key, verdict, written, "summary")
            return
        self.facts.summaries.append(
            SectionSummary(
                section=key, text=written, evidence=[self.evidence(s, e) for s, e, _ in cited],
                support=Support(text_from="llm", score=round(verdict.score, 3)),
            )
        )

    def _summary_source(self, section: SectionSpan) -> str:
        """What the model reads to summarize a section: the problems and measures of 五; the first sentence of
        each paragraph elsewhere (the topic sentences), at most ~900 characters."""
        if section.key == "problems":
            points = problem_points(self.text, section)
            lines = [f"{'问题' if p.part == 'problems' else '措施'}：{_clip(display(self.text[p.start:p.end]), 80)}" for p in points]
            return "\n".join(lines)
        out: list[str] = []
        size = 0
        for a, b in paragraphs(self.text, section.heading_end, section.end):
            if "|" in self.text[a:b]:
                continue
            first = [(s, e) for s, e in sentences(self.text, a, b) if not _heading(self.text[s:e]) and not page_furniture(self.text[s:e])]
            if not first or len(content(self.text[first[0][0] : first[0][1]])) < 8:
                continue
            s, e = first[0]
            if (wrap := self.text.find("\n", s, e)) != -1 and _heading(self.text[s:wrap]) and content(self.text[wrap:e]):
                s = wrap + 1  # a sub-heading printed on the line above its first sentence (…收费情况\n2024年，…)
            line = _clip(display(strip_enumerator(self.text[s:e])), 120)
            out.append(line)
            size += len(line)
            if size > 900:
                break
        return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
_TABLE_LABELS = re.compile(r"本年新收|上年结转|商业企业|科研机构|社会公益组织|法律服务机构|自然人|予以公开|危及|三安全一稳定|尚未审结|行政许可|行政处罚|行政强制|本年制发|本年新制作")


_RUN_TOGETHER = re.compile(r"(?<![\d.])0\d")
_CELLS_RUN_TOGETHER = re.compile(r"(?<![\d.\-])0{3,}\d*|(?<!\d)\d{9,}")


_NUMBER_TAIL = re.compile(r"[\d.]*\s*\S?")


def _table_debris(text: str, figure: Figure) -> bool:
    """A figure read out of a table that lost its layout (``…00000003.危及“三安全一稳定”00000004…``).

    The look-behinds see past the window's start, so that a number cut at its edge (``2023`` read as ``023``)
    does not look like cells run together."""
    a, b = max(0, figure.quote_start - 30), min(len(text), figure.quote_end + 30)
    window = text[a:b]
    digits = sum(ch.isdigit() for ch in window)
    labels = len(_TABLE_LABELS.findall(window))
    if _CELLS_RUN_TOGETHER.search(text, a, b):  # cells whose digits ran together: 00000003 (not 1000 cut at a)
        return True
    run_together = _RUN_TOGETHER.search(text, a, b)
    # many digits among row labels, some of them not followed by a unit (行政许可396442278其他…); prose prints
    # its units (行政处罚399条,行政许可1288条, 申请1586宗,其中…商业企业申请71宗), years (2023年) and dates (截止20221231日)
    # (a number cut at the window's end is read whole, with its unit: …总金额2181.669177万元)
    tail = _NUMBER_TAIL.match(text, b)  # (matched in place: no copy of the rest of the report per figure)
    whole_end = tail.end() if tail else b
    bare_digits = re.search(r"\d{4,}(?![\d.]*\s*(?:[条件项个次篇份期场人名家元年月日号宗例起]|万|余|多))", text[a:whole_end])
    return bool(run_together and labels) or bool(digits > 8 and labels >= 2 and bare_digits) or "|" in text[figure.quote_start : figure.quote_end]


def _marked(text: str, figure: Figure) -> str:
    """The figure's sentence with the figure in 【】, at most ~100 characters around it."""
    a = max(0, figure.quote_start - 30)
    b = min(len(text), figure.quote_end + 30)
    a = max([a] + [text.rfind(d, a, figure.quote_start) + 1 for d in SENTENCE_DELIMS])
    ends = [i for d in SENTENCE_DELIMS if (i := text.find(d, figure.quote_end, b)) != -1]
    b = min(ends) if ends else b
    return _clip(display(text[a : figure.start]) + "【" + text[figure.start : figure.end] + "】" + display(text[figure.end : b]), 120)


_ENUM_PREFIX = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．是]|\d{1,2}[.．、])\s*")


def strip_enumerator(text: str) -> str:
    return _ENUM_PREFIX.sub("", text, count=1)


def _heading(sentence: str) -> bool:
    """A sub-heading line (``(一)政府信息公开收费情况``): short, no clause inside, often numbered."""
    body = sentence.strip()
    return bool(re.fullmatch(TOPIC_TITLE, body)) or (
        len(body) <= 30 and not re.search(r"[,，;；]", body) and bool(_ENUM_PREFIX.match(body))
    )


# the year the work was done in, a clause of its own (2019年, 本年度以来,)
_YEAR_CLAUSE = rf"(?:{WHEN})[，,]"
# a last clause that is only a verb wanting its object (…回应机制，开设。): the model's text was cut there
_BARE_VERB_END = re.compile(r"[，,；;、](?:并|同时|积极|及时|进一步)?(?:开设|开通|建立|设立|完善|加强|推进|开展|制定|印发|发布|公开|组织|举办|实现|推动|落实|做好)[。.]?$")


def whole_sentence(text: str, limit: int, close: str = "。") -> str:
    """Model text as shipped: when it reached the length cap (the grammar cut it), its whole clauses only,
    closed with ``close``; empty when not even one clause is whole."""
    text = text.strip()
    if (bare := _BARE_VERB_END.search(text)) and bare.start() > 8:
        return text[: bare.start()] + close  # …回应机制，开设。: a verb whose object was cut off ends no sentence
    if len(text) < limit or text[-1] in "。!?！？":
        return text
    cut = max(text.rfind(d) for d in "，,；;、")
    return text[:cut].rstrip("，,；;、") + close if cut > 8 else ""


# a sentence that only says on what authority or principle (根据《条例》规定。 2019年,按照…文件精神。): a frame whose
# work the model's text left out, or only the title of what is reported (政府信息公开工作的基本概况。): no statement of the
# section's
_FRAME_ONLY = re.compile(rf"(?:{_YEAR_CLAUSE})?{AUTHORITY}。?|{TOPIC_TITLE}。?")


def without_frames(text: str) -> str:
    """Model text without its sentences that are a frame alone; empty when nothing else is left."""
    return "".join(s for s in re.findall(r"[^。]*。|[^。]+$", text) if not _FRAME_ONLY.fullmatch(s.strip()))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_CJK_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff”》）])([,;:!?()])|([,;:!?()])(?=[\u4e00-\u9fff“《（])")


def display(text: str) -> str:
    """Normalized text as a person reads it: no line wraps, full-width punctuation between Chinese words."""
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return _CJK_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)


_PROBLEM_HINT = re.compile(
    r"不够|不足|有待|欠缺|不高|滞后|薄弱|不强|不到位|不平衡|不均衡|不充分|较少|偏少|单一|不深|不及时|不规范|不全面|"
    r"仍需|还需|尚需|亟待|亟需|需要进一步|需进一步|需要加强|需要提高|缺乏|缺少|短板|差距|难以|无法|不能满足|未能|有限|个别|少数"
)
# a clause that needs the one after it (对涉及群众的重大问题，…应及时公开): never the last of a short text
_DANGLING = re.compile(r"^(?:对|在|为|按照|根据|围绕|针对|通过|以|从|将|把|与|同|向|就|关于)")


def _clauses(sentence: str) -> list[str]:
    """A sentence cut after each ， that is not inside quotes or a title (“…，…”, 《…》); a list joined by 、
    stays whole."""
    out: list[str] = []
    depth = 0
    current = ""
    for ch in sentence:
        current += ch
        if ch in "“《（(\"":
            depth += 1
        elif ch in "”》）)" and depth:
            depth -= 1
        elif ch in "，," and depth == 0:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


# a connective that ties an item to the sentence before it (其中，… / 同时，…)
_CONNECTIVE = r"(?:其中|同时|此外|另外|与此同时|另一方面)"
# what an item's text can start without: a concession before its 但 (虽然…增加了许多，但与需求还存在差距) and the
# cue that a measure follows (接下来，我们会强化… / 下一步，我局将…)
_LEADING_FRAME = re.compile(
    r"^(?:(?:虽然|尽管|虽)[^。；;]{0,40}?[，,](?:但是?|然而)[，,]?|"
    r"(?:接下来|下一步|下阶段|今后)[，,]?(?:[我本][们局委办府厅中心]{0,2})?(?:会|将|要)?|"
    # the year the work was done in, a clause of its own (2019年,梅县区以…为指导,…): no part of what was done
    rf"{_YEAR_CLAUSE}|{_CONNECTIVE}[，,])"
)
# a clause that frames an item instead of saying what it is: on what authority (按照…要求), under whose guidance
# (在…的指导下), fitted to what (结合工作实际), or only a connective; a short text starts after such clauses
_FRAME_CLAUSE = re.compile(rf"{AUTHORITY}|{_CONNECTIVE}|{GUIDANCE}|结合[^。，,；;]{{0,12}}实际|{CARRIED_OUT}|{WHEN}")
# where a sentence of an item's display text ends (its line wraps are gone)
_SENTENCE_END = "。;；!?！？"


def _frames(clause: str) -> bool:
    """Whether a clause (with its closing punctuation) only frames the item: ``_FRAME_CLAUSE``."""
    body = _FRAMED_BY.sub("", _FRAME_ACTOR.sub("", clause.rstrip("，,、。；;")))
    return not body or bool(_FRAME_CLAUSE.fullmatch(body))


# who frames the item and how it carries the frame out, around a frame (我局根据《条例》的要求严格落实)
_FRAME_ACTOR = re.compile(r"^(?:我们|[我本][局镇乡委办区县市厅署所院站](?:[委办])?|本(?:单位|部门|机关)|我(?:单位|部门|中心))")
_FRAMED_BY = re.compile(r"(?<=[规定要求精神部署安排指示原则标准规范指标》])的?(?:严格|认真|切实|全面)?(?:落实|执行|贯彻落实|贯彻执行)$")


# a first sentence that only frames the item: the title of what is reported (社会评议情况。) or on what authority
_LEADING_SENTENCE = re.compile(rf"(?:{TOPIC_TITLE}|{AUTHORITY})[。:：；;]")


def short_text(body: str, *, problem: bool = False, names: tuple[str, ...] = (), limit: int = BRIEF_CHARS) -> str:
    """An item's text in at most ``limit`` characters, made of its own words: the whole item when it is short,
    else its first sentence (a point's headline), else whole clauses from the first one; when those say only
    where or on what authority, from the first clause that says what the item is (a problem: what is lacking;
    a work item: one of ``names``, the words of its kind, so that 按照…要求,进一步提高…水平,定时更新维护…栏目内容
    shows the 栏目 it maintains); a clause longer than the limit is cut with an ellipsis."""
    whole = _LEADING_FRAME.sub("", display(body)) or display(body)
    while (lead := _LEADING_SENTENCE.match(whole)) and content(whole[lead.end() :]):
        # 社会评议情况。制定了社会评议制度…: the title of what is reported (or a sentence that only says on what
        # authority), then the work
        whole = strip_enumerator(whole[lead.end() :])
    if len(whole) <= limit:
        return whole
    first = re.split(f"[{_SENTENCE_END}]", whole, maxsplit=1)[0]  # the headline of a point
    if len(first) <= limit:
        return first
    clauses = _clauses(first)
    while len(clauses) > 1 and _frames(clauses[0]):
        clauses = clauses[1:]  # 其中，根据《…通知》要求，…，全面推进…: what was done, not on what authority
    out = _fill(clauses, 0, limit)

    def says_what(clause: str) -> bool:
        if _frames(clause):
            return False  # (根据《…政府网站集约化建设方案》要求: the title of a document names no work done)
        return bool(_PROBLEM_HINT.search(clause)) if problem else any(w in clause for w in names)

    if (problem or names) and not says_what(out):
        start = next((i for i, c in enumerate(clauses) if says_what(c)), 0)
        if not says_what(clauses[start]):
            # the headline names nothing of it: a later sentence says what the item is
            every = [c for sentence in re.findall(f"[^{_SENTENCE_END}]+[{_SENTENCE_END}]?", whole) for c in _clauses(sentence)]
            if (found := next((i for i, c in enumerate(every) if says_what(c)), None)) is not None:
                clauses, start = every, found
        out = _fill(clauses, start, limit) or _clip(clauses[start].rstrip("，,、"), limit)
        if start:
            out = re.sub(rf"^{LEADING_CONJUNCTION}", "", out)  # 并有针对性地召开培训会 -> 有针对性地召开培训会
    return out if out else _clip(clauses[0].rstrip("，,、"), limit)


def _fill(clauses: list[str], start: int, limit: int) -> str:
    """Whole clauses from ``start`` while they fit in ``limit`` characters, without a dangling last one."""
    taken: list[str] = []
    size = 0
    for clause in clauses[start:]:
        if size + len(clause.rstrip("，,、")) > limit:
            break
        taken.append(clause)
        size += len(clause)
    while len(taken) > 1 and _DANGLING.match(taken[-1]):
        taken.pop()
    return "".join(taken).rstrip("，,、；;。")
