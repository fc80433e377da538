"""``nianbao review OUT`` (``review serve``: the web app) and ``nianbao review export OUT --gold DIR``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from extractor.cli.common import CliError, Subparsers, command_group

USAGE = """nianbao review OUT [--host HOST] [--port PORT] [--reviewer NAME] [--db FILE] [--sources DIR]
       nianbao review export OUT (--reviewed DIR | --gold DIR | --label-studio FILE) [--reviewer NAME] [--db FILE] [--overwrite]"""

DESCRIPTION = """Review extracted facts against the report text in a local web app, or export the decisions.
OUT is a batch output folder (with reports.jsonl), a .jsonl/.json file of ExtractedReport JSON, or one
report file (.txt/.html/.docx/.pdf, extracted here with the rules-only extractor). Decisions are kept in
SQLite: OUT/review.sqlite for a folder or a .jsonl file's folder, FILE.review.sqlite beside a single file."""

DEFAULT_PORT = 8765  # extractor.review.server.DEFAULT_PORT


def register(sub: Subparsers) -> None:
    commands = command_group(
        sub, "review", usage=USAGE, description=DESCRIPTION,
        help="review facts next to the text, table cells and failed checks (web app); `review export` writes gold",
    )

    p = commands.add_parser("serve", help="the review web app (the default: 'nianbao review OUT')", usage=USAGE,
                            description=DESCRIPTION)
    p.add_argument("target", metavar="OUT", help="what to review")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s: this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    p.add_argument("--reviewer", help="your name on the decisions (default $NIANBAO_REVIEWER or the login name)")
    _shared_options(p)
    for option in ("--gold", "--label-studio", "--reviewed"):  # accepted only to say where they belong
        p.add_argument(option, help=argparse.SUPPRESS)
    p.add_argument("--overwrite", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=serve)

    p = commands.add_parser("export", help="write the decisions as gold files or Label Studio tasks",
                            usage=USAGE, description=DESCRIPTION)
    p.add_argument("target", metavar="OUT", help="what was reviewed")
    p.add_argument("--reviewer", help="export only this reviewer's decisions (default: the latest decision per fact)")
    _shared_options(p)
    p.add_argument("--gold", metavar="DIR", help="write one gold file per reviewed report (evals/gold/FORMAT.md)")
    p.add_argument("--label-studio", metavar="FILE", help="write every report as Label Studio tasks with the predictions")
    p.add_argument("--reviewed", metavar="DIR",
                   help="write the batch's files (JSONL, CSV, Parquet, nianbao.xlsx) with every decision applied, and "
                   "review_status.csv: each report's review progress")
    p.add_argument("--overwrite", action="store_true", help="replace gold files or reviewed outputs that already exist")
    p.set_defaults(handler=export)


def _shared_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="FILE", help="decisions database (default: see above)")
    p.add_argument("--sources", metavar="DIR", help="folder to look for the report files in, if they moved")


def _config(args: argparse.Namespace, **extra: Any) -> Any:
    from extractor.review.server import ReviewConfig

    return ReviewConfig(
        target=Path(args.target), db=Path(args.db) if args.db else None,
        sources=Path(args.sources) if args.sources else None, reviewer=args.reviewer, **extra,
    )


def serve(args: argparse.Namespace) -> int:
    from extractor.review.server import serve as serve_review

    if args.gold or args.label_studio or args.reviewed or args.overwrite:
        raise CliError("--reviewed, --gold, --label-studio and --overwrite belong to `nianbao review export OUT`")
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port must be a port number, 0-65535 (got {args.port})")
    serve_review(_config(args, host=args.host, port=args.port))
    return 0


def export(args: argparse.Namespace) -> int:
    from extractor.review.export import export_gold, export_label_studio
    from extractor.review.server import open_review

    config = _config(args)
    reports, store = open_review(config)
    if not args.gold and not args.label_studio and not args.reviewed:
        raise CliError("say where to export: --reviewed DIR, --gold DIR and/or --label-studio FILE")
    if args.reviewed:
        from extractor.review.reviewed import export_reviewed

        summary, statuses = export_reviewed(reports, store, Path(args.reviewed), reviewer=args.reviewer,
                                            overwrite=args.overwrite)
        done = sum(s["status"] == "done" for s in statuses)
        progress = sum(s["status"] == "in progress" for s in statuses)
        print(f"{summary.reports} reviewed reports written to {args.reviewed} ({done} done, {progress} in progress, "
              f"{summary.reports - done - progress} not reviewed): {', '.join(summary.files)}")
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
        config_file = Path(args.label_studio).with_name(Path(args.label_studio).stem + ".label_config.xml")
        print(f"{count} Label Studio tasks written to {args.label_studio} (labeling config: {config_file})")
    return 0
