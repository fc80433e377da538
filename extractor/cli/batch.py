"""``nianbao batch INPUT... -o OUT`` (``batch run``) and ``nianbao batch collect OUT``: see :mod:`extractor.batch.run`.

Exit status: 0 every report done (or submitted); 1 some reports failed or kept LLM errors; 2 bad input or
options (one line); 3 internal error; 4 the batch token budget was spent; 5 Batch API jobs still
running; 130/143 stopped by SIGINT/SIGTERM (rerun to continue).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.cli.common import CliError, Subparsers, add_llm_options, command_group, extractor_config

USAGE = """nianbao batch INPUT [INPUT ...] -o OUT [options]      (short for: nianbao batch run ...)
       nianbao batch collect OUT [--wait] [--results FILE ...]"""

DESCRIPTION = """Extract every report of a folder, a glob or a list file into OUT: tables parsed for every
report, the narrative labeled by the LLM (concurrent requests, resumable: kill it and rerun the same
command), outputs reports.jsonl, facts/tables/findings/digest/trends/themes .csv and .parquet (CSV headers in
Chinese, Parquet columns are the keys of data_dictionary.csv), nianbao.xlsx, summary.json.
'nianbao batch collect OUT' fetches the results of --mode batch-api jobs."""


def register(sub: Subparsers) -> None:
    commands = command_group(sub, "batch", usage=USAGE, description=DESCRIPTION,
                             help="extract thousands of reports into OUT: resumable, concurrent, CSV/Parquet outputs")

    p = commands.add_parser("run", help="extract the reports (the default: 'nianbao batch INPUT -o OUT')", usage=USAGE,
                            description=DESCRIPTION)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="folders (searched recursively), globs ('dir/**/*.pdf'), list files (@paths.txt), reports")
    p.add_argument("-o", "--out", metavar="OUT", help="output folder (state, cache and results live here)")
    p.add_argument("--mode", choices=("live", "batch-api", "batch-file"), default="live",
                   help="live: call the LLM now (default); batch-api: submit an OpenAI Batch API job, collect "
                   "later; batch-file: only write the request files (for vllm run-batch)")
    p.add_argument("--concurrency", type=int, default=8, metavar="N", help="LLM requests in flight at most (default 8)")
    p.add_argument("--processes", type=int, default=0, metavar="N",
                   help="worker processes sharing the request slots (default: one per 16 slots, at most one per "
                   "CPU core; 1 for small batches)")
    p.add_argument("--token-budget", type=int, metavar="N",
                   help="stop cleanly once this run has spent N tokens (exit 4; rerun to go on)")
    p.add_argument("--refresh-minutes", type=float, default=10.0, metavar="M",
                   help="rewrite the output files every M minutes during a long run (default 10; 0 = only at the end)")
    p.add_argument("--report-timeout", type=float, metavar="S",
                   help="per report, from reading it to its last LLM answer: a report over it is failed with the reason "
                   "(default: settings, 900)")
    p.add_argument("--report-memory-mb", type=int, default=2048, metavar="N",
                   help="a report whose file needs more memory (12 x its size + 64 MiB) is failed with the reason "
                   "(default 2048)")
    p.add_argument("--memory-mb", type=int, metavar="N",
                   help="memory for the reports in flight together: large files wait their turn (default: half the RAM)")
    _shared_options(p)
    add_llm_options(p, cache_help="answer cache (default OUT/cache.sqlite)")
    p.set_defaults(handler=run)

    p = commands.add_parser("collect", help="fetch the answers of --mode batch-api jobs and finish their reports",
                            description="Fetch the results of the Batch API jobs of OUT (or read vllm run-batch "
                            "result files) and finish the reports whose requests are all answered.")
    p.add_argument("out", metavar="OUT", help="the output folder of 'nianbao batch ... --mode batch-api'")
    p.add_argument("--wait", action="store_true", help="poll until every Batch API job has ended")
    p.add_argument("--poll-interval", type=float, default=60.0, metavar="S", help="seconds between polls (default 60)")
    p.add_argument("--results", nargs="+", metavar="FILE", help="result files of vllm run-batch (batch-file mode)")
    _shared_options(p)
    p.set_defaults(handler=collect)


def _shared_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, metavar="S", help="per-request timeout in seconds (default: settings, 120)")
    p.add_argument("--retries", type=int, metavar="N",
                   help="transient-error retries per request (timeouts, 429, 5xx; default: settings, 4)")
    p.add_argument("--no-parquet", action="store_true", help="write the CSV/JSONL outputs only")
    p.add_argument("--jump-factor", type=float, default=5.0, metavar="F",
                   help="trends: a key figure F times last year's (or 1/F of it) is a break (default 5)")
    p.add_argument("--jump-min", type=float, default=20.0, metavar="N",
                   help="trends: … when the larger of the two years' values is at least N (default 20)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")


def run(args: argparse.Namespace) -> int:
    from extractor.batch.run import BatchOptions, run_batch

    if not args.out:
        raise CliError("give the output folder: nianbao batch INPUT -o OUT")
    if args.concurrency < 1:
        raise CliError("--concurrency must be at least 1")
    if args.processes < 0:
        raise CliError("--processes must be 1 or more (0: automatic)")
    if args.token_budget is not None and args.token_budget < 1:
        raise CliError("--token-budget must be positive")
    _check_trend_options(args)
    if args.report_timeout is not None and not args.report_timeout > 0:
        raise CliError("--report-timeout must be positive")
    if args.report_memory_mb < 1 or (args.memory_mb is not None and args.memory_mb < 1):
        raise CliError("--report-memory-mb and --memory-mb must be positive")
    return run_batch(
        BatchOptions(
            inputs=args.inputs, out=Path(args.out), mode=args.mode, concurrency=args.concurrency,
            processes=args.processes, token_budget=args.token_budget, refresh_minutes=args.refresh_minutes,
            report_timeout_s=args.report_timeout, report_memory_mb=args.report_memory_mb, memory_mb=args.memory_mb,
            timeout_s=args.timeout, retries=args.retries, parquet=not args.no_parquet, progress=not args.no_progress,
            jump_factor=args.jump_factor, jump_min=args.jump_min, extractor=extractor_config(args),
        )
    )


def _check_trend_options(args: argparse.Namespace) -> None:
    if args.jump_factor <= 1:
        raise CliError("--jump-factor must be more than 1")
    if args.jump_min < 0:
        raise CliError("--jump-min must not be negative")


def collect(args: argparse.Namespace) -> int:
    from extractor.batch.run import CollectOptions, collect_batch

    _check_trend_options(args)
    return collect_batch(
        CollectOptions(
            out=Path(args.out), wait=args.wait, poll_interval_s=args.poll_interval, results=args.results or [],
            timeout_s=args.timeout, retries=args.retries, parquet=not args.no_parquet, progress=not args.no_progress,
            jump_factor=args.jump_factor, jump_min=args.jump_min,
        )
    )
