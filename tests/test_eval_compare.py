"""The gate (extractor/evals/compare.py) on hand-made scores: paired against point, noise, cost, faithfulness."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.evals.compare import compare_runs, comparison_html, format_comparison, format_gate
from extractor.evals.runs import PromptInfo, RunRecord
from extractor.evals.score import CaseField, CaseScore, Cost, aggregate
from extractor.evals.suites import Suite


def part(tp: int, gold: int = 4) -> CaseField:
    return CaseField(field="all_counts", kind="counts", precision_cases=1, tp_precision=tp, predicted=gold, tp_recall=tp, gold=gold)


def case(name: str, tp: int, *, tokens: int = 0, cached: int = 0, unsupported: int = 0) -> CaseScore:
    c = CaseScore(name=name, gold_sha256="x", narrative_complete=True, fields={"all_counts": part(tp)},
                  cost=Cost(input_tokens=tokens, calls=1 if tokens else 0, cached_chunks=cached))
    c.faithfulness.unsupported_shipped = unsupported
    return c


def record(run_id: str, cases: list[CaseScore], **suite: Any) -> RunRecord:
    s = Suite(**{"name": "t", "fields": ["all_counts"], "thresholds": {"default": 0.02}, "bootstrap": 500, **suite})
    return RunRecord(run_id=run_id, created="2025-01-01T00:00:00+00:00", suite=s, suite_sha256="",
                     prompt=PromptInfo(id="narrative@v2", sha256="0" * 64, spec="narrative@v2"), model="m", settings="",
                     scores=aggregate(cases, s.fields))


def compare(a: list[CaseScore], b: list[CaseScore], mode: Any = None, **suite: Any) -> Any:
    ra, rb = record("A", a, **suite), record("B", b, **suite)
    return compare_runs(ra, ra.scores, rb, rb.scores, mode=mode)


BASE = [case(f"r{i}", 4) for i in range(16)]


def test_one_report_of_sixteen_is_inside_the_noise_for_the_paired_gate_not_for_the_point_gate() -> None:
    one_lost = [case(f"r{i}", 3 if i == 5 else 4) for i in range(16)]  # F1 1.000 -> 0.984
    strict = {"thresholds": {"default": 0.01}}
    paired = compare(BASE, one_lost, **strict)
    d = paired.fields[0]
    assert paired.gate_mode == "paired" and d.dropped and not d.regressed and not paired.failed
    assert d.verdict == "no evidence of change (drop inside the noise)"
    assert d.paired is not None and (d.paired.better, d.paired.worse, d.paired.same) == (0, 1, 15)
    gate = format_gate(paired)
    assert gate.startswith("gate: passed") and "no evidence of change (drop inside the noise): all_counts -0.016" in gate
    assert [f.field for f in paired.within_noise] == ["all_counts"]

    point = compare(BASE, one_lost, mode="point", **strict)
    assert point.failed and point.regressions[0].field == "all_counts"
    assert format_gate(point).startswith("gate: FAILED: all_counts F1 1.000 -> 0.984")
    # the suite chooses the rule
    assert compare(BASE, one_lost, gate="point", **strict).failed
    assert not compare(BASE, one_lost, gate="point").failed  # 0.016 is inside the default 0.02


def test_a_drop_on_every_report_fails_the_paired_gate_with_its_interval() -> None:
    all_lost = [case(f"r{i}", 3) for i in range(16)]
    c = compare(BASE, all_lost)
    d = c.fields[0]
    assert c.failed and d.regressed and d.verdict == "REGRESSED"
    assert d.paired is not None and d.paired.high is not None and d.paired.high < 0
    gate = format_gate(c)
    assert gate.startswith("gate: FAILED: all_counts F1 1.000 -> 0.750 (drop 0.250 > 0.020, 95% CI of B-A [")
    text = format_comparison(c)
    assert "REGRESSED" in text and "95% CI of B-A" in text and "0/16/0" in text
    assert "<td class=l>REGRESSED</td>" in comparison_html(c)
    # a drop inside the threshold is no regression, however sure
    assert not compare(BASE, all_lost, thresholds={"default": 0.3}).failed
    assert compare(BASE, all_lost, thresholds={"default": 0.3}).fields[0].verdict == "worse, within threshold"


def test_an_improvement_is_named() -> None:
    c = compare([case(f"r{i}", 2) for i in range(16)], BASE)
    assert not c.failed and c.fields[0].verdict == "improved"


def test_tokens_may_not_grow_beyond_the_suites_limit() -> None:
    a = [case(f"r{i}", 4, tokens=1000) for i in range(4)]
    b = [case(f"r{i}", 4, tokens=1400) for i in range(4)]
    c = compare(a, b)
    assert c.cost.increase == pytest.approx(0.4) and c.cost.failed and c.failed
    assert "cost: tokens per report 1000 -> 1400 (+40.0%, limit +25%)" in format_gate(c)
    assert not compare(a, b, max_token_increase=0.5).failed
    assert not compare(a, b, max_token_increase=None).failed
    assert not compare(a, [case(f"r{i}", 4, tokens=1200) for i in range(4)]).failed
    cached = compare(a, [case(f"r{i}", 4, tokens=1400, cached=1) for i in range(4)])
    assert not cached.failed and cached.cost.note is not None and "--no-cache" in cached.cost.note
    free = compare([case(f"r{i}", 4) for i in range(4)], b)
    assert not free.failed and free.cost.note == "run A used no tokens"


def test_faithfulness_violations_still_fail_whatever_the_scores() -> None:
    b = [case(f"r{i}", 4, unsupported=1 if i == 0 else 0) for i in range(16)]
    c = compare(BASE, b)
    assert c.failed and not c.regressions
    assert "1 model string(s) shown that their evidence does not support" in format_gate(c)


def test_reports_only_in_one_run_are_left_out() -> None:
    c = compare(BASE, BASE[:10])
    assert c.only_in_a == sorted(f"r{i}" for i in range(10, 16)) and c.fields[0].verdict == "unchanged"
