"""Run a suite and store everything needed to score it again without the LLM.

A run lives in ``evals/runs/<UTC time>_<suite>_<prompt>[_<label>]/``:

* ``run.json`` – :class:`RunRecord`: what the run was (label and description, the git commit with a dirty
  flag and the hash of the uncommitted diff, suite as read, prompt id and sha256, model, settings, gold
  version, machine), the hashes of every input (report bytes, gold file), wall time, the scores of the first
  repeat and the statistics of all repeats (intervals, flip rates: :mod:`extractor.evals.stats`).
* ``cases/<name>.json`` – :class:`CaseRun`: the source text, the full ``ExtractedReport`` (facts, checks,
  ``narrative.usage``) and every LLM call of the report with its raw outputs.
* ``repeats/<k>/<name>.json`` – the same for repeat k = 2 … K (``eval run --repeat K``).

``nianbao eval score RUN`` re-scores the stored outputs against the current gold files; :func:`list_runs`
is ``nianbao eval list``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.errors import NianbaoError
from extractor.evals.gold import GoldReport, load_gold
from extractor.evals.score import CaseScore, RunScores, aggregate, score_case
from extractor.evals.stats import RunStats, run_stats
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
REPEATS_DIR = "repeats"
HEADLINE_FIELDS: tuple[str, ...] = ("table_cells", "all_counts", "problems", "improvements")
_UNTRACKED_HASH_LIMIT = 8 * 1024 * 1024  # bigger untracked files enter the diff hash by size only


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


class GitInfo(BaseModel):
    """The code a run ran: the commit, and whether (and how) the work tree differed from it."""

    commit: str
    branch: str | None = None
    dirty: bool = False
    diff_sha256: str | None = Field(
        default=None, description="sha256 of `git diff HEAD` and the untracked files (names and bytes); None when clean"
    )
    changed: list[str] = Field(default_factory=list, description="`git status --porcelain` lines (at most 50)")


class Machine(BaseModel):
    platform: str
    machine: str
    python: str
    cpus: int | None = None
    cpus_usable: int | None = None


class RunRecord(BaseModel):
    run_id: str
    created: str
    label: str | None = None
    description: str | None = None
    suite: Suite
    suite_sha256: str
    prompt: PromptInfo
    model: str
    settings: str = Field(description="where the model ran, without secrets")
    cache: str | None = Field(default=None, description="the answer cache used, or 'off'")
    git_commit: str | None = None
    git: GitInfo | None = None
    gold_version: str | None = Field(default=None, description="sha256 over the names and sha256s of the gold files")
    machine: Machine | None = None
    argv: list[str] = Field(default_factory=list)
    repeat: int = Field(default=1, description="how many times the suite ran (--repeat)")
    cases: list[CaseSummary] = Field(default_factory=list)
    repeat_cases: list[list[CaseSummary]] = Field(default_factory=list, description="repeats 2 … K")
    scores: RunScores = Field(description="the first repeat")
    stats: RunStats | None = Field(default=None, description="every repeat: intervals and flip rates")
    langfuse: str | None = Field(default=None, description="the Langfuse dataset run, when uploaded")

    @property
    def commit(self) -> str | None:
        return self.git.commit if self.git is not None else self.git_commit

    def headline(self, field: str) -> tuple[float | None, float | None, float | None]:
        """(value, low, high) of a field: all repeats pooled with the interval where the run has statistics."""
        if self.stats is not None and field in self.stats.fields:
            fs = self.stats.fields[field]
            return fs.value, fs.low, fs.high
        score = self.scores.fields.get(field)
        return (score.primary if score is not None else None), None, None


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
    repeat: int = 1,
    label: str | None = None,
    description: str | None = None,
) -> tuple[RunRecord, Path]:
    """Extract every report of the suite ``repeat`` times (the answer cache bypassed when more than once),
    score, and store the run; returns the record and its folder."""
    if repeat < 1:
        raise RunError(f"--repeat must be at least 1, not {repeat}")
    label = _clean_label(label)
    say = progress or (lambda line: None)
    cases = suite.cases()
    golds = {case.name: load_gold(case.gold_path) for case in cases}  # a bad gold file fails before the model starts
    docs = {case.name: load_document(case.report_path) for case in cases}
    given = overrides or RunOverrides()
    if repeat > 1:  # a cached answer would repeat itself: the model must answer every time
        given = given.model_copy(update={"use_cache": False})
    config = suite_config(suite, given)
    prompt = config.load_prompt()
    git = git_state()  # before the run: what the code was when it started
    tracer = tracer or Tracer()
    repeats: list[list[CaseRun]] = []
    with Extractor(config, tracer=tracer) as extractor:
        narrative = extractor.narrative
        recorder = None
        if narrative.client is not None:
            recorder = narrative.client = RecordingClient(narrative.client)
        model = extractor.model
        settings = f"{extractor.describe()}; model decides: {', '.join(sorted(narrative.decides)) or 'nothing'}"
        for k in range(1, repeat + 1):
            case_runs: list[CaseRun] = []
            for i, case in enumerate(cases, 1):
                case_run = _run_case(case, docs[case.name], golds[case.name], extractor, tracer, suite, prompt.id, k)
                if recorder is not None:
                    case_run.llm_calls = [LLMCall.of(call) for call in recorder.take()]
                case_runs.append(case_run)
                where = f"repeat {k}/{repeat} " if repeat > 1 else ""
                say(f"[{where}{i}/{len(cases)}] {_case_line(case_run)}")
            repeats.append(case_runs)
    scored = [score_case_list(case_runs, golds, suite.fields, prompt) for case_runs in repeats]
    cache_file = config.cache_path()
    cache = None if config.rules_only else "off" if cache_file is None else str(cache_file)
    record = RunRecord(
        run_id="", created=datetime.now(timezone.utc).isoformat(timespec="seconds"), label=label,
        description=description or None, suite=suite, suite_sha256=_sha256_file(suite.path),
        prompt=PromptInfo(id=prompt.id, sha256=prompt.sha256, spec=config.prompt), model=model, settings=settings,
        cache=cache, git_commit=git.commit if git is not None else None, git=git,
        gold_version=gold_version(golds.values()), machine=machine_info(), argv=sys.argv[1:], repeat=repeat,
        cases=[_summary(c) for c in repeats[0]], repeat_cases=[[_summary(c) for c in rep] for rep in repeats[1:]],
        scores=aggregate(scored[0], suite.fields), stats=suite_stats(suite, scored),
    )
    tag = "rules" if config.rules_only else prompt.id
    record.run_id = _new_run_id(runs_dir, suite.name, tag, label)
    run_dir = save_run(record, repeats[0], runs_dir, repeats=repeats[1:])
    return record, run_dir


def suite_stats(suite: Suite, repeats: Sequence[Sequence[CaseScore]]) -> RunStats:
    """Intervals and flip rates with the suite's confidence, draws and seed."""
    return run_stats(repeats, suite.fields, confidence=suite.confidence, samples=suite.bootstrap, seed=suite.seed)


def _summary(case: CaseRun) -> CaseSummary:
    return CaseSummary(**case.model_dump(include=set(CaseSummary.model_fields)))


def _clean_label(label: str | None) -> str | None:
    if label is None or not label.strip():
        return None
    label = label.strip()
    if len(label) > 80 or not re.fullmatch(r"[\w.@+-]+", label):
        raise RunError(f"label '{label[:80]}': use 1-80 letters, digits and . _ - @ + (it becomes part of the run id)")
    return label


def _run_case(
    case: SuiteCase, doc: SourceDocument, gold: GoldReport, extractor: Extractor, tracer: Tracer, suite: Suite,
    prompt_id: str, repeat: int = 1,
) -> CaseRun:
    report: ExtractedReport | None = None
    error = None
    started = time.perf_counter()
    trace_name = f"eval:{suite.name}:{case.name}" + (f"#{repeat}" if repeat > 1 else "")
    with tracer.report(trace_name, {"suite": suite.name, "prompt": prompt_id}) as trace:
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
    return aggregate(score_case_list(case_runs, golds, fields, prompt), fields)


def score_case_list(
    case_runs: Sequence[CaseRun], golds: dict[str, GoldReport], fields: list[str], prompt: Prompt | None = None
) -> list[CaseScore]:
    guard = example_guard(prompt) if prompt is not None else None
    return [
        score_case(golds[c.name], c.report, c.source_text, fields, wall_seconds=c.wall_seconds, error=c.error, guard=guard)
        for c in case_runs
    ]


def _sha256_file(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _git(args: list[str], cwd: Path | None) -> bytes | None:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def git_state(cwd: Path | None = None) -> GitInfo | None:
    """The commit of the repository around ``cwd`` (default: the current directory), whether the work tree
    differs from it (tracked changes or untracked files that are not ignored), and a hash of that
    difference: ``git diff HEAD`` plus every untracked file's name and bytes.  None outside a repository."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    commit = _git(["rev-parse", "HEAD"], cwd)
    if top is None or commit is None:
        return None
    root = Path(top.decode("utf-8", "replace").strip())
    status = (_git(["status", "--porcelain", "--untracked-files=all"], root) or b"").decode("utf-8", "replace")
    lines = [line for line in status.splitlines() if line.strip()]
    branch = (_git(["rev-parse", "--abbrev-ref", "HEAD"], root) or b"").decode("utf-8", "replace").strip() or None
    info = GitInfo(commit=commit.decode("ascii", "replace").strip(), branch=branch, dirty=bool(lines), changed=lines[:50])
    if info.dirty:
        digest = hashlib.sha256(_git(["diff", "HEAD", "--binary"], root) or b"")
        untracked = (_git(["ls-files", "--others", "--exclude-standard", "-z"], root) or b"").split(b"\0")
        for name in sorted(n for n in untracked if n):
            digest.update(b"\0untracked\0" + name + b"\0")
            path = root / os.fsdecode(name)
            try:
                size = path.stat().st_size
                digest.update(hashlib.sha256(path.read_bytes()).digest() if size <= _UNTRACKED_HASH_LIMIT else str(size).encode())
            except OSError:
                digest.update(b"unreadable")
        info.diff_sha256 = digest.hexdigest()
    return info


def machine_info() -> Machine:
    try:
        usable: int | None = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = None
    return Machine(platform=platform.platform(), machine=platform.machine(), python=platform.python_version(),
                   cpus=os.cpu_count(), cpus_usable=usable)


def gold_version(golds: Iterable[GoldReport]) -> str:
    """One hash over the gold files a run scored against (their names and sha256s, sorted)."""
    digest = hashlib.sha256()
    for gold in sorted(golds, key=lambda g: g.name):
        digest.update(f"{gold.name}\0{gold.sha256}\n".encode())
    return digest.hexdigest()


def _new_run_id(runs_dir: Path, suite: str, tag: str, label: str | None = None) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = re.sub(r"[^\w.-]+", "-", f"{stamp}_{suite}_{tag}" + (f"_{label}" if label else "")).strip("-")
    run_id, n = base, 2
    while (runs_dir / run_id).exists():
        run_id, n = f"{base}-{n}", n + 1
    return run_id


# ---------------------------------------------------------------------------------------------
# storing and loading
# ---------------------------------------------------------------------------------------------
def save_run(
    record: RunRecord, case_runs: list[CaseRun], runs_dir: Path, *, repeats: Sequence[Sequence[CaseRun]] = ()
) -> Path:
    """Write the cases (first repeat under ``cases/``, repeat k under ``repeats/k/``), then ``run.json``."""
    run_dir = runs_dir / record.run_id
    for k, cases in enumerate([case_runs, *repeats], 1):
        folder = _cases_dir(run_dir, k)
        folder.mkdir(parents=True, exist_ok=True)
        for case in cases:
            _write_json(folder / f"{case.name}.json", case.model_dump(mode="json"))
    write_record(record, run_dir)
    return run_dir


def _cases_dir(run_dir: Path, repeat: int) -> Path:
    return run_dir / CASES_DIR if repeat == 1 else run_dir / REPEATS_DIR / str(repeat)


def write_record(record: RunRecord, run_dir: Path) -> None:
    _write_json(run_dir / RUN_FILE, record.model_dump(mode="json"))


def _write_json(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1))


def find_run(ref: str, runs_dir: Path = DEFAULT_RUNS_DIR, *, paths: bool = True) -> Path:
    """A run folder from: its path, its run.json, its id under ``runs_dir``, ``latest``, a unique id
    prefix, or a label (the newest run with it).  ``paths=False`` takes only what names a run under
    ``runs_dir`` (the viewer's query strings)."""
    path = Path(ref)
    if paths and path.name == RUN_FILE and path.is_file():
        return path.parent
    if paths and (path / RUN_FILE).is_file():
        return path
    if not paths and (not ref or "/" in ref or "\\" in ref or ref.startswith(".")):
        raise RunError(f"run not found: {ref[:80]} (give a run id or label)")
    if runs_dir.is_dir():
        runs = sorted(p.parent for p in runs_dir.glob(f"*/{RUN_FILE}"))
        if ref == "latest" and runs:
            return runs[-1]
        if (runs_dir / ref / RUN_FILE).is_file():
            return runs_dir / ref
        matches = [p for p in runs if p.name.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        labeled = [e for e in list_runs(runs_dir) if e.label == ref and e.error is None]
        if labeled:
            return Path(labeled[0].path)
        if len(matches) > 1:
            raise RunError(f"run '{ref}' is ambiguous: {', '.join(p.name for p in matches[:5])}")
    raise RunError(f"run not found: {ref} (give a run folder, its run.json, a run id or label under {runs_dir})")


def load_record(run_dir: Path) -> RunRecord:
    return _read(RunRecord, run_dir / RUN_FILE, "a run record")


def load_case(run_dir: Path, name: str, repeat: int = 1) -> CaseRun:
    """The stored case of report ``name`` (of repeat ``repeat``, 1 = the first)."""
    return _read(CaseRun, _cases_dir(run_dir, repeat) / f"{name}.json", "a stored case")


def _read(model: type[_M], path: Path, what: str) -> _M:
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RunError(f"cannot read {path}: {exc.strerror}") from None
    except ValidationError as exc:
        raise RunError(f"{path} is not {what}: {exc.errors()[0]['msg']}") from None


def rescore(run_dir: Path, *, gold_dir: Path | None = None, fields: list[str] | None = None) -> tuple[RunRecord, RunScores, list[str]]:
    """Score the stored outputs of a run against the gold files as they are now (no LLM call).

    Returns the record, the new scores (of the first repeat) and the names of the cases whose gold file
    changed since the run.
    """
    done = rescore_all(run_dir, gold_dir=gold_dir, fields=fields, stats=False)
    return done.record, done.scores, done.changed


@dataclass
class Rescored:
    """A stored run scored again: every repeat, the gold it was scored against, and its statistics."""

    run_dir: Path
    record: RunRecord
    fields: list[str]
    repeats: list[list[CaseScore]]
    golds: dict[str, GoldReport]
    changed: list[str]
    scores: RunScores
    stats: RunStats | None
    prompt: Prompt | None


def rescore_all(
    run_dir: Path, *, gold_dir: Path | None = None, fields: list[str] | None = None, stats: bool = True
) -> Rescored:
    """:func:`rescore` for every repeat of a run, with the statistics (intervals, flip rates) unless
    ``stats`` is False."""
    record = load_record(run_dir)
    names = [[c.name for c in record.cases], *[[c.name for c in rep] for rep in record.repeat_cases]]
    repeats = [[load_case(run_dir, name, k) for name in rep] for k, rep in enumerate(names, 1)]
    golds: dict[str, GoldReport] = {}
    for case in repeats[0]:
        path = Path(gold_dir) / f"{case.name}.json" if gold_dir else Path(case.gold_path)
        if not path.is_file():
            raise RunError(f"gold file not found: {path} (run from the repository root, or pass --gold DIR)")
        golds[case.name] = load_gold(path)
    missing = sorted({c.name for rep in repeats[1:] for c in rep} - set(golds))
    if missing:
        raise RunError(f"{run_dir}: repeats hold reports the first one lacks: {', '.join(missing[:5])}")
    changed = [c.name for c in repeats[0] if golds[c.name].sha256 != c.gold_sha256]
    try:
        prompt: Prompt | None = load_prompt(record.prompt.spec or record.prompt.id)
    except PromptError:
        prompt = None  # the prompt file is gone: no leak count against its example
    chosen = fields or record.suite.fields
    scored = [score_case_list(rep, golds, chosen, prompt) for rep in repeats]
    return Rescored(
        run_dir=run_dir, record=record, fields=list(chosen), repeats=scored, golds=golds, changed=changed,
        scores=aggregate(scored[0], chosen), stats=suite_stats(record.suite, scored) if stats else None, prompt=prompt,
    )


# ---------------------------------------------------------------------------------------------
# listing
# ---------------------------------------------------------------------------------------------
class Headline(BaseModel):
    value: float | None = None
    low: float | None = None
    high: float | None = None
    flip_rate: float | None = None


class RunEntry(BaseModel):
    """One line of ``nianbao eval list``."""

    run_id: str
    path: str
    created: str = ""
    suite: str = ""
    label: str | None = None
    description: str | None = None
    commit: str | None = None
    dirty: bool | None = None
    diff_sha256: str | None = None
    prompt: str = ""
    prompt_sha256: str = ""
    model: str = ""
    reports: int = 0
    repeat: int = 1
    gold_version: str | None = None
    scores: dict[str, Headline] = Field(default_factory=dict)
    tokens_per_report: int = 0
    calls_per_report: int = 0
    reasks_per_report: int = 0
    seconds_per_report: float = 0.0
    error: str | None = Field(default=None, description="why run.json could not be read")


def run_entry(record: RunRecord, run_dir: Path) -> RunEntry:
    cost = record.scores.cost.per_report
    entry = RunEntry(
        run_id=record.run_id, path=str(run_dir), created=record.created, suite=record.suite.name, label=record.label,
        description=record.description, commit=record.commit, dirty=record.git.dirty if record.git is not None else None,
        diff_sha256=record.git.diff_sha256 if record.git is not None else None, prompt=record.prompt.id,
        prompt_sha256=record.prompt.sha256, model=record.model, reports=record.scores.cost.reports, repeat=record.repeat,
        gold_version=record.gold_version, tokens_per_report=cost.input_tokens + cost.output_tokens,
        calls_per_report=cost.calls, reasks_per_report=cost.reasks, seconds_per_report=cost.wall_seconds,
    )
    for field in record.scores.fields:
        value, low, high = record.headline(field)
        fs = record.stats.fields.get(field) if record.stats is not None else None
        entry.scores[field] = Headline(value=value, low=low, high=high, flip_rate=fs.flip_rate if fs is not None else None)
    return entry


def list_runs(runs_dir: Path = DEFAULT_RUNS_DIR, *, suite: str | None = None, label: str | None = None) -> list[RunEntry]:
    """Every run stored under ``runs_dir``, newest first; ``suite`` (a name) and ``label`` (a name or a
    glob such as ``v2*``) filter.  A run.json that cannot be read is listed with its error."""
    entries: list[RunEntry] = []
    if not runs_dir.is_dir():
        return entries
    for path in runs_dir.glob(f"*/{RUN_FILE}"):
        try:
            entry = run_entry(load_record(path.parent), path.parent)
        except RunError as exc:
            entry = RunEntry(run_id=path.parent.name, path=str(path.parent), error=str(exc))
        if suite is not None and entry.suite != suite:
            continue
        if label is not None and (entry.label is None or not fnmatch.fnmatchcase(entry.label, label)):
            continue
        entries.append(entry)
    entries.sort(key=lambda e: (e.created, e.run_id), reverse=True)
    return entries
