"""Regressions found in this stop's work on the two-hundred-and-ninety-sixth and later unseen sets (U296 onwards):
the words of each platform kind were listed twice, once for the kind the rules give (rules.platform_kind) and once
for the kind check (support.check_kind), and the check did not know the rules' words, so an item the rules named by
one of them (持续完善“政府规章库”…, 融合部门内容和服务,开设…九大民生领域专题 kept by 融合) was refused its own kind
and the classifier could not add it; the first part of a bracketed breakdown counted with 个 (9条(信访条例1个、…)) taken
for the bodies whose items they are and dropped; no application from an applicant (未收到申请人提出的依申请公开申请)
not read because the applicant was taken for one charged a fee; the kinds of a thing written in words (辖内五类机构)
counted; a channel used to update the day's news (依托政府门户网站,…实时更新日常工作动态,确保…有效开展; 通过…等平台,及时规范更新信息)
shipped as platform work because of the verbs of the update's manner and of its purpose; the title of what is reported
run into its paragraph (政府信息公开考核评议、督促整改、责任追究情况。) shipped as oversight; a figure named by what became of it (收到留言43条全部妥善办结 named 全部妥善办结); a channel
used as the main carrier (继续以局官方网站为主动公开的主要载体,…及时发布行业管理动态) shipped as platform work because
管理动态 was read as the verb 管理; no review or suit (未被行政复议或诉讼) not read; a name that holds what the items
include (主动公开包括…等在内的政府信息7585条); an article of the regulation after another (《條例》第二十條、二十一條規定)
counted; a condition (只要不涉及国家机密…的政府信息依申请全部予以公开) read as no application; a figure framed by 在…中
(在已经答复的91件申请中:) named 申请中; the examples before 等 taken for what is counted (…关闭等1处网站安全漏洞); a
person named by the duty given after (配备专职人员1名负责…); the parts of the report (…等6部分内容) counted; what the
rules made say (进一步明确…责任追究等工作的责任要求和制度规范) shipped as oversight; a channel used to show content (充分利用…专栏,集中展示…等内容) or to publish in due form (规范发布)
shipped as platform work; no fee (政府信息公开未收费) not read; a change since earlier years (与历年相比…增加1例) and the parts
of one quoted slogan (紧扣“制度建设、数字赋能、公开实效”三个关键) counted; a duty given (主要负责综合协调、检查督查信息公开工作)
shipped as oversight; the first part of a bracketed breakdown (行政复议5件(4件结果维持,…)) named by the figure before
the bracket; a figure said of all (全部252件均按期办理完毕) named 全部; a year printed without 年 after a heading
((一)主动公开政府信息情况2025,) counted; a sentence framing the list after it (加强政府网站管理。一是…二是…) shipped as platform work of its own; the frame 已办结的40件…申请中 named 申请中, and each outcome after it (13件予以公开、
18件予以部分公开) left unnamed; a name after the figure cut at ten characters mid-word (41个政务新媒体账号日常监管和协调: 政务新媒体账号日常监,
shown as a 主动公开 count), found reading U331's extract as an analyst would; an oversight item shown as its year alone (2019年), and the year's
work summed up (不断加强…平台建设、制度建设…,完善监督考核机制等,政府信息公开工作有序开展) shipped as oversight; a summary sentence ending in a verb whose object the model's text lost (…回应机制，开设。), found
reading U338's extract as an analyst would; a summary clause that puts a figure under words from another sentence
(鄂州市政府网共受理政府信息公开申请37件, the 37 applications being the office's) shown as supported, found reading U329's
extract as an analyst would."""

from __future__ import annotations

import pytest

from extractor.narrative.extract import short_text, whole_sentence
from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import no_platform, platform_kind, sentence_work_label
from extractor.narrative.support import GENERAL_KIND_WORDS, KIND_WORDS, check_kind, unbound_number
from extractor.narrative.work_classifier import added_kind
from tests.conftest import rules_narrative


@pytest.mark.parametrize(("word", "kind"), GENERAL_KIND_WORDS)
def test_every_word_the_rules_name_a_kind_by_passes_the_kind_check(word: str, kind: str) -> None:
    body = f"全年持续优化{word}相关工作"
    assert platform_kind(body) == kind
    assert check_kind(kind, body, platforms_part=False).ok


def test_an_item_named_by_a_library_of_rules_is_added_with_its_kind() -> None:
    # (dev590r: 持续完善“政府规章库”和“规范性文件统一公开平台”,以市政府…名义发布政府规章4部)
    body = "持续完善“政府规章库”和“规范性文件统一公开平台”,以市政府或市政府办公厅名义发布政府规章4部、行政规范性文件19件。"
    assert platform_kind(body) == "website"
    assert added_kind(body, platforms_part=True) == "website"


def test_the_kind_check_still_refuses_a_kind_the_words_do_not_name() -> None:
    assert not check_kind("new_media", "持续完善“政府规章库”", platforms_part=False).ok
    assert not check_kind("website", "加强政务新媒体融合发展", platforms_part=False).ok


def test_a_bracketed_part_counted_with_ge_is_read() -> None:
    # (U-set dev3060e: 主动公开政府信息9条(信访条例1个、公开指南1则、…))
    figures = find_figures("主动公开政府信息9条(信访条例1个、公开指南1则)。")
    assert [(f.quantity, f.value) for f in figures] == [("主动公开政府信息", 9), ("信访条例", 1), ("公开指南", 1)]
    # the bodies whose items they are are still no count (日常工作情况240条(街道11个科室以及4个社区))
    assert [f.value for f in find_figures("日常工作情况240条(街道11个科室以及4个社区)。")] == [240]


def test_no_application_from_an_applicant_is_a_zero() -> None:
    # (U-set dev3050d: 未收到申请人提出的依申请公开申请,未因信息公开工作发生行政复议和行政诉讼)
    figures = find_figures("2023年,市防震减灾服务中心未收到申请人提出的依申请公开申请,未因信息公开工作发生行政复议和行政诉讼。")
    assert (figures[0].quantity, figures[0].value) == ("收到申请人提出的依申请公开申请", 0)
    # a fee not charged to the applicant is still no application
    assert [f.quantity for f in find_figures("未向申请人收取任何费用。")] == ["向申请人收取任何费用"]


def test_kinds_written_in_words_are_no_count() -> None:
    # (U-set dev3040c: 针对辖内五类机构新设、变更等行政审批事项…)
    assert find_figures("针对辖内五类机构新设、变更等行政审批事项,向市地方金融监管局正式行文。") == []
    assert [f.value for f in find_figures("公开各类信息5类12条。")][:1] == [5]


@pytest.mark.parametrize(
    "sentence",
    [
        # (U-set dev3090h: a channel used to publish the day's news, and what for)
        "严格按照《政府信息公开条例》的要求,依托政府门户网站,充分发挥政务公开信息平台作用,实时更新日常工作动态,"
        "把涉及群众切身利益的信息在重点领域主动公开,确保政府信息公开工作有效开展。",
        # (U-set dev3060e: the channels and how the information was updated)
        "通过信息公开门户网站、政务微信、政务微博、抖音号等平台,及时规范更新信息。",
    ],
)
def test_a_channel_used_to_update_the_news_is_no_platform_work(sentence: str) -> None:
    assert sentence_work_label(sentence, "overview.platforms") is None


def test_work_on_a_channel_is_still_platform_work() -> None:
    assert sentence_work_label("依托政府门户网站,完成网站栏目改版,确保信息发布及时准确。", "overview.platforms") == ("platform", "redesign")


def test_the_title_of_what_is_reported_is_no_item() -> None:
    # (U-set dev3070f: (五)监督保障情况。政府信息公开考核评议、督促整改、责任追究情况。2022年,我局暂无…)
    assert sentence_work_label("政府信息公开考核评议、督促整改、责任追究情况。", "overview.oversight") is None
    assert sentence_work_label("组织开展政府信息公开考核评议。", "overview.oversight") == ("oversight", "assessment")


def test_a_list_of_platforms_the_body_has_not_is_no_work() -> None:
    # (U-set dev3050d: 市防震减灾服务中心无部门网站、微信公众号、官方微博,现通过…发布部门政府信息)
    assert no_platform("本中心无部门网站、微信公众号、官方微博,现通过市政府网站发布信息")
    assert not no_platform("本中心无部门网站、微信公众号、官方微博,现已开通抖音号并发布信息")


def test_a_figure_is_not_named_by_what_became_of_it() -> None:
    # (U-set dev3160o: 开设互动交流栏目收到留言43条全部妥善办结;)
    figures = find_figures("开设办事服务栏目;开设互动交流栏目收到留言43条全部妥善办结;2024年,我局共承办建议。")
    assert [(f.quantity, f.value) for f in figures] == [("开设互动交流栏目收到留言", 43)]
    # a figure that opens its clause is still named by what is said of it (5件申请均在法定期限内办结)
    assert [f.quantity for f in find_figures("5件申请均在法定期限内办结。")] == ["申请均在法定期限内办结"]


def test_the_news_of_a_trade_is_no_verb_of_work() -> None:
    # (U-set dev3120k: 继续以局官方网站为主动公开的主要载体,同时加强局官方微信等新媒体发布方式的使用,及时发布行业管理动态…)
    sentence = "2017年,我局继续以局官方网站为主动公开的主要载体,同时加强局官方微信等新媒体发布方式的使用,及时发布行业管理动态和其他行业信息。"
    assert sentence_work_label(sentence, "overview") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (U-set dev3230v) no review or suit
        ("2024年共受理政府信息公开申请15件,未被行政复议或诉讼。", [("受理政府信息公开申请", 15), ("行政复议", 0), ("行政诉讼", 0)]),
        # (U-set dev3220u) what the items include is no part of their name
        ("全区各级行政机关主动公开包括重点领域、权责清单和其他业务事项等在内的政府信息共7585条。", [("全区各级行政机关主动公开政府信息", 7585)]),
        # (U-set dev3200s, read in Simplified: 根據《條例》第二十條、二十一條規定) an article of the regulation after another
        ("根据《条例》第二十条、二十一条规定,不断拓宽主动公开。", []),
        # (U-set dev3210t) a condition, not a none; the printed zero after it is read
        ("只要不涉及国家机密和损害第三方利益的政府信息依申请全部予以公开。2022年我局共收到依申请公开办件0条。", [("我局共收到依申请公开办件", 0)]),
        # (U-set dev3240w) a figure framed by 在…中, and the examples before 等
        ("在已经答复的91件申请中:予以公开22件。", [("已经答复的申请", 91), ("予以公开", 22)]),
        ("对网站高危端口ssh服务在互联网上关闭等1处网站安全漏洞进行了及时修复。", [("网站安全漏洞", 1)]),
        # (U-set dev3260y) a person named by the post, not the duty given after
        ("领导小组下设办公室,配备专职人员1名负责信息公开工作的组织协调和督促落实。", [("配备专职人员", 1)]),
        # (U-set dev3270z) the parts of the report
        ("全文包括总体情况,…,其他需要报告的事项等6部分内容。", []),
    ],
)
def test_counts_found_on_the_three_hundred_fourth_and_later_sets(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(f.quantity, f.value) for f in find_figures(text)] == expected


def test_what_the_rules_made_say_is_no_oversight() -> None:
    # (U-set dev3240w: …进一步明确完善政府信息主动公开、…、违反政府信息公开规定行为责任追究等工作的责任要求和制度规范)
    sentence = (
        "市政府办公室印发《汝州市政府信息主动公开制度等四个制度》,进一步明确完善政府信息主动公开、依申请公开、信息公开保密审查、"
        "违反政府信息公开规定行为责任追究等工作的责任要求和制度规范,以完善后的制度为抓手,做实做细日常监管指导工作。"
    )
    assert sentence_work_label(sentence, "overview.on_request") is None
    assert sentence_work_label("及时修订政府信息公开制度,进一步明确政府信息发布的主题、流程、规范、责任追究等实际操作标准。", "overview") is None
    # an accountability measure is still one (对…执行不力情况进行严肃追究问责)
    assert sentence_work_label("对信息公开执行不力情况进行严肃追究问责。", "overview") == ("oversight", "accountability")


@pytest.mark.parametrize(
    "sentence",
    [
        # (U-set dev3150n: 充分利用政府门户网站专栏,集中展示政府信息公开指南、目录、年度报告等内容)
        "充分利用政府门户网站专栏,集中展示政府信息公开指南、目录、年度报告等内容。",
        "依托区政府门户网站规范发布政府信息。",
    ],
)
def test_a_channel_used_to_show_or_publish_is_no_platform_work(sentence: str) -> None:
    assert sentence_work_label(sentence, "overview.platforms") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (U-set dev3320e) no fee
        ("此外,2022年政府信息公开未收费。", [("收费", 0)]),
        # (U-set dev3330f) a change since earlier years, and the parts of one quoted slogan
        ("与历年相比政府信息公开申请数量增加1例;", []),
        ("紧扣“制度建设、数字赋能、公开实效”三个关键,持续完善政务公开制度体系。", []),
        # columns named one by one are still counted
        ("新增“直达资金”和“惠民惠农”两个专栏。", [("专栏", 2)]),
    ],
)
def test_counts_found_on_the_three_hundred_twentieth_and_later_sets(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(f.quantity, f.value) for f in find_figures(text)] == expected


def test_a_duty_given_is_no_oversight() -> None:
    # (U-set dev3290b: 办公室主要负责综合协调、检查督查信息公开工作)
    assert sentence_work_label("设立政务公开办公室,主要负责综合协调、检查督查信息公开工作。", "overview") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (U-set dev3390l) the parts of a figure in brackets after it
        ("依申请公开引起的行政复议5件(4件结果维持,1件结果纠正),行政诉讼2件。", [("依申请公开引起的行政复议", 5), ("结果维持", 4), ("结果纠正", 1), ("行政诉讼", 2)]),
        # a name whose figure is in brackets after it is still the name (政府信息公开网站(108条))
        ("政府信息公开网站(108条)、《罗家信息》(3期)", [("政府信息公开网站", 108), ("《罗家信息》", 3)]),
        # (U-set dev3390l) said of all
        ("上年结转1件,全部252件均按期办理完毕。", [("上年结转", 1), ("均按期办理完毕", 252)]),
        # (U-set dev3380k) a year after a heading, printed without 年
        ("(一)主动公开政府信息情况2025,全县各级各部门通过政府门户网站发布信息100条。", [("全县各级各部门通过政府门户网站发布信息", 100)]),
        # (U-set dev3420o) the frame of a breakdown without 在, and each figure named by what became of it
        (
            "已办结的40件政府信息公开申请中,13件予以公开、18件予以部分公开。",
            [("已办结的政府信息公开申请", 40), ("予以公开", 13), ("予以部分公开", 18)],
        ),
    ],
)
def test_counts_found_on_the_three_hundred_twenty_eighth_and_later_sets(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(f.quantity, f.value) for f in find_figures(text)] == expected


def test_the_frame_of_a_list_is_no_platform_work() -> None:
    # (U-set dev3400m: (二)加强政府网站和政务新媒体管理。一是优化政府网站栏目建设。…)
    n = rules_narrative(
        "一、总体情况\n2023年,我县扎实推进政务公开。\n(一)主动公开情况\n全年主动公开信息300条。加强政府网站管理。"
        "一是开设“乡村振兴”专栏。二是完成门户网站改版。\n"
    )
    assert [(w.kind, w.evidence.quote[:4]) for w in n.platform_work] == [("website", "开设“乡"), ("redesign", "完成门户")]


def test_a_name_after_the_figure_is_not_cut_mid_word() -> None:
    # (U-set dev3390l, read as an analyst would: 安排专人负责全区已备案41个政务新媒体账号日常监管和协调)
    figures = find_figures("安排专人负责全区已备案41个政务新媒体账号日常监管和协调,督促各相关单位做好信息更新。")
    assert [(f.quantity, f.value) for f in figures] == [("政务新媒体账号", 41)]
    assert [f.quantity for f in find_figures("举办3场政务公开业务知识培训会议。")] == ["举办政务公开业务知识培训会议"]


SUMMED_UP = (
    "2019年,梅县区以习近平新时代中国特色社会主义思想和党的十九届四中全会精神为指导,认真贯彻落实《中华人民共和国政府信息公开条例》"
    "以及省、市相关文件精神,不断完善财政预决算、政务动态、规范性文件等信息公开力度;依法依规答复公开申请;不断加强政府信息管理、平台建设、"
    "制度建设和基础建设,完善监督考核机制等,政府信息公开工作有序开展。"
)


def test_an_item_is_not_shown_as_its_year() -> None:
    # (U-set dev3450r: the item's first clause is its year, and its headline names nothing of its kind)
    assert short_text(SUMMED_UP, names=KIND_WORDS["assessment"]) == "完善监督考核机制等，政府信息公开工作有序开展"
    assert short_text("2023年,我局举办政务公开培训2次,参训80人次。", names=KIND_WORDS["training"]).startswith("我局举办政务公开培训2次")


def test_the_year_summed_up_is_no_oversight() -> None:
    n = rules_narrative(f"一、总体情况\n{SUMMED_UP}一是主动公开政府信息。全年主动公开信息100条。\n")
    assert n.oversight == []


def test_a_model_sentence_does_not_end_in_a_verb_without_its_object() -> None:
    # (U-set dev3460s, read as an analyst would: 总体情况：…完善行政机关与宣传、网信部门政务舆情监测、研判、回应机制，开设。)
    assert whole_sentence("完善行政机关与宣传、网信部门政务舆情监测、研判、回应机制，开设。", 60) == "完善行政机关与宣传、网信部门政务舆情监测、研判、回应机制。"
    assert whole_sentence("建立完善市本级重要政策文件数据库，推进行政规范性文件统一公开。", 60) == "建立完善市本级重要政策文件数据库，推进行政规范性文件统一公开。"


EZHOU = [
    "鄂州市政府网共发布信息11687条,其中概况类信息95条,政务动态类信息3732条,政策文件14条。",
    "本年度共受理政府信息公开申请37件,其中,依法予以公开5件,部分公开9件。",
]


def test_a_summary_figure_stays_with_what_its_sentence_says() -> None:
    # (U-set dev3370j, read as an analyst would: 总体情况：…鄂州市政府网共受理政府信息公开申请37件，其中，依法予以公开5件…)
    assert unbound_number("鄂州市政府网共受理政府信息公开申请37件，其中，依法予以公开5件，部分公开9件。", EZHOU) == "鄂州市政府网共受理政府信息公开申请37件"
    assert unbound_number("鄂州市政府网共发布信息11687条，其中概况类信息95条，政务动态类信息3732条。", EZHOU) is None
    assert unbound_number("本年度共受理政府信息公开申请37件。", EZHOU) is None
