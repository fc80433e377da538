"""Gold files: both forms load, ``check_gold`` catches misplaced quotes and unnoted arithmetic, and the
real gold files pass ``nianbao gold check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evals.gold import GoldError, GoldItem, check_gold, load_gold
from extractor.load import load_document

try:
    from tests.conftest import GOLD, REPORT_NAMES, REPORTS
except ImportError:
    from conftest import GOLD, REPORT_NAMES, REPORTS  # type: ignore[no-redef]

TEXT = "一、总体情况\n全年主动公开政府信息120条，其中政策解读65件。\n五、存在的主要问题\n一是培训力度不足。"


def write_gold(folder: Path, data: dict, name: str = "case") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_both_forms_load(tmp_path: Path) -> None:
    start = TEXT.index("其中政策解读65件")
    gold = load_gold(write_gold(tmp_path, {
        "template": "2021",
        "narrative_complete": True,
        "tables": {"proactive": None},
        "narrative": {
            "proactive_counts": [{"what": "政策解读", "value": 65, "unit": "件", "quote": "其中政策解读65件", "start": start, "end": start + 9}],
            "problems": ["培训力度不足", {"text": "培训力度不足", "quote": "一是培训力度不足"}],
        },
    }))
    assert gold.name == "case" and len(gold.sha256) == 64
    assert gold.narrative.problems == [GoldItem(text="培训力度不足"), GoldItem(text="培训力度不足", quote="一是培训力度不足")]
    assert gold.narrative.counts("all_counts")[0].start == start
    assert check_gold(gold, TEXT).problems[0].message.startswith("no quote (older form)")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"template": "2030"}, "template"),
        ({"template": "2021", "narrative": {"proactive_count": []}}, "narrative.proactive_count: Extra inputs"),
        ({"template": "2021", "tables": {"applications": {"granted": {"total": "3"}}}}, "cell applications.granted.total is '3'"),
        ({"template": "2021", "narrative": {"fees": [{"what": "x", "value": 0, "quote": "q", "start": 5}]}}, "both start and end"),
    ],
)
def test_bad_gold_is_one_line(tmp_path: Path, data: dict, message: str) -> None:
    with pytest.raises(GoldError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_gold(write_gold(tmp_path, data))


def test_check_finds_misplaced_quotes_and_unnoted_arithmetic(tmp_path: Path) -> None:
    start = TEXT.index("其中政策解读65件")
    gold = load_gold(write_gold(tmp_path, {
        "template": "2021",
        "tables": {"review_litigation": {"review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2}}},
        "rule_failures": ["applications.balance.total"],
        "narrative": {"proactive_counts": [
            {"what": "政策解读", "value": 65, "unit": "件", "quote": "其中政策解读65件", "start": start + 1, "end": start + 10},
            {"what": "政策解读", "value": 56, "unit": "件", "quote": "其中政策解读65件", "start": start, "end": start + 9},
            {"what": "会议", "value": 3, "unit": "次", "quote": "召开会议3次"},
        ]},
    }))
    result = check_gold(gold, TEXT)
    found = [(p.level, p.where, p.message.split(":")[0].split(" (")[0]) for p in result.problems]
    assert found == [
        ("error", "narrative.proactive_counts[0]", f"quote 「其中政策解读65件」 is not at [{start + 1}, {start + 10})"),
        ("warning", "narrative.proactive_counts[1]", "value 56 is not a figure the quote 「其中政策解读65件」 prints"),
        ("warning", "narrative.proactive_counts[1]", "duplicate of an earlier fact"),
        ("error", "narrative.proactive_counts[2]", "quote 「召开会议3次」 is nowhere in the report"),
        ("error", "rule_failures", "review_litigation.review.total fails on the gold table numbers but is not listed"),
        ("error", "rule_failures", "applications.balance.total is listed but holds"),
    ]
    assert result.quotes_at_offsets == 1 and result.facts == 3 and result.cells == 5


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_real_gold_files_pass_the_check(name: str) -> None:
    gold = load_gold(GOLD / f"{name}.json")
    result = check_gold(gold, load_document(REPORTS / f"{name}.txt").text)
    assert [p.message for p in result.errors] == []
    if gold.narrative_complete:  # format 2: every quote carries its offsets and is found there
        assert result.quotes_at_offsets == result.facts


def test_gold_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gold", "check"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith(f"{len(REPORT_NAMES)} gold file(s): 0 error(s)")
    bad = write_gold(tmp_path / "gold", {"template": "2021", "narrative": {"fees": [{"what": "费", "value": 0, "quote": "未收费"}]}})
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "case.txt").write_text(TEXT, encoding="utf-8")
    assert main(["gold", "check", str(bad)]) == 1
    assert "error: narrative.fees[0]: quote 「未收费」 is nowhere in the report" in capsys.readouterr().out
    assert main(["gold", "check", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nianbao: error: gold file not found") and err.count("\n") == 1


def test_restatements_are_checked_at_their_offsets(tmp_path: Path) -> None:
    start = TEXT.index("其中政策解读65件")
    fact = {"what": "政策解读", "value": 65, "unit": "件", "quote": "其中政策解读65件", "start": start, "end": start + 9,
            "also": [{"quote": "政策解读65件", "start": start + 2, "end": start + 9}, {"quote": "政策解读65件", "start": 0, "end": 7}]}
    gold = load_gold(write_gold(tmp_path, {"template": "2021", "narrative": {"proactive_counts": [fact]}}))
    assert [(p.where, p.message) for p in check_gold(gold, TEXT).problems] == [
        ("narrative.proactive_counts[0].also[1]", f"quote 「政策解读65件」 is not at [0, 7); the quote is at [{start + 2}]"),
    ]
