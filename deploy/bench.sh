#!/usr/bin/env bash
# Builds relanced, relance_bench and relance_dunning_bench, then runs the benchmarks against SQLite
# and against a throwaway PostgreSQL, each time on a fresh database:
#
# - relance_bench (import and reads), through gRPC, against a relanced started for the run;
# - relance_dunning_bench, the dunning engine in process, on books of 100 000 and 1 000 000 open
#   invoices of which 1% comes due, and on the 100 000 book with as many due as 1% of the large
#   one (10 000): a fresh SQLite file, or a fresh PostgreSQL database, per book.
#
# Arguments go to relance_bench, except --dunning-only (run only the dunning engine benchmark);
# --json goes to both. For example:
#
#   deploy/bench.sh                         # 100 000 rows, 64 callers, 10 s per read measurement
#   deploy/bench.sh --rows 20000 --duration 5 --json
#   deploy/bench.sh --dunning-only          # only the dunning engine
#   RELANCE_DUNNING_SIZES="100000 100000:5000" deploy/bench.sh --dunning-only
#
# `deploy/bench.sh notifications [ARGS...]` instead runs relance_notification_bench: 10 000 live
# Subscribe streams on one relanced (memory per idle stream, broadcast latency p50/p99, events/s,
# exactly-once delivery), on SQLite then on PostgreSQL; ARGS go to it, e.g.
#
#   deploy/bench.sh notifications                       # 10 000 streams over 100 connections
#   deploy/bench.sh notifications --subscribers 1000 --json
#
# Environment: RELANCE_DUNNING_SIZES, the books of the dunning benchmark, space-separated, each
# INVOICES or INVOICES:DUE (invoices due in the measured run; by default 1% of the book), default
# "100000 100000:10000 1000000"; empty skips it. RELANCE_BUILD_DIR, the build directory (default build/);
# RELANCE_SKIP_BUILD=1 uses the binaries already built there; RELANCE_SKIP_DEPS=1 skips the
# dependency check.
#
# The SQLite files live under TMPDIR (default /tmp): set TMPDIR=/var/tmp if /tmp is a tmpfs and
# you want disk figures (the 1 000 000-invoice book takes about 1 GB). PostgreSQL runs with its
# default, durable settings.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$RELANCE_ROOT/deploy/lib/postgres.sh"

BUILD_DIR="${RELANCE_BUILD_DIR:-$RELANCE_ROOT/build}"
DUNNING_SIZES="${RELANCE_DUNNING_SIZES-100000 100000:10000 1000000}"
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

# run_dunning LABEL DB_URL BOOK [ARGS...]: one relance_dunning_bench run in the empty database
# DB_URL on BOOK, INVOICES or INVOICES:DUE.
run_dunning() {
  local label="$1" db_url="$2" book="$3"
  shift 3
  local invoices="${book%%:*}" due=0 status=0
  [ "$book" = "$invoices" ] || due="${book#*:}"
  log "Benchmarking the dunning engine on $label, book $book"
  "$DUNNING_BENCH" --db "$db_url" --invoices "$invoices" --due "$due" --label "$label" "$@" ||
    status=$?
  [ "$status" -eq 0 ] || warn "relance_dunning_bench failed on $label, book $book (status $status)"
  return "$status"
}

# dunning_on_sqlite [ARGS...]: the dunning benchmark for each book, each on a new SQLite file.
dunning_on_sqlite() {
  local book failed=0 file="$WORK_DIR/dunning.db"
  for book in $DUNNING_SIZES; do
    run_dunning sqlite "sqlite:$file" "$book" --fresh "$@" || failed=1
    rm -f "$file" "$file-wal" "$file-shm"
  done
  return "$failed"
}

# dunning_on_postgresql [ARGS...]: the same on the running throwaway server, each book in a new
# database, dropped afterwards.
dunning_on_postgresql() {
  local book failed=0 bindir name=relance_dunning
  bindir="$(pg_bindir)"
  local connection=(-h 127.0.0.1 -p "$RELANCE_PG_PORT" -U postgres)
  for book in $DUNNING_SIZES; do
    "$bindir/createdb" "${connection[@]}" "$name"
    run_dunning postgresql "postgresql://postgres@127.0.0.1:$RELANCE_PG_PORT/$name" "$book" \
      "$@" || failed=1
    "$bindir/dropdb" "${connection[@]}" "$name"
  done
  return "$failed"
}

# run_notifications LABEL DB_URL [ARGS...]: one relance_notification_bench run; shows the server
# log when it fails.
run_notifications() {
  local label="$1" db_url="$2"
  shift 2
  local server_log="$WORK_DIR/relanced-notifications-$label.log" status=0
  log "Benchmarking live notifications on $label"
  # Every stream is the same user's: lift relanced's per-user cap (a --relanced_args given in ARGS
  # replaces this one).
  "$NOTIFICATION_BENCH" --relanced "$RELANCED" --db "$db_url" --label "$label" \
    --relanced_log "$server_log" --relanced_args=--max-streams-per-user=1000000 "$@" ||
    status=$?
  if [ "$status" -ne 0 ]; then
    warn "relance_notification_bench failed on $label (status $status); end of the server log:"
    tail -n 20 "$server_log" >&2 || true
  fi
  return "$status"
}

# notifications_main [ARGS...]: `deploy/bench.sh notifications`.
notifications_main() {
  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  if [ "${RELANCE_SKIP_BUILD:-0}" != 1 ]; then
    configure_and_build "$BUILD_DIR" relanced relance_notification_bench -- \
      -DRELANCE_BUILD_TESTS=ON
  fi
  RELANCED="$(built_binary "$BUILD_DIR" relanced)"
  NOTIFICATION_BENCH="$(built_binary "$BUILD_DIR" relance_notification_bench)"

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/relance-bench.XXXXXX")"
  local failed=0
  run_notifications sqlite "sqlite:$WORK_DIR/notifications.db" "$@" || failed=1
  # shellcheck disable=SC2119  # default, durable settings
  pg_start
  run_notifications postgresql "$RELANCE_PG_URL" "$@" || failed=1
  return "$failed"
}

main() {
  if [ "${1:-}" = notifications ]; then
    shift
    notifications_main "$@"
    return
  fi
  local dunning_only=0 arg
  local bench_args=() dunning_args=()
  for arg in "$@"; do
    case "$arg" in
      --dunning-only) dunning_only=1 ;;
      --json)
        bench_args+=("$arg")
        dunning_args+=("$arg")
        ;;
      *) bench_args+=("$arg") ;;
    esac
  done
  [ "$dunning_only" -eq 0 ] || [ -n "$DUNNING_SIZES" ] ||
    die "--dunning-only with RELANCE_DUNNING_SIZES empty: nothing to run"

  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  local targets=(relance_dunning_bench)
  [ "$dunning_only" -eq 1 ] || targets+=(relanced relance_bench)
  if [ "${RELANCE_SKIP_BUILD:-0}" != 1 ]; then
    # The benches live under tests/, which only exists in the build when tests are on.
    configure_and_build "$BUILD_DIR" "${targets[@]}" -- -DRELANCE_BUILD_TESTS=ON
  fi
  if [ "$dunning_only" -eq 0 ]; then
    RELANCED="$(built_binary "$BUILD_DIR" relanced)"
    BENCH="$(built_binary "$BUILD_DIR" relance_bench)"
  fi
  DUNNING_BENCH="$(built_binary "$BUILD_DIR" relance_dunning_bench)"

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/relance-bench.XXXXXX")"

  local failed=0
  if [ "$dunning_only" -eq 0 ]; then
    run_bench sqlite "sqlite:$WORK_DIR/bench.db" "${bench_args[@]}" || failed=1
  fi
  dunning_on_sqlite "${dunning_args[@]}" || failed=1
  # shellcheck disable=SC2119  # default, durable settings
  pg_start
  if [ "$dunning_only" -eq 0 ]; then
    run_bench postgresql "$RELANCE_PG_URL" "${bench_args[@]}" || failed=1
  fi
  dunning_on_postgresql "${dunning_args[@]}" || failed=1
  return "$failed"
}

main "$@"
