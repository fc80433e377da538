"""Regressions found on a fresh set of unseen reports: numbers that name, zero statements about corrections,
and the list a figure goes to."""

from __future__ import annotations

from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import figure_category


def _values(text: str) -> list[tuple[int | float, str | None]]:
    return [(f.value, f.unit) for f in find_figures(text)]


def test_numbers_that_name_are_not_counts() -> None:
    assert _values("及时发布三个安全、三个环境、三个质量、食品安全综合协调等重点领域信息") == []
    assert _values("建立“三个一”工作机制，开通两个微信公众号") == [(2, "个")]
    assert _values("本报告由总体情况、其他需要报告的事项六个部分组成。") == []
    assert _values("本报告由6部分组成。") == []
    # the same numeral twice is still two counts
    assert _values("开通两个公众号、两个抖音号") == [(2, "个"), (2, "个")]


def test_no_review_corrected_the_body_is_not_no_review() -> None:
    assert _values("没有出现被投诉举报、行政复议及行政诉讼纠错的情况") == []
    assert [(f.quantity, f.value) for f in find_figures("未发生行政复议和行政诉讼")] == [("行政复议", 0), ("行政诉讼", 0)]


def _category(text: str, section: str = "overview") -> str:
    (figure,) = find_figures(text)
    return figure_category(figure, section, text)


def test_the_list_a_figure_goes_to() -> None:
    assert _category("共受理各类服务事项144350件") == "other"
    assert _category("共受理政府信息公开申请12件") == "application"
    assert _category("明确专人1名具体负责日常政府信息公开工作") == "other"
    assert _category("共计发布微博4380篇") == "proactive"
    assert _category("开通政务微博3个") == "platform"
