"""Batch API mode: the narrative LLM requests as an OpenAI Batch job, collected later.

Submit (``nianbao batch INPUT -o OUT --mode batch-api``): every pending report is loaded and parsed,
and :class:`NarrativeExtractor` runs with a :class:`~extractor.llm.wrappers.RecordingClient` around a
:class:`~extractor.llm.wrappers.DeferringClient`: it records the messages of each chunk still unanswered in
the cache (and the answer model of each ask) and answers nothing.  Each request body is exactly what the live path sends:
instructor's own ``handle_response_model`` for the model profile's mode (JSON mode: its schema system
prompt and ``response_format``; TOOLS: ``tools``/``tool_choice``; MD_JSON: its closing instruction) plus
the profile's request parameters (temperature, token cap, ``extra_body`` keys merged at the top level).
Lines go to ``OUT/batch/requests-*.jsonl`` (``custom_id`` = report key + message hash), which are uploaded
(``POST /v1/files``, purpose ``batch``) and started (``POST /v1/batches``, ``/v1/chat/completions``, 24h);
the batch ids are kept in the state.  ``--mode batch-file`` stops after writing the files: run them with
``vllm run-batch`` (same line format) and collect with ``--results``.

Collect (``nianbao batch collect OUT``): ``GET /v1/batches/{id}``; when a job has ended, its output and
error files (``GET /v1/files/{id}/content``) are saved under ``OUT/batch/`` and every answer is stored in the
state.  A report whose requests are all resolved is then assembled by the same :class:`NarrativeExtractor`
code with an :class:`AnsweringClient`, which parses each answer with instructor's ``process_response``
and validates it against the ask's answer model (the narrative stage asks the same questions at submit
and collect: no ask depends on another's answer).  There is no re-ask in a batch: a value outside its
choices is no answer (the rules keep that item), an unreadable, missing or failed answer leaves that ask
to the rules and the report ``partial``; the next ``--mode batch-api`` run resubmits only those asks
(answered ones are in the cache).
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import openai
from instructor.processing.response import handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, Field
from typing_extensions import Unpack

from extractor.batch.limits import StopSignal
from extractor.batch.progress import BatchProgress
from extractor.batch.runner import RunStats, process_report
from extractor.batch.state import BatchState
from extractor.errors import NianbaoError
from extractor.llm.client import ExtractionOutcome, ExtractOptions, OutcomeKind, validation_summary
from extractor.llm.profiles import ModelProfile
from extractor.llm.settings import ProviderSettings
from extractor.llm.usage import TokenBudget, Usage
from extractor.llm.wrappers import RecordingClient
from extractor.narrative.extract import NarrativeExtractor
from extractor.util import atomic_write, error_line, one_line

BATCH_DIR = "batch"
CHAT_ENDPOINT: Final = "/v1/chat/completions"
T = TypeVar("T", bound=BaseModel)

MAX_REQUESTS_PER_JOB = 50_000  # OpenAI's limit per batch
MAX_BYTES_PER_JOB = 190 * 1024 * 1024  # OpenAI's limit is 200 MB per input file
RUNNING = ("validating", "in_progress", "finalizing", "cancelling")


class BatchApiError(NianbaoError, RuntimeError):
    """An endpoint problem during submit/collect; one line."""


def msg_hash(messages: Sequence[Mapping[str, Any]]) -> str:
    data = json.dumps([dict(m) for m in messages], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def request_body(messages: Sequence[Mapping[str, Any]], model: str, profile: ModelProfile,
                 response_model: type[BaseModel]) -> dict[str, Any]:
    """The chat-completions body the live path sends for ``messages`` (first attempt): instructor prepares
    it the same way (its mode's schema prompt and parameters; no Jinja templating: :class:`LLMClient` gives
    validators their context through a context variable, not through instructor's ``context``)."""
    _, kwargs = handle_response_model(response_model, mode=profile.mode, messages=copy.deepcopy([dict(m) for m in messages]))
    params = profile.request_params(response_model)
    extra = params.pop("extra_body", {})
    body: dict[str, Any] = {"model": model, **kwargs, **params}
    body.update(extra)  # the OpenAI SDK merges extra_body into the top level of the JSON body
    return body


class AnsweringClient:
    """A :class:`~extractor.llm.client.ChatClient` that serves the Batch API answers of one report (collect)."""

    def __init__(self, model: str, profile: ModelProfile) -> None:
        self._model = model
        self.profile = profile
        self.answers: dict[str, tuple[str | None, str | None]] = {}
        self._prepared: dict[type, Any] = {}

    @property
    def model(self) -> str:
        return self._model

    def new_budget(self) -> TokenBudget | None:
        return None

    def _prepared_model(self, response_model: type[BaseModel]) -> Any:
        if response_model not in self._prepared:
            prepared, _ = handle_response_model(response_model, mode=self.profile.mode, messages=[{"role": "user", "content": ""}])
            self._prepared[response_model] = prepared
        return self._prepared[response_model]

    def extract(
        self, messages: Sequence[Mapping[str, Any]], response_model: type[T], **options: Unpack[ExtractOptions]
    ) -> ExtractionOutcome[T]:
        validation_context = options.get("validation_context")
        found = self.answers.get(msg_hash(messages))
        if found is None:
            return ExtractionOutcome(value=None, usage=Usage(), model=self.model, kind=OutcomeKind.NO_ANSWER,
                                     error="no Batch API answer for this chunk (resubmit with --mode batch-api)")
        body, error = found
        if body is None:
            return ExtractionOutcome(value=None, usage=Usage(), model=self.model, kind=OutcomeKind.HTTP_ERROR,
                                     error=f"Batch API request failed: {error}")
        data = json.loads(body)
        raw_usage = data.get("usage") or {}
        usage = Usage(input_tokens=int(raw_usage.get("prompt_tokens") or 0),
                      output_tokens=int(raw_usage.get("completion_tokens") or 0), calls=1)
        raw = _raw_text(data)
        try:
            completion = ChatCompletion.model_validate(data)
            parsed = process_response(
                completion, response_model=self._prepared_model(response_model), stream=False,
                validation_context=validation_context, strict=self.profile.strict, mode=self.profile.mode,
            )
            value = response_model.model_validate(parsed.model_dump(), context=validation_context)
        except Exception as exc:
            return ExtractionOutcome(value=None, usage=usage, raw_outputs=[raw], model=self.model, kind=OutcomeKind.INVALID,
                                     error=f"model output failed validation (Batch API, no re-ask): {validation_summary(exc)}")
        return ExtractionOutcome(value=value, usage=usage, raw_outputs=[raw], model=self.model)


def _raw_text(data: Mapping[str, Any]) -> str:
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        return ""
    if message.get("content"):
        return str(message["content"])
    calls = message.get("tool_calls") or []
    return "\n".join(str(c.get("function", {}).get("arguments", "")) for c in calls)


def _api_error(exc: BaseException, what: str) -> BatchApiError:
    if isinstance(exc, openai.APIStatusError):
        return BatchApiError(f"{what}: HTTP {exc.status_code}: {one_line(exc.message, 200)}")
    if isinstance(exc, openai.APIConnectionError):
        return BatchApiError(f"{what}: cannot reach the endpoint ({type(exc).__name__})")
    return BatchApiError(f"{what}: {error_line(exc, 200)}")


def api_client(settings: ProviderSettings) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=settings.base_url, api_key=settings.api_key or "not-needed", timeout=settings.timeout_s,
        max_retries=settings.max_transient_retries,
    )


# ---------------------------------------------------------------------------------------------
# submit
# ---------------------------------------------------------------------------------------------
class SubmitStats(RunStats):
    requests: int = 0
    jobs: list[str] = Field(default_factory=list)
    awaiting: int = 0  # reports waiting for answers


def prepare(
    state: BatchState,
    todo: Sequence[str],
    extractor: NarrativeExtractor,
    recorder: RecordingClient,
    profile: ModelProfile,
    *,
    kind: str,
    stop: StopSignal,
    progress: BatchProgress,
    max_requests: int = MAX_REQUESTS_PER_JOB,
    max_bytes: int = MAX_BYTES_PER_JOB,
) -> SubmitStats:
    """Parse the pending reports and write their unanswered chunks as request files (jobs ``prepared``).
    Reports with nothing to ask (all chunks cached, no narrative, unreadable) are finished at once."""
    stats = SubmitStats()
    started = time.perf_counter()
    lines: list[bytes] = []
    requests: list[tuple[str, str, str]] = []
    size = 0
    stamp = time.strftime("%Y%m%d-%H%M%S")

    def flush() -> None:
        nonlocal lines, requests, size
        if not requests:
            return
        name = f"requests-{stamp}-{len(stats.jobs) + 1:03d}.jsonl"
        path = state.out / BATCH_DIR / name
        atomic_write(path, b"".join(lines))
        state.add_job(kind, str(path), requests)
        stats.jobs.append(name)
        lines, requests, size = [], [], 0

    for path in todo:
        if stop.is_set():
            break
        result = process_report(path, extractor)
        recorded = recorder.take()
        if result.status == "failed" or not recorded:
            state.commit(result)
            stats.add(result)
            progress.advance(error=result.status != "done")
            continue
        key = hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]
        seen: set[str] = set()
        report_lines: list[bytes] = []
        report_requests: list[tuple[str, str, str]] = []
        for call in recorded:
            h = msg_hash(call.messages)
            if h in seen:
                continue
            seen.add(h)
            custom_id = f"{key}-{h[:24]}"
            line = {"custom_id": custom_id, "method": "POST", "url": CHAT_ENDPOINT,
                    "body": request_body(call.messages, recorder.model, profile, call.response_model)}
            report_lines.append((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
            report_requests.append((custom_id, path, h))
        report_size = sum(len(b) for b in report_lines)
        if requests and (len(requests) + len(report_requests) > max_requests or size + report_size > max_bytes):
            flush()
        lines += report_lines
        requests += report_requests
        size += report_size
        stats.requests += len(report_requests)
        stats.awaiting += 1
        progress.advance()
    flush()
    stats.left_pending = len(todo) - stats.processed - stats.awaiting
    stats.stopped = stop.reason
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def upload_jobs(state: BatchState, client: openai.OpenAI) -> list[str]:
    """Upload and start every prepared ``api`` job (also those an interrupted run left); returns batch ids."""
    started: list[str] = []
    for job in state.jobs(["prepared", "uploaded"]):
        if job["kind"] != "api":
            continue
        path = Path(job["requests_file"])
        if job["status"] == "prepared":
            try:
                with open(path, "rb") as fh:
                    uploaded = client.files.create(file=(path.name, fh), purpose="batch")
            except OSError as exc:
                raise BatchApiError(f"cannot read {path}: {exc.strerror or exc}") from None
            except openai.OpenAIError as exc:
                raise _api_error(exc, f"uploading {path.name}") from None
            state.update_job(job["id"], status="uploaded", input_file_id=uploaded.id)
            job["input_file_id"] = uploaded.id
        try:
            batch = client.batches.create(
                input_file_id=job["input_file_id"], endpoint=CHAT_ENDPOINT, completion_window="24h",
                metadata={"nianbao_job": str(job["id"]), "nianbao_out": state.out.name[:200]},
            )
        except openai.OpenAIError as exc:
            raise _api_error(exc, f"creating the batch for {path.name}") from None
        state.update_job(job["id"], status="submitted", batch_id=batch.id, remote_status=batch.status)
        started.append(batch.id)
    return started


# ---------------------------------------------------------------------------------------------
# collect
# ---------------------------------------------------------------------------------------------
def parse_result_lines(text: str) -> list[tuple[str, str | None, str | None]]:
    """Batch output/error file lines (OpenAI and ``vllm run-batch``) → (custom_id, body JSON, error)."""
    out: list[tuple[str, str | None, str | None]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        custom_id = item.get("custom_id")
        if not isinstance(custom_id, str):
            continue
        response = item.get("response") or {}
        status = response.get("status_code")
        body = response.get("body")
        if status == 200 and isinstance(body, dict) and body.get("choices"):
            out.append((custom_id, json.dumps(body, ensure_ascii=False), None))
            continue
        error = item.get("error") or {}
        message = error.get("message") if isinstance(error, dict) else str(error)
        if not message and isinstance(body, dict):
            inner = body.get("error")
            message = inner.get("message") if isinstance(inner, dict) else inner
        out.append((custom_id, None, f"HTTP {status}: {message}" if status else str(message or "no answer")))
    return out


class CollectStats(RunStats):
    answers: int = 0
    running_jobs: list[str] = Field(default_factory=list)
    file_jobs: list[str] = Field(default_factory=list)


def poll_jobs(state: BatchState, client: openai.OpenAI | None) -> tuple[int, list[str]]:
    """Fetch the results of every ended ``api`` job; returns (answers stored, ids of jobs still running)."""
    stored = 0
    running: list[str] = []
    for job in state.jobs(["submitted"]):
        if job["kind"] != "api" or client is None:
            continue
        try:
            batch = client.batches.retrieve(job["batch_id"])
        except openai.OpenAIError as exc:
            raise _api_error(exc, f"checking batch {job['batch_id']}") from None
        state.update_job(job["id"], remote_status=batch.status)
        if batch.status in RUNNING:
            counts = batch.request_counts
            done = f" ({counts.completed + counts.failed}/{counts.total} requests)" if counts else ""
            running.append(f"{batch.id}: {batch.status}{done}")
            continue
        for file_id, suffix in ((batch.output_file_id, "output"), (batch.error_file_id, "errors")):
            if not file_id:
                continue
            try:
                data = client.files.content(file_id).read()
            except openai.OpenAIError as exc:
                raise _api_error(exc, f"downloading {file_id}") from None
            atomic_write(state.out / BATCH_DIR / f"job-{job['id']}-{batch.id}.{suffix}.jsonl", data)
            stored += state.store_answers(parse_result_lines(data.decode("utf-8", errors="replace")))
        detail = None
        if batch.status != "completed":
            errors = getattr(getattr(batch, "errors", None), "data", None) or []
            detail = f"batch {batch.id} ended {batch.status}" + (f": {errors[0].message}" if errors else "")
        state.fail_job_requests(job["id"], detail or f"batch {batch.id}: no answer for this request")
        state.update_job(job["id"], status="collected", output_file_id=batch.output_file_id,
                         error_file_id=batch.error_file_id, detail=detail)
    return stored, running


def ingest_results_files(state: BatchState, files: Sequence[str]) -> int:
    """Answers from local result files (``vllm run-batch -o FILE``); closes the jobs they complete."""
    stored = 0
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise BatchApiError(f"cannot read results file {name}: {exc.strerror or exc}") from None
        stored += state.store_answers(parse_result_lines(text))
    for job in state.jobs(["prepared", "uploaded", "submitted"]):
        if state.job_open_requests(job["id"]) == 0:
            state.update_job(job["id"], status="collected")
    return stored


def assemble_ready(
    state: BatchState,
    extractor: NarrativeExtractor,
    answering: AnsweringClient,
    *,
    stop: StopSignal,
    progress: BatchProgress,
    stats: CollectStats,
) -> None:
    """Finish every submitted report whose requests are all answered (or failed)."""
    for path in state.submitted_ready():
        if stop.is_set():
            break
        answering.answers = state.report_answers(path)
        result = process_report(path, extractor)
        state.commit(result)
        state.forget_requests([path])
        stats.add(result)
        progress.advance(error=result.status != "done")
