"""Issue 12, class 4: OCR markdown printing table 四 as one small table per group (a title row and a
header row per group): the three groups are read, by their titles."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document


def _group(title: str, cells: str) -> str:
    return f"| {title} | | | | |\n| --- | --- | --- | --- | --- |\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| {cells} |\n\n"


def _review(text: str) -> tuple[dict, list[str]]:
    report = parse_document(load_text("四、政府信息公开行政复议、行政诉讼情况\n" + text + "五、存在的主要问题及改进情况\n无。\n"))
    flags = sorted({f for c in report.cells for f in c.flags})
    return report.tables.review_litigation or {}, flags


def test_three_small_tables_in_the_order_of_the_form() -> None:
    review, flags = _review(
        _group("行政复议", "1 | 0 | 0 | 0 | 1") + _group("行政诉讼(未经复议直接起诉)", "0 | 2 | 0 | 1 | 3") + _group("行政诉讼(复议后起诉)", " |  |  |  | ")
    )
    assert review["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert review["litigation_direct"] == {"upheld": 0, "corrected": 2, "other": 0, "pending": 1, "total": 3}
    assert review["litigation_after_review"] == dict.fromkeys(("upheld", "corrected", "other", "pending", "total"))
    assert flags == []


def test_groups_printed_out_of_order_are_placed_by_their_titles() -> None:
    review, _ = _review(
        _group("复议后起诉", "0 | 0 | 0 | 0 | 0") + _group("行政复议", "1 | 0 | 0 | 0 | 1") + _group("未经复议直接起诉", "0 | 2 | 0 | 1 | 3")
    )
    assert review["review"]["total"] == 1 and review["litigation_direct"]["total"] == 3
    assert review["litigation_after_review"]["total"] == 0


def test_untitled_groups_are_taken_in_order_and_flagged() -> None:
    review, flags = _review("| 1 | 0 | 0 | 0 | 1 |\n\n| 0 | 2 | 0 | 1 | 3 |\n\n| 0 | 0 | 0 | 0 | 0 |\n")
    assert review["litigation_direct"]["total"] == 3
    assert flags == ["aligned_by_order"]
