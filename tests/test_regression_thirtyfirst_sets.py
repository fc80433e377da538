"""Regressions found on the thirty-first and thirty-second unseen sets (sections 一 of towns, street offices and
departments; short old reports with 五):

- a clause that only points back at the problems (对于这些问题和不足,下一步…) is no problem, and 需要持续加强 names one;
- a lone problem sentence splits at its coordinated problems even when a back-pointing clause follows it;
- 我们在今年的工作中 and a bare 将进一步改进 name no measure; the result a measure serves (进一步提高…业务水平,
  增强工作透明度, 全面推进…工作) stays with it;
- 稳步解决当前面临的问题 names no problem;
- 百余条 is about a hundred; a remark in brackets between a count and its name (信息(包括:…)共1631条) is skipped;
- a figure printed without its name right after a named one (分别发布信息353条、542条; 189期,713条) counts the same
  thing, each medium in its place after 分别; 政务新媒体微信公众号 is the WeChat account;
- a printed zero with its unit (受理数量为0件) is one fact, not two; 上年无结转 is none of the zero quantities;
- a number that counts the ideas listed just before it (平台、队伍、制度三个层次) names them;
- a division of duties (明确办公室为门户网站的维护部门,负责…改版…) is no platform work, a purpose a sentence opens with
  (为…,保障门户网站信息更新及时,) does not decide its kind, and 规范性文件 is no work on a platform;
- a page that prints no heading for its problems part (…也存在一些不足,主要表现在:一是…) still has one.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def _items(source: str) -> dict[str, list[str]]:
    n = _rules(source)
    return {k: [p.evidence.quote for p in getattr(n, k)] for k in ("problems", "improvements")}


def test_a_clause_pointing_back_at_the_problems_is_no_problem() -> None:
    got = _items(
        "三、存在的不足\n市水利局政务信息公开工作虽然取得了一定的成绩,但在实践过程中还存在一些问题,具体表现在对政务公开工作的"
        "重要性认识不足,政务信息公开的规范化有待进一步提高,政务信息公开的基础性工作需要持续加强。对于这些问题和不足,下一步,"
        "我局将全面推进信息公开体系和公开载体规范化、标准化建设,进一步提升政务信息公开水平。"
    )
    assert got["problems"] == [
        "对政务公开工作的重要性认识不足", "政务信息公开的规范化有待进一步提高", "政务信息公开的基础性工作需要持续加强",
    ]
    assert got["improvements"] == ["全面推进信息公开体系和公开载体规范化、标准化建设,进一步提升政务信息公开水平"]  # (what it serves)


def test_leads_and_results_are_no_measures_of_their_own() -> None:
    got = _items(
        "五、信息公开工作存在的主要问题及改进情况\n信息公开工作主要存在公开不及时、缺乏专人员管理等问题。我们在今年的工作中,"
        "将进一步改进,做到信息公开及时、准确、规范,加强信息公开工作人员的业务培训。\n"
    )
    assert got["improvements"] == ["做到信息公开及时、准确、规范", "加强信息公开工作人员的业务培训"]
    got = _items(
        "五、存在的问题及改进措施\n我局信息公开工作还存在认识不到位,公开还不全面等问题。下步,我局将严格按照《条例》的总体要求,"
        "做到主动公开、应公开尽公开,全面深入推进农业信息公开工作。\n"
    )
    assert got["improvements"] == ["做到主动公开、应公开尽公开,全面深入推进农业信息公开工作"]
    got = _items("五、存在的问题及改进措施\n宣传力度不大。下一步我们将加强有关人员培训,进一步提高信息工作人员的业务水平,更好地服务社会公众。\n")
    assert got["improvements"] == ["加强有关人员培训,进一步提高信息工作人员的业务水平,更好地服务社会公众"]


def test_solving_the_problems_names_none() -> None:
    got = _items(
        "三、存在的主要问题及下一步工作打算\n政府信息公开工作是一项长期的、艰巨的、复杂的系统工程,既要借鉴发达地区的先进经验,"
        "又要立足我市的实际情况,有计划、有步骤的进行,稳步解决当前面临的问题。\n"
    )
    assert got == {"problems": [], "improvements": []}


def _counts(source: str) -> list[tuple[str, float, str | None]]:
    n = _rules(source)
    return [
        (f.evidence.quote, f.value, f.channel)
        for k in ("proactive_counts", "application_counts", "platform_counts", "other_counts")
        for f in getattr(n, k)
    ]


def test_about_a_hundred_and_a_remark_in_brackets() -> None:
    got = _counts("一、总体情况\n(一)政府信息公开情况\n我局按照要求主动及时公开信息百余条,内容覆盖财政收支执行。\n")
    assert [(q, v) for q, v, _ in got] == [("我局按照要求主动及时公开信息百余条", 100)]
    got = _counts("一、总体情况\n(三)主动公开\n2021年本局本级累计发布各类信息(包括:天气预报、预警信号、公众服务信息)共1631条。\n")
    assert [(q, v) for q, v, _ in got] == [("2021年本局本级累计发布各类信息(包括:天气预报、预警信号、公众服务信息)共1631条", 1631)]


def test_figures_named_once_for_several() -> None:
    got = _counts("一、总体情况\n(一)主动公开\n管委会官方网站和政务新媒体微信公众号“福州自贸区”分别发布信息353条、542条。\n")
    assert [(v, c) for _, v, c in got] == [(353, "门户网站"), (542, "微信公众号")]
    got = _counts("一、总体情况\n(一)主动公开\n“弥勒市图书馆”微信公众号共计发布信息189期,713条,阅读量达4.6万次。\n")
    assert [v for _, v, _ in got] == [189, 713]


def test_one_printed_zero_and_last_years_carry_over() -> None:
    got = _counts("一、总体情况\n(二)依申请公开\n未收到任何政府信息公开申请,依申请公开受理数量为0件。\n")
    assert [(q, v) for q, v, _ in got] == [("未收到任何政府信息公开申请", 0), ("依申请公开受理数量为0件", 0)]
    got = _counts("一、总体情况\n(二)依申请公开\n全年收到政府信息公开申请5件,其中3件完成办结,上年无结转。\n")
    assert [v for _, v, _ in got] == [5, 3]


def test_a_number_counting_the_ideas_just_listed_names_them() -> None:
    got = _counts(
        "一、总体情况\n(一)组织协调\n完善政府信息公开平台、队伍、制度三个层次建设,加快决策、执行、管理、服务四个领域提升。"
        "对大箐、海子两个贫困村公开扶贫资金信息12条。\n"
    )
    assert [v for _, v, _ in got] == [2, 12]


def test_duties_purposes_and_normative_documents() -> None:
    assert work_label("明确办公室为门户网站的维护部门,负责网站的规划、设计、改版、信息审核和发布、日常管理等具体事宜", "overview") is None
    assert work_label("监察室为网站管理的监督部门,负责监督检查和责任追究", "overview") is None
    sentence = (
        "为有效获取各类信息资源,保障门户网站信息更新及时、可靠,我委专门对委各处室、下属单位制定考核办法,"
        "每2个月对报送情况进行一次统计公布"
    )
    assert work_label(sentence, "overview") == ("oversight", "assessment")
    assert work_label("为推动政府网站集约化建设,开设了区政府网下属子网页,设立政府信息公开指南等四个板块", "overview.platforms") == (
        "platform", "website",
    )
    assert work_label("在市政府网站规章库、规范性文件库对现行有效的规章、规范性文件集中公开", "overview.info_management") is None


def test_a_problems_part_printed_without_its_heading() -> None:
    got = _items(
        "从总体来看,运行状况较好,但是也存在一些不足,主要表现在:\n\n一是少数单位主动公开的内容尚不能满足公众的需求;\n\n"
        "二是公共服务类信息公开数量相对较少;\n\n三是公开形式需进一步优化。\n\n针对以上存在的问题,2014年采取如下措施加以改进:\n\n"
        "一是加大政府信息主动公开力度。增加主动公开政府信息的数量。\n\n二是改进依申请公开政府信息服务。拓宽受理渠道。\n"
    )
    assert got["problems"] == ["少数单位主动公开的内容尚不能满足公众的需求", "公共服务类信息公开数量相对较少", "公开形式需进一步优化"]
    assert [q[:11] for q in got["improvements"]] == ["加大政府信息主动公开力", "改进依申请公开政府信息"]
