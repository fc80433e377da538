"""Fault injection, batch (issue 14): damaged and foreign SQLite files, per-report limits, and the whole:
one drip-feeding report, one damaged cache and one 19 MB table file, and every other report done.

Before: one bad page of cache.sqlite failed 29 of 30 reports (and discarded their parsed tables); a garbage
cache aborted the batch with exit 3 without naming the file; a damaged state.sqlite was a traceback; a
report had no time or memory limit, so one file could stall a worker forever.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from extractor.batch.limits import MemoryGate, ReportOverLimit, report_memory
from extractor.llm.cache import AnswerCache
from tests.conftest import REPORTS
from tests.fake_openai_server import Drip, FakeOpenAIServer, ScriptItem, labels_responder
from tests.test_batch_run import MODEL, batch, jsonl, read_csv, summary

DRIP_MARK = "乳山寨镇"  # only report 004 says it: its chunks are dripped


def _reports(tmp_path: Path, names: tuple[str, ...] = ("000", "001", "002", "003", "004")) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in names:
        source = next(REPORTS.glob(f"{name}_*.txt"))
        shutil.copy(source, folder / source.name)
    return folder


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 100)


# ------------------------------------------------------------------------------------------ the answer cache


def test_a_garbage_cache_is_set_aside_and_a_new_one_started(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cache.sqlite"
    _garbage(path)
    cache = AnswerCache(path)
    cache.put("k", {"a": 1})
    assert cache.get("k") == {"a": 1}
    cache.close()
    err = capsys.readouterr().err
    aside = [p.name for p in tmp_path.iterdir() if p.name.startswith("cache.sqlite.damaged-")]
    assert len(aside) == 1 and (tmp_path / aside[0]).read_bytes().startswith(b"this is not a database")
    assert err == f"nianbao: warning: answer cache {path} is damaged (file is not a database): set aside as {aside[0]}, a new cache started\n"


def test_a_foreign_database_is_left_alone_and_not_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    before = path.read_bytes()
    cache = AnswerCache(path)
    cache.put("k", 1)
    assert cache.get("k") is None and not cache.enabled
    cache.close()
    assert path.read_bytes() == before
    assert capsys.readouterr().err == (
        f"nianbao: warning: answer cache {path} is another program's database (tables invoices): not used (the run goes on without a cache)\n"
    )


def test_a_damaged_page_turns_the_cache_off_instead_of_failing_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cache.sqlite"
    cache = AnswerCache(path)
    for i in range(3000):
        cache.put(f"key{i}", {"answer": "x" * 200, "i": i})
    cache.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xff" * 8192  # two pages in the middle of the file
    path.write_bytes(bytes(data))
    cache = AnswerCache(path)
    answers = [cache.get(f"key{i}") for i in range(3000)]  # never raises
    cache.close()
    assert answers[0] == {"answer": "x" * 200, "i": 0}
    err = capsys.readouterr().err
    assert err.count("nianbao: warning: answer cache") == 1
    assert f"answer cache {path} failed (database disk image is malformed), set aside as cache.sqlite.damaged-" in err


# ------------------------------------------------------------------------------------------ the batch state


def test_a_damaged_state_file_is_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _garbage(out / "state.sqlite")
    code, _, err = batch(capsys, str(_reports(tmp_path, ("000",))), "-o", str(out), "--rules-only")
    assert code == 2
    assert err.startswith(f"nianbao: error: the batch state {out / 'state.sqlite'} is damaged (file is not a database): ")
    assert err.count("\n") == 1 and "Traceback" not in err


# ------------------------------------------------------------------------------------------ per-report limits


def test_the_memory_gate_refuses_a_report_over_the_limit_and_queues_the_rest() -> None:
    gate = MemoryGate(total=report_memory(10 * 2**20) * 2, per_report=report_memory(10 * 2**20))
    with pytest.raises(ReportOverLimit, match=r"needs about 304 MiB to process \(12 x its 20.0 MiB and 64 MiB\), over "):
        gate.check(20 * 2**20)
    with gate.reserve(10 * 2**20), gate.reserve(10 * 2**20):
        assert gate._used == gate.total  # two fit; a third would wait for one of them


def test_batch_records_a_report_over_the_memory_limit_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _reports(tmp_path, ("000", "001"))
    (folder / "big.txt").write_text("二、主动公开政府信息情况\n" + "规章 | 0 | 0 | 0\n" * 60_000, encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = batch(capsys, str(folder), "-o", str(out), "--rules-only", "--report-memory-mb", "70")
    assert code == 1
    status = {Path(r["path"]).name: (r["status"], r["error"]) for r in read_csv(out / "tables.csv")}
    assert status["big.txt"][0] == "failed"
    assert re.fullmatch(r"needs about 77 MiB to process \(12 x its 1.1 MiB and 64 MiB\), over the per-report memory limit of 70 MiB",
                        status["big.txt"][1])
    assert [s for name, (s, _) in status.items() if name != "big.txt"] == ["done", "done"]


# ------------------------------------------------------------------------------------------ all of it at once


def _drip_one_report(body: dict[str, Any]) -> ScriptItem:
    answer = labels_responder(body)
    if DRIP_MARK in json.dumps(body, ensure_ascii=False):
        return Drip(answer.content, interval_s=0.1)  # about 60 s per answer
    return answer


def test_a_batch_with_a_dripping_endpoint_a_damaged_cache_and_a_19_mb_file_finishes_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _reports(tmp_path)
    big = folder / "big_table.txt"
    big.write_text("二、主动公开政府信息情况\n" + "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 2 | 3\n" * 360_000, encoding="utf-8")
    assert 19_000_000 < big.stat().st_size < 20_000_000
    out = tmp_path / "out"
    out.mkdir()
    _garbage(out / "cache.sqlite")
    with FakeOpenAIServer(model=MODEL, responder=_drip_one_report) as server:
        for key, value in {"NIANBAO_BASE_URL": server.base_url, "NIANBAO_MODEL": MODEL, "NIANBAO_API_KEY": "test",
                           "NIANBAO_HOME": str(tmp_path / "home")}.items():
            monkeypatch.setenv(key, value)
        started = time.monotonic()
        code, _, err = batch(capsys, str(folder), "-o", str(out), "--timeout", "1", "--report-timeout", "4",
                             "--report-memory-mb", "200", "--concurrency", "4")
        seconds = time.monotonic() - started
    assert code == 1
    assert seconds < 30, f"the batch took {seconds:.0f} s"
    assert f"nianbao: warning: answer cache {out / 'cache.sqlite'} is damaged (file is not a database)" in err
    rows = {Path(r["path"]).name: r for r in read_csv(out / "tables.csv")}
    assert len(rows) == 6
    drip = rows["004_333e33f0e39a8a89.txt"]
    assert drip["status"] == "failed" and drip["error"].startswith("over the per-report time limit of 4 s")
    assert rows["big_table.txt"]["status"] == "failed"
    assert rows["big_table.txt"]["error"] == (
        "needs about 282 MiB to process (12 x its 18.2 MiB and 64 MiB), over the per-report memory limit of 200 MiB"
    )
    others = {name: r["status"] for name, r in rows.items() if name not in ("004_333e33f0e39a8a89.txt", "big_table.txt")}
    assert set(others.values()) == {"done"}, others
    assert all(r["applications.new_received.total"] for name, r in rows.items() if name in others)  # parsed tables kept
    assert summary(out)["status"] == {"done": 4, "partial": 0, "failed": 2, "pending": 0, "submitted": 0}
    assert len(jsonl(out / "reports.jsonl")) == 6


def test_a_19_mb_table_file_within_the_limits_is_parsed_in_seconds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 18.8 MB of rows never finished (the tokenizer was quadratic) and held a worker forever
    folder = tmp_path / "reports"
    folder.mkdir()
    big = folder / "big_table.txt"
    big.write_text("二、主动公开政府信息情况\n" + "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 2 | 3\n" * 360_000, encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    code, _, _ = batch(capsys, str(folder), "-o", str(out), "--rules-only", "--report-timeout", "60")
    assert time.monotonic() - started < 60
    assert code == 0
    (report,) = jsonl(out / "reports.jsonl")
    assert report["tables"]["proactive"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert any("only the first 100,000 were read" in w["message"] for w in report["warnings"])
