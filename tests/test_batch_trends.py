"""Years side by side: one body over three years (tests/trend_fixture.py) in a batch with other reports."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from extractor.batch.trends import TrendOptions, YearReport, trends
from extractor.checks import body_key
from extractor.cli import main
from tests.conftest import REPORTS
from tests.trend_fixture import write_years


def read(path: Path) -> list[dict[str, str]]:
    with open(path.parent / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        keys = {row["label"]: row["key"] for row in csv.DictReader(fh) if row["file"] == path.stem}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{keys[label]: value for label, value in row.items()} for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("trends")
    src = base / "in"
    write_years(src)
    for name in ("000_541c1237663619fb", "pingtan_2020_2019fmt_squashed", "pingtan_2021_2021fmt_squashed"):
        shutil.copy(REPORTS / f"{name}.txt", src)
    out = base / "out"
    assert main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    return out


def test_one_row_per_body_and_year(out: Path) -> None:
    rows = read(out / "trends.csv")
    keys = [(r["body_key"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys)) == 6
    rushan = [r for r in rows if r["body_key"] == "乳山乳山寨镇"]
    assert [r["year"] for r in rushan] == ["2020", "2021", "2022"]
    assert [r["issuing_body"] for r in rushan] == ["乳山市乳山寨镇", "乳山县乳山寨镇", "乳山市乳山寨镇"]  # a renamed parent
    assert {r["body"] for r in rushan} == {"乳山市乳山寨镇"}  # the latest name
    assert [r["applications.new_received"] for r in rushan] == ["3", "40", "300"]
    assert [r["change.applications.new_received"] for r in rushan] == ["", "37", "260"]
    assert [r["carry_over"] for r in rushan] == ["无上年报告", "不符", "相符"]
    assert [r["previous_year"] for r in rushan] == ["", "2020", "2021"]
    pingtan = [r for r in rows if r["body_key"] == "平潭政府"]
    assert [r["year"] for r in pingtan] == ["2020", "2021"] and pingtan[1]["carry_over"] == "相符"


def test_every_break_is_a_rule_6_finding(out: Path) -> None:
    breaks = [f for f in read(out / "findings.csv") if f["id"].startswith("previous_year.")]
    got = {(Path(f["path"]).stem, f["id"]) for f in breaks}
    assert got == {
        ("rushanzhai_2021", "previous_year.carried_over.natural_person"),
        ("rushanzhai_2021", "previous_year.carried_over.total"),
        ("rushanzhai_2021", "previous_year.jump.applications.new_received"),
        ("rushanzhai_2021", "previous_year.jump.applications.total_processed"),
        ("rushanzhai_2022", "previous_year.table_missing.review_litigation"),
        ("rushanzhai_2022", "previous_year.jump.applications.new_received"),
        ("rushanzhai_2022", "previous_year.jump.applications.total_processed"),
    }
    assert all(f["rule"] == "6" and f["message"].startswith("规则6") for f in breaks)
    carried = next(f for f in breaks if f["id"] == "previous_year.carried_over.total")
    assert (carried["expected"], carried["printed"]) == ("1", "2")
    assert "2020年度.applications.carried_forward.total" in carried["cells"]


def test_same_year_under_two_names_is_two_bodies() -> None:
    a = YearReport.of("a.txt", "通化市人民政府办公室", 2022, "2021", {})
    b = YearReport.of("b.txt", "通化县人民政府办公室", 2022, "2021", {})
    c = YearReport.of("c.txt", "通化县人民政府办公室", 2021, "2021", {})
    assert body_key("通化市人民政府办公室") == body_key("通化县人民政府办公室")
    rows, _ = trends([a, b, c])
    assert sorted((r["issuing_body"], r["year"]) for r in rows) == [
        ("通化县人民政府办公室", 2021), ("通化县人民政府办公室", 2022), ("通化市人民政府办公室", 2022)]


def test_a_gap_is_named_and_no_pair_is_checked() -> None:
    cells = {"applications.carried_forward.total": 5, "applications.carried_over.total": 9}
    rows, findings = trends([YearReport.of("a", "某局", 2019, "2021", cells), YearReport.of("b", "某局", 2021, "2021", cells)])
    assert findings == [] and rows[1]["carry_over"] == "无上年报告" and "缺2020至2020年度" in rows[1]["breaks"]
    assert rows[1]["change.applications.carried_over"] is None


def test_the_jump_threshold_is_an_option() -> None:
    low = {"applications.new_received.total": 10}
    high = {"applications.new_received.total": 60}
    pair = [YearReport.of("a", "某局", 2021, "2021", low), YearReport.of("b", "某局", 2022, "2021", high)]
    assert [f.id for f in trends(pair)[1]] == ["previous_year.jump.applications.new_received"]
    assert trends(pair, TrendOptions(jump_factor=10))[1] == []
    assert trends(pair, TrendOptions(jump_min=100))[1] == []


def test_the_workbook_has_the_trends_sheet(out: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out / "nianbao.xlsx", read_only=True)
    rows = list(book["年度对比"].iter_rows(values_only=True))
    assert rows[0][:4] == ("机关", "机关归并名", "报告所署机关", "年度")
    assert sum(1 for r in rows[1:] if r[1] == "乳山乳山寨镇") == 3
