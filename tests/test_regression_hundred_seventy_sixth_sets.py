"""Regressions found on the hundred-and-seventy-sixth to hundred-and-eightieth unseen sets (U176–U180): section 五's
title printed on a line of its own without its numeral (工作存在的主要问题, then 四、 2018年工作思路) not read, and the
measures printed before the sentence that leads into a list of measures (…进一步更新…板块内容,完善项目信息。下一步,
我局进一步采取积极措施,…。一是…) dropped with that lead-in, a clause saying on what authority (根据…的要求) kept as one."""

from __future__ import annotations

from tests.conftest import rules_narrative

_REPORT = (
    "一、 概述\n2017年度,我局把政府信息公开工作纳入重要议事日程,认真落实各项信息公开要求。\n"
    "二、 主动公开信息情况\n我局主要通过县政府网站等渠道和方式对信息进行了公开。\n"
    "工作存在的主要问题\n2017年,我局信息公开工作虽然取得了一定成绩,但也还存在一定得不足:内容陈旧,更新速度慢,有待进一步改进完善。\n"
    "四、 2018年工作思路\n根据县政府对网站建设的要求,进一步更新我县网站招商引资板块内容,完善项目信息,及时发送招商动态,提高政府信息"
    "公开工作水平。下一步,我局进一步采取积极措施,确保我局信息公开工作上新台阶。一是组织党员干部培训,在提高认识上下功夫。"
    "二是进一步强化组织领导,加大政府信息公开工作力度。\n"
)


def test_a_title_of_section_five_without_its_numeral() -> None:
    assert [p.evidence.quote for p in rules_narrative(_REPORT).problems] == ["内容陈旧,更新速度慢,有待进一步改进完善"]


def test_measures_before_the_lead_in_of_a_list() -> None:
    assert [m.evidence.quote for m in rules_narrative(_REPORT).improvements] == [
        "进一步更新我县网站招商引资板块内容", "完善项目信息", "及时发送招商动态,提高政府信息公开工作水平",
        "组织党员干部培训,在提高认识上下功夫", "进一步强化组织领导,加大政府信息公开工作力度",
    ]
