"""What ``nianbao batch`` does, as typed calls: :func:`run_batch` (live, or prepare/submit Batch API jobs)
and :func:`collect_batch` (fetch the answers of Batch API jobs and finish their reports).

:mod:`.runner` is the live-mode pool, :mod:`.batch_api` the Batch API, :mod:`.state` the SQLite state,
:mod:`.outputs` the files; here they are put together, with signals, the summary and the exit status:
0 every report done (or, for ``mode="batch-api"``, submitted); 1 the batch finished but some reports
failed or kept LLM errors (recorded in OUT; a rerun retries them); 4 the batch token budget was spent
(the rest stays pending: rerun with a larger budget); 5 Batch API jobs still running (collect again
later, or ``wait``); 128+N stopped by signal N (rerun to continue).  Bad input or options raise a
:class:`~extractor.errors.NianbaoError` (the command line: exit 2).
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.batch import batch_api
from extractor.batch.inputs import discover
from extractor.batch.limits import StopKind, StopSignal, physical_memory
from extractor.batch.outputs import OutputSummary, remove_stale_temps, write_outputs
from extractor.batch.progress import BatchProgress
from extractor.batch.runner import RunStats, auto_processes, fingerprint_matcher, run_live
from extractor.batch.state import BatchState, damaged_state
from extractor.batch.trends import TrendOptions
from extractor.errors import NianbaoError
from extractor.llm.cache import AnswerCache
from extractor.llm.connect import open_client
from extractor.llm.profiles import profile_for
from extractor.llm.prompts import Prompt, load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.llm.wrappers import DeferringClient, RecordingClient
from extractor.narrative.extract import NarrativeExtractor
from extractor.report import ExtractorConfig, model_decides
from extractor.util import atomic_write

__all__ = ["BatchOptions", "CollectOptions", "collect_batch", "run_batch"]

EXIT_OK, EXIT_FAILED_REPORTS, EXIT_BUDGET, EXIT_RUNNING = 0, 1, 4, 5
CACHE_FILE = "cache.sqlite"
DEFAULT_REPORT_TIMEOUT_S = ProviderSettings.model_fields["report_timeout_s"].default
SUMMARY_FILE = "summary.json"


class BatchUsageError(NianbaoError):
    """Options that do not go together (one line)."""


class _Common(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    out: Path
    timeout_s: float | None = Field(default=None, description="per-request timeout (default: settings, 120)")
    retries: int | None = Field(default=None, description="transient-error retries per request (default: settings, 4)")
    parquet: bool = True
    progress: bool = True
    jump_factor: float = Field(default=5.0, gt=1, description="trends: a key figure this many times last year's is a break")
    jump_min: float = Field(default=20.0, ge=0, description="trends: … when the larger of the two is at least this")

    @property
    def trend_options(self) -> TrendOptions:
        return TrendOptions(jump_factor=self.jump_factor, jump_min=self.jump_min)


class BatchOptions(_Common):
    """``nianbao batch INPUT... -o OUT``."""

    inputs: list[str]
    mode: Literal["live", "batch-api", "batch-file"] = "live"
    concurrency: int = Field(default=8, ge=1)
    processes: int = Field(default=0, ge=0, description="worker processes (0: automatic)")
    token_budget: int | None = Field(default=None, ge=1)
    refresh_minutes: float = 10.0
    report_timeout_s: float | None = Field(
        default=None, gt=0, description="per report, reading to the last LLM answer (default: settings, 900)")
    report_memory_mb: int = Field(default=2048, ge=1, description="per report: a file needing more is refused")
    memory_mb: int | None = Field(default=None, ge=1, description="for the reports in flight (default: half the RAM)")
    extractor: ExtractorConfig = Field(default_factory=ExtractorConfig)


class CollectOptions(_Common):
    """``nianbao batch collect OUT``."""

    wait: bool = False
    poll_interval_s: float = 60.0
    results: list[str] = Field(default_factory=list, description="result files of vllm run-batch (batch-file mode)")


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
        stop.set(f"stopped by {signal.Signals(signum).name}", StopKind.SIGNAL)
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
def _cache_path(config: ExtractorConfig, out: Path) -> Path | None:
    return config.cache_path(out / CACHE_FILE)


def run_batch(options: BatchOptions) -> int:
    """Extract every report of ``options.inputs`` into ``options.out`` (resumable); returns the exit status."""
    try:
        return _run_batch(options)
    except sqlite3.DatabaseError as exc:  # the state, damaged under a running batch
        raise damaged_state(options.out, exc) from None


def _run_batch(options: BatchOptions) -> int:
    config, out = options.extractor, options.out
    notices: list[str] = []
    files = discover(options.inputs, notices)
    for notice in notices:  # a folder left out is said, never just a smaller count
        print(f"nianbao: warning: {notice}", file=sys.stderr, flush=True)
    prompt = config.load_prompt()
    settings = config.resolve_settings(timeout_s=options.timeout_s, max_transient_retries=options.retries,
                                       report_timeout_s=options.report_timeout_s)
    if options.mode != "live":
        if settings is None:
            raise BatchUsageError(f"--mode {options.mode} needs an LLM: drop --rules-only")
        if options.mode == "batch-api" and (settings.base_url is None or not settings.model):
            raise BatchUsageError("--mode batch-api needs a remote endpoint and model: set NIANBAO_BASE_URL and NIANBAO_MODEL")
        if not settings.model:
            raise BatchUsageError("--mode batch-file needs the model the requests are for: set NIANBAO_MODEL")
    # the model whose results count as done; None (embedded model, named once it runs): any LLM model
    if settings is None:
        expected_model: str | None = "rules"
    else:
        expected_model = settings.model if (settings.base_url or options.mode != "live") else None
    cache_path = _cache_path(config, out)
    started = time.perf_counter()
    with BatchState(out) as state:
        remove_stale_temps(out)
        sync = state.sync(files, fingerprint_matcher(prompt, expected_model))
        state.set_json("last_run", {
            "mode": options.mode, "prompt": config.prompt, "prompt_sha256": prompt.sha256,
            "config": str(config.config_file) if config.config_file else None,
            "rules_only": config.rules_only, "model": expected_model,
            "base_url": settings.base_url if settings else None,
            "cache": str(cache_path) if cache_path else None,
            "started": time.time(),
        })
        redo = len(sync.todo) - sync.new
        _note(options, f"nianbao batch: {sync.total} reports → {out}: {sync.new} new, {sync.unchanged} unchanged (skipped), "
                       f"{redo} to (re)do" + (f", {sync.awaiting_batch} waiting for a Batch API job" if sync.awaiting_batch else ""))
        stop = StopSignal()
        with _stop_on_signals(stop) as got:
            if settings is None or options.mode == "live":
                stats: RunStats = _run_live(options, state, sync.todo, prompt, settings, stop)
            else:
                stats = _submit(options, state, sync.todo, prompt, settings, stop)
            stats.input_notices = notices
            summary = write_outputs(state, parquet=options.parquet, trend_options=options.trend_options)
        code = _finish(options, state, stats, summary, time.perf_counter() - started)
        if got.get("signal"):
            return 128 + got["signal"]
        if stats.stopped_kind is StopKind.BUDGET and state.counts()["pending"]:
            return EXIT_BUDGET
        return code


def _note(options: _Common, line: str) -> None:
    if options.progress:
        print(line, file=sys.stderr, flush=True)


def _run_live(options: BatchOptions, state: BatchState, todo: list[str], prompt: Prompt,
              settings: ProviderSettings | None, stop: StopSignal) -> RunStats:
    if not todo:
        return RunStats()
    llm = settings is not None
    processes = options.processes or auto_processes(options.concurrency, len(todo), llm)
    processes = max(1, min(processes, len(todo)))
    refresh: Callable[[], None] | None = None
    if options.refresh_minutes > 0:
        def refresh() -> None:
            write_outputs(state, parquet=options.parquet, trend_options=options.trend_options)
    cache_path = _cache_path(options.extractor, state.out) if llm else None
    progress = BatchProgress(len(todo), "batch", enabled=options.progress)
    spec = options.extractor.prompt
    physical = physical_memory()
    limits: dict[str, Any] = {
        "report_seconds": options.report_timeout_s or (settings.report_timeout_s if settings else DEFAULT_REPORT_TIMEOUT_S),
        "report_memory": options.report_memory_mb * 2**20,
        "memory": options.memory_mb * 2**20 if options.memory_mb else (physical // 2 if physical else 8 * 2**30),
    }
    try:
        if settings is None:
            return run_live(state, todo, prompt=prompt, prompt_spec=spec, client=None, cache_path=None,
                            concurrency=1, processes=processes, stop=stop, progress=progress, refresh=refresh,
                            refresh_every_s=options.refresh_minutes * 60, **limits)
        with open_client(settings) as client:  # starts the embedded model when no endpoint is configured
            return run_live(state, todo, prompt=prompt, prompt_spec=spec, client=client,
                            cache_path=str(cache_path) if cache_path else None,
                            concurrency=options.concurrency, processes=processes, stop=stop, progress=progress,
                            token_limit=options.token_budget, refresh=refresh,
                            refresh_every_s=options.refresh_minutes * 60,
                            decides=model_decides(options.extractor, client.model, client.settings.base_url),
                            **limits)
    finally:
        progress.close()


def _submit(options: BatchOptions, state: BatchState, todo: list[str], prompt: Prompt,
            settings: ProviderSettings, stop: StopSignal) -> RunStats:
    assert settings.model is not None
    config = options.extractor
    cache_path = _cache_path(config, state.out)
    decides = model_decides(config, settings.model, settings.base_url)
    state.set_json("batch", {
        "prompt": config.prompt, "prompt_sha256": prompt.sha256, "model": settings.model, "base_url": settings.base_url,
        "config": str(config.config_file) if config.config_file else None,
        "cache": str(cache_path) if cache_path else None, "decides": sorted(decides),
    })
    profile = profile_for(settings.model, settings.base_url)
    recorder = RecordingClient(DeferringClient(settings.model))
    cache = AnswerCache(cache_path) if cache_path else None
    progress = BatchProgress(len(todo), "prepare", enabled=options.progress)
    try:
        extractor = NarrativeExtractor(prompt, recorder, cache=cache, decides=decides)
        stats = batch_api.prepare(state, todo, extractor, recorder, profile,
                                  kind="api" if options.mode == "batch-api" else "file", stop=stop, progress=progress)
    finally:
        progress.close()
        if cache is not None:
            cache.close()
    if options.mode == "batch-api" and not stop.is_set():
        started = batch_api.upload_jobs(state, batch_api.api_client(settings))
        if started:
            print(f"submitted Batch API job(s) {', '.join(started)}: {stats.requests} requests for {stats.awaiting} "
                  f"reports; collect with: nianbao batch collect {state.out}", file=sys.stderr)
    elif options.mode == "batch-file":
        for job in state.jobs(["prepared"]):
            print(f"requests for vllm run-batch: {job['requests_file']} ({job['requests']} requests)", file=sys.stderr)
        if stats.jobs:
            print(f"run e.g.: vllm run-batch -i FILE -o RESULTS --model {settings.model}; then: "
                  f"nianbao batch collect {state.out} --results RESULTS...", file=sys.stderr)
    return stats


# ---------------------------------------------------------------------------------------------
# collect
# ---------------------------------------------------------------------------------------------
def collect_batch(options: CollectOptions) -> int:
    """Fetch the answers of the Batch API jobs of ``options.out`` and finish their reports; the exit status."""
    try:
        return _collect_batch(options)
    except sqlite3.DatabaseError as exc:
        raise damaged_state(options.out, exc) from None


def _collect_batch(options: CollectOptions) -> int:
    started = time.perf_counter()
    out = options.out
    with BatchState(out, create=False) as state:
        info = state.get_json("batch")
        if not info:
            raise BatchUsageError(f"{out} has no Batch API jobs (run nianbao batch INPUT -o OUT --mode batch-api first)")
        prompt = load_prompt(info["prompt"])
        if prompt.sha256 != info["prompt_sha256"]:
            raise BatchUsageError(f"prompt {info['prompt']} changed since the jobs were submitted: restore it to collect")
        has_api = any(j["kind"] == "api" for j in state.jobs())
        settings = ProviderSettings.resolve(config_path=info.get("config"), base_url=info["base_url"], model=info["model"],
                                            timeout_s=options.timeout_s, max_transient_retries=options.retries)
        client = batch_api.api_client(settings) if has_api else None
        profile = profile_for(info["model"], info["base_url"])
        answering = batch_api.AnsweringClient(info["model"], profile)
        cache = None if info.get("cache") is None else AnswerCache(info["cache"])
        decides = frozenset(info["decides"]) if "decides" in info else profile.narrative_fields  # as submitted
        extractor = NarrativeExtractor(prompt, answering, cache=cache, decides=decides)
        stats = batch_api.CollectStats()
        stop = StopSignal()
        try:
            with _stop_on_signals(stop) as got:
                if options.results:
                    stats.answers += batch_api.ingest_results_files(state, options.results)
                if client is not None:
                    batch_api.upload_jobs(state, client)
                progress = BatchProgress(len(state.paths_with_status("submitted")), "collect", enabled=options.progress)
                try:
                    while True:
                        stored, running = batch_api.poll_jobs(state, client)
                        stats.answers += stored
                        batch_api.assemble_ready(state, extractor, answering, stop=stop, progress=progress, stats=stats)
                        if not running or not options.wait or stop.is_set():
                            break
                        _note(options, "waiting: " + "; ".join(running))
                        if _sleep(options.poll_interval_s, stop):
                            break
                finally:
                    progress.close()
                stats.running_jobs = running
                stats.file_jobs = [j["requests_file"] for j in state.jobs(["prepared"]) if j["kind"] == "file"]
                summary = write_outputs(state, parquet=options.parquet, trend_options=options.trend_options)
        finally:
            if cache is not None:
                cache.close()
        code = _finish(options, state, stats, summary, time.perf_counter() - started)
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
def _finish(options: _Common, state: BatchState, stats: RunStats, outputs: OutputSummary, seconds: float) -> int:
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
        "trend_breaks": outputs.trend_breaks,
        "this_run": {
            "processed": stats.processed, "done": stats.done, "partial": stats.partial, "failed": stats.failed,
            "left_pending": stats.left_pending, "seconds": round(seconds, 3), "reports_per_minute": round(rate, 2),
            "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens, "llm_calls": stats.calls,
            "cached_chunks": stats.cached_chunks, "parse_share": round(stats.parse_share, 4), "stopped": stats.stopped,
            "processes": stats.processes, "first_result_s": stats.first_result_s,
        },
        "input_notices": stats.input_notices,
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
        f"in {outputs.reports_with_findings:,} reports"
        + (f" ({outputs.trend_breaks:,} breaks between a body's consecutive years)" if outputs.trend_breaks else ""),
        f"  outputs   {', '.join(outputs.files)}, {SUMMARY_FILE}",
    ]
    if outputs.parquet_note:
        lines.append(f"  note      {outputs.parquet_note}")
    for notice in stats.input_notices[:5]:
        lines.append(f"  inputs    {notice}")
    for r in itertools.islice(state.iter_reports(("failed", "partial")), 5):
        lines.append(f"  {r.status:<9} {r.path}: {r.error}")
    print("\n".join(lines), flush=True)
    return EXIT_FAILED_REPORTS if counts["failed"] or counts["partial"] else EXIT_OK
