"""Regression: a point titled by the platform it works on (保障政府网站。严格落实…读网制度,全面加强网站监管…;
加强政府网站建设。切实履行政府网站监管责任,明确…责任人; 监管政务新媒体。…安排专人负责,强化政务新媒体监管…) was
dropped as institution building (专人负责, 责任人) or read as nothing; labelers count the whole point as platform work of
the kind the title names (U56 lost five such items at its first look; three older sets one each)."""

from __future__ import annotations

from extractor.narrative.rules import work_label


def test_a_point_titled_by_its_platform_is_platform_work() -> None:
    section = "overview.platforms"
    assert work_label("加强政府网站建设。切实履行政府网站监管责任,明确政务公开分管领导和责任人", section) == ("platform", "website")
    assert work_label("监管政务新媒体。立足岗位职责,安排专人负责,强化政务新媒体监管,持续督促相关部门单位更新信息", section) == (
        "platform",
        "new_media",
    )
    assert work_label("用好“两微”平台。我局运用“法治绥阳”微信公众号、“绥阳司法”微博号等媒介,做好信息发布", section) == (
        "platform",
        "new_media",
    )


def test_a_title_that_names_no_platform_decides_nothing() -> None:
    assert work_label("加强组织领导。成立了政务公开工作领导小组,明确专人负责", "overview") is None


def test_a_title_run_on_with_a_comma_names_a_concrete_platform() -> None:
    assert work_label("加强政府网站建设,明确党政综合办专人负责,落实网站栏目责任编辑制度和信息保密制度", "overview.platforms") == (
        "platform",
        "website",
    )
    assert work_label("加强信息公开平台建设,发挥各类信息公开渠道的作用", "overview") is None  # a bare 平台: generic
    assert work_label("加强政务新媒体建设,“丰都教育”微信订阅号关注用户达7.58万人,全年发布信息216条", "overview") is None  # counts
