"""The narrative stage against the loopback fake LLM: asks bound to item words, lenient answers, re-asks
only for unreadable JSON, retries, budget, cache, tracing, and the support check on every model string."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from extractor.llm.cache import AnswerCache
from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.llm.usage import TokenBudget
from extractor.load import load_document, load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.report import extract_document

try:
    from tests.conftest import REPORTS, gold
    from tests.fake_openai_server import (
        FakeOpenAIServer,
        HttpError,
        Reply,
        answer_schema,
        fake_llm,
        labels_responder,
    )
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import REPORTS, gold  # type: ignore[no-redef]
    from fake_openai_server import (  # type: ignore[no-redef]
        FakeOpenAIServer,
        HttpError,
        Reply,
        answer_schema,
        fake_llm,
        labels_responder,
    )

__all__ = ["fake_llm"]

PROMPT = load_prompt("narrative@v2")
REPORT = """2022年某某区人民政府办公室政府信息公开工作年度报告
一、总体情况
（一）主动公开
全年主动公开政府信息4250条，其中政策解读65件。
（二）依申请公开
全年收到政府信息公开申请13件，上年结转2件。
（四）平台建设
开设“惠企政策”专栏，集中发布涉企政策。
（五）监督保障
组织政务公开业务培训2次。
五、存在的主要问题及改进情况
（一）存在的主要问题
一是政务公开培训力度不够，培训形式较为单一，基层工作人员对新条例的理解还不够深入；二是政策解读形式有待丰富。
（二）改进措施
一是加强培训；二是丰富政策解读形式，多用图表图解。
"""


def _client(server: FakeOpenAIServer, **settings: Any) -> LLMClient:
    return LLMClient(ProviderSettings(base_url=server.base_url, model="qwen2.5-7b-instruct", **settings))


def _editing(edit: Callable[[str, dict[str, Any], dict[str, Any]], None]) -> Callable[[dict[str, Any]], Reply]:
    """A responder that lets ``edit(task_system_text, schema, answer)`` change the fake model's answer."""

    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        system = body["messages"][0]["content"]
        edit(system, answer_schema(body), answer)
        return Reply(json.dumps(answer, ensure_ascii=False))

    return respond


def _extract(server: FakeOpenAIServer, text: str = REPORT, **kwargs: Any) -> Any:
    report = extract_document(load_text(text), NarrativeExtractor(PROMPT, _client(server), **kwargs))
    assert report.narrative is not None
    return report


def test_every_ask_is_keyed_by_the_items_own_words(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    n = _extract(fake_llm).narrative
    assert n.errors == [] and n.decided_by == dict.fromkeys(("counts", "items", "work", "briefs", "summaries", "themes"), "llm")
    schemas = [answer_schema(body) for body in fake_llm.requests]
    item_keys = next(list(s["properties"]) for s in schemas if "problem" in json.dumps(s))
    assert item_keys == ["政务公开培训", "政策解读形式", "加强培训", "丰富政策解读"]  # the items' first words, in order
    for body in fake_llm.requests:
        schema = answer_schema(body)
        assert schema["required"] == list(schema["properties"])  # no item can be skipped
    assert [i.text for i in n.problems][1] == "政策解读形式有待丰富" and [i.method for i in n.problems] == ["llm", "llm"]
    assert [i.text for i in n.improvements] == ["加强培训", "丰富政策解读形式，多用图表图解"]
    assert [(w.kind, w.method) for w in n.oversight] == [("training", "llm")]
    doc = load_text(REPORT)
    for item in [*n.all_counts(), *n.problems, *n.improvements, *n.platform_work, *n.oversight]:
        assert item.evidence.holds_in(doc.text)


def test_the_model_never_writes_a_value_or_a_quote(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    n = _extract(fake_llm).narrative
    assert [(f.quantity, f.value, f.unit) for f in n.proactive_counts][:2] == [("主动公开政府信息", 4250, "条"), ("政策解读", 65, "件")]
    assert [(f.quantity, f.value) for f in n.application_counts] == [("收到政府信息公开申请", 13), ("上年结转", 2)]
    for fact in n.all_counts():
        assert str(fact.value) in fact.evidence.quote


def test_a_label_outside_the_choices_is_no_answer_and_costs_no_reask(fake_llm: FakeOpenAIServer) -> None:
    def bogus(system: str, schema: dict[str, Any], answer: dict[str, Any]) -> None:
        for key, prop in schema["properties"].items():
            if prop.get("enum"):
                answer[key] = "something-else"

    fake_llm.responder = _editing(bogus)
    n = _extract(fake_llm).narrative
    assert n.usage.reasks == 0 and n.usage.calls == len(fake_llm.requests)
    assert [i.method for i in n.problems] == ["rules", "rules"] and len(n.improvements) == 2  # the rules kept them
    assert {f.method for f in n.all_counts()} == {"rules"}


def test_unreadable_json_is_reasked_once_then_the_rules_keep_the_items(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply("{not json"), Reply("{still not json"))
    fake_llm.responder = labels_responder
    n = _extract(fake_llm).narrative
    assert n.usage.reasks == 1 and len(n.errors) == 1 and "counts:" in n.errors[0]
    assert {f.method for f in n.all_counts()} == {"rules"} and len(n.all_counts()) == 5  # that ask failed: rules
    assert [i.method for i in n.problems] == ["llm", "llm"]  # later asks answered


def test_transient_429_is_retried(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(HttpError(429, retry_after=0))
    fake_llm.responder = labels_responder
    n = _extract(fake_llm).narrative
    assert n.usage.transient_retries == 1 and n.errors == []


def test_timeout_gives_one_line_error_and_rules_facts(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(*[Reply("{}", delay_s=2)] * 12)
    report = extract_document(
        load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm, timeout_s=0.3, max_transient_retries=0))
    )
    n = report.narrative
    assert n is not None and n.errors and all("\n" not in e for e in n.errors)
    assert {f.method for f in n.all_counts()} == {"rules"} and len(n.all_counts()) == 5
    assert [i.method for i in n.problems] == ["rules", "rules"]


def test_token_budget_stops_calls(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    budget = TokenBudget(1)
    budget.charge(1)
    report = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm)), budget=budget)
    assert report.narrative is not None and any("budget" in e for e in report.narrative.errors)
    assert fake_llm.requests == []
    assert len(report.narrative.problems) == 2  # the rules still give every item


def test_unchanged_rerun_makes_zero_calls(fake_llm: FakeOpenAIServer, tmp_path: Path) -> None:
    fake_llm.responder = labels_responder
    doc = load_document(REPORTS / "000_541c1237663619fb.txt")
    cache = AnswerCache(tmp_path / "cache.sqlite")
    first = extract_document(doc, NarrativeExtractor(PROMPT, _client(fake_llm), cache=cache)).narrative
    calls = len(fake_llm.requests)
    assert first is not None and calls >= 3 and first.usage.cached_chunks == 0
    second = extract_document(doc, NarrativeExtractor(PROMPT, _client(fake_llm), cache=cache)).narrative
    assert second is not None and len(fake_llm.requests) == calls and second.usage.calls == 0
    assert second.usage.cached_chunks == calls
    assert second.model_dump(exclude={"usage", "llm_calls"}) == first.model_dump(exclude={"usage", "llm_calls"})
    assert all(c.cached for c in second.llm_calls)


def test_prompt_identity_is_part_of_the_cache_key(fake_llm: FakeOpenAIServer, tmp_path: Path) -> None:
    fake_llm.responder = labels_responder
    doc = load_text(REPORT)
    cache = AnswerCache(tmp_path / "cache.sqlite")
    extract_document(doc, NarrativeExtractor(PROMPT, _client(fake_llm), cache=cache))
    calls = len(fake_llm.requests)
    edited = tmp_path / "narrative" / "v3.md"
    edited.parent.mkdir()
    edited.write_text((Path(__file__).parent.parent / "prompts/narrative/v2.md").read_text() + "\n", encoding="utf-8")
    n = extract_document(doc, NarrativeExtractor(load_prompt(str(edited)), _client(fake_llm), cache=cache)).narrative
    assert n is not None and n.prompt == "narrative@v3" and len(fake_llm.requests) == 2 * calls


def test_decides_picks_the_fields_the_model_answers(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    n = _extract(fake_llm, decides={"summaries"}).narrative
    tasks = {c.section for c in n.llm_calls}
    assert tasks == {"summary"} and n.decided_by["items"] == "rules" and n.decided_by["summaries"] == "llm"
    assert {i.method for i in [*n.problems, *n.improvements]} == {"rules"}
    with pytest.raises(ValueError, match="unknown narrative fields"):
        NarrativeExtractor(PROMPT, _client(fake_llm), decides={"everything"})


@pytest.mark.parametrize("name", sorted(p.stem for p in REPORTS.glob("*.txt")))
def test_rules_only_facts_are_grounded_on_every_report(name: str) -> None:
    doc = load_document(REPORTS / f"{name}.txt")
    report = extract_document(doc, NarrativeExtractor(PROMPT))
    n = report.narrative
    assert n is not None and n.model == "rules"
    items = [*n.all_counts(), *n.platform_work, *n.oversight, *n.problems, *n.improvements]
    for item in items:
        assert item.evidence.holds_in(doc.text)
    for item in [*n.platform_work, *n.oversight, *n.problems, *n.improvements]:
        assert len(item.text) <= 40 and item.support.text_from == "source"


@pytest.mark.parametrize("name", sorted(p.stem for p in REPORTS.glob("*.txt")))
def test_rule5_findings_match_gold(name: str) -> None:
    report = extract_document(load_document(REPORTS / f"{name}.txt"), NarrativeExtractor(PROMPT))
    failed = sorted(c.id for c in report.checks if c.id.startswith("narrative.") and c.passed is False)
    expected = sorted(r for r in gold(name)["rule_failures"] if r.startswith("narrative."))
    assert failed == expected


def test_one_langfuse_trace_per_report_with_a_generation_per_call(fake_llm: FakeOpenAIServer) -> None:
    from extractor.llm.tracing import Tracer

    try:
        from tests.test_llm_tracing import StandInLangfuse
    except ImportError:
        from test_llm_tracing import StandInLangfuse  # type: ignore[no-redef]

    fake_llm.responder = labels_responder
    langfuse = StandInLangfuse()
    report = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm)), tracer=Tracer(client=langfuse))
    assert report.narrative is not None
    spans = [kw for name, kw in langfuse.log if name == "client.start_as_current_observation"]
    generations = [kw for name, kw in langfuse.log if name.endswith("start_observation") and kw.get("as_type") == "generation"]
    assert len(spans) == 1 and spans[0]["metadata"]["prompt"] == "narrative@v2"
    assert len(generations) == report.narrative.usage.calls == len(fake_llm.requests)
