"""``nianbao eval run|score|compare``: the rules-only baseline and a scripted fake LLM, stored runs, the gate,
the HTML report, the Langfuse dataset run (against a stand-in client), and one-line errors."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.evals.langfuse_runs import case_scores, publish_run
from extractor.evals.runs import find_run, load_case, load_record
from extractor.load import load_document

try:
    from tests.conftest import GOLD, REPORTS
    from tests.fake_openai_server import FakeOpenAIServer, Reply, answer_schema, fake_llm, labels_responder
except ImportError:
    from conftest import GOLD, REPORTS  # type: ignore[no-redef]
    from fake_openai_server import (  # type: ignore[no-redef]
        FakeOpenAIServer,
        Reply,
        answer_schema,
        fake_llm,
        labels_responder,
    )

__all__ = ["fake_llm"]

ROOT = Path(__file__).resolve().parents[1]
SMALL = "changchun_erdao_fangwuzhengshou_2022_2021fmt_blanks_partial"  # one narrative chunk: one LLM call
SEED = "000_541c1237663619fb"
HUNNAN = "hunnan_guoziju_2022_tables_missing"


@pytest.fixture(autouse=True)
def _no_langfuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's Langfuse keys must not make these tests reach the network."""
    for key in ("LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY", "LANGFUSE_HOST", "LANGFUSE_BASE_URL"):
        monkeypatch.delenv(key, raising=False)


def write_suite(tmp_path: Path, name: str, reports: list[str], *, model: str = "rules", gold: Path = GOLD,
                extra: str = "") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"name: {name}\nreports: {json.dumps(reports)}\nreports_dir: {REPORTS}\ngold_dir: {gold}\nmodel: {model}\n"
        f"thresholds: {{default: 0.05}}\n{extra}",
        encoding="utf-8",
    )
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def only_run(runs: Path) -> Path:
    (run,) = sorted(p for p in runs.iterdir() if p.is_dir())
    return run


# ---------------------------------------------------------------------------------------------
# rules-only baseline
# ---------------------------------------------------------------------------------------------
def test_rules_run_is_stored_rescored_and_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suite = write_suite(tmp_path, "mini", [SEED, SMALL])
    runs = tmp_path / "runs"
    code, out, err = run_cli(["eval", "run", str(suite), "--runs-dir", str(runs)], capsys)
    assert code == 0, err
    assert "langfuse" not in (out + err).lower()
    run = only_run(runs)
    assert run.name.endswith("_mini_rules") and f"stored in {run}" in out
    record = load_record(run)
    assert (record.model, record.prompt.id, [c.name for c in record.cases]) == ("rules", "narrative@v2", [SEED, SMALL])
    assert record.cases[0].report_sha256 == load_document(REPORTS / f"{SEED}.txt").sha256
    fields = record.scores.fields
    assert fields["table_cells"].accuracy == 1.0 and fields["table_cells"].gold == 200 + 94
    assert fields["template"].accuracy == 1.0
    assert fields["all_counts"].gold == len(load_gold_counts(SEED)) + len(load_gold_counts(SMALL))
    case = load_case(run, SEED)
    assert case.report is not None and case.report.narrative is not None and case.llm_calls == []
    assert case.source_text == load_document(REPORTS / f"{SEED}.txt").text

    # re-scoring the stored outputs gives the same numbers; against other gold it changes, with no LLM
    code, out, _ = run_cli(["eval", "score", run.name, "--runs-dir", str(runs), "--json"], capsys)
    assert code == 0 and json.loads(out)["fields"] == json.loads(record.scores.model_dump_json(exclude={"cases"}))["fields"]
    other_gold = tmp_path / "gold"
    other_gold.mkdir()
    for name in (SEED, SMALL):
        shutil.copy(GOLD / f"{name}.json", other_gold)
    data = json.loads((other_gold / f"{SEED}.json").read_text(encoding="utf-8"))
    data["narrative"]["problems"] = []
    (other_gold / f"{SEED}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    stored = load_record(run).scores
    code, out, _ = run_cli(["eval", "score", str(run), "--gold", str(other_gold), "--no-write"], capsys)
    assert code == 0 and f"gold changed since the run: {SEED}" in out
    assert load_record(run).scores == stored  # --no-write

    # a run compared with itself changes nothing and passes the gate
    code, out, _ = run_cli(["eval", "compare", str(run), str(run), "--gate"], capsys)
    assert code == 0 and "no case changed" in out and "gate: passed" in out
    assert (run / "compare.html").is_file()


def load_gold_counts(name: str) -> list[Any]:
    narrative = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["narrative"]
    return [f for key, facts in narrative.items() if key.endswith("counts") or key == "fees" for f in facts]


def test_gate_fails_when_a_stored_run_loses_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suite = write_suite(tmp_path, "mini", [SEED])
    runs = tmp_path / "runs"
    assert main(["eval", "run", str(suite), "--runs-dir", str(runs)]) == 0
    baseline = only_run(runs)
    candidate = runs / "candidate"
    shutil.copytree(baseline, candidate)
    case_path = candidate / "cases" / f"{SEED}.json"
    case = json.loads(case_path.read_text(encoding="utf-8"))
    lost = case["report"]["narrative"]["application_counts"].pop(0)
    case["report"]["narrative"]["other_counts"].append({**lost, "quantity": "<script>alert(1)</script>", "value": 99999})
    case_path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()

    html = tmp_path / "report" / "cmp.html"
    code, out, _ = run_cli(["eval", "compare", baseline.name, "candidate", "--runs-dir", str(runs), "--gate", "--html", str(html)], capsys)
    assert code == 1
    assert "application_counts" in out and "REGRESSED" in out
    assert f"= {lost['value']}{lost['unit']} (missing)" in out  # the gold fact it had matched, now missing
    assert "gate: FAILED: application_counts F1" in out
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "gate: FAILED" in page and f"= {lost['value']}{lost['unit']} (missing)" in page
    assert "! <script>alert(1)</script> = 99999" in out  # a new spurious fact, escaped in the page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; = 99999" in page

    code, out, _ = run_cli(["eval", "compare", str(baseline), str(candidate), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["regressions"] == ["application_counts"]  # all_counts lost one fact of many: within 0.05


# ---------------------------------------------------------------------------------------------
# a scripted LLM: raw outputs, exact usage, a changed prompt file compared and gated
# ---------------------------------------------------------------------------------------------
def _labeling(label: str, prompt_tokens: int, completion_tokens: int) -> Any:
    """A fake model that gives every choice question the same label."""

    def respond(body: dict[str, Any]) -> Reply:
        schema = answer_schema(body)
        answer = {key: label if prop.get("enum") else "" for key, prop in schema["properties"].items()}
        return Reply(json.dumps(answer, ensure_ascii=False), prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)

    return respond


def _llm_suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_llm: FakeOpenAIServer) -> Path:
    """A suite of two reports whose model is the fake endpoint, run from ``tmp_path`` (no ./nianbao.toml;
    runs go to ./evals/runs)."""
    monkeypatch.setenv("NIANBAO_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("NIANBAO_MODEL", "qwen2.5-7b-instruct")
    monkeypatch.setenv("NIANBAO_API_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    return write_suite(tmp_path, "llm", [SMALL, HUNNAN], model="llm")


def test_llm_run_records_raw_outputs_and_a_prompt_change_is_gated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_llm: FakeOpenAIServer
) -> None:
    suite = _llm_suite(tmp_path, monkeypatch, fake_llm)

    fake_llm.responder = _labeling("proactive", 900, 60)
    assert main(["eval", "run", str(suite), "--no-cache"]) == 0
    run_a = find_run("latest")
    case = load_case(run_a, SMALL)
    counts_call = next(c for c in case.llm_calls if c.name == "narrative:counts")
    assert json.loads(counts_call.raw_outputs[0]) == {"我办受理依申请信息56条": "proactive"}
    assert "受理依申请信息" in counts_call.user_message and "56条" in counts_call.user_message
    scores = load_record(run_a).scores
    n = len(fake_llm.requests)
    assert (scores.cost.total.input_tokens, scores.cost.total.output_tokens, scores.cost.total.calls) == (900 * n, 60 * n, n)
    # where a figure is printed decides the application list, whatever the model says
    counts = scores.fields["application_counts"]
    assert (counts.tp_precision, counts.predicted, counts.tp_recall, counts.gold) == (2, 2, 2, 2)
    assert scores.fields["proactive_counts"].tp_recall == 1

    prompt = tmp_path / "narrative" / "v3.md"
    prompt.parent.mkdir()
    prompt.write_text((ROOT / "prompts" / "narrative" / "v2.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    fake_llm.responder = _labeling("none", 950, 20)  # the changed prompt makes the model call them no counts
    assert main(["eval", "run", str(suite), "--no-cache", "--prompt", str(prompt)]) == 0
    run_b = find_run("latest")
    record_b = load_record(run_b)
    assert run_b != run_a and record_b.prompt.id == "narrative@v3" and record_b.prompt.sha256 != load_record(run_a).prompt.sha256
    assert len(fake_llm.requests) == 2 * n
    capsys.readouterr()

    code, out, _ = run_cli(["eval", "compare", str(run_a), str(run_b), "--gate"], capsys)
    assert code == 1
    assert "- 主动公开政府信息 = 4条 (missing)" in out
    assert "tokens in" in out and f"{900 * n // 2}" in out and f"{950 * n // 2}" in out
    assert "gate: FAILED: proactive_counts F1 1.000 -> 0.000" in out


# ---------------------------------------------------------------------------------------------
# Langfuse
# ---------------------------------------------------------------------------------------------
class StandInItem:
    def __init__(self, id: str, dataset_id: str = "ds-1") -> None:
        self.id = id
        self.dataset_id = dataset_id


class StandInDataset:
    def __init__(self, items: list[StandInItem]) -> None:
        self.items = items


class StandInLangfuse:
    """The slice of the langfuse v5 client the dataset upload uses; records every call."""

    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.items: list[StandInItem] = [StandInItem("nianbao-mini:someone-else")]
        self.created = False
        self.results: list[Any] = []

    def get_dataset(self, name: str) -> StandInDataset:
        self.log.append(("get_dataset", {"name": name}))
        if not self.created:
            raise RuntimeError("dataset not found")
        return StandInDataset(self.items)

    def create_dataset(self, **kwargs: Any) -> None:
        self.log.append(("create_dataset", kwargs))
        self.created = True

    def create_dataset_item(self, **kwargs: Any) -> None:
        self.log.append(("create_dataset_item", kwargs))
        self.items.append(StandInItem(kwargs["id"]))

    def run_experiment(self, **kwargs: Any) -> None:
        self.log.append(("run_experiment", kwargs))
        for item in kwargs["data"]:
            output = kwargs["task"](item=item)
            for evaluator in kwargs["evaluators"]:
                self.results.append((item.id, evaluator(input=None, output=output, expected_output=None, metadata=None)))

    def flush(self) -> None:
        self.log.append(("flush", {}))


def test_run_becomes_a_langfuse_dataset_run_with_case_scores(tmp_path: Path) -> None:
    suite = write_suite(tmp_path, "mini", [SEED, SMALL])
    runs = tmp_path / "runs"
    assert main(["eval", "run", str(suite), "--runs-dir", str(runs)]) == 0
    record = load_record(only_run(runs))
    assert publish_run(record, env={}) is None  # no keys: nothing happens
    client = StandInLangfuse()
    upload = publish_run(record, client=client)
    assert upload is not None and upload.error is None and upload.items == 2
    calls = [name for name, _ in client.log]
    assert calls == ["get_dataset", "create_dataset", "create_dataset_item", "create_dataset_item", "get_dataset", "run_experiment", "flush"]
    experiment = client.log[5][1]
    assert experiment["run_name"] == record.run_id and experiment["metadata"]["prompt"] == "narrative@v2"
    assert [item.id for item in experiment["data"]] == [f"nianbao-mini:{SEED}", f"nianbao-mini:{SMALL}"]
    item_id, evaluations = client.results[0]
    by_name = {e.name: e.value for e in evaluations}
    expected = case_scores(record.scores.cases[0])
    assert item_id == f"nianbao-mini:{SEED}" and by_name == expected
    assert by_name["table_cells.accuracy"] == 1.0 and "all_counts.f1" in by_name and by_name["cost.llm_calls"] == 0


def test_langfuse_trouble_never_fails_a_run(tmp_path: Path) -> None:
    suite = write_suite(tmp_path, "mini", [SMALL])
    runs = tmp_path / "runs"
    assert main(["eval", "run", str(suite), "--runs-dir", str(runs)]) == 0

    class Broken(StandInLangfuse):
        def create_dataset_item(self, **kwargs: Any) -> None:
            raise ConnectionError("langfuse.example: connection refused")

    upload = publish_run(load_record(only_run(runs)), client=Broken())
    assert upload is not None and upload.error == "ConnectionError: langfuse.example: connection refused"


# ---------------------------------------------------------------------------------------------
# bad input: one line, exit 2
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("suite_text", "message"),
    [
        (None, "cannot read suite"),
        ("name: x\nreports: [nope]\n", "no gold file for 'nope'"),
        ("name: x\nfields: [table_cells, bogus]\n", "unknown field(s) ['bogus']"),
        ("name: x\nmodel: gpt\n", "model: Input should be 'llm' or 'rules'"),
        ("name: x\nreports: [a\n", "is not valid YAML"),
        (f"name: x\nreports: [{SMALL}]\nprompt: narrative@v404\nmodel: rules\n", "prompt file not found"),
    ],
)
def test_bad_suite_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], suite_text: str | None, message: str) -> None:
    path = tmp_path / "suite.yaml"
    if suite_text is not None:
        path.write_text(suite_text.replace("name: x\n", f"name: x\nreports_dir: {REPORTS}\ngold_dir: {GOLD}\n"), encoding="utf-8")
    code, _, err = run_cli(["eval", "run", str(path), "--runs-dir", str(tmp_path / "runs")], capsys)
    assert code == 2
    assert err.startswith("nianbao: error:") and message in err and err.count("\n") == 1
    with suppress(FileNotFoundError):
        assert not any((tmp_path / "runs").iterdir())


def test_unknown_run_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["eval", "score", "nope"], ["eval", "compare", "nope", "nope2"]):
        code, _, err = run_cli([*args, "--runs-dir", str(tmp_path)], capsys)
        assert code == 2 and err.startswith("nianbao: error: run not found: nope") and err.count("\n") == 1


def test_shipped_suites_load() -> None:
    from extractor.evals.suites import load_suite

    for name in ("smoke", "full", "rules"):
        suite = load_suite(ROOT / "evals" / "suites" / f"{name}.yaml")
        cases = suite.cases()
        assert cases and all(c.report_path.is_file() or (Path.cwd() / c.report_path).is_file() for c in cases)
    assert load_suite(ROOT / "evals" / "suites" / "rules.yaml").model == "rules"
    assert len(load_suite(ROOT / "evals" / "suites" / "full.yaml").cases()) == len(list(GOLD.glob("*.json")))


# ---------------------------------------------------------------------------------------------
# run records that say what they were; eval list / show
# ---------------------------------------------------------------------------------------------
def test_run_record_says_what_it_was_and_eval_list_shows_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.evals.gold import load_gold
    from extractor.evals.runs import gold_version, list_runs

    suite = write_suite(tmp_path, "mini", [SEED, SMALL])
    runs = tmp_path / "runs"
    code, out, err = run_cli(["eval", "run", str(suite), "--runs-dir", str(runs), "--label", "base",
                              "--description", "keyword rules, before the edit"], capsys)
    assert code == 0, err
    run = only_run(runs)
    record = load_record(run)
    assert run.name.endswith("_mini_rules_base") and "[base]" in out
    assert (record.label, record.description, record.repeat) == ("base", "keyword rules, before the edit", 1)
    assert record.gold_version == gold_version([load_gold(GOLD / f"{SEED}.json"), load_gold(GOLD / f"{SMALL}.json")])
    assert record.machine is not None and record.machine.cpus == os.cpu_count() and record.machine.python
    if record.git is not None:  # a git checkout (CI and development); an unpacked sdist has none
        assert record.git.commit == record.git_commit and len(record.git.commit) == 40
        assert record.git.dirty == bool(record.git.changed) and (record.git.diff_sha256 is not None) == record.git.dirty
    assert record.stats is not None and record.stats.repeats == 1
    cells = record.stats.fields["table_cells"]
    assert (cells.value, cells.low, cells.high, cells.flip_rate) == (1.0, 1.0, 1.0, None)
    counts = record.stats.fields["all_counts"]
    assert counts.value == record.scores.fields["all_counts"].f1 and counts.low is not None and counts.high is not None
    assert counts.low <= counts.value <= counts.high

    # a second run, later, with another label
    shutil.copytree(run, runs / "29990101T000000Z_mini_rules_v2")
    data = json.loads((runs / "29990101T000000Z_mini_rules_v2" / "run.json").read_text(encoding="utf-8"))
    data.update(run_id="29990101T000000Z_mini_rules_v2", label="v2", created="2999-01-01T00:00:00+00:00",
                git={"commit": "f" * 40, "dirty": True, "diff_sha256": "ab" * 32, "changed": [" M extractor/narrative/rules.py"]})
    (runs / "29990101T000000Z_mini_rules_v2" / "run.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (runs / "broken").mkdir()
    (runs / "broken" / "run.json").write_text("{", encoding="utf-8")

    code, out, _ = run_cli(["eval", "list", "--runs-dir", str(runs)], capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("created (UTC)") and "label" in lines[0] and "counts" in lines[0]
    assert "v2" in lines[1] and "ffffffff+dirty" in lines[1] and lines[1].endswith("29990101T000000Z_mini_rules_v2")
    assert "base" in lines[2] and f"{counts.value:.3f}" in lines[2] and "1.000" in lines[2]
    assert "broken" in out and "unreadable" in out and "3 run(s)" in out
    code, out, _ = run_cli(["eval", "list", "--runs-dir", str(runs), "--label", "v*", "--json"], capsys)
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert entry["label"] == "v2" and entry["dirty"] is True and entry["scores"]["all_counts"]["value"] == counts.value
    assert [e.label for e in list_runs(runs, suite="mini")] == ["v2", "base"]
    assert list_runs(runs, suite="other") == []
    code, out, _ = run_cli(["eval", "list", "--runs-dir", str(runs), "--suite", "nope"], capsys)
    assert code == 0 and "no runs matching the filters" in out

    # a label names a run (the newest with it)
    assert find_run("v2", runs) == runs / "29990101T000000Z_mini_rules_v2" and find_run("base", runs) == run
    code, out, _ = run_cli(["eval", "show", "v2", "--runs-dir", str(runs)], capsys)
    assert code == 0 and "label        v2" in out and "DIRTY: 1 path(s) differ from the commit, diff sha256 " + "ab" * 32 in out
    assert "M extractor/narrative/rules.py" in out and "machine" in out and "95% CI" in out
    assert f"gold         {record.gold_version}" in out
    code, out, _ = run_cli(["eval", "show", "base", "--runs-dir", str(runs), "--json"], capsys)
    shown = json.loads(out)
    assert shown["label"] == "base" and "cases" not in shown["scores"] and shown["stats"]["repeats"] == 1


def test_git_state_tells_a_clean_tree_from_edits_and_new_files(tmp_path: Path) -> None:
    from extractor.evals.runs import git_state

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    (repo / "rules.py").write_text("A = 1\n", encoding="utf-8")
    (repo / ".gitignore").write_text("runs/\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "first"], cwd=repo, check=True)
    clean = git_state(repo)
    assert clean is not None and not clean.dirty and clean.diff_sha256 is None and clean.changed == []
    (repo / "runs").mkdir()
    (repo / "runs" / "x.json").write_text("{}", encoding="utf-8")  # ignored: still clean
    assert git_state(repo) == clean

    (repo / "rules.py").write_text("A = 2\n", encoding="utf-8")
    edited = git_state(repo)
    assert edited is not None and edited.dirty and edited.commit == clean.commit and edited.changed == [" M rules.py"]
    (repo / "rules.py").write_text("A = 3\n", encoding="utf-8")
    other_edit = git_state(repo)
    assert other_edit is not None and other_edit.diff_sha256 != edited.diff_sha256
    (repo / "rules.py").write_text("A = 2\n", encoding="utf-8")
    assert git_state(repo) == edited  # the same diff, the same hash

    (repo / "v3.md").write_text("new prompt", encoding="utf-8")
    added = git_state(repo)
    assert added is not None and added.diff_sha256 != edited.diff_sha256 and "?? v3.md" in added.changed
    (repo / "v3.md").write_text("new prompt, edited", encoding="utf-8")
    added_edited = git_state(repo)
    assert added_edited is not None and added_edited.diff_sha256 != added.diff_sha256
    assert git_state(tmp_path / "nowhere") is None


@pytest.mark.parametrize(("args", "message"), [
    (["--label", "has space"], "label 'has space': use 1-80 letters"),
    (["--repeat", "0"], "--repeat must be at least 1"),
])
def test_bad_run_options_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    suite = write_suite(tmp_path, "mini", [SMALL])
    code, _, err = run_cli(["eval", "run", str(suite), "--runs-dir", str(tmp_path / "runs"), *args], capsys)
    assert code == 2 and err.startswith("nianbao: error:") and message in err and err.count("\n") == 1


# ---------------------------------------------------------------------------------------------
# --repeat: the cache bypassed, flip rates, intervals over repeats
# ---------------------------------------------------------------------------------------------
def _wavering(seed: int, share: float) -> Any:
    """A fake model that answers like labels_responder but changes each choice with probability ``share``."""
    rng = random.Random(seed)

    def respond(body: dict[str, Any]) -> Reply:
        answer = json.loads(labels_responder(body).content)
        for key, prop in (answer_schema(body).get("properties") or {}).items():
            if prop.get("enum") and rng.random() < share:
                answer[key] = rng.choice(prop["enum"])
        return Reply(json.dumps(answer, ensure_ascii=False), prompt_tokens=500, completion_tokens=40)

    return respond


def test_repeat_bypasses_the_cache_and_measures_flips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_llm: FakeOpenAIServer
) -> None:
    suite = _llm_suite(tmp_path, monkeypatch, fake_llm)
    cache = tmp_path / "cache.sqlite"

    fake_llm.responder = _wavering(1, 0.0)  # steady
    assert main(["eval", "run", str(suite), "--cache", str(cache), "--label", "steady", "--repeat", "2"]) == 0
    steady_dir = find_run("steady")
    steady = load_record(steady_dir)
    per_pass = len(fake_llm.requests) // 2
    assert per_pass > 0 and len(fake_llm.requests) == 2 * per_pass  # the second repeat asked again
    assert not cache.exists()  # neither read nor written
    assert steady.repeat == 2 and steady.cache == "off" and steady.stats is not None and steady.stats.repeats == 2
    assert all(f.flip_rate in (None, 0.0) for f in steady.stats.fields.values()) and steady.stats.case_flips == {}
    assert [[c.name for c in rep] for rep in steady.repeat_cases] == [[SMALL, HUNNAN]]
    assert (steady_dir / "repeats" / "2" / f"{HUNNAN}.json").is_file()
    assert load_case(steady_dir, HUNNAN, 2).report is not None

    fake_llm.responder = _wavering(7, 0.5)
    capsys.readouterr()
    code, out, err = run_cli(["eval", "run", str(suite), "--label", "v2", "--repeat", "3", "--cache", str(cache)], capsys)
    assert code == 0 and "--repeat bypasses the answer cache" in err and "[repeat 3/3 2/2]" in err
    assert len(fake_llm.requests) == 5 * per_pass
    assert "pooled" in out and "flips" in out and "3 repeats" in out
    record = load_record(find_run("v2"))
    assert record.stats is not None and record.stats.repeats == 3
    flipping = {name: f.flip_rate for name, f in record.stats.fields.items() if f.flip_rate}
    assert flipping and all(0 < rate <= 1 for rate in flipping.values())
    assert record.stats.fields["table_cells"].flip_rate == 0.0  # the tables are parsed, not asked
    assert set(record.stats.case_flips) <= {SMALL, HUNNAN} and record.stats.case_flips

    # re-scoring keeps the statistics of every repeat
    code, out, _ = run_cli(["eval", "score", "v2", "--json"], capsys)
    assert code == 0 and json.loads(out)["stats"]["fields"] == json.loads(record.stats.model_dump_json())["fields"]

    code, out, _ = run_cli(["eval", "compare", "steady", "v2", "--gate"], capsys)
    assert "95% CI of B-A" in out and "flips A" in out and "2 repeats" in out and "3 repeats" in out
    assert "tokens per report" in out and "nianbao eval view" in out
    code, out, _ = run_cli(["eval", "list"], capsys)
    assert out.splitlines()[1].split()[2] == "v2" and "   3 " in out.splitlines()[1]


def test_a_new_user_edits_the_prompt_and_sees_what_changed_beyond_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_llm: FakeOpenAIServer
) -> None:
    """The flow of docs/eval.md: base run, prompt edit, `--label v2 --repeat 3`, compare with intervals, view."""
    suite = _llm_suite(tmp_path, monkeypatch, fake_llm)
    edited = "不要把任何数字归为主动公开。"

    def model(body: dict[str, Any]) -> Reply:  # the edited prompt makes the model call nothing a count
        system = "".join(str(m.get("content")) for m in body.get("messages") or [] if m.get("role") == "system")
        return _labeling("none", 900, 20)(body) if edited in system else labels_responder(body)

    fake_llm.responder = model
    assert main(["eval", "run", str(suite), "--label", "base", "--repeat", "3"]) == 0
    prompt = tmp_path / "narrative" / "v3.md"
    prompt.parent.mkdir()
    text = (ROOT / "prompts" / "narrative" / "v2.md").read_text(encoding="utf-8")
    prompt.write_text(text.replace("## counts_system\n", f"## counts_system\n{edited}\n", 1), encoding="utf-8")
    assert main(["eval", "run", str(suite), "--prompt", str(prompt), "--label", "v2", "--repeat", "3"]) == 0
    capsys.readouterr()

    code, out, _ = run_cli(["eval", "compare", "base", "v2", "--gate"], capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if x.startswith("proactive_counts"))
    assert "1.000  0.000  -1.000  [-1.000, -1.000]" in line and line.endswith("REGRESSED")
    assert "gate: FAILED: proactive_counts F1 1.000 -> 0.000 (drop 1.000 > 0.050, 95% CI of B-A [-1.000, -1.000])" in out
    flips = next(x for x in out.splitlines() if x.startswith("all_counts") and "%" in x)
    assert flips.split()[5:7] == ["0.0%", "0.0%"]  # the model answered the same every time: no noise
    code, out, _ = run_cli(["eval", "view", "base", "v2", "--html", str(tmp_path / "view.html")], capsys)
    page = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert code == 0 and re.search(r'data-field="proactive_counts" data-kinds="[^"]*missing[^"]*" data-changed="1"', page)
    code, out, _ = run_cli(["eval", "list"], capsys)
    assert [line.split()[2] for line in out.splitlines()[1:3]] == ["v2", "base"]
