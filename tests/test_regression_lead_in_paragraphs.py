"""Regression: section 五 whose parts are led into by sentences instead of sub-headings (found rendering every
labeled section 五 that way). A lead-in on a line of its own (主要存在以下问题：\\n…) shipped as a problem, and the
problems after it as one item; a problem line without a full stop, then 针对以上问题，下一步… on the next line, read
as a measure (the turn was looked for across the line break); 主要表现在 after the lead-in's colon stayed in the item;
a lead-in with nothing after it (an excerpt cut there) shipped as a problem."""

from __future__ import annotations

import pytest

try:
    from tests.conftest import rules_narrative
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]

MEASURES = "一是统一认识，努力规范工作流程；二是加强业务培训。"


def _five(body: str) -> tuple[list[str], list[str]]:
    source = (
        "一、总体情况\n2024年，本局认真做好政府信息公开工作。\n五、存在的主要问题及改进情况\n" + body + "\n六、其他需要报告的事项\n无。\n"
    )
    n = rules_narrative(source)
    return [i.text for i in n.problems], [i.text for i in n.improvements]


@pytest.mark.parametrize(
    "lead", ["主要存在以下问题：", "我们的工作与群众的期待相比还有一定差距，主要表现在：", "目前，我局政府信息公开工作还存在一些不足："]
)
def test_a_lead_in_on_its_own_line_is_no_problem(lead: str) -> None:
    body = f"{lead}\n信息更新还不够及时，信息来源单一。\n下一步，我局将采取以下措施加以改进：\n{MEASURES}"
    assert _five(body) == (["信息更新还不够及时", "信息来源单一"], ["统一认识，努力规范工作流程", "加强业务培训"])


def test_a_problem_without_a_full_stop_before_the_turn_to_the_measures() -> None:
    body = (
        "目前，我局政府信息公开工作还存在一些不足：\n\n  政府信息更新的维护机制有待进一步加强\n\n"
        "  针对以上问题，下一步我们将重点做好以下工作：\n\n  进一步完善政府信息公开体制机制建设，加强对政府信息公开工作的管理。"
    )
    problems, measures = _five(body)
    assert problems == ["政府信息更新的维护机制有待进一步加强"]
    assert measures == ["进一步完善政府信息公开体制机制建设", "加强对政府信息公开工作的管理"]


def test_shown_in_after_the_lead_ins_colon() -> None:
    body = (
        "目前，我局政府信息公开工作还存在一些不足：2023年，我局主要表现在信息公开的时效性上还需进一步提高。\n"
        "下一步，我局将采取以下措施加以改进：\n" + MEASURES
    )
    assert _five(body)[0] == ["信息公开的时效性上还需进一步提高"]


def test_a_lead_in_with_nothing_after_it_is_no_problem() -> None:
    """(an excerpt cut after its lead-in)"""
    assert _five("主要存在以下问题：") == ([], [])
