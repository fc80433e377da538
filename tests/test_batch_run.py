"""`nianbao batch` in live mode: inputs, outputs, resume, concurrency bound, rate limits, budget, failures."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.batch.inputs import InputError, discover
from extractor.batch.records import table_columns
from extractor.cli import main
from tests.conftest import REPORTS
from tests.fake_openai_server import FakeOpenAIServer, HttpError, labels_responder

MODEL = "qwen2.5-7b-instruct"  # JSON mode, as against vLLM
N_REPORTS = len(list(REPORTS.glob("*.txt")))


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(model=MODEL, responder=labels_responder) as srv:
        yield srv


@pytest.fixture
def llm_env(server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeOpenAIServer:
    monkeypatch.setenv("NIANBAO_BASE_URL", server.base_url)
    monkeypatch.setenv("NIANBAO_MODEL", MODEL)
    monkeypatch.setenv("NIANBAO_API_KEY", "test")
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
    return server


def batch(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["batch", *args, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV of OUT with its Chinese headers renamed to the keys, as docs/batch.md says a program does: by the
    rows of data_dictionary.csv whose ``file`` is the CSV's name."""
    with open(path.parent / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        keys = {row["label"]: row["key"] for row in csv.DictReader(fh) if row["file"] == path.stem}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{keys[label]: value for label, value in row.items()} for row in csv.DictReader(fh)]


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------
def test_inputs_folder_glob_list_and_single_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("x")
    (folder / "sub" / "b.html").write_text("x")
    (folder / "notes.md").write_text("x")  # not a report extension: skipped in folders
    (folder / ".hidden.txt").write_text("x")
    names = [Path(f.path).name for f in discover([str(folder)])]
    assert names == ["a.txt", "b.html"]
    assert [Path(f.path).name for f in discover([str(folder / "**" / "*.html")])] == ["b.html"]
    listing = tmp_path / "paths.txt"
    listing.write_text("# reports\nin/a.txt\n\nin/sub/b.html\n")
    assert [Path(f.path).name for f in discover([str(listing)])] == ["a.txt", "b.html"]  # sniffed list file
    assert [Path(f.path).name for f in discover([f"@{listing}"])] == ["a.txt", "b.html"]
    report = REPORTS / "000_541c1237663619fb.txt"
    assert [f.path for f in discover([str(report), str(report)])] == [str(report.resolve())]  # deduplicated
    with pytest.raises(InputError, match="input not found"):
        discover([str(tmp_path / "missing")])
    with pytest.raises(InputError, match="no file matches"):
        discover([str(tmp_path / "*.pdf")])
    bad_list = tmp_path / "bad.list"
    bad_list.write_text("in/a.txt\nin/nope.txt\n")
    with pytest.raises(InputError, match=r"bad.list:2: file not found"):
        discover([str(bad_list)])


def test_bad_invocations_are_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        [str(tmp_path / "missing"), "-o", str(tmp_path / "o")],
        [str(REPORTS)],  # no -o
        ["collect", str(tmp_path)],  # not a batch folder
        [str(REPORTS), "-o", str(tmp_path / "o"), "--concurrency", "0"],
        [str(REPORTS), "-o", str(tmp_path / "o"), "--mode", "batch-api", "--rules-only"],
    ):
        code, _, err = batch(capsys, *args)
        assert code == 2, args
        assert err.count("\n") == 1 and err.startswith("nianbao: error: "), err
        assert "Traceback" not in err
    from extractor.batch.state import BatchState

    with BatchState(tmp_path / "busy"):  # another batch holds this OUT
        code, _, err = batch(capsys, str(REPORTS), "-o", str(tmp_path / "busy"), "--rules-only")
    assert code == 2 and "in use by another nianbao batch" in err


# ---------------------------------------------------------------------------------------------
# rules only: outputs and resume
# ---------------------------------------------------------------------------------------------
def test_rules_only_outputs_and_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "reports"
    shutil.copytree(REPORTS, src)
    out = tmp_path / "out"
    code, stdout, _ = batch(capsys, str(src), "-o", str(out), "--rules-only")
    assert code == 0, stdout
    assert f"reports   {N_REPORTS}: {N_REPORTS} done" in stdout

    lines = jsonl(out / "reports.jsonl")
    assert sorted(r["source"]["path"] for r in lines) == sorted(str(p.resolve()) for p in src.glob("*.txt"))
    by_name = {Path(r["source"]["path"]).name: r for r in lines}
    assert by_name["000_541c1237663619fb.txt"]["tables"]["applications"]["new_received"]["total"] == 55

    facts = read_csv(out / "facts.csv")
    assert facts and {f["kind"] for f in facts} >= {"count", "problem"}
    for fact in facts[:50]:  # every quote is at its offsets in the source text
        text = Path(fact["path"]).read_text(encoding="utf-8")
        assert text[int(fact["start"]) : int(fact["end"])] == fact["quote"]

    tables = read_csv(out / "tables.csv")
    assert len(tables) == N_REPORTS
    assert set(table_columns()) <= set(tables[0])
    row = next(t for t in tables if t["path"].endswith("000_541c1237663619fb.txt"))
    assert row["confidence.applications"] == row["confidence.min"] == "1"  # read in full, every sum holds
    partial = next(t for t in tables if "hanyang" in t["path"])
    assert float(partial["confidence.min"]) < 0.5 and float(partial["confidence.proactive"]) == 1
    assert row["applications.new_received.total"] == "55"
    assert row["applications.new_received.commercial"] == "0"

    findings = read_csv(out / "findings.csv")
    failed = sum(1 for r in lines for c in r["checks"] if c["passed"] is False)
    assert len(findings) == failed > 0
    assert all(f["rule"] in {"1", "2", "3", "4", "5", "6"} and f["message"] for f in findings)

    import pyarrow.parquet as pq

    assert pq.read_table(out / "facts.parquet").num_rows == len(facts)
    assert pq.read_table(out / "tables.parquet").num_rows == N_REPORTS
    assert pq.read_table(out / "findings.parquet").num_rows == len(findings)
    reports_pq = pq.read_table(out / "reports.parquet").to_pylist()
    assert len(reports_pq) == N_REPORTS and json.loads(reports_pq[0]["report_json"])["schema_version"] == "1"
    data = summary(out)
    assert data["reports"] == N_REPORTS and data["failed_checks"] == len(findings)
    assert data["this_run"]["processed"] == N_REPORTS
    assert not list(out.glob(".*.tmp"))

    # rerun: nothing to do
    code, stdout, _ = batch(capsys, str(src), "-o", str(out), "--rules-only")
    assert code == 0 and summary(out)["this_run"]["processed"] == 0
    assert len(jsonl(out / "reports.jsonl")) == N_REPORTS

    # one file changed: only it is redone
    changed = src / "001_516ff9c16babe9a7.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    code, stdout, _ = batch(capsys, str(src), "-o", str(out), "--rules-only")
    assert code == 0 and summary(out)["this_run"]["processed"] == 1
    assert len(jsonl(out / "reports.jsonl")) == N_REPORTS


def test_a_failed_report_is_recorded_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REPORTS / "000_541c1237663619fb.txt", src)
    (src / "empty.txt").write_bytes(b"")
    (src / "blob.pdf").write_bytes(b"\x00\x01\x02\x03" * 100)
    out = tmp_path / "out"
    code, stdout, err = batch(capsys, str(src), "-o", str(out), "--rules-only")
    assert code == 1
    assert "2 failed" in stdout and "Traceback" not in stdout + err
    lines = {Path(r.get("path") or r["source"]["path"]).name: r for r in jsonl(out / "reports.jsonl")}
    assert set(lines) == {"000_541c1237663619fb.txt", "empty.txt", "blob.pdf"}
    assert "empty" in lines["empty.txt"]["error"]
    assert "schema_version" in lines["000_541c1237663619fb.txt"]
    reports = {Path(r["path"]).name: r for r in __import__("pyarrow.parquet").parquet.read_table(out / "reports.parquet").to_pylist()}
    assert reports["empty.txt"]["status"] == "failed" and reports["empty.txt"]["error"]


# ---------------------------------------------------------------------------------------------
# with an LLM (loopback fake server)
# ---------------------------------------------------------------------------------------------
def test_live_batch_bounded_concurrency_and_free_rerun(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], llm_env: FakeOpenAIServer
) -> None:
    llm_env.latency_s = 0.05
    out = tmp_path / "out"
    code, stdout, err = batch(capsys, str(REPORTS), "-o", str(out), "--concurrency", "3")
    assert code == 0, stdout + err
    sent = len(llm_env.requests)
    assert 0 < llm_env.max_in_flight <= 3
    data = summary(out)
    assert data["this_run"]["llm_calls"] == sent
    assert data["this_run"]["input_tokens"] > 0
    facts = read_csv(out / "facts.csv")
    assert any(f["method"] == "llm" for f in facts)
    assert (out / "cache.sqlite").exists()

    # unchanged rerun: no request at all, every report still there once
    code, _, _ = batch(capsys, str(REPORTS), "-o", str(out), "--concurrency", "3")
    assert code == 0 and len(llm_env.requests) == sent
    assert len(jsonl(out / "reports.jsonl")) == N_REPORTS

    # the state says 'done' but the result came from another model: redone, and the cache does not
    # serve the old model's answers
    with sqlite3.connect(out / "state.sqlite") as db:
        db.execute("UPDATE reports SET fingerprint = replace(fingerprint, ?, 'other-model')", (MODEL,))
    code, _, _ = batch(capsys, str(REPORTS), "-o", str(out), "--concurrency", "3")
    assert code == 0 and summary(out)["this_run"]["processed"] == N_REPORTS
    assert len(llm_env.requests) == sent  # same model now: every chunk answered from OUT/cache.sqlite


def test_rate_limits_are_retried_with_retry_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], llm_env: FakeOpenAIServer
) -> None:
    llm_env.script(HttpError(429, "slow down", retry_after=0.2), HttpError(503, "busy", retry_after=0.1))
    code, stdout, err = batch(capsys, str(REPORTS / "000_541c1237663619fb.txt"), str(REPORTS / "001_516ff9c16babe9a7.txt"),
                              "-o", str(tmp_path / "out"), "--concurrency", "1")
    assert code == 0, stdout + err
    statuses = [r.method for r in llm_env.all_requests if r.method == "POST"]
    assert len(statuses) == summary(tmp_path / "out")["this_run"]["llm_calls"] + 2
    lines = jsonl(tmp_path / "out" / "reports.jsonl")
    assert all(not r["narrative"]["errors"] for r in lines)
    assert sum(r["narrative"]["usage"]["transient_retries"] for r in lines) == 2


def test_token_budget_stops_cleanly_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], llm_env: FakeOpenAIServer
) -> None:
    out = tmp_path / "out"
    code, stdout, err = batch(capsys, str(REPORTS), "-o", str(out), "--concurrency", "1", "--token-budget", "25000")
    assert code == 4, stdout + err
    assert "budget" in stdout
    counts = summary(out)["status"]
    assert counts["pending"] > 0 and counts["done"] > 0
    first = [json.dumps(r["messages"], ensure_ascii=False) for r in llm_env.requests]
    done_first = len(jsonl(out / "reports.jsonl"))
    assert done_first == counts["done"]

    code, stdout, err = batch(capsys, str(REPORTS), "-o", str(out), "--concurrency", "2")
    assert code == 0, stdout + err
    lines = jsonl(out / "reports.jsonl")
    assert len(lines) == N_REPORTS == len({r["source"]["path"] for r in lines})
    everything = [json.dumps(r["messages"], ensure_ascii=False) for r in llm_env.requests]
    assert len(everything) == len(set(everything))  # no chunk was asked twice across the two runs
    assert set(first) < set(everything)


def test_unreachable_endpoint_stops_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NIANBAO_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("NIANBAO_MODEL", MODEL)
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
    code, stdout, err = batch(capsys, str(REPORTS), "-o", str(tmp_path / "out"), "--concurrency", "1", "--retries", "0")
    assert code == 1
    assert "unreachable" in stdout and "Traceback" not in stdout + err
    counts = summary(tmp_path / "out")["status"]
    assert counts["pending"] > 0 and counts["partial"] >= 5


def test_worker_processes_give_the_same_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], llm_env: FakeOpenAIServer
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert batch(capsys, str(REPORTS), "-o", str(one), "--concurrency", "4", "--processes", "1", "--no-parquet")[0] == 0
    sent = len(llm_env.requests)
    assert batch(capsys, str(REPORTS), "-o", str(two), "--concurrency", "4", "--processes", "2", "--no-parquet")[0] == 0
    assert len(llm_env.requests) == 2 * sent  # a fresh OUT has a fresh cache
    assert llm_env.max_in_flight <= 4
    assert summary(two)["this_run"]["processed"] == N_REPORTS
    for name in ("facts.csv", "tables.csv", "findings.csv"):
        assert (one / name).read_text(encoding="utf-8-sig") == (two / name).read_text(encoding="utf-8-sig"), name
