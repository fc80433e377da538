"""Regressions found on the thirty-fifth and thirty-sixth unseen sets (section 一 of street offices, towns and
county governments):

- a fee zero said of every applicant (未向任何公民、法人或者其他组织收取政府信息公开费用) is a zero fee;
- no cost of suits (无与诉讼(行政复议,行政诉讼)有关的费用支出) is no zero suit, but 未产生相关诉讼,没有相应费用支出 is;
- a zero printed for the reviews and suits both (进入行政复议程序和行政诉讼程序均为0件) is one zero each;
- the verb of the next clause names no count (专题会议49次加强政民互动);
- an award won (获省第三方检查优秀单位) and a rate reached (解读率达到100%) are outcomes, not work; maintaining a topic page
  (常态化维护“…”专题) is website work; what a board publishes (对…群众评议实绩等信息进行公示) is no oversight.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def _zeros(source: str) -> dict[str, list[str]]:
    n = _rules(source)
    return {k: [f.quantity for f in getattr(n, k)] for k in ("review_litigation_counts", "fees")}


def test_fees_and_the_cost_of_suits() -> None:
    got = _zeros(
        "一、总体情况\n2.依申请公开情况:2023年,我街道共受理政府信息公开申请7件。无与诉讼(行政复议,行政诉讼)有关的费用支出;"
        "未向任何公民、法人或者其他组织收取政府信息公开费用。\n"
    )
    assert got["review_litigation_counts"] == [] and len(got["fees"]) == 1
    got = _zeros("一、概述\n(四)与诉讼有关的费用支出\n2010年我局未产生相关诉讼,没有相应费用支出。\n")
    assert len(got["review_litigation_counts"]) == 1


def test_one_zero_for_reviews_and_suits_each() -> None:
    got = _zeros("一、总体情况\n(二)依申请公开情况\n2022年共受理政府信息依申请公开0件,进入行政复议程序和行政诉讼程序均为0件。\n")
    assert sorted(got["review_litigation_counts"]) == ["行政诉讼程序", "进入行政复议程序"]


def test_the_next_clauses_verb_names_no_count() -> None:
    n = _rules("一、总体情况\n(一)主动公开\n发布常务会议12次、全体会议5次、专题会议49次加强政民互动,高质量办理政府信箱群众留言。\n")
    assert [(f.quantity, f.value) for f in n.proactive_counts] == [("发布常务会议", 12), ("全体会议", 5), ("专题会议", 49)]


def test_outcomes_topic_pages_and_what_a_board_publishes() -> None:
    assert work_label("2023年溆浦县政务公开工作获省第三方检查优秀单位", "overview") is None
    assert work_label("政策性文件多样化解读率达到100%、非政府网站发布政策解读总量的70%以上", "overview") is None
    assert work_label("常态化维护“基层政务公开标准化规范化”专题,及时更新内容", "overview") == ("platform", "website")
    assert work_label("通过园区(街道)公示栏,对领导职务、考察任免、群众评议实绩等信息进行公示", "overview") is None
