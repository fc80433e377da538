"""Regression: read as an analyst would in the corpus's 平潭 2020, the digest's 主动公开 total was 1053, the last kind
of a breakdown (其他应主动公开政府信息1053条), not the total before it (共公布政府信息2602条): 公布 was no verb of the
total, and one kind of the information counted as the total. Over the labeled sets 12 digest totals change (7 totals
printed with 公布 found where there were none; 4 kinds or other channels no longer shown as the total)."""

from __future__ import annotations

from extractor.llm.prompts import load_prompt
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.report import extract_document


def _total(text: str) -> float | None:
    digest = extract_document(load_text(text), NarrativeExtractor(load_prompt("narrative@v2"))).digest
    assert digest is not None
    return {f.key: f.value for f in digest.figures}.get("proactive.total")


def test_the_total_is_not_one_kind_of_it() -> None:
    text = (
        "一、总体情况\n全年我区政府信息公开单位共公布政府信息2602条，其中机构职能类信息82条，规范性文件类信息80条，"
        "科教文体卫生类信息246条，其他应主动公开政府信息1053条。\n"
    )
    assert _total(text) == 2602


def test_a_remark_on_the_total_does_not_make_it_one_kind() -> None:
    assert _total("一、总体情况\n全年在我局网站上主动公开政务信息（包括新闻类信息）4901条。\n") == 4901
