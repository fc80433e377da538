"""Regressions found on the forty-fifth to forty-seventh unseen sets (section 一 of towns, counties and provincial
offices; old-format reports with their problems part):

- a column launched a few words before its noun (推出了外事历程等反映外事工作成果图片纪实性栏目) is work on the site, as
  建设/开辟/打造 …专栏 were; 推出20期《…》栏目 are still episodes;
- bodies counted right before a count of people (40个部门60余人参加了…专题培训) are the scope of that count: the
  people are named by the words after them, not by the bodies; a count of documents of N bodies keeps its name
  (“履职依据”栏目归集20个部门文件223条).
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


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
