"""The data dictionary: every key has one Chinese label, the labels people read come from it, and
docs/data_dictionary.csv is current (``python -m tests.test_tables_dictionary`` regenerates it)."""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from typing import get_args

from extractor.batch.outputs import output_columns, theme_values
from extractor.batch.records import table_columns
from extractor.narrative.schema import CountCategory, WorkKind
from extractor.tables.dictionary import (
    VALUE_LABELS,
    cell_entries,
    cell_entry,
    cell_label,
    dictionary_csv,
    headers,
    sheet_cells,
    sheet_header,
)
from extractor.tables.spec import APPLICATION_COLUMN_LABELS as SPEC_COLUMN_LABELS
from extractor.tables.spec import APPLICATION_COLUMNS
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "data_dictionary.csv"


def current() -> str:
    return dictionary_csv(output_columns(reviewed=True), theme_values())


def test_every_standard_cell_has_one_entry_in_the_order_of_tables_csv() -> None:
    assert tuple(e.key for e in cell_entries()) == table_columns()
    labels = Counter(e.label for e in cell_entries())
    assert not [label for label, n in labels.items() if n > 1]


def test_labels_are_the_official_ones() -> None:
    assert cell_label("applications", "new_received", "total") == "表三 一、本年新收政府信息公开申请数量·总计"
    entry = cell_entry("applications.denied_three_safeties.commercial")
    assert entry is not None and entry.header == ("（三）不予公开 3.危及“三安全一稳定”", "法人或其他组织", "商业企业")
    assert entry.unit == "件" and entry.templates == ("2021", "2019")
    fees = cell_entry("proactive.fees.amount")
    assert fees is not None and fees.unit == "万元" and fees.column_label == "本年收费金额（万元）" and fees.templates == ("2021",)
    litigation = cell_entry("review_litigation.litigation_direct.upheld")
    assert litigation is not None and litigation.header == ("行政诉讼", "未经复议直接起诉", "结果维持")
    # the spec's column labels are the dictionary's
    assert [cell_entry(f"applications.new_received.{c}").column_label for c in APPLICATION_COLUMNS] == list(SPEC_COLUMN_LABELS)  # type: ignore[union-attr]


def test_table_two_has_a_block_per_template_with_each_templates_labels() -> None:
    columns = sheet_cells("proactive")
    decisions = [sheet_header(t, e) for t, e in columns if e.key == "proactive.licensing.decisions"]
    assert decisions == [("2021年版（国办公开办函〔2021〕30号）", "行政许可", "本年处理决定数量"),
                         ("2019年版（国办公开办函〔2019〕60号）", "行政许可", "处理决定数量")]
    docs = [sheet_header(t, e)[1] for t, e in columns if e.key == "proactive.normative_documents.issued"]
    assert docs == ["行政规范性文件"]


def test_every_vocabulary_value_has_a_label() -> None:
    assert set(get_args(WorkKind)) <= set(VALUE_LABELS["category"])
    assert set(get_args(CountCategory)) <= set(VALUE_LABELS["category"])


def test_every_csv_header_is_unique_and_in_the_dictionary() -> None:
    rows = list(csv.DictReader(io.StringIO(current())))
    for file, keys in output_columns(reviewed=True).items():
        labels = headers(file, keys)
        assert len(set(labels)) == len(labels), file
        mapped = {r["label"]: r["key"] for r in rows if r["file"] == file}
        assert [mapped[label] for label in labels] == keys, file
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels), file


def test_docs_data_dictionary_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8-sig") == current(), "docs/data_dictionary.csv is stale: run python -m tests.test_tables_dictionary"


if __name__ == "__main__":  # regenerate docs/data_dictionary.csv
    DOCS.write_text("\ufeff" + current(), encoding="utf-8")
    print(f"wrote {DOCS.relative_to(ROOT)}", file=sys.stderr)
