from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from extractor.narrative.schema import NarrativeFacts

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
GOLD = ROOT / "evals" / "gold"
REPORT_NAMES = sorted(p.stem for p in GOLD.glob("*.json"))


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def report_text(name: str) -> str:
    return (REPORTS / f"{name}.txt").read_text(encoding="utf-8")


def section_five_items(source: str) -> list[tuple[str | None, str]]:
    """(part, flat text) of every problem and measure the rules read in the section 五 of ``source``."""
    from extractor.narrative.items import flat, problem_points
    from extractor.normalize import normalize
    from extractor.segment import find_sections

    text = normalize(source).text
    five = next(s for s in find_sections(text) if s.key == "problems")
    return [(p.part, flat(text[p.start : p.end])) for p in problem_points(text, five)]


def rules_narrative(source: str) -> NarrativeFacts:
    """The narrative facts the keyword rules alone read in ``source`` (no model, no work classifier; the current
    prompt's version)."""
    from extractor.llm.prompts import load_prompt
    from extractor.load import load_text
    from extractor.narrative.extract import NarrativeExtractor
    from extractor.report import extract_document

    n = extract_document(load_text(source), NarrativeExtractor(load_prompt("narrative@v2"), learned_work=False)).narrative
    assert n is not None
    return n


def rules_zeros(source: str) -> list[tuple[str, float]]:
    """(quantity, value) of the application, review/litigation and fee counts the rules read in ``source``."""
    n = rules_narrative(source)
    return [(f.quantity, f.value) for k in ("application_counts", "review_litigation_counts", "fees") for f in getattr(n, k)]


@pytest.fixture(params=REPORT_NAMES)
def report_name(request: pytest.FixtureRequest) -> str:
    return request.param


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figure per layout class, when tests/test_layouts.py ran."""
    import sys

    module = sys.modules.get("tests.test_layouts")
    scores = getattr(module, "SCORES", None)
    if not scores:
        return
    terminalreporter.section("cells read per layout class (tests/layouts.py)")
    terminalreporter.write_line(f"{'class':<20} {'renderings':>10} {'cells':>7} {'exact':>7} {'share':>8} {'flagged':>8} {'silent':>7}")
    for klass, s in scores.items():
        share = s.exact / s.cells if s.cells else 1.0
        terminalreporter.write_line(f"{klass:<20} {s.renderings:>10} {s.cells:>7} {s.exact:>7} {share:>8.2%} {s.wrong_flagged:>8} {s.wrong_silent:>7}")
