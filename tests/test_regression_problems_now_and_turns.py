"""Regressions found on the fifteenth unseen set, section 五 of county-level reports:

- a problem sentence that opens with 目前, (目前,A还不够,B有待加强) is two problems, not a status line;
- a problem point that turns to the measure after a comma (宣传力度不够,下一步将利用…) is a problem and a measure;
- a measure's condition with its actor (我局将在继续做好…的基础上,及时公开…) opens the measure, no item of its own;
- a closing goal (…,高效完成政府信息公开工作) stays with the measure it is for.
"""

from __future__ import annotations

from tests.conftest import section_five_items


def test_a_problem_sentence_that_opens_with_now() -> None:
    items = section_five_items(
        "四、政府信息公开工作存在的主要问题及改进措施\n"
        "目前,我局信息公开工作的重视度还不够,工作开展的深度和能力有待加强。\n"
    )
    assert items == [("problems", "我局信息公开工作的重视度还不够"), ("problems", "工作开展的深度和能力有待加强")]
    # a status line in the measures is still no item
    assert section_five_items(
        "五、存在的主要问题及改进情况\n(一)存在问题\n信息更新还不够及时。\n(二)改进措施\n"
        "1.加强网站建设。\n目前已完成网站改版。\n"
    ) == [("problems", "信息更新还不够及时"), ("improvements", "加强网站建设")]


def test_a_problem_point_that_turns_after_a_comma() -> None:
    items = section_five_items(
        "五、存在的主要问题及改进措施\n(一)存在问题\n"
        "一是公开不够。由于信息公开是一项全新的工作,工作机制方面还不够完善,导致信息统计不及时等问题。"
        "二是普及不够。信息公开面对社会宣传力度不够,下一步将利用多种渠道发布公开信息,提高居民的知晓率。\n"
        "(二)改进措施\n1、创新政务公开方式。坚持方便群众知情的原则,丰富公开形式。\n"
    )
    assert [part for part, _ in items] == ["problems", "problems", "improvements", "improvements"]
    assert items[1][1] == "普及不够。信息公开面对社会宣传力度不够"
    assert items[2][1] == "下一步将利用多种渠道发布公开信息,提高居民的知晓率"


def test_a_condition_with_its_actor_and_a_closing_goal() -> None:
    items = section_five_items(
        "四、政府信息公开工作存在的主要问题及改进措施\n"
        "目前,我局信息公开工作的重视度还不够。\n"
        "下一步,我局将在继续做好政策法规、业务工作等常规信息公开的基础上,及时、准确、全面公开民众关心的政府信息,"
        "特别要不断加大对财政预决算等信息的公开力度。\n"
    )
    assert [text for part, text in items if part == "improvements"] == [
        "在继续做好政策法规、业务工作等常规信息公开的基础上,及时、准确、全面公开民众关心的政府信息",
        "不断加大对财政预决算等信息的公开力度",
    ]
    items = section_five_items(
        "三、政府信息公开工作存在的主要问题及改进情况\n"
        "我镇在政府信息公开方面存在部分信息更新不及时问题。下一步,我镇将进一步加强信息公开工作的组织领导,"
        "认真组织培训,不断改进工作作风和方式方法,高效完成政府信息公开工作。\n"
    )
    assert [text for part, text in items if part == "improvements"] == [
        "进一步加强信息公开工作的组织领导",
        "认真组织培训",
        "不断改进工作作风和方式方法,高效完成政府信息公开工作",
    ]
