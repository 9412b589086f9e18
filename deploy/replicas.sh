#!/usr/bin/env bash
# Two relanced replicas on loopback sharing one throwaway PostgreSQL: what a deployment with
# several servers looks like, on one machine. Streams on either replica see the events written
# through both (README, "Live notifications").
#
#   deploy/replicas.sh start          # PostgreSQL + replicas 1 and 2; prints their addresses
#   deploy/replicas.sh status
#   deploy/replicas.sh restart N [--kill]
#                                     # stops replica N (SIGTERM, or SIGKILL as a crash would)
#                                     # and starts it again on the same port
#   deploy/replicas.sh stop           # stops the replicas, removes the PostgreSQL cluster
#
# State (pids, logs, the addresses file with one HOST:PORT per line) lives in
# RELANCE_REPLICAS_DIR, default .relance/replicas.
#
# Binaries: RELANCE_RELANCED (and RELANCE_RELANCE for the CLI) name them; else they are taken from
# RELANCE_BUILD_DIR without building; else build/ is configured and built as deploy/quickstart.sh
# does (RELANCE_SKIP_DEPS=1 skips the package check). RELANCE_RELANCED_ARGS adds flags to both
# replicas (e.g. "--heartbeat-interval 1").
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$RELANCE_ROOT/deploy/lib/postgres.sh"

STATE_DIR="${RELANCE_REPLICAS_DIR:-$RELANCE_ROOT/.relance/replicas}"
STATE_FILE="$STATE_DIR/state.env"
ADDRESSES_FILE="$STATE_DIR/addresses"
REPLICAS=(1 2)

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

# Sets RELANCED and RELANCE (possibly empty: the CLI only serves the usage message).
find_binaries() {
  if [ -n "${RELANCE_RELANCED:-}" ]; then
    RELANCED="$RELANCE_RELANCED"
    RELANCE="${RELANCE_RELANCE:-}"
  elif [ -n "${RELANCE_BUILD_DIR:-}" ]; then
    RELANCED="$(built_binary "$RELANCE_BUILD_DIR" relanced)"
    RELANCE="${RELANCE_RELANCE:-$(built_binary "$RELANCE_BUILD_DIR" relance 2>/dev/null || true)}"
  else
    [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
    configure_and_build "$RELANCE_ROOT/build" relanced relance
    RELANCED="$(built_binary "$RELANCE_ROOT/build" relanced)"
    RELANCE="$(built_binary "$RELANCE_ROOT/build" relance)"
  fi
  [ -x "$RELANCED" ] || die "relanced not found at '$RELANCED'"
}

# The pid of replica $1 if it runs, else nothing (and status 1). A stale pid file, or one whose
# pid now belongs to another program, does not count.
replica_pid() {
  local pid_file="$STATE_DIR/replica$1.pid" pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = relanced ] || return 1
  printf '%s\n' "$pid"
}

# start_replica N [PORT]: starts replica N on PORT (a restart keeps its port, which clients
# know) or on a free one, and waits until it serves. A first start whose port was taken before
# relanced could bind it tries another.
start_replica() {
  local n="$1" port="${2:-}" log_file="$STATE_DIR/replica$1.log"
  local attempt served before pid i extra_args=()
  # shellcheck disable=SC2206  # word splitting is how several flags are given
  [ -z "${RELANCE_RELANCED_ARGS:-}" ] || extra_args=($RELANCE_RELANCED_ARGS)
  for attempt in 1 2 3 4 5; do
    [ -n "${2:-}" ] || port="$(free_port)"
    before="$(grep -c 'relanced serving on' "$log_file" 2>/dev/null || true)"
    # setsid: the replica outlives this script and ignores the terminal's Ctrl-C. The dunning
    # engine runs on demand only: two replicas of a demo need not both run it every 5 minutes.
    # The first replica to start on the new database writes the admin's token; the other finds
    # the admin there already and writes nothing.
    setsid "$RELANCED" --listen "127.0.0.1:$port" --db "$RELANCE_PG_URL" --dunning-interval 0 \
      --admin-token-file "$STATE_DIR/admin.token" "${extra_args[@]}" >>"$log_file" 2>&1 \
      </dev/null &
    pid=$!
    echo "$pid" >"$STATE_DIR/replica$n.pid"
    served=0
    for i in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      if [ "$(grep -c 'relanced serving on' "$log_file" || true)" -gt "${before:-0}" ]; then
        served=1
        break
      fi
      [ "$i" -eq 300 ] || sleep 0.1
    done
    if [ "$served" = 1 ]; then
      echo "127.0.0.1:$port" >"$STATE_DIR/replica$n.address"
      return 0
    fi
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$STATE_DIR/replica$n.pid"
    if [ -n "${2:-}" ] || ! tail -n 5 "$log_file" | grep -q 'cannot listen on'; then
      break
    fi
    warn "port $port was taken before replica $n could bind it (attempt $attempt)"
  done
  tail -n 20 "$log_file" >&2 || true
  die "replica $n did not start (log: $log_file)"
}

# stop_replica N [SIGNAL]: SIGTERM (a clean shutdown: streams end with UNAVAILABLE) and SIGKILL
# after 15 seconds, or SIGKILL at once when asked, as a crash would.
stop_replica() {
  local n="$1" signal="${2:-TERM}" pid _
  if ! pid="$(replica_pid "$n")"; then
    rm -f "$STATE_DIR/replica$n.pid"
    return 1
  fi
  log "Stopping replica $n (pid $pid, SIG$signal)"
  kill "-$signal" "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "replica $n (pid $pid) ignored SIGTERM for 15 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE_DIR/replica$n.pid"
}

load_state() {
  [ -f "$STATE_FILE" ] || return 1
  # shellcheck source=/dev/null
  source "$STATE_FILE"
}

save_state() {
  {
    printf 'RELANCE_PG_DIR=%q\n' "$RELANCE_PG_DIR"
    printf 'RELANCE_PG_PORT=%q\n' "$RELANCE_PG_PORT"
    printf 'RELANCE_PG_URL=%q\n' "$RELANCE_PG_URL"
    printf 'RELANCED=%q\n' "$RELANCED"
    printf 'RELANCE=%q\n' "$RELANCE"
    printf 'RELANCE_RELANCED_ARGS=%q\n' "${RELANCE_RELANCED_ARGS:-}"
  } >"$STATE_FILE"
}

print_usage() {
  local n first
  first="$(cat "$STATE_DIR/replica1.address")"
  printf '\nTwo relanced replicas share the PostgreSQL database %s:\n' "$RELANCE_PG_URL"
  for n in "${REPLICAS[@]}"; do
    printf '  replica %s: %s (log: %s)\n' "$n" "$(cat "$STATE_DIR/replica$n.address")" \
      "$STATE_DIR/replica$n.log"
  done
  cat <<USAGE

Point the CLI at either of them (both see the same data), with the admin's token:
  export RELANCE_TOKEN=\$(cat $STATE_DIR/admin.token)
  ${RELANCE:-relance} --server $first client list
  export RELANCE_SERVER=$(cat "$STATE_DIR/replica2.address")

Stop them, and remove the database, with: deploy/replicas.sh stop
USAGE
}

cmd_start() {
  mkdir -p "$STATE_DIR"
  if load_state && replica_pid 1 >/dev/null && replica_pid 2 >/dev/null; then
    log "The replicas already run"
    print_usage
    return 0
  fi
  # Whatever a crashed earlier run left behind goes first.
  cmd_stop >/dev/null 2>&1 || true
  find_binaries
  # Losing this throwaway database on a crash is fine, and fsync is slow.
  pg_start fsync=off synchronous_commit=off full_page_writes=off
  save_state
  local n
  # One after the other: the first creates the schema, and two servers migrating one empty
  # database at once would race.
  for n in "${REPLICAS[@]}"; do
    log "Starting replica $n"
    start_replica "$n"
  done
  for n in "${REPLICAS[@]}"; do
    cat "$STATE_DIR/replica$n.address"
  done >"$ADDRESSES_FILE"
  print_usage
}

cmd_stop() {
  local n stopped=0
  for n in "${REPLICAS[@]}"; do
    stop_replica "$n" && stopped=1
    rm -f "$STATE_DIR/replica$n.address"
  done
  [ "$stopped" = 0 ] || log "Replicas stopped; logs kept in $STATE_DIR"
  if load_state; then
    log "Stopping PostgreSQL and removing its cluster $RELANCE_PG_DIR"
    pg_stop "$STATE_DIR/postgresql.log"
  fi
  rm -f "$STATE_FILE" "$ADDRESSES_FILE"
}

cmd_status() {
  local n pid status=0
  if load_state && [ -f "$RELANCE_PG_DIR/data/postmaster.pid" ]; then
    printf 'postgresql: running, %s\n' "$RELANCE_PG_URL"
  else
    printf 'postgresql: not running\n'
    status=3
  fi
  for n in "${REPLICAS[@]}"; do
    if pid="$(replica_pid "$n")"; then
      printf 'replica %s: running, %s (pid %s)\n' "$n" "$(cat "$STATE_DIR/replica$n.address")" \
        "$pid"
    else
      printf 'replica %s: not running\n' "$n"
      status=3
    fi
  done
  return "$status"
}

cmd_restart() {
  local n="${1:-}" signal=TERM
  [[ "$n" =~ ^[12]$ ]] || usage
  [ "${2:-}" != --kill ] || signal=KILL
  load_state || die "the replicas are not started (deploy/replicas.sh start)"
  local address
  address="$(cat "$STATE_DIR/replica$n.address")"
  stop_replica "$n" "$signal" || warn "replica $n was not running"
  log "Starting replica $n again on $address"
  start_replica "$n" "${address##*:}"
}

main() {
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart)
      shift
      cmd_restart "$@"
      ;;
    *) usage ;;
  esac
}

main "$@"
