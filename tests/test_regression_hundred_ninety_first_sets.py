"""Regressions found on the hundred-and-ninety-first to hundred-and-ninety-fifth unseen sets (U191–U195): a gazette
issued in one piece of a sentence that reports what went out (…;通过政务新媒体公开信息1800余条;出版《政府公报》3期,公开
信息96条) not read, and a column set up under a quoted name ending in 栏目 (设置“新冠疫情防控专题栏目”) read as no platform."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_a_gazette_issued_in_a_piece_of_a_sentence_of_counts() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开方面。及时、准确、全面公开政府信息3800余条。其中通过政府网站公开政府信息2000余条;"
        "通过政务新媒体公开信息1800余条;出版《政府公报》3期,公开信息96条。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [("gazette", "出版《政府公报》3期,公开信息96条")]


def test_a_column_under_a_quoted_name_ending_in_lanmu() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n设置“新冠疫情防控专题栏目”,累计发布各类疫情防控信息106条。\n")
    assert [w.kind for w in n.platform_work] == ["website"]
