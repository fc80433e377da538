"""The viewer served on loopback: FastAPI + Jinja2 like the review UI (read only: every route is a GET).

Routes
  GET /                    the runs given on the command line
  GET /view?run=ID&run=ID  other stored runs (ids, unique prefixes or labels under the runs folder), A first;
                           with order=time the oldest is A
  GET /runs                every stored run (``eval list``), pick some to view
  GET /api/case?report=NAME[&run=ID…]   one report's detail (JSON) for the page
  GET /static/…            CSS and JS

Safety: the Host header must name the address served (no DNS rebinding); a run is named only by id,
prefix or label (no paths from a query string); every page has a Content-Security-Policy that allows
only the app's own script and style; every text goes through Jinja2's autoescaping or ``textContent``.
"""

from __future__ import annotations

import html
import socket
import sys
import urllib.parse
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from extractor.evals.runs import HEADLINE_FIELDS, RunError, find_run, list_runs, load_record
from extractor.evals.viewer.data import MAX_RUNS, ViewBundle, load_view
from extractor.evals.viewer.page import STATIC, environment, render_page
from extractor.util import one_line

DEFAULT_PORT = 8766
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_CACHED = 8


class ViewerError(RunError):
    """A viewer that cannot start (one line)."""


class BundleCache:
    """Views already built, by their runs and the run.json times (a re-scored run is rebuilt)."""

    def __init__(self, runs_dir: Path, gold_dir: Path | None) -> None:
        self.runs_dir = runs_dir
        self.gold_dir = gold_dir
        self._views: OrderedDict[tuple[tuple[str, int], ...], ViewBundle] = OrderedDict()

    def get(self, run_dirs: Sequence[Path]) -> ViewBundle:
        key = tuple((str(d.resolve()), (d / "run.json").stat().st_mtime_ns) for d in run_dirs)
        if key in self._views:
            self._views.move_to_end(key)
            return self._views[key]
        bundle = load_view(run_dirs, runs_dir=self.runs_dir, gold_dir=self.gold_dir)
        self._views[key] = bundle
        while len(self._views) > _CACHED:
            self._views.popitem(last=False)
        return bundle


def create_app(
    run_dirs: Sequence[Path], *, runs_dir: Path, gold_dir: Path | None = None, allowed_hosts: list[str] | None = None
) -> FastAPI:
    app = FastAPI(title="nianbao eval view", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    views = app.state.views = BundleCache(runs_dir, gold_dir)
    defaults = list(run_dirs)
    env = environment()

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def chosen(refs: list[str]) -> list[Path]:
        if not refs:
            return defaults
        if len(refs) > MAX_RUNS:
            raise RunError(f"at most {MAX_RUNS} runs at once")
        return [find_run(ref, runs_dir, paths=False) for ref in refs]

    def error(status: int, message: str) -> HTMLResponse:
        return HTMLResponse(
            f"<!doctype html><meta charset=utf-8><title>nianbao eval view</title><p>{html.escape(message)}</p>"
            '<p><a href="/runs">all runs</a></p>', status_code=status,
        )

    def page(dirs: list[Path], refs: list[str]) -> HTMLResponse:
        bundle = views.get(dirs)
        query = urllib.parse.urlencode([("run", r) for r in refs])
        return HTMLResponse(render_page(bundle, inline=False, case_url="/api/case" + (f"?{query}" if query else ""),
                                        runs_url="/runs"))

    @app.get("/", response_class=HTMLResponse)
    def home() -> HTMLResponse:
        try:
            return page(defaults, [])
        except (RunError, ValueError) as exc:
            return error(404, one_line(str(exc), 300))

    @app.get("/view", response_class=HTMLResponse)
    def view(request: Request) -> HTMLResponse:
        run = request.query_params.getlist("run")
        if not run:
            return error(400, "choose at least one run (/runs)")
        try:
            dirs = chosen(run)
            if request.query_params.get("order") == "time":  # from the run list: the oldest is A, the baseline
                pairs = sorted(zip(dirs, run, strict=True), key=lambda pair: (load_record(pair[0]).created, pair[0].name))
                dirs, run = [d for d, _ in pairs], [r for _, r in pairs]
            return page(dirs, run)
        except (RunError, ValueError) as exc:
            return error(404, one_line(str(exc), 300))

    @app.get("/runs", response_class=HTMLResponse)
    def runs() -> HTMLResponse:
        entries = list_runs(runs_dir)
        return HTMLResponse(env.get_template("runs.html").render(entries=entries, headline=HEADLINE_FIELDS,
                                                                 runs_dir=str(runs_dir)))

    @app.get("/api/case")
    def case(request: Request, report: str) -> JSONResponse:
        run = request.query_params.getlist("run")
        try:
            bundle = views.get(chosen(run))
        except (RunError, ValueError) as exc:
            return JSONResponse({"detail": one_line(str(exc), 300)}, status_code=404)
        detail = bundle.cases.get(report)
        if detail is None:
            return JSONResponse({"detail": f"no report {report[:100]!r} in these runs"}, status_code=404)
        return JSONResponse(detail.model_dump(mode="json"))

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    return app


def serve(run_dirs: Sequence[Path], *, runs_dir: Path, gold_dir: Path | None = None, host: str = "127.0.0.1",
          port: int = DEFAULT_PORT) -> None:
    """Serve the viewer until Ctrl-C (:class:`ViewerError` when the address cannot be used)."""
    import uvicorn

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise ViewerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    loopback = host in LOOPBACK or host.startswith("127.")
    allowed = [*LOOPBACK_HOSTS, host] if loopback else ["*"]
    app = create_app(run_dirs, runs_dir=runs_dir, gold_dir=gold_dir, allowed_hosts=allowed)
    app.state.views.get(run_dirs)  # built before the first page is asked for; a run that does not score fails here
    shown = f"[{host}]" if ":" in host else host
    print(f"nianbao eval view: http://{shown}:{port}/  ({len(run_dirs)} run(s); all runs at /runs; Ctrl-C stops)", flush=True)
    if not loopback:
        print(f"nianbao: warning: listening on {host}: anyone who can reach this address can read the reports", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
