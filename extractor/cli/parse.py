"""``nianbao parse FILE…``: tables, sections, metadata and checks of each report; no LLM, milliseconds."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from extractor.cli.common import CliError, Subparsers, add_report_options, dump, json_indent, print_error
from extractor.util import exc_message

if TYPE_CHECKING:
    from extractor.models import ParsedReport

TABLE_NAMES = {"proactive": "二", "applications": "三", "review_litigation": "四"}


def register(sub: Subparsers) -> None:
    p = sub.add_parser("parse", help="parse tables 二/三/四, sections and metadata; run the consistency checks")
    p.add_argument("files", nargs="+", help=".txt, .html, .docx or .pdf reports")
    add_report_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from extractor.load import LoadError, load_document
    from extractor.pipeline import PreviousReportError, parse_document

    previous = load_document(args.previous) if args.previous else None
    many = len(args.files) > 1
    indent = json_indent(args)
    status = 0
    for path in args.files:
        try:
            report = parse_document(load_document(path), previous=previous, force_previous=args.force)
        except LoadError as exc:
            status = max(status, 2)
            report_error(args, str(path), exc)
            continue
        except PreviousReportError as exc:
            raise CliError(f"{exc.problem} (--force compares them anyway)") from None
        except Exception as exc:  # a bug on one file must not stop the others
            status = 3
            report_error(args, str(path), internal_error(exc))
            continue
        if indent is not False:
            print(dump(report.model_dump(mode="json"), indent=indent or None), flush=True)
        else:
            print(summarize(report))
            if many:
                print()
    return status


class InternalError(Exception):
    """A bug met on one file, as one line: reported for that file, and the next file goes on (exit 3)."""


def internal_error(exc: Exception) -> InternalError:
    if os.environ.get("NIANBAO_DEBUG"):
        raise exc
    return InternalError(f"internal error: {exc.__class__.__name__}: {exc_message(exc, 200)} (set NIANBAO_DEBUG=1 for details)")


def report_error(args: argparse.Namespace, path: str, exc: BaseException) -> None:
    """A file that could not be read: one line on stderr, and with --json its ``{"path", "error"}`` object in
    the output (one object per file, whatever their number)."""
    print_error(exc)
    indent = json_indent(args)
    if indent is not False:
        print(dump({"path": path, "error": exc_message(exc)}, indent=indent or None), flush=True)


def summarize(report: ParsedReport) -> str:
    from extractor.tables.dictionary import cell_label

    meta = report.meta
    lines = [report.source.path or "<text>"]
    body = meta.issuing_body or "issuing body not found"
    evidence = f" ({', '.join(meta.template_evidence[:3])})" if meta.template_evidence else ""
    lines.append(f"  {body} · year {meta.year or '?'} · template {meta.template}{evidence}")
    if report.sections:
        lines.append("  sections: " + " | ".join(f"{s.number or ''} {s.title}".strip() for s in report.sections))
    parts = []
    for table, numeral in TABLE_NAMES.items():
        rows = getattr(report.tables, table)
        parts.append(f"{numeral}: {'missing' if rows is None else f'{len(rows)} rows'}")
    lines.append("  tables: " + " · ".join(parts))
    passed = sum(c.passed is True for c in report.checks)
    failed = [c for c in report.checks if c.passed is False]
    na = sum(c.passed is None for c in report.checks)
    lines.append(f"  checks: {passed} passed, {len(failed)} failed, {na} not applicable")
    lines.extend(f"    FAILED {c.id}: {c.message}" for c in failed)
    flagged = [c for c in report.cells if "ambiguous_split" in c.flags or "recovered_detached" in c.flags]
    if flagged:
        lines.append(f"  flagged cells: {len(flagged)}")
        lines.extend(f"    {cell_label(c.table, c.row, c.column)} = {c.value} ({', '.join(c.flags)})" for c in flagged[:10])
    lines.extend(f"  warning [{w.code}]: {w.message}" for w in report.warnings)
    return "\n".join(lines)
