"""Regressions found on the seventy-fifth to eighty-seventh unseen sets (U75–U87):

- the applications of a year counted in 宗 and broken down by applicant (共收到…申请1586宗,其中来自公民申请1482宗,
  商业企业申请71宗,…) were dropped as table debris: 宗 was not read as a unit, so 1586 looked like a bare cell;
- nothing received, said with 接收 (未接收受理过依申请公开), with 新 before the verb (未新收到…依申请公开件) or with no
  verb at all (2022年度未依申请公开。), was no zero;
- a column added (新增“统计数据”栏目, 新增政务信息类栏目4个) was no work on the site: 新增 reads like 增设;
- the old template's topic line (…考核、社会评议和责任追究结果情况) shipped as oversight;
- what was published read as platform work: the topics of policies explained (…残疾人无障碍改造…等政策进行解读), a long
  list of what was updated (及时更新机构领导、…、工作动态等内容), a channel that is a site's page (在…网站大数据局网页主动公开);
- upkeep of a platform (全力保障…微信公众号日常运行, 确保政府网站与政务新媒体健康平稳运行) and clearing a site's broken links
  (及时清理政府网站错链、断链等问题) were no work on it."""

from __future__ import annotations

from tests.conftest import rules_narrative, rules_zeros


def test_a_breakdown_of_applications_in_zong_is_no_table_debris() -> None:
    n = rules_narrative(
        "一、总体情况\n(二)政府信息依申請公開情況。2020年我區(含各部門)共收到政府信息公開申請1586宗,其中來自公民申請1482宗,"
        "商業企業申請71宗,社會公益組織3宗,法律服務機構5宗,其他組織申請25宗。\n"
    )
    assert [(f.value, f.unit) for f in n.application_counts] == [(1586, "宗"), (1482, "宗"), (71, "宗"), (3, "宗"), (5, "宗"), (25, "宗")]
    assert [d.code for d in n.dropped] == []


def test_nothing_received_said_with_jieshou_or_xin() -> None:
    assert [v for _, v in rules_zeros("一、总体情况\n(二)依申请公开情况\n本年度我镇未接收受理过依申请公开。\n")] == [0]
    assert [v for _, v in rules_zeros("一、总体情况\n(二)依申请公开情况\n2023年,我镇未新收到政府依申请公开件。\n")] == [0]
    assert [v for _, v in rules_zeros("一、总体情况\n(二)依申请公开。2022年度未依申请公开。\n")] == [0]


def test_a_column_added_is_work_on_the_site() -> None:
    n = rules_narrative("一、总体情况\n(四)政府信息公开平台建设\n立足统计工作实际,在区门户网站中的本单位的子网页上,新增“统计数据”栏目。\n")
    assert [(w.kind, w.evidence.quote[:6]) for w in n.platform_work] == [("website", "立足统计工作")]
    # (新增 said of what was published is no measure: 新增公开信息20条)
    assert rules_narrative("一、总体情况\n全年新增公开信息20条。\n").platform_work == []


def test_the_old_template_s_topic_line_is_no_oversight() -> None:
    assert rules_narrative("一、总体情况\n县级以上人民政府实施信息公开工作考核、社会评议和责任追究结果情况\n").oversight == []


def test_what_was_published_is_no_platform_work() -> None:
    for sentence in (
        "规范政策解读。不断提高政策解读质量,综合运用图片、文字等表现形式,对残疾人就业创业、残疾人无障碍改造、残疾人康复民生工程等政策进行解读。",
        "单位通过区政府网站相关平台及时更新机构领导、机构职责、内设机构、办公地址及联系方式、工作动态等内容。",
        "围绕数字重庆建设和数字经济发展工作重点,在区政府门户网站大数据局网页主动公开政府信息。",
    ):
        assert rules_narrative(f"一、总体情况\n{sentence}\n").platform_work == [], sentence


def test_upkeep_and_clearing_broken_links_are_work_on_the_platform() -> None:
    for sentence, kind in (
        ("全力保障“乳山经济开发区”微信公众号日常运行", "new_media"),
        ("全力做好重大活动期间网络安全保障工作,确保政府网站与政务新媒体健康平稳运行", "website"),
        ("及时清理政府网站错链、断链等问题,确保政务公开平台健康有序发展", "website"),
    ):
        n = rules_narrative(f"一、总体情况\n(四)政府信息公开平台建设\n{sentence}。\n")
        assert [w.kind for w in n.platform_work] == [kind], sentence
    # (a site that runs as it should is how things stand, not work: 网站运行平稳)
    assert rules_narrative("一、总体情况\n全年政府网站运行平稳。\n").platform_work == []
