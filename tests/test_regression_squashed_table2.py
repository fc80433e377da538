"""Issue 12, class 1: table 二 of the 2019 format printed with its cells run together.

The split of '2150…' must read the change in items as small or zero against the previous count
(215 | 0, not 21 | 50), use what the narrative restates, split a delimited cell that holds two cells'
digits, and flag every split the text leaves open."""

from __future__ import annotations

from extractor.load import load_text
from extractor.pipeline import parse_document

_HEAD = "一、总体情况\n{narrative}\n二、主动公开政府信息情况\n第二十条第(五)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
_TAIL = "\n三、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况\n无。\n"


def _row(row: str, narrative: str = "本年度政务公开工作稳步推进。") -> dict[str, tuple[object, list[str]]]:
    report = parse_document(load_text(_HEAD.format(narrative=narrative) + row + _TAIL))
    return {c.column: (c.value, c.flags) for c in report.cells if c.row == "licensing"}


def test_no_change_reads_more_naturally_than_a_change_larger_than_the_count() -> None:
    cells = _row("行政许可215036")
    assert {k: v for k, (v, _) in cells.items()} == {"previous_items": 215, "change": 0, "decisions": 36}
    assert all("ambiguous_split" in flags for _, flags in cells.values())  # other splits fit: flagged


def test_a_delimited_cell_holding_two_cells_is_split_and_flagged() -> None:
    cells = _row("行政许可 | 2150 | 36")
    assert {k: v for k, (v, _) in cells.items()} == {"previous_items": 215, "change": 0, "decisions": 36}
    assert all("ambiguous_split" in flags for _, flags in cells.values())


def test_the_narrative_restatement_decides() -> None:
    assert {k: v for k, (v, _) in _row("行政许可12012").items()} == {"previous_items": 12, "change": 0, "decisions": 12}
    cells = _row("行政许可12012", narrative="我单位共有行政许可事项120项。")
    assert {k: v for k, (v, _) in cells.items()} == {"previous_items": 120, "change": 1, "decisions": 2}
    assert all("ambiguous_split" in flags for _, flags in cells.values())


def test_a_count_never_falls_below_zero() -> None:
    cells = _row("行政许可5-186")
    assert cells["previous_items"][0] + cells["change"][0] >= 0
    assert cells["change"][0] == -1 or cells["previous_items"][0] == 5


def test_a_squashed_local_row_is_split() -> None:
    text = (
        "二、主动公开政府信息情况\n第二十条第(一)项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
        "规范性文件870其他主动公开文件000第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量行政许可000\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    report = parse_document(load_text(text))
    assert report.tables.proactive is not None
    assert report.tables.proactive["extra_rows"] == {"其他主动公开文件": {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0}}
