"""``nianbao batch INPUT... -o OUT`` and ``nianbao batch collect OUT``.

Exit status: 0 every report done (or, for ``--mode batch-api``, submitted); 1 the batch finished but
some reports failed or kept LLM errors (recorded in OUT; a rerun retries them); 2 bad input or options
(one line); 3 internal error; 4 the batch token budget was spent (the rest stays pending: rerun with a
larger ``--token-budget``); 5 Batch API jobs still running (collect again later, or ``--wait``);
130/143 stopped by SIGINT/SIGTERM (rerun to continue).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extractor.batch import batch_api
from extractor.batch.inputs import InputError, discover
from extractor.batch.outputs import OutputSummary, remove_stale_temps, write_outputs
from extractor.batch.progress import BatchProgress
from extractor.batch.runner import RunStats, StopSignal, auto_processes, fingerprint_matcher, run_live
from extractor.batch.state import BatchState, StateError
from extractor.cache import AnswerCache
from extractor.extract import add_llm_options
from extractor.local_model import LocalModelError, open_client
from extractor.narrative.extract import NarrativeExtractor
from extractor.prompts import Prompt, PromptError, load_prompt
from extractor.providers import ConfigError, ProviderSettings, profile_for
from extractor.util import atomic_write, one_line

EXIT_OK, EXIT_FAILED_REPORTS, EXIT_USAGE, EXIT_BUDGET, EXIT_RUNNING = 0, 1, 2, 4, 5
CACHE_FILE = "cache.sqlite"
SUMMARY_FILE = "summary.json"

USAGE = """nianbao batch INPUT [INPUT ...] -o OUT [options]
       nianbao batch collect OUT [--wait] [--results FILE ...]"""

DESCRIPTION = """Extract every report of a folder, a glob or a list file into OUT: tables parsed for every
report, the narrative labeled by the LLM (concurrent requests, resumable: kill it and rerun the same
command), outputs reports.jsonl, facts/tables/findings .csv and .parquet, summary.json.
'nianbao batch collect OUT' fetches the results of --mode batch-api jobs."""


class _UsageError(Exception):
    pass


def register_cli(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "batch", help="extract thousands of reports into OUT: resumable, concurrent, CSV/Parquet outputs",
        usage=USAGE, description=DESCRIPTION,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="folders (searched recursively), globs ('dir/**/*.pdf'), list files (@paths.txt), reports; "
                   "or 'collect OUT'")
    p.add_argument("-o", "--out", metavar="OUT", help="output folder (state, cache and results live here)")
    p.add_argument("--mode", choices=("live", "batch-api", "batch-file"), default="live",
                   help="live: call the LLM now (default); batch-api: submit an OpenAI Batch API job, collect "
                   "later; batch-file: only write the request files (for vllm run-batch)")
    p.add_argument("--concurrency", type=int, default=8, metavar="N", help="LLM requests in flight at most (default 8)")
    p.add_argument("--processes", type=int, default=0, metavar="N",
                   help="worker processes sharing the request slots (default: one per 16 slots, at most one per "
                   "CPU core; 1 for small batches)")
    p.add_argument("--token-budget", type=int, metavar="N",
                   help="stop cleanly once this run has spent N tokens (exit 4; rerun to go on)")
    p.add_argument("--timeout", type=float, metavar="S", help="per-request timeout in seconds (default: settings, 120)")
    p.add_argument("--retries", type=int, metavar="N",
                   help="transient-error retries per request (timeouts, 429, 5xx; default: settings, 4)")
    p.add_argument("--no-parquet", action="store_true", help="write the CSV/JSONL outputs only")
    p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    p.add_argument("--refresh-minutes", type=float, default=10.0, metavar="M",
                   help="rewrite the output files every M minutes during a long run (default 10; 0 = only at the end)")
    g = p.add_argument_group("collect")
    g.add_argument("--wait", action="store_true", help="poll until every Batch API job has ended")
    g.add_argument("--poll-interval", type=float, default=60.0, metavar="S", help="seconds between polls (default 60)")
    g.add_argument("--results", nargs="+", metavar="FILE", help="result files of vllm run-batch (batch-file mode)")
    add_llm_options(p)
    for action in p._actions:  # the batch keeps its answer cache in OUT
        if "--cache" in action.option_strings:
            action.help = f"answer cache (default OUT/{CACHE_FILE})"
    p.set_defaults(func=cmd_batch)


def _error(message: str) -> int:
    print(f"nianbao: error: {one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        if args.inputs[0] == "collect" and not os.path.exists("collect"):
            if len(args.inputs) > 2 or (len(args.inputs) == 2 and args.out):
                raise _UsageError("usage: nianbao batch collect OUT")
            out = args.inputs[1] if len(args.inputs) == 2 else args.out
            if not out:
                raise _UsageError("usage: nianbao batch collect OUT")
            return _collect(args, Path(out))
        if not args.out:
            raise _UsageError("give the output folder: nianbao batch INPUT -o OUT")
        if args.concurrency < 1:
            raise _UsageError("--concurrency must be at least 1")
        if args.processes < 0:
            raise _UsageError("--processes must be 1 or more (0: automatic)")
        if args.token_budget is not None and args.token_budget < 1:
            raise _UsageError("--token-budget must be positive")
        return _run(args, Path(args.out))
    except (_UsageError, InputError, StateError, PromptError, ConfigError, LocalModelError,
            batch_api.BatchApiError) as exc:
        return _error(str(exc))


# ---------------------------------------------------------------------------------------------
# signals
# ---------------------------------------------------------------------------------------------
@contextmanager
def _stop_on_signals(stop: StopSignal) -> Iterator[dict[str, int]]:
    """First SIGINT/SIGTERM: stop scheduling, let requests in flight finish and be saved. Second: quit now
    (the state is committed per report, so nothing is lost but the requests in flight)."""
    got: dict[str, int] = {}
    if threading.current_thread() is not threading.main_thread():
        yield got
        return

    def handler(signum: int, _frame: Any) -> None:
        if stop.is_set() and got:
            print("nianbao: stopped now", file=sys.stderr, flush=True)
            os._exit(128 + signum)
        got["signal"] = signum
        stop.set(f"stopped by {signal.Signals(signum).name}")
        print(f"nianbao: {signal.Signals(signum).name}: finishing the requests in flight, then stopping "
              "(again to quit at once; rerun the same command to continue)", file=sys.stderr, flush=True)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield got
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


# ---------------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------------
def _settings(args: argparse.Namespace, **explicit: Any) -> ProviderSettings:
    return ProviderSettings.resolve(
        config_path=args.config, timeout_s=args.timeout, max_transient_retries=args.retries, **explicit
    )


def _cache(args: argparse.Namespace, out: Path) -> AnswerCache | None:
    if args.no_cache:
        return None
    return AnswerCache(Path(args.cache) if args.cache else out / CACHE_FILE)


def _run(args: argparse.Namespace, out: Path) -> int:
    files = discover(args.inputs)
    prompt = load_prompt(args.prompt)
    settings = None if args.rules_only else _settings(args)
    if args.mode != "live":
        if settings is None:
            raise _UsageError(f"--mode {args.mode} needs an LLM: drop --rules-only")
        if args.mode == "batch-api" and (settings.base_url is None or not settings.model):
            raise _UsageError("--mode batch-api needs a remote endpoint and model: set NIANBAO_BASE_URL and NIANBAO_MODEL")
        if not settings.model:
            raise _UsageError("--mode batch-file needs the model the requests are for: set NIANBAO_MODEL")
    # the model whose results count as done; None (embedded model, named once it runs): any LLM model
    if settings is None:
        expected_model: str | None = "rules"
    else:
        expected_model = settings.model if (settings.base_url or args.mode != "live") else None
    started = time.perf_counter()
    with BatchState(out) as state:
        remove_stale_temps(out)
        sync = state.sync(files, fingerprint_matcher(prompt, expected_model))
        state.set_json("last_run", {
            "mode": args.mode, "prompt": args.prompt, "prompt_sha256": prompt.sha256, "config": args.config,
            "rules_only": bool(args.rules_only), "model": expected_model,
            "base_url": settings.base_url if settings else None,
            "cache": None if args.no_cache else str(Path(args.cache) if args.cache else out / CACHE_FILE),
            "started": time.time(),
        })
        redo = len(sync.todo) - sync.new
        _note(args, f"nianbao batch: {sync.total} reports → {out}: {sync.new} new, {sync.unchanged} unchanged (skipped), "
                    f"{redo} to (re)do" + (f", {sync.awaiting_batch} waiting for a Batch API job" if sync.awaiting_batch else ""))
        stop = StopSignal()
        with _stop_on_signals(stop) as got:
            if args.mode == "live":
                stats: RunStats = _run_live(args, state, sync.todo, prompt, settings, stop)
            else:
                stats = _submit(args, state, sync.todo, prompt, settings, stop)  # type: ignore[arg-type]
            summary = write_outputs(state, parquet=not args.no_parquet)
        code = _finish(args, state, stats, summary, time.perf_counter() - started)
        if got.get("signal"):
            return 128 + got["signal"]
        if stats.stopped and "budget" in stats.stopped and state.counts()["pending"]:
            return EXIT_BUDGET
        return code


def _note(args: argparse.Namespace, line: str) -> None:
    if not args.no_progress:
        print(line, file=sys.stderr, flush=True)


def _run_live(args: argparse.Namespace, state: BatchState, todo: list[str], prompt: Prompt,
              settings: ProviderSettings | None, stop: StopSignal) -> RunStats:
    if not todo:
        return RunStats()
    llm = settings is not None
    processes = args.processes or auto_processes(args.concurrency, len(todo), llm)
    processes = max(1, min(processes, len(todo)))
    refresh: Callable[[], None] | None = None
    if args.refresh_minutes > 0:
        def refresh() -> None:
            write_outputs(state, parquet=not args.no_parquet)
    cache_path = None if args.no_cache or not llm else str(Path(args.cache) if args.cache else state.out / CACHE_FILE)
    progress = BatchProgress(len(todo), "batch", enabled=not args.no_progress)
    try:
        if settings is None:
            return run_live(state, todo, prompt=prompt, prompt_spec=args.prompt, client=None, cache_path=None,
                            concurrency=1, processes=processes, stop=stop, progress=progress, refresh=refresh,
                            refresh_every_s=args.refresh_minutes * 60)
        with open_client(settings) as client:  # starts the embedded model when no endpoint is configured
            return run_live(state, todo, prompt=prompt, prompt_spec=args.prompt, client=client, cache_path=cache_path,
                            concurrency=args.concurrency, processes=processes, stop=stop, progress=progress,
                            token_limit=args.token_budget, refresh=refresh, refresh_every_s=args.refresh_minutes * 60)
    finally:
        progress.close()


def _submit(args: argparse.Namespace, state: BatchState, todo: list[str], prompt: Prompt,
            settings: ProviderSettings, stop: StopSignal) -> RunStats:
    assert settings.model is not None
    state.set_json("batch", {
        "prompt": args.prompt, "prompt_sha256": prompt.sha256, "model": settings.model, "base_url": settings.base_url,
        "config": args.config, "cache": None if args.no_cache else str(Path(args.cache) if args.cache else state.out / CACHE_FILE),
    })
    profile = profile_for(settings.model, settings.base_url)
    recorder = batch_api.RecordingClient(settings.model)
    cache = _cache(args, state.out)
    progress = BatchProgress(len(todo), "prepare", enabled=not args.no_progress)
    try:
        extractor = NarrativeExtractor(prompt, recorder, cache=cache)  # type: ignore[arg-type]  (duck-typed client)
        stats = batch_api.prepare(state, todo, extractor, recorder, profile,
                                  kind="api" if args.mode == "batch-api" else "file", stop=stop, progress=progress)
    finally:
        progress.close()
        if cache is not None:
            cache.close()
    if args.mode == "batch-api" and not stop.is_set():
        started = batch_api.upload_jobs(state, batch_api.api_client(settings))
        if started:
            print(f"submitted Batch API job(s) {', '.join(started)}: {stats.requests} requests for {stats.awaiting} "
                  f"reports; collect with: nianbao batch collect {state.out}", file=sys.stderr)
    elif args.mode == "batch-file":
        for job in state.jobs(["prepared"]):
            print(f"requests for vllm run-batch: {job['requests_file']} ({job['requests']} requests)", file=sys.stderr)
        if stats.jobs:
            print(f"run e.g.: vllm run-batch -i FILE -o RESULTS --model {settings.model}; then: "
                  f"nianbao batch collect {state.out} --results RESULTS...", file=sys.stderr)
    return stats


# ---------------------------------------------------------------------------------------------
# collect
# ---------------------------------------------------------------------------------------------
def _collect(args: argparse.Namespace, out: Path) -> int:
    started = time.perf_counter()
    with BatchState(out, create=False) as state:
        info = state.get_json("batch")
        if not info:
            raise _UsageError(f"{out} has no Batch API jobs (run nianbao batch INPUT -o OUT --mode batch-api first)")
        prompt = load_prompt(info["prompt"])
        if prompt.sha256 != info["prompt_sha256"]:
            raise _UsageError(f"prompt {info['prompt']} changed since the jobs were submitted: restore it to collect")
        has_api = any(j["kind"] == "api" for j in state.jobs())
        settings = ProviderSettings.resolve(config_path=info.get("config"), base_url=info["base_url"], model=info["model"],
                                            timeout_s=args.timeout, max_transient_retries=args.retries)
        client = batch_api.api_client(settings) if has_api else None
        profile = profile_for(info["model"], info["base_url"])
        answering = batch_api.AnsweringClient(info["model"], profile)
        cache = None if info.get("cache") is None else AnswerCache(info["cache"])
        extractor = NarrativeExtractor(prompt, answering, cache=cache)  # type: ignore[arg-type]  (duck-typed client)
        stats = batch_api.CollectStats()
        stop = StopSignal()
        try:
            with _stop_on_signals(stop) as got:
                if args.results:
                    stats.answers += batch_api.ingest_results_files(state, args.results)
                if client is not None:
                    batch_api.upload_jobs(state, client)
                progress = BatchProgress(len(state.paths_with_status("submitted")), "collect", enabled=not args.no_progress)
                try:
                    while True:
                        stored, running = batch_api.poll_jobs(state, client)
                        stats.answers += stored
                        batch_api.assemble_ready(state, extractor, answering, stop=stop, progress=progress, stats=stats)
                        if not running or not args.wait or stop.is_set():
                            break
                        _note(args, "waiting: " + "; ".join(running))
                        if _sleep(args.poll_interval, stop):
                            break
                finally:
                    progress.close()
                stats.running_jobs = running
                stats.file_jobs = [j["requests_file"] for j in state.jobs(["prepared"]) if j["kind"] == "file"]
                summary = write_outputs(state, parquet=not args.no_parquet)
        finally:
            if cache is not None:
                cache.close()
        code = _finish(args, state, stats, summary, time.perf_counter() - started)
        for line in stats.running_jobs:
            print(f"still running: {line}", file=sys.stderr)
        for name in stats.file_jobs:
            print(f"waiting for results of {name} (nianbao batch collect {out} --results FILE)", file=sys.stderr)
        if got.get("signal"):
            return 128 + got["signal"]
        if stats.running_jobs or stats.file_jobs or state.counts()["submitted"]:
            return EXIT_RUNNING
        return code


def _sleep(seconds: float, stop: StopSignal) -> bool:
    """Sleep up to ``seconds``; True when a stop was requested meanwhile."""
    end = time.monotonic() + seconds
    while not stop.is_set() and (left := end - time.monotonic()) > 0:
        time.sleep(min(0.2, left))
    return stop.is_set()


# ---------------------------------------------------------------------------------------------
# the summary
# ---------------------------------------------------------------------------------------------
def _finish(args: argparse.Namespace, state: BatchState, stats: RunStats, outputs: OutputSummary, seconds: float) -> int:
    counts = state.counts()
    totals = state.totals()
    rate = stats.processed / seconds * 60 if seconds > 0 else 0.0
    data = {
        "out": str(state.out),
        "reports": sum(counts.values()),
        "status": counts,
        "facts": outputs.facts,
        "problems": outputs.problems,
        "failed_checks": outputs.findings,
        "reports_with_failed_checks": outputs.reports_with_findings,
        "this_run": {
            "processed": stats.processed, "done": stats.done, "partial": stats.partial, "failed": stats.failed,
            "left_pending": stats.left_pending, "seconds": round(seconds, 3), "reports_per_minute": round(rate, 2),
            "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens, "llm_calls": stats.calls,
            "cached_chunks": stats.cached_chunks, "parse_share": round(stats.parse_share, 4), "stopped": stats.stopped,
            "processes": stats.processes, "first_result_s": stats.first_result_s,
        },
        "all_runs_tokens": totals,
        "files": outputs.files,
    }
    atomic_write(state.out / SUMMARY_FILE, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    lines = [
        f"batch {state.out}",
        f"  reports   {data['reports']}: {counts['done']} done, {counts['partial']} with LLM errors, {counts['failed']} failed, "
        f"{counts['pending']} pending" + (f", {counts['submitted']} waiting for a Batch API job" if counts["submitted"] else ""),
        f"  this run  {stats.processed} processed in {seconds:.1f} s ({rate:.1f} reports/min)"
        + (f"; {stats.left_pending} left pending" if stats.left_pending else "")
        + (f"; stopped: {stats.stopped}" if stats.stopped else ""),
        f"  LLM       {stats.calls:,} calls, {stats.input_tokens:,} tokens in, {stats.output_tokens:,} out, "
        f"{stats.cached_chunks:,} cached chunks (all runs: {int(totals['input_tokens'] + totals['output_tokens']):,} tokens)",
        f"  facts     {outputs.facts:,} ({outputs.problems:,} problems) · failed checks {outputs.findings:,} "
        f"in {outputs.reports_with_findings:,} reports",
        f"  outputs   {', '.join(outputs.files)}, {SUMMARY_FILE}",
    ]
    if outputs.parquet_note:
        lines.append(f"  note      {outputs.parquet_note}")
    for r in itertools.islice(state.iter_reports(("failed", "partial")), 5):
        lines.append(f"  {r.status:<9} {r.path}: {r.error}")
    print("\n".join(lines), flush=True)
    return EXIT_FAILED_REPORTS if counts["failed"] or counts["partial"] else EXIT_OK
