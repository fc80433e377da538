"""Regressions found on the sixtieth to sixty-third unseen sets (U60–U63):

- a report printed as a form, each figure filled in brackets (发布政务信息(1386)条) lost every count; an
  enumerator in brackets ((二)部分公开, (3)处理…) stays no figure;
- a period that names what was published (发布每周工作动态信息29条) made it a rate, and so did one that governs
  the figure before (每周工作动态信息29条、组织开展活动信息10条);
- a section 五 titled by the plan alone (五、下一步工作计划) was not found;
- a measures heading printed on one line with its first point (三、整改措施 (一)提高认识,加强培训。) ended 五."""

from __future__ import annotations

from extractor.normalize import normalize
from extractor.segment import find_sections
from tests.conftest import rules_narrative, rules_zeros


def _counts(source: str) -> list[tuple[str, float]]:
    n = rules_narrative(source)
    return [(f.quantity, f.value) for k in ("proactive_counts", "application_counts", "other_counts") for f in getattr(n, k)]


def test_figures_filled_in_brackets() -> None:
    counts = _counts(
        "一、总体情况\n(一)主动公开方面。一是通过门户网站发布政务信息(1386)条,其中:概况类信息(22)条、政务动态信息(1335)条。\n"
        "(二)依申请公开情况\n(1)部分公开。(2)不予公开。\n"
    )
    assert counts == [("通过门户网站发布政务信息", 1386), ("概况类信息", 22), ("政务动态信息", 1335)]


def test_a_period_that_names_the_items_published_is_no_rate() -> None:
    counts = _counts(
        "一、总体情况\n全年通过微信公众号推送、发布各类信息137条,其中,发布每周工作动态信息29条、组织开展活动信息10条、培训信息6条。"
        "每周至少发布信息1条。\n"
    )
    assert counts == [("发布各类信息", 137), ("发布每周工作动态信息", 29), ("组织开展活动信息", 10), ("培训信息", 6)]


def test_a_section_titled_by_the_plan_alone() -> None:
    n = rules_narrative(
        "四、申请行政复议和提起行政诉讼情况\n2011年度未收到行政复议、提起行政诉讼的申请。\n\n五、下一步工作计划\n\n"
        "(一)加强组织领导。我街道高度重视信息公开工作,进一步健全组织机构。\n\n(二)加大公开力度。加强政务信息公开机制建设。\n"
    )
    assert [m.evidence.quote[:6] for m in n.improvements] == ["加强组织领导", "加大公开力度"]


def test_a_measures_heading_on_one_line_with_its_first_point() -> None:
    n = rules_narrative(
        "二、存在问题 一是宣传教育培训不足。二是信息公开的内容有待进一步充实。 三、整改措施 (一)提高认识,加强培训。进一步加强对政府信息公开工作的学习。"
        " (二)完善制度,规范公开。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["宣传教育培训不足", "信息公开的内容有待进一步充实"]
    assert [m.evidence.quote[:9] for m in n.improvements] == ["提高认识,加强培训", "完善制度,规范公开"]


def test_a_subpart_printed_out_of_the_usual_order() -> None:
    # (三)平台建设 before (四)政府信息管理: the platform part was not found, its counts filed under the part before
    text = normalize(
        "一、总体情况\n(一)主动公开政府信息情况\n共主动公开信息8条。\n(二)依申请公开政府信息情况\n收到申请1件。\n"
        "(三)政府信息公开平台建设\n设置栏目页面9个,开设专题专栏36个。\n(四)政府信息管理\n严格保密审查。\n(五)监督保障情况\n组织培训2次。\n"
    ).text
    overview = find_sections(text)[0]
    assert [s.key for s in overview.subsections] == [
        "overview.proactive_disclosure", "overview.on_request", "overview.platforms", "overview.info_management", "overview.oversight"
    ]
    n = rules_narrative(text)
    assert [(f.quantity, f.value) for f in n.platform_counts] == [("设置栏目页面", 9), ("开设专题专栏", 36)]


def test_a_place_set_up_for_reading_disclosures_is_platform_work() -> None:
    n = rules_narrative("一、总体情况\n2020年,东关街道认真落实《条例》。\n拓展公开形式,增强公开效果。东关街道在办公楼入口处建立政务公开宣传栏,内容上主要公开街道办事处班子组成、岗位职责。\n")
    assert [(w.kind, w.evidence.quote[:6]) for w in n.platform_work] == [("other", "拓展公开形式")]
    # (a board used, not set up, is a channel: 利用单位设置的信息公开栏…)
    assert rules_narrative("一、总体情况\n利用单位设置的信息公开栏公开信息。\n").platform_work == []


def test_running_an_account_and_reworking_its_layout_are_platform_work() -> None:
    n = rules_narrative(
        "一、总体情况\n(四)平台建设\n强化微信公众号作用,通过调整版面结构、更新重点内容等举措,有效扩大政务公开的覆盖面。"
        "强化自有新媒体运营,提升街道微信公众号政务公开功能。\n"
    )
    assert [w.kind for w in n.platform_work] == ["new_media", "new_media"]


def test_a_status_of_channels_formed_and_a_heading_of_website_work_are_no_items() -> None:
    n = rules_narrative(
        "一、总体情况\n目前已形成门户网站、线上线下信息公开专栏、微信平台等多层次、多方位的政府信息公开渠道,努力满足群众需求。\n"
        "(五)网站建设方面。一是加强门户网站栏目的日常运营维护,方便公众获取政府信息。\n"
    )
    assert [w.evidence.quote[:6] for w in n.platform_work] == ["加强门户网站"]


def test_topics_a_text_covers_are_no_oversight() -> None:
    n = rules_narrative(
        "一、总体情况\n2025年,我局认真落实《条例》。本年度通过政务公开栏公示信息。公示内容主要涉及森林资源管护、生态环境保护督查、集体林地公示公告等。"
        "结合自身实际情况,认真做好从组织领导、公开内容、公开形式、公开期限、监督检查等政务信息公开各项工作。\n"
    )
    assert n.oversight == []


def test_the_kind_of_an_application_platform_and_of_a_document_library() -> None:
    n = rules_narrative(
        "一、总体情况\n2025年,我镇认真落实《条例》。优化申请办理平台功能,提升答复文书规范化水平。建立行政规范性文件数据库,提供在线查阅、检索、下载服务。"
        "对依申请提供政府信息未收取检索、复印、邮寄等费用。\n"
    )
    assert [(w.kind, w.evidence.quote[:6]) for w in n.platform_work] == [("system", "优化申请办理"), ("website", "建立行政规范")]


def test_an_old_reports_plan_for_the_next_year_printed_without_a_heading() -> None:
    n = rules_narrative(
        "政府信息公开基本情况:\n\n(一)进一步完善政府信息公开制度。按照上级文件要求,进一步健全了主动公开、依申请公开等制度。\n\n"
        "(二)进一步规范政府信息依申请公开工作。2013年全镇共公开信息71条,方便群众查阅。\n\n"
        "2014年将认真做好以下几个方面的工作:\n\n(一)加大政府信息主动公开力度。加强主动公开政府信息的力度。\n\n"
        "(二)加强载体建设。依托政务服务中心平台,积极稳妥推进政府信息公开。\n"
    )
    assert [m.evidence.quote[:6] for m in n.improvements] == ["加大政府信息", "加强载体建设"]
    assert n.problems == []
    # (a paragraph on the year reported on is no plan: 2013年我镇将…)
    assert rules_narrative("政府信息公开基本情况:\n本镇认真落实条例。2013年全镇共公开信息71条。\n2013年我镇将信息公开纳入考核。\n").improvements == []


def test_oversight_words_from_the_sixty_fourth_to_sixty_sixth_sets() -> None:
    n = rules_narrative(
        "一、总体情况\n2023年,我乡认真落实《条例》。\n(五)监督保障\n一是我乡积极迎检,对于上级提出的问题第一时间整改落实到位。"
        "二是对信息公开不及时、造成不良影响的责任人员进行处理。三是2014年年初制发了《2014年政府信息公开报送考核方案》。"
        "四是制订了《连平县政府信息公开工作考核制度(试行)》。\n"
    )
    assert [w.kind for w in n.oversight] == ["assessment", "accountability", "assessment", "assessment"]


def test_a_rule_made_for_a_platform_is_no_work_on_it() -> None:
    n = rules_narrative(
        "一、总体情况\n2023年,东城区认真落实《条例》。\n(四)平台建设\n制定东城区人民政府网站管理办法,明确从内容规范性、更新及时性三方面开展网站建设。"
        "制定了社会评议制度,积极主动听取社会公众的意见。\n"
    )
    assert n.platform_work == [] and [w.kind for w in n.oversight] == ["assessment"]


def test_the_categories_a_list_spans_are_no_count() -> None:
    counts = _counts("一、总体情况\n从政策征集、管理等9个环节,加强政策服务建设。公开了社会救济等14个大类信息。开设了通知公告等14个栏目。\n")
    assert counts == [("开设了通知公告", 14)]


def test_a_fee_not_charged_said_with_a_plain_negation() -> None:
    assert rules_zeros("四、收费情况\n我局在政府信息公开过程中,不收取任何费用。\n") == [("不收取任何费用", 0)]
    assert [v for _, v in rules_zeros("四、收费情况\n在政府信息公开中,我局未收过任何费用。\n")] == [0]


def test_a_platform_built_and_errors_corrected_are_platform_work() -> None:
    # U68 (dev690b): 新建/建成 a platform or library, 修正错敏信息; not 创建 (文明创建: a campaign) nor 修正 of anything else
    n = rules_narrative(
        "一、总体情况\n2020年,我镇认真落实《条例》。\n4.平台建设\n2020年我镇新建政务新媒体信息平台1个,共计2个。"
        "按照工作部署要求,建成本镇行政规范性文件库,集中公开现行有效行政规范性文件。按照要求,修正错敏信息等问题15条,进一步提升公开内容质量。\n"
    )
    assert [w.kind for w in n.platform_work] == ["new_media", "website", "website"]
    n = rules_narrative(
        "一、总体情况\n2025年,我乡认真落实《条例》。依托“今日平江”三墩乡子栏目,聚焦文明创建、重点工作推进等核心内容,主动发布各类信息76条。\n"
    )
    assert n.platform_work == []


def test_opinions_collected_are_no_assessment() -> None:
    n = rules_narrative(
        "一、总体情况\n2023年,下沙街道认真落实《条例》。对标钱塘区政务公开要求,做好主动公开、依申请公开等工作,认真收集、听取群众评议监督意见和建议。\n"
    )
    assert n.oversight == []


def test_no_assessment_results_to_report_is_no_assessment() -> None:
    for line in ("我局2022無政務公開工作考核、社會評議和責任追究結果情況", "本年度无政务公开工作考核、社会评议和责任追究结果情况"):
        n = rules_narrative(f"一、总体情况\n2022年,我局认真落实《条例》。\n(五)监督保障\n{line}。\n")
        assert n.oversight == [], line


def test_one_application_in_words_and_a_zero_after_a_long_name() -> None:
    # U73/U74: 收到政府信息公开申请一件 (一 as a count, not an article); 2022年度收到和处理政府信息公开申请数量为0 (the name
    # before the zero was longer than 16 characters); the year is no part of a zero's name
    zeros = rules_zeros("一、总体情况\n(二)依申请公开情况。2022年度收到和处理政府信息公开申请数量为0。\n")
    assert zeros == [("收到和处理政府信息公开申请", 0)]
    counts = _counts("一、总体情况\n(二)依申请公开情况。2023年,收到政府信息公开申请一件,已按时答复。办好一件件实事。\n")
    assert counts == [("收到政府信息公开申请", 1)]
