"""Regression: a count named by the noun after its figure showed that noun cut at ten characters
(收到9份政府信息依申请公开事项 → "我局共收到政府信息依申请公开事") and with its copula (8份是网络依申请公开 → "是网络依申请公开").
A noun that fills the rest of its clause is now shown whole, and a leading 是 is not part of the name."""

from __future__ import annotations

from extractor.narrative.schema import NarrativeFacts
from tests.conftest import rules_narrative as _rules


def _names(n: NarrativeFacts) -> dict[int, str]:
    counts = [*n.proactive_counts, *n.application_counts, *n.platform_counts, *n.oversight_counts, *n.other_counts]
    return {f.value: f.quantity for f in counts if isinstance(f.value, int)}


def test_a_long_noun_after_the_figure_is_named_whole_and_without_its_copula() -> None:
    n = _rules(
        "一、总体情况\n2021年我局共收到9份政府信息依申请公开事项,其中8份是网络依申请公开,1份是纸质依申请公开,皆已全部按时答复。\n"
    )
    names = _names(n)
    assert names[9].endswith("政府信息依申请公开事项")
    assert names[8] == "网络依申请公开" and names[1] == "纸质依申请公开"


def test_a_noun_followed_by_more_words_is_still_cut_before_them() -> None:
    n = _rules("一、总体情况\n全年举办3场培训提供给全体工作人员。\n")
    assert _names(n)[3] == "举办培训"
