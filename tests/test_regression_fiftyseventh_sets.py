"""Regressions found on the fifty-seventh and fifty-eighth unseen sets (whole reports of 2017–2018 with their
problems part; section 一 of 2021–2025 rich in counts):

- a problems heading that names the measures' 思路 (六、政府信息公开存在的问题与改进思路) is one heading: its last
  word was read as a heading of measures, and the problems under it as measures;
- a word joined by 、 to the problem before it is part of it (内容公开不够全面、及时,公开形式不够丰富);
- 与上级要求还有一定的差距 names no problem;
- what was not done (本年度未开展社会评议;无政府信息公开责任追究情况) and a chart announced (栏目信息比例展示如下) are no
  work items, but a measure on something that was not done before (关停未进行规范管理的政务新媒体2个) is.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_a_heading_of_problems_and_the_measures_thinking() -> None:
    n = _rules(
        "六、政府信息公开存在的问题与改进思路\n2018年,嘉兴科技城政府信息公开工作稳步推进,取得了一定的成效,但还存在着信息写作水平欠缺,"
        "内容公开不够全面、及时,公开形式不够丰富等问题。对此,我们将进一步总结经验、创新方法,改变方式,不断加强调查研究。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["信息写作水平欠缺", "内容公开不够全面、及时", "公开形式不够丰富"]
    assert n.improvements and not any("成效" in m.evidence.quote for m in n.improvements)


def test_a_gap_to_what_is_asked_names_no_problem() -> None:
    n = _rules("四、存在的主要问题及改进情况\n我区政府信息公开工作与上级要求还有一定的差距。一是公开内容不够全面。二是更新不够及时。\n")
    assert [p.evidence.quote for p in n.problems] == ["公开内容不够全面", "更新不够及时"]


def test_what_was_not_done_and_a_chart_announced_are_no_work() -> None:
    assert work_label("本年度未开展社会评议;无政府信息公开责任追究情况", "overview.oversight") is None
    assert work_label("栏目信息比例展示如下", "overview") is None
    assert work_label("不断调整优化政务新媒体栏目设置,先后关停未进行规范管理的政务新媒体2个", "overview.platforms") == ("platform", "new_media")
