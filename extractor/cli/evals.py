"""``nianbao eval run|score|compare`` and ``nianbao gold check``: see :mod:`extractor.evals`.

Exit status: 0 done; 1 the gate failed (``eval compare --gate``) or a gold file has errors; 2 bad input
(one line on stderr: a missing suite, run, gold or report file, a bad prompt or LLM setting).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from extractor.cli.common import Subparsers, add_llm_options, parse_decides


def register(subparsers: Subparsers) -> None:
    """Add ``eval`` and ``gold`` to the ``nianbao`` command line."""
    runs_help = "where runs are stored (default evals/runs)"

    ev = subparsers.add_parser("eval", help="evaluate prompts and models against the gold files")
    ev_sub = ev.add_subparsers(dest="eval_command", required=True)

    p = ev_sub.add_parser("run", help="extract every report of a suite, score it, store the run under evals/runs/")
    p.add_argument("suite", help="suite file, e.g. evals/suites/smoke.yaml")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_llm_options(p)
    p.set_defaults(prompt=None, handler=cmd_eval_run)  # None: the suite's prompt, unless --prompt is given

    p = ev_sub.add_parser("score", help="re-score a stored run against the current gold files (no LLM call)")
    p.add_argument("run", help="run folder, its run.json, a run id (or unique prefix) under --runs-dir, or 'latest'")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--gold", metavar="DIR", help="gold folder (default: the gold files the run used)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--no-write", action="store_true", help="do not update the scores stored in run.json")
    p.set_defaults(handler=cmd_eval_score)

    p = ev_sub.add_parser("compare", help="per-field deltas and changed cases of two runs; writes an HTML report")
    p.add_argument("run_a", help="the baseline run")
    p.add_argument("run_b", help="the candidate run")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--gold", metavar="DIR", help="gold folder (default: the gold files each run used)")
    p.add_argument("--html", metavar="PATH", help="where to write the HTML report (default RUN_B/compare.html)")
    p.add_argument("--gate", action="store_true", help="exit 1 when a field drops more than the suite's threshold")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.set_defaults(handler=cmd_eval_compare)

    gold = subparsers.add_parser("gold", help="gold files")
    gold_sub = gold.add_subparsers(dest="gold_command", required=True)
    p = gold_sub.add_parser("check", help="validate gold files: schema, quotes at their offsets, table arithmetic noted")
    p.add_argument("files", nargs="*", help="gold files or folders (default evals/gold)")
    p.add_argument("--reports", metavar="DIR", help="report folder (default: ../reports next to each gold folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="list warnings too")
    p.set_defaults(handler=cmd_gold_check)


# ---------------------------------------------------------------------------------------------
# eval run / score
# ---------------------------------------------------------------------------------------------
def cmd_eval_run(args: argparse.Namespace) -> int:
    from extractor.evals.langfuse_runs import publish_run
    from extractor.evals.runs import RunOverrides, run_suite, write_record
    from extractor.evals.suites import load_suite

    suite = load_suite(args.suite)
    overrides = RunOverrides(
        prompt=args.prompt, config_file=args.config, rules_only=args.rules_only, cache=args.cache,
        use_cache=not args.no_cache, decides=parse_decides(args.decides),
    )
    record, run_dir = run_suite(
        suite, overrides=overrides, runs_dir=Path(args.runs_dir),
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    upload = publish_run(record)
    if upload is not None:
        record.langfuse = f"{upload.dataset} / {upload.run_name}"
        write_record(record, run_dir)
    if args.json:
        print(json.dumps({"run": str(run_dir), **record.scores.model_dump(mode="json", exclude={"cases"})}, ensure_ascii=False))
    else:
        print(f"run {record.run_id}: suite {suite.name}, prompt {record.prompt.id}, model {record.model}")
        print(format_scores(record.scores))
        print(f"stored in {run_dir}")
    if upload is not None:
        if upload.error:
            print(f"Langfuse: upload failed: {upload.error}", file=sys.stderr)
        else:
            print(f"Langfuse: dataset {upload.dataset}, run {upload.run_name} ({upload.items} items)", file=sys.stderr)
    return 0


def cmd_eval_score(args: argparse.Namespace) -> int:
    from extractor.evals.runs import find_run, rescore, write_record

    run_dir = find_run(args.run, Path(args.runs_dir))
    record, scores, changed = rescore(run_dir, gold_dir=Path(args.gold) if args.gold else None)
    if not args.no_write:
        record.scores = scores
        write_record(record, run_dir)
    if args.json:
        print(json.dumps({"run": str(run_dir), **scores.model_dump(mode="json", exclude={"cases"})}, ensure_ascii=False))
    else:
        print(f"run {record.run_id}: suite {record.suite.name}, prompt {record.prompt.id}, model {record.model}")
        print(format_scores(scores))
        if changed:
            print(f"gold changed since the run: {', '.join(changed)}")
    return 0


def _metric(value: float | None) -> str:
    return "    —" if value is None else f"{value:5.3f}"


def format_scores(scores: Any) -> str:
    """The scores of a run as a terminal table, then the cost per report."""
    lines = [f"{'field':<26}{'P':>7}{'R':>7}{'F1/acc':>8}{'matched':>10}   errors"]
    for name, f in scores.fields.items():
        if f.kind in ("cells", "template"):
            p = r = "     "
            main = f.accuracy
        else:
            p, r, main = _metric(f.precision), _metric(f.recall), f.f1
        errors = ", ".join(f"{k} {v}" for k, v in sorted(f.errors.items()))
        matched = f"{f.tp_recall}/{f.gold}"
        lines.append(f"{name:<26}{p:>7}{r:>7}{_metric(main):>8}{matched:>10}   {errors}")
    c = scores.cost.per_report
    complete = sum(case.narrative_complete for case in scores.cases)
    lines.append(
        f"{scores.cost.reports} reports ({complete} with complete narrative gold: precision is scored on those); per report: "
        f"{c.input_tokens} tokens in, {c.output_tokens} out, {c.calls} LLM calls, {c.cached_chunks} cached chunks, "
        f"{c.wall_seconds:.2f} s"
    )
    f = scores.faithfulness
    rate = "—" if f.supported_rate is None else f"{f.supported_rate:.3f}"
    channel = "—" if f.channel_accuracy is None else f"{f.channel_accuracy:.3f}"
    kind = "—" if f.kind_accuracy is None else f"{f.kind_accuracy:.3f}"
    theme = "—" if f.theme_accuracy is None else f"{f.theme_accuracy:.3f} ({f.themes_right}/{f.themes_judged})"
    lines.append(
        f"faithfulness: model strings shown {f.model_strings_shipped}, refused {f.model_strings_refused} (supported rate {rate}); "
        f"unsupported shown {f.unsupported_shipped}, leaks shown {f.leaks_shipped} (caught {f.leaks_caught}), "
        f"headings as items {f.headings_shipped}, table debris {f.debris_facts}/{f.facts} facts; "
        f"channel accuracy {channel}, kind accuracy {kind}, theme accuracy {theme}"
    )
    lines += [f"  {example}" for example in f.examples[:5]]
    failed = [case for case in scores.cases if case.error]
    lines += [f"  failed: {case.name}: {case.error}" for case in failed]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# eval compare
# ---------------------------------------------------------------------------------------------
def cmd_eval_compare(args: argparse.Namespace) -> int:
    from extractor.evals.compare import compare_runs, comparison_html, format_comparison, format_gate
    from extractor.evals.runs import find_run, rescore

    runs_dir = Path(args.runs_dir)
    gold_dir = Path(args.gold) if args.gold else None
    dir_a, dir_b = find_run(args.run_a, runs_dir), find_run(args.run_b, runs_dir)
    record_a, scores_a, changed_a = rescore(dir_a, gold_dir=gold_dir)
    record_b, scores_b, changed_b = rescore(dir_b, gold_dir=gold_dir)
    comparison = compare_runs(record_a, scores_a, record_b, scores_b, gold_changed=[*changed_a, *changed_b])
    html_path = Path(args.html) if args.html else dir_b / "compare.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(comparison_html(comparison), encoding="utf-8")
    if args.json:
        data = comparison.model_dump(mode="json")
        data["regressions"] = [d.field for d in comparison.regressions]
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(format_comparison(comparison))
        print(f"HTML report: {html_path}")
    if args.gate:
        print(format_gate(comparison), file=sys.stderr if args.json else sys.stdout)
        return 1 if comparison.failed else 0
    return 0


# ---------------------------------------------------------------------------------------------
# gold check
# ---------------------------------------------------------------------------------------------
def cmd_gold_check(args: argparse.Namespace) -> int:
    from extractor.evals.gold import GoldError, check_gold, load_gold
    from extractor.evals.suites import find_report
    from extractor.load import load_document

    paths: list[Path] = []
    for given in args.files or ["evals/gold"]:
        path = Path(given)
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise GoldError(f"no gold files (*.json) in {path}")
            paths += found
        elif path.is_file():
            paths.append(path)
        else:
            raise GoldError(f"gold file not found: {path}")
    errors = warnings = 0
    for path in paths:
        reports_dir = Path(args.reports) if args.reports else path.parent.parent / "reports"
        report = find_report(reports_dir, path.stem)
        if report is None:
            raise GoldError(f"no report for {path.name} in {reports_dir} (pass --reports DIR)")
        try:
            result = check_gold(load_gold(path), load_document(report).text)
        except GoldError as exc:  # a file that does not load is an error of the check, not of the command
            errors += 1
            print(f"{path.name}: 1 error(s)\n  error: {exc}")
            continue
        errors += len(result.errors)
        warnings += len(result.warnings)
        state = "ok" if not result.errors else f"{len(result.errors)} error(s)"
        print(f"{path.name}: {state}, {len(result.warnings)} warning(s); {result.facts} narrative facts "
              f"({result.quotes_at_offsets} quotes at their offsets), {result.cells} table cells")
        for problem in result.problems:
            if problem.level == "error" or args.verbose:
                print(f"  {problem.level}: {problem.where}: {problem.message}")
    print(f"{len(paths)} gold file(s): {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0
