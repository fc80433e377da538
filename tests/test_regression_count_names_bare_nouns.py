"""Regression: read as an analyst would in the corpus's 上海市人民政府办公厅 2019, 另有72件申请按照《条例》顺延到下年度
答复 was shown as 申请: 72件, and 另有5件申请正在办理中 as 申请正: 5件 (the noun was cut inside 正在). A bare noun (申请,
信息) is named by what its clause says of it now: 申请顺延到下年度答复, 申请正在办理中."""

from __future__ import annotations

import pytest

try:
    from tests.conftest import rules_narrative
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from conftest import rules_narrative  # type: ignore[no-redef]


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）。", ("申请顺延到下年度答复", 72)),
        ("另有5件申请正在办理中。", ("申请正在办理中", 5)),
        ("共有3件申请延期答复。", ("申请延期答复", 3)),
    ],
)
def test_a_bare_noun_is_named_by_its_clause(sentence: str, named: tuple[str, int]) -> None:
    counts = rules_narrative(f"三、收到和处理政府信息公开申请情况\n{sentence}\n").all_counts()
    assert named in [(c.quantity, c.value) for c in counts]
