"""Regressions found on the twenty-seventh and twenty-eighth unseen sets (platform work and oversight of 一 in
departments, counties and townships):

- 纳入评先评优 is assessment; 风险评估 and 审查评估 weigh what is published, nobody is assessed;
- a quoted name holds no book title (和“市委办公室《关于印发…考核办法的通知》: the title is cited, not made);
- a training attended is no list of what was published (组织参加省环保厅、市政务公开办举办的专题培训);
- 机构设置 and a telephone number in a list of what was published are no measure on a hotline;
- one sentence of an enumerated point that is a measure of another kind than the point as a whole
  (完善规章制度…。…每月对网站保障栏目进行自查…: website work, not assessment) is the item;
- publishing in a column of a site (在…门户网站上“政务公开”栏目下的“财政信息”栏目公开了…) uses the site;
- a 公示栏 or 公告栏 is a 公开栏 (the gold's normalized channel), and so are the parts of its count;
- a count printed without its unit after 数量为 or a 件 (主动公开文件数量为0, 办理依申请公开件800).
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_what_is_and_is_not_assessment() -> None:
    assert work_label("规范制度。持续完善相关规章制度,将各科室站(中心)的上稿量和信息准确性纳入评先评优", "overview.oversight") == (
        "oversight", "assessment",
    )
    assert work_label("前置强化信息公开风险评估,严把内容审核关口,健全“三审三校”全流程管控体系", "overview") is None
    assert work_label("对不予公开的政府信息定期进行审查评估,对因情势变化可以公开的政府信息予以公开", "overview") is None


def test_a_quoted_name_holds_no_book_title() -> None:
    sentence = (
        "2020年,句容市统计局认真贯彻《条例》的规定和“市委办公室市政府办公室《关于印发“中国句容”党政网站群内容保障考核办法的通知》"
        "(句政办〔2020〕12号)要求,做好政府信息公开工作"
    )
    assert work_label(sentence, "overview") is None


def test_a_training_attended_and_a_list_of_what_was_published() -> None:
    sentence = "充实信息公开工作机构人员,配备专兼职人员,按要求组织参加省环保厅、市政务公开办举办的专题培训,确保各项工作有序开展"
    assert work_label(sentence, "overview") == ("oversight", "training")
    assert work_label("依法公开工作职能、机构设置、单位负责人、投诉电话等信息", "overview.platforms") is None
    assert work_label("设置投诉电话,公开监督电话,接受社会监督", "overview.platforms") == ("platform", "hotline")


def test_the_one_measure_of_another_kind_in_a_point() -> None:
    n = _rules(
        "一、总体情况\n(一)完善规章制度,规范信息发布。我局进一步健全信息报送制度、信息公开保密审查制度等制度。"
        "严格执行信息发布审查制度,确保每一篇内容在发布前经过三级审核。每周及时报送信息审查情况,"
        "每月对网站保障栏目进行自查并及时上报整改落实情况。\n(二)及时更新信息。对热点问题及时同步公开。\n"
        "二、主动公开政府信息情况\n"
    )
    # (since the twenty-ninth set, 自查 of a site is a measure, so the point as a whole reads as website work)
    assert [w.kind for w in n.platform_work] == ["website"]
    assert "每月对网站保障栏目进行自查" in n.platform_work[0].evidence.quote
    assert n.oversight == []


def test_publishing_in_a_column_of_a_site_uses_the_site() -> None:
    sentence = "在开化县审计局门户网站上“政务公开”栏目下的“财政信息”栏目公开了各年度部门预决算说明等财政预决算信息"
    assert work_label(sentence, "overview") is None


def test_a_notice_board_is_a_disclosure_board() -> None:
    n = _rules("一、总体情况\n(一)主动公开情况\n2024年通过公示公告栏公开信息318条,其中政府职能25条、财政预决算2条。\n")
    assert [f.channel for f in n.proactive_counts] == ["公开栏", "公开栏", "公开栏"]


def test_counts_without_their_unit_after_a_name_that_says_what_they_count() -> None:
    n = _rules("一、总体情况\n(一)主动公开\n2025年主动公开文件数量为0。\n(二)依申请公开\n全年依法依规办理依申请公开件800\n")
    assert [(f.value, f.unit) for f in n.proactive_counts] == [(0, None)]
    assert [(f.value, f.unit) for f in n.application_counts] == [(800, None)]
