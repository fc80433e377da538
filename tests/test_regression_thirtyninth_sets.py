"""Regressions found on the thirty-ninth and fortieth unseen sets (section 一 of provincial and city departments,
counties and towns):

- a rate per period (每2周至少发布信息1条, 每两周平均更新信息13条, 每日更新工作动态15条) is no count, but a medium named
  每日头条 is no period; a change from a named year (较2021年减少3件) is no count; 行政事业性收费 are no disclosure fees;
- a platform's registered users (平台注册用户37368人) are an audience figure;
- an item of a breakdown named only by its medium (其中通过…网站公开50条) counts what the total counts (政府信息);
- a zero suit told at length (无人民法院受理并开庭审理涉及我委政府信息公开行为的行政诉讼案件) is a zero;
- 未收到社会评议意见 is an outcome; 评估论证 in making a policy is no assessment;
- a site's search (智能搜索功能) is a platform; columns launched or cleared (推出…专题专栏6个, 清理现有栏目信息) are work
  on the site, but 推出20期《…》栏目 are episodes;
- inside 平台建设, a concrete measure is platform work even where no platform is named (对…智能搜索系统进行升级), unless
  it is oversight.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def _values(source: str) -> list[float]:
    n = _rules(source)
    keys = ("proactive_counts", "application_counts", "review_litigation_counts", "platform_counts", "other_counts", "fees")
    return [f.value for k in keys for f in getattr(n, k)]


def test_rates_per_period_changes_and_administrative_fees() -> None:
    assert _values("一、总体情况\n(一)主动公开\n依托市政府门户网站,做到在“工作动态”栏目每2周至少发布信息1条。\n") == []
    assert _values("一、总体情况\n(一)主动公开\n全市政务新媒体每两周平均更新信息13条,每日更新工作动态15条。\n") == []
    assert _values("一、总体情况\n(一)主动公开\n包括政府网站35条,新华社、每日头条等媒体上发布信息80条。\n") == [35, 80]
    assert _values("一、总体情况\n(二)依申请公开\n全年收到申请5件,较2021年减少3件。\n") == [5]
    assert _values("一、总体情况\n(二)依申请公开\n本年度无行政事业性收费。\n") == []


def test_outcomes_and_policy_making_are_no_oversight() -> None:
    assert work_label("全市未收到社会评议意见,无责", "overview.oversight") is None
    assert work_label("经过评估论证、征求意见、合法性审查等关键环节", "overview") is None


def test_search_and_columns_launched_or_cleared() -> None:
    assert work_label("市政府门户网站推出“返乡创业”等专题专栏6个", "overview") == ("platform", "website")
    assert work_label("清理现有栏目信息,杜绝空白栏目和不及时更新栏目", "overview") == ("platform", "website")
    assert work_label("及时回应社会关切,推出20期《问政平潭之有事您说》等相关栏目", "overview") is None


def test_a_measure_inside_the_platforms_part() -> None:
    assert work_label("开发上线了交易流程可视化系统", "overview.platforms") == ("platform", "system")
    assert work_label("开发上线了交易流程可视化系统", "overview") is None
    assert work_label("常态化开展自查,及时整改发现的问题", "overview.platforms") == ("oversight", "assessment")


def test_registered_users_are_an_audience_figure() -> None:
    assert _values("一、总体情况\n(四)平台建设\n“花伴儿”融媒体平台注册用户37368人,发布信息120条。\n") == [120]


def test_a_zero_suit_told_at_length() -> None:
    n = _rules("一、总体情况\n(二)依申请公开\n政府信息公开行政复议0件,无人民法院受理并开庭审理涉及我委政府信息公开行为的行政诉讼案件。\n")
    assert [(f.quantity, f.value) for f in n.review_litigation_counts] == [("政府信息公开行政复议", 0), ("行政诉讼", 0)]


def test_a_breakdown_named_by_its_medium_counts_what_the_total_counts() -> None:
    n = _rules("一、总体情况\n(一)主动公开\n全年主动公开政府信息279条,其中通过旗人民政府网站公开50条,通过政务新媒体公开229条。\n")
    assert [(f.quantity, f.value) for f in n.proactive_counts] == [
        ("主动公开政府信息", 279), ("通过旗人民政府网站公开政府信息", 50), ("通过政务新媒体公开政府信息", 229),
    ]
