"""Regressions found on the forty-eighth to fifty-third unseen sets (old-format reports with their problems part;
section 一 of provincial offices, counties and towns):

- an account or a site set up (建立了省发改委机关工会官方微信公众平台) is a concrete measure on a platform, also in a
  sentence that counts published items;
- an orientation (立足全局和长远) opens the measures after it, it is no measure of its own;
- a figure followed by what was done with it (开展新闻媒体报道47次公开重大文化活动信息) is named before it, not by the
  verb phrase after it;
- requirements laid down about some matters (…对…保密审查、监督考核等方面做出了明确要求) are a rule, not an assessment;
- an account made (打造…微信公众号和…微博) is platform work; a leading group that inspects and evaluates
  (完善了…领导小组,定期对各部门…开展检查和评估,发现问题及时督促整改) is oversight, not only institution building;
- a sentence announcing the measures (将从以下三个方面进一步改进:) is no measure, and a point printed alone after it
  ((一)完善信息工作, the excerpt cut there) is one without its enumerator;
- 没有行政复议申请情况和行政诉讼 is no zero application; 先后两次对政府网站进行升级改版 is named by what was done.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules
from tests.conftest import rules_zeros as _zeros


def test_an_account_set_up_is_platform_work_beside_counts() -> None:
    sentence = "通过官方微博发布各类信息27条,建立了省发改委机关工会官方微信公众平台"
    assert work_label(sentence, "overview") == ("platform", "new_media")
    assert work_label("建立健全信息发布审核制度", "overview") is None


def test_an_orientation_is_no_measure() -> None:
    n = _rules(
        "六、工作存在的主要问题及改进情况\n2013年,我镇信息工作取得了一定的进展,但同时也存在工作认识有待进一步加强等问题和不足。"
        "下一步,我镇将继续按照上级要求,立足全局和长远,制定计划,明确重点,加大投入,强化培训学习。\n"
    )
    measures = [m.evidence.quote for m in n.improvements]
    assert measures and not any(m.startswith("立足") for m in measures)


def test_a_figure_followed_by_a_verb_phrase_is_named_before_it() -> None:
    n = _rules("一、概述\n加强信息发布载体建设,开展新闻媒体报道47次公开重大文化活动信息。\n")
    names = {f.value: f.quantity for k in ("proactive_counts", "platform_counts", "other_counts") for f in getattr(n, k)}
    assert names[47] == "开展新闻媒体报道"


def test_requirements_about_checks_are_no_assessment() -> None:
    assert work_label(
        "我厅结合实际出台了《政府信息公开规则》,明确规定了政府信息主动公开的内容、环节等要素,对政府信息公开的发布协调、保密审查、"
        "监督考核等方面做出了明确要求",
        "overview",
    ) is None
    assert work_label("组织开展政务公开工作检查考核,对发现的问题督促整改", "overview") == ("oversight", "assessment")


def test_an_account_made_and_a_group_that_inspects() -> None:
    assert work_label("打造安居综合行政执法微信公众号和安居综合行政执法微博,目前微信公众号发布原创内容23篇", "overview.platforms") == (
        "platform",
        "new_media",
    )
    assert work_label("完善了乡政务公开工作领导小组,定期对各部门信息公开工作开展检查和评估,发现问题及时督促整改", "overview.oversight") == (
        "oversight",
        "assessment",
    )
    assert work_label("成立了政务公开工作领导小组,明确专人负责", "overview.oversight") is None
    # (a title that names assessment over a paragraph of institution building is not an assessment)
    assert work_label("完善监督评估机制。加强队伍建设,明确政府信息公开工作机构,政务公开分管领导及工作人员", "overview") is None


def test_the_announcement_of_measures_and_a_lone_first_point() -> None:
    n = _rules(
        "三、存在的问题和改进措施\n我乡政府信息公开工作取得了一定的成绩,但主要是信息公开意识有待加强,信息公开渠道较为单一。"
        "结合工作中存在问题和不足,将从以下三个方面进一步改进:\n\n(一)完善信息工作\n"
    )
    assert [m.evidence.quote for m in n.improvements] == ["完善信息工作"]


def test_a_review_application_is_no_disclosure_application_and_xianhou_is_a_filler() -> None:
    assert _zeros("四、行政复议和行政诉讼情况\n2010年,本单位政府信息公开没有行政复议申请情况和行政诉讼案件发生。\n") == [
        ("行政复议", 0),
        ("行政诉讼", 0),
    ]
    n = _rules("一、总体情况\n(四)平台建设\n加强政府信息公开载体建设。先后两次对政府网站进行升级改版。\n")
    assert [f.quantity for f in n.proactive_counts + n.platform_counts + n.other_counts] == ["对政府网站进行升级改版"]

