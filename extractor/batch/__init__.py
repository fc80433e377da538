"""``nianbao batch``: thousands of reports into one folder of outputs, resumable and concurrent.

Modules: :mod:`.run` (what the command does: ``run_batch``, ``collect_batch``), :mod:`.inputs` (which
files), :mod:`.state` (the SQLite state in OUT), :mod:`.runner` (live mode: the thread or process pool),
:mod:`.limits` (bounded LLM requests, token budget, stop), :mod:`.batch_api` (OpenAI Batch API
submit/collect), :mod:`.records` and :mod:`.outputs` (the flat files), :mod:`.progress`.
"""
