"""Issue 12, class 5: the PDF text of the official HTML table, where a long row label wraps over
several lines inside its cell and the row's numbers are printed on one of those lines (first,
middle or last), or inside the label's remark. No row is lost, and no rule fails on numbers the
report prints correctly."""

from __future__ import annotations

import pytest

from extractor.load import load_text
from extractor.pipeline import parse_document

_ROWS = [
    ("一、本年新收政府信息公开申请数量", "10 0 0 0 0 0 10"),
    ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
    ("(一)予以公开", "4 0 0 0 0 0 4"),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "3 0 0 0 0 0 3"),
    ("2.其他法律行政法规禁止公开", "1 0 0 0 0 0 1"),
    ("5.要求行政机关确认或重新出具已获取信息", "2 0 0 0 0 0 2"),
    ("(七)总计", "10 0 0 0 0 0 10"),
    ("四、结转下年度继续办理", "0 0 0 0 0 0 0"),
]


def _wrapped(width: int, where: str) -> str:
    lines = []
    for label, numbers in _ROWS:
        pieces = [label[i : i + width] for i in range(0, len(label), width)]
        at = {"first": 0, "middle": (len(pieces) - 1) // 2, "last": len(pieces) - 1}[where]
        lines += [f"{p} {numbers}" if i == at else p for i, p in enumerate(pieces)]
    return "三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("width", [5, 8, 11])
def test_every_row_is_read_wherever_the_numbers_fall(width: int, where: str) -> None:
    report = parse_document(load_text(_wrapped(width, where)))
    apps = report.tables.applications or {}
    assert apps["partially_granted"]["total"] == 3
    assert apps["denied_prohibited_by_law"]["natural_person"] == 1
    assert apps["not_processed_confirmation"]["total"] == 2
    assert [c.id for c in report.checks if c.passed is False] == []


def test_numbers_inside_a_wrapped_remark_stay_cells() -> None:
    text = "三、收到和处理政府信息公开申请情况\n(二)部分公开(区分处理的,只计 3 0 0 0 0 0 3\n这一情形,不计其他情形)\n"
    report = parse_document(load_text(text))
    assert (report.tables.applications or {})["partially_granted"]["total"] == 3


def test_numbers_printed_before_a_vertically_centred_label() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n8.属于行政查询事项 5 0 0 0 0 0 5\n(四)无 1.本机关 7 0 0 0 0 0 7\n"
        "法提供 不掌握相\n关政府信\n息\n2.没有现成信息需要另行制作 1 0 0 0 0 0 1\n"
    )
    report = parse_document(load_text(text))
    apps = report.tables.applications or {}
    assert apps["unable_not_held"]["total"] == 7 and apps["unable_needs_creation"]["total"] == 1
