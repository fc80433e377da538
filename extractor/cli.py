"""The ``nianbao`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from extractor.batch import register_cli as register_batch_cli
from extractor.evals.cli import register_cli as register_eval_cli
from extractor.extract import add_llm_options, extract_document, open_extractor
from extractor.load import LoadError, load_document
from extractor.local_model import LocalModelError
from extractor.models import ExtractedReport, ParsedReport
from extractor.pipeline import parse_document
from extractor.providers import ConfigError
from extractor.review import register_cli as register_review_cli
from extractor.tracing import Tracer
from extractor.util import exc_message as _fail_line

TABLE_NAMES = {"proactive": "二", "applications": "三", "review_litigation": "四"}


class UserError(Exception):
    """A problem with the input or the options: reported as one line, exit status 2."""


def summarize(report: ParsedReport) -> str:
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
        lines.extend(f"    {c.table}.{c.row}.{c.column} = {c.value} ({', '.join(c.flags)})" for c in flagged[:10])
    lines.extend(f"  warning [{w.code}]: {w.message}" for w in report.warnings)
    return "\n".join(lines)


def _dump(obj: object, *, indent: int | None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def cmd_parse(args: argparse.Namespace) -> int:
    previous = load_document(args.previous) if args.previous else None
    many = len(args.files) > 1
    status = 0
    for path in args.files:
        try:
            report = parse_document(load_document(path), previous=previous)
        except LoadError as exc:
            status = 2
            if args.json and many:
                print(_dump({"path": str(path), "error": _fail_line(exc)}, indent=None), flush=True)
            else:
                print(f"nianbao: error: {_fail_line(exc)}", file=sys.stderr)
            continue
        if args.json:
            print(_dump(report.model_dump(mode="json"), indent=None if many else 2), flush=True)
        else:
            print(summarize(report))
            if many:
                print()
    return status


def summarize_narrative(report: ExtractedReport) -> str:
    n = report.narrative
    if n is None:
        return "  narrative: not extracted (no narrative sections)"
    lines = [
        f"  narrative ({n.prompt}, model {n.model}): {len(n.all_counts())} figures, {len(n.platform_work)} platform items, "
        f"{len(n.oversight)} oversight items, {len(n.problems)} problems, {len(n.improvements)} improvements"
    ]
    for title, facts in (("主动公开", n.proactive_counts), ("依申请公开", n.application_counts),
                         ("复议诉讼", n.review_litigation_counts), ("平台", n.platform_counts), ("收费", n.fees)):
        for f in facts:
            approx = "≈" if f.approximate else ""
            channel = f" [{f.channel}]" if f.channel else ""
            lines.append(f"    {title} · {f.quantity}: {approx}{f.value:g}{f.unit or ''}{channel}  「{f.evidence.quote}」@{f.evidence.start}")
    for title, items in (("问题", n.problems), ("改进", n.improvements)):
        lines.extend(f"    {title} · {i.text}" for i in items)
    u = n.usage
    lines.append(f"  LLM: {u.calls} calls, {u.input_tokens} tokens in, {u.output_tokens} out, {u.reasks} re-asks, "
                 f"{u.cached_chunks} cached chunks, {u.seconds:.1f} s; {len(n.dropped)} labels dropped")
    lines.extend(f"  LLM error: {e}" for e in n.errors)
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    previous = load_document(args.previous) if args.previous else None
    many = len(args.files) > 1
    status = 0
    docs = []
    for path in args.files:  # read every file first: a bad one fails before the model starts
        try:
            docs.append((path, load_document(path), None))
        except LoadError as exc:
            docs.append((path, None, _fail_line(exc)))
    try:
        opened = open_extractor(args)
        extractor = opened.__enter__()
    except (ConfigError, LocalModelError, ValueError) as exc:
        raise UserError(_fail_line(exc)) from None
    tracer = Tracer()  # Langfuse when LANGFUSE_PUBLIC_KEY/SECRET_KEY are set; silent otherwise
    try:
        for path, doc, error in docs:
            if doc is None:
                status = 2
                if args.json and many:
                    print(_dump({"path": str(path), "error": error}, indent=None), flush=True)
                else:
                    print(f"nianbao: error: {error}", file=sys.stderr)
                continue
            report = extract_document(doc, extractor, previous=previous, tracer=tracer)
            if args.json:
                print(_dump(report.model_dump(mode="json"), indent=None if many else 2), flush=True)
            else:
                print(summarize(report))
                print(summarize_narrative(report))
                if many:
                    print()
    finally:
        tracer.flush()
        opened.__exit__(None, None, None)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="Checked data from 政府信息公开工作年度报告.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse tables 二/三/四, sections and metadata; run the consistency checks")
    p.add_argument("files", nargs="+", help=".txt, .html, .docx or .pdf reports")
    p.add_argument("--json", action="store_true", help="print JSON (one object per line when given several files)")
    p.add_argument("--previous", metavar="FILE", help="last year's report of the same body, for rule 6")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("extract", help="parse + narrative facts by LLM (embedded model by default) + every check")
    p.add_argument("files", nargs="+", help=".txt, .html, .docx or .pdf reports")
    p.add_argument("--json", action="store_true", help="print JSON (one object per line when given several files)")
    p.add_argument("--previous", metavar="FILE", help="last year's report of the same body, for rule 6")
    add_llm_options(p)
    p.set_defaults(func=cmd_extract)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# Later stages (extract, eval, batch, review) add their sub-commands here.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [register_batch_cli, register_eval_cli, register_review_cli]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (LoadError, UserError) as exc:
        print(f"nianbao: error: {_fail_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        print(f"nianbao: internal error: {exc.__class__.__name__}: {_fail_line(exc)} (set NIANBAO_DEBUG=1 for details)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
