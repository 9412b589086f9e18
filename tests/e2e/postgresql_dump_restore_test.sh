#!/usr/bin/env bash
# The PostgreSQL backup the README documents: pg_dump -Fc of a book relanced filled (an import, a
# payment, a dunning run), pg_restore into a new database, then every table holds as many rows as
# the original and relanced started on the restored database lists the same invoices and
# reminders. Runs on a throwaway PostgreSQL server of its own (deploy/lib/postgres.sh).
#
#   postgresql_dump_restore_test.sh RELANCED RELANCE REPO_ROOT
#
# Skips (exit 77) only when the PostgreSQL server binaries are absent.
set -euo pipefail

relanced="$1"
relance="$2"
repo="$3"

# shellcheck source=deploy/lib/common.sh
source "$repo/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$repo/deploy/lib/postgres.sh"

pg_bin="$(pg_bindir 2>/dev/null)" || pg_bin=""
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "SKIP: no PostgreSQL server binaries (apt-get install postgresql)"
  exit 77
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/relance-dump-test.XXXXXX")"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  local status=$?
  stop_server
  if [ "$status" -ne 0 ] && [ -f "$work/relanced.log" ]; then
    echo "---- last lines of relanced.log"
    tail -n 30 "$work/relanced.log"
  fi
  pg_stop
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

pg_start
base="postgresql://postgres@127.0.0.1:$RELANCE_PG_PORT"
psql_on() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -At "$base/$1" "${@:2}"; }
psql_on postgres -c "CREATE DATABASE relance" -c "CREATE DATABASE relance_restored"

# Starts relanced on database $1 and waits until it answers.
port="$(free_port)"
export RELANCE_SERVER="127.0.0.1:$port"
start_server() {
  # The first start writes the admin's token; the restored database has the same admin.
  "$relanced" --listen "127.0.0.1:$port" --db "$base/$1" --dunning-interval 0 \
    --admin-token-file "$work/admin.token" 2>>"$work/relanced.log" &
  server_pid=$!
  for _ in $(seq 1 100); do
    [ -f "$work/admin.token" ] && RELANCE_TOKEN="$(cat "$work/admin.token")" &&
      export RELANCE_TOKEN &&
      "$relance" client list --page-size 1 >/dev/null 2>&1 && return 0
    sleep 0.1 # Waiting for a real process to start.
  done
  die "relanced did not start on $1"
}

start_server relance
"$relance" invoice import "$repo/deploy/samples/invoices.csv" >/dev/null 2>&1
invoice_id="$("$relance" --output json invoice list --page-size 1 |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["invoices"][0]["id"])')"
"$relance" payment record --invoice "$invoice_id" --amount 10 --date 2026-10-05 \
  --reference VIR-1 >/dev/null
"$relance" dunning run --as-of 2026-11-23 >/dev/null
"$relance" --output json invoice list --all >"$work/invoices-before.json"
"$relance" --output json reminder list --all >"$work/reminders-before.json"
stop_server

# What the README says to run.
"$pg_bin/pg_dump" -Fc -f "$work/relance.dump" "$base/relance"
"$pg_bin/pg_restore" --no-owner -d "$base/relance_restored" "$work/relance.dump"

tables="$(psql_on relance -c "SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")"
[ -n "$tables" ] || die "no tables in the original database"
for table in $tables; do
  before="$(psql_on relance -c "SELECT COUNT(*) FROM \"$table\"")"
  after="$(psql_on relance_restored -c "SELECT COUNT(*) FROM \"$table\"")"
  [ "$before" = "$after" ] || die "$table: $before rows, $after after the restore"
  echo "$table: $before rows, the same after the restore"
done
[ "$(psql_on relance -c 'SELECT COUNT(*) FROM invoices')" -gt 0 ] || die "no invoices"
[ "$(psql_on relance -c 'SELECT COUNT(*) FROM reminders')" -gt 0 ] || die "no reminders"

start_server relance_restored
"$relance" --output json invoice list --all >"$work/invoices-after.json"
"$relance" --output json reminder list --all >"$work/reminders-after.json"
stop_server
cmp "$work/invoices-before.json" "$work/invoices-after.json" ||
  die "the restored database lists other invoices"
cmp "$work/reminders-before.json" "$work/reminders-after.json" ||
  die "the restored database lists other reminders"
echo "PASS: pg_dump -Fc and pg_restore bring back every row"
