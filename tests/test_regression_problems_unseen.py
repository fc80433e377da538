"""Regressions found on unseen reports: the problems and measures of section 五."""

from __future__ import annotations

from extractor.normalize import normalize
from tests.conftest import section_five_items as _items


def test_measures_after_a_finished_list_of_problems_in_their_own_paragraph() -> None:
    """一是…;二是…。 then a paragraph 针对以上不足,…: the measures are items, the lead-in and principle are not."""
    items = _items(
        "五、存在的主要问题及改进情况\n"
        "2020年,街道政府信息公开工作在肯定成绩的同时,也清醒看到工作中存在的不足:一是群众获取政府信息的渠道有待拓宽;二是公开内容不能满足所有群众需求。\n\n"
        "针对以上不足,2021年街道政府信息公开工作将始终坚持以维护群众利益为导向,利用网格化管理优势,设立群众意见建议收集站点,"
        "在群众意见与基层工作实际相结合的基础上,发挥新媒体优势作用,拓宽群众获取政府信息渠道,并增设政务信息公开查阅场所,满足群众查阅需求。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    assert [t for k, t in items if k == "problems"] == ["群众获取政府信息的渠道有待拓宽", "公开内容不能满足所有群众需求"]
    measures = [t for k, t in items if k == "improvements"]
    assert measures == [
        "利用网格化管理优势,设立群众意见建议收集站点",
        "在群众意见与基层工作实际相结合的基础上,发挥新媒体优势作用,拓宽群众获取政府信息渠道",
        "并增设政务信息公开查阅场所,满足群众查阅需求",
    ], measures


def test_a_list_printed_from_er_shi_has_its_first_point_after_the_colon() -> None:
    items = _items(
        "五、存在的主要问题及改进情况\n"
        "2024年,我局政府信息公开工作取得了一定的进展,但总体上还是存在一些问题与不足,局工作动态宣传力度不够,工作动态类信息质量还有待提高。"
        "针对以上问题,我局采取以下措施积极改进:我局将加强专职人员培训工作,不断提高信息公开工作水平;二是加强信息发布审核把关,确保信息发布质量;"
        "三是继续提升政策解读质量。\n六、其他需要报告的事项\n无。\n"
    )
    assert [t for k, t in items if k == "problems"] == ["局工作动态宣传力度不够", "工作动态类信息质量还有待提高"]
    measures = [t for k, t in items if k == "improvements"]
    assert measures[0] == "我局将加强专职人员培训工作,不断提高信息公开工作水平", measures
    assert len(measures) == 3


def test_a_heading_inside_a_run_on_paragraph_said_by_its_colon() -> None:
    items = _items(
        "五、政府信息公开工作存在的主要问题和改进措施 回顾一年来政府信息公开工作,存在的主要问题有:1.信息公开的实效性有待进一步加强;"
        "2.对政府信息公开平台建设有待进一步完善。 改进措施:1.提高认识,努力规范工作流程,及时上传政府信息;2.拓宽对政府信息公开的有效渠道。"
    )
    assert [k for k, _ in items] == ["problems", "problems", "improvements", "improvements"], items
    assert items[1][1] == "对政府信息公开平台建设有待进一步完善"


def test_one_sentence_that_turns_after_a_comma() -> None:
    items = _items("五、存在的主要问题和改进措施\n存在的主要问题是内容公开不够全面,下步打算将进一步扩大政府公开内容,确保信息公开的及时性、有效性。\n")
    assert items[0] == ("problems", "内容公开不够全面")
    assert items[1][0] == "improvements" and "扩大政府公开内容" in items[1][1]


def test_kangxi_radicals_from_pdf_text_read_as_the_ideographs() -> None:
    """⼀⼯⼒ (U+2F00 block) printed by PDF extraction: 需进⼀步 is a problem word once read as 一."""
    assert normalize("信息公开⼯作⼒量需进⼀步强化").text == "信息公开工作力量需进一步强化"
    items = _items("五、存在的主要问题及改进情况\n(一)存在的问题\n1.公开内容需进⼀步拓展;2.信息公开⼯作⼒量需进⼀步强化。\n")
    assert items == [("problems", "公开内容需进一步拓展"), ("problems", "信息公开工作力量需进一步强化")]


def test_a_problems_heading_and_no_measures_heading_the_turn_starts_the_measures() -> None:
    items = _items(
        "五、存在的主要问题及改进情况\n工作中存在的不足:一是群众获取政府信息的渠道有待拓宽;二是公开内容不能满足所有群众需求。\n\n"
        "针对以上不足,2021年街道将利用网格化管理优势,设立群众意见建议收集站点,并增设政务信息公开查阅场所。\n"
    )
    assert items == [
        ("problems", "群众获取政府信息的渠道有待拓宽"),
        ("problems", "公开内容不能满足所有群众需求"),
        ("improvements", "利用网格化管理优势,设立群众意见建议收集站点"),
        ("improvements", "并增设政务信息公开查阅场所"),
    ]
