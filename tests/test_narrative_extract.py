"""The narrative stage against the loopback fake LLM: labels, re-asks, drops, retries, budget, cache."""

from __future__ import annotations

import json
from pathlib import Path

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
    from tests.fake_openai_server import FakeOpenAIServer, HttpError, Reply, fake_llm, labels_responder
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import REPORTS, gold  # type: ignore[no-redef]
    from fake_openai_server import FakeOpenAIServer, HttpError, Reply, fake_llm, labels_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]

PROMPT = load_prompt("narrative@v1")
REPORT = """2022年某某区人民政府办公室政府信息公开工作年度报告
一、总体情况
（一）主动公开
全年主动公开政府信息4250条，其中政策解读65件。
（二）依申请公开
全年收到政府信息公开申请13件，上年结转2件。
五、存在的主要问题及改进情况
政务公开培训不够，存在问题。下一步将加强培训。
"""


def _client(server: FakeOpenAIServer, **settings: object) -> LLMClient:
    return LLMClient(ProviderSettings(base_url=server.base_url, model="qwen2.5-7b-instruct", **settings))  # type: ignore[arg-type]


def _answer(numbers: list[dict[str, object]], sentences: list[dict[str, object]] | None = None) -> Reply:
    return Reply(json.dumps({"numbers": numbers, "sentences": sentences or [], "summary": "概述。"}, ensure_ascii=False))


def _label(i: int, quantity: str, category: str = "proactive", keep: bool = True) -> dict[str, object]:
    return {"id": i, "keep": keep, "category": category, "quantity": quantity}


GOOD = _answer(
    [_label(1, "主动公开政府信息"), _label(2, "政策解读"), _label(3, "收到政府信息公开申请", "application"), _label(4, "上年结转", "application")],
    [{"id": 1, "kind": "problem", "text": "培训不够"}, {"id": 2, "kind": "improvement", "text": "加强培训"}],
)


def test_labels_become_grounded_facts(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(GOOD)
    doc = load_text(REPORT)
    report = extract_document(doc, NarrativeExtractor(PROMPT, _client(fake_llm)))
    n = report.narrative
    assert n is not None and n.errors == [] and n.usage.calls == 1
    assert [(c.calls, c.cached, c.input_tokens > 0) for c in n.llm_calls] == [(1, False, True)]
    assert [(f.quantity, f.value, f.unit, f.method) for f in n.proactive_counts] == [
        ("主动公开政府信息", 4250, "条", "llm"), ("政策解读", 65, "件", "llm"),
    ]
    assert [(f.quantity, f.value) for f in n.application_counts] == [("收到政府信息公开申请", 13), ("上年结转", 2)]
    for fact in n.all_counts():
        assert doc.text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote
        assert str(fact.value) in fact.evidence.quote
    assert [i.text for i in n.problems] == ["培训不够"] and [i.text for i in n.improvements] == ["加强培训"]
    # the prompt holds the narrative only: no table text, and the section text comes before the figure list
    user = fake_llm.requests[0]["messages"][-1]["content"]
    assert "4250" in user and user.index("全年主动公开") < user.index("[#1]")


def test_unknown_id_is_reasked_with_the_error(fake_llm: FakeOpenAIServer) -> None:
    bad = _answer([_label(9, "主动公开政府信息")])
    fake_llm.script(bad, GOOD)
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm))).narrative
    assert n is not None and n.usage.calls == 2 and n.usage.reasks == 1 and n.errors == []
    reask = json.dumps(fake_llm.requests[1]["messages"], ensure_ascii=False)
    assert "do not exist" in reask


def test_schema_breaking_json_then_still_failing_is_dropped_and_counted(fake_llm: FakeOpenAIServer) -> None:
    still_bad = _answer([_label(1, "主动公开政府信息"), _label(7, "不存在"), {"id": 2, "keep": True, "quantity": ""}])
    fake_llm.script(Reply("{not json"), still_bad, still_bad)
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm), max_reasks=2)).narrative
    assert n is not None and n.usage.calls == 3 and len(n.errors) == 1 and "failed validation" in n.errors[0]
    assert len(n.dropped) == 2  # the unknown id and the unnamed kept figure: never shipped
    by_value = {f.value: f for f in n.all_counts()}
    assert by_value[4250].method == "llm"  # the valid label of the failed answer is kept
    assert 65 not in by_value  # its label failed validation: dropped, not replaced by a rule
    assert by_value[13].method == "rules"  # unlabeled figures get the keyword label


def test_transient_429_is_retried(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(HttpError(429, retry_after=0), GOOD)
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm))).narrative
    assert n is not None and n.usage.transient_retries == 1 and n.errors == []


def test_timeout_gives_one_line_error_and_rules_facts(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(Reply("{}", delay_s=2), Reply("{}", delay_s=2))
    client = _client(fake_llm, timeout_s=0.3, max_transient_retries=1)
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, client)).narrative
    assert n is not None and len(n.errors) == 1 and "\n" not in n.errors[0]
    assert {f.method for f in n.all_counts()} == {"rules"} and len(n.all_counts()) == 4


def test_token_budget_stops_calls(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(GOOD)
    budget = TokenBudget(1)
    budget.charge(1)
    n = NarrativeExtractor(PROMPT, _client(fake_llm))
    report = extract_document(load_text(REPORT), n, budget=budget)
    assert report.narrative is not None and "budget" in report.narrative.errors[0]
    assert fake_llm.requests == []


def test_unchanged_rerun_makes_zero_calls(fake_llm: FakeOpenAIServer, tmp_path: Path) -> None:
    fake_llm.responder = labels_responder
    doc = load_document(REPORTS / "000_541c1237663619fb.txt")
    cache = AnswerCache(tmp_path / "cache.sqlite")
    first = extract_document(doc, NarrativeExtractor(PROMPT, _client(fake_llm), cache=cache)).narrative
    calls = len(fake_llm.requests)
    assert first is not None and calls >= 2 and first.usage.cached_chunks == 0
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
    edited = tmp_path / "narrative" / "v2.md"
    edited.parent.mkdir()
    edited.write_text((Path(__file__).parent.parent / "prompts/narrative/v1.md").read_text() + "\n", encoding="utf-8")
    n = extract_document(doc, NarrativeExtractor(load_prompt(str(edited)), _client(fake_llm), cache=cache)).narrative
    assert n is not None and n.prompt == "narrative@v2" and len(fake_llm.requests) == 2 * calls


def test_quantity_copied_with_its_figure_is_cleaned(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.script(_answer([_label(1, "主动公开政府信息4250条"), _label(2, "严格实行三审制")]))
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm))).narrative
    assert n is not None
    assert [f.quantity for f in n.proactive_counts] == ["主动公开政府信息", "政策解读"]  # 2nd: not the clause's words


@pytest.mark.parametrize("name", sorted(p.stem for p in REPORTS.glob("*.txt")))
def test_rules_only_facts_are_grounded_on_every_report(name: str) -> None:
    doc = load_document(REPORTS / f"{name}.txt")
    report = extract_document(doc, NarrativeExtractor(PROMPT))
    n = report.narrative
    assert n is not None and n.model == "rules"
    items = [*n.all_counts(), *n.platform_work, *n.oversight, *n.problems, *n.improvements]
    for item in items:
        assert doc.text[item.evidence.start : item.evidence.end] == item.evidence.quote


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

    fake_llm.script(GOOD)
    langfuse = StandInLangfuse()
    report = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm)), tracer=Tracer(client=langfuse))
    assert report.narrative is not None and report.narrative.usage.calls == 1
    spans = [kw for name, kw in langfuse.log if name == "client.start_as_current_observation"]
    generations = [kw for name, kw in langfuse.log if name.endswith("start_observation") and kw.get("as_type") == "generation"]
    assert len(spans) == 1 and spans[0]["metadata"]["prompt"] == "narrative@v1"
    assert len(generations) == 1


def test_summary_and_paraphrase_never_state_numbers_the_text_lacks(fake_llm: FakeOpenAIServer) -> None:
    answer = json.loads(GOOD.content)
    answer["summary"] = "全年主动公开政府信息1.2万余条。"  # copied from a few-shot example: not in this report
    answer["sentences"][0]["text"] = "培训不够，仅3次"
    fake_llm.script(Reply(json.dumps(answer, ensure_ascii=False)))
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm))).narrative
    assert n is not None and n.summaries == []
    assert any("summary states numbers" in d.reason for d in n.dropped)
    assert "3次" not in n.problems[0].text and n.problems[0].method == "llm"
