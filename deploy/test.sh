#!/usr/bin/env bash
# Installs what is missing, builds into build/, and runs the whole test suite, SQLite and
# PostgreSQL alike, against a throwaway PostgreSQL server that is always removed afterwards. The
# mail tests start their own real SMTP server (aiosmtpd, tests/testing/smtp_sink.py) on loopback,
# one per test, and stop it when the test ends.
#
#   deploy/test.sh               # everything
#   deploy/test.sh -R storage    # extra arguments go to ctest
#
# A full run (no ctest arguments) then builds and runs the fuzz targets (deploy/fuzz.sh) for
# RELANCE_FUZZ_SECONDS seconds each (default 20; 0 skips them).
#
# Environment: RELANCE_CTEST_JOBS (default 2), RELANCE_SKIP_DEPS=1 to skip the package check,
# RELANCE_DEBUG_INFO=0 to build without debug information (the same code, compiled and linked
# about a fifth faster), RELANCE_OPTIMIZATION (default -O2; -O1 compiles a fifth faster again).
# CI sets both, since a fresh clone builds everything.
# Exits with ctest's status.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$RELANCE_ROOT/deploy/lib/postgres.sh"

BUILD_DIR="$RELANCE_ROOT/build"

# The CLI formats money the way the user's locale does; its test of French
# punctuation needs fr_FR.UTF-8, which Debian does not generate by default.
ensure_test_locale() {
  locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$' && return 0
  [ "$(id -u)" -eq 0 ] || { log "fr_FR.UTF-8 missing; its test will be skipped"; return 0; }
  log "Generating the fr_FR.UTF-8 locale for the CLI's formatting test"
  localedef -i fr_FR -c -f UTF-8 fr_FR.UTF-8
}

cleanup() {
  # The server log outlives the throwaway cluster, for post-mortems of failed runs.
  pg_stop "$BUILD_DIR/Testing/postgresql.log"
}

main() {
  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  local debug_info=-g
  [ "${RELANCE_DEBUG_INFO:-1}" = 0 ] && debug_info=-g0
  local optimization="${RELANCE_OPTIMIZATION:--O2}"
  [[ "$optimization" =~ ^-O[0-3sg]$ ]] || die "RELANCE_OPTIMIZATION: -O0..-O3, -Os or -Og"
  configure_and_build "$BUILD_DIR" -- \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$optimization $debug_info -DNDEBUG"
  ensure_test_locale

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # Test-only settings: losing this database on a crash is fine, and fsync is slow.
  pg_start fsync=off synchronous_commit=off full_page_writes=off
  export RELANCE_TEST_POSTGRESQL_URL="$RELANCE_PG_URL"
  export RELANCE_REQUIRE_POSTGRESQL=1

  log "Running ctest $*"
  local status=0
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${RELANCE_CTEST_JOBS:-2}" "$@" || status=$?
  if [ "$status" -eq 0 ]; then
    log "All tests passed"
  else
    log "ctest failed with status $status (PostgreSQL log: build/Testing/postgresql.log)"
  fi
  local fuzz_seconds="${RELANCE_FUZZ_SECONDS:-20}"
  if [ "$#" -eq 0 ] && [ "$fuzz_seconds" != 0 ]; then
    RELANCE_SKIP_DEPS=1 "$RELANCE_ROOT/deploy/fuzz.sh" "$fuzz_seconds" || status=1
  fi
  return "$status"
}

main "$@"
