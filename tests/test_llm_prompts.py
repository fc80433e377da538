"""Versioned prompt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.llm.prompts import PromptError, load_prompt


def test_shipped_prompt_loads_with_every_part() -> None:
    prompt = load_prompt("narrative@v2")
    assert prompt.id == "narrative@v2" and len(prompt.sha256) == 64
    for task in ("counts", "items", "work", "briefs", "summary"):  # every ask of the narrative stage
        assert {f"{task}_system", f"{task}_user"} <= prompt.parts.keys()
    text = prompt.render("items_user", title="T", items="培训力度：培训力度不够")
    assert "培训力度不够" in text and "{{" not in text


def test_missing_slot_and_part_are_one_line_errors() -> None:
    prompt = load_prompt("narrative@v2")
    with pytest.raises(PromptError, match="no value for"):
        prompt.render("items_user", title="T")
    with pytest.raises(PromptError, match="has no part"):
        prompt.render("nope")


def test_unknown_prompt_and_file_path(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="not found"):
        load_prompt("narrative@v999")
    with pytest.raises(PromptError, match="name@version"):
        load_prompt("narrative")
    path = tmp_path / "mine" / "v3.md"
    path.parent.mkdir()
    path.write_text("## system\nhello {{x}}\n", encoding="utf-8")
    prompt = load_prompt(str(path))
    assert prompt.id == "mine@v3" and prompt.render("system", x="世界") == "hello 世界"
