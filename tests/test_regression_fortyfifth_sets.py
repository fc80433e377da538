"""Regressions found on the forty-fifth to forty-seventh unseen sets (section 一 of towns, counties and provincial
offices; old-format reports with their problems part):

- a column launched a few words before its noun (推出了外事历程等反映外事工作成果图片纪实性栏目) is work on the site, as
  建设/开辟/打造 …专栏 were; 推出20期《…》栏目 are still episodes;
- bodies counted right before a count of people (40个部门60余人参加了…专题培训) are the scope of that count: the
  people are named by the words after them, not by the bodies; a count of documents of N bodies keeps its name
  (“履职依据”栏目归集20个部门文件223条);
- zero statements of old reports: the cost of reviews and suits (与行政复议、行政诉讼有关的费用支出:无) is no zero review or
  suit; 未接获…依申请公开诉求 is no application; a name keeps the word it cuts (依申请 → 依申请公开政府信息) and drops its
  enumerator ((三)公民、法人和其他组织的收费情况:无) and a closing 情况;
- problems enumerated by 一方面…;另一方面… are two; measures printed after such a list that point back at all the
  problems (2013年我们将针对存在的问题,加大…,利用…,加强…) are the section's measures, one per coordinated clause, and
  the goal they strive for (争取为群众…提供更加便捷的服务) is no measure of its own;
- channels: a site named without 站 (政府门户网, 宝坻政务网, 政府信息公开网) is the portal; the parts of a total listed in
  the next sentence (。其中…) share the medium named in the clauses leading to the total; the quoted name of an
  account (“番禺政府网”微信公众号) names no site.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules
from tests.conftest import rules_zeros as _zeros


def test_a_column_launched_a_few_words_before_its_noun() -> None:
    section = "overview.proactive_disclosure"
    assert work_label("结合外事侨务工作实际和社会公众需要,推出了外事历程等反映外事工作成果图片纪实性栏目", section) == ("platform", "website")
    assert work_label("及时回应社会关切,推出20期《问政平潭之有事您说》等相关栏目,直面社会各界群众提出的实际问题", section) is None


def _named(source: str) -> dict[float, str]:
    n = _rules(source)
    keys = ("proactive_counts", "platform_counts", "oversight_counts", "other_counts")
    return {f.value: f.quantity for k in keys for f in getattr(n, k)}


def test_bodies_counted_before_people_are_their_scope_not_their_name() -> None:
    names = _named("一、总体情况\n同时对重点领域工作人员做好政府信息公开培训,40个部门60余人参加了政务公开和政府信息公开工作专题培训。\n")
    assert names[60] == "参加了政务公开和政府信息公开工作专题培训"
    names = _named("一、总体情况\n(一)主动公开\n在门户网站“履职依据”栏目归集20个部门文件223条。\n")
    assert names[223].endswith("20个部门文件")



def test_zero_statements_of_old_reports() -> None:
    assert _zeros("一、概述\n四、政府信息公开收费与减免情况\n(二)与行政复议、行政诉讼有关的费用支出:无。\n(三)公民、法人和其他组织的收费情况:无。\n") == [
        ("公民、法人和其他组织的收费", 0)
    ]
    assert _zeros("一、总体情况\n(二)依申请公开。2024 年度,我镇未接获公民或法人的依申请公开诉求。\n") == [("接获公民或法人的依申请公开诉求", 0)]
    assert _zeros("一、概述\n2009年,我局没有接到群众提交的依申请公开政府信息。\n") == [("接到群众提交的依申请公开政府信息", 0)]
    assert _zeros("一、概述\n2020年,我办未收到政府信息公开申请,无依申请公开情况。\n")[-1] == ("依申请公开", 0)


def test_one_side_and_the_other_and_the_measures_after_them() -> None:
    n = _rules(
        "五、政府信息公开工作存在的主要问题及改进情况。\n一方面,工作机制方面还要进一步完善;另一方面,我街道信息公开面对社会宣传力度不够。"
        "2013年我们将针对存在的问题,加大信息公开力度,利用多种媒体和宣传渠道发布公开信息,提高村民对我街道有关信息的知晓率,"
        "加强政府信息公开工作人员的业务培训,提高工作能力和业务水平,推进我街道信息公开工作进一步高效化、规范化,争取为群众、企业提供更加便捷的服务。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["工作机制方面还要进一步完善", "我街道信息公开面对社会宣传力度不够"]
    measures = [m.evidence.quote for m in n.improvements]
    assert measures[:3] == [
        "加大信息公开力度",
        "利用多种媒体和宣传渠道发布公开信息,提高村民对我街道有关信息的知晓率",
        "加强政府信息公开工作人员的业务培训,提高工作能力和业务水平",
    ]
    assert not any(m.startswith("争取") for m in measures)


def _channels(source: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.channel) for f in _rules(source).proactive_counts]


def test_sites_named_without_zhan_parts_in_the_next_sentence_and_account_names() -> None:
    assert _channels("一、总体情况\n区政府办公室依托宝坻政务网着力加大民生领域信息公开力度,主动公开政府信息886条。\n") == [(886, "门户网站")]
    assert _channels("二、主动公开政府信息情况\n2014年,本局在南湖区政府信息公开网上主动公开政府信息307条,其中组织机构7条。\n") == [
        (307, "门户网站"), (7, "门户网站")
    ]
    assert _channels(
        "一、总体情况\n(一)主动公开。我镇多渠道搜集信息,于2024年通过张家川县政府网站、龙山镇政务公开子站等多元途径,对外发布政府信息99条。"
        "其中政务信息87条,机构人员信息3条。\n"
    ) == [(99, "门户网站"), (87, "门户网站"), (3, "门户网站")]
    assert _channels("一、总体情况\n(一)主动公开\n“番禺政府网”微信公众号推送各类信息750条。\n") == [(750, "微信公众号")]
