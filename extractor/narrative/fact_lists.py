"""The fact lists of :class:`NarrativeFacts`, derived from the schema so that no other module writes them out.

``FACT_LISTS`` is every list field of :class:`NarrativeFacts` whose items are facts, in declaration (reading)
order, with the kind of its items: ``count`` (:class:`CountFact`), ``work`` (:class:`WorkItem`) or ``item``
(:class:`Item`).  A list added to the schema appears here, and in the review UI, the gold format and the
scorers that read these names, without another edit.
"""

from __future__ import annotations

from typing import Literal, get_args, get_origin

from extractor.narrative.schema import COUNT_LISTS as _LIST_OF_CATEGORY
from extractor.narrative.schema import CountCategory, CountFact, Item, NarrativeFacts, WorkItem, WorkKind

__all__ = ["COUNT_LISTS", "FACT_LISTS", "ITEM_LISTS", "LIST_CATEGORY", "WORK_KINDS", "WORK_LISTS", "FactKind"]

FactKind = Literal["count", "work", "item"]
_KINDS: dict[type, FactKind] = {CountFact: "count", WorkItem: "work", Item: "item"}


def _fact_lists() -> dict[str, FactKind]:
    lists: dict[str, FactKind] = {}
    for name, field in NarrativeFacts.model_fields.items():
        (item, *_) = get_args(field.annotation) or (None,)
        if get_origin(field.annotation) is list and item in _KINDS:
            lists[name] = _KINDS[item]
    return lists


FACT_LISTS: dict[str, FactKind] = _fact_lists()
COUNT_LISTS: tuple[str, ...] = tuple(name for name, kind in FACT_LISTS.items() if kind == "count")
WORK_LISTS: tuple[str, ...] = tuple(name for name, kind in FACT_LISTS.items() if kind == "work")
ITEM_LISTS: tuple[str, ...] = tuple(name for name, kind in FACT_LISTS.items() if kind == "item")
# count list -> the CountFact.category of its facts (the schema's COUNT_LISTS, the other way round)
LIST_CATEGORY: dict[str, CountCategory] = {name: category for category, name in _LIST_OF_CATEGORY.items()}
WORK_KINDS: tuple[WorkKind, ...] = get_args(WorkKind)
