"""Start-up of ``nianbao parse`` on one small file: the wall time of a fresh process, beside the floors it
cannot go below (the interpreter, and pydantic: importing it and building a first model, which any program
with a pydantic model pays).

    python benchmarks/startup.py [--runs 15] [--file evals/reports/szfgs_2024_pdftext_table3_fragment.txt]
                                 [--baseline PATH/TO/OTHER/BUILD/bin/nianbao]

The commands run in turn, ``--runs`` times each after one warm-up (interleaved, so a machine that slows down
slows them alike); each line prints the median and the minimum wall seconds. Then:

- ``parse / pydantic floor``: the ratio to quote on a shared machine (it does not move with the machine's
  speed as the seconds do);
- ``own share``: median parse minus the median floor, what nianbao's modules and the parse itself cost;
- with ``--baseline``: the same parse by another build (another venv's ``nianbao``), and the median of the
  run-by-run ratios, the figure that compares two builds on a machine whose speed drifts;
- the slowest imports of one ``nianbao parse`` run (``python -X importtime``), to see where the time goes.

Measure an installed build (``pip install .``, not ``-e``): an editable install adds its path finder to
every start (about 20 ms).

Byte-compiled files are allowed for the child processes (``PYTHONDONTWRITEBYTECODE`` is removed from their
environment): an installed package has them, and without them every run compiles every module again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "evals" / "reports" / "szfgs_2024_pdftext_table3_fragment.txt"


# importing pydantic and building one small model: what any program with a pydantic model pays first
_FLOOR = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: list[int] = []\nA(x=[1]).model_dump_json()"


def _parse_command(path: Path) -> list[str]:
    script = shutil.which("nianbao", path=str(Path(sys.executable).parent))
    return [script, "parse", str(path)] if script else [sys.executable, "-m", "extractor.cli", "parse", str(path)]


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120)
    return time.perf_counter() - started


def _slowest_imports(command: list[str], env: dict[str, str], top: int) -> list[tuple[float, str]]:
    """(cumulative seconds, module) of the top-level imports of one run, slowest first."""
    if command[0] != sys.executable:  # the console script: run its module under -X importtime instead
        command = [sys.executable, "-X", "importtime", "-m", "extractor.cli", *command[1:]]
    else:
        command = [sys.executable, "-X", "importtime", *command[1:]]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=120).stderr
    rows: list[tuple[float, str]] = []
    for line in out.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        name = parts[2]
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 1 and parts[1].strip().isdigit():
            rows.append((int(parts[1]) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--top", type=int, default=10, help="how many imports to list")
    ap.add_argument("--baseline", type=Path, help="another build's nianbao script, timed on the same file")
    args = ap.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "pydantic + 1 model (floor)": [sys.executable, "-c", _FLOOR],
        "nianbao parse FILE": _parse_command(args.file),
    }
    if args.baseline:
        commands["baseline parse FILE"] = [str(args.baseline), "parse", str(args.file)]
    for command in commands.values():  # warm-up: byte-compile, fill the page cache
        _wall(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_wall(command, env))
    print(f"{args.file.name} ({args.file.stat().st_size} bytes), {args.runs} runs each, interleaved")
    for name, values in times.items():
        print(f"{name:<26} median {statistics.median(values):.3f} s   min {min(values):.3f} s")
    parse, floor = statistics.median(times["nianbao parse FILE"]), statistics.median(times["pydantic + 1 model (floor)"])
    print(f"parse / pydantic floor     {parse / floor:.2f}")
    print(f"own share                  {parse - floor:.3f} s (median parse - median floor)")
    if args.baseline:
        ratios = [a / b for a, b in zip(times["nianbao parse FILE"], times["baseline parse FILE"], strict=True)]
        print(f"parse / baseline           {statistics.median(ratios):.3f} (median of the run-by-run ratios)")
    print("slowest imports of one run (cumulative s):")
    for seconds, module in _slowest_imports(commands["nianbao parse FILE"], env, args.top):
        print(f"  {seconds:.3f}  {module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
