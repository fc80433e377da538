"""Regressions found on the ninety-seventh to hundred-and-twentieth unseen sets (U97–U120) and on PDF renderings of
every labeled section 五:

- a PDF hard wrap inside the words the rules read in 五 changed the items: an enumerator cut from its mark
  (``4\\n、加强学习和培训``) ran two measures together, a list of problems cut before its end (``…不准确等\\n问题``)
  was one item instead of four;
- platform work missed: a column newly set up (新设…专栏), a site's columns laid out (主页。下设工作动态、通知公告…
  等栏目), a title naming two kinds of work on the platform (加强微博建设与管理。), an open day held with 抓好
  (抓好“5.15”政务公开日…宣传活动), a site's message board rebuilt (改造建设留言板功能), a media centre formed
  (组建交通融媒体中心);
- platform work read where there is none: what a site added (厅门户网站新增信息14129条,其中…业务管理类信息…), an
  account opened in an earlier year and used (通过我局已开通的微信公众号发布信息…), a line of statistics
  (新设专题专栏数2个,维护专题专栏数1个); and missed: a gazette edited (编辑出版政府公报12期);
- an item added to an account's menu (微信公众号底部菜单中新增“随申办-民防地图”跳转选项) and an open day held whose
  sentence counts what was published about it (持续做好做实“政府开放日活动”,主动公开活动相关方案和简报114条) were no
  platform work;
- a gazette issued under its title (印发《朔州市人民政府公报》6期) was no work on it: the title was dropped as a
  document's;
- a purpose after a connective (同时,为有效提高…网站的信息发布质量,我局还积极组织人员参加…培训) named the platform the
  sentence worked on; a duty given (具体负责…网站内容维护、组织协调等日常工作) and a site described after its redesign
  (改版后的网站页面以红色为主基调) were work on it;
- a training held, told in one sentence of a point that otherwise reads as none, was dropped with the point;
  政务公开主题日 was no open day; 立法后评估报告 (a law reviewed after it was made) was oversight; 推荐量 (how often a
  platform recommended a post) was a count;
- a one-character insertion in a name (7个县(市)区政府门户网站) ended the clause, so the figure lost its name; a printed
  zero for the review or the suit joined by 或 (被申请行政复议或被提起行政诉讼的情况:0件) was one fact; "none of these"
  under the heading of the reviews and suits ((三)因政府信息公开申请行政复议、提起行政诉讼情况。本年度无此类情况。) was no zero;
- oversight read in the criteria a check follows (对照考核指标全面梳理) and in documents' attributes weighed
  (文件公开属性和有效性评估调整); a column set up with a bare 设 (设专栏对…全过程公开) was no work;
- a gazette made, told at the start of a sentence that counts its issues (编发市政府公报12期,公开政策文件50件), an
  online system built (研发政府信息填报、录入和管理系统, 建立智能化政策问答平台) and the indicators of an assessment issued
  (印发《…考核评估指标》) were missed; applications for a licence (申请受理许可5家) were applications for information;
- websites and accounts assessed (开展政府网站与政务新媒体考评工作) read as platform work, not oversight;
- counts: the second of the pair after a comma (无因政府信息产生行政复议,提起行政诉讼情况发生) was no zero; a ranking
  moved (较上年提升6位), a page's read count (浏览:13019次), a change set off by a comma (同上年相比,增加6条) and a
  figure of speech (两个抓手) were counts;
- oversight read where there is none: an office's duties (全面负责…指导、组织、协调、检查、考核等工作), the public's say
  (…让人民群众更加深入了解公安工作,评议公安工作), the ways a summary lists (通过建章立制、…、调研督查、开展培训等方式)."""

from __future__ import annotations

from tests.conftest import rules_narrative, rules_zeros, section_five_items
from tests.narrative_variants import wrapped

HEAD = "五、存在的主要问题及改进情况\n"
MEASURES = (
    "主动公开政府信息内容与公众的需求还存在一些差距,上传信息量偏少,上传不及时。结合工作中存在问题和不足,考虑从以下几个方面进一步改进:\n"
    "1、拓展政府信息公开形式。积极探索并实行各种方便群众查阅、了解信息的公开方式和途径,提高公开工作的便民程度。2、统一认识,努力规范工作流程。我镇将按照“公开为原则,"
    "不公开为例外”的总体要求,进一步梳理政府信息,及时提供,定期维护。3、逐步扩大公开内容。对原有的政府信息公开目录进行补充完善,保证公开信息"
    "的完整性和准确性。4、加强学习和培训。加强政府信息公开工作知识的学习和培训,不断提高政府信息公开工作的质量和水平。"
)
PROBLEMS = (
    "2014年度,我镇政府信息公开完成县政务公开下达的全年公开目标任务。报送过程中极少数报送信息存在上网公开审查不严、填报的栏目填报不完全、"
    "未按照全省确定的类别进行填报、索取号填报不准确等问题。\n为此,2015年我们将采取以下措施积极改进:\n(一)提高认识。深化对政府信息公开工作"
    "重要性的认识,及时公开、更新。\n(二)健全工作机制。不断规范政府信息主动公开工作机制。"
)


def test_items_of_five_survive_a_pdf_hard_wrap_inside_the_words_read() -> None:
    # (at width 23 the measures wrap as …准确性。4 / 、加强学习…, and the problems as …不准确等 / 问题。)
    assert "4\n、加强" in wrapped(23)(MEASURES) and "等\n问题" in wrapped(23)(PROBLEMS)
    for body in (MEASURES, PROBLEMS):
        expected = section_five_items(HEAD + body)
        for width in (17, 23, 31):
            assert section_five_items(HEAD + wrapped(width)(body)) == expected, width
    assert [t for part, t in section_five_items(HEAD + wrapped(23)(PROBLEMS)) if part == "problems"] == [
        "上网公开审查不严", "填报的栏目填报不完全", "未按照全省确定的类别进行填报", "索取号填报不准确",
    ]
    assert section_five_items(HEAD + wrapped(23)(MEASURES))[-1] == (
        "improvements", "加强学习和培训。加强政府信息公开工作知识的学习和培训,不断提高政府信息公开工作的质量和水平",
    )


def test_a_wrapped_item_is_quoted_from_the_report_with_its_line_breaks() -> None:
    n = rules_narrative("一、总体情况\n主动公开信息20条。\n" + HEAD + wrapped(23)(PROBLEMS))
    quotes = [p.evidence.quote for p in n.problems]
    assert "上网公开审查不严" in quotes and any("\n" in q for q in [i.evidence.quote for i in n.improvements])


def test_platform_work_in_words_the_rules_had_not_met() -> None:
    for sentence, kind in (
        ("新设党的群众路线教育实践活动专栏,加速转变作风", "website"),
        ("福田政府在线街道办事处主页。下设工作动态、通知公告、网上咨询、民意征集等栏目,公开街道各类信息", "website"),
        ("加强微博建设与管理。市局四大微博,在原有基础上,进一步加大信息公开工作力度,全年累计发布政府信息342条", "new_media"),
        ("抓好“5.15”政务公开日及相关纪念日宣传活动", "open_day"),
        ("加强互动交流信息公开。改造建设留言板功能,丰富群众意见反馈渠道", "website"),
        ("組建交通融媒體中心,會同局屬各單位加強全市交通運輸系統信息公開", "new_media"),
    ):
        n = rules_narrative(f"一、总体情况\n(一)主动公开\n{sentence}。\n")
        assert [w.kind for w in n.platform_work] == [kind], sentence
    # (a message board's messages answered is no work on it; 政务公开日常工作 is no open day)
    assert rules_narrative("一、总体情况\n及时办理留言板留言。做好政务公开日常工作。\n").platform_work == []


def test_duties_and_the_public_s_say_are_no_oversight() -> None:
    for sentence in (
        "加强组织领导。管委会办公室作为政务公开工作领导小组常设办公室,全面负责对全区政务公开工作的指导、组织、协调、检查、考核等工作",
        "通过广播、电视、报刊等传统新闻媒体,发布各类公安资讯。让人民群众更加深入了解公安工作,评议公安工作",
    ):
        assert rules_narrative(f"一、总体情况\n{sentence}。\n").oversight == [], sentence
    # (a check held stays one)
    assert [w.kind for w in rules_narrative("一、总体情况\n全年组织开展政务公开专项检查2次。\n").oversight] == ["assessment"]


def test_a_list_run_on_after_a_comma_keeps_its_first_point() -> None:
    body = (
        "今年以来,全镇政府信息公开工作稳步推进,但还存在一些薄弱环节,(一)政务公开内容的覆盖面与纵深度存在短板。"
        "(二)公开平台的活跃度和影响力有待增强。(三)政务公开工作队伍的专业素养仍需持续强化。"
    )
    assert [t for _, t in section_five_items(HEAD + body)] == [
        "政务公开内容的覆盖面与纵深度存在短板", "公开平台的活跃度和影响力有待增强", "政务公开工作队伍的专业素养仍需持续强化",
    ]


def test_a_bracketed_part_heading_after_a_line_without_final_punctuation() -> None:
    # (the line breaks of …信息更新不够及时 / (二)改进措施 / 1、… were lost)
    body = (
        "(一)工作中存在的主要问题政府信息公开数量少,公开比较单一,信息更新不够及时(二)改进措施1、要进一步充实信息公开内容,"
        "突出重点、热点和难点问题。2、不断提高政府信息公开的水平,进一步改进工作方式。"
    )
    items = section_five_items(HEAD + body)
    assert [part for part, _ in items] == ["problems", "problems", "improvements", "improvements"]
    assert items[1] == ("problems", "信息更新不够及时")
    assert items[2] == ("improvements", "要进一步充实信息公开内容,突出重点、热点和难点问题")


def test_a_single_point_left_by_a_cut_loses_its_enumerator() -> None:
    body = "(一)存在的主要问题:一是各科室对政府信息公开的认识不足;二是信息公开数量有待提高。\n(二)下一步工作打算:一是加大政府信息公开宣传培训"
    assert section_five_items(HEAD + body)[-1] == ("improvements", "加大政府信息公开宣传培训")


def test_what_was_published_or_counted_is_no_platform_work() -> None:
    for sentence in (
        "2019年,厅门户网站新增信息14129条,其中,工作动态类信息3455条,业务管理类信息10465条,综合管理类信息179条",
        "完成各类舆情处置15件;通过我局已开通的微信公众号发布信息微信185期、共计612篇;微博1366条",
        "新设专题专栏数2个,维护专题专栏数1个",
    ):
        assert rules_narrative(f"一、总体情况\n(一)主动公开\n{sentence}。\n").platform_work == [], sentence
    # (a column set up stays work; a gazette edited is work on the gazette, not a statistics release)
    assert [w.kind for w in rules_narrative("一、总体情况\n新设专题专栏2个。\n").platform_work] == ["website"]
    assert [w.kind for w in rules_narrative("一、总体情况\n全年各项工作稳步推进。\n编辑出版政府公报12期。\n").platform_work] == ["gazette"]
    assert rules_narrative("一、总体情况\n编印统计公报、统计年鉴等统计产品。\n").platform_work == []


def test_websites_and_accounts_assessed_are_oversight() -> None:
    n = rules_narrative("一、总体情况\n(五)监督保障\n开展政府网站与政务新媒体考评工作。\n")
    assert (n.platform_work, [w.kind for w in n.oversight]) == ([], ["assessment"])
    # (a site checked and monitored is still work on it)
    assert [w.kind for w in rules_narrative("一、总体情况\n开展网站日常检查和监测,完善网站安全措施。\n").platform_work] == ["website"]


def test_the_second_of_the_pair_after_a_comma_is_a_zero_too() -> None:
    for sentence in ("无因政府信息产生行政复议,提起行政诉讼情况发生。", "没有行政复议,提起行政诉讼的情况。"):
        assert rules_zeros(f"一、总体情况\n(二)依申请公开情况。{sentence}\n") == [("行政复议", 0), ("行政诉讼", 0)], sentence
    # (a clause with a figure of its own is not the negation's)
    zeros = rules_zeros("一、总体情况\n(二)依申请公开情况。未发生行政复议,诉讼案件2件。\n")
    assert ("行政诉讼", 0) not in zeros and ("行政复议", 0) in zeros


def test_a_ranking_moved_and_a_read_count_are_no_counts() -> None:
    n = rules_narrative(
        "浙江省某局2023年政府信息公开工作年度报告\n浏览:13019次\n一、总体情况\n(一)主动公开\n"
        "全年主动发布各类政府信息8000余条。我省融媒体指数13989,位列全国各省第5位,较上年提升6位。\n"
    )
    assert [(f.value, f.unit) for f in n.all_counts()] == [(8000, "条")]


def test_a_gazette_issued_under_its_title_is_work_on_the_gazette() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年主动公开信息50条。\n印发《朔州市人民政府公报》6期,丰富公众线下获取渠道。\n")
    assert [w.kind for w in n.platform_work] == ["gazette"]
    # (a document issued is no platform: 印发《…工作要点》)
    assert rules_narrative("一、总体情况\n全年各项工作稳步推进。\n印发《2023年政务公开工作要点》。\n").platform_work == []


def test_a_change_set_off_by_a_comma_and_a_figure_of_speech_are_no_counts() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n全年主动公开信息50条,同上年相比,增加6条。以“两个抓手”推进公开工作。\n")
    assert [(f.value, f.unit) for f in n.all_counts()] == [(50, "条")]


def test_the_ways_a_summary_lists_are_no_oversight() -> None:
    n = rules_narrative("一、总体情况\n全年各项工作稳步推进。\n通过建章立制、完善载体、调研督查、开展培训等方式,努力保障人民群众的知情权。\n")
    assert n.oversight == []


def test_a_menu_item_added_and_an_open_day_told_with_a_count_are_platform_work() -> None:
    for sentence, kind in (
        ("在“嘉定国防动员”微信公众号底部菜单中新增“随申办-民防地图”跳转选项,让公众可以直接点击该选项", "new_media"),
        ("持续做好做实“政府开放日活动”,主动公开活动相关方案和简报114条", "open_day"),
    ):
        n = rules_narrative(f"一、总体情况\n全年各项工作稳步推进。\n{sentence}。\n")
        assert [w.kind for w in n.platform_work] == [kind], sentence


def test_a_purpose_a_duty_and_a_redesigned_site_described_are_no_platform_work() -> None:
    n = rules_narrative(
        "一、总体情况\n全年各项工作稳步推进。\n同时,为有效提高我局政府信息公开网站的信息发布质量,我局还积极组织人员参加信息公开相关工作培训和工作会议。\n"
    )
    assert (n.platform_work, [w.kind for w in n.oversight]) == ([], ["training"])
    for sentence in ("办公室具体负责政府信息公开网站内容维护、组织协调等日常工作", "改版后的网站页面以红色为主基调,布局更加合理"):
        assert rules_narrative(f"一、总体情况\n全年各项工作稳步推进。\n{sentence}。\n").platform_work == [], sentence
    # (a redesign done is work; who is in charge keeps its oversight word: 负责人…检查)
    assert [w.kind for w in rules_narrative("一、总体情况\n全年各项工作稳步推进。\n对政府网站进行了3次改版升级。\n").platform_work] == ["redesign"]


def test_a_training_in_a_point_of_none_an_open_theme_day_and_a_law_s_review() -> None:
    n = rules_narrative(
        "一、总体情况\n全年各项工作稳步推进。\n(一)主动公开\n1.2024年,我单位安排专人负责政府信息公开相关工作。参加区行政审批局组织召开的业务培训。"
        "全年通过区政府网站发布信息40条。\n"
    )
    assert [w.kind for w in n.oversight] == ["training"]
    assert [w.kind for w in rules_narrative("一、总体情况\n全年各项工作稳步推进。\n精心组织开展政务公开主题日活动,邀请省政协委员参观调研。\n").platform_work] == ["open_day"]
    assert rules_narrative("一、总体情况\n全年各项工作稳步推进。\n公开规范性文件1044条、立法后评估报告8篇。\n").oversight == []
    assert [f.value for f in rules_narrative("一、总体情况\n(一)主动公开\n全年发布信息300条,总推荐量1750万。\n").all_counts()] == [300]


def test_an_insertion_in_a_name_and_a_zero_for_review_or_suit() -> None:
    n = rules_narrative("一、总体情况\n(一)主动公开\n组织指导市政府门户网站、7个县(市)区政府门户网站建立了专栏。\n")
    assert [(f.value, f.unit) for f in n.all_counts()] == [(7, "个")]
    zeros = rules_zeros("一、总体情况\n(三)复议诉讼情况。\n2021年,本委因政府信息公开工作而被申请行政复议或被提起行政诉讼的情况:0件。\n")
    assert [v for _, v in zeros] == [0, 0] and "行政诉讼" in zeros[1][0]


def test_criteria_and_attributes_weighed_are_no_oversight_and_a_bare_she_sets_up_a_column() -> None:
    for sentence in ("对照考核指标全面梳理,查漏补缺,完成了基层政务公开专栏内容的更新", "积极开展文件公开属性和有效性评估调整"):
        assert rules_narrative(f"一、总体情况\n全年各项工作稳步推进。\n{sentence}。\n").oversight == [], sentence
    n = rules_narrative("一、总体情况\n全年各项工作稳步推进。\n设专栏对政府集中采购项目实施情况全过程公开,共公开121件。\n")
    assert [w.kind for w in n.platform_work] == ["website"]


def test_none_of_these_under_the_heading_of_reviews_and_suits() -> None:
    zeros = rules_zeros(
        "一、总体情况\n(二)依申请公开办理情况。本年度未收到依申请公开事项的请求。\n"
        "(三)因政府信息公开申请行政复议、提起行政诉讼情况。本年度无此类情况。\n"
    )
    assert [q for q, _ in zeros][-2:] == ["行政复议", "行政诉讼"]
    # (under another heading it names no review or suit; a review corrected is no review denied)
    assert rules_zeros("一、总体情况\n(四)政府信息管理情况。\n本年度无此类情况。\n") == []
    assert rules_zeros("一、总体情况\n(二)依申请公开。收到申请3件。\n(三)被行政复议纠错情况\n本年度无此类情况。\n") == [("收到申请", 3)]


def test_a_gazette_made_a_system_built_and_assessment_indicators_issued() -> None:
    for sentence, kind in (
        ("编发市政府公报12期,公开政策文件50件", "gazette"),
        ("全年共编发《市政府公报》24期,纸质版发行量43.2万册", "gazette"),
        ("研发政府信息填报、录入和管理系统", "system"),
        ("建立智能化政策问答平台", "system"),
    ):
        n = rules_narrative(f"一、总体情况\n全年各项工作稳步推进。\n{sentence}。\n")
        assert [w.kind for w in n.platform_work] == [kind], sentence
    # (a gazette's issues late in a list of what was published stay content)
    n = rules_narrative("一、总体情况\n全年各项工作稳步推进。\n主动公开政府信息26040条,重点领域信息公开8721条,编辑发布《东城区政府公报》5期。\n")
    assert n.platform_work == []
    n = rules_narrative("一、总体情况\n全年各项工作稳步推进。\n制定印发了《2020年政务公开、政府网站、政务新媒体考核评估指标》。\n")
    assert [w.kind for w in n.oversight] == ["assessment"]


def test_applications_for_a_licence_are_no_applications_for_information() -> None:
    # (an analyst's read of U112's output: the digest said 本年新收政府信息公开申请5家 from 申請受理許可5家)
    n = rules_narrative("一、总体情况\n(二)依申请公开\n申請受理許可5家。2021年度收到政府信息公开申请3件。\n")
    assert [(f.value, f.unit) for f in n.application_counts] == [(3, "件")]
    assert [(f.value, f.unit) for f in n.other_counts] == [(5, "家")]
