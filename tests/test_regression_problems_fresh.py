"""Regressions found on a fresh set of unseen reports: section 五 in an old template, and problems joined by
commas inside a semicolon list."""

from __future__ import annotations

from extractor.narrative.items import flat, problem_points
from extractor.normalize import normalize
from extractor.segment import find_sections


def _items(source: str) -> list[tuple[str | None, str]]:
    text = normalize(source).text
    five = next(s for s in find_sections(text) if s.key == "problems")
    return [(p.part, flat(text[p.start : p.end])) for p in problem_points(text, five)]


def test_an_old_template_section_that_names_the_measures_taken_first() -> None:
    """四、…主要措施、存在的主要问题及下一步工作打算: the section is 五's; (一)主要措施 is this year's work."""
    items = _items(
        "三、政府信息公开的收费及减免情况\n无。\n"
        "四、政府信息公开工作的主要措施、存在的主要问题及下一步工作打算\n"
        "(一)主要措施\n一是自上而下全面强化领导,聚力做好政府信息公开工作。二是进一步建立健全工作制度和机制。\n"
        "(二)存在的主要问题:一是各科室对政府信息公开的认识不足,报送信息不够及时;二是信息公开数量有待提高。\n"
        "(三)下一步工作打算:一是加大政府信息公开宣传培训力度。\n"
    )
    assert items == [
        ("problems", "各科室对政府信息公开的认识不足,报送信息不够及时"),
        ("problems", "信息公开数量有待提高"),
        ("improvements", "加大政府信息公开宣传培训力度"),
    ]


def test_problems_joined_by_commas_inside_a_semicolon_list() -> None:
    items = _items(
        "五、存在的主要问题及下一步计划\n"
        "仍存在一些问题,表现为对《新条例》的学习理解有待深化,网站建设和综合服务能力有待进一步加强;"
        "“五公开”程度不够深入,公开的内容过于“动态化”。\n"
    )
    assert [t for k, t in items if k == "problems"] == [
        "对《新条例》的学习理解有待深化", "网站建设和综合服务能力有待进一步加强", "“五公开”程度不够深入", "公开的内容过于“动态化”",
    ]
