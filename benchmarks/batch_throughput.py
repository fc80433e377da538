"""Batch throughput against a loopback OpenAI-compatible server with a fixed latency per request.

    python benchmarks/batch_throughput.py [--latency 0.3] [--concurrency 1 8 32] [--per-slot 24]

1. Writes synthetic reports to a temporary folder: copies of the corpus reports (``evals/reports``),
   round-robin, each with one unique line appended, so every copy has its own content hash and the
   answer cache (keyed by document hash) never short-circuits a call.
2. Starts ``tests/fake_openai_server.py`` as a separate process (so its threads do not compete with the
   batch for the GIL), answering every chat completion after ``--latency`` seconds with valid narrative
   labels; model name ``qwen2.5-7b-instruct`` (JSON mode, as against vLLM).
3. For each concurrency runs ``nianbao batch DIR -o OUT --concurrency N`` as a subprocess on a fresh OUT
   (``max(24, per_slot × N)`` reports; ``--per-slot`` reports for each request slot keep the pool busy
   past the ramp-up and tail) and reads ``summary.json``: reports/minute end to end (worker start-up
   included: spawning the worker processes and importing takes seconds) and after start-up (from the
   first finished report to the last: what a batch of thousands sees), LLM calls, and the parse share
   (time outside LLM requests / a report's working time, summed over reports).
4. Runs the same reports rules-only (no LLM) at concurrency 1: the parse stage alone.

Prints one line per run and the ratio of the highest concurrency to concurrency 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = "qwen2.5-7b-instruct"


def make_reports(folder: Path, n: int) -> list[Path]:
    sources = sorted(p for p in (ROOT / "evals" / "reports").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out = []
    for i in range(n):
        path = folder / f"r{i:05d}_{sources[i % len(sources)].stem[:24]}.txt"
        path.write_text(texts[i % len(texts)].rstrip("\n") + f"\n（基准测试副本 {i:05d}）\n", encoding="utf-8")
        out.append(path)
    return out


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_openai_server", "--latency", str(latency), "--model", MODEL],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"fake server did not start: {url!r}")
    return proc, url


def run_batch(folder: Path, out: Path, concurrency: int, url: str | None) -> dict:
    env = {**os.environ, "NIANBAO_HOME": str(out.parent / "home")}
    args = [sys.executable, "-m", "extractor.cli", "batch", str(folder), "-o", str(out), "--no-progress", "--no-parquet",
            "--concurrency", str(concurrency)]
    if url is None:
        args.append("--rules-only")
    else:
        env.update({"NIANBAO_BASE_URL": url, "NIANBAO_MODEL": MODEL, "NIANBAO_API_KEY": "bench"})
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["this_run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request (default 0.3)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--per-slot", type=int, default=32, help="reports per request slot (default 32)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    sizes = {c: max(24, args.per_slot * c) for c in args.concurrency}
    reports_dir = tmp / "reports"
    reports_dir.mkdir()
    make_reports(reports_dir, max(sizes.values()))
    server, url = start_server(args.latency)
    results: dict[int, dict] = {}
    try:
        print(f"loopback server {url}, {args.latency * 1000:.0f} ms per request; model {MODEL}")
        for c in args.concurrency:
            folder = tmp / f"in-{c}"
            folder.mkdir()
            for p in sorted(reports_dir.iterdir())[: sizes[c]]:
                os.link(p, folder / p.name)
            started = time.perf_counter()
            run = run_batch(folder, tmp / f"out-{c}", c, url)
            wall = time.perf_counter() - started
            run["steady_per_minute"] = (run["processed"] - 1) / (run["seconds"] - run["first_result_s"]) * 60
            results[c] = run
            print(
                f"concurrency {c:>3} ({run['processes']} process{'es' if run['processes'] > 1 else ''}): "
                f"{run['processed']:>5} reports, {run['llm_calls']:>5} LLM calls in {run['seconds']:6.2f} s "
                f"→ {run['reports_per_minute']:7.1f} reports/min end to end, {run['steady_per_minute']:7.1f} after "
                f"start-up ({run['llm_calls'] / run['seconds']:5.1f} requests/s); parse share "
                f"{run['parse_share'] * 100:4.1f}%  (command wall {wall:.1f} s)",
                flush=True,
            )
        n = sizes[min(args.concurrency)]
        folder = tmp / f"in-{min(args.concurrency)}"
        rules = run_batch(folder, tmp / "out-rules", 1, None)
        per_report = rules["seconds"] / max(1, rules["processed"])
        first = results[min(args.concurrency)]
        print(
            f"parse stage alone (rules only, {n} reports): {per_report * 1000:.1f} ms per report "
            f"= {per_report / (first['seconds'] / first['processed']) * 100:.1f}% of a report's time at concurrency "
            f"{min(args.concurrency)}"
        )
        if len(results) > 1:
            lo, hi = min(results), max(results)
            ratio = results[hi]["reports_per_minute"] / results[lo]["reports_per_minute"]
            steady = results[hi]["steady_per_minute"] / results[lo]["steady_per_minute"]
            print(f"throughput concurrency {hi} / concurrency {lo}: {ratio:.1f}x end to end, {steady:.1f}x after start-up")
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    finally:
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
