"""Regressions found on the hundred-and-seventy-second to hundred-and-seventy-fifth unseen sets (U172–U175): figures
a page prints on lines of their own inside a sentence (主动公开本部门政府信息\n7\n条, 201\n7\n年) not read, and a training
named in a list of published items joined by commas (主要公开了…,技能提升培训补贴,…等一批…政府信息) read as one held."""

from __future__ import annotations

from extractor.normalize import normalize
from tests.conftest import rules_narrative

_SPLIT = (
    "二、主动公开政府信息情况\n201\n7\n年,通过网站办理答复公众咨询、建议、投诉2件,主动公开本部门政府信息\n7\n条,其中人事信息\n2\n条、"
    "资金信息\n1\n条。\n三、依申请公开政府信息和不予公开政府信息情况\n"
)


def test_figures_on_lines_of_their_own_run_on_into_their_units() -> None:
    n = normalize(_SPLIT)
    assert n.text.startswith("二、主动公开政府信息情况\n2017年,")  # (the heading keeps its line)
    assert "政府信息7条,其中人事信息2条、资金信息1条。" in n.text
    i = n.text.index("7条")
    assert _SPLIT[n.source_span(i, i + 2).start : n.source_span(i, i + 2).end] == "7\n条"
    assert [(f.value, f.unit) for f in rules_narrative(_SPLIT).all_counts()][1:] == [(7, "条"), (2, "条"), (1, "条")]


def test_a_number_line_between_sentences_stays_a_line() -> None:
    assert normalize("全年发布信息30条。\n12\n(二)依申请公开\n").text == "全年发布信息30条。\n12\n(二)依申请公开\n"


def test_a_training_in_a_list_of_published_items_joined_by_commas() -> None:
    n = rules_narrative(
        "一、总体情况\n日常事务主要公开了事业单位公开招聘公告,笔试、面试、体检结果,招聘信息,技能提升培训补贴,行政许可公示以及新出台的"
        "政策文件等一批群众关注度高的政府信息。\n"
    )
    assert n.oversight == []
    # (a training held beside what was published stays one)
    n = rules_narrative("一、总体情况\n主要公开了招聘公告、体检结果等信息,组织开展政务公开业务培训2次。\n")
    assert [w.kind for w in n.oversight] == ["training"]
