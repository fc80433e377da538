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
