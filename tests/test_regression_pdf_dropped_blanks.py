"""A PDF text layer prints nothing for a blank cell: a row with fewer numbers than cells. Where the
numbers belong is never decided silently (reports break their own sums, and a blank makes a rule
inapplicable, not false): the row is flagged and the table's confidence drops."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document


def test_a_row_with_dropped_blanks_is_flagged() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 13 13\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n0 0 1 1 0 0 0 0\n五、存在的主要问题及改进情况\n"
    )
    report = parse_document(load_text(text))
    new = [c for c in report.cells if c.row == "new_received"]
    assert all("aligned_by_order" in c.flags for c in new)
    assert sorted(c.value for c in new if c.value is not None) == [13, 13]
    assert all("aligned_by_order" in c.flags or "missing" in c.flags for c in report.cells if c.table == "review_litigation")
    assert report.table_confidence["review_litigation"].confidence == 0
    assert any(w.code == "table_layout" and "table 四" in w.message for w in report.warnings)
