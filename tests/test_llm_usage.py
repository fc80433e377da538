"""Usage: one value type for every counter of tokens and calls, adding up with ``+``."""

from __future__ import annotations

from extractor.batch.state import ReportResult
from extractor.evals.score import Cost
from extractor.llm.usage import Usage
from extractor.narrative.schema import ChunkCall, NarrativeUsage


def test_plus_sums_the_shared_counters_and_keeps_the_rest() -> None:
    a, b = Usage(input_tokens=10, output_tokens=2, calls=1), Usage(input_tokens=5, calls=1, reasks=1)
    assert a + b == Usage(input_tokens=15, output_tokens=2, calls=2, reasks=1)
    assert sum([a, b]) == a + b
    call = ChunkCall(section="overview", chars=100, latency_s=1.5) + a
    assert (call.section, call.chars, call.latency_s, call.input_tokens, call.calls) == ("overview", 100, 1.5, 10, 1)


def test_a_subclass_adds_its_own_counters_with_its_own_kind() -> None:
    one = Cost(input_tokens=1, cached_chunks=2, wall_seconds=0.5)
    assert one + one == Cost(input_tokens=2, cached_chunks=4, wall_seconds=1.0)
    assert (one + Usage(calls=3)).cached_chunks == 2  # a plain Usage brings only its own counters


def test_plus_equals_adds_in_place_on_mutable_counters_only() -> None:
    total = NarrativeUsage(cached_chunks=1)
    same = total
    total += Usage(input_tokens=7, calls=1)
    assert same is total and (total.input_tokens, total.calls, total.cached_chunks) == (7, 1, 1)
    frozen = Usage(calls=1)
    before = frozen
    frozen += Usage(calls=1)
    assert before.calls == 1 and frozen.calls == 2


def test_per_report_results_are_usages() -> None:
    result = ReportResult(path="a.txt", status="done", input_tokens=3, unreachable=True) + Usage(input_tokens=4)
    assert result.input_tokens == 7 and result.unreachable and result.path == "a.txt"
