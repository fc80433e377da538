"""Live mode: reports processed by a thread pool, at most ``concurrency`` LLM requests in flight.

Each worker takes one report at a time: load → parse the tables → label the narrative chunks (one LLM
call per chunk, through :class:`BoundedClient`) → every check → flat rows.  The main thread alone writes
the state (one transaction per finished report) and draws the progress.  :class:`BoundedClient` wraps
the thread-safe :class:`~extractor.llm.openai_client.LLMClient` for :class:`NarrativeExtractor`: a semaphore bounds
the requests in flight; the batch token budget and a stop request (Ctrl-C, SIGTERM) are checked before
every request and raise :class:`BatchStop`, which leaves the report ``pending`` (its answered chunks are in
the answer cache, so finishing it later costs only the chunks not yet answered).  Transient errors,
429/Retry-After and the per-request timeout are handled inside ``LLMClient`` (tenacity).

With ``processes > 1`` the same worker threads run in spawned worker processes, each with its share of
the request slots, its own ``LLMClient`` and answer-cache connection; the token count and the stop flag
are shared, results come back over a queue and the main process still commits them one by one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue as stdqueue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from extractor.batch.limits import (
    BatchStop,
    BoundedClient,
    MemoryGate,
    ReportLimits,
    ReportOverLimit,
    StopKind,
    StopSignal,
    TokenMeter,
)
from extractor.batch.progress import BatchProgress
from extractor.batch.records import ReportRows, ReportStatus, ReportSummary, ReportUsage, report_rows
from extractor.batch.state import BatchState, ReportResult, pack, pack_rows
from extractor.llm.cache import AnswerCache
from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import Prompt, load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.llm.usage import TokenBudget, Usage
from extractor.load import LoadError, load_document
from extractor.models import SCHEMA_VERSION
from extractor.narrative.extract import NarrativeExtractor
from extractor.narrative.schema import NARRATIVE_SCHEMA_VERSION, NarrativeUsage
from extractor.report import extract_document
from extractor.util import error_line, one_line

T = TypeVar("T", bound=BaseModel)


# ---------------------------------------------------------------------------------------------
# one report
# ---------------------------------------------------------------------------------------------
def fingerprint(prompt: Prompt, model: str) -> str:
    """What decides a report's result besides its file: the batch redoes a report when this changes."""
    return f"{prompt.id}#{prompt.sha256[:16]}|{model}|narrative-{NARRATIVE_SCHEMA_VERSION}|report-{SCHEMA_VERSION}"


def fingerprint_matcher(prompt: Prompt, model: str | None) -> Callable[[str | None], bool]:
    """``model`` None (the embedded model, whose name is known only once it runs): any LLM model."""

    def ok(stored: str | None) -> bool:
        if stored is None:
            return False
        if model is not None:
            return stored == fingerprint(prompt, model)
        head, _, rest = stored.partition("|")
        stored_model, _, tail = rest.partition("|")
        want_head, _, want_rest = fingerprint(prompt, "x").partition("|")
        return head == want_head and stored_model != "rules" and tail == want_rest.partition("|")[2]

    return ok


def _failure(path: str, error: str, started: float, size: int | None, mtime_ns: int | None) -> ReportResult:
    seconds = round(time.perf_counter() - started, 4)
    summary = ReportSummary(path=path, status="failed", error=error, seconds=seconds)
    rows = ReportRows(summary=summary, facts=[], findings=[], cells={}, extra_cells={})
    return ReportResult(path=path, status="failed", size=size, mtime_ns=mtime_ns, error=error, rows_blob=pack_rows(rows),
                        seconds=seconds)


def process_report(
    path: str,
    extractor: NarrativeExtractor,
    *,
    bounded: BoundedClient | None = None,
    limits: ReportLimits | None = None,
    stop: StopSignal | None = None,
) -> ReportResult:
    """Load, parse, label and check one report within its ``limits``.  Never raises, except :class:`BatchStop`."""
    started = time.perf_counter()
    # the report's LLM time is counted from here: reading and parsing are part of its time limit
    budget = bounded.new_budget() if bounded is not None else None
    if bounded is not None:
        bounded.begin_report()
    try:
        st = os.stat(path)
        size, mtime_ns = st.st_size, st.st_mtime_ns
    except OSError:
        size, mtime_ns = None, None
    memory = limits.memory if limits is not None else None
    try:
        with memory.reserve(size or 0, stop) if memory is not None else contextlib.nullcontext():
            result = _process(path, extractor, bounded, budget, started, size, mtime_ns)
    except ReportOverLimit as exc:
        return _failure(path, str(exc), started, size, mtime_ns)
    over = limits.over_time(time.perf_counter() - started) if limits is not None else None
    if over is not None and result.status != "failed":
        errors = f"; {result.error}" if result.error else ""
        return _failure(path, one_line(over + errors, 300), started, size, mtime_ns)
    return result


def _process(
    path: str, extractor: NarrativeExtractor, bounded: BoundedClient | None, budget: TokenBudget | None,
    started: float, size: int | None, mtime_ns: int | None,
) -> ReportResult:
    try:
        doc = load_document(path)
    except LoadError as exc:
        return _failure(path, one_line(exc, 300), started, size, mtime_ns)
    except Exception as exc:
        return _failure(path, f"cannot read: {error_line(exc, 200)}", started, size, mtime_ns)
    try:
        report = extract_document(doc, extractor, budget=budget)
        seconds = round(time.perf_counter() - started, 4)
        llm_seconds = round(bounded.report_llm_seconds(), 4) if bounded is not None else 0.0
        wait_seconds = round(bounded.report_wait_seconds(), 4) if bounded is not None else 0.0
        narrative = report.narrative
        usage = narrative.usage if narrative is not None else NarrativeUsage()
        errors = narrative.errors if narrative is not None else []
        status: ReportStatus = "partial" if errors else "done"
        error = f"{len(errors)} narrative chunk(s) without an LLM answer (rules used): {errors[0]}" if errors else None
        cost = ReportUsage(cached_chunks=usage.cached_chunks, seconds=seconds, llm_seconds=llm_seconds) + usage
        rows = report_rows(report, path=path, status=status, usage=cost)
        # the JSON of nianbao extract --json, compact (model_dump_json: 10x faster than json.dumps)
        report_blob = pack(report.model_dump_json())
        rows_blob = pack_rows(rows)
    except BatchStop:
        raise
    except Exception as exc:  # a bug on one report must not stop the batch
        return _failure(path, f"internal error: {error_line(exc, 200)}", started, size, mtime_ns)
    return ReportResult(
        path=path, status=status, size=size, mtime_ns=mtime_ns, sha256=doc.sha256,
        fingerprint=fingerprint(extractor.prompt, extractor.model), error=error, report_blob=report_blob,
        rows_blob=rows_blob, wait_seconds=wait_seconds,
        unreachable=bounded.report_unreachable() if bounded is not None else False, **dict(cost),
    )


# ---------------------------------------------------------------------------------------------
# the pool: threads in this process, or worker processes each with its threads
# ---------------------------------------------------------------------------------------------
class RunStats(Usage):
    """What one run of a batch did: reports by status, their LLM usage, timings, why it stopped."""

    model_config = ConfigDict(frozen=False)

    processed: int = 0
    done: int = 0
    partial: int = 0
    failed: int = 0
    left_pending: int = 0
    cached_chunks: int = 0
    seconds: float = 0.0
    report_seconds: float = 0.0  # summed over reports, waits for a request slot excluded
    llm_seconds: float = 0.0  # summed over reports: time inside LLM requests
    processes: int = 1
    first_result_s: float | None = None  # from the start to the first finished report (workers starting up)
    stopped: str | None = None
    stopped_kind: StopKind | None = None
    input_notices: list[str] = Field(default_factory=list)  # folders not read (batch.inputs.discover)

    @property
    def parse_share(self) -> float:
        """Share of a report's working time (waits for a request slot excluded) spent outside LLM requests:
        loading, parsing the tables, chunking, assembling the facts, checks, serializing."""
        return 0.0 if self.report_seconds <= 0 else max(0.0, 1 - self.llm_seconds / self.report_seconds)

    def add(self, result: ReportResult) -> None:
        self.processed += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        self += result  # the LLM usage (the counters of Usage)
        self.cached_chunks += result.cached_chunks
        self.report_seconds += max(0.0, result.seconds - result.wait_seconds)
        self.llm_seconds += result.llm_seconds


UNREACHABLE_STOP = 5  # stop the batch after this many reports in a row could not reach the endpoint


class WorkerConfig(BaseModel):
    """What a worker process needs to build its own extractor (sent to it at start)."""

    prompt: str
    prompt_sha256: str
    settings: ProviderSettings | None  # None: rules only
    cache: str | None
    slots: int  # LLM requests in flight at most, in this process
    threads: int
    token_limit: int | None
    decides: frozenset[str] | None = None  # the narrative fields the model decides
    report_seconds: float | None = None  # per-report time limit
    memory: int | None = None  # bytes for the reports in flight in this process
    report_memory: int | None = None  # bytes per report at most


def _serve(extractor: NarrativeExtractor, bounded: BoundedClient | None, tasks: Any, results: Any, stop: StopSignal,
           limits: ReportLimits | None = None) -> None:
    """A worker thread: process paths from ``tasks`` until a ``None``; every outcome goes to ``results``."""
    while True:
        path = tasks.get()
        if path is None:
            return
        if stop.is_set():
            results.put(("stopped", path))
            continue
        try:
            result = process_report(path, extractor, bounded=bounded, limits=limits, stop=stop)
        except BatchStop:
            results.put(("stopped", path))
            continue
        except BaseException as exc:  # never leave the main loop waiting for this path
            results.put(("stopped", path))
            results.put(("fatal", f"worker thread failed: {error_line(exc, 200)}"))
            return
        results.put(("done", result))


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_main(config_json: str, tasks: Any, results: Any, stop_event: Any, tokens: Any) -> None:
    """Entry point of a worker process (spawned): its own LLM client, cache connection and threads."""
    _die_with_parent()  # a SIGKILLed batch takes its workers with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop (shared stop event)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    cache: AnswerCache | None = None
    client: LLMClient | None = None
    try:
        config = WorkerConfig.model_validate_json(config_json)
        prompt = load_prompt(config.prompt)
        if prompt.sha256 != config.prompt_sha256:
            raise RuntimeError(f"prompt {config.prompt} changed while the batch was starting")
        stop = StopSignal(stop_event)
        bounded: BoundedClient | None = None
        if config.settings is not None:
            client = LLMClient(config.settings)
            cache = AnswerCache(config.cache) if config.cache else None
            bounded = BoundedClient(client, config.slots, TokenMeter(config.token_limit, tokens), stop)
        extractor = NarrativeExtractor(prompt, bounded, cache=cache, decides=config.decides)
        limits = _limits(config.report_seconds, config.memory, config.report_memory)
    except Exception as exc:
        results.put(("fatal", f"worker process could not start: {error_line(exc, 200)}"))
        return
    threads = [
        threading.Thread(target=_serve, args=(extractor, bounded, tasks, results, stop, limits), daemon=True)
        for _ in range(config.threads)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if client is not None:
        client.close()
    if cache is not None:
        cache.close()
    results.put(("exit", os.getpid()))


def _limits(seconds: float | None, memory: int | None, per_report: int | None) -> ReportLimits:
    gate = MemoryGate(memory, per_report or memory) if memory is not None else None
    return ReportLimits(seconds, gate)


def split_slots(concurrency: int, processes: int) -> list[int]:
    base, extra = divmod(concurrency, processes)
    return [base + (1 if i < extra else 0) for i in range(processes)]


def workers_for(slots: int, llm: bool) -> int:
    """Threads for ``slots`` request slots: a few more, so that parsing overlaps the requests; 1 without LLM
    (parsing is CPU-bound Python: threads would only add contention)."""
    return slots + max(1, slots // 4) if llm else 1


def auto_processes(concurrency: int, reports: int, llm: bool) -> int:
    """Worker processes when ``--processes`` is not given: one per 16 request slots (rules only: one per 50
    reports), at most one per CPU core; a single process for small batches."""
    cores = os.cpu_count() or 1
    if reports < 64:
        return 1
    wanted = concurrency // 16 if llm else reports // 50
    return max(1, min(cores, wanted))


def run_live(
    state: BatchState,
    todo: Sequence[str],
    *,
    prompt: Prompt,
    prompt_spec: str,
    client: LLMClient | None,
    cache_path: str | None,
    concurrency: int,
    processes: int,
    stop: StopSignal,
    progress: BatchProgress,
    token_limit: int | None = None,
    refresh: Callable[[], None] | None = None,
    refresh_every_s: float = 600.0,
    decides: frozenset[str] | None = None,
    report_seconds: float | None = None,
    memory: int | None = None,
    report_memory: int | None = None,
) -> RunStats:
    """Process ``todo`` (paths registered as pending); the main thread commits each report as it finishes.

    ``processes == 1``: worker threads in this process.  More: spawned worker processes, each with its
    share of the request slots, its own ``LLMClient`` and answer-cache connection, the token count and the
    stop flag shared; parsing then runs on several cores.  ``stop`` is the caller's flag (signals): once
    set, nothing new is scheduled and no new LLM request is sent; requests in flight finish and are saved.
    """
    stats = RunStats(processes=processes)
    started = time.perf_counter()
    llm = client is not None
    queue: deque[str] = deque(todo)
    children: list[Any] = []
    threads: list[threading.Thread] = []
    cache: AnswerCache | None = None
    if llm:
        processes = stats.processes = max(1, min(processes, concurrency))  # at least one request slot each
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if processes > 1 and main_file and not os.path.exists(main_file):
        processes = stats.processes = 1  # spawned workers re-import __main__: impossible from <stdin>
    if processes <= 1:
        tasks: Any = stdqueue.Queue()
        results: Any = stdqueue.Queue()
        shared_stop = stop
        meter = TokenMeter(token_limit)
        bounded = BoundedClient(client, concurrency, meter, stop) if client is not None else None
        cache = AnswerCache(cache_path) if (cache_path and llm) else None
        extractor = NarrativeExtractor(prompt, bounded, cache=cache, decides=decides)
        limits = _limits(report_seconds, memory, report_memory)
        n_threads = workers_for(concurrency, llm)
        threads = [
            threading.Thread(target=_serve, args=(extractor, bounded, tasks, results, stop, limits), daemon=True,
                             name=f"nianbao-batch-{i}")
            for i in range(n_threads)
        ]
        for t in threads:
            t.start()
    else:
        ctx = multiprocessing.get_context("spawn")
        tasks = ctx.Queue()
        results = ctx.Queue()
        shared_stop = StopSignal(ctx.Event())
        shared_tokens = ctx.Value("q", 0)
        meter = TokenMeter(token_limit, shared_tokens)
        if cache_path and llm:
            AnswerCache(cache_path).close()  # a damaged file is set aside here, once, not by every worker
        n_threads = 0
        process_memory = memory // processes if memory is not None else None
        for slots in split_slots(concurrency, processes) if llm else [1] * processes:
            config = WorkerConfig(
                prompt=prompt_spec, prompt_sha256=prompt.sha256,
                settings=client.settings if client is not None else None, cache=cache_path if llm else None,
                slots=max(1, slots), threads=workers_for(max(1, slots), llm), token_limit=token_limit, decides=decides,
                report_seconds=report_seconds, memory=process_memory, report_memory=report_memory,
            )
            n_threads += config.threads
            child = ctx.Process(target=_child_main, name="nianbao-batch-worker", daemon=True,
                                args=(config.model_dump_json(), tasks, results, shared_stop._event, shared_tokens))
            child.start()
            children.append(child)
    window = 2 * n_threads  # paths handed out ahead: enough to keep every thread busy, few to take back
    queued = 0
    unreachable = 0  # reports in a row whose LLM endpoint could not be reached
    last_refresh = time.monotonic()

    def alive() -> int:
        return sum(c.is_alive() for c in children) if children else sum(t.is_alive() for t in threads)

    def handle(kind: str, payload: Any) -> None:
        nonlocal queued, unreachable
        if kind == "done":
            queued -= 1
            state.commit(payload)
            stats.add(payload)
            if stats.first_result_s is None:
                stats.first_result_s = round(time.perf_counter() - started, 3)
            progress.advance(error=payload.status != "done")
            if payload.status == "partial" and payload.unreachable:
                unreachable += 1
                if unreachable >= UNREACHABLE_STOP:
                    stop.set(f"the LLM endpoint is unreachable ({UNREACHABLE_STOP} reports in a row): "
                             + payload.error.split(": ", 1)[-1], StopKind.UNREACHABLE)
            elif payload.status == "done":
                unreachable = 0
        elif kind == "stopped":
            queued -= 1
        elif kind == "fatal":
            stop.set(str(payload), StopKind.FAILED)

    try:
        while True:
            if meter.spent and not stop.is_set():
                stop.set(meter.describe(), StopKind.BUDGET)
            if stop.is_set() and not shared_stop.is_set():
                shared_stop.set(stop.reason or "stopped", stop.kind or StopKind.FAILED)
            while queue and queued < window and not stop.is_set():
                tasks.put(queue.popleft())
                queued += 1
            if queued == 0:
                break
            try:
                handle(*results.get(timeout=0.25))
            except stdqueue.Empty:
                if alive() == 0:  # every worker is gone with work outstanding
                    stop.set(stop.reason or "the workers ended unexpectedly; their reports stay pending", StopKind.FAILED)
                    break
                if children and alive() < len(children) and not stop.is_set():
                    code = next(c.exitcode for c in children if not c.is_alive())
                    stop.set(f"a worker process died (exit code {code}); its reports stay pending", StopKind.FAILED)
            progress.set_tokens(meter.used)
            if refresh is not None and time.monotonic() - last_refresh >= refresh_every_s:
                refresh()
                last_refresh = time.monotonic()
    finally:
        if stop.is_set() and not shared_stop.is_set():
            shared_stop.set(stop.reason or "stopped", stop.kind or StopKind.FAILED)
        for _ in range(n_threads):
            tasks.put(None)
        if children:
            deadline = time.monotonic() + 60
            while any(c.is_alive() for c in children) and time.monotonic() < deadline:
                # keep reading: a finished report is committed, and a child cannot exit with unread results
                with contextlib.suppress(stdqueue.Empty):
                    handle(*results.get(timeout=0.2))
            for c in children:
                if c.is_alive():
                    c.kill()
                c.join(timeout=5)
        else:
            for t in threads:
                t.join()
        while True:  # results that arrived last
            try:
                handle(*results.get_nowait())
            except (stdqueue.Empty, EOFError, OSError):
                break
        if cache is not None:
            cache.close()
    stats.left_pending = len(todo) - stats.processed
    stats.stopped, stats.stopped_kind = stop.reason, stop.kind
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats
