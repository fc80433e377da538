"""Regression: the default model's summary sentences that run on, repeating one clause or list member
(积极主动做好主动公开、依申请公开、政府信息管理、依申请公开、依申请公开… from a sentence that names each once), passed
the word check, since every one of their words is in the section, and shipped in the digest (three of 422 model
strings on U161–U200, found by reading an extract)."""

from __future__ import annotations

from extractor.evals.faithfulness import SUPPORT_CODES
from extractor.narrative.support import check_words, repeated_piece

SECTION = "2024年,政府办公室积极主动做好主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作,努力提升公开质量和实效。"


def test_a_list_member_written_more_often_than_printed_is_refused() -> None:
    written = "积极主动做好主动公开、依申请公开、政府信息管理、依申请公开、依申请公开、依申请公开。"
    verdict = check_words(written, SECTION)
    assert verdict.reason == "repeated" and verdict.detail == "依申请公开"
    assert "repeated" in SUPPORT_CODES  # counted as unsupported text by the harness
    for written in (
        "提高统计工作透明度，提升统计工作质量，提升统计工作效率，提升统计工作质量，提升统计工作效率，提升统计工作质量。",
        "紧紧围绕疫情防控、疫情防控、疫情防控、疫情防控。",
    ):
        assert repeated_piece(written, "提高统计工作透明度,提升统计工作质量和效率;紧紧围绕疫情防控") is not None


def test_what_the_source_itself_repeats_may_be_repeated() -> None:
    assert check_words("积极主动做好主动公开、依申请公开、政府信息管理。", SECTION).ok
    source = "加强培训,提升能力。下半年继续加强培训,强化考核。"
    assert repeated_piece("加强培训,提升能力,加强培训。", source) is None
