"""Regression: found rendering the labeled sets' section 一 with its line breaks lost (a page run into one line): a
sub-part title glued to the year its first sentence opens with (…便于公众查阅知悉。(四)平台建设2021年,中心创新推出“虚拟
自助机”服务平台…) was not read as the title, so the platforms part was not found and its one work item was lost."""

from __future__ import annotations

from extractor.normalize import normalize
from extractor.segment import find_sections, find_subparts

SQUASHED = (
    "一、总体情况(一)主动公开2021年,主动公开政府信息2853条。(二)依申请公开2021年,收到公开申请10件。"
    "(三)政务信息管理2021年,中心制定《政务公开工作要点》。(四)平台建设2021年,中心创新推出“虚拟自助机”服务平台,"
    "可在线办理房产证明等业务。(五)监督保障2021年,中心将政务公开纳入年度考核。二、主动公开政府信息情况\n"
)


def test_a_sub_part_title_glued_to_the_year_is_read() -> None:
    text = normalize(SQUASHED).text
    overview = next(s for s in find_sections(text) if s.key == "overview")
    parts = {p.key: p.title for p in find_subparts(text, overview)}
    assert parts.get("overview.platforms") == "平台建设"
    assert parts.get("overview.oversight") == "监督保障"
