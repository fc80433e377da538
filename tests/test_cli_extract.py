"""``nianbao extract``: the table part is exactly ``nianbao parse``; bad input and dead endpoints are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main

try:
    from tests.conftest import REPORTS
except ImportError:
    from conftest import REPORTS  # type: ignore[no-redef]

SEED = REPORTS / "000_541c1237663619fb.txt"


def test_extract_json_keeps_the_parse_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert main(["extract", str(SEED), "--json", "--rules-only"]) == 0
    extracted = json.loads(capsys.readouterr().out)
    for key in ("schema_version", "source", "meta", "sections", "tables", "cells", "warnings"):
        assert extracted[key] == parsed[key]
    assert extracted["checks"][: len(parsed["checks"])] == parsed["checks"]
    assert any(c["id"].startswith("narrative.") for c in extracted["checks"])
    assert extracted["narrative"]["prompt"] == "narrative@v2" and extracted["narrative"]["proactive_counts"]


def test_extract_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED), "--rules-only"]) == 0
    out = capsys.readouterr().out
    assert "narrative (narrative@v2, model rules)" in out and "政策解读: 65件" in out
    # the digest comes first, in Chinese; every item shows the start of the quote it stands on
    assert out.index("摘要:") < out.index("narrative (") and "本年新收政府信息公开申请55件" in out
    assert "问题 · 受疫情影响，政务公开培训力度不够，形式多样化有待进一步提升  「受疫情影響" in out


def test_unknown_decides_field_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED), "--decides", "counts,everything"]) == 2
    err = capsys.readouterr().err
    assert "unknown field(s) everything" in err and err.count("\n") == 1


def test_bad_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty), "--rules-only"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nianbao: error:") and err.count("\n") == 1


def test_unknown_prompt_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED), "--rules-only", "--prompt", "narrative@v404"]) == 2
    err = capsys.readouterr().err
    assert "prompt file not found" in err and err.count("\n") == 1


def test_dead_endpoint_is_flagged_not_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIANBAO_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("NIANBAO_MODEL", "qwen2.5-7b-instruct")
    monkeypatch.setenv("NIANBAO_MAX_TRANSIENT_RETRIES", "0")
    # the model failed and the rules filled in: exit 1, as batch for such a ("partial") report
    assert main(["extract", str(SEED), "--json", "--cache", str(tmp_path / "c.sqlite")]) == 1
    report = json.loads(capsys.readouterr().out)
    errors = report["narrative"]["errors"]
    assert len(errors) == 1 and "cannot reach LLM endpoint" in errors[0]
    assert {f["method"] for f in report["narrative"]["proactive_counts"]} == {"rules"}
