"""Talking to LLMs, independent of reports: where the model is, how to ask it, what it cost.

:mod:`.settings` (endpoint, key, limits), :mod:`.profiles` (per-model quirks), :mod:`.usage` (``Usage``,
``TokenBudget``), :mod:`.client` (the ``ChatClient`` protocol and its outcome), :mod:`.openai_client`
(the OpenAI-compatible implementation), :mod:`.wrappers` (recording, deferring), :mod:`.embedded` (the
llama.cpp model on loopback), :mod:`.connect` (``open_client``), :mod:`.tracing` (Langfuse),
:mod:`.cache` (answers in SQLite), :mod:`.prompts` (versioned prompt files).  Nothing here imports a
report stage; the narrative stage uses this package.
"""
