"""Versioned prompt files: ``prompts/<name>/<version>.md``, parts under ``## <part>`` headings.

A prompt part is plain text with ``{{placeholder}}`` slots.  The prompt's identity (name, version and
the sha256 of the file) goes into every output and every cache key, so editing a prompt file is enough
to change behaviour and invalidate cached answers: no code change.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pydantic import BaseModel

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_PART = re.compile(r"^## +(?P<name>[\w-]+) *$", re.M)
_SLOT = re.compile(r"\{\{(\w+)\}\}")


class PromptError(ValueError):
    pass


class Prompt(BaseModel):
    name: str
    version: str
    sha256: str
    parts: dict[str, str]

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def render(self, part: str, **values: str) -> str:
        if part not in self.parts:
            raise PromptError(f"prompt {self.id} has no part '## {part}'")

        def fill(m: re.Match[str]) -> str:
            if m.group(1) not in values:
                raise PromptError(f"prompt {self.id} part {part}: no value for {{{{{m.group(1)}}}}}")
            return values[m.group(1)]

        return _SLOT.sub(fill, self.parts[part])


def prompts_dir() -> Path:
    return Path(os.environ.get("NIANBAO_PROMPTS_DIR") or PROMPTS_DIR)


def load_prompt(spec: str, root: Path | None = None) -> Prompt:
    """``"narrative@v1"`` or ``"narrative/v1"`` or a path to a ``.md`` file."""
    path = Path(spec)
    if path.suffix == ".md" and path.exists():
        name, version = path.parent.name, path.stem
    else:
        name, _, version = spec.replace("/", "@").partition("@")
        if not version:
            raise PromptError(f"prompt '{spec}': give name@version, e.g. narrative@v1")
        path = (root or prompts_dir()) / name / f"{version}.md"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PromptError(f"prompt file not found: {path} ({exc.strerror})") from None
    text = raw.decode("utf-8")
    heads = list(_PART.finditer(text))
    if not heads:
        raise PromptError(f"prompt file {path} has no '## part' headings")
    parts = {
        h.group("name"): text[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)].strip("\n")
        for i, h in enumerate(heads)
    }
    return Prompt(name=name, version=version, sha256=hashlib.sha256(raw).hexdigest(), parts=parts)
