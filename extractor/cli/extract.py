"""``nianbao extract FILE…``: parse + narrative facts by LLM (the embedded model by default) + every check.

Exit status: 0 every file extracted; 1 every file extracted, but for some the model gave no answer for part
of the narrative and the keyword rules filled in (``narrative.errors`` says where; ``nianbao batch`` calls
such a report ``partial`` and exits 1 too); 2 a file could not be read, a bad option, or a ``--previous``
that is not last year's report of the same body (without ``--force``); 3 an internal error.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from extractor.cli.common import (
    CliError,
    Subparsers,
    add_llm_options,
    add_report_options,
    dump,
    extractor_config,
    json_indent,
)
from extractor.cli.parse import internal_error, report_error, summarize

if TYPE_CHECKING:
    from extractor.models import SourceDocument
    from extractor.report import ExtractedReport


def register(sub: Subparsers) -> None:
    p = sub.add_parser("extract", help="parse + narrative facts by LLM (embedded model by default) + every check")
    p.add_argument("files", nargs="+", help=".txt, .html, .docx or .pdf reports")
    add_report_options(p)
    add_llm_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from extractor.checks import previous_report_problem
    from extractor.load import LoadError, load_document
    from extractor.pipeline import parse_document
    from extractor.report import Extractor

    previous = load_document(args.previous) if args.previous else None
    many = len(args.files) > 1
    indent = json_indent(args)
    status = 0
    docs: list[tuple[str, SourceDocument | Exception]] = []
    for path in args.files:  # read every file first: a bad one fails before the model starts
        try:
            docs.append((str(path), load_document(path)))
        except LoadError as exc:
            docs.append((str(path), exc))
        except Exception as exc:
            docs.append((str(path), internal_error(exc)))
    if previous is not None and not args.force:  # a wrong --previous is refused before the model starts
        before = parse_document(previous).meta
        for _path, doc in docs:
            if not isinstance(doc, Exception) and (problem := previous_report_problem(parse_document(doc).meta, before)):
                raise CliError(f"{problem} (--force compares them anyway)")
    with Extractor(extractor_config(args)) as extractor:
        for path, doc in docs:
            if isinstance(doc, Exception):
                status = max(status, 2 if isinstance(doc, LoadError) else 3)
                report_error(args, path, doc)
                continue
            try:
                report = extractor.extract_document(doc, previous=previous, force_previous=args.force)
            except Exception as exc:  # a bug on one file must not stop the others
                status = 3
                report_error(args, path, internal_error(exc))
                continue
            if report.narrative is not None and report.narrative.errors and status == 0:
                status = 1  # the model failed for part of it and the rules filled in: batch's "partial"
            if indent is not False:
                print(dump(report.model_dump(mode="json"), indent=indent or None), flush=True)
            else:
                print(summarize(report))
                print(summarize_narrative(report))
                if many:
                    print()
    return status


def _quote_head(quote: str, limit: int = 24) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def summarize_narrative(report: ExtractedReport) -> str:
    n = report.narrative
    if n is None:
        return "  narrative: not extracted (no narrative sections)"
    lines = []
    if report.digest is not None:
        lines.append("  摘要:")
        lines.extend(f"    {line}" for line in report.digest.lines)
    lines += [
        f"  narrative ({n.prompt}, model {n.model}): {len(n.all_counts())} figures, {len(n.platform_work)} platform items, "
        f"{len(n.oversight)} oversight items, {len(n.problems)} problems, {len(n.improvements)} improvements"
    ]
    for title, facts in (("主动公开", n.proactive_counts), ("依申请公开", n.application_counts),
                         ("复议诉讼", n.review_litigation_counts), ("平台", n.platform_counts), ("收费", n.fees)):
        for f in facts:
            approx = "≈" if f.approximate else ""
            channel = f" [{f.channel}]" if f.channel else ""
            lines.append(f"    {title} · {f.quantity}: {approx}{f.value:g}{f.unit or ''}{channel}  「{f.evidence.quote}」@{f.evidence.start}")
    for title, items in (("问题", n.problems), ("改进", n.improvements), ("平台", n.platform_work), ("监督", n.oversight)):
        lines.extend(f"    {title} · {i.text}  「{_quote_head(i.evidence.quote)}」@{i.evidence.start}" for i in items)
    u = n.usage
    decided = ", ".join(f for f, who in n.decided_by.items() if who == "llm") or "nothing"
    lines.append(f"  LLM: {u.calls} calls, {u.input_tokens} tokens in, {u.output_tokens} out, {u.reasks} re-asks, "
                 f"{u.cached_chunks} cached chunks, {u.seconds:.1f} s; the model decided: {decided}; "
                 f"{len(n.dropped)} model outputs not shipped")
    lines.extend(f"  not shipped: {d.reason}{': ' + d.text if d.text else ''}" for d in n.dropped[:5])
    lines.extend(f"  LLM error: {e}" for e in n.errors)
    return "\n".join(lines)
