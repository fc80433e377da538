"""Training data and training of the work-item classifier (:mod:`extractor.narrative.work_classifier`).

Every candidate work point the rules find in a labeled report is one example: its words, the rules' verdict,
and the labelers' family (the gold item it overlaps as the harness matches items, ``ITEM_THRESHOLD``: platform
work, oversight, else none). The labeled reports are the corpus gold (``evals/gold``) and every labeled set in
``evals/sets/*`` (each report once, by name). Training needs scikit-learn (``pip install -e '.[dev]'``); the
product only reads the weights.

    python -m extractor.evals.work_training            # cross-validate by set, then write the shipped weights
    python -m extractor.evals.work_training --check    # only the cross-validation

The weights record a fingerprint of the rules' candidates; ``tests/test_eval_work_training.py`` fails when the rules
change what they find and the weights were not retrained.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.evals.matching import ITEM_THRESHOLD, span_overlap
from extractor.load import load_document
from extractor.narrative.items import narrative_sections, work_points
from extractor.narrative.rules import work_items
from extractor.narrative.work_classifier import (
    FAMILIES,
    MODEL_FILE,
    Family,
    WorkClassifier,
    added_kind,
    candidate_text,
    char_ngrams,
    decide,
    meta_tokens,
)
from extractor.normalize import normalize
from extractor.segment import find_sections

MIN_DF = 5  # a character n-gram seen in fewer candidates is noise
C = 4.0  # inverse L2 strength (chosen by the cross-validation below, with 2 and 8 within 0.01)
_FIELDS: tuple[tuple[str, Family], ...] = (("platform_work", "platform"), ("oversight", "oversight"))
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Example:
    set: str
    report: str
    start: int  # source offsets
    end: int
    text: str
    meta: tuple[str, ...]
    rules: Family
    gold: Family
    platforms_part: bool  # inside the 平台建设 sub-part

    def shipped(self, platform: float) -> Family:
        """What the product ships given the classifier's probability of platform work
        (:func:`~extractor.narrative.work_classifier.revise`)."""
        family = decide(self.rules, platform)
        if family == "platform" and self.rules != "platform":
            return family if added_kind(self.text, platforms_part=self.platforms_part) is not None else self.rules
        return family


@dataclass(frozen=True)
class LabeledReport:
    set: str
    report: str
    examples: tuple[Example, ...]
    gold_items: dict[str, int]  # per family: how many the labelers marked (some no candidate covers)


def labeled_dirs(evals: Path = REPO / "evals") -> list[tuple[str, Path, Path]]:
    """(set name, gold dir, reports dir): the corpus gold, then every set under ``evals/sets``."""
    dirs = [("gold", evals / "gold", evals / "reports")]
    sets = evals / "sets"
    if sets.is_dir():
        dirs += [(d.name, d / "gold", d / "reports") for d in sorted(sets.iterdir()) if (d / "gold").is_dir()]
    return dirs


def labeled_reports(dirs: Iterable[tuple[str, Path, Path]]) -> list[LabeledReport]:
    """Every report whose gold labels the work items completely (``narrative_complete``, ``platform_work``
    given), each once by name (the first set that holds it)."""
    out: list[LabeledReport] = []
    seen: set[str] = set()
    for name, gold_dir, reports_dir in dirs:
        for gold_path in sorted(gold_dir.glob("*.json")):
            stem = gold_path.stem
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            narrative = gold.get("narrative") or {}
            if stem in seen or not gold.get("narrative_complete") or "platform_work" not in narrative:
                continue
            sources = sorted(p for p in reports_dir.glob(f"{stem}.*") if p.suffix != ".json")
            if not sources:
                continue
            seen.add(stem)
            out.append(_label(name, stem, sources[0], narrative))
    return out


def _label(name: str, stem: str, source: Path, narrative: dict[str, list[dict[str, object]]]) -> LabeledReport:
    doc = load_document(source)
    norm = normalize(doc.text)
    sections = narrative_sections(norm.text, find_sections(norm.text))
    found = []
    for point in work_points(norm.text, sections):
        for piece, label in work_items(norm.text, point):
            span = norm.source_span(piece.start, piece.end)
            found.append((span.start, span.end, norm.text[piece.start : piece.end], tuple(meta_tokens(piece, label)),
                          label[0] if label else "none", piece.section.endswith("platforms")))
    gold: list[Family] = ["none"] * len(found)
    counts: dict[str, int] = {}
    for field, family in _FIELDS:
        items = narrative.get(field) or []
        counts[family] = len(items)
        for item in items:
            where = (int(item["start"]), int(item["end"]))  # type: ignore[call-overload]
            best = max(((o, j) for j, c in enumerate(found) if gold[j] == "none" and (o := span_overlap(where, (c[0], c[1]))) >= ITEM_THRESHOLD),
                       default=None)
            if best is not None:
                gold[best[1]] = family
    examples = tuple(Example(name, stem, s, e, t, m, r, g, p)  # type: ignore[arg-type]
                     for (s, e, t, m, r, p), g in zip(found, gold, strict=True))
    return LabeledReport(name, stem, examples, counts)


def fingerprint(reports: Sequence[LabeledReport]) -> str:
    """What the rules found in the training reports: changes whenever a rule changes a candidate or its label."""
    digest = hashlib.sha256()
    for report in reports:
        for ex in report.examples:
            digest.update(f"{report.report}|{ex.start}|{ex.end}|{'|'.join(ex.meta)}\n".encode())
    return digest.hexdigest()[:16]


def fit(examples: Sequence[Example], *, c: float = C, trained_on: dict[str, object] | None = None) -> WorkClassifier:
    """A logistic regression on the examples' character n-grams and the rules' verdict."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise SystemExit("training the work classifier needs scikit-learn: pip install -e '.[dev]'") from None
    grams = [char_ngrams(candidate_text(ex.text)) for ex in examples]
    n = len(examples)
    df = Counter(g for counts in grams for g in counts)
    idf = {g: round(math.log((1 + n) / (1 + d)) + 1, 6) for g, d in df.items() if d >= MIN_DF}
    meta_df = Counter(t for ex in examples for t in set(ex.meta))
    meta_idf = {t: round(math.log((1 + n) / (1 + d)) + 1, 6) for t, d in meta_df.items()}
    shell = WorkClassifier(idf=idf, meta_idf=meta_idf, weights={}, intercept=[0.0] * len(FAMILIES), trained_on={})
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([shell.features(ex.text, ex.meta) for ex in examples])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, [ex.gold for ex in examples])
    if list(model.classes_) != list(FAMILIES):
        raise SystemExit(f"the training examples hold families {list(model.classes_)}, not {list(FAMILIES)}")
    names = vectorizer.get_feature_names_out()
    weights = {str(f): [round(float(w), 5) for w in model.coef_[:, j]] for j, f in enumerate(names)}
    intercept = [round(float(b), 5) for b in model.intercept_]
    return WorkClassifier(idf=idf, meta_idf=meta_idf, weights=weights, intercept=intercept, trained_on=trained_on or {})


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def f1(self) -> float:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {self.f1:.3f} ({self.tp}/{self.predicted} shown, {self.gold} labeled)"


def score(reports: Sequence[LabeledReport], learned: dict[tuple[str, int, int], float] | None = None) -> dict[Family, Score]:
    """Platform work and oversight scored like the harness: every labeled item counts, also one no candidate
    covers. ``learned`` maps (report, start, end) to the classifier's probability of platform work, shipped as the
    product ships it; None: the rules' labels."""
    out: dict[Family, Score] = {"platform": Score(), "oversight": Score()}
    for report in reports:
        for family, s in out.items():
            s.gold += report.gold_items.get(family, 0)
        for ex in report.examples:
            said = ex.rules if learned is None else ex.shipped(learned[(ex.report, ex.start, ex.end)])
            if said in out:
                out[said].predicted += 1
                out[said].tp += said == ex.gold
    return out


def cross_validate(reports: Sequence[LabeledReport], folds: int = 8, *, c: float = C) -> dict[tuple[str, int, int], float]:
    """Each set's candidates scored by a model trained on the other folds of sets (no set sees itself): the
    probability of platform work."""
    sets = sorted({r.set for r in reports})
    fold_of = {s: i % folds for i, s in enumerate(sets)}
    decided: dict[tuple[str, int, int], float] = {}
    for k in range(folds):
        train = [ex for r in reports if fold_of[r.set] != k for ex in r.examples]
        model = fit(train, c=c)
        for r in reports:
            if fold_of[r.set] == k:
                for ex in r.examples:
                    decided[(ex.report, ex.start, ex.end)] = model.scores(ex.text, ex.meta)["platform"]
    return decided


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.evals.work_training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--evals", type=Path, default=REPO / "evals", help="the folder holding gold/, reports/ and sets/")
    parser.add_argument("--out", type=Path, default=REPO / "extractor" / "narrative" / "data" / MODEL_FILE)
    parser.add_argument("--check", action="store_true", help="cross-validate only, write nothing")
    parser.add_argument("--folds", type=int, default=8)
    args = parser.parse_args(argv)
    reports = labeled_reports(labeled_dirs(args.evals))
    examples = [ex for r in reports for ex in r.examples]
    print(f"{len(reports)} labeled reports, {len(examples)} candidates, {len({r.set for r in reports})} sets")
    rules = score(reports)
    learned = score(reports, cross_validate(reports, args.folds))
    families: tuple[Family, ...] = ("platform", "oversight")
    for family in families:
        print(f"{family:9} rules       {rules[family]}")
        print(f"{family:9} shipped     {learned[family]}  (each set by a model trained without it)")
    if args.check:
        return 0
    trained_on = {"reports": len(reports), "candidates": len(examples), "sets": sorted({r.set for r in reports}),
                  "rules_fingerprint": fingerprint(reports), "c": C, "min_df": MIN_DF}
    model = fit(examples, trained_on=trained_on)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
