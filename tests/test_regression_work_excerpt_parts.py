"""Regressions found on the seventeenth unseen set (platform work of section 一):

- a page that starts inside 一 with its numbered sub-parts (3.政府信息管理情况。… 5.监督保障情况。…) is read by
  sub-part, one item per sentence, as a whole report is; not when a part of another number follows (二、…);
- 政务公开日常工作 is everyday work, not 政务公开日; an open week or month (政府部门开放周, 开放月) is an open day;
- a topic page with a long name (建立重大建设项目全生命周期公开、基层政务公开等专题) is website work;
- the kind is that of the platform worked on, not of a channel only used on the way
  (在充分利用门户网站等载体的基础上,…做好…微信公众号的信息公开工作: new media);
- checking a website's content for errors (错别字, 错敏, 无效链接 … 排查/整改) is website work; a 政务公开专区 is a
  platform, inside the 平台建设 sub-part.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules

_PARTS = (
    "3.政府信息管理情况。严格规范政府信息发布工作,保证所发布的政府信息合法、准确。\n"
    "4.平台建设情况。我局开设有门户网站和微信公众号,设置“办事服务”等菜单,切实保障公众合理的信息需求。\n"
    "5.监督保障情况。投入专项经费与网站运营机构签订了网站维护协议,保障网站安全稳定运行。"
    "落实专人负责政务公开日常工作,定期对局门户网站、微信公众号栏目内容进行更新、维护、检查。\n"
)


def test_an_excerpt_that_starts_inside_the_overview_is_read_by_sub_part() -> None:
    n = _rules(_PARTS + "二、主动公开政府信息情况\n")
    assert [(w.kind, w.evidence.quote[:10]) for w in n.platform_work] == [
        ("website", "我局开设有门户网站和"),
        ("website", "投入专项经费与网站运"),
        ("website", "落实专人负责政务公开"),
    ]


def test_open_days_weeks_and_months_and_everyday_work() -> None:
    assert work_label("落实专人负责政务公开日常工作,定期对局门户网站栏目内容进行更新、维护、检查", "oversight") == ("platform", "website")
    assert work_label("组织开展在线访谈活动40次;举办“政府部门开放周”活动,加强政府与公众之间的沟通协调", "overview") == ("platform", "open_day")
    assert work_label("积极组织政府开放月活动", "overview") == ("platform", "open_day")


def test_a_topic_page_with_a_long_name() -> None:
    assert work_label("建立重大建设项目全生命周期公开、基层政务公开等专题", "overview") == ("platform", "website")


def test_the_kind_is_that_of_the_platform_worked_on() -> None:
    sentence = (
        "我局政府信息公开工作在充分利用局机关门户网站等载体的基础上,进一步创新政府信息公开平台和渠道,"
        "高质量做好“鄂尔多斯市工业和信息化局”微信公众号的信息公开工作,开设专栏3个"
    )
    assert work_label(sentence, "platforms") == ("platform", "new_media")


def test_checking_a_websites_content_for_errors_is_website_work() -> None:
    assert work_label("持续开展敏感词汇、错别字、无效链接、涉及个人隐私等政府信息排查工作", "info_management") == ("platform", "website")
    assert work_label("针对错别字、错误链接等问题及时整改,保障信息公开工作顺利开展", "oversight") == ("platform", "website")
    # an inspection of how units disclose is still assessment
    assert work_label("对各单位政务公开工作开展专项检查,及时通报检查结果", "oversight") == ("oversight", "assessment")


def test_a_disclosure_corner_is_a_platform_inside_platform_building() -> None:
    assert work_label("完善政务公开专区,规范工作流程、定时补充资料、维护专区功能", "overview.platforms") == ("platform", "other")


def test_sub_parts_of_an_excerpt_end_where_a_part_of_another_number_begins() -> None:
    n = _rules(
        "(一)主动公开信息情况\n截止12月31日,我办主动公开政府信息281条。\n"
        "(二)依申请公开信息情况\n截止12月31日,我办共收到政府信息公开申请18个,按规定时间办结18个。\n"
        "二、政务公开完成情况\n我办健全并公开政府行政权责清单41项,其中行政处罚7项、行政征收1项。\n"
        "三、存在的不足和下一步工作\n工作效率方面有待提高。\n"
    )
    assert 41 not in [f.value for f in n.application_counts]
