"""Regressions found on the hundred-and-twenty-third to hundred-and-thirtieth unseen sets (U123–U130):

- an old report's top headings that name a topic (五、 信息公开业务培训和制度建设情况), longer than a short heading,
  were points of a list: the heading alone shipped as a training;
- a status line after the last point of a paragraph (…拓宽政府信息公开途径。目前,已建立“一网”“一微”…) was part of
  no candidate, so its platform work could not be read;
- oversight missed: supervision (通过人工监察,督促落实…; 通过电子监察平台…进行监察) and checks stepped up in a point
  that otherwise builds institutions (调整了领导小组成员…,加强督促检查);
- platform work missed where a named platform was improved and what it published was counted in the same sentence
  (优化政府信息集中统一发布平台,依托…发布…111份; 持续完善“政府规章库”、“规范性文件统一公开平台”,…发布…14部);
- counts read where there are none: a number inside a title (《七个专项行动》等专题专栏) and a slogan (三位一体);
  and a short sentence of one count inside a table section (2、惠民事项信息87条。) was skipped as a table row;
- section 五: a framing sentence (…取得一定成绩,但也存在一些困难和不足; 取得一些成效,但还有些问题有待改进) shipped as
  a problem; the measures under an old report's 改进重点 heading were missed; a point that turns to what will be done
  after a comma (宣传力度不够,在以后的工作中,将利用…) was one problem; the last measure printed as a headline with its
  body on the next line ((二)规范工作流程。\\n进一步增强…) was its headline alone."""

from __future__ import annotations

from tests.conftest import rules_narrative, section_five_items


def test_a_long_topic_heading_is_no_point() -> None:
    source = (
        "本报告由高新区编制。\n一、 政府信息主动公开和依申请公开情况\n截至2014年12月,高新区公开信息总计1550条。\n"
        "四、 信息公开机构设置和人员配备情况\n调整了高新区政府信息公开工作领导小组成员,明确专人负责。\n"
        "五、 信息公开业务培训和制度建设情况\n全年举办两期信息员业务培训班。\n"
    )
    quotes = [w.evidence.quote for w in rules_narrative(source).oversight]
    assert quotes == ["全年举办两期信息员业务培训班"]


def test_a_status_line_after_the_last_point_is_read() -> None:
    source = (
        "一、概述\n一是明确责任,推进政府信息公开工作。由办公室牵头负责信息公开工作。\n"
        "二是贴近实际,拓宽政府信息公开途径。目前,已建立“一网”(网址:http://www.cshhzbq.cn)“一微”(微信号:hhzhbsq)等便于公众知晓的"
        "公开平台,同时,辅以电子显示屏、公开栏等,适时公开政务信息。\n二、主动公开政府信息的情况\n"
    )
    work = rules_narrative(source).platform_work
    assert [w.kind for w in work if w.evidence.quote.startswith("目前,已建立“一网”")] == ["new_media"]


def test_supervision_and_checks_stepped_up_are_oversight() -> None:
    for sentence in (
        "通过人工监察,督促落实信息公开工作",
        "进一步通过电子监察平台,对政务公开和政务服务事项的信息量、完整性、时效性进行监察",
        "我局调整了政务公开领导小组成员,印发了《关于做好政务公开工作的通知》,落实配套措施,加强督促检查,有步骤地推进相关工作",
    ):
        assert [w.kind for w in rules_narrative(f"一、总体情况\n{sentence}。\n").oversight] == ["assessment"], sentence
    # (a body named 监察 is no supervision held; a duty to check is no check)
    for sentence in ("纪检监察室负责信息公开保密审查", "领导小组下设办公室,具体负责政务公开的指导、推动和督促检查工作"):
        assert rules_narrative(f"一、总体情况\n{sentence}。\n").oversight == [], sentence


def test_a_platform_improved_beside_what_it_published_is_platform_work() -> None:
    source = (
        "一、总体情况\n(一)主动公开\n优化政府信息集中统一发布平台,依托市政府门户网站发布主动公开文件111份。"
        "持续完善“政府规章库”、“规范性文件统一公开平台”,以市政府名义发布政府规章14部、行政规范性文件26件。\n"
    )
    quotes = [w.evidence.quote for w in rules_narrative(source).platform_work]
    assert any(q.startswith("持续完善“政府规章库”") for q in quotes)
    # (what a channel published, with no work on it, stays content)
    assert rules_narrative("一、总体情况\n(一)主动公开\n依托市政府门户网站发布主动公开文件111份。\n").platform_work == []


def test_a_number_in_a_title_and_a_slogan_are_no_counts() -> None:
    n = rules_narrative(
        "一、总体情况\n在融媒开设了《彝乡榜样》《七个专项行动》等专题专栏。构建“官方网站+政务新媒体+线下渠道”三位一体公开平台。"
        "全年发布信息30条。\n"
    )
    values = [f.value for k in ("proactive_counts", "platform_counts", "other_counts") for f in getattr(n, k)]
    assert values == [30]


def test_a_short_sentence_of_one_count_in_a_table_section_is_read() -> None:
    source = (
        "一、主动公开政府信息情况\n2014年全年公开各类政府信息366条。\n從公開內容看:\n1、工作動態類信息160條。\n2、惠民事項信息87條。\n"
        "5、預算信息1條。\n二、依申請公開及收費情況\n"
    )
    assert [f.value for f in rules_narrative(source).proactive_counts] == [366, 160, 87, 1]


def test_framing_sentences_of_five_are_no_problems() -> None:
    head = "五、存在的主要问题及改进情况\n"
    items = section_five_items(
        head + "2022年,市教育局政府信息公开工作取得一定成绩,但也存在一些困难和不足。主要是信息公开的积极性有待进一步增强,"
        "形式还需要进一步丰富,公开深度还需要进一步延伸。\n"
    )
    assert items == [
        ("problems", "信息公开的积极性有待进一步增强"), ("problems", "形式还需要进一步丰富"), ("problems", "公开深度还需要进一步延伸"),
    ]
    items = section_five_items(
        head + "经过努力,我局政府信息公开工作取得一些成效,但还有些问题有待改进。一是进一步及时、规范做好公文类政府信息公开工作;"
        "二是扩大公开内容,以群众需求为导向。\n"
    )
    assert [part for part, _ in items] == ["improvements", "improvements"]


def test_measures_under_an_improvement_focus_heading() -> None:
    items = section_five_items(
        "四、存在主要问题\n一是公开意识有待加强。\n二是公开方式有待完善。\n五、改进重点\n一是强化信息收集,做到发生、上报、发布紧密衔接。\n"
        "二是完善网站发布平台,提高专栏功能。\n"
    )
    assert [part for part, _ in items] == ["problems", "problems", "improvements", "improvements"]


def test_a_point_that_turns_to_the_measures_after_a_comma() -> None:
    items = section_five_items(
        "五、存在的主要问题及改进情况\n1、我局信息公开面对社会宣传力度不够,在以后的工作中,将利用多种媒体和宣传渠道发布公开信息,"
        "提高人民群众对我局有关信息的知晓率。\n2、我局的工作机制方面还不够完善,导致信息统计不及时。\n"
    )
    assert items[:2] == [
        ("problems", "我局信息公开面对社会宣传力度不够"),
        ("improvements", "在以后的工作中,将利用多种媒体和宣传渠道发布公开信息,提高人民群众对我局有关信息的知晓率"),
    ]


def test_the_last_measure_printed_as_a_headline_keeps_its_body() -> None:
    items = section_five_items(
        "五、存在的主要问题及改进情况\n主要是信息公开的积极性有待进一步增强。接下来将做好以下几方面工作:\n(一)认真梳理。\n"
        "认真梳理我局所掌握的政府信息。\n(二)规范工作流程。\n进一步增强全体工作人员信息公开意识,严格按照规范流程。\n六、其他需要报告的事项\n"
    )
    assert items[-1] == ("improvements", "规范工作流程。进一步增强全体工作人员信息公开意识,严格按照规范流程")


def test_the_classifier_adds_no_platform_the_body_says_it_has_not() -> None:
    from extractor.narrative.work_classifier import added_kind

    for sentence in ("截至2024年12月31日,我局未注册政务新媒体", "我局未开设政务新媒体账号,依托区政府网站发布公开信息", "我局无独立网站及政府新媒体"):
        assert added_kind(sentence, platforms_part=False) is None, sentence
    # (无障碍 and 无效链接 are measures, and a measure beside a platform the body lacks is still one)
    assert added_kind("完成网站无障碍改造", platforms_part=False) == "accessibility"
    assert added_kind("新开设政务微博,无独立网站的单位统一在区政府网站开设专栏", platforms_part=False) == "new_media"


def test_a_topic_page_launched_under_its_quoted_name() -> None:
    n = rules_narrative("一、总体情况\n持续推进公共企事业单位信息公开。上线“泾县公共企事业单位信息公开专题”,及时向社会公开教育、医疗卫生等信息。\n")
    assert [w.kind for w in n.platform_work] == ["website"]
