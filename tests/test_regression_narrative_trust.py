"""Regression tests for issue 10: every model-written word supported by the source it cites.

One test per failure seen with the embedded model before the fix (prompt example copied as a problem,
a platform item and a summary; wrong channels; lead-ins shipped as items; problems in an excerpt without
section 五; PDF line wraps cutting one item in two; one item shipped twice; labels shifted onto the
neighbouring sentence; debris of squashed tables shipped as counts).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.narrative.schema import NarrativeFacts
from extractor.report import extract_document

try:
    from tests.fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder
except ImportError:
    from fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]

PROMPT = load_prompt("narrative@v2")
# the worked example of prompt v1 that the 0.5B model copied into report 004's output
V1_EXAMPLE_TEXTS = ("培训力度不够", "政府网站集约化改造并开通无障碍浏览", "本段介绍主动公开的数量和渠道，以及网站集约化改造。")

REPORT_004_LIKE = """乳山寨镇2022年政府信息公开工作年度报告
一、总体情况
（一）主动公开
2022年，乳山寨镇全年主动公开政府信息129条，其中官方微信公众号发布72条。
成立了乳山寨镇政务公开工作领导小组，由镇党委书记任组长。
（四）平台建设
不断推进信息公开平台建设，提升网站运营能力，及时更新网站栏目内容。
五、存在的主要问题及改进情况
（一）工作中存在的主要问题和困难。一是信息公开的内容有待进一步完善，综合服务水平还不够高。二是政务公开工作的实效性不够强，自纠自查能力不足。
（二）具体解决办法和改进措施。一是提高思想认识，拓宽公开渠道。二是强化监督，规范政务公开工作。
六、其他需要报告的事项
2022年，我镇未收取相关信息处理费。
"""


def _client(server: FakeOpenAIServer) -> LLMClient:
    return LLMClient(ProviderSettings(base_url=server.base_url, model="qwen2.5-7b-instruct"))


def _model_writing(texts: Callable[[str], str], labels: Callable[[list[str]], str] | None = None) -> Callable[[dict[str, Any]], Reply]:
    """A fake model: every text question answered by ``texts(key)``, every choice by ``labels(choices)``."""

    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        for key, prop in answer_schema(body)["properties"].items():
            if prop.get("enum") and labels is not None:
                answer[key] = labels(prop["enum"])
            elif not prop.get("enum"):
                answer[key] = texts(key)
        return Reply(json.dumps(answer, ensure_ascii=False))

    return respond


def _narrative(server: FakeOpenAIServer, text: str = REPORT_004_LIKE) -> NarrativeFacts:
    report = extract_document(load_text(text), NarrativeExtractor(PROMPT, _client(server)))
    assert report.narrative is not None
    return report.narrative


def _shown(n: NarrativeFacts) -> list[str]:
    return [i.text for i in [*n.problems, *n.improvements, *n.platform_work, *n.oversight]] + [s.text for s in n.summaries]


def test_prompt_example_text_is_never_shipped(fake_llm: FakeOpenAIServer) -> None:
    for copied in (*V1_EXAMPLE_TEXTS, "查档窗口开放时间较短，预约渠道较少", "存在馆藏档案数字化进度偏慢的问题。"):
        fake_llm.responder = _model_writing(lambda _key, c=copied: c)
        n = _narrative(fake_llm)
        assert all(copied not in shown for shown in _shown(n)), copied
        assert n.dropped and {d.code for d in n.dropped} <= {"leaked_example", "unsupported_words"}
    fake_llm.responder = _model_writing(lambda _key: "查档窗口开放时间较短，预约渠道较少")
    assert "leaked_example" in {d.code for d in _narrative(fake_llm).dropped}


def test_channels_come_from_the_clause_that_prints_the_figure(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    n = _narrative(fake_llm)
    channels = {f.raw: f.channel for f in n.all_counts()}
    assert channels["72条"] == "微信公众号" and channels["129条"] is None
    fee = next(f for f in n.all_counts() if f.category == "fee")
    assert fee.value == 0 and fee.channel is None


def test_lead_ins_and_headings_are_never_items(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = _model_writing(lambda key: key, labels=lambda choices: "problem" if "problem" in choices else choices[0])
    n = _narrative(fake_llm)
    quotes = [i.evidence.quote for i in [*n.problems, *n.improvements]]
    assert not any("存在的主要问题和困难" in q or "具体解决办法和改进措施" in q for q in quotes)
    assert len(quotes) == 4


def test_no_section_five_no_problems_whatever_the_model_says(fake_llm: FakeOpenAIServer) -> None:
    excerpt = "一、总体情况\n（一）主动公开\n其他文件信息5条；财政预决算信息2条；政府工作报告1条。\n全年公开信息不够及时，内容有待丰富。\n"
    fake_llm.responder = _model_writing(lambda key: key, labels=lambda choices: "problem" if "problem" in choices else choices[0])
    n = _narrative(fake_llm, excerpt)
    assert n.problems == [] and n.improvements == []


def test_a_pdf_line_wrap_does_not_cut_an_item_in_two() -> None:
    text = (
        "五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是如依申请公开工作规范性还有待提\n"
        "高、政务公开内容的深度和广度还有待提升、公开形式较为单\n一；二是队伍建设有待加强。\n"
    )
    n = extract_document(load_text(text), NarrativeExtractor(PROMPT)).narrative
    assert n is not None
    assert [i.evidence.quote for i in n.problems] == [
        "如依申请公开工作规范性还有待提\n高、政务公开内容的深度和广度还有待提升、公开形式较为单\n一", "队伍建设有待加强",
    ]
    assert n.problems[0].text.startswith("如依申请公开工作规范性还有待提高")


def test_one_item_once(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = labels_responder
    n = _narrative(fake_llm)
    for items in (n.problems, n.improvements, n.platform_work, n.oversight):
        spans = [(i.evidence.start, i.evidence.end) for i in items]
        assert len(spans) == len(set(spans))
    everything = [(i.evidence.start, i.evidence.end) for i in [*n.problems, *n.improvements]]
    assert len(everything) == len(set(everything))


def test_a_paraphrase_of_the_neighbouring_item_is_caught(fake_llm: FakeOpenAIServer) -> None:
    text = (
        "五、存在的主要问题及改进情况\n一是政务公开工作人员以兼职为主，业务培训偏少，有时存在信息更新上不够及时的情况，影响公开时效。"
        "二是政府信息公开方式单一，以照片、文字为主，对于音频、图表等新型公开方式使用少，群众阅读体验不佳。\n"
    )
    # the model answers each key with the paraphrase of the OTHER item (shifted labels)
    shifted = {"政务公开工作": "公开方式单一，音频图表等新型方式使用少", "政府信息公开": "工作人员以兼职为主，信息更新不够及时"}
    fake_llm.responder = _model_writing(lambda key: shifted.get(key, ""), labels=lambda c: "problem" if "problem" in c else "none")
    n = _narrative(fake_llm, text)
    assert [i.support.text_from for i in n.problems] == ["source", "source"]
    codes = {d.code for d in n.dropped if "paraphrase" in d.reason}
    assert codes and codes <= {"matches_neighbour", "unsupported_words"}


def test_problems_of_five_never_cite_sentences_of_one(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = _model_writing(lambda key: key, labels=lambda choices: "problem" if "problem" in choices else choices[0])
    n = _narrative(fake_llm)
    five = REPORT_004_LIKE.index("五、存在的主要问题")
    six = REPORT_004_LIKE.index("六、其他需要报告的事项")
    assert all(five < i.evidence.start < six for i in [*n.problems, *n.improvements])


def test_debris_of_a_squashed_table_is_not_a_count() -> None:
    text = (
        "一、总体情况\n全年主动公开政府信息120条。\n"
        "三、收到和处理政府信息公开申请情况\n(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益0000000\n"
    )
    n = extract_document(load_text(text), NarrativeExtractor(PROMPT)).narrative
    assert n is not None
    assert [(f.value, f.unit) for f in n.all_counts()] == [(120, "条")]


def test_a_work_kind_the_item_does_not_name_is_not_shipped(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = _model_writing(lambda key: "", labels=lambda choices: "gazette" if "gazette" in choices else choices[0])
    n = _narrative(fake_llm)
    assert all(w.kind != "gazette" for w in n.platform_work)
    assert "unsupported_kind" in {d.code for d in n.dropped}
    assert [w.kind for w in n.platform_work] == ["website"]  # the rules' label stands
