"""Fault injection, hostile files and folders (issue 14): a wrong byte-order mark, link loops, unreadable
and linked folders. Before: FF FE in front of UTF-8 text was read as UTF-16 garbage (exit 0, a misleading
"image or attachment?" warning); batch left linked and unreadable folders out without a word."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.batch.inputs import discover
from extractor.cli import main
from extractor.load import load_document
from extractor.load.read import LoadError
from tests.conftest import REPORTS

SEED = REPORTS / "004_333e33f0e39a8a89.txt"


# ------------------------------------------------------------------------------------------ byte-order marks


@pytest.mark.parametrize(
    ("bom", "encoding", "mark"),
    [(b"\xff\xfe", "utf-8", "UTF-16-LE"), (b"\xfe\xff", "utf-8", "UTF-16-BE"), (b"\xef\xbb\xbf", "gb18030", "UTF-8"),
     (b"\xff\xfe\x00\x00", "utf-8", "UTF-32-LE")],
)
def test_a_wrong_byte_order_mark_is_evidence_not_an_order(tmp_path: Path, bom: bytes, encoding: str, mark: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(bom + text.encode(encoding))
    doc = load_document(path)
    assert doc.text == text and doc.encoding == encoding
    assert doc.warnings[0] == f"the {mark} byte-order mark at the start does not match the content: decoded as {encoding}"


def test_a_right_byte_order_mark_still_decides(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    doc = load_document(path)
    assert (doc.text, doc.encoding, doc.warnings) == (text, "utf-16-le", [])


def test_a_byte_order_mark_before_nothing_decodable_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xff\xfe" + bytes(range(256)) * 40)
    with pytest.raises(LoadError) as info:
        load_document(path)
    assert str(info.value) == (
        f"cannot decode {path}: it starts with a UTF-16-LE byte-order mark but is not UTF-16-LE text, nor any other known encoding"
    )


def test_parse_reads_the_tables_behind_a_wrong_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xff\xfe" + SEED.read_bytes())
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "image or attachment" not in out and "三: " in out and "missing" not in out.split("tables:")[1].split("\n")[0]


# ------------------------------------------------------------------------------------------ folders and links


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.txt").write_text("一")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "two.txt").write_text("二")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)  # followed, as parse follows links
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)  # a loop: read once
    (root / "again").symlink_to(root / "a", target_is_directory=True)  # a second way into a/
    (root / "gone").symlink_to(tmp_path / "nowhere", target_is_directory=True)  # dangling
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden")
    return root


def test_linked_folders_are_followed_once_and_every_skipped_folder_is_said(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    notices: list[str] = []
    files = discover([str(root)], notices)
    assert sorted(Path(f.path).name for f in files) == ["one.txt", "two.txt"]
    assert sorted(notices) == sorted([
        f"not following {root}/a/loop: it leads to a folder already read (a link loop or a second link)",
        f"not following {root}/again: it leads to a folder already read (a link loop or a second link)",
        f"cannot follow {root}/gone: a link to {tmp_path}/nowhere, which does not exist",
        f"skipped 1 hidden folder (name starting with '.'): {root}/.git",
    ])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_said(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "x.txt").write_text("x")
    (root / "ok.txt").write_text("ok")
    (root / "locked").chmod(0)
    try:
        notices: list[str] = []
        files = discover([str(root)], notices)
    finally:
        (root / "locked").chmod(0o755)
    assert [Path(f.path).name for f in files] == ["ok.txt"]
    assert notices == [f"cannot read folder {root}/locked: Permission denied: its reports are not in the batch"]
