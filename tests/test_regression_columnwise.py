"""Issue 12, class 7: PDF text that lists the row labels, then the numbers column by column (all the
自然人 values of the page, then all the 商业企业 values …): every row is read, flagged."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document

_PAGE_1 = {
    "一、本年新收政府信息公开申请数量": [12, 1, 0, 0, 2, 0, 15],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0, 1],
    "(一)予以公开": [6, 1, 0, 0, 1, 0, 8],
}
_PAGE_2 = {"(七)总计": [13, 1, 0, 0, 2, 0, 16], "四、结转下年度继续办理": [0, 0, 0, 0, 0, 0, 0]}


def _page(rows: dict[str, list[int]], by_column: bool) -> list[str]:
    values = [str(row[c]) for c in range(7) for row in rows.values()] if by_column else [str(v) for row in rows.values() for v in row]
    return [*rows, *values]


def _parse(by_column: bool) -> tuple[dict, set[str]]:
    lines = ["三、收到和处理政府信息公开申请情况", *_page(_PAGE_1, by_column), "- 5 -", *_page(_PAGE_2, by_column), "四、政府信息公开行政复议、行政诉讼情况"]
    report = parse_document(load_text("\n".join(lines) + "\n"))
    return report.tables.applications or {}, {f for c in report.cells for f in c.flags}


def test_numbers_listed_column_by_column() -> None:
    apps, flags = _parse(by_column=True)
    assert [apps["new_received"][c] for c in apps["new_received"]] == _PAGE_1["一、本年新收政府信息公开申请数量"]
    assert apps["granted"]["total"] == 8 and apps["total_processed"]["legal_services"] == 2
    assert flags == {"aligned_by_order"}


def test_numbers_listed_row_by_row() -> None:
    apps, _ = _parse(by_column=False)
    assert apps["carried_over"]["total"] == 1 and apps["total_processed"]["total"] == 16
