"""The review web app (FastAPI, server-rendered Jinja2 pages, a little vanilla JavaScript).

Routes
  GET  /                                         queue: reports by what needs a person most, counts, filter
  GET  /report/{id}                              report view: source with spans, findings, facts, tables
  GET  /report/{id}/gold.json                    the gold file this report would export now
  GET  /report/{id}/decisions.json               every decision on the report (all reviewers, oldest first)
  POST /api/report/{id}/facts/{key}/decision     accept / correct / reject / withdraw a fact   (JSON)
  POST /api/report/{id}/facts                    add a missed fact from a text selection        (JSON)
  POST /api/report/{id}/cells/{key}/decision     mark a table cell misread / confirm it / withdraw   (JSON)
  POST /api/report/{id}/checks/{id}/decision     confirm a failed check (the report prints it so)   (JSON)
  POST /api/report/{id}/done                     mark the report done (nothing left undecided)      (JSON)
  POST /api/report/{id}/flags                    report-level flags (partial excerpt)           (JSON)
  POST /reviewer                                 set the reviewer name (form; a cookie)
  GET  /label-studio.json                        every report as Label Studio tasks with predictions
  GET  /static/…, /favicon.ico                   CSS and JS (no icon: 204)

Safety: JSON endpoints only accept ``application/json`` (a cross-site form cannot send it), the Host
header must name the address served (no DNS rebinding), every text goes through Jinja2's autoescaping,
an unknown id is a 404 and an invalid decision a 400 with one line, never a traceback.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from extractor.narrative.fact_lists import WORK_KINDS
from extractor.review.export import export_label_studio_tasks, report_gold
from extractor.review.reports import (
    FACT_LISTS,
    ReportGone,
    ReportSet,
    cell_key,
    check_key,
    failed_table_checks,
)
from extractor.review.state import (
    REPORT_TARGET,
    STATUS_TARGET,
    AddFactRequest,
    CellDecisionRequest,
    CheckDecisionRequest,
    DoneRequest,
    FactDecisionRequest,
    ReportFlagsRequest,
    ReviewError,
    ReviewState,
    build_fact,
    build_state,
    clean_reviewer,
    new_added_key,
    parse_number,
)
from extractor.review.store import DecisionStore
from extractor.review.views import (
    QUEUE_FILTERS,
    build_report_view,
    fact_card,
    queue_filter,
    queue_rows,
)
from extractor.util import errors_line, number_text, one_line

HERE = Path(__file__).resolve().parent
REVIEWER_COOKIE = "nianbao_reviewer"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
MAX_BODY_BYTES = 256 * 1024  # a decision is a few hundred bytes
MAX_JSON_DEPTH = 16  # a decision nests 3 levels
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
_STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RequestGuard:
    """ASGI middleware in front of the app: security headers on every response; a state-changing request
    from another site refused (403: its Origin, or Referer, must name the host served; browsers send one
    with every POST, other clients may send none); a body over :data:`MAX_BODY_BYTES` refused (413)
    before it is read whole."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in SECURITY_HEADERS if k not in present)]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope["method"] in _STATE_CHANGING:
            refused = _cross_site(headers)
            if refused:
                await JSONResponse({"detail": refused}, status_code=403)(scope, receive, send_with_headers)
                return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            await self._too_large(scope, receive, send_with_headers)
            return
        body = b""
        more = scope["method"] in _STATE_CHANGING
        while more:  # read the body here, within the limit (a chunked body has no Content-Length)
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                await self._too_large(scope, receive, send_with_headers)
                return
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed and scope["method"] in _STATE_CHANGING:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    @staticmethod
    async def _too_large(scope: Any, receive: Any, send: Any) -> None:
        response = JSONResponse({"detail": f"request body over {MAX_BODY_BYTES // 1024} KiB"}, status_code=413,
                                headers={"connection": "close"})
        await response(scope, receive, send)


def _cross_site(headers: dict[str, str]) -> str | None:
    """Why a state-changing request is refused as cross-site, or None."""
    host = headers.get("host", "").lower()
    origin = headers.get("origin")
    if origin is not None:
        if urllib.parse.urlsplit(origin).netloc.lower() != host or origin.lower() == "null":
            return f"cross-site request refused (Origin {one_line(origin, 80)} is not this server)"
        return None
    referer = headers.get("referer")
    if referer is not None and urllib.parse.urlsplit(referer).netloc.lower() != host:
        return "cross-site request refused (Referer is not this server)"
    return None


def json_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON text (strings skipped), counted without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(FACT_LISTS=FACT_LISTS, WORK_KINDS=WORK_KINDS, QUEUE_FILTERS=QUEUE_FILTERS)
    env.filters["num"] = _fmt_number
    return env


def _fmt_number(value: Any) -> str:
    return "—" if value is None else number_text(value) if isinstance(value, float) else str(value)


def create_app(
    reports: ReportSet,
    store: DecisionStore,
    *,
    default_reviewer: str = "reviewer",
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    app = FastAPI(title="nianbao review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.add_middleware(RequestGuard)  # outermost: the headers go on the Host check's 400 too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = _templates()
    default_reviewer = clean_reviewer(default_reviewer) or "reviewer"

    def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status_code)

    def reviewer_of(request: Request, given: str | None = None) -> str:
        if given is not None:
            name = clean_reviewer(given)
            if name is None:
                raise HTTPException(400, "reviewer name: 1-64 printable characters, no quotes, < > or &")
            return name
        cookie = request.cookies.get(REVIEWER_COOKIE)
        name = clean_reviewer(urllib.parse.unquote(cookie)) if cookie else None
        return name or default_reviewer

    def known(report_id: str) -> None:
        reports.refresh()  # a running batch rewrites reports.jsonl
        if report_id not in reports:
            raise HTTPException(404, f"no report {report_id!r} in this review")

    def state_of(report_id: str) -> ReviewState:
        summary = reports.summary(report_id)
        return build_state(reports.report(report_id), store.current(summary.sha256))

    async def json_body(request: Request) -> Any:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise HTTPException(415, "send application/json")
        raw = await request.body()
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise HTTPException(400, f"the JSON nests deeper than {MAX_JSON_DEPTH} levels")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise HTTPException(400, "the body is not JSON") from None

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render("error.html", exc.status_code, status=exc.status_code, message=exc.detail,
                      reviewer=default_reviewer, path="/")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _request_errors(exc.errors())}, status_code=400)

    @app.exception_handler(ValidationError)
    async def model_error(request: Request, exc: ValidationError) -> JSONResponse:
        return JSONResponse({"detail": _request_errors(exc.errors())}, status_code=400)

    @app.exception_handler(ReportGone)
    async def report_gone(request: Request, exc: ReportGone) -> Response:
        return await http_error(request, StarletteHTTPException(404, "this report is no longer in reports.jsonl: reload the queue"))

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, show: str = "all", q: str = "") -> HTMLResponse:
        reviewer = reviewer_of(request)
        reports.refresh()
        rows = queue_rows(reports.summaries(), store.current_actions(), reviewer)
        needle = q.strip().lower()
        if needle:
            rows = [r for r in rows if needle in f"{r.summary.name} {r.summary.issuing_body} {r.summary.title} {r.summary.year}".lower()]
        counts = {name: sum(queue_filter(r, name) for r in rows) for name in QUEUE_FILTERS}
        shown = [r for r in rows if queue_filter(r, show)]
        return render("queue.html", rows=shown, counts=counts, show=show if show in QUEUE_FILTERS else "all", q=q,
                      reviewer=reviewer, path=str(request.url.path), skipped=reports.skipped_lines, target=str(reports.target),
                      files=reports.files())

    @app.get("/report/{report_id}", response_class=HTMLResponse)
    def report_page(request: Request, report_id: str) -> HTMLResponse:
        known(report_id)
        reviewer = reviewer_of(request)
        view = build_report_view(reports.summary(report_id), state_of(report_id), reports.source(report_id), reviewer)
        ids = [r.summary.report_id for r in queue_rows(reports.summaries(), store.current_actions(), reviewer)]
        position = ids.index(report_id)
        next_id = ids[position + 1] if position + 1 < len(ids) else None
        return render("report.html", view=view, reviewer=reviewer, path=str(request.url.path), next_id=next_id)

    @app.get("/report/{report_id}/gold.json")
    def gold_preview(request: Request, report_id: str, reviewer: str | None = None) -> JSONResponse:
        known(report_id)
        summary = reports.summary(report_id)
        chosen = reviewer_of(request, reviewer) if reviewer else None
        export = report_gold(reports.report(report_id), state_of(report_id), summary.name, reviewer=chosen)
        return JSONResponse(export.gold)

    @app.get("/report/{report_id}/decisions.json")
    def decisions(report_id: str) -> JSONResponse:
        known(report_id)
        history = store.history(reports.summary(report_id).sha256)
        return JSONResponse([
            {"id": d.id, "target": d.target, "reviewer": d.reviewer, "action": d.action, "payload": d.payload,
             "created_at": d.created_at}
            for d in history
        ])

    def card_response(report_id: str, key: str, reviewer: str, *, reload: bool = False) -> JSONResponse:
        state = state_of(report_id)
        fact = state.fact(key)
        source = reports.source(report_id)
        progress = state.progress()
        body: dict[str, Any] = {
            "key": key, "reload": reload,
            "progress": {"mine": state.decided(reviewer), "any": state.decided(), "total": state.extracted_count(),
                         "status": progress.status, "open": progress.open},
        }
        if fact is not None:
            card = fact_card(state, fact, reviewer, source.text)
            body["action"] = card.my_action
            body["html"] = env.get_template("_fact.html").render(card=card, reviewer=reviewer)
        return JSONResponse(body)

    @app.post("/api/report/{report_id}/facts/{key}/decision")
    async def decide_fact(request: Request, report_id: str, key: str) -> JSONResponse:
        known(report_id)
        decision = FactDecisionRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, decision.reviewer)
        state = state_of(report_id)
        fact = state.fact(key)
        if fact is None:
            raise HTTPException(404, f"no fact {key!r} in report {report_id}")
        sha = reports.summary(report_id).sha256
        snapshot = {"list": fact.list_name, "fact": fact.base}
        if decision.action == "correct":
            if decision.fact is None:
                raise ReviewError("a correction needs the corrected fields")
            _list, base = fact.shown(reviewer)
            list_name, corrected = build_fact(state.report, decision.fact, list_name=fact.list_name, base=base,
                                              source_text=reports.source(report_id).text)
            action = "add" if fact.added_by == reviewer else "correct"
            store.record(sha, key, reviewer, action, {"list": list_name, "fact": corrected, "original": snapshot})
            span_moved = corrected["evidence"]["start"] != base["evidence"]["start"] or corrected["evidence"]["end"] != base["evidence"]["end"]
            return card_response(report_id, key, reviewer, reload=span_moved)
        if fact.added_by == reviewer:  # the author's own added fact: accept keeps it, reject/withdraw removes it
            if decision.action == "accept":
                return card_response(report_id, key, reviewer)
            store.record(sha, key, reviewer, "withdraw")
            return card_response(report_id, key, reviewer, reload=True)
        store.record(sha, key, reviewer, decision.action, None if decision.action == "withdraw" else {"original": snapshot})
        return card_response(report_id, key, reviewer)

    @app.post("/api/report/{report_id}/facts")
    async def add_fact(request: Request, report_id: str) -> JSONResponse:
        known(report_id)
        added = AddFactRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, added.reviewer)
        if added.list is None:
            raise ReviewError("say which list the fact belongs to")
        source = reports.source(report_id)
        if source.status != "ok":
            raise ReviewError("the source text is not available (or changed), so facts cannot be added from it")
        list_name, fact = build_fact(reports.report(report_id), added, list_name=None, base=None, source_text=source.text)
        key = new_added_key()
        store.record(reports.summary(report_id).sha256, key, reviewer, "add", {"list": list_name, "fact": fact})
        return card_response(report_id, key, reviewer, reload=True)

    @app.post("/api/report/{report_id}/cells/{key}/decision")
    async def decide_cell(request: Request, report_id: str, key: str) -> JSONResponse:
        known(report_id)
        decision = CellDecisionRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, decision.reviewer)
        report = reports.report(report_id)
        if key not in {cell_key(c.table, c.row, c.column) for c in report.cells}:
            raise HTTPException(404, f"no cell {key!r} in report {report_id}")
        payload = None
        if decision.action == "misread":
            note = one_line(decision.note or "", 500) or None
            payload = {"value": parse_number(decision.value, "the printed value"), "note": note}
        store.record(reports.summary(report_id).sha256, key, reviewer, decision.action, payload)
        return JSONResponse({"key": key, "action": decision.action, "payload": payload, "reload": True})

    @app.post("/api/report/{report_id}/checks/{check_id}/decision")
    async def decide_check(request: Request, report_id: str, check_id: str) -> JSONResponse:
        known(report_id)
        decision = CheckDecisionRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, decision.reviewer)
        if check_id not in failed_table_checks(reports.report(report_id)):
            raise HTTPException(404, f"no failed check {check_id!r} in report {report_id}")
        store.record(reports.summary(report_id).sha256, check_key(check_id), reviewer, decision.action)
        return JSONResponse({"check": check_id, "action": decision.action, "reload": True})

    @app.post("/api/report/{report_id}/done")
    async def mark_done(request: Request, report_id: str) -> JSONResponse:
        known(report_id)
        mark = DoneRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, mark.reviewer)
        if mark.done:
            progress = state_of(report_id).progress()
            if progress.open:
                raise ReviewError(f"decide these first: {progress.describe_open()}")
        store.record(reports.summary(report_id).sha256, STATUS_TARGET, reviewer, "done" if mark.done else "withdraw")
        progress = state_of(report_id).progress()
        return JSONResponse({"done": progress.done, "status": progress.status, "reload": True})

    @app.post("/api/report/{report_id}/flags")
    async def report_flags(request: Request, report_id: str) -> JSONResponse:
        known(report_id)
        flags = ReportFlagsRequest.model_validate(await json_body(request))
        reviewer = reviewer_of(request, flags.reviewer)
        store.record(reports.summary(report_id).sha256, REPORT_TARGET, reviewer, "flags", {"complete": flags.complete})
        return JSONResponse({"complete": flags.complete})

    @app.post("/reviewer")
    async def set_reviewer(request: Request) -> RedirectResponse:
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", errors="replace"))
        name = clean_reviewer((form.get("name") or [""])[0])
        if name is None:
            raise HTTPException(400, "reviewer name: 1-64 printable characters, no quotes, < > or &")
        back = (form.get("next") or ["/"])[0]
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = RedirectResponse(back, status_code=303)
        response.set_cookie(REVIEWER_COOKIE, urllib.parse.quote(name), max_age=3600 * 24 * 365, httponly=True, samesite="strict")
        return response

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/label-studio.json")
    def label_studio() -> JSONResponse:
        tasks, skipped = export_label_studio_tasks(reports)
        return JSONResponse(tasks, headers={"X-Skipped-Reports": str(len(skipped))})

    return app


def _request_errors(errors: Any) -> str:
    return errors_line(errors, skip=("body",)) or "invalid request"
