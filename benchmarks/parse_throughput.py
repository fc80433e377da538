"""Parsing throughput on one core: reports per second over the corpus, and peak memory.

    python benchmarks/parse_throughput.py [--seconds 10]

Loads every report of evals/reports once, then parses them round-robin (normalize, segment,
tables, checks: everything `nianbao parse` does after reading the file) for the given time in
this single process, and prints reports/s, the mean report size and the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.load import load_document  # noqa: E402
from extractor.pipeline import parse_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    docs = [load_document(p) for p in sorted((ROOT / "evals" / "reports").glob("*.txt"))]
    for doc in docs:  # warm-up: regex compilation, OpenCC dictionaries
        parse_document(doc)
    count = 0
    chars = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for doc in docs:
            parse_document(doc)
            count += 1
            chars += len(doc.text)
    elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports parsed: {count} in {elapsed:.1f} s on one core")
    print(f"throughput: {count / elapsed:.0f} reports/s ({chars / elapsed / 1e6:.2f} M chars/s; mean report {chars // count} chars)")
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
