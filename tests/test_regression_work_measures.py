"""Regressions found on unseen reports (second pass): what one item of platform work or oversight is.

- an enumerated point whose sentences are measures of different kinds is one item per measure;
- a sentence saying how work turned out (未发生泄密事件) no longer hides the measures beside it;
- a published contact list (电话、邮政编码) is not page furniture; 自查 and topic pages (专题) are work;
- 采用网站…等多种形式公开 names a channel; 发布政策解读41份 counts published items.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_a_point_of_measures_of_different_kinds_is_one_item_per_measure() -> None:
    n = _rules(
        "一、总体情况\n（一）监督保障\n"
        "一是加大考核及培训力度。将政务公开纳入全县考核体系，定期对各单位政务公开工作进行检查。"
        "全年举办集中培训2次，总计培训300余人次。针对第三方评估中发现的问题，逐一落实责任单位，严肃责任追究。\n"
        "二是加强网站管理。对网站进行升级改造，增设政策解读栏目。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.oversight] == [
        ("assessment", "将政务公开纳入全县考核体系，定期对各单位政务公开工作进行检查"),
        ("training", "全年举办集中培训2次，总计培训300余人次"),
        ("accountability", "针对第三方评估中发现的问题，逐一落实责任单位，严肃责任追究"),
    ]
    # one kind throughout: the point stays one item
    assert [w.evidence.quote for w in n.platform_work] == ["加强网站管理。对网站进行升级改造，增设政策解读栏目"]


def test_an_outcome_does_not_hide_the_measure_beside_it() -> None:
    label = work_label("严格做好保密审查工作。落实信息公开责任追究制度。全年没有发生泄密事件", "overview")
    assert label == ("oversight", "accountability")
    # the outcome and its lead-in only: nothing was done
    assert work_label("责任追究结果情况。全年未出现需要进行责任追究的情况", "other") is None
    assert work_label("全年网站运行平稳，未发生安全事故", "overview.platforms") is None


def test_a_published_contact_list_is_not_page_furniture() -> None:
    text = "优化网站栏目建设。及时在网站公开镇机构职能、办公地址、电话、传真、电子邮箱、邮政编码等信息，增设政务动态栏目"
    assert work_label(text, "overview") == ("platform", "website")
    assert work_label("主办单位：某某区人民政府办公室 邮编：518000", "overview") is None


def test_self_inspection_and_topic_pages_are_work() -> None:
    assert work_label("每季度定期自查政府门户网站和新媒体运行情况", "overview") == ("platform", "website")
    assert work_label("定期开展政务信息公开工作自查自纠，重点核查公开内容完整性", "overview") == ("oversight", "assessment")
    assert work_label("建立“民生实事项目实施情况”专题，通过图解形式展示项目内容", "overview") == ("platform", "website")
    assert work_label("举办专题培训1次，提升业务能力", "overview") == ("oversight", "training")


def test_channels_and_counts_of_published_items_are_not_platform_work() -> None:
    assert work_label("采用政府门户网站、信息公开栏等多种形式主动公开政府信息", "overview") is None
    assert work_label("以文字、图片等多种形式在门户网站发布政策解读41份", "overview") is None


def test_publishing_through_a_platform_with_a_count_is_not_platform_work() -> None:
    """The clauses before a count of published items are a measure only when they name a concrete one."""
    assert work_label("依托县人民政府网站和政务微信公众号等新媒体，加强重点领域信息公开，主动公开信息26条", "overview.proactive_disclosure") is None
    assert work_label("加强政务新媒体建设，微信订阅号全年发布信息216条", "overview.platforms") is None
    assert work_label("加强网站栏目管理，明确专人维护，全年通过网站发布信息120条", "overview.platforms") == ("platform", "website")


def test_a_published_complaint_line_and_an_application_system_are_platform_work() -> None:
    assert work_label("建立和完善政府信息公开监督制度，主动公布咨询、监督投诉电话，接受社会监督检查", "overview") == ("platform", "hotline")
    assert work_label("通过应用依申请公开办理系统，规范依申请公开件的分办、办理、审查流程", "overview") == ("platform", "system")


def test_a_measure_after_a_count_of_published_items_is_work() -> None:
    text = "通过局专属页面主动公开政府信息218条,定期发布月度经济指标和政务动态类信息,开设专栏公开统计失信企业和个人信息"
    assert work_label(text, "overview.proactive_disclosure") == ("platform", "website")


def test_jing_and_yu_inside_words_are_not_the_channel_preposition() -> None:
    """经济指标…开设专栏公开 is not 经…专栏公开 (a channel); nor is 关于…网站…公开."""
    assert work_label("定期发布月度经济指标信息,开设专栏公开统计失信企业名单", "overview") == ("platform", "website")
    assert work_label("答复意见和总体情况均在官方网站进行了公开", "overview") is None


def test_setting_up_a_channel_and_joining_a_site_cluster() -> None:
    assert work_label("同时还建立微信平台及时发布相关信息", "overview.platforms") == ("platform", "new_media")
    assert work_label("县政府门户网站加入市网站群", "overview") == ("platform", "intensive")
    assert work_label("街道向县政府网站报送各类信息223余条", "overview") is None


def test_a_measure_that_leads_a_list_in_its_paragraph() -> None:
    n = _rules(
        "一、总体情况\n（四）政府信息平台建设。规范部门网站和政务新媒体平台管理，更新网站内容，优化政务公开栏目。一是坚持传统方式，设置公开栏。\n"
        "（五）监督保障。进一步强化公开平台建设，增强支撑保障能力。一是开通政务微博。\n"
    )
    quotes = [w.evidence.quote for w in n.platform_work]
    assert "规范部门网站和政务新媒体平台管理，更新网站内容，优化政务公开栏目" in quotes
    assert not any(q.startswith("进一步强化公开平台建设") for q in quotes)  # a lead-in naming no platform frames its list


def test_rankings_rates_and_published_items_are_not_oversight() -> None:
    assert work_label("我厅政府信息公开工作在省直单位考核中位居第2名、继续保持优秀行列", "overview") is None
    assert work_label("已办结案件质量考核合格率100%", "overview") is None
    assert work_label("门户网站主动公开政府信息579条,其中生态环境督查类信息9条", "overview") is None
    assert work_label("常态化开展督查检查，组织4次季度政务公开检查，并将检查发现的问题通报全区", "overview") == ("oversight", "assessment")


def test_setting_up_a_column_is_a_measure_a_body_s_set_up_is_not() -> None:
    text = "印发《市人民政府公报》6期,在门户网站设置“政府公报”专栏,增加了目录功能;针对政策性文件发布解读10条"
    assert work_label(text, "overview") == ("platform", "gazette")
    assert work_label("政务新媒体发布各类信息5400余条,涉及政府机构设置、公文、政府会议等", "overview") is None


def test_the_report_on_itself_and_a_channel_named_with_another_are_not_work() -> None:
    assert work_label("本报告将在县门户网站( http://www.rs.gov.cn )和政府信息公开目录管理系统进行公布", "other") is None
    assert work_label("对于应公开的信息及时通过门户网站和新闻媒体进行公开、宣传、解读", "overview") is None
    # setting up a column is a measure even when what it shows is published there
    assert work_label("在中心门户网站设置专栏,主动公开财政预决算,及时更新办事指南", "overview") == ("platform", "website")


def test_nothing_done_a_topic_title_and_content_kept_current_are_not_platform_work() -> None:
    assert work_label("我局未开设政务新媒体账号,依托区政府网站发布公开信息", "overview.platforms") is None
    text = "公开平台建设情况。信息相关查阅地址包括院门户网站重点含信息公开专栏、院微信公众号、院微博等进行公开"
    assert work_label(text, "overview") is None
    assert work_label("在政府网站上对领导个人基本信息、领导工作分工调整等信息及时更新", "overview") is None


def test_building_a_column_is_a_measure_beside_a_count_of_items() -> None:
    text = "在门户网站建设“大规模设备更新和消费品以旧换新政策”专栏,发布国家、省、市三级政策文件70余条"
    assert work_label(text, "overview") == ("platform", "website")


def test_publishing_by_way_of_channels_and_quoted_review_rules_are_not_platform_work() -> None:
    text = "依托“市医疗保障局”门户网站、微信工作群、媒体宣传等途径,积极做好主动公开工作"
    assert work_label(text, "overview") is None
    text = "严格落实“三审三校”制度,充分利用网站前置文字纠错工具,确保信息发布真实、准确"
    assert work_label(text, "overview.info_management") is None
    assert work_label("建立问题台账,定期通报问题、定期督促整改", "overview.oversight") == ("oversight", "accountability")


def test_the_short_text_of_a_work_item_names_its_kind() -> None:
    """按照…要求,进一步提高…水平 says on what authority and to what end; the text shown starts at the clause
    that names the platform the item is about (an analyst read 平台 · 按照县政府政务公开要求… before)."""
    n = _rules(
        "一、总体情况\n（四）平台建设。按照县政府政务公开要求，进一步提高基层政务公开标准化、规范化、便利化水平，"
        "定时更新维护政务公开、基层政务公开等各个栏目内容。完善政务公开专区。\n"
    )
    (item,) = n.platform_work
    assert item.kind == "website"
    assert item.text == "定时更新维护政务公开、基层政务公开等各个栏目内容"
    assert item.text in item.evidence.quote.replace(",", "，")
    n = _rules(
        "一、总体情况\n（五）监督保障。健全内部政务公开考核机制，设立信息工作组，逐步细化工作举措，明确工作职责和完成时限，"
        "定期对工作推进情况进行监督检查，并有针对性地召开培训会，确保各项工作高效落实落地。\n"
    )
    # (two kinds joined at commas are an item each since U224: the assessment, and the training whose text names it)
    assessment, training = n.oversight
    assert assessment.kind == "assessment" and assessment.evidence.quote.startswith("健全内部政务公开考核机制")
    assert training.text.startswith("有针对性地召开培训会") and training.kind == "training"
