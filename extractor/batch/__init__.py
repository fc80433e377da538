"""``nianbao batch``: thousands of reports into one folder of outputs, resumable and concurrent.

Modules: :mod:`.inputs` (which files), :mod:`.state` (the SQLite state in OUT), :mod:`.runner` (live
mode: thread pool, bounded LLM requests, token budget, stop), :mod:`.batch_api` (OpenAI Batch API
submit/collect), :mod:`.records` and :mod:`.outputs` (the flat files), :mod:`.progress`, :mod:`.cli`.
"""

from __future__ import annotations

from extractor.batch.cli import register_cli

__all__ = ["register_cli"]
