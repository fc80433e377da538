"""Kill `nianbao batch` mid-run (SIGKILL, SIGTERM) and prove the rerun finishes with every report exactly
once and no LLM call repeated for a report that was finished."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_document
from extractor.narrative.extract import NarrativeExtractor
from extractor.report import extract_document
from tests.conftest import REPORTS, ROOT
from tests.fake_openai_server import FakeOpenAIServer, labels_responder

MODEL = "qwen2.5-7b-instruct"
STEMS = "甲乙丙丁戊己庚辛壬癸"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def make_reports(folder: Path, variants: int) -> list[Path]:
    """The corpus reports plus variants whose narrative lines carry a marker (other hashes, other chunks)."""
    folder.mkdir()
    paths = []
    for src in sorted(REPORTS.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for k in range(variants + 1):
            tag = "".join(STEMS[int(d)] for d in f"{k:02d}")
            body = text if k == 0 else re.sub(r"。(\s*)$", lambda m, t=tag: f"。（副本{t}）{m.group(1)}", text, flags=re.M)
            path = folder / f"{src.stem[:20]}_{k}.txt"
            path.write_text(body, encoding="utf-8")
            paths.append(path)
    return paths


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chunk_owners(paths: list[Path]) -> dict[str, list[str]]:
    """The user message of every ask the LLM gets -> the reports that ask it (the same fake model, in process)."""
    owners: dict[str, list[str]] = {}
    with FakeOpenAIServer(model=MODEL, responder=labels_responder) as server:
        client = LLMClient(ProviderSettings(base_url=server.base_url, model=MODEL, api_key="test"))
        extractor = NarrativeExtractor(load_prompt("narrative@v2"), client)
        for path in paths:
            before = len(server.requests)
            extract_document(load_document(path), extractor)
            for message in asked(server)[before:]:
                owners.setdefault(message, []).append(str(path))
    return owners


def asked(server: FakeOpenAIServer) -> list[str]:
    """The questions the server received; a request torn by the kill (its body never arrived whole) asked nothing."""
    return [
        squash(next(m for m in reversed(r["messages"]) if m["role"] == "user")["content"]) for r in server.requests if "messages" in r
    ]


def start(src: Path, out: Path, server: FakeOpenAIServer, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NIANBAO_BASE_URL": server.base_url, "NIANBAO_MODEL": MODEL, "NIANBAO_API_KEY": "test",
           "NIANBAO_HOME": str(out.parent / "home")}
    return subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "batch", str(src), "-o", str(out), "--no-progress", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def done_paths(out: Path) -> set[str]:
    db = out / "state.sqlite"
    if not db.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return {r[0] for r in conn.execute("SELECT path FROM reports WHERE status = 'done'")}
    except sqlite3.OperationalError:  # the table is not there yet
        return set()


def wait_for_done(out: Path, proc: subprocess.Popen[str], n: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while len(done_paths(out)) < n:
        if proc.poll() is not None:
            pytest.fail(f"batch ended before it could be killed: {proc.returncode} {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("batch made no progress")
        time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_mid_run_then_rerun_completes_without_repeated_calls(tmp_path: Path) -> None:
    src, out = tmp_path / "reports", tmp_path / "out"
    paths = make_reports(src, variants=1)
    owners = chunk_owners(paths)
    concurrency = 2
    with FakeOpenAIServer(model=MODEL, responder=labels_responder, latency_s=0.1) as server:
        # run 1, in two worker processes: SIGKILL once a few reports are committed
        proc = start(src, out, server, "--concurrency", str(concurrency), "--processes", "2")
        wait_for_done(out, proc, 4)
        workers = children_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(0.5)  # requests still in flight reach the server log
        finished_at_kill = done_paths(out)
        assert 4 <= len(finished_at_kill) < len(paths)
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers and not any(alive(w) for w in workers), "worker processes outlived the killed batch"
        with sqlite3.connect(out / "state.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        first = asked(server)

        # run 2: same command, in one process
        proc = start(src, out, server, "--concurrency", str(concurrency), "--processes", "1")
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stdout + stderr
        second = asked(server)[len(first) :]

    lines = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    reported = Counter(r["source"]["path"] for r in lines)
    assert sorted(reported) == sorted(str(p.resolve()) for p in paths) and set(reported.values()) == {1}
    assert done_paths(out) == {str(p.resolve()) for p in paths}

    unfinished = {str(p.resolve()) for p in paths} - finished_at_kill
    for message, n in Counter(second).items():
        assert message in owners, "a request for a chunk no report has"
        need = sum(1 for owner in owners[message] if str(Path(owner).resolve()) in unfinished)
        assert n <= need, "rerun asked again for a chunk of a report finished before the kill"
    # what both runs asked: at most the requests that were in flight when the batch was killed
    repeated = sum((Counter(first) & Counter(second)).values())
    duplicates_needed = sum(max(0, len(o) - 1) for o in owners.values())
    assert repeated <= concurrency + duplicates_needed
    assert len(first) + len(second) <= sum(len(o) for o in owners.values()) + concurrency


def test_sigterm_stops_cleanly_with_outputs_written(tmp_path: Path) -> None:
    src, out = tmp_path / "reports", tmp_path / "out"
    paths = make_reports(src, variants=1)
    with FakeOpenAIServer(model=MODEL, responder=labels_responder, latency_s=0.1) as server:
        proc = start(src, out, server, "--concurrency", "2", "--processes", "1")
        wait_for_done(out, proc, 3)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, stdout + stderr
    assert "SIGTERM" in stderr and "Traceback" not in stderr
    done = done_paths(out)
    assert 3 <= len(done) < len(paths)
    lines = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["source"]["path"] for r in lines} == done
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"]["pending"] == len(paths) - len(done)
