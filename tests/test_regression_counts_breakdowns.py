"""Regressions found on the sixteenth unseen set, counts: the parts of a channel's count, and what is answered
under 主动公开.

- the parts listed after 其中 are published through the channel of the count they are parts of
  (网站主动公开信息131条,其中新闻发布95条,…,办事指南3条), also when a part names no publishing verb;
  a part that names its own channel keeps it (其中微博183条); a part that is no count of items
  (留言互动6人次) has no channel; 头条新闻 is a kind of news, not 今日头条;
- 官网 is the portal; a list of channels (通过微博、微信、…今日头条等发布…) is the channel of the count that ends it,
  a list of counts (网站258条、微信公众号20条) is not;
- (eighteenth set) in a list of parts, one that says how it went out (公开查阅点公开…674条) has not its siblings'
  channel; 未因政府信息公开工作引发行政复议 is a zero; notices and supervision letters to units (工作通报, 督办函) are
  oversight;
- (nineteenth set) a zero statement with a long subject (未收到任何公民、法人或者其他组织…的公开申请); publicity
  material (宣传海报, 手册, 标语) is an other count, not information published;
- a count followed by a total of another unit (公报4期共800本): 共 is no noun that names the first;
- under 主动公开, letters and work orders answered (回复市政府公开信箱来信20件) are no applications for information.
"""

from __future__ import annotations

from tests.conftest import rules_narrative as _rules


def _channels(source: str) -> dict[str, str | None]:
    n = _rules(source)
    return {f.evidence.quote: f.channel for f in n.proactive_counts}


def test_the_parts_of_a_channels_count_are_of_that_channel() -> None:
    got = _channels(
        "一、总体情况\n(一)主动公开情况\n"
        "2023年,网站主动公开信息131条,其中新闻发布95条,政务公开重点工作17条,办事指南3条,通知公告7条;"
        "微信公众号发布图文54条,其中自制图文通知16条,推荐转发新闻38条。\n"
        "(二)依申请公开情况\n全年未收到政府信息公开申请。\n"
    )
    assert got["办事指南3条"] == "门户网站"
    assert got["通知公告7条"] == "门户网站"
    assert got["其中自制图文通知16条"] == "微信公众号"
    assert got["推荐转发新闻38条"] == "微信公众号"


def test_a_part_that_names_its_own_channel_or_is_no_count_of_items() -> None:
    got = _channels(
        "一、总体情况\n(一)主动公开情况\n"
        "充分利用微博、微信公众号等新媒体及时发布信息,全年发布信息578条,其中微博183条,微信公众号270条。"
        "门户网站全年发布文化和旅游信息740条,其中发布解读信息14条,头条新闻112条。\n"
    )
    assert got["其中微博183条"] == "微博"
    assert got["微信公众号270条"] == "微信公众号"
    assert got["头条新闻112条"] == "门户网站"


def test_letters_answered_under_proactive_disclosure_are_no_applications() -> None:
    n = _rules(
        "一、总体情况\n1.主动公开\n"
        "三是认真开展政府公开信箱回复工作,安排专人每日登录查询。今年共回复市政府公开信箱来信20件。\n"
        "2.依申请公开\n今年我办收到依申请公开件3件,均按时办结。\n"
    )
    assert [f.value for f in n.proactive_counts] == [20]
    assert 3 in [f.value for f in n.application_counts]


def test_the_official_site_and_a_list_of_channels() -> None:
    got = _channels(
        "一、总体情况\n(一)主动公开情况\n"
        "2022年,通过官网发布信息3374条。通过微博、微信、抖音、快手、今日头条等发布信息1.42万条。"
        "其中通过网站公开258条、微信公众号20条、公告3条。\n"
    )
    assert got["通过官网发布信息3374条"] == "门户网站"
    # (twenty-first set) accounts on commercial apps are 政务新媒体, the gold's normalized name
    # (the last of a list closed by 等 quotes the whole list: U233)
    assert got["通过微博、微信、抖音、快手、今日头条等发布信息1.42万条"] == "微博、微信公众号、政务新媒体"
    assert got["公告3条"] is None  # a list of counts is no list of channels


def test_a_part_that_says_how_it_went_out_has_not_its_siblings_channel() -> None:
    got = _channels(
        "一、总体情况\n"
        "2021年,全县主动公开政府信息19108条,其中政府网站公开政府信息12723条,政务新媒体公开政府信息4822条,"
        "公开查阅点公开政府信息674条,其他方式公开政府信息889条。\n"
        "(一)主动公开情况。其中,通过县政府门户网站公布政务要闻672条,视频新闻259条。\n"
    )
    assert got["公开查阅点公开政府信息674条"] is None
    assert got["其他方式公开政府信息889条"] is None
    assert got["视频新闻259条"] == "门户网站"


def test_no_review_caused_by_disclosure_and_notices_to_units() -> None:
    n = _rules(
        "一、总体情况\n(二)依申请公开情况\n2025年度,本乡未收到政府信息公开申请,亦未因政府信息公开工作引发行政复议或行政诉讼案件。\n"
        "(五)监督保障\n举办培训班2期。下发工作通报1期,督办函1期。\n"
    )
    assert {f.value for f in n.review_litigation_counts} == {0}
    assert sorted(f.evidence.quote for f in n.oversight_counts) == ["下发工作通报1期", "举办培训班2期", "督办函1期"]


def test_a_long_zero_statement_and_publicity_material() -> None:
    n = _rules(
        "一、总体情况\n(二)依申请公开方面:2023年,南龙镇未收到任何公民、法人或者其他组织向我镇获取相关政府信息的公开申请。\n"
        "(四)平台建设\n全年共张贴宣传海报200余份,发放各类政策宣传手册、宣传单页及口袋书8000余份,悬挂宣传标语12条。\n"
    )
    assert [f.value for f in n.application_counts] == [0]
    assert sorted(f.value for f in n.other_counts) == [12, 200, 8000]


def test_a_count_followed_by_its_total_of_another_unit() -> None:
    n = _rules("一、总体情况\n(一)主动公开。编制印发《兴庆区人民政府公报》4期共800本,均已发放各单位。\n")
    assert 4 in [f.value for f in n.proactive_counts]


def test_parts_listed_in_the_next_sentence_or_after_a_semicolon() -> None:
    got = _channels(
        "一、总体情况\n(一)政府信息主动公开情况 2023年度在永嘉县政府信息公开网站上共新增主动公开政府信息50条。"
        "其中机构类信息20条,工作类信息11条。\n"
        "(二)通过镇微信公众号发布信息共122篇,其中一周工作动态有50篇,工作简报有43篇;法律宣传有5篇。\n"
    )
    assert got["其中机构类信息20条"] == "门户网站"
    assert got["工作类信息11条"] == "门户网站"
    assert got["法律宣传有5篇"] == "微信公众号"
