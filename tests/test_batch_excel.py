"""nianbao.xlsx of a rules-only batch of the corpus: the official Chinese headers, numbers as numbers, blanks
blank, frozen headers, facts with themes and the counts by theme; the digest and the data dictionary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.batch.excel import SHEET_NAMES
from extractor.batch.outputs import _csv_value
from extractor.cli import main
from extractor.narrative.themes import THEME_LABELS
from tests.conftest import REPORTS

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("excel") / "out"
    assert main(["batch", str(REPORTS), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    return out


@pytest.fixture(scope="module")
def book(out: Path) -> Any:
    return openpyxl.load_workbook(out / "nianbao.xlsx")


def _reports(out: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    return {r["source"]["path"]: r for r in lines if "source" in r}


def test_every_sheet_is_there(book: Any) -> None:
    assert book.sheetnames == [SHEET_NAMES[k] for k in (
        "readme", "digest", "proactive", "applications", "review_litigation", "trends", "theme_summary", "themes", "facts",
        "findings", "reports", "dictionary")]


def test_table_three_has_the_official_headers_and_numbers(book: Any, out: Path) -> None:
    sheet = book[SHEET_NAMES["applications"]]
    head = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=3)]
    assert head[0][:6] == ["文件", "发布机关", "年度", "表格版本", "未通过的校验数", "一、本年新收政府信息公开申请数量"]
    assert head[1][5:8] == ["自然人", "法人或其他组织", None] and head[1][11] == "总计"
    assert head[2][6:11] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert "（七）总计" in head[0] and "四、结转下年度继续办理" in head[0]
    assert sheet.freeze_panes == "D4"
    reports = _reports(out)
    total_col = head[1].index("总计")  # the new_received total
    checked = 0
    for row in sheet.iter_rows(min_row=4, values_only=True):
        report = reports[row[0]]
        expected = report["tables"]["applications"]["new_received"]["total"]
        assert row[total_col] == expected  # a number (or blank) exactly as parsed
        assert row[2] is None or isinstance(row[2], int)
        checked += 1
    assert checked == sum(1 for r in reports.values() if r["tables"]["applications"])


def test_blank_cells_stay_blank_and_table_two_fills_its_own_templates_block(book: Any, out: Path) -> None:
    sheet = book[SHEET_NAMES["proactive"]]
    head = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=3)]
    start_2019 = head[0].index("2019年版（国办公开办函〔2019〕60号）")
    reports = _reports(out)
    for row in sheet.iter_rows(min_row=4, values_only=True):
        template = row[3]
        block = row[5:start_2019] if template == "2019" else row[start_2019:]
        assert all(v is None for v in block), (row[0], template)  # the other template's block is empty
        own = row[5:start_2019] if template != "2019" else row[start_2019:]
        values = [v for v in own if v is not None]
        assert all(isinstance(v, int | float) for v in values)
        proactive = reports[row[0]]["tables"]["proactive"]
        blanks = sum(v is None for r, cells in proactive.items() if r != "extra_rows" for v in cells.values())
        assert sum(v is None for v in own) >= blanks  # a blank is never written as 0


def test_facts_carry_their_theme_in_chinese_and_the_workbook_counts_by_theme(book: Any) -> None:
    facts = list(book[SHEET_NAMES["facts"]].iter_rows(values_only=True))
    head = facts[0]
    kind, theme = head.index("类型"), head.index("主题")
    problems = [r for r in facts[1:] if r[kind] == "存在问题"]
    assert problems and all(r[theme] in THEME_LABELS.values() for r in problems)
    summary = list(book[SHEET_NAMES["theme_summary"]].iter_rows(values_only=True))
    assert summary[0][:3] == ("主题", "主题键", "问题条数")
    assert sum(r[2] for r in summary[1:]) == len(problems)
    by_body = list(book[SHEET_NAMES["themes"]].iter_rows(values_only=True))
    assert by_body[0] == ("主题", "主题键", "类型", "发布机关", "年度", "条数", "报告数")
    assert sum(r[5] for r in by_body[1:] if r[2] == "存在问题") == len(problems)


def test_digest_and_dictionary_sheets(book: Any) -> None:
    digest = list(book[SHEET_NAMES["digest"]].iter_rows(values_only=True))
    assert "本年新收政府信息公开申请（件）" in digest[0] and digest[0][-1] == "摘要"
    received = digest[0].index("本年新收政府信息公开申请（件）")
    shanghai = next(r for r in digest[1:] if "shanghai_govoffice_2019" in r[0])
    assert shanghai[received] == 859 and "上海市人民政府办公厅" in shanghai[-1]
    dictionary = list(book[SHEET_NAMES["dictionary"]].iter_rows(values_only=True))
    assert dictionary[0][:3] == ("key", "label", "file")
    assert ("applications.new_received.total", "表三 一、本年新收政府信息公开申请数量·总计", "tables") in [r[:3] for r in dictionary]


def test_digest_csv_and_data_dictionary_in_out(out: Path) -> None:
    assert (out / "data_dictionary.csv").read_text(encoding="utf-8-sig").startswith("key,label,file,")
    header = (out / "digest.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("文件,发布机关,年度,表格版本,主动公开信息,本年新收政府信息公开申请（件）")


def test_no_text_becomes_a_formula() -> None:
    assert _csv_value("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _csv_value("@x") == "'@x"
    assert _csv_value("-3") == "-3" and _csv_value(-3.0) == -3 and _csv_value("规则6") == "规则6"
