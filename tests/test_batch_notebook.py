"""notebooks/batch_overview.ipynb runs top to bottom on a small batch (the corpus and one body over three years,
rules only), finds the batch in ``out/`` as the README makes it, and draws every Chinese label with a CJK font:
no glyph is missing.  Without a CJK font the notebook stops with a message (tested here only where one is
installed: ``.ci/run`` installs Debian's fonts-noto-cjk and sets NIANBAO_REQUIRE_CJK_FONT=1, which turns a
missing font into a failure)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.cli import main
from tests.conftest import REPORTS, ROOT
from tests.trend_fixture import SOURCE, write_years

NOTEBOOK = ROOT / "notebooks" / "batch_overview.ipynb"
CJK_HINTS = ("cjk", "wqy", "wenquanyi", "simhei", "yahei", "pingfang", "heiti", "sourcehan", "droidsansfallback")


def _cjk_font_installed() -> bool:
    from matplotlib import font_manager

    return any(any(h in Path(p).name.lower().replace(" ", "").replace("-", "") for h in CJK_HINTS)
               for p in font_manager.findSystemFonts())


def test_notebook_runs_on_a_small_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    if not _cjk_font_installed():
        message = "no CJK font: apt-get install fonts-noto-cjk (.ci/run does it)"
        (pytest.fail if os.environ.get("NIANBAO_REQUIRE_CJK_FONT") == "1" else pytest.skip)(message)
    src = tmp_path / "in"
    src.mkdir()
    for path in REPORTS.glob("*.txt"):
        if path != SOURCE:  # the three-year body is made from it
            (src / path.name).write_bytes(path.read_bytes())
    write_years(src)
    out = tmp_path / "out"  # the README's folder, found from the notebook's working directory
    assert main(["batch", str(src), "-o", str(out), "--rules-only", "--no-progress"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("NIANBAO_BATCH_OUT", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # applications by body, failed checks by rule, years per body, themes
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "missing from font" not in text and "Glyph" not in text
    assert f"{len(list(src.glob('*.txt')))} reports" in text and "; font " in text
    assert "2 with two years or more" in text  # 平潭 and the three-year body
    assert "admitted again: 0" not in text  # the three-year body admits the same problems every year
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "相符" in html and "不符" in html  # the carry-over of the three-year body, both ways
