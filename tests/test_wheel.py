"""The wheel, installed without ``-e`` in a fresh virtual environment, is the whole product: the library
parses, and ``nianbao extract`` loads its prompt from the package and asks an OpenAI-compatible endpoint.

Offline: the wheel is built with this environment's setuptools (no build isolation), installed with
``--no-deps --no-index`` into a new venv that sees this environment's packages (the dependencies) through
a ``.pth`` line, and run from a folder outside the checkout, so nothing comes from the source tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPORTS, ROOT
from tests.fake_openai_server import FakeOpenAIServer, labels_responder

SEED = REPORTS / "000_541c1237663619fb.txt"
MODEL = "gpt-4o-mini"


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a copy, so the build leaves nothing (build/, *.egg-info) in the checkout
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("extractor", "prompts"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    dist = tmp / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                  "-w", str(dist), str(src)])
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("nianbao-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_nianbao_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                 str(wheel)])
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def test_the_installed_library_parses_from_its_own_files(installed: Path, tmp_path: Path) -> None:
    code = (
        "import extractor, sys; r = extractor.parse_file(sys.argv[1]); "
        "print(extractor.__file__); print(r.meta.template, r.tables.applications['new_received']['total'])"
    )
    out = _run([str(installed / "bin" / "python"), "-c", code, str(SEED)], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    where, result = out.stdout.splitlines()
    assert Path(where).is_relative_to(installed) and result == "2021 55"


def test_the_installed_command_extracts_against_an_endpoint(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "OPENAI_", "LANGFUSE_"))}
    with FakeOpenAIServer(model=MODEL, responder=labels_responder) as server:
        env |= {"NIANBAO_BASE_URL": server.base_url, "NIANBAO_MODEL": MODEL, "NIANBAO_API_KEY": "test",
                "NIANBAO_HOME": str(tmp_path / "home")}
        out = _run([str(installed / "bin" / "nianbao"), "extract", str(SEED), "--json"], cwd=tmp_path, env=env)
        asked = len(server.requests)
    assert out.returncode == 0, out.stderr
    narrative = json.loads(out.stdout)["narrative"]
    assert narrative["prompt"] == "narrative@v2" and narrative["model"] == MODEL
    assert narrative["usage"]["calls"] == asked >= 1 and not narrative["errors"]
    version = _run([str(installed / "bin" / "nianbao"), "--version"], cwd=tmp_path)
    assert version.stdout.startswith("nianbao ")


def test_the_installed_eval_viewer_has_its_templates_and_static_files(installed: Path, tmp_path: Path) -> None:
    code = (
        "from extractor.evals.viewer.page import STATIC, TEMPLATES; "
        "print(sorted(p.name for p in STATIC.iterdir()), sorted(p.name for p in TEMPLATES.glob('*.html')))"
    )
    out = _run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['viewer.css', 'viewer.js'] ['runs.html', 'viewer.html']"


def test_the_installed_library_has_the_work_classifier_weights(installed: Path, tmp_path: Path) -> None:
    code = (
        "import extractor.narrative.work_classifier as w, importlib.resources as r; "
        "print(r.files('extractor.narrative').joinpath('data').joinpath(w.MODEL_FILE).is_file(), w.shipped().trained_on['reports'] > 1000)"
    )
    out = _run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True True"
