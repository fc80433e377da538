"""The import graph of ``extractor``: no cycle, and every import goes down the layers of docs/README.md.

Every ``import`` of every module is read with :mod:`ast` (those inside functions and ``TYPE_CHECKING``
blocks too), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "extractor"

# layer -> the module prefixes it holds (the longest prefix decides)
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("extractor.util", "extractor.errors", "extractor.models"),
    "load": ("extractor.load",),
    "normalize": ("extractor.normalize",),
    "tables": ("extractor.tables",),
    "segment": ("extractor.segment",),
    "checks": ("extractor.checks",),
    "parse": ("extractor.pipeline",),
    "llm": ("extractor.llm",),
    "narrative": ("extractor.narrative",),
    "report": ("extractor.report", "extractor.digest"),
    "batch": ("extractor.batch",),
    "evals": ("extractor.evals",),
    "review": ("extractor.review",),
    "cli": ("extractor.cli",),
    "facade": ("extractor",),
}
CORE = {"base", "load", "normalize", "tables", "segment", "checks", "parse"}  # deterministic: no LLM
# layer -> the layers it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "load": {"base"},
    "normalize": {"base"},
    "tables": {"base"},
    "segment": {"base", "tables"},  # the table labels decide the template
    "checks": {"base", "tables"},
    "parse": {"base", "load", "normalize", "tables", "segment", "checks"},
    "llm": {"base"},  # knows nothing of reports
    "narrative": CORE - {"parse"} | {"llm"},
    "report": CORE | {"llm", "narrative"},
    "batch": CORE | {"llm", "narrative", "report"},
    "evals": CORE | {"llm", "narrative", "report"},
    "review": CORE | {"llm", "narrative", "report", "batch"},  # the reviewed export writes the batch's files
    "cli": CORE | {"llm", "narrative", "report", "batch", "evals", "review", "facade"},  # facade: __version__
    "facade": set(LAYERS) - {"facade", "cli"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> str:
    best = max((prefix for prefixes in LAYERS.values() for prefix in prefixes
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return next(layer for layer, prefixes in LAYERS.items() if best in prefixes)


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found |= {name for name in names if name == "extractor" or name.startswith("extractor.")}
    found.discard(module)
    return {name if name in MODULES else name.rpartition(".")[0] for name in found}


GRAPH: dict[str, set[str]] = {module: _imports(module, path) for module, path in MODULES.items()}


def test_every_module_has_a_layer() -> None:
    assert {_layer(m) for m in MODULES} <= set(LAYERS)
    assert all(target in MODULES for targets in GRAPH.values() for target in targets)


def test_imports_go_down_the_layers() -> None:
    upward = sorted(
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) != _layer(module) and _layer(target) not in ALLOWED[_layer(module)]
    )
    assert upward == []


def test_core_stages_never_import_the_llm_or_front_ends() -> None:
    for module, targets in GRAPH.items():
        if _layer(module) in CORE:
            assert not {_layer(t) for t in targets} & {"llm", "narrative", "report", "batch", "evals", "review", "cli"}, module


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles: list[list[str]] = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []
