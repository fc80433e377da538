"""Regressions found on the tenth unseen set: where a point of 一 ends, which section is 一, and what one
item of platform work is.

- a list of 一是/二是 inside (一) ends at the next (二) that opens a paragraph, also when the title runs on;
- a report whose 一 is 主动公开政府信息情况 (an old one without 概述): its measures on channels are work, its
  account of what went out through them is content;
- the kind of a sentence naming two channels is the one a concrete measure is taken on;
- a training about a platform (参加新媒体培训) is training;
- a sentence joining measures of different kinds at a semicolon is one item per measure.
"""

from __future__ import annotations

from extractor.narrative.rules import work_label
from tests.conftest import rules_narrative as _rules


def test_a_list_inside_a_part_ends_at_the_next_part() -> None:
    n = _rules(
        "一、总体情况\n\n"
        "（一）加强组织领导，健全工作机制一是明确分工。成立政务公开工作领导小组，负责日常工作。"
        "二是严格审核，坚持先审后发。三是开展业务培训，对各办政务公开工作人员进行集中培训。\n\n"
        "（二）丰富公开形式，拓展公开载体。在村居设置政务公开栏，定期张贴公开信息。\n\n"
        "（三）突出公开重点。重点公开了以下内容：一是年度工作计划。二是财政预决算信息。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.oversight] == [
        ("training", "开展业务培训，对各办政务公开工作人员进行集中培训"),
    ]


def test_an_old_report_whose_first_section_is_proactive_disclosure() -> None:
    n = _rules(
        "按照《中华人民共和国政府信息公开条例》的规定，现将本局2013年政府信息公开情况报告如下。\n"
        "一、主动公开政府信息情况\n"
        "2013年，我局对门户网站进行了全面改版，新增办事服务栏目3个。"
        "本局通过门户网站、微博等渠道主动公开政府信息356条。\n"
        "二、依申请公开政府信息情况\n"
        "2013年，我局共受理政府信息公开申请4件，均已按时答复。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [
        ("redesign", "2013年，我局对门户网站进行了全面改版，新增办事服务栏目3个"),
    ]


def test_the_kind_is_the_channel_a_measure_is_taken_on() -> None:
    text = "畅通公开渠道。用好区政府门户网站，加强“某区人社”微信公众号服务功能拓展升级，安排专人负责维护运行"
    assert work_label(text, "overview") == ("platform", "new_media")
    assert work_label("加强门户网站栏目改版，利用微信公众号转发", "overview") == ("platform", "redesign")


def test_a_training_about_a_platform_is_training() -> None:
    assert work_label("积极参加线上政务新媒体培训会议，为推进新媒体工作打下基础", "overview") == ("oversight", "training")
    # a training named among what a platform publishes is content of the platform, not a training held
    assert work_label("利用微博、微信公众号定期推送法治宣传、业务培训等内容", "overview") != ("oversight", "training")


def test_measures_of_different_kinds_at_a_semicolon_are_two_items() -> None:
    n = _rules(
        "一、总体情况\n（四）政府信息公开平台建设\n"
        "持续优化政府信息公开平台，常态化开展栏目自查，合并栏目4个，新增栏目1个；加强日常监测，对发现问题及时整改；"
        "加强政务新媒体监督检查，关停新媒体账号3个。\n"
    )
    assert [(w.kind, w.evidence.quote) for w in n.platform_work] == [
        ("website", "持续优化政府信息公开平台，常态化开展栏目自查，合并栏目4个，新增栏目1个；加强日常监测，对发现问题及时整改"),
        ("new_media", "加强政务新媒体监督检查，关停新媒体账号3个"),
    ]


def test_channel_building_parts_are_the_platform_part() -> None:
    from extractor.normalize import normalize
    from extractor.segment import find_sections

    text = (
        "一、概述\n（一）主动公开情况\n全年主动公开信息300条。\n（二）依申请公开情况\n全年收到申请2件。\n"
        "（三）信息公开渠道建设情况\n把政府信息公共查阅场所设在便民服务大厅内，安排专人受理咨询。\n"
    )
    (overview,) = [s for s in find_sections(normalize(text).text) if s.key == "overview"]
    assert [s.key for s in overview.subsections][-1] == "overview.platforms"
    n = _rules(text)
    assert [w.kind for w in n.platform_work] == ["other"]


def test_publishing_through_channels_named_as_forms_is_content() -> None:
    # any channels, named as the means of publishing (rule 7 of evals/README.md), also inside the platform part
    assert work_label("同时，借助新闻媒体、简报等形式公开政府信息，不断增强公开的多样性", "overview.platforms") is None
    # a plain update of what a site shows names no measure on it
    assert work_label("切实做好信息公开工作，不断丰富政府门户网站信息，不断拓宽公开渠道", "overview") is None
    assert work_label("定时更新维护政务公开等各个栏目内容", "overview") == ("platform", "website")


def test_the_government_system_is_not_an_online_system() -> None:
    text = "加强全县政府系统政务新媒体监督检查，注销新媒体5个"
    assert work_label(text, "overview.platforms") == ("platform", "new_media")


def test_a_training_named_among_published_information_is_content() -> None:
    text = "准确发布政策法规，及时公开社会保险、就业创业、职业技能培训、招聘活动等公共服务信息"
    assert work_label(text, "overview") is None
    assert work_label("开展业务培训、保密培训各1次", "overview") == ("oversight", "training")


def test_using_a_channel_to_full_effect_is_content() -> None:
    # rule 7 of evals/README.md: 充分利用/发挥 a channel, 如…公众号等进行公开 say how things went out
    assert work_label("充分利用并发挥网站部门频道及时发布机关工作动态、政策法规等信息", "overview.platforms") is None
    assert work_label("充分发挥政府网站作为政府信息公开主渠道的作用", "overview") is None
    assert work_label("其他宣传载体如“某某”微信公众号等进行公开", "overview.platforms") is None
    # a measure on the channel is still work
    assert work_label("充分发挥网站作用，对网站进行全面改版", "overview") == ("platform", "redesign")


def test_topics_and_authority_are_not_oversight_held() -> None:
    assert work_label("围绕完善载体、学习培训等内容，着力做好信息公开工作", "overview") is None
    assert work_label("严格按照考核要求更新审核维护已公开的信息", "overview") is None
    assert work_label("将政务公开纳入年度考核", "overview") == ("oversight", "assessment")
    assert work_label("推行政务公开追究机制", "overview") == ("oversight", "accountability")


def test_checking_the_sites_is_a_measure_on_them() -> None:
    text = "持续强化平台建设管理，组织开展集中排查6次，累计核查政府门户网站发布信息7000余条"
    assert work_label(text, "overview") == ("platform", "website")


def test_site_security_patrols_content_control_and_hotlines() -> None:
    # patrolling a site is work on it, not an assessment of units
    assert work_label("加强网站安全防护，做好日常巡查，严防泄密、无效链接等问题", "overview") == ("platform", "website")
    # controlling what an account publishes is information management
    assert work_label("对政务新媒体微信公众号的信息发布，严格把控内容质量", "overview") is None
    assert work_label("设置专职电话、邮箱等依申请公开渠道", "overview.platforms") == ("platform", "hotline")
    assert work_label("促进平台融合发展，推动网站与微信内容协同、资源共享", "overview") == ("platform", "intensive")
    # full use of several platforms to publish: content (rule 7)
    text = "充分利用新闻媒体、政务新媒体等多种平台，多渠道主动做好政府信息公开"
    assert work_label(text, "overview.platforms") is None
