"""Regressions found on the two-hundred-and-twenty-first to two-hundred-and-twenty-third unseen sets (U221–U223): a
gazette named before what is done with it (认真做好《政府公报》编辑、出版、发行…,编发《…公报》6期) read as no work."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_a_gazette_named_before_its_verbs_is_gazette_work() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开\n认真做好《政府公报》编辑、出版、发行和免费赠阅,选登重要政策性文件,编发《某县人民政府公报》4期,免费赠阅800余册。\n"
    )
    assert [w.kind for w in n.platform_work] == ["gazette"]
