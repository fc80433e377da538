"""Parsing throughput on one core: reports per second, by report size, and peak memory.

    python benchmarks/parse_throughput.py [--seconds 10] [--min-chars 4000] [--long-chars 10000]

Loads every report of evals/reports once, then parses (normalize, segment, tables, checks:
everything `nianbao parse` does after reading the file) in this single process, for the given
time each, three sets of reports:

- the whole corpus, round-robin (mean report about 2.5 k characters, many are fragments);
- the full reports only: those of at least ``--min-chars`` characters (4 k: complete reports);
- one long report of about ``--long-chars`` characters (10 k), built from the largest complete
  report (``evals/reports/003_*.txt``, 4.9 k): the body paragraphs of its section 一 (those longer
  than 40 characters that could not read as a heading or a sub-part mark) are repeated, in order,
  on new lines just before the heading of section 二 until the text reaches the size. Sections,
  sub-parts, metadata and tables stay those of the original; the benchmark checks the tables.

Each set prints reports/s by the wall clock and by the CPU time of this process (the figure to
trust on a shared machine), the CPU time per report, and at the end the peak RSS. Pin it to one
core for figures that compare: ``taskset -c 0 python benchmarks/parse_throughput.py --seconds 5``.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.load import load_document, load_text  # noqa: E402
from extractor.models import SourceDocument  # noqa: E402
from extractor.pipeline import parse_document  # noqa: E402
from extractor.segment import SECTION_TITLES  # noqa: E402

# A paragraph that could read as a heading (a section title, or a sub-part mark such as '(二)' or
# '三是') is never repeated, so the repeats cannot move a section or sub-part boundary.
_HEADING_LIKE = re.compile(
    r"^\s*(?:\(\s*[一二三四五六七八九十]\s*\)|[一二三四五六七八九十]{1,2}\s*[、.是]|\d\s*[.、])"
    + "|" + "|".join(f"(?:{title})" for _, title in SECTION_TITLES)
)


def build_long_report(doc: SourceDocument, target_chars: int) -> SourceDocument:
    """``doc`` grown to about ``target_chars`` by repeating the body paragraphs of its section 一."""
    sections = {s.key: s for s in parse_document(doc).sections}
    if "overview" not in sections or "proactive_table" not in sections:
        raise ValueError(f"{doc.path}: no sections 一 and 二 to grow the report between")
    text = doc.text
    overview, tables = sections["overview"], sections["proactive_table"]
    body = text[overview.heading.end : tables.span.start]
    paragraphs = [p for p in body.split("\n") if len(p) > 40 and not _HEADING_LIKE.search(p)]
    if not paragraphs:
        raise ValueError(f"{doc.path}: no narrative paragraph in section 一")
    insert_at = text.rfind("\n", 0, tables.span.start) + 1  # the start of the heading line of 二
    extra: list[str] = []
    size = len(text)
    while size < target_chars:
        paragraph = paragraphs[len(extra) % len(paragraphs)]
        extra.append(paragraph)
        size += len(paragraph) + 1
    grown = text[:insert_at] + "".join(p + "\n" for p in extra) + text[insert_at:]
    return load_text(grown, path=f"{doc.path} (grown to {len(grown)} chars)")


def _throughput(label: str, docs: Sequence[SourceDocument], seconds: float) -> None:
    count = 0
    chars = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    best = float("inf")  # CPU time per report of the least disturbed round
    while time.perf_counter() - start < seconds:
        round_start = time.process_time()
        for doc in docs:
            parse_document(doc)
            count += 1
            chars += len(doc.text)
        best = min(best, (time.process_time() - round_start) / len(docs))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    # On a shared machine the wall clock also counts time other processes held the core; the CPU
    # time of this process does not, but it still grows when they share its caches: the best round
    # is the figure that compares across runs.
    print(
        f"{label}: {count / elapsed:.0f} reports/s wall, {count / cpu:.0f} reports/s CPU time, "
        f"{1000 * cpu / count:.2f} ms CPU/report, best round {1 / best:.0f} reports/s "
        f"({chars / cpu / 1e6:.2f} M chars/s; {len(docs)} reports, mean {chars // count} chars; {count} parsed in {elapsed:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0, help="time spent on each of the three sets")
    parser.add_argument("--min-chars", type=int, default=4000, help="the size from which a report counts as full")
    parser.add_argument("--long-chars", type=int, default=10000, help="size of the long report built from the corpus")
    args = parser.parse_args()
    corpus = [load_document(p) for p in sorted((ROOT / "evals" / "reports").glob("*.txt"))]
    full = [doc for doc in corpus if len(doc.text) >= args.min_chars]
    complete = [doc for doc in corpus if Path(doc.path or "").name[:3].isdigit()]
    long_doc = build_long_report(max(complete, key=lambda d: len(d.text)), args.long_chars)
    for doc in [*corpus, long_doc]:  # warm-up: regex compilation, OpenCC dictionaries
        parse_document(doc)
    original = next(d for d in corpus if long_doc.path and d.path and long_doc.path.startswith(d.path))
    if parse_document(long_doc).tables != parse_document(original).tables:
        raise SystemExit("the long report's tables differ from its original's: the construction is broken")

    print(f"one process, {args.seconds:g} s per set")
    _throughput("corpus", corpus, args.seconds)
    _throughput(f"full reports (>= {args.min_chars} chars)", full, args.seconds)
    _throughput(f"long report (~{args.long_chars} chars)", [long_doc], args.seconds)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
