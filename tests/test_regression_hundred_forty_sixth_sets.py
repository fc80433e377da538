"""Regressions found on the hundred-and-forty-sixth to hundred-and-fiftieth unseen sets (U146–U150): the parts of the
report listed after 全文共包括 and ending with the appendix (…、存在问题及工作打算、附表七个部分) and an account's users
(用户总数已逾2万人: an audience figure) were counts."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_the_report_s_parts_and_an_account_s_users_are_no_counts() -> None:
    n = rules_narrative(
        "全文共包括基本工作情况、主动公开政府信息情况、依申请公开政府信息情况、行政复议和诉讼情况、收费和减免情况、存在问题及工作打算、"
        "附表七个部分。\n一、基本工作情况\n“滦平教育”微信公众号全年发布信息800多条,用户总数已逾2万人。\n"
    )
    values = [f.value for k in ("proactive_counts", "platform_counts", "other_counts") for f in getattr(n, k)]
    assert values == [800]
