"""The confidence signal per table (extractor/tables/confidence.py) and its tables.csv columns."""

from __future__ import annotations

import json

from extractor.batch.outputs import confidence_columns
from extractor.load import load_text
from extractor.pipeline import parse_document
from tests.conftest import report_text


def _parse(name: str):
    return parse_document(load_text(report_text(name), path=name))


def test_a_table_read_in_full_whose_sums_hold_is_fully_trusted() -> None:
    conf = _parse("000_541c1237663619fb").table_confidence
    assert {t: c.confidence for t, c in conf.items()} == {"proactive": 1.0, "applications": 1.0, "review_litigation": 1.0}
    assert conf["applications"].cells_expected == conf["applications"].cells_read == 175
    assert conf["proactive"].checks_share is None  # table 二 has no sum rule


def test_failed_rules_lower_the_confidence() -> None:
    conf = _parse("002_729ce6095ffb3585").table_confidence["applications"]  # the report breaks rule 2 twice
    assert conf.checks_failed == 2 and conf.cells_flagged == 0
    assert conf.confidence == conf.checks_share < 1


def test_flagged_cells_lower_the_confidence() -> None:
    conf = _parse("shanghai_kewei_2024_2021fmt_pdf2md").table_confidence["applications"]
    assert conf.cells_flagged > 0 and conf.checks_failed == 0
    assert conf.confidence == conf.unflagged_share == round((conf.cells_read - conf.cells_flagged) / 175, 3)


def test_a_mostly_unread_table_says_so() -> None:
    report = _parse("hanyang_govoffice_2022_2021fmt_pipe_newline_partial")
    assert report.table_confidence["applications"].confidence < 0.1
    assert [w.code for w in report.warnings if "applications" in w.message] == ["table_partial"]


def test_missing_tables_have_no_confidence_and_legacy_reports_no_entry() -> None:
    report = _parse("hunnan_guoziju_2022_tables_missing")
    assert all(c.confidence == 0 and c.cells_read == 0 for c in report.table_confidence.values())
    assert not [w for w in report.warnings if w.code == "table_partial"]  # table_missing says it
    assert _parse("pingtan_2018_pre2019fmt_squashed").table_confidence == {}


def test_the_json_key_and_the_tables_csv_columns() -> None:
    report = _parse("hanyang_govoffice_2022_2021fmt_pipe_newline_partial")
    data = json.loads(report.model_dump_json())
    assert set(data["table_confidence"]) == {"proactive", "applications", "review_litigation"}
    row = confidence_columns(report.model_dump_json())
    assert row["confidence.proactive"] == 1.0
    assert row["confidence.min"] == min(row["confidence.applications"], row["confidence.review_litigation"]) == 0.0
    assert confidence_columns(None) == dict.fromkeys(
        ("confidence.proactive", "confidence.applications", "confidence.review_litigation", "confidence.min")
    )
