"""End to end in a real headless browser: Playwright drives Debian's chromium against the review server.

Opens a report, accepts one fact (keyboard), corrects another (form), adds a missed fact from a text
selection, reloads, finds every decision kept, marks a table cell misread and confirms another, then exports
``--reviewed`` and finds those decisions in the exported tables and facts.  Skipped, with the reason, where Playwright or a
chromium binary is missing (``.ci/run`` installs both and sets NIANBAO_REQUIRE_BROWSER=1, which turns
the skip into a failure; set NIANBAO_CHROMIUM to use another binary).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.review.app import create_app
from extractor.review.reports import ReportSet
from extractor.review.store import DecisionStore
from tests.review_support import FAILING, make_batch, read_csv, report_id

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("NIANBAO_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_api = None  # type: ignore[assignment]
CHROMIUM = find_chromium()
MISSING = (
    "playwright is not installed (pip install -e '.[dev]')" if sync_api is None
    else "no chromium binary: `apt-get install chromium` (Debian; .ci/run does it) or set NIANBAO_CHROMIUM"
    if CHROMIUM is None else None
)
# .ci/run sets this once chromium is installed: then a missing browser is a failure, not a skip
REQUIRED = os.environ.get("NIANBAO_REQUIRE_BROWSER") == "1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])



@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ReportSet]]:
    if MISSING:
        (pytest.fail if REQUIRED else pytest.skip)(MISSING)
    import uvicorn

    out = make_batch(tmp_path, names=(FAILING,), with_script=True)
    reports = ReportSet(out)
    app = create_app(reports, DecisionStore(out / "review.sqlite"), default_reviewer="alice")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the review server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", reports
    finally:
        server.should_exit = True
        thread.join(timeout=10)


SELECT_TEXT = """(needle) => {
  const source = document.getElementById("source");
  const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const i = node.data.indexOf(needle);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + needle.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    source.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    return true;
  }
  return false;
}"""


def test_review_a_report_in_the_browser(served: tuple[str, ReportSet], tmp_path: Path) -> None:
    base, reports = served
    rid = report_id(reports, FAILING)
    text = reports.source(rid).text
    assert text is not None
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{base}/")
            page.click(f"a[href='/report/{rid}']")
            page.wait_for_selector("#source")

            cards = page.locator("article.fact")
            first_key = cards.nth(0).get_attribute("data-fact")
            second_key = cards.nth(1).get_attribute("data-fact")
            assert first_key and second_key
            first = page.locator(f'article.fact[data-fact="{first_key}"]')
            second = page.locator(f'article.fact[data-fact="{second_key}"]')

            # clicking a fact flashes its span in the text; 'a' accepts it
            first.locator(".quote").click()
            page.wait_for_selector(f'#source [data-k~="{first_key}"].flash')
            page.keyboard.press("a")
            page.wait_for_selector(f'article.fact.st-accept[data-fact="{first_key}"]')

            # correct the second: new value through the form
            second.locator("[data-action=edit]").click()
            second.locator("input[name=value]").fill("2407")
            second.locator("button[type=submit]").click()
            page.wait_for_selector(f'article.fact.st-correct[data-fact="{second_key}"]')
            assert second.locator(".num").inner_text() == "2407"

            # add a missed fact by selecting its text
            needle = "政策解读393 条"
            assert page.evaluate(SELECT_TEXT, needle)
            form = page.locator("#add-form")
            form.wait_for(state="visible")
            start = text.index(needle)
            assert form.locator("input[name=start]").input_value() == str(start)
            assert form.locator("input[name=end]").input_value() == str(start + len(needle))
            assert form.locator("input[name=value]").input_value() == "393"
            form.locator("input[name=what]").fill("政策解读")
            form.locator("input[name=unit]").fill("条")
            form.locator("button[type=submit]").click()
            page.wait_for_selector("article.fact.added")

            # a reload (or a server restart: the same SQLite file) keeps every decision
            page.reload()
            page.wait_for_selector("#source")
            assert "st-accept" in (first.get_attribute("class") or "")
            assert "st-correct" in (second.get_attribute("class") or "")
            assert second.locator(".num").inner_text() == "2407"
            added = page.locator("article.fact.added")
            assert added.count() == 1 and "政策解读" in added.inner_text()
            assert page.locator("[data-progress=mine]").inner_text() == "2"

            if os.environ.get("NIANBAO_REVIEW_SCREENSHOT"):  # the README's picture: the cells of a failed rule
                page.locator(".finding.check").nth(1).click()
                page.wait_for_timeout(1600)  # after the flash
                page.screenshot(path=os.environ["NIANBAO_REVIEW_SCREENSHOT"])

            # mark a table cell misread from the grid: the page reloads with the mark
            cell = page.locator('td.gcell[title="applications.new_received.total"]')
            cell.click()
            panel = page.locator("#cell-panel")
            panel.wait_for(state="visible")
            assert panel.locator(".cell-path").inner_text() == "applications.new_received.total"
            panel.locator("input[name=value]").fill("13")
            panel.locator("button[type=submit]").click()
            page.wait_for_selector('td.gcell.misread[title="applications.new_received.total"]')
            assert "alice: misread (prints 13)" in page.locator("#cell-panel .cell-marks").inner_text()
            assert "本年新收政府信息公开申请数量" in page.locator("#cell-panel .cell-label").inner_text()

            # confirm another cell as read: "Confirm value" in the cell panel
            page.locator('td.gcell[title="applications.granted.total"]').click()
            panel.wait_for(state="visible")
            panel.locator("[data-action=confirm-cell]").click()
            page.wait_for_selector('td.gcell.confirmed[title="applications.granted.total"]')
            assert "alice: confirmed" in page.locator("#cell-panel .cell-marks").inner_text()
            # the grid shows the data dictionary's labels
            assert page.locator("table.grid th", has_text="一、本年新收政府信息公开申请数量").count() == 1

            page.screenshot(path=str(tmp_path / "review.png"))

            # markup in a report is text, never run
            page.goto(f"{base}/report/{report_id(reports, 'script_report')}")
            page.wait_for_selector("#source")
            assert page.evaluate("window.__pwned") is None
            assert "<script>window.__pwned = 1</script>" in page.locator("#source").inner_text()
            assert errors == []
        finally:
            browser.close()

    # the decisions reach the analysis: the reviewed export's tables and facts show them
    reviewed = tmp_path / "reviewed"
    assert main(["review", "export", str(reports.target), "--reviewed", str(reviewed)]) == 0
    tables = {Path(t["path"]).stem: t for t in read_csv(reviewed / "tables.csv")}
    assert tables[FAILING]["applications.new_received.total"] == "13"
    facts = [f for f in read_csv(reviewed / "facts.csv") if Path(f["path"]).stem == FAILING]
    marks = {f["review"] for f in facts}
    assert {"accepted", "corrected", "added", "undecided"} <= marks
    assert any(f["review"] == "corrected" and f["value"] == "2407" for f in facts)
    assert any(f["review"] == "added" and f["value"] == "393" and f["quantity"] == "政策解读" for f in facts)
    line = next(json.loads(x) for x in (reviewed / "reports.jsonl").read_text(encoding="utf-8").splitlines()
                if Path(json.loads(x)["source"]["path"]).stem == FAILING)
    granted = next(c for c in line["cells"] if (c["table"], c["row"], c["column"]) == ("applications", "granted", "total"))
    assert "confirmed" in granted["flags"]
    status = {Path(r["path"]).stem: r["status"] for r in read_csv(reviewed / "review_status.csv")}
    assert status[FAILING] == "in progress"
