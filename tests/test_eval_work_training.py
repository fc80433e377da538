"""Training data and training of the work classifier; the shipped weights match the rules they were trained on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.evals import work_training
from extractor.evals.work_training import Example, fingerprint, fit, labeled_dirs, labeled_reports, score
from extractor.narrative.work_classifier import shipped

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
REPORT = "一、总体情况\n2024年,我局维护政府网站栏目,更新栏目3个。\n全年组织业务培训2次,参训30人。\n我局依托政府网站公开信息。\n"


def _set(root: Path, name: str, stem: str, platform: list[str], *, complete: bool = True) -> None:
    (root / name / "gold").mkdir(parents=True)
    (root / name / "reports").mkdir(parents=True)
    (root / name / "reports" / f"{stem}.txt").write_text(REPORT, encoding="utf-8")
    items = [{"quote": q, "start": REPORT.index(q), "end": REPORT.index(q) + len(q), "kind": "website", "text": q} for q in platform]
    q = "全年组织业务培训2次,参训30人"
    oversight = [{"quote": q, "start": REPORT.index(q), "end": REPORT.index(q) + len(q), "kind": "training", "text": "培训"}]
    gold = {"narrative_complete": complete, "narrative": {"platform_work": items, "oversight": oversight}}
    (root / name / "gold" / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_candidates_take_the_labelers_family_each_report_once(tmp_path: Path) -> None:
    _set(tmp_path / "sets", "a", "r1", ["2024年,我局维护政府网站栏目,更新栏目3个"])
    _set(tmp_path / "sets", "b", "r1", [])  # the same report again: read once, from the first set
    _set(tmp_path / "sets", "c", "r2", [], complete=False)  # work items not labeled completely: no examples
    (tmp_path / "gold").mkdir()
    (tmp_path / "reports").mkdir()
    reports = labeled_reports(labeled_dirs(tmp_path))
    assert [(r.set, r.report) for r in reports] == [("a", "r1")]
    families = {ex.text: (ex.rules, ex.gold) for ex in reports[0].examples}
    assert families["2024年,我局维护政府网站栏目,更新栏目3个"] == ("platform", "platform")
    assert families["全年组织业务培训2次,参训30人"] == ("oversight", "oversight")
    assert families["我局依托政府网站公开信息"] == ("none", "none")
    assert reports[0].gold_items == {"platform": 1, "oversight": 1}
    rules = score(reports)
    assert (rules["platform"].tp, rules["platform"].predicted, rules["platform"].gold) == (1, 1, 1)


def _examples() -> list[Example]:
    words = ["维护网站栏目", "改版政府网站", "开设网站专栏", "依托网站公开信息", "通过网站发布信息", "组织业务培训", "开展培训考核"]
    gold = ["platform", "platform", "platform", "none", "none", "oversight", "oversight"]
    out = []
    for k in range(6):
        for w, g in zip(words, gold, strict=True):
            out.append(Example("s", f"r{k}", 0, len(w), w, (f"R={g}",), g, g, False))  # type: ignore[arg-type]
    return out


def test_fit_learns_the_examples_and_round_trips() -> None:
    pytest.importorskip("sklearn")
    model = fit(_examples(), trained_on={"note": "toy"})
    assert model.family("维护网站栏目", ["R=platform"]) == "platform"
    assert model.family("组织业务培训", ["R=oversight"]) == "oversight"
    assert model.trained_on == {"note": "toy"}
    assert set(model.idf) <= {g for ex in _examples() for g in work_training.char_ngrams(ex.text)}


def test_check_cross_validates_by_set_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    for name in sorted(p.name for p in (EVALS / "sets").iterdir())[:4]:
        shutil.copytree(EVALS / "sets" / name, tmp_path / "sets" / name)
    shutil.copytree(EVALS / "gold", tmp_path / "gold")
    shutil.copytree(EVALS / "reports", tmp_path / "reports")
    out = tmp_path / "weights.json"
    assert work_training.main(["--evals", str(tmp_path), "--check", "--folds", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "platform  rules" in printed and "platform  shipped" in printed
    assert not out.exists()


def test_the_shipped_weights_were_trained_on_what_the_rules_find_now() -> None:
    # a rule that changes a candidate or its label changes the classifier's input: retrain
    # (python -m extractor.evals.work_training) and commit the weights with the rule
    reports = labeled_reports(labeled_dirs(EVALS))
    assert shipped().trained_on["rules_fingerprint"] == fingerprint(reports), "stale weights: run python -m extractor.evals.work_training"
    assert shipped().trained_on["reports"] == len(reports)
