"""``nianbao eval view``: the view data (matrix, details, flags, history), the page, the served app."""

from __future__ import annotations

import html
import json
import re
import socket
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evals.faithfulness import measure
from extractor.evals.viewer.data import item_flags, load_view, snippet
from extractor.evals.viewer.page import render_page, script_json
from extractor.evals.viewer.server import CSP, create_app
from extractor.narrative.schema import Evidence, Item, NarrativeFacts, Support
from tests.conftest import GOLD
from tests.eval_support import MARKUP, SEED, SMALL, UNSUPPORTED, make_runs
from tests.review_support import TestClient  # imported without starlette's httpx note


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_runs(tmp_path_factory.mktemp("viewer"))


def test_the_matrix_shows_what_changed_and_how(runs: tuple[Path, Path, Path]) -> None:
    runs_dir, base, candidate = runs
    bundle = load_view([base, candidate], runs_dir=runs_dir)
    data = bundle.data
    assert [(r.key, r.label) for r in data.runs] == [("A", "base"), ("B", "v2")]
    assert data.runs[1].faithfulness.unsupported_shipped == 1 and data.runs[0].commit == data.runs[1].commit
    row = next(r for r in data.rows if r.report == SEED)
    cells = {c.field: c for c in row.cells}
    apps = cells["application_counts"]
    assert apps.changed and apps.trend == "worse" and apps.values[0] == 1.0 and apps.values[1] is not None and apps.values[1] < 1
    assert apps.errors[1].get("missing") == 1 and "missing" in apps.kinds
    other = cells["other_counts"]
    assert other.changed and "spurious" in other.kinds
    problems = cells["problems"]
    assert problems.changed and "unsupported" in problems.kinds
    assert not cells["table_cells"].changed and cells["table_cells"].trend == "same"
    assert all(not c.changed for r in data.rows if r.report != SEED for c in r.cells)
    # the run against A, per field, with the paired interval
    vs = data.runs[1].vs_a["application_counts"]
    assert vs.delta is not None and vs.delta < 0 and vs.low is not None and vs.worse == 1
    assert data.runs[1].vs_a["table_cells"].verdict == "unchanged"
    # history: both runs of the suite, oldest first, each marked with its letter
    points = data.history["all_counts"]
    assert [p.key for p in points] == ["A", "B"] and points[1].value is not None


def test_a_cell_shows_each_runs_extraction_next_to_the_gold_and_the_sentence(runs: tuple[Path, Path, Path]) -> None:
    runs_dir, base, candidate = runs
    bundle = load_view([base, candidate], runs_dir=runs_dir)
    detail = bundle.cases[SEED].fields["application_counts"]
    gold = json.loads((GOLD / f"{SEED}.json").read_text(encoding="utf-8"))["narrative"]["application_counts"]
    lost = next(row for row in detail.gold if row.changed)
    a, b = lost.outcomes
    assert a is not None and b is not None and (a.status, b.status) == ("matched", "missing")
    assert lost.snippet is not None and lost.snippet.quote == gold[0]["quote"] and lost.snippet.at_offsets
    assert a.snippet is not None and a.snippet.quote in a.snippet.before + a.snippet.quote + a.snippet.after
    assert b.snippet is None and b.predicted is None
    others = bundle.cases[SEED].fields["other_counts"].others
    assert others[0] == [] and [p.label for p in others[1]] == [f"{MARKUP} = 99999件"]
    assert others[1][0].status == "spurious" and others[1][0].snippet is not None
    problems = bundle.cases[SEED].fields["problems"]
    flagged = [o for row in problems.gold for o in row.outcomes if o is not None and o.flags]
    flagged += [p for ps in problems.others for p in ps if p.flags]
    assert any("unsupported" in o.flags for o in flagged)
    assert any(UNSUPPORTED in ((getattr(o, "predicted", None) or "") + (getattr(o, "label", None) or "")) for o in flagged)
    cells = bundle.cases[SEED].fields["table_cells"]
    assert cells.gold == [] and cells.hidden_matched > 100  # every cell right in both runs: not listed


def test_item_flags_find_what_faithfulness_counts() -> None:
    text = "存在的主要问题和困难：一是公开内容不够全面。二是网站栏目更新不及时。"
    heading = Item(text="存在的主要问题和困难：", evidence=Evidence(quote="存在的主要问题和困难：", start=0, end=11))
    q1 = "一是公开内容不够全面。"
    fine = Item(text="公开内容不够全面", evidence=Evidence(quote=q1, start=text.index(q1), end=text.index(q1) + len(q1)),
                support=Support(text_from="llm", score=0.9))
    q2 = "二是网站栏目更新不及时。"
    invented = Item(text="培训考核制度缺失严重", evidence=Evidence(quote=q2, start=text.index(q2), end=text.index(q2) + len(q2)),
                    support=Support(text_from="llm", score=0.1))
    from extractor.models import ReportMeta, SourceInfo, Tables
    from extractor.report import ExtractedReport

    report = ExtractedReport(source=SourceInfo(path="x.txt", format="txt", encoding="utf-8", sha256="0" * 64, chars=len(text)),
                             meta=ReportMeta(), tables=Tables(),
                             narrative=NarrativeFacts(prompt="narrative@v2", model="m", problems=[heading, fine, invented]))
    flags = item_flags(report, None)
    assert flags == {"problems": {0: ["heading"], 2: ["unsupported"]}}
    counted = measure(report, None)
    assert (counted.headings_shipped, counted.unsupported_shipped) == (1, 1)
    assert item_flags(None, None) == {}


def test_snippet_is_the_sentence_around_the_quote() -> None:
    text = "第一句话。今年共收到申请55件,办结53件。第三句。"
    start = text.index("55件")
    s = snippet(text, start, start + 3, "55件")
    assert (s.before, s.quote, s.after) == ("今年共收到申请", "55件", ",办结53件。")
    long = "甲" * 200 + "55件" + "乙" * 200
    s = snippet(long, 200, 203)
    assert s.before.startswith("…") and len(s.before) == 81 and s.after.endswith("…") and len(s.after) == 81
    off = snippet(text, 2, 5, "不在这里")
    assert not off.at_offsets and off.quote == "不在这里" and off.before == off.after == ""


def test_script_json_cannot_end_its_script_block() -> None:
    text = script_json({"a": "</script><script>alert(1)</script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>&\u2028"}


def test_the_self_contained_page_escapes_report_text_and_pins_its_script(
    runs: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs_dir, base, _ = runs
    out = tmp_path / "view" / "index.html"
    assert main(["eval", "view", "base", "v2", "--runs-dir", str(runs_dir), "--html", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<script>window.__pwned" not in page and "<img src=x" not in page
    assert 'id="nb-cases"' in page and "\\u003cscript\\u003ewindow.__pwned" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "'unsafe-inline'" not in policy
    assert "http://" not in page and "https://" not in page  # nothing fetched from anywhere
    served = render_page(load_view([base], runs_dir=runs_dir), inline=False)
    assert 'src="/static/viewer.js"' in served and 'id="nb-cases"' not in served


def test_the_served_viewer(runs: tuple[Path, Path, Path]) -> None:
    runs_dir, base, candidate = runs
    client = TestClient(create_app([base, candidate], runs_dir=runs_dir))
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-security-policy"] == CSP
    assert page.headers["x-content-type-options"] == "nosniff" and "base" in page.text and "v2" in page.text
    assert 'data-case-url="/api/case"' in page.text
    detail = client.get("/api/case", params={"report": SEED})
    assert detail.status_code == 200 and detail.json()["runs"] == ["A", "B"]
    assert MARKUP in json.dumps(detail.json(), ensure_ascii=False)
    assert client.get("/api/case", params={"report": "nope"}).status_code == 404
    # other runs by id or label; never a path from the query string
    one = client.get("/view", params=[("run", "v2")])
    assert one.status_code == 200 and 'data-case-url="/api/case?run=v2"' in one.text
    assert client.get("/api/case", params=[("run", "v2"), ("report", SMALL)]).json()["runs"] == ["A"]
    for bad in (str(base), "../runs", "/etc"):
        assert client.get("/view", params=[("run", bad)]).status_code == 404
        assert client.get("/api/case", params=[("run", bad), ("report", SEED)]).status_code == 404
    assert client.get("/view").status_code == 400
    listing = client.get("/runs")
    assert listing.status_code == 200 and base.name in listing.text and candidate.name in listing.text
    assert client.get("/static/viewer.js").status_code == 200
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_view_errors_are_one_line(runs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    runs_dir, base, _ = runs
    assert main(["eval", "view", "nope", "--runs-dir", str(runs_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nianbao: error: run not found: nope") and err.count("\n") == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["eval", "view", str(base), "--runs-dir", str(runs_dir), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nianbao: error: cannot listen on 127.0.0.1:{port}") and err.count("\n") == 1
