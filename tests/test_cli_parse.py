"""The `nianbao parse` command, including every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main
from tests.conftest import REPORTS

SEED = REPORTS / "000_541c1237663619fb.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_for_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["parse", str(SEED), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["meta"]["template"] == "2021"
    assert data["tables"]["applications"]["new_received"]["total"] == 55
    assert {"meta", "sections", "tables", "cells", "checks", "warnings", "source"} <= data.keys()


def test_jsonl_for_several_files_in_order_with_errors_inline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    other = REPORTS / "pingtan_2021_2021fmt_squashed.txt"
    code, out, _ = run(["parse", str(SEED), str(empty), str(other), "--json"], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [line.get("source", {}).get("path") or line.get("path") for line in lines] == [str(SEED), str(empty), str(other)]
    assert "empty" in lines[1]["error"]


def test_human_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["parse", str(REPORTS / "002_729ce6095ffb3585.txt")], capsys)
    assert code == 0
    assert "template 2019" in out
    assert "FAILED applications.new_received.total" in out


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"\x00\x01\x02\x03" * 100, "blob.txt", "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "picture.txt", ""),
        (b"MZ\x90\x00" + b"\x00" * 200, "program.exe", ""),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(["parse", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("nianbao: error:")
    assert message in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["parse", "/nonexistent/report.txt"], capsys)
    assert code == 2 and err.count("\n") == 1


def test_fifty_megabyte_file_is_refused_without_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: refusing it must not read 50 MB
    code, _, err = run(["parse", str(big)], capsys)
    assert code == 2 and "MiB" in err and err.count("\n") == 1


def test_report_without_tables_is_flagged_not_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "narrative.txt"
    path.write_text("某局2022年政府信息公开工作年度报告\n一、总体情况\n本年主动公开信息12条。\n五、存在的主要问题及改进情况\n无。\n", encoding="utf-8")
    code, out, _ = run(["parse", str(path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["tables"] == {"proactive": None, "applications": None, "review_litigation": None}
    assert {w["code"] for w in data["warnings"]} >= {"table_missing", "unknown_template"}


def test_file_that_is_only_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "\n".join(
        f"{label} | {' | '.join(['1', '0', '0', '0', '0', '0', '1'])}"
        for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量")
    )
    path = tmp_path / "table.txt"
    path.write_text("自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计\n" + rows + "\n", encoding="utf-8")
    code, out, _ = run(["parse", str(path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["tables"]["applications"]["new_received"]["total"] == 1
    assert data["tables"]["applications"]["carried_over"]["natural_person"] == 1


def test_previous_year_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["parse", str(REPORTS / "000_541c1237663619fb.txt"), "--previous", str(REPORTS / "001_516ff9c16babe9a7.txt"),
                        "--json", "--force"], capsys)
    report = json.loads(out)
    checks = {c["id"]: c for c in report["checks"]}
    assert code == 0
    # 大同 carries over 3 applications; 朝阳 (used here as "last year", with --force) carried forward 0.
    assert checks["previous_year.carried_over.total"]["passed"] is False
    assert "previous_forced" in {w["code"] for w in report["warnings"]}


def test_previous_of_another_body_or_year_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["parse", str(REPORTS / "000_541c1237663619fb.txt"), "--previous", str(REPORTS / "001_516ff9c16babe9a7.txt")], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("nianbao: error: --previous is a report of another body (朝阳市民政局, not 大同市人民政府办公室)")
    pingtan = [str(REPORTS / f"pingtan_{name}_squashed.txt") for name in ("2021_2021fmt", "2018_pre2019fmt", "2020_2019fmt")]
    code, _, err = run(["extract", pingtan[0], "--previous", pingtan[1], "--rules-only"], capsys)
    assert code == 2 and "--previous is the 2018 report, not 2020's" in err and err.count("\n") == 1
    code, out, _ = run(["parse", pingtan[0], "--previous", pingtan[2], "--json"], capsys)  # the same body, the year before
    checks = {c["id"]: c["passed"] for c in json.loads(out)["checks"]}
    assert code == 0 and checks["previous_year.carried_over.total"] is True


def test_json_is_one_line_per_file_whatever_their_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for files in ([SEED], [SEED, SEED], [empty]):
        code, out, err = run(["parse", *map(str, files), "--json"], capsys)
        lines = out.splitlines()
        assert len(lines) == len(files) and all(json.loads(line) for line in lines)
    assert code == 2 and json.loads(out) == {"path": str(empty), "error": f"empty file: {empty}"} and err.startswith("nianbao: error:")
    code, out, _ = run(["parse", str(SEED), "--pretty"], capsys)
    assert code == 0 and out.startswith("{\n  ") and json.loads(out)["schema_version"] == "1"


def test_console_script_runs_as_a_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "parse", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert "template 2021" in result.stdout
