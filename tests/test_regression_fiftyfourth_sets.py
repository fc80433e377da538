"""Regressions found on the fifty-fourth to fifty-sixth unseen sets (reports of 2013–2017 with their problems
part, pages that serve only a report's later part; section 一 with its platform parts):

- a topic of the applications section answered on the next line ((一)申请情况\\n无) is a zero statement;
- a page that starts at the problems with no heading (目前,我市…还存在一些不足:一是…) has a problems part, also when
  the sentence that admits them is long (2010年,我局…加强了组织领导,…取得了一定的成效,但尚存在一些不足和差距,主要表现在:);
- staff short and stretched (事务繁杂,人员紧缺,工作人员身兼多职) is a problem;
- 缺乏/缺少 with its own object is a problem of its own, not the elaboration of the one before it; a closing
  clause that the problems await solving (均有待今后予以高度重视并加以解决) names none;
- 主要通过两条途径公开:一是… counts no channels (the list that follows);
- patrolling a site (日常读网、巡查) is work on it.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_a_topic_answered_on_the_next_line() -> None:
    n = _rules(
        "三、依申请公开政府信息情况\n(一)申请情况\n无\n(三)、因政府信息公开申请行政复议、提起行政诉讼的情况\n无\n"
        "五、 存在问题\n还存在一些问题如宣传教育培训不足。\n"
    )
    assert [(f.quantity, f.value) for f in n.application_counts] == [("申请", 0)]
    assert [(f.quantity, f.value) for f in n.review_litigation_counts] == [("行政复议", 0), ("行政诉讼", 0)]


def test_problems_without_their_heading_and_lack_of_something() -> None:
    n = _rules(
        "目前,我市政府信息公开工作还存在一些不足:一是一些部门主动公开政府信息的意识仍需进一步加强;二是政府信息公开的内容有待进一步规范。"
        "为此,我们将采取以下措施积极改进。\n(一)继续加强政府信息公开配套制度建设。\n"
    )
    assert len(n.problems) == 2 and [m.evidence.quote for m in n.improvements] == ["继续加强政府信息公开配套制度建设"]
    n = _rules(
        "五、 存在问题\n政府信息公开工作开展以来,虽然取得了初步成效,但还存在一些问题如宣传教育培训不足,具体工作人员业务不熟,"
        "缺乏信息专业技术人员,对信息公开工作认识不深等等,均有待今后予以高度重视并加以解决。\n"
    )
    problems = [p.evidence.quote for p in n.problems]
    assert "缺乏信息专业技术人员" in problems and not any("有待今后" in p for p in problems)


def test_ways_listed_are_no_count_and_patrolling_a_site_is_work() -> None:
    n = _rules("一、概述\n我镇的政府信息主要通过两条途径公开:一是通过政府门户网站公开。二是通过区政府的信息公开电子屏公开。\n")
    assert [f.value for f in n.proactive_counts + n.platform_counts + n.other_counts] == []
    assert work_label("安排专人负责政府网站及政务新媒体信息内容日常读网、巡查", "overview.info_management") == ("platform", "website")


def test_a_long_admission_and_staff_stretched() -> None:
    n = _rules(
        "2010年,我局在政府信息公开工作方面加强了组织领导,狠抓制度建设,丰富公开内容,取得了一定的成效,但尚存在一些不足和差距,"
        "主要表现在:政府信息公开的内容还有待进一步扩大覆盖领域。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["政府信息公开的内容还有待进一步扩大覆盖领域"]
    n = _rules("三、存在问题\n(一)乡政府日常事务繁杂,人员紧缺,工作人员身兼多职,工作中难免分身乏术、顾此失彼。\n")
    assert len(n.problems) == 1
