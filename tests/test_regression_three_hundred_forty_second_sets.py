"""Regressions found in this stop's work on the three-hundred-and-forty-second and later unseen sets (U342 onwards),
and on the one left open at the last stop: the next part's title of a report whose sub-part starts inside its
region ((二)加强政府网站和政务新媒体管理。一是…, printed after 三是's point of the part before) was read as the end of
that point and shipped with it as platform work of its own; a summary sentence that only says on what authority
(2019年，根据《…条例》、《…暂行办法》规定。), the work it framed left out by the model, shipped in the digest, found
reading U338's extract as an analyst would (10 more such sentences over the stored answers of every first look);
the years a body's work has run (走过了8个年头) and the reads its posts got (获得阅读2497万次) counted; work put into
the body's performance management (将政务公开工作列入年度绩效管理实施办法) not read as an assessment; a channel whose
role is played (积极发挥政府门户网站在信息公开中的重要平台作用) shipped as platform work; in section 五, the framing
但我们也清醒地认识到离上级的要求还有一定差距 shipped as a problem, and measures that name nothing they act on
(认真总结前期工作经验, 努力克服和解决困难, 及时采取措施, 抓好改进落实) shipped as improvements; found reading U346's
extract as an analyst would, the steps of a procedure (…受理-转办-督办-审核-合法性审查-签发-邮寄办理流程) and an answer
weighed (综合评估答复内容) shipped as oversight."""

from __future__ import annotations

import json
from typing import Any

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor, without_frames
from extractor.narrative.items import enumerated
from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import figure_is_count, sentence_work_label
from extractor.report import extract_document

try:
    from tests.conftest import rules_narrative
    from tests.fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]
    from fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]

NEXT_TITLE = (
    "一、总体情况\n2022年,我县扎实推进政务公开。\n"
    "(一)主动公开有序进行。一是充分利用政府网站主动公开。县政府网站全年主动公开政府信息6936条。"
    "二是按月开展“政务公开主题日”活动,编制发放政务公开宣传资料1000余份。\n"
    "(二)加强政府网站和政务新媒体管理。一是优化政府网站栏目建设。新增政府公报栏目,全年发布政府公报5期。"
    "二是购买网站内容扫描服务。\n"
)


def test_the_next_parts_title_ends_the_point_before_it() -> None:
    # (U-set dev3400m, m03: the list of 一是… starts over after the title, so the title is no part of 二是's point)
    start = NEXT_TITLE.index("。一是")
    _lead, points = enumerated(NEXT_TITLE, start, len(NEXT_TITLE))
    second = NEXT_TITLE[points[1][0] : points[1][1]]
    assert second == "按月开展“政务公开主题日”活动,编制发放政务公开宣传资料1000余份"
    assert not any("加强政府网站和政务新媒体管理" in NEXT_TITLE[a:b] for a, b in points)


def test_the_next_parts_title_is_no_work_item() -> None:
    n = rules_narrative(NEXT_TITLE)
    assert not any(w.evidence.quote.startswith(("(二)", "加强政府网站和政务新媒体管理")) for w in n.platform_work)
    assert any(w.evidence.quote.startswith("按月开展") for w in n.platform_work)


def test_a_summary_sentence_that_is_only_a_frame_is_not_shipped() -> None:
    written = "2019年，根据《中华人民共和国政府信息公开条例》、《浙江省政府信息公开暂行办法》规定。我单位紧紧围绕中心工作及公众关切，积极推进信息公开。"
    assert without_frames(written) == "我单位紧紧围绕中心工作及公众关切，积极推进信息公开。"
    assert without_frames("按照《广西壮族自治区贯彻落实国务院办公厅 2022 年政务公开工作要点分工方案》文件精神。") == ""
    assert without_frames("根据及时、有效、节约和易获取、易认知的原则。") == ""
    # a frame with its work in the same sentence stays
    assert without_frames("根据《条例》规定，我局全年主动公开信息100条。") == "根据《条例》规定，我局全年主动公开信息100条。"


FRAMED = (
    "一、总体情况\n2019年,根据《中华人民共和国政府信息公开条例》规定,我单位紧紧围绕中心工作及公众关切,积极推进信息公开,"
    "全年在门户网站主动公开政府信息120条。我单位成立了信息公开工作领导小组,配备专人负责政务公开工作。\n"
)


def test_a_summary_that_is_only_a_frame_is_counted_not_shipped(fake_llm: FakeOpenAIServer) -> None:
    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        for key in answer_schema(body).get("properties", {}):
            if key.startswith("第"):  # the summary's sentences
                answer[key] = "2019年，根据《中华人民共和国政府信息公开条例》规定。"
        return Reply(json.dumps(answer, ensure_ascii=False))

    fake_llm.responder = respond
    client = LLMClient(ProviderSettings(base_url=fake_llm.base_url, model="qwen2.5-7b-instruct"))
    n = extract_document(load_text(FRAMED), NarrativeExtractor(load_prompt("narrative@v2"), client, decides={"summaries"})).narrative
    assert n is not None and n.summaries == []
    assert [(d.code, d.text) for d in n.dropped if d.reason.startswith("summary")] == [
        ("empty", "2019年，根据《中华人民共和国政府信息公开条例》规定。")
    ]


def test_years_gone_and_reads_are_no_counts() -> None:
    # (U-sets dev3550b, dev3560c)
    assert [f.quantity for f in find_figures("铃铛阁街政府信息公开工作转眼已经走过了8个年头。") if figure_is_count(f)] == []
    figures = find_figures("我部新媒体账号共发布内容6660条,获得阅读2497万次。")
    assert [(f.value, figure_is_count(f)) for f in figures] == [(6660, True), (24970000, False)]
    assert [figure_is_count(f) for f in find_figures("开展在线阅读活动3次。")] == [True]


def test_work_put_into_performance_management_is_an_assessment() -> None:
    # (U-set dev3560c: 将政务公开工作列入年度绩效管理实施办法)
    point = "从严压实责任,将政务公开工作列入年度绩效管理实施办法,对不能完成规定任务的扣减部门和个人绩效"
    assert sentence_work_label(point, "overview") == ("oversight", "assessment")
    assert sentence_work_label("将政府信息公开工作纳入单位年度绩效考", "overview.oversight") == ("oversight", "assessment")


def test_a_channel_whose_role_is_played_is_no_platform_work() -> None:
    # (U-set dev3540a: the site's role played, the work on the catalogue, not on the site)
    point = "咸宁高新区不断细化、完善公开目录,聚焦科技创新、产业升级等领域,积极发挥政府门户网站在信息公开中的重要平台作用"
    assert sentence_work_label(point, "overview.proactive_disclosure") is None
    assert sentence_work_label("发挥政务新媒体作用,开设“惠企政策”专栏", "overview.platforms") is not None


FIVE = (
    "一、概述\n2016年,我局全年发布各类信息564条。\n五、存在的问题和改进措施\n"
    "2016年,我局政府信息公开工作取得了新的进展,但我们也清醒地认识到离上级的要求还有一定差距。"
    "如在信息公开的深度、广度等方面还需进一步加强和拓展;工作规范化、制度化有待加强;信息发布数量还需进一步增加。"
    "2017年,我局将认真总结前期工作经验,努力克服和解决困难,深入推进政府信息公开的各项工作,并针对上述存在问题,及时采取措施,抓好改进落实。\n"
)


def test_framing_and_measures_that_name_nothing_are_no_items() -> None:
    # (U-set dev3590f: three problems after 如, the framing before them, and no measure named after them)
    n = rules_narrative(FIVE)
    assert [p.evidence.quote.lstrip("如") for p in n.problems] == [
        "在信息公开的深度、广度等方面还需进一步加强和拓展", "工作规范化、制度化有待加强", "信息发布数量还需进一步增加"
    ]
    assert n.improvements == []


def test_a_procedures_steps_and_an_answer_weighed_are_no_oversight() -> None:
    # (U-set dev3570d, read as an analyst would)
    assert sentence_work_label("规范依申请公开信件受理-转办-督办-审核-合法性审查-签发-邮寄办理流程", "overview.on_request") is None
    point = "针对疑难问题,加强与市政府政务公开办及铁路中院沟通,综合评估答复内容,提升答复质量"
    assert sentence_work_label(point, "overview.on_request") is None
    assert sentence_work_label("定期对各部门政务公开工作开展督办", "overview.oversight") == ("oversight", "accountability")
    assert sentence_work_label("委托第三方对全区网站开展评估", "overview.oversight") == ("oversight", "assessment")
