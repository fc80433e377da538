"""The published JSON contract: docs/schema/*.json is the JSON Schema of what ``nianbao parse --json`` and
``nianbao extract --json`` print.  A change of the models that changes the output fails here until the
files are regenerated (``python -m tests.test_contract``) and the change is described in docs/contract.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from extractor.cli import main
from extractor.models import Cell, Evidence, ParsedReport
from extractor.report import ExtractedReport
from tests.conftest import REPORTS, ROOT

SCHEMA_DIR = ROOT / "docs" / "schema"
SCHEMAS: dict[str, type[BaseModel]] = {"parsed_report.json": ParsedReport, "extracted_report.json": ExtractedReport}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(mode="serialization"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schema_is_current(name: str) -> None:
    published = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert published == schema_text(SCHEMAS[name]), f"docs/schema/{name} is stale: run python -m tests.test_contract"


def test_output_keys_are_the_schema_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """What the command prints has exactly the top-level keys the schema names."""
    assert main(["extract", str(REPORTS / "000_541c1237663619fb.txt"), "--json", "--rules-only"]) == 0
    out = json.loads(capsys.readouterr().out)
    schema = json.loads((SCHEMA_DIR / "extracted_report.json").read_text(encoding="utf-8"))
    assert set(out) == set(schema["properties"])
    assert set(out["narrative"]["proactive_counts"][0]["evidence"]) == set(Evidence.model_fields)


def test_a_cell_is_evidence_too() -> None:
    """Cells keep their flat keys (``raw``, ``span``) and read as the facts' Evidence."""
    cell = Cell(table="applications", row="granted", column="total", value=62, raw="62", span={"start": 5, "end": 7})
    assert cell.evidence == Evidence(quote="62", start=5, end=7)
    assert cell.evidence.holds_in("xxxxx62") and not Cell(table="proactive", row="r", column="c", value=None, raw="").evidence


if __name__ == "__main__":  # regenerate the published schemas
    for file_name, model in SCHEMAS.items():
        (SCHEMA_DIR / file_name).write_text(schema_text(model), encoding="utf-8")
        print(f"wrote {Path(SCHEMA_DIR / file_name).relative_to(ROOT)}", file=sys.stderr)
