"""Issue 12, class 3: a PDF->markdown conversion lifts a wrapped cell ('18(其中修订5件)') out of the
table and prints it before the table; its row keeps one value too few. The cell goes back into its
row (by the sum rules in table 三, by the narrative and the priors in table 二), flagged; values are
never shifted into the wrong columns silently."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document

_APPS = """三、收到和处理政府信息公开申请情况
{lifted}
| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 30 | 0 | 0 | 0 | 0 | 31 |
| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| (一)予以公开 | 20 | 1 | 0 | 0 | 0 | 0 | 21 |
| (二)部分公开 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |
| (七)总计 | 30 | 1 | 0 | 0 | 0 | 0 | 31 |
| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
四、政府信息公开行政复议、行政诉讼情况
"""


def _cells(text: str, table: str, row: str) -> dict[str, tuple[object, list[str]]]:
    report = parse_document(load_text(text))
    return {c.column: (c.value, c.flags) for c in report.cells if c.table == table and c.row == row}


def test_a_lifted_cell_of_table_three_goes_back_where_the_sums_hold() -> None:
    cells = _cells(_APPS.format(lifted="1(含转办1件)"), "applications", "new_received")
    assert [v for v, _ in cells.values()] == [30, 1, 0, 0, 0, 0, 31]
    assert cells["commercial"][1] == ["recovered_detached"]


def test_a_lifted_cell_of_table_two_is_placed_by_the_narrative_and_flagged() -> None:
    text = (
        "一、总体情况\n本年制发行政规范性文件18件。\n二、主动公开政府信息情况\n18(其中修订5件)\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 7 | 120 |\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    cells = _cells(text, "proactive", "normative_documents")
    assert {k: v for k, (v, _) in cells.items()} == {"issued": 18, "repealed": 7, "in_force": 120}
    assert "recovered_detached" in cells["issued"][1]
    assert all("ambiguous_split" in flags for _, flags in cells.values())  # the priors, not a sum, decided


def test_without_a_lifted_cell_a_short_row_is_flagged_not_shifted_silently() -> None:
    cells = _cells(_APPS.format(lifted=""), "applications", "new_received")
    assert all(flags for _, flags in cells.values())
