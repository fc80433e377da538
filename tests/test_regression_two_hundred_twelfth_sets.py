"""Regressions found on the two-hundred-and-twelfth to two-hundred-and-sixteenth unseen sets (U212–U216): a numbered
title without a full stop shipped with the next line's enumerator as an item of its own ((一)加强网站建设运营,…作用
\\n一是); a site's search function improved, a topic page made (设计制作“…”专题页面) and an open day the public was
invited to (…政务开放日活动,…邀请…市民代表等23人) not read as platform work; a bulletin of figures
(生态环境状况公报) read as a gazette."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_a_title_and_the_next_lines_enumerator_are_no_item() -> None:
    n = rules_narrative(
        "一、总体情况\n全区政务公开水平进一步提升。\n(一)加强网站建设运营,强化政府门户网站第一平台作用\n"
        "一是整合政府网站信息资源,建设全区统一的政府网站群。二是规划和升级改造网站,提升网站服务水平。\n"
    )
    quotes = [w.evidence.quote for w in n.platform_work]
    assert not any(q.endswith("一是") for q in quotes), quotes
    assert quotes == ["整合政府网站信息资源,建设全区统一的政府网站群", "规划和升级改造网站,提升网站服务水平"]


def test_a_search_function_improved_is_website_work() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n根据社会公众的需求,进一步优化智能检索功能,便于公众查询。\n")
    assert [w.kind for w in n.platform_work] == ["website"]


def test_a_topic_page_made_is_website_work() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n设计制作“县政府常务会议”专题页面,公开会议主要议题、新闻视频等信息。\n")
    assert [w.kind for w in n.platform_work] == ["website"]


def test_an_open_day_the_public_was_invited_to() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n高度重视政务开放日活动,今年5月15日,邀请人大代表、市民代表等18人,通过座谈交流等方式听取意见。\n")
    assert [w.kind for w in n.platform_work] == ["open_day"]


def test_a_bulletin_of_figures_is_no_gazette() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开\n1.及时、规范发布各类环境质量状况信息。按月发布各区空气质量排名,发布本市生态环境状况公报和水资源公报。\n"
        "2.准确发布机关职能、机构设置等信息。\n"
    )
    assert n.platform_work == []
