"""Bootstrap intervals, flip rates and the paired test (extractor/evals/stats.py) on hand-made tallies."""

from __future__ import annotations

import random

import pytest

from extractor.evals.score import CaseField, CaseScore, FieldScore, GoldOutcome, PredOutcome
from extractor.evals.stats import (
    Sums,
    bootstrap,
    case_value,
    compare_field,
    flips,
    paired,
    primary,
    run_stats,
)


def counts_field(tp: int, predicted: int, gold: int, *, complete: bool = True,
                 gold_status: list[str] | None = None, preds: list[tuple[str, str]] | None = None) -> CaseField:
    part = CaseField(field="all_counts", kind="counts", precision_cases=int(complete), tp_precision=tp if complete else 0,
                     predicted=predicted if complete else 0, tp_recall=tp, gold=gold)
    part.gold_outcomes = [GoldOutcome(key=f"all_counts[{i}]", label=f"g{i}", status=s)  # type: ignore[arg-type]
                          for i, s in enumerate(gold_status or [])]
    part.pred_outcomes = [PredOutcome(label=label, status=status) for label, status in preds or []]  # type: ignore[arg-type]
    return part


def case(name: str, part: CaseField) -> CaseScore:
    return CaseScore(name=name, gold_sha256="x", narrative_complete=True, fields={part.field: part})


def test_primary_is_the_field_score_of_the_summed_tallies() -> None:
    rng = random.Random(3)
    for _ in range(500):
        kind = rng.choice(["counts", "items", "checks", "cells", "template"])
        gold = rng.randrange(0, 6)
        predicted = rng.randrange(0, 6)
        tp = rng.randrange(0, min(gold, predicted) + 1)
        cases = rng.randrange(0, 2)
        score = FieldScore(field="f", kind=kind, precision_cases=cases, tp_precision=tp, predicted=predicted, tp_recall=tp, gold=gold)
        assert primary(kind, (cases, tp, predicted, tp, gold)) == score.primary


def test_case_value_is_recall_where_precision_is_not_judged() -> None:
    assert case_value(counts_field(3, 4, 4)) == pytest.approx(0.75)
    assert case_value(counts_field(1, 5, 4, complete=False)) == pytest.approx(0.25)
    assert case_value(counts_field(0, 0, 0, complete=False)) is None
    assert case_value(None) is None


def test_bootstrap_is_seeded_and_brackets_the_value() -> None:
    per_report: list[list[Sums]] = [[(1, tp, 4, tp, 4)] for tp in (4, 3, 2, 4, 1, 4, 3, 4)]
    low, high = bootstrap(per_report, "counts", samples=1000, seed=5)
    again = bootstrap(per_report, "counts", samples=1000, seed=5)
    other = bootstrap(per_report, "counts", samples=1000, seed=6)
    value = primary("counts", (8, 25, 32, 25, 32))
    assert (low, high) == again != other
    assert low is not None and high is not None and value is not None
    assert low < value < high and low >= 0 and high <= 1
    narrower = bootstrap(per_report, "counts", samples=1000, seed=5, confidence=0.6)
    assert narrower[0] is not None and narrower[1] is not None
    assert low <= narrower[0] and narrower[1] <= high
    # every report alike: no spread
    assert bootstrap([[(1, 3, 4, 3, 4)]] * 5, "counts", samples=200) == (0.75, 0.75)
    # nothing to judge in any draw
    assert bootstrap([[(0, 0, 0, 0, 0)]] * 3, "counts", samples=200) == (None, None)
    assert bootstrap([], "counts") == (None, None)


def test_paired_tells_a_real_change_from_noise() -> None:
    base: list[list[Sums]] = [[(1, 4, 4, 4, 4)] for _ in range(16)]
    same = paired(base, base, "counts", samples=500)
    assert (same.verdict, same.delta, same.low, same.high, same.same) == ("unchanged", 0.0, 0.0, 0.0, 16)

    one_worse = [list(r) for r in base]
    one_worse[3] = [(1, 3, 4, 3, 4)]
    noise = paired(base, one_worse, "counts", samples=1000)
    assert noise.verdict == "no evidence of change" and (noise.better, noise.worse, noise.same) == (0, 1, 15)
    assert noise.delta is not None and noise.delta < 0 and noise.low is not None and noise.low < 0 and noise.high == 0

    all_worse: list[list[Sums]] = [[(1, 3, 4, 3, 4)] for _ in range(16)]
    real = paired(base, all_worse, "counts", samples=1000)
    assert real.verdict == "worse" and real.high is not None and real.high < 0 and real.worse == 16
    better = paired(all_worse, base, "counts", samples=1000)
    assert better.verdict == "improved" and better.low is not None and better.low > 0
    with pytest.raises(ValueError):
        paired(base, base[:3], "counts")


def test_repeats_widen_the_paired_interval() -> None:
    """The same mean change: steady repeats give a clear verdict, answers that vary between repeats do not."""
    base: list[list[Sums]] = [[(1, 4, 4, 4, 4)] * 3 for _ in range(8)]
    steady: list[list[Sums]] = [[(1, 3, 4, 3, 4)] * 3 for _ in range(8)]
    flaky: list[list[Sums]] = [[(1, 4, 4, 4, 4), (1, 4, 4, 4, 4), (1, 1, 4, 1, 4)] for _ in range(8)]
    clear = paired(base, steady, "counts", samples=1000, seed=1)
    vague = paired(base, flaky, "counts", samples=1000, seed=1)
    assert clear.verdict == "worse" and clear.delta == pytest.approx(vague.delta or 0)
    assert vague.low is not None and vague.high is not None and clear.low is not None
    assert vague.high - vague.low > 0 and vague.low <= clear.low


def test_flips_count_gold_facts_and_predictions_whose_outcome_differs() -> None:
    r1 = counts_field(2, 3, 3, gold_status=["matched", "matched", "missing"], preds=[("a=1", "matched"), ("b=2", "matched"), ("x=9", "spurious")])
    r2 = counts_field(2, 2, 3, gold_status=["matched", "missing", "matched"], preds=[("a=1", "matched"), ("c=3", "matched")])
    units, flipped = flips([r1, r2])
    # gold: [0] steady, [1] and [2] flip; predictions: a steady, b, x, c each present in one repeat only
    assert (units, flipped) == (3 + 4, 2 + 3)
    assert flips([r1, r1, r1]) == (6, 0)
    assert flips([r1]) == (6, 0)


def test_run_stats_pool_repeats_and_record_flips() -> None:
    steady = counts_field(1, 1, 1, gold_status=["matched"], preds=[("a=1", "matched")])
    lost = counts_field(0, 0, 1, gold_status=["missing"])
    repeats = [[case("r1", steady), case("r2", steady)], [case("r1", steady), case("r2", lost)]]
    stats = run_stats(repeats, ["all_counts"], samples=300)
    fs = stats.fields["all_counts"]
    assert stats.repeats == 2 and stats.reports == 2
    assert fs.repeat_values == [1.0, pytest.approx(2 / 3)]
    assert fs.value == pytest.approx(primary("counts", (4, 3, 3, 3, 4)))
    assert (fs.units, fs.flipped) == (2 + 2, 2) and fs.flip_rate == pytest.approx(0.5)
    assert stats.case_flips == {"r2": {"all_counts": 2}}
    single = run_stats(repeats[:1], ["all_counts"], samples=300)
    assert single.fields["all_counts"].flip_rate is None and single.case_flips == {}


def test_compare_field_on_named_reports() -> None:
    good, bad = counts_field(2, 2, 2), counts_field(0, 2, 2)
    a = {"x": [case("x", good)], "y": [case("y", good)]}
    b = {"x": [case("x", bad)], "y": [case("y", bad)]}
    result = compare_field(a, b, ["x", "y"], "all_counts", samples=300)
    assert result.verdict == "worse" and result.delta == pytest.approx(-1.0) and result.worse == 2
