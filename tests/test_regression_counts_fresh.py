"""Regressions found on a fresh set of unseen reports: numbers that name, zero statements about corrections,
and the list a figure goes to."""

from __future__ import annotations

from extractor.narrative.numbers import find_figures
from extractor.narrative.rules import figure_category


def _values(text: str) -> list[tuple[int | float, str | None]]:
    return [(f.value, f.unit) for f in find_figures(text)]


def test_numbers_that_name_are_not_counts() -> None:
    assert _values("及时发布三个安全、三个环境、三个质量、食品安全综合协调等重点领域信息") == []
    assert _values("建立“三个一”工作机制，开通两个微信公众号") == [(2, "个")]
    assert _values("本报告由总体情况、其他需要报告的事项六个部分组成。") == []
    assert _values("本报告由6部分组成。") == []
    # the same numeral twice is still two counts
    assert _values("开通两个公众号、两个抖音号") == [(2, "个"), (2, "个")]


def test_no_review_corrected_the_body_is_not_no_review() -> None:
    assert _values("没有出现被投诉举报、行政复议及行政诉讼纠错的情况") == []
    assert [(f.quantity, f.value) for f in find_figures("未发生行政复议和行政诉讼")] == [("行政复议", 0), ("行政诉讼", 0)]


def _category(text: str, section: str = "overview") -> str:
    (figure,) = find_figures(text)
    return figure_category(figure, section, text)


def test_the_list_a_figure_goes_to() -> None:
    assert _category("共受理各类服务事项144350件") == "other"
    assert _category("共受理政府信息公开申请12件") == "application"
    assert _category("明确专人1名具体负责日常政府信息公开工作") == "other"
    assert _category("共计发布微博4380篇") == "proactive"
    assert _category("开通政务微博3个") == "platform"


def test_figures_in_brackets_after_their_names() -> None:
    text = "主动公开信息（政府信息公开网站(108条)、《罗家信息》(3期)、公开栏(35条)）"
    assert [(f.quantity, f.value, f.channel) for f in find_figures(text)] == [
        ("政府信息公开网站", 108, "门户网站"), ("《罗家信息》", 3, None), ("公开栏", 35, "公开栏"),
    ]


def test_zero_statements_name_what_the_report_names() -> None:
    (fee,) = find_figures("本年度未收取任何费用。")
    assert (fee.quantity, fee.value, fee.unit) == ("收取任何费用", 0, "元")
    (application,) = find_figures("全年未接到群众要求公开的信息。")
    assert (application.quantity, application.value) == ("政府信息公开申请", 0)
    assert _values("未收到与依法申请公开工作有关的举报和投诉") == []
    assert _values("无法提供29件;不属于政府信息1件") == [(29, "件"), (1, "件")]


def test_aspects_and_one_person_named_for_a_duty_are_not_counts() -> None:
    from extractor.narrative.rules import figure_is_count

    assert _values("我局下一步将从以下两个方面改进") == []
    assert [figure_is_count(f) for f in find_figures("确定1名分管领导具体负责，每个局属单位设置1名信息联络员")] == [False, False]
    assert _category("配备了3名专职工作人员") == "other"


def test_events_answers_and_published_items_by_their_words() -> None:
    assert _category("开展“政府开放日”活动4次") == "other"
    assert _category("2024年共答复各类咨询19件", "overview.on_request") == "proactive"
    assert _category("共承办市级人大代表建议5件") == "proactive"
    assert _category("发布涉企行政检查信息7条") == "proactive"
    assert _category("价格收费类信息52条") == "proactive"


def test_prose_counts_beside_table_row_names_are_not_debris_and_debris_is_shown() -> None:
    from extractor.llm.prompts import load_prompt
    from extractor.load import load_text
    from extractor.narrative.extract import NarrativeExtractor
    from extractor.report import extract_document

    text = (
        "一、总体情况\n(一)主动公开情况\n通过政府网站发布财政预决算,其中预算公开15条,决算公开15条。"
        "全年卫生健康领域行政处罚399条,行政许可1288条。\n(二)依申请公开情况\n依法依规做好依申请公开工作,严格按照规定时限答复。\n"
        "(三)政府信息管理\n规章007件规范性文件7777166件行政许可396442278件\n"
    )
    n = extract_document(load_text(text), NarrativeExtractor(load_prompt("narrative@v2"))).narrative
    assert n is not None
    assert [(f.quantity, f.value) for f in n.all_counts()] == [
        ("预算公开", 15), ("决算公开", 15), ("卫生健康领域行政处罚", 399), ("行政许可", 1288),
    ]
    assert n.dropped and all(d.code == "table_debris" for d in n.dropped)  # counted and shown, not silent


def test_sizes_before_and_after_a_simplification_are_not_counts() -> None:
    assert _values("审批流程由原来的11条精简为5条") == []
    assert _values("提交的材料由原来的12项精简为7项") == []
    assert _values("精简需市场主体提供的申请材料16项") == [(16, "项")]


def test_more_units_and_words_of_the_lists() -> None:
    assert _values("共受理依申请政府信息公开事项17例") == [(17, "例")]
    assert _category("转下一年办理0件", "overview.on_request") == "application"
    assert _category("2019年维护栏目数为5个") == "platform"
    assert _category("涉及资金734万元") == "other"
    (fee,) = find_figures("未对公众提出依申请公开收取任何费用。")
    assert (fee.value, fee.unit) == (0, "元")


def test_frequencies_and_audiences_are_not_counts() -> None:
    assert _values("按照要求坚持一周更新两次以上") == []
    from extractor.narrative.rules import figure_is_count

    assert [figure_is_count(f) for f in find_figures("累计播放量60万余次")] == [False]
    assert _category("政府开放日信息37条") == "proactive"
    assert _category("开展“政府开放日”活动4次") == "other"


def test_words_after_a_figure_that_opens_its_clause_name_it() -> None:
    assert [(f.quantity, f.value) for f in find_figures("其中26件已在限期内答复申请人,1件还在答复限期内。")] == [
        ("已在限期内答复申请人", 26), ("还在答复限期内", 1),
    ]
    assert _category("2件正在复议机关审理中") == "review_litigation"
    assert _values("省委十二届六次全会") == []  # an ordinal
    (fee,) = find_figures("我镇未进行过政府信息公开收费。")
    assert (fee.value, fee.unit) == (0, "元")


def test_years_beside_table_row_names_are_not_debris() -> None:
    from extractor.llm.prompts import load_prompt
    from extractor.load import load_text
    from extractor.narrative.extract import NarrativeExtractor
    from extractor.report import extract_document

    text = "一、总体情况\n(一)主动公开。2023年,我镇主动公开政府信息152条,制定规范性文件0件,办理行政许可0件。\n"
    n = extract_document(load_text(text), NarrativeExtractor(load_prompt("narrative@v2"))).narrative
    assert n is not None
    assert [(f.quantity, f.value) for f in n.all_counts()] == [("我镇主动公开政府信息", 152), ("制定规范性文件", 0), ("办理行政许可", 0)]
    assert n.dropped == []
