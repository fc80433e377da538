"""Regressions found on the twenty-first and twenty-second unseen sets (section 一 of departments, mixed
excerpts with section 五):

- the opening sentence of 一, which sums up the year's work (2025年,…坚持…,规范政府信息公开平台建设,…), is no
  platform work unless it names a concrete measure of its own (在…网设立了政务公开专栏);
- the platform an application is filed on (依申请公开平台, 依申请公开系统) is kind ``system``;
- 没有被申请行政复议 and 就…申请提出复议 are zero reviews, not zero applications for information
  (未收到政府信息公开申请及行政复议 still says no application came);
- people counted (认定初级职称133人, 邀请27名退役军人) are other counts, not oversight or published items;
  the people of a training stay oversight;
- channels by the gold's normalized names: an account on a commercial app (抖音, 快手, 今日头条) is 政务新媒体,
  a 专栏 is on the 门户网站;
- 我们将在今后的工作中… turns the last problem point into the measures;
- a training whose topics are listed before it (组织了3次涵盖…新媒体应用…的专业培训) is training, not new-media work;
- a date printed as digits (截止20221231日) is no table run into the prose: the counts beside it are kept;
- a figure right after a colon is named before it (1、主动公开政府信息的情况:40条);
- a long list of channels used (主要通过县政府网、…网站以及《…日报》、…平台开展信息公开和信息宣传工作) is no
  platform work, though one of them is remarked as closed (已关停);
- inside 平台建设, a bare 平台 is the body's disclosure platform (由办公室牵头负责平台日常运维), and a topic lead
  (平台建设方面,…) names no platform;
- (twenty-third set) 10余万条 is about 100000; a share after a count (3条占8.11%) is no noun that names it, and
  包括 is no part of a name; a list whose commas were lost (概况类信息348条政务要闻415条通知公告307不动产公告84条)
  is one count per item, an item printed without its unit included (主动公开政府信息72);
- (twenty-fourth set) a page run into one line keeps its sub-parts (…4件。 (三)政府信息管理 (四)政府信息公开平台建设
  开平市…); a body named as a site's 承办单位 in a sentence is no page furniture; closing a site (关闭) and patrolling
  it (巡检) are measures; a rank (位列全省13位) is an outcome; 督促指导 is assessment; an instrument of oversight
  among several titles made at once (完善了《…保密审查办法》《…过错责任追究办法》) is oversight;
- parts of a site or list counted by rank (官网通过8大板块, 五大栏目, 6大类, 15小项), news in groups (头条新闻23组),
  and an application count printed without unit (收到依申请公开事项0) are counts.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules

_OPENING = (
    "一、总体情况\n"
    "2025年,市城市管理委坚持以习近平新时代中国特色社会主义思想为指导,紧密结合城市管理工作实际,全面推进政府信息主动公开,"
    "规范政府信息公开平台建设,加大政策解读力度,将政务公开与为民服务深度融合。\n"
    "(一)主动公开\n全年通过门户网站主动公开政府信息120条。\n"
    "(二)平台建设\n加强政务新媒体建设,开设“城管发布”微信公众号专栏2个。\n"
    "二、主动公开政府信息情况\n"
)


def test_the_opening_summary_of_the_overview_is_no_platform_work() -> None:
    n = _rules(_OPENING)
    assert [w.evidence.quote[:9] for w in n.platform_work] == ["加强政务新媒体建设"]


def test_an_opening_that_names_a_measure_is_platform_work() -> None:
    n = _rules(
        "一、总体情况\n2019年,县政府办公室认真贯彻落实《条例》,在“县政府信息公开网”设立了政务公开专栏,提供政府信息查询服务。\n"
        "二、主动公开政府信息情况\n"
    )
    assert [w.kind for w in n.platform_work] == ["website"]


def test_the_platform_applications_are_filed_on_is_a_system() -> None:
    assert work_label("优化升级了省政府门户网站依申请公开平台", "overview") == ("platform", "system")
    assert work_label("优化了依申请公开平台", "overview") == ("platform", "system")


def _counts(source: str) -> dict[str, list[tuple[str, float]]]:
    n = _rules(source)
    return {
        key: [(f.quantity, f.value) for f in getattr(n, key)]
        for key in ("proactive_counts", "application_counts", "review_litigation_counts", "oversight_counts", "other_counts")
    }


def test_a_review_applied_for_is_no_application_for_information() -> None:
    got = _counts("一、总体情况\n(二)依申请公开情况。2022年,我局共收到依申请公开0件,没有被申请行政复议、提起行政诉讼的情况。\n")
    assert got["application_counts"] == [("我局共收到依申请公开", 0)]
    assert sorted(got["review_litigation_counts"]) == [("行政复议", 0), ("行政诉讼", 0)]
    got = _counts("一、总体情况\n没有出现就政府信息公开申请提出复议、诉讼和申诉的情况。\n")
    assert got["application_counts"] == []
    got = _counts("一、总体情况\n(三)依申请公开\n2022年度未收到政府信息公开申请及行政复议及行政诉讼。\n")
    assert len(got["application_counts"]) == 1 and len(got["review_litigation_counts"]) == 2


def test_people_counted_are_other_counts() -> None:
    got = _counts("一、总体情况\n(一)主动公开情况\n2022年评审和考核认定初级职称133人,邀请27名退役军人走进机关。\n")
    assert sorted(v for _, v in got["other_counts"]) == [27, 133]
    assert got["oversight_counts"] == [] and got["proactive_counts"] == []
    got = _counts("一、总体情况\n(五)监督保障\n全年组织业务培训3次,培训人员120人。\n")
    assert sorted(v for _, v in got["oversight_counts"]) == [3, 120]


def test_channels_by_their_normalized_names() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开情况\n2023年,通过快手号发布信息242条,通过政府信息公开专栏发布信息79条,"
        "通过抖音发布信息38条。\n"
    )
    assert [f.channel for f in n.proactive_counts] == ["政务新媒体", "门户网站", "政务新媒体"]


def test_we_will_in_future_work_turns_to_the_measures() -> None:
    n = _rules(
        "四、存在的主要问题和改进措施\n一是信息公开业务知识和业务素质有待提高;二是信息公开时间和范围有待进一步规范;"
        "三是信息公开的稿件质量、信息数量尚需加强。我们将在今后的工作中认真学习《条例》,逐步提高信息业务人员知识和素质,"
        "增加工作的主动性和信息公开的实效性。\n"
    )
    assert [p.evidence.quote for p in n.problems][-1] == "信息公开的稿件质量、信息数量尚需加强"
    assert n.improvements and n.improvements[0].evidence.quote.startswith("我们将在今后的工作中认真学习")


def test_a_training_with_its_topics_listed_is_training() -> None:
    sentence = "积极组织了3次涵盖政策解读、新媒体应用、舆情应对、信息安全的专业培训"
    assert work_label(sentence, "overview.oversight") == ("oversight", "training")


def test_a_date_printed_as_digits_is_no_table_debris() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开情况。区交通局主动公开的信息主要包括:政策文件、机构职能、领导分工、行政许可、工作动态、公示公告等。"
        "截止20221231日,区交通局在区政府门户网站发布工作动态34条,行政许可办理结果2条,政策文件2条。\n"
    )
    assert [f.value for f in n.proactive_counts] == [34, 2, 2]
    assert not n.dropped


def test_a_figure_after_a_colon_is_named_before_it() -> None:
    n = _rules("一、总体情况 1、主动公开政府信息的情况:40条,其内容涉及财政预算决算、工程招标。\n")
    assert [(f.quantity, f.value, f.evidence.quote) for f in n.proactive_counts] == [
        ("主动公开政府信息", 40, "主动公开政府信息的情况:40条")
    ]


def test_a_long_list_of_channels_used_is_no_platform_work() -> None:
    sentence = (
        "2016年,我局主要通过宁强县政府网(www.4321666.com)、宁强旅游网(已关停)、宁强旅游官方微信微博和省、市旅游网站"
        "以及《汉中日报》、宁强宣传网平台开展信息公开和信息宣传工作"
    )
    assert work_label(sentence, "overview.proactive_disclosure") is None


def test_a_bare_platform_inside_the_platform_part() -> None:
    assert work_label("由办公室牵头负责平台日常运维,对变更或失效的公开信息进行实时更新", "overview.platforms") == ("platform", "other")
    assert work_label("由办公室牵头负责平台日常运维,对变更或失效的公开信息进行实时更新", "overview.info_management") is None
    assert work_label("平台建设方面,我乡严格遵照上级部署,动态调整优化政府信息公开目录", "overview.platforms") is None


def test_about_ten_thousands_and_a_share_after_a_count() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开政府信息情况\n主动公开政务信息37条,包括规划计划类信息3条占8.11%,业务类信息15条占40.54%。"
        "发放宣传资料100余万份,解答咨询10余万条。\n"
    )
    got = {f.quantity: (f.value, f.approximate) for f in n.proactive_counts}
    assert got["规划计划类信息"] == (3, False) and got["业务类信息"] == (15, False)
    assert got["解答咨询"] == (100000, True)
    assert [(f.value, f.approximate) for f in n.other_counts] == [(1000000, True)]


def test_a_list_whose_commas_were_lost() -> None:
    n = _rules(
        "一、总体情况\n(一)政务信息主动公开情况\n一是旗政府网站方面,年内共发布各类信息2968条,其中概况类信息348条政务要闻415条"
        "通知公告307不动产公告84条工作动态404条。二是全年主动公开政府信息72,其中旗内文件55。\n"
    )
    got = [(f.quantity, f.value, f.unit, f.evidence.quote) for f in n.proactive_counts]
    assert got[1:6] == [
        ("概况类信息", 348, "条", "其中概况类信息348条"),
        ("政务要闻", 415, "条", "政务要闻415条"),
        ("通知公告", 307, None, "通知公告307"),
        ("不动产公告", 84, "条", "不动产公告84条"),
        ("工作动态", 404, "条", "工作动态404条"),
    ]
    assert [(q, v) for q, v, _, _ in got[6:]] == [("主动公开政府信息", 72), ("旗内文件", 55)]


def test_a_noun_after_a_classifier_is_no_list_item() -> None:
    n = _rules("一、总体情况\n全市政府网站及389个政务新媒体发布信息50000余条。本年度,17个重点领域累计更新信息151条。\n")
    assert sorted(f.value for f in [*n.proactive_counts, *n.platform_counts]) == [17, 151, 389, 50000]


def test_a_page_run_into_one_line_keeps_its_sub_parts() -> None:
    n = _rules(
        "一、总体情况 本局认真贯彻落实《条例》。 (一)主动公开情况 2025年,本局主动公开政府信息67条。 (二)依申请公开情况 "
        "2025年,本局收到政府信息公开申请4件。 (三)政府信息管理 (四)政府信息公开平台建设 本局加强政府信息公开的载体建设。"
        "设置政务公开栏,及时更新相关信息。 (五)监督保障 严格落实政务公开工作。 二、主动公开政府信息情况\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [("other", "设置政务公开栏,及时更新相关信息")]


def test_measures_outcomes_and_furniture_of_sites() -> None:
    assert work_label("中心作为高新区管委会门户网站承办单位,持续加强网站的技术监测力度", "overview.platforms") == ("platform", "website")
    assert work_label("主办单位:某某县人民政府办公室 承办单位:某某县大数据中心", "overview") is None
    assert work_label("原广播电视局网站平台已于2015年11月正式关闭", "overview.platforms") == ("platform", "website")
    assert work_label("同时加强监督管理,不定期地巡检网站,进行问题查摆和整改", "overview") == ("platform", "website")
    assert work_label("在2015年度全省政府网站绩效评估中得分74.73分,县政府网站位列全省13位", "overview") is None


def test_oversight_named_among_other_words() -> None:
    assert work_label("政府办领导多次带队,赴各县市区调研,对全市基层政务公开工作进行督促指导", "overview") == ("oversight", "assessment")
    sentence = "同时,进一步完善了《信息公开保密审查办法》《信息公开过错责任追究办法》和《信息依申请公开实施办法》3个制度文件"
    assert work_label(sentence, "overview") == ("oversight", "accountability")


def test_parts_counted_by_rank_groups_and_a_bare_zero() -> None:
    n = _rules(
        "一、总体情况\n官网进行了全面改版。官网通过8大板块、42个子栏目,实现政务信息公开、办事服务、公众互动三大主要功能。"
        "全年发布头条新闻23组,气象服务类信息6大类15小项信息。共收到依申请公开事项0,未发生行政复议。\n"
    )
    assert (8, "大板块") in [(f.value, f.unit) for f in n.platform_counts]
    assert {(f.value, f.unit) for f in n.proactive_counts} >= {(23, "组"), (6, "大类"), (15, "小项")}
    assert [(f.value, f.unit) for f in n.application_counts] == [(0, None)]
