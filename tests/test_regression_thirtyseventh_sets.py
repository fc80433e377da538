"""Regressions found on the thirty-seventh and thirty-eighth unseen sets (section 一 of towns, street offices,
cities and departments):

- none of a kind happened (我镇没有责任追究的情形) is an outcome, no accountability;
- being supervised and assessed by others (接受人民群众的社会监督及评议) is nothing the body does;
- a site's total visits (访问总量达68万多次) are an audience figure, not a count;
- a site's search (完善政务公开信息检索) is a platform, and improving its columns or functions (优化公开专栏分类) is a
  concrete measure, also in a sentence that counts what was published.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_outcomes_and_being_supervised_are_no_oversight() -> None:
    assert work_label("2022年,我镇没有责任追究的情形", "overview") is None
    assert work_label("2025年我镇政府信息公开工作有条不紊向前推进,接受人民群众的社会监督及评议", "overview") is None
    assert work_label("定期开展信息公开自查,接受上级部门的指导和督促", "overview") == ("oversight", "assessment")


def test_total_visits_are_an_audience_figure() -> None:
    n = _rules("一、总体情况\n(一)主动公开情况\n农高区网站全年发布信息500余条,推出3个专题专栏,访问总量达68万多次。\n")
    assert 680000 not in [f.value for f in n.proactive_counts + n.other_counts + n.platform_counts]
    assert 500 in [f.value for f in n.proactive_counts]


def test_search_and_columns_improved() -> None:
    assert (work_label("完善政务公开信息检索,方便群众查阅下载", "overview.platforms") or ("",))[0] == "platform"
    sentence = "以政府门户网站为核心阵地,优化公开专栏分类,累计公开政务公开信息68条、工作动态信息133条"
    assert work_label(sentence, "overview.proactive_disclosure") == ("platform", "website")
