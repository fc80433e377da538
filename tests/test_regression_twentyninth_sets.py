"""Regressions found on the twenty-ninth and thirtieth unseen sets (departments' platform work; mixed section 一
with two excerpts of 五):

- 积极参与“5▪15政务公开日”活动 is an open day taken part in (its sentence, not a clause of the one before); 参加…政务
  公开日“局长访谈” is an interview, not an open day;
- checking and repairing a site's data (对局官方网站…数据进行自查及修复) is website work, not assessment;
- the topics a document covers (主要涉及…信访工作考核办法等方面) are no oversight held, but an inspection of listed
  topics (加强对…审核等方面的常态化督查) is;
- 行政复议决定书20份 are documents published, not reviews;
- 无上年结转政府信息公开申请 names none of the zero-statement quantities (rule 4): neither a zero application nor
  a zero carried over to next year;
- a number inside a quoted slogan in single quotes (“打好‘四张牌’”) names, it does not count;
- counts printed without their unit after 意见, 信箱 or a total (答复意见2政协委员提案答复意见6件, 市长信箱16,
  公开信息389共计3545);
- a point outside 平台建设 whose platform work is of no named kind may still be oversight (…平台由…专门负责运维保障,
  并结合实际工作开展情况组织培训);
- the boards, rooms and screens a body publishes on are platforms counted (规范村居务信息公开栏200余块, 政务公示栏11个,
  查阅点1个, 3台一体机).
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_an_open_day_taken_part_in() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开\n参加市政府“政务访谈”栏目录制,围绕医保改革等重点工作介绍工作情况。"
        "积极参与“5▪15政务公开日”活动,发放宣传资料,现场解答群众问题。\n"
    )
    assert [(w.kind, w.evidence.quote[:18]) for w in n.platform_work] == [("open_day", "积极参与“5▪15政务公开日”活动")]
    n = _rules("一、总体情况\n(一)解读回应\n参加政务访谈1次,参加“5.15”政务公开日 “局长访谈”1次,社会效果良好。\n")
    assert n.platform_work == []


def test_checking_a_sites_data_and_the_topics_of_a_document() -> None:
    sentence = "市体育局对局官方网站、政府信息公开平台数据进行自查及修复,并对本部门信息公开栏目进行了调整优化"
    assert work_label(sentence, "overview.info_management") == ("platform", "website")
    assert work_label("制发规范性文件1份,主要涉及信访事项办理流程优化、信访工作考核办法等方面", "overview") is None
    assert work_label("依托信息化手段,加强对各政府信息主动上网公开、公文信息属性审核等方面的常态化督查", "overview") == (
        "oversight", "assessment",
    )


def _counts(source: str) -> dict[str, list[float]]:
    n = _rules(source)
    return {k: [f.value for f in getattr(n, k)] for k in ("proactive_counts", "application_counts", "review_litigation_counts")}


def test_decisions_published_carried_over_applications_and_slogans() -> None:
    got = _counts("一、总体情况\n(一)主动公开\n全年公开行政复议决定书20份,区政府门户网站开设“打好‘四张牌’”专栏,发布信息12条。\n")
    assert got == {"proactive_counts": [20, 12], "application_counts": [], "review_litigation_counts": []}
    got = _counts("一、总体情况\n(二)依申请公开\n2023年,无上年结转政府信息公开申请,收到政府信息公开申请0件。\n")
    assert got["application_counts"] == [0]


def test_unitless_counts_after_answers_letters_and_totals() -> None:
    got = _counts(
        "一、总体情况\n(一)主动公开\n主动公开人大代表建议答复意见2政协委员提案答复意见6件;收到并办结市长信箱16\n"
        "官方微信公众号公开信息389共计3545\n"
    )
    assert got["proactive_counts"] == [2, 6, 16, 389, 3545]
    n = _rules("一、总体情况\n(一)主动公开\n网站发布信息3156条,官方微信公众号公开信息389共计3545\n全年发布信息514条,总计2401条。\n")
    # a total printed without its unit is named by the items before it; one with its unit keeps its own name
    assert [f.quantity for f in n.proactive_counts][2:] == ["共计公开信息", "发布信息", "总计"]


def test_a_point_of_unnamed_platform_work_may_be_oversight() -> None:
    sentence = "政府信息公开平台由综合办公室一名工作人员专门负责运维保障,并结合实际工作开展情况组织培训,并及时解答各科室使用过程中出现的问题"
    assert work_label(sentence, "overview") == ("oversight", "training")
    assert work_label(sentence, "overview.platforms") == ("platform", "other")


def test_boards_rooms_and_screens_are_platforms_counted() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开\n规范村居务信息公开栏200余块,规整村级政务公示栏11个,设置政府信息公开查阅点1个,"
        "利用3台一体机提供政务服务信息查询,全年发布信息120条。\n"
    )
    assert sorted(f.value for f in n.platform_counts) == [1, 3, 11, 200]
    assert [f.value for f in n.proactive_counts] == [120]
