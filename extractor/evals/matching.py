"""How a predicted fact is matched to a gold fact: normalized values, unit classes, text similarity.

Counts match when the normalized values agree (万/亿/千 applied, money in 元), the unit classes are
compatible (条 and 件 are both "items", 次/场/期 are "events" …; a missing unit is compatible with any)
and both name the same quantity (:func:`same_quantity`): the name similarity is >= :data:`NAME_THRESHOLD`
(70), or >= :data:`NAME_THRESHOLD_SAME_PLACE` (40) when the prediction's evidence overlaps the gold quote; two
zeros at the same place about the same quantity of labeling rule 4 (applications, reviews, suits, fees,
carry-over) name it alike whatever their words (:func:`same_zero`).
Name similarity (:func:`quantity_similarity`, 0–100) is on the normalized Simplified text: the share of
the shorter name's characters found in order in the longer one (rapidfuzz ``LCSseq`` over the shorter
length), so words inserted or dropped cost nothing (主动公开政府信息 in 主动公开我区各级单位政府信息: 100),
a different verb or object does (收到政府信息公开申请 / 依法答复政府信息公开申请: 80; 行政复议 / 行政诉讼: 50).  The same test pairs the leftovers as wrong_unit / wrong_value.

Work items, problems and improvements match on the best of: paraphrase similarity (``ratio``), quote
similarity (``ratio``) and evidence overlap (shared characters of the two spans over the shorter span)
>= :data:`ITEM_THRESHOLD` (60).  Assignment is one-to-one, greedy by similarity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from extractor.normalize import to_simplified

NAME_THRESHOLD = 70.0
NAME_THRESHOLD_SAME_PLACE = 40.0
ITEM_THRESHOLD = 60.0

_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000}
UNIT_CLASSES: dict[str, frozenset[str]] = {
    "items": frozenset({"条", "件", "篇", "份", "项", "宗", "起", "例", "则", "条次", "件次", "篇次"}),
    "events": frozenset({"次", "场", "期", "轮", "批", "批次", "场次", "期次", "课时"}),
    "people": frozenset({"人", "名", "人次", "位"}),
    "bodies": frozenset({"个", "家", "所", "户", "处", "部", "类", "套", "座", "台", "本", "册"}),
    "money": frozenset({"元"}),
    "share": frozenset({"%", "个百分点"}),
    "duration": frozenset({"天", "小时", "工作日", "个工作日"}),
}
_CLASS_OF = {unit: name for name, units in UNIT_CLASSES.items() for unit in units}
_NOT_TEXT = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """Simplified script, half-width, lower case, no whitespace or punctuation."""
    simplified = to_simplified(text.translate(_FULL_WIDTH)).lower()
    return _NOT_TEXT.sub("", simplified)



_ALTERNATIVE = re.compile(r"(?:[(（][^()（）]{1,2}[)）]|[/／][^/／]{1,2})$")


def normalize_quantity(value: float, unit: str | None) -> tuple[float, str | None]:
    """(12000.0, "元") for (1.2, "万元"); (3.0, "件") for (3, "件"); the unit without its multiplier, in
    Simplified script (a gold file quotes 條 as printed, the extractor writes 条)."""
    u = to_simplified((unit or "").strip())
    u = _ALTERNATIVE.sub("", u) or u  # 条(次), 部(册), 条/次: the unit printed with another in brackets or after a slash is the first
    factor = 1.0
    while len(u) > 1 and u[0] in _MULTIPLIERS:
        factor *= _MULTIPLIERS[u[0]]
        u = u[1:]
    return float(value) * factor, (u or None)


def unit_class(unit: str | None) -> str | None:
    """The class a (multiplier-free) unit belongs to; an unknown unit is its own class; None for no unit."""
    if unit is None:
        return None
    return _CLASS_OF.get(unit, unit)


def units_compatible(a: str | None, b: str | None) -> bool:
    ca, cb = unit_class(a), unit_class(b)
    return ca is None or cb is None or ca == cb


def values_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def quantity_similarity(a: str, b: str) -> float:
    na, nb = normalize_text(a), normalize_text(b)
    if not na or not nb:
        return 0.0
    shorter = min(len(na), len(nb))
    if shorter < 2:  # one character inside a name is no evidence
        return float(fuzz.ratio(na, nb))
    return 100.0 * LCSseq.similarity(na, nb) / shorter


def same_quantity(name_similarity: float, overlap: float) -> bool:
    """The names say so, or the evidence is at the same place and the names agree somewhat."""
    return name_similarity >= NAME_THRESHOLD or (overlap > 0 and name_similarity >= NAME_THRESHOLD_SAME_PLACE)


# the quantities a zero statement is about (evals/README.md rule 4), by a word of their name
_ZERO_TOPICS = (("复议", "review"), ("诉讼", "litigation"), ("起诉", "litigation"), ("费", "fee"), ("结转", "carried_over"),
                ("申请", "application"), ("要求公开", "application"))


def zero_topic(name: str) -> str | None:
    """Which of rule 4's quantities a name is about (复议申请 and 向申请人收取费用 are not applications); None
    for none or several."""
    text = to_simplified(name)
    topics = {topic for word, topic in _ZERO_TOPICS if word in text}
    if topics & {"review", "litigation", "fee"}:
        topics.discard("application")
    return topics.pop() if len(topics) == 1 else None


def same_zero(gold: CountKey, pred: CountKey, overlap: float) -> bool:
    """Two zero statements at the same place about the same quantity of rule 4, whatever words name it
    (未对任何公民…收取任何费用 printed, 政府信息公开收费 labeled): a zero's name carries nothing else."""
    topic = zero_topic(gold.quantity)
    return overlap > 0 and gold.value == 0 and pred.value == 0 and topic is not None and topic == zero_topic(pred.quantity)


def text_similarity(a: str, b: str) -> float:
    na, nb = normalize_text(a), normalize_text(b)
    return float(fuzz.ratio(na, nb)) if na and nb else 0.0


def span_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    """Shared characters over the shorter span, 0–100."""
    if a is None or b is None:
        return 0.0
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return 100.0 * shared / shorter if shared > 0 and shorter > 0 else 0.0


@dataclass(frozen=True)
class CountKey:
    """What the count matcher compares, from a gold or a predicted fact."""

    quantity: str
    value: float
    unit: str | None

    @property
    def normalized(self) -> tuple[float, str | None]:
        return normalize_quantity(self.value, self.unit)


def count_match(gold: CountKey, pred: CountKey) -> bool:
    """The figures agree: same normalized value and compatible units (the quantity is tested apart)."""
    (gv, gu), (pv, pu) = gold.normalized, pred.normalized
    return values_equal(gv, pv) and units_compatible(gu, pu)


def wrong_unit(gold: CountKey, pred: CountKey) -> bool:
    """Same figure, different unit: the printed values agree but the units (or their multipliers)
    differ, or the normalized values agree but the unit classes are incompatible."""
    (gv, gu), (pv, pu) = gold.normalized, pred.normalized
    if values_equal(gold.value, pred.value) and (gold.unit or "") != (pred.unit or "") and not values_equal(gv, pv):
        return True
    return values_equal(gv, pv) and not units_compatible(gu, pu)


def greedy_pairs(
    gold: Sequence[int], pred: Sequence[int], score: Callable[[int, int], float], accept: Callable[[int, int, float], bool]
) -> list[tuple[int, int, float]]:
    """One-to-one pairs of gold and predicted indices, highest score first; ties by position (stable)."""
    candidates = []
    for g in gold:
        for p in pred:
            s = score(g, p)
            if accept(g, p, s):
                candidates.append((-s, g, p))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for neg, g, p in candidates:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        pairs.append((g, p, -neg))
    return pairs
