"""Regression: a count's name carried the sub-heading printed before its sentence, on the line above or glued to it
when the page lost its line breaks (the corpus's 平潭 2018, read as an analyst would: 主动公开政府信息的数量2018年全区
主动公开政府信息: 2069条; 8 names over the labeled sets, 回应社会关切以及互动交流情况2018年禾加镇政府回应事件: 14件)."""

from __future__ import annotations

try:
    from tests.conftest import rules_narrative
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]


def _names(source: str) -> list[str]:
    return [c.quantity for c in rules_narrative(source).all_counts()]


def test_a_heading_glued_to_the_sentence_is_no_part_of_the_name() -> None:
    source = "一、概述……二、主动公开政府信息情况（一）主动公开政府信息的数量2018年全区主动公开政府信息2069条。其中，各乡镇主动公开政府信息477条。"
    assert _names(source)[0] == "全区主动公开政府信息"


def test_a_heading_on_the_line_above_is_no_part_of_the_name() -> None:
    source = "一、总体情况\n（二）发布解读、回应社会关切以及互动交流情况\n2018年禾加镇政府回应事件14件。\n"
    assert _names(source) == ["禾加镇政府回应事件"]


def test_a_numbered_sub_heading_run_into_the_sentence_is_no_part_of_the_name() -> None:
    """(the corpus's 平潭 2020: …各项工作叙述见原文）……4.认真办理依申请公开2020年全区各级行政机关共受理政府信息公开申请21件)"""
    source = "三、收到和处理政府信息公开申请情况\n（略）……4.认真办理依申请公开2020年全区各级行政机关共受理政府信息公开申请21件。\n"
    assert "全区各级行政机关共受理政府信息公开申请" in _names(source)
