"""How sure a score is: bootstrap intervals over reports, flip rates over repeats, the paired test of two runs.

A run holds one or more *repeats* of the same suite (``eval run --repeat K``, the answer cache bypassed).
Everything here works on the per-report tallies the scorer already keeps (:class:`~extractor.evals.score.CaseField`),
so a field's score is always the same micro average as :class:`~extractor.evals.score.FieldScore`:

* **value** – the field's score with every repeat pooled (the tallies of all repeats summed).
* **interval** – a percentile bootstrap: draw the reports with replacement and, for each drawn report, one of
  its repeats; recompute the micro score; the central ``confidence`` share of ``samples`` draws.  Seeded (the
  suite's ``seed`` and the field's name), so the same run gives the same interval on any machine.
* **flip rate** – over the repeats of a run: the share of units (gold facts, and predictions by their text)
  whose outcome (matched, missing, wrong value, spurious … or absent) is not the same in every repeat.
* **paired test** – two runs on the same reports: the same resampled reports for both, the difference
  B − A of the micro scores; its interval says whether the change is beyond the noise (report sampling and,
  with repeats, the model's own variation).  ``better``/``worse``/``same`` count the reports whose own score
  went up, down, or stayed.

Pure Python (no numpy): 2,000 draws over a few dozen reports take a fraction of a second per field.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from extractor.evals.score import CaseField, CaseScore, field_kind

Sums = tuple[int, int, int, int, int]  # precision_cases, tp_precision, predicted, tp_recall, gold
Verdict = Literal["improved", "worse", "no evidence of change", "unchanged", "not comparable"]

DEFAULT_CONFIDENCE = 0.95
DEFAULT_SAMPLES = 2000
DEFAULT_SEED = 0
_EPSILON = 1e-9
_ZERO: Sums = (0, 0, 0, 0, 0)


def sums_of(part: CaseField | None) -> Sums:
    if part is None:
        return _ZERO
    return (part.precision_cases, part.tp_precision, part.predicted, part.tp_recall, part.gold)


def _add(a: Sums, b: Sums) -> Sums:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4])


def primary(kind: str, s: Sums) -> float | None:
    """The score the gate watches, from summed tallies: exactly :attr:`FieldScore.primary`
    (accuracy for cells and template, F1 otherwise; None when there is nothing to judge)."""
    precision_cases, tp_precision, predicted, tp_recall, gold = s
    if kind in ("cells", "template"):
        return tp_recall / gold if gold else None
    if not precision_cases or (predicted == 0 and gold == 0):
        return None
    p = tp_precision / predicted if predicted else 0.0
    r = tp_recall / gold if gold else 0.0
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def case_value(part: CaseField | None) -> float | None:
    """One report's own score for a field (the matrix cell of the viewer): the primary score, or the
    recall where precision is not judged (incomplete gold); None when there is nothing to judge."""
    return None if part is None else _report_value(part.kind, sums_of(part))


def _report_value(kind: str, s: Sums) -> float | None:
    value = primary(kind, s)
    if value is None and s[4]:
        return s[3] / s[4]
    return value


def _field_seed(seed: int, field: str) -> int:
    return seed * 1_000_003 + zlib.crc32(field.encode("utf-8"))


def _percentiles(values: list[float], confidence: float) -> tuple[float, float]:
    values.sort()
    tail = (1 - confidence) / 2

    def at(q: float) -> float:
        pos = q * (len(values) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (pos - lo)

    return at(tail), at(1 - tail)


def bootstrap(
    per_report: Sequence[Sequence[Sums]], kind: str, *, confidence: float = DEFAULT_CONFIDENCE,
    samples: int = DEFAULT_SAMPLES, seed: int = 0,
) -> tuple[float | None, float | None]:
    """The percentile interval of the micro score, resampling reports (and one repeat per drawn report).
    ``per_report[i]`` holds report i's tallies, one per repeat.  (None, None) when most draws cannot be
    judged or there are no reports."""
    n = len(per_report)
    if n == 0 or samples <= 0:
        return None, None
    rng = random.Random(seed)
    values: list[float] = []
    for _ in range(samples):
        value = primary(kind, _draw(rng, per_report))
        if value is not None:
            values.append(value)
    if len(values) * 2 < samples:
        return None, None
    return _percentiles(values, confidence)


class PairedResult(BaseModel):
    """B − A on the reports both runs hold."""

    delta: float | None = None
    low: float | None = None
    high: float | None = None
    better: int = Field(default=0, description="reports whose own score went up")
    worse: int = 0
    same: int = 0
    verdict: Verdict = "not comparable"


def paired(
    a: Sequence[Sequence[Sums]], b: Sequence[Sequence[Sums]], kind: str, *, confidence: float = DEFAULT_CONFIDENCE,
    samples: int = DEFAULT_SAMPLES, seed: int = 0,
) -> PairedResult:
    """The paired bootstrap of the difference: ``a[i]`` and ``b[i]`` are the same report in each run (one
    tally per repeat)."""
    if len(a) != len(b):
        raise ValueError("paired() needs the same reports on both sides")
    n = len(a)
    pooled_a = [_pool(r) for r in a]
    pooled_b = [_pool(r) for r in b]
    va, vb = primary(kind, _pool(pooled_a)), primary(kind, _pool(pooled_b))
    result = PairedResult()
    for sa, sb in zip(pooled_a, pooled_b, strict=True):
        ca, cb = _report_value(kind, sa), _report_value(kind, sb)
        if ca is None or cb is None:
            continue
        if cb > ca + _EPSILON:
            result.better += 1
        elif cb < ca - _EPSILON:
            result.worse += 1
        else:
            result.same += 1
    if va is None or vb is None or n == 0:
        return result
    result.delta = vb - va
    identical = all(len(set(x) | set(y)) == 1 for x, y in zip(a, b, strict=True))
    if identical:
        result.low = result.high = 0.0
        result.verdict = "unchanged"
        return result
    rng = random.Random(seed)
    pairs = list(zip(a, b, strict=True))
    deltas: list[float] = []
    for _ in range(samples):
        drawn = rng.choices(pairs, k=n)
        xa = primary(kind, _draw(rng, [p[0] for p in drawn], drawn=True))
        xb = primary(kind, _draw(rng, [p[1] for p in drawn], drawn=True))
        if xa is not None and xb is not None:
            deltas.append(xb - xa)
    if len(deltas) * 2 < samples:
        return result
    result.low, result.high = _percentiles(deltas, confidence)
    if result.low > _EPSILON:
        result.verdict = "improved"
    elif result.high < -_EPSILON:
        result.verdict = "worse"
    elif abs(result.delta) <= _EPSILON and abs(result.low) <= _EPSILON and abs(result.high) <= _EPSILON:
        result.verdict = "unchanged"
    else:
        result.verdict = "no evidence of change"
    return result


def _draw(rng: random.Random, reports: Sequence[Sequence[Sums]], *, drawn: bool = False) -> Sums:
    """The summed tallies of as many reports drawn with replacement (``drawn``: ``reports`` were drawn
    already), one random repeat of each."""
    chosen = reports if drawn else rng.choices(reports, k=len(reports))
    picked = [r[0] if len(r) == 1 else r[int(rng.random() * len(r))] for r in chosen]
    c = list(zip(*picked, strict=True))
    return (sum(c[0]), sum(c[1]), sum(c[2]), sum(c[3]), sum(c[4])) if c else _ZERO


def _pool(repeats: Sequence[Sums]) -> Sums:
    total = _ZERO
    for s in repeats:
        total = _add(total, s)
    return total


# ---------------------------------------------------------------------------------------------
# flips over repeats
# ---------------------------------------------------------------------------------------------
def flips(repeats: Sequence[CaseField | None]) -> tuple[int, int]:
    """(units, flipped) of one report's field over its repeats: gold facts by key, predictions by their
    text (the n-th prediction with the same text is one unit); a unit flips when its outcome is not the
    same in every repeat (absent counts as an outcome)."""
    parts = list(repeats)
    if len(parts) < 2:
        units = sum(len(p.gold_outcomes) + len(p.pred_outcomes) for p in parts if p is not None)
        return units, 0
    gold: dict[str, list[str]] = {}
    for r, part in enumerate(parts):
        for o in part.gold_outcomes if part is not None else []:
            gold.setdefault(o.key, ["absent"] * len(parts))[r] = o.status
    preds: dict[tuple[str, int], list[str]] = {}
    for r, part in enumerate(parts):
        seen: Counter[str] = Counter()
        for po in sorted(part.pred_outcomes if part is not None else [], key=lambda o: (o.label, o.status)):
            key = (po.label, seen[po.label])
            seen[po.label] += 1
            preds.setdefault(key, ["absent"] * len(parts))[r] = po.status
    outcomes = [*gold.values(), *preds.values()]
    return len(outcomes), sum(len(set(o)) > 1 for o in outcomes)


# ---------------------------------------------------------------------------------------------
# a run's statistics
# ---------------------------------------------------------------------------------------------
class FieldStats(BaseModel):
    field: str
    kind: str
    value: float | None = Field(default=None, description="every repeat pooled")
    low: float | None = None
    high: float | None = None
    repeat_values: list[float | None] = Field(default_factory=list, description="the score of each repeat")
    units: int = Field(default=0, description="gold facts and predictions over the repeats")
    flipped: int = Field(default=0, description="units whose outcome differs between repeats")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def flip_rate(self) -> float | None:
        return self.flipped / self.units if self.units and len(self.repeat_values) > 1 else None


class RunStats(BaseModel):
    repeats: int = 1
    reports: int = 0
    confidence: float = DEFAULT_CONFIDENCE
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    fields: dict[str, FieldStats] = Field(default_factory=dict)
    case_flips: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="report -> field -> flipped units (only where some flipped)"
    )


def by_report(repeats: Sequence[Sequence[CaseScore]], names: Sequence[str] | None = None) -> dict[str, list[CaseScore]]:
    """Report name -> its case scores, one per repeat that holds it (repeat order)."""
    out: dict[str, list[CaseScore]] = {}
    for cases in repeats:
        for case in cases:
            out.setdefault(case.name, []).append(case)
    if names is not None:
        out = {n: out[n] for n in names if n in out}
    return out


def report_sums(cases: Mapping[str, Sequence[CaseScore]], field: str) -> list[list[Sums]]:
    return [[sums_of(c.fields.get(field)) for c in repeats] for repeats in cases.values()]


def run_stats(
    repeats: Sequence[Sequence[CaseScore]], fields: Sequence[str], *, confidence: float = DEFAULT_CONFIDENCE,
    samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
) -> RunStats:
    """Intervals and flip rates of a run from its repeats (``repeats[k]``: the case scores of repeat k)."""
    cases = by_report(repeats)
    stats = RunStats(repeats=len(repeats), reports=len(cases), confidence=confidence, samples=samples, seed=seed)
    for field in fields:
        kind = field_kind(field)
        sums = report_sums(cases, field)
        low, high = bootstrap(sums, kind, confidence=confidence, samples=samples, seed=_field_seed(seed, field))
        per_repeat = [primary(kind, _pool([sums_of(c.fields.get(field)) for c in rep])) for rep in repeats]
        fs = FieldStats(field=field, kind=kind, value=primary(kind, _pool([_pool(s) for s in sums])), low=low, high=high,
                        repeat_values=per_repeat)
        for name, reps in cases.items():
            units, flipped = flips([c.fields.get(field) for c in reps])
            fs.units += units
            fs.flipped += flipped
            if flipped:
                stats.case_flips.setdefault(name, {})[field] = flipped
        stats.fields[field] = fs
    return stats


def compare_field(
    a: Mapping[str, Sequence[CaseScore]], b: Mapping[str, Sequence[CaseScore]], names: Sequence[str], field: str, *,
    confidence: float = DEFAULT_CONFIDENCE, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
) -> PairedResult:
    """The paired test of one field on the reports ``names`` (both runs hold them)."""
    kind = field_kind(field)
    sums_a = [[sums_of(c.fields.get(field)) for c in a[n]] for n in names]
    sums_b = [[sums_of(c.fields.get(field)) for c in b[n]] for n in names]
    return paired(sums_a, sums_b, kind, confidence=confidence, samples=samples, seed=_field_seed(seed, field))
