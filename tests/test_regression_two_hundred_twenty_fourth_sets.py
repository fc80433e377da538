"""Regressions found on the two-hundred-and-twenty-fourth to two-hundred-and-twenty-sixth unseen sets (U224–U226):
letters counted in 封 (市长信箱来信19封) not read, and kinds of oversight joined at a comma (…纳入绩效考评方案中,严格实行目标
考核,实施责任追究) read as one item."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_letters_counted_in_feng() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年办理市长信箱来信19封、主任信箱来信34封,均按时答复。\n")
    assert [f.value for f in n.all_counts()] == [19, 34]


def test_kinds_of_oversight_joined_at_a_comma_are_items_of_their_own() -> None:
    n = rules_narrative(
        "一、总体情况\n(五)监督保障\n将政府信息公开工作情况纳入年度绩效考评方案中,严格实行目标考核,实施责任追究。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.oversight] == [
        ("assessment", "将政府信息公开工作情况纳入年度绩效考评方案中,严格实行目标考核"),
        ("accountability", "实施责任追究"),
    ]
