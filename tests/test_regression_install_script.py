"""Regression: .ci/install_llm.sh imported a module the re-layering had moved, and skipped the weights' sha256
check without failing (its ImportError fallback is for a machine where nianbao is not installed yet)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / ".ci").glob("*.sh"))


def test_every_python_import_in_the_ci_scripts_resolves() -> None:
    imports = [
        (script.name, module, names)
        for script in SCRIPTS
        for module, names in re.findall(r"^\s*from (extractor[\w.]*) import ([\w, ]+)$", script.read_text(encoding="utf-8"), re.M)
    ]
    assert imports, "the scripts import nothing from extractor: this test checks nothing"
    for script, module, names in imports:
        loaded = importlib.import_module(module)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(loaded, name), f"{script}: {module} has no {name}"
