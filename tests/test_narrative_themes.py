"""Themes of problems and improvements: the codebook, the keyword rules, and the model's constrained choice."""

from __future__ import annotations

import json
from typing import Any

import pytest

from extractor.llm.openai_client import LLMClient
from extractor.llm.prompts import load_prompt
from extractor.llm.settings import ProviderSettings
from extractor.load import load_text
from extractor.narrative.extract import NarrativeExtractor
from extractor.narrative.themes import THEME_CHOICES, THEME_KEYS, THEME_LABELS, THEMES, theme_key, theme_of
from extractor.normalize import normalize
from extractor.report import extract_document
from tests.conftest import GOLD
from tests.fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder

__all__ = ["fake_llm"]

PROMPT = load_prompt("narrative@v2")
REPORT = """2022年某某区人民政府办公室政府信息公开工作年度报告
一、总体情况
全年主动公开政府信息4250条。
五、存在的主要问题及改进情况
（一）存在的主要问题
一是政务公开培训力度不够，培训形式较为单一；二是政策解读形式有待丰富；三是依申请公开答复还不够规范。
（二）改进措施
一是加强业务培训；二是丰富政策解读形式，多用图表图解；三是完善依申请公开办理流程。
"""


@pytest.mark.parametrize(("text", "theme"), [
    ("政策解读形式不够丰富，未能充分运用图表图解", "policy_interpretation"),
    ("依申请公开答复有待继续规范", "on_request"),
    ("少数政务新媒体“政务”属性不够突出，互动效果有待加强", "new_media"),
    ("政府网站集约化建设需持续推进", "websites"),
    ("基层政务公开标准化规范化水平有待进一步提升", "grassroots"),
    ("公开工作队伍能力建设不够，专业化水平不高", "staff_training"),
    ("进一步提高认识，加大主动公开工作力度", "scope_depth"),  # a stock opening is not the point
    ("创新工作方式，加强公众参与力度", "interaction"),  # 工作方式 is not a form of disclosure
    ("及时更新、扩大公开内容，确保公开信息的完整性和准确性", "release_standards"),
    ("重点领域信息公开深度不够", "scope_depth"),
    ("完善运行机制", "mechanisms"),
    ("强化监督，定期开展自查并及时整改", "oversight"),
    ("便民服务仍有差距", "other"),
])
def test_rules_choose_the_theme_a_reader_would(text: str, theme: str) -> None:
    assert theme_of(text) == theme


def test_traditional_script_after_normalization() -> None:
    assert theme_of(normalize("依申請公開答復有待繼續規范").text) == "on_request"


def test_the_codebook_is_the_prompts_list_and_every_key_has_a_label() -> None:
    assert len(set(THEME_CHOICES)) == len(THEMES) == len(THEME_KEYS)
    system = PROMPT.parts["themes_system"]
    for theme in THEMES:
        assert f"{theme.label}：{theme.scope}" in system
    assert "{{items}}" in PROMPT.parts["themes_user"] and THEME_LABELS["other"] == "其他"
    assert theme_key("网站与平台") == "websites" and theme_key("websites") == "websites" and theme_key("别的") is None


def test_every_gold_problem_and_improvement_has_a_theme_of_the_codebook() -> None:
    for path in sorted(GOLD.glob("*.json")):
        narrative = json.loads(path.read_text(encoding="utf-8")).get("narrative") or {}
        for item in [*narrative.get("problems", []), *narrative.get("improvements", [])]:
            assert item["theme"] in THEME_KEYS, (path.name, item)


def _client(server: FakeOpenAIServer) -> LLMClient:
    return LLMClient(ProviderSettings(base_url=server.base_url, model="qwen2.5-7b-instruct"))


def _choosing(theme_label: str) -> Any:
    """The fake model: every theme ask answered with one label (and one answer outside the choices)."""

    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        if "主题" in body["messages"][0]["content"]:
            keys = list(answer_schema(body)["properties"])
            answer = dict.fromkeys(keys, theme_label)
            answer[keys[-1]] = "不在清单里"  # outside the choices: no answer, the rules' theme stays
        return Reply(json.dumps(answer, ensure_ascii=False))

    return respond


def test_the_model_chooses_among_the_codebook_and_the_rules_fill_in(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.responder = _choosing("监督考核")
    report = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT, _client(fake_llm), decides={"themes"}))
    n = report.narrative
    assert n is not None and n.decided_by["themes"] == "llm" and n.decided_by["items"] == "rules"
    items = [*n.problems, *n.improvements]
    assert len(items) == 6
    assert [i.theme for i in items[:-1]] == ["oversight"] * 5
    assert items[-1].theme == "on_request"  # the rules' theme where the answer was not a choice
    schemas = [answer_schema(b) for b in fake_llm.requests]
    themes_schema = next(s for s in schemas if "网站与平台" in json.dumps(s, ensure_ascii=False))
    assert all(prop["enum"] == list(THEME_CHOICES) for prop in themes_schema["properties"].values())


def test_rules_only_every_item_has_the_rules_theme() -> None:
    n = extract_document(load_text(REPORT), NarrativeExtractor(PROMPT)).narrative
    assert n is not None and n.decided_by["themes"] == "rules"
    assert [i.theme for i in n.problems] == ["staff_training", "policy_interpretation", "on_request"]
    assert [i.theme for i in n.improvements] == ["staff_training", "policy_interpretation", "on_request"]
