"""Regressions found in this stop's work on the two-hundred-and-ninety-sixth and later unseen sets (U296 onwards):
the words of each platform kind were listed twice, once for the kind the rules give (rules.platform_kind) and once
for the kind check (support.check_kind), and the check did not know the rules' words, so an item the rules named by
one of them (持续完善“政府规章库”…, 融合部门内容和服务,开设…九大民生领域专题 kept by 融合) was refused its own kind
and the classifier could not add it."""

from __future__ import annotations

import pytest

from extractor.narrative.rules import platform_kind
from extractor.narrative.support import GENERAL_KIND_WORDS, check_kind
from extractor.narrative.work_classifier import added_kind


@pytest.mark.parametrize(("word", "kind"), GENERAL_KIND_WORDS)
def test_every_word_the_rules_name_a_kind_by_passes_the_kind_check(word: str, kind: str) -> None:
    body = f"全年持续优化{word}相关工作"
    assert platform_kind(body) == kind
    assert check_kind(kind, body, platforms_part=False).ok


def test_an_item_named_by_a_library_of_rules_is_added_with_its_kind() -> None:
    # (dev590r: 持续完善“政府规章库”和“规范性文件统一公开平台”,以市政府…名义发布政府规章4部)
    body = "持续完善“政府规章库”和“规范性文件统一公开平台”,以市政府或市政府办公厅名义发布政府规章4部、行政规范性文件19件。"
    assert platform_kind(body) == "website"
    assert added_kind(body, platforms_part=True) == "website"


def test_the_kind_check_still_refuses_a_kind_the_words_do_not_name() -> None:
    assert not check_kind("new_media", "持续完善“政府规章库”", platforms_part=False).ok
    assert not check_kind("website", "加强政务新媒体融合发展", platforms_part=False).ok
