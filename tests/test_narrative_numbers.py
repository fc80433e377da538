"""The figure finder: values, units, approximations, zero statements, and what is not a figure."""

from __future__ import annotations

import pytest

from extractor.narrative.numbers import cn_to_number, find_figures


@pytest.mark.parametrize(
    ("text", "value"),
    [("三", 3), ("十二", 12), ("二十", 20), ("三百二十", 320), ("一百零五", 105), ("两万三千", 23000), ("一〇五", 105)],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert cn_to_number(text) == value


def _one(text: str) -> tuple[float, str | None, bool, str, str]:
    figures = find_figures(text)
    assert len(figures) == 1, figures
    f = figures[0]
    return f.value, f.unit, f.approximate, f.quantity, text[f.quote_start : f.quote_end]


def test_multiplier_and_approximation() -> None:
    assert _one("全年通过门户网站主动公开政府信息1.2万余条。") == (12000, "条", True, "通过门户网站主动公开政府信息", "全年通过门户网站主动公开政府信息1.2万余条")


def test_thousands_separator_and_chinese_numeral() -> None:
    assert _one("共发布信息3,456条。")[:2] == (3456, "条")
    assert _one("组织开展培训三十场。")[:2] == (30, "场")


def test_noun_after_classifier_names_the_quantity() -> None:
    assert _one("对全市19家政府网站进行监测。")[3] == "政府网站"
    assert _one("举办3场培训。")[3] == "举办培训"


def test_short_tail_belongs_to_the_quote() -> None:
    quote = _one("另有72件申请按照《条例》顺延到下年度答复。")[4]
    assert quote == "另有72件申请按照《条例》顺延到下年度答复"


@pytest.mark.parametrize(
    "text",
    ["2022年1月1日起施行。", "根据国办公开办函〔2021〕30号文件。", "第3次会议审议通过。", "办结率达到100", "一个窗口对外。", "进一步加强公开。"],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_zero_statement_gives_one_figure_per_quantity() -> None:
    figures = find_figures("全年无行政复议和行政诉讼。")
    assert [(f.quantity, f.value, f.zero_statement) for f in figures] == [("行政复议", 0, True), ("行政诉讼", 0, True)]


def test_not_corrected_by_review_body_is_not_a_zero_statement() -> None:
    assert find_figures("未被复议机关纠错。") == []


def test_fee_zero_statement() -> None:
    [f] = find_figures("本年度未收取信息处理费。")
    assert (f.quantity, f.value, f.unit) == ("收取信息处理费", 0, "元")  # the report's words, not a canonical name


def test_offsets_respect_bounds() -> None:
    text = "前文10件。正文20件。"
    figures = find_figures(text, 5, len(text))
    assert [f.value for f in figures] == [20]
    assert all(5 <= f.quote_start < f.quote_end <= len(text) for f in figures)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依申请公开收费情况无\n", [("依申请公开收费", 0, "元")]),  # the negation after the topic
        ("2009年,全镇政府信息公开依申请办理事项为零。", [("全镇政府信息公开依申请办理事项", 0, "件")]),
        ("所以也不存在向申请人收取费用。", [("向申请人收取费用", 0, "元")]),  # 申请人 is not an application
        ("全年未发生针对民意乡有关政府信息公开事务的行政复议案件、行政诉讼案件。", [("行政复议", 0, "件"), ("行政诉讼", 0, "件")]),
        ("没有接到群众主动要求公开政府信息的申请。", [("接到群众主动要求公开政府信息的申请", 0, "件")]),
        ("其中工作动态类信息(含通知公告)315条。", [("工作动态类信息(含通知公告)", 315, "条")]),  # a remark in brackets
    ],
)
def test_zero_statements_and_bracketed_names(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert [(f.quantity, f.value, f.unit) for f in find_figures(text)] == expected
