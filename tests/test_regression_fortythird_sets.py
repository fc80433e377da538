"""Regressions found on the forty-third and forty-fourth unseen sets: a work item that ends with the clause leading
into the list after it (…印发了《…考核办法》,…,主要开展了以下几个方面的工作:) shipped a lead-in as part of an item;
the lead-in is cut, the measure stays."""

from __future__ import annotations

from tests.conftest import rules_narrative as _rules


def test_a_lead_in_is_no_part_of_the_item_before_the_list() -> None:
    n = _rules(
        "一、总体情况\n根据往年湖北省政务公开工作要点,我市认真贯彻落实《条例》,印发了《大冶市政务公开工作考核办法》,围绕经济社会发展,"
        "深入推进政务公开,主要开展了以下几个方面的工作:\n(一)主动公开。2024年开设专题专栏6个。\n"
    )
    quotes = [w.evidence.quote for w in n.oversight]
    assert len(quotes) == 1 and quotes[0].endswith("深入推进政务公开") and "以下" not in quotes[0]
