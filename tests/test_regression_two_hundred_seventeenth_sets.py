"""Regressions found on the two-hundred-and-seventeenth unseen set and after (U217–): an inspection named in a list of
what is published (…均衡发展督导评估认定工作开展情况、…等应公示信息都已经依法公开) read as an assessment held."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_an_inspection_named_in_a_list_of_published_items_is_none_held() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开\n学校办学条件改善情况、教育督导评估认定工作开展情况、招生入学政策、机构职能等应公示信息都已经依法公开。\n"
    )
    assert n.oversight == []
