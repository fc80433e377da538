"""Regressions found on the sixteenth unseen set, section 一 of city and provincial bodies: what a quoted or
titled name says the body did.

- an open day held under a quoted name (举办了“…政务公开日”活动) is platform work;
- an instrument of oversight the body made (制定了《…考评办法》) is assessment, though its name is a title;
- using channels for publicity (充分利用报刊和微信平台等多种方式…广泛宣传) is no work on a platform (rule 7);
- (eighteenth set) a quoted name of a platform (“会宁县政府门户网”) is the platform; 部门设置 in a list of topics
  is no measure; of several oversight kinds in one sentence, the one named first (training before all).
"""

from __future__ import annotations

from extractor.narrative.rules import work_label


def test_an_open_day_held_under_a_quoted_name() -> None:
    sentence = "积极探索政府信息结果运用,成功举办了“大理州第二届政务公开日”活动,切实履行政府信息公开职能职责"
    assert work_label(sentence, "management") == ("platform", "open_day")


def test_an_instrument_of_oversight_the_body_made() -> None:
    sentence = "按照行署信息公开有关要求,结合我局实际,制定了《锡盟商务局信息工作考评办法》,将工作任务分解落实到科室"
    assert work_label(sentence, "overview") == ("oversight", "assessment")
    # a title that names no oversight, or one only cited, is still no oversight
    assert work_label("制定了《政府信息公开工作制度》,将工作任务分解落实到科室", "overview") is None
    assert work_label("按照《政务公开工作考核办法》要求,及时公开政府信息", "overview") is None


def test_channels_used_for_publicity_are_no_platform_work() -> None:
    sentence = "为扩大政府信息公开的影响,我办充分利用报刊和微信平台等多种方式、多种途径,广泛宣传,不断推进信息公开工作"
    assert work_label(sentence, "platforms") is None


def test_a_quoted_name_of_a_platform_is_the_platform() -> None:
    sentence = "坚持把“会宁县政府门户网”作为政府信息工作的第一平台,组织力量进行全面整改和提高"
    assert work_label(sentence, "overview.platforms") == ("platform", "website")


def test_a_topic_named_department_settings_is_no_measure() -> None:
    sentence = "通过门户网站全年累计公开信息46条,有序开展乡情简介、部门设置等领域信息公开"
    assert work_label(sentence, "overview.proactive_disclosure") is None
    assert work_label("在门户网站设置“乡情简介”专栏", "overview.proactive_disclosure") == ("platform", "website")


def test_the_oversight_kind_named_first() -> None:
    assert work_label("完善政府信息公开考核、社会评议及责任追究三项核心制度", "overview.oversight") == ("oversight", "assessment")
    assert work_label("严格落实责任追究制度,对考核中发现的问题督促整改", "overview.oversight") == ("oversight", "accountability")
    assert work_label("将政务公开纳入考核,并组织开展业务培训2次", "overview.oversight") == ("oversight", "training")


def test_intensive_training_is_training() -> None:
    assert work_label("定期开展工作人员业务集训", "overview.oversight") == ("oversight", "training")
