"""Regressions found on the tenth unseen set, section 五: a lead-in that names the problem before a numbered
list of measures, 接下来 as the turn to measures, and short texts without the concession or the cue."""

from __future__ import annotations

from extractor.narrative.extract import short_text
from tests.conftest import section_five_items


def test_a_lead_in_that_names_the_problem_before_a_list_of_measures() -> None:
    source = (
        "六、存在的主要问题和改进情况\n"
        "虽然今年公开的信息较上年增加了许多，但与群众的需求还存在差距，公开内容的全面性还需要在今后的工作中加以改进。\n"
        "1、进一步梳理政府信息，丰富公开内容。\n2、进一步拓宽公开渠道，方便群众获取信息。\n"
    )
    items = section_five_items(source)
    assert [part for part, _ in items] == ["problems", "improvements", "improvements"]
    assert items[0][1].startswith("虽然今年公开的信息")
    # a lead-in that only says measures follow is still no item
    assert [part for part, _ in section_five_items(
        "五、存在的主要问题及改进情况\n针对上述问题，下一步将采取以下措施：\n1、加强培训。\n2、完善制度。\n"
    )] == ["improvements", "improvements"]


def test_next_is_the_turn_to_measures() -> None:
    source = (
        "五、存在的主要问题及下步工作安排\n"
        "我局仍存在一些不足：一是公开的信息还不太全面；二是信息更新还不够及时。\n"
        "接下来，我们会强化网站安全建设，提高防护能力；按季度发布检测数据。\n"
    )
    assert [part for part, _ in section_five_items(source)] == ["problems", "problems", "improvements", "improvements"]


def test_short_texts_start_after_the_concession_and_the_cue() -> None:
    assert short_text("接下来，我们会强化网站安全建设，提高防护能力") == "强化网站安全建设，提高防护能力"
    assert short_text("下一步，我局将加强业务培训") == "加强业务培训"
    assert short_text("虽然信息量较上年增加了许多，但与群众的需求还存在差距", problem=True) == "与群众的需求还存在差距"
    assert short_text("今后") == "今后"


def test_the_last_problem_runs_on_into_the_measures() -> None:
    source = (
        "五、存在的主要问题及改进情况\n"
        "2023年，我局工作取得了一定成效，但也存在一些问题和不足：一是对规章制度的培训学习还有待加强；"
        "二是公开意识不强，公开的广度和深度不够。下一步，我局将深入学习贯彻《条例》，进一步加强业务培训\n"
    )
    assert section_five_items(source) == [
        ("problems", "对规章制度的培训学习还有待加强"),
        ("problems", "公开意识不强,公开的广度和深度不够"),
        ("improvements", "我局将深入学习贯彻《条例》"),
        ("improvements", "进一步加强业务培训"),
    ]


def test_a_lead_that_names_the_problem_before_a_list_that_meets_it() -> None:
    source = (
        "六、存在主要问题及改进措施\n"
        "2015年，我局的信息公开工作虽然取得了一定成绩，但同时也存在公开内容有待深化和规范的问题。\n"
        "（一）是健全各项工作制度。进一步完善信息公开工作机制。\n（二）是加强学习和培训。\n"
    )
    assert section_five_items(source) == [
        ("problems", "公开内容有待深化和规范"),
        ("improvements", "健全各项工作制度。进一步完善信息公开工作机制"),
        ("improvements", "加强学习和培训"),
    ]


def test_problems_named_by_a_negated_step_and_examples_after_ru() -> None:
    listed = section_five_items(
        "六、存在问题及改进措施\n"
        "全年完成了公开目标任务，但与公众的需求还存在差距。报送信息存在审查不严、栏目填报不完全、索取号填报不准确等问题。\n"
        "为此，我们将采取以下措施：\n（一）提高认识。\n（二）健全机制。\n"
    )
    assert [text for part, text in listed if part == "problems"][-3:] == ["审查不严", "栏目填报不完全", "索取号填报不准确"]
    examples = section_five_items(
        "三、政府信息公开工作存在的主要问题\n虽然取得了一定的成绩，但也存在一些不足，如信息发布不规范，信息发布未经领导审批，职权目录没上传网络等等。\n"
    )
    assert [text for _, text in examples] == ["信息发布不规范", "信息发布未经领导审批", "职权目录没上传网络等等"]


def test_a_clause_without_a_subject_stays_with_its_problem() -> None:
    listed = section_five_items(
        "五、存在的主要问题及改进情况\n虽然取得一定的成效，但仍然存在不足之处，主要是政策解读以文字为主，吸引力不够，不够生动易懂；"
        "信息公开的内容不够丰富。\n对以上问题，我局将进一步丰富政策解读形式。\n"
    )
    assert listed == [
        ("problems", "政策解读以文字为主,吸引力不够,不够生动易懂"),
        ("problems", "信息公开的内容不够丰富"),
        ("improvements", "进一步丰富政策解读形式"),
    ]


def test_a_report_without_headings_turns_to_its_problems_after_what_it_achieved() -> None:
    from extractor.normalize import normalize
    from extractor.segment import find_sections

    source = (
        "现将2013年工作情况报告如下：\n"
        "全年共上传信息385条。2013年，本镇政府信息公开工作取得了进展，但公开内容与公众的需求还存在一些差距，上传信息量偏少，"
        "上传不及时。结合存在的不足，考虑从以下几个方面进一步改进：\n1、拓展公开形式。\n2、加强学习和培训。\n"
    )
    assert [s.key for s in find_sections(normalize(source).text)] == ["problems"]
    items = section_five_items(source)
    # (还存在一些差距 alone is framing, as in 五 with a heading)
    assert items == [("problems", "上传信息量偏少"), ("problems", "上传不及时"), ("improvements", "拓展公开形式"), ("improvements", "加强学习和培训")]
    # a report whose text says it achieved something, but names no shortfall and no measure, has no section 五
    assert find_sections(normalize("全年工作取得了明显成效，但仍需继续努力。\n").text) == []


def test_difficulties_and_problems_and_a_list_run_on_after_its_title() -> None:
    listed = section_five_items(
        "三、存在的困难和问题\n2015年存在的主要问题为：个别单位认识不足，公开内容不全面，工作人员业务不强等问题。\n"
        "四、改进措施\n今后，我区将重点做好三个方面：一是加强组织领导；二是加强业务培训。\n"
    )
    assert [part for part, _ in listed] == ["problems"] * 3 + ["improvements"] * 2
    run_on = section_five_items(
        "五、存在的主要问题及改进情况\n2020年我署存在的主要问题一是沟通不足，对新的要求理解不够透彻；二是培训不够。\n"
    )
    assert [text for _, text in run_on] == ["沟通不足,对新的要求理解不够透彻", "培训不够"]


def test_we_will_improve_the_problems_above_is_framing() -> None:
    listed = section_five_items(
        "六、存在的主要问题及改进情况\n（一）存在问题：\n在公开的格式上不能完全规范，内容更新上做得还不够及时等。"
        "上述问题，我们将采取有力措施，在今后的工作中切实加以改进。\n（二）改进措施：\n把握公开重点，不断拓展覆盖面。\n"
    )
    assert not any("上述问题" in text for _, text in listed)


def test_what_still_needs_improving_is_a_problem_and_next_steps_title_the_measures() -> None:
    listed = section_five_items(
        "四、存在的问题\n2017年，我局在政府信息公开方面还有需要改进之处：一是公开内容不够全面；二是公开途径较为单一。\n"
        "五、下步工作安排\n2018年，我局将进一步充实公开内容，进一步完善公开制度。\n"
    )
    assert [part for part, _ in listed] == ["problems", "problems", "improvements", "improvements"]


def test_a_heading_whose_numeral_the_page_lost_still_opens_its_part() -> None:
    listed = section_five_items(
        "四、政府信息公开工作存在的主要问题及改进情况。\n()存在的主要问题。一是人员属于兼任，信息发布不够及时。\n"
        "()改进措施。一是尽量专人专办。二是加强经办人员培训。\n"
    )
    assert [part for part, _ in listed] == ["problems", "improvements", "improvements"]
