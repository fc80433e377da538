"""``nianbao review OUT`` (the web app) and ``nianbao review export OUT --gold DIR`` (gold files)."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from pathlib import Path

from extractor.review.reports import REPORTS_FILE, ReportSet, ReviewInputError
from extractor.review.store import DecisionStore

DEFAULT_PORT = 8765
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

USAGE = """nianbao review OUT [--host HOST] [--port PORT] [--reviewer NAME] [--db FILE] [--sources DIR]
       nianbao review export OUT (--gold DIR | --label-studio FILE) [--reviewer NAME] [--db FILE] [--overwrite]"""

DESCRIPTION = """Review extracted facts against the report text in a local web app, or export the decisions.
OUT is a batch output folder (with reports.jsonl), a .jsonl/.json file of ExtractedReport JSON, or one
report file (.txt/.html/.docx/.pdf, extracted here with the rules-only extractor). Decisions are kept in
SQLite: OUT/review.sqlite for a folder or a .jsonl file's folder, FILE.review.sqlite beside a single file."""


def register_cli(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review", help="review facts next to the text, table cells and failed checks (web app); `review export` writes gold",
        usage=USAGE, description=DESCRIPTION,
    )
    p.add_argument("target", nargs="+", metavar="OUT", help="what to review; `export OUT` to export it")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s: this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    p.add_argument("--reviewer", help="your name on the decisions (default $NIANBAO_REVIEWER or the login name); "
                   "with export: export only this reviewer's decisions")
    p.add_argument("--db", metavar="FILE", help="decisions database (default: see above)")
    p.add_argument("--sources", metavar="DIR", help="folder to look for the report files in, if they moved")
    g = p.add_argument_group("export")
    g.add_argument("--gold", metavar="DIR", help="write one gold file per reviewed report (evals/gold/FORMAT.md)")
    g.add_argument("--label-studio", metavar="FILE", help="write every report as Label Studio tasks with the predictions")
    g.add_argument("--overwrite", action="store_true", help="replace gold files that already exist")
    p.set_defaults(func=cmd_review)


def default_db_path(target: Path) -> Path:
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


def cmd_review(args: argparse.Namespace) -> int:
    from extractor.cli import UserError  # here: extractor.cli imports this module

    targets: list[str] = args.target
    exporting = targets[0] == "export" and len(targets) == 2
    if len(targets) != 1 and not exporting:
        raise UserError("give one OUT to review, or `export OUT`")
    target = Path(targets[-1])
    try:
        reports = ReportSet(target, sources_dir=Path(args.sources) if args.sources else None)
    except ReviewInputError as exc:
        raise UserError(str(exc)) from None
    store = DecisionStore(Path(args.db) if args.db else default_db_path(target))
    if exporting:
        return _export(args, reports, store, UserError)
    if args.gold or args.label_studio or args.overwrite:
        raise UserError("--gold, --label-studio and --overwrite belong to `nianbao review export OUT`")
    return _serve(args, reports, store, UserError)


def _export(args: argparse.Namespace, reports: ReportSet, store: DecisionStore, user_error: type[Exception]) -> int:
    from extractor.review.export import export_gold, export_label_studio

    if not args.gold and not args.label_studio:
        raise user_error("say where to export: --gold DIR and/or --label-studio FILE")
    if args.gold:
        written, skipped = export_gold(reports, store, Path(args.gold), reviewer=args.reviewer, overwrite=args.overwrite)
        for line in skipped:
            print(f"nianbao: skipped {line}", file=sys.stderr)
        print(f"{len(written)} gold files written to {args.gold}" + (f", {len(skipped)} skipped" if skipped else ""))
        for path in written:
            print(f"  {path}")
    if args.label_studio:
        count, skipped = export_label_studio(reports, Path(args.label_studio))
        for line in skipped:
            print(f"nianbao: not in the Label Studio tasks: {line}", file=sys.stderr)
        config = Path(args.label_studio).with_name(Path(args.label_studio).stem + ".label_config.xml")
        print(f"{count} Label Studio tasks written to {args.label_studio} (labeling config: {config})")
    return 0


def _serve(args: argparse.Namespace, reports: ReportSet, store: DecisionStore, user_error: type[Exception]) -> int:
    import uvicorn

    from extractor.review.app import LOOPBACK_HOSTS, create_app

    host: str = args.host
    try:  # one clear line instead of a server traceback when the port is taken
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, args.port))
    except OSError as exc:
        raise user_error(f"cannot listen on {host}:{args.port}: {exc.strerror or exc}") from None
    loopback = host in LOOPBACK or host.startswith("127.")
    allowed = [*LOOPBACK_HOSTS, host] if loopback else ["*"]
    app = create_app(reports, store, default_reviewer=args.reviewer or default_reviewer(), allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    print(f"nianbao review: http://{shown}:{args.port}/  ({len(reports.ids())} reports; decisions in {store.path}; Ctrl-C stops)")
    if not loopback:
        print(f"nianbao: warning: listening on {host}: anyone who can reach this address can read the reports and decide", file=sys.stderr)
    uvicorn.run(app, host=host, port=args.port, log_level="warning")
    return 0
