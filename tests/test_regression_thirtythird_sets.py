"""Regressions found on the thirty-third and thirty-fourth unseen sets (sections 一 of street offices, towns and
county governments; short sections 五):

- a printed zero after the reviews and suits it counts (行政复议、行政诉讼0件) is one zero each;
- the field of a ranking (在重庆40个区县政府网站年度考评中排名第七) and a numbered programme (21个试点领域) are no
  counts, nor are the bodies in brackets after a count of items (日常工作情况240条(街道11个科室以及4个社区));
- 积极开展工作 names no measure;
- staff named for the columns and their training (配置专人负责相关栏目公开事项,定期开展专题培训) is training;
- the title of a topic the report answers (利用政府门户网站…“双公开”的情况) is no item;
- law enforcement's inspections (行政检查13件) are no oversight;
- articles of a law (《条例》第9至12条) are no count, and the verb of the next clause names nothing (政府公报3期建立“文件库”);
- a numbered title on a line of its own ((六)开展教育培训,提升业务能力) heads the paragraph below it: one point, whose
  text is the words below the title unless only the title names the kind of work; a topic title (…的建设情况) is none,
  also when run into its paragraph;
- 政府公开日 is an open day too.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def _counts(source: str) -> list[tuple[str, float]]:
    n = _rules(source)
    keys = ("proactive_counts", "application_counts", "review_litigation_counts", "platform_counts", "other_counts")
    return [(f.quantity, f.value) for k in keys for f in getattr(n, k)]


def test_a_zero_printed_after_reviews_and_suits() -> None:
    got = _counts("一、总体情况\n(二)依申请公开情况。2025年,我镇收到政府信息公开申请0件,发生政府信息公开类行政复议、行政诉讼0件。\n")
    assert sorted(v for _, v in got) == [0, 0, 0]
    assert sum("复议" in q for q, _ in got) == 1 and sum("诉讼" in q for q, _ in got) == 1


def test_rankings_programmes_and_bodies_in_brackets_are_no_counts() -> None:
    got = _counts(
        "一、基本情况\n奉节县人民政府网站在2010年度重庆40个区县政府网站年度考评中排名第七。全年公开21个试点领域相关信息。"
        "通过网站公开信息346条,内容包括日常工作情况240条(街道11个科室以及4个社区)。\n"
    )
    assert [v for _, v in got] == [346, 240]


def test_work_items_of_the_thirty_third_set() -> None:
    n = _rules(
        "五、存在的主要问题及改进情况\n我公司存在信息公开时效不及时等问题。下一步,我公司将按照市政府信息公开办要求,积极开展工作,"
        "加大《公开条例》学习贯彻力度。\n"
    )
    assert [p.evidence.quote for p in n.improvements] == ["加大《公开条例》学习贯彻力度"]
    assert work_label("配置专人负责相关栏目公开事项,定期开展专题培训,提升人员公开意识和能力", "overview") == ("oversight", "training")
    assert work_label("利用政府门户网站持续推进企业信用信息公开、行政许可和行政处罚“双公开”的情况", "overview") is None
    assert work_label("2025年行政检查13件,巡查巡检703件,下达责令改正通知书561份", "overview") is None
    assert work_label("定期对各科室开展政务公开工作检查", "overview") == ("oversight", "assessment")


def test_article_ranges_and_the_next_clauses_verb() -> None:
    got = _counts(
        "一、概述\n按照《条例》第9至12条规定的主动公开政府信息范围,2020年公开重大会议信息90余条,政府常务会议信息13条,"
        "政府公报3期建立“文件库”统一发布规范性文件。\n"
    )
    assert got == [("公开重大会议信息", 90), ("政府常务会议信息", 13), ("政府公报", 3)]


def test_a_title_on_its_own_line_heads_its_paragraph() -> None:
    n = _rules(
        "一、总体情况\n(一)加强信息管理\n严格执行信息公开前保密审查制度。\n"
        "(六)开展教育培训,提升业务能力\n将《条例》及配套制度纳入干部日常学习,组织专题培训2次。\n"
    )
    assert [(w.kind, w.evidence.quote[:8], w.text[:8]) for w in n.oversight] == [("training", "开展教育培训,提", "将《条例》及配套")]
    n = _rules("一、总体情况\n(三)平台建设\n3.优化完善信息公开栏目\n根据《浙江省人民政府办公厅关于进一步推进社会公益事业建设领域政府信息公开工作的通知》要求。\n")
    assert [(w.kind, w.text) for w in n.platform_work] == [("website", "优化完善信息公开栏目")]


def test_a_government_open_day_and_a_topic_title_run_into_its_paragraph() -> None:
    assert work_label("东山街道举办“政府公开日”活动,邀请群众代表参加", "overview") == ("platform", "open_day")
    assert work_label("公开综合监管和监察执法信息的情况2025年开展政务公开培训2次", "overview") == ("oversight", "training")
