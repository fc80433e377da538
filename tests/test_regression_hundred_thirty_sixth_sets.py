"""Regressions found on the hundred-and-thirty-sixth to hundred-and-fortieth unseen sets (U136–U140):

- how a platform stands or what it brought read as work on it: a site becoming something (门户网站正在逐步成为…), the
  new site described (新版网站更加突出…; 新的青岛市林业网设置7大板块…), what a launch brought (…上线后,公众参与度明显
  提高) and a site's audience (目前,网站的日平均访问量实现8000人次); and an account opened in an earlier year named
  with its date (局微信订阅号于2016年9月开通,目前关注人数90519人);
- audience and reach figures read as counts: 点播量, 分享, 评论, 覆盖…人次, 注册会员; and the one leader named for
  a duty (明确1名分管副区长为组长)."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_how_a_platform_stands_is_no_work_on_it() -> None:
    for sentence in (
        "厅交通运输门户网站正在逐步成为人们了解交通工作动态,查阅交通信息,指引公众办事的重要窗口",
        "新版网站更加突出信息公开的及时性、有效性、准确性,栏目内容得以丰富,办事查询手段更加多样",
        "新的青岛市林业网设置7大板块,35个栏目,6个专题专栏,1个热点专栏",
        "新版网站及客户端上线后,公众参与度明显提高,省厅的信息公开服务能力也得以大幅提升",
        "目前,网站的日平均访问量实现8000人次,注册会员800余人",
        "局微信订阅号于2016年9月开通,目前关注人数90519人,2025年推送信息458条",
    ):
        assert rules_narrative(f"一、总体情况\n2020年,我局持续推进政务公开。{sentence}。\n").platform_work == [], sentence
    # (an account opened this year, told with its audience, stays work on it)
    n = rules_narrative("一、总体情况\n2020年,我局持续推进政务公开。2019年我厅充分利用新媒体宣传优势,开通了微信公众号,目前订阅数已超过500。\n")
    assert [w.kind for w in n.platform_work] == ["new_media"]


def test_audience_figures_and_a_leader_named_are_no_counts() -> None:
    n = rules_narrative(
        "一、总体情况\n2024年,“西区发布”微信公众号公开政府信息1884篇,阅读数超31万次,分享超6.7万次,群众评论超80次。"
        "播发《民和新闻》256期,总点播量达9902.4万次。开展线下政策宣传17场次,共覆盖700多人次。网站注册会员800余人。"
        "明确1名分管副区长为组长。\n"
    )
    values = sorted(f.value for k in ("proactive_counts", "platform_counts", "other_counts") for f in getattr(n, k))
    assert values == [17, 256, 1884]
