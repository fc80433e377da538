"""Regressions of the numbered sub-heading glued to the sentence after it (seed report 004's summary read
``…主动公开2022年，乳山寨镇全年主动公开…``): a line such as ``(一)主动公开`` or ``4.政府信息公开平台建设`` is a
heading, never the start of a sentence that wraps onto the next line; and what the separated heading showed:

- a paragraph titled by the channel it is about (利用政府网站方式。在…网站发布…) is one item with its detail;
- the categories of a count's breakdown (其中…政府督查件20件、…行政检查4项) are what was counted, not oversight.
"""

from __future__ import annotations

from extractor.narrative.items import paragraphs
from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def _double_spaced(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def test_a_numbered_heading_is_its_own_paragraph_in_double_spaced_text() -> None:
    text = _double_spaced(
        [
            "一、总体情况",
            "2022年,本镇按照《中华人民共和国政府信息公开条例》要求,切实加强组织领导,突出重点领域信息公开,及时回应",
            "社会关切,保障公众的知情权、参与权和监督权。",
            "(一)主动公开",
            "2022年,本镇全年主动公开政府信息129条。(其中官方微信公众号发布72条)。",
            "(二)依申请公开",
            "本镇严格按照提出申请、申请受理、申请处理的流程做好依申请公开工作。",
            "(三)政府信息管理",
            "1.强化组织领导,健全工作机制。成立了政务公开工作领导小组,对政务公开工作进行组织领导、协调推进。",
        ]
    )
    paras = [text[a:b] for a, b in paragraphs(text, 0, len(text))]
    assert "(一)主动公开" in paras
    assert "2022年,本镇全年主动公开政府信息129条。(其中官方微信公众号发布72条)。" in paras
    assert "(二)依申请公开" in paras
    assert not any(p.startswith("(一)主动公开2022") for p in paras)


def test_a_heading_on_its_own_line_is_not_part_of_the_work_item() -> None:
    n = _rules(
        "一、总体情况\n"
        "1.主动公开政府信息情况\n"
        "本镇2023年新增主动公开政府信息130条。\n"
        "4.政府信息公开平台建设\n"
        "利用政府网站方式。在县政府门户网站、本镇政府网站发布各类政府信息,并做到网站内容及时更新,提供查询服务。\n"
        "二、主动公开政府信息情况\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [
        ("website", "利用政府网站方式。在县政府门户网站、本镇政府网站发布各类政府信息,并做到网站内容及时更新,提供查询服务"),
    ]


def test_the_categories_of_a_breakdown_are_not_oversight() -> None:
    assert work_label("回应公众关注热点和舆情448件,其中人民网5件、政府督查件20件、市长热线及市长信息423件", "overview") is None
    assert work_label("我办健全并公开政府行政权责清单41项,其中行政处罚7项、行政征收1项、行政检查4项、其他行政权力12项", "overview") is None
    assert work_label("全年开展督查3次,其中专项督查2次、暗访1次", "overview") == ("oversight", "assessment")
