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
