"""Regressions found on the hundred-and-fifty-first to hundred-and-fifty-fifth unseen sets (U151–U155): oversight
read in a statement that nobody was held to account (我局及相关个人未因政务公开被责任追究), in published items of a kind
counted (…业绩考核信息21条) and in secrets looked for in what is published (加强对涉密信息的检查)."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_no_oversight_where_none_was_held() -> None:
    for sentence in (
        "2024年度,我局及相关个人未因政务公开被责任追究",
        "主动公开国有企业财务、企业管理、财务指标、业绩考核信息21条,金融市场监管信息55条",
        "按照“控制源头、加强检查、明确责任、落实制度”的原则,加强对涉密信息的检查",
    ):
        assert rules_narrative(f"一、总体情况\n2024年,我局持续推进政务公开。{sentence}。\n").oversight == [], sentence
    # (a check of the units held stays one)
    n = rules_narrative("一、总体情况\n2024年,我局持续推进政务公开。定期对各县(市、区)局政府信息公开工作开展监督检查。\n")
    assert [w.kind for w in n.oversight] == ["assessment"]
