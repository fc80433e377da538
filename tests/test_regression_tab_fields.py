"""Issue 12, class 6: rows whose blank cells are empty fields (cells joined by a tab, or an HTML row
of empty cells) keep every position: the 总计 value is never read under 商业企业."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document

_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")


def _apps(body: str) -> dict:
    report = parse_document(load_text("三、收到和处理政府信息公开申请情况\n" + body + "\n四、政府信息公开行政复议、行政诉讼情况\n"))
    return report.tables.applications or {}


def test_tab_joined_rows_keep_blank_fields() -> None:
    apps = _apps("一、本年新收政府信息公开申请数量\t55\t\t\t\t\t\t55\n(一)予以公开\t\t\t\t\t\t\t\n(七)总计\t\t3\t\t\t\t\t3")
    assert apps["new_received"] == dict(zip(_COLUMNS, [55, None, None, None, None, None, 55], strict=True))
    assert apps["granted"] == dict.fromkeys(_COLUMNS)
    assert apps["total_processed"]["commercial"] == 3


def test_pipe_rows_of_blank_cells_are_rows() -> None:
    # Most rows blank: not the one-cell-per-line layout ('55 |' on its own line).
    rows = [
        "一、本年新收政府信息公开申请数量 | 13 |  |  |  |  |  | 13",
        "2.其他法律行政法规禁止公开 |  |  |  |  |  |  | ",
        "3.危及“三安全一稳定” |  |  |  |  |  |  | ",
        "4.保护第三方合法权益 |  |  |  |  |  |  | ",
        "(七)总计 | 13 |  |  |  |  |  | 13",
    ]
    apps = _apps("\n".join(rows))
    assert apps["new_received"]["natural_person"] == 13 and apps["new_received"]["total"] == 13
    assert apps["total_processed"]["total"] == 13


def test_a_loaded_row_that_opens_with_a_blank_cell_keeps_it() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n |  | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
    review = parse_document(load_text(text)).tables.review_litigation or {}
    assert review["review"] == {"upheld": None, "corrected": None, "other": 1, "pending": 0, "total": 1}


def test_empty_fields_between_pipes_are_blank_cells() -> None:
    apps = _apps("一、本年新收政府信息公开申请数量|5||||||5\n(七)总计|5||||1||6")
    assert apps["new_received"] == dict(zip(_COLUMNS, [5, None, None, None, None, None, 5], strict=True))
    assert apps["total_processed"]["legal_services"] == 1 and apps["total_processed"]["total"] == 6
