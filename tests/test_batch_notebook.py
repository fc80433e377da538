"""notebooks/batch_overview.ipynb runs top to bottom on a small batch (the corpus, rules only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.cli import main
from tests.conftest import REPORTS, ROOT

NOTEBOOK = ROOT / "notebooks" / "batch_overview.ipynb"


def test_notebook_runs_on_a_small_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    out = tmp_path / "out"
    assert main(["batch", str(REPORTS), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("NIANBAO_BATCH_OUT", str(out))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # applications by body, failed checks by rule, problems by theme
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"{len(list(REPORTS.glob('*.txt')))} reports" in text
