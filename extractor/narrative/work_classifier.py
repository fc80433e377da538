"""A learned second opinion on the rules' work items: platform work, oversight or neither.

The rules (:mod:`extractor.narrative.rules`) find every candidate point of 一 and 六 and label it. Where a
report says a channel was used rather than worked on, or a measure in words the rules have not met, their
label and the labelers' part. This module scores each candidate with a logistic regression over the
candidate's characters (1- to 3-grams, Simplified) and the rules' own verdict (label, kind, sub-part, how the
point is printed), trained on every labeled set in ``evals/`` by :mod:`extractor.evals.work_training`.

It decides only between the rules' labels, never writes text: an item it adds keeps the report's own words,
and its kind is the rules' reading of the point's words, checked like any model's kind
(:func:`~extractor.narrative.support.check_kind`); an item whose kind the words do not name is not added. An
item whose label it changes is marked ``method="classifier"``.

The weights ship inside the package (``extractor/narrative/data/work_classifier_v1.json``, about 1.6 MB, read
once); inference is a sparse dot product in plain Python (no numpy at run time).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

from extractor.narrative.items import Point
from extractor.narrative.rules import channel_only, no_platform, platform_kind
from extractor.narrative.schema import WorkKind
from extractor.narrative.support import check_kind
from extractor.normalize import to_simplified

Family = Literal["platform", "oversight", "none"]
FAMILIES: tuple[Family, ...] = ("none", "oversight", "platform")
MODEL_FILE = "work_classifier_v1.json"
NGRAMS = (1, 3)
META_WEIGHT = 3.0  # the rules' verdict weighs as much as three sentences' worth of characters
# the classifier's probability of platform work at which it adds a point the rules read as none, and below which it
# takes a platform item of the rules' away (chosen by the cross-validation by set of ``work_training --check``: 0.788
# against 0.781 for its most likely family, with recall 0.781 against 0.743)
ADD_AT = 0.4
KEEP_AT = 0.3
_SPACE = re.compile(r"\s+")

Label = tuple[str, WorkKind] | None


def candidate_text(text: str) -> str:
    """The words a candidate is read by: Simplified, lower case, runs of white space as one space."""
    return _SPACE.sub(" ", to_simplified(text)).lower()


def char_ngrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for n in range(NGRAMS[0], NGRAMS[1] + 1):
        grams.update(text[i : i + n] for i in range(len(text) - n + 1))
    return grams


def meta_tokens(point: Point, label: Label) -> list[str]:
    """What the rules and the layout say about a candidate, as tokens."""
    return [
        f"R={label[0] if label else 'none'}", f"K={label[1] if label else ''}", f"S={point.section}",
        f"E={point.enumerated}", f"O={point.opens_section}", f"L={point.leads_list}",
    ]


def _tfidf(counts: Mapping[str, float], idf: Mapping[str, float], *, sublinear: bool) -> dict[str, float]:
    """Counts of known features weighted by their idf, scaled to unit length (sklearn's TfidfVectorizer)."""
    vec = {f: (1.0 + math.log(c) if sublinear else c) * idf[f] for f, c in counts.items() if f in idf and c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {f: v / norm for f, v in vec.items()} if norm else {}


@dataclass(frozen=True)
class WorkClassifier:
    """Weights of the trained model: idf and per-family weights of each feature, and the intercepts."""

    idf: Mapping[str, float]  # character n-grams
    meta_idf: Mapping[str, float]
    weights: Mapping[str, Sequence[float]]  # feature ("c:" n-gram or "m:" token) -> one weight per family
    intercept: Sequence[float]
    trained_on: Mapping[str, object]  # what it was trained on (sets, candidates, the rules' fingerprint)

    def features(self, text: str, meta: Iterable[str]) -> dict[str, float]:
        chars = _tfidf(char_ngrams(candidate_text(text)), self.idf, sublinear=True)
        tokens = _tfidf(Counter(meta), self.meta_idf, sublinear=False)
        return {**{f"c:{f}": v for f, v in chars.items()}, **{f"m:{f}": v * META_WEIGHT for f, v in tokens.items()}}

    def scores(self, text: str, meta: Iterable[str]) -> dict[Family, float]:
        totals = list(self.intercept)
        for feature, value in self.features(text, meta).items():
            for k, w in enumerate(self.weights.get(feature, ())):
                totals[k] += w * value
        top = max(totals)
        exp = [math.exp(t - top) for t in totals]
        return {family: e / sum(exp) for family, e in zip(FAMILIES, exp, strict=True)}

    def family(self, text: str, meta: Iterable[str]) -> Family:
        scores = self.scores(text, meta)
        return max(FAMILIES, key=lambda f: scores[f])

    def to_json(self) -> dict[str, object]:
        return {
            "format": 1, "families": list(FAMILIES), "ngrams": list(NGRAMS), "meta_weight": META_WEIGHT,
            "idf": dict(self.idf), "meta_idf": dict(self.meta_idf), "weights": {f: list(w) for f, w in self.weights.items()},
            "intercept": list(self.intercept), "trained_on": dict(self.trained_on),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> WorkClassifier:
        if data.get("format") != 1 or data.get("families") != list(FAMILIES) or data.get("ngrams") != list(NGRAMS):
            raise ValueError("work classifier weights of an unknown format")
        return cls(
            idf=data["idf"], meta_idf=data["meta_idf"], weights=data["weights"],  # type: ignore[arg-type]
            intercept=data["intercept"], trained_on=data.get("trained_on", {}),  # type: ignore[arg-type]
        )


@cache
def shipped() -> WorkClassifier:
    """The model shipped with the package."""
    raw = files("extractor.narrative").joinpath("data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return WorkClassifier.from_json(json.loads(raw))


def decide(rules: Family, platform: float) -> Family:
    """The family shipped, given the classifier's probability that the point is platform work: the classifier's
    word on platform work, the rules' on oversight.

    Measured on sets neither had seen (docs/narrative.md), the classifier beat the rules on platform work and
    did not on oversight, so it only says whether a point is platform work: it adds one the rules read as none
    where ``platform >= ADD_AT``, and takes one of theirs away where ``platform < KEEP_AT``; an oversight item
    stays the rules'.
    """
    if rules == "oversight":
        return rules
    return "platform" if platform >= (KEEP_AT if rules == "platform" else ADD_AT) else "none"


def revise(
    classifier: WorkClassifier, text: str, items: Sequence[tuple[Point, Label]]
) -> list[tuple[Point, Label, bool]]:
    """Each of the rules' work items with the label shipped (:func:`decide`), and whether it differs from the
    rules' label.

    Platform work the classifier adds is shipped only with a kind the point's words name (:func:`added_kind`);
    where they name none, the point stays the rules' none.
    """
    out: list[tuple[Point, Label, bool]] = []
    for point, label in items:
        rules: Family = label[0] if label else "none"  # type: ignore[assignment]
        if rules == "oversight":
            out.append((point, label, False))
            continue
        body = text[point.start : point.end]
        family = decide(rules, classifier.scores(body, meta_tokens(point, label))["platform"])
        if family == rules:
            out.append((point, label, False))
        elif family == "none":
            out.append((point, None, True))
        else:
            kind = added_kind(body, platforms_part=point.section.endswith("platforms"))
            out.append((point, ("platform", kind), True) if kind is not None else (point, label, False))
    return out


def added_kind(body: str, *, platforms_part: bool) -> WorkKind | None:
    """The kind of platform work the classifier may add for a point the rules read as none: the kind its words
    name (``other`` only inside 平台建设); None where they name none, or where the point only says through which
    channel something was published (``通过村务公开栏公开``: content by labeling rule 7, whatever the classifier says),
    or that the body has no such platform (``我局未开设政务新媒体账号``)."""
    if channel_only(body) or no_platform(body):
        return None
    kind = platform_kind(body)
    return kind if check_kind(kind, body, platforms_part=platforms_part).ok else None
