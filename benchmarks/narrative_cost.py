"""What the narrative stage costs per report on the configured model (default: the embedded model).

    python benchmarks/narrative_cost.py [--reports DIR] [--local-model 0.5b|1.5b] [--decides FIELDS] [--limit N]

Extracts every report of ``--reports`` (default ``evals/reports``, the gold reports) with the answer cache
off, one after the other, and prints per report: seconds of the whole extraction, input/output tokens,
calls and re-asks; then the median and the total.  The model is started once (llama.cpp on 127.0.0.1 when
no endpoint is configured) and its start-up is not counted.  ``--decides`` overrides the model profile's
fields (counts,items,work,briefs,summaries) to price what a field would cost.

Timings on a shared machine vary: quote the median, and run it when nothing else is running.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.load import load_document  # noqa: E402
from extractor.report import Extractor, ExtractorConfig  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", default=str(ROOT / "evals" / "reports"), help="folder of .txt reports")
    parser.add_argument("--local-model", choices=("0.5b", "1.5b"), help="the embedded model (default: the README's, 0.5b)")
    parser.add_argument("--decides", help="the fields the model decides (default: the model profile's)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many reports")
    args = parser.parse_args()
    paths = sorted(Path(args.reports).glob("*.txt"))[: args.limit or None]
    if not paths:
        print(f"no .txt reports in {args.reports}", file=sys.stderr)
        return 2
    decides = None if args.decides is None else frozenset(f for f in args.decides.split(",") if f and f != "none")
    config = ExtractorConfig(use_cache=False, local_model=args.local_model or "0.5b", decides=decides)
    rows = []
    with Extractor(config) as extractor:
        print(f"model: {extractor.describe()}; the model decides: {', '.join(sorted(extractor.narrative.decides)) or 'nothing'}")
        print(f"{'report':<44}{'seconds':>9}{'tok in':>8}{'tok out':>8}{'calls':>6}{'re-asks':>8}")
        for path in paths:
            doc = load_document(path)
            started = time.perf_counter()
            report = extractor.extract_document(doc)
            seconds = time.perf_counter() - started
            u = report.narrative.usage if report.narrative is not None else None
            row = (seconds, u.input_tokens if u else 0, u.output_tokens if u else 0, u.calls if u else 0, u.reasks if u else 0)
            rows.append(row)
            print(f"{path.stem[:43]:<44}{row[0]:>9.1f}{row[1]:>8}{row[2]:>8}{row[3]:>6}{row[4]:>8}", flush=True)
    columns = list(zip(*rows, strict=True))
    medians = [statistics.median(c) for c in columns]
    print(f"{'median per report':<44}{medians[0]:>9.1f}{medians[1]:>8.0f}{medians[2]:>8.0f}{medians[3]:>6.0f}{medians[4]:>8.0f}")
    print(f"{'total (' + str(len(rows)) + ' reports)':<44}{sum(columns[0]):>9.1f}{sum(columns[1]):>8}{sum(columns[2]):>8}"
          f"{sum(columns[3]):>6}{sum(columns[4]):>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
