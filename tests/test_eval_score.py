"""The scorers on hand-made cases, with exact expected numbers."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.evals.gold import GoldCount, GoldItem, GoldReport
from extractor.evals.matching import normalize_quantity, quantity_similarity, unit_class
from extractor.evals.score import aggregate, score_case, score_cells, score_checks, score_counts, score_items
from extractor.models import Finding, ReportMeta, SourceInfo, Tables
from extractor.narrative.schema import CountFact, Evidence, Item, NarrativeFacts
from extractor.report import ExtractedReport

TEXT = (
    "2022年，全年主动公开政府信息120条，其中政策解读65件，召开新闻发布会3次。"
    "共收到政府信息公开申请13件，上年结转2件。收取信息处理费1.2万元。"
    "存在的问题：一是公开内容不够全面；二是解读形式单一；三是培训力度不足。"
)


def span(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def gold_count(what: str, value: float, unit: str | None, quote: str) -> GoldCount:
    start, end = span(quote)
    return GoldCount(what=what, value=value, unit=unit, quote=quote, start=start, end=end)


def pred_count(quantity: str, value: float, unit: str | None, quote: str, *, category: str = "proactive",
               start: int | None = None) -> CountFact:
    s, e = span(quote) if start is None else (start, start + len(quote))
    return CountFact(id=f"n{s}", category=category, section="overview", quantity=quantity, value=value,  # type: ignore[arg-type]
                     unit=unit, raw=f"{value}{unit or ''}", evidence=Evidence(quote=quote, start=s, end=e))


def gold_item(text: str, quote: str | None = None) -> GoldItem:
    if quote is None:
        return GoldItem(text=text)
    start, end = span(quote)
    return GoldItem(text=text, quote=quote, start=start, end=end)


def pred_item(text: str, quote: str) -> Item:
    start, end = span(quote)
    return Item(text=text, evidence=Evidence(quote=quote, start=start, end=end))


def numbers(result: Any) -> tuple[int, int, int, int]:
    return result.tp_precision, result.predicted, result.tp_recall, result.gold


# ---------------------------------------------------------------------------------------------
# matching primitives
# ---------------------------------------------------------------------------------------------
def test_units_are_normalized_and_classed() -> None:
    assert normalize_quantity(1.2, "万元") == (12000.0, "元")
    assert normalize_quantity(3, "亿元") == (300000000.0, "元")
    assert normalize_quantity(5, "件") == (5.0, "件")
    assert normalize_quantity(5, None) == (5.0, None)
    assert unit_class("条") == unit_class("件") == "items"
    assert unit_class("次") == unit_class("场") == "events"
    assert unit_class("块") == "块"  # an unknown unit is its own class


def test_quantity_similarity_on_simplified_text() -> None:
    assert quantity_similarity("收到政府信息公开申请", "共收到政府信息公開申請") == 100.0  # traditional script
    assert quantity_similarity("主动公开政府信息", "主动公开我区各级单位政府信息") == 100.0  # words inserted
    assert quantity_similarity("行政复议", "行政诉讼") == 50.0


# ---------------------------------------------------------------------------------------------
# counts: the taxonomy
# ---------------------------------------------------------------------------------------------
GOLD_COUNTS = [
    gold_count("主动公开政府信息", 120, "条", "全年主动公开政府信息120条"),
    gold_count("政策解读", 65, "件", "其中政策解读65件"),
    gold_count("新闻发布会", 3, "次", "召开新闻发布会3次"),
    gold_count("收到政府信息公开申请", 13, "件", "共收到政府信息公开申请13件"),
    gold_count("上年结转", 2, "件", "上年结转2件"),
    gold_count("信息处理费", 1.2, "万元", "收取信息处理费1.2万元"),
]


def test_every_error_kind_counted_exactly() -> None:
    predicted = [
        pred_count("主动公开政府信息", 120, "件", "全年主动公开政府信息120条"),  # 条 vs 件: same class -> match
        pred_count("政策解读", 56, "件", "其中政策解读65件"),  # wrong value
        pred_count("新闻发布会", 3, "件", "召开新闻发布会3次"),  # 次 vs 件: wrong unit
        # 上年结转 2件: not predicted -> missing
        pred_count("信息处理费", 12000, "元", "收取信息处理费1.2万元", category="fee"),  # 1.2万元 == 12000元 -> match
        pred_count("收到政府信息公开申请", 13, "件", "共收到政府信息公开申请13件", start=3),  # quote not at offsets: ungrounded
        pred_count("培训", 3, "次", "三是培训力度不足"),  # nothing like it in gold: spurious
    ]
    result = score_counts("all_counts", GOLD_COUNTS, predicted, TEXT, precision_scored=True)
    assert numbers(result) == (2, 6, 2, 6)
    assert result.errors == {"missing": 2, "wrong_value": 1, "wrong_unit": 1, "spurious": 1, "ungrounded": 1}
    assert [o.status for o in result.gold_outcomes] == ["matched", "wrong_value", "wrong_unit", "missing", "missing", "matched"]
    assert [o.status for o in result.pred_outcomes] == ["matched", "wrong_value", "wrong_unit", "matched", "ungrounded", "spurious"]
    assert result.gold_outcomes[1].predicted == "政策解读 = 56件"
    assert result.precision == pytest.approx(2 / 6)
    assert result.recall == pytest.approx(2 / 6)
    assert result.f1 == pytest.approx(1 / 3)


def test_a_missing_fact() -> None:
    predicted = [pred_count("政策解读", 65, "件", "其中政策解读65件")]
    gold = GOLD_COUNTS[1:3]
    result = score_counts("proactive_counts", gold, predicted, TEXT, precision_scored=True)
    assert numbers(result) == (1, 1, 1, 2)
    assert result.errors == {"missing": 1}
    assert (result.precision, result.recall, result.f1) == (1.0, 0.5, pytest.approx(2 / 3))


def test_a_spurious_fact() -> None:
    predicted = [pred_count("政策解读", 65, "件", "其中政策解读65件"), pred_count("召开", 2022, None, "2022年")]
    result = score_counts("proactive_counts", GOLD_COUNTS[1:2], predicted, TEXT, precision_scored=True)
    assert numbers(result) == (1, 2, 1, 1)
    assert result.errors == {"spurious": 1}
    assert (result.precision, result.recall, result.f1) == (0.5, 1.0, pytest.approx(2 / 3))


def test_an_ungrounded_quote_never_matches_and_counts_against_precision() -> None:
    good = pred_count("政策解读", 65, "件", "其中政策解读65件")
    moved = good.model_copy(update={"evidence": Evidence(quote="其中政策解读65件", start=0, end=9)})
    result = score_counts("proactive_counts", GOLD_COUNTS[1:2], [moved], TEXT, precision_scored=True)
    assert numbers(result) == (0, 1, 0, 1)
    assert result.errors == {"missing": 1, "ungrounded": 1}
    assert result.f1 == 0.0


def test_a_repeated_figure_matches_once() -> None:
    first = pred_count("政策解读", 65, "件", "其中政策解读65件")
    result = score_counts("proactive_counts", GOLD_COUNTS[1:2], [first, first], TEXT, precision_scored=True)
    assert numbers(result) == (1, 2, 1, 1)
    assert result.errors == {"spurious": 1}


def test_precision_is_not_judged_on_incomplete_gold() -> None:
    predicted = [pred_count("政策解读", 65, "件", "其中政策解读65件"), pred_count("培训", 3, "次", "三是培训力度不足")]
    result = score_counts("proactive_counts", GOLD_COUNTS[1:2], predicted, TEXT, precision_scored=False)
    assert numbers(result) == (0, 0, 1, 1)
    assert (result.precision, result.recall, result.f1) == (None, 1.0, None)
    assert [o.status for o in result.pred_outcomes] == ["matched", "unjudged"]
    assert result.errors == {}


def test_nothing_found_is_f1_zero_not_undefined() -> None:
    result = score_counts("proactive_counts", GOLD_COUNTS[:2], [], TEXT, precision_scored=True)
    assert (result.precision, result.recall, result.f1) == (None, 0.0, 0.0)
    empty = score_counts("fees", [], [], TEXT, precision_scored=True)
    assert empty.f1 is None


# ---------------------------------------------------------------------------------------------
# items
# ---------------------------------------------------------------------------------------------
PROBLEMS = [
    gold_item("公开内容不够全面", "一是公开内容不够全面"),
    gold_item("解读形式单一", "二是解读形式单一"),
    gold_item("培训力度不足"),  # the older form: a plain string
]


def test_a_reordered_list_matches_fully() -> None:
    predicted = [
        pred_item("培训力度不足", "三是培训力度不足"),
        pred_item("政策解读形式比较单一", "二是解读形式单一"),
        pred_item("公开的内容还不够全面", "一是公开内容不够全面"),
    ]
    result = score_items("problems", PROBLEMS, predicted, TEXT, precision_scored=True)
    assert numbers(result) == (3, 3, 3, 3)
    assert [o.predicted for o in result.gold_outcomes] == ["公开的内容还不够全面", "政策解读形式比较单一", "培训力度不足"]
    assert result.f1 == 1.0


def test_items_missing_spurious_ungrounded() -> None:
    ungrounded = Item(text="解读形式单一", evidence=Evidence(quote="二是解读形式单一", start=1, end=9))
    predicted = [pred_item("公开内容不够全面", "一是公开内容不够全面"), ungrounded, pred_item("上年结转", "上年结转2件")]
    result = score_items("problems", PROBLEMS, predicted, TEXT, precision_scored=True)
    assert numbers(result) == (1, 3, 1, 3)
    assert result.errors == {"missing": 2, "spurious": 1, "ungrounded": 1}


def test_theme_accuracy_on_matched_items_with_a_gold_theme() -> None:
    gold = [
        GoldItem(text="公开内容不够全面", theme="scope_depth", quote="一是公开内容不够全面", start=span("一是公开内容不够全面")[0],
                 end=span("一是公开内容不够全面")[1]),
        GoldItem(text="解读形式单一", theme="policy_interpretation", quote="二是解读形式单一",
                 start=span("二是解读形式单一")[0], end=span("二是解读形式单一")[1]),
        GoldItem(text="培训力度不足", quote="三是培训力度不足", start=span("三是培训力度不足")[0], end=span("三是培训力度不足")[1]),
    ]
    predicted = [pred_item("公开内容不够全面", "一是公开内容不够全面"), pred_item("解读形式单一", "二是解读形式单一"),
                 pred_item("培训力度不足", "三是培训力度不足")]
    predicted[0].theme, predicted[1].theme = "scope_depth", "forms_channels"
    result = score_items("problems", gold, predicted, TEXT, precision_scored=True)
    assert result.agreement == {"themes_judged": 2, "themes_right": 1}  # the third gold item has no theme
    case = score_case(_gold(narrative={"problems": [g.model_dump() for g in gold]}), _report({}, [], NarrativeFacts(
        prompt="p", model="m", problems=predicted)), TEXT, ["problems"])
    assert case.faithfulness.theme_accuracy == 0.5


# ---------------------------------------------------------------------------------------------
# tables, checks, whole cases, aggregates
# ---------------------------------------------------------------------------------------------
def _gold(**overrides: Any) -> GoldReport:
    data: dict[str, Any] = {
        "name": "case", "template": "2021", "narrative_complete": True,
        "tables": {"applications": {"new_received": {"natural_person": 13, "commercial": None, "total": 13}}},
        "rule_failures": ["applications.balance.total", "narrative.new_received"],
        "narrative": {"application_counts": [GOLD_COUNTS[3].model_dump()], "problems": [p.model_dump() for p in PROBLEMS]},
    }
    data.update(overrides)
    return GoldReport.model_validate(data)


def _report(cells: dict[str, Any], failed: list[str], narrative: NarrativeFacts | None = None) -> ExtractedReport:
    return ExtractedReport(
        source=SourceInfo(path="x.txt", format="txt", encoding="utf-8", sha256="0", chars=len(TEXT)),
        meta=ReportMeta(template="2021"),
        tables=Tables(applications={"new_received": cells}),
        checks=[Finding(id=f, passed=False) for f in failed] + [Finding(id="applications.new_received.total", passed=True)],
        narrative=narrative,
    )


def test_cells_tell_null_from_zero() -> None:
    report = _report({"natural_person": 13, "commercial": 0}, [])  # commercial: 0 printed where gold is blank
    result = score_cells(_gold(), report)
    assert (result.tp_recall, result.gold, result.accuracy) == (1, 3, pytest.approx(1 / 3))
    assert {o.key: o.status for o in result.gold_outcomes} == {
        "applications.new_received.natural_person": "matched",
        "applications.new_received.commercial": "wrong_value",
        "applications.new_received.total": "missing",
    }


def test_check_findings_precision_recall() -> None:
    report = _report({}, ["applications.balance.total", "applications.granted.total"])
    result = score_checks(_gold(), report)
    assert numbers(result) == (1, 2, 1, 2)
    assert result.errors == {"missing": 1, "spurious": 1}
    # on an incomplete narrative gold a rule-5 finding is not judged, a table rule still is
    report = _report({}, ["narrative.carried_over"])
    result = score_checks(_gold(narrative_complete=False), report)
    assert numbers(result) == (0, 0, 0, 2)
    assert [o.status for o in result.pred_outcomes] == ["unjudged"]


def test_a_fact_in_the_wrong_list_counts_in_all_counts_only() -> None:
    wrong_list = pred_count("收到政府信息公开申请", 13, "件", "共收到政府信息公开申请13件", category="proactive")
    narrative = NarrativeFacts(prompt="narrative@v2", model="m", proactive_counts=[wrong_list])
    case = score_case(_gold(), _report({}, [], narrative), TEXT, ["application_counts", "proactive_counts", "all_counts"])
    assert numbers(case.fields["application_counts"]) == (0, 0, 0, 1)
    assert numbers(case.fields["proactive_counts"]) == (0, 1, 0, 0)
    assert numbers(case.fields["all_counts"]) == (1, 1, 1, 1)


def test_aggregate_is_a_micro_average_with_cost() -> None:
    narrative = NarrativeFacts(prompt="narrative@v2", model="m", problems=[pred_item("公开内容不够全面", "一是公开内容不够全面")])
    narrative.usage.input_tokens, narrative.usage.output_tokens, narrative.usage.calls = 1000, 100, 2
    complete = score_case(_gold(), _report({}, [], narrative), TEXT, ["problems"], wall_seconds=2.0)
    partial = score_case(_gold(narrative_complete=False), _report({}, [], narrative.model_copy(deep=True)), TEXT, ["problems"],
                         wall_seconds=4.0)
    failed = score_case(_gold(), None, TEXT, ["problems"], error="boom")
    scores = aggregate([complete, partial, failed], ["problems"])
    problems = scores.fields["problems"]
    assert (problems.tp_precision, problems.predicted, problems.tp_recall, problems.gold) == (1, 1, 2, 9)
    assert (problems.precision, problems.recall) == (1.0, pytest.approx(2 / 9))
    assert problems.f1 == pytest.approx(2 * (2 / 9) / (1 + 2 / 9))
    assert problems.errors == {"missing": 7}
    assert scores.cost.reports == 3
    assert (scores.cost.total.input_tokens, scores.cost.total.calls, scores.cost.total.wall_seconds) == (2000, 4, 6.0)
    assert (scores.cost.per_report.input_tokens, scores.cost.per_report.wall_seconds) == (667, 2.0)


def test_a_restatement_is_neither_right_nor_wrong() -> None:
    text = "监测全市19家政府网站。2022年19家政府网站全部合规运维。"
    first, second = text.index("全市19家政府网站"), text.index("19家政府网站全部")
    gold = [GoldCount(what="政府网站", value=19, unit="家", quote="全市19家政府网站", start=first, end=first + 9,
                      also=[{"quote": "19家政府网站", "start": second, "end": second + 7}])]

    def at(start: int, quote: str) -> CountFact:
        return CountFact(id=f"n{start}", category="platform", section="overview", quantity="政府网站", value=19, unit="家",
                         raw="19家", evidence=Evidence(quote=quote, start=start, end=start + len(quote)))

    both = score_counts("platform_counts", gold, [at(first, "全市19家政府网站"), at(second, "19家政府网站")], text, precision_scored=True)
    assert numbers(both) == (1, 1, 1, 1)
    assert [o.status for o in both.pred_outcomes] == ["matched", "restatement"]
    only_later = score_counts("platform_counts", gold, [at(second, "19家政府网站")], text, precision_scored=True)
    assert numbers(only_later) == (1, 1, 1, 1)
    twice_first = score_counts("platform_counts", gold, [at(first, "全市19家政府网站")] * 2, text, precision_scored=True)
    assert numbers(twice_first) == (1, 2, 1, 1)  # the same printed figure twice is a duplicate, not a restatement
