"""Fault injection, review server (issue 14): hostile requests and hostile review inputs.

Before: JSON nested 100,000 deep was a 500 and a traceback; a 100 MiB body was read whole; a cross-site
form POST to /reviewer set the reviewer cookie; no CSP or X-Frame-Options; reviewer names took bidi and
control characters; ``Host: testserver`` was served; 2,000 reports of one text showed as one, silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.review.app import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from tests.review_support import CLEAN, FAILING, client_for, extracted_json, make_batch, report_id

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return make_batch(tmp_path)


def _fact_url(batch: Path) -> str:
    _, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    return f"/api/report/{rid}/facts/x/decision"


def test_json_nested_100000_deep_is_a_400_not_a_500(batch: Path) -> None:
    client, _ = client_for(batch)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(_fact_url(batch), content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"detail": f"the JSON nests deeper than {MAX_JSON_DEPTH} levels"}


def test_json_depth_skips_strings() -> None:
    assert json_depth(b'{"a": ["[[[[", {"b": "\\"{{"}]}') == 3


def test_a_body_over_the_limit_is_a_413_before_it_is_read(batch: Path) -> None:
    client, _ = client_for(batch)
    big = b'{"action": "accept", "note": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    response = client.post(_fact_url(batch), content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b"x" * 65536

    chunked = client.post(_fact_url(batch), content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413


def test_a_cross_site_form_post_does_not_set_the_reviewer(batch: Path) -> None:
    client, _ = client_for(batch)
    attack = client.post("/reviewer", content="name=mallory&next=/", follow_redirects=False,
                         headers={**FORM, "origin": "http://evil.example"})
    assert attack.status_code == 403 and "set-cookie" not in attack.headers
    by_referer = client.post("/reviewer", content="name=mallory&next=/", follow_redirects=False,
                             headers={**FORM, "referer": "http://evil.example/page"})
    assert by_referer.status_code == 403
    null_origin = client.post("/reviewer", content="name=mallory", follow_redirects=False, headers={**FORM, "origin": "null"})
    assert null_origin.status_code == 403
    assert 'value="mallory"' not in client.get("/").text
    own = client.post("/reviewer", content="name=alice2&next=/", follow_redirects=False,
                      headers={**FORM, "origin": "http://127.0.0.1"})
    assert own.status_code == 303 and "nianbao_reviewer" in own.headers["set-cookie"]


def test_cross_site_decisions_are_refused_too(batch: Path) -> None:
    client, reports = client_for(batch)
    rid = report_id(reports, FAILING)
    response = client.post(f"/api/report/{rid}/flags", json={"complete": True}, headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert client.get(f"/report/{rid}/decisions.json").json() == []


def test_every_response_carries_the_security_headers(batch: Path) -> None:
    client, reports = client_for(batch)
    for response in (client.get("/"), client.get(f"/report/{report_id(reports, CLEAN)}"), client.get("/report/nope"),
                     client.get("/", headers={"host": "attacker.example"})):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_host_testserver_is_a_foreign_host(batch: Path) -> None:
    client, _ = client_for(batch)
    assert client.get("/", headers={"host": "testserver"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200


@pytest.mark.parametrize("name", ["bob\u202eecila", "a\u200bdmin", "\u2066x\u2069", "\u0007bell", "\ue000"],
                         ids=["bidi-override", "zero-width", "bidi-isolate", "control", "private-use"])
def test_reviewer_names_are_printable_text(batch: Path, name: str) -> None:
    client, reports = client_for(batch)
    form = client.post("/reviewer", content=f"name={name}".encode(), headers=FORM, follow_redirects=False)
    assert form.status_code == 400
    rid = report_id(reports, FAILING)
    flags = client.post(f"/api/report/{rid}/flags", json={"complete": True, "reviewer": name})
    assert flags.status_code == 400


def test_identical_texts_are_shown_as_such(tmp_path: Path) -> None:
    out = make_batch(tmp_path)
    line = json.loads(extracted_json(str(tmp_path / "reports" / f"{CLEAN}.txt")))
    copies = []
    for i in range(40):  # 40 more files holding the same text
        line["source"]["path"] = str(tmp_path / "reports" / f"copy_{i:02}.txt")
        copies.append(json.dumps(line, ensure_ascii=False))
    with (out / "reports.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(copies) + "\n")
    client, reports = client_for(out)
    queue = client.get("/").text
    assert "×41 identical files" in queue
    assert "42 files: 40 hold the same text as another and are shown once" in queue
    page = client.get(f"/report/{report_id(reports, 'copy_39')}").text
    assert "41 files hold exactly this text: every decision here applies to all of them" in page
