from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
GOLD = ROOT / "evals" / "gold"
REPORT_NAMES = sorted(p.stem for p in GOLD.glob("*.json"))


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def report_text(name: str) -> str:
    return (REPORTS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(params=REPORT_NAMES)
def report_name(request: pytest.FixtureRequest) -> str:
    return request.param
