"""HTTP-level tests of every route of the review app (FastAPI test client, no network)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.review.reports import ReportSet
from tests.review_support import (
    CLEAN,
    FAILING,
    SCRIPT_MARKUP,
    TestClient,
    client_for,
    extracted_json,
    make_batch,
    report_id,
)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return make_batch(tmp_path, with_script=True)


def fact_keys(reports: ReportSet, name: str) -> list[str]:
    return reports.summary(report_id(reports, name)).fact_keys


def decide(client: TestClient, rid: str, key: str, action: str, **body: object) -> dict:
    response = client.post(f"/api/report/{rid}/facts/{key}/decision", json={"action": action, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_queue_sorts_by_need_and_filters(batch: Path) -> None:
    client, _ = client_for(batch)
    page = client.get("/")
    assert page.status_code == 200
    names = re.findall(r'<a href="/report/\w+">([^<]+)</a>', page.text)
    assert names[0] == FAILING  # failed checks first
    assert set(names) == {FAILING, CLEAN, "script_report"}
    assert "1 input lines skipped" in page.text and "broken.txt" in page.text
    failed = client.get("/?show=failed")
    assert re.findall(r'<a href="/report/\w+">([^<]+)</a>', failed.text) == [FAILING]
    assert re.search(r"failed checks <b>1</b>", failed.text)
    searched = client.get("/", params={"q": "script"})
    assert re.findall(r'<a href="/report/\w+">([^<]+)</a>', searched.text) == ["script_report"]
    assert client.get("/?show=nonsense").status_code == 200


def test_report_page_shows_spans_cells_findings_first(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    page = client.get(f"/report/{rid}")
    assert page.status_code == 200
    html = page.text
    key = fact_keys(reports, FAILING)[0]
    assert f'data-fact="{key}"' in html
    assert re.search(rf'<span data-s="\d+" class="f" data-k="{re.escape(key)}">', html)
    cell_index = next(i for i, c in enumerate(reports.report(rid).cells) if (c.row, c.column) == ("new_received", "total"))
    assert re.search(rf'class="bad c" data-k="cell-{cell_index}">0</span>', html)
    assert f'data-cell="cell-{cell_index}" title="applications.new_received.total"' in html
    # findings (failed rules, text vs table) come before the facts
    assert html.index("applications.balance.total") < html.index('class="fact ')
    assert "text ≠ table" in html and "narrative.new_received" in html
    # the linked table cell and its rule-5 flag are on the fact card
    assert "table cell <a" in html and "（不符）" in html
    # who decided each fact, in the reviewer's words (规则, 分类器, 模型, 审核人), never the program's key
    methods = set(re.findall(r'<span class="method">([^<]*)</span>', html))
    assert methods and methods <= {"规则", "分类器", "模型", "审核人"}
    # the segments rebuild the source text exactly (offsets the browser maps selections with)
    text = reports.source(rid).text
    segments = re.findall(r'<span data-s="(\d+)"[^>]*>([^<]*)</span>', html.split('id="source"', 1)[1].split("</div>", 1)[0])
    import html as html_lib

    rebuilt = "".join(html_lib.unescape(s) for _, s in segments)
    assert rebuilt == text
    assert all(text[int(start):].startswith(html_lib.unescape(s)) for start, s in segments)


def test_markup_in_a_report_is_shown_as_text(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, "script_report")
    html = client.get(f"/report/{rid}").text
    assert SCRIPT_MARKUP not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    queue = client.get("/").text
    assert SCRIPT_MARKUP not in queue
    card_html = decide(client, rid, fact_keys(reports, "script_report")[-1], "accept")["html"]
    assert SCRIPT_MARKUP not in card_html


def test_bad_ids_are_404_not_tracebacks(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    for url in ("/report/nope", "/report/../etc/passwd", "/report/nope/gold.json", "/report/nope/decisions.json", "/static/nope.js"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Traceback" not in response.text
    assert "no report" in client.get("/report/nope").text
    for url, body in (
        ("/api/report/nope/facts/x/decision", {"action": "accept"}),
        (f"/api/report/{rid}/facts/no-such-fact/decision", {"action": "accept"}),
        (f"/api/report/{rid}/cells/cell:applications.nothing.total/decision", {"action": "misread"}),
        ("/api/report/nope/facts", {"list": "problems", "start": 0, "end": 3}),
        ("/api/report/nope/flags", {"complete": True}),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_invalid_decisions_are_400_with_one_line(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    key = fact_keys(reports, FAILING)[0]
    url = f"/api/report/{rid}/facts/{key}/decision"
    form = client.post(url, content="action=accept", headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415  # a cross-site form cannot post decisions
    assert client.post(url, content="{", headers={"content-type": "application/json"}).status_code == 400
    assert client.post(url, json={"action": "approve"}).status_code == 400
    assert "outside the text" in client.post(url, json={"action": "correct", "fact": {"start": 5, "end": 10**6}}).json()["detail"]
    assert "must be a number" in client.post(url, json={"action": "correct", "fact": {"value": "many"}}).json()["detail"]
    assert client.post(url, json={"action": "correct"}).status_code == 400
    assert client.post(url, json={"action": "accept", "reviewer": "<b>"}).status_code == 400
    assert client.post(f"/api/report/{rid}/facts", json={"start": 0, "end": 4}).status_code == 400
    assert client.post(f"/api/report/{rid}/facts", json={"list": "no_list", "start": 0, "end": 4}).status_code == 400
    assert client.get(f"/report/{rid}/decisions.json").json() == []  # nothing was stored


def test_decisions_survive_a_server_restart(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    first, second = fact_keys(reports, FAILING)[:2]
    accepted = decide(client, rid, first, "accept")
    assert accepted["action"] == "accept" and accepted["progress"]["mine"] == 1
    corrected = decide(client, rid, second, "correct", fact={"value": "2407", "unit": "条"})
    assert corrected["action"] == "correct" and "2407" in corrected["html"]

    restarted, reports = client_for(batch)  # a new app and store on the same database file
    html = restarted.get(f"/report/{rid}").text
    assert re.search(rf'class="fact st-accept" id="fact-{re.escape(first)}"', html)
    assert re.search(rf'class="fact st-correct" id="fact-{re.escape(second)}"', html)
    assert '<b class="num">2407</b>' in html and "extracted: 2406" in html
    history = restarted.get(f"/report/{rid}/decisions.json").json()
    assert [(d["target"], d["reviewer"], d["action"]) for d in history] == [(first, "alice", "accept"), (second, "alice", "correct")]
    assert history[1]["payload"]["fact"]["value"] == 2407 and history[0]["created_at"]


def test_undo_and_queue_progress(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, CLEAN)
    key = fact_keys(reports, CLEAN)[0]
    decide(client, rid, key, "reject")
    total = reports.summary(rid).facts
    assert f"1/{total}" in client.get("/").text
    withdrawn = decide(client, rid, key, "withdraw")
    assert withdrawn["action"] is None and withdrawn["progress"]["mine"] == 0
    assert "st-none" in withdrawn["html"]


def test_two_reviewers_are_both_kept_and_agreement_shown(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, CLEAN)
    k1, k2, k3 = fact_keys(reports, CLEAN)[:3]
    decide(client, rid, k1, "accept")
    decide(client, rid, k2, "accept")
    decide(client, rid, k3, "reject")
    decide(client, rid, k1, "accept", reviewer="bob")
    decide(client, rid, k2, "reject", reviewer="bob")
    decide(client, rid, k3, "reject", reviewer="bob")
    html = client.get(f"/report/{rid}").text
    assert re.search(r"alice · bob: agree on <b>2</b> of 3 facts both decided \(67%\)", html)
    assert "bob: rejected (differs from yours)" in html
    bob, _ = client_for(batch, reviewer="bob")
    as_bob = bob.get(f"/report/{rid}").text
    assert "alice: accepted (differs from yours)" in as_bob
    history = client.get(f"/report/{rid}/decisions.json").json()
    assert {d["reviewer"] for d in history} == {"alice", "bob"} and len(history) == 6
    gold = client.get(f"/report/{rid}/gold.json").json()
    assert "alice and bob disagree on" in gold["notes"] and k2 in gold["notes"]
    assert len(client.get(f"/report/{rid}/gold.json", params={"reviewer": "alice"}).json()["narrative"]["proactive_counts"]) == 2


def test_add_fact_mark_cell_and_flags(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    text = reports.source(rid).text
    start = text.index("政策解读393 条")
    added = client.post(f"/api/report/{rid}/facts", json={
        "list": "proactive_counts", "what": "政策解读", "value": "393", "unit": "条", "start": start, "end": start + 9,
    })
    assert added.status_code == 200, added.text
    key = added.json()["key"]
    assert key.startswith("added:") and added.json()["reload"] is True
    html = client.get(f"/report/{rid}").text
    assert f'data-fact="{key}"' in html and "added by alice" in html
    cell = client.post(f"/api/report/{rid}/cells/cell:applications.new_received.total/decision",
                       json={"action": "misread", "value": "13", "note": "the 0 is a typo of the body"})
    assert cell.status_code == 200 and cell.json()["payload"] == {"value": 13, "note": "the 0 is a typo of the body"}
    assert client.post(f"/api/report/{rid}/flags", json={"complete": False}).json() == {"complete": False}
    gold = client.get(f"/report/{rid}/gold.json").json()
    assert gold["complete"] is False
    assert gold["tables"]["applications"]["new_received"]["total"] == 13
    assert "applications.new_received.total misread" in gold["notes"]
    assert gold["narrative"]["proactive_counts"] == [{
        "what": "政策解读", "value": 393, "unit": "条", "channel": None, "approximate": False,
        "quote": "政策解读393 条", "start": start, "end": start + 9,
    }]
    # the author may correct their own added fact, then remove it
    corrected = decide(client, rid, key, "correct", fact={"value": "394"})
    assert corrected["action"] == "add" and "394" in corrected["html"]
    assert decide(client, rid, key, "reject")["reload"] is True
    assert f'data-fact="{key}"' not in client.get(f"/report/{rid}").text
    cleared = client.post(f"/api/report/{rid}/cells/cell:applications.new_received.total/decision", json={"action": "withdraw"})
    assert cleared.status_code == 200
    assert client.get(f"/report/{rid}/gold.json").json()["tables"]["applications"]["new_received"]["total"] == 0


def test_reviewer_cookie(batch: Path) -> None:
    client, _ = client_for(batch)
    response = client.post("/reviewer", content="name=%E5%BC%A0%E4%B8%89&next=/report/x", headers={"content-type": "application/x-www-form-urlencoded"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/report/x"
    assert 'value="张三"' in client.get("/").text
    assert client.post("/reviewer", content="name=", headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 400
    offsite = client.post("/reviewer", content="name=bob&next=//evil.example/", headers={"content-type": "application/x-www-form-urlencoded"},
                          follow_redirects=False)
    assert offsite.headers["location"] == "/"


def test_label_studio_route_and_static(batch: Path) -> None:
    client, _ = client_for(batch)
    tasks = client.get("/label-studio.json").json()
    assert len(tasks) == 3
    task = next(t for t in tasks if t["data"]["report"] == FAILING)
    result = task["predictions"][0]["result"][0]
    assert result["type"] == "labels" and result["from_name"] == "label" and result["to_name"] == "text"
    value = result["value"]
    assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
    assert client.get("/static/review.js").status_code == 200
    assert client.get("/static/review.css").headers["content-type"].startswith("text/css")
    assert client.get("/favicon.ico").status_code == 204


def test_foreign_host_header_is_refused(batch: Path) -> None:
    client, _ = client_for(batch)
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_missing_and_changed_sources_are_reported(tmp_path: Path) -> None:
    out = make_batch(tmp_path, names=(FAILING, CLEAN))
    (tmp_path / "reports" / f"{CLEAN}.txt").unlink()
    changed = tmp_path / "reports" / f"{FAILING}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n追加一行", encoding="utf-8")
    client, reports = client_for(out)
    missing_page = client.get(f"/report/{report_id(reports, CLEAN)}")
    assert missing_page.status_code == 200 and "source file not found" in missing_page.text
    changed_page = client.get(f"/report/{report_id(reports, FAILING)}")
    assert "changed since it was extracted" in changed_page.text
    assert "source missing" in client.get("/").text
    rid = report_id(reports, CLEAN)
    key = fact_keys(reports, CLEAN)[0]
    assert decide(client, rid, key, "accept")["action"] == "accept"  # deciding still works without the text
    refused = client.post(f"/api/report/{rid}/facts/{key}/decision", json={"action": "correct", "fact": {"start": 1, "end": 5}})
    assert refused.status_code == 400 and "not available" in refused.json()["detail"]


def test_single_report_inputs(tmp_path: Path) -> None:
    out = make_batch(tmp_path, names=(FAILING,))
    source = tmp_path / "reports" / f"{FAILING}.txt"
    from_text = ReportSet(source)  # a report file: extracted here, rules only
    (summary,) = from_text.summaries()
    assert summary.name == FAILING and summary.facts > 0 and summary.failed_checks == 2
    one = tmp_path / "one.json"
    one.write_text(json.dumps(json.loads(extracted_json(str(source))), ensure_ascii=False, indent=2), encoding="utf-8")
    (from_json,) = ReportSet(one).summaries()
    assert from_json.sha256 == summary.sha256 and from_json.source_status == "ok"
    assert len(ReportSet(out / "reports.jsonl").summaries()) == 1


def test_a_rewritten_reports_jsonl_is_reindexed(tmp_path: Path) -> None:
    out = make_batch(tmp_path, names=(FAILING,))
    client, reports = client_for(out)
    rid = report_id(reports, FAILING)
    assert client.get(f"/report/{rid}").status_code == 200
    # a running batch rewrites the file (os.replace): another report first, lines at new offsets
    jsonl = out / "reports.jsonl"
    clean_copy = tmp_path / "reports" / f"{CLEAN}.txt"
    clean_copy.write_text((Path(__file__).resolve().parent.parent / "evals" / "reports" / f"{CLEAN}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    rewritten = tmp_path / "reports.jsonl.tmp"
    rewritten.write_text(extracted_json(str(clean_copy)) + "\n" + jsonl.read_text(encoding="utf-8"), encoding="utf-8")
    rewritten.replace(jsonl)
    page = client.get(f"/report/{rid}")
    assert page.status_code == 200 and FAILING in page.text
    assert CLEAN in client.get("/").text


def test_report_page_shows_the_digest_first(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    html = client.get(f"/report/{rid}").text
    digest = reports.report(rid).digest
    assert digest is not None and digest.lines
    assert 'id="digest"' in html and html.index('id="digest"') < html.index("<h2>Findings")
    import html as html_lib

    shown = html_lib.unescape(html.split('id="digest"', 1)[1].split("</ul>", 1)[0])
    assert all(line in shown for line in digest.lines)
