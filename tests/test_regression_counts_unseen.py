"""Regressions found on unseen reports: counts the figure finder or the rules lost."""

from __future__ import annotations

from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import figure_is_count
from extractor.normalize import normalize


def test_a_space_between_a_number_and_yu() -> None:
    (figure,) = [f for f in find_figures("总计培训 300 余人次") if f.value == 300]
    assert (figure.unit, figure.approximate) == ("人次", True)


def test_forwarded_documents_are_published_items_not_an_audience() -> None:
    figures = {f.quantity: f for f in find_figures("其中组织机构类信息1条,转发规章文件类信息3条,文章转发量1200次")}
    assert figure_is_count(figures["转发规章文件类信息"])
    assert not figure_is_count(figures["文章转发量"])


def test_a_pdf_wrap_between_a_name_and_its_figure() -> None:
    text = normalize("2024 年市科委有 1 件行政复议,该行政复议件未被复议审查机关纠错。涉及的行政诉讼数为\n0 件。").text
    (zero,) = [f for f in find_figures(text) if f.value == 0]
    assert zero.quantity == "涉及的行政诉讼数"


def test_a_short_line_is_a_heading_not_a_wrap() -> None:
    (figure,) = find_figures("(一)主动公开情况\n2022年共公开信息120条。")
    assert figure.quantity == "公开信息"


def test_a_review_caused_by_an_application_is_a_review_zero_not_an_application_zero() -> None:
    quantities = [f.quantity for f in find_figures("2009年,全镇未发生一起因政府信息公开申请行政复议、提起行政诉讼的事项。")]
    assert quantities == ["行政复议", "行政诉讼"], quantities


def test_what_a_review_ended_in_is_a_review_count() -> None:
    from extractor.narrative.rules import figure_category

    text = "收到行政复议5宗,其中2宗维持原答复,1宗结果纠正,1宗尚未审结"
    for figure in find_figures(text):
        assert figure_category(figure, "overview.on_request", text) == "review_litigation", figure.quantity


def test_a_sub_part_titled_jianqiang_pingtai_is_the_platform_part() -> None:
    from extractor.segment import find_sections

    text = normalize("一、总体情况\n一是加大主动公开力度。公开信息100条。\n二是提升依申请公开质量。办结申请89件。\n三是强化管理建强平台。完成网站改版。\n").text
    (overview,) = [s for s in find_sections(text) if s.key == "overview"]
    assert [s.key for s in overview.subsections] == ["overview.proactive_disclosure", "overview.on_request", "overview.platforms"]
