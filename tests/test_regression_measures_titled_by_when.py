"""Regression: the measures' part of 五 titled by when the measures come (（二）下一步改进措施, 下阶段工作计划,
新的一年工作打算, 下一步的工作打算) was no measures heading inside 五, though the same words title a section 五 of
their own, so every measure under it was lost (U-set dev520k's 2010 report lost one). The title is spelled once
now, ``segment.MEASURES_TITLE``, for both."""

from __future__ import annotations

import pytest

try:
    from tests.conftest import rules_narrative
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]


@pytest.mark.parametrize(
    "heading",
    ["（二）下一步改进措施\n", "2.下一步改进措施\n", "二、下阶段工作计划\n", "（二）新的一年工作打算：", "下一步的工作打算\n"],
)
def test_measures_under_a_heading_that_says_when(heading: str) -> None:
    source = (
        "一、总体情况\n2024年，本局认真做好政府信息公开工作。\n"
        "五、存在的主要问题及改进情况\n（一）存在的主要问题\n网站栏目内容更新不够及时，信息公开的主动性有待提高。\n"
        f"{heading}加大政府信息公开力度，充分利用政府网站发布信息。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    n = rules_narrative(source)
    assert [i.text for i in n.problems] == ["网站栏目内容更新不够及时", "信息公开的主动性有待提高"]
    assert [i.text for i in n.improvements] == ["加大政府信息公开力度", "充分利用政府网站发布信息"]
