"""Fault injection, the command line (issue 14): user errors are one line, never "internal error".

Before: ``nianbao review --port 80000`` and a full disk were reported as internal errors (exit 3)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import extractor.batch.run
from extractor.cli import main
from tests.conftest import REPORTS, ROOT

SEED = REPORTS / "000_541c1237663619fb.txt"


@pytest.mark.parametrize("port", ["80000", "-1"])
def test_a_port_out_of_range_is_a_user_error(tmp_path: Path, port: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review", str(SEED), "--port", port])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"nianbao: error: --port must be a port number, 0-65535 (got {port})\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "extractor.cli", "parse", str(SEED), "--json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "nianbao: error: cannot write the output: No space left on device\n"


def test_a_full_disk_under_a_batch_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(path: Any, data: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(extractor.batch.run, "atomic_write", full_disk)
    out = tmp_path / "out"
    code = main(["batch", str(SEED), "-o", str(out), "--rules-only", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.endswith(f"nianbao: error: cannot write {out / 'summary.json'}: No space left on device\n")
    assert "internal error" not in err
