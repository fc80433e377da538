"""Regressions found on unseen reports: platform work and oversight points (section 一)."""

from __future__ import annotations

from extractor.narrative.items import flat, work_points
from extractor.narrative.rules import work_label
from extractor.normalize import normalize
from extractor.segment import find_sections


def _points(source: str) -> list[tuple[str, tuple[str, str] | None]]:
    text = normalize(source).text
    return [
        (flat(text[p.start : p.end]), work_label(flat(text[p.start : p.end]), p.section))
        for p in work_points(text, find_sections(text))
    ]


def _double_spaced(lines: list[str]) -> str:
    return "\n\n".join("               " + line for line in lines)


def test_double_spaced_pdf_lines_join_across_blank_lines() -> None:
    """A PDF converter that prints a blank line after every line: a sentence cut by the wrap is one point."""
    body = _double_spaced(
        [
            "一、总体情况",
            "(四)政府信息平台建设",
            "一是完善政府网站功能建设,完成网站整体升级改造,优化",
            "栏目设置和页面布局,实现网站无障碍浏览。二是",
            "强化门户网站日常管理。建立政府网站日常监测机制,定期对政",
            "府网站进行人工巡查,对政府网站进行全面实时监测,保",
            "障政府网站安全稳定运行。",
            "(五)监督保障",
            "一是定期召开全区政务公开培训会,提高工作效率。二是将工作",
            "纳入部门年度综合考核中。",
        ]
    )
    points = _points(body)
    texts = [t for t, _ in points]
    assert any(
        t.startswith("强化门户网站日常管理") and t.endswith("保障政府网站安全稳定运行") for t in texts
    ), texts
    assert not any(t.startswith(("行全面", "障政府")) for t in texts), (
        texts
    )  # no point starts inside a sentence
    assert all("(五)" not in t and "监督保障" not in t for t in texts), (
        texts
    )  # a heading ends the points above it


def test_a_numbered_heading_on_its_own_line_ends_the_last_point_of_a_list() -> None:
    text = "一、总体情况\n(三)政府信息管理\n一是加强信息安全管理。二是规范信息发布程序。\n(四)政府信息平台建设\n一是开设政策解读专栏。二是完成网站改版。\n"
    texts = [t for t, _ in _points(text)]
    assert "规范信息发布程序" in texts, texts


def test_updating_what_a_website_shows_is_publishing_not_platform_work() -> None:
    assert work_label("及时更新机构职能、预算/决算、履职依据等各栏目信息", "overview.platforms") is None
    assert work_label("通过政务公开网站,依法公开工作职能、机构设置、办公地址等信息", "overview") is None
    assert work_label("通过政府信息公开专栏,政府官网等渠道主动公开重点领域信息109条", "overview") is None


def test_maintaining_a_column_is_platform_work_even_with_a_person_named_for_it() -> None:
    assert work_label("认真做好公开专栏的运营监管工作,指定专人负责更新维护", "overview.platforms") == (
        "platform",
        "website",
    )
    assert work_label("开设政策解读专栏,集中发布解读材料", "overview.platforms") == ("platform", "website")


def test_a_sub_heading_ending_in_qingkuang_is_not_part_of_its_first_point() -> None:
    text = "一、总体情况\n(四)政府信息公开平台建设情况\n认真做好信息公开平台建设,开设乡村振兴专栏。\n"
    sub = [part for section in find_sections(normalize(text).text) for part in section.subsections]
    texts = [t for t, _ in _points(text)]
    assert all(not t.startswith("情况") for t in texts), texts
    assert [(s.key, s.title) for s in sub] == [("overview.platforms", "政府信息公开平台建设情况")]


def test_a_section_one_titled_zongti_gaikuang_is_the_overview() -> None:
    text = "一、总体概况\n(一)主动公开情况\n公开信息10条。\n(四)政府信息公开平台建设\n进一步优化公开栏目设置。\n"
    (overview,) = [s for s in find_sections(text) if s.key == "overview"]
    assert [s.key for s in overview.subsections] == ["overview.proactive_disclosure", "overview.platforms"]
