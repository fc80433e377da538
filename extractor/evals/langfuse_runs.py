"""A scored run as a Langfuse dataset run, with per-case scores; a silent no-op without Langfuse keys.

Dataset ``nianbao-<suite>`` holds one item per report (input: report name and sha256; expected output:
the gold file's sha256).  Each run becomes an experiment run named after the run id; its task returns
the stored outputs (no LLM call) and its evaluator attaches the case's scores (``all_counts.f1``,
``table_cells.accuracy``, ``cost.input_tokens`` …).  Keys, host: as for tracing (``LANGFUSE_PUBLIC_KEY``,
``LANGFUSE_SECRET_KEY``, ``LANGFUSE_HOST``/``LANGFUSE_BASE_URL``).  A Langfuse error never fails a run:
it is returned as one line for the caller to print.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from extractor.evals.runs import RunRecord
from extractor.evals.score import CaseScore
from extractor.util import error_line


class LangfuseUpload(BaseModel):
    dataset: str
    run_name: str
    items: int
    error: str | None = None


def langfuse_configured(env: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if env is None else env
    return bool((environ.get("LANGFUSE_PUBLIC_KEY") or "").strip() and (environ.get("LANGFUSE_SECRET_KEY") or "").strip())


def case_scores(case: CaseScore) -> dict[str, float]:
    """The numbers attached to one dataset-run item."""
    out: dict[str, float] = {}
    for field, part in case.fields.items():
        if part.kind in ("cells", "template"):
            metrics = {"accuracy": part.accuracy}
        else:
            metrics = {"precision": part.precision, "recall": part.recall, "f1": part.f1}
        out.update({f"{field}.{name}": round(value, 6) for name, value in metrics.items() if value is not None})
    cost = case.cost
    out.update({"cost.input_tokens": cost.input_tokens, "cost.output_tokens": cost.output_tokens,
                "cost.llm_calls": cost.calls, "cost.wall_seconds": cost.wall_seconds})
    return out


def publish_run(record: RunRecord, *, client: Any | None = None, env: Mapping[str, str] | None = None) -> LangfuseUpload | None:
    """Upload ``record`` as a dataset run; None (and nothing imported) when Langfuse is not configured."""
    if client is None and not langfuse_configured(env):
        return None
    dataset = f"nianbao-{record.suite.name}"
    upload = LangfuseUpload(dataset=dataset, run_name=record.run_id, items=0)
    try:
        client = client or _sdk_client(env)
        _ensure_dataset(client, dataset, record)
        cases = {f"{dataset}:{c.name}": c for c in record.scores.cases}
        for item_id, case in cases.items():
            summary = next(s for s in record.cases if s.name == case.name)
            client.create_dataset_item(
                dataset_name=dataset, id=item_id,
                input={"report": case.name, "report_sha256": summary.report_sha256},
                expected_output={"gold_sha256": case.gold_sha256},
                metadata={"report_path": summary.report_path, "narrative_complete": case.narrative_complete},
            )
        items = [item for item in client.get_dataset(dataset).items if item.id in cases]

        def task(*, item: Any, **_: Any) -> dict[str, Any]:
            case = cases[item.id]
            return {"error": case.error, "scores": case_scores(case)}

        def evaluator(*, output: dict[str, Any], **_: Any) -> list[Any]:
            from langfuse import Evaluation

            return [Evaluation(name=name, value=value) for name, value in output["scores"].items()]

        client.run_experiment(
            name=record.suite.name, run_name=record.run_id, data=items, task=task, evaluators=[evaluator],
            description=f"{record.prompt.id} on {record.model}",
            metadata={"prompt": record.prompt.id, "prompt_sha256": record.prompt.sha256, "model": record.model,
                      "git_commit": record.git_commit or ""},
            max_concurrency=4,
        )
        upload.items = len(items)
        client.flush()
    except Exception as exc:  # Langfuse trouble must never cost the run
        upload.error = error_line(exc)
    return upload


def _sdk_client(env: Mapping[str, str] | None) -> Any:
    from langfuse import Langfuse

    environ = os.environ if env is None else env
    kwargs: dict[str, Any] = {"public_key": environ["LANGFUSE_PUBLIC_KEY"].strip(), "secret_key": environ["LANGFUSE_SECRET_KEY"].strip()}
    host = (environ.get("LANGFUSE_HOST") or environ.get("LANGFUSE_BASE_URL") or "").strip()
    if host:
        kwargs["host"] = host
    return Langfuse(**kwargs)


def _ensure_dataset(client: Any, name: str, record: RunRecord) -> None:
    try:
        client.get_dataset(name)
    except Exception:
        client.create_dataset(name=name, description=f"nianbao eval suite {record.suite.name}: {record.suite.description}".strip(),
                              metadata={"suite": record.suite.name})
