#!/usr/bin/env bash
# Two relanced replicas on one PostgreSQL (deploy/replicas.sh), seen from a phone: notes are
# written through both replicas in turn while a Python subscriber follows them, cut off again and
# again and moving to the other replica each time, one replica being killed (SIGKILL) and started
# again mid-stream; every note must arrive exactly once. Then a note written on replica 1 must
# reach a stream on replica 2 within a second (the max delay is printed).
#
#   replicas_stream_test.sh RELANCED REPO_ROOT
#
# Skips (exit 77) only when the PostgreSQL server binaries are absent.
set -euo pipefail

relanced="$1"
repo="$2"

# shellcheck source=deploy/lib/common.sh
source "$repo/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$repo/deploy/lib/postgres.sh"

pg_bin="$(pg_bindir 2>/dev/null)" || pg_bin=""
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "SKIP: no PostgreSQL server binaries (apt-get install postgresql)"
  exit 77
fi

state_dir="$(mktemp -d "${TMPDIR:-/tmp}/relance-replicas-test.XXXXXX")"
export RELANCE_REPLICAS_DIR="$state_dir"
export RELANCE_RELANCED="$relanced"
# Heartbeats every second: a killed replica's stream is noticed within 3 s.
export RELANCE_RELANCED_ARGS="--heartbeat-interval 1"
replicas="$repo/deploy/replicas.sh"

cleanup() {
  local status=$?
  "$replicas" stop || status=1
  if [ "$status" -ne 0 ]; then
    local log_file
    for log_file in "$state_dir"/*.log; do
      [ -f "$log_file" ] || continue
      echo "---- last lines of $log_file"
      tail -n 30 "$log_file"
    done
  fi
  rm -rf "$state_dir"
  exit "$status"
}
trap cleanup EXIT

"$replicas" start
mapfile -t addresses <"$state_dir/addresses"
[ "${#addresses[@]}" -eq 2 ] || die "expected two replica addresses, got: ${addresses[*]}"
"$replicas" status
RELANCE_TOKEN="$(cat "$state_dir/admin.token")"
export RELANCE_TOKEN

/usr/bin/python3 "$repo/tests/e2e/python/subscribe_resume.py" --proto-root "$repo/proto" \
  --server "${addresses[0]}" --server "${addresses[1]}" \
  --restart-command "'$replicas' restart {n} --kill" --notes 300 --latency 20 --max-latency 1.0
