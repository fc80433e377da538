"""Regressions found on the hundred-and-eighty-sixth to hundred-and-ninetieth unseen sets (U186–U190): a zero fee said
as no charge levied on applications (未对政府信息公开申请实施收费) not read."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_no_charge_levied_on_applications_is_a_zero_fee() -> None:
    n = rules_narrative(
        "一、总体情况\n2020年,县教育体育局尚未受理依申请公开的政府信息,未对政府信息公开申请实施收费,"
        "没有因政府信息公开而提起的行政复议。\n"
    )
    assert [(f.value, f.unit) for f in n.fees] == [(0, "元")]
