"""Parse time and memory against input size: seconds per MB and peak memory at 0.2, 2 and 20 MB.

    nice python benchmarks/parse_scaling.py [--sizes 0.2 2 20] [--kinds rows html numerals]

Each input is written to a temporary folder and parsed by ``nianbao parse FILE --json`` in a fresh process
(load, normalize, segment, tables, checks, the JSON), which this script waits for with ``os.wait4``: the
child's own CPU time and peak RSS, nothing of this process. Three kinds of input, of the shapes that
used to be slow (issue 14):

- ``rows``: a table section of pipe rows (``规章 | 0 | 0 | 0``) repeated to the size (.txt);
- ``html``: one ``<table>`` of such rows (.html);
- ``numerals``: prose of Chinese numerals and counts (``本年收到申请一百二十三件,``) in section 一 (.txt).

It prints, per kind and size: CPU seconds, seconds per MB (CPU time above the startup of a process
that parses a one-line report), peak RSS, and peak RSS above that process's as a multiple of the input.
The last table times the table tokenizer alone on the whole text of the rows input (no region cap),
in this process: its seconds per MB must stay flat too (it was quadratic).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000
_HEAD = "二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
_ROWS = "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 2 | 3\n"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode()))


def make_input(kind: str, size: int) -> tuple[str, bytes]:
    """(file suffix, bytes) of about ``size`` bytes."""
    if kind == "rows":
        return ".txt", (_HEAD + _repeat(_ROWS, size - len(_HEAD.encode()))).encode()
    if kind == "html":
        row = "<tr><td>规章</td><td>0</td><td>1</td><td>2</td></tr>\n"
        body = "<html><body><h2>二、主动公开政府信息情况</h2><table>" + _repeat(row, size - 120) + "</table></body></html>"
        return ".html", body.encode()
    if kind == "numerals":
        text = "一、总体情况\n" + _repeat("本年收到申请一百二十三件,", size - 40) + "\n二、主动公开政府信息情况\n"
        return ".txt", text.encode()
    raise ValueError(kind)


def write_input(folder: Path, kind: str, size: int) -> Path:
    """The input file, written by a child process: a child's peak RSS counts the memory of the process it
    was forked from, so this one never holds an input."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from parse_scaling import make_input; "
        "suffix, data = make_input(sys.argv[2], int(sys.argv[3])); "
        "path = sys.argv[4] + '/' + sys.argv[2] + suffix; open(path, 'wb').write(data); print(path)"
    )
    args = [sys.executable, "-c", code, str(Path(__file__).parent), kind, str(size), str(folder)]
    return Path(subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip())


def run_parse(path: Path) -> tuple[float, int]:
    """CPU seconds and peak RSS (bytes) of ``nianbao parse PATH --json`` in a fresh process."""
    code = "import sys; from extractor.cli import main; sys.exit(main(['parse', sys.argv[1], '--json']))"
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 2):
        raise SystemExit(f"nianbao parse {path} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.2, 2.0, 20.0], help="input sizes in MB")
    parser.add_argument("--kinds", nargs="+", default=["rows", "html", "numerals"])
    parser.add_argument("--tokenizer-sizes", type=float, nargs="*", default=[0.2, 1.0, 4.0],
                        help="sizes (MB) for the tokenizer alone; empty to skip")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-scaling-") as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text(_HEAD + _ROWS, encoding="utf-8")
        base_cpu, base_rss = run_parse(tiny)
        print(f"a process parsing a one-line report: {base_cpu:.2f} s CPU, peak RSS {base_rss / 2**20:.0f} MiB")
        print(f"{'input':<10} {'MB':>6} {'CPU s':>7} {'s/MB':>6} {'peak RSS':>10} {'(peak-base)/input':>18}")
        for kind in args.kinds:
            for size_mb in args.sizes:
                path = write_input(Path(tmp), kind, int(size_mb * MB))
                cpu, rss = run_parse(path)
                size = path.stat().st_size
                mb = size / MB
                print(f"{kind:<10} {mb:>6.2f} {cpu:>7.2f} {(cpu - base_cpu) / mb:>6.3f} {rss / 2**20:>7.0f} MiB "
                      f"{(rss - base_rss) / size:>17.1f}x", flush=True)
                path.unlink()
    if args.tokenizer_sizes:
        from extractor.normalize import normalize
        from extractor.tables.tokens import tokenize

        print("table tokenizer alone, the whole rows input as one region:")
        for size_mb in args.tokenizer_sizes:
            _, data = make_input("rows", int(size_mb * MB))
            text = normalize(data.decode()).text
            started = time.process_time()
            tokens = tokenize(text, 0, len(text), "proactive")
            cpu = time.process_time() - started
            print(f"  {len(data) / MB:>6.2f} MB: {cpu:.2f} s CPU, {cpu / (len(data) / MB):.3f} s/MB, {len(tokens):,} tokens",
                  flush=True)
            del tokens


if __name__ == "__main__":
    main()
