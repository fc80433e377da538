"""Items as the report enumerates them: line wraps, enumerators, parts of 五, lead-ins, clauses."""

from __future__ import annotations

import pytest

from extractor.narrative.items import paragraphs, problem_points, sentence_part, work_points
from extractor.normalize import normalize
from extractor.segment import find_sections
from tests.conftest import rules_narrative


def _five(body: str) -> list[tuple[str | None, str]]:
    text = normalize("五、存在的主要问题及改进情况\n" + body).text
    (section,) = [s for s in find_sections(text) if s.key == "problems"]
    return [(p.part, text[p.start : p.end]) for p in problem_points(text, section)]


def test_a_wrapped_line_joins_a_heading_does_not() -> None:
    text = "（一）政府信息公开收费情况\n2022年，我镇未收取相关信息处理费，\n也未发生行政复议和行政诉讼。\n\n新的段落。"
    paras = [text[a:b] for a, b in paragraphs(text, 0, len(text))]
    assert paras == ["（一）政府信息公开收费情况", "2022年，我镇未收取相关信息处理费，\n也未发生行政复议和行政诉讼。", "新的段落。"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # sub-headings with 一是 points
            "（一）存在的主要问题\n一是培训力度不够；二是解读形式有待丰富。\n（二）改进措施\n一是加强培训。二是丰富解读形式。",
            [("problems", "培训力度不够"), ("problems", "解读形式有待丰富"), ("improvements", "加强培训"), ("improvements", "丰富解读形式")],
        ),
        (  # inline headings of text whose line breaks were lost
            "(一)存在的主要问题:基层公开水平有待提升;部门工作不够均衡。(二)改进措施:一是持续贯彻条例。二是加强日常管理。",
            [("problems", "基层公开水平有待提升"), ("problems", "部门工作不够均衡"), ("improvements", "持续贯彻条例"), ("improvements", "加强日常管理")],
        ),
        (  # no enumerators: coordinated clauses after 主要表现在, then the turn to what will be done
            "2022年工作取得了一定成效，但还有一定差距，主要表现在：主动公开力度有待加强，公众参与形式有待丰富。\n"
            "下一步，我局将加强队伍建设，提升业务素质，不断拓宽公开领域，完善运行机制。",
            [("problems", "主动公开力度有待加强"), ("problems", "公众参与形式有待丰富"),
             ("improvements", "加强队伍建设，提升业务素质"), ("improvements", "不断拓宽公开领域"), ("improvements", "完善运行机制")],
        ),
        (  # 存在A、B、C等问题
            "虽然取得了一定成效，但还存在个别单位责任意识不强、队伍建设有待加强、便民服务仍有差距等问题。",
            [("problems", "个别单位责任意识不强"), ("problems", "队伍建设有待加强"), ("problems", "便民服务仍有差距")],
        ),
        (  # a lead-in before the points and a status line after them are not items
            "根据上述问题，我局采取以下措施：一是开设专栏。二是调整目录。\n目前，专栏已成功开设。",
            [(None, "开设专栏"), (None, "调整目录")],
        ),
    ],
)
def test_problem_points(body: str, expected: list[tuple[str | None, str]]) -> None:
    got = _five(body)
    expected = [(part, normalize(t).text) for part, t in expected]
    if expected and expected[0][0] is None:  # a part without a heading: kind from the words
        assert [t for _, t in got] == [t for _, t in expected]
    else:
        assert got == expected


def test_a_point_that_names_a_problem_then_a_measure_becomes_two() -> None:
    got = _five("一是公开内容不够全面。下一步将扩大公开范围。二是解读形式单一。今后将丰富解读形式。")
    assert got == [
        ("problems", "公开内容不够全面"), ("improvements", "下一步将扩大公开范围"),
        ("problems", "解读形式单一"), ("improvements", "今后将丰富解读形式"),
    ]


def test_a_list_cut_after_its_first_point_is_still_a_list() -> None:
    assert _five("（二）下一步工作打算\n1.夯实机构力量。计划扩大工作人员队伍，提高综合素质") == [
        ("improvements", "夯实机构力量。计划扩大工作人员队伍,提高综合素质"),
    ]


def test_sentence_part() -> None:
    assert sentence_part("政策解读形式不够丰富") == "problems"
    assert sentence_part("进一步加强政务公开培训") == "improvements"
    assert sentence_part("取得了一定成效") is None


def test_work_points_enumerated_across_lines_and_sentences_elsewhere() -> None:
    text = (
        "一、总体情况\n（四）平台建设\n1、强化政府网站建设管理。规范栏目设置。\n2、推进政务新媒体健康有序发展。\n"
        "（五）监督保障\n加强全市政务公开考核工作。印发考核方案，对11个县区开展考核。\n"
    )
    text = normalize(text).text
    points = [(p.section, text[p.start : p.end]) for p in work_points(text, find_sections(text))]
    assert points == [
        ("overview.platforms", "强化政府网站建设管理。规范栏目设置"),
        ("overview.platforms", "推进政务新媒体健康有序发展"),
        ("overview.oversight", "加强全市政务公开考核工作。印发考核方案,对11个县区开展考核"),
    ]


@pytest.mark.parametrize("lead", ["以下几个方面的工作", "以下几项工作", "以下三个方面工作", "如下工作"])
def test_one_vocabulary_for_a_list_announced_at_the_end_of_a_work_item(lead: str) -> None:
    n = rules_narrative(
        "一、总体情况\n我市认真贯彻落实《条例》,印发了《大冶市政务公开工作考核办法》,围绕经济社会发展,"
        f"深入推进政务公开,主要开展了{lead}:\n(一)主动公开。2024年开设专题专栏6个。\n"
    )
    assert [w.evidence.quote for w in n.oversight] == ["我市认真贯彻落实《条例》,印发了《大冶市政务公开工作考核办法》,围绕经济社会发展,深入推进政务公开"]


@pytest.mark.parametrize("lead", ["将从以下三个方面进一步改进", "将采取以下措施", "拟采取如下举措", "将重点抓好以下几项工作"])
def test_one_vocabulary_for_a_list_announced_before_the_measures(lead: str) -> None:
    n = rules_narrative(
        "三、存在的问题和改进措施\n我乡政府信息公开工作取得了一定的成绩,但主要是信息公开意识有待加强,信息公开渠道较为单一。"
        f"结合工作中存在问题和不足,{lead}:\n\n(一)完善信息工作\n"
    )
    assert [m.evidence.quote for m in n.improvements] == ["完善信息工作"]
