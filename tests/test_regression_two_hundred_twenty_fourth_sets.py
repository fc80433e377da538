"""Regressions found on the two-hundred-and-twenty-fourth to two-hundred-and-twenty-eighth unseen sets (U224–U228):
letters counted in 封 (市长信箱来信19封) not read, and kinds of oversight joined at a comma (…纳入绩效考评方案中,严格实行目标
考核,实施责任追究) read as one item; a report counted without its unit in a list (…年度报告1) not read; the results of
checks published (及时公开…专项检查情况) read as a check held; the standard domains of basic-level disclosure
(26个领域基层政务公开标准目录) counted."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_letters_counted_in_feng() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年办理市长信箱来信19封、主任信箱来信34封,均按时答复。\n")
    assert [f.value for f in n.all_counts()] == [19, 34]


def test_kinds_of_oversight_joined_at_a_comma_are_items_of_their_own() -> None:
    n = rules_narrative(
        "一、总体情况\n(五)监督保障\n将政府信息公开工作情况纳入年度绩效考评方案中,严格实行目标考核,实施责任追究。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.oversight] == [
        ("assessment", "将政府信息公开工作情况纳入年度绩效考评方案中,严格实行目标考核"),
        ("accountability", "实施责任追究"),
    ]


def test_a_report_counted_without_its_unit_in_a_list() -> None:
    # (found on U205 and U219 when reading the pool's count misses: 法治政府建設年度報告1, 年度报告1其他主动公开文件3件)
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年公开政策文件3件,预决算信息2条,法治政府建设年度报告1。\n")
    assert [f.value for f in n.all_counts()] == [3, 2, 1]


def test_the_results_of_checks_published_are_no_check_held() -> None:
    # (U227: 同时有效回应群众关心关切的社会问题,及时公开校园食品安全开展专项检查情况)
    n = rules_narrative("一、总体情况\n(一)主动公开\n有效回应群众关切,及时公开校园食品安全专项检查情况和抽查结果。\n")
    assert n.oversight == []


def test_the_standard_domains_of_basic_level_disclosure_are_no_count() -> None:
    # (U213, U219: 编制完成26个领域基层政务公开标准目录, 对已经发布的26个领域基层政务公开事项目录: the national programme, rule 2)
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年公开信息85条,编制完成26个领域基层政务公开标准目录。\n")
    assert [f.value for f in n.all_counts()] == [85]
