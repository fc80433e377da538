"""Regression: read as an analyst would (the corpus's 平潭 2020 and 黄陂 street office 2020 with the default model),
digest sentences began inside a quotation or a citation (…相关精神。不公开为例外’，不断提升…; 第二十条规定，依法推进…)
or stopped inside a phrase (…，规范政府。); on a sample of 80 labeled reports 12 of 141 summary sentences did
(…积极推进政府信息公开各项工作，在主动公开。 / 坚持‘依法。 / 为推进依法行政、). Every word was in the source, so the
support check passed them. Such clauses are cut now (support.whole_clauses), and a sentence with no whole clause
left is not shipped (dropped as ``fragment``); a summary that is only the title of what is reported
(政府信息公开工作的基本概况。) is not shipped either."""

from __future__ import annotations

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor, without_frames
from extractor.narrative.support import whole_clauses
from extractor.report import extract_document

try:
    from tests.fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from fake_openai_server import FakeOpenAIServer, fake_llm, summary_responder  # type: ignore[no-redef]

__all__ = ["fake_llm"]

OVERVIEW = (
    "一、总体情况\n2020年，我区以习近平新时代中国特色社会主义思想为指导，坚持‘公开为常态、不公开为例外’，"
    "不断提升政务公开的主动性、便民性和及时性，切实保障公众的知情权、参与权和监督权。"
    "我区按照《条例》第二十条规定，依法推进各领域政府信息公开，全面加强政务公开平台建设与管理，规范政府信息公开工作。\n"
)


def test_clauses_cut_inside_a_phrase() -> None:
    source = ["我区按照《条例》的有关要求，积极推进政府信息公开各项工作，在主动公开方面，及时发布各类信息"]
    assert whole_clauses("我区按照《条例》的有关要求，积极推进政府信息公开各项工作，在主动公开。", source) == (
        "我区按照《条例》的有关要求，积极推进政府信息公开各项工作。"
    )
    assert whole_clauses("坚持‘依法。", ["坚持‘依法、规范、便民’原则"]) == ""
    # a clause the source prints whole stays, and so does one that says it in other words
    assert whole_clauses("加强组织领导，强化培训工作。", ["一是加强组织领导，强化培训工作"]) == "加强组织领导，强化培训工作。"
    assert whole_clauses("我局按时更新网站。", ["我局按时更新政府网站栏目"]) == "我局按时更新网站。"
    assert without_frames("政府信息公开工作的基本概况。") == ""


def test_digest_sentences_start_and_end_at_whole_clauses(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = summary_responder(
        "不公开为例外’，不断提升政务公开的主动性、便民性和及时性，切实保障公众的知情权、参与权和监督权。",
        "第二十条规定，依法推进各领域政府信息公开，全面加强政务公开平台建设与管理，规范政府。",
    )
    client = LLMClient(ProviderSettings(base_url=fake_llm.base_url, model="qwen2.5-7b-instruct"))
    n = extract_document(load_text(OVERVIEW), NarrativeExtractor(load_prompt("narrative@v2"), client, decides={"summaries"})).narrative
    assert n is not None
    assert [s.text for s in n.summaries] == [
        "不断提升政务公开的主动性、便民性和及时性，切实保障公众的知情权、参与权和监督权。",
        "依法推进各领域政府信息公开，全面加强政务公开平台建设与管理。",
    ]
