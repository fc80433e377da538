"""Regression: random bytes with NULs in every other position were decoded as BOM-less UTF-16."""

from pathlib import Path

import pytest

from extractor.load import LoadError, load_document


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(LoadError, match=r"blob\.txt"):
        load_document(path)


def test_real_bomless_utf16_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("一、总体情况\n本年主动公开信息12条。\n".encode("utf-16-le"))
    assert load_document(path).text.startswith("一、总体情况")
