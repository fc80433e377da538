"""Issue 12, class 2: a section title with one stray or wrong character is still the section."""

from __future__ import annotations

import pytest

from extractor.load import load_text
from extractor.pipeline import parse_document
from extractor.segment import find_sections

_REVIEW = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n0 0 0 0 0 1 0 0 0 1 0 0 0 0 0\n"


@pytest.mark.parametrize(
    "title",
    ["四、政府信息公开行政复议、行政诉讼情况况", "四、政府信息公开行政复议、行政讼诉情况", "四、政府信息公开行政复议、行政诉情况", "四、政府信息公开行政复议和行政诉讼讼情况"],
)
def test_table_four_is_found_under_a_title_with_a_typo(title: str) -> None:
    text = f"一、总体情况\n无。\n三、收到和处理政府信息公开申请情况\n无。\n{title}\n{_REVIEW}五、存在的主要问题及改进情况\n无。\n"
    report = parse_document(load_text(text))
    assert report.tables.review_litigation is not None
    assert report.tables.review_litigation["litigation_direct"]["total"] == 1
    assert not [w for w in report.warnings if w.code == "table_missing" and "review" in w.message]


def test_an_exact_title_later_in_the_prose_does_not_win_over_the_heading_with_a_typo() -> None:
    text = "一、总体情况\n无。\n二、主动公开政府信息情况况\n规章 | 1 | 0 | 3\n三、收到和处理政府信息公开申请情况\n"
    keys = [s.key for s in find_sections(text)]
    assert keys[:3] == ["overview", "proactive_table", "applications_table"]


def test_two_wrong_characters_are_not_a_title() -> None:
    assert [s.key for s in find_sections("一、总体情况\n无。\n四、政府消息公开行政复议、行政诉讼惰况\n")] == ["overview"]
