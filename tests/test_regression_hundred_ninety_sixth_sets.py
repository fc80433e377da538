"""Regressions found on the hundred-and-ninety-sixth to two-hundredth unseen sets (U196–U200): a rank counted as a
figure (对在门户网站发布政府信息数量前10位…的单位进行了表扬)."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_a_rank_is_no_figure() -> None:
    n = rules_narrative(
        "一、总体情况\n全年发布信息300条。定期对各单位政府信息公开工作进行了通报,对在门户网站发布政府信息数量前10位、"
        "网站群众来信办结量前10位的单位进行了表扬。\n"
    )
    assert [f.value for f in n.all_counts()] == [300]
