"""Regressions found by rendering the labeled sets' sections 五 as pages whose line breaks were lost: the next
numbered point run on after a point printed without a full stop (…有待拓展2.部分信息…) was read as part of it,
and the date the report was signed or the page's own links (【打印本页】【关闭本页】) as part of the last measure."""

from __future__ import annotations

from tests.conftest import rules_narrative

_HEAD = "一、总体情况\n全年发布信息120条。\n五、存在的主要问题及改进情况\n"


def test_a_numbered_point_run_on_after_the_last_starts_a_point() -> None:
    n = rules_narrative(
        _HEAD + "(一)存在的问题1.信息公开载体较少,公开形式有待丰富2.部分栏目信息更新较慢。"
        "(二)改进措施1.加强业务学习,提升工作人员业务水平。2.落实专人负责,定期更新栏目内容。"
    )
    assert [p.evidence.quote for p in n.problems] == ["信息公开载体较少,公开形式有待丰富", "部分栏目信息更新较慢"]
    assert [m.evidence.quote for m in n.improvements] == ["加强业务学习,提升工作人员业务水平", "落实专人负责,定期更新栏目内容"]


def test_a_figure_inside_a_point_is_no_enumerator() -> None:
    n = rules_narrative(_HEAD + "存在的问题:1.公开内容不够全面,全年仅更新2.5万字。2.解读形式单一。")
    assert [p.evidence.quote for p in n.problems] == ["公开内容不够全面,全年仅更新2.5万字", "解读形式单一"]


def test_the_date_and_page_links_after_the_last_measure_are_not_part_of_it() -> None:
    for tail in ["某某县统计局2023年1月20日", "||【打印本页】 【关闭本页】 |"]:
        n = rules_narrative(_HEAD + "主要问题:一是信息公开意识不强。二是队伍不稳定。改进措施:一是加强培训。二是拓宽公开渠道。" + tail)
        assert [m.evidence.quote for m in n.improvements] == ["加强培训", "拓宽公开渠道"], tail
