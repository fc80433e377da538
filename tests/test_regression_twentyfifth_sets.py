"""Regressions found on the twenty-fifth and twenty-sixth unseen sets (platform work and oversight of 一; counts
and section 五 of mixed bodies):

- an open day held, told in a sentence that is no item as a whole (…发布各类公开信息1287条;组织开展“5·15政务
  公开日”集中宣传活动,…), is platform work: its semicolon piece, or its clause;
- 近千人次 and 近万份 are about 1000 and 10000; publicity material (宣传物料) is an other count;
- a channel only used (依托区门户网站, 充分发挥…网站作用, 利用…平台加大公开力度) is no platform work when nothing
  is done on it (rule 7);
- an oversight instrument the body made (制定完善的《…考核管理办法》) is assessment;
- 未因政府信息公开被提起行政复议、行政诉讼 is a zero review and a zero suit;
- the next point of a list printed as its headline alone at the end of an excerpt (…2、提高思想认识,…。\n3、加大监督)
  is a point, not a heading line; a heading with the wrong number, or one followed by its text, is not.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_an_open_day_held_in_a_sentence_of_published_items() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开\n全年依托开发区门户网站共发布各类公开信息1287条,涵盖动态信息、政府文件等内容;"
        "组织开展“5·15政务公开日”集中宣传活动,聚焦利企惠民政策进行政策知识宣传宣讲,活动共接待群众咨询近千人次,"
        "发放各类宣传物料近万份。\n"
        "(二)解读回应\n一年来,全市政府系统召开新闻发布会33场次,解读政策文件56个,开展1次“政府开放周”活动,向群众解读政策5000余人次。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [
        ("open_day", "组织开展“5·15政务公开日”集中宣传活动,聚焦利企惠民政策进行政策知识宣传宣讲,活动共接待群众咨询近千人次,"
                     "发放各类宣传物料近万份"),
        ("open_day", "开展1次“政府开放周”活动"),
    ]
    assert (1000, True) in [(f.value, f.approximate) for f in n.proactive_counts]
    assert [(f.value, f.approximate) for f in n.other_counts] == [(10000, True), (1, False)]  # (the open week held once)


def test_a_channel_only_used_is_no_platform_work() -> None:
    assert work_label("依托区门户网站", "overview.platforms") is None
    assert work_label("发挥研究所网站、微信公众号等信息公开平台作用,认真依规做好信息公开工作", "overview") is None
    # a measure on it, or another verb of work on it, still is
    assert work_label("依托县政府门户网站开设“政策解读”专栏", "overview") == ("platform", "website")
    assert work_label("依托县政府门户网站,优化栏目设置", "overview") == ("platform", "website")


def test_an_oversight_instrument_made_and_a_review_not_brought() -> None:
    assert work_label("2023年建立健全信息发布制度,制定完善的《北杜街道信息宣传发布考核管理办法》", "overview.oversight") == (
        "oversight", "assessment",
    )
    n = _rules("一、总体情况\n(二)依申请公开\n本年度未收到政府信息公开申请,未因政府信息公开被提起行政复议、行政诉讼。\n")
    assert sorted(f.quantity for f in n.review_litigation_counts) == ["行政复议", "行政诉讼"]


_FIVE = (
    "六、存在的问题和改进措施\n存在的问题和不足:\n一是主动公开的意识不够强;\n二是信息公开的实效性还有待提高。\n"
    "今后,我街道将从以下几个方面采取措施。\n1、及时发布信息,规范公开工作。健全政府信息公开工作各项机制。\n"
    "2、提高思想认识,加大宣传力度。通过培训增强公开意识。\n"
)


def test_a_last_point_printed_as_its_headline() -> None:
    n = _rules(_FIVE + "3、加大监督")
    assert [i.evidence.quote for i in n.improvements][-1] == "加大监督"
    assert len(_rules(_FIVE + "4、加大监督").improvements) == 2  # not the next number: no point of this list
