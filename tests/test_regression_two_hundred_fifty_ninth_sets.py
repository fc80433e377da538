"""Regressions found in this stop's long-tail reading of every set's missed counts and on the two-hundred-and-fifty-ninth
and later unseen sets (U259 onwards): a figure printed without its unit at the end of its clause, right after what was
done to the items it counts (公开审批事项办理结果10550;, 市级媒体刊发75,), not read; none of it said by the body
under a review heading (市供销社不存在此类情况) not read; a figure before 在线访谈 named by its verb alone; a list item
closed by 以及 named 以 and the next one named with it; invalid applications (无效及撤销申请7件) read as none; ten
thousands and the rest (14万9000余条) read as 140000; a second measure printed right after the first (公众号共发布信息
294期1014条) named 期; a training whose purpose names a website (深刻认识…政府网站及政务新媒体建设工作的严肃性)
read as website work; the people who took part (参与人数达100余万) and readers (总阅读人数和总阅读次数超100万) counted as work; a site made intensive (完成委官方网站集约化改造) taken
for website work; a figure at the end of a long title (…国家科技创新中心33条措施》) counted; figures that share the unit
printed after the last (分别发布信息2433、1664和2247条) lost or named 1664和; a website item whose only site words are
专题 or 专区 shown by the wrong clause (or refused as naming nothing of its kind), found reading U270's extract as an
analyst would; a short line of none under a fee heading (四、收费及减免情况。⏎未收取费用。) and no suit (全年未涉诉) not read; a
unit printed with another after a slash (307条/次) scored as another unit; no disclosure cases received (未收到政府信息公开案件)
not read as no application; a part named after 为 (其中1件为上年度结转) shown as 为上年度结转, found reading U291's extract
as an analyst would."""

from __future__ import annotations

from extractor.evals.matching import normalize_quantity
from extractor.narrative.extract import short_text
from extractor.narrative.rules import platform_kind
from extractor.narrative.support import KIND_WORDS, check_kind
from tests.conftest import rules_narrative


def test_a_figure_without_its_unit_after_what_was_done_is_read() -> None:
    # (U-set dev1100q: 通过天津市行政审批服务网…公开审批事项办理结果10550;; dev840q: 省级媒体刊发43篇,市级媒体刊发75,)
    n = rules_narrative(
        "一、总体情况\n(一)主动公开。通过局官网发布各类信息396条;通过审批服务网公开审批事项办理结果10550;"
        "国家级媒体刊发44篇,市级媒体刊发75,其中省厅信息刊发24篇。\n"
    )
    assert sorted(f.value for f in n.all_counts()) == [24, 44, 75, 396, 10550]


def test_applications_received_without_their_unit_are_read() -> None:
    # (dev1520g: 2025年我局共收到政府信息公开申请3,截至2025年12月31日已全部办结)
    n = rules_narrative("一、总体情况\n(二)依申请公开情况\n2025年我局共收到政府信息公开申请3,截至2025年12月31日已全部办结。\n")
    assert [f.value for f in n.application_counts] == [3]


def test_a_figure_without_its_unit_before_a_blank_line_is_read() -> None:
    # (U245 b04: 全年我局累计在政府网站发布政府信息325 ⏎⏎(二)…)
    n = rules_narrative("一、总体情况\n(一)主动公开情况。全年我局累计在政府网站发布政府信息325 \n\n(二)依申请公开情况。\n")
    assert [f.value for f in n.all_counts()] == [325]


def test_a_rate_a_hotline_and_a_year_cut_by_a_pdf_are_no_unitless_counts() -> None:
    # a rate (答复率100), a hotline (公开监督电话12345), a year a PDF line cut in two (201⏎7⏎年)
    n = rules_narrative(
        "一、总体情况\n(一)主动公开情况。均依法依规答复,答复率100,公开监督电话12345。\n通过政府网站公开201\n7\n年度预算。\n"
    )
    assert n.all_counts() == []


def test_none_of_it_said_by_the_body_under_a_review_heading_is_two_zeros() -> None:
    # (dev760i, Traditional script: (二)…被申請行政復議、提起行政訴訟情況。⏎市供銷社不存在此類情況。)
    n = rules_narrative(
        "一、总体情况\n(一)主动公开情况。全年主动公开信息30条。\n(二)因政府信息公开工作被申请行政复议、提起行政诉讼情况。\n"
        "市供销社不存在此类情况。\n(三)政府信息管理方面。严格落实信息审核制度。\n"
    )
    assert sorted((f.quantity, f.value) for f in n.review_litigation_counts) == [("行政复议", 0), ("行政诉讼", 0)]


def test_online_interviews_after_their_figure_name_it() -> None:
    # (U266 y05: 全年举办了四期在线访谈,分别组织区民政局…上线; 在 was taken for a preposition)
    n = rules_narrative("一、总体情况\n(三)政策解读。全年举办了四期在线访谈,分别组织区民政局上线。\n")
    (fact,) = n.all_counts()
    assert (fact.value, fact.quantity) == (4, "举办在线访谈")


def test_a_list_item_closed_by_yiji_is_named_by_itself() -> None:
    # (U265 x03: …通知公告3条、锡山区政府开放月活动集锦6条以及涉企行政检查公示1条)
    n = rules_narrative("一、总体情况\n(一)主动公开。全年累计公开信息59条,内容涵盖通知公告3条、政府开放月活动集锦6条以及涉企行政检查公示1条。\n")
    named = [(f.value, f.quantity) for f in n.all_counts()]
    assert (6, "政府开放月活动集锦") in named and (1, "涉企行政检查公示") in named


def test_invalid_applications_are_no_zero() -> None:
    # (U263 v01: 其中我局受理并处理申请8件,无效及撤销申请7件,结转下一年度10件)
    n = rules_narrative("一、总体情况\n(二)依申请公开。收到政府信息公开申请25件,其中我局受理并处理申请8件,无效及撤销申请7件,结转下一年度10件。\n")
    assert 0 not in [f.value for f in n.all_counts()]


def test_ten_thousands_and_the_rest_are_one_figure() -> None:
    # (U270 c09, Traditional script: 全市政府系統各級各部門主動公開政府信息14萬9000餘條)
    n = rules_narrative("一、总体情况\n(一)主动公开。全市政府系统各级各部门主动公开政府信息14万9000余条,推送信息1300余条。\n")
    assert [(f.value, f.approximate) for f in n.all_counts()] == [(149000, True), (1300, True)]


def test_a_second_measure_right_after_the_first_is_named_alike() -> None:
    # (U272 e03: “周至政务”公众号共发布信息294期1014条)
    n = rules_narrative("一、总体情况\n(四)平台建设。“周至政务”公众号共发布信息294期1014条,开展征集调查活动8次。\n")
    named = {f.value: f.quantity for f in n.all_counts()}
    assert named[1014] == named[294] == "“周至政务”公众号共发布信息"


def test_a_training_that_taught_the_importance_of_websites_is_a_training() -> None:
    # (U272 e07: 定期参加县政府举办的培训会议,深刻认识政府信息公开、政府网站及政务新媒体建设工作的严肃性和必要性)
    n = rules_narrative(
        "一、总体情况\n(五)监督保障。定期参加县政府举办的培训会议,深刻认识政府信息公开、政府网站及政务新媒体建设工作的严肃性和必要性。\n"
    )
    assert [w.kind for w in n.oversight] == ["training"] and n.platform_work == []


def test_the_people_who_took_part_are_an_audience() -> None:
    # (U281 n07: 开展政务开放日和政策公开讲活动50余场,参与人数达100余万)
    n = rules_narrative("一、总体情况\n(四)平台建设。开展政务开放日和政策公开讲活动50余场,参与人数达100余万。\n")
    assert [f.value for f in n.all_counts()] == [50]


def test_readers_are_an_audience() -> None:
    # (U280 m07: “渭滨发布”…发布信息2000余条,…总阅读人数和总阅读次数超100万)
    n = rules_narrative("一、总体情况\n(四)平台建设。“渭滨发布”发布信息2000余条,总阅读人数和总阅读次数超100万。\n")
    assert [f.value for f in n.all_counts()] == [2000]


def test_a_site_made_intensive_is_intensive_work() -> None:
    # (U267 z01: 完成委官方网站集约化改造; U276 i02: 6月初我縣首批完成全市網站集約化), not a site that runs on the
    # province's intensive platform (依托广东省政府网站集约化平台,…实时更新工作动态: website work)
    assert platform_kind("完成委官方网站集约化改造") == "intensive"
    assert platform_kind("6月初我县首批完成全市网站集约化,对所有栏目和信息进行了详细梳理和优化") == "intensive"
    assert platform_kind("依托广东省政府网站集约化平台,结合街道实际情况实时更新工作动态") == "website"


def test_a_figure_at_the_end_of_a_long_title_is_no_count() -> None:
    # (U284 q03: 《武汉经济技术开发区(汉南区)…促进创新创业创造发展助力打造国家科技创新中心33条措施》: the 《 is out of reach)
    n = rules_narrative(
        "一、总体情况\n(一)主动公开。完善政策栏目,发布了《武汉经济技术开发区(汉南区)促进创新创业创造发展助力打造国家科技创新中心33条措施》"
        "等三条政策。\n"
    )
    assert [f.value for f in n.all_counts()] == [3]


def test_figures_that_share_one_unit_are_each_read_and_named_by_the_list() -> None:
    # (U291 x08: 政务新媒体“凉山政务”新浪微博、微信公众号和今日头条号分别发布信息2433、1664和2247条)
    n = rules_narrative(
        "一、总体情况\n(一)主动公开。政务新媒体“凉山政务”新浪微博、微信公众号和今日头条号分别发布信息2433、1664和2247条。\n"
    )
    facts = n.all_counts()
    assert [(f.value, f.unit) for f in facts] == [(2433, "条"), (1664, "条"), (2247, "条")]
    assert len({f.quantity for f in facts}) == 1 and facts[0].quantity.endswith("分别发布信息")
    assert [f.channel for f in facts][1:] == ["微信公众号", "政务新媒体"]


def test_a_website_item_named_by_its_topics_shows_them() -> None:
    # (U270 c05: …公开新闻发布会13场,新开设“鄂州花湖机场正式投运”等专题9个,专栏信息发布3519条: shown as 专栏信息发布3519条)
    body = (
        "鄂州市政府网共发布信息17798条,其中概况类信息182条,新闻动态类信息5413条,政策文件46条,政务公开信息4293条,政民互动信息346条,"
        "发布征集调查12期,发布政策解读49件,开展在线访谈19期,公开新闻发布会13场,新开设“鄂州花湖机场正式投运”等专题9个,专栏信息发布3519条"
    )
    assert short_text(body, names=KIND_WORDS["website"]).startswith("新开设“鄂州花湖机场正式投运”等专题9个")
    assert check_kind("website", "在政务服务中心设立政务公开专区", platforms_part=False).reason == "supported"


def test_a_short_line_of_none_under_a_fee_heading_is_read() -> None:
    # (U293 z02, 2016: 四、收费及减免情况。⏎⏎未收取费用。⏎⏎五、申请行政复议和提起行政诉讼的情况)
    n = rules_narrative(
        "一、概述\n本局成立了政府信息公开工作领导小组。\n二、主动公开政府信息情况\n全年主动公开信息25条。\n"
        "三、依申请公开政府信息情况\n2016年度我局未受理依申请公开政府信息工作。\n\n四、收费及减免情况。\n\n未收取费用。\n\n"
        "五、申请行政复议和提起行政诉讼的情况\n无。\n"
    )
    assert [(f.value, f.unit) for f in n.fees] == [(0, "元")]


def test_no_suit_said_as_not_involved_in_one_is_a_zero() -> None:
    # (U281 n01: 全年共受理依申请公开件6件,按时依法对申请人进行了答复。全年未涉诉。)
    n = rules_narrative("一、总体情况\n(二)依申请公开。全年共受理依申请公开件6件,按时依法对申请人进行了答复。全年未涉诉。\n")
    assert [(f.quantity, f.value) for f in n.review_litigation_counts] == [("行政诉讼", 0)]


def test_a_unit_with_another_after_a_slash_is_the_first() -> None:
    # (U284 q01: 通过政府网站专栏、政府新媒体(微信公众号)主动公开政府信息307条/次; the labeler wrote 条/次)
    assert normalize_quantity(307, "条/次") == normalize_quantity(307, "条")


def test_no_disclosure_cases_received_is_no_application() -> None:
    # (dev740g: 2022年,我局未收到政府信息公开案件。; dev540m: 未收到政府信息公开型案件), not suits lost over cases
    # (没有因信息公开案件引起的行政诉讼、行政复议败诉)
    n = rules_narrative("一、总体情况\n(二)依申请公开情况\n2022年,我局未收到政府信息公开案件。\n(三)政府信息管理\n严格执行审核制度。\n")
    assert [(f.quantity, f.value) for f in n.application_counts] == [("政府信息公开申请", 0)]
    n = rules_narrative("一、总体情况\n(二)依申请公开。全年受理申请2件,没有因信息公开案件引起的行政诉讼、行政复议败诉。\n")
    assert 0 not in [f.value for f in n.application_counts]


def test_a_part_named_after_wei_is_named_without_it() -> None:
    # (U291 x08: 全年收到政府信息公开申请30件,其中1件为上年度结转: shown as “为上年度结转”)
    n = rules_narrative("一、总体情况\n(二)依申请公开。全年收到政府信息公开申请30件,其中1件为上年度结转,办结30件。\n")
    assert [f.quantity for f in n.application_counts] == ["收到政府信息公开申请", "上年度结转", "办结"]
