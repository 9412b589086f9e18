# shellcheck shell=bash
# A throwaway PostgreSQL server on 127.0.0.1, for tests and benchmarks. Sourced after common.sh.
#
#   pg_start [NAME=VALUE...]  initialises and starts one in a temporary directory, on a free port,
#                             with the given server settings; sets RELANCE_PG_URL (superuser
#                             'postgres', no password, database 'postgres'), RELANCE_PG_PORT and
#                             RELANCE_PG_DIR.
#   pg_stop [LOG_COPY]        stops it and removes its directory, first copying the server log to
#                             LOG_COPY when given; does nothing when no server is running, so it
#                             suits an EXIT trap.

RELANCE_PG_DIR=""
RELANCE_PG_PORT=""
RELANCE_PG_URL=""

# The server binaries (initdb, pg_ctl): PostgreSQL 15 on Debian 12, else the newest installed.
pg_bindir() {
  if [ -n "${RELANCE_PG_BINDIR:-}" ]; then
    printf '%s\n' "$RELANCE_PG_BINDIR"
    return 0
  fi
  local dir found=""
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && found="$dir"
  done
  [ -x /usr/lib/postgresql/15/bin/initdb ] && found=/usr/lib/postgresql/15/bin
  [ -n "$found" ] ||
    die "PostgreSQL server binaries not found (apt-get install postgresql, or set RELANCE_PG_BINDIR)"
  printf '%s\n' "$found"
}

# initdb refuses to run as root, so root runs the server as the 'postgres' system user (the
# Debian package creates it); anyone else runs it as themselves.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bindir
  bindir="$(pg_bindir)"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "no 'postgres' user to run PostgreSQL as (install the postgresql package)"
  fi

  RELANCE_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/relance-pg.XXXXXX")"
  local dir="$RELANCE_PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  log "Initialising a throwaway PostgreSQL in $dir"
  # Durability is pointless for a database that lives for one run; --no-sync saves seconds.
  if ! as_pg_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
    --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  local options="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir'"
  options+=" -c max_connections=200"
  local setting
  for setting in "$@"; do
    options+=" -c $setting"
  done

  # Another process can grab the port between free_port and the server's bind: try a few.
  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_pg_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w -t 60 \
      -o "-p $port $options" start >/dev/null 2>&1; then
      RELANCE_PG_PORT="$port"
      break
    fi
    warn "PostgreSQL did not start on port $port (attempt $attempt):"
    tail -n 5 "$dir/postgresql.log" >&2 || true
  done
  [ -n "$RELANCE_PG_PORT" ] || die "could not start PostgreSQL; log: $dir/postgresql.log"

  local i
  for i in $(seq 1 60); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$RELANCE_PG_PORT" -U postgres -t 1; then
      RELANCE_PG_URL="postgresql://postgres@127.0.0.1:$RELANCE_PG_PORT/postgres"
      log "PostgreSQL is ready at $RELANCE_PG_URL"
      return 0
    fi
    [ "$i" -eq 60 ] || sleep 0.5
  done
  die "PostgreSQL on port $RELANCE_PG_PORT does not accept connections"
}

pg_stop() {
  local log_copy="${1:-}"
  [ -n "$RELANCE_PG_DIR" ] || return 0
  local dir="$RELANCE_PG_DIR"
  if [ -f "$dir/data/postmaster.pid" ]; then
    # 'fast' disconnects clients that a failed test may have left behind.
    as_pg_owner "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      warn "PostgreSQL in $dir did not stop cleanly"
  fi
  if [ -n "$log_copy" ] && [ -f "$dir/postgresql.log" ]; then
    { mkdir -p "$(dirname "$log_copy")" && cp "$dir/postgresql.log" "$log_copy"; } ||
      warn "could not copy the PostgreSQL log to $log_copy"
  fi
  rm -rf "$dir"
  RELANCE_PG_DIR=""
  RELANCE_PG_PORT=""
  RELANCE_PG_URL=""
}
