"""Open a review (what to review, where decisions go) and serve it: what ``nianbao review OUT`` does."""

from __future__ import annotations

import getpass
import os
import socket
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from extractor.review.reports import REPORTS_FILE, ReportSet, ReviewInputError
from extractor.review.store import DecisionStore

__all__ = ["DEFAULT_PORT", "ReviewConfig", "default_db_path", "default_reviewer", "open_review", "serve"]

DEFAULT_PORT = 8765
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class ReviewConfig(BaseModel):
    """What to review and where the decisions go."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: Path  # a batch output folder, a .jsonl/.json file of reports, or one report file
    db: Path | None = None  # default: default_db_path(target)
    sources: Path | None = None  # where to look for the report files if they moved
    reviewer: str | None = None  # the name on decisions (serve) or whose decisions to export (export)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT


def default_db_path(target: Path) -> Path:
    """OUT/review.sqlite for a folder or a .jsonl file's folder, FILE.review.sqlite beside a single file."""
    if target.is_dir():
        return target / "review.sqlite"
    if target.name == REPORTS_FILE or target.suffix.lower() == ".jsonl":
        return target.parent / "review.sqlite"
    return target.with_name(target.name + ".review.sqlite")


def default_reviewer() -> str:
    name = os.environ.get("NIANBAO_REVIEWER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "reviewer"


def open_review(config: ReviewConfig) -> tuple[ReportSet, DecisionStore]:
    """The reports under review and the decisions store (:class:`ReviewInputError` for a bad target)."""
    reports = ReportSet(config.target, sources_dir=config.sources)
    return reports, DecisionStore(config.db or default_db_path(config.target))


def serve(config: ReviewConfig) -> None:
    """Serve the review app until Ctrl-C (:class:`ReviewInputError` when the address cannot be used)."""
    import uvicorn

    from extractor.review.app import LOOPBACK_HOSTS, create_app

    reports, store = open_review(config)
    host, port = config.host, config.port
    try:  # one clear line instead of a server traceback when the port is taken
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, OverflowError, ValueError) as exc:  # taken, no such address, a port out of range
        raise ReviewInputError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    loopback = host in LOOPBACK or host.startswith("127.")
    allowed = [*LOOPBACK_HOSTS, host] if loopback else ["*"]
    app = create_app(reports, store, default_reviewer=config.reviewer or default_reviewer(), allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    print(f"nianbao review: http://{shown}:{port}/  ({len(reports.ids())} reports; decisions in {store.path}; Ctrl-C stops)")
    if not loopback:
        print(f"nianbao: warning: listening on {host}: anyone who can reach this address can read the reports and decide", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
