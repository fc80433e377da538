"""extractor.util: the helpers every layer shares."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from extractor.util import one_edit_apart, one_line
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("行政诉讼", "行政诉讼", True),
        ("行政讼诉", "行政诉讼", True),  # two neighbours swapped
        ("收到和处理政府信息公开申清情况", "收到和处理政府信息公开申请情况", True),  # one replaced
        ("政府信息公开申请情况", "政府信息公开申情况", True),  # one dropped
        ("政府信息公开申请情况", "政府信息公开的申请情况", True),  # one inserted
        ("行政规范性文件", "规范性文件", False),  # two dropped
        ("讼诉行政", "行政诉讼", False),  # the same characters, far apart
        ("行政处罚", "行政强制", False),
        ("", "行", True),
    ],
)
def test_one_edit_apart(a: str, b: str, near: bool) -> None:
    assert one_edit_apart(a, b) is near
    assert one_edit_apart(b, a) is near


def test_one_edit_apart_is_rapidfuzz_osa_at_most_one() -> None:
    from rapidfuzz.distance import OSA

    rng = random.Random(0)
    for alphabet in ("ab", "ab诉讼", "abc"):
        for _ in range(20000):
            a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            assert one_edit_apart(a, b) is (OSA.distance(a, b) <= 1), (a, b)


def test_strings_far_apart_are_told_without_loading_rapidfuzz() -> None:
    code = "import sys; from extractor.util import one_edit_apart; one_edit_apart('行政处罚', '政府信息公开'); print('rapidfuzz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_one_line_folds_white_space_and_cuts() -> None:
    assert one_line("a \n b\tc") == "a b c"
    assert one_line("abcdef", 4) == "abc…"
