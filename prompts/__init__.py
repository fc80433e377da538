"""The prompt files, edited here and shipped in the wheel as the data package ``extractor.prompts``.

``prompts/<name>/<version>.md`` is loaded by name (``narrative@v1``) through :mod:`importlib.resources`;
see :mod:`extractor.llm.prompts` and ``pyproject.toml`` (``package-dir``).  This file only makes the folder
a package for that mapping; it holds no code.
"""
