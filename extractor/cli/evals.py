"""``nianbao eval run|score|compare|list|show|view`` and ``nianbao gold check``: see :mod:`extractor.evals`.

Exit status: 0 done; 1 the gate failed (``eval compare --gate``) or a gold file has errors; 2 bad input
(one line on stderr: a missing suite, run, gold or report file, a bad prompt or LLM setting).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from extractor.cli.common import CliError, Subparsers, add_llm_options, parse_decides


def register(subparsers: Subparsers) -> None:
    """Add ``eval`` and ``gold`` to the ``nianbao`` command line."""
    runs_help = "where runs are stored (default evals/runs)"

    ev = subparsers.add_parser("eval", help="evaluate prompts and models against the gold files")
    ev_sub = ev.add_subparsers(dest="eval_command", required=True)

    p = ev_sub.add_parser("run", help="extract every report of a suite, score it, store the run under evals/runs/")
    p.add_argument("suite", help="suite file, e.g. evals/suites/smoke.yaml")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--label", help="a short name for the run (letters, digits, . _ - @ +): shown by `eval list`, "
                   "part of the run id, and usable wherever a run is asked for")
    p.add_argument("--description", help="what this run tries (free text, shown by `eval list` and `eval show`)")
    p.add_argument("--repeat", type=int, default=1, metavar="K",
                   help="run the suite K times with the answer cache bypassed and report each field's flip rate (default 1)")
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
    p.add_argument("--gate", action="store_true",
                   help="exit 1 when a field drops more than the suite's threshold beyond the noise, run B shows "
                   "unsupported/leaked/heading text, or costs more tokens than the suite allows")
    p.add_argument("--gate-mode", choices=("paired", "point"),
                   help="paired: a drop must also lie outside the paired bootstrap interval; point: any drop beyond "
                   "the threshold (default: the suite's 'gate', paired unless set)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.set_defaults(handler=cmd_eval_compare)

    p = ev_sub.add_parser("list", help="every stored run, newest first: label, commit, dirty flag, headline scores, cost")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--suite", help="only runs of this suite (its name)")
    p.add_argument("--label", help="only runs with this label (a glob: 'v2*')")
    p.add_argument("-n", "--limit", type=int, default=0, help="at most this many runs (default all)")
    p.add_argument("--json", action="store_true", help="one JSON object per run (JSONL)")
    p.set_defaults(handler=cmd_eval_list)

    p = ev_sub.add_parser("show", help="what a run was (commit, diff, prompt, model, gold, machine) and its scores with intervals")
    p.add_argument("run", help="run folder, its run.json, a run id (or unique prefix), a label, or 'latest'")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--json", action="store_true", help="print the run record (without the per-case scores) as JSON")
    p.set_defaults(handler=cmd_eval_show)

    p = ev_sub.add_parser("view", help="reports x fields of one or more runs in the browser: what each run extracted, "
                          "the gold, the source sentence")
    p.add_argument("runs", nargs="+", metavar="RUN", help="runs to show side by side (the first is the baseline)")
    p.add_argument("--runs-dir", default="evals/runs", help=runs_help)
    p.add_argument("--gold", metavar="DIR", help="gold folder (default: the gold files each run used)")
    p.add_argument("--html", metavar="PATH", help="write one self-contained HTML file instead of serving")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s: this machine only)")
    p.add_argument("--port", type=int, default=8766, help="port (default %(default)s)")
    p.set_defaults(handler=cmd_eval_view)

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

    if args.repeat < 1:
        raise CliError(f"--repeat must be at least 1, not {args.repeat}")
    suite = load_suite(args.suite)
    overrides = RunOverrides(
        prompt=args.prompt, config_file=args.config, rules_only=args.rules_only, cache=args.cache,
        use_cache=not args.no_cache, decides=parse_decides(args.decides),
    )
    if args.repeat > 1 and args.cache:
        print("nianbao: note: --repeat bypasses the answer cache (--cache is not used)", file=sys.stderr)
    record, run_dir = run_suite(
        suite, overrides=overrides, runs_dir=Path(args.runs_dir),
        progress=lambda line: print(line, file=sys.stderr, flush=True),
        repeat=args.repeat, label=args.label, description=args.description,
    )
    upload = publish_run(record)
    if upload is not None:
        record.langfuse = f"{upload.dataset} / {upload.run_name}"
        write_record(record, run_dir)
    if args.json:
        stats = record.stats.model_dump(mode="json") if record.stats is not None else None
        print(json.dumps({"run": str(run_dir), **record.scores.model_dump(mode="json", exclude={"cases"}), "stats": stats},
                         ensure_ascii=False))
    else:
        print(run_header(record))
        print(format_scores(record.scores, record.stats))
        print(f"stored in {run_dir}")
    if upload is not None:
        if upload.error:
            print(f"Langfuse: upload failed: {upload.error}", file=sys.stderr)
        else:
            print(f"Langfuse: dataset {upload.dataset}, run {upload.run_name} ({upload.items} items)", file=sys.stderr)
    return 0


def cmd_eval_score(args: argparse.Namespace) -> int:
    from extractor.evals.runs import find_run, rescore_all, write_record

    run_dir = find_run(args.run, Path(args.runs_dir))
    done = rescore_all(run_dir, gold_dir=Path(args.gold) if args.gold else None)
    record, scores = done.record, done.scores
    if not args.no_write:
        record.scores = scores
        record.stats = done.stats
        write_record(record, run_dir)
    if args.json:
        stats = done.stats.model_dump(mode="json") if done.stats is not None else None
        print(json.dumps({"run": str(run_dir), **scores.model_dump(mode="json", exclude={"cases"}), "stats": stats},
                         ensure_ascii=False))
    else:
        print(run_header(record))
        print(format_scores(scores, done.stats))
        if done.changed:
            print(f"gold changed since the run: {', '.join(done.changed)}")
    return 0


def _metric(value: float | None) -> str:
    return "    —" if value is None else f"{value:5.3f}"


def run_header(record: Any) -> str:
    label = f" [{record.label}]" if record.label else ""
    git = record.git
    commit = "" if record.commit is None else f", commit {record.commit[:8]}" + (
        f"+dirty (diff {git.diff_sha256[:8]})" if git is not None and git.dirty and git.diff_sha256 else "")
    repeat = f", {record.repeat} repeats" if record.repeat > 1 else ""
    return f"run {record.run_id}{label}: suite {record.suite.name}, prompt {record.prompt.id}, model {record.model}{commit}{repeat}"


def format_scores(scores: Any, stats: Any = None) -> str:
    """The scores of a run as a terminal table (with the bootstrap interval and, over repeats, the flip
    rate and the pooled value when ``stats`` is given), then the cost per report."""
    has_stats = stats is not None and bool(stats.fields)
    repeats = has_stats and stats.repeats > 1
    head = f"{'field':<26}{'P':>7}{'R':>7}{'F1/acc':>8}"
    if repeats:
        head += f"{'pooled':>8}"
    if has_stats:
        head += f"  {f'{stats.confidence:.0%} CI':<16}"
    if repeats:
        head += f"{'flips':>7}"
    lines = [head + f"{'matched':>10}   errors"]
    for name, f in scores.fields.items():
        if f.kind in ("cells", "template"):
            p = r = "     "
            main = f.accuracy
        else:
            p, r, main = _metric(f.precision), _metric(f.recall), f.f1
        errors = ", ".join(f"{k} {v}" for k, v in sorted(f.errors.items()))
        matched = f"{f.tp_recall}/{f.gold}"
        line = f"{name:<26}{p:>7}{r:>7}{_metric(main):>8}"
        fs = stats.fields.get(name) if has_stats else None
        if repeats:
            line += f"{_metric(fs.value if fs else None):>8}"
        if has_stats:
            ci = f"[{fs.low:.3f}, {fs.high:.3f}]" if fs is not None and fs.low is not None and fs.high is not None else "—"
            line += f"  {ci:<16}"
        if repeats:
            flip = "—" if fs is None or fs.flip_rate is None else f"{fs.flip_rate:.1%}"
            line += f"{flip:>7}"
        lines.append(f"{line}{matched:>10}   {errors}")
    c = scores.cost.per_report
    complete = sum(case.narrative_complete for case in scores.cases)
    lines.append(
        f"{scores.cost.reports} reports ({complete} with complete narrative gold: precision is scored on those); per report: "
        f"{c.input_tokens} tokens in, {c.output_tokens} out, {c.calls} LLM calls, {c.reasks} re-asks, "
        f"{c.cached_chunks} cached chunks, {c.wall_seconds:.2f} s"
    )
    if repeats:
        lines.append(f"P/R/F1 above: repeat 1; pooled: all {stats.repeats} repeats; CI: {stats.samples} bootstrap draws over "
                     f"reports and repeats (seed {stats.seed}); flips: gold facts and predictions whose outcome differs "
                     "between repeats")
    elif has_stats:
        lines.append(f"CI: {stats.samples} bootstrap draws over the reports (seed {stats.seed}); "
                     "run with --repeat K to measure how much the model's answers vary")
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
    from extractor.evals.compare import compare_rescored, comparison_html, format_comparison, format_gate
    from extractor.evals.runs import find_run, rescore_all

    runs_dir = Path(args.runs_dir)
    gold_dir = Path(args.gold) if args.gold else None
    dir_a, dir_b = find_run(args.run_a, runs_dir), find_run(args.run_b, runs_dir)
    comparison = compare_rescored(rescore_all(dir_a, gold_dir=gold_dir, stats=False),
                                  rescore_all(dir_b, gold_dir=gold_dir, stats=False), mode=args.gate_mode)
    html_path = Path(args.html) if args.html else dir_b / "compare.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(comparison_html(comparison), encoding="utf-8")
    if args.json:
        data = comparison.model_dump(mode="json")
        data["regressions"] = [d.field for d in comparison.regressions]
        data["within_noise"] = [d.field for d in comparison.within_noise]
        data["failed"] = comparison.failed
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(format_comparison(comparison))
        print(f"HTML report: {html_path}")
    if args.gate:
        print(format_gate(comparison), file=sys.stderr if args.json else sys.stdout)
        return 1 if comparison.failed else 0
    return 0


# ---------------------------------------------------------------------------------------------
# eval list / show / view
# ---------------------------------------------------------------------------------------------
def _short(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def cmd_eval_list(args: argparse.Namespace) -> int:
    from extractor.evals.runs import HEADLINE_FIELDS, list_runs

    entries = list_runs(Path(args.runs_dir), suite=args.suite, label=args.label)
    if args.limit > 0:
        entries = entries[: args.limit]
    if args.json:
        for entry in entries:
            print(json.dumps(entry.model_dump(mode="json"), ensure_ascii=False))
        return 0
    if not entries:
        where = " matching the filters" if args.suite or args.label else ""
        print(f"no runs{where} in {args.runs_dir} (nianbao eval run SUITE stores one there)")
        return 0
    short = {"table_cells": "cells", "all_counts": "counts", "problems": "problems", "improvements": "improv."}
    head = (f"{'created (UTC)':<20}{'label':<14}{'suite':<10}{'commit':<15}{'prompt':<15}{'model':<22}{'n':>4}{'rep':>4}"
            + "".join(f"{short[f]:>9}" for f in HEADLINE_FIELDS) + f"{'tok/rep':>9}{'s/rep':>7}  run")
    lines = [head]
    for e in entries:
        if e.error:
            lines.append(f"{'?':<20}{'':<14}{'':<10}{'':<15}{'':<15}{'':<22}{'':>4}{'':>4}"
                         + "".join(f"{'':>9}" for _ in HEADLINE_FIELDS) + f"{'':>9}{'':>7}  {e.run_id}  (unreadable: {e.error})")
            continue
        commit = "—" if e.commit is None else e.commit[:8] + ("+dirty" if e.dirty else "")
        scores = "".join(f"{_short(e.scores[f].value if f in e.scores else None):>9}" for f in HEADLINE_FIELDS)
        lines.append(
            f"{e.created[:19].replace('T', ' '):<20}{(e.label or '—')[:13]:<14}{e.suite[:9]:<10}{commit:<15}{e.prompt[:14]:<15}"
            f"{e.model[:21]:<22}{e.reports:>4}{e.repeat:>4}{scores}{e.tokens_per_report:>9}{e.seconds_per_report:>7.1f}  {e.run_id}"
        )
    print("\n".join(lines))
    print(f"{len(entries)} run(s); scores: accuracy (cells) or F1, every repeat pooled; `nianbao eval show RUN` for one run")
    return 0


def cmd_eval_show(args: argparse.Namespace) -> int:
    from extractor.evals.runs import find_run, load_record

    run_dir = find_run(args.run, Path(args.runs_dir))
    record = load_record(run_dir)
    if args.json:
        data = record.model_dump(mode="json")
        data["scores"].pop("cases", None)
        print(json.dumps({"run": str(run_dir), **data}, ensure_ascii=False))
        return 0
    git, machine = record.git, record.machine
    rows = [
        ("run", f"{record.run_id}  ({run_dir})"),
        ("label", record.label or "—"),
        ("description", record.description or "—"),
        ("created", record.created),
        ("suite", f"{record.suite.name} ({record.suite.path or '?'}, sha256 {record.suite_sha256[:12] or '—'})"),
        ("prompt", f"{record.prompt.id} ({record.prompt.spec}, sha256 {record.prompt.sha256[:12]})"),
        ("model", record.model),
        ("settings", record.settings),
        ("cache", record.cache or "—"),
        ("commit", "—" if record.commit is None else record.commit + (f" ({git.branch})" if git and git.branch else "")),
        ("work tree", "—" if git is None else "clean" if not git.dirty else
         f"DIRTY: {len(git.changed)} path(s) differ from the commit, diff sha256 {git.diff_sha256 or '?'}"),
        *[("", f"  {line}") for line in (git.changed if git is not None else [])[:20]],
        ("gold", record.gold_version or "—"),
        ("machine", "—" if machine is None else
         f"{machine.platform}, {machine.machine}, Python {machine.python}, {machine.cpus} CPUs"
         + (f" ({machine.cpus_usable} usable)" if machine.cpus_usable and machine.cpus_usable != machine.cpus else "")),
        ("repeats", str(record.repeat)),
        ("command", "nianbao " + " ".join(record.argv) if record.argv else "—"),
    ]
    if record.langfuse:
        rows.append(("langfuse", record.langfuse))
    print("\n".join(f"{k:<12} {v}" for k, v in rows))
    print()
    print(format_scores(record.scores, record.stats))
    return 0


def cmd_eval_view(args: argparse.Namespace) -> int:
    from extractor.evals.runs import find_run

    runs_dir = Path(args.runs_dir)
    gold_dir = Path(args.gold) if args.gold else None
    run_dirs = [find_run(ref, runs_dir) for ref in args.runs]
    if args.html:
        from extractor.evals.viewer.page import write_html

        path = write_html(run_dirs, Path(args.html), runs_dir=runs_dir, gold_dir=gold_dir)
        print(f"wrote {path} ({len(run_dirs)} run(s); open it in a browser, no server needed)")
        return 0
    from extractor.evals.viewer.server import serve

    serve(run_dirs, runs_dir=runs_dir, gold_dir=gold_dir, host=args.host, port=args.port)
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
