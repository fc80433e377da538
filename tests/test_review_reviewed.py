"""Reviewed data flows back: `nianbao review export OUT --reviewed DIR`, the review status of each report, confirming
flagged cells and failed checks, and marking a report with nothing to decide done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.review.store import DecisionStore
from extractor.review.views import queue_rows
from tests.review_support import FAILING, client_for, make_batch, read_csv, report_id

FLAGGED = "pingtan_2021_2021fmt_squashed"  # 3 cells the parser flagged, no failed check
EMPTY = "huangpi_jiedao_2020_2019fmt_annotated_headers_partial"  # no fact, no flagged cell, no failed check



@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return make_batch(tmp_path, names=(FAILING, FLAGGED, EMPTY))


def test_reviewed_outputs_carry_every_decision(batch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    keys = reports.summary(rid).fact_keys
    text = reports.source(rid).text
    assert text is not None
    accept, correct, reject = keys[0], keys[1], keys[2]
    for key, body in ((accept, {"action": "accept"}), (reject, {"action": "reject"}),
                      (correct, {"action": "correct", "fact": {"value": 2407}})):
        assert client.post(f"/api/report/{rid}/facts/{key}/decision", json=body).status_code == 200
    start = text.index("政策解读393 条")
    assert client.post(f"/api/report/{rid}/facts", json={
        "list": "proactive_counts", "what": "政策解读", "value": 393, "unit": "条", "start": start, "end": start + 9}).status_code == 200
    # the table prints 13 where the parser read 0; another cell is confirmed as read
    assert client.post(f"/api/report/{rid}/cells/cell:applications.new_received.total/decision",
                       json={"action": "misread", "value": 13}).status_code == 200
    assert client.post(f"/api/report/{rid}/cells/cell:applications.granted.total/decision",
                       json={"action": "confirm"}).status_code == 200

    out = tmp_path / "reviewed"
    assert main(["review", "export", str(batch), "--reviewed", str(out)]) == 0
    assert f"3 reviewed reports written to {out} (0 done, 1 in progress, 2 not reviewed)" in capsys.readouterr().out
    for name in ("reports.jsonl", "facts.csv", "tables.csv", "findings.csv", "facts.parquet", "tables.parquet",
                 "nianbao.xlsx", "review_status.csv", "data_dictionary.csv", "digest.csv", "trends.csv"):
        assert (out / name).exists(), name

    facts = [f for f in read_csv(out / "facts.csv") if Path(f["path"]).stem == FAILING]
    counts = [f for f in facts if f["kind"] == "count"]
    by_start = {int(f["start"]): f for f in counts}
    assert any(f["value"] == "2407" and f["review"] == "corrected" and f["method"] == "human" for f in counts)
    added = by_start[start]
    assert (added["value"], added["review"], added["method"], added["quantity"]) == ("393", "added", "human", "政策解读")
    assert sum(f["review"] == "accepted" for f in facts) == 1
    assert len(facts) == len(keys) - 1 + 1  # one rejected, one added
    assert all(f["review"] == "undecided" for f in read_csv(out / "facts.csv") if Path(f["path"]).stem == FLAGGED)

    tables = {Path(t["path"]).stem: t for t in read_csv(out / "tables.csv")}
    assert tables[FAILING]["applications.new_received.total"] == "13"
    findings = [f["id"] for f in read_csv(out / "findings.csv") if Path(f["path"]).stem == FAILING]
    # with the reviewed 13, rules 1 and 2 hold; rule 5 (the text says 13) now agrees with the table
    assert "applications.balance.total" not in findings and "applications.new_received.total" not in findings
    assert "narrative.new_received" not in findings

    report = next(json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
                  if Path(json.loads(line)["source"]["path"]).stem == FAILING)
    cells = {(c["row"], c["column"]): c for c in report["cells"] if c["table"] == "applications"}
    assert cells["new_received", "total"]["value"] == 13 and "corrected" in cells["new_received", "total"]["flags"]
    assert "confirmed" in cells["granted", "total"]["flags"]
    status = {Path(r["path"]).stem: r for r in read_csv(out / "review_status.csv")}
    assert status[FAILING]["status"] == "in progress" and status[FAILING]["checks_decided"] == "2"
    assert status[EMPTY]["status"] == "to review"

    # the reviewed output is itself reviewable, and an existing output is kept unless --overwrite
    client_for(out)
    assert main(["review", "export", str(batch), "--reviewed", str(out)]) == 2
    assert "use --overwrite" in capsys.readouterr().err
    assert main(["review", "export", str(batch), "--reviewed", str(batch)]) == 2
    assert "the folder under review" in capsys.readouterr().err


def test_a_report_is_done_when_facts_flagged_cells_and_failed_checks_are_decided(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FLAGGED)
    summary = reports.summary(rid)
    assert len(summary.flagged_cell_keys) == 3 and not summary.failed_check_cells

    store = DecisionStore(batch / "review.sqlite")

    def status() -> str:  # as the queue shows it
        return next(r.status for r in queue_rows(reports.summaries(), store.current_actions(), "alice")
                    if r.summary.report_id == rid)

    assert status() == "to review"
    for key in summary.fact_keys:
        assert client.post(f"/api/report/{rid}/facts/{key}/decision", json={"action": "accept"}).status_code == 200
    assert status() == "in progress"  # the flagged cells are still open
    refused = client.post(f"/api/report/{rid}/done", json={"done": True})
    assert refused.status_code == 400 and refused.json()["detail"] == "decide these first: 3 flagged cells"
    first, second, third = summary.flagged_cell_keys
    assert client.post(f"/api/report/{rid}/cells/{first}/decision", json={"action": "confirm"}).status_code == 200
    assert client.post(f"/api/report/{rid}/cells/{second}/decision", json={"action": "misread", "value": 7}).status_code == 200
    assert status() == "in progress"
    assert client.post(f"/api/report/{rid}/cells/{third}/decision", json={"action": "confirm"}).status_code == 200
    assert status() == "done"
    page = client.get(f"/report/{rid}").text
    assert "status: <b data-progress=\"status\">done</b>" in page and "confirmed by alice" in page


def test_a_report_with_nothing_to_decide_is_done_in_one_action(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, EMPTY)
    page = client.get(f"/report/{rid}").text
    assert 'data-action="mark-done"' in page and "status: <b data-progress=\"status\">to review</b>" in page
    answer = client.post(f"/api/report/{rid}/done", json={"done": True})
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    assert "marked done by alice" in client.get(f"/report/{rid}").text
    assert "done" in client.get("/?show=done").text and EMPTY in client.get("/?show=done").text
    assert client.post(f"/api/report/{rid}/done", json={"done": False}).json()["status"] == "to review"  # taken back


def test_confirming_a_failed_check(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    assert client.post(f"/api/report/{rid}/checks/applications.balance.total/decision", json={"action": "confirm"}).status_code == 200
    assert client.post(f"/api/report/{rid}/checks/applications.granted.total/decision", json={"action": "confirm"}).status_code == 404
    page = client.get(f"/report/{rid}").text
    assert 'data-action="unconfirm-check" data-check="applications.balance.total"' in page
