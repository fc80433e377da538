"""Stored eval runs for the viewer and list tests: a rules-only baseline and a candidate that lost a fact,
gained a spurious one whose text is markup, and shows a problem text its evidence does not support."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from extractor.cli import main
from tests.conftest import GOLD, REPORTS

SEED = "000_541c1237663619fb"
SMALL = "changchun_erdao_fangwuzhengshou_2022_2021fmt_blanks_partial"
HUNNAN = "hunnan_guoziju_2022_tables_missing"
MARKUP = "<script>window.__pwned = 1</script>"
UNSUPPORTED = "<img src=x onerror=window.__pwned=2>网站改版完成"


def write_suite(tmp_path: Path, name: str, reports: list[str], *, model: str = "rules", extra: str = "") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"name: {name}\nreports: {json.dumps(reports)}\nreports_dir: {REPORTS}\ngold_dir: {GOLD}\nmodel: {model}\n"
        f"thresholds: {{default: 0.05}}\n{extra}",
        encoding="utf-8",
    )
    return path


def quiet_main(args: list[str]) -> int:
    """``nianbao ARGS`` with its output kept off the test's captured streams."""
    out, err = sys.stdout, sys.stderr
    try:
        with open("/dev/null", "w", encoding="utf-8") as sink:
            sys.stdout = sys.stderr = sink
            return main(args)
    finally:
        sys.stdout, sys.stderr = out, err


def make_runs(tmp_path: Path, reports: list[str] | None = None) -> tuple[Path, Path, Path]:
    """(runs folder, baseline run, candidate run); the candidate is the baseline with a changed report
    ``SEED``, labeled ``v2`` and re-scored (``eval score``) so its run.json tells the truth."""
    suite = write_suite(tmp_path, "mini", reports or [SEED, SMALL, HUNNAN])
    runs = tmp_path / "runs"
    assert quiet_main(["eval", "run", str(suite), "--runs-dir", str(runs), "--label", "base",
                       "--description", "keyword rules"]) == 0
    (base,) = [p for p in runs.iterdir() if p.is_dir()]
    candidate = runs / base.name.replace("_base", "_v2").replace(base.name[:16], "29991231T000000Z")
    shutil.copytree(base, candidate)
    record = json.loads((candidate / "run.json").read_text(encoding="utf-8"))
    record.update(run_id=candidate.name, label="v2", description="the changed prompt", created="2999-12-31T00:00:00+00:00")
    (candidate / "run.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    change_case(candidate / "cases" / f"{SEED}.json")
    assert quiet_main(["eval", "score", str(candidate)]) == 0
    return runs, base, candidate


def change_case(path: Path) -> dict[str, Any]:
    case = json.loads(path.read_text(encoding="utf-8"))
    narrative = case["report"]["narrative"]
    lost = narrative["application_counts"].pop(0)
    narrative["other_counts"].append({**lost, "quantity": MARKUP, "value": 99999})
    narrative["problems"][0]["text"] = UNSUPPORTED
    narrative["problems"][0]["support"] = {"text_from": "llm", "score": 0.1}
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return lost
