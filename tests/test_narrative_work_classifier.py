"""The work classifier: features, the decision it may take, how it revises the rules' items, the shipped weights."""

from __future__ import annotations

import pytest

import extractor
from extractor.load import load_text
from extractor.narrative.items import Point
from extractor.narrative.work_classifier import (
    ADD_AT,
    FAMILIES,
    KEEP_AT,
    WorkClassifier,
    candidate_text,
    char_ngrams,
    decide,
    meta_tokens,
    revise,
    shipped,
)


def _fake(word: str) -> WorkClassifier:
    """A classifier that says platform work exactly where ``word`` is in the point (and none elsewhere)."""
    grams = {g: 1.0 for g in char_ngrams(word)}
    return WorkClassifier(idf=grams, meta_idf={}, weights={f"c:{word}": [0.0, 0.0, 50.0]}, intercept=[1.0, 0.0, 0.0],
                          trained_on={})


def test_candidate_text_is_simplified_lower_case_and_single_spaced() -> None:
    assert candidate_text("規范局網站 和\n\nAPP") == "规范局网站 和 app"
    assert char_ngrams("网站") == {"网": 1, "站": 1, "网站": 1}


def test_features_are_unit_length_per_block_and_the_rules_verdict_weighs_three() -> None:
    model = WorkClassifier(idf={"网": 1.0, "站": 2.0}, meta_idf={"R=none": 1.0}, weights={}, intercept=[0, 0, 0], trained_on={})
    features = model.features("网站", ["R=none", "unknown"])
    chars = [v for f, v in features.items() if f.startswith("c:")]
    assert sum(v * v for v in chars) == pytest.approx(1.0)
    assert features["m:R=none"] == pytest.approx(3.0)
    assert model.features("網站", ["R=none"]) == model.features("网站", ["R=none"])  # Traditional reads as Simplified


def test_scores_are_probabilities_over_the_three_families() -> None:
    scores = _fake("网站").scores("维护政府网站", [])
    assert set(scores) == set(FAMILIES) and sum(scores.values()) == pytest.approx(1.0)
    assert _fake("网站").family("维护政府网站", []) == "platform"
    assert _fake("网站").family("组织培训2次", []) == "none"


def test_json_round_trip_keeps_every_score() -> None:
    model = shipped()
    again = WorkClassifier.from_json(model.to_json())
    text = "全力做好重大活动期间网络安全保障工作,确保政府网站与政务新媒体健康平稳运行"
    assert again.scores(text, ["R=none"]) == model.scores(text, ["R=none"])
    with pytest.raises(ValueError, match="unknown format"):
        WorkClassifier.from_json({**model.to_json(), "format": 0})


def test_it_decides_platform_work_only_and_oversight_stays_the_rules() -> None:
    assert decide("oversight", 0.0) == "oversight"
    assert decide("oversight", 1.0) == "oversight"
    assert decide("none", ADD_AT) == "platform"
    assert decide("none", ADD_AT - 0.01) == "none"
    assert decide("platform", KEEP_AT) == "platform"  # (kept though another family is likelier)
    assert decide("platform", KEEP_AT - 0.01) == "none"
    assert KEEP_AT < ADD_AT


def test_revise_adds_removes_and_keeps_with_a_kind_the_words_name() -> None:
    text = "强化政府网站第一平台作用。组织培训2次。打造政务公开专区。维护政府网站栏目。"
    spans = [(0, 12), (13, 19), (20, 28), (29, 37)]
    points = [Point(s, e, "overview") for s, e in spans]
    labels = [None, ("oversight", "training"), ("platform", "other"), None]
    revised = revise(_fake("网站"), text, list(zip(points, labels, strict=True)))
    assert [(label, changed) for _, label, changed in revised] == [
        (("platform", "website"), True),  # added: the rules read no measure
        (("oversight", "training"), False),  # oversight is the rules'
        (None, True),  # removed
        (("platform", "website"), True),
    ]
    # platform work the words name no kind of is added only inside 平台建设
    outside = revise(_fake("平台"), "加强平台建设", [(Point(0, 6, "overview"), None)])
    inside = revise(_fake("平台"), "加强平台建设", [(Point(0, 6, "overview.platforms"), None)])
    assert outside[0][1:] == (None, False)
    assert inside[0][1:] == (("platform", "other"), True)


def test_meta_tokens_say_what_the_rules_and_the_layout_say() -> None:
    point = Point(0, 5, "overview.platforms", enumerated=True)
    assert meta_tokens(point, ("platform", "website")) == [
        "R=platform", "K=website", "S=overview.platforms", "E=True", "O=False", "L=False",
    ]


def test_the_shipped_weights_load_and_say_what_they_were_trained_on() -> None:
    model = shipped()
    assert model is shipped()  # read once
    assert int(model.trained_on["reports"]) > 1000  # type: ignore[call-overload]
    assert "gold" in model.trained_on["sets"]  # type: ignore[operator]


REPORT = (
    "一、总体情况\n(四)政府信息公开平台建设\n"
    "我局公示信息均在区政府网站公示,无政府网站建设管理情况和新媒体建设管理情况。\n"
    "同时强化网站政府信息公开与政务公开栏目的衔接融合,提升公众获取信息的便利性。\n"
)


def test_the_extractor_ships_the_classifier_s_word_marked_as_such() -> None:
    with extractor.Extractor(extractor.ExtractorConfig(rules_only=True)) as ex:
        learned = ex.extract_document(load_text(REPORT)).narrative
    with extractor.Extractor(extractor.ExtractorConfig(rules_only=True, learned_work=False)) as ex:
        rules = ex.extract_document(load_text(REPORT)).narrative
    assert learned is not None and rules is not None
    # a channel used and no platform of its own (labelers: no item): the rules ship nothing there either
    assert rules.platform_work == []
    # the point the rules missed is added, marked as the classifier's; the rules' item stays theirs unless the classifier
    # takes it away (a probability below KEEP_AT, which the labelers' "no item" bears out)
    shipped_items = [(w.kind, w.method, w.evidence.quote[:8]) for w in learned.platform_work]
    assert shipped_items[-1] == ("website", "classifier", "同时强化网站政府")
    assert shipped_items[:-1] in ([], [("website", "rules", "我局公示信息均在")])
    assert learned.platform_work[-1].support is not None  # the report's own words


def test_a_channel_only_used_is_never_added() -> None:
    # labeling rule 7: 通过…公开 is content; one set labeled such points platform work and the classifier
    # learned it (U80): what only names the channel is not added, whatever the classifier says
    always = _fake("公开")
    for text in ("通过村务公开栏公开", "通过下发文件公开", "在街道办事处政务公开宣传栏进行纸质化公开"):
        assert revise(always, text, [(Point(0, len(text), "overview.platforms"), None)])[0][1:] == (None, False)
    text = "通过网站开设专栏公开"  # a measure on the channel is work
    assert revise(always, text, [(Point(0, len(text), "overview.platforms"), None)])[0][1:] == (("platform", "website"), True)
