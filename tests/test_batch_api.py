"""`nianbao batch --mode batch-api` / `batch-file` and `nianbao batch collect`, against the loopback server's
/v1/files and /v1/batches routes (and result files as `vllm run-batch` writes them)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.cli import main
from tests.conftest import REPORTS
from tests.fake_openai_server import FakeOpenAIServer, HttpError, Reply, labels_responder

MODEL = "qwen2.5-7b-instruct"
N_REPORTS = len(list(REPORTS.glob("*.txt")))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(model=MODEL, responder=labels_responder, batch_polls_before_complete=1) as srv:
        monkeypatch.setenv("NIANBAO_BASE_URL", srv.base_url)
        monkeypatch.setenv("NIANBAO_MODEL", MODEL)
        monkeypatch.setenv("NIANBAO_API_KEY", "test")
        monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
        yield srv


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["batch", *args, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_submit_then_collect(tmp_path: Path, capsys: pytest.CaptureFixture[str], server: FakeOpenAIServer) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(capsys, str(REPORTS), "-o", str(out), "--mode", "batch-api")
    assert code == 0, stdout + err
    assert server.requests == []  # nothing asked live
    posts = [r.path for r in server.all_requests if r.method == "POST"]
    assert posts == ["/v1/files", "/v1/batches"]
    lines = server.batch_requests
    assert lines and len({line["custom_id"] for line in lines}) == len(lines)
    assert all(line["method"] == "POST" and line["url"] == "/v1/chat/completions" for line in lines)
    body = lines[0]["body"]
    assert body["model"] == MODEL and body["response_format"] == {"type": "json_object"} and body["temperature"] == 0
    assert "json_schema" in body["messages"][0]["content"]  # instructor's JSON-mode schema prompt
    status = summary(out)["status"]
    # a report with nothing for the LLM (a legacy report without sections) is finished at once
    assert status["submitted"] > N_REPORTS // 2 and status["submitted"] + status["done"] == N_REPORTS
    assert "nianbao batch collect" in err

    code, _, err = run(capsys, "collect", str(out))
    assert code == 5 and "in_progress" in err  # the batch is still running
    code, stdout, err = run(capsys, "collect", str(out))
    assert code == 0, stdout + err
    reports = jsonl(out / "reports.jsonl")
    assert len(reports) == N_REPORTS == len({r["source"]["path"] for r in reports})
    assert all(not r["narrative"]["errors"] for r in reports if r["narrative"])
    assert summary(out)["this_run"]["llm_calls"] == len(lines)
    assert any(f["method"] == "llm" for r in reports if r["narrative"] for f in r["narrative"]["proactive_counts"])
    assert list((out / "batch").glob("job-1-batch_1.output.jsonl"))

    # everything done: a rerun submits nothing
    code, _, _ = run(capsys, str(REPORTS), "-o", str(out), "--mode", "batch-api")
    assert code == 0 and len(server.batch_requests) == len(lines)


def test_the_batch_request_is_what_the_live_path_sends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: FakeOpenAIServer
) -> None:
    report = str(REPORTS / "000_541c1237663619fb.txt")
    assert run(capsys, report, "-o", str(tmp_path / "live"), "--concurrency", "1")[0] == 0
    live = server.requests
    assert run(capsys, report, "-o", str(tmp_path / "batch"), "--mode", "batch-api")[0] == 0
    batch = [line["body"] for line in server.batch_requests]
    assert len(batch) == len(live) > 0
    assert sorted(json.dumps(b, sort_keys=True) for b in batch) == sorted(json.dumps(b, sort_keys=True) for b in live)


def test_bad_answers_leave_chunks_to_resubmit(tmp_path: Path, capsys: pytest.CaptureFixture[str], server: FakeOpenAIServer) -> None:
    server.batch_polls_before_complete = 0
    server.script(Reply("this is not JSON"), HttpError(500, "engine overloaded"))
    out = tmp_path / "out"
    assert run(capsys, str(REPORTS), "-o", str(out), "--mode", "batch-api")[0] == 0
    first = len(server.batch_requests)
    code, stdout, _ = run(capsys, "collect", str(out))
    assert code == 1  # finished, but two chunks got no usable answer
    assert summary(out)["status"]["partial"] in (1, 2) and "with LLM errors" in stdout  # the first report has 2 chunks
    errors = [e for r in jsonl(out / "reports.jsonl") if r["narrative"] for e in r["narrative"]["errors"]]
    assert len(errors) == 2
    assert any("failed validation (Batch API, no re-ask)" in e for e in errors)
    assert any("HTTP 500" in e and "engine overloaded" in e for e in errors)

    # the next submission asks only for those two chunks; every other answer is in the cache
    assert run(capsys, str(REPORTS), "-o", str(out), "--mode", "batch-api")[0] == 0
    assert len(server.batch_requests) == first + 2
    code, _, _ = run(capsys, "collect", str(out))
    assert code == 0 and summary(out)["status"]["done"] == N_REPORTS
    assert len(jsonl(out / "reports.jsonl")) == N_REPORTS


def test_batch_file_mode_with_vllm_run_batch_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NIANBAO_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("NIANBAO_MODEL", MODEL)
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000_541c1237663619fb.txt", "002_729ce6095ffb3585.txt", "pingtan_2021_2021fmt_squashed.txt"):
        shutil.copy(REPORTS / name, src)
    out = tmp_path / "out"
    code, _, err = run(capsys, str(src), "-o", str(out), "--mode", "batch-file")
    assert code == 0 and "vllm run-batch" in err
    [requests_file] = list((out / "batch").glob("requests-*.jsonl"))

    # what `vllm run-batch -i requests.jsonl -o results.jsonl` writes: one line per request
    results = tmp_path / "results.jsonl"
    with open(results, "w", encoding="utf-8") as fh:
        for n, line in enumerate(jsonl(requests_file)):
            reply = labels_responder(line["body"])
            completion = {
                "id": f"cmpl-{n}", "object": "chat.completion", "created": 0, "model": MODEL,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
            }
            fh.write(json.dumps({"id": f"vllm-{n}", "custom_id": line["custom_id"],
                                 "response": {"status_code": 200, "request_id": f"r{n}", "body": completion},
                                 "error": None}, ensure_ascii=False) + "\n")
    code, _, err = run(capsys, "collect", str(out))
    assert code == 5 and "--results" in err  # no results given yet
    code, stdout, err = run(capsys, "collect", str(out), "--results", str(results))
    assert code == 0, stdout + err
    reports = jsonl(out / "reports.jsonl")
    assert len(reports) == 3 and all(r["narrative"]["usage"]["calls"] >= 1 for r in reports)
