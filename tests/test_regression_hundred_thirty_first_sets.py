"""Regressions found on the hundred-and-thirty-first to hundred-and-thirty-fifth unseen sets (U131–U135):

- an online system launched under its quoted name (开发建设“全市政府信息依申请公开智能化办理系统”) lost its platform noun
  with the quotes, so it was no platform work;
- oversight read in the channels a sentence lists (通过校园广播台、校报、督办专刊等渠道公开各类信息), in fees published
  (及时公开各项诊疗检查费用) and in a document published (挂牌督办通知书);
- counts read where there are none: the parts of the report after the last part's title (…,其他需要报告的事项六个部分),
  a reach figure (共计阅览2000余万人次) and an average (日均受理7.5件); and a fee not charged said with 不涉及
  (不涉及政府信息公开收费) was no zero."""

from __future__ import annotations

from tests.conftest import rules_narrative, rules_zeros


def test_an_online_system_launched_under_its_quoted_name() -> None:
    n = rules_narrative("一、总体情况\n2024年,我市持续深化政务公开。开发建设“全市政府信息依申请公开智能化办理系统”,实现全流程监管和全闭环管理。\n")
    assert [w.kind for w in n.platform_work] == ["system"]


def test_channels_fees_and_documents_published_are_no_oversight() -> None:
    for sentence in (
        "此外,我校还通过校园广播台、校报、督办专刊等渠道公开各类信息",
        "医院充分利用网络平台,发布门诊就诊和办理住院须知,及时公开各项诊疗检查费用",
        "及时公开1起事故调查报告、4件较大事故查处挂牌督办通知书",
    ):
        assert rules_narrative(f"一、总体情况\n{sentence}。\n").oversight == [], sentence
    # (a check held and a 督办函 issued stay oversight)
    assert [w.kind for w in rules_narrative("一、总体情况\n下发工作通报1期,督办函1期。\n").oversight] == ["accountability"]


def test_parts_of_the_report_a_reach_figure_and_an_average_are_no_counts() -> None:
    n = rules_narrative(
        "本报告包括总体情况,主动公开政府信息情况,存在的主要问题及改进情况,其他需要报告的事项六个部分。\n一、总体情况\n"
        "上传动态21000余条,发布至微信公众号平台,共计阅览2000余万人次。中心日均受理7.5件,全年受理2741件。\n"
    )
    values = sorted(f.value for k in ("proactive_counts", "platform_counts", "other_counts", "application_counts") for f in getattr(n, k))
    assert values == [2741, 21000]


def test_a_fee_not_charged_said_with_bu_she_ji_is_a_zero() -> None:
    assert rules_zeros("一、总体情况\n无外单位和个人向我院申请公开信息,不涉及政府信息公开收费。\n")[-1:] == [("政府信息公开收费", 0)]
