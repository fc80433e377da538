"""Issue 12, class 8: the 2021 template printed with the older single (六)其他处理 row. The row is
read under the spec's key for it (``other``), the template stays 2021, and rule 3 counts it."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document


def test_the_single_other_row_of_a_2021_report() -> None:
    text = (
        "二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n"
        "三、收到和处理政府信息公开申请情况\n(一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n"
        "(六)其他处理 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n(七)总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = parse_document(load_text(text))
    assert report.meta.template == "2021"
    apps = report.tables.applications or {}
    assert apps["other"]["total"] == 2 and "other_other" not in apps
    rule3 = next(c for c in report.checks if c.id == "applications.total_processed.total")
    assert rule3.passed is True and "applications.other.total" in rule3.cells
