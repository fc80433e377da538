"""The fact lists are derived from NarrativeFacts; the gold format, the review UI and the scorers follow."""

from __future__ import annotations

from typing import get_args

from extractor.evals.gold import GoldNarrative
from extractor.narrative import fact_lists
from extractor.narrative.schema import COUNT_LISTS, NarrativeFacts, WorkKind
from extractor.review.reports import FACT_LISTS, LIST_LABELS


def test_every_fact_list_of_the_schema_is_known_with_its_kind() -> None:
    assert list(fact_lists.FACT_LISTS) == [
        "proactive_counts", "application_counts", "review_litigation_counts", "platform_counts", "oversight_counts",
        "fees", "other_counts", "platform_work", "oversight", "problems", "improvements",
    ]
    assert set(fact_lists.COUNT_LISTS) == set(COUNT_LISTS.values())
    assert {fact_lists.LIST_CATEGORY[name] for name in fact_lists.COUNT_LISTS} == set(COUNT_LISTS)
    assert get_args(WorkKind) == fact_lists.WORK_KINDS
    assert set(fact_lists.FACT_LISTS) < set(NarrativeFacts.model_fields)


def test_gold_and_review_follow_the_schema() -> None:
    assert list(GoldNarrative.model_fields) == list(fact_lists.FACT_LISTS)
    assert {name: kind for name, (kind, _) in FACT_LISTS.items()} == fact_lists.FACT_LISTS
    assert set(LIST_LABELS) == set(fact_lists.FACT_LISTS)  # every list has a label for reviewers
