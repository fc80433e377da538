"""Versioned prompt files: ``prompts/<name>/<version>.md``, parts under ``## <part>`` headings.

A prompt part is plain text with ``{{placeholder}}`` slots.  The prompt's identity (name, version and
the sha256 of the file) goes into every output and every cache key, so editing a prompt file is enough
to change behaviour and invalidate cached answers: no code change.

The prompts are edited in the repository's top-level ``prompts/`` folder, which the build ships as the
data package ``extractor.prompts`` (``pyproject.toml``: ``package-dir``): :func:`load_prompt` reads them
with :mod:`importlib.resources`, so a name (``narrative@v2``) works the same from a wheel, an editable
install or a checkout; ``NIANBAO_PROMPTS_DIR`` points at another folder of the same layout, and a path to
a ``.md`` file is read as is.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from extractor.errors import NianbaoError

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

DEFAULT_PROMPT = "narrative@v2"
PROMPTS_PACKAGE = "extractor.prompts"
SOURCE_PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"  # a checkout run without installing
_PART = re.compile(r"^## +(?P<name>[\w-]+) *$", re.M)
_SLOT = re.compile(r"\{\{(\w+)\}\}")


class PromptError(NianbaoError, ValueError):
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


def prompts_dir() -> Traversable:
    """Where named prompts are: ``$NIANBAO_PROMPTS_DIR``, else the shipped ``extractor.prompts``."""
    if custom := os.environ.get("NIANBAO_PROMPTS_DIR"):
        return Path(custom)
    from importlib import resources  # here: the command line starts faster without it

    try:
        return resources.files(PROMPTS_PACKAGE)
    except ModuleNotFoundError:
        return SOURCE_PROMPTS_DIR


def load_prompt(spec: str, root: Traversable | None = None) -> Prompt:
    """``"narrative@v2"`` or ``"narrative/v1"`` or a path to a ``.md`` file."""
    path: Traversable = Path(spec)
    if spec.endswith(".md") and Path(spec).exists():
        name, version = Path(spec).parent.name, Path(spec).stem
    else:
        name, _, version = spec.replace("/", "@").partition("@")
        if not version:
            raise PromptError(f"prompt '{spec}': give name@version, e.g. narrative@v2")
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
