"""Regressions found on the hundred-and-eighty-first to hundred-and-eighty-fifth unseen sets (U181–U185): platform
work read in how a platform stands (…现已形成以…为主体,以…为载体,…的信息公开格局; 目前新版政府网站群已实现整体上线运行
并被…联盟评为…) and in work done through a channel (依托…网站、…公众号等平台开展; 通过…管理平台开展…系列主题宣传)."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_how_a_platform_stands_is_no_work() -> None:
    for sentence in (
        "市教育局现已形成以抚顺教育网为主体,以窗口公开、新媒体公开、网络公开为载体,信息发布、资源共享的信息公开格局",
        "目前新版政府网站群已实现整体上线运行并被辽宁省网络安全保障工作联盟评为全省5个“优秀建设案例”之一",
    ):
        n = rules_narrative(f"一、总体情况\n(四)平台建设\n{sentence}。\n")
        assert n.platform_work == [], sentence


def test_work_done_through_a_channel_is_no_work_on_it() -> None:
    for sentence in (
        "我局政府信息公开工作依托揭阳市榕城区人民政府政务公开网站、“揭阳医保”微信公众号等平台开展",
        "通过浙江省政务新媒体管理平台开展“劳动新实践”、“双减进行时”等系列主题宣传,传递教育之声",
    ):
        n = rules_narrative(f"一、总体情况\n(一)主动公开\n全年发布信息300条。{sentence}。\n")
        assert n.platform_work == [], sentence
    # (a platform worked on stays work)
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年发布信息300条。依托门户网站开设“政策解读”专栏。\n")
    assert [w.kind for w in n.platform_work] == ["website"]
