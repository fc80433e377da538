"""The review UI: reviewers check extracted facts against the source text, table cells and failed checks.

:mod:`.reports` reads what is reviewed (ExtractedReport JSON and the source text), :mod:`.store` keeps the
decisions (SQLite), :mod:`.state` combines the two, :mod:`.views` and :mod:`.app` are the web app,
:mod:`.server` opens and serves a review (``nianbao review OUT``), :mod:`.export` turns decisions into gold
files and Label Studio tasks (``nianbao review export OUT``).
"""
