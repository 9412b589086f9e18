#!/usr/bin/env bash
# Builds relanced and relance_bench, then runs the benchmarks (import and reads) against SQLite
# and against a throwaway PostgreSQL, each time on a fresh database and a relanced started for the
# run. Arguments go to relance_bench, e.g.:
#
#   deploy/bench.sh                         # 100 000 rows, 64 callers, 10 s per read measurement
#   deploy/bench.sh --rows 20000 --duration 5 --json
#
# The SQLite file lives under TMPDIR (default /tmp): set TMPDIR=/var/tmp if /tmp is a tmpfs and
# you want disk figures. PostgreSQL runs with its default, durable settings.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$RELANCE_ROOT/deploy/lib/postgres.sh"

BUILD_DIR="$RELANCE_ROOT/build"
WORK_DIR=""

cleanup() {
  # shellcheck disable=SC2119  # no log copy wanted
  pg_stop
  [ -z "$WORK_DIR" ] || rm -rf "$WORK_DIR"
}

# run_bench LABEL DB_URL [ARGS...]: one relance_bench run; shows the server log when it fails.
run_bench() {
  local label="$1" db_url="$2"
  shift 2
  local server_log="$WORK_DIR/relanced-$label.log" status=0
  log "Benchmarking relanced on $label"
  "$BENCH" --relanced "$RELANCED" --db "$db_url" --label "$label" \
    --relanced_log "$server_log" "$@" || status=$?
  if [ "$status" -ne 0 ]; then
    warn "relance_bench failed on $label (status $status); end of the server log:"
    tail -n 20 "$server_log" >&2 || true
  fi
  return "$status"
}

main() {
  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  # The bench lives under tests/, which only exists in the build when tests are on.
  configure_and_build "$BUILD_DIR" relanced relance_bench -- -DRELANCE_BUILD_TESTS=ON
  RELANCED="$(built_binary "$BUILD_DIR" relanced)"
  BENCH="$(built_binary "$BUILD_DIR" relance_bench)"

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/relance-bench.XXXXXX")"

  local failed=0
  run_bench sqlite "sqlite:$WORK_DIR/bench.db" "$@" || failed=1
  # shellcheck disable=SC2119  # default, durable settings
  pg_start
  run_bench postgresql "$RELANCE_PG_URL" "$@" || failed=1
  return "$failed"
}

main "$@"
