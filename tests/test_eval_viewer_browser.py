"""``nianbao eval view`` in a real headless browser (Playwright driving Debian's chromium), served and as a
self-contained file: filters, a cell's detail with each run's extraction next to the gold and the marked
source sentence, markup in report text shown as text, the run list.  Skipped, with the reason, where
Playwright or chromium is missing, unless NIANBAO_REQUIRE_BROWSER=1 (.ci/run sets it)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.evals.viewer.page import write_html
from extractor.evals.viewer.server import create_app
from tests.conftest import GOLD
from tests.eval_support import MARKUP, SEED, make_runs
from tests.test_review_browser import CHROMIUM, CHROMIUM_ARGS, MISSING, REQUIRED, _free_port, sync_api

CHANGED_FIELDS = {"application_counts", "other_counts", "all_counts", "problems"}


def _require_browser() -> None:
    if MISSING:
        (pytest.fail if REQUIRED else pytest.skip)(MISSING)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path, Path]:
    _require_browser()
    return make_runs(tmp_path)


@pytest.fixture
def served(stored: tuple[Path, Path, Path]) -> Iterator[str]:
    import uvicorn

    runs_dir, base, candidate = stored
    app = create_app([base, candidate], runs_dir=runs_dir)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the viewer did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _page(browser: Any, problems: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    return page


def _visible_rows(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#matrix tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.report)"))


def _live_cells(page: Any) -> set[str]:
    return set(page.eval_on_selector_all(
        "#matrix tbody tr:not([hidden]) td.cell:not([hidden]):not(.dim)", "cells => cells.map(c => c.dataset.field)"))


def test_view_two_runs_in_the_browser(served: str, stored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, base, candidate = stored
    gold_quote = json.loads((GOLD / f"{SEED}.json").read_text(encoding="utf-8"))["narrative"]["application_counts"][0]["quote"]
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _page(browser, problems)
            page.goto(f"{served}/")
            page.wait_for_selector("#matrix td.cell")
            fields = page.eval_on_selector_all("#matrix thead th[data-field]", "ths => ths.map(t => t.dataset.field)")
            rows = _visible_rows(page)
            assert len(rows) == 3 and page.locator("#matrix td.cell").count() == 3 * len(fields)
            assert page.locator("#f-count").inner_text() == f"{3 * len(fields)} of {3 * len(fields)} cells"
            assert page.locator("#runs tbody tr[data-run]").count() == 2
            assert page.locator("#fields tr[data-field=all_counts] svg.spark circle.viewed").count() == 2  # run history: A and B

            # changed or not: only the changed report, its four changed fields lit
            page.select_option("#f-change", "changed")
            assert _visible_rows(page) == [SEED] and _live_cells(page) == CHANGED_FIELDS
            # and by error kind: the facts B lost
            page.select_option("#f-kind", "missing")
            assert _live_cells(page) == {"application_counts", "all_counts"}
            page.select_option("#f-kind", "unsupported")
            assert _live_cells(page) == {"problems"}
            page.select_option("#f-kind", "")
            page.select_option("#f-change", "unchanged")
            assert len(_visible_rows(page)) == 3
            page.select_option("#f-change", "")

            # a cell: the gold fact, what each run made of it, the sentence with the quote marked
            page.click(f'td.cell[data-report="{SEED}"][data-field="application_counts"]')
            page.wait_for_selector("#detail table.side")
            assert page.locator("#detail-title").inner_text() == f"{SEED} · application_counts"
            lost = page.locator("#detail table.side tr.changed").first
            cells = lost.locator("td")
            assert cells.nth(1).locator(".st").inner_text() == "matched" and cells.nth(2).locator(".st").inner_text() == "missing"
            assert cells.nth(0).locator("mark").inner_text() == gold_quote
            assert cells.nth(1).locator("mark").inner_text().strip()
            assert "missing 1" in page.locator("#detail table.summary").inner_text()
            page.screenshot(path=str(tmp_path / "viewer-detail.png"))

            # a spurious fact whose text is markup: shown as text, never run
            page.click(f'td.cell[data-report="{SEED}"][data-field="other_counts"]')
            page.wait_for_function("document.getElementById('detail-title').textContent.endsWith('other_counts')")
            page.wait_for_selector("#detail .others li.st-bg-spurious")
            assert MARKUP in page.locator("#detail .others .col").nth(1).inner_text()
            assert page.evaluate("window.__pwned") is None

            page.click(f'td.cell[data-report="{SEED}"][data-field="problems"]')
            page.wait_for_selector("#detail .flag-unsupported")
            assert page.evaluate("window.__pwned") is None
            assert "<img" not in page.locator("#detail-body").inner_html().replace("&lt;img", "")

            # one field only; Esc closes the detail
            page.select_option("#f-field", "problems")
            assert page.locator("#matrix td.cell:not([hidden])").count() == 3
            page.keyboard.press("Escape")
            assert page.locator("#detail").is_hidden()

            # the run list: pick runs, view them (the detail is fetched for those runs)
            page.goto(f"{served}/runs")
            page.check(f'input[value="{candidate.name}"]')
            page.check(f'input[value="{base.name}"]')
            page.click("button[type=submit]")
            page.wait_for_selector("#matrix td.cell")
            assert "run=" in page.url and page.locator("#runs tbody tr[data-run]").count() == 2
            assert "base" in page.locator("#runs tbody tr[data-run='A']").inner_text()  # the older run is the baseline
            page.click(f'td.cell[data-report="{SEED}"][data-field="application_counts"]')
            page.wait_for_selector("#detail table.side")
            assert problems == []
        finally:
            browser.close()


def test_the_self_contained_file_works_offline(stored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    runs_dir, base, candidate = stored
    path = write_html([base, candidate], tmp_path / "view.html", runs_dir=runs_dir)
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _page(browser, problems)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            page.goto(path.as_uri() + f"#r={SEED}&f=other_counts")  # a link to one cell opens it
            page.wait_for_selector("#detail .others li.st-bg-spurious")
            assert MARKUP in page.locator("#detail").inner_text() and page.evaluate("window.__pwned") is None
            page.select_option("#f-change", "changed")
            assert _visible_rows(page) == [SEED]
            page.click(f'td.cell[data-report="{SEED}"][data-field="all_counts"]')
            page.wait_for_function("document.getElementById('detail-title').textContent.endsWith('all_counts')")
            changed = page.locator("#detail table.side tr.changed")
            assert changed.count() == 1 and changed.locator("td").nth(2).locator(".st").inner_text() == "missing"
            assert problems == []  # the Content-Security-Policy let the page's own script and style run, nothing else
        finally:
            browser.close()
