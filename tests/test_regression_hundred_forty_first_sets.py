"""Regressions found on the hundred-and-forty-first to hundred-and-forty-fifth unseen sets (U141–U145):

- a statement that nothing happened, told after the year (2022年,市卫生健康局无责任追究情况), shipped as oversight;
- a figure told as a running total after what it counts (…逐步屏蔽无效、过时信息,累计5500余条) was named 累计, a name
  that says nothing of what was counted."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_nothing_happened_after_the_year_is_no_oversight() -> None:
    n = rules_narrative("一、总体情况\n2022年,我局持续推进政务公开。2022年,市卫生健康局无责任追究情况。\n")
    assert n.oversight == []


def test_a_running_total_is_named_by_the_clause_before_it() -> None:
    n = rules_narrative("一、总体情况\n及时清理信息。删除与栏目要求不符的无关信息,逐步屏蔽无效、过时信息,累计5500余条。\n")
    assert [(f.quantity, f.value) for k in ("proactive_counts", "other_counts") for f in getattr(n, k)] == [
        ("逐步屏蔽无效、过时信息", 5500)
    ]
    # (a total after a figure of its own stays a total)
    n = rules_narrative("一、总体情况\n全年通过门户网站发布信息514条,总计2401条。\n")
    assert ("总计", 2401) in [(f.quantity, f.value) for f in n.proactive_counts]


def test_a_running_total_after_a_long_clause_takes_no_more_than_its_clause() -> None:
    # (no clause break within 40 characters before the total: the name is that window, never the text from its start)
    clause = "严格按照上级部门关于政府网站内容保障工作的统一要求逐步清理屏蔽栏目中已经失效以及过时的各类政务信息"
    n = rules_narrative(f"一、总体情况\n{clause},累计5500余条。\n")
    names = [f.quantity for k in ("proactive_counts", "other_counts") for f in getattr(n, k) if f.value == 5500]
    assert len(names) == 1 and len(names[0]) <= 40 and "总体情况" not in names[0]
