"""The viewer's page, rendered with Jinja2 (autoescaped): served (CSS and JS from ``/static``, a report's
detail fetched as JSON) or self-contained (CSS, JS and every detail inline; a Content-Security-Policy that
allows only those exact inline blocks)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from extractor.evals.viewer.data import ERROR_KINDS, ERROR_LABELS, HistoryPoint, ViewBundle, load_view
from extractor.util import atomic_write

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
CHART_W, CHART_H, CHART_PAD = 150, 30, 4


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["score"] = _score
    env.filters["signed"] = lambda v: "—" if v is None else f"{v:+.3f}"
    env.filters["pct"] = lambda v: "—" if v is None else f"{v:.1%}"
    env.globals.update(ERROR_KINDS=ERROR_KINDS, ERROR_LABELS=ERROR_LABELS)
    return env


def _score(value: float | None) -> str:
    return "·" if value is None else f"{value:.3f}"


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or line separators
    (so no ``</script>`` can end the block), all as JSON escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


class Chart(BaseModel):
    """A field's run history as SVG geometry (the template draws it)."""

    width: int = CHART_W
    height: int = CHART_H
    line: str = ""
    points: list[dict[str, Any]] = []
    whiskers: list[dict[str, float]] = []


def chart(points: Sequence[HistoryPoint]) -> Chart:
    out = Chart()
    n = len(points)
    if not n:
        return out
    step = (CHART_W - 2 * CHART_PAD) / max(n - 1, 1)

    def y(v: float) -> float:
        return round(CHART_H - CHART_PAD - max(0.0, min(1.0, v)) * (CHART_H - 2 * CHART_PAD), 1)

    coords = []
    for i, p in enumerate(points):
        x = round(CHART_PAD + i * step, 1) if n > 1 else CHART_W / 2
        if p.value is None:
            continue
        coords.append(f"{x},{y(p.value)}")
        if p.low is not None and p.high is not None:
            out.whiskers.append({"x": x, "y1": y(p.low), "y2": y(p.high)})
        ci = "" if p.low is None or p.high is None else f" [{p.low:.3f}, {p.high:.3f}]"
        out.points.append({
            "x": x, "y": y(p.value), "key": p.key,
            "title": f"{p.key + ': ' if p.key else ''}{p.label or p.run_id} ({p.created[:10]}): {p.value:.3f}{ci}",
        })
    out.line = " ".join(coords)
    return out


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(
    bundle: ViewBundle, *, inline: bool, static_url: str = "/static", case_url: str = "/api/case",
    runs_url: str | None = None,
) -> str:
    """The viewer page.  ``inline``: one self-contained file with every report's detail embedded;
    otherwise the page fetches ``case_url`` + ``report=NAME`` for a report's detail."""
    env = environment()
    css = (STATIC / "viewer.css").read_text(encoding="utf-8")
    js = (STATIC / "viewer.js").read_text(encoding="utf-8")
    charts = {field: chart(points) for field, points in bundle.data.history.items()}
    context: dict[str, Any] = {
        "data": bundle.data, "charts": charts, "inline": inline, "static_url": static_url, "case_url": case_url,
        "runs_url": runs_url, "css": css, "js": js,
        "run_names": [{"key": r.key, "name": r.label or r.run_id, "run_id": r.run_id} for r in bundle.data.runs],
    }
    if inline:
        context["cases_json"] = script_json({name: c.model_dump(mode="json") for name, c in bundle.cases.items()})
        context["csp"] = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src data:; "
                          "base-uri 'none'; form-action 'none'")
    return env.get_template("viewer.html").render(**context)


def write_html(run_dirs: Sequence[Path], path: Path, *, runs_dir: Path | None = None, gold_dir: Path | None = None) -> Path:
    """``nianbao eval view RUN… --html PATH``: one file, no server, no network."""
    bundle = load_view(run_dirs, runs_dir=runs_dir, gold_dir=gold_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render_page(bundle, inline=True))
    return path
