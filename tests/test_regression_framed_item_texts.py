"""Regressions found reading the extract of a complete report (the project's 上海科委 2024, PDF text) as an analyst
would: a platform item's text was the connective before its work (其中，根据《…通知》要求，以…为重点，全面推进… shipped
as 「其中」), and over every labeled set 17 more item texts said only on what authority the work was done
(根据《…关于推进政府网站集约化建设的通知》的要求) or only which documents it carried out (贯彻落实《…工作方案》《…活动方案》,
in U-set dev2840i) or were only 同时/其中, the work left out; reading the 呼伦贝尔 seed,
an item's text was the title of what is reported (社会评议情况。制定了…), as 36 texts over the sets were wholly
(培训情况, 网站运行情况), and a text looked for in a later sentence ran across a sentence end (…工作机制。定期对…); the digest's sentence of a
section whose sub-heading is printed on the line above its first sentence (本年度信息公开处理费收费情况\\n2024年，…)
carried that heading glued to the sentence, and a second sentence that only said again what the first said was shipped
beside it (also where it ran on from the first: …立足新发展阶段。全面贯彻…立足新发展阶段、…, in the 平潭 2021 report's
overview, and 33 of the 1,543 two-sentence summaries in the stored first looks); a count's name printed across a PDF line wrap (…代表建议和政\\n协提案…) kept the line break."""

from __future__ import annotations

import re

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor, short_text
from extractor.narrative.support import says_again
from extractor.report import extract_document

try:
    from tests.conftest import rules_narrative
    from tests.fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]
    from fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]


def test_an_item_text_starts_where_its_work_does() -> None:
    connective = "其中，根据《关于进一步加强集成式发布政策归集工作的通知》要求，以企业关注度大、涉及面广的两大主题为重点，全面推进政策应归尽归"
    assert short_text(connective) == "以企业关注度大、涉及面广的两大主题为重点，全面推进政策应归尽归"
    authority = "根据《某省人民政府办公厅关于推进政府网站集约化建设的通知》的要求，某县人民政府网站已正式迁移到全省统一集约化平台，完成了基础平台搭建"
    assert short_text(authority) == "某县人民政府网站已正式迁移到全省统一集约化平台，完成了基础平台搭建"
    guided = "在区政府信息办公室的指导下，不断完善政府网站相关信息，及时发布工作动态，及时回应网民诉求，提升网站服务水平"
    assert short_text(guided).startswith("不断完善政府网站相关信息")
    assert short_text("同时，加强对公开信息的质量把控") == "加强对公开信息的质量把控"
    # (U-set dev2840i, read as an analyst would: the documents carried out, then what was done)
    carried = "贯彻落实《某县深化政务公开促进基层政府治理能力提升工作方案》《某县“政务开放日”活动方案》，推动全县开展“政务开放日”等活动60余场"
    assert short_text(carried) == "推动全县开展“政务开放日”等活动60余场"
    # a frame that is the whole item stays: nothing else says what it is
    assert short_text("按照上级要求，开设专栏") == "按照上级要求，开设专栏"


SECTIONS = (
    "一、总体情况\n2024年，某市科委深入贯彻《政府信息公开条例》，认真落实市委、市政府关于政务公开工作的各项部署，扎实推进本部门政务公开工作。\n"
    "六、其他需要报告的事项\n本年度信息公开处理费收费情况\n2024年，某市科委未发生政府信息公开收费事项，也未收到减免信息处理费的申请，全年无相关争议。\n"
)


def test_a_summary_says_each_thing_once_and_without_the_heading_above_it(fake_llm: FakeOpenAIServer) -> None:
    sources: list[str] = []
    fake_llm.responder = summary_responder("2024年，某市科委未发生政府信息公开收费事项。", "某市科委未发生政府信息公开收费事项。", seen=sources)
    client = LLMClient(ProviderSettings(base_url=fake_llm.base_url, model="qwen2.5-7b-instruct"))
    n = extract_document(load_text(SECTIONS), NarrativeExtractor(load_prompt("narrative@v2"), client, decides={"summaries"})).narrative
    assert n is not None
    other = [s.text for s in n.summaries if s.section == "other"]
    assert other == ["2024年，某市科委未发生政府信息公开收费事项。"]
    assert not any("收费情况2024" in s for s in sources)  # the heading is not read as part of the sentence


def test_a_count_name_across_a_line_wrap_reads_as_one_line() -> None:
    text = "一、总体情况\n2024年，主动公开《某市科委2024年度代表建议和政\n协提案办理工作总体情况》及主合办人大代表建议50件。\n"
    names = [c.quantity for c in rules_narrative(text).proactive_counts]
    assert names and all("\n" not in q for q in names)


def test_a_summary_sentence_that_runs_on_into_the_one_before_is_said_once() -> None:
    # (the 平潭 2021 report's overview, as the embedded model wrote it)
    first = "2021年，我区以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，立足新发展阶段。"
    second = "全面贯彻党的十九大和十九届历次全会精神，立足新发展阶段、贯彻新发展理念、构建新发展格局，坚持以人民为中心深化政务公开。"
    assert says_again(second, first)
    assert says_again("某市科委未发生政府信息公开收费事项。", "2024年，某市科委未发生政府信息公开收费事项。")
    # a second sentence that shares a name, and says something else, stays
    assert not says_again("市人防办结合人防工作主动公开各类信息共272条，明确目标，落实责任。", "市人防办在2021年加强门户网站信息公开第一平台作用。")


def test_an_item_text_leaves_out_the_title_of_what_is_reported() -> None:
    # (the 呼伦贝尔经济技术开发区 2022 seed: 社会评议情况。制定了…; 36 such texts over the sets were only that title)
    assert short_text("社会评议情况。制定了社会评议制度，积极主动听取社会公众的意见与建议") == "制定了社会评议制度，积极主动听取社会公众的意见与建议"
    titled = (
        "主动公开信息情况。\n1、2017年6月，根据《某市政府网站集约化建设方案》（某府办函〔2017〕26号）要求，原某镇人民政府网站永久关停，"
        "不再保留独立网站，网站所提供的政府信息逐步迁移至某市人民政府网"
    )
    assert short_text(titled, names=("网站",)) == "原某镇人民政府网站永久关停，不再保留独立网站"


def test_an_item_text_found_in_a_later_sentence_starts_at_that_sentence() -> None:
    body = (
        "政府信息管理情况。高度重视政府信息公开工作，建立主要领导亲自抓，分管领导负责抓，办公室统筹抓，其他科室协调配合的政务公开工作机制。"
        "定期对单位政务公开栏信息公开情况进行督查，确保信息及时更新"
    )
    assert short_text(body, names=("督查",)) == "定期对单位政务公开栏信息公开情况进行督查，确保信息及时更新"


def test_on_what_authority_is_spelled_once() -> None:
    # items.AUTHORITY frames an item's text, a summary sentence, a measure of 五 and an oversight point alike
    from extractor.narrative.items import AUTHORITY

    assert re.fullmatch(AUTHORITY, "对照政务公开工作绩效评估指标")
    assert re.fullmatch(AUTHORITY, "根据《某市人民政府办公室关于开展迁移省政府网站集约化平台某市政府部门网站上线工作的通知》的要求")
    assert not re.fullmatch(AUTHORITY, "按照要求开设专栏")
    framed = "对照政务公开工作绩效评估指标，优化栏目布局，更新调整内容，切实提高政府信息公开工作水平，方便群众查阅各类信息"
    assert short_text(framed).startswith("优化栏目布局")


def test_demands_carried_out_and_a_date_frame_an_item_too() -> None:
    """Spelled once at last (items.CARRIED_OUT, GUIDANCE, WHEN): 11 item texts over the labeled sets started with
    the demands they carry out (严格落实“应公开尽公开”工作要求) or the date (2019年底), the work after them."""
    demands = "严格落实“应公开尽公开”工作要求，不断加强林业局门户网站建设，增强政府信息公开力度和广度，确保各项信息及时准确发布。"
    assert short_text(demands, names=("网站",)).startswith("不断加强林业局门户网站建设")
    dated = "2019年底，分别对全镇政务公开和政府信息公开工作情况进行了督促检查，对发现的问题及时整改到位，确保公开工作规范有序。"
    assert short_text(dated) == "分别对全镇政务公开和政府信息公开工作情况进行了督促检查"
    upper = "认真落实上级关于政府信息公开工作的要求部署，专职工作人员积极参加政务公开培训，学习实务操作技巧，增强政务公开意识。"
    assert short_text(upper, names=("培训",)).startswith("专职工作人员积极参加政务公开培训")


def test_a_measure_that_only_carries_out_demands_or_goes_on_is_no_measure() -> None:
    source = (
        "一、总体情况\n2024年，本局认真做好政府信息公开工作。\n"
        "五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是信息公开的及时性有待提高；二是网站栏目内容更新不够及时。\n"
        "（二）改进情况\n下一步，我局将继续做好相关工作，全面贯彻执行《政府信息公开条例》要求，加强业务培训，提升网站内容更新频率。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    assert [i.text for i in rules_narrative(source).improvements] == ["加强业务培训，提升网站内容更新频率"]


def test_a_frame_said_by_its_actor_frames_too() -> None:
    """(the corpus's 浑南区国资局 2022, read as an analyst would: its oversight item said 我局根据《中华人民共和国政府信息
    公开条例》的要求严格落实, who acts on what authority, before the work; 8 more texts over the sets started so)"""
    actor = "我局根据《中华人民共和国政府信息公开条例》的要求严格落实，定期检查已发布信息，确保信息公开工作顺利开展。"
    assert short_text(actor, names=("检查",)) == "定期检查已发布信息，确保信息公开工作顺利开展"
    rules = "我区严格按照《中华人民共和国政府信息公开条例》规定，稳步推进政府信息公开工作，不断完善信息发布机制，确保公开信息及时准确。"
    assert short_text(rules).startswith("稳步推进政府信息公开工作")
