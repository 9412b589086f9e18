# shellcheck shell=bash
# Helpers shared by the deploy/ scripts: messages, dependencies, build, free ports. Sourced.

# The repository root, whatever the caller's working directory.
RELANCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly RELANCE_ROOT

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Installs the missing Debian packages. The script needs root only when something is missing,
# and then uses sudo itself when we are not root.
install_deps() {
  log "Checking build dependencies (deploy/install-deps.sh)"
  "$RELANCE_ROOT/deploy/install-deps.sh"
}

# build_tool_args BUILD_DIR: Ninja and ccache where installed (deploy/install-deps.sh installs
# both). Ninja schedules the whole build as one graph; ccache makes a rebuild after a branch switch
# or a fresh build directory cheap. A build directory keeps the generator it was made with, since
# CMake refuses to change it. The precompiled headers need ccache's pch_defines and time_macros
# sloppiness to be cached at all.
build_tool_args() {
  local build_dir="$1"
  if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
    printf '%s\n' -GNinja
  fi
  if command -v ccache >/dev/null; then
    printf '%s\n' "-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_SLOPPINESS=pch_defines,time_macros;ccache"
  fi
}

# configure_and_build BUILD_DIR [TARGET...] [-- CMAKE_ARGS...]
# Configures BUILD_DIR (RelWithDebInfo) and builds the given targets, or everything.
configure_and_build() {
  local build_dir="$1"
  shift
  local targets=() cmake_args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
      shift
      cmake_args=("$@")
      break
    fi
    targets+=("$1")
    shift
  done
  local tool_args=()
  mapfile -t tool_args < <(build_tool_args "$build_dir")
  log "Configuring $build_dir"
  cmake -S "$RELANCE_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "${tool_args[@]}" "${cmake_args[@]}" >/dev/null
  local target_args=()
  local target
  for target in "${targets[@]}"; do
    target_args+=(--target "$target")
  done
  log "Building ${targets[*]:-everything} with $(nproc) jobs"
  cmake --build "$build_dir" -j "$(nproc)" "${target_args[@]}"
}

# built_binary BUILD_DIR NAME: the path of an executable the build produced.
built_binary() {
  local build_dir="$1" name="$2" path
  for path in "$build_dir/server/$name" "$build_dir/client-cli/$name" \
    "$build_dir/tests/bench/$name" "$build_dir/$name"; do
    if [ -x "$path" ] && [ -f "$path" ]; then
      printf '%s\n' "$path"
      return 0
    fi
  done
  path="$(find "$build_dir" -type f -name "$name" -perm -u+x -print -quit 2>/dev/null || true)"
  [ -n "$path" ] || die "no '$name' executable under $build_dir"
  printf '%s\n' "$path"
}

# A TCP port on 127.0.0.1 that nothing listens on now, chosen by the kernel. It can be taken
# between this call and its use: callers that bind it retry on failure. Ports in
# RELANCE_RESERVED_PORTS (space-separated) are never returned: other people's fixed ports.
RELANCE_RESERVED_PORTS="${RELANCE_RESERVED_PORTS:-50051 55432 55433}"
free_port() {
  local port
  for _ in $(seq 1 50); do
    port="$(kernel_free_port)"
    case " $RELANCE_RESERVED_PORTS " in
      *" $port "*) continue ;;
    esac
    printf '%s\n' "$port"
    return 0
  done
  die "could not find a free TCP port"
}

kernel_free_port() {
  local python
  for python in /usr/bin/python3 python3; do
    if command -v "$python" >/dev/null 2>&1; then
      "$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' && return 0
    fi
  done
  # No Python on a minimal machine: probe random ports of the ephemeral range.
  local port
  for _ in $(seq 1 100); do
    port=$((32768 + RANDOM % 28000))
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  return 1
}

# Whether something listens on TCP port $1 (any address). Reads /proc rather than relying on
# ss or netstat, which minimal machines lack.
port_in_use() {
  local hex
  hex="$(printf '%04X' "$1")"
  grep -Eq "^ *[0-9]+: [0-9A-F]+:$hex [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp /proc/net/tcp6 \
    2>/dev/null
}
