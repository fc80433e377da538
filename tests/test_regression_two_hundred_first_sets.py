"""Regressions found on the two-hundred-and-first to two-hundred-and-eleventh unseen sets (U201–U211): a section of
measures titled by the year and 信息公开工作改进措施 read as neither part; a turn to measures after a comma opened by
the year's work (在2017年的工作中) and a measure led by 以…为抓手 cut wrong; a gap said after 但 (但离…还有一定差距)
read as a problem; problems listed before 还存在C等问题 lost; a topic title ending in 情况。 and a status line
(截至…开设并正常运行…) read as platform work; a training and a platform measure joined at a comma read as one item;
platforms whose keepers were criticised (…进行了通报批评) read as platform work; a slogan (同部署、同检查、同落实) read
as an assessment; a count in 则 not read."""

from __future__ import annotations

from tests.conftest import rules_narrative

_ONE = "一、总体情况\n全年主动公开信息120条。\n"


def test_a_section_titled_by_the_year_and_its_measures_is_measures() -> None:
    n = rules_narrative(_ONE + "四、2019年信息公开工作改进措施\n2019年我局将以平台建设为抓手,完善信息发布审核办法,拓展信息公开渠道。\n")
    assert [m.evidence.quote for m in n.improvements] == ["以平台建设为抓手,完善信息发布审核办法", "拓展信息公开渠道"]


def test_a_turn_to_measures_in_the_next_years_work() -> None:
    n = rules_narrative(
        _ONE + "三、存在的主要问题和改进措施\n本年度栏目建设基本完成,但部分栏目内容更新不够及时,在2020年的工作中,本局将严格落实上级要求,"
        "健全信息发布机制,定期更新栏目内容。\n"
    )
    assert [p.evidence.quote for p in n.problems] == ["本年度栏目建设基本完成,但部分栏目内容更新不够及时"]
    assert [m.evidence.quote for m in n.improvements] == ["健全信息发布机制", "定期更新栏目内容"]


def test_a_gap_said_after_but_is_framing() -> None:
    n = rules_narrative(_ONE + "三、存在的主要问题和改进措施\n本年度信息公开工作有序开展,但离群众的期待还有一定差距。2020年将进一步拓宽公开渠道。\n")
    assert n.problems == []
    assert [m.evidence.quote for m in n.improvements] == ["2020年将进一步拓宽公开渠道"]


def test_problems_listed_before_one_more_named_by_cunzai() -> None:
    n = rules_narrative(_ONE + "四、存在的主要问题和改进措施\n(一)存在的主要问题\n公开内容不够全面,更新频率有待提高,还存在解读形式单一等问题。\n")
    assert [p.evidence.quote for p in n.problems] == ["公开内容不够全面", "更新频率有待提高", "还存在解读形式单一等问题"]


def test_the_cause_of_one_problem_is_no_problem_of_its_own() -> None:
    n = rules_narrative(_ONE + "五、存在的主要问题及改进情况\n由于兼职人员较少,存在信息更新不够及时的问题。\n")
    assert len(n.problems) == 1


def test_a_topic_title_ending_in_a_full_stop_is_no_work_item() -> None:
    n = rules_narrative(
        "一、总体情况\n(一)主动公开政府信息情况\n全年发布信息50条。\n(二)政务新媒体运行和监管情况。\n"
        "办公室安排专人对政务新媒体进行日常管理和常态化监管。\n"
    )
    assert [w.evidence.quote for w in n.platform_work] == ["办公室安排专人对政务新媒体进行日常管理和常态化监管"]


def test_what_runs_at_the_end_of_the_year_is_no_work_item() -> None:
    n = rules_narrative("一、总体情况\n截至2024年12月31日,本镇开设并正常运行政务新媒体2个,其中微信公众号1个、视频号1个。\n")
    assert n.platform_work == []


def test_a_training_and_a_platform_measure_at_a_comma_are_two_items() -> None:
    n = rules_narrative("一、总体情况\n积极参加县政府组织的政务公开业务培训,办公室落实专人维护门户网站,确保信息及时更新。\n")
    assert [w.kind for w in n.oversight] == ["training"]
    assert [w.kind for w in n.platform_work] == ["website"]
    assert n.oversight[0].evidence.quote == "积极参加县政府组织的政务公开业务培训"


def test_a_training_named_in_a_list_of_topics_splits_nothing() -> None:
    n = rules_narrative("一、总体情况\n在门户网站开设专栏,专栏设就业、社保、技能提升培训、失业补助金四个专题。\n")
    assert n.oversight == []


def test_platform_keepers_criticised_is_oversight() -> None:
    n = rules_narrative(
        "一、总体情况\n全年两次下发网站留言办理及政务微博工作开展情况通报,对留言超时办理的单位进行了通报批评。\n"
    )
    assert [w.kind for w in n.oversight] == ["accountability"]
    assert n.platform_work == []


def test_a_slogan_of_doing_things_together_is_no_assessment() -> None:
    n = rules_narrative("一、总体情况\n一是组织领导有力。把政务公开工作列入重要议事日程,与业务工作同部署、同检查、同落实。\n")
    assert n.oversight == []


def test_a_count_in_ze() -> None:
    n = rules_narrative("一、总体情况\n公开行政处罚信息12件(按月公开,共计75则)。\n")
    assert 75 in [f.value for f in n.all_counts()]


def test_applications_counted_without_their_unit_in_a_statistics_line() -> None:
    n = rules_narrative("三、依申请公开情况\n1.申请情况。政府信息公开申请数为326,全部为当面申请。\n2.申请办结情况。申请办结数为326。\n")
    assert [f.value for f in n.all_counts()] == [326, 326]


def test_a_zero_in_a_statistics_line_is_left_to_the_zero_rules() -> None:
    n = rules_narrative("一、总体情况\n全年发布信息20条。2022年度收到和处理政府信息公开申请数量为0。\n")
    assert [(f.value, f.unit) for f in n.all_counts()] == [(20, "条"), (0, "件")]  # read once, as a zero
