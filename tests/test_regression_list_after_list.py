"""Regression: a problems part without heading that lists its problems inline (…不足:一是A;二是B。) and then
announces its measures in a list of another family on the lines after (为此,我们将采取以下措施积极改进。\\n(一)…\\n(二)…)
shipped the announcement as the one measure and lost the list: the turn was read as inside the first list (its
last point turning), so the second list became part of nothing. A list of another family opening a paragraph
after the turn now ends the first list there."""

from __future__ import annotations

from tests.conftest import rules_narrative

_PROBLEMS = "目前,我市政府信息公开工作还存在一些不足:一是一些部门主动公开政府信息的意识仍需进一步加强;二是政府信息公开的内容有待进一步规范。"


def test_the_measures_listed_after_an_inline_list_of_problems() -> None:
    n = rules_narrative(_PROBLEMS + "为此,我们将采取以下措施积极改进。\n(一)继续加强政府信息公开配套制度建设。\n(二)加强业务培训。\n")
    assert [p.evidence.quote for p in n.problems] == ["一些部门主动公开政府信息的意识仍需进一步加强", "政府信息公开的内容有待进一步规范"]
    assert [m.evidence.quote for m in n.improvements] == ["继续加强政府信息公开配套制度建设", "加强业务培训"]


def test_a_point_that_turns_inside_its_own_list_still_holds_both() -> None:
    # the guard: the turn inside the last point of one list (no list after it) stays that point's measure
    n = rules_narrative(
        "五、存在的主要问题及改进情况\n一是信息公开意识有待加强。二是公开内容不够全面。下一步,我局将进一步加强培训,提高公开质量。\n"
    )
    assert len(n.problems) == 2 and [m.evidence.quote for m in n.improvements] == ["下一步,我局将进一步加强培训,提高公开质量"]
