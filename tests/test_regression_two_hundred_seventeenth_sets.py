"""Regressions found on the two-hundred-and-seventeenth to two-hundred-and-twentieth unseen sets (U217–U220): an
inspection named in a list of what is published (…均衡发展督导评估认定工作开展情况、…等应公示信息都已经依法公开) read as
an assessment held; a problem named by 存在…的问题 across a PDF wrap between 的 and 问题 read as the whole sentence."""

from __future__ import annotations

from tests.conftest import rules_narrative

_HEAD_FIVE = "一、总体情况\n全年主动公开信息120条。\n五、存在的主要问题及改进情况\n"


def test_an_inspection_named_in_a_list_of_published_items_is_none_held() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开\n学校办学条件改善情况、教育督导评估认定工作开展情况、招生入学政策、机构职能等应公示信息都已经依法公开。\n"
    )
    assert n.oversight == []


def test_a_problem_named_across_a_pdf_wrap_before_wenti() -> None:
    n = rules_narrative(
        _HEAD_FIVE + "2019年,总队政府信息公开工作主要存在主动公开信息深度不够的\n问题。下一步,总队将进一步健全工作机制。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["主动公开信息深度不够"]
