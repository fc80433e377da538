"""Regressions found on the tenth unseen set: zero statements with 未引起, changes from last year, the end of
a quoted programme name, subscriber figures, and the old template's 依申请公开 section."""

from __future__ import annotations

from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import figure_is_count
from extractor.segment import find_sections
from tests.conftest import rules_narrative


def _values(text: str) -> list[tuple[int | float, str | None]]:
    return [(f.value, f.unit) for f in find_figures(text)]


def test_no_review_was_caused() -> None:
    figures = find_figures("全年共收到申请15件，均按时办结，未引起行政复议或行政诉讼。")
    assert [(f.quantity, f.value) for f in figures if f.zero_statement] == [("行政复议", 0), ("行政诉讼", 0)]


def test_a_change_from_last_year_is_not_a_count() -> None:
    assert _values("受理政府信息公开申请3件，与上年相比增加1件。") == [(3, "件")]
    assert _values("发布政策解读12篇，同比减少2篇。") == [(12, "篇")]
    # without a year to compare with, 增加 is work done: 新增栏目 counts
    assert _values("在网站增加2个专栏。") == [(2, "个")]


def test_a_quoted_programme_name_is_not_a_count() -> None:
    assert _values("广泛宣传解读“稳岗就业20条”等惠企政策") == []
    assert _values("围绕\"乡村振兴10条\"开展解读，发布解读材料6篇") == [(6, "篇")]


def test_subscribers_are_reach_not_work() -> None:
    assert [figure_is_count(f) for f in find_figures("微信公众号订阅人数超过8万")] == [False]


def test_the_old_templates_application_section_is_found() -> None:
    text = (
        "一、概述\n本局认真贯彻落实《条例》，工作有序开展。\n"
        "二、主动公开政府信息情况\n全年主动公开政府信息120条。\n"
        "三、依申请公开和不予公开政府信息情况\n全年共收到申请4件。\n"
        "四、存在的主要问题及改进措施\n公开内容还不够全面。\n"
    )
    assert [s.key for s in find_sections(text)] == ["overview", "proactive_table", "applications_table", "problems"]


def test_figures_before_and_after_a_change_are_named_by_their_subject() -> None:
    figures = find_figures("信息发布量由2020年的980条增加到2021年的1350条，在省级平台发布信息300条，总计1650条。")
    assert [(f.quantity, f.value) for f in figures] == [
        ("信息发布量", 980), ("信息发布量", 1350), ("省级平台发布信息", 300),
        ("总计", 1650),  # a total named only as such keeps its printed word instead of vanishing
    ]


def test_the_staff_a_body_has_are_counted_a_person_named_for_a_duty_is_not() -> None:
    assert [figure_is_count(f) for f in find_figures("落实1名专职人员负责日常工作")] == [True]
    assert [figure_is_count(f) for f in find_figures("确定1名分管领导具体负责")] == [False]


def test_a_second_review_is_a_step_not_a_frequency() -> None:
    assert _values("交由局办公室进行二次审核") == []
    assert _values("全年开展3次审核") == [(3, "次")]


def test_principles_are_named_and_a_zero_answered_after_a_colon_is_read() -> None:
    assert _values("本着服务便民、数据开放共享的四项基本原则开展工作") == []
    text = (
        "一、概述\n本局认真贯彻落实《条例》。\n二、主动公开政府信息的情况\n全年主动公开信息120条。\n"
        "三、政府信息公开的收费及减免情况\n2017年政府信息公开的收费和减免情况:无\n"
    )
    n = rules_narrative(text)
    assert [(f.value, f.unit) for f in n.fees] == [(0, "元")]


def test_costs_are_not_fees_and_report_parts_are_not_counts() -> None:
    assert _values("未产生依申请信息检索、复印、邮递等成本费用") == []
    assert _values("没有相应费用支出") == []
    assert [(f.quantity, f.value) for f in find_figures("未向申请人收取任何费用")] == [("向申请人收取任何费用", 0)]
    assert _values("全文包括总体情况、存在的主要问题及改进情况等6个部分") == []


def test_a_count_printed_as_a_line_of_its_own_inside_a_table_section_is_read() -> None:
    text = "一、概述\n本局认真贯彻落实《条例》。\n二、主动公开政府信息情况\n(一)2010年主动公开政府信息10余条\n(二)信息公开形式\n"
    n = rules_narrative(text)
    assert [(f.value, f.approximate) for f in n.proactive_counts] == [(10, True)]
