"""What the sub-commands share: the one error type, the LLM options and their typed config, JSON output.

Light on purpose (argparse and pydantic only): every command module imports it while the parser is built.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TypeAlias

from extractor.errors import NianbaoError
from extractor.llm.prompts import DEFAULT_PROMPT
from extractor.util import exc_message

DEFAULT_CACHE = "~/.cache/nianbao/llm_cache.sqlite"


Subparsers: TypeAlias = "argparse._SubParsersAction[Any]"  # what each command's register(sub) receives


class CliError(NianbaoError):
    """A problem with the command line or its input: printed as ``nianbao: error: …``, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = code


def command_group(sub: Subparsers, name: str, *, help: str, usage: str, description: str) -> Subparsers:
    """A command with sub-commands of its own (``batch run|collect``); the first runs by default
    (``SUBCOMMANDS`` in :mod:`extractor.cli`)."""
    parser = sub.add_parser(name, help=help, usage=usage, description=description)
    commands: Subparsers = parser.add_subparsers(dest=f"{name}_command", required=True, prog=f"nianbao {name}")
    return commands


def print_error(exc: BaseException) -> None:
    print(f"nianbao: error: {exc_message(exc)}", file=sys.stderr, flush=True)


def dump(obj: object, *, indent: int | None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The output and rule-6 options of ``parse`` and ``extract``."""
    parser.add_argument("--json", action="store_true",
                        help="JSON Lines: one compact object per line, for any number of files (a file that cannot be "
                        "read is {\"path\", \"error\"}); pandas.read_json(..., lines=True) reads it")
    parser.add_argument("--pretty", action="store_true", help="indented JSON for people (implies --json)")
    parser.add_argument("--previous", metavar="FILE", help="last year's report of the same body, for rule 6")
    parser.add_argument("--force", action="store_true",
                        help="compare with --previous even when it is another body's report or not the year before")


def json_indent(args: argparse.Namespace) -> int | bool | None:
    """False: no JSON; None: one object per line (--json); 2: indented (--pretty)."""
    if getattr(args, "pretty", False):
        return 2
    return None if args.json else False


def add_llm_options(parser: argparse.ArgumentParser, *, cache_help: str | None = None) -> None:
    """The options every command that calls the LLM shares (extract, batch, eval run)."""
    group = parser.add_argument_group("LLM")
    group.add_argument("--prompt", default=DEFAULT_PROMPT, help="prompt name@version or a .md file (default %(default)s)")
    group.add_argument("--config", metavar="TOML", help="settings file with an [llm] table (default ./nianbao.toml)")
    group.add_argument("--rules-only", action="store_true", help="no LLM: keyword rules label the figures and sentences")
    group.add_argument("--cache", metavar="SQLITE", help=cache_help or f"answer cache (default {DEFAULT_CACHE})")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write cached LLM answers")
    group.add_argument(
        "--decides", metavar="FIELDS",
        help="the narrative fields the model decides, comma-separated among counts,items,work,briefs,summaries,themes, or "
        "'none' (default: the model profile's, measured per field in docs/llm.md); the rules keep the others",
    )


def parse_decides(value: str | None) -> frozenset[str] | None:
    """``"counts,items"`` -> that set; ``"none"`` -> the empty set; None -> the model profile's default."""
    if value is None:
        return None
    from extractor.narrative.extract import NARRATIVE_FIELDS

    fields = frozenset(n.strip() for n in value.split(",") if n.strip() and n.strip() != "none")
    unknown = sorted(fields - set(NARRATIVE_FIELDS))
    if unknown:
        raise CliError(f"--decides: unknown field(s) {', '.join(unknown)}; fields are {','.join(NARRATIVE_FIELDS)} or none")
    return fields


def extractor_config(args: argparse.Namespace, **overrides: Any) -> Any:
    """The :class:`~extractor.report.ExtractorConfig` of the LLM options (``overrides`` win)."""
    from extractor.report import ExtractorConfig

    values: dict[str, Any] = {
        "prompt": args.prompt,
        "rules_only": bool(args.rules_only),
        "config_file": Path(args.config) if args.config else None,
        "cache": Path(args.cache) if args.cache else None,
        "use_cache": not args.no_cache,
        "decides": parse_decides(getattr(args, "decides", None)),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return ExtractorConfig(**values)
