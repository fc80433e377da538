"""Regressions found by the review of this stop's rule changes (each checked against the code before it):

- a line that starts with a decimal (1.5倍) is no numbered heading;
- the wider window of a zero statement is only for 未收到/未接到/未受理…申请, never for a bare 无 (无纸化);
- a published bulletin (情况通报30期) is no oversight; 开放日常态化 is an open day, 数据开放日益 is none;
- a breakdown of events done (其中专题培训2次、专项检查3次) still names them;
- a measure's actor cut by a PDF wrap (我局\\n将在…) leaves the measure's start where the words are;
- the year cue needs 将/拟/计划/要 itself, not the 要 of 主要 or 重要;
- the parts after 其中 following a colon are of the whole's channel;
- a problem named before a list of problems in the same sentence is an item, and a piece of the list that names
  none belongs to the next (个别单位…认识不足,存在积极性、主动性不够,…等问题).
"""

from __future__ import annotations

from extractor.narrative.items import paragraphs, sentence_part
from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules
from tests.conftest import section_five_items


def test_a_decimal_at_a_line_start_is_no_heading() -> None:
    text = "全年主动公开信息同比增长了约\n1.5倍,均按\n时完成。\n"
    assert [text[a:b] for a, b in paragraphs(text, 0, len(text))] == ["全年主动公开信息同比增长了约\n1.5倍,均按\n时完成。"]


def test_no_false_zero_and_no_bulletin_as_oversight() -> None:
    n = _rules(
        "一、总体情况\n(一)主动公开\n全年发布疫情防控情况通报30期。全面推行无纸化办公模式,统一规范受理政府信息公开申请。\n"
    )
    assert [f.value for f in n.proactive_counts] == [30]
    assert n.application_counts == [] and n.oversight_counts == []


def test_open_days_and_breakdowns_of_events() -> None:
    assert work_label("推动政府开放日常态化开展", "overview") == ("platform", "open_day")
    assert work_label("数据开放日益规范,开设数据专栏", "overview") == ("platform", "website")
    assert work_label("全年组织业务活动5次,其中专题培训2次、专项检查3次", "overview") == ("oversight", "training")


def test_an_actor_cut_by_a_wrap_and_the_year_cue() -> None:
    items = section_five_items(
        "四、存在的主要问题及改进措施\n目前,我局信息公开工作的重视度还不够。\n"
        "下一步,我局\n将在继续做好常规信息公开的基础上,及时公开民众关心的政府信息。\n"
    )
    assert items[-1] == ("improvements", "在继续做好常规信息公开的基础上,及时公开民众关心的政府信息")
    assert sentence_part("2022年度,信息公开的重要性认识不到位") == "problems"
    assert sentence_part("2023年,我局将进一步加强培训") == "improvements"


def test_the_parts_after_a_colon_and_a_list_of_problems() -> None:
    n = _rules("一、总体情况\n(一)主动公开\n网站主动公开信息131条:其中办事指南3条,通知公告7条。\n")
    assert {f.evidence.quote: f.channel for f in n.proactive_counts}["通知公告7条"] == "门户网站"
    items = section_five_items(
        "三、存在的困难和问题\n2015年政府信息公开工作中存在的主要问题为:个别单位对政府信息公开工作重要性认识不足,"
        "存在积极性、主动性不够,公开内容不全面,工作人员业务不强等问题。\n"
    )
    assert [text for _, text in items] == [
        "个别单位对政府信息公开工作重要性认识不足",
        "积极性、主动性不够",
        "公开内容不全面",
        "工作人员业务不强",
    ]
