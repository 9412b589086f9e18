# shellcheck shell=bash
# shellcheck disable=SC2034  # the paths are used by the scripts that source this file
# Where the quick-start server keeps its state, and how to stop it. Sourced after common.sh.

RELANCE_STATE_DIR="$RELANCE_ROOT/.relance"
RELANCE_PID_FILE="$RELANCE_STATE_DIR/relanced.pid"
RELANCE_LOG_FILE="$RELANCE_STATE_DIR/relanced.log"
RELANCE_TOKEN_FILE="$RELANCE_STATE_DIR/admin.token"
# A development mail server (the tests' aiosmtpd sink) that keeps every message the server sends.
RELANCE_MAILBOX_DIR="$RELANCE_STATE_DIR/mailbox"
RELANCE_MAILBOX_PID_FILE="$RELANCE_STATE_DIR/mailbox.pid"
RELANCE_CONFIG_FILE="$RELANCE_STATE_DIR/relanced.yaml"

# The pid of the quick-start server if it is running, else nothing (and status 1). A stale pid
# file, or one whose pid now belongs to another program, does not count.
quickstart_pid() {
  [ -f "$RELANCE_PID_FILE" ] || return 1
  local pid
  pid="$(cat "$RELANCE_PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = relanced ] || return 1
  printf '%s\n' "$pid"
}

# Stops the quick-start server: SIGTERM for a clean shutdown, SIGKILL after 15 seconds.
stop_quickstart_server() {
  local pid
  if ! pid="$(quickstart_pid)"; then
    rm -f "$RELANCE_PID_FILE"
    return 1
  fi
  log "Stopping relanced (pid $pid)"
  kill -TERM "$pid"
  local _
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "relanced (pid $pid) ignored SIGTERM for 15 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RELANCE_PID_FILE"
}

# Stops the development mail server, if it runs.
stop_quickstart_mailbox() {
  [ -f "$RELANCE_MAILBOX_PID_FILE" ] || return 1
  local pid
  pid="$(cat "$RELANCE_MAILBOX_PID_FILE")"
  rm -f "$RELANCE_MAILBOX_PID_FILE"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  grep -q smtp_sink "/proc/$pid/cmdline" 2>/dev/null || return 1
  kill -TERM "$pid" 2>/dev/null || true
}
