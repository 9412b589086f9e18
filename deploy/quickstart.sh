#!/usr/bin/env bash
# Installs what is missing, builds relanced and relance, starts relanced in the background on
# loopback with its embedded default database (SQLite, in .relance/relance.db), and shows how to
# use the CLI against it. Running it again rebuilds and restarts the server; deploy/stop.sh stops it.
#
# Reminders go out for real: email to a development mail server on loopback that keeps every
# message in .relance/mailbox (nothing leaves the machine), letters as PDF.
#
# Environment: RELANCE_QUICKSTART_LISTEN (default 127.0.0.1:50051), RELANCE_QUICKSTART_SMTP_PORT
# (default 2525), RELANCE_SKIP_DEPS=1.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=deploy/lib/quickstart.sh
source "$RELANCE_ROOT/deploy/lib/quickstart.sh"

BUILD_DIR="$RELANCE_ROOT/build"
LISTEN="${RELANCE_QUICKSTART_LISTEN:-127.0.0.1:50051}"
SMTP_PORT="${RELANCE_QUICKSTART_SMTP_PORT:-2525}"

# Fails when something other than our own server already listens on the port.
check_port_free() {
  local port="${LISTEN##*:}"
  if port_in_use "$port"; then
    die "port $port is already in use; stop what listens there or choose another address:
  RELANCE_QUICKSTART_LISTEN=127.0.0.1:50061 deploy/quickstart.sh"
  fi
}

# Starts the development mail server and writes relanced's configuration: the sample's creditor
# and letters, and email to that server.
start_mailbox() {
  mkdir -p "$RELANCE_MAILBOX_DIR"
  if port_in_use "$SMTP_PORT"; then
    die "port $SMTP_PORT (the development mailbox) is in use; choose another:
  RELANCE_QUICKSTART_SMTP_PORT=2526 deploy/quickstart.sh"
  fi
  log "Starting the development mailbox on 127.0.0.1:$SMTP_PORT (messages: ${RELANCE_MAILBOX_DIR#"$RELANCE_ROOT"/})"
  setsid /usr/bin/python3 "$RELANCE_ROOT/tests/testing/smtp_sink.py" --host 127.0.0.1 \
    --port "$SMTP_PORT" --dir "$RELANCE_MAILBOX_DIR" \
    >>"$RELANCE_STATE_DIR/mailbox.log" 2>&1 </dev/null &
  echo "$!" >"$RELANCE_MAILBOX_PID_FILE"
  {
    cat "$RELANCE_ROOT/deploy/samples/relanced.yaml"
    cat <<CONFIG

# Added by deploy/quickstart.sh: the development mailbox.
email:
  smtp_url: smtp://127.0.0.1:$SMTP_PORT
  require_tls: false
  from: "Atelier Martin <compta@atelier-martin.fr>"
CONFIG
  } >"$RELANCE_CONFIG_FILE"
}

# The sample book dated for today, which the README's tour imports: the sample's dates move so
# that it is as late today as it was on the day it was written for.
write_sample_book() {
  "$RELANCE_ROOT/deploy/samples/invoices-for-today.sh" >"$RELANCE_STATE_DIR/invoices.csv"
}

start_server() {
  local relanced="$1"
  mkdir -p "$RELANCE_STATE_DIR"
  log "Starting relanced on $LISTEN (log: ${RELANCE_LOG_FILE#"$RELANCE_ROOT"/})"
  # setsid: the server must outlive this script and ignore the terminal's Ctrl-C.
  # On its first start relanced creates the user admin and writes its token to
  # $RELANCE_TOKEN_FILE, readable by you only.
  setsid "$relanced" --listen "$LISTEN" --db "sqlite:$RELANCE_STATE_DIR/relance.db" \
    --config "$RELANCE_CONFIG_FILE" --admin-token-file "$RELANCE_TOKEN_FILE" \
    >>"$RELANCE_LOG_FILE" 2>&1 </dev/null &
  echo "$!" >"$RELANCE_PID_FILE"
}

# Polls with a real CLI call until the server answers, for up to 30 seconds.
wait_until_serving() {
  local relance="$1" pid i
  pid="$(cat "$RELANCE_PID_FILE")"
  for i in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$RELANCE_LOG_FILE" >&2 || true
      rm -f "$RELANCE_PID_FILE"
      die "relanced exited during start-up (log above, in $RELANCE_LOG_FILE)"
    fi
    if [ -f "$RELANCE_TOKEN_FILE" ] &&
      RELANCE_SERVER="$LISTEN" RELANCE_TOKEN="$(cat "$RELANCE_TOKEN_FILE")" \
        timeout 2 "$relance" client list >/dev/null 2>&1; then
      return 0
    fi
    [ "$i" -eq 60 ] || sleep 0.5
  done
  die "relanced does not answer on $LISTEN after 30 s; see $RELANCE_LOG_FILE"
}

print_usage() {
  local relance="$1" server_line=""
  if [ "$LISTEN" != 127.0.0.1:50051 ]; then
    server_line="  export RELANCE_SERVER=$LISTEN"$'\n'
  fi
  cat <<USAGE

relanced is running (pid $(cat "$RELANCE_PID_FILE")) on $LISTEN
  database: $RELANCE_STATE_DIR/relance.db
  config:   $RELANCE_CONFIG_FILE
  mailbox:  $RELANCE_MAILBOX_DIR (a development mail server on 127.0.0.1:$SMTP_PORT)
  log:      $RELANCE_LOG_FILE
  token:    $RELANCE_TOKEN_FILE (the user admin's; readable by you only)

Put the CLI on your PATH (or: alias relance='$relance') and give it the token:
  export PATH="$(dirname "$relance"):\$PATH"
  export RELANCE_TOKEN=\$(cat $RELANCE_TOKEN_FILE)
${server_line}
Then try, from $RELANCE_ROOT (README.md, "A five-minute tour", has the whole tour):
  relance invoice import .relance/invoices.csv     # the sample book, dated for today
  relance client list
  relance invoice list --overdue-as-of \$(date +%F)
  relance dunning preview --as-of \$(date -d '+14 days' +%F)
  relance dunning run                              # today's run: first reminders by email
  relance reminder list --invoice 1                # FA-2026-0398's reminders
  relance reminder get --invoice 1 --step first_reminder   # the email as sent
  ls .relance/mailbox/                             # and as the mail server received it
  relance invoice penalties 1 --as-of \$(date +%F)

Stop the server with: deploy/stop.sh
USAGE
}

main() {
  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  configure_and_build "$BUILD_DIR" relanced relance
  local relanced relance
  relanced="$(built_binary "$BUILD_DIR" relanced)"
  relance="$(built_binary "$BUILD_DIR" relance)"

  # A server left by a previous run may be an older build: replace it.
  stop_quickstart_server || true
  stop_quickstart_mailbox || true
  check_port_free
  mkdir -p "$RELANCE_STATE_DIR"
  start_mailbox
  write_sample_book
  start_server "$relanced"
  wait_until_serving "$relance"
  print_usage "$relance"
}

main "$@"
