"""The review UI: reviewers check extracted facts against the source text, table cells and failed checks.

``nianbao review OUT`` serves it; ``nianbao review export OUT --gold DIR`` turns the decisions into gold files.
"""

from extractor.review.cli import register_cli

__all__ = ["register_cli"]
