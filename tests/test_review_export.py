"""`nianbao review export`: gold files the eval harness reads, Label Studio tasks, and the CLI forms."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.review.export import label_studio_config
from extractor.review.server import default_db_path
from tests.review_support import CLEAN, FAILING, client_for, make_batch, report_id


def test_export_gold_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = make_batch(tmp_path)
    client, reports = client_for(out)
    rid = report_id(reports, FAILING)
    keys = reports.summary(rid).fact_keys
    text = reports.source(rid).text
    accept, correct, reject = keys[0], keys[1], keys[2]
    for key, body in ((accept, {"action": "accept"}), (reject, {"action": "reject"}),
                      (correct, {"action": "correct", "fact": {"value": 2407, "what": "政务信息"}})):
        assert client.post(f"/api/report/{rid}/facts/{key}/decision", json=body).status_code == 200
    start = text.index("政策解读393 条")
    assert client.post(f"/api/report/{rid}/facts", json={
        "list": "proactive_counts", "what": "政策解读", "value": 393, "unit": "条", "start": start, "end": start + 9}).status_code == 200
    problem_start = text.index("主要问题")
    assert client.post(f"/api/report/{rid}/facts", json={
        "list": "problems", "text": "测试问题", "start": problem_start, "end": problem_start + 4}).status_code == 200

    gold_dir = tmp_path / "gold"
    assert main(["review", "export", str(out), "--gold", str(gold_dir)]) == 0
    assert f"1 gold files written to {gold_dir}" in capsys.readouterr().out
    written = sorted(p.name for p in gold_dir.iterdir())
    assert written == [f"{FAILING}.json"]  # only reviewed reports
    gold = json.loads((gold_dir / f"{FAILING}.json").read_text(encoding="utf-8"))

    counts = gold["narrative"]["proactive_counts"]
    values = [c["value"] for c in counts]
    assert values == [4250, 2407, 393]  # accepted, corrected, added; rejected and undecided left out
    assert counts[1]["what"] == "政务信息"
    assert gold["narrative"]["problems"] == [{"text": "测试问题", "theme": "other", "quote": "主要问题", "start": problem_start,
                                             "end": problem_start + 4}]  # an added item gets the rules' theme
    assert gold["narrative_complete"] is False and gold["complete"] is True
    assert gold["template"] == "2019"
    assert gold["rule_failures"] == ["applications.balance.total", "applications.new_received.total"]
    for facts in gold["narrative"].values():
        for fact in facts:
            assert text[fact["start"]:fact["end"]] == fact["quote"]
    # the parsed tables, as the hand-labeled gold has them
    hand = json.loads((Path(__file__).resolve().parent.parent / "evals" / "gold" / f"{FAILING}.json").read_text(encoding="utf-8"))
    assert gold["tables"] == hand["tables"]

    # the eval harness reads it unchanged and finds every quote at its offsets
    harness = pytest.importorskip("extractor.evals.gold")
    loaded = harness.load_gold(gold_dir / f"{FAILING}.json")
    check = harness.check_gold(loaded, text)
    assert not check.errors, check.errors
    assert check.quotes_at_offsets == check.facts == 4

    # existing files are kept unless --overwrite
    assert main(["review", "export", str(out), "--gold", str(gold_dir)]) == 0
    assert "exists (use --overwrite" in capsys.readouterr().err
    for key in keys[3:]:
        client.post(f"/api/report/{rid}/facts/{key}/decision", json={"action": "accept"})
    assert main(["review", "export", str(out), "--gold", str(gold_dir), "--overwrite"]) == 0
    complete = json.loads((gold_dir / f"{FAILING}.json").read_text(encoding="utf-8"))
    assert complete["narrative_complete"] is True
    assert "narrative.new_received" in complete["rule_failures"]  # the accepted 13件 disagrees with the table's 0


def test_export_of_one_reviewer(tmp_path: Path) -> None:
    out = make_batch(tmp_path)
    client, reports = client_for(out)
    rid = report_id(reports, CLEAN)
    key = reports.summary(rid).fact_keys[0]
    client.post(f"/api/report/{rid}/facts/{key}/decision", json={"action": "accept", "reviewer": "bob"})
    gold_dir = tmp_path / "gold"
    assert main(["review", "export", str(out), "--gold", str(gold_dir), "--reviewer", "alice"]) == 0
    assert not list(gold_dir.iterdir())
    assert main(["review", "export", str(out), "--gold", str(gold_dir), "--reviewer", "bob"]) == 0
    assert [p.name for p in gold_dir.iterdir()] == [f"{CLEAN}.json"]


def test_label_studio_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = make_batch(tmp_path)
    target = tmp_path / "ls" / "tasks.json"
    assert main(["review", "export", str(out), "--label-studio", str(target)]) == 0
    assert "2 Label Studio tasks" in capsys.readouterr().out
    tasks = json.loads(target.read_text(encoding="utf-8"))
    assert {t["data"]["report"] for t in tasks} == {FAILING, CLEAN}
    config = (tmp_path / "ls" / "tasks.label_config.xml").read_text(encoding="utf-8")
    assert config == label_studio_config() and '<Text name="text" value="$text"/>' in config
    for task in tasks:
        assert set(task) == {"id", "data", "predictions"}
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "narrative@v2/rules"
        assert prediction["result"]
        for result in prediction["result"]:
            assert result["from_name"] == "label" and result["to_name"] == "text" and result["type"] == "labels"
            value = result["value"]
            assert set(value) == {"start", "end", "text", "labels"}
            assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
            assert f'<Label value="{value["labels"][0]}"' in config


def test_cli_forms_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = make_batch(tmp_path, names=(CLEAN,))
    assert main(["review", "export", str(out)]) == 2
    assert "--gold DIR" in capsys.readouterr().err
    assert main(["review", str(out), "--gold", str(tmp_path / "g")]) == 2
    assert "belong to `nianbao review export OUT`" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["review", str(tmp_path)]) == 2
    assert "no reports.jsonl" in capsys.readouterr().err
    assert main(["review", "a", "b"]) == 2
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["review", str(out), "--port", str(taken.getsockname()[1])]) == 2
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err
    assert default_db_path(out) == out / "review.sqlite"
    assert default_db_path(out / "reports.jsonl") == out / "review.sqlite"
    assert default_db_path(tmp_path / "r.txt") == tmp_path / "r.txt.review.sqlite"
