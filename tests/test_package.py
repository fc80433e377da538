"""The package as users get it: one light import, every name of the façade, every package in the wheel list,
and a command line that loads only what the command needs."""

from __future__ import annotations

import subprocess
import sys

import pytest
import tomllib

import extractor
from extractor.cli import main
from tests.conftest import REPORTS, ROOT

SEED = REPORTS / "000_541c1237663619fb.txt"


def _python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.strip()


def test_the_facade_exports_what_it_lists() -> None:
    assert set(extractor.__all__) == {"__version__", *extractor._EXPORTS}
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None, name
    assert issubclass(extractor.LoadError, extractor.NianbaoError)
    assert issubclass(extractor.ConfigError, extractor.NianbaoError)


def test_import_extractor_loads_nothing_heavy() -> None:
    assert _python("import sys, extractor; print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'openai', 'bs4'}))") == "[]"


def test_parse_command_does_not_load_the_llm_stack() -> None:
    code = (
        "import sys; from extractor.cli import main; "
        f"main(['parse', {str(SEED)!r}]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'openai', 'instructor', 'langfuse', 'bs4', 'fastapi', 'pyarrow', 'rich', 'sqlite3', 'rapidfuzz'}))"
    )
    assert _python(code).splitlines()[-1] == "[]"


def test_every_package_is_in_the_wheel_list() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "extractor").rglob("__init__.py")}
    assert listed == found | {"extractor.prompts"}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"nianbao {extractor.__version__}"


@pytest.mark.parametrize("argv", [["batch", "--help"], ["batch", "collect", "--help"], ["batch", "run", "--help"],
                                  ["review", "export", "--help"], ["review", "serve", "--help"]])
def test_sub_commands_have_their_own_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    assert "usage:" in capsys.readouterr().out


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nianbao: error: ") and "nianbao parse --help" in err
    assert main(["batch", "collect"]) == 2
    assert "nianbao batch collect --help" in capsys.readouterr().err
