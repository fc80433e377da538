"""Inputs for the review UI tests: reports.jsonl written by the rules-only extractor (no LLM)."""

from __future__ import annotations

import csv
import json
import shutil
import warnings
from functools import cache
from pathlib import Path

from extractor.llm.prompts import load_prompt
from extractor.load import load_document
from extractor.narrative.extract import NarrativeExtractor
from extractor.report import extract_document
from extractor.review.app import create_app
from extractor.review.reports import ReportSet
from extractor.review.store import DecisionStore

with warnings.catch_warnings():  # starlette's note that httpx2 is preferred
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
FAILING = "002_729ce6095ffb3585"  # two failed 勾稽 checks and a narrative/table disagreement
CLEAN = "000_541c1237663619fb"  # Traditional script, every check passes
SCRIPT_MARKUP = "<script>window.__pwned = 1</script>"


@cache
def extracted_json(path: str) -> str:
    report = extract_document(load_document(path), NarrativeExtractor(load_prompt("narrative@v2")))
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False)


def script_report(folder: Path) -> Path:
    """A report whose title and narrative contain markup (must show as text)."""
    text = (REPORTS / f"{CLEAN}.txt").read_text(encoding="utf-8")
    text = text.replace("\n", f" {SCRIPT_MARKUP}\n", 1)
    marker = "重點領域政府信息公開力度有待進一步加大"
    assert marker in text
    text = text.replace(marker, marker + SCRIPT_MARKUP, 1)
    path = folder / "script_report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def make_batch(folder: Path, names: tuple[str, ...] = (FAILING, CLEAN), *, with_script: bool = False) -> Path:
    """A batch output folder: copies of the reports under folder/reports and folder/out/reports.jsonl."""
    sources = folder / "reports"
    sources.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        target = sources / f"{name}.txt"
        shutil.copyfile(REPORTS / f"{name}.txt", target)
        paths.append(target)
    if with_script:
        paths.append(script_report(sources))
    out = folder / "out"
    out.mkdir(exist_ok=True)
    lines = [extracted_json(str(p)) for p in paths]
    lines.append(json.dumps({"path": str(sources / "broken.txt"), "error": "empty file: broken.txt"}))
    (out / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def client_for(out: Path, *, reviewer: str = "alice", db: Path | None = None) -> tuple[TestClient, ReportSet]:
    reports = ReportSet(out)
    store = DecisionStore(db or out / "review.sqlite")
    return TestClient(create_app(reports, store, default_reviewer=reviewer), base_url="http://127.0.0.1"), reports


def report_id(reports: ReportSet, name: str) -> str:
    return next(s.report_id for s in reports.summaries() if s.name == name)


def read_csv(path: Path) -> list[dict[str, str]]:
    """An output CSV with its Chinese headers renamed to keys by data_dictionary.csv (the documented rule)."""
    with open(path.parent / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        keys = {row["label"]: row["key"] for row in csv.DictReader(fh) if row["file"] == path.stem}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{keys[label]: value for label, value in row.items()} for row in csv.DictReader(fh)]
