"""Regressions found on the hundred-and-sixty-first to hundred-and-seventy-first unseen sets (U161–U171): a training
read in a list of published information that goes on after 以及 (…等发放数据,以及农村劳动力转移就业、技能培训等惠民信息);
the enterprises a briefing reached and the awards a site won counted as figures (覆盖企业10家, 等4个奖项); a plan that
opens with the next year and 要 (2019年,我局要…:一是…) and a section titled 今年的工作计划 not read as measures; a topic
page built (搭建/建设…专题) beside a count of what it shows not read as platform work; who checks (纪委负责督查) read as a
check held."""

from __future__ import annotations

from tests.conftest import rules_narrative


def test_a_list_of_published_items_goes_on_after_yiji() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开\n在重点工作公开上,及时公开特色产业发展等情况;社会保障领域公开低保金、特困供养金、"
        "高龄补贴等发放数据,以及农村劳动力转移就业、技能培训等惠民信息。\n"
    )
    assert n.oversight == []
    # (a training held after 以及 stays one)
    n = rules_narrative("一、总体情况\n(一)主动公开\n及时公开低保金、高龄补贴等发放数据,以及组织开展政务公开业务培训2次。\n")
    assert [w.kind for w in n.oversight] == ["training"]


def test_enterprises_reached_are_not_a_figure() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n开展政策宣讲117场,覆盖群众5764人;组织法律政策专题宣讲会2场,覆盖企业10家。\n")
    assert [f.value for f in n.all_counts()] == [117, 2]


def test_awards_are_not_a_figure() -> None:
    n = rules_narrative(
        "一、总体情况\n在绩效评估中,我市获得“一服务两公开”优秀网站单位、政府信息公开领先网站单位等4个奖项。全年发布信息300条。\n"
    )
    assert [f.value for f in n.all_counts()] == [300]


def test_a_plan_opening_with_the_next_year_and_yao() -> None:
    n = rules_narrative(
        "一、围绕重点工作,着力推进主动公开。信息及时有效,反映人民关切问题。\n\n二、加强信息查阅场所建设。依托图书馆设立查阅场所。\n\n"
        "2019年,我局要加大信息公开力度,突出抓好以下四个方面工作:一是突出重点,集中力量做好重点工作;二是健全完善各项制度,"
        "确保工作规范有序推进;三是开展监督检查活动,促进窗口单位服务上水平。\n"
    )
    assert [m.evidence.quote for m in n.improvements] == [
        "突出重点,集中力量做好重点工作", "健全完善各项制度,确保工作规范有序推进", "开展监督检查活动,促进窗口单位服务上水平",
    ]
    assert n.oversight == []


def test_this_years_plan_is_section_five() -> None:
    n = rules_narrative(
        "一、概述\n本年度公开各类政务信息57条。\n三、主要存在问题\n公开内容需扩大范围。目前公开的政务信息与公众的需求仍有差距。\n"
        "四、今年的工作计划\n1、做好信息公开宣传,努力营造政府信息公开的良好氛围。\n2、加大信息公开力度,丰富政务信息公开的内容。\n"
    )
    assert len(n.improvements) == 2 and n.improvements[0].evidence.quote.startswith("做好信息公开宣传")


def test_a_topic_page_built_beside_a_count_of_what_it_shows() -> None:
    for sentence in (
        "搭建“政策解读”专题,展现多种解读形式,并将“政策问答平台”纳入解读专题,累计发布政策解读115条",
        "建设共同富裕专题,集中展示示范区建设成果和典型案例26条",
    ):
        n = rules_narrative(f"一、总体情况\n(一)主动公开\n全年发布信息300条。{sentence}。\n")
        assert [w.kind for w in n.platform_work] == ["website"], sentence
    # (a publicity campaign on a topic and a meeting that studied one are no topic page)
    for sentence in ("开展了自贸区、开发区建设的专题宣传", "政府常务会议专题研究了政务公开工作"):
        assert rules_narrative(f"一、总体情况\n(一)主动公开\n全年发布信息300条。{sentence}。\n").platform_work == [], sentence


def test_who_checks_is_no_check_held() -> None:
    for sentence in (
        "我镇政务信息公开由党委统一领导,政府主抓,人大监督,纪检督查协调,各职能科室参与",
        "各科室提供政务公开材料,办公室负责汇总、整理、更新、布置和归档,纪委负责督查",
    ):
        assert rules_narrative(f"一、总体情况\n2017年,我镇持续推进政务公开。{sentence}。\n").oversight == [], sentence
