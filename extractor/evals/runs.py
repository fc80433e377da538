"""Run a suite and store everything needed to score it again without the LLM.

A run lives in ``evals/runs/<UTC time>_<suite>_<prompt>/``:

* ``run.json`` – :class:`RunRecord`: suite (as read), prompt id and sha256, model, settings, the hashes of
  every input (report bytes, gold file), wall time, and the scores.
* ``cases/<name>.json`` – :class:`CaseRun`: the source text, the full ``ExtractedReport`` (facts, checks,
  ``narrative.usage``) and every LLM call of the report with its raw outputs.

``nianbao eval score RUN`` re-scores the stored outputs against the current gold files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.errors import NianbaoError
from extractor.evals.gold import GoldReport, load_gold
from extractor.evals.score import CaseScore, RunScores, aggregate, score_case
from extractor.evals.suites import Suite, SuiteCase
from extractor.llm.prompts import Prompt, PromptError, load_prompt
from extractor.llm.tracing import Tracer
from extractor.llm.usage import Usage
from extractor.llm.wrappers import RecordedCall, RecordingClient
from extractor.load import load_document
from extractor.models import SourceDocument
from extractor.narrative.extract import example_guard
from extractor.report import ExtractedReport, Extractor, ExtractorConfig
from extractor.util import atomic_write, error_line

_M = TypeVar("_M", bound=BaseModel)

DEFAULT_RUNS_DIR = Path("evals") / "runs"
RUN_FILE = "run.json"
CASES_DIR = "cases"


class RunError(NianbaoError, ValueError):
    """A run that cannot be found or read (one line)."""


class LLMCall(Usage):
    """One ``ChatClient.extract`` call as the narrative stage made it, with what it cost."""

    model_config = ConfigDict(frozen=False)

    name: str | None = None
    user_message: str = Field(default="", description="the chunk as sent (system and example come from the prompt file)")
    raw_outputs: list[str] = Field(default_factory=list, description="every completion text, re-asks included")
    error: str | None = None
    latency_s: float = 0.0

    @classmethod
    def of(cls, call: RecordedCall) -> LLMCall:
        outcome = call.outcome
        return cls(
            name=call.name, user_message=str(call.messages[-1]["content"]) if call.messages else "",
            raw_outputs=list(outcome.raw_outputs), error=outcome.error, latency_s=round(outcome.latency_s, 3),
        ) + outcome.usage


class CaseRun(BaseModel):
    """``cases/<name>.json``: what the extractor produced for one report."""

    name: str
    report_path: str
    report_sha256: str
    gold_path: str
    gold_sha256: str
    source_text: str
    wall_seconds: float = 0.0
    error: str | None = None
    report: ExtractedReport | None = None
    llm_calls: list[LLMCall] = Field(default_factory=list)


class CaseSummary(BaseModel):
    name: str
    report_path: str
    report_sha256: str
    gold_path: str
    gold_sha256: str
    wall_seconds: float
    error: str | None = None


class PromptInfo(BaseModel):
    id: str
    sha256: str
    spec: str


class RunRecord(BaseModel):
    run_id: str
    created: str
    suite: Suite
    suite_sha256: str
    prompt: PromptInfo
    model: str
    settings: str = Field(description="where the model ran, without secrets")
    git_commit: str | None = None
    argv: list[str] = Field(default_factory=list)
    cases: list[CaseSummary] = Field(default_factory=list)
    scores: RunScores
    langfuse: str | None = Field(default=None, description="the Langfuse dataset run, when uploaded")


# ---------------------------------------------------------------------------------------------
# running a suite
# ---------------------------------------------------------------------------------------------
class RunOverrides(BaseModel):
    """What the command line changes in a suite's extraction settings (unset: the suite's)."""

    prompt: str | None = None
    config_file: Path | None = None
    rules_only: bool = False
    cache: Path | None = None
    use_cache: bool = True
    decides: frozenset[str] | None = None


def suite_config(suite: Suite, overrides: RunOverrides | None = None) -> ExtractorConfig:
    """The suite's :class:`ExtractorConfig`, overridden by the command line; the suite's ``local_model``
    unless ``NIANBAO_LOCAL_MODEL`` is set."""
    given = overrides or RunOverrides()
    config_file = given.config_file or suite.config_path()
    decides = given.decides if given.decides is not None else (frozenset(suite.decides) if suite.decides is not None else None)
    return ExtractorConfig(
        prompt=given.prompt or suite.prompt_spec(),
        config_file=Path(config_file) if config_file else None,
        rules_only=given.rules_only or suite.model == "rules",
        cache=given.cache,
        use_cache=given.use_cache,
        local_model=None if os.environ.get("NIANBAO_LOCAL_MODEL") else suite.local_model,
        decides=decides,
    )


def run_suite(
    suite: Suite,
    *,
    overrides: RunOverrides | None = None,
    runs_dir: Path = DEFAULT_RUNS_DIR,
    progress: Callable[[str], None] | None = None,
    tracer: Tracer | None = None,
) -> tuple[RunRecord, Path]:
    """Extract every report of the suite, score, and store the run; returns the record and its folder."""
    say = progress or (lambda line: None)
    cases = suite.cases()
    golds = {case.name: load_gold(case.gold_path) for case in cases}  # a bad gold file fails before the model starts
    docs = {case.name: load_document(case.report_path) for case in cases}
    config = suite_config(suite, overrides)
    prompt = config.load_prompt()
    tracer = tracer or Tracer()
    case_runs: list[CaseRun] = []
    with Extractor(config, tracer=tracer) as extractor:
        narrative = extractor.narrative
        recorder = None
        if narrative.client is not None:
            recorder = narrative.client = RecordingClient(narrative.client)
        model = extractor.model
        settings = f"{extractor.describe()}; model decides: {', '.join(sorted(narrative.decides)) or 'nothing'}"
        for i, case in enumerate(cases, 1):
            case_run = _run_case(case, docs[case.name], golds[case.name], extractor, tracer, suite, prompt.id)
            if recorder is not None:
                case_run.llm_calls = [LLMCall.of(call) for call in recorder.take()]
            case_runs.append(case_run)
            say(f"[{i}/{len(cases)}] {_case_line(case_run)}")
    record = RunRecord(
        run_id="", created=datetime.now(timezone.utc).isoformat(timespec="seconds"), suite=suite,
        suite_sha256=_sha256_file(suite.path), prompt=PromptInfo(id=prompt.id, sha256=prompt.sha256, spec=config.prompt),
        model=model, settings=settings, git_commit=_git_commit(), argv=sys.argv[1:],
        cases=[CaseSummary(**c.model_dump(include=set(CaseSummary.model_fields))) for c in case_runs],
        scores=score_cases(case_runs, golds, suite.fields, prompt),
    )
    tag = "rules" if config.rules_only else prompt.id
    record.run_id = _new_run_id(runs_dir, suite.name, tag)
    run_dir = save_run(record, case_runs, runs_dir)
    return record, run_dir


def _run_case(
    case: SuiteCase, doc: SourceDocument, gold: GoldReport, extractor: Extractor, tracer: Tracer, suite: Suite,
    prompt_id: str,
) -> CaseRun:
    report: ExtractedReport | None = None
    error = None
    started = time.perf_counter()
    with tracer.report(f"eval:{suite.name}:{case.name}", {"suite": suite.name, "prompt": prompt_id}) as trace:
        try:
            report = extractor.extract_document(doc, trace=trace)
        except Exception as exc:  # one report's failure is recorded and scored as "nothing found"
            error = error_line(exc, 500)
    return CaseRun(
        name=case.name, report_path=str(case.report_path), report_sha256=doc.sha256, gold_path=str(case.gold_path),
        gold_sha256=gold.sha256, source_text=doc.text, wall_seconds=round(time.perf_counter() - started, 3),
        error=error, report=report,
    )


def _case_line(case: CaseRun) -> str:
    n = case.report.narrative if case.report is not None else None
    if case.error:
        return f"{case.name}: ERROR {case.error}"
    if n is None:
        return f"{case.name}: no narrative, {case.wall_seconds:.1f} s"
    u = n.usage
    return (f"{case.name}: {len(n.all_counts())} figures, {len(n.problems) + len(n.improvements)} problems/improvements, "
            f"{u.calls} LLM calls, {u.input_tokens}+{u.output_tokens} tokens, {case.wall_seconds:.1f} s")


def score_cases(
    case_runs: list[CaseRun], golds: dict[str, GoldReport], fields: list[str], prompt: Prompt | None = None
) -> RunScores:
    guard = example_guard(prompt) if prompt is not None else None
    scored: list[CaseScore] = [
        score_case(golds[c.name], c.report, c.source_text, fields, wall_seconds=c.wall_seconds, error=c.error, guard=guard)
        for c in case_runs
    ]
    return aggregate(scored, fields)


def _sha256_file(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _new_run_id(runs_dir: Path, suite: str, tag: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = re.sub(r"[^\w.-]+", "-", f"{stamp}_{suite}_{tag}").strip("-")
    run_id, n = base, 2
    while (runs_dir / run_id).exists():
        run_id, n = f"{base}-{n}", n + 1
    return run_id


# ---------------------------------------------------------------------------------------------
# storing and loading
# ---------------------------------------------------------------------------------------------
def save_run(record: RunRecord, case_runs: list[CaseRun], runs_dir: Path) -> Path:
    run_dir = runs_dir / record.run_id
    (run_dir / CASES_DIR).mkdir(parents=True, exist_ok=True)
    for case in case_runs:
        _write_json(run_dir / CASES_DIR / f"{case.name}.json", case.model_dump(mode="json"))
    write_record(record, run_dir)
    return run_dir


def write_record(record: RunRecord, run_dir: Path) -> None:
    _write_json(run_dir / RUN_FILE, record.model_dump(mode="json"))


def _write_json(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1))


def find_run(ref: str, runs_dir: Path = DEFAULT_RUNS_DIR) -> Path:
    """A run folder from: its path, its run.json, its id under ``runs_dir``, a unique id prefix, or ``latest``."""
    path = Path(ref)
    if path.name == RUN_FILE and path.is_file():
        return path.parent
    if (path / RUN_FILE).is_file():
        return path
    if runs_dir.is_dir():
        runs = sorted(p.parent for p in runs_dir.glob(f"*/{RUN_FILE}"))
        if ref == "latest" and runs:
            return runs[-1]
        if (runs_dir / ref / RUN_FILE).is_file():
            return runs_dir / ref
        matches = [p for p in runs if p.name.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RunError(f"run '{ref}' is ambiguous: {', '.join(p.name for p in matches[:5])}")
    raise RunError(f"run not found: {ref} (give a run folder, its run.json, or a run id under {runs_dir})")


def load_record(run_dir: Path) -> RunRecord:
    return _read(RunRecord, run_dir / RUN_FILE, "a run record")


def load_case(run_dir: Path, name: str) -> CaseRun:
    return _read(CaseRun, run_dir / CASES_DIR / f"{name}.json", "a stored case")


def _read(model: type[_M], path: Path, what: str) -> _M:
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RunError(f"cannot read {path}: {exc.strerror}") from None
    except ValidationError as exc:
        raise RunError(f"{path} is not {what}: {exc.errors()[0]['msg']}") from None


def rescore(run_dir: Path, *, gold_dir: Path | None = None, fields: list[str] | None = None) -> tuple[RunRecord, RunScores, list[str]]:
    """Score the stored outputs of a run against the gold files as they are now (no LLM call).

    Returns the record, the new scores and the names of the cases whose gold file changed since the run.
    """
    record = load_record(run_dir)
    case_runs = [load_case(run_dir, c.name) for c in record.cases]
    golds: dict[str, GoldReport] = {}
    for case in case_runs:
        path = Path(gold_dir) / f"{case.name}.json" if gold_dir else Path(case.gold_path)
        if not path.is_file():
            raise RunError(f"gold file not found: {path} (run from the repository root, or pass --gold DIR)")
        golds[case.name] = load_gold(path)
    changed = [c.name for c in case_runs if golds[c.name].sha256 != c.gold_sha256]
    try:
        prompt: Prompt | None = load_prompt(record.prompt.spec or record.prompt.id)
    except PromptError:
        prompt = None  # the prompt file is gone: no leak count against its example
    return record, score_cases(case_runs, golds, fields or record.suite.fields, prompt), changed
