"""One body over three years, made from a corpus report (乳山市乳山寨镇 2022, table 三 one cell per line) with
edited numbers, for the trends tests:

* 2020: 3 applications received, 2 granted, 1 carried forward;
* 2021: the parent printed as 乳山县 (a renamed parent: the same body), 2 carried over (last year's report
  carried forward 1: a rule-6 break), 40 received, 41 processed, 1 carried forward;
* 2022: 1 carried over (matches), 300 received and processed (a jump), and no table 四 (a vanished table).

Every year's own table arithmetic holds except where said, so the only breaks are between the years.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPORTS

SOURCE = REPORTS / "004_333e33f0e39a8a89.txt"
ROWS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "(一)予以公开",
    "total_processed": "(七)总计",
    "carried_forward": "四、结转下年度继续办理",
}
# year -> row -> natural_person (= total; every other applicant column 0)
YEARS: dict[int, dict[str, int]] = {
    2020: {"new_received": 3, "carried_over": 0, "granted": 2, "total_processed": 2, "carried_forward": 1},
    2021: {"new_received": 40, "carried_over": 2, "granted": 41, "total_processed": 41, "carried_forward": 1},
    2022: {"new_received": 300, "carried_over": 1, "granted": 300, "total_processed": 300, "carried_forward": 1},
}
BODY = "乳山市乳山寨镇"


def _set_row(text: str, label: str, value: int) -> str:
    """The row's seven cells (one per line after the label): natural person and total ``value``, others 0."""
    start = text.index(label) + len(label)
    cells = list(re.finditer(r"^\s*(\d+)\s*$", text[start:], re.M))[:7]
    assert len(cells) == 7, label
    values = [value, 0, 0, 0, 0, 0, value]
    out = text[:start]
    pos = start
    for m, v in zip(cells, values, strict=True):
        out += text[pos : start + m.start(1)] + str(v)
        pos = start + m.end(1)
    return out + text[pos:]


def report_text(year: int) -> str:
    text = SOURCE.read_text(encoding="utf-8").replace("2022", str(year))
    for row, value in YEARS[year].items():
        text = _set_row(text, ROWS[row], value)
    if year == 2021:
        text = text.replace(BODY, "乳山县乳山寨镇", 1)
    if year == 2022:  # table 四 not printed this year
        start = text.index("四、政府信息公开行政复议、行政诉讼情况")
        end = text.index("五、存在的主要问题及改进情况")
        text = text[:start] + "四、政府信息公开行政复议、行政诉讼情况\n\n本年度表格以附件形式公布。\n\n" + text[end:]
    return text


def write_years(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in YEARS:
        path = folder / f"rushanzhai_{year}.txt"
        path.write_text(report_text(year), encoding="utf-8")
        paths.append(path)
    return paths
