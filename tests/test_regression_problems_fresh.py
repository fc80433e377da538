"""Regressions found on a fresh set of unseen reports: section 五 in an old template, and problems joined by
commas inside a semicolon list."""

from __future__ import annotations

from tests.conftest import section_five_items as _items


def test_an_old_template_section_that_names_the_measures_taken_first() -> None:
    """四、…主要措施、存在的主要问题及下一步工作打算: the section is 五's; (一)主要措施 is this year's work."""
    items = _items(
        "三、政府信息公开的收费及减免情况\n无。\n"
        "四、政府信息公开工作的主要措施、存在的主要问题及下一步工作打算\n"
        "(一)主要措施\n一是自上而下全面强化领导,聚力做好政府信息公开工作。二是进一步建立健全工作制度和机制。\n"
        "(二)存在的主要问题:一是各科室对政府信息公开的认识不足,报送信息不够及时;二是信息公开数量有待提高。\n"
        "(三)下一步工作打算:一是加大政府信息公开宣传培训力度。\n"
    )
    assert items == [
        ("problems", "各科室对政府信息公开的认识不足,报送信息不够及时"),
        ("problems", "信息公开数量有待提高"),
        ("improvements", "加大政府信息公开宣传培训力度"),
    ]


def test_problems_joined_by_commas_inside_a_semicolon_list() -> None:
    items = _items(
        "五、存在的主要问题及下一步计划\n"
        "仍存在一些问题,表现为对《新条例》的学习理解有待深化,网站建设和综合服务能力有待进一步加强;"
        "“五公开”程度不够深入,公开的内容过于“动态化”。\n"
    )
    assert [t for k, t in items if k == "problems"] == [
        "对《新条例》的学习理解有待深化", "网站建设和综合服务能力有待进一步加强", "“五公开”程度不够深入", "公开的内容过于“动态化”",
    ]


def test_problems_listed_after_zhuyao_baokuo_before_the_measures_sentence() -> None:
    """存在一些问题和不足,主要包括A,B,C等。为…,针对存在问题主要采取以下改进措施:一是…: the turn is that sentence."""
    items = _items(
        "五、存在的主要问题及改进情况\n"
        "2020年,中心在政府信息公开工作方面取得一定成效,但仍然存在一些问题和不足,主要包括对政府信息公开工作的认识还不够深入,"
        "信息公开内容需要进一步深化,政府信息公开申请答复还需进一步规范等。\n"
        "为进一步做好本部门政府信息公开工作,针对存在问题主要采取以下改进措施:一是加强学习,进一步提高认识。二是加强组织领导。\n"
    )
    assert [t for k, t in items if k == "problems"] == [
        "对政府信息公开工作的认识还不够深入", "信息公开内容需要进一步深化", "政府信息公开申请答复还需进一步规范等",
    ]
    assert [t for k, t in items if k == "improvements"] == ["加强学习,进一步提高认识", "加强组织领导"]


def test_the_authority_and_the_principle_are_no_measures() -> None:
    items = _items(
        "五、存在的主要问题及改进情况\n存在的问题:信息公开不够及时。\n"
        "改进措施:2019年我局将以《条例》要求为依据,坚持“公开为原则,不公开为例外”的原则,认真梳理公开流程。\n"
    )
    assert [t for k, t in items if k == "improvements"] == ["认真梳理公开流程"]


def test_problems_listed_with_dunhao_after_zhuyao_biaoxian_zai() -> None:
    """The year reported on (2018年度,…取得了一定的成绩,但还存在一些不足) does not turn to the year ahead."""
    items = _items(
        "四、存在问题和不足\n"
        "2018年度,我局政府信息公开工作取得了一定的成绩,但还存在一些不足,主要表现在: 公开的信息量还有提升空间、"
        "公开的方式途径还要更加丰富多元、群众获取市场监管信息的便捷度、满意度还要进一步提高。\n"
    )
    assert items == [
        ("problems", "公开的信息量还有提升空间"),
        ("problems", "公开的方式途径还要更加丰富多元"),
        ("problems", "群众获取市场监管信息的便捷度、满意度还要进一步提高"),
    ]


def test_a_report_printed_without_section_numbers() -> None:
    """A paragraph that opens with '…存在的问题:' is section 五; '今后工作改进方向:' turns to the measures."""
    items = _items(
        "2021年我局按照《条例》要求,加强政府信息公开工作。\n"
        "2021年我局政府信息公开工作存在的问题:一是整体政务信息公开力度不够。二是部门工作动态公开工作力度还需要进一步加大。今后工作改进方向:\n"
        "一是提高认识,加大培训力度。\n二是夯实责任,建立考核制度。\n"
    )
    assert items == [
        ("problems", "整体政务信息公开力度不够"),
        ("problems", "部门工作动态公开工作力度还需要进一步加大"),
        ("improvements", "提高认识,加大培训力度"),
        ("improvements", "夯实责任,建立考核制度"),
    ]


def test_a_section_five_titled_by_its_measures_and_framing_of_the_next_stage() -> None:
    items = _items(
        "三、依申请公开信息情况\n收到信息公开申请事项0件。\n四、下一步改进措施\n"
        "2019年,研究所信息公开进一步提高,但在公开内容方面还有待进一步深化,公开形式方面也有待进一步拓宽。"
        "2019年将继续综合运用各种信息公开的平台和渠道,进一步加大信息主动公开的力度。\n"
    )
    assert [t for k, t in items if k == "problems"] == ["在公开内容方面还有待进一步深化", "公开形式方面也有待进一步拓宽"]
    assert _items("五、存在的主要问题及改进情况\n(一)存在问题\n标准还不够高,内容还不很全,信息更新还需要更加及时。\n"
                  "(二)改进措施\n针对工作中的不足,下阶段我镇将从以下三方面:一是加强培训。\n") == [
        ("problems", "标准还不够高"), ("problems", "内容还不很全"), ("problems", "信息更新还需要更加及时"),
        ("improvements", "加强培训"),
    ]


def test_guidance_authority_and_purpose_clauses_are_no_measures() -> None:
    items = _items(
        "五、存在的主要问题及改进情况\n存在的问题:信息公开形式还不够丰富。\n"
        "改进措施:植物所将在国家和中国科学院信息公开主管部门的指导下,继续严格贯彻落实《政府信息公开条例》和相关制度要求,"
        "拓展信息公开渠道,营造良好舆论氛围。\n"
    )
    assert [t for k, t in items if k == "improvements"] == ["拓展信息公开渠道,营造良好舆论氛围"]
