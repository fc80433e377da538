"""Versioned prompt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.llm.prompts import PromptError, load_prompt


def test_shipped_prompt_loads_with_every_part() -> None:
    prompt = load_prompt("narrative@v1")
    assert prompt.id == "narrative@v1" and len(prompt.sha256) == 64
    assert {"system", "user", "example_user", "example_assistant"} <= prompt.parts.keys()
    text = prompt.render("user", title="T", text="[S1]正文[#1]3件")
    assert "正文" in text and "[#1]" in text and "{{" not in text


def test_missing_slot_and_part_are_one_line_errors() -> None:
    prompt = load_prompt("narrative@v1")
    with pytest.raises(PromptError, match="no value for"):
        prompt.render("user", title="T")
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
